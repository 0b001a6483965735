//! Known-exploited vulnerabilities of network edge devices: the pack's data file
//! `advisories.toml` (version ranges, first fixed releases, the configuration that
//! makes each flaw reachable), read from the ABI input's `data`.
//!
//! The data lives beside `pack.toml`, not in this code: correcting a range or adding
//! an advisory is editing that file. The file's header documents its fields.

use kenshin_policy::Input;
use kenshin_policy::version::{Family, Version};
use serde::Deserialize;

/// The name of the data file in the pack.
pub const FILE: &str = "advisories.toml";

/// `advisories.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advisories {
    #[serde(default)]
    pub advisory: Vec<Advisory>,
}

/// What must also be true for the flaw to be reachable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// SSL-VPN (web or tunnel mode, GlobalProtect portal or gateway) is enabled.
    SslVpn,
    /// The HTTP/HTTPS administrative interface is reachable.
    AdminWeb,
    /// `ip http server` or `ip http secure-server` is configured (IOS XE web UI).
    WebUi,
}

/// A text in both report languages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub en: String,
    pub ja: String,
}

/// One advisory.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advisory {
    pub cve: String,
    pub vendor_id: String,
    pub vendor: String,
    pub product: String,
    /// Firmware `os` family it concerns (`fortios`, `ios-xe`, `panos`).
    pub os: String,
    /// Listed in CISA's Known Exploited Vulnerabilities catalog.
    pub kev: bool,
    pub condition: Condition,
    pub source: String,
    #[serde(default)]
    pub note: Option<Note>,
    pub affected: Vec<Range>,
}

/// Affected versions of one release train, inclusive, and the train's first fix.
#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    pub from: String,
    pub to: String,
    /// `None`: the train has no fixed release and must be left.
    #[serde(default)]
    pub fixed: Option<String>,
}

/// Where `version` stands against an advisory.
#[derive(Debug, PartialEq, Eq)]
pub enum Exposure<'a> {
    /// Inside an affected range (with that range, for its fix).
    Affected(&'a Range),
    /// Outside every range it can be compared with.
    Outside,
    /// Every range is on another release train: no conclusion.
    NotComparable,
}

impl Advisories {
    /// The pack's advisory data, or why it cannot be used.
    pub fn from_input(input: &Input) -> Result<Advisories, String> {
        input.data::<Advisories>(FILE).unwrap_or_else(|| Err(format!("the pack has no {FILE}")))
    }

    /// The advisories concerning firmware family `os`.
    pub fn for_os<'a>(&'a self, os: &'a str) -> impl Iterator<Item = &'a Advisory> + 'a {
        self.advisory.iter().filter(move |a| a.os == os)
    }
}

impl Advisory {
    /// Whether `version` (of family `family`) is affected. Ranges whose bounds do not
    /// parse count as not comparable, so bad data never turns into a pass.
    pub fn exposure(&self, family: Family, version: &Version) -> Exposure<'_> {
        let mut comparable = false;
        for range in &self.affected {
            let (Ok(lo), Ok(hi)) = (Version::parse(family, &range.from), Version::parse(family, &range.to)) else { continue };
            match version.within(&lo, &hi) {
                Some(true) => return Exposure::Affected(range),
                Some(false) => comparable = true,
                None => {}
            }
        }
        if comparable { Exposure::Outside } else { Exposure::NotComparable }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{advisories, facts, input};

    /// Every row of the shipped file: bounds parse, are ordered, and the last affected
    /// release is affected while the first fixed one is not (same train, comparable).
    #[test]
    fn last_affected_and_first_fixed_of_every_row() {
        let data = advisories();
        assert!(data.advisory.len() >= 6);
        for a in &data.advisory {
            let family = Family::from_os(&a.os).unwrap_or_else(|| panic!("{}: unknown os {}", a.cve, a.os));
            assert!(a.source.starts_with("https://"), "{}", a.cve);
            for r in &a.affected {
                let lo = Version::parse(family, &r.from).unwrap_or_else(|e| panic!("{} {}: {e}", a.cve, r.from));
                let hi = Version::parse(family, &r.to).unwrap_or_else(|e| panic!("{} {}: {e}", a.cve, r.to));
                assert!(lo <= hi, "{} {lo} > {hi}", a.cve);
                assert_eq!(a.exposure(family, &hi), Exposure::Affected(r), "{} last affected {hi}", a.cve);
                assert_eq!(a.exposure(family, &lo), Exposure::Affected(r), "{} first affected {lo}", a.cve);
                if let Some(fixed) = &r.fixed {
                    let fixed = Version::parse(family, fixed).unwrap_or_else(|e| panic!("{} {fixed}: {e}", a.cve));
                    assert_eq!(hi.compare(&fixed), Some(std::cmp::Ordering::Less), "{} {hi} < {fixed}", a.cve);
                    assert_eq!(a.exposure(family, &fixed), Exposure::Outside, "{} first fixed {fixed}", a.cve);
                }
            }
        }
    }

    #[test]
    fn missing_or_malformed_data_is_an_error() {
        let mut i = input(facts("fortinet"));
        i.data.clear();
        assert!(Advisories::from_input(&i).unwrap_err().contains("no advisories.toml"));
        i.data.insert(FILE.into(), serde_json::json!({"advisory": [{"cve": 3}]}));
        assert!(Advisories::from_input(&i).unwrap_err().starts_with("advisories.toml:"));
    }
}
