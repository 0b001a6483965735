//! Time limits of one device's collection: every wait is bounded by its own limit and
//! by what is left of the device's total, so no device can outlast `device_timeout_s`.

use std::time::{Duration, Instant};

use kenshin_connectors::CollectSettings;

/// The four limits of `site.toml [collect]`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub connect: Duration,
    pub auth: Duration,
    pub command: Duration,
    pub device: Duration,
}

impl From<&CollectSettings> for Limits {
    fn from(s: &CollectSettings) -> Self {
        Limits {
            connect: Duration::from_secs_f64(s.connect_timeout_s),
            auth: Duration::from_secs_f64(s.auth_timeout_s),
            command: Duration::from_secs_f64(s.command_timeout_s),
            device: Duration::from_secs_f64(s.device_timeout_s),
        }
    }
}

/// Which limit ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Connect,
    Auth,
    Command,
    Device,
}

impl Phase {
    pub fn describe(self) -> &'static str {
        match self {
            Phase::Connect => "connect",
            Phase::Auth => "authentication",
            Phase::Command => "command",
            Phase::Device => "device total",
        }
    }
}

/// The end of the device's total time, and phases carved out of it.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub limits: Limits,
    end: Instant,
}

/// One phase's end: its own limit or the device's end, whichever comes first.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    pub at: Instant,
    /// The limit that sets `at` (for the message when it passes).
    pub phase: Phase,
    pub limit: Duration,
}

impl Clock {
    pub fn start(limits: Limits) -> Clock {
        Clock { limits, end: Instant::now() + limits.device }
    }

    /// A deadline for `phase`, starting now.
    pub fn phase(&self, phase: Phase) -> Deadline {
        let limit = match phase {
            Phase::Connect => self.limits.connect,
            Phase::Auth => self.limits.auth,
            Phase::Command => self.limits.command,
            Phase::Device => self.limits.device,
        };
        let own = Instant::now() + limit;
        if own <= self.end {
            Deadline { at: own, phase, limit }
        } else {
            Deadline { at: self.end, phase: Phase::Device, limit: self.limits.device }
        }
    }
}

impl Deadline {
    /// Time left, at least 1 ms (libssh2 treats a 0 ms timeout as "wait forever").
    pub fn remaining(&self) -> Duration {
        self.at.saturating_duration_since(Instant::now()).max(Duration::from_millis(1))
    }

    pub fn passed(&self) -> bool {
        Instant::now() >= self.at
    }

    /// "command time limit (5 s)".
    pub fn describe(&self) -> String {
        format!("{} time limit ({:.3} s)", self.phase.describe(), self.limit.as_secs_f64()).replace(".000 s", " s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_never_outlast_the_device() {
        let limits = Limits {
            connect: Duration::from_secs(10),
            auth: Duration::from_secs(10),
            command: Duration::from_secs(60),
            device: Duration::from_secs(5),
        };
        let clock = Clock::start(limits);
        let d = clock.phase(Phase::Command);
        assert_eq!(d.phase, Phase::Device);
        assert!(d.remaining() <= Duration::from_secs(5));
        assert_eq!(d.describe(), "device total time limit (5 s)");
        let short = Clock::start(Limits { device: Duration::from_secs(600), ..limits }).phase(Phase::Connect);
        assert_eq!(short.phase, Phase::Connect);
    }
}
