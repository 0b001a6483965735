//! The checklist as people read it: `checklist.html` (a printable A4 form laid out
//! like the official 医療機関確認用 form, followed by the evidence per item, what to
//! fix, and the trend of failures over recent runs), `checklist.csv`, and
//! `ledger.csv` (台帳). CSV files are UTF-8 with a byte-order mark so that Excel in
//! Japan opens them as they are.

use std::collections::BTreeMap;

use kenshin_connectors::Site;
use kenshin_facts::DeviceClass;
use kenshin_policy::Status;
use minijinja::value::Serde;
use minijinja::{Environment, Value, context};
use serde::Serialize;

use crate::checklist::{Checklist, ItemStatus};
use crate::history::RunStatus;
use crate::pack::{Lang, Pack};
use crate::scan::ScanResult;

const TEMPLATE: &str = include_str!("../templates/checklist.html");
/// Excel needs it to read UTF-8 CSV.
const BOM: &str = "\u{feff}";

/// The form's answer for an item status.
fn answer(status: ItemStatus, lang: Lang) -> &'static str {
    match (status, lang) {
        (ItemStatus::Pass, Lang::Ja) => "はい",
        (ItemStatus::Fail, Lang::Ja) => "いいえ",
        (ItemStatus::Unknown, Lang::Ja) => "確認不可",
        (ItemStatus::Manual, Lang::Ja) => "要手動確認",
        (ItemStatus::NotApplicable, Lang::Ja) => "対象外",
        (ItemStatus::Pass, Lang::En) => "Yes",
        (ItemStatus::Fail, Lang::En) => "No",
        (ItemStatus::Unknown, Lang::En) => "Could not verify",
        (ItemStatus::Manual, Lang::En) => "Check manually",
        (ItemStatus::NotApplicable, Lang::En) => "N/A",
    }
}

fn texts(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    let pairs: &[(&str, &str, &str)] = &[
        (
            "title",
            "医療機関におけるサイバーセキュリティ対策チェックリスト（医療機関確認用）",
            "Cybersecurity checklist for medical institutions (institution form)",
        ),
        ("site", "医療機関", "Institution"),
        ("edition", "版", "Edition"),
        ("generated", "作成日時", "Generated"),
        ("number", "No.", "No."),
        ("item", "チェック項目", "Item"),
        ("server", "サーバ", "Servers"),
        ("terminal", "端末PC", "Client PCs"),
        ("network", "ネットワーク機器", "Network devices"),
        ("answer", "はい／いいえ", "Yes / No"),
        ("check_date", "確認日", "Checked on"),
        ("target_date", "目標日（いいえの場合）", "Target date (if No)"),
        (
            "legend",
            "「確認不可」は設定から判定できなかった項目（適合とはみなしません）、「要手動確認」は文書等で確認する項目です。目標日は「いいえ」の項目について記入してください。",
            "\"Could not verify\": the configuration could not show it (never counted as compliant). \"Check manually\": answered by documents. Fill in a target date for every \"No\".",
        ),
        ("trend", "不適合件数の推移（直近の実行）", "Failing results over recent runs"),
        ("trend_note", "各実行の不適合（fail）結果の合計数。", "Total failing results of each run."),
        ("details", "項目別の根拠と対応", "Evidence and what to fix, per item"),
        ("device", "機器", "Device"),
        ("status", "判定", "Result"),
        ("finding", "内容", "Finding"),
        ("where", "根拠（設定の行）", "Evidence (configuration line)"),
        ("how_to_fix", "対応方法", "How to fix"),
    ];
    pairs.iter().map(|(k, ja, en)| (*k, if lang == Lang::Ja { *ja } else { *en })).collect()
}

#[derive(Serialize)]
struct ClassCell {
    status: ItemStatus,
    label: &'static str,
}

#[derive(Serialize)]
struct ResultRow {
    rule: String,
    status: Status,
    label: &'static str,
    message: String,
    evidence: Vec<String>,
}

#[derive(Serialize)]
struct DeviceRows {
    device: String,
    results: Vec<ResultRow>,
}

#[derive(Serialize)]
struct Fix {
    rule: String,
    title: String,
    help: String,
}

#[derive(Serialize)]
struct ItemRow {
    number: &'static str,
    title: &'static str,
    status: ItemStatus,
    answer: &'static str,
    classes: Vec<ClassCell>,
    devices: Vec<DeviceRows>,
    fixes: Vec<Fix>,
}

#[derive(Serialize)]
struct Bar {
    x: u32,
    y: u32,
    h: u32,
    value: usize,
    label: String,
}

/// Renders `checklist.html`. `trend` holds earlier runs (oldest first); this run's
/// failures are appended to it.
pub fn html(checklist: &Checklist, packs: &[&Pack], lang: Lang, trend: &[RunStatus]) -> Result<String, minijinja::Error> {
    let rules: BTreeMap<&str, &crate::pack::Rule> =
        packs.iter().flat_map(|p| p.manifest.rules.iter().map(|r| (r.id.as_str(), r))).collect();
    let items: Vec<ItemRow> = checklist
        .items
        .iter()
        .map(|item| {
            let classes = [DeviceClass::Server, DeviceClass::Terminal, DeviceClass::Network]
                .into_iter()
                .map(|class| {
                    let status = item.devices.iter().filter(|d| d.class == class).map(|d| d.status).min();
                    match status {
                        Some(s) => ClassCell { status: s, label: answer(s, lang) },
                        None => ClassCell { status: ItemStatus::NotApplicable, label: "—" },
                    }
                })
                .collect();
            // Evidence for what is not fine: failing and unverifiable results.
            let devices: Vec<DeviceRows> = item
                .devices
                .iter()
                .map(|d| DeviceRows {
                    device: d.device.clone(),
                    results: d
                        .results
                        .iter()
                        .filter(|r| matches!(r.status, Status::Fail | Status::Unknown))
                        .map(|r| ResultRow {
                            rule: r.rule.clone(),
                            status: r.status,
                            label: ItemStatus::from(r.status).label(lang),
                            message: r.message.clone(),
                            evidence: r.evidence.iter().map(|e| format!("{}/{}:{}", d.device, e.artifact, e.lines[0])).collect(),
                        })
                        .collect(),
                })
                .filter(|d| !d.results.is_empty())
                .collect();
            let mut failing_rules: Vec<&str> = devices
                .iter()
                .flat_map(|d| d.results.iter().filter(|r| r.status == Status::Fail).map(|r| r.rule.as_str()))
                .collect();
            failing_rules.sort();
            failing_rules.dedup();
            let fixes = failing_rules
                .iter()
                .filter_map(|id| rules.get(id))
                .map(|r| Fix {
                    rule: r.id.clone(),
                    title: r.title.get(lang).to_string(),
                    // Plain text on paper: drop Markdown emphasis and code marks.
                    help: r.help.get(lang).trim().replace("**", "").replace('`', ""),
                })
                .collect();
            ItemRow {
                number: item.number.unwrap_or("R7"),
                title: if lang == Lang::Ja { item.title.ja } else { item.title.en },
                status: item.status,
                answer: answer(item.status, lang),
                classes,
                devices,
                fixes,
            }
        })
        .collect();

    let this_run = RunStatus::of("", checklist);
    let mut series: Vec<(String, usize)> = trend.iter().map(|r| (short_label(&r.run), r.failing_total)).collect();
    series.push((short_label(&checklist.generated.replace(['-', ':'], "")), this_run.failing_total));
    let max = series.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let bars: Vec<Bar> = series
        .iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let h = (*value as u32 * 70) / max as u32;
            Bar { x: 10 + i as u32 * 34, y: 92 - h, h, value: *value, label: label.clone() }
        })
        .collect();

    let mut env = Environment::new();
    env.add_template("checklist.html", TEMPLATE)?;
    env.get_template("checklist.html")?.render(context! {
        lang => if lang == Lang::Ja { "ja" } else { "en" },
        t => Value::from(Serde(texts(lang))),
        site => checklist.site.as_str(),
        edition => checklist.edition.as_str(),
        generated => checklist.generated.as_str(),
        check_date => checklist.generated.get(..10).unwrap_or(""),
        version => env!("CARGO_PKG_VERSION"),
        items => Value::from(Serde(&items)),
        trend => Value::from(Serde(if bars.len() > 1 { bars } else { Vec::new() })),
        trend_width => 20 + series.len() * 34,
    })
}

/// `20261127T021144Z` or `2026-11-27T02:11:44Z` → `11/27`.
fn short_label(run: &str) -> String {
    let digits: String = run.chars().filter(char::is_ascii_digit).collect();
    match (digits.get(4..6), digits.get(6..8)) {
        (Some(m), Some(d)) => format!("{m}/{d}"),
        _ => run.chars().take(8).collect(),
    }
}

fn csv_bytes(header: &[&str], rows: Vec<Vec<String>>) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(BOM.as_bytes().to_vec());
    w.write_record(header)?;
    for r in rows {
        w.write_record(&r)?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// `checklist.csv`: one row per item with its status overall and per device class.
pub fn checklist_csv(checklist: &Checklist, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let t = texts(lang);
    let header = [t["number"], "key", t["item"], t["answer"], t["server"], t["terminal"], t["network"], "failing devices"];
    let rows = checklist
        .items
        .iter()
        .map(|item| {
            let class = |c: DeviceClass| {
                item.devices.iter().filter(|d| d.class == c).map(|d| d.status).min().map_or("—", |s| answer(s, lang)).to_string()
            };
            let failing: Vec<&str> =
                item.devices.iter().filter(|d| d.status == ItemStatus::Fail).map(|d| d.device.as_str()).collect();
            vec![
                item.number.unwrap_or("R7").to_string(),
                item.key.to_string(),
                (if lang == Lang::Ja { item.title.ja } else { item.title.en }).to_string(),
                answer(item.status, lang).to_string(),
                class(DeviceClass::Server),
                class(DeviceClass::Terminal),
                class(DeviceClass::Network),
                failing.join(" "),
            ]
        })
        .collect();
    csv_bytes(&header, rows)
}

/// `ledger.csv` (台帳): every device of the inventory with what the scan learnt.
pub fn ledger_csv(site: &Site, scan: &ScanResult) -> Result<Vec<u8>, csv::Error> {
    let header = [
        "name",
        "kind",
        "platform",
        "address",
        "model",
        "firmware",
        "location",
        "owner",
        "vendor",
        "remote_maintenance",
        "scanned",
    ];
    let rows = site
        .inventory
        .devices
        .iter()
        .map(|d| {
            let outcome = scan.devices.iter().find(|o| o.name == d.name);
            vec![
                d.name.clone(),
                d.kind.as_str().to_string(),
                outcome.map_or_else(|| d.platform.clone(), |o| o.platform.clone()),
                d.address.clone().unwrap_or_default(),
                outcome.and_then(|o| o.model.clone()).unwrap_or_default(),
                outcome.and_then(|o| o.firmware.clone()).unwrap_or_default(),
                d.location.clone().unwrap_or_default(),
                d.owner.clone().unwrap_or_default(),
                d.vendor.clone().unwrap_or_default(),
                d.remote_maintenance.map(|b| if b { "yes" } else { "no" }).unwrap_or("").to_string(),
                match outcome.map(|o| o.state) {
                    Some(crate::findings::DeviceState::Parsed) => "yes",
                    Some(crate::findings::DeviceState::Missing) => "snapshot unreadable",
                    None => "not in this scan",
                }
                .to_string(),
            ]
        })
        .collect();
    csv_bytes(&header, rows)
}
