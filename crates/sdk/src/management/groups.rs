//! Groups (spec §5.3.5) and the user's groups (§5.3.2).

use super::ManagementClient;
use crate::error::Result;
use crate::http::ApiRequest;
use authgate_proto::groups::{
    CreateGroupRequest, CreateGroupsBatchRequest, CreateOrUpdateGroupData,
    DeleteGroupsBatchRequest, GetAllGroupsQuery, GetGroupQuery, GetUserGroupsQuery, GroupDto,
    GroupMembersRequest, ListGroupMembersQuery, ListGroupsQuery, UpdateGroupRequest,
};
use authgate_proto::users::UserDto;
use authgate_proto::{Page, SuccessData};

impl ManagementClient {
    /// `POST /api/v3/create-group`: creates a group.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::groups::{CreateGroupRequest, GroupMembersRequest};
    ///
    /// let group = client
    ///     .create_group(&CreateGroupRequest {
    ///         code: "developers".into(),
    ///         name: Some("Developers".into()),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// client
    ///     .add_group_members(&GroupMembersRequest {
    ///         code: group.code,
    ///         user_ids: vec!["u_123".into()],
    ///     })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_group(&self, request: &CreateGroupRequest) -> Result<GroupDto> {
        self.call(ApiRequest::post("/api/v3/create-group").json(request)?)
            .await
    }

    /// `POST /api/v3/create-or-update-group`: creates the group, or updates the one with
    /// this code.
    pub async fn create_or_update_group(
        &self,
        request: &CreateGroupRequest,
    ) -> Result<CreateOrUpdateGroupData> {
        self.call(ApiRequest::post("/api/v3/create-or-update-group").json(request)?)
            .await
    }

    /// `POST /api/v3/create-groups-batch`: creates up to 50 groups, all or none.
    pub async fn create_groups_batch(
        &self,
        request: &CreateGroupsBatchRequest,
    ) -> Result<Vec<GroupDto>> {
        self.call(ApiRequest::post("/api/v3/create-groups-batch").json(request)?)
            .await
    }

    /// `GET /api/v3/get-group`: one group by code.
    pub async fn get_group(&self, query: &GetGroupQuery) -> Result<GroupDto> {
        self.call(ApiRequest::get("/api/v3/get-group").query(query)?)
            .await
    }

    /// `GET /api/v3/list-groups`: a page of the pool's groups.
    pub async fn list_groups(&self, query: &ListGroupsQuery) -> Result<Page<GroupDto>> {
        self.call(ApiRequest::get("/api/v3/list-groups").query(query)?)
            .await
    }

    /// `GET /api/v3/get-all-groups`: every group (with `fetch_members`, with members).
    pub async fn get_all_groups(&self, query: &GetAllGroupsQuery) -> Result<Vec<GroupDto>> {
        self.call(ApiRequest::get("/api/v3/get-all-groups").query(query)?)
            .await
    }

    /// `POST /api/v3/update-group`: changes the code (`new_code`), name or description.
    pub async fn update_group(&self, request: &UpdateGroupRequest) -> Result<GroupDto> {
        self.call(ApiRequest::post("/api/v3/update-group").json(request)?)
            .await
    }

    /// `POST /api/v3/delete-groups-batch`: deletes groups (unknown codes are ignored).
    pub async fn delete_groups_batch(
        &self,
        request: &DeleteGroupsBatchRequest,
    ) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/delete-groups-batch").json(request)?)
            .await
    }

    /// `POST /api/v3/add-group-members`: adds users (by id), all or none.
    pub async fn add_group_members(&self, request: &GroupMembersRequest) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/add-group-members").json(request)?)
            .await
    }

    /// `POST /api/v3/remove-group-members`: removes users (by id), all or none.
    pub async fn remove_group_members(&self, request: &GroupMembersRequest) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/remove-group-members").json(request)?)
            .await
    }

    /// `GET /api/v3/list-group-members`: a page of a group's members.
    pub async fn list_group_members(&self, query: &ListGroupMembersQuery) -> Result<Page<UserDto>> {
        self.call(ApiRequest::get("/api/v3/list-group-members").query(query)?)
            .await
    }

    /// `GET /api/v3/get-user-groups`: the groups a user is a member of.
    pub async fn get_user_groups(&self, query: &GetUserGroupsQuery) -> Result<Page<GroupDto>> {
        self.call(ApiRequest::get("/api/v3/get-user-groups").query(query)?)
            .await
    }
}
