//! Arista EOS: `show version` and `show running-config`.
//!
//! EOS configurations read like IOS ones; the management services are blocks
//! (`management ssh`, `management telnet`, `management api http-commands`) whose
//! top-level lines govern the default VRF and whose `vrf NAME` sub-blocks govern that
//! VRF. The running configuration ends with `end`; without it the output was cut off
//! and nothing is concluded from an absent line.
//!
//! EOS defaults relied on (EOS user manual): SSH is on in the default VRF unless
//! `management ssh` says `shutdown`; Telnet and the command API (eAPI) are off unless
//! their block says `no shutdown`; a `vrf NAME` sub-block serves only with its own
//! `no shutdown`; eAPI serves HTTPS unless `no protocol https` and HTTP only with
//! `protocol http`; a user without `privilege` has level 1; `secret sha512` is a
//! SHA-512 crypt hash, `secret 5` MD5-crypt; `no aaa root` (no root password) is the
//! factory state. Logins are recorded in the local log with `aaa authentication policy
//! on-failure log` (failed logins) and either `on-success log` or `aaa accounting exec
//! default ... logging` (exec sessions, which are successful logins).
//!
//! Not relied on, reported unknown: whether logins are recorded without those lines;
//! EOS logs some AAA events by default, but not documented as covering every login.

use std::collections::HashMap;

use kenshin_facts::version::Family;
use kenshin_facts::{
    ANY_SOURCE, Account, Audit, AuthPolicy, Evidence, Facts, Interface, InterfaceRole, Logging, ManagementAccess,
    PasswordStorage, Privilege, Service, ServiceName, Snmp,
};

use super::cisco_cli::{
    Acl, AclSyntax, Block, CONFIG, MAX_WORDS, VERSION, acl_sources, blocks, collect_acls, config_missing, ends_with_marker,
    host_prefix, ntp_server, privilege_level, push_snmp, snmp_community, snmp_v3_user, whole_lines,
};
use super::{Command, cmd, numbered, split_words};
use super::{FirmwareLine, LOGINS, logins_unknown, set_firmware};
use crate::snapshot::Snapshot;

pub(super) const COMMANDS: &[Command] = &[cmd("show version", VERSION), cmd("show running-config", CONFIG)];

/// `show version` of EOS, or an EOS running configuration (`! device: NAME (..., EOS-x)`).
pub(super) fn recognises(snapshot: &Snapshot) -> bool {
    snapshot.artifact(VERSION).is_some_and(|t| {
        t.lines().find(|l| !l.trim().is_empty()).is_some_and(|l| l.starts_with("Arista ")) && image_version(t).is_some()
    }) || snapshot.artifact(CONFIG).is_some_and(|t| device_header(t).is_some())
}

pub(super) fn parse(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) {
    let config = snapshot.artifact(CONFIG);
    let from_version = match snapshot.artifact(VERSION) {
        Some(text) => parse_version(text, facts, notes),
        None => {
            notes.push(format!("artifact {VERSION} missing"));
            false
        }
    };
    if !from_version {
        match config.and_then(device_header) {
            Some(h) => {
                notes.push(format!("firmware taken from the \"! device:\" header of {CONFIG}"));
                let model = Some(h.model.to_string()).filter(|m| !m.is_empty());
                let at = FirmwareLine { artifact: CONFIG, line: h.line, raw: h.version, version: h.version };
                set_firmware(facts, notes, "arista", Family::Eos, model, at);
            }
            None => facts.mark_unknown("firmware"),
        }
    }
    match config {
        Some(text) => parse_config(text, &snapshot.default_community_lines(CONFIG), facts, notes),
        None => config_missing(facts, notes),
    }
}

/// `Software image version: 4.28.9M` (an engineering build adds ` (engineering build)`).
fn image_version(text: &str) -> Option<(u32, &str)> {
    numbered(text).find_map(|(no, l)| {
        let v = l.trim().strip_prefix("Software image version:")?.split_whitespace().next()?;
        Some((no, v))
    })
}

fn parse_version(text: &str, facts: &mut Facts, notes: &mut Vec<String>) -> bool {
    // The first line names the model: `Arista DCS-7010T-48-R`, `Arista vEOS`.
    let model = text.lines().find(|l| !l.trim().is_empty()).and_then(|l| l.trim().strip_prefix("Arista ")).map(str::trim);
    let Some((line, raw)) = image_version(text) else {
        notes.push(format!("{VERSION}: no \"Software image version:\" line"));
        return false;
    };
    let model = model.filter(|m| !m.is_empty()).map(str::to_string);
    set_firmware(facts, notes, "arista", Family::Eos, model, FirmwareLine { artifact: VERSION, line, raw, version: raw });
    true
}

/// The `! device: NAME (MODEL, EOS-VERSION)` header line of a running configuration.
struct DeviceHeader<'a> {
    line: u32,
    name: &'a str,
    model: &'a str,
    version: &'a str,
}

fn device_header(text: &str) -> Option<DeviceHeader<'_>> {
    numbered(text).take(10).find_map(|(no, l)| {
        let rest = l.strip_prefix("! device: ")?;
        let (name, inner) = rest.split_once(" (")?;
        let (model, version) = inner.strip_suffix(')')?.split_once(", EOS-")?;
        Some(DeviceHeader { line: no, name: name.trim(), model: model.trim(), version: version.trim() })
    })
}

/// The part of a `management ...` block that governs one VRF (`None`: the default VRF).
struct Section<'a> {
    vrf: Option<&'a str>,
    lines: Vec<(u32, &'a str)>,
}

impl Section<'_> {
    /// `Some(true)` for `no shutdown`, `Some(false)` for `shutdown`, with the line.
    fn state(&self) -> Option<(bool, u32)> {
        self.lines.iter().rev().find_map(|(no, l)| match *l {
            "no shutdown" => Some((true, *no)),
            "shutdown" => Some((false, *no)),
            _ => None,
        })
    }
}

/// Splits a management block into its default-VRF lines and its `vrf NAME` sub-blocks,
/// by indentation (`raw`: the configuration's lines, to measure it).
fn sections<'a>(b: &Block<'a>, raw: &[&str]) -> Vec<Section<'a>> {
    let indent = |no: u32| raw.get(no as usize - 1).map_or(0, |l| l.len() - l.trim_start().len());
    let base = b.children.first().map_or(0, |(no, _)| indent(*no));
    let mut out = vec![Section { vrf: None, lines: Vec::new() }];
    let mut in_vrf = false;
    for (no, text) in &b.children {
        let depth = indent(*no);
        if depth <= base {
            in_vrf = false;
            if let Some(vrf) = text.strip_prefix("vrf ") {
                out.push(Section { vrf: Some(vrf.trim()), lines: vec![(*no, text)] });
                in_vrf = true;
                continue;
            }
        }
        match (in_vrf, out.last_mut()) {
            (true, Some(s)) => s.lines.push((*no, text)),
            _ => out[0].lines.push((*no, text)),
        }
    }
    out
}

/// `ip access-group NAME [vrf V] [in]` lines of a section, by the VRF they apply to.
fn access_groups<'a>(section: &Section<'a>) -> Vec<(Option<&'a str>, &'a str, u32)> {
    let mut out = Vec::new();
    for (no, l) in &section.lines {
        let mut buf = [""; MAX_WORDS];
        match split_words(l, &mut buf) {
            ["ip", "access-group", acl, "vrf", vrf, ..] => out.push((Some(*vrf), *acl, *no)),
            ["ip", "access-group", acl, ..] => out.push((section.vrf, *acl, *no)),
            _ => {}
        }
    }
    out
}

/// One management service block read: the VRFs it serves and their ACLs.
struct Served<'a> {
    vrf: Option<&'a str>,
    evidence: Vec<Evidence>,
    acl: Option<(&'a str, u32)>,
}

/// Which VRFs a `management ...` block serves. `default_on`: the default VRF's state
/// without a `shutdown`/`no shutdown` line.
fn served<'a>(b: &Block<'a>, raw: &[&str], default_on: bool) -> (Vec<Served<'a>>, Vec<Evidence>) {
    let sections = sections(b, raw);
    let groups: Vec<(Option<&str>, &str, u32)> = sections.iter().flat_map(access_groups).collect();
    let mut on = Vec::new();
    let mut off = Vec::new();
    for s in &sections {
        let state = s.state();
        let enabled = match (s.vrf, state) {
            (_, Some((v, _))) => v,
            (None, None) => default_on,
            // A VRF sub-block serves only with its own `no shutdown`.
            (Some(_), None) => false,
        };
        let mut evidence = vec![Evidence::line(CONFIG, b.line)];
        if let Some((_, l)) = state {
            evidence.push(Evidence::line(CONFIG, l));
        }
        // A VRF's `vrf NAME` line.
        if s.vrf.is_some()
            && let Some((no, _)) = s.lines.first()
        {
            evidence.insert(1, Evidence::line(CONFIG, *no));
        }
        if enabled {
            let acl = groups.iter().find(|(vrf, _, _)| *vrf == s.vrf).map(|(_, acl, no)| (*acl, *no));
            on.push(Served { vrf: s.vrf, evidence, acl });
        } else {
            off.extend(evidence);
        }
    }
    (on, off)
}

/// Management paths for the VRFs a service is served in.
fn push_access(name: ServiceName, served: &[Served], acls: &HashMap<String, Acl>, extra: &[Evidence], facts: &mut Facts) {
    for s in served {
        let mut evidence = s.evidence.clone();
        evidence.extend(extra.iter().cloned());
        let (sources, restricted_by) = match s.acl {
            Some((acl, line)) => {
                evidence.push(Evidence::line(CONFIG, line));
                (acl_sources(acls, acl, &mut evidence), Some(format!("ip access-group {acl}")))
            }
            None => (vec![ANY_SOURCE.into()], None),
        };
        facts.management_access.push(ManagementAccess {
            service: name,
            interface: s.vrf.map(|v| format!("vrf {v}")),
            sources,
            restricted_by,
            evidence,
        });
    }
}

fn parse_config(text: &str, default_communities: &[u32], facts: &mut Facts, notes: &mut Vec<String>) {
    let truncated = !ends_with_marker(text, "end");
    let whole = if truncated { whole_lines(text) } else { text };
    // A cut line at column 0 shows that the block before it was complete.
    let next_started = text[whole.len()..].starts_with(|c: char| !c.is_whitespace());
    let text = whole;
    let raw: Vec<&str> = text.lines().collect();
    let blocks = blocks(text);
    let acls = collect_acls(&blocks, AclSyntax::Prefix);
    if truncated {
        notes.push(format!(
            "{CONFIG}: no final \"end\" line: the configuration looks truncated; facts concluded from absent lines are unknown"
        ));
        for f in ["snmp", "logging", LOGINS, "remote_access", "accounts", "auth_policy", "management_access", "interfaces"] {
            facts.mark_unknown(f);
        }
    }
    if let Some(h) = device_header(text) {
        facts.device.hostname = Some(h.name.to_string());
    }

    let mut snmp = Snmp::default();
    let mut logging = Logging::default();
    let mut auth = AuthPolicy::default();
    let mut accounts: Vec<(&str, Vec<&str>, Vec<u32>)> = Vec::new();
    let mut ssh: Option<&Block> = None;
    let mut exec_accounting: Option<u32> = None;
    let mut login_success: Option<u32> = None;
    let mut login_failure: Option<u32> = None;
    let mut telnet: Option<&Block> = None;
    let mut api: Option<&Block> = None;
    let mut protocols: Vec<(u32, &str)> = Vec::new();

    for b in &blocks {
        let mut buf = [""; MAX_WORDS];
        let words = split_words(b.text, &mut buf);
        match words {
            ["hostname", name, ..] => facts.device.hostname = Some(name.to_string()),
            ["management", "ssh"] => ssh = Some(b),
            ["management", "telnet"] => telnet = Some(b),
            ["management", "api", "http-commands"] => {
                api = Some(b);
                protocols.extend(b.children.iter().filter(|(_, c)| c.contains("protocol http")).map(|(no, c)| (*no, *c)));
            }
            ["management", "http-server"] => {
                protocols.extend(b.children.iter().filter(|(_, c)| c.contains("protocol http")).map(|(no, c)| (*no, *c)));
            }
            ["management", "security"] => {
                for (no, c) in &b.children {
                    let mut buf = [""; MAX_WORDS];
                    if let ["password", "minimum", "length", n] = split_words(c, &mut buf) {
                        auth.min_password_length = n.parse().ok();
                        auth.evidence.push(Evidence::line(CONFIG, *no));
                    }
                }
            }
            ["aaa", "authentication", "policy", "lockout", "failure", n, ..] => {
                auth.lockout_threshold = n.parse().ok();
                auth.evidence.push(Evidence::line(CONFIG, b.line));
            }
            ["aaa", "root", rest @ ..] => {
                let storage = storage_of(rest);
                facts.accounts.push(Account::configured("root", Privilege::Admin, storage, vec![Evidence::line(CONFIG, b.line)]));
            }
            ["snmp-server", "community", name, rest @ ..] => {
                snmp.communities.push(snmp_community(name, rest, b.line, &acls, default_communities));
            }
            ["snmp-server", "user", name, _group, "v3", rest @ ..] => snmp.v3_users.push(snmp_v3_user(name, rest, b.line)),
            ["username", name, rest @ ..] => match accounts.iter_mut().find(|(n, _, _)| n == name) {
                Some((_, words, lines)) => {
                    words.extend_from_slice(rest);
                    lines.push(b.line);
                }
                None => accounts.push((name, rest.to_vec(), vec![b.line])),
            },
            // `console` accounts the console only: remote logins need `default`.
            ["aaa", "accounting", "exec", "default", "start-stop" | "stop-only", methods @ ..]
                if methods.contains(&"logging") =>
            {
                exec_accounting = Some(b.line)
            }
            ["aaa", "authentication", "policy", "on-success", "log", ..] => login_success = Some(b.line),
            ["aaa", "authentication", "policy", "on-failure", "log", ..] => login_failure = Some(b.line),
            ["logging", "host", host, ..] | ["logging", "vrf", _, "host", host, ..] => {
                if !logging.remote_hosts.iter().any(|h| h == host) {
                    logging.remote_hosts.push(host.to_string());
                }
                logging.evidence.push(Evidence::line(CONFIG, b.line));
            }
            ["ntp", "server", rest @ ..] => {
                if let Some(h) = ntp_server(rest) {
                    logging.ntp_servers.push(h.to_string());
                    logging.evidence.push(Evidence::line(CONFIG, b.line));
                }
            }
            ["interface", name, ..] => facts.interfaces.push(interface(name, b)),
            _ => {}
        }
    }

    // The last block of a cut configuration may have lost its `shutdown` lines.
    let last_block = blocks.last().map(|b| b.line).filter(|_| truncated && !next_started);
    let cut = |b: &Block| Some(b.line) == last_block;

    // --- SSH (on by default) and Telnet (off by default).
    for (name, block, default_on, label) in
        [(ServiceName::Ssh, ssh, true, "management ssh"), (ServiceName::Telnet, telnet, false, "management telnet")]
    {
        match block {
            Some(b) if cut(b) => facts.mark_unknown(format!("services.{}", name.as_str())),
            Some(b) => {
                let (on, off) = served(b, &raw, default_on);
                let evidence: Vec<Evidence> =
                    if on.is_empty() { off } else { on.iter().flat_map(|s| s.evidence.clone()).collect() };
                facts.services.push(Service { name, enabled: !on.is_empty(), detail: Some(label.into()), evidence });
                push_access(name, &on, &acls, &[], facts);
            }
            None if truncated => facts.mark_unknown(format!("services.{}", name.as_str())),
            None => {
                let detail = Some(format!("no \"{label}\" block: EOS default"));
                facts.services.push(Service { name, enabled: default_on, detail, evidence: Vec::new() });
                if default_on {
                    let served = [Served { vrf: None, evidence: Vec::new(), acl: None }];
                    push_access(name, &served, &acls, &[], facts);
                }
            }
        }
    }

    // --- eAPI: HTTPS unless `no protocol https`, HTTP only with `protocol http`.
    let protocol = |proto: &str| {
        protocols.iter().rev().find_map(|(no, c)| {
            let mut buf = [""; MAX_WORDS];
            match split_words(c, &mut buf) {
                ["protocol", p] | ["protocol", p, "port", _] if *p == proto => Some((true, *no)),
                ["no", "protocol", p, ..] if *p == proto => Some((false, *no)),
                _ => None,
            }
        })
    };
    let web = [(ServiceName::Https, protocol("https"), true), (ServiceName::Http, protocol("http"), false)];
    match api {
        Some(b) if !cut(b) => {
            let (on, off) = served(b, &raw, false);
            for (name, state, default) in web {
                let enabled = !on.is_empty() && state.map_or(default, |(v, _)| v);
                let proto_line: Vec<Evidence> = state.map(|(_, l)| Evidence::line(CONFIG, l)).into_iter().collect();
                let mut evidence: Vec<Evidence> =
                    if on.is_empty() { off.clone() } else { on.iter().flat_map(|s| s.evidence.clone()).collect() };
                evidence.extend(proto_line.iter().cloned());
                facts.services.push(Service { name, enabled, detail: Some("management api http-commands".into()), evidence });
                if enabled {
                    push_access(name, &on, &acls, &proto_line, facts);
                }
            }
        }
        _ if truncated => {
            facts.mark_unknown("services.http");
            facts.mark_unknown("services.https");
        }
        _ => {
            for (name, _, _) in web {
                let detail = Some("no \"management api http-commands\" block: eAPI off by default".into());
                facts.services.push(Service { name, enabled: false, detail, evidence: Vec::new() });
            }
        }
    }

    push_snmp(snmp, truncated, None, facts);

    for (name, words, lines) in accounts {
        facts.accounts.push(account(name, &words, lines));
    }
    if !truncated {
        // Exec accounting records sessions, that is successful logins only: failed ones
        // need `on-failure log` whichever records the successes.
        match (login_success.or(exec_accounting), login_failure) {
            (Some(success), Some(failure)) => {
                logging.logins = Some(Audit {
                    logons: true,
                    detail: Some(if login_success.is_some() {
                        "aaa authentication policy on-success log and on-failure log".into()
                    } else {
                        "aaa accounting exec default ... logging (sessions) and aaa authentication policy on-failure log".into()
                    }),
                    evidence: vec![Evidence::line(CONFIG, success.min(failure)), Evidence::line(CONFIG, success.max(failure))],
                })
            }
            _ => logins_unknown(
                facts,
                notes,
                format!(
                    "{CONFIG}: login logging cannot be confirmed from the configuration (no \"aaa authentication policy on-failure log\" with \"on-success log\" or \"aaa accounting exec default ... logging\")"
                ),
            ),
        }
        facts.logging = Some(logging);
        facts.auth_policy = Some(auth);
    }
}

/// How `secret`/`nopassword` words store a password.
fn storage_of(words: &[&str]) -> PasswordStorage {
    if words.contains(&"nopassword") {
        return PasswordStorage::None;
    }
    match words.iter().position(|w| *w == "secret").map(|i| words.get(i + 1).copied()) {
        Some(Some("sha512")) => PasswordStorage::Strong,
        Some(Some("5")) => PasswordStorage::Weak,
        // `secret 0 X` or `secret X`: the password as typed.
        Some(Some(_)) => PasswordStorage::Plain,
        Some(None) | None => PasswordStorage::Unknown,
    }
}

/// All `username NAME ...` lines of one user, words joined.
fn account(name: &str, words: &[&str], lines: Vec<u32>) -> Account {
    let level = words.iter().position(|w| *w == "privilege").map(|i| privilege_level(words.get(i + 1).copied()));
    let role = words.iter().position(|w| *w == "role").map(|i| match words.get(i + 1).copied() {
        Some("network-admin") => Privilege::Admin,
        Some("network-operator") => Privilege::ReadOnly,
        _ => Privilege::Unknown,
    });
    // Level 15 or the network-admin role administers; without either, level 1.
    let privilege = match (level, role) {
        (Some(Privilege::Admin), _) | (_, Some(Privilege::Admin)) => Privilege::Admin,
        (_, Some(Privilege::Unknown)) | (Some(Privilege::Unknown), _) => Privilege::Unknown,
        (Some(Privilege::Operator), _) => Privilege::Operator,
        _ => Privilege::ReadOnly,
    };
    Account::configured(name, privilege, storage_of(words), lines.into_iter().map(|l| Evidence::line(CONFIG, l)).collect())
}

fn interface(name: &str, b: &Block) -> Interface {
    let mgmt = name.starts_with("Management");
    let mut role = if mgmt { InterfaceRole::Management } else { InterfaceRole::Unknown };
    let mut addresses = Vec::new();
    let mut description = None;
    for (_, c) in &b.children {
        let mut buf = [""; MAX_WORDS];
        match split_words(c, &mut buf) {
            ["ip", "address", "dhcp", ..] if !mgmt => role = InterfaceRole::Wan,
            ["ip", "address", a, ..] => addresses.extend(host_prefix(a)),
            ["description", ..] => description = Some(c["description".len()..].trim().to_string()),
            _ => {}
        }
    }
    Interface { name: name.to_string(), role, addresses, description, evidence: vec![b.evidence()] }
}
