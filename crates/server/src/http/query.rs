//! A lenient query-string deserializer for the official SDKs' encodings
//! (wire spec §1.2).
//!
//! Node (axios) sends arrays as `k[]=a&k[]=b` and booleans as `true/false`;
//! Python (requests) sends arrays as `k=a&k=b` (or `k=a,b` when the caller
//! passed a string) and booleans as `True/False`. [`from_query`] accepts all
//! of them:
//!
//! - standard form decoding (`+` is a space, percent escapes are decoded,
//!   raw `:$,[]` and malformed escapes are kept as they are);
//! - `k[]` is the same key as `k`, and repeated keys collect several values;
//! - sequences use every value, and a single value is split on commas;
//! - booleans accept `true`/`false` in any case and `1`/`0`;
//! - numbers are parsed from the text; strings take the first value;
//! - `Option<T>`: absent or empty (`k=`) is `None`, anything else `Some`;
//! - unit enum variants deserialize from their (renamed) string;
//! - unknown keys are ignored; errors name the offending parameter.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::str::FromStr;

use serde::de::value::{SeqDeserializer, StringDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::forward_to_deserialize_any;

/// A query string that does not fit the requested type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(.field.as_deref(), .message))]
pub struct QueryError {
    /// The offending parameter, when the error concerns one.
    pub field: Option<String>,
    /// What is wrong, phrased to follow the parameter name
    /// (e.g. `must be a number`, `is required`).
    pub message: String,
}

impl QueryError {
    fn new(field: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            field: field.map(str::to_owned),
            message: message.into(),
        }
    }

    /// Attaches `field` unless the error already names a parameter.
    fn in_field(mut self, field: &str) -> Self {
        if self.field.is_none() {
            self.field = Some(field.to_owned());
        }
        self
    }
}

fn describe(field: Option<&str>, message: &str) -> String {
    match field {
        Some(field) => format!("parameter {field} {message}"),
        None => format!("query string {message}"),
    }
}

impl de::Error for QueryError {
    fn custom<T: Display>(msg: T) -> Self {
        Self::new(None, format!("is invalid ({msg})"))
    }

    fn invalid_type(_unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::new(None, format!("must be {expected}"))
    }

    fn invalid_value(_unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::new(None, format!("must be {expected}"))
    }

    fn unknown_variant(_variant: &str, expected: &'static [&'static str]) -> Self {
        Self::new(None, format!("must be one of: {}", expected.join(", ")))
    }

    fn unknown_field(field: &str, _expected: &'static [&'static str]) -> Self {
        Self::new(Some(field), "is not allowed")
    }

    fn missing_field(field: &'static str) -> Self {
        Self::new(Some(field), "is required")
    }

    fn duplicate_field(field: &'static str) -> Self {
        Self::new(Some(field), "is given more than once")
    }
}

/// Deserializes `T` from a raw (still percent-encoded) query string, with or
/// without its leading `?`, applying the lenient rules of this module.
pub fn from_query<T: DeserializeOwned>(raw_query: &str) -> Result<T, QueryError> {
    let raw = raw_query.strip_prefix('?').unwrap_or(raw_query);
    T::deserialize(QueryDeserializer {
        params: collect_params(raw),
    })
}

/// Form-decodes the query into `key -> values`, folding `k[]` into `k`.
fn collect_params(raw: &str) -> BTreeMap<String, Vec<String>> {
    let mut params: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
        let key = key.strip_suffix("[]").unwrap_or(&key).to_owned();
        params.entry(key).or_default().push(value.into_owned());
    }
    params
}

/// The whole query, seen as a map.
struct QueryDeserializer {
    params: BTreeMap<String, Vec<String>>,
}

impl<'de> de::Deserializer<'de> for QueryDeserializer {
    type Error = QueryError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_map(ParamsAccess {
            params: self.params.into_iter(),
            pending: None,
        })
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// Walks the parameters; values are handed out as [`ValueDeserializer`]s.
struct ParamsAccess {
    params: std::collections::btree_map::IntoIter<String, Vec<String>>,
    pending: Option<(String, Vec<String>)>,
}

impl<'de> MapAccess<'de> for ParamsAccess {
    type Error = QueryError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, QueryError> {
        let Some((key, values)) = self.params.next() else {
            return Ok(None);
        };
        let key_deserializer: StringDeserializer<QueryError> = key.clone().into_deserializer();
        self.pending = Some((key, values));
        seed.deserialize(key_deserializer).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, QueryError> {
        let Some((field, values)) = self.pending.take() else {
            return Err(QueryError::new(None, "is invalid (value without a key)"));
        };
        let value = ValueDeserializer {
            field: field.clone(),
            values,
        };
        seed.deserialize(value)
            .map_err(|error| error.in_field(&field))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.params.len())
    }
}

/// All values given for one parameter.
struct ValueDeserializer {
    field: String,
    values: Vec<String>,
}

impl ValueDeserializer {
    fn first(&self) -> &str {
        self.values.first().map_or("", String::as_str)
    }

    fn into_first(self) -> String {
        self.values.into_iter().next().unwrap_or_default()
    }

    fn error(&self, message: &str) -> QueryError {
        QueryError::new(Some(&self.field), message)
    }

    fn is_empty(&self) -> bool {
        self.values.iter().all(String::is_empty)
    }

    fn parse_bool(&self) -> Result<bool, QueryError> {
        let text = self.first().trim();
        if text.eq_ignore_ascii_case("true") || text == "1" {
            Ok(true)
        } else if text.eq_ignore_ascii_case("false") || text == "0" {
            Ok(false)
        } else {
            Err(self.error("must be a boolean"))
        }
    }

    fn parse_number<N: FromStr>(&self) -> Result<N, QueryError> {
        self.first()
            .trim()
            .parse()
            .map_err(|_| self.error("must be a number"))
    }

    fn parse_float(&self) -> Result<f64, QueryError> {
        let number: f64 = self.parse_number()?;
        if number.is_finite() {
            Ok(number)
        } else {
            Err(self.error("must be a number"))
        }
    }

    /// One deserializer per element: every value, or the comma-separated
    /// parts of a single value.
    fn into_elements(self) -> Vec<ValueDeserializer> {
        let field = self.field;
        split_single_value(self.values)
            .into_iter()
            .map(|value| ValueDeserializer {
                field: field.clone(),
                values: vec![value],
            })
            .collect()
    }
}

fn split_single_value(mut values: Vec<String>) -> Vec<String> {
    if values.len() != 1 {
        return values;
    }
    let single = values.pop().unwrap_or_default();
    if single.is_empty() {
        return Vec::new();
    }
    single.split(',').map(str::to_owned).collect()
}

impl<'de> IntoDeserializer<'de, QueryError> for ValueDeserializer {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

macro_rules! deserialize_numbers {
    ($($method:ident => $visit:ident($ty:ty)),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
                visitor.$visit(self.parse_number::<$ty>()?)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for ValueDeserializer {
    type Error = QueryError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        if self.values.len() > 1 {
            self.deserialize_seq(visitor)
        } else {
            visitor.visit_string(self.into_first())
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_bool(self.parse_bool()?)
    }

    deserialize_numbers! {
        deserialize_i8 => visit_i8(i8),
        deserialize_i16 => visit_i16(i16),
        deserialize_i32 => visit_i32(i32),
        deserialize_i64 => visit_i64(i64),
        deserialize_i128 => visit_i128(i128),
        deserialize_u8 => visit_u8(u8),
        deserialize_u16 => visit_u16(u16),
        deserialize_u32 => visit_u32(u32),
        deserialize_u64 => visit_u64(u64),
        deserialize_u128 => visit_u128(u128),
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_f64(self.parse_float()?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        let mut chars = self.first().chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => visitor.visit_char(c),
            _ => Err(self.error("must be a single character")),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_string(self.into_first())
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_string(self.into_first())
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_byte_buf(self.into_first().into_bytes())
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_byte_buf(self.into_first().into_bytes())
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        if self.is_empty() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        let mut elements = SeqDeserializer::new(self.into_elements().into_iter());
        let value = visitor.visit_seq(&mut elements)?;
        elements.end()?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        let variant: StringDeserializer<QueryError> = self.into_first().into_deserializer();
        visitor.visit_enum(variant)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_string(self.into_first())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! { map struct }
}

/// `%XX` sequences decoded, everything else (`+` included) kept: for values a client sends
/// un-encoded (the SDKs' signed paths, Python's raw logout URLs). Invalid sequences stay as they
/// are; invalid UTF-8 is replaced.
pub fn percent_decode(s: &str) -> String {
    form_urlencoded::parse(format!("p={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map_or_else(|| s.to_string(), |(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    #[test]
    fn percent_decode_keeps_plus_and_bad_sequences() {
        use super::percent_decode;
        assert_eq!(
            percent_decode("/api/v3/ip-list/%7Bid%7D"),
            "/api/v3/ip-list/{id}"
        );
        assert_eq!(percent_decode("/a+b"), "/a+b");
        assert_eq!(percent_decode("a%2Fb%zz%"), "a/b%zz%");
    }

    use serde::Deserialize;

    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct GetUserBatch {
        user_ids: Vec<String>,
        user_id_type: Option<String>,
        with_custom_data: Option<bool>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Paging {
        #[serde(default)]
        page: Option<u32>,
        limit: Option<i64>,
        ratio: Option<f64>,
        flag: Option<bool>,
        keywords: Option<String>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum UserIdType {
        UserId,
        ExternalId,
        Phone,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct WithEnum {
        user_id_type: UserIdType,
        #[serde(default)]
        types: Vec<UserIdType>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Required {
        name: String,
        count: u8,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Flags {
        on: bool,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Numbers {
        ids: Vec<i64>,
    }

    fn batch(user_ids: &[&str], with_custom_data: Option<bool>) -> GetUserBatch {
        GetUserBatch {
            user_ids: user_ids.iter().map(|id| (*id).to_owned()).collect(),
            user_id_type: None,
            with_custom_data,
        }
    }

    fn paging(query: &str) -> Paging {
        from_query(query).unwrap()
    }

    fn flag(query: &str) -> Result<bool, QueryError> {
        from_query::<Flags>(query).map(|flags| flags.on)
    }

    #[test]
    fn get_user_batch_node_brackets_and_python_bool() {
        let got: GetUserBatch = from_query("userIds[]=a&userIds[]=b&withCustomData=True").unwrap();
        assert_eq!(got, batch(&["a", "b"], Some(true)));
    }

    #[test]
    fn get_user_batch_repeated_keys() {
        let got: GetUserBatch = from_query("userIds=a&userIds=b").unwrap();
        assert_eq!(got, batch(&["a", "b"], None));
    }

    #[test]
    fn get_user_batch_comma_separated() {
        let got: GetUserBatch = from_query("userIds=a,b&userIdType=phone").unwrap();
        let mut expected = batch(&["a", "b"], None);
        expected.user_id_type = Some("phone".to_owned());
        assert_eq!(got, expected);
    }

    #[test]
    fn bracket_and_plain_keys_merge() {
        let got: GetUserBatch = from_query("userIds[]=a&userIds=b").unwrap();
        assert_eq!(got, batch(&["a", "b"], None));
        let got: Paging = from_query("limit[]=5").unwrap();
        assert_eq!(got.limit, Some(5));
    }

    #[test]
    fn single_value_is_a_one_element_sequence() {
        let got: GetUserBatch = from_query("userIds[]=only").unwrap();
        assert_eq!(got, batch(&["only"], None));
    }

    #[test]
    fn repeated_values_are_not_split_on_commas() {
        let got: GetUserBatch = from_query("userIds=a,b&userIds=c").unwrap();
        assert_eq!(got, batch(&["a,b", "c"], None));
    }

    #[test]
    fn empty_sequence_value_is_empty() {
        let got: GetUserBatch = from_query("userIds=").unwrap();
        assert_eq!(got, batch(&[], None));
    }

    #[test]
    fn booleans_are_lenient() {
        for (text, expected) in [
            ("true", true),
            ("True", true),
            ("TRUE", true),
            ("1", true),
            ("false", false),
            ("False", false),
            ("0", false),
        ] {
            assert_eq!(flag(&format!("on={text}")).unwrap(), expected, "{text}");
        }
        let error = flag("on=yes").unwrap_err();
        assert_eq!(error.field.as_deref(), Some("on"));
        assert_eq!(error.to_string(), "parameter on must be a boolean");
    }

    #[test]
    fn numbers_are_parsed_from_text() {
        let got = paging("page=2&limit=-10&ratio=1.5");
        assert_eq!(
            (got.page, got.limit, got.ratio),
            (Some(2), Some(-10), Some(1.5))
        );
        let got = paging("limit=+7&ratio=3");
        assert_eq!((got.limit, got.ratio), (Some(7), Some(3.0)));
    }

    #[test]
    fn wrong_number_names_field_and_type() {
        let error = from_query::<Paging>("limit=ten").unwrap_err();
        assert_eq!(error.field.as_deref(), Some("limit"));
        assert_eq!(error.message, "must be a number");
        assert_eq!(error.to_string(), "parameter limit must be a number");
        for query in ["page=-1", "page=1.5", "ratio=NaN", "ratio=inf"] {
            assert!(from_query::<Paging>(query).is_err(), "{query}");
        }
    }

    #[test]
    fn out_of_range_integer_is_rejected() {
        let error = from_query::<Required>("name=x&count=300").unwrap_err();
        assert_eq!(error.to_string(), "parameter count must be a number");
    }

    #[test]
    fn sequences_of_numbers() {
        let got: Numbers = from_query("ids[]=1&ids[]=2").unwrap();
        assert_eq!(got.ids, vec![1, 2]);
        let got: Numbers = from_query("ids=3,4").unwrap();
        assert_eq!(got.ids, vec![3, 4]);
        let error = from_query::<Numbers>("ids=1&ids=x").unwrap_err();
        assert_eq!(error.to_string(), "parameter ids must be a number");
    }

    #[test]
    fn options_absent_present_and_empty() {
        let got = paging("");
        assert_eq!(
            got,
            Paging {
                page: None,
                limit: None,
                ratio: None,
                flag: None,
                keywords: None
            }
        );
        let got = paging("flag=false&keywords=bob");
        assert_eq!(
            (got.flag, got.keywords),
            (Some(false), Some("bob".to_owned()))
        );
        let got = paging("page=&limit=&ratio=&flag=&keywords=");
        assert_eq!(
            (got.page, got.limit, got.ratio, got.flag, got.keywords),
            (None, None, None, None, None)
        );
    }

    #[test]
    fn strings_take_first_value_and_are_form_decoded() {
        assert_eq!(
            paging("keywords=a&keywords=b").keywords.as_deref(),
            Some("a")
        );
        assert_eq!(
            paging("keywords=a+b%20c").keywords.as_deref(),
            Some("a b c")
        );
        assert_eq!(paging("keywords=x%2By").keywords.as_deref(), Some("x+y"));
        assert_eq!(
            paging("keywords=a:$,[]b").keywords.as_deref(),
            Some("a:$,[]b")
        );
        assert_eq!(paging("keywords=100%&").keywords.as_deref(), Some("100%"));
        assert_eq!(paging("?keywords=q").keywords.as_deref(), Some("q"));
    }

    #[test]
    fn unknown_keys_are_ignored() {
        let got = paging("limit=5&unknown=1&other[]=x&&=");
        assert_eq!(got.limit, Some(5));
    }

    #[test]
    fn missing_required_field_is_named() {
        let error = from_query::<Required>("count=1").unwrap_err();
        assert_eq!(error.field.as_deref(), Some("name"));
        assert_eq!(error.to_string(), "parameter name is required");
        let error = from_query::<GetUserBatch>("withCustomData=true").unwrap_err();
        assert_eq!(error.to_string(), "parameter userIds is required");
    }

    #[test]
    fn unit_enums_from_renamed_strings() {
        let got: WithEnum = from_query("userIdType=external_id").unwrap();
        assert_eq!(got.user_id_type, UserIdType::ExternalId);
        let got: WithEnum = from_query("userIdType=phone&types=user_id,phone").unwrap();
        assert_eq!(got.types, vec![UserIdType::UserId, UserIdType::Phone]);
    }

    #[test]
    fn unknown_enum_variant_names_field() {
        let error = from_query::<WithEnum>("userIdType=nope").unwrap_err();
        assert_eq!(error.field.as_deref(), Some("userIdType"));
        assert_eq!(
            error.to_string(),
            "parameter userIdType must be one of: user_id, external_id, phone"
        );
    }

    #[test]
    fn maps_collect_first_values() {
        let got: HashMap<String, String> = from_query("a=1&b[]=2&b[]=3").unwrap();
        assert_eq!(got.get("a").map(String::as_str), Some("1"));
        assert_eq!(got.get("b").map(String::as_str), Some("2"));
        let got: HashMap<String, Vec<String>> = from_query("b[]=2&b[]=3").unwrap();
        assert_eq!(got.get("b"), Some(&vec!["2".to_owned(), "3".to_owned()]));
    }

    #[test]
    fn error_without_field_reads_well() {
        let error = QueryError::new(None, "is invalid (oops)");
        assert_eq!(error.to_string(), "query string is invalid (oops)");
    }
}
