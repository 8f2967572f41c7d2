//! Per-IP request limits for sign-in, sign-up and code sending: fixed one-minute windows
//! counted in the ephemeral store, so they hold across nodes sharing it.

use crate::Services;
use authgate_core::ApiError;
use authgate_store::ephemeral::Key;

/// Counts one request of `bucket` from `ip`; refuses past the configured limit.
pub async fn check_ip(state: &Services, bucket: &str, ip: Option<&str>) -> Result<(), ApiError> {
    let Some(ip) = ip else {
        return Ok(());
    };
    let limit = state.ip_rate_limit_per_minute;
    if limit <= 0 {
        return Ok(());
    }
    let window = state.clock.now_millis() / 60_000;
    let key = Key::RateLimit { bucket, ip, window };
    if state.ephemeral.incr(&key, 60_000).await > limit {
        return Err(ApiError::rate_limited());
    }
    Ok(())
}
