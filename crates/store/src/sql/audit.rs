//! The admin audit log (append-only) and the user action log (rows of `login_history`).

use super::RunIn;
use super::args::Args;
use super::{bool_col, col, fetch_page};
use crate::Store;
use crate::error::StoreResult;
use crate::repo::{AuditEntry, AuditQuery, UserAction, UserActionQuery};
use sqlx::any::AnyRow;

const AUDIT_COLUMNS: &str = "id, pool_id, actor_key_id, operation, operation_type, \
    resource_type, target, params, origin_value, target_value, success, ip, user_agent, \
    request_id, created_at";

fn decode_audit(row: &AnyRow) -> StoreResult<AuditEntry> {
    Ok(AuditEntry {
        id: col(row, "id")?,
        pool_id: col(row, "pool_id")?,
        actor_key_id: col(row, "actor_key_id")?,
        operation: col(row, "operation")?,
        operation_type: col(row, "operation_type")?,
        resource_type: col(row, "resource_type")?,
        target: col(row, "target")?,
        params: col(row, "params")?,
        origin_value: col(row, "origin_value")?,
        target_value: col(row, "target_value")?,
        success: bool_col(row, "success")?,
        ip: col(row, "ip")?,
        user_agent: col(row, "user_agent")?,
        request_id: col(row, "request_id")?,
        created_at: col(row, "created_at")?,
    })
}

/// Appends `column = value` for each filter that is set.
fn equal_filters(args: &mut Args, cond: &mut String, filters: &[(&str, &Option<String>)]) {
    for (column, value) in filters {
        if let Some(v) = value {
            cond.push_str(&format!(" AND {column} = {}", args.add(v.as_str())));
        }
    }
}

/// Appends the success and time-range filters.
fn common_filters(
    args: &mut Args,
    cond: &mut String,
    success: Option<bool>,
    start: Option<i64>,
    end: Option<i64>,
) {
    if let Some(s) = success {
        cond.push_str(&format!(" AND success = {}", args.add(s)));
    }
    if let Some(t) = start {
        cond.push_str(&format!(" AND created_at >= {}", args.add(t)));
    }
    if let Some(t) = end {
        cond.push_str(&format!(" AND created_at <= {}", args.add(t)));
    }
}

/// The append-only admin audit log: there is deliberately no update or delete.
impl Store {
    /// Appends an entry.
    pub async fn append_audit(&self, e: &AuditEntry) -> StoreResult<()> {
        let sql = format!(
            "INSERT INTO admin_audit_log ({AUDIT_COLUMNS}) VALUES \
             ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
        );
        sqlx::query(&sql)
            .bind(&e.id)
            .bind(&e.pool_id)
            .bind(&e.actor_key_id)
            .bind(&e.operation)
            .bind(&e.operation_type)
            .bind(&e.resource_type)
            .bind(&e.target)
            .bind(&e.params)
            .bind(&e.origin_value)
            .bind(&e.target_value)
            .bind(e.success)
            .bind(&e.ip)
            .bind(&e.user_agent)
            .bind(&e.request_id)
            .bind(e.created_at)
            .run_in(self)
            .await?;
        Ok(())
    }

    /// A pool's entries, newest first: total count and one page.
    pub async fn list_audit(
        &self,
        pool_id: &str,
        q: &AuditQuery,
    ) -> StoreResult<(i64, Vec<AuditEntry>)> {
        fetch_page(
            &mut *self.reader().await?,
            "admin_audit_log",
            AUDIT_COLUMNS,
            "created_at DESC, id DESC",
            q.limit,
            q.offset,
            |args| {
                let mut cond = format!("pool_id = {}", args.add(pool_id));
                equal_filters(
                    args,
                    &mut cond,
                    &[
                        ("request_id", &q.request_id),
                        ("ip", &q.ip),
                        ("operation_type", &q.operation_type),
                        ("resource_type", &q.resource_type),
                        ("actor_key_id", &q.actor),
                    ],
                );
                common_filters(args, &mut cond, q.success, q.start, q.end);
                cond
            },
            decode_audit,
        )
        .await
    }
}

const ACTION_COLUMNS: &str = "id, pool_id, user_id, app_id, account, method, success, api_code, \
    ip, user_agent, created_at, event_type, request_id, detail";

fn decode_action(row: &AnyRow) -> StoreResult<UserAction> {
    Ok(UserAction {
        id: col(row, "id")?,
        pool_id: col(row, "pool_id")?,
        user_id: col(row, "user_id")?,
        app_id: col(row, "app_id")?,
        event_type: col(row, "event_type")?,
        method: col(row, "method")?,
        account: col(row, "account")?,
        success: bool_col(row, "success")?,
        api_code: col(row, "api_code")?,
        ip: col(row, "ip")?,
        user_agent: col(row, "user_agent")?,
        request_id: col(row, "request_id")?,
        detail: col(row, "detail")?,
        created_at: col(row, "created_at")?,
    })
}

/// The user action log (stored with the login history).
impl Store {
    /// Appends an event.
    pub async fn record_user_action(&self, a: &UserAction) -> StoreResult<()> {
        let sql = format!(
            "INSERT INTO login_history ({ACTION_COLUMNS}) VALUES \
             ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
        );
        sqlx::query(&sql)
            .bind(&a.id)
            .bind(&a.pool_id)
            .bind(&a.user_id)
            .bind(&a.app_id)
            .bind(&a.account)
            .bind(&a.method)
            .bind(a.success)
            .bind(a.api_code)
            .bind(&a.ip)
            .bind(&a.user_agent)
            .bind(a.created_at)
            .bind(&a.event_type)
            .bind(&a.request_id)
            .bind(&a.detail)
            .run_in(self)
            .await?;
        Ok(())
    }

    /// A pool's events, newest first: total count and one page.
    pub async fn list_user_actions(
        &self,
        pool_id: &str,
        q: &UserActionQuery,
    ) -> StoreResult<(i64, Vec<UserAction>)> {
        fetch_page(
            &mut *self.reader().await?,
            "login_history",
            ACTION_COLUMNS,
            "created_at DESC, id DESC",
            q.limit,
            q.offset,
            |args| {
                let mut cond = format!("pool_id = {}", args.add(pool_id));
                equal_filters(
                    args,
                    &mut cond,
                    &[
                        ("request_id", &q.request_id),
                        ("ip", &q.ip),
                        ("event_type", &q.event_type),
                        ("user_id", &q.user_id),
                        ("app_id", &q.app_id),
                    ],
                );
                common_filters(args, &mut cond, q.success, q.start, q.end);
                cond
            },
            decode_action,
        )
        .await
    }

    /// The applications a user ever signed in to, most recent first.
    pub async fn user_login_apps(&self, pool_id: &str, user_id: &str) -> StoreResult<Vec<String>> {
        let rows = sqlx::query(
            "SELECT app_id, MAX(created_at) AS last FROM login_history \
             WHERE pool_id = $1 AND user_id = $2 AND event_type = 'login' AND success = $3 \
             AND app_id IS NOT NULL GROUP BY app_id ORDER BY last DESC, app_id",
        )
        .bind(pool_id)
        .bind(user_id)
        .bind(true)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter().map(|r| col(r, "app_id")).collect()
    }

    /// Whether the user holds a session in the application that is neither revoked nor over.
    pub async fn has_app_session(
        &self,
        pool_id: &str,
        user_id: &str,
        app_id: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM sessions WHERE pool_id = $1 AND user_id = $2 \
             AND app_id = $3 AND revoked_at IS NULL AND expires_at > $4",
        )
        .bind(pool_id)
        .bind(user_id)
        .bind(app_id)
        .bind(now)
        .fetch_one(&mut *self.reader().await?)
        .await?;
        Ok(col::<i64>(&row, "n")? > 0)
    }
}
