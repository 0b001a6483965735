//! kenshin-policy: the guest SDK for kenshin policy modules.
//!
//! A policy is a function from one device's [`Input`] (facts, site, parameters) to
//! rule results. [`export_policy!`] turns it into a module implementing
//! [ABI v1](https://example.invalid/kenshin/policies/ABI.md) when built for
//! `wasm32-unknown-unknown`; on the host the same function is unit-tested natively.
//!
//! ```
//! use kenshin_policy::{Input, Report, msg, ServiceName};
//!
//! fn evaluate(input: &Input) -> Report {
//!     let mut report = Report::new();
//!     let facts = &input.device;
//!     match facts.service(ServiceName::Telnet) {
//!         Some(s) if s.enabled => report.fail("EX-TELNET", "telnet", msg("telnet is on", "telnet が有効"), &s.evidence),
//!         Some(s) => report.pass("EX-TELNET", "telnet", msg("telnet is off", "telnet は無効"), &s.evidence),
//!         None => report.unknown("EX-TELNET", "telnet", msg("telnet state unknown", "telnet の状態が不明"), &[]),
//!     }
//!     report
//! }
//! // In the module's lib.rs: kenshin_policy::export_policy!(evaluate);
//! # let input: Input = serde_json::from_str(r#"{"abi":1,"device":{"schema":"kenshin.facts/v1","device":{"name":"r","platform":"cisco_ios","kind":"router"}}}"#).unwrap();
//! # assert_eq!(evaluate(&input).results()[0].status, kenshin_policy::Status::Unknown);
//! ```

pub mod abi;
#[cfg(all(target_arch = "wasm32", feature = "bump-allocator"))]
mod bump;
pub mod cidr;

/// Every evaluation runs in a fresh instance, so the guest allocates by bumping a
/// pointer and never frees (see `bump.rs`).
#[cfg(all(target_arch = "wasm32", feature = "bump-allocator"))]
#[global_allocator]
static ALLOCATOR: bump::Bump = bump::Bump::new();

pub use abi::{
    Credential, CredentialFamily, Input, Message, Output, PackInfo, Report, RuleResult, ScanInfo, SiteInfo, SiteInput, Status,
    msg,
};
pub use kenshin_facts::version;
pub use kenshin_facts::*;

/// Writes a line to the host's log (ABI import `kenshin.log`). On the host (native
/// tests) it does nothing.
pub fn log(level: LogLevel, message: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        #[link(wasm_import_module = "kenshin")]
        unsafe extern "C" {
            #[link_name = "log"]
            fn host_log(level: i32, ptr: *const u8, len: usize);
        }
        // SAFETY: the host only reads `len` bytes at `ptr`, which `message` owns.
        unsafe { host_log(level as i32, message.as_ptr(), message.len()) }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (level, message);
}

/// Levels of [`log`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub enum LogLevel {
    Error = 0,
    Warn = 1,
    Info = 2,
    Debug = 3,
}

/// Exports `evaluate` (a `fn(&Input) -> Report`) as an ABI v1 policy module;
/// `export_policy!(evaluate, site = evaluate_site)` also exports the optional site
/// entry point (`evaluate_site`: a `fn(&SiteInput) -> Report`).
///
/// Only has an effect when building for wasm32; natively the function is just a
/// function, for unit tests.
#[macro_export]
macro_rules! export_policy {
    ($evaluate:path) => {
        #[cfg(target_arch = "wasm32")]
        #[unsafe(no_mangle)]
        pub extern "C" fn kenshin_abi_version() -> i32 {
            $crate::abi::ABI_VERSION as i32
        }

        #[cfg(target_arch = "wasm32")]
        #[unsafe(no_mangle)]
        pub extern "C" fn kenshin_alloc(size: usize) -> *mut u8 {
            $crate::abi::guest::alloc(size)
        }

        #[cfg(target_arch = "wasm32")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn kenshin_evaluate(ptr: *mut u8, len: usize) -> u64 {
            // SAFETY: the host wrote `len` bytes at `ptr`, obtained from `kenshin_alloc(len)`.
            unsafe { $crate::abi::guest::evaluate(ptr, len, $evaluate) }
        }
    };
    ($evaluate:path, site = $site:path) => {
        $crate::export_policy!($evaluate);

        #[cfg(target_arch = "wasm32")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn kenshin_evaluate_site(ptr: *mut u8, len: usize) -> u64 {
            // SAFETY: the host wrote `len` bytes at `ptr`, obtained from `kenshin_alloc(len)`.
            unsafe { $crate::abi::guest::evaluate_site(ptr, len, $site) }
        }
    };
}
