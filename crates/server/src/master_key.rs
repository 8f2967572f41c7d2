//! The master key: from configuration, or generated into the data folder on first run.

use authgate_core::secret_box::MasterKey;
use std::io::Write;
use std::path::Path;

/// Why the master key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum MasterKeyError {
    /// The configured or stored key is not 32 bytes of base64.
    #[error("the master key in {0} is not 32 bytes of base64")]
    Invalid(String),
    /// The key file could not be read or written.
    #[error("cannot use the master key file {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// No random bytes.
    #[error("cannot generate a master key: {0}")]
    Generate(String),
}

/// File name of the generated key inside the data folder.
pub const FILE_NAME: &str = "master.key";

/// Where the key is read from, for messages (never the key itself): the `master_key` setting
/// when configured, else `data_dir/master.key`.
pub fn source(configured: bool, data_dir: &Path) -> String {
    if configured {
        "the master_key setting (AUTHGATE_MASTER_KEY)".into()
    } else {
        data_dir.join(FILE_NAME).display().to_string()
    }
}

/// Loads the key from `configured` (base64) or `data_dir/master.key`; `None` when neither
/// exists (nothing is generated: restoring a backup needs the key it was made with).
pub fn load_existing(
    configured: Option<&str>,
    data_dir: &Path,
) -> Result<Option<MasterKey>, MasterKeyError> {
    if let Some(text) = configured {
        return MasterKey::from_base64(text)
            .map(Some)
            .map_err(|_| MasterKeyError::Invalid("AUTHGATE_MASTER_KEY / master_key".into()));
    }
    let path = data_dir.join(FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => MasterKey::from_base64(&text)
            .map(Some)
            .map_err(|_| MasterKeyError::Invalid(path.display().to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(MasterKeyError::Io {
            path: path.display().to_string(),
            source,
        }),
    }
}

/// Loads the key from `configured` (base64) or `data_dir/master.key`, generating the file
/// (mode 0600) when neither exists.
pub fn load_or_create(
    configured: Option<&str>,
    data_dir: &Path,
) -> Result<MasterKey, MasterKeyError> {
    if let Some(key) = load_existing(configured, data_dir)? {
        return Ok(key);
    }
    let path = data_dir.join(FILE_NAME);
    let io = |source| MasterKeyError::Io {
        path: path.display().to_string(),
        source,
    };
    std::fs::create_dir_all(data_dir).map_err(io)?;
    let (key, text) = MasterKey::generate().map_err(|e| MasterKeyError::Generate(e.to_string()))?;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    match opts.open(&path) {
        Ok(mut f) => {
            f.write_all(text.as_bytes()).map_err(io)?;
            f.sync_all().map_err(io)?;
            Ok(key)
        }
        // Another process created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let text = std::fs::read_to_string(&path).map_err(io)?;
            MasterKey::from_base64(&text)
                .map_err(|_| MasterKeyError::Invalid(path.display().to_string()))
        }
        Err(e) => Err(io(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_once_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let k1 = load_or_create(None, dir.path()).unwrap();
        let sealed = k1.seal_str("c", "x").unwrap();
        let k2 = load_or_create(None, dir.path()).unwrap();
        assert_eq!(k2.open_str("c", &sealed).unwrap(), "x");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(FILE_NAME))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn bad_configured_key_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load_or_create(Some("short"), dir.path()).is_err());
        std::fs::write(dir.path().join(FILE_NAME), "garbage").unwrap();
        assert!(load_or_create(None, dir.path()).is_err());
    }
}
