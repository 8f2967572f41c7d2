//! Configuration errors told in the terms of where the bad value came from — the TOML file,
//! an `AUTHGATE_*` variable or a flag — with the nearest valid key for a typo, instead of
//! figment's list of every key.

use figment::error::Kind;
use figment::{Error, Source};

/// One line per problem.
pub fn describe(err: Error) -> String {
    err.into_iter()
        .map(|e| describe_one(&e))
        .collect::<Vec<_>>()
        .join("\n")
}

fn describe_one(e: &Error) -> String {
    let key = e.path.join(".");
    let origin = origin(e, &key);
    match &e.kind {
        Kind::UnknownField(field, expected) => {
            let hint = match nearest(field, expected) {
                Some(k) => format!("; did you mean `{k}`?"),
                None => "; the settings are listed in the README, \"Configuration\"".into(),
            };
            format!("unknown setting `{field}`{origin}{hint}")
        }
        kind if key == "listen" => {
            format!(
                "setting `listen`{origin}: {kind} ({})",
                crate::cli::LISTEN_EXPECTED
            )
        }
        kind => format!("setting `{key}`{origin}: {kind}"),
    }
}

/// ` in FILE`, ` in environment variable AUTHGATE_X`, or ` (--flag)`.
fn origin(e: &Error, key: &str) -> String {
    let Some(md) = &e.metadata else {
        return String::new();
    };
    match &md.source {
        Some(Source::File(path)) => format!(" in {}", path.display()),
        _ if md.name.to_ascii_lowercase().contains("environment") => {
            format!(
                " in environment variable AUTHGATE_{}",
                key.to_ascii_uppercase()
            )
        }
        _ if key.is_empty() => String::new(),
        _ => format!(" (--{})", key.replace('_', "-")),
    }
}

/// The valid key closest to `typo`, when close enough to be what was meant.
fn nearest<'a>(typo: &str, keys: &[&'a str]) -> Option<&'a str> {
    let typo = typo.to_ascii_lowercase();
    let limit = (typo.chars().count() / 3).max(2);
    keys.iter()
        .map(|k| (edit_distance(&typo, k), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance (insertions, deletions, substitutions) over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_server::ServerConfig;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("listen", "listen"), 0);
        assert_eq!(edit_distance("listn", "listen"), 1);
        assert_eq!(edit_distance("lsiten", "listen"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn nearest_key_or_none() {
        let keys = ServerConfig::KEYS;
        assert_eq!(nearest("listn", keys), Some("listen"));
        assert_eq!(nearest("databse_url", keys), Some("database_url"));
        assert_eq!(nearest("Redis_URL", keys), Some("redis_url"));
        assert_eq!(nearest("smtp_form", keys), Some("smtp_from"));
        assert_eq!(nearest("completely_unrelated", keys), None);
        assert_eq!(nearest("x", keys), None);
    }
}
