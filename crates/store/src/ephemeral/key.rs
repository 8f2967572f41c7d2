//! The ephemeral keyspace: every key and topic the server uses is a variant here, and a
//! variant is the only way to name one ([`super::Ephemeral`] takes a [`Key`] or a [`Topic`],
//! never a string). Two different keys never render the same string: each variant has its
//! own prefix and a fixed shape, and each part is escaped (`%` → `%25`, `:` → `%3A`) before
//! the parts are joined with `:`, so the rendered string decodes back to exactly one list of
//! parts. Secrets (codes, tickets, tokens) are named by their SHA-256, never stored as given.

use authgate_core::token::sha256_hex;
use std::borrow::Cow;

/// Where a verification code was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeTarget<'a> {
    /// An email address.
    Email(&'a str),
    /// A phone number with its country code (`""` when none).
    Phone {
        /// `+86`, … or `""`.
        country_code: &'a str,
        /// The number.
        number: &'a str,
    },
}

/// A verification code's slot: the pool, the channel (`CHANNEL_LOGIN`, …) and the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeSlot<'a> {
    /// The user pool.
    pub pool: &'a str,
    /// What the code is for.
    pub channel: &'a str,
    /// Where it went.
    pub target: CodeTarget<'a>,
}

/// A key of the ephemeral store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'a> {
    /// A pending OIDC authorization request, by its id (hashed).
    AuthorizeRequest {
        /// The request id.
        id: &'a str,
    },
    /// An OIDC authorization code (hashed).
    AuthCode {
        /// The code.
        code: &'a str,
    },
    /// A QR login code's state.
    QrCode {
        /// The QR code id.
        id: &'a str,
    },
    /// A QR login ticket (hashed).
    QrTicket {
        /// The ticket.
        ticket: &'a str,
    },
    /// A hosted-page QR login bound to its browser (hashed token).
    QrPageBinding {
        /// The binding token.
        token: &'a str,
    },
    /// Failed sign-ins of one account, for lockout.
    Lockout {
        /// The user pool.
        pool: &'a str,
        /// The user.
        user: &'a str,
    },
    /// A CAS login attempt (hashed id).
    CasAttempt {
        /// The attempt id.
        id: &'a str,
    },
    /// A CAS service ticket (hashed).
    CasServiceTicket {
        /// The ticket.
        ticket: &'a str,
    },
    /// A verification code (its hash is the value).
    Code(CodeSlot<'a>),
    /// Wrong guesses at a verification code.
    CodeFailures(CodeSlot<'a>),
    /// The resend interval of a verification code.
    CodeSent(CodeSlot<'a>),
    /// A push login code's state.
    PushCode {
        /// The push code id.
        id: &'a str,
    },
    /// The claim of a push login code's token set.
    PushClaim {
        /// The push code id.
        id: &'a str,
    },
    /// Pushes waiting for a user's devices.
    PushPending {
        /// The user pool.
        pool: &'a str,
        /// The user.
        user: &'a str,
    },
    /// A one-time token (hashed) for `purpose`.
    OneTimeToken {
        /// What the token may be used for.
        purpose: &'a str,
        /// The token.
        token: &'a str,
    },
    /// Requests of one IP in one minute window, per bucket.
    RateLimit {
        /// The limited operation.
        bucket: &'a str,
        /// The client IP.
        ip: &'a str,
        /// Minutes since the epoch.
        window: i64,
    },
    /// The token sessions opened through one SSO session.
    SsoTracker {
        /// The SSO session's handle.
        handle: &'a str,
    },
    /// A key named freely, for the store's own tests.
    #[cfg(any(test, feature = "test-util"))]
    Test(&'a str),
}

/// A publish/subscribe topic of the ephemeral store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic<'a> {
    /// Changes of a QR login code.
    QrCode {
        /// The QR code id.
        id: &'a str,
    },
    /// Changes of a push login code.
    PushCode {
        /// The push code id.
        id: &'a str,
    },
    /// Device events of one user.
    PushUser {
        /// The user pool.
        pool: &'a str,
        /// The user.
        user: &'a str,
    },
    /// A topic named freely, for the store's own tests.
    #[cfg(any(test, feature = "test-util"))]
    Test(&'a str),
}

fn plain(s: &str) -> Cow<'_, str> {
    Cow::Borrowed(s)
}

fn hashed(s: &str) -> Cow<'_, str> {
    Cow::Owned(sha256_hex(s))
}

impl CodeSlot<'_> {
    fn parts(&self) -> Vec<Cow<'_, str>> {
        let mut out = vec![plain(self.pool), plain(self.channel)];
        match self.target {
            CodeTarget::Email(e) => out.extend([plain("email"), plain(e)]),
            CodeTarget::Phone {
                country_code,
                number,
            } => out.extend([plain("phone"), plain(country_code), plain(number)]),
        }
        out
    }
}

impl Key<'_> {
    /// The prefix and the parts after it.
    fn parts(&self) -> (&'static str, Vec<Cow<'_, str>>) {
        match self {
            Key::AuthorizeRequest { id } => ("azr", vec![hashed(id)]),
            Key::AuthCode { code } => ("ac", vec![hashed(code)]),
            Key::QrCode { id } => ("qr", vec![plain(id)]),
            Key::QrTicket { ticket } => ("qrt", vec![hashed(ticket)]),
            Key::QrPageBinding { token } => ("qrl", vec![hashed(token)]),
            Key::Lockout { pool, user } => ("lock", vec![plain(pool), plain(user)]),
            Key::CasAttempt { id } => ("cas-attempt", vec![hashed(id)]),
            Key::CasServiceTicket { ticket } => ("cas-st", vec![hashed(ticket)]),
            Key::Code(slot) => ("vc", slot.parts()),
            Key::CodeFailures(slot) => ("vc-fail", slot.parts()),
            Key::CodeSent(slot) => ("vc-sent", slot.parts()),
            Key::PushCode { id } => ("push", vec![plain(id)]),
            Key::PushClaim { id } => ("push-claim", vec![plain(id)]),
            Key::PushPending { pool, user } => ("push-pending", vec![plain(pool), plain(user)]),
            Key::OneTimeToken { purpose, token } => ("ott", vec![plain(purpose), hashed(token)]),
            Key::RateLimit { bucket, ip, window } => (
                "rl",
                vec![plain(bucket), plain(ip), Cow::Owned(window.to_string())],
            ),
            Key::SsoTracker { handle } => ("ssot", vec![plain(handle)]),
            #[cfg(any(test, feature = "test-util"))]
            Key::Test(name) => ("test", vec![plain(name)]),
        }
    }

    /// The key as stored.
    pub fn render(&self) -> String {
        let (prefix, parts) = self.parts();
        join(prefix, &parts)
    }
}

impl Topic<'_> {
    /// The topic as published.
    pub fn render(&self) -> String {
        match self {
            Topic::QrCode { id } => join("qr", &[plain(id)]),
            Topic::PushCode { id } => join("push", &[plain(id)]),
            Topic::PushUser { pool, user } => join("push-user", &[plain(pool), plain(user)]),
            #[cfg(any(test, feature = "test-util"))]
            Topic::Test(name) => join("test", &[plain(name)]),
        }
    }
}

/// `prefix:part:part…`, each part escaped so the result splits back unambiguously.
fn join(prefix: &str, parts: &[Cow<'_, str>]) -> String {
    let mut out = String::from(prefix);
    for p in parts {
        out.push(':');
        for c in p.chars() {
            match c {
                '%' => out.push_str("%25"),
                ':' => out.push_str("%3A"),
                c => out.push(c),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Parts made of the characters most likely to make two keys collide.
    fn part() -> impl Strategy<Value = String> {
        "[a:%3A5]{0,4}"
    }

    fn slot(pool: &str, channel: &str, a: &str, b: &str, phone: bool) -> CodeSlot<'static> {
        let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
        CodeSlot {
            pool: leak(pool),
            channel: leak(channel),
            target: if phone {
                CodeTarget::Phone {
                    country_code: leak(a),
                    number: leak(b),
                }
            } else {
                CodeTarget::Email(leak(a))
            },
        }
    }

    /// Every variant, built from four parts.
    fn every_key(p: &[String; 4], w: i64) -> Vec<Key<'static>> {
        let leak = |s: &String| -> &'static str { Box::leak(s.clone().into_boxed_str()) };
        let [a, b, c, d] = p.each_ref().map(leak);
        vec![
            Key::AuthorizeRequest { id: a },
            Key::AuthCode { code: a },
            Key::QrCode { id: a },
            Key::QrTicket { ticket: a },
            Key::QrPageBinding { token: a },
            Key::Lockout { pool: a, user: b },
            Key::CasAttempt { id: a },
            Key::CasServiceTicket { ticket: a },
            Key::Code(slot(a, b, c, d, false)),
            Key::Code(slot(a, b, c, d, true)),
            Key::CodeFailures(slot(a, b, c, d, true)),
            Key::CodeSent(slot(a, b, c, d, false)),
            Key::PushCode { id: a },
            Key::PushClaim { id: a },
            Key::PushPending { pool: a, user: b },
            Key::OneTimeToken {
                purpose: a,
                token: b,
            },
            Key::RateLimit {
                bucket: a,
                ip: b,
                window: w,
            },
            Key::SsoTracker { handle: a },
            Key::Test(a),
        ]
    }

    proptest! {
        #[test]
        fn different_keys_never_render_the_same(
            x in proptest::array::uniform4(part()), y in proptest::array::uniform4(part()),
            wx in -2i64..3, wy in -2i64..3,
        ) {
            let xs = every_key(&x, wx);
            let ys = every_key(&y, wy);
            for kx in &xs {
                for ky in &ys {
                    if kx != ky {
                        prop_assert_ne!(kx.render(), ky.render(), "{:?} / {:?}", kx, ky);
                    }
                }
            }
        }
    }

    #[test]
    fn keys_keep_their_established_spelling() {
        assert_eq!(
            Key::Lockout {
                pool: "p1",
                user: "u1"
            }
            .render(),
            "lock:p1:u1"
        );
        assert_eq!(
            Key::Code(CodeSlot {
                pool: "p1",
                channel: "CHANNEL_LOGIN",
                target: CodeTarget::Email("a@b.c"),
            })
            .render(),
            "vc:p1:CHANNEL_LOGIN:email:a@b.c"
        );
        assert_eq!(
            Key::RateLimit {
                bucket: "signin",
                ip: "::1",
                window: 7
            }
            .render(),
            "rl:signin:%3A%3A1:7",
            "an IPv6 address cannot run into the window"
        );
        assert_eq!(
            Key::AuthCode { code: "abc" }.render(),
            format!("ac:{}", sha256_hex("abc")),
            "secrets are named by their hash"
        );
        assert_eq!(
            Topic::PushUser {
                pool: "p",
                user: "u"
            }
            .render(),
            "push-user:p:u"
        );
        assert_ne!(
            Topic::PushUser {
                pool: "p:u",
                user: "x"
            }
            .render(),
            Topic::PushUser {
                pool: "p",
                user: "u:x"
            }
            .render()
        );
    }
}
