//! The NEC UNIVERGE IX parser on the project's own fixtures (fixtures/nec_ix): facts
//! field by field with the line each came from, unknowns for a cut-off configuration,
//! platform detection, secrets never reaching facts, and no panic on garbage or on any
//! prefix of a real configuration.

mod common;

use common::Fixtures;

use std::path::Path;

use kenshin_connectors::platform;
use kenshin_connectors::snapshot::Snapshot;
use kenshin_facts::{DeviceKind, Evidence, InterfaceRole, PasswordStorage, Privilege, RemoteAccessKind, ServiceName, SnmpAccess};

const VERSION: &str = "show_version.txt";
const CONFIG: &str = "show_running-config.txt";

/// Every secret written into the fixtures; none may appear in facts or notes.
const SEEDED: &[&str] = &[
    "SxNecHardAdmin1",
    "SxNecHardMon1",
    "SxNecHardPsk1",
    "SxNecHardComm1",
    "SxNecOldAdmin1",
    "SxNecOldVendor1",
    "SxNecOldPsk1",
    "SxNecOldPpp1",
];

const FX: Fixtures = Fixtures { platform: "nec_ix", kind: DeviceKind::Router, version: VERSION, config: CONFIG };

/// An `interface` block: from its header to the line before the closing `!`.
fn block(device: &str, header: &str) -> Evidence {
    let first = FX.line_no(device, CONFIG, header);
    let snap = FX.load(device);
    let text = snap.artifact(CONFIG).expect("config");
    let close = text.lines().enumerate().skip(first as usize).find(|(_, l)| l.trim() == "!").map(|(i, _)| i as u32).expect("!");
    Evidence::lines(CONFIG, first, close)
}

#[test]
fn hardened_ix2215() {
    const D: &str = "ix-hardened";
    let snap = FX.load(D);
    assert!(snap.artifact(CONFIG).is_some_and(|t| !t.contains("SxNec")));
    let (f, notes) = FX.parse(&snap);
    common::no_secrets(&f, &notes, SEEDED);
    // The only notes: management services are reported on the inside interfaces, and
    // login logging is never concluded on the IX.
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].contains("NAPT") && notes[0].contains("GigaEthernet1.0, Tunnel0.0"), "{notes:?}");
    assert_eq!(notes[1], format!("{CONFIG}: login logging cannot be confirmed from the configuration (NEC IX)"));

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!(
        (fw.vendor.as_str(), fw.os.as_str(), fw.model.as_deref(), fw.version.as_deref(), fw.raw.as_str()),
        ("nec", "nec-ix", Some("IX2215"), Some("10.7.18"), "10.7.18")
    );
    assert_eq!(
        fw.evidence,
        vec![Evidence::line(
            VERSION,
            FX.line_no(D, VERSION, "IX Series IX2215 (magellan-sec) Software, Version 10.7.18, RELEASE SOFTWARE")
        )]
    );
    assert_eq!(f.device.hostname.as_deref(), Some("HOSP-IX-HQ"));

    // Servers: SSH only, restricted by its access list.
    for (name, on) in
        [(ServiceName::Telnet, false), (ServiceName::Ssh, true), (ServiceName::Http, false), (ServiceName::Snmp, true)]
    {
        assert_eq!(f.service(name).map(|s| s.enabled), Some(on), "{name:?}");
    }
    assert_eq!(f.service(ServiceName::Ssh).expect("ssh").evidence, vec![FX.at(D, "ssh-server ip enable")]);
    assert!(f.service(ServiceName::Telnet).expect("telnet").evidence.is_empty());
    let ssh: Vec<_> = f.management_access.iter().filter(|m| m.service == ServiceName::Ssh).collect();
    // WAN GigaEthernet0.0 is behind NAPT: SSH is reachable on the LAN and the tunnel.
    assert_eq!(ssh.iter().map(|m| m.interface.as_deref()).collect::<Vec<_>>(), vec![Some("GigaEthernet1.0"), Some("Tunnel0.0")]);
    for m in &ssh {
        assert_eq!(m.sources, vec!["192.168.20.0/24", "192.168.10.5/32"]);
        assert_eq!(m.restricted_by.as_deref(), Some("ssh-server ip access-list mgmt-src"));
        assert_eq!(
            m.evidence,
            vec![
                FX.at(D, "ssh-server ip enable"),
                FX.at(D, "ssh-server ip access-list mgmt-src"),
                FX.at(D, "ip access-list mgmt-src permit ip src 192.168.20.0/24 dest any"),
                FX.at(D, "ip access-list mgmt-src permit ip src 192.168.10.5/32 dest any"),
            ]
        );
    }
    assert!(f.management_access.iter().all(|m| !m.is_unrestricted()), "{:?}", f.management_access);
    assert!(f.management_access.iter().all(|m| m.interface.as_deref() != Some("GigaEthernet0.0")));

    // SNMP v2c from one manager, community masked and not a default.
    let snmp = f.snmp.as_ref().expect("snmp");
    assert_eq!(snmp.communities.len(), 1);
    let c = &snmp.communities[0];
    assert_eq!((c.access, c.default_name, c.sources.as_slice()), (SnmpAccess::Ro, false, &["192.168.20.15/32".to_string()][..]));
    assert_eq!(
        c.evidence,
        vec![
            FX.at(D, "snmp-agent ip community ******** snmp-src"),
            FX.at(D, "ip access-list snmp-src permit ip src 192.168.20.15/32 dest any")
        ]
    );
    assert_eq!(
        f.service(ServiceName::Snmp).expect("snmp").evidence,
        vec![FX.at(D, "snmp-agent ip enable"), FX.at(D, "snmp-agent ip community ******** snmp-src")]
    );
    let snmp_access: Vec<_> = f.management_access.iter().filter(|m| m.service == ServiceName::Snmp).collect();
    assert_eq!(snmp_access.len(), 2);
    assert!(snmp_access.iter().all(|m| m.sources == vec!["192.168.20.15/32"]));

    // Hashed passwords; the general user has no role word.
    assert_eq!(f.accounts.len(), 2);
    let admin = &f.accounts[0];
    assert_eq!(
        (admin.name.as_str(), admin.privilege, admin.password_storage),
        ("hospadm", Privilege::Admin, PasswordStorage::Strong)
    );
    assert_eq!(admin.evidence, vec![FX.at(D, "username hospadm password hash ******** administrator")]);
    let monitor = &f.accounts[1];
    assert_eq!(
        (monitor.name.as_str(), monitor.privilege, monitor.password_storage),
        ("monitor", Privilege::Operator, PasswordStorage::Strong)
    );
    assert_eq!(monitor.evidence, vec![FX.at(D, "username monitor password hash ******** operator")]);

    let log = f.logging.as_ref().expect("logging");
    assert_eq!(log.remote_hosts, vec!["192.168.20.10"]);
    assert_eq!(log.ntp_servers, vec!["133.243.238.164", "210.173.160.87"]);
    assert_eq!(
        log.evidence,
        vec![
            FX.at(D, "syslog ip enable"),
            FX.at(D, "syslog ip host 192.168.20.10"),
            FX.at(D, "ntp server 133.243.238.164 priority 10"),
            FX.at(D, "ntp server 210.173.160.87 priority 20"),
        ]
    );

    // One IPsec peer, fixed address, applied by Tunnel0.0.
    assert_eq!(f.remote_access.len(), 1);
    let vpn = &f.remote_access[0];
    assert_eq!(
        (vpn.kind, vpn.name.as_deref(), vpn.enabled, vpn.peer_sources.as_slice(), vpn.interface.as_deref()),
        (RemoteAccessKind::Ipsec, Some("ike policy emr-dc"), true, &["203.0.113.10/32".to_string()][..], Some("Tunnel0.0"))
    );
    assert_eq!(vpn.two_factor, None);
    assert_eq!(
        vpn.evidence,
        vec![
            FX.at(D, "ike policy emr-dc peer 203.0.113.10 key ******** ikeprp"),
            FX.at(D, "ipsec autokey-map emr-map vpn-list peer 203.0.113.10 ipsecprp pfs 2048-bit"),
            FX.at(D, "ipsec policy tunnel emr-map out"),
        ]
    );

    let iface = |name: &str| f.interfaces.iter().find(|i| i.name == name).unwrap_or_else(|| panic!("{name}"));
    let wan = iface("GigaEthernet0.0");
    assert_eq!((wan.role, wan.description.as_deref()), (InterfaceRole::Wan, Some("ISP uplink")));
    assert_eq!(wan.evidence, vec![block(D, "interface GigaEthernet0.0")]);
    let lan = iface("GigaEthernet1.0");
    assert_eq!(
        (lan.role, lan.addresses.as_slice(), lan.description.as_deref()),
        (InterfaceRole::Lan, &["192.168.10.1/24".to_string()][..], Some("Hospital LAN"))
    );
    assert_eq!(lan.evidence, vec![block(D, "interface GigaEthernet1.0")]);
    assert_eq!(iface("Tunnel0.0").role, InterfaceRole::Unknown);
    assert_eq!(iface("GigaEthernet2.0").role, InterfaceRole::Unknown);
    assert_eq!(f.interfaces.len(), 6);

    assert!(f.logging.as_ref().is_some_and(|l| l.logins.is_none()));
    assert_eq!(f.unknown, vec!["services.https", "logging.logins", "auth_policy"]);
}

#[test]
fn maintenance_vpn_open_to_any_peer() {
    const D: &str = "ix-maintenance-vpn";
    let (f, notes) = FX.parse(&FX.load(D));
    common::no_secrets(&f, &notes, SEEDED);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.model.as_deref(), fw.version.as_deref()), (Some("IX2105"), Some("9.6.22")));
    assert_eq!(f.device.hostname.as_deref(), Some("EMR-MAINT-IX"));

    // Telnet and the web GUI on, from any source on the inside, and opened to the
    // internet through NAPT.
    let telnet = f.service(ServiceName::Telnet).expect("telnet");
    assert!(telnet.enabled);
    assert_eq!(telnet.evidence, vec![FX.at(D, "telnet-server ip enable")]);
    assert!(f.service(ServiceName::Http).expect("http").enabled);
    assert!(!f.service(ServiceName::Ssh).expect("ssh").enabled);
    for service in [ServiceName::Telnet, ServiceName::Http] {
        let access: Vec<_> = f.management_access.iter().filter(|m| m.service == service).collect();
        assert_eq!(
            access.iter().map(|m| m.interface.as_deref()).collect::<Vec<_>>(),
            vec![Some("GigaEthernet1.0"), Some("Tunnel0.0"), Some("GigaEthernet0.1")],
            "{service:?}"
        );
        assert!(access.iter().all(|m| m.is_unrestricted() && m.restricted_by.is_none()), "{access:?}");
    }
    let napt = f
        .management_access
        .iter()
        .find(|m| m.service == ServiceName::Telnet && m.interface.as_deref() == Some("GigaEthernet0.1"))
        .expect("napt telnet");
    assert_eq!(napt.evidence, vec![FX.at(D, "ip napt service telnet 192.168.1.254")]);
    assert!(notes.iter().any(|n| n.contains("opens telnet from the internet to this router")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("GigaEthernet0.1 has no inbound")), "{notes:?}");

    // SNMP `public` (masked on load, still known to be the default) from anywhere.
    assert!(f.service(ServiceName::Snmp).expect("snmp").enabled);
    let c = &f.snmp.as_ref().expect("snmp").communities;
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].access, c[0].default_name, c[0].sources.as_slice()), (SnmpAccess::Ro, true, &["any".to_string()][..]));
    assert_eq!(c[0].evidence, vec![FX.at(D, "snmp-agent ip community ********")]);

    // A shared administrator and the vendor's account, both in clear text.
    let admin = f.accounts.iter().find(|a| a.name == "admin").expect("admin");
    assert_eq!((admin.privilege, admin.password_storage), (Privilege::Admin, PasswordStorage::Plain));
    assert_eq!(admin.evidence, vec![FX.at(D, "username admin password plain 1 ******** administrator")]);
    let vendor = f.accounts.iter().find(|a| a.name == "vendor").expect("vendor");
    assert_eq!((vendor.privilege, vendor.password_storage), (Privilege::Unknown, PasswordStorage::Plain));
    assert_eq!(vendor.evidence, vec![FX.at(D, "username vendor password plain 1 ********")]);
    assert_eq!(f.accounts.len(), 2);

    // No syslog, no NTP.
    let log = f.logging.as_ref().expect("logging");
    assert!(log.remote_hosts.is_empty() && log.ntp_servers.is_empty() && log.evidence.is_empty());

    // The Okayama pattern: IPsec from any peer, and NetMeister cloud management.
    assert_eq!(f.remote_access.len(), 2, "{:?}", f.remote_access);
    let vpn = &f.remote_access[0];
    assert_eq!(
        (vpn.kind, vpn.name.as_deref(), vpn.enabled, vpn.peer_sources.as_slice()),
        (RemoteAccessKind::Ipsec, Some("ike policy maint"), true, &["any".to_string()][..])
    );
    // Any peer with the pre-shared key: one factor.
    assert_eq!(vpn.two_factor, Some(false));
    assert_eq!(
        vpn.evidence,
        vec![
            FX.at(D, "ike policy maint peer any key ******** mode aggressive ikeprp"),
            FX.at(D, "ike remote-id maint fqdn vendor-maint"),
            FX.at(D, "ipsec autokey-map maint-map vpn-list peer any ipsecprp"),
            FX.at(D, "ipsec policy tunnel maint-map out"),
        ]
    );
    let nm = &f.remote_access[1];
    assert_eq!(
        (nm.kind, nm.name.as_deref(), nm.enabled, nm.peer_sources.as_slice()),
        (RemoteAccessKind::CloudManagement, Some("NetMeister"), true, &["cloud:netmeister".to_string()][..])
    );
    assert_eq!(nm.evidence, vec![FX.at(D, "nm ip enable")]);

    // PPPoE on GigaEthernet0.1 faces the internet.
    let wan = f.interfaces.iter().find(|i| i.name == "GigaEthernet0.1").expect("wan");
    assert_eq!((wan.role, wan.description.as_deref()), (InterfaceRole::Wan, Some("FLETS PPPoE")));
    assert_eq!(wan.evidence, vec![block(D, "interface GigaEthernet0.1")]);
    assert_eq!(f.interfaces.iter().filter(|i| i.role == InterfaceRole::Wan).count(), 1);
    assert!(f.logging.as_ref().is_some_and(|l| l.logins.is_none()));
    assert_eq!(f.unknown, vec!["services.https", "logging.logins", "auth_policy"]);
}

#[test]
fn truncated_config_concludes_nothing_from_absence() {
    const D: &str = "ix-truncated";
    let snap = FX.load(D);
    assert!(snap.artifact(VERSION).is_none());
    let (f, notes) = FX.parse(&snap);
    common::no_secrets(&f, &notes, SEEDED);
    assert!(notes.iter().any(|n| n.contains("cut off")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("header")), "{notes:?}");

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.model.as_deref(), fw.version.as_deref()), (Some("IX2105"), Some("9.6.22")));
    assert_eq!(fw.evidence, vec![FX.at(D, "! IX Series IX2105 (magellan-sec) Software, Version 9.6.22, RELEASE SOFTWARE")]);

    for path in [
        "services.ssh",
        "services.http",
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
    assert!(f.unknown.iter().any(|u| u == "logging.logins"), "{:?}", f.unknown);
    // The partial last line (`http-server ip en`) is not read as a value.
    assert!(f.service(ServiceName::Http).is_none() && f.service(ServiceName::Ssh).is_none());
    // What the lines before the cut say is still known.
    let telnet = f.service(ServiceName::Telnet).expect("telnet");
    assert!(telnet.enabled);
    assert_eq!(telnet.evidence, vec![FX.at(D, "telnet-server ip enable")]);
    assert!(f.service(ServiceName::Snmp).expect("snmp").enabled);
    let vpn = &f.remote_access[0];
    assert_eq!(vpn.peer_sources, vec!["any"]);
    let admin = f.accounts.iter().find(|a| a.name == "admin").expect("admin");
    assert_eq!(admin.password_storage, PasswordStorage::Plain);
    // No interface was read: no NAPT shield is assumed, telnet listens everywhere.
    assert!(f.interfaces.is_empty());
    let access = f.management_access.iter().find(|m| m.service == ServiceName::Telnet).expect("telnet access");
    assert!(access.interface.is_none() && access.is_unrestricted());
}

#[test]
fn detection() {
    for device in ["ix-hardened", "ix-maintenance-vpn", "ix-truncated"] {
        assert_eq!(platform::detect(&FX.load(device)).map(|p| p.name), Some("nec_ix"), "{device}");
    }
    let mut snap = Snapshot::empty("x", Path::new("."));
    snap.insert(VERSION, "IX Series IX3315 (magellan-sec) Software, Version 10.8.21, RELEASE SOFTWARE\n");
    assert_eq!(platform::detect(&snap).map(|p| p.name), Some("nec_ix"));
    // The header counts only at the top of the configuration.
    let mut snap = Snapshot::empty("x", Path::new("."));
    snap.insert(CONFIG, "hostname r1\n! IX Series IX2215 (magellan-sec) Software, Version 10.7.18, RELEASE SOFTWARE\n");
    assert!(platform::detect(&snap).is_none());
}

#[test]
fn defaults_of_a_complete_config() {
    // Interfaces only: every server is off, nothing is logged, no VPN.
    let (f, notes) = FX.parse_config(
        "! IX Series IX2106 (magellan-sec) Software, Version 10.2.16, RELEASE SOFTWARE\n!\ninterface GigaEthernet0.0\n  ip address dhcp\n  no shutdown\n!\ninterface GigaEthernet1.0\n  ip address 10.1.2.1/24\n!\n",
    );
    for name in [ServiceName::Telnet, ServiceName::Ssh, ServiceName::Http, ServiceName::Snmp] {
        assert_eq!(f.service(name).map(|s| s.enabled), Some(false), "{name:?}");
    }
    assert!(f.management_access.is_empty() && f.remote_access.is_empty() && f.accounts.is_empty());
    assert_eq!(f.firmware.as_ref().and_then(|fw| fw.version.as_deref()), Some("10.2.16"));
    assert!(notes.iter().any(|n| n.contains("GigaEthernet0.0 has no inbound")), "{notes:?}");
    assert_eq!(f.interfaces.iter().map(|i| i.role).collect::<Vec<_>>(), vec![InterfaceRole::Wan, InterfaceRole::Lan]);
    assert_eq!(f.unknown, vec!["services.https", "logging.logins", "auth_policy"]);
}

#[test]
fn wan_without_napt_ikev2_and_port_forwards() {
    let (f, notes) = FX.parse_config(
        "hostname edge\n\
         username ops password plain 1 SxNecInline1 operator\n\
         ip route default 198.51.100.1\n\
         ip access-list ssh-src permit tcp src 10.1.2.0/255.255.255.0 sport any dest any dport eq 22\n\
         ip access-list ssh-src deny ip src any dest any\n\
         telnet-server ip enable\n\
         telnet-server ip access-list nowhere\n\
         ssh-server ip enable\n\
         ssh-server ip access-list ssh-src\n\
         http-server ip enable\n\
         no snmp-agent ip enable\n\
         snmp-agent ip community SxNecInline2\n\
         syslog ip host 10.1.2.9\n\
         !\n\
         interface GigaEthernet0.0\n\
         \x20 ip address 198.51.100.2/29\n\
         \x20 ip filter wan-in 10 in\n\
         \x20 ip napt service ssh 10.1.2.50 2222 tcp 22\n\
         !\n\
         interface GigaEthernet1.0\n\
         \x20 ip address 10.1.2.1/24\n\
         !\n\
         interface Tunnel1.0\n\
         \x20 tunnel mode ipsec-ikev2\n\
         \x20 ikev2 peer any authentication psk id fqdn branch\n\
         \x20 shutdown\n\
         !\n",
    );
    let json = serde_json::to_string(&f).expect("json");
    assert!(!json.contains("SxNecInline"), "{json}");
    // The WAN (found from the default gateway) has no NAPT: servers listen everywhere.
    assert_eq!(f.interfaces[0].role, InterfaceRole::Wan);
    let ssh = f.management_access.iter().find(|m| m.service == ServiceName::Ssh && m.interface.is_none()).expect("ssh");
    assert_eq!(ssh.sources, vec!["10.1.2.0/24"]);
    // An access list that is not defined is not resolved.
    let telnet = f.management_access.iter().find(|m| m.service == ServiceName::Telnet).expect("telnet");
    assert_eq!(telnet.sources, vec!["acl:nowhere"]);
    let http = f.management_access.iter().find(|m| m.service == ServiceName::Http).expect("http");
    assert!(http.is_unrestricted() && http.interface.is_none());
    // A forward of SSH to an inside host, behind an inbound filter not evaluated.
    let fwd = f
        .management_access
        .iter()
        .find(|m| m.service == ServiceName::Ssh && m.interface.as_deref() == Some("GigaEthernet0.0"))
        .expect("forward");
    assert_eq!(fwd.sources, vec!["ip-filter:wan-in"]);
    assert_eq!(fwd.restricted_by.as_deref(), Some("ip filter wan-in in"));
    assert!(notes.iter().any(|n| n.contains("to the internal host 10.1.2.50")), "{notes:?}");
    // The agent is stopped: the community stays listed but answers nobody.
    assert!(!f.service(ServiceName::Snmp).expect("snmp").enabled);
    assert_eq!(f.snmp.as_ref().expect("snmp").communities.len(), 1);
    assert!(f.management_access.iter().all(|m| m.service != ServiceName::Snmp));
    // A syslog host without `syslog ip enable` receives nothing.
    assert!(f.logging.as_ref().expect("logging").remote_hosts.is_empty());
    assert!(notes.iter().any(|n| n.contains("syslog ip enable")), "{notes:?}");
    // IKEv2 from any peer on a shut-down tunnel.
    let v2 = f.remote_access.iter().find(|r| r.name.as_deref() == Some("ikev2 Tunnel1.0")).expect("ikev2");
    assert_eq!((v2.enabled, v2.peer_sources.as_slice()), (false, &["any".to_string()][..]));
    let ops = &f.accounts[0];
    assert_eq!((ops.privilege, ops.password_storage), (Privilege::Operator, PasswordStorage::Plain));
    assert_eq!(f.device.hostname.as_deref(), Some("edge"));
}

#[test]
fn l2tp_server_saved_without_the_final_bang() {
    let text = "hostname ras\n\
         username admin password hash SxNecL2tpAdm1 administrator\n\
         ip access-list l2tp-acl permit ip src any dest any\n\
         ike proposal p1 encryption aes-256 hash sha group 1024-bit\n\
         ike policy l2tp-pol peer any key SxNecL2tpPsk1 p1\n\
         ipsec autokey-proposal sp1 esp-aes-256 esp-sha\n\
         ipsec dynamic-map l2tp-map l2tp-acl sp1\n\
         http-server username webadm secret-password SxNecWebHash1\n\
         http-server ip enable\n\
         nm account hosp password secret SxNecNmHash1\n\
         nm ip enable\n\
         ppp profile l2tp\n\
         \x20 authentication request chap\n\
         \x20 authentication password remote1 SxNecL2tpUser1\n\
         !\n\
         interface GigaEthernet0.1\n\
         \x20 encapsulation pppoe\n\
         \x20 ppp binding isp\n\
         \x20 ip address ipcp\n\
         \x20 ip napt enable\n\
         \x20 ip napt static GigaEthernet0.1 udp 500\n\
         \x20 ip napt static GigaEthernet0.1 tcp 80\n\
         \x20 ip napt static 192.168.5.20 tcp 3389\n\
         \x20 no shutdown\n\
         !\n\
         interface GigaEthernet1.0\n\
         \x20 ip address 192.168.5.1/24\n\
         \x20 no shutdown\n\
         !\n\
         interface Loopback0.0\n\
         \x20 no ip address\n\
         !\n\
         interface Null0.0\n\
         \x20 no ip address\n\
         !\n\
         interface Tunnel0.0\n\
         \x20 ppp binding l2tp\n\
         \x20 tunnel mode l2tp-lns ipsec\n\
         \x20 ip unnumbered GigaEthernet1.0\n\
         \x20 ipsec policy transport l2tp-map\n\
         \x20 no shutdown\n";
    let mut snap = Snapshot::empty("ras", Path::new("."));
    snap.insert(CONFIG, text);
    let masked = snap.artifact(CONFIG).expect("config").to_string();
    let (f, notes) = FX.parse(&snap);
    let json = serde_json::to_string(&f).expect("json") + &notes.join("\n");
    assert!(!json.contains("SxNec"), "{json}");
    // No final `!`, but the Tunnel block after Loopback/Null ends in a whole line.
    assert!(notes.iter().all(|n| !n.contains("cut off")), "{notes:?}");
    assert!(!f.service(ServiceName::Telnet).expect("telnet").enabled);
    let line = |t: &str| {
        let no = masked.lines().position(|l| l.trim() == t).unwrap_or_else(|| panic!("{t}"));
        Evidence::line(CONFIG, no as u32 + 1)
    };
    // An L2TP/IPsec server for any client.
    let ras = &f.remote_access[0];
    assert_eq!(
        (ras.kind, ras.name.as_deref(), ras.peer_sources.as_slice(), ras.interface.as_deref()),
        (RemoteAccessKind::L2tp, Some("ike policy l2tp-pol"), &["any".to_string()][..], Some("Tunnel0.0"))
    );
    // L2TP users give a local password; no RADIUS is configured.
    assert_eq!(ras.two_factor, Some(false));
    assert_eq!(
        ras.evidence,
        vec![
            line("ike policy l2tp-pol peer any key ******** p1"),
            line("ipsec dynamic-map l2tp-map l2tp-acl sp1"),
            line("ipsec policy transport l2tp-map"),
        ]
    );
    let nm = &f.remote_access[1];
    assert_eq!(nm.evidence, vec![line("nm ip enable"), line("nm account hosp password secret ********")]);
    // The web GUI opened to the internet by a static NAPT entry to the router itself;
    // the RDP forward is not management of this router.
    let web = f.management_access.iter().find(|m| m.interface.as_deref() == Some("GigaEthernet0.1")).expect("napt static");
    assert_eq!((web.service, web.sources.as_slice()), (ServiceName::Http, &["any".to_string()][..]));
    assert_eq!(web.evidence, vec![line("ip napt static GigaEthernet0.1 tcp 80")]);
    assert_eq!(f.management_access.iter().filter(|m| m.interface.as_deref() == Some("GigaEthernet0.1")).count(), 1);
    assert!(notes.iter().any(|n| n.contains("opens http from the internet to this router")), "{notes:?}");
    let web_user = f.accounts.iter().find(|a| a.name == "webadm").expect("webadm");
    assert_eq!((web_user.privilege, web_user.password_storage), (Privilege::Unknown, PasswordStorage::Strong));
}

#[test]
fn garbage_never_panics() {
    let keywords = [
        "interface",
        "GigaEthernet0.0",
        "Tunnel0.0",
        "ip",
        "address",
        "dhcp",
        "ipcp",
        "napt",
        "enable",
        "service",
        "ssh",
        "telnet",
        "http",
        "tcp",
        "22",
        "filter",
        "in",
        "access-list",
        "permit",
        "deny",
        "src",
        "dest",
        "any",
        "192.168.1.1",
        "10.0.0.0/8",
        "1.2.3.4/255.0.255.0",
        "::1/128",
        "ssh-server",
        "telnet-server",
        "http-server",
        "snmp-agent",
        "community",
        "rw",
        "syslog",
        "host",
        "ntp",
        "server",
        "username",
        "password",
        "plain",
        "hash",
        "administrator",
        "ike",
        "policy",
        "peer",
        "peer-fqdn-ipv4",
        "key",
        "ipsec",
        "autokey-map",
        "tunnel",
        "ikev2",
        "nm",
        "no",
        "shutdown",
        "route",
        "default",
        "description",
        "\"",
        "!",
        "end",
        "IX Series IX2215 (x) Software, Version 10.7.18,",
        "Version",
        "\u{fffd}",
    ];
    common::garbage_never_panics(&FX, &keywords, &["ix-hardened", "ix-maintenance-vpn"]);
    // Bare markers alone.
    for t in ["!\n", "end"] {
        let (f, _) = FX.parse(&common::inline(&[(CONFIG, t), (VERSION, t)]));
        serde_json::to_string(&f).expect("json");
    }
}

#[test]
fn every_prefix_of_a_fixture_parses() {
    for device in ["ix-hardened", "ix-maintenance-vpn"] {
        let snap = FX.load(device);
        let text = snap.artifact(CONFIG).expect("config").to_string();
        let mut cut = 0;
        while let Some(i) = text[cut..].find('\n') {
            cut += i + 1;
            for end in [cut - 1, cut] {
                let mut s = Snapshot::empty("p", Path::new("."));
                s.insert(CONFIG, &text[..end]);
                let (f, _) = FX.parse(&s);
                // A prefix is cut off, and nothing is concluded from absence, unless it
                // ends at a block's `!` or at a whole line of an interface block after
                // Loopback/Null: those cannot be told from a complete configuration.
                let prefix = &text[..end];
                let last = prefix.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
                let looks_complete = last.trim() == "!"
                    || (prefix.ends_with('\n') && last.starts_with(' ') && prefix.contains("\ninterface Loopback"));
                if !looks_complete {
                    assert!(f.is_unknown("management_access") && f.is_unknown("remote_access"), "{device} cut at {end}");
                }
            }
        }
    }
}

/// The ntc-templates corpus holds no NEC IX `show version` samples; if it ever does,
/// each must give its reference version.
#[test]
fn corpus_show_version_samples() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/ntc-templates/nec_ix/show_version");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no NEC IX samples in the corpus ({})", dir.display());
        return;
    };
    for raw in entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "raw")) {
        let text = std::fs::read_to_string(&raw).expect("raw");
        let yml: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(&std::fs::read_to_string(raw.with_extension("yml")).expect("yml")).expect("yaml");
        let mut snap = Snapshot::empty("c", Path::new("."));
        snap.insert(VERSION, text);
        let (f, _) = FX.parse(&snap);
        let expected = yml["parsed_sample"][0]["version"].as_str();
        assert_eq!(f.firmware.as_ref().map(|fw| fw.raw.as_str()), expected, "{}", raw.display());
    }
}
