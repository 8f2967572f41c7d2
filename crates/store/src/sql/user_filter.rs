//! SQL of the advanced user filters. Custom data is a JSON text column: the one place the two
//! databases differ is how a key is read out of it ([`custom_expr`]).

use super::args::Args;
use super::like_pattern;
use crate::db::Backend;
use crate::repo::{FilterOp, FilterTarget, FilterValue, UserFilter};

fn bind(args: &mut Args, v: &FilterValue) -> String {
    match v {
        FilterValue::Text(s) => args.add(s.as_str()),
        FilterValue::Int(i) => args.add(*i),
        FilterValue::Bool(b) => args.add(*b),
    }
}

/// The SQL expression of a custom-data key, as text or (numbers only, NULL otherwise) as a
/// number.
fn custom_expr(backend: Backend, key: &str, numeric: bool, args: &mut Args) -> String {
    match backend {
        Backend::Sqlite => {
            let path = args.add(format!("$.\"{key}\""));
            if numeric {
                format!(
                    "(CASE WHEN json_type(custom_data, {path}) IN ('integer', 'real') \
                     THEN json_extract(custom_data, {path}) END)"
                )
            } else {
                format!("CAST(json_extract(custom_data, {path}) AS TEXT)")
            }
        }
        Backend::Postgres => {
            let k = args.add(key);
            if numeric {
                format!(
                    "(CASE WHEN jsonb_typeof(custom_data::jsonb -> CAST({k} AS TEXT)) = 'number' \
                     THEN (custom_data::jsonb ->> CAST({k} AS TEXT))::numeric END)"
                )
            } else {
                format!("(custom_data::jsonb ->> CAST({k} AS TEXT))")
            }
        }
    }
}

fn one(backend: Backend, f: &UserFilter, args: &mut Args) -> String {
    let expr = match &f.target {
        FilterTarget::Column(c, _) => (*c).to_string(),
        FilterTarget::CustomText(k) => custom_expr(backend, k, false, args),
        FilterTarget::CustomNumber(k) => custom_expr(backend, k, true, args),
    };
    match &f.op {
        FilterOp::Equal(v) => format!("{expr} = {}", bind(args, v)),
        FilterOp::NotEqual(v) => format!("({expr} IS NULL OR {expr} <> {})", bind(args, v)),
        FilterOp::Contains(s) => {
            format!(
                "LOWER({expr}) LIKE {} ESCAPE '\\'",
                args.add(like_pattern(s))
            )
        }
        FilterOp::NotContains(s) => format!(
            "({expr} IS NULL OR LOWER({expr}) NOT LIKE {} ESCAPE '\\')",
            args.add(like_pattern(s))
        ),
        FilterOp::IsNull => format!("{expr} IS NULL"),
        FilterOp::NotNull => format!("{expr} IS NOT NULL"),
        FilterOp::In(vs) => {
            let list: Vec<String> = vs.iter().map(|v| bind(args, v)).collect();
            format!("{expr} IN ({})", list.join(", "))
        }
        FilterOp::Greater(v) => format!("{expr} > {}", bind(args, v)),
        FilterOp::Lesser(v) => format!("{expr} < {}", bind(args, v)),
        FilterOp::Between(a, b) => {
            let a = bind(args, a);
            let b = bind(args, b);
            format!("{expr} BETWEEN {a} AND {b}")
        }
    }
}

/// The conditions of `filters`, to be joined with `AND`.
pub(super) fn conditions(backend: Backend, filters: &[UserFilter], args: &mut Args) -> Vec<String> {
    filters.iter().map(|f| one(backend, f, args)).collect()
}
