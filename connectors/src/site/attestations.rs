//! `attestations.toml`: the checklist items no configuration can show (責任者,
//! リモートメンテナンスの確認, MDS/SDS, 連絡体制図, バックアップ, BCP, 運用管理規程),
//! each vouched for by a person, on a date, with the document that proves it.
//!
//! ```toml
//! [security_officer]
//! who = "事務長 山田 花子"            # 担当者: who checked and vouches for it
//! when = 2026-04-01                   # 確認日
//! evidence = "docs/安全管理責任者任命書.pdf"   # relative to the site folder
//! officer = "副院長 佐藤 一郎"          # the appointed officer
//!
//! [[remote_maintenance]]              # one per maintenance vendor
//! vendor = "B電子カルテ保守"           # as written in inventory.toml `vendor`
//! who = "..."
//! when = 2026-05-20
//! evidence = "docs/B社_リモート保守回答書.pdf"
//! devices = ["vpn-fgt-maint", "emr-db"]   # what the vendor answered (optional)
//! ```
//!
//! The file only records what people said; whether it is complete (every vendor,
//! every contact) and recent enough (a year) is judged by the engine against the
//! inventory and the scan date. Unknown keys are refused, and every error names the
//! file, the line and the field.

use std::path::{Component, Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::date::Date;
use super::{SiteError, read};

/// The checklist keys attestations answer (engine/src/checklist.rs `ITEMS`).
pub const KEYS: [&str; 7] =
    ["security_officer", "remote_maintenance", "mds_sds", "contact_chart", "backup", "bcp", "operating_rules"];

/// The contacts an incident contact chart must reach (checklist.md §1, after the
/// seed article): field name, Japanese and English label.
pub const CONTACTS: [(&str, &str, &str); 6] = [
    (
        "internal",
        "組織内（院長・安全管理責任者・情報システム担当）",
        "inside the institution (director, security officer, IT staff)",
    ),
    ("vendors", "委託事業者（保守事業者・システム事業者）", "outsourced vendors (maintenance and system vendors)"),
    (
        "mhlw",
        "厚生労働省（医政局特定医薬品開発支援・医療情報担当参事官室）",
        "MHLW (Office of the Counsellor for medical information, Health Policy Bureau)",
    ),
    (
        "ppc",
        "個人情報保護委員会（個人情報保護法第26条の報告）",
        "Personal Information Protection Commission (reports under APPI art. 26)",
    ),
    ("police", "都道府県警察のサイバー犯罪相談窓口", "the prefectural police cybercrime desk"),
    ("ipa", "IPA（情報処理推進機構、事後の届出）", "IPA (report after the fact)"),
];

/// All attestations of a site.
#[derive(Debug, Clone, Default)]
pub struct Attestations {
    pub path: PathBuf,
    pub entries: Vec<Attestation>,
}

/// One attestation: a person vouching for one item (for one vendor, for the per-vendor
/// items).
#[derive(Debug, Clone, PartialEq)]
pub struct Attestation {
    /// Checklist key, one of [`KEYS`].
    pub key: &'static str,
    /// The vendor, for `remote_maintenance` and `mds_sds`.
    pub vendor: Option<String>,
    /// 担当者: who checked it.
    pub who: String,
    /// When it was checked.
    pub when: Date,
    /// The document that shows it, relative to the site folder.
    pub evidence: PathBuf,
    /// 1-based line of the entry's header in attestations.toml.
    pub line: usize,
    pub details: Details,
}

/// What each item records besides who, when and the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Details {
    SecurityOfficer {
        /// The appointed 医療情報システム安全管理責任者.
        officer: String,
    },
    RemoteMaintenance {
        /// The vendor's answer: the devices it maintains remotely (empty: none);
        /// `None` when the answer was not written down device by device.
        devices: Option<Vec<String>>,
    },
    MdsSds {
        /// `MDS`, `SDS` or both.
        documents: Vec<String>,
    },
    ContactChart {
        /// Field of [`CONTACTS`] → how the chart names that contact.
        contacts: Vec<(&'static str, String)>,
    },
    Backup {
        generations: Option<u32>,
        offline: Option<bool>,
        /// Last time a restore was actually tried.
        restore_tested: Option<Date>,
    },
    Bcp {
        /// Last exercise of the plan.
        exercised: Option<Date>,
    },
    OperatingRules {
        /// Title of the rules (運用管理規程の名称).
        title: Option<String>,
    },
}

impl Attestations {
    /// Reads and checks an attestations file.
    pub fn load(path: &Path) -> Result<Attestations, SiteError> {
        let text = read(path)?;
        Attestations::parse(path, &text)
    }

    /// The single attestation of a site-wide item.
    pub fn get(&self, key: &str) -> Option<&Attestation> {
        self.entries.iter().find(|a| a.key == key && a.vendor.is_none())
    }

    /// The attestations of a per-vendor item.
    pub fn per_vendor<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Attestation> + 'a {
        self.entries.iter().filter(move |a| a.key == key && a.vendor.is_some())
    }

    /// Parses attestations text; `path` is only used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Attestations, SiteError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| SiteError::from_toml(path, text, e))?;
        let p = Parser { path, text };
        let mut entries = Vec::new();
        if let Some(r) = raw.security_officer {
            let (span, r) = (r.span(), r.into_inner());
            let officer = p.non_empty("security_officer.officer", r.officer)?;
            entries.push(p.common(
                "security_officer",
                None,
                span,
                r.who,
                r.when,
                r.evidence,
                Details::SecurityOfficer { officer },
            )?);
        }
        let mut seen: Vec<(String, usize)> = Vec::new();
        for (i, r) in raw.remote_maintenance.into_iter().enumerate() {
            let (span, r) = (r.span(), r.into_inner());
            let vendor = p.vendor(&format!("remote_maintenance[{i}].vendor"), r.vendor, &mut seen)?;
            let devices =
                match r.devices {
                    None => None,
                    Some(list) => Some(
                        list.into_iter()
                            .map(|d| p.non_empty(&format!("remote_maintenance[{i}].devices"), d))
                            .collect::<Result<Vec<_>, _>>()?,
                    ),
                };
            entries.push(p.common(
                "remote_maintenance",
                Some(vendor),
                span,
                r.who,
                r.when,
                r.evidence,
                Details::RemoteMaintenance { devices },
            )?);
        }
        let mut seen: Vec<(String, usize)> = Vec::new();
        for (i, r) in raw.mds_sds.into_iter().enumerate() {
            let (span, r) = (r.span(), r.into_inner());
            let vendor = p.vendor(&format!("mds_sds[{i}].vendor"), r.vendor, &mut seen)?;
            let mut documents = Vec::new();
            for d in r.documents {
                let doc = d.get_ref().trim().to_ascii_uppercase();
                if doc != "MDS" && doc != "SDS" {
                    return Err(p.err(
                        d.span(),
                        &format!("mds_sds[{i}].documents"),
                        format!("{:?}: expected \"MDS\" or \"SDS\"", d.get_ref()),
                    ));
                }
                if !documents.contains(&doc) {
                    documents.push(doc);
                }
            }
            entries.push(p.common("mds_sds", Some(vendor), span, r.who, r.when, r.evidence, Details::MdsSds { documents })?);
        }
        if let Some(r) = raw.contact_chart {
            let (span, r) = (r.span(), r.into_inner());
            let mut contacts = Vec::new();
            let c = r.contacts;
            for ((field, _, _), value) in CONTACTS.iter().zip([c.internal, c.vendors, c.mhlw, c.ppc, c.police, c.ipa]) {
                if let Some(v) = value {
                    contacts.push((*field, p.non_empty(&format!("contact_chart.contacts.{field}"), v)?));
                }
            }
            entries.push(p.common("contact_chart", None, span, r.who, r.when, r.evidence, Details::ContactChart { contacts })?);
        }
        if let Some(r) = raw.backup {
            let (span, r) = (r.span(), r.into_inner());
            let restore_tested = r.restore_tested.map(|d| p.date("backup.restore_tested", d)).transpose()?;
            let details = Details::Backup { generations: r.generations, offline: r.offline, restore_tested };
            entries.push(p.common("backup", None, span, r.who, r.when, r.evidence, details)?);
        }
        if let Some(r) = raw.bcp {
            let (span, r) = (r.span(), r.into_inner());
            let exercised = r.exercised.map(|d| p.date("bcp.exercised", d)).transpose()?;
            entries.push(p.common("bcp", None, span, r.who, r.when, r.evidence, Details::Bcp { exercised })?);
        }
        if let Some(r) = raw.operating_rules {
            let (span, r) = (r.span(), r.into_inner());
            let title = r.title.map(|t| p.non_empty("operating_rules.title", t)).transpose()?;
            entries.push(p.common(
                "operating_rules",
                None,
                span,
                r.who,
                r.when,
                r.evidence,
                Details::OperatingRules { title },
            )?);
        }
        Ok(Attestations { path: path.to_path_buf(), entries })
    }
}

/// Checks shared by every entry, each error naming its field and line.
struct Parser<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Parser<'_> {
    fn err(&self, span: std::ops::Range<usize>, field: &str, message: String) -> SiteError {
        SiteError::invalid(self.path, self.text, Some(span), Some(field.to_string()), message)
    }

    fn non_empty(&self, field: &str, s: Spanned<String>) -> Result<String, SiteError> {
        let value = s.get_ref().trim().to_string();
        if value.is_empty() {
            return Err(self.err(s.span(), field, "must not be empty".into()));
        }
        Ok(value)
    }

    fn date(&self, field: &str, v: Spanned<toml::Value>) -> Result<Date, SiteError> {
        Date::from_toml(v.get_ref()).map_err(|why| self.err(v.span(), field, why))
    }

    fn vendor(&self, field: &str, v: Spanned<String>, seen: &mut Vec<(String, usize)>) -> Result<String, SiteError> {
        let line = super::line_of(self.text, v.span().start);
        let span = v.span();
        let vendor = self.non_empty(field, v)?;
        if let Some((_, first)) = seen.iter().find(|(s, _)| *s == vendor) {
            return Err(self.err(span, field, format!("vendor {vendor:?} is attested twice (first on line {first})")));
        }
        seen.push((vendor.clone(), line));
        Ok(vendor)
    }

    #[allow(clippy::too_many_arguments)]
    fn common(
        &self,
        key: &'static str,
        vendor: Option<String>,
        span: std::ops::Range<usize>,
        who: Spanned<String>,
        when: Spanned<toml::Value>,
        evidence: Spanned<String>,
        details: Details,
    ) -> Result<Attestation, SiteError> {
        let field = |f: &str| match &vendor {
            Some(v) => format!("{key}[vendor={v:?}].{f}"),
            None => format!("{key}.{f}"),
        };
        let who = self.non_empty(&field("who"), who)?;
        let when = self.date(&field("when"), when)?;
        let evidence_span = evidence.span();
        let evidence = PathBuf::from(self.non_empty(&field("evidence"), evidence)?);
        // The document lives in the site folder, so that the site (with its evidence)
        // can be handed to an inspector as one folder.
        if evidence.is_absolute() || evidence.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
            return Err(self.err(
                evidence_span,
                &field("evidence"),
                format!("{:?} must be a path inside the site folder (relative, without ..)", evidence.display()),
            ));
        }
        Ok(Attestation { key, vendor, who, when, evidence, line: super::line_of(self.text, span.start), details })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    security_officer: Option<Spanned<RawOfficer>>,
    #[serde(default)]
    remote_maintenance: Vec<Spanned<RawRemote>>,
    #[serde(default)]
    mds_sds: Vec<Spanned<RawMdsSds>>,
    #[serde(default)]
    contact_chart: Option<Spanned<RawContactChart>>,
    #[serde(default)]
    backup: Option<Spanned<RawBackup>>,
    #[serde(default)]
    bcp: Option<Spanned<RawBcp>>,
    #[serde(default)]
    operating_rules: Option<Spanned<RawRules>>,
}

// serde's `flatten` cannot be combined with `deny_unknown_fields`, so each entry
// repeats who / when / evidence.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOfficer {
    who: Spanned<String>,
    when: Spanned<toml::Value>,
    evidence: Spanned<String>,
    officer: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRemote {
    vendor: Spanned<String>,
    who: Spanned<String>,
    when: Spanned<toml::Value>,
    evidence: Spanned<String>,
    #[serde(default)]
    devices: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMdsSds {
    vendor: Spanned<String>,
    who: Spanned<String>,
    when: Spanned<toml::Value>,
    evidence: Spanned<String>,
    #[serde(default)]
    documents: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContactChart {
    who: Spanned<String>,
    when: Spanned<toml::Value>,
    evidence: Spanned<String>,
    #[serde(default)]
    contacts: RawContacts,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawContacts {
    internal: Option<Spanned<String>>,
    vendors: Option<Spanned<String>>,
    mhlw: Option<Spanned<String>>,
    ppc: Option<Spanned<String>>,
    police: Option<Spanned<String>>,
    ipa: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBackup {
    who: Spanned<String>,
    when: Spanned<toml::Value>,
    evidence: Spanned<String>,
    #[serde(default)]
    generations: Option<u32>,
    #[serde(default)]
    offline: Option<bool>,
    #[serde(default)]
    restore_tested: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBcp {
    who: Spanned<String>,
    when: Spanned<toml::Value>,
    evidence: Spanned<String>,
    #[serde(default)]
    exercised: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    who: Spanned<String>,
    when: Spanned<toml::Value>,
    evidence: Spanned<String>,
    #[serde(default)]
    title: Option<Spanned<String>>,
}

/// A maintenance vendor of the inventory and its remotely maintained devices, for
/// [`template`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorDevices {
    pub vendor: String,
    /// Devices of this vendor with `remote_maintenance = true`.
    pub remote: Vec<String>,
}

/// The commented template `kenshin attest init` writes: every entry commented out
/// (nothing is attested until a person fills it in), in Japanese with English, with a
/// `remote_maintenance` and `mds_sds` block for each vendor of the inventory.
pub fn template(site_name: &str, vendors: &[VendorDevices]) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# attestations.toml — {site_name}\n\
# 設定からは確認できないチェックリスト項目の確認記録です。各項目の先頭の # を外して記入してください。\n\
# Checklist items no configuration can show. Remove the leading # of an entry and fill it in.\n\
#\n\
# 共通 / every entry:\n\
#   who      = 担当者（確認した人） / who checked it\n\
#   when     = 確認日（YYYY-MM-DD）。1年を過ぎると「いいえ」になります / date checked; older than a year fails\n\
#   evidence = 根拠文書（このサイトフォルダからの相対パス） / the document, relative to this site folder\n\
# 記入のない項目は「要手動確認」のままです。/ Items left out stay \"check manually\".\n\n"
    ));
    out.push_str(
        "# 1-(1) 医療情報システム安全管理責任者 / security officer\n\
#[security_officer]\n\
#who = \"事務長 山田 花子\"\n\
#when = 2026-04-01\n\
#evidence = \"docs/安全管理責任者任命書.pdf\"\n\
#officer = \"副院長 佐藤 一郎\"          # 任命された責任者 / the appointed officer\n\n",
    );
    out.push_str(
        "# 1-(2) 運用管理規程等の整備（令和7年度版）/ operating rules (R7)\n\
#[operating_rules]\n\
#who = \"事務長 山田 花子\"\n\
#when = 2026-04-01\n\
#evidence = \"docs/医療情報システム運用管理規程.pdf\"\n\
#title = \"医療情報システム運用管理規程（第3版）\"\n\n",
    );
    out.push_str(
        "# 2-(2) リモートメンテナンス機器の有無の確認（保守事業者ごと）/ remote maintenance, per vendor\n\
# 2-(3) MDS/SDS の提出（保守事業者ごと）/ MDS/SDS, per vendor\n\
# vendor は inventory.toml の vendor と同じ名前で書きます。リモート保守の機器がある事業者は両方が必要です。\n\
# Write vendor exactly as in inventory.toml; a vendor with remote-maintenance devices needs both.\n",
    );
    let mut listed: Vec<VendorDevices> = vendors.to_vec();
    if listed.is_empty() {
        listed.push(VendorDevices { vendor: "保守事業者名".into(), remote: Vec::new() });
    }
    for v in &listed {
        let devices = v.remote.iter().map(|d| format!("{d:?}")).collect::<Vec<_>>().join(", ");
        let need = if v.remote.is_empty() { "任意 / optional" } else { "必須 / required" };
        out.push_str(&format!(
            "\n# {vendor} — {need}\n\
#[[remote_maintenance]]\n\
#vendor = {vendor:?}\n\
#who = \"情報システム課 鈴木\"\n\
#when = 2026-05-20\n\
#evidence = \"docs/リモート保守確認書_{file}.pdf\"\n\
#devices = [{devices}]   # 事業者の回答: リモート保守している機器 / the vendor's answer ([] = none)\n\
#\n\
#[[mds_sds]]\n\
#vendor = {vendor:?}\n\
#who = \"情報システム課 鈴木\"\n\
#when = 2026-05-20\n\
#evidence = \"docs/MDS_{file}.pdf\"\n\
#documents = [\"MDS\", \"SDS\"]\n",
            vendor = v.vendor,
            file = v.vendor.replace(['/', '\\', ' ', '　'], "_"),
        ));
    }
    out.push_str(
        "\n# 3-(1) インシデント発生時の連絡体制図 / incident contact chart\n\
# 連絡先はすべて必要です（どれかが欠けると「いいえ」）。/ Every contact is needed; one missing fails the item.\n\
#[contact_chart]\n\
#who = \"医療安全管理室 田中\"\n\
#when = 2026-06-01\n\
#evidence = \"docs/インシデント連絡体制図.pdf\"\n\
#[contact_chart.contacts]\n",
    );
    let examples = [
        "院長・安全管理責任者・情報システム課（内線 1234）",
        "A通信サービス 保守窓口 / B電子カルテ保守 24時間窓口",
        "厚生労働省 医政局特定医薬品開発支援・医療情報担当参事官室",
        "個人情報保護委員会（漏えい等報告）",
        "〇〇県警察 サイバー犯罪相談窓口",
        "IPA 情報セキュリティ安心相談窓口",
    ];
    for ((field, ja, en), example) in CONTACTS.iter().zip(examples) {
        out.push_str(&format!("#{field} = {example:?}   # {ja} / {en}\n"));
    }
    out.push_str(
        "\n# 3-(2) バックアップの実施と復旧手順の確認 / backups and recovery procedure\n\
#[backup]\n\
#who = \"情報システム課 鈴木\"\n\
#when = 2026-07-01\n\
#evidence = \"docs/バックアップ・復旧手順書.pdf\"\n\
#generations = 3                 # 世代数 / generations kept\n\
#offline = true                  # オフライン保管あり / an offline copy exists\n\
#restore_tested = 2026-07-01     # 復旧を試した日 / last restore test\n\
\n\
# 3-(3) サイバー攻撃を想定した事業継続計画（BCP）/ BCP for cyber attacks\n\
#[bcp]\n\
#who = \"事務長 山田 花子\"\n\
#when = 2026-08-01\n\
#evidence = \"docs/サイバーBCP.pdf\"\n\
#exercised = 2026-09-10          # 訓練日 / last exercise\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Attestations, SiteError> {
        Attestations::parse(Path::new("attestations.toml"), text)
    }

    fn invalid(text: &str) -> (usize, String) {
        match parse(text) {
            Err(SiteError::Invalid { line, message, .. }) => (line, message),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    const GOOD: &str = r#"
[security_officer]
who = "事務長 山田"
when = 2026-04-01
evidence = "docs/officer.pdf"
officer = "副院長 佐藤"

[[remote_maintenance]]
vendor = "B電子カルテ保守"
who = "鈴木"
when = "2026/05/20"
evidence = "docs/b.pdf"
devices = ["vpn-fgt-maint", "emr-db"]

[[mds_sds]]
vendor = "B電子カルテ保守"
who = "鈴木"
when = 2026-05-20
evidence = "docs/b-mds.pdf"
documents = ["mds", "SDS"]

[contact_chart]
who = "田中"
when = 2026-06-01
evidence = "docs/chart.pdf"
[contact_chart.contacts]
mhlw = "厚生労働省"
police = "県警"

[backup]
who = "鈴木"
when = 2026-07-01
evidence = "docs/backup.pdf"
generations = 3
offline = true
restore_tested = 2026-07-01
"#;

    #[test]
    fn parses_every_kind_of_entry() {
        let a = parse(GOOD).expect("parses");
        assert_eq!(a.entries.len(), 5);
        let officer = a.get("security_officer").expect("officer");
        assert_eq!(officer.when, Date::new(2026, 4, 1).expect("date"));
        assert_eq!(officer.line, 2);
        assert_eq!(officer.details, Details::SecurityOfficer { officer: "副院長 佐藤".into() });
        let rm: Vec<_> = a.per_vendor("remote_maintenance").collect();
        assert_eq!(rm.len(), 1);
        assert_eq!(rm[0].vendor.as_deref(), Some("B電子カルテ保守"));
        assert_eq!(rm[0].when, Date::new(2026, 5, 20).expect("date"), "a string date is read too");
        assert_eq!(rm[0].details, Details::RemoteMaintenance { devices: Some(vec!["vpn-fgt-maint".into(), "emr-db".into()]) });
        match &a.per_vendor("mds_sds").next().expect("mds").details {
            Details::MdsSds { documents } => assert_eq!(documents, &["MDS", "SDS"]),
            other => panic!("{other:?}"),
        }
        match &a.get("contact_chart").expect("chart").details {
            Details::ContactChart { contacts } => {
                assert_eq!(contacts.iter().map(|(k, _)| *k).collect::<Vec<_>>(), ["mhlw", "police"])
            }
            other => panic!("{other:?}"),
        }
        assert!(a.get("bcp").is_none());
        assert!(parse("").expect("empty file").entries.is_empty());
    }

    #[test]
    fn errors_name_line_and_field() {
        let (line, msg) =
            invalid("[security_officer]\nwho = \"a\"\nwhen = \"2026-02-30\"\nevidence = \"x.pdf\"\nofficer = \"b\"\n");
        assert_eq!(line, 3);
        assert!(msg.contains("security_officer.when") && msg.contains("not a date"), "{msg}");
        // TOML itself refuses an impossible date literal, on its line.
        let (line, _) = invalid("[security_officer]\nwho = \"a\"\nwhen = 2026-02-30\nevidence = \"x.pdf\"\nofficer = \"b\"\n");
        assert_eq!(line, 3);

        let (line, msg) = invalid("[bcp]\nwho = \"a\"\nwhen = 2026-01-01\nevidence = \"../secret.pdf\"\n");
        assert_eq!(line, 4);
        assert!(msg.contains("bcp.evidence") && msg.contains("inside the site folder"), "{msg}");

        let (line, msg) = invalid("[bcp]\nwho = \"  \"\nwhen = 2026-01-01\nevidence = \"b.pdf\"\n");
        assert_eq!(line, 2);
        assert!(msg.contains("bcp.who") && msg.contains("empty"), "{msg}");

        // A typo in a key is an error, not a silently ignored setting.
        let (line, msg) = invalid("[bcp]\nwho = \"a\"\nwhen = 2026-01-01\nevidnce = \"b.pdf\"\n");
        assert_eq!(line, 4);
        assert!(msg.contains("evidnce"), "{msg}");

        let (_, msg) = invalid("[bcp]\nwho = \"a\"\nwhen = 2026-01-01\n");
        assert!(msg.contains("evidence"), "{msg}");

        let twice = "[[mds_sds]]\nvendor = \"A\"\nwho = \"a\"\nwhen = 2026-01-01\nevidence = \"a.pdf\"\n\n\
                     [[mds_sds]]\nvendor = \"A\"\nwho = \"a\"\nwhen = 2026-01-01\nevidence = \"a.pdf\"\n";
        let (line, msg) = invalid(twice);
        assert_eq!(line, 8);
        assert!(msg.contains("attested twice (first on line 2)"), "{msg}");

        let (line, msg) =
            invalid("[[mds_sds]]\nvendor = \"A\"\nwho = \"a\"\nwhen = 2026-01-01\nevidence = \"a.pdf\"\ndocuments = [\"PDF\"]\n");
        assert_eq!(line, 6);
        assert!(msg.contains("mds_sds[0].documents"), "{msg}");

        let (line, msg) = invalid(
            "[contact_chart]\nwho = \"a\"\nwhen = 2026-01-01\nevidence = \"a.pdf\"\n[contact_chart.contacts]\nfire = \"119\"\n",
        );
        assert_eq!(line, 6);
        assert!(msg.contains("fire"), "{msg}");
    }

    /// The template parses once its example lines are uncommented: what people fill in
    /// is a valid file, and as written (all commented) it attests nothing.
    #[test]
    fn the_template_is_commented_and_valid_once_filled_in() {
        let vendors = [
            VendorDevices { vendor: "A通信サービス".into(), remote: vec!["edge-fgt".into()] },
            VendorDevices { vendor: "B電子カルテ保守".into(), remote: vec![] },
        ];
        let t = template("デモ総合病院", &vendors);
        assert!(parse(&t).expect("template parses").entries.is_empty());
        let filled: String = t
            .lines()
            .map(|l| match l.strip_prefix('#') {
                Some(rest) if !rest.starts_with([' ', '#']) && !rest.is_empty() => rest,
                _ => l,
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let a = parse(&filled).expect("filled-in template parses");
        assert_eq!(a.per_vendor("remote_maintenance").count(), 2);
        assert_eq!(a.per_vendor("mds_sds").count(), 2);
        for key in KEYS {
            assert!(a.entries.iter().any(|e| e.key == key), "template lacks {key}");
        }
        match &a.get("contact_chart").expect("chart").details {
            Details::ContactChart { contacts } => assert_eq!(contacts.len(), CONTACTS.len()),
            other => panic!("{other:?}"),
        }
        assert!(t.contains("edge-fgt") && t.contains("必須"));
    }
}
