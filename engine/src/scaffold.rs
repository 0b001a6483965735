//! Pack authoring: `kenshin pack new` (a Rust crate on the policy SDK with one
//! example rule and its fixtures) and `kenshin pack build` (the crate compiled to the
//! pack's Wasm module).
//!
//! ```text
//! NAME/
//!   Cargo.toml        the crate (cdylib for wasm32, rlib for native unit tests)
//!   src/lib.rs        the rules
//!   pack/             the pack folder kenshin loads, signs and ships
//!     pack.toml       manifest: id, capabilities, rules
//!     NAME.wasm       written by `kenshin pack build NAME`
//!     tests/*.toml    fixtures with expected results (`kenshin pack test NAME/pack`)
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;

/// Why scaffolding or building failed.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("pack name {0:?}: use lower-case letters, digits, - and _, starting with a letter")]
    BadName(String),
    #[error("{}: already exists; pick a new folder", .0.display())]
    Exists(PathBuf),
    #[error(
        "the policy SDK (policies/sdk of the kenshin source) was not found at {}; pass --sdk PATH",
        .0.display()
    )]
    NoSdk(PathBuf),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}: {message}", path.display())]
    Manifest { path: PathBuf, message: String },
    #[error("cargo build failed ({status}); its output is above")]
    Cargo { status: std::process::ExitStatus },
}

const CARGO_TOML: &str = include_str!("../templates/pack-new/Cargo.toml.in");
const LIB_RS: &str = include_str!("../templates/pack-new/lib.rs.in");
const PACK_TOML: &str = include_str!("../templates/pack-new/pack.toml.in");
const FIXTURES: [(&str, &str); 3] = [
    ("telnet-on.toml", include_str!("../templates/pack-new/telnet-on.toml.in")),
    ("telnet-off.toml", include_str!("../templates/pack-new/telnet-off.toml.in")),
    ("unknown.toml", include_str!("../templates/pack-new/unknown.toml.in")),
];

/// Where the SDK of the kenshin source this binary was built from lives, if it is
/// still there.
pub fn default_sdk() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies/sdk")
}

/// Writes a new pack crate at `dir` (which must not exist), named after its last
/// path component. Returns the files written.
pub fn new_pack(dir: &Path, publisher: &str, sdk: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !valid {
        return Err(ScaffoldError::BadName(name));
    }
    if dir.exists() {
        return Err(ScaffoldError::Exists(dir.into()));
    }
    let sdk = std::fs::canonicalize(sdk).map_err(|_| ScaffoldError::NoSdk(sdk.into()))?;
    if !sdk.join("Cargo.toml").is_file() {
        return Err(ScaffoldError::NoSdk(sdk));
    }
    let lib = name.replace('-', "_");
    let rule = format!("{}-TELNET-OFF", name.to_ascii_uppercase().replace('_', "-"));
    let fill = |template: &str| {
        template
            .replace("@NAME@", &name)
            .replace("@LIB@", &lib)
            .replace("@RULE@", &rule)
            .replace("@PUBLISHER@", &publisher.replace('"', "'"))
            .replace("@SDK@", &sdk.display().to_string().replace('\\', "/"))
    };
    let mut files = vec![
        (dir.join("Cargo.toml"), fill(CARGO_TOML)),
        (dir.join("src/lib.rs"), fill(LIB_RS)),
        (dir.join("pack/pack.toml"), fill(PACK_TOML)),
        (dir.join(".gitignore"), "/target\n".to_string()),
    ];
    for (file, template) in FIXTURES {
        files.push((dir.join("pack/tests").join(file), fill(template)));
    }
    for (path, text) in &files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ScaffoldError::Io { path: parent.into(), source })?;
        }
        std::fs::write(path, text).map_err(|source| ScaffoldError::Io { path: path.clone(), source })?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// Compiles the pack crate at `dir` for wasm32 with cargo (its output goes to the
/// terminal) and copies the module to `dir/pack/` under the name the manifest gives.
pub fn build(dir: &Path) -> Result<PathBuf, ScaffoldError> {
    let cargo_toml = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&cargo_toml).map_err(|source| ScaffoldError::Io { path: cargo_toml.clone(), source })?;
    let package: toml::Table =
        toml::from_str(&text).map_err(|e| ScaffoldError::Manifest { path: cargo_toml.clone(), message: e.to_string() })?;
    let name = package
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .ok_or_else(|| ScaffoldError::Manifest { path: cargo_toml.clone(), message: "no [package] name".into() })?;
    let pack_toml = dir.join("pack/pack.toml");
    let manifest_text =
        std::fs::read_to_string(&pack_toml).map_err(|source| ScaffoldError::Io { path: pack_toml.clone(), source })?;
    let manifest = crate::pack::Manifest::parse(&pack_toml, &manifest_text)
        .map_err(|e| ScaffoldError::Manifest { path: pack_toml.clone(), message: e.to_string() })?;
    let target_dir = dir.join("target");
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["build", "--release", "--lib", "--target", "wasm32-unknown-unknown", "--manifest-path"])
        .arg(&cargo_toml)
        .arg("--target-dir")
        .arg(&target_dir)
        .status()
        .map_err(|source| ScaffoldError::Io { path: "cargo".into(), source })?;
    if !status.success() {
        return Err(ScaffoldError::Cargo { status });
    }
    let built = target_dir.join("wasm32-unknown-unknown/release").join(format!("{}.wasm", name.replace('-', "_")));
    let module = dir.join("pack").join(&manifest.pack.module);
    std::fs::copy(&built, &module).map_err(|source| ScaffoldError::Io { path: built.clone(), source })?;
    Ok(module)
}
