//! `snmp.json` (written by the SNMP collector) to facts: the vendor from the
//! sysObjectID enterprise number, platform and firmware from sysDescr, ENTITY-MIB and
//! vendor MIBs, services from the TCP/UDP listener tables, and default communities
//! that answered a probe.
//!
//! Each varbind sits on a line of its own in `snmp.json`, so evidence points at the
//! line of the OID it came from. What SNMP cannot tell (accounts, logging, who may
//! reach the agent) is reported unknown.

use kenshin_facts::version::{Family, Version};
use kenshin_facts::{ANY_SOURCE, Evidence, Facts, Firmware, Service, ServiceName, Snmp, SnmpAccess, SnmpCommunity};

use super::Command;
use crate::snapshot::Snapshot;

/// The artifact.
pub const SNMP_JSON: &str = "snmp.json";

pub(super) const COMMANDS: &[Command] =
    &[Command { command: "(SNMP: system, ENTITY-MIB, HOST-RESOURCES, TCP/UDP)", artifact: SNMP_JSON }];

const SYS_DESCR: &str = "1.3.6.1.2.1.1.1.0";
const SYS_OBJECT_ID: &str = "1.3.6.1.2.1.1.2.0";
const SYS_NAME: &str = "1.3.6.1.2.1.1.5.0";
const FG_SYS_VERSION: &str = "1.3.6.1.4.1.12356.101.4.1.1.0";
const ENT_PHYSICAL: &str = "1.3.6.1.2.1.47.1.1.1.1.";
const TCP_LISTENER: &str = "1.3.6.1.2.1.6.20.1.4.";
const TCP_CONN_STATE: &str = "1.3.6.1.2.1.6.13.1.1.";
const UDP_ENDPOINT: &str = "1.3.6.1.2.1.7.7.1.8.";
const UDP_LOCAL_PORT: &str = "1.3.6.1.2.1.7.5.1.2.";

/// One varbind of `snmp.json` and its line.
#[derive(Debug, Clone)]
pub struct Value {
    pub oid: String,
    pub kind: String,
    pub text: String,
    pub line: u32,
}

/// `snmp.json`, read line by line.
#[derive(Debug, Default)]
pub struct SnmpData {
    pub version: Option<String>,
    pub values: Vec<Value>,
    /// `(community, answered, line)` of the default-community probes.
    pub probes: Vec<(String, bool, u32)>,
    pub errors: Vec<String>,
}

#[derive(serde::Deserialize)]
struct Line {
    oid: String,
    #[serde(rename = "type")]
    kind: String,
    value: serde_json::Value,
}

#[derive(serde::Deserialize)]
struct Probe {
    community: String,
    answered: bool,
}

impl SnmpData {
    /// Reads the artifact; `None` when it is not kenshin's `snmp.json` at all.
    pub fn read(text: &str) -> Option<SnmpData> {
        if !text.contains("\"kenshin.snmp/v1\"") {
            return None;
        }
        let mut data = SnmpData::default();
        if let Ok(whole) = serde_json::from_str::<serde_json::Value>(text) {
            data.version = whole["version"].as_str().map(str::to_string);
            data.errors = whole["errors"]
                .as_array()
                .map(|a| a.iter().filter_map(|e| e.as_str().map(String::from)).collect())
                .unwrap_or_default();
        }
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim().trim_end_matches(',');
            let no = i as u32 + 1;
            if line.starts_with("{\"oid\"") {
                if let Ok(l) = serde_json::from_str::<Line>(line) {
                    let text = match (&l.value, l.kind.as_str()) {
                        (serde_json::Value::String(s), "hex") => decode_hex(s),
                        (serde_json::Value::String(s), _) => s.clone(),
                        (v, _) => v.to_string(),
                    };
                    data.values.push(Value { oid: l.oid, kind: l.kind, text, line: no });
                }
            } else if line.starts_with("{\"community\"")
                && let Ok(p) = serde_json::from_str::<Probe>(line)
            {
                data.probes.push((p.community, p.answered, no));
            }
        }
        Some(data)
    }

    pub fn get(&self, oid: &str) -> Option<&Value> {
        self.values.iter().find(|v| v.oid == oid)
    }

    fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.values.iter().filter(move |v| v.oid.starts_with(prefix))
    }
}

/// Octets that were not UTF-8: decoded as Shift-JIS-free Latin-1 text when printable
/// (older agents), else kept as the hex string.
fn decode_hex(hex_text: &str) -> String {
    match hex::decode(hex_text) {
        Ok(bytes) if bytes.iter().all(|b| *b >= 0x20 || matches!(b, b'\r' | b'\n' | b'\t' | 0)) => {
            bytes.iter().filter(|b| **b != 0).map(|&b| b as char).collect()
        }
        _ => hex_text.to_string(),
    }
}

/// Vendors by IANA enterprise number (the 7th arc of sysObjectID).
const ENTERPRISES: &[(u64, &str)] = &[
    (9, "cisco"),
    (5771, "cisco"),
    (2636, "juniper"),
    (12356, "fortinet"),
    (1182, "yamaha"),
    (119, "nec"),
    (30065, "arista"),
    (11, "hpe"),
    (25506, "hpe"),
    (47196, "hpe"),
    (14823, "aruba"),
    (207, "allied_telesis"),
    (25462, "paloaltonetworks"),
    (8072, "linux"),
    (2021, "linux"),
    (311, "microsoft"),
    (1916, "extreme"),
    (1991, "extreme"),
    (6527, "nokia"),
    (2011, "huawei"),
    (674, "dell"),
    (6027, "dell"),
    (4526, "netgear"),
    (171, "dlink"),
    (3375, "f5"),
    (6486, "alcatel-lucent"),
    (43, "3com"),
    (45, "avaya"),
    (1588, "brocade"),
    (4329, "siemens"),
    (2620, "checkpoint"),
    (3224, "juniper"),
    (8741, "sonicwall"),
    (10002, "ubiquiti"),
    (41112, "ubiquiti"),
    (14988, "mikrotik"),
    (890, "zyxel"),
    (4413, "broadcom"),
    (1045, "kyocera"),
    (4874, "juniper"),
    (3076, "cisco"),
    (6876, "vmware"),
    (2, "ibm"),
    (42, "oracle"),
    (232, "hpe"),
    (3955, "linksys"),
    (1139, "emc"),
    (5624, "enterasys"),
    (318, "apc"),
    (534, "eaton"),
    (9148, "acme-packet"),
    (11863, "tp-link"),
    (2544, "adva"),
    (6889, "avaya"),
    (13191, "oneaccess"),
    (52, "cabletron"),
    (1795, "paradyne"),
];

/// The vendor named by an enterprise number.
pub fn vendor_of(sys_object_id: &str) -> Option<&'static str> {
    let rest = sys_object_id.trim_start_matches('.').strip_prefix("1.3.6.1.4.1.")?;
    let number: u64 = rest.split('.').next()?.parse().ok()?;
    ENTERPRISES.iter().find(|(n, _)| *n == number).map(|(_, v)| *v)
}

/// What sysDescr and the other sources say about the firmware.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Identified {
    pub vendor: Option<String>,
    pub os: Option<String>,
    pub model: Option<String>,
    /// The version exactly as stated.
    pub version: Option<String>,
}

/// The word after `key` (case-insensitive), up to a space or a comma.
fn word_after<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find(&key.to_ascii_lowercase())? + key.len();
    let rest = text.get(at..)?.trim_start_matches([' ', ':']);
    let end = rest.find([' ', ',', '\r', '\n', ';']).unwrap_or(rest.len());
    let mut w = rest[..end].trim_end_matches('.');
    // `(Build 17763)` loses its `)`, `9.3(8)` keeps it.
    while w.ends_with(')') && w.matches(')').count() > w.matches('(').count() {
        w = &w[..w.len() - 1];
    }
    (!w.is_empty() && w.chars().any(|c| c.is_ascii_digit())).then_some(w)
}

/// Reads vendor, OS, model and version from a sysDescr (all lines joined by the caller).
pub fn identify(descr: &str, vendor_hint: Option<&str>) -> Identified {
    let d = descr.trim();
    let mut id = Identified { vendor: vendor_hint.map(String::from), ..Identified::default() };
    let lower = d.to_ascii_lowercase();
    let set = |id: &mut Identified, vendor: &str, os: &str, version: Option<&str>| {
        id.vendor = Some(vendor.to_string());
        id.os = Some(os.to_string());
        id.version = version.map(String::from);
    };
    if lower.contains("cisco") || vendor_hint == Some("cisco") {
        let version = word_after(d, "Version ");
        if lower.contains("nx-os") {
            set(&mut id, "cisco", "nxos", version);
        } else if lower.contains("adaptive security appliance") {
            set(&mut id, "cisco", "asa", version);
        } else if lower.contains("ios xe")
            || lower.contains("ios-xe")
            || lower.contains("iosxe")
            || lower.contains("[") && version.is_some_and(|v| v.starts_with("1") && v.contains('.') && !v.contains('('))
        {
            set(&mut id, "cisco", "ios-xe", version);
        } else if lower.contains("ios") {
            set(&mut id, "cisco", "ios", version);
        } else if version.is_some() || lower.contains("cisco") {
            set(&mut id, "cisco", "cisco", version);
        }
        return id;
    }
    if lower.contains("junos") || lower.starts_with("juniper") {
        let version = word_after(d, "JUNOS ");
        set(&mut id, "juniper", "junos", version);
        if let Some(m) = d.strip_prefix("Juniper Networks, Inc. ").and_then(|r| r.split_whitespace().next()) {
            id.model = Some(m.to_string());
        }
        return id;
    }
    if lower.contains("alliedware") || lower.contains("allied telesis") || vendor_hint == Some("allied_telesis") {
        let version = word_after(d, "AlliedWare Plus (TM) ").or_else(|| word_after(d, "version "));
        set(&mut id, "allied_telesis", "awplus", version);
        return id;
    }
    if lower.contains("arista") {
        set(&mut id, "arista", "eos", word_after(d, "EOS version "));
        if let Some(m) = d.split("running on an Arista Networks ").nth(1) {
            id.model = Some(m.trim().to_string());
        }
        return id;
    }
    if lower.starts_with("palo alto") || vendor_hint == Some("paloaltonetworks") {
        set(&mut id, "paloaltonetworks", "panos", word_after(d, "version "));
        return id;
    }
    if lower.contains("nec portable internetwork")
        || lower.contains("univerge")
        || (vendor_hint == Some("nec") && lower.contains("ix"))
    {
        set(&mut id, "nec", "nec-ix", word_after(d, "Version "));
        if let Some(m) =
            d.split_whitespace().find(|w| w.starts_with("IX") && w.len() > 2 && w[2..].chars().all(|c| c.is_ascii_digit()))
        {
            id.model = Some(m.to_string());
        }
        return id;
    }
    // Yamaha: `RTX1220 Rev.15.04.03 (Fri Jan 17 09:12:00 2020)`.
    if let Some((model, rest)) = d.split_once(" Rev.")
        && (vendor_hint == Some("yamaha") || ["RTX", "NVR", "FWX", "SRT", "RT", "vRX"].iter().any(|p| model.starts_with(p)))
    {
        let version: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '.').collect();
        set(&mut id, "yamaha", "yamaha", Some(&version).filter(|v| !v.is_empty()).map(|v| v.as_str()));
        id.model = Some(model.trim().to_string());
        return id;
    }
    if lower.contains("fortigate") || lower.contains("fortios") || vendor_hint == Some("fortinet") {
        set(&mut id, "fortinet", "fortios", word_after(d, "v").filter(|v| v.contains('.')));
        if id.version.is_none() {
            id.model = Some(d.to_string()).filter(|m| !m.contains(' '));
        }
        return id;
    }
    // HPE ProCurve / Aruba switches: `HP J9280A Switch 2510B-24, revision Y.11.12, ROM N.10.01`.
    if lower.contains("revision ") && (lower.starts_with("hp") || lower.starts_with("aruba") || lower.contains("procurve")) {
        let vendor = if lower.starts_with("aruba") { "aruba" } else { "hpe" };
        set(&mut id, vendor, "procurve", word_after(d, "revision "));
        return id;
    }
    if lower.contains("arubaos") {
        set(&mut id, "aruba", "arubaos", word_after(d, "Version "));
        return id;
    }
    if lower.contains("comware") {
        let v = word_after(d, "Software Version ").or_else(|| word_after(d, "Version "));
        let release = word_after(d, "Release ");
        let full = match (v, release) {
            (Some(v), Some(r)) => Some(format!("{v} Release {r}")),
            (v, _) => v.map(String::from),
        };
        set(&mut id, "hpe", "comware", full.as_deref());
        return id;
    }
    if lower.starts_with("linux ") {
        // `Linux host 5.10.0-21-amd64 #1 SMP Debian ...`: the kernel release.
        let kernel = d.split_whitespace().nth(2);
        set(&mut id, "linux", "linux", kernel);
        return id;
    }
    if lower.contains("software: windows") || lower.starts_with("microsoft windows") {
        // `... Software: Windows Version 6.3 (Build 17763 Multiprocessor Free)`.
        let v = word_after(d, "Windows Version ");
        let build = word_after(d, "Build ");
        let version = match (v, build) {
            (Some(v), Some(b)) => Some(format!("{v}.{b}")),
            (v, _) => v.map(String::from),
        };
        set(&mut id, "microsoft", "windows", version.as_deref());
        return id;
    }
    // Anything else: a stated version, a revision or a firmware number.
    id.version = ["Version ", "version ", "Ver ", "ver.", "Rev.", "revision ", "Firmware ", "firmware ", "V"]
        .iter()
        .find_map(|k| word_after(d, k).filter(|w| w.contains('.')))
        .map(String::from);
    id
}

/// ENTITY-MIB rows: `(column, index) -> value`.
fn entity(data: &SnmpData) -> Vec<(u32, String, &Value)> {
    data.under(ENT_PHYSICAL)
        .filter_map(|v| {
            let rest = v.oid.strip_prefix(ENT_PHYSICAL)?;
            let (col, idx) = rest.split_once('.')?;
            Some((col.parse().ok()?, idx.to_string(), v))
        })
        .collect()
}

/// The software (or firmware) revision and model of the chassis (class 3), or of the
/// first entity that states one.
fn entity_firmware(data: &SnmpData) -> (Option<&Value>, Option<&Value>) {
    let rows = entity(data);
    let col =
        |c: u32, idx: &str| rows.iter().find(|(cc, i, v)| *cc == c && i == idx && !v.text.trim().is_empty()).map(|(_, _, v)| *v);
    let mut indexes: Vec<&str> = rows.iter().filter(|(c, _, v)| *c == 5 && v.text == "3").map(|(_, i, _)| i.as_str()).collect();
    indexes.extend(rows.iter().filter(|(c, _, _)| *c == 2).map(|(_, i, _)| i.as_str()));
    for idx in indexes {
        if let Some(sw) = col(10, idx).or_else(|| col(9, idx)) {
            return (Some(sw), col(13, idx));
        }
    }
    let model = indexes_model(&rows);
    (None, model)
}

fn indexes_model<'a>(rows: &[(u32, String, &'a Value)]) -> Option<&'a Value> {
    rows.iter().find(|(c, _, v)| *c == 13 && !v.text.trim().is_empty()).map(|(_, _, v)| *v)
}

/// Well-known ports of the service vocabulary.
fn service_of_port(tcp: bool, port: u32) -> Option<ServiceName> {
    Some(match (tcp, port) {
        (true, 21) => ServiceName::Ftp,
        (true, 22) => ServiceName::Ssh,
        (true, 23) => ServiceName::Telnet,
        (true, 80) | (true, 8080) => ServiceName::Http,
        (true, 443) | (true, 8443) => ServiceName::Https,
        (true, 445) | (true, 139) => ServiceName::Smb,
        (true, 3389) => ServiceName::Rdp,
        (true, 5900) => ServiceName::Vnc,
        (true, 79) => ServiceName::Finger,
        (true, 541) => ServiceName::Fgfm,
        (false, 69) => ServiceName::Tftp,
        (false, 161) => ServiceName::Snmp,
        (false, 1900) => ServiceName::Upnp,
        (false, 67) => ServiceName::Bootp,
        _ => return None,
    })
}

/// Listening ports from the TCP/UDP tables (the port is the last index arc that the
/// table's index puts there), each with the line it came from.
fn listeners(data: &SnmpData) -> (Vec<(bool, u32, u32)>, bool) {
    let mut out = Vec::new();
    let mut any_table = false;
    for v in data.under(TCP_LISTENER) {
        any_table = true;
        // index: addressType.addressLength.address... .port
        if let Some(port) = v.oid.rsplit('.').next().and_then(|p| p.parse().ok()) {
            out.push((true, port, v.line));
        }
    }
    for v in data.under(TCP_CONN_STATE) {
        any_table = true;
        // index: localAddr(4).localPort.remAddr(4).remPort; listen(2)
        let arcs: Vec<&str> = v.oid.strip_prefix(TCP_CONN_STATE).unwrap_or("").split('.').collect();
        if v.text == "2"
            && let Some(port) = arcs.get(4).and_then(|p| p.parse().ok())
        {
            out.push((true, port, v.line));
        }
    }
    for v in data.under(UDP_ENDPOINT) {
        any_table = true;
        // index: localType.localLen.local... .localPort.remoteType.remoteLen.remote... .remotePort.instance
        let arcs: Vec<u32> = v.oid.strip_prefix(UDP_ENDPOINT).unwrap_or("").split('.').filter_map(|a| a.parse().ok()).collect();
        // A listener has no remote end: remote address all zeros (or empty) and port 0.
        let Some(&len) = arcs.get(1) else { continue };
        let local_port = arcs.get(2 + len as usize).copied();
        let remote = arcs.get(3 + len as usize..).unwrap_or(&[]);
        let remote_len = remote.get(1).copied().unwrap_or(0) as usize;
        let remote_open = remote.get(2..2 + remote_len).is_some_and(|a| a.iter().all(|x| *x == 0))
            && remote.get(2 + remote_len).copied() == Some(0);
        if let Some(port) = local_port
            && remote_open
        {
            out.push((false, port, v.line));
        }
    }
    for v in data.under(UDP_LOCAL_PORT) {
        any_table = true;
        if let Ok(port) = v.text.parse() {
            out.push((false, port, v.line));
        }
    }
    (out, any_table)
}

/// Facts from `snmp.json`. `with_cli` is true when a CLI parser already ran for this
/// device: SNMP then only fills in what the CLI left open (firmware).
pub(super) fn parse_into(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>, with_cli: bool) {
    let Some(text) = snapshot.artifact(SNMP_JSON) else { return };
    let Some(data) = SnmpData::read(text) else {
        notes.push(format!("{SNMP_JSON}: not a kenshin SNMP record (no \"kenshin.snmp/v1\" schema)"));
        return;
    };
    for e in &data.errors {
        notes.push(format!("{SNMP_JSON}: {e}"));
    }
    let ev = |v: &Value| vec![Evidence::line(SNMP_JSON, v.line)];
    let descr = data.get(SYS_DESCR);
    let object_id = data.get(SYS_OBJECT_ID);
    let hint = object_id.and_then(|o| vendor_of(&o.text));
    if facts.firmware.is_none() {
        let joined = descr.map(|d| d.text.replace(['\r', '\n'], " ")).unwrap_or_default();
        let mut id = identify(&joined, hint);
        let mut evidence: Vec<Evidence> = descr.map(ev).unwrap_or_default();
        if let Some(fg) = data.get(FG_SYS_VERSION) {
            // `v6.0.4,build0231,190107 (GA)`
            let v = fg.text.trim_start_matches('v').split(',').next().unwrap_or("").to_string();
            if !v.is_empty() {
                id.vendor = Some("fortinet".into());
                id.os = Some("fortios".into());
                id.model = id.model.or_else(|| descr.map(|d| d.text.trim().to_string()));
                id.version = Some(v);
                evidence = ev(fg);
            }
        }
        let (sw, model) = entity_firmware(&data);
        if id.version.is_none()
            && let Some(sw) = sw
        {
            id.version = Some(sw.text.trim().to_string());
            evidence.extend(ev(sw));
        }
        if id.model.is_none()
            && let Some(m) = model
        {
            id.model = Some(m.text.trim().to_string());
            evidence.extend(ev(m));
        }
        if let Some(o) = object_id {
            evidence.extend(ev(o));
        }
        match (id.vendor.clone().or_else(|| hint.map(String::from)), id.version.clone()) {
            (Some(vendor), Some(raw)) => {
                let os = id.os.clone().unwrap_or_else(|| vendor.clone());
                let version = match Family::from_os(&os) {
                    Some(f) => Version::parse(f, &raw).ok().map(|v| v.to_string()),
                    // No ordering known for this family: the version as stated.
                    None => Some(raw.clone()),
                };
                facts.firmware = Some(Firmware { vendor, os, model: id.model, version, raw, evidence });
            }
            (vendor, None) => {
                notes.push(match vendor {
                    Some(v) => format!("{SNMP_JSON}: vendor {v}, but neither sysDescr nor ENTITY-MIB states a firmware version"),
                    None => format!("{SNMP_JSON}: the vendor is unknown (sysObjectID not recognised) and no version is stated"),
                });
                facts.mark_unknown("firmware");
            }
            (None, Some(_)) => facts.mark_unknown("firmware"),
        }
    }
    if with_cli {
        return;
    }
    if let Some(name) = data.get(SYS_NAME).filter(|n| !n.text.trim().is_empty()) {
        facts.device.hostname = Some(name.text.trim().to_string());
    }
    // The agent answered, so SNMP is on.
    let agent_line = descr.or(object_id).map(ev).unwrap_or_default();
    let version = data.version.clone().unwrap_or_default();
    facts.services.push(Service {
        name: ServiceName::Snmp,
        enabled: true,
        detail: Some(format!("answered kenshin over SNMP{version}")),
        evidence: agent_line,
    });
    // Default communities that answered a probe: usable by anyone who reaches the
    // agent. Without a probe, the communities cannot be seen from outside.
    let answered: Vec<&(String, bool, u32)> = data.probes.iter().filter(|(_, a, _)| *a).collect();
    if data.probes.is_empty() {
        facts.mark_unknown("snmp.communities");
    }
    facts.snmp = Some(Snmp {
        communities: answered
            .iter()
            .map(|(name, _, line)| SnmpCommunity {
                access: SnmpAccess::Ro,
                sources: vec![ANY_SOURCE.to_string()],
                default_name: kenshin_secrets::is_default_community(name),
                evidence: vec![Evidence::line(SNMP_JSON, *line)],
            })
            .collect(),
        v3_users: Vec::new(),
        answered_versions: data.version.iter().cloned().collect(),
    });
    let (ports, any_table) = listeners(&data);
    let mut seen = std::collections::BTreeMap::new();
    for (tcp, port, line) in ports {
        if let Some(name) = service_of_port(tcp, port)
            && name != ServiceName::Snmp
        {
            seen.entry(name).or_insert_with(Vec::new).push(Evidence::line(SNMP_JSON, line));
        }
    }
    for (name, evidence) in seen {
        facts.services.push(Service { name, enabled: true, detail: Some("listening (TCP/UDP listener table)".into()), evidence });
    }
    if !any_table {
        notes.push(format!("{SNMP_JSON}: no TCP/UDP listener table: which services run is unknown"));
    }
    for s in [
        "telnet",
        "http",
        "https",
        "ssh",
        "ftp",
        "tftp",
        "rdp",
        "smb",
        "vnc",
        "upnp",
        "finger",
        "small_servers",
        "bootp",
        "cdp",
        "lldp",
        "fgfm",
        "ping",
    ] {
        if !facts.services.iter().any(|x| x.name.as_str() == s) {
            // Absent from a listener table is not proof of absence (agents list what
            // they see, some list nothing): unknown rather than disabled.
            facts.mark_unknown(format!("services.{s}"));
        }
    }
    for f in ["management_access", "accounts", "logging", "remote_access", "auth_policy", "interfaces"] {
        facts.mark_unknown(f);
    }
}

/// Whether a snapshot holds kenshin's SNMP record.
pub(super) fn recognises(snapshot: &Snapshot) -> bool {
    snapshot.artifact(SNMP_JSON).is_some_and(|t| t.contains("\"kenshin.snmp/v1\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifies_common_sysdescr_formats() {
        let cases: &[(&str, Option<&str>, &str, &str, &str)] = &[
            (
                "Cisco IOS Software, C2960 Software (C2960-LANBASEK9-M), Version 15.0(2)SE11, RELEASE SOFTWARE (fc3)",
                Some("cisco"),
                "cisco",
                "ios",
                "15.0(2)SE11",
            ),
            (
                "Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.9.4, RELEASE SOFTWARE (fc5)",
                Some("cisco"),
                "cisco",
                "ios-xe",
                "17.9.4",
            ),
            (
                "Cisco NX-OS(tm) n9000, Software (n9000-dk9), Version 9.3(8), RELEASE SOFTWARE",
                Some("cisco"),
                "cisco",
                "nxos",
                "9.3(8)",
            ),
            (
                "Juniper Networks, Inc. ex4200-48t Ethernet Switch, kernel JUNOS 12.3R6.6, Build date: 2014-03-13",
                Some("juniper"),
                "juniper",
                "junos",
                "12.3R6.6",
            ),
            ("RTX1220 Rev.15.04.03 (Fri Jan 17 09:12:00 2020)", Some("yamaha"), "yamaha", "yamaha", "15.04.03"),
            (
                "Arista Networks EOS version 4.28.3M running on an Arista Networks DCS-7050SX3-48YC8",
                None,
                "arista",
                "eos",
                "4.28.3M",
            ),
            (
                "HP J9280A Switch 2510B-24, revision Y.11.12, ROM N.10.01 (/ws/swbuildm/rel_yakima_qaoff/code/build/bom(swbuildm_rel_yakima_qaoff_rel_yakima))",
                Some("hpe"),
                "hpe",
                "procurve",
                "Y.11.12",
            ),
            (
                "Linux web01 5.10.0-21-amd64 #1 SMP Debian 5.10.162-1 (2023-01-21) x86_64",
                Some("linux"),
                "linux",
                "linux",
                "5.10.0-21-amd64",
            ),
            (
                "Hardware: Intel64 Family 6 Model 85 Stepping 7 AT/AT COMPATIBLE - Software: Windows Version 6.3 (Build 17763 Multiprocessor Free)",
                Some("microsoft"),
                "microsoft",
                "windows",
                "6.3.17763",
            ),
        ];
        for (descr, hint, vendor, os, version) in cases {
            let id = identify(descr, *hint);
            assert_eq!(id.vendor.as_deref(), Some(*vendor), "{descr}");
            assert_eq!(id.os.as_deref(), Some(*os), "{descr}");
            assert_eq!(id.version.as_deref(), Some(*version), "{descr}");
        }
        assert_eq!(vendor_of("1.3.6.1.4.1.9.1.2494"), Some("cisco"));
        assert_eq!(vendor_of(".1.3.6.1.4.1.12356.101.1.1004"), Some("fortinet"));
        assert_eq!(vendor_of("1.3.6.1.2.1.1"), None);
    }
}
