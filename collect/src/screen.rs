//! What an interactive CLI shows, rebuilt from the bytes it sends: a minimal terminal
//! that understands what devices really use to draw their output (`\r`, `\n`,
//! backspace, ANSI escape sequences). Pager prompts erased by backspaces or by
//! `\r` + spaces disappear the way they do on a screen, so no pager residue ends up in
//! an artifact, and the unterminated last line is where prompts and pagers are looked
//! for.
//!
//! Pure and synchronous: the SSH side feeds bytes in, so this part is unit-tested
//! without a device.

/// Lines committed so far and the line being drawn.
#[derive(Debug, Default)]
pub struct Screen {
    lines: Vec<String>,
    current: Vec<char>,
    cursor: usize,
    /// Bytes of an incomplete UTF-8 sequence or escape sequence carried to the next feed.
    pending: Vec<u8>,
    /// Bytes fed in total (to tell "new output since" apart).
    pub fed: usize,
}

impl Screen {
    pub fn new() -> Screen {
        Screen::default()
    }

    /// Feeds bytes as received from the device.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.fed += bytes.len();
        let mut data = std::mem::take(&mut self.pending);
        data.extend_from_slice(bytes);
        let mut i = 0;
        while i < data.len() {
            let b = data[i];
            match b {
                b'\n' => {
                    self.commit();
                    i += 1;
                }
                b'\r' => {
                    self.cursor = 0;
                    i += 1;
                }
                0x08 => {
                    self.cursor = self.cursor.saturating_sub(1);
                    i += 1;
                }
                0x1b => match escape_len(&data[i..]) {
                    Some(len) => {
                        // Erase-in-line (`ESC [ K`, `ESC [ 0 K`): drop what is right of the cursor.
                        let seq = &data[i..i + len];
                        if seq.len() >= 3 && seq[1] == b'[' && seq[len - 1] == b'K' && matches!(&seq[2..len - 1], b"" | b"0") {
                            self.current.truncate(self.cursor);
                        }
                        i += len;
                    }
                    None => {
                        self.pending = data[i..].to_vec();
                        return;
                    }
                },
                b if b < 0x20 || b == 0x7f => i += 1, // bell, NUL and other controls: not drawn
                _ => {
                    let len = utf8_len(b);
                    if i + len > data.len() {
                        self.pending = data[i..].to_vec();
                        return;
                    }
                    let text = String::from_utf8_lossy(&data[i..i + len]);
                    for c in text.chars() {
                        self.put(c);
                    }
                    i += len;
                }
            }
        }
    }

    fn put(&mut self, c: char) {
        if self.cursor < self.current.len() {
            self.current[self.cursor] = c;
        } else {
            while self.current.len() < self.cursor {
                self.current.push(' ');
            }
            self.current.push(c);
        }
        self.cursor += 1;
    }

    fn commit(&mut self) {
        let line: String = self.current.iter().collect();
        self.lines.push(line.trim_end().to_string());
        self.current.clear();
        self.cursor = 0;
    }

    /// The unterminated line being drawn (where a prompt or a pager shows).
    pub fn current_line(&self) -> String {
        self.current.iter().collect()
    }

    /// Lines committed so far.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// Forgets everything drawn so far (before the next command).
    pub fn clear(&mut self) {
        self.lines.clear();
        self.current.clear();
        self.cursor = 0;
    }

    /// The output of `command` as an artifact: the echoed command line dropped, pager
    /// residue removed, each line ending in `\n`. The prompt (the unterminated last
    /// line) is not part of it.
    pub fn output_of(&self, command: &str, pagers: &[&str]) -> String {
        let mut lines = self.lines.as_slice();
        if let Some(first) = lines.first()
            && first.trim_end().ends_with(command.trim())
        {
            lines = &lines[1..];
        }
        let mut out = String::new();
        for line in lines {
            let mut line = line.as_str();
            // A pager that was not erased leaves its prompt in front of the next line.
            for p in pagers {
                if let Some(rest) = line.trim_start().strip_prefix(p) {
                    line = rest.trim_start();
                }
            }
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

/// Length of the escape sequence at the start of `data`, or `None` if it is cut off.
fn escape_len(data: &[u8]) -> Option<usize> {
    match data.get(1)? {
        // CSI: parameters and intermediates, then a final byte 0x40..=0x7e.
        b'[' => data.iter().skip(2).position(|b| (0x40..=0x7e).contains(b)).map(|p| p + 3),
        // OSC: up to BEL or ESC \.
        b']' => data.iter().skip(2).position(|&b| b == 0x07 || b == 0x1b).map(|p| p + 3),
        // Character set selection and other two- or three-byte forms.
        b'(' | b')' => data.get(2).map(|_| 3),
        _ => Some(2),
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ios_pager_erased_with_backspaces_leaves_no_residue() {
        let mut s = Screen::new();
        s.feed(b"show run\r\nline 1\r\n --More-- ");
        assert_eq!(s.current_line(), " --More-- ");
        s.feed(b"\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08          \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08line 2\r\nRouter#");
        assert_eq!(s.output_of("show run", &["--More--"]), "line 1\nline 2\n");
        assert_eq!(s.current_line(), "Router#");
    }

    #[test]
    fn carriage_return_erase_and_csi_sequences() {
        let mut s = Screen::new();
        s.feed(b"a\r\n---more---\r          \rb\x1b[K\r\n\x1b[1mbold\x1b[0m\r\n> ");
        assert_eq!(s.lines(), ["a", "b", "bold"]);
        assert_eq!(s.current_line(), "> ");
    }

    #[test]
    fn split_utf8_and_escape_sequences_across_feeds() {
        let mut s = Screen::new();
        let text = "エラー: 権限\r\n".as_bytes();
        s.feed(&text[..4]);
        s.feed(&text[4..]);
        s.feed(b"x\x1b[");
        s.feed(b"2Ky\r\n");
        assert_eq!(s.lines(), ["エラー: 権限", "xy"]);
    }

    #[test]
    fn unerased_pager_is_stripped_and_echo_dropped() {
        let mut s = Screen::new();
        s.feed(b"Router#show version\r\nA\r\n-- More -- B\r\nRouter#");
        assert_eq!(s.output_of("show version", &["-- More --"]), "A\nB\n");
    }
}
