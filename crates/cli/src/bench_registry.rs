//! `kakehashi bench registry`: generates a register of organisations, serves it, and times
//! look-ups by name and licence number through HTTP with concurrent clients; then runs the
//! same queries as a plain substring scan of the same table, the baseline, in the same run.

use anyhow::{Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use kakehashi_core::clock::SystemClock;
use kakehashi_core::crypto::Keys;
use kakehashi_core::registry::search_fields;
use kakehashi_core::{Core, Settings};
use kakehashi_store::organisations::OrganisationRow;
use kakehashi_store::registry::LicenceRow;
use kakehashi_store::testing::ScratchDb;
use kakehashi_store::{Backend, Db, bulk};
use kakehashi_web::{AppState, WebConfig};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(Args)]
pub struct RegistryBench {
    /// Organisations to generate.
    #[arg(long, default_value_t = 100_000)]
    organisations: usize,
    /// Queries to time.
    #[arg(long, default_value_t = 5_000)]
    queries: usize,
    /// Concurrent HTTP clients.
    #[arg(long, default_value_t = 4)]
    clients: usize,
    /// `sqlite` (a temporary file) or `postgres` (a temporary database on KAKEHASHI_TEST_PG_URL).
    #[arg(long, default_value = "sqlite")]
    backend: String,
    /// Time only this query (repeatable; cycled through `--queries` times) instead of the
    /// generated mix, e.g. `--query '%' --query 'cong ty'` for broad look-ups.
    #[arg(long = "query")]
    only: Vec<String>,
}

const KINDS: [&str; 3] = ["Cổ phần", "TNHH", "TNHH Một thành viên"];
const TRADES: [&str; 8] = [
    "Cung ứng Nhân lực",
    "Hợp tác Quốc tế",
    "Phát triển Nguồn nhân lực",
    "Dịch vụ Việc làm",
    "Xuất khẩu Lao động",
    "Đầu tư và Thương mại",
    "Giáo dục và Đào tạo",
    "Tư vấn Du học và Việc làm",
];
const SYLLABLES: [&str; 48] = [
    "An", "Bình", "Minh", "Phát", "Sao", "Việt", "Hồng", "Hà", "Thành", "Đạt", "Long", "Hải",
    "Nam", "Trung", "Quang", "Đức", "Tâm", "Phúc", "Hưng", "Thịnh", "Tiến", "Lộc", "Nhật", "Tân",
    "Hoà", "Kim", "Ngọc", "Sơn", "Thái", "Vinh", "Gia", "Khang", "Bảo", "Châu", "Đông", "Tây",
    "Bắc", "Lạc", "Hoàng", "Huy", "Mỹ", "Phong", "Quốc", "Toàn", "Trí", "Uy", "Xuân", "Yên",
];
const KANJI: [&str; 24] = [
    "東", "海", "北", "斗", "山", "田", "中", "川", "桜", "富", "士", "松", "竹", "梅", "光", "明",
    "大", "和", "三", "星", "日", "本", "新", "栄",
];
const TRADES_JA: [&str; 6] = ["工業", "食品", "建設", "精密", "農産", "介護"];

struct Generated {
    orgs: Vec<OrganisationRow>,
    licences: Vec<LicenceRow>,
    terms: Vec<(String, String)>,
    /// Queries people would type: names without diacritics, with them, licence numbers,
    /// enterprise codes, Japanese names.
    queries: Vec<String>,
}

fn fold_ascii(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(kakehashi_rules::geo::fold_vietnamese_char)
        .collect()
}

fn generate(n: usize, queries: usize, rng: &mut StdRng) -> Generated {
    let mut orgs = Vec::with_capacity(n);
    let mut licences = Vec::with_capacity(n);
    let mut terms = Vec::with_capacity(n * 12);
    let mut names = Vec::with_capacity(n);
    let bar = progress(n as u64, "generating");
    for i in 0..n {
        let id = uuid::Uuid::now_v7().to_string();
        let japanese = i % 10 >= 7;
        let (name, romanised, kind, country) = if japanese {
            let a = KANJI[rng.random_range(0..KANJI.len())];
            let b = KANJI[rng.random_range(0..KANJI.len())];
            let t = TRADES_JA[i % TRADES_JA.len()];
            (
                format!("株式会社{a}{b}{t}{}", i / 1000),
                format!("{a}{b} {t} Co., Ltd. {}", i / 1000),
                "employer",
                "JP",
            )
        } else {
            let proper = format!(
                "{} {}",
                SYLLABLES[rng.random_range(0..SYLLABLES.len())],
                SYLLABLES[rng.random_range(0..SYLLABLES.len())]
            );
            let name = format!(
                "Công ty {} {} {proper} {}",
                KINDS[i % KINDS.len()],
                TRADES[(i / 3) % TRADES.len()],
                i / 997
            );
            let romanised = fold_ascii(&name);
            (name, romanised, "sending_enterprise", "VN")
        };
        let code = format!("{:010}", 100_000_000 + i);
        let number = format!("{}/LĐTBXH-GP", 10_000 + i);
        let (search_text, org_terms) = search_fields(&name, &romanised, Some(&code), &[&number]);
        terms.extend(org_terms.into_iter().map(|t| (t, id.clone())));
        licences.push(LicenceRow {
            id: uuid::Uuid::now_v7().to_string(),
            organisation_id: id.clone(),
            number: number.clone(),
            issuer: "Bộ Lao động - Thương binh và Xã hội".into(),
            issued_on: format!("{}-0{}-15", 2015 + i % 10, 1 + i % 9),
            ends_on: None,
            scope_programmes: String::new(),
            scope_countries: "JP".into(),
            status: if i % 50 == 0 {
                "suspended".into()
            } else {
                "active".into()
            },
            created_at: 0,
            updated_at: 0,
        });
        names.push((name.clone(), number, code.clone()));
        orgs.push(OrganisationRow {
            id,
            kind: kind.into(),
            name,
            name_romanised: romanised,
            country: country.into(),
            address: String::new(),
            phone: String::new(),
            email: String::new(),
            website: String::new(),
            enterprise_code: Some(code),
            search_text,
            created_at: 0,
            updated_at: 0,
        });
        bar.inc(1);
    }
    bar.finish_and_clear();
    let queries = (0..queries)
        .map(|q| {
            let (name, number, code) = &names[rng.random_range(0..names.len())];
            match q % 10 {
                0..=3 => fold_ascii(name),
                4 | 5 => name.clone(),
                6 | 7 => number.clone(),
                8 => code.clone(),
                // The distinctive part of a name only: "sao viet 12", "東海".
                _ => name
                    .split_whitespace()
                    .rev()
                    .take(3)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<Vec<_>>()
                    .join(" "),
            }
        })
        .collect();
    Generated {
        orgs,
        licences,
        terms,
        queries,
    }
}

fn progress(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg:>12} {bar:40} {pos}/{len} ({eta})")
            .expect("valid template"),
    );
    bar.set_message(what.to_owned());
    bar
}

async fn load(db: &Db, g: &Generated) -> Result<()> {
    let bar = progress(g.orgs.len() as u64, "loading");
    for (orgs, lics) in g.orgs.chunks(2_000).zip(g.licences.chunks(2_000)) {
        let mut tx = db.begin().await?;
        bulk::organisations(&mut tx, orgs).await?;
        bulk::licences(&mut tx, lics).await?;
        tx.commit().await?;
        bar.inc(orgs.len() as u64);
    }
    bar.finish_and_clear();
    let bar = progress(g.terms.len() as u64, "indexing");
    for chunk in g.terms.chunks(20_000) {
        let mut tx = db.begin().await?;
        bulk::terms(&mut tx, chunk).await?;
        tx.commit().await?;
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    // Fresh statistics, so both planners see the loaded tables as they are; on PostgreSQL
    // also the visibility map (autovacuum's work in production), for index-only scans.
    let maintain = match db.backend() {
        Backend::Sqlite => "ANALYZE",
        Backend::Postgres => "VACUUM ANALYZE",
    };
    sqlx::query(maintain).execute(db.pool()).await?;
    Ok(())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn through_http(
    base: &str,
    queries: &[String],
    clients: usize,
) -> Result<(Vec<Duration>, Duration)> {
    let client = reqwest::Client::new();
    let next = Arc::new(AtomicUsize::new(0));
    let queries = Arc::new(queries.to_vec());
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, next, queries, base) = (
            client.clone(),
            next.clone(),
            queries.clone(),
            base.to_owned(),
        );
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(q) = queries.get(i) else { break };
                let t = Instant::now();
                let res = client
                    .get(format!("{base}/api/v1/organisations"))
                    .query(&[("q", q.as_str())])
                    .send()
                    .await?;
                anyhow::ensure!(
                    res.status().is_success(),
                    "query {q:?} answered {}",
                    res.status()
                );
                let body: serde_json::Value = res.json().await?;
                anyhow::ensure!(
                    body["total"].as_i64().unwrap_or(0) > 0,
                    "query {q:?} found nothing"
                );
                times.push(t.elapsed());
            }
            anyhow::Ok(times)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    let wall = started.elapsed();
    all.sort();
    Ok((all, wall))
}

/// What one would write without the term index: a substring scan of the folded text.
async fn baseline(db: &Db, queries: &[String]) -> Result<Vec<Duration>> {
    let mut times = Vec::with_capacity(queries.len());
    for q in queries {
        let pattern = format!("%{}%", kakehashi_core::text::fold(q));
        let t = Instant::now();
        let total: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM organisations WHERE search_text LIKE $1")
                .bind(&pattern)
                .fetch_one(db.pool())
                .await?;
        let _rows: Vec<(String,)> = sqlx::query_as(
            "SELECT id FROM organisations WHERE search_text LIKE $1 ORDER BY name_romanised, id LIMIT 20",
        )
        .bind(&pattern)
        .fetch_all(db.pool())
        .await?;
        anyhow::ensure!(total > 0, "baseline query {q:?} found nothing");
        times.push(t.elapsed());
    }
    times.sort();
    Ok(times)
}

pub async fn run(args: RegistryBench) -> Result<()> {
    let backend = match args.backend.as_str() {
        "sqlite" => Backend::Sqlite,
        "postgres" => Backend::Postgres,
        other => anyhow::bail!("--backend: use sqlite or postgres, not {other:?}"),
    };
    if cfg!(debug_assertions) {
        println!("note: a debug build; build with --release for figures that mean anything");
    }
    let mut rng = StdRng::seed_from_u64(2026);
    let started = Instant::now();
    let mut generated = generate(args.organisations, args.queries, &mut rng);
    if !args.only.is_empty() {
        generated.queries = args
            .only
            .iter()
            .cycle()
            .take(args.queries)
            .cloned()
            .collect();
    }
    let scratch = ScratchDb::new(backend)
        .await
        .context("creating the benchmark database")?;
    load(&scratch.db, &generated).await?;
    let build_s = started.elapsed().as_secs_f64();
    println!(
        "generated and loaded {} organisations ({} terms) in {build_s:.1} s on {:?}",
        args.organisations,
        generated.terms.len(),
        backend
    );

    let keys = Keys::from_base64(&Keys::generate_secret(), &[]).expect("fresh key");
    let core = Core::new(
        scratch.db.clone(),
        Arc::new(SystemClock),
        keys,
        Settings::default(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(kakehashi_web::serve(
        listener,
        // The benchmark's clients are one address: no throttling.
        AppState::new(
            core,
            WebConfig {
                lookup_rate: None,
                ..WebConfig::default()
            },
        ),
        async {
            let _ = stopped.await;
        },
    ));

    // Warm up caches, then measure.
    through_http(
        &base,
        &generated.queries[..generated.queries.len().min(200)],
        args.clients,
    )
    .await?;
    let (times, wall) = through_http(&base, &generated.queries, args.clients).await?;
    let _ = stop.send(());
    let _ = server.await;
    let base_times = baseline(
        &scratch.db,
        &generated.queries[..generated.queries.len().min(500)],
    )
    .await?;

    let (p50, p95, p99, max) = (
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 0.99),
        percentile(&times, 1.0),
    );
    let qps = times.len() as f64 / wall.as_secs_f64();
    let (b50, b99) = (percentile(&base_times, 0.5), percentile(&base_times, 0.99));
    println!(
        "look-up through HTTP, {} queries, {} clients: p50 {p50:.2} ms, p95 {p95:.2} ms, p99 {p99:.2} ms, max {max:.2} ms, {qps:.0} queries/s",
        times.len(),
        args.clients
    );
    println!(
        "baseline (substring scan of the same table, direct SQL, one client): p50 {b50:.2} ms, p99 {b99:.2} ms"
    );
    println!("p99 ratio baseline/indexed: {:.1}×", b99 / p99.max(0.001));
    if std::env::var_os("KAKEHASHI_BENCH_KEEP_DB").is_some() {
        println!("kept the benchmark database: {}", scratch.keep());
    }
    println!(
        "RESULT organisations={} backend={} build_s={build_s:.1} p50_ms={p50:.2} p99_ms={p99:.2} qps={qps:.0} baseline_p99_ms={b99:.2} ratio={:.1}",
        args.organisations,
        args.backend,
        b99 / p99.max(0.001)
    );
    Ok(())
}
