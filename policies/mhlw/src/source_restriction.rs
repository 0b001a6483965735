//! 2-(8) 接続元制限: who may reach the device's management and VPN services.
//!
//! The incidents of Handa (2021), Osaka (2022) and Okayama (2024) all went through a
//! maintenance VPN appliance reachable from anywhere. Each rule here fails a path
//! that accepts any source, and — where the site declared its management networks
//! and vendor maintenance sources in `site.toml` — a path open to anything else.

use kenshin_policy::cidr::{self, Source};
use kenshin_policy::{Evidence, Input, InterfaceRole, Report, ServiceName, msg};

pub const MGMT: &str = "MHLW-S-MGMT";
pub const SNMP: &str = "MHLW-S-SNMP";
pub const ADMIN: &str = "MHLW-S-ADMIN";
pub const WAN: &str = "MHLW-S-WAN";
pub const VPN: &str = "MHLW-S-VPN";

pub fn evaluate(input: &Input, report: &mut Report) {
    management(input, report);
    snmp(input, report);
    admin_sources(input, report);
    wan(input, report);
    vpn(input, report);
}

/// Judges `sources` against "any" and the site's declared networks, and reports it
/// for `rule`: fail when anyone (or anyone outside the declared networks) may connect,
/// unknown when a source cannot be resolved, pass otherwise. `what` names the path
/// in English and Japanese ("ssh management on vty 0 4", "vty 0 4 の ssh 管理アクセス").
fn report_sources(
    input: &Input,
    report: &mut Report,
    rule: &str,
    subject: &str,
    sources: &[String],
    evidence: &[Evidence],
    what: (&str, &str),
) {
    let (en, ja) = what;
    if cidr::any_is_any(sources) {
        report.fail(
            rule,
            subject,
            msg(
                format!("{en} accepts connections from any source address"),
                format!("{ja}に接続元制限がありません（全ての送信元から接続可能）"),
            ),
            evidence,
        );
        return;
    }
    let unresolved: Vec<&str> =
        sources.iter().map(String::as_str).filter(|s| matches!(cidr::parse(s), Source::Other(_))).collect();
    if !unresolved.is_empty() {
        let names = unresolved.join(", ");
        report.unknown(
            rule,
            subject,
            msg(format!("{en}: sources {names} could not be resolved"), format!("{ja}の接続元 {names} を解決できません")),
            evidence,
        );
        return;
    }
    let declared: Vec<&String> = input.site.management_networks.iter().chain(&input.site.vendor_maintenance_sources).collect();
    let outside = if declared.is_empty() { Vec::new() } else { cidr::outside(sources, &declared) };
    if outside.is_empty() {
        let list = sources.join(", ");
        report.pass(
            rule,
            subject,
            msg(format!("{en} is restricted to {list}"), format!("{ja}は {list} に制限されています")),
            evidence,
        );
    } else {
        let out = outside.join(", ");
        report.fail(
            rule,
            subject,
            msg(
                format!("{en} allows {out}, outside the management networks and vendor sources declared in site.toml"),
                format!("{ja}が site.toml に登録された管理用ネットワーク・保守事業者以外の {out} から許可されています"),
            ),
            evidence,
        );
    }
}

fn management(input: &Input, report: &mut Report) {
    let facts = &input.device;
    let entries: Vec<_> = facts
        .management_access
        .iter()
        .filter(|m| {
            matches!(
                m.service,
                ServiceName::Ssh | ServiceName::Telnet | ServiceName::Http | ServiceName::Https | ServiceName::Rdp
            )
        })
        .collect();
    // Unknown parts are reported even when other paths were judged: a vty line that
    // could not be read must not hide behind a restricted web server.
    let unknown = facts.is_unknown("management_access");
    if unknown {
        report.unknown(
            MGMT,
            "management",
            msg("Some management access could not be determined", "管理アクセスの設定の一部を確認できません"),
            &[],
        );
    }
    if entries.is_empty() {
        if !unknown {
            report.pass(
                MGMT,
                "management",
                msg(
                    "No SSH/Telnet/HTTP(S)/RDP management access is configured",
                    "SSH/Telnet/HTTP(S)/RDP による管理アクセスは設定されていません",
                ),
                &[],
            );
        }
        return;
    }
    for m in entries {
        let service = m.service.as_str();
        let place = m.interface.clone().unwrap_or_else(|| "global".into());
        let subject = format!("{service}|{place}");
        report_sources(
            input,
            report,
            MGMT,
            &subject,
            &m.sources,
            &m.evidence,
            (&format!("{service} management on {place}"), &format!("{place} の {service} 管理アクセス")),
        );
    }
}

fn snmp(input: &Input, report: &mut Report) {
    let facts = &input.device;
    let agent = facts.service(ServiceName::Snmp);
    let communities = facts.snmp.as_ref().map(|s| s.communities.as_slice()).unwrap_or(&[]);
    match agent {
        None if facts.is_unknown("snmp") || facts.is_unknown("services.snmp") || facts.is_unknown("services") => {
            report.unknown(SNMP, "snmp", msg("SNMP configuration could not be determined", "SNMP の設定を確認できません"), &[]);
            return;
        }
        Some(s) if !s.enabled => {
            report.not_applicable(SNMP, msg("The SNMP agent is disabled", "SNMP エージェントは無効です"));
            return;
        }
        _ => {}
    }
    // An agent seen over SNMP alone: its community ACLs cannot be read from outside.
    let unseen = facts.is_unknown("snmp") || facts.is_unknown("snmp.communities");
    if communities.is_empty() && unseen {
        report.unknown(
            SNMP,
            "snmp",
            msg(
                "The SNMP agent answers, but which managers it accepts could not be determined",
                "SNMP エージェントは応答しますが、許可された接続元を確認できません",
            ),
            agent.map(|a| a.evidence.as_slice()).unwrap_or(&[]),
        );
        return;
    }
    if communities.is_empty() {
        report.not_applicable(
            SNMP,
            msg("No SNMP v1/v2c community is configured", "SNMP v1/v2c のコミュニティは設定されていません"),
        );
        return;
    }
    for (i, c) in communities.iter().enumerate() {
        // The community string is a secret: results name it by position only.
        let subject = format!("community#{}", i + 1);
        report_sources(
            input,
            report,
            SNMP,
            &subject,
            &c.sources,
            &c.evidence,
            (&format!("SNMP community #{}", i + 1), &format!("SNMP コミュニティ #{} ", i + 1)),
        );
    }
}

fn admin_sources(input: &Input, report: &mut Report) {
    let facts = &input.device;
    if facts.is_unknown("accounts") {
        report.unknown(
            ADMIN,
            "accounts",
            msg("Administrator accounts could not be determined", "管理者アカウントを確認できません"),
            &[],
        );
        return;
    }
    let with_restriction: Vec<_> = facts.accounts.iter().filter_map(|a| a.allowed_sources.as_ref().map(|s| (a, s))).collect();
    if with_restriction.is_empty() {
        report.not_applicable(
            ADMIN,
            msg(
                "The platform has no per-account source restriction (see MHLW-S-MGMT)",
                "このプラットフォームにはアカウント単位の接続元制限がありません（MHLW-S-MGMT を参照）",
            ),
        );
        return;
    }
    for (account, sources) in with_restriction {
        let subject = format!("account|{}", account.name);
        report_sources(
            input,
            report,
            ADMIN,
            &subject,
            sources,
            &account.evidence,
            (
                &format!("Administrator {:?} (trusted hosts)", account.name),
                &format!("管理者 {:?} の信頼済みホスト（trusthost）", account.name),
            ),
        );
    }
}

fn wan(input: &Input, report: &mut Report) {
    let facts = &input.device;
    if facts.is_unknown("interfaces") || facts.is_unknown("management_access") {
        report.unknown(
            WAN,
            "wan",
            msg(
                "Interfaces or management access could not be determined",
                "インターフェースまたは管理アクセスの設定を確認できません",
            ),
            &[],
        );
        return;
    }
    let wan: Vec<_> = facts.interfaces.iter().filter(|i| i.role == InterfaceRole::Wan).collect();
    if wan.is_empty() {
        report.not_applicable(
            WAN,
            msg(
                "No interface is identified as internet-facing (WAN)",
                "インターネット側（WAN）と判定できるインターフェースがありません",
            ),
        );
        return;
    }
    for iface in wan {
        // Access bound to this interface, and access not bound to any interface (IOS
        // vty lines, the HTTP server: they listen everywhere) that no ACL restricts.
        let bound = |m: &kenshin_policy::ManagementAccess| {
            facts.interfaces.iter().any(|i| m.interface.as_deref() == Some(i.name.as_str()))
        };
        let open: Vec<_> = facts
            .management_access
            .iter()
            .filter(|m| m.interface.as_deref() == Some(iface.name.as_str()) || (!bound(m) && m.is_unrestricted()))
            .filter(|m| {
                matches!(
                    m.service,
                    ServiceName::Http | ServiceName::Https | ServiceName::Ssh | ServiceName::Telnet | ServiceName::Snmp
                )
            })
            .collect();
        let subject = format!("interface|{}", iface.name);
        if open.is_empty() {
            report.pass(
                WAN,
                &subject,
                msg(
                    format!("No management protocol is allowed on WAN interface {}", iface.name),
                    format!("WAN インターフェース {} では管理プロトコルが許可されていません", iface.name),
                ),
                &iface.evidence,
            );
        } else {
            let names: Vec<&str> = open.iter().map(|m| m.service.as_str()).collect();
            let evidence: Vec<_> = open.iter().flat_map(|m| m.evidence.clone()).collect();
            let r = report.add(
                WAN,
                kenshin_policy::Status::Fail,
                &subject,
                msg(
                    format!("WAN interface {} allows management protocols: {}", iface.name, names.join(", ")),
                    format!("WAN インターフェース {} で管理プロトコル（{}）が許可されています", iface.name, names.join(", ")),
                ),
                &evidence,
            );
            r.properties.insert("services".into(), names.into());
        }
    }
}

/// How a remote-access channel is named in messages: its kind and configuration name
/// (`SSL-VPN`, `IPsec ike gateway maint-gw`).
pub(crate) fn remote_access_label(r: &kenshin_policy::RemoteAccess) -> String {
    let kind = match r.kind {
        kenshin_policy::RemoteAccessKind::SslVpn => "SSL-VPN",
        kenshin_policy::RemoteAccessKind::Ipsec => "IPsec",
        kenshin_policy::RemoteAccessKind::L2tp => "L2TP",
        kenshin_policy::RemoteAccessKind::Pptp => "PPTP",
        kenshin_policy::RemoteAccessKind::CloudManagement => "cloud management",
        kenshin_policy::RemoteAccessKind::Other => "remote access",
    };
    match &r.name {
        Some(n) => format!("{kind} {n}"),
        None => kind.to_string(),
    }
}

fn vpn(input: &Input, report: &mut Report) {
    let facts = &input.device;
    let enabled: Vec<_> = facts.remote_access.iter().filter(|r| r.enabled).collect();
    if enabled.is_empty() {
        if facts.is_unknown("remote_access") || facts.is_unknown("remote_access.ssl_vpn") {
            report.unknown(VPN, "vpn", msg("VPN configuration could not be determined", "VPN の設定を確認できません"), &[]);
        } else {
            report.not_applicable(VPN, msg("No VPN or remote access is enabled", "VPN・リモートアクセスは有効になっていません"));
        }
        return;
    }
    for r in enabled {
        let label = remote_access_label(r);
        let subject = format!("vpn|{label}");
        report_sources(input, report, VPN, &subject, &r.peer_sources, &r.evidence, (&label, &label));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{facts, input};
    use kenshin_policy::{Account, Evidence, Interface, ManagementAccess, PasswordStorage, Privilege, Status};

    fn mgmt(service: ServiceName, iface: &str, sources: &[&str]) -> ManagementAccess {
        ManagementAccess {
            service,
            interface: Some(iface.into()),
            sources: sources.iter().map(|s| s.to_string()).collect(),
            restricted_by: None,
            evidence: vec![Evidence::line("c.txt", 3)],
        }
    }

    #[test]
    fn management_any_fails_restricted_passes_declared_networks_count() {
        let mut f = facts("cisco_ios");
        f.management_access.push(mgmt(ServiceName::Ssh, "vty 0 4", &["any"]));
        f.management_access.push(mgmt(ServiceName::Ssh, "vty 5 15", &["192.0.2.0/26"]));
        let mut r = Report::new();
        management(&input(f.clone()), &mut r);
        assert_eq!(r.results().iter().map(|x| x.status).collect::<Vec<_>>(), vec![Status::Fail, Status::Pass]);
        let mut i = input(f);
        i.site.management_networks = vec!["10.0.0.0/8".into()];
        let mut r = Report::new();
        management(&i, &mut r);
        assert_eq!(r.results()[1].status, Status::Fail);
        assert!(r.results()[1].message.en.contains("outside"));
    }

    #[test]
    fn wan_and_admin() {
        let mut f = facts("fortinet");
        f.interfaces.push(Interface {
            name: "wan1".into(),
            role: InterfaceRole::Wan,
            addresses: vec![],
            description: None,
            evidence: vec![],
        });
        f.management_access.push(mgmt(ServiceName::Https, "wan1", &["192.0.2.0/24"]));
        f.accounts.push(Account {
            builtin: false,
            name: "admin".into(),
            privilege: Privilege::Admin,
            password_storage: PasswordStorage::Strong,
            enabled: Some(true),
            last_login: None,
            allowed_sources: Some(vec!["any".into()]),
            two_factor: Some(false),
            evidence: vec![],
        });
        let mut r = Report::new();
        evaluate(&input(f), &mut r);
        assert_eq!(r.of(WAN)[0].status, Status::Fail);
        assert_eq!(r.of(ADMIN)[0].status, Status::Fail);
        assert_eq!(r.of(VPN)[0].status, Status::NotApplicable);
    }

    #[test]
    fn an_unknown_path_is_reported_beside_judged_ones() {
        let mut f = facts("cisco_ios");
        f.management_access.push(mgmt(ServiceName::Https, "global", &["10.0.0.0/8"]));
        f.mark_unknown("management_access.vty");
        let mut r = Report::new();
        management(&input(f), &mut r);
        let statuses: Vec<_> = r.of(MGMT).iter().map(|x| x.status).collect();
        assert!(statuses.contains(&Status::Unknown) && statuses.contains(&Status::Pass), "{statuses:?}");
    }

    #[test]
    fn unknowns_are_never_pass() {
        let mut f = facts("cisco_ios");
        for p in ["management_access", "accounts", "interfaces", "snmp", "remote_access"] {
            f.mark_unknown(p);
        }
        let mut r = Report::new();
        evaluate(&input(f), &mut r);
        for rule in [MGMT, SNMP, ADMIN, WAN, VPN] {
            assert_eq!(r.of(rule)[0].status, Status::Unknown, "{rule}");
        }
    }
}
