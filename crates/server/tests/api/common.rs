//! The test harness: a server per test.

use authgate_core::clock::{Clock, ManualClock, SystemClock};
use authgate_server::server::start_with_clock;
use authgate_server::{RunningServer, ServeError, ServerConfig};
use authgate_store::testing::TestDb;
use serde_json::{Value, json};
use std::sync::Arc;

/// A running server with its database and data folder.
pub struct TestServer {
    pub server: RunningServer,
    pub clock: ManualClock,
    pub http: reqwest::Client,
    pub db: TestDb,
    pub data_dir: tempfile::TempDir,
}

/// Server settings for a test database and data folder.
pub fn config(db: &TestDb, data_dir: &std::path::Path) -> ServerConfig {
    ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        database_url: Some(db.url.clone()),
        data_dir: data_dir.to_path_buf(),
        database_max_connections: 4,
        password_hash_concurrency: Some(2),
        body_limit_bytes: 64 * 1024,
        ..ServerConfig::default()
    }
}

impl TestServer {
    /// A fresh server on a fresh database; its clock starts at the real time and moves only
    /// when a test says so.
    pub async fn start() -> Self {
        let db = TestDb::from_env().await.unwrap();
        let data_dir = tempfile::tempdir().unwrap();
        Self::start_on(db, data_dir, None).await
    }

    /// A fresh server whose settings `modify` adjusts first (SMTP, SMS, mode…).
    pub async fn start_with(modify: impl FnOnce(&mut ServerConfig)) -> Self {
        Self::try_start_with(modify).await.unwrap()
    }

    /// Like [`TestServer::start_with`], answering the start-up error instead of panicking.
    pub async fn try_start_with(
        modify: impl FnOnce(&mut ServerConfig),
    ) -> Result<Self, ServeError> {
        let db = TestDb::from_env().await.unwrap();
        let data_dir = tempfile::tempdir().unwrap();
        Self::launch(db, data_dir, modify).await
    }

    /// A server on an existing database and data folder, optionally on a given address
    /// (restart tests: the address is the issuer, so a restart keeps it).
    pub async fn start_on(
        db: TestDb,
        data_dir: tempfile::TempDir,
        addr: Option<std::net::SocketAddr>,
    ) -> Self {
        Self::launch(db, data_dir, |cfg| {
            if let Some(a) = addr {
                cfg.listen = a;
            }
        })
        .await
        .unwrap()
    }

    async fn launch(
        db: TestDb,
        data_dir: tempfile::TempDir,
        modify: impl FnOnce(&mut ServerConfig),
    ) -> Result<Self, ServeError> {
        let clock = ManualClock::new(SystemClock.now_millis());
        let mut cfg = config(&db, data_dir.path());
        modify(&mut cfg);
        let server = start_with_clock(cfg, Arc::new(clock.clone())).await?;
        Ok(Self {
            server,
            clock,
            http: reqwest::Client::new(),
            db,
            data_dir,
        })
    }

    /// An SDK management client for the root access key.
    pub fn sdk(&self) -> authgate_sdk::ManagementClient {
        let d = &self.server.defaults;
        authgate_sdk::ManagementClient::new(
            authgate_sdk::ManagementClientOptions::new(&d.access_key_id, &d.access_key_secret)
                .with_host(self.server.url()),
        )
        .unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    /// A management token for the root access key.
    pub async fn mgmt_token(&self) -> String {
        let d = &self.server.defaults;
        let body = self
            .post_json(
                "/api/v3/get-management-token",
                &json!({"accessKeyId": d.access_key_id, "accessKeySecret": d.access_key_secret}),
                None,
            )
            .await;
        assert_eq!(body["statusCode"], 200, "{body}");
        body["data"]["access_token"].as_str().unwrap().to_string()
    }

    /// Signs `username` in with `password` through the default app (`client_secret_post`),
    /// with `options` when given; answers the envelope.
    pub async fn sign_in_password(
        &self,
        username: &str,
        password: &str,
        options: Option<Value>,
    ) -> Value {
        let d = &self.server.defaults;
        let mut body = json!({
            "connection": "PASSWORD",
            "passwordPayload": {"username": username, "password": password},
            "client_id": d.app_id, "client_secret": d.app_secret
        });
        if let Some(o) = options {
            body["options"] = o;
        }
        self.post_json("/api/v3/signin", &body, None).await
    }

    /// POSTs JSON and returns the parsed body (asserting HTTP 200 on `/api/v3`).
    pub async fn post_json(&self, path: &str, body: &Value, bearer: Option<&str>) -> Value {
        let mut req = self.http.post(self.url(path)).json(body);
        if let Some(t) = bearer {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), 200, "HTTP status of {path}");
        resp.json().await.unwrap()
    }

    /// GETs with a raw query string and returns the parsed body (asserting HTTP 200).
    pub async fn get_raw(&self, path_and_query: &str, bearer: Option<&str>) -> Value {
        let mut req = self.http.get(self.url(path_and_query));
        if let Some(t) = bearer {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), 200, "HTTP status of {path_and_query}");
        resp.json().await.unwrap()
    }

    pub async fn stop(self) -> (TestDb, tempfile::TempDir, std::net::SocketAddr) {
        let addr = self.server.addr;
        self.server.stop().await.unwrap();
        (self.db, self.data_dir, addr)
    }
}

/// Asserts an envelope error with `status` and returns its message.
pub fn assert_error(body: &Value, status: u16) -> String {
    assert_eq!(body["statusCode"], status, "{body}");
    assert!(
        body["apiCode"].as_u64().is_some(),
        "apiCode missing: {body}"
    );
    assert!(
        body["requestId"].as_str().is_some_and(|s| !s.is_empty()),
        "{body}"
    );
    let msg = body["message"].as_str().unwrap().to_string();
    assert!(!msg.is_empty(), "{body}");
    msg
}

/// Sends a request and parses the JSON answer (whatever the HTTP status).
pub trait FetchJson {
    async fn fetch_json(self) -> Value;
}

impl FetchJson for reqwest::RequestBuilder {
    async fn fetch_json(self) -> Value {
        self.send().await.unwrap().json().await.unwrap()
    }
}

/// The password of the users [`create_app_user`] makes.
pub const APP_USER_PASSWORD: &str = "correct horse 1";

/// Creates user `username` (nickname "`username` nick", password [`APP_USER_PASSWORD`])
/// through the management API, without signing in.
pub async fn create_app_user(ts: &TestServer, username: &str) {
    let token = ts.mgmt_token().await;
    let b = ts
        .post_json(
            "/api/v3/create-user",
            &json!({"username": username, "password": APP_USER_PASSWORD,
                    "nickname": format!("{username} nick")}),
            Some(&token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
}

/// A new user and their access token (signed in through the default app).
pub async fn app_user(ts: &TestServer, username: &str) -> String {
    create_app_user(ts, username).await;
    let d = &ts.server.defaults;
    let b = ts
        .post_json(
            "/api/v3/signin",
            &json!({"connection": "PASSWORD",
                    "passwordPayload": {"username": username, "password": APP_USER_PASSWORD},
                    "client_id": d.app_id, "client_secret": d.app_secret}),
            None,
        )
        .await;
    b["data"]["access_token"].as_str().unwrap().to_string()
}

/// Reads SSE `data:` payloads from a streaming response until it ends.
pub async fn sse_events(
    mut resp: reqwest::Response,
    tx: tokio::sync::mpsc::UnboundedSender<Value>,
) {
    let mut buf = String::new();
    while let Ok(Some(chunk)) = resp.chunk().await {
        buf.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buf.find("\n\n") {
            let block: String = buf.drain(..end + 2).collect();
            for line in block.lines() {
                if let Some(data) = line.strip_prefix("data:") {
                    let _ = tx.send(serde_json::from_str(data.trim()).unwrap());
                }
            }
        }
    }
}

/// Signs the user of `user_token` in on the hosted QR page of `app_id` (which needs a redirect
/// URI) as a browser would, and answers the `authgate_session` cookie value it ends with.
pub async fn sso_cookie(ts: &TestServer, app_id: &str, user_token: &str) -> String {
    let mut browser = crate::browser::Browser::new();
    browser.sign_in_with_qr(ts, app_id, user_token).await;
    browser.cookie("authgate_session").unwrap()
}
