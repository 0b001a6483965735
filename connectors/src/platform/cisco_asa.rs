//! Cisco ASA: `show version` and `show running-config`.
//!
//! The ASA names its interfaces by `nameif`, and every management command says which
//! `nameif` and which source addresses it accepts (`ssh 10.0.0.0 255.0.0.0 inside`),
//! so interfaces and management paths are reported by `nameif`. The running
//! configuration ends with `: end`; without it the output was cut off, and nothing is
//! concluded from an absent line.
//!
//! ASA behaviour relied on (ASA configuration guides): no SSH, Telnet or ASDM (HTTPS)
//! access is allowed to a host not listed by `ssh`/`telnet`/`http ADDR MASK IF`, and
//! ASDM needs `http server enable`; there is no clear-text HTTP management (ASDM is
//! HTTPS only). The SNMP agent is read-only and answers only the managers listed by
//! `snmp-server host`/`host-group` (a `trap` host is never polled); `no snmp-server
//! enable` turns it off. Syslog is sent only with `logging enable`. A user's privilege
//! is 2 unless `privilege N` says otherwise; `pbkdf2` passwords are PBKDF2-SHA512 hashes,
//! `encrypted` ones the older MD5-based form. Crypto maps and tunnel groups form tunnels
//! only on interfaces where IKE is enabled (`crypto ikev1|ikev2 enable IF`). Logins
//! are syslog messages 605004 (refused), 605005 (permitted) and 611101 (VPN user
//! authenticated), all at level 6: the ASA records them when `logging enable` and
//! `logging trap` or `logging buffered` is at `informational` (6) or `debugging` (7),
//! unless `no logging message 605004|605005` turns them off.
//!
//! Not relied on, left open: whether `logging trap` is needed for a syslog host to get
//! messages (noted when missing, host still reported); a control-plane ACL restricting
//! who may reach the WebVPN portal (not read: the portal counts as open to any source).

use std::collections::BTreeMap;

use ipnet::IpNet;
use kenshin_facts::version::Family;
use kenshin_facts::{
    ANY_SOURCE, Account, Audit, AuthPolicy, Evidence, Facts, Interface, InterfaceRole, Logging, ManagementAccess,
    PasswordStorage, Privilege, RemoteAccess, RemoteAccessKind, Service, ServiceName, Snmp, SnmpAccess, SnmpCommunity,
};

use super::cisco_cli::{
    Block, CONFIG, MAX_WORDS, VERSION, blocks, config_missing, ends_with_marker, ntp_server, privilege_level, snmp_v3_user,
    version_word, whole_lines,
};
use super::{Command, cmd, is_default_community, netmask, numbered, split_words};
use super::{FirmwareLine, LOGINS, every_way_two_factor, logins_unknown, set_firmware};
use crate::snapshot::Snapshot;

pub(super) const COMMANDS: &[Command] = &[cmd("show version", VERSION), cmd("show running-config", CONFIG)];

const BANNER: &str = "Cisco Adaptive Security Appliance Software Version";

/// `show version` of an ASA, or an ASA running configuration (`ASA Version 9.x`).
pub(super) fn recognises(snapshot: &Snapshot) -> bool {
    snapshot.artifact(VERSION).is_some_and(|t| t.lines().any(|l| l.trim_start().starts_with(BANNER)))
        || snapshot.artifact(CONFIG).is_some_and(|t| config_version(t).is_some())
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
                notes.push(format!("firmware taken from the \"ASA Version\" line of {CONFIG}"));
                set_firmware(
                    facts,
                    notes,
                    "cisco",
                    Family::Asa,
                    None,
                    FirmwareLine { artifact: CONFIG, line, raw, version: raw },
                );
            }
            None => facts.mark_unknown("firmware"),
        }
    }
    match config {
        Some(text) => parse_config(text, &snapshot.default_community_lines(CONFIG), facts, notes),
        None => config_missing(facts, notes),
    }
}

/// `ASA Version 9.16(3)19 [<context>]` near the top of the running configuration.
fn config_version(text: &str) -> Option<(u32, &str)> {
    numbered(text)
        .take(20)
        .find_map(|(no, l)| l.strip_prefix("ASA Version ").and_then(|r| r.split_whitespace().next()).map(|v| (no, v)))
}

/// Firmware, model and host name from `show version`; false when no version line.
fn parse_version(text: &str, facts: &mut Facts, notes: &mut Vec<String>) -> bool {
    let mut found: Option<(u32, &str)> = None;
    let mut model_id: Option<&str> = None;
    let mut hardware: Option<&str> = None;
    for (no, line) in numbered(text) {
        let l = line.trim();
        if l.starts_with(BANNER) && found.is_none() {
            found = version_word(l).map(|v| (no, v));
        } else if let Some(m) = l.strip_prefix("Model Id:") {
            model_id = Some(m.trim()).filter(|m| !m.is_empty());
        } else if let Some(h) = l.strip_prefix("Hardware:") {
            // `Hardware:   ASA5516, 8192 MB RAM, ...`: the platform is the first field.
            hardware = h.split(',').next().map(str::trim).filter(|m| !m.is_empty());
        } else if facts.device.hostname.is_none()
            && !line.starts_with(' ')
            && let Some((host, uptime)) = l.split_once(" up ")
            && !host.contains(' ')
            && uptime.starts_with(|c: char| c.is_ascii_digit())
        {
            // `asa1 up 41 days 19 hours` (not `failover cluster up ...`).
            facts.device.hostname = Some(host.to_string());
        }
    }
    let Some((line, raw)) = found else {
        notes.push(format!("{VERSION}: no \"{BANNER}\" line"));
        return false;
    };
    // `Model Id` (ASAv10) is more precise than the hardware platform (ASAv).
    let model = model_id.or(hardware).map(str::to_string);
    set_firmware(facts, notes, "cisco", Family::Asa, model, FirmwareLine { artifact: VERSION, line, raw, version: raw });
    true
}

/// `A.B.C.D M.M.M.M` or an IPv6 prefix, as the ASA writes management sources.
fn address_mask(addr: &str, mask: Option<&str>) -> Option<String> {
    if let Some(m) = mask
        && let Some(net) = netmask::from_netmask(addr, m)
    {
        return Some(net);
    }
    let net: IpNet = addr.parse().ok()?;
    Some(if net.prefix_len() == 0 { ANY_SOURCE.into() } else { net.trunc().to_string() })
}

/// One `ssh|telnet|http ADDR MASK IF` line.
struct HostLine<'a> {
    nameif: &'a str,
    source: String,
    line: u32,
}

/// One `snmp-server host IF ADDR ...` (or `host-group IF OBJECT ...`) line.
struct SnmpHost<'a> {
    nameif: &'a str,
    source: String,
    line: u32,
    poll: bool,
    /// `version 3 USER`: polled with SNMPv3, never with a community.
    v3: bool,
    own_community: bool,
}

/// One `crypto map NAME SEQ ...` entry.
#[derive(Default)]
struct MapEntry {
    peers: Vec<String>,
    dynamic: bool,
    lines: Vec<u32>,
}

/// How a remote-access `tunnel-group` authenticates people.
#[derive(Default)]
struct TunnelAuth {
    /// `authentication-server-group X` other than `LOCAL` (RADIUS, LDAP ...), or
    /// `authentication saml`: the server or identity provider may ask for more.
    server: Option<u32>,
    /// `secondary-authentication-server-group`: a second server, which may only ask for
    /// a second password.
    secondary: Option<u32>,
    /// `authentication aaa certificate` (either order): a client certificate as well.
    certificate_and_aaa: Option<u32>,
    /// Lines that set the method, for evidence.
    lines: Vec<u32>,
}

#[derive(Default)]
struct Asa<'a> {
    truncated: bool,
    ssh: Vec<HostLine<'a>>,
    telnet: Vec<HostLine<'a>>,
    http: Vec<HostLine<'a>>,
    http_server: Option<u32>,
    /// `ssh version 2`, `aaa authentication ssh console LOCAL`, ...: (line, text).
    ssh_settings: Vec<(u32, &'a str)>,
    snmp_hosts: Vec<SnmpHost<'a>>,
    snmp_off: Option<u32>,
    logging_enable: Option<u32>,
    logging_trap: bool,
    logging_hosts: Vec<(&'a str, u32)>,
    /// `logging trap|buffered LEVEL`: (destination, level, line).
    logging_levels: Vec<(&'a str, &'a str, u32)>,
    /// `no logging message N` for the login messages: (N, line).
    login_messages_off: Vec<(&'a str, u32)>,
    ntp_servers: Vec<&'a str>,
    logging_lines: Vec<u32>,
    ike_enabled: BTreeMap<&'a str, Vec<u32>>,
    maps: BTreeMap<(&'a str, &'a str), MapEntry>,
    map_interfaces: Vec<(&'a str, &'a str, u32)>,
    ra_groups: Vec<u32>,
    /// Authentication of every tunnel-group with general or webvpn attributes.
    tunnel_auth: BTreeMap<&'a str, TunnelAuth>,
    l2l_groups: Vec<(&'a str, u32)>,
    tunnel_destinations: Vec<(&'a str, u32)>,
    webvpn: Option<WebVpn<'a>>,
}

/// The `webvpn` block: the interfaces it is enabled on.
struct WebVpn<'a> {
    evidence: Evidence,
    enabled_on: Vec<&'a str>,
}

fn parse_config(text: &str, default_communities: &[u32], facts: &mut Facts, notes: &mut Vec<String>) {
    let truncated = !ends_with_marker(text, ": end");
    let blocks = blocks(if truncated { whole_lines(text) } else { text });
    let mut asa = Asa { truncated, ..Asa::default() };
    if asa.truncated {
        notes.push(format!(
            "{CONFIG}: no final \": end\" line: the configuration looks truncated; facts concluded from absent lines are unknown"
        ));
        for f in ["snmp", "logging", LOGINS, "remote_access", "accounts", "auth_policy", "management_access", "interfaces"] {
            facts.mark_unknown(f);
        }
    }
    let mut snmp = Snmp::default();
    let mut global_communities: Vec<(u32, bool)> = Vec::new();
    let mut auth = AuthPolicy::default();

    for b in &blocks {
        let mut buf = [""; MAX_WORDS];
        let words = split_words(b.text, &mut buf);
        match words {
            ["hostname", name, ..] => facts.device.hostname = Some(name.to_string()),
            ["interface", name, ..] => facts.interfaces.push(interface(name, b)),
            ["ssh", "version", ..] | ["aaa", "authentication", "ssh", "console", ..] => asa.ssh_settings.push((b.line, b.text)),
            ["ssh", addr, rest @ ..] if is_address(addr) => host_line(&mut asa.ssh, addr, rest, b.line, notes),
            ["telnet", addr, rest @ ..] if is_address(addr) => host_line(&mut asa.telnet, addr, rest, b.line, notes),
            ["http", "server", "enable", ..] => asa.http_server = Some(b.line),
            ["http", addr, rest @ ..] if is_address(addr) => host_line(&mut asa.http, addr, rest, b.line, notes),
            ["no", "snmp-server", "enable"] => asa.snmp_off = Some(b.line),
            ["snmp-server", "host", nameif, addr, rest @ ..] => asa.snmp_hosts.push(snmp_host(nameif, addr, rest, b.line, false)),
            ["snmp-server", "host-group", nameif, object, rest @ ..] => {
                asa.snmp_hosts.push(snmp_host(nameif, object, rest, b.line, true))
            }
            ["snmp-server", "community", name, ..] => {
                global_communities.push((b.line, default_communities.contains(&b.line) || is_default_community(name)))
            }
            ["snmp-server", "user", name, _group, "v3", rest @ ..] => snmp.v3_users.push(snmp_v3_user(name, rest, b.line)),
            ["logging", "enable"] => {
                asa.logging_enable = Some(b.line);
                asa.logging_lines.push(b.line);
            }
            ["logging", "trap", rest @ ..] => {
                asa.logging_trap = true;
                asa.logging_lines.push(b.line);
                if let Some(level) = rest.first() {
                    asa.logging_levels.push(("trap", level, b.line));
                }
            }
            ["logging", "buffered", level, ..] => asa.logging_levels.push(("buffered", level, b.line)),
            ["no", "logging", "message", id @ ("605004" | "605005"), ..] => asa.login_messages_off.push((id, b.line)),
            ["logging", "host", _nameif, host, ..] => {
                asa.logging_hosts.push((host, b.line));
                asa.logging_lines.push(b.line);
            }
            ["ntp", "server", rest @ ..] => {
                if let Some(server) = ntp_server(rest) {
                    asa.ntp_servers.push(server);
                    asa.logging_lines.push(b.line);
                }
            }
            ["username", name, rest @ ..] if rest.first() != Some(&"attributes") => {
                facts.accounts.push(account(name, rest, b.line));
            }
            ["password-policy", "minimum-length", n] => {
                auth.min_password_length = n.parse().ok();
                auth.evidence.push(Evidence::line(CONFIG, b.line));
            }
            ["aaa", "local", "authentication", "attempts", "max-fail", n] => {
                auth.lockout_threshold = n.parse().ok();
                auth.evidence.push(Evidence::line(CONFIG, b.line));
            }
            ["crypto", "ikev1" | "ikev2", "enable", nameif, ..] => asa.ike_enabled.entry(nameif).or_default().push(b.line),
            ["crypto", "map", map, "interface", nameif, ..] => asa.map_interfaces.push((map, nameif, b.line)),
            ["crypto", "map", map, seq, rest @ ..] if seq.parse::<u32>().is_ok() => {
                let entry = asa.maps.entry((map, seq)).or_default();
                entry.lines.push(b.line);
                match rest {
                    ["set", "peer", peers @ ..] => entry.peers.extend(peers.iter().map(|p| peer_source(p))),
                    ["ipsec-isakmp", "dynamic", ..] => entry.dynamic = true,
                    _ => {}
                }
            }
            ["tunnel-group", name, "type", "remote-access"] => {
                asa.ra_groups.push(b.line);
                // Without attributes it authenticates against LOCAL, the default.
                asa.tunnel_auth.entry(name).or_default();
            }
            ["tunnel-group", name, "type", "ipsec-l2l"] => asa.l2l_groups.push((name, b.line)),
            ["tunnel-group", name, "general-attributes" | "webvpn-attributes"] => {
                let auth = asa.tunnel_auth.entry(name).or_default();
                for (no, c) in &b.children {
                    let w: Vec<&str> = c.split_whitespace().collect();
                    match w[..] {
                        ["authentication-server-group", group, ..] if !group.eq_ignore_ascii_case("LOCAL") => {
                            auth.server = Some(*no)
                        }
                        ["secondary-authentication-server-group", ..] => auth.secondary = Some(*no),
                        ["authentication", "aaa", "certificate", ..] | ["authentication", "certificate", "aaa", ..] => {
                            auth.certificate_and_aaa = Some(*no)
                        }
                        ["authentication", "saml", ..] => auth.server = Some(*no),
                        _ => continue,
                    }
                    auth.lines.push(*no);
                }
            }
            ["webvpn"] => {
                let enabled_on = b.children.iter().filter_map(|(_, c)| c.strip_prefix("enable ").map(str::trim)).collect();
                asa.webvpn = Some(WebVpn { evidence: b.evidence(), enabled_on });
            }
            _ => {}
        }
        // VTI tunnels: `interface TunnelN` / `tunnel destination A`.
        if words.first() == Some(&"interface") {
            for (no, c) in &b.children {
                if let Some(dest) = c.strip_prefix("tunnel destination ") {
                    asa.tunnel_destinations.push((dest.trim(), *no));
                }
            }
        }
    }

    default_route_wan(&blocks, facts);
    management(&asa, facts);
    snmp_facts(&asa, snmp, &global_communities, default_communities, facts);
    logging(&asa, facts, notes);
    remote_access(&asa, facts);
    if !asa.truncated {
        facts.auth_policy = Some(auth);
    }
}

/// Management host lines start with an address (`ssh 10.0.0.0 ...`), settings with a
/// keyword (`ssh timeout 5`).
fn is_address(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit()) || word.contains(':')
}

/// `ssh|telnet|http ADDR MASK IF`.
fn host_line<'a>(list: &mut Vec<HostLine<'a>>, addr: &str, rest: &[&'a str], line: u32, notes: &mut Vec<String>) {
    // IPv4 `A M IF`; IPv6 `A/LEN IF`.
    let (mask, nameif) = match rest {
        [mask, nameif, ..] if mask.parse::<std::net::Ipv4Addr>().is_ok() => (Some(*mask), *nameif),
        [nameif, ..] => (None, *nameif),
        [] => return,
    };
    match address_mask(addr, mask) {
        Some(source) => list.push(HostLine { nameif, source, line }),
        None => notes.push(format!("{CONFIG}:{line}: management source {addr:?} not understood: line ignored")),
    }
}

/// `snmp-server host IF ADDR [trap|poll] [community [0|8] X] [version 1|2c|3 USER] [udp-port N]`.
fn snmp_host<'a>(nameif: &'a str, addr: &str, rest: &[&str], line: u32, group: bool) -> SnmpHost<'a> {
    let source = if group {
        format!("object:{addr}")
    } else {
        address_mask(addr, Some("255.255.255.255")).unwrap_or_else(|| format!("object:{addr}"))
    };
    let mut host = SnmpHost { nameif, source, line, poll: true, v3: false, own_community: false };
    for (i, w) in rest.iter().enumerate() {
        match *w {
            "trap" => host.poll = false,
            "community" => host.own_community = true,
            "version" => host.v3 = rest.get(i + 1) == Some(&"3"),
            _ => {}
        }
    }
    host
}

/// A crypto map peer: an address is a /32; a host name stays as written (unresolved).
fn peer_source(peer: &str) -> String {
    address_mask(peer, Some("255.255.255.255")).unwrap_or_else(|| peer.to_string())
}

fn account(name: &str, rest: &[&str], line: u32) -> Account {
    // ASA: a user without `privilege N` has level 2.
    let mut privilege = Privilege::Operator;
    let mut storage = PasswordStorage::Unknown;
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            "privilege" => {
                privilege = privilege_level(rest.get(i + 1).copied());
                i += 1;
            }
            "nopassword" => storage = PasswordStorage::None,
            // The value was masked; the storage keyword follows it.
            "pbkdf2" => storage = PasswordStorage::Strong,
            "encrypted" | "nt-encrypted" => storage = PasswordStorage::Weak,
            _ => {}
        }
        i += 1;
    }
    Account::configured(name, privilege, storage, vec![Evidence::line(CONFIG, line)])
}

fn interface(name: &str, b: &Block) -> Interface {
    let mut nameif: Option<&str> = None;
    let mut level: Option<u32> = None;
    let mut addresses = Vec::new();
    let mut description = None;
    let mut wan_client = false;
    let mut management_only = false;
    for (_, c) in &b.children {
        let mut buf = [""; MAX_WORDS];
        match split_words(c, &mut buf) {
            ["nameif", n] => nameif = Some(n),
            ["security-level", n] => level = n.parse().ok(),
            ["ip", "address", "dhcp" | "pppoe", ..] => wan_client = true,
            ["ip", "address", a, m, ..] => addresses.extend(netmask::host_cidr(a, m)),
            ["management-only"] => management_only = true,
            ["description", ..] => description = Some(c["description".len()..].trim().to_string()),
            _ => {}
        }
    }
    let lower = nameif.map(str::to_ascii_lowercase).unwrap_or_default();
    // `outside` and security level 0 (the level the ASA gives any nameif but
    // `inside`) face the untrusted side; so does an address learned by DHCP/PPPoE.
    let role = if wan_client || lower == "outside" || (nameif.is_some() && level == Some(0)) {
        InterfaceRole::Wan
    } else if management_only || lower.starts_with("manage") || lower.starts_with("mgmt") {
        InterfaceRole::Management
    } else if lower.starts_with("dmz") {
        InterfaceRole::Dmz
    } else if lower == "inside" || level == Some(100) {
        InterfaceRole::Lan
    } else {
        InterfaceRole::Unknown
    };
    // Every ASA command refers to the interface by its nameif.
    let description = match (nameif, description) {
        (Some(_), Some(d)) => Some(format!("{name}: {d}")),
        (Some(_), None) => Some(name.to_string()),
        (None, d) => d,
    };
    Interface { name: nameif.unwrap_or(name).to_string(), role, addresses, description, evidence: vec![b.evidence()] }
}

/// `route IF 0.0.0.0 0.0.0.0 NEXT-HOP`: the interface holding the default route faces
/// the internet.
fn default_route_wan(blocks: &[Block], facts: &mut Facts) {
    for b in blocks {
        let mut buf = [""; MAX_WORDS];
        if let ["route", nameif, "0.0.0.0", "0.0.0.0" | "0", ..] = split_words(b.text, &mut buf)
            && let Some(iface) = facts.interfaces.iter_mut().find(|i| i.name == *nameif)
        {
            iface.role = InterfaceRole::Wan;
            iface.evidence.push(Evidence::line(CONFIG, b.line));
        }
    }
}

fn management(asa: &Asa, facts: &mut Facts) {
    let ssh_detail =
        (!asa.ssh_settings.is_empty()).then(|| asa.ssh_settings.iter().map(|(_, t)| *t).collect::<Vec<_>>().join("; "));
    for (name, list, on, label) in [
        (ServiceName::Ssh, &asa.ssh, true, "ssh"),
        (ServiceName::Telnet, &asa.telnet, true, "telnet"),
        (ServiceName::Https, &asa.http, asa.http_server.is_some(), "http"),
    ] {
        let mut evidence: Vec<Evidence> = list.iter().map(|h| Evidence::line(CONFIG, h.line)).collect();
        if name == ServiceName::Https
            && let Some(l) = asa.http_server
        {
            evidence.insert(0, Evidence::line(CONFIG, l));
        }
        if name == ServiceName::Ssh {
            evidence.extend(asa.ssh_settings.iter().map(|(l, _)| Evidence::line(CONFIG, *l)));
        }
        let enabled = on && !list.is_empty();
        // Off is concluded from absent lines: not in a truncated configuration.
        if enabled || !asa.truncated {
            let detail = match name {
                ServiceName::Https => Some("ASDM: http server enable and http ADDR MASK IF".to_string()),
                ServiceName::Ssh => ssh_detail.clone(),
                _ => None,
            };
            facts.services.push(Service { name, enabled, detail, evidence });
        } else {
            facts.mark_unknown(format!("services.{}", name.as_str()));
        }
        if !on {
            continue;
        }
        // One path per nameif, with every source listed for it.
        let mut by_if: BTreeMap<&str, (Vec<String>, Vec<Evidence>)> = BTreeMap::new();
        for h in list {
            let e = by_if.entry(h.nameif).or_default();
            if !e.0.contains(&h.source) {
                e.0.push(h.source.clone());
            }
            e.1.push(Evidence::line(CONFIG, h.line));
        }
        for (nameif, (sources, mut evidence)) in by_if {
            if let Some(l) = asa.http_server.filter(|_| name == ServiceName::Https) {
                evidence.insert(0, Evidence::line(CONFIG, l));
            }
            let restricted_by = (!sources.iter().any(|s| s == ANY_SOURCE)).then(|| format!("{label} <address> <mask> {nameif}"));
            facts.management_access.push(ManagementAccess {
                service: name,
                interface: Some(nameif.to_string()),
                sources,
                restricted_by,
                evidence,
            });
        }
    }
    // ASDM is HTTPS only: the ASA has no clear-text HTTP management to turn on.
    facts.services.push(Service {
        name: ServiceName::Http,
        enabled: false,
        detail: Some("ASA management web (ASDM) is HTTPS only".into()),
        evidence: Vec::new(),
    });
}

/// `default_communities`: lines whose masked community is a well-known default.
fn snmp_facts(asa: &Asa, mut snmp: Snmp, global: &[(u32, bool)], default_communities: &[u32], facts: &mut Facts) {
    // Managers polling with a community: per-host ones use their own, the others the
    // global `snmp-server community`.
    let polled: Vec<&SnmpHost> = asa.snmp_hosts.iter().filter(|h| h.poll && !h.v3).collect();
    for h in polled.iter().filter(|h| h.own_community) {
        snmp.communities.push(SnmpCommunity {
            access: SnmpAccess::Ro,
            sources: vec![h.source.clone()],
            default_name: default_communities.contains(&h.line),
            evidence: vec![Evidence::line(CONFIG, h.line)],
        });
    }
    let users: Vec<&&SnmpHost> = polled.iter().filter(|h| !h.own_community).collect();
    let mut sources: Vec<String> = Vec::new();
    for h in &users {
        if !sources.contains(&h.source) {
            sources.push(h.source.clone());
        }
    }
    for (line, default_name) in global {
        let sources = sources.clone();
        let mut evidence = vec![Evidence::line(CONFIG, *line)];
        evidence.extend(users.iter().map(|h| Evidence::line(CONFIG, h.line)));
        snmp.communities.push(SnmpCommunity { access: SnmpAccess::Ro, sources, default_name: *default_name, evidence });
    }
    let configured: Vec<Evidence> = snmp
        .communities
        .iter()
        .map(|c| c.evidence[0].clone())
        .chain(snmp.v3_users.iter().map(|u| u.evidence[0].clone()))
        // An SNMPv3 manager polls even where the user's line is not shown.
        .chain(asa.snmp_hosts.iter().filter(|h| h.poll && h.v3).map(|h| Evidence::line(CONFIG, h.line)))
        .collect();
    let seen = !configured.is_empty() || !asa.snmp_hosts.is_empty();
    let serving = asa.snmp_off.is_none() && !configured.is_empty();
    match asa.snmp_off {
        Some(line) => facts.services.push(Service {
            name: ServiceName::Snmp,
            enabled: false,
            detail: Some("no snmp-server enable".into()),
            evidence: vec![Evidence::line(CONFIG, line)],
        }),
        None if !configured.is_empty() || !asa.truncated => facts.services.push(Service {
            name: ServiceName::Snmp,
            enabled: !configured.is_empty(),
            detail: (!snmp.communities.is_empty()).then(|| "v1/v2c communities configured".to_string()),
            evidence: configured,
        }),
        None => facts.mark_unknown("services.snmp"),
    }
    if serving {
        // Each polling manager is a management path on its interface.
        for h in asa.snmp_hosts.iter().filter(|h| h.poll) {
            facts.management_access.push(ManagementAccess {
                service: ServiceName::Snmp,
                interface: Some(h.nameif.to_string()),
                sources: vec![h.source.clone()],
                restricted_by: Some("snmp-server host".into()),
                evidence: vec![Evidence::line(CONFIG, h.line)],
            });
        }
    }
    // A cut configuration with no SNMP line seen says nothing about SNMP.
    if !asa.truncated || seen {
        facts.snmp = Some(snmp);
    }
}

fn logging(asa: &Asa, facts: &mut Facts, notes: &mut Vec<String>) {
    if asa.truncated {
        return;
    }
    let mut log = Logging { ntp_servers: asa.ntp_servers.iter().map(|s| s.to_string()).collect(), ..Logging::default() };
    if asa.logging_enable.is_some() {
        log.remote_hosts = asa.logging_hosts.iter().map(|(h, _)| h.to_string()).collect();
        if !asa.logging_hosts.is_empty() && !asa.logging_trap {
            notes.push(format!("{CONFIG}: \"logging host\" without \"logging trap\": the syslog host may receive no messages"));
        }
    } else if let Some((_, line)) = asa.logging_hosts.first() {
        notes.push(format!("{CONFIG}:{line}: \"logging host\" without \"logging enable\": no syslog is sent"));
    }
    log.evidence = asa.logging_lines.iter().map(|l| Evidence::line(CONFIG, *l)).collect();
    match logins(asa) {
        Ok(audit) => log.logins = Some(audit),
        Err(note) => logins_unknown(facts, notes, note),
    }
    facts.logging = Some(log);
}

/// Whether every remote-access tunnel-group asks people for a second factor.
///
/// A group without `authentication-server-group` checks the local `username` password
/// alone (so do the built-in DefaultRAGroup and DefaultWEBVPNGroup when no group is
/// configured): `Some(false)`. A AAA server group, SAML or a secondary server group
/// may ask for a one-time code the configuration does not show: `None`. A client
/// certificate and a password: `Some(true)`.
fn remote_access_two_factor(asa: &Asa, evidence: &mut Vec<Evidence>) -> Option<bool> {
    let people: Vec<&TunnelAuth> =
        asa.tunnel_auth.iter().filter(|(name, _)| !asa.l2l_groups.iter().any(|(g, _)| g == *name)).map(|(_, a)| a).collect();
    if people.is_empty() {
        return Some(false);
    }
    evidence.extend(people.iter().flat_map(|a| a.lines.iter().map(|l| Evidence::line(CONFIG, *l))));
    every_way_two_factor(people.iter().map(|auth| {
        if auth.certificate_and_aaa.is_some() {
            Some(true)
        } else if auth.server.is_some() || auth.secondary.is_some() {
            None
        } else {
            Some(false)
        }
    }))
}

/// ASA severity names and numbers: 6 is `informational`, 7 `debugging`.
fn severity(level: &str) -> Option<u8> {
    const NAMES: [&str; 8] =
        ["emergencies", "alerts", "critical", "errors", "warnings", "notifications", "informational", "debugging"];
    match level.parse::<u8>() {
        Ok(n) if n <= 7 => Some(n),
        Ok(_) => None,
        Err(_) => NAMES.iter().position(|n| *n == level).and_then(|i| u8::try_from(i).ok()),
    }
}

/// Whether login messages (level 6) reach the trap or the buffer; `Err` with a note when
/// a destination logs an event list, whose contents are not read.
fn logins(asa: &Asa) -> Result<Audit, String> {
    let ev = |l: u32| Evidence::line(CONFIG, l);
    let Some(enable) = asa.logging_enable else {
        return Ok(Audit {
            logons: false,
            detail: Some("no \"logging enable\": the ASA logs nothing, logins included".into()),
            evidence: asa.logging_levels.iter().map(|(_, _, l)| ev(*l)).collect(),
        });
    };
    if !asa.login_messages_off.is_empty() {
        let ids: Vec<&str> = asa.login_messages_off.iter().map(|(id, _)| *id).collect();
        return Ok(Audit {
            logons: false,
            detail: Some(format!("no logging message {}: login messages are not logged", ids.join(", "))),
            evidence: asa.login_messages_off.iter().map(|(_, l)| ev(*l)).collect(),
        });
    }
    // The trap level only reaches a syslog host; without one it records nothing.
    let covering: Vec<_> = asa
        .logging_levels
        .iter()
        .filter(|(dest, level, _)| severity(level).is_some_and(|n| n >= 6) && (*dest != "trap" || !asa.logging_hosts.is_empty()))
        .collect();
    if !covering.is_empty() {
        let set: Vec<String> = covering.iter().map(|(dest, level, _)| format!("logging {dest} {level}")).collect();
        return Ok(Audit {
            logons: true,
            detail: Some(format!("logging enable, {}: login messages (level 6) are logged", set.join(", "))),
            evidence: std::iter::once(ev(enable)).chain(covering.iter().map(|(_, _, l)| ev(*l))).collect(),
        });
    }
    if let Some((dest, level, line)) = asa.logging_levels.iter().find(|(_, level, _)| severity(level).is_none()) {
        return Err(format!(
            "{CONFIG}:{line}: \"logging {dest} {level}\" names an event list, which is not read: whether logins are recorded is unknown"
        ));
    }
    Ok(Audit {
        logons: false,
        detail: Some(
            "no \"logging trap\" or \"logging buffered\" at informational (6) or debugging (7): login messages (level 6) are not logged"
                .into(),
        ),
        evidence: std::iter::once(ev(enable)).chain(asa.logging_levels.iter().map(|(_, _, l)| ev(*l))).collect(),
    })
}

fn remote_access(asa: &Asa, facts: &mut Facts) {
    let mut ra_evidence: Vec<Evidence> = asa.ra_groups.iter().map(|l| Evidence::line(CONFIG, *l)).collect();
    let ra_two_factor = remote_access_two_factor(asa, &mut ra_evidence);
    // WebVPN (clientless portal and AnyConnect SSL): listens on each `enable IF`.
    if let Some(web) = &asa.webvpn {
        let mut evidence = vec![web.evidence.clone()];
        evidence.extend(ra_evidence.iter().cloned());
        if web.enabled_on.is_empty() {
            facts.remote_access.push(RemoteAccess {
                kind: RemoteAccessKind::SslVpn,
                name: Some("webvpn".into()),
                enabled: false,
                peer_sources: vec![ANY_SOURCE.into()],
                interface: None,
                two_factor: ra_two_factor,
                evidence: evidence.clone(),
            });
        }
        for nameif in &web.enabled_on {
            facts.remote_access.push(RemoteAccess {
                kind: RemoteAccessKind::SslVpn,
                name: Some("webvpn".into()),
                enabled: true,
                peer_sources: vec![ANY_SOURCE.into()],
                interface: Some(nameif.to_string()),
                two_factor: ra_two_factor,
                evidence: evidence.clone(),
            });
        }
    }
    // Crypto maps: one channel per map entry and interface it is bound to.
    let mut l2l_used: Vec<&str> = Vec::new();
    for ((map, seq), entry) in &asa.maps {
        let peers = if entry.dynamic || entry.peers.is_empty() { vec![ANY_SOURCE.to_string()] } else { entry.peers.clone() };
        let mut evidence: Vec<Evidence> = entry.lines.iter().map(|l| Evidence::line(CONFIG, *l)).collect();
        for (group, line) in &asa.l2l_groups {
            if entry.peers.contains(&peer_source(group)) {
                l2l_used.push(group);
                evidence.push(Evidence::line(CONFIG, *line));
            }
        }
        if entry.dynamic {
            evidence.extend(ra_evidence.iter().cloned());
        }
        // Dynamic entries answer remote-access clients; static ones join two sites.
        let two_factor = if entry.dynamic { ra_two_factor } else { None };
        let bound: Vec<&(&str, &str, u32)> = asa.map_interfaces.iter().filter(|(m, _, _)| m == map).collect();
        let name = Some(format!("crypto map {map} {seq}"));
        if bound.is_empty() {
            facts.remote_access.push(RemoteAccess {
                kind: RemoteAccessKind::Ipsec,
                name,
                enabled: false,
                peer_sources: peers,
                interface: None,
                two_factor,
                evidence,
            });
            continue;
        }
        for (_, nameif, line) in bound {
            let mut ev = evidence.clone();
            ev.push(Evidence::line(CONFIG, *line));
            let ike = asa.ike_enabled.get(nameif);
            ev.extend(ike.into_iter().flatten().map(|l| Evidence::line(CONFIG, *l)));
            facts.remote_access.push(RemoteAccess {
                kind: RemoteAccessKind::Ipsec,
                name: name.clone(),
                enabled: ike.is_some(),
                peer_sources: peers.clone(),
                interface: Some(nameif.to_string()),
                two_factor,
                evidence: ev,
            });
        }
    }
    // Site-to-site groups no crypto map uses: live only behind a VTI to that peer.
    for (group, line) in &asa.l2l_groups {
        if l2l_used.contains(group) {
            continue;
        }
        let Some(peer) = address_mask(group, Some("255.255.255.255")) else { continue };
        let mut evidence = vec![Evidence::line(CONFIG, *line)];
        let vti: Vec<u32> = asa.tunnel_destinations.iter().filter(|(d, _)| d == group).map(|(_, l)| *l).collect();
        evidence.extend(vti.iter().map(|l| Evidence::line(CONFIG, *l)));
        facts.remote_access.push(RemoteAccess {
            kind: RemoteAccessKind::Ipsec,
            name: Some(format!("tunnel-group {group}")),
            enabled: !vti.is_empty() && !asa.ike_enabled.is_empty(),
            peer_sources: vec![peer],
            interface: None,
            two_factor: None,
            evidence,
        });
    }
}
