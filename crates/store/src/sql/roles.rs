//! Roles and role assignments. [`in_effect`] and [`role_counts`] are the one definition of
//! when an assignment and a role count (spec §7 item 18).

use super::RunIn;
use super::args::Args;
use super::{col, fetch_opt, fetch_page, like_pattern, users};
use crate::Store;
use crate::error::{StoreError, StoreResult};
use crate::repo::{HoldersQuery, RoleDepartment, RoleQuery};
use authgate_core::role::{DEFAULT_NAMESPACE, Role, RoleStatus, Target, TargetType, Window};
use authgate_core::user::User;
use sqlx::any::AnyRow;

const COLUMNS: &str =
    "id, pool_id, namespace, code, name, description, status, disable_time, created_at, updated_at";

fn decode(row: &AnyRow) -> StoreResult<Role> {
    let status: String = col(row, "status")?;
    Ok(Role {
        id: col(row, "id")?,
        pool_id: col(row, "pool_id")?,
        namespace: col(row, "namespace")?,
        code: col(row, "code")?,
        name: col(row, "name")?,
        description: col(row, "description")?,
        status: RoleStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt("roles.status".into()))?,
        disable_time: col(row, "disable_time")?,
        created_at: col(row, "created_at")?,
        updated_at: col(row, "updated_at")?,
    })
}

/// Whether assignment row `ra` counts at `now`: `enable_time ≤ now < end_time`, a missing
/// bound being open.
fn in_effect(ra: &str, now: i64, args: &mut Args) -> String {
    let (a, b) = (args.add(now), args.add(now));
    format!(
        "({ra}.enable_time IS NULL OR {ra}.enable_time <= {a}) \
         AND ({ra}.end_time IS NULL OR {b} < {ra}.end_time)"
    )
}

/// Whether role row `r` counts at `now`: status `ENABLE` and before its `disable_time`.
fn role_counts(r: &str, now: i64, args: &mut Args) -> String {
    let enabled = args.add(RoleStatus::Enable.as_str());
    let now = args.add(now);
    format!("{r}.status = {enabled} AND ({r}.disable_time IS NULL OR {now} < {r}.disable_time)")
}

/// SQL selecting the ids of the roles `user_id` holds in the pool at `now` — THE definition of
/// holding a role (spec §7 item 18), used by `get-user-roles` / `has-any-role` and by permission
/// evaluation alike: assigned to the user, or to a department the user is a member of or one
/// above it, with the assignment in effect ([`in_effect`]) and the role counting
/// ([`role_counts`]).
pub(super) fn held_role_ids(pool_id: &str, user_id: &str, now: i64, args: &mut Args) -> String {
    let pool = args.add(pool_id);
    let counts = role_counts("hr", now, args);
    let effect = in_effect("ra", now, args);
    let (user_type, user) = (args.add(TargetType::User.as_str()), args.add(user_id));
    let (dept_type, member) = (args.add(TargetType::Department.as_str()), args.add(user_id));
    format!(
        "SELECT ra.role_id FROM role_assignments ra JOIN roles hr ON hr.id = ra.role_id \
         WHERE hr.pool_id = {pool} AND {counts} AND {effect} AND \
         ((ra.target_type = {user_type} AND ra.target_id = {user}) OR \
          (ra.target_type = {dept_type} AND ra.target_id IN \
           (WITH RECURSIVE up(id) AS ( \
              SELECT dm.department_id FROM department_members dm WHERE dm.user_id = {member} \
              UNION \
              SELECT d.parent_id FROM departments d JOIN up ON d.id = up.id \
                WHERE d.parent_id IS NOT NULL) \
            SELECT id FROM up)))"
    )
}

async fn insert<'e, E>(exec: E, r: &Role) -> StoreResult<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql =
        format!("INSERT INTO roles ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
    sqlx::query(&sql)
        .bind(&r.id)
        .bind(&r.pool_id)
        .bind(&r.namespace)
        .bind(&r.code)
        .bind(&r.name)
        .bind(&r.description)
        .bind(r.status.as_str())
        .bind(r.disable_time)
        .bind(r.created_at)
        .bind(r.updated_at)
        .execute(exec)
        .await?;
    Ok(())
}

/// Whether `target` is a user or department of the pool.
async fn target_exists(
    conn: &mut sqlx::AnyConnection,
    pool_id: &str,
    target: &Target,
) -> StoreResult<bool> {
    let table = match target.kind {
        TargetType::User => "users",
        TargetType::Department => "departments",
    };
    let sql = format!("SELECT id FROM {table} WHERE pool_id = $1 AND id = $2");
    let found = sqlx::query(&sql)
        .bind(pool_id)
        .bind(&target.id)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

/// The first target that is not a user or department of the pool.
async fn first_unknown(
    conn: &mut sqlx::AnyConnection,
    pool_id: &str,
    targets: &[Target],
) -> StoreResult<Option<Target>> {
    for t in targets {
        if !target_exists(conn, pool_id, t).await? {
            return Ok(Some(t.clone()));
        }
    }
    Ok(None)
}

/// The WHERE clause selecting the users holding `q.role_id` (in effect at `q.now`).
fn holder_users(pool_id: &str, q: &HoldersQuery, args: &mut Args) -> String {
    let pool = args.add(pool_id);
    let role = args.add(q.role_id.as_str());
    let user = args.add(TargetType::User.as_str());
    let effect = in_effect("ra", q.now, args);
    let mut cond = format!(
        "pool_id = {pool} AND (id IN (SELECT ra.target_id FROM role_assignments ra \
         WHERE ra.role_id = {role} AND ra.target_type = {user} AND {effect})"
    );
    if q.via_departments {
        let role = args.add(q.role_id.as_str());
        let dept = args.add(TargetType::Department.as_str());
        let effect = in_effect("ra", q.now, args);
        cond.push_str(&format!(
            " OR id IN (SELECT dm.user_id FROM department_members dm \
             JOIN role_assignments ra ON ra.target_id = dm.department_id \
             WHERE ra.role_id = {role} AND ra.target_type = {dept} AND {effect})"
        ));
    }
    cond.push(')');
    cond
}

fn decode_department(row: &AnyRow) -> StoreResult<RoleDepartment> {
    Ok(RoleDepartment {
        id: col(row, "id")?,
        code: col(row, "code")?,
        name: col(row, "name")?,
        description: col(row, "description")?,
    })
}

/// Roles and their assignments.
///
/// The rule of when a role counts for a user (spec §7 item 18) lives in
/// [`crate::Store::user_roles`] and is shared by every reader of assignments: an assignment counts
/// while `enable_time ≤ now < end_time` (a missing bound is open); a role counts while its
/// status is `ENABLE` and, when it has a `disable_time`, `now < disable_time`; a user holds
/// the roles assigned to them and to the departments they are a direct member of.
impl Store {
    /// The name of namespace `code` of the pool, or `None` when it does not exist. The
    /// namespace `default` always exists (named `default` unless a row renames it).
    pub async fn namespace_name(&self, pool_id: &str, code: &str) -> StoreResult<Option<String>> {
        let found = fetch_opt(
            sqlx::query("SELECT name FROM namespaces WHERE pool_id = $1 AND code = $2")
                .bind(pool_id)
                .bind(code),
            &mut *self.reader().await?,
            |row| col::<String>(row, "name"),
        )
        .await?;
        Ok(found.or_else(|| (code == DEFAULT_NAMESPACE).then(|| code.to_string())))
    }

    /// Stores new roles in one transaction: all or none (a code taken in its namespace is
    /// [`crate::StoreError::Conflict`]).
    pub async fn insert_roles(&self, roles: &[Role]) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        for r in roles {
            insert(&mut *tx, r).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A role of the pool by namespace and code.
    pub async fn get_role(
        &self,
        pool_id: &str,
        namespace: &str,
        code: &str,
    ) -> StoreResult<Option<Role>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM roles WHERE pool_id = $1 AND namespace = $2 AND code = $3"
        );
        fetch_opt(
            sqlx::query(&sql).bind(pool_id).bind(namespace).bind(code),
            &mut *self.reader().await?,
            decode,
        )
        .await
    }

    /// A namespace's roles, oldest first: the total count and one page.
    pub async fn list_roles(&self, pool_id: &str, q: &RoleQuery) -> StoreResult<(i64, Vec<Role>)> {
        fetch_page(
            &mut *self.reader().await?,
            "roles",
            COLUMNS,
            "created_at ASC, id ASC",
            q.limit,
            q.offset,
            |args| {
                let mut cond = format!(
                    "pool_id = {} AND namespace = {}",
                    args.add(pool_id),
                    args.add(q.namespace.as_str())
                );
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

    /// Overwrites a role (matched by pool and id): code, name, description, status and
    /// disable time; false when it no longer exists.
    pub async fn update_role(&self, r: &Role) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE roles SET code = $1, name = $2, description = $3, status = $4, \
             disable_time = $5, updated_at = $6 WHERE id = $7 AND pool_id = $8",
        )
        .bind(&r.code)
        .bind(&r.name)
        .bind(&r.description)
        .bind(r.status.as_str())
        .bind(r.disable_time)
        .bind(r.updated_at)
        .bind(&r.id)
        .bind(&r.pool_id)
        .run_in(self)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes roles of the pool with their assignments and the grants made to them, in one
    /// transaction; returns how many roles were deleted.
    pub async fn delete_roles(&self, pool_id: &str, ids: &[String]) -> StoreResult<u64> {
        if ids.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        let mut args = Args::default();
        let pool = args.add(pool_id);
        let list = args.in_list(ids);
        let sql = format!(
            "DELETE FROM authorizations WHERE pool_id = {pool} AND target_type = 'ROLE' \
             AND target_id IN {list}"
        );
        args.bind(&sql).execute(&mut *tx).await?;
        let mut args = Args::default();
        let pool = args.add(pool_id);
        let list = args.in_list(ids);
        let sql = format!(
            "DELETE FROM role_assignments WHERE role_id IN \
             (SELECT id FROM roles WHERE pool_id = {pool} AND id IN {list})"
        );
        args.bind(&sql).execute(&mut *tx).await?;
        let mut args = Args::default();
        let pool = args.add(pool_id);
        let list = args.in_list(ids);
        let sql = format!("DELETE FROM roles WHERE pool_id = {pool} AND id IN {list}");
        let n = args.bind(&sql).execute(&mut *tx).await?.rows_affected();
        tx.commit().await?;
        Ok(n)
    }

    /// Assigns every role to every target for `window` (replacing the window of an existing
    /// assignment), in one transaction. When a target is not a user or department of the
    /// pool nothing is written and that target is returned.
    pub async fn assign_roles(
        &self,
        pool_id: &str,
        role_ids: &[String],
        targets: &[Target],
        window: Window,
        now: i64,
    ) -> StoreResult<Option<Target>> {
        let mut tx = self.begin_write().await?;
        if let Some(unknown) = first_unknown(&mut tx, pool_id, targets).await? {
            return Ok(Some(unknown));
        }
        for role_id in role_ids {
            for t in targets {
                sqlx::query(
                    "INSERT INTO role_assignments \
                     (role_id, target_type, target_id, enable_time, end_time, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (role_id, target_type, target_id) DO UPDATE SET \
                     enable_time = excluded.enable_time, end_time = excluded.end_time",
                )
                .bind(role_id)
                .bind(t.kind.as_str())
                .bind(&t.id)
                .bind(window.enable_time())
                .bind(window.end_time())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(None)
    }

    /// Removes the assignments of every role to every target, in one transaction. When a
    /// target is not a user or department of the pool nothing is removed and that target is
    /// returned.
    pub async fn revoke_roles(
        &self,
        pool_id: &str,
        role_ids: &[String],
        targets: &[Target],
    ) -> StoreResult<Option<Target>> {
        let mut tx = self.begin_write().await?;
        if let Some(unknown) = first_unknown(&mut tx, pool_id, targets).await? {
            return Ok(Some(unknown));
        }
        for role_id in role_ids {
            for t in targets {
                sqlx::query(
                    "DELETE FROM role_assignments \
                     WHERE role_id = $1 AND target_type = $2 AND target_id = $3",
                )
                .bind(role_id)
                .bind(t.kind.as_str())
                .bind(&t.id)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(None)
    }

    /// Users whose assignment of the role is in effect at `query.now` (directly, and through
    /// a department when asked), newest first.
    pub async fn list_role_members(
        &self,
        pool_id: &str,
        q: &HoldersQuery,
    ) -> StoreResult<(i64, Vec<User>)> {
        fetch_page(
            &mut *self.reader().await?,
            "users",
            users::columns(),
            "created_at DESC, id DESC",
            q.limit,
            q.offset,
            |args| holder_users(pool_id, q, args),
            users::decode,
        )
        .await
    }

    /// Departments whose assignment of the role is in effect at `query.now`.
    pub async fn list_role_departments(
        &self,
        pool_id: &str,
        q: &HoldersQuery,
    ) -> StoreResult<(i64, Vec<RoleDepartment>)> {
        fetch_page(
            &mut *self.reader().await?,
            "departments",
            "id, code, name, description",
            "created_at ASC, id ASC",
            q.limit,
            q.offset,
            |args| {
                let pool = args.add(pool_id);
                let role = args.add(q.role_id.as_str());
                let dept = args.add(TargetType::Department.as_str());
                let effect = in_effect("ra", q.now, args);
                format!(
                    "pool_id = {pool} AND id IN (SELECT ra.target_id FROM role_assignments ra \
                     WHERE ra.role_id = {role} AND ra.target_type = {dept} AND {effect})"
                )
            },
            decode_department,
        )
        .await
    }

    /// The roles `user_id` holds at `now` (see the trait's rule), in namespace `namespace`
    /// or in every namespace when `None`; oldest role first. This is what permission
    /// evaluation should read.
    pub async fn user_roles(
        &self,
        pool_id: &str,
        user_id: &str,
        namespace: Option<&str>,
        now: i64,
    ) -> StoreResult<Vec<Role>> {
        let mut args = Args::default();
        let mut cond = format!("r.pool_id = {}", args.add(pool_id));
        if let Some(ns) = namespace {
            cond.push_str(&format!(" AND r.namespace = {}", args.add(ns)));
        }
        let held = held_role_ids(pool_id, user_id, now, &mut args);
        let sql = format!(
            "SELECT {COLUMNS} FROM roles r WHERE {cond} AND r.id IN ({held}) \
             ORDER BY r.created_at ASC, r.id ASC"
        );
        let rows = args
            .bind(&sql)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        rows.iter().map(decode).collect()
    }
}
