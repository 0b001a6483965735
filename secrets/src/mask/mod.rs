//! [`mask`]: finds secrets in an artifact, line by line, and masks them.
//!
//! Every line goes through every platform's rules (an artifact's platform may be
//! unknown). Rules name byte ranges of values; the driver replaces them by [`MASK`].
//! A little state is carried from line to line, for the syntaxes where a secret's
//! meaning comes from an earlier line: PEM blocks, Cisco banners and server blocks,
//! FortiOS `config`/`edit` blocks, Junos braces, multi-line JSON.

mod cli;
mod doc;
mod lex;

use crate::{MASK, Masked, Secret, SecretKind};

/// A secret value found by a rule: `start..end` in the line.
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    kind: SecretKind,
}

/// Collects hits for one line; rules call [`Hits::push`] with value spans.
#[derive(Default)]
struct Hits {
    list: Vec<Hit>,
}

impl Hits {
    fn push(&mut self, start: usize, end: usize, kind: SecretKind) {
        if start < end {
            self.list.push(Hit { start, end, kind });
        }
    }

    /// Records a token's value if it is a real value (not empty, not `*****`).
    fn tok(&mut self, t: &lex::Tok<'_>, kind: SecretKind) {
        if lex::is_value(t.val) {
            self.push(t.start, t.end, kind);
        }
    }

    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// State carried between lines.
struct State<'t> {
    /// Inside a private-key block: every line is masked until `-----END`.
    in_pem: bool,
    cli: cli::CliState,
    json: doc::JsonState,
    xml: doc::XmlState,
    toks: Vec<lex::Tok<'t>>,
}

/// Masks every secret in an artifact's text.
///
/// The secret characters are replaced by [`MASK`]; everything else is kept: the line
/// count and order, line ends, the keywords and type markers (`secret 9`,
/// `password 7`, `ENC`, `encrypted`) and quotes, so that parsers can still tell how a
/// password is stored and evidence line numbers stay right. Private-key blocks keep
/// their `BEGIN`/`END` lines and have every line between masked; a block without
/// `END` is masked to the end of the text.
///
/// Values are found where the syntax puts them. The same value quoted elsewhere (a
/// description repeating a key) is left to a [`crate::Redactor`] built from the
/// returned secrets. Never panics, whatever the text.
pub fn mask(text: &str) -> Masked {
    mask_keeping(text, |_, _| false)
}

/// [`mask`], except that values for which `keep` is true stay in the text and are
/// not listed among the secrets.
///
/// Snapshots are stored with [`keeps_in_storage`]: a well-known default SNMP community
/// (`public`) is no secret, and it is the finding itself, so the stored evidence
/// shows it; it is masked again, like everything else, whenever kenshin reads it.
pub fn mask_keeping(text: &str, keep: impl Fn(SecretKind, &str) -> bool) -> Masked {
    let mut state = State {
        in_pem: false,
        cli: cli::CliState::default(),
        json: doc::JsonState::new(text),
        xml: doc::XmlState::default(),
        toks: Vec::new(),
    };
    let mut out = String::with_capacity(text.len());
    let mut secrets = Vec::new();
    let mut hits = Hits::default();
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        // Same line split as `str::lines`: `\n` or `\r\n` ends a line.
        let body = match raw.strip_suffix('\n') {
            Some(b) => b.strip_suffix('\r').unwrap_or(b),
            None => raw,
        };
        hits.list.clear();
        state.line(body, &mut hits);
        apply(body, &mut hits.list, line_no, &mut out, &mut secrets, &keep);
        out.push_str(raw.get(body.len()..).unwrap_or(""));
    }
    Masked { text: out, secrets }
}

/// What stored snapshots keep in clear: well-known default SNMP community names.
pub fn keeps_in_storage(kind: SecretKind, value: &str) -> bool {
    kind == SecretKind::SnmpCommunity && is_default_community(value)
}

/// Community names that are a finding by themselves (`public`, `private`, ...).
pub fn is_default_community(name: &str) -> bool {
    name != MASK && crate::is_well_known(name) && !name.eq_ignore_ascii_case("password")
}

/// Writes `line` with its hits masked; overlapping hits are merged into the first.
fn apply(
    line: &str,
    hits: &mut [Hit],
    line_no: u32,
    out: &mut String,
    secrets: &mut Vec<Secret>,
    keep: &impl Fn(SecretKind, &str) -> bool,
) {
    hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut at = 0;
    for h in hits.iter() {
        if h.start < at || h.end > line.len() {
            continue;
        }
        let (Some(before), Some(value)) = (line.get(at..h.start), line.get(h.start..h.end)) else { continue };
        out.push_str(before);
        if keep(h.kind, value) {
            out.push_str(value);
        } else {
            out.push_str(MASK);
            secrets.push(Secret::new(line_no, h.kind, value));
        }
        at = h.end;
    }
    out.push_str(line.get(at..).unwrap_or(""));
}

impl<'t> State<'t> {
    fn line(&mut self, line: &'t str, hits: &mut Hits) {
        if self.in_pem {
            self.in_pem = doc::pem_inside(line, hits);
            return;
        }
        match doc::pem_begin(line, hits) {
            // A block that goes on: the rest of the line belongs to it, but the text
            // before it can hold secrets of its own (`set private-key "` has none).
            Some((prefix_end, true)) => {
                self.in_pem = true;
                if let Some(prefix) = line.get(..prefix_end) {
                    self.rules(prefix, hits);
                }
            }
            // A block inside one line (a JSON string with `\n` escapes): the whole
            // line is searched, and the key's own hit keeps its BEGIN/END markers
            // visible where another rule would mask the whole string.
            Some((_, false)) => {
                let pem: Vec<Hit> = hits.list.clone();
                self.rules(line, hits);
                let overlaps = |h: &Hit| pem.iter().any(|p| h.start < p.end && p.start < h.end);
                let mut i = 0;
                hits.list.retain(|h| {
                    i += 1;
                    i <= pem.len() || !overlaps(h)
                });
            }
            None => self.rules(line, hits),
        }
    }

    fn rules(&mut self, line: &'t str, hits: &mut Hits) {
        lex::tokenize(line, &mut self.toks);
        let in_banner = self.cli.banner(line, &self.toks);
        self.cli.specific(line, &self.toks, hits);
        if line.contains('<') {
            self.xml.line(line, hits);
        }
        self.json.line(line, hits);
        doc::colon_fields(line, hits);
        doc::url_credentials(line, hits);
        doc::boot_key(line, hits);
        // The keyword-only rules guess more; they run only where nothing specific
        // matched, and never inside a banner's free text.
        // A line already masked (a stored snapshot read again) had its secret found by
        // a specific rule the first time: guessing now would mask the type marker in
        // front of the mask (`ENC`), and masking must give the same text twice.
        let negation = self.toks.first().is_some_and(|t| t.is("no"));
        if hits.is_empty() && !in_banner && !negation && !line.contains(MASK) {
            cli::generic(&self.toks, hits);
            doc::key_value(line, hits);
        }
    }
}
