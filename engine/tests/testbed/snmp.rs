//! The SNMP test bed: snmpsim serving recordings of real devices (its own data, the
//! snmpsim-data package and `testbed/snmp/recordings/`) and a net-snmp `snmpd` with a
//! throwaway configuration, both on 127.0.0.1 and free UDP ports, started by
//! `testbed/snmp/testbed.sh` and stopped when dropped.

use std::path::PathBuf;
use std::process::Command;

use super::super::common::root;

/// snmpd's v2c community and v3 user (testbed/snmp/testbed.sh).
pub const COMMUNITY: &str = "kenshin-tb-community";
pub const V3_USER: &str = "kenshin-tb-v3";
pub const AUTH_KEY: &str = "kenshin-auth-key";
pub const PRIV_KEY: &str = "kenshin-priv-key";

fn script() -> PathBuf {
    root().join("testbed/snmp/testbed.sh")
}

/// A free UDP port on loopback (bound and released).
pub fn free_udp_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// A running agent; stopped on drop.
pub struct Agent {
    pub dir: tempfile::TempDir,
    pub port: u16,
}

impl Agent {
    fn start(kind: &str) -> Agent {
        let dir = tempfile::tempdir().expect("tempdir");
        for _ in 0..5 {
            let port = free_udp_port();
            let out = Command::new(script()).arg(kind).arg(dir.path()).arg(port.to_string()).output().expect("testbed.sh");
            if out.status.success() {
                return Agent { dir, port };
            }
            eprintln!("testbed.sh {kind} on {port} failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        panic!("could not start the SNMP test bed ({kind}); run scripts/setup (testbed/snmp/testbed.sh install)");
    }

    /// snmpsim with every recording: v2c community = recording name.
    pub fn snmpsim() -> Agent {
        Agent::start("start-snmpsim")
    }

    /// net-snmp snmpd with [`COMMUNITY`] and the v3 user [`V3_USER`].
    pub fn snmpd() -> Agent {
        Agent::start("start-snmpd")
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = Command::new(script()).arg("stop").arg(self.dir.path()).output();
    }
}
