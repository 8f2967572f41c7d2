//! `GET /api/v3/get-profile` and `POST /api/v3/update-profile`: the signed-in user's own
//! record. Email, phone and password are not profile fields; they change through their own
//! verified flows.

use crate::http::{AppError, AppResult, Data, Json, Query};
use crate::state::AppState;
use crate::user_auth::CurrentUser;
use crate::user_view::{ViewFlags, render};
use authgate_core::ApiError;
use authgate_core::user::{Profile, User};
use authgate_proto::account::{GetProfileQuery, UpdateProfileRequest};
use authgate_proto::users::UserDto;
use authgate_service::account;
use axum::extract::State;
use serde_json::Value;

/// The current user's profile.
#[utoipa::path(get, path = "/api/v3/get-profile", tag = "authentication",
    params(GetProfileQuery),
    responses((status = 200, description = "Envelope; data: User", body = UserDto)))]
pub async fn get_profile(
    me: CurrentUser,
    Query(q): Query<GetProfileQuery>,
) -> AppResult<Data<Value>> {
    let flags = ViewFlags {
        custom_data: q.with_custom_data.unwrap_or(false),
        identities: q.with_identities.unwrap_or(false),
        department_ids: q.with_department_ids.unwrap_or(false),
        flat_custom_data: false,
    };
    Ok(Data(render(&me.user, flags)))
}

/// Update the current user's profile (not email, phone or password); answers the User.
/// A username or externalId another user has answers 409.
#[utoipa::path(post, path = "/api/v3/update-profile", tag = "authentication",
    request_body = UpdateProfileRequest,
    responses((status = 200, description = "Envelope; data: User", body = UserDto)))]
pub async fn update_profile(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<UpdateProfileRequest>,
) -> AppResult<Data<Value>> {
    let before = me.user;
    let mut user = before.clone();
    apply(&mut user, req)?;
    account::save(&state, &before, &mut user).await?;
    Ok(Data(render(
        &user,
        ViewFlags {
            custom_data: true,
            ..ViewFlags::default()
        },
    )))
}

/// Writes the given fields onto `user`; an empty username or externalId removes it.
fn apply(user: &mut User, req: UpdateProfileRequest) -> Result<(), AppError> {
    let patch = Profile {
        name: req.name,
        nickname: req.nickname,
        photo: req.photo,
        birthdate: req.birthdate,
        country: req.country,
        province: req.province,
        city: req.city,
        address: req.address,
        street_address: req.street_address,
        postal_code: req.postal_code,
        company: req.company,
        identity_number: req.identity_number,
        ..Profile::default()
    };
    user.profile.merge(&patch);
    for (slot, value) in [
        (&mut user.ids.username, req.username),
        (&mut user.ids.external_id, req.external_id),
    ] {
        if let Some(v) = value {
            *slot = account::given(Some(&v)).map(str::to_string);
        }
    }
    if let Some(g) = req.gender {
        user.gender = g;
    }
    match req.custom_data {
        None | Some(Value::Null) => {}
        Some(Value::Object(extra)) => user.custom_data.extend(extra),
        Some(_) => return Err(ApiError::invalid("customData", "must be an object").into()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_core::user::{Gender, Identifiers, UserSource};
    use serde_json::json;

    #[test]
    fn applies_only_given_fields() {
        let mut u = User::new(
            "u".into(),
            "p".into(),
            Identifiers {
                username: Some("ada".into()),
                external_id: Some("x1".into()),
                ..Identifiers::default()
            },
            UserSource::Register,
            0,
        );
        u.profile.city = Some("Paris".into());
        let req: UpdateProfileRequest = serde_json::from_value(json!({
            "nickname": "Countess", "gender": "F", "externalId": "",
            "customData": {"team": "blue"}, "city": null
        }))
        .unwrap();
        apply(&mut u, req).unwrap();
        assert_eq!(u.profile.nickname.as_deref(), Some("Countess"));
        assert_eq!(u.profile.city.as_deref(), Some("Paris"));
        assert_eq!(u.gender, Gender::F);
        assert_eq!(u.ids.username.as_deref(), Some("ada"));
        assert_eq!(u.ids.external_id, None);
        assert_eq!(u.custom_data["team"], "blue");
        let bad: UpdateProfileRequest = serde_json::from_value(json!({"customData": [1]})).unwrap();
        assert_eq!(apply(&mut u, bad).unwrap_err().0.status, 400);
    }
}
