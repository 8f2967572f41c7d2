//! Errors of the persistence layer.

/// Result alias of the store.
pub type StoreResult<T> = Result<T, StoreError>;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL is not one authgate supports.
    #[error("unsupported database URL (use sqlite://… or postgres://…): {0}")]
    UnsupportedUrl(String),
    /// A uniqueness rule was violated; `field` names the wire field (`email`, `phone`, …).
    #[error("a row with the same {field} already exists")]
    Conflict {
        /// The wire name of the duplicated field.
        field: &'static str,
    },
    /// A stored value could not be decoded (corrupt row or incompatible schema).
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    /// Migrations failed.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The database answered with an error or could not be reached.
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// The ephemeral store (Redis) could not be reached or refused a command.
    #[error("ephemeral store error: {0}")]
    Ephemeral(String),
    /// The operation does not exist for this backend or input.
    #[error("unsupported: {0}")]
    Unsupported(&'static str),
    /// The data folder of an SQLite database could not be created.
    #[error("cannot create the database folder {path}: {source}")]
    CreateDir {
        /// The folder.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

impl StoreError {
    /// Whether the database could not be reached (as opposed to refusing a statement).
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::Database(
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_)
            )
        )
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e
            && db.is_unique_violation()
        {
            let hint = format!("{} {}", db.constraint().unwrap_or_default(), db.message());
            return StoreError::Conflict {
                field: conflict_field(&hint),
            };
        }
        StoreError::Database(e)
    }
}

/// The answer a caller gets for a store failure: a uniqueness conflict becomes the business
/// error of the field the store names; an unreachable database is 503; anything else is a
/// logged 500 (the detail stays in the log, never in the answer).
impl From<StoreError> for authgate_core::ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict { field } => conflict(field),
            ref unavailable if unavailable.is_unavailable() => {
                tracing::error!(error = %unavailable, "database unavailable");
                authgate_core::ApiError::unavailable()
            }
            other => {
                tracing::error!(error = %other, "store failure");
                authgate_core::ApiError::internal()
            }
        }
    }
}

/// The answer to a uniqueness conflict, by the wire field the store names: an application
/// identifier clash is GenAuth's "domain taken" (2039), every other field belongs to a user.
fn conflict(field: &'static str) -> authgate_core::ApiError {
    match field {
        "appIdentifier" => authgate_core::ApiError::app_identifier_taken(),
        user_field => authgate_core::ApiError::user_exists(user_field),
    }
}

/// Maps a unique-index name (PostgreSQL) or message (SQLite) to the wire field it guards.
fn conflict_field(hint: &str) -> &'static str {
    if hint.contains("email") {
        "email"
    } else if hint.contains("phone") {
        "phone"
    } else if hint.contains("username") {
        "username"
    } else if hint.contains("external_id") {
        "externalId"
    } else if hint.contains("identifier") {
        "appIdentifier"
    } else {
        "id"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_fields_from_both_dialects() {
        assert_eq!(
            conflict_field("UNIQUE constraint failed: users.pool_id, users.email_norm"),
            "email"
        );
        assert_eq!(
            conflict_field("users_pool_external_id duplicate key"),
            "externalId"
        );
        assert_eq!(conflict_field("users_pool_username"), "username");
    }
}
