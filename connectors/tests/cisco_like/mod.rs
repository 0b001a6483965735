//! Helpers shared by the ASA, NX-OS and EOS parser tests: fixtures, evidence lines
//! looked up by text, seeded secrets, garbage input and the ntc-templates corpus.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use kenshin_connectors::platform;
use kenshin_connectors::snapshot::Snapshot;
use kenshin_facts::{Device, DeviceKind, Evidence, Facts};

pub const VERSION: &str = "show_version.txt";
pub const CONFIG: &str = "show_running-config.txt";

/// One platform's fixtures (`fixtures/<platform>/<device>/`).
pub struct Fixtures {
    pub platform: &'static str,
}

impl Fixtures {
    pub fn dir(&self, device: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures").join(self.platform).join(device)
    }

    pub fn load(&self, device: &str) -> Snapshot {
        Snapshot::load(device, &self.dir(device)).expect("snapshot")
    }

    pub fn parse(&self, snap: &Snapshot) -> (Facts, Vec<String>) {
        parse(self.platform, snap)
    }

    /// The 1-based number of the line of `artifact` that reads `text` (trimmed), once, in
    /// the text the parser sees (secrets masked; line numbers are those of the file).
    pub fn line_no(&self, device: &str, artifact: &str, text: &str) -> u32 {
        let snap = self.load(device);
        let file = snap.artifact(artifact).expect("artifact");
        let found: Vec<u32> = file.lines().enumerate().filter(|(_, l)| l.trim() == text).map(|(i, _)| i as u32 + 1).collect();
        assert_eq!(found.len(), 1, "{text:?} in {device}/{artifact}: {found:?}");
        found[0]
    }

    /// Every line of the running configuration reading `text` (trimmed), in order.
    pub fn lines_of(&self, device: &str, text: &str) -> Vec<Evidence> {
        let snap = self.load(device);
        let file = snap.artifact(CONFIG).expect("artifact");
        file.lines().enumerate().filter(|(_, l)| l.trim() == text).map(|(i, _)| Evidence::line(CONFIG, i as u32 + 1)).collect()
    }

    /// Evidence for the single line of the running configuration reading `text`.
    pub fn at(&self, device: &str, text: &str) -> Evidence {
        Evidence::line(CONFIG, self.line_no(device, CONFIG, text))
    }

    /// Evidence for the lines from `first` to `last` of the running configuration.
    pub fn range(&self, device: &str, first: &str, last: &str) -> Evidence {
        Evidence::lines(CONFIG, self.line_no(device, CONFIG, first), self.line_no(device, CONFIG, last))
    }
}

pub fn parse(platform_name: &str, snap: &Snapshot) -> (Facts, Vec<String>) {
    let p = platform::find(platform_name).expect("platform");
    assert!(p.has_parser());
    let device = Device { name: snap.device.clone(), platform: platform_name.into(), kind: DeviceKind::Firewall, hostname: None };
    let out = platform::parse(p, device, snap);
    (out.facts, out.notes)
}

/// No seeded secret in facts or notes.
pub fn no_secrets(facts: &Facts, notes: &[String], seeded: &[&str]) {
    let json = serde_json::to_string(facts).expect("json");
    let notes = notes.join("\n");
    for s in seeded {
        assert!(!json.contains(s) && !notes.contains(s), "secret {s} leaked");
    }
}

/// No text starting with `prefix` (`SxAsa`) survives masking in any artifact.
pub fn masked(snap: &Snapshot, prefix: &str) {
    for name in snap.artifact_names() {
        assert!(snap.artifact(name).is_some_and(|t| !t.contains(prefix)), "{prefix}… left in {name}");
    }
}

/// A small deterministic generator: the tests must not depend on an RNG crate.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// Random configurations built from `keywords`, random bytes, and every fixture of the
/// platform cut at every line: parsing never panics and always serialises.
pub fn garbage_never_panics(fx: &Fixtures, keywords: &[&str], devices: &[&str]) {
    let check = |config: &str, version: &str| {
        let mut snap = Snapshot::empty("g", Path::new("."));
        snap.insert(CONFIG, config);
        snap.insert(VERSION, version);
        let (f, _) = fx.parse(&snap);
        serde_json::to_string(&f).expect("json");
        let _ = platform::detect(&snap);
    };
    let mut rng = Lcg(0x5eed_c15c);
    for round in 0..300 {
        let mut config = String::new();
        for _ in 0..(rng.next() % 40) {
            let words = rng.next() % 9;
            let line: Vec<&str> = (0..words).map(|_| keywords[(rng.next() as usize) % keywords.len()]).collect();
            let indent = ["", "", " ", "  ", "   ", "      "][(rng.next() % 6) as usize];
            config.push_str(indent);
            config.push_str(&line.join(" "));
            config.push('\n');
        }
        if round % 2 == 1 {
            config.pop();
        }
        let bytes: Vec<u8> = (0..(rng.next() % 300)).map(|_| rng.next() as u8).collect();
        let noise = String::from_utf8_lossy(&bytes).into_owned();
        for (c, v) in [(config.as_str(), config.as_str()), (noise.as_str(), noise.as_str()), ("", ""), ("\n\n", "Version ")] {
            check(c, v);
        }
    }
    for device in devices {
        let dir = fx.dir(device);
        let config = std::fs::read_to_string(dir.join(CONFIG)).expect("config");
        let version = std::fs::read_to_string(dir.join(VERSION)).unwrap_or_default();
        let mut cut = 0;
        for line in config.split_inclusive('\n') {
            cut += line.len();
            check(&config[..cut], &version);
            // Cut inside the line too.
            if let Some((i, _)) = line.char_indices().nth(line.len() / 2) {
                check(&config[..cut - line.len() + i], &version[..version.len() / 2]);
            }
        }
    }
}

/// `(raw path, raw text, reference values)` for each sample of one corpus command, or
/// `None` when the corpus folder is absent and `KENSHIN_SKIP_CORPUS` is set.
pub fn corpus_samples(platform: &str, command: &str) -> Option<Vec<(PathBuf, String, serde_yaml_ng::Value)>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/ntc-templates").join(platform).join(command);
    if !dir.is_dir() {
        if std::env::var_os("KENSHIN_SKIP_CORPUS").is_some() {
            eprintln!("SKIPPED: corpus folder {} absent and KENSHIN_SKIP_CORPUS set", dir.display());
            return None;
        }
        panic!("corpus folder {} is absent (set KENSHIN_SKIP_CORPUS=1 to skip deliberately)", dir.display());
    }
    let mut raws: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "raw"))
        .collect();
    raws.sort();
    let mut out = Vec::new();
    for raw in raws {
        let text = std::fs::read_to_string(&raw).expect("raw");
        let yml = std::fs::read_to_string(raw.with_extension("yml")).expect("yml");
        let expected: serde_yaml_ng::Value = serde_yaml_ng::from_str(&yml).expect("yaml");
        out.push((raw, text, expected["parsed_sample"][0].clone()));
    }
    Some(out)
}

/// The firmware, host name and evidence line `platform` reads from a `show version`.
pub fn parse_version(platform: &str, text: &str) -> Facts {
    let mut snap = Snapshot::empty("corpus", Path::new("."));
    snap.insert(VERSION, text);
    parse(platform, &snap).0
}
