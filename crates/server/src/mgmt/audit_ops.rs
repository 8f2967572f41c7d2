//! Which management calls are audited, and as what: the one table that maps an operation name
//! (`create-user`, from `POST /api/v3/create-user`) to GenAuth's `operationType` and
//! `resourceType` (spec §5.3.9). New handlers need no entry: the verb and the resource word of
//! their path classify them; the tables below only name the exceptions.

/// How an audited call is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditClass {
    /// GenAuth `operationType`.
    pub operation_type: &'static str,
    /// GenAuth `resourceType`.
    pub resource_type: &'static str,
}

/// Verbs of calls that change nothing: not audited (unless listed in [`SENSITIVE_READS`]).
const READ_VERBS: &[&str] = &[
    "get",
    "list",
    "search",
    "is",
    "has",
    "check",
    "count",
    "preview",
    "filter",
    "verify",
    "find",
    "describe",
    "export-preview",
];

/// Reads that disclose secrets: audited as `query`.
const SENSITIVE_READS: &[(&str, &str)] = &[("get-application-secret", "application")];

/// Whole operations whose class the verb and resource word would not give.
const EXCEPTIONS: &[(&str, &str, &str)] = &[
    ("kick-users", "update", "userLoginState"),
    ("assign-role", "add", "roleAssign"),
    ("assign-role-batch", "add", "roleAssign"),
    ("revoke-role", "remove", "roleAssign"),
    ("revoke-role-batch", "remove", "roleAssign"),
    ("authorize-resources", "add", "authorization"),
    ("revoke-resources", "remove", "authorization"),
    ("update-user-status", "update", "userAccountState"),
];

/// Verb → `operationType`. Any other verb is recorded as `update` (audited, never missed).
const VERBS: &[(&str, &str)] = &[
    ("create", "create"),
    ("update", "update"),
    ("set", "update"),
    ("change", "update"),
    ("reset", "update"),
    ("config", "update"),
    ("move", "update"),
    ("delete", "delete"),
    ("remove", "remove"),
    ("add", "add"),
    ("assign", "add"),
    ("revoke", "remove"),
    ("refresh", "refresh"),
    ("enable", "enable"),
    ("disable", "disable"),
    ("close", "disable"),
    ("import", "import"),
    ("export", "export"),
    ("sync", "sync"),
    ("trigger", "sync"),
    ("invite", "invite"),
    ("resign", "resign"),
    ("recover", "recover"),
    ("restore", "recover"),
    ("activate", "activate"),
    ("deactivate", "deactivate"),
    ("approve", "approval"),
    ("approval", "approval"),
    ("reject", "reject"),
];

/// Resource word (first match in the rest of the name) → `resourceType`; checked in order, so
/// longer words come before the words they contain. Anything else is `userpool`.
const RESOURCES: &[(&str, &str)] = &[
    ("access-key", "cooperator"),
    ("permission-namespace", "permitSpace"),
    ("data-resource", "dataResource"),
    ("data-policy", "dataPolicy"),
    ("namespace", "resourceNamespace"),
    ("resource", "resource"),
    ("role", "role"),
    ("group", "userGroup"),
    ("organization", "org"),
    ("department", "org"),
    ("tenant", "tenant"),
    ("ext-idp", "socialConnection"),
    ("sync-task", "syncTask"),
    ("application", "application"),
    ("app", "application"),
    ("public-account", "user"),
    ("user", "user"),
];

/// The audit class of a management call, or `None` when it is not audited (a read).
/// `operation` is the path after `/api/v3/`.
pub fn classify(method: &str, operation: &str) -> Option<AuditClass> {
    let class = |operation_type, resource_type| AuditClass {
        operation_type,
        resource_type,
    };
    if let Some((_, resource)) = SENSITIVE_READS.iter().find(|(op, _)| *op == operation) {
        return Some(class("query", resource));
    }
    if method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD") {
        return None;
    }
    if let Some((_, op, res)) = EXCEPTIONS.iter().find(|(name, _, _)| *name == operation) {
        return Some(class(op, res));
    }
    let (verb, rest) = operation.split_once('-').unwrap_or((operation, ""));
    if READ_VERBS.contains(&verb) {
        return None;
    }
    let operation_type = VERBS
        .iter()
        .find(|(v, _)| *v == verb)
        .map_or("update", |(_, t)| t);
    let resource_type = RESOURCES
        .iter()
        .find(|(word, _)| rest.contains(word))
        .map_or("userpool", |(_, t)| t);
    Some(class(operation_type, resource_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(method: &str, op: &str) -> Option<(&'static str, &'static str)> {
        classify(method, op).map(|c| (c.operation_type, c.resource_type))
    }

    #[test]
    fn writes_are_classified_and_reads_are_not() {
        assert_eq!(c("POST", "create-user"), Some(("create", "user")));
        assert_eq!(c("POST", "create-users-batch"), Some(("create", "user")));
        assert_eq!(c("POST", "delete-users-batch"), Some(("delete", "user")));
        assert_eq!(
            c("POST", "update-application"),
            Some(("update", "application"))
        );
        assert_eq!(
            c("POST", "refresh-application-secret"),
            Some(("refresh", "application"))
        );
        assert_eq!(
            c("POST", "create-access-key"),
            Some(("create", "cooperator"))
        );
        assert_eq!(
            c("POST", "update-security-settings"),
            Some(("update", "userpool"))
        );
        assert_eq!(c("POST", "kick-users"), Some(("update", "userLoginState")));
        assert_eq!(c("POST", "assign-role"), Some(("add", "roleAssign")));
        assert_eq!(c("POST", "add-group-members"), Some(("add", "userGroup")));
        assert_eq!(c("POST", "create-department"), Some(("create", "org")));
        assert_eq!(
            c("POST", "create-permission-namespace"),
            Some(("create", "permitSpace"))
        );
        assert_eq!(
            c("POST", "create-namespace"),
            Some(("create", "resourceNamespace"))
        );
        assert_eq!(
            c("DELETE", "batch-applications-auth"),
            Some(("update", "application"))
        );
        assert_eq!(
            c("POST", "disable-global-mfa-settings"),
            Some(("disable", "userpool"))
        );
        assert_eq!(
            c("GET", "get-application-secret"),
            Some(("query", "application"))
        );
        for read in [
            ("POST", "list-users"),
            ("POST", "is-user-exists"),
            ("POST", "check-session-status"),
            ("POST", "get-admin-audit-logs"),
            ("GET", "get-user"),
            ("GET", "list-access-key"),
        ] {
            assert_eq!(c(read.0, read.1), None, "{read:?}");
        }
    }
}
