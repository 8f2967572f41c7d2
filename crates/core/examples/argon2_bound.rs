//! The machine's argon2id bound with authgate's parameters: hashes per second on one thread,
//! and on every core at once. `cargo run --release -p authgate-core --example argon2_bound`
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::{Duration, Instant};

fn rate(threads: usize, window: Duration) -> f64 {
    let start = Instant::now();
    let counts: Vec<u64> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut n = 0u64;
                    while start.elapsed() < window {
                        authgate_core::password::hash("benchmark password").unwrap();
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    counts.iter().sum::<u64>() as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let window = Duration::from_secs(5);
    let one = rate(1, window);
    let all = rate(cores, window);
    println!(
        "argon2id m={} KiB t={} p={}: {one:.1} hashes/s on 1 thread; {all:.1} hashes/s on {cores} threads",
        authgate_core::password::M_COST,
        authgate_core::password::T_COST,
        authgate_core::password::P_COST
    );
}
