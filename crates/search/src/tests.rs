use super::*;

fn schema() -> Schema {
    Schema {
        facets: vec!["field", "prefecture"],
        numbers: vec![("pay", 5_000), ("at", 10)],
    }
}

#[allow(clippy::too_many_arguments)]
fn doc(
    key: &str,
    vi: &str,
    en: &str,
    ja: &str,
    field: &str,
    pref: &str,
    pay: i64,
    at: i64,
) -> Doc<String> {
    Doc {
        key: key.into(),
        texts: vec![
            (Lang::Vi, vi.into(), String::new()),
            (Lang::En, en.into(), format!("{en} description")),
            (Lang::Ja, ja.into(), String::new()),
        ],
        facets: vec![field.into(), pref.into()],
        numbers: vec![Some(pay), Some(at)],
        depends_on: vec![format!("org-{key}")],
        payload: key.into(),
    }
}

fn q(text: &str) -> Query<'_> {
    Query {
        text,
        filters: vec![None, None],
        ranges: vec![(None, None), (None, None)],
        sort: Sort::Relevance { then: 1 },
        offset: 0,
        limit: 20,
    }
}

fn index() -> Index<String> {
    let mut ix = Index::new(schema());
    ix.upsert(doc(
        "ship",
        "Thợ hàn đóng tàu",
        "Shipbuilding welders",
        "造船溶接作業員",
        "ship",
        "40",
        250_000,
        1,
    ));
    ix.upsert(doc(
        "pack",
        "Đóng gói tại ga tàu",
        "Packing at a station",
        "駅で包装",
        "food",
        "13",
        200_000,
        2,
    ));
    ix.upsert(doc(
        "care",
        "Hộ lý chăm sóc",
        "Care worker",
        "介護職員",
        "care",
        "13",
        230_000,
        3,
    ));
    ix
}

#[test]
fn syllable_pairs_keep_words_together() {
    let ix = index();
    let a = ix.search(&q("dong tau"));
    assert_eq!(a.hits, ["ship"]);
    assert_eq!(ix.search(&q("đóng tàu")).hits, a.hits);
    assert_eq!(ix.search(&q("溶接")).hits, ["ship"]);
    assert_eq!(ix.search(&q("介護")).hits, ["care"]);
    assert_eq!(ix.search(&q("welder")).hits, ["ship"]);
    assert_eq!(ix.search(&q("\"(*:-")).total, 3, "syntax alone is no query");
}

#[test]
fn facets_count_without_their_own_filter_and_ranges_are_exact() {
    let ix = index();
    let mut query = q("");
    query.filters[1] = Some("13".into());
    let a = ix.search(&query);
    assert_eq!(a.total, 2);
    // The prefecture facet ignores its own filter; the field facet does not.
    assert_eq!(a.facets[1], [("13".to_owned(), 2), ("40".to_owned(), 1)]);
    assert_eq!(
        a.facets[0],
        [("care".to_owned(), 1), ("food".to_owned(), 1)]
    );
    let mut query = q("");
    query.ranges[0] = (Some(230_000), None);
    query.sort = Sort::By {
        field: 0,
        desc: true,
        then: 1,
    };
    assert_eq!(ix.search(&query).hits, ["ship", "care"]);
    query.ranges[0] = (Some(230_001), Some(249_999));
    assert_eq!(ix.search(&query).total, 0);
}

#[test]
fn pages_updates_hiding_and_snapshots() {
    let mut ix = index();
    let mut query = q("");
    query.limit = 2;
    assert_eq!(ix.search(&query).hits, ["care", "pack"], "newest first");
    query.offset = 2;
    assert_eq!(ix.search(&query).hits, ["ship"]);
    query.offset = 30;
    assert!(ix.search(&query).hits.is_empty());
    ix.set_hidden("care", true);
    assert_eq!(ix.search(&q("")).total, 2);
    ix.refresh_hidden(Some("org-care"), |_| true);
    assert_eq!(ix.search(&q("")).total, 3);
    ix.upsert(doc(
        "care",
        "Hộ lý",
        "Nurse aide",
        "看護助手",
        "care",
        "1",
        240_000,
        3,
    ));
    assert_eq!(ix.search(&q("介護")).total, 0);
    assert_eq!(ix.search(&q("看護")).hits, ["care"]);
    assert!(ix.remove("pack"));
    assert_eq!(ix.len(), 2);

    let dir = std::env::temp_dir().join(format!("kakehashi-search-test-{}", std::process::id()));
    let path = dir.join("index.snapshot");
    ix.write_snapshot(&path, 42).unwrap();
    let (back, w) = Index::<String>::read_snapshot(schema(), &path).unwrap();
    assert_eq!(w, 42);
    assert_eq!(back.search(&q("看護")).hits, ["care"]);
    assert_eq!(back.search(&q("")).total, 2);
    // One flipped byte is found.
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&path, &bytes).unwrap();
    assert!(matches!(
        Index::<String>::read_snapshot(schema(), &path),
        Err(snapshot::Refused::Corrupt(_))
    ));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn title_matches_rank_first_and_big_sets_page_by_buckets() {
    let mut ix = Index::new(schema());
    for i in 0..10_000 {
        let (t, d) = if i % 100 == 0 {
            ("Welder", "Factory work")
        } else {
            ("Factory work", "welder helper")
        };
        ix.upsert(Doc {
            key: format!("d{i}"),
            texts: vec![(Lang::En, t.into(), d.into())],
            facets: vec!["f".into(), (i % 47 + 1).to_string()],
            numbers: vec![Some(150_000 + (i * 37) % 100_000), Some(i)],
            depends_on: vec![],
            payload: format!("d{i}"),
        });
    }
    let a = ix.search(&q("welders"));
    assert_eq!(a.total, 10_000);
    assert_eq!(a.hits[0], "d9900", "title matches first, newest first");
    assert!(
        a.hits[..20]
            .iter()
            .all(|h| h.trim_start_matches('d').parse::<i64>().unwrap() % 100 == 0)
    );
    let mut query = q("");
    query.sort = Sort::By {
        field: 0,
        desc: true,
        then: 1,
    };
    query.offset = 40;
    let hits = ix.search(&query).hits;
    let pay = |h: &String| 150_000 + (h[1..].parse::<i64>().unwrap() * 37) % 100_000;
    let mut all: Vec<i64> = (0..10_000).map(|i| 150_000 + (i * 37) % 100_000).collect();
    all.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(hits.iter().map(pay).collect::<Vec<_>>(), all[40..60]);
}
