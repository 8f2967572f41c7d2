//! How the store talks SQL, measured. Not a test: nothing here asserts on speed.
//!
//! The store sends hand-built SQL through sqlx's `Any` driver. This program times the two
//! hottest statements — a user by id (every token check, sign-in and `/me`) and a session
//! insert (every sign-in) — four ways on the same database:
//!
//! - `store`: the store's own method (`Any`, authgate's row decoding, the transaction the
//!   method needs);
//! - `any`: the bare statement through an `AnyPool`;
//! - `native`: the same statement through sqlx's SQLite or PostgreSQL pool;
//! - `sea-query`: the statement built by sea-query on every call, bound to `Any`.
//!
//! and, without a database, the cost of building the largest dynamic statement (a user
//! search: keyword over seven columns, status, time range, sort, page) by `format!` as the
//! store does and by sea-query.
//!
//! SQLite always; PostgreSQL too when `AUTHGATE_TEST_POSTGRES_URL` is set (a fresh schema is
//! made there). Run with `cargo run --release` from this folder; prints one line per
//! measurement: p50 and p99 in microseconds over the iterations.

use authgate_core::user::{Identifiers, User, UserKey, UserSource};
use authgate_core::user_pool::UserPool;
use authgate_store::testing::TestDb;
use authgate_store::*;
#[cfg(feature = "sea")]
use sea_query::{
    Asterisk, Expr, ExprTrait, Order as SqOrder, PostgresQueryBuilder, Query, SqliteQueryBuilder,
    Values,
};
use sqlx::any::{AnyArguments, AnyPoolOptions};
use sqlx::{Any, AnyPool, Row};
use std::error::Error;
use std::future::Future;
use std::str::FromStr;
use std::time::{Duration, Instant};

type Res<T> = Result<T, Box<dyn Error>>;

const POOL: &str = "bench-pool";
const USERS: usize = 1_000;
const READS: usize = 10_000;
const WRITES: usize = 2_000;

const USER_BY_ID: &str = "SELECT * FROM users WHERE pool_id = $1 AND id = $2";
const SESSION_INSERT: &str = "INSERT INTO sessions (id, pool_id, user_id, app_id, scope, nonce, \
     auth_time, created_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

/// Runs `op` `n` times and prints p50 / p99 / mean.
async fn time<F, Fut>(label: &str, backend: &str, n: usize, mut op: F) -> Res<()>
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = Res<()>>,
{
    for i in 0..n / 10 {
        op(i).await?;
    }
    let mut samples = Vec::with_capacity(n);
    for i in 0..n {
        let start = Instant::now();
        op(n + i).await?;
        samples.push(start.elapsed());
    }
    samples.sort();
    let total: Duration = samples.iter().sum();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "{backend:<8} {label:<44} p50 {:>8.1} µs  p99 {:>8.1} µs  mean {:>8.1} µs",
        us(samples[n / 2]),
        us(samples[n * 99 / 100]),
        us(total / n as u32),
    );
    Ok(())
}

#[cfg(feature = "sea")]
/// Binds sea-query's values to an `Any` query: what `sea-query-sqlx`'s `sqlx-any` binder
/// does, written out to keep this program to one crate under test.
fn bind_any(sql: &str, values: Values) -> Res<sqlx::query::Query<'_, Any, AnyArguments<'_>>> {
    let mut q = sqlx::query(sql);
    for v in values.0 {
        q = match v {
            sea_query::Value::String(s) => q.bind(s),
            sea_query::Value::BigInt(i) => q.bind(i),
            sea_query::Value::Bool(b) => q.bind(b),
            other => return Err(format!("unbound value kind {other:?}").into()),
        };
    }
    Ok(q)
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Sqlite,
    Postgres,
}

#[cfg(feature = "sea")]
fn build(kind: Kind, stmt: &impl sea_query::QueryStatementWriter) -> (String, Values) {
    match kind {
        Kind::Sqlite => stmt.build(SqliteQueryBuilder),
        Kind::Postgres => stmt.build(PostgresQueryBuilder),
    }
}

#[cfg(feature = "sea")]
fn user_by_id(kind: Kind, id: &str) -> (String, Values) {
    build(
        kind,
        Query::select()
            .column(Asterisk)
            .from("users")
            .and_where(Expr::col("pool_id").eq(POOL))
            .and_where(Expr::col("id").eq(id)),
    )
}

#[cfg(feature = "sea")]
fn session_insert(kind: Kind, id: &str, user: &str) -> Res<(String, Values)> {
    let mut q = Query::insert();
    q.into_table("sessions")
        .columns([
            "id",
            "pool_id",
            "user_id",
            "app_id",
            "scope",
            "nonce",
            "auth_time",
            "created_at",
            "expires_at",
            "revoked_at",
        ])
        .values([
            id.into(),
            POOL.into(),
            user.into(),
            "app".into(),
            "openid".into(),
            Option::<String>::None.into(),
            20i64.into(),
            20i64.into(),
            (i64::MAX / 2).into(),
            Option::<i64>::None.into(),
        ])?;
    Ok(build(kind, &q))
}

async fn any_session_insert<'a>(
    q: sqlx::query::Query<'a, Any, AnyArguments<'a>>,
    pool: &AnyPool,
) -> Res<()> {
    q.execute(pool).await?;
    Ok(())
}

fn session(id: String, user: &str) -> Session {
    Session {
        id,
        pool_id: POOL.into(),
        user_id: user.into(),
        app_id: "app".into(),
        scope: "openid".into(),
        nonce: None,
        auth_time: 20,
        created_at: 20,
        expires_at: i64::MAX / 2,
        revoked_at: None,
    }
}

/// One backend: the store, an `AnyPool` and the native pool on the same database.
async fn run(kind: Kind, db: TestDb) -> Res<()> {
    let name = if kind == Kind::Sqlite {
        "sqlite"
    } else {
        "postgres"
    };
    let store = Store::open(&StoreOptions {
        url: db.url.clone(),
        max_connections: 1,
    })
    .await?;
    store
        .insert_pool(&UserPool {
            id: POOL.into(),
            name: "Bench".into(),
            is_default: false,
            settings: Default::default(),
            created_at: 1,
            updated_at: 1,
        })
        .await?;
    let users: Vec<User> = (0..USERS)
        .map(|i| {
            User::new(
                format!("user-{i}"),
                POOL.into(),
                Identifiers {
                    email: Some(format!("user-{i}@example.com")),
                    username: Some(format!("user{i}")),
                    ..Default::default()
                },
                UserSource::AdminCreated,
                i as i64,
            )
        })
        .collect();
    store.insert_users(&users).await?;
    let id = |i: usize| format!("user-{}", i % USERS);

    // The same connection settings as the store's (and the native pool's below).
    let any = AnyPoolOptions::new()
        .max_connections(1)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if kind == Kind::Sqlite {
                    sqlx::Executor::execute(
                        conn,
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                         PRAGMA foreign_keys = ON;",
                    )
                    .await?;
                }
                Ok(())
            })
        })
        .connect(&db.url)
        .await?;
    let decode_any = |row: &sqlx::any::AnyRow| -> Res<()> {
        let _: String = row.try_get("id")?;
        let _: Option<String> = row.try_get("email")?;
        Ok(())
    };

    time("user by id: store.get_user", name, READS, |i| {
        let store = store.clone();
        async move {
            store
                .get_user(POOL, &UserKey::Id(id(i)))
                .await?
                .ok_or("missing")?;
            Ok(())
        }
    })
    .await?;
    time("user by id: Any", name, READS, |i| {
        let any = any.clone();
        async move {
            let row = sqlx::query(USER_BY_ID)
                .bind(POOL)
                .bind(id(i))
                .fetch_one(&any)
                .await?;
            decode_any(&row)
        }
    })
    .await?;
    #[cfg(feature = "sea")]
    time("user by id: sea-query built, Any", name, READS, |i| {
        let any = any.clone();
        async move {
            let (sql, values) = user_by_id(kind, &id(i));
            let row = bind_any(&sql, values)?.fetch_one(&any).await?;
            decode_any(&row)
        }
    })
    .await?;
    match kind {
        Kind::Sqlite => {
            let opts = sqlx::sqlite::SqliteConnectOptions::from_str(&db.url)?
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
                .foreign_keys(true);
            let native = sqlx::sqlite::SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(opts)
                .await?;
            time("user by id: native", name, READS, |i| {
                let native = native.clone();
                async move {
                    let row = sqlx::query(USER_BY_ID)
                        .bind(POOL)
                        .bind(id(i))
                        .fetch_one(&native)
                        .await?;
                    let _: String = row.try_get("id")?;
                    let _: Option<String> = row.try_get("email")?;
                    Ok(())
                }
            })
            .await?;
            time("session insert: native", name, WRITES, |i| {
                let native = native.clone();
                async move {
                    let s = session(format!("native-{i}"), &id(i));
                    sqlx::query(SESSION_INSERT)
                        .bind(s.id)
                        .bind(s.pool_id)
                        .bind(s.user_id)
                        .bind(s.app_id)
                        .bind(s.scope)
                        .bind(s.nonce)
                        .bind(s.auth_time)
                        .bind(s.created_at)
                        .bind(s.expires_at)
                        .bind(s.revoked_at)
                        .execute(&native)
                        .await?;
                    Ok(())
                }
            })
            .await?;
        }
        Kind::Postgres => {
            let native = sqlx::postgres::PgPoolOptions::new()
                .max_connections(1)
                .connect(&db.url)
                .await?;
            time("user by id: native", name, READS, |i| {
                let native = native.clone();
                async move {
                    let row = sqlx::query(USER_BY_ID)
                        .bind(POOL)
                        .bind(id(i))
                        .fetch_one(&native)
                        .await?;
                    let _: String = row.try_get("id")?;
                    let _: Option<String> = row.try_get("email")?;
                    Ok(())
                }
            })
            .await?;
            time("session insert: native", name, WRITES, |i| {
                let native = native.clone();
                async move {
                    let s = session(format!("native-{i}"), &id(i));
                    sqlx::query(SESSION_INSERT)
                        .bind(s.id)
                        .bind(s.pool_id)
                        .bind(s.user_id)
                        .bind(s.app_id)
                        .bind(s.scope)
                        .bind(s.nonce)
                        .bind(s.auth_time)
                        .bind(s.created_at)
                        .bind(s.expires_at)
                        .bind(s.revoked_at)
                        .execute(&native)
                        .await?;
                    Ok(())
                }
            })
            .await?;
        }
    }
    time("session insert: Any", name, WRITES, |i| {
        let any = any.clone();
        async move {
            let s = session(format!("any-{i}"), &id(i));
            let q = sqlx::query(SESSION_INSERT)
                .bind(s.id)
                .bind(s.pool_id)
                .bind(s.user_id)
                .bind(s.app_id)
                .bind(s.scope)
                .bind(s.nonce)
                .bind(s.auth_time)
                .bind(s.created_at)
                .bind(s.expires_at)
                .bind(s.revoked_at);
            any_session_insert(q, &any).await
        }
    })
    .await?;
    #[cfg(feature = "sea")]
    time("session insert: sea-query built, Any", name, WRITES, |i| {
        let any = any.clone();
        async move {
            let (sql, values) = session_insert(kind, &format!("sq-{i}"), &id(i))?;
            any_session_insert(bind_any(&sql, values)?, &any).await
        }
    })
    .await?;
    time(
        "session: store.create_session (checked, tx)",
        name,
        WRITES,
        |i| {
            let store = store.clone();
            async move {
                let created = store
                    .create_session(&session(format!("store-{i}"), &id(i)), None)
                    .await?;
                if created {
                    Ok(())
                } else {
                    Err("refused".into())
                }
            }
        },
    )
    .await?;
    store.close().await;
    Ok(())
}

/// The user search's WHERE / ORDER / LIMIT, built the store's way: `format!` and `$n`
/// placeholders collected with their values.
fn search_by_format(keyword: &str, columns: &[&str]) -> (String, Vec<String>) {
    let mut values = vec![POOL.to_string()];
    let mut sql = String::from("SELECT * FROM users WHERE pool_id = $1");
    values.push(format!("%{}%", keyword.to_lowercase()));
    let p = format!("${}", values.len());
    let ors: Vec<String> = columns
        .iter()
        .map(|c| format!("LOWER({c}) LIKE {p} ESCAPE '\\'"))
        .collect();
    sql.push_str(&format!(" AND ({})", ors.join(" OR ")));
    values.push("Activated".into());
    sql.push_str(&format!(" AND status = ${}", values.len()));
    values.push("10".into());
    sql.push_str(&format!(" AND updated_at >= ${}", values.len()));
    values.push("20".into());
    sql.push_str(&format!(" AND updated_at <= ${}", values.len()));
    values.push("10".into());
    let limit = values.len();
    values.push("0".into());
    sql.push_str(&format!(
        " ORDER BY created_at DESC, id ASC LIMIT ${limit} OFFSET ${}",
        values.len()
    ));
    (sql, values)
}

#[cfg(feature = "sea")]
fn search_by_sea_query(keyword: &str, columns: &[&'static str]) -> (String, Values) {
    let pattern = format!("%{}%", keyword.to_lowercase());
    let mut any = sea_query::Condition::any();
    for c in columns {
        any = any.add(
            Expr::cust_with_expr("LOWER($1)", Expr::col(*c))
                .like(sea_query::LikeExpr::new(pattern.clone()).escape('\\')),
        );
    }
    Query::select()
        .column(Asterisk)
        .from("users")
        .and_where(Expr::col("pool_id").eq(POOL))
        .cond_where(any)
        .and_where(Expr::col("status").eq("Activated"))
        .and_where(Expr::col("updated_at").gte(10i64))
        .and_where(Expr::col("updated_at").lte(20i64))
        .order_by("created_at", SqOrder::Desc)
        .order_by("id", SqOrder::Asc)
        .limit(10)
        .offset(0)
        .build(PostgresQueryBuilder)
}

fn build_costs() {
    let columns = [
        "id",
        "email_norm",
        "phone",
        "username",
        "name",
        "nickname",
        "external_id",
    ];
    let n = 100_000;
    let start = Instant::now();
    let mut len = 0;
    for i in 0..n {
        len += search_by_format(&format!("k{i}"), &columns).0.len();
    }
    let by_format = start.elapsed();
    #[cfg(feature = "sea")]
    let start = Instant::now();
    #[cfg(feature = "sea")]
    for i in 0..n {
        len += search_by_sea_query(&format!("k{i}"), &columns).0.len();
    }
    #[cfg(feature = "sea")]
    let by_sea = start.elapsed();
    let per = |d: Duration| d.as_secs_f64() * 1e6 / n as f64;
    println!(
        "cpu      build user search: format! + $n          {:>8.2} µs per statement",
        per(by_format)
    );
    #[cfg(feature = "sea")]
    println!(
        "cpu      build user search: sea-query             {:>8.2} µs per statement",
        per(by_sea)
    );
    println!("         (built {len} bytes of SQL)");
    println!("sample format!:   {}", search_by_format("ab", &columns).0);
    #[cfg(feature = "sea")]
    println!(
        "sample sea-query: {}",
        search_by_sea_query("ab", &columns).0
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Res<()> {
    sqlx::any::install_default_drivers();
    build_costs();
    run(Kind::Sqlite, TestDb::sqlite()?).await?;
    match TestDb::postgres().await? {
        Some(db) => run(Kind::Postgres, db).await?,
        None => println!("postgres: AUTHGATE_TEST_POSTGRES_URL not set, skipped"),
    }
    Ok(())
}
