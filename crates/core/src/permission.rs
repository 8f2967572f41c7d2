//! Evaluation of general permissions (spec §5.3.8): the grants a user holds — directly, through
//! roles, groups and departments — decide whether an action on a resource is allowed.
//!
//! Rules:
//! - the grants of every path are united; a grant applies when all its conditions hold
//!   ([`condition`]; an unknown condition blocks an ALLOW and keeps a DENY);
//! - an applicable DENY covering the resource and action wins over any ALLOW;
//! - action `*` in a grant covers every action;
//! - resource codes match exactly, or by a trailing wildcard: a grant on `books:*` covers
//!   `books:1` and `books:a:b`, a grant on `*` covers everything ([`code_matches`]);
//! - tree checks ([`Match::Tree`]) also let a grant on a path cover every path below it:
//!   `docs` covers `docs/a` and `docs:a:b` ([`tree_covers`]); `/` and `:` both separate.
//!
//! Nothing here does I/O: the store gathers the grants, this module decides.

pub mod condition;

pub use authgate_proto::permissions::{
    Effect, PolicyCondition, ResourceAction, ResourceType, TargetType,
};
use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

/// The request a permission is evaluated for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestContext {
    /// Now (epoch ms).
    pub now_millis: i64,
    /// The client's address, when known.
    pub source_ip: Option<IpAddr>,
    /// The user whose permission is checked.
    pub user_id: String,
    /// The user's pool.
    pub pool_id: String,
    /// The application the request comes through, when known.
    pub app_id: Option<String>,
    /// The namespace evaluated.
    pub namespace: String,
    /// The client's user agent, when known.
    pub user_agent: Option<String>,
}

/// One grant as evaluation sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Grant {
    /// Resource code or path (may end in `*`).
    pub resource_code: String,
    /// Kind of the resource.
    pub resource_type: ResourceType,
    /// The resource's URL identifier.
    pub api_identifier: Option<String>,
    /// The resource's description.
    pub description: Option<String>,
    /// Actions (`*`: all).
    pub actions: Vec<String>,
    /// ALLOW or DENY.
    pub effect: Effect,
    /// Conditions that must all hold.
    pub conditions: Vec<PolicyCondition>,
}

impl Grant {
    /// Whether the grant applies to this request (see the module rules).
    pub fn applies(&self, ctx: &RequestContext) -> bool {
        self.conditions
            .iter()
            .all(|c| match condition::evaluate(c, ctx) {
                Some(holds) => holds,
                None => self.effect == Effect::Deny,
            })
    }

    fn covers_action(&self, action: &str) -> bool {
        self.actions.iter().any(|a| a == "*" || a == action)
    }

    fn denies_all(&self) -> bool {
        self.effect == Effect::Deny && self.actions.iter().any(|a| a == "*")
    }
}

/// How a requested resource is compared with granted codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// Exact code, or a granted trailing wildcard.
    Code,
    /// Like [`Match::Code`], and a granted path covers the paths below it.
    Tree,
}

impl Match {
    fn covers(self, granted: &str, requested: &str) -> bool {
        match self {
            Match::Code => code_matches(granted, requested),
            Match::Tree => tree_covers(granted, requested),
        }
    }
}

fn is_separator(c: char) -> bool {
    c == ':' || c == '/'
}

/// Whether a grant on `granted` covers exactly `requested`: equal codes, `*`, or a prefix
/// ending in `*` (`books:*` covers `books:1`).
pub fn code_matches(granted: &str, requested: &str) -> bool {
    if granted == requested || granted == "*" {
        return true;
    }
    match granted.strip_suffix('*') {
        Some(prefix) => requested.starts_with(prefix) && requested.len() > prefix.len(),
        None => false,
    }
}

/// Whether a grant on path `granted` covers `requested`: [`code_matches`], or `requested`
/// lies below `granted` (`docs` covers `docs/a` and `docs:a:b`, not `docsx`).
pub fn tree_covers(granted: &str, requested: &str) -> bool {
    code_matches(granted, requested)
        || requested
            .strip_prefix(granted)
            .and_then(|rest| rest.chars().next())
            .is_some_and(is_separator)
}

/// Every granted code that could cover `requested` under `how`: the code itself, `*`, each
/// prefix ending at a separator followed by `*` and, for trees, each ancestor path. The store
/// fetches only the grants on these codes before [`is_allowed`] decides.
pub fn candidate_codes(requested: &str, how: Match) -> Vec<String> {
    let mut out = vec![requested.to_owned(), "*".to_owned()];
    for (i, c) in requested.char_indices() {
        if is_separator(c) {
            out.push(format!("{}*", &requested[..=i]));
            if how == Match::Tree {
                out.push(requested[..i].to_owned());
            }
        }
        // `books:1*` style prefixes without a separator are covered too.
        if i > 0 {
            out.push(format!("{}*", &requested[..i]));
        }
    }
    out.push(format!("{requested}*"));
    out.sort();
    out.dedup();
    out
}

/// Whether `action` on `requested` is allowed by `grants` in `ctx`: some applicable ALLOW
/// covers it and no applicable DENY does.
pub fn is_allowed(
    grants: &[Grant],
    requested: &str,
    action: &str,
    ctx: &RequestContext,
    how: Match,
) -> bool {
    let mut allowed = false;
    for g in grants {
        if !how.covers(&g.resource_code, requested) || !g.covers_action(action) || !g.applies(ctx) {
            continue;
        }
        match g.effect {
            Effect::Deny => return false,
            Effect::Allow => allowed = true,
        }
    }
    allowed
}

/// The actions allowed on `requested`: the union of the applicable ALLOW grants covering it,
/// less the actions an applicable DENY covers (nothing when a DENY has `*`), sorted.
pub fn allowed_actions(
    grants: &[Grant],
    requested: &str,
    ctx: &RequestContext,
    how: Match,
) -> Vec<String> {
    let covering: Vec<&Grant> = grants
        .iter()
        .filter(|g| how.covers(&g.resource_code, requested) && g.applies(ctx))
        .collect();
    net_actions(covering.into_iter())
}

fn net_actions<'a>(grants: impl Iterator<Item = &'a Grant>) -> Vec<String> {
    let mut allow = BTreeSet::new();
    let mut deny = BTreeSet::new();
    for g in grants {
        if g.denies_all() {
            return Vec::new();
        }
        let set = match g.effect {
            Effect::Allow => &mut allow,
            Effect::Deny => &mut deny,
        };
        set.extend(g.actions.iter().cloned());
    }
    allow.difference(&deny).cloned().collect()
}

/// One resource of a user's effective permissions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effective {
    /// Resource code (or path) as granted.
    pub resource_code: String,
    /// Kind.
    pub resource_type: ResourceType,
    /// The resource's URL identifier.
    pub api_identifier: Option<String>,
    /// The resource's description.
    pub description: Option<String>,
    /// Allowed actions, sorted.
    pub actions: Vec<String>,
}

/// The effective permissions of `grants` in `ctx`, one entry per granted code, sorted by
/// code: for each code, the applicable ALLOW actions united over every path, less the actions
/// applicable DENY grants on that same code remove; codes left with no action are dropped.
pub fn effective(grants: &[Grant], ctx: &RequestContext) -> Vec<Effective> {
    let mut by_code: BTreeMap<&str, Vec<&Grant>> = BTreeMap::new();
    for g in grants.iter().filter(|g| g.applies(ctx)) {
        by_code.entry(g.resource_code.as_str()).or_default().push(g);
    }
    by_code
        .into_iter()
        .filter_map(|(code, list)| {
            let actions = net_actions(list.iter().copied());
            // Describe by the least grant (stable whatever the input order).
            let first = list.iter().copied().min_by(|a, b| {
                (a.resource_type, &a.api_identifier, &a.description).cmp(&(
                    b.resource_type,
                    &b.api_identifier,
                    &b.description,
                ))
            })?;
            (!actions.is_empty()).then(|| Effective {
                resource_code: code.to_owned(),
                resource_type: first.resource_type,
                api_identifier: first.api_identifier.clone(),
                description: first.description.clone(),
                actions,
            })
        })
        .collect()
}

/// Why a code is refused (spec §1.8: non-empty, at most 64 characters, ASCII letters,
/// digits and `_ - . : / *`).
pub fn check_code(code: &str) -> Result<(), &'static str> {
    if code.is_empty() {
        return Err("must not be empty");
    }
    if code.chars().count() > 64 {
        return Err("must be at most 64 characters");
    }
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '/' | '*'))
    {
        return Err("may only hold ASCII letters, digits and _ - . : / *");
    }
    Ok(())
}

/// Why a namespace, role or group code is refused: like [`check_code`] without the path
/// characters `: / *`.
pub fn check_plain_code(code: &str) -> Result<(), &'static str> {
    check_code(code)?;
    if code.contains([':', '/', '*']) {
        return Err("may only hold ASCII letters, digits and _ - .");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ctx() -> RequestContext {
        RequestContext {
            now_millis: 1_700_000_000_000,
            source_ip: "10.0.0.1".parse().ok(),
            user_id: "u1".into(),
            pool_id: "p1".into(),
            app_id: None,
            namespace: "default".into(),
            user_agent: None,
        }
    }

    fn grant(code: &str, actions: &[&str], effect: Effect) -> Grant {
        Grant {
            resource_code: code.into(),
            resource_type: ResourceType::Data,
            api_identifier: None,
            description: None,
            actions: actions.iter().map(|a| (*a).to_owned()).collect(),
            effect,
            conditions: Vec::new(),
        }
    }

    #[test]
    fn codes_and_trees() {
        assert!(code_matches("books", "books"));
        assert!(code_matches("books:*", "books:1"));
        assert!(!code_matches("books:*", "books:"));
        assert!(!code_matches("books", "books:1"));
        assert!(code_matches("*", "anything"));
        assert!(tree_covers("docs", "docs/a/b"));
        assert!(tree_covers("docs/a", "docs/a:b"));
        assert!(!tree_covers("docs", "docsx"));
        assert!(!tree_covers("docs/a", "docs"));
    }

    #[test]
    fn candidates_cover_every_match() {
        let c = candidate_codes("a:b/c", Match::Tree);
        for g in ["a:b/c", "*", "a:*", "a:b/*", "a", "a:b", "a:b/c*", "a:b*"] {
            assert!(c.contains(&g.to_owned()), "{g} in {c:?}");
        }
        assert!(!candidate_codes("a:b", Match::Code).contains(&"a".to_owned()));
    }

    #[test]
    fn deny_wins_and_union() {
        let g = vec![
            grant("r", &["read"], Effect::Allow),
            grant("r", &["write"], Effect::Allow),
            grant("r", &["write"], Effect::Deny),
        ];
        let c = ctx();
        assert!(is_allowed(&g, "r", "read", &c, Match::Code));
        assert!(!is_allowed(&g, "r", "write", &c, Match::Code));
        assert!(!is_allowed(&g, "r", "delete", &c, Match::Code));
        assert_eq!(allowed_actions(&g, "r", &c, Match::Code), vec!["read"]);
        let e = effective(&g, &c);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].actions, vec!["read"]);
        let all = vec![
            grant("r", &["*"], Effect::Allow),
            grant("r", &["*"], Effect::Deny),
        ];
        assert!(!is_allowed(&all, "r", "x", &c, Match::Code));
        assert!(effective(&all, &c).is_empty());
    }

    #[test]
    fn conditions_fail_closed() {
        let mut allow = grant("r", &["read"], Effect::Allow);
        allow.conditions.push(PolicyCondition {
            param: "Country".into(),
            operator: "StringEquals".into(),
            value: "CN".into(),
        });
        let c = ctx();
        assert!(!is_allowed(&[allow.clone()], "r", "read", &c, Match::Code));
        let mut deny = allow.clone();
        deny.effect = Effect::Deny;
        let plain = grant("r", &["read"], Effect::Allow);
        assert!(!is_allowed(&[plain, deny], "r", "read", &c, Match::Code));
    }

    #[test]
    fn code_rules() {
        assert!(check_code("books:1/a_b-c.d").is_ok());
        assert!(check_code("").is_err());
        assert!(check_code("额! ").is_err());
        assert!(check_code(" ").is_err());
        assert!(check_code(&"a".repeat(65)).is_err());
        assert!(check_plain_code("ns:1").is_err());
        assert!(check_plain_code("ns_1").is_ok());
    }

    fn arb_grant() -> impl Strategy<Value = Grant> {
        (
            prop::sample::select(vec!["r", "r:1", "r:*", "*", "s", "r/a"]),
            prop::collection::vec(prop::sample::select(vec!["read", "write", "*"]), 1..3),
            any::<bool>(),
        )
            .prop_map(|(code, actions, deny)| {
                grant(
                    code,
                    &actions,
                    if deny { Effect::Deny } else { Effect::Allow },
                )
            })
    }

    proptest! {
        #[test]
        fn an_applicable_deny_always_wins(
            mut grants in prop::collection::vec(arb_grant(), 0..12),
            at in 0usize..12,
            req in prop::sample::select(vec!["r", "r:1", "s", "r/a"]),
            action in prop::sample::select(vec!["read", "write"]),
        ) {
            let deny = grant(req, &[action], Effect::Deny);
            let at = at.min(grants.len());
            grants.insert(at, deny);
            let c = ctx();
            prop_assert!(!is_allowed(&grants, req, action, &c, Match::Code));
            prop_assert!(!is_allowed(&grants, req, action, &c, Match::Tree));
            prop_assert!(!allowed_actions(&grants, req, &c, Match::Tree).contains(&action.to_owned()));
        }

        #[test]
        fn the_union_does_not_depend_on_order(
            grants in prop::collection::vec(arb_grant(), 0..12),
            seed in any::<u64>(),
            req in prop::sample::select(vec!["r", "r:1", "s", "r/a", "t"]),
            action in prop::sample::select(vec!["read", "write", "x"]),
        ) {
            let mut shuffled = grants.clone();
            // A deterministic permutation from the seed.
            let n = shuffled.len();
            let mut s = seed;
            for i in (1..n).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let j = usize::try_from(s >> 33).unwrap_or(0) % (i + 1);
                shuffled.swap(i, j);
            }
            let c = ctx();
            for how in [Match::Code, Match::Tree] {
                prop_assert_eq!(
                    is_allowed(&grants, req, action, &c, how),
                    is_allowed(&shuffled, req, action, &c, how)
                );
                prop_assert_eq!(
                    allowed_actions(&grants, req, &c, how),
                    allowed_actions(&shuffled, req, &c, how)
                );
            }
            prop_assert_eq!(effective(&grants, &c), effective(&shuffled, &c));
        }

        #[test]
        fn candidates_contain_every_covering_code(
            granted in "[ab*:/]{1,6}",
            requested in "[ab:/]{1,6}",
        ) {
            for how in [Match::Code, Match::Tree] {
                if how.covers(&granted, &requested) {
                    prop_assert!(candidate_codes(&requested, how).contains(&granted),
                        "{} covers {} but is no candidate", granted, requested);
                }
            }
        }
    }
}
