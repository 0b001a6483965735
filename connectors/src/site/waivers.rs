//! `waivers.toml`: accepted risks (例外承認). A waiver names a rule, a device (or
//! `"*"` for every device) and optionally the subject of the result, with the reason,
//! who approved it and until when.
//!
//! ```toml
//! [[waiver]]
//! rule = "MHLW-V-SNMP-V2C"
//! device = "core-rtr"              # or "*"
//! subject = "snmp"                 # optional: only this subject of the rule's results
//! reason = "旧監視サーバが SNMPv3 非対応。2027年3月の更新で廃止"
//! approver = "医療情報システム安全管理責任者 佐藤 一郎"
//! expires = 2027-03-31             # valid through this day
//! ```
//!
//! Matching against results, expiry against the scan date and reporting unused
//! waivers are the engine's; this file only reads and checks what people wrote.
//! Unknown keys are refused, and every error names the file, the line and the field.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::date::Date;
use super::{SiteError, read};

/// All waivers of a site, in file order.
#[derive(Debug, Clone, Default)]
pub struct Waivers {
    pub path: PathBuf,
    pub waivers: Vec<Waiver>,
}

/// One accepted risk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    pub rule: String,
    /// A device name, or `*` for every device.
    pub device: String,
    /// Only results with this subject (the rule's `subject`, as in SARIF
    /// `properties.subject`); `None`: every result of the rule on the device.
    pub subject: Option<String>,
    pub reason: String,
    pub approver: String,
    /// Last day the waiver holds.
    pub expires: Date,
    /// 1-based line of the `[[waiver]]` header.
    pub line: usize,
}

impl Waiver {
    /// Whether the waiver covers a result of `rule` on `device` about `subject`.
    pub fn covers(&self, rule: &str, device: &str, subject: &str) -> bool {
        self.rule == rule && (self.device == "*" || self.device == device) && self.subject.as_deref().is_none_or(|s| s == subject)
    }

    /// Whether the waiver still holds on `date` (it holds through its expiry day).
    pub fn active_on(&self, date: Date) -> bool {
        date <= self.expires
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    waiver: Vec<Spanned<RawWaiver>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    rule: Spanned<String>,
    device: Spanned<String>,
    #[serde(default)]
    subject: Option<Spanned<String>>,
    reason: Spanned<String>,
    approver: Spanned<String>,
    expires: Spanned<toml::Value>,
}

impl Waivers {
    pub fn load(path: &Path) -> Result<Waivers, SiteError> {
        let text = read(path)?;
        Waivers::parse(path, &text)
    }

    /// Parses waiver text; `path` is only used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Waivers, SiteError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| SiteError::from_toml(path, text, e))?;
        let err = |span: std::ops::Range<usize>, field: String, message: String| {
            SiteError::invalid(path, text, Some(span), Some(field), message)
        };
        let non_empty = |field: String, s: Spanned<String>| -> Result<String, SiteError> {
            let v = s.get_ref().trim().to_string();
            if v.is_empty() { Err(err(s.span(), field, "must not be empty".into())) } else { Ok(v) }
        };
        let mut waivers = Vec::with_capacity(raw.waiver.len());
        for (i, w) in raw.waiver.into_iter().enumerate() {
            let span = w.span();
            let w = w.into_inner();
            let f = |name: &str| format!("waiver[{i}].{name}");
            let device_span = w.device.span();
            let device = non_empty(f("device"), w.device)?;
            // Same rule as inventory device names (they name folders): anything else
            // can never match and is a typo.
            if device != "*" && !device.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
                return Err(err(
                    device_span,
                    f("device"),
                    format!("{device:?}: a device name of inventory.toml, or \"*\" for every device"),
                ));
            }
            // A reason and an approver are what makes an exception accountable: the
            // justification SARIF consumers and inspectors read.
            let reason = non_empty(f("reason"), w.reason)?;
            let approver = non_empty(f("approver"), w.approver)?;
            let expires = Date::from_toml(w.expires.get_ref()).map_err(|why| err(w.expires.span(), f("expires"), why))?;
            waivers.push(Waiver {
                rule: non_empty(f("rule"), w.rule)?,
                device,
                subject: w.subject.map(|s| non_empty(f("subject"), s)).transpose()?,
                reason,
                approver,
                expires,
                line: super::line_of(text, span.start),
            });
        }
        Ok(Waivers { path: path.to_path_buf(), waivers })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Waivers, SiteError> {
        Waivers::parse(Path::new("waivers.toml"), text)
    }

    fn invalid(text: &str) -> (usize, String) {
        match parse(text) {
            Err(SiteError::Invalid { line, message, .. }) => (line, message),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    const ONE: &str = "# comment\n\n[[waiver]]\nrule = \"MHLW-V-SNMP-V2C\"\ndevice = \"core-rtr\"\nreason = \"legacy NMS\"\napprover = \"佐藤\"\nexpires = 2027-03-31\n";

    #[test]
    fn parses_matches_and_expires() {
        let w = parse(ONE).expect("parses");
        assert_eq!(w.waivers.len(), 1);
        let w = &w.waivers[0];
        assert_eq!(w.line, 3);
        assert!(w.covers("MHLW-V-SNMP-V2C", "core-rtr", "snmp"));
        assert!(!w.covers("MHLW-V-SNMP-V2C", "floor3-sw", "snmp"));
        assert!(!w.covers("MHLW-V-TELNET", "core-rtr", "snmp"));
        let end = Date::new(2027, 3, 31).expect("date");
        assert!(w.active_on(end), "holds through its expiry day");
        assert!(!w.active_on(Date::new(2027, 4, 1).expect("date")));

        let any = parse("[[waiver]]\nrule = \"R\"\ndevice = \"*\"\nsubject = \"telnet\"\nreason = \"r\"\napprover = \"a\"\nexpires = \"2027-01-01\"\n")
            .expect("parses");
        let any = &any.waivers[0];
        assert!(any.covers("R", "whatever", "telnet"));
        assert!(!any.covers("R", "whatever", "ssh"), "the subject narrows it");
        assert!(parse("").expect("empty").waivers.is_empty());
    }

    #[test]
    fn errors_name_line_and_field() {
        let (line, msg) = invalid(&ONE.replace("reason = \"legacy NMS\"", "reason = \"\""));
        assert_eq!(line, 6);
        assert!(msg.contains("waiver[0].reason") && msg.contains("empty"), "{msg}");
        let (line, msg) = invalid(&ONE.replace("2027-03-31", "\"next year\""));
        assert_eq!(line, 8);
        assert!(msg.contains("waiver[0].expires"), "{msg}");
        let (line, msg) = invalid(&ONE.replace("core-rtr", "core rtr"));
        assert_eq!(line, 5);
        assert!(msg.contains("waiver[0].device"), "{msg}");
        let (_, msg) = invalid(&ONE.replace("approver = \"佐藤\"\n", ""));
        assert!(msg.contains("approver"), "{msg}");
        let (line, msg) = invalid(&format!("{ONE}aproved_by = \"x\"\n"));
        assert_eq!(line, 9);
        assert!(msg.contains("aproved_by"), "{msg}");
    }
}
