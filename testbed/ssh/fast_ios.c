/*
 * fast_ios: the IOS persona of device.py, reduced to what a collection needs and
 * written in C, for the SSH benchmark (scripts/bench-ssh).
 *
 * Why: on the 2-core benchmark machine the emulated devices run on the same cores as
 * the collectors being compared. A real device spends its own CPU; device.py spends
 * ~20 ms of ours per login (the Python interpreter starting), which would make the
 * benchmark measure the test bed instead of the clients. This one starts in ~1 ms.
 *
 * Behaviour (same strings as device.py's ios persona): a banner, `HOST>`; `enable`
 * asks `Password: ` with echo off and accepts `kenshin-enable`; `terminal ...` is
 * accepted; `show version` / `show running-config` print SNAPSHOT_DIR's files
 * (`show running-config` only when enabled); `exit`/`quit`/`logout` end the session.
 * Exec mode (SSH_ORIGINAL_COMMAND) prints one file. The pty's line discipline does
 * the echo and the CR/LF conversion, as it does for device.py.
 *
 * Usage: fast_ios SNAPSHOT_DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const char *dir;
static char host[128] = "Router";

/* Prints DIR/NAME; returns 0 if it exists. */
static int cat(const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, n, stdout);
    fclose(f);
    return 0;
}

/* `hostname X` from the served configuration. */
static void read_hostname(void) {
    char path[4096], line[512];
    snprintf(path, sizeof path, "%s/show_running-config.txt", dir);
    FILE *f = fopen(path, "r");
    if (!f) return;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "hostname ", 9) == 0) {
            line[strcspn(line, "\r\n")] = 0;
            snprintf(host, sizeof host, "%s", line + 9);
            break;
        }
    }
    fclose(f);
}

static void set_echo(int on) {
    struct termios t;
    if (tcgetattr(0, &t) != 0) return;
    if (on) t.c_lflag |= ECHO; else t.c_lflag &= ~ECHO;
    tcsetattr(0, TCSANOW, &t);
}

static void invalid(void) {
    fputs("                      ^\n% Invalid input detected at '^' marker.\n\n", stdout);
}

/* Runs one command; returns 1 to end the session. */
static int run(char *cmd, int *enabled) {
    cmd[strcspn(cmd, "\r\n")] = 0;
    while (*cmd == ' ') cmd++;
    if (!*cmd) return 0;
    if (!strcmp(cmd, "exit") || !strcmp(cmd, "quit") || !strcmp(cmd, "logout")) return 1;
    if (!strcmp(cmd, "enable")) {
        char secret[256];
        fputs("Password: ", stdout);
        fflush(stdout);
        set_echo(0);
        char *got = fgets(secret, sizeof secret, stdin);
        set_echo(1);
        fputs("\n", stdout);
        if (!got) return 1;
        secret[strcspn(secret, "\r\n")] = 0;
        if (!strcmp(secret, "kenshin-enable")) *enabled = 1;
        else fputs("% Access denied\n\n", stdout);
        return 0;
    }
    if (!strncmp(cmd, "terminal ", 9)) return 0;
    if (!strcmp(cmd, "show version")) {
        if (cat("show_version.txt")) invalid();
        return 0;
    }
    if (!strcmp(cmd, "show running-config") && *enabled) {
        if (cat("show_running-config.txt")) invalid();
        return 0;
    }
    invalid();
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs("usage: fast_ios SNAPSHOT_DIR\n", stderr);
        return 2;
    }
    dir = argv[1];
    read_hostname();
    const char *exec = getenv("SSH_ORIGINAL_COMMAND");
    if (exec) {
        if (!strcmp(exec, "show version")) return cat("show_version.txt") ? 1 : 0;
        invalid();
        return 1;
    }
    fputs("\n*** 保守用 / maintenance ***\n#####################################\n"
          "Use of this device is monitored #\n\n", stdout);
    int enabled = 0;
    char line[4096];
    for (;;) {
        printf("%s%c", host, enabled ? '#' : '>');
        fflush(stdout);
        if (!fgets(line, sizeof line, stdin)) return 0;
        if (run(line, &enabled)) return 0;
    }
}
