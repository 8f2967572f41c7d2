//! A pool's security settings (`get-security-settings` / `update-security-settings`): the
//! GenAuth fields authgate enforces (`verifyCodeLength`, `verifyCodeMaxAttempts`,
//! `qrcodeLoginStrategy`) plus authgate's own (`passwordPolicy`, `loginLockout`, `verifyCode`,
//! `revealAccountExistence`). The stored [`PoolSettings`] is the one definition; the wire form
//! is derived from it.

use super::auth::ManagementCtx;
use crate::http::{AppError, AppResult, Data, Json};
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use authgate_core::user_pool::PoolSettings;
use axum::Extension;
use axum::extract::State;
use serde_json::{Map, Value, json};

/// Where the global MFA settings live in the stored settings; they have their own endpoints.
const GLOBAL_MFA_KEY: &str = "globalMfa";

/// The stored settings of the caller's pool.
pub async fn settings_of(state: &AppState, pool_id: &str) -> Result<PoolSettings, AppError> {
    Ok(state
        .store
        .get_pool(pool_id)
        .await?
        .ok_or_else(ApiError::user_pool_not_found)?
        .settings)
}

/// The wire form: the stored settings plus GenAuth's spellings of the fields it has.
pub fn to_wire(s: &PoolSettings) -> Value {
    let mut v = serde_json::to_value(s).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.remove(GLOBAL_MFA_KEY);
        m.insert("verifyCodeLength".into(), json!(s.verify_code.length));
        m.insert(
            "verifyCodeMaxAttempts".into(),
            json!(s.verify_code.max_attempts),
        );
        m.insert("registerDisabled".into(), json!(false));
        if let Some(Value::Object(q)) = m.get_mut("qrcodeLoginStrategy") {
            q.insert("qrcodeExpiresInUnit".into(), json!("Second"));
            q.insert("ticketExpiresInUnit".into(), json!("Second"));
        }
    }
    v
}

/// Merges an update (either spelling) onto `current` and checks the ranges.
pub fn apply_update(
    current: &PoolSettings,
    update: &Map<String, Value>,
) -> Result<PoolSettings, AppError> {
    let mut merged = serde_json::to_value(current).unwrap_or(Value::Null);
    let Value::Object(m) = &mut merged else {
        return Err(ApiError::internal().into());
    };
    for (k, v) in update {
        if v.is_null() || k == GLOBAL_MFA_KEY {
            continue;
        }
        match (k.as_str(), m.get_mut(k)) {
            ("verifyCodeLength", _) => {
                m.entry("verifyCode").or_insert_with(|| json!({}))["length"] = v.clone();
            }
            ("verifyCodeMaxAttempts", _) => {
                m.entry("verifyCode").or_insert_with(|| json!({}))["maxAttempts"] = v.clone();
            }
            (_, Some(Value::Object(existing))) => {
                let Value::Object(patch) = v else {
                    return Err(ApiError::invalid(k.clone(), "must be an object").into());
                };
                for (pk, pv) in patch {
                    existing.insert(pk.clone(), pv.clone());
                }
            }
            (_, Some(slot)) => *slot = v.clone(),
            // GenAuth settings authgate does not enforce are accepted and ignored.
            (_, None) => {}
        }
    }
    let next: PoolSettings = serde_json::from_value(merged).map_err(|e| {
        ApiError::bad_request(Msg::Invalid {
            detail: e.to_string(),
        })
    })?;
    validate(&next)?;
    Ok(next)
}

fn range(name: &str, v: i64, lo: i64, hi: i64) -> Result<(), AppError> {
    if (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(ApiError::invalid(name, format!("must be between {lo} and {hi}")).into())
    }
}

fn validate(s: &PoolSettings) -> Result<(), AppError> {
    range("verifyCodeLength", i64::from(s.verify_code.length), 4, 10)?;
    range(
        "verifyCodeMaxAttempts",
        i64::from(s.verify_code.max_attempts),
        1,
        20,
    )?;
    range("verifyCode.ttlSecs", s.verify_code.ttl_secs, 30, 3600)?;
    range(
        "verifyCode.resendIntervalSecs",
        s.verify_code.resend_interval_secs,
        1,
        3600,
    )?;
    range(
        "passwordPolicy.minLength",
        i64::from(s.password_policy.min_length),
        1,
        64,
    )?;
    range(
        "passwordPolicy.maxLength",
        i64::from(s.password_policy.max_length),
        i64::from(s.password_policy.min_length),
        1024,
    )?;
    range(
        "passwordPolicy.requiredKinds",
        i64::from(s.password_policy.required_kinds),
        0,
        4,
    )?;
    range(
        "loginLockout.maxAttempts",
        i64::from(s.login_lockout.max_attempts),
        1,
        1000,
    )?;
    range(
        "loginLockout.windowSecs",
        s.login_lockout.window_secs,
        1,
        86_400,
    )?;
    let q = &s.qrcode_login_strategy;
    range(
        "qrcodeLoginStrategy.qrcodeExpiresIn",
        q.qrcode_expires_in,
        1,
        3600,
    )?;
    range(
        "qrcodeLoginStrategy.ticketExpiresIn",
        q.ticket_expires_in,
        1,
        3600,
    )?;
    Ok(())
}

/// The pool's security settings.
#[utoipa::path(get, path = "/api/v3/get-security-settings", tag = "security",
    responses((status = 200, description = "Envelope; data: security settings (GenAuth fields plus authgate's)")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_security_settings(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
) -> AppResult<Data<Value>> {
    Ok(Data(to_wire(&settings_of(&state, &m.pool_id).await?)))
}

/// Change security settings: only the fields given; answers the settings in force.
#[utoipa::path(post, path = "/api/v3/update-security-settings", tag = "security",
    request_body(content = Object, description = "verifyCodeLength, verifyCodeMaxAttempts, qrcodeLoginStrategy {qrcodeExpiresIn, ticketExpiresIn, returnFullUserInfo, allowExchangeUserInfoFromBrowser}, passwordPolicy {minLength, maxLength, requiredKinds}, loginLockout {maxAttempts, windowSecs}, verifyCode {length, ttlSecs, maxAttempts, resendIntervalSecs}, revealAccountExistence"),
    responses((status = 200, description = "Envelope; data: security settings")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn update_security_settings(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(update): Json<Map<String, Value>>,
) -> AppResult<Data<Value>> {
    let current = settings_of(&state, &m.pool_id).await?;
    let next = apply_update(&current, &update)?;
    state
        .store
        .update_pool_settings(&m.pool_id, &next, state.clock.now_millis())
        .await?;
    Ok(Data(to_wire(&next)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn genauth_and_authgate_spellings_merge() {
        let s = PoolSettings::default();
        let next = apply_update(
            &s,
            &obj(json!({
                "verifyCodeLength": 8,
                "qrcodeLoginStrategy": {"qrcodeExpiresIn": 30},
                "loginLockout": {"maxAttempts": 3},
                "cookieSettings": {"ignored": true},
                "revealAccountExistence": true
            })),
        )
        .unwrap();
        assert_eq!(next.verify_code.length, 8);
        assert_eq!(next.qrcode_login_strategy.qrcode_expires_in, 30);
        assert_eq!(next.qrcode_login_strategy.ticket_expires_in, 300, "kept");
        assert_eq!(next.login_lockout.max_attempts, 3);
        assert!(next.reveal_account_existence);
        let w = to_wire(&next);
        assert_eq!(w["verifyCodeLength"], 8);
        assert_eq!(w["qrcodeLoginStrategy"]["qrcodeExpiresInUnit"], "Second");
    }

    #[test]
    fn out_of_range_and_wrong_types_are_refused() {
        let s = PoolSettings::default();
        for bad in [
            json!({"verifyCodeLength": 2}),
            json!({"qrcodeLoginStrategy": {"qrcodeExpiresIn": 0}}),
            json!({"qrcodeLoginStrategy": 5}),
            json!({"passwordPolicy": {"minLength": "eight"}}),
        ] {
            assert!(apply_update(&s, &obj(bad.clone())).is_err(), "{bad}");
        }
    }
}
