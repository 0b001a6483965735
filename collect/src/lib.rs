//! kenshin collectors: from a site's devices to snapshots on disk.
//!
//! [`collect`] logs in to every `connector = "ssh"` device of a site (at most
//! `concurrency` at once), runs its platform's evidence commands the way the platform
//! module in `kenshin-connectors` declares (exec channel or interactive shell, prompts,
//! pager, privilege elevation), and swaps a new snapshot into `snapshots/<device>/`
//! with `collect.json`. Whatever one device does (refuses the login, offers a changed
//! host key, stalls half-way through a configuration, never prompts), it ends within
//! its time limits as `failed` or `partial` with the reason, and the others go on.
//!
//! ```no_run
//! use kenshin_collect::{Options, collect};
//! let site = kenshin_connectors::Site::load(std::path::Path::new("site")).unwrap();
//! let report = collect(&site, &[], &Options::default(), &|_event| {});
//! println!("{}", report.summary());
//! ```
//!
//! Modules: [`credentials`] (secrets from env, files, keys, agent), [`host_keys`]
//! (known_hosts pinning), [`limits`] (time limits), [`ssh`] (one session), [`screen`]
//! (rebuilding a CLI's output from its bytes), [`store`] (atomic snapshot writes),
//! [`progress`] (a progress bar or log lines).

pub mod credentials;
pub mod host_keys;
pub mod limits;
pub mod progress;
pub mod screen;
pub mod snmp;
pub mod ssh;
pub mod store;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use kenshin_connectors::platform::{self, CliMode, Platform};
use kenshin_connectors::site::Connector;
use kenshin_connectors::snapshot::{CollectRecord, CollectStatus};
use kenshin_connectors::{DeviceEntry, Site};

use crate::credentials::Credentials;
use crate::host_keys::HostKeyOutcome;
use crate::limits::{Clock, Limits};
use crate::ssh::{Connection, SshError, Target};

/// How a collection runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Devices at once; 0 takes `site.toml [collect] concurrency` (default 16).
    pub concurrency: usize,
    /// Record unknown host keys in the site's known_hosts (trust on first use).
    pub accept_new_host_keys: bool,
    /// Store artifacts as received, secrets included (they are still masked when read).
    pub keep_secrets: bool,
}

/// What happened to one device.
#[derive(Debug, Clone)]
pub struct DeviceReport {
    pub device: String,
    pub status: CollectStatus,
    /// Why the status is not `ok`, one line each (secrets never appear: they are
    /// redacted on the way out, and credentials never enter a message).
    pub errors: Vec<String>,
    /// Artifacts stored.
    pub artifacts: usize,
    pub elapsed: Duration,
    /// A host key recorded by `--accept-new-host-keys`, with its fingerprint.
    pub recorded_host_key: Option<String>,
}

impl DeviceReport {
    /// A device not collected (yet): failed, until something is stored.
    fn failed(device: &str, error: Option<String>) -> DeviceReport {
        DeviceReport {
            device: device.to_string(),
            status: CollectStatus::Failed,
            errors: error.into_iter().collect(),
            artifacts: 0,
            elapsed: Duration::ZERO,
            recorded_host_key: None,
        }
    }
}

/// Progress events, for a progress bar or log lines.
#[derive(Debug)]
pub enum Event<'a> {
    /// Collection starts for this many devices.
    Start { devices: usize },
    /// One device is done.
    Device(&'a DeviceReport),
}

/// The outcome of a collection.
#[derive(Debug, Clone)]
pub struct CollectReport {
    /// In inventory order.
    pub devices: Vec<DeviceReport>,
    pub elapsed: Duration,
}

impl CollectReport {
    pub fn count(&self, status: CollectStatus) -> usize {
        self.devices.iter().filter(|d| d.status == status).count()
    }

    /// The report of `device`, if it was collected.
    pub fn device(&self, device: &str) -> Option<&DeviceReport> {
        self.devices.iter().find(|d| d.device == device)
    }

    /// A few lines for the terminal: counts, then every device that is not `ok` and why.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "collected {} device(s) in {:.1} s: ok={} partial={} failed={}\n",
            self.devices.len(),
            self.elapsed.as_secs_f64(),
            self.count(CollectStatus::Ok),
            self.count(CollectStatus::Partial),
            self.count(CollectStatus::Failed)
        );
        for d in &self.devices {
            if let Some(fp) = &d.recorded_host_key {
                out.push_str(&format!("  {:<20} new host key recorded: {fp}\n", d.device));
            }
            if d.status != CollectStatus::Ok {
                let status = if d.status == CollectStatus::Failed { "failed" } else { "partial" };
                out.push_str(&format!("  {:<20} {status}: {}\n", d.device, d.errors.join("; ")));
            }
        }
        kenshin_secrets::redact_global(&out)
    }
}

/// Whether `device` is collected by this crate (SSH, SNMP, or both).
pub fn collects(device: &DeviceEntry) -> bool {
    matches!(device.connector, Connector::Ssh | Connector::Snmp)
}

/// Collects every SSH device of `site` (or those named in `only`).
///
/// The caller holds the site's lock: two collections of one site must not interleave.
pub fn collect(site: &Site, only: &[String], opts: &Options, observe: &(dyn Fn(Event<'_>) + Sync)) -> CollectReport {
    let started = Instant::now();
    let entries: Vec<&DeviceEntry> =
        site.inventory.devices.iter().filter(|d| collects(d) && (only.is_empty() || only.contains(&d.name))).collect();
    observe(Event::Start { devices: entries.len() });
    store::clear_leftovers(&site.snapshots_dir());
    let limits = Limits::from(&site.settings.collect);
    let workers = if opts.concurrency > 0 { opts.concurrency } else { site.settings.collect.concurrency }.clamp(1, 1024);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<DeviceReport>>> = Mutex::new(vec![None; entries.len()]);
    std::thread::scope(|scope| {
        for i in 0..workers.min(entries.len()) {
            // SNMP sessions hold two 64 KiB datagram buffers, copied about by value in
            // debug builds: a roomier stack than the 2 MiB default.
            let builder = std::thread::Builder::new().name(format!("kenshin-collect-{i}")).stack_size(16 << 20);
            let spawned = builder.spawn_scoped(scope, || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(entry) = entries.get(i) else { break };
                    let report = collect_one(site, entry, opts, limits);
                    observe(Event::Device(&report));
                    results.lock().unwrap_or_else(std::sync::PoisonError::into_inner)[i] = Some(report);
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a collector thread");
            }
        }
    });
    let devices = results.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner).into_iter().flatten().collect();
    CollectReport { devices, elapsed: started.elapsed() }
}

/// One device, start to finish; a panic inside is caught and reported as a failure
/// so that one device cannot end the collection of the others.
fn collect_one(site: &Site, entry: &DeviceEntry, opts: &Options, limits: Limits) -> DeviceReport {
    let started = Instant::now();
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| collect_device(site, entry, opts, limits)));
    let mut report = run.unwrap_or_else(|_| {
        DeviceReport::failed(
            &entry.name,
            Some("internal error while collecting (a bug in kenshin); the other devices were not affected".into()),
        )
    });
    report.elapsed = started.elapsed();
    report.errors = report.errors.iter().map(|e| kenshin_secrets::redact_global(e)).collect();
    match report.status {
        CollectStatus::Ok => tracing::info!(device = %report.device, ms = report.elapsed.as_millis() as u64, "collected"),
        _ => tracing::warn!(device = %report.device, status = ?report.status, errors = ?report.errors, "collection incomplete"),
    }
    report
}

fn collect_device(site: &Site, entry: &DeviceEntry, opts: &Options, limits: Limits) -> DeviceReport {
    let started = jiff::Timestamp::now();
    let mut report = DeviceReport::failed(&entry.name, None);
    let clock = Clock::start(limits);
    let mut artifacts = Vec::new();
    let mut connectors = Vec::new();
    if entry.connector == Connector::Ssh {
        connectors.push("ssh");
        match ssh_device(site, entry, opts, &clock) {
            Ok((a, errors, host_key)) => {
                artifacts.extend(a);
                report.errors.extend(errors);
                if let Some(HostKeyOutcome::Recorded { fingerprint }) = host_key {
                    report.recorded_host_key = Some(fingerprint);
                }
            }
            Err(e) => report.errors.push(e),
        }
    }
    if entry.connector == Connector::Snmp || entry.snmp_version.is_some() {
        connectors.push("snmp");
        match snmp_device(site, entry, &clock) {
            Ok((json, errors)) => {
                artifacts.push((kenshin_connectors::platform::snmp::SNMP_JSON.to_string(), json));
                report.errors.extend(errors);
            }
            Err(e) => report.errors.push(e),
        }
    }
    report.status = match (artifacts.is_empty(), report.errors.is_empty()) {
        (true, _) => CollectStatus::Failed,
        (false, true) => CollectStatus::Ok,
        (false, false) => CollectStatus::Partial,
    };
    if report.status == CollectStatus::Failed {
        if report.errors.is_empty() {
            report.errors.push("no artifact collected".into());
        }
        return report;
    }
    let record = CollectRecord {
        connector: connectors.join("+"),
        started: Some(started.to_string()),
        finished: Some(jiff::Timestamp::now().to_string()),
        status: report.status,
        artifacts: Vec::new(),
        errors: report.errors.iter().map(|e| kenshin_secrets::redact_global(e)).collect(),
    };
    match store::write_snapshot(&site.snapshots_dir(), &entry.name, &artifacts, record, opts.keep_secrets) {
        Ok(rec) => report.artifacts = rec.artifacts.len(),
        Err(e) => {
            report.status = CollectStatus::Failed;
            report.errors.push(format!("cannot write the snapshot: {e}"));
        }
    }
    report
}

/// The SSH part of a device: platform, credentials, session.
fn ssh_device(site: &Site, entry: &DeviceEntry, opts: &Options, clock: &Clock) -> Result<Collected, String> {
    let platform = platform::find(&entry.platform).filter(|p| !p.commands.is_empty() && p.name != "snmp").ok_or_else(|| {
        format!(
            "platform {:?} cannot be collected over SSH: name the platform in inventory.toml (line {}) so kenshin \
             knows which commands to run",
            entry.platform, entry.line
        )
    })?;
    let creds = Credentials::resolve(entry, &site.root).map_err(|e| format!("credentials: {e}"))?;
    Ok(run_commands(site, entry, platform, &creds, opts, clock))
}

/// The SNMP part of a device: `snmp.json` and the errors of the walks that failed.
fn snmp_device(site: &Site, entry: &DeviceEntry, clock: &Clock) -> Result<(String, Vec<String>), String> {
    let creds = credentials::resolve_snmp(entry, &site.root).map_err(|e| format!("SNMP credentials: {e}"))?;
    let address = entry.address.as_deref().unwrap_or("");
    let port = entry.snmp_port.or(if entry.connector == Connector::Snmp { entry.port } else { None }).unwrap_or(161);
    let settings = &site.settings.collect;
    let requests = snmp::Requests {
        timeout: Duration::from_secs_f64(settings.snmp_timeout_s),
        retries: settings.snmp_retries,
        ..snmp::Requests::default()
    };
    let version = match creds {
        snmp::Credentials::V2c { .. } => "v2c",
        snmp::Credentials::V3(_) => "v3",
    };
    let mut agent = snmp::Agent::open(address, port, &creds, requests, *clock).map_err(|e| format!("SNMP {version}: {e}"))?;
    let (values, errors) = snmp::collect(&mut agent).map_err(|e| format!("SNMP {version}: {e}"))?;
    // Default communities, only where the inventory allows it: a probe is a login attempt.
    let mut probes = Vec::new();
    if entry.probe_default_communities == Some(true) {
        let quick = snmp::Requests { timeout: requests.timeout.min(Duration::from_secs(1)), retries: 0, ..requests };
        for name in ["public", "private"] {
            let probe = snmp::Credentials::V2c { community: name.to_string() };
            let answered = snmp::Agent::open(address, port, &probe, quick, *clock)
                .and_then(|mut a| a.get("default community probe", &[kenshin_connectors::platform::snmp::oids::SYS_DESCR]))
                .is_ok_and(|v| !v.is_empty());
            probes.push((name.to_string(), answered));
        }
    }
    let errors: Vec<String> = errors.into_iter().map(|e| format!("SNMP {version}: {e}")).collect();
    Ok((snmp::to_json(version, &values, &probes, &errors), errors))
}

type Collected = (Vec<(String, String)>, Vec<String>, Option<HostKeyOutcome>);

/// Logs in and runs the platform's commands; returns the artifacts collected, the
/// errors met and the host key outcome.
fn run_commands(
    site: &Site,
    entry: &DeviceEntry,
    platform: &Platform,
    creds: &Credentials,
    opts: &Options,
    clock: &Clock,
) -> Collected {
    let mut artifacts = Vec::new();
    let mut errors = Vec::new();
    let clock = *clock;
    let known_hosts = site.root.join("known_hosts");
    let target = Target {
        address: entry.address.as_deref().unwrap_or(""),
        port: entry.port.unwrap_or(22),
        known_hosts: &known_hosts,
        accept_new_host_keys: opts.accept_new_host_keys,
    };
    let conn = match Connection::open(&target, creds, &clock) {
        Ok(c) => c,
        Err(e) => return (artifacts, vec![e.to_string()], None),
    };
    let host_key = Some(conn.host_key.clone());
    let since = std::time::Instant::now();
    let step = |what: &str| tracing::debug!(device = %entry.name, ms = since.elapsed().as_millis() as u64, "{what}");
    step("authenticated");
    match platform.cli.mode {
        CliMode::Exec => {
            for c in platform.commands {
                if !keep(entry, c.artifact, conn.exec(c, &platform.cli, &clock), &mut artifacts, &mut errors) {
                    break;
                }
                step(c.command);
            }
        }
        CliMode::Shell => {
            let mut shell = match conn.shell(&platform.cli, &clock) {
                Ok(s) => s,
                Err(e) => {
                    errors.push(e.to_string());
                    return (artifacts, errors, host_key);
                }
            };
            step("first prompt");
            if let Err(e) = shell.elevate(creds.elevation_secret.as_ref().map(|c| c.expose()), &clock) {
                let usable = e.session_usable();
                errors.push(e.to_string());
                if !usable {
                    return (artifacts, errors, host_key);
                }
            }
            for off in platform.cli.setup {
                match shell.run(off, &clock) {
                    Ok(_) => {}
                    // Some firmware lacks the command; pagers are answered anyway.
                    Err(e) if e.session_usable() => {
                        tracing::debug!(device = %entry.name, command = off, error = %e, "pager-off refused")
                    }
                    Err(e) => {
                        errors.push(e.to_string());
                        return (artifacts, errors, host_key);
                    }
                }
            }
            step("session prepared");
            for c in platform.commands {
                if !keep(entry, c.artifact, shell.run(c.command, &clock), &mut artifacts, &mut errors) {
                    return (artifacts, errors, host_key);
                }
                step(c.command);
            }
            shell.close();
        }
    }
    (artifacts, errors, host_key)
}

/// Keeps a command's output as an artifact, or its error; says whether the session
/// can go on to the next command.
fn keep(
    entry: &DeviceEntry,
    artifact: &str,
    result: Result<String, SshError>,
    artifacts: &mut Vec<(String, String)>,
    errors: &mut Vec<String>,
) -> bool {
    match result {
        Ok(text) => {
            artifacts.push((artifact.to_string(), text));
            true
        }
        Err(e) => {
            tracing::debug!(device = %entry.name, artifact, error = %e, "command failed");
            errors.push(e.to_string());
            e.session_usable()
        }
    }
}
