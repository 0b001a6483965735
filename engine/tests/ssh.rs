//! The SSH connector against a real OpenSSH sshd on 127.0.0.1 whose users are device
//! emulators (testbed/ssh/): exec and shell modes, pagers, banners, privilege
//! elevation, host keys, password / key / agent authentication, devices that hang,
//! drip or never prompt, refused connections and many devices at once.
//!
//! Every kenshin run here is killed if it outlives a generous bound: a hang fails the
//! test instead of stalling the suite.

mod common;
mod testbed;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{read_json, root};
use testbed::{Dev, FAST, Sshd, collect_record, kenshin, site, text};

const LIMIT: Duration = Duration::from_secs(90);

fn enable(d: Dev) -> Dev {
    d.with("enable_secret_env = \"KENSHIN_TB_ENABLE\"")
}

/// The emulated counterparts of offline fixtures, named like them.
fn fixture_devices() -> Vec<Dev> {
    vec![
        enable(Dev::new("core-rtr", "cisco_ios", "kenshin-tb-ios")),
        enable(Dev::new("floor3-sw", "cisco_xe", "kenshin-tb-xe")),
        Dev::new("vpn-fgt-maint", "fortinet", "kenshin-tb-fortios"),
        Dev::new("rtx-maintenance-vpn", "yamaha", "kenshin-tb-yamaha").with("enable_secret_env = \"KENSHIN_TB_ADMIN\""),
    ]
}

fn collect(site_dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["collect", site_dir.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    kenshin(&args, &[], LIMIT)
}

fn facts_of(site_dir: &Path, device: &str) -> serde_json::Value {
    let out = kenshin(&["facts", site_dir.to_str().expect("path"), "--device", device], &[], LIMIT);
    assert!(out.status.success(), "{}", text(&out));
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).expect("facts JSON");
    all[0]["facts"].clone()
}

/// The offline site holding the fixtures the emulators serve.
fn offline_site(tmp: &Path) -> std::path::PathBuf {
    let dir = tmp.join("offline");
    let mut inv = String::new();
    for (name, platform, kind, from) in [
        ("core-rtr", "cisco_ios", "router", "fixtures/demo-site/snapshots/core-rtr"),
        ("floor3-sw", "cisco_xe", "router", "fixtures/demo-site/snapshots/floor3-sw"),
        ("vpn-fgt-maint", "fortinet", "firewall", "fixtures/demo-site/snapshots/vpn-fgt-maint"),
        ("rtx-maintenance-vpn", "yamaha", "router", "fixtures/yamaha/rtx-maintenance-vpn"),
    ] {
        inv.push_str(&format!(
            "[[device]]\nname = \"{name}\"\nkind = \"{kind}\"\nplatform = \"{platform}\"\nconnector = \"file\"\n\n"
        ));
        common::copy_tree(&root().join(from), &dir.join("snapshots").join(name));
    }
    std::fs::write(dir.join("inventory.toml"), inv).expect("inventory");
    std::fs::copy(tmp.join("live/site.toml"), dir.join("site.toml")).expect("site.toml");
    dir
}

/// Results of a SARIF log as comparable tuples: rule, device, subject, kind, message, lines.
fn results(sarif: &Path) -> Vec<String> {
    let log = read_json(sarif);
    let mut out: Vec<String> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            let uri = loc["artifactLocation"]["uri"].as_str().unwrap_or("");
            // Results without evidence point at the device's line of inventory.toml,
            // which differs between the two sites by construction.
            let line = if uri.ends_with("inventory.toml") { serde_json::Value::Null } else { loc["region"]["startLine"].clone() };
            format!(
                "{} {} {} {} {} {uri} {line}",
                r["ruleId"], r["properties"]["device"], r["properties"]["subject"], r["kind"], r["message"]["text"]
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn emulators_give_the_same_facts_and_findings_as_the_offline_fixtures() {
    let sshd = Sshd::start();
    let tmp = tempfile::tempdir().expect("tmp");
    let live = tmp.path().join("live");
    site(&live, sshd.port, &fixture_devices(), &sshd.known_hosts_line(), FAST);
    let out_live = tmp.path().join("out-live");
    let scan = kenshin(&["scan", live.to_str().unwrap(), "--out", out_live.to_str().unwrap(), "--lang", "en"], &[], LIMIT);
    assert_eq!(scan.status.code(), Some(1), "findings expected\n{}", text(&scan));
    assert!(text(&scan).contains("ok=4 partial=0 failed=0"), "{}", text(&scan));
    for d in ["core-rtr", "floor3-sw", "vpn-fgt-maint", "rtx-maintenance-vpn"] {
        let rec = collect_record(&live, d);
        assert_eq!(rec["status"], "ok", "{d}: {rec}");
        assert_eq!(rec["connector"], "ssh");
    }
    let offline = offline_site(tmp.path());
    for d in ["core-rtr", "floor3-sw", "vpn-fgt-maint", "rtx-maintenance-vpn"] {
        assert_eq!(facts_of(&live, d), facts_of(&offline, d), "facts of {d} differ between SSH and the offline fixture");
    }
    let out_offline = tmp.path().join("out-offline");
    let scan = kenshin(&["scan", offline.to_str().unwrap(), "--out", out_offline.to_str().unwrap(), "--lang", "en"], &[], LIMIT);
    assert_eq!(scan.status.code(), Some(1), "{}", text(&scan));
    let (live_results, offline_results) = (results(&out_live.join("results.sarif")), results(&out_offline.join("results.sarif")));
    assert!(live_results.len() > 20, "{live_results:?}");
    // Password reuse is the one expected difference: a collection is stored masked, so
    // it holds no credentials (unknown), while the offline fixtures are raw backups.
    let reuse = |r: &String| r.starts_with("\"MHLW-W-REUSE\"");
    assert!(live_results.iter().filter(|r| reuse(r)).all(|r| r.contains("\"open\"")), "{live_results:?}");
    let (live_results, offline_results): (Vec<_>, Vec<_>) =
        (live_results.into_iter().filter(|r| !reuse(r)).collect(), offline_results.into_iter().filter(|r| !reuse(r)).collect());
    assert_eq!(live_results, offline_results);
    common::assert_valid_sarif(&out_live.join("results.sarif"));
    // Secrets of the configurations are masked on disk; credentials appear nowhere.
    let config = std::fs::read_to_string(live.join("snapshots/core-rtr/show_running-config.txt")).expect("config");
    assert!(!config.contains("$9$DEMO") && config.contains("enable secret 9 ********"), "{config}");
    for (path, body) in walk_text(&live).into_iter().chain(walk_text(&out_live)) {
        for secret in [testbed::PASSWORD, testbed::ENABLE, testbed::YAMAHA_ADMIN] {
            assert!(!body.contains(secret), "{} holds a credential", path.display());
        }
    }
}

fn walk_text(dir: &Path) -> Vec<(std::path::PathBuf, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), String::from_utf8_lossy(&std::fs::read(e.path()).unwrap_or_default()).into_owned()))
        .collect()
}

#[test]
fn pager_banner_nec_and_the_linux_host() {
    let sshd = Sshd::start();
    let tmp = tempfile::tempdir().expect("tmp");
    let devices = vec![
        Dev::new("pager-only", "cisco_ios", "kenshin-tb-pager"),
        Dev::new("nec-ix", "nec_ix", "kenshin-tb-nec"),
        Dev::new("test-host", "linux", "kenshin-tb-linux"),
    ];
    site(tmp.path(), sshd.port, &devices, &sshd.known_hosts_line(), FAST);
    let out = collect(tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // The pager-only device refuses `terminal length 0`: every --More-- was answered,
    // and nothing of the pager or the banner is left in the artifact.
    let got = std::fs::read_to_string(tmp.path().join("snapshots/pager-only/show_running-config.txt")).expect("artifact");
    let want = kenshin_secrets::mask(
        &std::fs::read_to_string(root().join("fixtures/demo-site/snapshots/core-rtr/show_running-config.txt")).expect("fixture"),
    )
    .text;
    assert_eq!(got, want);
    assert!(got.lines().count() > 48, "long enough to page at least twice");
    let nec = std::fs::read_to_string(tmp.path().join("snapshots/nec-ix/show_running-config.txt")).expect("nec");
    assert!(nec.lines().any(|l| l.starts_with("hostname")), "{nec}");
    assert!(!nec.contains("show running-config"), "echo stripped: {nec}");
    let os_release = std::fs::read_to_string(tmp.path().join("snapshots/test-host/cat_etc_os-release.txt")).expect("os-release");
    assert_eq!(os_release, std::fs::read_to_string("/etc/os-release").expect("/etc/os-release"));
}

#[test]
fn enable_secret_wrong_and_missing() {
    let sshd = Sshd::start();
    let tmp = tempfile::tempdir().expect("tmp");
    let devices = vec![
        Dev::new("wrong-enable", "cisco_ios", "kenshin-tb-ios").with("enable_secret_env = \"KENSHIN_TB_WRONG\""),
        Dev::new("no-enable", "cisco_ios", "kenshin-tb-ios"),
    ];
    site(tmp.path(), sshd.port, &devices, &sshd.known_hosts_line(), FAST);
    let out = kenshin(&["collect", tmp.path().to_str().unwrap()], &[("KENSHIN_TB_WRONG", "not-the-enable-secret")], LIMIT);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    // show version works unprivileged; show running-config is refused: partial, not ok.
    for d in ["wrong-enable", "no-enable"] {
        let rec = collect_record(tmp.path(), d);
        assert_eq!(rec["status"], "partial", "{d}: {rec}");
        assert!(rec["errors"].to_string().contains("show running-config"), "{rec}");
        assert!(tmp.path().join("snapshots").join(d).join("show_version.txt").exists());
    }
    let rec = collect_record(tmp.path(), "wrong-enable");
    assert!(rec["errors"].to_string().contains("enable"), "{rec}");
    assert!(!text(&out).contains("not-the-enable-secret"));
}

#[test]
fn wrong_password_fails_clearly_and_keeps_the_last_good_snapshot() {
    let sshd = Sshd::start();
    let tmp = tempfile::tempdir().expect("tmp");
    site(tmp.path(), sshd.port, &[enable(Dev::new("r1", "cisco_ios", "kenshin-tb-ios"))], &sshd.known_hosts_line(), FAST);
    assert_eq!(collect(tmp.path(), &[]).status.code(), Some(0));
    let before = std::fs::read_to_string(tmp.path().join("snapshots/r1/collect.json")).expect("record");
    let out = kenshin(&["collect", tmp.path().to_str().unwrap()], &[("KENSHIN_TB_PASSWORD", "wrong-password-123")], LIMIT);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("authentication failed") && t.contains("kenshin-tb-ios"), "{t}");
    assert!(!t.contains("wrong-password-123"), "the password is never printed: {t}");
    let after = std::fs::read_to_string(tmp.path().join("snapshots/r1/collect.json")).expect("record");
    assert_eq!(before, after, "a failed collection leaves the last good snapshot in place");
    // A scan after the failure does not evaluate the old snapshot as today's state.
    let out_dir = tmp.path().join("out");
    let scan = kenshin(
        &["scan", tmp.path().to_str().unwrap(), "--out", out_dir.to_str().unwrap()],
        &[("KENSHIN_TB_PASSWORD", "wrong-password-123")],
        LIMIT,
    );
    assert!(scan.status.code().is_some_and(|c| c <= 1), "{}", text(&scan));
    let sarif = read_json(&out_dir.join("results.sarif"));
    let notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"].to_string();
    assert!(notes.contains("KSN0006") && notes.contains("authentication failed"), "{notes}");
    common::assert_valid_sarif(&out_dir.join("results.sarif"));
    let evaluated = sarif["runs"][0]["results"].as_array().expect("results");
    // (Site-wide results, such as the 台帳 check, are about the site, not the device.)
    assert!(
        evaluated.iter().filter(|r| r["properties"]["device"] != "(site)").all(|r| r["kind"] != "pass"),
        "nothing passes on a device that could not be collected"
    );
}

#[test]
fn host_keys_unknown_changed_and_trust_on_first_use() {
    let sshd = Sshd::start();
    let tmp = tempfile::tempdir().expect("tmp");
    let dev = [Dev::new("fgt", "fortinet", "kenshin-tb-fortios")];
    let fp = sshd.fingerprint();
    assert!(fp.starts_with("SHA256:"), "{fp}");
    // Unknown key: refused, with the offered fingerprint.
    site(tmp.path(), sshd.port, &dev, "", FAST);
    let out = collect(tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains(&fp) && text(&out).contains("--accept-new-host-keys"), "{}", text(&out));
    assert!(!tmp.path().join("snapshots/fgt").exists());
    // Trust on first use records it; the next run matches without the flag.
    let out = collect(tmp.path(), &["--accept-new-host-keys"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains(&fp), "the recorded fingerprint is shown: {}", text(&out));
    let known = std::fs::read_to_string(tmp.path().join("known_hosts")).expect("known_hosts");
    assert_eq!(known, sshd.known_hosts_line());
    assert_eq!(collect(tmp.path(), &[]).status.code(), Some(0));
    // Changed key: refused, and never overwritten, even with the flag.
    let other = "[127.0.0.1]:PORT ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFd3mKkzbZ2y3fVq2k1d8m0mQ3hWcX3cJ7nJr6n5fSbE\n"
        .replace("PORT", &sshd.port.to_string());
    std::fs::write(tmp.path().join("known_hosts"), &other).expect("known_hosts");
    let out = collect(tmp.path(), &["--accept-new-host-keys"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("HOST KEY CHANGED") && text(&out).contains(&fp), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(tmp.path().join("known_hosts")).expect("kh"), other);
}

/// A passphrase-protected ed25519 key for `user`, authorised on `sshd`.
fn key_for(sshd: &Sshd, dir: &Path, user: &str, passphrase: &str) -> std::path::PathBuf {
    let key = dir.join(format!("{user}.key"));
    let st = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", passphrase, "-C", "kenshin-test", "-f"])
        .arg(&key)
        .status()
        .expect("ssh-keygen");
    assert!(st.success());
    sshd.authorize(user, &std::fs::read_to_string(key.with_extension("key.pub")).expect("pub"));
    key
}

#[test]
fn key_file_with_passphrase_and_ssh_agent() {
    let sshd = Sshd::start();
    let tmp = tempfile::tempdir().expect("tmp");
    let keys = tmp.path().join("keys");
    std::fs::create_dir_all(&keys).expect("mkdir");
    let with_pass = key_for(&sshd, &keys, "kenshin-tb-ios", "kenshin-key-pass");
    let for_agent = key_for(&sshd, &keys, "kenshin-tb-fortios", "");
    let devices = vec![
        enable(Dev::new("by-key", "cisco_ios", "kenshin-tb-ios"))
            .no_password()
            .with(&format!("key_file = \"{}\"\npassphrase_env = \"KENSHIN_TB_PASSPHRASE\"", with_pass.display())),
        Dev::new("by-agent", "fortinet", "kenshin-tb-fortios").no_password().with("agent = true"),
    ];
    site(tmp.path(), sshd.port, &devices, &sshd.known_hosts_line(), FAST);
    let agent_sock = tmp.path().join("agent.sock");
    let mut agent = Command::new("ssh-agent").arg("-D").arg("-a").arg(&agent_sock).spawn().expect("ssh-agent");
    for _ in 0..100 {
        if agent_sock.exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let added = Command::new("ssh-add").arg(&for_agent).env("SSH_AUTH_SOCK", &agent_sock).output().expect("ssh-add");
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let sock = agent_sock.to_str().expect("path");
    let out = kenshin(
        &["collect", tmp.path().to_str().unwrap()],
        &[("KENSHIN_TB_PASSPHRASE", "kenshin-key-pass"), ("SSH_AUTH_SOCK", sock)],
        LIMIT,
    );
    let _ = agent.kill();
    let _ = agent.wait();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(!text(&out).contains("kenshin-key-pass"));
    // A key file others can read is refused before any connection is made.
    std::fs::set_permissions(&with_pass, std::os::unix::fs::PermissionsExt::from_mode(0o644)).expect("chmod");
    let out = kenshin(
        &["collect", tmp.path().to_str().unwrap(), "--device", "by-key"],
        &[("KENSHIN_TB_PASSPHRASE", "kenshin-key-pass")],
        LIMIT,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("chmod 600"), "{}", text(&out));
}

#[test]
fn stalls_drips_silence_and_refused_connections_end_within_their_limits() {
    let sshd = Sshd::start();
    let tmp = tempfile::tempdir().expect("tmp");
    // A port nobody listens on: bound and released.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let devices = vec![
        Dev::new("hangs", "cisco_ios", "kenshin-tb-hang"),
        Dev::new("silent", "cisco_ios", "kenshin-tb-noprompt"),
        Dev::new("drips", "cisco_ios", "kenshin-tb-drip"),
        Dev::new("refuses", "cisco_ios", "kenshin-tb-ios").port(closed),
        Dev::new("fine", "fortinet", "kenshin-tb-fortios"),
    ];
    let limits = "connect_timeout_s = 3\nauth_timeout_s = 5\ncommand_timeout_s = 2\ndevice_timeout_s = 6";
    site(tmp.path(), sshd.port, &devices, &sshd.known_hosts_line(), limits);
    // The per-device limit bounds the whole run: devices run in parallel.
    let out = kenshin(&["collect", tmp.path().to_str().unwrap()], &[], Duration::from_secs(40));
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    let hang = collect_record(tmp.path(), "hangs");
    assert_eq!(hang["status"], "partial", "{hang}");
    assert!(hang["errors"].to_string().contains("command time limit"), "{hang}");
    assert!(!tmp.path().join("snapshots/hangs/show_running-config.txt").exists(), "half a configuration is not an artifact");
    let drip = collect_record(tmp.path(), "drips");
    assert_eq!(drip["status"], "partial", "{drip}");
    assert!(t.contains("silent") && t.contains("waiting for the first prompt"), "{t}");
    assert!(!tmp.path().join("snapshots/silent").exists());
    assert!(t.contains("refuses") && t.contains("Connection refused"), "{t}");
    assert_eq!(collect_record(tmp.path(), "fine")["status"], "ok");
}

#[test]
fn fifty_devices_at_once() {
    let sshd = Sshd::start();
    let tmp = tempfile::tempdir().expect("tmp");
    let devices: Vec<Dev> = (0..50)
        .map(|i| {
            if i % 2 == 0 {
                enable(Dev::new(&format!("rtr-{i:02}"), "cisco_ios", "kenshin-tb-ios"))
            } else {
                Dev::new(&format!("fgt-{i:02}"), "fortinet", "kenshin-tb-fortios")
            }
        })
        .collect();
    site(tmp.path(), sshd.port, &devices, &sshd.known_hosts_line(), FAST);
    let out = collect(tmp.path(), &["--concurrency", "50"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("collected 50 device(s)") && text(&out).contains("ok=50"), "{}", text(&out));
    let a = std::fs::read_to_string(tmp.path().join("snapshots/rtr-00/show_running-config.txt")).expect("rtr-00");
    let b = std::fs::read_to_string(tmp.path().join("snapshots/rtr-48/show_running-config.txt")).expect("rtr-48");
    assert_eq!(a, b, "no output mixed up between sessions");
}

#[test]
fn keyboard_interactive_when_the_server_offers_no_password_method() {
    let sshd = Sshd::start_with(&[("KENSHIN_TB_PAM", "kbdint")]);
    let tmp = tempfile::tempdir().expect("tmp");
    site(tmp.path(), sshd.port, &[Dev::new("fgt", "fortinet", "kenshin-tb-fortios")], &sshd.known_hosts_line(), FAST);
    let out = collect(tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = kenshin(&["collect", tmp.path().to_str().unwrap()], &[("KENSHIN_TB_PASSWORD", "wrong-password-456")], LIMIT);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    assert!(t.contains("keyboard-interactive") && !t.contains("wrong-password-456"), "{t}");
}
