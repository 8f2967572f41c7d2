//! Lenient deserializers for what the official SDKs send in JSON bodies.

use serde::{Deserialize, Deserializer};

/// An optional integer given as a JSON number or a numeric string (`"10"`); `null` is absent.
pub fn opt_lenient_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum NumOrText {
        Num(i64),
        Float(f64),
        Text(String),
    }
    match Option::<NumOrText>::deserialize(d)? {
        None => Ok(None),
        Some(NumOrText::Num(n)) => Ok(Some(n)),
        #[allow(clippy::cast_possible_truncation)]
        Some(NumOrText::Float(f)) if f.fract() == 0.0 && f.abs() < 9e15 => Ok(Some(f as i64)),
        Some(NumOrText::Float(_)) => Err(serde::de::Error::custom("expected an integer")),
        Some(NumOrText::Text(t)) if t.trim().is_empty() => Ok(None),
        Some(NumOrText::Text(t)) => t
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("expected an integer, got \"{t}\""))),
    }
}

/// An optional boolean given as a JSON bool or a string (`"true"`, `"True"`, `"1"`).
pub fn opt_lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum BoolOrText {
        Bool(bool),
        Num(i64),
        Text(String),
    }
    match Option::<BoolOrText>::deserialize(d)? {
        None => Ok(None),
        Some(BoolOrText::Bool(b)) => Ok(Some(b)),
        Some(BoolOrText::Num(n)) => Ok(Some(n != 0)),
        Some(BoolOrText::Text(t)) => match t.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(Some(true)),
            "false" | "0" => Ok(Some(false)),
            "" => Ok(None),
            _ => Err(serde::de::Error::custom(format!(
                "expected a boolean, got \"{t}\""
            ))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct T {
        #[serde(default, deserialize_with = "opt_lenient_i64")]
        n: Option<i64>,
        #[serde(default, deserialize_with = "opt_lenient_bool")]
        b: Option<bool>,
    }

    fn parse(s: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(s)
    }

    #[test]
    fn numbers_and_bools_in_several_spellings() {
        assert_eq!(parse(r#"{"n": 5}"#).unwrap().n, Some(5));
        assert_eq!(parse(r#"{"n": "7"}"#).unwrap().n, Some(7));
        assert_eq!(parse(r#"{"n": 2.0}"#).unwrap().n, Some(2));
        assert_eq!(parse(r#"{"n": null}"#).unwrap().n, None);
        assert_eq!(parse(r#"{}"#).unwrap().n, None);
        assert!(parse(r#"{"n": "x"}"#).is_err());
        assert!(parse(r#"{"n": 2.5}"#).is_err());
        assert_eq!(parse(r#"{"b": "True"}"#).unwrap().b, Some(true));
        assert_eq!(parse(r#"{"b": false}"#).unwrap().b, Some(false));
        assert_eq!(parse(r#"{"b": 0}"#).unwrap().b, Some(false));
        assert!(parse(r#"{"b": "maybe"}"#).is_err());
    }
}
