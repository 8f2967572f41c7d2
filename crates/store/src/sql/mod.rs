//! The store's methods (`impl Store`), one SQL implementation for SQLite and PostgreSQL.

mod access_keys;
mod apps;
mod args;
mod audit;
mod bootstrap;
mod consents;
mod custom_fields;
mod departments;
mod groups;
mod permissions;
mod pools;
mod roles;
mod sessions;
mod signing_keys;
mod sso_sessions;
mod user_filter;
mod users;

use crate::error::StoreError;
pub(crate) use crate::scope::{RunIn, WriteTx};
use sqlx::Row;
use sqlx::any::AnyRow;

/// Runs a query expected to return at most one row and decodes it.
pub(crate) async fn fetch_opt<'q, 'c, E, T>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    exec: E,
    decode: fn(&AnyRow) -> Result<T, StoreError>,
) -> Result<Option<T>, StoreError>
where
    E: 'q + sqlx::Executor<'c, Database = sqlx::Any>,
    'c: 'q,
{
    query
        .fetch_optional(exec)
        .await?
        .as_ref()
        .map(decode)
        .transpose()
}

/// A search page: the number of rows matching the conditions and one decoded page of them.
/// `conditions` writes the WHERE clause (it is called once per query, each with fresh args).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn fetch_page<T>(
    conn: &mut sqlx::AnyConnection,
    table: &str,
    columns: &str,
    order_by: &str,
    limit: i64,
    offset: i64,
    conditions: impl Fn(&mut args::Args) -> String,
    decode: fn(&AnyRow) -> Result<T, StoreError>,
) -> Result<(i64, Vec<T>), StoreError> {
    let mut count_args = args::Args::default();
    let cond = conditions(&mut count_args);
    let count_sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE {cond}");
    let total: i64 = col(
        &count_args.bind(&count_sql).fetch_one(&mut *conn).await?,
        "n",
    )?;

    let mut page_args = args::Args::default();
    let cond = conditions(&mut page_args);
    let limit = page_args.add(limit);
    let offset = page_args.add(offset);
    let sql = format!(
        "SELECT {columns} FROM {table} WHERE {cond} ORDER BY {order_by} \
         LIMIT {limit} OFFSET {offset}"
    );
    let rows = page_args.bind(&sql).fetch_all(&mut *conn).await?;
    let list = rows.iter().map(decode).collect::<Result<Vec<_>, _>>()?;
    Ok((total, list))
}

/// Reads a column, reporting a decoding failure as corrupt data.
pub(crate) fn col<'r, T>(row: &'r AnyRow, name: &str) -> Result<T, StoreError>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get(name)
        .map_err(|e| StoreError::Corrupt(format!("column {name}: {e}")))
}

/// Reads a boolean column: PostgreSQL `BOOLEAN`, or SQLite `INTEGER` 0/1 (sqlx's `Any` driver
/// cannot decode SQLite's declared `BOOLEAN`, so the SQLite schema stores integers).
pub(crate) fn bool_col(row: &AnyRow, name: &str) -> Result<bool, StoreError> {
    match row.try_get::<bool, _>(name) {
        Ok(b) => Ok(b),
        Err(_) => col::<i64>(row, name).map(|v| v != 0),
    }
}

/// Parses a JSON column.
pub(crate) fn json_col<T: serde::de::DeserializeOwned>(
    row: &AnyRow,
    name: &str,
) -> Result<T, StoreError> {
    let text: String = col(row, name)?;
    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("column {name}: {e}")))
}

/// Serializes a value for a JSON column.
pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// A `LIKE … ESCAPE '\'` pattern matching `keyword` anywhere in a lower-cased column:
/// lower-cases it and escapes `%`, `_` and `\`.
pub(crate) fn like_pattern(keyword: &str) -> String {
    let mut out = String::with_capacity(keyword.len() + 2);
    out.push('%');
    for c in keyword.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("A_b%"), "%a\\_b\\%%");
    }
}
