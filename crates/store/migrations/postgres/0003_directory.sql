-- The directory of a pool: permission namespaces, roles, groups, organisations and their
-- department trees, resources and the grants on them (PostgreSQL). Kept in step with the
-- SQLite tree. Times are epoch milliseconds. Every membership and grant refers to the
-- internal id of its subject, never to a code that can be renamed.

-- Permission namespaces ("permission groups"); roles and resources live in one, by code.
-- The namespace `default` is implicit: it need not have a row.
CREATE TABLE namespaces (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    status BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX namespaces_pool_code ON namespaces (pool_id, code);

CREATE TABLE roles (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    namespace TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    -- 'ENABLE' or 'DISABLE'; a role past disable_time counts as disabled.
    status TEXT NOT NULL DEFAULT 'ENABLE',
    disable_time BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX roles_pool_ns_code ON roles (pool_id, namespace, code);

-- A role held by a user or by everyone in a department ('USER' | 'DEPARTMENT'), optionally
-- only between enable_time and end_time.
CREATE TABLE role_assignments (
    role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    enable_time BIGINT,
    end_time BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (role_id, target_type, target_id)
);
CREATE INDEX role_assignments_target ON role_assignments (target_type, target_id);

-- Groups of users ("groups" is a keyword in SQLite).
CREATE TABLE user_groups (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    group_type TEXT NOT NULL DEFAULT 'static',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX user_groups_pool_code ON user_groups (pool_id, code);

CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

-- An organisation is the root of one department tree: root_department_id is the department
-- with parent_id NULL that carries the organisation's name.
CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    status BOOLEAN NOT NULL DEFAULT TRUE,
    root_department_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX organizations_pool_code ON organizations (pool_id, code);

CREATE TABLE departments (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    parent_id TEXT REFERENCES departments (id),
    code TEXT,
    open_department_id TEXT,
    name TEXT NOT NULL,
    description TEXT,
    status BOOLEAN NOT NULL DEFAULT TRUE,
    custom_data TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX departments_parent ON departments (parent_id);
CREATE INDEX departments_org ON departments (org_id);
CREATE UNIQUE INDEX departments_org_code ON departments (org_id, code) WHERE code IS NOT NULL;
CREATE UNIQUE INDEX departments_org_open_id ON departments (org_id, open_department_id)
    WHERE open_department_id IS NOT NULL;

CREATE TABLE department_members (
    department_id TEXT NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    is_leader BOOLEAN NOT NULL DEFAULT FALSE,
    is_main BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (department_id, user_id)
);
CREATE INDEX department_members_user ON department_members (user_id);

-- Resources of a namespace; actions is a JSON array of {name, description}.
CREATE TABLE resources (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    namespace TEXT NOT NULL,
    code TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    name TEXT,
    description TEXT,
    api_identifier TEXT,
    actions TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX resources_pool_ns_code ON resources (pool_id, namespace, code);

-- A grant of actions on a resource (by code, which may also be a `code:sub` path) to a
-- 'USER' | 'ROLE' | 'GROUP' | 'DEPARTMENT' target (internal id), with an effect 'ALLOW' |
-- 'DENY' and optional conditions (JSON array of the spec's condition items).
CREATE TABLE authorizations (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    namespace TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    resource_code TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    actions TEXT NOT NULL,
    effect TEXT NOT NULL,
    conditions TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX authorizations_target ON authorizations (pool_id, namespace, target_type, target_id);
CREATE INDEX authorizations_resource ON authorizations (pool_id, namespace, resource_code);
