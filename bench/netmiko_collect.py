"""The SSH collection benchmark's reference: Netmiko, driven by a thread pool.

Collects the same commands as kenshin's cisco_ios platform (enable, pager off,
`show version`, `show running-config`) from every device of a kenshin site's
inventory.toml, CONCURRENCY devices at once, and writes each output to
OUT/<device>/<artifact>. Run by scripts/bench-ssh; not part of the product.
"""

import os
import sys
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor

from netmiko import ConnectHandler

COMMANDS = [("show version", "show_version.txt"), ("show running-config", "show_running-config.txt")]


def collect(dev, out, password, secret):
    conn = ConnectHandler(
        device_type="cisco_ios",
        host=dev["address"],
        port=dev.get("port", 22),
        username=dev["username"],
        password=password,
        secret=secret,
        # The test bed's host key is not in ~/.ssh/known_hosts; kenshin pins it.
        ssh_strict=False,
        system_host_keys=False,
        alt_host_keys=False,
        fast_cli=False,  # fast_cli=True loses devices when 32 log in at once (ReadTimeout)
    )
    try:
        conn.enable()
        folder = os.path.join(out, dev["name"])
        os.makedirs(folder, exist_ok=True)
        for command, artifact in COMMANDS:
            text = conn.send_command(command, read_timeout=30)
            with open(os.path.join(folder, artifact), "w") as f:
                f.write(text)
    finally:
        conn.disconnect()
    return dev["name"]


def main():
    site, out, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(os.path.join(site, "inventory.toml"), "rb") as f:
        devices = tomllib.load(f)["device"]
    password = os.environ["KENSHIN_TB_PASSWORD"]
    secret = os.environ["KENSHIN_TB_ENABLE"]
    start = time.monotonic()
    failed = 0
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(collect, d, out, password, secret) for d in devices]
        for fut in futures:
            try:
                fut.result()
            except Exception as e:  # a failed device is counted, not fatal
                failed += 1
                print(f"netmiko: {type(e).__name__}: {e}", file=sys.stderr)
    print(f"netmiko: {len(devices) - failed}/{len(devices)} devices in {time.monotonic() - start:.2f} s", file=sys.stderr)
    # Failures are counted by scripts/bench-ssh, not fatal: the timing is still valid.
    sys.exit(0)


if __name__ == "__main__":
    main()
