//! kenshin's one redaction layer.
//!
//! Device artifacts hold passwords, password hashes, SNMP communities, pre-shared keys
//! and private keys. kenshin needs to know *how* a secret is stored (a type 7 password
//! is a finding, a type 9 hash is not) but must never repeat the secret itself in a
//! report, a log line or a SARIF file. Two tools, used together:
//!
//! - [`mask`] reads an artifact and replaces every secret it recognises by [`MASK`],
//!   keeping everything a parser needs (keywords, type markers, quotes, line numbers),
//!   and returns the secrets it removed.
//! - [`Redactor`] is the output-side safety net: it knows the removed values and
//!   replaces them, byte for byte, wherever they turn up anyway (an evidence line
//!   taken from the unmasked text, a debug log, a description quoting a key).
//!   [`global`] and [`register`] give the process one shared redactor for logs.
//!
//! Recognition is syntax-based and platform-agnostic: the patterns of every supported
//! platform are applied to every artifact, because inventories may say
//! `platform = "auto"` and a wrong guess must not leak.
//!
//! ```
//! use kenshin_secrets::{SecretKind, mask};
//!
//! let m = mask("enable secret 9 $9$abcdefgh$ijkl\nusername vendor password 7 0822455D0A16\n");
//! assert_eq!(m.text, "enable secret 9 ********\nusername vendor password 7 ********\n");
//! assert_eq!((m.secrets[1].line, m.secrets[1].kind), (2, SecretKind::Type7Password));
//!
//! let redactor = m.redactor();
//! assert_eq!(redactor.redact("evidence: password 7 0822455D0A16"), "evidence: password 7 ********");
//! ```

mod global;
mod mask;
mod redact;

use std::fmt;

use serde::Serialize;

pub use global::{global, global_writer, redact_global, register};
pub use mask::{is_default_community, keeps_in_storage, mask, mask_keeping};
pub use redact::{RedactingWriter, Redactor};

/// Whether `value` is a well-known vendor default (`public`, `private`, `cisco`, ...):
/// still masked in artifacts, but a finding in itself rather than a secret, and too
/// common a word for byte-for-byte redaction of outputs.
pub fn is_well_known(value: &str) -> bool {
    matches!(
        value.to_ascii_lowercase().as_str(),
        "public" | "private" | "community" | "cisco" | "admin" | "snmp" | "secret" | "write" | "read" | "password"
    )
}

/// What every secret is replaced with. Fixed, not length-preserving: the length of a
/// password is information too.
pub const MASK: &str = "********";

/// What kind of secret was found: how it is stored when the configuration says so (a
/// type marker or a hash format), otherwise what it is for. Reports name the kind
/// ("type 7 password"), never the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretKind {
    /// A password stored in clear text.
    PlainPassword,
    /// Cisco type 7: reversible obfuscation, as good as clear text.
    Type7Password,
    /// Cisco type 6: AES-encrypted with the device's master key (reversible).
    Type6Password,
    /// MD5-crypt (`$1$`, Cisco type 5) or ASA's MD5-based `encrypted` form.
    Md5Hash,
    /// Cisco type 8: PBKDF2-SHA256.
    Type8Hash,
    /// Cisco type 9: scrypt.
    Type9Hash,
    /// Modern crypt(3) hashes: `$5$`, `$6$` (SHA-crypt), `$y$` (yescrypt), `$2b$` (bcrypt) and the like.
    ShaCryptHash,
    /// A hash whose algorithm is vendor-specific or unknown (NEC `password hash`, ASA `pbkdf2`, DES crypt).
    OtherHash,
    /// FortiOS `ENC` values (encrypted or hashed by FortiOS).
    FortiEnc,
    /// Yamaha `encrypted` passwords.
    YamahaEncrypted,
    /// Junos `$9$` values: reversible obfuscation.
    JunosEncrypted,
    /// PAN-OS `-AQ==` values: encrypted with the device's master key.
    PanosEncrypted,
    /// An SNMPv1/v2c community name.
    SnmpCommunity,
    /// An SNMPv3 authentication or privacy key.
    SnmpV3Key,
    /// A shared key: IPsec/IKE pre-shared key, RADIUS/TACACS+ secret, routing or NTP authentication key.
    PreSharedKey,
    /// A private key (PEM or OpenSSH block; each masked line is one secret).
    PrivateKey,
    /// A Windows NT hash.
    NtHash,
    /// A Windows LM hash.
    LmHash,
    /// Anything else recognised as secret.
    Other,
}

impl SecretKind {
    /// A short English description for reports.
    pub fn describe(self) -> &'static str {
        match self {
            SecretKind::PlainPassword => "clear-text password",
            SecretKind::Type7Password => "type 7 password",
            SecretKind::Type6Password => "type 6 password",
            SecretKind::Md5Hash => "MD5 hash",
            SecretKind::Type8Hash => "type 8 hash",
            SecretKind::Type9Hash => "type 9 hash",
            SecretKind::ShaCryptHash => "SHA-crypt/yescrypt/bcrypt hash",
            SecretKind::OtherHash => "hash",
            SecretKind::FortiEnc => "FortiOS ENC value",
            SecretKind::YamahaEncrypted => "Yamaha encrypted password",
            SecretKind::JunosEncrypted => "Junos $9$ value",
            SecretKind::PanosEncrypted => "PAN-OS encrypted value",
            SecretKind::SnmpCommunity => "SNMP community",
            SecretKind::SnmpV3Key => "SNMPv3 key",
            SecretKind::PreSharedKey => "pre-shared key",
            SecretKind::PrivateKey => "private key",
            SecretKind::NtHash => "NT hash",
            SecretKind::LmHash => "LM hash",
            SecretKind::Other => "secret",
        }
    }
}

impl fmt::Display for SecretKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// One secret found in an artifact. Deliberately not `Serialize`, and `Debug` prints
/// the mask instead of the value, so that a secret cannot reach an output by
/// accident; use [`Secret::value`] where the value is really needed (a [`Redactor`]).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret {
    /// 1-based line of the artifact.
    pub line: u32,
    pub kind: SecretKind,
    value: String,
}

impl Secret {
    /// A secret known from elsewhere (a credential from the environment, a test).
    pub fn new(line: u32, kind: SecretKind, value: impl Into<String>) -> Secret {
        Secret { line, kind, value: value.into() }
    }

    /// The secret value, exactly as it appeared in the artifact (without quotes).
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secret").field("line", &self.line).field("kind", &self.kind).field("value", &MASK).finish()
    }
}

/// An artifact with its secrets masked, and the secrets, in line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked {
    /// The artifact text: same lines, same line ends, each secret replaced by [`MASK`].
    pub text: String,
    pub secrets: Vec<Secret>,
}

impl Masked {
    /// A redactor that knows every secret of this artifact.
    pub fn redactor(&self) -> Redactor {
        let mut r = Redactor::default();
        r.extend(&self.secrets);
        r
    }
}
