//! 2-(6) access_log on every device: logs sent off the device (remote syslog, event
//! forwarding), where an intruder with administrator rights cannot erase them and
//! where they survive a reboot or a ransomware-encrypted disk.

use kenshin_policy::{Input, Report, msg};

pub const REMOTE: &str = "MHLW-L-REMOTE";

pub fn evaluate(input: &Input, report: &mut Report) {
    let facts = &input.device;
    let unknown = facts.is_unknown("logging") || facts.is_unknown("logging.remote_hosts");
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
        r.results()[0].status
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
        f.mark_unknown("logging");
        assert_eq!(status(f), Status::Unknown);
    }
}
