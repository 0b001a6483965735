//! Replays every input kept in `fuzz/regressions/<target>/` (crashes and slow inputs
//! the fuzzers found, plus seeds) through its target, on stable, in every test run.

use std::path::Path;

#[test]
fn every_kept_input_runs_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let mut count = 0;
    for (name, target) in kenshin_fuzz::TARGETS {
        let dir = root.join(name);
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let outcome = std::panic::catch_unwind(|| target(&data));
            assert!(outcome.is_ok(), "{name}: {} panics", file.display());
            count += 1;
        }
    }
    assert!(count > 0, "no regression inputs found under {}", root.display());
}

#[test]
fn every_target_has_a_libfuzzer_harness_and_a_regression_folder() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (name, _) in kenshin_fuzz::TARGETS {
        assert!(root.join("libfuzzer/fuzz_targets").join(format!("{name}.rs")).is_file(), "{name}: no fuzz target");
        assert!(root.join("regressions").join(name).is_dir(), "{name}: no regressions/{name}/");
    }
}
