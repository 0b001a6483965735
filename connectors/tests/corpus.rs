//! Parsers against real device output written by others: the ntc-templates test
//! corpus in `../shared/corpus/` (raw output plus the values a reference parser
//! extracts). The corpus is not copied into the project; when it is absent this test
//! fails and says so, unless `KENSHIN_SKIP_CORPUS=1` is set deliberately.

use std::path::{Path, PathBuf};

use kenshin_connectors::platform;
use kenshin_connectors::snapshot::Snapshot;
use kenshin_facts::{Device, DeviceKind};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/ntc-templates");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("KENSHIN_SKIP_CORPUS").is_some() {
        eprintln!("SKIPPED: corpus folder {} absent and KENSHIN_SKIP_CORPUS set", dir.display());
        return None;
    }
    panic!("corpus folder {} is absent (set KENSHIN_SKIP_CORPUS=1 to skip deliberately)", dir.display());
}

/// `(raw text, expected parsed sample)` for every sample of one command.
fn samples(dir: &Path) -> Vec<(PathBuf, String, serde_yaml_ng::Value)> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("corpus dir").filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for raw in entries.into_iter().filter(|p| p.extension().is_some_and(|e| e == "raw")) {
        let yml = raw.with_extension("yml");
        let text = std::fs::read_to_string(&raw).expect("raw");
        let expected: serde_yaml_ng::Value = serde_yaml_ng::from_str(&std::fs::read_to_string(&yml).expect("yml")).expect("yaml");
        out.push((raw, text, expected["parsed_sample"][0].clone()));
    }
    out
}

fn parse(platform_name: &str, artifact: &str, text: &str) -> kenshin_connectors::ParseOutput {
    let mut snap = Snapshot::empty("corpus", Path::new("."));
    snap.insert(artifact, text);
    let p = platform::find(platform_name).expect("platform");
    platform::parse(
        p,
        Device { name: "corpus".into(), platform: platform_name.into(), kind: DeviceKind::Router, hostname: None },
        &snap,
    )
}

#[test]
fn cisco_show_version_matches_reference_values() {
    let Some(dir) = corpus() else { return };
    let samples = samples(&dir.join("cisco_ios/show_version"));
    assert!(samples.len() >= 5, "corpus has {} samples", samples.len());
    for (path, text, expected) in samples {
        let out = parse("cisco_ios", "show_version.txt", &text);
        let fw = out.facts.firmware.as_ref().unwrap_or_else(|| panic!("{}: no firmware ({:?})", path.display(), out.notes));
        assert_eq!(Some(fw.raw.as_str()), expected["version"].as_str(), "{}", path.display());
        if let Some(model) = expected["hardware"][0].as_str() {
            assert_eq!(fw.model.as_deref(), Some(model), "{}", path.display());
        }
        if let Some(host) = expected["hostname"].as_str() {
            assert_eq!(out.facts.device.hostname.as_deref(), Some(host), "{}", path.display());
        }
        // The evidence line is the line holding the version.
        let line = fw.evidence[0].lines[0] as usize;
        assert!(text.lines().nth(line - 1).is_some_and(|l| l.contains(&fw.raw)), "{}", path.display());
    }
}

#[test]
fn fortios_get_system_status_matches_reference_values() {
    let Some(dir) = corpus() else { return };
    let samples = samples(&dir.join("fortinet/get_system_status"));
    assert!(samples.len() >= 5, "corpus has {} samples", samples.len());
    for (path, text, expected) in samples {
        let out = parse("fortinet", "get_system_status.txt", &text);
        let fw = out.facts.firmware.as_ref().unwrap_or_else(|| panic!("{}: no firmware", path.display()));
        let reference = expected["version"].as_str().expect("version");
        // The reference keeps `FortiGate-60F v7.0.7,build0367,221005 (GA.F)` whole.
        let (model, raw) = reference.split_once(' ').expect("model and version");
        assert_eq!(fw.model.as_deref(), Some(model), "{}", path.display());
        assert_eq!(fw.raw, raw, "{}", path.display());
        let numeric = raw.trim_start_matches('v').split(',').next().expect("x.y.z");
        assert_eq!(fw.version.as_deref(), Some(numeric), "{}", path.display());
        assert_eq!(out.facts.device.hostname.as_deref(), expected["hostname"].as_str().map(str::trim), "{}", path.display());
    }
}
