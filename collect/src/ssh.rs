//! One SSH session with one device (libssh2 through the `ssh2` crate): connect,
//! pin the host key, authenticate, then run the platform's commands on exec channels
//! or in an interactive shell.
//!
//! libssh2 is used in blocking mode with its session timeout set, before every call,
//! to what is left of the current [`Deadline`]; reads therefore return at least as
//! often as a deadline passes, and a device that stalls, drips or never prompts is
//! cut off at its limit instead of hanging the collection.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::time::Duration;

use kenshin_connectors::platform::{Cli, Command};
use regex::Regex;
use ssh2::{Channel, ExtendedData, KeyboardInteractivePrompt, Prompt, Session};

use crate::credentials::Credentials;
use crate::host_keys::{self, HostKeyError, HostKeyOutcome};
use crate::limits::{Clock, Deadline, Phase};
use crate::screen::Screen;

/// How long a prompt-looking last line must stay unchanged before it is believed,
/// when it could also be the start of an output line (`# ` at a chunk boundary).
const SETTLE: Duration = Duration::from_millis(25);

/// Why a session or a command failed.
#[derive(Debug, thiserror::Error)]
pub enum SshError {
    #[error("cannot resolve {address}: {source}")]
    Resolve { address: String, source: std::io::Error },
    #[error("connection to {addr} failed: {source}")]
    Connect { addr: SocketAddr, source: std::io::Error },
    #[error("SSH handshake failed: {0}")]
    Handshake(String),
    #[error(transparent)]
    HostKey(#[from] HostKeyError),
    #[error("authentication failed for user {user:?} (tried {tried}; the server offers {offered})")]
    Auth { user: String, tried: String, offered: String },
    #[error("{what}: {deadline} passed{}", progress_note(*received))]
    Timeout { what: String, deadline: String, received: usize },
    #[error("{what}: connection closed by the device{}", progress_note(*received))]
    Closed { what: String, received: usize },
    #[error("{what}: {message}")]
    Protocol { what: String, message: String },
    #[error("{command:?}: the device refused it: {answer}")]
    Refused { command: String, answer: String },
    #[error("{command:?}: exit status {status}: {answer}")]
    ExitStatus { command: String, status: i32, answer: String },
    #[error("privilege elevation with {command:?} failed: the prompt is still {prompt:?}")]
    Elevation { command: String, prompt: String },
    #[error("privilege elevation with {command:?} failed: the device asked for the secret again (wrong secret?)")]
    ElevationSecret { command: String },
}

fn progress_note(received: usize) -> String {
    if received > 0 { format!(" after {received} bytes") } else { String::new() }
}

impl SshError {
    /// Whether the session is still usable after this error (the next command may run).
    pub fn session_usable(&self) -> bool {
        matches!(self, SshError::Refused { .. } | SshError::ExitStatus { .. } | SshError::Elevation { .. })
    }
}

/// An authenticated session.
pub struct Connection {
    session: Session,
    pub host_key: HostKeyOutcome,
}

/// Where and how to connect.
pub struct Target<'a> {
    pub address: &'a str,
    pub port: u16,
    pub known_hosts: &'a Path,
    pub accept_new_host_keys: bool,
}

impl Connection {
    /// Connects, pins the host key and authenticates, within the connect and
    /// authentication limits.
    pub fn open(target: &Target<'_>, creds: &Credentials, clock: &Clock) -> Result<Connection, SshError> {
        let deadline = clock.phase(Phase::Connect);
        let addrs: Vec<SocketAddr> = (target.address, target.port)
            .to_socket_addrs()
            .map_err(|source| SshError::Resolve { address: target.address.to_string(), source })?
            .collect();
        let mut last = None;
        let mut stream = None;
        for addr in addrs {
            match TcpStream::connect_timeout(&addr, deadline.remaining()) {
                Ok(s) => {
                    stream = Some(s);
                    break;
                }
                Err(source) => last = Some(SshError::Connect { addr, source }),
            }
        }
        let stream = match stream {
            Some(s) => s,
            None => {
                return Err(last.unwrap_or_else(|| SshError::Resolve {
                    address: target.address.to_string(),
                    source: std::io::Error::new(ErrorKind::NotFound, "no address"),
                }));
            }
        };
        let _ = stream.set_nodelay(true);
        let mut session = Session::new().map_err(|e| SshError::Handshake(e.to_string()))?;
        session.set_tcp_stream(stream);
        let auth = clock.phase(Phase::Auth);
        set_timeout(&session, &auth);
        session.handshake().map_err(|e| fail(&auth, "SSH handshake", e))?;
        tracing::debug!(
            address = target.address,
            port = target.port,
            kex = session.methods(ssh2::MethodType::Kex).unwrap_or("?"),
            host_key = session.methods(ssh2::MethodType::HostKey).unwrap_or("?"),
            cipher = session.methods(ssh2::MethodType::CryptCs).unwrap_or("?"),
            "handshake done"
        );
        let host_key = host_keys::verify(&session, target.address, target.port, target.known_hosts, target.accept_new_host_keys)?;
        authenticate(&session, creds, &auth)?;
        Ok(Connection { session, host_key })
    }

    /// Runs `command` on its own exec channel and returns its output (stdout and
    /// stderr merged, as a terminal would show them).
    pub fn exec(&self, command: &Command, cli: &Cli, clock: &Clock) -> Result<String, SshError> {
        let deadline = clock.phase(Phase::Command);
        let what = format!("{:?}", command.command);
        set_timeout(&self.session, &deadline);
        let mut channel = self.session.channel_session().map_err(|e| fail(&deadline, &what, e))?;
        channel.handle_extended_data(ExtendedData::Merge).map_err(|e| protocol(&what, e))?;
        channel.exec(command.command).map_err(|e| fail(&deadline, &what, e))?;
        let mut out = Vec::new();
        let mut buf = [0u8; 32 * 1024];
        loop {
            set_timeout(&self.session, &deadline);
            match channel.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) if is_timeout(&e) => {
                    if deadline.passed() {
                        return Err(SshError::Timeout { what, deadline: deadline.describe(), received: out.len() });
                    }
                }
                Err(e) => return Err(SshError::Protocol { what, message: e.to_string() }),
            }
        }
        set_timeout(&self.session, &deadline);
        let _ = channel.wait_close();
        let status = channel.exit_status().unwrap_or(0);
        let text = String::from_utf8_lossy(&out).replace("\r\n", "\n");
        if status != 0 {
            return Err(SshError::ExitStatus { command: command.command.to_string(), status, answer: first_line(&text) });
        }
        refused(command.command, &text, cli)?;
        Ok(text)
    }

    /// Opens an interactive shell on a pty and waits for the first prompt (banners and
    /// MOTD are read and dropped).
    pub fn shell<'c>(&self, cli: &'c Cli, clock: &Clock) -> Result<Shell<'_, 'c>, SshError> {
        let deadline = clock.phase(Phase::Command);
        let what = "interactive shell".to_string();
        set_timeout(&self.session, &deadline);
        let mut channel = self.session.channel_session().map_err(|e| fail(&deadline, &what, e))?;
        // A wide terminal so that devices do not wrap long configuration lines.
        channel.request_pty("vt100", None, Some((511, 0, 0, 0))).map_err(|e| fail(&deadline, &what, e))?;
        channel.shell().map_err(|e| fail(&deadline, &what, e))?;
        let prompt =
            Regex::new(cli.prompt).map_err(|e| SshError::Protocol { what: "prompt pattern".into(), message: e.to_string() })?;
        let mut shell = Shell { session: &self.session, channel, cli, prompt, screen: Screen::new(), last_prompt: String::new() };
        shell.wait_for_prompt("waiting for the first prompt", &deadline)?;
        Ok(shell)
    }
}

/// An interactive shell on a device.
pub struct Shell<'s, 'c> {
    session: &'s Session,
    channel: Channel,
    cli: &'c Cli,
    prompt: Regex,
    screen: Screen,
    /// The last prompt seen, exactly (`Router#`).
    last_prompt: String,
}

/// What the unterminated last line turned out to be.
enum Wait {
    Prompt,
    Secret,
}

impl Shell<'_, '_> {
    /// The current prompt.
    pub fn prompt(&self) -> &str {
        &self.last_prompt
    }

    /// Elevates privilege (`enable`) when the prompt is not elevated yet.
    pub fn elevate(&mut self, secret: Option<&str>, clock: &Clock) -> Result<(), SshError> {
        let Some(elev) = self.cli.elevation else { return Ok(()) };
        let elevated = Regex::new(elev.elevated_prompt)
            .map_err(|e| SshError::Protocol { what: "elevated prompt pattern".into(), message: e.to_string() })?;
        if elevated.is_match(&self.last_prompt) {
            return Ok(());
        }
        let Some(secret) = secret else {
            tracing::debug!(prompt = %self.last_prompt, "not elevated and no elevation secret given");
            return Ok(());
        };
        let secret_prompt = Regex::new(elev.secret_prompt)
            .map_err(|e| SshError::Protocol { what: "secret prompt pattern".into(), message: e.to_string() })?;
        let deadline = clock.phase(Phase::Auth);
        let what = format!("{:?}", elev.command);
        self.screen.clear();
        self.send(elev.command, &deadline)?;
        if let Wait::Secret = self.wait(&what, &deadline, Some(&secret_prompt))? {
            self.screen.clear();
            self.send(secret, &deadline)?;
            // A wrong secret is asked for again: give up rather than guess.
            if let Wait::Secret = self.wait(&what, &deadline, Some(&secret_prompt))? {
                return Err(SshError::ElevationSecret { command: elev.command.into() });
            }
        }
        if !elevated.is_match(&self.last_prompt) {
            return Err(SshError::Elevation { command: elev.command.into(), prompt: self.last_prompt.clone() });
        }
        Ok(())
    }

    /// Runs `command` and returns its output without echo, pager residue or prompt.
    pub fn run(&mut self, command: &str, clock: &Clock) -> Result<String, SshError> {
        let deadline = clock.phase(Phase::Command);
        self.screen.clear();
        self.send(command, &deadline)?;
        self.wait(&format!("{command:?}"), &deadline, None)?;
        let text = self.screen.output_of(command, self.cli.pager_prompts);
        refused(command, &text, self.cli)?;
        Ok(text)
    }

    /// Leaves the shell politely; errors do not matter any more.
    pub fn close(mut self) {
        let _ = self.channel.write_all(b"exit\n");
        let _ = self.channel.send_eof();
    }

    fn send(&mut self, line: &str, deadline: &Deadline) -> Result<(), SshError> {
        set_timeout(self.session, deadline);
        let what = "sending a command";
        self.channel
            .write_all(format!("{line}\n").as_bytes())
            .and_then(|()| self.channel.flush())
            .map_err(|e| if is_timeout(&e) { timeout(what, deadline, 0) } else { protocol_io(what, e) })
    }

    fn wait_for_prompt(&mut self, what: &str, deadline: &Deadline) -> Result<(), SshError> {
        self.wait(what, deadline, None).map(|_| ())
    }

    /// Reads until the last line is a prompt (or a secret prompt when `secret` is
    /// given), answering pagers on the way.
    fn wait(&mut self, what: &str, deadline: &Deadline, secret: Option<&Regex>) -> Result<Wait, SshError> {
        let start = self.screen.fed;
        let mut buf = [0u8; 32 * 1024];
        let mut pager_answered_at = usize::MAX;
        loop {
            // Callers clear the screen before sending, so a stale prompt cannot match.
            let line = self.screen.current_line();
            if let Some(re) = secret
                && re.is_match(&line)
            {
                return Ok(Wait::Secret);
            }
            if self.is_prompt(&line) && self.settled(deadline)? {
                self.last_prompt = line.trim_end().to_string();
                return Ok(Wait::Prompt);
            }
            let trimmed = line.trim();
            if pager_answered_at != self.screen.fed && self.cli.pager_prompts.iter().any(|p| trimmed.ends_with(p)) {
                pager_answered_at = self.screen.fed;
                set_timeout(self.session, deadline);
                self.channel.write_all(b" ").map_err(|e| protocol_io(what, e))?;
                continue;
            }
            set_timeout(self.session, deadline);
            match self.channel.read(&mut buf) {
                Ok(0) => return Err(SshError::Closed { what: what.into(), received: self.screen.fed - start }),
                Ok(n) => self.screen.feed(&buf[..n]),
                Err(e) if is_timeout(&e) => {
                    if deadline.passed() {
                        return Err(timeout(what, deadline, self.screen.fed - start));
                    }
                }
                Err(e) => return Err(protocol_io(what, e)),
            }
            if deadline.passed() {
                return Err(timeout(what, deadline, self.screen.fed - start));
            }
        }
    }

    /// Whether `line` looks like a prompt: the platform's pattern, and once a prompt is
    /// known, the same hostname in front of it.
    fn is_prompt(&self, line: &str) -> bool {
        if !self.prompt.is_match(line) {
            return false;
        }
        let base = |p: &str| p.trim_end().trim_end_matches(['>', '#', '$', '%', ')']).split('(').next().unwrap_or("").to_string();
        self.last_prompt.is_empty() || base(line) == base(&self.last_prompt)
    }

    /// Checks that no more output follows a prompt-looking line within [`SETTLE`],
    /// unless the line carries a hostname: only a bare `> ` / `# ` (Yamaha) can also be
    /// the start of an output line cut at a chunk boundary (`# RTX1220 Rev...`).
    fn settled(&mut self, deadline: &Deadline) -> Result<bool, SshError> {
        let line = self.screen.current_line();
        let named = line.trim_end().trim_end_matches(['>', '#', '$', '%']).trim().len() >= 2;
        if named {
            return Ok(true);
        }
        let mut buf = [0u8; 32 * 1024];
        let settle = Deadline { at: std::time::Instant::now() + SETTLE, ..*deadline };
        set_timeout(self.session, if settle.at < deadline.at { &settle } else { deadline });
        match self.channel.read(&mut buf) {
            Ok(0) => Ok(true),
            Ok(n) => {
                self.screen.feed(&buf[..n]);
                Ok(false)
            }
            Err(e) if is_timeout(&e) => Ok(true),
            Err(e) => Err(protocol_io("reading", e)),
        }
    }
}

/// Password answers for keyboard-interactive authentication.
struct PasswordPrompter<'a>(&'a str);

impl KeyboardInteractivePrompt for PasswordPrompter<'_> {
    fn prompt<'a>(&mut self, _username: &str, _instructions: &str, prompts: &[Prompt<'a>]) -> Vec<String> {
        prompts.iter().map(|_| self.0.to_string()).collect()
    }
}

/// Tries the configured methods in order: key file, agent, password, then
/// keyboard-interactive with the password.
fn authenticate(session: &Session, creds: &Credentials, deadline: &Deadline) -> Result<(), SshError> {
    let user = creds.username.as_str();
    set_timeout(session, deadline);
    let offered = session.auth_methods(user).map(str::to_string).unwrap_or_default();
    if session.authenticated() {
        return Ok(());
    }
    let mut tried = Vec::new();
    let check_time = |tried: &[&str]| -> Result<(), SshError> {
        if deadline.passed() { Err(timeout(&format!("authentication ({})", tried.join(", ")), deadline, 0)) } else { Ok(()) }
    };
    if let Some(key) = &creds.key {
        tried.push("publickey (key_file)");
        set_timeout(session, deadline);
        let passphrase = key.passphrase.as_ref().map(|p| p.expose());
        if session.userauth_pubkey_file(user, None, &key.path, passphrase).is_ok() && session.authenticated() {
            return Ok(());
        }
        check_time(&tried)?;
    }
    if creds.agent {
        tried.push("publickey (ssh-agent)");
        set_timeout(session, deadline);
        if let Ok(mut agent) = session.agent()
            && agent.connect().is_ok()
            && agent.list_identities().is_ok()
        {
            for identity in agent.identities().unwrap_or_default() {
                set_timeout(session, deadline);
                if agent.userauth(user, &identity).is_ok() && session.authenticated() {
                    let _ = agent.disconnect();
                    return Ok(());
                }
            }
            let _ = agent.disconnect();
        }
        check_time(&tried)?;
    }
    if let Some(password) = &creds.password {
        if offered.split(',').any(|m| m == "password") {
            tried.push("password");
            set_timeout(session, deadline);
            if session.userauth_password(user, password.expose()).is_ok() && session.authenticated() {
                return Ok(());
            }
            check_time(&tried)?;
        }
        if offered.split(',').any(|m| m == "keyboard-interactive") {
            tried.push("keyboard-interactive");
            set_timeout(session, deadline);
            let mut prompter = PasswordPrompter(password.expose());
            if session.userauth_keyboard_interactive(user, &mut prompter).is_ok() && session.authenticated() {
                return Ok(());
            }
            check_time(&tried)?;
        }
    }
    Err(SshError::Auth {
        user: user.to_string(),
        tried: if tried.is_empty() { "nothing the server accepts".into() } else { tried.join(", ") },
        offered: if offered.is_empty() { "nothing".into() } else { offered },
    })
}

/// The first line of the output that starts like one of the platform's refusals.
fn refused(command: &str, text: &str, cli: &Cli) -> Result<(), SshError> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.chars().all(|c| c == '^' || c == ' '));
    if let Some(line) = first
        && cli.errors.iter().any(|e| line.starts_with(e))
    {
        return Err(SshError::Refused { command: command.to_string(), answer: line.chars().take(200).collect() });
    }
    Ok(())
}

fn first_line(text: &str) -> String {
    text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("(no output)").chars().take(200).collect()
}

fn set_timeout(session: &Session, deadline: &Deadline) {
    let ms = deadline.remaining().as_millis().clamp(1, u128::from(u32::MAX));
    session.set_timeout(ms as u32);
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock)
}

fn timeout(what: &str, deadline: &Deadline, received: usize) -> SshError {
    SshError::Timeout { what: what.to_string(), deadline: deadline.describe(), received }
}

/// A libssh2 error: a timeout (`LIBSSH2_ERROR_TIMEOUT`, or the deadline passed)
/// becomes [`SshError::Timeout`], anything else [`SshError::Protocol`].
fn fail(deadline: &Deadline, what: &str, e: ssh2::Error) -> SshError {
    if matches!(e.code(), ssh2::ErrorCode::Session(-9)) || deadline.passed() {
        timeout(what, deadline, 0)
    } else {
        protocol(what, e)
    }
}

fn protocol(what: &str, e: ssh2::Error) -> SshError {
    SshError::Protocol { what: what.to_string(), message: e.to_string() }
}

fn protocol_io(what: &str, e: std::io::Error) -> SshError {
    SshError::Protocol { what: what.to_string(), message: e.to_string() }
}
