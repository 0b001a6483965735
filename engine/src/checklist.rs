//! The checklist view of a scan: per checklist item (keyed by the stable key names of
//! design.md, "Checklist keys"), in the numbering and with the device columns of the
//! chosen edition's form (r6: the R5/R6 医療機関確認用 form; r7: FY2025, with the five
//! added items), the answer per device column (サーバ / 端末PC / ネットワーク機器), per
//! device, and the rule results behind them. Written as `checklist.json`.
//!
//! Status per device and item: `fail` if any result fails; else `unknown` if any
//! result is unknown, a rule of the item produced no result on the device (its module
//! failed), or the device could not be read; else `pass` if any passed; else
//! `not_applicable`. Only devices of the item's classes count; rules' results on other
//! devices are kept as `reference`. Items no loaded rule covers are `manual`: they are
//! answered by documents (attestations), not by configuration. Statuses from outside
//! the scan (attestations, waivers) enter through [`Checklist::apply`], which keeps
//! the scan's own conclusion in `automatic`.

use std::collections::BTreeMap;

use kenshin_facts::DeviceClass;
use serde::Serialize;

pub use kenshin_connectors::site::Edition;

use crate::findings::{DeviceState, Finding, SITE_DEVICE};
use crate::pack::{Lang, Pack};
use crate::scan::ScanResult;
use kenshin_policy::Status;

/// An item of the MHLW checklist (医療機関確認用), in both editions kenshin knows.
///
/// Numbers are written `2-(8)` like the R5/R6 form. R7 (FY2025) numbers come from the
/// draft manual (checklist.md §1 ⚠): those not confirmed against the final PDF are
/// `r7_provisional` and printed as 暫定, so nobody copies them into an official
/// answer sheet as fact.
#[derive(Debug, Clone, Copy)]
pub struct ChecklistItem {
    /// Stable key (design.md), used by rules, waivers and attestations.
    pub key: &'static str,
    /// Number in the R5/R6 form; `None` for items added in R7.
    pub r6: Option<&'static str>,
    /// Number in the R7 form.
    pub r7: &'static str,
    /// The R7 number is taken from the draft manual and not confirmed.
    pub r7_provisional: bool,
    /// Device columns (サーバ / 端末PC / ネットワーク機器) the R6 form asks this item
    /// for; empty: the item is about the institution, not a device.
    pub r6_classes: &'static [DeviceClass],
    /// The same for R7.
    pub r7_classes: &'static [DeviceClass],
    pub ja: &'static str,
    pub en: &'static str,
}

/// Whom an item is asked of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The institution (責任者, 台帳, BCP, ...): answered by documents or site-wide rules.
    Site,
    /// Each device of the item's device classes.
    Devices,
}

impl ChecklistItem {
    /// Whether the item is part of `edition`'s form.
    pub fn in_edition(&self, edition: Edition) -> bool {
        edition == Edition::R7 || self.r6.is_some()
    }

    /// The item's number in `edition` (`None` if the edition does not have the item).
    pub fn number(&self, edition: Edition) -> Option<&'static str> {
        match edition {
            Edition::R6 => self.r6,
            Edition::R7 => Some(self.r7),
        }
    }

    /// Whether the number in `edition` is not confirmed (暫定).
    pub fn provisional(&self, edition: Edition) -> bool {
        edition == Edition::R7 && self.r7_provisional
    }

    /// The device classes the item applies to in `edition`; empty for site-wide items.
    pub fn classes(&self, edition: Edition) -> &'static [DeviceClass] {
        match edition {
            Edition::R6 => self.r6_classes,
            Edition::R7 => self.r7_classes,
        }
    }

    pub fn scope(&self, edition: Edition) -> Scope {
        if self.classes(edition).is_empty() { Scope::Site } else { Scope::Devices }
    }

    /// Whether a device of `class` counts for this item in `edition`.
    pub fn applies_to(&self, edition: Edition, class: DeviceClass) -> bool {
        self.classes(edition).contains(&class)
    }

    /// Form section (1 体制構築, 2 管理・運用, 3 インシデント対応) and position in it.
    fn position(&self, edition: Edition) -> (u32, u32) {
        position(self.number(edition).unwrap_or("9-(99)"))
    }
}

/// `2-(13)` → `(2, 13)`.
fn position(number: &str) -> (u32, u32) {
    let (section, rest) = number.split_once('-').unwrap_or((number, ""));
    let index = rest.trim_matches(|c| c == '(' || c == ')');
    (section.parse().unwrap_or(9), index.parse().unwrap_or(99))
}

/// The items of `edition`'s form, in the form's order.
pub fn items(edition: Edition) -> Vec<&'static ChecklistItem> {
    let mut items: Vec<&ChecklistItem> = ITEMS.iter().filter(|i| i.in_edition(edition)).collect();
    items.sort_by_key(|i| i.position(edition));
    items
}

/// Section titles of the form.
pub fn section_title(section: u32, lang: Lang) -> &'static str {
    match (section, lang) {
        (1, Lang::Ja) => "1 体制構築",
        (2, Lang::Ja) => "2 医療情報システムの管理・運用",
        (3, Lang::Ja) => "3 インシデント発生に備えた対応",
        (1, Lang::En) => "1 Organisation",
        (2, Lang::En) => "2 Managing and operating medical information systems",
        (3, Lang::En) => "3 Preparing for incidents",
        _ => "",
    }
}

use DeviceClass::{Network as NW, Server as SV, Terminal as PC};
/// Items about the institution, not about a device.
const SITE: &[DeviceClass] = &[];
/// "医療情報システム全般" (the whole system): every device column.
const ALL: &[DeviceClass] = &[SV, PC, NW];

/// Every item, in R6 form order (R7 additions last); [`items`] orders them per edition.
///
/// Device columns follow checklist.md §1: the R5/R6 table cell by cell (an item
/// marked R5 or R6 for a column is asked for it in the R6 form, which inspects both);
/// for R7 the same, except where R7 changed them: the patch item became "医療情報
/// システム全般" (all columns), and the added items apply to the whole system
/// (password, reuse: the manual's bad examples are one password for every device of a
/// facility; two-factor) or to servers and PCs (USB storage).
pub const ITEMS: &[ChecklistItem] = &[
    ChecklistItem {
        key: "security_officer",
        r6: Some("1-(1)"),
        r7: "1-(1)",
        r7_provisional: false,
        r6_classes: SITE,
        r7_classes: SITE,
        ja: "医療情報システム安全管理責任者の設置",
        en: "Security officer for medical information systems appointed",
    },
    ChecklistItem {
        key: "asset_ledger",
        r6: Some("2-(1)"),
        r7: "2-(1)",
        r7_provisional: false,
        r6_classes: SITE,
        r7_classes: SITE,
        ja: "サーバ・端末PC・ネットワーク機器の台帳管理",
        en: "Ledger of servers, client PCs and network devices",
    },
    ChecklistItem {
        key: "remote_maintenance",
        r6: Some("2-(2)"),
        r7: "2-(2)",
        r7_provisional: false,
        r6_classes: SITE,
        r7_classes: SITE,
        ja: "リモートメンテナンス（保守）を利用している機器の有無を事業者等に確認",
        en: "Devices under remote maintenance confirmed with vendors",
    },
    ChecklistItem {
        key: "mds_sds",
        r6: Some("2-(3)"),
        r7: "2-(3)",
        r7_provisional: false,
        r6_classes: SITE,
        r7_classes: SITE,
        ja: "事業者から製造業者/サービス事業者による医療情報セキュリティ開示書（MDS/SDS）の提出",
        en: "MDS/SDS obtained from vendors",
    },
    ChecklistItem {
        key: "access_rights",
        r6: Some("2-(4)"),
        r7: "2-(4)",
        r7_provisional: false,
        r6_classes: &[SV, PC],
        r7_classes: &[SV, PC],
        ja: "利用者の職種・担当業務別の情報区分毎のアクセス利用権限の設定",
        en: "Access rights by job role and duty",
    },
    ChecklistItem {
        key: "unused_accounts",
        r6: Some("2-(5)"),
        r7: "2-(5)",
        r7_provisional: false,
        r6_classes: &[SV, PC],
        r7_classes: &[SV, PC],
        ja: "退職者や使用していないアカウント等、不要なアカウントの削除",
        en: "Unused and leavers' accounts removed",
    },
    ChecklistItem {
        key: "access_log",
        r6: Some("2-(6)"),
        r7: "2-(11)",
        r7_provisional: true,
        r6_classes: &[SV],
        r7_classes: &[SV],
        ja: "アクセスログの管理",
        en: "Access logs managed",
    },
    ChecklistItem {
        key: "security_patches",
        r6: Some("2-(7)"),
        r7: "2-(6)",
        r7_provisional: true,
        r6_classes: ALL,
        r7_classes: ALL,
        ja: "セキュリティパッチ（最新ファームウェアや更新プログラム）の適用",
        en: "Security patches (latest firmware and updates) applied",
    },
    ChecklistItem {
        key: "source_restriction",
        r6: Some("2-(8)"),
        r7: "2-(13)",
        r7_provisional: true,
        r6_classes: &[NW],
        r7_classes: &[NW],
        ja: "接続元制限の実施",
        en: "Connection sources restricted",
    },
    ChecklistItem {
        key: "unneeded_services",
        r6: Some("2-(9)"),
        r7: "2-(12)",
        r7_provisional: true,
        r6_classes: &[SV, PC],
        r7_classes: &[SV, PC],
        ja: "バックグラウンドで動作している不要なソフトウェア及びサービスの停止",
        en: "Unneeded background software and services stopped",
    },
    ChecklistItem {
        key: "contact_chart",
        r6: Some("3-(1)"),
        r7: "3-(1)",
        r7_provisional: false,
        r6_classes: SITE,
        r7_classes: SITE,
        ja: "インシデント発生時の組織内と外部関係機関への連絡体制図",
        en: "Incident contact chart (internal and external)",
    },
    ChecklistItem {
        key: "backup",
        r6: Some("3-(2)"),
        r7: "3-(2)",
        r7_provisional: false,
        r6_classes: SITE,
        r7_classes: SITE,
        ja: "バックアップの実施と復旧手順の確認",
        en: "Backups taken and recovery procedure confirmed",
    },
    ChecklistItem {
        key: "bcp",
        r6: Some("3-(3)"),
        r7: "3-(3)",
        r7_provisional: false,
        r6_classes: SITE,
        r7_classes: SITE,
        ja: "サイバー攻撃を想定した事業継続計画（BCP）の策定",
        en: "Business continuity plan for cyber attacks",
    },
    ChecklistItem {
        key: "password_policy",
        r6: None,
        r7: "2-(7)",
        r7_provisional: true,
        r6_classes: SITE,
        r7_classes: ALL,
        ja: "パスワードは英数字・記号混在の8文字以上とし定期的に変更（二要素認証または13文字以上なら定期変更不要）",
        en: "Passwords of 8+ mixed characters changed periodically (or 13+, or two-factor)",
    },
    ChecklistItem {
        key: "password_reuse",
        r6: None,
        r7: "2-(8)",
        r7_provisional: true,
        r6_classes: SITE,
        r7_classes: ALL,
        ja: "パスワードの使い回しの禁止",
        en: "No password reuse",
    },
    ChecklistItem {
        key: "usb_media",
        r6: None,
        r7: "2-(9)",
        r7_provisional: true,
        r6_classes: SITE,
        r7_classes: &[SV, PC],
        ja: "USBストレージ等の外部記録媒体の接続制限",
        en: "USB storage and other external media restricted",
    },
    ChecklistItem {
        key: "two_factor",
        r6: None,
        r7: "2-(10)",
        r7_provisional: true,
        r6_classes: SITE,
        r7_classes: ALL,
        ja: "二要素認証の実装（令和9年度までの実装予定を含む）",
        en: "Two-factor authentication (or planned by FY2027)",
    },
    // Section 2 of the R7 draft has 13 items (the 9 of R6 and 4 added), so the fifth
    // addition belongs to section 1; its number is inferred, not read.
    ChecklistItem {
        key: "operating_rules",
        r6: None,
        r7: "1-(2)",
        r7_provisional: true,
        r6_classes: SITE,
        r7_classes: SITE,
        ja: "運用管理規程等の整備",
        en: "Operating rules prepared",
    },
];

/// Status of an item, a device, or the whole site for an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Fail,
    Unknown,
    Manual,
    Pass,
    NotApplicable,
}

impl ItemStatus {
    /// Combines two statuses: the worse one wins (fail > unknown > pass > n/a).
    fn worst(self, other: ItemStatus) -> ItemStatus {
        self.min(other)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ItemStatus::Fail, Lang::Ja) => "不適合",
            (ItemStatus::Unknown, Lang::Ja) => "確認不可",
            (ItemStatus::Manual, Lang::Ja) => "要手動確認",
            (ItemStatus::Pass, Lang::Ja) => "適合",
            (ItemStatus::NotApplicable, Lang::Ja) => "対象外",
            (ItemStatus::Fail, Lang::En) => "fail",
            (ItemStatus::Unknown, Lang::En) => "unknown",
            (ItemStatus::Manual, Lang::En) => "manual",
            (ItemStatus::Pass, Lang::En) => "pass",
            (ItemStatus::NotApplicable, Lang::En) => "not applicable",
        }
    }
}

impl From<Status> for ItemStatus {
    fn from(s: Status) -> Self {
        match s {
            Status::Pass => ItemStatus::Pass,
            Status::Fail => ItemStatus::Fail,
            Status::Unknown => ItemStatus::Unknown,
            Status::NotApplicable => ItemStatus::NotApplicable,
        }
    }
}

/// `checklist.json`.
#[derive(Debug, Serialize)]
pub struct Checklist {
    pub schema: &'static str,
    pub site: String,
    /// `r6` or `r7`: the form whose numbering, items and device columns this follows.
    pub edition: String,
    pub generated: String,
    /// The items of the edition, in the form's order.
    pub items: Vec<ItemReport>,
    /// Remarks about the site's own files that belong to no item (a waiver that
    /// matches nothing, an attestation for a vendor not in the inventory).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ItemReport {
    pub key: &'static str,
    /// Number in this edition's form.
    pub number: &'static str,
    /// The number is not confirmed against the final form (暫定).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub provisional: bool,
    /// Form section: 1 体制構築, 2 管理・運用, 3 インシデント対応.
    pub section: u32,
    pub scope: Scope,
    /// Device columns the item is asked for (empty for site-wide items).
    pub classes: Vec<DeviceClass>,
    pub title: Title,
    /// The answer for the item: the scan's own conclusion ([`ItemReport::automatic`])
    /// unless an [`Override`] changed it.
    pub status: ItemStatus,
    /// What the rules of this scan concluded, before any override.
    pub automatic: ItemStatus,
    /// Per device column of [`ItemReport::classes`]: the worst status of its devices;
    /// `not_applicable` when the site has no device of that class.
    pub by_class: BTreeMap<DeviceClass, ItemStatus>,
    /// Rules of the loaded packs that judge this item.
    pub rules: Vec<String>,
    /// The devices that count for the item (those of its classes; for site-wide items,
    /// those a rule of the item reported on).
    pub devices: Vec<DeviceItem>,
    /// Devices of other classes that rules of the item judged anyway: shown for
    /// reference, never counted in the answer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reference: Vec<DeviceItem>,
    /// Statuses from outside the scan (attestations, waivers), in the order applied.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
    /// Remarks for the reader that change no status (a waiver of this item that has
    /// expired and so no longer applies).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
    /// Whether the site has no device at all in this scan (nothing can be verified).
    #[serde(skip)]
    no_devices: bool,
}

#[derive(Debug, Serialize)]
pub struct Title {
    pub ja: &'static str,
    pub en: &'static str,
}

#[derive(Debug, Serialize)]
pub struct DeviceItem {
    pub device: String,
    pub kind: kenshin_facts::DeviceKind,
    pub class: DeviceClass,
    pub status: ItemStatus,
    pub results: Vec<ResultRef>,
    /// Rules that produced no result on this device (module failure, unreadable snapshot).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ResultRef {
    pub rule: String,
    pub status: Status,
    pub subject: String,
    pub message: String,
    /// Where the configuration shows it (artifact of the device's snapshot, lines).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<kenshin_facts::Evidence>,
    /// The waiver that accepts this result (reason, approver, expiry), if one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<String>,
}

/// Where a status that the scan's rules did not compute comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OverrideSource {
    /// attestations.toml: a person vouches for what no configuration shows.
    Attestation,
    /// waivers.toml: an accepted, approved exception.
    Waiver,
}

/// A status from outside the scan for an item, or for one device of an item: the seam
/// through which attestations (manual → pass) and waivers enter the checklist.
#[derive(Debug, Clone, Serialize)]
pub struct Override {
    pub source: OverrideSource,
    /// The device it is about; `None`: the item as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    pub status: ItemStatus,
    /// For the reader: who attested when and with which document, the waiver's reason...
    pub note: String,
}

impl Checklist {
    /// Applies `o` to the item `key` and recomputes the item's answer. Returns `false`
    /// (and changes nothing) when this edition has no such item or, for a device
    /// override, the item does not count that device.
    pub fn apply(&mut self, key: &str, o: Override) -> bool {
        let Some(item) = self.items.iter_mut().find(|i| i.key == key) else {
            return false;
        };
        if let Some(name) = &o.device {
            match item.devices.iter_mut().find(|d| &d.device == name) {
                Some(d) => d.status = o.status,
                None => return false,
            }
        }
        item.overrides.push(o);
        item.recompute();
        true
    }

    /// The item `key`, if this edition has it.
    pub fn item(&self, key: &str) -> Option<&ItemReport> {
        self.items.iter().find(|i| i.key == key)
    }

    /// Marks the result `rule`/`subject` of `device` under item `key` as accepted by a
    /// waiver (`note`: reason, approver, expiry) and, through [`Checklist::apply`],
    /// gives the device the status of its results with the waived ones counted as
    /// passing — so a device keeps failing for anything not waived. Returns whether
    /// the item has that result. A result of a device kept for reference is marked
    /// only (it never counted).
    pub fn waive(&mut self, key: &str, device: &str, rule: &str, subject: &str, note: &str) -> bool {
        let Some(item) = self.items.iter_mut().find(|i| i.key == key) else {
            return false;
        };
        let matches = |r: &ResultRef| r.rule == rule && r.subject == subject;
        if let Some(d) = item.reference.iter_mut().find(|d| d.device == device) {
            let mut found = false;
            for r in d.results.iter_mut().filter(|r| matches(r)) {
                r.waiver = Some(note.to_string());
                found = true;
            }
            return found;
        }
        let Some(d) = item.devices.iter_mut().find(|d| d.device == device) else {
            return false;
        };
        let mut found = false;
        for r in d.results.iter_mut().filter(|r| matches(r)) {
            r.waiver = Some(note.to_string());
            found = true;
        }
        if !found {
            return false;
        }
        // As device_status, with waived results counted as passing.
        let start = if d.missing.is_empty() { ItemStatus::NotApplicable } else { ItemStatus::Unknown };
        let status = d
            .results
            .iter()
            .map(|r| if r.waiver.is_some() { ItemStatus::Pass } else { ItemStatus::from(r.status) })
            .fold(start, ItemStatus::worst);
        let o = Override { source: OverrideSource::Waiver, device: Some(device.to_string()), status, note: note.to_string() };
        // One override per waiver and device, however many of its results it covers.
        if let Some(existing) = item
            .overrides
            .iter_mut()
            .find(|x| x.source == OverrideSource::Waiver && x.device.as_deref() == Some(device) && x.note == o.note)
        {
            existing.status = status;
            if let Some(d) = item.devices.iter_mut().find(|d| d.device == device) {
                d.status = status;
            }
            item.recompute();
            return true;
        }
        self.apply(key, o)
    }

    /// Adds a remark to the item `key` (returns `false` when this edition has no such item).
    pub fn notice(&mut self, key: &str, text: String) -> bool {
        match self.items.iter_mut().find(|i| i.key == key) {
            Some(item) => {
                if !item.notices.contains(&text) {
                    item.notices.push(text);
                }
                true
            }
            None => false,
        }
    }
}

impl ItemReport {
    /// Whether a waiver changed a device's answer for this item: the answer must then
    /// say so (an accepted risk is not a plain はい).
    pub fn waived(&self) -> bool {
        self.overrides.iter().any(|o| o.source == OverrideSource::Waiver)
    }

    /// Derives [`ItemReport::by_class`] and [`ItemReport::status`] from the devices'
    /// statuses and the item-wide overrides (the last one wins).
    pub fn recompute(&mut self) {
        self.by_class = self
            .classes
            .iter()
            .map(|c| {
                let worst = self.devices.iter().filter(|d| d.class == *c).map(|d| d.status).min();
                (*c, worst.unwrap_or(ItemStatus::NotApplicable))
            })
            .collect();
        let from_devices = match self.scope {
            Scope::Devices if self.rules.is_empty() => ItemStatus::Manual,
            // Nothing was looked at: that is not "not applicable".
            Scope::Devices if self.no_devices => ItemStatus::Unknown,
            Scope::Devices => self.by_class.values().copied().fold(ItemStatus::NotApplicable, ItemStatus::worst),
            Scope::Site if self.rules.is_empty() => ItemStatus::Manual,
            // A site-wide rule that reported nothing did not run: unknown, not a pass.
            Scope::Site if self.devices.iter().all(|d| d.results.is_empty()) => ItemStatus::Unknown,
            Scope::Site => self.devices.iter().map(|d| d.status).fold(ItemStatus::NotApplicable, ItemStatus::worst),
        };
        self.status = self.overrides.iter().rev().find(|o| o.device.is_none()).map_or(from_devices, |o| o.status);
    }
}

/// Status of one device for an item, from the rules' results on it.
fn device_status(rules_empty: bool, unreadable_or_missing: bool, findings: &[&Finding]) -> ItemStatus {
    let start = if rules_empty {
        return ItemStatus::Manual;
    } else if unreadable_or_missing {
        ItemStatus::Unknown
    } else {
        ItemStatus::NotApplicable
    };
    findings.iter().map(|f| ItemStatus::from(f.status)).fold(start, ItemStatus::worst)
}

/// The edition named by `r6` / `r7` (anything else: the default, R7).
pub fn edition(name: &str) -> Edition {
    if name.eq_ignore_ascii_case("r6") { Edition::R6 } else { Edition::R7 }
}

/// Builds the checklist of a scan in the scan's edition. `packs` are the packs whose
/// modules loaded.
pub fn build(scan: &ScanResult, packs: &[&Pack], lang: Lang) -> Checklist {
    let edition = edition(&scan.edition);
    // Findings by device, so that each item looks only at its device's findings.
    let mut by_device: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &scan.findings {
        by_device.entry(f.device.as_str()).or_default().push(f);
    }
    let result_ref = |f: &Finding| ResultRef {
        rule: f.rule.clone(),
        status: f.status,
        subject: f.subject.clone(),
        message: match lang {
            Lang::Ja => f.message.ja.clone().unwrap_or_else(|| f.message.en.clone()),
            Lang::En => f.message.en.clone(),
        },
        evidence: if f.status == Status::Fail { f.evidence.clone() } else { Vec::new() },
        waiver: None,
    };
    let items = items(edition)
        .into_iter()
        .map(|item| {
            let rules: Vec<(String, String)> = packs
                .iter()
                .flat_map(|p| {
                    p.manifest
                        .rules
                        .iter()
                        .filter(|r| r.checklist.iter().any(|k| k == item.key))
                        .map(|r| (p.manifest.pack.id.clone(), r.id.clone()))
                })
                .collect();
            let of_rules = |name: &str| -> Vec<&Finding> {
                by_device
                    .get(name)
                    .map(|fs| fs.iter().copied().filter(|f| rules.iter().any(|(p, r)| *p == f.pack && *r == f.rule)).collect())
                    .unwrap_or_default()
            };
            let scope = item.scope(edition);
            let mut devices = Vec::new();
            let mut reference = Vec::new();
            for d in &scan.devices {
                let findings = of_rules(&d.name);
                let missing: Vec<String> = rules.iter().filter(|pr| !d.evaluated.contains(pr)).map(|(_, r)| r.clone()).collect();
                let class = d.kind.checklist_class();
                let counts = scope == Scope::Devices && item.applies_to(edition, class);
                // Site-wide items and other classes: only devices a rule said something about.
                if !counts && findings.iter().all(|f| f.status == Status::NotApplicable) {
                    continue;
                }
                let unreadable = d.state == DeviceState::Missing || (counts && !missing.is_empty());
                let entry = DeviceItem {
                    device: d.name.clone(),
                    kind: d.kind,
                    class,
                    status: device_status(rules.is_empty(), unreadable, &findings),
                    results: findings.iter().map(|f| result_ref(f)).collect(),
                    missing: if counts { missing } else { Vec::new() },
                };
                if counts || scope == Scope::Site {
                    devices.push(entry);
                } else {
                    reference.push(entry);
                }
            }
            // Results about the site as a whole (site entry points) count for
            // site-wide items, and are shown for reference under device items.
            let site_findings = of_rules(SITE_DEVICE);
            if !site_findings.is_empty() {
                let entry = DeviceItem {
                    device: SITE_DEVICE.to_string(),
                    kind: kenshin_facts::DeviceKind::Other,
                    class: kenshin_facts::DeviceKind::Other.checklist_class(),
                    status: device_status(rules.is_empty(), false, &site_findings),
                    results: site_findings.iter().map(|f| result_ref(f)).collect(),
                    missing: Vec::new(),
                };
                if scope == Scope::Site { devices.push(entry) } else { reference.push(entry) }
            }
            let mut report = ItemReport {
                key: item.key,
                number: item.number(edition).unwrap_or(""),
                provisional: item.provisional(edition),
                section: item.position(edition).0,
                scope,
                classes: item.classes(edition).to_vec(),
                title: Title { ja: item.ja, en: item.en },
                status: ItemStatus::Unknown,
                automatic: ItemStatus::Unknown,
                by_class: BTreeMap::new(),
                rules: rules.iter().map(|(_, r)| r.clone()).collect(),
                devices,
                reference,
                overrides: Vec::new(),
                notices: Vec::new(),
                no_devices: scan.devices.is_empty(),
            };
            report.recompute();
            report.automatic = report.status;
            report
        })
        .collect();
    Checklist {
        schema: "kenshin.checklist/v2",
        site: scan.site_name.clone(),
        edition: edition.as_str().to_string(),
        generated: scan.finished.to_string(),
        items,
        notices: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_wins() {
        assert_eq!(ItemStatus::Pass.worst(ItemStatus::Fail), ItemStatus::Fail);
        assert_eq!(ItemStatus::Pass.worst(ItemStatus::Unknown), ItemStatus::Unknown);
        assert_eq!(ItemStatus::NotApplicable.worst(ItemStatus::Pass), ItemStatus::Pass);
        assert_eq!(ItemStatus::Unknown.worst(ItemStatus::Fail), ItemStatus::Fail);
        assert_eq!(ItemStatus::Manual.worst(ItemStatus::Unknown), ItemStatus::Unknown);
    }

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<_> = ITEMS.iter().map(|i| i.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), ITEMS.len());
    }

    #[test]
    fn editions_hold_their_items_in_form_order() {
        let r6: Vec<&str> = items(Edition::R6).iter().map(|i| i.r6.unwrap_or("?")).collect();
        assert_eq!(
            r6,
            ["1-(1)", "2-(1)", "2-(2)", "2-(3)", "2-(4)", "2-(5)", "2-(6)", "2-(7)", "2-(8)", "2-(9)", "3-(1)", "3-(2)", "3-(3)"]
        );
        let r7: Vec<&str> = items(Edition::R7).iter().map(|i| i.r7).collect();
        let mut expected = vec!["1-(1)", "1-(2)"];
        let section2: Vec<String> = (1..=13).map(|n| format!("2-({n})")).collect();
        expected.extend(section2.iter().map(String::as_str));
        expected.extend(["3-(1)", "3-(2)", "3-(3)"]);
        assert_eq!(r7, expected);
        for key in ["password_policy", "password_reuse", "usb_media", "two_factor", "operating_rules"] {
            assert!(items(Edition::R6).iter().all(|i| i.key != key), "{key} is R7 only");
            assert!(items(Edition::R7).iter().any(|i| i.key == key), "{key} in R7");
        }
    }

    #[test]
    fn device_columns_follow_the_form() {
        let item = |k: &str| ITEMS.iter().find(|i| i.key == k).expect("item");
        assert_eq!(item("security_officer").scope(Edition::R6), Scope::Site);
        assert_eq!(item("source_restriction").classes(Edition::R6), [DeviceClass::Network]);
        assert!(!item("unneeded_services").applies_to(Edition::R7, DeviceClass::Network));
        assert!(item("unneeded_services").applies_to(Edition::R7, DeviceClass::Terminal));
        assert_eq!(item("access_log").classes(Edition::R6), [DeviceClass::Server]);
        assert_eq!(item("security_patches").classes(Edition::R7).len(), 3);
        // Provisional only where the R7 numbering is unconfirmed.
        assert!(item("two_factor").provisional(Edition::R7));
        assert!(!item("two_factor").provisional(Edition::R6));
        assert!(!item("backup").provisional(Edition::R7));
    }

    fn device(name: &str, class: DeviceClass, status: ItemStatus) -> DeviceItem {
        let kind = match class {
            DeviceClass::Server => kenshin_facts::DeviceKind::Server,
            DeviceClass::Terminal => kenshin_facts::DeviceKind::Terminal,
            DeviceClass::Network => kenshin_facts::DeviceKind::Router,
        };
        DeviceItem { device: name.into(), kind, class, status, results: Vec::new(), missing: Vec::new() }
    }

    fn report(key: &'static str, rules: &[&str], devices: Vec<DeviceItem>) -> Checklist {
        let item = ITEMS.iter().find(|i| i.key == key).expect("item");
        let mut r = ItemReport {
            key,
            number: item.r7,
            provisional: item.r7_provisional,
            section: 1,
            scope: item.scope(Edition::R7),
            classes: item.classes(Edition::R7).to_vec(),
            title: Title { ja: item.ja, en: item.en },
            status: ItemStatus::Unknown,
            automatic: ItemStatus::Unknown,
            by_class: BTreeMap::new(),
            rules: rules.iter().map(|s| s.to_string()).collect(),
            devices,
            reference: Vec::new(),
            overrides: Vec::new(),
            notices: Vec::new(),
            no_devices: false,
        };
        r.recompute();
        r.automatic = r.status;
        Checklist {
            schema: "",
            site: String::new(),
            edition: "r7".into(),
            generated: String::new(),
            items: vec![r],
            notices: Vec::new(),
        }
    }

    #[test]
    fn per_class_answers_and_unknown_outranks_pass() {
        let c = report(
            "unneeded_services",
            &["R"],
            vec![device("a", DeviceClass::Server, ItemStatus::Pass), device("b", DeviceClass::Server, ItemStatus::Unknown)],
        );
        let item = &c.items[0];
        assert_eq!(item.by_class[&DeviceClass::Server], ItemStatus::Unknown);
        // No client PC in the site: that column is not applicable, and does not hide the unknown.
        assert_eq!(item.by_class[&DeviceClass::Terminal], ItemStatus::NotApplicable);
        assert!(!item.by_class.contains_key(&DeviceClass::Network));
        assert_eq!(item.status, ItemStatus::Unknown);
    }

    #[test]
    fn overrides_change_the_answer_and_keep_the_automatic_one() {
        let mut c = report("security_officer", &[], Vec::new());
        assert_eq!(c.items[0].status, ItemStatus::Manual);
        let attested = Override {
            source: OverrideSource::Attestation,
            device: None,
            status: ItemStatus::Pass,
            note: "山田 2025-04-01 docs/officer.pdf".into(),
        };
        assert!(c.apply("security_officer", attested));
        assert_eq!(c.items[0].status, ItemStatus::Pass);
        assert_eq!(c.items[0].automatic, ItemStatus::Manual);
        assert!(!c.apply(
            "no_such_key",
            Override { source: OverrideSource::Waiver, device: None, status: ItemStatus::Pass, note: String::new() }
        ));

        let mut c = report(
            "usb_media",
            &["R"],
            vec![device("pc1", DeviceClass::Terminal, ItemStatus::Fail), device("pc2", DeviceClass::Terminal, ItemStatus::Pass)],
        );
        assert_eq!(c.items[0].status, ItemStatus::Fail);
        let waiver = |d: &str| Override {
            source: OverrideSource::Waiver,
            device: Some(d.into()),
            status: ItemStatus::Pass,
            note: "approved".into(),
        };
        assert!(!c.apply("usb_media", waiver("not-there")), "a device the item does not count");
        assert!(c.apply("usb_media", waiver("pc1")));
        assert_eq!(c.items[0].status, ItemStatus::Pass);
        assert_eq!(c.items[0].by_class[&DeviceClass::Terminal], ItemStatus::Pass);
        assert_eq!(c.items[0].automatic, ItemStatus::Fail);
    }

    fn with_results(name: &str, results: &[(&str, &str, Status)]) -> DeviceItem {
        let mut d = device(name, DeviceClass::Server, ItemStatus::Fail);
        d.results = results
            .iter()
            .map(|(rule, subject, status)| ResultRef {
                rule: rule.to_string(),
                status: *status,
                subject: subject.to_string(),
                message: String::new(),
                evidence: Vec::new(),
                waiver: None,
            })
            .collect();
        d
    }

    #[test]
    fn a_waiver_accepts_only_its_result_and_says_so() {
        let devices = vec![with_results("srv", &[("A", "x", Status::Fail), ("B", "y", Status::Fail), ("C", "", Status::Pass)])];
        let mut c = report("unneeded_services", &["A", "B", "C"], devices);
        assert_eq!(c.items[0].status, ItemStatus::Fail);
        assert!(!c.waive("unneeded_services", "srv", "A", "other-subject", "r"), "no such result");
        assert!(c.waive("unneeded_services", "srv", "A", "x", "reason — approver, 2027-03-31"));
        // B still fails: the device and the item still answer いいえ.
        assert_eq!(c.items[0].devices[0].status, ItemStatus::Fail);
        assert_eq!(c.items[0].status, ItemStatus::Fail);
        assert!(c.waive("unneeded_services", "srv", "B", "y", "another waiver"));
        assert_eq!(c.items[0].devices[0].status, ItemStatus::Pass);
        assert_eq!(c.items[0].status, ItemStatus::Pass);
        assert!(c.items[0].waived(), "the answer must say it is waived");
        assert_eq!(c.items[0].automatic, ItemStatus::Fail);
        assert_eq!(c.items[0].overrides.len(), 2);
        // The same waiver again adds no second override.
        assert!(c.waive("unneeded_services", "srv", "B", "y", "another waiver"));
        assert_eq!(c.items[0].overrides.len(), 2);
        assert!(c.items[0].devices[0].results.iter().filter(|r| r.waiver.is_some()).count() == 2);
    }
}
