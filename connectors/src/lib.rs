//! kenshin connectors: everything between a site's devices and their [`Facts`].
//!
//! - [`site`] reads a site directory (`inventory.toml`, `site.toml`) with errors that
//!   name the file, line and field.
//! - [`snapshot`] is the on-disk contract between collectors and parsers: one folder
//!   per device holding one artifact per command, plus `collect.json`.
//! - [`platform`] knows, per platform, which commands to run, how the artifacts are
//!   named and how to parse them into facts with evidence.
//!
//! Parsers never talk to devices: a snapshot can always be re-evaluated offline.
//!
//! [`Facts`]: kenshin_facts::Facts

pub mod platform;
pub mod site;
pub mod snapshot;

pub use platform::{PLATFORMS, ParseOutput, Platform};
pub use site::{CollectSettings, DeviceEntry, Inventory, Site, SiteError, SiteSettings};
pub use snapshot::{CollectRecord, Snapshot, SnapshotError};
