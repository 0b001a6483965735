//! The Cisco NX-OS parser on the project's own fixtures (fixtures/cisco_nxos): facts
//! field by field with the lines they came from, unknowns for a cut-off configuration,
//! detection, seeded secrets never reaching facts, no panic on garbage, and the
//! ntc-templates `show version` samples.

mod common;

use std::path::Path;

use common::{CONFIG, Fixtures, VERSION, strings};
use kenshin_connectors::platform;
use kenshin_connectors::snapshot::Snapshot;
use kenshin_facts::{Evidence, InterfaceRole, PasswordStorage, Privilege, ServiceName, SnmpAccess};

const FX: Fixtures = Fixtures::cisco("cisco_nxos");

const SEEDED: &[&str] = &[
    "SxNxosHardAdmin1",
    "SxNxosHardOps1",
    "SxNxosHardV3A1",
    "SxNxosHardV3P1",
    "SxNxosHardV3A2",
    "SxNxosHardV3P2",
    "SxNxosOldAdmin1",
    "SxNxosOldVendor1",
    "SxNxosOldV3A1",
    "SxNxosOldV3P1",
    "SxNxosOldRw1",
    "SxNxosCutAdmin1",
    "SxNxosCutV3A1",
    "SxNxosCutV3P1",
    "SxNxosCutRo1",
];

#[test]
fn hardened_core_switch() {
    const D: &str = "nxos-hardened";
    let snap = FX.load(D);
    common::masked(&snap, "SxNxos");
    let (f, notes) = FX.parse(&snap);
    // Login logging is never concluded on NX-OS: its one note.
    assert_eq!(notes, vec![format!("{CONFIG}: login logging cannot be confirmed from the configuration (NX-OS)")]);
    common::no_secrets(&f, &notes, SEEDED);
    let at = |t: &str| FX.at(D, t);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!(
        (fw.vendor.as_str(), fw.os.as_str(), fw.model.as_deref(), fw.version.as_deref(), fw.raw.as_str()),
        ("cisco", "nxos", Some("C93180YC-FX"), Some("9.3(8)"), "9.3(8)")
    );
    assert_eq!(fw.evidence, vec![Evidence::line(VERSION, FX.line_no(D, VERSION, "NXOS: version 9.3(8)"))]);
    assert_eq!(f.device.hostname.as_deref(), Some("KENSHIN-N9K-CORE"));

    // SSH by default, Telnet and NX-API off by default: no line says so.
    let ssh = f.service(ServiceName::Ssh).expect("ssh");
    assert!(ssh.enabled && ssh.evidence.is_empty());
    assert!(ssh.detail.as_deref().is_some_and(|d| d.contains("default")));
    for name in [ServiceName::Telnet, ServiceName::Http, ServiceName::Https] {
        let s = f.service(name).expect("service");
        assert!(!s.enabled && s.evidence.is_empty(), "{name:?}");
    }
    // The vty ACL restricts SSH to the management network.
    assert_eq!(f.management_access.len(), 1, "{:?}", f.management_access);
    let vty = &f.management_access[0];
    assert_eq!(
        (vty.service, vty.interface.as_deref(), vty.sources.clone(), vty.restricted_by.as_deref()),
        (ServiceName::Ssh, Some("vty"), strings(&["10.20.0.0/24"]), Some("line vty access-class VTY-MGMT"))
    );
    assert_eq!(
        vty.evidence,
        vec![at("line vty"), at("access-class VTY-MGMT in"), FX.range(D, "ip access-list VTY-MGMT", "20 deny ip any any log")]
    );

    // SNMPv3 only (authPriv, AES-128); no community.
    let snmp = f.snmp.as_ref().expect("snmp");
    assert!(snmp.communities.is_empty());
    let users: Vec<_> = snmp.v3_users.iter().map(|u| (u.name.as_str(), u.auth.as_deref(), u.privacy.as_deref())).collect();
    assert_eq!(users, vec![("admin", Some("sha"), Some("aes-128")), ("kenshinmon", Some("sha"), Some("aes-128"))]);
    assert_eq!(
        snmp.v3_users[1].evidence,
        vec![at("snmp-server user kenshinmon network-operator auth sha ******** priv aes-128 ******** localizedkey")]
    );
    assert!(f.service(ServiceName::Snmp).expect("snmp").enabled);

    let admin = f.accounts.iter().find(|a| a.name == "admin").expect("admin");
    assert_eq!((admin.privilege, admin.password_storage), (Privilege::Admin, PasswordStorage::Strong));
    assert_eq!(admin.evidence, vec![at("username admin password 5 ********  role network-admin")]);
    let ops = f.accounts.iter().find(|a| a.name == "netops").expect("netops");
    assert_eq!((ops.privilege, ops.password_storage), (Privilege::ReadOnly, PasswordStorage::Strong));
    assert_eq!(
        ops.evidence,
        vec![
            at("username netops password 5 ********  role network-operator"),
            at("username netops passphrase  lifetime 90 warntime 7 gracetime 3")
        ]
    );
    assert_eq!(f.accounts.len(), 2);

    let log = f.logging.as_ref().expect("logging");
    assert_eq!(
        (log.remote_hosts.clone(), log.ntp_servers.clone()),
        (strings(&["10.20.0.20"]), strings(&["10.20.0.1", "10.20.0.2"]))
    );
    assert_eq!(
        log.evidence,
        vec![
            at("ntp server 10.20.0.1 use-vrf management"),
            at("ntp server 10.20.0.2 use-vrf management"),
            at("logging server 10.20.0.20 5 use-vrf management")
        ]
    );
    let auth = f.auth_policy.as_ref().expect("auth policy");
    assert_eq!((auth.min_password_length, auth.lockout_threshold), (Some(12), Some(5)));
    assert_eq!(
        auth.evidence,
        vec![at("userpassphrase min-length 12 max-length 80"), at("aaa authentication rejected 5 in 60 ban 300")]
    );

    let mgmt0 = f.interfaces.iter().find(|i| i.name == "mgmt0").expect("mgmt0");
    assert_eq!((mgmt0.role, mgmt0.addresses.clone()), (InterfaceRole::Management, strings(&["10.20.0.10/24"])));
    assert_eq!(mgmt0.evidence, vec![FX.range(D, "interface mgmt0", "ip address 10.20.0.10/24")]);
    let vlan10 = f.interfaces.iter().find(|i| i.name == "Vlan10").expect("Vlan10");
    assert_eq!(
        (vlan10.role, vlan10.addresses.clone(), vlan10.description.as_deref()),
        (InterfaceRole::Unknown, strings(&["192.168.10.2/24"]), Some("Clinical LAN gateway"))
    );
    assert!(f.interfaces.iter().all(|i| i.role != InterfaceRole::Wan));
    // A switch terminates no VPN.
    assert!(f.remote_access.is_empty());
    assert!(f.logging.as_ref().is_some_and(|l| l.logins.is_none()));
    assert_eq!(f.unknown, vec!["logging.logins"]);
}

#[test]
fn legacy_switch_open_to_anyone() {
    const D: &str = "nxos-legacy";
    let snap = FX.load(D);
    common::masked(&snap, "SxNxos");
    let (f, notes) = FX.parse(&snap);
    common::no_secrets(&f, &notes, SEEDED);
    let at = |t: &str| FX.at(D, t);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.model.as_deref(), fw.version.as_deref()), (Some("C9372PX"), Some("7.0(3)I4(3)")));
    assert_eq!(f.device.hostname.as_deref(), Some("WARD-N9K-01"));

    // Telnet and SSH on every vty, no ACL.
    let telnet = f.service(ServiceName::Telnet).expect("telnet");
    assert!(telnet.enabled);
    assert_eq!(telnet.evidence, vec![at("feature telnet")]);
    for name in [ServiceName::Telnet, ServiceName::Ssh] {
        let m = f.management_access.iter().find(|m| m.service == name).expect("vty access");
        assert!(m.is_unrestricted() && m.restricted_by.is_none() && m.interface.as_deref() == Some("vty"), "{name:?}");
        assert!(m.evidence.contains(&at("line vty")));
    }
    // NX-API over HTTP from anywhere; HTTPS not stated: unknown.
    let http = f.service(ServiceName::Http).expect("http");
    assert!(http.enabled);
    assert_eq!(http.evidence, vec![at("feature nxapi"), at("nxapi http port 80")]);
    let api = f.management_access.iter().find(|m| m.service == ServiceName::Http).expect("nxapi access");
    assert!(api.is_unrestricted());
    assert!(f.service(ServiceName::Https).is_none() && f.is_unknown("services.https"));
    assert!(notes.iter().any(|n| n.contains("nxapi https")), "{notes:?}");

    // `public` read-only and a read-write community whose ACL permits any.
    let snmp = f.snmp.as_ref().expect("snmp");
    assert_eq!(snmp.communities.len(), 2, "{:?}", snmp.communities);
    let public = &snmp.communities[0];
    assert_eq!((public.access, public.default_name, public.sources.clone()), (SnmpAccess::Ro, true, strings(&["any"])));
    assert_eq!(public.evidence, vec![at("snmp-server community ******** group network-operator")]);
    let rw = &snmp.communities[1];
    assert_eq!((rw.access, rw.default_name, rw.sources.clone()), (SnmpAccess::Rw, false, strings(&["any"])));
    assert_eq!(
        rw.evidence,
        vec![
            at("snmp-server community ******** group network-admin"),
            at("snmp-server community ******** use-ipv4acl SNMP-OPEN"),
            FX.range(D, "ip access-list SNMP-OPEN", "10 permit ip any any")
        ]
    );
    // MD5 authentication and, with no algorithm after `priv`, DES.
    let user = &snmp.v3_users[0];
    assert_eq!((user.auth.as_deref(), user.privacy.as_deref()), (Some("md5"), Some("des")));

    for name in ["admin", "vendor"] {
        let a = f.accounts.iter().find(|a| a.name == name).expect(name);
        assert_eq!((a.privilege, a.password_storage), (Privilege::Admin, PasswordStorage::Strong), "{name}");
    }
    let log = f.logging.as_ref().expect("logging");
    assert!(log.remote_hosts.is_empty() && log.ntp_servers.is_empty());
    let auth = f.auth_policy.as_ref().expect("auth policy");
    assert!(auth.min_password_length.is_none() && auth.lockout_threshold.is_none());

    // A routed port learning its address by DHCP faces the outside.
    let wan = f.interfaces.iter().find(|i| i.name == "Ethernet1/48").expect("Ethernet1/48");
    assert_eq!((wan.role, wan.description.as_deref()), (InterfaceRole::Wan, Some("to-vendor-router")));
    assert!(log.logins.is_none());
    assert_eq!(f.unknown, vec!["services.https", "management_access.https", "logging.logins"]);
}

#[test]
fn truncated_config_concludes_nothing_from_absence() {
    const D: &str = "nxos-truncated";
    let snap = FX.load(D);
    common::masked(&snap, "SxNxos");
    let (f, notes) = FX.parse(&snap);
    common::no_secrets(&f, &notes, SEEDED);
    assert!(notes.iter().any(|n| n.contains("truncated")), "{notes:?}");

    // 10.x prints the release type; Cisco names the release 10.2(5)M.
    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!(
        (fw.raw.as_str(), fw.version.as_deref(), fw.model.as_deref()),
        ("10.2(5) [Maintenance Release]", Some("10.2(5)M"), Some("C93180YC-FX3"))
    );

    for path in
        ["services.ssh", "services.http", "services.https", "management_access", "snmp", "accounts", "logging", "interfaces"]
    {
        assert!(f.is_unknown(path), "{path} should be unknown: {:?}", f.unknown);
    }
    assert!(f.service(ServiceName::Ssh).is_none() && f.logging.is_none() && f.auth_policy.is_none());
    assert!(f.unknown.iter().any(|u| u == "logging.logins"), "{:?}", f.unknown);
    assert!(f.management_access.is_empty());

    // What the lines say is known; the cut community line is not read.
    assert!(f.service(ServiceName::Telnet).expect("telnet").enabled);
    let snmp = f.snmp.as_ref().expect("snmp");
    assert!(snmp.communities.is_empty() && snmp.v3_users.len() == 1);
    assert_eq!(f.accounts.len(), 1);
}

#[test]
fn ssh_off_and_community_acl_matched_by_value() {
    let mut snap = Snapshot::empty("n", Path::new("."));
    snap.insert(
        CONFIG,
        "version 9.3(10) Bios:version 05.47\nhostname n1\nno feature ssh\nfeature nxapi\nnxapi https port 8443\n\
         no nxapi http\nno snmp-server protocol enable\n\
         snmp-server community SxNxosInlineA group network-operator\nsnmp-server community SxNxosInlineB group network-operator\n\
         snmp-server community SxNxosInlineB use-ipv4acl ONE\nsnmp-server user ops auth sha SxNxosInlineK\n\
         ip access-list ONE\n  10 permit udp 10.9.9.9/32 any eq snmp\nusername ro\nline vty\n",
    );
    common::masked(&snap, "SxNxosInline");
    let (f, notes) = FX.parse(&snap);
    assert!(notes.iter().any(|n| n.contains("show_version.txt")), "{notes:?}");
    // Firmware from the `version` line of the configuration.
    assert_eq!(f.firmware.as_ref().and_then(|fw| fw.version.as_deref()), Some("9.3(10)"));
    assert!(!f.service(ServiceName::Ssh).expect("ssh").enabled);
    assert!(!f.service(ServiceName::Telnet).expect("telnet").enabled);
    assert!(f.management_access.iter().all(|m| m.service != ServiceName::Ssh));
    assert!(f.service(ServiceName::Https).expect("https").enabled);
    assert!(!f.service(ServiceName::Http).expect("http").enabled);
    // The ACL line names the second community, not the first.
    let c = &f.snmp.as_ref().expect("snmp").communities;
    assert_eq!(c.len(), 2);
    assert_eq!((c[0].sources.clone(), c[1].sources.clone()), (strings(&["any"]), strings(&["10.9.9.9/32"])));
    // `no snmp-server protocol enable`: the agent is off, no SNMP path.
    assert!(!f.service(ServiceName::Snmp).expect("snmp").enabled);
    assert!(f.management_access.iter().all(|m| m.service != ServiceName::Snmp));
    // authNoPriv; a user without a role is network-operator.
    let u = &f.snmp.as_ref().expect("snmp").v3_users[0];
    assert_eq!((u.auth.as_deref(), u.privacy.as_deref()), (Some("sha"), None));
    assert_eq!(f.accounts[0].privilege, Privilege::ReadOnly);
}

#[test]
fn detection() {
    for device in ["nxos-hardened", "nxos-legacy", "nxos-truncated"] {
        assert_eq!(platform::detect(&FX.load(device)).map(|p| p.name), Some("cisco_nxos"), "{device}");
    }
    let mut snap = Snapshot::empty("x", Path::new("."));
    snap.insert(CONFIG, "!Command: show running-config\n!Time: Mon Jan 1 00:00:00 2024\n\nversion 9.3(8)\nline vty\n");
    assert_eq!(platform::detect(&snap).map(|p| p.name), Some("cisco_nxos"));
}

#[test]
fn garbage_never_panics() {
    let keywords = [
        "feature",
        "no",
        "ssh",
        "telnet",
        "nxapi",
        "http",
        "https",
        "port",
        "80",
        "use-vrf",
        "management",
        "snmp-server",
        "community",
        "group",
        "network-admin",
        "network-operator",
        "use-ipv4acl",
        "user",
        "auth",
        "priv",
        "aes-128",
        "sha",
        "md5",
        "localizedkey",
        "protocol",
        "enable",
        "username",
        "password",
        "5",
        "0",
        "role",
        "priv-15",
        "ip",
        "access-list",
        "10",
        "permit",
        "deny",
        "tcp",
        "any",
        "10.0.0.0/8",
        "addrgroup",
        "0.0.0.0/0",
        "host",
        "line",
        "vty",
        "access-class",
        "in",
        "logging",
        "server",
        "ntp",
        "interface",
        "mgmt0",
        "address",
        "dhcp",
        "vrf",
        "member",
        "userpassphrase",
        "min-length",
        "aaa",
        "authentication",
        "rejected",
        "version",
        "NXOS:",
        "system:",
        "9.3(8)",
        "7.0(3)I4(3)",
        "[Maintenance Release]",
        "cisco",
        "Nexus9000",
        "N9K-C9396PX",
        "Chassis",
        "Device name:",
        "Hardware",
        "\u{fffd}",
    ];
    common::garbage_never_panics(&FX, &keywords, &["nxos-hardened", "nxos-legacy"]);
}

/// All eight NX-OS `show version` samples of the corpus give the reference version
/// (`raw` is the reference `os` value exactly), host name and platform.
#[test]
fn corpus_show_version() {
    let Some(samples) = common::corpus_samples("cisco_nxos", "show_version") else { return };
    assert_eq!(samples.len(), 8);
    for (path, text, expected) in samples {
        let f = common::parse_version("cisco_nxos", &text);
        let fw = f.firmware.as_ref().unwrap_or_else(|| panic!("{}: no firmware", path.display()));
        let os = expected["os"].as_str().expect("os");
        assert_eq!(fw.raw, os, "{}", path.display());
        // The normalised version is the release number, with the 10.x release type.
        let number = os.split_whitespace().next().expect("number");
        let label = if os.contains("[Maintenance Release]") { "M" } else { "" };
        assert_eq!(fw.version.as_deref(), Some(format!("{number}{label}").as_str()), "{}", path.display());
        assert_eq!(f.device.hostname.as_deref(), expected["hostname"].as_str(), "{}", path.display());
        assert_eq!(fw.model.as_deref(), expected["platform"].as_str(), "{}", path.display());
        let line = fw.evidence[0].lines[0] as usize;
        assert!(text.lines().nth(line - 1).is_some_and(|l| l.contains(number)), "{}", path.display());
        let mut snap = Snapshot::empty("c", Path::new("."));
        snap.insert(VERSION, text.as_str());
        assert_eq!(platform::detect(&snap).map(|p| p.name), Some("cisco_nxos"), "{}", path.display());
    }
}
