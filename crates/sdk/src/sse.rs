//! Server-Sent Events, for authgate's streams (beyond GenAuth): an incremental parser fed with
//! chunks cut anywhere, and typed streams of a response's events.

use crate::error::{Error, Result};
use crate::http::{ApiRequest, HttpLayer, decode_envelope, excerpt};
use futures_util::Stream;
use reqwest::header::CONTENT_TYPE;
use serde::de::{DeserializeOwned, IgnoredAny};
use std::collections::VecDeque;
use std::time::Duration;

/// The longest a status stream may stay open; the server closes it far earlier, on the
/// code's final state.
pub(crate) const STREAM_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// The event name whose data the status streams decode.
const STATUS_EVENT: &str = "status";

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SseEvent {
    /// `event:` (`message` when absent).
    pub event: String,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
}

/// An incremental parser of an event stream (lines ending in LF or CRLF). Bytes are kept
/// until their line is complete, so a chunk may end anywhere — inside a field, a line ending
/// or a UTF-8 sequence.
#[derive(Debug, Default)]
pub(crate) struct SseParser {
    buf: Vec<u8>,
    event: String,
    data: String,
    has_data: bool,
}

impl SseParser {
    /// Feeds the next chunk; answers the events it completes.
    pub(crate) fn feed(&mut self, chunk: &[u8]) -> Vec<SseEvent> {
        self.buf.extend_from_slice(chunk);
        let mut out = Vec::new();
        while let Some(end) = self.buf.iter().position(|b| *b == b'\n') {
            let mut line: Vec<u8> = self.buf.drain(..=end).collect();
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            if let Some(ev) = self.line(&String::from_utf8_lossy(&line)) {
                out.push(ev);
            }
        }
        out
    }

    fn line(&mut self, line: &str) -> Option<SseEvent> {
        if line.is_empty() {
            return self.dispatch();
        }
        if line.starts_with(':') {
            return None; // a comment: keep-alive
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event),
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            _ => {} // id, retry: unused
        }
        None
    }

    fn dispatch(&mut self) -> Option<SseEvent> {
        let event = std::mem::take(&mut self.event);
        let data = std::mem::take(&mut self.data);
        if !std::mem::replace(&mut self.has_data, false) {
            return None;
        }
        Some(SseEvent {
            event: if event.is_empty() {
                "message".to_owned()
            } else {
                event
            },
            data,
        })
    }
}

/// Sends `request` and answers its response if it is an event stream; any other answer
/// becomes the error its envelope tells (or [`Error::Decode`]).
async fn open(http: &HttpLayer, request: &ApiRequest) -> Result<reqwest::Response> {
    let response = http.open(request, STREAM_TIMEOUT).await?;
    let is_stream = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    if response.status().is_success() && is_stream {
        return Ok(response);
    }
    let status = response.status();
    let body = response.bytes().await?;
    Err(match decode_envelope::<IgnoredAny>(status, &body) {
        Err(e) => e,
        Ok(_) => Error::Decode {
            message: format!(
                "expected an event stream (HTTP {status}); body: {}",
                excerpt(&body)
            ),
        },
    })
}

/// What a stream does when the server ends a connection normally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OnClose {
    /// End (status streams: the server closes after a final status).
    End,
    /// Connect again after [`RECONNECT_DELAY`] (the device stream, whose connections the
    /// server ends now and then).
    Reconnect,
}

/// The pause before connecting again.
const RECONNECT_DELAY: Duration = Duration::from_secs(1);

/// Decodes the data of an event as JSON.
pub(crate) fn json<T: DeserializeOwned>(ev: &SseEvent) -> Result<T> {
    serde_json::from_str(&ev.data).map_err(|e| Error::Decode {
        message: format!(
            "{} event: {e}; data: {}",
            ev.event,
            excerpt(ev.data.as_bytes())
        ),
    })
}

/// Where a stream is.
enum Phase {
    /// About to connect.
    Connect,
    /// Reading the events.
    Reading(reqwest::Response),
    /// Ended.
    Done,
}

struct Reader<T, D> {
    http: HttpLayer,
    /// The request to (re)connect with.
    request: Option<ApiRequest>,
    /// Why there is none (reported once).
    unusable: Option<Error>,
    on_close: OnClose,
    phase: Phase,
    parser: SseParser,
    ready: VecDeque<Result<T>>,
    decode: D,
}

impl<T, D> Reader<T, D>
where
    D: FnMut(SseEvent) -> Option<Result<T>>,
{
    async fn next(&mut self) -> Option<Result<T>> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Some(item);
            }
            match std::mem::replace(&mut self.phase, Phase::Done) {
                Phase::Done => return None,
                Phase::Connect => {
                    if let Some(e) = self.unusable.take() {
                        return Some(Err(e));
                    }
                    let Some(request) = &self.request else {
                        return None;
                    };
                    match open(&self.http, request).await {
                        Ok(response) => {
                            self.parser = SseParser::default();
                            self.phase = Phase::Reading(response);
                        }
                        Err(e) => return Some(Err(e)),
                    }
                }
                Phase::Reading(mut response) => match response.chunk().await {
                    Ok(Some(bytes)) => {
                        for ev in self.parser.feed(&bytes) {
                            if let Some(item) = (self.decode)(ev) {
                                self.ready.push_back(item);
                            }
                        }
                        self.phase = Phase::Reading(response);
                    }
                    Ok(None) if self.on_close == OnClose::Reconnect => {
                        tokio::time::sleep(RECONNECT_DELAY).await;
                        self.phase = Phase::Connect;
                    }
                    Ok(None) => return None,
                    Err(e) => return Some(Err(e.into())),
                },
            }
        }
    }
}

/// The items `decode` makes of the events of `request`'s answer, in order. The stream connects
/// on first poll; when the server ends the connection it ends or reconnects per `on_close`. A
/// failure to connect, an error envelope, or a broken connection is the last item.
pub(crate) fn events<T, D>(
    http: HttpLayer,
    request: Result<ApiRequest>,
    on_close: OnClose,
    decode: D,
) -> impl Stream<Item = Result<T>> + Send + 'static
where
    T: Send + 'static,
    D: FnMut(SseEvent) -> Option<Result<T>> + Send + 'static,
{
    let (request, unusable) = match request {
        Ok(r) => (Some(r), None),
        Err(e) => (None, Some(e)),
    };
    let reader = Reader {
        http,
        request,
        unusable,
        on_close,
        phase: Phase::Connect,
        parser: SseParser::default(),
        ready: VecDeque::new(),
        decode,
    };
    futures_util::stream::unfold(reader, |mut r| async move {
        r.next().await.map(|item| (item, r))
    })
}

/// The decoder of status streams: each `status` event's data as `T`, other events skipped.
pub(crate) fn status_decoder<T: DeserializeOwned>()
-> impl FnMut(SseEvent) -> Option<Result<T>> + Send + 'static {
    |ev: SseEvent| (ev.event == STATUS_EVENT).then(|| json(&ev))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::responder::{Recorded, Responder, Streamed};
    use futures_util::StreamExt;
    use reqwest::header::HeaderMap;
    use serde_json::{Value, json};

    const STREAM: &str = ": keep-alive\n\nevent: status\ndata: {\"status\":\"PENDING\"}\n\n\
        event: other\ndata: ignored\n\n\
        event: status\r\ndata: {\"status\":\"SCANNED\",\r\ndata: \"name\":\"Zoë\"}\r\n\r\n";

    fn expected() -> Vec<SseEvent> {
        vec![
            SseEvent {
                event: "status".into(),
                data: r#"{"status":"PENDING"}"#.into(),
            },
            SseEvent {
                event: "other".into(),
                data: "ignored".into(),
            },
            SseEvent {
                event: "status".into(),
                data: "{\"status\":\"SCANNED\",\n\"name\":\"Zoë\"}".into(),
            },
        ]
    }

    #[test]
    fn every_split_of_the_stream_parses_alike() {
        let bytes = STREAM.as_bytes();
        for cut in 0..=bytes.len() {
            let mut p = SseParser::default();
            let mut got = p.feed(&bytes[..cut]);
            got.extend(p.feed(&bytes[cut..]));
            assert_eq!(got, expected(), "cut at {cut}");
        }
        // Byte by byte, too.
        let mut p = SseParser::default();
        let got: Vec<SseEvent> = bytes.iter().flat_map(|b| p.feed(&[*b])).collect();
        assert_eq!(got, expected());
        // An unfinished event is not dispatched.
        let mut p = SseParser::default();
        assert!(p.feed(b"event: status\ndata: {}").is_empty());
        assert!(p.feed(b"\n").is_empty());
        assert_eq!(p.feed(b"\n").len(), 1);
    }

    fn http(url: String) -> HttpLayer {
        HttpLayer::new(url, Duration::from_secs(5), HeaderMap::new()).unwrap()
    }

    #[tokio::test]
    async fn typed_events_over_the_wire_with_chunks_cut_inside_events() {
        let srv = Responder::start_streaming(|_req: &Recorded| Streamed {
            status: 200,
            content_type: "text/event-stream",
            pieces: vec![
                ":\n\nevent: sta".into(),
                "tus\ndata: {\"status\":\"PEN".into(),
                "DING\"}\n".into(),
                "\nevent: status\ndata: {\"status\":\"AUTHORIZED\",\"ticket\":\"t\"}\n\n".into(),
            ],
        })
        .await;
        let req = ApiRequest::get("/api/v3/qrcode-status-stream");
        let items: Vec<Result<Value>> =
            events(http(srv.url()), Ok(req), OnClose::End, status_decoder())
                .collect()
                .await;
        let items: Vec<Value> = items.into_iter().map(|i| i.unwrap()).collect();
        assert_eq!(
            items,
            [
                json!({"status": "PENDING"}),
                json!({"status": "AUTHORIZED", "ticket": "t"})
            ]
        );
    }

    #[tokio::test]
    async fn error_answers_and_bad_data_are_errors() {
        let srv = Responder::start_streaming(|req: &Recorded| {
            if req.path() == "/bad-data" {
                Streamed {
                    status: 200,
                    content_type: "text/event-stream",
                    pieces: vec!["event: status\ndata: not json\n\n".into()],
                }
            } else {
                Streamed {
                    status: 200,
                    content_type: "application/json",
                    pieces: vec![
                        r#"{"statusCode":400,"message":"pushCodeId is required","apiCode":40000}"#
                            .into(),
                    ],
                }
            }
        })
        .await;
        let items: Vec<Result<Value>> = events(
            http(srv.url()),
            Ok(ApiRequest::get("/envelope")),
            OnClose::End,
            status_decoder(),
        )
        .collect()
        .await;
        assert_eq!(items.len(), 1);
        let err = items.into_iter().next().unwrap().unwrap_err();
        assert_eq!(err.status_code(), Some(400));
        assert_eq!(err.api_code(), Some(40000));

        let items: Vec<Result<Value>> = events(
            http(srv.url()),
            Ok(ApiRequest::get("/bad-data")),
            OnClose::End,
            status_decoder(),
        )
        .collect()
        .await;
        assert!(
            matches!(&items[..], [Err(Error::Decode { .. })]),
            "{items:?}"
        );

        let bad = Err(Error::Encode {
            message: "no".into(),
        });
        let items: Vec<Result<Value>> =
            events(http(srv.url()), bad, OnClose::End, status_decoder())
                .collect()
                .await;
        assert!(matches!(&items[..], [Err(Error::Encode { .. })]));
    }
}
