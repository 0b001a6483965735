//! Shared by the integration tests of kenshin-secrets (each test binary uses a part).
#![allow(dead_code)]

use kenshin_secrets::{MASK, Masked, SecretKind, mask};

/// A small deterministic generator (xorshift64*): the tests need varied inputs and
/// splits, not cryptographic randomness, and stay reproducible.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// What holds for any input: same lines and line ends, lines without a reported
/// secret unchanged, a mask on every line that reported one.
pub fn invariants(text: &str, m: &Masked) {
    assert_eq!(m.text.matches('\n').count(), text.matches('\n').count(), "newlines changed for {text:?}");
    let secret_lines: std::collections::BTreeSet<u32> = m.secrets.iter().map(|s| s.line).collect();
    for (i, (a, b)) in text.split('\n').zip(m.text.split('\n')).enumerate() {
        let n = i as u32 + 1;
        if secret_lines.contains(&n) {
            assert!(b.contains(MASK), "line {n} reported a secret but has no mask: {b:?}");
        } else {
            assert_eq!(a, b, "line {n} changed without a secret, in {text:?}");
        }
    }
    for s in &m.secrets {
        assert!(!s.value().is_empty());
        assert!(s.line >= 1 && s.line as usize <= text.split('\n').count());
    }
}

/// Stored snapshots are masked, and masked again when read: on real configurations
/// the second pass must change nothing. (Random fragments are exempt: two rules
/// overlapping on one garbage line may see the line differently once masked.)
pub fn idempotent(m: &Masked) {
    let again = mask(&m.text);
    assert_eq!(again.text, m.text, "masking twice changed the text");
}

/// Masks `text` and checks it against what a reader of the configuration knows:
/// - every `expected` value is gone from the masked text and reported once, with its
///   kind, on the line where it stands in `text`; nothing else is reported;
/// - the line count is unchanged, and every line without a reported secret is
///   byte-for-byte what it was;
/// - each of `kept` (whole masked lines, keywords and type markers intact) is in the
///   masked text.
pub fn check(text: &str, expected: &[(&str, SecretKind)], kept: &[&str]) -> Masked {
    let m = mask(text);
    invariants(text, &m);
    idempotent(&m);
    for (value, kind) in expected {
        assert!(!m.text.contains(value), "{value:?} survived masking");
        let line = text
            .lines()
            .position(|l| l.contains(value))
            .map(|i| i as u32 + 1)
            .unwrap_or_else(|| panic!("{value:?} is not in the text: fix the test"));
        let found: Vec<_> = m.secrets.iter().filter(|s| s.value() == *value).collect();
        assert!(!found.is_empty(), "{value:?} (line {line}) not reported");
        assert!(
            found.iter().any(|s| s.line == line && s.kind == *kind),
            "{value:?}: reported as {found:?}, expected {kind:?} on line {line}"
        );
    }
    for s in &m.secrets {
        assert!(
            expected.iter().any(|(v, _)| *v == s.value()),
            "reported a secret the test does not expect, on line {} ({:?}): {:?}",
            s.line,
            s.kind,
            text.lines().nth(s.line as usize - 1)
        );
    }
    for line in kept {
        assert!(m.text.contains(line), "masked text lacks {line:?}");
    }
    m
}
