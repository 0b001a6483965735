//! Login credentials of one device, resolved from what the inventory names: an
//! environment variable, a file, a private key (with its passphrase) or the ssh-agent.
//!
//! Every secret read here is registered with the process-wide redactor before it is
//! used, so it cannot reach a log line, a message or an output file even by accident,
//! and [`Credential`]'s `Debug` never shows it.

use std::fmt;
use std::path::{Path, PathBuf};

use kenshin_connectors::DeviceEntry;
use kenshin_secrets::{Secret, SecretKind};

/// A secret value (password, passphrase, enable secret). Not `Display`, and its
/// `Debug` prints only the mask.
#[derive(Clone)]
pub struct Credential(String);

impl Credential {
    /// Wraps `value` and registers it with the redactor.
    fn new(value: String) -> Credential {
        kenshin_secrets::register(&[Secret::new(0, SecretKind::PlainPassword, value.clone())]);
        Credential(value)
    }

    /// The value, for handing to libssh2 or typing at a prompt.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(kenshin_secrets::MASK)
    }
}

/// A private key file and its passphrase.
#[derive(Debug, Clone)]
pub struct KeyFile {
    pub path: PathBuf,
    pub passphrase: Option<Credential>,
}

/// Everything needed to log in to one device and reach the privilege its commands need.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub username: String,
    pub password: Option<Credential>,
    pub key: Option<KeyFile>,
    pub agent: bool,
    /// `enable` / `administrator` secret, for platforms that elevate.
    pub elevation_secret: Option<Credential>,
}

/// Why the credentials of a device could not be read. Messages name the variable or
/// file, never the value.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error("environment variable {name} ({field}) is not set or empty")]
    EnvMissing { name: String, field: &'static str },
    #[error("{} ({field}): cannot read: {source}", path.display())]
    Read { path: PathBuf, field: &'static str, source: std::io::Error },
    #[error(
        "{} ({field}): readable by group or others (mode {mode:o}); refused: run `chmod 600 {}`",
        path.display(),
        path.display()
    )]
    TooOpen { path: PathBuf, field: &'static str, mode: u32 },
    #[error("{} ({field}): empty", path.display())]
    Empty { path: PathBuf, field: &'static str },
    #[error("no username in the inventory")]
    NoUsername,
}

impl Credentials {
    /// Resolves the credentials `device` names. Relative file paths are relative to
    /// the site folder `site_root`.
    pub fn resolve(device: &DeviceEntry, site_root: &Path) -> Result<Credentials, CredentialError> {
        let username = device.username.clone().ok_or(CredentialError::NoUsername)?;
        let password = match (&device.password_env, &device.password_file) {
            (Some(var), _) => Some(from_env(var, "password_env")?),
            (None, Some(file)) => Some(from_file(&site_root.join(file), "password_file")?),
            (None, None) => None,
        };
        let key = match &device.key_file {
            Some(path) => {
                let path = site_root.join(path);
                check_private(&path, "key_file")?;
                let passphrase = match &device.passphrase_env {
                    Some(var) => Some(from_env(var, "passphrase_env")?),
                    None => None,
                };
                Some(KeyFile { path, passphrase })
            }
            None => None,
        };
        let elevation_secret = match &device.enable_secret_env {
            Some(var) => Some(from_env(var, "enable_secret_env")?),
            None => None,
        };
        Ok(Credentials { username, password, key, agent: device.agent == Some(true), elevation_secret })
    }
}

/// The SNMP credentials `device` names (v2c community, or v3 user and keys).
pub fn resolve_snmp(device: &DeviceEntry, site_root: &Path) -> Result<crate::snmp::Credentials, CredentialError> {
    use kenshin_connectors::site::SnmpVersion;
    use snmp2::v3::{AuthProtocol, Cipher};
    match device.snmp_version {
        Some(SnmpVersion::V3) => {
            let user = device.snmp_user.clone().unwrap_or_default();
            let auth = match (&device.auth_protocol, &device.auth_key_env) {
                (Some(p), Some(var)) => {
                    let proto = match p.to_ascii_lowercase().as_str() {
                        "md5" => AuthProtocol::Md5,
                        "sha224" => AuthProtocol::Sha224,
                        "sha256" => AuthProtocol::Sha256,
                        "sha384" => AuthProtocol::Sha384,
                        "sha512" => AuthProtocol::Sha512,
                        _ => AuthProtocol::Sha1,
                    };
                    Some((proto, from_env(var, "auth_key_env")?.0))
                }
                _ => None,
            };
            let privacy = match (&device.priv_protocol, &device.priv_key_env) {
                (Some(p), Some(var)) => {
                    let cipher = match p.to_ascii_lowercase().as_str() {
                        "des" => Cipher::Des,
                        "aes192" => Cipher::Aes192,
                        "aes256" => Cipher::Aes256,
                        _ => Cipher::Aes128,
                    };
                    Some((cipher, from_env(var, "priv_key_env")?.0))
                }
                _ => None,
            };
            Ok(crate::snmp::Credentials::V3(crate::snmp::V3 { user, auth, privacy }))
        }
        _ => {
            let community = match (&device.community_env, &device.community_file) {
                (Some(var), _) => from_env(var, "community_env")?,
                (None, Some(file)) => from_file(&site_root.join(file), "community_file")?,
                (None, None) => return Err(CredentialError::EnvMissing { name: "community_env".into(), field: "community_env" }),
            };
            Ok(crate::snmp::Credentials::V2c { community: community.0 })
        }
    }
}

fn from_env(name: &str, field: &'static str) -> Result<Credential, CredentialError> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Ok(Credential::new(v)),
        _ => Err(CredentialError::EnvMissing { name: name.to_string(), field }),
    }
}

/// The first line of a file (a trailing newline is not part of a password).
fn from_file(path: &Path, field: &'static str) -> Result<Credential, CredentialError> {
    check_private(path, field)?;
    let text =
        std::fs::read_to_string(path).map_err(|source| CredentialError::Read { path: path.to_path_buf(), field, source })?;
    let value = text.lines().next().unwrap_or("").to_string();
    if value.is_empty() {
        return Err(CredentialError::Empty { path: path.to_path_buf(), field });
    }
    Ok(Credential::new(value))
}

/// Refuses a secret file that group or others can read, like OpenSSH does for keys.
fn check_private(path: &Path, field: &'static str) -> Result<(), CredentialError> {
    let meta = std::fs::metadata(path).map_err(|source| CredentialError::Read { path: path.to_path_buf(), field, source })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(CredentialError::TooOpen { path: path.to_path_buf(), field, mode });
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_open_files_and_hides_values() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pw");
        std::fs::write(&file, "s3cret-value-xyz\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = from_file(&file, "password_file").unwrap_err();
        assert!(matches!(err, CredentialError::TooOpen { mode: 0o644, .. }), "{err}");
        assert!(err.to_string().contains("chmod 600"), "{err}");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        let c = from_file(&file, "password_file").unwrap();
        assert_eq!(c.expose(), "s3cret-value-xyz");
        assert_eq!(format!("{c:?}"), kenshin_secrets::MASK);
        assert!(!kenshin_secrets::redact_global("login s3cret-value-xyz").contains("s3cret-value-xyz"));
    }

    #[test]
    fn missing_env_names_the_variable() {
        let err = from_env("KENSHIN_TEST_SURELY_UNSET_VAR", "password_env").unwrap_err();
        assert!(err.to_string().contains("KENSHIN_TEST_SURELY_UNSET_VAR"), "{err}");
    }
}
