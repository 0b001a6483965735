//! 2-(7) セキュリティパッチ: firmware and operating systems past their vendor's end of
//! support get no security fixes at all, so no patch level can make them compliant.
//!
//! The dates are the pack's data file `end_of_support.toml` (its header documents the
//! fields); this module only matches a device's firmware against its rows.

use kenshin_policy::{Firmware, Input, Report, msg};
use serde::Deserialize;

pub const EOS: &str = "MHLW-P-EOS";

/// The name of the data file in the pack.
pub const FILE: &str = "end_of_support.toml";

/// `end_of_support.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    #[serde(default)]
    pub release: Vec<Release>,
}

/// One firmware train or OS release and the end of its support.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    pub product: String,
    #[serde(default)]
    pub os: Option<String>,
    #[serde(default)]
    pub vendor: Option<String>,
    pub train: String,
    #[serde(default)]
    pub model_contains: Vec<String>,
    #[serde(default)]
    pub model_excludes: Vec<String>,
    /// Last day of support (`YYYY-MM-DD`).
    #[serde(default)]
    pub ended: Option<String>,
    /// The source lists the release as ended, without a day; read on this date.
    #[serde(default)]
    pub known_ended_by: Option<String>,
    pub phase: String,
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// Runs of digits and runs of letters: `15.1X53-D59` → 15, 1, X, 53, D, 59.
fn components(version: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let bytes = version.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        let same_kind = |a: u8| (a.is_ascii_digit() && b.is_ascii_digit()) || (a.is_ascii_alphabetic() && b.is_ascii_alphabetic());
        match start {
            Some(s) if same_kind(bytes[s]) => {}
            Some(s) => {
                out.push(&version[s..i]);
                start = b.is_ascii_alphanumeric().then_some(i);
            }
            None => start = b.is_ascii_alphanumeric().then_some(i),
        }
    }
    if let Some(s) = start {
        out.push(&version[s..]);
    }
    out
}

/// Whether `version` is in `train` (a component prefix; numbers compare as numbers, so
/// `17.09.04a` is in `17.9`, and `17.12.1` is not in `17.1`).
pub fn in_train(version: &str, train: &str) -> bool {
    let (v, t) = (components(version), components(train));
    t.len() <= v.len()
        && t.iter().zip(&v).all(|(a, b)| match (a.parse::<u64>(), b.parse::<u64>()) {
            (Ok(x), Ok(y)) => x == y,
            _ => a.eq_ignore_ascii_case(b),
        })
}

impl Lifecycle {
    /// The first row for this firmware, if any.
    pub fn find(&self, fw: &Firmware) -> Option<&Release> {
        let version = fw.version.as_deref().unwrap_or(&fw.raw);
        let model = fw.model.as_deref().unwrap_or_default().to_ascii_lowercase();
        self.release.iter().find(|r| {
            r.os.as_ref().is_none_or(|os| *os == fw.os)
                && r.vendor.as_ref().is_none_or(|v| *v == fw.vendor)
                && in_train(version, &r.train)
                && r.model_contains.iter().all(|w| model.contains(&w.to_ascii_lowercase()))
                && !r.model_excludes.iter().any(|w| model.contains(&w.to_ascii_lowercase()))
        })
    }
}

pub fn evaluate(input: &Input, report: &mut Report) {
    let Some(fw) = &input.device.firmware else {
        report.unknown(
            EOS,
            "firmware",
            msg(
                "Firmware/OS version could not be determined, so its support period could not be checked",
                "ファームウェア・OS のバージョンを特定できず、サポート期間を確認できません",
            ),
            &[],
        );
        return;
    };
    let data = match input.data::<Lifecycle>(FILE).unwrap_or_else(|| Err(format!("the pack has no {FILE}"))) {
        Ok(d) => d,
        Err(why) => {
            report.unknown(
                EOS,
                "lifecycle",
                msg(format!("The pack's end-of-support data could not be read: {why}"), format!("パックのサポート終了データを読めません: {why}")),
                &fw.evidence,
            );
            return;
        }
    };
    let today = input.scan.date.as_str();
    if today.len() != 10 {
        report.unknown(
            EOS,
            "lifecycle",
            msg("The scan date is unknown, so support periods could not be checked", "点検日が不明なため、サポート期間を確認できません"),
            &fw.evidence,
        );
        return;
    }
    let version = fw.version.as_deref().unwrap_or(&fw.raw);
    let Some(release) = data.find(fw) else {
        report.unknown(
            EOS,
            "lifecycle",
            msg(
                format!("No end-of-support data for {} {version}: confirm the support period with the vendor", fw.os),
                format!("{} {version} のサポート終了情報がありません。サポート期間を製造元・保守事業者に確認してください", fw.os),
            ),
            &fw.evidence,
        );
        return;
    };
    let note_en = release.note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default();
    let source = &release.source;
    let product = &release.product;
    let phase = &release.phase;
    let result = match (&release.ended, &release.known_ended_by) {
        (Some(ended), _) if today > ended.as_str() => report.add(
            EOS,
            kenshin_policy::Status::Fail,
            "lifecycle",
            msg(
                format!(
                    "{product} ({version}) reached {phase} on {ended}: it gets no security fixes; upgrade to a supported release or replace the device{note_en}. Source: {source}"
                ),
                format!(
                    "{product}（{version}）は {ended} にサポートが終了しています（{phase}）。セキュリティ修正は提供されません。サポート中のバージョンへの更新または機器の更新を行ってください。出典: {source}"
                ),
            ),
            &fw.evidence,
        ),
        (Some(ended), _) => report.add(
            EOS,
            kenshin_policy::Status::Pass,
            "lifecycle",
            msg(
                format!("{product} ({version}) is supported until {ended} ({phase}){note_en}"),
                format!("{product}（{version}）は {ended} までサポートされます（{phase}）"),
            ),
            &fw.evidence,
        ),
        (None, Some(by)) if today >= by.as_str() => report.add(
            EOS,
            kenshin_policy::Status::Fail,
            "lifecycle",
            msg(
                format!("{product} ({version}) is listed by its vendor as past {phase} (as of {by}): upgrade to a supported release. Source: {source}"),
                format!("{product}（{version}）は製造元によりサポート終了と掲載されています（{by} 時点）。サポート中のバージョンへ更新してください。出典: {source}"),
            ),
            &fw.evidence,
        ),
        (None, _) => report.add(
            EOS,
            kenshin_policy::Status::Unknown,
            "lifecycle",
            msg(
                format!("The support period of {product} ({version}) is not known: confirm it with the vendor"),
                format!("{product}（{version}）のサポート期間が不明です。製造元・保守事業者に確認してください"),
            ),
            &fw.evidence,
        ),
    };
    if let Some(ended) = &release.ended {
        result.properties.insert("ended".into(), ended.clone().into());
    }
    result.properties.insert("source".into(), source.clone().into());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{facts, input, lifecycle};
    use kenshin_policy::{Evidence, Status};

    fn firmware(os: &str, vendor: &str, version: &str, model: Option<&str>) -> Firmware {
        Firmware {
            vendor: vendor.into(),
            os: os.into(),
            model: model.map(str::to_string),
            version: Some(version.into()),
            raw: version.into(),
            evidence: vec![Evidence::line("v.txt", 1)],
        }
    }

    fn status(fw: Firmware, date: &str) -> (Status, String) {
        let mut f = facts("x");
        f.firmware = Some(fw);
        let mut i = input(f);
        i.scan.date = date.into();
        let mut r = Report::new();
        evaluate(&i, &mut r);
        let res = &r.results()[0];
        (res.status, res.message.en.clone())
    }

    #[test]
    fn trains_match_by_component() {
        assert!(in_train("17.9.4a", "17.9"));
        assert!(in_train("17.09.04a", "17.9"));
        assert!(!in_train("17.12.1", "17.1"));
        assert!(in_train("10.0.17763.6054", "10.0.17763"));
        assert!(!in_train("10.0.1776", "10.0.17763"));
        assert!(in_train("15.1X53-D59.4", "15.1X53"));
        assert!(in_train("21.3R3-S2.1", "21.3"));
        assert!(!in_train("21.4R3-S3.4", "21.3"));
        assert!(in_train("10.2.9-h1", "10.2"));
        assert!(in_train("4.28.9M", "4.28"));
        assert!(!in_train("9", "9.3"));
    }

    #[test]
    fn the_last_day_is_still_supported() {
        let fw = || firmware("fortios", "fortinet", "6.0.4", None);
        assert_eq!(status(fw(), "2022-09-29").0, Status::Pass);
        let (s, m) = status(fw(), "2022-09-30");
        assert_eq!(s, Status::Fail);
        assert!(m.contains("FortiOS 6.0") && m.contains("2022-09-29"), "{m}");
    }

    #[test]
    fn windows_editions_sharing_a_build() {
        let win = |model: &str| firmware("windows", "microsoft", "10.0.19044.5131", Some(model));
        let ended = |model: &str| status(win(model), "2026-11-27");
        assert_eq!(ended("Windows 10 Enterprise LTSC 2021").0, Status::Pass);
        assert_eq!(ended("Windows 10 IoT Enterprise LTSC 2021").0, Status::Pass);
        assert_eq!(ended("Windows 10 Pro").0, Status::Fail);
        assert_eq!(ended("Windows 10 Enterprise").0, Status::Fail);
        let server = firmware("windows", "microsoft", "10.0.14393.7428", Some("Windows Server 2016 Standard"));
        assert_eq!(status(server, "2026-11-27").0, Status::Pass);
        let osaka = firmware("windows", "microsoft", "6.3.9600.20000", Some("Windows Server 2012 R2 Standard"));
        assert_eq!(status(osaka, "2026-11-27").0, Status::Fail);
    }

    #[test]
    fn unknown_release_date_or_data_is_unknown() {
        assert_eq!(status(firmware("yamaha", "yamaha", "15.2.30", Some("RTX1220")), "2026-11-27").0, Status::Unknown);
        assert_eq!(status(firmware("fortios", "fortinet", "6.0.4", None), "").0, Status::Unknown);
        let junos = status(firmware("junos", "juniper", "18.4R2-S3.1", None), "2026-11-27");
        assert_eq!(junos.0, Status::Fail, "{}", junos.1);
        assert_eq!(status(firmware("junos", "juniper", "22.4R3.25", None), "2026-11-27").0, Status::Unknown);
        let mut f = facts("x");
        f.firmware = Some(firmware("fortios", "fortinet", "6.0.4", None));
        let mut i = input(f);
        i.data.remove(FILE);
        let mut r = Report::new();
        evaluate(&i, &mut r);
        assert_eq!(r.results()[0].status, Status::Unknown);
    }

    #[test]
    fn every_row_is_well_formed() {
        let data = lifecycle();
        assert!(data.release.len() > 100);
        let date = |d: &str| d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-';
        for r in &data.release {
            assert!(r.os.is_some() || r.vendor.is_some(), "{}: matches nothing", r.product);
            assert!(r.ended.as_deref().is_some_and(date) ^ r.known_ended_by.as_deref().is_some_and(date), "{}", r.product);
            assert!(r.source.starts_with("https://"), "{}", r.product);
            assert!(!components(&r.train).is_empty(), "{}", r.product);
        }
    }
}
