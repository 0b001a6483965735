//! Every platform kenshin declares is a first-class citizen: it has a parser, its
//! evidence commands name their artifacts, and `platform = "auto"` recognises each of
//! its fixture devices (fixtures/<platform>/<device>/) as that platform.

use std::path::Path;

use kenshin_connectors::platform::{self, PLATFORMS};
use kenshin_connectors::snapshot::{Snapshot, artifact_name};

#[test]
fn every_platform_has_a_parser_and_named_artifacts() {
    for p in PLATFORMS {
        assert!(p.has_parser(), "{}: no parser", p.name);
        assert!(!p.commands.is_empty(), "{}: no evidence commands", p.name);
        for c in p.commands {
            assert!(c.artifact.ends_with(".txt") || c.artifact.ends_with(".json"), "{}: {}", p.name, c.artifact);
            assert!(!c.artifact.contains('/'), "{}: {}", p.name, c.artifact);
        }
        let names: std::collections::BTreeSet<_> = p.commands.iter().map(|c| c.artifact).collect();
        assert_eq!(names.len(), p.commands.len(), "{}: two commands share an artifact", p.name);
    }
    // The naming rule is what collectors use for commands without an explicit name.
    assert_eq!(artifact_name("show running-config"), "show_running-config.txt");
}

#[test]
fn auto_detection_recognises_every_fixture_device() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let mut checked = 0;
    for p in PLATFORMS {
        let Ok(entries) = std::fs::read_dir(root.join(p.name)) else { continue };
        for dev in entries.filter_map(Result::ok).map(|e| e.path()).filter(|d| d.is_dir()) {
            let snap = Snapshot::load("dev", &dev).expect("snapshot");
            let found = platform::detect(&snap).map(|d| d.name);
            assert_eq!(found, Some(p.name), "{}", dev.display());
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} fixture devices found");
}
