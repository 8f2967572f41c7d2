//! # authgate-sdk
//!
//! A typed async client of the GenAuth (formerly Authing) V3 API. It works against a
//! self-hosted authgate server and against GenAuth's hosted service alike: point the host at
//! the one you use.
//!
//! - [`ManagementClient`]: the management API, authenticated with an access key (user pool id
//!   and secret, or a collaborator key). The management token is fetched, cached and renewed
//!   by the client.
//! - [`AuthenticationClient`]: the end-user API of one application, plus the OIDC protocol
//!   documents.
//!
//! Request and response bodies are the wire types of [`proto`] (`authgate-proto`), shared
//! with the server. Business errors (an envelope whose `statusCode` is not 200) come back as
//! [`Error::Api`] with the `statusCode`, `apiCode`, `message` and `requestId` of the envelope;
//! RFC 6749 error bodies of the OIDC token family as [`Error::OAuth`] with the HTTP status,
//! `error` and `error_description`; tokens refused by local verification as
//! [`Error::InvalidToken`].
//!
//! ```no_run
//! use authgate_sdk::proto::users::{CreateUserInput, CreateUserRequest, IsUserExistsRequest};
//! use authgate_sdk::{ManagementClient, ManagementClientOptions};
//!
//! # async fn demo() -> authgate_sdk::Result<()> {
//! let management = ManagementClient::new(
//!     ManagementClientOptions::new("USERPOOL_ID", "USERPOOL_SECRET")
//!         .with_host("http://localhost:8080"),
//! )?;
//! let user = management
//!     .create_user(&CreateUserRequest {
//!         user: CreateUserInput {
//!             email: Some("alice@example.com".into()),
//!             password: Some("correct horse battery staple".into()),
//!             ..Default::default()
//!         },
//!         options: None,
//!     })
//!     .await?;
//! println!("created {}", user.user_id);
//!
//! let found = management
//!     .is_user_exists(&IsUserExistsRequest {
//!         email: Some("alice@example.com".into()),
//!         ..Default::default()
//!     })
//!     .await?;
//! assert!(found.exists);
//!
//! match management
//!     .create_user(&CreateUserRequest::default())
//!     .await
//! {
//!     Err(e) if e.status_code() == Some(400) => println!("refused: {e}"),
//!     other => println!("{other:?}"),
//! }
//! # Ok(()) }
//! ```

mod authentication;
mod client_auth;
mod error;
mod http;
mod management;
mod options;
#[cfg(test)]
mod responder;
mod sse;
mod token_provider;

pub use authentication::{
    AuthenticationClient, AuthorizeUrlOptions, CasValidation, LogoutUrlOptions, code_challenge,
    generate_code_verifier,
};
pub use authgate_proto as proto;
pub use error::{Error, InvalidTokenReason, Result};
pub use management::ManagementClient;
pub use options::{
    AuthenticationClientOptions, DEFAULT_HOST, DEFAULT_TIMEOUT, Lang, ManagementClientOptions,
    TokenEndpointAuthMethod,
};
