//! Custom fields (spec §5.3.x "Custom fields & custom data"): the per-pool schema of
//! user-defined fields (`get/set/delete-custom-fields`, for USER, ROLE, GROUP and DEPARTMENT)
//! and the values of declared fields on users and departments (`set/get-custom-data`).
//!
//! Values are stored in the target's `customData` object, converted to the field's type:
//! `NUMBER` as a JSON number, `BOOLEAN` as a JSON boolean, the rest as strings (`ENUM` values
//! must be one of the field's options when it has any). Deleting a field leaves stored values.

use super::auth::ManagementCtx;
use super::users::{batch_size, find_user, user_key};
use crate::http::{AppError, AppResult, Data, Json, Query};
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::timefmt::{iso8601, parse_iso8601};
use authgate_proto::envelope::SuccessData;
use authgate_proto::users_extra::{
    CustomFieldDto, DeleteCustomFieldsRequest, GetCustomDataQuery, GetCustomFieldsQuery,
    SetCustomDataRequest, SetCustomFieldItem, SetCustomFieldsRequest,
};
use authgate_store::{CustomField, DeptChange, PatchOutcome, UserPatch};
use axum::Extension;
use axum::extract::State;
use serde_json::{Map, Value};

const TARGET_TYPES: &[&str] = &["USER", "ROLE", "GROUP", "DEPARTMENT"];
const DATA_TYPES: &[&str] = &["STRING", "NUMBER", "DATETIME", "BOOLEAN", "ENUM"];
/// Longest field key.
const MAX_KEY: usize = 64;

/// The target type, checked (`name` is the parameter's wire name).
pub(super) fn target_type(name: &str, v: &str) -> Result<&'static str, AppError> {
    TARGET_TYPES
        .iter()
        .copied()
        .find(|t| *t == v.trim())
        .ok_or_else(|| ApiError::invalid(name, "must be USER, ROLE, GROUP or DEPARTMENT").into())
}

fn no_tenant(t: Option<&str>) -> Result<(), AppError> {
    match t.map(str::trim) {
        None | Some("") => Ok(()),
        Some(_) => Err(ApiError::not_implemented("tenantId").into()),
    }
}

fn check_key(key: &str) -> Result<(), AppError> {
    let ok = !key.is_empty()
        && key.len() <= MAX_KEY
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid("key", format!("1 to {MAX_KEY} letters, digits, '_' or '-'")).into())
    }
}

fn to_dto(f: &CustomField) -> CustomFieldDto {
    CustomFieldDto {
        target_type: f.target_type.clone(),
        created_at: Some(iso8601(f.created_at)),
        data_type: f.data_type.clone(),
        key: f.key.clone(),
        label: f.label.clone(),
        description: f.description.clone(),
        encrypted: f.encrypted,
        is_unique: f.is_unique,
        user_editable: f.user_editable,
        visible_in_admin_console: f.visible_in_admin_console,
        visible_in_user_center: f.visible_in_user_center,
        options: f.options.as_array().cloned(),
    }
}

/// The declared field after applying `item` to `existing` (or creating it).
fn merged(
    pool_id: &str,
    item: SetCustomFieldItem,
    existing: Option<&CustomField>,
    now: i64,
) -> Result<CustomField, AppError> {
    let target = target_type("targetType", &item.target_type)?;
    let key = item.key.trim().to_string();
    check_key(&key)?;
    let data_type = match item.data_type.as_deref().map(str::trim) {
        Some(t) => DATA_TYPES
            .iter()
            .find(|d| **d == t)
            .map(|d| (*d).to_string())
            .ok_or_else(|| {
                ApiError::invalid("dataType", "STRING, NUMBER, DATETIME, BOOLEAN or ENUM")
            })?,
        None => existing.map_or_else(|| "STRING".to_string(), |e| e.data_type.clone()),
    };
    let base = existing.cloned().unwrap_or_else(|| CustomField {
        pool_id: pool_id.to_string(),
        target_type: target.to_string(),
        key: key.clone(),
        data_type: data_type.clone(),
        label: key.clone(),
        description: None,
        encrypted: false,
        is_unique: false,
        user_editable: false,
        visible_in_admin_console: true,
        visible_in_user_center: false,
        options: Value::Array(Vec::new()),
        created_at: now,
        updated_at: now,
    });
    Ok(CustomField {
        data_type,
        label: item
            .label
            .filter(|l| !l.trim().is_empty())
            .unwrap_or(base.label.clone()),
        description: item.description.or(base.description.clone()),
        encrypted: item.encrypted.unwrap_or(base.encrypted),
        is_unique: item.is_unique.unwrap_or(base.is_unique),
        user_editable: item.user_editable.unwrap_or(base.user_editable),
        visible_in_admin_console: item
            .visible_in_admin_console
            .unwrap_or(base.visible_in_admin_console),
        visible_in_user_center: item
            .visible_in_user_center
            .unwrap_or(base.visible_in_user_center),
        options: item
            .options
            .map(Value::Array)
            .unwrap_or(base.options.clone()),
        updated_at: now,
        ..base
    })
}

/// The custom fields declared for one target type.
#[utoipa::path(get, path = "/api/v3/get-custom-fields", tag = "custom-fields",
    params(GetCustomFieldsQuery),
    responses((status = 200, description = "Envelope; data: CustomField[]", body = [CustomFieldDto])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_custom_fields(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<GetCustomFieldsQuery>,
) -> AppResult<Data<Vec<CustomFieldDto>>> {
    no_tenant(q.tenant_id.as_deref())?;
    let t = target_type("targetType", &q.target_type)?;
    let fields = state.store.custom_fields(&m.pool_id, t).await?;
    Ok(Data(fields.iter().map(to_dto).collect()))
}

/// Create or change custom fields (by target type and key), all or none.
#[utoipa::path(post, path = "/api/v3/set-custom-fields", tag = "custom-fields",
    request_body = SetCustomFieldsRequest,
    responses((status = 200, description = "Envelope; data: CustomField[] (as set)", body = [CustomFieldDto])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn set_custom_fields(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<SetCustomFieldsRequest>,
) -> AppResult<Data<Vec<CustomFieldDto>>> {
    no_tenant(req.tenant_id.as_deref())?;
    batch_size("list", req.list.len())?;
    let now = state.clock.now_millis();
    let mut out: Vec<CustomField> = Vec::with_capacity(req.list.len());
    for item in req.list {
        let t = target_type("targetType", &item.target_type)?;
        let key = item.key.trim().to_string();
        if out.iter().any(|f| f.target_type == t && f.key == key) {
            return Err(ApiError::invalid("list", format!("'{key}' is listed twice")).into());
        }
        let existing = state.store.custom_fields(&m.pool_id, t).await?;
        let old = existing.iter().find(|f| f.key == key);
        out.push(merged(&m.pool_id, item, old, now)?);
    }
    state.store.put_custom_fields(&out).await?;
    Ok(Data(out.iter().map(to_dto).collect()))
}

/// Delete custom field definitions; unknown ones are ignored.
#[utoipa::path(post, path = "/api/v3/delete-custom-fields", tag = "custom-fields",
    request_body = DeleteCustomFieldsRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn delete_custom_fields(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<DeleteCustomFieldsRequest>,
) -> AppResult<Data<SuccessData>> {
    no_tenant(req.tenant_id.as_deref())?;
    batch_size("list", req.list.len())?;
    let keys = req
        .list
        .into_iter()
        .map(|r| {
            Ok((
                target_type("targetType", &r.target_type)?.to_string(),
                r.key.trim().to_string(),
            ))
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    state.store.delete_custom_fields(&m.pool_id, &keys).await?;
    Ok(Data(SuccessData { success: true }))
}

/// `v` as a value of field `f`.
fn typed(f: &CustomField, v: Value) -> Result<Value, AppError> {
    let wrong = || {
        AppError::from(ApiError::invalid(
            "value",
            format!("not a valid {} for '{}'", f.data_type, f.key),
        ))
    };
    let as_text = match &v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => return Ok(Value::Null),
        _ => return Err(wrong()),
    };
    match f.data_type.as_str() {
        "NUMBER" => as_text
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| {
                as_text
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .ok_or(())
            })
            .map_err(|()| wrong()),
        "BOOLEAN" => match as_text.as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(wrong()),
        },
        "DATETIME" => {
            let ok = parse_iso8601(&as_text).is_some() || as_text.parse::<i64>().is_ok();
            if ok {
                Ok(Value::String(as_text))
            } else {
                Err(wrong())
            }
        }
        "ENUM" => {
            let choices = f.options.as_array().map(Vec::as_slice).unwrap_or_default();
            let allowed = choices.is_empty()
                || choices
                    .iter()
                    .any(|c| c.get("value").and_then(Value::as_str) == Some(&as_text));
            if allowed {
                Ok(Value::String(as_text))
            } else {
                Err(wrong())
            }
        }
        _ => Ok(Value::String(as_text)),
    }
}

/// Only USER and DEPARTMENT carry values so far.
fn value_target(v: &str) -> Result<&'static str, AppError> {
    match target_type("targetType", v)? {
        t @ ("USER" | "DEPARTMENT") => Ok(t),
        other => Err(ApiError::not_implemented(format!("custom data of {other}")).into()),
    }
}

/// Set values of declared fields on a user or a department (merged into its custom data).
#[utoipa::path(post, path = "/api/v3/set-custom-data", tag = "custom-fields",
    request_body = SetCustomDataRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn set_custom_data(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<SetCustomDataRequest>,
) -> AppResult<Data<SuccessData>> {
    no_tenant(req.tenant_id.as_deref())?;
    let t = value_target(&req.target_type)?;
    batch_size("list", req.list.len())?;
    let fields = state.store.custom_fields(&m.pool_id, t).await?;
    let mut values = Map::new();
    for item in req.list {
        let key = item.key.trim();
        let f = fields
            .iter()
            .find(|f| f.key == key)
            .ok_or_else(|| ApiError::invalid("key", format!("no {t} custom field '{key}'")))?;
        values.insert(f.key.clone(), typed(f, item.value)?);
    }
    let now = state.clock.now_millis();
    let id = req.target_identifier.trim();
    if t == "USER" {
        let user = find_user(&state, &m.pool_id, &user_key(id.to_string(), None)?).await?;
        // Only these keys are written: the rest of the user stays as any other writer left it.
        let patch = UserPatch {
            custom_data: values,
            ..UserPatch::default()
        };
        let done = state
            .store
            .patch_user(&m.pool_id, &user.id, &patch, None, now)
            .await?;
        if done == PatchOutcome::NotFound {
            return Err(ApiError::user_not_found().into());
        }
    } else {
        let mut dept = department(&state, &m.pool_id, id).await?;
        dept.custom_data.extend(values);
        dept.updated_at = now;
        if state.store.update_department(&dept).await? == DeptChange::NotFound {
            return Err(ApiError::department_not_found().into());
        }
    }
    Ok(Data(SuccessData { success: true }))
}

async fn department(
    state: &AppState,
    pool_id: &str,
    id: &str,
) -> Result<authgate_core::department::Department, AppError> {
    if id.is_empty() {
        return Err(ApiError::missing("targetIdentifier").into());
    }
    state
        .store
        .department_by_id(pool_id, id)
        .await?
        .ok_or_else(|| ApiError::department_not_found().into())
}

/// The custom data of a user or a department.
#[utoipa::path(get, path = "/api/v3/get-custom-data", tag = "custom-fields",
    params(GetCustomDataQuery),
    responses((status = 200, description = "Envelope; data: {key: value}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_custom_data(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<GetCustomDataQuery>,
) -> AppResult<Data<Value>> {
    no_tenant(q.tenant_id.as_deref())?;
    let t = value_target(&q.target_type)?;
    let id = q.target_identifier.trim();
    let data = if t == "USER" {
        find_user(&state, &m.pool_id, &user_key(id.to_string(), None)?)
            .await?
            .custom_data
    } else {
        department(&state, &m.pool_id, id).await?.custom_data
    };
    Ok(Data(Value::Object(data)))
}
