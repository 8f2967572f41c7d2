//! Delivery of verification codes by email ([`mailer`]) and SMS ([`sms`]), with the texts
//! of [`templates`]. The [`Notifier`] is built once at start from the configuration and kept
//! in the state; a bad configuration stops the start ([`NotifyError`]).
//!
//! Codes never reach the log, except through the development-only [`sms::LogSms`].

pub mod mailer;
pub mod sms;
pub mod templates;

use crate::Mode;
use authgate_core::ApiError;
use authgate_core::lang::Lang;
use authgate_core::messages::Msg;
pub use mailer::Mailer;
pub use sms::{Sms, SmsSender};
use templates::{CodeText, Purpose};

/// Why the delivery configuration is unusable (the server does not start).
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// `smtp_url` cannot be used (the URL itself is not shown: it may hold a password).
    #[error(
        "smtp_url is not a usable SMTP URL (expected smtp://[user:pass@]host[:port][?tls=required|opportunistic] or smtps://…): {0}"
    )]
    SmtpUrl(#[source] lettre::transport::smtp::Error),
    /// `smtp_from` is not a mailbox.
    #[error(
        "smtp_from {value:?} is not a valid sender (expected 'Name <address>' or 'address'): {source}"
    )]
    SmtpFrom {
        /// The configured value.
        value: String,
        /// The parser's complaint.
        source: lettre::address::AddressError,
    },
    /// `sms_provider` names no known provider.
    #[error("sms_provider {0:?} is unknown (expected \"webhook\" or \"log\")")]
    UnknownSmsProvider(String),
    /// `sms_provider = "webhook"` without `sms_webhook_url`.
    #[error("sms_provider = \"webhook\" needs sms_webhook_url")]
    SmsWebhookUrlMissing,
    /// `sms_webhook_url` is not an http(s) URL.
    #[error("sms_webhook_url is not an http:// or https:// URL")]
    SmsWebhookUrlInvalid,
    /// The log SMS provider in production mode.
    #[error(
        "sms_provider = \"log\" writes verification codes to the log and is refused in production mode; \
         use sms_provider = \"webhook\", or mode = \"development\" on a development machine"
    )]
    LogSmsInProduction,
    /// The webhook's HTTP client could not be built.
    #[error("cannot build the SMS webhook client: {0}")]
    HttpClient(#[source] reqwest::Error),
}

/// Why one delivery failed (logged; the caller gets [`delivery_failed`]). Never holds the code.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// The SMTP exchange failed.
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    /// The email could not be built.
    #[error("email: {0}")]
    Message(String),
    /// The SMS webhook could not be reached.
    #[error("SMS webhook: {0}")]
    Webhook(#[source] reqwest::Error),
    /// The SMS webhook answered with a non-2xx status.
    #[error("SMS webhook answered HTTP {0}")]
    WebhookStatus(u16),
    /// No sender for this kind of recipient.
    #[error("no sender configured")]
    NotConfigured,
}

/// 503/50200: email delivery is not configured (`smtp_url` absent).
pub fn email_not_configured() -> ApiError {
    Msg::EmailNotConfigured.into()
}

/// 503/50200: SMS delivery is not configured (`sms_provider` absent).
pub fn sms_not_configured() -> ApiError {
    Msg::SmsNotConfigured.into()
}

/// 502/50200: the email server or SMS webhook refused or could not be reached.
pub fn delivery_failed() -> ApiError {
    Msg::DeliveryFailed.into()
}

/// Where a code goes.
#[derive(Debug, Clone, Copy)]
pub enum Recipient<'a> {
    /// An email address, as the user gave it.
    Email(&'a str),
    /// A phone number and its optional country code.
    Phone {
        /// The number.
        number: &'a str,
        /// The country code (`+86`).
        country_code: Option<&'a str>,
    },
}

/// The code to deliver and how to word it.
#[derive(Clone, Copy)]
pub struct CodeMessage<'a> {
    /// The channel (`CHANNEL_LOGIN`, …).
    pub channel: &'a str,
    /// The code.
    pub code: &'a str,
    /// Validity in seconds.
    pub ttl_secs: i64,
    /// The language of the text.
    pub lang: Lang,
}

impl std::fmt::Debug for CodeMessage<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeMessage")
            .field("channel", &self.channel)
            .field("code", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl CodeMessage<'_> {
    fn text(&self) -> CodeText<'_> {
        CodeText {
            purpose: Purpose::of_channel(self.channel),
            code: self.code,
            ttl_secs: self.ttl_secs,
            lang: self.lang,
        }
    }
}

/// The delivery settings of the server configuration (`smtp_url`, `smtp_from`,
/// `sms_provider`, `sms_webhook_url`, `mode`).
#[derive(Debug, Clone, Copy)]
pub struct DeliveryConfig<'a> {
    /// `smtp_url`.
    pub smtp_url: Option<&'a str>,
    /// `smtp_from`.
    pub smtp_from: &'a str,
    /// `sms_provider`.
    pub sms_provider: Option<&'a str>,
    /// `sms_webhook_url`.
    pub sms_webhook_url: Option<&'a str>,
    /// `mode`.
    pub mode: Mode,
}

/// The configured senders (either may be absent).
#[derive(Debug, Default)]
pub struct Notifier {
    /// Email, when `smtp_url` is set.
    pub mailer: Option<Mailer>,
    /// SMS, when `sms_provider` is set.
    pub sms: Option<Box<dyn SmsSender>>,
}

impl Notifier {
    /// Builds the senders the configuration names; refuses an unusable configuration.
    pub fn from_config(config: &DeliveryConfig<'_>) -> Result<Self, NotifyError> {
        let mailer = match config.smtp_url.map(str::trim) {
            Some(url) if !url.is_empty() => Some(Mailer::new(url, config.smtp_from)?),
            _ => None,
        };
        let sms = sms::from_config(config.sms_provider, config.sms_webhook_url, config.mode)?;
        Ok(Self { mailer, sms })
    }

    /// Refuses, before any code is made, what cannot be delivered: an unconfigured kind of
    /// recipient (503) or an address the mailer cannot send to (400).
    pub fn check(&self, to: &Recipient<'_>) -> Result<(), ApiError> {
        match to {
            Recipient::Email(address) => {
                if self.mailer.is_none() {
                    return Err(email_not_configured());
                }
                if !Mailer::accepts(address) {
                    return Err(ApiError::invalid("email", "not a valid email address"));
                }
            }
            Recipient::Phone { .. } => {
                if self.sms.is_none() {
                    return Err(sms_not_configured());
                }
            }
        }
        Ok(())
    }

    /// Delivers a code to `to` in the message's language.
    pub async fn deliver(
        &self,
        to: &Recipient<'_>,
        msg: &CodeMessage<'_>,
    ) -> Result<(), DeliveryError> {
        let text = msg.text();
        match *to {
            Recipient::Email(address) => {
                let mailer = self.mailer.as_ref().ok_or(DeliveryError::NotConfigured)?;
                mailer.send(address, templates::email(&text)).await
            }
            Recipient::Phone {
                number,
                country_code,
            } => {
                let sender = self.sms.as_deref().ok_or(DeliveryError::NotConfigured)?;
                let body = templates::sms(&text);
                let sms = Sms {
                    phone: number,
                    phone_country_code: country_code,
                    code: msg.code,
                    channel: msg.channel,
                    text: &body,
                };
                sender.send(&sms).await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unconfigured() -> DeliveryConfig<'static> {
        DeliveryConfig {
            smtp_url: None,
            smtp_from: "authgate <no-reply@localhost>",
            sms_provider: None,
            sms_webhook_url: None,
            mode: Mode::Production,
        }
    }

    #[test]
    fn nothing_configured_refuses_both() {
        let n = Notifier::from_config(&unconfigured()).unwrap();
        assert_eq!(
            n.check(&Recipient::Email("a@example.com")).unwrap_err(),
            email_not_configured()
        );
        assert_eq!(
            n.check(&Recipient::Phone {
                number: "13800000000",
                country_code: None
            })
            .unwrap_err(),
            sms_not_configured()
        );
    }

    #[test]
    fn default_sender_parses() {
        let cfg = DeliveryConfig {
            smtp_url: Some("smtp://127.0.0.1:2525"),
            ..unconfigured()
        };
        let n = Notifier::from_config(&cfg).unwrap();
        assert!(n.check(&Recipient::Email("a@example.com")).is_ok());
        assert_eq!(
            n.check(&Recipient::Email("a b@example.com"))
                .unwrap_err()
                .status,
            400
        );
    }
}
