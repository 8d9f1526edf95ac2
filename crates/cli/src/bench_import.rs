//! `kakehashi bench import`: generates a licence register of `--rows` rows (about 250 bytes
//! each, like the department's), imports it into a fresh database through the import job, and
//! prints the time with two baselines from the same run: a register a quarter the size (the
//! time per row should not grow with the file) and a second import of the same file (nothing
//! changes, so it measures reading and comparing alone).

use anyhow::{Result, bail};
use clap::Args;
use kakehashi_core::audit::By;
use kakehashi_core::clock::SystemClock;
use kakehashi_core::crypto::Keys;
use kakehashi_core::registry::import::import_register;
use kakehashi_core::{Core, Settings};
use kakehashi_store::Backend;
use kakehashi_store::testing::ScratchDb;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::fmt::Write;
use std::sync::Arc;
use std::time::Instant;

#[derive(Args)]
pub struct ImportBench {
    /// Rows of the generated register (200,000 make about 50 MB).
    #[arg(long, default_value_t = 200_000, value_parser = clap::value_parser!(u64).range(4..))]
    rows: u64,
    /// `sqlite` (a temporary file) or `postgres` (a temporary database on KAKEHASHI_TEST_PG_URL).
    #[arg(long, default_value = "sqlite")]
    backend: String,
}

const HEADER: &str = "licence_number,issued_on,ends_on,name,name_romanised,enterprise_code,kind,country,address,phone,website,status,issuer\n";
const TRADES: [(&str, &str); 6] = [
    ("Cung ứng Nhân lực", "Cung ung Nhan luc"),
    ("Hợp tác Lao động Quốc tế", "Hop tac Lao dong Quoc te"),
    ("Phát triển Nguồn nhân lực", "Phat trien Nguon nhan luc"),
    ("Dịch vụ Việc làm", "Dich vu Viec lam"),
    ("Xuất khẩu Lao động", "Xuat khau Lao dong"),
    ("Đầu tư và Thương mại", "Dau tu va Thuong mai"),
];
const PLACES: [(&str, &str); 8] = [
    ("Sông Lam", "Song Lam"),
    ("Bình Minh", "Binh Minh"),
    ("Ánh Dương", "Anh Duong"),
    ("Cầu Vồng", "Cau Vong"),
    ("Hạ Long", "Ha Long"),
    ("Tây Hồ", "Tay Ho"),
    ("Kinh Bắc", "Kinh Bac"),
    ("Phú Xuân", "Phu Xuan"),
];
const STATUSES: [&str; 4] = ["active", "active", "active", "suspended"];

/// A register of `n` rows; licence numbers and enterprise codes start at `first`.
pub fn register(n: u64, first: u64, seed: u64) -> Vec<u8> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = String::with_capacity(usize::try_from(n).unwrap_or(0) * 260);
    out.push_str(HEADER);
    for i in first..first + n {
        let (trade, trade_r) = TRADES[rng.random_range(0..TRADES.len())];
        let (place, place_r) = PLACES[rng.random_range(0..PLACES.len())];
        let status = STATUSES[rng.random_range(0..STATUSES.len())];
        let street = rng.random_range(1..400);
        let _ = writeln!(
            out,
            "{i}/LĐTBXH-GP,20{:02}-{:02}-{:02},,Công ty Cổ phần {trade} {place} {i},\
             Cong ty Co phan {trade_r} {place_r} {i},{:010},sending_enterprise,VN,\
             \"Số {street} đường Trần Duy Hưng, phường Yên Hòa, Thành phố Hà Nội\",\
             +84 24 3{:03} {:04},https://e{i}.example,{status},Bộ Lao động - Thương binh và Xã hội",
            10 + i % 15,
            1 + i % 12,
            1 + i % 28,
            9_000_000_000 + i,
            i % 1000,
            i % 10_000,
        );
    }
    out.into_bytes()
}

async fn timed_import(backend: Backend, files: &[&[u8]]) -> Result<Vec<f64>> {
    let scratch = ScratchDb::new(backend).await?;
    let keys = Keys::from_base64(&Keys::generate_secret(), &[])?;
    let core = Core::new(
        scratch.db.clone(),
        Arc::new(SystemClock),
        keys,
        Settings::default(),
    );
    let mut secs = Vec::new();
    for bytes in files {
        let start = Instant::now();
        let report = import_register(&core, By::System("bench"), bytes, false, &|_, _, _| {})
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        secs.push(start.elapsed().as_secs_f64());
        if report.rejected > 0 {
            bail!(
                "the generated register was refused: {:?}",
                report.errors.first()
            );
        }
    }
    Ok(secs)
}

pub async fn run(args: ImportBench) -> Result<()> {
    let backend = match args.backend.as_str() {
        "sqlite" => Backend::Sqlite,
        "postgres" => Backend::Postgres,
        other => bail!("--backend must be sqlite or postgres, not {other}"),
    };
    let n = args.rows;
    let quarter = (n / 4).max(1);
    let small = register(quarter, 1, 7);
    let large = register(n, 1, 7);
    let base = timed_import(backend, &[&small]).await?;
    let full = timed_import(backend, &[&large, &large]).await?;
    let (t_small, t_full, t_again) = (base[0], full[0], full[1]);
    let per_row_ratio = (t_full / n as f64) / (t_small / quarter as f64);
    let mb = large.len() as f64 / 1_000_000.0;
    println!(
        "backend={} rows={n} megabytes={mb:.1} import_secs={t_full:.2} rows_per_sec={:.0} \
         baseline_rows={quarter} baseline_secs={t_small:.2} per_row_vs_baseline={per_row_ratio:.2} \
         reimport_unchanged_secs={t_again:.2} projected_50mb_secs={:.0}",
        args.backend,
        n as f64 / t_full,
        t_full * 50.0 / mb,
    );
    Ok(())
}
