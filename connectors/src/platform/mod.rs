//! Platforms: per vendor OS, the commands a connector runs, the artifacts they
//! produce, and the parser from those artifacts to [`Facts`].
//!
//! `platform` names follow Netmiko's `device_type` where one exists, so inventories
//! move easily from Nornir/Netmiko. A platform without a parser yet is still a valid
//! inventory entry: its facts are all reported unknown, never compliant.

mod cisco_ios;
mod fortios;
mod netmask;
mod yamaha;

use kenshin_facts::{Device, Facts};

use crate::snapshot::Snapshot;

/// One evidence command and the artifact its output is stored in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Command {
    pub command: &'static str,
    pub artifact: &'static str,
}

/// A supported platform.
#[derive(Debug)]
pub struct Platform {
    /// Inventory name (`cisco_xe`).
    pub name: &'static str,
    pub vendor: &'static str,
    pub description: &'static str,
    /// Commands that turn the pager off before collection.
    pub pager_off: &'static [&'static str],
    /// Evidence commands, in collection order.
    pub commands: &'static [Command],
    parser: Option<fn(&Snapshot, &mut Facts, &mut Vec<String>)>,
}

impl Platform {
    /// Whether kenshin can turn this platform's artifacts into facts yet.
    pub fn has_parser(&self) -> bool {
        self.parser.is_some()
    }
}

const fn cmd(command: &'static str, artifact: &'static str) -> Command {
    Command { command, artifact }
}

/// Every platform kenshin knows, with or without a parser.
pub static PLATFORMS: &[Platform] = &[
    Platform {
        name: "cisco_ios",
        vendor: "cisco",
        description: "Cisco IOS",
        pager_off: &["terminal length 0", "terminal width 0"],
        commands: cisco_ios::COMMANDS,
        parser: Some(cisco_ios::parse),
    },
    Platform {
        name: "cisco_xe",
        vendor: "cisco",
        description: "Cisco IOS XE",
        pager_off: &["terminal length 0", "terminal width 0"],
        commands: cisco_ios::COMMANDS,
        parser: Some(cisco_ios::parse),
    },
    Platform {
        name: "fortinet",
        vendor: "fortinet",
        description: "Fortinet FortiGate (FortiOS)",
        pager_off: &[],
        commands: fortios::COMMANDS,
        parser: Some(fortios::parse),
    },
    Platform {
        name: "cisco_asa",
        vendor: "cisco",
        description: "Cisco ASA",
        pager_off: &["terminal pager 0"],
        commands: &[cmd("show version", "show_version.txt"), cmd("show running-config", "show_running-config.txt")],
        parser: None,
    },
    Platform {
        name: "cisco_nxos",
        vendor: "cisco",
        description: "Cisco NX-OS",
        pager_off: &["terminal length 0"],
        commands: &[cmd("show version", "show_version.txt"), cmd("show running-config", "show_running-config.txt")],
        parser: None,
    },
    Platform {
        name: "arista_eos",
        vendor: "arista",
        description: "Arista EOS",
        pager_off: &["terminal length 0"],
        commands: &[cmd("show version", "show_version.txt"), cmd("show running-config", "show_running-config.txt")],
        parser: None,
    },
    Platform {
        name: "juniper_junos",
        vendor: "juniper",
        description: "Juniper Junos",
        pager_off: &["set cli screen-length 0"],
        commands: &[
            cmd("show version", "show_version.txt"),
            cmd("show configuration | display set", "show_configuration_display_set.txt"),
        ],
        parser: None,
    },
    Platform {
        name: "yamaha",
        vendor: "yamaha",
        description: "Yamaha RTX / NVR / FWX",
        pager_off: &["console lines infinity", "console columns 200", "console character ascii"],
        commands: yamaha::COMMANDS,
        parser: Some(yamaha::parse),
    },
    Platform {
        name: "nec_ix",
        vendor: "nec",
        description: "NEC UNIVERGE IX",
        pager_off: &["terminal length 0"],
        commands: &[cmd("show version", "show_version.txt"), cmd("show running-config", "show_running-config.txt")],
        parser: None,
    },
    Platform {
        name: "paloalto_panos",
        vendor: "paloaltonetworks",
        description: "Palo Alto Networks PAN-OS",
        pager_off: &["set cli pager off"],
        commands: &[cmd("show system info", "show_system_info.txt"), cmd("show config running", "show_config_running.txt")],
        parser: None,
    },
    Platform {
        name: "allied_telesis_awplus",
        vendor: "allied_telesis",
        description: "Allied Telesis AlliedWare Plus",
        pager_off: &["terminal length 0"],
        commands: &[cmd("show system", "show_system.txt"), cmd("show running-config", "show_running-config.txt")],
        parser: None,
    },
    Platform {
        name: "linux",
        vendor: "linux",
        description: "Linux server",
        pager_off: &[],
        commands: &[cmd("cat /etc/os-release", "cat_etc_os-release.txt"), cmd("uname -r", "uname_-r.txt")],
        parser: None,
    },
    Platform {
        name: "windows",
        vendor: "microsoft",
        description: "Windows Server / client (OpenSSH + PowerShell)",
        pager_off: &[],
        commands: &[cmd("Get-ComputerInfo | ConvertTo-Json", "Get-ComputerInfo_ConvertTo-Json.txt")],
        parser: None,
    },
];

/// The platform named `name`.
pub fn find(name: &str) -> Option<&'static Platform> {
    PLATFORMS.iter().find(|p| p.name == name)
}

/// Guesses the platform of a snapshot from its artifacts (inventory `platform = "auto"`).
pub fn detect(snapshot: &Snapshot) -> Option<&'static Platform> {
    if let Some(status) = snapshot.artifact("get_system_status.txt")
        && status.lines().any(|l| l.starts_with("Version: Forti"))
    {
        return find("fortinet");
    }
    if let Some(version) = snapshot.artifact("show_version.txt") {
        if version.contains("Cisco IOS XE Software") || version.contains("IOS-XE Software") {
            return find("cisco_xe");
        }
        if version.contains("Cisco IOS Software") {
            return find("cisco_ios");
        }
    }
    if yamaha::recognises(snapshot) {
        return find("yamaha");
    }
    None
}

/// Facts parsed from a snapshot, and what the parser wants the user to know.
#[derive(Debug, Clone)]
pub struct ParseOutput {
    pub facts: Facts,
    /// Problems with this device's artifacts (missing, unparsable), for the report.
    pub notes: Vec<String>,
}

/// Every top-level fact, for platforms that cannot tell anything yet.
const ALL_FACTS: &[&str] =
    &["firmware", "services", "management_access", "snmp", "accounts", "logging", "remote_access", "auth_policy", "interfaces"];

/// Parses `snapshot` with `platform`'s parser. Never fails: whatever cannot be read
/// ends up in [`Facts::unknown`] and in the notes.
pub fn parse(platform: &Platform, device: Device, snapshot: &Snapshot) -> ParseOutput {
    let mut facts = Facts::new(device);
    let mut notes: Vec<String> = snapshot.warnings.clone();
    match platform.parser {
        Some(parser) => parser(snapshot, &mut facts, &mut notes),
        None => {
            notes.push(format!("no parser for platform {:?} yet: every fact is reported unknown", platform.name));
            for f in ALL_FACTS {
                facts.mark_unknown(*f);
            }
        }
    }
    ParseOutput { facts, notes }
}

/// Splits a line into at most `N` words without allocating (this runs for every line of
/// every configuration); words beyond `N` are dropped, so `N` must exceed the longest
/// command a parser reads.
pub(crate) fn split_words<'a, 'b, const N: usize>(line: &'a str, buf: &'b mut [&'a str; N]) -> &'b [&'a str] {
    let mut n = 0;
    for w in line.split_whitespace().take(N) {
        buf[n] = w;
        n += 1;
    }
    &buf[..n]
}

/// Lines of an artifact, numbered from 1, with trailing `\r` removed.
pub(crate) fn numbered(text: &str) -> impl Iterator<Item = (u32, &str)> {
    text.lines().enumerate().map(|(i, l)| (i as u32 + 1, l.trim_end_matches('\r')))
}

/// Community names that are a finding by themselves.
pub(crate) fn is_default_community(name: &str) -> bool {
    name != kenshin_secrets::MASK && kenshin_secrets::is_well_known(name) && !name.eq_ignore_ascii_case("password")
}
