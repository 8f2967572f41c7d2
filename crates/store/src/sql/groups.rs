//! User groups and their members.

use super::RunIn;
use super::args::Args;
use super::{col, fetch_opt, fetch_page, like_pattern, users};
use crate::Store;
use crate::error::StoreResult;
use crate::repo::GroupQuery;
use authgate_core::group::Group;
use authgate_core::user::User;
use sqlx::any::AnyRow;

const COLUMNS: &str = "id, pool_id, code, name, description, group_type, created_at, updated_at";

fn decode(row: &AnyRow) -> StoreResult<Group> {
    Ok(Group {
        id: col(row, "id")?,
        pool_id: col(row, "pool_id")?,
        code: col(row, "code")?,
        name: col(row, "name")?,
        description: col(row, "description")?,
        group_type: col(row, "group_type")?,
        created_at: col(row, "created_at")?,
        updated_at: col(row, "updated_at")?,
    })
}

/// The first id that is not a user of the pool.
async fn first_unknown_user(
    conn: &mut sqlx::AnyConnection,
    pool_id: &str,
    user_ids: &[String],
) -> StoreResult<Option<String>> {
    for id in user_ids {
        let found = sqlx::query("SELECT id FROM users WHERE pool_id = $1 AND id = $2")
            .bind(pool_id)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        if found.is_none() {
            return Ok(Some(id.clone()));
        }
    }
    Ok(None)
}

/// Groups.
impl Store {
    /// Stores new groups in one transaction: all or none (a code taken in the pool is
    /// [`crate::StoreError::Conflict`]).
    pub async fn insert_groups(&self, groups: &[Group]) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let sql =
            format!("INSERT INTO user_groups ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
        for g in groups {
            sqlx::query(&sql)
                .bind(&g.id)
                .bind(&g.pool_id)
                .bind(&g.code)
                .bind(&g.name)
                .bind(&g.description)
                .bind(&g.group_type)
                .bind(g.created_at)
                .bind(g.updated_at)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A group of the pool by code.
    pub async fn get_group(&self, pool_id: &str, code: &str) -> StoreResult<Option<Group>> {
        let sql = format!("SELECT {COLUMNS} FROM user_groups WHERE pool_id = $1 AND code = $2");
        fetch_opt(
            sqlx::query(&sql).bind(pool_id).bind(code),
            &mut *self.reader().await?,
            decode,
        )
        .await
    }

    /// The pool's groups, oldest first: the total count and one page.
    pub async fn list_groups(
        &self,
        pool_id: &str,
        q: &GroupQuery,
    ) -> StoreResult<(i64, Vec<Group>)> {
        fetch_page(
            &mut *self.reader().await?,
            "user_groups",
            COLUMNS,
            "created_at ASC, id ASC",
            q.limit,
            q.offset,
            |args| {
                let mut cond = format!("pool_id = {}", args.add(pool_id));
                if let Some(kw) = q.keyword.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
                    let p = args.add(like_pattern(kw));
                    cond.push_str(&format!(
                        " AND (LOWER(code) LIKE {p} ESCAPE '\\' OR LOWER(name) LIKE {p} ESCAPE '\\')"
                    ));
                }
                cond
            },
            decode,
        )
        .await
    }

    /// Overwrites a group (matched by pool and id): code, name, description and type; false
    /// when it no longer exists.
    pub async fn update_group(&self, g: &Group) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE user_groups SET code = $1, name = $2, description = $3, group_type = $4, \
             updated_at = $5 WHERE id = $6 AND pool_id = $7",
        )
        .bind(&g.code)
        .bind(&g.name)
        .bind(&g.description)
        .bind(&g.group_type)
        .bind(g.updated_at)
        .bind(&g.id)
        .bind(&g.pool_id)
        .run_in(self)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes groups of the pool by code with their memberships and the grants made to
    /// them, in one transaction; returns how many groups were deleted.
    pub async fn delete_groups(&self, pool_id: &str, codes: &[String]) -> StoreResult<u64> {
        if codes.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        let doomed = |args: &mut Args| {
            let pool = args.add(pool_id);
            let list = args.in_list(codes);
            format!("SELECT id FROM user_groups WHERE pool_id = {pool} AND code IN {list}")
        };
        let mut args = Args::default();
        let pool = args.add(pool_id);
        let sql = format!(
            "DELETE FROM authorizations WHERE pool_id = {pool} AND target_type = 'GROUP' \
             AND target_id IN ({})",
            doomed(&mut args)
        );
        args.bind(&sql).execute(&mut *tx).await?;
        let mut args = Args::default();
        let sql = format!(
            "DELETE FROM group_members WHERE group_id IN ({})",
            doomed(&mut args)
        );
        args.bind(&sql).execute(&mut *tx).await?;
        let mut args = Args::default();
        let pool = args.add(pool_id);
        let list = args.in_list(codes);
        let sql = format!("DELETE FROM user_groups WHERE pool_id = {pool} AND code IN {list}");
        let n = args.bind(&sql).execute(&mut *tx).await?.rows_affected();
        tx.commit().await?;
        Ok(n)
    }

    /// Adds users (by id) to a group, in one transaction; members already in stay. When an
    /// id is not a user of the pool nothing is written and that id is returned.
    pub async fn add_group_members(
        &self,
        pool_id: &str,
        group_id: &str,
        user_ids: &[String],
        now: i64,
    ) -> StoreResult<Option<String>> {
        let mut tx = self.begin_write().await?;
        if let Some(unknown) = first_unknown_user(&mut tx, pool_id, user_ids).await? {
            return Ok(Some(unknown));
        }
        for id in user_ids {
            sqlx::query(
                "INSERT INTO group_members (group_id, user_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (group_id, user_id) DO NOTHING",
            )
            .bind(group_id)
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(None)
    }

    /// Removes users (by id) from a group, in one transaction. When an id is not a user of
    /// the pool nothing is removed and that id is returned.
    pub async fn remove_group_members(
        &self,
        pool_id: &str,
        group_id: &str,
        user_ids: &[String],
    ) -> StoreResult<Option<String>> {
        let mut tx = self.begin_write().await?;
        if let Some(unknown) = first_unknown_user(&mut tx, pool_id, user_ids).await? {
            return Ok(Some(unknown));
        }
        let mut args = Args::default();
        let group = args.add(group_id);
        let list = args.in_list(user_ids);
        let sql =
            format!("DELETE FROM group_members WHERE group_id = {group} AND user_id IN {list}");
        args.bind(&sql).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(None)
    }

    /// A group's members, newest user first: the total count and one page.
    pub async fn list_group_members(
        &self,
        pool_id: &str,
        group_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(i64, Vec<User>)> {
        fetch_page(
            &mut *self.reader().await?,
            "users",
            users::columns(),
            "created_at DESC, id DESC",
            limit,
            offset,
            |args| {
                let pool = args.add(pool_id);
                let group = args.add(group_id);
                format!(
                    "pool_id = {pool} AND id IN \
                     (SELECT user_id FROM group_members WHERE group_id = {group})"
                )
            },
            users::decode,
        )
        .await
    }

    /// The groups a user is a member of, oldest first.
    pub async fn user_groups(&self, pool_id: &str, user_id: &str) -> StoreResult<Vec<Group>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM user_groups WHERE pool_id = $1 AND id IN \
             (SELECT group_id FROM group_members WHERE user_id = $2) ORDER BY created_at ASC, id ASC"
        );
        let rows = sqlx::query(&sql)
            .bind(pool_id)
            .bind(user_id)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        rows.iter().map(decode).collect()
    }
}
