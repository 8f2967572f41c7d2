//! argon2id on a bounded blocking pool: at most N hashes run at once (N = CPUs by default),
//! so a flood of logins queues here instead of starving every other request.

use crate::Services;
use crate::password_transport;
use authgate_core::ApiError;
use authgate_core::password;
use authgate_core::password_policy::PasswordPolicy;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// The one check of a new password, made by every path that sets one — sign-up (API and
/// hosted page), password change, reset (API and hosted page), management `create-user`,
/// `create-users-batch` and `update-user` — so none accepts what another refuses: the
/// password as sent (`passwordEncryptType`) is decrypted, must not be empty, and must meet
/// the pool's `policy`. `name` is its wire name, for the error.
pub fn accept_new(
    state: &Services,
    policy: &PasswordPolicy,
    encrypt_type: Option<&str>,
    name: &str,
    value: &str,
) -> Result<String, ApiError> {
    let plain = password_transport::decrypt(state, encrypt_type, value)?;
    if plain.is_empty() {
        return Err(ApiError::missing(name));
    }
    policy.check(&plain)?;
    Ok(plain)
}

/// The bounded hashing pool.
#[derive(Debug, Clone)]
pub struct PasswordPool {
    permits: Arc<Semaphore>,
    dummy: Arc<tokio::sync::OnceCell<String>>,
}

impl PasswordPool {
    /// A pool running at most `concurrency` hashes at once.
    pub fn new(concurrency: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            dummy: Arc::new(tokio::sync::OnceCell::new()),
        }
    }

    async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError::unavailable())?;
        tokio::task::spawn_blocking(job).await.map_err(|e| {
            tracing::error!(error = %e, "password hashing task failed");
            ApiError::internal()
        })
    }

    /// Hashes a password to a PHC string.
    pub async fn hash(&self, plain: String) -> Result<String, ApiError> {
        self.run(move || password::hash(&plain))
            .await?
            .map_err(|e| {
                tracing::error!(error = %e, "password hashing failed");
                ApiError::internal()
            })
    }

    /// Spends the time of one verification without a real hash, so an unknown account takes
    /// as long to refuse as a wrong password.
    pub async fn verify_dummy(&self, plain: String) -> Result<(), ApiError> {
        let phc = self
            .dummy
            .get_or_try_init(|| self.hash("authgate-dummy-password".into()))
            .await?
            .clone();
        self.verify(plain, phc).await.map(|_| ())
    }

    /// Checks a password against a stored hash.
    pub async fn verify(&self, plain: String, phc: String) -> Result<bool, ApiError> {
        self.run(move || password::verify(&plain, &phc)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_and_verifies_off_the_runtime() {
        let pool = PasswordPool::new(1);
        let h = pool.hash("pw".into()).await.unwrap();
        assert!(pool.verify("pw".into(), h.clone()).await.unwrap());
        assert!(!pool.verify("nope".into(), h).await.unwrap());
    }
}
