//! An [`Application`] as the wire shows it (`ApplicationDto`, spec §1.9).

use authgate_core::application::{Application, PROTOCOL};
use authgate_proto::apps::{ApplicationDto, LoginConfig, OidcConfig};

/// The OIDC client metadata of an application.
fn oidc_config(app: &Application) -> OidcConfig {
    let s = &app.settings;
    OidcConfig {
        token_endpoint_auth_method: s.token_endpoint_auth_method.as_str().into(),
        introspection_endpoint_auth_method: s.introspection_endpoint_auth_method.as_str().into(),
        revocation_endpoint_auth_method: s.revocation_endpoint_auth_method.as_str().into(),
        grant_types: s.grant_type_names(),
        response_types: s.response_type_names(),
        id_token_signed_response_alg: s.id_token_signed_response_alg.clone(),
        access_token_ttl: s.lifetimes.access_token_ttl,
        id_token_ttl: s.lifetimes.id_token_ttl,
        refresh_token_ttl: s.lifetimes.refresh_token_ttl,
        scope: s.client_scopes.join(" "),
        allow_pkce_plain: s.allow_pkce_plain,
    }
}

/// The `Application` record of `app`.
pub fn render(app: &Application) -> ApplicationDto {
    let s = &app.settings;
    ApplicationDto {
        app_id: app.id.clone(),
        app_identifier: app.identifier.clone(),
        app_name: app.name.clone(),
        app_logo: app.logo.clone().unwrap_or_default(),
        app_description: app.description.clone(),
        app_type: app.app_type.as_str().into(),
        user_pool_id: app.pool_id.clone(),
        is_integrate_app: false,
        default_protocol: PROTOCOL.into(),
        redirect_uris: s.redirect_uris.clone(),
        logout_redirect_uris: s.logout_redirect_uris.clone(),
        init_login_uri: s.init_login_uri.clone().unwrap_or_default(),
        sso_enabled: s.sso_enabled,
        sso_enabled_at: None,
        // The consent page is shown exactly for third-party applications.
        login_config: s.login_config.as_ref().map_or_else(
            || LoginConfig {
                show_authorization_page: s.third_party,
                ..LoginConfig::default()
            },
            |c| c.to_wire(s.third_party),
        ),
        register_config: s
            .register_config
            .as_ref()
            .map(|c| c.to_wire())
            .unwrap_or_default(),
        branding_config: s
            .branding_config
            .as_ref()
            .map(|c| c.to_wire())
            .unwrap_or_default(),
        oidc_config: oidc_config(app),
        saml_provider_enabled: false,
        oauth_provider_enabled: false,
        cas_provider_enabled: s.cas_enabled,
        custom_branding_enabled: s.branding_config.is_some(),
        custom_security_enabled: false,
        template: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_core::application::{AppSettings, AppType};
    use serde_json::json;

    #[test]
    fn defaults_and_stored_documents() {
        let mut app = Application {
            id: "a1".into(),
            pool_id: "p1".into(),
            name: "Shop".into(),
            identifier: "shop".into(),
            description: None,
            logo: None,
            app_type: AppType::MiniProgram,
            is_default: false,
            secret_sealed: "v1:x".into(),
            settings: AppSettings::default(),
            created_at: 0,
            updated_at: 0,
        };
        let dto = render(&app);
        assert_eq!(dto.app_type, "mini-program");
        assert_eq!(dto.app_logo, "");
        assert_eq!(
            dto.oidc_config.token_endpoint_auth_method,
            "client_secret_post"
        );
        assert_eq!(dto.oidc_config.id_token_signed_response_alg, "RS256");
        assert_eq!(dto.register_config.default_register_method, "PASSWORD");
        assert!(!dto.custom_branding_enabled);

        app.settings = serde_json::from_value(json!({
            "branding_config": {"guardVersion": "Classical"},
            "login_config": "not an object"
        }))
        .unwrap();
        let dto = render(&app);
        assert_eq!(dto.branding_config.guard_version, "Classical");
        assert_eq!(dto.branding_config.default_language, "zh-CN");
        assert!(dto.custom_branding_enabled);
        assert_eq!(
            dto.login_config.default_login_method.connection_type,
            "PASSWORD"
        );
    }
}
