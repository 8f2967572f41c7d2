//! More of the users API (spec §5.3.1): resignation, identities, MFA summary, and custom
//! fields and custom data.

use super::ManagementClient;
use crate::error::Result;
use crate::http::ApiRequest;
use authgate_proto::SuccessData;
use authgate_proto::users_extra::{
    CustomFieldDto, DeleteCustomFieldsRequest, GetCustomDataQuery, GetCustomFieldsQuery,
    IdentityDto, SetCustomDataRequest, SetCustomFieldsRequest, UserMfaInfo, UserRef,
};
use serde_json::Value;

impl ManagementClient {
    /// `POST /api/v3/resign-user`: marks the user resigned; sign-in is refused from then on,
    /// its sessions end and its roles, grants, groups and departments are removed.
    pub async fn resign_user(&self, request: &UserRef) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/resign-user").json(request)?)
            .await
    }

    /// `GET /api/v3/get-user-identities`: the user's linked external identities.
    pub async fn get_user_identities(&self, query: &UserRef) -> Result<Vec<IdentityDto>> {
        self.call(ApiRequest::get("/api/v3/get-user-identities").query(query)?)
            .await
    }

    /// `GET /api/v3/get-user-mfa-info`: the user's MFA enrolment per factor.
    pub async fn get_user_mfa_info(&self, query: &UserRef) -> Result<UserMfaInfo> {
        self.call(ApiRequest::get("/api/v3/get-user-mfa-info").query(query)?)
            .await
    }

    /// `GET /api/v3/get-custom-fields`: the custom fields declared for a target type.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::users_extra::{SetCustomFieldItem, SetCustomFieldsRequest};
    ///
    /// client
    ///     .set_custom_fields(&SetCustomFieldsRequest {
    ///         list: vec![SetCustomFieldItem {
    ///             target_type: "USER".into(),
    ///             key: "age".into(),
    ///             data_type: Some("NUMBER".into()),
    ///             ..Default::default()
    ///         }],
    ///         tenant_id: None,
    ///     })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_custom_fields(
        &self,
        query: &GetCustomFieldsQuery,
    ) -> Result<Vec<CustomFieldDto>> {
        self.call(ApiRequest::get("/api/v3/get-custom-fields").query(query)?)
            .await
    }

    /// `POST /api/v3/set-custom-fields`: creates or changes custom fields.
    pub async fn set_custom_fields(
        &self,
        request: &SetCustomFieldsRequest,
    ) -> Result<Vec<CustomFieldDto>> {
        self.call(ApiRequest::post("/api/v3/set-custom-fields").json(request)?)
            .await
    }

    /// `POST /api/v3/delete-custom-fields`: deletes custom field definitions.
    pub async fn delete_custom_fields(
        &self,
        request: &DeleteCustomFieldsRequest,
    ) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/delete-custom-fields").json(request)?)
            .await
    }

    /// `POST /api/v3/set-custom-data`: sets values of declared fields on a user or department.
    pub async fn set_custom_data(&self, request: &SetCustomDataRequest) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/set-custom-data").json(request)?)
            .await
    }

    /// `GET /api/v3/get-custom-data`: the custom data object of a user or department.
    pub async fn get_custom_data(&self, query: &GetCustomDataQuery) -> Result<Value> {
        self.call(ApiRequest::get("/api/v3/get-custom-data").query(query)?)
            .await
    }
}
