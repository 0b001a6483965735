//! NEC UNIVERGE IX routers: `show version` and `show running-config`.
//!
//! The running configuration (shown in configuration mode, hence the collector's
//! `configure`) is a flat list of global commands followed by `interface` blocks whose
//! lines the router indents by two spaces; each block ends with a `!` line. Context is
//! taken from the `interface` line and a lone `!`, and an unindented interface-only
//! command (hand-edited backups) still counts as part of the open block.
//!
//! The router prints `!` after the last interface block and has no `end` line. The
//! output is taken as complete when it ends with that `!`, or (saved without it) with
//! a whole line inside an interface block once `Loopback`/`Null` blocks have been seen
//! (they follow the physical interfaces); otherwise it was cut off. A cut configuration
//! keeps what its lines say (its partial last line is ignored) and reports unknown
//! whatever would be concluded from an absent line.
//!
//! Vendor behaviour relied on:
//! - Servers run only when enabled: `telnet-server ip enable`, `ssh-server ip enable`,
//!   `http-server ip enable`, `snmp-agent ip enable`, `syslog ip enable`; a complete
//!   configuration without the line means the server is off.
//! - `xxx-server ip access-list NAME` and `snmp-agent ip community NAME ACL` admit only
//!   the `permit` sources of the access list (deny entries are ignored: the permitted
//!   sources listed are a superset, the safe side for "who may connect"). A list that
//!   is referenced but not defined is reported as the unresolved source `acl:NAME`.
//! - An interface with `ip napt enable` refuses connections to the router's own
//!   telnet/ssh/http/SNMP unless `ip napt service` (or `ip napt static ... tcp PORT`)
//!   opens them. When every WAN interface is behind NAPT, the router's own services are
//!   reported on its other interfaces only; otherwise as listening everywhere. A
//!   management port opened or forwarded through NAPT is reported on that interface,
//!   with a note saying whether it reaches the router or an inside host.
//! - `ike policy P peer ADDR|any` answers that peer; an `ipsec dynamic-map` answers any
//!   peer; a tunnel in `tunnel mode l2tp-lns` makes the policy an L2TP/IPsec server.
//!   `nm ip enable` connects the router to NetMeister cloud management, whose users
//!   the configuration does not show (reported as the unresolved peer
//!   `cloud:netmeister`).
//! - `username ... password hash` and `http-server username ... secret-password` are
//!   stored hashed (counted strong: the algorithm is not documented, but it is not
//!   clear text); `password plain` is clear text. The trailing `administrator` or
//!   `operator` gives the privilege; a user without either is reported with an unknown
//!   privilege rather than guessed.
//!
//! Deliberately not relied on: the inbound `ip filter` of a WAN interface is not
//! evaluated rule by rule (a management service opened through it is reported with the
//! unresolved source `ip-filter:NAME`), and HTTPS and SNMPv3 are not read. Whether
//! logins are recorded in the router's log is reported unknown: which login events its
//! default logging keeps is not documented clearly enough to conclude from the
//! configuration.

use std::collections::BTreeMap;
use std::net::IpAddr;

use ipnet::IpNet;
use kenshin_facts::version::Family;
use kenshin_facts::{
    ANY_SOURCE, Account, Evidence, Facts, Interface, InterfaceRole, Logging, ManagementAccess, PasswordStorage, Privilege,
    RemoteAccess, RemoteAccessKind, Service, ServiceName, Snmp, SnmpAccess, SnmpCommunity,
};

use super::{CONFIG_FACTS, FirmwareLine, LOGINS, config_unknown, key_only_two_factor, logins_unknown, set_firmware};
use super::{Command, cmd, numbered, split_words};
use crate::snapshot::Snapshot;

const VERSION: &str = "show_version.txt";
const CONFIG: &str = "show_running-config.txt";

pub(super) const COMMANDS: &[Command] = &[cmd("show version", VERSION), cmd("show running-config", CONFIG)];

/// Words kept per line; the IX commands read here are far shorter.
const MAX_WORDS: usize = 32;

/// The NetMeister cloud: who manages the router through it is decided by the cloud
/// account, not by an address the configuration shows (an unresolved source on purpose).
const NETMEISTER: &str = "cloud:netmeister";

/// Whether the snapshot's artifacts are those of an IX router (`platform = "auto"`).
pub(super) fn recognises(snapshot: &Snapshot) -> bool {
    snapshot.artifact(VERSION).is_some_and(|t| version_in(t).is_some())
        || snapshot.artifact(CONFIG).is_some_and(|t| header_version(t).is_some())
}

pub(super) fn parse(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) {
    let config = snapshot.artifact(CONFIG);
    let from_version = match snapshot.artifact(VERSION) {
        Some(text) => {
            let found = version_in(text);
            if found.is_none() {
                notes.push(format!("{VERSION}: no \"IX Series <model> ... Version\" line"));
            }
            found.map(|f| (VERSION, f))
        }
        None => {
            notes.push(format!("artifact {VERSION} missing"));
            None
        }
    };
    let found = from_version.or_else(|| {
        let header = config.and_then(header_version).map(|f| (CONFIG, f));
        if header.is_some() {
            notes.push(format!("firmware taken from the \"! IX Series\" header of {CONFIG}"));
        }
        header
    });
    match found {
        Some((artifact, (line, model, raw))) => {
            let at = FirmwareLine { artifact, line, raw, version: raw };
            set_firmware(facts, notes, "nec", Family::NecIx, Some(model.to_string()), at);
        }
        None => {
            notes.push("firmware version not found: firmware unknown".to_string());
            facts.mark_unknown("firmware");
        }
    }
    match config {
        Some(text) => Config::read(text, notes).emit(&snapshot.default_community_lines(CONFIG), facts, notes),
        None => config_unknown(facts, notes, format!("artifact {CONFIG} missing: configuration facts unknown")),
    }
}

/// `IX Series IX2215 (magellan-sec) Software, Version 10.7.18, RELEASE SOFTWARE` →
/// the model and the version as printed.
fn version_line(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim().strip_prefix("IX Series ")?;
    let model = rest.split_whitespace().next()?;
    let model_ok = model.len() > 2 && model.starts_with("IX") && model.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let at = rest.find(", Version ")? + ", Version ".len();
    let tail = &rest[at..];
    let raw = &tail[..tail.find([',', ' ']).unwrap_or(tail.len())];
    (model_ok && raw.starts_with(|c: char| c.is_ascii_digit())).then_some((model, raw))
}

/// The version line of `show version`.
fn version_in(text: &str) -> Option<(u32, &str, &str)> {
    numbered(text).find_map(|(no, l)| version_line(l).map(|(m, r)| (no, m, r)))
}

/// The `! IX Series ...` comment the running configuration starts with.
fn header_version(text: &str) -> Option<(u32, &str, &str)> {
    numbered(text)
        .take_while(|(_, l)| l.starts_with('!') || l.trim().is_empty())
        .find_map(|(no, l)| version_line(l.trim_start_matches('!')).map(|(m, r)| (no, m, r)))
}

/// The text after the first `skip` words of `line`, unquoted.
fn rest_of(line: &str, skip: usize) -> Option<String> {
    let mut rest = line.trim_start();
    for _ in 0..skip {
        let end = rest.find(char::is_whitespace)?;
        rest = rest[end..].trim_start();
    }
    let text = rest.trim().trim_matches('"').trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// `192.168.10.0/24`, `192.168.10.0/255.255.255.0`, `192.168.10.5` → the network it
/// names, or `any`.
fn source_cidr(w: &str) -> Option<String> {
    if w == "any" {
        return Some(ANY_SOURCE.into());
    }
    let net: IpNet = match w.split_once('/') {
        Some((a, m)) if m.contains('.') => super::netmask::from_netmask(a, m)?.parse().ok()?,
        Some(_) => w.parse().ok()?,
        None => IpNet::from(w.parse::<IpAddr>().ok()?),
    };
    Some(if net.prefix_len() == 0 { ANY_SOURCE.into() } else { net.trunc().to_string() })
}

/// A peer as a source: `any`, an address as a /32, or a name (unresolved).
fn peer_source(w: &str) -> String {
    match w.parse::<IpAddr>() {
        Ok(a) => IpNet::from(a).to_string(),
        Err(_) if w == "any" || w == "0.0.0.0" => ANY_SOURCE.into(),
        Err(_) if w.starts_with("host:") => w.to_string(),
        Err(_) => format!("host:{w}"),
    }
}

/// Management services `ip napt service` and the IX servers deal with.
fn service_by_name(w: &str) -> Option<ServiceName> {
    match w {
        "telnet" => Some(ServiceName::Telnet),
        "ssh" => Some(ServiceName::Ssh),
        "http" | "www" => Some(ServiceName::Http),
        "https" => Some(ServiceName::Https),
        _ => None,
    }
}

fn service_by_port(w: &str) -> Option<ServiceName> {
    match w {
        "23" => Some(ServiceName::Telnet),
        "22" => Some(ServiceName::Ssh),
        "80" => Some(ServiceName::Http),
        "443" => Some(ServiceName::Https),
        _ => None,
    }
}

/// Commands that exist only inside an `interface` block.
fn is_interface_command(w: &[&str]) -> bool {
    matches!(
        w,
        ["ip" | "ipv6", "address" | "napt" | "filter" | "unnumbered" | "mtu" | "tcp", ..]
            | ["shutdown"]
            | ["no", "shutdown"]
            | ["description", ..]
            | ["encapsulation", ..]
            | ["ppp", "binding", ..]
            | ["auto-connect", ..]
            | ["tunnel", "mode" | "destination" | "source", ..]
            | ["ipsec", "policy", ..]
            | ["ikev2", "peer" | "connect-type" | "ipsec-policy" | "authentication", ..]
    )
}

/// A setting and the line it came from.
type At<T> = Option<(T, u32)>;

/// A `xxx-server ip ...` server.
#[derive(Default)]
struct Server {
    enabled: At<bool>,
    acl: At<String>,
}

struct AclEntry {
    permit: bool,
    source: String,
    line: u32,
}

struct NaptService {
    service: ServiceName,
    target: String,
    line: u32,
}

#[derive(Default)]
struct Iface {
    name: String,
    first: u32,
    last: u32,
    /// Interface addresses with their prefix (`192.168.10.1/24`).
    addresses: Vec<IpNet>,
    description: Option<String>,
    wan_signals: Vec<u32>,
    napt: Option<u32>,
    napt_services: Vec<NaptService>,
    /// `ip filter NAME SEQ in`.
    filters_in: Vec<(String, u32)>,
    /// `ipsec policy tunnel|transport MAP ...`.
    ipsec_maps: Vec<(String, u32)>,
    /// `ikev2 peer ADDR|any ...`.
    ikev2_peers: Vec<(String, u32)>,
    /// `tunnel mode l2tp-lns ipsec`: an L2TP server for remote clients.
    l2tp: bool,
    shutdown: bool,
}

impl Iface {
    fn is_virtual(&self) -> bool {
        ["Tunnel", "Loopback", "Null"].iter().any(|p| self.name.starts_with(p))
    }
    fn evidence(&self) -> Evidence {
        Evidence::lines(CONFIG, self.first, self.last)
    }
}

/// `ike policy NAME peer ADDR|any key ...` or `ipsec autokey-map NAME ACL peer ADDR ...`.
struct Peered {
    name: String,
    peer: String,
    line: u32,
}

#[derive(Default)]
struct Config {
    truncated: bool,
    hostname: Option<String>,
    users: Vec<(String, PasswordStorage, Privilege, u32)>,
    acls: BTreeMap<String, Vec<AclEntry>>,
    telnet: Server,
    ssh: Server,
    http: Server,
    nm: At<bool>,
    /// `nm account ...`: evidence for NetMeister.
    nm_lines: Vec<u32>,
    /// `aaa authentication ppp ... radius`: L2TP users are checked by a RADIUS server.
    ppp_radius: bool,
    snmp_enable: At<bool>,
    /// `snmp-agent ip community NAME [ACL]`: access, access list, line.
    communities: Vec<(SnmpAccess, Option<String>, u32)>,
    syslog_enable: At<bool>,
    syslog_hosts: Vec<(String, u32)>,
    ntp_servers: Vec<(String, u32)>,
    ike: Vec<Peered>,
    /// `ike remote-id|local-id POLICY ...`: evidence for the policy.
    ike_ids: Vec<(String, u32)>,
    maps: Vec<Peered>,
    default_routes: Vec<(String, u32)>,
    ifaces: Vec<Iface>,
}

impl Config {
    fn read(text: &str, notes: &mut Vec<String>) -> Config {
        let last = numbered(text).filter(|(_, l)| !l.trim().is_empty()).last();
        // Complete: ends with the `!` after the last block, or (as saved by hand without
        // it) with a whole line inside an interface block after `Loopback`/`Null`.
        let closed = last.is_some_and(|(_, l)| matches!(l.trim(), "!" | "end"));
        let after_fixed = text.ends_with('\n')
            && last.is_some_and(|(_, l)| l.starts_with([' ', '\t']))
            && numbered(text).any(|(_, l)| l.starts_with("interface Loopback") || l.starts_with("interface Null"));
        let cut_tail = !(closed || after_fixed);
        let mut c = Config { truncated: cut_tail, ..Config::default() };
        let mut current: Option<usize> = None;
        for (no, line) in numbered(text) {
            // A cut output's last line may itself be partial: it is not read.
            if cut_tail && last.is_some_and(|(n, _)| n == no) {
                break;
            }
            let l = line.trim();
            if l.is_empty() {
                continue;
            }
            if l.starts_with('!') {
                // A lone `!` closes the block; `!  ip unnumbered` is a comment inside it.
                if l == "!" {
                    current = None;
                }
                continue;
            }
            let mut buf = [""; MAX_WORDS];
            let w = split_words(l, &mut buf);
            let indented = line.starts_with([' ', '\t']);
            if let Some(i) = current {
                if indented || is_interface_command(w) {
                    c.iface_line(i, no, l, w);
                    continue;
                }
                current = None;
            }
            if indented {
                // Inside a block this parser does not read (`ppp profile`, `watch-group`).
                continue;
            }
            if let ["interface", name, ..] = w {
                c.ifaces.push(Iface { name: name.to_string(), first: no, last: no, ..Iface::default() });
                current = Some(c.ifaces.len() - 1);
                continue;
            }
            c.global_line(no, w);
        }
        if c.ifaces.is_empty() && !c.truncated {
            c.truncated = true;
        }
        if c.truncated {
            notes.push(format!(
                "{CONFIG}: the output looks cut off (no final \"!\" after the interface blocks; last line ignored): facts concluded from absent lines are unknown"
            ));
        }
        c
    }

    fn server(&mut self, name: &str) -> Option<&mut Server> {
        match name {
            "telnet-server" => Some(&mut self.telnet),
            "ssh-server" => Some(&mut self.ssh),
            "http-server" => Some(&mut self.http),
            _ => None,
        }
    }

    fn global_line(&mut self, no: u32, w: &[&str]) {
        match w {
            ["hostname", h, ..] => self.hostname = Some(h.trim_matches('"').to_string()),
            ["username", name, "password", kind, rest @ ..] => {
                let storage = match *kind {
                    "plain" => PasswordStorage::Plain,
                    "hash" => PasswordStorage::Strong,
                    _ => PasswordStorage::Unknown,
                };
                // The role follows the password: `plain [N] PASS ROLE`, `hash HASH ROLE`.
                let privilege = match rest {
                    [_, .., "administrator"] => Privilege::Admin,
                    [_, .., "operator"] => Privilege::Operator,
                    _ => Privilege::Unknown,
                };
                self.users.push((name.to_string(), storage, privilege, no));
            }
            ["ip", "access-list", name, action @ ("permit" | "deny"), rest @ ..] => {
                // `permit PROTO src SRC [sport ...] dest DST ...`; a permit whose source
                // cannot be read might admit anyone.
                let source = match rest.iter().position(|x| *x == "src").and_then(|i| rest.get(i + 1)) {
                    Some(s) => source_cidr(s).unwrap_or_else(|| format!("host:{s}")),
                    None => ANY_SOURCE.to_string(),
                };
                let permit = *action == "permit";
                self.acls.entry(name.to_string()).or_default().push(AclEntry { permit, source, line: no });
            }
            [server @ ("telnet-server" | "ssh-server" | "http-server"), "ip", "enable"] => {
                if let Some(s) = self.server(server) {
                    s.enabled = Some((true, no));
                }
            }
            ["no", server @ ("telnet-server" | "ssh-server" | "http-server"), "ip", "enable"] => {
                if let Some(s) = self.server(server) {
                    s.enabled = Some((false, no));
                }
            }
            [server @ ("telnet-server" | "ssh-server" | "http-server"), "ip", "access-list", acl] => {
                if let Some(s) = self.server(server) {
                    s.acl = Some((acl.to_string(), no));
                }
            }
            // The web GUI's own user: `http-server username U secret-password|password X`.
            ["http-server", "username", name, kind, ..] => {
                let storage = match *kind {
                    "secret-password" => PasswordStorage::Strong,
                    "password" => PasswordStorage::Plain,
                    _ => PasswordStorage::Unknown,
                };
                self.users.push((name.to_string(), storage, Privilege::Unknown, no));
            }
            ["nm", "account", ..] => self.nm_lines.push(no),
            ["aaa", "authentication", "ppp", rest @ ..] if rest.contains(&"radius") => self.ppp_radius = true,
            ["nm", "ip", "enable"] => self.nm = Some((true, no)),
            ["no", "nm", "ip", "enable"] => self.nm = Some((false, no)),
            ["snmp-agent", "ip", "enable"] => self.snmp_enable = Some((true, no)),
            ["no", "snmp-agent", "ip", "enable"] => self.snmp_enable = Some((false, no)),
            ["snmp-agent", "ip", "community", _name, rest @ ..] => {
                let access = if rest.iter().any(|x| matches!(*x, "rw" | "read-write")) { SnmpAccess::Rw } else { SnmpAccess::Ro };
                let acl = rest.iter().find(|x| !matches!(**x, "ro" | "rw" | "read-only" | "read-write")).map(|a| a.to_string());
                self.communities.push((access, acl, no));
            }
            ["syslog", "ip", "enable"] => self.syslog_enable = Some((true, no)),
            ["no", "syslog", "ip", "enable"] => self.syslog_enable = Some((false, no)),
            ["syslog", "ip", "host", h, ..] | ["logging", "host", h, ..] => self.syslog_hosts.push((h.to_string(), no)),
            ["ntp", "server", s, ..] => self.ntp_servers.push((s.to_string(), no)),
            ["ike", "policy", name, kw, peer, ..] if kw.starts_with("peer") => {
                // `peer ADDR|any`, or a peer named by FQDN (`peer-fqdn-ipv4 NAME`).
                let peer = if *kw == "peer" { peer.to_string() } else { format!("host:{peer}") };
                self.ike.push(Peered { name: name.to_string(), peer, line: no });
            }
            ["ike", "remote-id" | "local-id", name, ..] => self.ike_ids.push((name.to_string(), no)),
            // A dynamic map negotiates with whichever peer turns up.
            ["ipsec", "dynamic-map", name, ..] => {
                self.maps.push(Peered { name: name.to_string(), peer: "any".into(), line: no });
            }
            ["ipsec", "autokey-map", name, rest @ ..] => {
                if let Some(peer) = rest.iter().position(|x| *x == "peer").and_then(|i| rest.get(i + 1)) {
                    self.maps.push(Peered { name: name.to_string(), peer: peer.to_string(), line: no });
                }
            }
            ["ip", "route", "default" | "0.0.0.0/0" | "0.0.0.0/0.0.0.0", target, ..] => {
                self.default_routes.push((target.to_string(), no));
            }
            _ => {}
        }
    }

    fn iface_line(&mut self, i: usize, no: u32, l: &str, w: &[&str]) {
        let Some(iface) = self.ifaces.get_mut(i) else { return };
        iface.last = no;
        match w {
            ["ip", "address", "dhcp" | "ipcp", ..] => iface.wan_signals.push(no),
            ["ip", "address", a, ..] => {
                let net = match a.split_once('/') {
                    Some((addr, m)) if m.contains('.') => super::netmask::host_cidr(addr, m).and_then(|c| c.parse().ok()),
                    _ => a.parse::<IpNet>().ok(),
                };
                iface.addresses.extend(net);
            }
            ["encapsulation", e, ..] if e.starts_with("ppp") => iface.wan_signals.push(no),
            ["ppp", "binding", ..] => iface.wan_signals.push(no),
            ["ip", "napt", "enable", ..] => {
                iface.napt = Some(no);
                iface.wan_signals.push(no);
            }
            ["ip", "napt", "service", name, target, rest @ ..] => {
                // `ip napt service ssh ADDR [PORT [tcp PORT]]`; a named service forwarding
                // a management port counts too.
                let by_port =
                    rest.iter().position(|x| *x == "tcp").and_then(|p| rest.get(p + 1)).and_then(|p| service_by_port(p));
                if let Some(service) = service_by_name(name).or(by_port) {
                    iface.napt_services.push(NaptService { service, target: target.to_string(), line: no });
                }
            }
            // `ip napt static TARGET tcp PORT`: a port opened to the router itself (TARGET
            // an interface) or forwarded to an inside host.
            ["ip", "napt", "static", target, "tcp", port, ..] => {
                if let Some(service) = service_by_port(port) {
                    iface.napt_services.push(NaptService { service, target: target.to_string(), line: no });
                }
            }
            ["ip", "filter", name, rest @ ..] if rest.contains(&"in") => iface.filters_in.push((name.to_string(), no)),
            ["ipsec", "policy", _, map, ..] => iface.ipsec_maps.push((map.to_string(), no)),
            ["tunnel", "mode", mode, ..] => iface.l2tp = mode.starts_with("l2tp"),
            ["ikev2", "peer", peer, ..] => iface.ikev2_peers.push((peer.to_string(), no)),
            ["shutdown"] => iface.shutdown = true,
            ["no", "shutdown"] => iface.shutdown = false,
            ["description", ..] => iface.description = rest_of(l, 1),
            _ => {}
        }
    }

    /// Roles of the interfaces; the default route marks the interface it leaves by
    /// (not a tunnel: a default route into a VPN does not face the internet).
    fn roles(&mut self) -> Vec<InterfaceRole> {
        for (target, no) in std::mem::take(&mut self.default_routes) {
            let gateway = target.parse::<IpAddr>().ok();
            for iface in self.ifaces.iter_mut().filter(|i| !i.is_virtual()) {
                let via = match gateway {
                    Some(gw) => iface.addresses.iter().any(|n| n.contains(&gw)),
                    None => iface.name == target,
                };
                if via {
                    iface.wan_signals.push(no);
                }
            }
        }
        self.ifaces
            .iter()
            .map(|i| {
                let private = i.addresses.iter().all(|n| match n.addr() {
                    IpAddr::V4(a) => a.is_private(),
                    IpAddr::V6(_) => false,
                });
                if i.is_virtual() {
                    InterfaceRole::Unknown
                } else if !i.wan_signals.is_empty() {
                    InterfaceRole::Wan
                } else if !i.addresses.is_empty() && private {
                    InterfaceRole::Lan
                } else {
                    InterfaceRole::Unknown
                }
            })
            .collect()
    }

    /// Sources the access list `name` permits, its lines added to `evidence`.
    fn acl_sources(&self, name: &str, evidence: &mut Vec<Evidence>) -> Vec<String> {
        let Some(entries) = self.acls.get(name) else {
            return vec![format!("acl:{name}")];
        };
        evidence.extend(entries.iter().map(|e| Evidence::line(CONFIG, e.line)));
        let mut sources: Vec<String> = Vec::new();
        for e in entries.iter().filter(|e| e.permit) {
            if !sources.contains(&e.source) {
                sources.push(e.source.clone());
            }
        }
        if sources.iter().any(|s| s == ANY_SOURCE) {
            sources = vec![ANY_SOURCE.into()];
        }
        sources
    }

    /// Interfaces the router's own services are reachable on when every WAN interface
    /// is behind NAPT; `None` when they listen on every interface.
    fn shielded(&self, roles: &[InterfaceRole]) -> Option<Vec<String>> {
        let wans: Vec<&Iface> =
            self.ifaces.iter().zip(roles).filter(|(_, r)| **r == InterfaceRole::Wan).map(|(i, _)| i).collect();
        if wans.is_empty() || wans.iter().any(|i| i.napt.is_none()) {
            return None;
        }
        let inside: Vec<String> = self
            .ifaces
            .iter()
            .zip(roles)
            .filter(|(i, r)| {
                **r != InterfaceRole::Wan && !i.shutdown && (!i.addresses.is_empty() || i.name.starts_with("Tunnel"))
            })
            .map(|(i, _)| i.name.clone())
            .collect();
        (!inside.is_empty()).then_some(inside)
    }

    fn emit(mut self, default_communities: &[u32], facts: &mut Facts, notes: &mut Vec<String>) {
        let truncated = self.truncated;
        if truncated {
            for f in CONFIG_FACTS {
                if f != "services" {
                    facts.mark_unknown(f);
                }
            }
        }
        if let Some(h) = self.hostname.take() {
            facts.device.hostname = Some(h);
        }
        let ev = |no: u32| Evidence::line(CONFIG, no);
        let roles = self.roles();
        let shielded = self.shielded(&roles);
        if let Some(inside) = &shielded {
            notes.push(format!(
                "{CONFIG}: every WAN interface uses NAPT, which refuses connections to the router itself: its own management services are reported on {} only",
                inside.join(", ")
            ));
        }
        let exposure = |service: ServiceName, sources: &[String], restricted_by: &Option<String>, evidence: &[Evidence]| {
            let entry = |interface: Option<String>| ManagementAccess {
                service,
                interface,
                sources: sources.to_vec(),
                restricted_by: restricted_by.clone(),
                evidence: evidence.to_vec(),
            };
            match &shielded {
                Some(inside) => inside.iter().map(|n| entry(Some(n.clone()))).collect::<Vec<_>>(),
                None => vec![entry(None)],
            }
        };

        // --- telnet, ssh, http servers.
        let servers = [
            (ServiceName::Telnet, "telnet-server", &self.telnet),
            (ServiceName::Ssh, "ssh-server", &self.ssh),
            (ServiceName::Http, "http-server", &self.http),
        ];
        for (name, label, s) in servers {
            match s.enabled {
                Some((false, no)) => facts.services.push(Service {
                    name,
                    enabled: false,
                    detail: Some(format!("no {label} ip enable")),
                    evidence: vec![ev(no)],
                }),
                None if truncated => facts.mark_unknown(format!("services.{}", name.as_str())),
                None => facts.services.push(Service {
                    name,
                    enabled: false,
                    detail: Some(format!("no \"{label} ip enable\": not started")),
                    evidence: vec![],
                }),
                Some((true, no)) => {
                    facts.services.push(Service {
                        name,
                        enabled: true,
                        detail: Some(format!("{label} ip enable")),
                        evidence: vec![ev(no)],
                    });
                    let mut evidence = vec![ev(no)];
                    let (sources, restricted_by) = match &s.acl {
                        Some((acl, acl_line)) => {
                            evidence.push(ev(*acl_line));
                            (self.acl_sources(acl, &mut evidence), Some(format!("{label} ip access-list {acl}")))
                        }
                        None => {
                            if truncated {
                                // The access-list line may be in the part that was cut off.
                                facts.mark_unknown(format!("management_access.{}", name.as_str()));
                            }
                            (vec![ANY_SOURCE.to_string()], None)
                        }
                    };
                    facts.management_access.extend(exposure(name, &sources, &restricted_by, &evidence));
                }
            }
        }
        // HTTPS (`http-server` with TLS) is not read from the configuration.
        facts.mark_unknown("services.https");

        // --- management services opened from the internet by `ip napt service`.
        for (iface, role) in self.ifaces.iter().zip(&roles) {
            for n in &iface.napt_services {
                let own = match n.target.parse::<IpAddr>() {
                    Ok(t) => self.ifaces.iter().any(|i| i.addresses.iter().any(|a| a.addr() == t)),
                    Err(_) => self.ifaces.iter().any(|i| i.name == n.target),
                };
                let mut evidence = vec![ev(n.line)];
                let mut restricted_by = None;
                let server = match n.service {
                    ServiceName::Telnet => Some(&self.telnet),
                    ServiceName::Ssh => Some(&self.ssh),
                    ServiceName::Http => Some(&self.http),
                    _ => None,
                };
                let mut sources = match server.and_then(|s| s.acl.as_ref()) {
                    Some((acl, acl_line)) if own => {
                        evidence.push(ev(*acl_line));
                        restricted_by = Some(format!("{} ip access-list {acl}", n.service.as_str()));
                        self.acl_sources(acl, &mut evidence)
                    }
                    _ => vec![ANY_SOURCE.to_string()],
                };
                if sources.iter().any(|s| s == ANY_SOURCE) && !iface.filters_in.is_empty() {
                    let names: Vec<&str> = iface.filters_in.iter().map(|(f, _)| f.as_str()).collect();
                    evidence.extend(iface.filters_in.iter().map(|(_, no)| ev(*no)));
                    restricted_by = Some(format!("ip filter {} in", names.join(" ")));
                    sources = vec![format!("ip-filter:{}", names.join(","))];
                }
                let whom = if own { "this router".to_string() } else { format!("the internal host {}", n.target) };
                let side = if *role == InterfaceRole::Wan { "from the internet" } else { "from outside" };
                notes.push(format!(
                    "{CONFIG}:{}: \"ip napt\" on {} opens {} {side} to {whom}",
                    n.line,
                    iface.name,
                    n.service.as_str()
                ));
                facts.management_access.push(ManagementAccess {
                    service: n.service,
                    interface: Some(iface.name.clone()),
                    sources,
                    restricted_by,
                    evidence,
                });
            }
        }

        // --- SNMP: communities (each with its access list), answering once the agent runs.
        let mut snmp = Snmp::default();
        let mut snmp_access = Vec::new();
        for (access, acl, no) in &self.communities {
            let mut evidence = vec![ev(*no)];
            let (sources, restricted_by) = match acl {
                Some(a) => (self.acl_sources(a, &mut evidence), Some(format!("snmp-agent ip community (access list {a})"))),
                None => (vec![ANY_SOURCE.to_string()], None),
            };
            snmp_access.extend(exposure(ServiceName::Snmp, &sources, &restricted_by, &evidence));
            snmp.communities.push(SnmpCommunity {
                access: *access,
                sources,
                default_name: default_communities.contains(no),
                evidence,
            });
        }
        let community_lines = || self.communities.iter().map(|(_, _, l)| ev(*l));
        match self.snmp_enable {
            Some((on, no)) => {
                facts.services.push(Service {
                    name: ServiceName::Snmp,
                    enabled: on,
                    detail: Some(if on { "snmp-agent ip enable" } else { "no snmp-agent ip enable" }.into()),
                    evidence: std::iter::once(ev(no)).chain(community_lines()).collect(),
                });
                if on {
                    facts.management_access.extend(snmp_access);
                }
            }
            None if truncated => facts.mark_unknown("services.snmp"),
            None => facts.services.push(Service {
                name: ServiceName::Snmp,
                enabled: false,
                detail: Some("no \"snmp-agent ip enable\": the agent is not started".into()),
                evidence: community_lines().collect(),
            }),
        }
        facts.snmp = Some(snmp);

        self.accounts(facts);

        // --- logging and time.
        let mut logging = Logging::default();
        match self.syslog_enable {
            Some((true, no)) => {
                logging.evidence.push(ev(no));
                for (h, no) in &self.syslog_hosts {
                    logging.remote_hosts.push(h.clone());
                    logging.evidence.push(ev(*no));
                }
            }
            _ if !self.syslog_hosts.is_empty() => notes
                .push(format!("{CONFIG}: \"syslog ip host\" without \"syslog ip enable\": no log is sent to the syslog host")),
            _ => {}
        }
        for (s, no) in &self.ntp_servers {
            if !logging.ntp_servers.contains(s) {
                logging.ntp_servers.push(s.clone());
            }
            logging.evidence.push(ev(*no));
        }
        facts.logging = Some(logging);
        if truncated {
            facts.mark_unknown(LOGINS);
        } else {
            logins_unknown(facts, notes, format!("{CONFIG}: login logging cannot be confirmed from the configuration (NEC IX)"));
        }

        self.remote_access(facts);

        // The IX shows no password-length or lockout setting.
        facts.mark_unknown("auth_policy");

        // --- interfaces, and WAN interfaces without an inbound filter.
        for (iface, role) in self.ifaces.iter().zip(&roles) {
            if *role == InterfaceRole::Wan && iface.filters_in.is_empty() && !truncated {
                notes.push(format!("{CONFIG}:{}: WAN interface {} has no inbound \"ip filter ... in\"", iface.first, iface.name));
            }
            facts.interfaces.push(Interface {
                name: iface.name.clone(),
                role: *role,
                addresses: iface.addresses.iter().map(IpNet::to_string).collect(),
                description: iface.description.clone(),
                evidence: vec![iface.evidence()],
            });
        }
    }

    fn accounts(&self, facts: &mut Facts) {
        for (name, storage, privilege, no) in &self.users {
            facts.accounts.push(Account::configured(name, *privilege, *storage, vec![Evidence::line(CONFIG, *no)]));
        }
    }

    fn remote_access(&self, facts: &mut Facts) {
        let ev = |no: u32| Evidence::line(CONFIG, no);
        // IKEv1: one channel per `ike policy`, with the autokey maps to the same peer and
        // the tunnel interfaces that apply them.
        for p in &self.ike {
            let mut evidence = vec![ev(p.line)];
            evidence.extend(self.ike_ids.iter().filter(|(n, _)| *n == p.name).map(|(_, no)| ev(*no)));
            let mut tunnels = Vec::new();
            for m in self.maps.iter().filter(|m| m.peer == p.peer) {
                evidence.push(ev(m.line));
                for iface in &self.ifaces {
                    for (_, no) in iface.ipsec_maps.iter().filter(|(map, _)| *map == m.name) {
                        evidence.push(ev(*no));
                        tunnels.push(iface);
                    }
                }
            }
            let interface = tunnels.first().map(|t| t.name.clone());
            // A policy applied only by shut-down tunnels does not negotiate; a policy
            // that no tunnel applies still answers a peer that starts negotiating.
            let enabled = tunnels.is_empty() || tunnels.iter().any(|t| !t.shutdown);
            // L2TP/IPsec: the policy protects an L2TP server's remote clients.
            let kind = if tunnels.iter().any(|t| t.l2tp) { RemoteAccessKind::L2tp } else { RemoteAccessKind::Ipsec };
            // L2TP users give a local password (the IX has no one-time codes of its
            // own) unless RADIUS checks them; IPsec alone opens to the pre-shared key.
            let peer = peer_source(&p.peer);
            let two_factor = match kind {
                RemoteAccessKind::L2tp if self.ppp_radius => None,
                RemoteAccessKind::L2tp => Some(false),
                _ => key_only_two_factor(&peer),
            };
            facts.remote_access.push(RemoteAccess {
                kind,
                name: Some(format!("ike policy {}", p.name)),
                enabled,
                peer_sources: vec![peer],
                interface,
                two_factor,
                evidence,
            });
        }
        // IKEv2: the peer is set on the tunnel interface.
        for iface in &self.ifaces {
            for (peer, no) in &iface.ikev2_peers {
                facts.remote_access.push(RemoteAccess {
                    kind: RemoteAccessKind::Ipsec,
                    name: Some(format!("ikev2 {}", iface.name)),
                    enabled: !iface.shutdown,
                    peer_sources: vec![peer_source(peer)],
                    interface: Some(iface.name.clone()),
                    two_factor: key_only_two_factor(&peer_source(peer)),
                    evidence: vec![ev(*no), iface.evidence()],
                });
            }
        }
        if let Some((true, no)) = self.nm {
            facts.remote_access.push(RemoteAccess {
                kind: RemoteAccessKind::CloudManagement,
                name: Some("NetMeister".into()),
                enabled: true,
                peer_sources: vec![NETMEISTER.into()],
                interface: None,
                two_factor: None,
                evidence: std::iter::once(ev(no)).chain(self.nm_lines.iter().map(|l| ev(*l))).collect(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_lines() {
        assert_eq!(
            version_line("IX Series IX2215 (magellan-sec) Software, Version 10.7.18, RELEASE SOFTWARE"),
            Some(("IX2215", "10.7.18"))
        );
        assert_eq!(
            version_line(" IX Series IX2105 (magellan-sec) Software, Version 9.6.22, RELEASE SOFTWARE"),
            Some(("IX2105", "9.6.22"))
        );
        assert_eq!(version_line("IX Series Foo Software, Version 1.2.3"), None);
        assert_eq!(version_line("IX Series IX2215 Software, Version ,"), None);
        assert_eq!(version_line("Cisco IOS Software, Version 15.2(4)M7,"), None);
    }

    #[test]
    fn sources() {
        assert_eq!(source_cidr("192.168.10.0/24").as_deref(), Some("192.168.10.0/24"));
        assert_eq!(source_cidr("192.168.10.7/24").as_deref(), Some("192.168.10.0/24"));
        assert_eq!(source_cidr("192.168.10.0/255.255.255.0").as_deref(), Some("192.168.10.0/24"));
        assert_eq!(source_cidr("10.1.2.3").as_deref(), Some("10.1.2.3/32"));
        assert_eq!(source_cidr("0.0.0.0/0").as_deref(), Some("any"));
        assert_eq!(source_cidr("any").as_deref(), Some("any"));
        assert_eq!(source_cidr("lan"), None);
        assert_eq!(peer_source("203.0.113.10"), "203.0.113.10/32");
        assert_eq!(peer_source("any"), "any");
        assert_eq!(peer_source("host:dc.example"), "host:dc.example");
        assert_eq!(peer_source("dc.example"), "host:dc.example");
    }
}
