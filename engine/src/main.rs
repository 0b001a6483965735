//! `kenshin`: the command line. Parsing arguments, printing and exit codes only; the
//! work is done by the `kenshin-engine` and `kenshin-connectors` libraries.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use kenshin_connectors::platform::CliMode;
use kenshin_connectors::{PLATFORMS, Site};
use kenshin_engine::pack::{Lang, Pack, Severity};
use kenshin_engine::report::{self, JobError, ScanJob};

/// `eprintln!` through the secret redactor: error messages may quote input lines.
macro_rules! say {
    ($($arg:tt)*) => {
        eprintln!("{}", kenshin_secrets::redact_global(&format!($($arg)*)))
    };
}

/// `eprint!` through the secret redactor.
macro_rules! say_raw {
    ($($arg:tt)*) => {
        eprint!("{}", kenshin_secrets::redact_global(&format!($($arg)*)))
    };
}

/// Exit codes (stable; scripts and monitoring depend on them).
mod exit {
    pub const OK: u8 = 0;
    pub const FINDINGS: u8 = 1;
    pub const BAD_INPUT: u8 = 2;
    pub const INTERNAL: u8 = 3;
}

/// kenshin (検診): checks a medical institution's network devices and servers against
/// the MHLW cybersecurity checklist (医療機関におけるサイバーセキュリティ対策チェックリスト).
///
/// A site is a folder holding inventory.toml (the devices), site.toml (settings) and
/// snapshots/<device>/ (collected configuration). `kenshin scan SITE` evaluates the
/// snapshots with the built-in MHLW policy pack and writes results.sarif and
/// checklist.json.
///
/// Exit codes: 0 done, nothing at or above --fail-on; 1 findings at or above it;
/// 2 bad usage or bad input (the message names file, line and field); 3 internal error.
#[derive(Parser, Debug)]
#[command(name = "kenshin", version, about, long_about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Evaluate a site's snapshots and write results.sarif and checklist.json.
    ///
    /// Example: kenshin scan fixtures/demo-site --out /tmp/run --lang en
    Scan {
        /// The site folder (holding inventory.toml).
        site: PathBuf,
        /// Output folder (replaced atomically). Default: SITE/runs/<UTC timestamp>, with
        /// SITE/runs/latest pointing at the newest complete run.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Language of messages and rule texts.
        #[arg(long, value_enum, default_value = "ja")]
        lang: Lang,
        /// Checklist edition of checklist.html/.csv/.json: r6 (R5/R6 form, 13 items) or
        /// r7 (FY2025 form, 18 items; numbers from the draft manual marked 暫定).
        /// Default: site.toml `edition`, itself r7 when not set.
        #[arg(long, value_enum, value_name = "r6|r7")]
        edition: Option<EditionArg>,
        /// An additional policy pack folder (repeatable).
        #[arg(long = "pack", value_name = "DIR")]
        packs: Vec<PathBuf>,
        /// Scan only this device (repeatable).
        #[arg(long = "device", value_name = "NAME")]
        devices: Vec<String>,
        /// Exit with 1 when a failing result is at or above this level; `new`: only
        /// when a failure is new since the baseline.
        #[arg(long, value_enum, default_value = "warning")]
        fail_on: FailOn,
        /// Compare with this SARIF log instead of SITE/runs/latest (baselineState, new/fixed).
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        /// Runs kept in SITE/runs/ when --out is not given (oldest deleted first).
        #[arg(long, value_name = "N", default_value_t = kenshin_engine::history::DEFAULT_KEEP)]
        keep: usize,
        /// Devices evaluated at once (default: one per core).
        #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
        concurrency: usize,
        /// Use --pack folders whose signature does not verify (unsigned, unknown key,
        /// changed files). Prints a warning; their SARIF results carry packVerified = false.
        #[arg(long)]
        allow_unsigned: bool,
        /// Evaluate the snapshots on disk as they are; do not collect the SSH devices first.
        #[arg(long)]
        no_collect: bool,
        /// Record the host keys of devices not yet in SITE/known_hosts (trust on first
        /// use). A changed key is never overwritten.
        #[arg(long)]
        accept_new_host_keys: bool,
        /// SSH devices collected at once (default: site.toml [collect] concurrency, 16).
        #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
        collect_concurrency: usize,
    },
    /// Log in to the site's SSH devices and store their evidence in SITE/snapshots/.
    ///
    /// Host keys are checked against SITE/known_hosts; credentials come from the
    /// environment variables, files, key files or ssh-agent that inventory.toml names.
    /// Time limits are in site.toml [collect]. Secrets are masked in the stored
    /// artifacts (line numbers unchanged). A device that fails keeps its last good
    /// snapshot. Exit 0 when every device was collected completely, 1 when one was
    /// partial or failed, 2 on bad input.
    ///
    /// Example: KENSHIN_CORE_PASSWORD=... kenshin collect site --device core-rtr
    Collect {
        /// The site folder (holding inventory.toml and known_hosts).
        site: PathBuf,
        /// Only this device (repeatable).
        #[arg(long = "device", value_name = "NAME")]
        devices: Vec<String>,
        /// Devices collected at once (default: site.toml [collect] concurrency, 16).
        #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
        concurrency: usize,
        /// Record the host keys of devices not yet in SITE/known_hosts (trust on first
        /// use). A changed key is never overwritten.
        #[arg(long)]
        accept_new_host_keys: bool,
        /// Store artifacts unmasked, secrets included (they are still masked whenever
        /// kenshin reads them). Only for troubleshooting: the files then hold secrets.
        #[arg(long)]
        keep_secrets: bool,
    },
    /// Print the facts parsed from a site's snapshots as JSON (one object per device).
    Facts {
        site: PathBuf,
        /// Only this device (repeatable).
        #[arg(long = "device", value_name = "NAME")]
        devices: Vec<String>,
    },
    /// Compare two scans: failures new in NEW, fixed since OLD, and unchanged.
    ///
    /// OLD and NEW are run folders (SITE/runs/<timestamp>, SITE/runs/latest) or SARIF files.
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
        /// Exit with 1 when NEW has a failure OLD did not have.
        #[arg(long)]
        fail_on_new: bool,
    },
    /// Per checklist item, the status (and failing results) over the last runs of a site.
    History {
        site: PathBuf,
        /// How many runs, newest last.
        #[arg(long, default_value_t = 10)]
        last: usize,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// List supported platforms, the commands collected and their artifact names.
    Platforms {
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Work with policy packs.
    Pack {
        #[command(subcommand)]
        command: PackCommand,
    },
    /// The device ledger (台帳): import a hospital's existing one.
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
    /// Attestations (確認記録): the checklist items no configuration can show.
    Attest {
        #[command(subcommand)]
        command: AttestCommand,
    },
}

#[derive(Subcommand, Debug)]
enum AttestCommand {
    /// Write SITE/attestations.toml: a commented template, in Japanese with English.
    ///
    /// The items no configuration shows are answered by a person with a document:
    /// security_officer (1-(1)), operating_rules (1-(2), R7), remote_maintenance and
    /// mds_sds (2-(2), 2-(3): one entry per maintenance vendor; the template has a block
    /// for every vendor of inventory.toml and marks those with remotely maintained
    /// devices as required), contact_chart (3-(1), with the contacts the checklist
    /// expects: inside the institution, vendors, MHLW, the Personal Information
    /// Protection Commission, the prefectural police, IPA), backup (3-(2)) and bcp (3-(3)).
    ///
    /// Every entry is commented out: nothing is attested until someone fills it in.
    /// Each needs who (担当者), when (確認日) and evidence (the document, relative to
    /// the site folder). On the next scan an entry checked within a year, with its
    /// document present, answers its item はい; older than a year, a vendor or contact
    /// missing: いいえ, saying what to do.
    ///
    /// Example: kenshin attest init fixtures/demo-site --force
    Init {
        /// The site folder (holding inventory.toml).
        site: PathBuf,
        /// Replace an existing attestations.toml.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand, Debug)]
enum LedgerCommand {
    /// Turn an Excel ledger saved as CSV into inventory.toml [[device]] entries.
    ///
    /// Reads UTF-8 (with or without BOM), Shift_JIS/CP932 (Excel's 「CSV (コンマ区切り)」)
    /// and UTF-16 「Unicode テキスト」 (tab-separated). The header row may sit below title
    /// rows (the first 20 rows are searched). Column headers accepted (case, full-width
    /// letters, spaces, 「の有無」 and a note in brackets do not matter):
    ///
    ///   機器名 / 機器名称 / 名称 / name         → name (A-Z a-z 0-9 - _ . only: it names
    ///                                             the snapshot folder)
    ///   ホスト名 / hostname / host              → name, preferred over 機器名
    ///   種別 / 機器種別 / 種類 / kind / type    → kind: サーバ→server, 端末/PC→terminal,
    ///                                             ルータ→router, ファイアウォール/UTM→firewall,
    ///                                             スイッチ→switch, 無線/AP→wireless, その他→other
    ///   IPアドレス / 管理IP / address / ip      → address
    ///   設置場所 / 場所 / location              → location
    ///   管理者 / 管理部署 / owner               → owner
    ///   保守事業者 / ベンダー / vendor          → vendor
    ///   リモート保守 / remote_maintenance       → remote_maintenance (あり/なし, ○/×, yes/no)
    ///   プラットフォーム / platform             → platform (see kenshin platforms; empty: auto)
    ///   機種 / model, メーカー / maker, ファームウェア / firmware, 備考 / notes
    ///                                           → comments (inventory.toml has no key for them)
    ///
    /// Other columns are ignored and listed. Devices get connector = "file": add SSH or
    /// SNMP settings by hand. Rows that cannot be used are reported on stderr with their
    /// row number and the reason; the rest are converted. kenshin's own ledger.csv (in
    /// either language) reads back the same way.
    ///
    /// Exit codes: 0 every row converted; 1 some rows skipped; 2 bad input (unreadable
    /// file, unknown encoding, no header row, --out exists without --force).
    ///
    /// Example: kenshin ledger import 機器台帳.csv --out site/inventory.toml
    #[command(verbatim_doc_comment)]
    Import {
        /// The ledger, saved from Excel as CSV.
        file: PathBuf,
        /// Write inventory.toml here (default: print it on stdout).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace --out if it exists.
        #[arg(long)]
        force: bool,
        /// Language of the row reports.
        #[arg(long, value_enum, default_value = "ja")]
        lang: Lang,
    },
}

#[derive(Subcommand, Debug)]
enum PackCommand {
    /// Show a pack's identity, signature, capabilities (host functions, limits) and
    /// rules, in plain words, without running any of its code.
    ///
    /// Use `builtin` as DIR for the built-in MHLW pack.
    Inspect {
        dir: PathBuf,
        /// Also trust the keys in SITE/trusted-keys/ when checking the signature.
        #[arg(long, value_name = "SITE")]
        site: Option<PathBuf>,
    },
    /// Start a new policy pack: a Rust crate on the kenshin policy SDK with one
    /// example rule, its manifest and pass/fail/unknown fixtures.
    ///
    /// Then: kenshin pack build DIR; kenshin pack test DIR/pack; kenshin pack sign
    /// DIR/pack --key KEY. See docs/writing-a-pack.md.
    New {
        /// Folder to create; its name is the pack's name (lower-case, digits, - _).
        dir: PathBuf,
        /// Publisher name written into the manifest.
        #[arg(long, default_value = "Example Vendor")]
        publisher: String,
        /// The policy SDK (policies/sdk of the kenshin source). Default: the one this
        /// binary was built from.
        #[arg(long, value_name = "PATH")]
        sdk: Option<PathBuf>,
    },
    /// Compile a pack crate to its Wasm module (cargo, target wasm32-unknown-unknown)
    /// and put the module into DIR/pack/.
    Build { dir: PathBuf },
    /// Run a pack's rules on its fixtures (DIR/tests/*.toml) and compare with the
    /// expected results. Exit 0 all as expected, 1 otherwise.
    ///
    /// Every rule needs a fixture where it passes and one where it fails. DIR may be
    /// policies/mhlw, the source of the built-in pack.
    Test { dir: PathBuf },
    /// Make a publisher key pair: NAME.key (secret, mode 0600) and NAME.pub (give it
    /// to the hospitals that will run your packs).
    ///
    /// Example: kenshin pack keygen --publisher "Example Medical Systems" --out ~/keys
    Keygen {
        /// Publisher name recorded in the key files.
        #[arg(long)]
        publisher: String,
        /// Folder to write the key files into.
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
        /// File name stem of the key files.
        #[arg(long, default_value = "publisher")]
        name: String,
    },
    /// Sign a pack folder: writes DIR/pack.sig over the manifest and the sha256 of
    /// every file in the folder.
    ///
    /// Example: kenshin pack sign my-pack --key ~/keys/publisher.key
    Sign {
        dir: PathBuf,
        /// The publisher's secret key file (must not be readable by group or others).
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// Key rotation: the previous key, which then declares --key its successor, so
        /// sites that trust the previous key accept the pack.
        #[arg(long, value_name = "OLD_KEY")]
        successor_of: Option<PathBuf>,
    },
    /// Check a pack's signature against the trust store (SITE/trusted-keys/ with
    /// --site, and ~/.config/kenshin/trusted-keys/). Exit 0 verified, 1 not verified.
    Verify {
        dir: PathBuf,
        #[arg(long, value_name = "SITE")]
        site: Option<PathBuf>,
        /// Trust the .pub files in this folder instead of the default trust store
        /// (repeatable).
        #[arg(long = "trusted-keys", value_name = "DIR")]
        trusted_keys: Vec<PathBuf>,
    },
}

/// `--edition` (the site's `Edition`, spelled for the command line).
#[derive(Debug, Clone, Copy, ValueEnum)]
enum EditionArg {
    R6,
    R7,
}

impl From<EditionArg> for kenshin_engine::checklist::Edition {
    fn from(e: EditionArg) -> Self {
        match e {
            EditionArg::R6 => Self::R6,
            EditionArg::R7 => Self::R7,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Note,
    /// Only failures that are new since the previous run (or `--baseline`).
    New,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Note => Some(Severity::Note),
            FailOn::New | FailOn::Never => None,
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { exit::BAD_INPUT } else { exit::OK });
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("KENSHIN_LOG").unwrap_or_else(|_| "warn".into()))
        // Log lines pass the secret redactor, like every output file.
        .with_writer(|| kenshin_secrets::global_writer(std::io::stderr()))
        .with_target(false)
        .init();
    // A scan always ends with one summary line, even when it could not run.
    let is_scan = matches!(cli.command, Command::Scan { .. });
    let code = match run(cli) {
        Ok(code) => return ExitCode::from(code),
        Err(Failure::Input(e)) => {
            say!("kenshin: error: {e:#}");
            exit::BAD_INPUT
        }
        Err(Failure::Internal(e)) => {
            say!("kenshin: internal error: {e:#}");
            exit::INTERNAL
        }
    };
    if is_scan {
        say!("kenshin: aborted exit={code}");
    }
    ExitCode::from(code)
}

enum Failure {
    Input(anyhow::Error),
    Internal(anyhow::Error),
}

impl From<JobError> for Failure {
    fn from(e: JobError) -> Self {
        if e.is_input() { Failure::Input(e.into()) } else { Failure::Internal(e.into()) }
    }
}

fn run(cli: Cli) -> Result<u8, Failure> {
    match cli.command {
        Command::Scan {
            site,
            out,
            lang,
            edition,
            packs,
            devices,
            fail_on,
            concurrency,
            keep,
            baseline,
            allow_unsigned,
            no_collect,
            accept_new_host_keys,
            collect_concurrency,
        } => {
            if allow_unsigned && !packs.is_empty() {
                say!(
                    "kenshin: warning: --allow-unsigned: packs that fail signature verification will run, their results marked unverified"
                );
            }
            let collect = (!no_collect).then_some(kenshin_collect::Options {
                concurrency: collect_concurrency,
                accept_new_host_keys,
                keep_secrets: false,
            });
            let job = ScanJob {
                out,
                lang,
                edition: edition.map(Into::into),
                packs,
                devices,
                concurrency,
                keep,
                baseline,
                allow_unsigned,
                collect,
                progress: true,
                ..ScanJob::new(site)
            };
            let outcome = report::run(&job)?;
            if let Some(c) = &outcome.collection {
                say_raw!("{}", c.summary());
            }
            say_raw!("{}", report::summary(&outcome, lang));
            let failed = match fail_on {
                FailOn::New => outcome.changes.as_ref().map_or(outcome.worst_failure.is_some(), |c| c.new_failures > 0),
                other => matches!((other.threshold(), outcome.worst_failure), (Some(t), Some(w)) if w >= t),
            };
            let code = if failed { exit::FINDINGS } else { exit::OK };
            say!("{}", report::final_line(&outcome, code));
            Ok(code)
        }
        Command::Collect { site, devices, concurrency, accept_new_host_keys, keep_secrets } => {
            let site = Site::load(&site).map_err(|e| Failure::Input(e.into()))?;
            if let Some(missing) = devices.iter().find(|d| site.inventory.device(d).is_none()) {
                return Err(Failure::Input(anyhow::anyhow!("--device {missing:?}: no such device in the inventory")));
            }
            if keep_secrets {
                say!("kenshin: warning: --keep-secrets: the stored artifacts will hold passwords, hashes and keys");
            }
            let _lock = kenshin_engine::history::lock(&site.root).map_err(|e| Failure::Input(e.into()))?;
            let opts = kenshin_collect::Options { concurrency, accept_new_host_keys, keep_secrets };
            let report = kenshin_collect::progress::collect_on_stderr(&site, &devices, &opts, false);
            say_raw!("{}", report.summary());
            let complete = report.devices.iter().all(|d| d.status == kenshin_connectors::snapshot::CollectStatus::Ok);
            Ok(if complete { exit::OK } else { exit::FINDINGS })
        }
        Command::Facts { site, devices } => {
            let site = Site::load(&site).map_err(|e| Failure::Input(e.into()))?;
            let mut all = Vec::new();
            for entry in &site.inventory.devices {
                if !devices.is_empty() && !devices.contains(&entry.name) {
                    continue;
                }
                let parsed = kenshin_engine::scan::device_facts(&site, entry);
                let facts = parsed.facts;
                for n in parsed.notes {
                    say!("kenshin: {}: {}", entry.name, n.message);
                }
                all.push(serde_json::json!({"device": entry.name, "facts": facts}));
            }
            if let Some(missing) = devices.iter().find(|d| site.inventory.device(d).is_none()) {
                return Err(Failure::Input(anyhow::anyhow!("--device {missing:?}: no such device in the inventory")));
            }
            print_json(&all)
        }
        Command::Diff { old, new, json, fail_on_new } => {
            use kenshin_engine::baseline::{self, Change};
            let load = |p: &PathBuf| baseline::Log::load(&baseline::log_path(p)).map_err(|e| Failure::Input(e.into()));
            let entries = baseline::diff(&load(&old)?, &load(&new)?);
            let new_count = entries.iter().filter(|e| e.change == Change::New).count();
            if json {
                print_json(&entries)?;
            } else {
                let mut out = std::io::stdout().lock();
                for e in &entries {
                    let label = match e.change {
                        Change::New => "new",
                        Change::Fixed => "fixed",
                        Change::Unchanged => "unchanged",
                    };
                    let _ =
                        writeln!(out, "{label:<9} {:<24} {:<20} {:<20} {}", e.checklist.join(","), e.device, e.rule, e.message);
                }
                let count = |c: Change| entries.iter().filter(|e| e.change == c).count();
                let _ = writeln!(out, "new {} fixed {} unchanged {}", new_count, count(Change::Fixed), count(Change::Unchanged));
            }
            Ok(if fail_on_new && new_count > 0 { exit::FINDINGS } else { exit::OK })
        }
        Command::History { site, last, format } => {
            if !site.join("inventory.toml").is_file() {
                return Err(Failure::Input(anyhow::anyhow!("{}: not a site directory (no inventory.toml)", site.display())));
            }
            let runs = kenshin_engine::history::trend(&site, last).map_err(|e| Failure::Internal(e.into()))?;
            if let Format::Json = format {
                return print_json(&runs);
            }
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{:<20} {}", "run", runs.iter().map(|r| r.run.as_str()).collect::<Vec<_>>().join("  "));
            let keys: Vec<&String> = runs.last().map(|r| r.items.keys().collect()).unwrap_or_default();
            for key in keys {
                let cells: Vec<String> = runs
                    .iter()
                    .map(|r| {
                        let status = r.items.get(key).map_or("-", |s| s.label(kenshin_engine::pack::Lang::En));
                        let fails = r.failing.get(key).copied().unwrap_or(0);
                        format!("{:<16}", if fails > 0 { format!("{status} ({fails})") } else { status.to_string() })
                    })
                    .collect();
                let _ = writeln!(out, "{key:<20} {}", cells.join("  "));
            }
            Ok(exit::OK)
        }
        Command::Platforms { json } => {
            if json {
                let list: Vec<_> = PLATFORMS
                    .iter()
                    .map(|p| {
                        serde_json::json!({
                            "name": p.name, "vendor": p.vendor, "description": p.description, "parser": p.has_parser(),
                            "ssh": {
                                "mode": match p.cli.mode { CliMode::Exec => "exec", CliMode::Shell => "shell" },
                                "prompt": p.cli.prompt,
                                "setup": p.cli.setup,
                                "elevation": p.cli.elevation.map(|e| e.command),
                            },
                            "commands": p.commands.iter().map(|c| serde_json::json!({"command": c.command, "artifact": c.artifact})).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                return print_json(&list);
            }
            let mut out = std::io::stdout().lock();
            for p in PLATFORMS {
                let _ = writeln!(
                    out,
                    "{:<24} {}{}",
                    p.name,
                    p.description,
                    if p.has_parser() { "" } else { "  (collect only: no parser yet, facts reported unknown)" }
                );
                let mode = match p.cli.mode {
                    CliMode::Exec => "ssh exec channel, one per command".to_string(),
                    CliMode::Shell => format!(
                        "ssh interactive shell; first: {}{}",
                        p.cli.setup.join(" / "),
                        p.cli.elevation.map(|e| format!("; elevation: {}", e.command)).unwrap_or_default()
                    ),
                };
                let _ = writeln!(out, "    ({mode})");
                for c in p.commands {
                    let _ = writeln!(out, "    {:<40} → {}", c.command, c.artifact);
                }
            }
            Ok(exit::OK)
        }
        Command::Pack { command } => pack_command(command),
        Command::Ledger { command: LedgerCommand::Import { file, out, force, lang } } => ledger_import(&file, out, force, lang),
        Command::Attest { command: AttestCommand::Init { site, force } } => attest_init(&site, force),
    }
}

/// `kenshin attest init`.
fn attest_init(site: &std::path::Path, force: bool) -> Result<u8, Failure> {
    use kenshin_connectors::site::{ATTESTATIONS_FILE, attestations_template};
    let input = |e: anyhow::Error| Failure::Input(e);
    if !site.is_dir() {
        return Err(input(anyhow::anyhow!("{}: not a site folder (no such folder)", site.display())));
    }
    let path = site.join(ATTESTATIONS_FILE);
    if path.exists() && !force {
        return Err(input(anyhow::anyhow!(
            "{}: exists; pass --force to replace it (既にあります。上書きするには --force)",
            path.display()
        )));
    }
    // Only the inventory and the site's name are needed: an existing attestations.toml
    // that no longer parses is what --force is for.
    let inventory = kenshin_connectors::Inventory::load(&site.join("inventory.toml")).map_err(|e| input(e.into()))?;
    let settings_path = site.join("site.toml");
    let settings = if settings_path.exists() {
        kenshin_connectors::SiteSettings::load(&settings_path).map_err(|e| input(e.into()))?
    } else {
        kenshin_connectors::SiteSettings::default_for(site)
    };
    let text = attestations_template(&settings.name, &inventory.vendors());
    let mut tmp = tempfile::NamedTempFile::new_in(site)
        .and_then(|mut t| t.write_all(text.as_bytes()).map(|_| t))
        .with_context(|| format!("{}: cannot write", path.display()))
        .map_err(input)?;
    tmp.flush().map_err(|e| input(e.into()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    tmp.persist(&path).map_err(|e| input(anyhow::anyhow!("{}: cannot write: {}", path.display(), e.error)))?;
    say!(
        "kenshin: {} を作成しました。各項目の # を外して記入してください / written; uncomment and fill in each entry",
        path.display()
    );
    Ok(exit::OK)
}

/// `kenshin ledger import`.
fn ledger_import(file: &std::path::Path, out: Option<PathBuf>, force: bool, lang: Lang) -> Result<u8, Failure> {
    use kenshin_engine::ledger;
    let input = |e: anyhow::Error| Failure::Input(e);
    if let Some(o) = out.as_ref().filter(|o| o.exists() && !force) {
        return Err(input(anyhow::anyhow!("{}: exists; pass --force to replace it (既にあります)", o.display())));
    }
    let bytes = std::fs::read(file).with_context(|| format!("{}: cannot read", file.display())).map_err(input)?;
    let source = file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
    let import = ledger::import(&bytes, &source).with_context(|| file.display().to_string()).map_err(input)?;
    // What is written must load: a row that would break the inventory is a bug here.
    kenshin_connectors::Inventory::parse(out.as_deref().unwrap_or(std::path::Path::new("inventory.toml")), &import.toml)
        .context("the converted inventory does not load")
        .map_err(Failure::Internal)?;
    let name = file.display();
    for s in &import.skipped {
        match lang {
            Lang::Ja => say!("kenshin: {name}: {} 行目を変換しませんでした: {}", s.row, s.reason.text(lang)),
            Lang::En => say!("kenshin: {name}: row {} skipped: {}", s.row, s.reason.text(lang)),
        }
    }
    if !import.ignored_columns.is_empty() {
        let cols = import.ignored_columns.join(", ");
        match lang {
            Lang::Ja => say!("kenshin: {name}: 使わなかった列: {cols}"),
            Lang::En => say!("kenshin: {name}: columns not imported: {cols}"),
        }
    }
    match &out {
        Some(path) => {
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
            let mut tmp = tempfile::NamedTempFile::new_in(dir)
                .and_then(|mut t| t.write_all(import.toml.as_bytes()).map(|_| t))
                .with_context(|| format!("{}: cannot write", path.display()))
                .map_err(input)?;
            tmp.flush().map_err(|e| input(e.into()))?;
            // Temporary files are private (0600); an inventory holds no secrets and is
            // read by whoever runs the scans.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644));
            }
            tmp.persist(path).map_err(|e| input(anyhow::anyhow!("{}: cannot write: {}", path.display(), e.error)))?;
        }
        None => print!("{}", import.toml),
    }
    let (converted, skipped) = (import.devices.len(), import.skipped.len());
    match lang {
        Lang::Ja => say!(
            "kenshin: {name}（{}、見出し {} 行目）: {converted} 台を変換、{skipped} 行を変換せず",
            import.encoding,
            import.header_row
        ),
        Lang::En => say!(
            "kenshin: {name} ({}, header on row {}): {converted} devices converted, {skipped} rows skipped",
            import.encoding,
            import.header_row
        ),
    }
    Ok(if skipped == 0 { exit::OK } else { exit::FINDINGS })
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<u8, Failure> {
    let text = serde_json::to_string_pretty(value).context("encoding JSON").map_err(Failure::Internal)?;
    println!("{}", kenshin_secrets::redact_global(&text));
    Ok(exit::OK)
}

fn pack_command(command: PackCommand) -> Result<u8, Failure> {
    use kenshin_engine::signing::{self, SecretKey, TrustStore};
    let input = |e: signing::TrustError| Failure::Input(e.into());
    match command {
        PackCommand::Inspect { dir, site } => {
            let pack = if dir.as_os_str() == "builtin" {
                Pack::builtin()
            } else {
                let trust = TrustStore::load(site.as_deref()).map_err(input)?;
                Pack::load_verified(&dir, &trust, true).map_err(|e| Failure::Input(e.into()))?
            };
            inspect(&pack).map_err(Failure::Internal)?;
            Ok(exit::OK)
        }
        PackCommand::New { dir, publisher, sdk } => {
            let sdk = sdk.unwrap_or_else(kenshin_engine::scaffold::default_sdk);
            let files = kenshin_engine::scaffold::new_pack(&dir, &publisher, &sdk).map_err(|e| Failure::Input(e.into()))?;
            for f in &files {
                println!("created {}", f.display());
            }
            let d = dir.display();
            println!("next: kenshin pack build {d} && kenshin pack test {d}/pack");
            Ok(exit::OK)
        }
        PackCommand::Build { dir } => {
            let module = kenshin_engine::scaffold::build(&dir).map_err(|e| Failure::Input(e.into()))?;
            println!("built {}", module.display());
            Ok(exit::OK)
        }
        PackCommand::Test { dir } => {
            let pack = Pack::load_or_builtin(&dir).map_err(|e| Failure::Input(e.into()))?;
            if pack.trust == kenshin_engine::pack::PackTrust::BuiltIn {
                say!("kenshin: {} is the source of the built-in pack: testing the module built into this binary", dir.display());
            }
            let report = kenshin_engine::packtest::run(pack, &dir).map_err(|e| Failure::Input(e.into()))?;
            let mut out = std::io::stdout().lock();
            for c in &report.cases {
                if c.ok() {
                    let _ = writeln!(out, "ok      {:<32} {:<28} {}", c.fixture, c.target, c.got.as_str());
                } else if let Some(e) = &c.error {
                    let _ = writeln!(out, "FAILED  {:<32} {:<28} module failed: {e}", c.fixture, c.target);
                } else {
                    let _ = writeln!(
                        out,
                        "FAILED  {:<32} {:<28} expected {}, got {}{}",
                        c.fixture,
                        c.target,
                        c.expected.as_str(),
                        c.got.as_str(),
                        if c.messages.is_empty() { String::new() } else { format!(" ({})", c.messages.join("; ")) }
                    );
                }
            }
            for u in &report.untested {
                let _ = writeln!(out, "UNTESTED {u}");
            }
            let failed = report.cases.iter().filter(|c| !c.ok()).count();
            let _ = writeln!(
                out,
                "{} expectations: {} ok, {failed} failed; {} rules without both a pass and a fail fixture",
                report.cases.len(),
                report.cases.len() - failed,
                report.untested.len()
            );
            Ok(if report.ok() { exit::OK } else { exit::FINDINGS })
        }
        PackCommand::Keygen { publisher, out, name } => {
            let key = SecretKey::generate(&publisher).map_err(input)?;
            let (secret, public) = key.save(&out, &name).map_err(input)?;
            println!("key id     {}", key.key_id());
            println!("secret key {} (mode 0600: keep it offline, never ship it)", secret.display());
            println!("public key {} (give it to the sites that run your packs: SITE/trusted-keys/)", public.display());
            Ok(exit::OK)
        }
        PackCommand::Sign { dir, key, successor_of } => {
            let key = SecretKey::load(&key).map_err(input)?;
            let old = successor_of.as_deref().map(SecretKey::load).transpose().map_err(input)?;
            let (path, files) = signing::sign(&dir, &key, old.as_ref()).map_err(input)?;
            println!("signed {} with key {} ({}): {files} files", dir.display(), key.key_id(), key.publisher);
            if let Some(old) = old {
                println!("key {} declares {} its successor", old.key_id(), key.key_id());
            }
            println!("wrote {}", path.display());
            Ok(exit::OK)
        }
        PackCommand::Verify { dir, site, trusted_keys } => {
            let trust =
                if trusted_keys.is_empty() { TrustStore::load(site.as_deref()) } else { TrustStore::from_dirs(&trusted_keys) }
                    .map_err(input)?;
            Pack::load(&dir).map_err(|e| Failure::Input(e.into()))?;
            match signing::verify(&dir, &trust) {
                Ok(v) => {
                    println!("verified  {}", dir.display());
                    println!("publisher {} (trusted key {})", v.publisher, v.trusted_key);
                    if v.signing_key != v.trusted_key {
                        println!("signed by {} (successor of the trusted key)", v.signing_key);
                    }
                    for (path, digest) in &v.files {
                        println!("  {digest}  {path}");
                    }
                    Ok(exit::OK)
                }
                Err(e) => {
                    say!("kenshin: NOT verified: {e}");
                    Ok(exit::FINDINGS)
                }
            }
        }
    }
}

/// Describes a pack in plain words, without running any of its code.
fn inspect(pack: &Pack) -> anyhow::Result<()> {
    let m = &pack.manifest;
    let mut out = std::io::stdout().lock();
    writeln!(out, "pack      {} {} ({})", m.pack.id, m.pack.version, pack.origin)?;
    writeln!(out, "publisher {}", m.pack.publisher)?;
    writeln!(out, "abi       {}", m.pack.abi)?;
    if let Some(d) = &m.pack.description {
        writeln!(out, "about     {}", d.en)?;
    }
    use kenshin_engine::pack::PackTrust;
    match &pack.trust {
        PackTrust::BuiltIn => writeln!(out, "signature built in: part of this kenshin binary")?,
        PackTrust::Verified(v) => writeln!(
            out,
            "signature verified: publisher {}, key {}{}",
            v.publisher,
            v.signing_key,
            if v.signing_key != v.trusted_key { format!(" (successor of trusted key {})", v.trusted_key) } else { String::new() }
        )?,
        PackTrust::Unverified(why) => writeln!(out, "signature NOT VERIFIED: {why}")?,
        PackTrust::NotChecked => writeln!(out, "signature not checked")?,
    }
    for (name, digest) in &pack.data_sha256 {
        writeln!(out, "data      {name} (sha256 {})", &digest[..16])?;
    }
    let caps = &m.capabilities;
    writeln!(out, "can do    compute on the facts kenshin gives it (no files, network, clock or randomness)")?;
    for import in &caps.imports {
        let meaning =
            kenshin_engine::sandbox::HOST_FUNCTIONS.iter().find(|(n, _, _)| n == import).map_or("unknown", |(_, en, _)| en);
        writeln!(out, "          + {import}: {meaning}")?;
    }
    let limit =
        |v: Option<u32>, unit: &str| v.map_or("the site's ceiling (site.toml [sandbox])".to_string(), |v| format!("{v} {unit}"));
    writeln!(
        out,
        "limits    memory {} per evaluation; time {} per device",
        limit(caps.memory_mib, "MiB"),
        limit(caps.time_per_device_ms, "ms")
    )?;
    let engine = wasmtime::Engine::default();
    match wasmtime::Module::validate(&engine, &pack.wasm) {
        Ok(()) => {
            // Compiled to read its imports; none of its code runs.
            let module = wasmtime::Module::new(&engine, &pack.wasm).map_err(|e| anyhow::anyhow!("reading the module: {e}"))?;
            let imports: Vec<String> = module.imports().map(|i| format!("{}.{}", i.module(), i.name())).collect();
            writeln!(out, "module    {} ({} bytes)", m.pack.module, pack.wasm.len())?;
            if imports.is_empty() {
                writeln!(out, "imports   none: the module can only compute on the facts it is given")?;
            } else {
                writeln!(out, "imports   {}", imports.join(", "))?;
                for i in &imports {
                    let provided = kenshin_engine::sandbox::HOST_FUNCTIONS.iter().any(|(n, _, _)| n == i);
                    let meaning = if !provided {
                        "NOT PROVIDED by kenshin: the module will be refused"
                    } else if !caps.imports.contains(i) {
                        "NOT DECLARED in [capabilities] imports: the module will be refused"
                    } else {
                        "declared"
                    };
                    writeln!(out, "          {i}: {meaning}")?;
                }
            }
        }
        Err(e) => writeln!(out, "module    {} is not valid WebAssembly: {e}", m.pack.module)?,
    }
    writeln!(out, "rules     {}", m.rules.len())?;
    for r in &m.rules {
        writeln!(out, "  {:<22} {:<8} {:<40} {}", r.id, r.severity.as_str(), r.checklist.join(","), r.title.get(Lang::En))?;
    }
    Ok(())
}
