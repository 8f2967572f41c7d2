//! Organisations, department trees (walked with recursive CTEs) and memberships.

use super::args::Args;
use super::users::{columns as user_columns, decode as decode_user, search_conditions};
use super::{RunIn, WriteTx};
use super::{bool_col, col, fetch_opt, fetch_page, json_col, like_pattern, to_json};
use crate::Store;
use crate::error::{StoreError, StoreResult};
use crate::repo::{
    DeptChange, DeptScope, DeptSort, MemberQuery, MemberSort, MembershipSpec, Order, UserDeptSort,
    UserQuery, Window,
};
use authgate_core::department::{
    Department, DepartmentInfo, Membership, Organization, OrganizationInfo,
};
use authgate_core::user::User;
use sqlx::any::AnyRow;
use std::collections::HashMap;

const ORG_COLUMNS: &str =
    "id, pool_id, code, name, description, status, root_department_id, created_at, updated_at";

/// The department columns, qualified with the alias `d`.
const DEPT_COLUMNS: &str = "d.id, d.pool_id, d.org_id, d.parent_id, d.code, \
     d.open_department_id, d.name, d.description, d.status, d.custom_data, d.created_at, \
     d.updated_at";

/// The department columns with the derived facts of the wire record.
const INFO_SELECT: &str = "d.id, d.pool_id, d.org_id, d.parent_id, d.code, \
     d.open_department_id, d.name, d.description, d.status, d.custom_data, d.created_at, \
     d.updated_at, o.code AS org_code, p.code AS parent_code, \
     (SELECT COUNT(*) FROM department_members m WHERE m.department_id = d.id) AS members_count, \
     EXISTS (SELECT 1 FROM departments c WHERE c.parent_id = d.id) AS has_children";

const INFO_FROM: &str = "departments d JOIN organizations o ON o.id = d.org_id \
     LEFT JOIN departments p ON p.id = d.parent_id";

/// Ids bound per `IN (…)` list.
const CHUNK: usize = 500;

fn decode_org(row: &AnyRow) -> StoreResult<Organization> {
    Ok(Organization {
        id: col(row, "id")?,
        pool_id: col(row, "pool_id")?,
        code: col(row, "code")?,
        name: col(row, "name")?,
        description: col(row, "description")?,
        status: bool_col(row, "status")?,
        root_department_id: col(row, "root_department_id")?,
        created_at: col(row, "created_at")?,
        updated_at: col(row, "updated_at")?,
    })
}

fn decode_dept(row: &AnyRow) -> StoreResult<Department> {
    Ok(Department {
        id: col(row, "id")?,
        pool_id: col(row, "pool_id")?,
        org_id: col(row, "org_id")?,
        parent_id: col(row, "parent_id")?,
        code: col(row, "code")?,
        open_department_id: col(row, "open_department_id")?,
        name: col(row, "name")?,
        description: col(row, "description")?,
        status: bool_col(row, "status")?,
        custom_data: json_col(row, "custom_data")?,
        created_at: col(row, "created_at")?,
        updated_at: col(row, "updated_at")?,
    })
}

fn decode_info(row: &AnyRow) -> StoreResult<DepartmentInfo> {
    Ok(DepartmentInfo {
        dept: decode_dept(row)?,
        org_code: col(row, "org_code")?,
        parent_code: col(row, "parent_code")?,
        members_count: col(row, "members_count")?,
        has_children: bool_col(row, "has_children")?,
        leader_ids: Vec::new(),
    })
}

fn decode_membership(row: &AnyRow) -> StoreResult<Membership> {
    Ok(Membership {
        dept: decode_dept(row)?,
        org_code: col(row, "org_code")?,
        is_leader: bool_col(row, "is_leader")?,
        is_main: bool_col(row, "is_main")?,
        joined_at: col(row, "joined_at")?,
    })
}

fn dir(o: Order) -> &'static str {
    match o {
        Order::Asc => "ASC",
        Order::Desc => "DESC",
    }
}

/// A unique-index violation reported as a conflict on `field` (the departments' two indexes
/// are told apart by name); other errors as usual.
fn conflict(field: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            let hint = format!("{} {}", db.constraint().unwrap_or_default(), db.message());
            let field = if field == "code" && hint.contains("open") {
                "openDepartmentId"
            } else {
                field
            };
            StoreError::Conflict { field }
        }
        _ => StoreError::from(e),
    }
}

/// `WITH RECURSIVE sub(id, depth)`: the subtree under (and including, depth 0) department
/// `$root` of pool `$pool`.
fn subtree_cte(args: &mut Args, pool_id: &str, root_id: &str) -> String {
    let root = args.add(root_id);
    let pool = args.add(pool_id);
    format!(
        "WITH RECURSIVE sub(id, depth) AS (\
           SELECT id, 0 FROM departments WHERE id = {root} AND pool_id = {pool} \
           UNION ALL \
           SELECT c.id, sub.depth + 1 FROM departments c JOIN sub ON c.parent_id = sub.id) "
    )
}

/// `(WITH clause, extra join, condition, natural order)` of a department scope.
fn scope_sql(
    args: &mut Args,
    pool_id: &str,
    scope: &DeptScope,
) -> (String, String, String, String) {
    match scope {
        DeptScope::Children { parent_id, status } => {
            let mut cond = format!(
                "d.parent_id = {} AND d.pool_id = {}",
                args.add(parent_id.as_str()),
                args.add(pool_id)
            );
            if let Some(s) = status {
                cond.push_str(&format!(" AND d.status = {}", args.add(*s)));
            }
            (
                String::new(),
                String::new(),
                cond,
                "d.name ASC, d.id ASC".into(),
            )
        }
        DeptScope::Descendants { root_id } => (
            subtree_cte(args, pool_id, root_id),
            " JOIN sub ON sub.id = d.id".into(),
            "sub.depth > 0".into(),
            "sub.depth ASC, d.name ASC, d.id ASC".into(),
        ),
        DeptScope::Search { org_id, keyword } => {
            let mut cond = format!(
                "d.org_id = {} AND d.pool_id = {}",
                args.add(org_id.as_str()),
                args.add(pool_id)
            );
            let kw = keyword.trim();
            if !kw.is_empty() {
                let p = args.add(like_pattern(kw));
                cond.push_str(&format!(
                    " AND (LOWER(d.name) LIKE {p} ESCAPE '\\' \
                     OR LOWER(COALESCE(d.code, '')) LIKE {p} ESCAPE '\\')"
                ));
            }
            (
                String::new(),
                String::new(),
                cond,
                "d.name ASC, d.id ASC".into(),
            )
        }
    }
}

fn dept_order(sort: DeptSort, natural: String) -> String {
    match sort {
        DeptSort::Natural => natural,
        DeptSort::CreatedAt(o) => format!("d.created_at {}, d.id ASC", dir(o)),
        DeptSort::UpdatedAt(o) => format!("d.updated_at {}, d.id ASC", dir(o)),
        DeptSort::Name(o) => format!("d.name {}, d.id ASC", dir(o)),
    }
}

impl Store {
    /// Fills in the leaders of departments (one query per 500 departments).
    async fn with_leaders(
        &self,
        mut infos: Vec<DepartmentInfo>,
    ) -> StoreResult<Vec<DepartmentInfo>> {
        let ids: Vec<String> = infos.iter().map(|i| i.dept.id.clone()).collect();
        let mut leaders: HashMap<String, Vec<String>> = HashMap::new();
        for chunk in ids.chunks(CHUNK) {
            let mut args = Args::default();
            let leader = args.add(true);
            let list = args.in_list(chunk);
            let sql = format!(
                "SELECT department_id, user_id FROM department_members \
                 WHERE is_leader = {leader} AND department_id IN {list} \
                 ORDER BY created_at ASC, user_id ASC"
            );
            let rows = args
                .bind(&sql)
                .fetch_all(&mut *self.reader().await?)
                .await?;
            for row in rows {
                let d: String = col(&row, "department_id")?;
                leaders.entry(d).or_default().push(col(&row, "user_id")?);
            }
        }
        for info in &mut infos {
            info.leader_ids = leaders.remove(&info.dept.id).unwrap_or_default();
        }
        Ok(infos)
    }

    async fn org_infos(
        &self,
        pool_id: &str,
        orgs: Vec<Organization>,
    ) -> StoreResult<Vec<OrganizationInfo>> {
        let ids: Vec<String> = orgs.iter().map(|o| o.root_department_id.clone()).collect();
        let mut roots: HashMap<String, DepartmentInfo> = self
            .department_infos(pool_id, &ids)
            .await?
            .into_iter()
            .map(|i| (i.dept.id.clone(), i))
            .collect();
        orgs.into_iter()
            .map(|org| {
                let root = roots.remove(&org.root_department_id).ok_or_else(|| {
                    StoreError::Corrupt(format!("organization {} has no root department", org.id))
                })?;
                Ok(OrganizationInfo { org, root })
            })
            .collect()
    }

    async fn find_dept(&self, cond: &str, a: &str, b: &str) -> StoreResult<Option<Department>> {
        let sql = format!("SELECT {DEPT_COLUMNS} FROM departments d WHERE {cond}");
        fetch_opt(
            sqlx::query(&sql).bind(a).bind(b),
            &mut *self.reader().await?,
            decode_dept,
        )
        .await
    }
}

/// Locks an organisation's row for the rest of the transaction, so that concurrent changes
/// to one tree (two moves that would form a cycle together) run one after the other.
async fn lock_org(tx: &mut WriteTx, org_id: &str) -> StoreResult<()> {
    sqlx::query("UPDATE organizations SET updated_at = updated_at WHERE id = $1")
        .bind(org_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Deletes the role assignments and grants that target departments chosen by `subquery`
/// (a `SELECT id …` over `$1`).
async fn delete_department_targets(tx: &mut WriteTx, subquery: &str, key: &str) -> StoreResult<()> {
    for table in ["role_assignments", "authorizations"] {
        let sql = format!(
            "DELETE FROM {table} WHERE target_type = 'DEPARTMENT' AND target_id IN ({subquery})"
        );
        sqlx::query(&sql).bind(key).execute(&mut **tx).await?;
    }
    let sql = format!("DELETE FROM department_members WHERE department_id IN ({subquery})");
    sqlx::query(&sql).bind(key).execute(&mut **tx).await?;
    Ok(())
}

async fn insert_dept<'e, E>(exec: E, d: &Department) -> StoreResult<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO departments (id, pool_id, org_id, parent_id, code, open_department_id, \
         name, description, status, custom_data, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&d.id)
    .bind(&d.pool_id)
    .bind(&d.org_id)
    .bind(&d.parent_id)
    .bind(&d.code)
    .bind(&d.open_department_id)
    .bind(&d.name)
    .bind(&d.description)
    .bind(d.status)
    .bind(to_json(&d.custom_data)?)
    .bind(d.created_at)
    .bind(d.updated_at)
    .execute(exec)
    .await
    .map_err(conflict("code"))?;
    Ok(())
}

async fn upsert_member<'e, E>(
    exec: E,
    dept_id: &str,
    user_id: &str,
    spec: Option<(bool, bool)>,
    now: i64,
) -> StoreResult<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (is_leader, is_main) = spec.unwrap_or((false, false));
    let on_conflict = match spec {
        None => "DO NOTHING",
        Some(_) => "DO UPDATE SET is_leader = excluded.is_leader, is_main = excluded.is_main",
    };
    let sql = format!(
        "INSERT INTO department_members (department_id, user_id, is_leader, is_main, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (department_id, user_id) {on_conflict}"
    );
    sqlx::query(&sql)
        .bind(dept_id)
        .bind(user_id)
        .bind(is_leader)
        .bind(is_main)
        .bind(now)
        .execute(exec)
        .await?;
    Ok(())
}

/// Organisations, departments and memberships. Every call is scoped to a user pool.
impl Store {
    /// Stores a new organisation and its root department, in one transaction. A clash of
    /// the organisation code is `Conflict { field: "organizationCode" }`.
    pub async fn create_organization(
        &self,
        org: &Organization,
        root: &Department,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "INSERT INTO organizations ({ORG_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        );
        sqlx::query(&sql)
            .bind(&org.id)
            .bind(&org.pool_id)
            .bind(&org.code)
            .bind(&org.name)
            .bind(&org.description)
            .bind(org.status)
            .bind(&org.root_department_id)
            .bind(org.created_at)
            .bind(org.updated_at)
            .execute(&mut *tx)
            .await
            .map_err(conflict("organizationCode"))?;
        insert_dept(&mut *tx, root).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An organisation of a pool by code, with its root department.
    pub async fn get_organization(
        &self,
        pool_id: &str,
        code: &str,
    ) -> StoreResult<Option<OrganizationInfo>> {
        let sql =
            format!("SELECT {ORG_COLUMNS} FROM organizations WHERE pool_id = $1 AND code = $2");
        let org = fetch_opt(
            sqlx::query(&sql).bind(pool_id).bind(code),
            &mut *self.reader().await?,
            decode_org,
        )
        .await?;
        match org {
            None => Ok(None),
            Some(o) => Ok(self.org_infos(pool_id, vec![o]).await?.pop()),
        }
    }

    /// A pool's organisations, oldest first, optionally those whose name or code contains
    /// `keyword` or with a status: the total count and one page.
    pub async fn list_organizations(
        &self,
        pool_id: &str,
        keyword: Option<&str>,
        status: Option<bool>,
        window: Window,
    ) -> StoreResult<(i64, Vec<OrganizationInfo>)> {
        let (total, orgs) = fetch_page(
            &mut *self.reader().await?,
            "organizations",
            ORG_COLUMNS,
            "created_at ASC, id ASC",
            window.limit,
            window.offset,
            |args| {
                let mut cond = format!("pool_id = {}", args.add(pool_id));
                if let Some(kw) = keyword.map(str::trim).filter(|k| !k.is_empty()) {
                    let p = args.add(like_pattern(kw));
                    cond.push_str(&format!(
                        " AND (LOWER(name) LIKE {p} ESCAPE '\\' OR LOWER(code) LIKE {p} ESCAPE '\\')"
                    ));
                }
                if let Some(s) = status {
                    cond.push_str(&format!(" AND status = {}", args.add(s)));
                }
                cond
            },
            decode_org,
        )
        .await?;
        Ok((total, self.org_infos(pool_id, orgs).await?))
    }

    /// Overwrites an organisation and its root department (names, code, description, open
    /// id, custom data), in one transaction; false when it no longer exists.
    pub async fn update_organization(
        &self,
        org: &Organization,
        root: &Department,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE organizations SET code = $1, name = $2, description = $3, status = $4, \
             updated_at = $5 WHERE id = $6 AND pool_id = $7",
        )
        .bind(&org.code)
        .bind(&org.name)
        .bind(&org.description)
        .bind(org.status)
        .bind(org.updated_at)
        .bind(&org.id)
        .bind(&org.pool_id)
        .execute(&mut *tx)
        .await
        .map_err(conflict("organizationCode"))?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE departments SET name = $1, description = $2, open_department_id = $3, \
             custom_data = $4, updated_at = $5 WHERE id = $6 AND org_id = $7",
        )
        .bind(&root.name)
        .bind(&root.description)
        .bind(&root.open_department_id)
        .bind(to_json(&root.custom_data)?)
        .bind(root.updated_at)
        .bind(&root.id)
        .bind(&org.id)
        .execute(&mut *tx)
        .await
        .map_err(conflict("code"))?;
        tx.commit().await?;
        Ok(true)
    }

    /// Deletes an organisation with its whole tree, the memberships, and the role assignments
    /// and grants that target its departments; false when it did not exist.
    pub async fn delete_organization(&self, pool_id: &str, org_id: &str) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let found = sqlx::query("SELECT id FROM organizations WHERE id = $1 AND pool_id = $2")
            .bind(org_id)
            .bind(pool_id)
            .fetch_optional(&mut *tx)
            .await?;
        if found.is_none() {
            return Ok(false);
        }
        delete_department_targets(
            &mut tx,
            "SELECT id FROM departments WHERE org_id = $1",
            org_id,
        )
        .await?;
        // One statement: the parent links inside the tree are checked at its end.
        sqlx::query("DELETE FROM departments WHERE org_id = $1")
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM organizations WHERE id = $1")
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Stores a new department. A clash is `Conflict { field: "code" | "openDepartmentId" }`.
    pub async fn create_department(&self, dept: &Department) -> StoreResult<()> {
        let mut w = self.writer().await?;
        insert_dept(&mut *w, dept).await?;
        w.commit().await
    }

    /// A department of a pool by server id.
    pub async fn department_by_id(
        &self,
        pool_id: &str,
        id: &str,
    ) -> StoreResult<Option<Department>> {
        self.find_dept("d.id = $1 AND d.pool_id = $2", id, pool_id)
            .await
    }

    /// A department of an organisation by code.
    pub async fn department_by_code(
        &self,
        org_id: &str,
        code: &str,
    ) -> StoreResult<Option<Department>> {
        self.find_dept("d.code = $1 AND d.org_id = $2", code, org_id)
            .await
    }

    /// A department of an organisation by `openDepartmentId`.
    pub async fn department_by_open_id(
        &self,
        org_id: &str,
        open_id: &str,
    ) -> StoreResult<Option<Department>> {
        self.find_dept(
            "d.open_department_id = $1 AND d.org_id = $2",
            open_id,
            org_id,
        )
        .await
    }

    /// A department and its ancestors, the root first (empty when it does not exist).
    pub async fn department_path(&self, pool_id: &str, id: &str) -> StoreResult<Vec<Department>> {
        let sql = format!(
            "WITH RECURSIVE up(id, depth) AS (\
               SELECT id, 0 FROM departments WHERE id = $1 AND pool_id = $2 \
               UNION ALL \
               SELECT d.parent_id, up.depth + 1 FROM departments d JOIN up ON d.id = up.id \
               WHERE d.parent_id IS NOT NULL) \
             SELECT {DEPT_COLUMNS} FROM departments d JOIN up ON up.id = d.id \
             ORDER BY up.depth DESC"
        );
        let rows = sqlx::query(&sql)
            .bind(id)
            .bind(pool_id)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        rows.iter().map(decode_dept).collect()
    }

    /// The wire facts of departments, in the order of `ids` (unknown ids left out).
    pub async fn department_infos(
        &self,
        pool_id: &str,
        ids: &[String],
    ) -> StoreResult<Vec<DepartmentInfo>> {
        let mut found: HashMap<String, DepartmentInfo> = HashMap::new();
        for chunk in ids.chunks(CHUNK) {
            let mut args = Args::default();
            let pool = args.add(pool_id);
            let list = args.in_list(chunk);
            let sql = format!(
                "SELECT {INFO_SELECT} FROM {INFO_FROM} WHERE d.pool_id = {pool} AND d.id IN {list}"
            );
            let rows = args
                .bind(&sql)
                .fetch_all(&mut *self.reader().await?)
                .await?;
            for row in rows {
                let info = decode_info(&row)?;
                found.insert(info.dept.id.clone(), info);
            }
        }
        let ordered = ids.iter().filter_map(|id| found.remove(id)).collect();
        self.with_leaders(ordered).await
    }

    /// Departments of a scope: the total count and one page (all when `window` is `None`).
    pub async fn list_departments(
        &self,
        pool_id: &str,
        scope: &DeptScope,
        sort: DeptSort,
        window: Option<Window>,
    ) -> StoreResult<(i64, Vec<DepartmentInfo>)> {
        let mut args = Args::default();
        let (with, join, cond, natural) = scope_sql(&mut args, pool_id, scope);
        let order = dept_order(sort, natural);
        let mut sql = format!(
            "{with}SELECT {INFO_SELECT} FROM {INFO_FROM}{join} WHERE {cond} ORDER BY {order}"
        );
        if let Some(w) = window {
            let limit = args.add(w.limit);
            let offset = args.add(w.offset);
            sql.push_str(&format!(" LIMIT {limit} OFFSET {offset}"));
        }
        let rows = args
            .bind(&sql)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        let list = rows
            .iter()
            .map(decode_info)
            .collect::<Result<Vec<_>, _>>()?;
        let total = match window {
            None => i64::try_from(list.len()).unwrap_or(i64::MAX),
            Some(_) => {
                let mut args = Args::default();
                let (with, join, cond, _) = scope_sql(&mut args, pool_id, scope);
                let sql =
                    format!("{with}SELECT COUNT(*) AS n FROM departments d{join} WHERE {cond}");
                col(
                    &args
                        .bind(&sql)
                        .fetch_one(&mut *self.reader().await?)
                        .await?,
                    "n",
                )?
            }
        };
        Ok((total, self.with_leaders(list).await?))
    }

    /// Overwrites a department's fields and parent, in one transaction that refuses a parent
    /// inside the department's own subtree ([`DeptChange::Cycle`]).
    pub async fn update_department(&self, d: &Department) -> StoreResult<DeptChange> {
        let mut tx = self.begin_write().await?;
        lock_org(&mut tx, &d.org_id).await?;
        if let Some(parent) = &d.parent_id {
            let exists = sqlx::query("SELECT id FROM departments WHERE id = $1 AND org_id = $2")
                .bind(parent)
                .bind(&d.org_id)
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                return Ok(DeptChange::NotFound);
            }
            let mut args = Args::default();
            let cte = subtree_cte(&mut args, &d.pool_id, &d.id);
            let p = args.add(parent.as_str());
            let sql = format!("{cte}SELECT id FROM sub WHERE id = {p}");
            if args.bind(&sql).fetch_optional(&mut *tx).await?.is_some() {
                return Ok(DeptChange::Cycle);
            }
        }
        let done = sqlx::query(
            "UPDATE departments SET parent_id = $1, code = $2, open_department_id = $3, \
             name = $4, description = $5, status = $6, custom_data = $7, updated_at = $8 \
             WHERE id = $9 AND pool_id = $10",
        )
        .bind(&d.parent_id)
        .bind(&d.code)
        .bind(&d.open_department_id)
        .bind(&d.name)
        .bind(&d.description)
        .bind(d.status)
        .bind(to_json(&d.custom_data)?)
        .bind(d.updated_at)
        .bind(&d.id)
        .bind(&d.pool_id)
        .execute(&mut *tx)
        .await
        .map_err(conflict("code"))?;
        if done.rows_affected() == 0 {
            return Ok(DeptChange::NotFound);
        }
        tx.commit().await?;
        Ok(DeptChange::Done)
    }

    /// Deletes a department that has no sub-departments, with its memberships and the role
    /// assignments and grants that target it ([`DeptChange::HasChildren`] otherwise).
    pub async fn delete_department(&self, pool_id: &str, id: &str) -> StoreResult<DeptChange> {
        let mut tx = self.begin_write().await?;
        let org = sqlx::query("SELECT org_id FROM departments WHERE id = $1 AND pool_id = $2")
            .bind(id)
            .bind(pool_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(org) = org else {
            return Ok(DeptChange::NotFound);
        };
        let org_id: String = col(&org, "org_id")?;
        lock_org(&mut tx, &org_id).await?;
        let child = sqlx::query("SELECT id FROM departments WHERE parent_id = $1 LIMIT 1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        if child.is_some() {
            return Ok(DeptChange::HasChildren);
        }
        delete_department_targets(&mut tx, "SELECT id FROM departments WHERE id = $1", id).await?;
        sqlx::query("DELETE FROM departments WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(DeptChange::Done)
    }

    /// Adds users to a department (existing memberships are kept as they are).
    pub async fn add_members(
        &self,
        dept_id: &str,
        user_ids: &[String],
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        for u in user_ids {
            upsert_member(&mut *tx, dept_id, u, None, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Removes users from a department.
    pub async fn remove_members(&self, dept_id: &str, user_ids: &[String]) -> StoreResult<()> {
        if user_ids.is_empty() {
            return Ok(());
        }
        let mut args = Args::default();
        let d = args.add(dept_id);
        let list = args.in_list(user_ids);
        let sql = format!(
            "DELETE FROM department_members WHERE department_id = {d} AND user_id IN {list}"
        );
        args.bind(&sql).run_in(self).await?;
        Ok(())
    }

    /// Makes exactly `user_ids` the department's leaders, adding them as members if needed.
    pub async fn set_leaders(
        &self,
        dept_id: &str,
        user_ids: &[String],
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE department_members SET is_leader = $1 WHERE department_id = $2")
            .bind(false)
            .bind(dept_id)
            .execute(&mut *tx)
            .await?;
        for u in user_ids {
            sqlx::query(
                "INSERT INTO department_members (department_id, user_id, is_leader, is_main, \
                 created_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (department_id, user_id) DO UPDATE SET is_leader = excluded.is_leader",
            )
            .bind(dept_id)
            .bind(u)
            .bind(true)
            .bind(false)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Members of a department (and its subtree): the total count and one page.
    pub async fn list_members(
        &self,
        pool_id: &str,
        q: &MemberQuery,
    ) -> StoreResult<(i64, Vec<User>)> {
        let build = |args: &mut Args| -> String {
            let (with, scope) = if q.include_children {
                (
                    subtree_cte(args, pool_id, &q.dept_id),
                    "department_id IN (SELECT id FROM sub)".to_string(),
                )
            } else {
                (
                    String::new(),
                    format!("department_id = {}", args.add(q.dept_id.as_str())),
                )
            };
            let search = UserQuery {
                keyword: q.keyword.clone(),
                ..UserQuery::default()
            };
            let cond = search_conditions(pool_id, &search, args);
            format!(
                "{with}SELECT {{cols}} FROM users JOIN (SELECT user_id, MAX(created_at) AS joined_at \
                 FROM department_members WHERE {scope} GROUP BY user_id) j \
                 ON j.user_id = users.id WHERE {cond}"
            )
        };
        let mut count_args = Args::default();
        let count_sql = build(&mut count_args).replace("{cols}", "COUNT(*) AS n");
        let total: i64 = col(
            &count_args
                .bind(&count_sql)
                .fetch_one(&mut *self.reader().await?)
                .await?,
            "n",
        )?;

        let mut args = Args::default();
        let base = build(&mut args).replace("{cols}", user_columns());
        let order = match q.sort {
            MemberSort::JoinedAt(o) => format!("j.joined_at {}", dir(o)),
            MemberSort::UserId(o) => format!("users.id {}", dir(o)),
            MemberSort::CreatedAt(o) => format!("users.created_at {}", dir(o)),
            MemberSort::UpdatedAt(o) => format!("users.updated_at {}", dir(o)),
        };
        let limit = args.add(q.window.limit);
        let offset = args.add(q.window.offset);
        let sql = format!("{base} ORDER BY {order}, users.id ASC LIMIT {limit} OFFSET {offset}");
        let rows = args
            .bind(&sql)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        let users = rows
            .iter()
            .map(decode_user)
            .collect::<Result<Vec<_>, _>>()?;
        Ok((total, users))
    }

    /// The ids of a department's direct members, oldest membership first.
    pub async fn member_ids(&self, dept_id: &str) -> StoreResult<Vec<String>> {
        let rows = sqlx::query(
            "SELECT user_id FROM department_members WHERE department_id = $1 \
             ORDER BY created_at ASC, user_id ASC",
        )
        .bind(dept_id)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter().map(|r| col(r, "user_id")).collect()
    }

    /// Whether a user is a member of a department (or of one below it).
    pub async fn is_member(
        &self,
        dept_id: &str,
        user_id: &str,
        include_children: bool,
    ) -> StoreResult<bool> {
        let mut args = Args::default();
        let (with, scope) = if include_children {
            // The pool was checked when the department was found; the CTE needs one anyway.
            let cte = format!(
                "WITH RECURSIVE sub(id) AS (SELECT id FROM departments WHERE id = {} \
                 UNION ALL SELECT c.id FROM departments c JOIN sub ON c.parent_id = sub.id) ",
                args.add(dept_id)
            );
            (cte, "department_id IN (SELECT id FROM sub)".to_string())
        } else {
            (
                String::new(),
                format!("department_id = {}", args.add(dept_id)),
            )
        };
        let u = args.add(user_id);
        let sql = format!(
            "{with}SELECT user_id FROM department_members WHERE user_id = {u} AND {scope} LIMIT 1"
        );
        Ok(args
            .bind(&sql)
            .fetch_optional(&mut *self.reader().await?)
            .await?
            .is_some())
    }

    /// A user's departments: the total count and one page.
    pub async fn user_memberships(
        &self,
        user_id: &str,
        sort: UserDeptSort,
        window: Window,
    ) -> StoreResult<(i64, Vec<Membership>)> {
        let total: i64 = col(
            &sqlx::query("SELECT COUNT(*) AS n FROM department_members WHERE user_id = $1")
                .bind(user_id)
                .fetch_one(&mut *self.reader().await?)
                .await?,
            "n",
        )?;
        let order = match sort {
            UserDeptSort::DepartmentCreatedAt(o) => format!("d.created_at {}", dir(o)),
            UserDeptSort::JoinedAt(o) => format!("m.created_at {}", dir(o)),
            UserDeptSort::Name(o) => format!("d.name {}", dir(o)),
            UserDeptSort::Code(o) => format!("COALESCE(d.code, '') {}", dir(o)),
        };
        let sql = format!(
            "SELECT {DEPT_COLUMNS}, o.code AS org_code, m.is_leader, m.is_main, \
             m.created_at AS joined_at FROM department_members m \
             JOIN departments d ON d.id = m.department_id \
             JOIN organizations o ON o.id = d.org_id \
             WHERE m.user_id = $1 ORDER BY {order}, d.id ASC LIMIT $2 OFFSET $3"
        );
        let rows = sqlx::query(&sql)
            .bind(user_id)
            .bind(window.limit)
            .bind(window.offset)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        let list = rows
            .iter()
            .map(decode_membership)
            .collect::<Result<Vec<_>, _>>()?;
        Ok((total, list))
    }

    /// Replaces a user's departments with `set`, in one transaction; departments kept keep
    /// their join time.
    pub async fn set_user_departments(
        &self,
        user_id: &str,
        set: &[MembershipSpec],
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let mut args = Args::default();
        let u = args.add(user_id);
        let mut sql = format!("DELETE FROM department_members WHERE user_id = {u}");
        if !set.is_empty() {
            let ids: Vec<String> = set.iter().map(|s| s.dept_id.clone()).collect();
            sql.push_str(&format!(" AND department_id NOT IN {}", args.in_list(&ids)));
        }
        args.bind(&sql).execute(&mut *tx).await?;
        for s in set {
            upsert_member(
                &mut *tx,
                &s.dept_id,
                user_id,
                Some((s.is_leader, s.is_main)),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// `(user id, department id)` of every membership of the given users.
    pub async fn department_ids_of(
        &self,
        user_ids: &[String],
    ) -> StoreResult<Vec<(String, String)>> {
        let mut out = Vec::new();
        for chunk in user_ids.chunks(CHUNK) {
            let mut args = Args::default();
            let list = args.in_list(chunk);
            let sql = format!(
                "SELECT user_id, department_id FROM department_members WHERE user_id IN {list} \
                 ORDER BY created_at ASC, department_id ASC"
            );
            let rows = args
                .bind(&sql)
                .fetch_all(&mut *self.reader().await?)
                .await?;
            for row in rows {
                out.push((col(&row, "user_id")?, col(&row, "department_id")?));
            }
        }
        Ok(out)
    }
}
