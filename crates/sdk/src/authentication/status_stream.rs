//! The one place the stream methods open their event stream.

use super::AuthenticationClient;
use crate::error::Result;
use crate::http::ApiRequest;
use crate::sse::{self, OnClose, SseEvent};
use futures_util::Stream;
use serde::Serialize;
use serde::de::DeserializeOwned;

impl AuthenticationClient {
    /// The items `decode` makes of the events of `GET path?query` (authgate's SSE routes),
    /// sent with the user's token when one is set; see [`sse::events`].
    pub(super) fn event_stream<Q, T, D>(
        &self,
        path: &str,
        query: &Q,
        on_close: OnClose,
        decode: D,
    ) -> impl Stream<Item = Result<T>> + Send + use<Q, T, D>
    where
        Q: Serialize + ?Sized,
        T: Send + 'static,
        D: FnMut(SseEvent) -> Option<Result<T>> + Send + 'static,
    {
        let request = ApiRequest::get(path)
            .query(query)
            .and_then(|r| self.with_user_token(r));
        sse::events(self.inner.http.clone(), request, on_close, decode)
    }

    /// The typed `status` events of `GET path?query`, ending with the server's connection
    /// (after a final status).
    pub(super) fn status_stream<Q, T>(
        &self,
        path: &str,
        query: &Q,
    ) -> impl Stream<Item = Result<T>> + Send + use<Q, T>
    where
        Q: Serialize + ?Sized,
        T: DeserializeOwned + Send + 'static,
    {
        self.event_stream(path, query, OnClose::End, sse::status_decoder())
    }
}
