//! Where the server's deliveries land in tests: a small SMTP server and an SMS webhook, both
//! in-process on 127.0.0.1, each handing what it receives to the test through a channel.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use base64::Engine;
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// Longest a test waits for a delivery the server has already confirmed.
const WAIT: Duration = Duration::from_secs(10);

/// One email as received over SMTP.
#[derive(Debug, Clone)]
pub struct Mail {
    /// `MAIL FROM` address.
    pub from: String,
    /// `RCPT TO` addresses.
    pub to: Vec<String>,
    /// The message as sent after `DATA` (dot-unstuffed, CRLF line ends).
    pub data: String,
}

impl Mail {
    fn split(&self) -> (&str, &str) {
        self.data.split_once("\r\n\r\n").unwrap_or((&self.data, ""))
    }

    /// A header's value: unfolded, RFC 2047 encoded words decoded.
    pub fn header(&self, name: &str) -> Option<String> {
        let unfolded = self.split().0.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.split("\r\n").find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| decode_words(v.trim()))
        })
    }

    /// The subject.
    pub fn subject(&self) -> String {
        self.header("Subject").unwrap_or_default()
    }

    /// The body, decoded per its Content-Transfer-Encoding.
    pub fn body(&self) -> String {
        let raw = self.split().1;
        let cte = self
            .header("Content-Transfer-Encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let bytes = match cte.as_str() {
            "base64" => base64::engine::general_purpose::STANDARD
                .decode(raw.split_whitespace().collect::<String>())
                .unwrap(),
            "quoted-printable" => quoted_printable(raw.replace("=\r\n", "").as_bytes(), false),
            _ => raw.as_bytes().to_vec(),
        };
        String::from_utf8(bytes).unwrap()
    }

    /// The first run of six digits in the body: the code.
    pub fn code(&self) -> String {
        six_digits(&self.body()).unwrap_or_else(|| panic!("no code in {}", self.body()))
    }
}

/// The first run of exactly six digits in `text`.
pub fn six_digits(text: &str) -> Option<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|run| run.len() == 6)
        .map(str::to_string)
}

fn quoted_printable(input: &[u8], underscore_is_space: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'=' if i + 2 < input.len() => {
                let hex = std::str::from_utf8(&input[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            }
            b'_' if underscore_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// Decodes the `=?charset?B|Q?text?=` words of a header value (UTF-8 assumed).
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let between = &rest[..start];
        // Whitespace between two encoded words is not part of the text.
        if !(after_word && between.trim().is_empty()) {
            out.push_str(between);
        }
        let word = &rest[start + 2..];
        let mut parts = word.splitn(3, '?');
        let (_charset, enc, tail) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let end = tail.find("?=").unwrap();
        let text = &tail[..end];
        let bytes = if enc.eq_ignore_ascii_case("b") {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .unwrap()
        } else {
            quoted_printable(text.as_bytes(), true)
        };
        out.push_str(&String::from_utf8(bytes).unwrap());
        rest = &tail[end + 2..];
        after_word = true;
    }
    out.push_str(rest);
    out
}

/// An SMTP server that accepts every message (no authentication, no TLS).
pub struct SmtpSink {
    /// `smtp://127.0.0.1:<port>`, for `smtp_url`.
    pub url: String,
    rx: mpsc::UnboundedReceiver<Mail>,
}

impl SmtpSink {
    /// Listens on a free port.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("smtp://{}", listener.local_addr().unwrap());
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(smtp_session(stream, tx.clone()));
            }
        });
        Self { url, rx }
    }

    /// The next message (the server confirmed sending it, so it is there or about to be).
    pub async fn next(&mut self) -> Mail {
        tokio::time::timeout(WAIT, self.rx.recv())
            .await
            .expect("no email arrived")
            .unwrap()
    }

    /// Asserts that nothing arrived.
    pub fn assert_empty(&mut self) {
        if let Ok(m) = self.rx.try_recv() {
            panic!("unexpected email: {m:?}");
        }
    }
}

async fn reply(w: &mut tokio::net::tcp::OwnedWriteHalf, text: &str) {
    w.write_all(format!("{text}\r\n").as_bytes()).await.unwrap();
}

async fn smtp_session(stream: TcpStream, tx: mpsc::UnboundedSender<Mail>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    reply(&mut write, "220 sink ESMTP ready").await;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let cmd = line.trim_end().to_string();
        let verb = cmd
            .split([' ', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let arg = || {
            cmd.split_once(':')
                .map(|(_, a)| {
                    a.trim()
                        .trim_start_matches('<')
                        .split('>')
                        .next()
                        .unwrap_or("")
                        .to_string()
                })
                .unwrap_or_default()
        };
        match verb.as_str() {
            "EHLO" | "HELO" => reply(&mut write, "250 sink").await,
            "MAIL" => {
                from = arg();
                to.clear();
                reply(&mut write, "250 OK").await;
            }
            "RCPT" => {
                to.push(arg());
                reply(&mut write, "250 OK").await;
            }
            "DATA" => {
                reply(&mut write, "354 End data with <CR><LF>.<CR><LF>").await;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    if line == ".\r\n" {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                let _ = tx.send(Mail {
                    from: from.clone(),
                    to: std::mem::take(&mut to),
                    data,
                });
                reply(&mut write, "250 OK queued").await;
            }
            "RSET" | "NOOP" => reply(&mut write, "250 OK").await,
            "QUIT" => {
                reply(&mut write, "221 bye").await;
                return;
            }
            _ => reply(&mut write, "502 not implemented").await,
        }
    }
}

/// An HTTP endpoint receiving the SMS webhook's JSON; answers the status it is told to.
pub struct SmsSink {
    /// The webhook URL, for `sms_webhook_url`.
    pub url: String,
    status: Arc<AtomicU16>,
    rx: mpsc::UnboundedReceiver<Value>,
}

#[derive(Clone)]
struct SinkState {
    tx: mpsc::UnboundedSender<Value>,
    status: Arc<AtomicU16>,
}

async fn receive(State(s): State<SinkState>, Json(body): Json<Value>) -> StatusCode {
    let _ = s.tx.send(body);
    StatusCode::from_u16(s.status.load(Ordering::SeqCst)).unwrap()
}

impl SmsSink {
    /// Listens on a free port, answering 200.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/sms", listener.local_addr().unwrap());
        let (tx, rx) = mpsc::unbounded_channel();
        let status = Arc::new(AtomicU16::new(200));
        let app = axum::Router::new()
            .route("/sms", axum::routing::post(receive))
            .with_state(SinkState {
                tx,
                status: status.clone(),
            });
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, status, rx }
    }

    /// Makes the webhook answer `status` from now on.
    pub fn answer(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }

    /// The next JSON body posted.
    pub async fn next(&mut self) -> Value {
        tokio::time::timeout(WAIT, self.rx.recv())
            .await
            .expect("no SMS arrived")
            .unwrap()
    }
}

#[test]
fn header_words_and_bodies_decode() {
    assert_eq!(
        decode_words("=?utf-8?b?55m75b2V?= =?utf-8?b?6aqM6K+B56CB?="),
        "登录验证码"
    );
    assert_eq!(decode_words("=?utf-8?q?a_b=3Dc?= plain"), "a b=c plain");
    assert_eq!(
        String::from_utf8(quoted_printable(b"x=3D1", false)).unwrap(),
        "x=1"
    );
    assert_eq!(
        six_digits("code: 1234567 or 123456."),
        Some("123456".into())
    );
}
