//! Writing a scan's outputs into a folder atomically: everything is written into a
//! temporary sibling folder, then renamed into place, so a crash or a full disk never
//! leaves a half-written run where a reader (a dashboard, the next scan's baseline)
//! would take it for a complete one.

use std::io::Write;
use std::path::Path;

/// Writes `files` (name, bytes) as the folder `out`, replacing it if it exists.
pub fn write_run(out: &Path, files: &[(&str, Vec<u8>)]) -> std::io::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let tmp = tempfile::Builder::new().prefix(".kenshin-run-").tempdir_in(&parent)?;
    for (name, bytes) in files {
        let mut f = std::fs::File::create(tmp.path().join(name))?;
        f.write_all(bytes)?;
        f.sync_all()?;
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
        write_run(&out, &[("a.txt", b"1".to_vec()), ("b.txt", b"2".to_vec())]).unwrap();
        write_run(&out, &[("a.txt", b"3".to_vec())]).unwrap();
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
