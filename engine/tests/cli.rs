//! The `kenshin` binary: exit codes, error messages that name file and line, and the
//! informational commands.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{copy_tree, demo_site};

fn kenshin(args: &[&str], site: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kenshin"));
    cmd.args(args);
    if let Some(s) = site {
        cmd.arg(s);
    }
    cmd.output().expect("run kenshin")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn demo_scan_exits_1_with_findings_and_0_with_fail_on_never() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("x");
    let o = kenshin(&["scan", "--out", out.to_str().expect("utf8")], Some(&demo_site()));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(out.join("checklist.json").is_file());
    common::assert_valid_sarif(&out.join("results.sarif"));
    assert!(stderr(&o).contains("source_restriction"), "summary per checklist key: {}", stderr(&o));
    let o = kenshin(&["scan", "--fail-on", "never", "--lang", "en", "--out", out.to_str().expect("utf8")], Some(&demo_site()));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("devices"), "{}", stderr(&o));
}

#[test]
fn scan_only_a_hardened_device_exits_0() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("x");
    let o = kenshin(&["scan", "--device", "edge-fgt", "--out", out.to_str().expect("utf8")], Some(&demo_site()));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    common::assert_valid_sarif(&out.join("results.sarif"));
}

#[test]
fn bad_input_exits_2_naming_file_and_line() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    copy_tree(&demo_site(), &site);
    let inventory = site.join("inventory.toml");
    let original = std::fs::read_to_string(&inventory).expect("read");

    // Duplicate device name.
    std::fs::write(
        &inventory,
        format!(
            "{original}\n[[device]]\nname = \"core-rtr\"\nkind = \"router\"\nplatform = \"cisco_ios\"\nconnector = \"file\"\n"
        ),
    )
    .expect("write");
    let o = kenshin(&["scan"], Some(&site));
    assert_eq!(o.status.code(), Some(2));
    let lines = original.lines().count();
    let e = stderr(&o);
    assert!(e.contains(&format!("inventory.toml:{}:", lines + 3)) && e.contains("duplicate"), "{e}");

    // Unknown platform.
    std::fs::write(&inventory, original.replace("platform = \"cisco_xe\"", "platform = \"cisco_iosxe\"")).expect("write");
    let o = kenshin(&["scan"], Some(&site));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cisco_iosxe") && stderr(&o).contains("platform"), "{}", stderr(&o));

    // TOML syntax error.
    std::fs::write(&inventory, "[[device]\nname = 1\n").expect("write");
    let o = kenshin(&["scan"], Some(&site));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("inventory.toml:1:"), "{}", stderr(&o));

    // Missing site, unknown device, bad usage.
    assert_eq!(kenshin(&["scan"], Some(&tmp.path().join("nope"))).status.code(), Some(2));
    std::fs::write(&inventory, &original).expect("write");
    let o = kenshin(&["scan", "--device", "nosuch"], Some(&site));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nosuch"));
    assert_eq!(kenshin(&["scan", "--lang", "fr"], Some(&site)).status.code(), Some(2));

    // A broken third-party pack manifest.
    let pack = tmp.path().join("pack");
    std::fs::create_dir_all(&pack).expect("mkdir");
    std::fs::write(pack.join("pack.toml"), "[pack]\nid = \"x\"\nversion = 1\n").expect("write");
    let o = kenshin(&["scan", "--pack", pack.to_str().expect("utf8")], Some(&site));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("pack.toml:3:"), "{}", stderr(&o));
}

#[test]
fn facts_platforms_and_pack_inspect() {
    let o = kenshin(&["facts", "--device", "vpn-fgt-maint"], Some(&demo_site()));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let facts: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(facts[0]["facts"]["firmware"]["version"], "6.0.4");
    assert_eq!(facts[0]["facts"]["device"]["hostname"], "HOSP-MAINT-VPN");

    let o = kenshin(&["platforms", "--json"], None);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let names: Vec<&str> = list.as_array().expect("array").iter().filter_map(|p| p["name"].as_str()).collect();
    for p in ["cisco_ios", "cisco_xe", "fortinet", "yamaha", "nec_ix", "windows"] {
        assert!(names.contains(&p), "{p}");
    }

    let o = kenshin(&["pack", "inspect", "builtin"], None);
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0));
    assert!(text.contains("kenshin.mhlw") && text.contains("MHLW-P-KEV"), "{text}");
    assert!(text.contains("imports"), "{text}");
}
