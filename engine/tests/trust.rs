//! Trust in third-party packs, through the `kenshin` binary: signatures (tampering of
//! every kind is refused with a message naming the problem), `--allow-unsigned`
//! marking results, key rotation, capabilities and the site's ceilings.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{copy_tree, demo_site, read_json, root};

/// Runs kenshin with an empty user config folder, so only the keys a test puts in
/// place are trusted.
fn kenshin(config: &Path, args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kenshin"))
        .args(args)
        .env("KENSHIN_CONFIG_DIR", config)
        .env("KENSHIN_CACHE_DIR", config.join("cache"))
        .output()
        .expect("run kenshin")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

struct Bed {
    _tmp: tempfile::TempDir,
    config: PathBuf,
    site: PathBuf,
    pack: PathBuf,
    keys: PathBuf,
}

impl Bed {
    /// A copy of the demo site, the WAT example pack signed by a fresh vendor key that
    /// the site trusts (SITE/trusted-keys/).
    fn new() -> Bed {
        let tmp = tempfile::tempdir().expect("tmp");
        let config = tmp.path().join("config");
        let site = tmp.path().join("site");
        let pack = tmp.path().join("pack");
        let keys = tmp.path().join("keys");
        std::fs::create_dir_all(&config).expect("config");
        std::fs::create_dir_all(&keys).expect("keys");
        copy_tree(&demo_site(), &site);
        let _ = std::fs::remove_dir_all(site.join("runs"));
        copy_tree(&root().join("examples/wat-pack"), &pack);
        let bed = Bed { _tmp: tmp, config, site, pack, keys };
        bed.ok(&["pack", "keygen", "--publisher", "Vendor A", "--name", "vendor", "--out", bed.keys.to_str().expect("utf8")]);
        std::fs::create_dir_all(bed.site.join("trusted-keys")).expect("trust dir");
        std::fs::copy(bed.keys.join("vendor.pub"), bed.site.join("trusted-keys/vendor.pub")).expect("trust");
        bed.sign("vendor", None);
        bed
    }

    fn run(&self, args: &[&str]) -> Output {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
        kenshin(&self.config, &args)
    }

    fn ok(&self, args: &[&str]) -> Output {
        let o = self.run(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o));
        o
    }

    fn sign(&self, key: &str, successor_of: Option<&str>) {
        let key = self.keys.join(format!("{key}.key"));
        let mut args = vec!["pack", "sign", self.pack.to_str().expect("utf8"), "--key", key.to_str().expect("utf8")];
        let old = successor_of.map(|o| self.keys.join(format!("{o}.key")));
        if let Some(old) = &old {
            args.extend(["--successor-of", old.to_str().expect("utf8")]);
        }
        self.ok(&args);
    }

    fn scan(&self, extra: &[&str]) -> (Output, PathBuf) {
        let out = self.site.join(format!("out-{}", extra.len()));
        let mut args =
            vec!["scan", "--fail-on", "never", "--pack", self.pack.to_str().expect("utf8"), "--out", out.to_str().expect("utf8")];
        args.extend(extra);
        args.push(self.site.to_str().expect("utf8"));
        (self.run(&args), out)
    }
}

/// Results of the WAT pack's rule in a SARIF log, with their packVerified property.
fn wat_results(sarif: &serde_json::Value) -> Vec<Option<bool>> {
    sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["ruleId"] == "WAT-HTTP-OFF")
        .map(|r| r["properties"]["packVerified"].as_bool())
        .collect()
}

#[test]
fn a_signed_pack_runs_and_every_tampering_is_refused_by_name() {
    let bed = Bed::new();
    let o = bed.ok(&["pack", "verify", bed.pack.to_str().expect("utf8"), "--site", bed.site.to_str().expect("utf8")]);
    assert!(text(&o).contains("publisher Vendor A"), "{}", text(&o));

    let (o, out) = bed.scan(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let sarif = read_json(&out.join("results.sarif"));
    let results = wat_results(&sarif);
    assert_eq!(results.len(), 8, "one result per device of the demo site: {results:?}");
    assert!(results.iter().all(|v| v.is_none()), "verified results carry no unverified mark");
    let rule = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == "WAT-HTTP-OFF")
        .cloned();
    assert_eq!(rule.expect("rule")["properties"]["packVerified"], true);

    // One byte of the module, an added file, an edited manifest, a removed fixture.
    let module = bed.pack.join("policy.wat");
    let original = std::fs::read(&module).expect("module");
    let mut changed = original.clone();
    changed[10] ^= 0x20;
    std::fs::write(&module, &changed).expect("tamper");
    let (o, _) = bed.scan(&[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("policy.wat changed"), "{}", text(&o));
    std::fs::write(&module, &original).expect("restore");

    std::fs::write(bed.pack.join("extra.wasm"), b"\0asm").expect("add");
    let (o, _) = bed.scan(&[]);
    assert!(o.status.code() == Some(2) && text(&o).contains("extra.wasm added"), "{}", text(&o));
    std::fs::remove_file(bed.pack.join("extra.wasm")).expect("rm");

    let manifest = bed.pack.join("pack.toml");
    let original_manifest = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(&manifest, original_manifest.replace("memory_mib = 4", "memory_mib = 8")).expect("edit");
    let (o, _) = bed.scan(&[]);
    assert!(o.status.code() == Some(2) && text(&o).contains("pack.toml changed"), "{}", text(&o));
    let o = bed.run(&["pack", "verify", bed.pack.to_str().expect("utf8"), "--site", bed.site.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(1), "verify says not verified: {}", text(&o));
    std::fs::write(&manifest, &original_manifest).expect("restore");

    std::fs::rename(bed.pack.join("tests/unknown.toml"), bed.pack.join("unknown.toml.bak")).expect("mv");
    let (o, _) = bed.scan(&[]);
    let t = text(&o);
    assert!(
        o.status.code() == Some(2) && t.contains("tests/unknown.toml removed") && t.contains("unknown.toml.bak added"),
        "{t}"
    );
    std::fs::rename(bed.pack.join("unknown.toml.bak"), bed.pack.join("tests/unknown.toml")).expect("mv back");
    assert_eq!(bed.scan(&[]).0.status.code(), Some(0));

    // A key the site does not trust; no signature at all.
    std::fs::remove_file(bed.site.join("trusted-keys/vendor.pub")).expect("untrust");
    let (o, _) = bed.scan(&[]);
    assert!(o.status.code() == Some(2) && text(&o).contains("not in the trust store"), "{}", text(&o));
    // The user's own trust store counts too.
    std::fs::create_dir_all(bed.config.join("trusted-keys")).expect("user trust");
    std::fs::copy(bed.keys.join("vendor.pub"), bed.config.join("trusted-keys/vendor.pub")).expect("trust");
    assert_eq!(bed.scan(&[]).0.status.code(), Some(0));
    std::fs::remove_file(bed.pack.join("pack.sig")).expect("unsign");
    let (o, _) = bed.scan(&[]);
    assert!(o.status.code() == Some(2) && text(&o).contains("not signed"), "{}", text(&o));
}

#[test]
fn allow_unsigned_warns_and_marks_every_result_of_the_pack() {
    let bed = Bed::new();
    std::fs::remove_file(bed.pack.join("pack.sig")).expect("unsign");
    let (o, out) = bed.scan(&["--allow-unsigned"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("--allow-unsigned"), "a warning on the terminal: {}", text(&o));
    common::assert_valid_sarif(&out.join("results.sarif"));
    let sarif = read_json(&out.join("results.sarif"));
    let results = wat_results(&sarif);
    assert!(!results.is_empty() && results.iter().all(|v| *v == Some(false)), "{results:?}");
    // The built-in pack's results are not marked.
    let builtin_marked = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["ruleId"].as_str().is_some_and(|id| id.starts_with("MHLW-")))
        .any(|r| r["properties"].get("packVerified").is_some());
    assert!(!builtin_marked);
    let notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"].as_array().expect("notes");
    assert!(
        notes.iter().any(
            |n| n["descriptor"]["id"] == "KSN0005" && n["message"]["text"].as_str().is_some_and(|t| t.contains("not signed"))
        ),
        "{notes:?}"
    );
}

#[test]
fn a_rotated_key_is_accepted_through_its_predecessor() {
    let bed = Bed::new();
    bed.ok(&["pack", "keygen", "--publisher", "Vendor A", "--name", "vendor-2026", "--out", bed.keys.to_str().expect("utf8")]);
    bed.sign("vendor-2026", Some("vendor"));
    let o = bed.ok(&["pack", "verify", bed.pack.to_str().expect("utf8"), "--site", bed.site.to_str().expect("utf8")]);
    assert!(text(&o).contains("successor of the trusted key"), "{}", text(&o));
    assert_eq!(bed.scan(&[]).0.status.code(), Some(0));
    // Without the statement of the old key, the new key alone is unknown to the site.
    bed.sign("vendor-2026", None);
    let (o, _) = bed.scan(&[]);
    assert!(o.status.code() == Some(2) && text(&o).contains("not in the trust store"), "{}", text(&o));
}

#[test]
fn capabilities_are_shown_enforced_and_capped_by_the_site() {
    let bed = Bed::new();
    let o = bed.ok(&["pack", "inspect", bed.pack.to_str().expect("utf8"), "--site", bed.site.to_str().expect("utf8")]);
    let t = text(&o);
    assert!(t.contains("signature verified") && t.contains("memory 4 MiB") && t.contains("time 100 ms"), "{t}");

    // The module imports kenshin.log without declaring it: refused at load.
    let module = bed.pack.join("policy.wat");
    let wat = std::fs::read_to_string(&module).expect("wat");
    std::fs::write(&module, wat.replacen("(module\n", "(module\n  (import \"kenshin\" \"log\" (func (param i32 i32 i32)))\n", 1))
        .expect("write");
    bed.sign("vendor", None);
    let (o, out) = bed.scan(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let sarif = std::fs::read_to_string(out.join("results.sarif")).expect("sarif");
    assert!(sarif.contains("does not declare in pack.toml [capabilities] imports"), "{}", text(&o));
    assert!(wat_results(&read_json(&out.join("results.sarif"))).is_empty());

    // Declared: runs.
    let manifest = bed.pack.join("pack.toml");
    let m = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(&manifest, m.replace("imports = []", "imports = [\"kenshin.log\"]")).expect("write");
    bed.sign("vendor", None);
    let (_, out) = bed.scan(&[]);
    assert!(!wat_results(&read_json(&out.join("results.sarif"))).is_empty());

    // Asking for more than the site allows refuses the pack, naming the setting.
    let m = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(&manifest, m.replace("memory_mib = 4", "memory_mib = 512")).expect("write");
    bed.sign("vendor", None);
    let (_, out) = bed.scan(&[]);
    let sarif = std::fs::read_to_string(out.join("results.sarif")).expect("sarif");
    assert!(sarif.contains("above this site's ceiling of 64") && sarif.contains("memory_limit_mib"), "{sarif:.300}");

    // A host function kenshin does not have cannot even be declared.
    std::fs::write(&manifest, m.replace("imports = [\"kenshin.log\"]", "imports = [\"wasi.fd_write\"]")).expect("write");
    let (o, _) = bed.scan(&[]);
    assert!(o.status.code() == Some(2) && text(&o).contains("pack.toml:15: capabilities.imports"), "{}", text(&o));
}
