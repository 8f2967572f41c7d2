//! Write scopes: one transaction around everything a piece of work (a management request)
//! writes, so that a record of the change (the admin audit entry) commits with it or not at all.
//!
//! A [`WriteScope`] is entered with [`WriteScope::run`]; while the future runs, every store call
//! made from its task takes its connection from the scope (a task-local) instead of the pool:
//!
//! - the scope's transaction is begun lazily, by the first write (`BEGIN IMMEDIATE` on SQLite,
//!   so that a read-then-write inside it cannot fail on a stale snapshot): work done before it —
//!   reads, password hashing — holds no write lock;
//! - a write is a savepoint inside it (a method's own [`Store::begin_write`] included), so a
//!   store call that fails or returns early undoes only its own statements, as it did when it was
//!   a transaction of its own, and PostgreSQL's "transaction aborted" state does not leak into
//!   the next call;
//! - once the transaction is begun, reads run in it too, so the work sees its own writes;
//! - [`WriteScope::commit`] commits it; dropping the scope, or [`WriteScope::rollback`], rolls
//!   everything back.
//!
//! Work must stay in the task that entered the scope: a spawned task does not see it and would
//! wait for SQLite's single write lock that the scope holds. A scope entered inside another
//! joins the outer one (its commit and rollback are the outer scope's to do).
//!
//! Store methods take their connection through [`Store::reader`] (reads), [`Store::writer`]
//! (one statement; autocommit outside a scope) and [`Store::begin_write`] (several statements).

use crate::db::{Backend, Store};
use crate::error::{StoreError, StoreResult};
use sqlx::AnyConnection;
use sqlx::any::AnyQueryResult;
use sqlx::pool::PoolConnection;
use sqlx::{Any, Database, TransactionManager};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use tokio::sync::{Mutex, OwnedMappedMutexGuard, OwnedMutexGuard};

type Txm = <Any as Database>::TransactionManager;

/// The state a scope shares with the store calls made inside it.
#[derive(Debug, Default)]
pub struct ScopeSlot {
    /// The scope's transaction, once the first write began it.
    tx: Option<sqlx::Transaction<'static, Any>>,
}

type Slot = Arc<Mutex<ScopeSlot>>;

tokio::task_local! {
    static SCOPE: Slot;
}

/// The active scope of the current task, if any.
fn current() -> Option<Slot> {
    SCOPE.try_with(Arc::clone).ok()
}

/// One transaction around a piece of work (see the module documentation).
#[must_use = "a scope that is neither committed nor rolled back rolls back when dropped"]
#[derive(Debug)]
pub struct WriteScope {
    slot: Slot,
    /// Entered inside another scope: the outer one commits.
    joined: bool,
}

impl Store {
    /// A new write scope, or the current task's scope when one is active.
    pub fn write_scope(&self) -> WriteScope {
        match current() {
            Some(slot) => WriteScope { slot, joined: true },
            None => WriteScope {
                slot: Slot::default(),
                joined: false,
            },
        }
    }

    /// Begins a transaction on a pool connection. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads first and then tries to write
    /// fails with `SQLITE_BUSY` when another writer got there in between, whatever the busy
    /// timeout; waiting for the lock up front lets the busy timeout do its work.
    async fn begin_on_pool(&self) -> StoreResult<sqlx::Transaction<'static, Any>> {
        let statement = match self.backend() {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        Ok(self.pool.begin_with(statement).await?)
    }

    /// The connection of the current scope's transaction, begun now if it was not yet.
    async fn scope_tx(
        &self,
        slot: Slot,
    ) -> StoreResult<OwnedMappedMutexGuard<ScopeSlot, AnyConnection>> {
        let mut guard = slot.lock_owned().await;
        if guard.tx.is_none() {
            guard.tx = Some(self.begin_on_pool().await?);
        }
        OwnedMutexGuard::try_map(guard, |s| s.tx.as_deref_mut())
            .map_err(|_| StoreError::Corrupt("write scope without its transaction".into()))
    }

    /// A connection to read with: the scope's transaction once it has begun (the work sees its
    /// own writes), a pool connection otherwise.
    pub(crate) async fn reader(&self) -> StoreResult<Conn> {
        if let Some(slot) = current() {
            let guard = slot.lock_owned().await;
            if let Ok(conn) = OwnedMutexGuard::try_map(guard, |s| s.tx.as_deref_mut()) {
                return Ok(Conn::Scoped(conn));
            }
        }
        Ok(Conn::Pool(self.pool.acquire().await?))
    }

    /// Starts a write of several statements: a transaction of its own outside a scope, a
    /// savepoint in the scope's transaction inside one. Dropped without [`WriteTx::commit`], it
    /// rolls back.
    pub(crate) async fn begin_write(&self) -> StoreResult<WriteTx> {
        match current() {
            Some(slot) => self.savepoint(slot).await,
            None => Ok(WriteTx::Own(self.begin_on_pool().await?)),
        }
    }

    /// Starts a write of one statement: a pool connection in autocommit mode outside a scope
    /// (no transaction to pay for), a savepoint inside one. Commit it like [`Self::begin_write`].
    pub(crate) async fn writer(&self) -> StoreResult<WriteTx> {
        match current() {
            Some(slot) => self.savepoint(slot).await,
            None => Ok(WriteTx::Autocommit(self.pool.acquire().await?)),
        }
    }

    async fn savepoint(&self, slot: Slot) -> StoreResult<WriteTx> {
        let mut conn = self.scope_tx(slot).await?;
        Txm::begin(&mut conn, None).await?;
        Ok(WriteTx::Savepoint(Savepoint { conn, open: true }))
    }

    /// Runs one writing statement ([`Self::writer`]).
    pub(crate) async fn execute<'q>(
        &self,
        query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    ) -> StoreResult<AnyQueryResult> {
        let mut w = self.writer().await?;
        let done = query.execute(&mut *w).await?;
        w.commit().await?;
        Ok(done)
    }
}

impl WriteScope {
    /// Runs `work` inside the scope: the store calls it makes use the scope's transaction.
    pub async fn run<F: Future>(&self, work: F) -> F::Output {
        if self.joined {
            work.await
        } else {
            SCOPE.scope(Arc::clone(&self.slot), work).await
        }
    }

    /// Whether anything was written (the transaction began).
    pub async fn has_begun(&self) -> bool {
        self.slot.lock().await.tx.is_some()
    }

    /// Commits everything written in the scope.
    pub async fn commit(self) -> StoreResult<()> {
        if self.joined {
            return Ok(());
        }
        let tx = self.slot.lock().await.tx.take();
        if let Some(tx) = tx {
            tx.commit().await?;
        }
        Ok(())
    }

    /// Undoes everything written in the scope; inside another scope, nothing (the outer scope
    /// decides, and a failure reaching it makes it roll back).
    pub async fn rollback(self) -> StoreResult<()> {
        if self.joined {
            return Ok(());
        }
        let tx = self.slot.lock().await.tx.take();
        if let Some(tx) = tx {
            tx.rollback().await?;
        }
        Ok(())
    }
}

/// A connection to read with ([`Store::reader`]).
#[derive(Debug)]
pub(crate) enum Conn {
    /// From the pool.
    Pool(PoolConnection<Any>),
    /// The scope's transaction (locked while this lives).
    Scoped(OwnedMappedMutexGuard<ScopeSlot, AnyConnection>),
}

impl Deref for Conn {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        match self {
            Conn::Pool(c) => c,
            Conn::Scoped(c) => c,
        }
    }
}

impl DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match self {
            Conn::Pool(c) => c,
            Conn::Scoped(c) => c,
        }
    }
}

/// A savepoint in a scope's transaction; rolled back when dropped open.
#[derive(Debug)]
pub(crate) struct Savepoint {
    conn: OwnedMappedMutexGuard<ScopeSlot, AnyConnection>,
    open: bool,
}

impl Drop for Savepoint {
    fn drop(&mut self) {
        if self.open {
            // Queued on the connection and sent before its next statement, as sqlx does for
            // a dropped transaction.
            Txm::start_rollback(&mut self.conn);
        }
    }
}

/// A write in progress ([`Store::begin_write`], [`Store::writer`]): usable as a connection;
/// nothing it did stays unless [`WriteTx::commit`] is called (in autocommit mode, each
/// statement stays as it runs).
#[derive(Debug)]
pub(crate) enum WriteTx {
    /// A transaction of its own.
    Own(sqlx::Transaction<'static, Any>),
    /// A pool connection in autocommit mode.
    Autocommit(PoolConnection<Any>),
    /// A savepoint in the scope's transaction.
    Savepoint(Savepoint),
}

impl WriteTx {
    /// Keeps what was written: commits the transaction or releases the savepoint.
    pub(crate) async fn commit(self) -> StoreResult<()> {
        match self {
            WriteTx::Own(tx) => tx.commit().await?,
            WriteTx::Autocommit(_) => {}
            WriteTx::Savepoint(mut sp) => {
                Txm::commit(&mut sp.conn).await?;
                sp.open = false;
            }
        }
        Ok(())
    }
}

impl Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        match self {
            WriteTx::Own(tx) => tx,
            WriteTx::Autocommit(c) => c,
            WriteTx::Savepoint(sp) => &sp.conn,
        }
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match self {
            WriteTx::Own(tx) => tx,
            WriteTx::Autocommit(c) => c,
            WriteTx::Savepoint(sp) => &mut sp.conn,
        }
    }
}

/// `query.run_in(store)`: runs one writing statement through [`Store::writer`] — the spelling
/// of `query.execute(pool)` that respects an active scope.
pub(crate) trait RunIn {
    /// Runs the statement.
    async fn run_in(self, store: &Store) -> StoreResult<AnyQueryResult>;
}

impl<'q> RunIn for sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    async fn run_in(self, store: &Store) -> StoreResult<AnyQueryResult> {
        store.execute(self).await
    }
}
