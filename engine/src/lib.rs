//! kenshin engine: from a site's facts to judged, reportable results.
//!
//! - [`pack`]: policy packs (manifest + Wasm module); the built-in MHLW pack.
//! - [`packtest`]: `kenshin pack test`, rules run on fixture devices with expected results.
//! - [`scaffold`]: `kenshin pack new` and `kenshin pack build` for pack authors.
//! - [`signing`]: publisher keys, pack signatures and the trust store.
//! - [`sandbox`]: the wasmtime sandbox implementing ABI v1 (`policies/ABI.md`).
//! - [`scan`]: one scan — snapshots → facts → evaluation, device by device in parallel.
//! - [`findings`]: what a scan produces.
//! - [`sarif`], [`checklist`]: the outputs; [`output`] writes them atomically;
//!   [`history`] keeps `SITE/runs/` (latest, retention, the one-scan-at-a-time lock).
//! - [`ledger`]: `kenshin ledger import`, an Excel ledger (CSV) into inventory.toml entries.
//! - [`attestations`], [`waivers`]: the site's attestations.toml and waivers.toml
//!   judged against the scan and entered into SARIF and the checklist.
//! - [`report`]: the whole `kenshin scan` job as a library call, used by the binary.
//!
//! ```no_run
//! use kenshin_engine::report::{ScanJob, run};
//! let job = ScanJob::new("fixtures/demo-site".into());
//! let outcome = run(&job).expect("scan");
//! println!("{} findings", outcome.scan.findings.len());
//! ```

pub mod attestations;
pub mod baseline;
pub mod checklist;
pub mod findings;
pub mod forms;
pub mod history;
pub mod ledger;
pub mod output;
pub mod pack;
pub mod packtest;
pub mod report;
pub mod sandbox;
pub mod sarif;
pub mod scaffold;
pub mod scan;
pub mod signing;
pub mod waivers;
