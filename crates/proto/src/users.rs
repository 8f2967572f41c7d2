//! Users on the management API (spec §5.3.1) and the `User` record (§1.9).

use crate::envelope::Pagination;
use crate::user_types::{Gender, Profile, UserSource, UserStatus};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `User` record as every endpoint returns it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserDto {
    /// Server id.
    pub user_id: String,
    /// Creation time, ISO-8601.
    pub created_at: String,
    /// Last update time, ISO-8601.
    pub updated_at: String,
    /// Account status.
    pub status: UserStatus,
    /// `Active` or `Closed`.
    pub work_status: String,
    /// External id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Phone country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_country_code: Option<String>,
    /// Username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Profile fields.
    #[serde(flatten)]
    pub profile: Profile,
    /// Number of sign-ins.
    #[serde(default)]
    pub logins_count: i64,
    /// Last sign-in, ISO-8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login: Option<String>,
    /// Last sign-in IP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_ip: Option<String>,
    /// Gender.
    pub gender: Gender,
    /// Whether the email is verified.
    pub email_verified: bool,
    /// Whether the phone is verified.
    pub phone_verified: bool,
    /// When the password was last set, ISO-8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_last_set_at: Option<String>,
    /// Origin of the account.
    pub user_source_type: UserSource,
    /// Whether the next sign-in must reset the password.
    #[serde(default)]
    pub reset_password_on_next_login: bool,
    /// Registration sources.
    #[serde(default)]
    pub register_source: Vec<String>,
    /// When the status last changed, ISO-8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_changed_at: Option<String>,
    /// Department ids (only with `withDepartmentIds`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_ids: Option<Vec<String>>,
    /// External identities (only with `withIdentities`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identities: Option<Vec<Value>>,
    /// Custom data (only with `withCustomData`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Value>,
}

/// The settable fields of a user: the body of `create-user` (each item of
/// `create-users-batch`) and the changes of `update-user`. Absent or `null` means "not given".
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserFields {
    /// Initial status (default `Activated`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<UserStatus>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Phone country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_country_code: Option<String>,
    /// Username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// External id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Profile fields.
    #[serde(flatten)]
    pub profile: Profile,
    /// Gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Whether the email is verified.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub email_verified: Option<bool>,
    /// Whether the phone is verified.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_verified: Option<bool>,
    /// Password (plaintext, or encrypted per `options.passwordEncryptType`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Custom data object (on update: keys merged into the stored object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Value>,
    /// Departments to join (server ids; `create-user` and `create-users-batch` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_ids: Option<Vec<String>>,
}

/// One user of `create-user` / `create-users-batch` (`CreateUserInfoDto`).
pub type CreateUserInput = UserFields;

/// Options of `create-user` / `create-users-batch`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateUserOptions {
    /// Keep the given password hash as is (not supported: refused when true).
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub keep_password: Option<bool>,
    /// Ask for a password reset at first sign-in.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub reset_password_on_first_login: Option<bool>,
    /// Generate a random password (not supported: refused when true).
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_generate_password: Option<bool>,
    /// How `password` is encrypted: `none` (default), `rsa`, `sm2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_encrypt_type: Option<String>,
}

/// `POST /api/v3/create-user`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateUserRequest {
    /// The user.
    #[serde(flatten)]
    pub user: CreateUserInput,
    /// Options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<CreateUserOptions>,
}

/// `POST /api/v3/create-users-batch`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateUsersBatchRequest {
    /// The users (at most 50).
    pub list: Vec<CreateUserInput>,
    /// Options applied to each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<CreateUserOptions>,
}

/// `GET /api/v3/get-user` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetUserQuery {
    /// The id, interpreted per `userIdType`.
    pub user_id: String,
    /// `user_id` (default), `email`, `phone`, `username`, `external_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
    /// Merge custom data into the top level of the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flat_custom_data: Option<bool>,
    /// Include `customData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
    /// Include posts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_post: Option<bool>,
    /// Include `identities`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_identities: Option<bool>,
    /// Include `departmentIds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_department_ids: Option<bool>,
}

/// `GET /api/v3/get-user-batch` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetUserBatchQuery {
    /// The ids (`userIds[]=a&userIds[]=b`, repeated, or `a,b`).
    pub user_ids: Vec<String>,
    /// How to interpret the ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
    /// Include `customData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
    /// Merge custom data into the top level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flat_custom_data: Option<bool>,
    /// Include `identities`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_identities: Option<bool>,
    /// Include `departmentIds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_department_ids: Option<bool>,
}

/// A sort key of `list-users`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SortItem {
    /// Field, e.g. `createdAt`.
    pub field: String,
    /// `asc` or `desc`.
    pub order: String,
}

/// Options of `list-users`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ListUsersOptions {
    /// Paging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// Sort keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<Vec<SortItem>>,
    /// Fields the keyword is searched in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fuzzy_search_on: Option<Vec<String>>,
    /// Include `customData`.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub with_custom_data: Option<bool>,
    /// Include posts.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub with_post: Option<bool>,
    /// Include `identities`.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub with_identities: Option<bool>,
    /// Include `departmentIds`.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub with_department_ids: Option<bool>,
    /// Merge custom data into the top level.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub flat_custom_data: Option<bool>,
}

/// `POST /api/v3/list-users`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ListUsersRequest {
    /// Keyword searched case-insensitively in the main fields (or `fuzzySearchOn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keywords: Option<String>,
    /// Advanced filters; a user must match every one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advanced_filter: Option<Vec<crate::users_extra::AdvancedFilterItem>>,
    /// Options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<ListUsersOptions>,
}

/// `GET /api/v3/list-users` (deprecated variant) query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct ListUsersLegacyQuery {
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size, at most 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Only users in this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<UserStatus>,
    /// Updated at or after (epoch ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at_start: Option<i64>,
    /// Updated at or before (epoch ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at_end: Option<i64>,
    /// Include `customData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
    /// Include posts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_post: Option<bool>,
    /// Include `identities`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_identities: Option<bool>,
    /// Include `departmentIds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_department_ids: Option<bool>,
    /// Include the password expiry time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_user_password_expire_time: Option<bool>,
}

/// Options of `update-user`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateUserOptions {
    /// How `userId` is interpreted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
    /// Ask for a password reset at the next sign-in.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub reset_password_on_next_login: Option<bool>,
    /// Same as `resetPasswordOnNextLogin` (older spelling).
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub reset_password_on_first_login: Option<bool>,
    /// Generate a random password (not supported: refused when true).
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_generate_password: Option<bool>,
    /// How `password` is encrypted: `none` (default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_encrypt_type: Option<String>,
}

/// `POST /api/v3/update-user`: every field set is changed; absent or `null` fields are kept.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateUserRequest {
    /// The user (per `options.userIdType`).
    pub user_id: String,
    /// The changes.
    #[serde(flatten)]
    pub fields: UserFields,
    /// Options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<UpdateUserOptions>,
}

/// Options naming how ids are interpreted.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserIdTypeOption {
    /// `user_id` (default), `email`, `phone`, `username`, `external_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
}

/// `POST /api/v3/delete-users-batch`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeleteUsersBatchRequest {
    /// The users.
    pub user_ids: Vec<String>,
    /// Options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<UserIdTypeOption>,
}

/// `POST /api/v3/is-user-exists`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IsUserExistsRequest {
    /// Username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Email (case-insensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// External id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_user_flattens_profile_and_tolerates_nulls() {
        let r: CreateUserRequest = serde_json::from_value(serde_json::json!({
            "username": "bob", "givenName": "Bob", "email": null,
            "emailVerified": "True", "options": {"resetPasswordOnFirstLogin": false}
        }))
        .unwrap();
        assert_eq!(r.user.username.as_deref(), Some("bob"));
        assert_eq!(r.user.profile.given_name.as_deref(), Some("Bob"));
        assert_eq!(r.user.email, None);
        assert_eq!(r.user.email_verified, Some(true));
    }

    #[test]
    fn update_user_shares_the_flat_fields() {
        let r: UpdateUserRequest = serde_json::from_value(serde_json::json!({
            "userId": "u1", "nickname": "N", "status": "Suspended", "phone": null
        }))
        .unwrap();
        assert_eq!(r.fields.profile.nickname.as_deref(), Some("N"));
        assert_eq!(r.fields.status, Some(UserStatus::Suspended));
        let back = serde_json::to_value(&r).unwrap();
        assert_eq!(
            back,
            serde_json::json!({"userId": "u1", "nickname": "N", "status": "Suspended"})
        );
    }

    #[test]
    fn user_dto_wire_names() {
        let mut u = UserDto {
            user_id: "u".into(),
            ..Default::default()
        };
        u.profile.given_name = Some("G".into());
        let v = serde_json::to_value(&u).unwrap();
        assert_eq!(v["userId"], "u");
        assert_eq!(v["givenName"], "G");
        assert_eq!(v["userSourceType"], "adminCreated");
        assert!(v.get("customData").is_none());
    }
}
