//! A write transaction held open on a connection of its own, for tests that show how the
//! store's transactions are ordered against a concurrent writer's.

use super::TestDb;
use crate::db::Backend;
use crate::error::StoreResult;
use sqlx::{AnyConnection, Connection, Executor, Row};

/// An open write transaction (see [`TestDb::hold_write`]); rolled back when dropped
/// uncommitted (the connection closes).
#[derive(Debug)]
pub struct HeldWrite {
    conn: AnyConnection,
    url: String,
    backend: Backend,
    pid: Option<i64>,
}

impl TestDb {
    /// Begins a write transaction on a new connection (`BEGIN IMMEDIATE` on SQLite, like the
    /// store's), runs `sql` in it and keeps it open until [`HeldWrite::commit`].
    pub async fn hold_write(&self, sql: &str) -> StoreResult<HeldWrite> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(&self.url)?;
        let mut conn = AnyConnection::connect(&self.url).await?;
        let pid = match backend {
            Backend::Postgres => {
                let row = conn
                    .fetch_one("SELECT pg_backend_pid()::BIGINT AS pid")
                    .await?;
                Some(row.try_get::<i64, _>("pid")?)
            }
            Backend::Sqlite => {
                conn.execute("PRAGMA busy_timeout = 5000").await?;
                None
            }
        };
        let begin = match backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        conn.execute(begin).await?;
        conn.execute(sqlx::raw_sql(sql)).await?;
        Ok(HeldWrite {
            conn,
            url: self.url.clone(),
            backend,
            pid,
        })
    }
}

impl HeldWrite {
    /// How many other connections wait for a lock this transaction holds: always `None` on
    /// SQLite, where a waiting writer cannot be observed (it waits in its busy handler).
    pub async fn waiters(&self) -> StoreResult<Option<i64>> {
        let Some(pid) = self.pid.filter(|_| self.backend == Backend::Postgres) else {
            return Ok(None);
        };
        let mut probe = AnyConnection::connect(&self.url).await?;
        let row = sqlx::query(
            "SELECT COUNT(*)::BIGINT AS n FROM pg_stat_activity \
             WHERE $1::INTEGER = ANY (pg_blocking_pids(pid))",
        )
        .bind(pid)
        .fetch_one(&mut probe)
        .await?;
        probe.close().await?;
        Ok(Some(row.try_get::<i64, _>("n")?))
    }

    /// Commits the transaction.
    pub async fn commit(mut self) -> StoreResult<()> {
        self.conn.execute("COMMIT").await?;
        self.conn.close().await?;
        Ok(())
    }
}
