//! The user-defined field schema of a pool (`get/set/delete-custom-fields`).

/// One declared custom field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomField {
    /// User pool.
    pub pool_id: String,
    /// `USER`, `ROLE`, `GROUP` or `DEPARTMENT`.
    pub target_type: String,
    /// The key its values are stored under.
    pub key: String,
    /// `STRING`, `NUMBER`, `DATETIME`, `BOOLEAN` or `ENUM`.
    pub data_type: String,
    /// Display label.
    pub label: String,
    /// Description.
    pub description: Option<String>,
    /// Whether values are stored encrypted (recorded only).
    pub encrypted: bool,
    /// Whether values must be unique (recorded only).
    pub is_unique: bool,
    /// Whether the user may edit it.
    pub user_editable: bool,
    /// Shown in the admin console.
    pub visible_in_admin_console: bool,
    /// Shown in the user centre.
    pub visible_in_user_center: bool,
    /// `ENUM` choices, a JSON array of `{value, label}`.
    pub options: serde_json::Value,
    /// Creation time (ms).
    pub created_at: i64,
    /// Last change (ms).
    pub updated_at: i64,
}
