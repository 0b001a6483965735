//! Source-address logic for rules: is a source list "anyone", and is it within the
//! networks a site declared.
//!
//! Facts write sources as CIDR strings or `"any"`; anything else (an unresolved
//! address object such as `object:vendor-net`) is [`Source::Other`], which is neither
//! "any" nor inside a declared network — rules treat it as unverifiable.

use std::net::IpAddr;

pub use ipnet::IpNet;

/// One parsed source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Any,
    Net(IpNet),
    Other(String),
}

/// Parses `"any"`, a CIDR, or a bare address (a host network).
pub fn parse(s: &str) -> Source {
    let s = s.trim();
    if s.eq_ignore_ascii_case(kenshin_facts::ANY_SOURCE) {
        return Source::Any;
    }
    let net = s.parse::<IpNet>().ok().or_else(|| s.parse::<IpAddr>().ok().map(IpNet::from));
    match net {
        Some(n) if n.prefix_len() == 0 => Source::Any,
        Some(n) => Source::Net(n.trunc()),
        None => Source::Other(s.to_string()),
    }
}

/// True when `s` means every address (`any`, `0.0.0.0/0`, `::/0`).
pub fn is_any(s: &str) -> bool {
    parse(s) == Source::Any
}

/// True when any of `sources` means every address.
pub fn any_is_any<S: AsRef<str>>(sources: &[S]) -> bool {
    sources.iter().any(|s| is_any(s.as_ref()))
}

/// True when `inner` lies wholly inside `outer`. `any` contains everything; nothing
/// but `any` contains `any`; unparsable sources contain and are contained by nothing.
pub fn contains(outer: &str, inner: &str) -> bool {
    match (parse(outer), parse(inner)) {
        (Source::Any, _) => true,
        (_, Source::Any) => false,
        (Source::Net(o), Source::Net(i)) => o.contains(&i),
        _ => false,
    }
}

/// True when the two share at least one address.
pub fn overlaps(a: &str, b: &str) -> bool {
    match (parse(a), parse(b)) {
        (Source::Any, Source::Any | Source::Net(_)) | (Source::Net(_), Source::Any) => true,
        (Source::Net(x), Source::Net(y)) => x.contains(&y) || y.contains(&x),
        _ => false,
    }
}

/// The sources of `sources` not inside any of `allowed`.
pub fn outside<'a, S: AsRef<str>, T: AsRef<str>>(sources: &'a [S], allowed: &[T]) -> Vec<&'a str> {
    sources.iter().map(AsRef::as_ref).filter(|s| !allowed.iter().any(|a| contains(a.as_ref(), s))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_forms() {
        for s in ["any", "ANY", "0.0.0.0/0", "::/0", " any "] {
            assert!(is_any(s), "{s}");
        }
        for s in ["10.0.0.0/8", "192.0.2.1", "object:x", ""] {
            assert!(!is_any(s), "{s}");
        }
        assert!(any_is_any(&["10.0.0.0/8", "any"]));
        assert!(!any_is_any::<&str>(&[]));
    }

    #[test]
    fn containment() {
        assert!(contains("192.0.2.0/24", "192.0.2.128/25"));
        assert!(contains("192.0.2.0/24", "192.0.2.7"));
        assert!(!contains("192.0.2.0/25", "192.0.2.0/24"));
        assert!(contains("any", "192.0.2.0/24"));
        assert!(!contains("192.0.2.0/24", "any"));
        assert!(!contains("192.0.2.0/24", "object:vendor"));
        assert!(!contains("2001:db8::/32", "192.0.2.1"));
        // Host bits in the outer network are ignored.
        assert!(contains("192.0.2.9/24", "192.0.2.200"));
    }

    #[test]
    fn overlap_and_outside() {
        assert!(overlaps("10.0.0.0/8", "10.1.0.0/16"));
        assert!(overlaps("10.1.0.0/16", "10.0.0.0/8"));
        assert!(!overlaps("10.0.0.0/16", "10.1.0.0/16"));
        assert!(overlaps("any", "10.0.0.0/8"));
        assert!(!overlaps("object:a", "any"));
        let srcs = ["192.0.2.0/26", "198.51.100.7/32", "any"];
        assert_eq!(outside(&srcs, &["192.0.2.0/24"]), vec!["198.51.100.7/32", "any"]);
    }
}
