//! User groups and their members.

use crate::error::StoreResult;
use authgate_core::clock::EpochMillis;
use authgate_core::group::Group;
use authgate_core::user::User;
use std::future::Future;

/// A search over a pool's groups.
#[derive(Debug, Clone, Default)]
pub struct GroupQuery {
    /// Case-insensitive substring of the code or name.
    pub keyword: Option<String>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// Groups.
pub trait GroupRepo {
    /// Stores new groups in one transaction: all or none (a code taken in the pool is
    /// [`crate::StoreError::Conflict`]).
    fn insert_groups(&self, groups: &[Group]) -> impl Future<Output = StoreResult<()>> + Send;
    /// A group of the pool by code.
    fn get_group(
        &self,
        pool_id: &str,
        code: &str,
    ) -> impl Future<Output = StoreResult<Option<Group>>> + Send;
    /// The pool's groups, oldest first: the total count and one page.
    fn list_groups(
        &self,
        pool_id: &str,
        query: &GroupQuery,
    ) -> impl Future<Output = StoreResult<(i64, Vec<Group>)>> + Send;
    /// Overwrites a group (matched by pool and id): code, name, description and type; false
    /// when it no longer exists.
    fn update_group(&self, group: &Group) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Deletes groups of the pool by code with their memberships and the grants made to
    /// them, in one transaction; returns how many groups were deleted.
    fn delete_groups(
        &self,
        pool_id: &str,
        codes: &[String],
    ) -> impl Future<Output = StoreResult<u64>> + Send;
    /// Adds users (by id) to a group, in one transaction; members already in stay. When an
    /// id is not a user of the pool nothing is written and that id is returned.
    fn add_group_members(
        &self,
        pool_id: &str,
        group_id: &str,
        user_ids: &[String],
        now: EpochMillis,
    ) -> impl Future<Output = StoreResult<Option<String>>> + Send;
    /// Removes users (by id) from a group, in one transaction. When an id is not a user of
    /// the pool nothing is removed and that id is returned.
    fn remove_group_members(
        &self,
        pool_id: &str,
        group_id: &str,
        user_ids: &[String],
    ) -> impl Future<Output = StoreResult<Option<String>>> + Send;
    /// A group's members, newest user first: the total count and one page.
    fn list_group_members(
        &self,
        pool_id: &str,
        group_id: &str,
        offset: i64,
        limit: i64,
    ) -> impl Future<Output = StoreResult<(i64, Vec<User>)>> + Send;
    /// The groups a user is a member of, oldest first.
    fn user_groups(
        &self,
        pool_id: &str,
        user_id: &str,
    ) -> impl Future<Output = StoreResult<Vec<Group>>> + Send;
}
