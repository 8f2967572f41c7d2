//! `list-users` `advancedFilter`: wire items checked and typed into store filters.
//!
//! A field is a user field ([`FILTERABLE_FIELDS`] or a profile field) or the key of a declared
//! USER custom field; anything else is refused. Time fields take epoch milliseconds or
//! ISO-8601 strings. `NUMBER` custom fields compare as numbers, other custom fields as text.

use crate::http::AppError;
use authgate_core::ApiError;
use authgate_core::timefmt::parse_iso8601;
use authgate_core::user::Profile;
use authgate_proto::users_extra::AdvancedFilterItem;
use authgate_store::{
    ColumnKind, CustomField, FILTERABLE_FIELDS, FilterOp, FilterTarget, FilterValue, UserFilter,
};
use serde_json::Value;

/// Most filters one call may carry, and most values of one `IN`.
const MAX_ITEMS: usize = 50;

fn bad(reason: impl Into<String>) -> AppError {
    ApiError::invalid("advancedFilter", reason).into()
}

fn target(field: &str, custom: &[CustomField]) -> Result<FilterTarget, AppError> {
    if let Some((_, col, kind)) = FILTERABLE_FIELDS.iter().find(|(w, _, _)| *w == field) {
        return Ok(FilterTarget::Column(col, *kind));
    }
    if let Some((_, col)) = Profile::FIELDS.iter().find(|(w, _)| *w == field) {
        return Ok(FilterTarget::Column(col, ColumnKind::Text));
    }
    let key = field.strip_prefix("customData.").unwrap_or(field);
    match custom.iter().find(|f| f.key == key) {
        Some(f) if f.data_type == "NUMBER" => Ok(FilterTarget::CustomNumber(f.key.clone())),
        Some(f) => Ok(FilterTarget::CustomText(f.key.clone())),
        None => Err(bad(format!("unknown field '{field}'"))),
    }
}

/// A comparison value for `t`.
fn value(t: &FilterTarget, field: &str, v: &Value) -> Result<FilterValue, AppError> {
    let wrong = || bad(format!("value of '{field}' has the wrong type"));
    let kind = match t {
        FilterTarget::Column(_, k) => *k,
        FilterTarget::CustomNumber(_) => ColumnKind::Int,
        FilterTarget::CustomText(_) => ColumnKind::Text,
    };
    match kind {
        ColumnKind::Text => match v {
            Value::String(s) => Ok(FilterValue::Text(if field == "email" {
                s.trim().to_lowercase()
            } else {
                s.clone()
            })),
            Value::Number(n) => Ok(FilterValue::Text(n.to_string())),
            Value::Bool(b) => Ok(FilterValue::Text(b.to_string())),
            _ => Err(wrong()),
        },
        ColumnKind::Int => match v {
            Value::Number(n) => n.as_i64().map(FilterValue::Int).ok_or_else(wrong),
            Value::String(s) => s
                .trim()
                .parse::<i64>()
                .ok()
                .or_else(|| parse_iso8601(s.trim()))
                .map(FilterValue::Int)
                .ok_or_else(wrong),
            _ => Err(wrong()),
        },
        ColumnKind::Bool => match v {
            Value::Bool(b) => Ok(FilterValue::Bool(*b)),
            Value::String(s) if s == "true" || s == "false" => Ok(FilterValue::Bool(s == "true")),
            _ => Err(wrong()),
        },
    }
}

fn text(field: &str, v: Option<&Value>) -> Result<String, AppError> {
    match v {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        _ => Err(bad(format!("'{field}' needs a non-empty string value"))),
    }
}

fn one(item: &AdvancedFilterItem, custom: &[CustomField]) -> Result<UserFilter, AppError> {
    let field = item.field.trim();
    if field.is_empty() {
        return Err(ApiError::missing("advancedFilter.field").into());
    }
    let t = target(field, custom)?;
    let v = item.value.as_ref().filter(|v| !v.is_null());
    let need = || bad(format!("'{field}' needs a value"));
    let scalar = |v: Option<&Value>| v.ok_or_else(need).and_then(|v| value(&t, field, v));
    let op = match item.operator.trim().to_ascii_uppercase().as_str() {
        "EQUAL" => FilterOp::Equal(scalar(v)?),
        "NOT_EQUAL" => FilterOp::NotEqual(scalar(v)?),
        "CONTAINS" | "NOT_CONTAINS"
            if !matches!(
                t,
                FilterTarget::Column(_, ColumnKind::Text) | FilterTarget::CustomText(_)
            ) =>
        {
            return Err(bad(format!("'{field}' is not text")));
        }
        "CONTAINS" => FilterOp::Contains(text(field, v)?),
        "NOT_CONTAINS" => FilterOp::NotContains(text(field, v)?),
        "IS_NULL" => FilterOp::IsNull,
        "NOT_NULL" => FilterOp::NotNull,
        "GREATER" => FilterOp::Greater(scalar(v)?),
        "LESSER" => FilterOp::Lesser(scalar(v)?),
        "IN" => {
            let list = match v {
                Some(Value::Array(a)) if !a.is_empty() && a.len() <= MAX_ITEMS => a,
                _ => {
                    return Err(bad(format!(
                        "IN on '{field}' needs 1 to {MAX_ITEMS} values"
                    )));
                }
            };
            FilterOp::In(
                list.iter()
                    .map(|x| value(&t, field, x))
                    .collect::<Result<_, _>>()?,
            )
        }
        "BETWEEN" => match v {
            Some(Value::Array(a)) if a.len() == 2 => {
                FilterOp::Between(value(&t, field, &a[0])?, value(&t, field, &a[1])?)
            }
            _ => return Err(bad(format!("BETWEEN on '{field}' needs [low, high]"))),
        },
        other => return Err(bad(format!("unknown operator '{other}'"))),
    };
    Ok(UserFilter { target: t, op })
}

/// The store filters of `items`, given the pool's USER custom fields.
pub fn parse(
    items: &[AdvancedFilterItem],
    custom: &[CustomField],
) -> Result<Vec<UserFilter>, AppError> {
    if items.len() > MAX_ITEMS {
        return Err(bad(format!("at most {MAX_ITEMS} filters")));
    }
    items.iter().map(|i| one(i, custom)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(field: &str, op: &str, value: Value) -> AdvancedFilterItem {
        AdvancedFilterItem {
            field: field.into(),
            operator: op.into(),
            value: Some(value),
        }
    }

    #[test]
    fn types_and_refusals() {
        let f = parse(&[item("email", "EQUAL", json!(" A@B.c "))], &[]).unwrap();
        assert_eq!(f[0].op, FilterOp::Equal(FilterValue::Text("a@b.c".into())));
        let f = parse(
            &[item(
                "createdAt",
                "BETWEEN",
                json!(["1970-01-01T00:00:01.000Z", 5000]),
            )],
            &[],
        )
        .unwrap();
        assert_eq!(
            f[0].op,
            FilterOp::Between(FilterValue::Int(1000), FilterValue::Int(5000))
        );
        assert!(parse(&[item("nope", "EQUAL", json!("x"))], &[]).is_err());
        assert!(parse(&[item("email", "LIKE", json!("x"))], &[]).is_err());
        assert!(parse(&[item("loginsCount", "CONTAINS", json!("1"))], &[]).is_err());
        assert!(parse(&[item("loginsCount", "GREATER", json!("many"))], &[]).is_err());
        assert!(parse(&[item("email", "IN", json!([]))], &[]).is_err());
    }
}
