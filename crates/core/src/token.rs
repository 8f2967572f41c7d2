//! Token claims: access tokens (RS256 JWT the official SDKs verify offline), id tokens and the
//! UserInfo claims, derived from a user and the granted scope.

use crate::scope::Scope;
use crate::user::User;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// The `typ` claim of access tokens, so no other token of ours passes as one.
pub const ACCESS_TOKEN_TYPE: &str = "access_token";

/// Claims of an access token (spec §4.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// Issuer: public URL + `/oidc`.
    pub iss: String,
    /// The user id.
    pub sub: String,
    /// The application id.
    pub aud: String,
    /// Granted scope, space-separated.
    pub scope: String,
    /// Issued at (s).
    pub iat: i64,
    /// Expires at (s).
    pub exp: i64,
    /// Token id (for revocation).
    pub jti: String,
    /// The session (refresh-token family) the token belongs to; empty (absent) in
    /// machine-to-machine tokens, which belong to no session.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sid: String,
    /// The user pool.
    pub pool: String,
    /// Always [`ACCESS_TOKEN_TYPE`].
    pub typ: String,
    /// The client the token was issued to (RFC 9068), in machine-to-machine tokens: the
    /// application id or the access key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
}

/// The OIDC claims of `user` allowed by `scope` (UserInfo; the profile part of id tokens).
pub fn user_claims(user: &User, scope: &Scope) -> Map<String, Value> {
    let mut c = Map::new();
    c.insert("sub".into(), json!(user.id));
    let p = &user.profile;
    fn put(c: &mut Map<String, Value>, k: &str, v: Option<&str>) {
        if let Some(v) = v {
            c.insert(k.into(), json!(v));
        }
    }
    if scope.has("profile") {
        put(&mut c, "name", p.name.as_deref());
        put(&mut c, "nickname", p.nickname.as_deref());
        put(&mut c, "given_name", p.given_name.as_deref());
        put(&mut c, "family_name", p.family_name.as_deref());
        put(&mut c, "middle_name", p.middle_name.as_deref());
        put(
            &mut c,
            "preferred_username",
            p.preferred_username.as_deref(),
        );
        put(&mut c, "profile", p.profile.as_deref());
        put(&mut c, "picture", p.photo.as_deref());
        put(&mut c, "website", p.website.as_deref());
        put(&mut c, "gender", Some(user.gender.as_str()));
        put(&mut c, "birthdate", p.birthdate.as_deref());
        put(&mut c, "zoneinfo", p.zoneinfo.as_deref());
        put(&mut c, "locale", p.locale.as_deref());
        // An ISO-8601 string, as GenAuth sends it: the Go SDK decodes `updated_at` into a
        // string (`UserInfoCommon`, embedded in its ID-token claims), so a number fails both
        // its `GetUserInfo` and its ID-token parsing; Node and Python take either.
        c.insert(
            "updated_at".into(),
            json!(crate::timefmt::iso8601(user.updated_at)),
        );
    }
    if scope.has("username") {
        put(&mut c, "username", user.ids.username.as_deref());
    }
    if scope.has("email") {
        put(&mut c, "email", user.ids.email.as_deref());
        c.insert("email_verified".into(), json!(user.email_verified));
    }
    if scope.has("phone") {
        put(&mut c, "phone_number", user.ids.phone.as_deref());
        c.insert("phone_number_verified".into(), json!(user.phone_verified));
    }
    if scope.has("external_id") {
        put(&mut c, "external_id", user.ids.external_id.as_deref());
    }
    if scope.has("address") {
        let mut a = Map::new();
        for (k, v) in [
            ("formatted", p.formatted.as_deref()),
            ("street_address", p.street_address.as_deref()),
            ("locality", p.city.as_deref()),
            ("region", p.region.as_deref().or(p.province.as_deref())),
            ("postal_code", p.postal_code.as_deref()),
            ("country", p.country.as_deref()),
        ] {
            if let Some(v) = v {
                a.insert(k.into(), json!(v));
            }
        }
        c.insert("address".into(), Value::Object(a));
    }
    c
}

/// The left half of SHA-256 of a token, base64url (`at_hash` / `c_hash`, OIDC Core 3.1.3.6).
pub fn half_hash(token: &str) -> String {
    use base64::Engine;
    let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, token.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&d.as_ref()[..16])
}

/// SHA-256 hex of a secret (how refresh tokens and tickets are stored).
pub fn sha256_hex(secret: &str) -> String {
    hex::encode(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, secret.as_bytes()).as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user::{Identifiers, UserSource};

    #[test]
    fn claims_follow_the_scope() {
        let mut u = User::new(
            "u1".into(),
            "p".into(),
            Identifiers {
                email: Some("a@b.co".into()),
                phone: Some("138".into()),
                ..Default::default()
            },
            UserSource::Register,
            5_000,
        );
        u.profile.name = Some("Ada".into());
        let only = user_claims(&u, &Scope::parse("openid"));
        assert_eq!(Value::Object(only), json!({"sub": "u1"}));
        let c = user_claims(&u, &Scope::parse("openid profile email"));
        assert_eq!(c["name"], "Ada");
        assert_eq!(c["email"], "a@b.co");
        assert_eq!(c["email_verified"], false);
        assert_eq!(c["updated_at"], "1970-01-01T00:00:05.000Z");
        assert!(c.get("phone_number").is_none());
    }

    #[test]
    fn hashes() {
        // OIDC Core example: at_hash of "jHkWEdUXMU1BwAsC4vtUsZwnNeNRVCcCsAA6ES0f0" ... is
        // computed the same way; check shape and determinism here.
        assert_eq!(half_hash("x"), half_hash("x"));
        assert_eq!(half_hash("x").len(), 22);
        assert_eq!(sha256_hex("abc").len(), 64);
    }
}
