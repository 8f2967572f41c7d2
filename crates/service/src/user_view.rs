//! How a stored user is shown on the wire (`User`, spec §1.9), honouring the `with*` flags.

use authgate_core::timefmt::iso8601;
use authgate_core::user::User;
use authgate_proto::users::UserDto;
use serde_json::Value;

/// Which optional members to include (spec §1.7).
#[derive(Debug, Clone, Copy, Default)]
pub struct ViewFlags {
    /// Include `customData`.
    pub custom_data: bool,
    /// Merge custom data into the top level.
    pub flat_custom_data: bool,
    /// Include `identities`.
    pub identities: bool,
    /// Include `departmentIds`.
    pub department_ids: bool,
}

/// The wire record of a user.
pub fn to_dto(u: &User, flags: ViewFlags) -> UserDto {
    UserDto {
        user_id: u.id.clone(),
        created_at: iso8601(u.created_at),
        updated_at: iso8601(u.updated_at),
        status: u.status,
        work_status: "Active".into(),
        external_id: u.ids.external_id.clone(),
        email: u.ids.email.clone(),
        phone: u.ids.phone.clone(),
        phone_country_code: u.ids.phone_country_code.clone(),
        username: u.ids.username.clone(),
        profile: u.profile.clone(),
        logins_count: u.logins_count,
        last_login: u.last_login.map(iso8601),
        last_ip: u.last_ip.clone(),
        gender: u.gender,
        email_verified: u.email_verified,
        phone_verified: u.phone_verified,
        password_last_set_at: u.password_last_set_at.map(iso8601),
        user_source_type: u.source,
        reset_password_on_next_login: u.reset_password_on_next_login,
        register_source: Vec::new(),
        status_changed_at: u.status_changed_at.map(iso8601),
        // Identities and departments arrive with later features; the members exist when asked.
        department_ids: flags.department_ids.then(Vec::new),
        identities: flags.identities.then(Vec::new),
        custom_data: flags
            .custom_data
            .then(|| Value::Object(u.custom_data.clone())),
    }
}

/// The wire record as JSON, with custom fields merged into the top level when asked
/// (without overriding built-in members).
pub fn render(u: &User, flags: ViewFlags) -> Value {
    let mut v = serde_json::to_value(to_dto(u, flags)).unwrap_or(Value::Null);
    if flags.flat_custom_data
        && let Value::Object(map) = &mut v
    {
        for (k, val) in &u.custom_data {
            map.entry(k.clone()).or_insert_with(|| val.clone());
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_core::user::{Identifiers, UserSource};

    fn user() -> User {
        let mut u = User::new(
            "u1".into(),
            "p".into(),
            Identifiers {
                username: Some("bob".into()),
                ..Default::default()
            },
            UserSource::AdminCreated,
            0,
        );
        u.custom_data.insert("team".into(), "red".into());
        u.custom_data.insert("username".into(), "spoof".into());
        u
    }

    #[test]
    fn flags_gate_members() {
        let plain = render(&user(), ViewFlags::default());
        assert!(plain.get("customData").is_none());
        assert!(plain.get("identities").is_none());
        assert_eq!(plain["createdAt"], "1970-01-01T00:00:00.000Z");
        let full = render(
            &user(),
            ViewFlags {
                custom_data: true,
                identities: true,
                department_ids: true,
                flat_custom_data: true,
            },
        );
        assert_eq!(full["customData"]["team"], "red");
        assert_eq!(full["team"], "red");
        assert_eq!(full["username"], "bob", "custom data never overrides");
        assert_eq!(full["identities"], serde_json::json!([]));
    }
}
