//! Test support: a tiny in-process HTTP/1.1 server that records each request and answers it
//! with a canned response computed by a handler.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One request as received.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    /// `GET`, `POST`, ...
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// Raw body.
    pub body: Vec<u8>,
}

impl Recorded {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// Path and query with the query pairs sorted by key (repeated keys keep their order), so
    /// that assertions do not depend on the JSON map order of the build.
    pub fn sorted_target(&self) -> String {
        match self.target.split_once('?') {
            None => self.target.clone(),
            Some((path, query)) => {
                let mut pairs: Vec<&str> = query.split('&').collect();
                pairs.sort_by_key(|p| p.split('=').next().unwrap_or_default());
                format!("{path}?{}", pairs.join("&"))
            }
        }
    }

    /// The body as text.
    pub fn body_text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// A response written in pieces, one by one with a short pause between them, the connection
/// closed after the last (no `content-length`): for event streams cut at chosen places.
#[derive(Debug, Clone)]
pub(crate) struct Streamed {
    /// HTTP status.
    pub status: u16,
    /// `content-type`.
    pub content_type: &'static str,
    /// The body, in the pieces to write.
    pub pieces: Vec<String>,
}

/// What a handler answers.
enum Reply {
    /// `(HTTP status, body)` with a `content-length`.
    Whole(u16, String),
    /// Written in pieces.
    Pieces(Streamed),
}

type Handler = dyn Fn(&Recorded) -> Reply + Send + Sync;

/// The server; stops when dropped.
pub(crate) struct Responder {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    task: JoinHandle<()>,
}

impl Responder {
    /// Starts a server on `127.0.0.1:0` answering each request with `handler(request)` =
    /// `(HTTP status, body)`; bodies starting with `{` or `[` are sent as JSON.
    pub async fn start<F>(handler: F) -> Self
    where
        F: Fn(&Recorded) -> (u16, String) + Send + Sync + 'static,
    {
        Self::launch(Arc::new(move |req: &Recorded| {
            let (status, body) = handler(req);
            Reply::Whole(status, body)
        }))
        .await
    }

    /// Starts a server answering each request with the [`Streamed`] response of
    /// `handler(request)`.
    pub async fn start_streaming<F>(handler: F) -> Self
    where
        F: Fn(&Recorded) -> Streamed + Send + Sync + 'static,
    {
        Self::launch(Arc::new(move |req: &Recorded| Reply::Pieces(handler(req)))).await
    }

    async fn launch(handler: Arc<Handler>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let handler = handler.clone();
                let log = log.clone();
                tokio::spawn(async move {
                    serve(stream, handler, log).await;
                });
            }
        });
        Responder {
            addr,
            requests,
            task,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// How many requests hit `path`.
    pub fn count(&self, path: &str) -> usize {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path() == path)
            .count()
    }
}

impl Drop for Responder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, handler: Arc<Handler>, log: Arc<Mutex<Vec<Recorded>>>) {
    // Keep-alive: answer requests on this connection until the client closes it.
    let mut buf = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buf).await else {
            return;
        };
        let reply = handler(&request);
        log.lock().unwrap().push(request);
        let (status, body) = match reply {
            Reply::Whole(status, body) => (status, body),
            Reply::Pieces(streamed) => {
                write_pieces(&mut stream, streamed).await;
                return;
            }
        };
        let content_type = if body.starts_with('{') || body.starts_with('[') {
            "application/json"
        } else {
            "text/html; charset=utf-8"
        };
        let response = format!(
            "HTTP/1.1 {status} Canned\r\ncontent-type: {content_type}\r\n\
             content-length: {}\r\n\r\n{body}",
            body.len()
        );
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

async fn write_pieces(stream: &mut TcpStream, reply: Streamed) {
    let head = format!(
        "HTTP/1.1 {} Canned\r\ncontent-type: {}\r\nconnection: close\r\n\r\n",
        reply.status, reply.content_type
    );
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    for piece in reply.pieces {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        if stream.write_all(piece.as_bytes()).await.is_err() || stream.flush().await.is_err() {
            return;
        }
    }
    let _ = stream.shutdown().await;
}

async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Recorded> {
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let body_start = head_end + 4;
    while buf.len() < body_start + length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[body_start..body_start + length].to_vec();
    buf.drain(..body_start + length);
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}
