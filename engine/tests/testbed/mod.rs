//! The SSH test bed for the engine's integration tests: a real OpenSSH sshd on
//! 127.0.0.1 and a free high port, with the device emulators of `testbed/ssh/`
//! (started by `testbed/ssh/testbed.sh`, stopped when the [`Sshd`] is dropped), and
//! sites whose devices are those emulators.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub mod snmp;

use super::common::root;

/// The test bed's throwaway password (every kenshin-tb-* user), set by
/// `testbed.sh users` (run by scripts/setup).
pub const PASSWORD: &str = "kenshin-testbed-pw";
/// The IOS emulators' enable secret.
pub const ENABLE: &str = "kenshin-enable";
/// The Yamaha emulator's administrator password.
pub const YAMAHA_ADMIN: &str = "kenshin-admin";

fn script() -> PathBuf {
    root().join("testbed/ssh/testbed.sh")
}

/// A running sshd; stopped on drop.
pub struct Sshd {
    pub dir: tempfile::TempDir,
    pub port: u16,
}

impl Sshd {
    /// Starts an sshd on a free port; panics with the reason (and what to run) if the
    /// test bed is not installed.
    pub fn start() -> Sshd {
        Sshd::start_with(&[])
    }

    /// [`Sshd::start`] with environment for testbed.sh (`KENSHIN_TB_PAM=kbdint`).
    pub fn start_with(env: &[(&str, &str)]) -> Sshd {
        let users = Command::new("id").arg("-u").arg("kenshin-tb-ios").output().expect("id");
        assert!(users.status.success(), "the SSH test bed users are missing: run scripts/setup (testbed/ssh/testbed.sh users)");
        let dir = tempfile::tempdir().expect("tempdir");
        // A free port: bind to 0 and let go. Retried because another test may take it first.
        for _ in 0..5 {
            let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
            let out = Command::new(script())
                .arg("start")
                .arg(dir.path())
                .arg(port.to_string())
                .envs(env.iter().copied())
                .output()
                .expect("testbed.sh");
            if out.status.success() {
                return Sshd { dir, port };
            }
            eprintln!("testbed.sh start on {port} failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        panic!("could not start the SSH test bed's sshd");
    }

    /// The host key line for the site's known_hosts.
    pub fn known_hosts_line(&self) -> String {
        let public = std::fs::read_to_string(self.dir.path().join("ssh_host_ed25519_key.pub")).expect("host key");
        let mut words = public.split_whitespace();
        format!("[127.0.0.1]:{} {} {}\n", self.port, words.next().unwrap_or(""), words.next().unwrap_or(""))
    }

    /// The host key's fingerprint as `ssh-keygen -l` prints it (`SHA256:...`).
    pub fn fingerprint(&self) -> String {
        let out = Command::new("ssh-keygen")
            .arg("-lf")
            .arg(self.dir.path().join("ssh_host_ed25519_key.pub"))
            .output()
            .expect("ssh-keygen");
        String::from_utf8_lossy(&out.stdout).split_whitespace().nth(1).unwrap_or("").to_string()
    }

    /// Authorises `public_key` (an OpenSSH `.pub` line) for `user`.
    pub fn authorize(&self, user: &str, public_key: &str) {
        let dir = self.dir.path().join("authorized_keys");
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join(user), public_key).expect("authorized_keys");
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = Command::new(script()).arg("stop").arg(self.dir.path()).output();
    }
}

/// One device of a test site.
#[derive(Clone)]
pub struct Dev {
    pub name: String,
    pub platform: &'static str,
    pub kind: &'static str,
    pub user: String,
    /// Extra inventory lines (credentials other than the password, port overrides).
    pub extra: String,
    pub password: bool,
    /// Another port than the test bed's (a closed one).
    pub port: Option<u16>,
}

impl Dev {
    pub fn new(name: &str, platform: &'static str, user: &str) -> Dev {
        let kind = if platform == "fortinet" { "firewall" } else { "router" };
        Dev { name: name.into(), platform, kind, user: user.into(), extra: String::new(), password: true, port: None }
    }

    pub fn with(mut self, line: &str) -> Dev {
        self.extra.push_str(line);
        self.extra.push('\n');
        self
    }

    pub fn port(mut self, port: u16) -> Dev {
        self.port = Some(port);
        self
    }

    pub fn no_password(mut self) -> Dev {
        self.password = false;
        self
    }
}

/// Writes a site folder for `devices` on `port`: inventory.toml, site.toml with short
/// time limits, and known_hosts holding `known_hosts` (may be empty).
pub fn site(dir: &Path, port: u16, devices: &[Dev], known_hosts: &str, collect: &str) {
    std::fs::create_dir_all(dir).expect("mkdir");
    let mut inv = String::new();
    for d in devices {
        let _ = write!(
            inv,
            "[[device]]\nname = \"{}\"\nkind = \"{}\"\nplatform = \"{}\"\naddress = \"127.0.0.1\"\nport = {port}\n\
             connector = \"ssh\"\nusername = \"{}\"\n",
            d.name,
            d.kind,
            d.platform,
            d.user,
            port = d.port.unwrap_or(port)
        );
        if d.password {
            inv.push_str("password_env = \"KENSHIN_TB_PASSWORD\"\n");
        }
        inv.push_str(&d.extra);
        inv.push('\n');
    }
    std::fs::write(dir.join("inventory.toml"), inv).expect("inventory");
    std::fs::write(
        dir.join("site.toml"),
        format!(
            "name = \"テスト病院\"\nmanagement_networks = [\"192.0.2.0/26\"]\nvendor_maintenance_sources = [\"198.51.100.7/32\"]\n\
             [collect]\n{collect}\n"
        ),
    )
    .expect("site.toml");
    std::fs::write(dir.join("known_hosts"), known_hosts).expect("known_hosts");
}

/// Short limits for the tests: every emulator answers in well under a second.
pub const FAST: &str = "connect_timeout_s = 5\nauth_timeout_s = 10\ncommand_timeout_s = 10\ndevice_timeout_s = 30";

/// Runs the kenshin binary with the test bed's credentials in the environment, and
/// kills it if it outlives `limit` (a hang is a failure, not a stuck test run).
pub fn kenshin(args: &[&str], env: &[(&str, &str)], limit: Duration) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kenshin"));
    cmd.args(args)
        .env("KENSHIN_TB_PASSWORD", PASSWORD)
        .env("KENSHIN_TB_ENABLE", ENABLE)
        .env("KENSHIN_TB_ADMIN", YAMAHA_ADMIN)
        .env("KENSHIN_LOG", "warn,kenshin=debug,kenshin_collect=debug")
        .env_remove("SSH_AUTH_SOCK")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("kenshin runs");
    // Read both pipes while waiting: a child that fills a pipe would block forever.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            let err = stderr.join().unwrap_or_default();
            panic!("kenshin {args:?} still running after {limit:?} (a hang)\nstderr:\n{}", String::from_utf8_lossy(&err));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output { status, stdout: stdout.join().unwrap_or_default(), stderr: stderr.join().unwrap_or_default() }
}

/// stdout and stderr as one string, for messages.
pub fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// A device's `collect.json` (status, connector, errors, artifacts).
pub fn collect_record(site: &Path, device: &str) -> serde_json::Value {
    super::common::read_json(&site.join("snapshots").join(device).join("collect.json"))
}
