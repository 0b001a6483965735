//! Ordering vectors for every version family, plus a deterministic fuzz-style check
//! that parsing and comparing never panic and that the order is a consistent one.

use std::cmp::Ordering;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use kenshin_facts::version::{Family, Version, compare, normalize};

fn parse(f: Family, s: &str) -> Version {
    Version::parse(f, s).unwrap_or_else(|e| panic!("{e}"))
}

fn hash_of(v: &Version) -> u64 {
    let mut h = DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

/// Every element strictly below every later one, in both directions, and equal to itself.
fn assert_ordered(f: Family, list: &[&str]) {
    let parsed: Vec<Version> = list.iter().map(|s| parse(f, s)).collect();
    for (i, a) in parsed.iter().enumerate() {
        assert_eq!(a.compare(a), Some(Ordering::Equal), "{f:?} {a} == itself");
        assert_eq!(a, &parse(f, list[i]));
        for (j, b) in parsed.iter().enumerate().skip(i + 1) {
            assert_eq!(a.compare(b), Some(Ordering::Less), "{f:?}: {} < {}", list[i], list[j]);
            assert_eq!(b.compare(a), Some(Ordering::Greater), "{f:?}: {} > {}", list[j], list[i]);
            assert_ne!(a, b);
        }
    }
}

fn assert_same(f: Family, a: &str, b: &str) {
    let (x, y) = (parse(f, a), parse(f, b));
    assert_eq!(x, y, "{f:?}: {a} == {b}");
    assert_eq!(x.compare(&y), Some(Ordering::Equal));
    assert_eq!(hash_of(&x), hash_of(&y), "{f:?}: equal versions hash alike: {a}, {b}");
}

fn assert_incomparable(f: Family, a: &str, b: &str) {
    let (x, y) = (parse(f, a), parse(f, b));
    assert_eq!(x.compare(&y), None, "{f:?}: {a} vs {b}");
    assert_eq!(y.compare(&x), None, "{f:?}: {b} vs {a}");
    assert_ne!(x, y);
    assert_eq!(x.partial_cmp(&y), None);
    assert_eq!(x.within(&y, &y), None);
}

fn assert_rejects(f: Family, bad: &[&str]) {
    for s in bad {
        assert!(Version::parse(f, s).is_err(), "{f:?} should reject {s:?}");
    }
}

fn assert_display(f: Family, raw: &str, shown: &str) {
    assert_eq!(normalize(f, raw).as_deref(), Some(shown), "{f:?}: {raw}");
}

#[test]
fn os_names() {
    let expected = [
        ("ios", Family::Ios),
        ("ios-xe", Family::IosXe),
        ("fortios", Family::FortiOs),
        ("dotted", Family::Dotted),
        ("yamaha", Family::Yamaha),
        ("nec-ix", Family::NecIx),
        ("junos", Family::Junos),
        ("asa", Family::Asa),
        ("panos", Family::PanOs),
        ("eos", Family::Eos),
        ("nxos", Family::NxOs),
        ("awplus", Family::AwPlus),
        ("dpkg", Family::Dpkg),
        ("rpm", Family::Rpm),
        ("windows", Family::Windows),
    ];
    assert_eq!(expected.len(), Family::ALL.len());
    for (os, f) in expected {
        assert_eq!(Family::from_os(os), Some(f), "{os}");
        assert_eq!(f.os(), os);
    }
    for unknown in ["", "IOS", "Junos", "pan-os", "nx-os", "debian", "yamaha "] {
        assert_eq!(Family::from_os(unknown), None, "{unknown:?}");
    }
}

#[test]
fn families_never_compare_with_each_other() {
    // The same string parses in several families, but a family mismatch is never ordered.
    let a = parse(Family::Dotted, "10.7.18");
    let b = parse(Family::NecIx, "10.7.18");
    assert_eq!(a.compare(&b), None);
    assert_ne!(a, b);
    let d = parse(Family::Dpkg, "1.0");
    let r = parse(Family::Rpm, "1.0");
    assert_eq!(d.compare(&r), None);
}

#[test]
fn garbage_is_an_error_in_every_family() {
    for f in Family::ALL {
        assert_rejects(f, &["", "   ", "abc", "..", ".", "99999999999999999999", "1.99999999999999999999", "\u{3042}"]);
    }
}

#[test]
fn ios() {
    let f = Family::Ios;
    assert_ordered(f, &["12.4(21)", "12.4(21a)", "12.4(21b)", "12.4(22)", "12.4(22.1)", "12.4(23)"]);
    assert_ordered(f, &["15.2(4)M1", "15.2(4)M7", "15.2(4)M7a", "15.2(4)M10", "15.2(5)M1"]);
    assert_ordered(f, &["15.0(2)SE9", "15.0(2)SE11", "15.0(2a)SE11", "15.0(3)SE1"]);
    assert_incomparable(f, "15.2(4)E", "15.2(4)M");
    assert_incomparable(f, "15.2(4)E10", "15.2(4)M10");
    assert_incomparable(f, "12.4(15)T8", "12.4(21a)");
    assert_incomparable(f, "15.2(4)M7", "15.1(4)M7");
    assert_same(f, "15.2(4)M07", "15.2(4)M7");
    assert_display(f, " 15.2(4)M7 ", "15.2(4)M7");
    assert_rejects(
        f,
        &["15.2", "15(4)M7", "15.2.1(4)M7", "15.2(4", "15.2()M7", "15.2(4A)M7", "15.2(4)M7(", "15.2(1.2.3)", "+15.2(4)"],
    );
}

#[test]
fn ios_xe() {
    let f = Family::IosXe;
    assert_ordered(f, &["16.12.1", "16.12.1z1", "16.12.10a", "17.3.8a", "17.9.4", "17.9.4a", "17.9.5", "17.12.1a"]);
    assert_ordered(f, &["03.06.05E", "3.6.6E", "03.06.10E"]);
    assert_incomparable(f, "03.06.05E", "03.07.01S");
    assert_same(f, "17.09.04a", "17.9.4a");
    assert_display(f, "17.09.04a", "17.9.4a");
    assert_rejects(f, &["17.9.4-1", "17..4", "17.9.", "a17.9.4", "17.9.4 a"]);
}

#[test]
fn fortios() {
    let f = Family::FortiOs;
    assert_ordered(f, &["6.0.4", "v6.0.4,build0231,190107 (GA)", "6.4.15", "7.0.13", "v7.0.14,build0601,240131 (GA.M)", "7.2.5"]);
    assert_display(f, "FortiGate-60E v6.0.4,build0231,190107 (GA)", "6.0.4");
    assert_rejects(f, &["7.2", "7.2.5.1", "7.2.5a", "v7.2.5,buildX", "v7.2.5,build99999999999999999999"]);
}

#[test]
fn dotted() {
    let f = Family::Dotted;
    assert_ordered(f, &["1", "1.0.1", "4.28.9M", "4.28.10M", "10.7.18", "10.10.1"]);
    assert_same(f, "7.0", "7.0.0");
    assert_same(f, "v7.0", "7.0");
    assert_rejects(f, &["1..2", "1.2.", "1.2-3", "1.2 a"]);
}

#[test]
fn yamaha() {
    let f = Family::Yamaha;
    assert_ordered(
        f,
        &["Rev.15.00.01", "Rev.15.01.31", "Rev.15.02.03", "15.02.09", "Rev.15.02.10", "Rev.15.02.30", "Rev.15.04.01"],
    );
    assert_ordered(f, &["Rev.14.00.33", "Rev.14.01.38", "Rev.14.01.42"]);
    assert_same(f, "Rev.15.02.30", "15.02.30");
    assert_same(f, "rev.15.2.30", "Rev. 15.02.30");
    assert_display(f, "15.2.3", "Rev.15.02.03");
    assert_display(f, "Rev.15.02.30", "Rev.15.02.30");
    assert_incomparable(f, "Rev.14.01.42", "Rev.15.02.30");
    assert_incomparable(f, "Rev.11.01.34", "Rev.14.01.42");
    assert_eq!(parse(f, "Rev.15.02.30").train(), "15");
    assert_rejects(
        f,
        &[
            "Rev.",
            "Rev.15.02",
            "Rev.15.02.30.1",
            "RTX1220",
            "Rev.15..30",
            "Rev.15.02.30a",
            "Rev15.02.30",
            "Rev.15.02.99999999999999999999",
        ],
    );
}

#[test]
fn nec_ix() {
    let f = Family::NecIx;
    assert_ordered(f, &["10.1.16", "10.2.36", "10.2.42", "10.7.18", "10.10.1"]);
    assert_ordered(f, &["9.5.10", "9.6.9", "9.6.22"]);
    assert_same(f, "10.07.18", "10.7.18");
    assert_display(f, "10.07.018", "10.7.18");
    assert_incomparable(f, "9.6.22", "10.7.18");
    assert_rejects(f, &["10.7", "10.7.18.1", "v10.7.18", "10.7.18a", "10.7.-1"]);
}

#[test]
fn junos() {
    let f = Family::Junos;
    assert_ordered(
        f,
        &[
            "12.3R12-S15",
            "18.4R2-S10",
            "20.4R3-S9",
            "21.4R1",
            "21.4R3",
            "21.4R3.15",
            "21.4R3-S1",
            "21.4R3-S3.4",
            "21.4R3-S3.5",
            "21.4R3-S10",
            "21.4R4",
            "22.2R1",
            "22.2R1-S2.5",
            "22.2R2",
        ],
    );
    assert_ordered(f, &["12.3X48-D10", "12.3X48-D95", "12.3X48-D105", "12.3X48-D105.4"]);
    assert_ordered(f, &["15.1X49-D90", "15.1X49-D100.6", "15.1X49-D110"]);
    assert_ordered(f, &["15.1F6", "15.1F6-S3", "15.1F7"]);
    assert_ordered(f, &["21.4R3-S3-EVO", "21.4R3-S3.4-EVO", "22.2R1-S2-EVO"]);
    assert_incomparable(f, "13.2X51-D35.3", "12.3X48-D105.4");
    assert_incomparable(f, "13.2X51-D35.3", "13.2X52-D35.3");
    assert_incomparable(f, "21.4R3", "15.1X49-D100.6");
    assert_incomparable(f, "15.1F6-S3", "15.1R7");
    assert_incomparable(f, "21.4R3-S3.4-EVO", "21.4R3-S3.4");
    assert_same(f, "21.4R3-S03.4", "21.4R3-S3.4");
    assert_display(f, "21.4R3-S03.04", "21.4R3-S3.4");
    assert_display(f, "13.2X51-D35.3", "13.2X51-D35.3");
    assert_display(f, "22.2R1-S2-EVO", "22.2R1-S2-EVO");
    assert_eq!(parse(f, "13.2X51-D35.3").train(), "13.2X51");
    assert_rejects(
        f,
        &[
            "21.4",
            "21.4R",
            "21.4R3-S",
            "21.4R3-S3.",
            "21.4Q3",
            "R3",
            "21R3",
            "21.4X-D1",
            "21.4X51",
            "21.4R3.1.2",
            "21.4r3",
            "21.4R3-EVO-EVO",
            "21.4R99999999999999999999",
        ],
    );
}

#[test]
fn asa() {
    let f = Family::Asa;
    assert_ordered(f, &["9.16(1)", "9.16(3)", "9.16(3)19", "9.16(3)23", "9.16(4)", "9.16(4)9", "9.16(4)57", "9.16(10)"]);
    assert_ordered(f, &["9.8(4)", "9.8(4)45", "9.8(4)48"]);
    assert_ordered(f, &["9.12(4)", "9.12(4)56", "9.12(4)62"]);
    assert_incomparable(f, "9.16(4)", "9.18(1)");
    assert_incomparable(f, "9.8(4)45", "9.12(4)62");
    assert_same(f, "9.16(03)19", "9.16(3)19");
    assert_same(f, "9.16(4)0", "9.16(4)");
    assert_display(f, "9.16(03)019", "9.16(3)19");
    assert_rejects(f, &["9.16", "9.16()", "9.16(3", "9.16(3)a", "9.16(3)19)", "9(3)", "9.16.1(3)", "9.16(3.19)", "9.16(3)-19"]);
}

#[test]
fn panos() {
    let f = Family::PanOs;
    assert_ordered(f, &["10.2.0", "10.2.8-h3", "10.2.9", "10.2.9-h1", "10.2.9-h2", "10.2.9-h11", "10.2.10", "10.2.10-h2"]);
    assert_ordered(f, &["11.1.0", "11.1.2", "11.1.2-h3"]);
    assert_ordered(f, &["9.1.16", "9.1.17"]);
    assert_incomparable(f, "10.2.9", "11.1.2-h3");
    assert_incomparable(f, "9.1.17", "10.1.0");
    assert_same(f, "10.2.9-h0", "10.2.9");
    assert_display(f, "10.02.09-h01", "10.2.9-h1");
    assert_rejects(f, &["10.2", "10.2.9-h", "10.2.9-hx", "10.2.9-c1", "10.2.9h1", "10.2.9.1", "10.2.9-h1-h2"]);
}

#[test]
fn eos() {
    let f = Family::Eos;
    assert_ordered(f, &["4.28.0F", "4.28.3M", "4.28.9M", "4.28.9.1M", "4.28.10M"]);
    assert_ordered(f, &["4.27.0F-INT", "4.27.1F"]);
    assert_ordered(f, &["4.29.3M", "4.29.3.1M", "4.29.4M"]);
    // Maturity letters and build tags do not take part in the order.
    assert_same(f, "4.28.9M", "4.28.9F");
    assert_same(f, "4.27.0F-INT", "4.27.0F");
    assert_same(f, "4.28.9", "4.28.9.0M");
    assert_display(f, "4.27.0F-INT", "4.27.0F-INT");
    assert_display(f, "4.029.3.1M", "4.29.3.1M");
    assert_incomparable(f, "4.28.9M", "4.30.2F");
    assert_rejects(f, &["4.28", "4.28M", "4.28.9m", "4.28.9M-", "4.28.9MXYZ", "4.28.9 M", "4.28.9.1.2M", "4.28.9M-a b"]);
}

#[test]
fn nxos() {
    let f = Family::NxOs;
    assert_ordered(f, &["9.3(1)", "9.3(8)", "9.3(9)", "9.3(10)", "9.3(13)"]);
    assert_ordered(f, &["7.0(3)I7(1)", "7.0(3)I7(9)", "7.0(3)I7(10)"]);
    assert_ordered(f, &["8.4(2)", "8.4(2b)", "8.4(2c)", "8.4(3)"]);
    assert_ordered(f, &["10.2(3)F", "10.2(5)M", "10.2(6)M"]);
    assert_ordered(f, &["5.2(1)N1(9)", "5.2(1)N1(9b)"]);
    assert_incomparable(f, "7.0(3)I4(3)", "7.0(3)I7(10)");
    assert_incomparable(f, "9.3(8)", "10.2(5)");
    assert_incomparable(f, "7.0(3)I7(10)", "7.0(3)");
    assert_same(f, "9.3(08)", "9.3(8)");
    assert_display(f, "7.0(3)I7(010)", "7.0(3)I7(10)");
    assert_display(f, "10.2(5)M", "10.2(5)M");
    assert_eq!(parse(f, "7.0(3)I7(10)").train(), "7.0(3)I7");
    assert_rejects(
        f,
        &["9.3", "9.3()", "9.3(8", "7.0(3)I7", "7.0(3)I7(", "7.0(3)7(10)", "9.3(8)MF", "9.3(8C)", "9.3(8)M1", "7.0(3)I7(10)x"],
    );
}

#[test]
fn awplus() {
    let f = Family::AwPlus;
    assert_ordered(f, &["5.5.0-0.1", "5.5.1-0.3", "5.5.1-2.1", "5.5.2", "5.5.2-0.1", "5.5.2-1.1", "5.5.2-1.10", "5.5.3-0.1"]);
    assert_ordered(f, &["5.4.9-1.3", "5.4.9-2.5"]);
    assert_incomparable(f, "5.4.9-2.5", "5.5.1-0.3");
    assert_same(f, "5.5.2-01.1", "5.5.2-1.1");
    assert_display(f, "5.5.2-1.1", "5.5.2-1.1");
    assert_rejects(f, &["5.5.2-1", "5.5.2-1.1.1", "5.5-1.1", "5.5.2-", "5.5.2-a.b", "5.5.2.1-1.1"]);
}

#[test]
fn dpkg() {
    let f = Family::Dpkg;
    assert_ordered(
        f,
        &[
            "0.9",
            "1.0~~",
            "1.0~~a",
            "1.0~",
            "1.0~rc1",
            "1.0~rc2",
            "1.0",
            "1.0-1",
            "1.0-1+deb12u1",
            "1.0-1+deb12u2",
            "1.0-1+deb12u10",
            "1.0-2",
            "1.0a",
            "1.0+b1",
            "1.0.1",
            "1.1",
            "1.10",
            "3.0",
            "1:0.1",
            "1:2.0",
            "2:0",
        ],
    );
    assert_ordered(f, &["2.36-9+deb12u4", "2.36-9+deb12u7", "2.36-9+deb12u10"]);
    assert_ordered(f, &["1:9.2p1-2+deb12u2", "1:9.2p1-2+deb12u3", "1:9.6p1-3"]);
    // Hyphens inside the upstream part: the revision is after the last one.
    assert_ordered(f, &["1.2-3-1", "1.2-3-2", "1.2-4-1"]);
    assert_same(f, "1.0", "0:1.0");
    assert_same(f, "1.0", "1.0-0");
    assert_same(f, "1.01", "1.1");
    assert_display(f, "0:1.0-1", "1.0-1");
    assert_display(f, "1:9.2p1-2+deb12u3", "1:9.2p1-2+deb12u3");
    assert_display(f, "0:1:2", "0:1:2");
    assert_rejects(
        f,
        &["a1.0", "1.0-", ":1.0", "x:1.0", "1.0 1", "1.0_1", "1.0-1_1", "-1", "1.0-\u{e9}", "1:", "99999999999999999999:1"],
    );
}

#[test]
fn rpm() {
    let f = Family::Rpm;
    assert_ordered(
        f,
        &[
            "1.0~~",
            "1.0~rc1~git1",
            "1.0~rc1",
            "1.0~rc2",
            "1.0",
            "1.0^",
            "1.0^git1",
            "1.0^git2",
            "1.0a",
            "1.0.1",
            "1.1",
            "1.01.2",
            "5.5p1",
            "5.5p2",
            "5.5p10",
            "10xyz",
            "10.1xyz",
            "1:9",
            "2:1.0",
        ],
    );
    assert_ordered(f, &["8.7p1", "8.7p1-34.el9", "8.7p1-38.el9", "8.7p1-38.el9_4.1", "8.7p1-38.el9_4.4", "8.7p1-40.el9"]);
    assert_same(f, "1.01", "1.1");
    assert_same(f, "0:1.0", "1.0");
    assert_same(f, "1.0", "1_0");
    assert_same(f, "1a", "1.a");
    assert_same(f, "1.0.", "1.0");
    assert_display(f, "0:8.7p1-38.el9", "8.7p1-38.el9");
    assert_display(f, "2:1.0", "2:1.0");
    assert_rejects(f, &["1.0-", "1.0-1-2", "x:1.0", "1.0 1", "1.0@", "1:", "1:2:3", "~", "1.0-\u{e9}", "1.99999999999999999999"]);
}

#[test]
fn windows() {
    let f = Family::Windows;
    assert_ordered(f, &["10.0.17763", "10.0.17763.1", "10.0.17763.5936", "10.0.17763.6054"]);
    assert_ordered(f, &["10.0.20348.2529", "10.0.20348.2582"]);
    assert_ordered(f, &["10.0.26100.1742", "10.0.26100.2033"]);
    assert_incomparable(f, "10.0.17763.6054", "10.0.20348.2582");
    assert_incomparable(f, "10.0.20348.2582", "10.0.26100.1742");
    assert_incomparable(f, "6.3.9600.21620", "10.0.17763.1");
    assert_same(f, "10.0.17763", "10.0.17763.0");
    assert_display(f, "10.0.17763.06054", "10.0.17763.6054");
    assert_eq!(parse(f, "10.0.17763.6054").train(), "10.0.17763");
    assert_rejects(f, &["10.0", "10.0.17763.6054.1", "10.0.17763.", "Windows 10", "10.0.17763.6054a"]);
}

#[test]
fn within_respects_trains() {
    let asa = |s| parse(Family::Asa, s);
    assert_eq!(asa("9.16(3)19").within(&asa("9.16(1)"), &asa("9.16(4)")), Some(true));
    assert_eq!(asa("9.16(4)9").within(&asa("9.16(1)"), &asa("9.16(4)")), Some(false));
    assert_eq!(asa("9.18(1)").within(&asa("9.16(1)"), &asa("9.16(4)")), None);
    assert_eq!(compare(Family::Junos, "21.4R3-S3.4", "21.4R3-S5"), Some(Ordering::Less));
    assert_eq!(compare(Family::Junos, "21.4R3-S3.4", "garbage"), None);
}

/// xorshift64: deterministic, so a failure reproduces, and no extra dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const ALPHABET: &[char] = &[
    '0', '1', '2', '3', '9', '0', '.', '.', '.', '-', ':', '~', '^', '+', '_', '(', ')', 'R', 'S', 'X', 'D', 'F', 'M', 'I', 'N',
    'E', 'h', 'a', 'p', 'z', 'v', ' ', '\u{e9}', '\u{3042}',
];

fn seeds(f: Family) -> &'static [&'static str] {
    match f {
        Family::Ios => &["15.2(4)M7", "12.4(21a)", "12.2(1.1)", "15.0(2)SE11", "15.2(4)E"],
        Family::IosXe => &["17.9.4a", "16.12.1z1", "03.06.05E", "17.12.1"],
        Family::FortiOs => &["v7.0.13,build0566,231024 (GA.M)", "7.0.13", "6.0.4"],
        Family::Dotted => &["10.7.18", "4.28.9M", "v1.2"],
        Family::Yamaha => &["Rev.15.02.30", "Rev.14.01.42", "15.02.30"],
        Family::NecIx => &["10.7.18", "9.6.22", "10.2.36"],
        Family::Junos => &["21.4R3-S3.4", "21.4R3.15", "13.2X51-D35.3", "12.3X48-D105.4", "22.2R1-S2-EVO", "15.1F6-S3"],
        Family::Asa => &["9.16(3)19", "9.8(4)45", "9.16(4)"],
        Family::PanOs => &["10.2.9-h1", "10.2.9", "11.1.2-h3", "9.1.17"],
        Family::Eos => &["4.28.9M", "4.30.2F", "4.29.3.1M", "4.27.0F-INT"],
        Family::NxOs => &["7.0(3)I4(3)", "7.0(3)I7(10)", "9.3(8)", "10.2(5)M", "8.4(2c)"],
        Family::AwPlus => &["5.5.2-1.1", "5.4.9-2.5", "5.5.1-0.3"],
        Family::Dpkg => &["1:9.2p1-2+deb12u3", "2.36-9+deb12u4", "1.0~rc1", "1.0-1", "0:1:2-3"],
        Family::Rpm => &["8.7p1-38.el9", "1.0~rc1", "1.0^git1", "2:1.0", "1.0.1"],
        Family::Windows => &["10.0.17763.6054", "10.0.20348.2582", "10.0.26100"],
    }
}

/// A seed with a few random edits, or (sometimes) an entirely random string.
fn candidate(rng: &mut Rng, f: Family) -> String {
    if rng.below(5) == 0 {
        return (0..rng.below(12)).map(|_| *rng.pick(ALPHABET)).collect();
    }
    let mut chars: Vec<char> = rng.pick(seeds(f)).chars().collect();
    for _ in 0..rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(4) {
            0 => chars.insert(at, *rng.pick(ALPHABET)),
            1 if at < chars.len() => {
                chars.remove(at);
            }
            2 if at < chars.len() => chars[at] = *rng.pick(ALPHABET),
            // Digit edits keep most candidates valid, so the order checks get exercised.
            _ => {
                if let Some(c) = chars.get_mut(at).filter(|c| c.is_ascii_digit()) {
                    *c = *rng.pick(&['0', '1', '2', '5', '9']);
                }
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn random_versions_order_consistently() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for f in Family::ALL {
        let mut parsed = Vec::new();
        for _ in 0..400 {
            let raw = candidate(&mut rng, f);
            if let Ok(v) = Version::parse(f, &raw) {
                // The normalised form reads back as the same release (FortiOS drops the build).
                let again = Version::parse(f, &v.to_string()).unwrap_or_else(|e| panic!("{raw:?} → {v} → {e}"));
                if f != Family::FortiOs {
                    assert_eq!(again, v, "{f:?}: {raw:?} normalises to {v}");
                }
                parsed.push((raw, v));
            }
        }
        assert!(parsed.len() >= 100, "{f:?}: only {} of 400 candidates parsed", parsed.len());
        for (ra, a) in &parsed {
            for (rb, b) in &parsed {
                let ab = a.compare(b);
                assert_eq!(b.compare(a), ab.map(Ordering::reverse), "{f:?}: antisymmetry of {ra:?} and {rb:?}");
                assert_eq!(a == b, ab == Some(Ordering::Equal), "{f:?}: equality of {ra:?} and {rb:?}");
                if a == b {
                    assert_eq!(hash_of(a), hash_of(b), "{f:?}: hash of {ra:?} and {rb:?}");
                }
            }
        }
        for _ in 0..4000 {
            let (a, b, c) = (&rng.pick(&parsed).1, &rng.pick(&parsed).1, &rng.pick(&parsed).1);
            if let (Some(ab), Some(bc)) = (a.compare(b), b.compare(c))
                && ab != Ordering::Greater
                && bc != Ordering::Greater
            {
                let ac = a.compare(c);
                assert!(matches!(ac, Some(Ordering::Less | Ordering::Equal)), "{f:?}: {a} <= {b} <= {c} but {ac:?}");
            }
        }
    }
}
