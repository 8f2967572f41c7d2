//! `brandingConfig`: the look of the hosted pages, checked once when written against the
//! rules of [`super::branding`] and held typed, so a page serves its fields as they are.
//! Stored as its wire record; a stored document breaking the rules does not read.

use super::branding;
use super::checks::{Checked, invalid, optional_url, parse_each, parse_one};
use crate::ApiError;
use crate::wire::wire_enum;
use authgate_proto::apps as wire;
use serde_json::{Value, json};

wire_enum! {
    /// The login box generation (`guardVersion`).
    pub enum GuardVersion {
        /// The current box.
        Advanced => "Advanced",
        /// The classic box.
        Classical => "Classical",
    }
}

wire_enum! {
    /// A language of the hosted pages and agreements.
    pub enum Language {
        /// Simplified Chinese.
        ZhCn => "zh-CN",
        /// English.
        EnUs => "en-US",
        /// Traditional Chinese.
        ZhTw => "zh-TW",
        /// Japanese.
        JaJp => "ja-JP",
    }
}

wire_enum! {
    /// Where an agreement is shown (`displayAt`).
    pub enum AgreementPage {
        /// The login page.
        LoginPage => "LoginPage",
        /// The sign-up page.
        RegisterPage => "RegisterPage",
    }
}

/// One agreement of `brandingConfig.agreements`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    /// The pages showing it.
    pub display_at: Vec<AgreementPage>,
    /// Whether it must be accepted.
    pub is_required: bool,
    /// Its language.
    pub lang: Language,
    /// Its text.
    pub content: String,
}

/// An agreement as the wire spells it, read before its members are checked.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct AgreementRecord {
    display_at: Vec<String>,
    is_required: bool,
    lang: String,
    content: String,
}

impl Agreement {
    /// Checks agreement `raw`, named `name` in errors.
    fn parse(name: &str, raw: &Value) -> Checked<Self> {
        let a: AgreementRecord = serde_json::from_value(raw.clone()).map_err(|e| {
            invalid(
                name,
                format!("{{displayAt, isRequired, lang, content}}: {e}"),
            )
        })?;
        Ok(Self {
            display_at: parse_each(
                &format!("{name}.displayAt"),
                &a.display_at,
                AgreementPage::from_wire,
                AgreementPage::one_of_text,
            )?,
            is_required: a.is_required,
            lang: parse_one(
                &format!("{name}.lang"),
                &a.lang,
                Language::from_wire,
                Language::one_of_text,
            )?,
            content: a.content,
        })
    }

    fn to_wire(&self) -> Value {
        let display_at: Vec<&str> = self.display_at.iter().map(|p| p.as_str()).collect();
        json!({
            "displayAt": display_at,
            "isRequired": self.is_required,
            "lang": self.lang.as_str(),
            "content": self.content,
        })
    }
}

/// The hosted pages' branding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "wire::BrandingConfig", into = "wire::BrandingConfig")]
pub struct BrandingConfig {
    /// Whether `custom_css` applies.
    pub custom_css_enabled: bool,
    /// Custom CSS: never blank, never containing `</` or control characters.
    pub custom_css: Option<String>,
    /// The login box generation.
    pub guard_version: GuardVersion,
    /// Loading image: an http(s) URL.
    pub custom_loading_image: Option<String>,
    /// Background image: an http(s) URL.
    pub custom_background: Option<String>,
    /// Show the language switch.
    pub show_change_language_button: bool,
    /// The pages' default language.
    pub default_language: Language,
    /// Show "forgot password".
    pub show_forget_password_button: bool,
    /// Show enterprise connections.
    pub show_enterprise_connections: bool,
    /// Show social connections.
    pub show_social_connections: bool,
    /// Show agreements.
    pub show_agreement: bool,
    /// The agreements.
    pub agreements: Vec<Agreement>,
    /// `#rgb` or `#rrggbb`.
    pub primary_color: Option<String>,
    /// One line of at most [`branding::MAX_FOOTER_LEN`] characters, never blank.
    pub footer_text: Option<String>,
}

/// `Some(trimmed)` unless blank.
fn non_blank(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl BrandingConfig {
    /// Checks a `brandingConfig` as create and update take it; blank texts become absent.
    pub fn parse(c: &wire::BrandingConfig) -> Checked<Self> {
        let guard_version = parse_one(
            "brandingConfig.guardVersion",
            &c.guard_version,
            GuardVersion::from_wire,
            GuardVersion::one_of_text,
        )?;
        let default_language = parse_one(
            "brandingConfig.defaultLanguage",
            &c.default_language,
            Language::from_wire,
            Language::one_of_text,
        )?;
        let image = |name: &str, u: &Option<String>| -> Checked<Option<String>> {
            Ok(u.as_deref()
                .map(|u| optional_url(name, u))
                .transpose()?
                .flatten())
        };
        let custom_loading_image =
            image("brandingConfig.customLoadingImage", &c.custom_loading_image)?;
        let custom_background = image("brandingConfig.customBackground", &c.custom_background)?;
        let custom_css = c.custom_css.clone().filter(|css| !css.trim().is_empty());
        if let Some(problem) = custom_css.as_deref().and_then(branding::custom_css_problem) {
            return Err(invalid("brandingConfig.customCSS", problem));
        }
        let primary_color = non_blank(c.primary_color.as_deref());
        if primary_color
            .as_deref()
            .is_some_and(|p| !branding::is_valid_color(p))
        {
            return Err(invalid(
                "brandingConfig.primaryColor",
                "must be a colour #rgb or #rrggbb",
            ));
        }
        let footer_text = non_blank(c.footer_text.as_deref());
        if footer_text.as_deref().is_some_and(|t| {
            t.chars().count() > branding::MAX_FOOTER_LEN || t.chars().any(char::is_control)
        }) {
            return Err(invalid(
                "brandingConfig.footerText",
                format!(
                    "one line of at most {} characters",
                    branding::MAX_FOOTER_LEN
                ),
            ));
        }
        let agreements = c
            .agreements
            .iter()
            .enumerate()
            .map(|(i, raw)| Agreement::parse(&format!("brandingConfig.agreements[{i}]"), raw))
            .collect::<Checked<Vec<_>>>()?;
        Ok(Self {
            custom_css_enabled: c.custom_css_enabled,
            custom_css,
            guard_version,
            custom_loading_image,
            custom_background,
            show_change_language_button: c.show_change_language_button,
            default_language,
            show_forget_password_button: c.show_forget_password_button,
            show_enterprise_connections: c.show_enterprise_connections,
            show_social_connections: c.show_social_connections,
            show_agreement: c.show_agreement,
            agreements,
            primary_color,
            footer_text,
        })
    }

    /// The CSS a page serves: the custom CSS when enabled.
    pub fn served_css(&self) -> Option<&str> {
        self.custom_css
            .as_deref()
            .filter(|_| self.custom_css_enabled)
    }

    /// The wire record.
    pub fn to_wire(&self) -> wire::BrandingConfig {
        wire::BrandingConfig {
            custom_css_enabled: self.custom_css_enabled,
            custom_css: self.custom_css.clone(),
            guard_version: self.guard_version.as_str().into(),
            custom_loading_image: self.custom_loading_image.clone(),
            custom_background: self.custom_background.clone(),
            show_change_language_button: self.show_change_language_button,
            default_language: self.default_language.as_str().into(),
            show_forget_password_button: self.show_forget_password_button,
            show_enterprise_connections: self.show_enterprise_connections,
            show_social_connections: self.show_social_connections,
            show_agreement: self.show_agreement,
            agreements: self.agreements.iter().map(Agreement::to_wire).collect(),
            primary_color: self.primary_color.clone(),
            footer_text: self.footer_text.clone(),
        }
    }
}

impl TryFrom<wire::BrandingConfig> for BrandingConfig {
    type Error = ApiError;

    fn try_from(c: wire::BrandingConfig) -> Checked<Self> {
        Self::parse(&c)
    }
}

impl From<BrandingConfig> for wire::BrandingConfig {
    fn from(c: BrandingConfig) -> Self {
        c.to_wire()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_and_round_trips() {
        let given: wire::BrandingConfig = serde_json::from_value(json!({
            "customCSSEnabled": true, "customCSS": "  ", "primaryColor": " #0a0 ",
            "customBackground": "", "footerText": "© Shop",
            "agreements": [{"displayAt": ["LoginPage"], "isRequired": true, "lang": "en-US", "content": "ToS"}]
        }))
        .unwrap();
        let c = BrandingConfig::parse(&given).unwrap();
        assert_eq!(c.custom_css, None);
        assert_eq!(c.served_css(), None);
        assert_eq!(c.primary_color.as_deref(), Some("#0a0"));
        assert_eq!(c.custom_background, None);
        assert_eq!(c.agreements[0].lang, Language::EnUs);
        let stored = serde_json::to_value(&c).unwrap();
        assert_eq!(stored["agreements"][0]["content"], "ToS");
        assert_eq!(serde_json::from_value::<BrandingConfig>(stored).unwrap(), c);
    }

    #[test]
    fn a_stored_document_breaking_the_rules_does_not_read() {
        for bad in [
            json!({"customCSS": "a{}</style><script>x()</script>"}),
            json!({"primaryColor": "red;}body{x:y"}),
            json!({"agreements": [{"displayAt": ["Elsewhere"], "isRequired": true, "lang": "en-US", "content": ""}]}),
        ] {
            assert!(
                serde_json::from_value::<BrandingConfig>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn css_served_only_when_enabled() {
        let c = BrandingConfig::parse(&wire::BrandingConfig {
            custom_css: Some("a{}".into()),
            ..wire::BrandingConfig::default()
        })
        .unwrap();
        assert_eq!(c.served_css(), None);
        let on = BrandingConfig {
            custom_css_enabled: true,
            ..c
        };
        assert_eq!(on.served_css(), Some("a{}"));
    }
}
