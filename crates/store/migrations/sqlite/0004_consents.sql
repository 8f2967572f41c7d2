-- Consents: the scopes a user granted a third-party application on the consent page, so the
-- authorization endpoint asks again only for scopes not granted yet (or on prompt=consent).
-- Kept in step with the other database's tree.
CREATE TABLE consents (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    app_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, app_id)
);
