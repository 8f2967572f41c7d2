//! Users.

use super::WriteTx;
use super::args::Args;
use super::{bool_col, col, fetch_opt, fetch_page, json_col, like_pattern, to_json};
use crate::Store;
use crate::error::{StoreError, StoreResult};
use crate::repo::{
    DEFAULT_SEARCH_FIELDS, Order, PatchOutcome, ProvedAddress, SEARCHABLE_FIELDS, SORTABLE_FIELDS,
    SignIn, UserPatch, UserQuery, column_of,
};
use authgate_core::user::{
    Gender, Identifiers, Profile, User, UserKey, UserSource, UserStatus, normalize_email,
};
use sqlx::any::AnyRow;
use std::sync::OnceLock;

/// Columns with a fixed meaning; the profile columns follow them (see [`columns`]).
const FIXED: &[&str] = &[
    "id",
    "pool_id",
    "status",
    "status_changed_at",
    "email",
    "email_norm",
    "phone",
    "phone_country_code",
    "username",
    "external_id",
    "email_verified",
    "phone_verified",
    "gender",
    "custom_data",
    "password_hash",
    "password_last_set_at",
    "reset_password_on_next_login",
    "logins_count",
    "last_login",
    "last_ip",
    "user_source_type",
    "created_at",
    "updated_at",
];

/// Every column of `users`, comma-separated, in the order [`values`] binds them.
pub(super) fn columns() -> &'static str {
    static COLS: OnceLock<String> = OnceLock::new();
    COLS.get_or_init(|| {
        FIXED
            .iter()
            .copied()
            .chain(Profile::FIELDS.iter().map(|(_, c)| *c))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// Binds every column of `u` in [`columns`] order; returns the placeholders.
fn values(u: &User, args: &mut Args) -> StoreResult<Vec<String>> {
    let mut p = vec![
        args.add(u.id.as_str()),
        args.add(u.pool_id.as_str()),
        args.add(u.status.as_str()),
        args.add(u.status_changed_at),
        args.add(u.ids.email.as_deref()),
        args.add(u.ids.email.as_deref().map(normalize_email)),
        args.add(u.ids.phone.as_deref()),
        args.add(u.ids.phone_country_code.as_deref()),
        args.add(u.ids.username.as_deref()),
        args.add(u.ids.external_id.as_deref()),
        args.add(u.email_verified),
        args.add(u.phone_verified),
        args.add(u.gender.as_str()),
        args.add(to_json(&u.custom_data)?),
        args.add(u.password_hash.as_deref()),
        args.add(u.password_last_set_at),
        args.add(u.reset_password_on_next_login),
        args.add(u.logins_count),
        args.add(u.last_login),
        args.add(u.last_ip.as_deref()),
        args.add(u.source.as_str()),
        args.add(u.created_at),
        args.add(u.updated_at),
    ];
    for (_, column) in Profile::FIELDS {
        p.push(args.add(u.profile.get(column)));
    }
    Ok(p)
}

pub(super) fn decode(row: &AnyRow) -> StoreResult<User> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("users.{what}"));
    let mut profile = Profile::default();
    for (_, column) in Profile::FIELDS {
        profile.set(column, col(row, column)?);
    }
    let status: String = col(row, "status")?;
    let gender: String = col(row, "gender")?;
    let source: String = col(row, "user_source_type")?;
    Ok(User {
        id: col(row, "id")?,
        pool_id: col(row, "pool_id")?,
        status: UserStatus::parse(&status).ok_or_else(|| corrupt("status"))?,
        status_changed_at: col(row, "status_changed_at")?,
        ids: Identifiers {
            email: col(row, "email")?,
            phone: col(row, "phone")?,
            phone_country_code: col(row, "phone_country_code")?,
            username: col(row, "username")?,
            external_id: col(row, "external_id")?,
        },
        email_verified: bool_col(row, "email_verified")?,
        phone_verified: bool_col(row, "phone_verified")?,
        gender: Gender::parse(&gender).ok_or_else(|| corrupt("gender"))?,
        profile,
        custom_data: json_col(row, "custom_data")?,
        password_hash: col(row, "password_hash")?,
        password_last_set_at: col(row, "password_last_set_at")?,
        reset_password_on_next_login: bool_col(row, "reset_password_on_next_login")?,
        logins_count: col(row, "logins_count")?,
        last_login: col(row, "last_login")?,
        last_ip: col(row, "last_ip")?,
        source: UserSource::parse(&source).ok_or_else(|| corrupt("user_source_type"))?,
        created_at: col(row, "created_at")?,
        updated_at: col(row, "updated_at")?,
    })
}

async fn insert_one<'e, E>(exec: E, user: &User) -> StoreResult<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let mut args = Args::default();
    let placeholders = values(user, &mut args)?.join(", ");
    let sql = format!("INSERT INTO users ({}) VALUES ({placeholders})", columns());
    args.bind(&sql).execute(exec).await?;
    Ok(())
}

/// `column = $n` for a lookup key.
fn key_condition(key: &UserKey, args: &mut Args) -> String {
    match key {
        UserKey::Id(v) => format!("id = {}", args.add(v.as_str())),
        UserKey::Email(v) => format!("email_norm = {}", args.add(normalize_email(v))),
        UserKey::Phone(v) => format!("phone = {}", args.add(v.as_str())),
        UserKey::Username(v) => format!("username = {}", args.add(v.as_str())),
        UserKey::ExternalId(v) => format!("external_id = {}", args.add(v.as_str())),
    }
}

/// The WHERE clause of a user search (without the keyword `WHERE`).
pub(super) fn search_conditions(pool_id: &str, q: &UserQuery, args: &mut Args) -> String {
    let mut conds = vec![format!("pool_id = {}", args.add(pool_id))];
    if let Some(kw) = q.keyword.as_deref().filter(|k| !k.trim().is_empty()) {
        let pattern = args.add(like_pattern(kw.trim()));
        let fields: Vec<&str> = if q.search_fields.is_empty() {
            DEFAULT_SEARCH_FIELDS.to_vec()
        } else {
            q.search_fields.iter().map(String::as_str).collect()
        };
        let ors: Vec<String> = fields
            .iter()
            .filter_map(|f| column_of(SEARCHABLE_FIELDS, f))
            .map(|c| format!("LOWER({c}) LIKE {pattern} ESCAPE '\\'"))
            .collect();
        if !ors.is_empty() {
            conds.push(format!("({})", ors.join(" OR ")));
        }
    }
    if let Some(s) = q.status {
        conds.push(format!("status = {}", args.add(s.as_str())));
    }
    if let Some(t) = q.updated_from {
        conds.push(format!("updated_at >= {}", args.add(t)));
    }
    if let Some(t) = q.updated_to {
        conds.push(format!("updated_at <= {}", args.add(t)));
    }
    conds.join(" AND ")
}

fn order_by(q: &UserQuery) -> String {
    let mut keys: Vec<String> = q
        .sort
        .iter()
        .filter_map(|(f, o)| {
            column_of(SORTABLE_FIELDS, f).map(|c| {
                let dir = if *o == Order::Asc { "ASC" } else { "DESC" };
                format!("{c} {dir}")
            })
        })
        .collect();
    if keys.is_empty() {
        keys.push("created_at DESC".into());
    }
    // A unique tie-breaker keeps pages stable.
    keys.push("id ASC".into());
    keys.join(", ")
}

/// Users.
impl Store {
    /// Stores a new user.
    pub async fn insert_user(&self, user: &User) -> StoreResult<()> {
        let mut w = self.writer().await?;
        insert_one(&mut *w, user).await?;
        w.commit().await
    }

    /// Stores several new users in one transaction: all or none.
    pub async fn insert_users(&self, users: &[User]) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        for u in users {
            insert_one(&mut *tx, u).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A user of `pool_id` by key.
    pub async fn get_user(&self, pool_id: &str, key: &UserKey) -> StoreResult<Option<User>> {
        let mut args = Args::default();
        let pool = args.add(pool_id);
        let cond = key_condition(key, &mut args);
        let sql = format!(
            "SELECT {} FROM users WHERE pool_id = {pool} AND {cond}",
            columns()
        );
        fetch_opt(args.bind(&sql), &mut *self.reader().await?, decode).await
    }

    /// Searches a pool's users; returns the total count and one page.
    pub async fn list_users(&self, pool_id: &str, q: &UserQuery) -> StoreResult<(i64, Vec<User>)> {
        fetch_page(
            &mut *self.reader().await?,
            "users",
            columns(),
            &order_by(q),
            q.limit,
            q.offset,
            |args| {
                let mut cond = search_conditions(pool_id, q, args);
                for c in super::user_filter::conditions(self.backend(), &q.filters, args) {
                    cond.push_str(" AND ");
                    cond.push_str(&c);
                }
                cond
            },
            decode,
        )
        .await
    }

    /// Writes the fields `patch` names onto user `id` of `pool_id` at `now` (`updated_at` moves
    /// forward, strictly, so it serves as the row's version), in one transaction that also
    /// revokes every session of the user when [`UserPatch::ends_sessions`]. With
    /// `expect_updated_at`, writes only if the stored `updated_at` still has that value
    /// (optimistic concurrency for callers that validated the patch against what they read).
    /// Answers the user as stored afterwards.
    pub async fn patch_user(
        &self,
        pool_id: &str,
        id: &str,
        patch: &UserPatch,
        expect_updated_at: Option<i64>,
        now: i64,
    ) -> StoreResult<PatchOutcome> {
        let mut tx = self.begin_write().await?;
        let mut args = Args::default();
        let sets = patch_sets(patch, now, &mut args);
        let mut cond = format!("pool_id = {} AND id = {}", args.add(pool_id), args.add(id));
        if let Some(v) = expect_updated_at {
            cond.push_str(&format!(" AND updated_at = {}", args.add(v)));
        }
        let sql = format!("UPDATE users SET {} WHERE {cond}", sets.join(", "));
        if args.bind(&sql).execute(&mut *tx).await?.rows_affected() == 0 {
            let exists = sqlx::query("SELECT id FROM users WHERE pool_id = $1 AND id = $2")
                .bind(pool_id)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            return Ok(match exists {
                Some(_) => PatchOutcome::Stale,
                None => PatchOutcome::NotFound,
            });
        }
        merge_custom_data(&mut tx, pool_id, id, &patch.custom_data).await?;
        if patch.ends_sessions() {
            super::sessions::revoke_all(&mut *tx, pool_id, id, None, now).await?;
        }
        let user = read_user(&mut tx, pool_id, id).await?;
        tx.commit().await?;
        Ok(PatchOutcome::Updated(Box::new(user)))
    }

    /// Records a successful sign-in in one transaction: `logins_count + 1`, `last_login`,
    /// `last_ip`, the proved address, the custom data it carried, and the session it opens —
    /// only while the user is still `Activated` and still has `sign_in.password_hash`. The
    /// conditional update takes the user's row lock first, so a concurrent status change (which
    /// revokes sessions in its own transaction) either sees this session and revokes it, or
    /// refuses it. Answers the user as stored afterwards, or `None` when refused.
    pub async fn record_sign_in(&self, s: &SignIn<'_>) -> StoreResult<Option<User>> {
        let mut tx = self.begin_write().await?;
        let mut args = Args::default();
        let mut sets = vec![
            "logins_count = logins_count + 1".to_string(),
            format!("last_login = {}", args.add(s.at)),
            format!("last_ip = {}", args.add(s.ip)),
        ];
        match s.proved {
            Some(ProvedAddress::Email) => sets.push(format!("email_verified = {}", args.add(true))),
            Some(ProvedAddress::Phone) => sets.push(format!("phone_verified = {}", args.add(true))),
            None => {}
        }
        let sql = format!(
            "UPDATE users SET {} WHERE pool_id = {} AND id = {} AND status = {} \
             AND COALESCE(password_hash, '') = COALESCE({}, '')",
            sets.join(", "),
            args.add(s.pool_id),
            args.add(s.user_id),
            args.add(SIGN_IN_STATUS.as_str()),
            args.add(s.password_hash),
        );
        // The conditional update is also the row lock that orders this sign-in against a
        // status or password change: from here on, nobody changes the user until commit.
        if args.bind(&sql).execute(&mut *tx).await?.rows_affected() == 0 {
            return Ok(None);
        }
        if let Some(extra) = s.custom_data {
            merge_custom_data(&mut tx, s.pool_id, s.user_id, extra).await?;
        }
        if let Some(n) = &s.session {
            super::sessions::insert_session(&mut tx, n.session, n.refresh).await?;
        }
        let user = read_user(&mut tx, s.pool_id, s.user_id).await?;
        tx.commit().await?;
        Ok(Some(user))
    }

    /// Deletes users of a pool by id, with their role assignments and grants, in one
    /// transaction; returns how many were deleted.
    pub async fn delete_users(&self, pool_id: &str, ids: &[String]) -> StoreResult<u64> {
        if ids.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        let mut deleted = 0;
        for id in ids {
            // Memberships of groups and departments cascade; assignments and grants name the
            // user by (type, id) and go here.
            drop_assignments_and_grants(&mut tx, pool_id, id).await?;
            let done = sqlx::query("DELETE FROM users WHERE pool_id = $1 AND id = $2")
                .bind(pool_id)
                .bind(id.as_str())
                .execute(&mut *tx)
                .await?;
            deleted += done.rows_affected();
        }
        tx.commit().await?;
        Ok(deleted)
    }

    /// Stores new users and their department memberships `(user, department ids)` in one
    /// transaction: all or none. The departments must exist in the users' pool.
    pub async fn insert_users_in_departments(
        &self,
        users: &[(User, Vec<String>)],
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        for (u, depts) in users {
            insert_one(&mut *tx, u).await?;
            for d in depts {
                sqlx::query(
                    "INSERT INTO department_members (department_id, user_id, is_leader, is_main, \
                     created_at) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(d.as_str())
                .bind(u.id.as_str())
                .bind(false)
                .bind(false)
                .bind(u.created_at)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Marks a user resigned (status `Resigned` at `now`) and removes, in one transaction, its
    /// role assignments, grants, groups, departments and sessions; false when it does not
    /// exist.
    pub async fn resign_user(&self, pool_id: &str, user_id: &str, now: i64) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE users SET status = $1, status_changed_at = $2, updated_at = $2 \
             WHERE pool_id = $3 AND id = $4",
        )
        .bind(UserStatus::Resigned.as_str())
        .bind(now)
        .bind(pool_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        drop_assignments_and_grants(&mut tx, pool_id, user_id).await?;
        super::sessions::revoke_all(&mut *tx, pool_id, user_id, None, now).await?;
        for table in ["group_members", "department_members"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}

/// The only status whose users may sign in ([`UserStatus::may_sign_in`]).
pub(super) const SIGN_IN_STATUS: UserStatus = UserStatus::Activated;

/// The `SET` items of a patch at `now`: only the columns it names, and `updated_at`, which
/// moves strictly forward (two writes in one millisecond still differ) so that it can serve as
/// the row's version for optimistic checks.
fn patch_sets(patch: &UserPatch, now: i64, args: &mut Args) -> Vec<String> {
    let now = args.add(now);
    let mut sets = vec![format!(
        "updated_at = CASE WHEN updated_at < {now} THEN {now} ELSE updated_at + 1 END"
    )];
    if let Some(status) = patch.status {
        let p = args.add(status.as_str());
        // Both right-hand sides read the row as it was: the time moves only on a change.
        sets.push(format!(
            "status_changed_at = CASE WHEN status = {p} THEN status_changed_at ELSE {now} END"
        ));
        sets.push(format!("status = {p}"));
    }
    if let Some(email) = &patch.email {
        sets.push(format!("email = {}", args.add(email.as_deref())));
        let norm = email.as_deref().map(normalize_email);
        sets.push(format!("email_norm = {}", args.add(norm)));
    }
    for (column, value) in [
        ("phone", &patch.phone),
        ("phone_country_code", &patch.phone_country_code),
        ("username", &patch.username),
        ("external_id", &patch.external_id),
    ] {
        if let Some(v) = value {
            sets.push(format!("{column} = {}", args.add(v.as_deref())));
        }
    }
    for (column, value) in [
        ("email_verified", patch.email_verified),
        ("phone_verified", patch.phone_verified),
        (
            "reset_password_on_next_login",
            patch.reset_password_on_next_login,
        ),
    ] {
        if let Some(v) = value {
            sets.push(format!("{column} = {}", args.add(v)));
        }
    }
    if let Some(g) = patch.gender {
        sets.push(format!("gender = {}", args.add(g.as_str())));
    }
    for (column, value) in &patch.profile {
        // Column names come from `Profile::FIELDS`; anything else is not a column to write.
        if Profile::FIELDS.iter().any(|(_, c)| c == column) {
            sets.push(format!("{column} = {}", args.add(value.as_deref())));
        }
    }
    if let Some(hash) = &patch.password_hash {
        sets.push(format!("password_hash = {}", args.add(hash.as_str())));
        sets.push(format!("password_last_set_at = {now}"));
    }
    sets
}

/// Merges `extra` into the stored custom data of a user whose row `tx` has already locked
/// (by updating it), so no other writer's keys are lost.
async fn merge_custom_data(
    tx: &mut WriteTx,
    pool_id: &str,
    id: &str,
    extra: &serde_json::Map<String, serde_json::Value>,
) -> StoreResult<()> {
    if extra.is_empty() {
        return Ok(());
    }
    let row = sqlx::query("SELECT custom_data FROM users WHERE pool_id = $1 AND id = $2")
        .bind(pool_id)
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    let mut data: serde_json::Map<String, serde_json::Value> = json_col(&row, "custom_data")?;
    data.extend(extra.clone());
    sqlx::query("UPDATE users SET custom_data = $1 WHERE pool_id = $2 AND id = $3")
        .bind(to_json(&data)?)
        .bind(pool_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The user as `tx` sees it.
async fn read_user(tx: &mut WriteTx, pool_id: &str, id: &str) -> StoreResult<User> {
    let sql = format!(
        "SELECT {} FROM users WHERE pool_id = $1 AND id = $2",
        columns()
    );
    fetch_opt(sqlx::query(&sql).bind(pool_id).bind(id), &mut **tx, decode)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("users.{id} vanished inside a transaction")))
}

/// Removes the role assignments and grants naming user `id`.
async fn drop_assignments_and_grants(tx: &mut WriteTx, pool_id: &str, id: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM role_assignments WHERE target_type = 'USER' AND target_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "DELETE FROM authorizations WHERE pool_id = $1 AND target_type = 'USER' AND target_id = $2",
    )
    .bind(pool_id)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sign_in_status_is_the_one_that_may_sign_in() {
        assert!(SIGN_IN_STATUS.may_sign_in());
        for s in ["Suspended", "Resigned", "Archived", "Deactivated"] {
            assert!(!UserStatus::parse(s).unwrap().may_sign_in());
        }
    }

    #[test]
    fn column_list_matches_value_count() {
        let u = User::new(
            "i".into(),
            "p".into(),
            Identifiers::default(),
            UserSource::Register,
            0,
        );
        let mut args = Args::default();
        let n = values(&u, &mut args).unwrap().len();
        assert_eq!(columns().split(", ").count(), n);
    }
}
