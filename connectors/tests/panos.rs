//! The PAN-OS parser on the project's own fixtures (fixtures/paloalto_panos): facts field
//! by field with the line each came from, unknowns for an unreadable (cut-off) XML
//! configuration, platform detection, secrets never reaching facts, no panic on
//! garbage, and the ntc-templates `show system info` corpus.

mod common;

use common::{Fixtures, Lcg};

use std::path::Path;

use kenshin_connectors::platform;
use kenshin_connectors::snapshot::Snapshot;
use kenshin_facts::{DeviceKind, Evidence, InterfaceRole, PasswordStorage, Privilege, RemoteAccessKind, ServiceName, SnmpAccess};

const INFO: &str = "show_system_info.txt";
const CONFIG: &str = "show_config_running.txt";

/// Every secret written into the fixtures; none may appear in facts or notes.
const SEEDED: &[&str] = &[
    "SxPanosHardAdm1",
    "SxPanosHardAud1",
    "SxPanosHardPsk1",
    "SxPanosHardV3a1",
    "SxPanosHardV3p1",
    "SxPanosOldAdm1",
    "SxPanosOldVnd1",
    "SxPanosOldPsk1",
];

const FX: Fixtures = Fixtures { platform: "paloalto_panos", kind: DeviceKind::Firewall, version: INFO, config: CONFIG };

use common::{inline, strings};

/// Evidence for the `n`th (0-based) line reading `text`.
fn nth(device: &str, text: &str, n: usize) -> Evidence {
    FX.lines_of(device, text)[n].clone()
}

#[test]
fn hardened_pa440() {
    const D: &str = "pa-hardened";
    let snap = FX.load(D);
    assert!(snap.artifact(CONFIG).is_some_and(|t| !t.contains("SxPanos")), "seeded secrets masked on load");
    let (f, notes) = FX.parse(&snap);
    assert!(notes.is_empty(), "{notes:?}");
    common::no_secrets(&f, &notes, SEEDED);
    let ev = |t: &str| FX.at_in(D, CONFIG, t);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!(
        (fw.vendor.as_str(), fw.os.as_str(), fw.model.as_deref(), fw.version.as_deref(), fw.raw.as_str()),
        ("paloaltonetworks", "panos", Some("PA-440"), Some("10.2.9-h1"), "10.2.9-h1")
    );
    assert_eq!(fw.evidence, vec![FX.at_in(D, INFO, "sw-version: 10.2.9-h1")]);
    assert_eq!(f.device.hostname.as_deref(), Some("KENSHIN-PA-HQ"));

    let telnet = f.service(ServiceName::Telnet).expect("telnet");
    assert!(!telnet.enabled);
    assert_eq!(telnet.evidence, vec![ev("<disable-telnet>yes</disable-telnet>")]);
    let http = f.service(ServiceName::Http).expect("http");
    assert!(!http.enabled);
    assert_eq!(http.evidence, vec![ev("<disable-http>yes</disable-http>")]);
    let snmp_service = f.service(ServiceName::Snmp).expect("snmp");
    assert!(snmp_service.enabled);
    assert_eq!(snmp_service.evidence, vec![ev("<disable-snmp>no</disable-snmp>")]);
    for name in [ServiceName::Https, ServiceName::Ssh] {
        let s = f.service(name).expect("service");
        assert!(s.enabled, "{name:?}");
        assert!(s.evidence.contains(&ev("<interface-management-profile>lan-admin</interface-management-profile>")));
    }

    // The management port from its permitted addresses; the LAN interface from the
    // profile's; nothing on the internet side (its profile allows ping only).
    let permitted = ev("<entry name=\"192.168.50.0/28\"/>");
    let on = |service: ServiceName, iface: &str| {
        f.management_access
            .iter()
            .find(|m| m.service == service && m.interface.as_deref() == Some(iface))
            .unwrap_or_else(|| panic!("{service:?} on {iface}"))
    };
    for service in [ServiceName::Https, ServiceName::Ssh, ServiceName::Snmp] {
        let m = on(service, "management");
        assert_eq!(m.sources, strings(&["192.168.50.0/28"]), "{service:?}");
        assert_eq!(m.restricted_by.as_deref(), Some("deviceconfig system permitted-ip"));
        assert!(m.evidence.contains(&permitted), "{service:?}");
    }
    assert_eq!(on(ServiceName::Snmp, "management").evidence[0], ev("<disable-snmp>no</disable-snmp>"));
    for (service, line) in [(ServiceName::Https, "<https>yes</https>"), (ServiceName::Ssh, "<ssh>yes</ssh>")] {
        let m = on(service, "ethernet1/2");
        assert_eq!(m.sources, strings(&["192.168.10.0/26"]));
        assert_eq!(m.restricted_by.as_deref(), Some("interface-management-profile lan-admin permitted-ip"));
        assert_eq!(
            m.evidence,
            vec![
                ev("<interface-management-profile>lan-admin</interface-management-profile>"),
                ev(line),
                ev("<entry name=\"lan-admin\">"),
                ev("<entry name=\"192.168.10.0/26\"/>"),
            ]
        );
    }
    assert_eq!(f.management_access.len(), 5, "{:#?}", f.management_access);
    assert!(f.management_access.iter().all(|m| !m.is_unrestricted() && m.interface.as_deref() != Some("ethernet1/1")));

    let snmp = f.snmp.as_ref().expect("snmp");
    assert!(snmp.communities.is_empty());
    assert_eq!(snmp.v3_users.len(), 1);
    let u = &snmp.v3_users[0];
    assert_eq!((u.name.as_str(), u.auth.as_deref(), u.privacy.as_deref()), ("kenshinmon", Some("sha"), Some("aes")));
    assert_eq!(u.evidence, vec![ev("<entry name=\"kenshinmon\">")]);

    let adm = f.accounts.iter().find(|a| a.name == "hospadm").expect("hospadm");
    assert_eq!((adm.privilege, adm.password_storage), (Privilege::Admin, PasswordStorage::Strong));
    assert_eq!(
        adm.evidence,
        vec![ev("<entry name=\"hospadm\">"), nth(D, "<phash>********</phash>", 0), nth(D, "<superuser>yes</superuser>", 0)]
    );
    let aud = f.accounts.iter().find(|a| a.name == "auditor").expect("auditor");
    assert_eq!((aud.privilege, aud.password_storage), (Privilege::ReadOnly, PasswordStorage::Strong));
    assert_eq!(aud.evidence[2], ev("<superreader>yes</superreader>"));
    assert_eq!(f.accounts.len(), 2);

    let log = f.logging.as_ref().expect("logging");
    assert_eq!(log.remote_hosts, strings(&["192.168.50.20"]));
    // PAN-OS always records administrator logins; the evidence is the release line.
    let logins = log.logins.as_ref().expect("logins");
    assert!(logins.logons, "{logins:?}");
    assert_eq!(logins.evidence, vec![FX.at_in(D, INFO, "sw-version: 10.2.9-h1")]);
    assert_eq!(log.ntp_servers, strings(&["192.168.50.21", "ntp.nict.jp"]));
    assert_eq!(
        log.evidence,
        vec![
            ev("<entry name=\"siem01\">"),
            ev("<ntp-server-address>192.168.50.21</ntp-server-address>"),
            ev("<ntp-server-address>ntp.nict.jp</ntp-server-address>")
        ]
    );

    assert_eq!(f.remote_access.len(), 1);
    let vpn = &f.remote_access[0];
    assert_eq!(
        (vpn.kind, vpn.name.as_deref(), vpn.enabled, vpn.peer_sources.as_slice(), vpn.interface.as_deref()),
        (RemoteAccessKind::Ipsec, Some("ike gateway dc-gw"), true, &strings(&["203.0.113.10/32"])[..], Some("ethernet1/1"))
    );
    assert_eq!(vpn.evidence, vec![ev("<entry name=\"dc-gw\">"), ev("<peer-address>"), ev("<interface>ethernet1/1</interface>")]);
    // A fixed peer joins two sites: no person logs in through it.
    assert_eq!(vpn.two_factor, None);

    let auth = f.auth_policy.as_ref().expect("auth");
    assert_eq!((auth.min_password_length, auth.lockout_threshold), (Some(12), Some(5)));
    assert_eq!(auth.evidence, vec![ev("<minimum-length>12</minimum-length>"), ev("<failed-attempts>5</failed-attempts>")]);

    let mgmt = f.interfaces.iter().find(|i| i.name == "management").expect("management");
    assert_eq!((mgmt.role, mgmt.addresses.as_slice()), (InterfaceRole::Management, &strings(&["192.168.50.10/24"])[..]));
    assert_eq!(mgmt.evidence, vec![ev("<ip-address>192.168.50.10</ip-address>")]);
    let wan = f.interfaces.iter().find(|i| i.name == "ethernet1/1").expect("ethernet1/1");
    assert_eq!(
        (wan.role, wan.addresses.as_slice(), wan.description.as_deref()),
        (InterfaceRole::Wan, &strings(&["198.51.100.10/29"])[..], Some("ISP uplink"))
    );
    assert_eq!(wan.evidence, vec![ev("<entry name=\"ethernet1/1\">"), nth(D, "<member>ethernet1/1</member>", 0)]);
    let lan = f.interfaces.iter().find(|i| i.name == "ethernet1/2").expect("ethernet1/2");
    assert_eq!((lan.role, lan.description.as_deref()), (InterfaceRole::Lan, Some("Hospital LAN")));
    assert_eq!(f.interfaces.len(), 3);
    assert!(f.unknown.is_empty(), "{:?}", f.unknown);
}

#[test]
fn neglected_pa220_with_globalprotect_and_open_management() {
    const D: &str = "pa-neglected";
    let (f, notes) = FX.parse(&FX.load(D));
    assert!(notes.is_empty(), "{notes:?}");
    common::no_secrets(&f, &notes, SEEDED);
    let ev = |t: &str| FX.at_in(D, CONFIG, t);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.model.as_deref(), fw.version.as_deref()), (Some("PA-220"), Some("10.2.4")));
    assert_eq!(f.device.hostname.as_deref(), Some("CLINIC-PA"));

    // Telnet and HTTP switched on at the management port, and every management
    // protocol allowed on the internet-facing interface.
    let telnet = f.service(ServiceName::Telnet).expect("telnet");
    assert!(telnet.enabled);
    assert_eq!(telnet.evidence[0], ev("<disable-telnet>no</disable-telnet>"));
    assert!(telnet.evidence.contains(&ev("<telnet>yes</telnet>")));
    assert!(f.service(ServiceName::Http).expect("http").enabled);
    assert!(f.service(ServiceName::Snmp).expect("snmp").enabled);
    for service in [ServiceName::Https, ServiceName::Ssh, ServiceName::Telnet, ServiceName::Http] {
        let m = f
            .management_access
            .iter()
            .find(|m| m.service == service && m.interface.as_deref() == Some("management"))
            .unwrap_or_else(|| panic!("{service:?}"));
        assert!(m.is_unrestricted() && m.restricted_by.is_none(), "{service:?}");
    }
    for service in [ServiceName::Https, ServiceName::Ssh, ServiceName::Telnet, ServiceName::Http, ServiceName::Snmp] {
        let m = f
            .management_access
            .iter()
            .find(|m| m.service == service && m.interface.as_deref() == Some("ethernet1/1"))
            .unwrap_or_else(|| panic!("{service:?}"));
        assert!(m.is_unrestricted(), "{service:?}");
        assert_eq!(m.evidence[0], ev("<interface-management-profile>allow-all</interface-management-profile>"));
        assert_eq!(m.evidence[2], ev("<entry name=\"allow-all\">"));
    }
    assert_eq!(f.management_access.len(), 9);

    // SNMPv2c `public` (kept as a finding by the masker), reachable from anywhere.
    let snmp = f.snmp.as_ref().expect("snmp");
    assert_eq!(snmp.communities.len(), 1);
    let c = &snmp.communities[0];
    assert_eq!((c.access, c.default_name, c.sources.as_slice()), (SnmpAccess::Ro, true, &strings(&["any"])[..]));
    assert_eq!(c.evidence[0], ev("<snmp-community-string>********</snmp-community-string>"));
    assert!(snmp.v3_users.is_empty());

    // MD5-crypt administrator hashes; a vendor super-user.
    for name in ["admin", "vendor"] {
        let a = f.accounts.iter().find(|a| a.name == name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!((a.privilege, a.password_storage), (Privilege::Admin, PasswordStorage::Weak), "{name}");
        assert_eq!(a.evidence[0], ev(&format!("<entry name=\"{name}\">")));
    }

    let log = f.logging.as_ref().expect("logging");
    assert!(log.remote_hosts.is_empty() && log.ntp_servers.is_empty());
    // Neglected or not, PAN-OS cannot be told to stop logging logins.
    let logins = log.logins.as_ref().expect("logins");
    assert!(logins.logons && logins.detail.as_deref().is_some_and(|d| d.contains("always")), "{logins:?}");
    assert_eq!(logins.evidence, vec![FX.at_in(D, INFO, "sw-version: 10.2.4")]);

    // The Okayama pattern: a dynamic IKE peer and GlobalProtect on the internet side.
    assert_eq!(f.remote_access.len(), 3, "{:?}", f.remote_access);
    let ike = &f.remote_access[0];
    assert_eq!(
        (ike.kind, ike.name.as_deref(), ike.peer_sources.as_slice(), ike.interface.as_deref()),
        (RemoteAccessKind::Ipsec, Some("ike gateway vendor-maint"), &strings(&["any"])[..], Some("ethernet1/1"))
    );
    assert_eq!(ike.evidence[0], ev("<entry name=\"vendor-maint\">"));
    for (i, name, entry) in [
        (1, "GlobalProtect portal GP-portal", "<entry name=\"GP-portal\">"),
        (2, "GlobalProtect gateway GP-gw", "<entry name=\"GP-gw\">"),
    ] {
        let gp = &f.remote_access[i];
        assert_eq!(
            (gp.kind, gp.name.as_deref(), gp.enabled, gp.peer_sources.as_slice(), gp.interface.as_deref()),
            (RemoteAccessKind::SslVpn, Some(name), true, &strings(&["any"])[..], Some("ethernet1/1"))
        );
        assert_eq!(gp.evidence[0], ev(entry));
        // Vendors log in with a local password alone.
        assert_eq!(gp.two_factor, Some(false), "{name}");
        assert!(gp.evidence.contains(&ev("<entry name=\"vendor-local\">")), "{name}: {:?}", gp.evidence);
    }
    assert_eq!(ike.two_factor, Some(false));

    let wan = f.interfaces.iter().find(|i| i.name == "ethernet1/1").expect("wan");
    assert_eq!(wan.role, InterfaceRole::Wan);
    assert!(wan.evidence.contains(&ev("<dhcp-client>")));
    let lan = f.interfaces.iter().find(|i| i.name == "ethernet1/2").expect("lan");
    assert_eq!((lan.role, lan.addresses.as_slice()), (InterfaceRole::Lan, &strings(&["192.168.1.1/24"])[..]));
    let auth = f.auth_policy.as_ref().expect("auth");
    assert_eq!((auth.min_password_length, auth.lockout_threshold), (None, None));
    assert!(f.unknown.is_empty(), "{:?}", f.unknown);
}

#[test]
fn truncated_xml_leaves_configuration_unknown() {
    const D: &str = "pa-truncated";
    let snap = FX.load(D);
    let (f, notes) = FX.parse(&snap);
    common::no_secrets(&f, &notes, SEEDED);
    let last = snap.artifact(CONFIG).expect("config").lines().count();
    assert!(notes.iter().any(|n| n.starts_with(&format!("{CONFIG}:{last}: not well-formed XML"))), "{notes:?}");
    // Firmware still comes from show system info.
    assert_eq!(f.firmware.as_ref().and_then(|fw| fw.version.as_deref()), Some("10.2.4"));
    for path in ["services", "management_access", "snmp", "accounts", "logging", "remote_access", "auth_policy", "interfaces"] {
        assert!(f.is_unknown(path), "{path}: {:?}", f.unknown);
    }
    assert!(f.logging.is_none() && f.unknown.iter().any(|u| u == "logging.logins"), "{:?}", f.unknown);
    assert!(f.services.is_empty() && f.accounts.is_empty() && f.management_access.is_empty());
}

#[test]
fn malformed_xml_names_the_line_of_the_error() {
    let xml = "<config>\n  <mgt-config>\n    <users>\n  </mgt-config>\n</config>\n";
    let (f, notes) = FX.parse(&inline(&[(CONFIG, xml)]));
    assert!(notes.iter().any(|n| n.starts_with(&format!("{CONFIG}:4: not well-formed XML"))), "{notes:?}");
    assert!(f.is_unknown("accounts") && f.is_unknown("firmware"));
    // A document type declaration is refused, not expanded.
    let dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE config [<!ENTITY x \"y\">]>\n<config>&x;</config>\n";
    let (f, notes) = FX.parse(&inline(&[(CONFIG, dtd)]));
    assert!(notes.iter().any(|n| n.contains("not well-formed XML")), "{notes:?}");
    assert!(f.is_unknown("services"));
}

#[test]
fn api_response_and_unstated_switches() {
    // The XML API wraps the configuration; the telnet/http/snmp switches are absent.
    let xml = r#"<response status="success"><result>
<config version="11.1.0">
  <mgt-config>
    <users>
      <entry name="admin">
        <phash>$6$SxPanosApiAdm1$Qm3Vb7Lp2Xc9Rt5Yh8Nk4Wd6Fs1Gj0Ze3Ua7Io2Pe5</phash>
        <permissions><role-based><superuser>yes</superuser></role-based></permissions>
      </entry>
      <entry name="radius-admin">
        <authentication-profile>corp-radius</authentication-profile>
        <permissions><role-based><devicereader>localhost.localdomain</devicereader></role-based></permissions>
      </entry>
      <entry name="locked">
        <phash>*</phash>
      </entry>
    </users>
  </mgt-config>
  <devices><entry name="localhost.localdomain">
    <deviceconfig><system>
      <hostname>api-pa</hostname>
      <service><disable-ssh>yes</disable-ssh></service>
    </system></deviceconfig>
  </entry></devices>
</config>
</result></response>
"#;
    let (f, notes) = FX.parse(&inline(&[(CONFIG, xml)]));
    assert!(!serde_json::to_string(&f).expect("json").contains("SxPanosApi"));
    assert_eq!(f.device.hostname.as_deref(), Some("api-pa"));
    for name in ["telnet", "http", "snmp"] {
        assert!(f.is_unknown(&format!("services.{name}")), "{name}: {:?}", f.unknown);
        assert!(notes.iter().any(|n| n.contains(&format!("disable-{name}"))), "{notes:?}");
    }
    assert!(f.is_unknown("management_access.telnet") && f.is_unknown("management_access.http"));
    assert!(!f.service(ServiceName::Ssh).expect("ssh").enabled);
    // HTTPS on by default, from anywhere (no permitted-ip).
    let https = f.management_access.iter().find(|m| m.service == ServiceName::Https).expect("https");
    assert!(https.is_unrestricted() && https.evidence.is_empty());
    let storage: Vec<(&str, Privilege, PasswordStorage)> =
        f.accounts.iter().map(|a| (a.name.as_str(), a.privilege, a.password_storage)).collect();
    assert_eq!(
        storage,
        vec![
            ("admin", Privilege::Admin, PasswordStorage::Strong),
            ("radius-admin", Privilege::ReadOnly, PasswordStorage::Unknown),
            ("locked", Privilege::Unknown, PasswordStorage::Unknown),
        ]
    );
    assert!(f.is_unknown("firmware"));
    // Without `show system info`, the login-logging evidence is the mgt-config node.
    let logins = f.logging.as_ref().and_then(|l| l.logins.as_ref()).expect("logins");
    assert!(logins.logons);
    assert_eq!(logins.evidence, vec![Evidence::line(CONFIG, 3)]);

    // A snapshot stored masked: the hash's form is gone, its storage unknown.
    let masked = xml.replace("$6$SxPanosApiAdm1$Qm3Vb7Lp2Xc9Rt5Yh8Nk4Wd6Fs1Gj0Ze3Ua7Io2Pe5", "********");
    let (f, _) = FX.parse(&inline(&[(CONFIG, &masked)]));
    assert_eq!(f.accounts[0].password_storage, PasswordStorage::Unknown);
}

#[test]
fn detection() {
    for device in ["pa-hardened", "pa-neglected", "pa-truncated"] {
        assert_eq!(platform::detect(&FX.load(device)).map(|p| p.name), Some("paloalto_panos"), "{device}");
    }
    let xml_only = inline(&[(CONFIG, "<config version=\"10.1.0\"><mgt-config></mgt-config></config>\n")]);
    assert_eq!(platform::detect(&xml_only).map(|p| p.name), Some("paloalto_panos"));
    assert!(platform::detect(&inline(&[(INFO, "sw-version: 1.0\n")])).is_none());
}

/// The ntc-templates sample of `show system info` gives the reference `os` (the
/// `sw-version`), hostname and model.
#[test]
fn corpus_show_system_info_matches_reference_values() {
    let Some(samples) = common::corpus_samples("paloalto_panos", "show_system_info") else { return };
    assert_eq!(samples.len(), 1);
    for (raw, text, expected) in &samples {
        let (f, notes) = FX.parse(&inline(&[(INFO, text)]));
        let fw = f.firmware.as_ref().unwrap_or_else(|| panic!("{}: {notes:?}", raw.display()));
        assert_eq!(Some(fw.raw.as_str()), expected["os"].as_str(), "{}", raw.display());
        assert_eq!(fw.version.as_deref(), expected["os"].as_str(), "{}", raw.display());
        assert_eq!(fw.model.as_deref(), expected["model"].as_str(), "{}", raw.display());
        assert_eq!(f.device.hostname.as_deref(), expected["hostname"].as_str(), "{}", raw.display());
        let line = fw.evidence[0].lines[0] as usize;
        assert!(text.lines().nth(line - 1).is_some_and(|l| l.starts_with("sw-version:")));
        // Without a configuration, its facts are unknown.
        assert!(f.is_unknown("services") && f.is_unknown("management_access"));
    }
}

#[test]
fn garbage_and_every_cut_never_panic() {
    for device in ["pa-hardened", "pa-neglected"] {
        let snap = FX.load(device);
        let text = snap.artifact(CONFIG).expect("config").to_string();
        for (i, c) in text.char_indices() {
            if c == '\n' || i % 101 == 0 {
                let (f, notes) = FX.parse(&inline(&[(CONFIG, &text[..i])]));
                serde_json::to_string(&f).expect("json");
                // A cut document never parses: all configuration facts are unknown.
                if i + 20 < text.len() {
                    assert!(f.is_unknown("services"), "{device} cut at {i}: {notes:?}");
                }
            }
        }
    }
    let tags = [
        "config",
        "devices",
        "entry",
        "deviceconfig",
        "system",
        "service",
        "disable-telnet",
        "permitted-ip",
        "network",
        "interface",
        "ethernet",
        "layer3",
        "units",
        "ip",
        "interface-management-profile",
        "profiles",
        "https",
        "telnet",
        "snmp",
        "zone",
        "vsys",
        "member",
        "ike",
        "gateway",
        "peer-address",
        "dynamic",
        "global-protect-portal",
        "local-address",
        "mgt-config",
        "users",
        "phash",
        "permissions",
        "role-based",
        "superuser",
        "snmp-setting",
        "access-setting",
        "version",
        "v2c",
        "snmp-community-string",
        "v3",
        "log-settings",
        "syslog",
        "server",
        "ntp-servers",
        "primary-ntp-server",
        "ntp-server-address",
        "dhcp-client",
        "enable",
        "password-complexity",
        "minimum-length",
    ];
    let values = ["yes", "no", "10.0.0.0/8", "0.0.0.0/0", "x", "", "99999999999999999999", "\u{fffd}", "public", "*"];
    let mut rng = Lcg(0x0009_a105);
    for _ in 0..300 {
        // A random but well-formed tree, so that the extraction itself is exercised.
        let mut xml = String::from("<config>");
        let mut open: Vec<&str> = Vec::new();
        for _ in 0..(rng.next() % 60) {
            let tag = tags[(rng.next() as usize) % tags.len()];
            match rng.next() % 4 {
                0 if !open.is_empty() => {
                    let t = open.pop().unwrap_or("x");
                    xml.push_str(&format!("</{t}>\n"));
                }
                1 => xml.push_str(&format!("<{tag} name=\"{}\"/>\n", values[(rng.next() as usize) % values.len()])),
                2 => xml.push_str(&format!("<{tag}>{}</{tag}>\n", values[(rng.next() as usize) % values.len()])),
                _ => {
                    if open.len() < 12 {
                        let attr = if rng.next().is_multiple_of(2) { " name=\"ethernet1/1\"" } else { "" };
                        xml.push_str(&format!("<{tag}{attr}>\n"));
                        open.push(tag);
                    }
                }
            }
        }
        while let Some(t) = open.pop() {
            xml.push_str(&format!("</{t}>\n"));
        }
        xml.push_str("</config>\n");
        let bytes: Vec<u8> = (0..(rng.next() % 200)).map(|_| rng.next() as u8).collect();
        let noise = String::from_utf8_lossy(&bytes).into_owned();
        for t in [xml.as_str(), noise.as_str(), "", "<", "<config>", "</config>"] {
            let (f, _) = FX.parse(&inline(&[(CONFIG, t), (INFO, t)]));
            serde_json::to_string(&f).expect("json");
            let _ = platform::detect(&inline(&[(CONFIG, t), (INFO, t)]));
        }
    }
}

/// No value the masker took out of an artifact (whatever its kind) reaches facts or
/// notes: the project's fixtures and the secrets-site firewall, which seeds every kind
/// of PAN-OS secret.
#[test]
fn no_masked_value_reaches_facts() {
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/secrets-site/snapshots/pa-dmz");
    let mut snaps: Vec<Snapshot> = ["pa-hardened", "pa-neglected", "pa-truncated"].iter().map(|d| FX.load(d)).collect();
    snaps.push(Snapshot::load("pa-dmz", &site).expect("secrets-site snapshot"));
    for snap in &snaps {
        common::no_masked_value_reaches_facts(&FX, snap, "SxPan");
    }
    let (f, notes) = FX.parse(&snaps[3]);
    assert!(f.firmware.is_some() && !f.is_unknown("accounts"), "{notes:?}");
}

/// GlobalProtect's second factor: multi-factor authentication in the profile, or a
/// client certificate as well as the password; an external server leaves it open.
#[test]
fn global_protect_two_factor() {
    let gp = |client: &str, profile: &str| {
        format!(
            "<config version=\"10.1.0\"><devices><entry name=\"localhost.localdomain\"><vsys><entry name=\"vsys1\">\
             <global-protect><global-protect-gateway><entry name=\"gw\"><local-address><interface>ethernet1/1</interface>\
             </local-address>{client}<client-auth><entry name=\"all\"><authentication-profile>p</authentication-profile>\
             </entry></client-auth></entry></global-protect-gateway></global-protect>\
             <authentication-profile><entry name=\"p\">{profile}</entry></authentication-profile>\
             </entry></vsys></entry></devices></config>\n"
        )
    };
    let local = "<method><local-database/></method>";
    let cases = [
        ("", local, Some(false)),
        ("", "<method><local-database/></method><multi-factor-auth><mfa-enable>yes</mfa-enable></multi-factor-auth>", Some(true)),
        ("<certificate-profile>gp-clients</certificate-profile>", local, Some(true)),
        (
            "<certificate-profile>gp-clients</certificate-profile>\
             <user-credential-or-client-cert-required>yes</user-credential-or-client-cert-required>",
            local,
            Some(false),
        ),
        ("", "<method><radius><server-profile>r</server-profile></radius></method>", None),
    ];
    for (client, profile, expected) in cases {
        let (f, notes) = FX.parse_config(&gp(client, profile));
        let vpn = f.remote_access.iter().find(|r| r.kind == RemoteAccessKind::SslVpn).unwrap_or_else(|| panic!("{notes:?}"));
        assert_eq!(vpn.two_factor, expected, "{client} {profile}");
    }
}
