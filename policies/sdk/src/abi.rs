//! ABI v1 data types (see `policies/ABI.md`) and the guest-side glue.

use kenshin_facts::{Evidence, Facts};
use serde::{Deserialize, Serialize};

/// The ABI version this SDK implements.
pub const ABI_VERSION: u32 = 1;

/// What the engine hands to a policy for one device.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Input {
    pub abi: u32,
    #[serde(default)]
    pub pack: Option<PackInfo>,
    pub device: Facts,
    #[serde(default)]
    pub site: SiteInfo,
    #[serde(default)]
    pub params: serde_json::Map<String, serde_json::Value>,
    /// When the scan runs: modules have no clock of their own.
    #[serde(default)]
    pub scan: ScanInfo,
    /// The pack's data files (`[pack] data` in pack.toml), as JSON by file name.
    #[serde(default)]
    pub data: serde_json::Map<String, serde_json::Value>,
}

impl Input {
    /// A boolean parameter, or `default`.
    pub fn param_bool(&self, name: &str, default: bool) -> bool {
        self.params.get(name).and_then(|v| v.as_bool()).unwrap_or(default)
    }
    /// The pack's data file `name`, read into `T`: `None` when the pack has no such
    /// file, `Some(Err)` with the reason when it does not have the shape `T` expects.
    pub fn data<T: serde::de::DeserializeOwned>(&self, name: &str) -> Option<Result<T, String>> {
        let value = self.data.get(name)?;
        Some(T::deserialize(value).map_err(|e| format!("{name}: {e}")))
    }
    /// An integer parameter, or `default`.
    pub fn param_u64(&self, name: &str, default: u64) -> u64 {
        self.params.get(name).and_then(|v| v.as_u64()).unwrap_or(default)
    }
}

/// What the engine hands to a module's optional site entry point
/// (`kenshin_evaluate_site`): every device of the scan at once, for rules about the
/// site rather than one device.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SiteInput {
    pub abi: u32,
    #[serde(default)]
    pub pack: Option<PackInfo>,
    #[serde(default)]
    pub site: SiteInfo,
    #[serde(default)]
    pub scan: ScanInfo,
    #[serde(default)]
    pub params: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub data: serde_json::Map<String, serde_json::Value>,
    /// The facts of every device the scan could read.
    #[serde(default)]
    pub devices: Vec<Facts>,
    /// Credentials found in the devices' snapshots, as keyed fingerprints only.
    #[serde(default)]
    pub credentials: Vec<Credential>,
    /// Folders under `snapshots/` that no inventory device names; `None` when the
    /// folder could not be listed (rules must then say unknown, not pass).
    #[serde(default)]
    pub unlisted_snapshots: Option<Vec<String>>,
}

impl SiteInput {
    /// An integer parameter, or `default`.
    pub fn param_u64(&self, name: &str, default: u64) -> u64 {
        self.params.get(name).and_then(|v| v.as_u64()).unwrap_or(default)
    }
}

/// One credential of a device's snapshot, as a fingerprint: an HMAC-SHA256 under a
/// key the engine makes for each scan and never hands out. Equal fingerprints of one
/// [`CredentialFamily`] mean the same secret within this scan; nothing else can be
/// learnt from them, and they mean nothing in another scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credential {
    pub device: String,
    pub artifact: String,
    pub line: u32,
    /// How the secret is stored (`plain_password`, `type7_password`, `md5_hash`,
    /// `forti_enc`, `snmp_community`, `pre_shared_key`, ...).
    pub kind: String,
    pub fingerprint: String,
}

/// What a credential is for: reuse only counts within one family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CredentialFamily {
    Password,
    SnmpCommunity,
    PreSharedKey,
}

impl Credential {
    pub fn family(&self) -> CredentialFamily {
        match self.kind.as_str() {
            "snmp_community" => CredentialFamily::SnmpCommunity,
            "pre_shared_key" => CredentialFamily::PreSharedKey,
            _ => CredentialFamily::Password,
        }
    }
}

/// The pack being evaluated.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct PackInfo {
    pub id: String,
    pub version: String,
}

/// The site-level settings a policy may judge against.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct SiteInfo {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub edition: String,
    /// Networks administrators manage devices from (CIDR).
    #[serde(default)]
    pub management_networks: Vec<String>,
    /// Addresses maintenance vendors connect from (CIDR).
    #[serde(default)]
    pub vendor_maintenance_sources: Vec<String>,
}

/// The scan a module is evaluated in.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct ScanInfo {
    /// The scan's date in the site's local time zone (`YYYY-MM-DD`); empty when the
    /// engine gave none (rules needing it report unknown).
    #[serde(default)]
    pub date: String,
}

/// The outcome of one rule on one subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    /// Could not be verified: never compliant.
    Unknown,
    NotApplicable,
}

/// A message in English and Japanese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub en: String,
    #[serde(default)]
    pub ja: Option<String>,
}

/// Builds a [`Message`] from English and Japanese text.
pub fn msg(en: impl Into<String>, ja: impl Into<String>) -> Message {
    Message { en: en.into(), ja: Some(ja.into()) }
}

/// One rule result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleResult {
    pub rule: String,
    pub status: Status,
    pub message: Message,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// The subject of the result (interface, account, CVE); stable across scans.
    #[serde(default)]
    pub fingerprint: String,
    #[serde(default)]
    pub properties: serde_json::Map<String, serde_json::Value>,
    /// The device a site entry point's result is about; `None`: the site as a whole
    /// (and always `None` from the per-device entry point).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
}

/// What a policy returns.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Output {
    pub results: Vec<RuleResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Collects a policy's results.
#[derive(Debug, Clone, Default)]
pub struct Report {
    results: Vec<RuleResult>,
}

impl Report {
    pub fn new() -> Self {
        Report::default()
    }

    /// Adds a result.
    pub fn add(&mut self, rule: &str, status: Status, subject: &str, message: Message, evidence: &[Evidence]) -> &mut RuleResult {
        self.results.push(RuleResult {
            rule: rule.to_string(),
            status,
            message,
            evidence: evidence.to_vec(),
            fingerprint: subject.to_string(),
            properties: serde_json::Map::new(),
            device: None,
        });
        let last = self.results.len() - 1;
        &mut self.results[last]
    }

    pub fn pass(&mut self, rule: &str, subject: &str, message: Message, evidence: &[Evidence]) {
        self.add(rule, Status::Pass, subject, message, evidence);
    }
    pub fn fail(&mut self, rule: &str, subject: &str, message: Message, evidence: &[Evidence]) {
        self.add(rule, Status::Fail, subject, message, evidence);
    }
    pub fn unknown(&mut self, rule: &str, subject: &str, message: Message, evidence: &[Evidence]) {
        self.add(rule, Status::Unknown, subject, message, evidence);
    }
    pub fn not_applicable(&mut self, rule: &str, message: Message) {
        self.add(rule, Status::NotApplicable, "", message, &[]);
    }

    pub fn results(&self) -> &[RuleResult] {
        &self.results
    }

    /// Results of one rule.
    pub fn of(&self, rule: &str) -> Vec<&RuleResult> {
        self.results.iter().filter(|r| r.rule == rule).collect()
    }

    pub fn into_output(self) -> Output {
        Output { results: self.results, error: None }
    }
}

/// Guest-side glue used by [`crate::export_policy!`]; not for direct use.
#[doc(hidden)]
pub mod guest {
    use super::*;

    /// Hands the host `size` bytes it may write; ownership passes to [`evaluate`].
    pub fn alloc(size: usize) -> *mut u8 {
        let mut buf = Vec::<u8>::with_capacity(size);
        let ptr = buf.as_mut_ptr();
        std::mem::forget(buf);
        ptr
    }

    /// Runs `policy` on the input at `ptr..ptr+len` and returns the packed output
    /// pointer and length. The output is leaked on purpose: the instance is thrown
    /// away after this call.
    ///
    /// # Safety
    /// `ptr` must come from [`alloc`]`(len)` and hold `len` initialised bytes.
    pub unsafe fn evaluate(ptr: *mut u8, len: usize, policy: fn(&Input) -> Report) -> u64 {
        // SAFETY: guaranteed by the caller (the host, per the ABI).
        let bytes = unsafe { Vec::from_raw_parts(ptr, len, len) };
        let output = match serde_json::from_slice::<Input>(&bytes) {
            Ok(input) if input.abi == ABI_VERSION => policy(&input).into_output(),
            Ok(input) => Output { results: Vec::new(), error: Some(format!("input ABI {} is not {ABI_VERSION}", input.abi)) },
            Err(e) => Output { results: Vec::new(), error: Some(format!("input is not ABI v1 JSON: {e}")) },
        };
        drop(bytes);
        leak(&output)
    }

    /// [`evaluate`] for the site entry point (`kenshin_evaluate_site`).
    ///
    /// # Safety
    /// `ptr` must come from [`alloc`]`(len)` and hold `len` initialised bytes.
    pub unsafe fn evaluate_site(ptr: *mut u8, len: usize, policy: fn(&SiteInput) -> Report) -> u64 {
        // SAFETY: guaranteed by the caller (the host, per the ABI).
        let bytes = unsafe { Vec::from_raw_parts(ptr, len, len) };
        let output = match serde_json::from_slice::<SiteInput>(&bytes) {
            Ok(input) if input.abi == ABI_VERSION => policy(&input).into_output(),
            Ok(input) => Output { results: Vec::new(), error: Some(format!("input ABI {} is not {ABI_VERSION}", input.abi)) },
            Err(e) => Output { results: Vec::new(), error: Some(format!("site input is not ABI v1 JSON: {e}")) },
        };
        drop(bytes);
        leak(&output)
    }

    fn leak(output: &Output) -> u64 {
        let json =
            serde_json::to_vec(output).unwrap_or_else(|_| br#"{"results":[],"error":"output serialisation failed"}"#.to_vec());
        let json = json.into_boxed_slice();
        let len = json.len() as u64;
        let ptr = Box::into_raw(json) as *mut u8 as usize as u64;
        (ptr << 32) | len
    }
}
