//! Builds the built-in MHLW policy pack (`policies/mhlw`) for `wasm32-unknown-unknown`
//! and tells the engine where the module is (`KENSHIN_MHLW_WASM`), so that
//! `kenshin scan SITE` works with no `--pack` and no manual build step.
//!
//! The nested cargo uses its own target directory under `OUT_DIR`: the outer build
//! holds the lock on the workspace target directory, and the wasm artefacts have
//! nothing to share with the host ones anyway.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-unknown-unknown";

fn main() {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest_dir.parent().expect("engine/ sits in the workspace root").to_path_buf();
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    for watched in [
        "policies/mhlw/src",
        "policies/mhlw/pack.toml",
        "policies/mhlw/advisories.toml",
        "policies/mhlw/end_of_support.toml",
        "policies/mhlw/Cargo.toml",
        "policies/sdk/src",
        "policies/sdk/Cargo.toml",
        "facts/src",
        "facts/Cargo.toml",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }

    println!("cargo:rerun-if-env-changed=KENSHIN_MHLW_WASM_PREBUILT");
    let embedded = out_dir.join("kenshin_mhlw.wasm");
    println!("cargo:rustc-env=KENSHIN_MHLW_MANIFEST={}", root.join("policies/mhlw/pack.toml").display());
    println!("cargo:rustc-env=KENSHIN_MHLW_DIR={}", root.join("policies/mhlw").display());
    // A module built beforehand (by a toolchain that has the wasm32 target) for builds
    // whose own toolchain lacks it, such as the nightly fuzzing build (docs/fuzzing.md).
    if let Some(prebuilt) = env::var_os("KENSHIN_MHLW_WASM_PREBUILT") {
        let prebuilt = PathBuf::from(prebuilt);
        println!("cargo:rerun-if-changed={}", prebuilt.display());
        copy(&prebuilt, &embedded);
        println!("cargo:rustc-env=KENSHIN_MHLW_WASM={}", embedded.display());
        return;
    }

    let target_dir = out_dir.join("pack-target");
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.arg("build")
        .args(["--profile", "pack", "--target", TARGET, "-p", "kenshin-mhlw"])
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir);
    // Flags and wrappers meant for the host build (clippy, coverage, sanitizers) must
    // not leak into the guest build.
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_BUILD_TARGET",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_RUSTFLAGS",
    ] {
        cmd.env_remove(var);
    }
    let status = cmd.status().expect("could not start cargo to build the MHLW policy pack");
    if !status.success() {
        panic!(
            "building the built-in policy pack for {TARGET} failed.\n\
             If the target is missing, install it once with: rustup target add {TARGET}"
        );
    }
    let wasm = target_dir.join(TARGET).join("pack").join("kenshin_mhlw.wasm");
    copy(&wasm, &embedded);
    println!("cargo:rustc-env=KENSHIN_MHLW_WASM={}", embedded.display());
}

fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap_or_else(|e| panic!("copying {} to {}: {e}", from.display(), to.display()));
}
