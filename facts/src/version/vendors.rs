//! Network and OS vendors whose versions are numbers with a fixed shape.
//!
//! Each parser fills every numeric position (a missing hotfix, service release or
//! build becomes 0) so that the shared zero-padded number comparison orders a base
//! release before its hotfixes.

use super::{Parsed, dotted_numbers, join, num, numbers_then_suffix, render_suffix};

/// `v7.0.13,build0566,231024 (GA.M)`, `FortiGate-60E v6.0.4,build0231,190107 (GA)`, `7.2.5`.
pub(super) fn fortios(s: &str) -> Option<Parsed> {
    let mut fields = s.split(',');
    let head = fields.next()?.trim();
    // `FortiGate-60E v6.0.4` (as in `get system status`) or just `v6.0.4`.
    let head = head.rsplit(' ').next()?.trim_start_matches(['v', 'V']);
    let (mut numbers, suffix) = numbers_then_suffix(head)?;
    if !suffix.is_empty() || numbers.len() != 3 {
        return None;
    }
    let display = join(&numbers);
    // A missing build sorts as build 0 through the zero padding, i.e. before any build
    // of the same release: the conservative order for "is it at least the fix".
    if let Some(build) = fields.next().and_then(|b| b.trim().strip_prefix("build")) {
        numbers.push(num(build.trim())?);
    }
    Some(Parsed::seq("", numbers, suffix, display))
}

/// `10.7.18`, `4.28.9M`, `v1.2`.
pub(super) fn dotted(s: &str) -> Option<Parsed> {
    let (numbers, suffix) = numbers_then_suffix(s.trim_start_matches(['v', 'V']))?;
    let display = format!("{}{}", join(&numbers), render_suffix(&suffix));
    Some(Parsed::seq("", numbers, suffix, display))
}

/// `Rev.15.02.30` or `15.02.30`; prints the way the router does (`Rev.15.02.30`).
pub(super) fn yamaha(s: &str) -> Option<Parsed> {
    let body = match s.get(..4) {
        Some(prefix) if prefix.eq_ignore_ascii_case("rev.") => s.get(4..)?.trim_start(),
        _ => s,
    };
    let numbers = dotted_numbers(body)?;
    let [major, minor, revision] = numbers[..] else {
        return None;
    };
    let display = format!("Rev.{major:02}.{minor:02}.{revision:02}");
    Some(Parsed::seq(major.to_string(), numbers, Vec::new(), display))
}

/// `10.7.18`: always three numbers.
pub(super) fn nec_ix(s: &str) -> Option<Parsed> {
    let numbers = dotted_numbers(s)?;
    let [major, _, _] = numbers[..] else {
        return None;
    };
    Some(Parsed::seq(major.to_string(), numbers.clone(), Vec::new(), join(&numbers)))
}

/// `21.4R3-S3.4`, `21.4R3.15`, `13.2X51-D35.3`, `15.1F6-S3`, `22.2R1-S2-EVO`.
pub(super) fn junos(s: &str) -> Option<Parsed> {
    let (s, evo) = match s.strip_suffix("-EVO") {
        Some(base) => (base, "-EVO"),
        None => (s, ""),
    };
    let kind_at = s.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (head, rest) = s.split_at(kind_at);
    let [major, minor] = dotted_numbers(head)?[..] else {
        return None;
    };
    // The train, the numbers before the release, and the release onward (`3-S3.4`).
    let (train, prefix, mut display, rest) = if let Some(rest) = rest.strip_prefix('R') {
        (format!("R{evo}"), vec![major, minor], format!("{major}.{minor}R"), rest)
    } else if let Some(rest) = rest.strip_prefix('F') {
        (format!("{major}.{minor}F{evo}"), vec![major, minor], format!("{major}.{minor}F"), rest)
    } else {
        let (x, rest) = rest.strip_prefix('X')?.split_once("-D")?;
        let x = num(x)?;
        (format!("{major}.{minor}X{x}{evo}"), vec![major, minor, x], format!("{major}.{minor}X{x}-D"), rest)
    };
    let (main, build) = match rest.split_once('.') {
        Some((main, build)) => (main, Some(num(build)?)),
        None => (rest, None),
    };
    let (release, service) = match main.split_once("-S") {
        Some((release, service)) => (num(release)?, Some(num(service)?)),
        None => (num(main)?, None),
    };
    display.push_str(&release.to_string());
    if let Some(service) = service {
        display.push_str(&format!("-S{service}"));
    }
    if let Some(build) = build {
        display.push_str(&format!(".{build}"));
    }
    display.push_str(evo);
    let mut numbers = prefix;
    // No service release sorts before `-S1`, and no build before `.1`: the base release
    // precedes its service releases.
    numbers.extend([release, service.unwrap_or(0), build.unwrap_or(0)]);
    Some(Parsed::seq(train, numbers, Vec::new(), display))
}

/// `10.2.9-h1`, `11.1.2`.
pub(super) fn panos(s: &str) -> Option<Parsed> {
    let (base, hotfix) = match s.split_once("-h") {
        Some((base, hotfix)) => (base, Some(num(hotfix)?)),
        None => (s, None),
    };
    let mut numbers = dotted_numbers(base)?;
    let [major, minor, _] = numbers[..] else {
        return None;
    };
    let mut display = join(&numbers);
    if let Some(hotfix) = hotfix {
        display.push_str(&format!("-h{hotfix}"));
    }
    numbers.push(hotfix.unwrap_or(0));
    Some(Parsed::seq(format!("{major}.{minor}"), numbers, Vec::new(), display))
}

/// `4.28.9M`, `4.29.3.1M`, `4.30.2F`, `4.27.0F-INT`, `4.28.9`.
pub(super) fn eos(s: &str) -> Option<Parsed> {
    let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let (nums, rest) = s.split_at(split);
    let numbers = dotted_numbers(nums)?;
    if !(3..=4).contains(&numbers.len()) {
        return None;
    }
    let [major, minor, ..] = numbers[..] else {
        return None;
    };
    let letters = rest.find(|c: char| !c.is_ascii_uppercase()).unwrap_or(rest.len());
    let (maturity, tag) = rest.split_at(letters);
    if maturity.len() > 2 {
        return None;
    }
    if !tag.is_empty() {
        let name = tag.strip_prefix('-')?;
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_')) {
            return None;
        }
    }
    let display = format!("{}{maturity}{tag}", join(&numbers));
    Some(Parsed::seq(format!("{major}.{minor}"), numbers, Vec::new(), display))
}

/// `5.5.2-1.1`, `5.4.9-2.5`; the `-a.b` part may be missing and then counts as `-0.0`.
pub(super) fn awplus(s: &str) -> Option<Parsed> {
    let (base, patch) = match s.split_once('-') {
        Some((base, patch)) => (base, Some(patch)),
        None => (s, None),
    };
    let mut numbers = dotted_numbers(base)?;
    let [major, minor, _] = numbers[..] else {
        return None;
    };
    let mut display = join(&numbers);
    match patch.map(dotted_numbers) {
        None => numbers.extend([0, 0]),
        Some(Some(patch)) if patch.len() == 2 => {
            display.push_str(&format!("-{}", join(&patch)));
            numbers.extend(patch);
        }
        Some(_) => return None,
    }
    Some(Parsed::seq(format!("{major}.{minor}"), numbers, Vec::new(), display))
}

/// `10.0.17763.6054`, or `10.0.17763` without the update revision (counts as 0).
pub(super) fn windows(s: &str) -> Option<Parsed> {
    let numbers = dotted_numbers(s)?;
    let (major, minor, build) = match numbers[..] {
        [major, minor, build] | [major, minor, build, _] => (major, minor, build),
        _ => return None,
    };
    Some(Parsed::seq(format!("{major}.{minor}.{build}"), numbers.clone(), Vec::new(), join(&numbers)))
}
