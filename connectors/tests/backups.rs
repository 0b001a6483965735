//! Configuration backups made by other tools (fixtures/backups): one file of any name
//! per device, with Oxidized's or RANCID's comment header, recognised by content and
//! parsed like the platform's own artifacts, with evidence pointing at the file.

use std::path::{Path, PathBuf};

use kenshin_connectors::platform;
use kenshin_connectors::snapshot::Snapshot;
use kenshin_facts::{Device, DeviceKind, Evidence, Facts, PasswordStorage, ServiceName};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

fn load(dir: &str) -> Snapshot {
    let path = fixtures().join(dir);
    Snapshot::load("dev", &path).expect("snapshot")
}

/// Detects the platform as `platform = "auto"` does, then parses.
fn auto(snap: &Snapshot) -> (&'static str, Facts, Vec<String>) {
    let p = platform::detect(snap).expect("platform detected from the backup");
    let device = Device { name: "dev".into(), platform: p.name.into(), kind: DeviceKind::Router, hostname: None };
    let out = platform::parse(p, device, snap);
    (p.name, out.facts, out.notes)
}

/// Every evidence artifact named in `facts`.
fn artifacts(facts: &Facts) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    match v {
                        serde_json::Value::String(s) if k == "artifact" => out.push(s.clone()),
                        _ => walk(v, out),
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::to_value(facts).expect("json"), &mut out);
    out
}

fn line_of(text: &str, starts: &str) -> u32 {
    let found: Vec<u32> =
        text.lines().enumerate().filter(|(_, l)| l.trim_start().starts_with(starts)).map(|(i, _)| i as u32 + 1).collect();
    assert_eq!(found.len(), 1, "{starts:?}: {found:?}");
    found[0]
}

fn no_secret(facts: &Facts, notes: &[String], seeded: &[&str]) {
    let json = serde_json::to_string(facts).expect("json") + &notes.join("\n");
    for s in seeded {
        assert!(!json.contains(s), "{s} leaked");
    }
}

#[test]
fn oxidized_ios_backup() {
    const FILE: &str = "ward-sw2";
    let snap = load("backups/oxidized-ios");
    let text = snap.artifact(FILE).expect("file").to_string();
    let (name, f, notes) = auto(&snap);
    assert_eq!(name, "cisco_ios");
    assert!(notes[0].contains("ward-sw2: read as a cisco_ios configuration backup made by another tool"), "{notes:?}");
    no_secret(&f, &notes, &["SxOxiEnable", "SxOxiUser", "SxOxiCommunity1"]);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.os.as_str(), fw.raw.as_str(), fw.version.as_deref()), ("ios", "15.2(7)E4", Some("15.2(7)E4")));
    assert_eq!(fw.model.as_deref(), Some("WS-C2960X-24TS-L"));
    assert_eq!(fw.evidence, vec![Evidence::line(FILE, 1)]);
    assert_eq!(f.device.hostname.as_deref(), Some("ward-sw2"));

    let telnet = f.service(ServiceName::Telnet).expect("telnet");
    assert!(!telnet.enabled);
    let ssh: Vec<_> = f.management_access.iter().filter(|m| m.service == ServiceName::Ssh).collect();
    assert!(!ssh.is_empty());
    for m in ssh {
        assert_eq!(m.sources, vec!["10.20.10.0/24".to_string()]);
        assert_eq!(m.restricted_by.as_deref(), Some("access-class MGMT-ONLY"));
    }
    let account = f.accounts.iter().find(|a| a.name == "netadmin").expect("netadmin");
    assert_eq!(account.password_storage, PasswordStorage::Strong);
    assert_eq!(account.evidence, vec![Evidence::line(FILE, line_of(&text, "username netadmin"))]);
    // Every fact points at the backup itself, never at a name it was read under.
    let named = artifacts(&f);
    assert!(!named.is_empty());
    assert!(named.iter().all(|a| a == FILE), "{named:?}");
}

#[test]
fn rancid_ios_backup() {
    const FILE: &str = "lab-rtr.hospital.example";
    let snap = load("backups/rancid-ios");
    let text = snap.artifact(FILE).expect("file").to_string();
    let (name, f, notes) = auto(&snap);
    assert_eq!(name, "cisco_ios");
    assert!(notes[0].ends_with("made by RANCID"), "{notes:?}");
    no_secret(&f, &notes, &["SxRancidEnable1", "SxRancidUser1", "SxRancidVty1"]);

    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!(fw.raw, "15.1(4)M4");
    assert_eq!(fw.model.as_deref(), Some("CISCO1921/K9"));
    assert_eq!(fw.evidence, vec![Evidence::line(FILE, line_of(&text, "!Image: Software:"))]);
    assert!(f.service(ServiceName::Telnet).expect("telnet").enabled);
    assert!(f.service(ServiceName::Http).expect("http").enabled);
    let snmp = f.snmp.as_ref().expect("snmp");
    assert_eq!(snmp.communities.len(), 1);
    assert!(snmp.communities[0].default_name);
    assert_eq!(snmp.communities[0].sources, vec!["any".to_string()]);
    assert_eq!(snmp.communities[0].evidence, vec![Evidence::line(FILE, line_of(&text, "snmp-server community"))]);
    let vendor = f.accounts.iter().find(|a| a.name == "vendor").expect("vendor");
    assert_eq!(vendor.password_storage, PasswordStorage::Plain);
    assert!(artifacts(&f).iter().all(|a| a == FILE));
}

/// Facts with every evidence artifact renamed to `to` and lines shifted by `by`.
fn moved(facts: &Facts, to: &str, by: u32) -> serde_json::Value {
    fn walk(v: &mut serde_json::Value, to: &str, by: u32) {
        match v {
            serde_json::Value::Object(m) => {
                if let (Some(serde_json::Value::String(_)), Some(serde_json::Value::Array(_))) =
                    (m.get("artifact"), m.get("lines"))
                {
                    m.insert("artifact".into(), to.into());
                    if let Some(serde_json::Value::Array(lines)) = m.get_mut("lines") {
                        for l in lines.iter_mut() {
                            *l = (l.as_u64().expect("line") + u64::from(by)).into();
                        }
                    }
                    return;
                }
                m.values_mut().for_each(|v| walk(v, to, by));
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(|v| walk(v, to, by)),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(facts).expect("json");
    walk(&mut v, to, by);
    v
}

#[test]
fn oxidized_fortigate_backup_reads_like_collected_artifacts() {
    const FILE: &str = "vpn-fgt-maint";
    let backup = load("backups/oxidized-fortios");
    let (name, mut from_backup, notes) = auto(&backup);
    assert_eq!(name, "fortinet");
    assert!(notes.iter().all(|n| !n.contains("missing")), "{notes:?}");

    let collected = load("demo-site/snapshots/vpn-fgt-maint");
    let p = platform::find("fortinet").expect("fortinet");
    let device = Device { name: "dev".into(), platform: "fortinet".into(), kind: DeviceKind::Router, hostname: None };
    let mut original = platform::parse(p, device, &collected).facts;
    // The `#`-commented status comes first: the version is on line 1, and every
    // configuration line moved down by the length of the status.
    let header = collected.artifact("get_system_status.txt").expect("status").lines().count() as u32;
    let fw = from_backup.firmware.take().expect("firmware");
    assert_eq!(fw.evidence, vec![Evidence::line(FILE, 1)]);
    let original_fw = original.firmware.take().expect("firmware");
    assert_eq!((fw.raw, fw.version, fw.model), (original_fw.raw, original_fw.version, original_fw.model));
    assert_eq!(serde_json::to_value(&from_backup).expect("json"), moved(&original, FILE, header));
}

#[test]
fn plain_yamaha_copy_reads_like_collected_artifacts() {
    const FILE: &str = "rtx830-config.txt";
    let backup = load("backups/plain-yamaha");
    let (name, mut from_backup, _) = auto(&backup);
    assert_eq!(name, "yamaha");
    let collected = load("yamaha/rtx-maintenance-vpn");
    let p = platform::find("yamaha").expect("yamaha");
    let device = Device { name: "dev".into(), platform: "yamaha".into(), kind: DeviceKind::Router, hostname: None };
    let mut original = platform::parse(p, device, &collected).facts;
    // Without `show environment` the revision comes from the config's header line.
    let fw = from_backup.firmware.take().expect("firmware");
    assert_eq!(fw.evidence, vec![Evidence::line(FILE, 1)]);
    assert_eq!(fw.raw, original.firmware.take().expect("firmware").raw);
    assert_eq!(serde_json::to_value(&from_backup).expect("json"), moved(&original, FILE, 0));
}

#[test]
fn declared_platform_takes_the_backup_too() {
    let snap = load("backups/rancid-ios");
    let p = platform::find("cisco_ios").expect("platform");
    let device = Device { name: "dev".into(), platform: "cisco_ios".into(), kind: DeviceKind::Router, hostname: None };
    let out = platform::parse(p, device, &snap);
    assert_eq!(out.facts.firmware.as_ref().map(|f| f.raw.as_str()), Some("15.1(4)M4"));
    assert!(out.facts.unknown.is_empty(), "{:?}", out.facts.unknown);
}

#[test]
fn two_files_or_an_unknown_one_are_not_taken_for_a_backup() {
    let mut snap = Snapshot::empty("dev", Path::new("."));
    snap.insert("notes.txt", "Meeting notes: replace the router in May.\n");
    assert!(platform::detect(&snap).is_none());
    let p = platform::find("cisco_ios").expect("platform");
    let device = Device { name: "dev".into(), platform: "cisco_ios".into(), kind: DeviceKind::Router, hostname: None };
    let out = platform::parse(p, device, &snap);
    // Read as a backup, the file yields no facts: they are unknown, never compliant.
    assert!(out.facts.is_unknown("firmware"), "{:?}", out.facts.unknown);

    let rancid = load("backups/rancid-ios");
    let mut two = rancid.clone();
    two.insert("other.cfg", rancid.artifact("lab-rtr.hospital.example").expect("file"));
    assert!(platform::detect(&two).is_none());
}

#[test]
fn rancid_junos_backup_in_curly_brace_form() {
    const FILE: &str = "maint-vpn-dc";
    let snap = load("backups/rancid-junos");
    let text = snap.artifact(FILE).expect("file").to_string();
    let (name, f, notes) = auto(&snap);
    assert_eq!(name, "juniper_junos");
    assert!(notes[0].ends_with("made by RANCID"), "{notes:?}");
    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!(fw.raw, "12.1X46-D40.2");
    // The version comes from RANCID's commented copy of `show version`.
    assert_eq!(fw.evidence[0].artifact, FILE);
    assert_eq!(fw.evidence[0].lines[0], line_of(&text, "# JUNOS Software Release"));
    assert_eq!(f.device.hostname.as_deref(), Some("maint-vpn-dc"));
    // The Okayama pattern survives the trip: an IKE gateway open to any peer.
    assert!(f.remote_access.iter().any(|r| r.peer_sources.iter().any(|s| s == "any")), "{:?}", f.remote_access);
    assert!(artifacts(&f).iter().all(|a| a == FILE));
}

#[test]
fn oxidized_nec_ix_backup() {
    const FILE: &str = "ix-honkan.example.jp";
    let snap = load("backups/oxidized-nec-ix");
    let text = snap.artifact(FILE).expect("file").to_string();
    let (name, f, _) = auto(&snap);
    assert_eq!(name, "nec_ix");
    let fw = f.firmware.as_ref().expect("firmware");
    assert_eq!((fw.raw.as_str(), fw.model.as_deref()), ("10.7.18", Some("IX2215")));
    assert_eq!(fw.evidence, vec![Evidence::line(FILE, line_of(&text, "! IX Series IX2215"))]);
    assert!(!f.service(ServiceName::Telnet).expect("telnet").enabled);
    assert!(artifacts(&f).iter().all(|a| a == FILE));
}
