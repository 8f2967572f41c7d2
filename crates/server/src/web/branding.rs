//! The branding of an application's hosted pages: its logo (`appLogo`) and name above the
//! card, a primary colour (`brandingConfig.primaryColor`), its custom CSS
//! (`brandingConfig.customCSS`, when `customCSSEnabled`) and a footer text
//! (`brandingConfig.footerText`; no footer at all without one).
//!
//! The `brandingConfig` members are typed and checked once, when written
//! ([`authgate_core::application::BrandingConfig`]); a stored document breaking the rules
//! (written before them) does not read, so none of it is served. The logo is re-checked
//! here, as its origin is needed anyway. It is shown
//! under the page's CSP: `img-src` allows `'self' data:`, plus exactly the origin of an
//! http(s) logo ([`Branding::img_sources`]).

use super::escape::StyleText;
use authgate_core::application::Application;
use authgate_core::application::branding as rules;

/// What a hosted page shows of its application; [`Branding::default`] for pages without one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Branding {
    /// The application's name.
    pub name: Option<String>,
    /// The logo URL (`http(s)` or a `data:` image).
    pub logo: Option<String>,
    /// `#rgb` or `#rrggbb`.
    pub primary_color: Option<String>,
    /// CSS served in its own `<style>` element (it cannot end that element).
    pub custom_css: Option<StyleText>,
    /// The footer text.
    pub footer: Option<String>,
}

impl Branding {
    /// The branding of `app` (an unreadable stored `brandingConfig` counts as absent).
    pub fn of(app: &Application) -> Self {
        let logo = app
            .logo
            .clone()
            .filter(|l| logo_origin(l).is_some() || rules::is_valid_data_logo(l));
        let config = app.settings.branding_config.as_ref();
        Self {
            name: Some(app.name.clone()).filter(|n| !n.is_empty()),
            logo,
            primary_color: config.and_then(|c| c.primary_color.clone()),
            custom_css: config
                .and_then(|c| c.served_css())
                .and_then(StyleText::checked),
            footer: config.and_then(|c| c.footer_text.clone()),
        }
    }

    /// The `img-src` sources the page needs besides `'self' data:`: the origin of an http(s)
    /// logo, exactly (never a wildcard).
    pub fn img_sources(&self) -> Vec<String> {
        self.logo
            .as_deref()
            .and_then(logo_origin)
            .into_iter()
            .collect()
    }
}

/// The ASCII origin of an absolute http(s) logo URL with a host.
fn logo_origin(logo: &str) -> Option<String> {
    let url = url::Url::parse(logo).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return None;
    }
    let origin = url.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_core::application::AppType;
    use serde_json::json;

    fn app(logo: Option<&str>, branding: serde_json::Value) -> Application {
        Application {
            id: "a1".into(),
            pool_id: "p1".into(),
            name: "Shop <&>".into(),
            identifier: "shop".into(),
            description: None,
            logo: logo.map(str::to_string),
            app_type: AppType::Web,
            is_default: false,
            secret_sealed: "v1:x".into(),
            settings: serde_json::from_value(json!({ "branding_config": branding })).unwrap(),
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn reads_the_settings_and_drops_what_breaks_the_rules() {
        let b = Branding::of(&app(
            Some("https://cdn.example:8443/a/logo.png?v=1"),
            json!({"customCSSEnabled": true, "customCSS": ".card{color:#000}",
                   "primaryColor": "#0a0", "footerText": "© Shop"}),
        ));
        assert_eq!(
            b.img_sources(),
            vec!["https://cdn.example:8443".to_string()]
        );
        assert_eq!(b.primary_color.as_deref(), Some("#0a0"));
        assert_eq!(
            b.custom_css.as_ref().map(StyleText::as_str),
            Some(".card{color:#000}")
        );
        assert_eq!(
            b.logo.as_deref(),
            Some("https://cdn.example:8443/a/logo.png?v=1")
        );
        assert_eq!(b.name.as_deref(), Some("Shop <&>"));
        assert_eq!(b.footer.as_deref(), Some("© Shop"));

        // Stored before the rules: none of it is served.
        let b = Branding::of(&app(
            Some("javascript:alert(1)"),
            json!({"customCSSEnabled": true, "customCSS": "a{}</style><script>x()</script>",
                   "primaryColor": "red;}body{x:y"}),
        ));
        assert_eq!(
            (
                b.logo.clone(),
                b.custom_css.clone(),
                b.primary_color.clone()
            ),
            (None, None, None)
        );
        assert!(b.img_sources().is_empty());
        // CSS only applies when enabled; a data: logo needs no extra source.
        let b = Branding::of(&app(
            Some("data:image/png;base64,iVBORw0KGgo="),
            json!({"customCSS": "a{}"}),
        ));
        assert_eq!(b.custom_css, None);
        assert!(b.logo.is_some() && b.img_sources().is_empty());
    }
}
