//! Host key pinning against the site's `known_hosts` (OpenSSH format).
//!
//! An unknown or changed key refuses the device, with the offered key's SHA256
//! fingerprint in the message so that it can be compared with the device's console.
//! With `--accept-new-host-keys` an unknown key is recorded (trust on first use); a
//! changed key is never overwritten, whatever the options: that is exactly the case a
//! man in the middle produces.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use base64::Engine;
use ssh2::{CheckResult, HashType, HostKeyType, KnownHostFileKind, Session};

/// Serialises appends to known_hosts between the collector's threads.
static APPEND: Mutex<()> = Mutex::new(());

/// What the check concluded, when the device may be talked to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostKeyOutcome {
    /// The key is pinned and matches.
    Matched,
    /// The key was unknown and has been recorded (`--accept-new-host-keys`).
    Recorded { fingerprint: String },
}

/// Why the device was refused.
#[derive(Debug, thiserror::Error)]
pub enum HostKeyError {
    #[error(
        "host key of {host} is not in {} (offered {key_type} {fingerprint}); refused: check the fingerprint \
         on the device's console and add it, or run with --accept-new-host-keys to record it (trust on first use)",
        known_hosts.display()
    )]
    Unknown { host: String, key_type: &'static str, fingerprint: String, known_hosts: PathBuf },
    #[error(
        "HOST KEY CHANGED for {host}: offered {key_type} {fingerprint} does not match {}; refused (a replaced device \
         or a man in the middle: check the fingerprint on the device's console, then edit known_hosts by hand)",
        known_hosts.display()
    )]
    Changed { host: String, key_type: &'static str, fingerprint: String, known_hosts: PathBuf },
    #[error("the server offered no host key")]
    NoKey,
    #[error("{}: {message}", known_hosts.display())]
    File { known_hosts: PathBuf, message: String },
}

/// OpenSSH's name for a key type.
pub fn key_type_name(t: HostKeyType) -> &'static str {
    match t {
        HostKeyType::Rsa => "ssh-rsa",
        HostKeyType::Dss => "ssh-dss",
        HostKeyType::Ecdsa256 => "ecdsa-sha2-nistp256",
        HostKeyType::Ecdsa384 => "ecdsa-sha2-nistp384",
        HostKeyType::Ecdsa521 => "ecdsa-sha2-nistp521",
        HostKeyType::Ed25519 => "ssh-ed25519",
        HostKeyType::Unknown => "unknown",
    }
}

/// `SHA256:<base64 without padding>`, as `ssh-keygen -l` prints it.
pub fn fingerprint(key: &[u8]) -> String {
    use sha2::Digest;
    format!("SHA256:{}", base64::engine::general_purpose::STANDARD_NO_PAD.encode(sha2::Sha256::digest(key)))
}

/// The host name as known_hosts writes it: `host` on port 22, `[host]:port` elsewhere.
pub fn host_pattern(host: &str, port: u16) -> String {
    if port == 22 { host.to_string() } else { format!("[{host}]:{port}") }
}

/// A known_hosts line for `key`.
pub fn known_hosts_line(host: &str, port: u16, key_type: HostKeyType, key: &[u8]) -> String {
    format!(
        "{} {} {}\n",
        host_pattern(host, port),
        key_type_name(key_type),
        base64::engine::general_purpose::STANDARD.encode(key)
    )
}

/// Checks the key `session` was offered after the handshake.
pub fn verify(
    session: &Session,
    host: &str,
    port: u16,
    known_hosts: &Path,
    accept_new: bool,
) -> Result<HostKeyOutcome, HostKeyError> {
    let (key, key_type) = session.host_key().ok_or(HostKeyError::NoKey)?;
    let fp = session
        .host_key_hash(HashType::Sha256)
        .map(|h| format!("SHA256:{}", base64::engine::general_purpose::STANDARD_NO_PAD.encode(h)))
        .unwrap_or_else(|| fingerprint(key));
    let file_err = |message: String| HostKeyError::File { known_hosts: known_hosts.to_path_buf(), message };
    let check = |kh_path: &Path| -> Result<CheckResult, HostKeyError> {
        let mut kh = session.known_hosts().map_err(|e| file_err(e.to_string()))?;
        if kh_path.exists() {
            kh.read_file(kh_path, KnownHostFileKind::OpenSSH).map_err(|e| file_err(format!("cannot read: {e}")))?;
        }
        Ok(kh.check_port(host, port, key))
    };
    let who = host_pattern(host, port);
    let key_type_str = key_type_name(key_type);
    match check(known_hosts)? {
        CheckResult::Match => Ok(HostKeyOutcome::Matched),
        CheckResult::Mismatch => Err(HostKeyError::Changed {
            host: who,
            key_type: key_type_str,
            fingerprint: fp,
            known_hosts: known_hosts.to_path_buf(),
        }),
        CheckResult::Failure => Err(file_err("libssh2 could not check the host key".into())),
        CheckResult::NotFound if !accept_new => Err(HostKeyError::Unknown {
            host: who,
            key_type: key_type_str,
            fingerprint: fp,
            known_hosts: known_hosts.to_path_buf(),
        }),
        CheckResult::NotFound => {
            let _guard = APPEND.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            // Another thread may have written this host meanwhile: check again under the lock.
            match check(known_hosts)? {
                CheckResult::Match => return Ok(HostKeyOutcome::Matched),
                CheckResult::Mismatch => {
                    return Err(HostKeyError::Changed {
                        host: who,
                        key_type: key_type_str,
                        fingerprint: fp,
                        known_hosts: known_hosts.to_path_buf(),
                    });
                }
                _ => {}
            }
            let line = known_hosts_line(host, port, key_type, key);
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(known_hosts)
                .map_err(|e| file_err(format!("cannot record the new key: {e}")))?;
            file.write_all(line.as_bytes()).map_err(|e| file_err(format!("cannot record the new key: {e}")))?;
            tracing::warn!(host = %who, fingerprint = %fp, "recorded a new host key (trust on first use)");
            Ok(HostKeyOutcome::Recorded { fingerprint: fp })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_fingerprints_use_openssh_formats() {
        assert_eq!(host_pattern("192.0.2.1", 22), "192.0.2.1");
        assert_eq!(host_pattern("127.0.0.1", 2222), "[127.0.0.1]:2222");
        let line = known_hosts_line("127.0.0.1", 2222, HostKeyType::Ed25519, b"\x00\x01key");
        assert_eq!(line, "[127.0.0.1]:2222 ssh-ed25519 AAFrZXk=\n");
        // sha256("") in base64 without padding, as ssh-keygen prints it.
        assert_eq!(fingerprint(b""), "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");
    }
}
