-- The user-defined field schema of a pool: which custom-data keys exist for users, roles,
-- groups and departments, and their type. Values live in the target's custom_data column.
CREATE TABLE custom_fields (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    target_type TEXT NOT NULL,
    field_key TEXT NOT NULL,
    data_type TEXT NOT NULL,
    label TEXT NOT NULL,
    description TEXT,
    encrypted BOOLEAN NOT NULL DEFAULT FALSE,
    is_unique BOOLEAN NOT NULL DEFAULT FALSE,
    user_editable BOOLEAN NOT NULL DEFAULT FALSE,
    visible_in_admin_console BOOLEAN NOT NULL DEFAULT TRUE,
    visible_in_user_center BOOLEAN NOT NULL DEFAULT FALSE,
    options TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, target_type, field_key)
);
