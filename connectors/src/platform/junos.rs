//! Juniper Junos (SRX firewalls, EX switches, MX routers): `show version` and the
//! configuration.
//!
//! The configuration is read as `show configuration | display set` prints it
//! (`set system services ssh`), or in the curly-brace form of `show configuration`
//! that backups keep (`show_configuration.txt`). The brace hierarchy is first turned
//! into the `set` statements it stands for, each numbered with the line of its leaf
//! statement (a word taken from an enclosing `name {` keeps that line as its origin),
//! so that one set-based analysis serves both forms. Inactive statements (`deactivate
//! ...` lines, `inactive:` prefixes) are dropped; the groups a top-level `apply-groups`
//! names are merged in (`${node}` meaning both cluster nodes), except their paths with
//! `<wildcards>`.
//!
//! Neither form has an end marker. A set output that is empty or does not end in a
//! newline, or a brace output whose braces do not all close, is taken as cut off: its
//! last line is ignored and nothing is concluded from an absent line.
//!
//! Defaults relied on: Junos runs a service, an SNMP agent or a VPN only when the
//! configuration names it, so in a complete configuration an absent `system services
//! telnet` means no Telnet. An SNMP community without `clients` accepts any manager and
//! is read-only unless `authorization read-write`. A firewall-filter term without a
//! terminating action accepts. On a device with security zones (SRX), host traffic is
//! accepted only on interfaces whose zone — or the interface itself, whose list then
//! replaces the zone's — allows the service in `host-inbound-traffic system-services`.
//! A loopback (`lo0`) input filter restricts every service to the sources its accepting
//! terms name; discarding terms before them are not subtracted, so the sources reported
//! may be wider than the real ones, never narrower. Logins (facility `authorization`,
//! level `info` and above) are recorded when some `system syslog` destination (`file`,
//! `host`, `user`, `console`) takes facility `authorization` or `any` at level `info`
//! or `any`; a complete configuration without one does not record them.
//!
//! Sources per way in: an interface of an `untrust`/`outside`/`internet` zone (or one
//! that is a DHCP/PPPoE client or carries the default route) admits any address; an
//! interface of another zone, or an out-of-band port (`fxp0`, `me0`), the networks of
//! its own addresses (hosts on that side); a device without zones, any address. IKE
//! gateways with `dynamic` peers, `dynamic-vpn` and `remote-access` profiles accept any
//! peer.
//!
//! Not relied on: the default password minimum length and login retry options, which
//! differ between releases; they are reported only when configured. Password storage
//! is read from the masked hash's form (`$6$`/`$5$` strong, `$1$` weak); a snapshot
//! stored already masked no longer shows it, and the storage is then unknown.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::IpAddr;

use ipnet::IpNet;
use kenshin_facts::version::{Family, Version};
use kenshin_facts::{
    ANY_SOURCE, Account, Audit, AuthPolicy, Evidence, Facts, Interface, InterfaceRole, Logging, ManagementAccess,
    PasswordStorage, Privilege, RemoteAccess, RemoteAccessKind, Service, ServiceName, Snmp, SnmpAccess, SnmpCommunity,
    SnmpV3User,
};
use kenshin_secrets::SecretKind;

use super::{CONFIG_FACTS, FirmwareLine, LOGINS, config_unknown, set_firmware};
use super::{Command, cmd, numbered};
use crate::snapshot::Snapshot;

const VERSION: &str = "show_version.txt";
const SET_CONFIG: &str = "show_configuration_display_set.txt";
/// `show configuration` in the brace form (backups, RANCID/Oxidized copies).
const BRACE_CONFIG: &str = "show_configuration.txt";

pub(super) const COMMANDS: &[Command] = &[cmd("show version", VERSION), cmd("show configuration | display set", SET_CONFIG)];

/// Brace levels kept; deeper ones (no real configuration has them) are skipped so that
/// a hostile file cannot make every statement copy a huge path.
const MAX_DEPTH: usize = 64;

/// Out-of-band management ports: `fxp0` (SRX, MX), `me0` (EX), `vme` (EX Virtual Chassis).
const MGMT_PORTS: &[&str] = &["fxp0", "me0", "vme"];

/// Whether the snapshot's artifacts are those of a Junos device (`platform = "auto"`).
pub(super) fn recognises(snapshot: &Snapshot) -> bool {
    let version = snapshot.artifact(VERSION).is_some_and(|t| {
        numbered(t).any(|(_, l)| {
            let l = l.trim();
            l.starts_with("Junos: ") || (l.starts_with("JUNOS ") && l.contains('['))
        })
    });
    let set = snapshot
        .artifact(SET_CONFIG)
        .is_some_and(|t| numbered(t).any(|(_, l)| l.starts_with("set version ") || l.starts_with("set system host-name ")));
    let brace = snapshot.artifact(BRACE_CONFIG).is_some_and(|t| {
        numbered(t).any(|(_, l)| l.starts_with("## Last commit: ") || (l.starts_with("version ") && l.trim_end().ends_with(';')))
    });
    version || set || brace
}

pub(super) fn parse(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) {
    let config = [SET_CONFIG, BRACE_CONFIG].into_iter().find_map(|a| snapshot.artifact(a).map(|t| (a, t)));
    let junos = config.map(|(artifact, text)| Junos::read(artifact, text, snapshot, notes));

    let shown = match snapshot.artifact(VERSION) {
        Some(text) => show_version(text, notes),
        None => {
            notes.push(format!("artifact {VERSION} missing"));
            ShowVersion::default()
        }
    };
    if let Some(h) = shown.hostname {
        facts.device.hostname = Some(h);
    }
    let fallback = junos.as_ref().and_then(|j| j.version.as_ref().map(|(v, no)| (j.artifact, v.as_str(), *no)));
    let fw = match (shown.version, fallback) {
        (Some((line, raw)), _) => Some((VERSION, raw, line)),
        (None, Some((artifact, raw, line))) => {
            notes.push(format!("firmware taken from the \"version\" statement of {artifact}"));
            Some((artifact, raw.to_string(), line))
        }
        (None, None) => None,
    };
    match fw {
        Some((artifact, raw, line)) => {
            let at = FirmwareLine { artifact, line, raw: &raw, version: &raw };
            set_firmware(facts, notes, "juniper", Family::Junos, shown.model, at);
        }
        None => {
            notes.push("Junos version not found: firmware unknown".to_string());
            facts.mark_unknown("firmware");
        }
    }

    match junos {
        Some(j) => j.emit(facts, notes),
        None => {
            config_unknown(
                facts,
                notes,
                format!("artifacts {SET_CONFIG} and {BRACE_CONFIG} missing: configuration facts unknown"),
            );
        }
    }
}

// ---------------------------------------------------------------------------------
// show version

#[derive(Default)]
struct ShowVersion {
    hostname: Option<String>,
    model: Option<String>,
    /// The line and the version as printed.
    version: Option<(u32, String)>,
}

/// What one routing engine, FPC or cluster node prints.
#[derive(Default)]
struct Member<'a> {
    hostname: Option<&'a str>,
    model: Option<&'a str>,
    /// `Junos: 21.4R3-S3.4` (15.1 onward).
    junos: Option<(u32, &'a str)>,
    /// `JUNOS Software Release [12.1X46-D40.2]` (older SRX and EX).
    release: Option<(u32, &'a str)>,
    /// `JUNOS Base OS boot [13.3R1.4]`, `JUNOS EX  Software Suite [13.2X51-D35.3]`:
    /// package versions that read as Junos versions (build stamps such as
    /// `20201028.e1cef1d_builder_stable_11` do not).
    packages: Vec<(u32, &'a str)>,
}

impl<'a> Member<'a> {
    fn is_empty(&self) -> bool {
        self.hostname.is_none()
            && self.model.is_none()
            && self.junos.is_none()
            && self.release.is_none()
            && self.packages.is_empty()
    }

    /// `Junos:`, then `Software Release`, then the version most packages carry (the
    /// online documentation package is numbered on its own, `113.3R1.4`).
    fn version(&self) -> Option<(u32, &'a str)> {
        self.junos.or(self.release).or_else(|| {
            let mut counts: Vec<(&str, u32, usize)> = Vec::new();
            for (no, v) in &self.packages {
                match counts.iter_mut().find(|(x, _, _)| x == v) {
                    Some(c) => c.2 += 1,
                    None => counts.push((v, *no, 1)),
                }
            }
            // The most frequent; the first seen on a tie.
            let best = counts.iter().enumerate().max_by_key(|(i, c)| (c.2, usize::MAX - i))?;
            Some((best.1.1, best.1.0))
        })
    }
}

/// `fpc0:`, `node1:`, `re0:`, `member2:`: the header of one member's output.
fn member_header(l: &str) -> bool {
    let Some(name) = l.strip_suffix(':') else { return false };
    let digits = name.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    name.len() > digits.len() && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `LABEL [VALUE]` → (LABEL, VALUE).
fn bracketed(l: &str) -> Option<(&str, &str)> {
    let open = l.find('[')?;
    let close = l[open..].find(']')? + open;
    Some((l[..open].trim(), l[open + 1..close].trim()))
}

fn show_version(text: &str, notes: &mut Vec<String>) -> ShowVersion {
    let mut members: Vec<Member> = vec![Member::default()];
    for (no, line) in numbered(text) {
        let l = line.trim();
        if member_header(l) {
            if members.last().is_some_and(|m| !m.is_empty()) {
                members.push(Member::default());
            }
            continue;
        }
        let Some(m) = members.last_mut() else { continue };
        if let Some(h) = l.strip_prefix("Hostname:") {
            m.hostname = m.hostname.or(Some(h.trim()).filter(|h| !h.is_empty()));
        } else if let Some(model) = l.strip_prefix("Model:") {
            m.model = m.model.or(Some(model.trim()).filter(|m| !m.is_empty()));
        } else if let Some(v) = l.strip_prefix("Junos:").or_else(|| l.strip_prefix("JUNOS:")) {
            let v = v.trim();
            if m.junos.is_none() && !v.is_empty() {
                m.junos = Some((no, v));
            }
        } else if let Some((label, v)) = bracketed(l)
            && label.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("junos"))
            && Version::parse(Family::Junos, v).is_ok()
        {
            if label.ends_with("Software Release") && m.release.is_none() {
                m.release = Some((no, v));
            } else if !label.contains("Documentation") {
                m.packages.push((no, v));
            }
        }
    }
    let first = members.iter().find(|m| !m.is_empty());
    let mut out = ShowVersion {
        hostname: first.and_then(|m| m.hostname).map(str::to_string),
        model: first.and_then(|m| m.model).map(str::to_string),
        version: None,
    };
    let versions: Vec<(u32, &str)> = members.iter().filter_map(Member::version).collect();
    let Some(&first_version) = versions.first() else {
        notes.push(format!(
            "{VERSION}: no \"Junos:\" or \"JUNOS Software Release\" line, and no package carries a Junos version (only build stamps)"
        ));
        return out;
    };
    // Members running different releases: the oldest one is the exposure.
    let mut chosen = first_version;
    for &(no, v) in &versions[1..] {
        let older = match (Version::parse(Family::Junos, v), Version::parse(Family::Junos, chosen.1)) {
            (Ok(a), Ok(b)) => a.compare(&b) == Some(std::cmp::Ordering::Less),
            _ => false,
        };
        if older {
            chosen = (no, v);
        }
    }
    if versions.iter().any(|(_, v)| *v != first_version.1) {
        let all: Vec<&str> = versions.iter().map(|(_, v)| *v).collect();
        notes.push(format!("{VERSION}: members run different releases ({}); the oldest is reported", all.join(", ")));
    }
    out.version = Some((chosen.0, chosen.1.to_string()));
    out
}

// ---------------------------------------------------------------------------------
// Statements: set form and brace form

/// One configuration statement, as `set` prints it (without `set`).
#[derive(Debug, Clone)]
struct Stmt {
    words: Vec<String>,
    /// The line each word came from: the statement's line in the set form; in the
    /// brace form, the line of the `name {` that a word was taken from.
    origins: Vec<u32>,
    /// The line of the statement (the leaf, in the brace form).
    line: u32,
}

struct Statements {
    list: Vec<Stmt>,
    truncated: bool,
}

/// Words of a statement: blanks separate them, `"..."` is one word (quotes removed,
/// `\"` kept as `"`).
fn tokens(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = line.chars().peekable();
    while let Some(&c) = it.peek() {
        if c.is_whitespace() {
            it.next();
            continue;
        }
        let mut word = String::new();
        if c == '"' {
            it.next();
            while let Some(c) = it.next() {
                match c {
                    '\\' => word.extend(it.next()),
                    '"' => break,
                    _ => word.push(c),
                }
            }
        } else {
            while let Some(&c) = it.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                word.push(c);
                it.next();
            }
        }
        out.push(word);
    }
    out
}

/// Empty or without a final newline: the output was cut off (the last line may be partial).
fn cut_off(text: &str) -> bool {
    text.trim().is_empty() || !text.ends_with('\n')
}

fn read_set(text: &str) -> Statements {
    let truncated = cut_off(text);
    let last = numbered(text).last().map_or(0, |(no, _)| no);
    let mut list = Vec::new();
    let mut inactive: HashSet<Vec<String>> = HashSet::new();
    for (no, line) in numbered(text) {
        if truncated && no == last {
            break;
        }
        let mut words = tokens(line.trim());
        match words.first().map(String::as_str) {
            Some("set") if words.len() > 1 => {
                words.remove(0);
                list.push(Stmt { origins: vec![no; words.len()], words, line: no });
            }
            Some("deactivate") if words.len() > 1 => {
                words.remove(0);
                inactive.insert(words);
            }
            // `{master:0}`, prompts, `delete` lines of a diff: not configuration.
            _ => {}
        }
    }
    if !inactive.is_empty() {
        list.retain(|s| !(1..=s.words.len()).any(|k| inactive.contains(&s.words[..k])));
    }
    Statements { list, truncated }
}

/// A line without its `## ...` comment (`## SECRET-DATA`, `## Last commit`).
fn strip_comment(l: &str) -> &str {
    if l.starts_with('#') {
        return "";
    }
    let mut quoted = false;
    let b = l.as_bytes();
    for i in 0..b.len() {
        match b[i] {
            b'"' => quoted = !quoted,
            b'#' if !quoted && b.get(i + 1) == Some(&b'#') => return l[..i].trim_end(),
            _ => {}
        }
    }
    l
}

/// `members [ trust untrust ]` → one statement per element.
fn expand_list(words: Vec<String>) -> Vec<Vec<String>> {
    let Some(open) = words.iter().position(|w| w == "[") else { return vec![words] };
    let close = words.iter().skip(open).position(|w| w == "]").map_or(words.len(), |c| c + open);
    let prefix = &words[..open];
    let suffix = words.get(close + 1..).unwrap_or(&[]);
    words[open + 1..close]
        .iter()
        .map(|item| prefix.iter().cloned().chain(std::iter::once(item.clone())).chain(suffix.iter().cloned()).collect())
        .collect()
}

fn read_braces(text: &str) -> Statements {
    struct Level {
        words: Vec<String>,
        line: u32,
        inactive: bool,
        /// A statement below it was emitted; otherwise it is emitted itself on close.
        emitted: bool,
    }
    fn path(stack: &[Level], leaf: Vec<String>, line: u32) -> Stmt {
        let mut words = Vec::new();
        let mut origins = Vec::new();
        for l in stack {
            words.extend(l.words.iter().cloned());
            origins.extend(std::iter::repeat_n(l.line, l.words.len()));
        }
        origins.extend(std::iter::repeat_n(line, leaf.len()));
        words.extend(leaf);
        Stmt { words, origins, line }
    }
    let mut truncated = cut_off(text);
    let last = numbered(text).last().map_or(0, |(no, _)| no);
    let mut stack: Vec<Level> = Vec::new();
    let mut overflow = 0usize;
    let mut in_comment = false;
    let mut list = Vec::new();
    for (no, line) in numbered(text) {
        if truncated && no == last {
            break;
        }
        let mut l = line.trim();
        // `/* annotation */`, possibly over several lines.
        if in_comment {
            match l.find("*/") {
                Some(e) => {
                    in_comment = false;
                    l = l[e + 2..].trim();
                }
                None => continue,
            }
        }
        if l.starts_with("/*") {
            match l.find("*/") {
                Some(e) => l = l[e + 2..].trim(),
                None => {
                    in_comment = true;
                    continue;
                }
            }
        }
        let l = strip_comment(l);
        if l.is_empty() {
            continue;
        }
        if l.starts_with('}') {
            if overflow > 0 {
                overflow -= 1;
            } else if let Some(level) = stack.pop()
                && !level.emitted
                && !level.inactive
                && !level.words.is_empty()
            {
                let (line, words) = (level.line, level.words);
                list.push(path(&stack, words, line));
                for l in &mut stack {
                    l.emitted = true;
                }
            }
            continue;
        }
        let (body, opens) = match (l.strip_suffix('{'), l.strip_suffix(';')) {
            (Some(b), _) => (b, true),
            (None, Some(b)) => (b, false),
            // Not a statement (a stray word, CLI noise): skipped.
            (None, None) => continue,
        };
        if overflow > 0 || (opens && stack.len() >= MAX_DEPTH) {
            overflow += usize::from(opens);
            continue;
        }
        let mut words = tokens(body);
        let mut inactive = stack.last().is_some_and(|s| s.inactive);
        while let Some(first) = words.first() {
            match first.as_str() {
                "inactive:" => inactive = true,
                "protect:" | "replace:" => {}
                _ => break,
            }
            words.remove(0);
        }
        if opens {
            stack.push(Level { words, line: no, inactive, emitted: false });
            continue;
        }
        if inactive || words.is_empty() {
            continue;
        }
        for leaf in expand_list(words) {
            list.push(path(&stack, leaf, no));
        }
        for l in &mut stack {
            l.emitted = true;
        }
    }
    truncated |= !stack.is_empty() || overflow > 0;
    Statements { list, truncated }
}

/// Merges the groups named by top-level `apply-groups` into the configuration.
fn apply_groups(list: Vec<Stmt>) -> Vec<Stmt> {
    let mut applied: Vec<String> = Vec::new();
    for s in &list {
        if let [a, g] = s.words.as_slice()
            && a == "apply-groups"
        {
            if g == "${node}" {
                // Chassis cluster: each node applies its own group; both are read.
                applied.extend(["node0".to_string(), "node1".to_string()]);
            } else {
                applied.push(g.clone());
            }
        }
    }
    let mut out = Vec::with_capacity(list.len());
    for s in list {
        if s.words.first().is_some_and(|w| w == "groups") {
            let wild = s.words.iter().skip(2).any(|w| w.starts_with('<'));
            if s.words.len() > 2 && applied.contains(&s.words[1]) && !wild {
                out.push(Stmt {
                    words: s.words[2..].to_vec(),
                    origins: s.origins.get(2..).unwrap_or(&[]).to_vec(),
                    line: s.line,
                });
            }
        } else {
            out.push(s);
        }
    }
    out
}

// ---------------------------------------------------------------------------------
// Addresses

/// `192.0.2.0/24`, `192.0.2.7` (a host) → CIDR; `0.0.0.0/0` → `any`.
fn cidr(w: &str) -> Option<String> {
    let net: IpNet = match w.parse::<IpNet>() {
        Ok(n) => n,
        Err(_) => IpNet::from(w.parse::<IpAddr>().ok()?),
    };
    Some(if net.prefix_len() == 0 { ANY_SOURCE.to_string() } else { net.trunc().to_string() })
}

/// The sources allowed by both lists: two CIDR blocks either nest (the smaller is in
/// both) or are disjoint. A source that is not a CIDR (`interface:x`, `prefix-list:y`)
/// is kept, so that the result stays unresolved rather than narrower than the truth.
fn intersect(a: &[String], b: &[String]) -> Vec<String> {
    if a.iter().any(|s| s == ANY_SOURCE) {
        return b.to_vec();
    }
    if b.iter().any(|s| s == ANY_SOURCE) {
        return a.to_vec();
    }
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: &String| {
        if !out.contains(s) {
            out.push(s.clone());
        }
    };
    for x in a {
        let Ok(nx) = x.parse::<IpNet>() else {
            add(x);
            continue;
        };
        for y in b {
            match y.parse::<IpNet>() {
                Ok(ny) if nx.contains(&ny) => add(y),
                Ok(ny) if ny.contains(&nx) => add(x),
                Ok(_) => {}
                Err(_) => add(y),
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------
// Analysis

/// Secrets of the configuration artifact, by line (kinds, and community values used
/// only to tell two masked communities apart; never written anywhere).
struct Secrets<'s> {
    by_line: HashMap<u32, Vec<(SecretKind, &'s str)>>,
}

impl<'s> Secrets<'s> {
    fn new(snapshot: &'s Snapshot, artifact: &str) -> Self {
        let mut by_line: HashMap<u32, Vec<(SecretKind, &'s str)>> = HashMap::new();
        for (a, s) in &snapshot.secrets {
            if a == artifact {
                by_line.entry(s.line).or_default().push((s.kind, s.value()));
            }
        }
        Secrets { by_line }
    }

    /// The kind of the password hash masked on `line`.
    fn hash(&self, line: u32) -> Option<SecretKind> {
        self.by_line.get(&line)?.iter().map(|(k, _)| *k).find(|k| *k != SecretKind::SnmpCommunity)
    }

    fn community(&self, line: u32) -> Option<&'s str> {
        self.by_line.get(&line)?.iter().find(|(k, _)| *k == SecretKind::SnmpCommunity).map(|(_, v)| *v)
    }
}

fn password_storage(kind: Option<SecretKind>) -> PasswordStorage {
    match kind {
        Some(SecretKind::ShaCryptHash | SecretKind::Type8Hash | SecretKind::Type9Hash) => PasswordStorage::Strong,
        Some(SecretKind::Md5Hash | SecretKind::JunosEncrypted) => PasswordStorage::Weak,
        Some(SecretKind::PlainPassword) => PasswordStorage::Plain,
        _ => PasswordStorage::Unknown,
    }
}

#[derive(Default)]
struct User {
    class: Option<(String, u32)>,
    password: Option<(PasswordStorage, u32)>,
    lines: Vec<u32>,
}

#[derive(Default)]
struct Community {
    key: String,
    authorization: Option<(SnmpAccess, u32)>,
    /// `clients A` (false) / `clients A restrict` (true: denied).
    clients: Vec<(String, bool)>,
    client_lists: Vec<String>,
    lines: Vec<u32>,
    /// Lines holding the (masked) community name.
    name_lines: Vec<u32>,
}

#[derive(Default)]
struct V3User {
    auth: Option<String>,
    privacy: Option<String>,
    lines: Vec<u32>,
}

#[derive(Default)]
struct Term {
    sources: Vec<String>,
    prefix_lists: Vec<String>,
    ports: Vec<String>,
    protocols: Vec<String>,
    /// `accept`, `discard`, `reject`; `None` (non-terminating actions only) accepts.
    action: Option<String>,
    lines: Vec<u32>,
}

#[derive(Default)]
struct Iface {
    addresses: Vec<String>,
    description: Option<String>,
    wan_lines: Vec<u32>,
    lines: Vec<u32>,
}

#[derive(Default)]
struct ZoneIface {
    line: u32,
    /// Interface-level `host-inbound-traffic system-services` entries.
    services: Vec<(Vec<String>, u32)>,
}

#[derive(Default)]
struct Zone {
    interfaces: BTreeMap<String, ZoneIface>,
    services: Vec<(Vec<String>, u32)>,
    functional: bool,
}

#[derive(Default)]
struct Gateway {
    addresses: Vec<(String, u32)>,
    dynamic: Option<u32>,
    external: Option<String>,
    /// `xauth access-profile P`: users give a password from that profile too.
    xauth: bool,
    lines: Vec<u32>,
}

/// One way in to a service: where, from which sources, and why.
struct Reach {
    interface: Option<String>,
    sources: Vec<String>,
    restricted_by: Vec<String>,
    evidence: Vec<Evidence>,
}

#[derive(Default)]
struct Junos {
    artifact: &'static str,
    truncated: bool,
    brace: bool,
    host_name: Option<String>,
    version: Option<(String, u32)>,
    /// `telnet`, `ssh`, `netconf`, `http`, `https`, `ftp`, `finger` → lines.
    services: BTreeMap<&'static str, Vec<u32>>,
    /// `web-management http|https interface IFL`.
    web_interfaces: BTreeMap<&'static str, Vec<String>>,
    users: BTreeMap<String, User>,
    root: Option<User>,
    /// Custom login classes with `permissions all`.
    all_classes: Vec<(String, u32)>,
    min_length: Option<(u32, u32)>,
    tries: Option<(u32, u32)>,
    lockout_period: Option<u32>,
    syslog: Vec<(String, u32)>,
    /// Lines of `system syslog` destination statements (file, host, user, console).
    syslog_destinations: Vec<u32>,
    /// Those taking `authorization` (or `any`) at `info` (or `any`): what, line.
    login_syslog: Vec<(String, u32)>,
    ntp: Vec<(String, u32)>,
    communities: Vec<Community>,
    client_lists: BTreeMap<String, Vec<(String, bool, u32)>>,
    v3_users: BTreeMap<String, V3User>,
    /// Filter name → term name → term, terms in configuration order.
    filters: BTreeMap<String, Vec<(String, Term)>>,
    prefix_lists: BTreeMap<String, (Vec<String>, Vec<u32>)>,
    lo0_filters: Vec<(String, u32)>,
    interfaces: BTreeMap<String, Iface>,
    /// Physical-interface descriptions (`interfaces ge-0/0/0 description`).
    physical_descriptions: BTreeMap<String, String>,
    zones: BTreeMap<String, Zone>,
    default_routes: Vec<(String, u32)>,
    ike: BTreeMap<String, Gateway>,
    /// IKE gateway → lines of the IPsec VPNs using it.
    vpn_refs: BTreeMap<String, Vec<u32>>,
    dynamic_vpn: Vec<u32>,
    remote_access_profiles: BTreeMap<String, Vec<u32>>,
    /// An `access profile` sends users to a RADIUS server (which may ask for more).
    access_radius: bool,
    /// Lines whose community the masker kept as a well-known default.
    default_communities: Vec<u32>,
    masked_hashes: bool,
}

/// `ge-0/0/0` in a zone means its unit 0.
fn logical(name: &str) -> String {
    if name.contains('.') { name.to_string() } else { format!("{name}.0") }
}

fn untrust_like(zone: &str) -> bool {
    let z = zone.to_ascii_lowercase();
    z.contains("untrust") || z == "outside" || z.contains("internet")
}

impl Junos {
    fn read(artifact: &'static str, text: &str, snapshot: &Snapshot, notes: &mut Vec<String>) -> Junos {
        let brace = artifact == BRACE_CONFIG;
        let statements = if brace { read_braces(text) } else { read_set(text) };
        if statements.truncated {
            notes.push(format!(
                "{artifact}: empty, not ending in a newline or with unclosed braces: the configuration looks cut off (last line ignored); facts concluded from absent lines are unknown"
            ));
        }
        let secrets = Secrets::new(snapshot, artifact);
        let mut j = Junos {
            artifact,
            truncated: statements.truncated,
            brace,
            default_communities: snapshot.default_community_lines(artifact),
            ..Junos::default()
        };
        for s in apply_groups(statements.list) {
            j.statement(&s, &secrets);
        }
        if j.masked_hashes {
            notes.push(format!("{artifact}: password hashes were already masked when read: how they are stored is unknown"));
        }
        j
    }

    /// The key telling communities apart: their masked names all read `********`.
    fn community_key(&self, s: &Stmt, secrets: &Secrets) -> String {
        let origin = s.origins.get(2).copied().unwrap_or(s.line);
        match secrets.community(origin) {
            Some(v) => format!("v:{v}"),
            None if self.brace => format!("l:{origin}"),
            None => format!("w:{}", s.words.get(2).map_or("", String::as_str)),
        }
    }

    fn statement(&mut self, s: &Stmt, secrets: &Secrets) {
        let w: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let no = s.line;
        if let ["system", "syslog", rest @ ..] = w.as_slice() {
            self.syslog_destination(rest, no);
        }
        match w.as_slice() {
            ["system", "host-name", h, ..] if self.host_name.is_none() => self.host_name = Some(h.to_string()),
            ["version", v, ..] => self.version = Some((v.to_string(), no)),
            ["system", "services", svc, rest @ ..] => {
                let key = match (*svc, rest) {
                    ("telnet", _) => Some("telnet"),
                    ("ssh", _) => Some("ssh"),
                    ("ftp", _) => Some("ftp"),
                    ("finger", _) => Some("finger"),
                    ("netconf", ["ssh", ..]) => Some("netconf"),
                    ("web-management", ["http", ..]) => Some("http"),
                    ("web-management", ["https", ..]) => Some("https"),
                    _ => None,
                };
                if let Some(k) = key {
                    let lines = self.services.entry(k).or_default();
                    if lines.last() != Some(&no) {
                        lines.push(no);
                    }
                    if let ("web-management", [_, "interface", ifl, ..]) = (*svc, rest) {
                        self.web_interfaces.entry(k).or_default().push(logical(ifl));
                    }
                }
            }
            ["system", "login", "user", name, rest @ ..] => {
                let u = self.users.entry(name.to_string()).or_default();
                Self::user_line(u, rest, no, secrets, &mut self.masked_hashes);
            }
            ["system", "root-authentication", rest @ ..] => {
                let u = self.root.get_or_insert_with(User::default);
                let mut words = vec!["authentication"];
                words.extend_from_slice(rest);
                Self::user_line(u, &words, no, secrets, &mut self.masked_hashes);
            }
            ["system", "login", "class", name, "permissions", p, ..] if *p == "all" => {
                self.all_classes.push((name.to_string(), no));
            }
            ["system", "login", "password", "minimum-length", n, ..] => self.min_length = n.parse().ok().map(|n| (n, no)),
            ["system", "login", "retry-options", "tries-before-disconnect", n, ..] => {
                self.tries = n.parse().ok().map(|n| (n, no))
            }
            ["system", "login", "retry-options", "lockout-period", ..] => self.lockout_period = Some(no),
            ["system", "syslog", "host", h, ..] | ["security", "log", "stream", _, "host", h, ..] => {
                self.syslog.push((h.to_string(), no));
            }
            ["system", "ntp", "server", h, ..] => self.ntp.push((h.to_string(), no)),
            ["snmp", "community", _, rest @ ..] => {
                let key = self.community_key(s, secrets);
                let name_line = s.origins.get(2).copied().unwrap_or(no);
                let idx = match self.communities.iter().position(|c| c.key == key) {
                    Some(i) => i,
                    None => {
                        self.communities.push(Community { key, ..Community::default() });
                        self.communities.len() - 1
                    }
                };
                let c = &mut self.communities[idx];
                c.lines.push(no);
                if !c.name_lines.contains(&name_line) {
                    c.name_lines.push(name_line);
                }
                match rest {
                    ["authorization", a, ..] => {
                        let access = if *a == "read-write" { SnmpAccess::Rw } else { SnmpAccess::Ro };
                        c.authorization = Some((access, no));
                    }
                    ["clients", a, more @ ..] => c.clients.push((a.to_string(), more.first() == Some(&"restrict"))),
                    ["client-list-name", l, ..] => c.client_lists.push(l.to_string()),
                    _ => {}
                }
            }
            ["snmp", "client-list", name, a, more @ ..] => {
                self.client_lists.entry(name.to_string()).or_default().push((
                    a.to_string(),
                    more.first() == Some(&"restrict"),
                    no,
                ));
            }
            ["snmp", "v3", "usm", "local-engine", "user", name, rest @ ..] => {
                let u = self.v3_users.entry(name.to_string()).or_default();
                u.lines.push(no);
                match rest.first() {
                    Some(a) if a.starts_with("authentication-") => {
                        let alg = &a["authentication-".len()..];
                        u.auth = (alg != "none").then(|| alg.to_string());
                    }
                    Some(p) if p.starts_with("privacy-") => {
                        u.privacy = match &p["privacy-".len()..] {
                            "none" => None,
                            x if x.starts_with("aes") => Some("aes".to_string()),
                            "3des" => Some("3des".to_string()),
                            "des" => Some("des".to_string()),
                            other => Some(other.to_string()),
                        };
                    }
                    _ => {}
                }
            }
            ["firewall", "family", "inet", "filter", name, "term", t, rest @ ..]
            | ["firewall", "filter", name, "term", t, rest @ ..] => {
                let terms = self.filters.entry(name.to_string()).or_default();
                let idx = match terms.iter().position(|(n, _)| n == t) {
                    Some(i) => i,
                    None => {
                        terms.push((t.to_string(), Term::default()));
                        terms.len() - 1
                    }
                };
                let term = &mut terms[idx].1;
                term.lines.push(no);
                match rest {
                    // `source-address A except`: A is carved out, not allowed.
                    ["from", "source-address", _, "except", ..] | ["from", "source-prefix-list", _, "except", ..] => {}
                    ["from", "source-address", a, ..] => {
                        term.sources.push(cidr(a).unwrap_or_else(|| format!("host:{a}")));
                    }
                    ["from", "source-prefix-list", l, ..] => term.prefix_lists.push(l.to_string()),
                    ["from", "destination-port" | "port", p, ..] => term.ports.push(p.to_string()),
                    ["from", "protocol", p, ..] => term.protocols.push(p.to_string()),
                    ["then", a @ ("accept" | "discard" | "reject"), ..] => term.action = Some(a.to_string()),
                    // `then routing-instance`, `then next term`: not an acceptance here.
                    ["then", "routing-instance" | "next", ..] => term.action = Some("other".into()),
                    _ => {}
                }
            }
            ["policy-options", "prefix-list", name, rest @ ..] => {
                let pl = self.prefix_lists.entry(name.to_string()).or_default();
                pl.1.push(no);
                match rest {
                    [a, ..] if *a != "apply-path" => pl.0.push(cidr(a).unwrap_or_else(|| format!("host:{a}"))),
                    // `apply-path` builds the list from other statements: not resolved.
                    _ => pl.0.push(format!("prefix-list:{name}")),
                }
            }
            ["interfaces", "lo0", "unit", _, "family", "inet", "filter", "input" | "input-list", name, ..] => {
                self.lo0_filters.push((name.to_string(), no));
            }
            ["interfaces", ifd, "description", d, ..] => {
                self.physical_descriptions.insert(ifd.to_string(), d.to_string());
            }
            ["interfaces", ifd, "unit", u, rest @ ..] => {
                let name = format!("{ifd}.{u}");
                let i = self.interfaces.entry(name).or_default();
                i.lines.push(no);
                match rest {
                    ["family", "inet", "address", a, ..] if a.parse::<IpNet>().is_ok() => i.addresses.push(a.to_string()),
                    ["family", "inet", "dhcp" | "dhcp-client", ..] | ["pppoe-options", ..] => i.wan_lines.push(no),
                    ["description", d, ..] => i.description = Some(d.to_string()),
                    _ => {}
                }
                if let ["pppoe-options", "underlying-interface", under, ..] = rest {
                    let u = self.interfaces.entry(logical(under)).or_default();
                    u.lines.push(no);
                    u.wan_lines.push(no);
                }
            }
            ["security", "zones", kind @ ("security-zone" | "functional-zone"), z, rest @ ..] => {
                let zone = self.zones.entry(z.to_string()).or_default();
                zone.functional = *kind == "functional-zone";
                match rest {
                    ["interfaces", ifl, more @ ..] => {
                        let zi = zone.interfaces.entry(logical(ifl)).or_default();
                        if zi.line == 0 {
                            // The interface's own line (its `ge-0/0/0.0 {` in the brace form).
                            zi.line = s.origins.get(5).copied().unwrap_or(no);
                        }
                        if let ["host-inbound-traffic", "system-services", svc @ ..] = more
                            && !svc.is_empty()
                        {
                            zi.services.push((svc.iter().map(|x| x.to_string()).collect(), no));
                        }
                    }
                    ["host-inbound-traffic", "system-services", svc @ ..] if !svc.is_empty() => {
                        zone.services.push((svc.iter().map(|x| x.to_string()).collect(), no));
                    }
                    _ => {}
                }
            }
            ["routing-options", "static", "route", "0.0.0.0/0", "next-hop" | "qualified-next-hop", nh, ..] => {
                self.default_routes.push((nh.to_string(), no));
            }
            ["security", "ike", "gateway", g, rest @ ..] => {
                let gw = self.ike.entry(g.to_string()).or_default();
                gw.lines.push(no);
                match rest {
                    ["address", a, ..] => gw.addresses.push((a.to_string(), no)),
                    ["dynamic", ..] => gw.dynamic = Some(no),
                    ["xauth", ..] => gw.xauth = true,
                    ["external-interface", ifl, ..] => gw.external = Some(logical(ifl)),
                    _ => {}
                }
            }
            ["security", "ipsec", "vpn", _, "ike", "gateway", g, ..] => self.vpn_refs.entry(g.to_string()).or_default().push(no),
            ["security", "dynamic-vpn", ..] => self.dynamic_vpn.push(no),
            ["security", "remote-access", "profile", p, ..] => {
                self.remote_access_profiles.entry(p.to_string()).or_default().push(no);
            }
            ["access", "profile", _, "radius-server", ..] => self.access_radius = true,
            ["access", "profile", _, "authentication-order", order @ ..] if order.contains(&"radius") => {
                self.access_radius = true
            }
            _ => {}
        }
    }

    /// `system syslog file|host|user NAME FACILITY LEVEL` or `console FACILITY LEVEL`.
    fn syslog_destination(&mut self, rest: &[&str], no: u32) {
        let (destination, selector) = match rest {
            ["console", selector @ ..] => ("console".to_string(), selector),
            [kind @ ("file" | "host" | "user"), name, selector @ ..] => (format!("{kind} {name}"), selector),
            _ => return,
        };
        if self.syslog_destinations.last() != Some(&no) {
            self.syslog_destinations.push(no);
        }
        // Junos levels name the lowest severity kept: `info` keeps info and above, `any` all.
        if let [facility @ ("authorization" | "any"), level @ ("info" | "any"), ..] = selector {
            self.login_syslog.push((format!("system syslog {destination} {facility} {level}"), no));
        }
    }

    /// `class C`, `authentication encrypted-password X`, `authentication ssh-rsa ...`.
    fn user_line(u: &mut User, rest: &[&str], no: u32, secrets: &Secrets, masked: &mut bool) {
        u.lines.push(no);
        match rest {
            ["class", c, ..] => u.class = Some((c.to_string(), no)),
            ["authentication", "encrypted-password", v, ..] => {
                let kind = secrets.hash(no);
                if kind.is_none() && v.bytes().all(|b| b == b'*') && !v.is_empty() {
                    *masked = true;
                }
                u.password = Some((password_storage(kind), no));
            }
            // `plain-text-password` is a prompt at commit; it is never stored as such.
            _ => {}
        }
    }

    /// Whether a `host-inbound-traffic system-services` list lets `svc` in: the lines
    /// that do, or `None`.
    fn allows(list: &[(Vec<String>, u32)], svc: &str) -> Option<Vec<u32>> {
        let mut lines = Vec::new();
        let mut except = false;
        for (words, no) in list {
            match words.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
                ["all", ..] | ["any-service", ..] => lines.push(*no),
                [s, "except", ..] if *s == svc => except = true,
                [s, ..] if *s == svc => lines.push(*no),
                _ => {}
            }
        }
        (!lines.is_empty() && !except).then_some(lines)
    }

    /// Sources the lo0 input filters accept for a TCP/UDP port, with their evidence.
    fn filter_sources(&self, port: u16, protocol: &str) -> (Vec<String>, Vec<Evidence>) {
        let ev = |no: u32| Evidence::line(self.artifact, no);
        let mut sources: Vec<String> = Vec::new();
        let mut evidence: Vec<Evidence> = self.lo0_filters.iter().map(|(_, no)| ev(*no)).collect();
        for (name, _) in &self.lo0_filters {
            let Some(terms) = self.filters.get(name) else {
                // A filter that does not exist cannot be committed; reported open.
                sources.push(ANY_SOURCE.into());
                continue;
            };
            for (_, t) in terms {
                let accepts = t.action.as_deref().is_none_or(|a| a == "accept");
                let port_ok = t.ports.is_empty() || t.ports.iter().any(|p| port_matches(p, port));
                let proto_ok = t.protocols.is_empty() || t.protocols.iter().any(|p| p == protocol);
                if !(accepts && port_ok && proto_ok) {
                    continue;
                }
                evidence.extend(t.lines.iter().map(|l| ev(*l)));
                if t.sources.is_empty() && t.prefix_lists.is_empty() {
                    sources.push(ANY_SOURCE.into());
                }
                sources.extend(t.sources.iter().cloned());
                for pl in &t.prefix_lists {
                    match self.prefix_lists.get(pl) {
                        Some((list, lines)) => {
                            sources.extend(list.iter().cloned());
                            evidence.extend(lines.iter().map(|l| ev(*l)));
                        }
                        None => sources.push(format!("prefix-list:{pl}")),
                    }
                }
            }
        }
        if sources.iter().any(|s| s == ANY_SOURCE) {
            sources = vec![ANY_SOURCE.into()];
        }
        sources.dedup();
        (sources, evidence)
    }

    /// Every way in to a service: per zone interface on an SRX, otherwise the device as
    /// a whole (or the interfaces `web-management` names), narrowed by the lo0 filter.
    fn reach(&self, svc: &str, port: u16, protocol: &str, interfaces: &[Interface]) -> Vec<Reach> {
        let ev = |no: u32| Evidence::line(self.artifact, no);
        let web = self.web_interfaces.get(svc).filter(|l| !l.is_empty());
        let role_of = |name: &str| interfaces.iter().find(|i| i.name == name);
        let side = |name: &str| -> Vec<String> {
            match role_of(name) {
                Some(i) if i.role == InterfaceRole::Wan => vec![ANY_SOURCE.into()],
                Some(i) if !i.addresses.is_empty() => i.addresses.iter().filter_map(|a| cidr(a)).collect(),
                _ => vec![format!("interface:{name}")],
            }
        };
        let mut out = Vec::new();
        if !self.zones.is_empty() {
            for (zname, zone) in &self.zones {
                for (ifl, zi) in &zone.interfaces {
                    let list = if zi.services.is_empty() { &zone.services } else { &zi.services };
                    let Some(allowing) = Self::allows(list, svc) else { continue };
                    if web.is_some_and(|w| !w.contains(ifl)) {
                        continue;
                    }
                    let sources = if untrust_like(zname) { vec![ANY_SOURCE.into()] } else { side(ifl) };
                    let open = sources.iter().any(|s| s == ANY_SOURCE);
                    let mut evidence = vec![ev(zi.line)];
                    evidence.extend(allowing.into_iter().map(ev));
                    let kind = if zone.functional { "functional-zone" } else { "security-zone" };
                    out.push(Reach {
                        interface: Some(ifl.clone()),
                        sources,
                        restricted_by: if open { vec![] } else { vec![format!("{kind} {zname} host-inbound-traffic")] },
                        evidence,
                    });
                }
            }
            // Out-of-band management ports belong to no zone.
            for i in interfaces.iter().filter(|i| i.role == InterfaceRole::Management) {
                if out.iter().any(|r| r.interface.as_deref() == Some(i.name.as_str()))
                    || web.is_some_and(|w| !w.contains(&i.name))
                {
                    continue;
                }
                let sources = side(&i.name);
                out.push(Reach {
                    interface: Some(i.name.clone()),
                    sources,
                    restricted_by: vec!["out-of-band management port".into()],
                    evidence: i.evidence.clone(),
                });
            }
        } else {
            match web {
                Some(list) => {
                    for ifl in list {
                        out.push(Reach {
                            interface: Some(ifl.clone()),
                            sources: vec![ANY_SOURCE.into()],
                            restricted_by: vec![],
                            evidence: vec![],
                        });
                    }
                }
                None => {
                    out.push(Reach { interface: None, sources: vec![ANY_SOURCE.into()], restricted_by: vec![], evidence: vec![] })
                }
            }
        }
        if !self.lo0_filters.is_empty() {
            let (allowed, evidence) = self.filter_sources(port, protocol);
            let names: Vec<&str> = self.lo0_filters.iter().map(|(n, _)| n.as_str()).collect();
            for r in &mut out {
                r.sources = intersect(&r.sources, &allowed);
                r.restricted_by.push(format!("lo0 input filter {}", names.join(" ")));
                r.evidence.extend(evidence.iter().cloned());
            }
        }
        out.retain(|r| !r.sources.is_empty());
        for r in &mut out {
            dedup(&mut r.evidence);
        }
        out
    }

    fn interface_facts(&self) -> Vec<Interface> {
        let ev = |no: u32| Evidence::line(self.artifact, no);
        let mut names: Vec<String> = self.interfaces.keys().cloned().collect();
        for z in self.zones.values() {
            names.extend(z.interfaces.keys().cloned());
        }
        names.sort();
        names.dedup();
        let mut out = Vec::new();
        for name in names {
            let empty = Iface::default();
            let i = self.interfaces.get(&name).unwrap_or(&empty);
            let mut lines = i.lines.clone();
            let mut wan = !i.wan_lines.is_empty();
            let zone = self.zones.iter().find_map(|(z, zone)| zone.interfaces.get(&name).map(|zi| (z, zone, zi.line)));
            if let Some((z, _, line)) = zone {
                lines.push(line);
                wan |= untrust_like(z);
            }
            for (nh, no) in &self.default_routes {
                let via = match nh.parse::<IpAddr>() {
                    Ok(a) => i.addresses.iter().filter_map(|x| x.parse::<IpNet>().ok()).any(|n| n.contains(&a)),
                    Err(_) => logical(nh) == name,
                };
                if via {
                    wan = true;
                    lines.push(*no);
                }
            }
            let ifd = name.split('.').next().unwrap_or("");
            // A loopback faces nothing; its address says nothing about a side.
            let private = ifd != "lo0"
                && !i.addresses.is_empty()
                && i.addresses.iter().filter_map(|a| a.parse::<IpNet>().ok()).all(|n| match n.addr() {
                    IpAddr::V4(a) => a.is_private(),
                    IpAddr::V6(_) => false,
                });
            let role = match zone {
                _ if wan => InterfaceRole::Wan,
                _ if MGMT_PORTS.contains(&ifd) => InterfaceRole::Management,
                Some((_, zone, _)) if zone.functional => InterfaceRole::Management,
                Some((z, _, _)) if z.to_ascii_lowercase().contains("dmz") => InterfaceRole::Dmz,
                Some((z, _, _)) if z.to_ascii_lowercase().contains("trust") => InterfaceRole::Lan,
                _ if private => InterfaceRole::Lan,
                _ => InterfaceRole::Unknown,
            };
            lines.sort_unstable();
            lines.dedup();
            out.push(Interface {
                name: name.clone(),
                role,
                addresses: i.addresses.clone(),
                description: i.description.clone().or_else(|| self.physical_descriptions.get(ifd).cloned()),
                evidence: lines.into_iter().map(ev).collect(),
            });
        }
        out
    }

    fn emit(self, facts: &mut Facts, notes: &mut Vec<String>) {
        let truncated = self.truncated;
        if truncated {
            for f in CONFIG_FACTS {
                if f != "services" {
                    facts.mark_unknown(f);
                }
            }
        }
        if facts.device.hostname.is_none() {
            facts.device.hostname = self.host_name.clone();
        }
        let ev = |no: u32| Evidence::line(self.artifact, no);
        let evs = |lines: &[u32]| lines.iter().map(|l| ev(*l)).collect::<Vec<_>>();
        let interfaces = self.interface_facts();

        // --- management services: on only where the configuration names them.
        let netconf = self.services.get("netconf").cloned().unwrap_or_default();
        let managed = [
            (ServiceName::Telnet, "telnet", 23, "system services telnet"),
            (ServiceName::Ssh, "ssh", 22, "system services ssh"),
            (ServiceName::Http, "http", 80, "system services web-management http"),
            (ServiceName::Https, "https", 443, "system services web-management https"),
        ];
        for (name, key, port, label) in managed {
            let lines = self.services.get(key).cloned().unwrap_or_default();
            let on = !lines.is_empty() || (name == ServiceName::Ssh && !netconf.is_empty());
            if !on {
                if truncated {
                    facts.mark_unknown(format!("services.{key}"));
                } else {
                    facts.services.push(Service {
                        name,
                        enabled: false,
                        detail: Some(format!("no \"{label}\" (Junos runs only configured services)")),
                        evidence: vec![],
                    });
                }
                continue;
            }
            let mut evidence = evs(&lines);
            if name == ServiceName::Ssh {
                evidence.extend(evs(&netconf));
            }
            let detail = if name == ServiceName::Ssh && !netconf.is_empty() {
                if lines.is_empty() { "system services netconf ssh" } else { "system services ssh; netconf ssh" }
            } else {
                label
            };
            facts.services.push(Service { name, enabled: true, detail: Some(detail.to_string()), evidence: evidence.clone() });
            let mut ports = Vec::new();
            if !lines.is_empty() {
                ports.push((port, evidence.clone(), key));
            }
            if name == ServiceName::Ssh && !netconf.is_empty() {
                // NETCONF over SSH listens on 830 and gives the same control.
                ports.push((830, evs(&netconf), "netconf"));
            }
            // Who may connect depends on filters and zones that may be past the cut.
            if truncated {
                continue;
            }
            for (port, service_evidence, key) in ports {
                for r in self.reach(key, port, "tcp", &interfaces) {
                    let mut evidence = service_evidence.clone();
                    evidence.extend(r.evidence);
                    dedup(&mut evidence);
                    facts.management_access.push(ManagementAccess {
                        service: name,
                        interface: r.interface,
                        sources: r.sources,
                        restricted_by: (!r.restricted_by.is_empty()).then(|| r.restricted_by.join("; ")),
                        evidence,
                    });
                }
            }
        }
        for (name, key) in [(ServiceName::Ftp, "ftp"), (ServiceName::Finger, "finger")] {
            match self.services.get(key) {
                Some(lines) => facts.services.push(Service {
                    name,
                    enabled: true,
                    detail: Some(format!("system services {key}")),
                    evidence: evs(lines),
                }),
                None if truncated => facts.mark_unknown(format!("services.{key}")),
                None => facts.services.push(Service { name, enabled: false, detail: None, evidence: vec![] }),
            }
        }

        self.snmp(&interfaces, facts);
        self.accounts(facts, notes);

        // --- logging and time.
        let mut logging = Logging::default();
        for (h, no) in &self.syslog {
            if !logging.remote_hosts.contains(h) {
                logging.remote_hosts.push(h.clone());
            }
            logging.evidence.push(ev(*no));
        }
        for (h, no) in &self.ntp {
            if !logging.ntp_servers.contains(h) {
                logging.ntp_servers.push(h.clone());
            }
            logging.evidence.push(ev(*no));
        }
        logging.logins = if truncated {
            // A `deactivate` or a covering destination may be past the cut.
            facts.mark_unknown(LOGINS);
            None
        } else if let Some((what, _)) = self.login_syslog.first() {
            Some(Audit {
                logons: true,
                detail: Some(format!("{what}: logins (facility authorization, level info) are logged")),
                evidence: self.login_syslog.iter().map(|(_, no)| ev(*no)).collect(),
            })
        } else if self.syslog_destinations.is_empty() {
            Some(Audit { logons: false, detail: Some("no system syslog: logins are not logged".into()), evidence: Vec::new() })
        } else {
            Some(Audit {
                logons: false,
                detail: Some(
                    "no system syslog destination takes facility authorization (or any) at level info: logins are not logged"
                        .into(),
                ),
                evidence: evs(&self.syslog_destinations),
            })
        };
        facts.logging = Some(logging);

        self.remote_access(facts);

        let mut auth = AuthPolicy { min_password_length: self.min_length.map(|(n, _)| n), ..AuthPolicy::default() };
        auth.evidence.extend(self.min_length.map(|(_, no)| ev(no)));
        // `tries-before-disconnect` locks the account only with a `lockout-period`.
        if let (Some((n, no)), Some(lp)) = (self.tries, self.lockout_period) {
            auth.lockout_threshold = Some(n);
            auth.evidence.extend([ev(no), ev(lp)]);
        }
        facts.auth_policy = Some(auth);
        facts.interfaces = interfaces;
    }

    fn snmp(&self, interfaces: &[Interface], facts: &mut Facts) {
        let ev = |no: u32| Evidence::line(self.artifact, no);
        let mut snmp = Snmp::default();
        let mut agent_evidence = Vec::new();
        let reach = self.reach("snmp", 161, "udp", interfaces);
        for c in &self.communities {
            let mut evidence: Vec<Evidence> = c.lines.iter().map(|l| ev(*l)).collect();
            agent_evidence.push(evidence[0].clone());
            // Allowed managers: `clients` and client lists (without `restrict`ed ones).
            let mut clients: Vec<String> = c.clients.iter().filter(|(_, r)| !r).map(|(a, _)| a.clone()).collect();
            for l in &c.client_lists {
                match self.client_lists.get(l) {
                    Some(list) => {
                        clients.extend(list.iter().filter(|(_, r, _)| !r).map(|(a, _, _)| a.clone()));
                        evidence.extend(list.iter().map(|(_, _, no)| ev(*no)));
                    }
                    None => clients.push(format!("client-list:{l}")),
                }
            }
            let restricted = !clients.is_empty();
            let clients: Vec<String> = if restricted {
                clients.iter().map(|a| cidr(a).unwrap_or_else(|| format!("host:{a}"))).collect()
            } else {
                vec![ANY_SOURCE.into()]
            };
            let mut sources: Vec<String> = Vec::new();
            if self.truncated {
                // Filters and zones past the cut could narrow the clients seen; without
                // clients nothing is known.
                sources = if restricted { clients.clone() } else { vec!["configuration-cut-off".into()] };
            }
            for r in reach.iter().filter(|_| !self.truncated) {
                let allowed = intersect(&r.sources, &clients);
                if allowed.is_empty() {
                    continue;
                }
                let mut by = r.restricted_by.clone();
                if restricted {
                    by.insert(0, "snmp community clients".into());
                }
                let mut access_evidence = evidence.clone();
                access_evidence.extend(r.evidence.iter().cloned());
                for a in &allowed {
                    if !sources.contains(a) {
                        sources.push(a.clone());
                    }
                }
                facts.management_access.push(ManagementAccess {
                    service: ServiceName::Snmp,
                    interface: r.interface.clone(),
                    sources: allowed,
                    restricted_by: (!by.is_empty()).then(|| by.join("; ")),
                    evidence: access_evidence,
                });
            }
            if sources.iter().any(|s| s == ANY_SOURCE) {
                sources = vec![ANY_SOURCE.into()];
            }
            snmp.communities.push(SnmpCommunity {
                access: c.authorization.map_or(SnmpAccess::Ro, |(a, _)| a),
                sources,
                default_name: c.name_lines.iter().any(|l| self.default_communities.contains(l)),
                evidence,
            });
        }
        for (name, u) in &self.v3_users {
            let evidence: Vec<Evidence> = u.lines.iter().map(|l| ev(*l)).collect();
            agent_evidence.push(evidence[0].clone());
            snmp.v3_users.push(SnmpV3User { name: name.clone(), auth: u.auth.clone(), privacy: u.privacy.clone(), evidence });
        }
        if !self.v3_users.is_empty() && !self.truncated {
            for r in &reach {
                let mut evidence: Vec<Evidence> = self.v3_users.values().flat_map(|u| u.lines.first().map(|l| ev(*l))).collect();
                evidence.extend(r.evidence.iter().cloned());
                facts.management_access.push(ManagementAccess {
                    service: ServiceName::Snmp,
                    interface: r.interface.clone(),
                    sources: r.sources.clone(),
                    restricted_by: (!r.restricted_by.is_empty()).then(|| r.restricted_by.join("; ")),
                    evidence,
                });
            }
        }
        let on = !agent_evidence.is_empty();
        if on || !self.truncated {
            facts.services.push(Service {
                name: ServiceName::Snmp,
                enabled: on,
                detail: Some(if on { "snmp community / v3 usm user".into() } else { "no snmp community or v3 user".into() }),
                evidence: agent_evidence,
            });
        } else {
            facts.mark_unknown("services.snmp");
        }
        facts.snmp = Some(snmp);
    }

    fn accounts(&self, facts: &mut Facts, notes: &mut Vec<String>) {
        let ev = |no: u32| Evidence::line(self.artifact, no);
        let account = |name: &str, privilege, u: &User| {
            let storage = u.password.map_or(PasswordStorage::Unknown, |(s, _)| s);
            Account::configured(name, privilege, storage, u.lines.iter().map(|l| ev(*l)).collect())
        };
        match &self.root {
            Some(root) => facts.accounts.push(Account { builtin: true, ..account("root", Privilege::Admin, root) }),
            None if !self.truncated => {
                notes.push(format!("{}: no \"system root-authentication\"", self.artifact));
            }
            None => {}
        }
        for (name, u) in &self.users {
            let privilege = match u.class.as_ref().map(|(c, _)| c.as_str()) {
                Some("super-user") => Privilege::Admin,
                Some("operator") => Privilege::Operator,
                Some("read-only" | "unauthorized") => Privilege::ReadOnly,
                Some(c) if self.all_classes.iter().any(|(n, _)| n == c) => Privilege::Admin,
                _ => Privilege::Unknown,
            };
            let mut a = account(name, privilege, u);
            if let Some((c, _)) = &u.class
                && let Some((_, no)) = self.all_classes.iter().find(|(n, _)| n == c)
            {
                a.evidence.push(ev(*no));
            }
            facts.accounts.push(a);
        }
    }

    fn remote_access(&self, facts: &mut Facts) {
        let ev = |no: u32| Evidence::line(self.artifact, no);
        for (g, gw) in &self.ike {
            let mut evidence: Vec<Evidence> = gw.lines.iter().map(|l| ev(*l)).collect();
            let peers: Vec<String> = if gw.dynamic.is_some() {
                // Any address presenting the expected IKE identity.
                vec![ANY_SOURCE.into()]
            } else if gw.addresses.is_empty() {
                vec!["ike-peer-unset".into()]
            } else {
                gw.addresses.iter().map(|(a, _)| cidr(a).unwrap_or_else(|| format!("host:{a}"))).collect()
            };
            if let Some(refs) = self.vpn_refs.get(g) {
                evidence.extend(refs.iter().map(|l| ev(*l)));
            }
            facts.remote_access.push(RemoteAccess {
                kind: RemoteAccessKind::Ipsec,
                name: Some(format!("ike gateway {g}")),
                enabled: true,
                peer_sources: peers,
                interface: gw.external.clone(),
                // A dynamic peer is whoever holds the key; XAUTH adds a password, also
                // something known, unless a RADIUS server checks it (it may ask more).
                // Fixed peers join two sites.
                two_factor: match gw.dynamic {
                    None => None,
                    Some(_) if gw.xauth && self.access_radius => None,
                    Some(_) => Some(false),
                },
                evidence,
            });
        }
        // Client VPNs accept any address on the internet. Their users give the access
        // profile's local password unless a RADIUS server checks them.
        let client_two_factor = if self.access_radius { None } else { Some(false) };
        if !self.dynamic_vpn.is_empty() {
            facts.remote_access.push(RemoteAccess {
                kind: RemoteAccessKind::Ipsec,
                name: Some("dynamic-vpn".into()),
                enabled: true,
                peer_sources: vec![ANY_SOURCE.into()],
                interface: None,
                two_factor: client_two_factor,
                evidence: self.dynamic_vpn.iter().map(|l| ev(*l)).collect(),
            });
        }
        for (p, lines) in &self.remote_access_profiles {
            facts.remote_access.push(RemoteAccess {
                kind: RemoteAccessKind::Ipsec,
                name: Some(format!("remote-access profile {p}")),
                enabled: true,
                peer_sources: vec![ANY_SOURCE.into()],
                interface: None,
                two_factor: client_two_factor,
                evidence: lines.iter().map(|l| ev(*l)).collect(),
            });
        }
    }
}

/// Drops repeated evidence, keeping the first of each.
fn dedup(evidence: &mut Vec<Evidence>) {
    let mut seen = HashSet::new();
    evidence.retain(|e| seen.insert((e.lines, e.artifact.clone())));
}

/// `ssh`, `22`, `1-1024` against a port number.
fn port_matches(p: &str, port: u16) -> bool {
    let named = match p {
        "ssh" => Some(22),
        "telnet" => Some(23),
        "http" => Some(80),
        "https" => Some(443),
        "snmp" => Some(161),
        "netconf" => Some(830),
        _ => None,
    };
    if let Some(n) = named {
        return n == port;
    }
    match p.split_once('-') {
        Some((a, b)) => match (a.parse::<u16>(), b.parse::<u16>()) {
            (Ok(a), Ok(b)) => (a..=b).contains(&port),
            _ => false,
        },
        None => p.parse::<u16>() == Ok(port),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(stmts: &Statements) -> Vec<(String, u32)> {
        stmts.list.iter().map(|s| (s.words.join(" "), s.line)).collect()
    }

    #[test]
    fn braces_become_set_statements() {
        let text = "## Last commit: 2024-01-01 by admin\nversion 21.4R3.15;\nsystem {\n    host-name \"srx 1\";\n    services {\n        ssh;\n        inactive: telnet;\n    }\n}\n/* note\n   more */\nsecurity {\n    zones {\n        security-zone trust {\n            interfaces {\n                ge-0/0/1.0;\n            }\n            host-inbound-traffic {\n                system-services {\n                    ssh;\n                }\n            }\n        }\n    }\n    policies {\n        from-zone trust to-zone untrust {\n            policy p {\n                match {\n                    application [ junos-http junos-https ];\n                }\n            }\n        }\n    }\n}\ninactive: snmp {\n    community x;\n}\nprotocols {\n    lldp {\n    }\n}\n";
        let s = read_braces(text);
        assert!(!s.truncated);
        assert_eq!(
            words(&s),
            vec![
                ("version 21.4R3.15".to_string(), 2),
                ("system host-name srx 1".to_string(), 4),
                ("system services ssh".to_string(), 6),
                ("security zones security-zone trust interfaces ge-0/0/1.0".to_string(), 16),
                ("security zones security-zone trust host-inbound-traffic system-services ssh".to_string(), 20),
                ("security policies from-zone trust to-zone untrust policy p match application junos-http".to_string(), 29),
                ("security policies from-zone trust to-zone untrust policy p match application junos-https".to_string(), 29),
                ("protocols lldp".to_string(), 39),
            ]
        );
        // The container words keep the line they came from.
        assert_eq!(s.list[3].origins, vec![12, 13, 14, 14, 15, 16]);
        assert!(read_braces("system {\n    services {\n        ssh;\n").truncated);
        assert!(read_braces("system {\n}").truncated);
    }

    #[test]
    fn set_form_drops_deactivated_statements() {
        let text = "set system services telnet\nset system services ssh\ndeactivate system services telnet\n{master:0}\n";
        assert_eq!(words(&read_set(text)), vec![("system services ssh".to_string(), 2)]);
        assert!(read_set("set system services ssh").truncated);
        assert_eq!(tokens(r#"set a "b \"c\" d" e"#), vec!["set", "a", "b \"c\" d", "e"]);
    }

    #[test]
    fn groups_are_applied() {
        let s = read_set(
            "set groups node0 system host-name n0\nset groups g1 system services telnet\nset groups all interfaces <*> mtu 1500\nset apply-groups \"${node}\"\nset apply-groups all\n",
        );
        let merged: Vec<String> = apply_groups(s.list).iter().map(|s| s.words.join(" ")).collect();
        assert_eq!(merged, vec!["system host-name n0", "apply-groups ${node}", "apply-groups all"]);
    }

    #[test]
    fn sources_intersect() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(intersect(&v(&["any"]), &v(&["10.0.0.0/8"])), v(&["10.0.0.0/8"]));
        assert_eq!(intersect(&v(&["10.1.0.0/16"]), &v(&["10.0.0.0/8", "192.168.0.0/16"])), v(&["10.1.0.0/16"]));
        assert_eq!(intersect(&v(&["10.0.0.0/8"]), &v(&["10.9.9.9/32"])), v(&["10.9.9.9/32"]));
        assert!(intersect(&v(&["10.0.0.0/8"]), &v(&["192.168.0.0/16"])).is_empty());
        assert_eq!(intersect(&v(&["interface:ge-0/0/1.0"]), &v(&["10.0.0.0/8"])), v(&["interface:ge-0/0/1.0"]));
        assert!(port_matches("ssh", 22) && port_matches("20-30", 23) && port_matches("443", 443) && !port_matches("telnet", 22));
    }

    #[test]
    fn member_headers() {
        assert!(member_header("fpc0:") && member_header("node1:") && member_header("re0:"));
        assert!(!member_header("Junos:") && !member_header("fpc:") && !member_header("0:"));
    }
}
