//! Enums and records of users shared by every layer: status, gender, source, profile.

use serde::{Deserialize, Serialize};

/// Account status (`UserStatus` on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum UserStatus {
    /// Suspended by an administrator; cannot sign in.
    Suspended,
    /// Left the organisation.
    Resigned,
    /// Normal, may sign in.
    #[default]
    Activated,
    /// Archived; cannot sign in.
    Archived,
    /// Deactivated; cannot sign in.
    Deactivated,
}

impl UserStatus {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Suspended => "Suspended",
            UserStatus::Resigned => "Resigned",
            UserStatus::Activated => "Activated",
            UserStatus::Archived => "Archived",
            UserStatus::Deactivated => "Deactivated",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        [
            UserStatus::Suspended,
            UserStatus::Resigned,
            UserStatus::Activated,
            UserStatus::Archived,
            UserStatus::Deactivated,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }

    /// Whether a user in this status may sign in.
    pub fn may_sign_in(self) -> bool {
        matches!(self, UserStatus::Activated)
    }
}

/// Gender (`M|F|U`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Gender {
    /// Male.
    M,
    /// Female.
    F,
    /// Unknown.
    #[default]
    U,
}

impl Gender {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::M => "M",
            Gender::F => "F",
            Gender::U => "U",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "M" => Some(Gender::M),
            "F" => Some(Gender::F),
            "U" => Some(Gender::U),
            _ => None,
        }
    }
}

/// How the user came to exist (`userSourceType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum UserSource {
    /// Imported from a spreadsheet.
    #[serde(rename = "excel")]
    Excel,
    /// Signed up themselves.
    #[serde(rename = "register")]
    Register,
    /// Created by an administrator.
    #[default]
    #[serde(rename = "adminCreated")]
    AdminCreated,
    /// Synchronised from another directory.
    #[serde(rename = "sync")]
    Sync,
}

impl UserSource {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            UserSource::Excel => "excel",
            UserSource::Register => "register",
            UserSource::AdminCreated => "adminCreated",
            UserSource::Sync => "sync",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "excel" => Some(UserSource::Excel),
            "register" => Some(UserSource::Register),
            "adminCreated" => Some(UserSource::AdminCreated),
            "sync" => Some(UserSource::Sync),
            _ => None,
        }
    }
}

macro_rules! profile_fields {
    ($($field:ident => $wire:literal),* $(,)?) => {
        /// The free-text profile fields of a user, all optional (OIDC standard claims and
        /// GenAuth's additions). Listed once; storage and wire mapping iterate [`Profile::FIELDS`].
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "camelCase")]
        pub struct Profile {
            $(
                #[doc = concat!("`", $wire, "`")]
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<String>,
            )*
        }

        impl Profile {
            /// `(wire name, column name)` of every field.
            pub const FIELDS: &'static [(&'static str, &'static str)] =
                &[$(($wire, stringify!($field))),*];

            /// The field named by its column name.
            pub fn get(&self, column: &str) -> Option<&str> {
                match column {
                    $(stringify!($field) => self.$field.as_deref(),)*
                    _ => None,
                }
            }

            /// Sets the field named by its column name; unknown names are ignored.
            pub fn set(&mut self, column: &str, value: Option<String>) {
                match column {
                    $(stringify!($field) => self.$field = value,)*
                    _ => {}
                }
            }

            /// Overwrites every field that `patch` has set.
            pub fn merge(&mut self, patch: &Profile) {
                $(if let Some(v) = &patch.$field { self.$field = Some(v.clone()); })*
            }
        }
    };
}

profile_fields! {
    name => "name",
    nickname => "nickname",
    photo => "photo",
    birthdate => "birthdate",
    country => "country",
    province => "province",
    city => "city",
    address => "address",
    street_address => "streetAddress",
    postal_code => "postalCode",
    company => "company",
    browser => "browser",
    device => "device",
    given_name => "givenName",
    family_name => "familyName",
    middle_name => "middleName",
    profile => "profile",
    preferred_username => "preferredUsername",
    website => "website",
    zoneinfo => "zoneinfo",
    locale => "locale",
    formatted => "formatted",
    region => "region",
    identity_number => "identityNumber",
}
