//! The built-in MHLW checklist pack (医療機関におけるサイバーセキュリティ対策チェックリスト).
//!
//! Rule ids, titles, help texts, severities and checklist keys are declared in
//! `pack.toml`; this crate holds the judgements. It is compiled to wasm32 by the
//! engine's build script and embedded in the `kenshin` binary; natively it is an
//! ordinary library so the rules are unit-tested without a sandbox.
//!
//! One module per checklist item:
//! - [`security_patches`]: 2-(7) firmware in known-exploited ranges (data:
//!   `advisories.toml`, read by [`advisories`]).
//! - [`end_of_support`]: 2-(7) firmware and OS past the vendor's end of support (data:
//!   `end_of_support.toml`).
//! - [`updates`]: 2-(7) on servers and PCs: pending security updates, last update.
//! - [`malware`]: 2-(7) on servers and PCs: real-time malware protection, signatures.
//! - [`host_checks`]: servers and PCs: administrators, idle accounts, logon audit and
//!   time, password policy, USB media, remote-control tools, SMB1, clear-text services.
//! - [`two_factor`]: two-factor authentication for administrators and VPN users.
//! - [`accounts`]: generic administrator names, network devices' privilege levels and
//!   the site's account roster.
//! - [`logs`]: logs sent off the device, a time source, network devices' login logging.
//! - [`source_restriction`]: 2-(8) 接続元制限.
//! - [`unneeded_services`]: 2-(9) 不要なサービスの停止.
//! - [`site_wide`]: the site entry point: password reuse across devices, snapshot
//!   folders missing from the 台帳.

pub mod accounts;
pub mod advisories;
pub mod end_of_support;
pub mod host_checks;
pub mod logs;
pub mod malware;
pub mod security_patches;
pub mod site_wide;
pub mod source_restriction;
pub mod two_factor;
pub mod unneeded_services;
pub mod updates;

use kenshin_policy::{Input, Report, SiteInput};

/// Evaluates every rule of the pack on one device.
pub fn evaluate(input: &Input) -> Report {
    let mut report = Report::new();
    security_patches::evaluate(input, &mut report);
    end_of_support::evaluate(input, &mut report);
    updates::evaluate(input, &mut report);
    malware::evaluate(input, &mut report);
    host_checks::evaluate(input, &mut report);
    accounts::evaluate(input, &mut report);
    two_factor::evaluate(input, &mut report);
    logs::evaluate(input, &mut report);
    source_restriction::evaluate(input, &mut report);
    unneeded_services::evaluate(input, &mut report);
    report
}

/// Evaluates the site-wide rules once per scan, on every device at once.
pub fn evaluate_site(input: &SiteInput) -> Report {
    let mut report = Report::new();
    site_wide::evaluate(input, &mut report);
    report
}

kenshin_policy::export_policy!(evaluate, site = evaluate_site);

#[cfg(test)]
pub(crate) mod testing {
    use kenshin_policy::{Device, DeviceKind, Facts, Input, ScanInfo, SiteInfo};

    /// An input for `facts` with an empty site.
    pub fn input(facts: Facts) -> Input {
        let mut data = serde_json::Map::new();
        data.insert(crate::advisories::FILE.into(), toml_json(include_str!("../advisories.toml")));
        data.insert(crate::end_of_support::FILE.into(), toml_json(include_str!("../end_of_support.toml")));
        Input {
            abi: 1,
            pack: None,
            device: facts,
            site: SiteInfo::default(),
            scan: ScanInfo { date: "2026-11-27".into() },
            params: Default::default(),
            data,
        }
    }

    /// A data file of the pack as the engine hands it over (JSON).
    fn toml_json(text: &str) -> serde_json::Value {
        let table: toml::Table = toml::from_str(text).expect("data file is valid TOML");
        serde_json::to_value(table).expect("TOML converts to JSON")
    }

    /// The pack's `advisories.toml`, read.
    pub fn advisories() -> crate::advisories::Advisories {
        serde_json::from_value(toml_json(include_str!("../advisories.toml"))).expect("advisories.toml has the expected shape")
    }

    /// The pack's `end_of_support.toml`, read.
    pub fn lifecycle() -> crate::end_of_support::Lifecycle {
        serde_json::from_value(toml_json(include_str!("../end_of_support.toml")))
            .expect("end_of_support.toml has the expected shape")
    }

    /// [`facts`] of a router named `name`.
    pub fn facts_named(name: &str) -> Facts {
        let mut f = facts("cisco_ios");
        f.device.name = name.into();
        f
    }

    /// Facts of a device with nothing unknown and nothing configured.
    pub fn facts(platform: &str) -> Facts {
        let mut f = Facts::new(Device { name: "d".into(), platform: platform.into(), kind: DeviceKind::Router, hostname: None });
        f.logging = Some(Default::default());
        f
    }
}
