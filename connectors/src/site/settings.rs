//! `site.toml`: the site's name, checklist edition, declared networks, policy
//! parameters and sandbox ceilings.
//!
//! ```toml
//! name = "〇〇病院"
//! edition = "r7"
//! management_networks = ["192.0.2.0/26"]
//! vendor_maintenance_sources = ["198.51.100.7/32"]
//!
//! [params]            # handed to every policy pack as JSON
//! min_password_length = 13
//!
//! [sandbox]           # ceilings for policy modules
//! memory_limit_mib = 64
//! deadline_ms = 1000
//!
//! [collect]           # time limits of the SSH / SNMP connectors, per device
//! connect_timeout_s = 10
//! auth_timeout_s = 20
//! command_timeout_s = 60
//! device_timeout_s = 300
//! concurrency = 16
//! snmp_timeout_s = 2     # per SNMP request, sent again snmp_retries times
//! snmp_retries = 2
//! ```

use std::path::Path;

use ipnet::IpNet;
use serde::Deserialize;
use toml::Spanned;

use super::{SiteError, read};

/// Checklist edition the report follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Edition {
    /// R5/R6 numbering (FY2023–2024).
    R6,
    /// FY2025 edition with the added items (default).
    #[default]
    R7,
}

impl Edition {
    pub fn as_str(self) -> &'static str {
        match self {
            Edition::R6 => "r6",
            Edition::R7 => "r7",
        }
    }
}

/// Settings of one site.
#[derive(Debug, Clone)]
pub struct SiteSettings {
    pub name: String,
    pub edition: Edition,
    /// Networks administrators manage devices from.
    pub management_networks: Vec<IpNet>,
    /// Addresses maintenance vendors connect from.
    pub vendor_maintenance_sources: Vec<IpNet>,
    /// Policy parameters, passed to packs as the ABI's `params`.
    pub params: serde_json::Map<String, serde_json::Value>,
    pub sandbox: SandboxSettings,
    pub collect: CollectSettings,
}

/// Limits of the network connectors. Every wait on a device is bounded by one of these,
/// and all of a device's waits together by `device_timeout_s`, so a device that stalls,
/// drips or never shows a prompt cannot hold a collection up.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectSettings {
    /// TCP connection.
    #[serde(default = "default_connect")]
    pub connect_timeout_s: f64,
    /// SSH handshake and authentication (and privilege elevation).
    #[serde(default = "default_auth")]
    pub auth_timeout_s: f64,
    /// One command, from sending it to its last byte.
    #[serde(default = "default_command")]
    pub command_timeout_s: f64,
    /// Everything for one device.
    #[serde(default = "default_device")]
    pub device_timeout_s: f64,
    /// Devices collected at once (`--concurrency` overrides).
    #[serde(default = "default_concurrency")]
    pub concurrency: usize,
    /// Wait for one SNMP response before sending again.
    #[serde(default = "default_snmp_timeout")]
    pub snmp_timeout_s: f64,
    /// SNMP requests sent again after a timeout.
    #[serde(default = "default_snmp_retries")]
    pub snmp_retries: u32,
}

fn default_snmp_timeout() -> f64 {
    2.0
}
fn default_snmp_retries() -> u32 {
    2
}

fn default_connect() -> f64 {
    10.0
}
fn default_auth() -> f64 {
    20.0
}
fn default_command() -> f64 {
    60.0
}
fn default_device() -> f64 {
    300.0
}
fn default_concurrency() -> usize {
    16
}

impl Default for CollectSettings {
    fn default() -> Self {
        CollectSettings {
            connect_timeout_s: default_connect(),
            auth_timeout_s: default_auth(),
            command_timeout_s: default_command(),
            device_timeout_s: default_device(),
            concurrency: default_concurrency(),
            snmp_timeout_s: default_snmp_timeout(),
            snmp_retries: default_snmp_retries(),
        }
    }
}

/// Resource ceilings for policy modules, per device evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SandboxSettings {
    #[serde(default = "default_memory")]
    pub memory_limit_mib: u32,
    #[serde(default = "default_deadline")]
    pub deadline_ms: u32,
}

fn default_memory() -> u32 {
    64
}
fn default_deadline() -> u32 {
    1000
}

impl Default for SandboxSettings {
    fn default() -> Self {
        SandboxSettings { memory_limit_mib: default_memory(), deadline_ms: default_deadline() }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    edition: Option<Edition>,
    #[serde(default)]
    management_networks: Vec<Spanned<String>>,
    #[serde(default)]
    vendor_maintenance_sources: Vec<Spanned<String>>,
    #[serde(default)]
    params: toml::Table,
    #[serde(default)]
    sandbox: Option<SandboxSettings>,
    #[serde(default)]
    collect: Option<Spanned<CollectSettings>>,
}

impl SiteSettings {
    /// Settings for a site without `site.toml`: named after its folder.
    pub fn default_for(root: &Path) -> Self {
        let name = root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "site".into());
        SiteSettings {
            name,
            edition: Edition::default(),
            management_networks: Vec::new(),
            vendor_maintenance_sources: Vec::new(),
            params: serde_json::Map::new(),
            sandbox: SandboxSettings::default(),
            collect: CollectSettings::default(),
        }
    }

    pub fn load(path: &Path) -> Result<Self, SiteError> {
        let text = read(path)?;
        Self::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Self, SiteError> {
        let raw: RawSettings = toml::from_str(text).map_err(|e| SiteError::from_toml(path, text, e))?;
        let nets = |field: &str, list: Vec<Spanned<String>>| -> Result<Vec<IpNet>, SiteError> {
            list.into_iter()
                .map(|s| {
                    let span = s.span();
                    let value = s.into_inner();
                    parse_net(&value).ok_or_else(|| {
                        SiteError::invalid(
                            path,
                            text,
                            Some(span),
                            Some(field.to_string()),
                            format!("{value:?} is not an address or CIDR network"),
                        )
                    })
                })
                .collect()
        };
        let management_networks = nets("management_networks", raw.management_networks)?;
        let vendor_maintenance_sources = nets("vendor_maintenance_sources", raw.vendor_maintenance_sources)?;
        let params = match serde_json::to_value(&raw.params) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        let mut settings = SiteSettings::default_for(path.parent().unwrap_or(Path::new(".")));
        if let Some(name) = raw.name {
            settings.name = name;
        }
        settings.edition = raw.edition.unwrap_or_default();
        settings.management_networks = management_networks;
        settings.vendor_maintenance_sources = vendor_maintenance_sources;
        settings.params = params;
        settings.sandbox = raw.sandbox.unwrap_or_default();
        if let Some(collect) = raw.collect {
            let span = collect.span();
            let c = collect.into_inner();
            let limits = [c.connect_timeout_s, c.auth_timeout_s, c.command_timeout_s, c.device_timeout_s, c.snmp_timeout_s];
            // A zero, negative or enormous limit would mean "wait forever" in practice.
            if limits.iter().any(|t| !(0.05..=86_400.0).contains(t)) || c.concurrency == 0 || c.concurrency > 1024 {
                return Err(SiteError::invalid(
                    path,
                    text,
                    Some(span),
                    Some("collect".into()),
                    "time limits must be between 0.05 and 86400 seconds and concurrency between 1 and 1024".to_string(),
                ));
            }
            settings.collect = c;
        }
        Ok(settings)
    }
}

/// `192.0.2.0/24`, or a bare address as a host network.
fn parse_net(s: &str) -> Option<IpNet> {
    s.parse::<IpNet>().ok().or_else(|| s.parse::<std::net::IpAddr>().ok().map(IpNet::from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects_bad_networks_with_line() {
        let ok = SiteSettings::parse(
            Path::new("site.toml"),
            "name = \"A病院\"\nedition = \"r6\"\nmanagement_networks = [\"192.0.2.0/26\", \"192.0.2.99\"]\n[params]\nx = 3\n",
        )
        .unwrap();
        assert_eq!(ok.edition, Edition::R6);
        assert_eq!(ok.management_networks.len(), 2);
        assert_eq!(ok.params["x"], 3);
        assert_eq!(ok.sandbox, SandboxSettings::default());
        let e = SiteSettings::parse(Path::new("site.toml"), "name = \"x\"\n\nmanagement_networks = [\"192.0.2.0/33\"]\n")
            .unwrap_err();
        match e {
            SiteError::Invalid { line, message, .. } => {
                assert_eq!(line, 3);
                assert!(message.contains("management_networks"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
}
