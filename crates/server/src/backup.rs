//! `authgate backup` and `authgate restore` for the embedded SQLite database.
//!
//! A backup is one SQLite file written with `VACUUM INTO`: a consistent snapshot taken while
//! the server keeps running. It does **not** hold the master key — the key that encrypts the
//! stored secrets (access-key and application secrets, signing keys) lives apart from the
//! database (`data_dir/master.key` or the `master_key` setting) and must be backed up
//! separately; a backup without its master key cannot be used. `restore` therefore refuses to
//! install a backup the configured key cannot open.
//!
//! PostgreSQL deployments use `pg_dump` / `pg_restore` (docs/deployment.md, "Backups").

use crate::config::ServerConfig;
use crate::keys::{self, KeyError};
use crate::master_key::{self, MasterKeyError};
use authgate_store::db::sqlite_file;
use authgate_store::{Backend, Store, StoreError, StoreOptions};
use std::path::{Path, PathBuf};

/// Why a backup or restore did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The database is PostgreSQL: its own tools do this.
    #[error(
        "the database is PostgreSQL: authgate {0} handles SQLite only; use {1} \
         (see docs/deployment.md, \"Backups\")"
    )]
    Postgres(&'static str, &'static str),
    /// The database URL names no file (in-memory or not SQLite).
    #[error("database_url names no SQLite file to {0}")]
    NoFile(&'static str),
    /// There is no database to back up.
    #[error("there is no database at {0} (check database_url / --database-url)")]
    NoDatabase(PathBuf),
    /// The backup file to write exists already.
    #[error("{0} exists already: remove it or choose another file name")]
    BackupExists(PathBuf),
    /// The database to restore into exists already.
    #[error(
        "a database exists at {0}: restore refuses to overwrite it; stop the server, then \
         run restore again with --force to replace it"
    )]
    DatabaseExists(PathBuf),
    /// The file to restore is not an authgate backup.
    #[error("{0} is not an authgate database backup")]
    NotABackup(PathBuf),
    /// No master key to restore with.
    #[error(
        "no master key at {0}: a backup cannot be used without the master key of the \
         database it was taken from — copy that master.key there (mode 0600) or set \
         AUTHGATE_MASTER_KEY, then run restore again"
    )]
    NoMasterKey(String),
    /// The configured master key does not open the backup.
    #[error(
        "the master key ({0}) does not match this backup: it was taken from a database \
         made with another key; nothing was restored"
    )]
    WrongMasterKey(String),
    /// The master key could not be read.
    #[error(transparent)]
    MasterKey(#[from] MasterKeyError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file could not be read, written or moved.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What a finished backup reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupDone {
    /// The backup file.
    pub file: PathBuf,
    /// Where the master key the backup needs is (see [`master_key::source`]).
    pub master_key: String,
}

/// What a finished restore reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreDone {
    /// The database file now in place.
    pub database: PathBuf,
    /// Where the master key that opened it is.
    pub master_key: String,
}

/// The SQLite file of the configured database, or why there is none.
fn database_file(
    config: &ServerConfig,
    action: &'static str,
    postgres_tool: &'static str,
) -> Result<PathBuf, BackupError> {
    let url = config.database_url();
    match Backend::from_url(&url)? {
        Backend::Postgres => Err(BackupError::Postgres(action, postgres_tool)),
        Backend::Sqlite => sqlite_file(&url).ok_or(BackupError::NoFile(action)),
    }
}

fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

async fn open_file(path: &Path, migrate: bool) -> Result<Store, StoreError> {
    let opts = StoreOptions {
        url: sqlite_url(path),
        max_connections: 1,
    };
    if migrate {
        Store::open(&opts).await
    } else {
        Store::open_unmigrated(&opts).await
    }
}

/// A file beside `target` that does not exist yet, created empty with mode 0600 (backups
/// hold password hashes and sealed secrets).
fn new_private_file(target: &Path) -> Result<PathBuf, BackupError> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(io_error(&dir))?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "authgate".into());
    let suffix = authgate_core::ids::new_secret_hex(6).map_err(|e| BackupError::Io {
        path: target.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })?;
    let path = dir.join(format!(".{name}.{suffix}.partial"));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(&path).map_err(io_error(&path))?;
    Ok(path)
}

/// Removes a partial file on the way out of a failed operation.
struct Partial(Option<PathBuf>);

impl Partial {
    fn path(&self) -> &Path {
        self.0.as_deref().unwrap_or(Path::new(""))
    }

    /// Moves the finished file to `target` (atomically: same folder).
    fn finish(mut self, target: &Path) -> Result<(), BackupError> {
        let Some(path) = self.0.take() else {
            return Ok(());
        };
        std::fs::rename(&path, target).map_err(|source| {
            let _ = std::fs::remove_file(&path);
            BackupError::Io {
                path: target.to_path_buf(),
                source,
            }
        })
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            for extra in ["", "-wal", "-shm", "-journal"] {
                let mut p = path.clone().into_os_string();
                p.push(extra);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
        }
    }
}

/// Writes a consistent copy of the configured SQLite database to `dest` (mode 0600) while the
/// server may be running. `dest` must not exist.
pub async fn backup(config: &ServerConfig, dest: &Path) -> Result<BackupDone, BackupError> {
    let db = database_file(config, "backup", "pg_dump")?;
    if !db.is_file() {
        return Err(BackupError::NoDatabase(db));
    }
    if std::fs::symlink_metadata(dest).is_ok() {
        return Err(BackupError::BackupExists(dest.to_path_buf()));
    }
    let partial = Partial(Some(new_private_file(dest)?));
    // Migrated like every start, so the backup has the schema of this release.
    let store = open_file(&db, true).await?;
    let written = store.vacuum_into(partial.path()).await;
    store.close().await;
    written?;
    sync(partial.path())?;
    if std::fs::symlink_metadata(dest).is_ok() {
        return Err(BackupError::BackupExists(dest.to_path_buf()));
    }
    partial.finish(dest)?;
    Ok(BackupDone {
        file: dest.to_path_buf(),
        master_key: master_key::source(config.master_key.is_some(), &config.data_dir),
    })
}

fn sync(path: &Path) -> Result<(), BackupError> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(io_error(path))
}

/// Whether an SQLite database (or what is left of one) is at `db`.
fn database_present(db: &Path) -> bool {
    ["", "-wal"].iter().any(|extra| {
        let mut p = db.to_path_buf().into_os_string();
        p.push(extra);
        std::fs::symlink_metadata(PathBuf::from(p)).is_ok()
    })
}

/// Installs the backup `src` as the configured SQLite database, after checking that it is an
/// authgate database and that the configured master key opens it (the key is never
/// generated here). An existing database is replaced only with `force` — stop the server
/// first.
pub async fn restore(
    config: &ServerConfig,
    src: &Path,
    force: bool,
) -> Result<RestoreDone, BackupError> {
    let db = database_file(config, "restore", "pg_restore")?;
    if !src.is_file() {
        return Err(BackupError::Io {
            path: src.to_path_buf(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        });
    }
    if database_present(&db) && !force {
        return Err(BackupError::DatabaseExists(db));
    }
    let key_source = master_key::source(config.master_key.is_some(), &config.data_dir);
    let master = master_key::load_existing(config.master_key.as_deref(), &config.data_dir)?
        .ok_or_else(|| BackupError::NoMasterKey(key_source.clone()))?;

    // Work on a copy beside the target, so the original backup is never modified and the
    // target changes in one rename.
    let partial = Partial(Some(new_private_file(&db)?));
    std::fs::copy(src, partial.path()).map_err(io_error(src))?;
    check_copy(partial.path(), &master)
        .await
        .map_err(|e| match e {
            CopyFault::NotABackup => BackupError::NotABackup(src.to_path_buf()),
            CopyFault::WrongMasterKey => BackupError::WrongMasterKey(key_source.clone()),
            CopyFault::Store(e) => BackupError::Store(e),
        })?;
    sync(partial.path())?;
    for extra in ["-wal", "-shm", "-journal"] {
        let mut p = db.clone().into_os_string();
        p.push(extra);
        let p = PathBuf::from(p);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&p)(e)),
        }
    }
    partial.finish(&db)?;
    Ok(RestoreDone {
        database: db,
        master_key: key_source,
    })
}

/// Why a copied backup cannot be installed.
enum CopyFault {
    NotABackup,
    WrongMasterKey,
    Store(StoreError),
}

impl From<StoreError> for CopyFault {
    fn from(e: StoreError) -> Self {
        match e {
            // Not SQLite, or SQLite without authgate's tables.
            StoreError::Database(_) => CopyFault::NotABackup,
            other => CopyFault::Store(other),
        }
    }
}

/// Checks that `copy` is an authgate database whose secrets `master` opens, then migrates it
/// to this release's schema (a backup from a newer release is refused here, not at the next
/// start).
async fn check_copy(
    copy: &Path,
    master: &authgate_core::secret_box::MasterKey,
) -> Result<(), CopyFault> {
    let store = open_file(copy, false).await?;
    let checked = async {
        if !store.has_authgate_schema().await? {
            return Err(CopyFault::NotABackup);
        }
        keys::check_master_key(&store, master)
            .await
            .map_err(|e| match e {
                KeyError::WrongMasterKey(_) => CopyFault::WrongMasterKey,
                KeyError::Store(s) => s.into(),
                KeyError::Invalid(_) => CopyFault::NotABackup,
            })
    }
    .await;
    store.close().await;
    checked?;
    let store = open_file(copy, true).await?;
    store.close().await;
    Ok(())
}
