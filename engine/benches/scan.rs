//! Scan throughput benchmark (a bench binary, not a timed test).
//!
//! Generates N device snapshots (default 10,000; IOS, IOS XE and FortiOS mixed, 300 to
//! 2,000 configuration lines each), then measures:
//! - end to end: `report::run` on the generated site (read, parse, evaluate in the
//!   sandbox on all cores, SARIF and checklist built and written), devices/s;
//! - per device, on one thread: snapshot read + parse, sandboxed evaluation, and SARIF
//!   build + serialisation;
//! - peak resident memory of the process (VmHWM).
//!
//! `cargo bench -p kenshin-engine --bench scan [-- --devices N] [--repeat R]`
//! Results go to stdout; docs/performance.md records them with the machine.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use kenshin_connectors::Site;
use kenshin_engine::pack::{Lang, Pack};
use kenshin_engine::report::{self, ScanJob};
use kenshin_engine::sandbox::{Sandbox, SandboxConfig};
use kenshin_engine::scan::{self, LoadedPack};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: usize| -> usize {
        args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
    };
    if std::env::var_os("KENSHIN_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_env("KENSHIN_LOG"))
            .with_writer(std::io::stderr)
            .init();
    }
    let devices = arg("--devices", 10_000);
    let repeat = arg("--repeat", 3).max(1);
    let tmp = tempfile::tempdir().expect("temp dir");
    let site_dir = tmp.path().join("site");
    let t = Instant::now();
    let lines = generate(&site_dir, devices);
    eprintln!("generated {devices} devices, {lines} config lines in total ({:.1}s)", t.elapsed().as_secs_f64());

    // End to end, as `kenshin scan` does it. The compiled pack is cached after the first run.
    let cache = tmp.path().join("cache");
    let mut e2e = Vec::new();
    for i in 0..repeat {
        let job = ScanJob {
            out: Some(tmp.path().join(format!("out{i}"))),
            cache_dir: Some(cache.clone()),
            ..ScanJob::new(site_dir.clone())
        };
        let t = Instant::now();
        let outcome = report::run(&job).expect("scan");
        e2e.push(t.elapsed());
        assert_eq!(outcome.scan.devices.len(), devices);
        if i == 0 {
            let sarif = std::fs::metadata(tmp.path().join("out0/results.sarif")).map(|m| m.len()).unwrap_or(0);
            eprintln!("results: {} findings, results.sarif {:.1} MiB", outcome.scan.findings.len(), sarif as f64 / 1048576.0);
        }
        let _ = std::fs::remove_dir_all(tmp.path().join(format!("out{i}")));
    }
    let peak_after_e2e = peak_rss_mib();

    // Phases on one thread, over a sample.
    let site = Site::load(&site_dir).expect("site");
    let sample: Vec<_> = site.inventory.devices.iter().take(2_000.min(devices)).collect();
    let t = Instant::now();
    let facts: Vec<_> = sample.iter().map(|d| scan::device_facts(&site, d).facts.expect("facts")).collect();
    let parse = t.elapsed() / sample.len() as u32;

    let sandbox = Sandbox::new(SandboxConfig { cache_dir: Some(cache.clone()), ..SandboxConfig::default() }).expect("sandbox");
    let lp = LoadedPack::load(&sandbox, Pack::builtin(), &site.settings.params);
    let module = lp.module.as_ref().expect("built-in pack loads");
    let site_info = kenshin_policy::SiteInfo::default();
    let scan_info = kenshin_policy::ScanInfo { date: scan::today() };
    let t = Instant::now();
    let mut results = 0;
    for f in &facts {
        let (r, note) = scan::evaluate_pack(&lp, module, f, &site_info, &scan_info);
        assert!(note.is_none(), "{note:?}");
        results += r.len();
    }
    let eval = t.elapsed() / facts.len() as u32;

    // What the guest does first, natively: decode the input JSON.
    let inputs: Vec<Vec<u8>> =
        facts.iter().map(|f| serde_json::to_vec(&serde_json::json!({"abi": 1, "device": f})).expect("json")).collect();
    let t = Instant::now();
    for i in &inputs {
        let input: kenshin_policy::Input = serde_json::from_slice(i).expect("input");
        std::hint::black_box(input);
    }
    let native_decode = t.elapsed() / inputs.len() as u32;
    let input_bytes = inputs.iter().map(Vec::len).sum::<usize>() / inputs.len();

    // The sandbox's own cost: a module that does nothing, evaluated as often.
    let trivial =
        sandbox.load(&wat::parse_file(site_root().join("fixtures/hostile/well_behaved.wat")).expect("wat")).expect("load");
    let t = Instant::now();
    for _ in 0..facts.len() {
        trivial.evaluate(b"{}").expect("trivial evaluation");
    }
    let overhead = t.elapsed() / facts.len() as u32;

    let full = scan::scan(&site, std::slice::from_ref(&lp), &[], 0);
    let t = Instant::now();
    let sarif = kenshin_engine::sarif::build(&full, &[&lp.pack], &site.root, Lang::Ja, None);
    let bytes = serde_json::to_vec(&sarif).expect("json");
    let sarif_per_device = t.elapsed() / devices as u32;

    // Hostile modules under the default limits (1 s, 64 MiB): how long until stopped.
    let default_box = Sandbox::new(SandboxConfig { cache_dir: None, ..SandboxConfig::default() }).expect("sandbox");
    let mut hostile = String::new();
    for name in ["loop_evaluate", "loop_start", "memory_bomb", "deep_recursion"] {
        let wasm = wat::parse_file(site_root().join(format!("fixtures/hostile/{name}.wat"))).expect("wat");
        let t = Instant::now();
        let err = default_box.load(&wasm).and_then(|m| m.evaluate(b"{}")).map(|_| ()).expect_err("hostile");
        let _ = write!(hostile, "{name} {} ms ({err}); ", t.elapsed().as_millis());
    }

    let median = {
        let mut v = e2e.clone();
        v.sort();
        v[v.len() / 2]
    };
    let mut report = String::new();
    let _ = writeln!(report, "devices                 {devices} ({} config lines on average)", lines / devices);
    let _ = writeln!(
        report,
        "end to end (median of {repeat}) {:.2} s = {:.0} devices/s   runs: {}",
        median.as_secs_f64(),
        devices as f64 / median.as_secs_f64(),
        fmt_runs(&e2e)
    );
    let _ = writeln!(
        report,
        "per device, one thread: parse {} µs, evaluate {} µs ({} results/device; sandbox instantiate+call {} µs; input {} bytes, decoded natively in {} µs), SARIF {} µs",
        parse.as_micros(),
        eval.as_micros(),
        results / facts.len().max(1),
        overhead.as_micros(),
        input_bytes,
        native_decode.as_micros(),
        sarif_per_device.as_micros()
    );
    let _ = writeln!(report, "peak RSS after end-to-end runs: {peak_after_e2e} MiB (whole process, generation included)");
    let _ = writeln!(report, "SARIF size: {:.1} MiB", bytes.len() as f64 / 1048576.0);
    let _ = writeln!(report, "hostile modules stopped after: {hostile}");
    print!("{report}");
}

fn site_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn fmt_runs(runs: &[Duration]) -> String {
    runs.iter().map(|d| format!("{:.2}s", d.as_secs_f64())).collect::<Vec<_>>().join(", ")
}

/// VmHWM of this process, in MiB.
fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok()))
        .map(|kib| kib / 1024)
        .unwrap_or(0)
}

/// Writes a site of `n` devices; returns the total number of configuration lines.
fn generate(dir: &Path, n: usize) -> usize {
    let snaps = dir.join("snapshots");
    std::fs::create_dir_all(&snaps).expect("mkdir");
    let mut inventory = String::from("# generated by engine/benches/scan.rs\n");
    let mut total = 0;
    for i in 0..n {
        // Deterministic spread of sizes between 300 and 2,000 lines.
        let target = 300 + (i * 7919) % 1_700;
        let (name, platform, kind) = match i % 3 {
            0 => (format!("rtr-{i:05}"), "cisco_ios", "router"),
            1 => (format!("sw-{i:05}"), "cisco_xe", "switch"),
            _ => (format!("fgt-{i:05}"), "fortinet", "firewall"),
        };
        let _ = writeln!(
            inventory,
            "[[device]]\nname = \"{name}\"\nkind = \"{kind}\"\nplatform = \"{platform}\"\nconnector = \"file\"\n"
        );
        let d = snaps.join(&name);
        std::fs::create_dir_all(&d).expect("mkdir");
        let lines = match platform {
            "fortinet" => {
                std::fs::write(
                    d.join("get_system_status.txt"),
                    format!("Version: FortiGate-60F v7.{}.{},build1517,230606 (GA.F)\nHostname: {name}\n", i % 5, i % 17),
                )
                .expect("write");
                let text = fortios_config(&name, i, target);
                let lines = text.lines().count();
                std::fs::write(d.join("show_full-configuration.txt"), text).expect("write");
                lines
            }
            _ => {
                let xe = platform == "cisco_xe";
                let version = if xe {
                    format!(
                        "Cisco IOS XE Software, Version 17.0{}.0{}\nCisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.{}.{}, RELEASE SOFTWARE (fc1)\ncisco C9300-48P (X86) processor with 1000K bytes of memory.\n",
                        i % 9 + 1,
                        i % 5,
                        i % 9 + 1,
                        i % 5
                    )
                } else {
                    format!(
                        "Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.{}({})M{}, RELEASE SOFTWARE (fc2)\n{name} uptime is 1 year\nCisco CISCO2911/K9 (revision 1.0) with 491520K/32768K bytes of memory.\n",
                        i % 8,
                        i % 7 + 1,
                        i % 12
                    )
                };
                std::fs::write(d.join("show_version.txt"), version).expect("write");
                let text = ios_config(&name, i, target);
                let lines = text.lines().count();
                std::fs::write(d.join("show_running-config.txt"), text).expect("write");
                lines
            }
        };
        total += lines;
    }
    std::fs::write(dir.join("inventory.toml"), inventory).expect("write");
    std::fs::write(dir.join("site.toml"), "name = \"bench\"\nmanagement_networks = [\"10.10.100.0/24\"]\n").expect("write");
    total
}

fn ios_config(name: &str, i: usize, target: usize) -> String {
    let mut s = format!(
        "Building configuration...\n!\nversion 15.2\nservice password-encryption\nhostname {name}\n!\nenable secret 9 $9$x$y\nusername admin privilege 15 secret 9 $9$a$b\nusername op privilege 5 password 7 0822455D0A16\nsecurity passwords min-length 10\n!\n"
    );
    let _ = write!(
        s,
        "ip access-list standard MGMT\n permit 10.10.100.0 0.0.0.255\n deny any log\n!\naccess-list 20 permit 10.10.100.15\n!\n"
    );
    if i.is_multiple_of(4) {
        s.push_str("ip http server\nip http secure-server\n");
    } else {
        s.push_str("no ip http server\nno ip http secure-server\n");
    }
    let _ = write!(
        s,
        "snmp-server community {} RO {}\nlogging host 10.10.100.20\nntp server 10.10.100.1\n!\n",
        if i.is_multiple_of(5) { "public" } else { "s3cr3t-ro" },
        if i.is_multiple_of(2) { "20" } else { "" }
    );
    let mut port = 0;
    let mut lines = s.lines().count();
    while lines + 12 < target {
        lines += 6;
        let _ = write!(
            s,
            "interface GigabitEthernet1/0/{port}\n description ward-{port} terminal\n switchport access vlan {}\n switchport mode access\n spanning-tree portfast\n!\n",
            10 + port % 40
        );
        port += 1;
    }
    let _ = write!(
        s,
        "line con 0\nline vty 0 4\n access-class MGMT in\n transport input ssh\nline vty 5 15\n transport input {}\n!\nend\n",
        if i.is_multiple_of(3) { "telnet ssh" } else { "ssh" }
    );
    s
}

fn fortios_config(name: &str, i: usize, target: usize) -> String {
    let mut s = format!(
        "#config-version=FGT60F-7.2.5-FW-build1517-230606:opmode=0:vdom=0:user=admin\nconfig system global\n    set hostname \"{name}\"\n    set admin-lockout-threshold 3\nend\n"
    );
    let _ = write!(
        s,
        "config system interface\n    edit \"wan1\"\n        set ip 203.0.113.2 255.255.255.248\n        set allowaccess ping{}\n        set role wan\n    next\n    edit \"internal\"\n        set ip 10.10.0.254 255.255.255.0\n        set allowaccess ping https ssh\n        set role lan\n    next\nend\n",
        if i.is_multiple_of(4) { " https ssh" } else { "" }
    );
    let _ = write!(
        s,
        "config system admin\n    edit \"admin\"\n        set accprofile \"super_admin\"\n        set trusthost1 {}\n        set two-factor disable\n        set password ENC SH2xxxx\n    next\nend\n",
        if i.is_multiple_of(3) { "0.0.0.0 0.0.0.0" } else { "10.10.100.0 255.255.255.0" }
    );
    let _ = write!(
        s,
        "config vpn ssl settings\n    set status {}\n    set source-interface \"wan1\"\n    set source-address \"all\"\nend\n",
        if i.is_multiple_of(2) { "enable" } else { "disable" }
    );
    s.push_str("config system snmp sysinfo\n    set status enable\nend\nconfig log syslogd setting\n    set status enable\n    set server \"10.10.100.20\"\nend\nconfig firewall address\n");
    let mut k = 0;
    let mut lines = s.lines().count();
    while lines + 16 < target {
        lines += 4;
        let _ = write!(
            s,
            "    edit \"host-{k}\"\n        set subnet 10.{}.{}.{} 255.255.255.255\n        set comment \"ward terminal\"\n    next\n",
            k / 65536 % 256,
            k / 256 % 256,
            k % 256
        );
        k += 1;
    }
    s.push_str("end\nconfig firewall policy\n    edit 1\n        set srcintf \"internal\"\n        set dstintf \"wan1\"\n        set srcaddr \"all\"\n        set dstaddr \"all\"\n        set action accept\n        set service \"ALL\"\n    next\nend\n");
    s
}
