//! Cisco formats: classic IOS, IOS XE, ASA and NX-OS.

use super::{Parsed, Token, dotted_numbers, join, num, numbers_then_suffix, render_suffix, tokens};

/// `17.09.04a`, `16.12.1z1`, `03.06.05E`.
pub(super) fn ios_xe(s: &str) -> Option<Parsed> {
    let (numbers, suffix) = numbers_then_suffix(s)?;
    let display = format!("{}{}", join(&numbers), render_suffix(&suffix));
    // IOS XE 3.x: the capital letter names the train (`03.06.05E`), it is not a respin.
    let train = if numbers.first() == Some(&3) { render_suffix(&suffix) } else { String::new() };
    Some(Parsed::seq(train, numbers, suffix, display))
}

/// `15.2(4)M7`, `12.4(21a)`, `12.4(15)T8`, `12.2(1.1)`, `15.0(2)SE11`.
pub(super) fn ios(s: &str) -> Option<Parsed> {
    let (major, rest) = s.split_once('(')?;
    let (inner, after) = rest.split_once(')')?;
    let [major, minor] = dotted_numbers(major)?[..] else {
        return None;
    };
    // Inside the parentheses: release, optional `.interim`, optional rebuild letter.
    let letter_at = inner.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(inner.len());
    let (release_part, inner_letter) = inner.split_at(letter_at);
    let (release, interim) = match release_part.split_once('.') {
        Some((r, i)) => (num(r)?, num(i)?),
        None => (num(release_part)?, 0),
    };
    if !inner_letter.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    // After the parentheses: train letters (upper case) then the rebuild number and
    // possibly a lowercase respin (`15.2(4)M7a`).
    let train_len = after.find(|c: char| !c.is_ascii_uppercase()).unwrap_or(after.len());
    let (train_letters, rebuild) = after.split_at(train_len);
    let mut suffix = vec![Token::Num(interim), Token::Text(inner_letter.to_string())];
    suffix.extend(tokens(rebuild)?);
    Some(Parsed::seq(format!("{major}.{minor}{train_letters}"), vec![major, minor, release], suffix, s.to_string()))
}

/// `9.16(3)19`, `9.16(4)`: maintenance release in parentheses, interim number after.
pub(super) fn asa(s: &str) -> Option<Parsed> {
    let (head, rest) = s.split_once('(')?;
    let (maintenance, interim) = rest.split_once(')')?;
    let [major, minor] = dotted_numbers(head)?[..] else {
        return None;
    };
    let maintenance = num(maintenance)?;
    let mut display = format!("{major}.{minor}({maintenance})");
    let interim = if interim.is_empty() {
        0
    } else {
        let n = num(interim)?;
        display.push_str(&n.to_string());
        n
    };
    Some(Parsed::seq(format!("{major}.{minor}"), vec![major, minor, maintenance, interim], Vec::new(), display))
}

/// `9.3(8)`, `10.2(5)M`, `8.4(2c)`, `7.0(3)I7(10)`, `5.2(1)N1(9b)`.
pub(super) fn nxos(s: &str) -> Option<Parsed> {
    let (head, rest) = s.split_once('(')?;
    let [major, minor] = dotted_numbers(head)?[..] else {
        return None;
    };
    let (inner, after) = rest.split_once(')')?;
    let (maintenance, respin) = release_in_parens(inner)?;
    let label_len = after.find(|c: char| !c.is_ascii_uppercase()).unwrap_or(after.len());
    let (letters, platform) = after.split_at(label_len);
    if platform.is_empty() {
        // Plain release; a trailing `F`/`M` (10.x) is the maturity label, shown but not ordered.
        if letters.len() > 1 {
            return None;
        }
        let display = format!("{major}.{minor}({maintenance}{respin}){letters}");
        let suffix = vec![Token::Text(respin.to_string())];
        return Some(Parsed::seq(format!("{major}.{minor}"), vec![major, minor, maintenance], suffix, display));
    }
    // Platform train (`I7`, `N1`, `U6`): letters, number, then its own release in parentheses.
    if letters.is_empty() {
        return None;
    }
    let (train_number, rest) = platform.split_once('(')?;
    let train_number = num(train_number)?;
    let inner = rest.strip_suffix(')')?;
    let (release, release_respin) = release_in_parens(inner)?;
    let train = format!("{major}.{minor}({maintenance}{respin}){letters}{train_number}");
    let display = format!("{train}({release}{release_respin})");
    let suffix = vec![Token::Text(release_respin.to_string())];
    Some(Parsed::seq(train, vec![major, minor, maintenance, train_number, release], suffix, display))
}

/// `10` or `2c`: a release number and an optional lowercase respin letter.
fn release_in_parens(inner: &str) -> Option<(u64, &str)> {
    let at = inner.find(|c: char| !c.is_ascii_digit()).unwrap_or(inner.len());
    let (number, respin) = inner.split_at(at);
    if respin.len() > 1 || !respin.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    Some((num(number)?, respin))
}
