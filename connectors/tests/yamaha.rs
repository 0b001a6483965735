//! The Yamaha RTX parser on the project's own fixtures (fixtures/yamaha): facts field
//! by field with the line each came from, unknowns for a cut-off configuration,
//! platform detection, secrets never reaching facts, and no panic on garbage.

mod common;

use common::Fixtures;

use std::path::Path;

use kenshin_connectors::platform;
use kenshin_connectors::snapshot::Snapshot;
use kenshin_facts::{DeviceKind, InterfaceRole, PasswordStorage, Privilege, RemoteAccessKind, ServiceName, SnmpAccess};

const ENV: &str = "show_environment.txt";
const CONFIG: &str = "show_config.txt";

/// Every secret written into the fixtures; none may appear in facts or notes.
const SEEDED: &[&str] = &[
    "SxYamahaHardLogin1",
    "SxYamahaHardAdmin1",
    "SxYamahaHardUser1",
    "SxYamahaHardPpp1",
    "SxYamahaHardPsk1",
    "SxYamahaHardV3A",
    "SxYamahaHardV3P",
    "SxYamahaOldAdmin1",
    "SxYamahaOldUser1",
    "SxYamahaOldL2tp1",
    "SxYamahaOldPsk1",
    "SxYamahaOldPsk2",
];

const FX: Fixtures = Fixtures { platform: "yamaha", kind: DeviceKind::Router, version: ENV, config: CONFIG };

#[test]
fn hardened_rtx1220() {
    const D: &str = "rtx-hardened";
    let snap = FX.load(D);
    // The seeded secrets were masked on the way in.
    assert!(snap.artifact(CONFIG).is_some_and(|t| !t.contains("SxYamaha")));
    let (f, notes) = FX.parse(&snap);
    assert!(notes.is_empty(), "{notes:?}");
    common::no_secrets(&f, &notes, SEEDED);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!(
        (fw.vendor.as_str(), fw.os.as_str(), fw.model.as_deref(), fw.version.as_deref(), fw.raw.as_str()),
        ("yamaha", "yamaha", Some("RTX1220"), Some("Rev.15.02.30"), "Rev.15.02.30")
    );
    assert_eq!(fw.evidence, vec![FX.at_in(D, ENV, "RTX1220 Rev.15.02.30 (Mon Nov 13 14:02:11 2023)")]);
    assert_eq!(f.device.hostname.as_deref(), Some("KENSHIN-RTX-HQ"));

    let telnet = f.service(ServiceName::Telnet).expect("telnet");
    assert!(!telnet.enabled);
    assert_eq!(telnet.evidence, vec![FX.at_in(D, CONFIG, "telnetd service off")]);
    let ssh = f.service(ServiceName::Ssh).expect("ssh");
    assert!(ssh.enabled);
    assert_eq!(
        ssh.evidence,
        vec![FX.at_in(D, CONFIG, "sshd service on"), FX.at_in(D, CONFIG, "sshd host 192.168.100.0-192.168.100.255")]
    );
    // The web GUI is on by default; its host line restricts it to the LAN1 side.
    let http = f.service(ServiceName::Http).expect("http");
    assert!(http.enabled);
    assert_eq!(http.evidence, vec![FX.at_in(D, CONFIG, "httpd host lan1")]);
    assert!(!f.service(ServiceName::Tftp).expect("tftp").enabled);
    assert!(!f.service(ServiceName::Upnp).expect("upnp").enabled);

    let ssh_access: Vec<_> = f.management_access.iter().filter(|m| m.service == ServiceName::Ssh).collect();
    assert_eq!(ssh_access.len(), 1);
    assert_eq!(ssh_access[0].sources, vec!["192.168.100.0/24"]);
    assert_eq!(ssh_access[0].interface, None);
    assert_eq!(ssh_access[0].restricted_by.as_deref(), Some("sshd host 192.168.100.0-192.168.100.255"));
    assert_eq!(ssh_access[0].evidence[1], FX.at_in(D, CONFIG, "sshd host 192.168.100.0-192.168.100.255"));
    let http_access: Vec<_> = f.management_access.iter().filter(|m| m.service == ServiceName::Http).collect();
    assert_eq!(http_access.len(), 1);
    assert_eq!(
        (http_access[0].interface.as_deref(), http_access[0].sources.as_slice()),
        (Some("lan1"), &["192.168.100.0/24".to_string()][..])
    );
    assert!(f.management_access.iter().all(|m| !m.is_unrestricted()), "{:?}", f.management_access);
    assert!(f.management_access.iter().all(|m| m.service != ServiceName::Telnet));

    // SNMPv3 only, from one manager.
    let snmp = f.snmp.as_ref().expect("snmp");
    assert!(snmp.communities.is_empty());
    assert_eq!(snmp.v3_users.len(), 1);
    let user = &snmp.v3_users[0];
    assert_eq!((user.name.as_str(), user.auth.as_deref(), user.privacy.as_deref()), ("kenshinmon", Some("sha"), Some("aes")));
    assert_eq!(
        user.evidence[0].lines[0],
        FX.line_no(D, CONFIG, "snmpv3 usm user 1 kenshinmon group 1 sha ******** aes128-cfb ********")
    );
    assert!(f.service(ServiceName::Snmp).expect("snmp").enabled);
    let snmp_access = f.management_access.iter().find(|m| m.service == ServiceName::Snmp).expect("snmp access");
    assert_eq!(snmp_access.sources, vec!["192.168.100.15/32"]);
    assert_eq!(snmp_access.evidence, vec![FX.at_in(D, CONFIG, "snmpv3 host 192.168.100.15 user 1")]);

    let admin = f.accounts.iter().find(|a| a.name == "administrator").expect("administrator");
    assert_eq!((admin.privilege, admin.password_storage), (Privilege::Admin, PasswordStorage::Weak));
    assert_eq!(admin.evidence, vec![FX.at_in(D, CONFIG, "administrator password encrypted ********")]);
    let login = f.accounts.iter().find(|a| a.name == "(login password)").expect("login password");
    assert_eq!((login.privilege, login.password_storage), (Privilege::ReadOnly, PasswordStorage::Weak));
    let user = f.accounts.iter().find(|a| a.name == "hospadm").expect("hospadm");
    assert_eq!((user.privilege, user.password_storage), (Privilege::Admin, PasswordStorage::Weak));
    assert_eq!(
        user.evidence,
        vec![
            FX.at_in(D, CONFIG, "login user hospadm encrypted ********"),
            FX.at_in(D, CONFIG, "user attribute hospadm administrator=on connection=serial,ssh,http")
        ]
    );
    assert_eq!(f.accounts.len(), 3);

    let log = f.logging.as_ref().expect("logging");
    assert_eq!(log.remote_hosts, vec!["192.168.100.20"]);
    assert_eq!(log.ntp_servers, vec!["ntp.nict.jp"]);
    assert_eq!(
        log.evidence,
        vec![
            FX.at_in(D, CONFIG, "syslog host 192.168.100.20"),
            FX.at_in(D, CONFIG, "schedule at 1 */* 03:00 * ntpdate ntp.nict.jp syslog")
        ]
    );
    let logins = log.logins.as_ref().expect("logins");
    assert!(logins.logons, "{logins:?}");
    assert_eq!(logins.evidence, vec![FX.at_in(D, CONFIG, "syslog notice on"), FX.at_in(D, CONFIG, "syslog info on")]);

    assert_eq!(f.remote_access.len(), 1);
    let vpn = &f.remote_access[0];
    assert_eq!(
        (vpn.kind, vpn.name.as_deref(), vpn.enabled, vpn.peer_sources.as_slice()),
        (RemoteAccessKind::Ipsec, Some("tunnel 1"), true, &["203.0.113.10/32".to_string()][..])
    );
    assert_eq!(vpn.evidence[0], FX.at_in(D, CONFIG, "ipsec ike remote address 1 203.0.113.10"));
    assert!(vpn.evidence.contains(&FX.at_in(D, CONFIG, "ipsec ike pre-shared-key 1 text ********")));
    assert!(vpn.evidence.contains(&FX.at_in(D, CONFIG, "tunnel enable 1")));
    // A fixed peer joins two sites and authenticates no person.
    assert_eq!(vpn.two_factor, None);

    let lan1 = f.interfaces.iter().find(|i| i.name == "lan1").expect("lan1");
    assert_eq!(
        (lan1.role, lan1.addresses.as_slice(), lan1.description.as_deref()),
        (InterfaceRole::Lan, &["192.168.100.1/24".to_string()][..], Some("Hospital LAN"))
    );
    assert_eq!(lan1.evidence[0], FX.at_in(D, CONFIG, "ip lan1 address 192.168.100.1/24"));
    let lan2 = f.interfaces.iter().find(|i| i.name == "lan2").expect("lan2");
    assert_eq!(lan2.role, InterfaceRole::Wan);
    assert_eq!(lan2.evidence, vec![FX.at_in(D, CONFIG, "pppoe use lan2")]);
    let pp1 = f.interfaces.iter().find(|i| i.name == "pp1").expect("pp1");
    assert_eq!((pp1.role, pp1.description.as_deref()), (InterfaceRole::Wan, Some("ISP PPPoE")));
    assert!(pp1.evidence.contains(&FX.at_in(D, CONFIG, "ip pp nat descriptor 1000")));
    assert!(pp1.evidence.contains(&FX.at_in(D, CONFIG, "ip route default gateway pp 1")));

    // Yamaha shows no password-length or lockout settings.
    assert_eq!(f.unknown, vec!["auth_policy"]);
}

#[test]
fn maintenance_vpn_open_to_any_peer() {
    const D: &str = "rtx-maintenance-vpn";
    let (f, notes) = FX.parse(&FX.load(D));
    common::no_secrets(&f, &notes, SEEDED);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.model.as_deref(), fw.version.as_deref()), (Some("RTX1210"), Some("Rev.14.01.20")));
    assert_eq!(fw.evidence, vec![FX.at_in(D, ENV, "RTX1210 Rev.14.01.20 (Tue Dec 12 17:40:31 2017)")]);

    // No telnetd line: TELNET is on and open to any host (initial values).
    let telnet = f.service(ServiceName::Telnet).expect("telnet");
    assert!(telnet.enabled && telnet.evidence.is_empty());
    assert!(telnet.detail.as_deref().is_some_and(|d| d.contains("initial value")), "{:?}", telnet.detail);
    let telnet_access = f.management_access.iter().find(|m| m.service == ServiceName::Telnet).expect("telnet access");
    assert!(telnet_access.is_unrestricted() && telnet_access.restricted_by.is_none());
    assert!(!f.service(ServiceName::Ssh).expect("ssh").enabled);
    let http_access = f.management_access.iter().find(|m| m.service == ServiceName::Http).expect("http access");
    assert!(http_access.is_unrestricted());
    assert_eq!(http_access.evidence, vec![FX.at_in(D, CONFIG, "httpd host any")]);

    // SNMPv1 from anywhere, read-write `public`, and the initial read-only `public`.
    assert!(f.service(ServiceName::Snmp).expect("snmp").enabled);
    let snmp = f.snmp.as_ref().expect("snmp");
    assert_eq!(snmp.communities.len(), 2, "{:?}", snmp.communities);
    let rw = &snmp.communities[0];
    assert_eq!((rw.access, rw.default_name, rw.sources.as_slice()), (SnmpAccess::Rw, true, &["any".to_string()][..]));
    assert_eq!(
        rw.evidence,
        vec![FX.at_in(D, CONFIG, "snmp community read-write ********"), FX.at_in(D, CONFIG, "snmp host any")]
    );
    let ro = &snmp.communities[1];
    assert_eq!((ro.access, ro.default_name), (SnmpAccess::Ro, true));
    assert_eq!(ro.evidence, vec![FX.at_in(D, CONFIG, "snmp host any")]);
    assert!(notes.iter().any(|n| n.contains("initial community")), "{notes:?}");

    // One shared administrator password in clear text; the vendor logs in as admin.
    let admin = f.accounts.iter().find(|a| a.name == "administrator").expect("administrator");
    assert_eq!((admin.privilege, admin.password_storage), (Privilege::Admin, PasswordStorage::Plain));
    assert_eq!(admin.evidence, vec![FX.at_in(D, CONFIG, "administrator password ********")]);
    let vendor = f.accounts.iter().find(|a| a.name == "vendor").expect("vendor");
    assert_eq!((vendor.privilege, vendor.password_storage), (Privilege::Admin, PasswordStorage::Plain));
    assert_eq!(vendor.evidence[0], FX.at_in(D, CONFIG, "login user vendor ********"));
    // Login users exist, so the unnamed login password is not reported.
    assert_eq!(f.accounts.len(), 2);

    // No syslog host, no time source.
    let log = f.logging.as_ref().expect("logging");
    assert!(log.remote_hosts.is_empty() && log.ntp_servers.is_empty() && log.evidence.is_empty());
    // `syslog info` on and `syslog notice` off, as initially: whether logins are kept
    // depends on their type, which the configuration does not tell.
    assert!(log.logins.is_none() && f.is_unknown("logging.logins"), "{:?}", log.logins);
    assert!(notes.iter().any(|n| n.contains("Login succeeded")), "{notes:?}");
    // Both off: nothing is kept; both on: kept whichever type.
    let logins_of = |text: &str| FX.parse_config(text).0.logging.and_then(|l| l.logins).map(|a| a.logons);
    assert_eq!(logins_of("syslog info off\nsyslog notice off\n"), Some(false));
    assert_eq!(logins_of("syslog info on\nsyslog notice on\n"), Some(true));
    assert_eq!(logins_of("syslog info off\nsyslog notice on\n"), None);

    // The Okayama pattern: an IPsec maintenance VPN and L2TP/IPsec, both from any peer.
    assert_eq!(f.remote_access.len(), 2, "{:?}", f.remote_access);
    let maint = f.remote_access.iter().find(|r| r.name.as_deref() == Some("tunnel 1")).expect("tunnel 1");
    assert_eq!(
        (maint.kind, maint.enabled, maint.peer_sources.as_slice()),
        (RemoteAccessKind::Ipsec, true, &["any".to_string()][..])
    );
    assert_eq!(maint.evidence[0], FX.at_in(D, CONFIG, "ipsec ike remote address 1 any"));
    assert!(maint.evidence.contains(&FX.at_in(D, CONFIG, "ipsec ike pre-shared-key 1 text ********")));
    let l2tp = f.remote_access.iter().find(|r| r.name.as_deref() == Some("tunnel 2")).expect("tunnel 2");
    assert_eq!((l2tp.kind, l2tp.enabled, l2tp.peer_sources.as_slice()), (RemoteAccessKind::L2tp, true, &["any".to_string()][..]));
    assert_eq!(l2tp.evidence[0], FX.at_in(D, CONFIG, "ipsec ike remote address 2 any"));
    for line in ["pp select anonymous", "pp enable anonymous", "tunnel enable 2", "l2tp service on"] {
        assert!(l2tp.evidence.contains(&FX.at_in(D, CONFIG, line)), "{line}");
    }
    // Whoever holds the key (tunnel 1), or a key and a local PP password (L2TP): no
    // second factor either way.
    assert_eq!((maint.two_factor, l2tp.two_factor), (Some(false), Some(false)));

    let lan2 = f.interfaces.iter().find(|i| i.name == "lan2").expect("lan2");
    assert_eq!((lan2.role, lan2.addresses.as_slice()), (InterfaceRole::Wan, &["198.51.100.2/29".to_string()][..]));
    assert!(lan2.evidence.contains(&FX.at_in(D, CONFIG, "ip lan2 nat descriptor 1")));
    assert!(lan2.evidence.contains(&FX.at_in(D, CONFIG, "ip route default gateway 198.51.100.1")));
    assert_eq!(f.interfaces.iter().find(|i| i.name == "lan1").expect("lan1").role, InterfaceRole::Lan);
    assert_eq!(f.unknown, vec!["logging.logins", "auth_policy"]);
}

#[test]
fn truncated_config_concludes_nothing_from_absence() {
    const D: &str = "rtx-truncated";
    let snap = FX.load(D);
    assert!(snap.artifact(ENV).is_none());
    let (f, notes) = FX.parse(&snap);
    common::no_secrets(&f, &notes, SEEDED);
    assert!(notes.iter().any(|n| n.contains("cut off")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("header")), "{notes:?}");

    // Firmware from the `# RTX1210 Rev...` header of show config.
    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.model.as_deref(), fw.version.as_deref()), (Some("RTX1210"), Some("Rev.14.01.20")));
    assert_eq!(fw.evidence, vec![FX.at_in(D, CONFIG, "# RTX1210 Rev.14.01.20 (Tue Dec 12 17:40:31 2017)")]);

    // What would come from the missing tail is unknown, not defaulted.
    for path in [
        "services.telnet",
        "services.ssh",
        "services.http",
        "services.snmp",
        "services.tftp",
        "services.upnp",
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
    // `syslog notice on` may lie past the cut.
    assert!(f.logging.as_ref().is_some_and(|l| l.logins.is_none()));
    assert!(f.unknown.iter().any(|u| u == "logging.logins"), "{:?}", f.unknown);
    for name in [ServiceName::Telnet, ServiceName::Ssh, ServiceName::Http, ServiceName::Snmp] {
        assert!(f.service(name).is_none(), "{name:?}");
    }
    assert!(f.management_access.is_empty());
    // No factory-default "no password" account is invented from absence.
    assert!(f.accounts.iter().all(|a| a.password_storage != PasswordStorage::None));

    // What the lines before the cut say is still known.
    let admin = f.accounts.iter().find(|a| a.name == "administrator").expect("administrator");
    assert_eq!(admin.password_storage, PasswordStorage::Plain);
    let maint = f.remote_access.iter().find(|r| r.name.as_deref() == Some("tunnel 1")).expect("tunnel 1");
    assert_eq!(maint.peer_sources, vec!["any"]);
    assert_eq!(maint.evidence[0], FX.at_in(D, CONFIG, "ipsec ike remote address 1 any"));
    // The partial last line (`ipsec ike remote addr`) is ignored, not read as a value.
    let l2tp = f.remote_access.iter().find(|r| r.name.as_deref() == Some("tunnel 2")).expect("tunnel 2");
    assert_eq!(l2tp.peer_sources, vec!["ike-remote-address-unset"]);
    assert!(!l2tp.enabled);
}

#[test]
fn detection() {
    for device in ["rtx-hardened", "rtx-maintenance-vpn", "rtx-truncated"] {
        assert_eq!(platform::detect(&FX.load(device)).map(|p| p.name), Some("yamaha"), "{device}");
    }
    let mut snap = Snapshot::empty("x", Path::new("."));
    snap.insert(ENV, "NVR510 Rev.15.01.28 (Fri Jun 28 10:00:00 2024)\n");
    assert_eq!(platform::detect(&snap).map(|p| p.name), Some("yamaha"));
    let mut snap = Snapshot::empty("x", Path::new("."));
    snap.insert(ENV, "Some other box Rev.1.2.3\n");
    snap.insert(CONFIG, "hostname r1\n# RTX1220 Rev.15.02.30\n");
    assert!(platform::detect(&snap).is_none());
}

#[test]
fn defaults_of_a_complete_config() {
    // A factory-fresh router: only an address. Everything else is an initial value.
    let mut snap = Snapshot::empty("y", Path::new("."));
    snap.insert(CONFIG, "# RTX830 Rev.15.02.10 (Fri Jun  7 10:04:56 2019)\nip lan1 address 192.168.100.1/24\n");
    let (f, notes) = FX.parse(&snap);
    assert!(f.service(ServiceName::Telnet).expect("telnet").enabled);
    assert!(!f.service(ServiceName::Ssh).expect("ssh").enabled);
    assert!(!f.service(ServiceName::Snmp).expect("snmp").enabled);
    // The web GUI is on, but who may reach it depends on the revision.
    assert!(f.service(ServiceName::Http).expect("http").enabled);
    assert!(f.is_unknown("management_access.http"));
    let admin = f.accounts.iter().find(|a| a.name == "administrator").expect("administrator");
    assert_eq!(admin.password_storage, PasswordStorage::None);
    let login = f.accounts.iter().find(|a| a.name == "(login password)").expect("login");
    assert_eq!(login.password_storage, PasswordStorage::None);
    assert!(notes.iter().any(|n| n.contains("administrator password")), "{notes:?}");
    assert_eq!(f.firmware.as_ref().and_then(|fw| fw.version.as_deref()), Some("Rev.15.02.10"));
}

#[test]
fn host_lists_pptp_and_none() {
    let mut snap = Snapshot::empty("y", Path::new("."));
    snap.insert(
        CONFIG,
        "ip lan1 address 10.1.2.1/24\nip lan2 address dhcp\ntelnetd host none\nsshd service on\nsshd host lan\n\
         sftpd host 10.1.2.5\ntftp host 10.1.2.0/24\nupnp use on\npptp service on\nuser attribute administrator=off\n\
         login user ops SxYamahaInline1\nsnmpv2c host 10.1.2.9\nsnmpv2c community read-only SxYamahaInline2\n",
    );
    let (f, notes) = FX.parse(&snap);
    let json = serde_json::to_string(&f).expect("json");
    assert!(!json.contains("SxYamahaInline"), "{json}");
    // `telnetd host none`: nobody can connect.
    assert!(!f.service(ServiceName::Telnet).expect("telnet").enabled);
    // `sshd host lan`: every LAN interface, and lan2 (DHCP, so WAN) means anyone.
    let ssh: Vec<_> = f.management_access.iter().filter(|m| m.service == ServiceName::Ssh).collect();
    let lan1 = ssh.iter().find(|m| m.interface.as_deref() == Some("lan1")).expect("ssh lan1");
    assert_eq!(lan1.sources, vec!["10.1.2.0/24"]);
    let lan2 = ssh.iter().find(|m| m.interface.as_deref() == Some("lan2")).expect("ssh lan2");
    assert!(lan2.is_unrestricted());
    let sftp = ssh.iter().find(|m| m.restricted_by.as_deref() == Some("sftpd host 10.1.2.5")).expect("sftp");
    assert_eq!(sftp.sources, vec!["10.1.2.5/32"]);
    assert!(f.service(ServiceName::Tftp).expect("tftp").enabled);
    assert!(f.service(ServiceName::Upnp).expect("upnp").enabled);
    let pptp = f.remote_access.iter().find(|r| r.kind == RemoteAccessKind::Pptp).expect("pptp");
    assert!(pptp.enabled && pptp.peer_sources == vec!["any"]);
    assert_eq!(pptp.two_factor, Some(false));
    // With `radius auth on` the RADIUS server checks PP users and may ask for more.
    let (radius, _) = FX.parse_config("pptp service on\nradius auth on\nradius server 10.1.2.20\n");
    let pptp = radius.remote_access.iter().find(|r| r.kind == RemoteAccessKind::Pptp).expect("pptp");
    assert_eq!(pptp.two_factor, None);
    let ops = f.accounts.iter().find(|a| a.name == "ops").expect("ops");
    assert_eq!((ops.privilege, ops.password_storage), (Privilege::ReadOnly, PasswordStorage::Plain));
    let c = &f.snmp.as_ref().expect("snmp").communities;
    assert_eq!(c.len(), 1);
    assert_eq!(
        (c[0].access, c[0].default_name, c[0].sources.as_slice()),
        (SnmpAccess::Ro, false, &["10.1.2.9/32".to_string()][..])
    );
    assert!(notes.iter().all(|n| !n.contains("initial community")), "{notes:?}");
}

#[test]
fn garbage_never_panics() {
    let keywords = [
        "telnetd",
        "sshd",
        "httpd",
        "sftpd",
        "tftp",
        "host",
        "service",
        "on",
        "off",
        "any",
        "none",
        "lan",
        "lan1",
        "lan2",
        "pp",
        "tunnel",
        "select",
        "anonymous",
        "enable",
        "bind",
        "tunnel1-tunnel9",
        "tunnel9-tunnel1",
        "ipsec",
        "ike",
        "remote",
        "address",
        "name",
        "pre-shared-key",
        "sa",
        "policy",
        "snmp",
        "snmpv2c",
        "snmpv3",
        "usm",
        "user",
        "community",
        "read-only",
        "read-write",
        "login",
        "password",
        "administrator",
        "encrypted",
        "attribute",
        "administrator=on",
        "syslog",
        "schedule",
        "at",
        "ntpdate",
        "ip",
        "route",
        "default",
        "gateway",
        "dhcp",
        "nat",
        "descriptor",
        "description",
        "\"",
        "console",
        "prompt",
        "192.168.1.1",
        "10.0.0.0/8",
        "1.2.3.4-1.2.3.1",
        "0.0.0.0-255.255.255.255",
        "::1",
        "fe80::/10",
        "#",
        "Rev.",
        "RTX1220",
        "Rev.99999999999999999999.1.1",
        "\u{fffd}",
        "l2tp",
        "pptp",
        "encapsulation",
        "secondary",
        "key",
        "generate",
        "upnp",
        "use",
        "pppoe",
    ];
    common::garbage_never_panics(&FX, &keywords, &["rtx-hardened", "rtx-maintenance-vpn"]);
    // A header with no revision after it.
    let (f, _) = FX.parse(&common::inline(&[(CONFIG, "\n\n"), (ENV, "Rev.")]));
    serde_json::to_string(&f).expect("json");
    // Each artifact alone, and none.
    for artifacts in [&[CONFIG][..], &[ENV][..], &[][..]] {
        let mut snap = Snapshot::empty("g", Path::new("."));
        for a in artifacts {
            snap.insert(*a, "telnetd host\nsnmp community read-write\nipsec ike remote address 1\nlogin user\n");
        }
        let (f, _) = FX.parse(&snap);
        assert!(f.firmware.is_none() && f.is_unknown("firmware"));
    }
}
