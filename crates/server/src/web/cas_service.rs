//! Which service URLs an application accepts, and the redirect that carries a ticket.
//!
//! A CAS service matches a registered redirect URI when it is that URI exactly, or that URI
//! followed by a query string (`https://app.example/cas` accepts
//! `https://app.example/cas?next=%2Forders`): CAS clients put the page to return to in the
//! service's query. The comparison is literal (no case folding, no path prefix, no
//! normalisation), a registered URI that has a query or a fragment only matches exactly, and a
//! service with a fragment never matches more than exactly (the ticket appended to it would not
//! reach the application).

/// Whether `service` is accepted by the registered URI `registered`.
pub fn matches(registered: &str, service: &str) -> bool {
    if registered.is_empty() {
        return false;
    }
    if registered == service {
        return true;
    }
    if registered.contains(['?', '#']) || service.contains('#') {
        return false;
    }
    service
        .strip_prefix(registered)
        .is_some_and(|rest| rest.starts_with('?'))
}

/// Whether `service` matches one of `registered`.
pub fn registered_in(registered: &[String], service: &str) -> bool {
    registered.iter().any(|r| matches(r, service))
}

/// `service` with `ticket=…` added to its query.
pub fn with_ticket(service: &str, ticket: &str) -> String {
    let sep = if service.contains('?') { '&' } else { '?' };
    format!("{service}{sep}ticket={ticket}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_or_exact_plus_query() {
        let r = "https://a.example/cas";
        assert!(matches(r, r));
        assert!(matches(r, "https://a.example/cas?next=%2Fx"));
        assert!(matches(r, "https://a.example/cas?"));
        for bad in [
            "https://a.example/cas/",
            "https://a.example/cas/evil",
            "https://a.example/casx",
            "https://A.example/cas",
            "https://a.example/cas#frag",
            "https://a.example/cas?x#frag",
            "https://a.example.evil/cas",
            "https://a.example",
            "",
        ] {
            assert!(!matches(r, bad), "{bad}");
        }
        let with_query = "https://a.example/cas?tenant=1";
        assert!(matches(with_query, with_query));
        assert!(!matches(with_query, "https://a.example/cas?tenant=1&x=2"));
        assert!(!matches("", "?x"));
        assert!(registered_in(
            &["x".into(), r.into()],
            "https://a.example/cas?y"
        ));
        assert!(!registered_in(&[], r));
    }

    #[test]
    fn ticket_is_appended() {
        assert_eq!(
            with_ticket("https://a.example/cas", "ST-1"),
            "https://a.example/cas?ticket=ST-1"
        );
        assert_eq!(
            with_ticket("https://a.example/cas?next=%2F", "ST-1"),
            "https://a.example/cas?next=%2F&ticket=ST-1"
        );
    }
}
