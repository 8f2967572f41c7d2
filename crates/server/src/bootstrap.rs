//! First-run set-up shared by `authgate init` and `authgate serve`: the default user pool, its
//! root access key and its default application, with their secrets readable again.

use authgate_core::access_key::AccessKey;
use authgate_core::application::{AppSettings, AppType, Application, ClientAuthMethod};
use authgate_core::ids;
use authgate_core::secret_box::MasterKey;
use authgate_core::user_pool::UserPool;
use authgate_store::{Defaults, Store};
use serde::Serialize;

/// What `authgate init --json` prints.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct InitOutput {
    /// Default user pool id.
    pub user_pool_id: String,
    /// Root access key id.
    pub access_key_id: String,
    /// Root access key secret.
    pub access_key_secret: String,
    /// Default application id.
    pub app_id: String,
    /// Default application secret.
    pub app_secret: String,
}

/// Why set-up failed.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] authgate_store::StoreError),
    /// A secret could not be generated, sealed or opened.
    #[error("secret handling failed: {0} (is the master key the one this database was made with?)")]
    Secret(String),
}

fn secret_err(e: impl std::fmt::Display) -> InitError {
    InitError::Secret(e.to_string())
}

/// Ensures the defaults exist and returns them with their secrets.
pub async fn ensure_defaults(
    store: &Store,
    master: &MasterKey,
    now: i64,
) -> Result<InitOutput, InitError> {
    let pool_id = ids::new_id().map_err(secret_err)?;
    let key_id = ids::new_id().map_err(secret_err)?;
    let app_id = ids::new_id().map_err(secret_err)?;
    let key_secret = ids::new_client_secret().map_err(secret_err)?;
    let app_secret = ids::new_client_secret().map_err(secret_err)?;
    let candidate = Defaults {
        pool: UserPool {
            id: pool_id.clone(),
            name: "Default user pool".into(),
            is_default: true,
            settings: Default::default(),
            created_at: now,
            updated_at: now,
        },
        access_key: AccessKey {
            secret_sealed: master
                .seal_str(&AccessKey::seal_context(&key_id), &key_secret)
                .map_err(secret_err)?,
            id: key_id,
            pool_id: pool_id.clone(),
            is_root: true,
            enabled: true,
            created_at: now,
            key_type: authgate_core::access_key::DEFAULT_KEY_TYPE.into(),
            user_id: None,
            tenant_id: None,
            last_used_at: None,
        },
        app: Application {
            secret_sealed: master
                .seal_str(&Application::seal_context(&app_id), &app_secret)
                .map_err(secret_err)?,
            id: app_id,
            pool_id,
            name: "Default application".into(),
            identifier: "default".into(),
            description: Some("Created by authgate init".into()),
            logo: None,
            app_type: AppType::Web,
            is_default: true,
            settings: AppSettings {
                token_endpoint_auth_method: ClientAuthMethod::ClientSecretPost,
                ..AppSettings::default()
            },
            created_at: now,
            updated_at: now,
        },
    };
    let d = store.ensure_defaults(candidate).await?;
    Ok(InitOutput {
        access_key_secret: master
            .open_str(
                &AccessKey::seal_context(&d.access_key.id),
                &d.access_key.secret_sealed,
            )
            .map_err(secret_err)?,
        app_secret: master
            .open_str(&Application::seal_context(&d.app.id), &d.app.secret_sealed)
            .map_err(secret_err)?,
        user_pool_id: d.pool.id,
        access_key_id: d.access_key.id,
        app_id: d.app.id,
    })
}

/// Writes the QR validities of the configuration (`qrcode_expires_in`,
/// `qrcode_ticket_expires_in`) into the default pool's settings, when set.
pub async fn apply_configured_qr_validity(
    store: &Store,
    config: &crate::config::ServerConfig,
    now: i64,
) -> Result<(), InitError> {
    if config.qrcode_expires_in.is_none() && config.qrcode_ticket_expires_in.is_none() {
        return Ok(());
    }
    let Some(pool) = store.default_pool().await? else {
        return Ok(());
    };
    let mut settings = pool.settings;
    let strategy = &mut settings.qrcode_login_strategy;
    if let Some(v) = config.qrcode_expires_in {
        strategy.qrcode_expires_in = v.clamp(1, 3600);
    }
    if let Some(v) = config.qrcode_ticket_expires_in {
        strategy.ticket_expires_in = v.clamp(1, 3600);
    }
    store.update_pool_settings(&pool.id, &settings, now).await?;
    Ok(())
}
