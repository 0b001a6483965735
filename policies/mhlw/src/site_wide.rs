//! Site-wide rules, run once per scan by the site entry point (`kenshin_evaluate_site`):
//! - `MHLW-W-REUSE` (password_reuse, R7 2-(8) パスワードの使い回しの禁止): the same
//!   credential on two or more devices. Credentials arrive as keyed fingerprints only,
//!   so equal fingerprints are all the rule can see — never a value.
//! - `MHLW-L-LEDGER` (asset_ledger, 2-(1) 台帳管理): snapshot folders (collected or
//!   backed up devices) that no inventory entry names.

use std::collections::{BTreeMap, BTreeSet};

use kenshin_policy::{Credential, CredentialFamily, Evidence, Report, SiteInput, Status, msg};

pub const REUSE: &str = "MHLW-W-REUSE";
pub const LEDGER: &str = "MHLW-L-LEDGER";

/// Evaluates the site-wide rules.
pub fn evaluate(input: &SiteInput, report: &mut Report) {
    reuse(input, report);
    ledger(input, report);
}

const FAMILIES: [CredentialFamily; 3] =
    [CredentialFamily::Password, CredentialFamily::SnmpCommunity, CredentialFamily::PreSharedKey];

/// `(subject, en, ja)` of a family.
fn family_names(f: CredentialFamily) -> (&'static str, &'static str, &'static str) {
    match f {
        CredentialFamily::Password => ("password", "password", "パスワード"),
        CredentialFamily::SnmpCommunity => ("snmp_community", "SNMP community", "SNMP コミュニティ名"),
        CredentialFamily::PreSharedKey => ("pre_shared_key", "pre-shared key", "事前共有鍵"),
    }
}

fn reuse(input: &SiteInput, report: &mut Report) {
    // Which devices hold each (family, fingerprint).
    let mut holders: BTreeMap<(CredentialFamily, &str), BTreeSet<&str>> = BTreeMap::new();
    for c in &input.credentials {
        holders.entry((c.family(), c.fingerprint.as_str())).or_default().insert(c.device.as_str());
    }
    for facts in &input.devices {
        let name = facts.device.name.as_str();
        let mine: Vec<&Credential> = input.credentials.iter().filter(|c| c.device == name).collect();
        if mine.is_empty() {
            // Snapshots kenshin collects are stored masked: no credential, no verdict.
            report
                .add(
                    REUSE,
                    Status::Unknown,
                    "credentials",
                    msg(
                        "Stored masked: reuse cannot be determined; check by hand or scan a backup (Oxidized/RANCID) or a --keep-secrets collection",
                        "保存時にマスクされているため使い回しを判定できません。手作業で確認するか、バックアップ（Oxidized/RANCID）または --keep-secrets で収集したスナップショットを検査してください",
                    ),
                    &[],
                )
                .device = Some(name.to_string());
            continue;
        }
        for family in FAMILIES {
            let of: Vec<&&Credential> = mine.iter().filter(|c| c.family() == family).collect();
            if of.is_empty() && family == CredentialFamily::Password {
                // Only a community or a key: the device's passwords are still unseen.
                let r = report.add(
                    REUSE,
                    Status::Unknown,
                    "password",
                    msg(
                        "No password of this device could be read (stored masked or not in the artifacts): reuse cannot be determined; check by hand",
                        "この機器のパスワードを読み取れません（マスク保存または成果物に含まれない）。使い回しを判定できないため手作業で確認してください",
                    ),
                    &[],
                );
                r.device = Some(name.to_string());
                continue;
            }
            if of.is_empty() {
                continue;
            }
            let (subject, en, ja) = family_names(family);
            let mut others: BTreeSet<&str> = BTreeSet::new();
            let mut evidence = Vec::new();
            for c in &of {
                let shared: Vec<&str> = holders
                    .get(&(family, c.fingerprint.as_str()))
                    .map(|h| h.iter().copied().filter(|d| *d != name).collect())
                    .unwrap_or_default();
                if !shared.is_empty() {
                    others.extend(shared);
                    evidence.push(Evidence::line(&c.artifact, c.line));
                }
            }
            evidence.sort_by(|a, b| (&a.artifact, a.lines).cmp(&(&b.artifact, b.lines)));
            evidence.dedup();
            if others.is_empty() {
                report
                    .add(
                        REUSE,
                        Status::Pass,
                        subject,
                        msg(
                            format!("No {en} of this device is used on another scanned device"),
                            format!("この機器の{ja}は、検査した他の機器で使われていません"),
                        ),
                        &[],
                    )
                    .device = Some(name.to_string());
            } else {
                let list = others.iter().copied().collect::<Vec<_>>().join(", ");
                let at = evidence.iter().map(|e| format!("{}:{}", e.artifact, e.lines[0])).collect::<Vec<_>>().join(", ");
                let r = report.add(
                    REUSE,
                    Status::Fail,
                    subject,
                    msg(
                        format!("The same {en} is also set on {list} ({at}): one leak opens every device that shares it"),
                        format!("{list} と同じ{ja}が設定されています（{at}）。1 か所の漏えいで共有する全機器に侵入されます"),
                    ),
                    &evidence,
                );
                r.device = Some(name.to_string());
                r.properties.insert("shared_with".into(), serde_json::json!(others));
            }
        }
    }
}

fn ledger(input: &SiteInput, report: &mut Report) {
    let Some(unlisted) = &input.unlisted_snapshots else {
        report.unknown(
            LEDGER,
            "snapshots",
            msg(
                "The snapshot folders could not be listed, so devices missing from the inventory could not be looked for",
                "スナップショットのフォルダを一覧できず、台帳にない機器を確認できません",
            ),
            &[],
        );
        return;
    };
    if unlisted.is_empty() {
        report.pass(
            LEDGER,
            "snapshots",
            msg(
                "Every snapshot folder belongs to a device of the inventory (台帳)",
                "すべてのスナップショットのフォルダが台帳（inventory.toml）の機器に対応しています",
            ),
            &[],
        );
        return;
    }
    for folder in unlisted {
        report.fail(
            LEDGER,
            folder,
            msg(
                format!(
                    "snapshots/{folder}/ holds a device that is not in the inventory (台帳): add it to inventory.toml with its owner and vendor, or remove the folder if the device is gone"
                ),
                format!(
                    "snapshots/{folder}/ の機器が台帳（inventory.toml）にありません。所有者・保守事業者とともに台帳へ登録するか、撤去済みならフォルダを削除してください"
                ),
            ),
            &[],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cred(device: &str, line: u32, kind: &str, fp: &str) -> Credential {
        Credential { device: device.into(), artifact: "config.txt".into(), line, kind: kind.into(), fingerprint: fp.into() }
    }

    fn site(devices: &[&str], credentials: Vec<Credential>, unlisted: &[&str]) -> SiteInput {
        SiteInput {
            abi: 1,
            pack: None,
            site: Default::default(),
            scan: Default::default(),
            params: Default::default(),
            data: Default::default(),
            devices: devices.iter().map(|d| crate::testing::facts_named(d)).collect(),
            credentials,
            unlisted_snapshots: Some(unlisted.iter().map(|s| s.to_string()).collect()),
        }
    }

    fn status(r: &Report, rule: &str, device: &str) -> Vec<Status> {
        r.results().iter().filter(|x| x.rule == rule && x.device.as_deref() == Some(device)).map(|x| x.status).collect()
    }

    #[test]
    fn reuse_fails_on_each_holder_and_names_the_others_never_the_value() {
        let input = site(
            &["a", "b", "c", "d"],
            vec![
                cred("a", 3, "type7_password", "F1"),
                cred("b", 9, "plain_password", "F1"),
                cred("c", 4, "plain_password", "F2"),
                // Same fingerprint, other family: not reuse of a password.
                cred("c", 5, "snmp_community", "F1"),
            ],
            &[],
        );
        let mut r = Report::new();
        evaluate(&input, &mut r);
        assert_eq!(status(&r, REUSE, "a"), vec![Status::Fail]);
        assert_eq!(status(&r, REUSE, "b"), vec![Status::Fail]);
        assert_eq!(status(&r, REUSE, "c"), vec![Status::Pass, Status::Pass]);
        assert_eq!(status(&r, REUSE, "d"), vec![Status::Unknown]);
        let a = r.results().iter().find(|x| x.device.as_deref() == Some("a")).expect("a");
        assert!(a.message.en.contains(" b ") && !a.message.en.contains("F1"), "{}", a.message.en);
        assert_eq!(a.evidence, vec![Evidence::line("config.txt", 3)]);
        assert_eq!(status(&r, LEDGER, "a"), Vec::<Status>::new());
        let ledger: Vec<_> = r.of(LEDGER);
        assert_eq!((ledger.len(), ledger[0].status, ledger[0].device.as_deref()), (1, Status::Pass, None));
    }

    #[test]
    fn unlisted_snapshot_folders_fail_the_ledger() {
        let mut r = Report::new();
        evaluate(&site(&["a"], vec![], &["old-sw", "x"]), &mut r);
        let ledger = r.of(LEDGER);
        assert_eq!(ledger.len(), 2);
        assert!(ledger.iter().all(|x| x.status == Status::Fail && x.device.is_none()));
        assert_eq!(ledger[0].fingerprint, "old-sw");
        // A snapshot folder that could not be listed proves nothing: unknown, not pass.
        let mut input = site(&["a"], vec![], &[]);
        input.unlisted_snapshots = None;
        let mut r = Report::new();
        evaluate(&input, &mut r);
        assert!(r.of(LEDGER).iter().all(|x| x.status == Status::Unknown), "{:?}", r.of(LEDGER));
    }
}
