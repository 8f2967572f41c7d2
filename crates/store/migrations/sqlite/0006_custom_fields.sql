-- The user-defined field schema of a pool: which custom-data keys exist for users, roles,
-- groups and departments, and their type. Values live in the target's custom_data column.
CREATE TABLE custom_fields (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    target_type TEXT NOT NULL,
    field_key TEXT NOT NULL,
    data_type TEXT NOT NULL,
    label TEXT NOT NULL,
    description TEXT,
    encrypted INTEGER NOT NULL DEFAULT 0,
    is_unique INTEGER NOT NULL DEFAULT 0,
    user_editable INTEGER NOT NULL DEFAULT 0,
    visible_in_admin_console INTEGER NOT NULL DEFAULT 1,
    visible_in_user_center INTEGER NOT NULL DEFAULT 0,
    options TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, target_type, field_key)
);
