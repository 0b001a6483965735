//! Policy packs: a manifest (`pack.toml`) declaring rules, and the Wasm module that
//! judges them.
//!
//! ```text
//! my-pack/
//!   pack.toml     [pack] id, version, publisher, abi, module; [[rule]] ...; [params]
//!   policy.wasm   the module named by [pack].module
//! ```
//!
//! The built-in MHLW pack is compiled into the binary ([`Pack::builtin`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

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

/// `pack.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub pack: PackHeader,
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
}

/// Why a pack could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{}: cannot read: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}: {message}", path.display())]
    Manifest { path: PathBuf, line: usize, message: String },
}

impl Pack {
    /// The MHLW pack compiled into this binary.
    pub fn builtin() -> Pack {
        const MANIFEST: &str = include_str!(env!("KENSHIN_MHLW_MANIFEST"));
        const WASM: &[u8] = include_bytes!(env!("KENSHIN_MHLW_WASM"));
        let manifest = Manifest::parse(Path::new("policies/mhlw/pack.toml"), MANIFEST)
            .unwrap_or_else(|e| panic!("the built-in pack manifest is checked by tests: {e}"));
        Pack { manifest, wasm: WASM.to_vec(), origin: "built-in".into() }
    }

    /// Loads a pack folder.
    pub fn load(dir: &Path) -> Result<Pack, PackError> {
        let path = dir.join("pack.toml");
        let text = std::fs::read_to_string(&path).map_err(|source| PackError::Read { path: path.clone(), source })?;
        let manifest = Manifest::parse(&path, &text)?;
        let module = dir.join(&manifest.pack.module);
        let wasm = std::fs::read(&module).map_err(|source| PackError::Read { path: module.clone(), source })?;
        Ok(Pack { manifest, wasm, origin: dir.display().to_string() })
    }
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
    }
}
