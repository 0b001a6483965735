//! 2-(9) 不要なサービスの停止: clear-text management and default SNMP communities.

use kenshin_policy::{Input, Report, ServiceName, msg};

pub const TELNET: &str = "MHLW-V-TELNET";
pub const HTTP: &str = "MHLW-V-HTTP";
pub const SNMP_DEFAULT: &str = "MHLW-V-SNMP-DEFAULT";
pub const SNMP_V2C: &str = "MHLW-V-SNMP-V2C";

pub fn evaluate(input: &Input, report: &mut Report) {
    service_off(
        input,
        report,
        TELNET,
        ServiceName::Telnet,
        "Telnet (clear-text remote login)",
        "Telnet（平文のリモートログイン）",
    );
    // Servers and PCs have no web management console of their own: a web server they
    // run is an application (a PACS viewer, an e-chart front end), not this rule's
    // subject.
    if input.device.host.is_some() {
        report.not_applicable(
            HTTP,
            msg(
                "A server or PC has no web management interface of its own",
                "サーバ・端末PC には機器自体の Web 管理画面はありません",
            ),
        );
    } else {
        service_off(input, report, HTTP, ServiceName::Http, "Plain HTTP management", "HTTP（平文）による管理画面");
    }
    default_community(input, report);
    snmp_v1_v2c(input, report);
}

/// SNMPv1/v2c against the site's policy (`allow_snmp_v1_v2c`).
fn snmp_v1_v2c(input: &Input, report: &mut Report) {
    let facts = &input.device;
    let allowed = input.param_bool("allow_snmp_v1_v2c", false);
    match facts.service(ServiceName::Snmp) {
        Some(s) if !s.enabled => {
            report.pass(SNMP_V2C, "snmp", msg("The SNMP agent is disabled", "SNMP エージェントは無効です"), &s.evidence);
            return;
        }
        None => {
            report.unknown(
                SNMP_V2C,
                "snmp",
                msg("SNMP configuration could not be determined", "SNMP の設定を確認できません"),
                &[],
            );
            return;
        }
        _ => {}
    }
    let Some(snmp) = &facts.snmp else {
        report.unknown(
            SNMP_V2C,
            "snmp",
            msg("SNMP communities could not be determined", "SNMP コミュニティを確認できません"),
            &[],
        );
        return;
    };
    if !snmp.v1_v2c_in_use() {
        // An agent seen over SNMP (v3) may answer v2c too: only a configuration says not.
        if facts.is_unknown("snmp.communities") || !snmp.answered_versions.is_empty() {
            report.unknown(
                SNMP_V2C,
                "snmp",
                msg("Whether SNMPv1/v2c is also enabled could not be determined", "SNMPv1/v2c も有効かどうかを確認できません"),
                &[],
            );
        } else {
            let evidence: Vec<_> = snmp.v3_users.iter().flat_map(|u| u.evidence.iter().cloned()).collect();
            report.pass(SNMP_V2C, "snmp", msg("Only SNMPv3 is configured", "SNMPv3 のみが設定されています"), &evidence);
        }
        return;
    }
    let mut evidence: Vec<_> = snmp.communities.iter().flat_map(|c| c.evidence.iter().take(1).cloned()).collect();
    if let Some(s) = facts.service(ServiceName::Snmp) {
        evidence.extend(s.evidence.iter().cloned());
    }
    evidence.dedup_by(|a, b| a.artifact == b.artifact && a.lines == b.lines);
    if allowed {
        report.pass(
            SNMP_V2C,
            "snmp",
            msg(
                "SNMPv1/v2c is in use, which this site allows (allow_snmp_v1_v2c = true)",
                "SNMPv1/v2c を使用しています（site.toml で許可: allow_snmp_v1_v2c = true）",
            ),
            &evidence,
        );
    } else {
        report.fail(
            SNMP_V2C,
            "snmp",
            msg(
                "SNMPv1/v2c is in use: its community travels in clear text (the site does not allow it)",
                "SNMPv1/v2c を使用しています。コミュニティが平文で送られます（サイトで未許可）",
            ),
            &evidence,
        );
    }
}

fn service_off(input: &Input, report: &mut Report, rule: &str, name: ServiceName, en: &str, ja: &str) {
    let facts = &input.device;
    match facts.service(name) {
        Some(s) if s.enabled => {
            report.fail(rule, name.as_str(), msg(format!("{en} is enabled"), format!("{ja}が有効です")), &s.evidence)
        }
        Some(s) => report.pass(rule, name.as_str(), msg(format!("{en} is disabled"), format!("{ja}は無効です")), &s.evidence),
        None => report.unknown(
            rule,
            name.as_str(),
            msg(format!("Whether {en} is enabled could not be determined"), format!("{ja}の有効・無効を確認できません")),
            &[],
        ),
    }
}

fn default_community(input: &Input, report: &mut Report) {
    let facts = &input.device;
    let agent = facts.service(ServiceName::Snmp);
    let Some(agent) = agent else {
        report.unknown(
            SNMP_DEFAULT,
            "snmp",
            msg("SNMP configuration could not be determined", "SNMP の設定を確認できません"),
            &[],
        );
        return;
    };
    if !agent.enabled {
        report.pass(SNMP_DEFAULT, "snmp", msg("The SNMP agent is disabled", "SNMP エージェントは無効です"), &agent.evidence);
        return;
    }
    let Some(snmp) = &facts.snmp else {
        report.unknown(
            SNMP_DEFAULT,
            "snmp",
            msg("SNMP communities could not be determined", "SNMP コミュニティを確認できません"),
            &[],
        );
        return;
    };
    let defaults: Vec<_> = snmp.communities.iter().enumerate().filter(|(_, c)| c.default_name).collect();
    if defaults.is_empty() && facts.is_unknown("snmp.communities") {
        report.unknown(
            SNMP_DEFAULT,
            "snmp",
            msg(
                "The SNMP agent answers, but its communities cannot be read from outside (probe_default_communities tries the well-known ones)",
                "SNMP エージェントは応答しますが、コミュニティは外部から確認できません（既定値は probe_default_communities で確認）",
            ),
            &agent.evidence,
        );
        return;
    }
    if defaults.is_empty() {
        let evidence: Vec<_> = snmp.communities.iter().flat_map(|c| c.evidence.iter().take(1).cloned()).collect();
        report.pass(
            SNMP_DEFAULT,
            "snmp",
            msg(
                "No SNMP v1/v2c community uses a well-known default name",
                "既定値（public/private 等）の SNMP コミュニティはありません",
            ),
            &evidence,
        );
    }
    for (i, c) in defaults {
        report.fail(
            SNMP_DEFAULT,
            &format!("community#{}", i + 1),
            msg(
                format!(
                    "SNMP community #{} is a well-known default (public/private/...) and gives {} access",
                    i + 1,
                    if c.access == kenshin_policy::SnmpAccess::Rw { "read-write" } else { "read-only" }
                ),
                format!(
                    "SNMP コミュニティ #{} が既定値（public/private 等）です（{}）",
                    i + 1,
                    if c.access == kenshin_policy::SnmpAccess::Rw { "読み書き可" } else { "読み取り" }
                ),
            ),
            &c.evidence,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{facts, input};
    use kenshin_policy::{Evidence, Service, Snmp, SnmpAccess, SnmpCommunity, Status};

    #[test]
    fn telnet_states() {
        let mut f = facts("cisco_ios");
        let mut r = Report::new();
        evaluate(&input(f.clone()), &mut r);
        assert!(r.results().iter().all(|x| x.status == Status::Unknown));
        f.services.push(Service {
            name: ServiceName::Telnet,
            enabled: true,
            detail: None,
            evidence: vec![Evidence::line("c", 4)],
        });
        f.services.push(Service { name: ServiceName::Http, enabled: false, detail: None, evidence: vec![] });
        f.services.push(Service { name: ServiceName::Snmp, enabled: true, detail: None, evidence: vec![] });
        f.snmp = Some(Snmp {
            communities: vec![SnmpCommunity {
                access: SnmpAccess::Rw,
                sources: vec!["any".into()],
                default_name: true,
                evidence: vec![],
            }],
            v3_users: vec![],
            answered_versions: vec![],
        });
        let mut r = Report::new();
        evaluate(&input(f), &mut r);
        assert_eq!(r.of(TELNET)[0].status, Status::Fail);
        assert_eq!(r.of(HTTP)[0].status, Status::Pass);
        assert_eq!(r.of(SNMP_DEFAULT)[0].status, Status::Fail);
        assert!(!r.of(SNMP_DEFAULT)[0].message.en.contains("public\""));
    }

    #[test]
    fn snmp_v1_v2c_against_the_site_policy() {
        let with = |versions: &[&str], v3_users: Vec<kenshin_policy::SnmpV3User>, unknown: bool| {
            let mut f = facts("snmp");
            f.services.push(Service { name: ServiceName::Snmp, enabled: true, detail: None, evidence: vec![] });
            f.snmp =
                Some(Snmp { communities: vec![], v3_users, answered_versions: versions.iter().map(|v| v.to_string()).collect() });
            if unknown {
                f.unknown.push("snmp.communities".into());
            }
            f
        };
        let status = |f: kenshin_policy::Facts, allow: bool| {
            let mut i = input(f);
            i.params.insert("allow_snmp_v1_v2c".into(), serde_json::json!(allow));
            let mut r = Report::new();
            evaluate(&i, &mut r);
            r.of(SNMP_V2C)[0].status
        };
        // Answered over v2c: in use, against the site policy unless it allows it.
        assert_eq!(status(with(&["v2c"], vec![], true), false), Status::Fail);
        assert_eq!(status(with(&["v2c"], vec![], true), true), Status::Pass);
        // Answered over v3: whether v2c is on as well cannot be seen from outside.
        assert_eq!(status(with(&["v3"], vec![], true), false), Status::Unknown);
        assert_eq!(status(with(&["v3"], vec![], false), false), Status::Unknown);
        // A configuration with v3 users only.
        let user = kenshin_policy::SnmpV3User {
            name: "nms".into(),
            auth: Some("sha256".into()),
            privacy: Some("aes".into()),
            evidence: vec![],
        };
        assert_eq!(status(with(&[], vec![user], false), false), Status::Pass);
    }
}
