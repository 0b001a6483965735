//! The output-side filter: one-shot redaction, streams split anywhere, the global
//! redactor.

use std::borrow::Cow;
use std::io::Write;

use kenshin_secrets::{MASK, Redactor, Secret, SecretKind, global, global_writer, mask, register};

mod common;
use common::Rng;

fn redactor(values: &[&str]) -> Redactor {
    let mut r = Redactor::default();
    for v in values {
        r.add(v);
    }
    r
}

#[test]
fn redacts_every_occurrence_and_borrows_when_clean() {
    let r = redactor(&["SxRedA1", "0822455D0A16"]);
    assert_eq!(r.redact("a SxRedA1 b SxRedA1 c 0822455D0A16"), format!("a {MASK} b {MASK} c {MASK}"));
    assert!(matches!(r.redact("nothing here"), Cow::Borrowed(_)));
    assert!(matches!(Redactor::default().redact("SxRedA1"), Cow::Borrowed(_)));
    assert_eq!(&*r.redact_bytes(b"\xffSxRedA1\xfe"), [&b"\xff"[..], MASK.as_bytes(), b"\xfe"].concat().as_slice());
}

#[test]
fn ignores_short_values_the_mask_and_stars() {
    let mut r = Redactor::default();
    for v in ["", "a", "abc", MASK, "*****", "*"] {
        r.add(v);
    }
    assert!(r.is_empty());
    r.add("abcd");
    r.add("abcd");
    assert_eq!(r.len(), 1);
    assert_eq!(r.redact("xabcdx"), format!("x{MASK}x"));
}

#[test]
fn overlapping_and_nested_values_leave_no_fragment() {
    let r = redactor(&["abcdef", "defghi", "cde1", "SxLongSecretValue", "LongSecret"]);
    assert_eq!(r.redact("xxabcdefghiyy"), format!("xx{MASK}yy"));
    assert_eq!(r.redact("[SxLongSecretValue]"), format!("[{MASK}]"));
    assert_eq!(r.redact("[LongSecret]"), format!("[{MASK}]"));
    assert_eq!(r.redact("abcdefabcdef"), format!("{MASK}{MASK}"));
}

#[test]
fn rebuilds_after_add() {
    let mut r = redactor(&["SxFirst1"]);
    assert_eq!(r.redact("SxFirst1 SxSecond2"), format!("{MASK} SxSecond2"));
    r.add("SxSecond2");
    assert_eq!(r.redact("SxFirst1 SxSecond2"), format!("{MASK} {MASK}"));
    let c = r.clone();
    assert_eq!(c.redact("SxSecond2"), MASK);
    assert!(!format!("{r:?}").contains("SxFirst1"));
}

/// Writes `text` through a redacting writer in chunks of random sizes.
fn stream(r: &Redactor, text: &[u8], rng: &mut Rng, max_chunk: usize) -> Vec<u8> {
    let mut w = r.writer(Vec::new());
    let mut at = 0;
    while at < text.len() {
        let n = 1 + rng.below(max_chunk);
        let end = (at + n).min(text.len());
        w.write_all(&text[at..end]).unwrap();
        at = end;
    }
    w.finish().unwrap()
}

#[test]
fn streams_split_anywhere_equal_one_shot_redaction() {
    let values = ["SxStreamA", "SxStreamBBBBBBBBBBBB", "aaaa", "aaab", "秘密のパスワード", "0822455D0A16"];
    let r = redactor(&values);
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let alphabet: Vec<&str> = values.iter().copied().chain(["a", "b", " ", "\n", "Sx", "Stream", "é", "0822"]).collect();
    for round in 0..400 {
        let mut text = String::new();
        for _ in 0..rng.below(60) {
            text.push_str(alphabet[rng.below(alphabet.len())]);
        }
        let expected = r.redact(&text).into_owned();
        for v in values {
            assert!(!expected.contains(v), "one-shot left {v} in {expected:?}");
        }
        let max_chunk = 1 + rng.below(24);
        let got = stream(&r, text.as_bytes(), &mut rng, max_chunk);
        assert_eq!(String::from_utf8(got).unwrap(), expected, "round {round}, chunks up to {max_chunk}: {text:?}");
    }
}

#[test]
fn writer_holds_back_only_a_tail_and_drop_flushes() {
    let r = redactor(&["SxTail123"]);
    let mut out = Vec::new();
    {
        let mut w = r.writer(&mut out);
        w.write_all(b"0123456789SxTa").unwrap();
        // Small writes gather into a chunk before they are scanned.
        assert_eq!(w.get_ref().map(|v| v.len()), Some(0));
        w.write_all(b"il123 end").unwrap();
    }
    assert_eq!(String::from_utf8(out).unwrap(), format!("0123456789{MASK} end"));

    // Past a chunk, at most `longest - 1` bytes are held back.
    let big = vec![b'x'; 100_000];
    let mut w = r.writer(Vec::new());
    w.write_all(&big).unwrap();
    assert_eq!(w.get_ref().map(|v| v.len()), Some(100_000 - 8));
    w.write_all(b"SxTail123").unwrap();
    let out = w.finish().unwrap();
    assert_eq!(&out[100_000..], MASK.as_bytes());

    let mut w = Redactor::default().writer(Vec::new());
    w.write_all(b"no secrets at all").unwrap();
    assert_eq!(w.get_ref().map(|v| v.len()), Some(17));
    assert_eq!(w.finish().unwrap(), b"no secrets at all");
}

#[test]
fn flush_writes_everything_redacted() {
    let r = redactor(&["SxFlush99"]);
    let mut w = r.writer(Vec::new());
    w.write_all(b"log line SxFlush99\nnext SxFl").unwrap();
    w.flush().unwrap();
    assert_eq!(w.get_ref().map(|v| v.as_slice()), Some(format!("log line {MASK}\nnext SxFl").as_bytes()));
}

#[test]
fn masked_artifact_feeds_a_redactor() {
    let m = mask("enable secret 0 SxFromMask1\nsnmp-server community SxFromMask2 RO\n");
    let r = m.redactor();
    assert_eq!(r.redact("evidence: SxFromMask1 / SxFromMask2"), format!("evidence: {MASK} / {MASK}"));
}

#[test]
fn global_redactor_is_shared() {
    register(&[Secret::new(1, SecretKind::PlainPassword, "SxGlobal42")]);
    assert_eq!(global().read().unwrap().redact("x SxGlobal42"), format!("x {MASK}"));
    let handle = std::thread::spawn(|| {
        let mut w = global_writer(Vec::new());
        w.write_all(b"thread SxGlobal42").unwrap();
        w.finish().unwrap()
    });
    assert_eq!(handle.join().unwrap(), format!("thread {MASK}").as_bytes());
}
