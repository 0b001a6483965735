//! Fortinet FortiOS: `get system status` and `show full-configuration`.
//!
//! FortiOS configuration is a tree of `config <section>` … `end` blocks holding
//! `edit <name>` … `next` entries and `set <key> <values>` lines. It is read into
//! [`Node`]s first, then facts are taken from the sections that matter. `show` (only
//! non-default settings) is accepted when `show full-configuration` is absent; FortiOS
//! defaults are then applied where they are documented.
//!
//! Relied on: administrator logins (successful and failed) are system events of the
//! event log, which `config log eventfilter` (global or per VDOM) keeps on by default
//! (`set event enable`, `set system enable`); only a `disable` there turns them off, so
//! `show` and `show full-configuration` are read alike. An output whose blocks do not all close leaves
//! this unknown.

use std::collections::HashMap;

use kenshin_facts::version::{Family, Version};
use kenshin_facts::{
    ANY_SOURCE, Account, Audit, AuthPolicy, Evidence, Facts, Firmware, Interface, InterfaceRole, Logging, ManagementAccess,
    PasswordStorage, Privilege, RemoteAccess, RemoteAccessKind, Service, ServiceName, Snmp, SnmpAccess, SnmpCommunity,
    SnmpV3User,
};

use super::{Command, LOGINS, cmd, config_unknown, is_default_community, netmask, numbered};
use crate::snapshot::Snapshot;

const STATUS: &str = "get_system_status.txt";
const FULL_CONFIG: &str = "show_full-configuration.txt";
const CONFIG: &str = "show.txt";

pub(super) const COMMANDS: &[Command] = &[cmd("get system status", STATUS), cmd("show full-configuration", FULL_CONFIG)];

pub(super) fn parse(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) {
    let config =
        snapshot.artifact(FULL_CONFIG).map(|t| (FULL_CONFIG, t)).or_else(|| snapshot.artifact(CONFIG).map(|t| (CONFIG, t)));
    match snapshot.artifact(STATUS) {
        Some(text) => parse_status(text, facts, notes),
        None => match config.and_then(|(name, text)| config_version_header(name, text)) {
            Some(fw) => {
                notes.push(format!("artifact {STATUS} missing: firmware taken from the configuration header"));
                facts.firmware = Some(fw);
            }
            None => {
                notes.push(format!("artifact {STATUS} missing: firmware unknown"));
                facts.mark_unknown("firmware");
            }
        },
    }
    match config {
        Some((artifact, text)) => {
            let (root, complete) = tree(artifact, text, notes);
            let default_communities = snapshot.default_community_lines(artifact);
            let full = artifact == FULL_CONFIG;
            Extract { artifact, root: &root, facts, notes, full, complete, default_communities }.run();
        }
        None => config_unknown(facts, notes, format!("artifact {FULL_CONFIG} missing: configuration facts unknown")),
    }
}

fn firmware(model: Option<String>, raw: &str, artifact: &str, line: u32, facts: &mut Facts, notes: &mut Vec<String>) -> Firmware {
    let version = Version::parse(Family::FortiOs, raw).ok().map(|v| v.to_string());
    if version.is_none() {
        notes.push(format!("{artifact}:{line}: FortiOS version {raw:?} not recognised: firmware version unknown"));
        facts.mark_unknown("firmware.version");
    }
    Firmware {
        vendor: "fortinet".into(),
        os: "fortios".into(),
        model,
        version,
        raw: raw.to_string(),
        evidence: vec![Evidence::line(artifact, line)],
    }
}

fn parse_status(text: &str, facts: &mut Facts, notes: &mut Vec<String>) {
    let mut found = None;
    for (no, line) in numbered(text) {
        if let Some(v) = line.strip_prefix("Version:") {
            // `FortiGate-60E v6.0.4,build0231,190107 (GA)`
            let v = v.trim();
            let (model, raw) = match v.split_once(' ') {
                Some((m, r)) if r.trim_start().starts_with('v') => (Some(m.to_string()), r.trim()),
                _ => (None, v),
            };
            found = Some((model, raw.to_string(), no));
        } else if let Some(h) = line.strip_prefix("Hostname:") {
            facts.device.hostname = Some(h.trim().to_string());
        }
    }
    match found {
        Some((model, raw, no)) => facts.firmware = Some(firmware(model, &raw, STATUS, no, facts, notes)),
        None => {
            notes.push(format!("{STATUS}: no \"Version:\" line: firmware unknown"));
            facts.mark_unknown("firmware");
        }
    }
}

/// `#config-version=FGT60E-6.0.4-FW-build0231-190107:opmode=0:...`
fn config_version_header(artifact: &str, text: &str) -> Option<Firmware> {
    let (no, line) = numbered(text).find(|(_, l)| l.starts_with("#config-version="))?;
    let head = line.trim_start_matches("#config-version=").split(':').next()?;
    let parts: Vec<&str> = head.split('-').collect();
    let model = parts.first()?.to_string();
    let version = parts.get(1)?;
    let build = parts.iter().find_map(|p| p.strip_prefix("build"))?;
    let raw = format!("v{version},build{build}");
    let mut scratch = Facts::new(kenshin_facts::Device {
        name: String::new(),
        platform: String::new(),
        kind: kenshin_facts::DeviceKind::Other,
        hostname: None,
    });
    Some(firmware(Some(model), &raw, artifact, no, &mut scratch, &mut Vec::new()))
}

/// A `config` section or an `edit` entry.
#[derive(Debug, Default)]
struct Node {
    name: String,
    line: u32,
    end: u32,
    sets: Vec<Set>,
    children: Vec<Node>,
}

#[derive(Debug)]
struct Set {
    key: String,
    values: Vec<String>,
    line: u32,
}

impl Node {
    /// The `config <path>` child of this node.
    fn section(&self, path: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == path)
    }
    /// Every `config <path>` at any depth (per-VDOM sections sit under `config vdom`).
    fn sections_anywhere<'n>(&'n self, path: &str, out: &mut Vec<&'n Node>) {
        for c in &self.children {
            if c.name == path {
                out.push(c);
            }
            c.sections_anywhere(path, out);
        }
    }
    fn get(&self, key: &str) -> Option<&Set> {
        self.sets.iter().rev().find(|s| s.key == key)
    }
    fn value(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(|s| s.values.first()).map(String::as_str)
    }
    fn is(&self, key: &str, value: &str) -> bool {
        self.value(key) == Some(value)
    }
    fn evidence(&self, artifact: &str) -> Evidence {
        Evidence::lines(artifact, self.line, self.end)
    }
}

/// Splits a `set` line's values, honouring double quotes and backslash escapes.
///
/// Each word is copied once, at its final size: configurations run to hundreds of
/// thousands of lines, and this is the parser's innermost loop.
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(4);
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        if let Some(body) = rest.strip_prefix('"') {
            // A quoted word runs to the next unescaped quote (or the end of the line).
            let mut word = String::new();
            let mut end = body.len();
            let mut escaped = false;
            let mut start = 0;
            for (i, c) in body.char_indices() {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => {
                        word.push_str(&body[start..i]);
                        start = i + 1;
                        escaped = true;
                    }
                    '"' => {
                        end = i;
                        break;
                    }
                    _ => {}
                }
            }
            word.push_str(&body[start..end]);
            out.push(word);
            rest = body.get(end + 1..).unwrap_or("").trim_start();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.push(rest[..end].to_string());
            rest = rest[end..].trim_start();
        }
    }
    out
}

/// The configuration tree, and whether every block in it was closed (the output was not
/// cut off).
fn tree(artifact: &str, text: &str, notes: &mut Vec<String>) -> (Node, bool) {
    let mut stack: Vec<Node> = vec![Node::default()];
    let mut last = 0;
    for (no, raw) in numbered(text) {
        last = no;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let w = words(line);
        match w.first().map(String::as_str) {
            Some("config") => stack.push(Node { name: w[1..].join(" "), line: no, ..Node::default() }),
            Some("edit") => stack.push(Node { name: w.get(1).cloned().unwrap_or_default(), line: no, ..Node::default() }),
            Some("set") if w.len() >= 2 => {
                if let Some(top) = stack.last_mut() {
                    top.sets.push(Set { key: w[1].clone(), values: w[2..].to_vec(), line: no });
                }
            }
            Some("next") | Some("end") => {
                if stack.len() < 2 {
                    notes.push(format!("{artifact}:{no}: \"{line}\" without an open block (ignored)"));
                    continue;
                }
                let mut node = stack.pop().unwrap_or_default();
                node.end = no;
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(node);
                }
            }
            _ => {}
        }
    }
    let complete = stack.len() == 1;
    if !complete {
        notes.push(format!("{artifact}: {} block(s) not closed at end of file (truncated output?)", stack.len() - 1));
        while stack.len() > 1 {
            let mut node = stack.pop().unwrap_or_default();
            node.end = last;
            if let Some(parent) = stack.last_mut() {
                parent.children.push(node);
            }
        }
    }
    (stack.pop().unwrap_or_default(), complete)
}

struct Extract<'a> {
    artifact: &'a str,
    root: &'a Node,
    facts: &'a mut Facts,
    notes: &'a mut Vec<String>,
    /// `show full-configuration` (every default printed) rather than `show`.
    full: bool,
    /// Every block of the output was closed.
    complete: bool,
    /// Lines whose (masked) SNMP community name is a well-known default.
    default_communities: Vec<u32>,
}

const ADMIN_PROTOCOLS: [(&str, ServiceName); 5] = [
    ("http", ServiceName::Http),
    ("https", ServiceName::Https),
    ("ssh", ServiceName::Ssh),
    ("telnet", ServiceName::Telnet),
    ("fgfm", ServiceName::Fgfm),
];

impl Extract<'_> {
    fn ev(&self, line: u32) -> Evidence {
        Evidence::line(self.artifact, line)
    }

    fn run(mut self) {
        if let Some(h) = self.root.section("system global").and_then(|g| g.value("hostname")) {
            self.facts.device.hostname = Some(h.to_string());
        }
        let addresses = self.address_objects();
        let admin_sources = self.admins();
        let snmp_sources = self.snmp();
        self.interfaces(&admin_sources, &snmp_sources);
        self.ssl_vpn(&addresses);
        self.ipsec();
        self.logging();
        self.auth_policy();
    }

    /// `firewall address` subnets and `firewall addrgrp` members, by name.
    fn address_objects(&self) -> HashMap<String, Vec<String>> {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        map.insert("all".into(), vec![ANY_SOURCE.into()]);
        if let Some(sec) = self.root.section("firewall address") {
            for e in &sec.children {
                let cidr = match e.get("subnet").map(|s| s.values.as_slice()) {
                    Some([a, m]) => netmask::from_netmask(a, m),
                    Some([c]) if c.contains('/') => Some(c.clone()),
                    // A default (subnet) entry without `subnet` is 0.0.0.0/0.
                    None if e.value("type").is_none_or(|t| t == "ipmask") => Some(ANY_SOURCE.into()),
                    _ => None,
                };
                if let Some(c) = cidr {
                    map.insert(e.name.clone(), vec![c]);
                }
            }
        }
        if let Some(sec) = self.root.section("firewall addrgrp") {
            for e in &sec.children {
                let members: Vec<String> = e
                    .get("member")
                    .map(|s| {
                        s.values.iter().flat_map(|m| map.get(m).cloned().unwrap_or_else(|| vec![format!("object:{m}")])).collect()
                    })
                    .unwrap_or_default();
                map.insert(e.name.clone(), members);
            }
        }
        map
    }

    /// Admin accounts; returns the union of their trusted hosts (`any` if one has none).
    fn admins(&mut self) -> Vec<String> {
        let Some(sec) = self.root.section("system admin") else {
            self.notes.push(format!("{}: no \"config system admin\": accounts unknown", self.artifact));
            self.facts.mark_unknown("accounts");
            return vec![ANY_SOURCE.into()];
        };
        let mut union: Vec<String> = Vec::new();
        for e in &sec.children {
            let mut sources: Vec<String> = e
                .sets
                .iter()
                .filter(|s| s.key.starts_with("trusthost") || s.key.starts_with("trustedhost"))
                .filter_map(|s| match s.values.as_slice() {
                    [a, m] => netmask::from_netmask(a, m),
                    [c] if c.contains('/') => c
                        .parse::<ipnet::IpNet>()
                        .ok()
                        .map(|n| if n.prefix_len() == 0 { ANY_SOURCE.into() } else { n.trunc().to_string() }),
                    _ => None,
                })
                .collect();
            // FortiOS prints unset trusted hosts as 0.0.0.0 0.0.0.0: any only if all are.
            if sources.iter().any(|s| s != ANY_SOURCE) {
                sources.retain(|s| s != ANY_SOURCE);
            } else {
                sources = vec![ANY_SOURCE.into()];
            }
            for s in &sources {
                if !union.contains(s) {
                    union.push(s.clone());
                }
            }
            let privilege = match e.value("accprofile") {
                Some("super_admin") | Some("prof_admin") => Privilege::Admin,
                Some(p) if p.contains("read") => Privilege::ReadOnly,
                Some(_) => Privilege::Operator,
                None => Privilege::Unknown,
            };
            let password_storage = match e.get("password").map(|s| s.values.as_slice()) {
                None => PasswordStorage::None,
                Some([enc, hash, ..]) if enc == "ENC" && hash.starts_with("SH2") => PasswordStorage::Strong,
                Some([enc, hash, ..]) if enc == "ENC" && hash.starts_with("AK1") => PasswordStorage::Weak,
                Some([enc, ..]) if enc == "ENC" => PasswordStorage::Unknown,
                Some(_) => PasswordStorage::Plain,
            };
            let two_factor = Some(e.value("two-factor").is_some_and(|v| v != "disable"));
            self.facts.accounts.push(Account {
                allowed_sources: Some(sources),
                two_factor,
                ..Account::configured(&e.name, privilege, password_storage, vec![e.evidence(self.artifact)])
            });
        }
        if union.iter().any(|s| s == ANY_SOURCE) {
            union = vec![ANY_SOURCE.into()];
        }
        union
    }

    /// SNMP agent, communities and users; returns the union of community hosts.
    fn snmp(&mut self) -> Vec<String> {
        let mut snmp = Snmp::default();
        let mut union: Vec<String> = Vec::new();
        if let Some(sec) = self.root.section("system snmp community") {
            for e in &sec.children {
                if e.is("status", "disable") {
                    continue;
                }
                let mut sources: Vec<String> = e
                    .section("hosts")
                    .map(|h| {
                        h.children
                            .iter()
                            .filter(|host| !host.is("host-type", "trap"))
                            .filter_map(|host| match host.get("ip").map(|s| s.values.as_slice()) {
                                Some([a, m]) => netmask::from_netmask(a, m),
                                Some([c]) => c
                                    .parse::<ipnet::IpNet>()
                                    .ok()
                                    .map(|n| if n.prefix_len() == 0 { ANY_SOURCE.into() } else { n.trunc().to_string() }),
                                _ => None,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                if sources.is_empty() {
                    // No hosts: any manager may query.
                    sources.push(ANY_SOURCE.into());
                }
                for s in &sources {
                    if !union.contains(s) {
                        union.push(s.clone());
                    }
                }
                let name = e.value("name").unwrap_or("");
                let name_line = e.get("name").map_or(e.line, |s| s.line);
                snmp.communities.push(SnmpCommunity {
                    access: SnmpAccess::Ro,
                    sources,
                    default_name: self.default_communities.contains(&name_line) || is_default_community(name),
                    evidence: vec![self.ev(name_line), e.evidence(self.artifact)],
                });
            }
        }
        if let Some(sec) = self.root.section("system snmp user") {
            for e in &sec.children {
                let level = e.value("security-level").unwrap_or("no-auth-no-priv");
                let auth = (level != "no-auth-no-priv").then(|| e.value("auth-proto").unwrap_or("sha").to_string());
                let privacy = (level == "auth-priv").then(|| e.value("priv-proto").unwrap_or("aes").to_string());
                snmp.v3_users.push(SnmpV3User { name: e.name.clone(), auth, privacy, evidence: vec![e.evidence(self.artifact)] });
            }
        }
        let agent = self.root.section("system snmp sysinfo");
        let enabled = agent.is_some_and(|a| a.is("status", "enable"));
        match agent {
            Some(a) => self.facts.services.push(Service {
                name: ServiceName::Snmp,
                enabled,
                detail: Some("config system snmp sysinfo".into()),
                evidence: vec![a.get("status").map_or_else(|| a.evidence(self.artifact), |s| self.ev(s.line))],
            }),
            None if self.full => self.facts.mark_unknown("services.snmp"),
            // `show` omits the section when the agent has its default (disabled).
            None => self.facts.services.push(Service {
                name: ServiceName::Snmp,
                enabled: false,
                detail: Some("default".into()),
                evidence: vec![],
            }),
        }
        if !enabled {
            // Communities of a disabled agent answer nobody.
            union.clear();
        }
        self.facts.snmp = Some(snmp);
        union
    }

    fn interfaces(&mut self, admin_sources: &[String], snmp_sources: &[String]) {
        let Some(sec) = self.root.section("system interface") else {
            self.notes.push(format!("{}: no \"config system interface\": management access unknown", self.artifact));
            for f in ["interfaces", "management_access", "services.telnet", "services.ssh", "services.http", "services.https"] {
                self.facts.mark_unknown(f);
            }
            return;
        };
        let mut on: HashMap<ServiceName, Vec<Evidence>> = HashMap::new();
        let mut allowaccess_lines: Vec<Evidence> = Vec::new();
        for e in &sec.children {
            let role = match e.value("role") {
                Some("wan") => InterfaceRole::Wan,
                Some("lan") => InterfaceRole::Lan,
                Some("dmz") => InterfaceRole::Dmz,
                _ if e.name.starts_with("wan") => InterfaceRole::Wan,
                _ if e.name == "mgmt" || e.name.starts_with("mgmt") => InterfaceRole::Management,
                _ => InterfaceRole::Unknown,
            };
            let addresses = match e.get("ip").map(|s| s.values.as_slice()) {
                Some([a, m]) if a != "0.0.0.0" => netmask::host_cidr(a, m).into_iter().collect(),
                _ => Vec::new(),
            };
            let description = e.value("description").or(e.value("alias")).map(str::to_string);
            self.facts.interfaces.push(Interface {
                name: e.name.clone(),
                role,
                addresses,
                description,
                evidence: vec![e.evidence(self.artifact)],
            });
            let Some(allow) = e.get("allowaccess") else {
                continue;
            };
            allowaccess_lines.push(self.ev(allow.line));
            for proto in &allow.values {
                let (service, sources) = match proto.as_str() {
                    "snmp" => (ServiceName::Snmp, snmp_sources.to_vec()),
                    p => match ADMIN_PROTOCOLS.iter().find(|(n, _)| *n == p) {
                        Some((_, s)) => (*s, admin_sources.to_vec()),
                        None => continue,
                    },
                };
                on.entry(service).or_default().push(self.ev(allow.line));
                self.facts.management_access.push(ManagementAccess {
                    service,
                    interface: Some(e.name.clone()),
                    sources,
                    restricted_by: Some(
                        if service == ServiceName::Snmp { "snmp community hosts" } else { "admin trusthost" }.into(),
                    ),
                    evidence: vec![self.ev(allow.line)],
                });
            }
        }
        for (_, service) in ADMIN_PROTOCOLS {
            let evidence = on.remove(&service);
            let enabled = evidence.is_some();
            self.facts.services.push(Service {
                name: service,
                enabled,
                detail: Some("interface allowaccess".into()),
                evidence: evidence.unwrap_or_else(|| allowaccess_lines.clone()),
            });
        }
    }

    fn resolve(addresses: &HashMap<String, Vec<String>>, names: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for n in names {
            for s in addresses.get(n).cloned().unwrap_or_else(|| vec![format!("object:{n}")]) {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }

    fn ssl_vpn(&mut self, addresses: &HashMap<String, Vec<String>>) {
        let Some(sec) = self.root.section("vpn ssl settings") else {
            if self.full {
                self.notes.push(format!("{}: no \"config vpn ssl settings\": SSL-VPN state unknown", self.artifact));
                self.facts.mark_unknown("remote_access.ssl_vpn");
            }
            return;
        };
        let interfaces: Vec<String> =
            sec.get("source-interface").map(|s| s.values.iter().filter(|v| !v.is_empty()).cloned().collect()).unwrap_or_default();
        let enabled = !sec.is("status", "disable") && !interfaces.is_empty();
        let names: Vec<String> =
            sec.get("source-address").map(|s| s.values.iter().filter(|v| !v.is_empty()).cloned().collect()).unwrap_or_default();
        let mut peer_sources = if names.is_empty() { vec![ANY_SOURCE.to_string()] } else { Self::resolve(addresses, &names) };
        if sec.is("source-address-negate", "enable") {
            // "everyone except these" is still everyone else.
            peer_sources = vec![ANY_SOURCE.into()];
        }
        let mut evidence = vec![sec.evidence(self.artifact)];
        if let Some(s) = sec.get("source-interface") {
            evidence.insert(0, self.ev(s.line));
        }
        // Who may log in: the authentication rules' and the `ssl.root` policies' groups.
        let (mut groups, mut users) = (Vec::new(), Vec::new());
        let rules = sec.section("authentication-rule").map(|r| r.children.iter()).into_iter().flatten();
        let policies = self.root.section("firewall policy").map(|p| p.children.iter()).into_iter().flatten();
        for e in rules.chain(policies.filter(|p| p.get("srcintf").is_some_and(|s| s.values.iter().any(|v| v == "ssl.root")))) {
            groups.extend(e.get("groups").map(|g| g.values.clone()).unwrap_or_default());
            users.extend(e.get("users").map(|u| u.values.clone()).unwrap_or_default());
        }
        let two_factor = if sec.is("reqclientcert", "enable") {
            // A client certificate as well as the password.
            evidence.extend(sec.get("reqclientcert").map(|s| self.ev(s.line)));
            Some(true)
        } else {
            self.user_factors(&groups, &users, &mut evidence)
        };
        self.facts.remote_access.push(RemoteAccess {
            kind: RemoteAccessKind::SslVpn,
            name: None,
            enabled,
            peer_sources,
            interface: interfaces.first().cloned(),
            two_factor,
            evidence,
        });
    }

    /// Whether everyone `groups` and `users` name must give a second factor.
    ///
    /// `Some(false)` as soon as one enabled local password user has no `two-factor`;
    /// `None` where a member is checked by a RADIUS, LDAP or SAML server (which may ask
    /// for a one-time code the configuration does not show) or nobody is named. The
    /// entries of users without a second factor join `evidence`.
    fn user_factors(&self, groups: &[String], users: &[String], evidence: &mut Vec<Evidence>) -> Option<bool> {
        let mut members: Vec<&str> = users.iter().map(String::as_str).collect();
        let mut remote = false;
        let group_sec = self.root.section("user group");
        for g in groups {
            match group_sec.and_then(|s| s.children.iter().find(|e| &e.name == g)) {
                Some(e) => {
                    // FSSO, RSSO and remote-server match lists identify users elsewhere.
                    remote |= e.value("group-type").is_some_and(|t| t != "firewall") || e.section("match").is_some();
                    members.extend(e.get("member").map(|m| m.values.iter().map(String::as_str)).into_iter().flatten());
                }
                None => remote = true,
            }
        }
        let locals = self.root.section("user local");
        let (mut with, mut without) = (0usize, Vec::new());
        for m in members {
            let Some(u) = locals.and_then(|s| s.children.iter().find(|e| e.name == m)) else {
                // Not a local user: a remote server (RADIUS, LDAP, SAML) by name.
                remote = true;
                continue;
            };
            if u.is("status", "disable") {
                continue;
            }
            if u.value("two-factor").is_some_and(|t| t != "disable") {
                with += 1;
            } else if u.value("type").is_none_or(|t| t == "password") {
                without.push(u);
            } else {
                // `type ldap|radius|tacacs+`: the password is checked by that server.
                remote = true;
            }
        }
        if !without.is_empty() {
            for u in without {
                evidence.push(u.get("two-factor").map_or_else(|| self.ev(u.line), |t| self.ev(t.line)));
            }
            Some(false)
        } else if remote || with == 0 {
            None
        } else {
            Some(true)
        }
    }

    fn ipsec(&mut self) {
        for section in ["vpn ipsec phase1-interface", "vpn ipsec phase1"] {
            let Some(sec) = self.root.section(section) else {
                continue;
            };
            for e in &sec.children {
                let dynamic = e.is("type", "dynamic");
                let peer = match e.get("remote-gw").map(|s| s.values.as_slice()) {
                    _ if dynamic => ANY_SOURCE.to_string(),
                    Some([gw, ..]) if gw != "0.0.0.0" => format!("{gw}/32"),
                    _ => ANY_SOURCE.to_string(),
                };
                let mut evidence = match e.get("type") {
                    Some(t) if dynamic => vec![self.ev(t.line), e.evidence(self.artifact)],
                    _ => vec![e.evidence(self.artifact)],
                };
                // Dial-up peers are people (or sites) with the pre-shared key or a
                // certificate; XAUTH or EAP adds a user's password to that.
                let two_factor = if !dynamic {
                    None
                } else if e.value("xauthtype").is_some_and(|x| x != "disable") || e.is("eap", "enable") {
                    let group: Vec<String> = e.get("authusrgrp").map(|g| g.values.clone()).unwrap_or_default();
                    if e.is("authmethod", "signature") { Some(true) } else { self.user_factors(&group, &[], &mut evidence) }
                } else {
                    Some(false)
                };
                self.facts.remote_access.push(RemoteAccess {
                    kind: RemoteAccessKind::Ipsec,
                    name: Some(e.name.clone()),
                    enabled: true,
                    peer_sources: vec![peer],
                    interface: e.value("interface").map(str::to_string),
                    two_factor,
                    evidence,
                });
            }
        }
    }

    fn logging(&mut self) {
        let mut logging = Logging::default();
        for name in [
            "log syslogd setting",
            "log syslogd2 setting",
            "log syslogd3 setting",
            "log syslogd4 setting",
            "log fortianalyzer setting",
        ] {
            if let Some(sec) = self.root.section(name)
                && sec.is("status", "enable")
                && let Some(server) = sec.value("server").filter(|s| !s.is_empty())
            {
                logging.remote_hosts.push(server.to_string());
                logging.evidence.push(sec.evidence(self.artifact));
            }
        }
        if let Some(ntp) = self.root.section("system ntp")
            && ntp.is("ntpsync", "enable")
        {
            if ntp.value("type").is_none_or(|t| t == "fortiguard") {
                logging.ntp_servers.push("fortiguard".into());
            } else if let Some(servers) = ntp.section("ntpserver") {
                logging.ntp_servers.extend(servers.children.iter().filter_map(|s| s.value("server")).map(str::to_string));
            }
            logging.evidence.push(ntp.evidence(self.artifact));
        }
        if self.complete {
            logging.logins = Some(self.logins());
        } else {
            // A `disable` may be past the cut; the note on the unclosed blocks says why.
            self.facts.mark_unknown(LOGINS);
        }
        self.facts.logging = Some(logging);
    }

    /// Admin logins are system events: recorded unless a `config log eventfilter` (the
    /// global one, or a VDOM's) turns event logging or its system events off (both on by
    /// default).
    fn logins(&self) -> Audit {
        let mut filters = Vec::new();
        self.root.sections_anywhere("log eventfilter", &mut filters);
        if filters.is_empty() {
            return Audit {
                logons: true,
                detail: Some("no config log eventfilter: event logging and system events are on by default".into()),
                evidence: Vec::new(),
            };
        }
        let off: Vec<&Set> = filters
            .iter()
            .flat_map(|f| ["event", "system"].into_iter().filter_map(|k| f.get(k)))
            .filter(|s| s.values.first().is_some_and(|v| v == "disable"))
            .collect();
        if off.is_empty() {
            return Audit {
                logons: true,
                detail: Some("config log eventfilter does not disable event or system events: admin logins are logged".into()),
                evidence: filters.iter().map(|f| f.evidence(self.artifact)).collect(),
            };
        }
        let keys: Vec<String> = off.iter().map(|s| format!("set {} disable", s.key)).collect();
        Audit {
            logons: false,
            detail: Some(format!("config log eventfilter {}: admin logins are not logged", keys.join(", "))),
            evidence: off.iter().map(|s| self.ev(s.line)).collect(),
        }
    }

    fn auth_policy(&mut self) {
        let mut policy = AuthPolicy::default();
        if let Some(p) = self.root.section("system password-policy") {
            if p.is("status", "enable") {
                policy.min_password_length = Some(p.value("minimum-length").and_then(|v| v.parse().ok()).unwrap_or(8));
            }
            policy.evidence.push(p.evidence(self.artifact));
        }
        match self.root.section("system global") {
            Some(g) => {
                // FortiOS default: 3 failed attempts.
                policy.lockout_threshold = Some(g.value("admin-lockout-threshold").and_then(|v| v.parse().ok()).unwrap_or(3));
                if let Some(s) = g.get("admin-lockout-threshold") {
                    policy.evidence.push(self.ev(s.line));
                }
            }
            None => self.facts.mark_unknown("auth_policy.lockout_threshold"),
        }
        if !self.facts.accounts.is_empty() {
            policy.two_factor = Some(self.facts.accounts.iter().all(|a| a.two_factor == Some(true)));
        }
        self.facts.auth_policy = Some(policy);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_handle_quotes() {
        assert_eq!(words(r#"set member "a b" "c\"d" e"#), vec!["set", "member", "a b", "c\"d", "e"]);
        assert_eq!(words(r#"set source-interface """#), vec!["set", "source-interface", ""]);
    }

    #[test]
    fn config_header_gives_firmware() {
        let fw =
            config_version_header(FULL_CONFIG, "#config-version=FGT60E-6.0.4-FW-build0231-190107:opmode=0:vdom=0:user=admin\n")
                .unwrap();
        assert_eq!(fw.version.as_deref(), Some("6.0.4"));
        assert_eq!(fw.model.as_deref(), Some("FGT60E"));
    }
}
