//! What a scan produces: rule results per device ([`Finding`]) and what went wrong
//! along the way ([`Notification`]). Outputs (SARIF, checklist) are views of these.

use kenshin_facts::{DeviceKind, Evidence};
use kenshin_policy::{Message, Status};
use serde::Serialize;

/// The device name of results about the site as a whole (site entry point results
/// without a `device`): not a valid inventory name, so it never clashes with one.
pub const SITE_DEVICE: &str = "(site)";

/// One rule result on one device (or on the site: [`SITE_DEVICE`]).
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub pack: String,
    pub rule: String,
    pub device: String,
    pub status: Status,
    pub message: Message,
    pub evidence: Vec<Evidence>,
    /// The subject the rule judged (interface, account, CVE); with pack, rule and
    /// device it identifies the finding across scans.
    pub subject: String,
    pub properties: serde_json::Map<String, serde_json::Value>,
}

/// How bad a notification is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationLevel {
    Note,
    Warning,
    Error,
}

/// What kind of problem a notification reports (its SARIF descriptor id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum NotificationKind {
    /// The device's snapshot could not be read.
    #[serde(rename = "KSN0001")]
    Snapshot,
    /// A parser could not determine something from the artifacts.
    #[serde(rename = "KSN0002")]
    Parse,
    /// A policy module failed on a device (trap, limit, invalid output).
    #[serde(rename = "KSN0003")]
    Module,
    /// A pack could not be loaded at all.
    #[serde(rename = "KSN0004")]
    Pack,
    /// A pack was used without a valid signature from a trusted key (`--allow-unsigned`).
    #[serde(rename = "KSN0005")]
    UnverifiedPack,
    /// Collecting the device (SSH) failed or was cut off part-way.
    #[serde(rename = "KSN0006")]
    Collection,
    /// A waiver of waivers.toml has expired: it no longer accepts anything.
    #[serde(rename = "KSN0007")]
    WaiverExpired,
    /// A waiver of waivers.toml accepts no failing or unverified result.
    #[serde(rename = "KSN0008")]
    WaiverUnused,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 8] = [
        NotificationKind::Snapshot,
        NotificationKind::Parse,
        NotificationKind::Module,
        NotificationKind::Pack,
        NotificationKind::UnverifiedPack,
        NotificationKind::Collection,
        NotificationKind::WaiverExpired,
        NotificationKind::WaiverUnused,
    ];

    pub fn id(self) -> &'static str {
        match self {
            NotificationKind::Snapshot => "KSN0001",
            NotificationKind::Parse => "KSN0002",
            NotificationKind::Module => "KSN0003",
            NotificationKind::Pack => "KSN0004",
            NotificationKind::UnverifiedPack => "KSN0005",
            NotificationKind::Collection => "KSN0006",
            NotificationKind::WaiverExpired => "KSN0007",
            NotificationKind::WaiverUnused => "KSN0008",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            NotificationKind::Snapshot => "SnapshotUnreadable",
            NotificationKind::Parse => "ArtifactNotUnderstood",
            NotificationKind::Module => "PolicyModuleFailed",
            NotificationKind::Pack => "PackNotLoaded",
            NotificationKind::UnverifiedPack => "PackNotVerified",
            NotificationKind::Collection => "CollectionIncomplete",
            NotificationKind::WaiverExpired => "WaiverExpired",
            NotificationKind::WaiverUnused => "WaiverUnused",
        }
    }

    /// What the user can do about it.
    pub fn help(self) -> &'static str {
        match self {
            NotificationKind::Snapshot => "Check that snapshots/<device>/ exists and is readable, or collect the device again.",
            NotificationKind::Parse => {
                "Check that the artifact named in the message is the complete output of its command (see `kenshin platforms`)."
            }
            NotificationKind::Module => {
                "Report the message to the pack's publisher; the device's other packs were evaluated normally."
            }
            NotificationKind::Pack => "Check the pack with `kenshin pack inspect DIR`; the other packs were evaluated normally.",
            NotificationKind::UnverifiedPack => {
                "Get the pack signed by its publisher and the publisher's key into the trust store; check it with `kenshin pack verify DIR`."
            }
            NotificationKind::Collection => {
                "Read the reason in the message (address, credentials, host key, time limits in site.toml [collect]) and run `kenshin collect SITE --device NAME` again."
            }
            NotificationKind::WaiverExpired => {
                "Fix the results the waiver covered, or have the exception approved again and update `expires` in waivers.toml."
            }
            NotificationKind::WaiverUnused => {
                "Remove the waiver if the problem is gone; otherwise correct its rule, device or subject (as in the SARIF result's ruleId and properties)."
            }
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            NotificationKind::Snapshot => "The device's snapshot could not be read; none of its checks could be made.",
            NotificationKind::Parse => {
                "Part of a device's artifacts could not be understood; the facts concerned are reported unknown."
            }
            NotificationKind::Module => {
                "A policy module failed on a device; that module's results for the device are missing and its checks are unknown."
            }
            NotificationKind::Pack => "A policy pack could not be loaded; none of its rules were evaluated.",
            NotificationKind::UnverifiedPack => {
                "A policy pack ran without a valid signature from a trusted publisher (--allow-unsigned); its results are marked packVerified = false."
            }
            NotificationKind::Collection => {
                "Collecting the device failed or stopped part-way: what was not collected is unknown, and a failed device is not evaluated (its last good snapshot stays on disk)."
            }
            NotificationKind::WaiverExpired => {
                "A waiver in waivers.toml is past its expiry date: the results it covered are no longer suppressed."
            }
            NotificationKind::WaiverUnused => "A waiver in waivers.toml matches no failing or unverified result of the scan.",
        }
    }
}

/// A problem met during the scan, kept for the SARIF invocation and the summary.
#[derive(Debug, Clone, Serialize)]
pub struct Notification {
    pub level: NotificationLevel,
    pub kind: NotificationKind,
    pub device: Option<String>,
    pub pack: Option<String>,
    pub message: String,
}

/// Whether a device's evidence could be read at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceState {
    /// Parsed (possibly with unknown parts).
    Parsed,
    /// No usable snapshot: every check of the device is unknown.
    Missing,
}

/// One device of the scan.
#[derive(Debug, Clone, Serialize)]
pub struct DeviceOutcome {
    pub name: String,
    pub platform: String,
    pub kind: DeviceKind,
    /// Line of the device in inventory.toml (SARIF fallback location).
    pub inventory_line: usize,
    pub state: DeviceState,
    /// Model and firmware as parsed, for the ledger.
    pub model: Option<String>,
    pub firmware: Option<String>,
    /// `(pack id, rule id)` pairs whose module ran to completion on this device.
    #[serde(skip)]
    pub evaluated: Vec<(String, String)>,
}
