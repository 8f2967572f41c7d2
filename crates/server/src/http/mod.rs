//! HTTP plumbing shared by every handler: the request context (request id, language,
//! surface), the one mapping of errors to responses, tolerant extractors, path
//! normalisation and the fallbacks.

pub mod app_header;
pub mod context;
pub mod error;
pub mod extract;
pub mod fallback;
pub mod normalize;
pub mod query;

pub use app_header::app_id_header;
pub use error::{AppError, AppResult, Data, Empty, HttpError, NoStoreJson, OAuthError};
pub use extract::{Form, Json, Query};
