//! `kenshin pack test`: runs a pack's rules on fixture devices and compares the
//! results with what each fixture expects, like `opa test` for Rego.
//!
//! A fixture is a TOML file under `PACK/tests/`:
//!
//! ```toml
//! description = "telnet still enabled on the router"
//!
//! # The device: facts v1 as `kenshin facts` prints them (a JSON file, relative to
//! # this file) ...
//! facts_file = "telnet-on.json"
//! # ... or inline:  [facts] ... ; or a snapshot parsed by kenshin's own parsers:
//! # [device]
//! # platform = "cisco_ios"
//! # snapshot = "devices/rtr"     # folder of artifacts (show_running-config.txt, ...)
//!
//! [site]            # optional: what site.toml would say
//! management_networks = ["10.10.0.0/24"]
//!
//! [params]          # optional: parameter overrides
//!
//! [expect]          # rule id (or "rule id:subject") = pass | fail | unknown | not_applicable | none
//! "EXAMPLE-TELNET" = "fail"
//! ```
//!
//! Site-wide rules (the optional site entry point) are tested with a fixture that
//! gives the whole scan instead of one device; its expectations cover every result of
//! the rule, whichever device it is about:
//!
//! ```toml
//! [site_scan]
//! devices = [{ name = "rtr-a", platform = "cisco_ios", kind = "router" }, { name = "rtr-b", platform = "cisco_ios", kind = "router" }]
//! credentials = [
//!   { device = "rtr-a", artifact = "show_running-config.txt", line = 3, kind = "type7_password", fingerprint = "same" },
//!   { device = "rtr-b", artifact = "show_running-config.txt", line = 8, kind = "plain_password", fingerprint = "same" },
//! ]
//! unlisted_snapshots = ["old-switch"]
//! ```
//!
//! A rule's status on the device is the worst of its results (fail, then unknown,
//! then pass, then not_applicable); `none` expects no result at all. Every rule of the
//! manifest must pass in at least one fixture and fail in at least one, so no rule
//! ships untested in either direction.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use kenshin_connectors::Snapshot;
use kenshin_facts::{Device, DeviceKind, Facts};
use kenshin_policy::{ScanInfo, SiteInfo, Status};
use serde::Deserialize;

use crate::pack::Pack;
use crate::sandbox::{Sandbox, SandboxConfig};
use crate::scan::{LoadedPack, SiteScan, evaluate_pack, evaluate_site_pack};

/// Why a pack's tests could not be run (as opposed to running and failing).
#[derive(Debug, thiserror::Error)]
pub enum PackTestError {
    #[error("{}: cannot read: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}: {message}", path.display())]
    Fixture { path: PathBuf, line: usize, message: String },
    #[error("{}: no fixtures (tests/*.toml)", dir.display())]
    NoFixtures { dir: PathBuf },
    #[error("the pack's module was refused: {0}")]
    Module(#[from] crate::sandbox::SandboxError),
    #[error("the pack's module was refused: {0}")]
    Refused(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    /// What the fixture is about (for the reader of the file).
    #[serde(default, rename = "description")]
    _description: String,
    #[serde(default)]
    facts_file: Option<PathBuf>,
    #[serde(default)]
    facts: Option<Facts>,
    #[serde(default)]
    device: Option<SnapshotDevice>,
    /// A whole scan for the site entry point, instead of one device.
    #[serde(default)]
    site_scan: Option<SiteScanFixture>,
    #[serde(default)]
    site: SiteInfo,
    /// `[scan] date = "YYYY-MM-DD"` pins the date rules see (default: today), so that
    /// date-dependent expectations (end of support) stay true.
    #[serde(default)]
    scan: Option<ScanInfo>,
    #[serde(default)]
    params: serde_json::Map<String, serde_json::Value>,
    expect: BTreeMap<String, Expected>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotDevice {
    platform: String,
    snapshot: PathBuf,
    #[serde(default)]
    kind: Option<DeviceKind>,
}

/// The scan a site-wide fixture hands to the site entry point: devices with empty
/// facts, credential fingerprints (any strings: equal means the same secret) and
/// snapshot folders missing from the inventory.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteScanFixture {
    devices: Vec<Device>,
    #[serde(default)]
    credentials: Vec<kenshin_policy::Credential>,
    #[serde(default)]
    unlisted_snapshots: Vec<String>,
}

/// An expected status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expected {
    Pass,
    Fail,
    Unknown,
    NotApplicable,
    /// No result at all.
    None,
}

impl Expected {
    fn of(statuses: &[Status]) -> Expected {
        let has = |s: Status| statuses.contains(&s);
        if has(Status::Fail) {
            Expected::Fail
        } else if has(Status::Unknown) {
            Expected::Unknown
        } else if has(Status::Pass) {
            Expected::Pass
        } else if has(Status::NotApplicable) {
            Expected::NotApplicable
        } else {
            Expected::None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Expected::Pass => "pass",
            Expected::Fail => "fail",
            Expected::Unknown => "unknown",
            Expected::NotApplicable => "not_applicable",
            Expected::None => "none",
        }
    }
}

/// One expectation checked.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// Fixture file, relative to the pack folder.
    pub fixture: String,
    /// `rule` or `rule:subject`.
    pub target: String,
    pub expected: Expected,
    pub got: Expected,
    /// The module's messages for the target (English), to explain a mismatch.
    pub messages: Vec<String>,
    /// Set when the module failed on this fixture (trap, limit, bad output).
    pub error: Option<String>,
}

impl CaseResult {
    pub fn ok(&self) -> bool {
        self.error.is_none() && self.expected == self.got
    }
}

/// Everything `kenshin pack test` found.
#[derive(Debug, Default)]
pub struct TestReport {
    pub cases: Vec<CaseResult>,
    /// Rules without a fixture where they pass, or without one where they fail.
    pub untested: Vec<String>,
}

impl TestReport {
    pub fn ok(&self) -> bool {
        self.untested.is_empty() && self.cases.iter().all(CaseResult::ok)
    }
}

/// Runs every fixture of `PACK_DIR/tests/` against `pack` (which may come from
/// elsewhere, e.g. the built-in pack tested with its source folder's fixtures).
pub fn run(pack: Pack, pack_dir: &Path) -> Result<TestReport, PackTestError> {
    let tests = pack_dir.join("tests");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&tests)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(PackTestError::NoFixtures { dir: tests });
    }
    let sandbox = Sandbox::new(SandboxConfig::default())?;
    // Refused modules stop the test run at once, with the sandbox's reason.
    sandbox.load_granted(&pack.wasm, &pack.manifest.capabilities.grant())?;
    let rules: Vec<String> = pack.manifest.rules.iter().map(|r| r.id.clone()).collect();
    let mut report = TestReport::default();
    let mut seen: BTreeSet<(String, Expected)> = BTreeSet::new();
    for file in files {
        let fixture_name = file.strip_prefix(pack_dir).unwrap_or(&file).display().to_string();
        let (fixture, facts) = load_fixture(&file)?;
        for target in fixture.expect.keys() {
            let rule = target.split(':').next().unwrap_or(target);
            if !rules.iter().any(|r| r == rule) {
                return Err(PackTestError::Fixture {
                    path: file.clone(),
                    line: 0,
                    message: format!("expect: {rule:?} is not a rule of pack {}", pack.manifest.pack.id),
                });
            }
        }
        let loaded = LoadedPack::load(&sandbox, pack.clone(), &fixture.params);
        let module = loaded.module.as_ref().map_err(|e| PackTestError::Refused(e.to_string()))?;
        let scan = fixture.scan.clone().unwrap_or_else(|| ScanInfo { date: crate::scan::today() });
        let (results, failure) = match (&fixture.site_scan, &facts) {
            (Some(site_scan), _) => {
                let all: Vec<Facts> = site_scan.devices.iter().cloned().map(Facts::new).collect();
                let refs: Vec<&Facts> = all.iter().collect();
                let input = SiteScan {
                    site_info: &fixture.site,
                    scan_info: &scan,
                    devices: &refs,
                    credentials: &site_scan.credentials,
                    unlisted_snapshots: Some(&site_scan.unlisted_snapshots),
                };
                if module.has_site() { evaluate_site_pack(&loaded, module, &input) } else { (Vec::new(), None) }
            }
            (None, Some(facts)) => evaluate_pack(&loaded, module, facts, &fixture.site, &scan),
            (None, None) => (Vec::new(), None),
        };
        for (target, expected) in &fixture.expect {
            let (rule, subject) = match target.split_once(':') {
                Some((r, s)) => (r, Some(s)),
                None => (target.as_str(), None),
            };
            let matching: Vec<_> =
                results.iter().filter(|r| r.rule == rule && subject.is_none_or(|s| r.fingerprint == s)).collect();
            let got = Expected::of(&matching.iter().map(|r| r.status).collect::<Vec<_>>());
            if failure.is_none() && subject.is_none() {
                seen.insert((rule.to_string(), got));
            }
            report.cases.push(CaseResult {
                fixture: fixture_name.clone(),
                target: target.clone(),
                expected: *expected,
                got,
                messages: matching.iter().map(|r| r.message.en.clone()).collect(),
                error: failure.as_ref().map(|n| n.message.clone()),
            });
        }
    }
    for rule in &rules {
        for need in [Expected::Pass, Expected::Fail] {
            if !seen.contains(&(rule.clone(), need)) {
                report.untested.push(format!("{rule}: no fixture where it is expected to {} and does", need.as_str()));
            }
        }
    }
    Ok(report)
}

/// Reads a fixture and the device facts it names.
fn load_fixture(path: &Path) -> Result<(Fixture, Option<Facts>), PackTestError> {
    let text = std::fs::read_to_string(path).map_err(|source| PackTestError::Read { path: path.into(), source })?;
    let bad = |line: usize, message: String| PackTestError::Fixture { path: path.into(), line, message };
    let mut fixture: Fixture = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1).unwrap_or(0);
        bad(line, e.message().lines().next().unwrap_or("invalid TOML").to_string())
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    let sources = [fixture.facts.is_some(), fixture.facts_file.is_some(), fixture.device.is_some(), fixture.site_scan.is_some()];
    if sources.iter().filter(|s| **s).count() != 1 {
        return Err(bad(0, "give the device exactly one way: facts_file, [facts] or [device]; or the scan: [site_scan]".into()));
    }
    if fixture.site_scan.is_some() {
        return Ok((fixture, None));
    }
    let facts = if let Some(f) = fixture.facts.take() {
        f
    } else if let Some(file) = &fixture.facts_file {
        let p = base.join(file);
        let json = std::fs::read_to_string(&p).map_err(|source| PackTestError::Read { path: p.clone(), source })?;
        // Either facts, or `kenshin facts` output (a list of {device, facts}).
        let value: serde_json::Value = serde_json::from_str(&json).map_err(|e| PackTestError::Fixture {
            path: p.clone(),
            line: e.line(),
            message: e.to_string(),
        })?;
        let value = match value {
            serde_json::Value::Array(mut list) if !list.is_empty() => list.swap_remove(0)["facts"].take(),
            other => other,
        };
        serde_json::from_value(value).map_err(|e| PackTestError::Fixture {
            path: p,
            line: 0,
            message: format!("not facts v1: {e}"),
        })?
    } else {
        let Some(device) = &fixture.device else { return Err(bad(0, "no device".into())) };
        let platform = kenshin_connectors::platform::find(&device.platform)
            .ok_or_else(|| bad(0, format!("device.platform {:?} is not a platform kenshin knows", device.platform)))?;
        let name = device.snapshot.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "device".into());
        let snapshot =
            Snapshot::load(&name, &base.join(&device.snapshot)).map_err(|e| bad(0, format!("device.snapshot: {e}")))?;
        let kind = device.kind.unwrap_or(DeviceKind::Router);
        let dev = Device { name, platform: platform.name.to_string(), kind, hostname: None };
        kenshin_connectors::platform::parse(platform, dev, &snapshot).facts
    };
    Ok((fixture, Some(facts)))
}
