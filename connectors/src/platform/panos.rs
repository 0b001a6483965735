//! Palo Alto Networks PAN-OS firewalls: `show system info` and the running
//! configuration as XML (`show config running` after `set cli config-output-format
//! xml`, or the XML API's `<response><result><config>`).
//!
//! The configuration is read as a read-only XML tree; evidence lines are the lines
//! where the elements start in the artifact. XML that is not well-formed (a cut-off
//! output, CLI noise inside it) yields no configuration facts at all: they are all
//! reported unknown, with the line of the XML error in a note, and the firmware still
//! comes from `show system info`.
//!
//! Defaults relied on: HTTPS and SSH on the management port are on unless
//! `deviceconfig system service disable-https|disable-ssh yes`; without
//! `deviceconfig system permitted-ip` the management port accepts any source; an
//! interface management profile allows only the services it sets to `yes`, from any
//! source unless it has `permitted-ip`; SNMPv2c access is read-only; SNMPv3 users are
//! always authPriv (SHA and AES unless the release offers others). Administrator logins,
//! successful and failed, are always recorded in the system log: no setting turns that
//! off, so `logging.logins` holds whenever the configuration was read.
//!
//! Not relied on: whether Telnet, HTTP and SNMP are on when their `disable-telnet`,
//! `disable-http` and `disable-snmp` elements are absent. Current releases ship with
//! Telnet and HTTP off, but that an absent element means "off" on every release is not
//! documented, so the state is reported unknown (a profile enabling the service on a
//! data interface still makes it known to be on).

use std::collections::HashMap;

use ipnet::IpNet;
use kenshin_facts::version::Family;
use kenshin_facts::{
    ANY_SOURCE, Account, Audit, AuthPolicy, Evidence, Facts, Interface, InterfaceRole, Logging, ManagementAccess,
    PasswordStorage, Privilege, RemoteAccess, RemoteAccessKind, Service, ServiceName, Snmp, SnmpAccess, SnmpCommunity,
    SnmpV3User,
};
use kenshin_secrets::SecretKind;
use roxmltree::{Document, Node};

use super::{Command, cmd, netmask, numbered};
use super::{FirmwareLine, config_unknown, every_way_two_factor, set_firmware};
use crate::snapshot::Snapshot;

const INFO: &str = "show_system_info.txt";
const CONFIG: &str = "show_config_running.txt";

pub(super) const COMMANDS: &[Command] = &[cmd("show system info", INFO), cmd("show config running", CONFIG)];

/// The name facts give the out-of-band management port (`MGT` on the front panel).
const MGMT: &str = "management";

/// Whether the snapshot's artifacts are those of a PAN-OS device (`platform = "auto"`).
pub(super) fn recognises(snapshot: &Snapshot) -> bool {
    let info = snapshot.artifact(INFO).is_some_and(|t| {
        let mut version = false;
        let mut other = false;
        for (_, l) in numbered(t) {
            version |= l.starts_with("sw-version:");
            other |= l.starts_with("model:") || l.starts_with("serial:") || l.starts_with("app-version:");
        }
        version && other
    });
    let config = snapshot.artifact(CONFIG).is_some_and(|t| {
        t.contains("<config") && (t.contains("<mgt-config>") || t.contains("<deviceconfig>") || t.contains("<devices>"))
    });
    info || config
}

pub(super) fn parse(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) {
    match snapshot.artifact(INFO) {
        Some(text) => system_info(text, facts, notes),
        None => {
            notes.push(format!("artifact {INFO} missing: firmware unknown"));
            facts.mark_unknown("firmware");
        }
    }
    let Some(text) = snapshot.artifact(CONFIG) else {
        config_unknown(facts, notes, format!("artifact {CONFIG} missing: configuration facts unknown"));
        return;
    };
    let (xml, offset) = xml_part(text);
    let doc = match Document::parse(xml) {
        Ok(doc) => doc,
        Err(e) => {
            // An output cut short fails where it ends, not where the root opened.
            let line = match e {
                roxmltree::Error::UnclosedRootNode | roxmltree::Error::UnexpectedEndOfStream => {
                    numbered(text).last().map_or(1, |(no, _)| no)
                }
                _ => e.pos().row + offset,
            };
            // The message's own `at ROW:COL` counts from the start of the XML, not the file.
            let message = e.to_string();
            let message = match message.rsplit_once(" at ") {
                Some((m, pos)) if pos.bytes().all(|b| b.is_ascii_digit() || b == b':') => m.to_string(),
                _ => message,
            };
            let note = format!(
                "{CONFIG}:{line}: not well-formed XML ({message}); the output may be cut off: configuration facts unknown"
            );
            config_unknown(facts, notes, note);
            return;
        }
    };
    let Some(config) = doc.descendants().find(|n| n.has_tag_name("config")) else {
        config_unknown(facts, notes, format!("{CONFIG}: no <config> element: configuration facts unknown"));
        return;
    };
    let secrets = hash_kinds(snapshot);
    let default_communities = snapshot.default_community_lines(CONFIG);
    let p = Panos { doc: &doc, offset, config, secrets, default_communities };
    p.emit(facts, notes);
}

fn system_info(text: &str, facts: &mut Facts, notes: &mut Vec<String>) {
    let mut version: Option<(u32, &str)> = None;
    let mut model: Option<&str> = None;
    for (no, line) in numbered(text) {
        let Some((key, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match key.trim() {
            "sw-version" if version.is_none() => version = Some((no, value)),
            "model" if model.is_none() => model = Some(value),
            "hostname" if facts.device.hostname.is_none() => facts.device.hostname = Some(value.to_string()),
            _ => {}
        }
    }
    let Some((line, raw)) = version else {
        notes.push(format!("{INFO}: no \"sw-version:\" line: firmware unknown"));
        facts.mark_unknown("firmware");
        return;
    };
    let at = FirmwareLine { artifact: INFO, line, raw, version: raw };
    set_firmware(facts, notes, "paloaltonetworks", Family::PanOs, model.map(str::to_string), at);
}

/// The XML in the artifact, without CLI text around it, and the number of lines
/// before it (to number evidence lines in the whole artifact).
fn xml_part(text: &str) -> (&str, u32) {
    let start = ["<?xml", "<response", "<config"].iter().filter_map(|m| text.find(m)).min().unwrap_or(0);
    // The end of the root element: a prompt after it (`admin@pa> `) is not XML.
    let end = ["</response>", "</config>"]
        .iter()
        .filter_map(|m| text.rfind(m).map(|e| e + m.len()))
        .max()
        .or_else(|| text.rfind('>').map(|e| e + 1))
        .unwrap_or(text.len())
        .max(start);
    let offset = text[..start].bytes().filter(|b| *b == b'\n').count();
    (&text[start..end], u32::try_from(offset).unwrap_or(u32::MAX))
}

/// Hash kinds by line (`<phash>`): how each administrator's password is stored.
fn hash_kinds(snapshot: &Snapshot) -> HashMap<u32, Vec<SecretKind>> {
    let mut out: HashMap<u32, Vec<SecretKind>> = HashMap::new();
    for (a, s) in &snapshot.secrets {
        if a == CONFIG && matches!(s.kind, SecretKind::ShaCryptHash | SecretKind::Md5Hash | SecretKind::OtherHash) {
            out.entry(s.line).or_default().push(s.kind);
        }
    }
    out
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.is_element() && c.has_tag_name(name))
}

fn path<'a, 'i>(n: Node<'a, 'i>, names: &[&str]) -> Option<Node<'a, 'i>> {
    names.iter().try_fold(n, |n, name| child(n, name))
}

fn text<'a>(n: Node<'a, '_>) -> Option<&'a str> {
    n.text().map(str::trim).filter(|t| !t.is_empty())
}

/// `<entry name="...">` children, with their names.
fn entries<'a, 'i>(n: Node<'a, 'i>) -> impl Iterator<Item = (&'a str, Node<'a, 'i>)> {
    n.children().filter(|c| c.is_element() && c.has_tag_name("entry")).filter_map(|e| e.attribute("name").map(|a| (a, e)))
}

fn yes(n: Option<Node>) -> Option<bool> {
    match n.and_then(text) {
        Some("yes") => Some(true),
        Some("no") => Some(false),
        _ => None,
    }
}

/// `10.1.1.0/24`, `10.1.1.5` → CIDR; anything else (an address object) stays a name.
fn source(w: &str) -> String {
    let net = w.parse::<IpNet>().ok().or_else(|| w.parse::<std::net::IpAddr>().ok().map(IpNet::from));
    match net {
        Some(n) if n.prefix_len() == 0 => ANY_SOURCE.to_string(),
        Some(n) => n.trunc().to_string(),
        None => format!("host:{w}"),
    }
}

/// A management path: one service, where, and from which sources.
struct Access {
    service: ServiceName,
    interface: String,
    sources: Vec<String>,
    restricted_by: Option<String>,
    evidence: Vec<Evidence>,
}

struct Panos<'a, 'i> {
    doc: &'a Document<'i>,
    offset: u32,
    config: Node<'a, 'i>,
    secrets: HashMap<u32, Vec<SecretKind>>,
    default_communities: Vec<u32>,
}

impl<'a, 'i> Panos<'a, 'i> {
    fn line(&self, n: Node) -> u32 {
        self.doc.text_pos_at(n.range().start).row + self.offset
    }

    fn ev(&self, n: Node) -> Evidence {
        Evidence::line(CONFIG, self.line(n))
    }

    /// The firewall's own configuration: `devices/entry` (normally `localhost.localdomain`).
    fn devices(&self) -> Vec<Node<'a, 'i>> {
        path(self.config, &["devices"]).map(|d| entries(d).map(|(_, e)| e).collect()).unwrap_or_default()
    }

    fn system(&self) -> Vec<Node<'a, 'i>> {
        self.devices().into_iter().filter_map(|d| path(d, &["deviceconfig", "system"])).collect()
    }

    fn vsys(&self) -> Vec<Node<'a, 'i>> {
        self.devices().into_iter().filter_map(|d| child(d, "vsys")).flat_map(|v| entries(v).map(|(_, e)| e)).collect()
    }

    fn network(&self) -> Vec<Node<'a, 'i>> {
        self.devices().into_iter().filter_map(|d| child(d, "network")).collect()
    }

    fn emit(&self, facts: &mut Facts, notes: &mut Vec<String>) {
        let system = self.system();
        if facts.device.hostname.is_none() {
            facts.device.hostname = system.iter().find_map(|s| child(*s, "hostname").and_then(text)).map(str::to_string);
        }
        let (interfaces, profiles_used) = self.interfaces(&system);
        let accesses = self.management(&system, &profiles_used, notes);

        // --- services: the management port's switches, and any profile enabling one.
        let service_node = system.iter().find_map(|s| child(*s, "service"));
        let switches = [
            (ServiceName::Https, "disable-https", Some(true)),
            (ServiceName::Ssh, "disable-ssh", Some(true)),
            (ServiceName::Telnet, "disable-telnet", None),
            (ServiceName::Http, "disable-http", None),
            (ServiceName::Snmp, "disable-snmp", None),
        ];
        for (name, element, default_on) in switches {
            let node = service_node.and_then(|s| child(s, element));
            let on_mgmt = yes(node).map(|disabled| !disabled).or(default_on);
            let via_profiles: Vec<&Access> = accesses.iter().filter(|a| a.service == name && a.interface != MGMT).collect();
            let mut evidence: Vec<Evidence> = node.map(|n| self.ev(n)).into_iter().collect();
            evidence.extend(via_profiles.iter().flat_map(|a| a.evidence.iter().take(2).cloned()));
            let detail = match (node.and_then(text), on_mgmt) {
                (Some(v), _) => format!("deviceconfig system service {element} {v}"),
                (None, Some(_)) => format!("no {element}: on by default on the management port"),
                (None, None) => format!("no {element}"),
            };
            // The management port's own Telnet/HTTP state unknown: that path is unknown
            // even when a data interface is known to allow the service. (SNMP's unknown
            // state is carried by the community sources instead.)
            if on_mgmt.is_none() && name != ServiceName::Snmp {
                facts.mark_unknown(format!("management_access.{}", name.as_str()));
            }
            match (on_mgmt, via_profiles.is_empty()) {
                (Some(on), true) => facts.services.push(Service { name, enabled: on, detail: Some(detail), evidence }),
                (_, false) => facts.services.push(Service {
                    name,
                    enabled: true,
                    detail: Some(format!("{detail}; enabled by an interface management profile")),
                    evidence,
                }),
                (None, true) => {
                    notes.push(format!(
                        "{CONFIG}: no <{element}> under deviceconfig/system/service: whether {} is on at the management port is unknown",
                        name.as_str()
                    ));
                    facts.mark_unknown(format!("services.{}", name.as_str()));
                }
            }
        }
        for a in &accesses {
            facts.management_access.push(ManagementAccess {
                service: a.service,
                interface: Some(a.interface.clone()),
                sources: a.sources.clone(),
                restricted_by: a.restricted_by.clone(),
                evidence: a.evidence.clone(),
            });
        }

        self.snmp(&system, &accesses, facts);
        self.accounts(facts);
        self.logging(&system, facts);
        self.remote_access(facts);
        self.auth_policy(facts);
        facts.interfaces = interfaces;
    }

    /// Interfaces, with the management profile each one uses (interface, profile, line).
    fn interfaces(&self, system: &[Node<'a, 'i>]) -> (Vec<Interface>, Vec<(String, String, u32)>) {
        let mut out: Vec<Interface> = Vec::new();
        let mut profiles = Vec::new();
        // The management port.
        if let Some(s) = system.first() {
            let mut addresses = Vec::new();
            let mut evidence = Vec::new();
            if let (Some(ip), Some(mask)) = (child(*s, "ip-address"), child(*s, "netmask")) {
                addresses.extend(text(ip).zip(text(mask)).and_then(|(a, m)| netmask::host_cidr(a, m)));
                evidence.push(self.ev(ip));
            }
            out.push(Interface {
                name: MGMT.into(),
                role: InterfaceRole::Management,
                addresses,
                description: Some("out-of-band management port (MGT)".into()),
                evidence,
            });
        }
        // Zones: `untrust`/`outside` face the internet.
        let mut zone_of: HashMap<&str, (&str, Node)> = HashMap::new();
        for v in self.vsys() {
            for (zone, z) in child(v, "zone").map(|z| entries(z).collect::<Vec<_>>()).unwrap_or_default() {
                let Some(net) = child(z, "network") else { continue };
                for kind in net.children().filter(Node::is_element) {
                    for m in kind.children().filter(|c| c.has_tag_name("member")) {
                        if let Some(i) = text(m) {
                            zone_of.insert(i, (zone, m));
                        }
                    }
                }
            }
        }
        for net in self.network() {
            let Some(ifs) = child(net, "interface") else { continue };
            for e in ifs.descendants().filter(|d| d.has_tag_name("entry")) {
                let Some(name) = e.attribute("name") else { continue };
                let parent = e.parent_element().map(|p| p.tag_name().name()).unwrap_or("");
                if !matches!(parent, "ethernet" | "aggregate-ethernet" | "units") {
                    continue;
                }
                let l3 = child(e, "layer3").unwrap_or(e);
                let mut evidence = vec![self.ev(e)];
                let addresses: Vec<String> = child(l3, "ip")
                    .map(|ip| entries(ip).filter(|(a, _)| a.parse::<IpNet>().is_ok()).map(|(a, _)| a.to_string()).collect())
                    .unwrap_or_default();
                let mut wan = false;
                for client in ["dhcp-client", "pppoe"] {
                    if let Some(c) = child(l3, client)
                        && yes(child(c, "enable")) != Some(false)
                    {
                        wan = true;
                        evidence.push(self.ev(c));
                    }
                }
                let zone = zone_of.get(name);
                if let Some((_, m)) = zone {
                    evidence.push(self.ev(*m));
                }
                if let Some(p) = child(l3, "interface-management-profile")
                    && let Some(pname) = text(p)
                {
                    profiles.push((name.to_string(), pname.to_string(), self.line(p)));
                }
                let zname = zone.map(|(z, _)| z.to_ascii_lowercase()).unwrap_or_default();
                let role = if wan || zname.contains("untrust") || zname.contains("outside") {
                    InterfaceRole::Wan
                } else if zname.contains("dmz") {
                    InterfaceRole::Dmz
                } else if zname.contains("trust") || zname.contains("inside") {
                    InterfaceRole::Lan
                } else {
                    InterfaceRole::Unknown
                };
                out.push(Interface {
                    name: name.to_string(),
                    role,
                    addresses,
                    description: child(e, "comment").and_then(text).map(str::to_string),
                    evidence,
                });
            }
        }
        (out, profiles)
    }

    /// `deviceconfig system permitted-ip`: the management port's allowed sources (none: any).
    fn permitted(&self, system: &[Node<'a, 'i>]) -> Vec<(String, Evidence)> {
        let permitted = system.iter().find_map(|s| child(*s, "permitted-ip"));
        permitted.map(|p| entries(p).map(|(a, e)| (source(a), self.ev(e))).collect()).unwrap_or_default()
    }

    /// Management paths: the management port's services, and every interface
    /// management profile applied to a data interface.
    fn management(&self, system: &[Node<'a, 'i>], used: &[(String, String, u32)], notes: &mut Vec<String>) -> Vec<Access> {
        let mut out = Vec::new();
        let service_node = system.iter().find_map(|s| child(*s, "service"));
        let permitted_list = self.permitted(system);
        let (mgmt_sources, mgmt_by) = if permitted_list.is_empty() {
            (vec![ANY_SOURCE.to_string()], None)
        } else {
            (permitted_list.iter().map(|(s, _)| s.clone()).collect(), Some("deviceconfig system permitted-ip".to_string()))
        };
        for (name, element, default_on) in [
            (ServiceName::Https, "disable-https", true),
            (ServiceName::Ssh, "disable-ssh", true),
            (ServiceName::Telnet, "disable-telnet", false),
            (ServiceName::Http, "disable-http", false),
            (ServiceName::Snmp, "disable-snmp", false),
        ] {
            let node = service_node.and_then(|s| child(s, element));
            let on = match yes(node) {
                Some(disabled) => !disabled,
                // Only HTTPS and SSH are relied on as on by default.
                None => default_on,
            };
            if !on {
                continue;
            }
            let mut evidence: Vec<Evidence> = node.map(|n| self.ev(n)).into_iter().collect();
            evidence.extend(permitted_list.iter().map(|(_, e)| e.clone()));
            out.push(Access {
                service: name,
                interface: MGMT.into(),
                sources: mgmt_sources.clone(),
                restricted_by: mgmt_by.clone(),
                evidence,
            });
        }
        // Interface management profiles, by name.
        let mut profiles: HashMap<&str, Node> = HashMap::new();
        for net in self.network() {
            if let Some(list) = path(net, &["profiles", "interface-management-profile"]) {
                for (pname, e) in entries(list) {
                    profiles.insert(pname, e);
                }
            }
        }
        for (ifname, pname, line) in used {
            let Some(profile) = profiles.get(pname.as_str()) else {
                notes.push(format!("{CONFIG}:{line}: interface management profile {pname:?} not defined"));
                continue;
            };
            let permitted: Vec<(String, Evidence)> = child(*profile, "permitted-ip")
                .map(|p| entries(p).map(|(a, e)| (source(a), self.ev(e))).collect())
                .unwrap_or_default();
            let (sources, restricted_by) = if permitted.is_empty() {
                (vec![ANY_SOURCE.to_string()], None)
            } else {
                (
                    permitted.iter().map(|(s, _)| s.clone()).collect(),
                    Some(format!("interface-management-profile {pname} permitted-ip")),
                )
            };
            for (name, element) in [
                (ServiceName::Https, "https"),
                (ServiceName::Ssh, "ssh"),
                (ServiceName::Telnet, "telnet"),
                (ServiceName::Http, "http"),
                (ServiceName::Snmp, "snmp"),
            ] {
                let Some(node) = child(*profile, element).filter(|n| yes(Some(*n)) == Some(true)) else { continue };
                let mut evidence = vec![Evidence::line(CONFIG, *line), self.ev(node), self.ev(*profile)];
                evidence.extend(permitted.iter().map(|(_, e)| e.clone()));
                out.push(Access {
                    service: name,
                    interface: ifname.clone(),
                    sources: sources.clone(),
                    restricted_by: restricted_by.clone(),
                    evidence,
                });
            }
        }
        out
    }

    fn snmp(&self, system: &[Node<'a, 'i>], accesses: &[Access], facts: &mut Facts) {
        let mut snmp = Snmp::default();
        let setting = system.iter().find_map(|s| path(*s, &["snmp-setting", "access-setting", "version"]));
        // Who may query: every management path allowing SNMP.
        let mut sources: Vec<String> = Vec::new();
        let mut reach_evidence: Vec<Evidence> = Vec::new();
        for a in accesses.iter().filter(|a| a.service == ServiceName::Snmp) {
            for s in &a.sources {
                if !sources.contains(s) {
                    sources.push(s.clone());
                }
            }
            reach_evidence.extend(a.evidence.iter().cloned());
        }
        // Whether the management port answers SNMP is unknown: count it in, so that the
        // sources are never narrower than the truth.
        if facts.is_unknown("services.snmp") {
            let permitted = self.permitted(system);
            if permitted.is_empty() {
                sources.push(ANY_SOURCE.into());
            }
            for (s, e) in permitted {
                if !sources.contains(&s) {
                    sources.push(s);
                }
                reach_evidence.push(e);
            }
        }
        if sources.iter().any(|s| s == ANY_SOURCE) {
            sources = vec![ANY_SOURCE.into()];
        }
        if let Some(v) = setting {
            if let Some(c) = path(v, &["v2c", "snmp-community-string"]) {
                let line = self.line(c);
                let mut evidence = vec![self.ev(c)];
                evidence.extend(reach_evidence.iter().cloned());
                snmp.communities.push(SnmpCommunity {
                    // PAN-OS SNMP is read-only: it has no SET support.
                    access: SnmpAccess::Ro,
                    sources: sources.clone(),
                    default_name: self.default_communities.contains(&line),
                    evidence,
                });
            }
            if let Some(users) = path(v, &["v3", "users"]) {
                for (name, u) in entries(users) {
                    snmp.v3_users.push(SnmpV3User {
                        name: name.to_string(),
                        auth: child(u, "authpwd").map(|_| "sha".to_string()),
                        privacy: child(u, "privpwd").map(|_| "aes".to_string()),
                        evidence: vec![self.ev(u)],
                    });
                }
            }
        }
        facts.snmp = Some(snmp);
    }

    fn accounts(&self, facts: &mut Facts) {
        let Some(users) = path(self.config, &["mgt-config", "users"]) else { return };
        for (name, u) in entries(users) {
            let mut evidence = vec![self.ev(u)];
            let storage = match child(u, "phash") {
                Some(p) => {
                    evidence.push(self.ev(p));
                    let kinds = self.secrets.get(&self.line(p)).map(Vec::as_slice).unwrap_or(&[]);
                    match kinds {
                        [first, rest @ ..] if rest.iter().all(|k| k == first) => match first {
                            SecretKind::ShaCryptHash => PasswordStorage::Strong,
                            SecretKind::Md5Hash => PasswordStorage::Weak,
                            _ => PasswordStorage::Unknown,
                        },
                        // `*` (no local password), a hash already masked, or several
                        // hashes on one line: not known.
                        _ => PasswordStorage::Unknown,
                    }
                }
                // Authenticated by an authentication profile (RADIUS, LDAP, ...).
                None => PasswordStorage::Unknown,
            };
            let role = path(u, &["permissions", "role-based"]);
            let mut privilege = Privilege::Unknown;
            if let Some(r) = role {
                for e in r.children().filter(Node::is_element) {
                    let granted = yes(Some(e)) != Some(false);
                    let p = match e.tag_name().name() {
                        "superuser" | "deviceadmin" | "panorama-admin" if granted => Privilege::Admin,
                        "vsysadmin" if granted => Privilege::Operator,
                        "superreader" | "devicereader" | "vsysreader" if granted => Privilege::ReadOnly,
                        _ => continue,
                    };
                    evidence.push(self.ev(e));
                    privilege = p;
                    break;
                }
            }
            facts.accounts.push(Account::configured(name, privilege, storage, evidence));
        }
    }

    fn logging(&self, system: &[Node<'a, 'i>], facts: &mut Facts) {
        let mut logging = Logging::default();
        // Syslog server profiles, shared or per vsys.
        for ls in self.config.descendants().filter(|n| n.has_tag_name("log-settings")) {
            let Some(syslog) = child(ls, "syslog") else { continue };
            for (_, profile) in entries(syslog) {
                let Some(servers) = child(profile, "server") else { continue };
                for (_, srv) in entries(servers) {
                    if let Some(host) = child(srv, "server").and_then(text) {
                        if !logging.remote_hosts.iter().any(|h| h == host) {
                            logging.remote_hosts.push(host.to_string());
                        }
                        logging.evidence.push(self.ev(srv));
                    }
                }
            }
        }
        for s in system {
            let Some(ntp) = child(*s, "ntp-servers") else { continue };
            for which in ["primary-ntp-server", "secondary-ntp-server"] {
                if let Some(a) = path(ntp, &[which, "ntp-server-address"])
                    && let Some(host) = text(a)
                {
                    logging.ntp_servers.push(host.to_string());
                    logging.evidence.push(self.ev(a));
                }
            }
        }
        // Nothing in the configuration decides it: the evidence shows it is PAN-OS.
        let evidence = match &facts.firmware {
            Some(fw) => fw.evidence.clone(),
            None => path(self.config, &["mgt-config"]).map(|n| vec![self.ev(n)]).unwrap_or_default(),
        };
        logging.logins = Some(Audit {
            logons: true,
            detail: Some("PAN-OS always records administrator logins, successful and failed, in its system log".into()),
            evidence,
        });
        facts.logging = Some(logging);
    }

    fn remote_access(&self, facts: &mut Facts) {
        for net in self.network() {
            let Some(gws) = path(net, &["ike", "gateway"]) else { continue };
            for (name, gw) in entries(gws) {
                let mut evidence = vec![self.ev(gw)];
                let peer = child(gw, "peer-address");
                let dynamic = peer.is_some_and(|p| child(p, "dynamic").is_some());
                let peers = match peer {
                    Some(_) if dynamic => vec![ANY_SOURCE.to_string()],
                    Some(p) => match (child(p, "ip").and_then(text), child(p, "fqdn").and_then(text)) {
                        (Some(ip), _) => vec![source(ip)],
                        (None, Some(fqdn)) => vec![format!("host:{fqdn}")],
                        (None, None) => vec!["ike-peer-unset".to_string()],
                    },
                    None => vec!["ike-peer-unset".to_string()],
                };
                evidence.extend(peer.map(|p| self.ev(p)));
                let interface = path(gw, &["local-address", "interface"]);
                evidence.extend(interface.map(|i| self.ev(i)));
                facts.remote_access.push(RemoteAccess {
                    kind: RemoteAccessKind::Ipsec,
                    name: Some(format!("ike gateway {name}")),
                    enabled: yes(child(gw, "disabled")) != Some(true),
                    peer_sources: peers,
                    interface: interface.and_then(text).map(str::to_string),
                    // A dynamic peer is whoever holds the key or certificate: one factor.
                    // GlobalProtect, not IKE, authenticates people on PAN-OS.
                    two_factor: dynamic.then_some(false),
                    evidence,
                });
            }
        }
        // GlobalProtect portals and gateways: client VPNs reachable from anywhere.
        for (tag, label) in
            [("global-protect-portal", "GlobalProtect portal"), ("global-protect-gateway", "GlobalProtect gateway")]
        {
            for list in self.config.descendants().filter(|n| n.has_tag_name(tag)) {
                for (name, e) in entries(list) {
                    let interface = e.descendants().find(|d| d.has_tag_name("local-address")).and_then(|l| child(l, "interface"));
                    let mut evidence = vec![self.ev(e)];
                    evidence.extend(interface.map(|i| self.ev(i)));
                    let two_factor = self.global_protect_two_factor(e, &mut evidence);
                    facts.remote_access.push(RemoteAccess {
                        kind: RemoteAccessKind::SslVpn,
                        name: Some(format!("{label} {name}")),
                        enabled: true,
                        peer_sources: vec![ANY_SOURCE.into()],
                        interface: interface.and_then(text).map(str::to_string),
                        two_factor,
                        evidence,
                    });
                }
            }
        }
    }

    /// Whether a GlobalProtect portal or gateway asks people for a second factor.
    ///
    /// A certificate profile with client authentication asks for both (unless
    /// `user-credential-or-client-cert-required` lets either do). Otherwise each
    /// authentication profile decides: `multi-factor-auth` → yes, the local database
    /// alone → no, an external server (RADIUS, LDAP, SAML, Kerberos, TACACS+) or a
    /// sequence → `None`, since the server may ask for a code the firewall does not show.
    fn global_protect_two_factor(&self, e: Node<'a, 'i>, evidence: &mut Vec<Evidence>) -> Option<bool> {
        let named =
            |tag: &'static str| e.descendants().filter(move |d| d.has_tag_name(tag)).filter_map(|d| text(d).map(|t| (t, d)));
        let profiles: Vec<(&str, Node)> = named("authentication-profile").collect();
        if profiles.is_empty() {
            return None;
        }
        let either = e.descendants().find(|d| d.has_tag_name("user-credential-or-client-cert-required"));
        if let Some((_, cert)) = named("certificate-profile").next()
            && yes(either) != Some(true)
        {
            evidence.push(self.ev(cert));
            return Some(true);
        }
        let mut answers = Vec::new();
        for (name, reference) in profiles {
            evidence.push(self.ev(reference));
            let definition = self
                .config
                .descendants()
                .filter(|d| d.has_tag_name("authentication-profile"))
                .flat_map(entries)
                .find(|(n, _)| *n == name)
                .map(|(_, d)| d);
            let this = match definition {
                Some(d) if yes(path(d, &["multi-factor-auth", "mfa-enable"])) == Some(true) => Some(true),
                Some(d) if path(d, &["method", "local-database"]).is_some() => {
                    evidence.push(self.ev(d));
                    Some(false)
                }
                _ => None,
            };
            answers.push(this);
        }
        every_way_two_factor(answers)
    }

    fn auth_policy(&self, facts: &mut Facts) {
        let mut auth = AuthPolicy::default();
        if let Some(c) = path(self.config, &["mgt-config", "password-complexity"])
            && yes(child(c, "enabled")) == Some(true)
            && let Some(m) = child(c, "minimum-length")
        {
            auth.min_password_length = text(m).and_then(|t| t.parse().ok());
            auth.evidence.push(self.ev(m));
        }
        for d in self.devices() {
            if let Some(f) = path(d, &["deviceconfig", "setting", "management", "admin-lockout", "failed-attempts"]) {
                auth.lockout_threshold = text(f).and_then(|t| t.parse().ok());
                auth.evidence.push(self.ev(f));
            }
        }
        facts.auth_policy = Some(auth);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_is_found_inside_cli_text() {
        let (xml, offset) = xml_part("admin@pa> show config running\n\n<config version=\"10.2.0\">\n</config>\nadmin@pa> ");
        assert_eq!((xml, offset), ("<config version=\"10.2.0\">\n</config>", 2));
        assert_eq!(xml_part("no xml at all"), ("no xml at all", 0));
        assert_eq!(source("10.1.1.7"), "10.1.1.7/32");
        assert_eq!(source("10.1.1.0/24"), "10.1.1.0/24");
        assert_eq!(source("0.0.0.0/0"), "any");
        assert_eq!(source("mgmt-hosts"), "host:mgmt-hosts");
    }
}
