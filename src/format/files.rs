//! Opening the files a position names: only regular files, only up to the size limit, and only
//! inside the position's folder tree unless the user allows more.
//!
//! A position is someone else's file. Its `vocabulary` and source `path`s are followed, and a
//! quote that is not found shows the closest passage of the source: without confinement, a
//! position could make `check` print `/etc/shadow`. A FIFO or a device would hang the reader or
//! never end, so the file type is checked before and after opening, and on Linux the file is
//! opened non-blocking so that even a FIFO swapped in between cannot block.

use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Why a file could not be read, in words that follow the file's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadFail {
    NotFound,
    NotRegular(&'static str),
    TooLarge(u64),
    Io(String),
}

impl std::fmt::Display for ReadFail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadFail::NotFound => f.write_str("not found"),
            ReadFail::NotRegular(what) => write!(f, "is {what}, not a regular file"),
            ReadFail::TooLarge(limit) => write!(f, "is larger than the limit of {limit} bytes"),
            ReadFail::Io(e) => write!(f, "cannot be read ({e})"),
        }
    }
}

fn kind_of(t: std::fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a file")
}

fn io(e: &std::io::Error) -> ReadFail {
    match e.kind() {
        std::io::ErrorKind::NotFound => ReadFail::NotFound,
        _ => {
            let text = e.to_string();
            let mut c = text.chars();
            ReadFail::Io(
                c.next()
                    .map_or_else(String::new, |f| f.to_lowercase().chain(c).collect()),
            )
        }
    }
}

#[cfg(target_os = "linux")]
fn open(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(target_os = "linux"))]
fn open(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// The bytes of a regular file of at most `limit` bytes.
pub(crate) fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadFail> {
    let mut bytes = Vec::new();
    read_regular_into(path, limit, &mut bytes)?;
    Ok(bytes)
}

/// [`read_regular`] into `bytes`, which is cleared first: a caller reading several large files
/// one after the other reuses one buffer, whose pages are already in memory.
pub(crate) fn read_regular_into(path: &Path, limit: u64, bytes: &mut Vec<u8>) -> Result<(), ReadFail> {
    let meta = std::fs::metadata(path).map_err(|e| io(&e))?;
    if let Some(what) = kind_of(meta.file_type()) {
        return Err(ReadFail::NotRegular(what));
    }
    if meta.len() > limit {
        return Err(ReadFail::TooLarge(limit));
    }
    let file = open(path).map_err(|e| io(&e))?;
    // The file opened may not be the file looked at (a swap in between): look again.
    let meta = file.metadata().map_err(|e| io(&e))?;
    if let Some(what) = kind_of(meta.file_type()) {
        return Err(ReadFail::NotRegular(what));
    }
    // Room for the whole file and the one byte that tells it grew: no doubling copies, and no
    // spare capacity held while the text is parsed.
    bytes.clear();
    bytes.reserve_exact(usize::try_from(meta.len().min(limit)).unwrap_or(0).saturating_add(1));
    file.take(limit.saturating_add(1))
        .read_to_end(bytes)
        .map_err(|e| io(&e))?;
    if bytes.len() as u64 > limit {
        return Err(ReadFail::TooLarge(limit));
    }
    Ok(())
}

/// `path` made absolute and with `.` and `..` resolved by name (no file system access), so
/// that a path that does not exist can still be judged.
fn lexical(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The folders a file may name files in: its own folder, and the folders the user allowed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Allowed {
    dirs: Vec<PathBuf>,
}

impl Allowed {
    pub fn push(&mut self, dir: &Path) {
        self.dirs.push(dir.to_path_buf());
    }

    /// Resolves `rel`, named in a file in folder `base`, and refuses it when it leads outside
    /// `base` and every allowed folder, by name or through a symbolic link.
    pub fn resolve(&self, base: Option<&Path>, rel: &str) -> Result<PathBuf, String> {
        let base = base.filter(|b| !b.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let joined = base.join(rel);
        let roots: Vec<&Path> = std::iter::once(base)
            .chain(self.dirs.iter().map(PathBuf::as_path))
            .collect();
        let target = lexical(&joined);
        if !roots.iter().any(|r| target.starts_with(lexical(r))) {
            return Err(refusal(rel));
        }
        // A symbolic link inside the tree may still lead out of it.
        if let Ok(real) = std::fs::canonicalize(&joined) {
            let inside = roots.iter().any(|r| {
                let root = std::fs::canonicalize(r).unwrap_or_else(|_| lexical(r));
                real.starts_with(root)
            });
            if !inside {
                return Err(refusal(rel));
            }
        }
        Ok(joined)
    }
}

fn refusal(rel: &str) -> String {
    format!(
        "path `{rel}` leads outside the folder of this file; it is not read unless its folder is \
         allowed (`--allow-path DIR`)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_in_the_tree() {
        let dir = std::env::temp_dir().join(format!("negdiff-files-{}", std::process::id()));
        let sub = dir.join("talks/sources");
        std::fs::create_dir_all(&sub).unwrap();
        let base = dir.join("talks");
        let a = Allowed::default();
        assert!(a.resolve(Some(&base), "sources/x.txt").is_ok());
        assert!(a.resolve(Some(&base), "sources/../x.txt").is_ok());
        assert!(a.resolve(Some(&base), "../x.txt").is_err());
        assert!(a.resolve(Some(&base), "/etc/passwd").is_err());
        assert!(a.resolve(Some(&base), "sources/../../../../../../etc/passwd").is_err());
        let mut b = Allowed::default();
        b.push(&dir);
        assert!(b.resolve(Some(&base), "../x.txt").is_ok());
        assert!(b.resolve(Some(&base), "/etc/passwd").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc", sub.join("etc")).unwrap();
            assert!(a.resolve(Some(&base), "sources/etc/passwd").is_err());
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_without_blocking() {
        assert_eq!(
            read_regular(Path::new("/dev/zero"), 10),
            Err(ReadFail::NotRegular("a device"))
        );
        assert_eq!(
            read_regular(Path::new("/"), 10),
            Err(ReadFail::NotRegular("a directory"))
        );
        assert_eq!(read_regular(Path::new("/no/such/file"), 10), Err(ReadFail::NotFound));
    }

    #[test]
    fn one_buffer_reads_each_file_whole_and_alone() {
        let dir = std::env::temp_dir().join(format!("negdiff-read-into-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (long, short, big) = (dir.join("long"), dir.join("short"), dir.join("big"));
        std::fs::write(&long, "a".repeat(100)).unwrap();
        std::fs::write(&short, "bc").unwrap();
        std::fs::write(&big, "d".repeat(11)).unwrap();
        let mut bytes = Vec::new();
        read_regular_into(&long, 100, &mut bytes).unwrap();
        assert_eq!(bytes, "a".repeat(100).as_bytes());
        read_regular_into(&short, 100, &mut bytes).unwrap();
        assert_eq!(bytes, b"bc");
        assert_eq!(read_regular_into(&big, 10, &mut bytes), Err(ReadFail::TooLarge(10)));
        assert_eq!(read_regular(&long, 99), Err(ReadFail::TooLarge(99)));
        assert_eq!(read_regular(&long, 100).unwrap().len(), 100);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
