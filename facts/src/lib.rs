//! The kenshin facts model: what a device *is*, independent of vendor syntax.
//!
//! Platform parsers (in `kenshin-connectors`) turn artifacts into [`Facts`]; policy
//! modules (guests built with `kenshin-policy`) judge them. Both sides share this
//! crate, so the model is defined once and builds for the host and for wasm32.
//!
//! Two rules shape every type here:
//! - **Every fact carries its evidence** ([`Evidence`]: artifact and line range), which
//!   becomes the SARIF location of a finding.
//! - **Unknown is not compliant.** A fact a parser could not determine is left out and
//!   its path is listed in [`Facts::unknown`]; rules that need it must answer
//!   "could not verify", never "pass".
//!
//! The JSON Schema (feature `schema`) is generated from these types and checked in as
//! `facts/schema/facts-v1.json`; a test keeps the two in step.

mod model;
pub mod version;

pub use model::*;
