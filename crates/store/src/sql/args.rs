//! Positional arguments for SQL built at run time. Placeholders are `$1, $2, …`, which both
//! PostgreSQL and sqlx's SQLite driver understand (sqlx's `QueryBuilder` over `Any` would
//! emit `?`, which PostgreSQL refuses).

use sqlx::Any;
use sqlx::any::AnyArguments;
use sqlx::query::Query;

/// One bound value.
pub(crate) enum Value {
    Text(Option<String>),
    Int(Option<i64>),
    Bool(bool),
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(Some(v))
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(Some(v.to_string()))
    }
}
impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        Value::Text(v)
    }
}
impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Self {
        Value::Text(v.map(str::to_string))
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(Some(v))
    }
}
impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Self {
        Value::Int(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}

/// Values collected while the SQL text is assembled.
#[derive(Default)]
pub(crate) struct Args(Vec<Value>);

impl Args {
    /// `($a, $b, …)` binding every item, for `IN`; `(NULL)` (matches nothing) when empty.
    pub(crate) fn in_list(&mut self, items: &[String]) -> String {
        if items.is_empty() {
            return "(NULL)".into();
        }
        let placeholders: Vec<String> = items.iter().map(|i| self.add(i.as_str())).collect();
        format!("({})", placeholders.join(", "))
    }

    /// Adds a value and returns its placeholder.
    pub(crate) fn add(&mut self, v: impl Into<Value>) -> String {
        self.0.push(v.into());
        format!("${}", self.0.len())
    }

    /// A query over `sql` with every value bound in order.
    pub(crate) fn bind(self, sql: &str) -> Query<'_, Any, AnyArguments<'_>> {
        let mut q = sqlx::query(sql);
        for v in self.0 {
            q = match v {
                Value::Text(s) => q.bind(s),
                Value::Int(i) => q.bind(i),
                Value::Bool(b) => q.bind(b),
            };
        }
        q
    }
}
