//! The built-in pack on the demo site, end to end: every rule fires and passes, every
//! failing result points at the configuration line that shows the problem, SARIF is
//! valid and stable, unknown stays unknown, and no secret leaves the snapshots.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::{assert_valid_sarif, copy_tree, demo_site, read_json};
use kenshin_engine::pack::Pack;
use kenshin_engine::report::{self, ScanJob, ScanOutcome};
use kenshin_policy::Status;

/// The day the demo site's attestations and waivers are written against (a year's
/// validity and expiry dates are judged on it).
const DEMO_DATE: jiff::civil::Date = jiff::civil::date(2026, 11, 27);

/// Scans `site` into `out` and validates the SARIF it wrote.
fn scan(site: &Path, out: &Path) -> ScanOutcome {
    let job = ScanJob { out: Some(out.to_path_buf()), date: Some(DEMO_DATE), ..ScanJob::new(site.to_path_buf()) };
    let outcome = report::run(&job).expect("scan");
    assert_valid_sarif(&out.join("results.sarif"));
    outcome
}

#[test]
fn every_builtin_rule_fires_and_passes_on_the_demo_site() {
    let tmp = tempfile::tempdir().expect("tmp");
    let outcome = scan(&demo_site(), tmp.path());
    // Whether an account counts as idle depends on today's date against the fixtures'
    // logon dates: its pass is pinned in the pack tests (policies/mhlw/tests, `[scan] date`).
    // The demo site keeps a snapshot folder the inventory does not list (the 台帳
    // rule's failure); its pass is pinned in the pack tests (tests/site-*.toml).
    const DATE_DEPENDENT_PASS: &[&str] = &["MHLW-U-IDLE", "MHLW-L-LEDGER"];
    for rule in &Pack::builtin().manifest.rules {
        let of = |s: Status| outcome.scan.findings.iter().filter(|f| f.rule == rule.id && f.status == s).count();
        assert!(of(Status::Fail) > 0, "{} never fails on the demo site", rule.id);
        assert!(
            of(Status::Pass) > 0 || DATE_DEPENDENT_PASS.contains(&rule.id.as_str()),
            "{} never passes on the demo site",
            rule.id
        );
    }
    assert_valid_sarif(&tmp.path().join("results.sarif"));
}

/// The artifact text at a SARIF result's first location.
fn located_line(site: &Path, result: &serde_json::Value) -> (String, String) {
    let loc = &result["locations"][0]["physicalLocation"];
    let uri = loc["artifactLocation"]["uri"].as_str().expect("uri");
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "SNAPSHOTS");
    let line = loc["region"]["startLine"].as_u64().expect("startLine") as usize;
    let text = std::fs::read_to_string(site.join("snapshots").join(uri)).expect("artifact");
    let at = text.lines().nth(line - 1).unwrap_or_else(|| panic!("{uri} has no line {line}")).trim().to_string();
    (uri.to_string(), at)
}

#[test]
fn failing_results_point_at_the_exact_line() {
    let tmp = tempfile::tempdir().expect("tmp");
    scan(&demo_site(), tmp.path());
    let sarif = read_json(&tmp.path().join("results.sarif"));
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let expected: &[(&str, &str, &str, &str)] = &[
        ("core-rtr", "MHLW-V-TELNET", "telnet", "transport input telnet ssh"),
        ("core-rtr", "MHLW-S-MGMT", "telnet|vty 5 15", "line vty 5 15"),
        ("floor3-sw", "MHLW-P-KEV", "CVE-2023-20198", "Version 17.9.4, RELEASE SOFTWARE"),
        ("floor3-sw", "MHLW-S-SNMP", "community#1", "snmp-server community public RO"),
        ("floor3-sw", "MHLW-V-HTTP", "http", "ip http server"),
        ("core-rtr", "MHLW-V-SNMP-V2C", "snmp", "snmp-server community"),
        ("floor3-sw", "MHLW-S-MGMT", "https|global", "ip http secure-server"),
        ("vpn-fgt-maint", "MHLW-P-KEV", "CVE-2018-13379", "Version: FortiGate-60E v6.0.4"),
        ("vpn-fgt-maint", "MHLW-S-WAN", "interface|wan1", "set allowaccess ping https ssh"),
        ("vpn-fgt-maint", "MHLW-S-ADMIN", "account|admin", "edit \"admin\""),
        ("vpn-fgt-maint", "MHLW-S-VPN", "vpn|SSL-VPN", "set source-interface \"wan1\""),
        ("vpn-fgt-maint", "MHLW-V-HTTP", "http", "set allowaccess ping https ssh http fgfm"),
        // Site-wide: the same administrator password (a copied type 9 hash) on both.
        ("core-rtr", "MHLW-W-REUSE", "password", "username netadmin privilege 15 secret 9"),
        ("floor3-sw", "MHLW-W-REUSE", "password", "username netadmin privilege 15 secret 9"),
    ];
    for (device, rule, subject, line) in expected {
        let r = results
            .iter()
            .find(|r| r["ruleId"] == *rule && r["properties"]["device"] == *device && r["properties"]["subject"] == *subject)
            .unwrap_or_else(|| panic!("no result {rule} {device} {subject}"));
        assert_eq!(r["kind"], "fail", "{rule} {device}");
        let (uri, at) = located_line(&demo_site(), r);
        assert!(uri.starts_with(&format!("{device}/")), "{uri}");
        assert!(at.contains(line), "{rule} on {device} points at {at:?}, expected {line:?}");
    }
    // Every failing result is located inside its artifact.
    for r in results.iter().filter(|r| r["kind"] == "fail") {
        if r["properties"]["device"] == "(site)" {
            // About the site as a whole: located on the inventory (台帳) itself.
            let loc = &r["locations"][0]["physicalLocation"];
            assert_eq!(
                (&loc["artifactLocation"]["uriBaseId"], &loc["artifactLocation"]["uri"]),
                (&"SITE".into(), &"inventory.toml".into())
            );
            assert_eq!(loc["region"]["startLine"], 1);
            continue;
        }
        located_line(&demo_site(), r);
        assert!(r["level"] == "error" || r["level"] == "warning", "{r}");
    }
}

#[test]
fn fingerprints_survive_unrelated_lines_moving() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    copy_tree(&demo_site(), &site);
    let identities = |out: &Path| -> BTreeSet<(String, String, String)> {
        let sarif = read_json(&out.join("results.sarif"));
        sarif["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap_or("").to_string(),
                    r["kind"].as_str().unwrap_or("").to_string(),
                    r["partialFingerprints"]["kenshinFindingHash/v1"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    scan(&site, &tmp.path().join("a"));
    let before = identities(&tmp.path().join("a"));
    // Insert unrelated lines near the top of every configuration.
    for (device, artifact, insert) in [
        ("core-rtr", "show_running-config.txt", "!\n! change ticket 4711\n!\nip domain lookup\n"),
        ("floor3-sw", "show_running-config.txt", "!\nno ip domain lookup\n!\n"),
        ("vpn-fgt-maint", "show_full-configuration.txt", "config system dns\n    set primary 10.10.0.53\nend\n"),
    ] {
        let path = site.join("snapshots").join(device).join(artifact);
        let text = std::fs::read_to_string(&path).expect("read");
        let (head, tail) = text.split_at(text.find('\n').expect("newline") + 1);
        std::fs::write(&path, format!("{head}{insert}{tail}")).expect("write");
    }
    scan(&site, &tmp.path().join("b"));
    let after = identities(&tmp.path().join("b"));
    assert_eq!(before, after, "fingerprints changed although only unrelated lines moved");
    // Two scans of the same snapshot give the same fingerprints too.
    scan(&site, &tmp.path().join("c"));
    assert_eq!(after, identities(&tmp.path().join("c")));
    // And fingerprints are distinct within a run.
    let prints: Vec<_> = after.iter().map(|(_, _, p)| p.clone()).collect();
    assert_eq!(prints.len(), prints.iter().collect::<BTreeSet<_>>().len());
}

#[test]
fn unknown_is_never_reported_as_compliant() {
    let tmp = tempfile::tempdir().expect("tmp");
    let outcome = scan(&demo_site(), tmp.path());
    // emr-db: only Get-ComputerInfo was collected. What it shows is judged (the OS
    // build's support period, the update history); nothing else may pass.
    let emr: Vec<_> = outcome.scan.findings.iter().filter(|f| f.device == "emr-db").collect();
    assert!(!emr.is_empty());
    let passing: Vec<&str> = emr.iter().filter(|f| f.status == Status::Pass).map(|f| f.rule.as_str()).collect();
    assert_eq!(passing, ["MHLW-P-EOS"], "{emr:?}");
    for rule in ["MHLW-S-MGMT", "MHLW-V-TELNET", "MHLW-S-SNMP"] {
        assert!(emr.iter().any(|f| f.rule == rule && f.status == Status::Unknown), "{rule}: {emr:?}");
    }
    // Its updates were last installed in 2021: the e-chart server is unpatched, as at Handa.
    assert!(emr.iter().any(|f| f.rule == "MHLW-P-UPDATES" && f.status == Status::Fail), "{emr:?}");
    // lab-rtr: show_version.txt missing → the patch check is unknown, with a notification.
    let kev: Vec<_> = outcome.scan.findings.iter().filter(|f| f.device == "lab-rtr" && f.rule == "MHLW-P-KEV").collect();
    assert_eq!(kev.len(), 1);
    assert_eq!(kev[0].status, Status::Unknown);
    assert!(
        outcome
            .scan
            .notifications
            .iter()
            .any(|n| n.device.as_deref() == Some("lab-rtr") && n.message.contains("show_version.txt"))
    );
    // The checklist says so per device.
    let checklist = read_json(&tmp.path().join("checklist.json"));
    let patches = checklist["items"].as_array().expect("items").iter().find(|i| i["key"] == "security_patches").expect("item");
    let status_of = |d: &str| {
        patches["devices"].as_array().expect("devices").iter().find(|x| x["device"] == d).expect("device")["status"].clone()
    };
    assert_eq!(status_of("lab-rtr"), "unknown");
    // emr-db's old updates fail, but waivers.toml accepts them until 2027-01-31, and
    // its result says which waiver accepted it. Its malware protection could not be
    // read from what was collected (Get-ComputerInfo only): the device stays unknown.
    assert_eq!(status_of("emr-db"), "unknown");
    let emr = patches["devices"].as_array().expect("devices").iter().find(|x| x["device"] == "emr-db").expect("emr-db");
    assert!(
        emr["results"].as_array().expect("results").iter().any(|r| r["rule"] == "MHLW-P-UPDATES"
            && r["status"] == "fail"
            && r["waiver"].as_str().is_some_and(|w| w.contains("waivers.toml:"))),
        "{emr}"
    );
    assert_eq!(status_of("vpn-fgt-maint"), "fail");
    assert_eq!(status_of("edge-fgt"), "pass");
    assert_eq!(patches["status"], "fail");
    // Nobody attested the BCP in the demo's attestations.toml: it stays manual.
    let bcp = checklist["items"].as_array().expect("items").iter().find(|i| i["key"] == "bcp").expect("item");
    assert_eq!(bcp["status"], "manual");
}

#[test]
fn a_device_without_snapshot_is_reported_and_the_rest_scanned() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    copy_tree(&demo_site(), &site);
    std::fs::remove_dir_all(site.join("snapshots/floor3-sw")).expect("remove");
    let outcome = scan(&site, &tmp.path().join("out"));
    assert!(outcome.scan.findings.iter().all(|f| f.device != "floor3-sw"));
    assert!(outcome.scan.findings.iter().any(|f| f.device == "vpn-fgt-maint" && f.status == Status::Fail));
    let note = outcome.scan.notifications.iter().find(|n| n.device.as_deref() == Some("floor3-sw")).expect("notification");
    assert!(note.message.contains("floor3-sw"), "{}", note.message);
    let checklist = read_json(&tmp.path().join("out/checklist.json"));
    // Every judged item that asks for network devices (the switch's class) says unknown for it.
    let asks_network = |i: &&serde_json::Value| i["classes"].as_array().is_some_and(|c| c.iter().any(|c| c == "network"));
    let judged: Vec<_> =
        checklist["items"].as_array().expect("items").iter().filter(|i| i["status"] != "manual").filter(asks_network).collect();
    assert!(judged.len() >= 2, "patches and source restriction at least");
    for item in judged {
        let d = item["devices"].as_array().expect("devices").iter().find(|d| d["device"] == "floor3-sw").expect("device");
        assert_eq!(d["status"], "unknown", "{}", item["key"]);
    }
    assert_valid_sarif(&tmp.path().join("out/results.sarif"));
}

/// Secrets written into the demo fixtures; none may appear in any output.
const SECRETS: &[&str] = &[
    "$9$DEMOdemoDEMOde$0000000000000000000000000000000000000000000",
    "$9$DEMOdemoDEMOde$1111111111111111111111111111111111111111111",
    "0822455D0A16",
    "Dm0-ro-9f4T",
    "$1$DEMO$44444444444444444444",
    "SH2demoDEMOdemoDEMOdemoDEMOdemoDEMOdemoDEMOdemoDEMOdemoDEMO=",
    "SH2nmsDEMOv3authDEMOv3authDEMOv3authDEMOv3authDEMOv3authDEMO=",
    "DEMOdemoDEMOdemoDEMOdemoDEMOdemoDEMOdemoDEMO==",
    "DEMOdemoDEMOdemoDEMOdemoDEMOdemoDEMOdemo",
];

#[test]
fn no_secret_reaches_sarif_checklist_facts_or_logs() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    let scan = Command::new(env!("CARGO_BIN_EXE_kenshin"))
        .args(["scan", "--lang", "en", "--out"])
        .arg(&out)
        .arg(demo_site())
        .env("KENSHIN_LOG", "debug")
        .output()
        .expect("run kenshin");
    let facts = Command::new(env!("CARGO_BIN_EXE_kenshin")).arg("facts").arg(demo_site()).output().expect("run kenshin");
    let haystacks = vec![
        ("results.sarif", std::fs::read(out.join("results.sarif")).expect("sarif")),
        ("checklist.json", std::fs::read(out.join("checklist.json")).expect("checklist")),
        ("scan stderr", scan.stderr),
        ("scan stdout", scan.stdout),
        ("facts stdout", facts.stdout),
        ("facts stderr", facts.stderr),
    ];
    for secret in SECRETS {
        // The fixtures really do hold them: the test would prove nothing otherwise.
        let in_fixtures = walkdir::WalkDir::new(demo_site())
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains(secret)));
        assert!(in_fixtures, "{secret} is not in the fixtures");
        for (name, hay) in &haystacks {
            assert!(!String::from_utf8_lossy(hay).contains(secret), "{secret} leaked into {name}");
        }
    }
}

#[test]
fn streamed_sarif_equals_the_in_memory_log() {
    let tmp = tempfile::tempdir().expect("tmp");
    let outcome = scan(&demo_site(), tmp.path());
    let pack = Pack::builtin();
    let built = serde_json::to_value(kenshin_engine::sarif::build_with_waivers(
        &outcome.scan,
        &[&pack],
        &demo_site(),
        kenshin_engine::pack::Lang::Ja,
        None,
        Some(&outcome.waivers),
    ))
    .expect("json");
    let written = read_json(&tmp.path().join("results.sarif"));
    assert_eq!(built, written);
    assert!(written["runs"][0]["results"].as_array().is_some_and(|r| r.len() == outcome.scan.findings.len()));
}

#[test]
fn checklist_forms_csv_and_ledger() {
    let tmp = tempfile::tempdir().expect("tmp");
    scan(&demo_site(), tmp.path());
    let csv = std::fs::read_to_string(tmp.path().join("checklist.csv")).expect("csv");
    assert!(csv.starts_with('\u{feff}'), "UTF-8 BOM for Excel");
    let rows: Vec<&str> = csv.lines().collect();
    // The default edition is R7: all 18 items, R7 numbers.
    assert_eq!(rows.len(), 1 + kenshin_engine::checklist::ITEMS.len());
    assert!(rows.iter().any(|r| r.starts_with("2-(13),source_restriction,接続元制限の実施,いいえ,—,—,いいえ,")), "{rows:?}");
    // A manual item has no check date: a person answers it on the day they check.
    let bcp = rows.iter().find(|r| r.contains(",bcp,")).expect("bcp row");
    assert!(bcp.contains(",要手動確認,—,—,—,,,"), "{bcp}");
    let ledger = std::fs::read_to_string(tmp.path().join("ledger.csv")).expect("ledger");
    assert!(ledger.starts_with('\u{feff}'));
    assert!(
        ledger.starts_with(
            "\u{feff}機器名,種別,プラットフォーム,IPアドレス,機種,ファームウェア,設置場所,管理者,保守事業者,リモート保守,"
        ),
        "{ledger}"
    );
    // Owner, vendor and remote maintenance come from the inventory, model and OS build from
    // the facts; the inventory gives no address.
    assert!(
        ledger.lines().any(|l| l
            == "emr-db,server,windows,,Windows Server 2019 Standard,10.0.17763,本館2F サーバ室,医療情報部,B電子カルテ保守,あり,読込済"),
        "{ledger}"
    );
    assert!(
        ledger.lines().any(|l| l.starts_with("vpn-fgt-maint,firewall,fortinet,10.10.0.254,FortiGate-60E,6.0.4,本館2F サーバ室")),
        "{ledger}"
    );
    assert!(
        ledger.lines().any(|l| l.starts_with("lab-rtr,router,cisco_ios,10.20.0.1,,,")),
        "firmware unknown stays empty: {ledger}"
    );
    let html = std::fs::read_to_string(tmp.path().join("checklist.html")).expect("html");
    for needle in [
        "医療機関におけるサイバーセキュリティ対策チェックリスト",
        "接続元制限の実施",
        "いいえ",
        "確認不可",
        "要手動確認",
        "対応方法",
        "vpn-fgt-maint&#x2f;show_full-configuration.txt:25",
    ] {
        assert!(html.contains(needle), "checklist.html lacks {needle:?}");
    }
    // No secret from the fixtures reaches the printable form either.
    for secret in SECRETS {
        assert!(!html.contains(secret) && !csv.contains(secret) && !ledger.contains(secret), "{secret}");
    }
    let collect = read_json(&tmp.path().join("collect.json"));
    assert_eq!(collect["devices"].as_array().expect("devices").len(), 8);
}
