//! Judges `attestations.toml` against the inventory and the scan date, and enters the
//! verdicts into the checklist through [`Checklist::apply`].
//!
//! An attestation turns a manual item into a pass when it is recent (checked within a
//! year of the scan: the checklist is reviewed at least once a year), its evidence
//! document is in the site folder, and it is complete: every vendor with remotely
//! maintained devices has confirmed (2-(2)) and submitted its MDS/SDS (2-(3)); the
//! contact chart reaches every contact checklist.md §1 lists (3-(1)). Older than a year,
//! or a vendor or contact missing: いいえ (fail), naming what is missing. A date after
//! the scan or a document not found: the item stays manual. An item nobody attested
//! stays manual, with a notice saying what to write. Every verdict says what to do.

use std::path::Path;

use kenshin_connectors::Site;
use kenshin_connectors::site::{Attestation, AttestationDetails, Attestations, CONTACTS, Date, VendorDevices};

use crate::checklist::{Checklist, ItemStatus, Override, OverrideSource};
use crate::pack::Lang;

/// What kenshin concluded about one checklist key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub key: &'static str,
    /// `None`: nobody attested the item; it stays manual (see `note` for what to do).
    pub status: Option<ItemStatus>,
    pub note: String,
}

fn t(lang: Lang, ja: impl Into<String>, en: impl Into<String>) -> String {
    match lang {
        Lang::Ja => ja.into(),
        Lang::En => en.into(),
    }
}

fn civil(d: Date) -> Option<jiff::civil::Date> {
    jiff::civil::Date::new(d.year, d.month, d.day).ok()
}

/// The last day an attestation made on `when` holds: one year later.
pub fn valid_until(when: Date) -> Option<jiff::civil::Date> {
    civil(when)?.checked_add(jiff::Span::new().years(1)).ok()
}

/// One attestation on its own: date, age and document.
fn judge_one(a: &Attestation, site_root: &Path, today: jiff::civil::Date, lang: Lang) -> (ItemStatus, String) {
    let doc = site_root.join(&a.evidence);
    let doc_state = if doc.is_file() { t(lang, "あり", "present") } else { t(lang, "見つかりません", "not found") };
    let who = t(
        lang,
        format!("{}（{}確認、根拠 {}: {}、attestations.toml:{}）", a.who, a.when, a.evidence.display(), doc_state, a.line),
        format!("{} (checked {}, evidence {}: {}, attestations.toml:{})", a.who, a.when, a.evidence.display(), doc_state, a.line),
    );
    let Some(when) = civil(a.when) else {
        return (ItemStatus::Manual, who);
    };
    if when > today {
        let why = t(
            lang,
            format!("確認日 {} がスキャン日 {today} より後です。確認した日を when に記入してください。", a.when),
            format!("the date {} is after the scan date {today}; write the day it was checked in `when`.", a.when),
        );
        return (ItemStatus::Manual, format!("{who} — {why}"));
    }
    if let Some(until) = valid_until(a.when)
        && today > until
    {
        let why = t(
            lang,
            format!("確認から1年以上経過しています（{until} まで有効）。改めて確認し、when と根拠文書を更新してください。"),
            format!("checked more than a year ago (valid until {until}); check it again and update `when` and the document."),
        );
        return (ItemStatus::Fail, format!("{who} — {why}"));
    }
    if !doc.is_file() {
        let why = t(
            lang,
            format!(
                "根拠文書 {} がサイトフォルダにありません。文書を置くか evidence のパスを直してください。",
                a.evidence.display()
            ),
            format!(
                "the evidence {} is not in the site folder; put the document there or correct `evidence`.",
                a.evidence.display()
            ),
        );
        return (ItemStatus::Manual, format!("{who} — {why}"));
    }
    (ItemStatus::Pass, who)
}

/// What to do for an item nobody attested.
fn todo(key: &str, vendors: &[String], lang: Lang) -> String {
    let list = vendors.join("、");
    match key {
        "remote_maintenance" | "mds_sds" if !vendors.is_empty() => t(
            lang,
            format!(
                "attestations.toml に記入がありません。リモート保守の機器がある事業者（{list}）ごとに [[{key}]] を記入してください（kenshin attest init で雛形を作成できます）。"
            ),
            format!(
                "not attested in attestations.toml: write a [[{key}]] entry for each vendor with remotely maintained devices ({list}); `kenshin attest init` writes a template."
            ),
        ),
        _ => t(
            lang,
            format!(
                "attestations.toml に記入がありません。文書で確認し、担当者・確認日・根拠文書を [{key}] に記入してください（kenshin attest init で雛形を作成できます）。"
            ),
            format!(
                "not attested in attestations.toml: check it against the documents and write who, when and the evidence under [{key}]; `kenshin attest init` writes a template."
            ),
        ),
    }
}

/// Judges every attestation key against the site. `today` is the scan date.
pub fn judge(site: &Site, today: jiff::civil::Date, lang: Lang) -> (Vec<Verdict>, Vec<String>) {
    let empty = Attestations::default();
    let attestations = site.attestations.as_ref().unwrap_or(&empty);
    let vendors = site.vendors();
    let required: Vec<String> = vendors.iter().filter(|v| !v.remote.is_empty()).map(|v| v.vendor.clone()).collect();
    let mut verdicts = Vec::new();
    let mut notices = Vec::new();
    for key in kenshin_connectors::site::ATTESTATION_KEYS {
        let verdict = match key {
            "remote_maintenance" | "mds_sds" => {
                per_vendor(key, attestations, &vendors, &required, &site.root, today, lang, &mut notices)
            }
            _ => match attestations.get(key) {
                None => Verdict { key, status: None, note: todo(key, &[], lang) },
                Some(a) => {
                    let (mut status, mut note) = judge_one(a, &site.root, today, lang);
                    let (extra_status, extra) = details(a, lang);
                    if let Some(s) = extra_status {
                        status = status.min(s);
                    }
                    if !extra.is_empty() {
                        note = format!("{note} — {extra}");
                    }
                    Verdict { key, status: Some(status), note }
                }
            },
        };
        verdicts.push(verdict);
    }
    (verdicts, notices)
}

/// Item-specific checks and remarks of a site-wide attestation.
fn details(a: &Attestation, lang: Lang) -> (Option<ItemStatus>, String) {
    match &a.details {
        AttestationDetails::SecurityOfficer { officer } => {
            (None, t(lang, format!("責任者: {officer}"), format!("officer: {officer}")))
        }
        AttestationDetails::ContactChart { contacts } => {
            let missing: Vec<&(&str, &str, &str)> =
                CONTACTS.iter().filter(|(field, _, _)| !contacts.iter().any(|(k, _)| k == field)).collect();
            if missing.is_empty() {
                return (None, t(lang, "連絡先はすべて記載されています", "every contact is on the chart"));
            }
            let ja: Vec<String> = missing.iter().map(|(f, ja, _)| format!("{ja} ({f})")).collect();
            let en: Vec<String> = missing.iter().map(|(f, _, en)| format!("{en} ({f})")).collect();
            (
                Some(ItemStatus::Fail),
                t(
                    lang,
                    format!(
                        "連絡体制図に次の連絡先がありません: {}。連絡先を調べて図に加え、[contact_chart.contacts] に記入してください。",
                        ja.join("、")
                    ),
                    format!(
                        "the chart lacks these contacts: {}; add them to the chart and to [contact_chart.contacts].",
                        en.join("; ")
                    ),
                ),
            )
        }
        AttestationDetails::Backup { generations, offline, restore_tested } => {
            let mut parts = Vec::new();
            if let Some(g) = generations {
                parts.push(t(lang, format!("{g}世代"), format!("{g} generations")));
            }
            match offline {
                Some(true) => parts.push(t(lang, "オフライン保管あり", "offline copy kept")),
                // The 2024-06 BCP guide recommends an offline copy (checklist.md §2); a
                // remark, since the item itself does not demand it.
                Some(false) => parts.push(t(
                    lang,
                    "オフライン保管なし（ランサムウェア対策としてオフラインバックアップを推奨）",
                    "no offline copy (an offline backup is recommended against ransomware)",
                )),
                None => {}
            }
            match restore_tested {
                Some(d) => parts.push(t(lang, format!("復旧テスト {d}"), format!("restore tested {d}"))),
                None => parts.push(t(lang, "復旧テストの記録なし", "no restore test recorded")),
            }
            (None, parts.join(lang_sep(lang)))
        }
        AttestationDetails::Bcp { exercised } => match exercised {
            Some(d) => (None, t(lang, format!("訓練 {d}"), format!("exercised {d}"))),
            None => (None, t(lang, "訓練の記録なし", "no exercise recorded")),
        },
        AttestationDetails::OperatingRules { title: Some(title) } => (None, title.clone()),
        _ => (None, String::new()),
    }
}

fn lang_sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "、",
        Lang::En => ", ",
    }
}

/// A per-vendor item: one attestation per vendor with remotely maintained devices.
#[allow(clippy::too_many_arguments)]
fn per_vendor(
    key: &'static str,
    attestations: &Attestations,
    vendors: &[VendorDevices],
    required: &[String],
    site_root: &Path,
    today: jiff::civil::Date,
    lang: Lang,
    notices: &mut Vec<String>,
) -> Verdict {
    let entries: Vec<&Attestation> = attestations.per_vendor(key).collect();
    if entries.is_empty() {
        return Verdict { key, status: None, note: todo(key, required, lang) };
    }
    let mut status = ItemStatus::Pass;
    let mut notes = Vec::new();
    for vendor in required {
        if !entries.iter().any(|a| a.vendor.as_deref() == Some(vendor.as_str())) {
            status = ItemStatus::Fail;
            let devices = vendors.iter().find(|v| &v.vendor == vendor).map(|v| v.remote.join(", ")).unwrap_or_default();
            notes.push(t(
                lang,
                format!(
                    "{vendor}: 確認の記録がありません（リモート保守の機器: {devices}）。事業者に確認し [[{key}]] vendor = {vendor:?} を記入してください。"
                ),
                format!(
                    "{vendor}: no confirmation (remotely maintained devices: {devices}); ask the vendor and write a [[{key}]] entry with vendor = {vendor:?}."
                ),
            ));
        }
    }
    for a in entries {
        let vendor = a.vendor.clone().unwrap_or_default();
        let (s, mut note) = judge_one(a, site_root, today, lang);
        let mut s = s;
        let known = vendors.iter().find(|v| v.vendor == vendor);
        if known.is_none() {
            notices.push(t(
                lang,
                format!(
                    "attestations.toml:{}: [[{key}]] の事業者 {vendor:?} は inventory.toml のどの機器の vendor にもありません（表記の違いではありませんか）。",
                    a.line
                ),
                format!(
                    "attestations.toml:{}: [[{key}]] vendor {vendor:?} is the vendor of no device in inventory.toml (spelled differently?).",
                    a.line
                ),
            ));
        }
        match &a.details {
            AttestationDetails::RemoteMaintenance { devices: Some(answered) } => {
                // The vendor's answer against the inventory: the point of 2-(2) is to
                // learn of remote access the institution did not know about.
                let listed: Vec<&String> = known.map(|v| v.remote.iter().collect()).unwrap_or_default();
                let unlisted: Vec<&str> = answered.iter().filter(|d| !listed.contains(d)).map(String::as_str).collect();
                let unanswered: Vec<&str> = listed.iter().filter(|d| !answered.contains(d)).map(|d| d.as_str()).collect();
                if !unlisted.is_empty() || !unanswered.is_empty() {
                    s = ItemStatus::Fail;
                    note.push_str(&t(
                        lang,
                        format!(
                            " — 事業者の回答と inventory.toml が一致しません（回答にあり台帳でリモート保守なし: [{}]、台帳でリモート保守ありだが回答になし: [{}]）。事業者に再確認し、inventory.toml の remote_maintenance を直してください。",
                            unlisted.join(", "),
                            unanswered.join(", ")
                        ),
                        format!(
                            " — the vendor's answer and inventory.toml disagree (answered but not remote_maintenance in the inventory: [{}]; remote_maintenance in the inventory but not answered: [{}]); confirm with the vendor and correct remote_maintenance in inventory.toml.",
                            unlisted.join(", "),
                            unanswered.join(", ")
                        ),
                    ));
                }
            }
            AttestationDetails::MdsSds { documents } if !documents.is_empty() => {
                note.push_str(&format!(" — {}", documents.join("/")));
            }
            _ => {}
        }
        status = status.min(s);
        notes.push(format!("{vendor}: {note}"));
    }
    Verdict { key, status: Some(status), note: notes.join(" / ") }
}

/// Enters the verdicts into the checklist: an attested item through
/// [`Checklist::apply`] (never better than what the scan's own rules concluded), an
/// unattested one as a notice. Returns the verdicts.
pub fn apply(checklist: &mut Checklist, site: &Site, today: jiff::civil::Date, lang: Lang) -> Vec<Verdict> {
    let (verdicts, notices) = judge(site, today, lang);
    for v in &verdicts {
        let Some(item) = checklist.item(v.key) else { continue };
        match v.status {
            None => {
                checklist.notice(v.key, v.note.clone());
            }
            Some(attested) => {
                // A rule of a pack may judge the item too: an attestation can answer
                // what no rule could (manual), but never overrule a rule's fail or unknown.
                let status = if item.automatic == ItemStatus::Manual { attested } else { item.automatic.min(attested) };
                checklist
                    .apply(v.key, Override { source: OverrideSource::Attestation, device: None, status, note: v.note.clone() });
            }
        }
    }
    for n in notices {
        if !checklist.notices.contains(&n) {
            checklist.notices.push(n);
        }
    }
    verdicts
}
