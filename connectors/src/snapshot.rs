//! Snapshots: what a connector leaves on disk for one device, and what parsers read.
//!
//! ```text
//! snapshots/<device>/
//!   show_version.txt          one artifact per command (see [`artifact_name`])
//!   show_running-config.txt
//!   collect.json              connector, times, status, sha256 and size per artifact
//! ```
//!
//! A snapshot made by another tool (Oxidized, RANCID, a hand-run script) is read the
//! same way; `collect.json` is then optional.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Artifacts larger than this are refused: no device configuration is this big, and
/// a scan must not be made to read an arbitrary file into memory.
pub const MAX_ARTIFACT_BYTES: u64 = 64 * 1024 * 1024;

/// The file name of the artifact holding a CLI command's output: every run of
/// characters outside `[A-Za-z0-9.-]` becomes `_`, leading and trailing `_` are
/// dropped, and `.txt` is appended.
///
/// ```
/// use kenshin_connectors::snapshot::artifact_name;
/// assert_eq!(artifact_name("show running-config"), "show_running-config.txt");
/// assert_eq!(artifact_name("get system status"), "get_system_status.txt");
/// assert_eq!(artifact_name("show configuration | display set"), "show_configuration_display_set.txt");
/// ```
pub fn artifact_name(command: &str) -> String {
    let mut out = String::with_capacity(command.len() + 4);
    let mut pending_sep = false;
    for c in command.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
            if pending_sep && !out.is_empty() {
                out.push('_');
            }
            pending_sep = false;
            out.push(c);
        } else {
            pending_sep = true;
        }
    }
    out.push_str(".txt");
    out
}

/// `collect.json`: how a snapshot came to be.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CollectRecord {
    pub connector: String,
    #[serde(default)]
    pub started: Option<String>,
    #[serde(default)]
    pub finished: Option<String>,
    pub status: CollectStatus,
    #[serde(default)]
    pub artifacts: Vec<ArtifactRecord>,
    #[serde(default)]
    pub errors: Vec<String>,
}

/// Outcome of a collection.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CollectStatus {
    Ok,
    Partial,
    Failed,
}

/// One artifact as recorded at collection time.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ArtifactRecord {
    pub name: String,
    pub sha256: String,
    pub size: u64,
}

/// The artifacts of one device, read into memory.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub device: String,
    pub dir: PathBuf,
    artifacts: BTreeMap<String, String>,
    pub collect: Option<CollectRecord>,
    /// Problems that do not stop parsing (non-UTF-8 text, checksum mismatch).
    pub warnings: Vec<String>,
    /// The secrets masked out of the artifacts, by artifact name (never printed: their
    /// `Debug` hides the value). Kept for keyed fingerprints (password reuse).
    pub secrets: Vec<(String, kenshin_secrets::Secret)>,
    /// sha256 of each artifact as read from disk, before masking (for collect.json).
    raw_sha256: BTreeMap<String, String>,
}

/// Why a snapshot could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("{}: no snapshot for device {device:?} (folder missing)", dir.display())]
    Missing { device: String, dir: PathBuf },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}: {size} bytes is larger than the {MAX_ARTIFACT_BYTES}-byte limit for an artifact", path.display())]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{}:{line}: invalid collect.json: {message}", path.display())]
    CollectJson { path: PathBuf, line: usize, message: String },
}

impl Snapshot {
    /// Reads every artifact in `dir` (not recursively; hidden files are skipped).
    pub fn load(device: &str, dir: &Path) -> Result<Snapshot, SnapshotError> {
        if !dir.is_dir() {
            return Err(SnapshotError::Missing { device: device.to_string(), dir: dir.to_path_buf() });
        }
        let mut snapshot = Snapshot::empty(device, dir);
        // Digests of the raw bytes are only needed to check them against collect.json.
        let has_record = dir.join("collect.json").is_file();
        let walker = walkdir::WalkDir::new(dir).min_depth(1).max_depth(1).sort_by_file_name();
        for entry in walker {
            let entry = entry.map_err(|e| SnapshotError::Io {
                path: e.path().unwrap_or(dir).to_path_buf(),
                source: e.into_io_error().unwrap_or_else(|| std::io::Error::other("walk error")),
            })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if !entry.file_type().is_file() || name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let io = |source| SnapshotError::Io { path: path.to_path_buf(), source };
            let size = entry.metadata().map_err(|e| io(e.into()))?.len();
            if size > MAX_ARTIFACT_BYTES {
                return Err(SnapshotError::TooLarge { path: path.to_path_buf(), size });
            }
            let bytes = std::fs::read(path).map_err(io)?;
            if name == "collect.json" {
                let record = serde_json::from_slice(&bytes).map_err(|e| SnapshotError::CollectJson {
                    path: path.to_path_buf(),
                    line: e.line(),
                    message: e.to_string(),
                })?;
                snapshot.collect = Some(record);
                continue;
            }
            if has_record {
                snapshot.raw_sha256.insert(name.clone(), hex::encode(Sha256::digest(&bytes)));
            }
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    snapshot.warnings.push(format!("{name}: not valid UTF-8; invalid bytes replaced"));
                    String::from_utf8_lossy(e.as_bytes()).into_owned()
                }
            };
            snapshot.insert(name, text);
        }
        snapshot.check_integrity();
        Ok(snapshot)
    }

    /// A snapshot with no artifacts (for tests, benchmarks and in-memory use).
    pub fn empty(device: &str, dir: &Path) -> Snapshot {
        Snapshot {
            device: device.to_string(),
            dir: dir.to_path_buf(),
            artifacts: BTreeMap::new(),
            collect: None,
            warnings: Vec::new(),
            secrets: Vec::new(),
            raw_sha256: BTreeMap::new(),
        }
    }

    /// Adds or replaces an artifact in memory, masking its secrets first.
    ///
    /// This is where kenshin's secret masking happens for every artifact: parsers only
    /// ever see masked text (so facts cannot hold a secret), and the values masked are
    /// registered with the process-wide redactor that every output and log line
    /// passes through.
    pub fn insert(&mut self, name: impl Into<String>, text: impl Into<String>) {
        let name = name.into();
        let masked = kenshin_secrets::mask(&text.into());
        kenshin_secrets::register(&masked.secrets);
        self.secrets.retain(|(artifact, _)| *artifact != name);
        self.secrets.extend(masked.secrets.into_iter().map(|s| (name.clone(), s)));
        self.artifacts.insert(name, masked.text);
    }

    /// Presents already-masked `text` under the artifact name `alias`, with the secrets
    /// masked out of `source` (a configuration backup read under the name its platform
    /// knows; see `platform::backup`).
    pub(crate) fn alias(&mut self, alias: &str, source: &str, text: String) {
        let copied: Vec<_> =
            self.secrets.iter().filter(|(a, _)| a == source).map(|(_, s)| (alias.to_string(), s.clone())).collect();
        self.secrets.extend(copied);
        self.artifacts.insert(alias.to_string(), text);
    }

    /// Lines of `artifact` whose SNMP community, masked in the text the parsers see, is
    /// a well-known default name (`public`, `private`, ...): a finding in itself.
    pub fn default_community_lines(&self, artifact: &str) -> Vec<u32> {
        self.secrets
            .iter()
            .filter(|(a, s)| {
                a == artifact
                    && s.kind == kenshin_secrets::SecretKind::SnmpCommunity
                    && crate::platform::is_default_community(s.value())
            })
            .map(|(_, s)| s.line)
            .collect()
    }

    /// The text of an artifact, if present.
    pub fn artifact(&self, name: &str) -> Option<&str> {
        self.artifacts.get(name).map(String::as_str)
    }

    /// Names of all artifacts, sorted.
    pub fn artifact_names(&self) -> impl Iterator<Item = &str> {
        self.artifacts.keys().map(String::as_str)
    }

    /// Compares artifacts with the checksums of `collect.json`, if there is one.
    fn check_integrity(&mut self) {
        let Some(record) = &self.collect else { return };
        for a in &record.artifacts {
            match self.artifacts.get(&a.name) {
                None => self.warnings.push(format!("{}: listed in collect.json but missing", a.name)),
                Some(text) => {
                    let digest =
                        self.raw_sha256.get(&a.name).cloned().unwrap_or_else(|| hex::encode(Sha256::digest(text.as_bytes())));
                    if !digest.eq_ignore_ascii_case(&a.sha256) {
                        self.warnings.push(format!("{}: sha256 differs from collect.json (changed after collection)", a.name));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_rule() {
        assert_eq!(artifact_name("show full-configuration"), "show_full-configuration.txt");
        assert_eq!(artifact_name("  show  version "), "show_version.txt");
        assert_eq!(artifact_name("more system:running-config"), "more_system_running-config.txt");
    }

    #[test]
    fn loads_artifacts_and_checks_sha() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("show_version.txt"), "Version 1\n").unwrap();
        std::fs::write(dir.path().join(".hidden"), "x").unwrap();
        let record = CollectRecord {
            connector: "file".into(),
            started: None,
            finished: None,
            status: CollectStatus::Ok,
            artifacts: vec![ArtifactRecord { name: "show_version.txt".into(), sha256: "00".into(), size: 10 }],
            errors: vec![],
        };
        std::fs::write(dir.path().join("collect.json"), serde_json::to_vec(&record).unwrap()).unwrap();
        let s = Snapshot::load("d", dir.path()).unwrap();
        assert_eq!(s.artifact("show_version.txt"), Some("Version 1\n"));
        assert_eq!(s.artifact_names().count(), 1);
        assert!(s.warnings.iter().any(|w| w.contains("sha256")), "{:?}", s.warnings);
        assert!(matches!(Snapshot::load("d", &dir.path().join("nope")), Err(SnapshotError::Missing { .. })));
    }

    #[test]
    fn bad_collect_json_names_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("collect.json"), "{\n\"connector\": 3\n}").unwrap();
        match Snapshot::load("d", dir.path()) {
            Err(SnapshotError::CollectJson { line, .. }) => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
    }
}
