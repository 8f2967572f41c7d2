//! The checks shared by the settable members of an application. Each failure is a 400 that
//! names the member by its wire path (`brandingConfig.customCSS`, `redirectUris[1]`).

use super::rules::MAX_URI_LEN;
use crate::ApiError;

/// The checked value of a member, or the 400 naming it.
pub type Checked<T> = Result<T, ApiError>;

/// 400: member `name` has a bad value.
pub(crate) fn invalid(name: &str, reason: impl Into<String>) -> ApiError {
    ApiError::invalid(name, reason)
}

/// `must be one of a, b, c`.
pub(crate) fn one_of_text<'a>(allowed: impl IntoIterator<Item = &'a str>) -> String {
    let list: Vec<&str> = allowed.into_iter().collect();
    format!("must be one of {}", list.join(", "))
}

/// Parses one spelling of a closed set: `from_wire` of the set, or the set's `one_of` 400.
pub(crate) fn parse_one<T>(
    name: &str,
    raw: &str,
    from_wire: fn(&str) -> Option<T>,
    one_of: fn() -> String,
) -> Checked<T> {
    from_wire(raw).ok_or_else(|| invalid(name, one_of()))
}

/// Parses each of `values` (named `name[i]`) with [`parse_one`].
pub(crate) fn parse_each<T>(
    name: &str,
    values: &[String],
    from_wire: fn(&str) -> Option<T>,
    one_of: fn() -> String,
) -> Checked<Vec<T>> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| parse_one(&format!("{name}[{i}]"), v, from_wire, one_of))
        .collect()
}

/// An absolute `http(s)` URL with a host, without credentials or fragment, as given.
pub(crate) fn http_url(name: &str, raw: &str) -> Checked<String> {
    let s = raw.trim();
    if s.len() > MAX_URI_LEN {
        return Err(invalid(name, format!("at most {MAX_URI_LEN} characters")));
    }
    let url = url::Url::parse(s).map_err(|_| invalid(name, "must be an absolute URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(name, "must be an http or https URL"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid(name, "must name a host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(name, "must not carry credentials"));
    }
    if url.fragment().is_some() {
        return Err(invalid(name, "must not contain a fragment (#…)"));
    }
    Ok(s.to_string())
}

/// `""` clears; anything else must be an [`http_url`].
pub(crate) fn optional_url(name: &str, raw: &str) -> Checked<Option<String>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    http_url(name, raw).map(Some)
}

/// Reads a stored settings document leniently: one that no longer passes the rules (written
/// before them, or damaged) reads as absent, so the defaults apply and the application
/// itself still loads.
pub(crate) fn lenient<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let doc = <Option<serde_json::Value> as serde::Deserialize>::deserialize(d)?;
    Ok(doc.and_then(|doc| serde_json::from_value(doc).ok()))
}
