//! Applies `waivers.toml` to a scan's results.
//!
//! A waiver that holds on the scan date and covers a failing or unverifiable result
//! accepts it: the SARIF result carries a `suppressions` entry (kind `external`,
//! status `accepted`, the reason, approver and expiry as justification, located at the
//! waiver's line), the checklist marks the result and re-derives the device's answer
//! without it (through [`Checklist::waive`], so the form says 例外承認 instead of a
//! plain はい), and the result no longer decides the exit code. An expired waiver
//! suppresses nothing and is reported (KSN0007, and a notice on its items); a waiver
//! that covers no result is reported as unused (KSN0008), since it is either stale or
//! a typo that leaves the risk it meant to accept unreviewed.

use std::collections::BTreeMap;

use kenshin_connectors::Site;
use kenshin_connectors::site::{Date, Waiver};
use kenshin_policy::Status;

use crate::checklist::Checklist;
use crate::findings::{Finding, Notification, NotificationKind, NotificationLevel};
use crate::pack::Lang;

/// The waiver accepting one result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// Index in waivers.toml (file order).
    pub index: usize,
    /// Line of the `[[waiver]]` header.
    pub line: usize,
    pub reason: String,
    pub approver: String,
    pub expires: Date,
    /// Reason, approver and expiry in one sentence (SARIF `justification`, checklist).
    pub justification: String,
}

/// What the waivers did to a scan.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    /// Result fingerprint ([`crate::sarif::fingerprint`]) → the waiver accepting it.
    pub accepted: BTreeMap<String, Accepted>,
    /// Expired and unused waivers, for the SARIF invocation and the summary.
    pub notifications: Vec<Notification>,
    /// Waivers (index in the file, message) that were expired on the scan date.
    pub expired: Vec<(usize, String)>,
    /// Active waivers (index in the file, message) that covered no result.
    pub unused: Vec<(usize, String)>,
}

impl Applied {
    /// The waiver accepting `f`, if one does.
    pub fn of(&self, f: &Finding) -> Option<&Accepted> {
        if self.accepted.is_empty() {
            return None;
        }
        self.accepted.get(&crate::sarif::fingerprint(f))
    }
}

fn justification(w: &Waiver, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{} — 承認: {}、期限: {}", w.reason, w.approver, w.expires),
        Lang::En => format!("{} — approved by {}, expires {}", w.reason, w.approver, w.expires),
    }
}

/// The scan date as a site-file date.
pub fn site_date(d: jiff::civil::Date) -> Option<Date> {
    Date::new(i32::from(d.year()), d.month() as u32, d.day() as u32)
}

/// Matches the site's waivers against `findings` of a scan covering `scanned` devices.
/// Only failing and unknown results can be accepted: a passing result needs no waiver.
pub fn evaluate(site: &Site, findings: &[Finding], scanned: &[&str], today: jiff::civil::Date, lang: Lang) -> Applied {
    let mut applied = Applied::default();
    let waivers = &site.waivers.waivers;
    if waivers.is_empty() {
        return applied;
    }
    let file = site.waivers.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let today = site_date(today);
    let active = |w: &Waiver| today.is_none_or(|d| w.active_on(d));
    let mut used = vec![false; waivers.len()];
    for f in findings.iter().filter(|f| matches!(f.status, Status::Fail | Status::Unknown)) {
        // The first waiver in file order that covers the result accepts it.
        if let Some((index, w)) = waivers.iter().enumerate().find(|(_, w)| active(w) && w.covers(&f.rule, &f.device, &f.subject))
        {
            used[index] = true;
            applied.accepted.insert(
                crate::sarif::fingerprint(f),
                Accepted {
                    index,
                    line: w.line,
                    reason: w.reason.clone(),
                    approver: w.approver.clone(),
                    expires: w.expires,
                    justification: justification(w, lang),
                },
            );
        }
    }
    for (index, w) in waivers.iter().enumerate() {
        let target = match &w.subject {
            Some(s) => format!("{} {} {s}", w.rule, w.device),
            None => format!("{} {}", w.rule, w.device),
        };
        if !active(w) {
            let message = match lang {
                Lang::Ja => format!(
                    "{file}:{}: {target} の例外承認は {} に期限切れです。該当する結果は再び不適合として扱われます（理由: {}、承認: {}）。対策するか、改めて承認を得て expires を更新してください。",
                    w.line, w.expires, w.reason, w.approver
                ),
                Lang::En => format!(
                    "{file}:{}: the waiver for {target} expired on {}; its results count again (reason: {}, approved by {}). Fix them, or get the waiver approved again and update `expires`.",
                    w.line, w.expires, w.reason, w.approver
                ),
            };
            applied.expired.push((index, message.clone()));
            applied.notifications.push(Notification {
                level: NotificationLevel::Warning,
                kind: NotificationKind::WaiverExpired,
                device: None,
                pack: None,
                message,
            });
        } else if !used[index] && (w.device == "*" || scanned.contains(&w.device.as_str())) {
            // A waiver for a device outside this scan (--device) is not unused.
            let message = match lang {
                Lang::Ja => format!(
                    "{file}:{}: {target} の例外承認に該当する不適合・確認不可の結果がありません。解消済みなら削除し、そうでなければ rule・device・subject の綴りを確認してください。",
                    w.line
                ),
                Lang::En => format!(
                    "{file}:{}: the waiver for {target} matches no failing or unverified result; remove it if the problem is gone, or check the spelling of rule, device and subject.",
                    w.line
                ),
            };
            applied.unused.push((index, message.clone()));
            applied.notifications.push(Notification {
                level: NotificationLevel::Warning,
                kind: NotificationKind::WaiverUnused,
                device: None,
                pack: None,
                message,
            });
        }
    }
    applied
}

/// Enters the waivers into the checklist: accepted results are marked and their
/// devices re-judged ([`Checklist::waive`]); expired waivers become notices on the
/// items of their rule, unused ones notices of the checklist.
pub fn apply(checklist: &mut Checklist, applied: &Applied, site: &Site, findings: &[Finding]) {
    for f in findings {
        let Some(a) = applied.of(f) else { continue };
        let keys: Vec<&'static str> = checklist.items.iter().filter(|i| i.rules.contains(&f.rule)).map(|i| i.key).collect();
        let note = format!("{} ({FILE}:{})", a.justification, a.line);
        for key in keys {
            checklist.waive(key, &f.device, &f.rule, &f.subject, &note);
        }
    }
    let expired = applied.expired.iter().map(|e| (e, true));
    for ((index, message), expired) in expired.chain(applied.unused.iter().map(|u| (u, false))) {
        let Some(w) = site.waivers.waivers.get(*index) else { continue };
        let keys: Vec<&'static str> = checklist.items.iter().filter(|i| i.rules.contains(&w.rule)).map(|i| i.key).collect();
        if expired && !keys.is_empty() {
            for key in keys {
                checklist.notice(key, message.clone());
            }
        } else if !checklist.notices.contains(message) {
            checklist.notices.push(message.clone());
        }
    }
}

/// The file name, for messages.
pub const FILE: &str = kenshin_connectors::site::WAIVERS_FILE;
