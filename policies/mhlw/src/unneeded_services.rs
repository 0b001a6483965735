//! 2-(9) 不要なサービスの停止: clear-text management and default SNMP communities.

use kenshin_policy::{Input, Report, ServiceName, msg};

pub const TELNET: &str = "MHLW-V-TELNET";
pub const HTTP: &str = "MHLW-V-HTTP";
pub const SNMP_DEFAULT: &str = "MHLW-V-SNMP-DEFAULT";

pub fn evaluate(input: &Input, report: &mut Report) {
    service_off(
        input,
        report,
        TELNET,
        ServiceName::Telnet,
        "Telnet (clear-text remote login)",
        "Telnet（平文のリモートログイン）",
    );
    service_off(input, report, HTTP, ServiceName::Http, "Plain HTTP management", "HTTP（平文）による管理画面");
    default_community(input, report);
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
        });
        let mut r = Report::new();
        evaluate(&input(f), &mut r);
        assert_eq!(r.of(TELNET)[0].status, Status::Fail);
        assert_eq!(r.of(HTTP)[0].status, Status::Pass);
        assert_eq!(r.of(SNMP_DEFAULT)[0].status, Status::Fail);
        assert!(!r.of(SNMP_DEFAULT)[0].message.en.contains("public\""));
    }
}
