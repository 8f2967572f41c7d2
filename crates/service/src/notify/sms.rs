//! SMS delivery: the [`SmsSender`] trait and its two implementations, [`WebhookSms`] (POSTs
//! the code as JSON to an operator-run endpoint that relays it to an SMS gateway) and
//! [`LogSms`] (writes it to the log; development mode only).

use super::{DeliveryError, NotifyError};
use crate::Mode;
use serde::Serialize;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// How long the webhook may take to answer.
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(10);

/// One SMS carrying a verification code; also the webhook's JSON body
/// `{phone, phoneCountryCode, code, channel, text}`.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sms<'a> {
    /// The phone number as the user gave it.
    pub phone: &'a str,
    /// Its country code (e.g. `+86`), `null` when not given.
    pub phone_country_code: Option<&'a str>,
    /// The code.
    pub code: &'a str,
    /// The channel (`CHANNEL_LOGIN`, …).
    pub channel: &'a str,
    /// The message text in the request's language, ready to send.
    pub text: &'a str,
}

impl std::fmt::Debug for Sms<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sms")
            .field("phone", &self.phone)
            .field("phone_country_code", &self.phone_country_code)
            .field("code", &"<redacted>")
            .field("channel", &self.channel)
            .finish_non_exhaustive()
    }
}

/// What [`SmsSender::send`] returns.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>>;

/// Something that delivers SMS (object-safe: kept as `Box<dyn SmsSender>` in the state).
pub trait SmsSender: Send + Sync + std::fmt::Debug {
    /// Delivers `sms`; an error means the user did not get it.
    fn send<'a>(&'a self, sms: &'a Sms<'a>) -> SendFuture<'a>;
}

/// Builds the sender named by `sms_provider` (`webhook` or `log`); `None` when absent.
pub fn from_config(
    provider: Option<&str>,
    webhook_url: Option<&str>,
    mode: Mode,
) -> Result<Option<Box<dyn SmsSender>>, NotifyError> {
    let provider = provider.map(str::trim).filter(|p| !p.is_empty());
    let webhook_url = webhook_url.map(str::trim).filter(|u| !u.is_empty());
    let Some(provider) = provider else {
        if webhook_url.is_some() {
            tracing::warn!("sms_webhook_url is set but sms_provider is not: SMS codes are off");
        }
        return Ok(None);
    };
    let sender: Box<dyn SmsSender> = match provider.to_ascii_lowercase().as_str() {
        "webhook" => Box::new(WebhookSms::new(
            webhook_url.ok_or(NotifyError::SmsWebhookUrlMissing)?,
        )?),
        "log" => Box::new(LogSms::new(mode)?),
        _ => return Err(NotifyError::UnknownSmsProvider(provider.to_string())),
    };
    Ok(Some(sender))
}

/// POSTs each SMS as JSON to a URL; any answer but 2xx is a failure.
pub struct WebhookSms {
    client: reqwest::Client,
    url: reqwest::Url,
}

impl std::fmt::Debug for WebhookSms {
    // The URL may carry a token: show the host only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookSms")
            .field("host", &self.url.host_str())
            .finish_non_exhaustive()
    }
}

impl WebhookSms {
    /// A sender posting to `url` (http or https).
    pub fn new(url: &str) -> Result<Self, NotifyError> {
        let url = reqwest::Url::parse(url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .ok_or(NotifyError::SmsWebhookUrlInvalid)?;
        let client = reqwest::Client::builder()
            .timeout(WEBHOOK_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| NotifyError::HttpClient(e.without_url()))?;
        Ok(Self { client, url })
    }
}

impl SmsSender for WebhookSms {
    fn send<'a>(&'a self, sms: &'a Sms<'a>) -> SendFuture<'a> {
        Box::pin(async move {
            let resp = self
                .client
                .post(self.url.clone())
                .json(sms)
                .send()
                .await
                .map_err(|e| DeliveryError::Webhook(e.without_url()))?;
            let status = resp.status();
            if status.is_success() {
                Ok(())
            } else {
                Err(DeliveryError::WebhookStatus(status.as_u16()))
            }
        })
    }
}

/// Writes each SMS, code included, to the log at INFO. Development only: it cannot be built
/// in production mode.
#[derive(Debug)]
pub struct LogSms(());

impl LogSms {
    /// The log sender; refused in [`Mode::Production`].
    pub fn new(mode: Mode) -> Result<Self, NotifyError> {
        match mode {
            Mode::Development => {
                tracing::warn!("sms_provider = \"log\": SMS codes are written to the log");
                Ok(LogSms(()))
            }
            Mode::Production => Err(NotifyError::LogSmsInProduction),
        }
    }
}

impl SmsSender for LogSms {
    fn send<'a>(&'a self, sms: &'a Sms<'a>) -> SendFuture<'a> {
        tracing::info!(
            phone = sms.phone,
            phone_country_code = sms.phone_country_code,
            channel = sms.channel,
            code = sms.code,
            "SMS (log provider, development mode)"
        );
        Box::pin(std::future::ready(Ok(())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers() {
        assert!(from_config(None, None, Mode::Production).unwrap().is_none());
        assert!(
            from_config(Some(" "), None, Mode::Production)
                .unwrap()
                .is_none()
        );
        assert!(matches!(
            from_config(Some("log"), None, Mode::Production),
            Err(NotifyError::LogSmsInProduction)
        ));
        assert!(
            from_config(Some("log"), None, Mode::Development)
                .unwrap()
                .is_some()
        );
        assert!(matches!(
            from_config(Some("webhook"), None, Mode::Production),
            Err(NotifyError::SmsWebhookUrlMissing)
        ));
        assert!(matches!(
            from_config(Some("webhook"), Some("ftp://x"), Mode::Production),
            Err(NotifyError::SmsWebhookUrlInvalid)
        ));
        assert!(matches!(
            from_config(Some("carrier-pigeon"), None, Mode::Production),
            Err(NotifyError::UnknownSmsProvider(p)) if p == "carrier-pigeon"
        ));
        let w = from_config(
            Some("webhook"),
            Some("https://sms.example.com/x?token=s3"),
            Mode::Production,
        )
        .unwrap()
        .unwrap();
        assert!(!format!("{w:?}").contains("s3"));
    }

    #[test]
    fn webhook_body_and_debug() {
        let sms = Sms {
            phone: "13800000000",
            phone_country_code: Some("+86"),
            code: "654321",
            channel: "CHANNEL_LOGIN",
            text: "…",
        };
        let v = serde_json::to_value(&sms).unwrap();
        assert_eq!(v["phone"], "13800000000");
        assert_eq!(v["phoneCountryCode"], "+86");
        assert_eq!(v["code"], "654321");
        assert_eq!(v["channel"], "CHANNEL_LOGIN");
        assert!(!format!("{sms:?}").contains("654321"));
    }
}
