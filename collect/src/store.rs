//! Writing a collected snapshot: masked, checksummed and swapped into place at once.
//!
//! The new snapshot is written into a hidden folder next to the old one and then
//! exchanged with it in one `renameat2(RENAME_EXCHANGE)`, so a reader (a scan) or a
//! crash sees either the last complete snapshot or the new one, never a mixture or a
//! half-written file. A collection that failed writes nothing: the last good snapshot
//! stays where it is.

use std::io::Write;
use std::path::Path;

use kenshin_connectors::snapshot::{ArtifactRecord, CollectRecord};
use sha2::{Digest, Sha256};

/// Why a snapshot could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct StoreError {
    pub path: std::path::PathBuf,
    pub source: std::io::Error,
}

fn err(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError { path: path.to_path_buf(), source }
}

/// Writes `artifacts` (name, raw text as received) and `record` as the snapshot of
/// `device` under `snapshots`. Secrets are masked unless `keep_secrets` (well-known
/// default communities stay: they are findings, not secrets); the record's
/// artifact list is filled with the stored files' sha256 and size.
pub fn write_snapshot(
    snapshots: &Path,
    device: &str,
    artifacts: &[(String, String)],
    mut record: CollectRecord,
    keep_secrets: bool,
) -> Result<CollectRecord, StoreError> {
    std::fs::create_dir_all(snapshots).map_err(err(snapshots))?;
    let tmp = tempfile::Builder::new().prefix(&format!(".{device}.collecting-")).tempdir_in(snapshots).map_err(err(snapshots))?;
    record.artifacts.clear();
    for (name, raw) in artifacts {
        let text = if keep_secrets {
            raw.clone()
        } else {
            let masked = kenshin_secrets::mask_keeping(raw, kenshin_secrets::keeps_in_storage);
            kenshin_secrets::register(&masked.secrets);
            masked.text
        };
        let path = tmp.path().join(name);
        write_synced(&path, text.as_bytes())?;
        record.artifacts.push(ArtifactRecord {
            name: name.clone(),
            sha256: hex::encode(Sha256::digest(text.as_bytes())),
            size: text.len() as u64,
        });
    }
    let json = serde_json::to_vec_pretty(&record).map_err(|e| StoreError { path: tmp.path().into(), source: e.into() })?;
    write_synced(&tmp.path().join("collect.json"), &json)?;
    let dest = snapshots.join(device);
    let staged = tmp.keep();
    let swapped = if dest.exists() {
        rustix::fs::renameat_with(rustix::fs::CWD, &staged, rustix::fs::CWD, &dest, rustix::fs::RenameFlags::EXCHANGE)
            .map_err(|e| StoreError { path: dest.clone(), source: e.into() })
    } else {
        std::fs::rename(&staged, &dest).map_err(err(&dest))
    };
    if let Err(e) = swapped {
        let _ = std::fs::remove_dir_all(&staged);
        return Err(e);
    }
    // After an exchange `staged` holds the previous snapshot.
    let _ = std::fs::remove_dir_all(&staged);
    if let Ok(dir) = std::fs::File::open(snapshots) {
        let _ = dir.sync_all();
    }
    Ok(record)
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let mut f = std::fs::File::create(path).map_err(err(path))?;
    f.write_all(bytes).and_then(|()| f.sync_all()).map_err(err(path))
}

/// Removes hidden folders a killed collection left behind.
pub fn clear_leftovers(snapshots: &Path) {
    let Ok(entries) = std::fs::read_dir(snapshots) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.contains(".collecting-") {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kenshin_connectors::Snapshot;
    use kenshin_connectors::snapshot::CollectStatus;

    fn record() -> CollectRecord {
        CollectRecord {
            connector: "ssh".into(),
            started: None,
            finished: None,
            status: CollectStatus::Ok,
            artifacts: vec![],
            errors: vec![],
        }
    }

    #[test]
    fn replaces_the_old_snapshot_whole_and_masks() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("r1");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("stale.txt"), "old\n").unwrap();
        let config = "hostname r1\nenable secret 5 $1$abcd$0123456789abcdefghij\nend\n".to_string();
        let rec = write_snapshot(dir.path(), "r1", &[("show_running-config.txt".into(), config)], record(), false).unwrap();
        assert!(!old.join("stale.txt").exists(), "the old snapshot is replaced, not merged");
        let stored = std::fs::read_to_string(old.join("show_running-config.txt")).unwrap();
        assert!(!stored.contains("$1$abcd"), "{stored}");
        assert_eq!(stored.lines().count(), 3);
        assert_eq!(rec.artifacts.len(), 1);
        let snap = Snapshot::load("r1", &old).unwrap();
        assert!(snap.warnings.is_empty(), "checksums match what was stored: {:?}", snap.warnings);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("r1")]);
    }
}
