//! Raw statements for tests that need rows no API of their branch writes (memberships,
//! role assignments, departments).

use crate::Store;
use crate::error::StoreResult;

/// A value bound by [`execute`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqlValue {
    /// Text.
    Text(String),
    /// Integer.
    Int(i64),
    /// `NULL` (bound as an integer column).
    Null,
}

impl From<&str> for SqlValue {
    fn from(v: &str) -> Self {
        SqlValue::Text(v.to_owned())
    }
}

impl From<i64> for SqlValue {
    fn from(v: i64) -> Self {
        SqlValue::Int(v)
    }
}

impl From<Option<i64>> for SqlValue {
    fn from(v: Option<i64>) -> Self {
        v.map_or(SqlValue::Null, SqlValue::Int)
    }
}

/// Runs one statement (`$n` placeholders) on the store's database; the rows affected.
pub async fn execute(store: &Store, sql: &str, values: &[SqlValue]) -> StoreResult<u64> {
    let mut q = sqlx::query(sql);
    for v in values {
        q = match v {
            SqlValue::Text(s) => q.bind(s.clone()),
            SqlValue::Int(i) => q.bind(*i),
            SqlValue::Null => q.bind(Option::<i64>::None),
        };
    }
    Ok(q.execute(&store.pool).await?.rows_affected())
}
