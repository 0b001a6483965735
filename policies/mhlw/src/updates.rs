//! 2-(7) セキュリティパッチ on servers and PCs: security updates waiting to be installed,
//! and how long ago updates were last installed. Handa's PCs had never been updated
//! (the vendor had turned Windows Update off); Osaka's servers ran unpatched for years.
//! Where the pending list comes from a local package cache (Linux), an empty list
//! proves nothing unless the cache is recent (`host.updates.lists_refreshed`).

use kenshin_policy::{Input, Report, msg};

pub const UPDATES: &str = "MHLW-P-UPDATES";

/// Default for `max_update_age_days`: two monthly patch cycles and a margin.
pub const DEFAULT_MAX_AGE_DAYS: u64 = 90;

/// Days from `from` to `to` (both `YYYY-MM-DD`), if both parse.
pub(crate) fn days_between(from: &str, to: &str) -> Option<i64> {
    // Days since 0000-03-01 in the proleptic Gregorian calendar (civil-from-days inverse).
    fn day_number(d: &str) -> Option<i64> {
        let mut parts = d.get(..10)?.split('-');
        let (y, m, d): (i64, i64, i64) = (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
        Some(365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d - 1)
    }
    Some(day_number(to)? - day_number(from)?)
}

pub fn evaluate(input: &Input, report: &mut Report) {
    let facts = &input.device;
    let Some(host) = &facts.host else {
        if facts.is_unknown("host") {
            report.unknown(
                UPDATES,
                "updates",
                msg("The host's update state could not be determined", "更新プログラムの適用状況を確認できません"),
                &[],
            );
        } else {
            report.not_applicable(
                UPDATES,
                msg(
                    "Not a server or PC: firmware is judged by MHLW-P-KEV and MHLW-P-EOS",
                    "サーバ・端末PC ではありません（ファームウェアは MHLW-P-KEV / MHLW-P-EOS で判定）",
                ),
            );
        }
        return;
    };
    let Some(updates) = &host.updates else {
        report.unknown(
            UPDATES,
            "updates",
            msg("Installed and pending updates could not be determined", "更新プログラムの適用状況を確認できません"),
            &[],
        );
        return;
    };
    let max_age = input.param_u64("max_update_age_days", DEFAULT_MAX_AGE_DAYS);
    let pending_known = !facts.is_unknown("host.updates.pending");
    let security: Vec<_> = updates.pending.iter().filter(|p| p.security).collect();
    let mut evidence = updates.evidence.clone();
    if !security.is_empty() {
        let names: Vec<&str> = security.iter().take(5).map(|p| p.name.as_str()).collect();
        let more = if security.len() > 5 { format!(" and {} more", security.len() - 5) } else { String::new() };
        let more_ja = if security.len() > 5 { format!(" ほか {} 件", security.len() - 5) } else { String::new() };
        evidence.extend(security.iter().take(5).flat_map(|p| p.evidence.iter().cloned()));
        let r = report.add(
            UPDATES,
            kenshin_policy::Status::Fail,
            "pending",
            msg(
                format!("{} security update(s) are available and not installed: {}{more}", security.len(), names.join(", ")),
                format!("未適用のセキュリティ更新が {} 件あります: {}{more_ja}", security.len(), names.join(", ")),
            ),
            &evidence,
        );
        r.properties.insert("pending_security".into(), (security.len() as u64).into());
        return;
    }
    let age = updates.last_installed.as_deref().and_then(|last| days_between(last, &input.scan.date).map(|d| (last, d)));
    // The list of pending updates is the direct evidence; the age of the last update
    // stands in for it when the list could not be read.
    if let Some((last, days)) = age
        && days > max_age as i64
        && !pending_known
    {
        let auto = match updates.automatic {
            Some(false) => (" Automatic updates are turned off.", "自動更新は無効にされています。"),
            _ => ("", ""),
        };
        report.add(
            UPDATES,
            kenshin_policy::Status::Fail,
            "age",
            msg(
                format!(
                    "Updates were last installed on {last}, {days} days ago (more than {max_age}, the site's max_update_age_days).{}",
                    auto.0
                ),
                format!(
                    "更新プログラムの最終適用は {last}（{days} 日前）で、サイトの上限 {max_age} 日（max_update_age_days）を超えています。{}",
                    auto.1
                ),
            ),
            &evidence,
        );
        return;
    }
    // An empty list from a cache nobody refreshes proves nothing.
    let lists = updates.lists_refreshed.as_deref().and_then(|d| days_between(d, &input.scan.date).map(|n| (d, n)));
    if pending_known {
        if let Some((date, days)) = lists
            && days > max_age as i64
        {
            report.add(
                UPDATES,
                kenshin_policy::Status::Fail,
                "lists",
                msg(
                    format!(
                        "The newest package list is dated {date}, {days} days ago (more than {max_age}, the site's max_update_age_days): the host has not fetched newer lists, so updates published since then are not seen and \"nothing pending\" means nothing. Let the host refresh them (apt update, dnf makecache) and install what is pending"
                    ),
                    format!(
                        "最新のパッケージ一覧の日付は {date}（{days} 日前）で、サイトの上限 {max_age} 日（max_update_age_days）を超えています。その後に公開された更新は検出されないため、未適用なしとは判断できません。一覧を更新（apt update、dnf makecache）し、未適用の更新を適用してください"
                    ),
                ),
                &evidence,
            );
            return;
        }
        if lists.is_none() && facts.is_unknown("host.updates.lists_refreshed") {
            report.unknown(
                UPDATES,
                "lists",
                msg(
                    "No security update is pending in the package manager's cache, but when that cache was last refreshed could not be determined",
                    "パッケージ管理のキャッシュに未適用のセキュリティ更新はありませんが、キャッシュの最終更新日を確認できません",
                ),
                &evidence,
            );
            return;
        }
    }
    match (pending_known, age) {
        (true, _) => report.pass(
            UPDATES,
            "pending",
            msg("No security update is waiting to be installed", "未適用のセキュリティ更新はありません"),
            &evidence,
        ),
        (false, Some((last, days))) => report.pass(
            UPDATES,
            "age",
            msg(
                format!("Updates were last installed on {last}, {days} days ago (pending updates could not be listed)"),
                format!("更新プログラムの最終適用は {last}（{days} 日前）です（未適用の更新は一覧できませんでした）"),
            ),
            &evidence,
        ),
        (false, None) => report.unknown(
            UPDATES,
            "updates",
            msg(
                "Neither pending updates nor the date of the last update could be determined",
                "未適用の更新も最終適用日も確認できません",
            ),
            &evidence,
        ),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{facts, input};
    use kenshin_policy::{Host, PendingUpdate, Status, Updates};

    fn host(updates: Option<Updates>, unknown: &[&str]) -> Status {
        let mut f = facts("windows");
        f.host = Some(Host { updates, ..Default::default() });
        for u in unknown {
            f.mark_unknown(*u);
        }
        let mut r = Report::new();
        evaluate(&input(f), &mut r);
        r.results()[0].status
    }

    fn pending(security: bool) -> PendingUpdate {
        PendingUpdate { name: "KB5044277".into(), installed_version: None, available_version: None, security, evidence: vec![] }
    }

    #[test]
    fn days_are_counted_across_months_and_leap_years() {
        assert_eq!(days_between("2024-02-28", "2024-03-01"), Some(2));
        assert_eq!(days_between("2023-02-28", "2023-03-01"), Some(1));
        assert_eq!(days_between("2021-01-13", "2026-11-27"), Some(2144));
        assert_eq!(days_between("2026-11-27", "2026-11-27"), Some(0));
        assert_eq!(days_between("bad", "2026-11-27"), None);
    }

    #[test]
    fn pending_security_updates_fail_others_do_not() {
        let u =
            |p: Vec<PendingUpdate>| Some(Updates { pending: p, last_installed: Some("2026-11-20".into()), ..Default::default() });
        assert_eq!(host(u(vec![pending(true)]), &[]), Status::Fail);
        assert_eq!(host(u(vec![pending(false)]), &[]), Status::Pass);
    }

    #[test]
    fn age_of_the_last_update_against_the_site_limit() {
        let u = |last: &str| Some(Updates { last_installed: Some(last.into()), ..Default::default() });
        let unknown_pending = ["host.updates.pending"];
        // The shared test input is dated 2026-11-27; the default limit is 90 days.
        assert_eq!(host(u("2026-08-29"), &unknown_pending), Status::Pass);
        assert_eq!(host(u("2026-08-28"), &unknown_pending), Status::Fail);
        assert_eq!(host(u("2021-01-13"), &unknown_pending), Status::Fail);
        // A complete list of pending updates outranks the age of the last one.
        assert_eq!(host(u("2021-01-13"), &[]), Status::Pass);
        assert_eq!(host(Some(Updates::default()), &unknown_pending), Status::Unknown);
        assert_eq!(host(None, &["host.updates"]), Status::Unknown);
    }

    #[test]
    fn an_empty_list_from_a_stale_cache_is_no_pass() {
        let u = |refreshed: Option<&str>| {
            Some(Updates { lists_refreshed: refreshed.map(str::to_string), last_installed: None, ..Default::default() })
        };
        assert_eq!(host(u(Some("2026-11-26")), &[]), Status::Pass);
        assert_eq!(host(u(Some("2026-08-29")), &[]), Status::Pass);
        assert_eq!(host(u(Some("2026-08-28")), &[]), Status::Fail);
        assert_eq!(host(u(None), &["host.updates.lists_refreshed"]), Status::Unknown);
        // Windows asks the update service itself: no cache date, nothing unknown.
        assert_eq!(host(u(None), &[]), Status::Pass);
        // Pending security updates fail whatever the cache's age.
        let mut stale = u(Some("2023-06-20"));
        stale.as_mut().expect("updates").pending.push(pending(true));
        assert_eq!(host(stale, &[]), Status::Fail);
    }

    #[test]
    fn network_devices_are_not_applicable_unknown_hosts_are_unknown() {
        let mut r = Report::new();
        evaluate(&input(facts("cisco_ios")), &mut r);
        assert_eq!(r.results()[0].status, Status::NotApplicable);
        let mut f = facts("linux");
        f.mark_unknown("host");
        let mut r = Report::new();
        evaluate(&input(f), &mut r);
        assert_eq!(r.results()[0].status, Status::Unknown);
    }
}
