//! 2-(6) access_log on every device: logs sent off the device (remote syslog, event
//! forwarding), where an intruder with administrator rights cannot erase them and
//! where they survive a reboot or a ransomware-encrypted disk; a time source, without
//! which the logs of different devices cannot be put side by side; and, on network
//! devices, logins recorded at all (servers' and PCs' logon audit is judged in
//! [`crate::host_checks`]).

use kenshin_policy::{Input, Report, msg};

pub const REMOTE: &str = "MHLW-L-REMOTE";
pub const TIME: &str = "MHLW-L-TIME";

pub fn evaluate(input: &Input, report: &mut Report) {
    remote(input, report);
    time(input, report);
}

/// Whether a network device records logins, successful and failed, for `rule`
/// (MHLW-L-AUDIT): the guideline asks for at least the login time to be kept.
pub fn device_logins(input: &Input, report: &mut Report, rule: &str) {
    let facts = &input.device;
    match facts.logging.as_ref().and_then(|l| l.logins.as_ref()) {
        Some(a) if a.logons => report.pass(
            rule,
            "logins",
            msg(
                format!("Logins are recorded{}", a.detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default()),
                // The detail names the configuration lines, in the vendor's own words.
                format!("ログインは記録されています{}", a.detail.as_ref().map(|d| format!("（{d}）")).unwrap_or_default()),
            ),
            &a.evidence,
        ),
        Some(a) => report.fail(
            rule,
            "logins",
            msg(
                format!(
                    "Logins are not recorded{}: configure the device to log successful and failed logins, and send the log to the syslog server",
                    a.detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default()
                ),
                format!(
                    "ログイン（成功・失敗）が記録されていません{}。ログインを記録する設定にし、syslog サーバへ送信してください",
                    a.detail.as_ref().map(|d| format!("（{d}）")).unwrap_or_default()
                ),
            ),
            &a.evidence,
        ),
        None => report.unknown(
            rule,
            "logins",
            msg(
                "Whether the device records logins could not be determined from its configuration: check that its log shows logins",
                "機器がログインを記録しているか設定から確認できません。機器のログにログインが記録されていることを確認してください",
            ),
            &[],
        ),
    }
}

fn time(input: &Input, report: &mut Report) {
    let facts = &input.device;
    // `logging` itself, not `logging.logins` below it.
    let unknown = facts.is_unknown_itself("logging") || facts.is_unknown("logging.ntp_servers");
    match &facts.logging {
        Some(l) if !l.ntp_servers.is_empty() => report.pass(
            TIME,
            "time",
            msg(
                format!("The clock follows {}", l.ntp_servers.join(", ")),
                format!("時刻は {} に同期しています", l.ntp_servers.join(", ")),
            ),
            &l.evidence,
        ),
        Some(l) if !unknown => report.fail(
            TIME,
            "time",
            msg(
                "No time source is configured: log times cannot be trusted or correlated across devices",
                "時刻同期先が設定されていません。ログの時刻を信頼できず、機器間で突き合わせられません",
            ),
            &l.evidence,
        ),
        _ => report.unknown(
            TIME,
            "time",
            msg("Time synchronisation could not be determined", "時刻同期の設定を確認できません"),
            &[],
        ),
    }
}

fn remote(input: &Input, report: &mut Report) {
    let facts = &input.device;
    let unknown = facts.is_unknown_itself("logging") || facts.is_unknown("logging.remote_hosts");
    match &facts.logging {
        Some(l) if !l.remote_hosts.is_empty() => report.pass(
            REMOTE,
            "remote",
            msg(format!("Logs are sent to {}", l.remote_hosts.join(", ")), format!("ログは {} に送信されています", l.remote_hosts.join(", "))),
            &l.evidence,
        ),
        Some(l) if !unknown => report.fail(
            REMOTE,
            "remote",
            msg(
                "Logs stay on the device only: send them to a log server (syslog, event forwarding) so that they survive the device and an intruder cannot erase them",
                "ログが機器内にしかありません。ログサーバ（syslog、イベント転送）に送信し、機器の障害や侵入者による消去に備えてください",
            ),
            &l.evidence,
        ),
        _ => report.unknown(
            REMOTE,
            "remote",
            msg("Where logs are sent could not be determined", "ログの送信先を確認できません"),
            &[],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{facts, input};
    use kenshin_policy::{Logging, Status};

    fn status(f: kenshin_policy::Facts) -> Status {
        let mut r = Report::new();
        evaluate(&input(f), &mut r);
        r.results().iter().find(|x| x.rule == REMOTE).map(|x| x.status).expect("remote result")
    }

    #[test]
    fn remote_logging() {
        let mut f = facts("cisco_ios");
        assert_eq!(status(f.clone()), Status::Fail, "logging known and empty");
        f.logging = Some(Logging { remote_hosts: vec!["10.0.0.5".into()], ..Default::default() });
        assert_eq!(status(f.clone()), Status::Pass);
        f.logging = None;
        assert_eq!(status(f.clone()), Status::Unknown);
        f.logging = Some(Logging::default());
        // Login logging not determined says nothing about the syslog hosts.
        f.mark_unknown("logging.logins");
        assert_eq!(status(f.clone()), Status::Fail);
        f.mark_unknown("logging");
        assert_eq!(status(f), Status::Unknown);
    }

    #[test]
    fn network_devices_record_logins() {
        let logins = |f: kenshin_policy::Facts| {
            let mut r = Report::new();
            device_logins(&input(f), &mut r, "A");
            r.results().iter().map(|x| x.status).collect::<Vec<_>>()
        };
        let audit = |logons| kenshin_policy::Audit { logons, detail: Some("login on-failure log".into()), evidence: vec![] };
        let mut f = facts("cisco_ios");
        f.logging = Some(Logging { logins: Some(audit(true)), ..Default::default() });
        assert_eq!(logins(f.clone()), [Status::Pass]);
        f.logging = Some(Logging { logins: Some(audit(false)), ..Default::default() });
        assert_eq!(logins(f.clone()), [Status::Fail]);
        f.logging = Some(Logging::default());
        f.mark_unknown("logging.logins");
        assert_eq!(logins(f), [Status::Unknown]);
    }

    #[test]
    fn time_source() {
        let statuses = |f: kenshin_policy::Facts| {
            let mut r = Report::new();
            evaluate(&input(f), &mut r);
            r.results().iter().filter(|x| x.rule == TIME).map(|x| x.status).collect::<Vec<_>>()
        };
        let mut f = facts("nec_ix");
        assert_eq!(statuses(f.clone()), [Status::Fail]);
        f.logging = Some(Logging { ntp_servers: vec!["ntp.nict.jp".into()], ..Default::default() });
        assert_eq!(statuses(f.clone()), [Status::Pass]);
        f.logging = None;
        assert_eq!(statuses(f), [Status::Unknown]);
    }
}
