//! Helpers shared by the engine's integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

pub fn demo_site() -> PathBuf {
    root().join("fixtures/demo-site")
}

/// The official SARIF 2.1.0 JSON Schema: `$KENSHIN_SARIF_SCHEMA`, the copy inside the
/// SARIF Multitool npm package installed by `scripts/setup`, or `../shared/schemas`.
pub fn sarif_schema() -> serde_json::Value {
    let mut candidates = Vec::new();
    if let Some(p) = std::env::var_os("KENSHIN_SARIF_SCHEMA") {
        candidates.push(PathBuf::from(p));
    }
    candidates.push(root().join(".tools/node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json"));
    candidates.push(root().join("../shared/schemas/sarif-2.1.0.json"));
    for c in &candidates {
        if let Ok(text) = std::fs::read_to_string(c) {
            return serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", c.display()));
        }
    }
    panic!(
        "the SARIF 2.1.0 schema was not found (tried {:?}); run scripts/setup, which installs @microsoft/sarif-multitool into .tools/",
        candidates
    );
}

/// Validates a SARIF file against the official schema; panics with every error.
pub fn assert_valid_sarif(path: &Path) {
    let schema = sarif_schema();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let instance: serde_json::Value = serde_json::from_str(&text).expect("SARIF is JSON");
    let errors: Vec<String> =
        validator.iter_errors(&instance).map(|e| format!("{} at {}", e, e.instance_path())).take(20).collect();
    assert!(errors.is_empty(), "{} does not validate against SARIF 2.1.0:\n{}", path.display(), errors.join("\n"));
}

/// Copies a directory tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

pub fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).expect("json")
}
