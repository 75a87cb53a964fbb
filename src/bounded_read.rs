//! Reading a whole file that may be hostile or huge, without trusting its size: the one
//! bounded read that the store, the importer and the entity lists share. Each caller turns
//! a [`BoundedReadError`] into its own message, which names the file the way that caller
//! names files.

use std::io::Read as _;
use std::path::Path;

/// Why a bounded read gave up.
#[derive(Debug)]
pub enum BoundedReadError {
    /// The file could not be looked at or opened.
    Open(std::io::Error),
    /// It is a folder, a device or a pipe: reading it could block or never end.
    NotAFile,
    /// It is larger than the limit.
    TooLarge {
        /// Its size in bytes, as the file system reports it.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// Reading failed part way.
    Read(std::io::Error),
    /// It was within the limit when looked at but grew past it while being read.
    Grew {
        /// The limit in bytes.
        limit: u64,
    },
}

/// The bytes of the regular file at `path`, at most `limit` of them. The size is checked
/// before the file is opened (so a pipe or a device is never opened) and again while it
/// is read (so a file that grows meanwhile cannot make it read past the limit).
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, BoundedReadError> {
    let metadata = std::fs::metadata(path).map_err(BoundedReadError::Open)?;
    if !metadata.is_file() {
        return Err(BoundedReadError::NotAFile);
    }
    if metadata.len() > limit {
        return Err(BoundedReadError::TooLarge { size: metadata.len(), limit });
    }
    let file = std::fs::File::open(path).map_err(BoundedReadError::Open)?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(BoundedReadError::Read)?;
    if bytes.len() as u64 > limit {
        return Err(BoundedReadError::Grew { limit });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_within_the_limit_and_refuses_beyond_it() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"twelve bytes").expect("write");
        assert_eq!(read_bounded(&path, 12).expect("fits"), b"twelve bytes");
        assert!(matches!(read_bounded(&path, 11), Err(BoundedReadError::TooLarge { size: 12, limit: 11 })));
        assert!(matches!(read_bounded(dir.path(), 100), Err(BoundedReadError::NotAFile)));
        assert!(matches!(read_bounded(&dir.path().join("none"), 100), Err(BoundedReadError::Open(_))));
    }
}
