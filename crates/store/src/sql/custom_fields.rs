//! Custom field definitions.

use super::{bool_col, col, json_col, to_json};
use crate::Store;
use crate::error::StoreResult;
use crate::repo::CustomField;
use sqlx::any::AnyRow;

const COLUMNS: &str = "pool_id, target_type, field_key, data_type, label, description, \
    encrypted, is_unique, user_editable, visible_in_admin_console, visible_in_user_center, \
    options, created_at, updated_at";

fn decode(row: &AnyRow) -> StoreResult<CustomField> {
    Ok(CustomField {
        pool_id: col(row, "pool_id")?,
        target_type: col(row, "target_type")?,
        key: col(row, "field_key")?,
        data_type: col(row, "data_type")?,
        label: col(row, "label")?,
        description: col(row, "description")?,
        encrypted: bool_col(row, "encrypted")?,
        is_unique: bool_col(row, "is_unique")?,
        user_editable: bool_col(row, "user_editable")?,
        visible_in_admin_console: bool_col(row, "visible_in_admin_console")?,
        visible_in_user_center: bool_col(row, "visible_in_user_center")?,
        options: json_col(row, "options")?,
        created_at: col(row, "created_at")?,
        updated_at: col(row, "updated_at")?,
    })
}

/// Custom field definitions.
impl Store {
    /// The pool's fields of one target type, oldest first.
    pub async fn custom_fields(
        &self,
        pool_id: &str,
        target_type: &str,
    ) -> StoreResult<Vec<CustomField>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM custom_fields WHERE pool_id = $1 AND target_type = $2 \
             ORDER BY created_at ASC, field_key ASC"
        );
        let rows = sqlx::query(&sql)
            .bind(pool_id)
            .bind(target_type)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        rows.iter().map(decode).collect()
    }

    /// Creates or replaces fields (by pool, target type and key; creation time kept), in one
    /// transaction.
    pub async fn put_custom_fields(&self, fields: &[CustomField]) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "INSERT INTO custom_fields ({COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
             ON CONFLICT (pool_id, target_type, field_key) DO UPDATE SET \
             data_type = excluded.data_type, label = excluded.label, \
             description = excluded.description, encrypted = excluded.encrypted, \
             is_unique = excluded.is_unique, user_editable = excluded.user_editable, \
             visible_in_admin_console = excluded.visible_in_admin_console, \
             visible_in_user_center = excluded.visible_in_user_center, \
             options = excluded.options, updated_at = excluded.updated_at"
        );
        for f in fields {
            sqlx::query(&sql)
                .bind(f.pool_id.as_str())
                .bind(f.target_type.as_str())
                .bind(f.key.as_str())
                .bind(f.data_type.as_str())
                .bind(f.label.as_str())
                .bind(f.description.as_deref())
                .bind(f.encrypted)
                .bind(f.is_unique)
                .bind(f.user_editable)
                .bind(f.visible_in_admin_console)
                .bind(f.visible_in_user_center)
                .bind(to_json(&f.options)?)
                .bind(f.created_at)
                .bind(f.updated_at)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes fields named `(target type, key)`; returns how many existed. Stored values
    /// stay in the targets' custom data.
    pub async fn delete_custom_fields(
        &self,
        pool_id: &str,
        keys: &[(String, String)],
    ) -> StoreResult<u64> {
        let mut tx = self.begin_write().await?;
        let mut n = 0;
        for (target_type, key) in keys {
            let done = sqlx::query(
                "DELETE FROM custom_fields WHERE pool_id = $1 AND target_type = $2 AND field_key = $3",
            )
            .bind(pool_id)
            .bind(target_type.as_str())
            .bind(key.as_str())
            .execute(&mut *tx)
            .await?;
            n += done.rows_affected();
        }
        tx.commit().await?;
        Ok(n)
    }
}
