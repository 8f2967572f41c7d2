//! Opening the database: URL handling, SQLite file creation and pragmas, migrations.

use crate::error::{StoreError, StoreResult};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

/// The database behind the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite (embedded default).
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Backend {
    /// Which backend a URL names.
    pub fn from_url(url: &str) -> StoreResult<Self> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(redact(url)))
        }
    }
}

/// How a `SELECT` in a write transaction locks the rows it reads ([`Store::row_lock`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowLock {
    /// Exclusively: the rows are about to change.
    Update,
    /// Against changes only: other readers that lock the same way go on.
    Share,
}

/// Connection settings.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Database URL (`sqlite://path` or `postgres://…`).
    pub url: String,
    /// Pool size.
    pub max_connections: u32,
}

/// A sample of the connection pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// Open connections, in use or idle.
    pub size: u32,
    /// Idle connections.
    pub idle: usize,
    /// The pool's largest size.
    pub max: u32,
}

/// The durable store: a connection pool and the backend it talks to.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    backend: Backend,
}

static MIGRATIONS_SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static MIGRATIONS_POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Store {
    /// Connects, creating an SQLite database (and its folder) on first use, and applies the
    /// embedded migrations.
    pub async fn open(opts: &StoreOptions) -> StoreResult<Self> {
        let store = Self::connect(opts).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connects without migrating.
    async fn connect(opts: &StoreOptions) -> StoreResult<Self> {
        install_default_drivers();
        let backend = Backend::from_url(&opts.url)?;
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(&opts.url)?,
            Backend::Postgres => opts.url.clone(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(opts.max_connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(sqlx::raw_sql(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                        ))
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        Ok(Store { pool, backend })
    }

    fn migrator(&self) -> &'static sqlx::migrate::Migrator {
        match self.backend {
            Backend::Sqlite => &MIGRATIONS_SQLITE,
            Backend::Postgres => &MIGRATIONS_POSTGRES,
        }
    }

    async fn migrate(&self) -> StoreResult<()> {
        self.migrator().run(&self.pool).await?;
        Ok(())
    }

    /// Opens the database with the embedded migrations applied only up to `version` — the
    /// schema an older release left behind — for upgrade tests (feature `test-util`).
    #[cfg(feature = "test-util")]
    pub async fn open_at_version(opts: &StoreOptions, version: i64) -> StoreResult<Self> {
        let store = Self::connect(opts).await?;
        let all = store.migrator();
        let older = sqlx::migrate::Migrator {
            migrations: all
                .iter()
                .filter(|m| m.version <= version)
                .cloned()
                .collect::<Vec<_>>()
                .into(),
            ignore_missing: all.ignore_missing,
            locking: all.locking,
            no_tx: all.no_tx,
        };
        older.run(&store.pool).await?;
        Ok(store)
    }

    /// Runs a statement as is (feature `test-util`): upgrade tests write rows in an older
    /// schema with it.
    #[cfg(feature = "test-util")]
    pub async fn execute_raw(&self, sql: &str) -> StoreResult<()> {
        sqlx::raw_sql(sql).execute(&self.pool).await?;
        Ok(())
    }

    /// The suffix of a `SELECT` that locks the rows it reads until the transaction ends:
    /// `FOR UPDATE` / `FOR SHARE` on PostgreSQL; nothing on SQLite, where a write transaction
    /// ([`Store::begin_write`]) already holds the database's only write lock.
    pub(crate) fn row_lock(&self, lock: RowLock) -> &'static str {
        match (self.backend, lock) {
            (Backend::Sqlite, _) => "",
            (Backend::Postgres, RowLock::Update) => " FOR UPDATE",
            (Backend::Postgres, RowLock::Share) => " FOR SHARE",
        }
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Checks that the database answers (for `/readyz`).
    pub async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Writes a consistent copy of the SQLite database into `dest`, which must not exist or be
    /// empty, while other connections go on reading and writing (`VACUUM INTO` reads one
    /// snapshot). PostgreSQL has its own tools (`pg_dump`): refused with
    /// [`StoreError::Unsupported`].
    pub async fn vacuum_into(&self, dest: &std::path::Path) -> StoreResult<()> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::Unsupported(
                "VACUUM INTO is SQLite's; back PostgreSQL up with pg_dump",
            ));
        }
        let dest = dest.to_str().ok_or(StoreError::Unsupported(
            "the backup path is not valid UTF-8",
        ))?;
        sqlx::query("VACUUM INTO $1")
            .bind(dest.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Whether the database holds authgate's schema (its migrations table has rows), without
    /// migrating: tells an authgate backup from any other SQLite file.
    pub async fn has_authgate_schema(&self) -> StoreResult<bool> {
        let applied: Result<i64, sqlx::Error> =
            sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
                .fetch_one(&self.pool)
                .await;
        match applied {
            Ok(n) => Ok(n > 0),
            Err(sqlx::Error::Database(_)) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Connects without migrating (to inspect a file before adopting it).
    pub async fn open_unmigrated(opts: &StoreOptions) -> StoreResult<Self> {
        Self::connect(opts).await
    }

    /// The connection pool's current size and idle connections (for metrics).
    pub fn pool_stats(&self) -> PoolStats {
        PoolStats {
            size: self.pool.size(),
            idle: self.pool.num_idle(),
            max: self.pool.options().get_max_connections(),
        }
    }

    /// Closes every connection (graceful shutdown).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The path and query of an `sqlite:` URL.
fn sqlite_parts(url: &str) -> (&str, &str) {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    rest.split_once('?').unwrap_or((rest, ""))
}

/// The database file an `sqlite:` URL names; `None` for other URLs and in-memory databases.
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    if !url.starts_with("sqlite:") {
        return None;
    }
    let (path, _) = sqlite_parts(url);
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

/// Creates the folder of an SQLite file and asks the driver to create the file.
fn prepare_sqlite_url(url: &str) -> StoreResult<String> {
    let (path, query) = sqlite_parts(url);
    if path.is_empty() || path == ":memory:" {
        return Ok(url.to_string());
    }
    if let Some(dir) = std::path::Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: dir.display().to_string(),
            source,
        })?;
    }
    let query = if query.contains("mode=") {
        query.to_string()
    } else if query.is_empty() {
        "mode=rwc".to_string()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// A URL with any password replaced, for error messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}://{user}:***@{}", &url[..s], &url[at + 1..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_gain_create_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/x.db");
        let url = format!("sqlite://{}", path.display());
        let out = prepare_sqlite_url(&url).unwrap();
        assert!(out.ends_with("?mode=rwc"));
        assert!(path.parent().unwrap().is_dir());
        assert_eq!(
            prepare_sqlite_url("sqlite://a.db?mode=ro").unwrap(),
            "sqlite://a.db?mode=ro"
        );
    }

    #[test]
    fn sqlite_file_of_urls() {
        assert_eq!(
            sqlite_file("sqlite://./data/a.db?mode=rwc"),
            Some(std::path::PathBuf::from("./data/a.db"))
        );
        assert_eq!(
            sqlite_file("sqlite:///abs/a.db"),
            Some(std::path::PathBuf::from("/abs/a.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("sqlite://"), None);
        assert_eq!(sqlite_file("postgres://h/d"), None);
    }

    #[test]
    fn backend_and_redaction() {
        assert_eq!(Backend::from_url("sqlite://x").unwrap(), Backend::Sqlite);
        assert_eq!(
            Backend::from_url("postgres://u:p@h/d").unwrap(),
            Backend::Postgres
        );
        assert!(Backend::from_url("mysql://x").is_err());
        assert_eq!(redact("postgres://u:secret@h/d"), "postgres://u:***@h/d");
    }
}
