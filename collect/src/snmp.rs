//! SNMP collection (v2c and v3 through the `snmp2` crate): the system group, ENTITY-MIB,
//! FortiGate's fgSysVersion, HOST-RESOURCES software and the TCP/UDP listener tables,
//! written as `snmp.json` with one varbind per line so that evidence can point at the
//! line of each OID.
//!
//! `snmp2` sends a request and waits once; retries, a total time limit per device and
//! walk safety (an agent returning OIDs out of order, or endlessly) are done here.

use std::fmt::Write as _;
use std::net::{SocketAddr, ToSocketAddrs};
use std::time::{Duration, Instant};

use kenshin_connectors::platform::snmp::{enterprise_of, oids};
use snmp2::{Oid, SyncSession, Value, v3};

use crate::limits::{Clock, Phase};

/// Security of an SNMPv3 session.
#[derive(Clone)]
pub struct V3 {
    pub user: String,
    pub auth: Option<(v3::AuthProtocol, String)>,
    pub privacy: Option<(v3::Cipher, String)>,
}

/// How to talk to an agent.
#[derive(Clone)]
pub enum Credentials {
    V2c { community: String },
    V3(V3),
}

/// Per-request behaviour.
#[derive(Debug, Clone, Copy)]
pub struct Requests {
    /// Wait for one response.
    pub timeout: Duration,
    /// Sends after the first, on timeout.
    pub retries: u32,
    /// GETBULK max-repetitions.
    pub max_repetitions: u32,
    /// Varbinds one walk may return before it is cut (a looping agent).
    pub max_walk: usize,
}

impl Default for Requests {
    fn default() -> Self {
        Requests { timeout: Duration::from_secs(2), retries: 2, max_repetitions: 40, max_walk: 200_000 }
    }
}

/// Why SNMP collection failed.
#[derive(Debug, thiserror::Error)]
pub enum SnmpError {
    #[error("cannot resolve {0}")]
    Resolve(String),
    #[error("cannot open a UDP socket: {0}")]
    Socket(std::io::Error),
    #[error(
        "{what}: no answer after {tries} request(s) of {timeout:.1} s each (wrong community or key, \
         SNMP off, a filter, or nothing at that address)"
    )]
    NoAnswer { what: String, tries: u32, timeout: f64 },
    #[error("{what}: SNMPv3 authentication failed ({kind}); check snmp_user, auth_protocol and the keys")]
    Auth { what: String, kind: String },
    #[error("{what}: {deadline} passed")]
    Timeout { what: String, deadline: String },
    #[error("{what}: {message}")]
    Protocol { what: String, message: String },
}

/// One value as stored in `snmp.json`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Varbind {
    pub oid: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub value: serde_json::Value,
}

/// Varbinds of one response: OID arcs, and the value (`None` for end-of-view markers).
type Response = Vec<(Vec<u64>, Option<(&'static str, serde_json::Value)>)>;

/// An SNMP session with retries and a device deadline.
pub struct Agent {
    session: Box<SyncSession>,
    requests: Requests,
    clock: Clock,
    v3: bool,
    recoveries: u32,
    /// Irregularities the agent showed that the walk got past.
    pub notes: Vec<String>,
}

/// Out-of-order stretches one agent may make a walk skip before it is cut.
const MAX_RECOVERIES: u32 = 16;

/// The arcs of a dotted OID (`1.3.6.1.2.1.1.1.0`).
fn arcs_of(dotted: &str) -> Vec<u64> {
    dotted.split('.').filter_map(|a| a.parse().ok()).collect()
}

fn oid(arcs: &[u64]) -> Result<Oid<'static>, SnmpError> {
    Oid::from(arcs).map_err(|e| SnmpError::Protocol { what: "OID".into(), message: format!("{e:?}") })
}

/// The arcs of an OID (empty if it has arcs too large for u64).
fn arcs(o: &Oid<'_>) -> Vec<u64> {
    o.iter().map(|it| it.collect()).unwrap_or_default()
}

fn dotted(arcs: &[u64]) -> String {
    let mut s = String::with_capacity(arcs.len() * 3);
    for (i, a) in arcs.iter().enumerate() {
        if i > 0 {
            s.push('.');
        }
        let _ = write!(s, "{a}");
    }
    s
}

/// A value as `(type, JSON value)`; octet strings that are not UTF-8 text are kept as
/// hex (Shift-JIS descriptions, MAC addresses), and `None` for end-of-view markers.
fn convert(v: &Value<'_>) -> Option<(&'static str, serde_json::Value)> {
    use serde_json::json;
    Some(match v {
        Value::OctetString(b) => match std::str::from_utf8(b) {
            Ok(t) if !t.chars().any(|c| c.is_control() && !matches!(c, '\r' | '\n' | '\t')) => ("string", json!(t)),
            _ => ("hex", json!(hex::encode(b))),
        },
        Value::Integer(n) => ("integer", json!(n)),
        Value::ObjectIdentifier(o) => ("oid", json!(dotted(&arcs(o)))),
        Value::IpAddress(a) => ("ip", json!(std::net::Ipv4Addr::from(*a).to_string())),
        Value::Counter32(n) => ("counter32", json!(n)),
        Value::Unsigned32(n) => ("unsigned32", json!(n)),
        Value::Timeticks(n) => ("timeticks", json!(n)),
        Value::Counter64(n) => ("counter64", json!(n)),
        Value::Opaque(b) => ("opaque", json!(hex::encode(b))),
        Value::Boolean(b) => ("boolean", json!(b)),
        Value::Null => ("null", serde_json::Value::Null),
        Value::NoSuchObject | Value::NoSuchInstance | Value::EndOfMibView => return None,
        _ => ("other", serde_json::Value::Null),
    })
}

impl Agent {
    /// Opens a session to `address:port`; for v3, discovers the engine first.
    pub fn open(address: &str, port: u16, creds: &Credentials, requests: Requests, clock: Clock) -> Result<Agent, SnmpError> {
        let addr: SocketAddr = (address, port)
            .to_socket_addrs()
            .ok()
            .and_then(|mut a| a.next())
            .ok_or_else(|| SnmpError::Resolve(format!("{address}:{port}")))?;
        let timeout = Some(requests.timeout.max(Duration::from_millis(10)));
        let (session, v3) = match creds {
            Credentials::V2c { community } => {
                (SyncSession::new_v2c(addr, community.as_bytes(), timeout, 1).map_err(SnmpError::Socket)?, false)
            }
            Credentials::V3(c) => {
                let mut security = v3::Security::new(c.user.as_bytes(), b"");
                match (&c.auth, &c.privacy) {
                    (None, _) => security = security.with_auth(v3::Auth::NoAuthNoPriv),
                    (Some((proto, key)), privacy) => {
                        security = v3::Security::new(c.user.as_bytes(), key.as_bytes()).with_auth_protocol(*proto);
                        security = match privacy {
                            None => security.with_auth(v3::Auth::AuthNoPriv),
                            Some((cipher, pkey)) => security
                                .with_auth(v3::Auth::AuthPriv { cipher: *cipher, privacy_password: pkey.as_bytes().to_vec() }),
                        };
                    }
                }
                (SyncSession::new_v3(addr, timeout, 1, security).map_err(SnmpError::Socket)?, true)
            }
        };
        let mut agent = Agent { session: Box::new(session), requests, clock, v3, recoveries: 0, notes: Vec::new() };
        if agent.v3 {
            agent.retrying("SNMPv3 engine discovery", |s| s.init().map(|_| Vec::new()))?;
        }
        Ok(agent)
    }

    /// Sends a request until it is answered, the retries are spent or the device's
    /// time is up. `request` returns the varbinds of the response.
    fn retrying(
        &mut self,
        what: &str,
        mut request: impl FnMut(&mut SyncSession) -> Result<Response, snmp2::Error>,
    ) -> Result<Response, SnmpError> {
        let deadline = self.clock.phase(Phase::Device);
        let mut tries = 0;
        loop {
            if deadline.passed() {
                return Err(SnmpError::Timeout { what: what.into(), deadline: deadline.describe() });
            }
            tries += 1;
            let started = Instant::now();
            match request(&mut self.session) {
                Ok(v) => return Ok(v),
                // A late answer to an earlier try, or v3 time re-synchronisation: ask again.
                Err(snmp2::Error::RequestIdMismatch | snmp2::Error::AuthUpdated) if tries <= self.requests.retries + 2 => {}
                Err(snmp2::Error::Receive | snmp2::Error::Send) if tries <= self.requests.retries => {
                    tracing::debug!(what, tries, ms = started.elapsed().as_millis() as u64, "no answer; retrying");
                }
                Err(snmp2::Error::Receive | snmp2::Error::Send) => {
                    return Err(SnmpError::NoAnswer { what: what.into(), tries, timeout: self.requests.timeout.as_secs_f64() });
                }
                Err(snmp2::Error::AuthFailure(kind)) => {
                    return Err(SnmpError::Auth { what: what.into(), kind: format!("{kind:?}") });
                }
                Err(e) => return Err(SnmpError::Protocol { what: what.into(), message: format!("{e:?}") }),
            }
        }
    }

    /// GETs `oids` (dotted) in one request; absent objects are left out.
    pub fn get(&mut self, what: &str, oids: &[&str]) -> Result<Vec<Varbind>, SnmpError> {
        let owned: Vec<Oid<'static>> = oids.iter().map(|o| oid(&arcs_of(o))).collect::<Result<_, _>>()?;
        let refs: Vec<&Oid<'_>> = owned.iter().collect();
        let got = self.retrying(what, |s| {
            let pdu = s.get_many(&refs)?;
            if pdu.error_status != 0 {
                return Ok(Vec::new());
            }
            Ok(pdu.varbinds.map(|(o, v)| (arcs(&o), convert(&v))).collect())
        })?;
        Ok(got
            .into_iter()
            .filter_map(|(o, v)| v.map(|(kind, value)| Varbind { oid: dotted(&o), kind: kind.into(), value }))
            .collect())
    }

    /// Walks the subtree `root` (dotted) with GETBULK.
    pub fn walk(&mut self, what: &str, root: &str) -> Result<Vec<Varbind>, SnmpError> {
        let root = arcs_of(root);
        let root = root.as_slice();
        let mut out = Vec::new();
        let mut cursor = root.to_vec();
        let max_rep = self.requests.max_repetitions;
        loop {
            let start = oid(&cursor)?;
            let got = self.retrying(what, |s| {
                let pdu = s.getbulk(&[&start], 0, max_rep)?;
                if pdu.error_status != 0 {
                    return Ok(Vec::new());
                }
                Ok(pdu.varbinds.map(|(o, v)| (arcs(&o), convert(&v))).collect())
            })?;
            if got.is_empty() {
                return Ok(out);
            }
            let before = cursor.clone();
            for (arcs, value) in got {
                // Past the subtree, or the end of the MIB view: done.
                let Some((kind, value)) = value else { return Ok(out) };
                if !arcs.starts_with(root) {
                    return Ok(out);
                }
                // An agent that goes backwards (a known firmware bug): skip what was
                // already passed; the walk goes on from the furthest OID seen.
                if arcs <= cursor {
                    continue;
                }
                out.push(Varbind { oid: dotted(&arcs), kind: kind.into(), value });
                cursor = arcs;
                if out.len() >= self.requests.max_walk {
                    return Err(SnmpError::Protocol {
                        what: what.into(),
                        message: format!("more than {} values: walk cut", self.requests.max_walk),
                    });
                }
            }
            if cursor == before {
                // Stuck inside a table column: go on with the next column, as far as
                // the agent lets us (each recovery is recorded).
                match cursor.get(root.len()) {
                    Some(&col) if self.recoveries < MAX_RECOVERIES => {
                        self.recoveries += 1;
                        self.notes.push(format!(
                            "{what}: the agent returned no OID after {} (not increasing); went on with the next column",
                            dotted(&cursor)
                        ));
                        cursor = root.to_vec();
                        cursor.push(col + 1);
                    }
                    _ => {
                        return Err(SnmpError::Protocol {
                            what: what.into(),
                            message: format!("the agent returned no OID after {} (not increasing); walk cut", dotted(&cursor)),
                        });
                    }
                }
            }
        }
    }
}

/// `snmp.json`: a header, then one varbind per line (evidence points at that line).
pub fn to_json(version: &str, varbinds: &[Varbind], probes: &[(String, bool)], errors: &[String]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{{");
    let _ = writeln!(s, "\"schema\": \"kenshin.snmp/v1\",");
    let _ = writeln!(s, "\"version\": {},", serde_json::json!(version));
    let _ = writeln!(s, "\"errors\": {},", serde_json::json!(errors));
    let _ = writeln!(s, "\"default_community_probes\": [");
    for (i, (name, answered)) in probes.iter().enumerate() {
        let comma = if i + 1 < probes.len() { "," } else { "" };
        // Written by hand: the reader finds probe lines by their first key.
        let _ = writeln!(s, "{{\"community\":{},\"answered\":{answered}}}{comma}", serde_json::json!(name));
    }
    let _ = writeln!(s, "],");
    let _ = writeln!(s, "\"varbinds\": [");
    for (i, v) in varbinds.iter().enumerate() {
        let comma = if i + 1 < varbinds.len() { "," } else { "" };
        let line = serde_json::to_string(v).unwrap_or_default();
        let _ = writeln!(s, "{line}{comma}");
    }
    let _ = writeln!(s, "]");
    let _ = writeln!(s, "}}");
    s
}

/// Collects everything kenshin reads over SNMP. Walk failures are recorded and the
/// rest goes on; only a dead system group (no answer at all) fails the device.
pub fn collect(agent: &mut Agent) -> Result<(Vec<Varbind>, Vec<String>), SnmpError> {
    let mut values = agent.get("system group", oids::SYSTEM)?;
    let mut errors = Vec::new();
    // Vendor scalars that state the firmware where sysDescr names only the model.
    let enterprise = values.iter().find(|v| v.oid == oids::SYS_OBJECT_ID).and_then(|v| enterprise_of(v.value.as_str()?));
    for (number, name, oid) in oids::VENDOR_SCALARS {
        if enterprise == Some(*number) {
            match agent.get(name, &[oid]) {
                Ok(v) => values.extend(v),
                Err(e) => errors.push(e.to_string()),
            }
        }
    }
    for (name, root) in oids::WALKS {
        match agent.walk(name, root) {
            Ok(v) => values.extend(v),
            Err(e @ SnmpError::Timeout { .. }) => {
                errors.push(e.to_string());
                break;
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    errors.append(&mut agent.notes);
    Ok((values, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_has_one_varbind_per_line_and_parses() {
        let vb = vec![
            Varbind {
                oid: "1.3.6.1.2.1.1.1.0".into(),
                kind: "string".into(),
                value: serde_json::json!("RTX1220 Rev.15.04.03\r\nx"),
            },
            Varbind { oid: "1.3.6.1.2.1.1.3.0".into(), kind: "timeticks".into(), value: serde_json::json!(42) },
        ];
        let text = to_json("v2c", &vb, &[("public".into(), false)], &[]);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(text.contains("{\"community\":\"public\",\"answered\":false}"), "{text}");
        assert_eq!(parsed["varbinds"][0]["oid"], "1.3.6.1.2.1.1.1.0");
        let line = text.lines().position(|l| l.contains("1.3.6.1.2.1.1.3.0")).unwrap();
        assert!(text.lines().nth(line).unwrap().starts_with("{\"oid\""));
    }

    #[test]
    fn octets_that_are_not_text_are_hex() {
        assert_eq!(convert(&Value::OctetString(b"abc")).unwrap(), ("string", serde_json::json!("abc")));
        assert_eq!(convert(&Value::OctetString(&[0x82, 0xa0, 0x00])).unwrap(), ("hex", serde_json::json!("82a000")));
        assert!(convert(&Value::EndOfMibView).is_none());
    }
}
