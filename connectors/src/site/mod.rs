//! The site directory: one institution's inventory (台帳) and settings.
//!
//! ```text
//! site/
//!   inventory.toml   devices
//!   site.toml        site name, edition, management networks, policy parameters
//!   snapshots/<device>/
//! ```

mod inventory;
mod settings;

use std::path::{Path, PathBuf};

pub use inventory::{Connector, DeviceEntry, Inventory, SnmpVersion};
pub use settings::{CollectSettings, Edition, SiteSettings};

/// A loaded site directory.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub inventory: Inventory,
    pub settings: SiteSettings,
}

impl Site {
    /// Reads `inventory.toml` and `site.toml` (optional) from `root`.
    pub fn load(root: &Path) -> Result<Site, SiteError> {
        if !root.is_dir() {
            return Err(SiteError::NotADirectory { path: root.to_path_buf() });
        }
        let inventory = Inventory::load(&root.join("inventory.toml"))?;
        let settings_path = root.join("site.toml");
        let settings = if settings_path.exists() { SiteSettings::load(&settings_path)? } else { SiteSettings::default_for(root) };
        Ok(Site { root: root.to_path_buf(), inventory, settings })
    }

    /// Where the snapshots of this site live.
    pub fn snapshots_dir(&self) -> PathBuf {
        self.root.join("snapshots")
    }

    /// The snapshot folder of one device.
    pub fn snapshot_dir(&self, device: &str) -> PathBuf {
        self.snapshots_dir().join(device)
    }
}

/// A problem with the site directory. Every variant that comes from a file names
/// the file and, where there is one, the line and the field.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("{}: not a site directory (no such folder)", path.display())]
    NotADirectory { path: PathBuf },
    #[error("{}: cannot read: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}: {message}", path.display())]
    Invalid {
        path: PathBuf,
        /// 1-based line, 0 when the problem has no single line.
        line: usize,
        /// The field concerned, if any (`device[2].platform`).
        field: Option<String>,
        message: String,
    },
}

impl SiteError {
    pub(crate) fn invalid(
        path: &Path,
        text: &str,
        span: Option<std::ops::Range<usize>>,
        field: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        let line = span.map(|s| line_of(text, s.start)).unwrap_or(0);
        let message = message.into();
        let message = match &field {
            Some(f) => format!("{f}: {message}"),
            None => message,
        };
        SiteError::Invalid { path: path.to_path_buf(), line, field, message }
    }

    /// Turns a TOML parse or type error into one that names file and line.
    pub(crate) fn from_toml(path: &Path, text: &str, err: toml::de::Error) -> Self {
        // The toml message already quotes the offending line with a caret; keep only
        // its first line so ours reads `file:line: what`.
        let message = err.message().lines().next().unwrap_or("invalid TOML").to_string();
        SiteError::invalid(path, text, err.span(), None, message)
    }
}

/// 1-based line numbers of increasing byte offsets, counted incrementally so that
/// numbering every device of a large inventory stays linear.
pub(crate) struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        LineCounter { text, offset: 0, line: 1 }
    }

    pub(crate) fn line_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            return line_of(self.text, offset);
        }
        self.line += self.text.as_bytes()[self.offset..offset].iter().filter(|&&b| b == b'\n').count();
        self.offset = offset;
        self.line
    }
}

/// 1-based line number of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

pub(crate) fn read(path: &Path) -> Result<String, SiteError> {
    std::fs::read_to_string(path).map_err(|source| SiteError::Read { path: path.to_path_buf(), source })
}
