//! Accounts on every kind of device:
//!
//! - 2-(4) access_rights: administrator accounts with a generic or vendor-default name
//!   (`admin`, `root`, `manager`, `vendor`, ...) are shared by whoever knows the
//!   password — Okayama (2024) and Osaka (2022) both had one ID and password everywhere.
//! - 2-(4) access_rights on network devices: the privilege level of every local account,
//!   and no more administrators than the site allows (`max_administrators`). Servers
//!   and PCs are judged by their administrators group in [`crate::host_checks`].
//! - 2-(5) unused_accounts: accounts that are not on the site's roster of people and
//!   services (`account_roster` in site.toml `[params]`).

use kenshin_policy::{Account, Evidence, Input, Privilege, Report, msg};

pub const GENERIC: &str = "MHLW-A-GENERIC";
pub const ROSTER: &str = "MHLW-U-ROSTER";

/// Administrator names that identify no person: vendor defaults and role names.
const GENERIC_NAMES: &[&str] = &[
    "admin",
    "administrator",
    "root",
    "manager",
    "friend",
    "super",
    "superuser",
    "supervisor",
    "vendor",
    "maint",
    "maintenance",
    "hoshu",
    "support",
    "service",
    "user",
    "guest",
    "test",
    "default",
    "cisco",
    "operator",
];

pub fn evaluate(input: &Input, report: &mut Report) {
    generic(input, report);
    roster(input, report);
}

/// Enabled (or not known to be disabled) accounts.
fn active(accounts: &[Account]) -> impl Iterator<Item = &Account> {
    accounts.iter().filter(|a| a.enabled != Some(false))
}

/// Administrators among a network device's local accounts, for `rule` (MHLW-A-ADMINS).
///
/// Passes with each account's privilege level named, so the inspector sees who holds
/// which rights; fails with more administrators than `max_administrators`; unknown
/// while an account's level could not be read (it may be an administrator).
pub fn device_administrators(input: &Input, report: &mut Report, rule: &str) {
    let facts = &input.device;
    if facts.is_unknown("accounts") {
        report.unknown(rule, "admins", msg("Accounts could not be determined", "アカウントを確認できません"), &[]);
        return;
    }
    // Built-in logins count: Junos `root` and NX-OS `admin` are administrators too, and
    // so is whoever knows Yamaha's administrator password.
    let accounts: Vec<&Account> = active(&facts.accounts).collect();
    if accounts.is_empty() {
        report.not_applicable(rule, msg("No local account is configured", "ローカルアカウントは設定されていません"));
        return;
    }
    let named = |p: Privilege| -> Vec<&str> { accounts.iter().filter(|a| a.privilege == p).map(|a| a.name.as_str()).collect() };
    let (admins, unknown) = (named(Privilege::Admin), named(Privilege::Unknown));
    let levels = [
        (Privilege::Admin, "administrators", "管理者"),
        (Privilege::Operator, "operators", "オペレータ"),
        (Privilege::ReadOnly, "read-only", "参照のみ"),
        (Privilege::Unknown, "level unknown", "権限不明"),
    ];
    let (mut en, mut ja) = (Vec::new(), Vec::new());
    for (p, e, j) in levels {
        let names = named(p);
        if !names.is_empty() {
            en.push(format!("{e}: {}", names.join(", ")));
            ja.push(format!("{j}: {}", names.join(", ")));
        }
    }
    let (en, ja) = (en.join("; "), ja.join("、"));
    let evidence: Vec<Evidence> = accounts.iter().flat_map(|a| a.evidence.iter().cloned()).collect();
    let max = input.param_u64("max_administrators", 5) as usize;
    if admins.len() > max {
        report.fail(
            rule,
            "admins",
            msg(
                format!("{} administrator accounts, more than the site's max_administrators = {max} ({en}); lower the privilege of those who do not need it", admins.len()),
                format!("管理者アカウントが {} 件あり、サイトの上限 max_administrators = {max} を超えています（{ja}）。不要な管理者の権限を下げてください", admins.len()),
            ),
            &evidence,
        );
    } else if !unknown.is_empty() {
        report.unknown(
            rule,
            "admins",
            msg(
                format!("The privilege level of {} could not be determined ({en})", unknown.join(", ")),
                format!("{} の権限レベルを確認できません（{ja}）", unknown.join(", ")),
            ),
            &evidence,
        );
    } else {
        report.pass(rule, "admins", msg(en, ja), &evidence);
    }
}

fn generic(input: &Input, report: &mut Report) {
    let facts = &input.device;
    if facts.is_unknown("accounts") {
        report.unknown(GENERIC, "accounts", msg("Accounts could not be determined", "アカウントを確認できません"), &[]);
        return;
    }
    // Built-in accounts (Junos root, NX-OS admin, Yamaha's administrator password) cannot
    // be renamed: they are hardened by their own rules (root login, trusted sources).
    let admins: Vec<&Account> = active(&facts.accounts).filter(|a| a.privilege == Privilege::Admin && !a.builtin).collect();
    if admins.is_empty() {
        report.not_applicable(
            GENERIC,
            msg("No local administrator account is configured", "ローカルの管理者アカウントは設定されていません"),
        );
        return;
    }
    let mut failed = false;
    for a in &admins {
        let name = a.name.to_lowercase();
        if GENERIC_NAMES.contains(&name.as_str()) {
            failed = true;
            report.fail(
                GENERIC,
                &format!("account|{}", a.name),
                msg(
                    format!(
                        "Administrator account \"{}\" has a generic or vendor-default name: it is shared by whoever knows its password; give each administrator a personal account and disable or rename it",
                        a.name
                    ),
                    format!(
                        "管理者アカウント「{}」は汎用名・初期設定名で、パスワードを知る全員が共用できます。管理者ごとに個人のアカウントを作成し、無効化または名前を変更してください",
                        a.name
                    ),
                ),
                &a.evidence,
            );
        }
    }
    if !failed {
        let names: Vec<&str> = admins.iter().map(|a| a.name.as_str()).collect();
        report.pass(
            GENERIC,
            "accounts",
            msg(format!("Administrator accounts: {}", names.join(", ")), format!("管理者アカウント: {}", names.join("、"))),
            &[],
        );
    }
}

fn roster(input: &Input, report: &mut Report) {
    let facts = &input.device;
    // `name` for any device, `device:name` for one device.
    let roster: Vec<String> = input
        .params
        .get("account_roster")
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_str()).map(str::to_lowercase).collect())
        .unwrap_or_default();
    if roster.is_empty() {
        report.not_applicable(
            ROSTER,
            msg(
                "No account roster is declared (site.toml [params] account_roster)",
                "アカウント名簿が登録されていません（site.toml [params] account_roster）",
            ),
        );
        return;
    }
    if facts.is_unknown("accounts") {
        report.unknown(ROSTER, "accounts", msg("Accounts could not be determined", "アカウントを確認できません"), &[]);
        return;
    }
    let device = facts.device.name.to_lowercase();
    let on_roster = |name: &str| {
        let name = name.to_lowercase();
        roster.iter().any(|r| *r == name || r.split_once(':').is_some_and(|(d, n)| d == device && n == name))
    };
    let mut failed = false;
    for a in active(&facts.accounts) {
        if !on_roster(&a.name) {
            failed = true;
            report.fail(
                ROSTER,
                &format!("account|{}", a.name),
                msg(
                    format!("Account \"{}\" is not on the site's roster: remove it, or add it to account_roster with its owner", a.name),
                    format!("アカウント「{}」はアカウント名簿にありません。削除するか、所有者を確認して account_roster に登録してください", a.name),
                ),
                &a.evidence,
            );
        }
    }
    if !failed {
        report.pass(
            ROSTER,
            "accounts",
            msg("Every enabled account is on the site's roster", "有効なアカウントはすべて名簿に登録されています"),
            &[],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{facts, input};
    use kenshin_policy::{PasswordStorage, Status};

    fn account(name: &str, privilege: Privilege, enabled: Option<bool>) -> Account {
        Account {
            builtin: false,
            name: name.into(),
            privilege,
            password_storage: PasswordStorage::Strong,
            enabled,
            last_login: None,
            allowed_sources: None,
            two_factor: None,
            evidence: vec![],
        }
    }

    fn statuses(i: &Input, rule: &str) -> Vec<Status> {
        let mut r = Report::new();
        evaluate(i, &mut r);
        r.results().iter().filter(|x| x.rule == rule).map(|x| x.status).collect()
    }

    #[test]
    fn privilege_levels_on_network_devices() {
        let admins = |i: &Input| {
            let mut r = Report::new();
            device_administrators(i, &mut r, "A");
            r.results().iter().map(|x| (x.status, x.message.en.clone())).collect::<Vec<_>>()
        };
        let mut f = facts("cisco_ios");
        f.accounts = vec![
            account("yamada", Privilege::Admin, None),
            account("ops", Privilege::ReadOnly, None),
            account("left", Privilege::Admin, Some(false)),
        ];
        let got = admins(&input(f.clone()));
        assert_eq!(got[0].0, Status::Pass);
        assert_eq!(got[0].1, "administrators: yamada; read-only: ops");
        // Above the site's limit.
        let mut i = input(f.clone());
        i.params.insert("max_administrators".into(), serde_json::json!(0));
        assert_eq!(admins(&i)[0].0, Status::Fail);
        // A level not read may hide an administrator.
        f.accounts.push(account("vendor", Privilege::Unknown, None));
        assert_eq!(admins(&input(f.clone()))[0].0, Status::Unknown);
        f.mark_unknown("accounts");
        assert_eq!(admins(&input(f))[0].0, Status::Unknown);
    }

    #[test]
    fn generic_administrator_names_fail_personal_ones_pass() {
        let mut f = facts("fortinet");
        f.accounts = vec![account("admin", Privilege::Admin, None), account("yamada", Privilege::Admin, None)];
        assert_eq!(statuses(&input(f.clone()), GENERIC), [Status::Fail]);
        // A disabled built-in account or a generic read-only one is not a shared admin.
        f.accounts[0].enabled = Some(false);
        f.accounts.push(account("guest", Privilege::ReadOnly, Some(true)));
        assert_eq!(statuses(&input(f.clone()), GENERIC), [Status::Pass]);
        f.accounts.clear();
        assert_eq!(statuses(&input(f.clone()), GENERIC), [Status::NotApplicable]);
        f.mark_unknown("accounts");
        assert_eq!(statuses(&input(f), GENERIC), [Status::Unknown]);
        // Junos' root cannot be removed: it is not counted; another generic admin is.
        let mut f = facts("juniper_junos");
        f.accounts =
            vec![Account { builtin: true, ..account("root", Privilege::Admin, None) }, account("yamada", Privilege::Admin, None)];
        assert_eq!(statuses(&input(f.clone()), GENERIC), [Status::Pass]);
        f.accounts.push(account("admin", Privilege::Admin, None));
        assert_eq!(statuses(&input(f), GENERIC), [Status::Fail]);
    }

    #[test]
    fn accounts_against_the_roster() {
        let mut f = facts("linux");
        f.device.name = "pacs".into();
        f.accounts = vec![account("yamada", Privilege::Admin, Some(true)), account("leaver", Privilege::Operator, Some(true))];
        assert_eq!(statuses(&input(f.clone()), ROSTER), [Status::NotApplicable]);
        let mut i = input(f.clone());
        i.params.insert("account_roster".into(), serde_json::json!(["yamada", "pacs:backup"]));
        assert_eq!(statuses(&i, ROSTER), [Status::Fail]);
        i.params.insert("account_roster".into(), serde_json::json!(["yamada", "PACS:leaver"]));
        assert_eq!(statuses(&i, ROSTER), [Status::Pass]);
        i.device.mark_unknown("accounts");
        assert_eq!(statuses(&i, ROSTER), [Status::Unknown]);
    }
}
