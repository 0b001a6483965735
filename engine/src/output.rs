//! Writing a scan's outputs into a folder atomically: everything is written into a
//! temporary sibling folder, then renamed into place, so a crash or a full disk never
//! leaves a half-written run where a reader (a dashboard, the next scan's baseline)
//! would take it for a complete one. Every file passes through the process-wide
//! secret redactor (`kenshin_secrets`).

use std::io::{BufWriter, Write};
use std::path::Path;

/// Produces one output file's content into a writer. Files are produced one after the
/// other, so a large output is never held in memory twice (as a value and as bytes).
pub type FileWriter<'a> = Box<dyn FnOnce(&mut dyn Write) -> std::io::Result<()> + 'a>;

/// Writes `files` (name, producer) as the folder `out`, replacing it if it exists.
pub fn write_run(out: &Path, files: Vec<(&str, FileWriter<'_>)>) -> std::io::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let tmp = tempfile::Builder::new().prefix(".kenshin-run-").tempdir_in(&parent)?;
    for (name, produce) in files {
        let file = BufWriter::with_capacity(1 << 20, std::fs::File::create(tmp.path().join(name))?);
        // Every byte of every output passes the redactor: a secret that reached an
        // output anyway (quoted in a message, say) is masked on the way out.
        let mut w = kenshin_secrets::global_writer(file);
        produce(&mut w)?;
        let mut file = w.finish()?;
        file.flush()?;
        file.get_ref().sync_all()?;
    }
    let staged = tmp.keep();
    if out.exists() {
        let old = tempfile::Builder::new().prefix(".kenshin-old-").tempdir_in(&parent)?.keep();
        std::fs::remove_dir(&old)?;
        std::fs::rename(out, &old)?;
        if let Err(e) = std::fs::rename(&staged, out) {
            // Put the previous run back rather than leave nothing.
            let _ = std::fs::rename(&old, out);
            return Err(e);
        }
        std::fs::remove_dir_all(&old)?;
    } else {
        std::fs::rename(&staged, out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("run");
        let bytes = |b: &'static [u8]| -> FileWriter<'static> { Box::new(move |w| w.write_all(b)) };
        write_run(&out, vec![("a.txt", bytes(b"1")), ("b.txt", bytes(b"2"))]).unwrap();
        write_run(&out, vec![("a.txt", bytes(b"3"))]).unwrap();
        // A producer's error leaves the previous run in place.
        let failing: FileWriter<'static> = Box::new(|_| Err(std::io::Error::other("disk full")));
        assert!(write_run(&out, vec![("a.txt", failing)]).is_err());
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"3");
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"3");
        assert!(!out.join("b.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".kenshin"))
            .collect();
        assert!(leftovers.is_empty());
    }
}
