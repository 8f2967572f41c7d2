//! Advanced filters of a user search (`list-users` `advancedFilter`), already checked and
//! typed: the server maps wire fields and values to these.

/// How a user column is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Text (`email` is compared normalised).
    Text,
    /// Integer; timestamps are milliseconds.
    Int,
    /// Boolean.
    Bool,
}

/// What a filter looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterTarget {
    /// A column of `users` (from [`FILTERABLE_FIELDS`]).
    Column(&'static str, ColumnKind),
    /// A key of the user's custom data, compared as text.
    CustomText(String),
    /// A key of the user's custom data, compared as a number.
    CustomNumber(String),
}

/// A value to compare with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterValue {
    /// Text.
    Text(String),
    /// Integer.
    Int(i64),
    /// Boolean.
    Bool(bool),
}

/// The comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterOp {
    /// Equal.
    Equal(FilterValue),
    /// Not equal (or no value).
    NotEqual(FilterValue),
    /// Case-insensitive substring.
    Contains(String),
    /// Not a case-insensitive substring (or no value).
    NotContains(String),
    /// No value.
    IsNull,
    /// Has a value.
    NotNull,
    /// One of (non-empty).
    In(Vec<FilterValue>),
    /// Strictly greater.
    Greater(FilterValue),
    /// Strictly lesser.
    Lesser(FilterValue),
    /// Between, bounds included.
    Between(FilterValue, FilterValue),
}

/// One filter; a search keeps the users matching every filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserFilter {
    /// What is compared.
    pub target: FilterTarget,
    /// How.
    pub op: FilterOp,
}

/// The wire names of the user fields an advanced filter may name, with column and kind
/// (profile fields are text and come from `Profile::FIELDS` in addition).
pub const FILTERABLE_FIELDS: &[(&str, &str, ColumnKind)] = &[
    ("id", "id", ColumnKind::Text),
    ("userId", "id", ColumnKind::Text),
    ("email", "email_norm", ColumnKind::Text),
    ("phone", "phone", ColumnKind::Text),
    ("phoneCountryCode", "phone_country_code", ColumnKind::Text),
    ("username", "username", ColumnKind::Text),
    ("externalId", "external_id", ColumnKind::Text),
    ("status", "status", ColumnKind::Text),
    ("gender", "gender", ColumnKind::Text),
    ("userSourceType", "user_source_type", ColumnKind::Text),
    ("lastIp", "last_ip", ColumnKind::Text),
    ("emailVerified", "email_verified", ColumnKind::Bool),
    ("phoneVerified", "phone_verified", ColumnKind::Bool),
    ("loginsCount", "logins_count", ColumnKind::Int),
    ("createdAt", "created_at", ColumnKind::Int),
    ("updatedAt", "updated_at", ColumnKind::Int),
    ("lastLogin", "last_login", ColumnKind::Int),
    ("statusChangedAt", "status_changed_at", ColumnKind::Int),
    ("passwordLastSetAt", "password_last_set_at", ColumnKind::Int),
];
