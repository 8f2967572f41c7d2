//! A test seam: named points where a request can be held while a test changes the world
//! around it, so races are reproduced deterministically instead of by timing.
//!
//! Nothing is installed in production: [`TestSeam::pause`] is then one atomic load. A test
//! arms a point on the running server's state ([`TestSeam::arm`]); the next request to reach
//! it waits there until the test releases it, and later requests pass through.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::Notify;

/// Where a request can be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PausePoint {
    /// A sign-in that has checked the credential (password, code, QR or push confirmation)
    /// and not yet recorded its statistics or opened its session.
    SignInVerified,
    /// A refresh-token exchange that has checked the token's owner and not yet rotated it.
    RefreshBeforeRotation,
    /// A refresh-token exchange that has rotated the token and not yet signed the new set.
    RefreshBeforeMint,
}

/// The armed points of one server (empty until a test arms one).
#[derive(Debug, Default)]
pub struct TestSeam {
    armed: OnceLock<Mutex<HashMap<PausePoint, Arc<Gate>>>>,
}

/// One armed point: the request signals `reached`, then waits for `released`.
#[derive(Debug, Default)]
pub struct Gate {
    reached: Notify,
    released: Notify,
}

impl Gate {
    /// Waits until a request is held at the point.
    pub async fn reached(&self) {
        self.reached.notified().await;
    }

    /// Lets the held request (or the next one to arrive) go on.
    pub fn release(&self) {
        self.released.notify_one();
    }
}

impl TestSeam {
    /// Arms `point` for the next request that reaches it (tests only).
    pub fn arm(&self, point: PausePoint) -> Arc<Gate> {
        let gate = Arc::new(Gate::default());
        let armed = self.armed.get_or_init(Default::default);
        if let Ok(mut map) = armed.lock() {
            map.insert(point, gate.clone());
        }
        gate
    }

    /// Holds the request here if a test armed `point`; otherwise returns at once.
    pub async fn pause(&self, point: PausePoint) {
        let Some(armed) = self.armed.get() else {
            return;
        };
        let gate = armed.lock().ok().and_then(|mut map| map.remove(&point));
        if let Some(gate) = gate {
            // `notify_one` keeps a permit, so neither side can miss the other.
            gate.reached.notify_one();
            gate.released.notified().await;
        }
    }
}
