//! Comparing a scan with the previous one: SARIF `baselineState` for every result,
//! and what got worse or better.
//!
//! Results are matched by their `partialFingerprints` (pack, rule, device, subject —
//! never a line number), so a result keeps its identity when unrelated configuration
//! lines move. A result is `new` when the previous run did not have it, `unchanged`
//! when its kind and message are the same, `updated` otherwise, and a previous result
//! missing now is carried into the new log as `absent` (for devices scanned this time).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use kenshin_policy::Status;
use serde_json::Value;

use crate::findings::Finding;
use crate::pack::Lang;
use crate::sarif::{FINGERPRINT_KEY, fingerprint};

/// Why the previous run could not be read (the scan then has no baseline).
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}: not a SARIF log: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
}

/// One result of a previous log.
#[derive(Debug, Clone)]
pub struct Previous {
    pub rule: String,
    pub kind: String,
    pub message: String,
    pub device: String,
    pub subject: String,
    /// Checklist keys of its rule (from the previous log's rule tags).
    pub checklist: Vec<String>,
    /// The result as it was, for carrying it over as `absent`.
    pub raw: Value,
}

/// The results of a SARIF log, by fingerprint.
#[derive(Debug, Clone, Default)]
pub struct Log {
    pub results: HashMap<String, Previous>,
}

/// SARIF's four baseline states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    New,
    Unchanged,
    Updated,
    Absent,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::New => "new",
            State::Unchanged => "unchanged",
            State::Updated => "updated",
            State::Absent => "absent",
        }
    }
}

impl Log {
    /// Reads the results of a kenshin SARIF log.
    pub fn load(path: &Path) -> Result<Log, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read { path: path.to_path_buf(), source })?;
        let invalid = |message: String| BaselineError::Invalid { path: path.to_path_buf(), message };
        let log: Value = serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
        let run = log.get("runs").and_then(|r| r.get(0)).ok_or_else(|| invalid("no runs".into()))?;
        let tags: HashMap<&str, Vec<String>> = run["tool"]["driver"]["rules"]
            .as_array()
            .map(|rules| {
                rules
                    .iter()
                    .filter_map(|r| {
                        let id = r["id"].as_str()?;
                        let keys = r["properties"]["tags"]
                            .as_array()
                            .map(|t| {
                                t.iter().filter_map(|t| t.as_str()?.strip_prefix("checklist/").map(str::to_string)).collect()
                            })
                            .unwrap_or_default();
                        Some((id, keys))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut results = HashMap::new();
        for r in run["results"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
            // Results carried over as absent last time are history, not results.
            if r["baselineState"] == "absent" {
                continue;
            }
            let Some(fp) = r["partialFingerprints"][FINGERPRINT_KEY].as_str() else { continue };
            let rule = r["ruleId"].as_str().unwrap_or("").to_string();
            results.insert(
                fp.to_string(),
                Previous {
                    checklist: tags.get(rule.as_str()).cloned().unwrap_or_default(),
                    rule,
                    kind: r["kind"].as_str().unwrap_or("fail").to_string(),
                    message: r["message"]["text"].as_str().unwrap_or("").to_string(),
                    device: r["properties"]["device"].as_str().unwrap_or("").to_string(),
                    subject: r["properties"]["subject"].as_str().unwrap_or("").to_string(),
                    raw: r.clone(),
                },
            );
        }
        Ok(Log { results })
    }
}

/// SARIF `kind` of a status.
pub fn kind(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Unknown => "open",
        Status::NotApplicable => "notApplicable",
    }
}

/// The comparison of a scan with its baseline.
#[derive(Debug, Default)]
pub struct Comparison {
    /// State of each current finding, by fingerprint.
    pub states: HashMap<String, State>,
    /// Previous results gone now, already marked `"baselineState": "absent"`.
    pub absent: Vec<Value>,
    /// Failures that were not failures before.
    pub new_failures: usize,
    /// Failures of the previous run that are no longer failures.
    pub fixed: usize,
    /// `device rule subject` of each new failure and of each fixed one.
    pub new_list: Vec<String>,
    pub fixed_list: Vec<String>,
}

/// Compares `findings` (of the devices in `scanned`) with a previous log.
pub fn compare(findings: &[Finding], scanned: &HashSet<&str>, previous: &Log, lang: Lang) -> Comparison {
    let mut c = Comparison::default();
    let mut seen = HashSet::new();
    for f in findings {
        let fp = fingerprint(f);
        let message = match lang {
            Lang::Ja => f.message.ja.as_deref().unwrap_or(&f.message.en),
            Lang::En => &f.message.en,
        };
        let now = kind(f.status);
        let state = match previous.results.get(&fp) {
            None => State::New,
            Some(p) if p.kind == now && p.message == message => State::Unchanged,
            Some(_) => State::Updated,
        };
        let was_fail = previous.results.get(&fp).is_some_and(|p| p.kind == "fail");
        let label = || format!("{} {} {}", f.device, f.rule, f.subject);
        if now == "fail" && !was_fail {
            c.new_failures += 1;
            c.new_list.push(label());
        }
        if now != "fail" && was_fail {
            c.fixed += 1;
            c.fixed_list.push(label());
        }
        c.states.insert(fp.clone(), state);
        seen.insert(fp);
    }
    let mut absent: Vec<(&String, &Previous)> =
        previous.results.iter().filter(|(fp, p)| !seen.contains(*fp) && scanned.contains(p.device.as_str())).collect();
    absent.sort_by(|a, b| a.0.cmp(b.0));
    for (_, p) in absent {
        if p.kind == "fail" {
            c.fixed += 1;
            c.fixed_list.push(format!("{} {} {} (absent now)", p.device, p.rule, p.subject));
        }
        let mut raw = p.raw.clone();
        raw["baselineState"] = Value::from("absent");
        c.absent.push(raw);
    }
    c
}

/// How one failing result moved between two logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    New,
    Fixed,
    Unchanged,
}

/// One line of `kenshin diff`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DiffEntry {
    pub change: Change,
    pub checklist: Vec<String>,
    pub device: String,
    pub rule: String,
    pub subject: String,
    pub message: String,
}

/// Failures new in `new`, fixed since `old`, and unchanged, sorted by change, device
/// and rule.
pub fn diff(old: &Log, new: &Log) -> Vec<DiffEntry> {
    let entry = |change, p: &Previous| DiffEntry {
        change,
        checklist: p.checklist.clone(),
        device: p.device.clone(),
        rule: p.rule.clone(),
        subject: p.subject.clone(),
        message: p.message.clone(),
    };
    let mut out = Vec::new();
    for (fp, n) in &new.results {
        let was_fail = old.results.get(fp).is_some_and(|o| o.kind == "fail");
        if n.kind == "fail" {
            out.push(entry(if was_fail { Change::Unchanged } else { Change::New }, n));
        } else if was_fail {
            out.push(entry(Change::Fixed, n));
        }
    }
    for (fp, o) in &old.results {
        if o.kind == "fail" && !new.results.contains_key(fp) {
            out.push(entry(Change::Fixed, o));
        }
    }
    out.sort_by(|a, b| (a.change, &a.device, &a.rule, &a.subject).cmp(&(b.change, &b.device, &b.rule, &b.subject)));
    out
}

/// The SARIF log of a run folder, or the file itself.
pub fn log_path(path: &Path) -> PathBuf {
    if path.is_dir() { path.join("results.sarif") } else { path.to_path_buf() }
}
