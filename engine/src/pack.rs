//! Policy packs: a manifest (`pack.toml`) declaring rules, and the Wasm module that
//! judges them.
//!
//! ```text
//! my-pack/
//!   pack.toml     [pack] id, version, publisher, abi, module, data; [[rule]] ...; [params]
//!   policy.wasm   the module named by [pack].module
//!   advisories.toml  data files named by [pack].data (TOML or JSON)
//! ```
//!
//! Data files carry what a rule judges against but is not logic (advisories, end of
//! support dates): updating them needs no code change. They are read and checked here,
//! covered by the pack's signature like every file, and handed to the module as JSON
//! in the ABI input's `data` object, keyed by file name.
//!
//! The built-in MHLW pack is compiled into the binary ([`Pack::builtin`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::Digest;

/// Texts in both report languages.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub en: String,
    #[serde(default)]
    pub ja: Option<String>,
}

impl Localized {
    /// The text in `lang`, falling back to English.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => self.ja.as_deref().unwrap_or(&self.en),
            Lang::En => &self.en,
        }
    }
}

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

/// Severity of a failing rule, as SARIF levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// `[pack]` of the manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackHeader {
    pub id: String,
    pub version: String,
    pub publisher: String,
    pub abi: u32,
    /// File name of the Wasm module, relative to the pack folder.
    pub module: String,
    /// Data files (`*.toml`, `*.json`) in the pack folder, handed to the module.
    #[serde(default)]
    pub data: Vec<String>,
    #[serde(default)]
    pub description: Option<Localized>,
}

/// One `[[rule]]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    /// Checklist keys this rule gives evidence for (see [`crate::checklist`]).
    pub checklist: Vec<String>,
    pub severity: Severity,
    /// CVSS-like 0.0–10.0, shown by GitHub code scanning.
    #[serde(default)]
    pub security_severity: Option<f64>,
    /// Platforms the rule is written for (informative; empty means all).
    #[serde(default)]
    pub platforms: Vec<String>,
    pub title: Localized,
    pub help: Localized,
}

/// `[capabilities]`: what the pack's module may do, shown by `kenshin pack inspect`
/// before anything runs. The module is refused if it imports anything not listed here;
/// limits above the site's `[sandbox]` ceiling refuse the pack.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capabilities {
    /// Host functions the module imports, as `module.name` (known: `kenshin.log`).
    #[serde(default)]
    pub imports: Vec<String>,
    /// Memory one evaluation needs, in MiB (default: the site's ceiling).
    #[serde(default)]
    pub memory_mib: Option<u32>,
    /// Time one device's evaluation needs, in milliseconds (default: the site's ceiling).
    #[serde(default)]
    pub time_per_device_ms: Option<u32>,
}

impl Capabilities {
    /// The sandbox grant these capabilities ask for.
    pub fn grant(&self) -> crate::sandbox::Grant {
        crate::sandbox::Grant {
            imports: self.imports.clone(),
            memory_limit_bytes: self.memory_mib.map(|m| (m as usize) << 20),
            deadline: self.time_per_device_ms.map(|ms| std::time::Duration::from_millis(u64::from(ms))),
        }
    }
}

/// `pack.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub pack: PackHeader,
    #[serde(default)]
    pub capabilities: Capabilities,
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
    /// Parameter defaults; `site.toml` `[params]` overrides them.
    #[serde(default)]
    pub params: toml::Table,
}

impl Manifest {
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// A loaded pack: manifest plus module bytes.
#[derive(Debug, Clone)]
pub struct Pack {
    pub manifest: Manifest,
    pub wasm: Vec<u8>,
    /// Where it came from (`built-in` or the folder).
    pub origin: String,
    /// Whether its signature was checked, and by whom it is vouched for.
    pub trust: PackTrust,
    /// sha256 of the module file as read (before any text-to-binary translation).
    pub module_sha256: String,
    /// The data files, as JSON, by file name.
    pub data: BTreeMap<String, serde_json::Value>,
    /// sha256 of each data file as read.
    pub data_sha256: BTreeMap<String, String>,
}

/// Data files larger than this are refused: advisory lists are kilobytes.
pub const MAX_DATA_BYTES: usize = 8 << 20;

/// Why kenshin trusts a pack's code, or that it does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackTrust {
    /// Compiled into this binary: as trustworthy as the binary itself.
    BuiltIn,
    /// Signed by a key of the trust store (or its successor).
    Verified(crate::signing::Verified),
    /// Used with `--allow-unsigned` although verification failed for this reason.
    Unverified(String),
    /// Loaded without asking (`kenshin pack inspect`, tests of the sandbox).
    NotChecked,
}

impl PackTrust {
    /// Whether results of this pack may be presented as coming from a verified pack.
    pub fn is_verified(&self) -> bool {
        matches!(self, PackTrust::BuiltIn | PackTrust::Verified(_))
    }
}

/// Why a pack could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{}: cannot read: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}: {message}", path.display())]
    Manifest { path: PathBuf, line: usize, message: String },
    #[error("{}: not a valid WebAssembly text module: {message}", path.display())]
    Module { path: PathBuf, message: String },
    #[error("{}:{line}: data file: {message}", path.display())]
    Data { path: PathBuf, line: usize, message: String },
    #[error(transparent)]
    Trust(#[from] crate::signing::TrustError),
}

impl Pack {
    /// The MHLW pack compiled into this binary.
    pub fn builtin() -> Pack {
        const MANIFEST: &str = include_str!(env!("KENSHIN_MHLW_MANIFEST"));
        const WASM: &[u8] = include_bytes!(env!("KENSHIN_MHLW_WASM"));
        /// The built-in pack's data files, by the names its manifest lists.
        const DATA: &[(&str, &str)] = &[
            ("advisories.toml", include_str!(concat!(env!("KENSHIN_MHLW_DIR"), "/advisories.toml"))),
            ("end_of_support.toml", include_str!(concat!(env!("KENSHIN_MHLW_DIR"), "/end_of_support.toml"))),
        ];
        let manifest = Manifest::parse(Path::new("policies/mhlw/pack.toml"), MANIFEST)
            .unwrap_or_else(|e| panic!("the built-in pack manifest is checked by tests: {e}"));
        let mut data = BTreeMap::new();
        let mut data_sha256 = BTreeMap::new();
        for name in &manifest.pack.data {
            let (_, text) =
                DATA.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("built-in data file {name} not embedded"));
            let path = Path::new("policies/mhlw").join(name);
            let value = parse_data(&path, text).unwrap_or_else(|e| panic!("the built-in data files are checked by tests: {e}"));
            data.insert(name.clone(), value);
            data_sha256.insert(name.clone(), hex::encode(sha2::Sha256::digest(text)));
        }
        Pack {
            manifest,
            wasm: WASM.to_vec(),
            origin: "built-in".into(),
            trust: PackTrust::BuiltIn,
            module_sha256: hex::encode(sha2::Sha256::digest(WASM)),
            data,
            data_sha256,
        }
    }

    /// Loads a pack folder without checking its signature (see [`Pack::load_verified`]).
    ///
    /// A module named `*.wat` is WebAssembly text, translated here: the ABI does not
    /// depend on the language a module is written in.
    pub fn load(dir: &Path) -> Result<Pack, PackError> {
        let path = dir.join("pack.toml");
        let text = std::fs::read_to_string(&path).map_err(|source| PackError::Read { path: path.clone(), source })?;
        let manifest = Manifest::parse(&path, &text)?;
        let module = dir.join(&manifest.pack.module);
        let mut wasm = std::fs::read(&module).map_err(|source| PackError::Read { path: module.clone(), source })?;
        let module_sha256 = hex::encode(sha2::Sha256::digest(&wasm));
        if manifest.pack.module.ends_with(".wat") {
            wasm = wat::parse_bytes(&wasm)
                .map_err(|e| PackError::Module { path: module.clone(), message: e.to_string() })?
                .into_owned();
        }
        let mut data = BTreeMap::new();
        let mut data_sha256 = BTreeMap::new();
        for name in &manifest.pack.data {
            let path = dir.join(name);
            let bytes = std::fs::read(&path).map_err(|source| PackError::Read { path: path.clone(), source })?;
            if bytes.len() > MAX_DATA_BYTES {
                return Err(PackError::Data {
                    path,
                    line: 0,
                    message: format!("{} bytes is larger than the {MAX_DATA_BYTES}-byte limit", bytes.len()),
                });
            }
            let text = String::from_utf8(bytes).map_err(|e| PackError::Data {
                path: path.clone(),
                line: 0,
                message: format!("not UTF-8: {e}"),
            })?;
            data.insert(name.clone(), parse_data(&path, &text)?);
            data_sha256.insert(name.clone(), hex::encode(sha2::Sha256::digest(&text)));
        }
        Ok(Pack {
            manifest,
            wasm,
            origin: dir.display().to_string(),
            trust: PackTrust::NotChecked,
            module_sha256,
            data,
            data_sha256,
        })
    }

    /// The pack in `dir`, or the built-in pack when `dir` is its source folder
    /// (`policies/mhlw`: same manifest, but the module is built into the binary rather
    /// than into the folder). For `kenshin pack test`.
    pub fn load_or_builtin(dir: &Path) -> Result<Pack, PackError> {
        match Pack::load(dir) {
            Err(PackError::Read { path, source }) if path != dir.join("pack.toml") => {
                let builtin = Pack::builtin();
                let text = std::fs::read_to_string(dir.join("pack.toml")).unwrap_or_default();
                let same = Manifest::parse(&dir.join("pack.toml"), &text)
                    .is_ok_and(|m| m.pack.id == builtin.manifest.pack.id && m.pack.version == builtin.manifest.pack.version);
                if same { Ok(builtin) } else { Err(PackError::Read { path, source }) }
            }
            other => other,
        }
    }

    /// Loads a pack folder and checks its signature against `trust`. With
    /// `allow_unsigned`, a pack that fails the check is still loaded, marked
    /// [`PackTrust::Unverified`] with the reason.
    pub fn load_verified(dir: &Path, trust: &crate::signing::TrustStore, allow_unsigned: bool) -> Result<Pack, PackError> {
        // The manifest is read first, so its errors are reported before signature errors.
        let mut pack = Pack::load(dir)?;
        let verified = crate::signing::verify(dir, trust).and_then(|v| {
            // What was loaded must be what was verified (the folder may change meanwhile).
            let loaded = std::iter::once((&pack.manifest.pack.module, &pack.module_sha256)).chain(&pack.data_sha256);
            let changed: Vec<String> = loaded
                .filter(|(name, digest)| v.files.get(*name) != Some(*digest))
                .map(|(name, _)| format!("{name} changed while it was loaded"))
                .collect();
            if changed.is_empty() {
                Ok(v)
            } else {
                Err(crate::signing::TrustError::Tampered { dir: dir.into(), changes: changed })
            }
        });
        pack.trust = match verified {
            Ok(v) => PackTrust::Verified(v),
            Err(e) if allow_unsigned => PackTrust::Unverified(e.to_string()),
            Err(e) => return Err(PackError::Trust(e)),
        };
        Ok(pack)
    }
}

/// Reads a data file (TOML or JSON, by extension) into JSON; errors name the line.
pub fn parse_data(path: &Path, text: &str) -> Result<serde_json::Value, PackError> {
    let err = |line: usize, message: String| PackError::Data { path: path.to_path_buf(), line, message };
    if path.extension().is_some_and(|e| e == "json") {
        return serde_json::from_str(text).map_err(|e| err(e.line(), e.to_string()));
    }
    let line_of = |offset: usize| text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1;
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        err(e.span().map(|s| line_of(s.start)).unwrap_or(0), e.message().lines().next().unwrap_or("invalid TOML").to_string())
    })?;
    serde_json::to_value(table).map_err(|e| err(0, e.to_string()))
}

impl Manifest {
    /// Parses and checks a manifest; errors name the line.
    pub fn parse(path: &Path, text: &str) -> Result<Manifest, PackError> {
        let line_of = |offset: usize| text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1;
        let manifest: Manifest = toml::from_str(text).map_err(|e| PackError::Manifest {
            path: path.to_path_buf(),
            line: e.span().map(|s| line_of(s.start)).unwrap_or(0),
            message: e.message().lines().next().unwrap_or("invalid TOML").to_string(),
        })?;
        // Semantic checks point at the offending id's line.
        let find_line = |needle: &str| text.find(needle).map(line_of).unwrap_or(0);
        let bad =
            |needle: &str, message: String| PackError::Manifest { path: path.to_path_buf(), line: find_line(needle), message };
        if manifest.pack.abi != 1 {
            return Err(bad("abi", format!("pack.abi = {}: this kenshin implements ABI 1 only", manifest.pack.abi)));
        }
        if manifest.pack.module.contains("..") || Path::new(&manifest.pack.module).is_absolute() {
            return Err(bad("module", format!("pack.module {:?} must be a file inside the pack folder", manifest.pack.module)));
        }
        for name in &manifest.pack.data {
            let inside = !name.contains("..") && !Path::new(name).is_absolute() && !name.contains('/');
            if !inside || !(name.ends_with(".toml") || name.ends_with(".json")) {
                return Err(bad(
                    &format!("\"{name}\""),
                    format!("pack.data {name:?} must be a .toml or .json file directly in the pack folder"),
                ));
            }
        }
        for import in &manifest.capabilities.imports {
            if !crate::sandbox::HOST_FUNCTIONS.iter().any(|(name, _, _)| name == import) {
                let known: Vec<&str> = crate::sandbox::HOST_FUNCTIONS.iter().map(|(n, _, _)| *n).collect();
                return Err(bad(
                    &format!("\"{import}\""),
                    format!(
                        "capabilities.imports: {import:?} is not a host function kenshin provides (known: {})",
                        known.join(", ")
                    ),
                ));
            }
        }
        if manifest.capabilities.memory_mib == Some(0) || manifest.capabilities.time_per_device_ms == Some(0) {
            return Err(bad("capabilities", "capabilities: memory_mib and time_per_device_ms must be above 0".into()));
        }
        let mut seen = BTreeMap::new();
        for rule in &manifest.rules {
            let needle = format!("\"{}\"", rule.id);
            if rule.id.is_empty() || !rule.id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')) {
                return Err(bad(&needle, format!("rule id {:?}: use A-Z a-z 0-9 - _ . /", rule.id)));
            }
            if seen.insert(rule.id.clone(), ()).is_some() {
                return Err(bad(&needle, format!("rule id {:?} declared twice", rule.id)));
            }
            if rule.checklist.is_empty() {
                return Err(bad(&needle, format!("rule {:?} names no checklist key", rule.id)));
            }
            for key in &rule.checklist {
                if !crate::checklist::ITEMS.iter().any(|i| i.key == key) {
                    let known: Vec<&str> = crate::checklist::ITEMS.iter().map(|i| i.key).collect();
                    return Err(bad(
                        &needle,
                        format!("rule {:?}: unknown checklist key {key:?} (known: {})", rule.id, known.join(", ")),
                    ));
                }
            }
            if let Some(s) = rule.security_severity
                && !(0.0..=10.0).contains(&s)
            {
                return Err(bad(&needle, format!("rule {:?}: security_severity {s} is not within 0.0–10.0", rule.id)));
            }
        }
        Ok(manifest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_manifest_is_valid_and_module_is_wasm() {
        let p = Pack::builtin();
        assert_eq!(p.manifest.pack.id, "kenshin.mhlw");
        assert!(p.manifest.rules.len() >= 9);
        assert_eq!(&p.wasm[..4], b"\0asm");
        for r in &p.manifest.rules {
            assert!(r.title.ja.is_some() && r.help.ja.is_some(), "{} needs Japanese text", r.id);
        }
    }

    #[test]
    fn bad_manifests_name_the_line() {
        let head = "[pack]\nid = \"x\"\nversion = \"1\"\npublisher = \"p\"\nabi = 1\nmodule = \"m.wasm\"\n";
        let rule = |id: &str, key: &str| {
            format!("[[rule]]\nid = \"{id}\"\nchecklist = [\"{key}\"]\nseverity = \"error\"\ntitle.en = \"t\"\nhelp.en = \"h\"\n")
        };
        let err =
            Manifest::parse(Path::new("pack.toml"), &format!("{head}{}{}", rule("A", "bcp"), rule("A", "bcp"))).unwrap_err();
        assert!(err.to_string().contains("declared twice"), "{err}");
        let err = Manifest::parse(Path::new("pack.toml"), &format!("{head}{}", rule("B", "nope"))).unwrap_err();
        assert!(matches!(err, PackError::Manifest { line: 8, .. }), "{err}");
        let err = Manifest::parse(Path::new("pack.toml"), "[pack]\nid = 3\n").unwrap_err();
        assert!(matches!(err, PackError::Manifest { line: 2, .. }), "{err}");
        for bad in ["../x.toml", "/etc/x.toml", "sub/x.toml", "x.yaml"] {
            let text = head.replace("module = \"m.wasm\"\n", &format!("module = \"m.wasm\"\ndata = [\"{bad}\"]\n"));
            let err = Manifest::parse(Path::new("pack.toml"), &text).unwrap_err();
            assert!(matches!(err, PackError::Manifest { line: 7, .. }), "{bad}: {err}");
        }
    }

    #[test]
    fn builtin_data_is_embedded_and_read() {
        let p = Pack::builtin();
        assert_eq!(p.manifest.pack.data, vec!["advisories.toml".to_string(), "end_of_support.toml".to_string()]);
        let advisories = p.data["advisories.toml"]["advisory"].as_array().expect("advisory array");
        assert!(advisories.iter().any(|a| a["cve"] == "CVE-2018-13379"));
        assert_eq!(p.data_sha256.len(), 2);
    }

    #[test]
    fn data_files_are_read_and_their_errors_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = "[pack]\nid = \"x\"\nversion = \"1\"\npublisher = \"p\"\nabi = 1\nmodule = \"m.wat\"\ndata = [\"d.toml\", \"e.json\"]\n";
        std::fs::write(dir.path().join("pack.toml"), manifest).unwrap();
        std::fs::write(dir.path().join("m.wat"), "(module)").unwrap();
        std::fs::write(dir.path().join("d.toml"), "[[row]]\nv = \"1.0\"\n").unwrap();
        std::fs::write(dir.path().join("e.json"), "{\"k\": [1, 2]}").unwrap();
        let p = Pack::load(dir.path()).unwrap();
        assert_eq!(p.data["d.toml"], serde_json::json!({"row": [{"v": "1.0"}]}));
        assert_eq!(p.data["e.json"]["k"][1], 2);

        std::fs::write(dir.path().join("d.toml"), "[[row]]\nv = \"1.0\"\nv = 2\n").unwrap();
        let err = Pack::load(dir.path()).unwrap_err();
        assert!(matches!(err, PackError::Data { line: 3, .. }), "{err}");
        assert!(err.to_string().contains("d.toml:3: data file"), "{err}");
        std::fs::write(dir.path().join("d.toml"), "").unwrap();
        std::fs::write(dir.path().join("e.json"), "{\n\"k\": [1,\n}").unwrap();
        assert!(matches!(Pack::load(dir.path()).unwrap_err(), PackError::Data { line: 3, .. }));
        std::fs::remove_file(dir.path().join("e.json")).unwrap();
        assert!(matches!(Pack::load(dir.path()).unwrap_err(), PackError::Read { .. }));
    }
}
