//! Facts v1: serde types of the vendor-neutral device model.

use serde::{Deserialize, Serialize};

/// The value of [`Facts::schema`] for this version of the model.
pub const SCHEMA_ID: &str = "kenshin.facts/v1";

/// The word used in source lists for "no restriction at all".
pub const ANY_SOURCE: &str = "any";

/// Everything kenshin knows about one device, with the evidence for each fact.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Facts {
    /// Always [`SCHEMA_ID`].
    pub schema: String,
    pub device: Device,
    /// Operating system / firmware; `None` when it could not be determined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firmware: Option<Firmware>,
    /// Services the device offers, enabled or explicitly disabled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<Service>,
    /// Ways to manage the device, with the sources allowed to use them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub management_access: Vec<ManagementAccess>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snmp: Option<Snmp>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<Account>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logging: Option<Logging>,
    /// VPN and other remote-access channels terminated on the device.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remote_access: Vec<RemoteAccess>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_policy: Option<AuthPolicy>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interfaces: Vec<Interface>,
    /// Servers and terminal PCs only: patch state, listening sockets, running software,
    /// local protection. `None` on network devices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<Host>,
    /// Paths of facts that could not be determined (`"firmware"`, `"services.telnet"`,
    /// `"management_access"`, ...). Rules needing them must report unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<String>,
}

impl Facts {
    /// Empty facts for a device: nothing known yet.
    pub fn new(device: Device) -> Self {
        Facts {
            schema: SCHEMA_ID.to_string(),
            device,
            firmware: None,
            services: Vec::new(),
            management_access: Vec::new(),
            snmp: None,
            accounts: Vec::new(),
            logging: None,
            remote_access: Vec::new(),
            auth_policy: None,
            interfaces: Vec::new(),
            host: None,
            unknown: Vec::new(),
        }
    }

    /// Whether the fact at `path` (or any fact below it) was reported as unknown.
    pub fn is_unknown(&self, path: &str) -> bool {
        self.unknown.iter().any(|u| u == path || (u.starts_with(path) && u.as_bytes().get(path.len()) == Some(&b'.')))
    }

    /// Whether `path` itself was reported as unknown; unlike [`Facts::is_unknown`], an
    /// unknown fact below it (`logging.logins` under `logging`) does not count.
    pub fn is_unknown_itself(&self, path: &str) -> bool {
        self.unknown.iter().any(|u| u == path)
    }

    /// Records `path` as unknown (once).
    pub fn mark_unknown(&mut self, path: impl Into<String>) {
        let path = path.into();
        if !self.unknown.contains(&path) {
            self.unknown.push(path);
        }
    }

    /// The service fact named `name`, if the parser determined it.
    pub fn service(&self, name: ServiceName) -> Option<&Service> {
        self.services.iter().find(|s| s.name == name)
    }
}

/// Where a fact came from: an artifact of the device's snapshot and a 1-based,
/// inclusive line range in it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Evidence {
    /// Artifact file name, relative to the device's snapshot folder.
    pub artifact: String,
    /// `[first, last]`, 1-based and inclusive.
    pub lines: [u32; 2],
}

impl Evidence {
    /// Evidence for a single line.
    pub fn line(artifact: &str, line: u32) -> Self {
        Evidence { artifact: artifact.to_string(), lines: [line, line] }
    }
    /// Evidence for a range of lines.
    pub fn lines(artifact: &str, first: u32, last: u32) -> Self {
        Evidence { artifact: artifact.to_string(), lines: [first, last.max(first)] }
    }
}

/// The device as the inventory names it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Device {
    pub name: String,
    /// Platform name (Netmiko device_type style: `cisco_ios`, `fortinet`, ...).
    pub platform: String,
    pub kind: DeviceKind,
    /// Host name configured on the device, when the artifacts show one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
}

/// What role a device plays; the checklist asks different things of each.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    Router,
    Firewall,
    Switch,
    Server,
    Terminal,
    Wireless,
    Other,
}

impl DeviceKind {
    /// All kinds, in inventory spelling.
    pub const ALL: [DeviceKind; 7] = [
        DeviceKind::Router,
        DeviceKind::Firewall,
        DeviceKind::Switch,
        DeviceKind::Server,
        DeviceKind::Terminal,
        DeviceKind::Wireless,
        DeviceKind::Other,
    ];

    /// The inventory spelling (`"router"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceKind::Router => "router",
            DeviceKind::Firewall => "firewall",
            DeviceKind::Switch => "switch",
            DeviceKind::Server => "server",
            DeviceKind::Terminal => "terminal",
            DeviceKind::Wireless => "wireless",
            DeviceKind::Other => "other",
        }
    }

    /// The checklist's device column (サーバ / 端末PC / ネットワーク機器).
    pub fn checklist_class(self) -> DeviceClass {
        match self {
            DeviceKind::Server => DeviceClass::Server,
            DeviceKind::Terminal => DeviceClass::Terminal,
            _ => DeviceClass::Network,
        }
    }
}

/// The three device columns of the MHLW checklist.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeviceClass {
    Server,
    Terminal,
    Network,
}

/// Firmware or operating system of the device.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Firmware {
    /// `cisco`, `fortinet`, ...
    pub vendor: String,
    /// Version family: `ios`, `ios-xe`, `fortios`, ... (see [`crate::version::Family`]).
    pub os: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Normalised version (`17.9.4a` for `17.09.04a`); `None` if it could not be parsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The version exactly as the device printed it.
    pub raw: String,
    pub evidence: Vec<Evidence>,
}

/// The fixed vocabulary of service names, shared by every platform.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceName {
    Telnet,
    Ssh,
    Http,
    Https,
    Snmp,
    Ftp,
    Tftp,
    Rdp,
    Smb,
    Vnc,
    Upnp,
    Finger,
    /// TCP/UDP small servers (echo, discard, chargen, daytime).
    SmallServers,
    Bootp,
    Cdp,
    Lldp,
    /// FortiManager management tunnel (FortiOS `fgfm`).
    Fgfm,
    Ping,
    /// SMB version 1 (the protocol WannaCry spread through), separate from [`ServiceName::Smb`].
    Smb1,
    /// Remote procedure call / remote shell services of old Unix (`rsh`, `rlogin`, `rexec`).
    Rsh,
}

impl ServiceName {
    /// The vocabulary spelling (`"telnet"`, `"small_servers"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceName::Telnet => "telnet",
            ServiceName::Ssh => "ssh",
            ServiceName::Http => "http",
            ServiceName::Https => "https",
            ServiceName::Snmp => "snmp",
            ServiceName::Ftp => "ftp",
            ServiceName::Tftp => "tftp",
            ServiceName::Rdp => "rdp",
            ServiceName::Smb => "smb",
            ServiceName::Vnc => "vnc",
            ServiceName::Upnp => "upnp",
            ServiceName::Finger => "finger",
            ServiceName::SmallServers => "small_servers",
            ServiceName::Bootp => "bootp",
            ServiceName::Cdp => "cdp",
            ServiceName::Lldp => "lldp",
            ServiceName::Fgfm => "fgfm",
            ServiceName::Ping => "ping",
            ServiceName::Smb1 => "smb1",
            ServiceName::Rsh => "rsh",
        }
    }

    /// Services used to log in to and administer a device.
    pub fn is_management(self) -> bool {
        matches!(
            self,
            ServiceName::Telnet
                | ServiceName::Ssh
                | ServiceName::Http
                | ServiceName::Https
                | ServiceName::Snmp
                | ServiceName::Rdp
        )
    }
}

/// One service and whether it is on.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Service {
    pub name: ServiceName,
    pub enabled: bool,
    /// Platform detail, e.g. `"vty 0 4: transport input telnet ssh"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// One way to manage the device and the sources allowed to use it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ManagementAccess {
    pub service: ServiceName,
    /// Interface or line the access is bound to (`wan1`, `vty 0 4`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    /// Allowed source networks in CIDR notation, or `["any"]` when unrestricted.
    /// Empty means no source is allowed at all (an ACL that permits nothing).
    pub sources: Vec<String>,
    /// What restricts it (ACL name, `trusthost`), if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restricted_by: Option<String>,
    pub evidence: Vec<Evidence>,
}

impl ManagementAccess {
    /// True when anyone may connect (no source restriction).
    pub fn is_unrestricted(&self) -> bool {
        self.sources.iter().any(|s| s == ANY_SOURCE)
    }
}

/// SNMP agent configuration.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Snmp {
    /// v1/v2c communities. The community string itself is a secret and is never
    /// part of the facts; only whether it is a well-known default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub communities: Vec<SnmpCommunity>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub v3_users: Vec<SnmpV3User>,
    /// Protocol versions the agent answered kenshin with (`v2c`, `v3`) when the device
    /// was collected over SNMP. Configured communities already imply v1/v2c.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answered_versions: Vec<String>,
}

impl Snmp {
    /// Whether SNMPv1/v2c (community-based, clear text) is in use: a community is
    /// configured, or the agent answered over v1/v2c.
    pub fn v1_v2c_in_use(&self) -> bool {
        !self.communities.is_empty() || self.answered_versions.iter().any(|v| v == "v1" || v == "v2c")
    }
}

/// One SNMP v1/v2c community (without its secret name).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SnmpCommunity {
    pub access: SnmpAccess,
    /// Allowed managers in CIDR notation, or `["any"]`.
    pub sources: Vec<String>,
    /// The community is `public`, `private` or another well-known default.
    pub default_name: bool,
    pub evidence: Vec<Evidence>,
}

/// Read-only or read-write SNMP access.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SnmpAccess {
    Ro,
    Rw,
}

/// One SNMPv3 user and its security level.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SnmpV3User {
    pub name: String,
    /// Authentication protocol (`sha`, `sha256`, `md5`), `None` for noAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<String>,
    /// Privacy protocol (`aes`, `des`), `None` for noPriv.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// A local account on the device.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Account {
    pub name: String,
    pub privilege: Privilege,
    /// How the password is stored (never the password or hash itself).
    pub password_storage: PasswordStorage,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Last login (RFC 3339), when the platform records it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login: Option<String>,
    /// Sources the account may log in from; `None` where the platform has no
    /// per-account restriction, `["any"]` where it has one and it is not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_sources: Option<Vec<String>>,
    /// Two-factor authentication configured for this account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_factor: Option<bool>,
    /// Built into the platform: it cannot be removed or renamed (Junos `root`, NX-OS
    /// `admin`), or it is not a login at all (Yamaha's `administrator` password).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub builtin: bool,
    pub evidence: Vec<Evidence>,
}

impl Account {
    /// An enabled account as a configuration sets it: a name, a privilege level and how
    /// its password is kept, with no last login, source restriction or second factor
    /// known. Parsers that know more set those fields on the result.
    pub fn configured(name: &str, privilege: Privilege, password_storage: PasswordStorage, evidence: Vec<Evidence>) -> Account {
        Account {
            name: name.to_string(),
            privilege,
            password_storage,
            enabled: Some(true),
            last_login: None,
            allowed_sources: None,
            two_factor: None,
            builtin: false,
            evidence,
        }
    }
}

/// Privilege level of an account, normalised across platforms.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Privilege {
    Admin,
    Operator,
    ReadOnly,
    Unknown,
}

/// How a password is kept, from worst to best.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PasswordStorage {
    /// No password at all.
    None,
    /// Clear text.
    Plain,
    /// Reversible or weak (Cisco type 7, type 5 MD5).
    Weak,
    /// A modern hash (Cisco type 8/9, FortiOS `ENC` SHA-256).
    Strong,
    Unknown,
}

/// Logging and time synchronisation.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Logging {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remote_hosts: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ntp_servers: Vec<String>,
    /// Whether the device itself records logins, successful and failed (IOS `login
    /// on-success log` / `login on-failure log`, FortiOS system event logging, Junos
    /// `authorization` syslog). `None` where the parser cannot tell; it then marks
    /// `logging.logins` unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logins: Option<Audit>,
    pub evidence: Vec<Evidence>,
}

/// A VPN or other remote-access channel.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RemoteAccess {
    pub kind: RemoteAccessKind,
    /// Configuration name (tunnel, phase1, gateway), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub enabled: bool,
    /// Peers or client sources allowed, CIDR or `["any"]`.
    pub peer_sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    /// Whether a person connecting must present a second factor (a one-time code, or a
    /// client certificate as well as a password). `Some(false)` where people are
    /// authenticated by a password or a shared key alone; `None` where the decision is
    /// made elsewhere (RADIUS, LDAP, SAML) or the channel joins two sites with fixed
    /// peers and authenticates no person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_factor: Option<bool>,
    pub evidence: Vec<Evidence>,
}

/// Kinds of remote access.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RemoteAccessKind {
    SslVpn,
    Ipsec,
    L2tp,
    Pptp,
    /// Vendor cloud management (NEC NetMeister, FortiCloud, ...).
    CloudManagement,
    Other,
}

/// Authentication policy of the device.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuthPolicy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_password_length: Option<u32>,
    /// Failed logins before lockout; `Some(0)` means no lockout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lockout_threshold: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_factor: Option<bool>,
    /// Days after which a password must be changed; `Some(0)` means never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_password_age_days: Option<u32>,
    /// Whether passwords must mix character classes (Windows complexity, pwquality
    /// `minclass`/credits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complexity: Option<bool>,
    pub evidence: Vec<Evidence>,
}

/// A network interface.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Interface {
    pub name: String,
    pub role: InterfaceRole,
    /// Addresses in CIDR notation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// What an interface faces.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum InterfaceRole {
    Wan,
    Lan,
    Dmz,
    Management,
    Unknown,
}

/// What a server or terminal PC shows about itself: the checklist's host items
/// (patches, unneeded software, protection, USB media, audit logging).
///
/// Each part is `None` when its artifact was absent or unreadable, and the parser then
/// marks `host.<part>` unknown.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Host {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updates: Option<Updates>,
    /// Listening TCP and UDP sockets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listening: Vec<Listener>,
    /// Running services and processes, by name as the OS shows it. Rules compare them
    /// with lists (remote-control tools) and the site's register; facts do not judge.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub running: Vec<RunningSoftware>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub antivirus: Option<Antivirus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usb_storage: Option<UsbStorage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit: Option<Audit>,
    /// The local administrators group (Windows `Administrators`, Linux `sudo`/`wheel`
    /// and every UID 0 account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_group: Option<AdminGroup>,
    /// Maximum size of the local security/audit log in bytes (Windows Security log,
    /// auditd `max_log_file` × `num_logs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_log_max_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// Patch state: what is pending and when updates were last installed.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Updates {
    /// Updates available and not installed (security ones flagged).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<PendingUpdate>,
    /// Date (`YYYY-MM-DD`) the most recent update was installed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_installed: Option<String>,
    /// Automatic updates switched off by policy (Windows `NoAutoUpdate`, disabled
    /// `unattended-upgrades` / `dnf-automatic`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automatic: Option<bool>,
    /// Date (`YYYY-MM-DD`) the package lists were last refreshed, where `pending` comes
    /// from a local cache (apt, dnf, yum): a host that never refreshes them shows no
    /// pending update however old it is. `None` where the list is asked of the update
    /// service itself (Windows Update).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lists_refreshed: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// One update available and not installed.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PendingUpdate {
    /// Package name or KB number.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installed_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_version: Option<String>,
    /// The source marks it a security update (Debian-Security origin, errata type
    /// `security`, Windows classification Security Updates).
    pub security: bool,
    pub evidence: Vec<Evidence>,
}

/// One listening socket.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Listener {
    /// `tcp` or `udp`.
    pub protocol: String,
    /// Local address as printed (`0.0.0.0`, `::`, `127.0.0.1`).
    pub address: String,
    pub port: u16,
    /// Owning process, when the OS says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process: Option<String>,
    pub evidence: Vec<Evidence>,
}

impl Listener {
    /// Whether the socket is bound to loopback only (not reachable from the network).
    pub fn is_loopback(&self) -> bool {
        let a = self.address.trim_start_matches('[').trim_end_matches(']');
        a.starts_with("127.") || a == "::1" || a.eq_ignore_ascii_case("localhost")
    }
}

/// A running service or process.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RunningSoftware {
    /// Service or process name (`TeamViewer`, `sshd.service`, `AnyDesk.exe`).
    pub name: String,
    /// Display name or description, when the OS gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// Antivirus / endpoint protection state.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Antivirus {
    /// Product name (`Microsoft Defender Antivirus`, `ClamAV`).
    pub product: String,
    /// Real-time (on-access) protection is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub realtime: Option<bool>,
    /// Date (`YYYY-MM-DD`) of the signatures in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatures_date: Option<String>,
    /// Whether the product itself reports its signatures up to date (Windows Security
    /// Center's flag), where it shows no date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatures_current: Option<bool>,
    pub evidence: Vec<Evidence>,
}

/// Whether USB mass storage is blocked (checklist R7 USB item).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UsbStorage {
    pub blocked: bool,
    /// What blocks it or shows it is allowed (`USBSTOR Start=4`, `install usb-storage /bin/true`).
    pub detail: String,
    pub evidence: Vec<Evidence>,
}

/// Audit logging of logons and privilege use.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Audit {
    /// Logon success and failure are recorded (Windows audit policy Logon, auditd
    /// running; on network devices the login log settings).
    pub logons: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// Members of the local administrators group.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AdminGroup {
    /// Group name (`Administrators`, `sudo`, `wheel`).
    pub name: String,
    /// Members as the OS names them (`HOSPITAL\Domain Users`, `alice`).
    pub members: Vec<String>,
    pub evidence: Vec<Evidence>,
}
