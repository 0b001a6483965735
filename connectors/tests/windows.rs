//! The Windows parser on the project's own fixtures (fixtures/windows): facts field by
//! field with the line each came from, unknowns for cut-off artifacts, platform
//! detection, secrets never reaching facts, and no panic on garbage. There is no
//! ntc-templates corpus for Windows; the legacy pretty-printed `ConvertTo-Json` output
//! of fixtures/secrets-site and fixtures/demo-site is read as a second format instead.

mod common;

use common::{Fixtures, Lcg, strings};

use std::path::Path;

use kenshin_connectors::platform;
use kenshin_connectors::snapshot::Snapshot;
use kenshin_facts::{DeviceKind, Evidence, InterfaceRole, PasswordStorage, Privilege, ServiceName, SnmpAccess};

const INFO: &str = "Get-ComputerInfo_ConvertTo-Json.txt";
const HOTFIX: &str = "Get-HotFix_ConvertTo-Json.txt";
const SEARCH: &str = "Microsoft.Update.Searcher_ConvertTo-Json.txt";
const SERVICES: &str = "Get-Service_ConvertTo-Json.txt";
const PROCESSES: &str = "Get-Process_ConvertTo-Json.txt";
const LISTENERS: &str = "Get-NetTCPConnection_ConvertTo-Json.txt";
const ADDRESSES: &str = "Get-NetIPAddress_ConvertTo-Json.txt";
const PROFILES: &str = "Get-NetFirewallProfile_ConvertTo-Json.txt";
const RULES: &str = "Get-NetFirewallRule_ConvertTo-Json.txt";
const USERS: &str = "Get-LocalUser_ConvertTo-Json.txt";
const ADMINS: &str = "Get-LocalGroupMember_ConvertTo-Json.txt";
const NET_ACCOUNTS: &str = "net_accounts.txt";
const SECEDIT: &str = "secedit_ConvertTo-Json.txt";
const AUDITPOL: &str = "auditpol_get_subcategory_Logon_r.txt";
const SECURITY_LOG: &str = "Get-WinEvent_ConvertTo-Json.txt";
const DEFENDER: &str = "Get-MpComputerStatus_ConvertTo-Json.txt";
const SECURITY_CENTER: &str = "Get-CimInstance_AntiVirusProduct_ConvertTo-Json.txt";
const SMB: &str = "Get-SmbServerConfiguration_ConvertTo-Json.txt";
const REGISTRY: &str = "Get-ItemProperty_ConvertTo-Json.txt";
const SNMP: &str = "Get-ItemProperty_SNMP_ConvertTo-Json.txt";

/// Every secret written into the fixtures and the inline snapshots below.
const SEEDED: &[&str] = &["SxWinOsakaSnmpRw1", "SxWinInlineAutoLogon1", "SxWinInlineComm1"];

const FX: Fixtures = Fixtures { platform: "windows", kind: DeviceKind::Server, version: INFO, config: INFO };

/// The 1-based number of the one line of `artifact` containing `text`, in the text the
/// parser sees (secrets masked; line numbers are those of the file).
fn line_in(snap: &Snapshot, artifact: &str, text: &str) -> u32 {
    let file = snap.artifact(artifact).expect("artifact");
    let found: Vec<u32> = file.lines().enumerate().filter(|(_, l)| l.contains(text)).map(|(i, _)| i as u32 + 1).collect();
    assert_eq!(found.len(), 1, "{text:?} in {}/{artifact}: {found:?}", snap.device);
    found[0]
}

fn at(snap: &Snapshot, artifact: &str, text: &str) -> Evidence {
    Evidence::line(artifact, line_in(snap, artifact, text))
}

#[test]
fn hardened_server_2022() {
    const D: &str = "ws2022-hardened";
    let s = FX.load(D);
    let (f, notes) = FX.parse(&s);
    // Defender is active, so Security Center (clients only: an error here) is not read.
    assert!(notes.is_empty(), "{notes:?}");
    common::no_secrets(&f, &notes, SEEDED);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!(
        (fw.vendor.as_str(), fw.os.as_str(), fw.model.as_deref(), fw.version.as_deref(), fw.raw.as_str()),
        ("microsoft", "windows", Some("Windows Server 2022 Standard"), Some("10.0.20348.2582"), "10.0.20348.2582")
    );
    assert_eq!(fw.evidence, vec![at(&s, INFO, "\"UBR\":2582")]);
    assert_eq!(f.device.hostname.as_deref(), Some("EMR-APP01"));

    for name in [ServiceName::Telnet, ServiceName::Ftp, ServiceName::Tftp, ServiceName::Vnc, ServiceName::Snmp] {
        let svc = f.service(name).unwrap_or_else(|| panic!("{name:?}"));
        assert!(!svc.enabled && svc.evidence.is_empty(), "{svc:?}");
    }
    let ssh = f.service(ServiceName::Ssh).expect("ssh");
    assert!(ssh.enabled);
    assert_eq!(ssh.evidence, vec![at(&s, SERVICES, "\"Name\":\"sshd\""), at(&s, LISTENERS, "\"LocalPort\":22,")]);
    let smb = f.service(ServiceName::Smb).expect("smb");
    assert!(smb.enabled);
    assert_eq!(smb.detail.as_deref(), Some("service LanmanServer running; tcp/445 listening (System)"));
    let smb1 = f.service(ServiceName::Smb1).expect("smb1");
    assert!(!smb1.enabled);
    assert_eq!(smb1.evidence, vec![at(&s, SMB, "\"EnableSMB1Protocol\":false")]);
    let rdp = f.service(ServiceName::Rdp).expect("rdp");
    assert!(rdp.enabled);
    assert_eq!(
        rdp.evidence,
        vec![
            at(&s, REGISTRY, "\"fDenyTSConnections\":0"),
            at(&s, LISTENERS, "\"tcp\",\"LocalAddress\":\"::\",\"LocalPort\":3389"),
            at(&s, LISTENERS, "\"tcp\",\"LocalAddress\":\"0.0.0.0\",\"LocalPort\":3389"),
            at(&s, SERVICES, "\"Name\":\"TermService\""),
        ]
    );

    // RDP and SSH only from the management subnet (the UDP rule does not count for TCP).
    assert_eq!(f.management_access.len(), 2, "{:?}", f.management_access);
    let rdp = &f.management_access[0];
    assert_eq!(
        (rdp.service, rdp.sources.clone(), rdp.restricted_by.as_deref(), rdp.interface.as_deref()),
        (ServiceName::Rdp, strings(&["192.168.100.0/24"]), Some("Remote Desktop - User Mode (TCP-In)"), None)
    );
    assert_eq!(rdp.evidence, vec![at(&s, RULES, "RemoteDesktop-UserMode-In-TCP")]);
    let ssh = &f.management_access[1];
    assert_eq!(
        (ssh.service, ssh.sources.clone(), ssh.restricted_by.as_deref()),
        (ServiceName::Ssh, strings(&["192.168.100.0/24"]), Some("OpenSSH SSH Server (sshd)"))
    );
    assert_eq!(ssh.evidence, vec![at(&s, RULES, "OpenSSH-Server-In-TCP")]);
    assert!(f.remote_access.is_empty());
    let snmp = f.snmp.as_ref().expect("snmp");
    assert!(snmp.communities.is_empty() && snmp.v3_users.is_empty());

    let emradmin = f.accounts.iter().find(|a| a.name == "emradmin").expect("emradmin");
    assert_eq!(
        (emradmin.privilege, emradmin.password_storage, emradmin.enabled),
        (Privilege::Admin, PasswordStorage::Strong, Some(true))
    );
    assert_eq!(emradmin.last_login.as_deref(), Some("2024-07-10T09:30:05.0000000+09:00"));
    assert_eq!(emradmin.evidence, vec![at(&s, USERS, "\"Name\":\"emradmin\""), at(&s, ADMINS, "EMR-APP01\\\\emradmin")]);
    let admin = f.accounts.iter().find(|a| a.name == "Administrator").expect("Administrator");
    assert_eq!((admin.privilege, admin.enabled), (Privilege::Admin, Some(false)));
    // PasswordRequired False on disabled built-in accounts: reported, not noted.
    let guest = f.accounts.iter().find(|a| a.name == "Guest").expect("Guest");
    assert_eq!(
        (guest.privilege, guest.password_storage, guest.enabled),
        (Privilege::Operator, PasswordStorage::None, Some(false))
    );
    assert_eq!(f.accounts.len(), 5);

    let policy = f.auth_policy.as_ref().expect("auth_policy");
    assert_eq!(
        (
            policy.min_password_length,
            policy.lockout_threshold,
            policy.max_password_age_days,
            policy.complexity,
            policy.two_factor
        ),
        (Some(14), Some(5), Some(0), Some(true), None)
    );
    assert_eq!(
        policy.evidence,
        vec![
            at(&s, NET_ACCOUNTS, "Maximum password age (days):                          Unlimited"),
            at(&s, NET_ACCOUNTS, "Minimum password length:                              14"),
            at(&s, NET_ACCOUNTS, "Lockout threshold:                                    5"),
            at(&s, SECEDIT, "PasswordComplexity"),
        ]
    );

    let log = f.logging.as_ref().expect("logging");
    assert_eq!(log.ntp_servers, strings(&["ntp1.hospital.local", "ntp.nict.jp"]));
    assert_eq!(log.remote_hosts, strings(&["wec.hospital.local"]));
    assert_eq!(
        log.evidence,
        vec![at(&s, REGISTRY, "\"Type\":\"NTP\""), at(&s, REGISTRY, "\"Type\":\"NTP\""), at(&s, REGISTRY, "SubscriptionManager")]
    );

    assert_eq!(f.interfaces.len(), 1);
    let eth = &f.interfaces[0];
    assert_eq!((eth.name.as_str(), eth.role), ("Ethernet0", InterfaceRole::Lan));
    assert_eq!(eth.addresses, strings(&["fe80::5d1:9a2b:3c4d:21/64", "192.168.10.21/24"]));
    assert_eq!(eth.evidence[1], at(&s, ADDRESSES, "192.168.10.21"));

    let host = f.host.as_ref().expect("host");
    let updates = host.updates.as_ref().expect("updates");
    assert_eq!((updates.last_installed.as_deref(), updates.automatic), (Some("2026-11-11"), Some(true)));
    assert!(updates.pending.is_empty());
    assert_eq!(updates.evidence, vec![at(&s, HOTFIX, "KB5040437"), at(&s, REGISTRY, "\"AUOptions\":4")]);
    assert_eq!(host.listening.len(), 13);
    let loopback = host.listening.iter().find(|l| l.port == 1434).expect("1434");
    assert!(loopback.is_loopback() && loopback.process.as_deref() == Some("sqlservr"));
    assert_eq!(loopback.evidence, vec![at(&s, LISTENERS, "\"LocalPort\":1434")]);
    assert!(
        host.running.iter().any(|r| r.name == "MSSQLSERVER" && r.display_name.as_deref() == Some("SQL Server (MSSQLSERVER)"))
    );
    // Stopped services are not running software; processes are `name.exe`.
    assert!(!host.running.iter().any(|r| r.name == "Spooler" || r.name == "RemoteRegistry"));
    let sql = host.running.iter().find(|r| r.name == "sqlservr.exe").expect("sqlservr.exe");
    assert_eq!(sql.evidence, vec![at(&s, PROCESSES, "sqlservr")]);
    assert!(host.running.iter().any(|r| r.name == "Idle"));
    let av = host.antivirus.as_ref().expect("antivirus");
    assert_eq!(
        (av.product.as_str(), av.realtime, av.signatures_date.as_deref()),
        ("Microsoft Defender Antivirus", Some(true), Some("2026-11-26"))
    );
    assert_eq!(av.evidence, vec![Evidence::line(DEFENDER, 1)]);
    let usb = host.usb_storage.as_ref().expect("usb");
    assert!(usb.blocked);
    assert_eq!(usb.detail, "USBSTOR Start=4 (driver disabled)");
    assert_eq!(usb.evidence, vec![at(&s, REGISTRY, "USBSTOR")]);
    let audit = host.audit.as_ref().expect("audit");
    assert!(audit.logons);
    assert_eq!(audit.detail.as_deref(), Some("Logon: Success and Failure"));
    assert_eq!(audit.evidence, vec![at(&s, AUDITPOL, "Success and Failure")]);
    let group = host.admin_group.as_ref().expect("admin group");
    assert_eq!(group.name, "Administrators");
    assert_eq!(
        group.members,
        strings(&["EMR-APP01\\Administrator", "EMR-APP01\\emradmin", "HOSPITAL\\Domain Admins", "HOSPITAL\\emr-ops"])
    );
    assert_eq!(group.evidence.len(), 4);
    assert_eq!(host.security_log_max_bytes, Some(1_073_741_824));

    // Two-factor logon cannot be seen in these artifacts.
    assert_eq!(f.unknown, vec!["auth_policy.two_factor"]);
}

#[test]
fn osaka_meal_management_server() {
    const D: &str = "ws2016-osaka-meal";
    let s = FX.load(D);
    // The community names were masked on the way in; `public` is known to be a default.
    assert!(s.artifact(SNMP).is_some_and(|t| !t.contains("SxWin") && !t.contains("public")));
    let (f, notes) = FX.parse(&s);
    common::no_secrets(&f, &notes, SEEDED);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!(
        (fw.model.as_deref(), fw.version.as_deref(), fw.raw.as_str()),
        (Some("Windows Server 2016 Standard"), Some("10.0.14393.4169"), "10.0.14393.4169")
    );
    assert_eq!(f.device.hostname.as_deref(), Some("MEAL-SV01"));

    // RDP open to everyone through the built-in rule, and to the vendor's networks.
    let rdp = f.service(ServiceName::Rdp).expect("rdp");
    assert!(rdp.enabled);
    assert_eq!(rdp.evidence[0], at(&s, REGISTRY, "\"fDenyTSConnections\":0"));
    let rdp_access: Vec<_> = f.management_access.iter().filter(|m| m.service == ServiceName::Rdp).collect();
    assert_eq!(rdp_access.len(), 2, "{rdp_access:?}");
    assert!(rdp_access[0].is_unrestricted());
    assert_eq!(rdp_access[0].restricted_by.as_deref(), Some("Remote Desktop - User Mode (TCP-In)"));
    assert_eq!(rdp_access[0].evidence, vec![at(&s, RULES, "RemoteDesktop-UserMode-In-TCP")]);
    assert_eq!(rdp_access[1].sources, strings(&["172.31.50.0/24", "10.20.30.40/29"]));
    assert_eq!(rdp_access[1].restricted_by.as_deref(), Some("Vendor maintenance RDP"));
    assert_eq!(rdp_access[1].evidence, vec![at(&s, RULES, "Vendor maintenance RDP")]);
    // The Private profile is off, but no interface is on a private network; the
    // TeamViewer rule (any port, one program) does not cover RDP.
    assert!(!f.management_access.iter().any(|m| m.evidence.iter().any(|e| e.artifact == PROFILES)));
    // SSH from LocalSubnet: the host's own subnet.
    let ssh = f.management_access.iter().find(|m| m.service == ServiceName::Ssh).expect("ssh");
    assert_eq!(
        (ssh.sources.clone(), ssh.restricted_by.as_deref()),
        (strings(&["10.10.20.0/24"]), Some("OpenSSH SSH Server (sshd)"))
    );

    // An FTP server reachable from anywhere, SMB1 on.
    let ftp = f.service(ServiceName::Ftp).expect("ftp");
    assert!(ftp.enabled);
    assert_eq!(ftp.evidence, vec![at(&s, SERVICES, "\"Name\":\"ftpsvc\""), at(&s, LISTENERS, "\"LocalPort\":21,")]);
    let smb1 = f.service(ServiceName::Smb1).expect("smb1");
    assert!(smb1.enabled);
    assert_eq!(smb1.evidence, vec![at(&s, SMB, "\"EnableSMB1Protocol\":true")]);
    assert!(!f.service(ServiceName::Telnet).expect("telnet").enabled);

    // The SNMP service with `public`, answering the local subnet (firewall rule).
    let agent = f.service(ServiceName::Snmp).expect("snmp service");
    assert!(agent.enabled);
    assert_eq!(agent.evidence, vec![at(&s, SERVICES, "\"Name\":\"SNMP\""), at(&s, LISTENERS, "\"LocalPort\":161")]);
    let snmp = f.snmp.as_ref().expect("snmp");
    assert_eq!(snmp.communities.len(), 2);
    let (ro, rw) = (&snmp.communities[0], &snmp.communities[1]);
    assert_eq!((ro.access, ro.default_name, ro.sources.clone()), (SnmpAccess::Ro, true, strings(&["10.10.20.0/24"])));
    assert_eq!(ro.evidence, vec![at(&s, SNMP, "\"Rights\":4"), at(&s, RULES, "SNMP-In-UDP")]);
    assert_eq!((rw.access, rw.default_name), (SnmpAccess::Rw, false));
    assert_eq!(rw.evidence[0], at(&s, SNMP, "\"Rights\":8"));
    let snmp_access = f.management_access.iter().find(|m| m.service == ServiceName::Snmp).expect("snmp access");
    assert_eq!(snmp_access.restricted_by.as_deref(), Some("SNMP Service (UDP In)"));

    // Everyone an administrator; the vendor account may have no password; the
    // auto-logon account's password sits in the registry in clear text.
    let group = f.host.as_ref().and_then(|h| h.admin_group.as_ref()).expect("admin group");
    assert!(group.members.contains(&"HOSPITAL\\Domain Users".to_string()));
    assert!(notes.iter().any(|n| n.contains("HOSPITAL\\Domain Users") && n.contains("every domain user")), "{notes:?}");
    let vendor = f.accounts.iter().find(|a| a.name == "vendor").expect("vendor");
    assert_eq!(
        (vendor.privilege, vendor.password_storage, vendor.enabled),
        (Privilege::Admin, PasswordStorage::None, Some(true))
    );
    assert_eq!(vendor.evidence, vec![at(&s, USERS, "\"Name\":\"vendor\""), at(&s, ADMINS, "MEAL-SV01\\\\vendor")]);
    assert_eq!(vendor.last_login.as_deref(), Some("2022-10-31T02:13:55.0000000+09:00"));
    assert!(notes.iter().any(|n| n.contains("PasswordRequired is False") && n.contains("vendor")), "{notes:?}");
    let meal = f.accounts.iter().find(|a| a.name == "mealuser").expect("mealuser");
    assert_eq!((meal.privilege, meal.password_storage), (Privilege::Operator, PasswordStorage::Plain));
    assert_eq!(meal.evidence, vec![at(&s, USERS, "\"Name\":\"mealuser\""), at(&s, REGISTRY, "Winlogon")]);
    let admin = f.accounts.iter().find(|a| a.name == "Administrator").expect("Administrator");
    assert_eq!((admin.privilege, admin.enabled), (Privilege::Admin, Some(true)));

    // No lockout, no length, no expiry, no complexity.
    let policy = f.auth_policy.as_ref().expect("auth_policy");
    assert_eq!(
        (policy.min_password_length, policy.lockout_threshold, policy.max_password_age_days, policy.complexity),
        (Some(0), Some(0), Some(0), Some(false))
    );
    assert!(policy.evidence.contains(&at(&s, NET_ACCOUNTS, "Lockout threshold:                                    Never")));

    let host = f.host.as_ref().expect("host");
    // Last updated in 2021, automatic updates off, security updates pending.
    let updates = host.updates.as_ref().expect("updates");
    assert_eq!((updates.last_installed.as_deref(), updates.automatic), (Some("2021-01-13"), Some(false)));
    assert_eq!(updates.evidence, vec![at(&s, HOTFIX, "KB4598243"), at(&s, REGISTRY, "\"NoAutoUpdate\":1")]);
    let pending: Vec<(&str, bool)> = updates.pending.iter().map(|p| (p.name.as_str(), p.security)).collect();
    assert_eq!(pending, vec![("KB5039214", true), ("KB5037016", true), ("KB2267602", false), ("KB890830", false)]);
    assert_eq!(updates.pending[0].evidence, vec![at(&s, SEARCH, "KB5039214")]);
    // The remote-control tool: a running service and a listener.
    let tv = host.running.iter().find(|r| r.name == "TeamViewer").expect("TeamViewer");
    assert_eq!(tv.evidence, vec![at(&s, SERVICES, "\"Name\":\"TeamViewer\"")]);
    assert!(host.running.iter().any(|r| r.name == "TeamViewer_Service.exe"));
    let l = host.listening.iter().find(|l| l.port == 5938).expect("5938");
    assert_eq!((l.protocol.as_str(), l.address.as_str(), l.process.as_deref()), ("tcp", "0.0.0.0", Some("TeamViewer_Service")));
    // Windows Update disabled as a service as well: not running.
    assert!(!host.running.iter().any(|r| r.name == "wuauserv"));
    let av = host.antivirus.as_ref().expect("antivirus");
    assert_eq!(
        (av.product.as_str(), av.realtime, av.signatures_date.as_deref()),
        ("Microsoft Defender Antivirus", Some(false), Some("2021-01-13"))
    );
    let usb = host.usb_storage.as_ref().expect("usb");
    assert!(!usb.blocked);
    assert_eq!(usb.detail, "USBSTOR Start=3; no removable-storage policy blocks USB media");
    assert_eq!(
        usb.evidence,
        vec![
            at(&s, REGISTRY, "USBSTOR"),
            at(&s, REGISTRY, "RemovableStorageDevices\",\"Exists\":false"),
            at(&s, REGISTRY, "b6bf-11d0-94f2-00a0c91efb8b}"),
            at(&s, REGISTRY, "DeviceInstall"),
        ]
    );
    let audit = host.audit.as_ref().expect("audit");
    assert_eq!((audit.logons, audit.detail.as_deref()), (false, Some("Logon: Success")));
    assert_eq!(host.security_log_max_bytes, Some(20_971_520));

    let log = f.logging.as_ref().expect("logging");
    assert_eq!(log.ntp_servers, strings(&["domain:hospital.local"]));
    assert!(log.remote_hosts.is_empty());
    assert_eq!(f.unknown, vec!["auth_policy.two_factor"]);
}

#[test]
fn japanese_client_pc() {
    const D: &str = "win10-ja-client";
    let s = FX.load(D);
    let (f, notes) = FX.parse(&s);
    common::no_secrets(&f, &notes, SEEDED);
    // The update search failed offline: a note with the host's (Japanese) message.
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains(SEARCH) && notes[0].contains("0x8024402C"), "{notes:?}");

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.model.as_deref(), fw.version.as_deref()), (Some("Windows 10 Pro"), Some("10.0.19045.4529")));
    assert_eq!(f.device.hostname.as_deref(), Some("RECEP-PC01"));

    // `net accounts` in Japanese.
    let policy = f.auth_policy.as_ref().expect("auth_policy");
    assert_eq!(
        (policy.min_password_length, policy.lockout_threshold, policy.max_password_age_days, policy.complexity),
        (Some(8), Some(10), Some(90), Some(true))
    );
    assert_eq!(
        policy.evidence,
        vec![
            at(&s, NET_ACCOUNTS, "パスワードの最長有効期間 (日):"),
            at(&s, NET_ACCOUNTS, "最小パスワード長:"),
            at(&s, NET_ACCOUNTS, "ロックアウトのしきい値:"),
            at(&s, SECEDIT, "PasswordComplexity"),
        ]
    );
    // auditpol in Japanese, found by the subcategory GUID.
    let audit = f.host.as_ref().and_then(|h| h.audit.as_ref()).expect("audit");
    assert_eq!((audit.logons, audit.detail.as_deref()), (true, Some("ログオン: 成功および失敗")));
    assert_eq!(audit.evidence, vec![at(&s, AUDITPOL, "成功および失敗")]);

    // RDP denied and not listening: no management access for it.
    let rdp = f.service(ServiceName::Rdp).expect("rdp");
    assert!(!rdp.enabled);
    assert_eq!(rdp.evidence, vec![at(&s, REGISTRY, "\"fDenyTSConnections\":1"), at(&s, SERVICES, "TermService")]);
    assert_eq!(f.management_access.len(), 1);
    assert_eq!(f.management_access[0].service, ServiceName::Ssh);
    assert_eq!(f.management_access[0].sources, strings(&["192.168.100.0/24"]));

    let user = f.accounts.iter().find(|a| a.name == "受付用").expect("受付用");
    assert_eq!((user.privilege, user.password_storage, user.enabled), (Privilege::Operator, PasswordStorage::Strong, Some(true)));
    assert_eq!(user.evidence, vec![at(&s, USERS, "受付用")]);

    let host = f.host.as_ref().expect("host");
    // Defender is passive; the antivirus in use is the third-party one.
    let av = host.antivirus.as_ref().expect("antivirus");
    assert_eq!((av.product.as_str(), av.realtime, av.signatures_date.as_deref()), ("ESET Security", Some(true), None));
    assert_eq!(av.evidence, vec![at(&s, SECURITY_CENTER, "ESET Security")]);
    // ProductState 0x41000: scanning on, signatures up to date (low byte 0x00).
    assert_eq!(av.signatures_current, Some(true));
    let usb = host.usb_storage.as_ref().expect("usb");
    assert!(usb.blocked);
    assert_eq!(usb.detail, "RemovableStorageDevices Deny_All=1");
    assert_eq!(usb.evidence, vec![at(&s, REGISTRY, "\"Deny_All\":1")]);
    // No update policy on a client: Windows installs updates by itself.
    let updates = host.updates.as_ref().expect("updates");
    assert_eq!((updates.last_installed.as_deref(), updates.automatic), (Some("2024-06-13"), Some(true)));
    assert_eq!(updates.evidence, vec![at(&s, HOTFIX, "KB5039211"), at(&s, REGISTRY, "WindowsUpdate\\\\AU\"")]);
    assert!(f.is_unknown("host.updates.pending") && updates.pending.is_empty());
    assert!(host.running.iter().any(|r| r.name == "RecepLink" && r.display_name.as_deref() == Some("受付システム連携サービス")));
    assert_eq!(f.interfaces[0].name, "イーサネット");
    assert_eq!(f.interfaces[0].role, InterfaceRole::Lan);
    assert_eq!(f.logging.as_ref().expect("logging").ntp_servers, strings(&["domain:hospital.local"]));
    assert_eq!(f.unknown, vec!["auth_policy.two_factor", "host.updates.pending"]);
}

#[test]
fn truncated_artifacts_conclude_nothing_from_absence() {
    const D: &str = "ws2019-truncated";
    let s = FX.load(D);
    let (f, notes) = FX.parse(&s);
    common::no_secrets(&f, &notes, SEEDED);
    for artifact in [SERVICES, RULES, REGISTRY] {
        assert!(notes.iter().any(|n| n.starts_with(artifact) && n.contains("incomplete")), "{artifact}: {notes:?}");
    }
    assert!(notes.iter().any(|n| n.contains(LISTENERS) && n.contains("missing")), "{notes:?}");

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!(fw.version.as_deref(), Some("10.0.17763.6054"));

    // Services that would be "off" only because a cut list lacks them are unknown.
    for path in [
        "services.telnet",
        "services.ftp",
        "services.vnc",
        "services.ssh",
        "services.smb1",
        "services.snmp",
        "management_access.rdp",
        "remote_access",
        "interfaces",
        "auth_policy.lockout_threshold",
        "auth_policy.complexity",
        "host.listening",
        "host.running",
        "host.admin_group",
        "host.usb_storage",
        "host.updates",
        "logging",
    ] {
        assert!(f.is_unknown(path), "{path} should be unknown: {:?}", f.unknown);
    }
    for name in [ServiceName::Telnet, ServiceName::Ftp, ServiceName::Vnc, ServiceName::Ssh, ServiceName::Snmp] {
        assert!(f.service(name).is_none(), "{name:?}");
    }
    // What the lines before the cut say is still known.
    let smb = f.service(ServiceName::Smb).expect("smb");
    assert!(smb.enabled);
    assert_eq!(smb.evidence, vec![at(&s, SERVICES, "LanmanServer")]);
    let rdp = f.service(ServiceName::Rdp).expect("rdp");
    assert!(rdp.enabled);
    assert_eq!(rdp.evidence, vec![at(&s, REGISTRY, "\"fDenyTSConnections\":0")]);
    // The rule read is reported; the one cut off might allow more.
    assert_eq!(f.management_access.len(), 1);
    assert_eq!(f.management_access[0].sources, strings(&["192.168.100.0/24"]));
    let policy = f.auth_policy.as_ref().expect("auth_policy");
    assert_eq!((policy.min_password_length, policy.max_password_age_days, policy.lockout_threshold), (Some(8), Some(42), None));
    assert!(notes.iter().any(|n| n.contains(NET_ACCOUNTS) && n.contains("cut off")), "{notes:?}");
    // Without the Administrators list, privileges are unknown, never "operator".
    assert_eq!(f.accounts.len(), 2);
    assert!(f.accounts.iter().all(|a| a.privilege == Privilege::Unknown), "{:?}", f.accounts);
    assert!(f.host.as_ref().expect("host").admin_group.is_none());
}

/// Snapshots of other tools: indented `ConvertTo-Json` documents, `/Date(...)/`.
#[test]
fn legacy_pretty_json() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/secrets-site/snapshots/emr-win");
    let s = Snapshot::load("emr-win", &dir).expect("snapshot");
    assert_eq!(platform::detect(&s).map(|p| p.name), Some("windows"));
    let (f, notes) = FX.parse(&s);
    let json = serde_json::to_string(&f).expect("json");
    assert!(!json.contains("SxWin"), "{json}");
    let fw = f.firmware.as_ref().expect("firmware");
    // No update revision: the release is known, the patch level is not.
    assert_eq!(
        (fw.model.as_deref(), fw.raw.as_str(), fw.version.as_deref()),
        (Some("Windows Server 2022 Standard"), "10.0.20348", None)
    );
    assert!(f.is_unknown("firmware.version"));
    assert!(notes.iter().any(|n| n.contains("UBR")), "{notes:?}");
    assert_eq!(fw.evidence, vec![Evidence::lines(INFO, 1, 15)]);
    assert_eq!(f.device.hostname.as_deref(), Some("EMR-WIN01"));
    // Items of an indented array span their lines.
    let kiosk = f.accounts.iter().find(|a| a.name == "emr-kiosk").expect("emr-kiosk");
    assert_eq!(kiosk.evidence, vec![Evidence::lines(USERS, 12, 20)]);
    assert_eq!((kiosk.enabled, kiosk.privilege), (Some(true), Privilege::Unknown));
    // Get-ComputerInfo's own OsHotFixes stand in for Get-HotFix.
    let updates = f.host.as_ref().and_then(|h| h.updates.as_ref()).expect("updates");
    assert_eq!(updates.last_installed.as_deref(), Some("2024-06-12"));

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/demo-site/snapshots/emr-db");
    let s = Snapshot::load("emr-db", &dir).expect("snapshot");
    let (f, _) = FX.parse(&s);
    assert_eq!(f.firmware.as_ref().map(|fw| fw.raw.as_str()), Some("10.0.17763"));
    assert!(f.is_unknown("accounts") && f.is_unknown("services.rdp") && f.is_unknown("auth_policy"));
}

#[test]
fn detection() {
    for device in ["ws2022-hardened", "ws2016-osaka-meal", "win10-ja-client", "ws2019-truncated"] {
        assert_eq!(platform::detect(&FX.load(device)).map(|p| p.name), Some("windows"), "{device}");
    }
    let mut snap = Snapshot::empty("x", Path::new("."));
    snap.insert(INFO, "{\"CsName\":\"PC1\",\"OsName\":\"Microsoft Windows 11 Pro\"}\n");
    assert_eq!(platform::detect(&snap).map(|p| p.name), Some("windows"));
    let mut snap = Snapshot::empty("x", Path::new("."));
    snap.insert(INFO, "{\"CsName\":\"box\",\"OsName\":\"Linux\"}\n");
    assert!(platform::detect(&snap).is_none());
}

fn snapshot_of(artifacts: &[(&str, &str)]) -> Snapshot {
    let mut snap = Snapshot::empty("inline", Path::new("."));
    for (name, text) in artifacts {
        snap.insert(*name, *text);
    }
    snap
}

/// Windows 11 keeps "Windows 10" in the registry product name; a disabled firewall
/// profile on an active network opens RDP to everyone; `LocalSubnet` without the
/// host's addresses cannot be resolved; well-known groups make every user an admin.
#[test]
fn firewall_profiles_and_wide_groups() {
    let info = "{\"CsName\":\"WARD-PC07\",\"WindowsProductName\":\"Windows 10 Pro\",\"OsName\":\"Microsoft Windows 11 Pro\",\
                \"OsVersion\":\"10.0.22631\",\"OsProductType\":\"WorkStation\",\"CurrentBuild\":\"22631\",\"UBR\":3880}\n";
    let registry = "{\"Path\":\"HKLM:\\\\SYSTEM\\\\CurrentControlSet\\\\Control\\\\Terminal Server\",\"Exists\":true,\"fDenyTSConnections\":0}\n\
                    {\"Total\":1}\n";
    let listeners = "{\"Protocol\":\"tcp\",\"LocalAddress\":\"0.0.0.0\",\"LocalPort\":3389,\"OwningProcess\":1,\"Process\":\"svchost\"}\n{\"Total\":1}\n";
    let profiles = "{\"Profile\":\"Domain\",\"Enabled\":\"True\",\"DefaultInboundAction\":\"NotConfigured\"}\n\
                    {\"Profile\":\"Public\",\"Enabled\":\"False\",\"DefaultInboundAction\":\"NotConfigured\"}\n\
                    {\"InterfaceAlias\":\"Wi-Fi\",\"NetworkCategory\":\"Public\"}\n{\"Total\":3}\n";
    let rules = "{\"Name\":\"r1\",\"DisplayName\":\"RDP LAN\",\"Profile\":\"Public\",\"Protocol\":\"TCP\",\"LocalPort\":[\"3389\"],\
                 \"RemoteAddress\":[\"LocalSubnet\"],\"Program\":\"Any\"}\n{\"Total\":1}\n";
    let users =
        "{\"Name\":\"nurse\",\"SID\":\"S-1-5-21-1-2-3-1001\",\"Enabled\":true,\"PasswordRequired\":true}\n{\"Total\":1}\n";
    let admins = "{\"Group\":\"BUILTIN\\\\Administrators\",\"Name\":\"NT AUTHORITY\\\\Authenticated Users\",\"SID\":\"S-1-5-11\"}\n{\"Total\":1}\n";
    let snap = snapshot_of(&[
        (INFO, info),
        (REGISTRY, registry),
        (LISTENERS, listeners),
        (PROFILES, profiles),
        (RULES, rules),
        (USERS, users),
        (ADMINS, admins),
    ]);
    let (f, notes) = FX.parse(&snap);
    assert_eq!(f.firmware.as_ref().and_then(|fw| fw.model.as_deref()), Some("Windows 11 Pro"));
    let rdp: Vec<_> = f.management_access.iter().filter(|m| m.service == ServiceName::Rdp).collect();
    assert_eq!(rdp.len(), 2, "{rdp:?}");
    assert!(rdp[0].is_unrestricted() && rdp[0].restricted_by.is_none());
    assert_eq!(rdp[0].evidence, vec![Evidence::line(PROFILES, 2), Evidence::line(PROFILES, 3)]);
    assert_eq!((rdp[1].sources.clone(), rdp[1].restricted_by.as_deref()), (strings(&["LocalSubnet"]), Some("RDP LAN")));
    let nurse = f.accounts.iter().find(|a| a.name == "nurse").expect("nurse");
    assert_eq!(nurse.privilege, Privilege::Admin);
    assert_eq!(nurse.evidence, vec![Evidence::line(USERS, 1), Evidence::line(ADMINS, 1)]);
    assert!(notes.iter().any(|n| n.contains("every local user is an administrator")), "{notes:?}");
}

/// A snapshot of another tool that read `DefaultPassword` itself: the value is masked on
/// load and the account is still reported as keeping a clear-text password. A damaged
/// line loses only its own item.
#[test]
fn secrets_and_damaged_lines() {
    let registry = "{\"Path\":\"HKLM:\\\\SOFTWARE\\\\Microsoft\\\\Windows NT\\\\CurrentVersion\\\\Winlogon\",\"Exists\":true,\
                    \"AutoAdminLogon\":\"1\",\"DefaultUserName\":\"kiosk\",\"DefaultPassword\":\"SxWinInlineAutoLogon1\"}\n{\"Total\":1}\n";
    let users = "{\"Name\":\"kiosk\",\"SID\":\"S-1-5-21-9-9-9-1001\",\"Enabled\":true,\"PasswordRequired\":true}\n\
                 {\"Name\":\"broken\",\"SID\":\"S-1-5-21-9-9-9-10\n\
                 {\"Name\":\"clerk\",\"SID\":\"S-1-5-21-9-9-9-1003\",\"Enabled\":false,\"PasswordRequired\":true}\n{\"Total\":3}\n";
    let snmp = "{\"Path\":\"HKLM:\\\\SYSTEM\\\\CurrentControlSet\\\\Services\\\\SNMP\\\\Parameters\",\"Exists\":true}\n\
                {\"Community\":\"SxWinInlineComm1\",\"Rights\":4}\n{\"PermittedManager\":\"10.9.9.9\"}\n{\"Total\":3}\n";
    let services = "{\"Name\":\"SNMP\",\"DisplayName\":\"SNMP Service\",\"Status\":\"Running\",\"StartType\":\"Automatic\"}\n{\"Total\":1}\n";
    let snap = snapshot_of(&[(REGISTRY, registry), (USERS, users), (SNMP, snmp), (SERVICES, services)]);
    for a in [REGISTRY, SNMP] {
        assert!(snap.artifact(a).is_some_and(|t| !t.contains("SxWin")), "{a} not masked");
    }
    let (f, notes) = FX.parse(&snap);
    common::no_secrets(&f, &notes, SEEDED);
    let kiosk = f.accounts.iter().find(|a| a.name == "kiosk").expect("kiosk");
    assert_eq!(kiosk.password_storage, PasswordStorage::Plain);
    assert_eq!(kiosk.evidence, vec![Evidence::line(USERS, 1), Evidence::line(REGISTRY, 1)]);
    // The damaged line is skipped and noted; the items around it stay.
    assert_eq!(f.accounts.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), vec!["kiosk", "clerk"]);
    assert_eq!(f.accounts[1].evidence, vec![Evidence::line(USERS, 3)]);
    assert!(notes.iter().any(|n| n.contains(USERS) && n.contains("(2)")), "{notes:?}");
    assert!(f.is_unknown("accounts"));
    let c = &f.snmp.as_ref().expect("snmp").communities;
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].access, c[0].default_name, c[0].sources.clone()), (SnmpAccess::Ro, false, strings(&["10.9.9.9/32"])));
}

const ALL: &[&str] = &[
    INFO,
    HOTFIX,
    SEARCH,
    SERVICES,
    PROCESSES,
    LISTENERS,
    ADDRESSES,
    PROFILES,
    RULES,
    USERS,
    ADMINS,
    NET_ACCOUNTS,
    SECEDIT,
    AUDITPOL,
    SECURITY_LOG,
    DEFENDER,
    SECURITY_CENTER,
    SMB,
    REGISTRY,
    SNMP,
];

#[test]
fn garbage_and_cuts_never_panic() {
    // Every fixture artifact cut after every line, and in the middle of it, with the
    // others left whole.
    for device in ["ws2022-hardened", "ws2016-osaka-meal", "win10-ja-client"] {
        let whole = FX.load(device);
        for name in ALL {
            let Some(text) = whole.artifact(name) else { continue };
            let text = text.to_string();
            let mut cuts: Vec<usize> = text.match_indices('\n').map(|(i, _)| i + 1).collect();
            cuts.extend(text.char_indices().filter(|(i, _)| i % 37 == 5).map(|(i, _)| i));
            for cut in cuts {
                let mut snap = whole.clone();
                snap.insert(*name, &text[..cut]);
                let (f, _) = FX.parse(&snap);
                serde_json::to_string(&f).expect("json");
            }
        }
    }
    let tokens = [
        "{",
        "}",
        "[",
        "]",
        "\"",
        ":",
        ",",
        "null",
        "true",
        "\"Total\"",
        "\"Error\"",
        "\"Name\"",
        "\"Path\"",
        "\"Exists\"",
        "\"LocalPort\"",
        "\"RemoteAddress\"",
        "\"Any\"",
        "\"LocalSubnet\"",
        "\"10.0.0.1-10.0.0.0\"",
        "\"1.2.3.4/255.0.255.0\"",
        "\"/Date(-99999999999999999)/\"",
        "\"/Date(\"",
        "65536",
        "-1",
        "1e400",
        "\"\\u0000\"",
        "Lockout threshold:",
        "なし",
        "最小パスワード長:",
        "{0CCE9215-69AE-11D9-BED3-505054503030}",
        "\u{feff}",
        "\n",
        "\\",
    ];
    let mut rng = Lcg(0x3d5c);
    for _ in 0..300 {
        let mut snap = Snapshot::empty("g", Path::new("."));
        for name in ALL {
            let text: String = (0..(rng.next() % 60)).map(|_| tokens[(rng.next() as usize) % tokens.len()]).collect();
            snap.insert(*name, text);
        }
        let (f, _) = FX.parse(&snap);
        serde_json::to_string(&f).expect("json");
        let _ = platform::detect(&snap);
        // Random bytes, read as a snapshot does: invalid UTF-8 replaced.
        let bytes: Vec<u8> = (0..(rng.next() % 400)).map(|_| rng.next() as u8).collect();
        let noise = String::from_utf8_lossy(&bytes).into_owned();
        let mut snap = Snapshot::empty("g", Path::new("."));
        for name in ALL {
            snap.insert(*name, noise.as_str());
        }
        let (f, _) = FX.parse(&snap);
        serde_json::to_string(&f).expect("json");
    }
    // Deep nesting is refused by serde_json, not followed.
    let deep = "[".repeat(100_000);
    let mut snap = Snapshot::empty("g", Path::new("."));
    snap.insert(USERS, deep.as_str());
    snap.insert(INFO, format!("{{\n{deep}").as_str());
    let (f, _) = FX.parse(&snap);
    assert!(f.is_unknown("firmware"));
    // No artifact at all: everything unknown.
    let (f, notes) = FX.parse(&Snapshot::empty("g", Path::new(".")));
    assert!(f.firmware.is_none() && f.is_unknown("firmware") && f.is_unknown("accounts") && f.is_unknown("host"));
    assert!(!notes.is_empty());
}
