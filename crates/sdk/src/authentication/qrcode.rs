//! Self-built-app QR-code login (spec §2.2, §3.1). The **web side** creates a code, shows its
//! image and follows its status (polling, or [`qr_code_status_stream`] on authgate), then
//! exchanges the ticket for a token set; the **app side** — the organisation's mobile app,
//! signed in as the user — scans and confirms (or cancels) with the user's token.
//!
//! [`qr_code_status_stream`]: AuthenticationClient::qr_code_status_stream

use super::AuthenticationClient;
use crate::error::Result;
use crate::http::ApiRequest;
use authgate_proto::SuccessData;
use authgate_proto::qrcode::{
    ChangeQrStatusRequest, ExchangeTicketRequest, GeneQrCodeData, GeneQrCodeRequest, QrAction,
    QrCodeIdQuery, QrStatusData,
};
use authgate_proto::tokens::TokenSet;
use futures_util::Stream;

impl AuthenticationClient {
    /// `POST /api/v3/gene-qrcode` (node `geneQrCode`, py `gene_qr_code`): creates a login QR
    /// code for this application. authgate supports `type: "MOBILE_APP"`.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::qrcode::GeneQrCodeRequest;
    ///
    /// let code = client
    ///     .gene_qr_code(&GeneQrCodeRequest {
    ///         kind: "MOBILE_APP".into(),
    ///         custom_data: Some(serde_json::json!({"kiosk": "lobby"})),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// println!("show {} (code {})", code.url, code.qrcode_id);
    /// # Ok(()) }
    /// ```
    pub async fn gene_qr_code(&self, request: &GeneQrCodeRequest) -> Result<GeneQrCodeData> {
        self.call(ApiRequest::post("/api/v3/gene-qrcode").json(request)?)
            .await
    }

    /// `GET /api/v3/check-qrcode-status` (py `check_qr_code_status`, node
    /// `checkQrCodeStatus`): the web side's poll. `ticket` appears on AUTHORIZED; an unknown
    /// code reports `ERROR`.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::qrcode::QrStatus;
    ///
    /// let status = client.check_qr_code_status("QRCODE_ID").await?;
    /// if status.status == QrStatus::Authorized {
    ///     println!("ticket {:?}", status.ticket);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn check_qr_code_status(&self, qrcode_id: &str) -> Result<QrStatusData> {
        self.qr_status("/api/v3/check-qrcode-status", qrcode_id)
            .await
    }

    /// `GET /api/v3/get-qrcode-status` (node `getQrCodeStatus`): the same poll on the Node
    /// SDK's path. (The Python SDK's `get_qr_code_status` polls the fast-pass code instead.)
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// let status = client.get_qr_code_status("QRCODE_ID").await?;
    /// if let Some(user) = status.brief_user_info {
    ///     println!("scanned by {}", user.display_name);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn get_qr_code_status(&self, qrcode_id: &str) -> Result<QrStatusData> {
        self.qr_status("/api/v3/get-qrcode-status", qrcode_id).await
    }

    async fn qr_status(&self, path: &str, qrcode_id: &str) -> Result<QrStatusData> {
        let query = QrCodeIdQuery {
            qrcode_id: qrcode_id.to_owned(),
        };
        self.call(ApiRequest::get(path).query(&query)?).await
    }

    fn qr_change(path: &str, qrcode_id: &str, action: QrAction) -> Result<ApiRequest> {
        ApiRequest::post(path).json(&ChangeQrStatusRequest {
            qrcode_id: qrcode_id.to_owned(),
            action,
        })
    }

    /// `POST /api/v3/change-qrcode-status` (py `change_qr_code_status`, node
    /// `changeQrCodeStatus`): the app side's SCAN / CONFIRM / CANCEL, with the user's access
    /// token (see [`set_access_token`](Self::set_access_token)). Envelope only.
    ///
    /// ```no_run
    /// # async fn demo(mut app: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::qrcode::QrAction;
    ///
    /// app.set_access_token("USER_ACCESS_TOKEN");
    /// app.change_qr_code_status("QRCODE_ID", QrAction::Scan).await?;
    /// app.change_qr_code_status("QRCODE_ID", QrAction::Confirm).await?;
    /// # Ok(()) }
    /// ```
    pub async fn change_qr_code_status(&self, qrcode_id: &str, action: QrAction) -> Result<()> {
        self.call(Self::qr_change(
            "/api/v3/change-qrcode-status",
            qrcode_id,
            action,
        )?)
        .await
    }

    /// `POST /api/v3/set-qrcode-status` (node `setQrCodeStatus`): the same as
    /// [`change_qr_code_status`](Self::change_qr_code_status), answering `{success}`.
    ///
    /// ```no_run
    /// # async fn demo(app: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::qrcode::QrAction;
    ///
    /// let done = app.set_qr_code_status("QRCODE_ID", QrAction::Cancel).await?;
    /// assert!(done.success);
    /// # Ok(()) }
    /// ```
    pub async fn set_qr_code_status(
        &self,
        qrcode_id: &str,
        action: QrAction,
    ) -> Result<SuccessData> {
        self.call(Self::qr_change(
            "/api/v3/set-qrcode-status",
            qrcode_id,
            action,
        )?)
        .await
    }

    /// `POST /api/v3/exchange-tokenset-with-qrcode-ticket` (node
    /// `exchangeTokenSetWithQrCodeTicket`, py `exchange_token_set_with_qr_code_ticket`): the
    /// web side trades the ticket of an AUTHORIZED code for the user's token set. The
    /// application authenticates per the configured method: `client_secret_post` →
    /// `client_id` + `client_secret` in the body, `client_secret_basic` → the Basic
    /// `authorization` header, `none` → nothing (accepted only when the user pool lets
    /// browsers exchange tickets). The tokens are not stored in this client.
    ///
    /// ```no_run
    /// # async fn demo(web: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// let tokens = web.exchange_token_set_with_qr_code_ticket("TICKET").await?;
    /// let mut user = web.clone();
    /// user.set_access_token(tokens.access_token);
    /// # Ok(()) }
    /// ```
    pub async fn exchange_token_set_with_qr_code_ticket(&self, ticket: &str) -> Result<TokenSet> {
        let mut request = ApiRequest::post("/api/v3/exchange-tokenset-with-qrcode-ticket").json(
            &ExchangeTicketRequest {
                ticket: ticket.to_owned(),
                client_id: None,
                client_secret: None,
            },
        )?;
        self.credentials().apply_to_json(&mut request)?;
        self.call(request).await
    }

    /// `GET /api/v3/qrcode-status-stream` (authgate, beyond GenAuth): the code's status as it
    /// changes, from Server-Sent Events — the current status first, then each change; the
    /// stream ends after a final status (AUTHORIZED, CANCELLED, EXPIRED, ERROR), when the
    /// server closes it. Nothing is sent before the stream is first polled; a failure is the
    /// stream's last item.
    ///
    /// ```no_run
    /// # async fn demo(web: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use futures_util::StreamExt;
    ///
    /// let mut statuses = std::pin::pin!(web.qr_code_status_stream("QRCODE_ID"));
    /// while let Some(status) = statuses.next().await {
    ///     let status = status?;
    ///     println!("{:?}", status.status);
    ///     if let Some(ticket) = status.ticket {
    ///         let tokens = web.exchange_token_set_with_qr_code_ticket(&ticket).await?;
    ///         println!("signed in: {}", tokens.access_token);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn qr_code_status_stream(
        &self,
        qrcode_id: &str,
    ) -> impl Stream<Item = Result<QrStatusData>> + Send + use<> {
        self.status_stream(
            "/api/v3/qrcode-status-stream",
            &QrCodeIdQuery {
                qrcode_id: qrcode_id.to_owned(),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{BASIC, METHODS, client, ok, token_set};
    use crate::options::TokenEndpointAuthMethod;
    use crate::responder::{Recorded, Responder, Streamed};
    use authgate_proto::qrcode::{GeneQrCodeRequest, QrAction, QrStatus};
    use futures_util::StreamExt;
    use serde_json::json;

    async fn server() -> Responder {
        Responder::start(|req: &Recorded| match req.path() {
            "/api/v3/gene-qrcode" => ok(json!({"qrcodeId": "q1", "url": "http://x/q1.png"})),
            "/api/v3/check-qrcode-status" | "/api/v3/get-qrcode-status" => {
                ok(json!({"status": "AUTHORIZED", "ticket": "t1"}))
            }
            "/api/v3/change-qrcode-status" => ok(serde_json::Value::Null),
            "/api/v3/set-qrcode-status" => ok(json!({"success": true})),
            "/api/v3/exchange-tokenset-with-qrcode-ticket" => ok(token_set("at-1")),
            _ => (404, "{}".into()),
        })
        .await
    }

    #[tokio::test]
    async fn web_and_app_calls() {
        let srv = server().await;
        let mut c = client(srv.url(), TokenEndpointAuthMethod::ClientSecretPost);
        let code = c
            .gene_qr_code(&GeneQrCodeRequest {
                kind: "MOBILE_APP".into(),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(code.qrcode_id, "q1");
        let s = c.check_qr_code_status("q1").await.unwrap();
        assert_eq!(
            (s.status, s.ticket.as_deref()),
            (QrStatus::Authorized, Some("t1"))
        );
        c.get_qr_code_status("q 1").await.unwrap();
        c.set_access_token("user-tok");
        c.change_qr_code_status("q1", QrAction::Scan).await.unwrap();
        assert!(
            c.set_qr_code_status("q1", QrAction::Confirm)
                .await
                .unwrap()
                .success
        );

        let reqs = srv.requests();
        assert_eq!(reqs[0].json(), json!({"type": "MOBILE_APP"}));
        assert_eq!(reqs[1].target, "/api/v3/check-qrcode-status?qrcodeId=q1");
        assert_eq!(reqs[2].target, "/api/v3/get-qrcode-status?qrcodeId=q+1");
        assert_eq!(reqs[3].header("authorization"), Some("user-tok"));
        assert_eq!(reqs[3].json(), json!({"qrcodeId": "q1", "action": "SCAN"}));
        assert_eq!(
            reqs[4].json(),
            json!({"qrcodeId": "q1", "action": "CONFIRM"})
        );
    }

    #[tokio::test]
    async fn the_ticket_exchange_authenticates_per_method() {
        let srv = server().await;
        for method in METHODS {
            let set = client(srv.url(), method)
                .exchange_token_set_with_qr_code_ticket("t1")
                .await
                .unwrap();
            assert_eq!(set.access_token, "at-1");
        }
        let reqs = srv.requests();
        assert_eq!(
            reqs[0].json(),
            json!({"ticket": "t1", "client_id": "app-1", "client_secret": "secret-1"})
        );
        assert_eq!(reqs[0].header("authorization"), None);
        assert_eq!(reqs[1].json(), json!({"ticket": "t1"}));
        assert_eq!(reqs[1].header("authorization"), Some(BASIC));
        assert_eq!(reqs[2].json(), json!({"ticket": "t1"}));
        assert_eq!(reqs[2].header("authorization"), None);
    }

    #[tokio::test]
    async fn the_status_stream_is_typed() {
        let srv = Responder::start_streaming(|_req: &Recorded| Streamed {
            status: 200,
            content_type: "text/event-stream",
            pieces: vec![
                "event: status\ndata: {\"status\":\"PENDING\"}\n\nevent: status\nda".into(),
                "ta: {\"status\":\"SCANNED\",\"briefUserInfo\":{\"displayName\":\"Ada\",".into(),
                "\"photo\":\"\"}}\n\n".into(),
            ],
        })
        .await;
        let c = client(srv.url(), TokenEndpointAuthMethod::None);
        let got: Vec<_> = c
            .qr_code_status_stream("q1")
            .map(|s| s.unwrap())
            .collect()
            .await;
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].status, QrStatus::Pending);
        assert_eq!(got[1].brief_user_info.as_ref().unwrap().display_name, "Ada");
        assert_eq!(
            srv.requests()[0].target,
            "/api/v3/qrcode-status-stream?qrcodeId=q1"
        );
    }
}
