//! Allied Telesis AlliedWare Plus (AW+) switches and routers: `show system` and
//! `show running-config`.
//!
//! The running configuration reads like Cisco IOS: top-level lines, blocks indented by
//! one space (`interface`, `line vty`, `ip access-list`) and a final `end`. Without
//! `end` the output was cut off: what its lines say is kept, whatever would follow
//! from an absent line is reported unknown.
//!
//! AW+ prints the state of its servers explicitly (`service telnet` or
//! `no service telnet`, `service http`, `no service ssh`), so the parser reads those
//! lines and relies on no default for them: a complete configuration that shows
//! neither form leaves the service unknown. Likewise:
//! - Telnet and SSH logins use the vty lines; a vty `access-class` admits the `permit`
//!   sources of the standard access list (deny entries are ignored: the permitted
//!   sources listed are a superset). A list referenced but not defined is reported as
//!   the unresolved source `acl:NAME`. No source restriction of the web server
//!   (`service http`) is read: HTTP management is reported open to any source.
//! - The SNMP agent: `no snmp-server` stops it, `snmp-server` starts it; without
//!   either, it is counted as running when a community or user is configured (an agent
//!   without either answers nobody).
//! - `username ... password 8 X` is an encrypted password whose strength is the form of
//!   X (MD5-crypt `$1$` weak, SHA-crypt strong, anything else unknown); a password
//!   without `8` is clear text. The factory-default `manager` password is recognised
//!   from its well-known MD5-crypt value and reported in a note. A user without
//!   `privilege` is reported with an unknown privilege.
//! - HTTPS (`http secure-server`) is not read; interfaces are never given the WAN role
//!   (AW+ devices here are LAN switches); an address in a private range makes a LAN.
//! - Whether logins are recorded in the device's log is reported unknown: which
//!   login events the default log keeps is not documented clearly enough to conclude
//!   from the configuration.

use std::collections::HashMap;
use std::net::IpAddr;

use ipnet::IpNet;
use kenshin_facts::version::Family;
use kenshin_facts::{
    ANY_SOURCE, Account, AuthPolicy, Evidence, Facts, Interface, InterfaceRole, Logging, ManagementAccess, PasswordStorage,
    Privilege, RemoteAccess, RemoteAccessKind, Service, ServiceName, Snmp, SnmpAccess, SnmpCommunity, SnmpV3User,
};
use kenshin_secrets::SecretKind;

use super::{CONFIG_FACTS, FirmwareLine, LOGINS, config_unknown, key_only_two_factor, logins_unknown, set_firmware};
use super::{Command, cmd, netmask, numbered, split_words};
use crate::snapshot::Snapshot;

const SYSTEM: &str = "show_system.txt";
const CONFIG: &str = "show_running-config.txt";

pub(super) const COMMANDS: &[Command] = &[cmd("show system", SYSTEM), cmd("show running-config", CONFIG)];

/// The factory-default password of `manager` as AW+ stores it (MD5-crypt): a published
/// value, not a secret of any site.
const FACTORY_MANAGER_HASH: &str = "$1$bJoVec4D$JwOJGPr7YqoExA0GVasdE0";

/// Words kept per configuration line; the AW+ lines read here are far shorter.
const MAX_WORDS: usize = 24;

/// Whether the snapshot's artifacts are those of an AW+ device (`platform = "auto"`).
pub(super) fn recognises(snapshot: &Snapshot) -> bool {
    snapshot.artifact(SYSTEM).is_some_and(|t| t.contains("System Status") && software_version(t).is_some())
}

pub(super) fn parse(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) {
    match snapshot.artifact(SYSTEM) {
        Some(text) => parse_system(text, facts, notes),
        None => {
            notes.push(format!("artifact {SYSTEM} missing: firmware unknown"));
            facts.mark_unknown("firmware");
        }
    }
    match snapshot.artifact(CONFIG) {
        Some(text) => {
            // How each masked password was stored, by line (the parser sees only `********`).
            let stored: HashMap<u32, (SecretKind, bool)> = snapshot
                .secrets
                .iter()
                .filter(|(a, _)| a == CONFIG)
                .map(|(_, s)| (s.line, (s.kind, s.value() == FACTORY_MANAGER_HASH)))
                .collect();
            parse_config(text, &snapshot.default_community_lines(CONFIG), &stored, facts, notes);
        }
        None => config_unknown(facts, notes, format!("artifact {CONFIG} missing: configuration facts unknown")),
    }
}

/// The value after the colon of a `Label : value` line of `show system`.
fn field<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let rest = line.trim().strip_prefix(label)?;
    let value = rest.trim_start().strip_prefix(':')?.trim();
    (!value.is_empty()).then_some(value)
}

/// `Software version   : 5.5.2-1.1`.
fn software_version(text: &str) -> Option<(u32, &str)> {
    numbered(text).find_map(|(no, l)| {
        let v = field(l, "Software version")?.split_whitespace().next()?;
        v.starts_with(|c: char| c.is_ascii_digit()).then_some((no, v))
    })
}

fn parse_system(text: &str, facts: &mut Facts, notes: &mut Vec<String>) {
    let mut model: Option<String> = None;
    let mut build_model: Option<String> = None;
    let mut lines = numbered(text).peekable();
    while let Some((_, line)) = lines.next() {
        let l = line.trim();
        // `Base       412        x530-28GTXm     A-0   A2K1234X0000001`: the board name is
        // third from the end (the bay column may be empty or say `Base`).
        if model.is_none() && l.starts_with("Base ") {
            let w: Vec<&str> = l.split_whitespace().collect();
            if w.len() >= 5 {
                model = Some(w[w.len() - 3].to_string());
            }
        } else if let Some(build) = field(l, "Current software") {
            // `x530-5.5.2-1.1.rel`: the platform prefix, a fallback for the model.
            build_model = build.split_once('-').map(|(m, _)| m.to_string()).filter(|m| !m.is_empty());
        } else if l == "System Name"
            && let Some((_, next)) = lines.peek()
        {
            let name = next.trim();
            if !name.is_empty() && name != "System Contact" && !name.contains(' ') {
                facts.device.hostname = Some(name.to_string());
            }
        }
    }
    let Some((line, raw)) = software_version(text) else {
        notes.push(format!("{SYSTEM}: no \"Software version :\" line: firmware unknown"));
        facts.mark_unknown("firmware");
        return;
    };
    let at = FirmwareLine { artifact: SYSTEM, line, raw, version: raw };
    set_firmware(facts, notes, "allied_telesis", Family::AwPlus, model.or(build_model), at);
}

/// A top-level configuration line and the indented lines under it.
struct Block<'a> {
    line: u32,
    text: &'a str,
    children: Vec<(u32, &'a str)>,
}

impl Block<'_> {
    fn evidence(&self) -> Evidence {
        Evidence::lines(CONFIG, self.line, self.children.last().map_or(self.line, |c| c.0))
    }
}

fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out: Vec<Block> = Vec::new();
    for (no, line) in numbered(text) {
        if line.trim().is_empty() || line.starts_with('!') {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(b) = out.last_mut() {
                b.children.push((no, line.trim()));
            }
        } else {
            out.push(Block { line: no, text: line.trim_end(), children: Vec::new() });
        }
    }
    out
}

/// An access list: the sources it permits and its lines.
#[derive(Default)]
struct Acl {
    sources: Vec<String>,
    lines: Vec<u32>,
}

/// The source of a standard entry: `any`, `host A`, `A/M`, `A WILDCARD` or `A`.
fn acl_source(tokens: &[&str]) -> Option<String> {
    match tokens {
        ["any", ..] => Some(ANY_SOURCE.into()),
        ["host", a, ..] => netmask::from_wildcard(a, "0.0.0.0"),
        [a, ..] if a.contains('/') => {
            let net: IpNet = a.parse().ok()?;
            Some(if net.prefix_len() == 0 { ANY_SOURCE.into() } else { net.trunc().to_string() })
        }
        [a, w, ..] if w.parse::<std::net::Ipv4Addr>().is_ok() => netmask::from_wildcard(a, w),
        [a, ..] => netmask::from_wildcard(a, "0.0.0.0"),
        [] => None,
    }
}

/// One entry: `permit|deny SOURCE` (standard) or `permit|deny PROTO SOURCE ...`.
fn add_entry(acl: &mut Acl, line: u32, words: &[&str], extended: bool) {
    acl.lines.push(line);
    let Some(i) = words.iter().position(|w| *w == "permit" || *w == "deny") else { return };
    if words[i] != "permit" {
        return;
    }
    let rest = &words[i + 1..];
    let source = if extended { acl_source(rest.get(1..).unwrap_or(&[])) } else { acl_source(rest) };
    // An entry that cannot be read might admit anyone.
    let source = source.unwrap_or_else(|| ANY_SOURCE.into());
    if !acl.sources.contains(&source) {
        acl.sources.push(source);
    }
}

/// Numbered lists that match a protocol before the source.
fn numbered_extended(n: u32) -> bool {
    matches!(n, 100..=199 | 2000..=2699 | 3000..=3699 | 4000..=4699)
}

fn collect_acls(blocks: &[Block]) -> HashMap<String, Acl> {
    let mut acls: HashMap<String, Acl> = HashMap::new();
    for b in blocks {
        let mut buf = [""; MAX_WORDS];
        match split_words(b.text, &mut buf) {
            ["access-list", kind @ ("standard" | "extended"), name, rest @ ..] => {
                add_entry(acls.entry(name.to_string()).or_default(), b.line, rest, *kind == "extended");
            }
            ["access-list", name, rest @ ..] => {
                let extended = name.parse::<u32>().is_ok_and(numbered_extended);
                add_entry(acls.entry(name.to_string()).or_default(), b.line, rest, extended);
            }
            ["ip", "access-list", kind @ ("standard" | "extended"), name, ..] => {
                let acl = acls.entry(name.to_string()).or_default();
                acl.lines.push(b.line);
                for (no, child) in &b.children {
                    let mut buf = [""; MAX_WORDS];
                    add_entry(acl, *no, split_words(child, &mut buf), *kind == "extended");
                }
            }
            _ => {}
        }
    }
    for acl in acls.values_mut() {
        if acl.sources.iter().any(|s| s == ANY_SOURCE) {
            acl.sources = vec![ANY_SOURCE.into()];
        }
    }
    acls
}

/// Sources the list `name` admits, its lines added to `evidence`.
fn acl_sources(acls: &HashMap<String, Acl>, name: &str, evidence: &mut Vec<Evidence>) -> Vec<String> {
    match acls.get(name) {
        Some(acl) => {
            evidence.extend(acl.lines.iter().map(|l| Evidence::line(CONFIG, *l)));
            acl.sources.clone()
        }
        None => vec![format!("acl:{name}")],
    }
}

/// How a `password` value is stored: `8` marks an encrypted one, whose form the masker
/// recorded; no marker is clear text.
fn password_storage(marker: bool, stored: Option<SecretKind>) -> PasswordStorage {
    match (marker, stored) {
        (false, _) => PasswordStorage::Plain,
        (true, Some(SecretKind::Md5Hash)) => PasswordStorage::Weak,
        (true, Some(SecretKind::ShaCryptHash | SecretKind::Type9Hash)) => PasswordStorage::Strong,
        (true, _) => PasswordStorage::Unknown,
    }
}

fn parse_config(
    text: &str,
    default_communities: &[u32],
    stored: &HashMap<u32, (SecretKind, bool)>,
    facts: &mut Facts,
    notes: &mut Vec<String>,
) {
    // A complete configuration ends with `end`; a cut one may end in a partial line,
    // which is not read.
    let truncated = blocks(text).last().is_none_or(|b| b.text.trim() != "end");
    let body = match text.rfind('\n') {
        Some(i) if truncated => &text[..=i],
        None if truncated => "",
        _ => text,
    };
    let blocks = blocks(body);
    let blocks = blocks.as_slice();
    if truncated {
        notes.push(format!(
            "{CONFIG}: no final \"end\" line: the configuration looks cut off; facts concluded from absent lines are unknown"
        ));
        for f in CONFIG_FACTS {
            if f != "services" {
                facts.mark_unknown(f);
            }
        }
    }
    let acls = collect_acls(blocks);
    let ev = |no: u32| Evidence::line(CONFIG, no);

    let mut telnet: Option<(bool, u32)> = None;
    let mut ssh: Option<(bool, u32)> = None;
    let mut http: Option<(bool, u32)> = None;
    let mut agent: Option<(bool, u32)> = None;
    let mut snmp = Snmp::default();
    let mut community_acls: Vec<Option<String>> = Vec::new();
    let mut logging = Logging::default();
    let mut auth = AuthPolicy::default();
    let mut vty: Vec<&Block> = Vec::new();

    for b in blocks {
        let mut buf = [""; MAX_WORDS];
        let words = split_words(b.text, &mut buf);
        match words {
            ["hostname", name, ..] => facts.device.hostname = Some(name.trim_matches('"').to_string()),
            ["service", "telnet", ..] => telnet = Some((true, b.line)),
            ["no", "service", "telnet", ..] => telnet = Some((false, b.line)),
            ["service", "ssh", ..] => ssh = Some((true, b.line)),
            ["no", "service", "ssh", ..] => ssh = Some((false, b.line)),
            ["service", "http", ..] => http = Some((true, b.line)),
            ["no", "service", "http", ..] => http = Some((false, b.line)),
            ["line", "vty", ..] => vty.push(b),
            ["snmp-server"] => agent = Some((true, b.line)),
            ["no", "snmp-server"] => agent = Some((false, b.line)),
            ["snmp-server", "community", _name, rest @ ..] => {
                let mut access = SnmpAccess::Ro;
                let mut acl: Option<String> = None;
                let mut it = rest.iter();
                while let Some(w) = it.next() {
                    match *w {
                        "ro" => access = SnmpAccess::Ro,
                        "rw" => access = SnmpAccess::Rw,
                        "view" => {
                            it.next();
                        }
                        other => acl = Some(other.to_string()),
                    }
                }
                let mut evidence = vec![ev(b.line)];
                let sources = match &acl {
                    Some(a) => acl_sources(&acls, a, &mut evidence),
                    None => vec![ANY_SOURCE.into()],
                };
                snmp.communities.push(SnmpCommunity {
                    access,
                    sources,
                    default_name: default_communities.contains(&b.line),
                    evidence,
                });
                community_acls.push(acl);
            }
            ["snmp-server", "user", name, _group, rest @ ..] => {
                let after =
                    |key: &str| rest.iter().position(|w| *w == key).and_then(|i| rest.get(i + 1)).map(|s| s.to_ascii_lowercase());
                snmp.v3_users.push(SnmpV3User {
                    name: name.to_string(),
                    auth: after("auth"),
                    privacy: after("priv"),
                    evidence: vec![ev(b.line)],
                });
            }
            ["username", name, rest @ ..] => {
                let privilege = match rest.iter().position(|w| *w == "privilege").and_then(|i| rest.get(i + 1)) {
                    Some(p) => match p.parse::<u8>() {
                        Ok(15) => Privilege::Admin,
                        Ok(0 | 1) => Privilege::ReadOnly,
                        Ok(_) => Privilege::Operator,
                        Err(_) => Privilege::Unknown,
                    },
                    None => Privilege::Unknown,
                };
                let storage = match rest.iter().position(|w| *w == "password") {
                    Some(i) => {
                        let marker = rest.get(i + 1) == Some(&"8") && rest.len() > i + 2;
                        password_storage(marker, stored.get(&b.line).map(|(k, _)| *k))
                    }
                    None => PasswordStorage::Unknown,
                };
                if stored.get(&b.line).is_some_and(|(_, factory)| *factory) {
                    notes.push(format!("{CONFIG}:{}: user {name:?} has the AW+ factory-default password", b.line));
                }
                facts.accounts.push(Account::configured(name, privilege, storage, vec![ev(b.line)]));
            }
            ["log", "host", host, ..] => {
                logging.remote_hosts.push(host.to_string());
                logging.evidence.push(ev(b.line));
            }
            ["ntp", "server", server, ..] => {
                logging.ntp_servers.push(server.to_string());
                logging.evidence.push(ev(b.line));
            }
            ["security-password", "minimum-length", n, ..] => {
                auth.min_password_length = n.parse().ok();
                auth.evidence.push(ev(b.line));
            }
            ["aaa", "local", "authentication", "attempts", "max-fail", n, ..] => {
                auth.lockout_threshold = n.parse().ok();
                auth.evidence.push(ev(b.line));
            }
            ["interface", name, ..] => {
                if let Some(i) = interface(name, b) {
                    facts.interfaces.push(i);
                }
            }
            ["crypto", "isakmp", "key", _key, kind @ ("address" | "hostname"), peer, rest @ ..] => {
                let peer = if *kind == "hostname" {
                    format!("host:{peer}")
                } else {
                    let mask = rest.first().copied().unwrap_or("255.255.255.255");
                    netmask::from_netmask(peer, mask).unwrap_or_else(|| ANY_SOURCE.into())
                };
                facts.remote_access.push(RemoteAccess {
                    kind: RemoteAccessKind::Ipsec,
                    name: None,
                    enabled: true,
                    two_factor: key_only_two_factor(&peer),
                    peer_sources: vec![peer],
                    interface: None,
                    evidence: vec![ev(b.line)],
                });
            }
            _ => {}
        }
    }

    // --- telnet, ssh: the server state, and who the vty lines admit.
    for (name, state, label) in [(ServiceName::Telnet, telnet, "telnet"), (ServiceName::Ssh, ssh, "ssh")] {
        match state {
            Some((on, line)) => {
                facts.services.push(Service {
                    name,
                    enabled: on,
                    detail: Some(format!("{}service {label}", if on { "" } else { "no " })),
                    evidence: vec![ev(line)],
                });
                if on {
                    vty_access(name, line, &vty, &acls, truncated, facts, notes);
                }
            }
            None => {
                if !truncated {
                    notes.push(format!(
                        "{CONFIG}: neither \"service {label}\" nor \"no service {label}\": its state is reported unknown"
                    ));
                }
                facts.mark_unknown(format!("services.{label}"));
                facts.mark_unknown(format!("management_access.{label}"));
            }
        }
    }

    // --- the web GUI.
    match http {
        Some((on, line)) => {
            facts.services.push(Service {
                name: ServiceName::Http,
                enabled: on,
                detail: Some(if on { "service http" } else { "no service http" }.into()),
                evidence: vec![ev(line)],
            });
            if on {
                facts.management_access.push(ManagementAccess {
                    service: ServiceName::Http,
                    interface: None,
                    sources: vec![ANY_SOURCE.into()],
                    restricted_by: None,
                    evidence: vec![ev(line)],
                });
            }
        }
        None => {
            if !truncated {
                notes.push(format!("{CONFIG}: neither \"service http\" nor \"no service http\": its state is reported unknown"));
            }
            facts.mark_unknown("services.http");
            facts.mark_unknown("management_access.http");
        }
    }
    facts.mark_unknown("services.https");

    // --- SNMP.
    let configured = !snmp.communities.is_empty() || !snmp.v3_users.is_empty();
    let mut agent_evidence: Vec<Evidence> = agent.iter().map(|(_, l)| ev(*l)).collect();
    agent_evidence.extend(snmp.communities.iter().map(|c| c.evidence[0].clone()));
    agent_evidence.extend(snmp.v3_users.iter().flat_map(|u| u.evidence.iter().cloned()));
    let running = match agent {
        Some((false, _)) => Some(false),
        _ if configured => Some(true),
        _ if truncated => None,
        _ => Some(false),
    };
    match running {
        Some(on) => {
            let detail = match agent {
                Some((false, _)) => "no snmp-server",
                _ if on => "snmp-server: communities or users configured",
                _ => "no community or user configured: the agent answers nobody",
            };
            facts.services.push(Service {
                name: ServiceName::Snmp,
                enabled: on,
                detail: Some(detail.into()),
                evidence: agent_evidence,
            });
            if on {
                for (c, acl) in snmp.communities.iter().zip(&community_acls) {
                    facts.management_access.push(ManagementAccess {
                        service: ServiceName::Snmp,
                        interface: None,
                        sources: c.sources.clone(),
                        restricted_by: acl.as_ref().map(|a| format!("snmp-server community ... {a}")),
                        evidence: c.evidence.clone(),
                    });
                }
            }
        }
        None => facts.mark_unknown("services.snmp"),
    }
    facts.snmp = Some(snmp);

    if truncated {
        facts.mark_unknown(LOGINS);
    } else {
        facts.logging = Some(logging);
        facts.auth_policy = Some(auth);
        logins_unknown(
            facts,
            notes,
            format!("{CONFIG}: login logging cannot be confirmed from the configuration (AlliedWare Plus)"),
        );
    }
}

/// Management access through the vty lines for telnet or SSH.
fn vty_access(
    service: ServiceName,
    service_line: u32,
    vty: &[&Block],
    acls: &HashMap<String, Acl>,
    truncated: bool,
    facts: &mut Facts,
    notes: &mut Vec<String>,
) {
    if vty.is_empty() {
        if !truncated {
            notes.push(format!("{CONFIG}: no \"line vty\": who may log in remotely is unknown"));
        }
        facts.mark_unknown("management_access.vty");
        return;
    }
    for b in vty {
        let label = b.text.trim_start_matches("line ").to_string();
        let class = b.children.iter().find_map(|(no, c)| {
            let mut buf = [""; MAX_WORDS];
            match split_words(c, &mut buf) {
                ["access-class", acl, ..] => Some((*no, acl.to_string())),
                _ => None,
            }
        });
        let mut evidence = vec![Evidence::line(CONFIG, service_line), b.evidence()];
        let (sources, restricted_by) = match &class {
            Some((_, acl)) => (acl_sources(acls, acl, &mut evidence), Some(format!("access-class {acl}"))),
            None => (vec![ANY_SOURCE.into()], None),
        };
        facts.management_access.push(ManagementAccess { service, interface: Some(label), sources, restricted_by, evidence });
    }
}

/// A routed interface (one with an address); switch ports are left out.
fn interface(name: &str, b: &Block) -> Option<Interface> {
    let mut addresses = Vec::new();
    let mut description = None;
    let mut routed = false;
    for (_, c) in &b.children {
        let mut buf = [""; MAX_WORDS];
        match split_words(c, &mut buf) {
            ["ip", "address", "dhcp", ..] => routed = true,
            ["ip", "address", a, rest @ ..] => {
                routed = true;
                let net = match rest.first() {
                    Some(m) if m.contains('.') => netmask::host_cidr(a, m),
                    _ => a.parse::<IpNet>().ok().map(|n| n.to_string()),
                };
                addresses.extend(net);
            }
            ["description", ..] => description = Some(c["description".len()..].trim().to_string()),
            _ => {}
        }
    }
    if !routed {
        return None;
    }
    let private = !addresses.is_empty()
        && addresses.iter().filter_map(|a| a.parse::<IpNet>().ok()).all(|n| match n.addr() {
            IpAddr::V4(a) => a.is_private(),
            IpAddr::V6(_) => false,
        });
    let role = if private { InterfaceRole::Lan } else { InterfaceRole::Unknown };
    Some(Interface { name: name.to_string(), role, addresses, description, evidence: vec![b.evidence()] })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources() {
        assert_eq!(acl_source(&["any"]).as_deref(), Some("any"));
        assert_eq!(acl_source(&["host", "10.1.2.3"]).as_deref(), Some("10.1.2.3/32"));
        assert_eq!(acl_source(&["10.1.0.0", "0.0.255.255"]).as_deref(), Some("10.1.0.0/16"));
        assert_eq!(acl_source(&["10.1.2.0/24", "exact-match"]).as_deref(), Some("10.1.2.0/24"));
        assert_eq!(acl_source(&["0.0.0.0/0"]).as_deref(), Some("any"));
        assert_eq!(acl_source(&["10.1.2.3"]).as_deref(), Some("10.1.2.3/32"));
        assert_eq!(acl_source(&["vlan1"]), None);
    }

    #[test]
    fn storage() {
        assert_eq!(password_storage(false, Some(SecretKind::PlainPassword)), PasswordStorage::Plain);
        assert_eq!(password_storage(true, Some(SecretKind::Md5Hash)), PasswordStorage::Weak);
        assert_eq!(password_storage(true, Some(SecretKind::ShaCryptHash)), PasswordStorage::Strong);
        assert_eq!(password_storage(true, Some(SecretKind::Type8Hash)), PasswordStorage::Unknown);
        assert_eq!(password_storage(true, None), PasswordStorage::Unknown);
    }

    #[test]
    fn system_fields() {
        assert_eq!(field("Software version   : 5.5.2-1.1", "Software version"), Some("5.5.2-1.1"));
        assert_eq!(field("Software version   :", "Software version"), None);
        assert_eq!(software_version("Software version : x\nSoftware version : 5.4.9-2.5\n"), Some((2, "5.4.9-2.5")));
    }
}
