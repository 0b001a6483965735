//! A site's run history: `SITE/runs/<UTC timestamp>/` per scan, `runs/latest`
//! pointing at the newest complete run, retention, and the lock that keeps two scans
//! of one site from running at once.
//!
//! `latest` is a symbolic link replaced atomically (a new link renamed over the old
//! one) only after the run folder is complete, so a scan killed part-way leaves it
//! pointing at the previous complete run. The lock is an OS file lock (`flock`) on
//! `runs/.lock`: the kernel releases it when the holder exits, however it exits, so a
//! killed scan never leaves a stale lock behind.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Name of the link to the newest complete run.
pub const LATEST: &str = "latest";
/// Runs kept by default.
pub const DEFAULT_KEEP: usize = 90;

/// The runs folder of a site.
pub fn runs_dir(site_root: &Path) -> PathBuf {
    site_root.join("runs")
}

/// Why the history could not be used.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("another kenshin scan of this site is running ({holder}); lock file {}", path.display())]
    Locked { path: PathBuf, holder: String },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> HistoryError + '_ {
    move |source| HistoryError::Io { path: path.to_path_buf(), source }
}

/// Held for the duration of a scan; dropping it (or the process ending) releases it.
#[derive(Debug)]
pub struct SiteLock {
    _file: File,
}

/// Takes the site's scan lock, or says who holds it.
pub fn lock(site_root: &Path) -> Result<SiteLock, HistoryError> {
    let dir = runs_dir(site_root);
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let path = dir.join(".lock");
    let mut file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(io(&path))?;
    match file.try_lock() {
        Ok(()) => {
            // Who holds it, for the message a second scan prints.
            let holder = format!("pid {} since {}", std::process::id(), jiff::Timestamp::now());
            file.set_len(0).and_then(|()| file.rewind()).and_then(|()| file.write_all(holder.as_bytes())).map_err(io(&path))?;
            Ok(SiteLock { _file: file })
        }
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = if holder.trim().is_empty() { "holder unknown".to_string() } else { holder.trim().to_string() };
            Err(HistoryError::Locked { path, holder })
        }
        Err(TryLockError::Error(e)) => Err(HistoryError::Io { path, source: e }),
    }
}

/// A fresh run folder path for a scan started at `started`: `runs/20261127T021144Z`,
/// with `-2`, `-3`, ... when a run of the same second exists.
pub fn new_run_dir(site_root: &Path, started: jiff::Timestamp) -> PathBuf {
    let dir = runs_dir(site_root);
    let stamp = started.strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut candidate = dir.join(&stamp);
    let mut n = 2;
    while candidate.exists() {
        candidate = dir.join(format!("{stamp}-{n}"));
        n += 1;
    }
    candidate
}

/// Whether a folder name is a run of this history (`YYYYMMDDTHHMMSSZ[-n]`).
fn is_run_name(name: &str) -> bool {
    let stamp = name.split('-').next().unwrap_or("");
    stamp.len() == 16
        && stamp.as_bytes()[8] == b'T'
        && stamp.ends_with('Z')
        && stamp.chars().enumerate().all(|(i, c)| matches!(i, 8 | 15) || c.is_ascii_digit())
}

/// Complete runs, oldest first.
pub fn runs(site_root: &Path) -> Result<Vec<PathBuf>, HistoryError> {
    let dir = runs_dir(site_root);
    let mut runs: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter(|e| is_run_name(&e.file_name().to_string_lossy()))
            .map(|e| e.path())
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(HistoryError::Io { path: dir, source: e }),
    };
    // `-n` suffixes sort after their base second; lexical order is time order.
    runs.sort_by_key(|p| {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let (stamp, n) = name.split_once('-').map_or((name.clone(), 1), |(s, n)| (s.to_string(), n.parse().unwrap_or(1)));
        (stamp, n)
    });
    Ok(runs)
}

/// Points `runs/latest` at `run` (atomically replacing the previous link).
pub fn set_latest(site_root: &Path, run: &Path) -> Result<(), HistoryError> {
    let dir = runs_dir(site_root);
    let target = run.file_name().map(PathBuf::from).unwrap_or_else(|| run.to_path_buf());
    let tmp = dir.join(format!(".latest-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    symlink(&target, &tmp).map_err(io(&tmp))?;
    std::fs::rename(&tmp, dir.join(LATEST)).map_err(io(&dir))
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    // Without symbolic links, `latest` is a file naming the run folder.
    std::fs::write(link, target.to_string_lossy().as_bytes())
}

/// The run `runs/latest` points at, if any.
pub fn latest(site_root: &Path) -> Option<PathBuf> {
    let link = runs_dir(site_root).join(LATEST);
    let target = std::fs::read_link(&link).ok().or_else(|| std::fs::read_to_string(&link).ok().map(PathBuf::from))?;
    Some(runs_dir(site_root).join(target))
}

/// Deletes the oldest complete runs beyond `keep` (never the one `latest` points at),
/// and the half-written folders a killed scan left behind. Call it holding the lock:
/// then no other scan can be writing. Returns the folders removed.
pub fn prune(site_root: &Path, keep: usize) -> Result<Vec<PathBuf>, HistoryError> {
    let dir = runs_dir(site_root);
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.filter_map(|e| e.ok()) {
            let name = e.file_name().to_string_lossy().into_owned();
            if (name.starts_with(".kenshin-run-") || name.starts_with(".kenshin-old-")) && e.file_type().is_ok_and(|t| t.is_dir())
            {
                std::fs::remove_dir_all(e.path()).map_err(io(&e.path()))?;
            }
        }
    }
    let all = runs(site_root)?;
    let latest = latest(site_root);
    let excess = all.len().saturating_sub(keep.max(1));
    let mut removed = Vec::new();
    for run in all.into_iter().take(excess) {
        if Some(&run) == latest.as_ref() {
            continue;
        }
        std::fs::remove_dir_all(&run).map_err(io(&run))?;
        removed.push(run);
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_names() {
        assert!(is_run_name("20261127T021144Z"));
        assert!(is_run_name("20261127T021144Z-2"));
        for bad in ["latest", ".lock", "2026112T021144Z", "20261127X021144Z", "notes", ".kenshin-run-abc"] {
            assert!(!is_run_name(bad), "{bad}");
        }
    }

    #[test]
    fn latest_prune_and_collisions() {
        let site = tempfile::tempdir().unwrap();
        let t = jiff::Timestamp::from_second(1_800_000_000).unwrap();
        let mut made = Vec::new();
        for _ in 0..4 {
            let run = new_run_dir(site.path(), t);
            std::fs::create_dir_all(&run).unwrap();
            set_latest(site.path(), &run).unwrap();
            made.push(run);
        }
        assert!(made[1].to_string_lossy().ends_with("Z-2"), "{:?}", made);
        assert_eq!(latest(site.path()).as_ref(), made.last());
        assert_eq!(runs(site.path()).unwrap(), made);
        let leftover = runs_dir(site.path()).join(".kenshin-run-abc123");
        std::fs::create_dir_all(&leftover).unwrap();
        let removed = prune(site.path(), 2).unwrap();
        assert!(!leftover.exists(), "half-written run of a killed scan is cleared");
        assert_eq!(removed, made[..2].to_vec());
        assert_eq!(runs(site.path()).unwrap(), made[2..].to_vec());
    }

    #[test]
    fn a_second_lock_is_refused_and_released_on_drop() {
        let site = tempfile::tempdir().unwrap();
        let held = lock(site.path()).unwrap();
        match lock(site.path()) {
            Err(HistoryError::Locked { holder, .. }) => assert!(holder.contains(&std::process::id().to_string()), "{holder}"),
            other => panic!("{other:?}"),
        }
        drop(held);
        lock(site.path()).unwrap();
    }
}

/// One run's checklist statuses, for trends: written as `summary.json` into every
/// run folder, so a trend reads a few hundred bytes per run, not its whole checklist.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RunStatus {
    /// Run folder name (the UTC timestamp).
    pub run: String,
    /// Checklist key → overall status of that run.
    pub items: std::collections::BTreeMap<String, crate::checklist::ItemStatus>,
    /// Failing results of that run, per checklist key.
    pub failing: std::collections::BTreeMap<String, usize>,
    /// Distinct failing results of that run (a rule may serve several keys).
    pub failing_total: usize,
}

/// File name of a run's [`RunStatus`].
pub const SUMMARY: &str = "summary.json";

impl RunStatus {
    /// The statuses of a checklist, for the run folder named `run`.
    pub fn of(run: &str, checklist: &crate::checklist::Checklist) -> RunStatus {
        let mut distinct = std::collections::HashSet::new();
        let mut items = std::collections::BTreeMap::new();
        let mut failing = std::collections::BTreeMap::new();
        for item in &checklist.items {
            let fails: Vec<_> = item
                .devices
                .iter()
                .flat_map(|d| {
                    d.results
                        .iter()
                        .filter(|r| r.status == kenshin_policy::Status::Fail)
                        .map(move |r| (&d.device, &r.rule, &r.subject))
                })
                .collect();
            items.insert(item.key.to_string(), item.status);
            failing.insert(item.key.to_string(), fails.len());
            distinct.extend(fails);
        }
        RunStatus { run: run.to_string(), items, failing, failing_total: distinct.len() }
    }
}

/// The statuses of the last `last` complete runs, oldest first. Runs without a
/// readable `summary.json` are skipped with a warning.
pub fn trend(site_root: &Path, last: usize) -> Result<Vec<RunStatus>, HistoryError> {
    let all = runs(site_root)?;
    let mut out = Vec::new();
    for run in all.iter().skip(all.len().saturating_sub(last)) {
        let path = run.join(SUMMARY);
        match std::fs::read(&path).ok().and_then(|b| serde_json::from_slice::<RunStatus>(&b).ok()) {
            Some(status) => out.push(status),
            None => tracing::warn!(path = %path.display(), "unreadable run summary; run skipped in the trend"),
        }
    }
    Ok(out)
}
