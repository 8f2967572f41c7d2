//! General permissions on the management API (spec §5.3.8): namespaces, resources, grants
//! and checks.

use super::ManagementClient;
use crate::error::Result;
use crate::http::ApiRequest;
use authgate_proto::permissions::{
    AllowedData, AuthorizeResourcesRequest, AuthorizedResourceDto, CodeAuthorizedResourcesQuery,
    CodeListQuery, CodeQuery, CommonResourceDto, CreateNamespaceRequest,
    CreateNamespacesBatchRequest, CreateResourceRequest, CreateResourcesBatchRequest,
    DeleteNamespaceRequest, DeleteNamespacesBatchRequest, DeleteResourceRequest,
    DeleteResourcesBatchRequest, GetAuthorizedResourcesQuery, GetResourceAuthorizedTargetsRequest,
    GetUserAuthorizedResourcesQuery, IsActionAllowedRequest, ListCommonResourceQuery,
    ListNamespacesQuery, ListResourcesQuery, NamespaceDto, NamespaceListItem,
    ResourceAuthorizedTarget, ResourceCodeListQuery, ResourceCodeQuery, ResourceDto,
    RoleAuthorizedResource, UpdateNamespaceRequest, UpdateResourceRequest,
};
use authgate_proto::{Page, SuccessData};

impl ManagementClient {
    /// `POST /api/v3/create-namespace`: Creates a namespace (`name` defaults to the code).
    pub async fn create_namespace(&self, request: &CreateNamespaceRequest) -> Result<NamespaceDto> {
        self.call(ApiRequest::post("/api/v3/create-namespace").json(request)?)
            .await
    }

    /// `POST /api/v3/create-namespaces-batch`: Creates several namespaces, all or none.
    pub async fn create_namespaces_batch(
        &self,
        request: &CreateNamespacesBatchRequest,
    ) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/create-namespaces-batch").json(request)?)
            .await
    }

    /// `GET /api/v3/get-namespace`: One namespace by code.
    pub async fn get_namespace(&self, request: &CodeQuery) -> Result<NamespaceDto> {
        self.call(ApiRequest::get("/api/v3/get-namespace").query(request)?)
            .await
    }

    /// `GET /api/v3/get-namespaces-batch`: Several namespaces by code (unknown codes are left out).
    pub async fn get_namespaces_batch(&self, request: &CodeListQuery) -> Result<Vec<NamespaceDto>> {
        self.call(ApiRequest::get("/api/v3/get-namespaces-batch").query(request)?)
            .await
    }

    /// `GET /api/v3/list-namespaces`: A page of namespaces.
    pub async fn list_namespaces(
        &self,
        request: &ListNamespacesQuery,
    ) -> Result<Page<NamespaceListItem>> {
        self.call(ApiRequest::get("/api/v3/list-namespaces").query(request)?)
            .await
    }

    /// `POST /api/v3/update-namespace`: Changes a namespace's name, description or code.
    pub async fn update_namespace(
        &self,
        request: &UpdateNamespaceRequest,
    ) -> Result<UpdateNamespaceRequest> {
        self.call(ApiRequest::post("/api/v3/update-namespace").json(request)?)
            .await
    }

    /// `POST /api/v3/delete-namespace`: Deletes a namespace with its resources, roles and grants.
    pub async fn delete_namespace(&self, request: &DeleteNamespaceRequest) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/delete-namespace").json(request)?)
            .await
    }

    /// `POST /api/v3/delete-namespaces-batch`: Deletes several namespaces.
    pub async fn delete_namespaces_batch(
        &self,
        request: &DeleteNamespacesBatchRequest,
    ) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/delete-namespaces-batch").json(request)?)
            .await
    }

    /// `POST /api/v3/create-resource`: Creates a resource.
    pub async fn create_resource(&self, request: &CreateResourceRequest) -> Result<ResourceDto> {
        self.call(ApiRequest::post("/api/v3/create-resource").json(request)?)
            .await
    }

    /// `POST /api/v3/create-resources-batch`: Creates several resources of one namespace, all or none.
    pub async fn create_resources_batch(
        &self,
        request: &CreateResourcesBatchRequest,
    ) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/create-resources-batch").json(request)?)
            .await
    }

    /// `GET /api/v3/get-resource`: One resource by code.
    pub async fn get_resource(&self, request: &ResourceCodeQuery) -> Result<ResourceDto> {
        self.call(ApiRequest::get("/api/v3/get-resource").query(request)?)
            .await
    }

    /// `GET /api/v3/get-resources-batch`: Several resources by code.
    pub async fn get_resources_batch(
        &self,
        request: &ResourceCodeListQuery,
    ) -> Result<Vec<ResourceDto>> {
        self.call(ApiRequest::get("/api/v3/get-resources-batch").query(request)?)
            .await
    }

    /// `GET /api/v3/list-common-resource`: A page of the resources of several namespaces.
    pub async fn list_common_resource(
        &self,
        request: &ListCommonResourceQuery,
    ) -> Result<Page<CommonResourceDto>> {
        self.call(ApiRequest::get("/api/v3/list-common-resource").query(request)?)
            .await
    }

    /// `GET /api/v3/list-resources`: A page of the resources of one namespace.
    pub async fn list_resources(&self, request: &ListResourcesQuery) -> Result<Page<ResourceDto>> {
        self.call(ApiRequest::get("/api/v3/list-resources").query(request)?)
            .await
    }

    /// `POST /api/v3/update-resource`: Changes a resource.
    pub async fn update_resource(&self, request: &UpdateResourceRequest) -> Result<ResourceDto> {
        self.call(ApiRequest::post("/api/v3/update-resource").json(request)?)
            .await
    }

    /// `POST /api/v3/delete-resource`: Deletes a resource and the grants on it.
    pub async fn delete_resource(&self, request: &DeleteResourceRequest) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/delete-resource").json(request)?)
            .await
    }

    /// `POST /api/v3/delete-resources-batch`: Deletes several resources by code or id.
    pub async fn delete_resources_batch(
        &self,
        request: &DeleteResourcesBatchRequest,
    ) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/delete-resources-batch").json(request)?)
            .await
    }

    /// `POST /api/v3/authorize-resources`: Grants resource actions to users, roles, groups or departments.
    pub async fn authorize_resources(
        &self,
        request: &AuthorizeResourcesRequest,
    ) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/authorize-resources").json(request)?)
            .await
    }

    /// `GET /api/v3/get-authorized-resources`: The grants one target holds directly.
    pub async fn get_authorized_resources(
        &self,
        request: &GetAuthorizedResourcesQuery,
    ) -> Result<Page<AuthorizedResourceDto>> {
        self.call(ApiRequest::get("/api/v3/get-authorized-resources").query(request)?)
            .await
    }

    /// `GET /api/v3/get-user-authorized-resources`: A user's effective grants (direct, roles, groups, departments; DENY removes).
    pub async fn get_user_authorized_resources(
        &self,
        request: &GetUserAuthorizedResourcesQuery,
    ) -> Result<Page<AuthorizedResourceDto>> {
        self.call(ApiRequest::get("/api/v3/get-user-authorized-resources").query(request)?)
            .await
    }

    /// `POST /api/v3/is-action-allowed`: Whether a user may do an action on a resource.
    pub async fn is_action_allowed(&self, request: &IsActionAllowedRequest) -> Result<AllowedData> {
        self.call(ApiRequest::post("/api/v3/is-action-allowed").json(request)?)
            .await
    }

    /// `POST /api/v3/get-resource-authorized-targets`: The targets holding a grant on a resource.
    pub async fn get_resource_authorized_targets(
        &self,
        request: &GetResourceAuthorizedTargetsRequest,
    ) -> Result<Page<ResourceAuthorizedTarget>> {
        self.call(ApiRequest::post("/api/v3/get-resource-authorized-targets").json(request)?)
            .await
    }

    /// `GET /api/v3/get-role-authorized-resources`: The resources granted to a role.
    pub async fn get_role_authorized_resources(
        &self,
        request: &CodeAuthorizedResourcesQuery,
    ) -> Result<Page<RoleAuthorizedResource>> {
        self.call(ApiRequest::get("/api/v3/get-role-authorized-resources").query(request)?)
            .await
    }

    /// `GET /api/v3/get-group-authorized-resources`: The grants of a group.
    pub async fn get_group_authorized_resources(
        &self,
        request: &CodeAuthorizedResourcesQuery,
    ) -> Result<Vec<AuthorizedResourceDto>> {
        self.call(ApiRequest::get("/api/v3/get-group-authorized-resources").query(request)?)
            .await
    }
}
