//! Token signing keys: loaded from the database and parsed once at start (generated on the
//! first start), kept in memory, published as the JWKS.

use authgate_core::clock::Clock;
use authgate_core::jws::RsaSigningKey;
use authgate_core::secret_box::MasterKey;
use authgate_proto::oidc::Jwks;
use authgate_store::{SigningKeyRepo, Store, StoreError, StoredSigningKey};
use std::sync::Arc;

/// Why the keys could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored key does not decrypt: the master key is not the one the database was made with.
    #[error(
        "signing key {0} cannot be decrypted: the master key does not match this database \
         (check AUTHGATE_MASTER_KEY / the data folder's master.key)"
    )]
    WrongMasterKey(String),
    /// A key could not be generated or parsed.
    #[error("signing key {0} is invalid")]
    Invalid(String),
}

/// The encryption context of a sealed private key.
fn seal_context(kid: &str) -> String {
    format!("signing-key:{kid}")
}

/// The signing keys in force.
#[derive(Debug)]
pub struct KeyRing {
    keys: Vec<Arc<RsaSigningKey>>,
    jwks: Jwks,
}

impl KeyRing {
    /// Loads every stored key; generates and stores an RS256 key when there is none.
    pub async fn load_or_create(
        store: &Store,
        master: &MasterKey,
        clock: &dyn Clock,
    ) -> Result<Self, KeyError> {
        let mut stored = store.list_signing_keys().await?;
        if !stored.iter().any(|k| k.active) {
            let kid = authgate_core::ids::new_secret_hex(8)
                .map_err(|_| KeyError::Invalid("new".into()))?;
            let (_, der) =
                RsaSigningKey::generate(kid.clone()).map_err(|_| KeyError::Invalid(kid.clone()))?;
            let sealed = master
                .seal(&seal_context(&kid), &der)
                .map_err(|_| KeyError::Invalid(kid.clone()))?;
            let row = StoredSigningKey {
                kid,
                alg: "RS256".into(),
                private_sealed: sealed,
                active: true,
                created_at: clock.now_millis(),
                retire_at: None,
            };
            store.insert_signing_key(&row).await?;
            tracing::info!(kid = %row.kid, "generated a new RS256 signing key");
            // Another node may have raced us; re-read so every node agrees on the set.
            stored = store.list_signing_keys().await?;
        }
        let now = clock.now_millis();
        let mut keys = Vec::new();
        // Active keys first (newest first), then keys kept for verification until they retire.
        stored.sort_by_key(|k| (!k.active, -k.created_at));
        for row in stored
            .iter()
            .filter(|k| k.retire_at.is_none_or(|t| t > now))
        {
            let der = master
                .open(&seal_context(&row.kid), &row.private_sealed)
                .map_err(|_| KeyError::WrongMasterKey(row.kid.clone()))?;
            let key = RsaSigningKey::from_pkcs8(row.kid.clone(), &der)
                .map_err(|_| KeyError::Invalid(row.kid.clone()))?;
            keys.push(Arc::new(key));
        }
        let jwks = Jwks {
            keys: keys.iter().map(|k| k.jwk().clone()).collect(),
        };
        Ok(Self { keys, jwks })
    }

    /// The key new tokens are signed with.
    pub fn active(&self) -> Option<&Arc<RsaSigningKey>> {
        self.keys.first()
    }

    /// A key by id, for verification.
    pub fn find(&self, kid: &str) -> Option<&Arc<RsaSigningKey>> {
        self.keys.iter().find(|k| k.kid() == kid)
    }

    /// The public key set.
    pub fn jwks(&self) -> &Jwks {
        &self.jwks
    }
}
