//! two_factor (R7): two-factor authentication, or a plan to introduce it by FY2027
//! (令和9年度), for administrators and for people's remote access (VPN).
//!
//! Handa (2021) and Okayama (2024) were entered through maintenance VPNs whose
//! passwords had leaked or were guessable; a second factor would have stopped both.
//! A VPN counts as people's access when it is a client VPN (SSL-VPN, L2TP, PPTP) or
//! IPsec open to any peer; site-to-site tunnels with fixed peers authenticate no
//! person and are not asked.

use kenshin_policy::{ANY_SOURCE, Evidence, Input, Privilege, RemoteAccess, RemoteAccessKind, Report, msg};

pub const TWO_FACTOR: &str = "MHLW-T-2FA";

pub fn evaluate(input: &Input, report: &mut Report) {
    administrators(input, report);
    remote_access(input, report);
}

fn administrators(input: &Input, report: &mut Report) {
    let facts = &input.device;
    let admins: Vec<_> = facts.accounts.iter().filter(|a| a.privilege == Privilege::Admin && a.enabled != Some(false)).collect();
    let policy = facts.auth_policy.as_ref().and_then(|p| p.two_factor);
    let evidence: Vec<Evidence> = admins.iter().flat_map(|a| a.evidence.iter().cloned()).collect();
    let all_2fa = !admins.is_empty() && admins.iter().all(|a| a.two_factor == Some(true));
    if policy == Some(true) || all_2fa {
        report.pass(
            TWO_FACTOR,
            "admins",
            msg("Administrators use two-factor authentication", "管理者は二要素認証を使用しています"),
            &evidence,
        );
        return;
    }
    let without: Vec<&str> = admins.iter().filter(|a| a.two_factor == Some(false)).map(|a| a.name.as_str()).collect();
    if policy == Some(false) || !without.is_empty() {
        let names = if without.is_empty() { String::from("administrators") } else { without.join(", ") };
        report.fail(
            TWO_FACTOR,
            "admins",
            msg(
                format!("{names}: no two-factor authentication (R7 asks for it, or a plan to introduce it by FY2027 — record the plan as an attestation)"),
                format!("{names}: 二要素認証が設定されていません（令和9年度までの導入計画がある場合は証跡として記録してください）"),
            ),
            &evidence,
        );
        return;
    }
    report.unknown(
        TWO_FACTOR,
        "admins",
        msg(
            "Whether administrators use two-factor authentication could not be determined (it may be enforced outside the device, e.g. by a RADIUS server)",
            "管理者の二要素認証の有無を確認できません（RADIUS 等、機器の外で実施されている場合があります）",
        ),
        &evidence,
    );
}

/// Whether people (not a peer site) log in through `r`.
fn serves_people(r: &RemoteAccess) -> bool {
    r.enabled
        && r.kind != RemoteAccessKind::CloudManagement
        && (r.two_factor.is_some()
            || matches!(r.kind, RemoteAccessKind::SslVpn | RemoteAccessKind::L2tp | RemoteAccessKind::Pptp)
            || r.peer_sources.iter().any(|p| p == ANY_SOURCE))
}

fn remote_access(input: &Input, report: &mut Report) {
    let facts = &input.device;
    let channels: Vec<&RemoteAccess> = facts.remote_access.iter().filter(|r| serves_people(r)).collect();
    // Channels seen pass or fail on their own; those not seen (a cut-off configuration)
    // keep the item unknown.
    if facts.is_unknown("remote_access") {
        report.unknown(
            TWO_FACTOR,
            "vpn",
            msg(
                "Not every remote access (VPN) channel could be determined",
                "リモートアクセス（VPN）の設定をすべては確認できません",
            ),
            &[],
        );
    }
    for r in channels {
        let label = crate::source_restriction::remote_access_label(r);
        // One channel may listen on several interfaces (ASA webvpn): one result each.
        let key = match &r.interface {
            Some(i) => format!("vpn|{label}|{i}"),
            None => format!("vpn|{label}"),
        };
        match r.two_factor {
            Some(true) => report.pass(
                TWO_FACTOR,
                &key,
                msg(
                    format!("Remote access {label} asks for a second factor"),
                    format!("リモートアクセス {label} は二要素認証を求めています"),
                ),
                &r.evidence,
            ),
            Some(false) => report.fail(
                TWO_FACTOR,
                &key,
                msg(
                    format!(
                        "Remote access {label} lets a person in with a password or shared key alone: add a second factor (one-time code, or a client certificate as well as the password), or record the plan to introduce it by FY2027"
                    ),
                    format!(
                        "リモートアクセス {label} はパスワードまたは共有鍵だけで接続できます。ワンタイムパスワードやクライアント証明書との組合せ等の二要素認証を設定するか、令和9年度までの導入計画を記録してください"
                    ),
                ),
                &r.evidence,
            ),
            None => report.unknown(
                TWO_FACTOR,
                &key,
                msg(
                    format!(
                        "Whether remote access {label} asks for a second factor could not be determined (users may be checked by an external server such as RADIUS): confirm it and record it as an attestation"
                    ),
                    format!(
                        "リモートアクセス {label} の二要素認証の有無を確認できません（RADIUS 等の外部サーバで認証している場合があります）。確認して証跡として記録してください"
                    ),
                ),
                &r.evidence,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{facts, input};
    use kenshin_policy::Status;

    fn statuses(f: kenshin_policy::Facts) -> Vec<(String, Status)> {
        let mut r = Report::new();
        evaluate(&input(f), &mut r);
        r.results().iter().filter(|x| x.rule == TWO_FACTOR).map(|x| (x.fingerprint.clone(), x.status)).collect()
    }

    fn vpn(kind: RemoteAccessKind, peer: &str, two_factor: Option<bool>) -> RemoteAccess {
        RemoteAccess {
            kind,
            name: Some(format!("{kind:?} {peer}")),
            enabled: true,
            peer_sources: vec![peer.into()],
            interface: None,
            two_factor,
            evidence: vec![],
        }
    }

    #[test]
    fn people_vpn_needs_a_second_factor_site_to_site_is_not_asked() {
        let mut f = facts("fortios");
        f.remote_access = vec![
            vpn(RemoteAccessKind::SslVpn, ANY_SOURCE, Some(false)),
            vpn(RemoteAccessKind::Ipsec, "203.0.113.10/32", None),
            vpn(RemoteAccessKind::L2tp, ANY_SOURCE, None),
            vpn(RemoteAccessKind::Ipsec, ANY_SOURCE, Some(true)),
            vpn(RemoteAccessKind::CloudManagement, "cloud:netmeister", None),
        ];
        let got: Vec<Status> = statuses(f.clone()).into_iter().filter(|(k, _)| k.starts_with("vpn|")).map(|(_, s)| s).collect();
        assert_eq!(got, [Status::Fail, Status::Unknown, Status::Pass]);
        // A disabled SSL-VPN lets nobody in.
        f.remote_access[0].enabled = false;
        f.remote_access.truncate(2);
        assert!(statuses(f).iter().all(|(k, _)| !k.starts_with("vpn|")));
    }

    #[test]
    fn unknown_remote_access_is_not_a_pass() {
        let mut f = facts("fortios");
        f.mark_unknown("remote_access");
        assert!(statuses(f.clone()).contains(&("vpn".to_string(), Status::Unknown)));
        // A channel seen with a second factor does not vouch for those cut off.
        f.remote_access = vec![vpn(RemoteAccessKind::SslVpn, ANY_SOURCE, Some(true))];
        assert!(statuses(f).contains(&("vpn".to_string(), Status::Unknown)));
    }
}
