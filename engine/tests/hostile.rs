//! Hostile policy modules (fixtures/hostile/*.wat): each is stopped within its limits
//! with a clear reason, and costs nothing but its own results.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod common;

use kenshin_engine::findings::NotificationKind;
use kenshin_engine::report::{self, ScanJob};
use kenshin_engine::sandbox::{Sandbox, SandboxConfig, SandboxError};
use kenshin_engine::signing::{self, SecretKey};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn module(name: &str) -> Vec<u8> {
    let dir = root().join("fixtures/hostile");
    if name.ends_with(".txt") {
        return std::fs::read(dir.join(name)).expect("fixture");
    }
    wat::parse_file(dir.join(format!("{name}.wat"))).unwrap_or_else(|e| panic!("{name}.wat: {e}"))
}

fn sandbox() -> Sandbox {
    Sandbox::new(SandboxConfig {
        deadline: Duration::from_millis(1000),
        memory_limit_bytes: 64 << 20,
        cache_dir: None,
        ..SandboxConfig::default()
    })
    .expect("sandbox")
}

const INPUT: &[u8] =
    br#"{"abi":1,"device":{"schema":"kenshin.facts/v1","device":{"name":"d","platform":"cisco_ios","kind":"router"}}}"#;

/// Loads and evaluates `name`, returning the error and how long it took.
fn run(name: &str) -> (Result<(), SandboxError>, Duration) {
    let sb = sandbox();
    let wasm = module(name);
    let t = Instant::now();
    let r = sb.load(&wasm).and_then(|m| m.evaluate(INPUT)).map(|_| ());
    (r, t.elapsed())
}

#[test]
fn a_well_behaved_module_evaluates() {
    let sb = sandbox();
    let m = sb.load(&module("well_behaved")).expect("loads");
    let eval = m.evaluate(INPUT).expect("evaluates");
    assert_eq!(eval.output.results.len(), 1);
    assert_eq!(eval.output.results[0].rule, "HOSTILE-1");
}

#[test]
fn every_hostile_module_is_stopped_with_its_reason() {
    type Check = fn(&SandboxError) -> bool;
    let cases: &[(&str, Check)] = &[
        ("loop_evaluate", |e| matches!(e, SandboxError::Deadline(_))),
        ("loop_start", |e| matches!(e, SandboxError::Deadline(_))),
        ("memory_bomb", |e| matches!(e, SandboxError::MemoryLimit(64))),
        ("table_bomb", |e| matches!(e, SandboxError::TableLimit)),
        ("deep_recursion", |e| matches!(e, SandboxError::StackOverflow)),
        ("trap", |e| matches!(e, SandboxError::Trap(_))),
        ("output_out_of_bounds", |e| matches!(e, SandboxError::OutputOutOfBounds { .. })),
        ("output_huge", |e| matches!(e, SandboxError::OutputTooLarge(104857600))),
        ("output_not_utf8", |e| matches!(e, SandboxError::OutputNotUtf8(_))),
        ("output_not_json", |e| matches!(e, SandboxError::OutputNotJson(_))),
        ("import_wasi", |e| matches!(e, SandboxError::ForbiddenImport { module, .. } if module == "wasi_snapshot_preview1")),
        ("import_unknown", |e| matches!(e, SandboxError::ForbiddenImport { name, .. } if name == "open_socket")),
        ("not_wasm.txt", |e| matches!(e, SandboxError::Invalid(_))),
    ];
    for (name, check) in cases {
        let (result, took) = run(name);
        let err = result.expect_err(name);
        assert!(check(&err), "{name}: unexpected error {err:?}");
        assert!(!err.to_string().is_empty());
        // Default deadline 1 s; everything must be over well within 2 s.
        assert!(took < Duration::from_secs(2), "{name} took {took:?}");
    }
}

/// The unknown-rule module evaluates fine in the sandbox; the scan is what refuses it.
#[test]
fn hostile_packs_cost_only_their_own_results() {
    let site = root().join("fixtures/demo-site");
    let tmp = tempfile::tempdir().expect("tmp");
    let cache = tmp.path().join("cache");
    let baseline = report::run(&ScanJob {
        out: Some(tmp.path().join("base")),
        cache_dir: Some(cache.clone()),
        ..ScanJob::new(site.clone())
    })
    .expect("baseline scan");
    // The hostile packs are properly signed by a trusted publisher: a signature vouches
    // for who wrote a pack, and the sandbox must hold even against a trusted one.
    let keys = tmp.path().join("keys");
    std::fs::create_dir_all(&keys).expect("keys");
    let key = SecretKey::generate("Hostile Tests").expect("key");
    key.save(&keys, "hostile").expect("save key");
    let baseline_mhlw: Vec<_> =
        baseline.scan.findings.iter().map(|f| (f.device.clone(), f.rule.clone(), f.subject.clone(), f.status)).collect();
    assert!(!baseline_mhlw.is_empty());

    for (name, kind) in [
        ("loop_evaluate", NotificationKind::Module),
        ("memory_bomb", NotificationKind::Module),
        ("output_not_json", NotificationKind::Module),
        ("unknown_rule", NotificationKind::Module),
        ("loop_start", NotificationKind::Pack),
        ("import_wasi", NotificationKind::Pack),
        ("not_wasm.txt", NotificationKind::Pack),
    ] {
        let pack = tmp.path().join(format!("pack-{name}"));
        std::fs::create_dir_all(&pack).expect("pack dir");
        std::fs::copy(root().join("fixtures/hostile/pack.toml"), pack.join("pack.toml")).expect("manifest");
        std::fs::write(pack.join("module.wasm"), module(name)).expect("module");
        signing::sign(&pack, &key, None).expect("sign");
        let out = tmp.path().join(format!("out-{name}"));
        let t = Instant::now();
        let outcome = report::run(&ScanJob {
            out: Some(out.clone()),
            packs: vec![pack],
            cache_dir: Some(cache.clone()),
            trusted_keys: Some(vec![keys.clone()]),
            ..ScanJob::new(site.clone())
        })
        .unwrap_or_else(|e| panic!("{name}: scan failed: {e}"));
        let took = t.elapsed();
        let mhlw: Vec<_> = outcome
            .scan
            .findings
            .iter()
            .filter(|f| f.pack == "kenshin.mhlw")
            .map(|f| (f.device.clone(), f.rule.clone(), f.subject.clone(), f.status))
            .collect();
        assert_eq!(mhlw, baseline_mhlw, "{name}: the built-in pack's results changed");
        assert!(outcome.scan.findings.iter().all(|f| f.pack == "kenshin.mhlw"), "{name}: hostile results leaked in");
        let notes: Vec<_> = outcome.scan.notifications.iter().filter(|n| n.pack.as_deref() == Some("test.hostile")).collect();
        assert!(!notes.is_empty() && notes.iter().all(|n| n.kind == kind), "{name}: {notes:?}");
        if kind == NotificationKind::Module {
            // One notification per device the module ran on.
            let parsed = outcome.scan.devices.iter().filter(|d| d.state == kenshin_engine::findings::DeviceState::Parsed).count();
            assert_eq!(notes.len(), parsed, "{name}");
        }
        // The notification reaches SARIF, which stays valid.
        common::assert_valid_sarif(&out.join("results.sarif"));
        let sarif: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("results.sarif")).expect("sarif")).expect("json");
        let texts: Vec<&str> = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .expect("notifications")
            .iter()
            .filter_map(|n| n["message"]["text"].as_str())
            .collect();
        assert!(texts.iter().any(|t| t.contains("test.hostile")), "{name}: {texts:?}");
        // Six devices, two cores, 1 s deadline: a looping module costs at most ~3 s.
        assert!(took < Duration::from_secs(20), "{name}: scan took {took:?}");
    }
}

#[test]
fn compiled_modules_are_cached_on_disk() {
    let tmp = tempfile::tempdir().expect("tmp");
    let config = SandboxConfig { cache_dir: Some(tmp.path().to_path_buf()), ..SandboxConfig::default() };
    let wasm = module("well_behaved");
    Sandbox::new(config.clone()).expect("sandbox").load(&wasm).expect("load");
    let files: Vec<_> = std::fs::read_dir(tmp.path()).expect("dir").filter_map(|e| e.ok()).collect();
    assert_eq!(files.len(), 1, "one cached module");
    // A second engine loads it from the cache; a corrupted cache file is recompiled.
    Sandbox::new(config.clone()).expect("sandbox").load(&wasm).expect("load from cache");
    std::fs::write(files[0].path(), b"garbage").expect("corrupt");
    let m = Sandbox::new(config).expect("sandbox").load(&wasm).expect("recompiled");
    assert_eq!(m.evaluate(INPUT).expect("eval").output.results.len(), 1);
}

/// The optional site entry point: absent is fine, a wrong signature is refused at
/// load, a looping one is stopped at its (site) deadline without touching the
/// per-device entry point.
#[test]
fn the_site_entry_point_is_optional_typed_and_bounded() {
    use kenshin_engine::sandbox::site_deadline;
    let sb = sandbox();
    let plain = sb.load(&module("well_behaved")).expect("loads");
    assert!(!plain.has_site());
    let base = std::fs::read_to_string(root().join("fixtures/hostile/well_behaved.wat")).expect("wat");
    let with = |func: &str| {
        let text = base.trim_end().strip_suffix(')').expect("module ends with )").to_string() + func + ")";
        wat::parse_str(text).expect("wat")
    };
    let bad = with(r#"(func (export "kenshin_evaluate_site") (param i32) (result i64) (i64.const 0))"#);
    assert!(matches!(sb.load(&bad), Err(SandboxError::BadExport { name: "kenshin_evaluate_site", .. })));
    let looping = with(r#"(func (export "kenshin_evaluate_site") (param i32 i32) (result i64) (loop $l (br $l)) (i64.const 0))"#);
    let m = sb.load(&looping).expect("loads");
    assert!(m.has_site());
    let t = Instant::now();
    let deadline = Duration::from_millis(300);
    assert!(matches!(m.evaluate_site(br#"{"abi":1}"#, deadline), Err(SandboxError::Deadline(d)) if d == deadline));
    assert!(t.elapsed() < Duration::from_secs(5));
    // The per-device entry point still works.
    assert_eq!(m.evaluate(INPUT).expect("evaluates").output.results.len(), 1);
    // Site deadline: per-device deadline times the devices, capped.
    assert_eq!(site_deadline(Duration::from_millis(1000), 0), Duration::from_millis(1000));
    assert_eq!(site_deadline(Duration::from_millis(1000), 8), Duration::from_secs(8));
    assert_eq!(site_deadline(Duration::from_millis(1000), 10_000), Duration::from_secs(60));
}
