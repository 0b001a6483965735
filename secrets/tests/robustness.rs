//! `mask` on hostile and foreign text: never panics, keeps lines, masks to the end of
//! a truncated key block, and finds nothing in real device output that holds no secret.

use std::path::{Path, PathBuf};

use kenshin_secrets::{MASK, SecretKind, mask};

mod common;
use common::{Rng, idempotent, invariants};

#[test]
fn arbitrary_bytes_never_panic() {
    let mut rng = Rng(0x0bad_5eed_0000_0001);
    for _ in 0..2000 {
        let len = rng.below(300);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let text = String::from_utf8_lossy(&bytes);
        invariants(&text, &mask(&text));
    }
}

#[test]
fn grammar_fragments_never_panic() {
    // Pieces of every syntax the rules look at, glued at random: unbalanced quotes,
    // braces and tags, markers without values, keys at the end of a line.
    let pieces = [
        "password",
        "secret",
        "key",
        "7",
        "0",
        "ENC",
        "encrypted",
        " ",
        " ",
        "\n",
        "\r\n",
        "\"",
        "\\",
        "{",
        "}",
        "[",
        "]",
        ":",
        ";",
        "=",
        "<key>",
        "</key>",
        "<phash>",
        "</phash>",
        "<pre-shared-key>",
        "-----BEGIN RSA PRIVATE KEY-----",
        "-----END RSA PRIVATE KEY-----",
        "-----BEGIN ",
        "-----",
        "username",
        "enable",
        "snmp-server",
        "community",
        "host",
        "user",
        "auth",
        "priv",
        "sha",
        "aes",
        "128",
        "set",
        "config system snmp community",
        "edit 1",
        "next",
        "end",
        "banner motd ^C",
        "^C",
        "EOF",
        "## SECRET-DATA",
        "pre-shared-key",
        "authentication-key",
        "1",
        "type",
        "value",
        "://u:p@h",
        "$9$",
        "$1$x$y",
        "-AQ==",
        "root:$6$a$b:1:0:99999:7:::",
        "a:500:",
        "\"Password\":",
        "\"ValidCommunities\":",
        "\"PSChildName\"",
        "no",
        "é",
        "秘密",
        "\u{feff}",
        "\t",
        "snmp {",
        "community x {",
        "login user",
        "pp auth username",
        "createUser",
        "-e",
        "-l",
    ];
    let mut rng = Rng(0x0f00_d5ee_d000_0002);
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..rng.below(40) {
            text.push_str(pieces[rng.below(pieces.len())]);
        }
        invariants(&text, &mask(&text));
    }
}

#[test]
fn truncated_private_key_is_masked_to_the_end() {
    let text = "hostname x\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAASxTrunc01\nQyNTUxOQAAACSxTrunc02\n  \nend of capture";
    let m = mask(text);
    invariants(text, &m);
    assert_eq!(m.text, "hostname x\n-----BEGIN OPENSSH PRIVATE KEY-----\n********\n********\n  \n********");
    assert!(m.secrets.iter().all(|s| s.kind == SecretKind::PrivateKey));
    assert_eq!(m.secrets.len(), 3);

    let text = "-----BEGIN EC PRIVATE KEY-----";
    assert_eq!(mask(text).text, text);
    let text = "x -----BEGIN RSA PRIVATE KEY----- MIIEtrailing";
    assert_eq!(mask(text).text, "x -----BEGIN RSA PRIVATE KEY----- ********");
}

#[test]
fn empty_and_odd_line_ends() {
    for text in ["", "\n", "\r\n", "\r", "password", "password\n", "enable secret", "username a password", "key 1"] {
        let m = mask(text);
        invariants(text, &m);
        assert_eq!(m.text, text);
    }
}

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/ntc-templates");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("KENSHIN_SKIP_CORPUS").is_some() {
        eprintln!("SKIPPED: corpus folder {} absent and KENSHIN_SKIP_CORPUS set", dir.display());
        return None;
    }
    panic!("corpus folder {} is absent (set KENSHIN_SKIP_CORPUS=1 to skip deliberately)", dir.display());
}

fn raw_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            raw_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "raw") {
            out.push(p);
        }
    }
}

/// Real output written by other people (`../shared/corpus`, read in place): `mask`
/// keeps every line, and command outputs that carry no secret come out unchanged (no
/// false positive on version strings, routes, interface tables).
#[test]
fn real_device_output_from_the_corpus() {
    let Some(dir) = corpus() else { return };
    let mut files = Vec::new();
    raw_files(&dir, &mut files);
    files.sort();
    assert!(files.len() > 20, "corpus looks incomplete: {} files", files.len());
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let m = mask(&text);
        invariants(&text, &m);
        idempotent(&m);
        let path = f.to_string_lossy();
        if path.contains("show_snmp_community") {
            // IOS lists the community names themselves: each one is masked.
            assert!(!m.secrets.is_empty(), "{path}: no community found");
            assert!(m.secrets.iter().all(|s| s.kind == SecretKind::SnmpCommunity), "{path}");
            for line in m.text.lines().filter(|l| l.starts_with("Community name:")) {
                assert_eq!(line.trim_end(), format!("Community name: {MASK}"), "{path}");
            }
        } else {
            let found: Vec<_> = m.secrets.iter().map(|s| (s.line, s.kind)).collect();
            assert!(found.is_empty(), "{path}: unexpected secrets at {found:?}");
        }
    }
}
