//! Tokens of one configuration line, and how a value's form tells its kind.

use crate::SecretKind;

/// One whitespace-separated token. `val` is the token without its quotes (a quoted
/// value keeps its quotes in the masked text) and without a Junos statement's `;`;
/// `start..end` is where `val` sits in the line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tok<'a> {
    pub val: &'a str,
    pub start: usize,
    pub end: usize,
    pub quoted: bool,
}

impl Tok<'_> {
    /// Keyword comparison: configuration keywords are ASCII and case-insensitive.
    pub fn is(&self, word: &str) -> bool {
        !self.quoted && self.val.eq_ignore_ascii_case(word)
    }

    pub fn is_any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.is(w))
    }

    pub fn is_number(&self) -> bool {
        !self.val.is_empty() && self.val.bytes().all(|b| b.is_ascii_digit())
    }

    /// Looks like an IPv4 or IPv6 address (a positional SNMP argument that is an
    /// address is a host, never a community).
    pub fn is_address(&self) -> bool {
        let v = self.val;
        let v4 = v.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'/') && v.contains('.');
        let v6 = v.contains(':') && v.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.' || b == b'/');
        v4 || v6
    }
}

/// Splits a line into tokens. A `"` starts a quoted token that runs to the next
/// unescaped `"`, or to the end of the line when there is none (a FortiOS multi-line
/// value); the quotes are outside the value span.
pub(super) fn tokenize<'a>(line: &'a str, out: &mut Vec<Tok<'a>>) {
    out.clear();
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b[i] == b'"' {
            let start = i + 1;
            let mut j = start;
            let mut end = b.len();
            let mut next = b.len();
            while j < b.len() {
                match b[j] {
                    b'\\' => j += 2,
                    b'"' => {
                        end = j;
                        next = j + 1;
                        break;
                    }
                    _ => j += 1,
                }
            }
            if let Some(val) = line.get(start..end) {
                out.push(Tok { val, start, end, quoted: true });
            }
            i = next;
            continue;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut end = i;
        // Junos ends statements with `;`, which is not part of the value.
        if end - start > 1 && b[end - 1] == b';' {
            end -= 1;
        }
        if let Some(val) = line.get(start..end) {
            out.push(Tok { val, start, end, quoted: false });
        }
    }
}

/// The kind a value's own form proves, whatever the keyword around it says.
pub(super) fn shape(value: &str) -> Option<SecretKind> {
    const CRYPT: &[&str] = &["$5$", "$6$", "$y$", "$gy$", "$7$", "$2a$", "$2b$", "$2x$", "$2y$", "$argon2", "$sha1$"];
    if value.starts_with("$1$") {
        Some(SecretKind::Md5Hash)
    } else if CRYPT.iter().any(|p| value.starts_with(p)) {
        Some(SecretKind::ShaCryptHash)
    } else if value.starts_with("$8$") {
        Some(SecretKind::Type8Hash)
    } else if let Some(rest) = value.strip_prefix("$9$") {
        // Cisco type 9 is `$9$salt$hash`; Junos `$9$` text never contains another `$`.
        Some(if rest.contains('$') { SecretKind::Type9Hash } else { SecretKind::JunosEncrypted })
    } else if value.starts_with("-AQ==") {
        Some(SecretKind::PanosEncrypted)
    } else {
        None
    }
}

/// The kind a storage marker in front of the value says (`password 7 X`, `ENC X`).
fn marker_kind(marker: &str) -> Option<SecretKind> {
    Some(match marker {
        "7" => SecretKind::Type7Password,
        "6" => SecretKind::Type6Password,
        "5" => SecretKind::Md5Hash,
        "8" => SecretKind::Type8Hash,
        "9" => SecretKind::Type9Hash,
        "4" => SecretKind::OtherHash,
        "ENC" | "enc" => SecretKind::FortiEnc,
        "encrypted" => SecretKind::YamahaEncrypted,
        "sha512" | "sha256" => SecretKind::ShaCryptHash,
        "hash" => SecretKind::OtherHash,
        _ => return None,
    })
}

/// The kind of a value: its form first (most reliable), then its marker, then what
/// the keyword says it is for.
pub(super) fn classify(marker: Option<&str>, value: &str, purpose: SecretKind) -> SecretKind {
    shape(value).or_else(|| marker.and_then(marker_kind)).unwrap_or(purpose)
}

/// Whether a value is a real secret value and not a placeholder: empty, `*****`
/// (masked by the device itself) or a bare structure character.
pub(super) fn is_value(v: &str) -> bool {
    !v.is_empty() && !v.bytes().all(|b| b == b'*') && !matches!(v, "{" | "}" | "[" | "]" | ";" | "!" | "!!")
}
