//! The Linux server parser on the project's own fixtures (fixtures/linux): facts field
//! by field with the line each came from, unknowns for cut-off and refused commands,
//! os-release variants of both families, the other tools each script may have run,
//! platform detection, secrets never reaching facts, and no panic on garbage.

mod common;

use common::{Fixtures, Lcg};

use std::path::Path;

use kenshin_connectors::platform;
use kenshin_connectors::snapshot::Snapshot;
use kenshin_facts::version::{Family, Version};
use kenshin_facts::{DeviceKind, Evidence, InterfaceRole, PasswordStorage, Privilege, RemoteAccessKind, ServiceName, SnmpAccess};

const OS_RELEASE: &str = "cat_etc_os-release.txt";
const KERNEL: &str = "uname_-r.txt";
const UPDATES: &str = "updates.txt";
const LAST_UPDATE: &str = "last_update.txt";
const AUTO: &str = "auto_updates.txt";
const SS: &str = "ss_-tulpn.txt";
const RUNNING: &str = "systemctl_running.txt";
const PASSWD: &str = "getent_passwd.txt";
const GROUP: &str = "getent_group.txt";
const STATUS: &str = "passwd_-S.txt";
const LASTLOG: &str = "lastlog.txt";
const SSHD: &str = "sshd_-T.txt";
const SSHD_CONFIG: &str = "sshd_config.txt";
const FIREWALL: &str = "firewall.txt";
const AUTH: &str = "auth_policy.txt";
const SYSLOG: &str = "syslog.txt";
const NTP: &str = "ntp.txt";
const AUDIT: &str = "audit.txt";
const USB: &str = "usb_storage.txt";
const IP: &str = "ip_addr.txt";
const SNMPD: &str = "snmpd.txt";

/// Every secret written into the fixtures; none may appear in facts or notes.
const SEEDED: &[&str] = &["SxLinuxHardV3Auth1", "SxLinuxHardV3Priv1", "SxLinuxOld", "SxLinuxOldRwComm1", "Kq8Wm2Zr5Tn7Yp0Lv3Xc1"];

const FX: Fixtures = Fixtures { platform: "linux", kind: DeviceKind::Server, version: OS_RELEASE, config: OS_RELEASE };

/// The 1-based number of the line of `artifact` that reads `text` (trimmed), once, in
/// the text the parser sees (secrets masked; line numbers are those of the file).
fn line_no(snap: &Snapshot, artifact: &str, text: &str) -> u32 {
    let file = snap.artifact(artifact).unwrap_or_else(|| panic!("artifact {artifact}"));
    let found: Vec<u32> = file.lines().enumerate().filter(|(_, l)| l.trim() == text).map(|(i, _)| i as u32 + 1).collect();
    assert_eq!(found.len(), 1, "{text:?} in {}/{artifact}: {found:?}", snap.device);
    found[0]
}

fn at(snap: &Snapshot, artifact: &str, text: &str) -> Evidence {
    Evidence::line(artifact, line_no(snap, artifact, text))
}

#[test]
fn hardened_debian_pacs_server() {
    let snap = FX.load("debian-hardened");
    assert!(snap.artifact(SNMPD).is_some_and(|t| !t.contains("SxLinuxHard")), "v3 passphrases masked on load");
    let (f, notes) = FX.parse(&snap);
    common::no_secrets(&f, &notes, SEEDED);
    assert_eq!(notes, vec!["kernel 6.1.0-37-amd64 (uname_-r.txt)"]);
    assert!(f.unknown.is_empty(), "{:?}", f.unknown);
    let s = &snap;

    // --- firmware: the distribution, as a dotted release.
    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!(
        (fw.vendor.as_str(), fw.os.as_str(), fw.model.as_deref(), fw.version.as_deref(), fw.raw.as_str()),
        ("debian", "dotted", Some("Debian GNU/Linux 12 (bookworm)"), Some("12"), "VERSION_ID=\"12\"")
    );
    assert_eq!(Family::from_os(&fw.os), Some(Family::Dotted));
    assert_eq!(
        fw.evidence,
        vec![
            at(s, OS_RELEASE, "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\""),
            at(s, OS_RELEASE, "VERSION_ID=\"12\""),
            at(s, OS_RELEASE, "ID=debian"),
            Evidence::line(KERNEL, 1),
        ]
    );
    assert_eq!(f.device.hostname.as_deref(), Some("pacs-db01"));

    // --- services from the listening sockets.
    let ssh = f.service(ServiceName::Ssh).expect("ssh");
    assert!(ssh.enabled);
    assert_eq!(
        ssh.detail.as_deref(),
        Some(
            "tcp/22 on 0.0.0.0 (sshd), tcp/22 on :: (sshd); PermitRootLogin no; PasswordAuthentication no; AllowGroups sshusers"
        )
    );
    let sshd_v4 = "tcp   LISTEN 0      128               0.0.0.0:22          0.0.0.0:*    users:((\"sshd\",pid=701,fd=3))";
    let sshd_v6 = "tcp   LISTEN 0      128                  [::]:22             [::]:*    users:((\"sshd\",pid=701,fd=4))";
    assert_eq!(
        ssh.evidence,
        vec![
            at(s, SS, sshd_v4),
            at(s, SS, sshd_v6),
            at(s, SSHD, "permitrootlogin no"),
            at(s, SSHD, "passwordauthentication no"),
            at(s, SSHD, "allowgroups sshusers"),
        ]
    );
    for off in [ServiceName::Telnet, ServiceName::Ftp, ServiceName::Rsh, ServiceName::Vnc, ServiceName::Tftp, ServiceName::Http] {
        let svc = f.service(off).unwrap_or_else(|| panic!("{off:?}"));
        assert!(!svc.enabled, "{off:?}");
        assert_eq!(svc.detail.as_deref(), Some("no listening socket (ss -tulpn)"));
        assert_eq!(svc.evidence, vec![Evidence::lines(SS, 1, 12)]);
    }
    assert!(!f.service(ServiceName::Smb1).expect("smb1").enabled);
    let https = f.service(ServiceName::Https).expect("https");
    assert!(https.enabled);
    assert_eq!(
        https.evidence,
        vec![at(
            s,
            SS,
            "tcp   LISTEN 0      511               0.0.0.0:443         0.0.0.0:*    users:((\"nginx\",pid=1020,fd=8),(\"nginx\",pid=1019,fd=8))"
        )]
    );
    let snmp_line = "udp   UNCONN 0      0           192.168.20.11:161         0.0.0.0:*    users:((\"snmpd\",pid=845,fd=6))";
    assert_eq!(f.service(ServiceName::Snmp).expect("snmp").evidence, vec![at(s, SS, snmp_line)]);

    // --- SSH reachable from the management LAN only (nftables set), SNMP from the NMS.
    assert_eq!(f.management_access.len(), 2, "{:?}", f.management_access);
    let m = &f.management_access[0];
    assert_eq!(
        (m.service, m.interface.as_deref(), m.sources.as_slice(), m.restricted_by.as_deref()),
        (ServiceName::Ssh, None, &["192.168.10.0/24".to_string()][..], Some("nftables inet filter chain input"))
    );
    assert_eq!(
        m.evidence,
        vec![
            at(s, SS, sshd_v4),
            at(s, SS, sshd_v6),
            at(s, FIREWALL, "type filter hook input priority filter; policy drop;"),
            at(s, FIREWALL, "ip saddr @mgmt_v4 tcp dport 22 ct state new accept comment \"SSH from the management LAN\""),
            at(s, FIREWALL, "counter packets 1532 bytes 91920 log prefix \"nft input drop: \" drop"),
        ]
    );
    let m = &f.management_access[1];
    assert_eq!(
        (m.service, m.interface.as_deref(), m.sources.as_slice()),
        (ServiceName::Snmp, Some("ens192"), &["192.168.10.15/32".to_string()][..])
    );
    assert!(m.evidence.contains(&at(s, FIREWALL, "ip saddr 192.168.10.15 udp dport 161 accept comment \"NMS\"")));

    // --- SNMPv3 only, with authentication and privacy.
    let snmp = f.snmp.as_ref().expect("snmp");
    assert!(snmp.communities.is_empty());
    assert_eq!(snmp.v3_users.len(), 1);
    let u = &snmp.v3_users[0];
    assert_eq!((u.name.as_str(), u.auth.as_deref(), u.privacy.as_deref()), ("kenshinmon", Some("sha-256"), Some("aes")));
    assert_eq!(
        u.evidence,
        vec![
            at(s, SNMPD, "rouser kenshinmon priv -V systemonly"),
            at(s, SNMPD, "createUser kenshinmon SHA-256 \"********\" AES \"********\""),
        ]
    );
    assert!(f.remote_access.is_empty());

    // --- accounts: root locked, one sudo administrator, one operator.
    assert_eq!(f.accounts.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), vec!["root", "pacsadm", "yamada"]);
    let root = &f.accounts[0];
    assert_eq!(
        (root.privilege, root.password_storage, root.enabled, root.last_login.as_deref(), root.allowed_sources.as_ref()),
        (Privilege::Admin, PasswordStorage::Unknown, Some(false), None, None)
    );
    assert_eq!(
        root.evidence,
        vec![
            at(s, PASSWD, "root:x:0:0:root:/root:/bin/bash"),
            at(s, STATUS, "root L 2025-01-20 0 99999 7 -1"),
            Evidence::line(LASTLOG, 3),
        ]
    );
    let adm = &f.accounts[1];
    assert_eq!(
        (adm.privilege, adm.password_storage, adm.enabled, adm.last_login.as_deref()),
        (Privilege::Admin, PasswordStorage::Strong, Some(true), Some("2025-06-09T08:55:12+09:00"))
    );
    assert_eq!(
        adm.evidence,
        vec![
            at(s, PASSWD, "pacsadm:x:1000:1000:PACS Admin,,,:/home/pacsadm:/bin/bash"),
            at(s, GROUP, "sudo:x:27:pacsadm"),
            at(s, STATUS, "pacsadm P 2025-04-02 1 180 14 30"),
            at(s, LASTLOG, "pacsadm          pts/0    192.168.10.21                             Mon Jun  9 08:55:12 +0900 2025"),
        ]
    );
    let op = &f.accounts[2];
    assert_eq!((op.privilege, op.last_login.as_deref()), (Privilege::Operator, Some("2025-05-30T17:20:03+09:00")));
    let host = f.host.as_ref().expect("host");
    let admins = host.admin_group.as_ref().expect("admin group");
    assert_eq!((admins.name.as_str(), admins.members.clone()), ("sudo", vec!["root".to_string(), "pacsadm".to_string()]));
    assert_eq!(admins.evidence, vec![at(s, GROUP, "sudo:x:27:pacsadm"), at(s, PASSWD, "root:x:0:0:root:/root:/bin/bash")]);

    // --- password policy: pwquality through PAM, faillock, 180 days.
    let p = f.auth_policy.as_ref().expect("auth policy");
    assert_eq!(
        (p.min_password_length, p.complexity, p.lockout_threshold, p.max_password_age_days, p.two_factor),
        (Some(14), Some(true), Some(5), Some(180), Some(false))
    );
    assert_eq!(
        p.evidence,
        vec![
            at(s, AUTH, "minlen = 14"),
            at(s, AUTH, "minclass = 3"),
            at(s, AUTH, "PASS_MAX_DAYS\t180"),
            at(s, AUTH, "deny = 5"),
            at(s, AUTH, "password\trequisite\t\t\tpam_pwquality.so retry=3"),
            at(s, AUTH, "auth\trequired\t\t\tpam_faillock.so preauth"),
        ]
    );

    // --- remote syslog over TLS, two internal time servers.
    let log = f.logging.as_ref().expect("logging");
    assert_eq!(log.remote_hosts, vec!["192.168.10.30"]);
    assert_eq!(log.ntp_servers, vec!["192.168.10.1", "192.168.10.2"]);
    assert_eq!(
        log.evidence,
        vec![
            at(s, NTP, "^* 192.168.10.1                  2   6   377    35   +120us[ +150us] +/-   15ms"),
            at(s, NTP, "^+ 192.168.10.2                  2   6   377    34   -210us[ -180us] +/-   18ms"),
            at(s, SYSLOG, "*.* action(type=\"omfwd\""),
        ]
    );

    // --- interfaces: one private LAN address.
    assert_eq!(f.interfaces.len(), 1);
    let i = &f.interfaces[0];
    assert_eq!((i.name.as_str(), i.role), ("ens192", InterfaceRole::Lan));
    assert_eq!(i.addresses, vec!["192.168.20.11/24", "fe80::250:56ff:fe9a:1b2c/64"]);

    // --- host: patches, protection, USB, audit.
    let up = host.updates.as_ref().expect("updates");
    assert_eq!(up.pending.len(), 1);
    let tz = &up.pending[0];
    assert_eq!(
        (tz.name.as_str(), tz.installed_version.as_deref(), tz.available_version.as_deref(), tz.security),
        ("tzdata", Some("2025a-0+deb12u1"), Some("2025b-0+deb12u1"), false)
    );
    assert_eq!(tz.evidence, vec![at(s, UPDATES, "tzdata/stable-updates 2025b-0+deb12u1 all [upgradable from: 2025a-0+deb12u1]")]);
    assert_eq!((up.last_installed.as_deref(), up.automatic), (Some("2026-11-12"), Some(true)));
    assert_eq!(up.lists_refreshed.as_deref(), Some("2026-11-26"));
    assert_eq!(
        up.evidence,
        vec![
            at(s, AUTO, "unattended-upgrades.service enabled"),
            at(s, AUTO, "apt-daily-upgrade.timer enabled"),
            at(s, AUTO, "APT::Periodic::Unattended-Upgrade \"1\";"),
            at(s, LAST_UPDATE, "2026-11-12 06:25:14 status installed libssl3:amd64 3.0.17-1~deb12u3"),
            at(s, UPDATES, "2026-11-26 /var/lib/apt/lists/deb.debian.org_debian-security_dists_bookworm-security_InRelease"),
        ]
    );
    assert_eq!(host.listening.len(), 9);
    let pg = host.listening.iter().find(|l| l.port == 5432 && !l.is_loopback()).expect("postgres");
    assert_eq!((pg.protocol.as_str(), pg.address.as_str(), pg.process.as_deref()), ("tcp", "192.168.20.11", Some("postgres")));
    assert!(host.listening.iter().any(|l| l.port == 323 && l.address == "::1" && l.is_loopback()));
    assert_eq!(host.running.len(), 18);
    let dcm = host.running.iter().find(|r| r.name == "dcm4chee-arc.service").expect("dcm4chee");
    assert_eq!(dcm.display_name.as_deref(), Some("dcm4chee-arc DICOM archive"));
    let av = host.antivirus.as_ref().expect("antivirus");
    assert_eq!((av.product.as_str(), av.realtime), ("ClamAV", Some(true)));
    // The daily database's date is the signatures' date.
    assert_eq!(av.signatures_date.as_deref(), Some("2026-11-27"));
    assert_eq!(
        av.evidence,
        vec![
            at(
                s,
                RUNNING,
                "clamav-clamonacc.service         loaded active running Clam AntiVirus userspace daemon OnAccess Scanning"
            ),
            at(s, RUNNING, "clamav-daemon.service            loaded active running Clam AntiVirus userspace daemon"),
            at(s, RUNNING, "2026-11-27 /var/lib/clamav/daily.cld"),
        ]
    );
    let usb = host.usb_storage.as_ref().expect("usb");
    assert_eq!((usb.blocked, usb.detail.as_str()), (true, "install usb_storage /bin/false"));
    assert_eq!(usb.evidence, vec![at(s, USB, "install usb_storage /bin/false")]);
    let audit = host.audit.as_ref().expect("audit");
    assert_eq!((audit.logons, audit.detail.as_deref()), (true, Some("auditd active; 8 audit rules (auditctl -l)")));
    assert_eq!(audit.evidence[0], at(s, AUDIT, "# kenshin: auditd active"));
    assert_eq!(host.security_log_max_bytes, Some(50 * 10 * 1024 * 1024));
    assert_eq!(host.evidence, vec![at(s, AUDIT, "max_log_file = 50"), at(s, AUDIT, "num_logs = 10")]);
}

#[test]
fn neglected_rocky_file_server() {
    let snap = FX.load("rocky-neglected");
    assert!(snap.artifact(PASSWD).is_some_and(|t| !t.contains("SxLinuxOld") && t.contains("legacy:********:1003")));
    let (f, notes) = FX.parse(&snap);
    common::no_secrets(&f, &notes, SEEDED);
    assert_eq!(f.unknown, vec!["services.smb1"], "SMB is on, and SMB1 needs smb.conf");
    let s = &snap;
    for n in [
        "root may log in over SSH with a password (PermitRootLogin yes)",
        "the password hash of legacy is in the world-readable /etc/passwd",
        "no time synchronisation daemon answered",
    ] {
        assert!(notes.iter().any(|x| x.contains(n)), "{n}: {notes:?}");
    }

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!(
        (fw.vendor.as_str(), fw.os.as_str(), fw.model.as_deref(), fw.version.as_deref()),
        ("rocky", "dotted", Some("Rocky Linux 8.6 (Green Obsidian)"), Some("8.6"))
    );
    assert_eq!(fw.evidence[0], at(s, OS_RELEASE, "ID=\"rocky\""));
    assert_eq!(f.device.hostname.as_deref(), Some("emr-file01.hospital.local"));

    // --- clear-text and remote-control services, all listening.
    let telnet = f.service(ServiceName::Telnet).expect("telnet");
    let telnet_line = "tcp   LISTEN 0      128                *:23               *:*    users:((\"systemd\",pid=1,fd=45))";
    assert_eq!((telnet.enabled, telnet.detail.as_deref()), (true, Some("tcp/23 on * (systemd)")));
    assert_eq!(telnet.evidence, vec![at(s, SS, telnet_line)]);
    let ftp = f.service(ServiceName::Ftp).expect("ftp");
    assert!(ftp.enabled);
    assert_eq!(
        ftp.evidence,
        vec![at(s, SS, "tcp   LISTEN 0      32                 *:21               *:*    users:((\"vsftpd\",pid=1141,fd=3))")]
    );
    let vnc = f.service(ServiceName::Vnc).expect("vnc");
    assert_eq!(vnc.detail.as_deref(), Some("tcp/5901 on 0.0.0.0 (Xvnc), tcp/5901 on :: (Xvnc)"));
    assert!(f.service(ServiceName::Http).expect("http").enabled);
    assert!(f.service(ServiceName::Smb).expect("smb").enabled);
    assert!(!f.service(ServiceName::Rsh).expect("rsh").enabled);
    let ssh = f.service(ServiceName::Ssh).expect("ssh");
    assert!(ssh.detail.as_deref().is_some_and(|d| d.ends_with("PermitRootLogin yes; PasswordAuthentication yes")));
    assert!(ssh.evidence.contains(&at(s, SSHD, "permitrootlogin yes")));

    // --- firewalld's public zone opens them all, on both interfaces, to anyone.
    let zone = [
        at(s, FIREWALL, "public (active)"),
        at(s, FIREWALL, "services: cockpit dhcpv6-client ftp http samba snmp ssh telnet vnc-server"),
    ];
    for service in [ServiceName::Ssh, ServiceName::Telnet, ServiceName::Vnc, ServiceName::Snmp] {
        let m = f.management_access.iter().find(|m| m.service == service).unwrap_or_else(|| panic!("{service:?}"));
        assert!(m.is_unrestricted() && m.restricted_by.is_none() && m.interface.is_none(), "{m:?}");
        for e in &zone {
            assert!(m.evidence.contains(e), "{service:?}: {:?}", m.evidence);
        }
    }
    let telnet_access = f.management_access.iter().find(|m| m.service == ServiceName::Telnet).expect("telnet access");
    assert_eq!(telnet_access.evidence[0], at(s, SS, telnet_line));
    let vnc_access = f.management_access.iter().find(|m| m.service == ServiceName::Vnc).expect("vnc access");
    assert!(vnc_access.evidence.contains(&at(s, FIREWALL, "ports: 5901/tcp")));
    assert_eq!(f.management_access.len(), 4);

    // --- SNMP: `public` from anywhere, a read-write community from the LAN.
    let snmp = f.snmp.as_ref().expect("snmp");
    assert_eq!(snmp.communities.len(), 2);
    let public = &snmp.communities[0];
    assert_eq!((public.access, public.default_name, public.sources.as_slice()), (SnmpAccess::Ro, true, &["any".to_string()][..]));
    assert_eq!(public.evidence[0], at(s, SNMPD, "com2sec notConfigUser  default       ********"));
    let rw = &snmp.communities[1];
    assert_eq!((rw.access, rw.default_name, rw.sources.as_slice()), (SnmpAccess::Rw, false, &["10.1.20.0/24".to_string()][..]));
    assert_eq!(rw.evidence[0], at(s, SNMPD, "rwcommunity ******** 10.1.20.0/24"));

    // --- accounts: root over SSH from anywhere, a second UID 0, an empty password,
    // an idle account, a hash in /etc/passwd.
    let names: Vec<&str> = f.accounts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, vec!["root", "toor", "emradmin", "suzuki", "vendor", "legacy"]);
    let acct = |n: &str| f.accounts.iter().find(|a| a.name == n).expect("account");
    let root = acct("root");
    assert_eq!(
        (root.privilege, root.password_storage, root.enabled, root.last_login.as_deref()),
        (Privilege::Admin, PasswordStorage::Strong, Some(true), Some("2025-06-09T23:41:07+09:00"))
    );
    assert_eq!(root.allowed_sources, Some(vec!["any".to_string()]), "PermitRootLogin yes and SSH open to any");
    assert!(root.evidence.contains(&at(s, SSHD, "permitrootlogin yes")));
    assert!(root.evidence.contains(&at(s, STATUS, "root PS 2021-03-15 0 99999 7 -1 (Password set, SHA512 crypt.)")));
    let toor = acct("toor");
    assert_eq!(
        (toor.privilege, toor.password_storage, toor.allowed_sources.as_ref()),
        (Privilege::Admin, PasswordStorage::Weak, None)
    );
    assert_eq!(
        toor.evidence,
        vec![
            at(s, PASSWD, "toor:x:0:0:root:/root:/bin/bash"),
            at(s, STATUS, "toor PS 2022-08-01 0 99999 7 -1 (Password set, MD5 crypt.)"),
            at(s, LASTLOG, "toor             pts/2    10.1.20.77                                Thu Feb 27 02:13:55 +0900 2025"),
        ]
    );
    let suzuki = acct("suzuki");
    assert_eq!((suzuki.privilege, suzuki.last_login.as_deref()), (Privilege::Operator, Some("2024-05-06T10:22:41+09:00")));
    let vendor = acct("vendor");
    assert_eq!(
        (vendor.privilege, vendor.password_storage, vendor.enabled),
        (Privilege::Admin, PasswordStorage::None, Some(true))
    );
    assert!(vendor.evidence.contains(&at(s, GROUP, "wheel:x:10:emradmin,vendor")));
    let legacy = acct("legacy");
    assert_eq!(
        (legacy.privilege, legacy.password_storage, legacy.last_login.as_deref()),
        (Privilege::Operator, PasswordStorage::Weak, None)
    );
    assert_eq!(legacy.evidence[0], at(s, PASSWD, "legacy:********:1003:1003:Old EMR import:/home/legacy:/bin/bash"));
    // postgres has a shell but a locked password: a service account, not listed.
    assert!(f.accounts.iter().all(|a| a.name != "postgres"));
    let host = f.host.as_ref().expect("host");
    let admins = host.admin_group.as_ref().expect("admin group");
    assert_eq!(admins.name, "wheel");
    assert_eq!(admins.members, vec!["root", "toor", "emradmin", "vendor"]);
    assert!(admins.evidence.contains(&at(s, PASSWD, "toor:x:0:0:root:/root:/bin/bash")));

    // --- RHEL defaults: pwquality's 8, no complexity, no lockout, no expiry.
    let p = f.auth_policy.as_ref().expect("auth policy");
    assert_eq!(
        (p.min_password_length, p.complexity, p.lockout_threshold, p.max_password_age_days, p.two_factor),
        (Some(8), Some(false), Some(0), Some(0), Some(false))
    );
    assert_eq!(
        p.evidence,
        vec![
            at(s, AUTH, "PASS_MAX_DAYS\t99999"),
            Evidence::line(AUTH, line_of_first(s, AUTH, "password    requisite     pam_pwquality.so"))
        ]
    );

    // --- no remote syslog, no time source.
    let log = f.logging.as_ref().expect("logging");
    assert!(log.remote_hosts.is_empty() && log.ntp_servers.is_empty());

    // --- a public address on the second interface.
    let wan = f.interfaces.iter().find(|i| i.name == "ens224").expect("ens224");
    assert_eq!((wan.role, wan.addresses.as_slice()), (InterfaceRole::Wan, &["203.0.113.20/28".to_string()][..]));
    assert_eq!(f.interfaces.iter().find(|i| i.name == "ens192").expect("ens192").role, InterfaceRole::Lan);

    // --- 30 security errata pending, nothing installed for two years, no automation.
    let up = host.updates.as_ref().expect("updates");
    assert_eq!(up.pending.iter().filter(|p| p.security).count(), 30);
    assert_eq!(up.pending.len(), 32);
    let kernel = up.pending.iter().find(|p| p.name == "kernel").expect("kernel");
    assert_eq!((kernel.security, kernel.available_version.as_deref()), (true, Some("4.18.0-553.54.1.el8_10")));
    assert_eq!(
        kernel.evidence,
        vec![
            at(s, UPDATES, "RLSA-2022:7110 Important/Sec. kernel-4.18.0-372.32.1.el8_6.x86_64"),
            Evidence::line(UPDATES, line_of_first(s, UPDATES, "kernel.x86_64 ")),
        ]
    );
    let openssl = up.pending.iter().find(|p| p.name == "openssl").expect("openssl");
    assert_eq!(openssl.available_version.as_deref(), Some("1:1.1.1k-14.el8_6"));
    let tz = up.pending.iter().find(|p| p.name == "tzdata").expect("tzdata");
    assert!(!tz.security);
    assert_eq!((up.last_installed.as_deref(), up.automatic), (Some("2023-05-24"), Some(false)));
    // The dnf cache was last refreshed in 2023: what it lists is old too.
    assert_eq!(up.lists_refreshed.as_deref(), Some("2023-06-20"));
    assert!(up.evidence.contains(&at(s, LAST_UPDATE, "1684893421 tzdata-2023c-1.el8.noarch")));
    assert!(up.evidence.contains(&at(s, AUTO, "dnf-automatic-install.timer not-found")));

    // --- remote control, no protection, USB open, no auditd.
    assert!(host.running.iter().any(|r| r.name == "teamviewerd.service"));
    assert!(host.antivirus.is_none() && !f.is_unknown("host.antivirus"));
    let usb = host.usb_storage.as_ref().expect("usb");
    assert_eq!((usb.blocked, usb.detail.as_str()), (false, "usb_storage module is loaded"));
    assert_eq!(usb.evidence, vec![at(s, USB, "usb_storage            81920  1 uas")]);
    let audit = host.audit.as_ref().expect("audit");
    assert_eq!((audit.logons, audit.detail.as_deref()), (false, Some("auditd inactive; 0 audit rules (auditctl -l)")));
    assert_eq!(host.security_log_max_bytes, Some(8 * 5 * 1024 * 1024));
}

/// The first line of `artifact` starting with `prefix`.
fn line_of_first(snap: &Snapshot, artifact: &str, prefix: &str) -> u32 {
    let file = snap.artifact(artifact).expect("artifact");
    file.lines().position(|l| l.starts_with(prefix)).map(|i| i as u32 + 1).unwrap_or_else(|| panic!("{prefix:?}"))
}

#[test]
fn truncated_and_refused_commands_conclude_nothing() {
    let snap = FX.load("ubuntu-truncated");
    let (f, notes) = FX.parse(&snap);
    common::no_secrets(&f, &notes, SEEDED);
    let s = &snap;
    for n in [
        "ss_-tulpn.txt: no end marker",
        "sshd -T did not run (sshd: no hostkeys available -- exiting.)",
        "firewall.txt: the rules could not be read",
    ] {
        assert!(notes.iter().any(|x| x.contains(n)), "{n}: {notes:?}");
    }
    // The firmware is whole: Ubuntu's release as it writes it.
    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.vendor.as_str(), fw.version.as_deref()), ("ubuntu", Some("22.04")));

    // What the cut socket list shows is known: SSH listens.
    let ssh = f.service(ServiceName::Ssh).expect("ssh");
    assert!(ssh.enabled);
    assert_eq!(ssh.evidence, vec![at(s, SS, "tcp   LISTEN 0      128          0.0.0.0:22         0.0.0.0:*")]);
    // Nothing is concluded from what the cut list does not show, and the partial last
    // line (`0.0.0.0:8`) is not read as port 8.
    for name in [ServiceName::Telnet, ServiceName::Ftp, ServiceName::Vnc, ServiceName::Snmp, ServiceName::Http] {
        assert!(f.service(name).is_none(), "{name:?}");
    }
    let host = f.host.as_ref().expect("host");
    assert!(host.listening.iter().all(|l| l.port != 8 && l.port != 80));
    assert!(f.management_access.is_empty());
    for path in [
        "host.listening",
        "services.telnet",
        "services.ftp",
        "services.vnc",
        "services.snmp",
        "management_access",
        "management_access.ssh",
        "remote_access",
        "snmp",
        "accounts.password_storage",
        "auth_policy",
        "logging",
        "interfaces",
        "host.updates",
        "host.running",
        "host.antivirus",
        "host.usb_storage",
        "host.security_log_max_bytes",
    ] {
        assert!(f.is_unknown(path), "{path} should be unknown: {:?}", f.unknown);
    }
    // Accounts are listed, but `passwd -S` was refused: how passwords are kept is unknown.
    assert_eq!(f.accounts.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), vec!["root", "risadmin", "kenshin"]);
    for a in &f.accounts {
        assert_eq!((a.password_storage, a.enabled), (PasswordStorage::Unknown, None), "{}", a.name);
    }
    assert_eq!(f.accounts[1].privilege, Privilege::Admin);
    assert!(notes.iter().any(|n| n.starts_with("passwd_-S.txt:2: password states could not be read")), "{notes:?}");
    // auditd runs; its rules and log size could not be read.
    let audit = host.audit.as_ref().expect("audit");
    assert_eq!((audit.logons, audit.detail.as_deref()), (true, Some("auditd active")));
    assert!(host.security_log_max_bytes.is_none());
    assert!(host.updates.is_none() && host.usb_storage.is_none() && host.antivirus.is_none());
}

/// A snapshot from in-memory artifacts (masked like loaded ones).
fn snapshot(artifacts: &[(&str, &str)]) -> Snapshot {
    let mut snap = Snapshot::empty("mem", Path::new("."));
    for (name, text) in artifacts {
        snap.insert(*name, *text);
    }
    snap
}

#[test]
fn os_release_of_both_families() {
    let cases: &[(&str, &str, Option<&str>, &str)] = &[
        (
            "PRETTY_NAME=\"Debian GNU/Linux 11 (bullseye)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"11\"\nID=debian\n",
            "debian",
            Some("11"),
            "Debian GNU/Linux 11 (bullseye)",
        ),
        (
            "NAME=\"Ubuntu\"\nVERSION=\"24.04 LTS (Noble Numbat)\"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME=\"Ubuntu 24.04 LTS\"\nVERSION_ID=\"24.04\"\n",
            "ubuntu",
            Some("24.04"),
            "Ubuntu 24.04 LTS",
        ),
        (
            "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.4 (Plow)\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"9.4\"\nPRETTY_NAME=\"Red Hat Enterprise Linux 9.4 (Plow)\"\n",
            "rhel",
            Some("9.4"),
            "Red Hat Enterprise Linux 9.4 (Plow)",
        ),
        (
            "NAME=\"AlmaLinux\"\nVERSION=\"8.10 (Cerulean Leopard)\"\nID=\"almalinux\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"8.10\"\nPRETTY_NAME=\"AlmaLinux 8.10 (Cerulean Leopard)\"\n",
            "almalinux",
            Some("8.10"),
            "AlmaLinux 8.10 (Cerulean Leopard)",
        ),
        (
            "NAME=\"Rocky Linux\"\nVERSION=\"9.3 (Blue Onyx)\"\nID=\"rocky\"\nVERSION_ID=\"9.3\"\nPRETTY_NAME=\"Rocky Linux 9.3 (Blue Onyx)\"\n",
            "rocky",
            Some("9.3"),
            "Rocky Linux 9.3 (Blue Onyx)",
        ),
        (
            "NAME=\"CentOS Linux\"\nVERSION=\"7 (Core)\"\nID=\"centos\"\nID_LIKE=\"rhel fedora\"\nVERSION_ID=\"7\"\nPRETTY_NAME=\"CentOS Linux 7 (Core)\"\n",
            "centos",
            Some("7"),
            "CentOS Linux 7 (Core)",
        ),
        (
            "NAME=\"SLES\"\nVERSION=\"15-SP5\"\nVERSION_ID=\"15.5\"\nPRETTY_NAME=\"SUSE Linux Enterprise Server 15 SP5\"\nID=\"sles\"\nID_LIKE=\"suse\"\n",
            "sles",
            Some("15.5"),
            "SUSE Linux Enterprise Server 15 SP5",
        ),
        (
            "NAME='openSUSE Leap'\nVERSION='15.6'\nID='opensuse-leap'\nID_LIKE='suse opensuse'\nVERSION_ID='15.6'\nPRETTY_NAME='openSUSE Leap 15.6'\n",
            "opensuse-leap",
            Some("15.6"),
            "openSUSE Leap 15.6",
        ),
        // Debian testing has no VERSION_ID: the release is unknown, the rest is not.
        (
            "PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nNAME=\"Debian GNU/Linux\"\nVERSION_CODENAME=trixie\nID=debian\n",
            "debian",
            None,
            "Debian GNU/Linux trixie/sid",
        ),
    ];
    for (text, vendor, version, model) in cases {
        let snap = snapshot(&[(OS_RELEASE, text)]);
        assert_eq!(platform::detect(&snap).map(|p| p.name), Some("linux"), "{text}");
        let (f, _) = FX.parse(&snap);
        let fw = f.firmware.as_ref().unwrap_or_else(|| panic!("{text}"));
        assert_eq!(
            (fw.vendor.as_str(), fw.os.as_str(), fw.version.as_deref(), fw.model.as_deref()),
            (*vendor, "dotted", *version, Some(*model))
        );
        match version {
            Some(v) => {
                assert!(Version::parse(Family::Dotted, v).is_ok(), "{v}");
                assert!(fw.raw.starts_with("VERSION_ID="), "{}", fw.raw);
                assert!(!f.is_unknown("firmware.version"));
            }
            None => assert!(f.is_unknown("firmware.version")),
        }
    }
    // Releases of one distribution order as dotted versions (8.10 after 8.9).
    let v = |s| Version::parse(Family::Dotted, s).expect("dotted");
    assert!(v("8.9") < v("8.10") && v("22.04") < v("24.04") && v("22.04") == v("22.4"));
}

#[test]
fn detection() {
    for device in ["debian-hardened", "rocky-neglected", "ubuntu-truncated"] {
        assert_eq!(platform::detect(&FX.load(device)).map(|p| p.name), Some("linux"), "{device}");
    }
    // Not an os-release file.
    let snap = snapshot(&[(OS_RELEASE, "cat: /etc/os-release: No such file or directory\n")]);
    assert!(platform::detect(&snap).is_none());
    // A network device's snapshot is never taken for Linux.
    let snap = snapshot(&[("show_version.txt", "Cisco IOS Software, Version 15.2(4)M7\nID=1\nNAME=x\n")]);
    assert_ne!(platform::detect(&snap).map(|p| p.name), Some("linux"));
}

#[test]
fn commands_are_one_portable_script_each() {
    let p = platform::find("linux").expect("linux");
    let names: Vec<&str> = p.commands.iter().map(|c| c.artifact).collect();
    for keep in [OS_RELEASE, KERNEL, SSHD] {
        assert!(names.contains(&keep), "{keep}");
    }
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), names.len(), "artifact names are unique");
    for c in p.commands {
        if let Some(body) = c.command.strip_prefix("sh -c '") {
            let body = body.strip_suffix('\'').expect("closing quote");
            // One single-quoted argument: no quote inside, and always the end marker.
            assert!(!body.contains('\''), "{}", c.artifact);
            assert!(body.ends_with("m end"), "{}", c.artifact);
            assert!(body.starts_with("LC_ALL=C;"), "{}", c.artifact);
            // Privileged tools only through sudo -n (never a password prompt).
            assert!(!body.contains("sudo ") || body.contains("sudo -n"), "{}", c.artifact);
            // Nothing that writes: no redirection into a file but /dev/null.
            for (i, _) in body.match_indices('>') {
                let after = &body[i + 1..];
                assert!(
                    after.starts_with("/dev/null") || after.starts_with("&1") || after.starts_with('='),
                    "{}: {after}",
                    c.artifact
                );
            }
        } else {
            assert!(["cat /etc/os-release", "uname -r", "uname -n"].contains(&c.command), "{}", c.command);
        }
    }
}

#[test]
fn the_other_tools_each_script_may_have_run() {
    // iptables, lastlog2/last, legacy rsyslog and syslog-ng, ntpq, yum, blacklist only,
    // pam_unix only, RHEL passwd, sshd AllowUsers with hosts, VPN listeners.
    let ss = "# kenshin: ss -tulpn\nNetid State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n\
        tcp LISTEN 0 128 0.0.0.0:2222 0.0.0.0:* users:((\"sshd\",pid=1,fd=3))\n\
        udp UNCONN 0 0 0.0.0.0:1194 0.0.0.0:* users:((\"openvpn\",pid=9,fd=6))\n\
        udp UNCONN 0 0 0.0.0.0:51820 0.0.0.0:*\n\
        tcp LISTEN 0 64 127.0.0.1:23 0.0.0.0:* users:((\"in.telnetd\",pid=7,fd=3))\n# kenshin: end\n";
    let fw = "# kenshin: firewalld inactive\n# kenshin: iptables-save\n*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n\
        :OUTPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n\
        -A INPUT -s 10.5.0.0/16 -p tcp -m tcp --dport 2222 -j ACCEPT\n-A INPUT -p udp -m udp --dport 1194 -j ACCEPT\n\
        COMMIT\n# kenshin: ip6tables-save\n# kenshin: end\n";
    let sshd = "# kenshin: sshd -T\nport 2222\npermitrootlogin prohibit-password\npasswordauthentication no\n\
        allowusers ops@10.5.1.* root@10.5.1.10\n# kenshin: end\n";
    let sshd_config = "# kenshin: file /etc/ssh/sshd_config\nPermitRootLogin prohibit-password\nMatch Address 10.5.1.0/24\n\
        \tPasswordAuthentication yes\n# kenshin: end\n";
    let passwd = "# kenshin: getent passwd\nroot:x:0:0:root:/root:/bin/bash\nops:x:1000:10:Ops:/home/ops:/bin/bash\n\
        svc:x:500:500:Service:/srv:/bin/sh\n# kenshin: end\n";
    let group = "# kenshin: getent group\nwheel:x:10:\n# kenshin: end\n";
    let status = "# kenshin: passwd -S\nroot LK 2020-01-01 0 99999 7 -1 (Password locked.)\n\
        ops PS 2024-01-01 0 90 7 -1 (Password set, SHA512 crypt.)\nsvc PS 2024-01-01 0 90 7 -1 (Password set, DES crypt.)\n# kenshin: end\n";
    let last = "# kenshin: last -F\nops      pts/0        10.5.1.7         Tue Jun  3 10:00:01 2025 - Tue Jun  3 11:00:00 2025  (00:59)\n\
        reboot   system boot  5.14.0-427.el9   Mon Jun  2 08:00:00 2025   still running\n\
        ops      pts/0        10.5.1.7         Mon Jun  2 09:00:00 2025 - down\n\nwtmp begins Sun Jun  1 00:00:01 2025\n\
        # kenshin: tz +0900\n# kenshin: end\n";
    let syslog = "# kenshin: rsyslog active\n# kenshin: file /etc/rsyslog.conf\nauthpriv.* @@[2001:db8::514]:514\n\
        *.info;mail.none @10.5.0.20\n# kenshin: syslog-ng active\n# kenshin: file /etc/syslog-ng/syslog-ng.conf\n\
        destination d_siem { network(\"siem.hospital.example\" transport(\"tcp\") port(601)); };\n\
        # kenshin: journal-upload inactive\n# kenshin: file /etc/systemd/journal-upload.conf\nURL=https://ignored.example:19532\n# kenshin: end\n";
    let ntp = "# kenshin: ntpq -pn\n     remote           refid      st t when poll reach   delay   offset  jitter\n\
        ==============================================================================\n\
        *10.5.0.1        .GPS.            1 u   33   64  377    0.210    0.013   0.008\n# kenshin: timesyncd inactive\n# kenshin: end\n";
    let updates = "# kenshin: yum updateinfo list security\nRHSA-2020:5566 Important/Sec. openssl-1:1.0.2k-21.el7_9.x86_64\n\
        # kenshin: yum check-update\n\nopenssl.x86_64   1:1.0.2k-26.el7_9   updates\nbash.x86_64   4.2.46-35.el7_9   updates\n\
        Obsoleting Packages\nfoo.noarch  1-1  updates\n    foo-old.noarch  0.9-1  @base\n# kenshin: end\n";
    let last_update =
        "# kenshin: dpkg.log\n# kenshin: dpkg info\n-rw-r--r-- 1 root root 1423 2023-01-31 bash.list\n# kenshin: end\n";
    let auto = "# kenshin: systemctl is-enabled\nunattended-upgrades.service not-found\napt-daily-upgrade.timer not-found\n\
        dnf-automatic.timer enabled\ndnf-automatic-install.timer not-found\nyum-cron.service not-found\n\
        # kenshin: automatic.conf\napply_updates = yes\n# kenshin: end\n";
    let usb = "# kenshin: modprobe --showconfig\nblacklist usb_storage\n# kenshin: lsmod\n# kenshin: end\n";
    let auth = "# kenshin: file /etc/pam.d/common-password\npassword [success=1 default=ignore] pam_unix.so obscure sha512 minlen=10\n\
        # kenshin: file /etc/pam.d/common-auth\nauth required pam_tally2.so onerr=fail deny=6\nauth required pam_google_authenticator.so\n# kenshin: end\n";
    let snap = snapshot(&[
        (OS_RELEASE, "ID=centos\nNAME=\"CentOS Linux\"\nVERSION_ID=\"7\"\n"),
        (SS, ss),
        (FIREWALL, fw),
        (SSHD, sshd),
        (SSHD_CONFIG, sshd_config),
        (PASSWD, passwd),
        (GROUP, group),
        (STATUS, status),
        (LASTLOG, last),
        (SYSLOG, syslog),
        (NTP, ntp),
        (UPDATES, updates),
        (LAST_UPDATE, last_update),
        (AUTO, auto),
        (USB, usb),
        (AUTH, auth),
    ]);
    let (f, notes) = FX.parse(&snap);
    let s = &snap;
    // Collected without the package lists' date: how fresh the cache is, is unknown.
    assert!(f.is_unknown("host.updates.lists_refreshed"), "{:?}", f.unknown);
    assert!(notes.iter().any(|n| n.contains("package lists")), "{notes:?}");

    // sshd on 2222, restricted by iptables; root and ops further by AllowUsers.
    let ssh = f.service(ServiceName::Ssh).expect("ssh");
    assert!(ssh.enabled);
    assert!(
        ssh.detail
            .as_deref()
            .is_some_and(|d| d.contains("Match Address 10.5.1.0/24 {PasswordAuthentication yes} (not evaluated)"))
    );
    assert!(ssh.evidence.contains(&at(s, SSHD_CONFIG, "Match Address 10.5.1.0/24")));
    let m = f.management_access.iter().find(|m| m.service == ServiceName::Ssh).expect("ssh access");
    assert_eq!((m.sources.as_slice(), m.restricted_by.as_deref()), (&["10.5.0.0/16".to_string()][..], Some("iptables INPUT")));
    assert!(m.evidence.contains(&at(s, FIREWALL, "-A INPUT -s 10.5.0.0/16 -p tcp -m tcp --dport 2222 -j ACCEPT")));
    // Telnet on loopback only is not a network service.
    let telnet = f.service(ServiceName::Telnet).expect("telnet");
    assert_eq!((telnet.enabled, telnet.detail.as_deref()), (false, Some("listening on loopback only")));
    // OpenVPN open to anyone; WireGuard dropped by the INPUT policy.
    let vpn = f.remote_access.iter().find(|r| r.kind == RemoteAccessKind::SslVpn).expect("openvpn");
    assert_eq!((vpn.name.as_deref(), vpn.peer_sources.as_slice()), (Some("openvpn udp/1194"), &["any".to_string()][..]));
    let wg = f.remote_access.iter().find(|r| r.kind == RemoteAccessKind::Other).expect("wireguard");
    assert!(wg.peer_sources.is_empty(), "{wg:?}");

    // Accounts: root locked, ops in wheel by primary group, svc with a DES hash.
    let acct = |n: &str| f.accounts.iter().find(|a| a.name == n).unwrap_or_else(|| panic!("{n}"));
    assert_eq!(acct("root").allowed_sources, Some(vec!["10.5.1.10/32".to_string()]));
    assert_eq!(acct("root").enabled, Some(false));
    let ops = acct("ops");
    assert_eq!((ops.privilege, ops.allowed_sources.clone()), (Privilege::Admin, Some(vec!["10.5.1.0/24".to_string()])));
    assert_eq!(ops.last_login.as_deref(), Some("2025-06-03T10:00:01+09:00"));
    let svc = acct("svc");
    assert_eq!(
        (svc.privilege, svc.password_storage, svc.last_login.as_deref()),
        (Privilege::Operator, PasswordStorage::Weak, None)
    );
    let admins = f.host.as_ref().and_then(|h| h.admin_group.as_ref()).expect("admins");
    assert_eq!(admins.members, vec!["root", "ops"]);

    // Logging: two rsyslog targets and a syslog-ng one; journal-upload is off.
    let log = f.logging.as_ref().expect("logging");
    assert_eq!(log.remote_hosts, vec!["2001:db8::514", "10.5.0.20", "siem.hospital.example"]);
    assert_eq!(log.ntp_servers, vec!["10.5.0.1"]);
    assert!(notes.iter().any(|n| n.contains("journal-upload is inactive")), "{notes:?}");

    // Updates: yum errata, the dpkg file-list date, dnf-automatic applying updates.
    let up = f.host.as_ref().and_then(|h| h.updates.as_ref()).expect("updates");
    let names: Vec<(&str, bool)> = up.pending.iter().map(|p| (p.name.as_str(), p.security)).collect();
    assert_eq!(names, vec![("openssl", true), ("bash", false)]);
    assert_eq!((up.last_installed.as_deref(), up.automatic), (Some("2023-01-31"), Some(true)));

    // USB: a blacklist alone does not block.
    let usb = f.host.as_ref().and_then(|h| h.usb_storage.as_ref()).expect("usb");
    assert!(!usb.blocked && usb.detail.starts_with("blacklist usb_storage only"));

    // Policy: pam_unix only (minlen=10, no classes), pam_tally2 deny=6, an OTP module.
    let p = f.auth_policy.as_ref().expect("policy");
    assert_eq!(
        (p.min_password_length, p.complexity, p.lockout_threshold, p.two_factor),
        (Some(10), Some(false), Some(6), Some(true))
    );
    assert!(f.is_unknown("auth_policy.max_password_age_days"));
}

#[test]
fn garbage_and_cuts_never_panic() {
    // Every artifact of every fixture cut at every line (and mid-line), the rest intact.
    for device in ["debian-hardened", "rocky-neglected", "ubuntu-truncated"] {
        let full = FX.load(device);
        let names: Vec<String> = std::fs::read_dir(FX.dir(device))
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        for name in &names {
            let text = full.artifact(name).expect("artifact").to_string();
            let cuts: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
            for &cut in &cuts {
                for end in [cut, cut + 1, (cut + 3).min(text.len())] {
                    let Some(part) = text.get(..end) else { continue };
                    let mut snap = full.clone();
                    snap.insert(name.as_str(), part);
                    let (f, _) = FX.parse(&snap);
                    serde_json::to_string(&f).expect("json");
                }
            }
        }
    }
    // Keyword soup and random bytes in every artifact.
    let words = [
        "# kenshin: end",
        "# kenshin: ss -tulpn",
        "# kenshin: nft list ruleset",
        "# kenshin: firewall-cmd --list-all-zones",
        "# kenshin: firewalld active",
        "# kenshin: iptables-save",
        "# kenshin: file /etc/login.defs",
        "# kenshin: passwd -S",
        "# kenshin: lastlog",
        "# kenshin: last -F",
        "tcp",
        "udp",
        "LISTEN",
        "0.0.0.0:22",
        "[::]:65536",
        "*:x",
        "users:((\"",
        "table",
        "inet",
        "chain",
        "{",
        "}",
        "type filter hook input",
        "policy drop;",
        "ip saddr",
        "@set",
        "tcp dport",
        "{ 22,",
        "jump",
        "goto",
        "input",
        "-A",
        "INPUT",
        "-s",
        "!",
        "-j",
        "ACCEPT",
        "DROP",
        ":INPUT",
        "*filter",
        "COMMIT",
        "rule",
        "source address=\"",
        "service name=\"ssh\"",
        "accept",
        "port",
        "PASS_MAX_DAYS",
        "minlen",
        "=",
        "-1",
        "99999999999999999999",
        "password",
        "pam_pwquality.so",
        "deny=",
        "root:x:0:0",
        "::::::",
        "P",
        "LK",
        "NP",
        "Mon",
        "Jun",
        "+0900",
        "2025",
        "99:99:99",
        "**Never logged in**",
        "rocommunity",
        "createUser",
        "rouser",
        "priv",
        "action(type=\"omfwd\"",
        "target=\"",
        "@@",
        "^*",
        "install",
        "usb_storage",
        "blacklist",
        "auditd",
        "max_log_file",
        "num_logs",
        "ID=",
        "VERSION_ID=\"",
        "\"",
        "'",
        "\u{fffd}",
        "192.168.1.1/33",
        "fe80::1%eth0",
        "permitrootlogin",
        "allowusers",
        "a@b@c",
        "match",
        "1684893421",
        "-99999999999",
    ];
    let artifacts = [
        OS_RELEASE,
        SS,
        FIREWALL,
        SSHD,
        SSHD_CONFIG,
        PASSWD,
        GROUP,
        STATUS,
        LASTLOG,
        AUTH,
        SYSLOG,
        NTP,
        AUDIT,
        USB,
        IP,
        SNMPD,
        UPDATES,
        LAST_UPDATE,
        AUTO,
        RUNNING,
    ];
    let mut rng = Lcg(0x11c5);
    for round in 0..300 {
        let mut snap = Snapshot::empty("g", Path::new("."));
        for a in artifacts {
            let mut text = String::new();
            for _ in 0..(rng.next() % 30) {
                let n = rng.next() % 8;
                let line: Vec<&str> = (0..n).map(|_| words[(rng.next() as usize) % words.len()]).collect();
                text.push_str(&line.join(if rng.next().is_multiple_of(4) { "\t" } else { " " }));
                text.push('\n');
            }
            if round % 3 == 0 {
                let bytes: Vec<u8> = (0..(rng.next() % 200)).map(|_| rng.next() as u8).collect();
                text.push_str(&String::from_utf8_lossy(&bytes));
            }
            snap.insert(a, text);
        }
        let (f, _) = FX.parse(&snap);
        serde_json::to_string(&f).expect("json");
        let _ = platform::detect(&snap);
    }
}

#[test]
fn secrets_site_pacs_server() {
    // The leak-test site: every secret the platform can hold, and a plain `sshd -T`
    // output (no markers) as a hand-made snapshot would have it.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/secrets-site");
    let snap = Snapshot::load("pacs-linux", &root.join("snapshots/pacs-linux")).expect("snapshot");
    let (f, notes) = FX.parse(&snap);
    let seeded = std::fs::read_to_string(root.join("seeded-secrets.txt")).expect("seeded");
    let json = serde_json::to_string(&f).expect("json");
    let notes = notes.join("\n");
    for s in seeded.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        assert!(!json.contains(s) && !notes.contains(s), "{s} leaked");
    }
    let ssh = f.service(ServiceName::Ssh).expect("ssh");
    assert!(ssh.detail.as_deref().is_some_and(|d| d.contains("PermitRootLogin no")), "{:?}", ssh.detail);
    let m = f.management_access.iter().find(|m| m.service == ServiceName::Ssh).expect("ssh access");
    assert_eq!(
        (m.sources.as_slice(), m.restricted_by.as_deref()),
        (&["10.10.100.0/24".to_string()][..], Some("firewalld zone mgmt"))
    );
    let snmp = f.snmp.as_ref().expect("snmp");
    assert_eq!(snmp.communities.len(), 3);
    assert_eq!(snmp.v3_users.len(), 1);
    let oldsync = f.accounts.iter().find(|a| a.name == "oldsync").expect("oldsync");
    assert_eq!(oldsync.password_storage, PasswordStorage::Weak);
}

/// The package cache's date: the newest of the lists, apt's success stamp and the
/// repository metadata (each a lower bound of the last refresh).
#[test]
fn package_lists_are_dated_by_the_newest_list_or_stamp() {
    let dated = |lists: &str| {
        let text = format!("# kenshin: apt list --upgradable\nListing...\n# kenshin: package lists\n{lists}# kenshin: end\n");
        let (f, _) = FX.parse(&snapshot(&[(UPDATES, &text)]));
        f.host.and_then(|h| h.updates).and_then(|u| u.lists_refreshed)
    };
    let lists = "2026-11-20 /var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease\n\
                 2026-11-26 /var/lib/apt/lists/deb.debian.org_debian-security_dists_bookworm-security_InRelease\n";
    assert_eq!(dated(lists).as_deref(), Some("2026-11-26"));
    let stamped = format!("{lists}2026-11-27 /var/lib/apt/periodic/update-success-stamp\n");
    assert_eq!(dated(&stamped).as_deref(), Some("2026-11-27"));
    // yum keeps metadata one level deeper; any dated line counts.
    assert_eq!(dated("2023-06-20 /var/cache/yum/x86_64/7/base/repomd.xml\n").as_deref(), Some("2023-06-20"));
    assert_eq!(dated(""), None);
}
