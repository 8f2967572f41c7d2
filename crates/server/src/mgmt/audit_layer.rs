//! The admin audit log's recorder: a route layer on every protected management route, so each
//! write handler — present or future — is audited without doing anything.
//!
//! For a call [`classify`] names a write (or a sensitive read), the layer keeps the request
//! parameters (secrets redacted), runs the handler, and when the envelope says `statusCode`
//! 200 appends one entry: actor (the access key), operation, GenAuth operation and resource
//! types, targets, parameters, the redacted `data` of the answer as the state after, the
//! handler's [`AuditBefore`] if it gave one, client IP, user agent and request id. A call that
//! fails leaves no entry, and no change.
//!
//! The entry is written in the same transaction as the change it records: the layer runs the
//! handler inside a store write scope ([`authgate_store::WriteScope`]), so every store write the
//! handler makes — through any store method, present or future — lands in one transaction,
//! begun by the first write (reads and password hashing before it hold no lock). When the
//! handler succeeds, the entry is appended in that transaction and it commits; when the handler
//! fails, everything it wrote rolls back (no partial change); when the entry cannot be
//! appended, or the commit fails, the change rolls back too and the caller gets an
//! `internal` error envelope: no change without its record, and no record without its change.
//! What is not in the database (the ephemeral store: codes, lockouts) is outside the scope.
//!
//! A handler must do its store work in its own task: a spawned task does not see the scope and
//! would wait on the write lock the scope holds.

use super::audit_ops::classify;
use super::auth::ManagementCtx;
use crate::client_ip::{ClientIp, user_agent};
use crate::http::{AppError, context};
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use authgate_store::{AuditEntry, WriteScope};
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

/// A handler's summary of the state before its change, stored as the entry's `originValue`.
/// Return it as a response extension: `(Extension(AuditBefore(json!(…))), Data(…))`.
#[derive(Debug, Clone)]
pub struct AuditBefore(pub Value);

/// Longest stored parameter or state summary (characters).
const MAX_SUMMARY_CHARS: usize = 8 * 1024;
/// Longest stored target list (characters).
const MAX_TARGET_CHARS: usize = 1024;
/// Members whose values name what a call acted on.
const TARGET_KEYS: &[&str] = &[
    "userId",
    "userIds",
    "appId",
    "appIds",
    "accessKeyId",
    "id",
    "ids",
    "code",
    "codeList",
    "roleCode",
    "groupCode",
    "organizationCode",
    "departmentId",
    "namespace",
    "namespaceCode",
    "resourceCode",
];
/// What replaces a secret.
pub const REDACTED: &str = "[REDACTED]";

/// Whether a member name holds a secret (passwords, secrets, tokens, salts, private keys,
/// recovery codes, passcodes), whatever its spelling.
fn is_secret_key(key: &str) -> bool {
    let k: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    [
        "password",
        "secret",
        "token",
        "salt",
        "privatekey",
        "secretkey",
        "recoverycode",
        "passcode",
    ]
    .iter()
    .any(|s| k.ends_with(s))
}

/// `v` with every secret member's value replaced by [`REDACTED`], at any depth.
pub fn redact(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    if is_secret_key(&k) && !v.is_null() {
                        (k, Value::String(REDACTED.into()))
                    } else {
                        (k, redact(v))
                    }
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(redact).collect()),
        other => other,
    }
}

/// JSON text cut to `max` characters.
fn bounded(v: &Value, max: usize) -> String {
    let text = v.to_string();
    if text.chars().count() <= max {
        return text;
    }
    let mut cut: String = text.chars().take(max).collect();
    cut.push('…');
    cut
}

/// The request parameters: the JSON body, or the query string as an object.
fn params_of(query: Option<&str>, body: &[u8]) -> Value {
    if let Ok(v) = serde_json::from_slice::<Value>(body) {
        return v;
    }
    let map: Map<String, Value> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
        .collect();
    Value::Object(map)
}

/// The ids named by the target members of `v` (top level, or each object of an array).
fn collect_targets(v: &Value, out: &mut Vec<String>) {
    let mut push = |s: &str| {
        if !s.is_empty() && !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    };
    match v {
        Value::Object(m) => {
            for key in TARGET_KEYS {
                match m.get(*key) {
                    Some(Value::String(s)) => push(s),
                    Some(Value::Array(items)) => {
                        items.iter().filter_map(Value::as_str).for_each(&mut push)
                    }
                    _ => {}
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_targets(i, out)),
        _ => {}
    }
}

/// The targets of a call: from its parameters, else from the answer's data.
fn targets(params: &Value, data: Option<&Value>) -> Option<String> {
    let mut out = Vec::new();
    collect_targets(params, &mut out);
    if out.is_empty()
        && let Some(d) = data
    {
        collect_targets(d, &mut out);
    }
    (!out.is_empty()).then(|| bounded_text(&out.join(","), MAX_TARGET_CHARS))
}

fn bounded_text(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// Middleware: records successful management writes in the admin audit log.
pub async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let operation = req
        .uri()
        .path()
        .strip_prefix("/api/v3/")
        .unwrap_or_default()
        .to_string();
    let Some(class) = classify(req.method().as_str(), &operation) else {
        return next.run(req).await;
    };
    let Some(actor) = req.extensions().get::<ManagementCtx>().cloned() else {
        return next.run(req).await;
    };
    let (mut parts, body) = req.into_parts();
    let ClientIp(ip) = match ClientIp::from_request_parts(&mut parts, &state).await {
        Ok(ip) => ip,
        Err(never) => match never {},
    };
    let agent = user_agent(&parts.headers);
    let Ok(bytes) = to_bytes(body, state.body_limit).await else {
        return AppError(ApiError::from(Msg::BodyTooLarge)).into_response();
    };
    let params = redact(params_of(parts.uri.query(), &bytes));
    let scope = state.store.write_scope();
    let response = scope
        .run(next.run(Request::from_parts(parts, Body::from(bytes))))
        .await;

    let before = response.extensions().get::<AuditBefore>().cloned();
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        discard(scope, &operation).await;
        return AppError(ApiError::internal()).into_response();
    };
    let envelope: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    if envelope["statusCode"].as_u64() != Some(200) {
        // A failed call keeps nothing it may have written before failing.
        discard(scope, &operation).await;
        return Response::from_parts(parts, Body::from(bytes));
    }
    let data = envelope.get("data").filter(|d| !d.is_null()).cloned();
    let data = data.map(redact);
    let entry = AuditEntry {
        id: authgate_core::ids::new_id().unwrap_or_default(),
        pool_id: actor.pool_id,
        actor_key_id: actor.access_key_id,
        operation_type: class.operation_type.into(),
        resource_type: class.resource_type.into(),
        target: targets(&params, data.as_ref()),
        params: Some(bounded(&params, MAX_SUMMARY_CHARS)),
        origin_value: before.map(|b| bounded(&redact(b.0), MAX_SUMMARY_CHARS)),
        target_value: data.map(|d| bounded(&d, MAX_SUMMARY_CHARS)),
        operation,
        success: true,
        ip,
        user_agent: agent,
        request_id: context::current().request_id,
        created_at: state.clock.now_millis(),
    };
    let recorded = match scope.run(state.store.append_audit(&entry)).await {
        Ok(()) => scope.commit().await,
        Err(e) => {
            discard(scope, &entry.operation).await;
            Err(e)
        }
    };
    if let Err(e) = recorded {
        tracing::error!(error = %e, operation = %entry.operation, request_id = %entry.request_id,
            "admin audit entry not recorded: the change was rolled back");
        return AppError(ApiError::internal()).into_response();
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Rolls back what a call wrote. A rollback that fails leaves nothing either: the transaction
/// ends with its connection.
async fn discard(scope: WriteScope, operation: &str) {
    if let Err(e) = scope.rollback().await {
        tracing::warn!(error = %e, operation, "rolling back a management call failed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_redacted_at_any_depth() {
        let v = redact(json!({
            "username": "ada", "password": "p", "user": {"newPassword": "x"},
            "otp": {"secret": "s", "recoveryCode": "r"}, "accessKeySecret": "k",
            "list": [{"access_token": "t", "appSecret": "a"}],
            "oidcConfig": {"token_endpoint_auth_method": "none"}, "salt": null
        }));
        assert_eq!(v["username"], "ada");
        for p in [
            "/password",
            "/user/newPassword",
            "/otp/secret",
            "/otp/recoveryCode",
            "/accessKeySecret",
            "/list/0/access_token",
            "/list/0/appSecret",
        ] {
            assert_eq!(v.pointer(p).unwrap(), REDACTED, "{p}");
        }
        assert_eq!(v["oidcConfig"]["token_endpoint_auth_method"], "none");
        assert!(v["salt"].is_null());
    }

    #[test]
    fn targets_come_from_params_then_data() {
        assert_eq!(
            targets(&json!({"userIds": ["a", "b", "a"]}), None).as_deref(),
            Some("a,b")
        );
        assert_eq!(
            targets(&json!({"username": "x"}), Some(&json!({"userId": "u1"}))).as_deref(),
            Some("u1")
        );
        assert_eq!(
            targets(&json!({}), Some(&json!([{"accessKeyId": "k"}]))).as_deref(),
            Some("k")
        );
        assert_eq!(targets(&json!({}), None), None);
        assert_eq!(bounded(&json!("abcdef"), 3), "\"ab…");
    }
}
