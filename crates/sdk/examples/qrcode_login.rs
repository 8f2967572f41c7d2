//! QR-code login, both sides, against a running authgate.
//!
//! The web side creates a code and follows its status stream; the app side — signed in as a
//! user, like the organisation's mobile app — scans and confirms it; the web side then
//! exchanges the ticket for the user's token set and prints who signed in.
//!
//! ```sh
//! AUTHGATE_URL=http://127.0.0.1:3000 AUTHGATE_APP_ID=… AUTHGATE_APP_SECRET=… \
//! AUTHGATE_USERNAME=alice AUTHGATE_PASSWORD='correct horse 1' \
//! cargo run -p authgate-sdk --example qrcode_login
//! ```
//!
//! The app must use `client_secret_post` (the default of new applications and of the SDK).

use authgate_sdk::proto::account::GetProfileQuery;
use authgate_sdk::proto::qrcode::{GeneQrCodeRequest, QrAction};
use authgate_sdk::{AuthenticationClient, AuthenticationClientOptions};
use futures_util::StreamExt;
use std::error::Error;

/// A required environment variable.
fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name}"))
}

/// The app side: scan, then confirm, as the signed-in user.
async fn scan_and_confirm(
    app: AuthenticationClient,
    qrcode_id: String,
) -> authgate_sdk::Result<()> {
    app.set_qr_code_status(&qrcode_id, QrAction::Scan).await?;
    println!("app: scanned");
    app.set_qr_code_status(&qrcode_id, QrAction::Confirm)
        .await?;
    println!("app: confirmed");
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let options = AuthenticationClientOptions::new(env("AUTHGATE_APP_ID")?, env("AUTHGATE_URL")?)
        .with_app_secret(env("AUTHGATE_APP_SECRET")?);
    let web = AuthenticationClient::new(options.clone())?;
    let mut app = AuthenticationClient::new(options)?;
    app.sign_in_by_username_password(&env("AUTHGATE_USERNAME")?, &env("AUTHGATE_PASSWORD")?, None)
        .await?;

    let code = web
        .gene_qr_code(&GeneQrCodeRequest {
            kind: "MOBILE_APP".into(),
            ..Default::default()
        })
        .await?;
    println!("web: QR code {} (image {})", code.qrcode_id, code.url);

    let mut statuses = std::pin::pin!(web.qr_code_status_stream(&code.qrcode_id));
    let mut app_side = Some(app);
    let mut scanner = None;
    let mut ticket = None;
    while let Some(status) = statuses.next().await {
        let status = status?;
        println!("web: {:?}", status.status);
        // Once the web side watches, the app side plays its part.
        if let Some(app) = app_side.take() {
            scanner = Some(tokio::spawn(scan_and_confirm(app, code.qrcode_id.clone())));
        }
        ticket = status.ticket.or(ticket);
    }
    if let Some(scanner) = scanner {
        scanner.await??;
    }
    let ticket = ticket.ok_or("the code ended without a ticket")?;

    let tokens = web.exchange_token_set_with_qr_code_ticket(&ticket).await?;
    let mut user = web.clone();
    user.set_access_token(tokens.access_token);
    let me = user.get_profile(&GetProfileQuery::default()).await?;
    println!("web: signed in as user {}", me.user_id);
    Ok(())
}
