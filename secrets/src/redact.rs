//! The output-side filter: known secret values, replaced wherever they appear.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::{MASK, Secret};

/// Values shorter than this are not redacted: a 1–3 byte "secret" (`a`, `no`) would
/// turn every output into noise while protecting nothing.
const MIN_LEN: usize = 4;

/// Bytes a [`RedactingWriter`] gathers before scanning and passing them on.
const CHUNK: usize = 64 * 1024;

/// Replaces any known secret value, byte for byte, with [`MASK`].
///
/// Values are added rarely (once per artifact) and redaction runs on every output
/// write, so the matcher is built lazily on the first redaction after a change.
/// Overlapping matches (one secret inside or across another) are merged and masked
/// as one, so that no fragment of either survives.
#[derive(Default, Clone)]
pub struct Redactor {
    values: BTreeSet<String>,
    matcher: OnceLock<Option<Matcher>>,
}

/// The compiled form of a [`Redactor`], shared (cheaply cloned) with writers.
#[derive(Clone)]
struct Matcher {
    ac: AhoCorasick,
    /// Length of the longest value: how much a stream must hold back.
    longest: usize,
}

impl std::fmt::Debug for Redactor {
    /// Never prints the values.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redactor").field("values", &self.values.len()).finish()
    }
}

impl Redactor {
    /// A redactor knowing no secret.
    pub fn new() -> Redactor {
        Redactor::default()
    }

    /// Adds a value. Values shorter than 4 bytes, the mask itself, values made of
    /// `*` only (already masked by the device) and well-known defaults such as
    /// `public` ([`crate::is_well_known`]: no secret, and replacing every occurrence of a
    /// common word would garble the reports) are ignored.
    pub fn add(&mut self, value: &str) {
        if value.len() < MIN_LEN || value == MASK || value.bytes().all(|b| b == b'*') || crate::is_well_known(value) {
            return;
        }
        if self.values.insert(value.to_string()) {
            self.matcher = OnceLock::new();
        }
    }

    /// Adds the value of every secret.
    pub fn extend(&mut self, secrets: &[Secret]) {
        for s in secrets {
            self.add(s.value());
        }
    }

    /// Adds every value another redactor knows.
    pub fn merge(&mut self, other: &Redactor) {
        for v in &other.values {
            self.add(v);
        }
    }

    /// Whether no value is known (redaction is then the identity).
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Number of distinct values known.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    fn matcher(&self) -> Option<&Matcher> {
        self.matcher
            .get_or_init(|| {
                if self.values.is_empty() {
                    return None;
                }
                // Standard semantics: the only kind that reports overlapping matches.
                let ac = AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(&self.values).ok()?;
                let longest = self.values.iter().map(String::len).max().unwrap_or(0);
                Some(Matcher { ac, longest })
            })
            .as_ref()
    }

    /// `text` with every known value replaced by [`MASK`]; borrowed when nothing matched.
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match self.redact_bytes(text.as_bytes()) {
            Cow::Borrowed(_) => Cow::Borrowed(text),
            // Matches are whole UTF-8 sequences (both the values and the text are
            // UTF-8), so the result is UTF-8; the lossy path is never taken.
            Cow::Owned(bytes) => {
                Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
            }
        }
    }

    /// `bytes` with every known value replaced by [`MASK`]; borrowed when nothing matched.
    pub fn redact_bytes<'a>(&self, bytes: &'a [u8]) -> Cow<'a, [u8]> {
        let Some(m) = self.matcher() else { return Cow::Borrowed(bytes) };
        let spans = m.spans(bytes);
        if spans.is_empty() {
            return Cow::Borrowed(bytes);
        }
        let mut out = Vec::with_capacity(bytes.len());
        let mut at = 0;
        for (s, e) in spans {
            out.extend_from_slice(&bytes[at..s]);
            out.extend_from_slice(MASK.as_bytes());
            at = e;
        }
        out.extend_from_slice(&bytes[at..]);
        Cow::Owned(out)
    }

    /// A writer that redacts everything written through it into `inner`. The writer
    /// uses the values known now; values added later do not affect it.
    pub fn writer<W: Write>(&self, inner: W) -> RedactingWriter<W> {
        RedactingWriter { inner: Some(inner), matcher: self.matcher().cloned(), pending: Vec::new() }
    }
}

impl Matcher {
    /// Merged, sorted, disjoint byte ranges covered by any match.
    fn spans(&self, bytes: &[u8]) -> Vec<(usize, usize)> {
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for m in self.ac.find_overlapping_iter(bytes) {
            spans.push((m.start(), m.end()));
        }
        // Overlapping iteration reports matches by end position; merge needs starts.
        spans.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        for (s, e) in spans {
            match merged.last_mut() {
                Some(last) if s < last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    }
}

/// A [`Write`] that redacts a stream on its way to `inner`.
///
/// A secret may straddle two `write` calls, so the last *longest secret − 1* bytes
/// are held back until more data shows whether they start a secret; a match that
/// crosses that cut is held back whole. [`flush`](Write::flush), [`finish`] and drop
/// write out the rest (redacted): a flush means "make it visible now", and output
/// held back past it would look lost.
///
/// [`finish`]: RedactingWriter::finish
pub struct RedactingWriter<W: Write> {
    inner: Option<W>,
    matcher: Option<Matcher>,
    pending: Vec<u8>,
}

impl<W: Write> RedactingWriter<W> {
    /// Writes out everything held back, flushes and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.emit(true)?;
        let mut inner = self.inner.take().ok_or_else(|| io::Error::other("redacting writer already finished"))?;
        inner.flush()?;
        Ok(inner)
    }

    /// The inner writer (for inspection; writing to it bypasses redaction).
    pub fn get_ref(&self) -> Option<&W> {
        self.inner.as_ref()
    }

    /// Writes out what is safe to write: everything when `all`, otherwise up to the
    /// point where no future byte can complete a secret.
    fn emit(&mut self, all: bool) -> io::Result<()> {
        let Some(inner) = self.inner.as_mut() else { return Ok(()) };
        let Some(m) = &self.matcher else {
            inner.write_all(&self.pending)?;
            self.pending.clear();
            return Ok(());
        };
        let spans = m.spans(&self.pending);
        let mut cut = if all { self.pending.len() } else { self.pending.len().saturating_sub(m.longest.saturating_sub(1)) };
        // A complete match crossing the cut stays pending whole: a later byte could
        // extend it (an overlapping secret), and its start would otherwise be gone.
        if let Some(&(s, _)) = spans.iter().find(|&&(s, e)| s < cut && e > cut) {
            cut = s;
        }
        let mut out = Vec::with_capacity(cut);
        let mut at = 0;
        for &(s, e) in spans.iter().take_while(|&&(_, e)| e <= cut) {
            out.extend_from_slice(&self.pending[at..s]);
            out.extend_from_slice(MASK.as_bytes());
            at = e;
        }
        out.extend_from_slice(&self.pending[at..cut]);
        inner.write_all(&out)?;
        self.pending.drain(..cut);
        Ok(())
    }
}

impl<W: Write> Write for RedactingWriter<W> {
    /// Accepts all of `buf`. If the inner writer fails, the error is returned and the
    /// data stays pending (it is retried by the next write or flush).
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.inner.is_none() {
            return Err(io::Error::other("redacting writer already finished"));
        }
        self.pending.extend_from_slice(buf);
        // Serialisers write a token at a time: scanning the held-back tail on every
        // write would cost (longest secret) per token. Scan once a chunk has gathered.
        let hold = self.matcher.as_ref().map(|m| CHUNK + m.longest);
        if hold.is_none_or(|hold| self.pending.len() >= hold) {
            self.emit(false)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.emit(true)?;
        match self.inner.as_mut() {
            Some(inner) => inner.flush(),
            None => Ok(()),
        }
    }
}

impl<W: Write> Drop for RedactingWriter<W> {
    /// Writes out the rest; errors cannot be reported from drop (use `finish`).
    fn drop(&mut self) {
        if self.inner.is_some() {
            let _ = self.flush();
        }
    }
}

impl<W: Write> std::fmt::Debug for RedactingWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedactingWriter").field("pending", &self.pending.len()).finish()
    }
}
