//! The Allied Telesis AlliedWare Plus parser on the project's own fixtures
//! (fixtures/allied_telesis_awplus): facts field by field with the line each came
//! from, unknowns for a cut-off configuration, platform detection, secrets never
//! reaching facts, and no panic on garbage or on any prefix of a real configuration.

mod common;

use common::Fixtures;

use std::path::Path;

use kenshin_connectors::platform;
use kenshin_connectors::snapshot::Snapshot;
use kenshin_facts::{DeviceKind, Evidence, InterfaceRole, PasswordStorage, Privilege, ServiceName, SnmpAccess};

const SYSTEM: &str = "show_system.txt";
const CONFIG: &str = "show_running-config.txt";
const PLATFORM: &str = "allied_telesis_awplus";

/// Every secret written into the fixtures; none may appear in facts or notes.
const SEEDED: &[&str] = &[
    "SxAwpHardAdm1",
    "SxAwpHardMon1",
    "SxAwpHardV3A1",
    "SxAwpHardV3P1",
    "SxAwpOldVendor1",
    "SxAwpOldComm1",
    "JwOJGPr7YqoExA0GVasdE0",
];

const FX: Fixtures = Fixtures { platform: "allied_telesis_awplus", kind: DeviceKind::Switch, version: SYSTEM, config: CONFIG };

/// A block from its header to its last indented line.
fn block(device: &str, header: &str) -> Evidence {
    let first = FX.line_no(device, CONFIG, header);
    let snap = FX.load(device);
    let text = snap.artifact(CONFIG).expect("config");
    let last =
        text.lines().enumerate().skip(first as usize).take_while(|(_, l)| l.starts_with(' ')).last().map(|(i, _)| i as u32 + 1);
    Evidence::lines(CONFIG, first, last.unwrap_or(first))
}

#[test]
fn hardened_x530() {
    const D: &str = "awp-hardened";
    let snap = FX.load(D);
    assert!(snap.artifact(CONFIG).is_some_and(|t| !t.contains("SxAwp")));
    let (f, notes) = FX.parse(&snap);
    // Login logging is never concluded on AW+: its one note.
    assert_eq!(notes, vec![format!("{CONFIG}: login logging cannot be confirmed from the configuration (AlliedWare Plus)")]);
    common::no_secrets(&f, &notes, SEEDED);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!(
        (fw.vendor.as_str(), fw.os.as_str(), fw.model.as_deref(), fw.version.as_deref(), fw.raw.as_str()),
        ("allied_telesis", "awplus", Some("x530-28GTXm"), Some("5.5.2-1.1"), "5.5.2-1.1")
    );
    assert_eq!(fw.evidence, vec![Evidence::line(SYSTEM, FX.line_no(D, SYSTEM, "Software version   : 5.5.2-1.1"))]);
    assert_eq!(f.device.hostname.as_deref(), Some("HOSP-CORE-SW"));

    let svc = |n: ServiceName| f.service(n).unwrap_or_else(|| panic!("{n:?}"));
    assert!(!svc(ServiceName::Telnet).enabled);
    assert_eq!(svc(ServiceName::Telnet).evidence, vec![FX.at(D, "no service telnet")]);
    assert!(svc(ServiceName::Ssh).enabled);
    assert_eq!(svc(ServiceName::Ssh).evidence, vec![FX.at(D, "service ssh")]);
    assert!(!svc(ServiceName::Http).enabled);
    assert_eq!(svc(ServiceName::Http).evidence, vec![FX.at(D, "no service http")]);

    // SSH through the vty lines, limited by access list 10.
    assert_eq!(f.management_access.len(), 1, "{:?}", f.management_access);
    let ssh = &f.management_access[0];
    assert_eq!(
        (ssh.service, ssh.interface.as_deref(), ssh.sources.as_slice(), ssh.restricted_by.as_deref()),
        (ServiceName::Ssh, Some("vty 0 4"), &["192.168.20.0/24".to_string()][..], Some("access-class 10"))
    );
    assert_eq!(
        ssh.evidence,
        vec![
            FX.at(D, "service ssh"),
            block(D, "line vty 0 4"),
            FX.at(D, "access-list 10 permit 192.168.20.0 0.0.0.255"),
            FX.at(D, "access-list 10 deny any"),
        ]
    );

    // SNMPv3 only, with authentication and privacy.
    let snmp_svc = svc(ServiceName::Snmp);
    assert!(snmp_svc.enabled);
    assert_eq!(
        snmp_svc.evidence,
        vec![FX.at(D, "snmp-server"), FX.at(D, "snmp-server user kenshinmon monitor-grp auth sha ******** priv aes ********")]
    );
    let snmp = f.snmp.as_ref().expect("snmp");
    assert!(snmp.communities.is_empty());
    assert_eq!(snmp.v3_users.len(), 1);
    let u = &snmp.v3_users[0];
    assert_eq!((u.name.as_str(), u.auth.as_deref(), u.privacy.as_deref()), ("kenshinmon", Some("sha"), Some("aes")));

    // Passwords encrypted as MD5-crypt: hashed, but weak.
    assert_eq!(f.accounts.len(), 2);
    let admin = &f.accounts[0];
    assert_eq!(
        (admin.name.as_str(), admin.privilege, admin.password_storage),
        ("hospadm", Privilege::Admin, PasswordStorage::Weak)
    );
    assert_eq!(admin.evidence, vec![FX.at(D, "username hospadm privilege 15 password 8 ********")]);
    let mon = &f.accounts[1];
    assert_eq!((mon.name.as_str(), mon.privilege, mon.password_storage), ("monitor", Privilege::ReadOnly, PasswordStorage::Weak));

    let auth = f.auth_policy.as_ref().expect("auth policy");
    assert_eq!((auth.min_password_length, auth.lockout_threshold), (Some(12), Some(5)));
    assert_eq!(
        auth.evidence,
        vec![FX.at(D, "security-password minimum-length 12"), FX.at(D, "aaa local authentication attempts max-fail 5")]
    );

    let log = f.logging.as_ref().expect("logging");
    assert_eq!(log.remote_hosts, vec!["192.168.20.10"]);
    assert_eq!(log.ntp_servers, vec!["192.168.20.1", "133.243.238.164"]);
    assert_eq!(
        log.evidence,
        vec![FX.at(D, "log host 192.168.20.10"), FX.at(D, "ntp server 192.168.20.1"), FX.at(D, "ntp server 133.243.238.164")]
    );

    assert!(f.remote_access.is_empty());
    // Only routed interfaces; switch ports are left out.
    assert_eq!(f.interfaces.len(), 2);
    let vlan10 = &f.interfaces[0];
    assert_eq!(
        (vlan10.name.as_str(), vlan10.role, vlan10.addresses.as_slice(), vlan10.description.as_deref()),
        ("vlan10", InterfaceRole::Lan, &["192.168.10.2/24".to_string()][..], Some("Hospital LAN"))
    );
    assert_eq!(vlan10.evidence, vec![block(D, "interface vlan10")]);
    assert_eq!(f.interfaces[1].name, "vlan20");

    assert!(log.logins.is_none());
    assert_eq!(f.unknown, vec!["services.https", "logging.logins"]);
}

#[test]
fn neglected_x510() {
    const D: &str = "awp-neglected";
    let (f, notes) = FX.parse(&FX.load(D));
    common::no_secrets(&f, &notes, SEEDED);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.model.as_deref(), fw.version.as_deref()), (Some("x510-28GTX"), Some("5.4.4-3.10")));
    assert_eq!(f.device.hostname.as_deref(), Some("floor3-sw"));

    // Telnet and the web GUI on, open to anyone; SSH off.
    let telnet = f.service(ServiceName::Telnet).expect("telnet");
    assert!(telnet.enabled);
    assert_eq!(telnet.evidence, vec![FX.at(D, "service telnet")]);
    assert!(!f.service(ServiceName::Ssh).expect("ssh").enabled);
    assert!(f.service(ServiceName::Http).expect("http").enabled);
    let vty = f.management_access.iter().find(|m| m.service == ServiceName::Telnet).expect("telnet access");
    assert_eq!((vty.interface.as_deref(), vty.restricted_by.as_deref()), (Some("vty 0 4"), None));
    assert!(vty.is_unrestricted());
    assert_eq!(vty.evidence, vec![FX.at(D, "service telnet"), FX.at(D, "line vty 0 4")]);
    let http = f.management_access.iter().find(|m| m.service == ServiceName::Http).expect("http access");
    assert!(http.is_unrestricted() && http.interface.is_none());
    assert!(f.management_access.iter().all(|m| m.service != ServiceName::Ssh));

    // `public` read-write from anywhere, and a community whose list permits any.
    let c = &f.snmp.as_ref().expect("snmp").communities;
    assert_eq!(c.len(), 2);
    assert_eq!((c[0].access, c[0].default_name, c[0].sources.as_slice()), (SnmpAccess::Rw, true, &["any".to_string()][..]));
    assert_eq!(c[0].evidence, vec![FX.at(D, "snmp-server community ******** rw")]);
    assert_eq!((c[1].access, c[1].default_name, c[1].sources.as_slice()), (SnmpAccess::Ro, false, &["any".to_string()][..]));
    assert_eq!(c[1].evidence, vec![FX.at(D, "snmp-server community ******** ro 20"), FX.at(D, "access-list 20 permit any")]);
    let snmp_access: Vec<_> = f.management_access.iter().filter(|m| m.service == ServiceName::Snmp).collect();
    assert_eq!(snmp_access.len(), 2);
    assert_eq!(snmp_access[1].restricted_by.as_deref(), Some("snmp-server community ... 20"));

    // The factory `manager` password, and a vendor account in clear text.
    let manager = f.accounts.iter().find(|a| a.name == "manager").expect("manager");
    assert_eq!((manager.privilege, manager.password_storage), (Privilege::Admin, PasswordStorage::Weak));
    assert_eq!(manager.evidence, vec![FX.at(D, "username manager privilege 15 password 8 ********")]);
    assert!(notes.iter().any(|n| n.contains("\"manager\" has the AW+ factory-default password")), "{notes:?}");
    let vendor = f.accounts.iter().find(|a| a.name == "vendor").expect("vendor");
    assert_eq!((vendor.privilege, vendor.password_storage), (Privilege::Admin, PasswordStorage::Plain));
    assert_eq!(vendor.evidence, vec![FX.at(D, "username vendor privilege 15 password ********")]);

    // No remote log, no time source, no password policy.
    let log = f.logging.as_ref().expect("logging");
    assert!(log.remote_hosts.is_empty() && log.ntp_servers.is_empty());
    let auth = f.auth_policy.as_ref().expect("auth policy");
    assert_eq!((auth.min_password_length, auth.lockout_threshold), (None, None));
    assert_eq!(f.interfaces.len(), 1);
    assert_eq!(f.interfaces[0].role, InterfaceRole::Lan);
    assert!(log.logins.is_none());
    assert_eq!(f.unknown, vec!["services.https", "logging.logins"]);
}

#[test]
fn truncated_config_concludes_nothing_from_absence() {
    const D: &str = "awp-truncated";
    let (f, notes) = FX.parse(&FX.load(D));
    common::no_secrets(&f, &notes, SEEDED);
    assert!(notes.iter().any(|n| n.contains("cut off")), "{notes:?}");
    assert!(f.firmware.is_some());
    for path in ["management_access", "snmp", "accounts", "logging", "remote_access", "interfaces", "auth_policy"] {
        assert!(f.is_unknown(path), "{path} should be unknown: {:?}", f.unknown);
    }
    assert!(f.logging.is_none() && f.auth_policy.is_none());
    // A mark of `logging` does not cover the path below it: it is marked itself.
    assert!(f.unknown.iter().any(|u| u == "logging.logins"), "{:?}", f.unknown);
    // Lines before the cut still say what they say.
    assert!(f.service(ServiceName::Telnet).expect("telnet").enabled);
    assert!(f.service(ServiceName::Snmp).expect("snmp").enabled);
    // The vty lines were cut off: who may use telnet is unknown, not "nobody".
    assert!(f.management_access.iter().all(|m| m.service != ServiceName::Telnet));
    assert!(f.is_unknown("management_access.vty"));
    // The partial last line (`snmp-server commu`) is not read as a community.
    assert_eq!(f.snmp.as_ref().expect("snmp").communities.len(), 1);
}

#[test]
fn unstated_services_are_unknown_and_storage_follows_the_hash() {
    let (f, notes) = FX.parse_config(
        "!\nusername a privilege 7 password 8 $6$SxAwpSalt$SxAwpInline1\nusername b password 8 SxAwpInline2\nusername c\n\
         snmp-server community SxAwpInline3 view v ro nolist\n\
         access-list standard mgmt permit 10.9.0.0/16\n\
         ip access-list standard ops\n 10 permit host 10.9.1.1\n 20 deny any\n\
         crypto isakmp key SxAwpInline4 address 0.0.0.0 0.0.0.0\n\
         interface eth0\n ip address 203.0.113.5/28\n\
         line vty 0 4\n access-class mgmt\nline vty 5 9\n access-class ops\nend\n",
    );
    let json = serde_json::to_string(&f).expect("json");
    assert!(!json.contains("SxAwpInline"), "{json}");
    // No `service telnet|ssh|http` line either way: unknown, with a note.
    for name in ["telnet", "ssh", "http"] {
        assert!(f.is_unknown(&format!("services.{name}")), "{name}");
        assert!(notes.iter().any(|n| n.contains(&format!("\"no service {name}\""))), "{notes:?}");
    }
    let storage: Vec<_> = f.accounts.iter().map(|a| (a.name.as_str(), a.privilege, a.password_storage)).collect();
    assert_eq!(
        storage,
        vec![
            ("a", Privilege::Operator, PasswordStorage::Strong),
            ("b", Privilege::Unknown, PasswordStorage::Unknown),
            ("c", Privilege::Unknown, PasswordStorage::Unknown),
        ]
    );
    // A community whose list does not exist is not resolved; no snmp-server line, but a
    // community: the agent answers.
    let c = &f.snmp.as_ref().expect("snmp").communities[0];
    assert_eq!(c.sources, vec!["acl:nolist"]);
    assert!(f.service(ServiceName::Snmp).expect("snmp").enabled);
    let vpn = &f.remote_access[0];
    assert_eq!(vpn.peer_sources, vec!["any"]);
    // A public address is not called a LAN (nor a WAN: AW+ roles stop at LAN).
    assert_eq!(f.interfaces[0].role, InterfaceRole::Unknown);
    // Telnet's state is unknown, so no vty access is reported from these lists.
    assert!(f.management_access.iter().all(|m| m.interface.as_deref() != Some("vty 0 4")));
}

#[test]
fn named_lists_on_vty_lines() {
    let (f, _) = FX.parse_config(
        "service telnet\nno service ssh\nno service http\nno snmp-server\n\
         access-list standard mgmt permit 10.9.0.0/16\n\
         ip access-list standard ops\n 10 permit host 10.9.1.1\n 20 deny any\n\
         line vty 0 4\n access-class mgmt\nline vty 5 9\n access-class ops\nline vty 10 15\n access-class missing\nend\n",
    );
    let sources: Vec<_> =
        f.management_access.iter().map(|m| (m.interface.as_deref().unwrap_or(""), m.sources.join(","))).collect();
    assert_eq!(
        sources,
        vec![("vty 0 4", "10.9.0.0/16".to_string()), ("vty 5 9", "10.9.1.1/32".into()), ("vty 10 15", "acl:missing".into())]
    );
    assert!(!f.service(ServiceName::Snmp).expect("snmp").enabled);
    assert!(f.snmp.as_ref().expect("snmp").communities.is_empty());
}

#[test]
fn detection() {
    for device in ["awp-hardened", "awp-neglected", "awp-truncated"] {
        assert_eq!(platform::detect(&FX.load(device)).map(|p| p.name), Some(PLATFORM), "{device}");
    }
    let mut snap = Snapshot::empty("x", Path::new("."));
    snap.insert(SYSTEM, "System Status      Mon Jan 1 2024\nSoftware version   : 5.5.5-0.5\n");
    assert_eq!(platform::detect(&snap).map(|p| p.name), Some(PLATFORM));
    let mut snap = Snapshot::empty("x", Path::new("."));
    snap.insert(SYSTEM, "Software version : 5.5.5-0.5\n");
    assert!(platform::detect(&snap).is_none());
}

#[test]
fn stacked_show_system() {
    let mut snap = Snapshot::empty("s", Path::new("."));
    snap.insert(
        SYSTEM,
        "Stack System Status                                    Thu Jun 17 02:35:41 2021\n\nStack member 1\n\n\
         Board       ID  Bay   Board Name                         Rev   Serial number\n\
         Base       535  Base  AT-GS970M/10PS                     B-0   A10034A000000017\n\
         Current software   : GS970M-5.5.5-0.5.rel\nSoftware version   : 5.5.5-0.5\n\nSystem Name\n\nSystem Contact\n",
    );
    let (f, _) = FX.parse(&snap);
    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.model.as_deref(), fw.version.as_deref()), (Some("AT-GS970M/10PS"), Some("5.5.5-0.5")));
    // An empty system name is not a host name.
    assert!(f.device.hostname.is_none());
    assert!(f.is_unknown("services"));
}

#[test]
fn garbage_never_panics() {
    let keywords = [
        "service",
        "no",
        "telnet",
        "ssh",
        "http",
        "snmp-server",
        "community",
        "ro",
        "rw",
        "view",
        "user",
        "auth",
        "priv",
        "username",
        "privilege",
        "15",
        "password",
        "8",
        "access-list",
        "standard",
        "extended",
        "10",
        "3000",
        "permit",
        "deny",
        "any",
        "host",
        "10.1.0.0",
        "0.0.255.255",
        "10.1.0.0/16",
        "::/0",
        "ip",
        "line",
        "vty",
        "access-class",
        "log",
        "ntp",
        "server",
        "interface",
        "vlan1",
        "address",
        "dhcp",
        "crypto",
        "isakmp",
        "key",
        "security-password",
        "minimum-length",
        "aaa",
        "local",
        "authentication",
        "attempts",
        "max-fail",
        "end",
        "!",
        "Software version",
        ":",
        "System Name",
        "Base",
        "\u{fffd}",
    ];
    common::garbage_never_panics(&FX, &keywords, &["awp-hardened", "awp-neglected"]);
    // Bare markers alone.
    for t in ["end", "!\n"] {
        let (f, _) = FX.parse(&common::inline(&[(CONFIG, t), (SYSTEM, t)]));
        serde_json::to_string(&f).expect("json");
    }
}

#[test]
fn every_prefix_of_a_fixture_parses() {
    for device in ["awp-hardened", "awp-neglected"] {
        let snap = FX.load(device);
        let text = snap.artifact(CONFIG).expect("config").to_string();
        for end in 0..text.len() {
            if !text.is_char_boundary(end) || text[..end].trim_end().ends_with("end") {
                continue;
            }
            let mut s = Snapshot::empty("p", Path::new("."));
            s.insert(CONFIG, &text[..end]);
            let (f, _) = FX.parse(&s);
            assert!(f.is_unknown("management_access") && f.is_unknown("accounts"), "{device} cut at {end}");
        }
    }
}

/// The ntc-templates corpus holds no AW+ `show system` samples; if it ever does, each
/// must give its reference version.
#[test]
fn corpus_show_system_samples() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/ntc-templates/allied_telesis_awplus/show_system");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no AW+ samples in the corpus ({})", dir.display());
        return;
    };
    for raw in entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "raw")) {
        let text = std::fs::read_to_string(&raw).expect("raw");
        let yml: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(&std::fs::read_to_string(raw.with_extension("yml")).expect("yml")).expect("yaml");
        let mut snap = Snapshot::empty("c", Path::new("."));
        snap.insert(SYSTEM, text);
        let (f, _) = FX.parse(&snap);
        let sample = &yml["parsed_sample"][0];
        let expected = sample["software_version"].as_str().or(sample["version"].as_str());
        assert_eq!(f.firmware.as_ref().map(|fw| fw.raw.as_str()), expected, "{}", raw.display());
    }
}
