//! Package-manager versions: Debian dpkg and RPM.
//!
//! Both order arbitrary strings piece by piece, so they are stored as canonical piece
//! lists: two versions the algorithm calls equal (`1.01` and `1.1`) get the same list,
//! which keeps `Eq` and `Hash` consistent with the ordering.

use std::cmp::Ordering;

use super::{Key, Parsed, num};

/// A dpkg version: `[epoch:]upstream[-revision]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Dpkg {
    epoch: u64,
    upstream: Vec<Run>,
    revision: Vec<Run>,
}

/// One step of dpkg's comparison: a non-digit run, then a digit run (empty = 0).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
struct Run {
    text: String,
    number: u64,
}

impl Ord for Dpkg {
    fn cmp(&self, other: &Self) -> Ordering {
        self.epoch
            .cmp(&other.epoch)
            .then_with(|| cmp_runs(&self.upstream, &other.upstream))
            .then_with(|| cmp_runs(&self.revision, &other.revision))
    }
}

impl PartialOrd for Dpkg {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// `1:9.2p1-2+deb12u3`, `2.36-9+deb12u4`, `1.0~rc1`.
///
/// Follows dpkg's own syntax rules (upstream starts with a digit; revision only
/// alphanumerics and `.+~`) so that what is accepted is what dpkg would install.
pub(super) fn dpkg(s: &str) -> Option<Parsed> {
    let (epoch, rest) = match s.split_once(':') {
        Some((epoch, rest)) => (num(epoch)?, rest),
        None => (0, s),
    };
    let (upstream, revision) = match rest.rsplit_once('-') {
        Some((upstream, revision)) => (upstream, Some(revision)),
        None => (rest, None),
    };
    let upstream_ok = upstream.starts_with(|c: char| c.is_ascii_digit())
        && upstream.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '~' | '-' | ':'));
    let revision_ok =
        revision.is_none_or(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '~')));
    if !upstream_ok || !revision_ok {
        return None;
    }
    // `0:` is dropped unless the upstream has a colon, which would then read as an epoch.
    let mut display = if epoch == 0 && !upstream.contains(':') { String::new() } else { format!("{epoch}:") };
    display.push_str(upstream);
    if let Some(revision) = revision {
        display.push('-');
        display.push_str(revision);
    }
    let key = Dpkg { epoch, upstream: runs(upstream)?, revision: runs(revision.unwrap_or(""))? };
    Some(Parsed { train: String::new(), key: Key::Dpkg(key), display })
}

/// Splits into (non-digits, digits) runs. Trailing `("", 0)` runs are dropped because
/// dpkg pads the shorter version with exactly that (`1.0` == `1.0-0`).
fn runs(s: &str) -> Option<Vec<Run>> {
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let (text, after) = rest.split_at(rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len()));
        let (digits, after) = after.split_at(after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len()));
        let number = if digits.is_empty() { 0 } else { num(digits)? };
        out.push(Run { text: text.to_string(), number });
        rest = after;
    }
    while out.last().is_some_and(|r| r.text.is_empty() && r.number == 0) {
        out.pop();
    }
    Some(out)
}

fn cmp_runs(a: &[Run], b: &[Run]) -> Ordering {
    let pad = Run::default();
    (0..a.len().max(b.len()))
        .map(|i| {
            let (x, y) = (a.get(i).unwrap_or(&pad), b.get(i).unwrap_or(&pad));
            cmp_text(&x.text, &y.text).then(x.number.cmp(&y.number))
        })
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// dpkg's character order: `~` before the end of the run, the end before letters,
/// letters before everything else.
fn cmp_text(a: &str, b: &str) -> Ordering {
    fn weight(c: Option<u8>) -> i32 {
        match c {
            None => 0,
            Some(b'~') => -1,
            Some(c) if c.is_ascii_alphabetic() => i32::from(c),
            Some(c) => i32::from(c) + 256,
        }
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    (0..a.len().max(b.len()))
        .map(|i| weight(a.get(i).copied()).cmp(&weight(b.get(i).copied())))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// An RPM version: `[epoch:]version[-release]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Rpm {
    epoch: u64,
    version: Vec<Segment>,
    release: Vec<Segment>,
}

/// rpmvercmp's pieces; separators (`.`, `_`, `+`) only split and are not kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Segment {
    Tilde,
    Caret,
    Alpha(String),
    Num(u64),
}

impl Ord for Rpm {
    fn cmp(&self, other: &Self) -> Ordering {
        self.epoch
            .cmp(&other.epoch)
            .then_with(|| cmp_segments(&self.version, &other.version))
            .then_with(|| cmp_segments(&self.release, &other.release))
    }
}

impl PartialOrd for Rpm {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// `8.7p1-38.el9`, `2:1.0`, `1.0~rc1`, `1.0^git1`.
///
/// A missing release compares as an empty one, i.e. before any release of the same
/// version (rpm's dependency matcher would instead ignore it, which is not an order).
pub(super) fn rpm(s: &str) -> Option<Parsed> {
    let (epoch, rest) = match s.split_once(':') {
        Some((epoch, rest)) => (num(epoch)?, rest),
        None => (0, s),
    };
    let (version, release) = match rest.split_once('-') {
        Some((version, release)) => (version, Some(release)),
        None => (rest, None),
    };
    // Requiring a digit turns words and punctuation into errors instead of versions.
    if !version.contains(|c: char| c.is_ascii_digit()) || release.is_some_and(str::is_empty) {
        return None;
    }
    let key = Rpm { epoch, version: segments(version)?, release: segments(release.unwrap_or(""))? };
    let mut display = if epoch == 0 { String::new() } else { format!("{epoch}:") };
    display.push_str(version);
    if let Some(release) = release {
        display.push('-');
        display.push_str(release);
    }
    Some(Parsed { train: String::new(), key: Key::Rpm(key), display })
}

fn segments(s: &str) -> Option<Vec<Segment>> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let len = if c.is_ascii_digit() {
            let len = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
            out.push(Segment::Num(num(&rest[..len])?));
            len
        } else if c.is_ascii_alphabetic() {
            let len = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
            out.push(Segment::Alpha(rest[..len].to_string()));
            len
        } else {
            match c {
                '~' => out.push(Segment::Tilde),
                '^' => out.push(Segment::Caret),
                '.' | '_' | '+' => {}
                _ => return None,
            }
            1
        };
        rest = &rest[len..];
    }
    Some(out)
}

/// rpmvercmp as a lexicographic order: at each position `~` < end < `^` < letters <
/// numbers, letters by byte and numbers by value.
fn cmp_segments(a: &[Segment], b: &[Segment]) -> Ordering {
    fn rank(s: Option<&Segment>) -> u8 {
        match s {
            Some(Segment::Tilde) => 0,
            None => 1,
            Some(Segment::Caret) => 2,
            Some(Segment::Alpha(_)) => 3,
            Some(Segment::Num(_)) => 4,
        }
    }
    for i in 0..a.len().max(b.len()) {
        let (x, y) = (a.get(i), b.get(i));
        let order = rank(x).cmp(&rank(y)).then_with(|| match (x, y) {
            (Some(Segment::Alpha(p)), Some(Segment::Alpha(q))) => p.cmp(q),
            (Some(Segment::Num(p)), Some(Segment::Num(q))) => p.cmp(q),
            _ => Ordering::Equal,
        });
        if order.is_ne() {
            return order;
        }
    }
    Ordering::Equal
}
