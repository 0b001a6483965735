//! No secret leaks: a full scan of `fixtures/secrets-site` (one device per platform,
//! every kind of secret each platform can hold, listed in `seeded-secrets.txt`) with
//! debug logging, plus `kenshin facts` and `kenshin pack inspect`, and not one seeded
//! value may appear byte for byte in any output file, stdout or log line.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{copy_tree, root};

fn seeded() -> Vec<String> {
    let list = root().join("fixtures/secrets-site/seeded-secrets.txt");
    let text = std::fs::read_to_string(&list).unwrap_or_else(|e| panic!("{}: {e}", list.display()));
    let secrets: Vec<String> =
        text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(String::from).collect();
    assert!(secrets.len() >= 40, "the fixture seeds every kind of secret on every platform: {}", secrets.len());
    secrets
}

fn kenshin(args: &[&str], site: &Path, cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kenshin"))
        .args(args)
        .arg(site)
        // Every kenshin crate at trace level; wasmtime's own trace output (millions of
        // compiler lines) is not kenshin's to check.
        .env("KENSHIN_LOG", "warn,kenshin=trace,kenshin_engine=trace,kenshin_connectors=trace,kenshin_secrets=trace")
        .env("KENSHIN_CACHE_DIR", cache)
        .env("KENSHIN_CONFIG_DIR", cache.join("config"))
        .output()
        .expect("run kenshin")
}

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

fn assert_clean(what: &str, bytes: &[u8], secrets: &[String]) {
    // Lossy decoding keeps every valid UTF-8 run byte for byte, and the seeded values
    // are UTF-8, so a substring search over the text finds every occurrence.
    let text = String::from_utf8_lossy(bytes);
    for s in secrets {
        if let Some(at) = text.find(s.as_str()) {
            let from = text.floor_char_boundary(at.saturating_sub(80));
            let to = text.ceil_char_boundary((at + s.len() + 40).min(text.len()));
            let context = text[from..to].replace(s.as_str(), "<SECRET>");
            panic!("{what}: a seeded secret leaked at byte {at}: …{context}…");
        }
    }
}

#[test]
fn no_seeded_secret_reaches_any_output_or_log_line() {
    let secrets = seeded();
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    copy_tree(&root().join("fixtures/secrets-site"), &site);
    let cache = tmp.path().join("cache");

    // The fixture really holds the secrets: otherwise this test would prove nothing.
    let snapshots: Vec<u8> = files(&site.join("snapshots")).iter().flat_map(|f| std::fs::read(f).expect("read")).collect();
    let snapshots = String::from_utf8_lossy(&snapshots);
    for s in &secrets {
        assert!(snapshots.contains(s.as_str()), "seeded secret not in any artifact: {}…", s.chars().take(3).collect::<String>());
    }

    // A scan into the site's history (runs/), with trace logging.
    let scan = kenshin(&["scan", "--fail-on", "never"], &site, &cache);
    assert_eq!(scan.status.code(), Some(0), "{}", String::from_utf8_lossy(&scan.stderr));
    assert!(String::from_utf8_lossy(&scan.stderr).contains("TRACE") || String::from_utf8_lossy(&scan.stderr).contains("DEBUG"));
    assert_clean("scan stderr (logs)", &scan.stderr, &secrets);
    assert_clean("scan stdout", &scan.stdout, &secrets);
    let outputs = files(&site.join("runs"));
    assert!(outputs.iter().any(|f| f.ends_with("results.sarif")), "{outputs:?}");
    for f in &outputs {
        assert_clean(&f.display().to_string(), &std::fs::read(f).expect("read"), &secrets);
    }
    // The same in English (other templates, other messages).
    let scan = kenshin(
        &["scan", "--fail-on", "never", "--lang", "en", "--out", tmp.path().join("en").to_str().expect("utf8")],
        &site,
        &cache,
    );
    assert_clean("scan --lang en stderr", &scan.stderr, &secrets);
    for f in files(&tmp.path().join("en")) {
        assert_clean(&f.display().to_string(), &std::fs::read(&f).expect("read"), &secrets);
    }

    let facts = kenshin(&["facts"], &site, &cache);
    assert_eq!(facts.status.code(), Some(0), "{}", String::from_utf8_lossy(&facts.stderr));
    assert_clean("kenshin facts stdout", &facts.stdout, &secrets);
    assert_clean("kenshin facts stderr", &facts.stderr, &secrets);

    // Every platform's device was scanned (a device skipped would leak nothing).
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("en/results.sarif")).expect("sarif")).expect("json");
    let devices: std::collections::BTreeSet<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["properties"]["device"].as_str())
        // Results about the site as a whole (the 台帳 rule) name no device.
        .filter(|d| *d != "(site)")
        .collect();
    let inventory = std::fs::read_to_string(site.join("inventory.toml")).expect("inventory");
    let listed = inventory.matches("[[device]]").count();
    assert_eq!(devices.len(), listed, "every device has results: {devices:?}");

    // Credential fingerprints (password reuse) are made and compared inside the scan
    // only: the site rule ran on the seeded credentials, and no fingerprint reached
    // any output, stdout or log line.
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let reuse: Vec<_> = results.iter().filter(|r| r["ruleId"] == "MHLW-W-REUSE").collect();
    assert!(
        reuse.iter().any(|r| r["kind"] == "pass" || r["kind"] == "fail"),
        "the seeded credentials were fingerprinted and compared: {reuse:?}"
    );
    let prefix = [kenshin_engine::scan::FINGERPRINT_PREFIX.to_string()];
    assert_clean("scan stderr (logs)", &scan.stderr, &prefix);
    assert_clean("scan stdout", &scan.stdout, &prefix);
    for f in files(&site.join("runs")).into_iter().chain(files(&tmp.path().join("en"))) {
        assert_clean(&format!("{} (fingerprints)", f.display()), &std::fs::read(&f).expect("read"), &prefix);
    }
}
