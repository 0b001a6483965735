//! waivers.toml end to end: an active waiver becomes a SARIF suppression (valid against
//! the SARIF 2.1.0 schema) and a 例外承認 on the checklist; an expired one suppresses
//! nothing and is reported; an unused one is reported; accepted failures do not fail
//! the run.

mod common;

use std::path::Path;

use common::{assert_valid_sarif, copy_tree, demo_site, read_json};
use kenshin_engine::pack::Lang;
use kenshin_engine::report::{self, ScanJob, ScanOutcome};
use kenshin_policy::Status;

/// The day the demo fixtures' dates are written against.
const DEMO_DATE: jiff::civil::Date = jiff::civil::date(2026, 11, 27);

fn scan(site: &Path, out: &Path, date: jiff::civil::Date, lang: Lang) -> (ScanOutcome, serde_json::Value) {
    let outcome =
        report::run(&ScanJob { out: Some(out.to_path_buf()), date: Some(date), lang, ..ScanJob::new(site.to_path_buf()) })
            .expect("scan");
    assert_valid_sarif(&out.join("results.sarif"));
    (outcome, read_json(&out.join("results.sarif")))
}

fn results(sarif: &serde_json::Value) -> &Vec<serde_json::Value> {
    sarif["runs"][0]["results"].as_array().expect("results")
}

fn notifications(sarif: &serde_json::Value, id: &str) -> Vec<String> {
    sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .map(|n| {
            n.iter()
                .filter(|n| n["descriptor"]["id"] == id)
                .map(|n| n["message"]["text"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn item<'a>(c: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    c["items"].as_array().expect("items").iter().find(|i| i["key"] == key).unwrap_or_else(|| panic!("no item {key}"))
}

#[test]
fn the_demo_waiver_suppresses_and_the_expired_one_is_reported() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (outcome, sarif) = scan(&demo_site(), tmp.path(), DEMO_DATE, Lang::Ja);
    let suppressed: Vec<&serde_json::Value> = results(&sarif).iter().filter(|r| r.get("suppressions").is_some()).collect();
    assert_eq!(suppressed.len(), 1, "exactly the e-chart server's update age: {suppressed:?}");
    let r = suppressed[0];
    assert_eq!(r["ruleId"], "MHLW-P-UPDATES");
    assert_eq!(r["properties"]["device"], "emr-db");
    assert_eq!(r["kind"], "fail", "a suppressed result keeps what it found");
    let s = &r["suppressions"][0];
    assert_eq!(s["kind"], "external");
    assert_eq!(s["status"], "accepted");
    let j = s["justification"].as_str().expect("justification");
    assert!(j.contains("電子カルテ事業者の動作検証待ち"), "reason: {j}");
    assert!(j.contains("副院長 佐藤 一郎"), "approver: {j}");
    assert!(j.contains("2027-01-31"), "expiry: {j}");
    assert_eq!(s["properties"]["expires"], "2027-01-31");
    let loc = &s["location"]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "waivers.toml");
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "SITE");
    let waivers = std::fs::read_to_string(demo_site().join("waivers.toml")).expect("waivers");
    let line = loc["region"]["startLine"].as_u64().expect("line") as usize;
    assert_eq!(waivers.lines().nth(line - 1), Some("[[waiver]]"));

    // The telnet waiver expired on 2026-09-30: core-rtr's telnet is a plain failure again,
    // and the waiver itself is reported, in SARIF and on the checklist.
    let telnet = results(&sarif)
        .iter()
        .find(|r| r["ruleId"] == "MHLW-V-TELNET" && r["properties"]["device"] == "core-rtr")
        .expect("telnet result");
    assert_eq!(telnet["kind"], "fail");
    assert!(telnet.get("suppressions").is_none());
    let expired = notifications(&sarif, "KSN0007");
    assert_eq!(expired.len(), 1, "{expired:?}");
    assert!(expired[0].starts_with("waivers.toml:") && expired[0].contains("2026-09-30"), "{expired:?}");
    assert!(notifications(&sarif, "KSN0008").is_empty(), "both demo waivers match something");
    let descriptors = sarif["runs"][0]["tool"]["driver"]["notifications"].as_array().expect("descriptors");
    assert!(descriptors.iter().any(|d| d["id"] == "KSN0007") && descriptors.iter().any(|d| d["id"] == "KSN0008"));
    assert_eq!(outcome.waivers.accepted.len(), 1);
    assert_eq!(outcome.waivers.expired.len(), 1);

    // The checklist: emr-db's patch answer is re-judged without the accepted result and
    // says it is waived; the expired waiver is a notice on its item.
    let c = read_json(&tmp.path().join("checklist.json"));
    let patches = item(&c, "security_patches");
    let emr = patches["devices"].as_array().expect("devices").iter().find(|d| d["device"] == "emr-db").expect("emr-db");
    assert_ne!(emr["status"], "fail", "{emr}");
    let updates = emr["results"].as_array().expect("results").iter().find(|r| r["rule"] == "MHLW-P-UPDATES").expect("result");
    assert_eq!(updates["status"], "fail");
    assert!(updates["waiver"].as_str().is_some_and(|w| w.contains("waivers.toml:")), "{updates}");
    assert!(
        patches["overrides"].as_array().is_some_and(|o| o.iter().any(|o| o["source"] == "waiver" && o["device"] == "emr-db"))
    );
    let us = item(&c, "unneeded_services");
    assert!(
        us["notices"].as_array().is_some_and(|n| n.iter().any(|n| n.as_str().is_some_and(|n| n.contains("期限切れ")))),
        "{us}"
    );
    let html = std::fs::read_to_string(tmp.path().join("checklist.html")).expect("html");
    assert!(html.contains("例外承認: 電子カルテ事業者の動作検証待ち"), "the waived result says so on the form");
    // The chip keeps the device's status (unknown: its antivirus state was not
    // collected) and says a waiver accepted one of its results.
    assert!(html.contains("emr-db 確認不可（例外承認）"), "the device chip says so");
    assert!(html.contains("2026-09-30 に期限切れ"), "the expired waiver is on the form");
}

#[test]
fn an_expired_waiver_no_longer_suppresses() {
    let tmp = tempfile::tempdir().expect("tmp");
    // The day after the e-chart waiver's expiry.
    let (outcome, sarif) = scan(&demo_site(), tmp.path(), jiff::civil::date(2027, 2, 1), Lang::En);
    assert!(results(&sarif).iter().all(|r| r.get("suppressions").is_none()));
    let expired = notifications(&sarif, "KSN0007");
    assert_eq!(expired.len(), 2, "{expired:?}");
    assert!(expired.iter().any(|m| m.contains("MHLW-P-UPDATES emr-db") && m.contains("expired on 2027-01-31")), "{expired:?}");
    assert!(outcome.waivers.accepted.is_empty());
    let c = read_json(&tmp.path().join("checklist.json"));
    let patches = item(&c, "security_patches");
    assert_eq!(patches["by_class"]["server"], "fail", "the server's old updates count again");
}

/// Waives every failing rule of `key` on every device, plus one waiver that matches
/// nothing; returns the site.
fn site_waiving_all_of(tmp: &Path, key: &str) -> std::path::PathBuf {
    let site = tmp.join("site");
    copy_tree(&demo_site(), &site);
    let (outcome, _) = scan(&site, &tmp.join("before"), DEMO_DATE, Lang::Ja);
    let item = outcome.checklist.item(key).expect("item");
    let mut rules: Vec<String> =
        item.devices.iter().flat_map(|d| d.results.iter()).filter(|r| r.status == Status::Fail).map(|r| r.rule.clone()).collect();
    rules.sort();
    rules.dedup();
    assert!(!rules.is_empty());
    let mut text = String::new();
    for rule in &rules {
        text.push_str(&format!(
            "[[waiver]]\nrule = \"{rule}\"\ndevice = \"*\"\nreason = \"移行期間中\"\napprover = \"安全管理責任者\"\nexpires = 2027-03-31\n\n"
        ));
    }
    text.push_str("[[waiver]]\nrule = \"MHLW-V-TELNET\"\ndevice = \"file-srv\"\nreason = \"typo\"\napprover = \"x\"\nexpires = 2027-03-31\n");
    std::fs::write(site.join("waivers.toml"), text).expect("write");
    site
}

#[test]
fn a_waived_item_reads_yes_only_with_waived_and_unused_waivers_are_reported() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = site_waiving_all_of(tmp.path(), "source_restriction");
    let (outcome, sarif) = scan(&site, &tmp.path().join("after"), DEMO_DATE, Lang::Ja);
    let c = read_json(&tmp.path().join("after/checklist.json"));
    let sr = item(&c, "source_restriction");
    assert_eq!(sr["status"], "pass", "every failure of the item is accepted");
    assert_eq!(sr["automatic"], "fail", "what the scan found is kept");
    let csv = std::fs::read_to_string(tmp.path().join("after/checklist.csv")).expect("csv");
    let row = csv.lines().find(|l| l.contains(",source_restriction,")).expect("row");
    assert!(row.contains(",はい（例外承認）,"), "{row}");
    let html = std::fs::read_to_string(tmp.path().join("after/checklist.html")).expect("html");
    let form_row = html.split("<tr data-key=\"source_restriction\"").nth(1).and_then(|r| r.split("</tr>").next()).expect("row");
    assert!(form_row.contains("opt yes chosen") && form_row.contains("例外承認あり"), "{form_row}");
    // The waiver for a telnet failure file-srv does not have matches nothing.
    let unused = notifications(&sarif, "KSN0008");
    assert_eq!(unused.len(), 1, "{unused:?}");
    assert!(unused[0].contains("MHLW-V-TELNET file-srv"), "{unused:?}");
    assert!(c["notices"].as_array().is_some_and(|n| n.iter().any(|n| n.as_str() == Some(unused[0].as_str()))));
    assert_eq!(outcome.waivers.unused.len(), 1);
    // Every suppressed result is a failure of a waived rule, and each is valid SARIF
    // (checked above against the schema).
    for r in results(&sarif).iter().filter(|r| r.get("suppressions").is_some()) {
        assert!(r["kind"] == "fail" || r["kind"] == "open", "{r}");
        assert_eq!(r["suppressions"][0]["status"], "accepted");
    }
}

#[test]
fn accepted_failures_do_not_fail_the_run() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    copy_tree(&demo_site(), &site);
    let (outcome, _) = scan(&site, &tmp.path().join("before"), DEMO_DATE, Lang::Ja);
    assert!(outcome.worst_failure.is_some());
    let mut pairs: Vec<(String, String)> =
        outcome.scan.findings.iter().filter(|f| f.status == Status::Fail).map(|f| (f.rule.clone(), f.device.clone())).collect();
    pairs.sort();
    pairs.dedup();
    let text: String = pairs
        .iter()
        .map(|(rule, device)| {
            // Results about the site as a whole are waived with device = "*".
            let device = if device == "(site)" { "*" } else { device.as_str() };
            format!(
                "[[waiver]]\nrule = \"{rule}\"\ndevice = \"{device}\"\nreason = \"r\"\napprover = \"a\"\nexpires = 2027-03-31\n\n"
            )
        })
        .collect();
    std::fs::write(site.join("waivers.toml"), text).expect("write");
    let (outcome, sarif) = scan(&site, &tmp.path().join("after"), DEMO_DATE, Lang::Ja);
    assert_eq!(outcome.worst_failure, None, "every failure is accepted");
    for r in results(&sarif).iter().filter(|r| r["kind"] == "fail") {
        assert!(r.get("suppressions").is_some(), "{r}");
    }
}

#[test]
fn a_broken_waivers_file_names_file_line_and_field() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    copy_tree(&demo_site(), &site);
    std::fs::write(
        site.join("waivers.toml"),
        "[[waiver]]\nrule = \"MHLW-V-TELNET\"\ndevice = \"core-rtr\"\nreason = \"r\"\napprover = \"\"\nexpires = 2027-01-01\n",
    )
    .expect("write");
    let err = report::run(&ScanJob { out: Some(tmp.path().join("out")), ..ScanJob::new(site) }).expect_err("refused");
    assert!(err.is_input());
    let msg = err.to_string();
    assert!(msg.contains("waivers.toml:5: waiver[0].approver: must not be empty"), "{msg}");
}
