//! The site directory: one institution's inventory (台帳) and settings.
//!
//! ```text
//! site/
//!   inventory.toml     devices
//!   site.toml          site name, edition, management networks, policy parameters
//!   attestations.toml  checklist items answered by people and documents (optional)
//!   waivers.toml       accepted risks: rule, device, reason, approver, expiry (optional)
//!   snapshots/<device>/
//! ```

mod attestations;
mod date;
mod inventory;
mod settings;
mod waivers;

use std::path::{Path, PathBuf};

pub use inventory::{Connector, DeviceEntry, Inventory, SnmpVersion};
pub use settings::{CollectSettings, Edition, SiteSettings};

pub use attestations::{Attestation, Attestations, CONTACTS, Details as AttestationDetails, KEYS as ATTESTATION_KEYS};
pub use attestations::{VendorDevices, template as attestations_template};
pub use date::Date;
pub use waivers::{Waiver, Waivers};

/// File names inside a site folder.
pub const ATTESTATIONS_FILE: &str = "attestations.toml";
pub const WAIVERS_FILE: &str = "waivers.toml";

/// A loaded site directory.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub inventory: Inventory,
    pub settings: SiteSettings,
    /// `attestations.toml`; `None` when the site has none (every such item stays manual).
    pub attestations: Option<Attestations>,
    /// `waivers.toml`; empty when the site has none.
    pub waivers: Waivers,
}

impl Site {
    /// Reads `inventory.toml`, and `site.toml`, `attestations.toml` and `waivers.toml`
    /// where present, from `root`.
    pub fn load(root: &Path) -> Result<Site, SiteError> {
        if !root.is_dir() {
            return Err(SiteError::NotADirectory { path: root.to_path_buf() });
        }
        let inventory = Inventory::load(&root.join("inventory.toml"))?;
        let settings_path = root.join("site.toml");
        let settings = if settings_path.exists() { SiteSettings::load(&settings_path)? } else { SiteSettings::default_for(root) };
        let attestations_path = root.join(ATTESTATIONS_FILE);
        let attestations = if attestations_path.exists() { Some(Attestations::load(&attestations_path)?) } else { None };
        let waivers_path = root.join(WAIVERS_FILE);
        let waivers = if waivers_path.exists() {
            Waivers::load(&waivers_path)?
        } else {
            Waivers { path: waivers_path, waivers: Vec::new() }
        };
        Ok(Site { root: root.to_path_buf(), inventory, settings, attestations, waivers })
    }

    /// The maintenance vendors of the inventory with their remotely maintained devices.
    pub fn vendors(&self) -> Vec<VendorDevices> {
        self.inventory.vendors()
    }

    /// Where the snapshots of this site live.
    pub fn snapshots_dir(&self) -> PathBuf {
        self.root.join("snapshots")
    }

    /// Folders under `snapshots/` that no inventory device names (a device collected
    /// or backed up but missing from the 台帳), sorted; hidden folders are skipped, and
    /// a site without `snapshots/` has none.
    pub fn unlisted_snapshots(&self) -> std::io::Result<Vec<String>> {
        let entries = match std::fs::read_dir(self.snapshots_dir()) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry?;
            if !entry.file_type()?.is_dir() {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') && self.inventory.device(&name).is_none() {
                out.push(name);
            }
        }
        out.sort();
        Ok(out)
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
