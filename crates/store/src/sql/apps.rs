//! Applications.

use super::{bool_col, col, fetch_opt, json_col, to_json};
use crate::Store;
use crate::error::{StoreError, StoreResult};
use crate::repo::ApplicationRepo;
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

impl ApplicationRepo for Store {
    async fn get_app(&self, id: &str) -> StoreResult<Option<Application>> {
        let sql = format!("SELECT {COLUMNS} FROM applications WHERE id = $1");
        fetch_opt(sqlx::query(&sql).bind(id), &self.pool, decode).await
    }

    async fn default_app(&self, pool_id: &str) -> StoreResult<Option<Application>> {
        find_default(&self.pool, pool_id).await
    }

    async fn insert_app(&self, app: &Application) -> StoreResult<()> {
        insert(&self.pool, app).await
    }
}
