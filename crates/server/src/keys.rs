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

/// `alg` of the stored password-transport key (RSA-OAEP), kept beside the signing keys.
const TRANSPORT_ALG: &str = "RSA-OAEP";

/// The RSA key clients encrypt passwords with (`passwordEncryptType: rsa`).
pub struct TransportKey {
    key: aws_lc_rs::rsa::OaepPrivateDecryptingKey,
    public_pem: String,
}

impl std::fmt::Debug for TransportKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TransportKey(..)")
    }
}

impl TransportKey {
    fn from_pkcs8(der: &[u8]) -> Option<Self> {
        use aws_lc_rs::encoding::AsDer;
        use base64::Engine;
        let private = aws_lc_rs::rsa::PrivateDecryptingKey::from_pkcs8(der).ok()?;
        let spki: aws_lc_rs::encoding::PublicKeyX509Der<'static> =
            private.public_key().as_der().ok()?;
        let b64 = base64::engine::general_purpose::STANDARD.encode(spki.as_ref());
        let mut pem = String::from("-----BEGIN PUBLIC KEY-----\n");
        for line in b64.as_bytes().chunks(64) {
            pem.push_str(std::str::from_utf8(line).ok()?);
            pem.push('\n');
        }
        pem.push_str("-----END PUBLIC KEY-----\n");
        Some(Self {
            key: aws_lc_rs::rsa::OaepPrivateDecryptingKey::new(private).ok()?,
            public_pem: pem,
        })
    }

    fn generate() -> Option<Vec<u8>> {
        use aws_lc_rs::encoding::AsDer;
        let private =
            aws_lc_rs::rsa::PrivateDecryptingKey::generate(aws_lc_rs::rsa::KeySize::Rsa2048)
                .ok()?;
        let der: aws_lc_rs::encoding::Pkcs8V1Der<'static> = private.as_der().ok()?;
        Some(der.as_ref().to_vec())
    }

    /// The public key, PEM (SubjectPublicKeyInfo).
    pub fn public_pem(&self) -> &str {
        &self.public_pem
    }

    /// Decrypts RSA-OAEP (SHA-256, else SHA-1) ciphertext.
    pub fn decrypt(&self, cipher: &[u8]) -> Option<Vec<u8>> {
        let mut out = vec![0u8; self.key.min_output_size()];
        for alg in [
            &aws_lc_rs::rsa::OAEP_SHA256_MGF1SHA256,
            &aws_lc_rs::rsa::OAEP_SHA1_MGF1SHA1,
        ] {
            if let Ok(plain) = self.key.decrypt(alg, cipher, &mut out, None) {
                return Some(plain.to_vec());
            }
        }
        None
    }
}

/// The signing keys in force, and the password-transport key.
#[derive(Debug)]
pub struct KeyRing {
    keys: Vec<Arc<RsaSigningKey>>,
    jwks: Jwks,
    transport: TransportKey,
}

impl KeyRing {
    /// Loads every stored key; generates and stores an RS256 key when there is none.
    pub async fn load_or_create(
        store: &Store,
        master: &MasterKey,
        clock: &dyn Clock,
    ) -> Result<Self, KeyError> {
        let mut stored = store.list_signing_keys().await?;
        if !stored.iter().any(|k| k.alg == TRANSPORT_ALG) {
            let kid = authgate_core::ids::new_secret_hex(8)
                .map_err(|_| KeyError::Invalid("new".into()))?;
            let der = TransportKey::generate().ok_or_else(|| KeyError::Invalid(kid.clone()))?;
            store
                .insert_signing_key(&StoredSigningKey {
                    private_sealed: master
                        .seal(&seal_context(&kid), &der)
                        .map_err(|_| KeyError::Invalid(kid.clone()))?,
                    kid,
                    alg: TRANSPORT_ALG.into(),
                    active: true,
                    created_at: clock.now_millis(),
                    retire_at: None,
                })
                .await?;
            stored = store.list_signing_keys().await?;
        }
        if !stored.iter().any(|k| k.active && k.alg == "RS256") {
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
        let mut transport = None;
        for row in stored.iter().filter(|k| k.alg == TRANSPORT_ALG) {
            let der = master
                .open(&seal_context(&row.kid), &row.private_sealed)
                .map_err(|_| KeyError::WrongMasterKey(row.kid.clone()))?;
            transport = transport.or_else(|| TransportKey::from_pkcs8(&der));
        }
        let transport = transport.ok_or_else(|| KeyError::Invalid(TRANSPORT_ALG.into()))?;
        for row in stored
            .iter()
            .filter(|k| k.alg == "RS256" && k.retire_at.is_none_or(|t| t > now))
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
        Ok(Self {
            keys,
            jwks,
            transport,
        })
    }

    /// The password-transport key.
    pub fn transport(&self) -> &TransportKey {
        &self.transport
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
