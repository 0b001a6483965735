//! `kenshin`: the command line. Parsing arguments, printing and exit codes only; the
//! work is done by the `kenshin-engine` and `kenshin-connectors` libraries.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use kenshin_connectors::{PLATFORMS, Site};
use kenshin_engine::pack::{Lang, Pack, Severity};
use kenshin_engine::report::{self, JobError, ScanJob};

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
}

#[derive(Subcommand, Debug)]
enum PackCommand {
    /// Show a pack's identity, module imports and rules before anything runs.
    ///
    /// Use `builtin` as DIR for the built-in MHLW pack.
    Inspect { dir: PathBuf },
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
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
    // A scan always ends with one summary line, even when it could not run.
    let is_scan = matches!(cli.command, Command::Scan { .. });
    let code = match run(cli) {
        Ok(code) => return ExitCode::from(code),
        Err(Failure::Input(e)) => {
            eprintln!("kenshin: error: {e:#}");
            exit::BAD_INPUT
        }
        Err(Failure::Internal(e)) => {
            eprintln!("kenshin: internal error: {e:#}");
            exit::INTERNAL
        }
    };
    if is_scan {
        eprintln!("kenshin: aborted exit={code}");
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
        Command::Scan { site, out, lang, packs, devices, fail_on, concurrency, keep, baseline } => {
            let job = ScanJob { out, lang, packs, devices, concurrency, keep, baseline, ..ScanJob::new(site) };
            let outcome = report::run(&job)?;
            eprint!("{}", report::summary(&outcome, lang));
            let failed = match fail_on {
                FailOn::New => outcome.changes.as_ref().map_or(outcome.worst_failure.is_some(), |c| c.new_failures > 0),
                other => matches!((other.threshold(), outcome.worst_failure), (Some(t), Some(w)) if w >= t),
            };
            let code = if failed { exit::FINDINGS } else { exit::OK };
            eprintln!("{}", report::final_line(&outcome, code));
            Ok(code)
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
                    eprintln!("kenshin: {}: {}", entry.name, n.message);
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
                            "pager_off": p.pager_off,
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
                for c in p.commands {
                    let _ = writeln!(out, "    {:<40} → {}", c.command, c.artifact);
                }
            }
            Ok(exit::OK)
        }
        Command::Pack { command: PackCommand::Inspect { dir } } => {
            let pack = if dir.as_os_str() == "builtin" {
                Pack::builtin()
            } else {
                Pack::load(&dir).map_err(|e| Failure::Input(e.into()))?
            };
            inspect(&pack).map_err(Failure::Internal)?;
            Ok(exit::OK)
        }
    }
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<u8, Failure> {
    let text = serde_json::to_string_pretty(value).context("encoding JSON").map_err(Failure::Internal)?;
    println!("{text}");
    Ok(exit::OK)
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
                    let meaning = if i == "kenshin.log" {
                        "write log lines (no secrets ever reach a module)"
                    } else {
                        "NOT PROVIDED: the module will be refused"
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
