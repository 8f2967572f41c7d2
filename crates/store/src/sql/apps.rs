//! Applications.

use super::RunIn;
use super::args::Args;
use super::{bool_col, col, fetch_opt, fetch_page, json_col, like_pattern, to_json};
use crate::Store;
use crate::error::{StoreError, StoreResult};
use crate::repo::AppQuery;
use authgate_core::application::{AppType, Application};
use sqlx::any::AnyRow;

const COLUMNS: &str = "id, pool_id, name, identifier, description, logo, app_type, is_default, \
                       secret_sealed, settings, created_at, updated_at";

fn decode(row: &AnyRow) -> StoreResult<Application> {
    let app_type: String = col(row, "app_type")?;
    Ok(Application {
        id: col(row, "id")?,
        pool_id: col(row, "pool_id")?,
        name: col(row, "name")?,
        identifier: col(row, "identifier")?,
        description: col(row, "description")?,
        logo: col(row, "logo")?,
        app_type: serde_json::from_value::<AppType>(serde_json::Value::String(app_type))
            .map_err(|e| StoreError::Corrupt(format!("app_type: {e}")))?,
        is_default: bool_col(row, "is_default")?,
        secret_sealed: col(row, "secret_sealed")?,
        settings: json_col(row, "settings")?,
        created_at: col(row, "created_at")?,
        updated_at: col(row, "updated_at")?,
    })
}

fn app_type_text(t: AppType) -> StoreResult<String> {
    match serde_json::to_value(t) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        _ => Err(StoreError::Corrupt("app_type".into())),
    }
}

pub(super) async fn insert<'e, E>(exec: E, app: &Application) -> StoreResult<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "INSERT INTO applications ({COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    );
    sqlx::query(&sql)
        .bind(&app.id)
        .bind(&app.pool_id)
        .bind(&app.name)
        .bind(&app.identifier)
        .bind(&app.description)
        .bind(&app.logo)
        .bind(app_type_text(app.app_type)?)
        .bind(app.is_default)
        .bind(&app.secret_sealed)
        .bind(to_json(&app.settings)?)
        .bind(app.created_at)
        .bind(app.updated_at)
        .execute(exec)
        .await?;
    Ok(())
}

pub(super) async fn find_default<'e, E>(exec: E, pool_id: &str) -> StoreResult<Option<Application>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE pool_id = $1 AND is_default = $2");
    fetch_opt(sqlx::query(&sql).bind(pool_id).bind(true), exec, decode).await
}

/// Columns a keyword is looked for in.
const SEARCHED: &[&str] = &["name", "identifier", "id"];

/// The WHERE clause of an application search (without the keyword `WHERE`).
fn search_conditions(pool_id: &str, q: &AppQuery, args: &mut Args) -> String {
    let mut cond = format!("pool_id = {}", args.add(pool_id));
    if let Some(kw) = q
        .keyword
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        let pattern = args.add(like_pattern(kw));
        let ors: Vec<String> = SEARCHED
            .iter()
            .map(|c| format!("LOWER({c}) LIKE {pattern} ESCAPE '\\'"))
            .collect();
        cond.push_str(&format!(" AND ({})", ors.join(" OR ")));
    }
    cond
}

/// Applications.
impl Store {
    /// An application by id.
    pub async fn get_app(&self, id: &str) -> StoreResult<Option<Application>> {
        let sql = format!("SELECT {COLUMNS} FROM applications WHERE id = $1");
        fetch_opt(
            sqlx::query(&sql).bind(id),
            &mut *self.reader().await?,
            decode,
        )
        .await
    }

    /// The default application of a pool.
    pub async fn default_app(&self, pool_id: &str) -> StoreResult<Option<Application>> {
        find_default(&mut *self.reader().await?, pool_id).await
    }

    /// Stores a new application.
    pub async fn insert_app(&self, app: &Application) -> StoreResult<()> {
        let mut w = self.writer().await?;
        insert(&mut *w, app).await?;
        w.commit().await
    }

    /// A pool's applications, newest first: the total count and one page.
    pub async fn list_apps(
        &self,
        pool_id: &str,
        q: &AppQuery,
    ) -> StoreResult<(i64, Vec<Application>)> {
        fetch_page(
            &mut *self.reader().await?,
            "applications",
            COLUMNS,
            "created_at DESC, id DESC",
            q.limit,
            q.offset,
            |args| search_conditions(pool_id, q, args),
            decode,
        )
        .await
    }

    /// Overwrites a stored application (matched by pool and id) — everything but its id,
    /// pool, default flag, secret and creation time; false when it no longer exists.
    pub async fn update_app(&self, app: &Application) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE applications SET name = $1, identifier = $2, description = $3, logo = $4, \
             app_type = $5, settings = $6, updated_at = $7 WHERE id = $8 AND pool_id = $9",
        )
        .bind(&app.name)
        .bind(&app.identifier)
        .bind(&app.description)
        .bind(&app.logo)
        .bind(app_type_text(app.app_type)?)
        .bind(to_json(&app.settings)?)
        .bind(app.updated_at)
        .bind(&app.id)
        .bind(&app.pool_id)
        .run_in(self)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Replaces an application's sealed secret; false when it does not exist. Kept apart from
    /// [`crate::Store::update_app`] so a concurrent update cannot bring an old secret back.
    pub async fn set_app_secret(
        &self,
        pool_id: &str,
        id: &str,
        secret_sealed: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE applications SET secret_sealed = $1, updated_at = $2 \
             WHERE id = $3 AND pool_id = $4",
        )
        .bind(secret_sealed)
        .bind(now)
        .bind(id)
        .bind(pool_id)
        .run_in(self)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes an application of a pool; false when it did not exist.
    pub async fn delete_app(&self, pool_id: &str, id: &str) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM applications WHERE id = $1 AND pool_id = $2")
            .bind(id)
            .bind(pool_id)
            .run_in(self)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
