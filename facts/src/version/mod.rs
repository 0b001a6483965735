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
//!
//! # Families
//!
//! Versions are only ordered within one family *and* one train. Where a vendor
//! publishes fixes per branch, the branch is the train: ordering `9.16(4)` against
//! `9.18(1)` would answer "is 9.16(4) older?", which says nothing about whether it
//! carries a fix released on both branches.
//!
//! | Family | `from_os` | Train (versions on different trains are not comparable) | Example order |
//! |---|---|---|---|
//! | [`Family::Ios`] | `ios` | major.minor + train letters (`15.2M`, `15.0SE`, `12.4` mainline) | `12.4(21)` < `12.4(21a)`; `15.2(4)M7` < `15.2(4)M10` |
//! | [`Family::IosXe`] | `ios-xe` | one train for 16.x/17.x; 3.x by its letter (`E`, `S`) | `17.9.4` < `17.9.4a` < `17.9.5` |
//! | [`Family::FortiOs`] | `fortios` | single | `7.0.13` < `v7.0.14,build0601,240131 (GA.M)` |
//! | [`Family::Dotted`] | `dotted` | single | `10.7.18` < `10.10.1` |
//! | [`Family::Yamaha`] | `yamaha` | major (`Rev.15`) | `Rev.15.01.31` < `Rev.15.02.30` |
//! | [`Family::NecIx`] | `nec-ix` | major (`10`) | `10.2.36` < `10.7.18` |
//! | [`Family::Junos`] | `junos` | all `R` releases (Junos Evolved `-EVO` apart); each `NN.NXNN` D train; each `NN.NF` | `21.4R3` < `21.4R3-S1` < `21.4R4` < `22.2R1` |
//! | [`Family::Asa`] | `asa` | major.minor (`9.16`) | `9.16(3)` < `9.16(3)19` < `9.16(4)` |
//! | [`Family::PanOs`] | `panos` | major.minor (`10.2`) | `10.2.9` < `10.2.9-h1` < `10.2.10` |
//! | [`Family::Eos`] | `eos` | major.minor (`4.28`) | `4.28.9M` < `4.28.10M` |
//! | [`Family::NxOs`] | `nxos` | major.minor (`9.3`), or with a platform train `7.0(3)I7` | `9.3(8)` < `9.3(10)`; `7.0(3)I7(9)` < `7.0(3)I7(10)` |
//! | [`Family::AwPlus`] | `awplus` | major.minor (`5.5`) | `5.5.1-0.3` < `5.5.2-1.1` |
//! | [`Family::Dpkg`] | `dpkg` | single | `1.0~rc1` < `1.0` < `1.0-1+deb12u1` < `1:0.9` |
//! | [`Family::Rpm`] | `rpm` | single | `1.0~rc1` < `1.0` < `1.0^git1` < `1.0.1` |
//! | [`Family::Windows`] | `windows` | major.minor.build (`10.0.17763`) | `10.0.17763.5936` < `10.0.17763.6054` |
//!
//! Numbers larger than `u64` are rejected rather than truncated: no real release
//! needs them, and a wrapped number would silently reorder versions.

mod cisco;
mod packages;
mod vendors;

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// A version format.
///
/// Each family's name in [`crate::Firmware::os`] is given first (see [`Family::from_os`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// `ios` — classic Cisco IOS: `15.2(4)M7`, `12.4(21a)`, `12.2(1.1)`.
    Ios,
    /// `ios-xe` — Cisco IOS XE: `17.09.04a`, `16.12.1z1`, `03.06.05E`.
    IosXe,
    /// `fortios` — Fortinet FortiOS: `v7.0.13,build0566,231024 (GA.M)` or `7.0.13`.
    FortiOs,
    /// `dotted` — plain dotted numbers with an optional letter suffix: `10.7.18`, `4.28.9M`.
    Dotted,
    /// `yamaha` — Yamaha RTX/NVR/FWX firmware: `Rev.15.02.30` (the `Rev.` is optional).
    ///
    /// Train = major: each major is a different model generation (Rev.14 for RTX1210,
    /// Rev.15 for RTX1220/RTX830), so their revisions say nothing about each other;
    /// minors within a major are successive releases and are ordered.
    Yamaha,
    /// `nec-ix` — NEC UNIVERGE IX: `10.7.18`, `9.6.22`.
    ///
    /// Train = major: IX 9.x and 10.x run on different hardware generations.
    NecIx,
    /// `junos` — Juniper Junos OS: `21.4R3-S3.4`, `21.4R3.15`, `13.2X51-D35.3`,
    /// `15.1F6-S3`, `22.2R1-S2-EVO`.
    ///
    /// Within a train the order is release (`R3`/`D35`/`F6`), then service release (none
    /// < `-S1` < `-S2`…), then build (`.4`). All `R` releases form one train, since
    /// Juniper numbers them in sequence (`21.4R3` < `22.2R1`); each `X` train (`13.2X51`)
    /// and each `F` train (`15.1F`) stands alone, and Junos Evolved (`-EVO`) never
    /// compares with Junos OS.
    Junos,
    /// `asa` — Cisco ASA: `9.16(3)19`, `9.16(4)`.
    ///
    /// Train = major.minor (`9.16`): ASA fixes are published per train. Within it the
    /// maintenance release in parentheses, then the interim number after it.
    Asa,
    /// `panos` — Palo Alto PAN-OS: `10.2.9-h1`, `11.1.2`.
    ///
    /// Train = major.minor (`10.2`); a hotfix `-hN` sorts after its base release.
    PanOs,
    /// `eos` — Arista EOS: `4.28.9M`, `4.29.3.1M`, `4.30.2F`, `4.27.0F-INT`.
    ///
    /// Train = major.minor (`4.28`). The `F`/`M` letter is the release's maturity, not
    /// its place in the order, and a tag such as `-INT` names a build variant: both
    /// are kept in the display but only the numbers are ordered.
    Eos,
    /// `nxos` — Cisco NX-OS: `9.3(8)`, `10.2(5)M`, `8.4(2c)`, `7.0(3)I7(10)`.
    ///
    /// Train = major.minor (`9.3`), or the platform train for 7.0(3)-style releases
    /// (`7.0(3)I7`). The `F`/`M` label of 10.x is kept in the display only.
    NxOs,
    /// `awplus` — Allied Telesis AlliedWare Plus: `5.5.2-1.1`, `5.4.9-2.5`.
    ///
    /// Train = major.minor (`5.5`): 5.4 and 5.5 are separately maintained branches.
    AwPlus,
    /// `dpkg` — Debian package versions, `[epoch:]upstream[-revision]`, ordered exactly
    /// as dpkg does. One train: the caller compares versions of one package.
    Dpkg,
    /// `rpm` — RPM package versions, `[epoch:]version[-release]`, ordered as rpmvercmp
    /// does (with `~` and `^`). One train: the caller compares versions of one package.
    Rpm,
    /// `windows` — Windows build: `10.0.17763.6054` (the update revision may be absent,
    /// and then counts as 0).
    ///
    /// Train = major.minor.build (`10.0.17763` is Server 2019, `10.0.20348` Server
    /// 2022): different builds are different OS releases, serviced separately.
    Windows,
}

impl Family {
    /// Every family, in declaration order.
    pub const ALL: [Family; 15] = [
        Family::Ios,
        Family::IosXe,
        Family::FortiOs,
        Family::Dotted,
        Family::Yamaha,
        Family::NecIx,
        Family::Junos,
        Family::Asa,
        Family::PanOs,
        Family::Eos,
        Family::NxOs,
        Family::AwPlus,
        Family::Dpkg,
        Family::Rpm,
        Family::Windows,
    ];

    /// The family for a [`crate::Firmware::os`] value.
    pub fn from_os(os: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.os() == os)
    }

    /// The [`crate::Firmware::os`] value naming this family (the inverse of [`Family::from_os`]).
    pub fn os(self) -> &'static str {
        match self {
            Family::Ios => "ios",
            Family::IosXe => "ios-xe",
            Family::FortiOs => "fortios",
            Family::Dotted => "dotted",
            Family::Yamaha => "yamaha",
            Family::NecIx => "nec-ix",
            Family::Junos => "junos",
            Family::Asa => "asa",
            Family::PanOs => "panos",
            Family::Eos => "eos",
            Family::NxOs => "nxos",
            Family::AwPlus => "awplus",
            Family::Dpkg => "dpkg",
            Family::Rpm => "rpm",
            Family::Windows => "windows",
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
///
/// Equality is "the same release" ([`Version::compare`] gives `Equal`), not "the same
/// spelling": `17.09.04a` equals `17.9.4a`, dpkg `0:1.0` equals `1.0`.
#[derive(Debug, Clone)]
pub struct Version {
    family: Family,
    /// Versions on different trains are never ordered (classic IOS `15.2M` vs `15.2E`).
    train: String,
    /// What is ordered within the train.
    key: Key,
    /// How it prints once normalised.
    display: String,
}

/// The ordered part of a version. Vendor firmware fits `Seq`; package managers have
/// their own string algorithms, which need the whole string structure.
#[derive(Debug, Clone)]
enum Key {
    /// Numeric components (missing trailing ones count as zero), then suffix tokens.
    Seq {
        numbers: Vec<u64>,
        suffix: Vec<Token>,
    },
    Dpkg(packages::Dpkg),
    Rpm(packages::Rpm),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Token {
    Num(u64),
    Text(String),
}

/// What a family parser produces; [`Version::parse`] adds the family.
struct Parsed {
    train: String,
    key: Key,
    display: String,
}

impl Parsed {
    fn seq(train: impl Into<String>, numbers: Vec<u64>, suffix: Vec<Token>, display: String) -> Parsed {
        Parsed { train: train.into(), key: Key::Seq { numbers, suffix }, display }
    }
}

impl Version {
    /// Parses `raw` in the given family's format.
    pub fn parse(family: Family, raw: &str) -> Result<Version, VersionError> {
        let s = raw.trim();
        let parsed = match family {
            Family::Ios => cisco::ios(s),
            Family::IosXe => cisco::ios_xe(s),
            Family::Asa => cisco::asa(s),
            Family::NxOs => cisco::nxos(s),
            Family::FortiOs => vendors::fortios(s),
            Family::Dotted => vendors::dotted(s),
            Family::Yamaha => vendors::yamaha(s),
            Family::NecIx => vendors::nec_ix(s),
            Family::Junos => vendors::junos(s),
            Family::PanOs => vendors::panos(s),
            Family::Eos => vendors::eos(s),
            Family::AwPlus => vendors::awplus(s),
            Family::Windows => vendors::windows(s),
            Family::Dpkg => packages::dpkg(s),
            Family::Rpm => packages::rpm(s),
        };
        match parsed {
            Some(Parsed { train, key, display }) => Ok(Version { family, train, key, display }),
            None => Err(VersionError { family, input: raw.to_string() }),
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

    /// The numeric components (`[17, 9, 4]` for `17.9.4a`). Empty for `dpkg` and `rpm`,
    /// whose versions are strings ordered piecewise rather than number lists.
    pub fn numbers(&self) -> &[u64] {
        match &self.key {
            Key::Seq { numbers, .. } => numbers,
            Key::Dpkg(_) | Key::Rpm(_) => &[],
        }
    }

    /// Orders two versions, or `None` when they cannot be ordered (different
    /// families or trains).
    pub fn compare(&self, other: &Version) -> Option<Ordering> {
        if self.family != other.family || self.train != other.train {
            return None;
        }
        match (&self.key, &other.key) {
            (Key::Seq { numbers: an, suffix: asx }, Key::Seq { numbers: bn, suffix: bsx }) => {
                Some(cmp_numbers(an, bn).then_with(|| asx.cmp(bsx)))
            }
            (Key::Dpkg(a), Key::Dpkg(b)) => Some(a.cmp(b)),
            (Key::Rpm(a), Key::Rpm(b)) => Some(a.cmp(b)),
            // A family always parses into one kind of key; this is only a safe answer.
            _ => None,
        }
    }

    /// True when `self` is within `[first, last]` (both inclusive); `None` when not comparable.
    pub fn within(&self, first: &Version, last: &Version) -> Option<bool> {
        Some(self.compare(first)? != Ordering::Less && self.compare(last)? != Ordering::Greater)
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.compare(other) == Some(Ordering::Equal)
    }
}

impl Eq for Version {}

/// Hashes the same canonical form that equality sees, so equal versions hash alike.
impl Hash for Version {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.family.hash(state);
        self.train.hash(state);
        match &self.key {
            Key::Seq { numbers, suffix } => {
                let significant = numbers.iter().rposition(|&n| n != 0).map_or(0, |i| i + 1);
                numbers[..significant].hash(state);
                suffix.hash(state);
            }
            Key::Dpkg(d) => d.hash(state),
            Key::Rpm(r) => r.hash(state),
        }
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

/// ASCII digits only, within `u64`: `str::parse` alone would also take `+5`.
fn num(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `10.07.18` → `[10, 7, 18]`; any empty or non-numeric component fails.
fn dotted_numbers(s: &str) -> Option<Vec<u64>> {
    s.split('.').map(num).collect()
}

/// Joins numbers with dots, dropping any zero padding the device printed.
fn join(numbers: &[u64]) -> String {
    numbers.iter().map(u64::to_string).collect::<Vec<_>>().join(".")
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

/// `17.09.04a`, `3.6.5E`, `10.7.18`, `4.28.9M`: dot-separated numbers, then letters
/// and numbers that must start with a letter.
fn numbers_then_suffix(s: &str) -> Option<(Vec<u64>, Vec<Token>)> {
    let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let (nums, rest) = s.split_at(split);
    let numbers = dotted_numbers(nums)?;
    let suffix = tokens(rest)?;
    if suffix.first().is_some_and(|t| matches!(t, Token::Num(_))) {
        return None;
    }
    Some((numbers, suffix))
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

    #[test]
    fn every_family_has_a_unique_os_name() {
        for f in Family::ALL {
            assert_eq!(Family::from_os(f.os()), Some(f));
        }
        assert_eq!(Family::from_os("IOS"), None);
    }
}
