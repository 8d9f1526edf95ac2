//! `kakehashi bench relevance`: the labelled relevance set (`data/search/relevance.csv`) run
//! over generated postings whose true field is known, printing precision at 20 per language.
//!
//! The postings are the demo's templates (`core/src/demo_jobs.rs`) with sentences that mislead
//! a naive matcher mixed in: 'gần ga tàu' (near the station) beside 'đóng gói' (packing), a
//! hotel in a laundry's description, and so on. They are indexed by the same index and ranked
//! by the same relevance order as the API.

use anyhow::{Context, Result, bail};
use clap::Args;
use kakehashi_core::demo_jobs::{FIELD_TEXTS, plan};
use kakehashi_core::search::{Employer, SearchItem};
use kakehashi_search::analyze::Lang;
use kakehashi_search::{Doc, Index, Query, Schema, Sort};
use std::collections::BTreeMap;

pub const RELEVANCE_CSV: &str = include_str!("../../../data/search/relevance.csv");

#[derive(Args)]
pub struct RelevanceBench {
    /// How many postings to generate.
    #[arg(long, default_value_t = 3_000, value_parser = clap::value_parser!(u64).range(100..=10_000_000))]
    pub postings: u64,
    /// Lowest precision at 20 accepted in every language (the command fails below it).
    #[arg(long, default_value_t = 0.95)]
    pub target: f64,
}

/// One labelled query.
pub struct Labelled {
    pub query: String,
    pub lang: String,
    pub field: String,
}

pub fn relevance_set() -> Result<Vec<Labelled>> {
    let mut out = Vec::new();
    let data: String = RELEVANCE_CSV
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    let mut r = csv::Reader::from_reader(data.as_bytes());
    for row in r.records() {
        let row = row.context("data/search/relevance.csv")?;
        let (Some(q), Some(l), Some(f)) = (row.get(0), row.get(1), row.get(2)) else {
            bail!("data/search/relevance.csv: a row without query, lang and field");
        };
        if !FIELD_TEXTS.iter().any(|t| t.field == f) {
            bail!("data/search/relevance.csv: unknown field {f}");
        }
        out.push(Labelled {
            query: q.into(),
            lang: l.into(),
            field: f.into(),
        });
    }
    Ok(out)
}

/// Sentences that share words with other fields, one mixed into each posting.
const DISTRACTORS: [(&str, &str, &str); 4] = [
    (
        "Ký túc xá gần ga tàu.",
        "寮は駅の近くです。",
        "The dormitory is near the station.",
    ),
    (
        "Có xe đưa đón đến nơi làm việc.",
        "職場まで送迎バスがあります。",
        "A bus takes you to work.",
    ),
    (
        "Được học tiếng Nhật miễn phí.",
        "日本語講座は無料です。",
        "Japanese lessons are free.",
    ),
    (
        "Có căng tin phục vụ bữa trưa.",
        "社員食堂で昼食を提供します。",
        "A canteen serves lunch.",
    ),
];

/// Generated posting `i`: its field and its document (with a hit as large as a real one).
pub fn generated(i: usize) -> (String, Doc<SearchItem>) {
    let (f, prog) = plan(i);
    let input = kakehashi_core::demo_jobs::posting(i, f, prog);
    let d = DISTRACTORS[(i / 7) % DISTRACTORS.len()];
    let item = SearchItem {
        id: format!("01JD{i:022}"),
        title: input.title.clone(),
        program: prog.to_owned(),
        field: f.field.to_owned(),
        prefecture: input.prefecture,
        region: String::new(),
        municipality: input.municipality.clone(),
        net_pay_jpy: input.monthly_wage_jpy * 3 / 4,
        upfront_cost_vnd: 12_000_000,
        months_to_repay: Some(2.5),
        japanese_level: input.japanese_level.clone(),
        housing_provided: input.housing.provided,
        start_date: input.start_date.clone(),
        published_at: i as i64,
        rate_date: None,
        employer: Employer {
            id: format!("01JE{:022}", i % 997),
            name: "株式会社みなと造船".into(),
            name_romanised: "Minato Shipbuilding Co., Ltd.".into(),
            in_good_standing: true,
        },
    };
    let doc = Doc {
        key: i.to_string(),
        texts: vec![
            (
                Lang::Vi,
                input.title.vi,
                format!("{} {}", input.description.vi, d.0),
            ),
            (
                Lang::Ja,
                input.title.ja,
                format!("{}{}", input.description.ja, d.1),
            ),
            (
                Lang::En,
                input.title.en,
                format!("{} {}", input.description.en, d.2),
            ),
        ],
        facets: vec![f.field.to_owned()],
        numbers: vec![Some(i as i64)],
        depends_on: vec![],
        payload: item,
    };
    (f.field.to_owned(), doc)
}

/// Queries below a precision of 1, with their precision.
pub type Shortfalls = Vec<(String, f64)>;

/// Precision at 20 per language over `n` generated postings: of the first 20 results (or all,
/// when fewer match), the share whose field is the one the query means; and the queries that
/// fell short, with their precision.
pub fn precision_at_20(n: usize) -> Result<(BTreeMap<String, f64>, Shortfalls, u64)> {
    let set = relevance_set()?;
    let mut index = Index::new(Schema {
        facets: vec!["field"],
        numbers: vec![("order", 1_000)],
    });
    let before = peak_rss_kb();
    for i in 0..n {
        index.upsert(generated(i).1);
    }
    let index_kb = peak_rss_kb().saturating_sub(before);
    let mut sums: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    let mut short = Vec::new();
    for l in &set {
        let a = index.search(&Query {
            text: &l.query,
            filters: vec![None],
            ranges: vec![(None, None)],
            sort: Sort::Relevance { then: 0 },
            offset: 0,
            limit: 20,
        });
        let k = a.hits.len();
        let p = if k == 0 {
            0.0
        } else {
            a.hits.iter().filter(|h| h.field == l.field).count() as f64 / k as f64
        };
        if p < 1.0 {
            short.push((format!("{} ({}) → {}", l.query, l.lang, l.field), p));
        }
        let e = sums.entry(l.lang.clone()).or_default();
        e.0 += p;
        e.1 += 1;
    }
    Ok((
        sums.into_iter()
            .map(|(k, (s, c))| (k, s / c as f64))
            .collect(),
        short,
        index_kb,
    ))
}

/// The process's peak resident memory, in KiB (0 where /proc is not there).
pub fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

pub fn run(args: &RelevanceBench) -> Result<std::process::ExitCode> {
    let (by_lang, short, index_kb) = precision_at_20(args.postings as usize)?;
    for (q, p) in &short {
        println!("below 1.0: {q}: {p:.2}");
    }
    let line: Vec<String> = by_lang.iter().map(|(l, p)| format!("{l}={p:.3}")).collect();
    println!(
        "precision_at_20 {} (postings={}, queries={})",
        line.join(" "),
        args.postings,
        relevance_set()?.len()
    );
    println!(
        "index memory: {:.1} MiB for {} postings ({:.1} MiB per 100,000; growth of peak RSS)",
        index_kb as f64 / 1024.0,
        args.postings,
        index_kb as f64 / 1024.0 * 100_000.0 / args.postings as f64
    );
    if by_lang.values().any(|&p| p < args.target) {
        eprintln!("below the target of {}", args.target);
        return Ok(std::process::ExitCode::FAILURE);
    }
    Ok(std::process::ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    /// The relevance set at a small size: every language at or above the target.
    #[test]
    fn precision_at_20_meets_the_target_at_a_small_size() {
        let set = super::relevance_set().unwrap();
        for lang in ["vi", "ja", "en"] {
            assert!(
                set.iter().filter(|l| l.lang == lang).count() >= 20,
                "{lang}"
            );
        }
        let (by_lang, short, _) = super::precision_at_20(1_200).unwrap();
        for lang in ["vi", "ja", "en"] {
            assert!(by_lang[lang] >= 0.95, "{lang}: {by_lang:?} {short:?}");
        }
    }
}
