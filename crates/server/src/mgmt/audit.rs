//! Reading the logs (spec §5.3.9): `get-admin-audit-logs` (management writes, recorded by
//! [`super::audit_layer`]) and `get-user-action-logs` (what end users did, recorded by
//! [`crate::user_actions`]). There is no API to change or delete either log.

use super::auth::ManagementCtx;
use super::paging::page_window;
use super::sessions::AppBriefs;
use crate::http::{AppResult, Data, Json};
use crate::state::AppState;
use authgate_core::timefmt::iso8601;
use authgate_core::user::UserKey;
use authgate_proto::Page;
use authgate_proto::audit::{
    AdminAuditLog, GeoIp, GetAdminAuditLogsRequest, GetUserActionLogsRequest, ParsedUserAgent,
    UserActionLog,
};
use authgate_proto::envelope::Pagination;
use authgate_store::{AuditQuery, UserActionQuery};
use axum::Extension;
use axum::extract::State;
use serde_json::json;
use std::collections::HashMap;

/// A filter value: absent, empty and `all` mean no filter.
fn filter(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty() && s != "all")
}

fn window(p: Option<Pagination>) -> Result<(i64, i64), crate::http::AppError> {
    let p = p.unwrap_or_default();
    page_window(p.page, p.limit)
}

/// A rough reading of a user agent: browser or client, OS, device class.
pub fn parse_user_agent(ua: &str) -> ParsedUserAgent {
    let has = |s: &str| ua.contains(s);
    let name = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
        ("python-requests", "python-requests"),
        ("axios", "axios"),
        ("node", "node"),
        ("reqwest", "reqwest"),
    ]
    .iter()
    .find(|(needle, _)| has(needle))
    .map_or("", |(_, n)| n);
    let os = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "Mac OS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| has(needle))
    .map_or("", |(_, n)| n);
    let device = if ua.is_empty() {
        ""
    } else if has("Mobile") || has("Android") || has("iPhone") {
        "mobile"
    } else if has("Mozilla/") {
        "desktop"
    } else {
        "other"
    };
    ParsedUserAgent {
        device: device.into(),
        name: name.into(),
        os: os.into(),
    }
}

/// Successful management writes, newest first; `userId` filters by the access key that made
/// them (authgate's administrators are access keys).
#[utoipa::path(post, path = "/api/v3/get-admin-audit-logs", tag = "audit",
    request_body = GetAdminAuditLogsRequest,
    responses((status = 200, description = "Envelope; data: {totalCount, list}", body = Page<AdminAuditLog>)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_admin_audit_logs(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<GetAdminAuditLogsRequest>,
) -> AppResult<Data<Page<AdminAuditLog>>> {
    let (offset, limit) = window(req.pagination)?;
    let query = AuditQuery {
        request_id: filter(req.request_id),
        ip: filter(req.client_ip),
        operation_type: filter(req.operation_type),
        resource_type: filter(req.resource_type),
        actor: filter(req.user_id),
        success: req.success,
        start: req.start,
        end: req.end,
        offset,
        limit,
    };
    let (total_count, rows) = state.store.list_audit(&m.pool_id, &query).await?;
    let root = state.store.root_access_key(&m.pool_id).await?.map(|k| k.id);
    let list = rows
        .into_iter()
        .map(|e| {
            let display = if root.as_deref() == Some(e.actor_key_id.as_str()) {
                "root access key".to_string()
            } else {
                format!("access key {}", e.actor_key_id)
            };
            let agent = e.user_agent.unwrap_or_default();
            AdminAuditLog {
                ua: parse_user_agent(&agent),
                admin_user_id: e.actor_key_id,
                admin_user_avatar: String::new(),
                admin_user_display_name: display,
                client_ip: e.ip,
                operation_type: e.operation_type,
                resource_type: e.resource_type,
                event_details: Some(match e.target {
                    Some(t) => format!("{} {t}", e.operation),
                    None => e.operation,
                }),
                operation_param: e.params,
                origin_value: e.origin_value,
                target_value: e.target_value,
                success: e.success,
                user_agent: agent,
                geoip: GeoIp::default(),
                timestamp: iso8601(e.created_at),
                request_id: e.request_id,
            }
        })
        .collect();
    Ok(Data(Page { total_count, list }))
}

/// What end users did (sign-in attempts, registrations, password changes), newest first.
#[utoipa::path(post, path = "/api/v3/get-user-action-logs", tag = "audit",
    request_body = GetUserActionLogsRequest,
    responses((status = 200, description = "Envelope; data: {totalCount, list}", body = Page<UserActionLog>)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_user_action_logs(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<GetUserActionLogsRequest>,
) -> AppResult<Data<Page<UserActionLog>>> {
    let (offset, limit) = window(req.pagination)?;
    let query = UserActionQuery {
        request_id: filter(req.request_id),
        ip: filter(req.client_ip),
        event_type: filter(req.event_type),
        user_id: filter(req.user_id),
        app_id: filter(req.app_id),
        success: req.success,
        start: req.start,
        end: req.end,
        offset,
        limit,
    };
    let (total_count, rows) = state.store.list_user_actions(&m.pool_id, &query).await?;
    let mut apps = AppBriefs::new(&state, &m.pool_id);
    let mut users: HashMap<String, Option<(String, String, i64)>> = HashMap::new();
    let mut list = Vec::with_capacity(rows.len());
    for r in rows {
        let user_id = r.user_id.clone().unwrap_or_default();
        if !user_id.is_empty() && !users.contains_key(&user_id) {
            let found = state
                .store
                .get_user(&m.pool_id, &UserKey::Id(user_id.clone()))
                .await?
                .map(|u| {
                    let name = u.display_name().to_string();
                    (name, u.profile.photo.unwrap_or_default(), u.logins_count)
                });
            users.insert(user_id.clone(), found);
        }
        let (display, avatar, logins) = users.get(&user_id).cloned().flatten().unwrap_or_default();
        let app_id = r.app_id.unwrap_or_default();
        let brief = if app_id.is_empty() {
            None
        } else {
            apps.get(&app_id).await?
        }
        .unwrap_or_default();
        let detail = json!({"method": r.method, "account": r.account, "apiCode": r.api_code});
        let agent = r.user_agent.unwrap_or_default();
        list.push(UserActionLog {
            user_id,
            user_avatar: avatar,
            user_display_name: display,
            user_logins_count: logins,
            app_id,
            app_name: brief.name,
            client_ip: r.ip,
            event_type: r.event_type,
            event_detail: Some(detail.to_string()),
            success: r.success,
            app_login_url: brief.login_url,
            app_logo: brief.logo,
            parsed_user_agent: parse_user_agent(&agent),
            user_agent: agent,
            geoip: GeoIp::default(),
            timestamp: iso8601(r.created_at),
            request_id: r.request_id.unwrap_or_default(),
        });
    }
    Ok(Data(Page { total_count, list }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agents_and_filters() {
        let ua = parse_user_agent(
            "Mozilla/5.0 (Windows NT 10.0; Win64) AppleWebKit/537.36 Chrome/120 Safari/537.36",
        );
        assert_eq!((ua.name.as_str(), ua.os.as_str()), ("Chrome", "Windows"));
        assert_eq!(ua.device, "desktop");
        assert_eq!(parse_user_agent("python-requests/2.31").device, "other");
        assert_eq!(filter(Some("all".into())), None);
        assert_eq!(filter(Some(" user ".into())).as_deref(), Some("user"));
    }
}
