//! Vendor version ordering.
//!
//! Firmware versions are not semver. Each vendor has its own format, and some
//! (classic IOS) have several release trains that must never be ordered against each
//! other. [`Version::compare`] therefore returns `None` — "not comparable" — rather
//! than guess, and rules must treat that as unknown.
//!
//! ```
//! use kenshin_facts::version::{Family, Version};
//! let a = Version::parse(Family::IosXe, "17.09.04a").unwrap();
//! let b = Version::parse(Family::IosXe, "17.9.4a").unwrap();
//! assert_eq!(a, b);
//! assert_eq!(a.to_string(), "17.9.4a");
//! let fixed = Version::parse(Family::IosXe, "17.9.5").unwrap();
//! assert!(a < fixed);
//! ```

use std::cmp::Ordering;
use std::fmt;

/// A version format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Classic Cisco IOS: `15.2(4)M7`, `12.4(21a)`, `12.2(1.1)`.
    Ios,
    /// Cisco IOS XE: `17.09.04a`, `16.12.1z1`, `03.06.05E`.
    IosXe,
    /// Fortinet FortiOS: `v7.0.13,build0566,231024 (GA.M)` or `7.0.13`.
    FortiOs,
    /// Plain dotted numbers with an optional letter suffix: `10.7.18`, `4.28.9M`.
    Dotted,
}

impl Family {
    /// The family for a [`crate::Firmware::os`] value.
    pub fn from_os(os: &str) -> Option<Family> {
        match os {
            "ios" => Some(Family::Ios),
            "ios-xe" => Some(Family::IosXe),
            "fortios" => Some(Family::FortiOs),
            "dotted" => Some(Family::Dotted),
            _ => None,
        }
    }
}

/// Why a version string could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionError {
    pub family: Family,
    pub input: String,
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} version not recognised: {:?}", self.family, self.input)
    }
}

impl std::error::Error for VersionError {}

/// A parsed version, comparable within its family and train.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Version {
    family: Family,
    /// Versions on different trains are never ordered (classic IOS `15.2M` vs `15.2E`).
    train: String,
    /// Numeric release components (`[17, 9, 4]`).
    numbers: Vec<u64>,
    /// What follows the numbers (`a`, `z1`, `M7`), compared as letter/number runs.
    suffix: Vec<Token>,
    /// How it prints once normalised.
    display: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Token {
    Num(u64),
    Text(String),
}

impl Version {
    /// Parses `raw` in the given family's format.
    pub fn parse(family: Family, raw: &str) -> Result<Version, VersionError> {
        let err = || VersionError { family, input: raw.to_string() };
        let s = raw.trim();
        match family {
            Family::IosXe => parse_dotted(family, s, "").ok_or_else(err),
            Family::Dotted => parse_dotted(family, s.trim_start_matches(['v', 'V']), "").ok_or_else(err),
            Family::FortiOs => parse_fortios(s).ok_or_else(err),
            Family::Ios => parse_ios(s).ok_or_else(err),
        }
    }

    /// The family this version was parsed in.
    pub fn family(&self) -> Family {
        self.family
    }

    /// The release train; versions of different trains are not comparable.
    pub fn train(&self) -> &str {
        &self.train
    }

    /// The numeric components (`[17, 9, 4]` for `17.9.4a`).
    pub fn numbers(&self) -> &[u64] {
        &self.numbers
    }

    /// Orders two versions, or `None` when they cannot be ordered (different
    /// families or trains).
    pub fn compare(&self, other: &Version) -> Option<Ordering> {
        if self.family != other.family || self.train != other.train {
            return None;
        }
        Some(cmp_numbers(&self.numbers, &other.numbers).then_with(|| self.suffix.cmp(&other.suffix)))
    }

    /// True when `self` is within `[first, last]` (both inclusive); `None` when not comparable.
    pub fn within(&self, first: &Version, last: &Version) -> Option<bool> {
        Some(self.compare(first)? != Ordering::Less && self.compare(last)? != Ordering::Greater)
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.compare(other)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display)
    }
}

/// Normalises `raw` (`17.09.04a` → `17.9.4a`), or `None` if it is not a version of `family`.
pub fn normalize(family: Family, raw: &str) -> Option<String> {
    Version::parse(family, raw).ok().map(|v| v.to_string())
}

/// Compares two version strings of one family; `None` if either does not parse or
/// they are not comparable.
pub fn compare(family: Family, a: &str, b: &str) -> Option<Ordering> {
    Version::parse(family, a).ok()?.compare(&Version::parse(family, b).ok()?)
}

/// Missing trailing components count as zero: `7.0` == `7.0.0`.
fn cmp_numbers(a: &[u64], b: &[u64]) -> Ordering {
    let n = a.len().max(b.len());
    (0..n)
        .map(|i| a.get(i).copied().unwrap_or(0).cmp(&b.get(i).copied().unwrap_or(0)))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

fn tokens(s: &str) -> Option<Vec<Token>> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut n = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                n.push(d);
                chars.next();
            }
            out.push(Token::Num(n.parse().ok()?));
        } else if c.is_ascii_alphabetic() {
            let mut t = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_alphabetic()) {
                t.push(d);
                chars.next();
            }
            out.push(Token::Text(t));
        } else {
            return None;
        }
    }
    Some(out)
}

fn render_suffix(tokens: &[Token]) -> String {
    tokens
        .iter()
        .map(|t| match t {
            Token::Num(n) => n.to_string(),
            Token::Text(s) => s.clone(),
        })
        .collect()
}

/// `17.09.04a`, `3.6.5E`, `10.7.18`, `4.28.9M`.
fn parse_dotted(family: Family, s: &str, train: &str) -> Option<Version> {
    let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let (nums, rest) = s.split_at(split);
    if nums.is_empty() || nums.starts_with('.') || nums.ends_with('.') {
        return None;
    }
    let numbers: Vec<u64> = nums.split('.').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let suffix = tokens(rest)?;
    if suffix.first().is_some_and(|t| matches!(t, Token::Num(_))) {
        return None;
    }
    let mut display = numbers.iter().map(u64::to_string).collect::<Vec<_>>().join(".");
    display.push_str(&render_suffix(&suffix));
    // IOS XE 3.x: the capital letter names the train (`03.06.05E`), it is not a respin.
    let mut train = train.to_string();
    if family == Family::IosXe && numbers.first() == Some(&3) {
        train = render_suffix(&suffix);
    }
    Some(Version { family, train, numbers, suffix, display })
}

/// `v7.0.13,build0566,231024 (GA.M)`, `v6.0.4,build0231,190107 (GA)`, `7.2.5`.
fn parse_fortios(s: &str) -> Option<Version> {
    let mut fields = s.split(',');
    let head = fields.next()?.trim();
    // `FortiGate-60E v6.0.4` (as in `get system status`) or just `v6.0.4`.
    let head = head.rsplit(' ').next()?.trim_start_matches(['v', 'V']);
    let mut v = parse_dotted(Family::FortiOs, head, "")?;
    if !v.suffix.is_empty() || v.numbers.len() != 3 {
        return None;
    }
    if let Some(build) = fields.next().and_then(|b| b.trim().strip_prefix("build")) {
        v.numbers.push(build.trim().parse().ok()?);
    }
    Some(v).map(|mut v| {
        v.display = v.numbers.iter().take(3).map(u64::to_string).collect::<Vec<_>>().join(".");
        // A missing build sorts as build 0 through `cmp_numbers`, i.e. before any build
        // of the same release: the conservative order for "is it at least the fix".
        v
    })
}

/// `15.2(4)M7`, `12.4(21a)`, `12.4(15)T8`, `12.2(1.1)`, `15.0(2)SE11`.
fn parse_ios(s: &str) -> Option<Version> {
    let open = s.find('(')?;
    let close = s.find(')')?;
    if close < open {
        return None;
    }
    let major = &s[..open];
    let major_nums: Vec<u64> = major.split('.').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    if major_nums.len() != 2 {
        return None;
    }
    let inner = &s[open + 1..close];
    let after = &s[close + 1..];
    // Inside the parentheses: release, optional `.interim`, optional rebuild letter.
    let letter_at = inner.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(inner.len());
    let (release_part, inner_letter) = inner.split_at(letter_at);
    let mut rel = release_part.split('.');
    let release: u64 = rel.next()?.parse().ok()?;
    let interim: u64 = match rel.next() {
        Some(i) => i.parse().ok()?,
        None => 0,
    };
    if rel.next().is_some() || !inner_letter.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    // After the parentheses: train letters (upper case) then the rebuild number and
    // possibly a lowercase respin (`15.2(4)M7a`).
    let train_len = after.find(|c: char| !c.is_ascii_uppercase()).unwrap_or(after.len());
    let (train_letters, rebuild) = after.split_at(train_len);
    let rebuild_tokens = tokens(rebuild)?;
    let mut suffix = vec![Token::Num(interim)];
    suffix.push(Token::Text(inner_letter.to_string()));
    suffix.extend(rebuild_tokens);
    Some(Version {
        family: Family::Ios,
        train: format!("{}.{}{}", major_nums[0], major_nums[1], train_letters),
        numbers: vec![major_nums[0], major_nums[1], release],
        suffix,
        display: s.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(f: Family, s: &str) -> Version {
        Version::parse(f, s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn ios_xe_zero_padding_is_the_same_release() {
        assert_eq!(v(Family::IosXe, "17.09.04a"), v(Family::IosXe, "17.9.4a"));
        assert_eq!(normalize(Family::IosXe, "17.09.04a").as_deref(), Some("17.9.4a"));
        assert_eq!(normalize(Family::IosXe, "16.12.01"), Some("16.12.1".into()));
    }

    #[test]
    fn ios_xe_respin_sorts_between_releases() {
        let order = ["17.9.3", "17.9.4", "17.9.4a", "17.9.4b", "17.9.5", "17.10.1", "17.12.1a"];
        for w in order.windows(2) {
            assert_eq!(compare(Family::IosXe, w[0], w[1]), Some(Ordering::Less), "{} < {}", w[0], w[1]);
        }
        // Odd Cisco suffixes still parse and order after their base.
        assert_eq!(compare(Family::IosXe, "16.12.1", "16.12.1z1"), Some(Ordering::Less));
        assert_eq!(compare(Family::IosXe, "16.12.1z1", "16.12.1z2"), Some(Ordering::Less));
    }

    #[test]
    fn ios_xe_3x_trains_are_not_compared() {
        assert_eq!(compare(Family::IosXe, "03.06.05E", "03.06.06E"), Some(Ordering::Less));
        assert_eq!(compare(Family::IosXe, "03.06.05E", "03.07.01S"), None);
    }

    #[test]
    fn fortios_formats() {
        let a = v(Family::FortiOs, "v6.0.4,build0231,190107 (GA)");
        assert_eq!(a.to_string(), "6.0.4");
        assert_eq!(v(Family::FortiOs, "FortiGate-60E v6.0.4,build0231,190107 (GA)").to_string(), "6.0.4");
        assert!(a < v(Family::FortiOs, "6.0.5"));
        assert!(v(Family::FortiOs, "7.0.13") < v(Family::FortiOs, "v7.0.14,build0601,240131 (GA.M)"));
        assert!(v(Family::FortiOs, "7.2.5").within(&v(Family::FortiOs, "7.2.0"), &v(Family::FortiOs, "7.2.6")).unwrap());
        assert!(!v(Family::FortiOs, "7.2.7").within(&v(Family::FortiOs, "7.2.0"), &v(Family::FortiOs, "7.2.6")).unwrap());
        assert!(Version::parse(Family::FortiOs, "7.2").is_err());
        assert!(Version::parse(Family::FortiOs, "garbage").is_err());
    }

    #[test]
    fn ios_rebuilds_are_numeric_and_trains_separate() {
        assert!(v(Family::Ios, "15.2(4)E10") < v(Family::Ios, "15.2(4)E11"));
        assert!(v(Family::Ios, "15.2(4)M7") < v(Family::Ios, "15.2(5)M1"));
        assert_eq!(compare(Family::Ios, "15.2(4)M7", "15.2(4)E7"), None);
        assert_eq!(compare(Family::Ios, "12.4(15)T8", "12.4(21a)"), None);
        // Mainline rebuild letter and interim builds.
        assert!(v(Family::Ios, "12.4(21)") < v(Family::Ios, "12.4(21a)"));
        assert!(v(Family::Ios, "12.2(1)") < v(Family::Ios, "12.2(1.1)"));
        assert!(v(Family::Ios, "12.2(1.1)") < v(Family::Ios, "12.2(2)"));
        assert_eq!(v(Family::Ios, "15.0(2)SE11").train(), "15.0SE");
    }

    #[test]
    fn dotted_and_garbage() {
        assert!(v(Family::Dotted, "10.7.18") < v(Family::Dotted, "10.10.1"));
        assert!(v(Family::Dotted, "4.28.9M") < v(Family::Dotted, "4.28.10M"));
        assert_eq!(v(Family::Dotted, "7.0"), v(Family::Dotted, "7.0").clone());
        assert_eq!(compare(Family::Dotted, "7.0", "7.0.0"), Some(Ordering::Equal));
        for bad in ["", ".", "1..2", "abc", "1.2.", "1.2-3"] {
            assert!(Version::parse(Family::Dotted, bad).is_err(), "{bad:?}");
        }
        assert_eq!(compare(Family::Dotted, "1.0", "x"), None);
    }
}
