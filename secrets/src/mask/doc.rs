//! Rules for structured text: PEM/OpenSSH private-key blocks, XML (PAN-OS
//! `show config running`, Windows unattend files), JSON (PowerShell
//! `ConvertTo-Json`), colon-separated account files (`/etc/shadow`, pwdump), URLs
//! with credentials, `key = value` files and the boot key in Impacket `secretsdump` output.

use super::Hits;
use super::lex::{classify, is_value};
use crate::SecretKind;

/// Masks the trimmed text of `line[from..to]` as private-key material, unless it has
/// nothing but punctuation (a closing quote).
fn mask_key_text(line: &str, from: usize, to: usize, hits: &mut Hits) {
    let Some(seg) = line.get(from..to) else { return };
    let lead = seg.len() - seg.trim_start().len();
    let t = seg.trim();
    if t.bytes().any(|b| b.is_ascii_alphanumeric()) {
        hits.push(from + lead, from + lead + t.len(), SecretKind::PrivateKey);
    }
}

/// A line inside a private-key block: masked up to `-----END`, if present. Returns
/// whether the block is still open.
pub(super) fn pem_inside(line: &str, hits: &mut Hits) -> bool {
    match line.find("-----END ") {
        Some(end) => {
            mask_key_text(line, 0, end, hits);
            false
        }
        None => {
            mask_key_text(line, 0, line.len(), hits);
            true
        }
    }
}

/// A `-----BEGIN ... PRIVATE KEY-----` marker on this line: masks what follows it (to
/// `-----END` on the same line, as in JSON strings with `\n` escapes). Returns where
/// the marker starts and whether the block continues on the next lines.
pub(super) fn pem_begin(line: &str, hits: &mut Hits) -> Option<(usize, bool)> {
    // A byte search first: building a substring searcher for every line costs more
    // than the rest of the rules.
    if !line.as_bytes().contains(&b'-') {
        return None;
    }
    let mut from = 0;
    loop {
        let begin = from + line.get(from..)?.find("-----BEGIN ")?;
        let label_start = begin + "-----BEGIN ".len();
        let label_len = line.get(label_start..)?.find("-----")?;
        let marker_end = label_start + label_len + "-----".len();
        let label = line.get(label_start..label_start + label_len)?;
        if !label.contains("PRIVATE KEY") {
            // A certificate or public key: public. A private key may follow on the same line.
            from = marker_end;
            continue;
        }
        return Some(match line.get(marker_end..)?.find("-----END ") {
            Some(e) => {
                mask_key_text(line, marker_end, marker_end + e, hits);
                (begin, false)
            }
            None => {
                mask_key_text(line, marker_end, line.len(), hits);
                (begin, true)
            }
        });
    }
}

/// XML elements holding secrets (PAN-OS configuration, Windows unattend files).
#[derive(Debug, Default)]
pub(super) struct XmlState {
    /// An open element whose `<key>`/`<Value>` children are secrets
    /// (`<pre-shared-key><key>`, `<AdministratorPassword><Value>`).
    container: Option<(String, SecretKind)>,
}

fn xml_leaf_kind(tag: &str) -> Option<SecretKind> {
    Some(match tag.to_ascii_lowercase().as_str() {
        "phash" => SecretKind::OtherHash,
        "password" | "passwd" | "bind-password" | "passphrase" | "auth-password" | "priv-password" => SecretKind::PlainPassword,
        "authentication-key" | "secret" | "shared-secret" | "psk" | "pre-shared-key" => SecretKind::PreSharedKey,
        "community-string" | "snmp-community-string" | "community" => SecretKind::SnmpCommunity,
        "authpwd" | "privpwd" => SecretKind::SnmpV3Key,
        "private-key" => SecretKind::PrivateKey,
        "api-key" => SecretKind::Other,
        _ => return None,
    })
}

fn xml_container_kind(tag: &str) -> Option<SecretKind> {
    let t = tag.to_ascii_lowercase();
    if t == "pre-shared-key" {
        Some(SecretKind::PreSharedKey)
    } else if t.ends_with("password") {
        Some(SecretKind::PlainPassword)
    } else {
        None
    }
}

impl XmlState {
    pub(super) fn line(&mut self, line: &str, hits: &mut Hits) {
        let mut pos = 0;
        while let Some(lt) = line.get(pos..).and_then(|r| r.find('<')) {
            let open = pos + lt;
            let Some(gt) = line.get(open..).and_then(|r| r.find('>')) else { return };
            let tag_end = open + gt;
            pos = tag_end + 1;
            let Some(name) = line.get(open + 1..tag_end) else { return };
            if let Some(closing) = name.strip_prefix('/') {
                if self.container.as_ref().is_some_and(|(c, _)| c.eq_ignore_ascii_case(closing)) {
                    self.container = None;
                }
                continue;
            }
            // Declarations, comments, self-closing elements and elements with
            // attributes (`<entry name="x">`) hold no secret text.
            if name.is_empty() || name.contains(char::is_whitespace) || name.starts_with(['?', '!']) || name.ends_with('/') {
                continue;
            }
            let close = format!("</{name}>");
            let content_end = line.get(pos..).and_then(|r| r.find(close.as_str())).map(|c| pos + c);
            let leaf = content_end.and_then(|e| line.get(pos..e).filter(|c| !c.contains('<')).map(|c| (e, c)));
            let Some((end, content)) = leaf else {
                if let Some(kind) = xml_container_kind(name) {
                    self.container = Some((name.to_string(), kind));
                }
                continue;
            };
            let kind = xml_leaf_kind(name)
                .or_else(|| {
                    self.container
                        .as_ref()
                        .filter(|_| name.eq_ignore_ascii_case("key") || name.eq_ignore_ascii_case("value"))
                        .map(|c| c.1)
                })
                .or_else(|| content.starts_with("-AQ==").then_some(SecretKind::PanosEncrypted));
            if let Some(kind) = kind
                && is_value(content.trim())
            {
                hits.push(pos, end, classify(None, content, kind));
            }
            pos = end + close.len();
        }
    }
}

/// What a JSON key says about its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyClass {
    Secret(SecretKind),
    /// A collection of community names (`ValidCommunities`): as keys of an object or
    /// as strings of an array.
    Communities,
}

fn key_class(raw: &str) -> Option<KeyClass> {
    let n: String = raw.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    let secret = |k| Some(KeyClass::Secret(k));
    match n.as_str() {
        "validcommunities" | "communities" | "snmpcommunities" => Some(KeyClass::Communities),
        "community" | "communityname" | "communitystring" | "snmpcommunity" => secret(SecretKind::SnmpCommunity),
        "psk" | "sharedsecret" => secret(SecretKind::PreSharedKey),
        "key" | "apikey" | "secretkey" | "accesskey" | "authkey" | "privkey" | "recoverykey" => secret(SecretKind::Other),
        "passwordhash" | "pwdhash" => secret(SecretKind::OtherHash),
        _ if n.contains("nthash") || n.contains("ntlmhash") => secret(SecretKind::NtHash),
        _ if n.contains("lmhash") => secret(SecretKind::LmHash),
        _ if n.ends_with("password") || n.ends_with("passwd") || n == "pwd" || n.ends_with("passphrase") => {
            secret(SecretKind::PlainPassword)
        }
        _ if n.ends_with("presharedkey") => secret(SecretKind::PreSharedKey),
        _ if n.ends_with("privatekey") => secret(SecretKind::PrivateKey),
        _ if n.ends_with("secret") => secret(SecretKind::Other),
        _ => None,
    }
}

/// How the values of an open JSON object or array are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Plain,
    /// Every string value inside is a secret of this kind.
    Values(SecretKind),
    /// Every key inside is a secret of this kind (community names as keys).
    Keys(SecretKind),
}

/// A key seen on this line, waiting for its value.
#[derive(Debug, Clone, Copy)]
struct Pending {
    start: usize,
    end: usize,
    class: Option<KeyClass>,
    /// PowerShell's own properties (`PSPath`, `PSChildName`), never community names.
    powershell: bool,
}

/// JSON, one line at a time. In a JSON document (the text starts with `{` or `[`)
/// nesting is followed across lines; elsewhere each line stands alone.
#[derive(Debug)]
pub(super) struct JsonState {
    doc: bool,
    /// `Get-ItemProperty ...\SNMP\Parameters\ValidCommunities | ConvertTo-Json`: the
    /// top-level property names with numeric values are community names.
    valid_communities: bool,
    frames: Vec<Mode>,
    /// Nesting beyond the tracked frames (hostile input is not followed further).
    overflow: usize,
    pending: Option<Pending>,
}

const MAX_FRAMES: usize = 64;

impl JsonState {
    pub(super) fn new(text: &str) -> JsonState {
        let doc = text.trim_start_matches('\u{feff}').trim_start().starts_with(['{', '[']);
        let valid_communities = doc && text.contains("ValidCommunities") && text.contains("\"PSChildName\"");
        JsonState { doc, valid_communities, frames: Vec::new(), overflow: 0, pending: None }
    }

    fn mode(&self) -> Mode {
        if self.overflow > 0 { Mode::Plain } else { self.frames.last().copied().unwrap_or(Mode::Plain) }
    }

    fn open(&mut self, brace: bool) {
        let mode = match self.pending.and_then(|p| p.class) {
            Some(KeyClass::Communities) if brace => Mode::Keys(SecretKind::SnmpCommunity),
            Some(KeyClass::Communities) => Mode::Values(SecretKind::SnmpCommunity),
            Some(KeyClass::Secret(k)) => Mode::Values(k),
            None => match self.mode() {
                Mode::Values(k) => Mode::Values(k),
                _ => Mode::Plain,
            },
        };
        if self.frames.len() < MAX_FRAMES && self.overflow == 0 {
            self.frames.push(mode);
        } else {
            self.overflow += 1;
        }
        self.pending = None;
    }

    fn close(&mut self) {
        if self.overflow > 0 {
            self.overflow -= 1;
        } else {
            self.frames.pop();
        }
        self.pending = None;
    }

    pub(super) fn line(&mut self, line: &str, hits: &mut Hits) {
        if !self.doc {
            if !line.contains('"') {
                return;
            }
            self.frames.clear();
            self.overflow = 0;
        }
        self.pending = None;
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'"' => i = self.string(line, i, hits),
                b'{' | b'[' => {
                    self.open(b[i] == b'{');
                    i += 1;
                }
                b'}' | b']' => {
                    self.close();
                    i += 1;
                }
                b',' => {
                    self.pending = None;
                    i += 1;
                }
                c if c.is_ascii_whitespace() || c == b':' => i += 1,
                _ => {
                    let s = i;
                    while i < b.len()
                        && !matches!(b[i], b',' | b'}' | b']' | b'{' | b'[' | b'"' | b':')
                        && !b[i].is_ascii_whitespace()
                    {
                        i += 1;
                    }
                    let numeric = line.get(s..i).is_some_and(|t| t.parse::<f64>().is_ok());
                    if let Some(p) = self.pending.take()
                        && numeric
                        && self.valid_communities
                        && self.frames.len() == 1
                        && self.overflow == 0
                        && !p.powershell
                    {
                        hits.push(p.start, p.end, SecretKind::SnmpCommunity);
                    }
                }
            }
        }
        self.pending = None;
    }

    /// A string starting at `q` (the opening quote): a key or a value. Returns the
    /// position after it.
    fn string(&mut self, line: &str, q: usize, hits: &mut Hits) -> usize {
        let b = line.as_bytes();
        let s = q + 1;
        let mut j = s;
        let mut closed = false;
        while j < b.len() {
            match b[j] {
                b'\\' => j += 2,
                b'"' => {
                    closed = true;
                    break;
                }
                _ => j += 1,
            }
        }
        let e = j.min(b.len());
        let after = if closed { j + 1 } else { b.len() };
        let content = line.get(s..e).unwrap_or("");
        let mut k = after;
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        if closed && k < b.len() && b[k] == b':' {
            if let Mode::Keys(kind) = self.mode()
                && is_value(content)
            {
                hits.push(s, e, kind);
            }
            self.pending = Some(Pending { start: s, end: e, class: key_class(content), powershell: content.starts_with("PS") });
            return k + 1;
        }
        let kind = match self.pending.take().and_then(|p| p.class) {
            Some(KeyClass::Secret(k)) => Some(k),
            Some(KeyClass::Communities) => Some(SecretKind::SnmpCommunity),
            None => match self.mode() {
                Mode::Values(k) => Some(k),
                _ => None,
            },
        };
        let literal = ["true", "false", "null"].iter().any(|w| content.eq_ignore_ascii_case(w));
        if let Some(kind) = kind
            && is_value(content)
            && !literal
        {
            hits.push(s, e, classify(None, content, kind));
        }
        after
    }
}

/// A passwd line whose password field is a hash (legacy systems without shadow, or
/// `getent passwd` on them); true when the line has the passwd shape.
fn passwd_hash(line: &str, hits: &mut Hits) -> bool {
    let fields: Vec<&str> = line.splitn(8, ':').collect();
    let numeric = |f: &str| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit());
    let [user, pass, uid, gid, _gecos, home, _shell] = fields[..] else { return false };
    if user.is_empty()
        || user.contains(char::is_whitespace)
        || !numeric(uid)
        || !numeric(gid)
        || !(home.is_empty() || home.starts_with('/'))
    {
        return false;
    }
    let locked = pass.len() - pass.trim_start_matches('!').len();
    let h = &pass[locked..];
    if !h.is_empty() && h != "x" && !h.starts_with('*') && !h.starts_with('!') {
        let off = user.len() + 1 + locked;
        hits.push(off, off + h.len(), classify(None, h, SecretKind::OtherHash));
    }
    true
}

fn is_hex32(f: &str) -> bool {
    f.len() == 32 && f.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `/etc/shadow` (`user:HASH:n:n:n:n:n:n:`, the hash field; `!`/`*` mean no
/// password and are kept), pwdump (`user:RID:LMHASH:NTHASH:::`) and `/etc/passwd`
/// holding a hash itself (`user:HASH:uid:gid:gecos:home:shell`, where `x` is the
/// usual pointer to shadow).
pub(super) fn colon_fields(line: &str, hits: &mut Hits) {
    if line.bytes().filter(|&b| b == b':').count() < 3 {
        return;
    }
    // The GECOS field of passwd may hold blanks; the other forms never do.
    if line.bytes().any(|b| b.is_ascii_whitespace()) {
        passwd_hash(line, hits);
        return;
    }
    if passwd_hash(line, hits) {
        return;
    }
    let mut fields: Vec<(usize, &str)> = Vec::with_capacity(9);
    let mut at = 0;
    for f in line.split(':') {
        fields.push((at, f));
        at += f.len() + 1;
    }
    let numeric = |f: &str| f.bytes().all(|b| b.is_ascii_digit());
    if fields.len() == 9 && !fields[0].1.is_empty() && fields[2..8].iter().all(|(_, f)| numeric(f)) {
        let (off, hash) = fields[1];
        let locked = hash.len() - hash.trim_start_matches('!').len();
        let h = &hash[locked..];
        if !h.is_empty() && !h.starts_with(['*', '!']) && h != "x" {
            hits.push(off + locked, off + hash.len(), classify(None, h, SecretKind::OtherHash));
        }
    } else if fields.len() >= 4 && !fields[1].1.is_empty() && numeric(fields[1].1) {
        for (i, kind) in [(2, SecretKind::LmHash), (3, SecretKind::NtHash)] {
            let (off, f) = fields[i];
            if is_hex32(f) {
                hits.push(off, off + f.len(), kind);
            }
        }
    }
}

/// Impacket `secretsdump` prints the SAM boot key (`[*] Target system bootKey: 0x...`),
/// which decrypts every hash of the hive.
pub(super) fn boot_key(line: &str, hits: &mut Hits) {
    if !line.starts_with("[*]") {
        return;
    }
    let Some(p) = line.find("bootKey: ") else { return };
    let s = p + "bootKey: ".len();
    let rest = line.get(s..).unwrap_or("");
    let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    if len > 2 {
        hits.push(s, s + len, SecretKind::Other);
    }
}

/// `scheme://user:password@host`: the password.
pub(super) fn url_credentials(line: &str, hits: &mut Hits) {
    if !line.as_bytes().contains(&b'@') {
        return;
    }
    let mut from = 0;
    while let Some(p) = line.get(from..).and_then(|r| r.find("://")) {
        let a = from + p + 3;
        let Some(rest) = line.get(a..) else { return };
        let end =
            rest.find(|c: char| matches!(c, '/' | '?' | '#' | '"' | '\'' | '<' | '>') || c.is_whitespace()).unwrap_or(rest.len());
        let auth = &rest[..end];
        if let Some(at) = auth.rfind('@')
            && let Some(c) = auth[..at].find(':')
        {
            let pw = &auth[c + 1..at];
            if is_value(pw) {
                hits.push(a + c + 1, a + at, classify(None, pw, SecretKind::PlainPassword));
            }
        }
        from = a + end;
    }
}

/// Whether a `key = value` / `key: value` key names a secret (normalised: lower
/// case, letters and digits only).
fn generic_secret_key(n: &str) -> Option<SecretKind> {
    if n.ends_with("password") || n.ends_with("passwd") || n == "pwd" || n.ends_with("passphrase") {
        Some(SecretKind::PlainPassword)
    } else if n == "psk" || n.ends_with("presharedkey") {
        Some(SecretKind::PreSharedKey)
    } else if n == "community" || n == "communitystring" {
        Some(SecretKind::SnmpCommunity)
    } else if n.ends_with("secret") {
        Some(SecretKind::Other)
    } else {
        None
    }
}

/// `password=X`, `psk="X"`, `Password: X` at the start of a line (ini, shell,
/// wpa_supplicant, YAML-like output), and `Community name: X` (IOS `show snmp community`).
pub(super) fn key_value(line: &str, hits: &mut Hits) {
    let lead = line.len() - line.trim_start().len();
    let t = &line[lead..];
    if t.starts_with(['"', '{', '[', '<', '#', '!', ';']) {
        return;
    }
    let Some(p) = t.find(['=', ':']) else { return };
    let key = t[..p].trim_end();
    // IOS `show snmp community` names communities in two-word fields.
    let purpose = if key == "Community name" || key == "Community SecurityName" {
        SecretKind::SnmpCommunity
    } else if key.is_empty() || key.contains(char::is_whitespace) {
        return;
    } else {
        let n: String = key.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
        let Some(purpose) = generic_secret_key(&n) else { return };
        purpose
    };
    let after = &t[p + 1..];
    let vstart = lead + p + 1 + (after.len() - after.trim_start().len());
    let v = after.trim();
    let (s, e) = match v.as_bytes().first() {
        Some(&q @ (b'"' | b'\'')) => match v[1..].find(q as char) {
            Some(c) => (vstart + 1, vstart + 1 + c),
            None => (vstart + 1, vstart + v.len()),
        },
        _ => (vstart, vstart + v.trim_end_matches([';', ',']).len()),
    };
    if let Some(value) = line.get(s..e)
        && is_value(value)
    {
        hits.push(s, e, classify(None, value, purpose));
    }
}
