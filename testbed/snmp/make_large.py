#!/usr/bin/env python3
"""Writes recordings/large.snmprec: a Debian 12 container host answering through
net-snmp, with 500 interfaces (IF-MIB ifTable and ifXTable) and 2,000 installed
packages (HOST-RESOURCES-MIB hrSWInstalledTable): about 30,000 variables for
walk, GETBULK and paging tests.

    python3 testbed/snmp/make_large.py [OUT]    (default: recordings/large.snmprec)

Deterministic (fixed seed, no clock), Python standard library only. Values follow
what net-snmp 5.9 on Debian returns: hrSWInstalledName is dpkg's
"name_version_arch", hrSWInstalledType is application(4), hrSWInstalledDate an
11-octet DateAndTime in UTC.
"""

import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "recordings", "large.snmprec")

N_IF = 500
N_SW = 2000

SYSTEM = "1.3.6.1.2.1.1"
IF_TABLE = "1.3.6.1.2.1.2.2.1"
IFX_TABLE = "1.3.6.1.2.1.31.1.1.1"
HR = "1.3.6.1.2.1.25"
SW_TABLE = HR + ".6.3.1"

# Packages a Debian 12 host really carries, with versions of the bookworm era
# (the interesting ones for a vulnerability checklist come first).
KNOWN = [
    ("openssl", "3.0.17-1~deb12u2", "amd64"),
    ("libssl3", "3.0.17-1~deb12u2", "amd64"),
    ("openssh-server", "1:9.2p1-2+deb12u7", "amd64"),
    ("openssh-client", "1:9.2p1-2+deb12u7", "amd64"),
    ("sudo", "1.9.13p3-1+deb12u2", "amd64"),
    ("bash", "5.2.15-2+b8", "amd64"),
    ("libc6", "2.36-9+deb12u10", "amd64"),
    ("systemd", "252.38-1~deb12u1", "amd64"),
    ("snmpd", "5.9.3+dfsg-2+deb12u1", "amd64"),
    ("libsnmp40", "5.9.3+dfsg-2+deb12u1", "amd64"),
    ("nginx", "1.22.1-9+deb12u2", "amd64"),
    ("curl", "7.88.1-10+deb12u12", "amd64"),
    ("libcurl4", "7.88.1-10+deb12u12", "amd64"),
    ("ca-certificates", "20230311+deb12u1", "all"),
    ("tzdata", "2025b-0+deb12u1", "all"),
    ("linux-image-6.1.0-37-amd64", "6.1.140-1", "amd64"),
    ("docker.io", "20.10.24+dfsg1-1+deb12u1", "amd64"),
    ("containerd", "1.6.20~ds1-1+deb12u1", "amd64"),
    ("rsyslog", "8.2302.0-1+deb12u1", "amd64"),
    ("chrony", "4.3-2+deb12u1", "amd64"),
    ("python3.11", "3.11.2-6+deb12u6", "amd64"),
    ("perl", "5.36.0-7+deb12u2", "amd64"),
    ("zlib1g", "1:1.2.13.dfsg-1", "amd64"),
    ("libxml2", "2.9.14+dfsg-1.3~deb12u2", "amd64"),
    ("libexpat1", "2.5.0-1+deb12u1", "amd64"),
    ("gnupg", "2.2.40-1.1", "all"),
    ("apt", "2.6.1", "amd64"),
    ("dpkg", "1.21.22", "amd64"),
    ("coreutils", "9.1-1", "amd64"),
    ("util-linux", "2.38.1-5+deb12u3", "amd64"),
]

SYLLABLES = ["ab", "ac", "al", "ar", "ba", "be", "ca", "cl", "da", "de", "ex", "fi", "ga",
             "gl", "ha", "in", "jo", "ka", "la", "li", "ma", "mo", "na", "ne", "or", "pa",
             "pi", "qu", "ra", "re", "sa", "si", "ta", "te", "ul", "va", "wa", "xi", "yo", "zu"]
SUFFIXES = ["", "-common", "-data", "-dev", "-doc", "-bin", "-utils", "-tools", "-perl", "-plugins"]


def packages(rng):
    seen = {name for name, _, _ in KNOWN}
    out = list(KNOWN)
    while len(out) < N_SW:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        kind = rng.random()
        if kind < 0.45:
            name = f"lib{stem}{rng.randint(0, 9) if rng.random() < 0.6 else ''}"
        elif kind < 0.6:
            name = f"python3-{stem}"
        elif kind < 0.7:
            name = f"node-{stem}"
        else:
            name = stem
        name += rng.choice(SUFFIXES)
        if name in seen:
            continue
        seen.add(name)
        version = f"{rng.randint(0, 12)}.{rng.randint(0, 40)}"
        if rng.random() < 0.5:
            version += f".{rng.randint(0, 30)}"
        version += f"-{rng.randint(1, 9)}"
        if rng.random() < 0.25:
            version += f"+deb12u{rng.randint(1, 5)}"
        if rng.random() < 0.08:
            version = f"1:{version}"
        arch = "all" if name.endswith(("-common", "-data", "-doc")) or name.startswith("python3-") else "amd64"
        out.append((name, version, arch))
    # dpkg (and so net-snmp) lists packages by name.
    out.sort(key=lambda p: p[0])
    return out


def date_and_time(rng):
    # DateAndTime, 11 octets, UTC: year(2) month day hour min sec decisec '+' 0 0
    year = rng.choice([2023, 2024, 2025])
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    hour, minute, sec = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    octets = [year >> 8, year & 0xFF, month, day, hour, minute, sec, 0, 0x2B, 0, 0]
    return "".join(f"{o:02x}" for o in octets)


def interfaces(rng):
    out = [
        (1, "lo", 24, 10000000, "", 65536),
        (2, "eno1", 6, 1000000000, "3cecef1a2b01", 1500),
        (3, "eno2", 6, 1000000000, "3cecef1a2b02", 1500),
        (4, "br0", 209, 0, "3cecef1a2b01", 1500),
        (5, "docker0", 6, 0, "0242a1c3e5f7", 1500),
    ]
    names = {name for _, name, *_ in out}
    while len(out) < N_IF:
        name = "veth" + "".join(rng.choice("0123456789abcdef") for _ in range(7))
        if name in names:
            continue
        names.add(name)
        mac = "".join(f"{rng.randint(0, 255):02x}" for _ in range(6))
        out.append((len(out) + 1, name, 6, 10000000000, mac, 1500))
    return out


def records():
    rng = random.Random(20251127)
    recs = []

    def add(oid, tag, value):
        recs.append((oid, tag, value))

    add(f"{SYSTEM}.1.0", "4", "Linux kenshin-tb-large 6.1.0-37-amd64 #1 SMP PREEMPT_DYNAMIC "
                         "Debian 6.1.140-1 (2025-05-22) x86_64")
    add(f"{SYSTEM}.2.0", "6", "1.3.6.1.4.1.8072.3.2.10")
    add(f"{SYSTEM}.3.0", "67", "311204471")
    add(f"{SYSTEM}.4.0", "4", "IT section, ext. 2100")
    add(f"{SYSTEM}.5.0", "4", "kenshin-tb-large")
    add(f"{SYSTEM}.6.0", "4", "Data center row C, rack 12 (container host)")
    add(f"{SYSTEM}.7.0", "2", "72")

    ifs = interfaces(rng)
    add("1.3.6.1.2.1.2.1.0", "2", str(len(ifs)))
    for (i, name, iftype, speed, mac, mtu) in ifs:
        up = name in ("lo", "eno1", "br0", "docker0") or name.startswith("veth")
        oper = 1 if up and (not name.startswith("veth") or rng.random() < 0.93) else 2
        in_oct, out_oct = rng.randint(0, 2**32 - 1), rng.randint(0, 2**32 - 1)
        in_pk, out_pk = rng.randint(0, 2**31), rng.randint(0, 2**31)
        hc_in, hc_out = in_oct + rng.randint(0, 40) * 2**32, out_oct + rng.randint(0, 40) * 2**32
        cols = {
            1: ("2", str(i)), 2: ("4", name), 3: ("2", str(iftype)), 4: ("2", str(mtu)),
            5: ("66", str(min(speed, 4294967295))), 6: ("4x", mac), 7: ("2", "1" if up else "2"),
            8: ("2", str(oper)), 9: ("67", str(rng.randint(0, 311204471))), 10: ("65", str(in_oct)),
            11: ("65", str(in_pk)), 12: ("65", "0"), 13: ("65", str(rng.randint(0, 50))),
            14: ("65", "0"), 15: ("65", "0"), 16: ("65", str(out_oct)), 17: ("65", str(out_pk)),
            18: ("65", "0"), 19: ("65", "0"), 20: ("65", "0"), 21: ("66", "0"), 22: ("6", "0.0"),
        }
        for col, (tag, value) in cols.items():
            add(f"{IF_TABLE}.{col}.{i}", tag, value)
        xcols = {
            1: ("4", name), 2: ("65", str(rng.randint(0, 9999))), 3: ("65", str(rng.randint(0, 9999))),
            4: ("65", "0"), 5: ("65", "0"), 6: ("70", str(hc_in)), 7: ("70", str(in_pk)),
            8: ("70", str(rng.randint(0, 9999))), 9: ("70", str(rng.randint(0, 9999))),
            10: ("70", str(hc_out)), 11: ("70", str(out_pk)), 12: ("70", "0"), 13: ("70", "0"),
            14: ("2", "2"), 15: ("66", str(speed // 1000000)), 16: ("2", "2"), 17: ("2", "1" if mac else "2"),
            18: ("4", ""), 19: ("67", "0"),
        }
        for col, (tag, value) in xcols.items():
            add(f"{IFX_TABLE}.{col}.{i}", tag, value)

    add(f"{HR}.1.1.0", "67", "311209655")
    add(f"{HR}.1.2.0", "4x", "07e90b1b0a1e2d002b0000")
    add(f"{HR}.1.5.0", "66", "2")
    add(f"{HR}.1.6.0", "66", "341")
    add(f"{HR}.1.7.0", "2", "0")
    add(f"{HR}.2.2.0", "2", "65843216")
    for i, (name, version, arch) in enumerate(packages(rng), start=1):
        add(f"{SW_TABLE}.1.{i}", "2", str(i))
        add(f"{SW_TABLE}.2.{i}", "4", f"{name}_{version}_{arch}")
        add(f"{SW_TABLE}.3.{i}", "6", "0.0")
        add(f"{SW_TABLE}.4.{i}", "2", "4")
        add(f"{SW_TABLE}.5.{i}", "4x", date_and_time(rng))

    recs.sort(key=lambda r: tuple(int(a) for a in r[0].split(".")))
    return recs


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else OUT
    recs = records()
    with open(out, "w", encoding="ascii", newline="\n") as fh:
        for oid, tag, value in recs:
            fh.write(f"{oid}|{tag}|{value}\n")
    print(f"make_large: {len(recs)} records -> {out} ({os.path.getsize(out)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
