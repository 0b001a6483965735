//! SARIF 2.1.0 output (via `serde-sarif`).
//!
//! One run per scan. Rules come from the pack manifests in the `--lang` language with
//! Markdown help, `security-severity` and the checklist keys as tags. Each result is
//! located in the snapshot artifact (`SNAPSHOTS`-relative URI and line region); a
//! result without evidence points at the device's line in `inventory.toml` (`SITE`),
//! because SARIF consumers such as GitHub code scanning require a location.
//! `partialFingerprints` hash pack, rule, device and subject — never a line number —
//! so results keep their identity when unrelated configuration lines move.
//! Only line numbers and messages leave the snapshot: no artifact text, so no secret
//! can be copied into SARIF. A result accepted by a waiver (waivers.toml) carries a
//! `suppressions` entry: kind `external` (the waiver lives outside the configuration),
//! status `accepted`, the reason, approver and expiry as `justification`, located at
//! the waiver's line (`SITE` base id).

use std::collections::BTreeMap;
use std::path::Path;

use kenshin_policy::Status;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use rayon::prelude::*;
use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, LogicalLocation, Message, MultiformatMessageString,
    Notification as SarifNotification, PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor,
    ReportingDescriptorReference, Result as SarifResult, ResultKind, ResultLevel, Run, Sarif, Suppression, Tool, ToolComponent,
};
use sha2::{Digest, Sha256};

use crate::baseline::Comparison;
use crate::findings::{Finding, NotificationLevel, SITE_DEVICE};
use crate::pack::{Lang, Pack, Severity};
use crate::scan::ScanResult;
use crate::waivers::{Accepted, Applied};

/// Schema URI written into `$schema`.
pub const SCHEMA_URI: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// Key of kenshin's entry in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "kenshinFindingHash/v1";

/// Characters left as they are in a relative URI segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The stable identity of a finding across scans.
pub fn fingerprint(f: &Finding) -> String {
    let mut h = Sha256::new();
    for part in [&f.pack, &f.rule, &f.device, &f.subject] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    hex::encode(&h.finalize()[..16])
}

fn text(s: impl Into<String>) -> Message {
    Message::builder().text(s.into()).build()
}

fn dir_uri(path: &Path) -> String {
    // A `file:` URI of the absolute path, each segment percent-encoded (site folders
    // often have Japanese names), ending in `/` as SARIF requires of base URIs.
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let segments: Vec<String> = abs
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(utf8_percent_encode(&s.to_string_lossy(), SEGMENT).to_string()),
            _ => None,
        })
        .collect();
    format!("file:///{}/", segments.join("/"))
}

fn relative_uri(parts: &[&str]) -> String {
    parts.iter().map(|p| utf8_percent_encode(p, SEGMENT).to_string()).collect::<Vec<_>>().join("/")
}

fn level(s: Severity) -> ResultLevel {
    match s {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Note => ResultLevel::Note,
    }
}

/// Builds the SARIF log of a scan in memory.
pub fn build(scan: &ScanResult, packs: &[&Pack], site_root: &Path, lang: Lang, baseline: Option<&Comparison>) -> Sarif {
    build_with_waivers(scan, packs, site_root, lang, baseline, None)
}

/// [`build`], with the results that `waivers` accept suppressed.
pub fn build_with_waivers(
    scan: &ScanResult,
    packs: &[&Pack],
    site_root: &Path,
    lang: Lang,
    baseline: Option<&Comparison>,
    waivers: Option<&Applied>,
) -> Sarif {
    let (mut log, stream) = parts(scan, packs, site_root, lang, baseline, waivers);
    let mut results = Vec::with_capacity(scan.findings.len());
    stream
        .for_each_chunk(|chunk| {
            results.extend(chunk);
            Ok::<(), std::convert::Infallible>(())
        })
        .unwrap_or_else(|never| match never {});
    if let Some(b) = baseline {
        results.extend(b.absent.iter().filter_map(|v| serde_json::from_value(v.clone()).ok()));
    }
    log.runs[0].results = Some(results);
    log
}

/// Writes the SARIF log of a scan, building results a chunk at a time so that a large
/// site's log is never held in memory as a whole.
pub fn write(
    scan: &ScanResult,
    packs: &[&Pack],
    site_root: &Path,
    lang: Lang,
    baseline: Option<&Comparison>,
    waivers: Option<&Applied>,
    w: impl std::io::Write,
) -> serde_json::Result<()> {
    let (log, stream) = parts(scan, packs, site_root, lang, baseline, waivers);
    serde_json::to_writer(w, &Streamed { log: &log, results: &stream })
}

/// The results of a scan, built on demand, in parallel, a chunk at a time.
struct ResultStream<'a> {
    findings: &'a [Finding],
    baseline: Option<&'a Comparison>,
    rule_index: BTreeMap<(&'a str, &'a str), (usize, Severity)>,
    device_lines: BTreeMap<&'a str, usize>,
    /// Packs used with `--allow-unsigned` whose signature did not verify.
    unverified: std::collections::BTreeSet<&'a str>,
    waivers: Option<&'a Applied>,
    lang: Lang,
}

impl ResultStream<'_> {
    const CHUNK: usize = 4096;

    /// The inventory line a result without evidence points at: the device's entry,
    /// or line 1 for a result about the site as a whole (inventory.toml is the 台帳).
    fn inventory_line(&self, device: &str) -> usize {
        if device == SITE_DEVICE {
            return 1;
        }
        self.device_lines.get(device).copied().unwrap_or(0)
    }

    fn for_each_chunk<E>(&self, mut f: impl FnMut(Vec<SarifResult>) -> Result<(), E>) -> Result<(), E> {
        for chunk in self.findings.chunks(Self::CHUNK) {
            let built: Vec<SarifResult> = chunk
                .par_iter()
                .filter_map(|f| {
                    let (index, severity) = self.rule_index.get(&(f.pack.as_str(), f.rule.as_str()))?;
                    let mut r = result(f, *index, *severity, self.inventory_line(&f.device), self.lang);
                    if self.unverified.contains(f.pack.as_str())
                        && let Some(props) = r.properties.as_mut()
                    {
                        props.additional_properties.insert("packVerified".into(), json!(false));
                    }
                    if let Some(state) = self.baseline.and_then(|b| b.states.get(&fingerprint(f))) {
                        r.baseline_state = Some(json!(state.as_str()));
                    }
                    if let Some(accepted) = self.waivers.and_then(|w| w.of(f)) {
                        r.suppressions = Some(vec![suppression(accepted)]);
                    }
                    Some(r)
                })
                .collect();
            f(built)?;
        }
        Ok(())
    }
}

impl serde::Serialize for ResultStream<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(None)?;
        self.for_each_chunk(|chunk| chunk.iter().try_for_each(|r| seq.serialize_element(r)))?;
        for absent in self.baseline.map(|b| b.absent.as_slice()).unwrap_or(&[]) {
            seq.serialize_element(absent)?;
        }
        seq.end()
    }
}

/// A log whose single run gets its `results` from a [`ResultStream`].
struct Streamed<'a> {
    log: &'a Sarif,
    results: &'a ResultStream<'a>,
}

#[derive(serde::Serialize)]
struct RunWithResults<'a> {
    #[serde(flatten)]
    run: &'a Run,
    results: &'a ResultStream<'a>,
}

impl serde::Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        if let Some(schema) = &self.log.schema {
            map.serialize_entry("$schema", schema)?;
        }
        map.serialize_entry("version", &self.log.version)?;
        let runs: Vec<RunWithResults> = self.log.runs.iter().map(|run| RunWithResults { run, results: self.results }).collect();
        map.serialize_entry("runs", &runs)?;
        map.end()
    }
}

/// Everything of the log but its results, and the results to come.
fn parts<'a>(
    scan: &'a ScanResult,
    packs: &[&'a Pack],
    site_root: &Path,
    lang: Lang,
    baseline: Option<&'a Comparison>,
    waivers: Option<&'a Applied>,
) -> (Sarif, ResultStream<'a>) {
    let mut rules = Vec::new();
    let mut rule_index: BTreeMap<(&'a str, &'a str), (usize, Severity)> = BTreeMap::new();
    for pack in packs {
        for rule in &pack.manifest.rules {
            let mut props = BTreeMap::new();
            if let Some(s) = rule.security_severity {
                props.insert("security-severity".to_string(), json!(format!("{s:.1}")));
            }
            props.insert("precision".to_string(), json!("high"));
            props.insert("pack".to_string(), json!(pack.manifest.pack.id));
            props.insert("packVerified".to_string(), json!(pack.trust.is_verified()));
            let mut tags = vec!["security".to_string()];
            tags.extend(rule.checklist.iter().map(|k| format!("checklist/{k}")));
            let title = rule.title.get(lang).to_string();
            let help = rule.help.get(lang).trim().to_string();
            rule_index.insert((pack.manifest.pack.id.as_str(), rule.id.as_str()), (rules.len(), rule.severity));
            rules.push(
                ReportingDescriptor::builder()
                    .id(rule.id.clone())
                    .name(pascal_case(&rule.title.en))
                    .short_description(MultiformatMessageString::builder().text(title.clone()).build())
                    .full_description(MultiformatMessageString::builder().text(format!("{title}.")).build())
                    .help(MultiformatMessageString::builder().text(help.clone()).markdown(help).build())
                    .default_configuration(ReportingConfiguration::builder().level(json!(rule.severity.as_str())).build())
                    .properties(PropertyBag::builder().tags(tags).additional_properties(props).build())
                    .build(),
            );
        }
    }
    let device_lines: BTreeMap<&str, usize> = scan.devices.iter().map(|d| (d.name.as_str(), d.inventory_line)).collect();
    let unverified: std::collections::BTreeSet<&'a str> =
        packs.iter().filter(|p| !p.trust.is_verified()).map(|p| p.manifest.pack.id.as_str()).collect();

    let notifications: Vec<SarifNotification> = scan
        .notifications
        .iter()
        .map(|n| {
            let mut b = SarifNotification::builder()
                .message(text(n.message.clone()))
                .level(json!(match n.level {
                    NotificationLevel::Error => "error",
                    NotificationLevel::Warning => "warning",
                    NotificationLevel::Note => "note",
                }))
                .descriptor(ReportingDescriptorReference::builder().id(n.kind.id()).build())
                .build();
            if let Some(device) = &n.device {
                let line = device_lines.get(device.as_str()).copied().unwrap_or(0);
                b.locations = Some(vec![inventory_location(device, line)]);
            }
            b
        })
        .collect();

    let notification_descriptors: Vec<ReportingDescriptor> = crate::findings::NotificationKind::ALL
        .iter()
        .map(|k| {
            ReportingDescriptor::builder()
                .id(k.id())
                .name(k.name())
                .short_description(MultiformatMessageString::builder().text(k.description()).build())
                .full_description(MultiformatMessageString::builder().text(k.description()).build())
                .help(MultiformatMessageString::builder().text(k.help()).markdown(k.help()).build())
                .build()
        })
        .collect();

    let mut driver = ToolComponent::builder()
        .name("kenshin")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    driver.notifications = Some(notification_descriptors);

    let invocation = Invocation::builder()
        .execution_successful(true)
        .start_time_utc(scan.started.to_string())
        .end_time_utc(scan.finished.to_string())
        .tool_execution_notifications(notifications)
        .build();

    let mut base_ids = BTreeMap::new();
    base_ids.insert("SNAPSHOTS".to_string(), ArtifactLocation::builder().uri(dir_uri(&site_root.join("snapshots"))).build());
    base_ids.insert("SITE".to_string(), ArtifactLocation::builder().uri(dir_uri(site_root)).build());

    let mut run_props = BTreeMap::new();
    run_props.insert("site".to_string(), json!(scan.site_name));
    run_props.insert("edition".to_string(), json!(scan.edition));
    run_props.insert(
        "language".to_string(),
        json!(match lang {
            Lang::Ja => "ja",
            Lang::En => "en",
        }),
    );
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .invocations(vec![invocation])
        .properties(PropertyBag::builder().additional_properties(run_props).build())
        .build();
    run.original_uri_base_ids = Some(base_ids);
    run.column_kind = Some(json!("utf16CodeUnits"));

    let log = Sarif::builder().version(json!("2.1.0")).schema(SCHEMA_URI).runs(vec![run]).build();
    (log, ResultStream { findings: &scan.findings, baseline, rule_index, device_lines, unverified, waivers, lang })
}

fn inventory_location(device: &str, line: usize) -> Location {
    let mut region = None;
    if line > 0 {
        region = Some(Region::builder().start_line(line as i64).build());
    }
    let mut physical = PhysicalLocation::builder()
        .artifact_location(ArtifactLocation::builder().uri("inventory.toml").uri_base_id("SITE").build())
        .build();
    physical.region = region;
    Location::builder()
        .physical_location(physical)
        .logical_locations(vec![LogicalLocation::builder().name(device).kind("resource").build()])
        .build()
}

/// The SARIF suppression of a result a waiver accepts.
fn suppression(a: &Accepted) -> Suppression {
    let physical = PhysicalLocation::builder()
        .artifact_location(ArtifactLocation::builder().uri(crate::waivers::FILE).uri_base_id("SITE").build())
        .region(Region::builder().start_line(a.line.max(1) as i64).build())
        .build();
    let mut props = BTreeMap::new();
    props.insert("approver".to_string(), json!(a.approver));
    props.insert("expires".to_string(), json!(a.expires.to_string()));
    props.insert("reason".to_string(), json!(a.reason));
    Suppression::builder()
        .kind(json!("external"))
        .status(json!("accepted"))
        .justification(a.justification.clone())
        .location(Location::builder().physical_location(physical).build())
        .properties(PropertyBag::builder().additional_properties(props).build())
        .build()
}

fn result(f: &Finding, index: usize, severity: Severity, inventory_line: usize, lang: Lang) -> SarifResult {
    let (kind, level) = match f.status {
        Status::Fail => (ResultKind::Fail, level(severity)),
        Status::Pass => (ResultKind::Pass, ResultLevel::None),
        // SARIF "open": the tool could not determine whether the problem exists.
        Status::Unknown => (ResultKind::Open, ResultLevel::None),
        Status::NotApplicable => (ResultKind::NotApplicable, ResultLevel::None),
    };
    let message = match lang {
        Lang::Ja => f.message.ja.clone().unwrap_or_else(|| f.message.en.clone()),
        Lang::En => f.message.en.clone(),
    };
    // A site result's evidence has no device snapshot to point into.
    let evidence: &[kenshin_facts::Evidence] = if f.device == SITE_DEVICE { &[] } else { &f.evidence };
    let mut locations: Vec<Location> = evidence
        .iter()
        .take(10)
        .map(|e| {
            let first = e.lines[0].max(1) as i64;
            let last = (e.lines[1] as i64).max(first);
            let physical = PhysicalLocation::builder()
                .artifact_location(
                    ArtifactLocation::builder().uri(relative_uri(&[&f.device, &e.artifact])).uri_base_id("SNAPSHOTS").build(),
                )
                .region(Region::builder().start_line(first).end_line(last).build())
                .build();
            Location::builder()
                .physical_location(physical)
                .logical_locations(vec![LogicalLocation::builder().name(f.device.clone()).kind("resource").build()])
                .build()
        })
        .collect();
    if locations.is_empty() {
        locations.push(inventory_location(&f.device, inventory_line));
    }
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(FINGERPRINT_KEY.to_string(), fingerprint(f));
    let mut props: BTreeMap<String, serde_json::Value> = f.properties.clone().into_iter().collect();
    props.insert("device".into(), json!(f.device));
    props.insert("subject".into(), json!(f.subject));
    SarifResult::builder()
        .rule_id(f.rule.clone())
        .rule_index(index as i64)
        .kind(kind)
        .level(level)
        .message(text(message))
        .locations(locations)
        .partial_fingerprints(fingerprints)
        .properties(PropertyBag::builder().additional_properties(props).build())
        .build()
}

/// `Firmware in a known-exploited vulnerable range` → `FirmwareInAKnownExploitedVulnerableRange`.
fn pascal_case(s: &str) -> String {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + &c.as_str().to_ascii_lowercase()).unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_uris() {
        assert_eq!(pascal_case("Telnet disabled"), "TelnetDisabled");
        assert_eq!(pascal_case("Management access (SSH/Telnet) restricted"), "ManagementAccessSshTelnetRestricted");
        assert_eq!(relative_uri(&["core-rtr", "show running config.txt"]), "core-rtr/show%20running%20config.txt");
        assert!(dir_uri(Path::new("/tmp/病院 A")).ends_with("/tmp/%E7%97%85%E9%99%A2%20A/"));
    }
}
