//! Conditions of a grant (`PolicyCondition` of spec §1.9) evaluated against a request.
//!
//! Evaluated: `CurrentTime` / `EpochTime` with the `Date*` and `Numeric*` operators (values in
//! RFC 3339 or epoch milliseconds), `SourceIp` with `IpAddress` / `NotIpAddress` (addresses or
//! CIDR blocks, comma-separated) and the string operators on `UserPoolId`, `AppId`, `UserId`,
//! `Namespace`, `UserAgent` and `SourceIp`. A condition authgate cannot evaluate (unknown
//! parameter or operator, a value of the wrong shape, an attribute the request lacks) is
//! *unknown*: an ALLOW grant with an unknown condition does not apply, a DENY grant does
//! (fail closed both ways).

use super::RequestContext;
use crate::timefmt::parse_iso8601;
use authgate_proto::permissions::PolicyCondition;
use std::net::IpAddr;

/// A request attribute as a condition sees it.
enum Attr<'a> {
    Time(i64),
    Ip(IpAddr),
    Text(&'a str),
}

fn attribute<'a>(param: &str, ctx: &'a RequestContext) -> Option<Attr<'a>> {
    Some(match param {
        "CurrentTime" | "EpochTime" => Attr::Time(ctx.now_millis),
        "SourceIp" => Attr::Ip(ctx.source_ip?),
        "UserPoolId" => Attr::Text(&ctx.pool_id),
        "UserId" => Attr::Text(&ctx.user_id),
        "Namespace" => Attr::Text(&ctx.namespace),
        "AppId" => Attr::Text(ctx.app_id.as_deref()?),
        "UserAgent" => Attr::Text(ctx.user_agent.as_deref()?),
        _ => return None,
    })
}

/// A time value: RFC 3339, or epoch milliseconds.
fn parse_time(value: &str) -> Option<i64> {
    let v = value.trim();
    v.parse::<i64>().ok().or_else(|| parse_iso8601(v))
}

fn number(attr: &Attr<'_>) -> Option<f64> {
    match attr {
        #[allow(clippy::cast_precision_loss)]
        Attr::Time(t) => Some(*t as f64),
        Attr::Text(s) => s.trim().parse().ok(),
        Attr::Ip(_) => None,
    }
}

fn text(attr: &Attr<'_>) -> Option<String> {
    match attr {
        Attr::Text(s) => Some((*s).to_owned()),
        Attr::Ip(ip) => Some(ip.to_string()),
        Attr::Time(_) => None,
    }
}

/// Whether `ip` is `block`: an address, or `address/prefix`.
pub fn ip_in_block(ip: IpAddr, block: &str) -> Option<bool> {
    let block = block.trim();
    let (addr, prefix) = match block.split_once('/') {
        Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u32>().ok()?)),
        None => (block.parse::<IpAddr>().ok()?, None),
    };
    let (ip, addr) = match (ip, addr) {
        (IpAddr::V4(a), IpAddr::V4(b)) => (u128::from(a.to_bits()), u128::from(b.to_bits())),
        (IpAddr::V6(a), IpAddr::V6(b)) => (a.to_bits(), b.to_bits()),
        (IpAddr::V6(a), IpAddr::V4(b)) => match a.to_ipv4_mapped() {
            Some(a) => (u128::from(a.to_bits()), u128::from(b.to_bits())),
            None => return Some(false),
        },
        (IpAddr::V4(_), IpAddr::V6(_)) => return Some(false),
    };
    let width = if addr > u128::from(u32::MAX) || block.contains(':') {
        128
    } else {
        32
    };
    let prefix = prefix.unwrap_or(width);
    if prefix > width {
        return None;
    }
    if prefix == 0 {
        return Some(true);
    }
    let shift = width - prefix;
    Some(ip >> shift == addr >> shift)
}

/// `*` (any run) and `?` (one character) glob of `StringLike`.
fn glob(pattern: &[char], text: &[char]) -> bool {
    let (mut p, mut t) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some(p);
                mark = t;
                p += 1;
            }
            Some(c) if *c == '?' || *c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some(s) => {
                    p = s + 1;
                    mark += 1;
                    t = mark;
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

fn compare<T: PartialOrd>(op: &str, left: T, right: T) -> Option<bool> {
    Some(match op {
        "Equals" => left == right,
        "NotEquals" => left != right,
        "LessThan" => left < right,
        "LessThanEquals" => left <= right,
        "GreaterThan" => left > right,
        "GreaterThanEquals" => left >= right,
        _ => return None,
    })
}

/// Evaluates one condition: `Some(holds)`, or `None` when it cannot be evaluated.
pub fn evaluate(cond: &PolicyCondition, ctx: &RequestContext) -> Option<bool> {
    let attr = attribute(&cond.param, ctx)?;
    let op = cond.operator.as_str();
    let value = cond.value.as_str();
    if let Some(rest) = op.strip_prefix("Date") {
        let Attr::Time(now) = attr else { return None };
        return compare(rest, now, parse_time(value)?);
    }
    if let Some(rest) = op.strip_prefix("Numeric") {
        return compare(rest, number(&attr)?, value.trim().parse::<f64>().ok()?);
    }
    match op {
        "IpAddress" | "NotIpAddress" => {
            let Attr::Ip(ip) = attr else { return None };
            let mut inside = false;
            for block in value.split(',').filter(|b| !b.trim().is_empty()) {
                inside |= ip_in_block(ip, block)?;
            }
            Some(inside == (op == "IpAddress"))
        }
        "StringEquals" => Some(text(&attr)? == value),
        "StringNotEquals" => Some(text(&attr)? != value),
        "StringEqualsIgnoreCase" => Some(text(&attr)?.to_lowercase() == value.to_lowercase()),
        "StringNotEqualsIgnoreCase" => Some(text(&attr)?.to_lowercase() != value.to_lowercase()),
        "StringLike" | "StringNotLike" => {
            let t: Vec<char> = text(&attr)?.chars().collect();
            let p: Vec<char> = value.chars().collect();
            Some(glob(&p, &t) == (op == "StringLike"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(ip: &str) -> RequestContext {
        RequestContext {
            now_millis: 1_700_000_000_000,
            source_ip: ip.parse().ok(),
            user_id: "u1".into(),
            pool_id: "p1".into(),
            app_id: None,
            namespace: "default".into(),
            user_agent: Some("Mozilla/5.0 Firefox".into()),
        }
    }

    fn cond(param: &str, operator: &str, value: &str) -> PolicyCondition {
        PolicyCondition {
            param: param.into(),
            operator: operator.into(),
            value: value.into(),
        }
    }

    #[test]
    fn time_operators() {
        let c = ctx("10.0.0.1");
        assert_eq!(
            evaluate(
                &cond("CurrentTime", "DateLessThan", "2030-01-01T00:00:00Z"),
                &c
            ),
            Some(true)
        );
        assert_eq!(
            evaluate(&cond("EpochTime", "DateGreaterThan", "1700000000001"), &c),
            Some(false)
        );
        assert_eq!(
            evaluate(
                &cond("CurrentTime", "NumericGreaterThanEquals", "1700000000000"),
                &c
            ),
            Some(true)
        );
        assert_eq!(
            evaluate(&cond("CurrentTime", "DateLessThan", "soon"), &c),
            None
        );
    }

    #[test]
    fn ip_operators() {
        let c = ctx("10.1.2.3");
        assert_eq!(
            evaluate(&cond("SourceIp", "IpAddress", "10.0.0.0/8"), &c),
            Some(true)
        );
        assert_eq!(
            evaluate(
                &cond("SourceIp", "IpAddress", "192.168.0.0/16, 10.1.2.3"),
                &c
            ),
            Some(true)
        );
        assert_eq!(
            evaluate(&cond("SourceIp", "NotIpAddress", "10.0.0.0/8"), &c),
            Some(false)
        );
        assert_eq!(
            evaluate(&cond("SourceIp", "IpAddress", "10.0.0.0/33"), &c),
            None
        );
        assert_eq!(
            evaluate(&cond("SourceIp", "IpAddress", "::1"), &ctx("::1")),
            Some(true)
        );
        assert_eq!(
            evaluate(&cond("SourceIp", "IpAddress", "10.0.0.0/8"), &ctx("")),
            None
        );
        assert_eq!(
            ip_in_block("::ffff:10.0.0.1".parse().unwrap(), "10.0.0.0/8"),
            Some(true)
        );
        assert_eq!(
            ip_in_block("1.2.3.4".parse().unwrap(), "0.0.0.0/0"),
            Some(true)
        );
    }

    #[test]
    fn string_operators() {
        let c = ctx("10.0.0.1");
        assert_eq!(
            evaluate(&cond("UserId", "StringEquals", "u1"), &c),
            Some(true)
        );
        assert_eq!(
            evaluate(&cond("UserId", "StringNotEquals", "u1"), &c),
            Some(false)
        );
        assert_eq!(
            evaluate(&cond("UserPoolId", "StringEqualsIgnoreCase", "P1"), &c),
            Some(true)
        );
        assert_eq!(
            evaluate(&cond("UserAgent", "StringLike", "*Firefox"), &c),
            Some(true)
        );
        assert_eq!(
            evaluate(&cond("UserAgent", "StringNotLike", "Moz?lla*"), &c),
            Some(false)
        );
        assert_eq!(evaluate(&cond("AppId", "StringEquals", "a"), &c), None);
        assert_eq!(evaluate(&cond("Country", "StringEquals", "CN"), &c), None);
        assert_eq!(evaluate(&cond("UserId", "Bogus", "u1"), &c), None);
    }
}
