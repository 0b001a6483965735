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
        let same_kind =
            |a: u8| (a.is_ascii_digit() && b.is_ascii_digit()) || (a.is_ascii_alphabetic() && b.is_ascii_alphabetic());
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

/// Whether `version` comes before every release of `train` (numbers compared as
/// numbers; a letter where a number is expected, or the reverse, is no conclusion).
pub fn before_train(version: &str, train: &str) -> bool {
    for (v, t) in components(version).iter().zip(&components(train)) {
        match (v.parse::<u64>(), t.parse::<u64>()) {
            (Ok(x), Ok(y)) if x != y => return x < y,
            (Ok(_), Ok(_)) => {}
            _ if v.eq_ignore_ascii_case(t) => {}
            _ => return false,
        }
    }
    false
}

/// How a firmware relates to the data.
pub enum Match<'a> {
    /// In this release's train.
    In(&'a Release),
    /// Older than every train listed for its product, the oldest of which is this one:
    /// vendors end older trains first, so it is past support too.
    Older(&'a Release),
    None,
}

impl Lifecycle {
    /// The rows for this firmware's product (family or vendor, and edition words).
    fn rows<'a>(&'a self, fw: &'a Firmware) -> impl Iterator<Item = &'a Release> + 'a {
        let model = fw.model.as_deref().unwrap_or_default().to_ascii_lowercase();
        self.release.iter().filter(move |r| {
            r.os.as_ref().is_none_or(|os| *os == fw.os)
                && r.vendor.as_ref().is_none_or(|v| *v == fw.vendor)
                && r.model_contains.iter().all(|w| model.contains(&w.to_ascii_lowercase()))
                && !r.model_excludes.iter().any(|w| model.contains(&w.to_ascii_lowercase()))
        })
    }

    /// The first row whose train holds this firmware, or the oldest row when the
    /// firmware predates them all.
    pub fn find<'a>(&'a self, fw: &'a Firmware) -> Match<'a> {
        let version = fw.version.as_deref().unwrap_or(&fw.raw);
        if let Some(r) = self.rows(fw).find(|r| in_train(version, &r.train)) {
            return Match::In(r);
        }
        let mut rows = self.rows(fw).peekable();
        if rows.peek().is_none() {
            return Match::None;
        }
        let mut oldest: Option<&Release> = None;
        for r in rows {
            if !before_train(version, &r.train) {
                return Match::None;
            }
            if oldest.is_none_or(|o| before_train(&r.train, &o.train)) {
                oldest = Some(r);
            }
        }
        oldest.map_or(Match::None, Match::Older)
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
                msg(
                    format!("The pack's end-of-support data could not be read: {why}"),
                    format!("パックのサポート終了データを読めません: {why}"),
                ),
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
            msg(
                "The scan date is unknown, so support periods could not be checked",
                "点検日が不明なため、サポート期間を確認できません",
            ),
            &fw.evidence,
        );
        return;
    }
    let version = fw.version.as_deref().unwrap_or(&fw.raw);
    let release = match data.find(fw) {
        Match::In(r) => r,
        Match::Older(oldest) => {
            older(report, fw, version, oldest, today);
            return;
        }
        Match::None => {
            report.unknown(
                EOS,
                "lifecycle",
                msg(
                    format!("No end-of-support data for {} {version}: confirm the support period with the vendor", fw.os),
                    format!(
                        "{} {version} のサポート終了情報がありません。サポート期間を製造元・保守事業者に確認してください",
                        fw.os
                    ),
                ),
                &fw.evidence,
            );
            return;
        }
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

/// A firmware older than every train the data lists for its product.
fn older(report: &mut Report, fw: &Firmware, version: &str, oldest: &Release, today: &str) {
    // A last day of support is still supported; a "listed as ended by" date already ended.
    let ended = match (&oldest.ended, &oldest.known_ended_by) {
        (Some(e), _) if today > e.as_str() => Some(e),
        (None, Some(by)) if today >= by.as_str() => Some(by),
        _ => None,
    };
    let Some(ended) = ended else {
        report.unknown(
            EOS,
            "lifecycle",
            msg(
                format!(
                    "{version} is older than {}, the oldest release in the data: confirm its support with the vendor",
                    oldest.product
                ),
                format!(
                    "{version} はデータ上最も古い {} より前のバージョンです。サポート状況を製造元に確認してください",
                    oldest.product
                ),
            ),
            &fw.evidence,
        );
        return;
    };
    let r = report.add(
        EOS,
        kenshin_policy::Status::Fail,
        "lifecycle",
        msg(
            format!(
                "{version} is older than {}, which already reached end of support ({ended}): it gets no security fixes; upgrade or replace the device. Source: {}",
                oldest.product, oldest.source
            ),
            format!(
                "{version} はサポート終了済みの {}（{ended}）よりも古いバージョンです。セキュリティ修正は提供されません。更新または機器の更新を行ってください。出典: {}",
                oldest.product, oldest.source
            ),
        ),
        &fw.evidence,
    );
    r.properties.insert("source".into(), oldest.source.clone().into());
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
    fn releases_older_than_every_listed_train_are_past_support() {
        assert!(before_train("4.21.3F", "4.26"));
        assert!(before_train("7.0(3)I4(3)", "9.2"));
        assert!(before_train("12.1X46-D40.2", "14.1X53"));
        assert!(!before_train("21.4R3", "21.3"));
        assert!(!before_train("9.2.1", "9.2"));
        let (s, m) = status(firmware("eos", "arista", "4.21.3F", None), "2026-11-27");
        assert_eq!(s, Status::Fail, "{m}");
        assert!(m.contains("older than EOS 4.26"), "{m}");
        assert_eq!(status(firmware("junos", "juniper", "12.1X46-D40.2", None), "2026-11-27").0, Status::Fail);
        assert_eq!(status(firmware("nxos", "cisco", "7.0(3)I4(3)", None), "2026-11-27").0, Status::Fail);
        let debian8 = firmware("linux", "debian", "8", Some("Debian GNU/Linux 8 (jessie)"));
        assert_eq!(status(debian8, "2026-11-27").0, Status::Fail);
        // Between listed trains is not "older than all": no conclusion.
        assert_eq!(status(firmware("ios-xe", "cisco", "17.19.1", None), "2026-11-27").0, Status::Unknown);
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
