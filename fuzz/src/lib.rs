//! Fuzz entry points: one function per input format kenshin reads, each taking
//! arbitrary bytes. The libFuzzer targets in `libfuzzer/fuzz_targets/` call them
//! (`cargo fuzz`, nightly, see docs/fuzzing.md); `tests/regressions.rs` replays the
//! inputs kept in `regressions/<target>/` on stable, in every `cargo test`.
//!
//! Each function must return normally for any input: errors are fine, panics are
//! the bugs being looked for. Where an input has an invariant (masking keeps the
//! line count, a redacting stream equals redacting the whole), the function asserts it.

use std::path::Path;

use kenshin_connectors::platform::{self, PLATFORMS};
use kenshin_connectors::{Inventory, SiteSettings, Snapshot};
use kenshin_facts::{Device, DeviceKind, Facts};

/// A fuzz entry point.
pub type Target = fn(&[u8]);

/// Every target, by the name used for its folder under `regressions/`.
pub const TARGETS: &[(&str, Target)] = &[
    ("inventory", inventory),
    ("site_settings", site_settings),
    ("attestations", attestations),
    ("waivers", waivers),
    ("pack_manifest", pack_manifest),
    ("engine_json", engine_json),
    ("parse_cisco_ios", parse_cisco_ios),
    ("parse_fortios", parse_fortios),
    ("parse_yamaha", parse_yamaha),
    ("parse_snmp", parse_snmp),
    ("parse_nec_ix", parse_nec_ix),
    ("parse_cisco_asa", parse_cisco_asa),
    ("parse_cisco_nxos", parse_cisco_nxos),
    ("parse_arista_eos", parse_arista_eos),
    ("parse_junos", parse_junos),
    ("parse_panos", parse_panos),
    ("parse_awplus", parse_awplus),
    ("parse_linux", parse_linux),
    ("parse_windows", parse_windows),
    ("parse_backup", parse_backup),
    ("parse_any_platform", parse_any_platform),
    ("secrets_mask", secrets_mask),
];

fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// `inventory.toml`.
pub fn inventory(data: &[u8]) {
    let _ = Inventory::parse(Path::new("inventory.toml"), &text(data));
}

/// `site.toml`.
pub fn site_settings(data: &[u8]) {
    let _ = SiteSettings::parse(Path::new("site.toml"), &text(data));
}

/// `attestations.toml`. What parses must also be judgeable: dates are valid calendar
/// dates and evidence paths stay inside the site folder.
pub fn attestations(data: &[u8]) {
    use kenshin_connectors::site::Attestations;
    if let Ok(a) = Attestations::parse(Path::new("attestations.toml"), &text(data)) {
        for e in &a.entries {
            assert!(kenshin_connectors::site::Date::new(e.when.year.into(), e.when.month as u32, e.when.day as u32).is_some());
            assert!(e.evidence.is_relative(), "evidence {:?} escapes the site", e.evidence);
            assert!(!e.evidence.components().any(|c| matches!(c, std::path::Component::ParentDir)));
        }
    }
}

/// `waivers.toml`. A parsed waiver has a reason, an approver and a valid expiry.
pub fn waivers(data: &[u8]) {
    use kenshin_connectors::site::Waivers;
    if let Ok(w) = Waivers::parse(Path::new("waivers.toml"), &text(data)) {
        for w in &w.waivers {
            assert!(!w.reason.is_empty() && !w.approver.is_empty(), "a waiver without reason or approver");
            let _ = w.covers("R", "d", "s");
        }
    }
}

/// A pack's `pack.toml`.
pub fn pack_manifest(data: &[u8]) {
    let _ = kenshin_engine::pack::Manifest::parse(Path::new("pack.toml"), &text(data));
}

/// JSON the engine reads back: facts (pack fixtures, `facts_file`) and a policy
/// module's output.
pub fn engine_json(data: &[u8]) {
    if let Ok(facts) = serde_json::from_slice::<Facts>(data) {
        // What was read must serialise again (it goes to modules and reports).
        let again = serde_json::to_vec(&facts).expect("facts read from JSON serialise again");
        let _: Facts = serde_json::from_slice(&again).expect("serialised facts read back");
    }
    let _ = serde_json::from_slice::<kenshin_policy::Output>(data);
}

/// Splits `data` into artifacts at NUL bytes, for a platform's artifact names in order.
fn snapshot_for(platform: &platform::Platform, data: &[u8]) -> Snapshot {
    let mut snapshot = Snapshot::empty("fuzz", Path::new("fuzz"));
    for (command, part) in platform.commands.iter().zip(data.split(|b| *b == 0)) {
        snapshot.insert(command.artifact, text(part).into_owned());
    }
    snapshot
}

fn parse_with(name: &str, data: &[u8]) {
    let Some(platform) = platform::find(name) else { return };
    let snapshot = snapshot_for(platform, data);
    let device = Device { name: "fuzz".into(), platform: name.into(), kind: DeviceKind::Router, hostname: None };
    let out = platform::parse(platform, device, &snapshot);
    let _ = serde_json::to_vec(&out.facts).expect("facts serialise");
    let _ = platform::detect(&snapshot);
}

/// The Cisco IOS / IOS XE parser (`show version` NUL `show running-config`).
pub fn parse_cisco_ios(data: &[u8]) {
    parse_with("cisco_ios", data);
}

/// The FortiOS parser (`get system status` NUL `show full-configuration`).
pub fn parse_fortios(data: &[u8]) {
    parse_with("fortinet", data);
}

/// The Yamaha RTX/NVR/FWX parser (`show environment` NUL `show config`).
pub fn parse_yamaha(data: &[u8]) {
    parse_with("yamaha", data);
}

/// The SNMP record parser (`snmp.json`: sysDescr formats, listener-table indexes).
pub fn parse_snmp(data: &[u8]) {
    parse_with("snmp", data);
}

/// The NEC UNIVERGE IX parser (`show version` NUL `show running-config`).
pub fn parse_nec_ix(data: &[u8]) {
    parse_with("nec_ix", data);
}

/// The Cisco ASA parser (`show version` NUL `show running-config`).
pub fn parse_cisco_asa(data: &[u8]) {
    parse_with("cisco_asa", data);
}

/// The Cisco NX-OS parser (`show version` NUL `show running-config`).
pub fn parse_cisco_nxos(data: &[u8]) {
    parse_with("cisco_nxos", data);
}

/// The Arista EOS parser (`show version` NUL `show running-config`).
pub fn parse_arista_eos(data: &[u8]) {
    parse_with("arista_eos", data);
}

/// The Junos parser (`show version` NUL the configuration, set or curly-brace form).
pub fn parse_junos(data: &[u8]) {
    parse_with("juniper_junos", data);
}

/// The PAN-OS parser (`show system info` NUL the XML running configuration).
pub fn parse_panos(data: &[u8]) {
    parse_with("paloalto_panos", data);
}

/// The AlliedWare Plus parser (`show system` NUL `show running-config`).
pub fn parse_awplus(data: &[u8]) {
    parse_with("allied_telesis_awplus", data);
}

/// The Linux server parser (its artifacts in collection order, NUL-separated).
pub fn parse_linux(data: &[u8]) {
    parse_with("linux", data);
}

/// The Windows parser (its JSON-lines artifacts in collection order, NUL-separated).
pub fn parse_windows(data: &[u8]) {
    parse_with("windows", data);
}

/// A configuration backup made by another tool: one file of any name, its platform
/// detected from the content (as for `platform = "auto"`), then parsed.
pub fn parse_backup(data: &[u8]) {
    let mut snapshot = Snapshot::empty("fuzz", Path::new("fuzz"));
    snapshot.insert("backup.cfg", text(data).into_owned());
    if let Some(platform) = platform::detect(&snapshot) {
        let device = Device { name: "fuzz".into(), platform: platform.name.into(), kind: DeviceKind::Router, hostname: None };
        let out = platform::parse(platform, device, &snapshot);
        let _ = serde_json::to_vec(&out.facts).expect("facts serialise");
    }
}

/// Any platform: the first byte picks it.
pub fn parse_any_platform(data: &[u8]) {
    let Some((first, rest)) = data.split_first() else { return };
    let platform = &PLATFORMS[*first as usize % PLATFORMS.len()];
    parse_with(platform.name, rest);
}

/// Secret masking keeps the line count; a redacting stream written in arbitrary
/// pieces equals redacting the whole text.
pub fn secrets_mask(data: &[u8]) {
    use std::io::Write;
    let input = text(data);
    let masked = kenshin_secrets::mask(&input);
    assert_eq!(masked.text.lines().count(), input.lines().count(), "masking changed the line count");
    let redactor = masked.redactor();
    let whole = redactor.redact(&input).into_owned();
    let mut writer = redactor.writer(Vec::new());
    // Piece sizes come from the input itself, so the fuzzer explores the splits.
    let bytes = input.as_bytes();
    let mut at = 0;
    let mut i = 0;
    while at < bytes.len() {
        let step = 1 + (bytes[i % bytes.len()] as usize % 7);
        let end = (at + step).min(bytes.len());
        writer.write_all(&bytes[at..end]).expect("write to memory");
        at = end;
        i += 1;
    }
    let streamed = writer.finish().expect("finish");
    assert_eq!(streamed, whole.as_bytes(), "streamed redaction differs from redacting the whole");
}
