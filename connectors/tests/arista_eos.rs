//! The Arista EOS parser on the project's own fixtures (fixtures/arista_eos): facts
//! field by field with the lines they came from, unknowns for a cut-off configuration,
//! detection, seeded secrets never reaching facts, no panic on garbage, and the
//! ntc-templates `show version` samples.

mod common;

use std::path::Path;

use common::{CONFIG, Fixtures, VERSION, strings};
use kenshin_connectors::platform;
use kenshin_connectors::snapshot::Snapshot;
use kenshin_facts::version::{Family, Version};
use kenshin_facts::{Evidence, InterfaceRole, PasswordStorage, Privilege, ServiceName, SnmpAccess};

const FX: Fixtures = Fixtures::cisco("arista_eos");

const SEEDED: &[&str] = &[
    "SxEosHardAdmin1",
    "SxEosHardOps1",
    "SxEosHardV3A1",
    "SxEosHardV3P1",
    "SxEosOldRoot1",
    "SxEosOldAdmin1",
    "SxEosOldRw1",
    "SxEosCutAdmin1",
    "SxEosCutRo1",
];

#[test]
fn hardened_leaf() {
    const D: &str = "eos-hardened";
    let snap = FX.load(D);
    common::masked(&snap, "SxEos");
    let (f, notes) = FX.parse(&snap);
    assert!(notes.is_empty(), "{notes:?}");
    common::no_secrets(&f, &notes, SEEDED);
    let at = |t: &str| FX.at(D, t);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!(
        (fw.vendor.as_str(), fw.os.as_str(), fw.model.as_deref(), fw.version.as_deref(), fw.raw.as_str()),
        ("arista", "eos", Some("DCS-7050SX3-48YC8"), Some("4.30.5M"), "4.30.5M")
    );
    assert_eq!(fw.evidence, vec![Evidence::line(VERSION, FX.line_no(D, VERSION, "Software image version: 4.30.5M"))]);
    assert_eq!(f.device.hostname.as_deref(), Some("kenshin-eos-core"));

    // SSH in the default VRF and in MGMT, both behind the MGMT-ONLY list.
    let ssh = f.service(ServiceName::Ssh).expect("ssh");
    assert!(ssh.enabled);
    let acl = FX.range(D, "ip access-list standard MGMT-ONLY", "10 permit 10.30.0.0/24");
    let paths: Vec<_> = f.management_access.iter().filter(|m| m.service == ServiceName::Ssh).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    let default_vrf = paths.iter().find(|m| m.interface.is_none()).expect("default vrf");
    assert_eq!(
        (default_vrf.sources.clone(), default_vrf.restricted_by.as_deref()),
        (strings(&["10.30.0.0/24"]), Some("ip access-group MGMT-ONLY"))
    );
    let group_lines = FX.lines_of(D, "ip access-group MGMT-ONLY in");
    assert_eq!(group_lines.len(), 2);
    assert_eq!(default_vrf.evidence, vec![at("management ssh"), group_lines[0].clone(), acl.clone()]);
    let mgmt_vrf = paths.iter().find(|m| m.interface.as_deref() == Some("vrf MGMT")).expect("vrf MGMT");
    assert_eq!(mgmt_vrf.sources, strings(&["10.30.0.0/24"]));
    assert_eq!(
        mgmt_vrf.evidence,
        vec![at("management ssh"), FX.lines_of(D, "vrf MGMT")[0].clone(), at("no shutdown"), group_lines[1].clone(), acl]
    );
    // Telnet explicitly shut; no eAPI block.
    let telnet = f.service(ServiceName::Telnet).expect("telnet");
    assert!(!telnet.enabled);
    assert_eq!(telnet.evidence, vec![at("management telnet"), at("shutdown")]);
    for name in [ServiceName::Http, ServiceName::Https] {
        let s = f.service(name).expect("web");
        assert!(!s.enabled && s.evidence.is_empty(), "{name:?}");
    }
    assert!(f.management_access.iter().all(|m| !m.is_unrestricted()));

    let snmp = f.snmp.as_ref().expect("snmp");
    assert!(snmp.communities.is_empty());
    let user = &snmp.v3_users[0];
    assert_eq!((user.name.as_str(), user.auth.as_deref(), user.privacy.as_deref()), ("kenshinmon", Some("sha"), Some("aes")));
    assert_eq!(user.evidence, vec![at("snmp-server user kenshinmon KENSHIN-V3 v3 auth sha ******** priv aes ********")]);

    let admin = f.accounts.iter().find(|a| a.name == "admin").expect("admin");
    assert_eq!((admin.privilege, admin.password_storage), (Privilege::Admin, PasswordStorage::Strong));
    assert_eq!(admin.evidence, vec![at("username admin privilege 15 role network-admin secret sha512 ********")]);
    let ops = f.accounts.iter().find(|a| a.name == "netops").expect("netops");
    assert_eq!((ops.privilege, ops.password_storage), (Privilege::ReadOnly, PasswordStorage::Strong));
    // `no aaa root`: no root account.
    assert_eq!(f.accounts.len(), 2);

    let log = f.logging.as_ref().expect("logging");
    assert_eq!((log.remote_hosts.clone(), log.ntp_servers.clone()), (strings(&["10.30.0.20"]), strings(&["10.30.0.1"])));
    assert_eq!(log.evidence, vec![at("ntp server vrf MGMT 10.30.0.1 prefer iburst"), at("logging vrf MGMT host 10.30.0.20")]);
    let logins = log.logins.as_ref().expect("logins");
    assert!(logins.logons);
    assert_eq!(
        logins.evidence,
        vec![at("aaa accounting exec default start-stop logging"), at("aaa authentication policy on-failure log")]
    );
    // Exec accounting alone records successful sessions only: failed logins unknown.
    let config = snap.artifact(CONFIG).expect("config").replace("aaa authentication policy on-failure log\n", "");
    let (alone, _) = FX.parse_config(&config);
    assert!(alone.logging.as_ref().is_some_and(|l| l.logins.is_none()) && alone.is_unknown("logging.logins"));
    let auth = f.auth_policy.as_ref().expect("auth policy");
    assert_eq!((auth.min_password_length, auth.lockout_threshold), (Some(12), Some(5)));
    assert_eq!(
        auth.evidence,
        vec![at("password minimum length 12"), at("aaa authentication policy lockout failure 5 window 900 duration 600")]
    );

    let mgmt = f.interfaces.iter().find(|i| i.name == "Management1").expect("Management1");
    assert_eq!((mgmt.role, mgmt.addresses.clone()), (InterfaceRole::Management, strings(&["10.30.0.10/24"])));
    let uplink = f.interfaces.iter().find(|i| i.name == "Ethernet1").expect("Ethernet1");
    assert_eq!(
        (uplink.role, uplink.addresses.clone(), uplink.description.as_deref()),
        (InterfaceRole::Unknown, strings(&["10.40.0.2/30"]), Some("to-firewall"))
    );
    assert_eq!(uplink.evidence, vec![FX.range(D, "interface Ethernet1", "ip address 10.40.0.2/30")]);
    assert!(f.remote_access.is_empty());
    assert!(f.unknown.is_empty(), "{:?}", f.unknown);
}

#[test]
fn legacy_switch_open_to_anyone() {
    const D: &str = "eos-legacy";
    let snap = FX.load(D);
    common::masked(&snap, "SxEos");
    let (f, notes) = FX.parse(&snap);
    // Without failed logins logged, login logging is left unknown, not off.
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("login logging cannot be confirmed from the configuration"), "{notes:?}");
    common::no_secrets(&f, &notes, SEEDED);
    let at = |t: &str| FX.at(D, t);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.model.as_deref(), fw.version.as_deref()), (Some("DCS-7010T-48"), Some("4.21.3F")));

    // SSH by default (no `management ssh` block), Telnet on: both from anywhere.
    let ssh = f.service(ServiceName::Ssh).expect("ssh");
    assert!(ssh.enabled && ssh.evidence.is_empty());
    let telnet = f.service(ServiceName::Telnet).expect("telnet");
    assert!(telnet.enabled);
    let telnet_block = at("management telnet");
    let no_shutdown = FX.lines_of(D, "no shutdown");
    assert_eq!(telnet.evidence, vec![telnet_block, no_shutdown[1].clone()]);
    // eAPI on, over HTTPS (default) and HTTP (`protocol http`).
    let https = f.service(ServiceName::Https).expect("https");
    assert!(https.enabled);
    let http = f.service(ServiceName::Http).expect("http");
    assert!(http.enabled);
    assert!(http.evidence.contains(&at("protocol http")) && http.evidence.contains(&at("management api http-commands")));
    for name in [ServiceName::Ssh, ServiceName::Telnet, ServiceName::Http, ServiceName::Https] {
        let m = f.management_access.iter().find(|m| m.service == name).expect("path");
        assert!(m.is_unrestricted() && m.interface.is_none(), "{name:?}");
    }

    let snmp = f.snmp.as_ref().expect("snmp");
    assert_eq!(snmp.communities.len(), 2);
    let public = &snmp.communities[0];
    assert_eq!((public.access, public.default_name, public.sources.clone()), (SnmpAccess::Ro, true, strings(&["any"])));
    assert_eq!(public.evidence, vec![at("snmp-server community ******** ro")]);
    let rw = &snmp.communities[1];
    assert_eq!((rw.access, rw.default_name, rw.sources.clone()), (SnmpAccess::Rw, false, strings(&["any"])));

    // MD5-crypt for admin, no password for the vendor, and a root password set.
    let admin = f.accounts.iter().find(|a| a.name == "admin").expect("admin");
    assert_eq!((admin.privilege, admin.password_storage), (Privilege::Admin, PasswordStorage::Weak));
    assert_eq!(admin.evidence, vec![at("username admin privilege 15 role network-admin secret 5 ********")]);
    let vendor = f.accounts.iter().find(|a| a.name == "vendor").expect("vendor");
    assert_eq!((vendor.privilege, vendor.password_storage), (Privilege::Admin, PasswordStorage::None));
    let root = f.accounts.iter().find(|a| a.name == "root").expect("root");
    assert_eq!((root.privilege, root.password_storage), (Privilege::Admin, PasswordStorage::Strong));
    assert_eq!(root.evidence, vec![at("aaa root secret sha512 ********")]);

    let log = f.logging.as_ref().expect("logging");
    assert!(log.remote_hosts.is_empty() && log.ntp_servers.is_empty());
    assert!(log.logins.is_none());
    let wan = f.interfaces.iter().find(|i| i.name == "Ethernet48").expect("Ethernet48");
    assert_eq!(wan.role, InterfaceRole::Wan);
    assert_eq!(f.unknown, vec!["logging.logins"]);
}

#[test]
fn truncated_config_concludes_nothing_from_absence() {
    const D: &str = "eos-truncated";
    let snap = FX.load(D);
    assert!(snap.artifact(VERSION).is_none());
    common::masked(&snap, "SxEos");
    let (f, notes) = FX.parse(&snap);
    common::no_secrets(&f, &notes, SEEDED);
    assert!(notes.iter().any(|n| n.contains("truncated")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("! device:")), "{notes:?}");

    // Firmware and model from the `! device:` header.
    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.model.as_deref(), fw.version.as_deref()), (Some("DCS-7280SR-48C6"), Some("4.28.9M")));
    assert_eq!(fw.evidence, vec![FX.at(D, "! device: lab-eos-02 (DCS-7280SR-48C6, EOS-4.28.9M)")]);

    for path in
        ["services.ssh", "services.http", "services.https", "management_access", "snmp", "accounts", "logging", "interfaces"]
    {
        assert!(f.is_unknown(path), "{path} should be unknown: {:?}", f.unknown);
    }
    assert!(f.service(ServiceName::Ssh).is_none() && f.logging.is_none() && f.auth_policy.is_none());
    assert!(f.unknown.iter().any(|u| u == "logging.logins"), "{:?}", f.unknown);
    // The Telnet block is complete before the cut; the cut community line is not read.
    assert!(f.service(ServiceName::Telnet).expect("telnet").enabled);
    assert!(f.snmp.as_ref().is_none_or(|s| s.communities.is_empty()));
    assert_eq!(f.accounts.len(), 1);
}

#[test]
fn vrf_blocks_shutdown_and_cut_blocks() {
    let mut snap = Snapshot::empty("e", Path::new("."));
    snap.insert(
        CONFIG,
        "hostname e1\nmanagement ssh\n   shutdown\n   vrf MGMT\n      no shutdown\n   vrf OTHER\n      ip access-group X in\n\
         management api http-commands\n   no protocol https\n   no shutdown\n\
         snmp-server community SxEosInline1 view all rw SNMP-SRC\nip access-list SNMP-SRC\n   10 permit ip host 10.1.1.1 any\n\
         username lab secret 0 SxEosInline2\nusername lab ssh-key ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE lab@x\n\
         ip access-list X\n   10 permit ip 10.0.0.0/8 any\nend\n",
    );
    common::masked(&snap, "SxEosInline");
    let (f, _) = FX.parse(&snap);
    // Only the MGMT VRF serves SSH; OTHER has no `no shutdown`.
    let ssh: Vec<_> = f.management_access.iter().filter(|m| m.service == ServiceName::Ssh).collect();
    assert_eq!(ssh.len(), 1);
    assert_eq!((ssh[0].interface.as_deref(), ssh[0].sources.clone()), (Some("vrf MGMT"), strings(&["any"])));
    // eAPI on, but with HTTPS turned off and HTTP never turned on.
    assert!(!f.service(ServiceName::Https).expect("https").enabled && !f.service(ServiceName::Http).expect("http").enabled);
    let c = &f.snmp.as_ref().expect("snmp").communities[0];
    assert_eq!((c.access, c.sources.clone()), (SnmpAccess::Rw, strings(&["10.1.1.1/32"])));
    let lab = &f.accounts[0];
    assert_eq!((lab.privilege, lab.password_storage, lab.evidence.len()), (Privilege::ReadOnly, PasswordStorage::Plain, 2));

    // A configuration cut inside its last block: that block's service is unknown.
    let mut snap = Snapshot::empty("e", Path::new("."));
    snap.insert(CONFIG, "hostname e2\nmanagement telnet\n   idle-timeout 5\n");
    let (f, _) = FX.parse(&snap);
    assert!(f.service(ServiceName::Telnet).is_none() && f.is_unknown("services.telnet"));
}

#[test]
fn detection() {
    for device in ["eos-hardened", "eos-legacy", "eos-truncated"] {
        assert_eq!(platform::detect(&FX.load(device)).map(|p| p.name), Some("arista_eos"), "{device}");
    }
}

#[test]
fn garbage_never_panics() {
    let keywords = [
        "management",
        "ssh",
        "telnet",
        "api",
        "http-commands",
        "http-server",
        "protocol",
        "http",
        "https",
        "shutdown",
        "no",
        "vrf",
        "MGMT",
        "ip",
        "access-group",
        "in",
        "access-list",
        "standard",
        "10",
        "permit",
        "deny",
        "any",
        "host",
        "10.0.0.0/8",
        "10.1.1.1",
        "snmp-server",
        "community",
        "ro",
        "rw",
        "view",
        "ipv6",
        "user",
        "v3",
        "auth",
        "priv",
        "sha",
        "aes",
        "username",
        "privilege",
        "15",
        "role",
        "network-admin",
        "secret",
        "sha512",
        "5",
        "0",
        "nopassword",
        "aaa",
        "root",
        "logging",
        "ntp",
        "server",
        "interface",
        "Management1",
        "Ethernet1",
        "address",
        "dhcp",
        "end",
        "!",
        "! device:",
        "(DCS-7050, EOS-4.28.9M)",
        "Arista",
        "Software image version:",
        "4.28.9M",
        "\u{fffd}",
    ];
    common::garbage_never_panics(&FX, &keywords, &["eos-hardened", "eos-legacy"]);
}

/// All five EOS `show version` samples of the corpus give the reference image version
/// (`raw` equals it exactly, engineering builds included) and model.
#[test]
fn corpus_show_version() {
    let Some(samples) = common::corpus_samples("arista_eos", "show_version") else { return };
    assert_eq!(samples.len(), 5);
    for (path, text, expected) in samples {
        let f = common::parse_version("arista_eos", &text);
        let fw = f.firmware.as_ref().unwrap_or_else(|| panic!("{}: no firmware", path.display()));
        let image = expected["image"].as_str().expect("image");
        assert_eq!(fw.raw, image, "{}", path.display());
        let normalised = Version::parse(Family::Eos, image).expect("version").to_string();
        assert_eq!(fw.version.as_deref(), Some(normalised.as_str()), "{}", path.display());
        assert_eq!(fw.model.as_deref(), expected["model"].as_str(), "{}", path.display());
        let line = fw.evidence[0].lines[0] as usize;
        assert!(text.lines().nth(line - 1).is_some_and(|l| l.contains(image)), "{}", path.display());
        let mut snap = Snapshot::empty("c", Path::new("."));
        snap.insert(VERSION, text.as_str());
        assert_eq!(platform::detect(&snap).map(|p| p.name), Some("arista_eos"), "{}", path.display());
    }
}
