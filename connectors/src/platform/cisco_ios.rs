//! Cisco IOS and IOS XE: `show version` and `show running-config`.
//!
//! The running configuration is read as blocks: a line at column 0 and the indented
//! lines under it. Defaults that differ between releases (the `transport input` of a
//! vty line, `ip http server` when neither form is printed) are reported unknown
//! rather than guessed.
//!
//! Relied on (IOS Login Enhancements): logins are recorded in the device's log only
//! with `login on-success log` and `login on-failure log`; neither is on by default.

use std::collections::HashMap;

use kenshin_facts::version::Family;
use kenshin_facts::{
    ANY_SOURCE, Account, Audit, AuthPolicy, Evidence, Facts, Interface, InterfaceRole, Logging, ManagementAccess,
    PasswordStorage, Privilege, RemoteAccess, RemoteAccessKind, Service, ServiceName, Snmp,
};

use super::cisco_cli::{
    Acl, AclSyntax, Block, CONFIG, MAX_WORDS, VERSION, acl_sources, blocks, collect_acls, config_missing, ntp_server,
    privilege_level, push_snmp, snmp_community, snmp_v3_user, version_word,
};
use super::{Command, cmd, netmask, numbered, split_words};
use super::{FirmwareLine, LOGINS, key_only_two_factor, set_firmware};
use crate::snapshot::Snapshot;

pub(super) const COMMANDS: &[Command] = &[cmd("show version", VERSION), cmd("show running-config", CONFIG)];

pub(super) fn parse(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) {
    match snapshot.artifact(VERSION) {
        Some(text) => parse_version(text, facts, notes),
        None => {
            notes.push(format!("artifact {VERSION} missing: firmware unknown"));
            facts.mark_unknown("firmware");
        }
    }
    match snapshot.artifact(CONFIG) {
        Some(text) => parse_config(text, &snapshot.default_community_lines(CONFIG), facts, notes),
        None => config_missing(facts, notes),
    }
}

/// `cisco_ios` or `cisco_xe` when the artifacts are those of an IOS device: the
/// `show version` banner, or (for a backup without it) the `version 15.2` line and vty
/// lines of an IOS configuration.
pub(super) fn recognises(snapshot: &Snapshot) -> Option<&'static str> {
    if let Some(version) = snapshot.artifact(VERSION) {
        if version.contains("Cisco IOS XE Software") || version.contains("IOS-XE Software") {
            return Some("cisco_xe");
        }
        if version.contains("Cisco IOS Software") {
            return Some("cisco_ios");
        }
    }
    let config = snapshot.artifact(CONFIG)?;
    // `version 15.2` (NX-OS prints `version 9.3(8)`, ASA `ASA Version`, EOS none).
    let major = config.lines().find_map(|l| {
        let (major, minor) = l.trim_end().strip_prefix("version ")?.split_once('.')?;
        let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        (numeric(major) && numeric(minor)).then(|| major.parse::<u32>().ok()).flatten()
    })?;
    let vty = config.lines().any(|l| l.starts_with("line vty "));
    vty.then_some(if major >= 16 { "cisco_xe" } else { "cisco_ios" })
}

fn parse_version(text: &str, facts: &mut Facts, notes: &mut Vec<String>) {
    let mut found: Option<(u32, &str)> = None;
    let mut xe_line: Option<(u32, &str)> = None;
    let mut model: Option<String> = None;
    let mut model_number: Option<String> = None;
    // Backups made by Oxidized and RANCID keep `show version` as `Image: Software:
    // C2960-LANBASEK9-M, 15.0(2)SE11, RELEASE SOFTWARE (fc3)` and `Chassis type: ...`.
    let mut image_line: Option<(u32, &str)> = None;
    let mut chassis: Option<String> = None;
    for (no, line) in numbered(text) {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix("Image:").and_then(|r| r.split_once("Software:")).map(|(_, r)| r)
            && image_line.is_none()
        {
            image_line = rest.split(',').nth(1).map(str::trim).filter(|v| !v.is_empty()).map(|v| (no, v));
        } else if let Some(rest) = l.strip_prefix("Chassis type:") {
            chassis = rest.split_whitespace().next().map(str::to_string);
        }
        if l.starts_with("Cisco IOS Software") && found.is_none() {
            found = version_word(l).map(|v| (no, v));
        } else if l.starts_with("Cisco IOS XE Software") && xe_line.is_none() {
            xe_line = version_word(l).map(|v| (no, v));
        } else if let Some(rest) = l.strip_prefix("Model Number") {
            model_number = rest.trim_start().strip_prefix(':').map(|m| m.trim().to_string());
        } else if model.is_none()
            && (l.starts_with("cisco ") || l.starts_with("Cisco "))
            && !l.starts_with("Cisco IOS Software")
            && !l.starts_with("Cisco IOS XE")
            && !l.starts_with("Cisco IOS-XE")
            && (l.contains(" processor") || l.contains("bytes of memory"))
        {
            model = l.split_whitespace().nth(1).map(str::to_string);
        }
        if facts.device.hostname.is_none()
            && let Some((host, _)) = l.split_once(" uptime is ")
            && !host.contains(' ')
        {
            facts.device.hostname = Some(host.to_string());
        }
    }
    // The `Cisco IOS Software ..., Version` line is authoritative; IOS XE 16+ also
    // prints `Cisco IOS XE Software, Version 17.09.04a` (padded, or a special-build
    // label), used only when the first is absent.
    let Some((line, raw)) = found.or(xe_line).or(image_line) else {
        notes.push(format!("{VERSION}: no \"Cisco IOS Software ... Version\" line: firmware unknown"));
        facts.mark_unknown("firmware");
        return;
    };
    let family = if raw.contains('(') { Family::Ios } else { Family::IosXe };
    set_firmware(
        facts,
        notes,
        "cisco",
        family,
        model.or(model_number).or(chassis),
        FirmwareLine { artifact: VERSION, line, raw, version: raw },
    );
}

/// `default_communities`: lines whose (masked) community is a well-known default.
fn parse_config(text: &str, default_communities: &[u32], facts: &mut Facts, notes: &mut Vec<String>) {
    let blocks = blocks(text);
    let acls = collect_acls(&blocks, AclSyntax::Ios);
    // A complete running configuration ends with `end`. Without it the output was cut
    // off, and whatever is concluded from a line's absence (no community: SNMP off; no
    // `logging host`: no remote log) could be wrong.
    let truncated = blocks.last().is_none_or(|b| b.text != "end");
    if truncated {
        notes.push(format!(
            "{CONFIG}: no final \"end\" line: the configuration looks truncated; facts concluded from absent lines are unknown"
        ));
        for f in [
            "services.snmp",
            "services.small_servers",
            "snmp",
            "logging",
            LOGINS,
            "remote_access",
            "accounts",
            "auth_policy",
            "management_access",
        ] {
            facts.mark_unknown(f);
        }
    }

    let mut snmp = Snmp::default();
    let mut logging = Logging::default();
    let mut auth = AuthPolicy::default();
    let mut http: Option<(bool, u32)> = None;
    let mut https: Option<(bool, u32)> = None;
    let mut http_acl: Option<(String, u32)> = None;
    let mut small_servers: Vec<u32> = Vec::new();
    let mut vty: Vec<&Block> = Vec::new();
    let mut login_success: Option<u32> = None;
    let mut login_failure: Option<u32> = None;

    // `crypto map M client authentication list L`: Easy VPN users give a password too.
    let xauth = blocks.iter().any(|b| b.text.starts_with("crypto map ") && b.text.contains(" client authentication list "));
    for b in &blocks {
        let mut buf = [""; MAX_WORDS];
        let words = split_words(b.text, &mut buf);
        let ev = || vec![Evidence::line(CONFIG, b.line)];
        match words {
            ["hostname", name, ..] => facts.device.hostname = Some(name.trim_matches('"').to_string()),
            ["line", "vty", ..] => vty.push(b),
            ["ip", "http", "server"] => http = Some((true, b.line)),
            ["no", "ip", "http", "server"] => http = Some((false, b.line)),
            ["ip", "http", "secure-server"] => https = Some((true, b.line)),
            ["no", "ip", "http", "secure-server"] => https = Some((false, b.line)),
            ["ip", "http", "access-class", "ipv4", acl] | ["ip", "http", "access-class", acl] => {
                http_acl = Some((acl.to_string(), b.line))
            }
            ["service", "tcp-small-servers" | "udp-small-servers", ..] => small_servers.push(b.line),
            ["snmp-server", "community", name, rest @ ..] => {
                snmp.communities.push(snmp_community(name, rest, b.line, &acls, default_communities));
            }
            ["snmp-server", "user", name, _group, "v3", rest @ ..] => snmp.v3_users.push(snmp_v3_user(name, rest, b.line)),
            ["username", name, rest @ ..] => facts.accounts.push(account(name, rest, b.line)),
            ["logging", "host", host, ..] => logging.remote_hosts.push(host.to_string()),
            ["logging", host] if host.parse::<std::net::IpAddr>().is_ok() => logging.remote_hosts.push(host.to_string()),
            ["ntp", "server", rest @ ..] => {
                if let Some(h) = ntp_server(rest) {
                    logging.ntp_servers.push(h.to_string());
                }
            }
            ["security", "passwords", "min-length", n] => {
                auth.min_password_length = n.parse().ok();
                auth.evidence.push(Evidence::line(CONFIG, b.line));
            }
            // `login on-failure log [every N]`; `trap` alone sends an SNMP trap, not a log line.
            ["login", "on-success", rest @ ..] if rest.contains(&"log") => login_success = Some(b.line),
            ["login", "on-failure", rest @ ..] if rest.contains(&"log") => login_failure = Some(b.line),
            ["login", "block-for", _, "attempts", n, ..] | ["aaa", "local", "authentication", "attempts", "max-fail", n] => {
                auth.lockout_threshold = n.parse().ok();
                auth.evidence.push(Evidence::line(CONFIG, b.line));
            }
            ["interface", name, ..] => facts.interfaces.push(interface(name, b)),
            ["crypto", "isakmp", "key", _key, "address", addr, rest @ ..] => {
                let mask = rest.first().copied().unwrap_or("255.255.255.255");
                let peer = netmask::from_netmask(addr, mask).unwrap_or_else(|| ANY_SOURCE.into());
                facts.remote_access.push(RemoteAccess {
                    kind: RemoteAccessKind::Ipsec,
                    name: None,
                    enabled: true,
                    two_factor: if xauth { None } else { key_only_two_factor(&peer) },
                    peer_sources: vec![peer],
                    interface: None,
                    evidence: ev(),
                });
            }
            // Any peer holding the key; Easy VPN's XAUTH list may point to a server
            // that asks for more, which the configuration does not show.
            ["crypto", "dynamic-map", name, ..] => facts.remote_access.push(RemoteAccess {
                kind: RemoteAccessKind::Ipsec,
                name: Some(name.to_string()),
                enabled: true,
                peer_sources: vec![ANY_SOURCE.into()],
                interface: None,
                two_factor: if xauth { None } else { Some(false) },
                evidence: vec![b.evidence()],
            }),
            ["webvpn", "gateway", name] => facts.remote_access.push(RemoteAccess {
                kind: RemoteAccessKind::SslVpn,
                name: Some(name.to_string()),
                enabled: b.children.iter().any(|(_, c)| *c == "inservice"),
                peer_sources: vec![ANY_SOURCE.into()],
                interface: None,
                two_factor: None,
                evidence: vec![b.evidence()],
            }),
            _ => {}
        }
    }

    // --- vty lines: telnet/ssh and who may use them.
    vty_facts(&vty, &acls, facts, notes);

    // --- web management.
    for (name, state, label) in
        [(ServiceName::Http, http, "ip http server"), (ServiceName::Https, https, "ip http secure-server")]
    {
        match state {
            Some((enabled, line)) => {
                facts.services.push(Service { name, enabled, detail: None, evidence: vec![Evidence::line(CONFIG, line)] });
                if enabled {
                    let mut evidence = vec![Evidence::line(CONFIG, line)];
                    let (sources, restricted_by) = match &http_acl {
                        Some((acl, acl_line)) => {
                            evidence.push(Evidence::line(CONFIG, *acl_line));
                            (acl_sources(&acls, acl, &mut evidence), Some(format!("ip http access-class {acl}")))
                        }
                        None => (vec![ANY_SOURCE.into()], None),
                    };
                    facts.management_access.push(ManagementAccess {
                        service: name,
                        interface: None,
                        sources,
                        restricted_by,
                        evidence,
                    });
                }
            }
            None => {
                notes.push(format!(
                    "{CONFIG}: neither \"{label}\" nor \"no {label}\": its state depends on the release default, reported unknown"
                ));
                facts.mark_unknown(format!("services.{}", name.as_str()));
            }
        }
    }

    // --- SNMP: the agent runs when any community or user is configured.
    push_snmp(snmp, truncated, None, facts);

    if !truncated || !small_servers.is_empty() {
        facts.services.push(Service {
            name: ServiceName::SmallServers,
            enabled: !small_servers.is_empty(),
            detail: None,
            evidence: small_servers.iter().map(|l| Evidence::line(CONFIG, *l)).collect(),
        });
    }

    logging.evidence = blocks
        .iter()
        .filter(|b| b.text.starts_with("logging ") || b.text.starts_with("ntp server"))
        .map(|b| Evidence::line(CONFIG, b.line))
        .collect();
    let vty_lines: Vec<u32> = vty.iter().map(|b| b.line).collect();
    logging.logins = Some(logins(login_success, login_failure, &vty_lines));
    if !truncated {
        facts.logging = Some(logging);
        facts.auth_policy = Some(auth);
    }
}

/// Logins are recorded when both `login on-success log` and `login on-failure log` are
/// set (their lines given); IOS logs neither by default. When one is missing, the
/// `line vty` blocks, where the unrecorded logins come in, are evidence too.
fn logins(success: Option<u32>, failure: Option<u32>, vty: &[u32]) -> Audit {
    let detail = match (success, failure) {
        (Some(_), Some(_)) => "login on-success log and login on-failure log",
        (None, Some(_)) => "login on-failure log without login on-success log: successful logins are not recorded",
        (Some(_), None) => "login on-success log without login on-failure log: failed logins are not recorded",
        (None, None) => "neither login on-success log nor login on-failure log: IOS does not record logins by default",
    };
    Audit {
        logons: success.is_some() && failure.is_some(),
        detail: Some(detail.into()),
        evidence: [success, failure]
            .into_iter()
            .flatten()
            .chain(vty.iter().copied().filter(|_| success.is_none() || failure.is_none()))
            .map(|l| Evidence::line(CONFIG, l))
            .collect(),
    }
}

fn vty_facts(vty: &[&Block], acls: &HashMap<String, Acl>, facts: &mut Facts, notes: &mut Vec<String>) {
    if vty.is_empty() {
        notes.push(format!("{CONFIG}: no \"line vty\": remote CLI access unknown"));
        facts.mark_unknown("services.telnet");
        facts.mark_unknown("services.ssh");
        facts.mark_unknown("management_access.vty");
        return;
    }
    // Per protocol: Some(evidence of lines allowing it) / None when some vty line does
    // not say (release default).
    let mut telnet: Option<Vec<Evidence>> = Some(Vec::new());
    let mut ssh: Option<Vec<Evidence>> = Some(Vec::new());
    let mut telnet_off: Vec<Evidence> = Vec::new();
    let mut ssh_off: Vec<Evidence> = Vec::new();
    for b in vty {
        let label = b.text.trim_start_matches("line ").to_string();
        let transport = b
            .children
            .iter()
            .find_map(|(no, c)| c.strip_prefix("transport input").map(|t| (*no, t.split_whitespace().collect::<Vec<_>>())));
        let access_class = b.children.iter().find_map(|(no, c)| {
            let mut buf = [""; MAX_WORDS];
            let w = split_words(c, &mut buf);
            match w {
                ["access-class", acl, "in", ..] => Some((*no, acl.to_string())),
                _ => None,
            }
        });
        let mut evidence = vec![Evidence::line(CONFIG, b.line)];
        let (sources, restricted_by) = match &access_class {
            Some((no, acl)) => {
                evidence.push(Evidence::line(CONFIG, *no));
                (acl_sources(acls, acl, &mut evidence), Some(format!("access-class {acl}")))
            }
            None => (vec![ANY_SOURCE.into()], None),
        };
        let allowed: Vec<ServiceName> = match &transport {
            Some((no, protos)) => {
                evidence.push(Evidence::line(CONFIG, *no));
                let all = protos.contains(&"all");
                let t = all || protos.contains(&"telnet");
                let s = all || protos.contains(&"ssh");
                let here = Evidence::line(CONFIG, *no);
                for (on, list, off) in [(t, &mut telnet, &mut telnet_off), (s, &mut ssh, &mut ssh_off)] {
                    if on {
                        if let Some(l) = list.as_mut() {
                            l.push(here.clone());
                        }
                    } else {
                        off.push(here.clone());
                    }
                }
                [(t, ServiceName::Telnet), (s, ServiceName::Ssh)].into_iter().filter(|(on, _)| *on).map(|(_, n)| n).collect()
            }
            None => {
                notes.push(format!(
                    "{CONFIG}:{}: \"{label}\" has no \"transport input\": allowed protocols depend on the release default",
                    b.line
                ));
                telnet = None;
                ssh = None;
                vec![ServiceName::Ssh]
            }
        };
        for service in allowed {
            facts.management_access.push(ManagementAccess {
                service,
                interface: Some(label.clone()),
                sources: sources.clone(),
                restricted_by: restricted_by.clone(),
                evidence: evidence.clone(),
            });
        }
    }
    for (name, on, off) in [(ServiceName::Telnet, telnet, telnet_off), (ServiceName::Ssh, ssh, ssh_off)] {
        match on {
            Some(ev) if !ev.is_empty() => facts.services.push(Service {
                name,
                enabled: true,
                detail: Some("line vty transport input".into()),
                evidence: ev,
            }),
            Some(_) => facts.services.push(Service {
                name,
                enabled: false,
                detail: Some("line vty transport input".into()),
                evidence: off,
            }),
            None => facts.mark_unknown(format!("services.{}", name.as_str())),
        }
    }
}

fn account(name: &str, rest: &[&str], line: u32) -> Account {
    let mut privilege = Privilege::ReadOnly; // IOS default privilege level is 1.
    let mut storage = PasswordStorage::Unknown;
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            "privilege" => {
                privilege = privilege_level(rest.get(i + 1).copied());
                i += 1;
            }
            "nopassword" => storage = PasswordStorage::None,
            "secret" => {
                storage = match rest.get(i + 1).copied() {
                    Some("8" | "9") => PasswordStorage::Strong,
                    Some("5" | "4") => PasswordStorage::Weak,
                    Some("0") => PasswordStorage::Plain,
                    // `secret X` with no type is hashed with the release's default (MD5 on most).
                    _ => PasswordStorage::Weak,
                };
                break;
            }
            "password" => {
                storage = match rest.get(i + 1).copied() {
                    Some("7") => PasswordStorage::Weak,
                    _ => PasswordStorage::Plain,
                };
                break;
            }
            _ => {}
        }
        i += 1;
    }
    Account::configured(name, privilege, storage, vec![Evidence::line(CONFIG, line)])
}

fn interface(name: &str, b: &Block) -> Interface {
    let mut role = InterfaceRole::Unknown;
    let mut addresses = Vec::new();
    let mut description = None;
    for (_, c) in &b.children {
        let mut buf = [""; MAX_WORDS];
        let w = split_words(c, &mut buf);
        match w {
            ["ip", "address", a, m, ..] => addresses.extend(netmask::host_cidr(a, m)),
            ["ip", "nat", "outside"] => role = InterfaceRole::Wan,
            ["ip", "nat", "inside"] if role == InterfaceRole::Unknown => role = InterfaceRole::Lan,
            ["description", ..] => description = Some(c["description".len()..].trim().to_string()),
            _ => {}
        }
    }
    Interface { name: name.to_string(), role, addresses, description, evidence: vec![b.evidence()] }
}
