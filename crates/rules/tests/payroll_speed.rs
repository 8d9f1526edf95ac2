//! Throughput of `net_pay`: prints computations per second (no timed assertion; run with
//! `cargo test --release -p kakehashi-rules --test payroll_speed -- --nocapture`).
//! The target is at least 1,000,000 computations per second on one core in a release build.

use kakehashi_rules::payroll::{PayrollRules, bench_sweep};
use std::time::Instant;

#[test]
fn net_pay_throughput() {
    let rules = PayrollRules::embedded();
    let n = if cfg!(debug_assertions) {
        20_000
    } else {
        3_000_000
    };
    bench_sweep(rules, 1_000); // warm up
    let start = Instant::now();
    let checksum = bench_sweep(rules, n);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "net_pay: {n} computations in {secs:.3} s = {:.0} per second on one core (checksum {checksum})",
        n as f64 / secs
    );
    assert_ne!(checksum, 0);
    // The same inputs give the same checksum.
    assert_eq!(bench_sweep(rules, 5_000), bench_sweep(rules, 5_000));
}
