//! Rules for command-line configurations: Cisco IOS/IOS XE/NX-OS/ASA, Arista EOS,
//! Allied Telesis AlliedWare Plus, FortiOS, Juniper Junos (set and brace forms),
//! Yamaha RTX/NVR/FWX, NEC UNIVERGE IX, PAN-OS set form and Net-SNMP `snmpd.conf`.
//!
//! Syntax follows the vendors' command references. Rules are anchored on the
//! command's leading keywords or on a keyword that only ever introduces a secret
//! (`key-string`, `pre-shared-key`, `encrypted-password`), so that prose and
//! look-alike commands (`service password-encryption`) stay untouched.

use super::Hits;
use super::lex::{Tok, classify, is_value};
use crate::SecretKind;

/// Cisco-style storage markers in front of a value (`secret 9 X`, `key 7 X`), plus
/// EOS's `sha512`.
const CISCO_MARKERS: &[&str] = &["0", "4", "5", "6", "7", "8", "9", "sha512"];
/// Markers in front of a key (`key 7 X`, `pre-shared-key 6 X`).
const KEY_MARKERS: &[&str] = &["0", "6", "7", "8"];
/// Words that follow `password`/`secret` in commands that set a policy, not a password.
const NOT_A_VALUE: &[&str] = &[
    "encryption",
    "strength-check",
    "policy",
    "history",
    "minimum",
    "min-length",
    "max-length",
    "minimum-length",
    "maximum-length",
    "format",
    "length",
    "required",
    "prompt",
    "complexity",
    "expiry",
    "expire",
    "lifetime",
    "aging",
    "reuse",
    "recovery",
    "change",
    "lockout",
    "retry",
    "{",
];
const SNMP_AUTH_ALGS: &[&str] =
    &["md5", "sha", "sha1", "sha-1", "sha224", "sha-224", "sha256", "sha-256", "sha384", "sha-384", "sha512", "sha-512", "sha-2"];
const SNMP_PRIV_ALGS: &[&str] = &[
    "des",
    "3des",
    "des56",
    "aes",
    "aes128",
    "aes-128",
    "aes192",
    "aes-192",
    "aes256",
    "aes-256",
    "aes-cfb-128",
    "aes-cfb-192",
    "aes-cfb-256",
];
const KEY_BITS: &[&str] = &["128", "192", "224", "256", "384", "512"];
/// Banner lines closing a runaway banner: a truncated banner must not switch the
/// keyword rules off for the rest of a configuration.
const MAX_BANNER_LINES: u32 = 100;

/// Which Cisco-style top-level block an indented line belongs to.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Block {
    #[default]
    Other,
    /// `tacacs server`, `radius server`, `aaa-server`, `aaa group server`: `key X` is a secret.
    Aaa,
    /// `key chain`: `key N` is a key number.
    KeyChain,
}

/// How an open banner ends.
#[derive(Debug, Clone, PartialEq, Eq)]
enum BannerEnd {
    /// IOS `^C`, NX-OS `#`: the delimiter appears again.
    Delimiter(String),
    /// EOS: a line `EOF`.
    EofLine,
}

/// A FortiOS block: `config a b` or `edit x`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FortiFrame {
    Config(String),
    Edit,
}

#[derive(Debug, Default)]
pub(super) struct CliState {
    banner: Option<(BannerEnd, u32)>,
    block: Block,
    forti: Vec<FortiFrame>,
    /// Junos brace depth, and the depth of the `snmp { }` body if inside one.
    depth: usize,
    snmp_body: Option<usize>,
}

/// The value after position `j`, past an optional marker from `markers` (a marker
/// counts only when a value follows it). Returns the value's index and the marker.
fn value_at<'a>(toks: &[Tok<'a>], j: usize, markers: &[&str]) -> Option<(usize, Option<&'a str>)> {
    let t = toks.get(j)?;
    if t.is_any(markers) && toks.len() > j + 1 {
        return Some((j + 1, Some(t.val)));
    }
    Some((j, None))
}

/// Pushes the value at `j` (past a marker), classified.
fn push_value(toks: &[Tok<'_>], j: usize, markers: &[&str], purpose: SecretKind, hits: &mut Hits) {
    if let Some((v, marker)) = value_at(toks, j, markers) {
        let t = &toks[v];
        hits.tok(t, classify(marker, t.val, purpose));
    }
}

/// A password value with Cisco markers, honouring ASA's trailing `encrypted`/`pbkdf2`.
fn push_password(toks: &[Tok<'_>], j: usize, hits: &mut Hits) {
    let Some((v, marker)) = value_at(toks, j, CISCO_MARKERS) else { return };
    let t = &toks[v];
    if t.is_any(NOT_A_VALUE) {
        return;
    }
    let mut kind = classify(marker, t.val, SecretKind::PlainPassword);
    if marker.is_none() && kind == SecretKind::PlainPassword {
        let rest = &toks[v + 1..];
        if rest.iter().any(|t| t.is("encrypted")) {
            kind = SecretKind::Md5Hash;
        } else if rest.iter().any(|t| t.is("pbkdf2")) {
            kind = SecretKind::OtherHash;
        }
    }
    hits.tok(t, kind);
}

fn find(toks: &[Tok<'_>], from: usize, word: &str) -> Option<usize> {
    toks.iter().enumerate().skip(from).find(|(_, t)| t.is(word)).map(|(i, _)| i)
}

impl CliState {
    /// Tracks banners; true when `line` is banner text (or its first line), where
    /// only anchored rules apply.
    pub(super) fn banner(&mut self, line: &str, toks: &[Tok<'_>]) -> bool {
        if let Some((end, n)) = &mut self.banner {
            let closed = match end {
                BannerEnd::Delimiter(d) => line.contains(d.as_str()),
                BannerEnd::EofLine => line.trim() == "EOF",
            };
            *n += 1;
            if closed || *n >= MAX_BANNER_LINES {
                self.banner = None;
            }
            return true;
        }
        let kinds = ["motd", "login", "exec", "incoming", "slip-ppp", "prompt-timeout", "config-save"];
        if toks.len() < 2 || !toks[0].is("banner") || !toks[1].is_any(&kinds) || line.starts_with(char::is_whitespace) {
            return false;
        }
        let rest = line.get(toks[1].end..).unwrap_or("").trim_start();
        if rest.is_empty() {
            self.banner = Some((BannerEnd::EofLine, 0));
        } else if let Some(after) = rest.strip_prefix("^C") {
            if !after.contains("^C") {
                self.banner = Some((BannerEnd::Delimiter("^C".into()), 0));
            }
        } else if let Some(c) = rest.chars().next().filter(|c| c.is_ascii_punctuation())
            && !rest[c.len_utf8()..].contains(c)
        {
            self.banner = Some((BannerEnd::Delimiter(c.to_string()), 0));
        }
        // Otherwise a one-line banner (ASA `banner motd TEXT`).
        true
    }

    /// The rules anchored on a command or on a secret-only keyword.
    pub(super) fn specific(&mut self, line: &str, toks: &[Tok<'_>], hits: &mut Hits) {
        let Some(first) = toks.first() else { return };
        let indented = line.starts_with(char::is_whitespace);
        if !indented {
            self.block = top_block(toks);
        }
        self.braces(line, toks, hits);
        self.forti_blocks(toks);
        if first.is("no") {
            return;
        }
        if line.as_bytes().contains(&b'#') && line.contains("## SECRET-DATA") {
            junos_secret_data(line, toks, hits);
        }
        self.anchored(toks, hits);
        anywhere(toks, hits);
    }

    fn anchored(&self, toks: &[Tok<'_>], hits: &mut Hits) {
        let t = |i: usize| toks.get(i);
        let is = |i: usize, w: &str| toks.get(i).is_some_and(|x| x.is(w));
        // Commands are matched as configurations print them (lower case, Net-SNMP's
        // `createUser`): capitalised words start prose (`Key version : A`).
        let Some(first) = t(0).filter(|f| !f.quoted) else { return };
        match first.val {
            "enable" if t(1).is_some_and(|x| x.is_any(&["secret", "password"])) => {
                let mut j = 2;
                if is(j, "level") && toks.len() > j + 2 {
                    j += 2;
                }
                push_password(toks, j, hits);
            }
            "username" => username(toks, hits),
            "passwd" => push_password(toks, 1, hits),
            "snmp-server" => snmp_server(toks, hits),
            "snmp-agent" if t(1).is_some_and(|x| x.is_any(&["ip", "ipv6"])) => {
                // NEC IX: `snmp-agent ip community NAME [ACL]`, `snmp-agent ip host ADDR NAME [version 2]`.
                if is(2, "community") {
                    push_value(toks, 3, &[], SecretKind::SnmpCommunity, hits);
                } else if is(2, "host") && t(4).is_some_and(|x| !x.is("version")) {
                    push_value(toks, 4, &[], SecretKind::SnmpCommunity, hits);
                }
            }
            // `server-private ADDR key X` inside `aaa group server` blocks.
            "tacacs-server" | "radius-server" | "server-private" => {
                if let Some(k) = find(toks, 1, "key") {
                    push_value(toks, k + 1, KEY_MARKERS, SecretKind::PreSharedKey, hits);
                }
            }
            "key" => self.key_line(toks, hits),
            "crypto" if is(1, "isakmp") && is(2, "key") => push_value(toks, 3, KEY_MARKERS, SecretKind::PreSharedKey, hits),
            "failover" | "pac" if is(1, "key") => push_value(toks, 2, KEY_MARKERS, SecretKind::PreSharedKey, hits),
            // NEC IX: `ike policy P peer A key KEY PROPOSAL`, `ikev2 authentication psk id ... key char KEY`.
            "ike" | "ikev2" => {
                if let Some(k) = find(toks, 1, "key") {
                    push_value(toks, k + 1, &["char", "hex"], SecretKind::PreSharedKey, hits);
                }
            }
            // NEC IX: `nm account ID password secret|plain X` (NetMeister),
            // `http-server username U secret-password X` (web GUI user).
            "nm" | "http-server" => nec_account_password(toks, hits),
            // NEC IX `ppp profile`: `authentication password USER PASS`.
            "authentication" if is(1, "password") => {
                let j = if toks.len() >= 4 { 3 } else { 2 };
                push_value(toks, j, &[], SecretKind::PlainPassword, hits);
            }
            // Yamaha.
            "login" if is(1, "password") => push_value(toks, 2, &["encrypted"], SecretKind::PlainPassword, hits),
            "login" if is(1, "user") => push_value(toks, 3, &["encrypted"], SecretKind::PlainPassword, hits),
            "administrator" if is(1, "password") => push_value(toks, 2, &["encrypted"], SecretKind::PlainPassword, hits),
            "pp" if is(1, "auth") => {
                // `pp auth username USER PASS [myname USER PASS]`, `pp auth myname USER PASS`.
                for (i, x) in toks.iter().enumerate().skip(2) {
                    if x.is_any(&["username", "myname"]) {
                        push_value(toks, i + 2, &[], SecretKind::PlainPassword, hits);
                    }
                }
            }
            "snmp" | "snmpv1" | "snmpv2c" => yamaha_snmp(toks, hits),
            "snmpv3" if is(1, "usm") && is(2, "user") => yamaha_snmpv3(toks, hits),
            "l2tp" if is(1, "tunnel") && is(2, "auth") && is(3, "on") => {
                push_value(toks, 4, &[], SecretKind::PreSharedKey, hits);
            }
            "set" => self.set_line(toks, hits),
            // Net-SNMP snmpd.conf.
            "rocommunity" | "rwcommunity" | "rocommunity6" | "rwcommunity6" | "trapcommunity" => {
                push_value(toks, 1, &[], SecretKind::SnmpCommunity, hits);
            }
            "com2sec" | "com2sec6" => {
                let j = if is(1, "-Cn") { 3 } else { 1 };
                push_value(toks, j + 2, &[], SecretKind::SnmpCommunity, hits);
            }
            "trapsink" | "trap2sink" | "informsink" | "authcommunity" => {
                push_value(toks, 2, &[], SecretKind::SnmpCommunity, hits);
            }
            "createUser" => create_user(toks, hits),
            _ => {}
        }
    }

    /// `key ...` at the start of a line: a secret in AAA server blocks and wherever a
    /// marker or a non-numeric value follows; `key N` is a key-chain key number.
    fn key_line(&self, toks: &[Tok<'_>], hits: &mut Hits) {
        let Some(next) = toks.get(1) else { return };
        // `key config-key password-encrypt [MASTER]`: the type 6 master key, if given.
        if next.is("config-key") {
            if toks.get(2).is_some_and(|t| t.is("password-encrypt")) {
                push_value(toks, 3, &[], SecretKind::PlainPassword, hits);
            }
            return;
        }
        if next.is("chain") {
            return;
        }
        if self.block != Block::Aaa && toks.len() == 2 && next.is_number() {
            return;
        }
        push_value(toks, 1, KEY_MARKERS, SecretKind::PreSharedKey, hits);
    }

    /// `set` lines: FortiOS attributes and Junos set form.
    fn set_line(&self, toks: &[Tok<'_>], hits: &mut Hits) {
        let Some(attr) = toks.get(1) else { return };
        if let Some(purpose) = forti_secret_attr(attr) {
            match toks.get(2) {
                Some(enc) if enc.val == "ENC" && toks.len() > 3 => hits.tok(&toks[3], SecretKind::FortiEnc),
                Some(v) if !v.is_any(&["enable", "disable"]) => hits.tok(v, classify(None, v.val, purpose)),
                _ => {}
            }
            return;
        }
        if attr.is("name") && self.in_forti_snmp_community() {
            push_value(toks, 2, &[], SecretKind::SnmpCommunity, hits);
            return;
        }
        // Junos: `set snmp community NAME ...`.
        if attr.is("snmp") && toks.get(2).is_some_and(|t| t.is("community")) {
            push_value(toks, 3, &[], SecretKind::SnmpCommunity, hits);
        }
        // Junos: `... authentication md5 1 key "$9$..."`.
        for (i, pair) in toks.windows(2).enumerate().skip(1) {
            if pair[1].is("key") && pair[0].is_number() {
                push_value(toks, i + 2, &[], SecretKind::PreSharedKey, hits);
            }
        }
    }

    fn in_forti_snmp_community(&self) -> bool {
        matches!(self.forti.last(), Some(FortiFrame::Edit))
            && self.forti.iter().rev().find_map(|f| match f {
                FortiFrame::Config(c) => Some(c.as_str()),
                FortiFrame::Edit => None,
            }) == Some("system snmp community")
    }

    /// Follows FortiOS `config`/`edit`/`next`/`end`.
    fn forti_blocks(&mut self, toks: &[Tok<'_>]) {
        let Some(first) = toks.first() else { return };
        if first.is("config") && toks.len() > 1 {
            if self.forti.len() < 64 {
                let path: Vec<String> = toks[1..].iter().map(|t| t.val.to_ascii_lowercase()).collect();
                self.forti.push(FortiFrame::Config(path.join(" ")));
            }
        } else if first.is("edit") && toks.len() > 1 {
            if self.forti.len() < 64 {
                self.forti.push(FortiFrame::Edit);
            }
        } else if first.is("next") && toks.len() == 1 {
            while let Some(f) = self.forti.pop() {
                if f == FortiFrame::Edit {
                    break;
                }
            }
        } else if first.is("end") && toks.len() == 1 {
            while let Some(f) = self.forti.pop() {
                if matches!(f, FortiFrame::Config(_)) {
                    break;
                }
            }
        }
    }

    /// Follows Junos braces for `snmp { community NAME { ... } }`.
    fn braces(&mut self, line: &str, toks: &[Tok<'_>], hits: &mut Hits) {
        let trimmed = line.trim();
        if trimmed.starts_with('}') {
            self.depth = self.depth.saturating_sub(1);
            if self.snmp_body.is_some_and(|d| d > self.depth) {
                self.snmp_body = None;
            }
            return;
        }
        let opens = trimmed.ends_with('{');
        if self.snmp_body == Some(self.depth) && toks.len() >= 2 && toks[0].is("community") {
            let junos_end = (opens && toks.len() == 3) || (toks.len() == 2 && trimmed.ends_with(';'));
            if junos_end {
                hits.tok(&toks[1], SecretKind::SnmpCommunity);
            }
        }
        if opens {
            if toks.len() == 2 && toks[0].is("snmp") {
                self.snmp_body = Some(self.depth + 1);
            }
            self.depth += 1;
        }
    }
}

/// The block a top-level Cisco-style line opens.
fn top_block(toks: &[Tok<'_>]) -> Block {
    let is = |i: usize, w: &str| toks.get(i).is_some_and(|x| x.is(w));
    let aaa = ((is(0, "tacacs") || is(0, "radius")) && is(1, "server"))
        || is(0, "aaa-server")
        || (is(0, "aaa") && (is(1, "group") || is(1, "server")));
    if aaa {
        Block::Aaa
    } else if is(0, "key") && is(1, "chain") {
        Block::KeyChain
    } else {
        Block::Other
    }
}

/// `username U ... password|secret [marker] X ...` (Cisco family, EOS, AW+, NEC IX).
fn username(toks: &[Tok<'_>], hits: &mut Hits) {
    let Some(i) = toks.iter().enumerate().skip(2).find(|(_, t)| t.is_any(&["password", "secret"])).map(|(i, _)| i) else {
        return;
    };
    let j = i + 1;
    // NEC IX: `password hash X [ROLE]`, `password plain [N] X [ROLE]`. A number is the
    // value itself only when nothing but a role (or nothing) follows it: a general user
    // has no role word, so `plain 1 X` ends the line.
    if let Some(m) = toks.get(j).filter(|t| t.is_any(&["hash", "plain"])) {
        let mut v = j + 1;
        let value_follows = toks.len() > v + 2 || toks.get(v + 1).is_some_and(|t| !t.is_any(&["administrator", "operator"]));
        if toks.get(v).is_some_and(Tok::is_number) && value_follows {
            v += 1;
        }
        if let Some(t) = toks.get(v) {
            let marker = if m.is("hash") { Some("hash") } else { None };
            hits.tok(t, classify(marker, t.val, SecretKind::PlainPassword));
        }
        return;
    }
    push_password(toks, j, hits);
}

/// NEC IX `password [secret|hash|plain] X` and `secret-password X` after `nm account`
/// or `http-server username`: the marker says how X is kept.
fn nec_account_password(toks: &[Tok<'_>], hits: &mut Hits) {
    let Some(i) = toks.iter().position(|t| t.is_any(&["password", "secret-password"])) else { return };
    let mut j = i + 1;
    let mut hashed = toks[i].is("secret-password");
    if let Some(m) = toks.get(j).filter(|t| t.is_any(&["secret", "hash", "plain"]))
        && toks.len() > j + 1
    {
        hashed = !m.is("plain");
        j += 1;
    }
    if let Some(t) = toks.get(j) {
        let marker = if hashed { Some("hash") } else { None };
        hits.tok(t, classify(marker, t.val, SecretKind::PlainPassword));
    }
}

/// `snmp-server community|host|user ...` (Cisco family, EOS, AW+).
fn snmp_server(toks: &[Tok<'_>], hits: &mut Hits) {
    let Some(sub) = toks.get(1) else { return };
    if sub.is("community") {
        push_value(toks, 2, &["0", "8"], SecretKind::SnmpCommunity, hits);
    } else if sub.is("host") {
        if let Some(c) = find(toks, 2, "community") {
            push_value(toks, c + 1, &["0", "8"], SecretKind::SnmpCommunity, hits);
            return;
        }
        // IOS/NX-OS/EOS: `host ADDR [vrf V] [informs|traps] [version 1|2c|3 [auth|noauth|priv]] COMMUNITY`;
        // ASA puts an interface name before the address.
        let mut j = 3;
        if toks.get(3).is_some_and(Tok::is_address) && !toks.get(2).is_some_and(Tok::is_address) {
            j = 4;
        }
        let is = |i: usize, w: &str| toks.get(i).is_some_and(|x| x.is(w));
        if is(j, "vrf") {
            j += 2;
        }
        // ASA: `poll` (answered, not sent traps) where IOS says `informs`/`traps`.
        if toks.get(j).is_some_and(|t| t.is_any(&["informs", "traps", "inform", "trap", "poll"])) {
            j += 1;
        }
        if is(j, "version") {
            if is(j + 1, "3") {
                return; // the positional argument is a user name
            }
            j += 2;
        }
        let skip = ["use-vrf", "source-interface", "filter-vrf", "udp-port", "vrf", "version", "informs", "traps"];
        if let Some(t) = toks.get(j).filter(|t| !t.is_any(&skip) && !t.is_address()) {
            hits.tok(t, SecretKind::SnmpCommunity);
        }
    } else if sub.is("host-group") {
        // ASA: `host-group IF OBJECT [poll|trap] [community [0|8] X] [version V]`: only a
        // value after `community` is secret (the object name is not).
        if let Some(c) = find(toks, 2, "community") {
            push_value(toks, c + 1, &["0", "8"], SecretKind::SnmpCommunity, hits);
        }
    } else if sub.is("user") {
        snmp_user_keys(toks, 3, hits);
    }
}

/// SNMPv3 `auth ALG [BITS] KEY [priv [ALG] [BITS] KEY]` from position `from`.
fn snmp_user_keys(toks: &[Tok<'_>], from: usize, hits: &mut Hits) {
    let n = toks.len();
    let mut after_auth = from;
    if let Some(a) = (from..n).find(|&i| toks[i].is("auth") && toks.get(i + 1).is_some_and(|t| t.is_any(SNMP_AUTH_ALGS))) {
        let mut j = a + 2;
        if toks.get(j).is_some_and(|t| t.is_any(KEY_BITS)) && toks.get(j + 1).is_some_and(|t| !t.is("priv")) {
            j += 1;
        }
        if let Some(t) = toks.get(j) {
            hits.tok(t, SecretKind::SnmpV3Key);
        }
        after_auth = j + 1;
    }
    if let Some(p) = (after_auth..n).find(|&i| toks[i].is("priv")) {
        let mut j = p + 1;
        if toks.get(j).is_some_and(|t| t.is_any(SNMP_PRIV_ALGS)) && n > j + 1 {
            j += 1;
        }
        if toks.get(j).is_some_and(|t| t.is_any(KEY_BITS)) && n > j + 1 {
            j += 1;
        }
        if let Some(t) = toks.get(j) {
            hits.tok(t, SecretKind::SnmpV3Key);
        }
    }
}

/// Yamaha `snmp[v2c] community read-only|read-write NAME`, `snmp trap community NAME`,
/// `snmp[v2c] [trap] host ADDR [trap|inform] [NAME]`.
fn yamaha_snmp(toks: &[Tok<'_>], hits: &mut Hits) {
    let is = |i: usize, w: &str| toks.get(i).is_some_and(|x| x.is(w));
    let community = is(1, "community") && toks.get(2).is_some_and(|t| t.is_any(&["read-only", "read-write"]));
    if community || (is(1, "trap") && is(2, "community")) {
        push_value(toks, 3, &[], SecretKind::SnmpCommunity, hits);
    } else {
        let host = if is(1, "host") {
            2
        } else if is(1, "trap") && is(2, "host") {
            3
        } else {
            return;
        };
        let mut j = host + 1;
        if toks.get(j).is_some_and(|t| t.is_any(&["trap", "inform"])) {
            j += 1;
        }
        if let Some(t) = toks.get(j).filter(|t| !t.is_address()) {
            hits.tok(t, SecretKind::SnmpCommunity);
        }
    }
}

/// Yamaha `snmpv3 usm user N NAME [group G] [AUTH-ALG AUTH-PASS [PRIV-ALG PRIV-PASS]]`.
fn yamaha_snmpv3(toks: &[Tok<'_>], hits: &mut Hits) {
    const AUTH: &[&str] = &["md5", "sha", "sha224", "sha256", "sha384", "sha512"];
    const PRIV: &[&str] = &["des-cbc", "aes128-cfb", "aes192-cfb", "aes256-cfb", "3des-cbc"];
    for (i, t) in toks.iter().enumerate().skip(5) {
        if t.is_any(AUTH) || t.is_any(PRIV) {
            push_value(toks, i + 1, &[], SecretKind::SnmpV3Key, hits);
        }
    }
}

/// Net-SNMP `createUser [-e ENGINE] USER PROTO [-m|-l] AUTHPASS [PROTO [-m|-l] PRIVPASS]`.
fn create_user(toks: &[Tok<'_>], hits: &mut Hits) {
    let mut j = 1;
    if toks.get(j).is_some_and(|t| t.is("-e")) {
        j += 2;
    }
    j += 2; // user, auth protocol
    for _ in 0..2 {
        if toks.get(j).is_some_and(|t| t.is_any(&["-m", "-l"])) {
            j += 1;
        }
        let Some(t) = toks.get(j) else { return };
        hits.tok(t, SecretKind::SnmpV3Key);
        j += 2; // priv protocol
    }
}

/// FortiOS attributes holding secrets, with what they are for.
fn forti_secret_attr(attr: &Tok<'_>) -> Option<SecretKind> {
    if attr.quoted {
        return None;
    }
    let a = attr.val.to_ascii_lowercase();
    let psk = ["psksecret", "psksecret-remote", "ppk-secret", "psk", "key", "secret", "key-string", "md5-key"];
    if a.contains("public") {
        None
    } else if a == "auth-pwd" || a == "priv-pwd" {
        Some(SecretKind::SnmpV3Key)
    } else if psk.contains(&a.as_str()) || a.ends_with("-secret") || a.ends_with("-psk") || a.ends_with("-key") {
        Some(SecretKind::PreSharedKey)
    } else if a == "private-key" {
        Some(SecretKind::PrivateKey)
    } else if a.ends_with("password") || a.ends_with("passwd") || a.ends_with("-pwd") || a.ends_with("passphrase") {
        Some(SecretKind::PlainPassword)
    } else {
        None
    }
}

/// Junos brace form marks secrets itself: `encrypted-password "..."; ## SECRET-DATA`.
/// The statement's last value before the comment is the secret.
fn junos_secret_data(line: &str, toks: &[Tok<'_>], hits: &mut Hits) {
    let Some(pos) = line.find("## SECRET-DATA") else { return };
    let Some(last) = toks.iter().rev().find(|t| t.end <= pos && t.val != ";") else { return };
    let purpose = if toks.iter().any(|t| t.is("pre-shared-key") || t.is("key")) {
        SecretKind::PreSharedKey
    } else if toks.iter().any(|t| t.is("authentication-key") || t.is("privacy-key")) {
        SecretKind::SnmpV3Key
    } else if toks.iter().any(|t| t.is("encrypted-password")) {
        SecretKind::OtherHash
    } else {
        SecretKind::PlainPassword
    };
    hits.tok(last, classify(None, last.val, purpose));
}

/// `word` in lower case, in `buf` (no allocation: this runs for every token of every
/// line). None for words longer than any keyword.
fn lower<'b>(word: &str, buf: &'b mut [u8; 24]) -> Option<&'b str> {
    let b = word.as_bytes();
    let out = buf.get_mut(..b.len())?;
    for (o, c) in out.iter_mut().zip(b) {
        *o = c.to_ascii_lowercase();
    }
    std::str::from_utf8(out).ok()
}

/// Keywords that only ever introduce a secret, wherever they sit in a command.
fn anywhere(toks: &[Tok<'_>], hits: &mut Hits) {
    let snmp = toks.iter().any(|t| t.is_any(&["snmp", "usm", "v3"]));
    let set = toks.first().is_some_and(|t| t.is("set"));
    for (i, t) in toks.iter().enumerate() {
        // `set ATTR` is a FortiOS attribute, handled with its `ENC` marker by `set_line`.
        if t.quoted || (set && i == 1) {
            continue;
        }
        let mut buf = [0u8; 24];
        let Some(kw) = lower(t.val, &mut buf) else { continue };
        match kw {
            "key-string" => push_value(toks, i + 1, &["0", "7"], SecretKind::PreSharedKey, hits),
            "server-key" => push_value(toks, i + 1, KEY_MARKERS, SecretKind::PreSharedKey, hits),
            "authentication-key" => authentication_key(toks, i, snmp, hits),
            // `ip ospf message-digest-key N md5 [7] X`
            "message-digest-key" if toks.get(i + 1).is_some_and(Tok::is_number) => {
                push_value(toks, i + 3, &["0", "7"], SecretKind::PreSharedKey, hits);
            }
            "encrypted-password" => push_value(toks, i + 1, &[], SecretKind::OtherHash, hits),
            "privacy-key" => push_value(toks, i + 1, &[], SecretKind::SnmpV3Key, hits),
            // ASA `aaa-server` host block: the LDAP bind password.
            "ldap-login-password" => push_value(toks, i + 1, &[], SecretKind::PlainPassword, hits),
            "pre-shared-key" => pre_shared_key(toks, i, hits),
            // `wpa-psk ascii|hex [0|7] X`
            "wpa-psk" => {
                let j = if toks.get(i + 1).is_some_and(|t| t.is_any(&["ascii", "hex"])) { i + 2 } else { i + 1 };
                push_value(toks, j, &["0", "7"], SecretKind::PreSharedKey, hits);
            }
            // PAN-OS set form.
            "phash" => push_value(toks, i + 1, &[], SecretKind::OtherHash, hits),
            "snmp-community-string" | "community-string" => push_value(toks, i + 1, &[], SecretKind::SnmpCommunity, hits),
            "authpwd" | "privpwd" => push_value(toks, i + 1, &[], SecretKind::SnmpV3Key, hits),
            // HSRP/VRRP clear-text authentication: `authentication text X`.
            "authentication" if toks.get(i + 1).is_some_and(|t| t.is("text")) => {
                push_value(toks, i + 2, &[], SecretKind::PlainPassword, hits);
            }
            _ => {}
        }
    }
}

/// `authentication-key` forms: IOS/EOS NTP `N ALG [marker] X [7]`, Junos NTP
/// `N type ALG value X`, OSPF/BGP/SNMPv3 `[7] X`.
fn authentication_key(toks: &[Tok<'_>], i: usize, snmp: bool, hits: &mut Hits) {
    let purpose = if snmp { SecretKind::SnmpV3Key } else { SecretKind::PreSharedKey };
    let j = i + 1;
    if !toks.get(j).is_some_and(Tok::is_number) || toks.len() <= j + 2 {
        push_value(toks, j, &["0", "7"], purpose, hits);
        return;
    }
    if toks.get(j + 1).is_some_and(|t| t.is("type")) {
        if let Some(v) = find(toks, j + 2, "value") {
            push_value(toks, v + 1, &[], purpose, hits);
        }
        return;
    }
    let Some((v, marker)) = value_at(toks, j + 2, &["0", "7", "8a"]) else { return };
    let t = &toks[v];
    let trailing7 = marker.is_none() && toks.get(v + 1).is_some_and(|x| x.is("7"));
    let marker = if trailing7 { Some("7") } else { marker };
    hits.tok(t, classify(marker, t.val, purpose));
}

/// `pre-shared-key` forms: `[local|remote] [marker] X`, `address A [MASK] key X`,
/// Junos `ascii-text|hexadecimal X`, Yamaha `ipsec ike pre-shared-key N text X`,
/// PAN-OS set `pre-shared-key key X`.
fn pre_shared_key(toks: &[Tok<'_>], i: usize, hits: &mut Hits) {
    let mut j = i + 1;
    if toks.get(j).is_some_and(|t| t.is_any(&["local", "remote"])) {
        j += 1;
    }
    if toks.get(j).is_some_and(|t| t.is_any(&["address", "hostname", "ipv6"])) {
        if let Some(k) = find(toks, j + 1, "key") {
            push_value(toks, k + 1, KEY_MARKERS, SecretKind::PreSharedKey, hits);
        }
        return;
    }
    if toks.get(j).is_some_and(|t| t.is("key")) {
        j += 1;
    }
    if toks.first().is_some_and(|t| t.is("ipsec")) && toks.get(j).is_some_and(Tok::is_number) && toks.len() > j + 1 {
        j += 1;
    }
    let markers = ["0", "6", "7", "8", "ascii-text", "hexadecimal", "text"];
    push_value(toks, j, &markers, SecretKind::PreSharedKey, hits);
}

/// The keyword-only fallback: `password`/`passwd`/`secret` (lower case, as
/// configuration languages print them) followed by a value, at the start of a line
/// or inside a command whose first word looks like a configuration command.
pub(super) fn generic(toks: &[Tok<'_>], hits: &mut Hits) {
    let Some(first) = toks.first() else { return };
    let command_like = first.val.starts_with(|c: char| c.is_ascii_lowercase())
        && first.val.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !command_like || first.quoted {
        return;
    }
    // A PAM stack line (`password requisite pam_pwquality.so retry=3`, `password
    // include system-auth`): `password` is the management group and the word after it
    // the control, never a secret.
    let pam_type = matches!(first.val.trim_start_matches('-'), "auth" | "account" | "password" | "session");
    let pam_control = toks.get(1).is_some_and(|t| {
        !t.quoted
            && (matches!(t.val, "required" | "requisite" | "sufficient" | "optional" | "include" | "substack")
                || t.val.starts_with('['))
    });
    if pam_type && pam_control {
        return;
    }
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if !t.quoted && matches!(t.val, "password" | "passwd" | "secret") && toks.get(i + 1).is_some_and(|n| is_value(n.val)) {
            let mut j = i + 1;
            if toks.get(j).is_some_and(|x| x.is("level")) && toks.len() > j + 2 {
                j += 2;
            }
            let before = hits.list.len();
            push_password(toks, j, hits);
            if hits.list.len() > before {
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use crate::SecretKind;

    #[test]
    fn asa_snmp_host_poll_is_no_community() {
        let m = crate::mask("snmp-server host outside 203.0.113.77 poll\nsnmp-server host inside 10.1.1.5 poll SxAsaPollComm1\n");
        assert_eq!(m.text, "snmp-server host outside 203.0.113.77 poll\nsnmp-server host inside 10.1.1.5 poll ********\n");
        assert_eq!(m.secrets.len(), 1);
    }

    #[test]
    fn asa_snmp_host_group_community() {
        let m = crate::mask(
            "snmp-server host-group inside MGMT-NET poll community SxAsaGroupComm1 version 2c\n\
             snmp-server host-group inside MGMT-NET poll community 8 SxAsaGroupComm2 version 2c\n\
             snmp-server host-group inside MGMT-NET poll version 3 user-list NMS\n",
        );
        assert_eq!(
            m.text,
            "snmp-server host-group inside MGMT-NET poll community ******** version 2c\n\
             snmp-server host-group inside MGMT-NET poll community 8 ******** version 2c\n\
             snmp-server host-group inside MGMT-NET poll version 3 user-list NMS\n"
        );
        assert_eq!(m.secrets.len(), 2);
        assert_eq!(m.secrets[0].kind, SecretKind::SnmpCommunity);
    }
}
