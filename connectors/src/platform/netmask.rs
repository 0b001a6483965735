//! IPv4 address/mask pairs and address ranges as vendors print them, turned into CIDR
//! strings.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

/// The exact list of CIDR blocks covering `first..=last` (at most 62 of them): a range
/// that is not one block stays exactly as wide as configured.
pub fn range_cidrs(first: Ipv4Addr, last: Ipv4Addr) -> Option<Vec<String>> {
    let (mut lo, hi) = (u64::from(u32::from(first)), u64::from(u32::from(last)));
    if lo > hi {
        return None;
    }
    let mut out = Vec::new();
    while lo <= hi {
        let mut size: u64 = 1 << lo.trailing_zeros().min(32);
        while lo + size - 1 > hi {
            size >>= 1;
        }
        let prefix = 32 - size.trailing_zeros();
        if prefix == 0 {
            return Some(vec![kenshin_facts::ANY_SOURCE.to_string()]);
        }
        out.push(format!("{}/{prefix}", Ipv4Addr::from(u32::try_from(lo).ok()?)));
        lo += size;
    }
    Some(out)
}

/// `192.168.10.0 255.255.255.0` → `192.168.10.0/24`. A non-contiguous mask widens to
/// the smallest covering prefix (the conservative reading for "who may connect").
pub fn from_netmask(addr: &str, mask: &str) -> Option<String> {
    let addr: Ipv4Addr = addr.parse().ok()?;
    let mask: Ipv4Addr = mask.parse().ok()?;
    let bits = u32::from(mask);
    let prefix = bits.leading_ones() as u8;
    net(addr, prefix)
}

/// `192.168.10.0 0.0.0.255` (Cisco wildcard) → `192.168.10.0/24`.
pub fn from_wildcard(addr: &str, wildcard: &str) -> Option<String> {
    let addr: Ipv4Addr = addr.parse().ok()?;
    let wildcard: Ipv4Addr = wildcard.parse().ok()?;
    let bits = !u32::from(wildcard);
    net(addr, bits.leading_ones() as u8)
}

/// An interface address with its prefix: `192.0.2.1 255.255.255.0` → `192.0.2.1/24`.
pub fn host_cidr(addr: &str, mask: &str) -> Option<String> {
    let addr: Ipv4Addr = addr.parse().ok()?;
    let mask: Ipv4Addr = mask.parse().ok()?;
    Some(format!("{addr}/{}", u32::from(mask).leading_ones()))
}

fn net(addr: Ipv4Addr, prefix: u8) -> Option<String> {
    let n = Ipv4Net::new(addr, prefix).ok()?.trunc();
    Some(if prefix == 0 { kenshin_facts::ANY_SOURCE.to_string() } else { n.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(from_netmask("192.168.10.5", "255.255.255.0").as_deref(), Some("192.168.10.0/24"));
        assert_eq!(from_netmask("0.0.0.0", "0.0.0.0").as_deref(), Some("any"));
        assert_eq!(from_wildcard("10.1.0.0", "0.0.255.255").as_deref(), Some("10.1.0.0/16"));
        assert_eq!(from_wildcard("10.1.2.3", "0.0.0.0").as_deref(), Some("10.1.2.3/32"));
        assert_eq!(from_wildcard("10.1.0.0", "0.255.0.255").as_deref(), Some("10.0.0.0/8"));
        assert_eq!(from_netmask("x", "255.0.0.0"), None);
    }
}
