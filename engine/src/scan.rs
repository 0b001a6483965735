//! One scan: site → snapshots → facts → sandboxed evaluation → findings.
//!
//! Devices are independent: each is parsed and evaluated on its own (in parallel,
//! on all cores), and whatever goes wrong with one device or one module becomes a
//! [`Notification`] for it while the rest of the scan goes on.

use std::time::Duration;

use kenshin_connectors::snapshot::CollectStatus;
use kenshin_connectors::{Site, Snapshot, platform};
use kenshin_facts::{Device, Facts};
use kenshin_policy::{PackInfo, ScanInfo, SiteInfo};
use rayon::prelude::*;

use crate::findings::{DeviceOutcome, DeviceState, Finding, Notification, NotificationKind, NotificationLevel};
use crate::pack::Pack;
use crate::sandbox::{PolicyModule, Sandbox, SandboxConfig, SandboxError};

/// A pack and its module, loaded once per scan.
pub struct LoadedPack {
    pub pack: Pack,
    /// `Err` when the module was refused; the pack then contributes no results.
    pub module: Result<PolicyModule, SandboxError>,
    info: PackInfo,
    /// The pack's parameter defaults overlaid with the site's `[params]`.
    params: serde_json::Map<String, serde_json::Value>,
}

impl LoadedPack {
    /// Compiles and checks the pack's module in `sandbox`; `site_params` override the
    /// manifest's parameter defaults.
    pub fn load(sandbox: &Sandbox, pack: Pack, site_params: &serde_json::Map<String, serde_json::Value>) -> LoadedPack {
        let module = sandbox.load_granted(&pack.wasm, &pack.manifest.capabilities.grant());
        let mut params = match serde_json::to_value(&pack.manifest.params) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => Default::default(),
        };
        params.extend(site_params.clone());
        let info = PackInfo { id: pack.manifest.pack.id.clone(), version: pack.manifest.pack.version.clone() };
        LoadedPack { pack, module, info, params }
    }
}

/// The ABI input, borrowed: serialised once per device without copying the facts.
#[derive(serde::Serialize)]
struct InputRef<'a> {
    abi: u32,
    pack: &'a PackInfo,
    device: &'a Facts,
    site: &'a SiteInfo,
    scan: &'a ScanInfo,
    params: &'a serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    data: &'a std::collections::BTreeMap<String, serde_json::Value>,
}

/// Everything a scan found.
#[derive(Debug)]
pub struct ScanResult {
    pub site_name: String,
    pub edition: String,
    pub started: jiff::Timestamp,
    pub finished: jiff::Timestamp,
    pub devices: Vec<DeviceOutcome>,
    pub findings: Vec<Finding>,
    pub notifications: Vec<Notification>,
}

/// The sandbox limits of a site (site.toml `[sandbox]`).
pub fn sandbox_config(site: &Site) -> SandboxConfig {
    SandboxConfig {
        deadline: Duration::from_millis(u64::from(site.settings.sandbox.deadline_ms)),
        memory_limit_bytes: (site.settings.sandbox.memory_limit_mib as usize) << 20,
        ..SandboxConfig::default()
    }
}

/// Today's date in the local time zone (`YYYY-MM-DD`), as modules are told it.
pub fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

/// One device's snapshot, parsed.
#[derive(Debug)]
pub struct ParsedDevice {
    /// `None` when the snapshot could not be read or its platform not determined.
    pub facts: Option<Facts>,
    /// The platform used (the detected one for `platform = "auto"`).
    pub platform: String,
    pub notes: Vec<Notification>,
}

/// Parses one device's snapshot into facts. Never fails: problems become notes.
pub fn device_facts(site: &Site, entry: &kenshin_connectors::DeviceEntry) -> ParsedDevice {
    device_facts_after(site, entry, None)
}

/// [`device_facts`] after this scan's collection of the device: a failed collection
/// leaves the device unevaluated (the snapshot on disk is an older one, and judging
/// it as today's state would be wrong), a partial one is noted.
pub fn device_facts_after(
    site: &Site,
    entry: &kenshin_connectors::DeviceEntry,
    collected: Option<&kenshin_collect::DeviceReport>,
) -> ParsedDevice {
    let mut notes = Vec::new();
    let note = |level, kind, message: String| Notification { level, kind, device: Some(entry.name.clone()), pack: None, message };
    if let Some(c) = collected {
        match c.status {
            CollectStatus::Ok => {}
            CollectStatus::Partial => notes.push(note(
                NotificationLevel::Warning,
                NotificationKind::Collection,
                format!("collection partial: {}", c.errors.join("; ")),
            )),
            CollectStatus::Failed => {
                notes.push(note(
                    NotificationLevel::Error,
                    NotificationKind::Collection,
                    format!(
                        "collection failed, device not evaluated (its last good snapshot stays on disk): {}",
                        c.errors.join("; ")
                    ),
                ));
                return ParsedDevice { facts: None, platform: entry.platform.clone(), notes };
            }
        }
    }
    let snapshot = match Snapshot::load(&entry.name, &site.snapshot_dir(&entry.name)) {
        Ok(s) => s,
        Err(e) => {
            notes.push(note(NotificationLevel::Error, NotificationKind::Snapshot, e.to_string()));
            return ParsedDevice { facts: None, platform: entry.platform.clone(), notes };
        }
    };
    let platform = if entry.platform == "auto" {
        match platform::detect(&snapshot) {
            Some(p) => p,
            None => {
                notes.push(note(
                    NotificationLevel::Error,
                    NotificationKind::Parse,
                    format!("platform = \"auto\" but no known platform matches the artifacts in {}", snapshot.dir.display()),
                ));
                return ParsedDevice { facts: None, platform: entry.platform.clone(), notes };
            }
        }
    } else {
        match platform::find(&entry.platform) {
            Some(p) => p,
            None => {
                notes.push(note(
                    NotificationLevel::Error,
                    NotificationKind::Parse,
                    format!("unknown platform {:?}", entry.platform),
                ));
                return ParsedDevice { facts: None, platform: entry.platform.clone(), notes };
            }
        }
    };
    let device = Device { name: entry.name.clone(), platform: platform.name.to_string(), kind: entry.kind, hostname: None };
    let out = platform::parse(platform, device, &snapshot);
    for n in out.notes {
        notes.push(note(NotificationLevel::Warning, NotificationKind::Parse, n));
    }
    ParsedDevice { facts: Some(out.facts), platform: platform.name.to_string(), notes }
}

/// Scans the devices of `site` (all, or those named in `only`) with `packs`, on
/// `concurrency` threads (0: one per core).
///
/// Devices are evaluated on a thread pool of the scan's own, so that module
/// compilation (which uses rayon's global pool) is never queued behind evaluations.
pub fn scan(site: &Site, packs: &[LoadedPack], only: &[String], concurrency: usize) -> ScanResult {
    scan_after(site, packs, only, concurrency, None, jiff::Zoned::now().date())
}

/// [`scan`] after a collection: each device's collection outcome decides whether its
/// snapshot is evaluated (see [`device_facts_after`]). `date` is the scan date rules
/// see (`scan.date`), the same day attestations and waivers are judged on.
pub fn scan_after(
    site: &Site,
    packs: &[LoadedPack],
    only: &[String],
    concurrency: usize,
    collection: Option<&kenshin_collect::CollectReport>,
    date: jiff::civil::Date,
) -> ScanResult {
    let started = jiff::Timestamp::now();
    let mut notifications = Vec::new();
    for lp in packs {
        if let Err(e) = &lp.module {
            notifications.push(Notification {
                level: NotificationLevel::Error,
                kind: NotificationKind::Pack,
                device: None,
                pack: Some(lp.pack.manifest.pack.id.clone()),
                message: format!("pack {} ({}): module refused: {e}", lp.pack.manifest.pack.id, lp.pack.origin),
            });
        }
    }
    let site_info = SiteInfo {
        name: site.settings.name.clone(),
        edition: site.settings.edition.as_str().to_string(),
        management_networks: site.settings.management_networks.iter().map(|n| n.to_string()).collect(),
        vendor_maintenance_sources: site.settings.vendor_maintenance_sources.iter().map(|n| n.to_string()).collect(),
    };
    let scan_info = ScanInfo { date: date.to_string() };
    let entries: Vec<_> = site.inventory.devices.iter().filter(|d| only.is_empty() || only.contains(&d.name)).collect();
    let evaluate_all = || -> Vec<(DeviceOutcome, Vec<Finding>, Vec<Notification>)> {
        entries
            .par_iter()
            .map(|entry| {
                evaluate_device(site, entry, packs, (&site_info, &scan_info), collection.and_then(|c| c.device(&entry.name)))
            })
            .collect()
    };
    let per_device =
        match rayon::ThreadPoolBuilder::new().num_threads(concurrency).thread_name(|i| format!("kenshin-scan-{i}")).build() {
            Ok(pool) => pool.install(evaluate_all),
            Err(e) => {
                tracing::warn!(error = %e, "could not start the scan's thread pool; using the global one");
                evaluate_all()
            }
        };
    let mut devices = Vec::with_capacity(per_device.len());
    let mut findings = Vec::new();
    for (d, f, n) in per_device {
        devices.push(d);
        findings.extend(f);
        notifications.extend(n);
    }
    ScanResult {
        site_name: site.settings.name.clone(),
        edition: site.settings.edition.as_str().to_string(),
        started,
        finished: jiff::Timestamp::now(),
        devices,
        findings,
        notifications,
    }
}

fn evaluate_device(
    site: &Site,
    entry: &kenshin_connectors::DeviceEntry,
    packs: &[LoadedPack],
    (site_info, scan_info): (&SiteInfo, &ScanInfo),
    collected: Option<&kenshin_collect::DeviceReport>,
) -> (DeviceOutcome, Vec<Finding>, Vec<Notification>) {
    let ParsedDevice { facts, platform, mut notes } = device_facts_after(site, entry, collected);
    let mut outcome = DeviceOutcome {
        name: entry.name.clone(),
        platform,
        kind: entry.kind,
        inventory_line: entry.line,
        state: if facts.is_some() { DeviceState::Parsed } else { DeviceState::Missing },
        model: facts.as_ref().and_then(|f| f.firmware.as_ref()).and_then(|fw| fw.model.clone()),
        firmware: facts.as_ref().and_then(|f| f.firmware.as_ref()).map(|fw| fw.version.clone().unwrap_or_else(|| fw.raw.clone())),
        evaluated: Vec::new(),
    };
    let mut findings = Vec::new();
    let Some(facts) = facts else {
        return (outcome, findings, notes);
    };
    for lp in packs {
        let Ok(module) = &lp.module else { continue };
        let (results, note) = evaluate_pack(lp, module, &facts, site_info, scan_info);
        if let Some(n) = note {
            notes.push(n);
        }
        for r in results {
            outcome.evaluated.push((lp.pack.manifest.pack.id.clone(), r.rule.clone()));
            findings.push(Finding {
                pack: lp.pack.manifest.pack.id.clone(),
                rule: r.rule,
                device: entry.name.clone(),
                status: r.status,
                message: r.message,
                evidence: r.evidence,
                subject: r.fingerprint,
                properties: r.properties,
            });
        }
    }
    outcome.evaluated.sort();
    outcome.evaluated.dedup();
    (outcome, findings, notes)
}

/// Runs one pack on one device's facts; on any failure the pack's results for this
/// device are dropped and a notification says why.
pub fn evaluate_pack(
    lp: &LoadedPack,
    module: &PolicyModule,
    facts: &Facts,
    site_info: &SiteInfo,
    scan_info: &ScanInfo,
) -> (Vec<kenshin_policy::RuleResult>, Option<Notification>) {
    let manifest = &lp.pack.manifest;
    let input = InputRef {
        abi: 1,
        pack: &lp.info,
        device: facts,
        site: site_info,
        scan: scan_info,
        params: &lp.params,
        data: &lp.pack.data,
    };
    let fail = |message: String| Notification {
        level: NotificationLevel::Error,
        kind: NotificationKind::Module,
        device: Some(facts.device.name.clone()),
        pack: Some(manifest.pack.id.clone()),
        message,
    };
    let bytes = match serde_json::to_vec(&input) {
        Ok(b) => b,
        Err(e) => {
            return (Vec::new(), Some(fail(format!("could not encode the input: {e}"))));
        }
    };
    match module.evaluate(&bytes) {
        Ok(eval) => {
            for (level, line) in &eval.logs {
                tracing::debug!(pack = %manifest.pack.id, device = %facts.device.name, level, "{line}");
            }
            if let Some(bad) = eval.output.results.iter().find(|r| manifest.rule(&r.rule).is_none()) {
                let rule: String = bad.rule.chars().take(80).collect();
                return (
                    Vec::new(),
                    Some(fail(format!(
                        "pack {} on {}: module reported rule {rule:?}, which its manifest does not declare; its results for this device are discarded",
                        manifest.pack.id, facts.device.name
                    ))),
                );
            }
            (eval.output.results, None)
        }
        Err(e) => (
            Vec::new(),
            Some(fail(format!(
                "pack {} on {}: policy module {e}; its results for this device are missing",
                manifest.pack.id, facts.device.name
            ))),
        ),
    }
}
