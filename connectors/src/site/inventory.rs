//! `inventory.toml`: the site's devices (台帳).
//!
//! Keys are part of the contract (design.md): add, don't rename. Unknown keys are
//! refused so that a typo (`pasword_env`) is an error, not a silently ignored setting.
//! Credentials are never written here: a device names an environment variable, a
//! file, a key file or the ssh-agent.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use kenshin_facts::DeviceKind;
use serde::Deserialize;
use toml::Spanned;

use super::{SiteError, read};
use crate::platform;

/// All devices of a site, in inventory order.
#[derive(Debug, Clone)]
pub struct Inventory {
    pub path: PathBuf,
    pub devices: Vec<DeviceEntry>,
}

/// How evidence is obtained from a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Connector {
    Ssh,
    Snmp,
    /// Evidence dropped into `snapshots/<device>/` by another tool.
    File,
}

/// SNMP protocol version of an SNMP device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SnmpVersion {
    V2c,
    V3,
}

/// One `[[device]]` of the inventory.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceEntry {
    pub name: String,
    pub kind: DeviceKind,
    /// A platform name of [`platform::PLATFORMS`], or `auto`.
    pub platform: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub port: Option<u16>,
    pub connector: Connector,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password_env: Option<String>,
    #[serde(default)]
    pub password_file: Option<PathBuf>,
    #[serde(default)]
    pub key_file: Option<PathBuf>,
    #[serde(default)]
    pub passphrase_env: Option<String>,
    #[serde(default)]
    pub agent: Option<bool>,
    #[serde(default)]
    pub enable_secret_env: Option<String>,
    #[serde(default)]
    pub snmp_version: Option<SnmpVersion>,
    #[serde(default)]
    pub snmp_user: Option<String>,
    #[serde(default)]
    pub auth_protocol: Option<String>,
    #[serde(default)]
    pub auth_key_env: Option<String>,
    #[serde(default)]
    pub priv_protocol: Option<String>,
    #[serde(default)]
    pub priv_key_env: Option<String>,
    #[serde(default)]
    pub community_env: Option<String>,
    #[serde(default)]
    pub community_file: Option<PathBuf>,
    #[serde(default)]
    pub probe_default_communities: Option<bool>,
    /// SNMP port when it is not 161 (for `connector = "snmp"`, `port` works too).
    #[serde(default)]
    pub snmp_port: Option<u16>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub vendor: Option<String>,
    #[serde(default)]
    pub remote_maintenance: Option<bool>,
    /// Line of the device's `name` in inventory.toml, for later messages.
    #[serde(skip)]
    pub line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInventory {
    #[serde(default)]
    device: Vec<Spanned<DeviceEntry>>,
}

/// Byte offset of the line assigning `key` inside `span` of `text` (for messages about
/// a value serde accepted but kenshin does not).
fn key_offset(text: &str, span: &std::ops::Range<usize>, key: &str) -> usize {
    let body = text.get(span.clone()).unwrap_or("");
    let mut offset = span.start;
    for line in body.split_inclusive('\n') {
        let t = line.trim_start();
        if t.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('=')) {
            return offset + (line.len() - t.len());
        }
        offset += line.len();
    }
    span.start
}

impl Inventory {
    /// Reads and checks an inventory file.
    pub fn load(path: &Path) -> Result<Inventory, SiteError> {
        let text = read(path)?;
        Inventory::parse(path, &text)
    }

    /// Parses inventory text; `path` is only used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Inventory, SiteError> {
        // serde checks fields, types and unknown keys, with the span of the culprit.
        let raw: RawInventory = toml::from_str(text).map_err(|e| SiteError::from_toml(path, text, e))?;
        let mut devices = Vec::with_capacity(raw.device.len());
        let mut seen: HashMap<String, usize> = HashMap::new();
        // A `[[device]]` span covers only its header; its keys run to the next header.
        let headers: Vec<usize> = raw.device.iter().map(|d| d.span().start).collect();
        let mut lines = super::LineCounter::new(text);
        for (i, spanned) in raw.device.into_iter().enumerate() {
            let span = headers[i]..headers.get(i + 1).copied().unwrap_or(text.len());
            let mut entry = spanned.into_inner();
            let field = |f: &str| Some(format!("device[{i}].{f}"));
            let at = |key: &str| {
                let o = key_offset(text, &span, key);
                Some(o..o)
            };
            let line = lines.line_at(key_offset(text, &span, "name"));
            if let Err(why) = check_device_name(&entry.name) {
                return Err(SiteError::invalid(path, text, at("name"), field("name"), why));
            }
            if let Some(first) = seen.insert(entry.name.clone(), line) {
                return Err(SiteError::invalid(
                    path,
                    text,
                    at("name"),
                    field("name"),
                    format!("duplicate device name {:?} (first defined on line {first})", entry.name),
                ));
            }
            if entry.platform != "auto" && platform::find(&entry.platform).is_none() {
                return Err(SiteError::invalid(
                    path,
                    text,
                    at("platform"),
                    field("platform"),
                    format!(
                        "unknown platform {:?}; expected \"auto\" or one of: {}",
                        entry.platform,
                        platform::PLATFORMS.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
            entry.line = line;
            check_credentials(&entry).map_err(|(f, why)| SiteError::invalid(path, text, at(f), field(f), why))?;
            devices.push(entry);
        }
        Ok(Inventory { path: path.to_path_buf(), devices })
    }

    /// The device named `name`.
    pub fn device(&self, name: &str) -> Option<&DeviceEntry> {
        self.devices.iter().find(|d| d.name == name)
    }

    /// The maintenance vendors of the inventory (its distinct `vendor` values, in
    /// inventory order) with their remotely maintained devices.
    pub fn vendors(&self) -> Vec<super::VendorDevices> {
        let mut out: Vec<super::VendorDevices> = Vec::new();
        for d in &self.devices {
            let Some(vendor) = d.vendor.as_deref().map(str::trim).filter(|v| !v.is_empty()) else { continue };
            let i = match out.iter().position(|v| v.vendor == vendor) {
                Some(i) => i,
                None => {
                    out.push(super::VendorDevices { vendor: vendor.to_string(), remote: Vec::new() });
                    out.len() - 1
                }
            };
            if d.remote_maintenance == Some(true) {
                out[i].remote.push(d.name.clone());
            }
        }
        out
    }
}

/// Device names become folder names under `snapshots/`: keep them portable and safe.
fn check_device_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 128
        && name != "."
        && name != ".."
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(format!("device name {name:?} must be 1-128 characters of A-Z a-z 0-9 - _ . (it names a folder)"))
    }
}

/// Connector-specific requirements that serde cannot express.
fn check_credentials(d: &DeviceEntry) -> Result<(), (&'static str, String)> {
    match d.connector {
        Connector::File => Ok(()),
        Connector::Ssh | Connector::Snmp if d.address.is_none() => {
            Err(("address", format!("connector {:?} needs an address", d.connector).to_lowercase()))
        }
        Connector::Ssh => {
            if d.username.is_none() {
                return Err(("username", "connector \"ssh\" needs a username".into()));
            }
            let sources = [d.password_env.is_some(), d.password_file.is_some(), d.key_file.is_some(), d.agent == Some(true)];
            if !sources.contains(&true) {
                return Err((
                    "password_env",
                    "connector \"ssh\" needs one of password_env, password_file, key_file or agent = true".into(),
                ));
            }
            Ok(())
        }
        Connector::Snmp => match d.snmp_version {
            None => Err(("snmp_version", "connector \"snmp\" needs snmp_version = \"v2c\" or \"v3\"".into())),
            Some(_) => check_snmp(d),
        },
    }?;
    // SNMP as a second source of an SSH device.
    if d.connector == Connector::Ssh && d.snmp_version.is_some() { check_snmp(d) } else { Ok(()) }
}

/// SNMPv3 authentication protocols kenshin speaks, by inventory spelling.
pub const SNMP_AUTH_PROTOCOLS: &[&str] = &["md5", "sha", "sha1", "sha224", "sha256", "sha384", "sha512"];
/// SNMPv3 privacy protocols kenshin speaks, by inventory spelling.
pub const SNMP_PRIV_PROTOCOLS: &[&str] = &["des", "aes", "aes128", "aes192", "aes256"];

fn check_snmp(d: &DeviceEntry) -> Result<(), (&'static str, String)> {
    match d.snmp_version {
        Some(SnmpVersion::V2c) if d.community_env.is_none() && d.community_file.is_none() => {
            Err(("community_env", "SNMP v2c needs community_env or community_file".into()))
        }
        Some(SnmpVersion::V3) if d.snmp_user.is_none() => Err(("snmp_user", "SNMP v3 needs snmp_user".into())),
        Some(SnmpVersion::V3) => {
            if let Some(p) =
                d.auth_protocol.as_deref().filter(|p| !SNMP_AUTH_PROTOCOLS.contains(&p.to_ascii_lowercase().as_str()))
            {
                return Err((
                    "auth_protocol",
                    format!("unknown auth_protocol {p:?}; expected one of {}", SNMP_AUTH_PROTOCOLS.join(", ")),
                ));
            }
            if let Some(p) =
                d.priv_protocol.as_deref().filter(|p| !SNMP_PRIV_PROTOCOLS.contains(&p.to_ascii_lowercase().as_str()))
            {
                return Err((
                    "priv_protocol",
                    format!("unknown priv_protocol {p:?}; expected one of {}", SNMP_PRIV_PROTOCOLS.join(", ")),
                ));
            }
            if d.auth_protocol.is_some() != d.auth_key_env.is_some() {
                return Err(("auth_key_env", "auth_protocol and auth_key_env go together".into()));
            }
            if d.priv_protocol.is_some() != d.priv_key_env.is_some() {
                return Err(("priv_key_env", "priv_protocol and priv_key_env go together".into()));
            }
            if d.priv_protocol.is_some() && d.auth_protocol.is_none() {
                return Err(("priv_protocol", "SNMPv3 privacy needs authentication (auth_protocol) too".into()));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Inventory, SiteError> {
        Inventory::parse(Path::new("inventory.toml"), text)
    }

    fn err(text: &str) -> (usize, String) {
        match parse(text) {
            Err(SiteError::Invalid { line, message, .. }) => (line, message),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    const OK: &str = r#"
[[device]]
name = "core-rtr"
kind = "router"
platform = "cisco_xe"
address = "192.0.2.1"
connector = "ssh"
username = "audit"
password_env = "KENSHIN_CORE_PASSWORD"
location = "本館2F サーバ室"
remote_maintenance = true

[[device]]
name = "emr-db"
kind = "server"
platform = "windows"
connector = "file"
"#;

    #[test]
    fn reads_the_design_example() {
        let inv = parse(OK).unwrap();
        assert_eq!(inv.devices.len(), 2);
        assert_eq!(inv.devices[0].kind, DeviceKind::Router);
        assert_eq!(inv.devices[0].location.as_deref(), Some("本館2F サーバ室"));
        assert_eq!(inv.devices[0].line, 3);
        assert_eq!(inv.devices[1].connector, Connector::File);
    }

    #[test]
    fn unknown_platform_names_line_and_field() {
        let (line, msg) = err("[[device]]\nname = \"a\"\nkind = \"router\"\nplatform = \"cisco_iox\"\nconnector = \"file\"\n");
        assert_eq!(line, 4);
        assert!(msg.contains("device[0].platform") && msg.contains("cisco_iox"), "{msg}");
    }

    #[test]
    fn duplicate_name_points_at_the_second() {
        let text = "[[device]]\nname = \"a\"\nkind = \"router\"\nplatform = \"fortinet\"\nconnector = \"file\"\n\
                    [[device]]\nname = \"a\"\nkind = \"router\"\nplatform = \"fortinet\"\nconnector = \"file\"\n";
        let (line, msg) = err(text);
        assert_eq!(line, 7);
        assert!(msg.contains("duplicate") && msg.contains("line 2"), "{msg}");
    }

    #[test]
    fn missing_field_and_bad_kind() {
        let (line, msg) = err("[[device]]\nname = \"a\"\nplatform = \"fortinet\"\nconnector = \"file\"\n");
        assert!(line >= 1, "{line}");
        assert!(msg.contains("kind"), "{msg}");
        let (_, msg) = err("[[device]]\nname = \"a\"\nkind = \"toaster\"\nplatform = \"fortinet\"\nconnector = \"file\"\n");
        assert!(msg.contains("toaster"), "{msg}");
    }

    #[test]
    fn syntax_error_and_typo_key() {
        let (line, _) = err("[[device]]\nname = \"a\n");
        assert_eq!(line, 2);
        let (_, msg) = err(
            "[[device]]\nname = \"a\"\nkind = \"router\"\nplatform = \"fortinet\"\nconnector = \"file\"\npasword_env = \"X\"\n",
        );
        assert!(msg.contains("pasword_env"), "{msg}");
    }

    #[test]
    fn ssh_needs_credentials_and_names_are_safe() {
        let (_, msg) = err(
            "[[device]]\nname = \"a\"\nkind = \"router\"\nplatform = \"fortinet\"\nconnector = \"ssh\"\naddress = \"127.0.0.1\"\nusername = \"u\"\n",
        );
        assert!(msg.contains("password_env"), "{msg}");
        let (_, msg) = err("[[device]]\nname = \"../etc\"\nkind = \"router\"\nplatform = \"fortinet\"\nconnector = \"file\"\n");
        assert!(msg.contains("folder"), "{msg}");
    }
}
