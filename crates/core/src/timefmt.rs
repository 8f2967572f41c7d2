//! ISO-8601 rendering of entity timestamps (the wire shows `createdAt` etc. as strings).

use crate::clock::EpochMillis;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

/// Renders epoch milliseconds as an ISO-8601 UTC string that always has three fractional
/// digits, e.g. `2024-01-01T00:00:00.000Z` (the shape JavaScript's `toISOString` gives).
pub fn iso8601(millis: EpochMillis) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
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
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
    }
}
