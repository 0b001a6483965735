#!/usr/bin/env python3
"""Stage snmpsim-data's recordings for the SNMP test bed and pre-build indices.

Run by `testbed.sh install` with the test bed's venv Python:

    prepare_data.py OUT

The snmpsim-data package ships ~130 recordings, most of them bzip2-compressed
and together 22 million lines (1.5 GB of text).  snmpsim can serve `.bz2`
files as they are, but it indexes every line of every file at start-up (minutes
and gigabytes of index) and then seeks inside the compressed stream on every
request (a backward seek decompresses from the start again).  So this script
writes a decompressed and, for the few very large recordings, trimmed copy:

    OUT/snmpsim-data/<same relative path>.snmprec   served as a data root, so
                                                    the community names are the
                                                    package's own
    OUT/cache/                                      snmpsim's indices for that
                                                    copy and for snmpsim's own
                                                    bundled data
    OUT/trim-manifest.tsv                           lines kept per recording
    OUT/STAMP                                       what was prepared (written
                                                    last; `--print-stamp` prints
                                                    what it should say)

Trimming (only recordings with more than WHOLE_MAX records): every record of the
system group (1.3.6.1.2.1.1), of entPhysicalTable (1.3.6.1.2.1.47.1.1.1) and
every enterprise scalar (an OID under 1.3.6.1.4.1 ending in .0, at most 14
arcs: fgSysVersion.0, swFirmwareVersion.0, panSysSwVersion.0, ...) is kept; of
interfaces (1.3.6.1.2.1.2) and IF-MIB (1.3.6.1.2.1.31) the first IF_CAP records
each; of every other subtree (mib-2 group 1.3.6.1.2.1.N, enterprise branch
1.3.6.1.4.1.E.X, anything else by its first seven arcs) the first CAP records.
The order of the records is kept, so the copy stays sorted.
"""

import bz2
import os
import shutil
import sys
from collections import Counter

WHOLE_MAX = 20000
CAP = 2000
IF_CAP = 5000
# Bump when the rule above changes: testbed.sh compares STAMP.
RULE = f"trim-v1 whole<={WHOLE_MAX} cap={CAP} if_cap={IF_CAP}"

KEEP_PREFIXES = ("1.3.6.1.2.1.1.", "1.3.6.1.2.1.47.1.1.1.")
IF_PREFIXES = ("1.3.6.1.2.1.2.", "1.3.6.1.2.1.31.")


def keep_filter():
    seen = Counter()

    def keep(oid):
        if oid.startswith(KEEP_PREFIXES):
            return True
        arcs = oid.split(".")
        if oid.startswith("1.3.6.1.4.1.") and oid.endswith(".0") and len(arcs) <= 14:
            return True
        if oid.startswith(IF_PREFIXES):
            key, cap = ".".join(arcs[:7]), IF_CAP
        elif oid.startswith("1.3.6.1.4.1."):
            key, cap = ".".join(arcs[:8]), CAP
        else:
            key, cap = ".".join(arcs[:7]), CAP
        seen[key] += 1
        return seen[key] <= cap

    return keep


def read_lines(path):
    opener = bz2.open if path.endswith(".bz2") else open
    with opener(path, "rb") as fh:
        return fh.read().splitlines(keepends=True)


def stage(src_root, dst_root, manifest):
    for dirpath, dirnames, filenames in os.walk(src_root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".snmprec.bz2"):
                out_name = name[: -len(".bz2")]
            elif name.endswith(".snmprec"):
                out_name = name
            else:
                continue
            src = os.path.join(dirpath, name)
            rel_dir = os.path.relpath(dirpath, src_root)
            dst_dir = os.path.join(dst_root, rel_dir)
            os.makedirs(dst_dir, exist_ok=True)
            lines = read_lines(src)
            records = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith(b"#")]
            if len(records) <= WHOLE_MAX:
                kept = lines
            else:
                keep = keep_filter()
                kept = []
                for ln in lines:
                    if not ln.strip() or ln.lstrip().startswith(b"#"):
                        kept.append(ln)
                    elif keep(ln.split(b"|", 1)[0].decode("ascii", "replace").strip()):
                        kept.append(ln)
            with open(os.path.join(dst_dir, out_name), "wb") as fh:
                fh.writelines(kept)
            rel = os.path.normpath(os.path.join(rel_dir, out_name[: -len(".snmprec")]))
            n_kept = sum(1 for ln in kept if ln.strip() and not ln.lstrip().startswith(b"#"))
            manifest.append((rel, len(records), n_kept))


def build_indices(cache_dir, data_roots):
    from snmpsim import confdir, datafile

    confdir.cache = cache_dir
    count = 0
    for root in data_roots:
        for full_path, parser, _name in datafile.get_data_files(root):
            datafile.DataFile(full_path, parser, {}).index_text()
            count += 1
    return count


def expected_stamp():
    import snmpsim
    import snmpsim_data

    return f"snmpsim {snmpsim.__version__}; snmpsim-data {snmpsim_data.__version__}; {RULE}\n"


def main():
    if sys.argv[1:] == ["--print-stamp"]:
        sys.stdout.write(expected_stamp())
        return
    if len(sys.argv) != 2:
        sys.exit("usage: prepare_data.py OUT | --print-stamp")
    out = os.path.abspath(sys.argv[1])
    import snmpsim
    import snmpsim_data

    bundled = os.path.join(os.path.dirname(snmpsim.__file__), "data")
    packaged = os.path.join(os.path.dirname(snmpsim_data.__file__), "data")
    stamp = expected_stamp()

    os.makedirs(out, exist_ok=True)
    stamp_path = os.path.join(out, "STAMP")
    if os.path.exists(stamp_path):
        os.remove(stamp_path)
    data_dir = os.path.join(out, "snmpsim-data")
    cache_dir = os.path.join(out, "cache")
    for d in (data_dir, cache_dir, data_dir + ".new"):
        shutil.rmtree(d, ignore_errors=True)

    manifest = []
    stage(packaged, data_dir + ".new", manifest)
    os.rename(data_dir + ".new", data_dir)
    # Indices are named after the data file's absolute path: build them only
    # once the data is at its final place.
    os.makedirs(cache_dir)
    # snmpsim's logger must exist before its modules log anything.
    from snmpsim import log

    log.set_logger("prepare_data", "null", force=True)
    n = build_indices(cache_dir, [bundled, data_dir])

    with open(os.path.join(out, "trim-manifest.tsv"), "w") as fh:
        fh.write("# recording\trecords in snmpsim-data\trecords served\n")
        for rel, total, kept in manifest:
            fh.write(f"{rel}\t{total}\t{kept}\n")
    with open(stamp_path, "w") as fh:
        fh.write(stamp)
    trimmed = sum(1 for _, t, k in manifest if k != t)
    served = sum(k for _, _, k in manifest)
    print(f"prepare_data: {len(manifest)} snmpsim-data recordings staged ({trimmed} trimmed, "
          f"{served} records), {n} data files indexed", file=sys.stderr)


if __name__ == "__main__":
    main()
