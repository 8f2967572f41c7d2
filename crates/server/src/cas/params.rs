//! The query parameters of the CAS endpoints, read leniently: unknown ones are ignored, the
//! first of a repeated one wins, an empty one (Python's bare `?service`) counts as absent.

/// Every parameter a CAS endpoint reads.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CasParams {
    /// The service (application URL) to return to.
    pub service: Option<String>,
    /// The ticket to validate.
    pub ticket: Option<String>,
    /// `renew`: bypass the SSO session (login) / accept only a fresh sign-in (validation).
    pub renew: bool,
    /// `gateway`: never ask for credentials; return without a ticket instead.
    pub gateway: bool,
    /// `format`: `XML` (default) or `JSON`.
    pub format: Option<String>,
    /// `url`: where to go after logout.
    pub url: Option<String>,
    /// The sign-in attempt a browser returns from (set by this server in the login page's
    /// `next`).
    pub attempt: Option<String>,
}

/// CAS flags are set by their presence; only `false` and `0` unset them.
fn flag(value: &str) -> bool {
    !(value.eq_ignore_ascii_case("false") || value == "0")
}

impl CasParams {
    /// Parses a raw query string.
    pub fn parse(query: Option<&str>) -> Self {
        let mut p = CasParams::default();
        let mut seen_renew = false;
        let mut seen_gateway = false;
        for (k, v) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let slot = match k.as_ref() {
                "service" => &mut p.service,
                "ticket" => &mut p.ticket,
                "format" => &mut p.format,
                "url" => &mut p.url,
                "attempt" => &mut p.attempt,
                "renew" if !seen_renew => {
                    seen_renew = true;
                    p.renew = flag(&v);
                    continue;
                }
                "gateway" if !seen_gateway => {
                    seen_gateway = true;
                    p.gateway = flag(&v);
                    continue;
                }
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(v.into_owned()).filter(|s| !s.is_empty());
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_parsing() {
        let p = CasParams::parse(Some(
            "service=https%3A%2F%2Fa.example%2Fcb%3Fx%3D1&service=ignored&renew&gateway=false&ticket=ST-1&format=JSON&junk=1",
        ));
        assert_eq!(p.service.as_deref(), Some("https://a.example/cb?x=1"));
        assert_eq!(p.ticket.as_deref(), Some("ST-1"));
        assert!(p.renew);
        assert!(!p.gateway);
        assert_eq!(p.format.as_deref(), Some("JSON"));
        let bare = CasParams::parse(Some("service"));
        assert_eq!(bare.service, None);
        assert_eq!(CasParams::parse(None), CasParams::default());
        assert!(CasParams::parse(Some("gateway=true")).gateway);
        assert!(!CasParams::parse(Some("renew=0")).renew);
    }
}
