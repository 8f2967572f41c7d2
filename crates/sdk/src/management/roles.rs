//! Roles (spec §5.3.4) and the user's roles (§5.3.2).

use super::ManagementClient;
use crate::error::Result;
use crate::http::ApiRequest;
use authgate_proto::roles::{
    AssignRoleRequest, CreateRoleRequest, CreateRolesBatchRequest, DeleteRolesBatchRequest,
    GetUserRolesQuery, HasAnyRoleData, HasAnyRoleRequest, ListRoleDepartmentsQuery,
    ListRoleMembersQuery, ListRolesQuery, RevokeRoleRequest, RoleBatchRequest, RoleCode,
    RoleDepartmentDto, RoleDto, UpdateRoleRequest,
};
use authgate_proto::users::UserDto;
use authgate_proto::{Page, SuccessData};

impl ManagementClient {
    /// `POST /api/v3/create-role`: creates a role (in namespace `default` unless named).
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::roles::CreateRoleRequest;
    ///
    /// let role = client
    ///     .create_role(&CreateRoleRequest { code: "editor".into(), ..Default::default() })
    ///     .await?;
    /// assert_eq!(role.namespace, "default");
    /// # Ok(()) }
    /// ```
    pub async fn create_role(&self, request: &CreateRoleRequest) -> Result<RoleDto> {
        self.call(ApiRequest::post("/api/v3/create-role").json(request)?)
            .await
    }

    /// `POST /api/v3/create-roles-batch`: creates up to 50 roles, all or none.
    pub async fn create_roles_batch(
        &self,
        request: &CreateRolesBatchRequest,
    ) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/create-roles-batch").json(request)?)
            .await
    }

    /// `GET /api/v3/get-role`: one role by namespace and code.
    pub async fn get_role(&self, query: &RoleCode) -> Result<RoleDto> {
        self.call(ApiRequest::get("/api/v3/get-role").query(query)?)
            .await
    }

    /// `GET /api/v3/list-roles`: a page of a namespace's roles.
    pub async fn list_roles(&self, query: &ListRolesQuery) -> Result<Page<RoleDto>> {
        self.call(ApiRequest::get("/api/v3/list-roles").query(query)?)
            .await
    }

    /// `POST /api/v3/update-role`: changes the code (`new_code`), name, description, status
    /// or disable time of a role.
    pub async fn update_role(&self, request: &UpdateRoleRequest) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/update-role").json(request)?)
            .await
    }

    /// `POST /api/v3/delete-roles-batch`: deletes roles of a namespace (all must exist).
    pub async fn delete_roles_batch(
        &self,
        request: &DeleteRolesBatchRequest,
    ) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/delete-roles-batch").json(request)?)
            .await
    }

    /// `POST /api/v3/assign-role`: assigns a role to users and departments, optionally only
    /// between `enable_time` and `end_time` (epoch ms).
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::roles::{AssignRoleRequest, TargetDto};
    ///
    /// client
    ///     .assign_role(&AssignRoleRequest {
    ///         code: "editor".into(),
    ///         targets: vec![TargetDto {
    ///             target_type: "USER".into(),
    ///             target_identifier: "u_123".into(),
    ///         }],
    ///         end_time: Some(1_900_000_000_000),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn assign_role(&self, request: &AssignRoleRequest) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/assign-role").json(request)?)
            .await
    }

    /// `POST /api/v3/assign-role-batch`: assigns every role to every target, all or none.
    pub async fn assign_role_batch(&self, request: &RoleBatchRequest) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/assign-role-batch").json(request)?)
            .await
    }

    /// `POST /api/v3/revoke-role`: takes a role away from users and departments.
    pub async fn revoke_role(&self, request: &RevokeRoleRequest) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/revoke-role").json(request)?)
            .await
    }

    /// `POST /api/v3/revoke-role-batch`: takes every role away from every target.
    pub async fn revoke_role_batch(&self, request: &RoleBatchRequest) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/revoke-role-batch").json(request)?)
            .await
    }

    /// `GET /api/v3/list-role-members`: a page of the users holding a role now.
    pub async fn list_role_members(&self, query: &ListRoleMembersQuery) -> Result<Page<UserDto>> {
        self.call(ApiRequest::get("/api/v3/list-role-members").query(query)?)
            .await
    }

    /// `GET /api/v3/list-role-departments`: a page of the departments holding a role now.
    pub async fn list_role_departments(
        &self,
        query: &ListRoleDepartmentsQuery,
    ) -> Result<Page<RoleDepartmentDto>> {
        self.call(ApiRequest::get("/api/v3/list-role-departments").query(query)?)
            .await
    }

    /// `POST /api/v3/has-any-role`: whether a user holds at least one of the roles now.
    pub async fn has_any_role(&self, request: &HasAnyRoleRequest) -> Result<HasAnyRoleData> {
        self.call(ApiRequest::post("/api/v3/has-any-role").json(request)?)
            .await
    }

    /// `GET /api/v3/get-user-roles`: the roles a user holds now in a namespace.
    pub async fn get_user_roles(&self, query: &GetUserRolesQuery) -> Result<Page<RoleDto>> {
        self.call(ApiRequest::get("/api/v3/get-user-roles").query(query)?)
            .await
    }
}
