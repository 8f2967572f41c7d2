//! Real-time status, beyond GenAuth: Server-Sent Events that push each state change the moment
//! it is published (on any node, through the ephemeral store's pub/sub) and close on a final
//! state. A one-second re-check catches changes that are not events (expiry) and missed
//! messages.

use crate::http::AppError;
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_store::ephemeral::Topic;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::convert::Infallible;
use std::future::Future;
use std::time::Duration;
use tokio::sync::broadcast;

/// What a streamed status must tell.
pub trait StreamedStatus:
    Serialize + DeserializeOwned + PartialEq + Clone + Send + 'static
{
    /// Whether no further change can come.
    fn is_final(&self) -> bool;
}

impl StreamedStatus for authgate_proto::qrcode::QrStatusData {
    fn is_final(&self) -> bool {
        authgate_proto::qrcode::QrStatusData::is_final(self)
    }
}

struct Cursor<S, F> {
    rx: broadcast::Receiver<String>,
    read: F,
    last: Option<S>,
    done: bool,
    tick: tokio::time::Interval,
}

fn event<S: Serialize>(s: &S) -> Event {
    Event::default()
        .event("status")
        .data(serde_json::to_string(s).unwrap_or_default())
}

/// An SSE response following `topic`, starting from `read()` (the current status).
/// `read` is called again on each re-check, and for each published message that is not a
/// status: publishing such a nudge (e.g. `changed`) makes every follower read through `read`,
/// for statuses that must not travel in the message itself (a push code's once-only tokens).
pub async fn follow<S, F, Fut>(
    state: &AppState,
    topic: &Topic<'_>,
    read: F,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>> + use<S, F, Fut>>, AppError>
where
    S: StreamedStatus,
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = S> + Send,
{
    // Subscribe before reading, so no change falls between the two.
    let rx = state.ephemeral.subscribe(topic);
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let cursor = Cursor {
        rx,
        read,
        last: None,
        done: false,
        tick,
    };
    let stream = futures_util::stream::unfold(cursor, |mut c| async move {
        loop {
            if c.done {
                return None;
            }
            let next = if c.last.is_none() {
                Some((c.read)().await)
            } else {
                tokio::select! {
                    msg = c.rx.recv() => match msg {
                        Ok(text) => match serde_json::from_str::<S>(&text) {
                            Ok(s) => Some(s),
                            // Not a status (a nudge): re-read the truth.
                            Err(_) => Some((c.read)().await),
                        },
                        // Lagged or closed: re-read the truth.
                        Err(_) => Some((c.read)().await),
                    },
                    _ = c.tick.tick() => Some((c.read)().await),
                }
            };
            if let Some(s) = next.filter(|s| c.last.as_ref() != Some(s)) {
                c.done = s.is_final();
                let ev = event(&s);
                c.last = Some(s);
                return Some((Ok(ev), c));
            }
        }
    });
    let stream = state.shutdown.close_on_signal(stream);
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// 400 when a stream's id parameter is missing.
pub fn require_id(id: &str, name: &str) -> Result<(), AppError> {
    if id.trim().is_empty() {
        return Err(ApiError::missing(name).into());
    }
    Ok(())
}
