//! Configuration backups written by other tools (Oxidized, RANCID, a hand-kept copy):
//! one file per device, any name, often with the tool's comment header in front.
//!
//! Many hospitals already keep such backups, so a device folder holding one of them
//! is read like the platform's own artifacts. The file is presented to the platform's
//! parser under the artifact names the parser knows (its *roles*), and the evidence
//! the parser produces is renamed back to the file, so every finding points at the
//! backup's own lines:
//!
//! - the configuration role gets the file as it is;
//! - the version role gets the same lines with the comment marker (`!`, `#`) taken off
//!   the front, because both tools put what `show version` said into comments at the
//!   top (Oxidized `! Image: Software: ...`, RANCID `!Image:` and
//!   `# Junos: 21.4R3.15`). Line numbers are unchanged by this.
//!
//! RANCID's `RANCID-CONTENT-TYPE` header, when present, only names the tool in the
//! notes: the platform is decided by the inventory or, for `platform = "auto"`, by the
//! same detection as for collected artifacts.

use kenshin_facts::Facts;

use super::{Platform, snmp};
use crate::snapshot::Snapshot;

/// The one file of a snapshot that may be a backup: the only artifact besides
/// `snmp.json`, and not named like a collected artifact (of `platform`, or of any
/// platform when it is not known yet): those are read as what their name says.
pub(super) fn candidate<'a>(snapshot: &'a Snapshot, platform: Option<&Platform>) -> Option<&'a str> {
    let mut names = snapshot.artifact_names().filter(|n| *n != snmp::SNMP_JSON);
    let name = names.next()?;
    if names.next().is_some() {
        return None;
    }
    let named_by = |p: &Platform| p.commands.iter().any(|c| c.artifact == name);
    let collected = match platform {
        Some(p) => named_by(p),
        None => super::PLATFORMS.iter().any(named_by),
    };
    (!collected).then_some(name)
}

/// `snapshot` with the backup `file` presented under `platform`'s artifact names, and
/// those names. `None` when the platform has no configuration artifact to present it as.
pub(super) fn present(snapshot: &Snapshot, file: &str, platform: &Platform) -> Option<(Snapshot, Vec<&'static str>)> {
    let text = snapshot.artifact(file)?;
    let (config, version) = roles(platform, text)?;
    let mut view = snapshot.clone();
    view.alias(config, file, text.to_string());
    let mut shown = vec![config];
    if let Some(version) = version {
        view.alias(version, file, uncommented(text));
        shown.push(version);
    }
    Some((view, shown))
}

/// The artifact the backup stands in for (configuration) and the one its comment
/// header stands in for (version), for `platform`.
fn roles(platform: &Platform, text: &str) -> Option<(&'static str, Option<&'static str>)> {
    let artifacts: Vec<&'static str> = platform.commands.iter().map(|c| c.artifact).filter(|a| *a != snmp::SNMP_JSON).collect();
    let config = match platform.name {
        // Junos backups come in either form; the parser reads both artifacts.
        "juniper_junos" if !text.lines().any(|l| l.starts_with("set ")) => "show_configuration.txt",
        _ => artifacts.iter().rev().copied().find(|a| a.contains("conf"))?,
    };
    let version = artifacts.iter().copied().find(|a| *a != config && !a.contains("conf"));
    Some((config, version))
}

/// `text` with one leading comment marker (`!`, `!!`, `#`) and one blank after it taken
/// off each line; the line count is unchanged.
fn uncommented(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let rest = line.trim_start_matches('!');
        let rest = if rest.len() == line.len() { line.strip_prefix('#').unwrap_or(line) } else { rest };
        out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
    }
    out
}

/// The tool that wrote the backup, as far as its header tells.
pub(super) fn tool(text: &str) -> &'static str {
    if text.lines().take(5).any(|l| l.trim_start_matches(['!', '#', ' ']).starts_with("RANCID-CONTENT-TYPE:")) {
        "RANCID"
    } else {
        "another tool"
    }
}

/// Renames the evidence of `facts`, and the notes, from the artifact names a parser was
/// shown back to the backup file. Evidence is renamed on the JSON form so that it
/// covers every fact, including ones added to the model later.
pub(super) fn point_evidence_at(facts: &mut Facts, notes: &mut [String], file: &str, aliases: &[&str]) {
    for note in notes.iter_mut() {
        for alias in aliases {
            if note.contains(alias) {
                *note = note.replace(alias, file);
            }
        }
    }
    let Ok(mut json) = serde_json::to_value(&*facts) else { return };
    rename(&mut json, file, aliases);
    if let Ok(renamed) = serde_json::from_value(json) {
        *facts = renamed;
    }
}

fn rename(value: &mut serde_json::Value, file: &str, aliases: &[&str]) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    serde_json::Value::String(s) if key == "artifact" && aliases.contains(&s.as_str()) => *s = file.to_string(),
                    _ => rename(v, file, aliases),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| rename(v, file, aliases)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_markers_come_off_without_moving_lines() {
        let text = "!RANCID-CONTENT-TYPE: cisco\n!\n! Image: Software: X, 15.2(4)M7, RELEASE\n# Junos: 21.4R3.15\nhostname r1\n";
        let out = uncommented(text);
        assert_eq!(out.lines().count(), text.lines().count());
        assert_eq!(out.lines().nth(2), Some("Image: Software: X, 15.2(4)M7, RELEASE"));
        assert_eq!(out.lines().nth(3), Some("Junos: 21.4R3.15"));
        assert_eq!(out.lines().nth(4), Some("hostname r1"));
        assert_eq!(tool(text), "RANCID");
        assert_eq!(tool("hostname r1\n"), "another tool");
    }
}
