//! The process-wide redactor, for output that has no scan at hand (log writers).

use std::io::Write;
use std::sync::{LazyLock, PoisonError, RwLock};

use crate::{RedactingWriter, Redactor, Secret};

static GLOBAL: LazyLock<RwLock<Redactor>> = LazyLock::new(|| RwLock::new(Redactor::default()));

/// The process-wide redactor. Logging writers redact through it, so a secret found in
/// any artifact is kept out of every later log line, whichever thread writes it.
pub fn global() -> &'static RwLock<Redactor> {
    &GLOBAL
}

/// Adds secrets to the process-wide redactor. A poisoned lock is recovered: a panic
/// elsewhere must not switch redaction off.
pub fn register(secrets: &[Secret]) {
    if secrets.is_empty() {
        return;
    }
    let mut r = GLOBAL.write().unwrap_or_else(PoisonError::into_inner);
    r.extend(secrets);
}

/// A writer redacting through the process-wide redactor as it is now: for a tracing
/// `MakeWriter`, which makes one writer per event (so each event sees every secret
/// registered before it).
pub fn global_writer<W: Write>(inner: W) -> RedactingWriter<W> {
    GLOBAL.read().unwrap_or_else(PoisonError::into_inner).writer(inner)
}

/// `text` redacted by the process-wide redactor: for messages printed outside a
/// writer (command-line errors, summaries).
pub fn redact_global(text: &str) -> String {
    GLOBAL.read().unwrap_or_else(PoisonError::into_inner).redact(text).into_owned()
}
