//! Tables made to refuse a kind of write, for tests that show what happens when a statement
//! fails inside a transaction (the audit entry of a management change, the second write of a
//! handler). A trigger raises an error, as a full disk or a lost privilege would; nothing in
//! the store is mocked.

use super::TestDb;
use crate::db::Backend;
use crate::error::StoreResult;

/// A write a table can be made to refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// `INSERT`.
    Insert,
    /// `UPDATE`.
    Update,
    /// `DELETE`.
    Delete,
}

impl Refused {
    fn sql(self) -> &'static str {
        match self {
            Refused::Insert => "INSERT",
            Refused::Update => "UPDATE",
            Refused::Delete => "DELETE",
        }
    }
}

/// The name of the refusing trigger of `table` (one per table and write).
fn trigger(table: &str, write: Refused) -> String {
    format!("refuse_{}_{table}", write.sql().to_ascii_lowercase())
}

impl TestDb {
    /// Makes every `write` of a row of `table` fail with an error until [`TestDb::allow`].
    /// `table` is a table name of the schema (not user input).
    pub async fn refuse(&self, table: &str, write: Refused) -> StoreResult<()> {
        let name = trigger(table, write);
        let op = write.sql();
        let sql = match Backend::from_url(&self.url)? {
            Backend::Sqlite => format!(
                "CREATE TRIGGER {name} BEFORE {op} ON {table} \
                 BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
            ),
            Backend::Postgres => format!(
                "CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$; \
                 CREATE TRIGGER {name} BEFORE {op} ON {table} \
                 FOR EACH ROW EXECUTE FUNCTION {name}();"
            ),
        };
        self.execute(&sql).await
    }

    /// Undoes [`TestDb::refuse`].
    pub async fn allow(&self, table: &str, write: Refused) -> StoreResult<()> {
        let name = trigger(table, write);
        let sql = match Backend::from_url(&self.url)? {
            Backend::Sqlite => format!("DROP TRIGGER {name};"),
            Backend::Postgres => format!("DROP TRIGGER {name} ON {table};"),
        };
        self.execute(&sql).await
    }
}
