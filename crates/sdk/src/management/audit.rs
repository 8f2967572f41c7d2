//! Audit and user action logs, sessions and sign-in history of users.

use super::ManagementClient;
use crate::error::Result;
use crate::http::ApiRequest;
use authgate_proto::audit::{
    AdminAuditLog, GetAdminAuditLogsRequest, GetUserActionLogsRequest, UserActionLog,
};
use authgate_proto::sessions::{
    CheckSessionStatusRequest, KickUsersRequest, LoggedInApp, SessionStatus, UserLoggedInAppsQuery,
    UserLoginHistoryItem, UserLoginHistoryQuery,
};
use authgate_proto::{Page, SuccessData};

impl ManagementClient {
    /// `POST /api/v3/get-admin-audit-logs`: management writes, newest first.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::audit::GetAdminAuditLogsRequest;
    /// let page = client
    ///     .get_admin_audit_logs(&GetAdminAuditLogsRequest {
    ///         resource_type: Some("user".into()),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// for e in page.list { println!("{} {} {}", e.timestamp, e.operation_type, e.admin_user_id); }
    /// # Ok(()) }
    /// ```
    pub async fn get_admin_audit_logs(
        &self,
        request: &GetAdminAuditLogsRequest,
    ) -> Result<Page<AdminAuditLog>> {
        self.call(ApiRequest::post("/api/v3/get-admin-audit-logs").json(request)?)
            .await
    }

    /// `POST /api/v3/get-user-action-logs`: what end users did, newest first.
    pub async fn get_user_action_logs(
        &self,
        request: &GetUserActionLogsRequest,
    ) -> Result<Page<UserActionLog>> {
        self.call(ApiRequest::post("/api/v3/get-user-action-logs").json(request)?)
            .await
    }

    /// `POST /api/v3/kick-users`: signs a user out of the given applications.
    pub async fn kick_users(&self, request: &KickUsersRequest) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/kick-users").json(request)?)
            .await
    }

    /// `POST /api/v3/check-session-status`: whether the user holds a live session in the app.
    pub async fn check_session_status(
        &self,
        request: &CheckSessionStatusRequest,
    ) -> Result<SessionStatus> {
        self.call(ApiRequest::post("/api/v3/check-session-status").json(request)?)
            .await
    }

    /// `GET /api/v3/get-user-login-history`: a user's successful sign-ins.
    pub async fn get_user_login_history(
        &self,
        query: &UserLoginHistoryQuery,
    ) -> Result<Page<UserLoginHistoryItem>> {
        self.call(ApiRequest::get("/api/v3/get-user-login-history").query(query)?)
            .await
    }

    /// `GET /api/v3/get-user-loggedin-apps`: the applications a user signed in to.
    pub async fn get_user_loggedin_apps(
        &self,
        query: &UserLoggedInAppsQuery,
    ) -> Result<Vec<LoggedInApp>> {
        self.call(ApiRequest::get("/api/v3/get-user-loggedin-apps").query(query)?)
            .await
    }
}
