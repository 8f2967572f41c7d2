-- The browsers' single sign-on sessions of the hosted pages, one row per browser and pool, so
-- a restart without Redis keeps users signed in. `browser_hash` is the SHA-256 (hex) of the
-- cookie value: the cookie itself is never stored.
CREATE TABLE sso_sessions (
    browser_hash TEXT NOT NULL,
    pool_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    auth_time BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    handle TEXT NOT NULL,
    PRIMARY KEY (browser_hash, pool_id)
);
CREATE INDEX sso_sessions_user ON sso_sessions (pool_id, user_id);
CREATE INDEX sso_sessions_expiry ON sso_sessions (expires_at);
