//! Pack signatures: publisher keys, the detached signature `pack.sig`, and the trust
//! store a site accepts publishers from.
//!
//! A signature covers the pack as a whole: a canonical form of the manifest and the
//! sha256 of every file in the pack folder (`pack.sig` itself excepted). So a changed
//! byte in a module, an added fixture or an edited manifest all break it, and
//! [`verify`] says which file.
//!
//! ```text
//! publisher.key   secret key (0600, never shipped)    kenshin pack keygen
//! publisher.pub   public key, given to hospitals      → SITE/trusted-keys/ or ~/.config/kenshin/trusted-keys/
//! my-pack/pack.sig                                     kenshin pack sign my-pack --key publisher.key
//! ```
//!
//! Key rotation: when a publisher replaces its key, it signs the pack with the new key
//! and adds a succession statement made with the old key (`--successor-of old.key`):
//! "key OLD accepts key NEW as its successor". A site that trusts OLD then accepts
//! packs signed by NEW without editing its trust store. Successions chain (at most
//! [`MAX_SUCCESSIONS`] links); each link is signed by the key before it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::pack::Manifest;

/// The detached signature's file name inside a pack folder.
pub const SIGNATURE_FILE: &str = "pack.sig";
const SIGNATURE_FORMAT: &str = "kenshin-pack-signature-v1";
const SUCCESSION_FORMAT: &str = "kenshin-key-succession-v1";
const SECRET_FORMAT: &str = "kenshin-signing-key-v1";
const PUBLIC_FORMAT: &str = "kenshin-public-key-v1";
/// Longest chain of key successions accepted.
pub const MAX_SUCCESSIONS: usize = 8;

/// Why a key, a signature or a pack could not be trusted.
#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    #[error("{}: cannot read: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}: cannot write: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}: {message}", path.display())]
    Format { path: PathBuf, line: usize, message: String },
    #[error(
        "{}: readable by group or others (mode {mode:o}); a signing key must be private: chmod 600 {}",
        path.display(),
        path.display()
    )]
    KeyPermissions { path: PathBuf, mode: u32 },
    #[error("{}: the pack is not signed (no {SIGNATURE_FILE}); sign it with `kenshin pack sign`, or pass --allow-unsigned", dir.display())]
    Unsigned { dir: PathBuf },
    #[error("{}: signed by key {key_id}, which is not in the trust store ({searched}); add the publisher's .pub file there, or pass --allow-unsigned", dir.display())]
    UnknownKey { dir: PathBuf, key_id: String, searched: String },
    #[error("{}: the pack changed since it was signed: {}", dir.display(), changes.join("; "))]
    Tampered { dir: PathBuf, changes: Vec<String> },
    #[error("{}: the signature does not match ({what}); {SIGNATURE_FILE} was edited or made by another key", dir.display())]
    BadSignature { dir: PathBuf, what: String },
    #[error("{}: {message}", dir.display())]
    Pack { dir: PathBuf, message: String },
}

/// A key id: the first 8 bytes of the public key's sha256, in hex.
pub fn key_id(key: &VerifyingKey) -> String {
    hex::encode(&Sha256::digest(key.as_bytes())[..8])
}

/// A publisher's public key, as stored in a `.pub` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    pub publisher: String,
    pub key_id: String,
    pub key: VerifyingKey,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PublicKeyFile {
    format: String,
    publisher: String,
    key_id: String,
    public_key: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SecretKeyFile {
    format: String,
    publisher: String,
    key_id: String,
    secret_key: String,
}

/// A publisher's signing key. Its `Debug` shows the key id only.
pub struct SecretKey {
    pub publisher: String,
    key: SigningKey,
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretKey").field("publisher", &self.publisher).field("key_id", &self.key_id()).finish()
    }
}

impl SecretKey {
    /// A new random key from the operating system's generator.
    pub fn generate(publisher: &str) -> Result<SecretKey, TrustError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed)
            .map_err(|e| TrustError::Pack { dir: PathBuf::new(), message: format!("no randomness: {e}") })?;
        Ok(SecretKey { publisher: publisher.to_string(), key: SigningKey::from_bytes(&seed) })
    }

    pub fn key_id(&self) -> String {
        key_id(&self.key.verifying_key())
    }

    pub fn public(&self) -> PublicKey {
        PublicKey { publisher: self.publisher.clone(), key_id: self.key_id(), key: self.key.verifying_key() }
    }

    /// Reads a key file, refusing one that group or others could read.
    pub fn load(path: &Path) -> Result<SecretKey, TrustError> {
        check_private(path)?;
        let text = read(path)?;
        let file: SecretKeyFile = parse_toml(path, &text)?;
        let bad = |message: String| TrustError::Format { path: path.to_path_buf(), line: 0, message };
        if file.format != SECRET_FORMAT {
            return Err(bad(format!("format {:?}: expected {SECRET_FORMAT:?} (is this a .pub file?)", file.format)));
        }
        let bytes: [u8; 32] = hex::decode(&file.secret_key)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| bad("secret_key: expected 64 hex digits".into()))?;
        let key = SecretKey { publisher: file.publisher, key: SigningKey::from_bytes(&bytes) };
        if key.key_id() != file.key_id {
            return Err(bad(format!("key_id {} does not belong to this key ({})", file.key_id, key.key_id())));
        }
        Ok(key)
    }

    /// Writes `DIR/NAME.key` (mode 0600, never overwriting) and `DIR/NAME.pub`.
    pub fn save(&self, dir: &Path, name: &str) -> Result<(PathBuf, PathBuf), TrustError> {
        let secret_path = dir.join(format!("{name}.key"));
        let public_path = dir.join(format!("{name}.pub"));
        let secret = SecretKeyFile {
            format: SECRET_FORMAT.into(),
            publisher: self.publisher.clone(),
            key_id: self.key_id(),
            secret_key: hex::encode(self.key.to_bytes()),
        };
        let text = format!(
            "# kenshin pack signing key (SECRET). Keep it offline and never ship it with a pack.\n# 署名用の秘密鍵です。パックと一緒に配布しないでください。\n{}",
            toml::to_string(&secret).map_err(|e| TrustError::Pack { dir: dir.into(), message: e.to_string() })?
        );
        write_new(&secret_path, &text, true)?;
        write_new(&public_path, &self.public().to_file_text(), false)?;
        Ok((secret_path, public_path))
    }

    fn sign(&self, message: &[u8]) -> Signature {
        self.key.sign(message)
    }
}

impl PublicKey {
    pub fn load(path: &Path) -> Result<PublicKey, TrustError> {
        let text = read(path)?;
        let file: PublicKeyFile = parse_toml(path, &text)?;
        let bad = |message: String| TrustError::Format { path: path.to_path_buf(), line: 0, message };
        if file.format != PUBLIC_FORMAT {
            return Err(bad(format!("format {:?}: expected {PUBLIC_FORMAT:?}", file.format)));
        }
        let key =
            decode_public(&file.public_key).ok_or_else(|| bad("public_key: expected 64 hex digits of an ed25519 key".into()))?;
        if key_id(&key) != file.key_id {
            return Err(bad(format!("key_id {} does not belong to this key ({})", file.key_id, key_id(&key))));
        }
        Ok(PublicKey { publisher: file.publisher, key_id: file.key_id, key })
    }

    pub fn to_file_text(&self) -> String {
        let file = PublicKeyFile {
            format: PUBLIC_FORMAT.into(),
            publisher: self.publisher.clone(),
            key_id: self.key_id.clone(),
            public_key: hex::encode(self.key.as_bytes()),
        };
        format!(
            "# kenshin pack publisher key: put it in SITE/trusted-keys/ or ~/.config/kenshin/trusted-keys/ to trust packs it signed.\n{}",
            toml::to_string(&file).unwrap_or_default()
        )
    }
}

fn decode_public(text: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(text).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

fn decode_signature(text: &str) -> Option<Signature> {
    let bytes: [u8; 64] = hex::decode(text).ok()?.try_into().ok()?;
    Some(Signature::from_bytes(&bytes))
}

/// Public keys a site accepts pack signatures from.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    keys: BTreeMap<String, PublicKey>,
    /// The folders read, for error messages.
    pub searched: Vec<PathBuf>,
}

impl TrustStore {
    /// `SITE/trusted-keys/` when a site is given, and the user's
    /// `$KENSHIN_CONFIG_DIR` (else `$XDG_CONFIG_HOME/kenshin`, else
    /// `~/.config/kenshin`) `/trusted-keys/`. Missing folders are fine; an unreadable
    /// or malformed `.pub` file is an error.
    pub fn load(site: Option<&Path>) -> Result<TrustStore, TrustError> {
        let mut dirs = Vec::new();
        if let Some(site) = site {
            dirs.push(site.join("trusted-keys"));
        }
        if let Some(config) = user_config_dir() {
            dirs.push(config.join("trusted-keys"));
        }
        TrustStore::from_dirs(&dirs)
    }

    pub fn from_dirs(dirs: &[PathBuf]) -> Result<TrustStore, TrustError> {
        let mut store = TrustStore::default();
        for dir in dirs {
            store.searched.push(dir.clone());
            let entries = match std::fs::read_dir(dir) {
                Ok(e) => e,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(source) => return Err(TrustError::Read { path: dir.clone(), source }),
            };
            let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "pub")) {
                store.add(PublicKey::load(&path)?);
            }
        }
        Ok(store)
    }

    pub fn add(&mut self, key: PublicKey) {
        self.keys.insert(key.key_id.clone(), key);
    }

    pub fn get(&self, key_id: &str) -> Option<&PublicKey> {
        self.keys.get(key_id)
    }

    fn searched_text(&self) -> String {
        if self.searched.is_empty() {
            "no trust store folder".into()
        } else {
            self.searched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        }
    }
}

/// `$KENSHIN_CONFIG_DIR`, else `$XDG_CONFIG_HOME/kenshin`, else `~/.config/kenshin`.
pub fn user_config_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("KENSHIN_CONFIG_DIR") {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CONFIG_HOME") {
        return Some(PathBuf::from(d).join("kenshin"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config").join("kenshin"))
}

/// `pack.sig`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignatureFile {
    format: String,
    pack: String,
    version: String,
    key_id: String,
    signature: String,
    /// sha256 of every file, by path relative to the pack folder (`/`-separated).
    files: BTreeMap<String, String>,
    #[serde(default, rename = "succession", skip_serializing_if = "Vec::is_empty")]
    successions: Vec<Succession>,
}

/// "Key `from` accepts key `to` as its successor", signed by `from`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Succession {
    from: String,
    to: String,
    public_key: String,
    signature: String,
}

impl Succession {
    fn message(to: &str, public_key_hex: &str) -> String {
        format!("{SUCCESSION_FORMAT}\nto {to}\npublic_key {public_key_hex}\n")
    }
}

/// Who vouches for a verified pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verified {
    /// The key in the trust store the chain starts at.
    pub trusted_key: String,
    pub publisher: String,
    /// The key that signed the pack (differs from `trusted_key` after a rotation).
    pub signing_key: String,
    /// Files covered, with their sha256.
    pub files: BTreeMap<String, String>,
}

/// The message a pack signature is made over: format, key, the canonical manifest's
/// digest and every file's digest, one per line, sorted by path.
fn signed_message(key_id: &str, manifest: &Manifest, files: &BTreeMap<String, String>) -> Vec<u8> {
    let canonical = serde_json::to_vec(manifest).unwrap_or_default();
    let mut m = format!("{SIGNATURE_FORMAT}\nkey {key_id}\nmanifest {}\n", hex::encode(Sha256::digest(&canonical)));
    for (path, digest) in files {
        m.push_str(&format!("file {digest} {path}\n"));
    }
    m.into_bytes()
}

/// The sha256 of every regular file under `dir` except `pack.sig`. Symlinks and other
/// special files are refused: what is signed must be what is loaded.
pub fn digest_files(dir: &Path) -> Result<BTreeMap<String, String>, TrustError> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| TrustError::Pack { dir: dir.into(), message: e.to_string() })?;
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
        let ty = entry.file_type();
        if ty.is_dir() {
            continue;
        }
        if !ty.is_file() {
            return Err(TrustError::Pack {
                dir: dir.into(),
                message: format!("{name}: symlinks and special files are not allowed in a pack"),
            });
        }
        if name == SIGNATURE_FILE {
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(|source| TrustError::Read { path: entry.path().into(), source })?;
        files.insert(name, hex::encode(Sha256::digest(&bytes)));
    }
    Ok(files)
}

/// Signs the pack in `dir` with `key`, writing `dir/pack.sig`. With `predecessor`, adds
/// the statement that the predecessor key accepts `key` as its successor (keeping
/// older statements already in the pack's signature when they lead to it). Returns the
/// signature file and the number of files it covers.
pub fn sign(dir: &Path, key: &SecretKey, predecessor: Option<&SecretKey>) -> Result<(PathBuf, usize), TrustError> {
    let manifest = load_manifest(dir)?;
    let files = digest_files(dir)?;
    let key_id = key.key_id();
    let signature = key.sign(&signed_message(&key_id, &manifest, &files));
    let mut successions = Vec::new();
    let sig_path = dir.join(SIGNATURE_FILE);
    if let Some(old) = predecessor {
        // Keep the chain that led to the predecessor, from an earlier signature.
        if let Ok(text) = std::fs::read_to_string(&sig_path)
            && let Ok(previous) = toml::from_str::<SignatureFile>(&text)
        {
            successions = previous.successions.into_iter().take(MAX_SUCCESSIONS - 1).collect();
            successions.retain(|s| s.to != key_id);
        }
        let public_hex = hex::encode(key.key.verifying_key().as_bytes());
        let statement = old.sign(Succession::message(&key_id, &public_hex).as_bytes());
        successions.push(Succession {
            from: old.key_id(),
            to: key_id.clone(),
            public_key: public_hex,
            signature: hex::encode(statement.to_bytes()),
        });
    }
    let count = files.len();
    let file = SignatureFile {
        format: SIGNATURE_FORMAT.into(),
        pack: manifest.pack.id.clone(),
        version: manifest.pack.version.clone(),
        key_id,
        signature: hex::encode(signature.to_bytes()),
        files,
        successions,
    };
    let text = format!(
        "# Detached signature of this pack, made by `kenshin pack sign`. Check it with `kenshin pack verify`.\n{}",
        toml::to_string(&file).map_err(|e| TrustError::Pack { dir: dir.into(), message: e.to_string() })?
    );
    std::fs::write(&sig_path, text).map_err(|source| TrustError::Write { path: sig_path.clone(), source })?;
    Ok((sig_path, count))
}

/// Checks the pack in `dir` against its signature and `trust`. Every file must be as
/// signed (none changed, added or removed), and the signing key must be in the trust
/// store or reachable from a trusted key through signed successions.
pub fn verify(dir: &Path, trust: &TrustStore) -> Result<Verified, TrustError> {
    let sig_path = dir.join(SIGNATURE_FILE);
    let text = match std::fs::read_to_string(&sig_path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(TrustError::Unsigned { dir: dir.into() }),
        Err(source) => return Err(TrustError::Read { path: sig_path, source }),
    };
    let sig: SignatureFile = parse_toml(&sig_path, &text)?;
    if sig.format != SIGNATURE_FORMAT {
        return Err(TrustError::Format {
            path: sig_path,
            line: 0,
            message: format!("format {:?}: expected {SIGNATURE_FORMAT:?}", sig.format),
        });
    }
    // Which files differ comes first: it is the most useful thing to say.
    let actual = digest_files(dir)?;
    let mut changes = Vec::new();
    for (path, digest) in &sig.files {
        match actual.get(path) {
            None => changes.push(format!("{path} removed")),
            Some(d) if d != digest => changes.push(format!("{path} changed")),
            Some(_) => {}
        }
    }
    changes.extend(actual.keys().filter(|p| !sig.files.contains_key(*p)).map(|p| format!("{p} added")));
    if !changes.is_empty() {
        return Err(TrustError::Tampered { dir: dir.into(), changes });
    }
    let manifest = load_manifest(dir)?;
    if manifest.pack.id != sig.pack || manifest.pack.version != sig.version {
        return Err(TrustError::BadSignature {
            dir: dir.into(),
            what: format!("signed as {} {}, manifest says {} {}", sig.pack, sig.version, manifest.pack.id, manifest.pack.version),
        });
    }
    let (trusted, signing_key) = resolve_key(dir, &sig, trust)?;
    let signature = decode_signature(&sig.signature)
        .ok_or_else(|| TrustError::BadSignature { dir: dir.into(), what: "signature is not 128 hex digits".into() })?;
    signing_key
        .verify(&signed_message(&sig.key_id, &manifest, &sig.files), &signature)
        .map_err(|_| TrustError::BadSignature { dir: dir.into(), what: format!("key {}", sig.key_id) })?;
    Ok(Verified {
        trusted_key: trusted.key_id.clone(),
        publisher: trusted.publisher.clone(),
        signing_key: sig.key_id,
        files: sig.files,
    })
}

/// The trusted key vouching for `sig.key_id` and the signing key itself: either the
/// signing key is trusted, or a chain of successions leads to it from a trusted key.
fn resolve_key<'t>(dir: &Path, sig: &SignatureFile, trust: &'t TrustStore) -> Result<(&'t PublicKey, VerifyingKey), TrustError> {
    if let Some(k) = trust.get(&sig.key_id) {
        return Ok((k, k.key));
    }
    // Walk back from the signing key: who accepted it as successor?
    let mut wanted = sig.key_id.clone();
    let mut wanted_key: Option<VerifyingKey> = None;
    let mut first_key: Option<VerifyingKey> = None;
    for _ in 0..MAX_SUCCESSIONS {
        let Some(link) = sig.successions.iter().find(|s| s.to == wanted) else { break };
        let public =
            decode_public(&link.public_key).filter(|k| key_id(k) == link.to).ok_or_else(|| TrustError::BadSignature {
                dir: dir.into(),
                what: format!("succession to {}: public key does not match the key id", link.to),
            })?;
        if first_key.is_none() {
            first_key = Some(public);
        }
        if let Some(expected) = wanted_key
            && expected != public
        {
            return Err(TrustError::BadSignature {
                dir: dir.into(),
                what: format!("succession chain is inconsistent at {}", link.to),
            });
        }
        let statement = decode_signature(&link.signature).ok_or_else(|| TrustError::BadSignature {
            dir: dir.into(),
            what: "succession signature is not 128 hex digits".into(),
        })?;
        let message = Succession::message(&link.to, &link.public_key);
        let verify_with = |k: &VerifyingKey| k.verify(message.as_bytes(), &statement).is_ok();
        if let Some(trusted) = trust.get(&link.from) {
            if !verify_with(&trusted.key) {
                return Err(TrustError::BadSignature {
                    dir: dir.into(),
                    what: format!("succession {} → {}", link.from, link.to),
                });
            }
            let signing = first_key.unwrap_or(public);
            return Ok((trusted, signing));
        }
        // The predecessor is not trusted itself: its own key must come from the link before.
        let Some(prev) = sig.successions.iter().find(|s| s.to == link.from) else { break };
        let prev_key = decode_public(&prev.public_key).ok_or_else(|| TrustError::BadSignature {
            dir: dir.into(),
            what: format!("succession to {}: bad public key", prev.to),
        })?;
        if !verify_with(&prev_key) {
            return Err(TrustError::BadSignature { dir: dir.into(), what: format!("succession {} → {}", link.from, link.to) });
        }
        wanted = link.from.clone();
        wanted_key = Some(prev_key);
    }
    Err(TrustError::UnknownKey { dir: dir.into(), key_id: sig.key_id.clone(), searched: trust.searched_text() })
}

fn load_manifest(dir: &Path) -> Result<Manifest, TrustError> {
    let path = dir.join("pack.toml");
    let text = read(&path)?;
    Manifest::parse(&path, &text).map_err(|e| TrustError::Pack { dir: dir.into(), message: e.to_string() })
}

fn read(path: &Path) -> Result<String, TrustError> {
    std::fs::read_to_string(path).map_err(|source| TrustError::Read { path: path.into(), source })
}

fn parse_toml<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, TrustError> {
    toml::from_str(text).map_err(|e| TrustError::Format {
        path: path.into(),
        line: e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1).unwrap_or(0),
        message: e.message().lines().next().unwrap_or("invalid TOML").to_string(),
    })
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<(), TrustError> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).map_err(|source| TrustError::Read { path: path.into(), source })?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(TrustError::KeyPermissions { path: path.into(), mode });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path) -> Result<(), TrustError> {
    Ok(())
}

/// Creates `path` with `text`, refusing to overwrite; `private` files get mode 0600
/// from the start, so the secret is never readable by others even briefly.
fn write_new(path: &Path, text: &str, private: bool) -> Result<(), TrustError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if private { 0o600 } else { 0o644 });
    }
    let _ = private;
    let mut file = options.open(path).map_err(|source| TrustError::Write { path: path.into(), source })?;
    file.write_all(text.as_bytes()).map_err(|source| TrustError::Write { path: path.into(), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(dir: &Path) {
        std::fs::write(
            dir.join("pack.toml"),
            "[pack]\nid = \"t.sig\"\nversion = \"1\"\npublisher = \"p\"\nabi = 1\nmodule = \"m.wasm\"\n",
        )
        .unwrap();
        std::fs::write(dir.join("m.wasm"), b"\0asm\x01\0\0\0").unwrap();
        std::fs::create_dir_all(dir.join("tests")).unwrap();
        std::fs::write(dir.join("tests/a.toml"), "x = 1\n").unwrap();
    }

    fn store(keys: &[&SecretKey]) -> TrustStore {
        let mut s = TrustStore::default();
        for k in keys {
            s.add(k.public());
        }
        s
    }

    #[test]
    fn sign_verify_and_every_kind_of_tampering() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        pack(dir);
        let key = SecretKey::generate("Vendor").unwrap();
        sign(dir, &key, None).unwrap();
        let ok = verify(dir, &store(&[&key])).unwrap();
        assert_eq!(ok.signing_key, key.key_id());
        assert_eq!(ok.files.len(), 3);

        let other = SecretKey::generate("Other").unwrap();
        assert!(matches!(verify(dir, &store(&[&other])), Err(TrustError::UnknownKey { .. })));

        std::fs::write(dir.join("m.wasm"), b"\0asm\x01\0\0\x01").unwrap();
        let err = verify(dir, &store(&[&key])).unwrap_err().to_string();
        assert!(err.contains("m.wasm changed"), "{err}");
        std::fs::write(dir.join("m.wasm"), b"\0asm\x01\0\0\0").unwrap();

        std::fs::write(dir.join("extra.wasm"), b"x").unwrap();
        let err = verify(dir, &store(&[&key])).unwrap_err().to_string();
        assert!(err.contains("extra.wasm added"), "{err}");
        std::fs::remove_file(dir.join("extra.wasm")).unwrap();

        std::fs::remove_file(dir.join("tests/a.toml")).unwrap();
        let err = verify(dir, &store(&[&key])).unwrap_err().to_string();
        assert!(err.contains("tests/a.toml removed"), "{err}");
        std::fs::write(dir.join("tests/a.toml"), "x = 1\n").unwrap();
        verify(dir, &store(&[&key])).unwrap();

        // Editing the recorded digests along with the file breaks the signature itself.
        std::fs::write(dir.join("m.wasm"), b"evil").unwrap();
        let sig = std::fs::read_to_string(dir.join(SIGNATURE_FILE)).unwrap();
        let good = hex::encode(Sha256::digest(b"\0asm\x01\0\0\0"));
        std::fs::write(dir.join(SIGNATURE_FILE), sig.replace(&good, &hex::encode(Sha256::digest(b"evil")))).unwrap();
        assert!(matches!(verify(dir, &store(&[&key])), Err(TrustError::BadSignature { .. })));

        std::fs::remove_file(dir.join(SIGNATURE_FILE)).unwrap();
        assert!(matches!(verify(dir, &store(&[&key])), Err(TrustError::Unsigned { .. })));
    }

    #[test]
    fn rotation_through_successions() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        pack(dir);
        let (k1, k2, k3) =
            (SecretKey::generate("V").unwrap(), SecretKey::generate("V").unwrap(), SecretKey::generate("V").unwrap());
        sign(dir, &k2, Some(&k1)).unwrap();
        let v = verify(dir, &store(&[&k1])).unwrap();
        assert_eq!((v.trusted_key.as_str(), v.signing_key.as_str()), (k1.key_id().as_str(), k2.key_id().as_str()));
        // k3 succeeds k2, which succeeded k1: the chain is kept.
        sign(dir, &k3, Some(&k2)).unwrap();
        let v = verify(dir, &store(&[&k1])).unwrap();
        assert_eq!(v.signing_key, k3.key_id());
        // A succession signed by a key nobody trusts leads nowhere.
        let stranger = SecretKey::generate("X").unwrap();
        pack(dir);
        sign(dir, &k2, Some(&stranger)).unwrap();
        assert!(matches!(verify(dir, &store(&[&k1])), Err(TrustError::UnknownKey { .. })));
    }

    #[test]
    fn key_files_round_trip_and_secret_key_must_be_private() {
        let tmp = tempfile::tempdir().unwrap();
        let key = SecretKey::generate("病院ベンダー").unwrap();
        let (secret, public) = key.save(tmp.path(), "vendor").unwrap();
        assert_eq!(SecretKey::load(&secret).unwrap().key_id(), key.key_id());
        assert_eq!(PublicKey::load(&public).unwrap(), key.public());
        assert!(key.save(tmp.path(), "vendor").is_err(), "never overwrites a key");
        assert!(!format!("{key:?}").contains(&hex::encode(key.key.to_bytes())));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert!(matches!(SecretKey::load(&secret), Err(TrustError::KeyPermissions { .. })));
        }
        let store = TrustStore::from_dirs(&[tmp.path().to_path_buf()]).unwrap();
        assert!(store.get(&key.key_id()).is_some());
    }
}
