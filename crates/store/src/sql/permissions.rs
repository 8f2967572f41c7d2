//! Namespaces, resources and grants, and the reads of permission evaluation.

use super::RunIn;
use super::args::Args;
use super::{col, fetch_page, json_col, like_pattern, to_json};
use crate::Store;
use crate::error::{StoreError, StoreResult};
use crate::repo::{Namespace, NamespaceChange, Resource, ResourceQuery, StoredGrant, Subjects};
use authgate_core::permission::{Effect, Grant, PolicyCondition, ResourceType, TargetType};
use sqlx::any::AnyRow;
use std::collections::HashMap;

/// A `LIKE … ESCAPE '\'` pattern for the strings starting with `prefix`.
fn prefix_pattern(prefix: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + 1);
    for c in prefix.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

fn resource_type(row: &AnyRow, name: &str) -> StoreResult<ResourceType> {
    let text: String = col(row, name)?;
    ResourceType::parse(&text).ok_or_else(|| StoreError::Corrupt(format!("{name}: {text}")))
}

// ---------------------------------------------------------------- namespaces

const NS_COLUMNS: &str = "id, pool_id, code, name, description, status, created_at, updated_at";

fn decode_namespace(row: &AnyRow) -> StoreResult<Namespace> {
    Ok(Namespace {
        id: col(row, "id")?,
        pool_id: col(row, "pool_id")?,
        code: col(row, "code")?,
        name: col(row, "name")?,
        description: col(row, "description")?,
        status: col(row, "status")?,
        created_at: col(row, "created_at")?,
        updated_at: col(row, "updated_at")?,
    })
}

/// Namespaces.
impl Store {
    /// Stores new namespaces in one transaction ([`crate::StoreError::Conflict`] on a taken code).
    pub async fn insert_namespaces(&self, list: &[Namespace]) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        for n in list {
            sqlx::query(&format!(
                "INSERT INTO namespaces ({NS_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            ))
            .bind(&n.id)
            .bind(&n.pool_id)
            .bind(&n.code)
            .bind(&n.name)
            .bind(&n.description)
            .bind(n.status)
            .bind(n.created_at)
            .bind(n.updated_at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The namespaces of `codes` that exist, in no particular order.
    pub async fn get_namespaces(
        &self,
        pool_id: &str,
        codes: &[String],
    ) -> StoreResult<Vec<Namespace>> {
        let mut args = Args::default();
        let pool = args.add(pool_id);
        let list = args.in_list(codes);
        let sql = format!(
            "SELECT {NS_COLUMNS} FROM namespaces WHERE pool_id = {pool} AND code IN {list}"
        );
        let rows = args
            .bind(&sql)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        rows.iter().map(decode_namespace).collect()
    }

    /// A page of namespaces by code, matching `keyword` in code or name.
    pub async fn list_namespaces(
        &self,
        pool_id: &str,
        keyword: Option<&str>,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(i64, Vec<Namespace>)> {
        let keyword = keyword.map(str::trim).filter(|k| !k.is_empty());
        fetch_page(
            &mut *self.reader().await?,
            "namespaces",
            NS_COLUMNS,
            "code ASC",
            limit,
            offset,
            |args| {
                let mut cond = format!("pool_id = {}", args.add(pool_id));
                if let Some(k) = keyword {
                    let p = args.add(like_pattern(k));
                    cond.push_str(&format!(
                        " AND (LOWER(code) LIKE {p} ESCAPE '\\' OR LOWER(name) LIKE {p} ESCAPE '\\')"
                    ));
                }
                cond
            },
            decode_namespace,
        )
        .await
    }

    /// Changes a namespace; a new code is carried to its resources, roles and grants in the
    /// same transaction. False when it does not exist.
    pub async fn update_namespace(
        &self,
        pool_id: &str,
        code: &str,
        change: &NamespaceChange,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let new_code = change.new_code.as_deref().unwrap_or(code);
        let done = sqlx::query(
            "UPDATE namespaces SET code = $1, name = COALESCE($2, name), \
             description = COALESCE($3, description), updated_at = $4 \
             WHERE pool_id = $5 AND code = $6",
        )
        .bind(new_code)
        .bind(&change.name)
        .bind(&change.description)
        .bind(now)
        .bind(pool_id)
        .bind(code)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        if new_code != code {
            for table in ["resources", "roles", "authorizations"] {
                sqlx::query(&format!(
                    "UPDATE {table} SET namespace = $1 WHERE pool_id = $2 AND namespace = $3"
                ))
                .bind(new_code)
                .bind(pool_id)
                .bind(code)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Deletes namespaces with their resources, roles and every grant in them or to their
    /// roles; the number of namespaces deleted.
    pub async fn delete_namespaces(&self, pool_id: &str, codes: &[String]) -> StoreResult<u64> {
        let mut tx = self.begin_write().await?;
        let statements = [
            "DELETE FROM authorizations WHERE pool_id = $1 AND target_type = 'ROLE' AND target_id IN \
             (SELECT id FROM roles WHERE pool_id = $1 AND namespace IN {list})",
            "DELETE FROM authorizations WHERE pool_id = $1 AND namespace IN {list}",
            "DELETE FROM resources WHERE pool_id = $1 AND namespace IN {list}",
            "DELETE FROM roles WHERE pool_id = $1 AND namespace IN {list}",
            "DELETE FROM namespaces WHERE pool_id = $1 AND code IN {list}",
        ];
        let mut deleted = 0;
        for sql in statements {
            let mut args = Args::default();
            args.add(pool_id);
            let list = args.in_list(codes);
            let done = args
                .bind(&sql.replace("{list}", &list))
                .execute(&mut *tx)
                .await?;
            deleted = done.rows_affected();
        }
        tx.commit().await?;
        Ok(deleted)
    }
}

// ---------------------------------------------------------------- resources

const RES_COLUMNS: &str = "id, pool_id, namespace, code, resource_type, name, description, \
                           api_identifier, actions, created_at, updated_at";

fn decode_resource(row: &AnyRow) -> StoreResult<Resource> {
    Ok(Resource {
        id: col(row, "id")?,
        pool_id: col(row, "pool_id")?,
        namespace: col(row, "namespace")?,
        code: col(row, "code")?,
        resource_type: resource_type(row, "resource_type")?,
        name: col(row, "name")?,
        description: col(row, "description")?,
        api_identifier: col(row, "api_identifier")?,
        actions: json_col(row, "actions")?,
        created_at: col(row, "created_at")?,
        updated_at: col(row, "updated_at")?,
    })
}

/// Resources.
impl Store {
    /// Stores new resources in one transaction ([`crate::StoreError::Conflict`] on a taken code).
    pub async fn insert_resources(&self, list: &[Resource]) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        for r in list {
            sqlx::query(&format!(
                "INSERT INTO resources ({RES_COLUMNS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
            ))
            .bind(&r.id)
            .bind(&r.pool_id)
            .bind(&r.namespace)
            .bind(&r.code)
            .bind(r.resource_type.as_str())
            .bind(&r.name)
            .bind(&r.description)
            .bind(&r.api_identifier)
            .bind(to_json(&r.actions)?)
            .bind(r.created_at)
            .bind(r.updated_at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The resources of `codes` in a namespace that exist.
    pub async fn get_resources(
        &self,
        pool_id: &str,
        namespace: &str,
        codes: &[String],
    ) -> StoreResult<Vec<Resource>> {
        let mut args = Args::default();
        let pool = args.add(pool_id);
        let ns = args.add(namespace);
        let list = args.in_list(codes);
        let sql = format!(
            "SELECT {RES_COLUMNS} FROM resources \
             WHERE pool_id = {pool} AND namespace = {ns} AND code IN {list} ORDER BY code"
        );
        let rows = args
            .bind(&sql)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        rows.iter().map(decode_resource).collect()
    }

    /// A page of resources by namespace and code.
    pub async fn list_resources(
        &self,
        pool_id: &str,
        q: &ResourceQuery,
    ) -> StoreResult<(i64, Vec<Resource>)> {
        let keyword = q
            .keyword
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty());
        fetch_page(
            &mut *self.reader().await?,
            "resources",
            RES_COLUMNS,
            "namespace ASC, code ASC",
            q.limit,
            q.offset,
            |args| {
                let mut cond = format!("pool_id = {}", args.add(pool_id));
                if !q.namespaces.is_empty() {
                    cond.push_str(&format!(
                        " AND namespace IN {}",
                        args.in_list(&q.namespaces)
                    ));
                }
                if let Some(t) = q.resource_type {
                    cond.push_str(&format!(" AND resource_type = {}", args.add(t.as_str())));
                }
                if let Some(k) = keyword {
                    let p = args.add(like_pattern(k));
                    cond.push_str(&format!(
                        " AND (LOWER(code) LIKE {p} ESCAPE '\\' \
                         OR LOWER(COALESCE(name, '')) LIKE {p} ESCAPE '\\')"
                    ));
                }
                cond
            },
            decode_resource,
        )
        .await
    }

    /// Overwrites a resource's kind, name, description, URL identifier and actions; false
    /// when it does not exist.
    pub async fn update_resource(&self, r: &Resource) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE resources SET resource_type = $1, name = $2, description = $3, \
             api_identifier = $4, actions = $5, updated_at = $6 \
             WHERE pool_id = $7 AND namespace = $8 AND code = $9",
        )
        .bind(r.resource_type.as_str())
        .bind(&r.name)
        .bind(&r.description)
        .bind(&r.api_identifier)
        .bind(to_json(&r.actions)?)
        .bind(r.updated_at)
        .bind(&r.pool_id)
        .bind(&r.namespace)
        .bind(&r.code)
        .run_in(self)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes resources of a namespace by code or id, with the grants on them and on the
    /// paths below them; the number of resources deleted.
    pub async fn delete_resources(
        &self,
        pool_id: &str,
        namespace: &str,
        codes: &[String],
        ids: &[String],
    ) -> StoreResult<u64> {
        let mut tx = self.begin_write().await?;
        // The codes of the resources named by id, so their grants go too.
        let mut args = Args::default();
        let pool = args.add(pool_id);
        let ns = args.add(namespace);
        let list = args.in_list(ids);
        let sql = format!(
            "SELECT code FROM resources WHERE pool_id = {pool} AND namespace = {ns} AND id IN {list}"
        );
        let mut all: Vec<String> = codes.to_vec();
        for row in args.bind(&sql).fetch_all(&mut *tx).await? {
            all.push(col(&row, "code")?);
        }
        for code in &all {
            sqlx::query(
                "DELETE FROM authorizations WHERE pool_id = $1 AND namespace = $2 AND \
                 (resource_code = $3 OR resource_code LIKE $4 ESCAPE '\\' \
                  OR resource_code LIKE $5 ESCAPE '\\')",
            )
            .bind(pool_id)
            .bind(namespace)
            .bind(code)
            .bind(prefix_pattern(&format!("{code}:")))
            .bind(prefix_pattern(&format!("{code}/")))
            .execute(&mut *tx)
            .await?;
        }
        let mut args = Args::default();
        let pool = args.add(pool_id);
        let ns = args.add(namespace);
        let list = args.in_list(&all);
        let sql = format!(
            "DELETE FROM resources WHERE pool_id = {pool} AND namespace = {ns} AND code IN {list}"
        );
        let done = args.bind(&sql).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}

// ---------------------------------------------------------------- grants

const GRANT_COLUMNS: &str = "a.id, a.pool_id, a.namespace, a.target_type, a.target_id, \
     a.resource_code, a.resource_type, a.actions, a.effect, a.conditions, a.created_at, \
     a.updated_at, r.api_identifier, r.description";

const GRANT_FROM: &str = "authorizations a LEFT JOIN resources r ON r.pool_id = a.pool_id \
     AND r.namespace = a.namespace AND r.code = a.resource_code";

fn decode_grant_body(row: &AnyRow) -> StoreResult<Grant> {
    let effect: String = col(row, "effect")?;
    let conditions: Option<String> = col(row, "conditions")?;
    let conditions: Vec<PolicyCondition> = match conditions {
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| StoreError::Corrupt(format!("conditions: {e}")))?,
        None => Vec::new(),
    };
    Ok(Grant {
        resource_code: col(row, "resource_code")?,
        resource_type: resource_type(row, "resource_type")?,
        api_identifier: col(row, "api_identifier")?,
        description: col(row, "description")?,
        actions: json_col(row, "actions")?,
        effect: Effect::parse(&effect)
            .ok_or_else(|| StoreError::Corrupt(format!("effect: {effect}")))?,
        conditions,
    })
}

fn decode_grant(row: &AnyRow) -> StoreResult<StoredGrant> {
    let target_type: String = col(row, "target_type")?;
    Ok(StoredGrant {
        id: col(row, "id")?,
        pool_id: col(row, "pool_id")?,
        namespace: col(row, "namespace")?,
        target_type: TargetType::parse(&target_type)
            .ok_or_else(|| StoreError::Corrupt(format!("target_type: {target_type}")))?,
        target_id: col(row, "target_id")?,
        grant: decode_grant_body(row)?,
        created_at: col(row, "created_at")?,
        updated_at: col(row, "updated_at")?,
    })
}

/// `(table, id column, identifier column, extra condition)` of a target kind.
fn target_table(t: TargetType) -> (&'static str, &'static str, &'static str) {
    match t {
        TargetType::User => ("users", "id", "id"),
        TargetType::Role => ("roles", "id", "code"),
        TargetType::Group => ("user_groups", "id", "code"),
        TargetType::Department => ("departments", "id", "id"),
    }
}

async fn pairs(
    store: &Store,
    pool_id: &str,
    namespace: Option<&str>,
    t: TargetType,
    by: &str,
    values: &[String],
    key_is_identifier: bool,
) -> StoreResult<HashMap<String, String>> {
    let (table, id_col, ident_col) = target_table(t);
    let mut args = Args::default();
    let pool = args.add(pool_id);
    let list = args.in_list(values);
    let mut sql = format!(
        "SELECT {id_col} AS tid, {ident_col} AS ident FROM {table} \
         WHERE pool_id = {pool} AND {by} IN {list}"
    );
    if let (TargetType::Role, Some(ns)) = (t, namespace) {
        sql.push_str(&format!(" AND namespace = {}", args.add(ns)));
    }
    let rows = args
        .bind(&sql)
        .fetch_all(&mut *store.reader().await?)
        .await?;
    let mut out = HashMap::with_capacity(rows.len());
    for row in &rows {
        let (id, ident): (String, String) = (col(row, "tid")?, col(row, "ident")?);
        if key_is_identifier {
            out.insert(ident, id);
        } else {
            out.insert(id, ident);
        }
    }
    Ok(out)
}

/// Grants and their evaluation.
impl Store {
    /// Internal ids of the given identifiers (user ids, role codes in `namespace`, group
    /// codes, department ids) that exist in the pool: identifier → id.
    pub async fn resolve_targets(
        &self,
        pool_id: &str,
        namespace: &str,
        t: TargetType,
        identifiers: &[String],
    ) -> StoreResult<HashMap<String, String>> {
        let (_, _, ident_col) = target_table(t);
        pairs(
            self,
            pool_id,
            Some(namespace),
            t,
            ident_col,
            identifiers,
            true,
        )
        .await
    }

    /// The public identifiers of internal target ids: id → identifier.
    pub async fn target_identifiers(
        &self,
        pool_id: &str,
        t: TargetType,
        ids: &[String],
    ) -> StoreResult<HashMap<String, String>> {
        let (_, id_col, _) = target_table(t);
        pairs(self, pool_id, None, t, id_col, ids, false).await
    }

    /// Saves grants in one transaction; each replaces the holder's grant with the same
    /// namespace, resource code and effect.
    pub async fn save_grants(&self, grants: &[StoredGrant]) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        for g in grants {
            sqlx::query(
                "DELETE FROM authorizations WHERE pool_id = $1 AND namespace = $2 AND \
                 target_type = $3 AND target_id = $4 AND resource_code = $5 AND effect = $6",
            )
            .bind(&g.pool_id)
            .bind(&g.namespace)
            .bind(g.target_type.as_str())
            .bind(&g.target_id)
            .bind(&g.grant.resource_code)
            .bind(g.grant.effect.as_str())
            .execute(&mut *tx)
            .await?;
            let conditions = if g.grant.conditions.is_empty() {
                None
            } else {
                Some(to_json(&g.grant.conditions)?)
            };
            sqlx::query(
                "INSERT INTO authorizations (id, pool_id, namespace, target_type, target_id, \
                 resource_code, resource_type, actions, effect, conditions, created_at, \
                 updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(&g.id)
            .bind(&g.pool_id)
            .bind(&g.namespace)
            .bind(g.target_type.as_str())
            .bind(&g.target_id)
            .bind(&g.grant.resource_code)
            .bind(g.grant.resource_type.as_str())
            .bind(to_json(&g.grant.actions)?)
            .bind(g.grant.effect.as_str())
            .bind(conditions)
            .bind(g.created_at)
            .bind(g.updated_at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The grants one holder has in a namespace, by resource code.
    pub async fn grants_of_target(
        &self,
        pool_id: &str,
        namespace: &str,
        t: TargetType,
        target_id: &str,
    ) -> StoreResult<Vec<StoredGrant>> {
        let sql = format!(
            "SELECT {GRANT_COLUMNS} FROM {GRANT_FROM} WHERE a.pool_id = $1 AND \
             a.namespace = $2 AND a.target_type = $3 AND a.target_id = $4 \
             ORDER BY a.resource_code, a.effect"
        );
        let rows = sqlx::query(&sql)
            .bind(pool_id)
            .bind(namespace)
            .bind(t.as_str())
            .bind(target_id)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        rows.iter().map(decode_grant).collect()
    }

    /// A page of the ALLOW grants on exactly `resource_code`, optionally of one holder kind.
    #[allow(clippy::too_many_arguments)]
    pub async fn grants_on_resource(
        &self,
        pool_id: &str,
        namespace: &str,
        resource_code: &str,
        target_type: Option<TargetType>,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(i64, Vec<StoredGrant>)> {
        fetch_page(
            &mut *self.reader().await?,
            GRANT_FROM,
            GRANT_COLUMNS,
            "a.target_type, a.target_id",
            limit,
            offset,
            |args| {
                let mut cond = format!(
                    "a.pool_id = {} AND a.namespace = {} AND a.resource_code = {} \
                     AND a.effect = 'ALLOW'",
                    args.add(pool_id),
                    args.add(namespace),
                    args.add(resource_code)
                );
                if let Some(t) = target_type {
                    cond.push_str(&format!(" AND a.target_type = {}", args.add(t.as_str())));
                }
                cond
            },
            decode_grant,
        )
        .await
    }

    /// Deletes every grant held by a target (call it when a user, role, group or department
    /// is deleted); the number deleted.
    pub async fn delete_target_grants(
        &self,
        pool_id: &str,
        t: TargetType,
        target_id: &str,
    ) -> StoreResult<u64> {
        let done = sqlx::query(
            "DELETE FROM authorizations WHERE pool_id = $1 AND target_type = $2 AND target_id = $3",
        )
        .bind(pool_id)
        .bind(t.as_str())
        .bind(target_id)
        .run_in(self)
        .await?;
        Ok(done.rows_affected())
    }

    /// What user `user_id` acts as at time `now` (two queries).
    pub async fn user_subjects(
        &self,
        pool_id: &str,
        user_id: &str,
        now: i64,
    ) -> StoreResult<Subjects> {
        let rows = sqlx::query(
            "WITH RECURSIVE up(id) AS ( \
               SELECT m.department_id FROM department_members m \
                 JOIN departments d ON d.id = m.department_id \
                 WHERE m.user_id = $1 AND d.pool_id = $2 \
               UNION \
               SELECT d.parent_id FROM departments d JOIN up ON d.id = up.id \
                 WHERE d.parent_id IS NOT NULL) \
             SELECT 'DEPARTMENT' AS kind, id FROM up \
             UNION ALL \
             SELECT 'GROUP' AS kind, m.group_id AS id FROM group_members m \
               JOIN user_groups g ON g.id = m.group_id WHERE m.user_id = $1 AND g.pool_id = $2",
        )
        .bind(user_id)
        .bind(pool_id)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        let mut subjects = Subjects {
            user_id: user_id.to_owned(),
            ..Subjects::default()
        };
        for row in &rows {
            let kind: String = col(row, "kind")?;
            let id: String = col(row, "id")?;
            if kind == "GROUP" {
                subjects.group_ids.push(id);
            } else {
                subjects.department_ids.push(id);
            }
        }
        // Roles by the one rule of sql/roles.rs.
        let mut args = Args::default();
        let held = super::roles::held_role_ids(pool_id, user_id, now, &mut args);
        let sql = format!("SELECT DISTINCT role_id AS id FROM ({held}) held");
        let rows = args
            .bind(&sql)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        for row in rows {
            subjects.role_ids.push(col(&row, "id")?);
        }
        Ok(subjects)
    }

    /// Every grant held by `subjects` in a namespace (one query); with `codes`, only the
    /// grants on those resource codes.
    pub async fn subject_grants(
        &self,
        pool_id: &str,
        namespace: &str,
        s: &Subjects,
        codes: Option<&[String]>,
    ) -> StoreResult<Vec<Grant>> {
        let mut args = Args::default();
        let pool = args.add(pool_id);
        let ns = args.add(namespace);
        let user = args.add(s.user_id.as_str());
        let mut holders = vec![format!("(a.target_type = 'USER' AND a.target_id = {user})")];
        for (kind, ids) in [
            ("ROLE", &s.role_ids),
            ("GROUP", &s.group_ids),
            ("DEPARTMENT", &s.department_ids),
        ] {
            if !ids.is_empty() {
                holders.push(format!(
                    "(a.target_type = '{kind}' AND a.target_id IN {})",
                    args.in_list(ids)
                ));
            }
        }
        let mut sql = format!(
            "SELECT a.resource_code, a.resource_type, a.actions, a.effect, a.conditions, \
             r.api_identifier, r.description FROM {GRANT_FROM} \
             WHERE a.pool_id = {pool} AND a.namespace = {ns} AND ({})",
            holders.join(" OR ")
        );
        if let Some(codes) = codes {
            sql.push_str(&format!(" AND a.resource_code IN {}", args.in_list(codes)));
        }
        let rows = args
            .bind(&sql)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        rows.iter().map(decode_grant_body).collect()
    }
}
