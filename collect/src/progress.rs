//! Progress of a collection on stderr: a bar on a terminal (indicatif), one plain line
//! per device otherwise (cron, systemd, CI logs), where a bar would only be noise.

use std::io::IsTerminal;
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use kenshin_connectors::snapshot::CollectStatus;

use crate::{CollectReport, Event, Options};

/// Draws [`Event`]s.
pub struct Progress {
    bar: Mutex<Option<ProgressBar>>,
    terminal: bool,
    quiet: bool,
}

impl Progress {
    /// A bar when stderr is a terminal, lines otherwise; nothing at all when `quiet`.
    pub fn stderr(quiet: bool) -> Progress {
        Progress { bar: Mutex::new(None), terminal: std::io::stderr().is_terminal(), quiet }
    }

    /// The observer to hand to [`crate::collect`].
    pub fn observe(&self, event: Event<'_>) {
        if self.quiet {
            return;
        }
        let mut bar = self.bar.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match event {
            Event::Start { devices } => {
                if self.terminal && devices > 0 {
                    let b = ProgressBar::new(devices as u64);
                    if let Ok(style) = ProgressStyle::with_template("collect {bar:30} {pos}/{len} devices {elapsed} {msg}") {
                        b.set_style(style);
                    }
                    *bar = Some(b);
                } else if devices > 0 {
                    eprintln!("kenshin: collecting {devices} device(s)");
                }
            }
            Event::Device(d) => {
                let status = match d.status {
                    CollectStatus::Ok => "ok",
                    CollectStatus::Partial => "partial",
                    CollectStatus::Failed => "failed",
                };
                let line = if d.errors.is_empty() {
                    format!("{} {status} ({} artifacts, {:.1} s)", d.device, d.artifacts, d.elapsed.as_secs_f64())
                } else {
                    format!("{} {status}: {}", d.device, d.errors.join("; "))
                };
                let line = kenshin_secrets::redact_global(&line);
                match bar.as_ref() {
                    Some(b) => {
                        if d.status != CollectStatus::Ok {
                            b.println(format!("  {line}"));
                        }
                        b.set_message(d.device.clone());
                        b.inc(1);
                    }
                    None => eprintln!("kenshin: collect {line}"),
                }
            }
        }
    }

    /// Removes the bar before the summary is printed.
    pub fn finish(&self) {
        if let Some(b) = self.bar.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take() {
            b.finish_and_clear();
        }
    }
}

/// [`crate::collect`] with its progress on stderr (nothing when `quiet`).
pub fn collect_on_stderr(site: &kenshin_connectors::Site, only: &[String], opts: &Options, quiet: bool) -> CollectReport {
    let progress = Progress::stderr(quiet);
    let report = crate::collect(site, only, opts, &|e| progress.observe(e));
    progress.finish();
    report
}
