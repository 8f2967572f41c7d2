//! Verification codes (spec §2.4): `POST /api/v3/send-email`, `POST /api/v3/send-sms` and
//! `POST /api/v3/pre-check-code`.
//!
//! Sending checks the input, the per-IP limit (bucket `send-code`) and that the kind of
//! delivery is configured, then issues a code (one per resend interval per target and
//! channel, see [`crate::codes`]) and delivers it. A failed delivery withdraws the code so the
//! user may ask again at once. Codes are never logged.

use super::app_context::AppContext;
use crate::client_ip::ClientIp;
use crate::codes::{self, CodeTarget};
use crate::http::{AppResult, Data, Empty, Json};
use crate::notify::Recipient;
use crate::rate_limit;
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::error::codes as api_codes;
use authgate_core::messages;
use authgate_core::user::{validate_email, validate_phone};
use authgate_core::user_pool::UserPool;
use authgate_proto::auth::{
    CodeType, EMAIL_CHANNELS, PreCheckCodeRequest, PreCheckCodeResponse, SMS_CHANNELS,
    SendEmailRequest, SendSmsRequest,
};
use axum::extract::State;

/// Send a verification code by email.
#[utoipa::path(post, path = "/api/v3/send-email", tag = "authentication",
    request_body = SendEmailRequest,
    responses((status = 200, description = "Envelope without data; 400 bad channel or email, \
        429 sent less than a minute ago, 503/50200 email not configured, 502/50200 delivery failed")))]
pub async fn send_email(
    State(state): State<AppState>,
    ctx: AppContext,
    ip: ClientIp,
    Json(req): Json<SendEmailRequest>,
) -> AppResult<Empty> {
    rate_limit::check_ip(&state, "send-code", ip.0.as_deref()).await?;
    let channel = known_channel(&req.channel, EMAIL_CHANNELS)?;
    validate_email(&req.email)?;
    let email = req.email.trim();
    send_code(
        &state,
        &ctx.pool,
        &CodeTarget::email(email),
        &Recipient::Email(email),
        channel,
    )
    .await
}

/// Send a verification code by SMS.
#[utoipa::path(post, path = "/api/v3/send-sms", tag = "authentication",
    request_body = SendSmsRequest,
    responses((status = 200, description = "Envelope without data; 400 bad channel or phone, \
        429 sent less than a minute ago, 503/50200 SMS not configured, 502/50200 delivery failed")))]
pub async fn send_sms(
    State(state): State<AppState>,
    ctx: AppContext,
    ip: ClientIp,
    Json(req): Json<SendSmsRequest>,
) -> AppResult<Empty> {
    rate_limit::check_ip(&state, "send-code", ip.0.as_deref()).await?;
    let channel = known_channel(&req.channel, SMS_CHANNELS)?;
    validate_phone(&req.phone_number)?;
    let country_code = country_code(req.phone_country_code.as_deref())?;
    let number = req.phone_number.trim();
    send_code(
        &state,
        &ctx.pool,
        &CodeTarget::phone(number, country_code),
        &Recipient::Phone {
            number,
            country_code,
        },
        channel,
    )
    .await
}

/// Check a code without consuming it.
#[utoipa::path(post, path = "/api/v3/pre-check-code", tag = "authentication",
    request_body = PreCheckCodeRequest,
    responses((status = 200, description = "Envelope; data: {isValid, message}",
        body = PreCheckCodeResponse)))]
pub async fn pre_check_code(
    State(state): State<AppState>,
    ctx: AppContext,
    ip: ClientIp,
    Json(req): Json<PreCheckCodeRequest>,
) -> AppResult<Data<PreCheckCodeResponse>> {
    rate_limit::check_ip(&state, "check-code", ip.0.as_deref()).await?;
    let (target, channel, code) = match req.code_type {
        CodeType::Email => {
            let p = req
                .email_code_payload
                .ok_or_else(|| ApiError::missing("emailCodePayload"))?;
            let channel = known_channel(&p.channel, EMAIL_CHANNELS)?;
            validate_email(&p.email)?;
            (CodeTarget::email(&p.email), channel, p.pass_code)
        }
        CodeType::Sms => {
            let p = req
                .sms_code_payload
                .ok_or_else(|| ApiError::missing("smsCodePayload"))?;
            let channel = known_channel(&p.channel, SMS_CHANNELS)?;
            validate_phone(&p.phone)?;
            let target =
                CodeTarget::phone(&p.phone, country_code(p.phone_country_code.as_deref())?);
            (target, channel, p.pass_code)
        }
    };
    if code.trim().is_empty() {
        return Err(ApiError::missing("passCode").into());
    }
    let lang = crate::http::context::current().lang;
    let (is_valid, message) = match codes::peek(&state, &ctx.pool, &target, channel, &code).await {
        Ok(()) => (true, messages::code_valid(lang).to_string()),
        Err(e) if e.api_code == api_codes::CODE_INVALID => (false, e.msg.render(lang)),
        Err(e) => return Err(e.into()),
    };
    Ok(Data(PreCheckCodeResponse { is_valid, message }))
}

/// `channel` if it is one of `known` (400 otherwise).
fn known_channel<'a>(channel: &str, known: &[&'a str]) -> Result<&'a str, ApiError> {
    let channel = channel.trim();
    if channel.is_empty() {
        return Err(ApiError::missing("channel"));
    }
    known
        .iter()
        .find(|k| **k == channel)
        .copied()
        .ok_or_else(|| ApiError::invalid("channel", format!("must be one of {}", known.join(", "))))
}

/// An optional `phoneCountryCode` (`+86`, `86`): up to four digits after an optional `+`.
fn country_code(value: Option<&str>) -> Result<Option<&str>, ApiError> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let digits = v.strip_prefix('+').unwrap_or(v);
    if (1..=4).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(Some(v))
    } else {
        Err(ApiError::invalid(
            "phoneCountryCode",
            "expected + and 1 to 4 digits",
        ))
    }
}

/// Sends the code in the request's language ([`authgate_service::send_code`]).
async fn send_code(
    state: &AppState,
    pool: &UserPool,
    target: &CodeTarget,
    to: &Recipient<'_>,
    channel: &str,
) -> AppResult<Empty> {
    let lang = crate::http::context::current().lang;
    authgate_service::send_code::send_code(state, pool, target, to, channel, lang).await?;
    Ok(Empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_and_country_codes() {
        assert_eq!(
            known_channel(" CHANNEL_LOGIN ", EMAIL_CHANNELS).unwrap(),
            "CHANNEL_LOGIN"
        );
        assert_eq!(known_channel("", EMAIL_CHANNELS).unwrap_err().status, 400);
        assert!(known_channel("CHANNEL_BIND_PHONE", EMAIL_CHANNELS).is_err());
        assert!(known_channel("CHANNEL_BIND_PHONE", SMS_CHANNELS).is_ok());
        assert_eq!(country_code(Some("+86")).unwrap(), Some("+86"));
        assert_eq!(country_code(Some(" ")).unwrap(), None);
        assert_eq!(country_code(None).unwrap(), None);
        assert!(country_code(Some("+86a")).is_err());
        assert!(country_code(Some("+12345")).is_err());
    }
}
