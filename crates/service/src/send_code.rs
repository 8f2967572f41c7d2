//! Sending a verification code, for every surface that offers one (the API's `send-email` /
//! `send-sms`, the hosted login, sign-up and reset pages): issue, deliver, and withdraw the
//! code when delivery fails so the user may ask again at once. Codes are never logged.

use crate::Services;
use crate::codes::{self, CodeTarget};
use crate::notify::{self, CodeMessage, Recipient};
use authgate_core::ApiError;
use authgate_core::lang::Lang;
use authgate_core::user_pool::UserPool;

/// Issues a code for `target` and `channel` (one per resend interval, see [`crate::codes`])
/// and delivers it to `to` in `lang`; withdraws it when the delivery fails.
pub async fn send_code(
    state: &Services,
    pool: &UserPool,
    target: &CodeTarget,
    to: &Recipient<'_>,
    channel: &str,
    lang: Lang,
) -> Result<(), ApiError> {
    state.notify.check(to)?;
    let code = codes::issue(state, pool, target, channel).await?;
    let msg = CodeMessage {
        channel,
        code: &code,
        ttl_secs: pool.settings.verify_code.ttl_secs,
        lang,
    };
    if let Err(e) = state.notify.deliver(to, &msg).await {
        codes::withdraw(state, pool, target, channel).await;
        tracing::warn!(error = %e, channel, "verification code delivery failed");
        return Err(notify::delivery_failed());
    }
    Ok(())
}
