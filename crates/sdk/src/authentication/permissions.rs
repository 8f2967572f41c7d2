//! The signed-in user's permission checks (spec §2.10); every call needs the user's access
//! token.

use super::AuthenticationClient;
use crate::error::Result;
use crate::http::ApiRequest;
use authgate_proto::Page;
use authgate_proto::permissions::{
    AuthorizedResourceDto, CheckPermissionRequest, CheckResultList, MyAuthorizedResourcesQuery,
    ResourcePermissionList, ResourcePermissionListRequest, UserPermissionList,
};

impl AuthenticationClient {
    /// `GET /api/v3/get-my-authorized-resources`: the signed-in user's effective grants.
    pub async fn get_my_authorized_resources(
        &self,
        request: &MyAuthorizedResourcesQuery,
    ) -> Result<Page<AuthorizedResourceDto>> {
        self.call(ApiRequest::get("/api/v3/get-my-authorized-resources").query(request)?)
            .await
    }

    /// `POST /api/v3/check-permission-string-resource`: may the user do an action on each STRING resource?
    pub async fn check_permission_by_string_resource(
        &self,
        request: &CheckPermissionRequest,
    ) -> Result<CheckResultList> {
        self.call(ApiRequest::post("/api/v3/check-permission-string-resource").json(request)?)
            .await
    }

    /// `POST /api/v3/check-permission-array-resource`: may the user do an action on each ARRAY resource?
    pub async fn check_permission_by_array_resource(
        &self,
        request: &CheckPermissionRequest,
    ) -> Result<CheckResultList> {
        self.call(ApiRequest::post("/api/v3/check-permission-array-resource").json(request)?)
            .await
    }

    /// `POST /api/v3/check-permission-tree-resource`: may the user do an action on each TREE path?
    pub async fn check_permission_by_tree_resource(
        &self,
        request: &CheckPermissionRequest,
    ) -> Result<CheckResultList> {
        self.call(ApiRequest::post("/api/v3/check-permission-tree-resource").json(request)?)
            .await
    }

    /// `POST /api/v3/get-user-auth-resource-permission-list`: the actions the user holds on each resource path.
    pub async fn get_user_auth_resource_permission_list(
        &self,
        request: &ResourcePermissionListRequest,
    ) -> Result<ResourcePermissionList> {
        self.call(ApiRequest::post("/api/v3/get-user-auth-resource-permission-list").json(request)?)
            .await
    }

    /// `GET /api/v3/get-user-auth-resource-list`: the user's data-resource grants.
    pub async fn get_user_authorized_resources_list(&self) -> Result<UserPermissionList> {
        self.call(ApiRequest::get("/api/v3/get-user-auth-resource-list"))
            .await
    }
}
