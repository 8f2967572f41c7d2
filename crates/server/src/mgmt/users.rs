//! User management (spec §5.3.1): create, batch create, get, batch get, list, update,
//! batch delete, existence check.

use super::auth::ManagementCtx;
use super::departments::view;
use super::paging::page_window;
use super::security;
use crate::http::{AppError, AppResult, Data, Json, Query};
use crate::state::AppState;
use crate::user_view::ViewFlags;
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use authgate_core::password_policy::PasswordPolicy;
use authgate_core::user::{Identifiers, User, UserKey, UserSource, validate_email, validate_phone};
use authgate_proto::envelope::{ExistsData, Page, SuccessData};
use authgate_proto::users::{
    CreateUserInput, CreateUserOptions, CreateUserRequest, CreateUsersBatchRequest,
    DeleteUsersBatchRequest, GetUserBatchQuery, GetUserQuery, IsUserExistsRequest,
    ListUsersLegacyQuery, ListUsersRequest, UpdateUserRequest, UserDto,
};
use authgate_store::{Order, SEARCHABLE_FIELDS, SORTABLE_FIELDS, UserPatch, UserQuery, column_of};
use axum::Extension;
use axum::extract::State;
use serde_json::Value;

/// Largest number of users one batch call may name.
const MAX_BATCH: usize = 50;

/// A lookup key from an id and its `userIdType` (default `user_id`).
pub(crate) fn user_key(id: String, user_id_type: Option<&str>) -> Result<UserKey, AppError> {
    if id.trim().is_empty() {
        return Err(ApiError::missing("userId").into());
    }
    let kind = user_id_type.unwrap_or("user_id");
    let key = UserKey::from_wire(kind, id).ok_or_else(|| {
        ApiError::invalid(
            "userIdType",
            format!("unsupported value '{kind}' (user_id, email, phone, username, external_id)"),
        )
    })?;
    // A malformed email or phone can name nobody: say so rather than "not found".
    let format = match &key {
        UserKey::Email(e) => validate_email(e),
        UserKey::Phone(p) => validate_phone(p),
        _ => Ok(()),
    };
    format.map_err(|_| ApiError::invalid("userId", format!("not a valid {kind}")))?;
    Ok(key)
}

pub(crate) async fn find_user(
    state: &AppState,
    pool_id: &str,
    key: &UserKey,
) -> Result<User, AppError> {
    state
        .store
        .get_user(pool_id, key)
        .await?
        .ok_or_else(|| ApiError::user_not_found().into())
}

pub(super) fn batch_size(name: &str, n: usize) -> Result<(), AppError> {
    if n == 0 {
        return Err(ApiError::missing(name).into());
    }
    batch_size_max(name, n)
}

/// At most [`MAX_BATCH`] items (none is fine).
fn batch_size_max(name: &str, n: usize) -> Result<(), AppError> {
    if n > MAX_BATCH {
        return Err(ApiError::invalid(name, format!("at most {MAX_BATCH} items per call")).into());
    }
    Ok(())
}

pub(super) fn custom_object(
    name: &str,
    v: Option<Value>,
) -> Result<Option<serde_json::Map<String, Value>>, AppError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(ApiError::invalid(name, "must be an object").into()),
    }
}

/// The plaintext password of a create/update call: the given one decrypted per
/// `passwordEncryptType`, or, with `autoGeneratePassword`, a random one nobody knows (the
/// user is then made to set a new one through the reset-password flow).
/// A given password must meet the pool's `policy`, as on every other path.
fn password_of(
    state: &AppState,
    policy: &PasswordPolicy,
    given: Option<String>,
    encrypt_type: Option<&str>,
    auto_generate: Option<bool>,
) -> Result<Option<String>, AppError> {
    if auto_generate == Some(true) {
        return Ok(Some(authgate_core::ids::new_secret_hex(24)?));
    }
    given
        .filter(|p| !p.is_empty())
        .map(|p| crate::passwords::accept_new(state, policy, encrypt_type, "password", &p))
        .transpose()
        .map_err(AppError::from)
}

/// An empty string clears an identifier; anything else sets it (trimmed).
fn identifier(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Builds (and validates) a new user from create input; the password is not hashed yet.
fn new_user(
    state: &AppState,
    pool_id: &str,
    policy: &PasswordPolicy,
    input: CreateUserInput,
    opts: &CreateUserOptions,
) -> Result<NewUser, AppError> {
    if opts.keep_password == Some(true) {
        return Err(ApiError::invalid(
            "options.keepPassword",
            "importing password hashes is not supported",
        )
        .into());
    }
    let now = state.clock.now_millis();
    let ids = Identifiers {
        email: identifier(input.email),
        phone: identifier(input.phone),
        phone_country_code: identifier(input.phone_country_code),
        username: identifier(input.username),
        external_id: identifier(input.external_id),
    };
    let mut user = User::new(
        authgate_core::ids::new_id()?,
        pool_id.to_string(),
        ids,
        UserSource::AdminCreated,
        now,
    );
    if let Some(status) = input.status {
        user.status = status;
    }
    user.profile = input.profile;
    if user.profile.photo.is_none() {
        user.profile.photo = Some(crate::assets::default_avatar_url(&state.public_base));
    }
    user.gender = input.gender.unwrap_or_default();
    user.email_verified = input.email_verified.unwrap_or(false);
    user.phone_verified = input.phone_verified.unwrap_or(false);
    user.custom_data = custom_object("customData", input.custom_data)?.unwrap_or_default();
    user.reset_password_on_next_login = opts.reset_password_on_first_login.unwrap_or(false)
        || opts.auto_generate_password == Some(true);
    let password = password_of(
        state,
        policy,
        input.password,
        opts.password_encrypt_type.as_deref(),
        opts.auto_generate_password,
    )?;
    if password.is_some() {
        user.password_last_set_at = Some(now);
    }
    user.validate()?;
    Ok(NewUser {
        user,
        password,
        departments: input.department_ids.unwrap_or_default(),
    })
}

/// A user to create: the record, its password (not hashed yet) and departments to join.
struct NewUser {
    user: User,
    password: Option<String>,
    departments: Vec<String>,
}

/// Hashes the passwords and checks the departments of users to create, then stores them
/// (with their memberships) all or none.
async fn store_new_users(
    state: &AppState,
    pool_id: &str,
    built: Vec<NewUser>,
) -> AppResult<Vec<User>> {
    let mut rows = Vec::with_capacity(built.len());
    for mut n in built {
        let mut depts: Vec<String> = Vec::with_capacity(n.departments.len());
        for id in n.departments.iter().map(|d| d.trim()) {
            if id.is_empty() || depts.iter().any(|d| d == id) {
                return Err(ApiError::invalid("departmentIds", "empty or repeated id").into());
            }
            let dept = state
                .store
                .department_by_id(pool_id, id)
                .await?
                .ok_or_else(ApiError::department_not_found)?;
            depts.push(dept.id);
        }
        batch_size_max("departmentIds", depts.len())?;
        hash_into(state, &mut n.user, n.password.take()).await?;
        rows.push((n.user, depts));
    }
    state.store.insert_users_in_departments(&rows).await?;
    Ok(rows.into_iter().map(|(u, _)| u).collect())
}

async fn hash_into(state: &AppState, user: &mut User, password: Option<String>) -> AppResult<()> {
    if let Some(p) = password {
        user.password_hash = Some(state.passwords.hash(p).await?);
    }
    Ok(())
}

fn created_view() -> ViewFlags {
    ViewFlags {
        custom_data: true,
        department_ids: true,
        ..ViewFlags::default()
    }
}

/// One user on the wire with the `with*` flags.
async fn one_view(state: &AppState, user: &User, flags: ViewFlags) -> AppResult<Data<Value>> {
    let list = view::users(state, std::slice::from_ref(user), flags).await?;
    Ok(Data(list.into_iter().next().unwrap_or(Value::Null)))
}

/// Create a user.
#[utoipa::path(post, path = "/api/v3/create-user", tag = "users",
    request_body = CreateUserRequest,
    responses((status = 200, description = "Envelope; data: User", body = UserDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn create_user(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<CreateUserRequest>,
) -> AppResult<Data<Value>> {
    let opts = req.options.unwrap_or_default();
    let policy = security::settings_of(&state, &m.pool_id)
        .await?
        .password_policy;
    let built = new_user(&state, &m.pool_id, &policy, req.user, &opts)?;
    let users = store_new_users(&state, &m.pool_id, vec![built]).await?;
    match users.first() {
        Some(u) => one_view(&state, u, created_view()).await,
        None => Err(ApiError::internal().into()),
    }
}

/// Create up to 50 users, all or none.
#[utoipa::path(post, path = "/api/v3/create-users-batch", tag = "users",
    request_body = CreateUsersBatchRequest,
    responses((status = 200, description = "Envelope; data: User[]", body = [UserDto])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn create_users_batch(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<CreateUsersBatchRequest>,
) -> AppResult<Data<Vec<Value>>> {
    batch_size("list", req.list.len())?;
    let opts = req.options.unwrap_or_default();
    let policy = security::settings_of(&state, &m.pool_id)
        .await?
        .password_policy;
    let built = req
        .list
        .into_iter()
        .map(|input| new_user(&state, &m.pool_id, &policy, input, &opts))
        .collect::<Result<Vec<_>, _>>()?;
    let users = store_new_users(&state, &m.pool_id, built).await?;
    Ok(Data(view::users(&state, &users, created_view()).await?))
}

/// Get one user by id, email (case-insensitive), phone, username or external id.
#[utoipa::path(get, path = "/api/v3/get-user", tag = "users",
    params(GetUserQuery),
    responses((status = 200, description = "Envelope; data: User", body = UserDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_user(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<GetUserQuery>,
) -> AppResult<Data<Value>> {
    let key = user_key(q.user_id, q.user_id_type.as_deref())?;
    let user = find_user(&state, &m.pool_id, &key).await?;
    let flags = ViewFlags {
        custom_data: q.with_custom_data.unwrap_or(false),
        flat_custom_data: q.flat_custom_data.unwrap_or(false),
        identities: q.with_identities.unwrap_or(false),
        department_ids: q.with_department_ids.unwrap_or(false),
    };
    one_view(&state, &user, flags).await
}

/// Get up to 50 users; unknown ids are left out, order follows the request.
#[utoipa::path(get, path = "/api/v3/get-user-batch", tag = "users",
    params(GetUserBatchQuery),
    responses((status = 200, description = "Envelope; data: User[]", body = [UserDto])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_user_batch(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<GetUserBatchQuery>,
) -> AppResult<Data<Vec<Value>>> {
    let ids: Vec<String> = q.user_ids.into_iter().filter(|i| !i.is_empty()).collect();
    batch_size("userIds", ids.len())?;
    let flags = ViewFlags {
        custom_data: q.with_custom_data.unwrap_or(false),
        flat_custom_data: q.flat_custom_data.unwrap_or(false),
        identities: q.with_identities.unwrap_or(false),
        department_ids: q.with_department_ids.unwrap_or(false),
    };
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        let key = user_key(id, q.user_id_type.as_deref())?;
        if let Some(u) = state.store.get_user(&m.pool_id, &key).await? {
            found.push(u);
        }
    }
    Ok(Data(view::users(&state, &found, flags).await?))
}

fn sort_keys(
    items: Vec<authgate_proto::users::SortItem>,
) -> Result<Vec<(String, Order)>, AppError> {
    items
        .into_iter()
        .map(|s| {
            if column_of(SORTABLE_FIELDS, &s.field).is_none() {
                return Err(ApiError::invalid(
                    "options.sort.field",
                    format!("cannot sort by '{}'", s.field),
                )
                .into());
            }
            let order = match s.order.to_ascii_lowercase().as_str() {
                "asc" => Order::Asc,
                "desc" => Order::Desc,
                _ => {
                    return Err(
                        ApiError::invalid("options.sort.order", "must be asc or desc").into(),
                    );
                }
            };
            Ok((s.field, order))
        })
        .collect()
}

async fn page_of_users(
    state: &AppState,
    pool_id: &str,
    query: &UserQuery,
    flags: ViewFlags,
) -> AppResult<Data<Page<Value>>> {
    let (total, users) = state.store.list_users(pool_id, query).await?;
    Ok(Data(Page {
        total_count: total,
        list: view::users(state, &users, flags).await?,
    }))
}

/// Search and page through users (limit ≤ 50).
#[utoipa::path(post, path = "/api/v3/list-users", tag = "users",
    request_body = ListUsersRequest,
    responses((status = 200, description = "Envelope; data: {totalCount, list: User[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn list_users(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<ListUsersRequest>,
) -> AppResult<Data<Page<Value>>> {
    let filter_items = req.advanced_filter.unwrap_or_default();
    let filters = if filter_items.is_empty() {
        Vec::new()
    } else {
        let custom = state.store.custom_fields(&m.pool_id, "USER").await?;
        super::user_filters::parse(&filter_items, &custom)?
    };
    let opts = req.options.unwrap_or_default();
    let pagination = opts.pagination.unwrap_or_default();
    let (offset, limit) = page_window(pagination.page, pagination.limit)?;
    let search_fields = opts.fuzzy_search_on.unwrap_or_default();
    if let Some(bad) = search_fields
        .iter()
        .find(|f| column_of(SEARCHABLE_FIELDS, f).is_none())
    {
        return Err(ApiError::invalid(
            "options.fuzzySearchOn",
            format!("cannot search in '{bad}'"),
        )
        .into());
    }
    let query = UserQuery {
        keyword: req.keywords,
        search_fields,
        sort: sort_keys(opts.sort.unwrap_or_default())?,
        filters,
        offset,
        limit,
        ..UserQuery::default()
    };
    let flags = ViewFlags {
        custom_data: opts.with_custom_data.unwrap_or(false),
        flat_custom_data: opts.flat_custom_data.unwrap_or(false),
        identities: opts.with_identities.unwrap_or(false),
        department_ids: opts.with_department_ids.unwrap_or(false),
    };
    page_of_users(&state, &m.pool_id, &query, flags).await
}

/// Page through users (deprecated GET variant).
#[utoipa::path(get, path = "/api/v3/list-users", tag = "users",
    params(ListUsersLegacyQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: User[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn list_users_legacy(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<ListUsersLegacyQuery>,
) -> AppResult<Data<Page<Value>>> {
    let (offset, limit) = page_window(q.page, q.limit)?;
    let query = UserQuery {
        status: q.status,
        updated_from: q.updated_at_start,
        updated_to: q.updated_at_end,
        offset,
        limit,
        ..UserQuery::default()
    };
    let flags = ViewFlags {
        custom_data: q.with_custom_data.unwrap_or(false),
        identities: q.with_identities.unwrap_or(false),
        department_ids: q.with_department_ids.unwrap_or(false),
        flat_custom_data: false,
    };
    page_of_users(&state, &m.pool_id, &query, flags).await
}

/// Update a user: profile, identifiers, status, verification flags, password, custom data.
#[utoipa::path(post, path = "/api/v3/update-user", tag = "users",
    request_body = UpdateUserRequest,
    responses((status = 200, description = "Envelope; data: User", body = UserDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn update_user(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<UpdateUserRequest>,
) -> AppResult<Data<Value>> {
    let opts = req.options.unwrap_or_default();
    let key = user_key(req.user_id, opts.user_id_type.as_deref())?;
    let user = find_user(&state, &m.pool_id, &key).await?;

    let f = req.fields;
    if f.department_ids.is_some() {
        return Err(ApiError::invalid(
            "departmentIds",
            "change departments with set-user-departments",
        )
        .into());
    }
    let policy = security::settings_of(&state, &m.pool_id)
        .await?
        .password_policy;
    let password = password_of(
        &state,
        &policy,
        f.password,
        opts.password_encrypt_type.as_deref(),
        opts.auto_generate_password,
    )?;
    let reset_on_next_login = if opts.auto_generate_password == Some(true) {
        Some(true)
    } else {
        opts.reset_password_on_next_login
            .or(opts.reset_password_on_first_login)
    };
    // Only the fields given: a sign-in or another change meanwhile keeps its own.
    let mut patch = UserPatch {
        status: f.status,
        email: f.email.map(|v| identifier(Some(v))),
        phone: f.phone.map(|v| identifier(Some(v))),
        phone_country_code: f.phone_country_code.map(|v| identifier(Some(v))),
        username: f.username.map(|v| identifier(Some(v))),
        external_id: f.external_id.map(|v| identifier(Some(v))),
        email_verified: f.email_verified,
        phone_verified: f.phone_verified,
        gender: f.gender,
        profile: UserPatch::profile_of(&f.profile),
        custom_data: custom_object("customData", f.custom_data)?.unwrap_or_default(),
        password_hash: None,
        reset_password_on_next_login: reset_on_next_login,
    };
    // Validate before the (slow) hash, so a bad request costs no hashing.
    let mut preview = user.clone();
    patch.apply_to(&mut preview, state.clock.now_millis());
    preview.validate()?;
    if let Some(p) = password {
        patch.password_hash = Some(state.passwords.hash(p).await?);
    }
    // A status that forbids signing in, or a new password, ends every session in the same
    // transaction as the change.
    let user = crate::user_patch::apply(&state, &m.pool_id, &user.id, &patch).await?;
    one_view(&state, &user, created_view()).await
}

/// Delete up to 50 users. Ids that do not exist are ignored (deleting is idempotent).
#[utoipa::path(post, path = "/api/v3/delete-users-batch", tag = "users",
    request_body = DeleteUsersBatchRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn delete_users_batch(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<DeleteUsersBatchRequest>,
) -> AppResult<Data<SuccessData>> {
    batch_size("userIds", req.user_ids.len())?;
    let id_type = req.options.and_then(|o| o.user_id_type);
    let mut ids = Vec::with_capacity(req.user_ids.len());
    for raw in req.user_ids {
        let key = user_key(raw, id_type.as_deref())?;
        match key {
            UserKey::Id(id) => ids.push(id),
            other => {
                if let Some(u) = state.store.get_user(&m.pool_id, &other).await? {
                    ids.push(u.id);
                }
            }
        }
    }
    state.store.delete_users(&m.pool_id, &ids).await?;
    Ok(Data(SuccessData { success: true }))
}

/// Whether a user with any of the given identifiers exists.
#[utoipa::path(post, path = "/api/v3/is-user-exists", tag = "users",
    request_body = IsUserExistsRequest,
    responses((status = 200, description = "Envelope; data: {exists}", body = ExistsData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn is_user_exists(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<IsUserExistsRequest>,
) -> AppResult<Data<ExistsData>> {
    let keys: Vec<UserKey> = [
        identifier(req.username).map(UserKey::Username),
        identifier(req.email).map(UserKey::Email),
        identifier(req.phone).map(UserKey::Phone),
        identifier(req.external_id).map(UserKey::ExternalId),
    ]
    .into_iter()
    .flatten()
    .collect();
    if keys.is_empty() {
        return Err(ApiError::bad_request(Msg::UserIdentifierRequired).into());
    }
    for key in &keys {
        if state.store.get_user(&m.pool_id, key).await?.is_some() {
            return Ok(Data(ExistsData { exists: true }));
        }
    }
    Ok(Data(ExistsData { exists: false }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_id_types() {
        assert_eq!(
            user_key("a@b.c".into(), Some("email")).unwrap(),
            UserKey::Email("a@b.c".into())
        );
        assert!(user_key("x".into(), Some("identity")).is_err());
        assert!(user_key(" ".into(), None).is_err());
    }
}
