//! Token signing keys: loaded from the database and parsed once at start (generated on the
//! first start), kept in memory, published as the JWKS.

use authgate_core::clock::Clock;
use authgate_core::jws::RsaSigningKey;
use authgate_core::secret_box::MasterKey;
use authgate_proto::oidc::Jwks;
use authgate_store::{Store, StoreError, StoredSigningKey};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

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

/// How often a running server re-reads the key table (ms), so a key rotated on another node
/// or by `authgate keys rotate` is picked up without a restart.
pub const RELOAD_EVERY_MS: i64 = 30_000;
/// Least time between two re-reads triggered by a token with an unknown `kid` (ms).
pub const UNKNOWN_KID_RELOAD_MS: i64 = 5_000;
/// Slack added to the longest token lifetime before a rotated-out key leaves the JWKS (ms):
/// nodes that have not re-read the table yet, clock skew, and the management-token leeway.
const RETIRE_SLACK_MS: i64 = RELOAD_EVERY_MS + 120_000;

/// The RS256 algorithm name.
pub const RS256: &str = "RS256";

/// How long a key that stops signing stays in the JWKS (ms): every token it signed must have
/// expired first. `management_token_ttl` is the server's management-token lifetime (s).
pub fn retire_grace_ms(management_token_ttl: i64) -> i64 {
    use authgate_core::application::rules::{MAX_ACCESS_TOKEN_TTL, MAX_ID_TOKEN_TTL};
    MAX_ACCESS_TOKEN_TTL
        .max(MAX_ID_TOKEN_TTL)
        .max(management_token_ttl)
        .saturating_mul(1000)
        .saturating_add(RETIRE_SLACK_MS)
}

/// The RS256 keys in force at one moment: the signing key first, then keys kept for
/// verification until they retire.
#[derive(Debug, Default)]
struct SigningSet {
    keys: Vec<Arc<RsaSigningKey>>,
    jwks: Arc<Jwks>,
}

/// The signing keys in force, and the password-transport key. The signing set is swapped
/// whole on every re-read ([`KeyRing::reload`]); keys already parsed are reused.
#[derive(Debug)]
pub struct KeyRing {
    signing: RwLock<Arc<SigningSet>>,
    transport: TransportKey,
    /// When the table was last read (ms, the server clock).
    last_reload: AtomicI64,
    /// One re-read at a time.
    reloading: tokio::sync::Mutex<()>,
}

fn new_kid() -> Result<String, KeyError> {
    authgate_core::ids::new_secret_hex(8).map_err(|_| KeyError::Invalid("new".into()))
}

/// A new RS256 key row (sealed), active, created `now`.
fn new_rs256_row(master: &MasterKey, now: i64) -> Result<StoredSigningKey, KeyError> {
    let kid = new_kid()?;
    let (_, der) =
        RsaSigningKey::generate(kid.clone()).map_err(|_| KeyError::Invalid(kid.clone()))?;
    let sealed = master
        .seal(&seal_context(&kid), &der)
        .map_err(|_| KeyError::Invalid(kid.clone()))?;
    Ok(StoredSigningKey {
        kid,
        alg: RS256.into(),
        private_sealed: sealed,
        active: true,
        created_at: now,
        retire_at: None,
    })
}

/// Adds a new RS256 signing key and starts retiring the previous one: it leaves the JWKS
/// `grace_ms` later (see [`retire_grace_ms`]). Safe to run concurrently (the store serialises
/// rotations). Answers the new key's row (without its private part).
pub async fn rotate(
    store: &Store,
    master: &MasterKey,
    now: i64,
    grace_ms: i64,
) -> Result<StoredSigningKey, KeyError> {
    let row = new_rs256_row(master, now)?;
    store
        .rotate_signing_key(&row, now.saturating_add(grace_ms))
        .await?;
    tracing::info!(kid = %row.kid, "rotated the RS256 signing key");
    Ok(StoredSigningKey {
        private_sealed: String::new(),
        ..row
    })
}

/// Every stored signing key, the active one first, then newest first, without private parts
/// (for `authgate keys list`).
pub async fn list(store: &Store) -> Result<Vec<StoredSigningKey>, KeyError> {
    let mut rows = store.list_signing_keys().await?;
    rows.retain(|r| r.alg != TRANSPORT_ALG);
    rows.sort_by_key(|r| std::cmp::Reverse((r.active, r.created_at)));
    for r in &mut rows {
        r.private_sealed.clear();
    }
    Ok(rows)
}

/// Checks that `master` opens every stored private key without loading or generating
/// anything: a restored database is only usable with the master key it was made with.
pub async fn check_master_key(store: &Store, master: &MasterKey) -> Result<(), KeyError> {
    for row in store.list_signing_keys().await? {
        master
            .open(&seal_context(&row.kid), &row.private_sealed)
            .map_err(|_| KeyError::WrongMasterKey(row.kid.clone()))?;
    }
    Ok(())
}

/// Parses the RS256 keys of `stored` in force at `now` (reusing those in `previous`), the
/// newest active one first.
fn signing_set(
    mut stored: Vec<StoredSigningKey>,
    master: &MasterKey,
    now: i64,
    previous: &SigningSet,
) -> Result<SigningSet, KeyError> {
    stored.retain(|k| k.alg == RS256 && k.retire_at.is_none_or(|t| t > now));
    // The newest active key signs (should two ever be active, every node picks the same one).
    stored.sort_by(|a, b| (b.active, b.created_at, &b.kid).cmp(&(a.active, a.created_at, &a.kid)));
    let mut keys = Vec::with_capacity(stored.len());
    for row in &stored {
        if let Some(k) = previous.keys.iter().find(|k| k.kid() == row.kid) {
            keys.push(k.clone());
            continue;
        }
        let der = master
            .open(&seal_context(&row.kid), &row.private_sealed)
            .map_err(|_| KeyError::WrongMasterKey(row.kid.clone()))?;
        let key = RsaSigningKey::from_pkcs8(row.kid.clone(), &der)
            .map_err(|_| KeyError::Invalid(row.kid.clone()))?;
        keys.push(Arc::new(key));
    }
    let jwks = Arc::new(Jwks {
        keys: keys.iter().map(|k| k.jwk().clone()).collect(),
    });
    Ok(SigningSet { keys, jwks })
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
            let kid = new_kid()?;
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
        if !stored.iter().any(|k| k.active && k.alg == RS256) {
            let row = new_rs256_row(master, clock.now_millis())?;
            store.insert_signing_key(&row).await?;
            tracing::info!(kid = %row.kid, "generated a new RS256 signing key");
            // Another node may have raced us; re-read so every node agrees on the set.
            stored = store.list_signing_keys().await?;
        }
        let now = clock.now_millis();
        let mut transport = None;
        for row in stored.iter().filter(|k| k.alg == TRANSPORT_ALG) {
            let der = master
                .open(&seal_context(&row.kid), &row.private_sealed)
                .map_err(|_| KeyError::WrongMasterKey(row.kid.clone()))?;
            transport = transport.or_else(|| TransportKey::from_pkcs8(&der));
        }
        let transport = transport.ok_or_else(|| KeyError::Invalid(TRANSPORT_ALG.into()))?;
        let set = signing_set(stored, master, now, &SigningSet::default())?;
        Ok(Self {
            signing: RwLock::new(Arc::new(set)),
            transport,
            last_reload: AtomicI64::new(now),
            reloading: tokio::sync::Mutex::new(()),
        })
    }

    fn current(&self) -> Arc<SigningSet> {
        match self.signing.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Re-reads the key table: picks up rotated keys and drops retired ones.
    pub async fn reload(
        &self,
        store: &Store,
        master: &MasterKey,
        now: i64,
    ) -> Result<(), KeyError> {
        let _one = self.reloading.lock().await;
        let stored = store.list_signing_keys().await?;
        let set = signing_set(stored, master, now, &self.current())?;
        if set.keys.is_empty() {
            // Never lose the ability to sign: keep what we have until a key appears.
            return Ok(());
        }
        let changed = {
            let old = self.current();
            old.keys
                .iter()
                .map(|k| k.kid())
                .ne(set.keys.iter().map(|k| k.kid()))
        };
        match self.signing.write() {
            Ok(mut g) => *g = Arc::new(set),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(set),
        }
        self.last_reload.store(now, Ordering::Relaxed);
        if changed {
            tracing::info!(
                signing = ?self.active().map(|k| k.kid().to_string()),
                "signing keys reloaded"
            );
        }
        Ok(())
    }

    /// A key by id; an unknown `kid` re-reads the table first (at most once every
    /// [`UNKNOWN_KID_RELOAD_MS`]), since another node may have rotated.
    pub async fn find_or_reload(
        &self,
        store: &Store,
        master: &MasterKey,
        kid: &str,
        now: i64,
    ) -> Option<Arc<RsaSigningKey>> {
        if let Some(k) = self.find(kid) {
            return Some(k);
        }
        let last = self.last_reload.load(Ordering::Relaxed);
        if now.saturating_sub(last) < UNKNOWN_KID_RELOAD_MS
            || self
                .last_reload
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return None;
        }
        if let Err(e) = self.reload(store, master, now).await {
            tracing::warn!(error = %e, "re-reading the signing keys failed");
        }
        self.find(kid)
    }

    /// The password-transport key.
    pub fn transport(&self) -> &TransportKey {
        &self.transport
    }

    /// The key new tokens are signed with.
    pub fn active(&self) -> Option<Arc<RsaSigningKey>> {
        self.current().keys.first().cloned()
    }

    /// A key by id, for verification.
    pub fn find(&self, kid: &str) -> Option<Arc<RsaSigningKey>> {
        self.current().keys.iter().find(|k| k.kid() == kid).cloned()
    }

    /// The public key set.
    pub fn jwks(&self) -> Arc<Jwks> {
        self.current().jwks.clone()
    }
}

/// Re-reads the key table every [`RELOAD_EVERY_MS`] of real time, for as long as the server
/// runs (retirement is judged by the server clock).
pub async fn reload_forever(state: crate::Services) {
    let every = std::time::Duration::from_millis(RELOAD_EVERY_MS.unsigned_abs());
    let mut tick = tokio::time::interval(every);
    tick.tick().await;
    loop {
        tick.tick().await;
        if let Err(e) = state
            .keys
            .reload(&state.store, &state.master, state.clock.now_millis())
            .await
        {
            tracing::warn!(error = %e, "re-reading the signing keys failed");
        }
    }
}

/// The `authgate keys list` table: one line per key (kid, alg, active, created, retires),
/// with a header. `now` marks keys already retired.
pub fn key_table(rows: &[StoredSigningKey], now: i64) -> String {
    use authgate_core::timefmt::iso8601;
    let mut out = format!(
        "{:<18} {:<6} {:<7} {:<26} {}\n",
        "KID", "ALG", "ACTIVE", "CREATED", "RETIRES"
    );
    for r in rows {
        let retires = match r.retire_at {
            None => "-".to_string(),
            Some(t) if t <= now => format!("{} (retired)", iso8601(t)),
            Some(t) => iso8601(t),
        };
        out.push_str(&format!(
            "{:<18} {:<6} {:<7} {:<26} {}\n",
            r.kid,
            r.alg,
            if r.active { "yes" } else { "no" },
            iso8601(r.created_at),
            retires
        ));
    }
    out
}
