//! Push login (spec §2.3, §3.2). The **web side** asks for a sign-in by account and follows
//! the push code (polling, or [`push_code_status_stream`] on authgate): on AUTHORIZED the
//! token set comes back directly. The **app side** — a device where the user is signed in —
//! hears the pushes ([`push_code_stream`] on authgate) and confirms or cancels with the
//! user's token.
//!
//! authgate hands the token set out **once**: the first poll or stream event after the
//! confirmation carries it, later ones answer AUTHORIZED without it.
//!
//! [`push_code_status_stream`]: AuthenticationClient::push_code_status_stream
//! [`push_code_stream`]: AuthenticationClient::push_code_stream

use super::AuthenticationClient;
use crate::error::Result;
use crate::http::ApiRequest;
use crate::sse::{self, OnClose, SseEvent};
use authgate_proto::SuccessData;
use authgate_proto::push::{
    ChangePushStatusRequest, DeviceEvent, PushAction, PushCodeIdQuery, PushRelationAppsData,
    PushRelationAppsRequest, PushStatusData, SignInByPushData, SignInByPushOptions,
    SignInByPushRequest,
};
use futures_util::Stream;
use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

/// How long past its expiry a push is remembered, to drop its repeats.
const SEEN_MARGIN_MS: i64 = 60_000;

/// The device stream's decoder: `push` and `resolved` events, each push once however often
/// reconnections show it again.
fn device_decoder() -> impl FnMut(SseEvent) -> Option<Result<DeviceEvent>> + Send + 'static {
    let mut seen: HashMap<String, i64> = HashMap::new();
    move |ev: SseEvent| {
        let item = match ev.event.as_str() {
            "push" => sse::json(&ev).map(DeviceEvent::Push),
            "resolved" => sse::json(&ev).map(DeviceEvent::Resolved),
            _ => return None,
        };
        match &item {
            Ok(DeviceEvent::Push(n)) => {
                let now = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
                seen.retain(|_, expires_at| *expires_at + SEEN_MARGIN_MS > now);
                if seen.insert(n.push_code_id.clone(), n.expires_at).is_some() {
                    return None;
                }
            }
            Ok(DeviceEvent::Resolved(r)) => {
                seen.remove(&r.push_code_id);
            }
            Err(_) => {}
        }
        Some(item)
    }
}

impl AuthenticationClient {
    /// `POST /api/v3/signin-by-push` (node `signInByPush`, py `sign_in_by_push`): pushes a
    /// sign-in request to the user named by `account` (username, email or phone); answers the
    /// code to follow and its validity in seconds.
    ///
    /// ```no_run
    /// # async fn demo(web: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::push::SignInByPushOptions;
    ///
    /// let push = web
    ///     .sign_in_by_push(
    ///         "alice@example.com",
    ///         Some(SignInByPushOptions {
    ///             scope: Some("openid profile offline_access".into()),
    ///             ..Default::default()
    ///         }),
    ///     )
    ///     .await?;
    /// println!("waiting {} s for {}", push.expire_time, push.push_code_id);
    /// # Ok(()) }
    /// ```
    pub async fn sign_in_by_push(
        &self,
        account: &str,
        options: Option<SignInByPushOptions>,
    ) -> Result<SignInByPushData> {
        let body = SignInByPushRequest {
            account: account.to_owned(),
            options,
        };
        self.call(ApiRequest::post("/api/v3/signin-by-push").json(&body)?)
            .await
    }

    /// `GET /api/v3/check-pushcode-status` (node `checkPushCodeStatus`, py
    /// `check_push_code_status`): the web side's poll. On authgate the first answer after the
    /// confirmation carries `token_set`, later ones do not; an unknown code reports `ERROR`.
    ///
    /// ```no_run
    /// # async fn demo(web: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// let status = web.check_push_code_status("PUSH_CODE_ID").await?;
    /// if let Some(tokens) = status.token_set {
    ///     println!("signed in: {}", tokens.access_token);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn check_push_code_status(&self, push_code_id: &str) -> Result<PushStatusData> {
        let query = PushCodeIdQuery {
            push_code_id: push_code_id.to_owned(),
        };
        self.call(ApiRequest::get("/api/v3/check-pushcode-status").query(&query)?)
            .await
    }

    fn push_change(path: &str, push_code_id: &str, action: PushAction) -> Result<ApiRequest> {
        ApiRequest::post(path).json(&ChangePushStatusRequest {
            push_code_id: push_code_id.to_owned(),
            action,
        })
    }

    /// `POST /api/v3/change-pushcode-status` (py `change_push_code_status`, node
    /// `changePushCodeStatus`): the app side's CONFIRM / CANCEL, with the access token of the
    /// user the code was pushed to. Envelope only.
    ///
    /// ```no_run
    /// # async fn demo(mut app: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::push::PushAction;
    ///
    /// app.set_access_token("USER_ACCESS_TOKEN");
    /// app.change_push_code_status("PUSH_CODE_ID", PushAction::Confirm).await?;
    /// # Ok(()) }
    /// ```
    pub async fn change_push_code_status(
        &self,
        push_code_id: &str,
        action: PushAction,
    ) -> Result<()> {
        self.call(Self::push_change(
            "/api/v3/change-pushcode-status",
            push_code_id,
            action,
        )?)
        .await
    }

    /// `POST /api/v3/set-pushcode-status` (node `setPushCodeStatus`): the same as
    /// [`change_push_code_status`](Self::change_push_code_status), answering `{success}`.
    ///
    /// ```no_run
    /// # async fn demo(app: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::push::PushAction;
    ///
    /// let done = app.set_push_code_status("PUSH_CODE_ID", PushAction::Cancel).await?;
    /// assert!(done.success);
    /// # Ok(()) }
    /// ```
    pub async fn set_push_code_status(
        &self,
        push_code_id: &str,
        action: PushAction,
    ) -> Result<SuccessData> {
        self.call(Self::push_change(
            "/api/v3/set-pushcode-status",
            push_code_id,
            action,
        )?)
        .await
    }

    /// `POST /api/v3/get-pushlogin-relation-apps` (node `getPushLoginRelationApps`, py
    /// `get_push_login_relation_apps`): the app side asks which application wants the
    /// sign-in (user token of the code's user).
    ///
    /// ```no_run
    /// # async fn demo(app: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// let apps = app
    ///     .get_push_login_relation_apps("AUTHENTICATOR_APP_ID", "PUSH_CODE_ID")
    ///     .await?;
    /// println!("asked by {:?}", apps.app_ids);
    /// # Ok(()) }
    /// ```
    pub async fn get_push_login_relation_apps(
        &self,
        app_id: &str,
        push_code_id: &str,
    ) -> Result<PushRelationAppsData> {
        let body = PushRelationAppsRequest {
            app_id: app_id.to_owned(),
            push_code_id: push_code_id.to_owned(),
        };
        self.call(ApiRequest::post("/api/v3/get-pushlogin-relation-apps").json(&body)?)
            .await
    }

    /// `GET /api/v3/pushcode-stream` (authgate, beyond GenAuth): the device side — the pushes
    /// addressed to the signed-in user (this client's access token), as they come:
    /// [`DeviceEvent::Push`] for each push waiting when the stream connects and each new one,
    /// [`DeviceEvent::Resolved`] when one is answered or expires. The server ends each
    /// connection after a while; the stream reconnects by itself and shows each push once. It
    /// ends with an error item when the server refuses the token (e.g. once it expires) or
    /// the connection breaks.
    ///
    /// ```no_run
    /// # async fn demo(mut app: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::push::{DeviceEvent, PushAction};
    /// use futures_util::StreamExt;
    ///
    /// app.sign_in_by_username_password("alice", "s3cret!pass", None).await?;
    /// let mut pushes = std::pin::pin!(app.push_code_stream());
    /// while let Some(event) = pushes.next().await {
    ///     match event? {
    ///         DeviceEvent::Push(n) => {
    ///             println!("{} asks to sign you in (from {:?})", n.app_name, n.ip);
    ///             app.set_push_code_status(&n.push_code_id, PushAction::Confirm).await?;
    ///         }
    ///         DeviceEvent::Resolved(r) => println!("{} is {:?}", r.push_code_id, r.status),
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn push_code_stream(&self) -> impl Stream<Item = Result<DeviceEvent>> + Send + use<> {
        self.event_stream(
            "/api/v3/pushcode-stream",
            &(),
            OnClose::Reconnect,
            device_decoder(),
        )
    }

    /// `GET /api/v3/pushcode-status-stream` (authgate, beyond GenAuth): the code's status as
    /// it changes, from Server-Sent Events — the current status first, then each change; the
    /// stream ends after a final status, when the server closes it. The AUTHORIZED event
    /// carries the token set **and consumes it** (a later poll answers AUTHORIZED alone).
    /// Nothing is sent before the stream is first polled; a failure is the stream's last
    /// item.
    ///
    /// ```no_run
    /// # async fn demo(web: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use futures_util::StreamExt;
    ///
    /// let push = web.sign_in_by_push("alice", None).await?;
    /// let mut statuses = std::pin::pin!(web.push_code_status_stream(&push.push_code_id));
    /// while let Some(status) = statuses.next().await {
    ///     let status = status?;
    ///     println!("{:?}", status.status);
    ///     if let Some(tokens) = status.token_set {
    ///         println!("signed in: {}", tokens.access_token);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn push_code_status_stream(
        &self,
        push_code_id: &str,
    ) -> impl Stream<Item = Result<PushStatusData>> + Send + use<> {
        self.status_stream(
            "/api/v3/pushcode-status-stream",
            &PushCodeIdQuery {
                push_code_id: push_code_id.to_owned(),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{client, ok, token_set};
    use crate::options::TokenEndpointAuthMethod;
    use crate::responder::{Recorded, Responder, Streamed};
    use authgate_proto::push::{PushAction, PushStatus, SignInByPushOptions};
    use futures_util::StreamExt;
    use serde_json::json;

    #[tokio::test]
    async fn web_and_app_calls() {
        let srv = Responder::start(|req: &Recorded| match req.path() {
            "/api/v3/signin-by-push" => ok(json!({"pushCodeId": "p1", "expireTime": 120})),
            "/api/v3/check-pushcode-status" => {
                ok(json!({"status": "AUTHORIZED", "tokenSet": token_set("at-9")}))
            }
            "/api/v3/change-pushcode-status" => ok(serde_json::Value::Null),
            "/api/v3/set-pushcode-status" => ok(json!({"success": true})),
            "/api/v3/get-pushlogin-relation-apps" => ok(json!({"appIds": ["app-1"]})),
            _ => (404, "{}".into()),
        })
        .await;
        let mut c = client(srv.url(), TokenEndpointAuthMethod::ClientSecretPost);
        let opts = SignInByPushOptions {
            scope: Some("openid".into()),
            ..Default::default()
        };
        let p = c.sign_in_by_push("alice", Some(opts)).await.unwrap();
        assert_eq!((p.push_code_id.as_str(), p.expire_time), ("p1", 120));
        let s = c.check_push_code_status("p1").await.unwrap();
        assert_eq!(s.status, PushStatus::Authorized);
        assert_eq!(s.token_set.unwrap().access_token, "at-9");
        c.set_access_token("user-tok");
        c.change_push_code_status("p1", PushAction::Cancel)
            .await
            .unwrap();
        assert!(
            c.set_push_code_status("p1", PushAction::Confirm)
                .await
                .unwrap()
                .success
        );
        let apps = c.get_push_login_relation_apps("auth", "p1").await.unwrap();
        assert_eq!(apps.app_ids, ["app-1"]);

        let reqs = srv.requests();
        assert_eq!(
            reqs[0].json(),
            json!({"account": "alice", "options": {"scope": "openid"}})
        );
        assert_eq!(reqs[0].header("authorization"), None, "public call");
        assert_eq!(
            reqs[1].target,
            "/api/v3/check-pushcode-status?pushCodeId=p1"
        );
        assert_eq!(reqs[2].header("authorization"), Some("user-tok"));
        assert_eq!(
            reqs[2].json(),
            json!({"pushCodeId": "p1", "action": "CANCEL"})
        );
        assert_eq!(
            reqs[3].json(),
            json!({"pushCodeId": "p1", "action": "CONFIRM"})
        );
        assert_eq!(reqs[4].json(), json!({"appId": "auth", "pushCodeId": "p1"}));
    }

    #[tokio::test]
    async fn the_device_stream_reconnects_and_shows_each_push_once() {
        use authgate_proto::push::DeviceEvent;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let notice = r#"{"pushCodeId":"p1","appId":"a","appName":"Shop","expireTime":120,"expiresAt":32503680000000}"#;
        let calls = AtomicUsize::new(0);
        let srv = Responder::start_streaming(move |_req: &Recorded| {
            let pieces = match calls.fetch_add(1, Ordering::SeqCst) {
                0 => vec![format!("retry: 1000\nevent: push\ndata: {notice}\n\n")],
                1 => vec![
                    format!("event: push\ndata: {notice}\n\n"),
                    "event: resolved\ndata: {\"pushCodeId\":\"p1\",\"status\":\"CANCELLED\"}\n\n"
                        .into(),
                ],
                _ => {
                    return Streamed {
                        status: 200,
                        content_type: "application/json",
                        pieces: vec![
                            r#"{"statusCode":401,"message":"not logged in","apiCode":2020}"#.into(),
                        ],
                    };
                }
            };
            Streamed {
                status: 200,
                content_type: "text/event-stream",
                pieces,
            }
        })
        .await;
        let mut c = client(srv.url(), TokenEndpointAuthMethod::None);
        c.set_access_token("user-tok");
        let got: Vec<_> = c.push_code_stream().collect().await;
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(matches!(&got[0], Ok(DeviceEvent::Push(n)) if n.app_name == "Shop"));
        assert!(
            matches!(&got[1], Ok(DeviceEvent::Resolved(r)) if r.status == PushStatus::Cancelled)
        );
        assert_eq!(got[2].as_ref().unwrap_err().api_code(), Some(2020));
        let reqs = srv.requests();
        assert_eq!(reqs.len(), 3);
        assert!(reqs.iter().all(|r| r.target == "/api/v3/pushcode-stream"));
        assert!(
            reqs.iter()
                .all(|r| r.header("authorization") == Some("user-tok"))
        );
    }

    #[tokio::test]
    async fn the_status_stream_is_typed_and_ends_with_the_server() {
        let srv = Responder::start_streaming(|_req: &Recorded| Streamed {
            status: 200,
            content_type: "text/event-stream",
            pieces: vec![
                "event: status\ndata: {\"status\":\"PUSHED\"}\n".into(),
                "\n:\n\nevent: status\ndata: {\"status\":\"AUTHORIZED\",\"tokenSet\":".into(),
                format!("{}}}\n\n", token_set("at-7")),
            ],
        })
        .await;
        let c = client(srv.url(), TokenEndpointAuthMethod::None);
        let got: Vec<_> = c
            .push_code_status_stream("p1")
            .map(|s| s.unwrap())
            .collect()
            .await;
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].status, PushStatus::Pushed);
        assert_eq!(got[1].token_set.as_ref().unwrap().access_token, "at-7");
        assert_eq!(
            srv.requests()[0].target,
            "/api/v3/pushcode-status-stream?pushCodeId=p1"
        );
    }
}
