//! Counters of the operations an operator watches — sign-ins, token requests, code sends,
//! QR-code calls — by route and result (`success` / `failure`, with the `apiCode` of a
//! failure). Counted from the route and the answer's [`Outcome`], so the handlers need not
//! know about metrics.

use crate::http::error::Outcome;
use metrics::Label;

/// An operation family and its counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// A sign-in attempt (password, code, push request).
    SignIn,
    /// A token request (OIDC token endpoint, management token, QR ticket exchange).
    Token,
    /// A verification code sent (email or SMS).
    CodeSend,
    /// A QR-code call (create, scan / confirm / cancel, status, ticket exchange).
    Qrcode,
}

impl Operation {
    const ALL: [Operation; 4] = [
        Operation::SignIn,
        Operation::Token,
        Operation::CodeSend,
        Operation::Qrcode,
    ];

    /// The counter's name.
    pub fn metric(self) -> &'static str {
        match self {
            Operation::SignIn => "authgate_signin_total",
            Operation::Token => "authgate_token_requests_total",
            Operation::CodeSend => "authgate_code_sends_total",
            Operation::Qrcode => "authgate_qrcode_requests_total",
        }
    }

    fn help(self) -> &'static str {
        match self {
            Operation::SignIn => "Sign-in attempts by route and result (failure: with apiCode)",
            Operation::Token => {
                "Token requests (issuance) by route and result (failure: with apiCode)"
            }
            Operation::CodeSend => {
                "Verification code sends by route and result (failure: with apiCode)"
            }
            Operation::Qrcode => "QR-code login calls by route and result (failure: with apiCode)",
        }
    }

    /// The operations `route` (a matched route pattern) counts for; a QR ticket exchange is
    /// both a token request and a QR-code call.
    pub fn of_route(route: &str) -> &'static [Operation] {
        match route {
            "/api/v3/signin"
            | "/api/v3/signin-by-push"
            | "/login/password"
            | "/login/code"
            | "/cas-idp/{appId}/login" => &[Operation::SignIn],
            "/oidc/token" | "/oauth/token" | "/api/v3/get-management-token" => &[Operation::Token],
            "/api/v3/exchange-tokenset-with-qrcode-ticket" => {
                &[Operation::Token, Operation::Qrcode]
            }
            "/api/v3/send-sms"
            | "/api/v3/send-email"
            | "/login/code/send"
            | "/login/signup/send-code"
            | "/login/forgot-password/send-code" => &[Operation::CodeSend],
            "/api/v3/gene-qrcode"
            | "/api/v3/change-qrcode-status"
            | "/api/v3/set-qrcode-status"
            | "/api/v3/check-qrcode-status"
            | "/api/v3/get-qrcode-status" => &[Operation::Qrcode],
            _ => &[],
        }
    }
}

/// Describes the counters (`# HELP`).
pub fn describe() {
    for op in Operation::ALL {
        metrics::describe_counter!(op.metric(), op.help());
    }
}

/// Counts `route`'s answer in the counters of its operations.
pub fn count(route: &str, outcome: Outcome) {
    for op in Operation::of_route(route) {
        let mut labels = vec![Label::new("route", route.to_string())];
        if outcome.is_error() {
            labels.push(Label::new("result", "failure"));
            labels.extend(super::api_code_label(outcome));
        } else {
            labels.push(Label::new("result", "success"));
        }
        metrics::counter!(op.metric(), labels).increment(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_map_to_operations() {
        assert_eq!(Operation::of_route("/api/v3/signin"), &[Operation::SignIn]);
        assert_eq!(Operation::of_route("/oidc/token"), &[Operation::Token]);
        assert_eq!(
            Operation::of_route("/api/v3/exchange-tokenset-with-qrcode-ticket"),
            &[Operation::Token, Operation::Qrcode]
        );
        assert!(Operation::of_route("/api/v3/get-user").is_empty());
        assert!(Operation::of_route("unmatched").is_empty());
    }
}
