//! Sessions, refresh-token rotation with reuse detection, revoked access tokens, login history.

use super::args::Args;
use super::{RunIn, WriteTx};
use super::{bool_col, col, fetch_opt};
use crate::Store;
use crate::db::RowLock;
use crate::error::StoreResult;
use crate::repo::{LoginRecord, RefreshInfo, RefreshOutcome, Session, TokenState};
use sqlx::any::AnyRow;

const COLUMNS: &str =
    "id, pool_id, user_id, app_id, scope, nonce, auth_time, created_at, expires_at, revoked_at";

fn decode(row: &AnyRow) -> StoreResult<Session> {
    Ok(Session {
        id: col(row, "id")?,
        pool_id: col(row, "pool_id")?,
        user_id: col(row, "user_id")?,
        app_id: col(row, "app_id")?,
        scope: col(row, "scope")?,
        nonce: col(row, "nonce")?,
        auth_time: col(row, "auth_time")?,
        created_at: col(row, "created_at")?,
        expires_at: col(row, "expires_at")?,
        revoked_at: col(row, "revoked_at")?,
    })
}

async fn insert_refresh<'e, E>(
    exec: E,
    hash: &str,
    session: &str,
    now: i64,
    exp: i64,
) -> StoreResult<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(hash)
    .bind(session)
    .bind(now)
    .bind(exp)
    .execute(exec)
    .await?;
    Ok(())
}

async fn revoke<'e, E>(exec: E, session_id: &str, now: i64) -> StoreResult<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done =
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(session_id)
            .execute(exec)
            .await?;
    Ok(done.rows_affected() > 0)
}

/// Stores a session and its first refresh token `(hash, expires_at)` in `tx`.
pub(super) async fn insert_session(
    tx: &mut WriteTx,
    s: &Session,
    refresh: Option<(&str, i64)>,
) -> StoreResult<()> {
    let sql = format!(
        "INSERT INTO sessions ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    );
    sqlx::query(&sql)
        .bind(&s.id)
        .bind(&s.pool_id)
        .bind(&s.user_id)
        .bind(&s.app_id)
        .bind(&s.scope)
        .bind(&s.nonce)
        .bind(s.auth_time)
        .bind(s.created_at)
        .bind(s.expires_at)
        .bind(s.revoked_at)
        .execute(&mut **tx)
        .await?;
    if let Some((hash, exp)) = refresh {
        insert_refresh(&mut **tx, hash, &s.id, s.created_at, exp).await?;
    }
    Ok(())
}

/// Revokes every active session of a user (of the given apps only, when named).
pub(super) async fn revoke_all<'e, E>(
    exec: E,
    pool_id: &str,
    user_id: &str,
    app_ids: Option<&[String]>,
    now: i64,
) -> StoreResult<u64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let mut args = Args::default();
    let mut sql = format!(
        "UPDATE sessions SET revoked_at = {} WHERE pool_id = {} AND user_id = {} \
         AND revoked_at IS NULL",
        args.add(now),
        args.add(pool_id),
        args.add(user_id)
    );
    if let Some(apps) = app_ids {
        if apps.is_empty() {
            return Ok(0);
        }
        sql.push_str(&format!(" AND app_id IN {}", args.in_list(apps)));
    }
    Ok(args.bind(&sql).execute(exec).await?.rows_affected())
}

/// Sessions, refresh tokens and revoked access tokens.
impl Store {
    /// Stores a new session, with its first refresh token `(hash, expires_at)` if any, while
    /// its user may sign in (the user's row is locked for the check, so a concurrent status
    /// change is ordered before or after); false, storing nothing, when the user may not.
    pub async fn create_session(
        &self,
        s: &Session,
        refresh: Option<(&str, i64)>,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "SELECT id FROM users WHERE pool_id = $1 AND id = $2 AND status = $3{}",
            self.row_lock(RowLock::Share)
        );
        let active = sqlx::query(&sql)
            .bind(&s.pool_id)
            .bind(&s.user_id)
            .bind(super::users::SIGN_IN_STATUS.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if active.is_none() {
            return Ok(false);
        }
        insert_session(&mut tx, s, refresh).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A session by id.
    pub async fn get_session(&self, id: &str) -> StoreResult<Option<Session>> {
        let sql = format!("SELECT {COLUMNS} FROM sessions WHERE id = $1");
        fetch_opt(
            sqlx::query(&sql).bind(id),
            &mut *self.reader().await?,
            decode,
        )
        .await
    }

    /// Uses refresh token `old_hash` and stores `new_hash` in its place, atomically; a token
    /// presented twice revokes its session. The session's row is locked while it is checked,
    /// so a concurrent revocation (kick, suspension) either comes first and the rotation is
    /// refused, or comes after and revokes the new token with the session.
    pub async fn rotate_refresh(
        &self,
        old_hash: &str,
        new_hash: &str,
        new_expires_at: i64,
        now: i64,
    ) -> StoreResult<RefreshOutcome> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "SELECT session_id, expires_at, used_at FROM refresh_tokens WHERE token_hash = $1",
        )
        .bind(old_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(RefreshOutcome::Invalid);
        };
        let session_id: String = col(&row, "session_id")?;
        let expires_at: i64 = col(&row, "expires_at")?;
        let used_at: Option<i64> = col(&row, "used_at")?;
        if used_at.is_some() {
            revoke(&mut *tx, &session_id, now).await?;
            tx.commit().await?;
            return Ok(RefreshOutcome::Reused);
        }
        // Locked: a revocation waits for this rotation (and then revokes the new token with
        // the session), or this rotation waits for it and sees the session revoked.
        let sql = format!(
            "SELECT {COLUMNS} FROM sessions WHERE id = $1{}",
            self.row_lock(RowLock::Update)
        );
        let session = fetch_opt(sqlx::query(&sql).bind(&session_id), &mut *tx, decode).await?;
        let Some(session) = session.filter(|s| s.revoked_at.is_none() && s.expires_at > now) else {
            return Ok(RefreshOutcome::Invalid);
        };
        if expires_at <= now {
            return Ok(RefreshOutcome::Invalid);
        }
        let used = sqlx::query(
            "UPDATE refresh_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
        )
        .bind(now)
        .bind(old_hash)
        .execute(&mut *tx)
        .await?;
        if used.rows_affected() == 0 {
            // Used concurrently: the same as presenting it twice.
            revoke(&mut *tx, &session_id, now).await?;
            tx.commit().await?;
            return Ok(RefreshOutcome::Reused);
        }
        insert_refresh(&mut *tx, new_hash, &session_id, now, new_expires_at).await?;
        tx.commit().await?;
        Ok(RefreshOutcome::Rotated(session))
    }

    /// A refresh token by hash.
    pub async fn find_refresh(&self, hash: &str) -> StoreResult<Option<RefreshInfo>> {
        let row = sqlx::query(
            "SELECT session_id, expires_at, used_at FROM refresh_tokens WHERE token_hash = $1",
        )
        .bind(hash)
        .fetch_optional(&mut *self.reader().await?)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let session_id: String = col(&row, "session_id")?;
        let used_at: Option<i64> = col(&row, "used_at")?;
        let expires_at: i64 = col(&row, "expires_at")?;
        Ok(self
            .get_session(&session_id)
            .await?
            .map(|session| RefreshInfo {
                session,
                expires_at,
                used: used_at.is_some(),
            }))
    }

    /// Revokes one session; false when it was not active.
    pub async fn revoke_session(&self, id: &str, now: i64) -> StoreResult<bool> {
        let mut w = self.writer().await?;
        let revoked = revoke(&mut *w, id, now).await?;
        w.commit().await?;
        Ok(revoked)
    }

    /// Revokes every active session of a user (of the given apps only, when named).
    pub async fn revoke_user_sessions(
        &self,
        pool_id: &str,
        user_id: &str,
        app_ids: Option<&[String]>,
        now: i64,
    ) -> StoreResult<u64> {
        let mut w = self.writer().await?;
        let revoked = revoke_all(&mut *w, pool_id, user_id, app_ids, now).await?;
        w.commit().await?;
        Ok(revoked)
    }

    /// Revokes one access token until its expiry.
    pub async fn revoke_jti(&self, jti: &str, expires_at: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, $2) \
             ON CONFLICT (jti) DO NOTHING",
        )
        .bind(jti)
        .bind(expires_at)
        .run_in(self)
        .await?;
        Ok(())
    }

    /// Whether the user has a session that is neither revoked nor over.
    pub async fn has_active_session(
        &self,
        pool_id: &str,
        user_id: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM sessions WHERE pool_id = $1 AND user_id = $2 \
             AND revoked_at IS NULL AND expires_at > $3",
        )
        .bind(pool_id)
        .bind(user_id)
        .bind(now)
        .fetch_one(&mut *self.reader().await?)
        .await?;
        Ok(col::<i64>(&row, "n")? > 0)
    }

    /// The state of an access token's session and id, in one query.
    pub async fn token_state(
        &self,
        session_id: &str,
        jti: &str,
        now: i64,
    ) -> StoreResult<TokenState> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM sessions WHERE id = $1 AND revoked_at IS NULL \
                     AND expires_at > $3) AS active, \
                    (SELECT COUNT(*) FROM revoked_tokens WHERE jti = $2) AS revoked",
        )
        .bind(session_id)
        .bind(jti)
        .bind(now)
        .fetch_one(&mut *self.reader().await?)
        .await?;
        Ok(TokenState {
            session_active: col::<i64>(&row, "active")? > 0,
            jti_revoked: col::<i64>(&row, "revoked")? > 0,
        })
    }

    /// Deletes sessions, refresh tokens and revocations past their expiry.
    pub async fn sweep_expired(&self, now: i64) -> StoreResult<u64> {
        let mut n = 0;
        for sql in [
            "DELETE FROM refresh_tokens WHERE expires_at <= $1",
            "DELETE FROM sessions WHERE expires_at <= $1",
            "DELETE FROM revoked_tokens WHERE expires_at <= $1",
        ] {
            n += sqlx::query(sql)
                .bind(now)
                .run_in(self)
                .await?
                .rows_affected();
        }
        Ok(n)
    }
}

fn decode_login(row: &AnyRow) -> StoreResult<LoginRecord> {
    Ok(LoginRecord {
        id: col(row, "id")?,
        pool_id: col(row, "pool_id")?,
        user_id: col(row, "user_id")?,
        app_id: col(row, "app_id")?,
        account: col(row, "account")?,
        method: col(row, "method")?,
        success: bool_col(row, "success")?,
        api_code: col(row, "api_code")?,
        ip: col(row, "ip")?,
        user_agent: col(row, "user_agent")?,
        created_at: col(row, "created_at")?,
    })
}

const LOGIN_COLUMNS: &str =
    "id, pool_id, user_id, app_id, account, method, success, api_code, ip, user_agent, created_at";

/// The login history.
impl Store {
    /// Appends a record.
    pub async fn record_login(&self, r: &LoginRecord) -> StoreResult<()> {
        let sql = format!(
            "INSERT INTO login_history ({LOGIN_COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        );
        sqlx::query(&sql)
            .bind(&r.id)
            .bind(&r.pool_id)
            .bind(&r.user_id)
            .bind(&r.app_id)
            .bind(&r.account)
            .bind(&r.method)
            .bind(r.success)
            .bind(r.api_code)
            .bind(&r.ip)
            .bind(&r.user_agent)
            .bind(r.created_at)
            .run_in(self)
            .await?;
        Ok(())
    }

    /// A user's records, newest first: total count and one page.
    pub async fn list_logins(
        &self,
        pool_id: &str,
        user_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(i64, Vec<LoginRecord>)> {
        let total: i64 = col(
            &sqlx::query(
                "SELECT COUNT(*) AS n FROM login_history WHERE pool_id = $1 AND user_id = $2",
            )
            .bind(pool_id)
            .bind(user_id)
            .fetch_one(&mut *self.reader().await?)
            .await?,
            "n",
        )?;
        let sql = format!(
            "SELECT {LOGIN_COLUMNS} FROM login_history WHERE pool_id = $1 AND user_id = $2 \
             ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4"
        );
        let rows = sqlx::query(&sql)
            .bind(pool_id)
            .bind(user_id)
            .bind(limit)
            .bind(offset)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        let list = rows.iter().map(decode_login).collect::<StoreResult<_>>()?;
        Ok((total, list))
    }
}
