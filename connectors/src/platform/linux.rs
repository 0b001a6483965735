//! Linux servers (Debian/Ubuntu, RHEL/AlmaLinux/Rocky and relatives): PACS, electronic
//! chart databases, file servers.
//!
//! The connector runs each command on its own SSH exec channel as an ordinary login.
//! Every command but the three plain ones (`cat /etc/os-release`, `uname -r`,
//! `uname -n`) is a `sh -c '...'` script that works on both families: it picks the
//! tool present (`apt` or `dnf`/`yum`, `lastlog` or `lastlog2` or `last`, firewalld or
//! nftables or iptables), prints a marker line `# kenshin: <tool>` before each tool's
//! output and `# kenshin: end` last, and always exits 0. The parser reads each section
//! by its marker, so one artifact serves both families; an artifact without the end
//! marker was cut off, and whatever would be concluded from an absent line is then
//! unknown. A section whose tool failed (`not found`, `Permission denied`,
//! `sudo: a password is required`) leaves its facts unknown with a note; the other
//! sections of the artifact still count.
//!
//! # Privileges
//!
//! Commands that need root are run through `sudo -n` when sudo allows them without a
//! password (checked with `sudo -n -l`), otherwise unprivileged, which for most of
//! them fails cleanly. For complete facts a site adds these lines with `visudo -f
//! /etc/sudoers.d/kenshin` for its kenshin login (paths as on Debian 12; use those
//! `command -v` shows on the host, e.g. `/usr/sbin/ss` on RHEL):
//!
//! ```text
//! Defaults:kenshin !requiretty
//! kenshin ALL=(root) NOPASSWD: /usr/sbin/sshd -T, /usr/sbin/nft list ruleset, /usr/sbin/iptables-save, /usr/sbin/ip6tables-save, /usr/bin/firewall-cmd --list-all-zones, /usr/bin/ss -tulpn, /usr/sbin/auditctl -l, /usr/bin/cat /etc/audit/auditd.conf, /usr/bin/cat /etc/snmp/snmpd.conf, /usr/bin/passwd -S -a, /usr/bin/dnf -q -C updateinfo list --security, /usr/bin/dnf -q -C check-update
//! ```
//!
//! Every entry has fixed arguments: none of them reads or changes anything else. The
//! `passwd` of RHEL 9 and older has no `-a`: there each account with a login shell is
//! asked in turn, which needs `/usr/bin/passwd -S *` instead (that `passwd` refuses any
//! option that changes something next to `-S`). `/etc/shadow` is never read; password
//! hashes never leave the host (`passwd -S` prints only whether a password is set,
//! locked or empty, and on RHEL the hash method).
//!
//! # What is relied on, and what is not
//!
//! - Firmware is the distribution: vendor = os-release `ID`, model = `PRETTY_NAME`,
//!   version = `VERSION_ID` as written (`22.04`). No version family is Linux's own, so
//!   `os` is `dotted`: releases of one distribution order as dotted numbers. The kernel
//!   release goes to the notes.
//! - Pending updates are what the package manager's cache says (`apt list
//!   --upgradable`, `dnf -C`): as fresh as the last `apt update` / `dnf makecache`,
//!   which both families run from a timer by default. Nothing is downloaded. How fresh
//!   is the date of the newest `*Release` list, apt's `update-success-stamp` or dnf/yum
//!   `repomd.xml` (`host.updates.lists_refreshed`). Each is a lower bound of the last
//!   refresh (apt dates a list by the server's Last-Modified, and a repository that
//!   published nothing keeps its old file), so the newest of them is taken.
//! - `ss -tulpn` lists every listening socket, so a service without a listener is off —
//!   only when the artifact is complete. A socket bound to loopback only is not a
//!   network service.
//! - No firewall rule filtering a port (no firewalld zone, nftables input chain or
//!   iptables INPUT rule) means anyone may connect: sources `["any"]`.
//! - sshd defaults come from `sshd -T`, which prints the effective values; `Match`
//!   blocks (which `sshd -T` does not print) are read from `sshd_config` when the login
//!   may read it, and shown in the SSH detail, not evaluated.
//! - Password policy: pwquality applies only when PAM calls `pam_pwquality` (or
//!   `pam_cracklib`); otherwise `pam_unix` applies with its default minimum of 6.
//!   libpwquality defaults (`minlen` 8, credits 0) are relied on; "complexity" means at
//!   least three character classes required (`minclass` or negative credits), as
//!   Windows' complexity rule does. `PASS_MAX_DAYS` 99999 (or absent) is "never".
//!   `pam_faillock` without `deny` locks after 3 failures (its documented default).
//! - Accounts: every UID 0 account, people (UID 1000 and up with a login shell) and
//!   service accounts with a login shell and a usable password. Privilege: UID 0 or
//!   membership of `sudo`, `wheel` or `admin` is Admin; rules in `/etc/sudoers.d`
//!   naming users directly are not read (they need root). Root's `allowed_sources`
//!   are who may reach sshd when `PermitRootLogin` is not `no` (absent when it is);
//!   `AllowUsers user@host` patterns give an account's sources.
//! - Interfaces: a globally routable IPv4 address makes an interface WAN (documentation
//!   ranges count as public), RFC 1918 addresses LAN.
//! - USB storage is blocked only by an `install usb_storage /bin/true` (or `false`)
//!   line with the module not loaded: `blacklist usb_storage` alone still lets it be
//!   loaded by hand or as a dependency of `uas`.
//! - Antivirus/EDR is reported only when its service is seen running; Linux servers
//!   often have none, which is not an unknown.

mod firewall;

use std::collections::BTreeMap;
use std::net::IpAddr;

use ipnet::IpNet;
use kenshin_facts::version::{Family, Version};
use kenshin_facts::{
    ANY_SOURCE, Account, AdminGroup, Antivirus, Audit, AuthPolicy, Evidence, Facts, Firmware, Host, Interface, InterfaceRole,
    Listener, Logging, ManagementAccess, PasswordStorage, PendingUpdate, Privilege, RemoteAccess, RemoteAccessKind,
    RunningSoftware, Service, ServiceName, Snmp, SnmpAccess, SnmpCommunity, SnmpV3User, Updates, UsbStorage,
};

use self::firewall::{Fam, Proto, Reach, Ruleset, Zone};
use super::{Command, cmd, is_default_community, numbered};
use crate::snapshot::Snapshot;
use kenshin_secrets::MASK;

const OS_RELEASE: &str = "cat_etc_os-release.txt";
const KERNEL: &str = "uname_-r.txt";
const HOSTNAME: &str = "uname_-n.txt";
const UPDATES: &str = "updates.txt";
const LAST_UPDATE: &str = "last_update.txt";
const AUTO_UPDATES: &str = "auto_updates.txt";
const SS: &str = "ss_-tulpn.txt";
const RUNNING: &str = "systemctl_running.txt";
const PASSWD: &str = "getent_passwd.txt";
const GROUP: &str = "getent_group.txt";
const STATUS: &str = "passwd_-S.txt";
const LASTLOG: &str = "lastlog.txt";
const SSHD: &str = "sshd_-T.txt";
const SSHD_CONFIG: &str = "sshd_config.txt";
const FIREWALL: &str = "firewall.txt";
const AUTH: &str = "auth_policy.txt";
const SYSLOG: &str = "syslog.txt";
const NTP: &str = "ntp.txt";
const AUDIT: &str = "audit.txt";
const USB: &str = "usb_storage.txt";
const IP_ADDR: &str = "ip_addr.txt";
const SNMPD: &str = "snmpd.txt";

/// Shared start of every script: C locale (dates and messages in English), the sbin
/// directories in `PATH`, `run` (through `sudo -n` when sudo allows the exact command
/// without a password, otherwise as the login) and `m` (a marker line).
macro_rules! prelude {
    () => {
        "LC_ALL=C; PATH=/usr/local/sbin:/usr/sbin:/sbin:$PATH; export LC_ALL PATH; \
         run() { if sudo -n -l \"$@\" >/dev/null 2>&1; then sudo -n \"$@\"; else \"$@\"; fi; }; \
         m() { echo \"# kenshin: $*\"; }; "
    };
}

/// A `sh -c` script: the prelude, the body, and the end marker.
macro_rules! script {
    ($($body:expr),* $(,)?) => {
        concat!("sh -c '", prelude!(), $($body,)* " m end'")
    };
}

/// Prints the non-comment lines of each existing file, under a `file PATH` marker.
macro_rules! files {
    ($list:literal) => {
        concat!(
            "for f in ",
            $list,
            "; do [ -e \"$f\" ] || continue; m file $f; grep -v -E \"^[[:space:]]*(#|$)\" \"$f\" 2>&1; done;"
        )
    };
}

pub(super) const COMMANDS: &[Command] = &[
    cmd("cat /etc/os-release", OS_RELEASE),
    cmd("uname -r", KERNEL),
    cmd("uname -n", HOSTNAME),
    cmd(
        script!(
            "if command -v apt-get >/dev/null 2>&1; then m apt list --upgradable; apt list --upgradable 2>/dev/null; ",
            "elif command -v dnf >/dev/null 2>&1; then m dnf updateinfo list --security; run dnf -q -C updateinfo list --security 2>&1; ",
            "m dnf check-update; run dnf -q -C check-update 2>&1; ",
            "elif command -v yum >/dev/null 2>&1; then m yum updateinfo list security; run yum -q -C updateinfo list security 2>&1; ",
            "m yum check-update; run yum -q -C check-update 2>&1; ",
            "else m no package manager; fi; ",
            "m package lists; find /var/lib/apt/lists /var/lib/apt/periodic /var/cache/dnf /var/cache/yum /var/cache/libdnf5 ",
            "-maxdepth 4 \\( -name \"*Release\" -o -name update-success-stamp -o -name repomd.xml \\) ",
            "-printf \"%TY-%Tm-%Td %p\\n\" 2>/dev/null | sort | tail -n 30;"
        ),
        UPDATES,
    ),
    cmd(
        script!(
            "if command -v dpkg >/dev/null 2>&1; then m dpkg.log; for f in /var/log/dpkg.log*; do [ -r \"$f\" ] && zcat -f \"$f\"; done 2>/dev/null ",
            "| grep \" status installed \" | sort | tail -n 1; ",
            "m dpkg info; ls -lt --time-style=+%Y-%m-%d /var/lib/dpkg/info 2>&1 | grep -E \"[.]list$|denied\" | head -n 1; ",
            "elif command -v rpm >/dev/null 2>&1; then m rpm installtime; ",
            "rpm -qa --qf \"%{INSTALLTIME} %{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\\n\" 2>&1 | sort -n | tail -n 1; fi;"
        ),
        LAST_UPDATE,
    ),
    cmd(
        script!(
            "m systemctl is-enabled; for u in unattended-upgrades.service apt-daily-upgrade.timer dnf-automatic.timer ",
            "dnf-automatic-install.timer yum-cron.service; do s=$(systemctl is-enabled \"$u\" 2>/dev/null); echo \"$u ${s:-not-found}\"; done; ",
            "if command -v apt-config >/dev/null 2>&1; then m apt-config; apt-config dump APT::Periodic 2>&1; fi; ",
            "m automatic.conf; grep -h -E \"^[[:space:]]*apply_updates[[:space:]]*=\" /etc/dnf/automatic.conf /etc/yum/yum-cron.conf 2>/dev/null;"
        ),
        AUTO_UPDATES,
    ),
    cmd(script!("m ss -tulpn; run ss -tulpn 2>&1;"), SS),
    cmd(
        script!(
            "m systemctl list-units; systemctl list-units --type=service --state=running --no-legend --plain --no-pager 2>&1; ",
            "m clamav database; find /var/lib/clamav -maxdepth 1 \\( -name \"daily.cvd\" -o -name \"daily.cld\" \\) ",
            "-printf \"%TY-%Tm-%Td %p\\n\" 2>/dev/null | sort | tail -n 1;"
        ),
        RUNNING,
    ),
    cmd(script!("m getent passwd; getent passwd 2>&1;"), PASSWD),
    cmd(script!("m getent group; getent group 2>&1;"), GROUP),
    cmd(
        script!(
            "if passwd --help 2>&1 | grep -q -e --all; then m passwd -S -a; run passwd -S -a 2>&1; ",
            "else m passwd -S; for u in $(getent passwd | awk -F: \"\\$3==0 || \\$3>=1000 || \\$7 !~ /(nologin|false|sync|shutdown|halt)\\$/ {print \\$1}\"); ",
            "do run passwd -S \"$u\" 2>&1; done; fi;"
        ),
        STATUS,
    ),
    cmd(
        script!(
            "if command -v lastlog >/dev/null 2>&1; then m lastlog; lastlog 2>&1; ",
            "elif command -v lastlog2 >/dev/null 2>&1; then m lastlog2; lastlog2 2>&1; ",
            "else m last -F; last -F -w 2>&1; fi; m tz $(date +%z);"
        ),
        LASTLOG,
    ),
    cmd(script!("m sshd -T; run sshd -T 2>&1;"), SSHD),
    cmd(
        script!(
            "for f in /etc/ssh/sshd_config /etc/ssh/sshd_config.d/*.conf; do [ -e \"$f\" ] || continue; m file $f; ",
            "if [ -r \"$f\" ]; then grep -i -E \"^[[:space:]]*(match|allowusers|allowgroups|denyusers|denygroups|permitrootlogin|passwordauthentication)[[:space:]]\" \"$f\"; ",
            "else echo \"$f: Permission denied\"; fi; done;"
        ),
        SSHD_CONFIG,
    ),
    cmd(
        script!(
            "m firewalld $(systemctl is-active firewalld 2>/dev/null); ",
            "if command -v firewall-cmd >/dev/null 2>&1 && systemctl is-active -q firewalld 2>/dev/null; then ",
            "m firewall-cmd --list-all-zones; run firewall-cmd --list-all-zones 2>&1; fi; ",
            "if command -v nft >/dev/null 2>&1; then m nft list ruleset; run nft list ruleset 2>&1; fi; ",
            "if command -v iptables-save >/dev/null 2>&1; then m iptables-save; run iptables-save 2>&1; ",
            "m ip6tables-save; run ip6tables-save 2>&1; fi;"
        ),
        FIREWALL,
    ),
    cmd(
        script!(files!(
            "/etc/security/pwquality.conf /etc/security/pwquality.conf.d/*.conf /etc/login.defs /etc/security/faillock.conf \
             /etc/pam.d/common-password /etc/pam.d/common-auth /etc/pam.d/system-auth /etc/pam.d/password-auth /etc/pam.d/sshd"
        )),
        AUTH,
    ),
    cmd(
        script!(
            "m rsyslog $(systemctl is-active rsyslog 2>/dev/null); ",
            files!("/etc/rsyslog.conf /etc/rsyslog.d/*.conf"),
            " m syslog-ng $(systemctl is-active syslog-ng 2>/dev/null); ",
            files!("/etc/syslog-ng/syslog-ng.conf /etc/syslog-ng/conf.d/*.conf"),
            " m journal-upload $(systemctl is-active systemd-journal-upload 2>/dev/null); ",
            files!("/etc/systemd/journal-upload.conf /etc/systemd/journal-upload.conf.d/*.conf")
        ),
        SYSLOG,
    ),
    cmd(
        script!(
            "if command -v chronyc >/dev/null 2>&1; then m chronyc -n sources; chronyc -n sources 2>&1; fi; ",
            "if command -v ntpq >/dev/null 2>&1; then m ntpq -pn; ntpq -pn 2>&1; fi; ",
            "m timesyncd $(systemctl is-active systemd-timesyncd 2>/dev/null); ",
            "timedatectl show-timesync --property=ServerName --property=SystemNTPServers 2>/dev/null;"
        ),
        NTP,
    ),
    cmd(
        script!(
            "m auditd $(systemctl is-active auditd 2>/dev/null); m auditctl -l; run auditctl -l 2>&1; ",
            "m auditd.conf; run cat /etc/audit/auditd.conf 2>&1 | grep -v -E \"^[[:space:]]*(#|$)\";"
        ),
        AUDIT,
    ),
    cmd(
        script!(
            "m modprobe --showconfig; modprobe --showconfig 2>&1 | grep -E \"^(blacklist|install|softdep) (usb[_-]storage|uas)( |$)|^modprobe:|not found\"; ",
            "m lsmod; grep -E \"^(usb_storage|uas) \" /proc/modules 2>&1;"
        ),
        USB,
    ),
    cmd(script!("m ip -o addr show; ip -o addr show 2>&1;"), IP_ADDR),
    cmd(
        script!(
            "if [ -e /etc/snmp/snmpd.conf ]; then m file /etc/snmp/snmpd.conf; ",
            "run cat /etc/snmp/snmpd.conf 2>&1 | grep -v -E \"^[[:space:]]*(#|$)\"; else m no snmpd.conf; fi;"
        ),
        SNMPD,
    ),
];

/// Whether the snapshot is a Linux host's (`platform = "auto"`): an os-release file.
pub(super) fn recognises(snapshot: &Snapshot) -> bool {
    snapshot.artifact(OS_RELEASE).is_some_and(|t| {
        let lines: Vec<&str> = t.lines().map(str::trim).collect();
        lines.iter().any(|l| l.starts_with("ID="))
            && lines.iter().any(|l| l.starts_with("NAME=") || l.starts_with("PRETTY_NAME="))
    })
}

// ---------------------------------------------------------------- artifacts and sections

const MARKER: &str = "# kenshin: ";

/// One tool's output inside a script artifact.
struct Section<'a> {
    /// The marker text after `# kenshin: ` (`apt list --upgradable`, `file /etc/login.defs`).
    title: &'a str,
    line: u32,
    lines: Vec<(u32, &'a str)>,
}

impl<'a> Section<'a> {
    /// The first line showing that the tool did not run or was refused.
    fn error(&self) -> Option<(u32, &'a str)> {
        self.lines.iter().copied().find(|(_, l)| is_error(l))
    }

    /// The title after `prefix ` (`firewalld active` → `active`).
    fn arg(&self) -> &'a str {
        self.title.split_once(' ').map_or("", |(_, a)| a.trim())
    }

    /// The marker line to the section's last line.
    fn span(&self) -> (u32, u32) {
        (self.line, self.lines.last().map_or(self.line, |(n, _)| *n))
    }
}

/// Lines in which a shell, sudo or a tool says it could not do its work.
fn is_error(l: &str) -> bool {
    let t = l.trim();
    t.starts_with("sudo: ")
        || t.ends_with(": not found")
        || t.ends_with("command not found")
        || t.contains("Permission denied")
        || t.contains("Operation not permitted")
        || t.starts_with("Error:")
        || t.starts_with("error:")
        || t.contains("must be run as root")
        // `passwd: You may not view ...` (masked as a `passwd: VALUE` pair when stored).
        || t.starts_with("passwd: ")
        || t.contains("Only root can do that")
        || t.contains("must be root")
        || t.starts_with("Failed to ")
        || t.starts_with("System has not been booted with systemd")
}

/// A script artifact split at its marker lines.
struct Script<'a> {
    name: &'static str,
    /// Lines before the first marker, then one section per marker.
    sections: Vec<Section<'a>>,
    /// The end marker was reached: the artifact is whole.
    complete: bool,
    last: u32,
}

/// Artifacts of one tool each, and the marker their plain output stands for: a
/// snapshot made by hand (`sshd -T > sshd_-T.txt`) has no markers.
const PLAIN: &[(&str, &str)] = &[
    (SS, "ss -tulpn"),
    (RUNNING, "systemctl list-units"),
    (PASSWD, "getent passwd"),
    (GROUP, "getent group"),
    (STATUS, "passwd -S"),
    (LASTLOG, "lastlog"),
    (SSHD, "sshd -T"),
    (IP_ADDR, "ip -o addr show"),
];

impl<'a> Script<'a> {
    fn read(name: &'static str, text: &'a str) -> Script<'a> {
        let mut sections = vec![Section { title: "", line: 1, lines: Vec::new() }];
        let mut complete = false;
        let cut = !text.ends_with('\n');
        let all: Vec<(u32, &str)> = numbered(text).collect();
        let last = all.last().map_or(0, |(n, _)| *n);
        for (no, l) in all {
            // A last line without its newline was cut in the middle: never read it.
            if cut && no == last {
                break;
            }
            if let Some(title) = l.strip_prefix(MARKER) {
                if title.trim() == "end" {
                    complete = true;
                    break;
                }
                sections.push(Section { title: title.trim(), line: no, lines: Vec::new() });
            } else if let Some(s) = sections.last_mut() {
                s.lines.push((no, l));
            }
        }
        // No marker at all: the plain output of the artifact's one tool, whole when it
        // ends in a newline.
        if sections.len() == 1
            && let Some((_, title)) = PLAIN.iter().find(|(n, _)| *n == name)
        {
            sections[0].title = title;
            complete = !cut && !text.trim().is_empty();
        }
        Script { name, sections, complete, last }
    }

    /// The first section whose title starts with `prefix`.
    fn section(&self, prefix: &str) -> Option<&Section<'a>> {
        self.sections.iter().find(|s| !s.title.is_empty() && s.title.starts_with(prefix))
    }

    fn sections(&self, prefix: &'a str) -> impl Iterator<Item = &Section<'a>> + '_ {
        self.sections.iter().filter(move |s| !s.title.is_empty() && s.title.starts_with(prefix))
    }

    fn ev(&self, line: u32) -> Evidence {
        Evidence::line(self.name, line)
    }

    fn ev_section(&self, s: &Section<'_>) -> Evidence {
        let (first, last) = s.span();
        Evidence::lines(self.name, first, last)
    }
}

/// Reads a script artifact, or notes it missing / cut off and marks `paths` unknown.
fn script<'a>(
    snapshot: &'a Snapshot,
    name: &'static str,
    facts: &mut Facts,
    notes: &mut Vec<String>,
    paths: &[&str],
) -> Option<Script<'a>> {
    let Some(text) = snapshot.artifact(name) else {
        if paths.is_empty() {
            notes.push(format!("artifact {name} missing"));
        } else {
            notes.push(format!("artifact {name} missing: {} unknown", paths.join(", ")));
        }
        for p in paths {
            facts.mark_unknown(*p);
        }
        return None;
    };
    let s = Script::read(name, text);
    if !s.complete {
        notes.push(format!("{name}: no end marker, the output looks cut off; facts concluded from absent lines are unknown"));
    }
    Some(s)
}

/// `Evidence` lines of one artifact.
fn evs(name: &str, lines: impl IntoIterator<Item = u32>) -> Vec<Evidence> {
    let mut v: Vec<u32> = lines.into_iter().collect();
    v.sort_unstable();
    v.dedup();
    v.into_iter().map(|l| Evidence::line(name, l)).collect()
}

// ---------------------------------------------------------------- dates

fn month(m: &str) -> Option<u32> {
    let i = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].iter().position(|x| *x == m)?;
    u32::try_from(i + 1).ok()
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Unix time → `YYYY-MM-DD` (UTC).
fn epoch_date(secs: i64) -> String {
    let (y, m, d) = civil(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `+0900` → `+09:00`.
fn tz_offset(z: &str) -> Option<String> {
    let (sign, digits) = z.split_at_checked(1)?;
    if !matches!(sign, "+" | "-") || digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{sign}{}:{}", &digits[..2], &digits[2..]))
}

/// `Mon Apr 1 09:12:33 +0900 2024` (lastlog) or `Mon Apr 1 09:12:33 2024` with the
/// zone given apart (`last -F`) → RFC 3339.
fn ctime_rfc3339(words: &[&str], zone: Option<&str>) -> Option<String> {
    let (mon, day, time, tz, year) = match words {
        [_, mon, day, time, tz, year] => (*mon, *day, *time, Some(*tz), *year),
        [_, mon, day, time, year] => (*mon, *day, *time, zone, *year),
        _ => return None,
    };
    let m = month(mon)?;
    let d: u32 = day.parse().ok()?;
    let y: u32 = year.parse().ok()?;
    let hms: Vec<u32> = time.split(':').map(|x| x.parse().ok()).collect::<Option<Vec<_>>>()?;
    let [h, mi, s] = hms[..] else { return None };
    if !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let offset = tz_offset(tz?)?;
    Some(format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}{offset}"))
}

// ---------------------------------------------------------------- entry point

pub(super) fn parse(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) {
    firmware(snapshot, facts, notes);
    if let Some(name) = snapshot.artifact(HOSTNAME).and_then(|t| t.lines().next()).map(str::trim).filter(|h| !h.is_empty()) {
        facts.device.hostname = Some(name.to_string());
    }
    let mut host = Host::default();
    let sshd = Sshd::read(snapshot, notes);
    let socks = read_sockets(snapshot, &mut host, facts, notes);
    let fw = Firewall::read(snapshot, facts, notes);
    let addrs = interfaces(snapshot, facts, notes);
    read_running(snapshot, &mut host, facts, notes);
    services(&socks, &sshd, &fw, &addrs, facts, notes);
    remote_access(&socks, &fw, facts);
    snmp(snapshot, &socks, &fw, facts, notes);
    // Who may reach sshd: `None` when it does not listen or that is unknown.
    let ssh: Vec<&ManagementAccess> = facts.management_access.iter().filter(|m| m.service == ServiceName::Ssh).collect();
    let ssh_sources = (!ssh.is_empty()).then(|| ssh.iter().flat_map(|m| m.sources.clone()).collect::<Vec<String>>());
    accounts(snapshot, &sshd, ssh_sources.as_deref(), &mut host, facts, notes);
    auth_policy(snapshot, facts, notes);
    logging(snapshot, facts, notes);
    updates(snapshot, &mut host, facts, notes);
    audit(snapshot, &mut host, facts, notes);
    usb_storage(snapshot, &mut host, facts, notes);
    facts.host = Some(host);
}

// ---------------------------------------------------------------- firmware

/// `KEY=value`, `KEY="value"` or `KEY='value'` of os-release (shell-style quoting).
fn os_release_value(raw: &str) -> String {
    let v = raw.trim();
    if let Some(inner) = v.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else {
                out.push(c);
            }
        }
        return out;
    }
    v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')).unwrap_or(v).to_string()
}

/// The fields of an os-release file with their lines.
pub(crate) fn os_release(text: &str) -> BTreeMap<String, (String, u32, String)> {
    let mut out = BTreeMap::new();
    for (no, l) in numbered(text) {
        let l = l.trim();
        if l.starts_with('#') {
            continue;
        }
        if let Some((k, v)) = l.split_once('=')
            && !k.is_empty()
            && k.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        {
            out.entry(k.to_string()).or_insert((os_release_value(v), no, l.to_string()));
        }
    }
    out
}

fn firmware(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) {
    let Some(text) = snapshot.artifact(OS_RELEASE) else {
        notes.push(format!("artifact {OS_RELEASE} missing: firmware unknown"));
        facts.mark_unknown("firmware");
        return;
    };
    let f = os_release(text);
    let Some((id, id_line, _)) = f.get("ID") else {
        notes.push(format!("{OS_RELEASE}: no ID= line: firmware unknown"));
        facts.mark_unknown("firmware");
        return;
    };
    let mut evidence = vec![Evidence::line(OS_RELEASE, *id_line)];
    let model = f.get("PRETTY_NAME").or_else(|| f.get("NAME")).map(|(v, no, _)| {
        evidence.push(Evidence::line(OS_RELEASE, *no));
        v.clone()
    });
    // `dotted` is the version family for distribution releases: `12`, `22.04`, `9.3`,
    // `15.5`. The release is kept as the distribution writes it (`22.04`, not `22.4`):
    // it parses, and compares, as the same dotted version either way.
    let (version, raw) = match f.get("VERSION_ID") {
        Some((v, no, line)) => {
            evidence.push(Evidence::line(OS_RELEASE, *no));
            let ok = Version::parse(Family::Dotted, v).is_ok();
            if !ok {
                notes.push(format!("{OS_RELEASE}:{no}: VERSION_ID {v:?} is not a dotted release: firmware version unknown"));
                facts.mark_unknown("firmware.version");
            }
            (ok.then(|| v.clone()), line.clone())
        }
        None => {
            notes.push(format!("{OS_RELEASE}: no VERSION_ID= line (rolling or testing release): firmware version unknown"));
            facts.mark_unknown("firmware.version");
            (None, f.get("PRETTY_NAME").map(|(_, _, l)| l.clone()).unwrap_or_default())
        }
    };
    evidence.sort_by_key(|e| e.lines[0]);
    match snapshot.artifact(KERNEL).and_then(|t| t.lines().next()).map(str::trim).filter(|k| !k.is_empty()) {
        Some(kernel) => {
            notes.push(format!("kernel {kernel} ({KERNEL})"));
            evidence.push(Evidence::line(KERNEL, 1));
        }
        None => notes.push(format!("artifact {KERNEL} missing or empty: kernel release not known")),
    }
    let vendor = if id.is_empty() { "linux".to_string() } else { id.to_ascii_lowercase() };
    facts.firmware = Some(Firmware { vendor, os: Family::Dotted.os().to_string(), model, version, raw, evidence });
}

// ---------------------------------------------------------------- sshd

/// What `sshd -T` (and the `Match` lines of `sshd_config`) say.
#[derive(Default)]
struct Sshd {
    ports: Vec<(u16, u32)>,
    permit_root: Option<(String, u32)>,
    password_auth: Option<(bool, u32)>,
    /// `allowusers` patterns (`alice`, `bob@192.168.10.0/24`).
    allow_users: Vec<(String, u32)>,
    allow_groups: Vec<(String, u32)>,
    /// `Match` lines of the configuration files (`sshd_config.txt`), with the settings under them.
    matches: Vec<(String, u32, Vec<String>)>,
}

impl Sshd {
    fn read(snapshot: &Snapshot, notes: &mut Vec<String>) -> Sshd {
        let mut s = Sshd::default();
        match snapshot.artifact(SSHD).map(|t| Script::read(SSHD, t)) {
            None => notes.push(format!("artifact {SSHD} missing: sshd settings unknown")),
            Some(art) => match art.section("sshd -T") {
                Some(sec) if sec.error().is_none() && sec.lines.iter().any(|(_, l)| l.starts_with("port ")) => {
                    for (no, l) in &sec.lines {
                        let Some((k, v)) = l.trim().split_once(' ') else { continue };
                        let v = v.trim();
                        match k {
                            "port" => s.ports.extend(v.parse::<u16>().ok().map(|p| (p, *no))),
                            "permitrootlogin" => s.permit_root = Some((v.to_string(), *no)),
                            "passwordauthentication" => s.password_auth = Some((v == "yes", *no)),
                            "allowusers" => s.allow_users.extend(v.split_whitespace().map(|u| (u.to_string(), *no))),
                            "allowgroups" => s.allow_groups.extend(v.split_whitespace().map(|g| (g.to_string(), *no))),
                            _ => {}
                        }
                    }
                    if !art.complete {
                        notes.push(format!("{SSHD}: cut off: sshd settings after the cut are unknown"));
                    }
                }
                Some(sec) => {
                    // `sshd: no hostkeys available -- exiting.`: run without root.
                    let why = sec.error().or_else(|| sec.lines.first().copied()).map_or("no output", |(_, l)| l.trim());
                    notes.push(format!("{SSHD}: sshd -T did not run ({why}): sshd settings unknown"));
                }
                None => notes.push(format!("{SSHD}: no sshd -T output: sshd settings unknown")),
            },
        }
        if let Some(art) = snapshot.artifact(SSHD_CONFIG).map(|t| Script::read(SSHD_CONFIG, t)) {
            for sec in art.sections("file ") {
                let mut open: Option<usize> = None;
                for (no, l) in &sec.lines {
                    let t = l.trim();
                    if is_error(t) {
                        break;
                    }
                    let lower = t.to_ascii_lowercase();
                    if lower.starts_with("match ") {
                        s.matches.push((t.to_string(), *no, Vec::new()));
                        open = Some(s.matches.len() - 1);
                    } else if let Some(i) = open {
                        s.matches[i].2.push(t.to_string());
                    }
                }
            }
        }
        s
    }

    fn ports(&self) -> Vec<u16> {
        if self.ports.is_empty() { vec![22] } else { self.ports.iter().map(|(p, _)| *p).collect() }
    }

    /// Whether root may log in over SSH at all (`PermitRootLogin` other than `no`).
    fn root_login(&self) -> Option<bool> {
        self.permit_root.as_ref().map(|(v, _)| v != "no")
    }

    /// Sources `user` may log in from under `AllowUsers` (`None`: no AllowUsers, or
    /// the user matches a pattern without a host part).
    fn user_hosts(&self, user: &str) -> Option<Vec<String>> {
        if self.allow_users.is_empty() {
            return None;
        }
        let mut hosts = Vec::new();
        for (p, _) in &self.allow_users {
            let (u, h) = match p.split_once('@') {
                Some((u, h)) => (u, Some(h)),
                None => (p.as_str(), None),
            };
            if !wildcard(u, user) {
                continue;
            }
            match h {
                None => return None,
                Some(h) => hosts.extend(h.split(',').map(host_pattern)),
            }
        }
        Some(hosts)
    }
}

/// sshd's `*`/`?` patterns, matched in linear time (greedy with one backtrack point).
fn wildcard(pattern: &str, s: &str) -> bool {
    let (p, s) = (pattern.as_bytes(), s.as_bytes());
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi] == s[si]) {
            pi += 1;
            si += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, si));
            pi += 1;
        } else if let Some((sp, ss)) = star {
            pi = sp + 1;
            si = ss + 1;
            star = Some((sp, ss + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == b'*')
}

/// An sshd host pattern as a source: a CIDR or address, `192.168.10.*` as a /24,
/// anything else (a host name) unresolved.
fn host_pattern(h: &str) -> String {
    if h == "*" {
        return ANY_SOURCE.to_string();
    }
    if let Ok(n) = h.parse::<IpNet>() {
        return if n.prefix_len() == 0 { ANY_SOURCE.to_string() } else { n.trunc().to_string() };
    }
    if let Ok(a) = h.parse::<IpAddr>() {
        return IpNet::from(a).to_string();
    }
    let parts: Vec<&str> = h.split('.').collect();
    if parts.len() == 4 && parts.last() == Some(&"*") {
        let fixed = parts.iter().take_while(|p| **p != "*").count();
        if parts[fixed..].iter().all(|p| *p == "*") && parts[..fixed].iter().all(|p| p.parse::<u8>().is_ok()) {
            let mut octets = parts[..fixed].to_vec();
            octets.resize(4, "0");
            if fixed == 0 {
                return ANY_SOURCE.to_string();
            }
            return format!("{}/{}", octets.join("."), fixed * 8);
        }
    }
    format!("host:{h}")
}

// ---------------------------------------------------------------- sockets

/// One listening socket of `ss -tulpn`.
struct Sock {
    proto: Proto,
    port: u16,
    address: String,
    process: Option<String>,
    line: u32,
    fams: Vec<Fam>,
    loopback: bool,
    /// Bound to every address of its family (`0.0.0.0`, `::`, `*`).
    wildcard: bool,
}

struct Sockets {
    list: Vec<Sock>,
    /// The socket list is complete: an absent port is not listening.
    complete: bool,
    art: Option<(u32, u32)>,
}

/// `users:(("sshd",pid=812,fd=3))` → `sshd`.
fn ss_process(s: &str) -> Option<String> {
    let start = s.find("((\"")? + 3;
    let end = s[start..].find('"')? + start;
    Some(s[start..end].to_string())
}

fn read_sockets(snapshot: &Snapshot, host: &mut Host, facts: &mut Facts, notes: &mut Vec<String>) -> Sockets {
    let mut out = Sockets { list: Vec::new(), complete: false, art: None };
    let Some(art) = script(snapshot, SS, facts, notes, &["host.listening"]) else { return out };
    let Some(sec) = art.section("ss") else {
        notes.push(format!("{SS}: no ss output: listening sockets unknown"));
        facts.mark_unknown("host.listening");
        return out;
    };
    if let Some((no, l)) = sec.error() {
        notes.push(format!("{SS}:{no}: ss did not run ({}): listening sockets unknown", l.trim()));
        facts.mark_unknown("host.listening");
        return out;
    }
    let mut header = false;
    for (no, l) in &sec.lines {
        let w: Vec<&str> = l.split_whitespace().collect();
        if w.first() == Some(&"Netid") {
            header = true;
            continue;
        }
        let (Some(netid), Some(local)) = (w.first(), w.get(4)) else { continue };
        let proto = match *netid {
            "tcp" => Proto::Tcp,
            "udp" => Proto::Udp,
            _ => continue,
        };
        let Some((addr, port)) = local.rsplit_once(':') else { continue };
        let Ok(port) = port.parse::<u16>() else { continue };
        let addr = addr.split('%').next().unwrap_or(addr).trim_start_matches('[').trim_end_matches(']');
        let process = w.get(6).and_then(|p| ss_process(p));
        let (fams, wildcard) = match addr {
            "*" => (vec![Fam::V4, Fam::V6], true),
            "0.0.0.0" => (vec![Fam::V4], true),
            // A v6 wildcard socket also takes IPv4 unless it is v6-only, which ss does not say.
            "::" => (vec![Fam::V4, Fam::V6], true),
            a if a.starts_with("::ffff:") => (vec![Fam::V4], false),
            a if a.contains(':') => (vec![Fam::V6], false),
            _ => (vec![Fam::V4], false),
        };
        let listener = Listener {
            protocol: proto.name().into(),
            address: addr.to_string(),
            port,
            process: process.clone(),
            evidence: vec![art.ev(*no)],
        };
        let loopback = listener.is_loopback();
        host.listening.push(listener);
        out.list.push(Sock { proto, port, address: addr.to_string(), process, line: *no, fams, loopback, wildcard });
    }
    if !header {
        notes.push(format!("{SS}: no ss header line: the socket list may be incomplete"));
    }
    out.complete = art.complete && header;
    if !out.complete {
        facts.mark_unknown("host.listening");
    }
    out.art = Some((1, art.last.max(1)));
    out
}

// ---------------------------------------------------------------- firewall

/// The host firewall, as far as `firewall.txt` shows it.
enum Firewall {
    Zones(Vec<Zone>),
    Rules(Ruleset),
    /// No filtering rule at all: every port is open to anyone.
    Open(Vec<u32>),
    Unknown,
}

impl Firewall {
    fn read(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) -> Firewall {
        let Some(art) = snapshot.artifact(FIREWALL).map(|t| Script::read(FIREWALL, t)) else {
            notes.push(format!("artifact {FIREWALL} missing: who may reach the host's services is unknown"));
            facts.mark_unknown("management_access");
            return Firewall::Unknown;
        };
        let unknown = |facts: &mut Facts, notes: &mut Vec<String>, why: String| {
            notes.push(format!("{FIREWALL}: {why}: who may reach the host's services is unknown"));
            facts.mark_unknown("management_access");
            Firewall::Unknown
        };
        if !art.complete {
            return unknown(facts, notes, "cut off".into());
        }
        let firewalld_active = art.section("firewalld").is_some_and(|s| s.arg() == "active");
        if firewalld_active {
            return match art.section("firewall-cmd") {
                Some(sec) if sec.error().is_none() => {
                    let zones = firewall::parse_zones(sec.lines.iter().copied());
                    let odd = firewall::unknown_services(&zones);
                    if !odd.is_empty() {
                        notes.push(format!(
                            "{FIREWALL}: firewalld services {} are not known to kenshin: the ports they open are not counted",
                            odd.join(", ")
                        ));
                    }
                    Firewall::Zones(zones)
                }
                Some(sec) => {
                    let why = sec.error().map_or("", |(_, l)| l).trim().to_string();
                    unknown(facts, notes, format!("firewalld is active but its zones could not be read ({why})"))
                }
                None => unknown(facts, notes, "firewalld is active but its zones were not listed".into()),
            };
        }
        let mut failed: Vec<String> = Vec::new();
        let mut seen = Vec::new();
        if let Some(sec) = art.section("nft list ruleset") {
            seen.push(sec.line);
            match sec.error() {
                Some((_, l)) => failed.push(format!("nft: {}", l.trim())),
                None => {
                    let set = firewall::parse_nft(sec.lines.iter().copied());
                    if set.filters(Fam::V4) || set.filters(Fam::V6) {
                        return Firewall::Rules(set);
                    }
                }
            }
        }
        let mut set = Ruleset::default();
        for (title, fam) in [("iptables-save", Fam::V4), ("ip6tables-save", Fam::V6)] {
            if let Some(sec) = art.section(title) {
                seen.push(sec.line);
                match sec.error() {
                    Some((_, l)) => failed.push(format!("{title}: {}", l.trim())),
                    None => firewall::parse_iptables(sec.lines.iter().copied(), fam, &mut set),
                }
            }
        }
        if set.filters(Fam::V4) || set.filters(Fam::V6) {
            if !failed.is_empty() {
                notes.push(format!("{FIREWALL}: some rules could not be read ({})", failed.join("; ")));
            }
            return Firewall::Rules(set);
        }
        if !failed.is_empty() {
            return unknown(facts, notes, format!("the rules could not be read ({})", failed.join("; ")));
        }
        if seen.is_empty() {
            notes.push(format!("{FIREWALL}: neither firewalld, nft nor iptables is installed: no host firewall"));
        }
        Firewall::Open(seen)
    }

    /// Who may reach `proto` on `ports` over `fams`; `None` when unknown.
    fn reach(&self, proto: Proto, ports: &[u16], fams: &[Fam]) -> Option<Reach> {
        match self {
            Firewall::Zones(z) => Some(firewall::zones_reach(z, proto, ports)),
            Firewall::Rules(r) => Some(r.reach(proto, ports, fams)),
            Firewall::Open(lines) => Some(Reach { lines: lines.clone(), ..Reach::any() }),
            Firewall::Unknown => None,
        }
    }
}

// ---------------------------------------------------------------- interfaces

/// `ip -o addr show`: interfaces with their addresses; returns address → interface.
fn interfaces(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) -> Vec<(IpAddr, String)> {
    let mut map = Vec::new();
    let Some(art) = script(snapshot, IP_ADDR, facts, notes, &["interfaces"]) else { return map };
    let sec = match art.section("ip -o addr") {
        Some(s) if s.error().is_none() => s,
        other => {
            let why = other.and_then(|s| s.error()).map_or("no output", |(_, l)| l);
            notes.push(format!("{IP_ADDR}: ip did not run ({}): interfaces unknown", why.trim()));
            facts.mark_unknown("interfaces");
            return map;
        }
    };
    let mut list: Vec<Interface> = Vec::new();
    for (no, l) in &sec.lines {
        // `2: eth0    inet 192.168.10.20/24 brd 192.168.10.255 scope global eth0\ ...`
        let w: Vec<&str> = l.split_whitespace().collect();
        let (Some(name), Some(kind), Some(cidr)) = (w.get(1), w.get(2), w.get(3)) else { continue };
        if !matches!(*kind, "inet" | "inet6") || *name == "lo" {
            continue;
        }
        let Ok(net) = cidr.parse::<IpNet>() else { continue };
        map.push((net.addr(), name.to_string()));
        let i = match list.iter_mut().position(|i| i.name == *name) {
            Some(i) => i,
            None => {
                list.push(Interface {
                    name: name.to_string(),
                    role: InterfaceRole::Unknown,
                    addresses: Vec::new(),
                    description: None,
                    evidence: Vec::new(),
                });
                list.len() - 1
            }
        };
        list[i].addresses.push(net.to_string());
        list[i].evidence.push(art.ev(*no));
    }
    for i in &mut list {
        let nets: Vec<IpNet> = i.addresses.iter().filter_map(|a| a.parse().ok()).collect();
        let public = nets.iter().any(|n| is_public(n.addr()));
        let private = nets.iter().any(|n| matches!(n.addr(), IpAddr::V4(a) if a.is_private()));
        // A globally routable IPv4 address faces the internet; RFC 1918 addresses the LAN.
        i.role = if public {
            InterfaceRole::Wan
        } else if private {
            InterfaceRole::Lan
        } else {
            InterfaceRole::Unknown
        };
    }
    if !art.complete {
        facts.mark_unknown("interfaces");
    }
    facts.interfaces = list;
    map
}

/// A globally routable IPv4 address (IPv6 global addresses are common on LANs and
/// are not taken as internet-facing).
fn is_public(a: IpAddr) -> bool {
    match a {
        IpAddr::V4(v) => {
            let o = v.octets();
            let shared = o[0] == 100 && (64..128).contains(&o[1]);
            let benchmark = o[0] == 198 && (o[1] & 0xfe) == 18;
            // The documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24)
            // stand for public addresses wherever they appear, and count as such.
            !(v.is_private()
                || v.is_loopback()
                || v.is_link_local()
                || v.is_unspecified()
                || v.is_multicast()
                || shared
                || benchmark)
        }
        IpAddr::V6(_) => false,
    }
}

// ---------------------------------------------------------------- running services

/// Endpoint protection products by the systemd unit that runs them: (unit prefix,
/// product, on-access scanning).
const PROTECTION: &[(&str, &str, Option<bool>)] = &[
    ("clamav-clamonacc", "ClamAV", Some(true)),
    ("clamonacc", "ClamAV", Some(true)),
    ("clamav-daemon", "ClamAV", Some(false)),
    ("clamd", "ClamAV", Some(false)),
    ("mdatp", "Microsoft Defender for Endpoint", None),
    ("falcon-sensor", "CrowdStrike Falcon", None),
    ("ds_agent", "Trend Micro Deep Security Agent", None),
    ("sentinelone", "SentinelOne", None),
    ("sophos-spl", "Sophos Protection for Linux", None),
    ("esets", "ESET Server Security", None),
    ("efs", "ESET Server Security", None),
    ("mfetpd", "Trellix Endpoint Security", None),
    ("cylancesvc", "Cylance PROTECT", None),
];

/// `systemctl list-units --state=running`: running services, and antivirus when one
/// is seen.
fn read_running(snapshot: &Snapshot, host: &mut Host, facts: &mut Facts, notes: &mut Vec<String>) {
    let Some(art) = script(snapshot, RUNNING, facts, notes, &["host.running", "host.antivirus"]) else { return };
    let sec = match art.section("systemctl") {
        Some(s) if s.error().is_none() => s,
        other => {
            let why = other.and_then(|s| s.error()).map_or("no output", |(_, l)| l);
            notes.push(format!("{RUNNING}: systemctl did not run ({}): running services unknown", why.trim()));
            facts.mark_unknown("host.running");
            facts.mark_unknown("host.antivirus");
            return;
        }
    };
    let mut av: Option<Antivirus> = None;
    for (no, l) in &sec.lines {
        // `sshd.service loaded active running OpenSSH server daemon`
        let w: Vec<&str> = l.split_whitespace().collect();
        let [unit, _load, _active, sub, ..] = w[..] else { continue };
        if !unit.ends_with(".service") || sub != "running" {
            continue;
        }
        let description = w[4..].join(" ");
        host.running.push(RunningSoftware {
            name: unit.to_string(),
            display_name: (!description.is_empty()).then_some(description),
            evidence: vec![art.ev(*no)],
        });
        let base = unit.trim_end_matches(".service");
        let base = base.split('@').next().unwrap_or(base);
        if let Some((_, product, realtime)) = PROTECTION.iter().find(|(u, _, _)| base == *u) {
            match &mut av {
                Some(a) if a.product == *product => {
                    a.realtime = match (a.realtime, realtime) {
                        (Some(x), Some(y)) => Some(x || *y),
                        (x, y) => x.or(*y),
                    };
                    a.evidence.push(art.ev(*no));
                }
                Some(_) => {}
                None => {
                    av = Some(Antivirus {
                        product: product.to_string(),
                        realtime: *realtime,
                        signatures_date: None,
                        signatures_current: None,
                        evidence: vec![art.ev(*no)],
                    })
                }
            }
        }
    }
    // ClamAV's daily database is rewritten by each freshclam update that brings news.
    if let Some(a) = av.as_mut().filter(|a| a.product == "ClamAV")
        && let Some((no, date)) = art
            .section("clamav database")
            .and_then(|s| s.lines.iter().find_map(|(no, l)| l.split_whitespace().next().filter(|d| is_date(d)).map(|d| (*no, d))))
    {
        a.signatures_date = Some(date.to_string());
        a.evidence.push(art.ev(no));
    }
    host.antivirus = av;
    if !art.complete {
        facts.mark_unknown("host.running");
        if host.antivirus.is_none() {
            facts.mark_unknown("host.antivirus");
        }
    }
}

// ---------------------------------------------------------------- services

/// A network service recognised by its port or its process name.
struct Known {
    name: ServiceName,
    proto: Proto,
    ports: &'static [(u16, u16)],
    processes: &'static [&'static str],
    /// A way to log in to or manage the host (gets a management-access entry).
    management: bool,
}

const KNOWN: &[Known] = &[
    Known {
        name: ServiceName::Telnet,
        proto: Proto::Tcp,
        ports: &[(23, 23)],
        processes: &["in.telnetd", "telnetd"],
        management: true,
    },
    Known {
        name: ServiceName::Ftp,
        proto: Proto::Tcp,
        ports: &[(21, 21)],
        processes: &["vsftpd", "proftpd", "pure-ftpd"],
        management: false,
    },
    // rexec, rlogin, rsh (TCP 514; UDP 514 is syslog).
    Known {
        name: ServiceName::Rsh,
        proto: Proto::Tcp,
        ports: &[(512, 514)],
        processes: &["in.rshd", "in.rlogind", "in.rexecd"],
        management: true,
    },
    Known {
        name: ServiceName::Vnc,
        proto: Proto::Tcp,
        ports: &[(5900, 5910)],
        processes: &["Xvnc", "x11vnc", "x0vncserver"],
        management: true,
    },
    Known { name: ServiceName::Rdp, proto: Proto::Tcp, ports: &[(3389, 3389)], processes: &["xrdp"], management: true },
    Known {
        name: ServiceName::Tftp,
        proto: Proto::Udp,
        ports: &[(69, 69)],
        processes: &["in.tftpd", "tftpd"],
        management: false,
    },
    Known { name: ServiceName::Snmp, proto: Proto::Udp, ports: &[(161, 161)], processes: &["snmpd"], management: true },
    Known { name: ServiceName::Http, proto: Proto::Tcp, ports: &[(80, 80), (8080, 8080)], processes: &[], management: false },
    Known { name: ServiceName::Https, proto: Proto::Tcp, ports: &[(443, 443), (8443, 8443)], processes: &[], management: false },
    Known {
        name: ServiceName::Smb,
        proto: Proto::Tcp,
        ports: &[(139, 139), (445, 445)],
        processes: &["smbd"],
        management: false,
    },
    Known { name: ServiceName::Finger, proto: Proto::Tcp, ports: &[(79, 79)], processes: &["in.fingerd"], management: false },
    Known {
        name: ServiceName::SmallServers,
        proto: Proto::Tcp,
        ports: &[(7, 7), (9, 9), (13, 13), (19, 19)],
        processes: &[],
        management: false,
    },
];

fn matches(k: &Known, s: &Sock, ports: &[(u16, u16)]) -> bool {
    (s.proto == k.proto && ports.iter().any(|(a, b)| (*a..=*b).contains(&s.port)))
        || s.process.as_deref().is_some_and(|p| k.processes.contains(&p))
}

fn services(socks: &Sockets, sshd: &Sshd, fw: &Firewall, addrs: &[(IpAddr, String)], facts: &mut Facts, notes: &mut Vec<String>) {
    let ssh_ports: Vec<(u16, u16)> = sshd.ports().iter().map(|p| (*p, *p)).collect();
    let ssh_known = Known { name: ServiceName::Ssh, proto: Proto::Tcp, ports: &[], processes: &["sshd"], management: true };
    let listed = socks.art.is_some();
    let mut entries: Vec<(&Known, Vec<(u16, u16)>)> = vec![(&ssh_known, ssh_ports)];
    entries.extend(KNOWN.iter().map(|k| (k, k.ports.to_vec())));
    for (k, ports) in entries {
        let name = k.name;
        let hits: Vec<&Sock> = socks.list.iter().filter(|s| matches(k, s, &ports)).collect();
        let open: Vec<&Sock> = hits.iter().copied().filter(|s| !s.loopback).collect();
        let mut evidence = evs(SS, hits.iter().map(|s| s.line));
        if open.is_empty() {
            if !socks.complete {
                facts.mark_unknown(format!("services.{}", name.as_str()));
                continue;
            }
            let detail = if hits.is_empty() {
                if let Some((a, b)) = socks.art {
                    evidence = vec![Evidence::lines(SS, a, b)];
                }
                "no listening socket (ss -tulpn)".to_string()
            } else {
                "listening on loopback only".to_string()
            };
            facts.services.push(Service { name, enabled: false, detail: Some(detail), evidence });
            continue;
        }
        let mut detail: Vec<String> = open
            .iter()
            .map(|s| {
                let who = s.process.as_deref().map(|p| format!(" ({p})")).unwrap_or_default();
                format!("{}/{} on {}{who}", s.proto.name(), s.port, s.address)
            })
            .collect();
        detail.dedup();
        let mut detail = detail.join(", ");
        if name == ServiceName::Ssh {
            if let Some((v, no)) = &sshd.permit_root {
                detail.push_str(&format!("; PermitRootLogin {v}"));
                evidence.push(Evidence::line(SSHD, *no));
            }
            if let Some((v, no)) = sshd.password_auth {
                detail.push_str(&format!("; PasswordAuthentication {}", if v { "yes" } else { "no" }));
                evidence.push(Evidence::line(SSHD, no));
            }
            for (key, list) in [("AllowUsers", &sshd.allow_users), ("AllowGroups", &sshd.allow_groups)] {
                if !list.is_empty() {
                    let names: Vec<&str> = list.iter().map(|(n, _)| n.as_str()).collect();
                    detail.push_str(&format!("; {key} {}", names.join(" ")));
                    evidence.extend(evs(SSHD, list.iter().map(|(_, no)| *no)));
                }
            }
            for (m, no, body) in &sshd.matches {
                detail.push_str(&format!("; {m} {{{}}} (not evaluated)", body.join("; ")));
                evidence.push(Evidence::line(SSHD_CONFIG, *no));
            }
            if sshd.root_login() == Some(true) && sshd.password_auth.is_some_and(|(p, _)| p) {
                notes.push(format!(
                    "{SSHD}: root may log in over SSH with a password (PermitRootLogin {})",
                    sshd.permit_root.as_ref().map_or("", |(v, _)| v.as_str())
                ));
            }
        }
        facts.services.push(Service { name, enabled: true, detail: Some(detail), evidence: evidence.clone() });
        if k.management {
            management(name, k.proto, &open, sshd, fw, addrs, facts);
        }
    }
    // SMB1 needs smb.conf, which is not collected: known only when SMB is off.
    match facts.service(ServiceName::Smb).map(|s| (s.enabled, s.evidence.clone())) {
        Some((false, evidence)) => facts.services.push(Service {
            name: ServiceName::Smb1,
            enabled: false,
            detail: Some("no SMB listener".into()),
            evidence,
        }),
        _ => facts.mark_unknown("services.smb1"),
    }
    if !listed {
        facts.mark_unknown("services");
    }
}

/// The management-access entry for a service listening on `open` sockets.
fn management(
    name: ServiceName,
    proto: Proto,
    open: &[&Sock],
    sshd: &Sshd,
    fw: &Firewall,
    addrs: &[(IpAddr, String)],
    facts: &mut Facts,
) {
    let mut ports: Vec<u16> = open.iter().map(|s| s.port).collect();
    ports.sort_unstable();
    ports.dedup();
    let mut fams: Vec<Fam> = open.iter().flat_map(|s| s.fams.iter().copied()).collect();
    fams.sort();
    fams.dedup();
    let Some(mut reach) = fw.reach(proto, &ports, &fams) else {
        facts.mark_unknown(format!("management_access.{}", name.as_str()));
        return;
    };
    let mut evidence = evs(SS, open.iter().map(|s| s.line));
    evidence.extend(evs(FIREWALL, reach.lines.iter().copied()));
    // sshd's own restriction: every AllowUsers pattern bound to hosts.
    if name == ServiceName::Ssh && reach.is_any() && !sshd.allow_users.is_empty() {
        let all_hosted = sshd.allow_users.iter().all(|(p, _)| p.contains('@'));
        if all_hosted {
            let mut hosts: Vec<String> = sshd
                .allow_users
                .iter()
                .filter_map(|(p, _)| p.split_once('@'))
                .flat_map(|(_, h)| h.split(',').map(host_pattern))
                .collect();
            hosts.dedup();
            if !hosts.iter().any(|h| h == ANY_SOURCE) {
                reach.sources = hosts;
                reach.restricted_by = Some("sshd AllowUsers".into());
                evidence.extend(evs(SSHD, sshd.allow_users.iter().map(|(_, no)| *no)));
            }
        }
    }
    // Bound to particular addresses: the interfaces holding them.
    let interface = if open.iter().any(|s| s.wildcard) {
        None
    } else {
        let mut names: Vec<String> = open
            .iter()
            .map(|s| {
                let ip = s.address.parse::<IpAddr>().ok();
                addrs.iter().find(|(a, _)| Some(*a) == ip).map_or_else(|| s.address.clone(), |(_, n)| n.clone())
            })
            .collect();
        names.sort();
        names.dedup();
        Some(names.join(","))
    };
    let interface = interface.or_else(|| (!reach.interfaces.is_empty()).then(|| reach.interfaces.join(",")));
    facts.management_access.push(ManagementAccess {
        service: name,
        interface,
        sources: reach.sources,
        restricted_by: reach.restricted_by,
        evidence,
    });
}

/// VPN servers by process: (process, kind).
const VPN: &[(&str, RemoteAccessKind)] = &[
    ("openvpn", RemoteAccessKind::SslVpn),
    ("charon", RemoteAccessKind::Ipsec),
    ("pluto", RemoteAccessKind::Ipsec),
    ("xl2tpd", RemoteAccessKind::L2tp),
    ("pptpd", RemoteAccessKind::Pptp),
];

/// VPN servers listening on the host, with the sources the firewall lets reach them.
fn remote_access(socks: &Sockets, fw: &Firewall, facts: &mut Facts) {
    let mut found: Vec<(RemoteAccessKind, String, &Sock)> = Vec::new();
    for s in socks.list.iter().filter(|s| !s.loopback) {
        let by_process = s.process.as_deref().and_then(|p| VPN.iter().find(|(n, _)| *n == p)).map(|(n, k)| (*k, n.to_string()));
        // WireGuard runs in the kernel: its socket has no process.
        let wireguard = (s.proto == Proto::Udp && s.port == 51820 && s.process.is_none())
            .then(|| (RemoteAccessKind::Other, "wireguard".to_string()));
        if let Some((kind, label)) = by_process.or(wireguard)
            && !found.iter().any(|(_, l, o)| *l == label && o.port == s.port)
        {
            found.push((kind, label, s));
        }
    }
    for (kind, label, s) in found {
        let Some(reach) = fw.reach(s.proto, &[s.port], &s.fams) else {
            facts.mark_unknown("remote_access");
            continue;
        };
        let mut evidence = vec![Evidence::line(SS, s.line)];
        evidence.extend(evs(FIREWALL, reach.lines.iter().copied()));
        facts.remote_access.push(RemoteAccess {
            kind,
            name: Some(format!("{label} {}/{}", s.proto.name(), s.port)),
            enabled: true,
            peer_sources: reach.sources,
            interface: None,
            two_factor: None,
            evidence,
        });
    }
    if !socks.complete {
        facts.mark_unknown("remote_access");
    }
}

// ---------------------------------------------------------------- snmp

/// SNMP communities and v3 users of Net-SNMP's `snmpd.conf`, when the agent listens.
fn snmp(snapshot: &Snapshot, socks: &Sockets, fw: &Firewall, facts: &mut Facts, notes: &mut Vec<String>) {
    let listening = facts.service(ServiceName::Snmp).map(|s| s.enabled);
    match listening {
        Some(false) => {
            facts.snmp = Some(Snmp::default());
            return;
        }
        None => {
            facts.mark_unknown("snmp");
            return;
        }
        Some(true) => {}
    }
    let Some(art) = script(snapshot, SNMPD, facts, notes, &["snmp.communities"]) else {
        facts.snmp = Some(Snmp::default());
        return;
    };
    let Some(sec) = art.section("file ") else {
        notes.push(format!("{SNMPD}: an SNMP agent listens but /etc/snmp/snmpd.conf is absent: communities unknown"));
        facts.mark_unknown("snmp.communities");
        facts.snmp = Some(Snmp::default());
        return;
    };
    if let Some((no, l)) = sec.error() {
        notes.push(format!("{SNMPD}:{no}: snmpd.conf could not be read ({}): communities unknown", l.trim()));
        facts.mark_unknown("snmp.communities");
        facts.snmp = Some(Snmp::default());
        return;
    }
    let defaults = snapshot.default_community_lines(SNMPD);
    let snmp_socks: Vec<&Sock> = socks.list.iter().filter(|s| s.proto == Proto::Udp && s.port == 161 && !s.loopback).collect();
    let mut fams: Vec<Fam> = snmp_socks.iter().flat_map(|s| s.fams.iter().copied()).collect();
    fams.sort();
    fams.dedup();
    let reach = fw.reach(Proto::Udp, &[161], &fams);
    let mut out = Snmp::default();
    let mut created: BTreeMap<String, (Option<String>, Option<String>, u32)> = BTreeMap::new();
    for (no, l) in &sec.lines {
        let w: Vec<&str> = l.split_whitespace().collect();
        let Some(first) = w.first() else { continue };
        let community = |access: SnmpAccess, name: &str, source: Option<&str>| {
            let configured = match source {
                None | Some("default") => ANY_SOURCE.to_string(),
                Some(s) => host_pattern(s),
            };
            // The agent's own source list, else what the firewall lets through.
            let sources = match (&reach, configured == ANY_SOURCE) {
                (Some(r), true) => r.sources.clone(),
                (None, true) => vec![ANY_SOURCE.to_string()],
                (_, false) => vec![configured],
            };
            let mut evidence = vec![art.ev(*no)];
            if let Some(r) = &reach {
                evidence.extend(evs(FIREWALL, r.lines.iter().copied()));
            }
            SnmpCommunity { access, sources, default_name: defaults.contains(no) || is_default_community(name), evidence }
        };
        match (*first, &w[1..]) {
            ("rocommunity" | "rocommunity6", [name, rest @ ..]) => {
                out.communities.push(community(SnmpAccess::Ro, name, rest.first().copied().filter(|s| !s.starts_with('-'))))
            }
            ("rwcommunity" | "rwcommunity6", [name, rest @ ..]) => {
                out.communities.push(community(SnmpAccess::Rw, name, rest.first().copied().filter(|s| !s.starts_with('-'))))
            }
            // `com2sec [-Cn CTX] SECNAME SOURCE COMMUNITY`: the access comes from group/view lines, read-only assumed.
            ("com2sec" | "com2sec6", rest) => {
                let rest = if rest.first() == Some(&"-Cn") { rest.get(2..).unwrap_or(&[]) } else { rest };
                if let [_, source, name, ..] = rest {
                    out.communities.push(community(SnmpAccess::Ro, name, Some(source)));
                }
            }
            ("createUser", rest) => {
                let rest = if rest.first() == Some(&"-e") { rest.get(2..).unwrap_or(&[]) } else { rest };
                if let [user, auth, tail @ ..] = rest {
                    let privacy = tail
                        .iter()
                        .skip(1)
                        .find(|x| matches!(x.to_ascii_uppercase().as_str(), "AES" | "DES" | "AES128" | "AES192" | "AES256"));
                    created.insert(
                        user.to_string(),
                        (Some(auth.to_ascii_lowercase()), privacy.map(|p| p.to_ascii_lowercase()), *no),
                    );
                }
            }
            ("rouser" | "rwuser", rest) => {
                let rest = if rest.first() == Some(&"-s") { rest.get(2..).unwrap_or(&[]) } else { rest };
                if let [user, tail @ ..] = rest {
                    let level = tail.first().copied().unwrap_or("auth");
                    let (auth, privacy) = match level {
                        "noauth" => (None, None),
                        "priv" | "authpriv" => (Some("unknown".to_string()), Some("unknown".to_string())),
                        _ => (Some("unknown".to_string()), None),
                    };
                    out.v3_users.push(SnmpV3User { name: user.to_string(), auth, privacy, evidence: vec![art.ev(*no)] });
                }
            }
            _ => {}
        }
    }
    // createUser lines name the protocols that `rouser` levels leave open.
    for u in &mut out.v3_users {
        if let Some((auth, privacy, no)) = created.get(&u.name) {
            if u.auth.is_some() {
                u.auth = auth.clone();
            }
            if u.privacy.is_some() {
                u.privacy = privacy.clone().or(u.privacy.take());
            }
            u.evidence.push(art.ev(*no));
        }
    }
    if !art.complete {
        facts.mark_unknown("snmp.communities");
    }
    facts.snmp = Some(out);
}

// ---------------------------------------------------------------- accounts

/// Shells that do not give a login session.
fn login_shell(shell: &str) -> bool {
    let base = shell.rsplit('/').next().unwrap_or(shell);
    !matches!(base, "nologin" | "false" | "sync" | "shutdown" | "halt" | "true")
}

/// What `passwd -S` says about a password.
#[derive(Debug, Clone, Copy, PartialEq)]
enum PwStatus {
    Set(PasswordStorage),
    Locked,
    Empty,
}

/// `passwd -S` status: `P`/`PS` set, `L`/`LK` locked, `NP` none. RHEL's `passwd` adds
/// the hash method in parentheses (`(Password set, SHA512 crypt.)`).
fn passwd_status(words: &[&str], line: &str) -> Option<PwStatus> {
    let weak = ["MD5 crypt", "DES crypt"].iter().any(|m| line.contains(m));
    match *words.get(1)? {
        "P" | "PS" => Some(PwStatus::Set(if weak { PasswordStorage::Weak } else { PasswordStorage::Strong })),
        "L" | "LK" => Some(PwStatus::Locked),
        "NP" => Some(PwStatus::Empty),
        _ => None,
    }
}

/// Password status per account, from `passwd -S -a` or `passwd -S USER` per account.
fn read_status(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) -> Option<BTreeMap<String, (PwStatus, u32)>> {
    let art = script(snapshot, STATUS, facts, notes, &[])?;
    let Some(sec) = art.section("passwd -S") else {
        notes.push(format!("{STATUS}: no passwd -S output: password states unknown"));
        return None;
    };
    if let Some((no, l)) = sec.error() {
        notes.push(format!("{STATUS}:{no}: password states could not be read ({}): add the sudoers line", l.trim()));
        return None;
    }
    let mut out = BTreeMap::new();
    for (no, l) in &sec.lines {
        let w: Vec<&str> = l.split_whitespace().collect();
        if let (Some(name), Some(s)) = (w.first(), passwd_status(&w, l)) {
            out.entry(name.to_string()).or_insert((s, *no));
        }
    }
    if out.is_empty() {
        notes.push(format!("{STATUS}: no password state recognised: password states unknown"));
        return None;
    }
    Some(out)
}

/// Last login per account from `lastlog`, `lastlog2` or `last -F`. `None` inside the
/// map: never logged in.
fn read_lastlog(
    snapshot: &Snapshot,
    facts: &mut Facts,
    notes: &mut Vec<String>,
) -> Option<BTreeMap<String, (Option<String>, u32)>> {
    let art = script(snapshot, LASTLOG, facts, notes, &[])?;
    let zone = art.section("tz").map(|s| s.arg().to_string());
    let (sec, last) = match (art.section("lastlog"), art.section("last -F")) {
        (Some(s), _) => (s, false),
        (None, Some(s)) => (s, true),
        (None, None) => {
            notes.push(format!("{LASTLOG}: no lastlog output: last logins unknown"));
            return None;
        }
    };
    if let Some((no, l)) = sec.error() {
        notes.push(format!("{LASTLOG}:{no}: last logins could not be read ({})", l.trim()));
        return None;
    }
    let mut out = BTreeMap::new();
    for (no, l) in &sec.lines {
        let w: Vec<&str> = l.split_whitespace().collect();
        let Some(name) = w.first() else { continue };
        if *name == "Username" || *name == "reboot" || *name == "wtmp" || out.contains_key(*name) {
            continue;
        }
        if l.contains("**Never logged in**") {
            out.insert(name.to_string(), (None, *no));
            continue;
        }
        let at = if last {
            // `alice pts/0 192.168.10.5 Mon Apr  1 09:12:33 2024 - ...`
            w.iter()
                .position(|x| matches!(*x, "Mon" | "Tue" | "Wed" | "Thu" | "Fri" | "Sat" | "Sun"))
                .and_then(|i| w.get(i..i + 5))
        } else {
            w.len().checked_sub(6).and_then(|i| w.get(i..))
        };
        if let Some(t) = at.and_then(|t| ctime_rfc3339(t, zone.as_deref())) {
            out.insert(name.to_string(), (Some(t), *no));
        }
    }
    Some(out)
}

/// Groups whose members administer the host through sudo.
const ADMIN_GROUPS: &[&str] = &["sudo", "wheel", "admin"];

fn accounts(
    snapshot: &Snapshot,
    sshd: &Sshd,
    ssh_sources: Option<&[String]>,
    host: &mut Host,
    facts: &mut Facts,
    notes: &mut Vec<String>,
) {
    let Some(pw) = script(snapshot, PASSWD, facts, notes, &["accounts", "host.admin_group"]) else { return };
    let Some(sec) = pw.section("getent passwd").filter(|s| s.error().is_none()) else {
        notes.push(format!("{PASSWD}: getent passwd did not run: accounts unknown"));
        facts.mark_unknown("accounts");
        facts.mark_unknown("host.admin_group");
        return;
    };
    if !pw.complete {
        facts.mark_unknown("accounts");
        facts.mark_unknown("host.admin_group");
    }
    // name → (uid, gid, shell, password field, line)
    let mut users: Vec<(String, u32, u32, String, String, u32)> = Vec::new();
    for (no, l) in &sec.lines {
        let f: Vec<&str> = l.split(':').collect();
        let [name, pass, uid, gid, _gecos, _home, shell] = f[..] else { continue };
        let (Ok(uid), Ok(gid)) = (uid.parse::<u32>(), gid.parse::<u32>()) else { continue };
        if name.is_empty() || name.starts_with(['+', '-']) {
            continue;
        }
        users.push((name.to_string(), uid, gid, shell.to_string(), pass.to_string(), *no));
    }

    // Admin groups: members listed, and users whose primary group it is.
    let mut admins: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut group_names: Vec<String> = Vec::new();
    let mut group_lines: Vec<u32> = Vec::new();
    let groups = script(snapshot, GROUP, facts, notes, &["host.admin_group"]);
    let group_sec = groups.as_ref().and_then(|g| g.section("getent group")).filter(|s| s.error().is_none());
    if let (Some(g), Some(sec)) = (&groups, group_sec) {
        for (no, l) in &sec.lines {
            let f: Vec<&str> = l.split(':').collect();
            let [name, _, gid, members] = f[..] else { continue };
            if !ADMIN_GROUPS.contains(&name) {
                continue;
            }
            group_names.push(name.to_string());
            group_lines.push(*no);
            for m in members.split(',').map(str::trim).filter(|m| !m.is_empty()) {
                admins.entry(m.to_string()).or_default().push(*no);
            }
            if let Ok(gid) = gid.parse::<u32>() {
                for (u, _, ugid, ..) in &users {
                    if *ugid == gid {
                        admins.entry(u.clone()).or_default().push(*no);
                    }
                }
            }
        }
        if !g.complete {
            facts.mark_unknown("host.admin_group");
        }
    } else if groups.is_some() {
        notes.push(format!("{GROUP}: getent group did not run: sudo/wheel members unknown"));
        facts.mark_unknown("host.admin_group");
    }

    let status = read_status(snapshot, facts, notes);
    let lastlog = read_lastlog(snapshot, facts, notes);
    let uid_min = 1000;
    let mut admin_members: Vec<String> = Vec::new();
    let mut admin_evidence: Vec<Evidence> = evs(GROUP, group_lines.iter().copied());
    for (name, uid, _gid, shell, pass, line) in &users {
        let st = status.as_ref().and_then(|s| s.get(name)).copied();
        let usable = matches!(st, Some((PwStatus::Set(_) | PwStatus::Empty, _)));
        let interactive = login_shell(shell);
        // Root-equivalent accounts always; people; service accounts that can log in with a password.
        let keep = *uid == 0 || (*uid >= uid_min && *uid != 65534 && interactive) || (interactive && usable);
        if !keep {
            continue;
        }
        let mut evidence = vec![pw.ev(*line)];
        let in_group = admins.get(name);
        if let Some(lines) = in_group {
            evidence.extend(evs(GROUP, lines.iter().copied()));
        }
        let privilege = if *uid == 0 || in_group.is_some() { Privilege::Admin } else { Privilege::Operator };
        if *uid == 0 || in_group.is_some() {
            admin_members.push(name.clone());
            if *uid == 0 {
                admin_evidence.push(pw.ev(*line));
            }
        }
        // The password field of passwd itself: `x` (in shadow), empty (no password at
        // all), or a hash in the world-readable file (masked on load).
        let hash = pass.trim_start_matches('!');
        let (storage, enabled) = if pass.is_empty() {
            (PasswordStorage::None, Some(true))
        } else if hash == MASK || (!hash.is_empty() && hash != "x" && !hash.starts_with('*')) {
            notes.push(format!("{PASSWD}:{line}: the password hash of {name} is in the world-readable /etc/passwd"));
            (PasswordStorage::Weak, Some(!pass.starts_with('!')))
        } else {
            match st {
                Some((s, no)) => {
                    evidence.push(Evidence::line(STATUS, no));
                    match s {
                        PwStatus::Set(storage) => (storage, Some(true)),
                        PwStatus::Locked => (PasswordStorage::Unknown, Some(false)),
                        PwStatus::Empty => (PasswordStorage::None, Some(true)),
                    }
                }
                None => (PasswordStorage::Unknown, None),
            }
        };
        let last_login = match lastlog.as_ref().and_then(|l| l.get(name)) {
            Some((t, no)) => {
                evidence.push(Evidence::line(LASTLOG, *no));
                t.clone()
            }
            None => None,
        };
        // SSH is where sources are restricted per account: root under PermitRootLogin,
        // anyone under host-bound AllowUsers patterns.
        let allowed_sources = if *uid == 0 && name == "root" {
            match sshd.root_login() {
                Some(true) => {
                    let sources = match (sshd.user_hosts(name), ssh_sources) {
                        (Some(hosts), _) => Some(hosts),
                        (None, Some(sources)) => Some(sources.to_vec()),
                        // sshd does not listen, or who may reach it is unknown.
                        (None, None) => {
                            if facts.is_unknown("management_access") || facts.is_unknown("management_access.ssh") {
                                facts.mark_unknown("accounts.allowed_sources");
                            }
                            None
                        }
                    };
                    if let (Some(_), Some((_, no))) = (&sources, &sshd.permit_root) {
                        evidence.push(Evidence::line(SSHD, *no));
                    }
                    sources
                }
                _ => None,
            }
        } else {
            sshd.user_hosts(name).filter(|h| !h.is_empty())
        };
        facts.accounts.push(Account {
            builtin: false,
            name: name.clone(),
            privilege,
            password_storage: storage,
            enabled,
            last_login,
            allowed_sources,
            two_factor: None,
            evidence,
        });
    }
    if status.is_none() {
        facts.mark_unknown("accounts.password_storage");
    }
    if lastlog.is_none() {
        facts.mark_unknown("accounts.last_login");
    }
    // Accounts in admin groups that are not kept above (no login shell) still count.
    for (m, lines) in &admins {
        if !admin_members.contains(m) {
            admin_members.push(m.clone());
            admin_evidence.extend(evs(GROUP, lines.iter().copied()));
        }
    }
    for (name, uid, _, _, _, line) in &users {
        if *uid == 0 && !admin_members.contains(name) {
            admin_members.push(name.clone());
            admin_evidence.push(pw.ev(*line));
        }
    }
    if group_sec.is_some() || groups.is_none() {
        admin_evidence.sort_by(|a, b| (&a.artifact, a.lines).cmp(&(&b.artifact, b.lines)));
        admin_evidence.dedup();
        let name = if group_names.is_empty() { "root".to_string() } else { group_names.join("+") };
        host.admin_group = Some(AdminGroup { name, members: admin_members, evidence: admin_evidence });
    }
}

// ---------------------------------------------------------------- password policy

/// `key = value` (pwquality.conf, faillock.conf) or `KEY value` (login.defs).
fn setting(l: &str) -> Option<(&str, &str)> {
    let l = l.trim();
    match l.split_once('=') {
        Some((k, v)) if !k.trim().contains(' ') => Some((k.trim(), v.trim())),
        _ => {
            let (k, v) = l.split_once(char::is_whitespace)?;
            Some((k, v.trim()))
        }
    }
}

/// A PAM line: its type and, when it calls one, the module and its arguments.
fn pam_line(l: &str) -> Option<(&str, &str, Vec<&str>)> {
    let w: Vec<&str> = l.split_whitespace().collect();
    let kind = w.first()?.trim_start_matches('-');
    let at = w.iter().position(|x| x.ends_with(".so") || x.contains("/pam_"))?;
    let module = w[at].rsplit('/').next()?;
    Some((kind, module, w[at + 1..].to_vec()))
}

fn arg_num(args: &[&str], key: &str) -> Option<i64> {
    args.iter().find_map(|a| a.strip_prefix(key)?.strip_prefix('=')?.parse().ok())
}

fn auth_policy(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) {
    let Some(art) = script(snapshot, AUTH, facts, notes, &["auth_policy"]) else { return };
    let mut policy = AuthPolicy::default();
    let mut conf: BTreeMap<String, (i64, u32)> = BTreeMap::new();
    let mut faillock_deny: Option<(i64, u32)> = None;
    let mut max_days: Option<(i64, u32)> = None;
    let mut login_defs = false;
    // PAM: (type, module, args, line) of the password and auth stacks.
    let mut pam: Vec<(String, String, Vec<String>, u32)> = Vec::new();
    let mut pam_read = false;
    let mut unreadable: Vec<&str> = Vec::new();
    for sec in art.sections("file ") {
        let path = sec.arg();
        if sec.error().is_some() {
            unreadable.push(path);
            continue;
        }
        let is_pam = path.starts_with("/etc/pam.d/");
        if path.ends_with("common-password") || path.ends_with("system-auth") {
            pam_read = true;
        }
        for (no, l) in &sec.lines {
            if is_pam {
                if let Some((kind, module, args)) = pam_line(l) {
                    pam.push((kind.to_string(), module.to_string(), args.iter().map(|a| a.to_string()).collect(), *no));
                }
                continue;
            }
            let Some((k, v)) = setting(l) else { continue };
            let n = v.parse::<i64>().ok();
            if path.starts_with("/etc/security/pwquality") {
                if let Some(n) = n {
                    conf.insert(k.to_string(), (n, *no));
                }
            } else if path == "/etc/login.defs" {
                login_defs = true;
                if k == "PASS_MAX_DAYS" {
                    max_days = n.map(|n| (n, *no));
                }
            } else if path == "/etc/security/faillock.conf" && k == "deny" {
                faillock_deny = n.map(|n| (n, *no));
            }
        }
    }
    for p in &unreadable {
        notes.push(format!("{AUTH}: {p} could not be read"));
    }
    let ev = |no: u32| Evidence::line(AUTH, no);

    // --- length and complexity.
    let quality = pam.iter().find(|(k, m, _, _)| k == "password" && (m == "pam_pwquality.so" || m == "pam_cracklib.so"));
    if !art.complete || (!pam_read && quality.is_none()) {
        notes.push(format!("{AUTH}: the PAM password stack was not read: password length and complexity unknown"));
        facts.mark_unknown("auth_policy.min_password_length");
        facts.mark_unknown("auth_policy.complexity");
    } else if let Some((_, module, args, no)) = quality {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let cracklib = module == "pam_cracklib.so";
        // Module arguments override pwquality.conf; the library defaults apply last
        // (cracklib: minlen 9 and +1 credits; pwquality: minlen 8 and no credits).
        let get = |key: &str, default: i64| -> (i64, Option<u32>) {
            match arg_num(&args, key) {
                Some(v) => (v, Some(*no)),
                None => match (cracklib, conf.get(key)) {
                    (false, Some((v, l))) => (*v, Some(*l)),
                    _ => (default, None),
                },
            }
        };
        let credit_default = if cracklib { 1 } else { 0 };
        let (minlen, minlen_line) = get("minlen", if cracklib { 9 } else { 8 });
        let mut lines = vec![*no];
        lines.extend(minlen_line);
        let mut credit_sum = 0;
        let mut required = 0;
        for key in ["dcredit", "ucredit", "lcredit", "ocredit"] {
            let (v, l) = get(key, credit_default);
            if v > 0 {
                credit_sum += v;
            } else if v < 0 {
                required += 1;
            }
            if v != credit_default {
                lines.extend(l);
            }
        }
        let (minclass, minclass_line) = get("minclass", 0);
        lines.extend(minclass_line);
        // Positive credits let each digit/upper/lower/other character count twice.
        let effective = (minlen - credit_sum).max(6);
        policy.min_password_length = u32::try_from(effective).ok();
        policy.complexity = Some(minclass.max(required) >= 3);
        lines.sort_unstable();
        lines.dedup();
        policy.evidence.extend(lines.into_iter().map(ev));
    } else {
        // No quality module: pam_unix's own minimum (6 unless `minlen=`).
        let unix = pam.iter().find(|(k, m, _, _)| k == "password" && m == "pam_unix.so");
        let args: Vec<&str> = unix.map(|(_, _, a, _)| a.iter().map(String::as_str).collect()).unwrap_or_default();
        policy.min_password_length = u32::try_from(arg_num(&args, "minlen").unwrap_or(6)).ok();
        policy.complexity = Some(false);
        if let Some((_, _, _, no)) = unix {
            policy.evidence.push(ev(*no));
        }
        if !conf.is_empty() {
            notes.push(format!("{AUTH}: pwquality.conf is set but PAM does not call pam_pwquality: it has no effect"));
        }
    }

    // --- lockout.
    let faillock = pam.iter().find(|(k, m, _, _)| k == "auth" && m == "pam_faillock.so");
    let tally = pam.iter().find(|(k, m, _, _)| k == "auth" && (m == "pam_tally2.so" || m == "pam_tally.so"));
    if !art.complete || !pam_read {
        facts.mark_unknown("auth_policy.lockout_threshold");
    } else if let Some((_, _, args, no)) = faillock {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        policy.evidence.push(ev(*no));
        let deny = match (arg_num(&args, "deny"), faillock_deny) {
            (Some(d), _) => d,
            (None, Some((d, l))) => {
                policy.evidence.push(ev(l));
                d
            }
            (None, None) => 3,
        };
        policy.lockout_threshold = u32::try_from(deny.max(0)).ok();
    } else if let Some((_, _, args, no)) = tally {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        policy.evidence.push(ev(*no));
        policy.lockout_threshold = u32::try_from(arg_num(&args, "deny").unwrap_or(0).max(0)).ok();
    } else {
        policy.lockout_threshold = Some(0);
    }

    // --- second factor in the login stacks.
    const OTP: &[&str] =
        &["pam_google_authenticator.so", "pam_oath.so", "pam_u2f.so", "pam_duo.so", "pam_yubico.so", "pam_radius_auth.so"];
    if let Some((_, _, _, no)) = pam.iter().find(|(k, m, _, _)| k == "auth" && OTP.contains(&m.as_str())) {
        policy.two_factor = Some(true);
        policy.evidence.push(ev(*no));
    } else if art.complete && pam_read {
        policy.two_factor = Some(false);
    }

    // --- password age.
    match max_days {
        Some((d, no)) => {
            policy.max_password_age_days = Some(if !(0..99_999).contains(&d) { 0 } else { u32::try_from(d).unwrap_or(0) });
            policy.evidence.push(ev(no));
        }
        None if login_defs && art.complete => policy.max_password_age_days = Some(0),
        None => facts.mark_unknown("auth_policy.max_password_age_days"),
    }
    policy.evidence.sort_by_key(|e| e.lines[0]);
    policy.evidence.dedup();
    facts.auth_policy = Some(policy);
}

// ---------------------------------------------------------------- logging and time

/// `host`, `host:514`, `[2001:db8::1]:514` → the host.
fn strip_port(target: &str) -> String {
    let t = target.trim();
    if let Some(rest) = t.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest).to_string();
    }
    match t.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') && p.bytes().all(|b| b.is_ascii_digit()) => h.to_string(),
        _ => t.to_string(),
    }
}

/// `*.* @@host:514;Template`, `authpriv.* @host`: the forwarding target of a legacy
/// rsyslog selector line.
fn rsyslog_legacy(l: &str) -> Option<String> {
    let mut w = l.split_whitespace();
    let selector = w.next()?;
    let action = w.next()?;
    if !selector.contains('.') || selector.contains('(') {
        return None;
    }
    let target = action.trim_start_matches('-').strip_prefix('@')?.trim_start_matches('@');
    let target = target.strip_prefix("(o)").or_else(|| target.strip_prefix("(z9)")).unwrap_or(target);
    let target = target.split(';').next().unwrap_or(target);
    (!target.is_empty()).then(|| strip_port(target))
}

/// `name="value"` inside an rsyslog `action(...)` or syslog-ng statement.
fn quoted_after<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let at = text.find(key)? + key.len();
    let rest = text[at..].trim_start().strip_prefix('=')?.trim_start();
    let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    rest.find(q).map(|e| &rest[..e])
}

fn logging(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) {
    let mut log = Logging::default();
    let mut unknown = false;
    match script(snapshot, SYSLOG, facts, notes, &["logging.remote_hosts"]) {
        None => unknown = true,
        Some(art) => {
            if !art.complete {
                facts.mark_unknown("logging.remote_hosts");
            }
            // A daemon's configuration counts only while it runs.
            let daemon_active = |title: &str| art.section(title).map(|s| s.arg());
            let mut current = "";
            let mut pending: Option<(String, u32)> = None;
            for sec in &art.sections {
                if let Some(d) = ["rsyslog", "syslog-ng", "journal-upload"].iter().find(|d| sec.title.starts_with(**d)) {
                    current = d;
                    continue;
                }
                if !sec.title.starts_with("file ") {
                    continue;
                }
                let state = daemon_active(current).unwrap_or("");
                if state != "active" && !state.is_empty() {
                    if sec
                        .lines
                        .iter()
                        .any(|(_, l)| l.contains('@') || l.contains("omfwd") || l.contains("URL=") || l.contains("network("))
                    {
                        notes.push(format!("{SYSLOG}: {current} is {state}: its forwarding in {} is not in effect", sec.arg()));
                    }
                    continue;
                }
                for (no, l) in &sec.lines {
                    let t = l.trim();
                    let mut found: Vec<String> = Vec::new();
                    let mut start = *no;
                    match current {
                        "rsyslog" => {
                            // `action(type="omfwd" ...)` may span lines: gather to the `)`.
                            let text = match pending.take() {
                                Some((mut acc, first)) => {
                                    acc.push(' ');
                                    acc.push_str(t);
                                    if !t.contains(')') {
                                        pending = Some((acc, first));
                                        continue;
                                    }
                                    start = first;
                                    acc
                                }
                                None if t.contains("action(") && !t.contains(')') => {
                                    pending = Some((t.to_string(), *no));
                                    continue;
                                }
                                None => t.to_string(),
                            };
                            if text.contains("action(") {
                                if ["omfwd", "omrelp"].iter().any(|m| quoted_after(&text, "type") == Some(*m)) {
                                    found.extend(quoted_after(&text, "target").map(String::from));
                                }
                            } else if let Some(h) = rsyslog_legacy(&text) {
                                found.push(h);
                            }
                        }
                        "syslog-ng" => {
                            for kw in ["network(", "syslog(", "tcp(", "udp(", "tcp6(", "udp6("] {
                                if let Some(at) = t.find(kw)
                                    && (at == 0 || !t.as_bytes()[at - 1].is_ascii_alphanumeric())
                                {
                                    let rest = &t[at + kw.len()..];
                                    let host = rest.trim_start().trim_start_matches(['"', '\'']);
                                    let end = host.find(['"', '\'', ')', ' ']).unwrap_or(host.len());
                                    if end > 0 {
                                        found.push(host[..end].to_string());
                                    }
                                }
                            }
                        }
                        "journal-upload" => {
                            if let Some(url) = t.strip_prefix("URL=") {
                                let host = url.split("://").nth(1).unwrap_or(url);
                                let host = host.split('/').next().unwrap_or(host);
                                found.push(strip_port(host));
                            }
                        }
                        _ => {}
                    }
                    for h in found {
                        if !h.is_empty() && !log.remote_hosts.contains(&h) {
                            log.remote_hosts.push(h);
                        }
                        log.evidence.push(art.ev(start));
                    }
                }
            }
        }
    }
    match script(snapshot, NTP, facts, notes, &["logging.ntp_servers"]) {
        None => unknown = true,
        Some(art) => {
            let mut any_tool = false;
            if let Some(sec) = art.section("chronyc")
                && sec.error().is_none()
                && !sec.lines.iter().any(|(_, l)| l.starts_with("506 "))
            {
                any_tool = true;
                for (no, l) in &sec.lines {
                    // `^* 192.168.10.1  2   6   377    35   +120us[...]`
                    let w: Vec<&str> = l.split_whitespace().collect();
                    if let [mode, addr, ..] = w[..]
                        && (mode.starts_with('^') || mode.starts_with('='))
                    {
                        log.ntp_servers.push(addr.to_string());
                        log.evidence.push(art.ev(*no));
                    }
                }
            }
            if let Some(sec) = art.section("ntpq")
                && sec.error().is_none()
            {
                any_tool = true;
                for (no, l) in &sec.lines {
                    // `*10.5.0.1  .GPS.  1 u  33  64  377  0.210  0.013  0.008`: the tally code first.
                    let w: Vec<&str> = l.split_whitespace().collect();
                    let Some(first) = w.first() else { continue };
                    if *first == "remote" || first.starts_with('=') || w.len() < 8 {
                        continue;
                    }
                    let addr = first.trim_start_matches(['*', '+', '-', '#', 'o', 'x', '.', ' ']);
                    if addr.parse::<IpAddr>().is_ok() {
                        log.ntp_servers.push(addr.to_string());
                        log.evidence.push(art.ev(*no));
                    }
                }
            }
            if let Some(sec) = art.section("timesyncd").filter(|s| s.arg() == "active") {
                any_tool = true;
                for (no, l) in &sec.lines {
                    let value = l.strip_prefix("ServerName=").or_else(|| l.strip_prefix("SystemNTPServers="));
                    for v in value.unwrap_or("").split_whitespace() {
                        if !log.ntp_servers.iter().any(|s| s == v) {
                            log.ntp_servers.push(v.to_string());
                            log.evidence.push(art.ev(*no));
                        }
                    }
                }
            }
            if !any_tool {
                notes.push(format!("{NTP}: no time synchronisation daemon answered (chronyd, ntpd, systemd-timesyncd)"));
            }
            if !art.complete {
                facts.mark_unknown("logging.ntp_servers");
            }
        }
    }
    if unknown && log.remote_hosts.is_empty() && log.ntp_servers.is_empty() {
        return;
    }
    log.evidence.sort_by(|a, b| (&a.artifact, a.lines).cmp(&(&b.artifact, b.lines)));
    log.evidence.dedup();
    facts.logging = Some(log);
}

// ---------------------------------------------------------------- updates

/// `openssl-libs-1:3.0.7-25.el9_3.x86_64` → (`openssl-libs`, `1:3.0.7-25.el9_3`).
fn nevra(s: &str) -> Option<(String, String)> {
    const ARCHES: &[&str] = &["x86_64", "noarch", "i686", "i386", "aarch64", "ppc64le", "s390x", "src"];
    let s = match s.rsplit_once('.') {
        Some((rest, arch)) if ARCHES.contains(&arch) => rest,
        _ => s,
    };
    let (nv, release) = s.rsplit_once('-')?;
    let (name, version) = nv.rsplit_once('-')?;
    (!name.is_empty()).then(|| (name.to_string(), format!("{version}-{release}")))
}

fn updates(snapshot: &Snapshot, host: &mut Host, facts: &mut Facts, notes: &mut Vec<String>) {
    let mut u = Updates::default();
    let mut known = false;
    if let Some(art) = script(snapshot, UPDATES, facts, notes, &["host.updates.pending"]) {
        let mut pending: Vec<PendingUpdate> = Vec::new();
        let mut ok = art.complete;
        if let Some(sec) = art.section("apt list") {
            if let Some((no, l)) = sec.error() {
                notes.push(format!("{UPDATES}:{no}: apt did not run ({})", l.trim()));
                ok = false;
            }
            for (no, l) in &sec.lines {
                // `openssl/bookworm-security 3.0.15-1~deb12u1 amd64 [upgradable from: 3.0.14-1~deb12u2]`
                let w: Vec<&str> = l.split_whitespace().collect();
                let Some((name, suites)) = w.first().and_then(|h| h.split_once('/')) else { continue };
                let installed = l.split_once("[upgradable from: ").map(|(_, v)| v.trim_end_matches(']').trim().to_string());
                pending.push(PendingUpdate {
                    name: name.to_string(),
                    installed_version: installed,
                    available_version: w.get(1).map(|v| v.to_string()),
                    security: suites.split(',').any(|s| s.contains("-security")),
                    evidence: vec![art.ev(*no)],
                });
            }
        } else if let Some(check) = art.section("dnf check-update").or_else(|| art.section("yum check-update")) {
            let security = art.section("dnf updateinfo").or_else(|| art.section("yum updateinfo"));
            let mut secure: BTreeMap<String, u32> = BTreeMap::new();
            match security.map(|s| (s, s.error())) {
                Some((_, Some((no, l)))) => {
                    notes.push(format!("{UPDATES}:{no}: security advisories could not be listed ({})", l.trim()));
                    ok = false;
                }
                Some((sec, None)) => {
                    for (no, l) in &sec.lines {
                        // `RHSA-2024:1234 Important/Sec. openssl-libs-1:3.0.7-25.el9_3.x86_64`
                        let w: Vec<&str> = l.split_whitespace().collect();
                        if let [_, kind, pkg, ..] = w[..]
                            && (kind.contains("Sec") || kind == "security")
                            && let Some((name, version)) = nevra(pkg)
                        {
                            secure.entry(name.clone()).or_insert(*no);
                            if !pending.iter().any(|p| p.name == name) {
                                pending.push(PendingUpdate {
                                    name,
                                    installed_version: None,
                                    available_version: Some(version),
                                    security: true,
                                    evidence: vec![art.ev(*no)],
                                });
                            }
                        }
                    }
                }
                None => ok = false,
            }
            if let Some((no, l)) = check.error() {
                notes.push(format!("{UPDATES}:{no}: pending updates could not be listed ({})", l.trim()));
                ok = false;
            }
            for (no, l) in &check.lines {
                if l.trim() == "Obsoleting Packages" {
                    break;
                }
                let w: Vec<&str> = l.split_whitespace().collect();
                let [pkg, version, _repo] = w[..] else { continue };
                let Some((name, _arch)) = pkg.rsplit_once('.') else { continue };
                match pending.iter_mut().find(|p| p.name == name) {
                    Some(p) => {
                        p.available_version = Some(version.to_string());
                        p.evidence.push(art.ev(*no));
                    }
                    None => pending.push(PendingUpdate {
                        name: name.to_string(),
                        installed_version: None,
                        available_version: Some(version.to_string()),
                        security: secure.contains_key(name),
                        evidence: vec![art.ev(*no)],
                    }),
                }
            }
        } else {
            notes.push(format!("{UPDATES}: no package manager output: pending updates unknown"));
            ok = false;
        }
        for p in &mut pending {
            p.evidence.sort_by_key(|e| e.lines[0]);
        }
        u.pending = pending;
        // The cache `pending` comes from is only as new as its last refresh. Each date
        // is a lower bound of it (apt dates a list by the server's Last-Modified; the
        // success stamp by the last update that touched it): the newest is the best.
        let refreshed = art.section("package lists").map(|s| {
            s.lines
                .iter()
                .filter_map(|(no, l)| l.split_whitespace().next().filter(|d| is_date(d)).map(|d| (d, *no)))
                .max_by_key(|(d, _)| *d)
                .map(|(d, no)| (d.to_string(), no))
        });
        match refreshed {
            Some(Some((date, no))) => {
                u.lists_refreshed = Some(date);
                u.evidence.push(art.ev(no));
            }
            Some(None) => {
                notes.push(format!("{UPDATES}: no package list or repository metadata found: never refreshed, or unreadable"));
                facts.mark_unknown("host.updates.lists_refreshed");
            }
            None => {
                notes.push(format!("{UPDATES}: the date of the package lists was not collected"));
                facts.mark_unknown("host.updates.lists_refreshed");
            }
        }
        if !ok {
            facts.mark_unknown("host.updates.pending");
        }
        known = true;
    }
    // --- the last installation.
    if let Some(art) = script(snapshot, LAST_UPDATE, facts, notes, &["host.updates.last_installed"]) {
        known = true;
        let dpkg_log = art.section("dpkg.log").and_then(|s| s.lines.iter().find(|(_, l)| l.contains(" status installed ")));
        let dpkg_info = art.section("dpkg info").and_then(|s| s.lines.iter().find(|(_, l)| l.ends_with(".list")));
        let rpm = art.section("rpm installtime").and_then(|s| s.lines.first());
        let found = if let Some((no, l)) = dpkg_log {
            // `2025-05-28 06:12:40 status installed libssl3:amd64 3.0.16-1~deb12u1`
            l.split_whitespace().next().filter(|d| is_date(d)).map(|d| (d.to_string(), *no))
        } else if let Some((no, l)) = dpkg_info {
            // No dpkg.log left (rotated away): the newest package file list.
            notes.push(format!("{LAST_UPDATE}: dpkg.log has no installation: the date is that of the newest package file list"));
            l.split_whitespace().find(|w| is_date(w)).map(|d| (d.to_string(), *no))
        } else if let Some((no, l)) = rpm {
            l.split_whitespace().next().and_then(|t| t.parse::<i64>().ok()).map(|t| (epoch_date(t), *no))
        } else {
            None
        };
        match found {
            Some((date, no)) => {
                u.last_installed = Some(date);
                u.evidence.push(art.ev(no));
            }
            None => {
                notes.push(format!("{LAST_UPDATE}: the date of the last installation was not found"));
                facts.mark_unknown("host.updates.last_installed");
            }
        }
    }
    // --- automatic updates.
    if let Some(art) = script(snapshot, AUTO_UPDATES, facts, notes, &["host.updates.automatic"]) {
        known = true;
        let mut units: BTreeMap<&str, (&str, u32)> = BTreeMap::new();
        if let Some(sec) = art.section("systemctl is-enabled") {
            for (no, l) in &sec.lines {
                if let Some((u, s)) = l.trim().split_once(' ') {
                    units.insert(u, (s.trim(), *no));
                }
            }
        }
        let enabled =
            |u: &str| units.get(u).is_some_and(|(s, _)| matches!(*s, "enabled" | "static" | "enabled-runtime" | "alias"));
        let installed = |u: &str| units.get(u).is_some_and(|(s, _)| *s != "not-found");
        let periodic = art.section("apt-config").and_then(|s| {
            s.lines.iter().find_map(|(no, l)| {
                let v = l.trim().strip_prefix("APT::Periodic::Unattended-Upgrade ")?;
                Some((v.trim_end_matches(';').trim_matches('"') != "0", *no))
            })
        });
        let apply = art.section("automatic.conf").and_then(|s| {
            s.lines.iter().find_map(|(no, l)| {
                let (_, v) = l.split_once('=')?;
                Some((matches!(v.trim(), "yes" | "true" | "1"), *no))
            })
        });
        let line_of = |u: &str| units.get(u).map(|(_, no)| *no);
        let (on, lines): (bool, Vec<Option<u32>>) = if installed("unattended-upgrades.service") {
            let on = enabled("apt-daily-upgrade.timer") && periodic.is_some_and(|(v, _)| v);
            (on, vec![line_of("unattended-upgrades.service"), line_of("apt-daily-upgrade.timer"), periodic.map(|(_, n)| n)])
        } else if enabled("dnf-automatic-install.timer") {
            (true, vec![line_of("dnf-automatic-install.timer")])
        } else if enabled("dnf-automatic.timer") || enabled("yum-cron.service") {
            let unit = if enabled("dnf-automatic.timer") { "dnf-automatic.timer" } else { "yum-cron.service" };
            (apply.is_some_and(|(v, _)| v), vec![line_of(unit), apply.map(|(_, n)| n)])
        } else {
            // None of the automatic-update tools is installed or enabled.
            (false, units.values().map(|(_, no)| Some(*no)).collect())
        };
        if units.is_empty() || !art.complete {
            notes.push(format!("{AUTO_UPDATES}: the update timers could not be read: automatic updates unknown"));
            facts.mark_unknown("host.updates.automatic");
        } else {
            u.automatic = Some(on);
            u.evidence.extend(lines.into_iter().flatten().map(|no| art.ev(no)));
        }
    }
    if known {
        u.evidence.sort_by(|a, b| (&a.artifact, a.lines).cmp(&(&b.artifact, b.lines)));
        u.evidence.dedup();
        host.updates = Some(u);
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-' && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

// ---------------------------------------------------------------- audit

fn audit(snapshot: &Snapshot, host: &mut Host, facts: &mut Facts, notes: &mut Vec<String>) {
    let Some(art) = script(snapshot, AUDIT, facts, notes, &["host.audit", "host.security_log_max_bytes"]) else { return };
    let Some(state_sec) = art.section("auditd") else {
        facts.mark_unknown("host.audit");
        facts.mark_unknown("host.security_log_max_bytes");
        return;
    };
    let state = state_sec.arg();
    // No state at all: systemctl could not answer (no systemd); auditd is then known
    // to be off only when auditctl itself is not installed.
    let not_installed = art.section("auditctl").and_then(|s| s.error()).is_some_and(|(_, l)| l.contains("not found"));
    let active = match state {
        "active" => true,
        "inactive" | "failed" | "unknown" => false,
        "" if not_installed => false,
        _ => {
            notes.push(format!("{AUDIT}: the state of auditd is unknown ({:?})", state));
            facts.mark_unknown("host.audit");
            facts.mark_unknown("host.security_log_max_bytes");
            return;
        }
    };
    let mut detail = format!("auditd {}", if state.is_empty() { "not found" } else { state });
    let mut evidence = vec![art.ev(state_sec.line)];
    match art.section("auditctl") {
        Some(sec) if sec.error().is_none() && art.complete => {
            let rules = sec.lines.iter().filter(|(_, l)| l.starts_with('-')).count();
            detail.push_str(&format!("; {rules} audit rules (auditctl -l)"));
            evidence.push(art.ev_section(sec));
        }
        Some(sec) if active => {
            let why = sec.error().map_or("cut off", |(_, l)| l);
            notes.push(format!("{AUDIT}: audit rules could not be listed ({})", why.trim()));
        }
        _ => {}
    }
    host.audit = Some(Audit { logons: active, detail: Some(detail), evidence });
    // auditd.conf: max_log_file (MB, default 8) × num_logs (default 5).
    match art.section("auditd.conf") {
        Some(sec) if sec.error().is_none() && art.complete && !sec.lines.is_empty() => {
            let mut size = (8u64, None);
            let mut count = (5u64, None);
            for (no, l) in &sec.lines {
                let Some((k, v)) = l.split_once('=') else { continue };
                let v = v.trim().parse::<u64>().ok();
                match (k.trim(), v) {
                    ("max_log_file", Some(v)) => size = (v, Some(*no)),
                    ("num_logs", Some(v)) => count = (v, Some(*no)),
                    _ => {}
                }
            }
            host.security_log_max_bytes = size.0.checked_mul(count.0.max(1)).and_then(|b| b.checked_mul(1024 * 1024));
            host.evidence.extend([size.1, count.1].into_iter().flatten().map(|no| art.ev(no)));
        }
        Some(sec) => {
            let why = sec.error().map_or("cut off or empty", |(_, l)| l);
            if active {
                notes.push(format!("{AUDIT}: auditd.conf could not be read ({}): audit log size unknown", why.trim()));
            }
            facts.mark_unknown("host.security_log_max_bytes");
        }
        None => facts.mark_unknown("host.security_log_max_bytes"),
    }
}

// ---------------------------------------------------------------- USB storage

fn usb_storage(snapshot: &Snapshot, host: &mut Host, facts: &mut Facts, notes: &mut Vec<String>) {
    let Some(art) = script(snapshot, USB, facts, notes, &["host.usb_storage"]) else { return };
    let config = art.section("modprobe");
    let loaded = art.section("lsmod");
    let (Some(config), Some(loaded)) = (config, loaded) else {
        facts.mark_unknown("host.usb_storage");
        return;
    };
    if let Some((no, l)) = config.error().or_else(|| loaded.error()) {
        notes.push(format!("{USB}:{no}: {}: USB storage policy unknown", l.trim()));
        facts.mark_unknown("host.usb_storage");
        return;
    }
    if !art.complete {
        facts.mark_unknown("host.usb_storage");
        return;
    }
    let module = |w: &str| w == "usb_storage" || w == "usb-storage";
    let mut install: Option<(String, u32)> = None;
    let mut blacklist: Option<u32> = None;
    for (no, l) in &config.lines {
        let w: Vec<&str> = l.split_whitespace().collect();
        match w[..] {
            ["install", m, ref cmd @ ..] if module(m) => install = Some((cmd.join(" "), *no)),
            ["blacklist", m] if module(m) => blacklist = Some(*no),
            _ => {}
        }
    }
    let loaded_line = loaded.lines.iter().find(|(_, l)| l.starts_with("usb_storage ")).map(|(no, _)| *no);
    // An install command that does not call modprobe replaces the loading itself.
    let blocking = install.as_ref().filter(|(c, _)| !c.contains("modprobe") && !c.contains("insmod"));
    let (blocked, detail, lines) = match (loaded_line, blocking, blacklist) {
        (Some(no), _, _) => (false, "usb_storage module is loaded".to_string(), vec![no]),
        (None, Some((c, no)), _) => (true, format!("install usb_storage {c}"), vec![*no]),
        (None, None, Some(no)) => (
            false,
            "blacklist usb_storage only: the module can still be loaded by hand or as a dependency of uas".to_string(),
            vec![no],
        ),
        (None, None, None) => (false, "no modprobe rule against usb_storage".to_string(), vec![config.line]),
    };
    let mut evidence: Vec<Evidence> = lines.into_iter().map(|no| art.ev(no)).collect();
    if let Some((_, no)) = &install
        && !evidence.contains(&art.ev(*no))
    {
        evidence.push(art.ev(*no));
    }
    host.usb_storage = Some(UsbStorage { blocked, detail, evidence });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sshd_patterns() {
        assert!(wildcard("*", "alice") && wildcard("a*e", "alice") && wildcard("al?ce", "alice"));
        assert!(!wildcard("bob", "alice") && !wildcard("a*x", "alice") && !wildcard("?", ""));
        // Linear, whatever the pattern.
        let p = "*a".repeat(120);
        assert!(!wildcard(&p, &"a".repeat(32)));
        assert_eq!(host_pattern("192.168.10.*"), "192.168.10.0/24");
        assert_eq!(host_pattern("10.*.*.*"), "10.0.0.0/8");
        assert_eq!(host_pattern("*.*.*.*"), "any");
        assert_eq!(host_pattern("10.1.2.3"), "10.1.2.3/32");
        assert_eq!(host_pattern("10.1.2.0/24"), "10.1.2.0/24");
        assert_eq!(host_pattern("*"), "any");
        assert_eq!(host_pattern("jump.hospital.example"), "host:jump.hospital.example");
        assert_eq!(host_pattern("10.*.3.*"), "host:10.*.3.*");
    }

    #[test]
    fn dates() {
        assert_eq!(epoch_date(0), "1970-01-01");
        assert_eq!(epoch_date(1_684_893_421), "2023-05-24");
        assert_eq!(epoch_date(951_782_400), "2000-02-29");
        assert_eq!(epoch_date(-86_400), "1969-12-31");
        let w = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
        let t = w("Mon Jun 9 08:55:12 +0900 2025");
        let t: Vec<&str> = t.iter().map(String::as_str).collect();
        assert_eq!(ctime_rfc3339(&t, None).as_deref(), Some("2025-06-09T08:55:12+09:00"));
        let t = ["Tue", "Jun", "3", "10:00:01", "2025"];
        assert_eq!(ctime_rfc3339(&t, Some("-0500")).as_deref(), Some("2025-06-03T10:00:01-05:00"));
        assert_eq!(ctime_rfc3339(&t, None), None);
        assert_eq!(ctime_rfc3339(&["Tue", "Foo", "3", "10:00:01", "2025"], Some("+0000")), None);
        assert_eq!(ctime_rfc3339(&["Tue", "Jun", "3", "25:00:01", "2025"], Some("+0000")), None);
    }

    #[test]
    fn package_and_log_targets() {
        assert_eq!(nevra("openssl-libs-1:3.0.7-25.el9_3.x86_64"), Some(("openssl-libs".into(), "1:3.0.7-25.el9_3".into())));
        assert_eq!(nevra("tzdata-2025b-1.el8.noarch"), Some(("tzdata".into(), "2025b-1.el8".into())));
        assert_eq!(nevra("nodash"), None);
        assert_eq!(rsyslog_legacy("*.* @@logs.example:514;RSYSLOG_ForwardFormat").as_deref(), Some("logs.example"));
        assert_eq!(rsyslog_legacy("mail.* -@10.0.0.5").as_deref(), Some("10.0.0.5"));
        assert_eq!(rsyslog_legacy("*.* @(o)10.0.0.6:601").as_deref(), Some("10.0.0.6"));
        assert_eq!(rsyslog_legacy("auth.* /var/log/auth.log"), None);
        assert_eq!(strip_port("[2001:db8::1]:514"), "2001:db8::1");
        assert_eq!(strip_port("2001:db8::1"), "2001:db8::1");
    }

    #[test]
    fn public_addresses() {
        let p = |s: &str| is_public(s.parse().expect("ip"));
        assert!(p("203.0.113.20") && p("8.8.8.8"));
        assert!(!p("10.1.2.3") && !p("172.16.0.1") && !p("192.168.1.1") && !p("100.64.0.1") && !p("169.254.1.1"));
        assert!(!p("2001:db8::1"));
    }
}
