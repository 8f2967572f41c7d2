//! Throw-away databases for tests (feature `test-util`).
//!
//! SQLite: a file in a fresh temporary folder. PostgreSQL (when
//! `AUTHGATE_TEST_POSTGRES_URL` is set and [`TestDb::postgres`] is asked for): a fresh schema
//! in that database, selected through the connection's `search_path`, so tests run in
//! parallel without seeing each other's rows.

use crate::error::StoreResult;

mod held_write;
mod raw_sql;
mod refuse;
pub use held_write::HeldWrite;
pub use raw_sql::{SqlValue, execute};
pub use refuse::Refused;
use sqlx::Executor;
use sqlx::any::{AnyPoolOptions, install_default_drivers};

/// Environment variable naming the PostgreSQL server tests may use.
pub const POSTGRES_ENV: &str = "AUTHGATE_TEST_POSTGRES_URL";

/// A database that exists for one test.
#[derive(Debug)]
pub struct TestDb {
    /// URL to open it with.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// A new SQLite database in a temporary folder.
    pub fn sqlite() -> std::io::Result<Self> {
        let dir = tempfile::tempdir()?;
        let url = format!("sqlite://{}/authgate.db", dir.path().display());
        Ok(Self {
            url,
            _dir: Some(dir),
        })
    }

    /// A new schema in the PostgreSQL database of `AUTHGATE_TEST_POSTGRES_URL`, or `None` when
    /// the variable is not set.
    pub async fn postgres() -> StoreResult<Option<Self>> {
        let Ok(base) = std::env::var(POSTGRES_ENV) else {
            return Ok(None);
        };
        install_default_drivers();
        let schema = format!(
            "t_{}",
            authgate_core::ids::new_secret_hex(8).unwrap_or_default()
        );
        let admin = AnyPoolOptions::new()
            .max_connections(1)
            .connect(&base)
            .await?;
        admin
            .execute(format!("CREATE SCHEMA {schema}").as_str())
            .await?;
        admin.close().await;
        let sep = if base.contains('?') { '&' } else { '?' };
        Ok(Some(Self {
            url: format!("{base}{sep}options=-c%20search_path%3D{schema}"),
            _dir: None,
        }))
    }

    /// Runs SQL statements on the database over a connection of its own (tests that need
    /// rows no API writes).
    pub async fn execute(&self, sql: &str) -> StoreResult<()> {
        install_default_drivers();
        let pool = AnyPoolOptions::new()
            .max_connections(1)
            .connect(&self.url)
            .await?;
        pool.execute(sqlx::raw_sql(sql)).await?;
        pool.close().await;
        Ok(())
    }

    /// The database selected by `AUTHGATE_TEST_BACKEND` (`postgres` or `sqlite`, default
    /// sqlite). Asking for postgres without `AUTHGATE_TEST_POSTGRES_URL` is an error, so a
    /// misconfigured CI run fails instead of silently testing SQLite.
    pub async fn from_env() -> StoreResult<Self> {
        let backend = std::env::var("AUTHGATE_TEST_BACKEND").unwrap_or_default();
        if backend == "postgres" {
            return Self::postgres().await?.ok_or_else(|| {
                crate::StoreError::UnsupportedUrl(format!(
                    "AUTHGATE_TEST_BACKEND=postgres needs {POSTGRES_ENV}"
                ))
            });
        }
        Self::sqlite().map_err(|source| crate::StoreError::CreateDir {
            path: "temporary folder".into(),
            source,
        })
    }
}
