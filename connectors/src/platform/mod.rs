//! Platforms: per vendor OS, the commands a connector runs, the artifacts they
//! produce, and the parser from those artifacts to [`Facts`].
//!
//! `platform` names follow Netmiko's `device_type` where one exists, so inventories
//! move easily from Nornir/Netmiko. A platform without a parser yet is still a valid
//! inventory entry: its facts are all reported unknown, never compliant.

mod allied_telesis_awplus;
mod arista_eos;
mod backup;
mod cisco_asa;
mod cisco_cli;
mod cisco_ios;
mod cisco_nxos;
mod fortios;
mod junos;
mod linux;
mod nec_ix;
mod netmask;
mod panos;
pub mod snmp;
mod windows;
mod yamaha;

use kenshin_facts::version::{Family, Version};
use kenshin_facts::{Device, Evidence, Facts, Firmware};

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
    /// How the SSH connector talks to the platform's CLI.
    pub cli: Cli,
    /// Evidence commands, in collection order.
    pub commands: &'static [Command],
    parser: Option<fn(&Snapshot, &mut Facts, &mut Vec<String>)>,
}

/// How a platform's CLI is driven over SSH: the collector in `kenshin-collect` reads
/// this declaration and holds no per-vendor code of its own.
#[derive(Debug, Clone, Copy)]
pub struct Cli {
    pub mode: CliMode,
    /// Regular expression matched against the last, unterminated line of output: the
    /// prompt. Kept strict (anchored, short, ending in the prompt character) so that a
    /// banner or configuration line is not taken for one.
    pub prompt: &'static str,
    /// Commands sent before the evidence commands in shell mode: the pager off
    /// (`terminal length 0`), and the mode the evidence commands need (NEC IX
    /// `configure`). A refusal is not fatal: pagers are answered anyway.
    pub setup: &'static [&'static str],
    /// Pager prompts answered with a space when they appear anyway (shell mode).
    pub pager_prompts: &'static [&'static str],
    /// How to reach the privilege the evidence commands need, if the login does not.
    pub elevation: Option<Elevation>,
    /// Starts of an output's first line that mean the device refused the command
    /// (`% Invalid input`): the output is then an error, not an artifact.
    pub errors: &'static [&'static str],
}

/// Whether evidence commands run one per exec channel or typed into an interactive shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CliMode {
    /// One SSH exec channel per command: no prompt handling, output ends at EOF.
    Exec,
    /// One interactive shell on a pty: prompts, echo, pagers and elevation handled.
    Shell,
}

/// Privilege elevation in shell mode (`enable`, Yamaha `administrator`).
#[derive(Debug, Clone, Copy)]
pub struct Elevation {
    pub command: &'static str,
    /// Regular expression for the secret prompt (`Password:`).
    pub secret_prompt: &'static str,
    /// Regular expression a prompt matches once elevated (`#$`).
    pub elevated_prompt: &'static str,
}

/// Pager prompts seen on the platforms kenshin knows; answered with a space.
const PAGERS: &[&str] = &["--More--", "-- More --", "---more---", "--- more ---", "---つづく---", "--- つづく ---"];

/// How the CLIs kenshin knows say "no" to a command.
const ERRORS: &[&str] = &[
    // Cisco, Arista, Allied Telesis, NEC: `% Invalid input`, `% WORD  -- Invalid command.`
    "% ",
    "Error:",
    "ERROR:",
    "エラー:",
    "Command fail",
    "Unknown action",
    "Invalid command",
    "Invalid syntax",
];

/// Cisco-style CLIs: `host>` / `host#`, `terminal length 0`, `enable`.
const CISCO_PROMPT: &str = r"^[A-Za-z0-9._/:()@-]{1,64}[>#] ?$";

const fn shell(prompt: &'static str, setup: &'static [&'static str], elevation: Option<Elevation>) -> Cli {
    Cli { mode: CliMode::Shell, prompt, setup, pager_prompts: PAGERS, elevation, errors: ERRORS }
}

const ENABLE: Elevation = Elevation { command: "enable", secret_prompt: r"(?i)password: ?$", elevated_prompt: r"# ?$" };

/// Exec-channel platforms: the prompt is never seen.
const EXEC: Cli =
    Cli { mode: CliMode::Exec, prompt: r"[>#$] ?$", setup: &[], pager_prompts: PAGERS, elevation: None, errors: ERRORS };

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
        cli: shell(CISCO_PROMPT, &["terminal length 0", "terminal width 0"], Some(ENABLE)),
        commands: cisco_ios::COMMANDS,
        parser: Some(cisco_ios::parse),
    },
    Platform {
        name: "cisco_xe",
        vendor: "cisco",
        description: "Cisco IOS XE",
        cli: shell(CISCO_PROMPT, &["terminal length 0", "terminal width 0"], Some(ENABLE)),
        commands: cisco_ios::COMMANDS,
        parser: Some(cisco_ios::parse),
    },
    Platform {
        name: "fortinet",
        vendor: "fortinet",
        description: "Fortinet FortiGate (FortiOS)",
        cli: EXEC,
        commands: fortios::COMMANDS,
        parser: Some(fortios::parse),
    },
    Platform {
        name: "cisco_asa",
        vendor: "cisco",
        description: "Cisco ASA",
        cli: shell(CISCO_PROMPT, &["terminal pager 0"], Some(ENABLE)),
        commands: cisco_asa::COMMANDS,
        parser: Some(cisco_asa::parse),
    },
    Platform {
        name: "cisco_nxos",
        vendor: "cisco",
        description: "Cisco NX-OS",
        cli: shell(CISCO_PROMPT, &["terminal length 0"], None),
        commands: cisco_nxos::COMMANDS,
        parser: Some(cisco_nxos::parse),
    },
    Platform {
        name: "arista_eos",
        vendor: "arista",
        description: "Arista EOS",
        cli: shell(CISCO_PROMPT, &["terminal length 0"], Some(ENABLE)),
        commands: arista_eos::COMMANDS,
        parser: Some(arista_eos::parse),
    },
    Platform {
        name: "juniper_junos",
        vendor: "juniper",
        description: "Juniper Junos",
        cli: shell(r"^[A-Za-z0-9._@:-]{1,64}[>#%] ?$", &["set cli screen-length 0"], None),
        commands: junos::COMMANDS,
        parser: Some(junos::parse),
    },
    Platform {
        name: "yamaha",
        vendor: "yamaha",
        description: "Yamaha RTX / NVR / FWX",
        cli: shell(
            r"^[A-Za-z0-9._-]{0,64}[>#] ?$",
            &["console lines infinity", "console columns 200", "console character ascii"],
            Some(YAMAHA_ADMIN),
        ),
        commands: yamaha::COMMANDS,
        parser: Some(yamaha::parse),
    },
    Platform {
        name: "nec_ix",
        vendor: "nec",
        description: "NEC UNIVERGE IX",
        // `show running-config` and `terminal length` exist only in configuration mode.
        cli: shell(r"^[A-Za-z0-9._-]{1,64}(\([a-z-]+\))?# ?$", &["configure", "terminal length 0"], None),
        commands: nec_ix::COMMANDS,
        parser: Some(nec_ix::parse),
    },
    Platform {
        name: "paloalto_panos",
        vendor: "paloaltonetworks",
        description: "Palo Alto Networks PAN-OS",
        // The parser reads the configuration as XML, not the CLI's default brace format.
        cli: shell(r"^[A-Za-z0-9._@()-]{1,64}[>#] ?$", &["set cli pager off", "set cli config-output-format xml"], None),
        commands: panos::COMMANDS,
        parser: Some(panos::parse),
    },
    Platform {
        name: "allied_telesis_awplus",
        vendor: "allied_telesis",
        description: "Allied Telesis AlliedWare Plus",
        cli: shell(CISCO_PROMPT, &["terminal length 0"], Some(ENABLE)),
        commands: allied_telesis_awplus::COMMANDS,
        parser: Some(allied_telesis_awplus::parse),
    },
    Platform {
        name: "linux",
        vendor: "linux",
        description: "Linux server",
        cli: EXEC,
        commands: linux::COMMANDS,
        parser: Some(linux::parse),
    },
    Platform {
        name: "snmp",
        vendor: "",
        description: "Any device answering SNMP (connector = \"snmp\"): vendor from sysObjectID, firmware from sysDescr / ENTITY-MIB",
        cli: EXEC,
        commands: snmp::COMMANDS,
        parser: Some(snmp_only),
    },
    Platform {
        name: "windows",
        vendor: "microsoft",
        description: "Windows Server / client (OpenSSH + PowerShell)",
        cli: EXEC,
        commands: windows::COMMANDS,
        parser: Some(windows::parse),
    },
];

/// Yamaha RTX: `administrator` with the administrator password.
const YAMAHA_ADMIN: Elevation =
    Elevation { command: "administrator", secret_prompt: r"(?i)password: ?$", elevated_prompt: r"# ?$" };

/// The platform named `name`.
pub fn find(name: &str) -> Option<&'static Platform> {
    PLATFORMS.iter().find(|p| p.name == name)
}

/// Guesses the platform of a snapshot from its artifacts (inventory `platform = "auto"`),
/// or of the one configuration backup it holds (Oxidized, RANCID).
pub fn detect(snapshot: &Snapshot) -> Option<&'static Platform> {
    detect_artifacts(snapshot).or_else(|| {
        let file = backup::candidate(snapshot, None)?;
        PLATFORMS.iter().filter(|p| p.has_parser()).find(|p| {
            backup::present(snapshot, file, p).is_some_and(|(view, _)| detect_artifacts(&view).is_some_and(|d| d.name == p.name))
        })
    })
}

fn detect_artifacts(snapshot: &Snapshot) -> Option<&'static Platform> {
    if let Some(status) = snapshot.artifact("get_system_status.txt")
        && status.lines().any(|l| l.starts_with("Version: Forti"))
    {
        return find("fortinet");
    }
    if let Some(name) = cisco_ios::recognises(snapshot) {
        return find(name);
    }
    if junos::recognises(snapshot) {
        return find("juniper_junos");
    }
    if panos::recognises(snapshot) {
        return find("paloalto_panos");
    }
    if cisco_asa::recognises(snapshot) {
        return find("cisco_asa");
    }
    if cisco_nxos::recognises(snapshot) {
        return find("cisco_nxos");
    }
    if arista_eos::recognises(snapshot) {
        return find("arista_eos");
    }
    if yamaha::recognises(snapshot) {
        return find("yamaha");
    }
    if nec_ix::recognises(snapshot) {
        return find("nec_ix");
    }
    if allied_telesis_awplus::recognises(snapshot) {
        return find("allied_telesis_awplus");
    }
    if windows::recognises(snapshot) {
        return find("windows");
    }
    if linux::recognises(snapshot) {
        return find("linux");
    }
    if snmp::recognises(snapshot) {
        return find("snmp");
    }
    None
}

fn snmp_only(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) {
    snmp::parse_into(snapshot, facts, notes, false);
}

/// Facts parsed from a snapshot, and what the parser wants the user to know.
#[derive(Debug, Clone)]
pub struct ParseOutput {
    pub facts: Facts,
    /// Problems with this device's artifacts (missing, unparsable), for the report.
    pub notes: Vec<String>,
}

/// The second factor of an IPsec channel that a pre-shared key (or a certificate)
/// alone opens: from any address it serves whoever holds the key, one factor
/// (`Some(false)`); with fixed peers it joins two sites and authenticates no person
/// (`None`).
pub(crate) fn key_only_two_factor(peer: &str) -> Option<bool> {
    (peer == kenshin_facts::ANY_SOURCE).then_some(false)
}

/// Whether every way in asks for a second factor: one way without (`Some(false)`) is
/// enough to say no; one that cannot be told (`None`) leaves it open.
pub(crate) fn every_way_two_factor(answers: impl IntoIterator<Item = Option<bool>>) -> Option<bool> {
    let mut open = false;
    for answer in answers {
        match answer {
            Some(false) => return Some(false),
            None => open = true,
            Some(true) => {}
        }
    }
    if open { None } else { Some(true) }
}

/// Facts that come from a device's configuration: all unknown without it.
pub(crate) const CONFIG_FACTS: [&str; 8] =
    ["services", "management_access", "snmp", "accounts", "logging", "remote_access", "auth_policy", "interfaces"];

/// The path of `logging.logins`. A mark of `logging` does not cover it
/// ([`Facts::is_unknown`] looks down from a path, not up), so wherever `logging` is
/// unknown this is marked too.
pub(crate) const LOGINS: &str = "logging.logins";

/// Marks every configuration fact unknown (the configuration is missing or unreadable),
/// saying why in `note`.
pub(crate) fn config_unknown(facts: &mut Facts, notes: &mut Vec<String>, note: String) {
    notes.push(note);
    for f in CONFIG_FACTS {
        facts.mark_unknown(f);
    }
    facts.mark_unknown(LOGINS);
}

/// Leaves `logging.logins` unknown: the configuration does not say whether the device
/// records logins. `note` says why.
pub(crate) fn logins_unknown(facts: &mut Facts, notes: &mut Vec<String>, note: String) {
    notes.push(note);
    facts.mark_unknown(LOGINS);
}

/// Where a firmware version was read.
pub(crate) struct FirmwareLine<'a> {
    pub artifact: &'a str,
    pub line: u32,
    /// As printed.
    pub raw: &'a str,
    /// What is given to [`Version::parse`] (the raw text, or a normalised spelling).
    pub version: &'a str,
}

/// Records the firmware; a version the family does not recognise leaves
/// `firmware.version` unknown rather than guessed.
pub(crate) fn set_firmware(
    facts: &mut Facts,
    notes: &mut Vec<String>,
    vendor: &str,
    family: Family,
    model: Option<String>,
    at: FirmwareLine,
) {
    let version = Version::parse(family, at.version).ok().map(|v| v.to_string());
    if version.is_none() {
        notes.push(format!("{}:{}: version {:?} not recognised: firmware version unknown", at.artifact, at.line, at.raw));
        facts.mark_unknown("firmware.version");
    }
    facts.firmware = Some(Firmware {
        vendor: vendor.into(),
        os: family.os().into(),
        model,
        version,
        raw: at.raw.to_string(),
        evidence: vec![Evidence::line(at.artifact, at.line)],
    });
}

/// Parses `snapshot` with `platform`'s parser. Never fails: whatever cannot be read
/// ends up in [`Facts::unknown`] and in the notes.
pub fn parse(platform: &Platform, device: Device, snapshot: &Snapshot) -> ParseOutput {
    let mut facts = Facts::new(device);
    let mut notes: Vec<String> = snapshot.warnings.clone();
    // A device collected over SNMP only (none of its platform's CLI artifacts) is
    // read from snmp.json; with both, SNMP fills in what the CLI left open.
    let has_cli = platform.commands.iter().any(|c| c.artifact != snmp::SNMP_JSON && snapshot.artifact(c.artifact).is_some());
    if !has_cli && platform.name != "snmp" && snmp::recognises(snapshot) {
        snmp::parse_into(snapshot, &mut facts, &mut notes, false);
        return ParseOutput { facts, notes };
    }
    // One file of another name: a configuration backup made by another tool.
    if !has_cli
        && let Some(parser) = platform.parser
        && let Some(file) = backup::candidate(snapshot, Some(platform))
        && let Some((view, shown)) = backup::present(snapshot, file, platform)
    {
        let text = snapshot.artifact(file).unwrap_or_default();
        let first = notes.len();
        parser(&view, &mut facts, &mut notes);
        backup::point_evidence_at(&mut facts, &mut notes[first..], file, &shown);
        notes.insert(first, format!("{file}: read as a {} configuration backup made by {}", platform.name, backup::tool(text)));
        return ParseOutput { facts, notes };
    }
    match platform.parser {
        Some(parser) => {
            parser(snapshot, &mut facts, &mut notes);
            if platform.name != "snmp" && snmp::recognises(snapshot) {
                snmp::parse_into(snapshot, &mut facts, &mut notes, true);
                if facts.firmware.is_some() {
                    facts.unknown.retain(|u| u != "firmware");
                }
            }
        }
        None => {
            facts.mark_unknown("firmware");
            config_unknown(
                &mut facts,
                &mut notes,
                format!("no parser for platform {:?} yet: every fact is reported unknown", platform.name),
            );
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
pub(crate) use kenshin_secrets::is_default_community;
