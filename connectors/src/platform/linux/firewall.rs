//! Host firewalls: which sources may open a new connection to a local port.
//!
//! Three sources of rules, as `firewall.txt` shows them: firewalld zones
//! (`firewall-cmd --list-all-zones`), the nftables ruleset (`nft list ruleset`) and
//! iptables (`iptables-save`, `ip6tables-save`). nftables and iptables rules are read
//! into one small model (chains of rules with source, protocol, port, interface and
//! verdict) and evaluated rule by rule for one protocol and port.
//!
//! The evaluation errs towards "more sources allowed": a rule whose matches are not
//! all understood is taken to accept when it accepts and ignored when it drops; a drop
//! bound to one interface is ignored; a `goto` or `jump` is followed (to a bounded
//! depth). So the sources reported may be wider than the truth, never narrower: a
//! port shown as restricted is restricted.

use std::collections::BTreeMap;
use std::net::IpAddr;

use ipnet::IpNet;
use kenshin_facts::ANY_SOURCE;

/// Address family of a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Fam {
    V4,
    V6,
}

/// Transport protocol of a listening socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Proto {
    Tcp,
    Udp,
}

impl Proto {
    pub fn name(self) -> &'static str {
        match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
        }
    }
}

/// One source term of a rule: a network, or something that cannot be resolved here
/// (an ipset, an address range), kept by name so rules report it as unverifiable.
#[derive(Debug, Clone, PartialEq)]
enum Src {
    Net(IpNet),
    Other(String),
}

impl Src {
    fn parse(s: &str) -> Src {
        let s = s.trim().trim_matches('"');
        match s.parse::<IpNet>().ok().or_else(|| s.parse::<IpAddr>().ok().map(IpNet::from)) {
            Some(n) => Src::Net(n.trunc()),
            None => Src::Other(s.to_string()),
        }
    }

    fn fam(&self) -> Option<Fam> {
        match self {
            Src::Net(IpNet::V4(_)) => Some(Fam::V4),
            Src::Net(IpNet::V6(_)) => Some(Fam::V6),
            Src::Other(_) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    Accept,
    Drop,
    Jump(String),
    Goto(String),
    Return,
    /// No verdict (`counter`, `log`): evaluation goes on.
    Continue,
}

/// One rule, reduced to what decides whether a new connection from a source to a
/// local port is accepted.
#[derive(Debug, Clone)]
struct Rule {
    line: u32,
    /// The rule only sees packets of this family (`ip saddr`, `meta nfproto ipv6`).
    fam: Option<Fam>,
    /// `None`: any protocol; an empty list: only protocols other than TCP/UDP.
    protos: Option<Vec<Proto>>,
    /// Destination ports, negated or not.
    dports: Option<(bool, Vec<(u16, u16)>)>,
    /// Source terms, negated or not.
    saddr: Option<(bool, Vec<Src>)>,
    /// `iif lo`: loopback traffic only.
    loopback: bool,
    /// Bound to an input interface other than loopback.
    iface: Option<String>,
    /// Matches only established/related/invalid packets, never a new connection.
    not_new: bool,
    /// Has a match this module does not read.
    uncertain: bool,
    verdict: Verdict,
}

impl Rule {
    fn new(line: u32) -> Rule {
        Rule {
            line,
            fam: None,
            protos: None,
            dports: None,
            saddr: None,
            loopback: false,
            iface: None,
            not_new: false,
            uncertain: false,
            verdict: Verdict::Continue,
        }
    }

    /// Whether the rule can see a new `proto`/`port` packet of family `fam` at all.
    fn applies(&self, fam: Fam, proto: Proto, port: u16) -> bool {
        if self.loopback || self.not_new || self.fam.is_some_and(|f| f != fam) {
            return false;
        }
        if let Some(protos) = &self.protos
            && !protos.contains(&proto)
        {
            return false;
        }
        if let Some((neg, ranges)) = &self.dports
            && ranges.iter().any(|(a, b)| (*a..=*b).contains(&port)) == *neg
        {
            return false;
        }
        match &self.saddr {
            // A source list of the other family never matches (`ip saddr` in an inet chain).
            Some((false, srcs)) => srcs.iter().any(|s| s.fam().is_none_or(|f| f == fam)),
            _ => true,
        }
    }
}

#[derive(Debug, Clone)]
struct Chain {
    name: String,
    /// Jumps resolve within one table (`nftables inet filter`, `iptables filter`).
    table: String,
    /// How reports name it: `nftables inet filter chain input`, `iptables INPUT`.
    label: String,
    fams: Vec<Fam>,
    /// Base chain on the input hook: its policy (accept?) and the line stating it.
    base: Option<(bool, u32)>,
    rules: Vec<Rule>,
}

/// nftables or iptables rules, as chains.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ruleset {
    chains: Vec<Chain>,
}

/// Who may reach a port, and why.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Reach {
    /// CIDRs, unresolvable terms, or `["any"]`.
    pub sources: Vec<String>,
    pub restricted_by: Option<String>,
    /// Lines of the firewall artifact that decided it.
    pub lines: Vec<u32>,
    /// Input interfaces an accepting rule was bound to.
    pub interfaces: Vec<String>,
}

impl Reach {
    pub fn any() -> Reach {
        Reach { sources: vec![ANY_SOURCE.to_string()], ..Reach::default() }
    }

    pub fn is_any(&self) -> bool {
        self.sources.iter().any(|s| s == ANY_SOURCE)
    }
}

/// Accepted sources so far: everything, or a list.
#[derive(Debug, Clone, Default)]
struct Accepted {
    all: bool,
    list: Vec<Src>,
    interfaces: Vec<String>,
}

/// Sources not yet decided while a chain is evaluated.
#[derive(Debug, Clone)]
struct Remaining {
    /// `None`: every address; otherwise only these.
    only: Option<Vec<Src>>,
    /// Minus these networks.
    except: Vec<IpNet>,
}

impl Remaining {
    fn everything() -> Remaining {
        Remaining { only: None, except: Vec::new() }
    }

    fn is_empty(&self) -> bool {
        self.only.as_ref().is_some_and(Vec::is_empty) || self.except.iter().any(|n| n.prefix_len() == 0)
    }

    fn excluded(&self, s: &Src) -> bool {
        matches!(s, Src::Net(n) if self.except.iter().any(|e| e.contains(n)))
    }

    /// What of `srcs` is still undecided.
    fn intersect(&self, srcs: &[Src]) -> Vec<Src> {
        let within = match &self.only {
            None => srcs.to_vec(),
            Some(only) => intersect(only, srcs),
        };
        within.into_iter().filter(|s| !self.excluded(s)).collect()
    }

    /// Everything still undecided (`None` = every address).
    fn all(&self) -> Option<Vec<Src>> {
        self.only.as_ref().map(|only| only.iter().filter(|s| !self.excluded(s)).cloned().collect())
    }

    fn remove(&mut self, srcs: &[Src]) {
        for s in srcs {
            if let Src::Net(n) = s {
                self.except.push(*n);
            }
        }
    }

    fn keep_only(&mut self, srcs: &[Src]) {
        self.only = Some(match &self.only {
            None => srcs.to_vec(),
            Some(only) => intersect(only, srcs),
        });
    }
}

/// Pairwise intersection of two source lists (CIDRs are nested or disjoint); an
/// unresolvable term is kept, since it may overlap anything.
fn intersect(a: &[Src], b: &[Src]) -> Vec<Src> {
    let mut out = Vec::new();
    for x in a {
        for y in b {
            let r = match (x, y) {
                (Src::Net(p), Src::Net(q)) if p.contains(q) => Some(y.clone()),
                (Src::Net(p), Src::Net(q)) if q.contains(p) => Some(x.clone()),
                (Src::Net(_), Src::Net(_)) => None,
                (Src::Other(_), _) => Some(x.clone()),
                (_, Src::Other(_)) => Some(y.clone()),
            };
            if let Some(r) = r
                && !out.contains(&r)
            {
                out.push(r);
            }
        }
    }
    out
}

/// Bounds `jump`/`goto` nesting (and loops, which the kernel refuses anyway).
const MAX_DEPTH: usize = 16;

struct Eval<'r> {
    set: &'r Ruleset,
    fam: Fam,
    proto: Proto,
    port: u16,
    accepted: Accepted,
    lines: Vec<u32>,
}

impl Eval<'_> {
    /// Runs `chain`; returns false once nothing is left undecided.
    fn run(&mut self, chain: &Chain, rem: &mut Remaining, depth: usize) -> bool {
        for rule in &chain.rules {
            if rem.is_empty() {
                return false;
            }
            if !rule.applies(self.fam, self.proto, self.port) {
                continue;
            }
            let decided = match &rule.verdict {
                Verdict::Continue => continue,
                Verdict::Accept => true,
                Verdict::Drop => false,
                Verdict::Return => {
                    if rule.saddr.is_none() && rule.iface.is_none() && !rule.uncertain {
                        return true;
                    }
                    // A conditional return: the rest of the chain may still apply to others.
                    continue;
                }
                Verdict::Jump(target) | Verdict::Goto(target) => {
                    let is_goto = matches!(rule.verdict, Verdict::Goto(_));
                    let Some(callee) = self.set.chains.iter().find(|c| c.name == *target && c.table == chain.table) else {
                        continue;
                    };
                    if depth >= MAX_DEPTH {
                        // Too deep to follow: count it as accepting what reaches it.
                        self.lines.push(rule.line);
                        self.accept(rule, rem);
                        continue;
                    }
                    let before = self.lines.len();
                    let mut inner = match &rule.saddr {
                        Some((false, srcs)) => Remaining { only: Some(rem.intersect(srcs)), except: Vec::new() },
                        _ => rem.clone(),
                    };
                    let unconditional = rule.saddr.is_none() && rule.iface.is_none() && !rule.uncertain;
                    self.run(callee, &mut inner, depth + 1);
                    // The jump is evidence only when the chain it leads to decided something.
                    if self.lines.len() > before {
                        self.lines.insert(before, rule.line);
                    }
                    if unconditional {
                        *rem = inner;
                        if is_goto {
                            return !rem.is_empty();
                        }
                    }
                    continue;
                }
            };
            self.lines.push(rule.line);
            if decided {
                self.accept(rule, rem);
            } else if !rule.uncertain && rule.iface.is_none() {
                match &rule.saddr {
                    None => rem.only = Some(Vec::new()),
                    Some((false, srcs)) => rem.remove(srcs),
                    Some((true, srcs)) => rem.keep_only(srcs),
                }
            }
        }
        !rem.is_empty()
    }

    fn accept(&mut self, rule: &Rule, rem: &mut Remaining) {
        if let Some(i) = &rule.iface
            && !self.accepted.interfaces.contains(i)
        {
            self.accepted.interfaces.push(i.clone());
        }
        let exact = !rule.uncertain && rule.iface.is_none();
        match &rule.saddr {
            None | Some((true, _)) => match rem.all() {
                None => self.accepted.all = true,
                Some(list) => self.accepted.list.extend(list),
            },
            Some((false, srcs)) => {
                let got = rem.intersect(srcs);
                self.accepted.list.extend(got);
            }
        }
        if exact {
            match &rule.saddr {
                None => rem.only = Some(Vec::new()),
                Some((false, srcs)) => rem.remove(srcs),
                Some((true, srcs)) => rem.keep_only(srcs),
            }
        }
    }
}

impl Ruleset {
    /// Whether any base chain filters input for `fam`.
    pub fn filters(&self, fam: Fam) -> bool {
        self.chains.iter().any(|c| c.base.is_some() && c.fams.contains(&fam))
    }

    /// The sources that may open a connection to `proto`/`port` over `fam`: every
    /// input base chain of the family must accept it.
    fn reach_one(&self, fam: Fam, proto: Proto, port: u16, lines: &mut Vec<u32>, labels: &mut Vec<String>) -> Accepted {
        let mut result: Option<Accepted> = None;
        for chain in self.chains.iter().filter(|c| c.base.is_some() && c.fams.contains(&fam)) {
            let Some((policy_accept, policy_line)) = chain.base else { continue };
            let mut eval = Eval { set: self, fam, proto, port, accepted: Accepted::default(), lines: Vec::new() };
            let mut rem = Remaining::everything();
            let open = eval.run(chain, &mut rem, 0);
            if open && policy_accept {
                match rem.all() {
                    None => eval.accepted.all = true,
                    Some(list) => eval.accepted.list.extend(list),
                }
            }
            lines.push(policy_line);
            lines.extend(eval.lines);
            if !eval.accepted.all && !labels.contains(&chain.label) {
                labels.push(chain.label.clone());
            }
            let a = eval.accepted;
            result = Some(match result {
                None => a,
                Some(prev) => and(prev, a),
            });
        }
        result.unwrap_or(Accepted { all: true, ..Accepted::default() })
    }

    /// Who may reach `proto` on any of `ports`, over the families listed.
    pub fn reach(&self, proto: Proto, ports: &[u16], fams: &[Fam]) -> Reach {
        let mut total = Accepted::default();
        let mut lines = Vec::new();
        let mut labels = Vec::new();
        for &fam in fams {
            for &port in ports {
                let a = self.reach_one(fam, proto, port, &mut lines, &mut labels);
                total.all |= a.all;
                total.list.extend(a.list);
                total.interfaces.extend(a.interfaces);
            }
        }
        finish(total, lines, labels)
    }
}

/// A packet must pass every base chain: the intersection of what each accepts.
fn and(a: Accepted, b: Accepted) -> Accepted {
    let mut interfaces = a.interfaces.clone();
    interfaces.extend(b.interfaces.iter().cloned());
    match (a.all, b.all) {
        (true, true) => Accepted { all: true, list: Vec::new(), interfaces },
        (true, false) => Accepted { all: false, list: b.list, interfaces },
        (false, true) => Accepted { all: false, list: a.list, interfaces },
        (false, false) => Accepted { all: false, list: intersect(&a.list, &b.list), interfaces },
    }
}

fn finish(total: Accepted, mut lines: Vec<u32>, labels: Vec<String>) -> Reach {
    lines.sort_unstable();
    lines.dedup();
    let mut interfaces = total.interfaces;
    interfaces.sort();
    interfaces.dedup();
    let any = total.all || total.list.iter().any(|s| matches!(s, Src::Net(n) if n.prefix_len() == 0));
    if any {
        return Reach { sources: vec![ANY_SOURCE.to_string()], restricted_by: None, lines, interfaces };
    }
    let mut sources: Vec<String> = Vec::new();
    for s in total.list {
        let text = match s {
            Src::Net(n) => n.to_string(),
            Src::Other(o) => o,
        };
        if !sources.contains(&text) {
            sources.push(text);
        }
    }
    let restricted_by = (!labels.is_empty()).then(|| labels.join(", "));
    Reach { sources, restricted_by, lines, interfaces }
}

/// Well-known service and port names as nftables, iptables and firewalld print them.
fn port_number(name: &str) -> Option<u16> {
    if let Ok(n) = name.parse::<u16>() {
        return Some(n);
    }
    Some(match name {
        "ftp" => 21,
        "ssh" => 22,
        "telnet" => 23,
        "smtp" => 25,
        "domain" => 53,
        "tftp" => 69,
        "http" | "www" => 80,
        "ntp" => 123,
        "snmp" => 161,
        "https" => 443,
        "microsoft-ds" => 445,
        "exec" => 512,
        "login" => 513,
        "shell" => 514,
        "openvpn" => 1194,
        "ms-wbt-server" => 3389,
        _ => return None,
    })
}

/// `22`, `20-25` (nftables), `20:25` (iptables), `ssh`.
fn port_range(s: &str) -> Option<(u16, u16)> {
    let s = s.trim_matches('"');
    match s.split_once(['-', ':']) {
        Some((a, b)) if !a.is_empty() => {
            let (a, b) = (port_number(a)?, port_number(b)?);
            (a <= b).then_some((a, b))
        }
        _ => port_number(s).map(|p| (p, p)),
    }
}

fn proto_of(s: &str) -> Option<Vec<Proto>> {
    match s.trim_matches('"') {
        "tcp" | "6" => Some(vec![Proto::Tcp]),
        "udp" | "17" => Some(vec![Proto::Udp]),
        "all" | "0" => None,
        _ => Some(Vec::new()),
    }
}

// ---------------------------------------------------------------- nftables

/// A token of an nftables rule: a word, a quoted string, or `{ } ,`.
#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    text: &'a str,
    quoted: bool,
}

fn nft_tokens(line: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'"' {
            let end = line[i + 1..].find('"').map_or(line.len(), |e| i + 1 + e);
            out.push(Tok { text: &line[i + 1..end], quoted: true });
            i = end + 1;
        } else if matches!(c, b'{' | b'}' | b',') {
            out.push(Tok { text: &line[i..i + 1], quoted: false });
            i += 1;
        } else {
            let end = line[i..]
                .find(|ch: char| ch.is_ascii_whitespace() || matches!(ch, '{' | '}' | ',' | '"'))
                .map_or(line.len(), |e| i + e);
            out.push(Tok { text: &line[i..end], quoted: false });
            i = end.max(i + 1);
        }
    }
    out
}

/// Words that begin an nftables match or statement: where a statement with options
/// this module skips (`log prefix ...`, `limit rate ...`) ends.
const NFT_KEYWORDS: &[&str] = &[
    "ip", "ip6", "tcp", "udp", "th", "sctp", "meta", "iif", "iifname", "oif", "oifname", "ct", "counter", "log", "limit",
    "comment", "accept", "drop", "reject", "jump", "goto", "return", "queue", "fib", "icmp", "icmpv6", "mark", "continue",
    "notrack", "l4proto",
];

/// What a `{ ... }` or single value holds, with its negation.
fn nft_value<'a>(toks: &[Tok<'a>], i: &mut usize, sets: &BTreeMap<String, Vec<String>>) -> (bool, Vec<String>) {
    let mut neg = false;
    if let Some(t) = toks.get(*i)
        && !t.quoted
        && matches!(t.text, "!=" | "==")
    {
        neg = t.text == "!=";
        *i += 1;
    }
    let mut out = Vec::new();
    match toks.get(*i) {
        Some(t) if t.text == "{" && !t.quoted => {
            *i += 1;
            while let Some(t) = toks.get(*i) {
                *i += 1;
                if t.text == "}" && !t.quoted {
                    break;
                }
                if t.text != "," || t.quoted {
                    out.push(t.text.to_string());
                }
            }
        }
        Some(t) if t.text.starts_with('@') && !t.quoted => {
            *i += 1;
            match sets.get(&t.text[1..]) {
                Some(elements) => out.extend(elements.iter().cloned()),
                None => out.push(format!("set:{}", &t.text[1..])),
            }
        }
        Some(t) => {
            *i += 1;
            out.push(t.text.to_string());
        }
        None => {}
    }
    (neg, out)
}

fn nft_rule(line: u32, text: &str, sets: &BTreeMap<String, Vec<String>>) -> Rule {
    let toks = nft_tokens(text);
    let mut r = Rule::new(line);
    let mut i = 0;
    let word = |i: usize| toks.get(i).filter(|t| !t.quoted).map(|t| t.text);
    while i < toks.len() {
        let t = toks[i];
        i += 1;
        if t.quoted {
            r.uncertain = true;
            continue;
        }
        match (t.text, word(i)) {
            ("ip" | "ip6", Some("saddr")) => {
                i += 1;
                r.fam = Some(if t.text == "ip" { Fam::V4 } else { Fam::V6 });
                let (neg, v) = nft_value(&toks, &mut i, sets);
                r.saddr = Some((neg, v.iter().map(|s| Src::parse(s)).collect()));
            }
            ("ip" | "ip6", Some("daddr" | "dscp" | "length" | "ttl" | "hoplimit")) => {
                // Destination address and header fields narrow the match; read as "matches".
                i += 1;
                r.fam = Some(if t.text == "ip" { Fam::V4 } else { Fam::V6 });
                nft_value(&toks, &mut i, sets);
            }
            ("ip", Some("protocol")) | ("ip6", Some("nexthdr")) | ("meta", Some("l4proto")) => {
                i += 1;
                if t.text != "meta" {
                    r.fam = Some(if t.text == "ip" { Fam::V4 } else { Fam::V6 });
                }
                let (neg, v) = nft_value(&toks, &mut i, sets);
                let protos: Vec<Proto> = v.iter().filter_map(|p| proto_of(p)).flatten().collect();
                if neg {
                    r.uncertain = true;
                } else {
                    r.protos = Some(protos);
                }
            }
            ("meta", Some("nfproto")) => {
                i += 1;
                let (_, v) = nft_value(&toks, &mut i, sets);
                match v.first().map(String::as_str) {
                    Some("ipv4") => r.fam = Some(Fam::V4),
                    Some("ipv6") => r.fam = Some(Fam::V6),
                    _ => r.uncertain = true,
                }
            }
            ("meta", Some("iif" | "iifname")) | ("iif" | "iifname", _) => {
                if t.text == "meta" {
                    i += 1;
                }
                let (neg, v) = nft_value(&toks, &mut i, sets);
                if !neg && v.len() == 1 && v[0] == "lo" {
                    r.loopback = true;
                } else if neg {
                    r.uncertain = true;
                } else {
                    r.iface = Some(v.join(","));
                }
            }
            ("meta", Some("oif" | "oifname")) | ("oif" | "oifname", _) => {
                if t.text == "meta" {
                    i += 1;
                }
                nft_value(&toks, &mut i, sets);
            }
            ("tcp" | "udp" | "th" | "sctp", Some("dport")) => {
                i += 1;
                match t.text {
                    "tcp" => r.protos = Some(vec![Proto::Tcp]),
                    "udp" => r.protos = Some(vec![Proto::Udp]),
                    "sctp" => r.protos = Some(Vec::new()),
                    _ => {}
                }
                let (neg, v) = nft_value(&toks, &mut i, sets);
                let ranges: Vec<(u16, u16)> = v.iter().filter_map(|p| port_range(p)).collect();
                if ranges.len() != v.len() {
                    r.uncertain = true;
                }
                r.dports = Some((neg, ranges));
            }
            ("tcp" | "udp" | "th", _) => {
                // `tcp flags ...`, `tcp sport ...`: protocol known, the rest not read.
                match t.text {
                    "tcp" => r.protos = Some(vec![Proto::Tcp]),
                    "udp" => r.protos = Some(vec![Proto::Udp]),
                    _ => {}
                }
                r.uncertain = true;
                skip_to_keyword(&toks, &mut i);
            }
            ("icmp" | "icmpv6", _) => {
                r.protos = Some(Vec::new());
                skip_to_keyword(&toks, &mut i);
            }
            ("ct", Some("state")) => {
                i += 1;
                if word(i) == Some("vmap") {
                    // `ct state vmap { established : accept, invalid : drop }`
                    r.not_new = true;
                    i += 1;
                    nft_value(&toks, &mut i, sets);
                    continue;
                }
                let (neg, v) = nft_value(&toks, &mut i, sets);
                let has_new = v.iter().any(|s| s == "new" || s == "untracked");
                if has_new == neg {
                    r.not_new = true;
                }
            }
            ("counter", _) => {
                while word(i).is_some_and(|w| matches!(w, "packets" | "bytes")) {
                    i += 2;
                }
            }
            ("comment", _) => i += 1,
            ("log", _) | ("limit", _) | ("meta", _) | ("fib", _) | ("mark", _) | ("ct", _) | ("queue", _) => {
                if t.text != "log" {
                    r.uncertain = true;
                }
                skip_to_keyword(&toks, &mut i);
            }
            ("accept", _) => r.verdict = Verdict::Accept,
            ("drop", _) => r.verdict = Verdict::Drop,
            ("reject", _) => {
                r.verdict = Verdict::Drop;
                skip_to_keyword(&toks, &mut i);
            }
            ("jump" | "goto", Some(target)) => {
                i += 1;
                r.verdict = if t.text == "jump" { Verdict::Jump(target.to_string()) } else { Verdict::Goto(target.to_string()) };
            }
            ("return", _) => r.verdict = Verdict::Return,
            ("continue", _) => {}
            _ => r.uncertain = true,
        }
    }
    r
}

fn skip_to_keyword(toks: &[Tok<'_>], i: &mut usize) {
    while let Some(t) = toks.get(*i) {
        if !t.quoted && NFT_KEYWORDS.contains(&t.text) {
            return;
        }
        *i += 1;
    }
}

/// Reads `nft list ruleset` (lines numbered as in the artifact).
pub(crate) fn parse_nft<'a>(lines: impl Iterator<Item = (u32, &'a str)>) -> Ruleset {
    #[derive(PartialEq)]
    enum Block {
        Table,
        Chain,
        Set,
        Other,
    }
    let lines: Vec<(u32, &str)> = lines.collect();
    // Pass 1: named sets with their elements, per table.
    let mut sets: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    {
        let mut table = String::new();
        let mut current: Option<String> = None;
        let mut in_elements = false;
        for (_, raw) in &lines {
            let l = raw.trim();
            if let Some(rest) = l.strip_prefix("table ") {
                table = rest.trim_end_matches('{').trim().to_string();
                continue;
            }
            if let Some(rest) = l.strip_prefix("set ").or_else(|| l.strip_prefix("map ")) {
                current = Some(rest.trim_end_matches('{').trim().to_string());
                continue;
            }
            let Some(name) = &current else { continue };
            let mut body = l;
            if let Some(after) = l.strip_prefix("elements = ") {
                in_elements = true;
                body = after;
            }
            if in_elements {
                let entries = sets.entry(table.clone()).or_default().entry(name.clone()).or_default();
                for e in body.split(',') {
                    let e = e.trim().trim_start_matches('{').trim_end_matches('}').trim();
                    // Map entries `10.0.0.1 : accept` and timeouts keep the key.
                    let e = e.split_whitespace().next().unwrap_or("");
                    if !e.is_empty() {
                        entries.push(e.to_string());
                    }
                }
                if body.contains('}') {
                    in_elements = false;
                }
            } else if l == "}" {
                current = None;
            }
        }
    }
    // Pass 2: chains and rules.
    let empty = BTreeMap::new();
    let mut set = Ruleset::default();
    let mut stack: Vec<Block> = Vec::new();
    // The current table: `inet filter` as reports name it, the families it sees, and
    // its key in `sets`.
    let (mut table_label, mut table_fams, mut table_key) = (String::new(), Vec::new(), String::new());
    let mut in_elements = false;
    for (no, raw) in lines {
        let l = raw.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if in_elements {
            if l.contains('}') {
                in_elements = false;
            }
            continue;
        }
        if l == "}" {
            stack.pop();
            continue;
        }
        if let Some(rest) = l.strip_prefix("table ") {
            let mut w = rest.trim_end_matches('{').split_whitespace();
            let (family, name) = match (w.next(), w.next()) {
                (Some(f), Some(n)) => (f, n),
                (Some(n), None) => ("ip", n),
                _ => ("", ""),
            };
            let fams = match family {
                "ip" => vec![Fam::V4],
                "ip6" => vec![Fam::V6],
                "inet" => vec![Fam::V4, Fam::V6],
                _ => Vec::new(),
            };
            table_label = format!("{family} {name}");
            table_fams = fams;
            table_key = rest.trim_end_matches('{').trim().to_string();
            stack.push(Block::Table);
            continue;
        }
        if l.ends_with('{') {
            let head = l.trim_end_matches('{').trim();
            if let Some(name) = head.strip_prefix("chain ") {
                set.chains.push(Chain {
                    name: name.trim().to_string(),
                    table: format!("nftables {table_label}"),
                    label: format!("nftables {table_label} chain {}", name.trim()),
                    fams: table_fams.clone(),
                    base: None,
                    rules: Vec::new(),
                });
                stack.push(Block::Chain);
            } else if head.starts_with("set ") || head.starts_with("map ") {
                stack.push(Block::Set);
            } else {
                stack.push(Block::Other);
            }
            continue;
        }
        if stack.last() == Some(&Block::Set) {
            if l.starts_with("elements = ") && !l.contains('}') {
                in_elements = true;
            }
            continue;
        }
        if stack.last() != Some(&Block::Chain) {
            continue;
        }
        let Some(chain) = set.chains.last_mut() else { continue };
        if l.starts_with("type ") {
            // `type filter hook input priority filter; policy drop;`
            let words: Vec<&str> = l.split([' ', ';']).filter(|w| !w.is_empty()).collect();
            let hook = words.windows(2).find(|w| w[0] == "hook").map(|w| w[1]);
            let kind = words.get(1).copied();
            if hook == Some("input") && kind == Some("filter") {
                let policy = words.windows(2).find(|w| w[0] == "policy").map(|w| w[1]);
                chain.base = Some((policy != Some("drop"), no));
            }
            continue;
        }
        if l.starts_with("policy ") {
            if let Some(base) = &mut chain.base {
                base.0 = !l.contains("drop");
            }
            continue;
        }
        let table_sets = sets.get(&table_key).unwrap_or(&empty);
        chain.rules.push(nft_rule(no, l, table_sets));
    }
    set
}

// ---------------------------------------------------------------- iptables

/// Reads the `*filter` table of `iptables-save` (`fam` V4) or `ip6tables-save` (V6),
/// adding its chains to `set`.
pub(crate) fn parse_iptables<'a>(lines: impl Iterator<Item = (u32, &'a str)>, fam: Fam, set: &mut Ruleset) {
    let tool = if fam == Fam::V4 { "iptables" } else { "ip6tables" };
    let table = format!("{tool} filter");
    let mut in_filter = false;
    let first = set.chains.len();
    for (no, raw) in lines {
        let l = raw.trim();
        if let Some(t) = l.strip_prefix('*') {
            in_filter = t == "filter";
            continue;
        }
        if !in_filter || l.is_empty() || l.starts_with('#') {
            continue;
        }
        if l == "COMMIT" {
            in_filter = false;
            continue;
        }
        if let Some(rest) = l.strip_prefix(':') {
            let mut w = rest.split_whitespace();
            let (Some(name), Some(policy)) = (w.next(), w.next()) else { continue };
            let base = (name == "INPUT").then(|| (policy != "DROP" && policy != "REJECT", no));
            set.chains.push(Chain {
                name: name.to_string(),
                table: table.clone(),
                label: format!("{tool} {name}"),
                fams: vec![fam],
                base,
                rules: Vec::new(),
            });
            continue;
        }
        let Some(rest) = l.strip_prefix("-A ") else { continue };
        let mut words = rest.split_whitespace();
        let Some(chain_name) = words.next() else { continue };
        let rule = ipt_rule(no, rest.get(chain_name.len()..).unwrap_or(""));
        let found = set.chains[first..].iter_mut().find(|c| c.name == chain_name);
        match found {
            Some(c) => c.rules.push(rule),
            None => set.chains.push(Chain {
                name: chain_name.to_string(),
                table: table.clone(),
                label: format!("{tool} {chain_name}"),
                fams: vec![fam],
                base: None,
                rules: vec![rule],
            }),
        }
    }
}

/// Words of an iptables rule; a quoted comment is one word.
fn ipt_words(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        if let Some(q) = rest.strip_prefix('"') {
            let end = q.find('"').unwrap_or(q.len());
            out.push(&q[..end]);
            rest = q.get(end + 1..).unwrap_or("").trim_start();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.push(&rest[..end]);
            rest = rest[end..].trim_start();
        }
    }
    out
}

fn ipt_rule(line: u32, text: &str) -> Rule {
    let w = ipt_words(text);
    let mut r = Rule::new(line);
    let mut i = 0;
    let mut neg = false;
    while i < w.len() {
        let opt = w[i];
        i += 1;
        let mut arg = || {
            let a = w.get(i).copied().unwrap_or("");
            i += 1;
            a
        };
        match opt {
            "!" => {
                neg = true;
                continue;
            }
            "-s" | "--source" | "--src" => {
                let srcs = arg().split(',').map(Src::parse).collect();
                r.saddr = Some((neg, srcs));
            }
            "-d" | "--destination" | "--dst" | "-o" | "--out-interface" => {
                arg();
            }
            "-p" | "--protocol" => {
                let p = arg();
                if neg {
                    r.uncertain = true;
                } else {
                    r.protos = proto_of(p);
                }
            }
            "--dport" | "--destination-port" | "--dports" | "--destination-ports" | "--ports" => {
                let v = arg();
                let ranges: Vec<(u16, u16)> = v.split(',').filter_map(port_range).collect();
                if ranges.len() != v.split(',').count() {
                    r.uncertain = true;
                }
                r.dports = Some((neg, ranges));
            }
            "-i" | "--in-interface" => {
                let v = arg();
                if neg {
                    r.uncertain = true;
                } else if v == "lo" {
                    r.loopback = true;
                } else {
                    r.iface = Some(v.to_string());
                }
            }
            "--state" | "--ctstate" => {
                let v = arg();
                let has_new = v.split(',').any(|s| s == "NEW" || s == "UNTRACKED");
                if has_new == neg {
                    r.not_new = true;
                }
            }
            "--match-set" => {
                let name = arg();
                let dir = arg();
                if dir.split(',').next() == Some("src") {
                    r.saddr = Some((neg, vec![Src::Other(format!("ipset:{name}"))]));
                }
            }
            "--src-range" => {
                let v = arg();
                r.saddr = Some((neg, vec![Src::Other(v.to_string())]));
            }
            "-m" | "--match" => {
                let module = arg();
                if !matches!(module, "tcp" | "udp" | "state" | "conntrack" | "multiport" | "comment" | "set" | "iprange") {
                    r.uncertain = true;
                }
            }
            "--comment" | "--log-prefix" | "--log-level" | "--reject-with" => {
                arg();
            }
            "-j" | "--jump" | "-g" | "--goto" => {
                let target = arg();
                r.verdict = match target {
                    "ACCEPT" => Verdict::Accept,
                    "DROP" | "REJECT" => Verdict::Drop,
                    "RETURN" => Verdict::Return,
                    "LOG" | "NFLOG" | "ULOG" | "MARK" | "CONNMARK" | "AUDIT" => Verdict::Continue,
                    t if opt == "-g" || opt == "--goto" => Verdict::Goto(t.to_string()),
                    t => Verdict::Jump(t.to_string()),
                };
            }
            "-4" => r.fam = Some(Fam::V4),
            "-6" => r.fam = Some(Fam::V6),
            o if o.starts_with('-') => {
                // An option this module does not read, and its arguments.
                r.uncertain = true;
                while w.get(i).is_some_and(|a| !a.starts_with('-') && *a != "!") {
                    i += 1;
                }
            }
            _ => r.uncertain = true,
        }
        neg = false;
    }
    r
}

// ---------------------------------------------------------------- firewalld

/// One firewalld zone of `firewall-cmd --list-all-zones`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Zone {
    name: String,
    line: u32,
    active: bool,
    default: bool,
    accept_all: bool,
    interfaces: Vec<String>,
    sources: Vec<(String, u32)>,
    services: Vec<(String, u32)>,
    ports: Vec<(Proto, u16, u16, u32)>,
    /// Accepting rich rules: (sources or empty for any, what they open, line).
    rich: Vec<(Vec<String>, RichTarget, u32)>,
}

#[derive(Debug, Clone)]
enum RichTarget {
    Service(String),
    Port(Proto, u16, u16),
}

/// firewalld's predefined services: the ports they open.
fn firewalld_service(name: &str) -> Option<&'static [(Proto, u16, u16)]> {
    use Proto::{Tcp, Udp};
    Some(match name {
        "ssh" => &[(Tcp, 22, 22)],
        "telnet" => &[(Tcp, 23, 23)],
        "ftp" => &[(Tcp, 21, 21)],
        "tftp" => &[(Udp, 69, 69)],
        "http" => &[(Tcp, 80, 80)],
        "https" => &[(Tcp, 443, 443)],
        "http3" => &[(Udp, 443, 443)],
        "snmp" => &[(Tcp, 161, 161), (Udp, 161, 161)],
        "snmptrap" => &[(Tcp, 162, 162), (Udp, 162, 162)],
        "vnc-server" => &[(Tcp, 5900, 5903)],
        "rdp" => &[(Tcp, 3389, 3389), (Udp, 3389, 3389)],
        "samba" => &[(Tcp, 139, 139), (Tcp, 445, 445), (Udp, 137, 138)],
        "rsh" => &[(Tcp, 514, 514)],
        "openvpn" => &[(Udp, 1194, 1194)],
        "wireguard" => &[(Udp, 51820, 51820)],
        "ipsec" => &[(Udp, 500, 500), (Udp, 4500, 4500)],
        "l2tp" => &[(Udp, 1701, 1701)],
        "pptp" => &[(Tcp, 1723, 1723)],
        "cockpit" => &[(Tcp, 9090, 9090)],
        "dhcpv6-client" => &[(Udp, 546, 546)],
        "dhcp" => &[(Udp, 67, 67)],
        "dns" => &[(Tcp, 53, 53), (Udp, 53, 53)],
        "ntp" => &[(Udp, 123, 123)],
        "mdns" => &[(Udp, 5353, 5353)],
        "nfs" => &[(Tcp, 2049, 2049)],
        "mysql" => &[(Tcp, 3306, 3306)],
        "postgresql" => &[(Tcp, 5432, 5432)],
        "syslog" => &[(Udp, 514, 514)],
        "syslog-tls" => &[(Tcp, 6514, 6514)],
        "dicom" => &[(Tcp, 104, 104)],
        _ => return None,
    })
}

/// `5901/tcp`, `5900-5903/tcp`.
fn zone_port(s: &str) -> Option<(Proto, u16, u16)> {
    let (ports, proto) = s.split_once('/')?;
    let proto = proto_of(proto)?.first().copied()?;
    let (a, b) = port_range(ports)?;
    Some((proto, a, b))
}

/// `key="value"` in a rich rule.
fn rich_value<'a>(rule: &'a str, key: &str) -> Option<&'a str> {
    let pat = format!("{key}=\"");
    let at = rule.find(&pat)? + pat.len();
    let rest = &rule[at..];
    rest.find('"').map(|e| &rest[..e])
}

fn rich_rule(rule: &str) -> Option<(Vec<String>, RichTarget)> {
    if !rule.split_whitespace().any(|w| w == "accept") {
        return None;
    }
    let sources = if rule.contains("source not ") || rule.contains("source ipset=") {
        match rich_value(rule, "ipset") {
            Some(set) if !rule.contains("source not ") => vec![format!("ipset:{set}")],
            _ => Vec::new(),
        }
    } else {
        rule.find("source ").and_then(|at| rich_value(&rule[at..], "address")).map(|a| vec![a.to_string()]).unwrap_or_default()
    };
    let target = if let Some(at) = rule.find("service ") {
        RichTarget::Service(rich_value(&rule[at..], "name")?.to_string())
    } else if let Some(at) = rule.find("port ") {
        let r = &rule[at..];
        let (a, b) = port_range(rich_value(r, "port")?)?;
        RichTarget::Port(proto_of(rich_value(r, "protocol")?)?.first().copied()?, a, b)
    } else {
        return None;
    };
    Some((sources, target))
}

/// Reads `firewall-cmd --list-all-zones`.
pub(crate) fn parse_zones<'a>(lines: impl Iterator<Item = (u32, &'a str)>) -> Vec<Zone> {
    let mut zones: Vec<Zone> = Vec::new();
    let mut in_rich = false;
    for (no, raw) in lines {
        if raw.trim().is_empty() {
            continue;
        }
        if !raw.starts_with(char::is_whitespace) {
            let (name, flags) = match raw.split_once(' ') {
                Some((n, f)) => (n, f),
                None => (raw, ""),
            };
            zones.push(Zone {
                name: name.trim().to_string(),
                line: no,
                active: flags.contains("active"),
                default: flags.contains("default"),
                ..Zone::default()
            });
            in_rich = false;
            continue;
        }
        let Some(zone) = zones.last_mut() else { continue };
        let l = raw.trim();
        if in_rich && !l.contains(": ") && l.starts_with("rule") {
            if let Some((sources, target)) = rich_rule(l) {
                zone.rich.push((sources, target, no));
            }
            continue;
        }
        let Some((key, value)) = l.split_once(':') else { continue };
        in_rich = key == "rich rules";
        let words = value.split_whitespace();
        match key {
            "target" => zone.accept_all = value.trim() == "ACCEPT",
            "interfaces" => zone.interfaces = words.map(String::from).collect(),
            "sources" => zone.sources = words.map(|w| (w.to_string(), no)).collect(),
            "services" => zone.services = words.map(|w| (w.to_string(), no)).collect(),
            "ports" => zone.ports = words.filter_map(zone_port).map(|(p, a, b)| (p, a, b, no)).collect(),
            _ => {}
        }
    }
    zones
}

/// Services named in active zones that this module cannot map to ports.
pub(crate) fn unknown_services(zones: &[Zone]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for z in zones.iter().filter(|z| z.active) {
        for (s, _) in &z.services {
            if firewalld_service(s).is_none() && !out.contains(s) {
                out.push(s.clone());
            }
        }
    }
    out
}

/// Who may reach `proto` on any of `ports` through the active firewalld zones.
pub(crate) fn zones_reach(zones: &[Zone], proto: Proto, ports: &[u16]) -> Reach {
    let opens = |p: Proto, a: u16, b: u16| p == proto && ports.iter().any(|x| (a..=b).contains(x));
    let mut total = Accepted::default();
    let mut lines = Vec::new();
    let mut labels = Vec::new();
    for z in zones.iter().filter(|z| z.active) {
        // A zone bound to sources applies to them; one bound to interfaces (or the
        // default zone, which takes every interface not bound elsewhere) to anyone.
        let zone_sources: Option<Vec<Src>> = if z.interfaces.is_empty() && !z.default {
            Some(z.sources.iter().map(|(s, _)| Src::parse(s)).collect())
        } else {
            None
        };
        let mut zone_lines = vec![z.line];
        zone_lines.extend(z.sources.iter().map(|(_, l)| *l));
        let mut opened = z.accept_all;
        for (s, l) in &z.services {
            if firewalld_service(s).is_some_and(|ps| ps.iter().any(|(p, a, b)| opens(*p, *a, *b))) {
                opened = true;
                zone_lines.push(*l);
            }
        }
        for (p, a, b, l) in &z.ports {
            if opens(*p, *a, *b) {
                opened = true;
                zone_lines.push(*l);
            }
        }
        let mut allowed = Accepted::default();
        if opened {
            match &zone_sources {
                None => allowed.all = true,
                Some(list) => allowed.list.extend(list.iter().cloned()),
            }
        }
        for (srcs, target, l) in &z.rich {
            let hit = match target {
                RichTarget::Service(s) => firewalld_service(s).is_some_and(|ps| ps.iter().any(|(p, a, b)| opens(*p, *a, *b))),
                RichTarget::Port(p, a, b) => opens(*p, *a, *b),
            };
            if !hit {
                continue;
            }
            zone_lines.push(*l);
            if srcs.is_empty() {
                match &zone_sources {
                    None => allowed.all = true,
                    Some(list) => allowed.list.extend(list.iter().cloned()),
                }
            } else {
                allowed.list.extend(srcs.iter().map(|s| Src::parse(s)));
            }
        }
        if !allowed.all && allowed.list.is_empty() {
            continue;
        }
        lines.extend(zone_lines);
        if !allowed.all {
            labels.push(format!("firewalld zone {}", z.name));
        }
        total.all |= allowed.all;
        total.list.extend(allowed.list);
    }
    let mut reach = finish(total, lines, labels);
    if reach.sources.is_empty() {
        reach.restricted_by = Some("firewalld (no active zone opens it)".into());
    }
    reach
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nft(text: &str) -> Ruleset {
        parse_nft(text.lines().enumerate().map(|(i, l)| (i as u32 + 1, l)))
    }

    fn ipt(text: &str) -> Ruleset {
        let mut set = Ruleset::default();
        parse_iptables(text.lines().enumerate().map(|(i, l)| (i as u32 + 1, l)), Fam::V4, &mut set);
        set
    }

    const NFT: &str = "table inet filter {
\tset mgmt {
\t\ttype ipv4_addr
\t\tflags interval
\t\telements = { 192.168.10.0/24,
\t\t\t     10.20.0.0/16 }
\t}

\tchain input {
\t\ttype filter hook input priority filter; policy drop;
\t\tct state established,related accept
\t\tct state invalid drop
\t\tiif \"lo\" accept
\t\tip saddr @mgmt tcp dport 22 ct state new counter packets 3 bytes 180 accept comment \"ssh from mgmt\"
\t\ttcp dport { 80, 443 } accept
\t\tudp dport 161 ip saddr 192.168.10.5 accept
\t\tjump extra
\t}

\tchain extra {
\t\tip saddr 172.16.0.0/12 tcp dport 8000-8100 accept
\t}
}
";

    #[test]
    fn nftables_sources_per_port() {
        let set = nft(NFT);
        let ssh = set.reach(Proto::Tcp, &[22], &[Fam::V4, Fam::V6]);
        assert_eq!(ssh.sources, vec!["192.168.10.0/24", "10.20.0.0/16"]);
        assert_eq!(ssh.restricted_by.as_deref(), Some("nftables inet filter chain input"));
        assert_eq!(ssh.lines, vec![10, 14]);
        assert!(set.reach(Proto::Tcp, &[443], &[Fam::V4]).is_any());
        assert_eq!(set.reach(Proto::Udp, &[161], &[Fam::V4]).sources, vec!["192.168.10.5/32"]);
        // IPv6 cannot match an `ip saddr` rule: nobody over IPv6.
        assert!(set.reach(Proto::Udp, &[161], &[Fam::V6]).sources.is_empty());
        assert!(set.reach(Proto::Tcp, &[23], &[Fam::V4]).sources.is_empty());
        assert_eq!(set.reach(Proto::Tcp, &[8080], &[Fam::V4]).sources, vec!["172.16.0.0/12"]);
    }

    #[test]
    fn nftables_drop_then_accept_and_unfiltered_family() {
        let set = nft(
            "table ip f {\n chain in {\n  type filter hook input priority 0; policy accept;\n  ip saddr 10.9.0.0/16 tcp dport 22 drop\n  tcp dport 22 ip saddr 10.0.0.0/8 accept\n  tcp dport 22 drop\n }\n}\n",
        );
        assert_eq!(set.reach(Proto::Tcp, &[22], &[Fam::V4]).sources, vec!["10.0.0.0/8"]);
        // An ip table does not filter IPv6 at all.
        assert!(set.reach(Proto::Tcp, &[22], &[Fam::V6]).is_any());
        assert!(set.reach(Proto::Tcp, &[23], &[Fam::V4]).is_any());
        // A rule with a match not understood accepts (never narrower than the truth).
        let set = nft(
            "table ip f {\n chain in {\n  type filter hook input priority 0; policy drop;\n  tcp dport 22 meta skuid 0 accept\n }\n}\n",
        );
        assert!(set.reach(Proto::Tcp, &[22], &[Fam::V4]).is_any());
    }

    #[test]
    fn iptables_save() {
        let set = ipt("*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:MGMT - [0:0]
-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j MGMT
-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT
-A INPUT ! -s 192.168.0.0/16 -p udp --dport 161 -j DROP
-A INPUT -p udp --dport 161 -j ACCEPT
-A INPUT -p tcp --dport 3306 -m set --match-set dbclients src -j ACCEPT
-A MGMT -s 192.168.10.0/24,192.168.11.0/24 -m comment --comment \"ops LAN\" -j ACCEPT
-A MGMT -j LOG --log-prefix \"ssh denied \"
-A MGMT -j REJECT --reject-with icmp-port-unreachable
COMMIT
");
        let ssh = set.reach(Proto::Tcp, &[22], &[Fam::V4]);
        assert_eq!(ssh.sources, vec!["192.168.10.0/24", "192.168.11.0/24"]);
        assert_eq!(ssh.restricted_by.as_deref(), Some("iptables INPUT"));
        assert!(set.reach(Proto::Tcp, &[80], &[Fam::V4]).is_any());
        assert_eq!(set.reach(Proto::Udp, &[161], &[Fam::V4]).sources, vec!["192.168.0.0/16"]);
        assert_eq!(set.reach(Proto::Tcp, &[3306], &[Fam::V4]).sources, vec!["ipset:dbclients"]);
        assert!(set.reach(Proto::Tcp, &[25], &[Fam::V4]).sources.is_empty());
        assert!(!set.filters(Fam::V6));
    }

    #[test]
    fn firewalld_zones() {
        let text = "public (default, active)
  target: default
  interfaces: ens192
  sources: 
  services: cockpit dhcpv6-client ssh
  ports: 5901/tcp
  rich rules: 
\trule family=\"ipv4\" source address=\"10.1.2.0/24\" service name=\"snmp\" accept
\trule family=\"ipv4\" source address=\"10.1.3.0/24\" port port=\"8443\" protocol=\"tcp\" reject

mgmt (active)
  target: ACCEPT
  sources: 192.168.10.0/24
  services: 

trusted
  target: ACCEPT
  interfaces: 
";
        let zones = parse_zones(text.lines().enumerate().map(|(i, l)| (i as u32 + 1, l)));
        assert_eq!(zones.len(), 3);
        assert!(zones_reach(&zones, Proto::Tcp, &[22]).is_any());
        assert!(zones_reach(&zones, Proto::Tcp, &[5901]).is_any());
        let snmp = zones_reach(&zones, Proto::Udp, &[161]);
        let mut s = snmp.sources.clone();
        s.sort();
        assert_eq!(s, vec!["10.1.2.0/24", "192.168.10.0/24"]);
        let db = zones_reach(&zones, Proto::Tcp, &[5432]);
        assert_eq!(
            (db.sources.as_slice(), db.restricted_by.as_deref()),
            (&["192.168.10.0/24".to_string()][..], Some("firewalld zone mgmt"))
        );
        assert!(unknown_services(&zones).is_empty());
    }
}
