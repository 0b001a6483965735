#!/usr/bin/env python3
"""Checks expected.toml against a running test bed snmpsim, over SNMPv2c with
net-snmp's snmpget (so that it also proves the recordings answer):

    testbed/snmp/testbed.sh start-snmpsim /tmp/tb 16100
    python3 testbed/snmp/check_expected.py 16100

For every [[recording]]: sysObjectID.0 equals sys_object_id; the value at
`source` contains `version` (and `version_raw`); the value at `model_source`
contains `model`; sysDescr.0 is multi-line exactly when sys_descr_multiline
says so; the served file stores sysDescr with the 4x tag exactly when
sys_descr_hex says so. Python 3.11+ standard library only; loopback only.
Prints one line per problem and a closing "N passed, N failed" line.
"""

import glob
import os
import subprocess
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VENV = os.path.join(ROOT, ".tools", "snmp-venv")


def data_roots():
    bundled = glob.glob(os.path.join(VENV, "lib", "python3*", "site-packages", "snmpsim", "data"))
    return {
        "kenshin": os.path.join(HERE, "recordings"),
        "snmpsim": bundled[0] if bundled else None,
        "snmpsim-data": os.path.join(VENV, "kenshin", "snmpsim-data"),
    }


def snmpget(port, community, oid):
    """The value at OID: str for strings and OIDs, None when absent."""
    out = subprocess.run(
        ["snmpget", "-v2c", "-c", community, "-r", "1", "-t", "5", "-Oqvnx", f"127.0.0.1:{port}", oid],
        capture_output=True, text=True, check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip() or f"snmpget exit {out.returncode}")
    text = out.stdout.strip()
    if text.startswith("No Such") or text == "":
        return None
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()
        if not text:
            return ""
    tokens = text.split()
    if all(len(t) == 2 and all(c in "0123456789abcdefABCDEF" for c in t) for t in tokens):
        return bytes(int(t, 16) for t in tokens).decode("latin-1")
    return text.lstrip(".") if text.startswith(".1.") else text


def stored_tag(path, oid):
    with open(path, "rb") as fh:
        for line in fh:
            if line.startswith(oid.encode() + b"|"):
                return line.split(b"|", 2)[1].decode()
    return None


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check_expected.py PORT")
    port = sys.argv[1]
    with open(os.path.join(HERE, "expected.toml"), "rb") as fh:
        recordings = tomllib.load(fh)["recording"]
    roots = data_roots()
    passed = failed = 0
    for rec in recordings:
        name = rec["community"]
        problems = []
        try:
            oid = snmpget(port, name, "1.3.6.1.2.1.1.2.0")
            if oid != rec["sys_object_id"]:
                problems.append(f"sysObjectID {oid!r} != {rec['sys_object_id']!r}")
            descr = snmpget(port, name, "1.3.6.1.2.1.1.1.0")
            multiline = descr is not None and ("\r" in descr or "\n" in descr)
            if multiline != rec["sys_descr_multiline"]:
                problems.append(f"sysDescr multi-line is {multiline}")
            if "version" in rec:
                value = snmpget(port, name, rec["source"]) or ""
                for key in ("version", "version_raw"):
                    if key in rec and rec[key] not in value:
                        problems.append(f"{key} {rec[key]!r} not in {rec['source']} = {value!r}")
            if "model" in rec:
                value = snmpget(port, name, rec["model_source"]) or ""
                if rec["model"] not in value:
                    problems.append(f"model {rec['model']!r} not in {rec['model_source']} = {value!r}")
        except RuntimeError as exc:
            problems.append(f"snmpget: {exc}")
        root = roots.get(rec["root"])
        path = os.path.join(root, name + ".snmprec") if root else None
        if not path or not os.path.exists(path):
            problems.append(f"no file {path}")
        else:
            tag = stored_tag(path, "1.3.6.1.2.1.1.1.0")
            if tag is not None and tag.endswith("x") != rec["sys_descr_hex"]:
                problems.append(f"sysDescr stored with tag {tag!r}")
        if problems:
            failed += 1
            for p in problems:
                print(f"FAIL {name}: {p}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
