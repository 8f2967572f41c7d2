//! Email over SMTP (lettre), built once at start from `smtp_url` and `smtp_from`.
//!
//! `smtp://user:pass@host:port` talks plain SMTP (`?tls=opportunistic` upgrades with
//! STARTTLS when offered, `?tls=required` insists on it); `smtps://…` is implicit TLS. TLS is
//! rustls (aws-lc-rs) verified against the platform's trust store.

use super::templates::EmailText;
use super::{DeliveryError, NotifyError};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::time::Duration;

/// How long one SMTP delivery may take (below the default request timeout, so the caller
/// gets the delivery error rather than a timeout).
const SMTP_TIMEOUT: Duration = Duration::from_secs(10);

/// Sends emails through one SMTP server.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    // The transport holds the SMTP credentials: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer for `smtp_url`, sending as `from` (`Name <address>` or a bare address).
    pub fn new(smtp_url: &str, from: &str) -> Result<Self, NotifyError> {
        let from = from
            .trim()
            .parse::<Mailbox>()
            .map_err(|source| NotifyError::SmtpFrom {
                value: from.to_string(),
                source,
            })?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url.trim())
            .map_err(NotifyError::SmtpUrl)?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        Ok(Self { transport, from })
    }

    /// Whether `to` is an address this mailer can send to.
    pub fn accepts(to: &str) -> bool {
        to.trim().parse::<Address>().is_ok()
    }

    /// Sends a plain-text email to `to`.
    pub async fn send(&self, to: &str, text: EmailText) -> Result<(), DeliveryError> {
        let to = to
            .trim()
            .parse::<Address>()
            .map_err(|e| DeliveryError::Message(e.to_string()))?;
        // `<random@sender's domain>`: a Message-ID from the sending domain, as receivers expect.
        let id = authgate_core::ids::new_id().map_err(|e| DeliveryError::Message(e.to_string()))?;
        let message = Message::builder()
            .message_id(Some(format!("<{id}@{}>", self.from.email.domain())))
            .from(self.from.clone())
            .to(Mailbox::new(None, to))
            .subject(text.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(text.body)
            .map_err(|e| DeliveryError::Message(e.to_string()))?;
        self.transport.send(message).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_senders() {
        let m = Mailer::new(
            "smtp://user:secret@127.0.0.1:2525",
            "authgate <no-reply@localhost>",
        )
        .unwrap();
        assert!(!format!("{m:?}").contains("secret"));
        assert!(Mailer::new("smtps://mail.example.com", "no-reply@example.com").is_ok());
        assert!(matches!(
            Mailer::new("http://mail.example.com", "a@example.com"),
            Err(NotifyError::SmtpUrl(_))
        ));
        assert!(matches!(
            Mailer::new("smtp://127.0.0.1", "not a mailbox"),
            Err(NotifyError::SmtpFrom { .. })
        ));
        assert!(Mailer::accepts("ada@example.com"));
        assert!(!Mailer::accepts("ada@@example.com"));
    }
}
