-- Sign-in sessions, their rotating refresh tokens, revoked access tokens, login history.
-- Kept in step with the other database's tree.

-- A session is one sign-in of a user into an application: the family of its refresh tokens and
-- the 'sid' of its access tokens. Revoking it ends both.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    app_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    nonce TEXT,
    auth_time INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX sessions_user ON sessions (user_id, app_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Refresh tokens are stored as SHA-256 hashes; each is used once (used_at) and replaced.
CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- Access tokens revoked before their expiry (RFC 7009), kept until they would have expired.
CREATE TABLE revoked_tokens (
    jti TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
);

CREATE TABLE login_history (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    user_id TEXT,
    app_id TEXT,
    account TEXT,
    method TEXT NOT NULL,
    success INTEGER NOT NULL,
    api_code INTEGER,
    ip TEXT,
    user_agent TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX login_history_user ON login_history (pool_id, user_id, created_at);
CREATE INDEX login_history_created ON login_history (pool_id, created_at);
