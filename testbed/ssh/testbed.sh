#!/usr/bin/env bash
# kenshin SSH test bed: a real OpenSSH sshd on 127.0.0.1 whose users are
# emulated network devices (device.py, through ForceCommand) plus one real
# Linux shell. Throwaway users and passwords, loopback only: see README.md.
#
#   testbed.sh users             create the kenshin-tb-* users and the PAM
#                                service kenshin-tb-sshd (root; idempotent)
#   testbed.sh start DIR PORT    sshd on 127.0.0.1:PORT, state (host key, config,
#                                log, pid, authorized_keys/) in DIR
#   testbed.sh stop DIR          stop that sshd and its sessions (idempotent)
#
# KENSHIN_TB_PAM=1 testbed.sh start ...: UsePAM yes with the private PAM
# service kenshin-tb-sshd (pam_unix only), so that keyboard-interactive
# authentication works too. Without it (the default) UsePAM is no, and
# OpenSSH on Linux then has no keyboard-interactive back-end at all: the
# server offers publickey and password only. KENSHIN_TB_PAM=kbdint: PAM as
# with 1, and password authentication off, so that keyboard-interactive is
# the only way in with a password.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SSHD=/usr/sbin/sshd
PYTHON=/usr/bin/python3
PASSWORD=kenshin-testbed-pw
# sshd names its PAM service after its own program name, so running it
# through a symlink called kenshin-tb-sshd selects /etc/pam.d/kenshin-tb-sshd
# and leaves the machine's own /etc/pam.d/sshd (loginuid, motd, ...) alone.
PAM_SERVICE=kenshin-tb-sshd
PAM_FILE=/etc/pam.d/$PAM_SERVICE

# user persona snapshot-folder (relative to the repository root); the linux
# user has no ForceCommand and gets a real /bin/sh on this host.
PERSONAS=(
  "kenshin-tb-ios      ios      fixtures/demo-site/snapshots/core-rtr"
  "kenshin-tb-xe       ios      fixtures/demo-site/snapshots/floor3-sw"
  "kenshin-tb-fortios  fortios  fixtures/demo-site/snapshots/vpn-fgt-maint"
  "kenshin-tb-yamaha   yamaha   fixtures/yamaha/rtx-maintenance-vpn"
  "kenshin-tb-nec      nec      testbed/ssh/devices/nec-ix"
  "kenshin-tb-pager    pager    fixtures/demo-site/snapshots/core-rtr"
  "kenshin-tb-hang     hang     fixtures/demo-site/snapshots/core-rtr"
  "kenshin-tb-noprompt noprompt fixtures/demo-site/snapshots/core-rtr"
  "kenshin-tb-drip     drip     fixtures/demo-site/snapshots/core-rtr"
  "kenshin-tb-bench    fast-ios fixtures/demo-site/snapshots/core-rtr"
)
LINUX_USER=kenshin-tb-linux

die() { echo "testbed.sh: $*" >&2; exit 1; }

all_users() {
  local row
  for row in "${PERSONAS[@]}"; do set -- $row; echo "$1"; done
  echo "$LINUX_USER"
}

need_root() { [[ $(id -u) -eq 0 ]] || die "$1 needs root"; }

cmd_users() {
  need_root users
  local u
  for u in $(all_users); do
    if id -u "$u" >/dev/null 2>&1; then
      if [[ $(getent passwd "$u" | cut -d: -f6-7) != "/:/bin/sh" ]]; then
        usermod --home / --shell /bin/sh "$u"
      fi
    else
      # Home "/" rather than a missing directory: sshd would print "Could not
      # chdir to home directory" into every session otherwise.
      useradd --system --no-create-home --home-dir / --shell /bin/sh \
        --comment "kenshin SSH test bed" --user-group "$u"
    fi
    # Unlocks and (re)sets the throwaway password every time.
    # SHA-512 crypt rather than the default yescrypt: a login costs the test bed
    # 3 ms of CPU instead of 22 ms, so that benchmarks measure the clients.
    echo "$u:$PASSWORD" | chpasswd -c SHA512
  done
  mkdir -p "$(dirname "$PAM_FILE")"
  cat >"$PAM_FILE.tmp" <<'EOF'
# kenshin SSH test bed (testbed/ssh/testbed.sh users): used only by the test
# bed's sshd, started as .../kenshin-tb-sshd. Passwords from /etc/shadow.
auth     required pam_unix.so nodelay
account  required pam_unix.so
password required pam_deny.so
session  required pam_permit.so
EOF
  mv "$PAM_FILE.tmp" "$PAM_FILE"
  echo "testbed.sh: users ready: $(all_users | tr '\n' ' ')"
}

# Quote a path for sshd_config (double quotes; no double quote allowed).
q() { [[ $1 != *[\"\']* ]] || die "path with a quote character: $1"; printf '"%s"' "$1"; }

write_config() {
  local dir=$1 port=$2 pam=$3 cfg=$1/sshd_config row user persona snap users version
  users=$(all_users | tr '\n' ' ')
  version=$("$SSHD" -V 2>&1 || true)
  {
    echo "# Written by testbed.sh start: kenshin SSH test bed (loopback only)."
    echo "ListenAddress 127.0.0.1:$port"
    echo "AddressFamily inet"
    echo "HostKey $(q "$dir/ssh_host_ed25519_key")"
    echo "PidFile none"
    if [[ $pam != 0 ]]; then
      echo "UsePAM yes"
      echo "KbdInteractiveAuthentication yes"
    else
      echo "UsePAM no"
      # Without PAM, Linux OpenSSH has no keyboard-interactive device: offering
      # the method would only make every such attempt fail.
      echo "KbdInteractiveAuthentication no"
    fi
    # KENSHIN_TB_PAM=kbdint: keyboard-interactive is the only way in with a password.
    if [[ $pam == kbdint ]]; then echo "PasswordAuthentication no"; else echo "PasswordAuthentication yes"; fi
    echo "PubkeyAuthentication yes"
    echo "PermitEmptyPasswords no"
    echo "AuthorizedKeysFile $(q "$dir/authorized_keys/%u")"
    echo "StrictModes no"
    echo "PermitRootLogin no"
    echo "AllowUsers $users"
    echo "MaxStartups 200:30:400"
    echo "MaxSessions 50"
    echo "MaxAuthTries 6"
    echo "LoginGraceTime 30"
    echo "UseDNS no"
    echo "X11Forwarding no"
    echo "AllowTcpForwarding no"
    echo "AllowAgentForwarding no"
    echo "AllowStreamLocalForwarding no"
    echo "PermitTunnel no"
    echo "PermitUserEnvironment no"
    echo "PermitUserRC no"
    echo "PermitTTY yes"
    echo "Banner $(q "$dir/banner.txt")"
    echo "PrintMotd no"
    echo "PrintLastLog no"
    echo "LogLevel INFO"
    # OpenSSH >= 9.8 throttles sources with failed logins; tests fail logins
    # on purpose, from 127.0.0.1, many times.
    if awk '{ split($1, v, /[_.p]/); exit !(v[2] + 0 > 9 || (v[2] + 0 == 9 && v[3] + 0 >= 8)) }' <<<"$version"; then
      echo "PerSourcePenalties no"
    fi
    for row in "${PERSONAS[@]}"; do
      set -- $row
      user=$1 persona=$2 snap=$dir/serve/$user
      q "$snap" >/dev/null
      echo
      echo "Match User $user"
      if [[ $persona == fast-ios ]]; then
        # The benchmark's device: device.py's ios persona in C (fast_ios.c says why).
        echo "    ForceCommand exec '$dir/serve/fast_ios' '$snap'"
      else
        echo "    ForceCommand exec '$PYTHON' -I -S '$dir/serve/device.py' $persona '$snap'"
      fi
    done
  } >"$cfg"
}

write_banner() {
  cat >"$1/banner.txt" <<'EOF'
==================================================================
 デモ総合病院 情報システム課 管理ネットワーク
 許可された者以外のアクセスを禁止します。
 Authorized access only. All sessions are logged and monitored.
 不正アクセスは「不正アクセス行為の禁止等に関する法律」により処罰されます。
==================================================================
EOF
}

port_open() {
  # bash's /dev/tcp: no extra tools needed; loopback only.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

running_pid() {
  local pidfile=$1/sshd.pid pid
  [[ -s $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Only our sshd: same binary and this DIR's config on its command line.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$1/sshd_config" || return 1
  echo "$pid"
}

cmd_start() {
  [[ $# -eq 2 ]] || die "usage: testbed.sh start DIR PORT"
  need_root start
  local dir=$1 port=$2 pid u i daemon=$SSHD pam=${KENSHIN_TB_PAM:-0}
  [[ $port =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || die "bad port: $port"
  [[ -x $SSHD ]] || die "$SSHD missing (apt-get install openssh-server)"
  [[ -x $PYTHON ]] || die "$PYTHON missing"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if pid=$(running_pid "$dir"); then
    die "sshd already running for $dir (pid $pid); stop it first"
  fi
  for u in $(all_users); do
    id -u "$u" >/dev/null 2>&1 || die "user $u missing: run 'testbed.sh users' first"
  done
  if port_open "$port"; then
    die "127.0.0.1:$port is already in use"
  fi
  # The session users must reach the emulator, the fixtures and their
  # authorized_keys file (sshd reads it with the user's uid).
  chmod 755 "$dir"
  mkdir -p "$dir/authorized_keys"
  chmod 755 "$dir/authorized_keys"
  # The emulator and the folders it serves are staged inside DIR, so that the
  # repository may live where the session users cannot go (a clone under /root).
  rm -rf "$dir/serve"
  mkdir -p "$dir/serve"
  cp "$HERE/device.py" "$dir/serve/device.py"
  cc -O2 -o "$dir/serve/fast_ios" "$HERE/fast_ios.c" || die "cannot compile $HERE/fast_ios.c (gcc)"
  local row
  for row in "${PERSONAS[@]}"; do
    set -- $row
    cp -r "$ROOT/$3" "$dir/serve/$1"
  done
  chmod -R a+rX "$dir/serve"
  if ! runuser -u "$LINUX_USER" -- test -r "$dir/serve/device.py" -a -x "$dir/authorized_keys"; then
    die "user $LINUX_USER cannot read $dir/serve/device.py or $dir/authorized_keys: make the folders above $dir world-searchable (o+x)"
  fi
  mkdir -p /run/sshd
  chmod 755 /run/sshd
  if [[ ! -s $dir/ssh_host_ed25519_key ]]; then
    rm -f "$dir/ssh_host_ed25519_key" "$dir/ssh_host_ed25519_key.pub"
    ssh-keygen -q -t ed25519 -N '' -C "kenshin-testbed" -f "$dir/ssh_host_ed25519_key"
  fi
  chmod 600 "$dir/ssh_host_ed25519_key"
  write_banner "$dir"
  rm -f "$dir/$PAM_SERVICE"
  if [[ $pam != 0 ]]; then
    [[ -f $PAM_FILE ]] || die "$PAM_FILE missing: run 'testbed.sh users' first"
    ln -s "$SSHD" "$dir/$PAM_SERVICE"
    daemon=$dir/$PAM_SERVICE
  fi
  write_config "$dir" "$port" "$pam"
  "$daemon" -t -f "$dir/sshd_config" || die "sshd rejected $dir/sshd_config"
  # setsid: the daemon gets its own session, so the caller's terminal and
  # process group are not its own (a Ctrl-C in a test runner does not race the
  # stop below).
  # -r (OpenSSH before 9.8, where sshd-session replaced re-execution): no re-exec
  # per connection, a third less CPU per login, so that the 2-core benchmark
  # machine spends its time on the clients being compared rather than here.
  local noreexec=()
  if awk '{ split($1, v, /[_.p]/); exit !(v[2] + 0 < 9 || (v[2] + 0 == 9 && v[3] + 0 < 8)) }' <<<"$("$SSHD" -V 2>&1 || true)"; then
    noreexec=(-r)
  fi
  setsid "$daemon" -D -e "${noreexec[@]}" -f "$dir/sshd_config" >>"$dir/sshd.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/sshd.pid"
  for i in $(seq 1 100); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "testbed.sh: sshd exited at start-up; $dir/sshd.log:" >&2
      tail -n 20 "$dir/sshd.log" >&2
      rm -f "$dir/sshd.pid"
      exit 1
    fi
    if port_open "$port"; then
      echo "testbed.sh: sshd pid $pid on 127.0.0.1:$port (state in $dir; PAM $([[ $pam == 1 ]] && echo on || echo off))"
      return 0
    fi
    sleep 0.1
  done
  echo "testbed.sh: sshd did not accept connections on 127.0.0.1:$port within 10 s; $dir/sshd.log:" >&2
  tail -n 20 "$dir/sshd.log" >&2
  cmd_stop "$dir" >/dev/null 2>&1 || true
  exit 1
}

# The pid and every descendant (connection handlers, sessions, emulators).
descendants() {
  local p kids k
  for p in "$@"; do
    echo "$p"
    kids=$(ps -o pid= --ppid "$p" 2>/dev/null || true)
    for k in $kids; do descendants "$k"; done
  done
}

cmd_stop() {
  [[ $# -eq 1 ]] || die "usage: testbed.sh stop DIR"
  local dir=$1 pid pids i p alive=""
  [[ -d $dir ]] || { echo "testbed.sh: $dir: nothing to stop"; return 0; }
  dir=$(cd "$dir" && pwd)
  if ! pid=$(running_pid "$dir"); then
    rm -f "$dir/sshd.pid"
    echo "testbed.sh: no sshd running for $dir"
    return 0
  fi
  # Collect the whole tree first: children are re-parented once sshd dies.
  pids=$(descendants "$pid" | sort -u)
  kill -TERM $pids 2>/dev/null || true
  for i in $(seq 1 50); do
    alive=""
    for p in $pids; do kill -0 "$p" 2>/dev/null && alive+="$p "; done
    [[ -z $alive ]] && break
    sleep 0.1
  done
  if [[ -n $alive ]]; then
    kill -KILL $alive 2>/dev/null || true
  fi
  rm -f "$dir/sshd.pid"
  echo "testbed.sh: stopped sshd pid $pid"
}

case "${1:-}" in
  users) shift; cmd_users "$@" ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  *) die "usage: testbed.sh users | start DIR PORT | stop DIR" ;;
esac
