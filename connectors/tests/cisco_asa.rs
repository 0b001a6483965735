//! The Cisco ASA parser on the project's own fixtures (fixtures/cisco_asa): facts field
//! by field with the lines they came from, unknowns for a cut-off configuration,
//! detection, seeded secrets never reaching facts, no panic on garbage, and the
//! ntc-templates `show version` samples.

mod common;

use std::path::Path;

use common::{CONFIG, Fixtures, VERSION, strings};
use kenshin_connectors::platform;
use kenshin_connectors::snapshot::Snapshot;
use kenshin_facts::{Evidence, InterfaceRole, PasswordStorage, Privilege, RemoteAccessKind, ServiceName, SnmpAccess};

const FX: Fixtures = Fixtures::cisco("cisco_asa");

const SEEDED: &[&str] = &[
    "SxAsaHardEnable1",
    "SxAsaHardV3Auth1",
    "SxAsaHardV3Priv1",
    "SxAsaHardAdmin1",
    "SxAsaHardAudit1",
    "SxAsaHardPsk1",
    "SxAsaOldEnable1",
    "SxAsaOldComm1",
    "SxAsaOldAdmin1",
    "SxAsaOldVendor1",
    "SxAsaOldVpn1",
    "SxAsaOldPsk1",
    "SxAsaCutEnable1",
    "SxAsaCutAdmin1",
];

#[test]
fn hardened_firepower() {
    const D: &str = "asa-hardened";
    let snap = FX.load(D);
    common::masked(&snap, "SxAsa");
    let (f, notes) = FX.parse(&snap);
    assert!(notes.is_empty(), "{notes:?}");
    common::no_secrets(&f, &notes, SEEDED);
    let at = |t: &str| FX.at(D, t);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!(
        (fw.vendor.as_str(), fw.os.as_str(), fw.model.as_deref(), fw.version.as_deref(), fw.raw.as_str()),
        ("cisco", "asa", Some("FPR-1120"), Some("9.18(4)29"), "9.18(4)29")
    );
    let banner = FX.line_no(D, VERSION, "Cisco Adaptive Security Appliance Software Version 9.18(4)29");
    assert_eq!(fw.evidence, vec![Evidence::line(VERSION, banner)]);
    assert_eq!(f.device.hostname.as_deref(), Some("KENSHIN-ASA-HQ"));

    // SSH and ASDM from the management network only; no Telnet, no plain HTTP.
    let ssh = f.service(ServiceName::Ssh).expect("ssh");
    assert!(ssh.enabled);
    assert_eq!(
        ssh.evidence,
        vec![at("ssh 192.168.99.0 255.255.255.0 management"), at("aaa authentication ssh console LOCAL"), at("ssh version 2")]
    );
    assert_eq!(ssh.detail.as_deref(), Some("aaa authentication ssh console LOCAL; ssh version 2"));
    let telnet = f.service(ServiceName::Telnet).expect("telnet");
    assert!(!telnet.enabled && telnet.evidence.is_empty());
    let https = f.service(ServiceName::Https).expect("https");
    assert!(https.enabled);
    assert_eq!(https.evidence, vec![at("http server enable"), at("http 192.168.99.0 255.255.255.0 management")]);
    assert!(!f.service(ServiceName::Http).expect("http").enabled);

    let mgmt: Vec<_> = f.management_access.iter().filter(|m| m.service != ServiceName::Snmp).collect();
    assert_eq!(mgmt.len(), 2, "{mgmt:?}");
    let ssh_access = mgmt.iter().find(|m| m.service == ServiceName::Ssh).expect("ssh access");
    assert_eq!(
        (ssh_access.interface.as_deref(), ssh_access.sources.clone(), ssh_access.restricted_by.as_deref()),
        (Some("management"), strings(&["192.168.99.0/24"]), Some("ssh <address> <mask> management"))
    );
    assert_eq!(ssh_access.evidence, vec![at("ssh 192.168.99.0 255.255.255.0 management")]);
    let asdm = mgmt.iter().find(|m| m.service == ServiceName::Https).expect("asdm");
    assert_eq!((asdm.interface.as_deref(), asdm.sources.clone()), (Some("management"), strings(&["192.168.99.0/24"])));
    assert_eq!(asdm.evidence, vec![at("http server enable"), at("http 192.168.99.0 255.255.255.0 management")]);

    // SNMPv3 only, polled from one manager on the management interface.
    let snmp = f.snmp.as_ref().expect("snmp");
    assert!(snmp.communities.is_empty());
    assert_eq!(snmp.v3_users.len(), 1);
    let user = &snmp.v3_users[0];
    assert_eq!((user.name.as_str(), user.auth.as_deref(), user.privacy.as_deref()), ("kenshinmon", Some("sha"), Some("aes")));
    let user_line =
        "snmp-server user kenshinmon KENSHIN-V3 v3 engineID 80000009fe0c116700 encrypted auth sha ******** priv aes 256 ********";
    assert_eq!(user.evidence, vec![at(user_line)]);
    let agent = f.service(ServiceName::Snmp).expect("snmp service");
    assert!(agent.enabled);
    assert_eq!(agent.evidence, vec![at(user_line), at("snmp-server host management 192.168.99.15 version 3 kenshinmon")]);
    let manager = f.management_access.iter().find(|m| m.service == ServiceName::Snmp).expect("snmp access");
    assert_eq!((manager.interface.as_deref(), manager.sources.clone()), (Some("management"), strings(&["192.168.99.15/32"])));
    assert!(f.management_access.iter().all(|m| !m.is_unrestricted()));

    let admin = f.accounts.iter().find(|a| a.name == "hospadm").expect("hospadm");
    assert_eq!((admin.privilege, admin.password_storage), (Privilege::Admin, PasswordStorage::Strong));
    assert_eq!(admin.evidence, vec![at("username hospadm password ******** pbkdf2 privilege 15")]);
    let auditor = f.accounts.iter().find(|a| a.name == "auditor").expect("auditor");
    assert_eq!((auditor.privilege, auditor.password_storage), (Privilege::Operator, PasswordStorage::Strong));
    assert_eq!(f.accounts.len(), 2);

    let log = f.logging.as_ref().expect("logging");
    assert_eq!((log.remote_hosts.clone(), log.ntp_servers.clone()), (strings(&["192.168.99.20"]), strings(&["192.168.99.1"])));
    assert_eq!(
        log.evidence,
        vec![
            at("logging enable"),
            at("logging trap informational"),
            at("logging host management 192.168.99.20"),
            at("ntp server 192.168.99.1 source management prefer")
        ]
    );
    // Login messages are level 6: `logging trap informational` keeps them.
    let logins = log.logins.as_ref().expect("logins");
    assert!(logins.logons, "{logins:?}");
    assert_eq!(logins.evidence, vec![at("logging enable"), at("logging trap informational")]);

    let auth = f.auth_policy.as_ref().expect("auth policy");
    assert_eq!((auth.min_password_length, auth.lockout_threshold), (Some(12), Some(5)));
    assert_eq!(auth.evidence, vec![at("aaa local authentication attempts max-fail 5"), at("password-policy minimum-length 12")]);

    // One site-to-site tunnel to the vendor's fixed address.
    assert_eq!(f.remote_access.len(), 1, "{:?}", f.remote_access);
    let vpn = &f.remote_access[0];
    assert_eq!(
        (vpn.kind, vpn.name.as_deref(), vpn.enabled, vpn.peer_sources.clone(), vpn.interface.as_deref()),
        (RemoteAccessKind::Ipsec, Some("crypto map OUTSIDE-MAP 10"), true, strings(&["203.0.113.50/32"]), Some("outside"))
    );
    for line in [
        "crypto map OUTSIDE-MAP 10 set peer 203.0.113.50",
        "tunnel-group 203.0.113.50 type ipsec-l2l",
        "crypto map OUTSIDE-MAP interface outside",
        "crypto ikev2 enable outside",
    ] {
        assert!(vpn.evidence.contains(&at(line)), "{line}");
    }

    // Interfaces by nameif; `outside` is the WAN side, also by its default route.
    let outside = f.interfaces.iter().find(|i| i.name == "outside").expect("outside");
    assert_eq!(
        (outside.role, outside.addresses.clone(), outside.description.as_deref()),
        (InterfaceRole::Wan, strings(&["198.51.100.2/29"]), Some("Ethernet1/1: ISP uplink"))
    );
    assert_eq!(
        outside.evidence,
        vec![
            FX.range(D, "interface Ethernet1/1", "ip address 198.51.100.2 255.255.255.248"),
            at("route outside 0.0.0.0 0.0.0.0 198.51.100.1 1")
        ]
    );
    assert_eq!(f.interfaces.iter().find(|i| i.name == "inside").expect("inside").role, InterfaceRole::Lan);
    assert_eq!(f.interfaces.iter().find(|i| i.name == "management").expect("management").role, InterfaceRole::Management);
    assert_eq!(f.interfaces.len(), 3);
    assert!(f.unknown.is_empty(), "{:?}", f.unknown);
}

#[test]
fn maintenance_vpn_open_to_anyone() {
    const D: &str = "asa-maint-vpn";
    let snap = FX.load(D);
    common::masked(&snap, "SxAsa");
    let (f, notes) = FX.parse(&snap);
    assert!(notes.is_empty(), "{notes:?}");
    common::no_secrets(&f, &notes, SEEDED);
    let at = |t: &str| FX.at(D, t);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.model.as_deref(), fw.version.as_deref()), (Some("ASA5506"), Some("9.6(4)8")));
    assert_eq!(f.device.hostname.as_deref(), Some("CLINIC-ASA"));

    // SSH and ASDM from anywhere on the outside interface; Telnet from anyone inside.
    let path = |service: ServiceName, nameif: &str| {
        f.management_access
            .iter()
            .find(|m| m.service == service && m.interface.as_deref() == Some(nameif))
            .unwrap_or_else(|| panic!("{service:?} on {nameif}"))
    };
    let ssh_out = path(ServiceName::Ssh, "outside");
    assert!(ssh_out.is_unrestricted() && ssh_out.restricted_by.is_none());
    assert_eq!(ssh_out.evidence, vec![at("ssh 0.0.0.0 0.0.0.0 outside")]);
    assert_eq!(path(ServiceName::Ssh, "inside").sources, strings(&["192.168.1.0/24"]));
    let telnet = path(ServiceName::Telnet, "inside");
    assert!(telnet.is_unrestricted());
    assert_eq!(telnet.evidence, vec![at("telnet 0.0.0.0 0.0.0.0 inside")]);
    assert!(f.service(ServiceName::Telnet).expect("telnet").enabled);
    let asdm = path(ServiceName::Https, "outside");
    assert!(asdm.is_unrestricted());
    assert_eq!(asdm.evidence, vec![at("http server enable"), at("http 0.0.0.0 0.0.0.0 outside")]);
    assert_eq!(path(ServiceName::Https, "inside").sources, strings(&["192.168.1.0/24"]));

    // `public` for the outside manager, a per-host community inside. Read-only: the ASA
    // has no SNMP write access.
    let snmp = f.snmp.as_ref().expect("snmp");
    assert_eq!(snmp.communities.len(), 2, "{:?}", snmp.communities);
    let host = &snmp.communities[0];
    assert_eq!((host.access, host.default_name, host.sources.clone()), (SnmpAccess::Ro, false, strings(&["192.168.1.50/32"])));
    assert_eq!(host.evidence, vec![at("snmp-server host inside 192.168.1.50 community ******** version 2c")]);
    let public = &snmp.communities[1];
    assert_eq!(
        (public.access, public.default_name, public.sources.clone()),
        (SnmpAccess::Ro, true, strings(&["203.0.113.77/32"]))
    );
    assert_eq!(public.evidence, vec![at("snmp-server community ********"), at("snmp-server host outside 203.0.113.77 poll")]);
    assert!(f.service(ServiceName::Snmp).expect("snmp").enabled);
    assert_eq!(path(ServiceName::Snmp, "outside").sources, strings(&["203.0.113.77/32"]));

    // MD5-based `encrypted` passwords; a user without `privilege` has level 2.
    for (name, privilege) in [("admin", Privilege::Admin), ("vendor", Privilege::Admin), ("vpnuser", Privilege::Operator)] {
        let a = f.accounts.iter().find(|a| a.name == name).expect(name);
        assert_eq!((a.privilege, a.password_storage), (privilege, PasswordStorage::Weak), "{name}");
    }
    assert_eq!(
        f.accounts.iter().find(|a| a.name == "vendor").expect("vendor").evidence,
        vec![at("username vendor password ******** encrypted privilege 15")]
    );
    assert_eq!(f.accounts.len(), 3);

    // No syslog, no NTP.
    let log = f.logging.as_ref().expect("logging");
    assert!(log.remote_hosts.is_empty() && log.ntp_servers.is_empty() && log.evidence.is_empty());
    // `logging asdm informational` without `logging enable`: nothing is logged.
    let logins = log.logins.as_ref().expect("logins");
    assert!(!logins.logons && logins.evidence.is_empty(), "{logins:?}");
    assert!(logins.detail.as_deref().is_some_and(|d| d.contains("logging enable")), "{logins:?}");

    // AnyConnect on the outside interface and a dynamic crypto map: any peer.
    assert_eq!(f.remote_access.len(), 2, "{:?}", f.remote_access);
    let ssl = f.remote_access.iter().find(|r| r.kind == RemoteAccessKind::SslVpn).expect("webvpn");
    assert_eq!((ssl.enabled, ssl.interface.as_deref(), ssl.peer_sources.clone()), (true, Some("outside"), strings(&["any"])));
    assert_eq!(ssl.evidence[0], FX.range(D, "webvpn", "tunnel-group-list enable"));
    assert!(ssl.evidence.contains(&at("tunnel-group VENDOR type remote-access")));
    let ipsec = f.remote_access.iter().find(|r| r.kind == RemoteAccessKind::Ipsec).expect("ipsec");
    assert_eq!(
        (ipsec.name.as_deref(), ipsec.enabled, ipsec.interface.as_deref(), ipsec.peer_sources.clone()),
        (Some("crypto map OUTSIDE-MAP 65535"), true, Some("outside"), strings(&["any"]))
    );
    // The VENDOR group checks the local usernames' passwords alone (no server group).
    assert_eq!((ssl.two_factor, ipsec.two_factor), (Some(false), Some(false)));
    for line in [
        "crypto map OUTSIDE-MAP 65535 ipsec-isakmp dynamic VENDOR-DYN",
        "tunnel-group VENDOR type remote-access",
        "crypto map OUTSIDE-MAP interface outside",
        "crypto ikev1 enable outside",
    ] {
        assert!(ipsec.evidence.contains(&at(line)), "{line}");
    }

    // `outside` takes its address by DHCP; the DMZ and the unnamed management port.
    let outside = f.interfaces.iter().find(|i| i.name == "outside").expect("outside");
    assert!(outside.role == InterfaceRole::Wan && outside.addresses.is_empty());
    assert_eq!(f.interfaces.iter().find(|i| i.name == "dmz").expect("dmz").role, InterfaceRole::Dmz);
    let unnamed = f.interfaces.iter().find(|i| i.name == "Management1/1").expect("Management1/1");
    assert_eq!(unnamed.role, InterfaceRole::Management);

    let auth = f.auth_policy.as_ref().expect("auth policy");
    assert!(auth.min_password_length.is_none() && auth.lockout_threshold.is_none());
    assert!(f.unknown.is_empty(), "{:?}", f.unknown);
}

#[test]
fn truncated_config_concludes_nothing_from_absence() {
    const D: &str = "asa-truncated";
    let snap = FX.load(D);
    assert!(snap.artifact(VERSION).is_none());
    let (f, notes) = FX.parse(&snap);
    common::no_secrets(&f, &notes, SEEDED);
    assert!(notes.iter().any(|n| n.contains("truncated")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("ASA Version")), "{notes:?}");

    // Firmware from the `ASA Version` line of the configuration.
    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.version.as_deref(), fw.model.as_deref()), (Some("9.12(4)62"), None));
    assert_eq!(fw.evidence, vec![FX.at(D, "ASA Version 9.12(4)62")]);

    for path in [
        "services.telnet",
        "services.snmp",
        "management_access",
        "snmp",
        "accounts",
        "logging",
        "remote_access",
        "interfaces",
        "auth_policy",
    ] {
        assert!(f.is_unknown(path), "{path} should be unknown: {:?}", f.unknown);
    }
    for name in [ServiceName::Telnet, ServiceName::Snmp] {
        assert!(f.service(name).is_none(), "{name:?}");
    }
    assert!(f.snmp.is_none() && f.logging.is_none() && f.auth_policy.is_none());
    assert!(f.unknown.iter().any(|u| u == "logging.logins"), "{:?}", f.unknown);

    // What the lines before the cut say is still known; the partial last line
    // (`ssh 0.0.0.0 0.0.0.0 outsi`) is not read as an interface `outsi`.
    assert!(f.service(ServiceName::Ssh).expect("ssh").enabled);
    let ssh: Vec<_> = f.management_access.iter().filter(|m| m.service == ServiceName::Ssh).collect();
    assert_eq!(ssh.len(), 1);
    assert_eq!((ssh[0].interface.as_deref(), ssh[0].sources.clone()), (Some("inside"), strings(&["10.8.0.0/24"])));
    let admin = f.accounts.iter().find(|a| a.name == "branchadm").expect("branchadm");
    assert_eq!(admin.password_storage, PasswordStorage::Strong);
    assert_eq!(f.interfaces.iter().find(|i| i.name == "outside").expect("outside").role, InterfaceRole::Wan);
}

#[test]
fn snmp_disabled_host_groups_and_vpn_details() {
    let mut snap = Snapshot::empty("a", Path::new("."));
    snap.insert(
        CONFIG,
        "ASA Version 9.16(3)19\nhostname fw\ninterface GigabitEthernet0/0\n nameif guest\n security-level 0\n ip address pppoe setroute\n\
         snmp-server host-group inside MGMT-NET poll community SxAsaInline1 version 2c\nsnmp-server host inside 10.0.0.9 trap\n\
         no snmp-server enable\nlogging host inside 10.0.0.5\nusername lab nopassword\n\
         crypto map VPN 5 set peer 198.51.100.9 198.51.100.10\ncrypto map VPN 5 match address X\n\
         tunnel-group 192.0.2.44 type ipsec-l2l\ninterface Tunnel1\n nameif vti\n tunnel destination 192.0.2.44\n\
         crypto ikev2 enable guest\nwebvpn\n anyconnect enable\n: end\n",
    );
    common::masked(&snap, "SxAsaInline");
    let (f, notes) = FX.parse(&snap);
    // `no snmp-server enable`: the agent is off whatever else is configured.
    let agent = f.service(ServiceName::Snmp).expect("snmp");
    assert!(!agent.enabled);
    assert!(f.management_access.iter().all(|m| m.service != ServiceName::Snmp));
    let snmp = f.snmp.as_ref().expect("snmp");
    assert_eq!(snmp.communities.len(), 1);
    assert_eq!(snmp.communities[0].sources, strings(&["object:MGMT-NET"]));
    // Syslog without `logging enable` sends nothing.
    assert!(f.logging.as_ref().expect("logging").remote_hosts.is_empty());
    assert!(notes.iter().any(|n| n.contains("logging enable")), "{notes:?}");
    assert_eq!(f.accounts[0].password_storage, PasswordStorage::None);
    // Security level 0 and PPPoE: the WAN side.
    assert_eq!(f.interfaces.iter().find(|i| i.name == "guest").expect("guest").role, InterfaceRole::Wan);
    // A crypto map never bound to an interface forms no tunnel.
    let map = f.remote_access.iter().find(|r| r.name.as_deref() == Some("crypto map VPN 5")).expect("map");
    assert!(!map.enabled && map.peer_sources == strings(&["198.51.100.9/32", "198.51.100.10/32"]));
    // A site-to-site group used by a VTI.
    let vti = f.remote_access.iter().find(|r| r.name.as_deref() == Some("tunnel-group 192.0.2.44")).expect("vti");
    assert!(vti.enabled && vti.peer_sources == strings(&["192.0.2.44/32"]));
    // WebVPN configured but enabled on no interface.
    let web = f.remote_access.iter().find(|r| r.kind == RemoteAccessKind::SslVpn).expect("webvpn");
    assert!(!web.enabled);
    // Site-to-site channels authenticate no person.
    assert_eq!((map.two_factor, vti.two_factor), (None, None));
    // Telnet and SSH: no host line, no access.
    assert!(!f.service(ServiceName::Ssh).expect("ssh").enabled && !f.service(ServiceName::Telnet).expect("telnet").enabled);
}

#[test]
fn missing_artifacts() {
    let (f, notes) = FX.parse(&Snapshot::empty("a", Path::new(".")));
    assert!(f.firmware.is_none() && f.is_unknown("firmware") && f.is_unknown("services") && f.is_unknown("accounts"));
    assert!(f.unknown.iter().any(|u| u == "logging.logins"), "{:?}", f.unknown);
    assert!(notes.iter().any(|n| n.contains(CONFIG)), "{notes:?}");
}

#[test]
fn login_logging_needs_level_6_on_the_trap_or_buffer() {
    let logins = |body: &str| {
        let (f, notes) = FX.parse_config(&format!("ASA Version 9.16(3)19\nhostname fw\n{body}: end\n"));
        let unknown = f.unknown.iter().any(|u| u == "logging.logins");
        (f.logging.and_then(|l| l.logins), unknown, notes)
    };
    let on = |body: &str| logins(body).0.map(|a| a.logons);
    assert_eq!(on("logging enable\nlogging buffered 6\n"), Some(true));
    assert_eq!(on("logging enable\nlogging trap notifications\nlogging buffered debugging\n"), Some(true));
    assert_eq!(on("logging enable\nlogging trap notifications\nlogging buffered 5\n"), Some(false));
    assert_eq!(on("logging enable\nlogging asdm informational\n"), Some(false));
    assert_eq!(on("logging trap informational\n"), Some(false));
    // The trap level reaches only a syslog host: without one, nothing is kept.
    assert_eq!(on("logging enable\nlogging trap informational\n"), Some(false));
    assert_eq!(on("logging enable\nlogging trap informational\nlogging host inside 10.0.0.5\n"), Some(true));
    let (audit, unknown, _) = logins("logging enable\nlogging trap informational\nno logging message 605004\n");
    let audit = audit.expect("logins");
    assert!(!audit.logons && !unknown && audit.detail.as_deref().is_some_and(|d| d.contains("605004")), "{audit:?}");
    assert_eq!(audit.evidence, vec![Evidence::line(CONFIG, 5)]);
    // An event list's messages are not read: unknown, with a note.
    let (audit, unknown, notes) = logins("logging enable\nlogging trap LOGINS\n");
    assert!(audit.is_none() && unknown, "{audit:?}");
    assert!(notes.iter().any(|n| n.contains("event list")), "{notes:?}");
}

#[test]
fn detection() {
    for device in ["asa-hardened", "asa-maint-vpn", "asa-truncated"] {
        assert_eq!(platform::detect(&FX.load(device)).map(|p| p.name), Some("cisco_asa"), "{device}");
    }
    let mut snap = Snapshot::empty("x", Path::new("."));
    snap.insert(CONFIG, "hostname r1\nversion 15.2\nend\n");
    assert!(platform::detect(&snap).is_none());
}

#[test]
fn garbage_never_panics() {
    let keywords = [
        "ssh",
        "telnet",
        "http",
        "server",
        "enable",
        "0.0.0.0",
        "255.255.255.0",
        "10.0.0.0",
        "::/0",
        "inside",
        "outside",
        "nameif",
        "security-level",
        "0",
        "100",
        "interface",
        "ip",
        "address",
        "dhcp",
        "pppoe",
        "snmp-server",
        "host",
        "host-group",
        "community",
        "user",
        "v3",
        "version",
        "3",
        "2c",
        "poll",
        "trap",
        "no",
        "logging",
        "ntp",
        "username",
        "password",
        "pbkdf2",
        "encrypted",
        "privilege",
        "15",
        "crypto",
        "map",
        "M",
        "10",
        "set",
        "peer",
        "dynamic",
        "ipsec-isakmp",
        "ikev1",
        "ikev2",
        "tunnel-group",
        "type",
        "ipsec-l2l",
        "remote-access",
        "webvpn",
        ": end",
        "route",
        "tunnel",
        "destination",
        "ASA",
        "Version",
        "9.16(3)19",
        "Cisco Adaptive Security Appliance Software Version",
        "up",
        "Hardware:",
        "Model Id:",
        "\u{fffd}",
        "\"",
    ];
    common::garbage_never_panics(&FX, &keywords, &["asa-hardened", "asa-maint-vpn"]);
}

/// All four ASA `show version` samples of the corpus give the reference version, host
/// name and (where the reference has one) model.
#[test]
fn corpus_show_version() {
    let Some(samples) = common::corpus_samples("cisco_asa", "show_version") else { return };
    assert_eq!(samples.len(), 4);
    for (path, text, expected) in samples {
        let f = common::parse_version("cisco_asa", &text);
        let fw = f.firmware.as_ref().unwrap_or_else(|| panic!("{}: no firmware", path.display()));
        assert_eq!(Some(fw.raw.as_str()), expected["version"].as_str(), "{}", path.display());
        assert_eq!(fw.version.as_deref(), expected["version"].as_str(), "{}", path.display());
        assert_eq!(f.device.hostname.as_deref(), expected["hostname"].as_str(), "{}", path.display());
        // `Model Id` when the sample has one, else the hardware platform.
        let model = expected["model"]
            .as_str()
            .filter(|m| !m.is_empty())
            .or_else(|| expected["hardware"].as_str().and_then(|h| h.split(',').next()).map(str::trim));
        assert_eq!(fw.model.as_deref(), model, "{}", path.display());
        let line = fw.evidence[0].lines[0] as usize;
        assert!(text.lines().nth(line - 1).is_some_and(|l| l.contains(&fw.raw)), "{}", path.display());
        assert!(f.unknown.iter().all(|u| !u.starts_with("firmware")), "{}: {:?}", path.display(), f.unknown);
        let mut snap = Snapshot::empty("c", Path::new("."));
        snap.insert(VERSION, text.as_str());
        assert_eq!(platform::detect(&snap).map(|p| p.name), Some("cisco_asa"), "{}", path.display());
    }
}

/// A remote-access tunnel-group's second factor: a secondary server group or
/// certificate-and-AAA gives one; a AAA server group alone is left open; LOCAL is none.
#[test]
fn remote_access_two_factor() {
    let config = |general: &str, webvpn: &str| {
        format!(
            "ASA Version 9.16(3)19\nhostname fw\nwebvpn\n enable outside\n anyconnect enable\n\
             tunnel-group RA type remote-access\ntunnel-group RA general-attributes\n{general}\
             tunnel-group RA webvpn-attributes\n{webvpn} group-alias ra enable\n: end\n"
        )
    };
    let cases = [
        ("", "", Some(false)),
        (" authentication-server-group LOCAL\n", "", Some(false)),
        (" authentication-server-group RADIUS-OTP\n", "", None),
        // A second server may only ask for a second password.
        (" authentication-server-group ISE\n secondary-authentication-server-group LOCAL\n", "", None),
        ("", " authentication saml\n", None),
        ("", " authentication aaa certificate\n", Some(true)),
    ];
    for (general, webvpn, expected) in cases {
        let (f, notes) = FX.parse_config(&config(general, webvpn));
        let ssl = f.remote_access.iter().find(|r| r.kind == RemoteAccessKind::SslVpn).unwrap_or_else(|| panic!("{notes:?}"));
        assert_eq!(ssl.two_factor, expected, "{general}{webvpn}");
    }
    // A second group with no attributes at all checks LOCAL passwords.
    let (f, _) = FX.parse_config(&format!(
        "{}tunnel-group OLD type remote-access\n: end\n",
        config("", " authentication aaa certificate\n").trim_end_matches(": end\n")
    ));
    let ssl = f.remote_access.iter().find(|r| r.kind == RemoteAccessKind::SslVpn).expect("webvpn");
    assert_eq!(ssl.two_factor, Some(false));
}
