//! Parsers against real device output written by others: the ntc-templates test
//! corpus in `../shared/corpus/` (raw output plus the values a reference parser
//! extracts). The corpus is not copied into the project; when it is absent this test
//! fails and says so, unless `KENSHIN_SKIP_CORPUS=1` is set deliberately.
//!
//! Every version-command sample of every platform kenshin parses is compared with the
//! reference: the version (after the normalisation written next to each platform in
//! [`CHECKS`]) and, where the reference has one, the host name. At least 98 % must
//! match, and every sample that does not must be listed in [`KNOWN_MISSES`] with the
//! reason, as docs/corpus.md explains. `KENSHIN_CORPUS_REPORT=FILE` writes the
//! per-sample table that docs/corpus.md quotes.

mod common;

/// The corpus samples of `<platform>/<command>`; `None` when the corpus is absent and
/// `KENSHIN_SKIP_CORPUS` is set (absent without it, the test fails and says so).
fn samples(dir: &str) -> Option<Vec<(std::path::PathBuf, String, serde_yaml_ng::Value)>> {
    let (platform, command) = dir.split_once('/').expect("<platform>/<command>");
    common::corpus_samples(platform, command)
}

/// `text` as the artifact `artifact` of a `platform_name` device, parsed.
fn parse(platform_name: &str, artifact: &str, text: &str) -> kenshin_facts::Facts {
    common::parse(platform_name, &common::inline(&[(artifact, text)])).0
}

/// One command of one platform in the corpus, and how its reference reads.
struct Check {
    /// `<platform>/<command>` folder of the corpus.
    dir: &'static str,
    platform: &'static str,
    artifact: &'static str,
    /// The reference value `fw.raw` must equal, from the sample's `.yml` (`None`: the
    /// reference has no version for this sample).
    version: fn(&serde_yaml_ng::Value) -> Option<String>,
}

fn field(v: &serde_yaml_ng::Value, key: &str) -> Option<String> {
    v[key].as_str().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

const CHECKS: &[Check] = &[
    Check {
        dir: "cisco_ios/show_version",
        platform: "cisco_ios",
        artifact: "show_version.txt",
        version: |v| field(v, "version"),
    },
    // The reference keeps `FortiGate-60F v7.0.7,build0367,221005 (GA.F)` whole: the
    // model is the first word, the version as printed the rest.
    Check {
        dir: "fortinet/get_system_status",
        platform: "fortinet",
        artifact: "get_system_status.txt",
        version: |v| field(v, "version").and_then(|s| s.split_once(' ').map(|(_, raw)| raw.to_string())),
    },
    // The reference drops the `Rev.` of `Rev.10.01.71`.
    Check {
        dir: "yamaha/show_environment",
        platform: "yamaha",
        artifact: "show_environment.txt",
        version: |v| field(v, "version").map(|s| format!("Rev.{s}")),
    },
    Check {
        dir: "cisco_asa/show_version",
        platform: "cisco_asa",
        artifact: "show_version.txt",
        version: |v| field(v, "version"),
    },
    // Both keep what follows the version (`10.4(5) [Maintenance Release]`); kenshin's
    // normalised version is `10.4(5)M`.
    Check { dir: "cisco_nxos/show_version", platform: "cisco_nxos", artifact: "show_version.txt", version: |v| field(v, "os") },
    Check {
        dir: "arista_eos/show_version",
        platform: "arista_eos",
        artifact: "show_version.txt",
        version: |v| field(v, "image"),
    },
    Check {
        dir: "juniper_junos/show_version",
        platform: "juniper_junos",
        artifact: "show_version.txt",
        version: |v| field(v, "junos_version"),
    },
    Check {
        dir: "paloalto_panos/show_system_info",
        platform: "paloalto_panos",
        artifact: "show_system_info.txt",
        version: |v| field(v, "os"),
    },
];

/// Samples that do not match the reference, and why (mirrored in docs/corpus.md).
const KNOWN_MISSES: &[(&str, &str)] = &[];

/// How one sample compared.
struct Outcome {
    sample: String,
    expected: Option<String>,
    got: Option<String>,
    hostname_ok: bool,
}

impl Outcome {
    /// Same version (or, where the reference found none, none from kenshin either:
    /// the Junos vmhost sample lists only package build stamps) and same host name.
    fn matches(&self) -> bool {
        self.expected == self.got && self.hostname_ok
    }
}

fn run(check: &Check) -> Option<Vec<Outcome>> {
    let found = samples(check.dir)?;
    assert!(!found.is_empty(), "{}: no samples", check.dir);
    let outcomes = found
        .into_iter()
        .map(|(path, text, expected)| {
            let facts = parse(check.platform, check.artifact, &text);
            let fw = facts.firmware.as_ref();
            // The evidence line is the line holding the version as printed.
            if let Some(fw) = fw {
                let line = fw.evidence[0].lines[0] as usize;
                let shown = text.lines().nth(line.saturating_sub(1)).unwrap_or_default();
                assert!(shown.contains(&fw.raw), "{}: evidence line {line} {shown:?} lacks {:?}", path.display(), fw.raw);
            }
            let hostname_ok = match field(&expected, "hostname") {
                Some(h) => facts.device.hostname.as_deref() == Some(h.as_str()),
                None => true,
            };
            Outcome {
                sample: format!("{}/{}", check.dir, path.file_stem().unwrap_or_default().to_string_lossy()),
                expected: (check.version)(&expected),
                got: fw.map(|f| f.raw.clone()),
                hostname_ok,
            }
        })
        .collect();
    Some(outcomes)
}

#[test]
fn version_commands_match_reference_values() {
    let Some(outcomes) = CHECKS.iter().map(run).collect::<Option<Vec<_>>>() else { return };
    let outcomes: Vec<Outcome> = outcomes.into_iter().flatten().collect();
    let matched = outcomes.iter().filter(|o| o.matches()).count();
    let mut report = String::from("| sample | reference | kenshin | host name | match |\n|---|---|---|---|---|\n");
    for o in &outcomes {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
        report.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            o.sample,
            show(&o.expected),
            show(&o.got),
            if o.hostname_ok { "ok" } else { "differs" },
            if o.matches() { "yes" } else { "**no**" }
        ));
    }
    let rate = matched as f64 / outcomes.len() as f64;
    report.push_str(&format!("\n{matched} of {} samples match ({:.1} %).\n", outcomes.len(), rate * 100.0));
    if let Some(path) = std::env::var_os("KENSHIN_CORPUS_REPORT") {
        std::fs::write(path, &report).expect("write report");
    }
    let unexplained: Vec<&str> = outcomes
        .iter()
        .filter(|o| !o.matches() && !KNOWN_MISSES.iter().any(|(s, _)| *s == o.sample))
        .map(|o| o.sample.as_str())
        .collect();
    assert!(
        unexplained.is_empty(),
        "samples differ from the reference without a reason in KNOWN_MISSES: {unexplained:?}\n{report}"
    );
    let stale: Vec<&str> =
        KNOWN_MISSES.iter().map(|(s, _)| *s).filter(|s| outcomes.iter().any(|o| o.sample == *s && o.matches())).collect();
    assert!(stale.is_empty(), "KNOWN_MISSES lists samples that now match: {stale:?}");
    assert!(rate >= 0.98, "{matched}/{} match, below the 98 % target\n{report}", outcomes.len());
}

/// The FortiOS reference also names the model and host name: both must agree.
#[test]
fn fortios_model_and_version_number() {
    let Some(found) = samples("fortinet/get_system_status") else { return };
    for (path, text, expected) in found {
        let facts = parse("fortinet", "get_system_status.txt", &text);
        let fw = facts.firmware.as_ref().unwrap_or_else(|| panic!("{}: no firmware", path.display()));
        let reference = field(&expected, "version").expect("version");
        let (model, raw) = reference.split_once(' ').expect("model and version");
        assert_eq!(fw.model.as_deref(), Some(model), "{}", path.display());
        let numeric = raw.trim_start_matches('v').split(',').next().expect("x.y.z");
        assert_eq!(fw.version.as_deref(), Some(numeric), "{}", path.display());
    }
}

/// The IOS reference also names the hardware: it is the firmware's model.
#[test]
fn ios_model() {
    let Some(found) = samples("cisco_ios/show_version") else { return };
    for (path, text, expected) in found {
        let facts = parse("cisco_ios", "show_version.txt", &text);
        if let Some(model) = expected["hardware"][0].as_str() {
            assert_eq!(facts.firmware.as_ref().and_then(|f| f.model.as_deref()), Some(model), "{}", path.display());
        }
    }
}
