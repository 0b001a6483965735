//! attestations.toml end to end: the demo site's attested items pass, the stale one
//! fails, the missing vendor is named, the unattested item stays manual with what to
//! do; a year is counted from the scan date; `kenshin attest init` writes a template.

mod common;

use std::path::Path;
use std::process::Command;

use common::{assert_valid_sarif, copy_tree, demo_site, read_json};
use kenshin_engine::pack::Lang;
use kenshin_engine::report::{self, ScanJob};

/// The day the demo fixtures' dates are written against.
const DEMO_DATE: jiff::civil::Date = jiff::civil::date(2026, 11, 27);

fn scan(site: &Path, out: &Path, date: jiff::civil::Date, lang: Lang) -> serde_json::Value {
    report::run(&ScanJob { out: Some(out.to_path_buf()), date: Some(date), lang, ..ScanJob::new(site.to_path_buf()) })
        .expect("scan");
    assert_valid_sarif(&out.join("results.sarif"));
    read_json(&out.join("checklist.json"))
}

fn item<'a>(c: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    c["items"].as_array().expect("items").iter().find(|i| i["key"] == key).unwrap_or_else(|| panic!("no item {key}"))
}

/// The attestation notes of an item.
fn notes(c: &serde_json::Value, key: &str) -> String {
    let i = item(c, key);
    let overrides = i["overrides"].as_array().cloned().unwrap_or_default();
    assert!(overrides.iter().all(|o| o["source"] == "attestation"), "{overrides:?}");
    overrides.iter().map(|o| o["note"].as_str().unwrap_or("").to_string()).collect::<Vec<_>>().join("\n")
}

#[test]
fn the_demo_site_attests_some_items_and_says_what_is_missing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let c = scan(&demo_site(), tmp.path(), DEMO_DATE, Lang::Ja);
    for key in ["security_officer", "operating_rules", "mds_sds", "contact_chart"] {
        assert_eq!(item(&c, key)["status"], "pass", "{key}: {}", notes(&c, key));
        assert_eq!(item(&c, key)["automatic"], "manual", "{key}: no rule judges it");
    }
    let officer = notes(&c, "security_officer");
    assert!(officer.contains("事務長 山田 花子") && officer.contains("2026-04-01"), "{officer}");
    assert!(officer.contains("docs/安全管理責任者任命書.md: あり"), "the document is found: {officer}");
    // A通信サービス maintains edge-fgt remotely and has not confirmed: いいえ, naming it.
    let rm = item(&c, "remote_maintenance");
    assert_eq!(rm["status"], "fail");
    let rm = notes(&c, "remote_maintenance");
    assert!(rm.contains("A通信サービス: 確認の記録がありません") && rm.contains("edge-fgt"), "{rm}");
    // Backups were last confirmed on 2025-09-30: more than a year before the scan.
    assert_eq!(item(&c, "backup")["status"], "fail");
    let backup = notes(&c, "backup");
    assert!(backup.contains("1年以上経過") && backup.contains("2026-09-30 まで有効"), "{backup}");
    // Nobody attested the BCP: it stays manual, and the checklist says what to write.
    let bcp = item(&c, "bcp");
    assert_eq!(bcp["status"], "manual");
    assert!(bcp.get("overrides").is_none());
    assert!(bcp["notices"][0].as_str().is_some_and(|n| n.contains("[bcp]") && n.contains("kenshin attest init")), "{bcp}");

    // The printable form and the CSV answer the same way.
    let html = std::fs::read_to_string(tmp.path().join("checklist.html")).expect("html");
    assert!(html.contains("確認記録: 適合 — 事務長 山田 花子"), "the officer's attestation is on the form");
    assert!(html.contains("A通信サービス: 確認の記録がありません"));
    let csv = std::fs::read_to_string(tmp.path().join("checklist.csv")).expect("csv");
    let row = |key: &str| csv.lines().find(|l| l.contains(&format!(",{key},"))).unwrap_or_else(|| panic!("{key}")).to_string();
    assert!(row("security_officer").contains(",はい,—,—,—,2026/"), "{}", row("security_officer"));
    assert!(row("backup").contains(",いいえ,"), "{}", row("backup"));
    assert!(row("bcp").contains(",要手動確認,—,—,—,,,"), "{}", row("bcp"));
}

#[test]
fn a_year_is_counted_from_the_scan_date() {
    let tmp = tempfile::tempdir().expect("tmp");
    // The officer was attested on 2026-04-01: valid through 2027-04-01, not a day more.
    let c = scan(&demo_site(), &tmp.path().join("a"), jiff::civil::date(2027, 4, 1), Lang::En);
    assert_eq!(item(&c, "security_officer")["status"], "pass");
    let c = scan(&demo_site(), &tmp.path().join("b"), jiff::civil::date(2027, 4, 2), Lang::En);
    assert_eq!(item(&c, "security_officer")["status"], "fail");
    let note = notes(&c, "security_officer");
    assert!(note.contains("checked more than a year ago (valid until 2027-04-01)"), "{note}");
    // A date after the scan is not an answer.
    let c = scan(&demo_site(), &tmp.path().join("c"), jiff::civil::date(2026, 3, 1), Lang::En);
    assert_eq!(item(&c, "security_officer")["status"], "manual");
    assert!(notes(&c, "security_officer").contains("after the scan date"));
}

#[test]
fn incomplete_attestations_fail_naming_what_is_missing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    copy_tree(&demo_site(), &site);
    let path = site.join("attestations.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    // The chart without the police; the vendor's answer without the e-chart server;
    // the officer's document gone.
    let text = text
        .lines()
        .filter(|l| !l.starts_with("police = "))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("devices = [\"vpn-fgt-maint\", \"emr-db\"]", "devices = [\"vpn-fgt-maint\", \"lab-rtr\"]");
    std::fs::write(&path, text).expect("write");
    std::fs::remove_file(site.join("docs/安全管理責任者任命書.md")).expect("rm");
    let c = scan(&site, &tmp.path().join("out"), DEMO_DATE, Lang::En);

    assert_eq!(item(&c, "contact_chart")["status"], "fail");
    let chart = notes(&c, "contact_chart");
    assert!(chart.contains("the prefectural police cybercrime desk (police)"), "{chart}");

    let rm = notes(&c, "remote_maintenance");
    assert!(rm.contains("answered but not remote_maintenance in the inventory: [lab-rtr]"), "{rm}");
    assert!(rm.contains("remote_maintenance in the inventory but not answered: [emr-db]"), "{rm}");

    assert_eq!(item(&c, "security_officer")["status"], "manual", "no document, no answer");
    assert!(notes(&c, "security_officer").contains("is not in the site folder"));
}

#[test]
fn a_broken_attestations_file_stops_the_scan_naming_file_line_and_field() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    copy_tree(&demo_site(), &site);
    let path = site.join("attestations.toml");
    let text = std::fs::read_to_string(&path).expect("read").replace("when = 2026-06-01", "when = \"June\"");
    std::fs::write(&path, &text).expect("write");
    let line = text.lines().position(|l| l == "when = \"June\"").expect("line") + 1;
    let o = Command::new(env!("CARGO_BIN_EXE_kenshin"))
        .args(["scan", "--no-collect", "--out"])
        .arg(tmp.path().join("out"))
        .arg(&site)
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("attestations.toml:{line}: contact_chart.when")), "{err}");
}

#[test]
fn attest_init_writes_a_template_and_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    copy_tree(&demo_site(), &site);
    let init = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kenshin")).args(["attest", "init"]).args(extra).arg(&site).output().expect("run")
    };
    let before = std::fs::read_to_string(site.join("attestations.toml")).expect("read");
    let o = init(&[]);
    assert_eq!(o.status.code(), Some(2), "refuses to overwrite");
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(site.join("attestations.toml")).expect("read"), before);

    let o = init(&["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let t = std::fs::read_to_string(site.join("attestations.toml")).expect("read");
    assert!(t.starts_with("# attestations.toml — デモ総合病院"), "{t}");
    for needle in
        ["#[security_officer]", "#vendor = \"A通信サービス\"", "#vendor = \"B電子カルテ保守\"", "警察", "who", "evidence"]
    {
        assert!(t.contains(needle), "template lacks {needle:?}");
    }
    // As written, it attests nothing: every document item is manual again.
    let c = scan(&site, &tmp.path().join("out"), DEMO_DATE, Lang::Ja);
    for key in kenshin_connectors::site::ATTESTATION_KEYS {
        assert_eq!(item(&c, key)["status"], "manual", "{key}");
    }
    let o = Command::new(env!("CARGO_BIN_EXE_kenshin"))
        .args(["attest", "init"])
        .arg(tmp.path().join("nowhere"))
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn every_attestation_key_is_a_checklist_item() {
    for key in kenshin_connectors::site::ATTESTATION_KEYS {
        assert!(kenshin_engine::checklist::ITEMS.iter().any(|i| i.key == key), "{key}");
    }
}
