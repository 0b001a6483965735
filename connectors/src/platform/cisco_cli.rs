//! What the Cisco-style configurations share: Cisco IOS / IOS XE, ASA, NX-OS and
//! Arista EOS all print `show running-config` as top-level commands with indented
//! lines under them, name access lists that management lines refer to, and spell SNMP
//! communities, SNMPv3 users and NTP servers alike.
//!
//! This module holds only the reading those platforms have in common; each platform
//! module decides what its lines mean (its defaults differ).

use std::collections::HashMap;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use kenshin_facts::{
    ANY_SOURCE, Evidence, Facts, ManagementAccess, Privilege, Service, ServiceName, Snmp, SnmpAccess, SnmpCommunity, SnmpV3User,
};

use super::{config_unknown, is_default_community, netmask, numbered, split_words};

/// The artifact of `show version` on every Cisco-style platform.
pub(super) const VERSION: &str = "show_version.txt";
/// The artifact of `show running-config` on every Cisco-style platform.
pub(super) const CONFIG: &str = "show_running-config.txt";

/// Words kept per configuration line; the lines that matter here are far shorter.
pub(super) const MAX_WORDS: usize = 24;

/// Marks every configuration fact unknown when the running configuration is missing.
pub(super) fn config_missing(facts: &mut Facts, notes: &mut Vec<String>) {
    config_unknown(facts, notes, format!("artifact {CONFIG} missing: configuration facts unknown"));
}

/// The word after `Version ` up to a comma or blank: `Version 15.2(4)M7,` → `15.2(4)M7`.
pub(super) fn version_word(line: &str) -> Option<&str> {
    let at = line.find("Version ")? + "Version ".len();
    let rest = &line[at..];
    let end = rest.find([',', ' ']).unwrap_or(rest.len());
    Some(&rest[..end]).filter(|v| !v.is_empty())
}

/// The text up to and including its last newline. A last line without one was cut
/// off mid-way and is not read, so that `ssh 10.0.0.0 255.0.0.0 insi` is not taken for
/// a shorter value. Line numbers are unchanged.
pub(super) fn whole_lines(text: &str) -> &str {
    match text.rfind('\n') {
        Some(i) => &text[..=i],
        None => "",
    }
}

/// Whether the last non-blank line of `text` is `marker` (`end`, `: end`): the
/// configuration was printed to the end.
pub(super) fn ends_with_marker(text: &str, marker: &str) -> bool {
    text.lines().rev().find(|l| !l.trim().is_empty()).is_some_and(|l| l.trim() == marker)
}

/// A top-level configuration line and the indented lines under it (at any depth).
pub(super) struct Block<'a> {
    pub line: u32,
    pub text: &'a str,
    pub children: Vec<(u32, &'a str)>,
}

impl Block<'_> {
    pub fn last_line(&self) -> u32 {
        self.children.last().map_or(self.line, |c| c.0)
    }
    pub fn evidence(&self) -> Evidence {
        Evidence::lines(CONFIG, self.line, self.last_line())
    }
}

/// Splits a configuration into blocks. `!` lines are comments; blank lines are skipped.
pub(super) fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out: Vec<Block> = Vec::new();
    for (no, line) in numbered(text) {
        if line.trim().is_empty() || line.starts_with('!') {
            continue;
        }
        if line.starts_with(' ') || line.starts_with('\t') {
            if let Some(b) = out.last_mut() {
                b.children.push((no, line.trim()));
            }
        } else {
            out.push(Block { line: no, text: line.trim_end(), children: Vec::new() });
        }
    }
    out
}

/// How a platform writes access lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AclSyntax {
    /// IOS: numbered `access-list N ...` and `ip access-list standard|extended NAME`,
    /// addresses with wildcard masks. Entries it cannot read are skipped.
    Ios,
    /// NX-OS and EOS: `ip access-list NAME` (extended) and EOS `ip access-list
    /// standard NAME`, sequence-numbered entries, `A.B.C.D/LEN` prefixes. An entry
    /// naming an object group keeps it as `object:NAME`, which rules cannot resolve
    /// (and so report unknown) instead of dropping a source the list allows.
    Prefix,
}

/// An access list: the sources it permits.
pub(super) struct Acl {
    pub sources: Vec<String>,
    pub evidence: Evidence,
}

/// `10.0.0.0/8` → `10.0.0.0/8` (network part only), `/0` → `any`.
pub(super) fn prefix_source(word: &str) -> Option<String> {
    let net: Ipv4Net = word.parse().ok()?;
    Some(if net.prefix_len() == 0 { ANY_SOURCE.into() } else { net.trunc().to_string() })
}

/// An interface address written `A.B.C.D/LEN`, host part kept: `10.0.0.5/24`.
pub(super) fn host_prefix(word: &str) -> Option<String> {
    word.parse::<Ipv4Net>().ok().map(|n| n.to_string())
}

/// Reads the source part of an ACL entry: `any`, `host A`, `A W`, `A/LEN` or `A` alone.
fn acl_source(tokens: &[&str], syntax: AclSyntax) -> Option<String> {
    match (syntax, tokens) {
        (_, ["any", ..]) => Some(ANY_SOURCE.into()),
        (_, ["host", a, ..]) => netmask::from_wildcard(a, "0.0.0.0"),
        (AclSyntax::Prefix, ["addrgroup", name, ..]) => Some(format!("object:{name}")),
        (AclSyntax::Prefix, [a, ..]) if a.contains('/') => prefix_source(a).or_else(|| Some(format!("object:{a}"))),
        (_, [a, w, ..]) if w.parse::<Ipv4Addr>().is_ok() => netmask::from_wildcard(a, w),
        (AclSyntax::Ios, [a, ..]) => netmask::from_wildcard(a, "0.0.0.0"),
        (AclSyntax::Prefix, [a, ..]) => netmask::from_wildcard(a, "0.0.0.0").or_else(|| Some(format!("object:{a}"))),
        (_, []) => None,
    }
}

/// The source of one `permit` entry; extended entries name a protocol first.
fn permit_source(words: &[&str], extended: bool, syntax: AclSyntax) -> Option<String> {
    let i = words.iter().position(|w| *w == "permit")?;
    let rest = &words[i + 1..];
    if extended { acl_source(rest.get(1..).unwrap_or(&[]), syntax) } else { acl_source(rest, syntax) }
}

/// Every IPv4 access list of the configuration, by name.
pub(super) fn collect_acls(blocks: &[Block], syntax: AclSyntax) -> HashMap<String, Acl> {
    let mut acls: HashMap<String, Acl> = HashMap::new();
    let named = |b: &Block, extended: bool| {
        let mut acl = Acl { sources: Vec::new(), evidence: b.evidence() };
        for (_, child) in &b.children {
            let mut buf = [""; MAX_WORDS];
            if let Some(src) = permit_source(split_words(child, &mut buf), extended, syntax) {
                acl.sources.push(src);
            }
        }
        acl
    };
    for b in blocks {
        let mut buf = [""; MAX_WORDS];
        let words = split_words(b.text, &mut buf);
        match words {
            ["access-list", name, action, ..] if syntax == AclSyntax::Ios && (*action == "permit" || *action == "deny") => {
                let extended = name.parse::<u32>().is_ok_and(|n| (100..200).contains(&n) || (2000..2700).contains(&n));
                let acl = acls
                    .entry(name.to_string())
                    .or_insert_with(|| Acl { sources: Vec::new(), evidence: Evidence::line(CONFIG, b.line) });
                acl.evidence.lines[1] = b.line;
                if let Some(src) = permit_source(&words[2..], extended, syntax) {
                    acl.sources.push(src);
                }
            }
            ["ip", "access-list", kind, name, ..] if *kind == "standard" || *kind == "extended" => {
                acls.insert(name.to_string(), named(b, *kind == "extended"));
            }
            ["ip", "access-list", name] if syntax == AclSyntax::Prefix => {
                acls.insert(name.to_string(), named(b, true));
            }
            _ => {}
        }
    }
    for acl in acls.values_mut() {
        acl.sources.dedup();
    }
    acls
}

/// Sources allowed by the ACL `name`; an ACL that does not exist is taken to filter
/// nothing (IOS documents this; for the others it is the cautious reading).
pub(super) fn acl_sources(acls: &HashMap<String, Acl>, name: &str, evidence: &mut Vec<Evidence>) -> Vec<String> {
    match acls.get(name) {
        Some(acl) => {
            evidence.push(acl.evidence.clone());
            acl.sources.clone()
        }
        None => vec![ANY_SOURCE.into()],
    }
}

/// `snmp-server community NAME [view V] [RO|RW] [ipv6 ACL6] [ACL]` (IOS, EOS), from the
/// words after the name. `default_communities`: lines whose masked community is a
/// well-known default.
pub(super) fn snmp_community(
    name: &str,
    rest: &[&str],
    line: u32,
    acls: &HashMap<String, Acl>,
    default_communities: &[u32],
) -> SnmpCommunity {
    let mut access = SnmpAccess::Ro;
    let mut acl: Option<&str> = None;
    let mut it = rest.iter();
    while let Some(w) = it.next() {
        match w.to_ascii_uppercase().as_str() {
            "RO" => access = SnmpAccess::Ro,
            "RW" => access = SnmpAccess::Rw,
            "VIEW" | "IPV6" => {
                it.next();
            }
            _ => acl = Some(w),
        }
    }
    let mut evidence = vec![Evidence::line(CONFIG, line)];
    let sources = match acl {
        Some(a) => acl_sources(acls, a, &mut evidence),
        None => vec![ANY_SOURCE.into()],
    };
    SnmpCommunity { access, sources, default_name: default_communities.contains(&line) || is_default_community(name), evidence }
}

/// `snmp-server user NAME GROUP v3 ... auth ALG KEY priv ALG KEY` (IOS, ASA, EOS), from
/// the words after `v3`.
pub(super) fn snmp_v3_user(name: &str, rest: &[&str], line: u32) -> SnmpV3User {
    let after = |key: &str| rest.iter().position(|w| *w == key).and_then(|i| rest.get(i + 1)).map(|s| s.to_ascii_lowercase());
    SnmpV3User {
        name: name.to_string(),
        auth: after("auth"),
        privacy: after("priv"),
        evidence: vec![Evidence::line(CONFIG, line)],
    }
}

/// The SNMP agent's facts: on when any community or user is configured, unless
/// `disabled_by` (a line turning the agent off). Each community is a management path.
pub(super) fn push_snmp(snmp: Snmp, truncated: bool, disabled_by: Option<Evidence>, facts: &mut Facts) {
    let snmp_evidence: Vec<Evidence> = snmp
        .communities
        .iter()
        .flat_map(|c| c.evidence.iter().take(1).cloned())
        .chain(snmp.v3_users.iter().map(|u| u.evidence[0].clone()))
        .collect();
    if let Some(off) = disabled_by {
        facts.services.push(Service {
            name: ServiceName::Snmp,
            enabled: false,
            detail: Some("SNMP agent disabled".into()),
            evidence: vec![off],
        });
        facts.snmp = Some(snmp);
        return;
    }
    // "Off" is concluded from absent lines: not from a truncated configuration.
    if !truncated || !snmp_evidence.is_empty() {
        facts.services.push(Service {
            name: ServiceName::Snmp,
            enabled: !snmp_evidence.is_empty(),
            detail: (!snmp.communities.is_empty()).then(|| "v1/v2c communities configured".to_string()),
            evidence: snmp_evidence,
        });
    }
    for c in &snmp.communities {
        facts.management_access.push(ManagementAccess {
            service: ServiceName::Snmp,
            interface: None,
            sources: c.sources.clone(),
            restricted_by: None,
            evidence: c.evidence.clone(),
        });
    }
    facts.snmp = Some(snmp);
}

/// The server of `ntp server [vrf V] ADDR ...`, from the words after `server`.
pub(super) fn ntp_server<'a>(rest: &[&'a str]) -> Option<&'a str> {
    if rest.first() == Some(&"vrf") { rest.get(2).copied() } else { rest.first().copied() }
}

/// Cisco privilege levels: 15 administers, 0 and 1 only look.
pub(super) fn privilege_level(word: Option<&str>) -> Privilege {
    match word.and_then(|p| p.parse::<u8>().ok()) {
        Some(15) => Privilege::Admin,
        Some(0 | 1) => Privilege::ReadOnly,
        Some(_) => Privilege::Operator,
        None => Privilege::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    #[test]
    fn acl_sources_by_syntax() {
        let prefix = |s: &str| permit_source(&words(s), true, AclSyntax::Prefix);
        assert_eq!(prefix("10 permit tcp 10.20.0.0/24 any eq 22").as_deref(), Some("10.20.0.0/24"));
        assert_eq!(prefix("permit ip 10.20.0.9/24 any").as_deref(), Some("10.20.0.0/24"));
        assert_eq!(prefix("20 permit ip any any").as_deref(), Some("any"));
        assert_eq!(prefix("permit ip 0.0.0.0/0 any").as_deref(), Some("any"));
        assert_eq!(prefix("permit ip host 10.1.1.1 any").as_deref(), Some("10.1.1.1/32"));
        assert_eq!(prefix("permit ip 10.1.0.0 0.0.255.255 any").as_deref(), Some("10.1.0.0/16"));
        assert_eq!(prefix("permit ip addrgroup VENDORS any").as_deref(), Some("object:VENDORS"));
        assert_eq!(prefix("30 deny ip any any"), None);
        let standard = permit_source(&words("10 permit 10.30.0.0/24"), false, AclSyntax::Prefix);
        assert_eq!(standard.as_deref(), Some("10.30.0.0/24"));
        // IOS keeps its reading: an unreadable source is skipped.
        assert_eq!(permit_source(&words("permit ip object-group X any"), true, AclSyntax::Ios), None);
        assert_eq!(permit_source(&words("permit 10.0.0.0 0.255.255.255"), false, AclSyntax::Ios).as_deref(), Some("10.0.0.0/8"));
    }

    #[test]
    fn prefixes() {
        assert_eq!(host_prefix("10.0.0.5/24").as_deref(), Some("10.0.0.5/24"));
        assert_eq!(prefix_source("10.0.0.5/24").as_deref(), Some("10.0.0.0/24"));
        assert_eq!(host_prefix("dhcp"), None);
        assert_eq!(ntp_server(&["vrf", "MGMT", "10.0.0.1"]), Some("10.0.0.1"));
        assert_eq!(ntp_server(&["10.0.0.1", "use-vrf", "management"]), Some("10.0.0.1"));
        assert_eq!(ntp_server(&[]), None);
        assert_eq!(whole_lines("a\nb\nss"), "a\nb\n");
        assert_eq!(whole_lines("a\n"), "a\n");
        assert_eq!(whole_lines("cut"), "");
        assert!(ends_with_marker("x\n: end\n\n", ": end") && ends_with_marker("x\nend", "end"));
        assert!(!ends_with_marker("x\nen", "end") && !ends_with_marker("", "end"));
    }
}
