-- Access-key details, the user action log (on top of the login history) and the append-only
-- admin audit log. Kept in step with the other database's tree.

-- Access keys: GenAuth's key type, owner and tenant, and when the key last authenticated
-- (updated at most once a minute).
ALTER TABLE access_keys ADD COLUMN key_type TEXT NOT NULL DEFAULT 'userpool';
ALTER TABLE access_keys ADD COLUMN user_id TEXT;
ALTER TABLE access_keys ADD COLUMN tenant_id TEXT;
ALTER TABLE access_keys ADD COLUMN last_used_at BIGINT;

-- The login history becomes the user action log: every row is an event of a user ('login'
-- for the sign-in attempts recorded so far), with the request it came from.
ALTER TABLE login_history ADD COLUMN event_type TEXT NOT NULL DEFAULT 'login';
ALTER TABLE login_history ADD COLUMN request_id TEXT;
ALTER TABLE login_history ADD COLUMN detail TEXT;
CREATE INDEX login_history_event ON login_history (pool_id, event_type, created_at);

-- Every successful management write, appended in the request that made it. Nothing in
-- authgate updates or deletes these rows; see docs/management.md for the hardening step
-- (a trigger or a role without UPDATE/DELETE).
CREATE TABLE admin_audit_log (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    actor_key_id TEXT NOT NULL,
    operation TEXT NOT NULL,
    operation_type TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    target TEXT,
    params TEXT,
    origin_value TEXT,
    target_value TEXT,
    success BOOLEAN NOT NULL,
    ip TEXT,
    user_agent TEXT,
    request_id TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX admin_audit_log_created ON admin_audit_log (pool_id, created_at);
CREATE INDEX admin_audit_log_request ON admin_audit_log (pool_id, request_id);
