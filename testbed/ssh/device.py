"""kenshin SSH test bed: a network-device CLI emulator behind a real sshd.

sshd runs this through ForceCommand (see testbed.sh):

    /usr/bin/python3 -I -S device.py PERSONA SNAPSHOT_DIR

SNAPSHOT_DIR holds one file per CLI command; `show running-config` is served
from `show_running-config.txt` (every run of characters outside [A-Za-z0-9.-]
becomes `_`, leading and trailing `_` are dropped, `.txt` is added).

Exec channel (SSH_ORIGINAL_COMMAND set): one command, its output, exit 0, or
the device's error text and exit 1. Personas that refuse exec print
`exec request refused` on stderr and exit 1.

Shell channel: a login banner, then the prompt; lines are read from the pty in
canonical mode so the kernel echoes what the client types exactly once (with
ICRNL/ONLCR: the client sees `command\\r\\n`). Output goes through a pager until
the platform's pager-off command has been given.

Standard library only and nothing heavy at start-up: a benchmark logs in
hundreds of times. README.md beside this file lists the personas.
"""

import os
import signal
import sys
import time

PAGE = 24  # lines of output between two pager prompts
LINGER = 3600.0  # how long the hanging personas hang

BANNER = (
    "\n"
    "**************************************************************\n"
    "*** 保守用 *** 本機器は保守作業者専用です (maintenance only) ***\n"
    "**************************************************************\n"
    "##############################################################\n"
    " 設定変更の前に情報システム課 (内線 2345) へ連絡すること >\n"
    " Use of this device is monitored #\n"
    "\n"
)

IOS_INVALID = "% Invalid input detected at '^' marker."
EXEC_REFUSED = "exec request refused\n"


class End(Exception):
    """The session is over (exit command, EOF or hang-up)."""


def snapshot_name(command):
    out = []
    gap = False
    for ch in command:
        if ch.isascii() and (ch.isalnum() or ch in ".-"):
            if gap and out:
                out.append("_")
            gap = False
            out.append(ch)
        else:
            gap = True
    return "".join(out) + ".txt"


def read_text(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    if text and not text.endswith("\n"):
        text += "\n"
    return text


def linger(seconds=LINGER):
    """Sleeps, but returns as soon as the client side is gone.

    With a pty sshd's hang-up sends SIGHUP (default action: exit). Without
    one, sshd's end of our stdout socket closes: poll reports POLLHUP/POLLERR.
    """
    import select

    poller = select.poll()
    poller.register(1, 0)  # POLLHUP and POLLERR are always reported
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        for _fd, ev in poller.poll(min(left, 1.0) * 1000):
            if ev & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                raise End()


class Term:
    """The client side: a pty (shell with pty-req), or pipes/sockets."""

    def __init__(self, exec_mode, encoding="utf-8"):
        self.tty = os.isatty(0)
        # A shell without a pty still gets CR NL line ends, as from a device;
        # exec output is the snapshot byte for byte (the pty adds CR if any).
        self.crlf = not self.tty and not exec_mode
        self.buf = b""
        self.encoding = encoding
        self.cooked = None
        if self.tty:
            import termios

            self.t = termios
            a = termios.tcgetattr(0)
            # Whatever modes the client asked for, behave like a device
            # console: line editing and echo by the kernel, CR -> NL on input,
            # NL -> CR NL on output, no signals from ^C/^Z, no XON/XOFF.
            a[0] = (a[0] | termios.ICRNL) & ~(termios.INLCR | termios.IGNCR | termios.IXON)
            a[1] = a[1] | termios.OPOST | termios.ONLCR
            a[3] = (a[3] | termios.ICANON | termios.ECHO | termios.ECHOE | termios.ECHOK) & ~(
                termios.ISIG | termios.IEXTEN | termios.ECHONL
            )
            termios.tcsetattr(0, termios.TCSANOW, a)
            self.cooked = a

    def write(self, s):
        data = s.encode(self.encoding, "replace") if isinstance(s, str) else s
        if self.crlf:
            data = data.replace(b"\n", b"\r\n")
        while data:
            try:
                n = os.write(1, data)
            except OSError:
                raise End()
            data = data[n:]

    def _fill(self):
        try:
            chunk = os.read(0, 4096)
        except OSError:
            chunk = b""
        if not chunk:
            raise End()
        self.buf += chunk

    def readline(self):
        while True:
            for i, b in enumerate(self.buf):
                if b in (10, 13):
                    line, self.buf = self.buf[:i], self.buf[i + 1 :]
                    if b == 13 and self.buf[:1] == b"\n":
                        self.buf = self.buf[1:]
                    return line.decode("utf-8", "replace")
            self._fill()

    def _mode(self, canonical, echo):
        if not self.tty:
            return
        t = self.t
        a = [x if not isinstance(x, list) else list(x) for x in self.cooked]
        if not canonical:
            a[3] &= ~t.ICANON
            a[6][t.VMIN] = 1
            a[6][t.VTIME] = 0
        if not echo:
            a[3] &= ~t.ECHO
        t.tcsetattr(0, t.TCSANOW, a)

    def restore(self):
        if self.tty:
            self.t.tcsetattr(0, self.t.TCSANOW, self.cooked)

    def key(self, shown, erase):
        """Shows the pager string, reads one key without echo, erases it."""
        self._mode(canonical=False, echo=False)
        try:
            self.write(shown)
            if not self.buf:
                self._fill()
            ch, self.buf = self.buf[:1], self.buf[1:]
            self.write(erase)
        finally:
            self.restore()
        return ch.decode("latin-1")

    def secret(self, prompt):
        """Reads a line with echo off (passwords)."""
        self._mode(canonical=True, echo=False)
        try:
            self.write(prompt)
            line = self.readline()
        finally:
            self.restore()
        self.write("\n")
        return line


class Device:
    """Common behaviour; one subclass per CLI family."""

    more = " --More-- "
    erase = "\b" * 10 + " " * 10 + "\b" * 10
    vocab = ()

    def __init__(self, persona, folder, term, exec_mode):
        self.persona = persona
        self.folder = folder
        self.term = term
        self.exec_mode = exec_mode
        self.pager = not exec_mode
        self.page = PAGE
        self.failed = False
        self.host = self.hostname() or self.default_host

    # -- helpers ---------------------------------------------------------
    def lines_of(self, name):
        text = read_text(os.path.join(self.folder, name))
        return text.split("\n") if text else []

    def snapshot(self, command):
        return read_text(os.path.join(self.folder, snapshot_name(command)))

    def expand(self, line):
        """Abbreviations as the device CLI takes them (`sh run`, `term len 0`)."""
        words = []
        for w in line.split():
            lw = w.lower()
            hits = [v for v in self.vocab if v.startswith(lw)]
            if lw in self.vocab:
                words.append(lw)
            elif len(hits) == 1:
                words.append(hits[0])
            else:
                words.append(w)
        return words

    def write(self, s):
        self.term.write(s)

    def error(self, text):
        self.failed = True
        self.write(text)

    def output(self, text, delay=0.0, stop_after=None):
        """Writes command output through the pager (when it is on)."""
        lines = text.splitlines(True)
        if stop_after is not None:
            lines = lines[:stop_after]
        shown = 0
        limit = self.page
        for line in lines:
            if self.pager and limit and shown >= limit:
                k = self.term.key(self.more, self.erase)
                if k == " ":
                    limit = shown + self.page
                elif k in "\r\n":
                    limit = shown + 1
                else:  # q (or any other key, as on IOS): stop the output
                    return False
            if delay:
                for i in range(len(line)):
                    self.write(line[i])
                    time.sleep(delay)
            else:
                self.write(line)
            shown += 1
        return True

    def serve(self, command, **kw):
        text = self.snapshot(command)
        if text is None:
            return False
        self.output(text, **kw)
        return True

    # -- session ---------------------------------------------------------
    def run_exec(self, command):
        self.run(command)
        return 1 if self.failed else 0

    def run_shell(self):
        self.write(BANNER)
        self.write(self.prompt())
        while True:
            line = self.term.readline()
            self.run(line)
            self.write(self.prompt())


def caret_col(raw, index):
    """Column of the index-th word of the line as typed."""
    pos = 0
    n = -1
    in_word = False
    for pos, ch in enumerate(raw):
        if ch.isspace():
            in_word = False
        elif not in_word:
            in_word = True
            n += 1
            if n == index:
                return pos
    return len(raw)


class Ios(Device):
    """Cisco IOS / IOS XE (personas ios, pager, hang, drip, noprompt)."""

    default_host = "Router"
    vocab = (
        "show", "running-config", "startup-config", "version", "privilege",
        "terminal", "length", "width", "enable", "disable", "exit", "quit", "logout",
    )  # fmt: skip
    SECRET = "kenshin-enable"

    def __init__(self, *a):
        super().__init__(*a)
        self.priv = 1 if self.persona == "ios" else 15

    def hostname(self):
        for line in self.lines_of("show_running-config.txt"):
            if line.startswith("hostname "):
                return line.split()[1]
        return None

    def prompt(self):
        return self.host + ("#" if self.priv == 15 else ">")

    def invalid(self, raw, index):
        col = caret_col(raw, index) + (0 if self.exec_mode else len(self.prompt()))
        self.error(" " * col + "^\n" + IOS_INVALID + "\n\n")

    def run(self, raw):
        words = self.expand(raw)
        cmd = " ".join(words)
        if not words:
            return
        if cmd in ("exit", "quit", "logout"):
            raise End()
        if cmd == "enable":
            # One try, as with `aaa new-model` (the served configs have it).
            if self.priv < 15:
                if self.term.secret("Password: ") == self.SECRET:
                    self.priv = 15
                else:
                    self.error("% Access denied\n\n")
            return
        if cmd == "disable":
            self.priv = 1
            return
        if words[0] == "terminal":
            if self.persona == "pager":
                return self.invalid(raw, 0)
            if words[1:2] == ["length"] and len(words) == 3 and words[2].isdigit():
                n = int(words[2])
                self.pager = n > 0 and not self.exec_mode
                self.page = n
                return
            if words[1:2] == ["width"] and len(words) == 3 and words[2].isdigit():
                return
            return self.invalid(raw, min(len(words) - 1, 2))
        if cmd == "show privilege":
            self.write("Current privilege level is %d\n" % self.priv)
            return
        if cmd in ("show running-config", "show startup-config") and self.priv < 15:
            return self.invalid(raw, 1)
        kw = {}
        if cmd == "show running-config":
            if self.persona == "drip":
                kw["delay"] = 0.3
            elif self.persona == "hang":
                text = self.snapshot(cmd) or ""
                self.output(text, stop_after=len(text.splitlines()) // 2)
                linger()
                raise End()
        if not self.serve(cmd, **kw):
            self.invalid(raw, 1 if len(words) > 1 and words[0] == "show" else 0)


class FortiOS(Device):
    """Fortinet FortiGate."""

    default_host = "FortiGate"
    more = "--More-- "
    erase = "\r" + " " * 9 + "\r"

    def __init__(self, *a):
        super().__init__(*a)
        self.ctx = None  # config context, e.g. "console"
        self.pending = None  # console output mode set inside `config system console`

    def hostname(self):
        for line in self.lines_of("show_full-configuration.txt"):
            s = line.strip()
            if s.startswith("set hostname "):
                return s[len("set hostname ") :].strip().strip('"')
        return None

    def prompt(self):
        if self.ctx:
            return "%s (%s) # " % (self.host, self.ctx)
        return self.host + " # "

    def run(self, raw):
        words = raw.split()
        cmd = " ".join(words)
        if not words:
            return
        verb = words[0]
        if cmd in ("exit", "quit", "logout") and not self.ctx:
            raise End()
        if verb == "config":
            self.ctx = words[-1] if len(words) > 1 else None
            return
        if verb == "set":
            if self.ctx == "console" and words[1:2] == ["output"] and len(words) == 3:
                self.pending = words[2]
            return
        if verb in ("end", "next", "abort", "exit") and self.ctx:
            if verb == "end" and self.ctx == "console" and self.pending:
                self.pager = self.pending == "more" and not self.exec_mode
            if verb in ("end", "abort", "exit"):
                self.ctx = None
                self.pending = None
            return
        if verb in ("end", "next", "abort", "unset"):
            return
        if self.serve(cmd):
            return
        if verb in ("get", "show", "diagnose", "execute") and len(words) > 1:
            self.error("command parse error before '%s'\nCommand fail. Return code -61\n" % words[1])
        else:
            self.error("Unknown action 0\nCommand fail. Return code -1\n")


class Yamaha(Device):
    """Yamaha RTX / NVR / FWX."""

    default_host = ""
    SECRET = "kenshin-admin"
    MSG = {
        "ja": {
            "more": "---つづく---",
            "name": "エラー: コマンド名が確認できません\n",
            "priv": "エラー: このコマンドを実行する権限がありません\n",
            "pass": "エラー: パスワードが違います\n",
        },
        "ascii": {
            "more": "---more---",
            "name": "Error: Invalid command name\n",
            "priv": "Error: You do not have permission to execute this command\n",
            "pass": "Error: Incorrect password\n",
        },
    }

    def __init__(self, *a):
        super().__init__(*a)
        self.admin = False
        self.lang = "ja"
        self.set_more()

    def set_more(self):
        self.more = self.MSG[self.lang]["more"]
        width = 12 if self.lang == "ja" else len(self.more)
        self.erase = "\r" + " " * width + "\r"

    def msg(self, key):
        return self.MSG[self.lang][key]

    def hostname(self):
        for line in self.lines_of("show_config.txt"):
            if line.startswith("console prompt "):
                return line.split(None, 2)[2].strip().strip('"')
        return None

    def prompt(self):
        return self.host + ("# " if self.admin else "> ")

    def run(self, raw):
        words = raw.split()
        cmd = " ".join(words)
        if not words:
            return
        if cmd in ("exit", "quit"):
            if self.admin:
                self.admin = False
                return
            raise End()
        if cmd == "logout":
            raise End()
        if cmd == "administrator":
            if self.admin:
                return
            for _ in range(3):
                if self.term.secret("Password: ") == self.SECRET:
                    self.admin = True
                    return
            self.error(self.msg("pass"))
            return
        if words[0] == "console" and len(words) == 3:
            what, value = words[1], words[2]
            if what == "lines":
                if value == "infinity":
                    self.pager = False
                elif value.isdigit() and int(value) > 0:
                    self.pager = not self.exec_mode
                    self.page = int(value)
                else:
                    self.error(self.msg("name"))
                return
            if what == "columns" and value.isdigit():
                return
            if what == "character":
                if value == "ascii":
                    self.lang = "ascii"
                    self.term.encoding = "utf-8"
                elif value in ("sjis", "ja.sjis"):
                    self.lang = "ja"
                    self.term.encoding = "shift_jis"
                elif value in ("ja.utf8", "euc", "ja.euc"):
                    self.lang = "ja"
                    self.term.encoding = "euc_jp" if "euc" in value else "utf-8"
                else:
                    self.error(self.msg("name"))
                    return
                self.set_more()
                return
        if cmd == "show config" and not self.admin:
            return self.error(self.msg("priv"))
        if not self.serve(cmd):
            self.error(self.msg("name"))


class Nec(Device):
    """NEC UNIVERGE IX.

    As on a real IX, `terminal length 0` and `show running-config` are
    configuration-mode commands: the session starts in operation mode
    (`HOST# `) and `configure` (or `svintr-config`, `enable-config`) enters
    `HOST(config)# `. In operation mode they answer `% WORD  -- Invalid command.`
    """

    default_host = "Router"
    more = "--More--"
    erase = "\r" + " " * 8 + "\r"
    vocab = (
        "show", "running-config", "startup-config", "version", "terminal",
        "length", "configure", "svintr-config", "enable-config", "exit", "end",
    )  # fmt: skip
    CONFIG_ONLY = ("show running-config", "show startup-config")

    def __init__(self, *a):
        super().__init__(*a)
        self.config = False

    hostname = Ios.hostname

    def prompt(self):
        return self.host + ("(config)# " if self.config else "# ")

    def invalid(self, word):
        self.error("%% %s  -- Invalid command.\n" % word)

    def run(self, raw):
        words = self.expand(raw)
        cmd = " ".join(words)
        if not words:
            return
        if cmd in ("configure", "svintr-config", "enable-config"):
            self.config = True
            return
        if cmd in ("exit", "end"):
            if self.config:
                self.config = False
                return
            if cmd == "exit":
                raise End()
        if cmd in ("quit", "logout"):
            raise End()
        if words[0] == "terminal":
            if not self.config:
                return self.invalid("terminal")
            if words[1:2] == ["length"] and len(words) == 3 and words[2].isdigit():
                n = int(words[2])
                self.pager = n > 0
                self.page = n
                return
            return self.invalid(words[-1])
        if cmd in self.CONFIG_ONLY and not self.config:
            return self.invalid(words[1])
        if not self.serve(cmd):
            self.invalid(words[1] if len(words) > 1 and words[0] == "show" else words[0])


# persona: (class, exec allowed)
PERSONAS = {
    "ios": (Ios, True),
    "pager": (Ios, False),
    "hang": (Ios, True),
    "drip": (Ios, True),
    "noprompt": (Ios, True),
    "fortios": (FortiOS, True),
    "yamaha": (Yamaha, False),
    "nec": (Nec, False),
}


def main():
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if len(sys.argv) != 3 or sys.argv[1] not in PERSONAS:
        os.write(2, b"usage: device.py PERSONA SNAPSHOT_DIR\n")
        return 2
    persona, folder = sys.argv[1], sys.argv[2]
    cls, exec_ok = PERSONAS[persona]
    command = os.environ.get("SSH_ORIGINAL_COMMAND")
    exec_mode = command is not None
    if exec_mode and not exec_ok:
        os.write(2, EXEC_REFUSED.encode())
        return 1
    term = Term(exec_mode)
    dev = cls(persona, folder, term, exec_mode)
    try:
        if persona == "noprompt":
            if not exec_mode:
                term.write(BANNER)
            linger()
            return 0
        if exec_mode:
            return dev.run_exec(command)
        dev.run_shell()
    except End:
        pass
    except KeyboardInterrupt:
        pass
    finally:
        if term.tty:
            try:
                term.restore()
            except Exception:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
