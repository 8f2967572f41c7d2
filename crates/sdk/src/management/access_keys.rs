//! Access keys and the global MFA settings.

use super::ManagementClient;
use crate::error::Result;
use crate::http::ApiRequest;
use authgate_proto::SuccessData;
use authgate_proto::access_keys::{
    AccessKeyDto, CreateAccessKeyRequest, DeleteAccessKeyRequest, GetAccessKeyQuery,
    ListAccessKeyQuery, UpdateAccessKeyRequest,
};
use authgate_proto::global_mfa::{DisableMfaSettings, MfaSettings};

impl ManagementClient {
    /// `POST /api/v3/create-access-key`: a new access key; the answer is the only time its
    /// secret is shown (a one-element list, as GenAuth answers).
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::access_keys::CreateAccessKeyRequest;
    /// let keys = client
    ///     .create_access_key(&CreateAccessKeyRequest { key_type: "userpool".into(), ..Default::default() })
    ///     .await?;
    /// println!("{} / {}", keys[0].access_key_id, keys[0].access_key_secret);
    /// # Ok(()) }
    /// ```
    pub async fn create_access_key(
        &self,
        request: &CreateAccessKeyRequest,
    ) -> Result<Vec<AccessKeyDto>> {
        self.call(ApiRequest::post("/api/v3/create-access-key").json(request)?)
            .await
    }

    /// `GET /api/v3/list-access-key`: the pool's access keys, secrets masked.
    pub async fn get_access_key_list(
        &self,
        query: &ListAccessKeyQuery,
    ) -> Result<Vec<AccessKeyDto>> {
        self.call(ApiRequest::get("/api/v3/list-access-key").query(query)?)
            .await
    }

    /// `GET /api/v3/get-access-key`: one access key (a one-element list), secret masked.
    pub async fn get_access_key(&self, query: &GetAccessKeyQuery) -> Result<Vec<AccessKeyDto>> {
        self.call(ApiRequest::get("/api/v3/get-access-key").query(query)?)
            .await
    }

    /// `POST /api/v3/update-access-key`: enables or disables a key, at once for both
    /// authentication schemes and for tokens already minted from it.
    pub async fn update_access_key(&self, request: &UpdateAccessKeyRequest) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/update-access-key").json(request)?)
            .await
    }

    /// `POST /api/v3/delete-access-key`: deletes a key (not the root key, not the caller's).
    pub async fn delete_access_key(&self, request: &DeleteAccessKeyRequest) -> Result<()> {
        self.call(ApiRequest::post("/api/v3/delete-access-key").json(request)?)
            .await
    }

    /// `GET /api/v3/get-global-mfa-settings`: the enabled MFA factors.
    pub async fn get_global_mfa_settings(&self) -> Result<MfaSettings> {
        self.call(ApiRequest::get("/api/v3/get-global-mfa-settings"))
            .await
    }

    /// `POST /api/v3/update-global-mfa-settings`: replaces the enabled MFA factors.
    pub async fn update_global_mfa_settings(&self, request: &MfaSettings) -> Result<MfaSettings> {
        self.call(ApiRequest::post("/api/v3/update-global-mfa-settings").json(request)?)
            .await
    }

    /// `POST /api/v3/disable-global-mfa-settings`: turns factors off (Node's
    /// `closeGlobalMfaSettings`).
    pub async fn disable_global_mfa_settings(
        &self,
        request: &DisableMfaSettings,
    ) -> Result<MfaSettings> {
        self.call(ApiRequest::post("/api/v3/disable-global-mfa-settings").json(request)?)
            .await
    }
}
