//! The OpenAPI 3.1 document, generated from the handlers' own annotations and types.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Document root: title, description, tags and security schemes; paths come from the routers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "authgate",
        description = "Self-hosted identity platform speaking the GenAuth (Authing) V3 API. \
            Every /api/v3 answer is the envelope {statusCode, message, apiCode, requestId, data} \
            with HTTP 200, including errors."
    ),
    tags(
        (name = "management", description = "Management authentication"),
        (name = "users", description = "User management"),
        (name = "security", description = "User pool security settings"),
        (name = "authentication", description = "Sign-up, sign-in, codes, the user's own account"),
        (name = "qrcode", description = "QR-code login"),
        (name = "push", description = "Push login"),
        (name = "applications", description = "Application management"),
        (name = "organizations", description = "Organisations, departments and their members"),
        (name = "roles", description = "Roles and their assignments"),
        (name = "groups", description = "User groups and their members"),
        (name = "permissions", description = "Namespaces, resources, grants and permission checks"),
        (name = "oidc", description = "OpenID Connect documents"),
        (name = "operations", description = "Health, readiness, metrics"),
    ),
    modifiers(&Security)
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "management_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "hmac_signature",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "authorization",
                "authing {accessKeyId}:{Base64(HMAC-SHA1(secret, StringToSign))} (Node SDK)",
            ))),
        );
    }
}
