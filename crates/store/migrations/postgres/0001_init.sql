-- authgate initial schema (PostgreSQL). Kept in step with the
-- SQLite tree: same tables, columns and indexes. Times are epoch milliseconds.

CREATE TABLE user_pools (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    settings TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX user_pools_one_default ON user_pools (is_default) WHERE is_default = TRUE;

CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    identifier TEXT NOT NULL,
    description TEXT,
    logo TEXT,
    app_type TEXT NOT NULL,
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    secret_sealed TEXT NOT NULL,
    settings TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX applications_pool_identifier ON applications (pool_id, identifier);
CREATE UNIQUE INDEX applications_one_default ON applications (pool_id) WHERE is_default = TRUE;

CREATE TABLE access_keys (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    secret_sealed TEXT NOT NULL,
    is_root BOOLEAN NOT NULL DEFAULT FALSE,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX access_keys_one_root ON access_keys (pool_id) WHERE is_root = TRUE;

CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY,
    alg TEXT NOT NULL,
    private_sealed TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    retire_at BIGINT
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    status_changed_at BIGINT,
    email TEXT,
    email_norm TEXT,
    phone TEXT,
    phone_country_code TEXT,
    username TEXT,
    external_id TEXT,
    email_verified BOOLEAN NOT NULL DEFAULT FALSE,
    phone_verified BOOLEAN NOT NULL DEFAULT FALSE,
    gender TEXT NOT NULL DEFAULT 'U',
    name TEXT,
    nickname TEXT,
    photo TEXT,
    birthdate TEXT,
    country TEXT,
    province TEXT,
    city TEXT,
    address TEXT,
    street_address TEXT,
    postal_code TEXT,
    company TEXT,
    browser TEXT,
    device TEXT,
    given_name TEXT,
    family_name TEXT,
    middle_name TEXT,
    profile TEXT,
    preferred_username TEXT,
    website TEXT,
    zoneinfo TEXT,
    locale TEXT,
    formatted TEXT,
    region TEXT,
    identity_number TEXT,
    custom_data TEXT NOT NULL DEFAULT '{}',
    password_hash TEXT,
    password_last_set_at BIGINT,
    reset_password_on_next_login BOOLEAN NOT NULL DEFAULT FALSE,
    logins_count BIGINT NOT NULL DEFAULT 0,
    last_login BIGINT,
    last_ip TEXT,
    user_source_type TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- Identifiers are unique per pool; email compared case-insensitively through email_norm.
CREATE UNIQUE INDEX users_pool_email ON users (pool_id, email_norm);
CREATE UNIQUE INDEX users_pool_phone ON users (pool_id, phone);
CREATE UNIQUE INDEX users_pool_username ON users (pool_id, username);
CREATE UNIQUE INDEX users_pool_external_id ON users (pool_id, external_id);
CREATE INDEX users_pool_created ON users (pool_id, created_at);
