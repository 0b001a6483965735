//! The contract the engine's leak test builds on: `mask` removes every value listed
//! in `fixtures/secrets-site/seeded-secrets.txt` from the site's artifacts, as the
//! engine reads them (connectors' `Site` and `Snapshot`), and reports each one.

use std::collections::BTreeSet;
use std::path::PathBuf;

use kenshin_connectors::{PLATFORMS, Site, Snapshot};

use kenshin_secrets::{MASK, Redactor, mask};

fn site_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/secrets-site")
}

fn seeded() -> Vec<String> {
    let text = std::fs::read_to_string(site_dir().join("seeded-secrets.txt")).expect("seeded-secrets.txt");
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(String::from).collect()
}

/// Every artifact of every device, read from disk as the connectors read them
/// (non-hidden files, invalid UTF-8 replaced) but not through `Snapshot`, which masks.
fn artifacts() -> Vec<(String, String, String)> {
    let site = Site::load(&site_dir()).expect("secrets-site loads");
    let mut out = Vec::new();
    for d in &site.inventory.devices {
        let mut files: Vec<_> = std::fs::read_dir(site.snapshot_dir(&d.name))
            .expect("snapshot folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for f in files {
            let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if name.starts_with('.') || name == "collect.json" {
                continue;
            }
            let text = String::from_utf8_lossy(&std::fs::read(&f).expect("read artifact")).into_owned();
            out.push((d.name.clone(), name, text));
        }
    }
    assert!(out.len() >= 26, "artifacts missing: {}", out.len());
    out
}

#[test]
fn one_device_per_platform_with_its_artifacts() {
    let site = Site::load(&site_dir()).expect("secrets-site loads");
    // Every artifact kind of every platform is seeded somewhere: at least one device
    // per platform has all of them (others may keep an older collection's set).
    for p in PLATFORMS {
        let devices: Vec<_> = site.inventory.devices.iter().filter(|d| d.platform == p.name).collect();
        assert!(!devices.is_empty(), "no device for platform {}", p.name);
        let missing = |d: &&kenshin_connectors::DeviceEntry| -> Vec<&str> {
            let snap = Snapshot::load(&d.name, &site.snapshot_dir(&d.name)).expect("snapshot loads");
            p.commands.iter().map(|c| c.artifact).filter(|a| snap.artifact(a).is_none()).collect()
        };
        let gaps: Vec<_> = devices.iter().map(|d| (d.name.as_str(), missing(d))).collect();
        assert!(gaps.iter().any(|(_, m)| m.is_empty()), "{}: no device has every artifact: {gaps:?}", p.name);
    }
}

#[test]
fn mask_removes_every_seeded_secret() {
    let seeded = seeded();
    assert!(seeded.len() > 100, "seeded-secrets.txt looks truncated");
    let unique: BTreeSet<&String> = seeded.iter().collect();
    assert_eq!(unique.len(), seeded.len(), "seeded values must be unique");

    let mut reported: BTreeSet<String> = BTreeSet::new();
    let mut present: BTreeSet<&str> = BTreeSet::new();
    for (device, name, text) in artifacts() {
        let m = mask(&text);
        assert_eq!(m.text.lines().count(), text.lines().count(), "{device}/{name}: line count");
        assert_eq!(mask(&m.text).text, m.text, "{device}/{name}: masking twice changed the text");
        for s in &seeded {
            if text.contains(s.as_str()) {
                present.insert(s);
            }
            assert!(!m.text.contains(s.as_str()), "{device}/{name}: seeded secret {s} survived masking");
        }
        reported.extend(m.secrets.iter().map(|s| s.value().to_string()));
    }
    for s in &seeded {
        assert!(present.contains(s.as_str()), "seeded secret {s} is in no artifact (stale list?)");
        assert!(reported.contains(s), "seeded secret {s} was masked but not reported as a secret");
    }
}

#[test]
fn a_redactor_of_the_reported_secrets_catches_every_seeded_secret() {
    let all = artifacts();
    let mut r = Redactor::default();
    for (_, _, text) in &all {
        r.extend(&mask(text).secrets);
    }
    for (device, name, text) in &all {
        let out = r.redact(text);
        for s in seeded() {
            assert!(!out.contains(s.as_str()), "{device}/{name}: {s} survived redaction");
        }
    }
}

#[test]
fn what_is_not_secret_survives() {
    let all = artifacts();
    let masked = |device: &str, artifact: &str| {
        let (_, _, text) = all.iter().find(|(d, a, _)| d == device && a == artifact).expect("artifact");
        mask(text).text
    };
    let ios = masked("ios-core", "show_running-config.txt");
    for keep in [
        "banner motd ^C\n本システムは許可された職員のみ利用できます。Authorized staff only.\nDo not share your password. All access is logged.\n^C\n",
        "service password-encryption\n",
        "security passwords min-length 10\n",
        "enable secret 9 ********\n",
        "username vendor-a privilege 15 password 7 ********\n",
        " key 1\n",
    ] {
        assert!(ios.contains(keep), "ios-core lost {keep:?}");
    }
    let fgt = masked("fgt-edge", "show_full-configuration.txt");
    assert!(fgt.contains("set password ENC ********\n") && fgt.contains("set admin-lockout-threshold 3\n"));
    assert!(fgt.contains("-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEFgtPublicCertificateBodyIsNotSecret000000000\n"));
    let users = masked("emr-win", "Get-LocalUser_ConvertTo-Json.txt");
    assert!(!users.contains(MASK), "Get-LocalUser holds no secret:\n{users}");
    let sshd = masked("pacs-linux", "sshd_-T.txt");
    assert!(!sshd.contains(MASK), "sshd -T holds no secret:\n{sshd}");
}
