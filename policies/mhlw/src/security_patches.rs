//! 2-(7) セキュリティパッチ: firmware inside a known-exploited vulnerable range,
//! judged together with the configuration that makes the flaw reachable.

use kenshin_policy::version::{Family, Version};
use kenshin_policy::{Evidence, Facts, Input, RemoteAccessKind, Report, ServiceName, msg};

use crate::advisories::{Advisories, Condition, Exposure};

pub const KEV: &str = "MHLW-P-KEV";

pub fn evaluate(input: &Input, report: &mut Report) {
    let facts = &input.device;
    let Some(fw) = &facts.firmware else {
        report.unknown(
            KEV,
            "firmware",
            msg(
                "Firmware version could not be determined, so known-exploited vulnerabilities could not be checked",
                "ファームウェアのバージョンを特定できず、既知の悪用済み脆弱性を確認できません",
            ),
            &[],
        );
        return;
    };
    let data = match Advisories::from_input(input) {
        Ok(d) => d,
        Err(why) => {
            report.unknown(
                KEV,
                "advisories",
                msg(
                    format!("The pack's advisory data could not be read: {why}"),
                    format!("パックの脆弱性データを読めません: {why}"),
                ),
                &fw.evidence,
            );
            return;
        }
    };
    let mut relevant = data.for_os(&fw.os).peekable();
    if relevant.peek().is_none() {
        report.not_applicable(
            KEV,
            msg(
                format!("This pack's advisory data has no known-exploited vulnerability for {}", fw.os),
                format!("このパックの脆弱性データには {} の既知の悪用済み脆弱性がありません", fw.os),
            ),
        );
        return;
    }
    let parsed = Family::from_os(&fw.os).zip(fw.version.as_deref()).map(|(f, v)| (f, Version::parse(f, v)));
    let (family, version) = match parsed {
        Some((family, Ok(version))) => (family, version),
        _ => {
            report.unknown(
                KEV,
                "firmware",
                msg(
                    format!("Firmware version {:?} could not be read", fw.raw),
                    format!("ファームウェアのバージョン {:?} を解釈できません", fw.raw),
                ),
                &fw.evidence,
            );
            return;
        }
    };
    for adv in relevant {
        let subject = adv.cve.as_str();
        let range = match adv.exposure(family, &version) {
            Exposure::Affected(range) => range,
            Exposure::Outside => {
                report.pass(
                    KEV,
                    subject,
                    msg(
                        format!("{version} is outside the vulnerable ranges of {} ({})", adv.cve, adv.vendor_id),
                        format!("{version} は {} ({}) の影響範囲外です", adv.cve, adv.vendor_id),
                    ),
                    &fw.evidence,
                );
                continue;
            }
            Exposure::NotComparable => {
                report.unknown(
                    KEV,
                    subject,
                    msg(
                        format!(
                            "{version} cannot be ordered against the affected releases of {} (different release train)",
                            adv.cve
                        ),
                        format!("{version} は {} の影響バージョンと比較できません（リリーストレインが異なる）", adv.cve),
                    ),
                    &fw.evidence,
                );
                continue;
            }
        };
        let (fix_en, fix_ja) = match &range.fixed {
            Some(f) => (format!("update to {f} or later"), format!("{f} 以降へ更新してください")),
            None => (
                format!("this release train has no fix: move to a fixed train ({})", adv.source),
                format!("このリリーストレインには修正版がありません。修正済みのトレインへ移行してください（{}）", adv.source),
            ),
        };
        let (note_en, note_ja) = adv.note.as_ref().map(|n| (format!(" ({})", n.en), format!("（{}）", n.ja))).unwrap_or_default();
        let mut evidence = fw.evidence.clone();
        match condition(facts, adv.condition) {
            Some((true, cond_evidence)) => {
                evidence.extend(cond_evidence);
                let r = report.add(
                    KEV,
                    kenshin_policy::Status::Fail,
                    subject,
                    msg(
                        format!(
                            "{version} is affected by {} ({}), exploited in the wild, and {} — {fix_en}{note_en}",
                            adv.cve,
                            adv.vendor_id,
                            condition_en(adv.condition),
                        ),
                        format!(
                            "{version} は悪用が確認されている {} ({}) の影響を受け、{}。{fix_ja}{note_ja}",
                            adv.cve,
                            adv.vendor_id,
                            condition_ja(adv.condition),
                        ),
                    ),
                    &evidence,
                );
                r.properties.insert("cve".into(), adv.cve.clone().into());
                r.properties.insert("kev".into(), adv.kev.into());
                r.properties.insert("source".into(), adv.source.clone().into());
                if let Some(f) = &range.fixed {
                    r.properties.insert("fixed".into(), f.clone().into());
                }
            }
            Some((false, cond_evidence)) => {
                evidence.extend(cond_evidence);
                report.pass(
                    KEV,
                    subject,
                    msg(
                        format!(
                            "{version} is in the range of {} but the condition is not met ({} is off); {fix_en} anyway",
                            adv.cve,
                            condition_en(adv.condition),
                        ),
                        format!(
                            "{version} は {} の影響範囲内ですが前提条件（{}）を満たしません。念のため{fix_ja}",
                            adv.cve,
                            condition_ja(adv.condition),
                        ),
                    ),
                    &evidence,
                );
            }
            None => report.unknown(
                KEV,
                subject,
                msg(
                    format!("{version} is in the range of {}; could not verify whether {}", adv.cve, condition_en(adv.condition)),
                    format!("{version} は {} の影響範囲内です。{}かどうかを確認できません", adv.cve, condition_ja(adv.condition)),
                ),
                &evidence,
            ),
        }
    }
}

fn condition_en(c: Condition) -> &'static str {
    match c {
        Condition::SslVpn => "SSL-VPN is enabled",
        Condition::AdminWeb => "the HTTP/HTTPS admin interface is reachable",
        Condition::WebUi => "the web UI (ip http server / secure-server) is enabled",
    }
}

fn condition_ja(c: Condition) -> &'static str {
    match c {
        Condition::SslVpn => "SSL-VPN が有効です",
        Condition::AdminWeb => "HTTP/HTTPS の管理画面に到達可能です",
        Condition::WebUi => "Web UI（ip http server / secure-server）が有効です",
    }
}

/// Whether the condition holds: `Some((holds, evidence))`, or `None` when unknown.
fn condition(facts: &Facts, c: Condition) -> Option<(bool, Vec<Evidence>)> {
    match c {
        Condition::SslVpn => {
            let vpns: Vec<_> = facts.remote_access.iter().filter(|r| r.kind == RemoteAccessKind::SslVpn).collect();
            if let Some(on) = vpns.iter().find(|r| r.enabled) {
                return Some((true, on.evidence.clone()));
            }
            if facts.is_unknown("remote_access") || facts.is_unknown("remote_access.ssl_vpn") {
                return None;
            }
            Some((false, vpns.iter().flat_map(|r| r.evidence.clone()).collect()))
        }
        Condition::AdminWeb => {
            let web: Vec<_> =
                facts.management_access.iter().filter(|m| matches!(m.service, ServiceName::Http | ServiceName::Https)).collect();
            if !web.is_empty() {
                return Some((true, web.iter().flat_map(|m| m.evidence.clone()).collect()));
            }
            if facts.is_unknown("management_access") {
                return None;
            }
            Some((false, Vec::new()))
        }
        Condition::WebUi => {
            let mut evidence = Vec::new();
            let mut unknown = false;
            for name in [ServiceName::Http, ServiceName::Https] {
                match facts.service(name) {
                    Some(s) if s.enabled => return Some((true, s.evidence.clone())),
                    Some(s) => evidence.extend(s.evidence.clone()),
                    None => unknown = true,
                }
            }
            if unknown { None } else { Some((false, evidence)) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{facts, input};
    use kenshin_policy::{Firmware, RemoteAccess, Service, Status};

    fn fortios(version: &str, ssl_vpn: Option<bool>) -> Facts {
        let mut f = facts("fortinet");
        f.firmware = Some(Firmware {
            vendor: "fortinet".into(),
            os: "fortios".into(),
            model: None,
            version: Some(version.into()),
            raw: version.into(),
            evidence: vec![Evidence::line("get_system_status.txt", 1)],
        });
        match ssl_vpn {
            Some(enabled) => f.remote_access.push(RemoteAccess {
                kind: RemoteAccessKind::SslVpn,
                name: None,
                enabled,
                peer_sources: vec!["any".into()],
                interface: None,
                two_factor: None,
                evidence: vec![Evidence::line("show_full-configuration.txt", 40)],
            }),
            None => f.mark_unknown("remote_access.ssl_vpn"),
        }
        f
    }

    fn status_of(report: &Report, cve: &str) -> Status {
        report.results().iter().find(|r| r.fingerprint == cve).map(|r| r.status).unwrap_or_else(|| panic!("no result for {cve}"))
    }

    #[test]
    fn handa_fortigate_fails_cve_2018_13379() {
        let mut r = Report::new();
        evaluate(&input(fortios("6.0.4", Some(true))), &mut r);
        assert_eq!(status_of(&r, "CVE-2018-13379"), Status::Fail);
        assert_eq!(status_of(&r, "CVE-2023-27997"), Status::Fail);
        assert_eq!(status_of(&r, "CVE-2022-40684"), Status::Pass);
        let fail = r.results().iter().find(|x| x.fingerprint == "CVE-2018-13379").unwrap();
        assert!(fail.evidence.iter().any(|e| e.lines == [40, 40]), "condition evidence included");
    }

    #[test]
    fn condition_off_passes_and_unknown_condition_is_unknown() {
        let mut r = Report::new();
        evaluate(&input(fortios("6.0.4", Some(false))), &mut r);
        assert_eq!(status_of(&r, "CVE-2018-13379"), Status::Pass);
        let mut r = Report::new();
        evaluate(&input(fortios("6.0.4", None)), &mut r);
        assert_eq!(status_of(&r, "CVE-2018-13379"), Status::Unknown);
    }

    #[test]
    fn boundaries() {
        for (v, expect) in [("6.0.5", Status::Pass), ("5.4.6", Status::Fail), ("5.4.5", Status::Pass), ("5.6.7", Status::Fail)] {
            let mut r = Report::new();
            evaluate(&input(fortios(v, Some(true))), &mut r);
            assert_eq!(status_of(&r, "CVE-2018-13379"), expect, "{v}");
        }
        let mut r = Report::new();
        evaluate(&input(fortios("7.4.3", Some(true))), &mut r);
        assert!(r.results().iter().all(|x| x.status == Status::Pass), "{:?}", r.results());
    }

    #[test]
    fn ios_xe_web_ui() {
        let mut f = facts("cisco_xe");
        f.firmware = Some(Firmware {
            vendor: "cisco".into(),
            os: "ios-xe".into(),
            model: None,
            version: Some("17.9.4".into()),
            raw: "17.09.04".into(),
            evidence: vec![],
        });
        f.services.push(Service { name: ServiceName::Http, enabled: false, detail: None, evidence: vec![] });
        f.services.push(Service {
            name: ServiceName::Https,
            enabled: true,
            detail: None,
            evidence: vec![Evidence::line("show_running-config.txt", 9)],
        });
        let mut r = Report::new();
        evaluate(&input(f.clone()), &mut r);
        assert_eq!(status_of(&r, "CVE-2023-20198"), Status::Fail);
        f.firmware.as_mut().unwrap().version = Some("17.9.4a".into());
        let mut r = Report::new();
        evaluate(&input(f), &mut r);
        assert_eq!(status_of(&r, "CVE-2023-20198"), Status::Pass);
    }

    #[test]
    fn unknown_firmware_and_other_os() {
        let mut f = facts("cisco_ios");
        let mut r = Report::new();
        evaluate(&input(f.clone()), &mut r);
        assert_eq!(r.results()[0].status, Status::Unknown);
        f.firmware = Some(Firmware {
            vendor: "cisco".into(),
            os: "ios".into(),
            model: None,
            version: Some("15.2(4)M7".into()),
            raw: "15.2(4)M7".into(),
            evidence: vec![],
        });
        let mut r = Report::new();
        evaluate(&input(f), &mut r);
        assert_eq!(r.results()[0].status, Status::NotApplicable);
    }
}
