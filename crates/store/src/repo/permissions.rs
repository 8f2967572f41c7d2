//! Namespaces, resources and grants (spec §5.3.8), and what permission evaluation reads: the
//! subjects a user acts as and the grants they hold.

use crate::error::StoreResult;
use authgate_core::permission::Grant;
use authgate_core::permission::{ResourceAction, ResourceType, TargetType};
use std::collections::HashMap;
use std::future::Future;

/// A permission namespace ("permission group"). `default` exists without a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Namespace {
    /// Server id.
    pub id: String,
    /// Pool.
    pub pool_id: String,
    /// Code, unique in the pool.
    pub code: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Status (1: enabled).
    pub status: i64,
    /// Creation time (epoch ms).
    pub created_at: i64,
    /// Last change (epoch ms).
    pub updated_at: i64,
}

/// Changes to a namespace; `None` keeps the value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamespaceChange {
    /// New name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New code (resources, roles and grants follow).
    pub new_code: Option<String>,
}

/// A resource of a namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Server id.
    pub id: String,
    /// Pool.
    pub pool_id: String,
    /// Namespace code.
    pub namespace: String,
    /// Code, unique in the namespace.
    pub code: String,
    /// Kind.
    pub resource_type: ResourceType,
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// URL identifier.
    pub api_identifier: Option<String>,
    /// Actions it defines.
    pub actions: Vec<ResourceAction>,
    /// Creation time (epoch ms).
    pub created_at: i64,
    /// Last change (epoch ms).
    pub updated_at: i64,
}

/// A search over a pool's resources.
#[derive(Debug, Clone, Default)]
pub struct ResourceQuery {
    /// Only these namespaces (empty: all).
    pub namespaces: Vec<String>,
    /// Only this kind.
    pub resource_type: Option<ResourceType>,
    /// Case-insensitive substring of the code or name.
    pub keyword: Option<String>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// A stored grant: who holds it and what it grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredGrant {
    /// Server id.
    pub id: String,
    /// Pool.
    pub pool_id: String,
    /// Namespace code.
    pub namespace: String,
    /// Kind of holder.
    pub target_type: TargetType,
    /// Internal id of the holder (user, role, group or department id).
    pub target_id: String,
    /// What is granted (`api_identifier` and `description` are read from the resource and
    /// ignored when saving).
    pub grant: Grant,
    /// Creation time (epoch ms).
    pub created_at: i64,
    /// Last change (epoch ms).
    pub updated_at: i64,
}

/// Everything a user acts as when permissions are evaluated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subjects {
    /// The user.
    pub user_id: String,
    /// Roles in force now: assigned to the user or to one of the user's departments (or
    /// their ancestors), within the assignment's time window, enabled and not past their
    /// disable time.
    pub role_ids: Vec<String>,
    /// Groups the user belongs to.
    pub group_ids: Vec<String>,
    /// The user's departments and all their ancestors (a department's grants reach the
    /// members of its sub-departments).
    pub department_ids: Vec<String>,
}

/// Namespaces.
pub trait NamespaceRepo {
    /// Stores new namespaces in one transaction ([`crate::StoreError::Conflict`] on a taken code).
    fn insert_namespaces(&self, list: &[Namespace])
    -> impl Future<Output = StoreResult<()>> + Send;
    /// The namespaces of `codes` that exist, in no particular order.
    fn get_namespaces(
        &self,
        pool_id: &str,
        codes: &[String],
    ) -> impl Future<Output = StoreResult<Vec<Namespace>>> + Send;
    /// A page of namespaces by code, matching `keyword` in code or name.
    fn list_namespaces(
        &self,
        pool_id: &str,
        keyword: Option<&str>,
        offset: i64,
        limit: i64,
    ) -> impl Future<Output = StoreResult<(i64, Vec<Namespace>)>> + Send;
    /// Changes a namespace; a new code is carried to its resources, roles and grants in the
    /// same transaction. False when it does not exist.
    fn update_namespace(
        &self,
        pool_id: &str,
        code: &str,
        change: &NamespaceChange,
        now: i64,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Deletes namespaces with their resources, roles and every grant in them or to their
    /// roles; the number of namespaces deleted.
    fn delete_namespaces(
        &self,
        pool_id: &str,
        codes: &[String],
    ) -> impl Future<Output = StoreResult<u64>> + Send;
}

/// Resources.
pub trait ResourceRepo {
    /// Stores new resources in one transaction ([`crate::StoreError::Conflict`] on a taken code).
    fn insert_resources(&self, list: &[Resource]) -> impl Future<Output = StoreResult<()>> + Send;
    /// The resources of `codes` in a namespace that exist.
    fn get_resources(
        &self,
        pool_id: &str,
        namespace: &str,
        codes: &[String],
    ) -> impl Future<Output = StoreResult<Vec<Resource>>> + Send;
    /// A page of resources by namespace and code.
    fn list_resources(
        &self,
        pool_id: &str,
        query: &ResourceQuery,
    ) -> impl Future<Output = StoreResult<(i64, Vec<Resource>)>> + Send;
    /// Overwrites a resource's kind, name, description, URL identifier and actions; false
    /// when it does not exist.
    fn update_resource(&self, r: &Resource) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Deletes resources of a namespace by code or id, with the grants on them and on the
    /// paths below them; the number of resources deleted.
    fn delete_resources(
        &self,
        pool_id: &str,
        namespace: &str,
        codes: &[String],
        ids: &[String],
    ) -> impl Future<Output = StoreResult<u64>> + Send;
}

/// Grants and their evaluation.
pub trait GrantRepo {
    /// Internal ids of the given identifiers (user ids, role codes in `namespace`, group
    /// codes, department ids) that exist in the pool: identifier → id.
    fn resolve_targets(
        &self,
        pool_id: &str,
        namespace: &str,
        target_type: TargetType,
        identifiers: &[String],
    ) -> impl Future<Output = StoreResult<HashMap<String, String>>> + Send;
    /// The public identifiers of internal target ids: id → identifier.
    fn target_identifiers(
        &self,
        pool_id: &str,
        target_type: TargetType,
        ids: &[String],
    ) -> impl Future<Output = StoreResult<HashMap<String, String>>> + Send;
    /// Saves grants in one transaction; each replaces the holder's grant with the same
    /// namespace, resource code and effect.
    fn save_grants(&self, grants: &[StoredGrant]) -> impl Future<Output = StoreResult<()>> + Send;
    /// The grants one holder has in a namespace, by resource code.
    fn grants_of_target(
        &self,
        pool_id: &str,
        namespace: &str,
        target_type: TargetType,
        target_id: &str,
    ) -> impl Future<Output = StoreResult<Vec<StoredGrant>>> + Send;
    /// A page of the ALLOW grants on exactly `resource_code`, optionally of one holder kind.
    #[allow(clippy::too_many_arguments)]
    fn grants_on_resource(
        &self,
        pool_id: &str,
        namespace: &str,
        resource_code: &str,
        target_type: Option<TargetType>,
        offset: i64,
        limit: i64,
    ) -> impl Future<Output = StoreResult<(i64, Vec<StoredGrant>)>> + Send;
    /// Deletes every grant held by a target (call it when a user, role, group or department
    /// is deleted); the number deleted.
    fn delete_target_grants(
        &self,
        pool_id: &str,
        target_type: TargetType,
        target_id: &str,
    ) -> impl Future<Output = StoreResult<u64>> + Send;
    /// What user `user_id` acts as at time `now` (two queries).
    fn user_subjects(
        &self,
        pool_id: &str,
        user_id: &str,
        now: i64,
    ) -> impl Future<Output = StoreResult<Subjects>> + Send;
    /// Every grant held by `subjects` in a namespace (one query); with `codes`, only the
    /// grants on those resource codes.
    fn subject_grants(
        &self,
        pool_id: &str,
        namespace: &str,
        subjects: &Subjects,
        codes: Option<&[String]>,
    ) -> impl Future<Output = StoreResult<Vec<Grant>>> + Send;
}
