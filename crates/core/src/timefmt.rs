//! ISO-8601 rendering of entity timestamps (the wire shows `createdAt` etc. as strings).

use crate::clock::EpochMillis;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Renders epoch milliseconds as an RFC 3339 / ISO-8601 UTC string with milliseconds,
/// e.g. `2024-01-01T00:00:00.000Z`.
pub fn iso8601(millis: EpochMillis) -> String {
    let nanos = i128::from(millis) * 1_000_000;
    match OffsetDateTime::from_unix_timestamp_nanos(nanos) {
        Ok(t) => {
            let t = t.replace_nanosecond((t.nanosecond() / 1_000_000) * 1_000_000);
            t.ok()
                .and_then(|t| t.format(&Rfc3339).ok())
                .unwrap_or_default()
        }
        Err(_) => String::new(),
    }
}

/// Parses an RFC 3339 string back to epoch milliseconds.
pub fn parse_iso8601(s: &str) -> Option<EpochMillis> {
    let t = OffsetDateTime::parse(s, &Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_parses() {
        let s = iso8601(1_704_067_200_123);
        assert_eq!(s, "2024-01-01T00:00:00.123Z");
        assert_eq!(parse_iso8601(&s), Some(1_704_067_200_123));
    }
}
