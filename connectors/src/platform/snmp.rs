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

/// The OIDs of `snmp.json`: what the collector asks for and this parser reads (one
/// list for both sides of the contract). Tables and columns are walked.
pub mod oids {
    pub const SYS_DESCR: &str = "1.3.6.1.2.1.1.1.0";
    pub const SYS_OBJECT_ID: &str = "1.3.6.1.2.1.1.2.0";
    pub const SYS_UPTIME: &str = "1.3.6.1.2.1.1.3.0";
    pub const SYS_CONTACT: &str = "1.3.6.1.2.1.1.4.0";
    pub const SYS_NAME: &str = "1.3.6.1.2.1.1.5.0";
    pub const SYS_LOCATION: &str = "1.3.6.1.2.1.1.6.0";
    /// FORTINET-FORTIGATE-MIB fgSysVersion.0.
    pub const FG_SYS_VERSION: &str = "1.3.6.1.4.1.12356.101.4.1.1.0";
    /// Brocade SW-MIB swFirmwareVersion.0 (Fabric OS switches name only the model).
    pub const BROCADE_FW_VERSION: &str = "1.3.6.1.4.1.1588.2.1.1.1.1.6.0";
    /// ENTITY-MIB entPhysicalEntry.
    pub const ENT_PHYSICAL: &str = "1.3.6.1.2.1.47.1.1.1.1";
    /// HOST-RESOURCES-MIB hrSWInstalledName.
    pub const HR_SW_INSTALLED_NAME: &str = "1.3.6.1.2.1.25.6.3.1.2";
    /// HOST-RESOURCES-MIB hrSWRunName.
    pub const HR_SW_RUN_NAME: &str = "1.3.6.1.2.1.25.4.2.1.2";
    /// TCP-MIB tcpListenerProcess (the index carries address and port).
    pub const TCP_LISTENER: &str = "1.3.6.1.2.1.6.20.1.4";
    /// TCP-MIB tcpConnState (older agents; listen(2) rows are listeners).
    pub const TCP_CONN_STATE: &str = "1.3.6.1.2.1.6.13.1.1";
    /// UDP-MIB udpEndpointProcess.
    pub const UDP_ENDPOINT: &str = "1.3.6.1.2.1.7.7.1.8";
    /// UDP-MIB udpLocalPort (older agents).
    pub const UDP_LOCAL_PORT: &str = "1.3.6.1.2.1.7.5.1.2";

    /// The system group, asked in one GET.
    pub const SYSTEM: &[&str] = &[SYS_DESCR, SYS_OBJECT_ID, SYS_UPTIME, SYS_CONTACT, SYS_NAME, SYS_LOCATION];
    /// Scalars asked of one vendor's agents: enterprise number, name, OID.
    pub const VENDOR_SCALARS: &[(u64, &str, &str)] =
        &[(12356, "fgSysVersion", FG_SYS_VERSION), (1588, "swFirmwareVersion", BROCADE_FW_VERSION)];
    /// Subtrees walked, with the name used in messages.
    pub const WALKS: &[(&str, &str)] = &[
        ("entPhysicalEntry", ENT_PHYSICAL),
        ("hrSWInstalledName", HR_SW_INSTALLED_NAME),
        ("hrSWRunName", HR_SW_RUN_NAME),
        ("tcpListenerProcess", TCP_LISTENER),
        ("tcpConnState", TCP_CONN_STATE),
        ("udpEndpointProcess", UDP_ENDPOINT),
        ("udpLocalPort", UDP_LOCAL_PORT),
    ];
}

use oids::*;

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
        // The writer puts every field on a line of its own: one pass, no second parse
        // of the whole document.
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim().trim_end_matches(',');
            let no = i as u32 + 1;
            if let Some(v) = line.strip_prefix("\"version\":") {
                data.version = serde_json::from_str(v.trim()).ok();
            } else if let Some(e) = line.strip_prefix("\"errors\":") {
                data.errors = serde_json::from_str(e.trim()).unwrap_or_default();
            } else if line.starts_with("{\"oid\"") {
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

    /// Values inside the subtree `root`, each with its OID's arcs below `root`.
    fn under<'a>(&'a self, root: &'a str) -> impl Iterator<Item = (&'a Value, &'a str)> + 'a {
        self.values.iter().filter_map(move |v| Some((v, v.oid.strip_prefix(root)?.strip_prefix('.')?)))
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
    (2, "ibm"),
    (9, "cisco"),
    (11, "hpe"),
    (42, "oracle"),
    (43, "3com"),
    (45, "avaya"),
    (119, "nec"),
    (171, "dlink"),
    (207, "allied_telesis"),
    (232, "hpe"),
    (311, "microsoft"),
    (318, "apc"),
    (534, "eaton"),
    (674, "dell"),
    (890, "zyxel"),
    (1045, "kyocera"),
    (1182, "yamaha"),
    (1588, "brocade"),
    (1916, "extreme"),
    (1991, "brocade"),
    (2011, "huawei"),
    (2021, "linux"),
    (2620, "checkpoint"),
    (2636, "juniper"),
    (3076, "cisco"),
    (3224, "juniper"),
    (3320, "bdcom"),
    (3375, "f5"),
    (3902, "zte"),
    (3955, "linksys"),
    (4329, "siemens"),
    (4526, "netgear"),
    (4874, "juniper"),
    (4881, "ruijie"),
    (5089, "clavister"),
    (5651, "maipu"),
    (5771, "cisco"),
    (6027, "dell"),
    (6339, "digitalchina"),
    (6486, "alcatel-lucent"),
    (6527, "nokia"),
    (6876, "vmware"),
    (8072, "linux"),
    (8741, "sonicwall"),
    (9833, "leadsec"),
    (10002, "ubiquiti"),
    (11863, "tp-link"),
    (12356, "fortinet"),
    (14331, "topsec"),
    (14525, "juniper"),
    (14823, "aruba"),
    (14988, "mikrotik"),
    (15227, "venustech"),
    (15983, "meru"),
    (25053, "ruckus"),
    (25461, "paloaltonetworks"),
    (25506, "h3c"),
    (30065, "arista"),
    (30803, "vyatta"),
    (31648, "dptech"),
    (35047, "sangfor"),
    (38616, "metel"),
    (41112, "ubiquiti"),
    (47196, "hpe"),
];

/// Vendors whose sysDescr names them although they share another vendor's
/// enterprise number (Vyatta-based products).
const DESCR_VENDORS: &[(&str, &str)] = &[("netentsec", "netentsec")];

/// The IANA enterprise number of a sysObjectID (`1.3.6.1.4.1.<number>...`).
pub fn enterprise_of(sys_object_id: &str) -> Option<u64> {
    let rest = sys_object_id.trim_start_matches('.').strip_prefix("1.3.6.1.4.1.")?;
    rest.split('.').next()?.parse().ok()
}

/// The vendor named by a sysObjectID's enterprise number.
pub fn vendor_of(sys_object_id: &str) -> Option<&'static str> {
    let number = enterprise_of(sys_object_id)?;
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

/// The token after `key` (case-insensitive), up to a space, comma or semicolon;
/// only if it holds a digit. `9.3(8)` keeps its parenthesis, `(Build 17763)` loses it.
fn word_after<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find(&key.to_ascii_lowercase())? + key.len();
    let rest = text.get(at..)?.trim_start_matches([' ', ':']);
    let end = rest.find([' ', ',', '\r', '\n', ';', '\t']).unwrap_or(rest.len());
    let mut w = rest[..end].trim_end_matches('.');
    while w.ends_with(')') && w.matches(')').count() > w.matches('(').count() {
        w = &w[..w.len() - 1];
    }
    (!w.is_empty() && w.chars().any(|c| c.is_ascii_digit())).then_some(w)
}

/// A Huawei-style release token anywhere in `text`: `V200R007C00SPC500`,
/// `V0600R0705B20180507` (`V`, digits, `R`, digits, then anything alphanumeric).
fn vr_token(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    for i in 0..b.len() {
        if b[i] != b'V' || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            continue;
        }
        let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        let r = i + 1 + digits;
        if digits < 3 || b.get(r) != Some(&b'R') {
            continue;
        }
        let rdigits = b[r + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if rdigits < 3 {
            continue;
        }
        let end = i + b[i..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
        return text.get(i..end);
    }
    None
}

/// A version stated with one of the usual words, or the first token that looks like
/// a version (`8.90.07.01-11595`). `SM4200-AC_6.0.222.39` gives `6.0.222.39`.
fn generic_version(text: &str) -> Option<String> {
    // A sysDescr that is only an address (a Brocade switch puts its IP there) states
    // no version.
    if text.trim().parse::<std::net::IpAddr>().is_ok() {
        return None;
    }
    let keyed = ["Version: ", "Version ", "version ", "Ver ", "ver.", "Rev.", "revision ", "Firmware ", "firmware ", "fw:"]
        .iter()
        .find_map(|k| word_after(text, k));
    let token = keyed.or_else(|| {
        text.split([' ', ',', '\r', '\n', '\t']).find(|t| t.starts_with(|c: char| c.is_ascii_digit()) && t.contains('.'))
    })?;
    // A model glued to the version with `_`.
    if let Some((_, tail)) = token.rsplit_once('_')
        && tail.starts_with(|c: char| c.is_ascii_digit())
    {
        return Some(tail.to_string());
    }
    Some(token.to_string())
}

/// Reads vendor, OS, model and version from a sysDescr (lines joined by the caller).
/// `vendor_hint` is the vendor of the sysObjectID enterprise number, which wins over
/// what the text suggests (a Sangfor controller's sysDescr says only "Linux Wac").
pub fn identify(descr: &str, vendor_hint: Option<&str>) -> Identified {
    let d = descr.trim();
    let lower = d.to_ascii_lowercase();
    let from_text = || -> Option<&'static str> {
        if let Some((_, v)) = DESCR_VENDORS.iter().find(|(k, _)| lower.starts_with(k)) {
            return Some(v);
        }
        [
            ("cisco", "cisco"),
            ("junos", "juniper"),
            ("juniper", "juniper"),
            ("alliedware", "allied_telesis"),
            ("allied telesis", "allied_telesis"),
            ("arista", "arista"),
            ("palo alto", "paloaltonetworks"),
            ("nec portable internetwork", "nec"),
            ("univerge", "nec"),
            ("fortigate", "fortinet"),
            ("huawei", "huawei"),
            ("h3c", "h3c"),
            ("comware", "h3c"),
            ("aruba", "aruba"),
            ("procurve", "hpe"),
            ("linux ", "linux"),
            ("software: windows", "microsoft"),
        ]
        .iter()
        .find(|(k, _)| lower.contains(k))
        .map(|(_, v)| *v)
    };
    let vendor = match (vendor_hint, from_text()) {
        (Some("vyatta"), Some(v)) if DESCR_VENDORS.iter().any(|(_, d)| *d == v) => Some(v),
        (Some(h), _) => Some(h),
        (None, t) => t,
    };
    let mut id = Identified { vendor: vendor.map(String::from), ..Identified::default() };
    let os = |id: &mut Identified, os: &str, version: Option<String>| {
        id.os = Some(os.to_string());
        id.version = version;
    };
    match vendor.unwrap_or("") {
        "cisco" => {
            let v = word_after(d, "Version ").map(String::from);
            let family = if lower.contains("nx-os") {
                "nxos"
            } else if lower.contains("adaptive security appliance") {
                "asa"
            } else if lower.contains("ios xe")
                || lower.contains("ios-xe")
                || lower.contains("iosxe")
                || (lower.contains('[') && v.as_deref().is_some_and(|v| v.starts_with('1') && !v.contains('(')))
            {
                "ios-xe"
            } else {
                "ios"
            };
            os(&mut id, family, v);
        }
        "juniper" => {
            let v = word_after(d, "JUNOS ").map(String::from).or_else(|| generic_version(d));
            os(&mut id, "junos", v);
            if let Some(m) = d.strip_prefix("Juniper Networks, Inc. ").and_then(|r| r.split_whitespace().next()) {
                id.model = Some(m.to_string());
            }
        }
        "allied_telesis" => {
            let v = word_after(d, "AlliedWare Plus (TM) ").or_else(|| word_after(d, "version ")).map(String::from);
            os(&mut id, "awplus", v);
        }
        "arista" => {
            os(&mut id, "eos", word_after(d, "EOS version ").map(String::from));
            if let Some(m) = d.split("running on an Arista Networks ").nth(1) {
                id.model = Some(m.trim().to_string());
            }
        }
        "paloaltonetworks" => os(&mut id, "panos", word_after(d, "version ").map(String::from)),
        "nec" => {
            os(&mut id, "nec-ix", word_after(d, "Version ").map(String::from));
            id.model = d
                .split_whitespace()
                .find(|w| w.starts_with("IX") && w.len() > 2 && w[2..].chars().all(|c| c.is_ascii_digit()))
                .map(String::from);
        }
        // `RTX1220 Rev.15.04.03 (Fri Jan 17 09:12:00 2020)`.
        "yamaha" => {
            let (model, rest) = d.split_once(" Rev.").unwrap_or(("", ""));
            let v: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '.').collect();
            os(&mut id, "yamaha", Some(v).filter(|v| !v.is_empty()));
            id.model = Some(model.trim().to_string()).filter(|m| !m.is_empty());
        }
        "fortinet" => {
            os(&mut id, "fortios", word_after(d, " v").map(|v| format!("v{v}")).filter(|v| v.contains('.')));
            id.model = Some(d.to_string()).filter(|m| !m.contains(' ') && !m.is_empty());
        }
        "huawei" => os(&mut id, "vrp", vr_token(d).map(String::from).or_else(|| word_after(d, "Version ").map(String::from))),
        // `Software Version 7.1.075, Release 7751P01` / `Product Version Release 2509P61`.
        "h3c" => {
            let version = lower.find("version ").and_then(|at| {
                let rest = d.get(at + 8..)?.trim_start();
                if let Some(r) = rest.strip_prefix("Release ") {
                    let w: String = r.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                    return Some(format!("Release {w}"));
                }
                let w = word_after(d, "Version ")?;
                let after = rest.get(w.len()..).unwrap_or("");
                Some(match after.strip_prefix(", Release ") {
                    Some(r) => {
                        format!("{w}, Release {}", r.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>())
                    }
                    None => w.to_string(),
                })
            });
            os(&mut id, "comware", version);
        }
        // HPE ProCurve / Aruba switches: `HP J9280A Switch 2510B-24, revision Y.11.12, ROM N.10.01`.
        "hpe" | "aruba" if lower.contains("revision ") => os(&mut id, "procurve", word_after(d, "revision ").map(String::from)),
        "aruba" if lower.contains("arubaos") => os(&mut id, "arubaos", word_after(d, "Version ").map(String::from)),
        "hpe" if lower.contains("comware") => {
            let v = word_after(d, "Software Version ").or_else(|| word_after(d, "Version "));
            let release = word_after(d, "Release ");
            let full = match (v, release) {
                (Some(v), Some(r)) => Some(format!("{v}, Release {r}")),
                (v, _) => v.map(String::from),
            };
            os(&mut id, "comware", full);
        }
        // `Linux host 5.10.0-21-amd64 #1 SMP Debian ...`: the kernel release.
        "linux" if lower.starts_with("linux ") => os(&mut id, "linux", d.split_whitespace().nth(2).map(String::from)),
        // `... Software: Windows Version 6.3 (Build 17763 Multiprocessor Free)`.
        "microsoft" => {
            let v = word_after(d, "Windows Version ");
            let build = word_after(d, "Build ");
            let version = match (v, build) {
                (Some(v), Some(b)) => Some(format!("{v}.{b}")),
                (v, _) => v.map(String::from),
            };
            os(&mut id, "windows", version);
        }
        // Everyone else: a release token, a stated version, or a version-looking token.
        _ => id.version = vr_token(d).map(String::from).or_else(|| generic_version(d)),
    }
    id
}

/// The version in an ENTITY-MIB software revision (`RGOS 10.4(3)p4 Release(161753)`,
/// `VRP (R) software, Version 5.160 (CN), RELEASE 0089`, or just `17.09.04`).
fn entity_version(text: &str, vendor: Option<&str>) -> String {
    let t = text.trim();
    if !t.contains(' ') {
        return t.to_string();
    }
    let found = match vendor {
        Some("huawei") => vr_token(t).map(String::from).or_else(|| word_after(t, "Version ").map(String::from)),
        _ => word_after(t, "RGOS ").map(String::from).or_else(|| vr_token(t).map(String::from)).or_else(|| generic_version(t)),
    };
    found.unwrap_or_else(|| t.to_string())
}

/// The software (or firmware) revision and model of the chassis (class 3), or of the
/// first entity that states one. Linear in the table (chassis switches list thousands
/// of entities).
fn entity_firmware(data: &SnmpData) -> (Option<&Value>, Option<&Value>) {
    use std::collections::HashMap;
    let mut cells: HashMap<(u32, &str), &Value> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    let mut chassis: Vec<&str> = Vec::new();
    for (v, rest) in data.under(ENT_PHYSICAL) {
        let Some((col, idx)) = rest.split_once('.') else { continue };
        let Ok(col) = col.parse::<u32>() else { continue };
        if col == 2 {
            order.push(idx);
        }
        if col == 5 && v.text == "3" {
            chassis.push(idx);
        }
        cells.insert((col, idx), v);
    }
    let cell = |c: u32, idx: &str| cells.get(&(c, idx)).copied().filter(|v| !v.text.trim().is_empty());
    let model = chassis.iter().chain(order.iter()).find_map(|idx| cell(13, idx));
    // The chassis' own revision; else the software most modules run (a firewall
    // blade's own firmware is not the system's).
    if let Some(sw) = chassis.iter().find_map(|idx| cell(10, idx)) {
        return (Some(sw), model);
    }
    let mut counts: Vec<(&str, usize, &Value)> = Vec::new();
    for idx in &order {
        if let Some(sw) = cell(10, idx) {
            match counts.iter_mut().find(|(t, _, _)| *t == sw.text.trim()) {
                Some(c) => c.1 += 1,
                None => counts.push((sw.text.trim(), 1, sw)),
            }
        }
    }
    let most = counts.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.2.line.cmp(&a.2.line))).map(|c| c.2);
    let firmware = most.or_else(|| chassis.iter().chain(order.iter()).find_map(|idx| cell(9, idx)));
    (firmware, model)
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
    for (v, _) in data.under(TCP_LISTENER) {
        any_table = true;
        // index: addressType.addressLength.address... .port
        if let Some(port) = v.oid.rsplit('.').next().and_then(|p| p.parse().ok()) {
            out.push((true, port, v.line));
        }
    }
    for (v, rest) in data.under(TCP_CONN_STATE) {
        any_table = true;
        // index: localAddr(4).localPort.remAddr(4).remPort; listen(2)
        let arcs: Vec<&str> = rest.split('.').collect();
        if v.text == "2"
            && let Some(port) = arcs.get(4).and_then(|p| p.parse().ok())
        {
            out.push((true, port, v.line));
        }
    }
    for (v, rest) in data.under(UDP_ENDPOINT) {
        any_table = true;
        // index: localType.localLen.local... .localPort.remoteType.remoteLen.remote... .remotePort.instance
        let arcs: Vec<u32> = rest.split('.').filter_map(|a| a.parse().ok()).collect();
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
    for (v, _) in data.under(UDP_LOCAL_PORT) {
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
        // Vendor MIBs state the firmware where sysDescr names only the model.
        if let Some(fg) = data.get(FG_SYS_VERSION) {
            // `v6.0.4,build0231,190107 (GA)`: the version token as written.
            let v = fg.text.split(',').next().unwrap_or("").trim().to_string();
            if !v.is_empty() {
                id.vendor = Some("fortinet".into());
                id.os = Some("fortios".into());
                id.model = id.model.or_else(|| descr.map(|d| d.text.trim().to_string()));
                id.version = Some(v);
                evidence = ev(fg);
            }
        }
        if let Some(sw) = data.get(BROCADE_FW_VERSION).filter(|v| !v.text.trim().is_empty()) {
            id.os = Some("fabric-os".into());
            id.version = Some(sw.text.trim().to_string());
            evidence = ev(sw);
        }
        let (sw, model) = entity_firmware(&data);
        if id.version.is_none()
            && let Some(sw) = sw
        {
            id.version = Some(entity_version(&sw.text, id.vendor.as_deref()));
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
        match id.vendor.clone() {
            Some(vendor) => {
                let os = id.os.clone().unwrap_or_else(|| vendor.clone());
                let version = id.version.as_deref().map(|raw| match Family::from_os(&os) {
                    Some(f) => Version::parse(f, raw.trim_start_matches('v')).ok().map(|v| v.to_string()),
                    // No ordering known for this family: the version as stated.
                    None => Some(raw.to_string()),
                });
                if id.version.is_none() {
                    notes.push(format!(
                        "{SNMP_JSON}: vendor {vendor}, but neither sysDescr nor ENTITY-MIB states a firmware version"
                    ));
                    facts.mark_unknown("firmware.version");
                }
                facts.firmware = Some(Firmware {
                    vendor,
                    os,
                    model: id.model,
                    version: version.flatten(),
                    raw: id.version.unwrap_or_default(),
                    evidence,
                });
            }
            None => {
                notes.push(format!("{SNMP_JSON}: the vendor is unknown (sysObjectID not recognised by kenshin)"));
                facts.mark_unknown("firmware");
            }
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
    // agent. The full list of communities cannot be seen from outside, probe or not:
    // a silent `public` says nothing about the community kenshin itself used.
    let answered: Vec<&(String, bool, u32)> = data.probes.iter().filter(|(_, a, _)| *a).collect();
    facts.mark_unknown("snmp.communities");
    facts.snmp = Some(Snmp {
        communities: answered
            .iter()
            .map(|(_, _, line)| SnmpCommunity {
                access: SnmpAccess::Ro,
                sources: vec![ANY_SOURCE.to_string()],
                // Probes only ever try well-known defaults (the name itself is masked
                // when the snapshot is read).
                default_name: true,
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
    for f in ["management_access", "accounts", "logging", super::LOGINS, "remote_access", "auth_policy", "interfaces"] {
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
