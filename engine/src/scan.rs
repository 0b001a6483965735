//! One scan: site → snapshots → facts → sandboxed evaluation → findings.
//!
//! Devices are independent: each is parsed and evaluated on its own (in parallel,
//! on all cores), and whatever goes wrong with one device or one module becomes a
//! [`Notification`] for it while the rest of the scan goes on.

use std::time::Duration;

use kenshin_connectors::snapshot::CollectStatus;
use kenshin_connectors::{Site, Snapshot, platform};
use kenshin_facts::{Device, Facts};
use kenshin_policy::{Credential, PackInfo, ScanInfo, SiteInfo};
use kenshin_secrets::{Secret, SecretKind};
use rayon::prelude::*;
use serde_json::value::RawValue;

use crate::findings::{DeviceOutcome, DeviceState, Finding, Notification, NotificationKind, NotificationLevel, SITE_DEVICE};
use crate::pack::Pack;
use crate::sandbox::{PolicyModule, Sandbox, SandboxConfig, SandboxError, site_deadline};

/// A pack and its module, loaded once per scan.
pub struct LoadedPack {
    pub pack: Pack,
    /// `Err` when the module was refused; the pack then contributes no results.
    pub module: Result<PolicyModule, SandboxError>,
    info: PackInfo,
    /// The pack's parameter defaults overlaid with the site's `[params]`.
    params: serde_json::Map<String, serde_json::Value>,
    /// The pack's data files as JSON, serialised once: every device's input carries
    /// them, and they do not change during a scan. `None` when the pack has none.
    data: Option<Box<RawValue>>,
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
        // A map of JSON values always serialises.
        let data = (!pack.data.is_empty()).then(|| serde_json::value::to_raw_value(&pack.data).ok()).flatten();
        LoadedPack { pack, module, info, params, data }
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
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a RawValue>,
}

/// The site entry point's input, borrowed (ABI v1 `kenshin_evaluate_site`).
#[derive(serde::Serialize)]
struct SiteInputRef<'a> {
    abi: u32,
    pack: &'a PackInfo,
    site: &'a SiteInfo,
    scan: &'a ScanInfo,
    params: &'a serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a RawValue>,
    devices: &'a [&'a Facts],
    credentials: &'a [Credential],
    unlisted_snapshots: Option<&'a [String]>,
}

/// Marks every credential fingerprint, so that a test can tell one in an output.
pub const FINGERPRINT_PREFIX: &str = "kcfp1:";

/// The key of this scan's credential fingerprints: made from the OS random source for
/// each scan, never written anywhere and wiped when the scan is done, so a
/// fingerprint says "same secret as that other device in this scan" and nothing else
/// (it cannot be matched against a dictionary, nor against another scan).
pub struct ScanKey([u8; 32]);

impl ScanKey {
    pub fn new() -> Result<ScanKey, getrandom::Error> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key)?;
        Ok(ScanKey(key))
    }

    /// HMAC-SHA256 over the credential's family and value.
    fn fingerprint(&self, family: &str, value: &str) -> String {
        use hmac::Mac;
        // HMAC accepts keys of any length; `new_from_slice` cannot fail here.
        let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.0) else {
            return String::new();
        };
        mac.update(family.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        format!("{FINGERPRINT_PREFIX}{}", hex::encode(mac.finalize().into_bytes()))
    }

    /// The fingerprints of a device's password-like secrets (ABI `credentials`).
    pub fn credentials(&self, device: &str, secrets: &[(String, Secret)]) -> Vec<Credential> {
        let mut out: Vec<Credential> = secrets
            .iter()
            .filter_map(|(artifact, secret)| {
                let family = credential_family(secret.kind)?;
                let value = secret.value();
                // A stored (masked) snapshot holds the mask, not a secret; defaults such
                // as `public` are findings of their own, and would make every device
                // "share" them.
                if value.is_empty()
                    || value == kenshin_secrets::MASK
                    || (secret.kind == SecretKind::SnmpCommunity && kenshin_secrets::is_well_known(value))
                {
                    return None;
                }
                // Type 7 is a reversible encoding with a random salt: compare what it
                // encodes, so `password 7 …` and `password …` of one secret match.
                let decoded = (secret.kind == SecretKind::Type7Password).then(|| type7_decode(value)).flatten();
                let kind = serde_json::to_value(secret.kind).ok()?.as_str()?.to_string();
                Some(Credential {
                    device: device.to_string(),
                    artifact: artifact.clone(),
                    line: secret.line,
                    kind,
                    fingerprint: self.fingerprint(family, decoded.as_deref().unwrap_or(value)),
                })
            })
            .collect();
        out.sort_by(|a, b| (&a.artifact, a.line, &a.kind).cmp(&(&b.artifact, b.line, &b.kind)));
        out.dedup_by(|a, b| a.artifact == b.artifact && a.line == b.line && a.kind == b.kind);
        out
    }
}

impl Drop for ScanKey {
    fn drop(&mut self) {
        self.0 = [0; 32];
        // Keep the wipe from being optimised away as a dead store.
        std::hint::black_box(&self.0);
    }
}

/// The reuse family of a password-like secret; `None` for secrets that are not
/// credentials someone types (private keys, SNMPv3 keys, LM hashes, unknown).
fn credential_family(kind: SecretKind) -> Option<&'static str> {
    use SecretKind::*;
    match kind {
        PlainPassword | Type7Password | Type6Password | Md5Hash | Type8Hash | Type9Hash | ShaCryptHash | OtherHash | FortiEnc
        | YamahaEncrypted | JunosEncrypted | PanosEncrypted | NtHash => Some("password"),
        SnmpCommunity => Some("snmp_community"),
        PreSharedKey => Some("pre_shared_key"),
        SnmpV3Key | PrivateKey | LmHash | Other => None,
    }
}

/// Decodes a Cisco type 7 string (two decimal digits of salt, then hex bytes XORed
/// with a fixed, public key); `None` when it is not one.
fn type7_decode(encoded: &str) -> Option<String> {
    const XLAT: &[u8] = b"dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";
    if encoded.len() < 4 || !encoded.len().is_multiple_of(2) || !encoded.is_ascii() {
        return None;
    }
    let salt: usize = encoded.get(..2)?.parse().ok()?;
    let mut out = Vec::with_capacity(encoded.len() / 2);
    for (i, pair) in encoded.as_bytes()[2..].chunks(2).enumerate() {
        let byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
        out.push(byte ^ XLAT[(salt + i) % XLAT.len()]);
    }
    String::from_utf8(out).ok()
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
    /// The secrets masked out of the snapshot (by artifact), for credential
    /// fingerprints; values never leave the engine.
    pub secrets: Vec<(String, Secret)>,
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
                return ParsedDevice { facts: None, platform: entry.platform.clone(), notes, secrets: Vec::new() };
            }
        }
    }
    let snapshot = match Snapshot::load(&entry.name, &site.snapshot_dir(&entry.name)) {
        Ok(s) => s,
        Err(e) => {
            notes.push(note(NotificationLevel::Error, NotificationKind::Snapshot, e.to_string()));
            return ParsedDevice { facts: None, platform: entry.platform.clone(), notes, secrets: Vec::new() };
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
                return ParsedDevice { facts: None, platform: entry.platform.clone(), notes, secrets: Vec::new() };
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
                return ParsedDevice { facts: None, platform: entry.platform.clone(), notes, secrets: Vec::new() };
            }
        }
    };
    let device = Device { name: entry.name.clone(), platform: platform.name.to_string(), kind: entry.kind, hostname: None };
    let out = platform::parse(platform, device, &snapshot);
    for n in out.notes {
        notes.push(note(NotificationLevel::Warning, NotificationKind::Parse, n));
    }
    ParsedDevice { facts: Some(out.facts), platform: platform.name.to_string(), notes, secrets: snapshot.secrets }
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
    let key = match ScanKey::new() {
        Ok(k) => Some(k),
        Err(e) => {
            notifications.push(Notification {
                level: NotificationLevel::Warning,
                kind: NotificationKind::Module,
                device: None,
                pack: None,
                message: format!("no random key for credential fingerprints ({e}): password reuse cannot be determined"),
            });
            None
        }
    };
    let entries: Vec<_> = site.inventory.devices.iter().filter(|d| only.is_empty() || only.contains(&d.name)).collect();
    let evaluate_all = || -> Vec<DeviceRun> {
        entries
            .par_iter()
            .map(|entry| {
                evaluate_device(
                    site,
                    entry,
                    packs,
                    (&site_info, &scan_info),
                    collection.and_then(|c| c.device(&entry.name)),
                    key.as_ref(),
                )
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
    let mut all_facts = Vec::new();
    let mut credentials = Vec::new();
    for run in per_device {
        devices.push(run.outcome);
        findings.extend(run.findings);
        notifications.extend(run.notes);
        all_facts.extend(run.facts);
        credentials.extend(run.credentials);
    }
    // The key has done its work: drop (and wipe) it before anything is written.
    drop(key);
    let unlisted = match site.unlisted_snapshots() {
        Ok(u) => Some(u),
        Err(e) => {
            notifications.push(Notification {
                level: NotificationLevel::Warning,
                kind: NotificationKind::Snapshot,
                device: None,
                pack: None,
                message: format!("{}: cannot list the snapshot folders: {e}", site.snapshots_dir().display()),
            });
            None
        }
    };
    let facts_refs: Vec<&Facts> = all_facts.iter().collect();
    let site_scan = SiteScan {
        site_info: &site_info,
        scan_info: &scan_info,
        devices: &facts_refs,
        credentials: &credentials,
        unlisted_snapshots: unlisted.as_deref(),
    };
    // Site-wide rules judge the whole site: on a scan of some devices only, "no reuse"
    // or a ledger verdict would be about a part, so they are left out (unknown).
    let site_packs = if only.is_empty() { packs } else { &[] };
    for lp in site_packs {
        let Ok(module) = &lp.module else { continue };
        if !module.has_site() {
            continue;
        }
        let (results, note) = evaluate_site_pack(lp, module, &site_scan);
        notifications.extend(note);
        for r in results {
            let device = r.device.clone().unwrap_or_else(|| SITE_DEVICE.to_string());
            if let Some(d) = devices.iter_mut().find(|d| d.name == device) {
                d.evaluated.push((lp.pack.manifest.pack.id.clone(), r.rule.clone()));
                d.evaluated.sort();
                d.evaluated.dedup();
            }
            findings.push(Finding {
                pack: lp.pack.manifest.pack.id.clone(),
                rule: r.rule,
                device,
                status: r.status,
                message: r.message,
                evidence: r.evidence,
                subject: r.fingerprint,
                properties: r.properties,
            });
        }
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

/// What evaluating one device gives the rest of the scan.
struct DeviceRun {
    outcome: DeviceOutcome,
    findings: Vec<Finding>,
    notes: Vec<Notification>,
    /// The facts, for the site entry point (`None`: unreadable).
    facts: Option<Facts>,
    credentials: Vec<Credential>,
}

fn evaluate_device(
    site: &Site,
    entry: &kenshin_connectors::DeviceEntry,
    packs: &[LoadedPack],
    (site_info, scan_info): (&SiteInfo, &ScanInfo),
    collected: Option<&kenshin_collect::DeviceReport>,
    key: Option<&ScanKey>,
) -> DeviceRun {
    let ParsedDevice { facts, platform, mut notes, secrets } = device_facts_after(site, entry, collected);
    let credentials = match (&facts, key) {
        (Some(_), Some(k)) => k.credentials(&entry.name, &secrets),
        _ => Vec::new(),
    };
    drop(secrets);
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
        return DeviceRun { outcome, findings, notes, facts: None, credentials };
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
    DeviceRun { outcome, findings, notes, facts: Some(facts), credentials }
}

/// What the site entry point of every pack is given.
pub struct SiteScan<'a> {
    pub site_info: &'a SiteInfo,
    pub scan_info: &'a ScanInfo,
    pub devices: &'a [&'a Facts],
    pub credentials: &'a [Credential],
    /// `None`: the snapshot folder could not be listed.
    pub unlisted_snapshots: Option<&'a [String]>,
}

/// Runs one pack's site entry point once; on any failure its site results are
/// dropped and a notification says why (the per-device results stay).
pub fn evaluate_site_pack(
    lp: &LoadedPack,
    module: &PolicyModule,
    scan: &SiteScan<'_>,
) -> (Vec<kenshin_policy::RuleResult>, Option<Notification>) {
    let manifest = &lp.pack.manifest;
    let input = SiteInputRef {
        abi: 1,
        pack: &lp.info,
        site: scan.site_info,
        scan: scan.scan_info,
        params: &lp.params,
        data: lp.data.as_deref(),
        devices: scan.devices,
        credentials: scan.credentials,
        unlisted_snapshots: scan.unlisted_snapshots,
    };
    let fail = |message: String| Notification {
        level: NotificationLevel::Error,
        kind: NotificationKind::Module,
        device: None,
        pack: Some(manifest.pack.id.clone()),
        message: format!("pack {} (site-wide rules): {message}; its site-wide results are missing", manifest.pack.id),
    };
    let bytes = match serde_json::to_vec(&input) {
        Ok(b) => b,
        Err(e) => return (Vec::new(), Some(fail(format!("could not encode the input: {e}")))),
    };
    match module.evaluate_site(&bytes, site_deadline(module.deadline(), scan.devices.len())) {
        Ok(eval) => {
            for (level, line) in &eval.logs {
                tracing::debug!(pack = %manifest.pack.id, level, "site: {line}");
            }
            for r in &eval.output.results {
                let clip = |s: &str| s.chars().take(80).collect::<String>();
                if manifest.rule(&r.rule).is_none() {
                    let rule = clip(&r.rule);
                    return (
                        Vec::new(),
                        Some(fail(format!("module reported rule {rule:?}, which its manifest does not declare"))),
                    );
                }
                if let Some(d) = &r.device
                    && !scan.devices.iter().any(|f| f.device.name == *d)
                {
                    let d = clip(d);
                    return (
                        Vec::new(),
                        Some(fail(format!("module reported a result about {d:?}, which is not a device of this scan"))),
                    );
                }
            }
            (eval.output.results, None)
        }
        Err(e) => (Vec::new(), Some(fail(format!("policy module {e}")))),
    }
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
        data: lp.data.as_deref(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_fingerprints_are_keyed_per_scan_and_see_through_type7() {
        assert_eq!(type7_decode("0822455D0A16").as_deref(), Some("cisco"));
        assert_eq!(type7_decode("xyz"), None);
        let secrets = |kind, value: &str| vec![("cfg.txt".to_string(), Secret::new(3, kind, value))];
        let key = ScanKey::new().expect("random");
        let a = key.credentials("a", &secrets(SecretKind::Type7Password, "0822455D0A16"));
        let b = key.credentials("b", &secrets(SecretKind::PlainPassword, "cisco"));
        let c = key.credentials("c", &secrets(SecretKind::SnmpCommunity, "cisco-ro-1"));
        assert_eq!((a.len(), b.len(), c.len()), (1, 1, 1));
        assert_eq!(a[0].fingerprint, b[0].fingerprint);
        assert_eq!((a[0].kind.as_str(), a[0].line), ("type7_password", 3));
        assert!(a[0].fingerprint.starts_with(FINGERPRINT_PREFIX) && !a[0].fingerprint.contains("cisco"));
        // The family is part of the MAC: a community equal to a password is not "reuse".
        let d = key.credentials("d", &secrets(SecretKind::SnmpCommunity, "W4rd-ro"));
        let e = key.credentials("e", &secrets(SecretKind::PlainPassword, "W4rd-ro"));
        assert_ne!(d[0].fingerprint, e[0].fingerprint);
        // Another scan, another key: fingerprints do not carry over.
        let other = ScanKey::new().expect("random").credentials("b", &secrets(SecretKind::PlainPassword, "cisco"));
        assert_ne!(other[0].fingerprint, b[0].fingerprint);
        // Masks, default communities and non-password secrets are left out.
        assert!(key.credentials("e", &secrets(SecretKind::PlainPassword, kenshin_secrets::MASK)).is_empty());
        assert!(key.credentials("e", &secrets(SecretKind::SnmpCommunity, "public")).is_empty());
        assert!(key.credentials("e", &secrets(SecretKind::PrivateKey, "MIIE")).is_empty());
    }
}
