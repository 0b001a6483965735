//! Platform parsers on the project's own fixtures (fixtures/demo-site) and on small
//! hand-made edge cases: facts, evidence lines and unknowns.

use std::path::{Path, PathBuf};

use kenshin_connectors::platform;
use kenshin_connectors::snapshot::Snapshot;
use kenshin_facts::{Device, DeviceKind, Facts, InterfaceRole, PasswordStorage, Privilege, RemoteAccessKind, ServiceName};

fn demo(device: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/demo-site/snapshots").join(device)
}

fn parse_snapshot(platform_name: &str, snap: &Snapshot) -> (Facts, Vec<String>) {
    let p = platform::find(platform_name).expect("platform");
    let out = platform::parse(
        p,
        Device { name: snap.device.clone(), platform: platform_name.into(), kind: DeviceKind::Router, hostname: None },
        snap,
    );
    (out.facts, out.notes)
}

fn parse_demo(platform_name: &str, device: &str) -> (Facts, Vec<String>) {
    parse_snapshot(platform_name, &Snapshot::load(device, &demo(device)).expect("snapshot"))
}

fn line_of(device: &str, artifact: &str, line: u32) -> String {
    let text = std::fs::read_to_string(demo(device).join(artifact)).expect("artifact");
    text.lines().nth(line as usize - 1).expect("line").trim().to_string()
}

#[test]
fn ios_router() {
    let (f, notes) = parse_demo("cisco_ios", "core-rtr");
    assert!(notes.is_empty(), "{notes:?}");
    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.os.as_str(), fw.version.as_deref(), fw.model.as_deref()), ("ios", Some("15.2(4)M7"), Some("CISCO1941/K9")));
    assert_eq!(f.device.hostname.as_deref(), Some("core-rtr"));
    let telnet = f.service(ServiceName::Telnet).expect("telnet");
    assert!(telnet.enabled);
    assert_eq!(line_of("core-rtr", &telnet.evidence[0].artifact, telnet.evidence[0].lines[0]), "transport input telnet ssh");
    assert!(!f.service(ServiceName::Http).expect("http").enabled);
    assert!(!f.service(ServiceName::Https).expect("https").enabled);
    let vty0 = f.management_access.iter().find(|m| m.interface.as_deref() == Some("vty 0 4")).expect("vty 0 4");
    assert_eq!(vty0.sources, vec!["10.10.100.0/24"]);
    assert_eq!(vty0.restricted_by.as_deref(), Some("access-class MGMT-SRC"));
    let vty5: Vec<_> = f.management_access.iter().filter(|m| m.interface.as_deref() == Some("vty 5 15")).collect();
    assert_eq!(vty5.len(), 2);
    assert!(vty5.iter().all(|m| m.is_unrestricted()));
    let snmp = f.snmp.as_ref().expect("snmp");
    assert_eq!(snmp.communities.len(), 1);
    assert_eq!(snmp.communities[0].sources, vec!["10.10.100.15/32"]);
    assert!(!snmp.communities[0].default_name);
    let netadmin = f.accounts.iter().find(|a| a.name == "netadmin").expect("netadmin");
    assert_eq!((netadmin.privilege, netadmin.password_storage), (Privilege::Admin, PasswordStorage::Strong));
    let vendor = f.accounts.iter().find(|a| a.name == "vendor-a").expect("vendor-a");
    assert_eq!(vendor.password_storage, PasswordStorage::Weak);
    let log = f.logging.as_ref().expect("logging");
    assert_eq!(
        (log.remote_hosts.as_slice(), log.ntp_servers.as_slice()),
        (&["10.10.100.20".to_string()][..], &["10.10.100.1".to_string()][..])
    );
    // Both `login on-success log` and `login on-failure log`: logins are recorded.
    let logins = log.logins.as_ref().expect("logins");
    assert!(logins.logons, "{logins:?}");
    let evidence: Vec<String> = logins.evidence.iter().map(|e| line_of("core-rtr", &e.artifact, e.lines[0])).collect();
    assert_eq!(evidence, vec!["login on-success log", "login on-failure log"]);
    let auth = f.auth_policy.as_ref().expect("auth");
    assert_eq!((auth.min_password_length, auth.lockout_threshold), (Some(10), Some(5)));
    assert_eq!(f.interfaces.iter().find(|i| i.name == "GigabitEthernet0/0").expect("gi0/0").addresses, vec!["10.10.0.1/24"]);
    assert!(f.unknown.is_empty(), "{:?}", f.unknown);
}

#[test]
fn ios_xe_switch() {
    let (f, _) = parse_demo("cisco_xe", "floor3-sw");
    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.os.as_str(), fw.version.as_deref(), fw.model.as_deref()), ("ios-xe", Some("17.9.4"), Some("C9200L-24P-4G")));
    assert_eq!(
        line_of("floor3-sw", "show_version.txt", fw.evidence[0].lines[0]).split(',').nth(2).map(str::trim),
        Some("Version 17.9.4")
    );
    assert!(f.service(ServiceName::Http).expect("http").enabled);
    assert!(!f.service(ServiceName::Telnet).expect("telnet").enabled);
    let c = &f.snmp.as_ref().expect("snmp").communities[0];
    assert!(c.default_name && c.sources == vec!["any"]);
}

#[test]
fn ios_login_logging_needs_success_and_failure() {
    // floor3-sw logs successful logins only.
    let (f, _) = parse_demo("cisco_xe", "floor3-sw");
    let logins = f.logging.as_ref().and_then(|l| l.logins.as_ref()).expect("logins");
    assert!(!logins.logons);
    assert_eq!(
        logins.detail.as_deref(),
        Some("login on-success log without login on-failure log: failed logins are not recorded")
    );
    // The line that is set, then the vty lines whose failed logins go unrecorded.
    let at: Vec<String> = logins.evidence.iter().map(|e| line_of("floor3-sw", &e.artifact, e.lines[0])).collect();
    assert_eq!(at[0], "login on-success log");
    assert!(at.len() > 1 && at[1..].iter().all(|l| l.starts_with("line vty")), "{at:?}");
    // lab-rtr has neither: IOS records no login by default.
    let (f, _) = parse_demo("cisco_ios", "lab-rtr");
    let logins = f.logging.as_ref().and_then(|l| l.logins.as_ref()).expect("logins");
    assert!(!logins.logons, "{logins:?}");
    let at: Vec<String> = logins.evidence.iter().map(|e| line_of("lab-rtr", &e.artifact, e.lines[0])).collect();
    assert!(!at.is_empty() && at.iter().all(|l| l.starts_with("line vty")), "{at:?}");
    assert!(logins.detail.as_deref().is_some_and(|d| d.starts_with("neither")), "{logins:?}");
    assert!(!f.unknown.iter().any(|u| u == "logging.logins"), "{:?}", f.unknown);
    // `login on-failure trap` sends a trap, not a log line.
    let mut snap = Snapshot::empty("r", Path::new("."));
    snap.insert(
        "show_running-config.txt",
        "hostname r\n!\nlogin on-failure trap\nlogin on-success log every 5\n!\nline vty 0 4\n transport input ssh\n!\nend\n",
    );
    let (f, _) = parse_snapshot("cisco_ios", &snap);
    let logins = f.logging.as_ref().and_then(|l| l.logins.as_ref()).expect("logins");
    assert!(!logins.logons && logins.evidence.len() == 2, "{logins:?}");
}

#[test]
fn fortigate_handa_model() {
    let (f, notes) = parse_demo("fortinet", "vpn-fgt-maint");
    assert!(notes.is_empty(), "{notes:?}");
    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.version.as_deref(), fw.model.as_deref()), (Some("6.0.4"), Some("FortiGate-60E")));
    assert!(f.accounts.iter().all(|a| a.allowed_sources.as_deref() == Some(&["any".to_string()][..])));
    assert!(f.accounts.iter().all(|a| a.two_factor == Some(false) && a.privilege == Privilege::Admin));
    let vpn = f.remote_access.iter().find(|r| r.kind == RemoteAccessKind::SslVpn).expect("ssl vpn");
    assert!(vpn.enabled);
    assert_eq!(vpn.peer_sources, vec!["any"]);
    assert_eq!(
        line_of("vpn-fgt-maint", "show_full-configuration.txt", vpn.evidence[0].lines[0]),
        "set source-interface \"wan1\""
    );
    let wan1 = f.interfaces.iter().find(|i| i.name == "wan1").expect("wan1");
    assert_eq!((wan1.role, wan1.addresses.as_slice()), (InterfaceRole::Wan, &["198.51.100.2/29".to_string()][..]));
    let https_wan = f
        .management_access
        .iter()
        .find(|m| m.service == ServiceName::Https && m.interface.as_deref() == Some("wan1"))
        .expect("https on wan1");
    assert!(https_wan.is_unrestricted());
    assert!(f.service(ServiceName::Http).expect("http").enabled);
    assert!(!f.service(ServiceName::Snmp).expect("snmp").enabled);
    assert_eq!(f.logging.as_ref().expect("logging").remote_hosts.len(), 0);
    // No `config log eventfilter`: event logging and its system events are on by default.
    let logins = f.logging.as_ref().and_then(|l| l.logins.as_ref()).expect("logins");
    assert!(logins.logons && logins.evidence.is_empty(), "{logins:?}");
    assert_eq!(f.auth_policy.as_ref().expect("auth").min_password_length, None);
    // The vendor logs in with a password alone: the policy's group holds maint01.
    assert_eq!(vpn.two_factor, Some(false));
    let last = vpn.evidence.last().expect("evidence").lines[0];
    assert_eq!(line_of("vpn-fgt-maint", "show_full-configuration.txt", last), "edit \"maint01\"");
}

/// Who may log in to a FortiGate VPN, and with what: local users with or without a
/// token, RADIUS, client certificates, dial-up IPsec with and without XAUTH.
#[test]
fn fortigate_vpn_two_factor() {
    let config = |users: &str, ssl: &str, phase1: &str| {
        format!(
            "config user local\n{users}end\nconfig user group\n    edit \"vpn\"\n        set member \"u1\" \"u2\"\n    next\nend\n\
             config vpn ssl settings\n    set source-interface \"wan1\"\n{ssl}end\n\
             config vpn ipsec phase1-interface\n    edit \"dialup\"\n        set type dynamic\n        set interface \"wan1\"\n{phase1}    next\nend\n\
             config firewall policy\n    edit 1\n        set srcintf \"ssl.root\"\n        set groups \"vpn\"\n    next\nend\n"
        )
    };
    let user = |name: &str, extra: &str| format!("    edit \"{name}\"\n        set type password\n{extra}    next\n");
    let token = "        set two-factor fortitoken\n";
    let both = format!("{}{}", user("u1", token), user("u2", token));
    let one = format!("{}{}", user("u1", token), user("u2", ""));
    let radius = format!("{}    edit \"u2\"\n        set type radius\n    next\n", user("u1", token));
    let xauth = "        set xauthtype auto\n        set authusrgrp \"vpn\"\n";
    // (local users, SSL-VPN settings, dial-up phase1 lines, SSL-VPN answer, dial-up answer)
    type Case<'a> = (&'a str, &'a str, &'a str, Option<bool>, Option<bool>);
    let cases: [Case; 5] = [
        (&both, "", xauth, Some(true), Some(true)),
        (&one, "", "", Some(false), Some(false)),
        (&radius, "", xauth, None, None),
        (&one, "    set reqclientcert enable\n", "        set authmethod signature\n", Some(true), Some(false)),
        (&one, "", &format!("        set authmethod signature\n{xauth}"), Some(false), Some(true)),
    ];
    for (users, ssl, phase1, ssl_2fa, dialup_2fa) in cases {
        let mut snap = Snapshot::empty("inline", Path::new("."));
        snap.insert("show_full-configuration.txt", config(users, ssl, phase1));
        let (f, _) = parse_snapshot("fortinet", &snap);
        let of = |kind| f.remote_access.iter().find(|r| r.kind == kind).map(|r| r.two_factor);
        assert_eq!(of(RemoteAccessKind::SslVpn), Some(ssl_2fa), "{users}{ssl}");
        assert_eq!(of(RemoteAccessKind::Ipsec), Some(dialup_2fa), "{users}{phase1}");
    }
}

#[test]
fn fortigate_hardened() {
    let (f, _) = parse_demo("fortinet", "edge-fgt");
    let admin = f.accounts.iter().find(|a| a.name == "hospadm").expect("hospadm");
    assert_eq!(admin.allowed_sources.as_deref(), Some(&["10.10.100.0/24".to_string()][..]));
    assert_eq!(admin.two_factor, Some(true));
    let monitor = f.accounts.iter().find(|a| a.name == "monitor").expect("monitor");
    assert_eq!(monitor.privilege, Privilege::ReadOnly);
    let ssl = f.remote_access.iter().find(|r| r.kind == RemoteAccessKind::SslVpn).expect("ssl");
    assert!(!ssl.enabled);
    let ipsec = f.remote_access.iter().find(|r| r.kind == RemoteAccessKind::Ipsec).expect("ipsec");
    assert_eq!(
        (ipsec.name.as_deref(), ipsec.peer_sources.as_slice()),
        (Some("to-vendor-b"), &["203.0.113.10/32".to_string()][..])
    );
    // A fixed peer joins two sites and authenticates no person.
    assert_eq!(ipsec.two_factor, None);
    let snmp = f.snmp.as_ref().expect("snmp");
    assert!(snmp.communities.is_empty(), "SNMPv3 only");
    assert_eq!(snmp.v3_users[0].name, "nms-v3");
    assert_eq!((snmp.v3_users[0].auth.as_deref(), snmp.v3_users[0].privacy.as_deref()), (Some("sha256"), Some("aes256")));
    assert!(!snmp.v1_v2c_in_use());
    assert!(f.service(ServiceName::Snmp).expect("snmp").enabled);
    let wan_mgmt: Vec<_> = f.management_access.iter().filter(|m| m.interface.as_deref() == Some("wan1")).collect();
    assert!(wan_mgmt.is_empty(), "{wan_mgmt:?}");
    let auth = f.auth_policy.as_ref().expect("auth");
    assert_eq!((auth.min_password_length, auth.lockout_threshold, auth.two_factor), (Some(13), Some(3), Some(true)));
    assert_eq!(f.logging.as_ref().expect("logging").ntp_servers, vec!["10.10.100.1"]);
    assert!(f.logging.as_ref().and_then(|l| l.logins.as_ref()).is_some_and(|a| a.logons));
}

#[test]
fn fortios_login_logging_is_off_only_when_disabled() {
    let status = "Version: FortiGate-40F v7.2.5,build1517,230606 (GA.F)\nHostname: fg\n";
    let logins = |artifact: &str, config: &str| {
        let mut snap = Snapshot::empty("f", Path::new("."));
        snap.insert("get_system_status.txt", status);
        snap.insert(artifact, config);
        let (f, _) = parse_snapshot("fortinet", &snap);
        assert!(!f.unknown.iter().any(|u| u == "logging.logins"), "{:?}", f.unknown);
        f.logging.and_then(|l| l.logins).expect("logins")
    };
    // `show full-configuration` prints the defaults: the section is the evidence.
    let full = "config log eventfilter\n    set event enable\n    set system enable\n    set vpn enable\nend\n";
    let on = logins("show_full-configuration.txt", full);
    assert!(on.logons);
    assert_eq!(on.evidence, vec![kenshin_facts::Evidence::lines("show_full-configuration.txt", 1, 5)]);
    // `show` prints only what differs from the default.
    let off = logins("show.txt", "config log eventfilter\n    set system disable\nend\n");
    assert!(!off.logons);
    assert_eq!(off.evidence, vec![kenshin_facts::Evidence::line("show.txt", 2)]);
    assert_eq!(off.detail.as_deref(), Some("config log eventfilter set system disable: admin logins are not logged"));
    let off =
        logins("show_full-configuration.txt", "config log eventfilter\n    set event disable\n    set system enable\nend\n");
    assert!(!off.logons && off.evidence == vec![kenshin_facts::Evidence::line("show_full-configuration.txt", 2)]);
    // Multi-VDOM: a VDOM's own event filter counts as well.
    let vdoms = "config vdom\nedit root\nconfig log eventfilter\n    set system disable\nend\nnext\nend\n";
    let off = logins("show.txt", vdoms);
    assert!(!off.logons && off.evidence == vec![kenshin_facts::Evidence::line("show.txt", 4)], "{off:?}");
}

#[test]
fn missing_artifacts_and_release_defaults_are_unknown() {
    let mut snap = Snapshot::empty("r", Path::new("."));
    snap.insert("show_running-config.txt", "hostname r\n!\nline vty 0 4\n login local\n!\nend\n");
    let (f, notes) = parse_snapshot("cisco_ios", &snap);
    assert!(f.firmware.is_none() && f.is_unknown("firmware"));
    for path in ["services.telnet", "services.ssh", "services.http", "services.https"] {
        assert!(f.is_unknown(path), "{path} should be unknown: {:?}", f.unknown);
    }
    assert!(notes.iter().any(|n| n.contains("show_version.txt")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("transport input")), "{notes:?}");

    let (f, notes) = parse_snapshot("fortinet", &Snapshot::empty("f", Path::new(".")));
    assert!(f.is_unknown("firmware") && f.is_unknown("management_access") && f.is_unknown("accounts"));
    // A mark of `logging` does not cover `logging.logins`: it is marked itself.
    assert!(f.unknown.iter().any(|u| u == "logging.logins"), "{:?}", f.unknown);
    assert_eq!(notes.len(), 2, "{notes:?}");

    let (f, notes) = parse_snapshot("nec_ix", &Snapshot::empty("n", Path::new(".")));
    assert!(f.is_unknown("firmware") && f.is_unknown("services"));
    assert!(notes.iter().any(|n| n.contains("show_running-config.txt missing")), "{notes:?}");
}

#[test]
fn truncated_fortios_config_is_noted_not_fatal() {
    let mut snap = Snapshot::empty("f", Path::new("."));
    snap.insert("get_system_status.txt", "Version: FortiGate-40F v7.2.5,build1517,230606 (GA.F)\nHostname: fg\n");
    snap.insert(
        "show_full-configuration.txt",
        "config system admin\n    edit \"admin\"\n        set trusthost1 10.0.0.0 255.0.0.0\n",
    );
    let (f, notes) = parse_snapshot("fortinet", &snap);
    assert!(notes.iter().any(|n| n.contains("not closed")), "{notes:?}");
    assert_eq!(f.accounts[0].allowed_sources.as_deref(), Some(&["10.0.0.0/8".to_string()][..]));
    assert_eq!(f.firmware.as_ref().and_then(|fw| fw.version.as_deref()), Some("7.2.5"));
    // A `set system disable` may be past the cut.
    assert!(f.logging.as_ref().is_some_and(|l| l.logins.is_none()));
    assert!(f.unknown.iter().any(|u| u == "logging.logins"), "{:?}", f.unknown);
}

#[test]
fn auto_detection() {
    for (device, expected) in [("core-rtr", "cisco_ios"), ("floor3-sw", "cisco_xe"), ("vpn-fgt-maint", "fortinet")] {
        let snap = Snapshot::load(device, &demo(device)).expect("snapshot");
        assert_eq!(platform::detect(&snap).map(|p| p.name), Some(expected), "{device}");
    }
    assert!(platform::detect(&Snapshot::empty("x", Path::new("."))).is_none());
}

#[test]
fn truncated_ios_config_concludes_nothing_from_absence() {
    let mut snap = Snapshot::empty("r", Path::new("."));
    // Cut off before the SNMP, logging and vty sections.
    snap.insert(
        "show_running-config.txt",
        "hostname r\n!\nno ip http server\nno ip http secure-server\n!\ninterface Gi0/0\n ip address 10.0.0.1 255.255.255.0\n",
    );
    let (f, notes) = parse_snapshot("cisco_ios", &snap);
    assert!(notes.iter().any(|n| n.contains("truncated")), "{notes:?}");
    assert!(f.service(ServiceName::Snmp).is_none() && f.is_unknown("services.snmp"));
    assert!(f.logging.is_none() && f.is_unknown("logging"));
    assert!(f.unknown.iter().any(|u| u == "logging.logins"), "{:?}", f.unknown);
    assert!(f.is_unknown("management_access"));
    // What the lines do say is still known.
    assert!(!f.service(ServiceName::Http).expect("http").enabled);
}
