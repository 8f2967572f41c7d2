//! The picture a user has until they set one: served by the server's asset routes, named here
//! because sign-up and auto-registration give it to every new user.

/// Path of the default avatar under the public base URL.
pub const DEFAULT_AVATAR_PATH: &str = "/assets/default-avatar.svg";

/// The absolute URL of the default avatar under `public_base`.
pub fn default_avatar_url(public_base: &str) -> String {
    format!("{public_base}{DEFAULT_AVATAR_PATH}")
}
