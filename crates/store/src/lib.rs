//! # authgate-store
//!
//! Durable state of authgate as inherent methods of [`Store`] (their records in [`repo`]),
//! written once over sqlx's `Any` driver for both SQLite (the embedded default) and PostgreSQL. SQL is written in
//! the dialect both understand (`$n` parameters, `ON CONFLICT`, partial indexes); the two
//! migration trees under `migrations/` are kept in step and embedded in the binary.

pub mod db;
pub mod ephemeral;
pub mod error;
pub mod repo;
mod scope;
mod sql;
#[cfg(feature = "test-util")]
pub mod testing;

pub use db::{Backend, PoolStats, Store, StoreOptions};
pub use ephemeral::Ephemeral;
pub use error::{StoreError, StoreResult};
pub use repo::*;
pub use scope::WriteScope;
