//! Permission evaluation over a large directory, timed in-process on SQLite: a user in 50
//! roles (plus 5 groups and a department three levels deep) over 10,000 resources, each role
//! granted 200 of them. Measures the two paths the API takes: `is-action-allowed` (subjects,
//! grants on the candidate codes, decision) and `get-user-authorized-resources` (subjects,
//! every grant, the effective list). Prints one line per measurement. Not a test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use authgate_core::permission::{
    self, Effect, Grant, Match, RequestContext, ResourceAction, ResourceType, TargetType,
};
use authgate_core::user_pool::UserPool;
use authgate_store::testing::{SqlValue, TestDb, execute};
use authgate_store::{Resource, Store, StoreOptions, StoredGrant};
use std::time::Instant;

const POOL: &str = "bench-pool";
const USER: &str = "bench-user";
const ROLES: usize = 50;
const RESOURCES: usize = 10_000;
const ITERATIONS: usize = 200;

fn grant(code: String, actions: &[&str], effect: Effect) -> Grant {
    Grant {
        resource_code: code,
        resource_type: ResourceType::Data,
        api_identifier: None,
        description: None,
        actions: actions.iter().map(|a| (*a).to_owned()).collect(),
        effect,
        conditions: Vec::new(),
    }
}

fn stored(n: usize, t: TargetType, target: &str, g: Grant) -> StoredGrant {
    StoredGrant {
        id: format!("g{n}"),
        pool_id: POOL.into(),
        namespace: "default".into(),
        target_type: t,
        target_id: target.into(),
        grant: g,
        created_at: 1,
        updated_at: 1,
    }
}

async fn sql(store: &Store, q: &str, v: &[SqlValue]) {
    execute(store, q, v).await.unwrap();
}

async fn build(store: &Store) {
    store
        .insert_pool(&UserPool {
            id: POOL.into(),
            name: "bench".into(),
            is_default: false,
            settings: Default::default(),
            created_at: 1,
            updated_at: 1,
        })
        .await
        .unwrap();
    let resources: Vec<Resource> = (0..RESOURCES)
        .map(|i| Resource {
            id: format!("res{i}"),
            pool_id: POOL.into(),
            namespace: "default".into(),
            code: format!("res:{i}"),
            resource_type: ResourceType::Data,
            name: None,
            description: None,
            api_identifier: None,
            actions: vec![ResourceAction {
                name: "read".into(),
                description: String::new(),
            }],
            created_at: 1,
            updated_at: 1,
        })
        .collect();
    store.insert_resources(&resources).await.unwrap();
    let mut grants = Vec::new();
    let per_role = RESOURCES / ROLES;
    for r in 0..ROLES {
        let role = format!("role{r}");
        sql(
            store,
            "INSERT INTO roles (id, pool_id, namespace, code, name, created_at, updated_at) \
             VALUES ($1, $2, 'default', $1, $1, 1, 1)",
            &[role.as_str().into(), POOL.into()],
        )
        .await;
        sql(
            store,
            "INSERT INTO role_assignments (role_id, target_type, target_id, created_at) \
             VALUES ($1, 'USER', $2, 1)",
            &[role.as_str().into(), USER.into()],
        )
        .await;
        for i in 0..per_role {
            let code = format!("res:{}", r * per_role + i);
            let n = grants.len();
            grants.push(stored(
                n,
                TargetType::Role,
                &role,
                grant(code, &["read", "write"], Effect::Allow),
            ));
        }
    }
    // Some DENY grants directly on the user, and 1,000 unrelated roles' grants (noise).
    for i in (0..RESOURCES).step_by(100) {
        let n = grants.len();
        grants.push(stored(
            n,
            TargetType::User,
            USER,
            grant(format!("res:{i}"), &["write"], Effect::Deny),
        ));
    }
    for i in 0..1000 {
        let n = grants.len();
        grants.push(stored(
            n,
            TargetType::Role,
            "other-role",
            grant(format!("res:{i}"), &["admin"], Effect::Allow),
        ));
    }
    store.save_grants(&grants).await.unwrap();
    sql(
        store,
        "INSERT INTO organizations (id, pool_id, code, name, root_department_id, created_at, \
         updated_at) VALUES ('org', $1, 'org', 'org', 'd0', 1, 1)",
        &[POOL.into()],
    )
    .await;
    for d in 0..3 {
        let parent: SqlValue = if d == 0 {
            SqlValue::Null
        } else {
            format!("d{}", d - 1).as_str().into()
        };
        let id = format!("d{d}");
        if parent == SqlValue::Null {
            sql(
                store,
                "INSERT INTO departments (id, pool_id, org_id, name, created_at, updated_at) \
                 VALUES ($1, $2, 'org', $1, 1, 1)",
                &[id.as_str().into(), POOL.into()],
            )
            .await;
        } else {
            sql(
                store,
                "INSERT INTO departments (id, pool_id, org_id, parent_id, name, created_at, \
                 updated_at) VALUES ($1, $2, 'org', $3, $1, 1, 1)",
                &[id.as_str().into(), POOL.into(), parent],
            )
            .await;
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(name: &str, mut samples: Vec<f64>, extra: &str) {
    samples.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "{{\"measure\":\"{name}\",\"iterations\":{},\"p50_ms\":{:.3},\"p99_ms\":{:.3},\"max_ms\":{:.3}{extra}}}",
        samples.len(),
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        samples[samples.len() - 1]
    );
}

#[tokio::main]
async fn main() {
    let db = TestDb::sqlite().unwrap();
    let store = Store::open(&StoreOptions {
        url: db.url.clone(),
        max_connections: 4,
    })
    .await
    .unwrap();
    let t = Instant::now();
    build(&store).await;
    println!(
        "{{\"measure\":\"build\",\"roles\":{ROLES},\"resources\":{RESOURCES},\"seconds\":{:.1}}}",
        t.elapsed().as_secs_f64()
    );
    let ctx = RequestContext {
        now_millis: 1_700_000_000_000,
        source_ip: None,
        user_id: USER.into(),
        pool_id: POOL.into(),
        app_id: None,
        namespace: "default".into(),
        user_agent: None,
    };

    // is-action-allowed: subjects, grants on the candidate codes, decision.
    let mut samples = Vec::with_capacity(ITERATIONS);
    let mut allowed = 0;
    for i in 0..ITERATIONS {
        let resource = format!("res:{}", (i * 37) % RESOURCES);
        let t = Instant::now();
        let s = store
            .user_subjects(POOL, USER, ctx.now_millis)
            .await
            .unwrap();
        let codes = permission::candidate_codes(&resource, Match::Code);
        let grants = store
            .subject_grants(POOL, "default", &s, Some(&codes))
            .await
            .unwrap();
        if permission::is_allowed(&grants, &resource, "write", &ctx, Match::Code) {
            allowed += 1;
        }
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    report(
        "is_action_allowed",
        samples,
        &format!(",\"allowed\":{allowed}"),
    );

    // get-user-authorized-resources: subjects, every grant, the effective list.
    let mut samples = Vec::with_capacity(ITERATIONS / 10);
    let mut entries = 0;
    let mut split = (0.0, 0.0, 0.0);
    for _ in 0..ITERATIONS / 10 {
        let t = Instant::now();
        let s = store
            .user_subjects(POOL, USER, ctx.now_millis)
            .await
            .unwrap();
        let t1 = Instant::now();
        let grants = store
            .subject_grants(POOL, "default", &s, None)
            .await
            .unwrap();
        let t2 = Instant::now();
        entries = permission::effective(&grants, &ctx).len();
        let t3 = Instant::now();
        split.0 += (t1 - t).as_secs_f64() * 1000.0;
        split.1 += (t2 - t1).as_secs_f64() * 1000.0;
        split.2 += (t3 - t2).as_secs_f64() * 1000.0;
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let n = (ITERATIONS / 10) as f64;
    report(
        "user_authorized_resources",
        samples,
        &format!(
            ",\"entries\":{entries},\"mean_subjects_ms\":{:.3},\"mean_grants_query_ms\":{:.3},\"mean_evaluate_ms\":{:.3}",
            split.0 / n,
            split.1 / n,
            split.2 / n
        ),
    );
    store.close().await;
}
