//! Run history of scheduled scans: `runs/<timestamp>/`, `runs/latest`, `--keep`, and
//! one scan of a site at a time — including after a scan is killed part-way.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use common::{assert_valid_sarif, copy_tree, demo_site};
use kenshin_engine::history;

fn site_copy(tmp: &Path) -> PathBuf {
    let site = tmp.join("site");
    copy_tree(&demo_site(), &site);
    site
}

fn kenshin_scan(site: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kenshin")).arg("scan").args(extra).arg(site).output().expect("run kenshin")
}

#[test]
fn scans_accumulate_runs_and_latest_follows_the_newest() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = site_copy(tmp.path());
    for _ in 0..3 {
        let o = kenshin_scan(&site, &["--keep", "2"]);
        assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let runs = history::runs(&site).expect("runs");
    assert_eq!(runs.len(), 2, "--keep 2: {runs:?}");
    let latest = history::latest(&site).expect("latest");
    assert_eq!(Some(&latest), runs.last());
    assert_valid_sarif(&site.join("runs/latest/results.sarif"));
    assert!(site.join("runs/latest/checklist.json").is_file());
}

#[test]
fn a_second_scan_of_a_locked_site_exits_2_and_runs_after_release() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = site_copy(tmp.path());
    let held = history::lock(&site).expect("lock");
    let o = kenshin_scan(&site, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("another kenshin scan of this site is running") && err.contains(&std::process::id().to_string()),
        "{err}"
    );
    assert!(history::runs(&site).expect("runs").is_empty());
    drop(held);
    assert_eq!(kenshin_scan(&site, &[]).status.code(), Some(1));
}

#[test]
fn a_scan_killed_part_way_leaves_latest_at_the_previous_run() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = site_copy(tmp.path());
    assert_eq!(kenshin_scan(&site, &[]).status.code(), Some(1));
    let before = history::latest(&site).expect("latest");

    // A pack whose module loops on every device makes the scan last several seconds.
    let pack = tmp.path().join("slow-pack");
    std::fs::create_dir_all(&pack).expect("mkdir");
    std::fs::copy(common::root().join("fixtures/hostile/pack.toml"), pack.join("pack.toml")).expect("manifest");
    std::fs::write(
        pack.join("module.wasm"),
        wat::parse_file(common::root().join("fixtures/hostile/loop_evaluate.wat")).expect("wat"),
    )
    .expect("module");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kenshin"))
        .args(["scan", "--concurrency", "1", "--pack"])
        .arg(&pack)
        .arg(&site)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().expect("wait").is_none(), "the slow scan finished before it could be killed");
    child.kill().expect("kill");
    child.wait().expect("reap");

    assert_eq!(history::latest(&site).as_ref(), Some(&before));
    assert_eq!(history::runs(&site).expect("runs"), vec![before.clone()]);
    // The killed scan's lock died with it: the next scan runs.
    assert_eq!(kenshin_scan(&site, &[]).status.code(), Some(1));
    assert_ne!(history::latest(&site).as_ref(), Some(&before));
}
