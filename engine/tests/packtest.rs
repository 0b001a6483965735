//! `kenshin pack test`: fixtures with expected results, for the built-in pack (from its
//! source folder) and a third-party pack; mismatches, untested rules and bad fixtures.

mod common;

use std::process::{Command, Output};

use common::{copy_tree, root};

fn kenshin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kenshin"))
        .args(args)
        .env("KENSHIN_CACHE_DIR", std::env::temp_dir().join("kenshin-packtest-cache"))
        .output()
        .expect("run kenshin")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn the_builtin_pack_passes_its_fixtures_with_a_pass_and_a_fail_for_every_rule() {
    let o = kenshin(&["pack", "test", root().join("policies/mhlw").to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("0 failed; 0 rules without both"), "{}", text(&o));
}

#[test]
fn mismatches_untested_rules_and_bad_fixtures_are_reported() {
    let tmp = tempfile::tempdir().expect("tmp");
    let pack = tmp.path().join("pack");
    copy_tree(&root().join("examples/wat-pack"), &pack);
    let dir = pack.to_str().expect("utf8");
    assert_eq!(kenshin(&["pack", "test", dir]).status.code(), Some(0));

    // A wrong expectation: exit 1, naming fixture, rule, expected and actual status.
    let on = pack.join("tests/http-on.toml");
    let original = std::fs::read_to_string(&on).expect("fixture");
    std::fs::write(&on, original.replace("\"WAT-HTTP-OFF\" = \"fail\"", "\"WAT-HTTP-OFF\" = \"pass\"")).expect("write");
    let o = kenshin(&["pack", "test", dir]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("FAILED  tests/http-on.toml") && text(&o).contains("expected pass, got fail"), "{}", text(&o));

    // No fixture where the rule fails: the rule is untested in that direction.
    std::fs::remove_file(&on).expect("rm");
    let o = kenshin(&["pack", "test", dir]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("UNTESTED WAT-HTTP-OFF: no fixture where it is expected to fail"), "{}", text(&o));

    // A fixture naming a rule the pack does not have is bad input.
    std::fs::write(&on, original.replace("\"WAT-HTTP-OFF\" = \"fail\"", "\"NO-SUCH-RULE\" = \"fail\"")).expect("write");
    let o = kenshin(&["pack", "test", dir]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("http-on.toml") && text(&o).contains("NO-SUCH-RULE"), "{}", text(&o));
}
