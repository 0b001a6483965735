#!/usr/bin/env bash
# kenshin SNMP test bed: snmpsim (recorded and hand-written devices) and a real
# net-snmp snmpd, both on 127.0.0.1 only, with throwaway credentials. See
# README.md beside this script.
#
#   testbed.sh install                 Debian packages snmpd, snmp (agent and
#                                      tools), python3-venv, python3-gdbm; the
#                                      venv .tools/snmp-venv (requirements.txt);
#                                      snmpsim-data staged and indexed under
#                                      .tools/snmp-venv/kenshin/ (idempotent,
#                                      quiet when everything is there)
#   testbed.sh start-snmpsim DIR PORT  snmpsim on udp 127.0.0.1:PORT, pid in
#                                      DIR/snmpsim.pid, log in DIR/snmpsim.log
#   testbed.sh start-snmpd DIR PORT    snmpd on udp 127.0.0.1:PORT, config,
#                                      pid, log and persistent state in DIR
#   testbed.sh stop DIR                stop whichever of the two runs from DIR
#                                      (idempotent)
#
# KENSHIN_TB_SNMPSIM_LOG_LEVEL=info|debug|error (default error): snmpsim logs
# every request and response at info, which costs time on big walks.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VENV=$ROOT/.tools/snmp-venv
PREP=$VENV/kenshin            # staged snmpsim-data, indices, STAMP (prepare_data.py)
RECORDINGS=$HERE/recordings
SYS_PYTHON=/usr/bin/python3   # Debian's: python3-gdbm gives snmpsim fast indices
SNMPD=/usr/sbin/snmpd
READY_SECONDS=20

COMMUNITY=kenshin-tb-community
V3_USER=kenshin-tb-v3
V3_AUTH=kenshin-auth-key
V3_PRIV=kenshin-priv-key
# snmpsim's SNMP engine ID: 0x80 + IANA enterprise 20408 (pysnmp) + format 4
# (text) + "kenshin-tb-sim". Fixed so that v3 clients see the same engine on
# every start.
SNMPSIM_ENGINE_ID=80004fb8046b656e7368696e2d74622d73696d
# The recording start-snmpsim probes before it reports ready.
PROBE_COMMUNITY=yamaha-rtx1220

die() { echo "testbed.sh: $*" >&2; exit 1; }
say() { echo "testbed.sh: $*" >&2; }

# ---------------------------------------------------------------- install

# Installs the Debian packages named that are missing (apt only when needed).
apt_install() {
  local missing=() p created_policy=0
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  [[ $(id -u) -eq 0 ]] || die "Debian packages missing (${missing[*]}): run 'testbed.sh install' as root"
  say "installing Debian packages: ${missing[*]}"
  # Keep the packaged snmpd service from starting on port 161 at install time.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    created_policy=1
  fi
  local rc=0
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || rc=$?
  [[ $created_policy -eq 1 ]] && rm -f /usr/sbin/policy-rc.d
  [[ $rc -eq 0 ]] || die "apt-get install failed ($rc)"
}

# The packaged snmpd (the Debian service, any snmpd not started by this
# script: ours always run with -C) is stopped and disabled, so that nothing of
# ours listens on udp/161.
stop_packaged_snmpd() {
  local pid args found=0
  for pid in $(pgrep -x snmpd 2>/dev/null || true); do
    args=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
    [[ " $args " == *" -C "* ]] && continue
    found=1
  done
  if [[ $found -eq 1 ]]; then
    say "stopping the packaged snmpd service (the test bed runs its own on 127.0.0.1)"
    if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
      systemctl stop snmpd >/dev/null 2>&1 || true
    else
      service snmpd stop >/dev/null 2>&1 || true
    fi
  fi
  if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null \
     && systemctl is-enabled snmpd >/dev/null 2>&1; then
    systemctl disable snmpd >/dev/null 2>&1 || true
  fi
}

requirements_sum() { sha256sum "$HERE/requirements.txt" | cut -d' ' -f1; }

cmd_install() {
  [[ $# -eq 0 ]] || die "usage: testbed.sh install"
  apt_install snmpd snmp python3-venv python3-gdbm
  [[ $(id -u) -eq 0 ]] && stop_packaged_snmpd

  local want have=""
  want=$(requirements_sum)
  [[ -f $VENV/.kenshin-requirements ]] && have=$(<"$VENV/.kenshin-requirements")
  if [[ ! -x $VENV/bin/python || $have != "$want" ]]; then
    say "installing snmpsim into $VENV"
    [[ -x $VENV/bin/python ]] || rm -rf "$VENV"
    mkdir -p "$(dirname "$VENV")"
    "$SYS_PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$HERE/requirements.txt"
    echo "$want" >"$VENV/.kenshin-requirements"
  fi
  "$VENV/bin/python" -c 'import dbm.gnu' 2>/dev/null \
    || say "warning: no gdbm in $VENV: snmpsim falls back to dbm.dumb (slow, large indices)"

  local stamp_want stamp_have=""
  stamp_want=$("$VENV/bin/python" "$HERE/prepare_data.py" --print-stamp)
  [[ -f $PREP/STAMP ]] && stamp_have=$(<"$PREP/STAMP")
  if [[ $stamp_have != "$stamp_want" ]]; then
    say "staging snmpsim-data into $PREP and building indices (a minute or two, once)"
    "$VENV/bin/python" "$HERE/prepare_data.py" "$PREP"
  fi
}

# ---------------------------------------------------------------- helpers

check_port() {
  [[ $1 =~ ^[0-9]+$ ]] && (($1 > 0 && $1 < 65536)) || die "bad port: $1"
}

# True when something listens on udp PORT (any local address, IPv4 or IPv6).
udp_port_busy() {
  local hex
  hex=$(printf '%04X' "$1")
  awk -v p=":$hex" 'FNR > 1 && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' \
    /proc/net/udp /proc/net/udp6 2>/dev/null
}

# The pid of NAME (snmpsim|snmpd) running from DIR, from DIR/NAME.pid; fails
# when there is none. Only a process whose command line names DIR counts.
running_pid() {
  local name=$1 dir=$2 pid mark
  [[ -s $dir/$name.pid ]] || return 1
  pid=$(<"$dir/$name.pid")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  case $name in
    snmpsim) mark="--cache-dir=$dir/cache" ;;
    snmpd) mark="$dir/snmpd.conf" ;;
  esac
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$mark" || return 1
  echo "$pid"
}

# Polls with snmpget until the agent answers (READY_SECONDS at most).
# wait_ready NAME DIR PID LOG PORT snmpget-args...
wait_ready() {
  local name=$1 dir=$2 pid=$3 log=$4 port=$5 deadline
  shift 5
  deadline=$((SECONDS + READY_SECONDS))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "testbed.sh: $name exited at start-up; tail of $log:" >&2
      tail -n 25 "$log" >&2 || true
      rm -f "$dir/$name.pid"
      exit 1
    fi
    if snmpget -Lo -r 0 -t 1 "$@" "127.0.0.1:$port" 1.3.6.1.2.1.1.5.0 >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.2
  done
  echo "testbed.sh: $name did not answer on udp 127.0.0.1:$port within ${READY_SECONDS}s; tail of $log:" >&2
  tail -n 25 "$log" >&2 || true
  cmd_stop "$dir" >/dev/null 2>&1 || true
  exit 1
}

prepare_dir() {
  mkdir -p "$1"
  (cd "$1" && pwd)
}

# ---------------------------------------------------------------- snmpsim

cmd_start_snmpsim() {
  [[ $# -eq 2 ]] || die "usage: testbed.sh start-snmpsim DIR PORT"
  local dir port=$2 pid bundled level=${KENSHIN_TB_SNMPSIM_LOG_LEVEL:-error} stamp_want stamp_have=""
  check_port "$port"
  [[ -x $VENV/bin/snmpsim-command-responder ]] || die "$VENV missing: run 'testbed.sh install' first"
  command -v snmpget >/dev/null || die "snmpget missing: run 'testbed.sh install' first"
  stamp_want=$("$VENV/bin/python" "$HERE/prepare_data.py" --print-stamp)
  [[ -f $PREP/STAMP ]] && stamp_have=$(<"$PREP/STAMP")
  [[ $stamp_have == "$stamp_want" ]] || die "$PREP is missing or stale: run 'testbed.sh install' first"
  dir=$(prepare_dir "$1")
  if pid=$(running_pid snmpsim "$dir"); then
    die "snmpsim already running for $dir (pid $pid); stop it first"
  fi
  udp_port_busy "$port" && die "udp 127.0.0.1:$port is already in use"
  bundled=$("$VENV/bin/python" -c 'import os, snmpsim; print(os.path.join(os.path.dirname(snmpsim.__file__), "data"))')

  # Per-DIR index cache: the indices of the package data were built once by
  # install (linked here, read-only); the recordings of this folder are
  # indexed at start-up (a second or so for large.snmprec).
  rm -rf "$dir/cache"
  mkdir -p "$dir/cache"
  ln -s "$PREP"/cache/* "$dir/cache/"

  local args=(
    "--log-level=$level"
    "--cache-dir=$dir/cache"
    # Engine options from here on; --v3-engine-id must come first.
    "--v3-engine-id=$SNMPSIM_ENGINE_ID"
    # The first data root wins when two hold the same community name: ours.
    "--data-dir=$RECORDINGS"
    "--data-dir=$bundled"
    "--data-dir=$PREP/snmpsim-data"
    "--agent-udpv4-endpoint=127.0.0.1:$port"
    "--v3-user=$V3_USER"
    "--v3-auth-key=$V3_AUTH"
    "--v3-auth-proto=SHA"
    "--v3-priv-key=$V3_PRIV"
    "--v3-priv-proto=AES"
  )
  {
    echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) testbed.sh start-snmpsim $dir $port"
    echo "=== $VENV/bin/snmpsim-command-responder ${args[*]}"
  } >>"$dir/snmpsim.log"
  # snmpsim refuses to run as root unless told; it binds an unprivileged port
  # on loopback and serves read-only data, so the test bed lets it.
  # setsid: its own session, away from the caller's terminal and Ctrl-C.
  SNMPSIM_ALLOW_ROOT=true setsid "$VENV/bin/snmpsim-command-responder" "${args[@]}" \
    >>"$dir/snmpsim.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/snmpsim.pid"
  wait_ready snmpsim "$dir" "$pid" "$dir/snmpsim.log" "$port" -v2c -c "$PROBE_COMMUNITY"
  if grep -q "ignoring duplicate Community" "$dir/snmpsim.log"; then
    say "warning: duplicate community names across data roots (first root wins); see $dir/snmpsim.log"
  fi
  echo "testbed.sh: snmpsim pid $pid on udp 127.0.0.1:$port (state in $dir)"
}

# ---------------------------------------------------------------- snmpd

write_snmpd_conf() {
  local dir=$1 port=$2
  cat >"$dir/snmpd.conf" <<EOF
# Written by testbed.sh start-snmpd: kenshin SNMP test bed (loopback only,
# throwaway credentials). Read with -C: no other configuration file is used.
agentAddress udp:127.0.0.1:$port

# SNMPv1/v2c: read-only, from 127.0.0.1 only.
rocommunity $COMMUNITY 127.0.0.1

# SNMPv3: authPriv, HMAC-SHA-256 (usmHMAC192SHA256AuthProtocol) + AES-128 (CFB),
# read-only, privacy required.
createUser $V3_USER SHA-256 "$V3_AUTH" AES "$V3_PRIV"
rouser $V3_USER priv

sysLocation kenshin test bed, 127.0.0.1 (server room B1)
sysContact kenshin-tb-admin <kenshin-tb@example.invalid>
sysName kenshin-tb-snmpd
sysServices 72
EOF
}

cmd_start_snmpd() {
  [[ $# -eq 2 ]] || die "usage: testbed.sh start-snmpd DIR PORT"
  local dir port=$2 pid
  check_port "$port"
  [[ -x $SNMPD ]] || die "$SNMPD missing: run 'testbed.sh install' first"
  command -v snmpget >/dev/null || die "snmpget missing: run 'testbed.sh install' first"
  dir=$(prepare_dir "$1")
  if pid=$(running_pid snmpd "$dir"); then
    die "snmpd already running for $dir (pid $pid); stop it first"
  fi
  udp_port_busy "$port" && die "udp 127.0.0.1:$port is already in use"
  # A fresh persistent store each start: engine ID, engineBoots and the
  # localized v3 keys live there; nothing goes to /var/lib/snmp.
  rm -rf "$dir/persist"
  mkdir -m 700 "$dir/persist"
  write_snmpd_conf "$dir" "$port"
  echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) testbed.sh start-snmpd $dir $port" >>"$dir/snmpd.log"
  # -f: no fork (the pid below is snmpd's); -Lf: log to a file; -C -c: only
  # this configuration; -I: leave out the modules that only add log noise;
  # MIBS=: no MIB files are needed to serve.
  SNMP_PERSISTENT_DIR=$dir/persist MIBS= setsid "$SNMPD" -f -Lf "$dir/snmpd.log" -p "$dir/snmpd.pid" \
    -C -c "$dir/snmpd.conf" -I -smux,mteTrigger,mteTriggerConf \
    >>"$dir/snmpd.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/snmpd.pid"
  wait_ready snmpd "$dir" "$pid" "$dir/snmpd.log" "$port" -v2c -c "$COMMUNITY"
  echo "testbed.sh: snmpd pid $pid on udp 127.0.0.1:$port (state in $dir)"
}

# ---------------------------------------------------------------- stop

stop_one() {
  local name=$1 dir=$2 pid i
  if ! pid=$(running_pid "$name" "$dir"); then
    [[ -e $dir/$name.pid ]] && rm -f "$dir/$name.pid"
    return 1
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/$name.pid"
  echo "testbed.sh: stopped $name pid $pid"
}

cmd_stop() {
  [[ $# -eq 1 ]] || die "usage: testbed.sh stop DIR"
  local dir=$1 stopped=0
  [[ -d $dir ]] || { echo "testbed.sh: $dir: nothing to stop"; return 0; }
  dir=$(cd "$dir" && pwd)
  stop_one snmpsim "$dir" && stopped=1
  stop_one snmpd "$dir" && stopped=1
  [[ $stopped -eq 1 ]] || echo "testbed.sh: nothing running for $dir"
}

case "${1:-}" in
  install) shift; cmd_install "$@" ;;
  start-snmpsim) shift; cmd_start_snmpsim "$@" ;;
  start-snmpd) shift; cmd_start_snmpd "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  *) die "usage: testbed.sh install | start-snmpsim DIR PORT | start-snmpd DIR PORT | stop DIR" ;;
esac
