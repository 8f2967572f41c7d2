//! The signed-in user's own view (spec §2.11); every call needs the user's access token.

use super::AuthenticationClient;
use crate::error::Result;
use crate::http::ApiRequest;
use authgate_proto::Page;
use authgate_proto::departments::UserDepartmentDto;
use authgate_proto::groups::GroupDto;
use authgate_proto::my::{
    MyApp, MyDepartmentListQuery, MyLoginHistoryItem, MyLoginHistoryQuery, MyRoleListQuery,
};
use authgate_proto::roles::RoleDto;

impl AuthenticationClient {
    /// `GET /api/v3/get-my-role-list`: the user's roles in force, in one namespace.
    pub async fn get_my_role_list(&self, query: &MyRoleListQuery) -> Result<Vec<RoleDto>> {
        self.call(ApiRequest::get("/api/v3/get-my-role-list").query(query)?)
            .await
    }

    /// `GET /api/v3/get-my-group-list`: the user's groups.
    pub async fn get_my_group_list(&self) -> Result<Vec<GroupDto>> {
        self.call(ApiRequest::get("/api/v3/get-my-group-list"))
            .await
    }

    /// `GET /api/v3/get-my-department-list`: a page of the user's departments.
    pub async fn get_my_department_list(
        &self,
        query: &MyDepartmentListQuery,
    ) -> Result<Page<UserDepartmentDto>> {
        self.call(ApiRequest::get("/api/v3/get-my-department-list").query(query)?)
            .await
    }

    /// `GET /api/v3/get-my-login-history`: a page of the user's sign-in attempts.
    pub async fn get_my_login_history(
        &self,
        query: &MyLoginHistoryQuery,
    ) -> Result<Page<MyLoginHistoryItem>> {
        self.call(ApiRequest::get("/api/v3/get-my-login-history").query(query)?)
            .await
    }

    /// `GET /api/v3/get-my-logged-in-apps`: the applications the user signed in to.
    pub async fn get_my_logged_in_apps(&self) -> Result<Vec<MyApp>> {
        self.call(ApiRequest::get("/api/v3/get-my-logged-in-apps"))
            .await
    }

    /// `GET /api/v3/get-my-accessible-apps`: the applications the user may use.
    pub async fn get_my_accessible_apps(&self) -> Result<Vec<MyApp>> {
        self.call(ApiRequest::get("/api/v3/get-my-accessible-apps"))
            .await
    }
}
