//! The `kenshin scan` job as a library call: load the site and packs, scan, build
//! SARIF and the checklist, write them atomically, and summarise.

use std::path::{Path, PathBuf};

use kenshin_connectors::{Site, SiteError};
use kenshin_policy::Status;

use crate::checklist::{self, Checklist, ItemStatus};
use crate::findings::{DeviceState, NotificationLevel};
use crate::output::FileWriter;
use crate::pack::{Lang, Pack, PackError, Severity};
use crate::sandbox::{Sandbox, SandboxConfig, SandboxError};
use crate::scan::{self, LoadedPack, ScanResult};
use crate::signing::TrustStore;

/// What to scan and where to write.
#[derive(Debug, Clone)]
pub struct ScanJob {
    pub site: PathBuf,
    /// Output folder; default `SITE/runs/<UTC timestamp>`, then `runs/latest` is
    /// pointed at it and runs beyond `keep` are deleted.
    pub out: Option<PathBuf>,
    /// Runs kept in `SITE/runs/` (only when `out` is not given).
    pub keep: usize,
    /// Previous SARIF log to compare with; default (without `out`): `runs/latest`.
    pub baseline: Option<PathBuf>,
    pub lang: Lang,
    /// Checklist edition of the outputs; `None`: site.toml `edition` (default r7).
    pub edition: Option<checklist::Edition>,
    /// Extra pack folders.
    pub packs: Vec<PathBuf>,
    /// Include the built-in MHLW pack.
    pub builtin: bool,
    /// Only these devices (all when empty).
    pub devices: Vec<String>,
    /// Override of the compiled-module cache folder (`None`: the default).
    pub cache_dir: Option<PathBuf>,
    /// Devices evaluated at once (0: one per core).
    pub concurrency: usize,
    /// Use packs whose signature does not verify, marking their results unverified.
    pub allow_unsigned: bool,
    /// Trust store folders; `None`: `SITE/trusted-keys/` and the user's config folder.
    pub trusted_keys: Option<Vec<PathBuf>>,
    /// Collect the site's SSH devices before evaluating (`None`: evaluate the
    /// snapshots on disk, `--no-collect`).
    pub collect: Option<kenshin_collect::Options>,
    /// Show the collection's progress on stderr.
    pub progress: bool,
    /// The date attestations (a year) and waivers (expiry) are judged on; `None`:
    /// today in the local time zone.
    pub date: Option<jiff::civil::Date>,
}

impl ScanJob {
    pub fn new(site: PathBuf) -> Self {
        ScanJob {
            site,
            out: None,
            lang: Lang::Ja,
            edition: None,
            packs: Vec::new(),
            builtin: true,
            devices: Vec::new(),
            cache_dir: None,
            concurrency: 0,
            keep: crate::history::DEFAULT_KEEP,
            baseline: None,
            allow_unsigned: false,
            trusted_keys: None,
            collect: None,
            progress: false,
            date: None,
        }
    }
}

/// Why a job could not run. [`JobError::is_input`] separates the user's input
/// (exit code 2) from internal failures (exit code 3).
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    Site(#[from] SiteError),
    #[error(transparent)]
    Pack(#[from] PackError),
    #[error("--device {0:?}: no such device in the inventory")]
    UnknownDevice(String),
    #[error("rule id {rule:?} is declared by both pack {first} and pack {second}")]
    DuplicateRule { rule: String, first: String, second: String },
    #[error(transparent)]
    History(#[from] crate::history::HistoryError),
    #[error("--baseline: {0}")]
    Baseline(#[from] crate::baseline::BaselineError),
    #[error("policy sandbox: {0}")]
    Sandbox(#[from] SandboxError),
    #[error("{}: cannot write the scan results: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

impl JobError {
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            JobError::Site(_)
                | JobError::Pack(_)
                | JobError::UnknownDevice(_)
                | JobError::DuplicateRule { .. }
                | JobError::History(crate::history::HistoryError::Locked { .. })
                | JobError::Baseline(_)
        )
    }
}

/// A finished scan.
#[derive(Debug)]
pub struct ScanOutcome {
    pub scan: ScanResult,
    pub checklist: Checklist,
    pub out_dir: PathBuf,
    pub packs: Vec<(String, String, String)>,
    /// Most severe level among failing results, if any failed.
    pub worst_failure: Option<Severity>,
    pub rule_count: usize,
    /// Against the previous run, when there was one.
    pub changes: Option<Changes>,
    /// The collection that preceded the evaluation, if there was one.
    pub collection: Option<kenshin_collect::CollectReport>,
    /// What waivers.toml accepted, and which waivers expired or matched nothing.
    pub waivers: crate::waivers::Applied,
    /// What attestations.toml answered, per checklist key.
    pub attestations: Vec<crate::attestations::Verdict>,
}

/// What changed since the baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Failures that were not failures in the previous run.
    pub new_failures: usize,
    /// Failures of the previous run that are gone or no longer fail.
    pub fixed: usize,
    /// `device rule subject` of each.
    pub new_list: Vec<String>,
    pub fixed_list: Vec<String>,
}

/// Loads the site and the packs (built-in first), refusing duplicate rule ids.
pub fn load_packs(job: &ScanJob) -> Result<Vec<Pack>, JobError> {
    let mut packs = Vec::new();
    if job.builtin {
        packs.push(Pack::builtin());
    }
    if !job.packs.is_empty() {
        let trust = match &job.trusted_keys {
            Some(dirs) => TrustStore::from_dirs(dirs),
            None => TrustStore::load(Some(&job.site)),
        }
        .map_err(PackError::Trust)?;
        for dir in &job.packs {
            packs.push(Pack::load_verified(dir, &trust, job.allow_unsigned)?);
        }
    }
    let mut seen: std::collections::HashMap<&str, &str> = Default::default();
    for p in &packs {
        for r in &p.manifest.rules {
            if let Some(first) = seen.insert(&r.id, &p.manifest.pack.id) {
                return Err(JobError::DuplicateRule {
                    rule: r.id.clone(),
                    first: first.to_string(),
                    second: p.manifest.pack.id.clone(),
                });
            }
        }
    }
    Ok(packs)
}

/// Runs the whole job.
pub fn run(job: &ScanJob) -> Result<ScanOutcome, JobError> {
    let phase = std::time::Instant::now();
    let site = Site::load(&job.site)?;
    tracing::debug!(elapsed_ms = phase.elapsed().as_millis() as u64, devices = site.inventory.devices.len(), "site loaded");
    let collecting = job.collect.as_ref().filter(|_| {
        site.inventory
            .devices
            .iter()
            .any(|d| kenshin_collect::collects(d) && (job.devices.is_empty() || job.devices.contains(&d.name)))
    });
    // One scan writing into a site's history or snapshots at a time; released when
    // this function returns or the process dies. A scan with --out that collects
    // nothing only reads the site.
    let _lock = if job.out.is_none() || collecting.is_some() { Some(crate::history::lock(&site.root)?) } else { None };
    for d in &job.devices {
        if site.inventory.device(d).is_none() {
            return Err(JobError::UnknownDevice(d.clone()));
        }
    }
    let collection =
        collecting.map(|opts| kenshin_collect::progress::collect_on_stderr(&site, &job.devices, opts, !job.progress));
    let packs = load_packs(job)?;
    let mut config: SandboxConfig = scan::sandbox_config(&site);
    if job.cache_dir.is_some() {
        config.cache_dir = job.cache_dir.clone();
    }
    if job.concurrency > 0 {
        config.max_concurrent = job.concurrency as u32 + 8;
    }
    let phase = std::time::Instant::now();
    let sandbox = Sandbox::new(config)?;
    let loaded: Vec<LoadedPack> = packs.into_iter().map(|p| LoadedPack::load(&sandbox, p, &site.settings.params)).collect();
    tracing::debug!(elapsed_ms = phase.elapsed().as_millis() as u64, "packs loaded");
    let phase = std::time::Instant::now();
    // One date for the whole run: what rules see, and what attestations and waivers
    // are judged on.
    let today = job.date.unwrap_or_else(|| jiff::Zoned::now().date());
    let mut result = scan::scan_after(&site, &loaded, &job.devices, job.concurrency, collection.as_ref(), today);
    if let Some(edition) = job.edition {
        // --edition overrides site.toml for this run's outputs (SARIF and checklist).
        result.edition = edition.as_str().to_string();
    }
    for lp in &loaded {
        if let crate::pack::PackTrust::Unverified(why) = &lp.pack.trust {
            result.notifications.push(crate::findings::Notification {
                level: crate::findings::NotificationLevel::Warning,
                kind: crate::findings::NotificationKind::UnverifiedPack,
                device: None,
                pack: Some(lp.pack.manifest.pack.id.clone()),
                message: format!(
                    "pack {} ({}) is NOT verified and was used only because of --allow-unsigned: {why}",
                    lp.pack.manifest.pack.id, lp.pack.origin
                ),
            });
        }
    }
    tracing::debug!(elapsed_ms = phase.elapsed().as_millis() as u64, devices = result.devices.len(), "parsed and evaluated");
    let phase = std::time::Instant::now();

    let all_packs: Vec<&Pack> = loaded.iter().map(|l| &l.pack).collect();
    let working: Vec<&Pack> = loaded.iter().filter(|l| l.module.is_ok()).map(|l| &l.pack).collect();
    // What people vouch for and accept (attestations.toml, waivers.toml), judged on
    // the scan date.
    let scanned: Vec<&str> = result.devices.iter().map(|d| d.name.as_str()).collect();
    let waivers = crate::waivers::evaluate(&site, &result.findings, &scanned, today, job.lang);
    result.notifications.extend(waivers.notifications.iter().cloned());
    let mut checklist = checklist::build(&result, &working, job.lang);
    let attestations = crate::attestations::apply(&mut checklist, &site, today, job.lang);
    crate::waivers::apply(&mut checklist, &waivers, &site, &result.findings);
    let checklist = checklist;

    // The baseline is read before this run can become `latest`.
    let previous = job
        .baseline
        .clone()
        .or_else(|| if job.out.is_none() { crate::history::latest(&site.root).map(|r| r.join("results.sarif")) } else { None });
    let comparison = match previous {
        Some(path) => match crate::baseline::Log::load(&path) {
            Ok(log) => {
                let scanned: std::collections::HashSet<&str> = result.devices.iter().map(|d| d.name.as_str()).collect();
                Some(crate::baseline::compare(&result.findings, &scanned, &log, job.lang))
            }
            Err(e) if job.baseline.is_some() => return Err(e.into()),
            Err(e) => {
                tracing::warn!(error = %e, "previous run unreadable; this run has no baseline");
                None
            }
        },
        None => None,
    };
    let out_dir = match &job.out {
        Some(o) => o.clone(),
        None => crate::history::new_run_dir(&site.root, result.started),
    };
    // SARIF is streamed to disk as it is built, compact: tools read it, and a large
    // site's log would not otherwise fit the memory budget.
    let write_sarif: FileWriter = Box::new(|w| {
        crate::sarif::write(&result, &all_packs, &site.root, job.lang, comparison.as_ref(), Some(&waivers), w)
            .map_err(std::io::Error::other)
    });
    let write_checklist: FileWriter = Box::new(|w| serde_json::to_writer(w, &checklist).map_err(std::io::Error::other));
    // The trend in checklist.html: the site's earlier runs, then this one.
    let trend = crate::history::trend(&site.root, 9).unwrap_or_default();
    let write_html: FileWriter = Box::new(|w| {
        let quotes = crate::forms::Quotes::read(&site, &checklist);
        let html = crate::forms::html(&checklist, &working, job.lang, &trend, &quotes).map_err(std::io::Error::other)?;
        w.write_all(html.as_bytes())
    });
    let write_csv: FileWriter =
        Box::new(|w| w.write_all(&crate::forms::checklist_csv(&checklist, job.lang).map_err(std::io::Error::other)?));
    let write_ledger: FileWriter =
        Box::new(|w| w.write_all(&crate::forms::ledger_csv(&site, &result, job.lang).map_err(std::io::Error::other)?));
    let write_collect: FileWriter = Box::new(|w| {
        serde_json::to_writer_pretty(w, &collect_status(&result, collection.as_ref())).map_err(std::io::Error::other)
    });
    let run_name = out_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let write_summary: FileWriter = Box::new(|w| {
        serde_json::to_writer_pretty(w, &crate::history::RunStatus::of(&run_name, &checklist)).map_err(std::io::Error::other)
    });
    crate::output::write_run(
        &out_dir,
        vec![
            ("results.sarif", write_sarif),
            ("checklist.json", write_checklist),
            ("checklist.html", write_html),
            ("checklist.csv", write_csv),
            ("ledger.csv", write_ledger),
            ("collect.json", write_collect),
            (crate::history::SUMMARY, write_summary),
        ],
    )
    .map_err(|source| JobError::Write { path: out_dir.clone(), source })?;
    tracing::debug!(elapsed_ms = phase.elapsed().as_millis() as u64, out = %out_dir.display(), "outputs written");
    if job.out.is_none() {
        // Only now is the run complete: point `latest` at it, then apply retention.
        crate::history::set_latest(&site.root, &out_dir)?;
        for old in crate::history::prune(&site.root, job.keep)? {
            tracing::info!(run = %old.display(), "removed run beyond --keep");
        }
    }

    let worst_failure = result
        .findings
        .iter()
        .filter(|f| f.status == Status::Fail)
        // An accepted risk does not fail the run; an expired waiver accepts nothing.
        .filter(|f| waivers.of(f).is_none())
        .filter_map(|f| {
            all_packs.iter().find(|p| p.manifest.pack.id == f.pack).and_then(|p| p.manifest.rule(&f.rule)).map(|r| r.severity)
        })
        .max();
    let rule_count = working.iter().map(|p| p.manifest.rules.len()).sum();
    let packs =
        all_packs.iter().map(|p| (p.manifest.pack.id.clone(), p.manifest.pack.version.clone(), p.origin.clone())).collect();
    let changes = comparison.as_ref().map(|c| Changes {
        new_failures: c.new_failures,
        fixed: c.fixed,
        new_list: c.new_list.clone(),
        fixed_list: c.fixed_list.clone(),
    });
    Ok(ScanOutcome {
        scan: result,
        checklist,
        out_dir,
        packs,
        worst_failure,
        rule_count,
        changes,
        collection,
        waivers,
        attestations,
    })
}

/// The short human summary printed after a scan.
pub fn summary(outcome: &ScanOutcome, lang: Lang) -> String {
    use std::fmt::Write;
    let s = &outcome.scan;
    let parsed = s.devices.iter().filter(|d| d.state == DeviceState::Parsed).count();
    let mut out = String::new();
    let errors = s.notifications.iter().filter(|n| n.level == NotificationLevel::Error).count();
    let warnings = s.notifications.len() - errors;
    let (total, unreadable, rules) = (s.devices.len(), s.devices.len() - parsed, outcome.rule_count);
    let _ = match lang {
        Lang::Ja => writeln!(
            out,
            "kenshin: {} ({}) — 機器 {total} 台（読込 {parsed}、読込不可 {unreadable}）、ルール {rules}、通知 エラー {errors} / 警告 {warnings}",
            s.site_name, s.edition
        ),
        Lang::En => writeln!(
            out,
            "kenshin: {} ({}) — {total} devices ({parsed} read, {unreadable} unreadable), {rules} rules, notifications: {errors} errors / {warnings} warnings",
            s.site_name, s.edition
        ),
    };
    for item in &outcome.checklist.items {
        let count = |st: ItemStatus| item.devices.iter().filter(|d| d.status == st).count();
        let title = match lang {
            Lang::Ja => item.title.ja,
            Lang::En => item.title.en,
        };
        let title: String = title.chars().take(28).collect();
        let status = pad(item.status.label(lang), 12);
        let number = item.number;
        // Items answered by attestations have no device counts to show.
        let _ = if item.status == ItemStatus::Manual || (item.devices.is_empty() && !item.overrides.is_empty()) {
            writeln!(out, "  {number:<6} {:<20} {status} {title}", item.key)
        } else {
            writeln!(
                out,
                "  {number:<6} {:<20} {status} pass {:>4}  fail {:>4}  unknown {:>4}  n/a {:>4}  {title}",
                item.key,
                count(ItemStatus::Pass),
                count(ItemStatus::Fail),
                count(ItemStatus::Unknown),
                count(ItemStatus::NotApplicable),
            )
        };
    }
    let accepted = outcome.waivers.accepted.len();
    if accepted > 0 || !outcome.waivers.expired.is_empty() || !outcome.waivers.unused.is_empty() {
        let (expired, unused) = (outcome.waivers.expired.len(), outcome.waivers.unused.len());
        let _ = match lang {
            Lang::Ja => {
                writeln!(out, "  例外承認: {accepted} 件の結果を承認済み、期限切れ {expired}、未使用 {unused}（waivers.toml）")
            }
            Lang::En => {
                writeln!(out, "  waivers: {accepted} results accepted, {expired} expired, {unused} unused (waivers.toml)")
            }
        };
    }
    for n in s.notifications.iter().filter(|n| n.level >= NotificationLevel::Warning).take(20) {
        let _ = writeln!(out, "  {}: {}", if n.level == NotificationLevel::Error { "error" } else { "warning" }, n.message);
    }
    if let Some(c) = &outcome.changes {
        for (label, list) in [("new", &c.new_list), ("fixed", &c.fixed_list)] {
            for entry in list.iter().take(20) {
                let _ = writeln!(out, "  {label}: {entry}");
            }
            if list.len() > 20 {
                let _ = writeln!(out, "  {label}: ... and {} more (kenshin diff)", list.len() - 20);
            }
        }
    }
    let _ = writeln!(out, "  → {}", Path::new(&outcome.out_dir).join("results.sarif").display());
    out
}

/// Pads to a terminal width, counting East Asian wide characters as two columns.
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// The one line every scan ends with, for logs and monitoring:
/// `kenshin: done devices ok=5 partial=1 failed=0 findings new=2 fixed=1 failing=14 exit=1`.
pub fn final_line(outcome: &ScanOutcome, exit_code: u8) -> String {
    use crate::findings::NotificationLevel as Level;
    let s = &outcome.scan;
    let (mut ok, mut partial, mut failed) = (0, 0, 0);
    for d in &s.devices {
        let troubled = s.notifications.iter().any(|n| n.device.as_deref() == Some(d.name.as_str()) && n.level >= Level::Warning);
        match (d.state, troubled) {
            (DeviceState::Missing, _) => failed += 1,
            (DeviceState::Parsed, true) => partial += 1,
            (DeviceState::Parsed, false) => ok += 1,
        }
    }
    let failing = s.findings.iter().filter(|f| f.status == Status::Fail).count();
    let (new, fixed) = match &outcome.changes {
        Some(c) => (c.new_failures.to_string(), c.fixed.to_string()),
        None => (failing.to_string(), "0".to_string()),
    };
    format!(
        "kenshin: done devices ok={ok} partial={partial} failed={failed} findings new={new} fixed={fixed} failing={failing} exit={exit_code}"
    )
}

/// `collect.json` of a run: per device, whether its evidence could be read and what
/// went wrong, so a run folder says by itself which devices it covers.
fn collect_status(scan: &ScanResult, collection: Option<&kenshin_collect::CollectReport>) -> serde_json::Value {
    let devices: Vec<serde_json::Value> = scan
        .devices
        .iter()
        .map(|d| {
            let notes: Vec<&str> = scan
                .notifications
                .iter()
                .filter(|n| n.device.as_deref() == Some(d.name.as_str()))
                .map(|n| n.message.as_str())
                .collect();
            let mut v = serde_json::json!({"device": d.name, "platform": d.platform, "state": d.state, "notes": notes});
            if let Some(c) = collection.and_then(|c| c.device(&d.name)) {
                v["collection"] = serde_json::json!({
                    "connector": "ssh", "status": c.status, "errors": c.errors,
                    "artifacts": c.artifacts, "seconds": c.elapsed.as_secs_f64(),
                });
            }
            v
        })
        .collect();
    serde_json::json!({"started": scan.started.to_string(), "finished": scan.finished.to_string(), "devices": devices})
}
