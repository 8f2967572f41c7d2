//! Organisations, departments and memberships (spec §5.3.6, §5.3.2).

use super::ManagementClient;
use crate::error::Result;
use crate::http::ApiRequest;
use authgate_proto::departments::{
    CreateDepartmentRequest, CreateOrganizationRequest, DeleteDepartmentRequest,
    DeleteOrganizationRequest, DepartmentDto, DepartmentMembersRequest, GetAllDepartmentsQuery,
    GetDepartmentQuery, GetOrganizationBatchQuery, GetOrganizationQuery, GetParentDepartmentQuery,
    GetUserDepartmentsQuery, IsUserInDepartmentData, IsUserInDepartmentQuery,
    ListChildrenDepartmentsQuery, ListDepartmentMemberIdsQuery, ListDepartmentMembersQuery,
    ListOrganizationsQuery, OrganizationDto, SearchDepartmentMembersQuery,
    SearchDepartmentsListRequest, SearchDepartmentsRequest, SearchOrganizationsQuery,
    SetUserDepartmentsRequest, UpdateDepartmentRequest, UpdateOrganizationRequest,
    UserDepartmentDto,
};
use authgate_proto::users::UserDto;
use authgate_proto::{Page, SuccessData};

impl ManagementClient {
    /// `POST /api/v3/create-organization`: creates an organisation with its root department.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::departments::CreateOrganizationRequest;
    ///
    /// let org = client
    ///     .create_organization(&CreateOrganizationRequest {
    ///         organization_code: "acme".into(),
    ///         organization_name: "Acme".into(),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// println!("root department {}", org.department_id);
    /// # Ok(()) }
    /// ```
    pub async fn create_organization(
        &self,
        request: &CreateOrganizationRequest,
    ) -> Result<OrganizationDto> {
        self.call(ApiRequest::post("/api/v3/create-organization").json(request)?)
            .await
    }

    /// `GET /api/v3/get-organization`: one organisation by code.
    pub async fn get_organization(&self, query: &GetOrganizationQuery) -> Result<OrganizationDto> {
        self.call(ApiRequest::get("/api/v3/get-organization").query(query)?)
            .await
    }

    /// `GET /api/v3/get-organization-batch`: several organisations by code.
    pub async fn get_organization_batch(
        &self,
        query: &GetOrganizationBatchQuery,
    ) -> Result<Vec<OrganizationDto>> {
        self.call(ApiRequest::get("/api/v3/get-organization-batch").query(query)?)
            .await
    }

    /// `GET /api/v3/list-organizations`: pages through the organisations.
    pub async fn list_organizations(
        &self,
        query: &ListOrganizationsQuery,
    ) -> Result<Page<OrganizationDto>> {
        self.call(ApiRequest::get("/api/v3/list-organizations").query(query)?)
            .await
    }

    /// `GET /api/v3/search-organizations`: searches organisations by name or code.
    pub async fn search_organizations(
        &self,
        query: &SearchOrganizationsQuery,
    ) -> Result<Page<OrganizationDto>> {
        self.call(ApiRequest::get("/api/v3/search-organizations").query(query)?)
            .await
    }

    /// `POST /api/v3/update-organization`: updates an organisation.
    pub async fn update_organization(
        &self,
        request: &UpdateOrganizationRequest,
    ) -> Result<OrganizationDto> {
        self.call(ApiRequest::post("/api/v3/update-organization").json(request)?)
            .await
    }

    /// `POST /api/v3/delete-organization`: deletes an organisation and its whole tree.
    pub async fn delete_organization(
        &self,
        request: &DeleteOrganizationRequest,
    ) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/delete-organization").json(request)?)
            .await
    }

    /// `POST /api/v3/create-department`: creates a department.
    pub async fn create_department(
        &self,
        request: &CreateDepartmentRequest,
    ) -> Result<DepartmentDto> {
        self.call(ApiRequest::post("/api/v3/create-department").json(request)?)
            .await
    }

    /// `GET /api/v3/get-department`: one department.
    pub async fn get_department(&self, query: &GetDepartmentQuery) -> Result<DepartmentDto> {
        self.call(ApiRequest::get("/api/v3/get-department").query(query)?)
            .await
    }

    /// `POST /api/v3/update-department`: updates (and with `parent_department_id` moves) a department.
    pub async fn update_department(
        &self,
        request: &UpdateDepartmentRequest,
    ) -> Result<DepartmentDto> {
        self.call(ApiRequest::post("/api/v3/update-department").json(request)?)
            .await
    }

    /// `POST /api/v3/delete-department`: deletes a department without sub-departments.
    pub async fn delete_department(
        &self,
        request: &DeleteDepartmentRequest,
    ) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/delete-department").json(request)?)
            .await
    }

    /// `POST /api/v3/search-departments`: every department whose name or code contains the keyword.
    pub async fn search_departments(
        &self,
        request: &SearchDepartmentsRequest,
    ) -> Result<Vec<DepartmentDto>> {
        self.call(ApiRequest::post("/api/v3/search-departments").json(request)?)
            .await
    }

    /// `POST /api/v3/search-departments-list`: one page of an organisation's departments.
    pub async fn search_departments_list(
        &self,
        request: &SearchDepartmentsListRequest,
    ) -> Result<Vec<DepartmentDto>> {
        self.call(ApiRequest::post("/api/v3/search-departments-list").json(request)?)
            .await
    }

    /// `GET /api/v3/list-children-departments`: the direct children of a department.
    pub async fn list_children_departments(
        &self,
        query: &ListChildrenDepartmentsQuery,
    ) -> Result<Page<DepartmentDto>> {
        self.call(ApiRequest::get("/api/v3/list-children-departments").query(query)?)
            .await
    }

    /// `GET /api/v3/get-all-departments`: every department below a department.
    pub async fn get_all_departments(
        &self,
        query: &GetAllDepartmentsQuery,
    ) -> Result<Page<DepartmentDto>> {
        self.call(ApiRequest::get("/api/v3/get-all-departments").query(query)?)
            .await
    }

    /// `GET /api/v3/get-parent-department`: the parent of a department (`None` for a root).
    pub async fn get_parent_department(
        &self,
        query: &GetParentDepartmentQuery,
    ) -> Result<Option<DepartmentDto>> {
        self.call(ApiRequest::get("/api/v3/get-parent-department").query(query)?)
            .await
    }

    /// `GET /api/v3/list-department-members`: pages through a department's members.
    pub async fn list_department_members(
        &self,
        query: &ListDepartmentMembersQuery,
    ) -> Result<Page<UserDto>> {
        self.call(ApiRequest::get("/api/v3/list-department-members").query(query)?)
            .await
    }

    /// `GET /api/v3/search-department-members`: searches a department's members.
    pub async fn search_department_members(
        &self,
        query: &SearchDepartmentMembersQuery,
    ) -> Result<Page<UserDto>> {
        self.call(ApiRequest::get("/api/v3/search-department-members").query(query)?)
            .await
    }

    /// `GET /api/v3/list-department-member-ids`: the ids of a department's direct members.
    pub async fn list_department_member_ids(
        &self,
        query: &ListDepartmentMemberIdsQuery,
    ) -> Result<Vec<String>> {
        self.call(ApiRequest::get("/api/v3/list-department-member-ids").query(query)?)
            .await
    }

    /// `POST /api/v3/add-department-members`: adds users to a department.
    pub async fn add_department_members(
        &self,
        request: &DepartmentMembersRequest,
    ) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/add-department-members").json(request)?)
            .await
    }

    /// `POST /api/v3/remove-department-members`: removes users from a department.
    pub async fn remove_department_members(
        &self,
        request: &DepartmentMembersRequest,
    ) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/remove-department-members").json(request)?)
            .await
    }

    /// `GET /api/v3/is-user-in-department`: whether a user is in a department.
    pub async fn is_user_in_department(
        &self,
        query: &IsUserInDepartmentQuery,
    ) -> Result<IsUserInDepartmentData> {
        self.call(ApiRequest::get("/api/v3/is-user-in-department").query(query)?)
            .await
    }

    /// `GET /api/v3/get-user-departments`: pages through a user's departments.
    pub async fn get_user_departments(
        &self,
        query: &GetUserDepartmentsQuery,
    ) -> Result<Page<UserDepartmentDto>> {
        self.call(ApiRequest::get("/api/v3/get-user-departments").query(query)?)
            .await
    }

    /// `POST /api/v3/set-user-departments`: replaces a user's departments.
    pub async fn set_user_departments(
        &self,
        request: &SetUserDepartmentsRequest,
    ) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/set-user-departments").json(request)?)
            .await
    }
}
