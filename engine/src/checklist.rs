//! The checklist view of a scan: per checklist item (keyed by [`ChecklistKey`] names),
//! the overall status and the status of each device, with the rule results behind
//! them. Written as `checklist.json`.
//!
//! Status per device and item: `fail` if any result fails; else `unknown` if any
//! result is unknown, a rule of the item produced no result on the device (its module
//! failed), or the device could not be read; else `pass` if any passed; else
//! `not_applicable`. Items no loaded rule covers are `manual`: they are answered by
//! documents (attestations), not by configuration.

use serde::Serialize;

use crate::findings::{DeviceState, Finding};
use crate::pack::{Lang, Pack};
use crate::scan::ScanResult;
use kenshin_policy::Status;

/// An item of the MHLW checklist.
#[derive(Debug, Clone, Copy)]
pub struct ChecklistItem {
    /// Stable key (design.md), used by rules, waivers and attestations.
    pub key: &'static str,
    /// Number in the R5/R6 form; `None` for items added in R7.
    pub r6: Option<&'static str>,
    pub ja: &'static str,
    pub en: &'static str,
}

/// Every item, in form order (R7 additions last).
pub const ITEMS: &[ChecklistItem] = &[
    ChecklistItem {
        key: "security_officer",
        r6: Some("1-(1)"),
        ja: "医療情報システム安全管理責任者の設置",
        en: "Security officer for medical information systems appointed",
    },
    ChecklistItem {
        key: "asset_ledger",
        r6: Some("2-(1)"),
        ja: "サーバ・端末PC・ネットワーク機器の台帳管理",
        en: "Ledger of servers, client PCs and network devices",
    },
    ChecklistItem {
        key: "remote_maintenance",
        r6: Some("2-(2)"),
        ja: "リモートメンテナンス（保守）を利用している機器の確認",
        en: "Devices under remote maintenance confirmed with vendors",
    },
    ChecklistItem {
        key: "mds_sds",
        r6: Some("2-(3)"),
        ja: "事業者から製造業者/サービス事業者による医療情報セキュリティ開示書（MDS/SDS）の提出",
        en: "MDS/SDS obtained from vendors",
    },
    ChecklistItem {
        key: "access_rights",
        r6: Some("2-(4)"),
        ja: "利用者の職種・担当業務別のアクセス利用権限の設定",
        en: "Access rights by job role and duty",
    },
    ChecklistItem {
        key: "unused_accounts",
        r6: Some("2-(5)"),
        ja: "退職者や使用していないアカウント等、不要なアカウントの削除",
        en: "Unused and leavers' accounts removed",
    },
    ChecklistItem { key: "access_log", r6: Some("2-(6)"), ja: "アクセスログの管理", en: "Access logs managed" },
    ChecklistItem {
        key: "security_patches",
        r6: Some("2-(7)"),
        ja: "セキュリティパッチ（最新ファームウェアや更新プログラム）の適用",
        en: "Security patches (latest firmware and updates) applied",
    },
    ChecklistItem {
        key: "source_restriction", r6: Some("2-(8)"), ja: "接続元制限の実施", en: "Connection sources restricted"
    },
    ChecklistItem {
        key: "unneeded_services",
        r6: Some("2-(9)"),
        ja: "バックグラウンドで動作している不要なソフトウェア及びサービスの停止",
        en: "Unneeded background software and services stopped",
    },
    ChecklistItem {
        key: "contact_chart",
        r6: Some("3-(1)"),
        ja: "インシデント発生時の組織内と外部関係機関への連絡体制図",
        en: "Incident contact chart (internal and external)",
    },
    ChecklistItem {
        key: "backup",
        r6: Some("3-(2)"),
        ja: "バックアップの実施と復旧手順の確認",
        en: "Backups taken and recovery procedure confirmed",
    },
    ChecklistItem {
        key: "bcp",
        r6: Some("3-(3)"),
        ja: "サイバー攻撃を想定した事業継続計画（BCP）の策定",
        en: "Business continuity plan for cyber attacks",
    },
    ChecklistItem {
        key: "password_policy",
        r6: None,
        ja: "パスワードは英数字・記号混在の8文字以上とし定期的に変更（二要素認証または13文字以上なら定期変更不要）",
        en: "Passwords of 8+ mixed characters changed periodically (or 13+, or two-factor)",
    },
    ChecklistItem { key: "password_reuse", r6: None, ja: "パスワードの使い回しの禁止", en: "No password reuse" },
    ChecklistItem {
        key: "usb_media",
        r6: None,
        ja: "USBストレージ等の外部記録媒体の接続制限",
        en: "USB storage and other external media restricted",
    },
    ChecklistItem {
        key: "two_factor",
        r6: None,
        ja: "二要素認証の実装（令和9年度までの実装予定を含む）",
        en: "Two-factor authentication (or planned by FY2027)",
    },
    ChecklistItem { key: "operating_rules", r6: None, ja: "運用管理規程等の整備", en: "Operating rules prepared" },
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
    pub edition: String,
    pub generated: String,
    pub items: Vec<ItemReport>,
}

#[derive(Debug, Serialize)]
pub struct ItemReport {
    pub key: &'static str,
    pub number: Option<&'static str>,
    pub title: Title,
    pub status: ItemStatus,
    /// Rules of the loaded packs that judge this item.
    pub rules: Vec<String>,
    pub devices: Vec<DeviceItem>,
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
    pub class: kenshin_facts::DeviceClass,
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
}

/// Builds the checklist of a scan. `packs` are the packs whose modules loaded.
pub fn build(scan: &ScanResult, packs: &[&Pack], lang: Lang) -> Checklist {
    let r7 = scan.edition != "r6";
    // Findings by device, so that each item looks only at its device's findings.
    let mut by_device: std::collections::HashMap<&str, Vec<&Finding>> = std::collections::HashMap::new();
    for f in &scan.findings {
        by_device.entry(f.device.as_str()).or_default().push(f);
    }
    let items = ITEMS
        .iter()
        .filter(|i| r7 || i.r6.is_some())
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
            let devices: Vec<DeviceItem> = scan
                .devices
                .iter()
                .map(|d| {
                    let findings: Vec<&Finding> = by_device
                        .get(d.name.as_str())
                        .map(|fs| {
                            fs.iter().copied().filter(|f| rules.iter().any(|(p, r)| *p == f.pack && *r == f.rule)).collect()
                        })
                        .unwrap_or_default();
                    let missing: Vec<String> =
                        rules.iter().filter(|pr| !d.evaluated.contains(pr)).map(|(_, r)| r.clone()).collect();
                    let status = if rules.is_empty() {
                        ItemStatus::Manual
                    } else if d.state == DeviceState::Missing || !missing.is_empty() {
                        findings.iter().map(|f| ItemStatus::from(f.status)).fold(ItemStatus::Unknown, ItemStatus::worst)
                    } else {
                        findings.iter().map(|f| ItemStatus::from(f.status)).fold(ItemStatus::NotApplicable, ItemStatus::worst)
                    };
                    DeviceItem {
                        device: d.name.clone(),
                        kind: d.kind,
                        class: d.kind.checklist_class(),
                        status,
                        results: findings
                            .iter()
                            .map(|f| ResultRef {
                                rule: f.rule.clone(),
                                status: f.status,
                                subject: f.subject.clone(),
                                message: match lang {
                                    Lang::Ja => f.message.ja.clone().unwrap_or_else(|| f.message.en.clone()),
                                    Lang::En => f.message.en.clone(),
                                },
                                evidence: if f.status == Status::Fail { f.evidence.clone() } else { Vec::new() },
                            })
                            .collect(),
                        missing,
                    }
                })
                .collect();
            let status = if rules.is_empty() {
                ItemStatus::Manual
            } else if devices.is_empty() {
                ItemStatus::Unknown
            } else {
                devices.iter().map(|d| d.status).fold(ItemStatus::NotApplicable, ItemStatus::worst)
            };
            ItemReport {
                key: item.key,
                number: item.r6,
                title: Title { ja: item.ja, en: item.en },
                status,
                rules: rules.into_iter().map(|(_, r)| r).collect(),
                devices,
            }
        })
        .collect();
    Checklist {
        schema: "kenshin.checklist/v1",
        site: scan.site_name.clone(),
        edition: scan.edition.clone(),
        generated: scan.finished.to_string(),
        items,
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
    }

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<_> = ITEMS.iter().map(|i| i.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), ITEMS.len());
    }
}
