//! The SNMP connector against real agents on 127.0.0.1: net-snmp `snmpd` (v2c and v3
//! authPriv) and snmpsim serving recordings of real devices (testbed/snmp/).
//!
//! Every kenshin run is killed if it outlives a generous bound: a hang fails the test.

mod common;
mod testbed;

use std::path::Path;
use std::time::Duration;

use common::{read_json, root};
use testbed::snmp::{self as tb, Agent};
use testbed::{Dev, Sshd, kenshin, text};

const LIMIT: Duration = Duration::from_secs(120);

/// An inventory entry for an SNMP device.
fn snmp_device(name: &str, port: u16, lines: &str) -> String {
    format!(
        "[[device]]\nname = \"{name}\"\nkind = \"switch\"\nplatform = \"auto\"\naddress = \"127.0.0.1\"\nport = {port}\n\
         connector = \"snmp\"\n{lines}\n\n"
    )
}

fn v2c(community_var: &str) -> String {
    format!("snmp_version = \"v2c\"\ncommunity_env = \"{community_var}\"")
}

fn write_site(dir: &Path, inventory: &str, collect: &str) {
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::write(dir.join("inventory.toml"), inventory).expect("inventory");
    std::fs::write(
        dir.join("site.toml"),
        format!("name = \"テスト病院\"\nmanagement_networks = [\"192.0.2.0/26\"]\n[collect]\n{collect}\n"),
    )
    .expect("site.toml");
}

fn facts(site: &Path) -> Vec<serde_json::Value> {
    let out = kenshin(&["facts", site.to_str().expect("path")], &[], LIMIT);
    assert!(out.status.success(), "{}", text(&out));
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).expect("facts JSON")
}

fn facts_of<'a>(all: &'a [serde_json::Value], device: &str) -> &'a serde_json::Value {
    &all.iter().find(|d| d["device"] == device).unwrap_or_else(|| panic!("no facts for {device}"))["facts"]
}

fn record(site: &Path, device: &str) -> serde_json::Value {
    read_json(&site.join("snapshots").join(device).join("collect.json"))
}

#[test]
fn v2c_v3_wrong_credentials_and_an_unreachable_port() {
    let agent = Agent::snmpd();
    let tmp = tempfile::tempdir().expect("tmp");
    let closed = tb::free_udp_port();
    let v3 = |auth_var: &str| {
        format!(
            "snmp_version = \"v3\"\nsnmp_user = \"{}\"\nauth_protocol = \"sha256\"\nauth_key_env = \"{auth_var}\"\n\
             priv_protocol = \"aes128\"\npriv_key_env = \"TB_PRIV\"",
            tb::V3_USER
        )
    };
    let inventory = [
        snmp_device("agent-v2c", agent.port, &v2c("TB_COMMUNITY")),
        snmp_device("agent-v3", agent.port, &v3("TB_AUTH")),
        snmp_device("wrong-community", agent.port, &v2c("TB_WRONG")),
        snmp_device("wrong-key", agent.port, &v3("TB_WRONG")),
        snmp_device("nothing-there", closed, &v2c("TB_COMMUNITY")),
    ]
    .concat();
    write_site(tmp.path(), &inventory, "snmp_timeout_s = 0.5\nsnmp_retries = 1\ndevice_timeout_s = 10");
    let env = [
        ("TB_COMMUNITY", tb::COMMUNITY),
        ("TB_AUTH", tb::AUTH_KEY),
        ("TB_PRIV", tb::PRIV_KEY),
        ("TB_WRONG", "not-the-right-secret"),
    ];
    let out = kenshin(&["collect", tmp.path().to_str().unwrap()], &env, LIMIT);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    for d in ["agent-v2c", "agent-v3"] {
        assert_eq!(record(tmp.path(), d)["status"], "ok", "{d}: {t}");
        assert_eq!(record(tmp.path(), d)["connector"], "snmp");
    }
    assert!(t.contains("wrong-community") && t.contains("no answer after 2 request(s)"), "{t}");
    assert!(t.contains("wrong-key") && t.contains("authentication failed"), "{t}");
    assert!(t.contains("nothing-there") && t.contains("no answer"), "{t}");
    for secret in ["not-the-right-secret", tb::AUTH_KEY, tb::PRIV_KEY, tb::COMMUNITY] {
        assert!(!t.contains(secret), "{secret} printed: {t}");
        let stored = std::fs::read_to_string(tmp.path().join("snapshots/agent-v2c/snmp.json")).expect("snmp.json");
        assert!(!stored.contains(secret), "{secret} stored");
    }
    let all = facts(tmp.path());
    for d in ["agent-v2c", "agent-v3"] {
        let f = facts_of(&all, d);
        assert_eq!(f["firmware"]["vendor"], "linux", "{f}");
        assert_eq!(f["firmware"]["os"], "linux");
        assert!(f["device"]["hostname"].as_str().is_some_and(|h| !h.is_empty()), "{f}");
        assert!(f["services"].as_array().expect("services").iter().any(|s| s["name"] == "snmp" && s["enabled"] == true));
        // What SNMP cannot see stays unknown.
        let unknown = f["unknown"].to_string();
        assert!(unknown.contains("accounts") && unknown.contains("snmp.communities"), "{unknown}");
    }
    assert_eq!(facts_of(&all, "agent-v3")["snmp"]["answered_versions"][0], "v3");
}

#[derive(serde::Deserialize)]
struct Expected {
    recording: Vec<ExpectedRecording>,
}

#[derive(serde::Deserialize)]
struct ExpectedRecording {
    community: String,
    vendor: String,
    #[serde(default)]
    version: Option<String>,
}

/// For every router, switch and firewall recording of snmpsim's data, snmpsim-data and
/// kenshin's own, `kenshin facts` gives the vendor, and the firmware version wherever
/// sysDescr or ENTITY-MIB states one (the values in testbed/snmp/expected.toml were
/// read from the recordings by hand).
#[test]
fn every_recording_gives_its_vendor_and_firmware() {
    let text_expected = std::fs::read_to_string(root().join("testbed/snmp/expected.toml")).expect("expected.toml");
    let expected: Expected = toml::from_str(&text_expected).expect("expected.toml parses");
    assert!(expected.recording.len() >= 10, "too few recordings: {}", expected.recording.len());
    let agent = Agent::snmpsim();
    let tmp = tempfile::tempdir().expect("tmp");
    let mut inventory = String::new();
    let mut env = Vec::new();
    for (i, r) in expected.recording.iter().enumerate() {
        let var = format!("TB_REC_{i}");
        inventory.push_str(&snmp_device(&format!("rec-{i:03}"), agent.port, &v2c(&var)));
        env.push((var, r.community.clone()));
    }
    write_site(tmp.path(), &inventory, "snmp_timeout_s = 3\nsnmp_retries = 1\ndevice_timeout_s = 60\nconcurrency = 8");
    let env_refs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let out = kenshin(&["collect", tmp.path().to_str().unwrap()], &env_refs, Duration::from_secs(600));
    let all = facts(tmp.path());
    let mut wrong = Vec::new();
    for (i, r) in expected.recording.iter().enumerate() {
        let name = format!("rec-{i:03}");
        let f = facts_of(&all, &name);
        let fw = &f["firmware"];
        let vendor = fw["vendor"].as_str().unwrap_or("(none)");
        if vendor != r.vendor {
            wrong.push(format!("{}: vendor {vendor}, expected {}", r.community, r.vendor));
        }
        if let Some(v) = &r.version {
            let raw = fw["raw"].as_str().unwrap_or("(none)");
            if raw != v {
                wrong.push(format!("{}: version {raw}, expected {v}", r.community));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} recordings wrong:\n{}\n{}",
        wrong.len(),
        expected.recording.len(),
        wrong.join("\n"),
        text(&out)
    );
}

#[test]
fn a_slow_agent_is_cut_off_and_a_large_walk_completes() {
    // Two simulators: snmpsim's delay module sleeps in its only thread, which would
    // hold up every other recording of the same simulator.
    let slow_agent = Agent::snmpsim();
    let agent = Agent::snmpsim();
    let tmp = tempfile::tempdir().expect("tmp");
    let inventory =
        [snmp_device("sluggish", slow_agent.port, &v2c("TB_SLOW")), snmp_device("bulky", agent.port, &v2c("TB_LARGE"))].concat();
    write_site(tmp.path(), &inventory, "snmp_timeout_s = 1\nsnmp_retries = 1\ndevice_timeout_s = 20");
    let out = kenshin(&["collect", tmp.path().to_str().unwrap()], &[("TB_SLOW", "slow"), ("TB_LARGE", "large")], LIMIT);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "the slow agent does not complete: {t}");
    // (Device names differ from the communities: a community is a secret, and every
    // occurrence of it is redacted from messages.)
    assert!(t.contains("sluggish") && (t.contains("no answer") || t.contains("time limit")), "{t}");
    assert_eq!(record(tmp.path(), "bulky")["status"], "ok", "{t}");
    let json = std::fs::read_to_string(tmp.path().join("snapshots/bulky/snmp.json")).expect("snmp.json");
    let values = json.lines().filter(|l| l.starts_with("{\"oid\"")).count();
    assert!(values > 2000, "{values} values");
}

#[test]
fn a_site_mixing_ssh_and_snmp_devices_scans_in_one_command() {
    let sshd = Sshd::start();
    let agent = Agent::snmpsim();
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    testbed::site(
        &site,
        sshd.port,
        &[Dev::new("core-rtr", "cisco_ios", "kenshin-tb-ios").with("enable_secret_env = \"KENSHIN_TB_ENABLE\"")],
        &sshd.known_hosts_line(),
        testbed::FAST,
    );
    let mut inventory = std::fs::read_to_string(site.join("inventory.toml")).expect("inventory");
    inventory.push_str(&snmp_device("fgt-snmp", agent.port, &v2c("TB_FGT")));
    inventory.push_str(&snmp_device("rtx-snmp", agent.port, &format!("{}\nprobe_default_communities = true", v2c("TB_RTX"))));
    std::fs::write(site.join("inventory.toml"), inventory).expect("inventory");
    let out_dir = tmp.path().join("out");
    let out = kenshin(
        &["scan", site.to_str().unwrap(), "--out", out_dir.to_str().unwrap(), "--lang", "en"],
        &[("TB_FGT", "fortigate-60e"), ("TB_RTX", "yamaha-rtx1220")],
        LIMIT,
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("ok=3 partial=0 failed=0"), "{t}");
    common::assert_valid_sarif(&out_dir.join("results.sarif"));
    let sarif = read_json(&out_dir.join("results.sarif"));
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let result = |device: &str, rule: &str| -> Vec<&serde_json::Value> {
        results.iter().filter(|r| r["properties"]["device"] == device && r["ruleId"] == rule).collect()
    };
    // The FortiGate's firmware, read over SNMP, is judged against the advisories.
    let kev = result("fgt-snmp", "MHLW-P-KEV");
    assert!(kev.iter().any(|r| r["kind"] != "notApplicable"), "{kev:?}");
    // v2c in use is reported against the site policy; the default community that
    // answered the probe is a finding of its own, pointing at snmp.json.
    assert!(result("fgt-snmp", "MHLW-V-SNMP-V2C").iter().any(|r| r["kind"] == "fail"));
    let default = result("rtx-snmp", "MHLW-V-SNMP-DEFAULT");
    let uri = default
        .iter()
        .find(|r| r["kind"] == "fail")
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].clone());
    let stored = std::fs::read_to_string(site.join("snapshots/rtx-snmp/snmp.json")).unwrap_or_default();
    assert_eq!(uri, Some(serde_json::json!("rtx-snmp/snmp.json")), "{default:?}\n{}", &stored[..stored.len().min(600)]);
    assert!(result("rtx-snmp", "MHLW-S-SNMP").iter().any(|r| r["kind"] == "fail"));
    // The SSH device is evaluated as before.
    assert!(result("core-rtr", "MHLW-V-TELNET").iter().any(|r| r["kind"] == "fail"));
}
