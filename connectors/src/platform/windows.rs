//! Windows Server (e-chart, Active Directory) and client PCs, collected over Windows
//! OpenSSH: the default shell is `cmd.exe` and the connector runs one command per exec
//! channel, so every command is a self-contained `powershell -NoProfile
//! -NonInteractive -Command "..."` (no `"` and no `%` inside the script, which `cmd.exe`
//! would interpret).
//!
//! # Output format
//!
//! PowerShell commands print JSON Lines: one compact JSON object per item
//! (`ConvertTo-Json -Compress`), so that an item's evidence is exactly its line and a
//! damaged line loses only that item. List commands end with `{"Total":N}`: an
//! artifact without it (or whose count differs) is taken as cut off, and nothing is
//! concluded from an item not being in it. A failed cmdlet prints `{"Error":"..."}`
//! instead; its facts are then unknown. Dates are ISO 8601 (`.ToString('o')`), never
//! `/Date(...)/` — which is still read, as is the indented output of plain
//! `ConvertTo-Json` (one document per artifact, whose items span several lines), so
//! snapshots made by other tools or older scripts parse too.
//!
//! Output is switched to UTF-8 first (`[Console]::OutputEncoding`), otherwise a
//! Japanese host writes code page 932. Native commands (`net accounts`, `auditpol`)
//! are run before the switch, so PowerShell decodes their output in the console code
//! page they write in, and re-encodes it as UTF-8.
//!
//! # Artifact names
//!
//! A cmdlet's artifact is named `<Cmdlet>_ConvertTo-Json.txt` (the name
//! [`crate::snapshot::artifact_name`] gives `<Cmdlet> | ConvertTo-Json`; the two names
//! used by earlier snapshots, `Get-ComputerInfo_ConvertTo-Json.txt` and
//! `Get-LocalUser_ConvertTo-Json.txt`, are of this form), with a qualifier where one
//! cmdlet makes two artifacts (`Get-ItemProperty_SNMP_...`); a native command's
//! artifact is `artifact_name` of the command as typed (`net_accounts.txt`).
//!
//! # Facts
//!
//! - firmware: `10.0.<CurrentBuild>.<UBR>` (what `ver` prints), model from the WMI
//!   caption; without UBR only the release is known and the version is unknown.
//! - services: a service running or its port listening (non-loopback) is on; off only
//!   when both lists are complete. RDP also from `fDenyTSConnections`, SMB1 from
//!   `Get-SmbServerConfiguration`.
//! - management_access (RDP, SSH, SNMP) and remote_access (RRAS PPTP/L2TP
//!   listeners): one entry per enabled inbound allow rule covering the port in an
//!   active profile, `restricted_by` its display name; an active profile that is off
//!   or allows inbound by default gives one `any` entry with the profile's line.
//! - accounts: local accounts only (domain accounts live in AD). Admin through the
//!   account's own membership of Administrators (by SID, else `HOST\name`) or a
//!   well-known group holding every local user (Everyone, Authenticated Users,
//!   INTERACTIVE, Users); otherwise Operator, or Unknown without the member list.
//! - interfaces: Wan when the interface holds a public IPv4 address (not RFC 1918,
//!   loopback, link-local or 100.64/10), Lan with a private one; IPv6 decides nothing.
//! - host.antivirus: Defender unless it is off or passive, then the product Security
//!   Center (clients) reports on, its real-time state from `productState` (as commonly
//!   decoded: second byte `0x1_` = on; Microsoft does not document the encoding).
//! - host.usb_storage: blocked by `USBSTOR Start=4`, `RemovableStorageDevices
//!   Deny_All=1`, removable-disk `Deny_Read=1`, or `DenyRemovableDevices=1` (the last
//!   one stops new devices only; the detail says so).
//!
//! # Defaults relied on, and not
//!
//! - Windows Firewall: a profile whose state is `NotConfigured` is on, and inbound
//!   traffic no rule allows is blocked (the documented defaults). The effective
//!   (`ActiveStore`) rules and profiles are read, so Group Policy is included. When the
//!   network category of the interfaces is not shown, every profile is taken as active.
//! - A rule whose local port is `Any` covers a service only when it is not limited to a
//!   program. Remote address `Internet` counts as any address; `LocalSubnet` is resolved
//!   to the prefixes of the host's own addresses (link-local excluded) when those were
//!   collected, and otherwise stays a name that source rules cannot resolve.
//! - Automatic updates: without any update policy a client (Windows 10/11) installs
//!   updates by itself; a server's default is not relied on (reported unknown).
//! - RDP port 3389 unless `RDP-Tcp\PortNumber` says otherwise; the policy value of
//!   `fDenyTSConnections` wins over the local one.
//! - The Windows SNMP service accepts any manager when `PermittedManagers` is empty; the
//!   managers are then those the firewall lets through to udp/161.
//! - Local account passwords are kept as NT hashes, reported `Strong` (the model's
//!   "modern hash" class; it is unsalted, so rules should not read more into it).
//!   `PasswordRequired = False` (PASSWD_NOTREQD) means the account may have an empty
//!   password whatever the policy says; the hash cannot be seen, so the worst case is
//!   reported: `None`. An auto-logon password in `Winlogon\DefaultPassword` is a clear
//!   text copy readable from the registry: that account is `Plain`. The collection
//!   command only says whether the value exists, it never reads it.
//! - HTTP/HTTPS are not reported as services: a web server on a Windows host is an
//!   application (it is in `host.listening`), not a management interface of the OS.
//! - Time: `Type = NTP` lists `NtpServer` (flags such as `,0x9` removed); `NT5DS`
//!   (domain hierarchy) is recorded as the source `domain:<AD domain>`.
//! - `net accounts` labels are matched by keywords in English and Japanese, and
//!   `Never`/`Unlimited`/`なし`/`無期限` read as 0. Password complexity and reversible
//!   encryption come from `secedit /export`, the one command that writes: a temporary
//!   file in the collecting user's `%TEMP%`, deleted by the same command.

use std::net::{IpAddr, Ipv4Addr};

use ipnet::IpNet;
use kenshin_facts::version::{Family, Version};
use kenshin_facts::{
    ANY_SOURCE, Account, AdminGroup, Antivirus, Audit, AuthPolicy, Evidence, Facts, Firmware, Host, Interface, InterfaceRole,
    Listener, Logging, ManagementAccess, PasswordStorage, PendingUpdate, Privilege, RemoteAccess, RemoteAccessKind,
    RunningSoftware, Service, ServiceName, Snmp, SnmpAccess, SnmpCommunity, Updates, UsbStorage,
};
use serde_json::{Map, Value};

use super::{Command, cmd, netmask, numbered};
use crate::snapshot::Snapshot;

const COMPUTER_INFO: &str = "Get-ComputerInfo_ConvertTo-Json.txt";
const HOTFIX: &str = "Get-HotFix_ConvertTo-Json.txt";
const UPDATE_SEARCH: &str = "Microsoft.Update.Searcher_ConvertTo-Json.txt";
const SERVICES: &str = "Get-Service_ConvertTo-Json.txt";
const PROCESSES: &str = "Get-Process_ConvertTo-Json.txt";
const LISTENERS: &str = "Get-NetTCPConnection_ConvertTo-Json.txt";
const ADDRESSES: &str = "Get-NetIPAddress_ConvertTo-Json.txt";
const FIREWALL_PROFILES: &str = "Get-NetFirewallProfile_ConvertTo-Json.txt";
const FIREWALL_RULES: &str = "Get-NetFirewallRule_ConvertTo-Json.txt";
const LOCAL_USERS: &str = "Get-LocalUser_ConvertTo-Json.txt";
const ADMINISTRATORS: &str = "Get-LocalGroupMember_ConvertTo-Json.txt";
const NET_ACCOUNTS: &str = "net_accounts.txt";
const SECEDIT: &str = "secedit_ConvertTo-Json.txt";
const AUDITPOL: &str = "auditpol_get_subcategory_Logon_r.txt";
const SECURITY_LOG: &str = "Get-WinEvent_ConvertTo-Json.txt";
const DEFENDER: &str = "Get-MpComputerStatus_ConvertTo-Json.txt";
const SECURITY_CENTER: &str = "Get-CimInstance_AntiVirusProduct_ConvertTo-Json.txt";
const SMB: &str = "Get-SmbServerConfiguration_ConvertTo-Json.txt";
const REGISTRY: &str = "Get-ItemProperty_ConvertTo-Json.txt";
const SNMP_REGISTRY: &str = "Get-ItemProperty_SNMP_ConvertTo-Json.txt";

/// `powershell ... -Command "<script>"` with UTF-8 output.
macro_rules! ps {
    ($($script:expr),+ $(,)?) => {
        concat!(
            "powershell -NoProfile -NonInteractive -Command \"",
            "try { [Console]::OutputEncoding=New-Object Text.UTF8Encoding $false } catch {}; ",
            $($script),+,
            "\""
        )
    };
}

/// A list: the items of `$items` one JSON line each, then `{"Total":N}`.
macro_rules! ps_list {
    ($($items:expr),+ $(,)?) => {
        ps!(
            "try { $r=@(", $($items),+, ") } catch { $r=$null; @{Error=[string]$_} | ConvertTo-Json -Compress }; ",
            "if ($null -ne $r) { foreach ($i in $r) { $i | ConvertTo-Json -Compress }; @{Total=$r.Count} | ConvertTo-Json -Compress }"
        )
    };
}

/// One object on one line.
macro_rules! ps_one {
    ($($object:expr),+ $(,)?) => {
        ps!("try { ", $($object),+, " | ConvertTo-Json -Compress } catch { @{Error=[string]$_} | ConvertTo-Json -Compress }")
    };
}

/// A native command, captured in the console code page and printed as UTF-8.
macro_rules! native {
    ($command:expr) => {
        concat!(
            "powershell -NoProfile -NonInteractive -Command \"$o=@(",
            $command,
            "); try { [Console]::OutputEncoding=New-Object Text.UTF8Encoding $false } catch {}; $o\""
        )
    };
}

/// `D $date`: a PowerShell date as ISO 8601 text (`.ToString('o')`), `$null` kept.
macro_rules! date_fn {
    () => {
        "function D($d){ if ($d) { ([datetime]$d).ToString('o') } }; "
    };
}

pub(super) const COMMANDS: &[Command] = &[
    cmd(
        ps_one!(
            "$c=Get-ComputerInfo -Property CsName,CsDNSHostName,CsDomain,CsPartOfDomain,WindowsProductName,OsName,OsVersion,OsBuildNumber,OsProductType -ErrorAction Stop; ",
            r"$v=Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'; ",
            "[pscustomobject]@{CsName=$c.CsName; CsDNSHostName=$c.CsDNSHostName; CsDomain=$c.CsDomain; CsPartOfDomain=$c.CsPartOfDomain; ",
            "WindowsProductName=$c.WindowsProductName; OsName=$c.OsName; OsVersion=$c.OsVersion; OsBuildNumber=$c.OsBuildNumber; ",
            "OsProductType=[string]$c.OsProductType; CurrentBuild=$v.CurrentBuild; UBR=$v.UBR; DisplayVersion=$v.DisplayVersion}"
        ),
        COMPUTER_INFO,
    ),
    cmd(
        ps_list!(
            date_fn!(),
            "Get-HotFix -ErrorAction Stop | ForEach-Object { [pscustomobject]@{HotFixID=$_.HotFixID; Description=$_.Description; InstalledOn=(D $_.InstalledOn)} }"
        ),
        HOTFIX,
    ),
    cmd(
        ps_list!(
            "$u=(New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher().Search('IsInstalled=0 and Type=''Software'' and IsHidden=0').Updates; ",
            "foreach ($x in $u) { [pscustomobject]@{Title=$x.Title; KBArticleIDs=@($x.KBArticleIDs); MsrcSeverity=$x.MsrcSeverity; ",
            "CategoryIDs=@($x.Categories | ForEach-Object { $_.CategoryID })} }"
        ),
        UPDATE_SEARCH,
    ),
    cmd(
        ps_list!(
            "Get-Service -ErrorAction SilentlyContinue | ForEach-Object { [pscustomobject]@{Name=$_.Name; DisplayName=$_.DisplayName; ",
            "Status=[string]$_.Status; StartType=[string]$_.StartType} }"
        ),
        SERVICES,
    ),
    cmd(
        ps_list!(
            "Get-Process | Sort-Object ProcessName -Unique | ForEach-Object { [pscustomobject]@{Name=$_.ProcessName; Description=$_.Description} }"
        ),
        PROCESSES,
    ),
    cmd(
        ps_list!(
            "$p=@{}; Get-Process | ForEach-Object { $p[[int]$_.Id]=$_.ProcessName }; ",
            "Get-NetTCPConnection -State Listen -ErrorAction Stop | ForEach-Object { [pscustomobject]@{Protocol='tcp'; LocalAddress=$_.LocalAddress; ",
            "LocalPort=$_.LocalPort; OwningProcess=$_.OwningProcess; Process=$p[[int]$_.OwningProcess]} }; ",
            "Get-NetUDPEndpoint -ErrorAction Stop | ForEach-Object { [pscustomobject]@{Protocol='udp'; LocalAddress=$_.LocalAddress; ",
            "LocalPort=$_.LocalPort; OwningProcess=$_.OwningProcess; Process=$p[[int]$_.OwningProcess]} }"
        ),
        LISTENERS,
    ),
    cmd(
        ps_list!(
            "Get-NetIPAddress -ErrorAction Stop | ForEach-Object { [pscustomobject]@{InterfaceAlias=$_.InterfaceAlias; IPAddress=$_.IPAddress; ",
            "PrefixLength=$_.PrefixLength; AddressFamily=[string]$_.AddressFamily; PrefixOrigin=[string]$_.PrefixOrigin} }"
        ),
        ADDRESSES,
    ),
    cmd(
        ps_list!(
            "Get-NetFirewallProfile -PolicyStore ActiveStore -ErrorAction Stop | ForEach-Object { [pscustomobject]@{Profile=$_.Name; ",
            "Enabled=[string]$_.Enabled; DefaultInboundAction=[string]$_.DefaultInboundAction} }; ",
            "Get-NetConnectionProfile -ErrorAction SilentlyContinue | ForEach-Object { [pscustomobject]@{InterfaceAlias=$_.InterfaceAlias; ",
            "NetworkCategory=[string]$_.NetworkCategory} }"
        ),
        FIREWALL_PROFILES,
    ),
    cmd(
        ps_list!(
            "$s='ActiveStore'; $pf=@{}; Get-NetFirewallPortFilter -All -PolicyStore $s | ForEach-Object { $pf[$_.InstanceID]=$_ }; ",
            "$af=@{}; Get-NetFirewallAddressFilter -All -PolicyStore $s | ForEach-Object { $af[$_.InstanceID]=$_ }; ",
            "$ap=@{}; Get-NetFirewallApplicationFilter -All -PolicyStore $s | ForEach-Object { $ap[$_.InstanceID]=$_ }; ",
            "Get-NetFirewallRule -PolicyStore $s -Enabled True -Direction Inbound -Action Allow -ErrorAction Stop | ForEach-Object { $n=$_.Name; ",
            "[pscustomobject]@{Name=$n; DisplayName=$_.DisplayName; Profile=[string]$_.Profile; Protocol=[string]$pf[$n].Protocol; ",
            "LocalPort=@($pf[$n].LocalPort); RemoteAddress=@($af[$n].RemoteAddress); Program=[string]$ap[$n].Program} }"
        ),
        FIREWALL_RULES,
    ),
    cmd(
        ps_list!(
            date_fn!(),
            "Get-LocalUser -ErrorAction Stop | ForEach-Object { [pscustomobject]@{Name=$_.Name; SID=[string]$_.SID; Enabled=$_.Enabled; ",
            "PasswordRequired=$_.PasswordRequired; PasswordLastSet=(D $_.PasswordLastSet); PasswordExpires=(D $_.PasswordExpires); LastLogon=(D $_.LastLogon)} }"
        ),
        LOCAL_USERS,
    ),
    cmd(
        ps_list!(
            "$g=(New-Object Security.Principal.SecurityIdentifier 'S-1-5-32-544').Translate([Security.Principal.NTAccount]).Value; ",
            "try { Get-LocalGroupMember -SID S-1-5-32-544 -ErrorAction Stop | ForEach-Object { [pscustomobject]@{Group=$g; Name=$_.Name; ",
            "SID=[string]$_.SID; ObjectClass=[string]$_.ObjectClass; PrincipalSource=[string]$_.PrincipalSource} } } ",
            // Get-LocalGroupMember fails on a member whose SID no longer resolves: ADSI instead.
            r"catch { ([ADSI]('WinNT://./' + $g.Split('\')[-1] + ',group')).Invoke('Members') | ForEach-Object { $a=[ADSI]$_; ",
            r"[pscustomobject]@{Group=$g; Name=($a.Path -replace '^WinNT://','' -replace '/','\'); ",
            "SID=(New-Object Security.Principal.SecurityIdentifier($a.objectSid.Value,0)).Value; ObjectClass=[string]$a.Class; PrincipalSource='ADSI'} } }"
        ),
        ADMINISTRATORS,
    ),
    cmd(native!("net accounts"), NET_ACCOUNTS),
    cmd(
        ps!(
            "$f=[IO.Path]::GetTempFileName(); try { secedit /export /cfg $f /areas SECURITYPOLICY /quiet | Out-Null; $h=[ordered]@{}; ",
            "Get-Content -LiteralPath $f | ForEach-Object { if ($_ -match '^(MinimumPasswordLength|PasswordComplexity|ClearTextPassword|LockoutBadCount|MaximumPasswordAge) = (-?[0-9]+)$') ",
            "{ $h[$matches[1]]=[int]$matches[2] } }; [pscustomobject]$h | ConvertTo-Json -Compress } ",
            "catch { @{Error=[string]$_} | ConvertTo-Json -Compress } finally { Remove-Item -LiteralPath $f -Force -ErrorAction SilentlyContinue }"
        ),
        SECEDIT,
    ),
    // The Logon subcategory by its GUID: the names are localised.
    cmd(native!("auditpol /get '/subcategory:{0CCE9215-69AE-11D9-BED3-505054503030}' /r"), AUDITPOL),
    cmd(
        ps_one!(
            "Get-WinEvent -ListLog Security -ErrorAction Stop | ForEach-Object { [pscustomobject]@{LogName=$_.LogName; ",
            "MaximumSizeInBytes=$_.MaximumSizeInBytes; LogMode=[string]$_.LogMode; IsEnabled=$_.IsEnabled} }"
        ),
        SECURITY_LOG,
    ),
    cmd(
        ps_one!(
            date_fn!(),
            "Get-MpComputerStatus -ErrorAction Stop | ForEach-Object { [pscustomobject]@{AMServiceEnabled=$_.AMServiceEnabled; ",
            "AntivirusEnabled=$_.AntivirusEnabled; RealTimeProtectionEnabled=$_.RealTimeProtectionEnabled; AMRunningMode=$_.AMRunningMode; ",
            "AntivirusSignatureLastUpdated=(D $_.AntivirusSignatureLastUpdated); AntivirusSignatureVersion=$_.AntivirusSignatureVersion; ",
            "AMProductVersion=$_.AMProductVersion} }"
        ),
        DEFENDER,
    ),
    // Security Center exists on client editions only; on a server this prints an error.
    cmd(
        ps_list!(
            "Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct -ErrorAction Stop | ForEach-Object { ",
            "[pscustomobject]@{DisplayName=$_.displayName; ProductState=$_.productState} }"
        ),
        SECURITY_CENTER,
    ),
    cmd(
        ps_one!(
            "Get-SmbServerConfiguration -ErrorAction Stop | Select-Object EnableSMB1Protocol,EnableSMB2Protocol,RequireSecuritySignature,EncryptData"
        ),
        SMB,
    ),
    cmd(
        ps_list!(
            "foreach ($e in @(",
            r"'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server|fDenyTSConnections', ",
            r"'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp|PortNumber,UserAuthentication', ",
            r"'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services|fDenyTSConnections,UserAuthentication', ",
            r"'HKLM:\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate|WUServer', ",
            r"'HKLM:\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU|NoAutoUpdate,AUOptions,UseWUServer', ",
            r"'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update|AUOptions', ",
            r"'HKLM:\SYSTEM\CurrentControlSet\Services\USBSTOR|Start', ",
            r"'HKLM:\SOFTWARE\Policies\Microsoft\Windows\RemovableStorageDevices|Deny_All', ",
            r"'HKLM:\SOFTWARE\Policies\Microsoft\Windows\RemovableStorageDevices\{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}|Deny_Read,Deny_Write', ",
            r"'HKLM:\SOFTWARE\Policies\Microsoft\Windows\DeviceInstall\Restrictions|DenyRemovableDevices', ",
            r"'HKLM:\SYSTEM\CurrentControlSet\Services\W32Time\Parameters|Type,NtpServer', ",
            r"'HKLM:\SOFTWARE\Policies\Microsoft\W32Time\Parameters|Type,NtpServer', ",
            r"'HKLM:\SOFTWARE\Policies\Microsoft\Windows\EventLog\EventForwarding\SubscriptionManager|*', ",
            r"'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon|AutoAdminLogon,DefaultUserName,DefaultDomainName,?DefaultPassword'",
            ")) { $p,$n=$e.Split('|'); $k=Get-ItemProperty -LiteralPath $p -ErrorAction SilentlyContinue; ",
            "$o=[ordered]@{Path=$p; Exists=(Test-Path -LiteralPath $p)}; if ($k) { foreach ($v in $n.Split(',')) { ",
            "if ($v -eq '*') { $k.PSObject.Properties | Where-Object { $_.Name -notlike 'PS*' } | ForEach-Object { $o[$_.Name]=$_.Value } } ",
            // `?Name`: only whether the value exists (the auto-logon password is never read).
            "elseif ($v.StartsWith('?')) { $m=$v.Substring(1); $o[$m]=($null -ne $k.PSObject.Properties[$m]) } ",
            "elseif ($k.PSObject.Properties[$v]) { $o[$v]=$k.$v } } }; [pscustomobject]$o }"
        ),
        REGISTRY,
    ),
    cmd(
        ps_list!(
            r"$b='HKLM:\SYSTEM\CurrentControlSet\Services\SNMP\Parameters'; [pscustomobject]@{Path=$b; Exists=(Test-Path -LiteralPath $b)}; ",
            r"$c=Get-ItemProperty -LiteralPath ($b + '\ValidCommunities') -ErrorAction SilentlyContinue; ",
            "if ($c) { $c.PSObject.Properties | Where-Object { $_.Name -notlike 'PS*' } | ForEach-Object { [pscustomobject]@{Community=$_.Name; Rights=$_.Value} } }; ",
            r"$m=Get-ItemProperty -LiteralPath ($b + '\PermittedManagers') -ErrorAction SilentlyContinue; ",
            "if ($m) { $m.PSObject.Properties | Where-Object { $_.Name -notlike 'PS*' } | ForEach-Object { [pscustomobject]@{PermittedManager=$_.Value} } }"
        ),
        SNMP_REGISTRY,
    ),
];

/// Whether the snapshot is a Windows host's (`platform = "auto"`).
pub(super) fn recognises(snapshot: &Snapshot) -> bool {
    if let Some(text) = snapshot.artifact(COMPUTER_INFO) {
        let parsed = parse_json(text);
        if parsed
            .recs
            .iter()
            .any(|r| ["WindowsProductName", "OsName"].iter().any(|k| text_of(&r.obj, k).is_some_and(|v| v.contains("Windows"))))
        {
            return true;
        }
    }
    snapshot.artifact(HOTFIX).is_some_and(|t| t.contains("\"HotFixID\""))
        || snapshot.artifact(LOCAL_USERS).is_some_and(|t| t.contains("\"PasswordRequired\""))
}

// ---------------------------------------------------------------------------------
// JSON artifacts

type Obj = Map<String, Value>;

/// One JSON object of an artifact and the lines it spans.
#[derive(Debug)]
struct Rec {
    first: u32,
    last: u32,
    obj: Obj,
}

impl Rec {
    fn ev(&self, artifact: &str) -> Evidence {
        Evidence::lines(artifact, self.first, self.last)
    }
}

#[derive(Debug, Default)]
struct Parsed {
    recs: Vec<Rec>,
    /// Lines that are not JSON (JSON Lines only).
    bad: Vec<u32>,
    total: Option<u64>,
    error: Option<(u32, String)>,
    /// Indented `ConvertTo-Json` output: one document.
    document: bool,
    /// The document's brackets all closed.
    closed: bool,
}

/// Reads JSON Lines, or one indented document (its first line is a lone `{` or `[`).
fn parse_json(text: &str) -> Parsed {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    if matches!(first, Some("{" | "[")) {
        return document(text);
    }
    let mut p = Parsed::default();
    for (no, line) in numbered(text) {
        let l = line.trim().trim_start_matches('\u{feff}');
        if l.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(l) {
            Ok(Value::Object(obj)) => p.object(obj, no, no),
            Ok(Value::Array(items)) => {
                for item in items {
                    if let Value::Object(obj) = item {
                        p.object(obj, no, no);
                    }
                }
            }
            _ => p.bad.push(no),
        }
    }
    p
}

impl Parsed {
    fn object(&mut self, obj: Obj, first: u32, last: u32) {
        if obj.len() == 1 {
            if let Some(n) = obj.get("Total").and_then(Value::as_u64) {
                self.total = Some(n);
                return;
            }
            if let Some(e) = obj.get("Error") {
                let message = e.as_str().map_or_else(|| e.to_string(), str::to_string);
                self.error.get_or_insert((first, message));
                return;
            }
        }
        self.recs.push(Rec { first, last, obj });
    }
}

/// An indented document: the top-level objects, or the objects of a top-level array,
/// each with the lines it spans.
fn document(text: &str) -> Parsed {
    let mut p = Parsed { document: true, ..Parsed::default() };
    let bytes = text.as_bytes();
    let (mut depth, mut line) = (0usize, 1u32);
    let (mut in_string, mut escaped) = (false, false);
    let mut top_array = false;
    let mut start: Option<(usize, u32)> = None;
    let mut closed_any = false;
    let mut broken = false;
    for (i, &c) in bytes.iter().enumerate() {
        if c == b'\n' {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == b'\\' {
                escaped = true;
            } else if c == b'"' {
                in_string = false;
            }
            continue;
        }
        let item_depth = usize::from(top_array);
        match c {
            b'"' => in_string = true,
            b'{' | b'[' => {
                if depth == 0 {
                    top_array = c == b'[';
                }
                if c == b'{' && depth == usize::from(top_array) {
                    start = Some((i, line));
                }
                depth += 1;
            }
            b'}' | b']' => {
                if depth == 0 {
                    broken = true;
                    break;
                }
                depth -= 1;
                if c == b'}'
                    && depth == item_depth
                    && let Some((s, first)) = start.take()
                {
                    match text.get(s..=i).map(serde_json::from_str::<Value>) {
                        Some(Ok(Value::Object(obj))) => p.object(obj, first, line),
                        _ => p.bad.push(first),
                    }
                }
                if depth == 0 {
                    closed_any = true;
                }
            }
            _ => {}
        }
    }
    p.closed = closed_any && depth == 0 && !in_string && !broken && p.bad.is_empty();
    p
}

/// A JSON artifact as the parser uses it.
struct Json {
    name: &'static str,
    recs: Vec<Rec>,
    /// Everything the command printed is here: absence of an item means something.
    complete: bool,
}

impl Json {
    fn ev(&self, r: &Rec) -> Evidence {
        r.ev(self.name)
    }
}

/// Reads a JSON artifact. `None` (with a note) when it is missing or the command failed
/// on the host; otherwise what could be read, and whether it is complete.
fn load_json(snapshot: &Snapshot, name: &'static str, list: bool, notes: &mut Vec<String>) -> Option<Json> {
    let Some(text) = snapshot.artifact(name) else {
        notes.push(format!("artifact {name} missing: its facts are unknown"));
        return None;
    };
    let p = parse_json(text);
    if let Some((line, message)) = &p.error
        && p.recs.is_empty()
    {
        notes.push(format!("{name}:{line}: the command failed on the host: {}: its facts are unknown", shorten(message)));
        return None;
    }
    if !p.bad.is_empty() {
        let lines: Vec<String> = p.bad.iter().take(10).map(u32::to_string).collect();
        notes.push(format!(
            "{name}: {} line(s) damaged or cut, not readable as JSON ({}): skipped",
            p.bad.len(),
            lines.join(", ")
        ));
    }
    let complete = if p.document {
        p.closed
    } else if list {
        let read = (p.recs.len() + p.bad.len()) as u64;
        match p.total {
            Some(n) if n == read && p.bad.is_empty() => true,
            Some(n) => {
                notes.push(format!("{name}: {read} item line(s) where the end marker says {n}"));
                false
            }
            None => false,
        }
    } else {
        !p.recs.is_empty() && p.bad.is_empty()
    };
    if !complete {
        notes.push(format!(
            "{name}: incomplete (no end marker, damaged lines or cut off): what its absent items would show is unknown"
        ));
    }
    Some(Json { name, recs: p.recs, complete })
}

/// An error message, bounded for a note.
fn shorten(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(160) {
        Some((i, _)) => format!("{}...", &one_line[..i]),
        None => one_line,
    }
}

/// A non-empty string value (numbers printed as text).
fn text_of<'a>(o: &'a Obj, key: &str) -> Option<&'a str> {
    o.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

fn owned_text(o: &Obj, key: &str) -> Option<String> {
    match o.get(key)? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A number, or a string holding one (REG_SZ `"1"`).
fn number(o: &Obj, key: &str) -> Option<i64> {
    match o.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

/// A boolean: `true`, `"True"` (enums cast to string), `1`.
fn flag(o: &Obj, key: &str) -> Option<bool> {
    match o.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Strings of an array (or a lone value); numbers as text, nulls dropped.
fn strings(o: &Obj, key: &str) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match o.get(key) {
        Some(Value::Array(items)) => items.iter().filter_map(one).collect(),
        Some(v) => one(v).into_iter().collect(),
        None => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------
// Dates

/// `2024-06-12T00:00:00.0000000+09:00`, `2024-06-12` or `/Date(1718150400000)/` → the
/// date `2024-06-12`.
fn date_of(v: &str) -> Option<String> {
    if let Some(ms) = json_date_ms(v) {
        return civil_from_ms(ms).map(|(y, m, d, _)| format!("{y:04}-{m:02}-{d:02}"));
    }
    let d = v.get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    (ok && v.len() >= 10 && (v.len() == 10 || v.as_bytes()[10] == b'T' || v.as_bytes()[10] == b' ')).then(|| d.to_string())
}

/// An RFC 3339 timestamp: ISO text as printed (`.ToString('o')`), or `/Date(ms)/` in UTC.
fn timestamp_of(v: &str) -> Option<String> {
    if let Some(ms) = json_date_ms(v) {
        return civil_from_ms(ms)
            .map(|(y, m, d, secs)| format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60));
    }
    let b = v.as_bytes();
    let shaped = b.len() >= 19
        && date_of(v).is_some()
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && [11, 12, 14, 15, 17, 18].iter().all(|&i| b[i].is_ascii_digit());
    shaped.then(|| v.to_string())
}

/// The milliseconds of `/Date(1718150400000)/` or `/Date(1718150400000+0900)/`.
fn json_date_ms(v: &str) -> Option<i64> {
    let inner = v.trim().strip_prefix("/Date(")?.strip_suffix(")/")?;
    let digits_end = inner.char_indices().skip(1).find(|(_, c)| !c.is_ascii_digit()).map_or(inner.len(), |(i, _)| i);
    inner[..digits_end].parse().ok()
}

/// Civil date (UTC) and seconds of day of a Unix time in milliseconds; years 1601-9999.
fn civil_from_ms(ms: i64) -> Option<(i64, u32, u32, i64)> {
    let days = ms.div_euclid(86_400_000);
    let secs = ms.rem_euclid(86_400_000) / 1000;
    // Howard Hinnant's days-to-civil.
    let z = days.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (1601..=9999).contains(&y).then_some((y, m as u32, d as u32, secs))
}

// ---------------------------------------------------------------------------------
// Addresses

fn cidr(net: IpNet) -> String {
    if net.prefix_len() == 0 { ANY_SOURCE.to_string() } else { net.trunc().to_string() }
}

/// Firewall remote-address terms as CIDRs. `local_subnets` resolves `LocalSubnet`.
fn remote_sources(terms: &[String], local_subnets: Option<&[IpNet]>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    if terms.is_empty() {
        push(ANY_SOURCE.to_string());
    }
    for t in terms {
        let lower = t.to_ascii_lowercase();
        match lower.as_str() {
            // `Internet` is every address that is not on the intranet: from outside, anyone.
            "any" | "*" | "internet" => push(ANY_SOURCE.to_string()),
            "localsubnet" | "localsubnet4" | "localsubnet6" => match local_subnets {
                Some(nets) => {
                    let v4 = lower != "localsubnet6";
                    let v6 = lower != "localsubnet4";
                    for n in nets {
                        if (v4 && matches!(n, IpNet::V4(_))) || (v6 && matches!(n, IpNet::V6(_))) {
                            push(cidr(*n));
                        }
                    }
                }
                None => push(t.clone()),
            },
            _ => match address_term(t) {
                Some(list) => list.into_iter().for_each(&mut push),
                // A keyword the firewall resolves at run time (`DNS`, `DefaultGateway`).
                None => push(t.clone()),
            },
        }
    }
    out
}

/// `10.1.2.3`, `10.1.2.0/24`, `10.1.2.0/255.255.255.0` or `10.1.2.1-10.1.2.9`.
fn address_term(t: &str) -> Option<Vec<String>> {
    if let Some((a, b)) = t.split_once('-') {
        return netmask::range_cidrs(a.trim().parse().ok()?, b.trim().parse().ok()?);
    }
    if let Some((a, m)) = t.split_once('/')
        && m.contains('.')
    {
        return netmask::from_netmask(a, m).map(|c| vec![c]);
    }
    if t.contains('/') {
        return t.parse::<IpNet>().ok().map(|n| vec![cidr(n)]);
    }
    let addr: IpAddr = t.parse().ok()?;
    Some(vec![cidr(IpNet::from(addr))])
}

/// Private, loopback, link-local and shared (CGNAT) IPv4 space: not internet-facing.
fn is_internal_v4(a: Ipv4Addr) -> bool {
    let [x, y, ..] = a.octets();
    a.is_private() || a.is_loopback() || a.is_link_local() || a.is_unspecified() || (x == 100 && (64..128).contains(&y))
}

// ---------------------------------------------------------------------------------
// The registry artifact

/// One registry key as collected: present (with the values asked for), absent, or not
/// in the artifact at all.
enum Key<'a> {
    Unread,
    Absent(&'a Rec),
    Present(&'a Rec),
}

impl<'a> Key<'a> {
    fn rec(&self) -> Option<&'a Rec> {
        match self {
            Key::Unread => None,
            Key::Absent(r) | Key::Present(r) => Some(r),
        }
    }
    fn read(&self) -> bool {
        !matches!(self, Key::Unread)
    }
    fn num(&self, value: &str) -> Option<i64> {
        match self {
            Key::Present(r) => number(&r.obj, value),
            _ => None,
        }
    }
    fn text(&self, value: &str) -> Option<&'a str> {
        match self {
            Key::Present(r) => text_of(&r.obj, value),
            _ => None,
        }
    }
    /// The line, when it holds `value`.
    fn ev_if(&self, value: &str) -> Option<Evidence> {
        match self {
            Key::Present(r) if r.obj.contains_key(value) => Some(r.ev(REGISTRY)),
            _ => None,
        }
    }
}

const TS: &str = r"HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server";
const TS_POLICY: &str = r"HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services";
const RDP_TCP: &str = r"HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp";
const AU_POLICY: &str = r"HKLM:\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU";
const AU_LOCAL: &str = r"HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update";
const USBSTOR: &str = r"HKLM:\SYSTEM\CurrentControlSet\Services\USBSTOR";
const REMOVABLE: &str = r"HKLM:\SOFTWARE\Policies\Microsoft\Windows\RemovableStorageDevices";
const REMOVABLE_DISKS: &str =
    r"HKLM:\SOFTWARE\Policies\Microsoft\Windows\RemovableStorageDevices\{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}";
const DEVICE_INSTALL: &str = r"HKLM:\SOFTWARE\Policies\Microsoft\Windows\DeviceInstall\Restrictions";
const W32TIME: &str = r"HKLM:\SYSTEM\CurrentControlSet\Services\W32Time\Parameters";
const W32TIME_POLICY: &str = r"HKLM:\SOFTWARE\Policies\Microsoft\W32Time\Parameters";
const WEF: &str = r"HKLM:\SOFTWARE\Policies\Microsoft\Windows\EventLog\EventForwarding\SubscriptionManager";
const WINLOGON: &str = r"HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon";

struct Registry<'a>(Option<&'a Json>);

impl<'a> Registry<'a> {
    fn key(&self, path: &str) -> Key<'a> {
        let Some(json) = self.0 else { return Key::Unread };
        let found = json.recs.iter().find(|r| text_of(&r.obj, "Path").is_some_and(|p| p.eq_ignore_ascii_case(path)));
        match found {
            Some(r) if flag(&r.obj, "Exists") == Some(false) => Key::Absent(r),
            Some(r) => Key::Present(r),
            None => Key::Unread,
        }
    }
}

// ---------------------------------------------------------------------------------
// Services, processes, sockets

struct Svc<'a> {
    name: &'a str,
    display: Option<&'a str>,
    running: bool,
    start: Option<&'a str>,
    rec: &'a Rec,
}

struct Sock<'a> {
    protocol: &'static str,
    address: String,
    port: u16,
    process: Option<&'a str>,
    rec: &'a Rec,
}

impl Sock<'_> {
    fn is_loopback(&self) -> bool {
        let a = self.address.as_str();
        a.starts_with("127.") || a == "::1"
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Proto {
    Tcp,
    Udp,
}

impl Proto {
    fn name(self) -> &'static str {
        match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
        }
    }
}

/// What the host runs and listens on.
struct Observed<'a> {
    services: Vec<Svc<'a>>,
    services_complete: bool,
    services_read: bool,
    sockets: Vec<Sock<'a>>,
    sockets_complete: bool,
    sockets_read: bool,
}

/// A network service looked up by service names and ports.
struct Presence<'a> {
    running: Vec<&'a Svc<'a>>,
    stopped: Vec<&'a Svc<'a>>,
    listening: Vec<&'a Sock<'a>>,
    /// Both lists are complete: nothing found means not there.
    complete: bool,
}

impl<'a> Observed<'a> {
    fn service(&self, name: &str) -> Option<&Svc<'a>> {
        self.services.iter().find(|s| s.name.eq_ignore_ascii_case(name))
    }

    fn presence(&'a self, names: &SvcMatcher, ports: &[(Proto, u16)]) -> Presence<'a> {
        let mut p = Presence {
            running: Vec::new(),
            stopped: Vec::new(),
            listening: Vec::new(),
            complete: self.services_complete && self.sockets_complete,
        };
        for s in self.services.iter().filter(|s| names(s)) {
            if s.running { p.running.push(s) } else { p.stopped.push(s) }
        }
        p.listening = self
            .sockets
            .iter()
            .filter(|k| !k.is_loopback() && ports.iter().any(|(proto, port)| proto.name() == k.protocol && *port == k.port))
            .collect();
        p
    }

    fn listening(&self, proto: Proto, port: u16) -> Vec<&Sock<'a>> {
        self.sockets.iter().filter(|k| !k.is_loopback() && k.protocol == proto.name() && k.port == port).collect()
    }
}

// ---------------------------------------------------------------------------------
// Firewall

struct Profile<'a> {
    name: String,
    enabled: bool,
    default_allow: bool,
    rec: &'a Rec,
}

struct Rule<'a> {
    display: String,
    /// Profile names in lower case; empty means every profile (`Any`).
    profiles: Vec<String>,
    protocol: String,
    ports: Vec<String>,
    remote: Vec<String>,
    program: String,
    rec: &'a Rec,
}

impl Rule<'_> {
    /// Whether the rule lets `proto`/`port` in: an explicit port (or range), or any port
    /// when the rule is not limited to a program.
    fn covers(&self, proto: Proto, port: u16) -> bool {
        let proto_ok = match self.protocol.to_ascii_lowercase().as_str() {
            "tcp" | "6" => proto == Proto::Tcp,
            "udp" | "17" => proto == Proto::Udp,
            "any" | "" => true,
            _ => false,
        };
        let explicit = self.ports.iter().any(|p| match p.split_once('-') {
            Some((a, b)) => match (a.trim().parse::<u16>(), b.trim().parse::<u16>()) {
                (Ok(a), Ok(b)) => (a..=b).contains(&port),
                _ => false,
            },
            None => p.trim().parse::<u16>() == Ok(port),
        });
        let any_port = self.ports.is_empty() || self.ports.iter().any(|p| p.eq_ignore_ascii_case("any"));
        let any_program = self.program.is_empty() || self.program.eq_ignore_ascii_case("any");
        proto_ok && (explicit || (any_port && any_program))
    }
}

struct Firewall<'a> {
    profiles: Vec<Profile<'a>>,
    /// Active profile names (lower case) from the interfaces' network category, with the lines.
    active: Vec<(String, &'a Rec)>,
    profiles_complete: bool,
    rules: Vec<Rule<'a>>,
    rules_complete: bool,
}

/// Who may reach a port through the firewall.
struct Allowed {
    /// Sources, what allows them (rule name), evidence.
    entries: Vec<(Vec<String>, Option<String>, Vec<Evidence>)>,
    /// Some rule or profile could not be read.
    unknown: bool,
}

impl Firewall<'_> {
    fn active_profiles(&self) -> Vec<String> {
        let mut names: Vec<String> = self.active.iter().map(|(n, _)| n.clone()).collect();
        if names.is_empty() {
            names = self.profiles.iter().map(|p| p.name.to_ascii_lowercase()).collect();
        }
        if names.is_empty() {
            names = ["domain", "private", "public"].iter().map(|s| s.to_string()).collect();
        }
        names.sort();
        names.dedup();
        names
    }

    fn allowed(&self, proto: Proto, port: u16, local_subnets: Option<&[IpNet]>) -> Allowed {
        let active = self.active_profiles();
        let mut out = Allowed { entries: Vec::new(), unknown: !self.profiles_complete || !self.rules_complete };
        // A profile that is off, or allows inbound by default, lets everyone in.
        let mut open: Vec<Evidence> = Vec::new();
        for p in self.profiles.iter().filter(|p| active.contains(&p.name.to_ascii_lowercase())) {
            if !p.enabled || p.default_allow {
                open.push(p.rec.ev(FIREWALL_PROFILES));
            }
        }
        if !open.is_empty() {
            // The interfaces' network category says why that profile applies.
            for (_, r) in &self.active {
                open.push(r.ev(FIREWALL_PROFILES));
            }
            out.entries.push((vec![ANY_SOURCE.to_string()], None, open));
        }
        for r in &self.rules {
            let in_profile = r.profiles.is_empty() || r.profiles.iter().any(|p| active.contains(p));
            if in_profile && r.covers(proto, port) {
                out.entries.push((
                    remote_sources(&r.remote, local_subnets),
                    Some(r.display.clone()),
                    vec![r.rec.ev(FIREWALL_RULES)],
                ));
            }
        }
        out
    }
}

fn firewall<'a>(profiles: Option<&'a Json>, rules: Option<&'a Json>) -> Firewall<'a> {
    let mut fw = Firewall {
        profiles: Vec::new(),
        active: Vec::new(),
        profiles_complete: profiles.is_some_and(|j| j.complete),
        rules: Vec::new(),
        rules_complete: rules.is_some_and(|j| j.complete),
    };
    for r in profiles.iter().flat_map(|j| j.recs.iter()) {
        if let Some(name) = text_of(&r.obj, "Profile") {
            // `NotConfigured` leaves the default: on, inbound blocked.
            let enabled = !text_of(&r.obj, "Enabled").is_some_and(|e| e.eq_ignore_ascii_case("false"));
            let default_allow = text_of(&r.obj, "DefaultInboundAction").is_some_and(|a| a.eq_ignore_ascii_case("allow"));
            fw.profiles.push(Profile { name: name.to_string(), enabled, default_allow, rec: r });
        } else if let Some(category) = text_of(&r.obj, "NetworkCategory") {
            let profile = match category.to_ascii_lowercase().as_str() {
                "domainauthenticated" | "domain" => "domain",
                "private" => "private",
                "public" => "public",
                _ => continue,
            };
            fw.active.push((profile.to_string(), r));
        }
    }
    for r in rules.iter().flat_map(|j| j.recs.iter()) {
        let display = text_of(&r.obj, "DisplayName").or_else(|| text_of(&r.obj, "Name")).unwrap_or("(unnamed rule)");
        let profiles: Vec<String> = text_of(&r.obj, "Profile")
            .unwrap_or("Any")
            .split(',')
            .map(|p| p.trim().to_ascii_lowercase())
            .filter(|p| !p.is_empty() && p != "any")
            .collect();
        fw.rules.push(Rule {
            display: display.to_string(),
            profiles,
            protocol: text_of(&r.obj, "Protocol").unwrap_or("Any").to_string(),
            ports: strings(&r.obj, "LocalPort"),
            remote: strings(&r.obj, "RemoteAddress"),
            program: text_of(&r.obj, "Program").unwrap_or("").to_string(),
            rec: r,
        });
    }
    fw
}

// ---------------------------------------------------------------------------------
// Parse

pub(super) fn parse(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) {
    let info = load_json(snapshot, COMPUTER_INFO, false, notes);
    let system = system(info.as_ref(), facts, notes);

    let registry_json = load_json(snapshot, REGISTRY, true, notes);
    let registry = Registry(registry_json.as_ref());

    let services_json = load_json(snapshot, SERVICES, true, notes);
    let sockets_json = load_json(snapshot, LISTENERS, true, notes);
    let observed = observed(services_json.as_ref(), sockets_json.as_ref());
    let addresses = load_json(snapshot, ADDRESSES, true, notes);
    let local_subnets = local_subnets(addresses.as_ref());
    let fw_profiles = load_json(snapshot, FIREWALL_PROFILES, true, notes);
    let fw_rules = load_json(snapshot, FIREWALL_RULES, true, notes);
    let fw = firewall(fw_profiles.as_ref(), fw_rules.as_ref());
    let smb = load_json(snapshot, SMB, false, notes);
    let snmp_json = load_json(snapshot, SNMP_REGISTRY, true, notes);

    network_services(&observed, &registry, smb.as_ref(), facts);
    management(&observed, &registry, &fw, local_subnets.as_deref(), facts, notes);
    remote_access(&observed, &fw, local_subnets.as_deref(), facts);
    snmp(snapshot, &observed, snmp_json.as_ref(), &fw, local_subnets.as_deref(), facts);

    let users = load_json(snapshot, LOCAL_USERS, true, notes);
    let admins = load_json(snapshot, ADMINISTRATORS, true, notes);
    let secedit = load_json(snapshot, SECEDIT, false, notes);
    let admin_group = accounts(&system, users.as_ref(), admins.as_ref(), &registry, secedit.as_ref(), facts, notes);
    auth_policy(snapshot.artifact(NET_ACCOUNTS), secedit.as_ref(), facts, notes);
    logging(&system, &registry, facts);
    interfaces(addresses.as_ref(), facts);

    let mut host = Host { admin_group, ..Host::default() };
    host.updates = updates(snapshot, &system, info.as_ref(), &registry, &observed, facts, notes);
    listening_and_running(snapshot, &observed, &mut host, facts, notes);
    host.antivirus = antivirus(snapshot, facts, notes);
    host.usb_storage = usb_storage(&registry, facts);
    host.audit = audit(snapshot.artifact(AUDITPOL), facts, notes);
    host.security_log_max_bytes = security_log(snapshot, facts, notes, &mut host.evidence);
    facts.host = Some(host);
}

/// What the rest of the parser needs to know about the system.
#[derive(Default)]
struct System {
    hostname: Option<String>,
    domain: Option<String>,
    /// Windows 10/11 rather than a server edition.
    client: Option<bool>,
}

fn system(info: Option<&Json>, facts: &mut Facts, notes: &mut Vec<String>) -> System {
    let mut sys = System::default();
    let Some(json) = info else {
        facts.mark_unknown("firmware");
        return sys;
    };
    let Some(r) = json.recs.first() else {
        notes.push(format!("{COMPUTER_INFO}: no object: firmware unknown"));
        facts.mark_unknown("firmware");
        return sys;
    };
    let o = &r.obj;
    sys.hostname = text_of(o, "CsName").map(str::to_string);
    facts.device.hostname = sys.hostname.clone().or_else(|| text_of(o, "CsDNSHostName").map(str::to_string));
    if flag(o, "CsPartOfDomain") != Some(false) {
        sys.domain = text_of(o, "CsDomain").filter(|d| !d.eq_ignore_ascii_case("WORKGROUP")).map(str::to_string);
    }
    // Windows 11 keeps "Windows 10" in the registry ProductName (WindowsProductName):
    // the WMI caption (OsName) is right, so it comes first.
    let model = text_of(o, "OsName")
        .filter(|n| n.contains("Windows"))
        .map(|n| n.trim_start_matches("Microsoft").trim().to_string())
        .or_else(|| text_of(o, "WindowsProductName").map(str::to_string));
    sys.client = text_of(o, "OsProductType")
        .map(|t| t.eq_ignore_ascii_case("WorkStation"))
        .or_else(|| model.as_deref().map(|m| !m.contains("Server")));
    let build = owned_text(o, "CurrentBuild").or_else(|| owned_text(o, "OsBuildNumber"));
    let base = text_of(o, "OsVersion").and_then(|v| {
        let mut parts = v.split('.');
        Some(format!("{}.{}", parts.next()?, parts.next()?))
    });
    // Every build from 10240 on is NT 10.0.
    let base =
        base.or_else(|| build.as_deref().and_then(|b| b.parse::<u32>().ok()).filter(|b| *b >= 10240).map(|_| "10.0".into()));
    let (Some(base), Some(build)) = (base, build) else {
        notes.push(format!("{COMPUTER_INFO}: no OsVersion/CurrentBuild: firmware unknown"));
        facts.mark_unknown("firmware");
        return sys;
    };
    let ubr = owned_text(o, "UBR");
    let raw = match &ubr {
        Some(u) => format!("{base}.{build}.{u}"),
        None => format!("{base}.{build}"),
    };
    // Without the update revision the build says which release, not which patch level:
    // 10.0.17763 would read as the unpatched release, so the version stays unknown.
    let version = match &ubr {
        Some(_) => Version::parse(Family::Windows, &raw).ok().map(|v| v.to_string()),
        None => {
            notes.push(format!("{COMPUTER_INFO}: no update revision (UBR): the patch level of {raw} is unknown"));
            None
        }
    };
    if version.is_none() {
        facts.mark_unknown("firmware.version");
    }
    facts.firmware = Some(Firmware {
        vendor: "microsoft".into(),
        os: Family::Windows.os().into(),
        model,
        version,
        raw,
        evidence: vec![json.ev(r)],
    });
    sys
}

fn observed<'a>(services: Option<&'a Json>, sockets: Option<&'a Json>) -> Observed<'a> {
    let mut o = Observed {
        services: Vec::new(),
        services_complete: services.is_some_and(|j| j.complete),
        services_read: services.is_some(),
        sockets: Vec::new(),
        sockets_complete: sockets.is_some_and(|j| j.complete),
        sockets_read: sockets.is_some(),
    };
    for r in services.iter().flat_map(|j| j.recs.iter()) {
        let Some(name) = text_of(&r.obj, "Name") else { continue };
        o.services.push(Svc {
            name,
            display: text_of(&r.obj, "DisplayName"),
            running: text_of(&r.obj, "Status").is_some_and(|s| s.eq_ignore_ascii_case("running") || s == "4"),
            start: text_of(&r.obj, "StartType"),
            rec: r,
        });
    }
    for r in sockets.iter().flat_map(|j| j.recs.iter()) {
        let protocol = match text_of(&r.obj, "Protocol").map(str::to_ascii_lowercase).as_deref() {
            Some("tcp") => "tcp",
            Some("udp") => "udp",
            _ => continue,
        };
        let Some(port) = number(&r.obj, "LocalPort").and_then(|p| u16::try_from(p).ok()) else { continue };
        let address = text_of(&r.obj, "LocalAddress").unwrap_or("").split('%').next().unwrap_or("").to_string();
        o.sockets.push(Sock { protocol, address, port, process: text_of(&r.obj, "Process"), rec: r });
    }
    o
}

/// Which services are the one looked for.
type SvcMatcher = dyn Fn(&Svc) -> bool;

/// A service fact, the services that provide it, and its ports.
type Wanted<'a> = (ServiceName, &'a SvcMatcher, &'a [(Proto, u16)]);

/// Telnet, FTP, TFTP, VNC, SSH, SMB, SMB1 and RDP: a service running or a port open.
fn network_services(observed: &Observed, registry: &Registry, smb: Option<&Json>, facts: &mut Facts) {
    let named = |names: &'static [&'static str]| move |s: &Svc| names.iter().any(|n| s.name.eq_ignore_ascii_case(n));
    let tcp = Proto::Tcp;
    let udp = Proto::Udp;
    let vnc = |s: &Svc| {
        s.name.to_ascii_lowercase().contains("vnc") || s.display.is_some_and(|d| d.to_ascii_lowercase().contains("vnc"))
    };
    let table: [Wanted; 6] = [
        (ServiceName::Telnet, &named(&["TlntSvr"]), &[(tcp, 23)]),
        (ServiceName::Ftp, &named(&["ftpsvc", "FileZilla Server", "filezilla-server"]), &[(tcp, 21)]),
        (ServiceName::Tftp, &named(&["tftpd", "WDSServer"]), &[(udp, 69)]),
        (ServiceName::Vnc, &vnc, &[(tcp, 5900), (tcp, 5800)]),
        (ServiceName::Ssh, &named(&["sshd"]), &[(tcp, 22)]),
        (ServiceName::Smb, &named(&["LanmanServer"]), &[(tcp, 445), (tcp, 139)]),
    ];
    for (name, matcher, ports) in table {
        let p = observed.presence(matcher, ports);
        match presence_service(name, &p) {
            Some(s) => facts.services.push(s),
            None => facts.mark_unknown(format!("services.{}", name.as_str())),
        }
    }

    // SMB1: the server configuration, when the SMB server runs at all.
    let smb_on = facts.service(ServiceName::Smb).map(|s| s.enabled);
    match smb.and_then(|j| j.recs.first().map(|r| (j, r))) {
        Some((j, r)) => match flag(&r.obj, "EnableSMB1Protocol") {
            Some(on) => facts.services.push(Service {
                name: ServiceName::Smb1,
                enabled: on && smb_on != Some(false),
                detail: Some(format!(
                    "EnableSMB1Protocol {}{}",
                    if on { "True" } else { "False" },
                    if on && smb_on == Some(false) { " (SMB server not running)" } else { "" }
                )),
                evidence: vec![j.ev(r)],
            }),
            None => facts.mark_unknown("services.smb1"),
        },
        None => facts.mark_unknown("services.smb1"),
    }

    rdp_service(observed, registry, facts);
}

/// A service fact from what runs and listens; `None` when that cannot be told.
fn presence_service(name: ServiceName, p: &Presence) -> Option<Service> {
    let mut evidence: Vec<Evidence> = p.running.iter().map(|s| s.rec.ev(SERVICES)).collect();
    evidence.extend(p.listening.iter().map(|k| k.rec.ev(LISTENERS)));
    let mut detail: Vec<String> = p.running.iter().map(|s| format!("service {} running", s.name)).collect();
    for k in &p.listening {
        // `0.0.0.0` and `::` give the same text.
        let text = format!("{}/{} listening{}", k.protocol, k.port, k.process.map(|n| format!(" ({n})")).unwrap_or_default());
        if !detail.contains(&text) {
            detail.push(text);
        }
    }
    if !evidence.is_empty() {
        return Some(Service { name, enabled: true, detail: Some(detail.join("; ")), evidence });
    }
    if !p.complete {
        return None;
    }
    let stopped: Vec<String> = p.stopped.iter().map(|s| format!("service {} {}", s.name, s.start.unwrap_or("stopped"))).collect();
    Some(Service {
        name,
        enabled: false,
        detail: Some(if stopped.is_empty() {
            "no such service running and nothing listening on its port".into()
        } else {
            format!("{}; nothing listening on its port", stopped.join("; "))
        }),
        evidence: p.stopped.iter().map(|s| s.rec.ev(SERVICES)).collect(),
    })
}

/// The TCP port RDP listens on.
fn rdp_port(registry: &Registry) -> u16 {
    registry.key(RDP_TCP).num("PortNumber").and_then(|p| u16::try_from(p).ok()).unwrap_or(3389)
}

/// RDP: `fDenyTSConnections` (policy first), the Remote Desktop Services service and
/// the listener.
fn rdp_service(observed: &Observed, registry: &Registry, facts: &mut Facts) {
    let port = rdp_port(registry);
    let (policy, local) = (registry.key(TS_POLICY), registry.key(TS));
    let (deny, deny_ev) = match (policy.num("fDenyTSConnections"), local.num("fDenyTSConnections")) {
        (Some(v), _) => (Some(v != 0), policy.ev_if("fDenyTSConnections")),
        (None, Some(v)) => (Some(v != 0), local.ev_if("fDenyTSConnections")),
        // Both keys read and neither holds the value: connections are denied (the
        // value set by setup is 1; without it RDP is off).
        (None, None) if policy.read() && local.read() => (Some(true), local.rec().map(|r| r.ev(REGISTRY))),
        _ => (None, None),
    };
    let listening = observed.listening(Proto::Tcp, port);
    let service = observed.service("TermService");
    let mut evidence: Vec<Evidence> = deny_ev.into_iter().collect();
    evidence.extend(listening.iter().map(|k| k.rec.ev(LISTENERS)));
    evidence.extend(service.map(|s| s.rec.ev(SERVICES)));
    let state = if !listening.is_empty() {
        Some(true)
    } else {
        match deny {
            Some(true) => Some(false),
            Some(false) if observed.sockets_complete => Some(false),
            Some(false) if service.is_some_and(|s| !s.running) => Some(false),
            Some(false) => Some(true),
            None if observed.sockets_complete => Some(false),
            None => None,
        }
    };
    let Some(enabled) = state else {
        facts.mark_unknown("services.rdp");
        return;
    };
    let mut detail = vec![match deny {
        Some(true) => "fDenyTSConnections=1 (connections denied)".to_string(),
        Some(false) => "fDenyTSConnections=0 (connections allowed)".to_string(),
        None => "fDenyTSConnections not read".to_string(),
    }];
    detail.push(if !listening.is_empty() {
        format!("tcp/{port} listening")
    } else if observed.sockets_complete {
        format!("nothing listening on tcp/{port}")
    } else {
        "listening sockets not known".to_string()
    });
    if let Some(s) = service {
        detail.push(format!("TermService {}", if s.running { "running" } else { "stopped" }));
    }
    facts.services.push(Service { name: ServiceName::Rdp, enabled, detail: Some(detail.join("; ")), evidence });
}

/// RDP and SSH sources through Windows Firewall.
fn management(
    observed: &Observed,
    registry: &Registry,
    fw: &Firewall,
    local_subnets: Option<&[IpNet]>,
    facts: &mut Facts,
    notes: &mut Vec<String>,
) {
    let mut targets: Vec<(ServiceName, Vec<u16>)> = Vec::new();
    if facts.service(ServiceName::Rdp).is_some_and(|s| s.enabled) {
        targets.push((ServiceName::Rdp, vec![rdp_port(registry)]));
    } else if facts.is_unknown("services.rdp") {
        facts.mark_unknown("management_access.rdp");
    }
    if facts.service(ServiceName::Ssh).is_some_and(|s| s.enabled) {
        let mut ports: Vec<u16> =
            observed.sockets.iter().filter(|k| k.protocol == "tcp" && k.process == Some("sshd")).map(|k| k.port).collect();
        ports.sort_unstable();
        ports.dedup();
        if ports.is_empty() {
            ports.push(22);
        }
        targets.push((ServiceName::Ssh, ports));
    } else if facts.is_unknown("services.ssh") {
        facts.mark_unknown("management_access.ssh");
    }
    for (service, ports) in targets {
        let mut unknown = false;
        let mut any_entry = false;
        for port in ports {
            let allowed = fw.allowed(Proto::Tcp, port, local_subnets);
            unknown |= allowed.unknown;
            for (sources, restricted_by, evidence) in allowed.entries {
                any_entry = true;
                facts.management_access.push(ManagementAccess { service, interface: None, sources, restricted_by, evidence });
            }
        }
        if unknown {
            facts.mark_unknown(format!("management_access.{}", service.as_str()));
        } else if !any_entry {
            notes
                .push(format!("{} is on but no enabled firewall rule lets it in: blocked by Windows Firewall", service.as_str()));
        }
    }
}

/// Routing and Remote Access: PPTP and L2TP listeners, with their firewall sources.
fn remote_access(observed: &Observed, fw: &Firewall, local_subnets: Option<&[IpNet]>, facts: &mut Facts) {
    if !observed.sockets_read {
        facts.mark_unknown("remote_access");
        return;
    }
    let kinds = [(RemoteAccessKind::Pptp, Proto::Tcp, 1723, "pptp"), (RemoteAccessKind::L2tp, Proto::Udp, 1701, "l2tp")];
    for (kind, proto, port, name) in kinds {
        let socks = observed.listening(proto, port);
        if socks.is_empty() {
            continue;
        }
        let allowed = fw.allowed(proto, port, local_subnets);
        if allowed.unknown {
            facts.mark_unknown(format!("remote_access.{name}"));
        }
        let mut evidence: Vec<Evidence> = socks.iter().map(|k| k.rec.ev(LISTENERS)).collect();
        let mut peers: Vec<String> = Vec::new();
        for (sources, _, ev) in allowed.entries {
            evidence.extend(ev);
            for s in sources {
                if !peers.contains(&s) {
                    peers.push(s);
                }
            }
        }
        facts.remote_access.push(RemoteAccess {
            kind,
            name: Some(format!("RRAS {name}")),
            enabled: true,
            peer_sources: peers,
            interface: None,
            two_factor: None,
            evidence,
        });
    }
    if !observed.sockets_complete {
        facts.mark_unknown("remote_access");
    }
}

/// The Windows SNMP service: communities and permitted managers from the registry; with
/// no permitted manager, the agent answers whoever the firewall lets through.
fn snmp(
    snapshot: &Snapshot,
    observed: &Observed,
    json: Option<&Json>,
    fw: &Firewall,
    local_subnets: Option<&[IpNet]>,
    facts: &mut Facts,
) {
    let p = observed.presence(&|s: &Svc| s.name.eq_ignore_ascii_case("SNMP"), &[(Proto::Udp, 161)]);
    let Some(service) = presence_service(ServiceName::Snmp, &p) else {
        facts.mark_unknown("services.snmp");
        facts.mark_unknown("snmp");
        return;
    };
    let enabled = service.enabled;
    let agent_evidence = service.evidence.clone();
    facts.services.push(service);
    if !enabled {
        facts.snmp = Some(Snmp::default());
        return;
    }
    let Some(json) = json else {
        facts.mark_unknown("snmp");
        return;
    };
    let defaults = snapshot.default_community_lines(SNMP_REGISTRY);
    let mut managers: Vec<String> = Vec::new();
    let mut manager_ev: Vec<Evidence> = Vec::new();
    for r in &json.recs {
        if let Some(m) = text_of(&r.obj, "PermittedManager") {
            manager_ev.push(json.ev(r));
            for s in address_term(m).unwrap_or_else(|| vec![format!("host:{m}")]) {
                if !managers.contains(&s) {
                    managers.push(s);
                }
            }
        }
    }
    if !json.complete {
        facts.mark_unknown("snmp.communities");
    }
    let mut restricted_by = (!managers.is_empty()).then(|| "PermittedManagers".to_string());
    if managers.is_empty() {
        let allowed = fw.allowed(Proto::Udp, 161, local_subnets);
        if allowed.unknown {
            // The agent itself accepts anyone; the firewall could not be read.
            managers.push(ANY_SOURCE.to_string());
        } else {
            let names: Vec<String> = allowed.entries.iter().filter_map(|(_, by, _)| by.clone()).collect();
            restricted_by = (!names.is_empty()).then(|| names.join(", "));
            for (sources, _, ev) in allowed.entries {
                manager_ev.extend(ev);
                for s in sources {
                    if !managers.contains(&s) {
                        managers.push(s);
                    }
                }
            }
        }
    }
    let sources = managers;
    let mut out = Snmp::default();
    for r in &json.recs {
        if !r.obj.contains_key("Community") {
            continue;
        }
        // Rights: 1 none, 2 notify, 4 read-only, 8 read-write, 16 read-create.
        let access = match number(&r.obj, "Rights") {
            Some(4) => SnmpAccess::Ro,
            Some(8 | 16) => SnmpAccess::Rw,
            Some(_) => continue,
            None => SnmpAccess::Rw,
        };
        let mut evidence = vec![json.ev(r)];
        evidence.extend(manager_ev.iter().cloned());
        let default_name = defaults.contains(&r.first)
            || text_of(&r.obj, "Community").is_some_and(|c| c != kenshin_secrets::MASK && super::is_default_community(c));
        out.communities.push(SnmpCommunity { access, sources: sources.clone(), default_name, evidence });
    }
    let mut evidence = agent_evidence;
    evidence.extend(manager_ev);
    facts.management_access.push(ManagementAccess {
        service: ServiceName::Snmp,
        interface: None,
        restricted_by,
        sources,
        evidence,
    });
    facts.snmp = Some(out);
}

/// Well-known SIDs of groups that hold every local user.
const EVERY_LOCAL_USER: &[(&str, &str)] = &[
    ("S-1-1-0", "Everyone"),
    ("S-1-5-11", "NT AUTHORITY\\Authenticated Users"),
    ("S-1-5-4", "NT AUTHORITY\\INTERACTIVE"),
    ("S-1-5-32-545", "BUILTIN\\Users"),
];

struct Member<'a> {
    name: &'a str,
    sid: Option<&'a str>,
    rec: &'a Rec,
}

impl Member<'_> {
    fn holds_every_local_user(&self) -> bool {
        EVERY_LOCAL_USER.iter().any(|(sid, name)| self.sid == Some(*sid) || self.name.eq_ignore_ascii_case(name))
    }
    /// `DOMAIN\Domain Users` (RID 513).
    fn is_domain_users(&self) -> bool {
        match self.sid {
            Some(sid) => sid.starts_with("S-1-5-21-") && sid.ends_with("-513"),
            None => self.name.to_ascii_lowercase().ends_with("\\domain users"),
        }
    }
}

/// Local accounts and the Administrators group; returns the group for `host`.
fn accounts(
    sys: &System,
    users: Option<&Json>,
    admins: Option<&Json>,
    registry: &Registry,
    secedit: Option<&Json>,
    facts: &mut Facts,
    notes: &mut Vec<String>,
) -> Option<AdminGroup> {
    let members: Vec<Member> = admins
        .iter()
        .flat_map(|j| j.recs.iter())
        .filter_map(|r| Some(Member { name: text_of(&r.obj, "Name")?, sid: text_of(&r.obj, "SID"), rec: r }))
        .collect();
    let group = admins.map(|j| {
        let name = j.recs.iter().find_map(|r| text_of(&r.obj, "Group")).unwrap_or("Administrators");
        AdminGroup {
            name: name.rsplit('\\').next().unwrap_or(name).to_string(),
            members: members.iter().map(|m| m.name.to_string()).collect(),
            evidence: members.iter().map(|m| m.rec.ev(ADMINISTRATORS)).collect(),
        }
    });
    let admins_complete = admins.is_some_and(|j| j.complete);
    if !admins_complete {
        facts.mark_unknown("host.admin_group");
    }
    for m in &members {
        if m.is_domain_users() {
            notes.push(format!(
                "{ADMINISTRATORS}: {} is a member of Administrators: every domain user is a local administrator",
                m.name
            ));
        } else if m.holds_every_local_user() {
            notes.push(format!(
                "{ADMINISTRATORS}: {} is a member of Administrators: every local user is an administrator",
                m.name
            ));
        }
    }
    let wide = members.iter().find(|m| m.holds_every_local_user());

    // Auto-logon: the password of DefaultUserName is in the registry in clear text.
    let winlogon = registry.key(WINLOGON);
    let autologon_user = match (&winlogon, flag_key(&winlogon, "DefaultPassword")) {
        (Key::Present(r), Some(true)) => text_of(&r.obj, "DefaultUserName").map(|u| (u, r.ev(REGISTRY))),
        _ => None,
    };
    if let Some((u, _)) = &autologon_user {
        notes.push(format!(
            "{REGISTRY}: Winlogon DefaultPassword is set: the password of {u} is stored in clear text in the registry"
        ));
    }
    // "Store passwords using reversible encryption".
    let reversible = secedit.and_then(|j| {
        let r = j.recs.first()?;
        (number(&r.obj, "ClearTextPassword") == Some(1)).then(|| j.ev(r))
    });

    let Some(users) = users else {
        facts.mark_unknown("accounts");
        return group;
    };
    if !users.complete {
        facts.mark_unknown("accounts");
    }
    for r in &users.recs {
        let Some(name) = text_of(&r.obj, "Name") else { continue };
        let sid = text_of(&r.obj, "SID");
        let mut evidence = vec![users.ev(r)];
        let own = members.iter().find(|m| {
            (sid.is_some() && m.sid == sid)
                || match &sys.hostname {
                    Some(h) => m.name.eq_ignore_ascii_case(&format!("{h}\\{name}")),
                    None => false,
                }
        });
        let privilege = match own.or(wide) {
            Some(m) => {
                evidence.push(m.rec.ev(ADMINISTRATORS));
                Privilege::Admin
            }
            None if admins_complete => Privilege::Operator,
            None => Privilege::Unknown,
        };
        let mut storage = match flag(&r.obj, "PasswordRequired") {
            Some(false) => PasswordStorage::None,
            _ => PasswordStorage::Strong,
        };
        if let Some(ev) = &reversible {
            storage = storage.min(PasswordStorage::Weak);
            evidence.push(ev.clone());
        }
        if let Some((u, ev)) = &autologon_user
            && u.eq_ignore_ascii_case(name)
        {
            storage = storage.min(PasswordStorage::Plain);
            evidence.push(ev.clone());
        }
        facts.accounts.push(Account {
            builtin: false,
            name: name.to_string(),
            privilege,
            password_storage: storage,
            enabled: flag(&r.obj, "Enabled"),
            last_login: text_of(&r.obj, "LastLogon").and_then(timestamp_of),
            allowed_sources: None,
            two_factor: None,
            evidence,
        });
    }
    let not_required: Vec<&str> = facts
        .accounts
        .iter()
        .filter(|a| a.password_storage == PasswordStorage::None && a.enabled != Some(false))
        .map(|a| a.name.as_str())
        .collect();
    if !not_required.is_empty() {
        notes.push(format!(
            "{LOCAL_USERS}: PasswordRequired is False for enabled account(s) {}: they may have an empty password",
            not_required.join(", ")
        ));
    }
    group
}

/// A `?Name` registry value: whether it exists (a masked string counts as set).
fn flag_key(key: &Key, value: &str) -> Option<bool> {
    match key {
        Key::Present(r) => match r.obj.get(value) {
            Some(Value::Bool(b)) => Some(*b),
            Some(Value::String(s)) => Some(!s.is_empty()),
            Some(Value::Null) | None => Some(false),
            Some(_) => Some(true),
        },
        Key::Absent(_) => Some(false),
        Key::Unread => None,
    }
}

/// A `net accounts` value: a number, or a word for "never".
fn never_or_number(v: &str) -> Option<u32> {
    let v = v.trim();
    if let Ok(n) = v.parse::<u32>() {
        return Some(n);
    }
    let lower = v.to_lowercase();
    let never = ["never", "unlimited", "none", "なし", "無期限", "しない", "無制限", "無効"];
    never.iter().any(|w| lower == *w).then_some(0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NetField {
    MinLength,
    MaxAge,
    Lockout,
}

/// Which setting a `net accounts` label names, in English or Japanese.
fn net_field(label: &str) -> Option<NetField> {
    let l = label.to_lowercase();
    if l.contains("minimum password length") {
        return Some(NetField::MinLength);
    }
    if l.contains("maximum password age") {
        return Some(NetField::MaxAge);
    }
    if l.contains("lockout threshold") {
        return Some(NetField::Lockout);
    }
    let password = l.contains("パスワード");
    if password
        && (l.contains("最小") || l.contains("最短"))
        && l.contains('長')
        && !l.contains("有効期間")
        && !l.contains("履歴")
    {
        return Some(NetField::MinLength);
    }
    if password && l.contains("有効期間") && !l.contains("最短") && !l.contains("最小") {
        return Some(NetField::MaxAge);
    }
    if l.contains("ロックアウト") && (l.contains("しきい値") || l.contains("閾値")) {
        return Some(NetField::Lockout);
    }
    None
}

fn auth_policy(net: Option<&str>, secedit: Option<&Json>, facts: &mut Facts, notes: &mut Vec<String>) {
    if net.is_none() && secedit.is_none() {
        notes.push(format!("artifact {NET_ACCOUNTS} missing: password and lockout policy unknown"));
        facts.mark_unknown("auth_policy");
        return;
    }
    let mut policy = AuthPolicy::default();
    for (no, line) in net.map(numbered).into_iter().flatten() {
        let Some(colon) = line.rfind([':', '：']) else { continue };
        let (label, value) = (&line[..colon], line[colon..].trim_start_matches([':', '：']));
        let Some(field) = net_field(label) else { continue };
        let Some(n) = never_or_number(value) else {
            notes.push(format!("{NET_ACCOUNTS}:{no}: value {:?} not recognised", value.trim()));
            continue;
        };
        let slot = match field {
            NetField::MinLength => &mut policy.min_password_length,
            NetField::MaxAge => &mut policy.max_password_age_days,
            NetField::Lockout => &mut policy.lockout_threshold,
        };
        if slot.is_none() {
            *slot = Some(n);
            policy.evidence.push(Evidence::line(NET_ACCOUNTS, no));
        }
    }
    if let Some((j, r)) = secedit.and_then(|j| j.recs.first().map(|r| (j, r))) {
        let o = &r.obj;
        let mut used = false;
        let mut fill = |slot: &mut Option<u32>, key: &str| {
            if slot.is_none()
                && let Some(n) = number(o, key)
            {
                // secedit writes -1 for "never".
                *slot = Some(u32::try_from(n).unwrap_or(0));
                used = true;
            }
        };
        fill(&mut policy.min_password_length, "MinimumPasswordLength");
        fill(&mut policy.lockout_threshold, "LockoutBadCount");
        fill(&mut policy.max_password_age_days, "MaximumPasswordAge");
        if let Some(c) = number(o, "PasswordComplexity") {
            policy.complexity = Some(c != 0);
            used = true;
        }
        if used {
            policy.evidence.push(j.ev(r));
        }
    }
    if net.is_some_and(|t| !t.contains("completed successfully") && !t.contains("正常に終了しました")) {
        notes.push(format!("{NET_ACCOUNTS}: no completion message: the output may be cut off"));
    }
    for (value, path) in [
        (policy.min_password_length.is_some(), "auth_policy.min_password_length"),
        (policy.lockout_threshold.is_some(), "auth_policy.lockout_threshold"),
        (policy.max_password_age_days.is_some(), "auth_policy.max_password_age_days"),
        (policy.complexity.is_some(), "auth_policy.complexity"),
    ] {
        if !value {
            facts.mark_unknown(path);
        }
    }
    // Smart cards, Windows Hello or a third-party credential provider are not visible here.
    facts.mark_unknown("auth_policy.two_factor");
    facts.auth_policy = Some(policy);
}

/// NTP (W32Time) and Windows Event Forwarding.
fn logging(sys: &System, registry: &Registry, facts: &mut Facts) {
    let (policy, local, wef) = (registry.key(W32TIME_POLICY), registry.key(W32TIME), registry.key(WEF));
    if !policy.read() && !local.read() && !wef.read() {
        facts.mark_unknown("logging");
        return;
    }
    let mut log = Logging::default();
    // Policy values override the service's own.
    let pick = |value: &str| [&policy, &local].into_iter().find_map(|k| k.text(value).map(|v| (v, k.ev_if(value))));
    let kind = pick("Type");
    if let Some((_, Some(ev))) = &kind {
        log.evidence.push(ev.clone());
    }
    let kind = kind.map(|(v, _)| v.to_ascii_uppercase());
    if matches!(kind.as_deref(), Some("NTP" | "ALLSYNC"))
        && let Some((servers, ev)) = pick("NtpServer")
    {
        for s in servers.split_whitespace() {
            let host = s.split(',').next().unwrap_or(s).to_string();
            if !host.is_empty() && !log.ntp_servers.contains(&host) {
                log.ntp_servers.push(host);
            }
        }
        log.evidence.extend(ev);
    }
    if matches!(kind.as_deref(), Some("NT5DS" | "ALLSYNC")) {
        log.ntp_servers.push(format!("domain:{}", sys.domain.as_deref().unwrap_or("(domain hierarchy)")));
    }
    if kind.is_none() && !(policy.read() && local.read()) {
        facts.mark_unknown("logging.ntp_servers");
    }
    if let Key::Present(r) = &wef {
        for (_, v) in r.obj.iter().filter(|(k, _)| k.as_str() != "Path" && k.as_str() != "Exists") {
            let Some(v) = v.as_str() else { continue };
            // `Server=http://wec.example:5985/wsman/SubscriptionManager/WEC,Refresh=60`
            let Some(url) = v.split(',').find_map(|p| p.trim().strip_prefix("Server=")) else { continue };
            let rest = url.split_once("://").map_or(url, |(_, r)| r);
            let host = rest.split(['/', ':']).next().unwrap_or("").to_string();
            if !host.is_empty() && !log.remote_hosts.contains(&host) {
                log.remote_hosts.push(host);
                log.evidence.push(r.ev(REGISTRY));
            }
        }
    } else if !wef.read() {
        facts.mark_unknown("logging.remote_hosts");
    }
    facts.logging = Some(log);
}

/// The host's prefixes (for `LocalSubnet`), when the address list is complete.
fn local_subnets(addresses: Option<&Json>) -> Option<Vec<IpNet>> {
    let json = addresses.filter(|j| j.complete)?;
    let mut nets: Vec<IpNet> = Vec::new();
    for r in &json.recs {
        let Some((addr, prefix)) = address_of(&r.obj) else { continue };
        let link_local = match addr {
            IpAddr::V4(a) => a.is_link_local() || a.is_loopback(),
            IpAddr::V6(a) => a.is_loopback() || (a.segments()[0] & 0xffc0) == 0xfe80,
        };
        if let (false, Ok(net)) = (link_local, IpNet::new(addr, prefix)) {
            let net = net.trunc();
            if !nets.contains(&net) {
                nets.push(net);
            }
        }
    }
    Some(nets)
}

fn address_of(o: &Obj) -> Option<(IpAddr, u8)> {
    let addr: IpAddr = text_of(o, "IPAddress")?.split('%').next()?.parse().ok()?;
    let prefix = u8::try_from(number(o, "PrefixLength")?).ok()?;
    Some((addr, prefix))
}

fn interfaces(addresses: Option<&Json>, facts: &mut Facts) {
    let Some(json) = addresses else {
        facts.mark_unknown("interfaces");
        return;
    };
    if !json.complete {
        facts.mark_unknown("interfaces");
    }
    let mut out: Vec<Interface> = Vec::new();
    let mut public: Vec<String> = Vec::new();
    let mut private: Vec<String> = Vec::new();
    for r in &json.recs {
        let (Some(name), Some((addr, prefix))) = (text_of(&r.obj, "InterfaceAlias"), address_of(&r.obj)) else { continue };
        if addr.is_loopback() {
            continue;
        }
        let idx = match out.iter().position(|i| i.name == name) {
            Some(i) => i,
            None => {
                out.push(Interface {
                    name: name.to_string(),
                    role: InterfaceRole::Unknown,
                    addresses: Vec::new(),
                    description: None,
                    evidence: Vec::new(),
                });
                out.len() - 1
            }
        };
        out[idx].addresses.push(format!("{addr}/{prefix}"));
        out[idx].evidence.push(json.ev(r));
        if let IpAddr::V4(a) = addr {
            if is_internal_v4(a) {
                if !a.is_link_local() {
                    private.push(name.to_string());
                }
            } else {
                public.push(name.to_string());
            }
        }
    }
    // A public IPv4 address on the interface: reachable from the internet. IPv6 global
    // addresses are common on LANs and decide nothing.
    for i in &mut out {
        i.role = if public.contains(&i.name) {
            InterfaceRole::Wan
        } else if private.contains(&i.name) {
            InterfaceRole::Lan
        } else {
            InterfaceRole::Unknown
        };
    }
    facts.interfaces = out;
}

/// The Windows Update classification "Security Updates".
const SECURITY_UPDATES: &str = "0fa1201d-4330-4fa8-8ae9-b877473b6441";

fn updates(
    snapshot: &Snapshot,
    sys: &System,
    info: Option<&Json>,
    registry: &Registry,
    observed: &Observed,
    facts: &mut Facts,
    notes: &mut Vec<String>,
) -> Option<Updates> {
    let mut u = Updates::default();
    let mut known = false;

    // Installed: the newest InstalledOn of Get-HotFix (or Get-ComputerInfo OsHotFixes).
    let hotfix = load_json(snapshot, HOTFIX, true, notes);
    let mut latest: Option<(String, Evidence)> = None;
    let mut consider = |date: Option<String>, ev: Evidence| {
        if let Some(d) = date
            && latest.as_ref().is_none_or(|(l, _)| d > *l)
        {
            latest = Some((d, ev));
        }
    };
    match &hotfix {
        Some(j) => {
            for r in &j.recs {
                consider(text_of(&r.obj, "InstalledOn").and_then(date_of), j.ev(r));
            }
        }
        None => {
            for r in info.iter().flat_map(|j| j.recs.iter()) {
                if let Some(Value::Array(fixes)) = r.obj.get("OsHotFixes") {
                    for f in fixes.iter().filter_map(Value::as_object) {
                        consider(text_of(f, "InstalledOn").and_then(date_of), r.ev(COMPUTER_INFO));
                    }
                }
            }
        }
    }
    match latest {
        Some((date, ev)) => {
            u.last_installed = Some(date);
            u.evidence.push(ev);
            known = true;
            // A later update may be in the lines cut off.
            if hotfix.as_ref().is_some_and(|j| !j.complete) {
                facts.mark_unknown("host.updates.last_installed");
            }
        }
        None => facts.mark_unknown("host.updates.last_installed"),
    }

    // Pending: the Windows Update Agent search (fails offline or without WSUS).
    match load_json(snapshot, UPDATE_SEARCH, true, notes) {
        Some(j) => {
            known = true;
            for r in &j.recs {
                let kb = strings(&r.obj, "KBArticleIDs").into_iter().next();
                let Some(name) = kb.map(|k| format!("KB{}", k.trim_start_matches("KB"))).or_else(|| owned_text(&r.obj, "Title"))
                else {
                    continue;
                };
                let severity = text_of(&r.obj, "MsrcSeverity").is_some();
                let category = strings(&r.obj, "CategoryIDs").iter().any(|c| c.eq_ignore_ascii_case(SECURITY_UPDATES));
                u.pending.push(PendingUpdate {
                    name,
                    installed_version: None,
                    available_version: None,
                    security: severity || category,
                    evidence: vec![j.ev(r)],
                });
            }
            if !j.complete {
                facts.mark_unknown("host.updates.pending");
            }
        }
        None => facts.mark_unknown("host.updates.pending"),
    }

    // Automatic installation.
    let (au, au_local) = (registry.key(AU_POLICY), registry.key(AU_LOCAL));
    let wuauserv = observed.service("wuauserv");
    let automatic: Option<(bool, Vec<Evidence>)> = if au.num("NoAutoUpdate") == Some(1) {
        Some((false, au.ev_if("NoAutoUpdate").into_iter().collect()))
    } else if let Some(s) = wuauserv.filter(|s| s.start.is_some_and(|t| t.eq_ignore_ascii_case("disabled"))) {
        Some((false, vec![s.rec.ev(SERVICES)]))
    } else {
        // 1 never check (old systems), 2 notify, 3 download only, 4 install on a
        // schedule, 5 the local administrator chooses, 7 notify to install.
        let decide = |k: &Key| match k.num("AUOptions") {
            Some(4) => Some(true),
            Some(1 | 2 | 3 | 7) => Some(false),
            _ => None,
        };
        match (decide(&au), decide(&au_local)) {
            (Some(on), _) => Some((on, au.ev_if("AUOptions").into_iter().collect())),
            (None, Some(on)) => Some((on, au_local.ev_if("AUOptions").into_iter().collect())),
            (None, None) if au.read() && au_local.read() && sys.client == Some(true) => {
                Some((true, au.rec().map(|r| r.ev(REGISTRY)).into_iter().collect()))
            }
            _ => None,
        }
    };
    match automatic {
        Some((on, ev)) => {
            u.automatic = Some(on);
            u.evidence.extend(ev);
            known = true;
        }
        None => {
            if au.read() && au_local.read() && sys.client != Some(true) {
                notes.push(format!(
                    "{REGISTRY}: no Windows Update policy on a server: whether updates install by themselves is unknown"
                ));
            }
            facts.mark_unknown("host.updates.automatic");
        }
    }
    if !known {
        facts.mark_unknown("host.updates");
        return None;
    }
    Some(u)
}

/// Pseudo-processes that have no executable.
const PSEUDO_PROCESSES: &[&str] = &["Idle", "System", "Registry", "Secure System", "Memory Compression"];

fn listening_and_running(snapshot: &Snapshot, observed: &Observed, host: &mut Host, facts: &mut Facts, notes: &mut Vec<String>) {
    if !observed.sockets_read || !observed.sockets_complete {
        facts.mark_unknown("host.listening");
    }
    for k in &observed.sockets {
        host.listening.push(Listener {
            protocol: k.protocol.to_string(),
            address: k.address.clone(),
            port: k.port,
            process: k.process.map(str::to_string),
            evidence: vec![k.rec.ev(LISTENERS)],
        });
    }
    if !observed.services_read || !observed.services_complete {
        facts.mark_unknown("host.running");
    }
    for s in observed.services.iter().filter(|s| s.running) {
        host.running.push(RunningSoftware {
            name: s.name.to_string(),
            display_name: s.display.map(str::to_string),
            evidence: vec![s.rec.ev(SERVICES)],
        });
    }
    // Processes as `name.exe`, apart from services of the same name.
    match load_json(snapshot, PROCESSES, true, notes) {
        Some(j) => {
            if !j.complete {
                facts.mark_unknown("host.running");
            }
            for r in &j.recs {
                let Some(name) = text_of(&r.obj, "Name") else { continue };
                let name = if PSEUDO_PROCESSES.contains(&name) { name.to_string() } else { format!("{name}.exe") };
                host.running.push(RunningSoftware {
                    name,
                    display_name: text_of(&r.obj, "Description").map(str::to_string),
                    evidence: vec![j.ev(r)],
                });
            }
        }
        None => facts.mark_unknown("host.running"),
    }
}

/// Microsoft Defender, else an antivirus registered with Security Center (clients).
fn antivirus(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>) -> Option<Antivirus> {
    let defender = load_json(snapshot, DEFENDER, false, notes);
    let defender = defender.as_ref().and_then(|j| j.recs.first().map(|r| (j, r)));
    if let Some((j, r)) = defender {
        let o = &r.obj;
        let passive = text_of(o, "AMRunningMode").is_some_and(|m| {
            let m = m.to_ascii_lowercase();
            m.contains("passive") || m.contains("edr")
        });
        if flag(o, "AMServiceEnabled") != Some(false) && flag(o, "AntivirusEnabled") != Some(false) && !passive {
            return Some(Antivirus {
                product: "Microsoft Defender Antivirus".into(),
                realtime: flag(o, "RealTimeProtectionEnabled"),
                signatures_date: text_of(o, "AntivirusSignatureLastUpdated").and_then(date_of),
                signatures_current: None,
                evidence: vec![j.ev(r)],
            });
        }
    }
    let center = load_json(snapshot, SECURITY_CENTER, true, notes);
    if let Some(j) = &center {
        // productState: the second byte's high nibble 1 means real-time scanning on, the
        // low byte 0x00 signatures up to date and 0x10 out of date (as Security Center
        // reports it; the encoding is not formally documented).
        let products: Vec<(&str, Option<bool>, Option<bool>, &Rec)> = j
            .recs
            .iter()
            .filter_map(|r| {
                let name = text_of(&r.obj, "DisplayName")?;
                let state = number(&r.obj, "ProductState");
                let on = state.map(|s| (s >> 8) & 0xf0 == 0x10);
                let current = state.and_then(|s| match s & 0xff {
                    0x00 => Some(true),
                    0x10 => Some(false),
                    _ => None,
                });
                Some((name, on, current, r))
            })
            .filter(|(name, _, _, _)| !name.contains("Defender"))
            .collect();
        if let Some((name, on, current, r)) = products.iter().find(|p| p.1 == Some(true)).or(products.first()) {
            return Some(Antivirus {
                product: name.to_string(),
                realtime: *on,
                signatures_date: None,
                signatures_current: *current,
                evidence: vec![j.ev(r)],
            });
        }
    }
    // Defender is there but switched off (or passive) and nothing else is registered.
    if let Some((j, r)) = defender {
        let realtime = flag(&r.obj, "RealTimeProtectionEnabled")
            .map(|rt| rt && flag(&r.obj, "AMServiceEnabled") != Some(false) && flag(&r.obj, "AntivirusEnabled") != Some(false));
        return Some(Antivirus {
            product: "Microsoft Defender Antivirus".into(),
            realtime: realtime.or(Some(false)),
            signatures_date: text_of(&r.obj, "AntivirusSignatureLastUpdated").and_then(date_of),
            signatures_current: None,
            evidence: vec![j.ev(r)],
        });
    }
    notes.push("no antivirus status could be read (Defender or Security Center): antivirus unknown".into());
    facts.mark_unknown("host.antivirus");
    None
}

fn usb_storage(registry: &Registry, facts: &mut Facts) -> Option<UsbStorage> {
    let keys = [registry.key(USBSTOR), registry.key(REMOVABLE), registry.key(REMOVABLE_DISKS), registry.key(DEVICE_INSTALL)];
    let [usbstor, removable, disks, install] = &keys;
    let mut reasons: Vec<String> = Vec::new();
    let mut evidence: Vec<Evidence> = Vec::new();
    let mut block = |key: &Key, value: &str, when: i64, text: &str| {
        if key.num(value) == Some(when) {
            reasons.push(text.to_string());
            evidence.extend(key.ev_if(value));
        }
    };
    block(usbstor, "Start", 4, "USBSTOR Start=4 (driver disabled)");
    block(removable, "Deny_All", 1, "RemovableStorageDevices Deny_All=1");
    block(disks, "Deny_Read", 1, "removable disks Deny_Read=1");
    block(install, "DenyRemovableDevices", 1, "DeviceInstall DenyRemovableDevices=1 (new removable devices cannot be installed)");
    if !reasons.is_empty() {
        return Some(UsbStorage { blocked: true, detail: reasons.join("; "), evidence });
    }
    if keys.iter().all(Key::read) {
        let start = usbstor.num("Start");
        let mut detail = match start {
            Some(s) => format!("USBSTOR Start={s}"),
            None => "USBSTOR Start not set".to_string(),
        };
        if disks.num("Deny_Write") == Some(1) {
            detail.push_str("; removable disks Deny_Write=1 (read allowed)");
        }
        detail.push_str("; no removable-storage policy blocks USB media");
        // Each key's line shows the policy value absent.
        let evidence = keys.iter().filter_map(Key::rec).map(|r| r.ev(REGISTRY)).collect();
        return Some(UsbStorage { blocked: false, detail, evidence });
    }
    facts.mark_unknown("host.usb_storage");
    None
}

/// The Logon subcategory GUID in `auditpol /r` output.
const LOGON_GUID: &str = "{0CCE9215-69AE-11D9-BED3-505054503030}";

fn audit(text: Option<&str>, facts: &mut Facts, notes: &mut Vec<String>) -> Option<Audit> {
    let Some(text) = text else {
        notes.push(format!("artifact {AUDITPOL} missing: logon auditing unknown"));
        facts.mark_unknown("host.audit");
        return None;
    };
    for (no, line) in numbered(text) {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if fields.len() < 6 || !fields[4].eq_ignore_ascii_case(LOGON_GUID) {
            continue;
        }
        let setting = fields[5];
        let s = setting.to_lowercase();
        let success = s.contains("success") || s.contains("成功");
        let failure = s.contains("failure") || s.contains("失敗");
        return Some(Audit {
            logons: success && failure,
            detail: Some(format!("{}: {setting}", if fields[3].is_empty() { "Logon" } else { fields[3] })),
            evidence: vec![Evidence::line(AUDITPOL, no)],
        });
    }
    notes.push(format!("{AUDITPOL}: no Logon subcategory line: logon auditing unknown"));
    facts.mark_unknown("host.audit");
    None
}

/// The Security log's maximum size, with the line it was read from in `evidence`.
fn security_log(snapshot: &Snapshot, facts: &mut Facts, notes: &mut Vec<String>, evidence: &mut Vec<Evidence>) -> Option<u64> {
    let json = load_json(snapshot, SECURITY_LOG, false, notes);
    let found = json.as_ref().and_then(|j| {
        let rec = j.recs.first()?;
        let size = number(&rec.obj, "MaximumSizeInBytes").and_then(|n| u64::try_from(n).ok())?;
        Some((size, j.ev(rec)))
    });
    match found {
        Some((size, at)) => {
            evidence.push(at);
            Some(size)
        }
        None => {
            facts.mark_unknown("host.security_log_max_bytes");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_and_documents() {
        let p = parse_json("{\"Name\":\"a\"}\n{\"Name\":\"b\",\ngarbage\n{\"Total\":3}\n");
        assert_eq!(p.recs.len(), 1);
        assert_eq!(p.bad, vec![2, 3]);
        assert_eq!(p.total, Some(3));
        let doc = "[\n    {\n        \"Name\":  \"x\"\n    },\n    {\n        \"Name\":  \"y}\"\n    }\n]\n";
        let p = parse_json(doc);
        assert!(p.document && p.closed);
        assert_eq!(p.recs.iter().map(|r| (r.first, r.last)).collect::<Vec<_>>(), vec![(2, 4), (5, 7)]);
        let p = parse_json("{\n  \"A\": 1,\n  \"B\": [\n");
        assert!(p.document && !p.closed && p.recs.is_empty());
        let p = parse_json("{\"Error\":\"Access is denied\"}\n");
        assert_eq!(p.error, Some((1, "Access is denied".into())));
    }

    #[test]
    fn dates() {
        assert_eq!(date_of("2024-06-12T00:00:00.0000000+09:00").as_deref(), Some("2024-06-12"));
        assert_eq!(date_of("2021-08-11").as_deref(), Some("2021-08-11"));
        assert_eq!(date_of("/Date(1717200000000)/").as_deref(), Some("2024-06-01"));
        assert_eq!(date_of("6/12/2024"), None);
        assert_eq!(timestamp_of("/Date(1717200000000)/").as_deref(), Some("2024-06-01T00:00:00Z"));
        assert_eq!(timestamp_of("/Date(-11644473600000)/").as_deref(), Some("1601-01-01T00:00:00Z"));
        assert_eq!(timestamp_of("/Date(99999999999999999)/"), None);
        assert_eq!(timestamp_of("2024-07-01T08:12:44.1234567+09:00").as_deref(), Some("2024-07-01T08:12:44.1234567+09:00"));
        assert_eq!(timestamp_of("2024-07-01"), None);
    }

    #[test]
    fn remote_addresses() {
        let t = |v: &[&str]| remote_sources(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>(), None);
        assert_eq!(t(&["Any"]), vec!["any"]);
        assert_eq!(t(&["192.168.100.0/255.255.255.0", "10.0.0.5"]), vec!["192.168.100.0/24", "10.0.0.5/32"]);
        assert_eq!(t(&["10.20.30.40-10.20.30.47"]), vec!["10.20.30.40/29"]);
        assert_eq!(t(&["LocalSubnet", "DNS"]), vec!["LocalSubnet", "DNS"]);
        assert_eq!(t(&["Internet"]), vec!["any"]);
        assert_eq!(t(&["fd00::/8"]), vec!["fd00::/8"]);
        let nets: Vec<IpNet> = vec!["192.168.10.0/24".parse().unwrap(), "fd00:1::/64".parse().unwrap()];
        let s = remote_sources(&["LocalSubnet4".to_string()], Some(&nets));
        assert_eq!(s, vec!["192.168.10.0/24"]);
        assert_eq!(
            netmask::range_cidrs("0.0.0.0".parse().unwrap(), "255.255.255.255".parse().unwrap()),
            Some(vec!["any".into()])
        );
    }

    #[test]
    fn net_accounts_labels() {
        assert_eq!(net_field("Minimum password length"), Some(NetField::MinLength));
        assert_eq!(net_field("Maximum password age (days)"), Some(NetField::MaxAge));
        assert_eq!(net_field("Minimum password age (days)"), None);
        assert_eq!(net_field("Lockout threshold"), Some(NetField::Lockout));
        assert_eq!(net_field("最小パスワード長"), Some(NetField::MinLength));
        assert_eq!(net_field("パスワードの最小の長さ"), Some(NetField::MinLength));
        assert_eq!(net_field("パスワードの最長有効期間 (日)"), Some(NetField::MaxAge));
        assert_eq!(net_field("パスワードの最短有効期間 (日)"), None);
        assert_eq!(net_field("パスワードの履歴の長さ"), None);
        assert_eq!(net_field("ロックアウトのしきい値"), Some(NetField::Lockout));
        assert_eq!(net_field("ロックアウト期間 (分)"), None);
        assert_eq!(never_or_number("Never"), Some(0));
        assert_eq!(never_or_number("なし"), Some(0));
        assert_eq!(never_or_number(" 14 "), Some(14));
        assert_eq!(never_or_number("SERVER"), None);
    }

    #[test]
    fn commands_survive_cmd_exe() {
        for c in COMMANDS {
            let body = c.command.strip_prefix("powershell -NoProfile -NonInteractive -Command \"").expect(c.artifact);
            let script = body.strip_suffix('"').expect(c.artifact);
            // cmd.exe would expand `%...%` and end the quoted argument at a `"`.
            assert!(!script.contains('"') && !script.contains('%'), "{}", c.artifact);
            assert!(!script.ends_with('\\'), "{}", c.artifact);
            assert!(c.command.len() < 8000, "{}", c.artifact);
        }
        let mut names: Vec<&str> = COMMANDS.iter().map(|c| c.artifact).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COMMANDS.len());
    }
}
