//! How a user signs in: the method an attempt is made with, as the sign-in history and the
//! audit log name it.

use crate::wire::wire_enum;

wire_enum! {
    /// The method of a sign-in attempt.
    pub enum SignInMethod {
        /// An account (email, phone or username) and a password.
        Password => "password",
        /// A one-time code sent by email or SMS.
        Passcode => "passcode",
        /// A QR code shown by the API and confirmed in the app.
        Qrcode => "qrcode",
        /// A QR code shown on the hosted login page and confirmed in the app.
        QrcodePage => "qrcode-page",
        /// A push request confirmed in the app.
        Push => "push",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_are_distinct_and_round_trip() {
        for (i, (m, s)) in SignInMethod::ALL.iter().enumerate() {
            assert_eq!(SignInMethod::from_wire(s), Some(*m));
            assert_eq!(m.to_string(), *s);
            assert!(SignInMethod::ALL[..i].iter().all(|(_, o)| o != s));
        }
        assert_eq!(SignInMethod::from_wire("PASSWORD"), None);
    }
}
