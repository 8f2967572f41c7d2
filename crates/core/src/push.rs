//! The push-login state machine (spec §3.2): a sign-in request pushed to one user's
//! authenticator app, confirmed or cancelled by that same user before it expires.
//!
//! ```text
//! PUSHED --CONFIRM(target)--> AUTHORIZED
//!        --CANCEL(target)---> CANCELLED
//!        --(time)-----------> EXPIRED
//! ```

use crate::clock::EpochMillis;
use serde::{Deserialize, Serialize};

pub use authgate_proto::push::{PushAction, PushStatus};

/// Why an answer is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PushError {
    /// Too late.
    #[error("the push request has expired")]
    Expired,
    /// Answered by someone else than the user it was pushed to.
    #[error("the push request belongs to another user")]
    OtherUser,
    /// Answered already.
    #[error("the push request is already answered")]
    Finished,
}

/// A push code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushCode {
    /// Id (≥ 128 random bits; the web side polls with it).
    pub id: String,
    /// User pool.
    pub pool_id: String,
    /// Application that asked.
    pub app_id: String,
    /// The user it was pushed to.
    pub user_id: String,
    /// Scope for the tokens.
    pub scope: String,
    /// Creation (ms).
    pub created_at: EpochMillis,
    /// End of validity (ms).
    pub expires_at: EpochMillis,
    /// Answer so far (`Pushed` until answered).
    pub answer: PushStatus,
}

impl PushCode {
    /// The status as of `now`.
    pub fn status(&self, now: EpochMillis) -> PushStatus {
        match self.answer {
            PushStatus::Pushed if now >= self.expires_at => PushStatus::Expired,
            other => other,
        }
    }

    /// Applies the answer of `user_id` at `now`.
    pub fn apply(
        &mut self,
        action: PushAction,
        user_id: &str,
        now: EpochMillis,
    ) -> Result<PushStatus, PushError> {
        if user_id != self.user_id {
            return Err(PushError::OtherUser);
        }
        match self.status(now) {
            PushStatus::Pushed => {}
            PushStatus::Expired => return Err(PushError::Expired),
            _ => return Err(PushError::Finished),
        }
        self.answer = match action {
            PushAction::Confirm => PushStatus::Authorized,
            PushAction::Cancel => PushStatus::Cancelled,
        };
        Ok(self.answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code() -> PushCode {
        PushCode {
            id: "c".into(),
            pool_id: "p".into(),
            app_id: "a".into(),
            user_id: "u".into(),
            scope: "openid".into(),
            created_at: 0,
            expires_at: 120_000,
            answer: PushStatus::Pushed,
        }
    }

    #[test]
    fn only_the_target_user_answers_once_in_time() {
        let mut c = code();
        assert_eq!(
            c.apply(PushAction::Confirm, "v", 1),
            Err(PushError::OtherUser)
        );
        assert_eq!(
            c.apply(PushAction::Confirm, "u", 1),
            Ok(PushStatus::Authorized)
        );
        assert_eq!(
            c.apply(PushAction::Cancel, "u", 2),
            Err(PushError::Finished)
        );
        let mut late = code();
        assert_eq!(late.status(120_000), PushStatus::Expired);
        assert_eq!(
            late.apply(PushAction::Confirm, "u", 120_000),
            Err(PushError::Expired)
        );
        let mut c = code();
        assert_eq!(
            c.apply(PushAction::Cancel, "u", 5),
            Ok(PushStatus::Cancelled)
        );
    }
}
