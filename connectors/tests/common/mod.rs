//! Helpers shared by the parser tests: one platform's fixtures, evidence lines looked
//! up by text, inline snapshots, seeded secrets, garbage input and the ntc-templates
//! corpus.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use kenshin_connectors::platform;
use kenshin_connectors::snapshot::Snapshot;
use kenshin_facts::{Device, DeviceKind, Evidence, Facts};

/// The artifacts of `show version` and `show running-config` (Cisco-style platforms).
pub const VERSION: &str = "show_version.txt";
pub const CONFIG: &str = "show_running-config.txt";

/// One platform's fixtures (`fixtures/<platform>/<device>/`) and the artifacts its
/// parser reads first: the version (or system) output and the configuration.
pub struct Fixtures {
    pub platform: &'static str,
    pub kind: DeviceKind,
    pub version: &'static str,
    pub config: &'static str,
}

impl Fixtures {
    /// A Cisco-style platform: `show version` and `show running-config`.
    pub const fn cisco(platform: &'static str) -> Fixtures {
        Fixtures { platform, kind: DeviceKind::Firewall, version: VERSION, config: CONFIG }
    }

    pub fn dir(&self, device: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures").join(self.platform).join(device)
    }

    pub fn load(&self, device: &str) -> Snapshot {
        Snapshot::load(device, &self.dir(device)).expect("snapshot")
    }

    pub fn parse(&self, snap: &Snapshot) -> (Facts, Vec<String>) {
        parse_as(self.platform, self.kind, snap)
    }

    /// The configuration artifact alone, parsed.
    pub fn parse_config(&self, text: &str) -> (Facts, Vec<String>) {
        self.parse(&inline(&[(self.config, text)]))
    }

    /// The 1-based numbers of the lines of `artifact` that read `text` (trimmed), in the
    /// text the parser sees (secrets masked; line numbers are those of the file).
    pub fn line_numbers(&self, device: &str, artifact: &str, text: &str) -> Vec<u32> {
        let snap = self.load(device);
        let file = snap.artifact(artifact).expect("artifact");
        file.lines().enumerate().filter(|(_, l)| l.trim() == text).map(|(i, _)| i as u32 + 1).collect()
    }

    /// The number of the one line of `artifact` that reads `text`.
    pub fn line_no(&self, device: &str, artifact: &str, text: &str) -> u32 {
        let found = self.line_numbers(device, artifact, text);
        assert_eq!(found.len(), 1, "{text:?} in {device}/{artifact}: {found:?}");
        found[0]
    }

    /// Every line of the configuration reading `text` (trimmed), in order.
    pub fn lines_of(&self, device: &str, text: &str) -> Vec<Evidence> {
        self.line_numbers(device, self.config, text).into_iter().map(|n| Evidence::line(self.config, n)).collect()
    }

    /// Evidence for the single line of the configuration reading `text`.
    pub fn at(&self, device: &str, text: &str) -> Evidence {
        self.at_in(device, self.config, text)
    }

    /// Evidence for the single line of `artifact` reading `text`.
    pub fn at_in(&self, device: &str, artifact: &str, text: &str) -> Evidence {
        Evidence::line(artifact, self.line_no(device, artifact, text))
    }

    /// Evidence for the lines from `first` to `last` of the configuration.
    pub fn range(&self, device: &str, first: &str, last: &str) -> Evidence {
        Evidence::lines(self.config, self.line_no(device, self.config, first), self.line_no(device, self.config, last))
    }
}

pub fn parse(platform_name: &str, snap: &Snapshot) -> (Facts, Vec<String>) {
    parse_as(platform_name, DeviceKind::Firewall, snap)
}

/// `snap` parsed by `platform_name`'s parser, as a device of `kind`.
pub fn parse_as(platform_name: &str, kind: DeviceKind, snap: &Snapshot) -> (Facts, Vec<String>) {
    let p = platform::find(platform_name).expect("platform");
    assert!(p.has_parser());
    let device = Device { name: snap.device.clone(), platform: platform_name.into(), kind, hostname: None };
    let out = platform::parse(p, device, snap);
    (out.facts, out.notes)
}

/// A snapshot of the given artifacts (masked on the way in, as on disk).
pub fn inline(artifacts: &[(&str, &str)]) -> Snapshot {
    let mut snap = Snapshot::empty("inline", Path::new("."));
    for (name, text) in artifacts {
        snap.insert(*name, *text);
    }
    snap
}

pub fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// No seeded secret in facts or notes.
pub fn no_secrets(facts: &Facts, notes: &[String], seeded: &[&str]) {
    let json = serde_json::to_string(facts).expect("json");
    let notes = notes.join("\n");
    for s in seeded {
        assert!(!json.contains(s) && !notes.contains(s), "secret {s} leaked");
    }
}

/// Parses `snap` and checks that no value the masker took out of it (whatever its kind;
/// well-known defaults such as `public` are findings, not secrets) reaches the facts or
/// notes, nor any text starting with the fixtures' seed `prefix`.
pub fn no_masked_value_reaches_facts(fx: &Fixtures, snap: &Snapshot, prefix: &str) -> (Facts, Vec<String>) {
    assert!(!snap.secrets.is_empty(), "{}", snap.device);
    let (f, notes) = fx.parse(snap);
    let out = serde_json::to_string(&f).expect("json") + &notes.join("\n");
    for (artifact, s) in &snap.secrets {
        if kenshin_secrets::is_well_known(s.value()) {
            continue;
        }
        assert!(!out.contains(s.value()), "{}: a secret of {artifact}:{} reached the facts", snap.device, s.line);
    }
    assert!(!out.contains(prefix), "{}", snap.device);
    (f, notes)
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
        let snap = inline(&[(fx.config, config), (fx.version, version)]);
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
        let config = std::fs::read_to_string(dir.join(fx.config)).expect("config");
        let version = std::fs::read_to_string(dir.join(fx.version)).unwrap_or_default();
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
