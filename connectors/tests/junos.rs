//! The Juniper Junos parser on the project's own fixtures (fixtures/juniper_junos): facts
//! field by field with the line each came from, the set and brace forms giving the same
//! facts, unknowns for a cut-off configuration, platform detection, secrets never
//! reaching facts, no panic on garbage, and the ntc-templates `show version` corpus.

mod common;

use common::{Fixtures, Lcg};

use std::path::Path;

use kenshin_connectors::platform;
use kenshin_connectors::snapshot::Snapshot;
use kenshin_facts::{
    DeviceKind, Evidence, Facts, InterfaceRole, PasswordStorage, Privilege, RemoteAccessKind, ServiceName, SnmpAccess,
};

const VERSION: &str = "show_version.txt";
const SET: &str = "show_configuration_display_set.txt";
const BRACE: &str = "show_configuration.txt";

/// Every secret written into the fixtures; none may appear in facts or notes.
const SEEDED: &[&str] = &[
    "SxJunosHardRoot1",
    "SxJunosHardUser1",
    "SxJunosHardMon1",
    "SxJunosHardPsk1",
    "SxJunosHardV3a1",
    "SxJunosHardV3p1",
    "SxJunosOldRoot1",
    "SxJunosOldAdm1",
    "SxJunosOldVnd1",
    "SxJunosOldDyn1",
    "SxJunosOldPsk1",
    "SxJunosExRoot1",
    "SxJunosExUser1",
    "SxJunosExComm1",
];

const FX: Fixtures = Fixtures { platform: "juniper_junos", kind: DeviceKind::Firewall, version: VERSION, config: SET };

use common::{inline, strings};

#[test]
fn hardened_srx_in_set_form() {
    const D: &str = "srx-hardened";
    let snap = FX.load(D);
    assert!(snap.artifact(SET).is_some_and(|t| !t.contains("SxJunos")), "seeded secrets masked on load");
    let (f, notes) = FX.parse(&snap);
    assert!(notes.is_empty(), "{notes:?}");
    common::no_secrets(&f, &notes, SEEDED);
    let ev = |t: &str| FX.at_in(D, SET, t);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!(
        (fw.vendor.as_str(), fw.os.as_str(), fw.model.as_deref(), fw.version.as_deref(), fw.raw.as_str()),
        ("juniper", "junos", Some("srx345"), Some("21.4R3-S5.4"), "21.4R3-S5.4")
    );
    assert_eq!(fw.evidence, vec![FX.at_in(D, VERSION, "Junos: 21.4R3-S5.4")]);
    assert_eq!(f.device.hostname.as_deref(), Some("kenshin-srx-hq"));

    // Services: on only where configured; FTP is configured but deactivated.
    for name in [ServiceName::Telnet, ServiceName::Http, ServiceName::Ftp, ServiceName::Finger] {
        let s = f.service(name).unwrap_or_else(|| panic!("{name:?}"));
        assert!(!s.enabled && s.evidence.is_empty(), "{name:?}");
    }
    let ssh = f.service(ServiceName::Ssh).expect("ssh");
    assert!(ssh.enabled);
    assert_eq!(
        ssh.evidence,
        vec![ev("set system services ssh root-login deny"), ev("set system services ssh protocol-version v2")]
    );
    let https = f.service(ServiceName::Https).expect("https");
    assert!(https.enabled);
    assert_eq!(https.evidence[1], ev("set system services web-management https interface ge-0/0/1.0"));

    // SSH and HTTPS: only the trust interface allows them, and the lo0 filter narrows
    // the LAN to the prefix list of administrators.
    assert_eq!(f.management_access.len(), 3, "{:#?}", f.management_access);
    for service in [ServiceName::Ssh, ServiceName::Https] {
        let m = f.management_access.iter().find(|m| m.service == service).expect("access");
        assert_eq!(m.interface.as_deref(), Some("ge-0/0/1.0"));
        assert_eq!(m.sources, strings(&["192.168.10.0/26"]));
        assert_eq!(m.restricted_by.as_deref(), Some("security-zone trust host-inbound-traffic; lo0 input filter protect-re"));
        for line in [
            "set security zones security-zone trust interfaces ge-0/0/1.0 host-inbound-traffic system-services ssh",
            "set interfaces lo0 unit 0 family inet filter input protect-re",
            "set firewall family inet filter protect-re term mgmt from source-prefix-list mgmt-hosts",
            "set policy-options prefix-list mgmt-hosts 192.168.10.0/26",
        ] {
            assert!(m.evidence.contains(&ev(line)), "{service:?}: {line}");
        }
        // Only the host-inbound line that allows this service is evidence.
        let other = if service == ServiceName::Ssh { "https" } else { "ssh" };
        let other_line =
            format!("set security zones security-zone trust interfaces ge-0/0/1.0 host-inbound-traffic system-services {other}");
        assert_eq!(m.evidence.iter().filter(|e| **e == ev(&other_line)).count(), usize::from(other == "ssh"));
    }
    let snmp_access = f.management_access.iter().find(|m| m.service == ServiceName::Snmp).expect("snmp access");
    assert_eq!(
        (snmp_access.interface.as_deref(), snmp_access.sources.as_slice()),
        (Some("ge-0/0/1.0"), &strings(&["192.168.10.15/32"])[..])
    );
    assert!(
        snmp_access
            .evidence
            .contains(&ev("set firewall family inet filter protect-re term snmp from source-address 192.168.10.15/32"))
    );
    assert!(f.management_access.iter().all(|m| !m.is_unrestricted()));

    // SNMPv3 only.
    let snmp = f.snmp.as_ref().expect("snmp");
    assert!(snmp.communities.is_empty());
    assert_eq!(snmp.v3_users.len(), 1);
    let u = &snmp.v3_users[0];
    assert_eq!((u.name.as_str(), u.auth.as_deref(), u.privacy.as_deref()), ("kenshinmon", Some("sha"), Some("aes")));
    assert_eq!(
        u.evidence,
        vec![
            ev("set snmp v3 usm local-engine user kenshinmon authentication-sha authentication-key \"********\""),
            ev("set snmp v3 usm local-engine user kenshinmon privacy-aes128 privacy-key \"********\"")
        ]
    );
    assert!(f.service(ServiceName::Snmp).expect("snmp").enabled);

    // Accounts: SHA-crypt hashes.
    let root = f.accounts.iter().find(|a| a.name == "root").expect("root");
    assert_eq!((root.privilege, root.password_storage), (Privilege::Admin, PasswordStorage::Strong));
    assert_eq!(root.evidence, vec![ev("set system root-authentication encrypted-password \"********\"")]);
    let adm = f.accounts.iter().find(|a| a.name == "hospadm").expect("hospadm");
    assert_eq!((adm.privilege, adm.password_storage), (Privilege::Admin, PasswordStorage::Strong));
    assert_eq!(
        adm.evidence,
        vec![
            ev("set system login user hospadm uid 2001"),
            ev("set system login user hospadm class super-user"),
            ev("set system login user hospadm authentication encrypted-password \"********\"")
        ]
    );
    let mon = f.accounts.iter().find(|a| a.name == "monitor").expect("monitor");
    assert_eq!((mon.privilege, mon.password_storage), (Privilege::ReadOnly, PasswordStorage::Strong));
    assert_eq!(f.accounts.len(), 3);
    assert!(f.accounts.iter().all(|a| a.allowed_sources.is_none()));

    let auth = f.auth_policy.as_ref().expect("auth policy");
    assert_eq!((auth.min_password_length, auth.lockout_threshold), (Some(12), Some(5)));
    assert_eq!(
        auth.evidence,
        vec![
            ev("set system login password minimum-length 12"),
            ev("set system login retry-options tries-before-disconnect 5"),
            ev("set system login retry-options lockout-period 30")
        ]
    );

    let log = f.logging.as_ref().expect("logging");
    assert_eq!(log.remote_hosts, strings(&["192.168.10.20"]));
    assert_eq!(log.ntp_servers, strings(&["192.168.10.21", "133.243.238.164"]));
    for line in [
        "set system syslog host 192.168.10.20 any notice",
        "set security log stream traffic-log host 192.168.10.20",
        "set system ntp server 133.243.238.164",
    ] {
        assert!(log.evidence.contains(&ev(line)), "{line}");
    }
    // Facility authorization at info, to the syslog host and to the local file.
    let logins = log.logins.as_ref().expect("logins");
    assert!(logins.logons, "{logins:?}");
    assert_eq!(
        logins.evidence,
        vec![
            ev("set system syslog host 192.168.10.20 authorization info"),
            ev("set system syslog file messages authorization info")
        ]
    );

    assert_eq!(f.remote_access.len(), 1);
    let vpn = &f.remote_access[0];
    assert_eq!(
        (vpn.kind, vpn.name.as_deref(), vpn.enabled, vpn.peer_sources.as_slice(), vpn.interface.as_deref()),
        (RemoteAccessKind::Ipsec, Some("ike gateway dc-gw"), true, &strings(&["203.0.113.10/32"])[..], Some("ge-0/0/0.0"))
    );
    assert_eq!(vpn.two_factor, None);
    assert!(vpn.evidence.contains(&ev("set security ike gateway dc-gw address 203.0.113.10")));
    assert!(vpn.evidence.contains(&ev("set security ipsec vpn dc-vpn ike gateway dc-gw")));

    let wan = f.interfaces.iter().find(|i| i.name == "ge-0/0/0.0").expect("ge-0/0/0.0");
    assert_eq!(
        (wan.role, wan.addresses.as_slice(), wan.description.as_deref()),
        (InterfaceRole::Wan, &strings(&["198.51.100.2/29"])[..], Some("ISP uplink (fixed address)"))
    );
    assert!(wan.evidence.contains(&ev("set routing-options static route 0.0.0.0/0 next-hop 198.51.100.1")));
    assert!(wan.evidence.contains(&ev(
        "set security zones security-zone untrust interfaces ge-0/0/0.0 host-inbound-traffic system-services ike"
    )));
    let lan = f.interfaces.iter().find(|i| i.name == "ge-0/0/1.0").expect("ge-0/0/1.0");
    assert_eq!((lan.role, lan.description.as_deref()), (InterfaceRole::Lan, Some("Hospital LAN")));
    assert_eq!(f.interfaces.iter().find(|i| i.name == "lo0.0").expect("lo0").role, InterfaceRole::Unknown);
    assert!(f.interfaces.iter().any(|i| i.name == "st0.0"));
    assert!(f.unknown.is_empty(), "{:?}", f.unknown);
}

#[test]
fn okayama_like_maintenance_vpn_in_brace_form() {
    const D: &str = "srx-okayama-vpn";
    let snap = FX.load(D);
    assert!(snap.artifact(BRACE).is_some_and(|t| !t.contains("SxJunos")));
    let (f, notes) = FX.parse(&snap);
    assert!(notes.is_empty(), "{notes:?}");
    common::no_secrets(&f, &notes, SEEDED);
    let ev = |t: &str| FX.at_in(D, BRACE, t);

    // Old release line format.
    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.model.as_deref(), fw.version.as_deref()), (Some("srx220h2"), Some("12.1X46-D40.2")));
    assert_eq!(fw.evidence, vec![FX.at_in(D, VERSION, "JUNOS Software Release [12.1X46-D40.2]")]);
    assert_eq!(f.device.hostname.as_deref(), Some("maint-vpn-dc"));

    // Telnet, SSH, HTTP and HTTPS, all open on the untrust (internet) side.
    let telnet = f.service(ServiceName::Telnet).expect("telnet");
    assert!(telnet.enabled);
    assert_eq!(telnet.evidence, vec![Evidence::line(BRACE, line_no_nth(D, "telnet;", 0))]);
    let http = f.service(ServiceName::Http).expect("http");
    assert!(http.enabled);
    // `interface [ a b ];` is two statements of one line, counted once.
    assert_eq!(http.evidence, vec![ev("interface [ ge-0/0/0.0 ge-0/0/1.0 ];")]);
    for service in [ServiceName::Telnet, ServiceName::Ssh, ServiceName::Http, ServiceName::Https, ServiceName::Snmp] {
        let on: Vec<_> = f.management_access.iter().filter(|m| m.service == service).collect();
        let untrust = on.iter().find(|m| m.interface.as_deref() == Some("ge-0/0/0.0")).unwrap_or_else(|| panic!("{service:?}"));
        assert!(untrust.is_unrestricted() && untrust.restricted_by.is_none(), "{service:?}");
        assert!(untrust.evidence.contains(&ev("ge-0/0/0.0 {")), "{service:?}");
        // The trust zone allows `all`: its own network.
        let trust = on.iter().find(|m| m.interface.as_deref() == Some("ge-0/0/1.0")).unwrap_or_else(|| panic!("{service:?}"));
        assert_eq!(trust.sources, strings(&["10.20.0.0/24"]), "{service:?}");
        assert_eq!(trust.restricted_by.as_deref(), Some("security-zone trust host-inbound-traffic"));
        assert!(trust.evidence.contains(&ev("all;")));
    }
    let ssh_untrust =
        f.management_access.iter().find(|m| m.service == ServiceName::Ssh && m.interface.as_deref() == Some("ge-0/0/0.0"));
    // `system services ssh`, the zone's interface, and its host-inbound `ssh`.
    let nth = |t: &str, n: usize| Evidence::line(BRACE, line_no_nth(D, t, n));
    assert_eq!(ssh_untrust.expect("ssh").evidence, vec![nth("ssh;", 0), ev("ge-0/0/0.0 {"), nth("ssh;", 1)]);

    // `public`, read-write, reachable from the internet.
    let snmp = f.snmp.as_ref().expect("snmp");
    assert_eq!(snmp.communities.len(), 1);
    let c = &snmp.communities[0];
    assert_eq!((c.access, c.default_name, c.sources.as_slice()), (SnmpAccess::Rw, true, &strings(&["any"])[..]));
    assert_eq!(c.evidence, vec![ev("authorization read-write;")]);

    // MD5-crypt hashes; the vendor and `admin` are super-users.
    for (name, lines) in [("root", 1), ("admin", 3), ("vendor", 4)] {
        let a = f.accounts.iter().find(|a| a.name == name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!((a.privilege, a.password_storage), (Privilege::Admin, PasswordStorage::Weak), "{name}");
        assert_eq!(a.evidence.len(), lines, "{name}");
    }
    let admin = f.accounts.iter().find(|a| a.name == "admin").expect("admin");
    assert_eq!(admin.evidence[1], Evidence::line(BRACE, line_no_nth(D, "class super-user;", 0)));

    // No remote log; the NTP statement is inactive.
    let log = f.logging.as_ref().expect("logging");
    assert!(log.remote_hosts.is_empty() && log.ntp_servers.is_empty());
    // `file messages { any any; }` keeps every facility at every level, logins included.
    let logins = log.logins.as_ref().expect("logins");
    assert!(logins.logons, "{logins:?}");
    assert_eq!(logins.evidence, vec![Evidence::line(BRACE, line_no_nth(D, "any any;", 0))]);

    // The Okayama pattern: a dynamic IKE peer (any address) and a client VPN.
    assert_eq!(f.remote_access.len(), 2, "{:?}", f.remote_access);
    let gw = f.remote_access.iter().find(|r| r.name.as_deref() == Some("ike gateway maint-gw")).expect("gateway");
    assert_eq!(
        (gw.kind, gw.enabled, gw.peer_sources.as_slice(), gw.interface.as_deref()),
        (RemoteAccessKind::Ipsec, true, &strings(&["any"])[..], Some("ge-0/0/0.0"))
    );
    assert!(gw.evidence.contains(&ev("dynamic hostname vendor-client.example.jp;")));
    assert!(gw.evidence.contains(&ev("gateway maint-gw;")));
    let dynamic = f.remote_access.iter().find(|r| r.name.as_deref() == Some("dynamic-vpn")).expect("dynamic-vpn");
    assert_eq!(dynamic.peer_sources, strings(&["any"]));
    assert_eq!(dynamic.evidence[0], ev("access-profile remote-users;"));
    // The key alone, and the access profile's local passwords: no second factor.
    assert_eq!((gw.two_factor, dynamic.two_factor), (Some(false), Some(false)));

    let wan = f.interfaces.iter().find(|i| i.name == "ge-0/0/0.0").expect("wan");
    assert_eq!((wan.role, wan.description.as_deref()), (InterfaceRole::Wan, Some("Data centre uplink")));
    assert!(wan.evidence.contains(&Evidence::line(BRACE, line_no_nth(D, "dhcp;", 0))));
    let lan = f.interfaces.iter().find(|i| i.name == "ge-0/0/1.0").expect("lan");
    assert_eq!((lan.role, lan.addresses.as_slice()), (InterfaceRole::Lan, &strings(&["10.20.0.1/24"])[..]));
    let auth = f.auth_policy.as_ref().expect("auth");
    assert_eq!((auth.min_password_length, auth.lockout_threshold), (None, None));
    assert!(f.unknown.is_empty(), "{:?}", f.unknown);
}

/// The `n`th (0-based) line of the brace fixture reading `text`.
fn line_no_nth(device: &str, text: &str, n: usize) -> u32 {
    nth_in(device, BRACE, text, n)
}

/// The `n`th (0-based) line of `artifact` reading `text`, for lines that repeat.
fn nth_in(device: &str, artifact: &str, text: &str, n: usize) -> u32 {
    let snap = FX.load(device);
    let file = snap.artifact(artifact).expect("artifact");
    let found: Vec<u32> = file.lines().enumerate().filter(|(_, l)| l.trim() == text).map(|(i, _)| i as u32 + 1).collect();
    found[n]
}

#[test]
fn truncated_ex_switch_concludes_nothing_from_absence() {
    const D: &str = "ex-truncated";
    let snap = FX.load(D);
    let (f, notes) = FX.parse(&snap);
    common::no_secrets(&f, &notes, SEEDED);
    assert!(notes.iter().any(|n| n.contains("cut off")), "{notes:?}");

    // Two Virtual Chassis members, one release.
    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.model.as_deref(), fw.version.as_deref()), (Some("ex2300-48p"), Some("20.4R3-S2.6")));
    assert_eq!(fw.evidence[0].lines[0], 5);
    assert_eq!(f.device.hostname.as_deref(), Some("ward3-ex2300"));

    for path in [
        "services.http",
        "services.https",
        "services.ftp",
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
    // `host ... any any` before the cut, but a `deactivate` may follow it: unknown.
    assert!(f.logging.as_ref().is_some_and(|l| l.logins.is_none()));
    assert!(f.unknown.iter().any(|u| u == "logging.logins"), "{:?}", f.unknown);
    assert!(f.service(ServiceName::Http).is_none() && f.service(ServiceName::Https).is_none());
    // Who may connect depends on a loopback filter that may lie past the cut.
    assert!(f.management_access.is_empty());
    // What the lines before the cut say is still known.
    let ev = |t: &str| FX.at_in(D, SET, t);
    assert_eq!(f.service(ServiceName::Telnet).expect("telnet").evidence, vec![ev("set system services telnet")]);
    assert!(f.service(ServiceName::Ssh).expect("ssh").enabled);
    let snmp = f.snmp.as_ref().expect("snmp");
    assert_eq!(snmp.communities.len(), 2);
    let restricted = &snmp.communities[0];
    assert_eq!((restricted.default_name, restricted.sources.as_slice()), (false, &strings(&["192.168.20.0/24"])[..]));
    // Both communities read `********` once masked; they are told apart all the same.
    let ro = |n| Evidence::line(SET, nth_in(D, SET, "set snmp community ******** authorization read-only", n));
    assert_eq!(restricted.evidence, vec![ro(0), ev("set snmp community ******** clients 192.168.20.0/24")]);
    assert_eq!(snmp.communities[1].evidence, vec![ro(1)]);
    // `public` without clients: its sources depend on what was cut off.
    let public = &snmp.communities[1];
    assert!(public.default_name);
    assert_eq!(public.sources, strings(&["configuration-cut-off"]));
    let netadm = f.accounts.iter().find(|a| a.name == "netadm").expect("netadm");
    assert_eq!((netadm.privilege, netadm.password_storage), (Privilege::Admin, PasswordStorage::Strong));
    // The partial last line (`... address 10.0.0.`) is ignored.
    assert!(f.interfaces.iter().all(|i| !i.name.starts_with("me0")), "{:?}", f.interfaces);
}

/// A small SRX configuration written in both forms: the facts must be the same, line
/// numbers aside.
#[test]
fn set_and_brace_forms_give_the_same_facts() {
    let set = r#"set version 22.4R2.8
set system host-name twin
set system root-authentication encrypted-password "$6$SxJunosTwinRoot1$abc"
set system login user ops class operator
set system login user ops authentication encrypted-password "$1$SxJunosTwinOps1$def"
set system services ssh
set system services netconf ssh
set system services web-management http interface ge-0/0/0.0
set system syslog host 10.1.1.5 any any
set snmp community SxJunosTwinComm1 authorization read-only
set snmp community SxJunosTwinComm1 client-list-name nms
set snmp community public authorization read-write
set snmp client-list nms 10.1.1.0/24
set snmp client-list nms 10.1.1.66/32 restrict
set security zones security-zone trust interfaces ge-0/0/1.0
set security zones security-zone trust host-inbound-traffic system-services all
set security zones security-zone trust host-inbound-traffic system-services telnet except
set security zones security-zone untrust interfaces ge-0/0/0.0 host-inbound-traffic system-services http
set security zones security-zone untrust interfaces ge-0/0/0.0 host-inbound-traffic system-services netconf
set security ike gateway peer1 address 192.0.2.9
set security ike gateway peer1 address peer2.example.jp
set security ike gateway peer1 external-interface ge-0/0/0
set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.2/30
set interfaces ge-0/0/1 unit 0 family inet address 10.1.1.1/24
set interfaces fxp0 unit 0 family inet address 172.16.0.5/24
set routing-options static route 0.0.0.0/0 next-hop 192.0.2.1
set access profile remote client u1 firewall-user password "$9$SxJunosTwinDyn1"
set security ike policy p2 pre-shared-key hexadecimal "$9$SxJunosTwinHex1"
"#;
    let brace = r#"## Last commit: 2025-01-01 00:00:00 UTC by ops
version 22.4R2.8;
system {
    host-name twin;
    root-authentication {
        encrypted-password "$6$SxJunosTwinRoot1$abc"; ## SECRET-DATA
    }
    login {
        user ops {
            class operator;
            authentication {
                encrypted-password "$1$SxJunosTwinOps1$def"; ## SECRET-DATA
            }
        }
    }
    services {
        ssh;
        netconf {
            ssh;
        }
        web-management {
            http {
                interface ge-0/0/0.0;
            }
        }
    }
    syslog {
        host 10.1.1.5 {
            any any;
        }
    }
}
snmp {
    client-list nms {
        10.1.1.0/24;
        10.1.1.66/32 restrict;
    }
    community SxJunosTwinComm1 {
        authorization read-only;
        client-list-name nms;
    }
    community public {
        authorization read-write;
    }
}
security {
    ike {
        gateway peer1 {
            address [ 192.0.2.9 peer2.example.jp ];
            external-interface ge-0/0/0;
        }
    }
    zones {
        security-zone trust {
            host-inbound-traffic {
                system-services {
                    all;
                    telnet {
                        except;
                    }
                }
            }
            interfaces {
                ge-0/0/1.0;
            }
        }
        security-zone untrust {
            interfaces {
                ge-0/0/0.0 {
                    host-inbound-traffic {
                        system-services {
                            http;
                            netconf;
                        }
                    }
                }
            }
        }
    }
}
interfaces {
    ge-0/0/0 {
        unit 0 {
            family inet {
                address 192.0.2.2/30;
            }
        }
    }
    ge-0/0/1 {
        unit 0 {
            family inet {
                address 10.1.1.1/24;
            }
        }
    }
    fxp0 {
        unit 0 {
            family inet {
                address 172.16.0.5/24;
            }
        }
    }
}
routing-options {
    static {
        route 0.0.0.0/0 next-hop 192.0.2.1;
    }
}
access {
    profile remote {
        client u1 {
            firewall-user {
                password "$9$SxJunosTwinDyn1"; ## SECRET-DATA
            }
        }
    }
}
security {
    ike {
        policy p2 {
            pre-shared-key hexadecimal "$9$SxJunosTwinHex1"; ## SECRET-DATA
        }
    }
}
"#;
    // Facts without evidence (line numbers and artifact names differ by design).
    fn plain(f: &Facts) -> serde_json::Value {
        let mut v = serde_json::to_value(f).expect("json");
        fn strip(v: &mut serde_json::Value) {
            match v {
                serde_json::Value::Object(m) => {
                    m.remove("evidence");
                    m.values_mut().for_each(strip);
                }
                serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
                _ => {}
            }
        }
        strip(&mut v);
        v
    }
    let (set_snap, brace_snap) = (inline(&[(SET, set)]), inline(&[(BRACE, brace)]));
    // Every secret of both forms is masked before the parser sees it.
    assert!(set_snap.artifact(SET).is_some_and(|t| !t.contains("SxJunosTwin")), "{:?}", set_snap.artifact(SET));
    assert!(brace_snap.artifact(BRACE).is_some_and(|t| !t.contains("SxJunosTwin")), "{:?}", brace_snap.artifact(BRACE));
    let (from_set, set_notes) = FX.parse(&set_snap);
    let (from_brace, brace_notes) = FX.parse(&brace_snap);
    assert_eq!(plain(&from_set), plain(&from_brace));
    for (f, notes) in [(&from_set, &set_notes), (&from_brace, &brace_notes)] {
        let json = serde_json::to_string(f).expect("json");
        assert!(!json.contains("SxJunosTwin") && !notes.join(" ").contains("SxJunosTwin"));
    }

    let f = &from_brace;
    // Firmware from the `version` statement when show version is missing.
    assert_eq!(f.firmware.as_ref().and_then(|fw| fw.version.as_deref()), Some("22.4R2.8"));
    assert!(brace_notes.iter().any(|n| n.contains("\"version\" statement")), "{brace_notes:?}");
    let ops = f.accounts.iter().find(|a| a.name == "ops").expect("ops");
    assert_eq!((ops.privilege, ops.password_storage), (Privilege::Operator, PasswordStorage::Weak));
    // Telnet is not configured: `all` with `telnet except` allows no more than it.
    assert!(!f.service(ServiceName::Telnet).expect("telnet").enabled);
    // SSH on trust (its network) and the fxp0 management port; NETCONF also from the
    // internet; web management only on the interface it names.
    let ssh: Vec<_> = f.management_access.iter().filter(|m| m.service == ServiceName::Ssh).collect();
    let places: Vec<(Option<&str>, &[String])> = ssh.iter().map(|m| (m.interface.as_deref(), m.sources.as_slice())).collect();
    assert!(places.contains(&(Some("ge-0/0/1.0"), &strings(&["10.1.1.0/24"])[..])), "{places:?}");
    assert!(places.contains(&(Some("fxp0.0"), &strings(&["172.16.0.0/24"])[..])), "{places:?}");
    assert!(places.contains(&(Some("ge-0/0/0.0"), &strings(&["any"])[..])), "{places:?}");
    let http: Vec<_> = f.management_access.iter().filter(|m| m.service == ServiceName::Http).collect();
    assert_eq!(http.len(), 1);
    assert_eq!((http[0].interface.as_deref(), http[0].sources.as_slice()), (Some("ge-0/0/0.0"), &strings(&["any"])[..]));
    // SNMP: the client list (without its `restrict` entry) on the trust side only.
    let c = &f.snmp.as_ref().expect("snmp").communities;
    assert_eq!(c.len(), 2);
    assert_eq!(
        (c[0].access, c[0].default_name, c[0].sources.as_slice()),
        (SnmpAccess::Ro, false, &strings(&["10.1.1.0/24"])[..])
    );
    assert_eq!(
        (c[1].access, c[1].default_name, c[1].sources.as_slice()),
        (SnmpAccess::Rw, true, &strings(&["10.1.1.0/24", "172.16.0.0/24"])[..])
    );
    let gw = &f.remote_access[0];
    assert_eq!(gw.peer_sources, strings(&["192.0.2.9/32", "host:peer2.example.jp"]));
    assert_eq!(gw.interface.as_deref(), Some("ge-0/0/0.0"));
    let roles: Vec<(&str, InterfaceRole)> = f.interfaces.iter().map(|i| (i.name.as_str(), i.role)).collect();
    assert_eq!(
        roles,
        vec![("fxp0.0", InterfaceRole::Management), ("ge-0/0/0.0", InterfaceRole::Wan), ("ge-0/0/1.0", InterfaceRole::Lan)]
    );
}

#[test]
fn login_logging_needs_authorization_at_info() {
    let logins = |set: &str| {
        let (f, _) = FX.parse(&inline(&[(SET, set)]));
        assert!(!f.unknown.iter().any(|u| u == "logging.logins"), "{:?}", f.unknown);
        f.logging.and_then(|l| l.logins).expect("logins")
    };
    let on = |set: &str| logins(set).logons;
    assert!(on("set system syslog file messages any info\n"));
    assert!(on("set system syslog user * authorization any\n"));
    assert!(on("set system syslog console authorization info\n"));
    assert!(!on("set system syslog file messages any notice\nset system syslog host 10.1.1.5 authorization notice\n"));
    assert!(!on("set system syslog file interactive-commands interactive-commands any\n"));
    // A deactivated destination records nothing.
    assert!(!on("set system syslog file messages authorization info\ndeactivate system syslog file messages\n"));
    let none = logins("set system host-name r1\n");
    assert!(!none.logons && none.evidence.is_empty());
    assert!(none.detail.as_deref().is_some_and(|d| d.contains("no system syslog")), "{none:?}");
    let notice = logins("set system syslog file messages any notice\n");
    assert_eq!(notice.evidence, vec![Evidence::line(SET, 1)]);
}

#[test]
fn switch_without_zones_uses_the_loopback_filter() {
    let set = "set system host-name sw1\nset system services ssh\nset system services telnet\n\
set interfaces lo0 unit 0 family inet filter input mgmt-only\n\
set firewall filter mgmt-only term ssh from source-address 10.9.0.0/16\nset firewall filter mgmt-only term ssh from source-address 10.9.9.0/24 except\n\
set firewall filter mgmt-only term ssh from destination-port 22\nset firewall filter mgmt-only term ssh then accept\n\
set firewall filter mgmt-only term rest then reject\n\
set groups site system ntp server 10.9.0.1\nset apply-groups site\n";
    let (f, notes) = FX.parse(&inline(&[(SET, set)]));
    assert!(notes.iter().any(|n| n.contains(VERSION)), "{notes:?}");
    assert!(f.is_unknown("firmware"));
    let ssh = f.management_access.iter().find(|m| m.service == ServiceName::Ssh).expect("ssh");
    assert_eq!((ssh.interface.as_deref(), ssh.sources.as_slice()), (None, &strings(&["10.9.0.0/16"])[..]));
    assert_eq!(ssh.restricted_by.as_deref(), Some("lo0 input filter mgmt-only"));
    // The filter lets no Telnet in: the service runs but nobody can reach it.
    assert!(f.service(ServiceName::Telnet).expect("telnet").enabled);
    assert!(f.management_access.iter().all(|m| m.service != ServiceName::Telnet));
    assert_eq!(f.logging.as_ref().expect("logging").ntp_servers, strings(&["10.9.0.1"]));
    assert!(!f.service(ServiceName::Snmp).expect("snmp").enabled);

    // No filter at all: open to any source.
    let (f, _) = FX.parse(&inline(&[(SET, "set system services telnet\n")]));
    let telnet = f.management_access.iter().find(|m| m.service == ServiceName::Telnet).expect("telnet");
    assert!(telnet.is_unrestricted() && telnet.interface.is_none());

    // A snapshot stored already masked no longer shows how a hash was made.
    let stored =
        "set system login user ops class operator\nset system login user ops authentication encrypted-password \"********\"\n";
    let (f, notes) = FX.parse(&inline(&[(SET, stored)]));
    assert_eq!(f.accounts[0].password_storage, PasswordStorage::Unknown);
    assert!(notes.iter().any(|n| n.contains("already masked")), "{notes:?}");
}

#[test]
fn show_version_formats() {
    let version = |text: &str| {
        let (f, notes) = FX.parse(&inline(&[(VERSION, text)]));
        (f.firmware.as_ref().and_then(|fw| fw.version.clone()), f.firmware.as_ref().and_then(|fw| fw.model.clone()), notes)
    };
    // EX 12.x: only package lines.
    let (v, m, _) = version(
        "Hostname: sw\nModel: ex4200-48t\nJUNOS Base OS boot [12.3R6.6]\nJUNOS Base OS Software Suite [12.3R6.6]\nJUNOS Kernel Software Suite [12.3R6.6]\nJUNOS Online Documentation [12.3R6.6]\n",
    );
    assert_eq!((v.as_deref(), m.as_deref()), (Some("12.3R6.6"), Some("ex4200-48t")));
    // Members on different releases: the oldest is reported, with a note.
    let (v, _, notes) = version(
        "fpc0:\n---\nHostname: vc\nModel: ex4300-48t\nJunos: 21.4R3-S3.4\n\nfpc1:\n---\nHostname: vc\nModel: ex4300-48t\nJunos: 21.4R3-S1.5\n",
    );
    assert_eq!(v.as_deref(), Some("21.4R3-S1.5"));
    assert!(notes.iter().any(|n| n.contains("different releases")), "{notes:?}");
    // A version the Junos family cannot read is kept raw, its version unknown.
    let (f, _) = FX.parse(&inline(&[(VERSION, "Junos: 99.weird\n")]));
    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.raw.as_str(), fw.version.as_deref()), ("99.weird", None));
    assert!(f.is_unknown("firmware.version"));
}

#[test]
fn detection() {
    for device in ["srx-hardened", "srx-okayama-vpn", "ex-truncated"] {
        assert_eq!(platform::detect(&FX.load(device)).map(|p| p.name), Some("juniper_junos"), "{device}");
    }
    assert_eq!(platform::detect(&inline(&[(BRACE, "## Last commit: x\nsystem {\n}\n")])).map(|p| p.name), Some("juniper_junos"));
    assert!(platform::detect(&inline(&[(VERSION, "Some router\nVersion 1.2\n")])).is_none());
    // Cisco keeps its own show version.
    let ios = inline(&[(VERSION, "Cisco IOS Software, C2900 Software, Version 15.2(4)M7, RELEASE SOFTWARE\n")]);
    assert_eq!(platform::detect(&ios).map(|p| p.name), Some("cisco_ios"));
}

/// The ntc-templates samples of `show version`: every one gives the reference
/// `junos_version`, `hostname` and `model`. The reference is empty for the vmhost
/// sample, whose packages carry only build stamps; kenshin then reports the firmware
/// unknown.
#[test]
fn corpus_show_version_matches_reference_values() {
    let Some(samples) = common::corpus_samples("juniper_junos", "show_version") else { return };
    assert_eq!(samples.len(), 5);
    let mut matched = 0;
    for (raw, text, expected) in &samples {
        let (f, notes) = FX.parse(&inline(&[(VERSION, text)]));
        let reference = expected["junos_version"].as_str().expect("junos_version");
        match &f.firmware {
            Some(fw) => {
                assert_eq!(fw.raw, reference, "{}", raw.display());
                assert_eq!(fw.version.as_deref(), Some(reference), "{}", raw.display());
                let line = fw.evidence[0].lines[0] as usize;
                assert!(text.lines().nth(line - 1).is_some_and(|l| l.contains(reference)), "{}", raw.display());
                assert_eq!(fw.model.as_deref(), expected["model"].as_str(), "{}", raw.display());
            }
            None => {
                assert_eq!(reference, "", "{}: no firmware ({notes:?})", raw.display());
                assert!(f.is_unknown("firmware"));
            }
        }
        assert_eq!(f.device.hostname.as_deref(), expected["hostname"].as_str(), "{}", raw.display());
        matched += 1;
    }
    assert_eq!(matched, 5);
}

#[test]
fn garbage_and_every_cut_never_panic() {
    // Every fixture cut after each of its lines, and in the middle of each.
    for (device, artifact) in [("srx-hardened", SET), ("srx-okayama-vpn", BRACE), ("ex-truncated", SET)] {
        let snap = FX.load(device);
        let text = snap.artifact(artifact).expect("artifact").to_string();
        let version = snap.artifact(VERSION).expect("version").to_string();
        let mut cut = 0;
        for (i, c) in text.char_indices() {
            if c == '\n' || i % 97 == 0 {
                cut += 1;
                let (f, _) = FX.parse(&inline(&[(artifact, &text[..i]), (VERSION, &version[..version.len().min(i)])]));
                serde_json::to_string(&f).expect("json");
            }
        }
        assert!(cut > 10);
    }
    let words = [
        "set",
        "deactivate",
        "system",
        "services",
        "ssh",
        "telnet",
        "web-management",
        "http",
        "https",
        "interface",
        "login",
        "user",
        "class",
        "super-user",
        "authentication",
        "encrypted-password",
        "\"$6$x\"",
        "snmp",
        "community",
        "clients",
        "client-list",
        "client-list-name",
        "restrict",
        "v3",
        "usm",
        "local-engine",
        "authentication-sha",
        "privacy-aes128",
        "security",
        "zones",
        "security-zone",
        "functional-zone",
        "untrust",
        "trust",
        "interfaces",
        "host-inbound-traffic",
        "system-services",
        "all",
        "except",
        "ike",
        "gateway",
        "address",
        "dynamic",
        "external-interface",
        "firewall",
        "family",
        "inet",
        "filter",
        "term",
        "from",
        "source-address",
        "source-prefix-list",
        "destination-port",
        "then",
        "accept",
        "lo0",
        "unit",
        "0",
        "input",
        "dhcp",
        "pppoe-options",
        "underlying-interface",
        "routing-options",
        "static",
        "route",
        "0.0.0.0/0",
        "next-hop",
        "10.0.0.1",
        "10.0.0.0/8",
        "::/0",
        "groups",
        "apply-groups",
        "${node}",
        "<*>",
        "{",
        "}",
        ";",
        "[",
        "]",
        "inactive:",
        "\"",
        "/*",
        "*/",
        "##",
        "Junos:",
        "fpc0:",
        "JUNOS",
        "[21.4R3]",
        "version",
        "99999999999999999999.1R1",
        "\u{fffd}",
    ];
    let mut rng = Lcg(0x5eed_1234);
    for round in 0..300 {
        let mut text = String::new();
        for _ in 0..(rng.next() % 30) {
            let n = rng.next() % 10;
            let line: Vec<&str> = (0..n).map(|_| words[(rng.next() as usize) % words.len()]).collect();
            text.push_str(&line.join(" "));
            text.push('\n');
        }
        if round % 3 == 0 {
            text.pop();
        }
        let bytes: Vec<u8> = (0..(rng.next() % 200)).map(|_| rng.next() as u8).collect();
        let noise = String::from_utf8_lossy(&bytes).into_owned();
        for t in [text.as_str(), noise.as_str(), "", "}\n}\n}\n", "{\n{\n{\n"] {
            for artifact in [SET, BRACE] {
                let (f, _) = FX.parse(&inline(&[(artifact, t), (VERSION, t)]));
                serde_json::to_string(&f).expect("json");
                let _ = platform::detect(&inline(&[(artifact, t), (VERSION, t)]));
            }
        }
    }
    // Deep nesting stays bounded.
    let deep = "a {\n".repeat(10_000) + &"b;\n".repeat(1000) + &"}\n".repeat(10_000);
    let (f, _) = FX.parse(&inline(&[(BRACE, &deep)]));
    serde_json::to_string(&f).expect("json");
}

/// No value the masker took out of an artifact (whatever its kind) reaches facts or
/// notes: the project's fixtures and the secrets-site SRX, which seeds every kind of
/// Junos secret.
#[test]
fn no_masked_value_reaches_facts() {
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/secrets-site/snapshots/srx-branch");
    let mut snaps: Vec<Snapshot> = ["srx-hardened", "srx-okayama-vpn", "ex-truncated"].iter().map(|d| FX.load(d)).collect();
    snaps.push(Snapshot::load("srx-branch", &site).expect("secrets-site snapshot"));
    for snap in &snaps {
        common::no_masked_value_reaches_facts(&FX, snap, "SxJun");
    }
    // The secrets-site SRX reads the same through both of its configuration forms.
    let (f, _) = FX.parse(&snaps[3]);
    assert_eq!(f.firmware.as_ref().and_then(|fw| fw.version.as_deref()), Some("21.4R3-S5.4"));
    assert!(f.accounts.iter().any(|a| a.name == "vendor" && a.password_storage == PasswordStorage::Weak));
}
