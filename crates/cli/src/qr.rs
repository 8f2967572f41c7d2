//! `authgate qr …`: the mobile app's side of QR-code login (spec §3.1) from a terminal —
//! scan, confirm or cancel a code as a signed-in user, or watch a code's live status.

use crate::user_client::{ClientError, ServerArg, UserArgs};
use authgate_sdk::proto::qrcode::{QrAction, QrStatus, QrStatusData};
use clap::{Args, Subcommand};

/// Longest code id accepted.
const MAX_ID_LEN: usize = 128;

/// `authgate qr`.
#[derive(Debug, Args)]
pub struct QrArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: QrCommand,
}

/// The QR actions.
#[derive(Debug, Subcommand)]
pub enum QrCommand {
    /// Scan a code as the signed-in user (the browser then shows who scanned).
    Scan(ActArgs),
    /// Confirm a code you scanned: the browser signs in.
    Confirm(ActArgs),
    /// Refuse a code you scanned.
    Cancel(ActArgs),
    /// Print each status of a code as it happens (Server-Sent Events) until it is final; exits
    /// 0 when AUTHORIZED, 6 when CANCELLED, EXPIRED or ERROR.
    Watch(WatchArgs),
}

/// A code and the user acting on it.
#[derive(Debug, Args)]
pub struct ActArgs {
    /// The code: its id, the JSON the QR image encodes (its `random` field), or the image URL
    /// (`…/api/v3/qrcode-image/{id}.png` or `.svg`).
    #[arg(value_name = "QRCODE")]
    pub code: String,
    /// Server and credentials.
    #[command(flatten)]
    pub user: UserArgs,
}

/// A code to watch (no sign-in needed).
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The code: its id, the QR JSON, or the image URL.
    #[arg(value_name = "QRCODE")]
    pub code: String,
    /// The server (no sign-in needed).
    #[command(flatten)]
    pub server: ServerArg,
}

/// Why a code reference cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Nothing given.
    #[error("the QR code reference is empty")]
    Empty,
    /// JSON without a usable `random`.
    #[error("the QR JSON has no \"random\" field holding the code id")]
    NoRandom,
    /// Malformed JSON.
    #[error("the QR JSON cannot be parsed: {0}")]
    Json(String),
    /// A URL that is not a QR image URL.
    #[error("the URL is not a QR image URL (…/api/v3/qrcode-image/{{id}}.png or .svg)")]
    NotImageUrl,
    /// Characters a code id never has.
    #[error("'{0}' is not a QR code id (letters, digits, '-' and '_', at most 128)")]
    BadId(String),
}

/// The code id in `input`: an id, the QR JSON (`random`), or the image URL.
pub fn parse_qrcode_id(input: &str) -> Result<String, IdError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(IdError::Empty);
    }
    let id = if input.starts_with('{') {
        let v: serde_json::Value =
            serde_json::from_str(input).map_err(|e| IdError::Json(e.to_string()))?;
        v.get("random")
            .and_then(serde_json::Value::as_str)
            .ok_or(IdError::NoRandom)?
            .to_string()
    } else if input.contains("://") {
        from_image_url(input)?
    } else {
        input.to_string()
    };
    let valid = !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if valid {
        Ok(id)
    } else {
        Err(IdError::BadId(id))
    }
}

/// `{id}` of `…/qrcode-image/{id}.png|svg`.
fn from_image_url(input: &str) -> Result<String, IdError> {
    let url = url::Url::parse(input).map_err(|_| IdError::NotImageUrl)?;
    let segments: Vec<&str> = url
        .path_segments()
        .ok_or(IdError::NotImageUrl)?
        .filter(|s| !s.is_empty())
        .collect();
    match segments.as_slice() {
        [.., "qrcode-image", file] => file
            .strip_suffix(".png")
            .or_else(|| file.strip_suffix(".svg"))
            .map(str::to_string)
            .ok_or(IdError::NotImageUrl),
        _ => Err(IdError::NotImageUrl),
    }
}

fn code_id(input: &str) -> Result<String, ClientError> {
    parse_qrcode_id(input).map_err(|e| ClientError::Usage(e.to_string()))
}

/// One line describing a status.
fn describe(s: &QrStatusData) -> String {
    let status = serde_json::to_value(s.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    match (&s.brief_user_info, s.status) {
        (Some(u), QrStatus::Scanned | QrStatus::Authorized | QrStatus::Cancelled) => {
            format!("{status} by {}", u.display_name)
        }
        _ => status,
    }
}

async fn act(args: &ActArgs, action: QrAction, done: &str) -> Result<(), ClientError> {
    let id = code_id(&args.code)?;
    let client = args.user.signed_in().await?;
    client
        .change_qr_code_status(&id, action)
        .await
        .map_err(ClientError::from_sdk)?;
    crate::output::line(format_args!("{done} {id}"))?;
    Ok(())
}

async fn watch(args: &WatchArgs) -> Result<(), ClientError> {
    use futures_util::StreamExt;
    let id = code_id(&args.code)?;
    let client = args.server.anonymous()?;
    let mut events = std::pin::pin!(client.qr_code_status_stream(&id));
    let mut last = None;
    while let Some(event) = events.next().await {
        let status = event.map_err(ClientError::from_sdk)?;
        crate::output::line(describe(&status))?;
        last = Some(status.status);
        if status.is_final() {
            break;
        }
    }
    match last {
        Some(QrStatus::Authorized) => Ok(()),
        Some(other) => Err(ClientError::NotAuthorized(describe(&QrStatusData::of(
            other,
        )))),
        None => Err(ClientError::NotAuthorized("an empty stream".into())),
    }
}

/// Runs `authgate qr …`.
pub async fn run(args: QrArgs) -> Result<(), ClientError> {
    match &args.command {
        QrCommand::Scan(a) => act(a, QrAction::Scan, "SCANNED").await,
        QrCommand::Confirm(a) => act(a, QrAction::Confirm, "AUTHORIZED").await,
        QrCommand::Cancel(a) => act(a, QrAction::Cancel, "CANCELLED").await,
        QrCommand::Watch(a) => watch(a).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn bare_ids() {
        assert_eq!(parse_qrcode_id(ID).unwrap(), ID);
        assert_eq!(parse_qrcode_id(&format!("  {ID}\n")).unwrap(), ID);
        assert_eq!(parse_qrcode_id("a-b_C9").unwrap(), "a-b_C9");
        assert_eq!(parse_qrcode_id(""), Err(IdError::Empty));
        assert_eq!(parse_qrcode_id("   "), Err(IdError::Empty));
        assert!(matches!(parse_qrcode_id("abc/def"), Err(IdError::BadId(_))));
        assert!(matches!(parse_qrcode_id("abc def"), Err(IdError::BadId(_))));
        assert!(matches!(
            parse_qrcode_id(&"a".repeat(129)),
            Err(IdError::BadId(_))
        ));
    }

    #[test]
    fn qr_json_random_field() {
        let json = format!(
            r#"{{"scene":"APP_AUTH","random":"{ID}","userPoolId":"p","createdAt":"2024-01-01T00:00:00.000Z","expiresIn":120,"customData":null}}"#
        );
        assert_eq!(parse_qrcode_id(&json).unwrap(), ID);
        assert_eq!(
            parse_qrcode_id(r#"{"scene":"APP_AUTH"}"#),
            Err(IdError::NoRandom)
        );
        assert_eq!(parse_qrcode_id(r#"{"random":7}"#), Err(IdError::NoRandom));
        assert!(matches!(
            parse_qrcode_id(r#"{"random":"../x"}"#),
            Err(IdError::BadId(_))
        ));
        assert!(matches!(
            parse_qrcode_id("{not json"),
            Err(IdError::Json(_))
        ));
    }

    #[test]
    fn image_urls() {
        for url in [
            format!("http://127.0.0.1:3000/api/v3/qrcode-image/{ID}.png"),
            format!("https://auth.example.com/api/v3/qrcode-image/{ID}.svg"),
            format!("https://auth.example.com/base/api/v3/qrcode-image/{ID}.png?x=1#f"),
        ] {
            assert_eq!(parse_qrcode_id(&url).unwrap(), ID, "{url}");
        }
        for bad in [
            format!("http://h/api/v3/qrcode-image/{ID}.gif"),
            format!("http://h/api/v3/other/{ID}.png"),
            "http://h/".to_string(),
            "http://h/api/v3/qrcode-image/".to_string(),
            "mailto://x".to_string(),
        ] {
            assert_eq!(parse_qrcode_id(&bad), Err(IdError::NotImageUrl), "{bad}");
        }
        assert!(matches!(
            parse_qrcode_id("http://h/api/v3/qrcode-image/%2E%2E.png"),
            Err(IdError::BadId(_))
        ));
    }

    #[test]
    fn statuses_are_described() {
        let mut s = QrStatusData::of(QrStatus::Pending);
        assert_eq!(describe(&s), "PENDING");
        s.status = QrStatus::Scanned;
        s.brief_user_info = Some(authgate_sdk::proto::qrcode::BriefUserInfo {
            display_name: "Ada".into(),
            photo: String::new(),
        });
        assert_eq!(describe(&s), "SCANNED by Ada");
        s.status = QrStatus::Expired;
        assert_eq!(describe(&s), "EXPIRED");
    }
}
