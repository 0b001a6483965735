//! The checklist as people read it: `checklist.html` (a printable A4 form laid out
//! like the official 医療機関確認用 form, followed by the evidence per item, what to
//! fix, and the trend of failures over recent runs), `checklist.csv`, and
//! `ledger.csv` (台帳). CSV files are UTF-8 with a byte-order mark so that Excel in
//! Japan opens them as they are.

use std::collections::BTreeMap;

use kenshin_connectors::{Site, Snapshot};
use kenshin_facts::DeviceClass;
use kenshin_policy::Status;
use minijinja::value::Serde;
use minijinja::{Environment, Value, context};
use serde::Serialize;

use crate::checklist::{self, Checklist, DeviceItem, Edition, ItemReport, ItemStatus, Scope};
use crate::history::RunStatus;
use crate::pack::{Lang, Pack};
use crate::scan::ScanResult;

const TEMPLATE: &str = include_str!("../templates/checklist.html");
/// Excel needs it to read UTF-8 CSV.
const BOM: &str = "\u{feff}";
/// The three device columns of the form, in its order.
const CLASSES: [DeviceClass; 3] = [DeviceClass::Server, DeviceClass::Terminal, DeviceClass::Network];

/// The form's answer for an item status (CSV and the evidence section). Only `pass`
/// is はい: an unknown is never an answer.
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

/// The answer of an item, saying so when a waiver made it はい: an accepted risk must
/// never read as a plain はい.
fn item_answer(item: &ItemReport, lang: Lang) -> String {
    let plain = answer(item.status, lang);
    if item.waived() && item.status == ItemStatus::Pass { format!("{plain}{}", waived_mark(lang)) } else { plain.to_string() }
}

fn waived_mark(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "（例外承認）",
        Lang::En => " (waived)",
    }
}

/// Whether the form carries a check date for an item: kenshin checked it and has an
/// answer. Unknown and manual items are answered by a person, on the day they check.
fn dated(status: ItemStatus) -> bool {
    matches!(status, ItemStatus::Pass | ItemStatus::Fail | ItemStatus::NotApplicable)
}

/// Whether the form leaves a target-date box: a いいえ, or an item still to be answered
/// (which may turn out いいえ).
fn needs_target(status: ItemStatus) -> bool {
    matches!(status, ItemStatus::Fail | ItemStatus::Unknown | ItemStatus::Manual)
}

/// A device column's cell: short, the columns are narrow. `none`: the site has no
/// device of the column's class (the column is asked, but there is nothing to check).
fn class_label(status: ItemStatus, none: bool, lang: Lang) -> &'static str {
    match (status, none, lang) {
        (_, true, Lang::Ja) => "機器なし",
        (_, true, Lang::En) => "no device",
        (ItemStatus::Manual, _, Lang::Ja) => "要確認",
        (s, _, lang) => s.label(lang),
    }
}

fn class_name(class: DeviceClass, lang: Lang) -> &'static str {
    match (class, lang) {
        (DeviceClass::Server, Lang::Ja) => "サーバ",
        (DeviceClass::Terminal, Lang::Ja) => "端末PC",
        (DeviceClass::Network, Lang::Ja) => "ネットワーク機器",
        (DeviceClass::Server, Lang::En) => "Servers",
        (DeviceClass::Terminal, Lang::En) => "Client PCs",
        (DeviceClass::Network, Lang::En) => "Network devices",
    }
}

/// The date of the scan in Japan (the form's 確認日). Japan has one fixed offset and no
/// daylight saving time, so no time-zone database is needed.
fn check_date(generated: &str, lang: Lang) -> String {
    let Ok(ts) = generated.parse::<jiff::Timestamp>() else {
        return generated.get(..10).unwrap_or("").to_string();
    };
    let date = ts.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9))).date();
    match lang {
        Lang::Ja => format!("{}/{:02}/{:02}", date.year(), date.month(), date.day()),
        Lang::En => date.to_string(),
    }
}

fn texts(lang: Lang, edition: Edition) -> BTreeMap<&'static str, &'static str> {
    let r7 = edition == Edition::R7;
    let pairs: &[(&str, &str, &str)] = &[
        (
            "title",
            "医療機関におけるサイバーセキュリティ対策チェックリスト（医療機関確認用）",
            "Cybersecurity checklist for medical institutions (institution form)",
        ),
        (
            "edition_name",
            if r7 { "令和7年度版" } else { "令和6年度版" },
            if r7 { "FY2025 edition (R7)" } else { "FY2024 edition (R6)" },
        ),
        ("site", "医療機関名", "Institution"),
        ("checked_by", "確認者", "Checked by"),
        ("generated", "作成", "Generated"),
        (
            "gate",
            "医療情報システムを導入、運用している",
            "The institution has introduced and operates medical information systems",
        ),
        (
            "gate_note",
            "「いいえ」の場合、以下の項目の確認は不要です（手書きで記入してください）。",
            "If No, the items below need not be checked (fill in by hand).",
        ),
        ("number", "No.", "No."),
        ("item", "チェック項目", "Item"),
        ("target", "対象", "Applies to"),
        ("server", "サーバ", "Servers"),
        ("terminal", "端末PC", "Client PCs"),
        ("network", "ネットワーク機器", "Network devices"),
        ("site_wide", "医療機関全体", "Whole institution"),
        ("answer", "はい・いいえ", "Yes / No"),
        ("yes", "はい", "Yes"),
        ("no", "いいえ", "No"),
        ("check_date", "確認日", "Checked on"),
        (
            "target_date",
            if r7 { "令和7年度中の目標日（いいえの場合）" } else { "目標日（いいえの場合）" },
            if r7 { "Target date in FY2025 (if No)" } else { "Target date (if No)" },
        ),
        ("provisional", "暫定", "provisional"),
        (
            "legend",
            "○ が kenshin の判定です。「確認不可」は設定から判定できなかった項目（はいとはみなしません）、「要手動確認」は文書等で確認する項目です。どちらも確認のうえ「はい・いいえ」と確認日を記入してください。目標日は「いいえ」の項目について記入してください。灰色の欄は、その機器種別が項目の対象外であることを示します。",
            "The circled answer is kenshin's. \"Could not verify\": the configuration could not show it (never counted as Yes). \"Check manually\": answered by documents. For both, check, then circle Yes or No and write the date. Fill in a target date for every No. Grey cells: the item does not apply to that kind of device.",
        ),
        (
            "provisional_note",
            "番号に「暫定」とある項目は、令和7年度版の確定した様式で番号を確認できていません（マニュアル案による）。",
            "Numbers marked provisional come from the draft R7 manual and are not confirmed against the final form.",
        ),
        ("trend", "不適合件数の推移（直近の実行）", "Failing results over recent runs"),
        ("trend_note", "各実行の不適合（fail）結果の合計数。", "Total failing results of each run."),
        ("details", "項目別の根拠と対応", "Evidence and what to fix, per item"),
        ("devices", "対象機器", "Devices"),
        ("no_devices", "この項目の対象となる機器は台帳にありません。", "The inventory has no device this item applies to."),
        (
            "manual_note",
            "機器の設定からは判定できない項目です。文書・記録で確認し、上の表に記入してください。",
            "Configuration cannot show this item: check it against documents and records and fill in the table above.",
        ),
        (
            "reference",
            "参考（この項目の対象外の機器種別での結果。判定には含みません）",
            "For reference (devices of kinds the item does not apply to; not counted)",
        ),
        ("device", "機器", "Device"),
        ("kind", "種別", "Kind"),
        ("status", "判定", "Result"),
        ("finding", "内容", "Finding"),
        ("where", "根拠（設定ファイル:行）", "Evidence (artifact:line)"),
        ("how_to_fix", "対応方法", "How to fix"),
        ("override", "判定の変更", "Changed by"),
        ("notice", "注意", "Notice"),
        ("waived", "例外承認", "Waived"),
        (
            "waived_note",
            "例外承認: waivers.toml で承認された不適合を、承認の理由・承認者・期限とともに「はい」に数えています。",
            "Waived: failures accepted in waivers.toml count as Yes, with the reason, approver and expiry shown.",
        ),
        ("site_notices", "サイトの設定ファイルについての注意", "Notices about the site's files"),
    ];
    pairs.iter().map(|(k, ja, en)| (*k, if lang == Lang::Ja { *ja } else { *en })).collect()
}

/// Configuration lines quoted as evidence: `(device, artifact, line)` → text, masked
/// like every artifact kenshin reads.
#[derive(Debug, Default)]
pub struct Quotes(BTreeMap<(String, String, u32), String>);

/// Lines quoted per evidence range, and characters per line: enough to recognise the
/// line on paper; the artifact and line number say where the rest is.
const QUOTE_LINES: u32 = 3;
const QUOTE_CHARS: usize = 160;

impl Quotes {
    /// Reads the lines that failing results of `checklist` point at from the site's
    /// snapshots, one device at a time. A snapshot that cannot be read now simply
    /// yields no quote: the artifact and line number are still printed.
    pub fn read(site: &Site, checklist: &Checklist) -> Quotes {
        let mut wanted: BTreeMap<&str, Vec<(&str, u32, u32)>> = BTreeMap::new();
        for item in &checklist.items {
            for d in item.devices.iter().chain(&item.reference) {
                for r in d.results.iter().filter(|r| r.status == Status::Fail) {
                    for e in &r.evidence {
                        wanted.entry(d.device.as_str()).or_default().push((e.artifact.as_str(), e.lines[0], e.lines[1]));
                    }
                }
            }
        }
        let mut quotes = BTreeMap::new();
        for (device, ranges) in wanted {
            let Ok(snapshot) = Snapshot::load(device, &site.snapshot_dir(device)) else { continue };
            for (artifact, first, last) in ranges {
                let Some(text) = snapshot.artifact(artifact) else { continue };
                let last = last.min(first.saturating_add(QUOTE_LINES - 1));
                let lines: Vec<String> = text
                    .lines()
                    .skip(first.saturating_sub(1) as usize)
                    .take((last - first + 1) as usize)
                    .map(|l| {
                        let l = l.trim_end();
                        if l.chars().count() > QUOTE_CHARS {
                            format!("{}…", l.chars().take(QUOTE_CHARS).collect::<String>())
                        } else {
                            l.to_string()
                        }
                    })
                    .collect();
                if !lines.is_empty() {
                    quotes.insert((device.to_string(), artifact.to_string(), first), lines.join("\n"));
                }
            }
        }
        Quotes(quotes)
    }

    fn get(&self, device: &str, artifact: &str, line: u32) -> Option<&str> {
        self.0.get(&(device.to_string(), artifact.to_string(), line)).map(String::as_str)
    }
}

#[derive(Serialize)]
struct ClassCell {
    /// The item asks for this column.
    applies: bool,
    status: ItemStatus,
    label: &'static str,
}

/// The はい・いいえ cell: at most one circled, and only a pass circles はい.
#[derive(Serialize)]
struct Answer {
    yes: bool,
    no: bool,
    /// Why neither is circled (確認不可, 要手動確認, 対象外), or that a waiver made it はい.
    note: Option<&'static str>,
}

#[derive(Serialize)]
struct EvidenceRow {
    /// `artifact:line` (or `artifact:first-last`).
    place: String,
    quote: Option<String>,
}

#[derive(Serialize)]
struct ResultRow {
    device: String,
    kind: &'static str,
    rule: String,
    status: Status,
    label: &'static str,
    message: String,
    evidence: Vec<EvidenceRow>,
    /// The waiver accepting the result (reason, approver, expiry).
    waiver: Option<String>,
}

#[derive(Serialize)]
struct DeviceChip {
    device: String,
    status: ItemStatus,
    label: String,
}

#[derive(Serialize)]
struct Fix {
    rule: String,
    title: String,
    help: String,
}

#[derive(Serialize)]
struct ItemRow {
    key: &'static str,
    number: &'static str,
    provisional: bool,
    title: &'static str,
    status: ItemStatus,
    label: String,
    answer: Answer,
    site_wide: bool,
    classes: Vec<ClassCell>,
    dated: bool,
    needs_target: bool,
    chips: Vec<DeviceChip>,
    /// Failing and unverifiable results of the devices that count.
    results: Vec<ResultRow>,
    /// Failing results on devices of other classes.
    reference: Vec<ResultRow>,
    fixes: Vec<Fix>,
    overrides: Vec<String>,
    notices: Vec<String>,
}

#[derive(Serialize)]
struct Section {
    title: &'static str,
    items: Vec<ItemRow>,
}

#[derive(Serialize)]
struct Bar {
    x: u32,
    y: u32,
    h: u32,
    value: usize,
    label: String,
}

fn result_rows(devices: &[DeviceItem], wanted: &[Status], lang: Lang, quotes: &Quotes) -> Vec<ResultRow> {
    devices
        .iter()
        .flat_map(|d| {
            d.results.iter().filter(|r| wanted.contains(&r.status)).map(move |r| ResultRow {
                device: d.device.clone(),
                kind: class_name(d.class, lang),
                rule: r.rule.clone(),
                status: r.status,
                label: ItemStatus::from(r.status).label(lang),
                message: r.message.clone(),
                waiver: r.waiver.clone(),
                evidence: r
                    .evidence
                    .iter()
                    .map(|e| EvidenceRow {
                        place: if e.lines[0] == e.lines[1] {
                            format!("{}/{}:{}", d.device, e.artifact, e.lines[0])
                        } else {
                            format!("{}/{}:{}-{}", d.device, e.artifact, e.lines[0], e.lines[1])
                        },
                        quote: quotes.get(&d.device, &e.artifact, e.lines[0]).map(str::to_string),
                    })
                    .collect(),
            })
        })
        .collect()
}

fn item_row(item: &ItemReport, rules: &BTreeMap<&str, &crate::pack::Rule>, lang: Lang, quotes: &Quotes) -> ItemRow {
    let classes = CLASSES
        .into_iter()
        .map(|class| match item.by_class.get(&class) {
            Some(s) => {
                let none = !item.devices.iter().any(|d| d.class == class);
                ClassCell { applies: true, status: *s, label: class_label(*s, none, lang) }
            }
            None => ClassCell { applies: false, status: ItemStatus::NotApplicable, label: "" },
        })
        .collect();
    let cell = Answer {
        yes: item.status == ItemStatus::Pass,
        no: item.status == ItemStatus::Fail,
        note: if item.status == ItemStatus::Pass && item.waived() {
            Some(match lang {
                Lang::Ja => "例外承認あり",
                Lang::En => "waived",
            })
        } else {
            (!matches!(item.status, ItemStatus::Pass | ItemStatus::Fail)).then(|| item.status.label(lang))
        },
    };
    let results = result_rows(&item.devices, &[Status::Fail, Status::Unknown], lang, quotes);
    let reference = result_rows(&item.reference, &[Status::Fail], lang, quotes);
    let mut failing_rules: Vec<&str> =
        results.iter().filter(|r| r.status == Status::Fail && r.waiver.is_none()).map(|r| r.rule.as_str()).collect();
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
        key: item.key,
        number: item.number,
        provisional: item.provisional,
        title: if lang == Lang::Ja { item.title.ja } else { item.title.en },
        status: item.status,
        label: item_answer(item, lang),
        answer: cell,
        site_wide: item.scope == Scope::Site,
        classes,
        dated: dated(item.status),
        needs_target: needs_target(item.status),
        chips: item
            .devices
            .iter()
            .map(|d| {
                let waived = d.results.iter().any(|r| r.waiver.is_some());
                let label = if waived {
                    format!("{}{}", d.status.label(lang), waived_mark(lang))
                } else {
                    d.status.label(lang).to_string()
                };
                DeviceChip { device: d.device.clone(), status: d.status, label }
            })
            .collect(),
        results,
        reference,
        fixes,
        overrides: item
            .overrides
            .iter()
            .map(|o| {
                let source = match (o.source, lang) {
                    (checklist::OverrideSource::Attestation, Lang::Ja) => "確認記録",
                    (checklist::OverrideSource::Waiver, Lang::Ja) => "例外承認",
                    (checklist::OverrideSource::Attestation, Lang::En) => "attestation",
                    (checklist::OverrideSource::Waiver, Lang::En) => "waiver",
                };
                let device = o.device.as_deref().map(|d| format!(" {d}")).unwrap_or_default();
                format!("{source}{device}: {} — {}", o.status.label(lang), o.note)
            })
            .collect(),
        notices: item.notices.clone(),
    }
}

/// Renders `checklist.html`. `trend` holds earlier runs (oldest first); this run's
/// failures are appended to it. `quotes` are the configuration lines of the evidence.
pub fn html(
    checklist: &Checklist,
    packs: &[&Pack],
    lang: Lang,
    trend: &[RunStatus],
    quotes: &Quotes,
) -> Result<String, minijinja::Error> {
    let edition = checklist::edition(&checklist.edition);
    let rules: BTreeMap<&str, &crate::pack::Rule> =
        packs.iter().flat_map(|p| p.manifest.rules.iter().map(|r| (r.id.as_str(), r))).collect();
    let mut sections: Vec<Section> = Vec::new();
    for item in &checklist.items {
        let row = item_row(item, &rules, lang, quotes);
        match sections.last_mut() {
            Some(s) if s.title == checklist::section_title(item.section, lang) => s.items.push(row),
            _ => sections.push(Section { title: checklist::section_title(item.section, lang), items: vec![row] }),
        }
    }

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
        t => Value::from(Serde(texts(lang, edition))),
        site => checklist.site.as_str(),
        edition => checklist.edition.as_str(),
        generated => checklist.generated.as_str(),
        check_date => check_date(&checklist.generated, lang),
        version => env!("CARGO_PKG_VERSION"),
        sections => Value::from(Serde(&sections)),
        any_provisional => checklist.items.iter().any(|i| i.provisional),
        any_waived => checklist.items.iter().any(|i| i.waived()),
        site_notices => Value::from(Serde(&checklist.notices)),
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

/// `checklist.csv`: one row per item of the edition, with the answer overall and per
/// device column (— where the item does not ask for that column), the check date, an
/// empty target date, and the devices behind a いいえ or a 確認不可.
pub fn checklist_csv(checklist: &Checklist, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let edition = checklist::edition(&checklist.edition);
    let t = texts(lang, edition);
    let (failing, unknown, provisional) = match lang {
        Lang::Ja => ("いいえの機器", "確認不可の機器", "番号暫定"),
        Lang::En => ("failing devices", "devices not verified", "provisional number"),
    };
    let header = [
        t["number"],
        "key",
        t["item"],
        t["answer"],
        t["server"],
        t["terminal"],
        t["network"],
        t["check_date"],
        t["target_date"],
        failing,
        unknown,
        provisional,
    ];
    let date = check_date(&checklist.generated, lang);
    let rows = checklist
        .items
        .iter()
        .map(|item| {
            let class = |c: DeviceClass| item.by_class.get(&c).map_or("—", |s| answer(*s, lang)).to_string();
            let devices = |st: ItemStatus| {
                item.devices.iter().filter(|d| d.status == st).map(|d| d.device.as_str()).collect::<Vec<_>>().join(" ")
            };
            vec![
                item.number.to_string(),
                item.key.to_string(),
                (if lang == Lang::Ja { item.title.ja } else { item.title.en }).to_string(),
                item_answer(item, lang),
                class(DeviceClass::Server),
                class(DeviceClass::Terminal),
                class(DeviceClass::Network),
                if dated(item.status) { date.clone() } else { String::new() },
                String::new(),
                devices(ItemStatus::Fail),
                devices(ItemStatus::Unknown),
                if item.provisional { "yes".to_string() } else { String::new() },
            ]
        })
        .collect();
    csv_bytes(&header, rows)
}

/// `ledger.csv` (台帳): every device of the inventory with what the scan learnt.
/// The header is in `lang`; `kenshin ledger import` reads it back in either language.
pub fn ledger_csv(site: &Site, scan: &ScanResult, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let ja = lang == Lang::Ja;
    let header: &[&str] = if ja {
        &[
            "機器名",
            "種別",
            "プラットフォーム",
            "IPアドレス",
            "機種",
            "ファームウェア",
            "設置場所",
            "管理者",
            "保守事業者",
            "リモート保守",
            "読込状況",
        ]
    } else {
        &[
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
        ]
    };
    let rows = site
        .inventory
        .devices
        .iter()
        .map(|d| {
            let outcome = scan.devices.iter().find(|o| o.name == d.name);
            let remote = match (d.remote_maintenance, ja) {
                (Some(true), true) => "あり",
                (Some(false), true) => "なし",
                (Some(true), false) => "yes",
                (Some(false), false) => "no",
                (None, _) => "",
            };
            let scanned = match (outcome.map(|o| o.state), ja) {
                (Some(crate::findings::DeviceState::Parsed), true) => "読込済",
                (Some(crate::findings::DeviceState::Missing), true) => "スナップショット読込不可",
                (None, true) => "今回の対象外",
                (Some(crate::findings::DeviceState::Parsed), false) => "yes",
                (Some(crate::findings::DeviceState::Missing), false) => "snapshot unreadable",
                (None, false) => "not in this scan",
            };
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
                remote.to_string(),
                scanned.to_string(),
            ]
        })
        .collect();
    csv_bytes(header, rows)
}
