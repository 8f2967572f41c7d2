//! The server-wide shutdown signal.
//!
//! Long-lived answers (the Server-Sent Event streams of QR-code and push status, the device
//! push stream) would otherwise hold a graceful shutdown open until they end by themselves —
//! minutes. Each wraps its stream with [`Shutdown::close_on_signal`]: when the server begins
//! to stop, the stream sends one final `shutdown` event (clients reconnect to another node or
//! after the restart) and ends, so the connection closes and the shutdown completes.

use axum::response::sse::Event;
use futures_util::{Stream, StreamExt};
use std::time::Duration;
use tokio::sync::watch;

/// Name of the final event a stream sends when the server stops.
pub const EVENT: &str = "shutdown";
/// Reconnection delay suggested by the final event.
const RECONNECT_AFTER: Duration = Duration::from_secs(3);

/// A signal raised once when the server begins to stop (cheap to clone).
#[derive(Debug, Clone)]
pub struct Shutdown {
    tx: watch::Sender<bool>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self::new()
    }
}

impl Shutdown {
    /// A signal not yet raised.
    pub fn new() -> Self {
        Self {
            tx: watch::Sender::new(false),
        }
    }

    /// Raises the signal (idempotent).
    pub fn raise(&self) {
        self.tx.send_replace(true);
    }

    /// Whether the signal has been raised.
    pub fn is_raised(&self) -> bool {
        *self.tx.borrow()
    }

    /// Completes once the signal is raised (at once when it already was).
    pub fn raised(&self) -> impl std::future::Future<Output = ()> + Send + use<> {
        let mut rx = self.tx.subscribe();
        async move {
            // The sender lives in `self`'s clones; if every one is gone, the server is gone too.
            let _ = rx.wait_for(|raised| *raised).await;
        }
    }

    /// `stream`, ending with a final [`EVENT`] event as soon as the signal is raised.
    pub fn close_on_signal<S, E>(
        &self,
        stream: S,
    ) -> impl Stream<Item = Result<Event, E>> + Send + use<S, E>
    where
        S: Stream<Item = Result<Event, E>> + Send + 'static,
        E: Send + 'static,
    {
        let state = Some((stream.boxed(), Box::pin(self.raised())));
        futures_util::stream::unfold(state, |state| async move {
            let (mut stream, mut raised) = state?;
            tokio::select! {
                biased;
                () = &mut raised => Some((Ok(final_event()), None)),
                item = stream.next() => item.map(|item| (item, Some((stream, raised)))),
            }
        })
    }
}

/// The final event: `event: shutdown`, a JSON reason, and a reconnection delay.
fn final_event() -> Event {
    Event::default()
        .event(EVENT)
        .retry(RECONNECT_AFTER)
        .data(r#"{"reason":"server shutting down"}"#)
}
