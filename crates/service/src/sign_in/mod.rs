//! The one sign-in pipeline, whatever the surface (`/api/v3`, hosted pages, push, QR code):
//!
//! 1. identify the user and verify the credential ([`credential::verify`] for a password or an
//!    email / SMS passcode; push and QR tickets are verified by their own modules and join at
//!    step 3);
//! 2. policy checks on the user found ([`policy`]: status, lockout, and the named hook where a
//!    second factor will plug in);
//! 3. the race-safe write: statistics, session and history in one transaction
//!    ([`Attempt::succeed`] for a token set, [`Attempt::record_success`] for flows that hand out
//!    something else); every failure goes to the history through [`Attempt::fail`].
//!
//! Nothing here knows HTTP: the caller passes the client's address, user agent and request id
//! as a [`Client`].

mod attempt;
pub mod credential;
pub mod policy;
mod register;

pub use attempt::{Attempt, Client};
pub use credential::{Credential, find_by_account, passcode_target, verify};
pub use policy::{unknown_account, wrong_password};
