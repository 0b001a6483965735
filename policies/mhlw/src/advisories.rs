//! Known-exploited vulnerabilities of network edge devices, as version ranges and the
//! configuration condition that makes each exploitable.
//!
//! Source: `checklist.md` §7 (vendor advisories FG-IR-18-384, FG-IR-22-377,
//! FG-IR-23-097, FG-IR-24-015, cisco-sa-iosxe-webui-privesc-j22SaA4z). Ranges are
//! inclusive. Data, not logic: adding an advisory is adding a row.

/// What must also be true for the flaw to be reachable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// SSL-VPN (web or tunnel mode) is enabled.
    SslVpn,
    /// The HTTP/HTTPS administrative interface is reachable.
    AdminWeb,
    /// `ip http server` or `ip http secure-server` is configured (IOS XE web UI).
    WebUi,
}

/// One advisory.
#[derive(Debug)]
pub struct Advisory {
    pub cve: &'static str,
    pub vendor_id: &'static str,
    /// Firmware `os` family it concerns (`fortios`, `ios-xe`).
    pub os: &'static str,
    pub affected: &'static [(&'static str, &'static str)],
    pub fixed: &'static str,
    pub condition: Condition,
}

pub static ADVISORIES: &[Advisory] = &[
    Advisory {
        cve: "CVE-2018-13379",
        vendor_id: "FG-IR-18-384",
        os: "fortios",
        affected: &[("5.4.6", "5.4.12"), ("5.6.3", "5.6.7"), ("6.0.0", "6.0.4")],
        fixed: "5.4.13 / 5.6.8 / 6.0.5 / 6.2.0 (Fortinet Japan recommends 5.4.13, 5.6.14, 6.0.13, 6.2.9 or later)",
        condition: Condition::SslVpn,
    },
    Advisory {
        cve: "CVE-2022-40684",
        vendor_id: "FG-IR-22-377",
        os: "fortios",
        affected: &[("7.0.0", "7.0.6"), ("7.2.0", "7.2.1")],
        fixed: "7.0.7 / 7.2.2",
        condition: Condition::AdminWeb,
    },
    Advisory {
        cve: "CVE-2023-27997",
        vendor_id: "FG-IR-23-097",
        os: "fortios",
        affected: &[("6.0.0", "6.0.16"), ("6.2.0", "6.2.13"), ("6.4.0", "6.4.12"), ("7.0.0", "7.0.11"), ("7.2.0", "7.2.4")],
        fixed: "6.0.17 / 6.2.14 / 6.4.13 / 7.0.12 / 7.2.5 / 7.4.0",
        condition: Condition::SslVpn,
    },
    Advisory {
        cve: "CVE-2024-21762",
        vendor_id: "FG-IR-24-015",
        os: "fortios",
        affected: &[
            ("6.0.0", "6.0.17"),
            ("6.2.0", "6.2.15"),
            ("6.4.0", "6.4.14"),
            ("7.0.0", "7.0.13"),
            ("7.2.0", "7.2.6"),
            ("7.4.0", "7.4.2"),
        ],
        fixed: "6.2.16 / 6.4.15 / 7.0.14 / 7.2.7 / 7.4.3 (6.0 has no fix: upgrade)",
        condition: Condition::SslVpn,
    },
    Advisory {
        cve: "CVE-2023-20198",
        vendor_id: "cisco-sa-iosxe-webui-privesc-j22SaA4z",
        os: "ios-xe",
        // Everything below the fixed respin of each fixed train; trains without a fix
        // (17.1, 17.2, 17.4, 17.5, 17.7, 17.8) are covered by the next range down.
        affected: &[("16.0.0", "16.12.10"), ("17.1.0", "17.3.8"), ("17.4.0", "17.6.6"), ("17.7.0", "17.9.4")],
        fixed: "17.9.4a / 17.6.6a / 17.3.8a / 16.12.10a (Catalyst 3650/3850)",
        condition: Condition::WebUi,
    },
];

/// The advisories concerning firmware family `os`.
pub fn for_os(os: &str) -> impl Iterator<Item = &'static Advisory> + use<'_> {
    ADVISORIES.iter().filter(move |a| a.os == os)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kenshin_policy::version::{Family, Version};

    #[test]
    fn every_range_parses_and_is_ordered() {
        for a in ADVISORIES {
            let family = Family::from_os(a.os).expect("known family");
            for (lo, hi) in a.affected {
                let lo = Version::parse(family, lo).unwrap();
                let hi = Version::parse(family, hi).unwrap();
                assert!(lo <= hi, "{} {lo} {hi}", a.cve);
            }
        }
    }
}
