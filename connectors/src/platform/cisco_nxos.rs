//! Cisco NX-OS: `show version` and `show running-config`.
//!
//! NX-OS prints its running configuration without an end marker. The output is taken
//! as cut off when it is empty, does not end in a newline, or has no `line vty`
//! section (NX-OS always prints `line console` and `line vty`, near the end); a cut
//! configuration reports unknown whatever would be concluded from an absent line. A
//! cut falling exactly at a line end after `line vty` cannot be told from a complete
//! output.
//!
//! NX-OS defaults relied on (NX-OS configuration guides): the SSH server is on unless
//! `no feature ssh`; the Telnet server and NX-API are off unless `feature telnet` /
//! `feature nxapi`; a user without `role` has `network-operator`; the SNMP agent runs
//! unless `no snmp-server protocol enable`, and a community in group `network-admin`
//! may write; an SNMPv3 user whose `priv` names no algorithm uses DES; `password 5` is a
//! SHA-crypt hash (`$5$`).
//!
//! Not relied on, reported unknown: whether NX-API listens on HTTP or HTTPS when the
//! configuration does not say (`nxapi http|https port N`): its defaults changed across
//! releases. Whether logins are recorded (`logging.logins`): NX-OS logs AAA and
//! `%AUTHPRIV` messages at severities that the `logging level` and `logging logfile`
//! settings filter, and which of them reach the log by default is not documented
//! precisely enough to conclude from the configuration.

use std::collections::HashMap;

use kenshin_facts::version::Family;
use kenshin_facts::{
    ANY_SOURCE, Account, AuthPolicy, Evidence, Facts, Interface, InterfaceRole, Logging, ManagementAccess, PasswordStorage,
    Privilege, Service, ServiceName, Snmp, SnmpAccess, SnmpCommunity, SnmpV3User,
};

use super::cisco_cli::{
    AclSyntax, Block, CONFIG, MAX_WORDS, VERSION, acl_sources, blocks, collect_acls, config_missing, host_prefix, ntp_server,
    push_snmp, whole_lines,
};
use super::{Command, cmd, is_default_community, numbered, split_words};
use super::{FirmwareLine, LOGINS, logins_unknown, set_firmware};
use crate::snapshot::Snapshot;

pub(super) const COMMANDS: &[Command] = &[cmd("show version", VERSION), cmd("show running-config", CONFIG)];

/// `show version` of NX-OS (or ACI-mode Nexus), or an NX-OS running configuration.
pub(super) fn recognises(snapshot: &Snapshot) -> bool {
    snapshot.artifact(VERSION).is_some_and(|t| {
        t.contains("Cisco Nexus Operating System (NX-OS) Software")
            || (software_version(t).is_some() && t.lines().any(|l| l.trim_start().starts_with("cisco Nexus")))
    }) || snapshot.artifact(CONFIG).is_some_and(|t| t.lines().take(5).any(|l| l.starts_with("!Command: show running-config")))
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
        match config.and_then(config_version) {
            Some((line, raw)) => {
                notes.push(format!("firmware taken from the \"version\" line of {CONFIG}"));
                set_firmware(
                    facts,
                    notes,
                    "cisco",
                    Family::NxOs,
                    None,
                    FirmwareLine { artifact: CONFIG, line, raw, version: raw },
                );
            }
            None => facts.mark_unknown("firmware"),
        }
    }
    match config {
        Some(text) => parse_config(text, snapshot, facts, notes),
        None => config_missing(facts, notes),
    }
}

/// `version 9.3(8) Bios:version 07.69` near the top of the running configuration.
fn config_version(text: &str) -> Option<(u32, &str)> {
    numbered(text)
        .take(20)
        .find_map(|(no, l)| l.strip_prefix("version ").and_then(|r| r.split_whitespace().next()).map(|v| (no, v)))
        .filter(|(_, v)| v.contains('('))
}

/// The `NXOS: version X` line (7.x and later), else `system: version X`, else
/// `kickstart: version X` (5.x/6.x two-image releases): line and the text after `version`.
fn software_version(text: &str) -> Option<(u32, &str)> {
    let find = |label: &str| {
        numbered(text).find_map(|(no, l)| {
            let rest = l.trim_start().strip_prefix(label)?.trim_start().strip_prefix("version ")?;
            Some((no, rest.trim())).filter(|(_, r)| !r.is_empty())
        })
    };
    find("NXOS:").or_else(|| find("system:")).or_else(|| find("kickstart:"))
}

/// `cisco Nexus9000 C9396PX Chassis` → `C9396PX`; `cisco N9K-C9396PX ("supervisor")` →
/// `C9396PX`; `cisco Nexus 5596 Chassis` → `5596`; `cisco Nexus5548 Chassis` → `Nexus5548`.
fn chassis_model(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix("cisco ")?;
    let end = rest.find(['(', '"']).unwrap_or(rest.len());
    let words: Vec<&str> = rest[..end].split_whitespace().take_while(|w| !w.eq_ignore_ascii_case("chassis")).collect();
    let last = words.last()?;
    // The product ID's family prefix (`N9K-`) repeats what `Nexus9000` says elsewhere.
    let model = match last.split_once('-') {
        Some((family, pid)) if family.len() == 3 && family.starts_with('N') && family.ends_with('K') => pid,
        _ => last,
    };
    Some(model)
}

fn parse_version(text: &str, facts: &mut Facts, notes: &mut Vec<String>) -> bool {
    let mut model: Option<&str> = None;
    let mut in_hardware = false;
    for (_, line) in numbered(text) {
        let l = line.trim();
        if line.starts_with("Hardware") {
            in_hardware = true;
        } else if in_hardware && model.is_none() && l.starts_with("cisco ") {
            model = chassis_model(l);
        } else if let Some(name) = l.strip_prefix("Device name:") {
            facts.device.hostname = Some(name.trim().to_string()).filter(|n| !n.is_empty());
        }
    }
    let Some((line, raw)) = software_version(text) else {
        notes.push(format!("{VERSION}: no \"NXOS: version\" or \"system: version\" line"));
        return false;
    };
    // `10.4(5) [Maintenance Release]` is release 10.4(5)M in Cisco's naming;
    // `14.0(1h) [build 14.0(1h)]` is 14.0(1h).
    let number = raw.split_whitespace().next().unwrap_or(raw);
    let label = if raw.contains("[Maintenance Release]") {
        "M"
    } else if raw.contains("[Feature Release]") {
        "F"
    } else {
        ""
    };
    let version = format!("{number}{label}");
    set_firmware(
        facts,
        notes,
        "cisco",
        Family::NxOs,
        model.map(str::to_string),
        FirmwareLine { artifact: VERSION, line, raw, version: &version },
    );
    true
}

/// Groups the lines of masked SNMP communities by value, without keeping the values:
/// NX-OS names a community again on the line that gives its ACL (`snmp-server
/// community NAME use-ipv4acl ACL`).
fn community_ids(snapshot: &Snapshot) -> HashMap<u32, usize> {
    let mut seen: Vec<&str> = Vec::new();
    let mut ids = HashMap::new();
    for (artifact, s) in &snapshot.secrets {
        if artifact != CONFIG || s.kind != kenshin_secrets::SecretKind::SnmpCommunity {
            continue;
        }
        let id = match seen.iter().position(|v| *v == s.value()) {
            Some(i) => i,
            None => {
                seen.push(s.value());
                seen.len() - 1
            }
        };
        ids.insert(s.line, id);
    }
    ids
}

/// One `snmp-server community NAME ...` community, by its first line.
struct Community {
    line: u32,
    access: SnmpAccess,
    acl: Option<(String, u32)>,
    default_name: bool,
}

fn parse_config(text: &str, snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) {
    let cut = text.trim().is_empty() || !text.ends_with('\n');
    let blocks = blocks(whole_lines(text));
    let acls = collect_acls(&blocks, AclSyntax::Prefix);
    let truncated = cut || !blocks.iter().any(|b| b.text == "line vty");
    if truncated {
        notes.push(format!(
            "{CONFIG}: empty, not ending in a newline or without \"line vty\": the configuration looks truncated; facts concluded from absent lines are unknown"
        ));
        for f in ["snmp", "logging", LOGINS, "remote_access", "accounts", "auth_policy", "management_access", "interfaces"] {
            facts.mark_unknown(f);
        }
    }
    let default_communities = snapshot.default_community_lines(CONFIG);
    let community_ids = community_ids(snapshot);

    let mut features: HashMap<&str, (bool, u32)> = HashMap::new();
    let mut nxapi: Vec<(u32, &str)> = Vec::new();
    let mut snmp_off: Option<u32> = None;
    let mut communities: Vec<Community> = Vec::new();
    let mut users: Vec<SnmpV3User> = Vec::new();
    let mut accounts: Vec<(&str, Vec<&str>, Vec<u32>)> = Vec::new();
    let mut logging = Logging::default();
    let mut auth = AuthPolicy::default();
    let mut vty: Option<&Block> = None;

    for b in &blocks {
        let mut buf = [""; MAX_WORDS];
        let words = split_words(b.text, &mut buf);
        match words {
            ["hostname" | "switchname", name, ..] => facts.device.hostname = Some(name.to_string()),
            ["feature", name, ..] => {
                features.insert(name, (true, b.line));
            }
            ["no", "feature", name, ..] => {
                features.insert(name, (false, b.line));
            }
            ["nxapi", ..] | ["no", "nxapi", ..] => nxapi.push((b.line, b.text)),
            ["no", "snmp-server", "protocol", "enable"] => snmp_off = Some(b.line),
            ["snmp-server", "community", _name, rest @ ..] => {
                // The same community on several lines: one community, ACL from its own line.
                let id = community_ids.get(&b.line);
                let existing = communities
                    .iter()
                    .position(|c| id.is_some() && community_ids.get(&c.line) == id)
                    .or_else(|| (id.is_none() && rest.first() == Some(&"use-ipv4acl") && communities.len() == 1).then_some(0));
                let index = match existing {
                    Some(i) => i,
                    None => {
                        communities.push(Community {
                            line: b.line,
                            access: SnmpAccess::Ro,
                            acl: None,
                            default_name: default_communities.contains(&b.line) || is_default_community(words[2]),
                        });
                        communities.len() - 1
                    }
                };
                let c = &mut communities[index];
                match rest {
                    ["group", "network-admin" | "vdc-admin"] | ["rw", ..] => c.access = SnmpAccess::Rw,
                    ["use-ipv4acl", acl, ..] => c.acl = Some((acl.to_string(), b.line)),
                    _ => {}
                }
            }
            ["snmp-server", "user", name, rest @ ..] => {
                if let Some(user) = snmp_user(name, rest, b.line)
                    && !users.iter().any(|u| u.name == user.name)
                {
                    users.push(user);
                }
            }
            ["username", name, rest @ ..] => match accounts.iter_mut().find(|(n, _, _)| n == name) {
                Some((_, words, lines)) => {
                    words.extend_from_slice(rest);
                    lines.push(b.line);
                }
                None => accounts.push((name, rest.to_vec(), vec![b.line])),
            },
            ["logging", "server", host, ..] => {
                logging.remote_hosts.push(host.to_string());
                logging.evidence.push(Evidence::line(CONFIG, b.line));
            }
            ["ntp", "server", rest @ ..] => {
                if let Some(h) = ntp_server(rest) {
                    logging.ntp_servers.push(h.to_string());
                    logging.evidence.push(Evidence::line(CONFIG, b.line));
                }
            }
            ["userpassphrase", rest @ ..] => {
                if let Some(i) = rest.iter().position(|w| *w == "min-length") {
                    auth.min_password_length = rest.get(i + 1).and_then(|n| n.parse().ok());
                    auth.evidence.push(Evidence::line(CONFIG, b.line));
                }
            }
            ["aaa", "authentication", "rejected", n, ..] => {
                auth.lockout_threshold = n.parse().ok();
                auth.evidence.push(Evidence::line(CONFIG, b.line));
            }
            ["interface", name, ..] => facts.interfaces.push(interface(name, b)),
            ["line", "vty"] => vty = Some(b),
            _ => {}
        }
    }

    // --- CLI: SSH on by default, Telnet only with `feature telnet`.
    let ssh = match features.get("ssh") {
        Some((on, line)) => Some((*on, vec![Evidence::line(CONFIG, *line)], "feature ssh")),
        None if !truncated => Some((true, Vec::new(), "SSH server on by default (no \"no feature ssh\")")),
        None => None,
    };
    let telnet = match features.get("telnet") {
        Some((on, line)) => Some((*on, vec![Evidence::line(CONFIG, *line)], "feature telnet")),
        None if !truncated => Some((false, Vec::new(), "Telnet server off by default (no \"feature telnet\")")),
        None => None,
    };
    let mut vty_evidence: Vec<Evidence> = Vec::new();
    let mut restricted_by = None;
    let mut sources = vec![ANY_SOURCE.to_string()];
    if let Some(b) = vty {
        vty_evidence.push(Evidence::line(CONFIG, b.line));
        let class = b.children.iter().find_map(|(no, c)| {
            let mut buf = [""; MAX_WORDS];
            match split_words(c, &mut buf) {
                ["access-class", acl, "in"] | ["ip", "access-class", acl, "in"] => Some((*no, acl.to_string())),
                _ => None,
            }
        });
        if let Some((no, acl)) = class {
            vty_evidence.push(Evidence::line(CONFIG, no));
            sources = acl_sources(&acls, &acl, &mut vty_evidence);
            restricted_by = Some(format!("line vty access-class {acl}"));
        }
    }
    for (name, state) in [(ServiceName::Ssh, ssh), (ServiceName::Telnet, telnet)] {
        let Some((enabled, evidence, detail)) = state else {
            facts.mark_unknown(format!("services.{}", name.as_str()));
            continue;
        };
        facts.services.push(Service { name, enabled, detail: Some(detail.into()), evidence: evidence.clone() });
        if enabled && vty.is_some() {
            let mut evidence = evidence;
            evidence.extend(vty_evidence.iter().cloned());
            facts.management_access.push(ManagementAccess {
                service: name,
                interface: Some("vty".into()),
                sources: sources.clone(),
                restricted_by: restricted_by.clone(),
                evidence,
            });
        }
    }

    // --- NX-API: HTTP/HTTPS only as the configuration states.
    nxapi_facts(features.get("nxapi").copied(), &nxapi, truncated, facts, notes);

    // --- SNMP.
    let mut snmp = Snmp { v3_users: users, ..Snmp::default() };
    for c in &communities {
        let mut evidence = vec![Evidence::line(CONFIG, c.line)];
        let sources = match &c.acl {
            Some((acl, line)) => {
                evidence.push(Evidence::line(CONFIG, *line));
                acl_sources(&acls, acl, &mut evidence)
            }
            None => vec![ANY_SOURCE.into()],
        };
        snmp.communities.push(SnmpCommunity { access: c.access, sources, default_name: c.default_name, evidence });
    }
    push_snmp(snmp, truncated, snmp_off.map(|l| Evidence::line(CONFIG, l)), facts);

    // --- Accounts.
    for (name, words, lines) in accounts {
        facts.accounts.push(account(name, &words, lines));
    }

    if !truncated {
        facts.logging = Some(logging);
        facts.auth_policy = Some(auth);
        logins_unknown(facts, notes, format!("{CONFIG}: login logging cannot be confirmed from the configuration (NX-OS)"));
    }
}

/// NX-API: off without `feature nxapi`; with it, HTTP and HTTPS as `nxapi http|https
/// port N` / `no nxapi http|https` say, unknown otherwise.
fn nxapi_facts(feature: Option<(bool, u32)>, lines: &[(u32, &str)], truncated: bool, facts: &mut Facts, notes: &mut Vec<String>) {
    let enabled_by = match feature {
        Some((true, line)) => line,
        Some((false, line)) => {
            for name in [ServiceName::Http, ServiceName::Https] {
                let evidence = vec![Evidence::line(CONFIG, line)];
                facts.services.push(Service { name, enabled: false, detail: Some("no feature nxapi".into()), evidence });
            }
            return;
        }
        None if truncated => {
            facts.mark_unknown("services.http");
            facts.mark_unknown("services.https");
            return;
        }
        None => {
            for name in [ServiceName::Http, ServiceName::Https] {
                let detail = Some("NX-API off by default (no \"feature nxapi\")".into());
                facts.services.push(Service { name, enabled: false, detail, evidence: Vec::new() });
            }
            return;
        }
    };
    let vrf = lines.iter().find_map(|(_, t)| t.strip_prefix("nxapi use-vrf ").map(|v| format!("vrf {}", v.trim())));
    for (name, proto) in [(ServiceName::Http, "http"), (ServiceName::Https, "https")] {
        let state = lines.iter().rev().find_map(|(no, t)| {
            let mut buf = [""; MAX_WORDS];
            match split_words(t, &mut buf) {
                ["nxapi", p, "port", ..] if *p == proto => Some((true, *no)),
                ["no", "nxapi", p, ..] if *p == proto => Some((false, *no)),
                _ => None,
            }
        });
        match state {
            Some((enabled, line)) => {
                let evidence = vec![Evidence::line(CONFIG, enabled_by), Evidence::line(CONFIG, line)];
                facts.services.push(Service { name, enabled, detail: Some("NX-API".into()), evidence: evidence.clone() });
                if enabled {
                    facts.management_access.push(ManagementAccess {
                        service: name,
                        interface: vrf.clone(),
                        sources: vec![ANY_SOURCE.into()],
                        restricted_by: None,
                        evidence,
                    });
                }
            }
            None => {
                notes.push(format!(
                    "{CONFIG}: \"feature nxapi\" without \"nxapi {proto} port\": whether NX-API listens on {proto} depends on the release, reported unknown"
                ));
                facts.mark_unknown(format!("services.{proto}"));
                facts.mark_unknown(format!("management_access.{proto}"));
            }
        }
    }
}

/// `snmp-server user NAME [GROUP...] [auth ALG KEY [priv [aes-128] KEY] [localizedkey]]`;
/// `use-ipv4acl` and `enforcePriv` lines carry no security level.
fn snmp_user(name: &str, rest: &[&str], line: u32) -> Option<SnmpV3User> {
    if matches!(rest.first(), Some(&("use-ipv4acl" | "use-ipv6acl" | "enforcePriv"))) {
        return None;
    }
    let auth_at = rest.iter().position(|w| *w == "auth");
    let auth = auth_at.and_then(|i| rest.get(i + 1)).map(|a| a.to_ascii_lowercase());
    let privacy = rest.iter().position(|w| *w == "priv").map(|i| match rest.get(i + 1) {
        Some(alg) if alg.eq_ignore_ascii_case("aes-128") => "aes-128".to_string(),
        // No algorithm named: NX-OS encrypts with DES.
        _ => "des".to_string(),
    });
    Some(SnmpV3User { name: name.to_string(), auth, privacy, evidence: vec![Evidence::line(CONFIG, line)] })
}

/// All `username NAME ...` lines of one user, words joined.
fn account(name: &str, words: &[&str], lines: Vec<u32>) -> Account {
    let mut storage = PasswordStorage::Unknown;
    let mut roles: Vec<Privilege> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match words[i] {
            "password" => {
                storage = match words.get(i + 1).copied() {
                    // Type 5 on NX-OS is SHA-crypt (`$5$`), not IOS's MD5.
                    Some("5") => PasswordStorage::Strong,
                    Some("7") => PasswordStorage::Weak,
                    Some("0") => PasswordStorage::Plain,
                    Some(_) => PasswordStorage::Plain,
                    None => PasswordStorage::Unknown,
                };
                i += 1;
            }
            "role" => {
                roles.push(match words.get(i + 1).copied() {
                    Some("network-admin" | "vdc-admin" | "priv-15") => Privilege::Admin,
                    Some("network-operator" | "vdc-operator" | "priv-0" | "priv-1") => Privilege::ReadOnly,
                    Some(r) if r.starts_with("priv-") => Privilege::Operator,
                    _ => Privilege::Unknown,
                });
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    // Without a role a user is network-operator; with several, the strongest counts.
    let privilege = if roles.is_empty() {
        Privilege::ReadOnly
    } else if roles.contains(&Privilege::Admin) {
        Privilege::Admin
    } else if roles.contains(&Privilege::Unknown) {
        Privilege::Unknown
    } else if roles.contains(&Privilege::Operator) {
        Privilege::Operator
    } else {
        Privilege::ReadOnly
    };
    let evidence = lines.into_iter().map(|l| Evidence::line(CONFIG, l)).collect();
    // `admin` is created at installation and cannot be deleted.
    Account { builtin: name == "admin", ..Account::configured(name, privilege, storage, evidence) }
}

fn interface(name: &str, b: &Block) -> Interface {
    let mgmt = name.starts_with("mgmt");
    let mut role = if mgmt { InterfaceRole::Management } else { InterfaceRole::Unknown };
    let mut addresses = Vec::new();
    let mut description = None;
    for (_, c) in &b.children {
        let mut buf = [""; MAX_WORDS];
        match split_words(c, &mut buf) {
            ["ip", "address", "dhcp", ..] if !mgmt => role = InterfaceRole::Wan,
            ["ip", "address", a, ..] => addresses.extend(host_prefix(a)),
            ["vrf", "member", "management"] => role = InterfaceRole::Management,
            ["description", ..] => description = Some(c["description".len()..].trim().to_string()),
            _ => {}
        }
    }
    Interface { name: name.to_string(), role, addresses, description, evidence: vec![b.evidence()] }
}
