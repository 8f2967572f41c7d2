//! The QR-code login state machine (spec §3.1), as a type whose transitions are checked:
//!
//! ```text
//! PENDING --SCAN(u)--> SCANNED(u) --CONFIRM(u)--> AUTHORIZED(u)
//!                         |   \--CANCEL(u)-----> CANCELLED(u)
//! PENDING | SCANNED --(time)--> EXPIRED
//! ```
//!
//! Only the user who scanned may confirm or cancel; a user of another pool cannot scan; nothing
//! happens after expiry or in a terminal state. `ERROR` is what an unknown code reports.

use crate::clock::EpochMillis;
pub use authgate_proto::qrcode::{QrAction, QrStatus};
use serde::{Deserialize, Serialize};

/// Where a code is in its life; users appear from the scan on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum QrState {
    /// Waiting for a scan.
    Pending,
    /// Scanned by `user_id`.
    Scanned {
        /// Who scanned.
        user_id: String,
    },
    /// Confirmed by `user_id`.
    Authorized {
        /// Who confirmed.
        user_id: String,
    },
    /// Cancelled by `user_id`.
    Cancelled {
        /// Who cancelled.
        user_id: String,
    },
}

/// Why an action is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    /// The code's validity is over.
    #[error("the QR code has expired")]
    Expired,
    /// The user belongs to another user pool than the code.
    #[error("the QR code belongs to another user pool")]
    WrongPool,
    /// Scanned already (by anyone).
    #[error("the QR code has already been scanned")]
    AlreadyScanned,
    /// Confirm or cancel before a scan.
    #[error("the QR code must be scanned first")]
    ScanFirst,
    /// Confirm or cancel by someone else than the scanner.
    #[error("the QR code was scanned by another user")]
    OtherUser,
    /// The code is authorized or cancelled already.
    #[error("the QR code is already finished")]
    Finished,
}

/// The user acting in the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor<'a> {
    /// User id.
    pub user_id: &'a str,
    /// The user's pool.
    pub pool_id: &'a str,
}

/// A QR code and its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QrCode {
    /// The code id (≥ 128 random bits).
    pub id: String,
    /// User pool.
    pub pool_id: String,
    /// Application that showed it.
    pub app_id: String,
    /// Creation (ms).
    pub created_at: EpochMillis,
    /// End of validity (ms).
    pub expires_at: EpochMillis,
    /// Data to merge into the user's custom data on confirmation.
    pub custom_data: Option<serde_json::Value>,
    /// State.
    pub state: QrState,
}

impl QrCode {
    /// The status as of `now`: a pending or scanned code past its validity is expired.
    pub fn status(&self, now: EpochMillis) -> QrStatus {
        match &self.state {
            QrState::Pending | QrState::Scanned { .. } if now >= self.expires_at => {
                QrStatus::Expired
            }
            QrState::Pending => QrStatus::Pending,
            QrState::Scanned { .. } => QrStatus::Scanned,
            QrState::Authorized { .. } => QrStatus::Authorized,
            QrState::Cancelled { .. } => QrStatus::Cancelled,
        }
    }

    /// The user shown to the web side (from the scan on).
    pub fn user_id(&self) -> Option<&str> {
        match &self.state {
            QrState::Pending => None,
            QrState::Scanned { user_id }
            | QrState::Authorized { user_id }
            | QrState::Cancelled { user_id } => Some(user_id),
        }
    }

    /// Applies `action` by `actor` at `now`, or says why not (the code is unchanged then).
    pub fn apply(
        &mut self,
        action: QrAction,
        actor: &Actor<'_>,
        now: EpochMillis,
    ) -> Result<QrStatus, QrError> {
        if actor.pool_id != self.pool_id {
            return Err(QrError::WrongPool);
        }
        match self.status(now) {
            QrStatus::Expired => return Err(QrError::Expired),
            QrStatus::Authorized | QrStatus::Cancelled | QrStatus::Error => {
                return Err(QrError::Finished);
            }
            QrStatus::Pending | QrStatus::Scanned => {}
        }
        let next = match (&self.state, action) {
            (QrState::Pending, QrAction::Scan) => QrState::Scanned {
                user_id: actor.user_id.to_string(),
            },
            (QrState::Pending, QrAction::Confirm | QrAction::Cancel) => {
                return Err(QrError::ScanFirst);
            }
            (QrState::Scanned { .. }, QrAction::Scan) => return Err(QrError::AlreadyScanned),
            (QrState::Scanned { user_id }, _) if user_id != actor.user_id => {
                return Err(QrError::OtherUser);
            }
            (QrState::Scanned { user_id }, QrAction::Confirm) => QrState::Authorized {
                user_id: user_id.clone(),
            },
            (QrState::Scanned { user_id }, QrAction::Cancel) => QrState::Cancelled {
                user_id: user_id.clone(),
            },
            (QrState::Authorized { .. } | QrState::Cancelled { .. }, _) => {
                return Err(QrError::Finished);
            }
        };
        self.state = next;
        Ok(self.status(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code() -> QrCode {
        QrCode {
            id: "q".into(),
            pool_id: "p".into(),
            app_id: "a".into(),
            created_at: 0,
            expires_at: 120_000,
            custom_data: None,
            state: QrState::Pending,
        }
    }

    const U: Actor<'static> = Actor {
        user_id: "u",
        pool_id: "p",
    };
    const V: Actor<'static> = Actor {
        user_id: "v",
        pool_id: "p",
    };

    #[test]
    fn happy_path_and_refusals() {
        let mut c = code();
        assert_eq!(c.apply(QrAction::Confirm, &U, 1), Err(QrError::ScanFirst));
        assert_eq!(c.apply(QrAction::Scan, &U, 1), Ok(QrStatus::Scanned));
        assert_eq!(c.apply(QrAction::Scan, &V, 2), Err(QrError::AlreadyScanned));
        assert_eq!(c.apply(QrAction::Confirm, &V, 2), Err(QrError::OtherUser));
        assert_eq!(c.apply(QrAction::Confirm, &U, 3), Ok(QrStatus::Authorized));
        assert_eq!(c.user_id(), Some("u"));
        assert_eq!(c.apply(QrAction::Cancel, &U, 4), Err(QrError::Finished));
        assert_eq!(
            c.status(1_000_000),
            QrStatus::Authorized,
            "terminal states do not expire"
        );
    }

    #[test]
    fn expiry_and_pools() {
        let mut c = code();
        let other_pool = Actor {
            user_id: "w",
            pool_id: "q",
        };
        assert_eq!(
            c.apply(QrAction::Scan, &other_pool, 1),
            Err(QrError::WrongPool)
        );
        assert_eq!(c.status(120_000), QrStatus::Expired);
        assert_eq!(c.apply(QrAction::Scan, &U, 120_000), Err(QrError::Expired));
        let mut c = code();
        c.apply(QrAction::Scan, &U, 1).unwrap();
        assert_eq!(
            c.apply(QrAction::Confirm, &U, 200_000),
            Err(QrError::Expired)
        );
        assert_eq!(
            c.state,
            QrState::Scanned {
                user_id: "u".into()
            },
            "unchanged"
        );
    }

    fn actor_strategy() -> impl Strategy<Value = (u8, u8)> {
        (0u8..3, 0u8..2)
    }

    proptest! {
        /// Whatever happens, AUTHORIZED needs SCAN then CONFIRM by the same user of the pool,
        /// both before expiry.
        #[test]
        fn authorized_only_by_scan_then_confirm_of_one_user(
            steps in proptest::collection::vec(
                (prop_oneof![Just(QrAction::Scan), Just(QrAction::Confirm), Just(QrAction::Cancel)],
                 actor_strategy(), 0i64..60_000),
                0..12)
        ) {
            let users = ["u", "v", "w"];
            let pools = ["p", "other"];
            let mut c = code();
            let mut now = 0;
            let mut log: Vec<(QrAction, String, i64)> = Vec::new();
            for (action, (ui, pi), dt) in steps {
                now += dt;
                let actor = Actor { user_id: users[ui as usize], pool_id: pools[pi as usize] };
                let before = c.clone();
                match c.apply(action, &actor, now) {
                    Ok(_) => {
                        prop_assert!(now < c.expires_at);
                        prop_assert_eq!(actor.pool_id, "p");
                        log.push((action, actor.user_id.to_string(), now));
                    }
                    Err(_) => prop_assert_eq!(&c, &before),
                }
            }
            if c.status(now) == QrStatus::Authorized {
                prop_assert_eq!(log.len(), 2);
                prop_assert_eq!(log[0].0, QrAction::Scan);
                prop_assert_eq!(log[1].0, QrAction::Confirm);
                prop_assert_eq!(&log[0].1, &log[1].1);
                prop_assert_eq!(c.user_id(), Some(log[0].1.as_str()));
            }
        }
    }
}
