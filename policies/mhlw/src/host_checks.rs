//! Checklist items asked of servers and PCs, judged from the host facts of the Linux
//! and Windows parsers (and, where the platform keeps them, network devices):
//!
//! - 2-(4) access_rights: the administrators group stays small and names people, not
//!   everyone (Osaka 2022: every user was an administrator). Network devices' accounts
//!   are handed to [`crate::accounts::device_administrators`].
//! - 2-(5) unused_accounts: enabled accounts not used for longer than the site allows.
//! - 2-(6) access_log: logons audited, and the security log large enough. Network
//!   devices' login logging is handed to [`crate::logs::device_logins`].
//! - password_policy (R7): 8+ characters mixed and changed periodically, or 13+, or
//!   two-factor authentication.
//! - usb_media (R7): USB mass storage blocked.
//! - 2-(9) unneeded_services on hosts: remote-control tools not on the site's
//!   register, SMB1, and clear-text services (FTP, rsh, VNC, TFTP).
//!
//! Every rule reports unknown when the facts it needs are unknown; the other checks are
//! not applicable to network devices unless the device has the fact.

use kenshin_policy::{Facts, Input, Report, ServiceName, Status, msg};

pub const ADMINS: &str = "MHLW-A-ADMINS";
pub const IDLE: &str = "MHLW-U-IDLE";
pub const AUDIT: &str = "MHLW-L-AUDIT";
pub const PASSWORD: &str = "MHLW-W-PASSWORD";
pub const USB: &str = "MHLW-M-USB";
pub const REMOTE_TOOLS: &str = "MHLW-V-REMOTE-TOOL";
pub const SMB1: &str = "MHLW-V-SMB1";
pub const CLEARTEXT: &str = "MHLW-V-CLEARTEXT";

/// Principals that mean "everybody" in an administrators group.
const BROAD_PRINCIPALS: &[&str] = &[
    "everyone",
    "domain users",
    "authenticated users",
    "users",
    "interactive",
    "ドメイン ユーザー",
    "ユーザー",
    "認証済みユーザー",
];

/// Remote-control software that gives a vendor or attacker the desktop. Matched
/// case-insensitively against running service and process names.
const REMOTE_TOOLS_KNOWN: &[&str] = &[
    "teamviewer",
    "anydesk",
    "splashtop",
    "screenconnect",
    "connectwise",
    "logmein",
    "rustdesk",
    "remoting_host", // Chrome Remote Desktop
    "chromoting",
    "vncserver",
    "winvnc",
    "tvnserver",
    "uvnc",
    "x11vnc",
    "x0vncserver",
    "aeroadmin",
    "rutserv", // Remote Utilities
    "ammyy",
    "supremo",
    "dwservice",
    "rport",
];

pub fn evaluate(input: &Input, report: &mut Report) {
    admins(input, report);
    idle(input, report);
    audit(input, report);
    password(input, report);
    usb(input, report);
    remote_tools(input, report);
    smb1(input, report);
    cleartext(input, report);
}

/// Not a server or PC: `rule` is asked of hosts only.
fn not_a_host(report: &mut Report, rule: &str) {
    report.not_applicable(rule, msg("Asked of servers and PCs only", "サーバ・端末PC のみが対象です"));
}

fn admins(input: &Input, report: &mut Report) {
    let facts = &input.device;
    let Some(host) = &facts.host else { return crate::accounts::device_administrators(input, report, ADMINS) };
    let Some(group) = &host.admin_group else {
        report.unknown(
            ADMINS,
            "admins",
            msg("The members of the administrators group could not be determined", "管理者グループのメンバーを確認できません"),
            &[],
        );
        return;
    };
    let max = input.param_u64("max_administrators", 5) as usize;
    let broad: Vec<&str> = group
        .members
        .iter()
        .map(String::as_str)
        .filter(|m| {
            let name = m.rsplit(['\\', '/']).next().unwrap_or(m).to_lowercase();
            BROAD_PRINCIPALS.contains(&name.as_str())
        })
        .collect();
    let list = group.members.join(", ");
    if !broad.is_empty() {
        report.fail(
            ADMINS,
            "admins",
            msg(
                format!("{} contains {}: every user is an administrator (Osaka 2022)", group.name, broad.join(", ")),
                format!(
                    "{} に {} が含まれ、全利用者が管理者権限を持っています（大阪急性期・総合医療センターの事例）",
                    group.name,
                    broad.join(", ")
                ),
            ),
            &group.evidence,
        );
    } else if group.members.len() > max {
        report.fail(
            ADMINS,
            "admins",
            msg(
                format!(
                    "{} has {} members ({list}), more than the site's max_administrators = {max}",
                    group.name,
                    group.members.len()
                ),
                format!(
                    "{} のメンバーが {} 人（{list}）で、サイトの上限 max_administrators = {max} を超えています",
                    group.name,
                    group.members.len()
                ),
            ),
            &group.evidence,
        );
    } else {
        report.pass(ADMINS, "admins", msg(format!("{}: {list}", group.name), format!("{}: {list}", group.name)), &group.evidence);
    }
}

fn idle(input: &Input, report: &mut Report) {
    let facts = &input.device;
    if facts.host.is_none() {
        return not_a_host(report, IDLE);
    }
    if facts.is_unknown("accounts") {
        report.unknown(
            IDLE,
            "accounts",
            msg("Local accounts could not be determined", "ローカルアカウントを確認できません"),
            &[],
        );
        return;
    }
    let max = input.param_u64("max_account_idle_days", 90) as i64;
    let today = input.scan.date.as_str();
    let mut judged = 0;
    let mut unknown = Vec::new();
    for a in facts.accounts.iter().filter(|a| a.enabled == Some(true)) {
        judged += 1;
        let subject = format!("account|{}", a.name);
        match a.last_login.as_deref() {
            Some(last) => match crate::updates::days_between(last, today) {
                Some(d) if d > max => report.fail(
                    IDLE,
                    &subject,
                    msg(
                        format!(
                            "{} last logged in on {}, {d} days ago (site limit max_account_idle_days = {max})",
                            a.name,
                            &last[..10.min(last.len())]
                        ),
                        format!(
                            "{} の最終ログオンは {}（{d} 日前）で、サイトの上限 {max} 日を超えています",
                            a.name,
                            &last[..10.min(last.len())]
                        ),
                    ),
                    &a.evidence,
                ),
                Some(_) => {}
                None => unknown.push(a),
            },
            None if facts.is_unknown("accounts.last_login") => unknown.push(a),
            None => report.fail(
                IDLE,
                &subject,
                msg(
                    format!("{} is enabled but has never logged in: remove or disable it if it is not needed", a.name),
                    format!("{} は有効ですが一度もログオンしていません。不要であれば削除・無効化してください", a.name),
                ),
                &a.evidence,
            ),
        }
    }
    for a in unknown {
        report.unknown(
            IDLE,
            &format!("account|{}", a.name),
            msg(
                format!("When {} last logged in could not be determined", a.name),
                format!("{} の最終ログオンを確認できません", a.name),
            ),
            &a.evidence,
        );
    }
    if judged > 0 && !report.results().iter().any(|r| r.rule == IDLE) {
        report.pass(
            IDLE,
            "accounts",
            msg(
                format!("Every enabled account logged in within {max} days"),
                format!("有効なアカウントはすべて {max} 日以内にログオンしています"),
            ),
            &[],
        );
    } else if judged == 0 {
        report.pass(IDLE, "accounts", msg("No enabled local account", "有効なローカルアカウントはありません"), &[]);
    }
}

fn audit(input: &Input, report: &mut Report) {
    let facts = &input.device;
    let Some(host) = &facts.host else { return crate::logs::device_logins(input, report, AUDIT) };
    let audit = host.audit.as_ref();
    match audit {
        None => report.unknown(
            AUDIT,
            "audit",
            msg("Whether logons are audited could not be determined", "ログオンの監査設定を確認できません"),
            &[],
        ),
        Some(a) if !a.logons => report.fail(
            AUDIT,
            "audit",
            msg(
                format!(
                    "Logon success and failure are not both audited{}",
                    a.detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default()
                ),
                "ログオンの成功・失敗の両方が監査（記録）されていません",
            ),
            &a.evidence,
        ),
        Some(a) => report.pass(AUDIT, "audit", msg("Logons are audited", "ログオンは監査（記録）されています"), &a.evidence),
    }
    // The security log must hold enough to look back on an intrusion found late.
    let min_mib = input.param_u64("min_security_log_mib", 128);
    match host.security_log_max_bytes {
        Some(bytes) if bytes < min_mib << 20 => report.fail(
            AUDIT,
            "log_size",
            msg(
                format!(
                    "The security log holds at most {} MiB, less than the site's min_security_log_mib = {min_mib}",
                    bytes >> 20
                ),
                format!(
                    "セキュリティログの上限が {} MiB で、サイトの下限 min_security_log_mib = {min_mib} MiB を下回っています",
                    bytes >> 20
                ),
            ),
            &host.evidence,
        ),
        Some(bytes) => report.pass(
            AUDIT,
            "log_size",
            msg(
                format!("The security log holds up to {} MiB", bytes >> 20),
                format!("セキュリティログの上限は {} MiB です", bytes >> 20),
            ),
            &host.evidence,
        ),
        None if facts.is_unknown("host.security_log_max_bytes") => report.unknown(
            AUDIT,
            "log_size",
            msg("The size of the security log could not be determined", "セキュリティログの容量を確認できません"),
            &[],
        ),
        None => {}
    }
}

fn password(input: &Input, report: &mut Report) {
    let facts = &input.device;
    let Some(p) = &facts.auth_policy else {
        report.unknown(
            PASSWORD,
            "policy",
            msg(
                "No password policy could be read: confirm that passwords have 8+ mixed characters changed periodically, or 13+, or two-factor authentication",
                "パスワードポリシーを確認できません。英数字記号混在の8文字以上かつ定期変更、13文字以上、または二要素認証のいずれかであることを確認してください",
            ),
            &[],
        );
        return;
    };
    let len = p.min_password_length;
    // R7: 8+ characters mixing letters, digits and symbols, changed periodically; the
    // periodic change is not needed with 13+ characters or two-factor authentication.
    let mixed_8 = len.is_some_and(|l| l >= 8) && p.complexity == Some(true);
    let no_change_needed = len.is_some_and(|l| l >= 13) || p.two_factor == Some(true);
    let changed = p.max_password_age_days.is_some_and(|d| d > 0);
    let describe = format!(
        "minimum length {}, complexity {}, maximum age {}, two-factor {}",
        len.map_or("unknown".into(), |l| l.to_string()),
        p.complexity.map_or("unknown", |c| if c { "on" } else { "off" }),
        p.max_password_age_days.map_or("unknown".into(), |d| if d == 0 { "never".into() } else { format!("{d} days") }),
        p.two_factor.map_or("unknown", |t| if t { "yes" } else { "no" }),
    );
    if mixed_8 && (changed || no_change_needed) {
        report.pass(
            PASSWORD,
            "policy",
            msg(format!("Password policy: {describe}"), format!("パスワードポリシー: {describe}")),
            &p.evidence,
        );
        return;
    }
    // Fail only on what is known to fall short; a missing piece could still satisfy it.
    let short = len.is_some_and(|l| l < 8) || p.complexity == Some(false);
    let never_changed =
        mixed_8 && len.is_some_and(|l| l < 13) && p.max_password_age_days == Some(0) && p.two_factor == Some(false);
    let could_pass = !(short || never_changed);
    let status = if could_pass { Status::Unknown } else { Status::Fail };
    report.add(
        PASSWORD,
        status,
        "policy",
        msg(
            format!("Password policy ({describe}) does not meet 8+ mixed characters changed periodically, 13+, or two-factor authentication"),
            format!("パスワードポリシー（{describe}）が、英数字記号混在の8文字以上かつ定期変更、13文字以上、二要素認証のいずれも満たしていません"),
        ),
        &p.evidence,
    );
}

fn usb(input: &Input, report: &mut Report) {
    let facts = &input.device;
    let Some(host) = &facts.host else { return not_a_host(report, USB) };
    match &host.usb_storage {
        None => report.unknown(
            USB,
            "usb",
            msg("USB storage policy could not be determined", "USB 記憶媒体の制限を確認できません"),
            &[],
        ),
        Some(u) if u.blocked => report.pass(
            USB,
            "usb",
            msg(format!("USB mass storage is blocked ({})", u.detail), format!("USB 記憶媒体は制限されています（{}）", u.detail)),
            &u.evidence,
        ),
        Some(u) => report.fail(
            USB,
            "usb",
            msg(
                format!("USB mass storage is allowed ({}): restrict it, or control devices with a managed tool", u.detail),
                format!("USB 記憶媒体が利用可能です（{}）。接続を制限するか、デバイス制御を導入してください", u.detail),
            ),
            &u.evidence,
        ),
    }
}

/// Whether a running program is a remote-control tool, and which.
fn remote_tool(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    REMOTE_TOOLS_KNOWN.iter().copied().find(|t| lower.contains(t))
}

fn remote_tools(input: &Input, report: &mut Report) {
    let facts = &input.device;
    let Some(host) = &facts.host else { return not_a_host(report, REMOTE_TOOLS) };
    if facts.is_unknown("host.running") && host.running.is_empty() {
        report.unknown(
            REMOTE_TOOLS,
            "remote_tools",
            msg("Running software could not be determined", "稼働中のソフトウェアを確認できません"),
            &[],
        );
        return;
    }
    // The site's register of remote-maintenance tools it has approved.
    let allowed: Vec<String> = input
        .params
        .get("allowed_remote_tools")
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_str()).map(str::to_lowercase).collect())
        .unwrap_or_default();
    let mut found = false;
    for r in &host.running {
        let Some(tool) = remote_tool(&r.name).or_else(|| r.display_name.as_deref().and_then(remote_tool)) else { continue };
        found = true;
        let subject = format!("tool|{}", r.name);
        if allowed.iter().any(|a| a == tool || a.eq_ignore_ascii_case(&r.name)) {
            report.pass(
                REMOTE_TOOLS,
                &subject,
                msg(
                    format!("{} ({tool}) runs and is on the site's register (allowed_remote_tools)", r.name),
                    format!("{}（{tool}）が稼働していますが、サイトの台帳（allowed_remote_tools）に登録されています", r.name),
                ),
                &r.evidence,
            );
        } else {
            report.fail(
                REMOTE_TOOLS,
                &subject,
                msg(
                    format!("{} ({tool}), a remote-control tool, is running and not on the site's register: stop it when not in use, or register it (Osaka 2022)", r.name),
                    format!("遠隔操作ツール {}（{tool}）が常時稼働しており、台帳に登録されていません。使用時以外は停止するか、台帳に登録してください（大阪の事例）", r.name),
                ),
                &r.evidence,
            );
        }
    }
    if !found {
        if facts.is_unknown("host.running") {
            report.unknown(
                REMOTE_TOOLS,
                "remote_tools",
                msg("Only part of the running software could be read", "稼働中のソフトウェアの一部しか確認できません"),
                &[],
            );
        } else {
            report.pass(
                REMOTE_TOOLS,
                "remote_tools",
                msg("No known remote-control tool is running", "既知の遠隔操作ツールは稼働していません"),
                &[],
            );
        }
    }
}

fn service_rule(facts: &Facts, report: &mut Report, rule: &str, names: &[ServiceName], what: (&str, &str)) {
    // A service the parser neither reports nor marks unknown does not exist on the
    // platform (rsh on Windows): it cannot be running.
    let mut unknown = false;
    let mut on = false;
    for name in names {
        match facts.service(*name) {
            None => unknown |= facts.is_unknown("services") || facts.is_unknown(&format!("services.{}", name.as_str())),
            Some(s) if s.enabled => {
                on = true;
                report.fail(
                    rule,
                    name.as_str(),
                    msg(format!("{} is enabled: {}", name.as_str(), what.0), format!("{} が有効です。{}", name.as_str(), what.1)),
                    &s.evidence,
                );
            }
            Some(_) => {}
        }
    }
    if on {
        return;
    }
    if !unknown {
        let list: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
        report.pass(
            rule,
            "services",
            msg(format!("Not running: {}", list.join(", ")), format!("稼働していません: {}", list.join(", "))),
            &[],
        );
    } else {
        report.unknown(
            rule,
            "services",
            msg("Whether these services run could not be determined", "これらのサービスの稼働状況を確認できません"),
            &[],
        );
    }
}

fn smb1(input: &Input, report: &mut Report) {
    let facts = &input.device;
    if facts.host.is_none() {
        return not_a_host(report, SMB1);
    }
    service_rule(
        facts,
        report,
        SMB1,
        &[ServiceName::Smb1],
        (
            "SMB1 is the protocol WannaCry spread through; turn it off",
            "SMB1 は WannaCry が拡散に使ったプロトコルです。無効にしてください",
        ),
    );
}

fn cleartext(input: &Input, report: &mut Report) {
    let facts = &input.device;
    if facts.host.is_none() {
        return not_a_host(report, CLEARTEXT);
    }
    service_rule(
        facts,
        report,
        CLEARTEXT,
        &[ServiceName::Ftp, ServiceName::Rsh, ServiceName::Vnc, ServiceName::Tftp],
        (
            "clear-text or unauthenticated remote access; stop it or replace it with SSH/SFTP",
            "平文・認証なしのリモートアクセスです。停止するか SSH/SFTP に置き換えてください",
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{facts, input};
    use kenshin_policy::{
        Account, AdminGroup, AuthPolicy, Host, PasswordStorage, Privilege, RunningSoftware, Service, UsbStorage,
    };

    fn statuses(i: &Input, rule: &str) -> Vec<Status> {
        let mut r = Report::new();
        evaluate(i, &mut r);
        r.results().iter().filter(|x| x.rule == rule).map(|x| x.status).collect()
    }

    fn host() -> Facts {
        let mut f = facts("windows");
        f.host = Some(Host::default());
        f
    }

    #[test]
    fn osaka_everyone_an_administrator_and_a_remote_tool() {
        let mut f = host();
        let h = f.host.as_mut().expect("host");
        h.admin_group = Some(AdminGroup {
            name: "Administrators".into(),
            members: vec!["MEAL\\Administrator".into(), "HOSPITAL\\Domain Users".into()],
            evidence: vec![],
        });
        h.running.push(RunningSoftware { name: "TeamViewer".into(), display_name: None, evidence: vec![] });
        let i = input(f);
        assert_eq!(statuses(&i, ADMINS), [Status::Fail]);
        assert_eq!(statuses(&i, REMOTE_TOOLS), [Status::Fail]);
        // On the site's register, the same tool passes.
        let mut i = i;
        i.params.insert("allowed_remote_tools".into(), serde_json::json!(["teamviewer"]));
        assert_eq!(statuses(&i, REMOTE_TOOLS), [Status::Pass]);
        // A network device without local accounts has no administrator to count.
        assert_eq!(statuses(&input(facts("cisco_ios")), ADMINS), [Status::NotApplicable]);
    }

    #[test]
    fn password_policy_follows_the_r7_wording() {
        let with = |len: Option<u32>, complexity: Option<bool>, age: Option<u32>, tfa: Option<bool>| {
            let mut f = host();
            f.auth_policy = Some(AuthPolicy {
                min_password_length: len,
                complexity,
                max_password_age_days: age,
                two_factor: tfa,
                ..Default::default()
            });
            statuses(&input(f), PASSWORD)
        };
        assert_eq!(with(Some(13), Some(true), Some(0), Some(false)), [Status::Pass]);
        assert_eq!(with(Some(8), Some(true), Some(90), Some(false)), [Status::Pass]);
        assert_eq!(with(Some(8), Some(true), Some(0), Some(true)), [Status::Pass]);
        // Handa: 5 characters; two-factor does not make a short password enough.
        assert_eq!(with(Some(5), Some(false), Some(0), Some(false)), [Status::Fail]);
        assert_eq!(with(Some(5), Some(true), Some(90), Some(true)), [Status::Fail]);
        // Mixing is required at any length.
        assert_eq!(with(Some(14), Some(false), Some(0), Some(true)), [Status::Fail]);
        // 8 mixed but never changed, no two-factor: short of every option.
        assert_eq!(with(Some(8), Some(true), Some(0), Some(false)), [Status::Fail]);
        // Two-factor unknown could still satisfy it.
        assert_eq!(with(Some(8), Some(true), Some(0), None), [Status::Unknown]);
        assert_eq!(with(Some(10), None, Some(90), None), [Status::Unknown]);
        assert_eq!(statuses(&input(facts("cisco_ios")), PASSWORD), [Status::Unknown]);
    }

    #[test]
    fn idle_accounts_against_the_site_limit() {
        let account = |name: &str, last: Option<&str>| Account {
            builtin: false,
            name: name.into(),
            privilege: Privilege::Operator,
            password_storage: PasswordStorage::Strong,
            enabled: Some(true),
            last_login: last.map(str::to_string),
            allowed_sources: None,
            two_factor: None,
            evidence: vec![],
        };
        let mut f = host();
        f.accounts =
            vec![account("nurse1", Some("2026-11-20T08:00:00+09:00")), account("leaver", Some("2025-09-01T08:00:00+09:00"))];
        assert_eq!(statuses(&input(f.clone()), IDLE), [Status::Fail]);
        f.accounts.pop();
        assert_eq!(statuses(&input(f.clone()), IDLE), [Status::Pass]);
        f.accounts.push(account("vendor", None));
        assert_eq!(statuses(&input(f.clone()), IDLE), [Status::Fail]);
        f.mark_unknown("accounts.last_login");
        assert_eq!(statuses(&input(f), IDLE), [Status::Unknown]);
    }

    #[test]
    fn usb_smb1_and_clear_text_services() {
        let mut f = host();
        assert_eq!(statuses(&input(f.clone()), USB), [Status::Unknown]);
        f.host.as_mut().expect("host").usb_storage =
            Some(UsbStorage { blocked: false, detail: "USBSTOR Start=3".into(), evidence: vec![] });
        assert_eq!(statuses(&input(f.clone()), USB), [Status::Fail]);
        // Not reported and not unknown: the platform has no such service.
        assert_eq!(statuses(&input(f.clone()), SMB1), [Status::Pass]);
        f.mark_unknown("services.smb1");
        assert_eq!(statuses(&input(f.clone()), SMB1), [Status::Unknown]);
        f.services.push(Service { name: ServiceName::Smb1, enabled: true, detail: None, evidence: vec![] });
        assert_eq!(statuses(&input(f.clone()), SMB1), [Status::Fail]);
        for name in [ServiceName::Ftp, ServiceName::Rsh, ServiceName::Vnc, ServiceName::Tftp] {
            f.services.push(Service { name, enabled: false, detail: None, evidence: vec![] });
        }
        assert_eq!(statuses(&input(f), CLEARTEXT), [Status::Pass]);
    }
}
