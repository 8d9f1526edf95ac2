//! Job search: the public list of postings, found in the worker's own words.
//!
//! The database is the truth; each instance keeps its own in-memory index
//! ([`kakehashi_search`]) of every published posting. Every change that can affect search
//! writes a row to the search outbox in its own transaction ([`crate::audit::record`] does it
//! for postings and organisations, so licences and sanctions too); each instance reads the
//! rows after the last one it applied, every [`crate::Settings::search_poll_ms`], and updates
//! its index. Standing is computed from the dated licences and sanctions kept with the index
//! (the one definition in `registry::standing`), and recomputed when the date changes, so a
//! sanction dated in the future removes its postings on its date without a restart.
//!
//! At start the index is read from its snapshot (`KAKEHASHI_SEARCH_DIR`) when that is
//! present, of this schema version, intact and not stale, else rebuilt from the database.

use crate::error::{CoreError, CoreResult, FieldError, Problems};
use crate::postings::PostingStatus;
use crate::registry::{Record, records};
use crate::{Core, Rules};
use jiff::civil::Date;
use kakehashi_rules::recruitment::{ExchangeRates, FeeInput, Programme};
use kakehashi_search::analyze::Lang;
use kakehashi_search::snapshot::Refused;
use kakehashi_search::{Doc, Index, Query, Schema, Sort};
use kakehashi_store::postings::{self as store, IndexRow};
use kakehashi_store::search_outbox;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, RwLock, Weak};
use std::time::{Duration, Instant};

/// Whether changes to an entity of this type can change what search shows.
pub fn affects_search(entity_type: &str) -> bool {
    matches!(entity_type, "posting" | "organisation")
}

// Facets and numbers of the index, in schema order.
const F_PROGRAM: usize = 0;
const F_FIELD: usize = 1;
const F_PREFECTURE: usize = 2;
const F_LEVEL: usize = 3;
const F_REGION: usize = 4;
const F_HOUSING: usize = 5;
const N_NET_PAY: usize = 0;
const N_UPFRONT: usize = 1;
const N_MONTHS_X10: usize = 2;
const N_PUBLISHED: usize = 3;

/// The facets counted in the answer.
pub const FACETS: [&str; 4] = ["program", "field", "prefecture", "japanese_level"];

fn schema() -> Schema {
    Schema {
        facets: vec![
            "program",
            "field",
            "prefecture",
            "japanese_level",
            "region",
            "housing",
        ],
        // Bucket widths: a page sorted by a number is found by walking these buckets.
        numbers: vec![
            ("net_pay_jpy", 5_000),
            ("upfront_cost_vnd", 2_000_000),
            ("months_to_repay_x10", 5),
            ("published_at", 86_400_000_000),
        ],
    }
}

/// The employer of a search result.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Employer {
    pub id: String,
    pub name: String,
    pub name_romanised: String,
    /// Always true in search results: others are never shown.
    pub in_good_standing: bool,
}

/// A posting found by search.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchItem {
    pub id: String,
    pub title: crate::postings::Texts,
    pub program: String,
    pub field: String,
    /// JIS code 1–47.
    pub prefecture: i64,
    pub region: String,
    pub municipality: String,
    /// First-year take-home pay per month after every deduction, in yen.
    pub net_pay_jpy: i64,
    /// Everything the worker pays up front, in dong (fees in yen at the selling rate of the
    /// day the index computed it).
    pub upfront_cost_vnd: i64,
    /// Months of take-home pay that repay the upfront cost, to a tenth (none without pay).
    pub months_to_repay: Option<f64>,
    pub japanese_level: String,
    pub housing_provided: bool,
    pub start_date: String,
    /// Microseconds since the Unix epoch.
    pub published_at: i64,
    pub rate_date: Option<String>,
    pub employer: Employer,
}

/// Counts per facet value, over the query and every other filter.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facets {
    pub program: BTreeMap<String, u64>,
    pub field: BTreeMap<String, u64>,
    pub prefecture: BTreeMap<String, u64>,
    pub japanese_level: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchPage {
    pub items: Vec<SearchItem>,
    pub total: u64,
    pub page: i64,
    pub per_page: i64,
    pub facets: Facets,
}

/// The search's parameters, as the API and the page take them.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    /// Words in Vietnamese (with or without diacritics), Japanese or English; at most 10,000
    /// characters, of which the first 16 words count.
    #[cfg_attr(feature = "openapi", param(max_length = 10000))]
    pub q: Option<String>,
    /// A programme id.
    pub program: Option<String>,
    /// A field id.
    pub field: Option<String>,
    /// JIS code 1–47.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 47))]
    pub prefecture: Option<i64>,
    /// One of Japan's eight regions: `hokkaido`, `tohoku`, `kanto`, `chubu`, `kinki`,
    /// `chugoku`, `shikoku`, `kyushu_okinawa`.
    pub region: Option<String>,
    /// Lowest first-year take-home pay per month, in yen.
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub min_net_pay: Option<i64>,
    /// Highest upfront cost to the worker, in dong.
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub max_upfront_cost: Option<i64>,
    /// Most months of pay to repay the upfront cost (a decimal, e.g. `3` or `2.5`).
    #[cfg_attr(feature = "openapi", param(pattern = r"^[0-9]{1,3}(\.[0-9])?$"))]
    pub max_months_to_repay: Option<String>,
    /// The Japanese level asked for (an id such as `jlpt_n4`).
    pub japanese_level: Option<String>,
    /// `true`: housing provided; `false`: not provided.
    pub housing: Option<bool>,
    /// `relevance` (default with `q`), `net_pay` (highest first), `upfront_cost` (lowest
    /// first), `months_to_repay` (lowest first) or `recency` (default without `q`).
    #[cfg_attr(
        feature = "openapi",
        param(pattern = "^(relevance|net_pay|upfront_cost|months_to_repay|recency)?$")
    )]
    pub sort: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub page: Option<i64>,
    /// At most 100; 20 by default.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub per_page: Option<i64>,
    /// `vi`, `ja` or `en`: the reader's language (results carry all three).
    #[cfg_attr(feature = "openapi", param(pattern = "^(vi|ja|en)?$"))]
    pub lang: Option<String>,
}

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 10_000;

fn nonempty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Parses `3` or `2.5` into tenths.
fn tenths(s: &str) -> Option<i64> {
    let (w, f) = s.split_once('.').unwrap_or((s, "0"));
    if w.is_empty()
        || w.len() > 3
        || f.len() != 1
        || !w.bytes().chain(f.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    Some(w.parse::<i64>().ok()? * 10 + f.parse::<i64>().ok()?)
}

struct Valid {
    query: Query<'static>,
    text: String,
    page: i64,
    per_page: i64,
}

fn validate(rules: Rules, q: &SearchQuery) -> CoreResult<Valid> {
    let mut p = Problems::new();
    let text = q.q.clone().unwrap_or_default();
    if text.chars().count() > MAX_QUERY_CHARS {
        p.add(FieldError::new("q", "too_long").with("max", MAX_QUERY_CHARS));
    }
    let program = nonempty(&q.program);
    if program.is_some_and(|v| Programme::from_id(v).is_none()) {
        p.push("program", "unknown_programme");
    }
    let field = nonempty(&q.field);
    if field.is_some_and(|v| rules.recruitment.field(v).is_none()) {
        p.push("field", "unknown_field_id");
    }
    if q.prefecture.is_some_and(|c| !(1..=47).contains(&c)) {
        p.push("prefecture", "unknown_prefecture");
    }
    let region = nonempty(&q.region);
    if region.is_some_and(|r| !rules.geo.prefectures().iter().any(|x| x.region == r)) {
        p.push("region", "unknown_region");
    }
    let level = nonempty(&q.japanese_level);
    if level.is_some_and(|l| {
        kakehashi_rules::recruitment::JapaneseLevel::parse(l, "japanese_level").is_err()
    }) {
        p.push("japanese_level", "unknown_value");
    }
    if q.min_net_pay.is_some_and(|v| v < 0) {
        p.push("min_net_pay", "must_not_be_negative");
    }
    if q.max_upfront_cost.is_some_and(|v| v < 0) {
        p.push("max_upfront_cost", "must_not_be_negative");
    }
    let months = nonempty(&q.max_months_to_repay);
    let months_x10 = months.and_then(tenths);
    if months.is_some() && months_x10.is_none() {
        p.push("max_months_to_repay", "invalid_number");
    }
    let sort = match nonempty(&q.sort) {
        None if text.trim().is_empty() => "recency",
        None => "relevance",
        Some(s) => s,
    };
    let sort = match sort {
        "relevance" => Sort::Relevance { then: N_PUBLISHED },
        "net_pay" => Sort::By {
            field: N_NET_PAY,
            desc: true,
            then: N_PUBLISHED,
        },
        "upfront_cost" => Sort::By {
            field: N_UPFRONT,
            desc: false,
            then: N_PUBLISHED,
        },
        "months_to_repay" => Sort::By {
            field: N_MONTHS_X10,
            desc: false,
            then: N_PUBLISHED,
        },
        "recency" => Sort::By {
            field: N_PUBLISHED,
            desc: true,
            then: N_PUBLISHED,
        },
        _ => {
            p.push("sort", "unknown_value");
            Sort::Relevance { then: N_PUBLISHED }
        }
    };
    if nonempty(&q.lang).is_some_and(|l| !["vi", "ja", "en"].contains(&l)) {
        p.push("lang", "unknown_value");
    }
    let page = q.page.unwrap_or(1);
    let per_page = q.per_page.unwrap_or(20);
    if page < 1 {
        p.push("page", "must_be_positive");
    }
    if !(1..=100).contains(&per_page) {
        p.add(
            FieldError::new("per_page", "out_of_range")
                .with("min", 1)
                .with("max", 100),
        );
    }
    p.into_result()?;
    let mut filters = vec![None; 6];
    filters[F_PROGRAM] = program.map(str::to_owned);
    filters[F_FIELD] = field.map(str::to_owned);
    filters[F_PREFECTURE] = q.prefecture.map(|c| c.to_string());
    filters[F_LEVEL] = level.map(str::to_owned);
    filters[F_REGION] = region.map(str::to_owned);
    filters[F_HOUSING] = q.housing.map(|h| h.to_string());
    let mut ranges = vec![(None, None); 4];
    ranges[N_NET_PAY].0 = q.min_net_pay;
    ranges[N_UPFRONT].1 = q.max_upfront_cost;
    ranges[N_MONTHS_X10].1 = months_x10;
    // A page far beyond the end is empty, not an overflow.
    let offset = usize::try_from((page - 1).saturating_mul(per_page)).unwrap_or(usize::MAX / 2);
    Ok(Valid {
        query: Query {
            text: "",
            filters,
            ranges,
            sort,
            offset: offset.min(usize::MAX / 2),
            limit: per_page as usize,
        },
        text,
        page,
        per_page,
    })
}

/// The upfront cost at today's rate (dong, yen) and the rate's date; the stored dong figure
/// when the fees cannot be converted.
fn upfront(
    core: &Core,
    rates: &ExchangeRates,
    row: &kakehashi_store::postings::PostingRow,
) -> (i64, Option<i64>, Option<String>) {
    let lines: Vec<crate::postings::FeeLine> =
        serde_json::from_str(&row.fees_json).unwrap_or_default();
    let fees: Result<Vec<_>, _> = lines
        .iter()
        .enumerate()
        .map(|(i, f)| {
            FeeInput {
                kind: f.kind.clone(),
                amount: f.amount,
                currency: f.currency.clone(),
                payer: f.payer.clone(),
            }
            .parse(i)
        })
        .collect();
    match fees.and_then(|fees| {
        core.rules()
            .recruitment
            .cost_summary_at(rates, &fees, core.today())
    }) {
        Ok(c) => (
            c.worker_upfront_vnd,
            Some(c.worker_upfront_jpy),
            c.rate.map(|r| r.date.to_string()),
        ),
        Err(_) => (row.upfront_cost_vnd, None, None),
    }
}

/// The index document of a published posting.
pub fn document(core: &Core, rates: &ExchangeRates, r: &IndexRow) -> Doc<SearchItem> {
    let p = &r.posting;
    let region = core
        .rules()
        .geo
        .prefectures()
        .iter()
        .find(|x| i64::from(x.code) == p.prefecture)
        .map(|x| x.region.clone())
        .unwrap_or_default();
    let (vnd, jpy, rate_date) = upfront(core, rates, p);
    // The same rounding as the disclosure: up, to a tenth of a month.
    let months_x10 = jpy.filter(|_| p.net_pay_jpy > 0).map(|j| {
        let n = i128::from(j) * 10;
        let d = i128::from(p.net_pay_jpy);
        i64::try_from((n + d - 1) / d).unwrap_or(i64::MAX)
    });
    let housing = (p.housing_provided != 0).to_string();
    let item = SearchItem {
        id: p.id.clone(),
        title: crate::postings::Texts {
            vi: p.title_vi.clone(),
            ja: p.title_ja.clone(),
            en: p.title_en.clone(),
        },
        program: p.programme.clone(),
        field: p.field.clone(),
        prefecture: p.prefecture,
        region: region.clone(),
        municipality: p.municipality.clone(),
        net_pay_jpy: p.net_pay_jpy,
        upfront_cost_vnd: vnd,
        months_to_repay: months_x10.map(|m| m as f64 / 10.0),
        japanese_level: p.japanese_level.clone(),
        housing_provided: p.housing_provided != 0,
        start_date: p.start_date.clone(),
        published_at: p.published_at.unwrap_or(p.updated_at),
        rate_date,
        employer: Employer {
            id: p.employer_id.clone(),
            name: r.employer_name.clone(),
            name_romanised: r.employer_name_romanised.clone(),
            in_good_standing: true,
        },
    };
    Doc {
        key: p.id.clone(),
        texts: vec![
            (Lang::Vi, p.title_vi.clone(), p.description_vi.clone()),
            (Lang::Ja, p.title_ja.clone(), p.description_ja.clone()),
            (Lang::En, p.title_en.clone(), p.description_en.clone()),
        ],
        facets: vec![
            p.programme.clone(),
            p.field.clone(),
            p.prefecture.to_string(),
            p.japanese_level.clone(),
            region,
            housing,
        ],
        numbers: vec![
            Some(p.net_pay_jpy),
            Some(vnd),
            months_x10,
            Some(item.published_at),
        ],
        depends_on: crate::postings::named(p)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        payload: item,
    }
}

/// Where the index came from at start, for logs and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Snapshot,
    /// Rebuilt from the database, and why.
    Rebuilt(String),
}

struct State {
    index: Index<SearchItem>,
    /// The last outbox row applied.
    watermark: i64,
    /// The date standing was computed for.
    day: Date,
    /// Licences and sanctions of every organisation a posting in the index names.
    orgs: HashMap<String, Record>,
    origin: Origin,
    changed_since_snapshot: bool,
    snapshot_at: Instant,
}

/// The search service of one instance. Cheap to clone.
#[derive(Clone, Default)]
pub struct Search {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    state: RwLock<Option<State>>,
    /// One build or catch-up at a time.
    sync: tokio::sync::Mutex<()>,
    poller: std::sync::atomic::AtomicBool,
}

/// How many outbox rows are applied in one step.
const OUTBOX_BATCH: i64 = 1000;
/// How many postings are read per statement when rebuilding.
const BUILD_PAGE: i64 = 5000;
/// The index is written to its snapshot at most this often when it changes.
const SNAPSHOT_EVERY: Duration = Duration::from_secs(30);

fn visible_with(orgs: &HashMap<String, Record>, day: Date) -> impl Fn(&[Box<str>]) -> bool + '_ {
    move |deps: &[Box<str>]| {
        deps.iter().all(|d| {
            orgs.get(&**d)
                .is_some_and(|r| r.standing(day).in_good_standing)
        })
    }
}

fn snapshot_path(core: &Core) -> Option<PathBuf> {
    core.settings()
        .search_dir
        .as_ref()
        .map(|d| d.join("postings.index"))
}

impl Search {
    /// Answers a search, building the index first if this instance has none yet.
    pub async fn query(&self, core: &Core, q: &SearchQuery) -> CoreResult<SearchPage> {
        let v = validate(core.rules(), q)?;
        self.ready(core).await?;
        let today = core.today();
        {
            let guard = self.inner.state.read().map_err(|_| poisoned())?;
            if let Some(s) = guard.as_ref()
                && s.day == today
            {
                return Ok(answer(&s.index, &v));
            }
        }
        let mut guard = self.inner.state.write().map_err(|_| poisoned())?;
        let s = guard.as_mut().ok_or_else(poisoned)?;
        if s.day != today {
            // The date moved on: sanctions and licences that start or end today apply now.
            s.index.refresh_hidden(None, visible_with(&s.orgs, today));
            s.day = today;
        }
        Ok(answer(&s.index, &v))
    }

    /// Builds the index if there is none, and applies what is new in the outbox.
    pub async fn ready(&self, core: &Core) -> CoreResult<()> {
        let built = self.inner.state.read().map_err(|_| poisoned())?.is_some();
        if !built {
            let _g = self.inner.sync.lock().await;
            if self.inner.state.read().map_err(|_| poisoned())?.is_none() {
                let state = load_or_build(core).await?;
                *self.inner.state.write().map_err(|_| poisoned())? = Some(state);
                // What happened since the snapshot was written, before the first answer.
                catch_up(&self.inner, core).await?;
            }
        }
        Ok(())
    }

    /// Starts following the outbox in the background (once per instance; `serve` does it),
    /// so changes made through other instances reach this index within a poll.
    pub fn follow(&self, core: &Core) {
        if !self
            .inner
            .poller
            .swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            tokio::spawn(poll(Arc::downgrade(&self.inner), core.clone()));
        }
    }

    /// Applies every outbox row not yet applied; the number applied.
    pub async fn catch_up(&self, core: &Core) -> CoreResult<usize> {
        self.ready(core).await?;
        let _g = self.inner.sync.lock().await;
        catch_up(&self.inner, core).await
    }

    /// Where the index came from when this instance built it (`None` before).
    pub fn origin(&self) -> Option<Origin> {
        self.inner
            .state
            .read()
            .ok()
            .and_then(|g| g.as_ref().map(|s| s.origin.clone()))
    }

    /// Postings in the index, visible or not.
    pub fn len(&self) -> u64 {
        self.inner
            .state
            .read()
            .ok()
            .and_then(|g| g.as_ref().map(|s| s.index.len()))
            .unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the snapshot now (when a directory is configured).
    pub fn write_snapshot(&self, core: &Core) -> CoreResult<()> {
        let Some(path) = snapshot_path(core) else {
            return Ok(());
        };
        let mut guard = self.inner.state.write().map_err(|_| poisoned())?;
        if let Some(s) = guard.as_mut() {
            s.index
                .write_snapshot(&path, s.watermark)
                .map_err(|e| CoreError::Internal(format!("writing {}: {e}", path.display())))?;
            s.changed_since_snapshot = false;
            s.snapshot_at = Instant::now();
        }
        Ok(())
    }
}

fn poisoned() -> CoreError {
    CoreError::Internal("search index lock poisoned".into())
}

fn answer(ix: &Index<SearchItem>, v: &Valid) -> SearchPage {
    let query = Query {
        text: &v.text,
        ..v.query.clone()
    };
    let a = ix.search(&query);
    let mut counts = a.facets.into_iter();
    let mut next = || counts.next().unwrap_or_default().into_iter().collect();
    let facets = Facets {
        program: next(),
        field: next(),
        prefecture: next(),
        japanese_level: next(),
    };
    SearchPage {
        items: a.hits,
        total: a.total,
        page: v.page,
        per_page: v.per_page,
        facets,
    }
}

async fn poll(inner: Weak<Inner>, core: Core) {
    let every = Duration::from_millis(core.settings().search_poll_ms.max(10));
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut own = None;
    loop {
        tick.tick().await;
        // The instance is gone, or shutting down.
        let Some(inner) = inner.upgrade() else {
            return;
        };
        if core.db().pool().is_closed() {
            return;
        }
        // One connection of its own for the frequent look: the shared pool is touched only
        // when there is something to apply.
        if own.is_none() {
            own = core.db().conn().await.ok();
        }
        let watermark = inner
            .state
            .read()
            .ok()
            .and_then(|g| g.as_ref().map(|s| s.watermark));
        let news = match (own.as_mut(), watermark) {
            (Some(conn), Some(w)) => match search_outbox::after(conn, w, 1).await {
                Ok(rows) => !rows.is_empty(),
                Err(e) => {
                    tracing::warn!(error = %e, "search outbox");
                    own = None;
                    false
                }
            },
            _ => false,
        };
        if news {
            let _g = inner.sync.lock().await;
            if let Err(e) = catch_up(&inner, &core).await {
                tracing::warn!(error = %e, "search outbox");
            }
        }
        let due = inner.state.read().ok().and_then(|g| {
            g.as_ref()
                .map(|s| s.changed_since_snapshot && s.snapshot_at.elapsed() >= SNAPSHOT_EVERY)
        });
        if due == Some(true)
            && let Err(e) = (Search {
                inner: inner.clone(),
            })
            .write_snapshot(&core)
        {
            tracing::warn!(error = %e, "search snapshot");
        }
    }
}

async fn load_records(core: &Core, ids: &[String]) -> CoreResult<Vec<Record>> {
    let mut conn = core.db().conn().await?;
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    for chunk in refs.chunks(500) {
        out.extend(records(&mut conn, chunk).await?);
    }
    Ok(out)
}

async fn load_or_build(core: &Core) -> CoreResult<State> {
    let today = core.today();
    let mut conn = core.db().conn().await?;
    let (min_seq, max_seq) = search_outbox::bounds(&mut conn).await?;
    drop(conn);
    let reason = match snapshot_path(core) {
        None => "no snapshot directory".to_owned(),
        Some(path) => match Index::<SearchItem>::read_snapshot(schema(), &path) {
            Ok((index, watermark))
                if watermark <= max_seq && (min_seq == 0 || watermark + 1 >= min_seq) =>
            {
                let deps = index.dependency_keys();
                let orgs: HashMap<String, Record> = load_records(core, &deps)
                    .await?
                    .into_iter()
                    .map(|r| (r.org.id.clone(), r))
                    .collect();
                let mut index = index;
                index.refresh_hidden(None, visible_with(&orgs, today));
                tracing::info!(
                    postings = index.len(),
                    watermark,
                    "search index read from its snapshot"
                );
                return Ok(State {
                    index,
                    watermark,
                    day: today,
                    orgs,
                    origin: Origin::Snapshot,
                    changed_since_snapshot: false,
                    snapshot_at: Instant::now(),
                });
            }
            Ok((_, watermark)) => format!(
                "stale snapshot (outbox position {watermark}, the database has {min_seq}–{max_seq})"
            ),
            Err(Refused::Missing) => "no snapshot".to_owned(),
            Err(e) => format!("snapshot refused: {e}"),
        },
    };
    let started = Instant::now();
    let state = build(core, max_seq, Origin::Rebuilt(reason.clone())).await?;
    tracing::info!(
        postings = state.index.len(),
        seconds = started.elapsed().as_secs_f64(),
        reason,
        "search index rebuilt"
    );
    let search = Search {
        inner: Arc::new(Inner {
            state: RwLock::new(Some(state)),
            ..Default::default()
        }),
    };
    search.write_snapshot(core)?;
    let state = Arc::try_unwrap(search.inner)
        .ok()
        .and_then(|i| i.state.into_inner().ok().flatten())
        .ok_or_else(poisoned)?;
    Ok(state)
}

/// Builds the index from every published posting. Rows of the outbox up to `watermark` are
/// reflected (it is read before the postings, so a change racing the build is applied again
/// by the catch-up, which is harmless).
pub async fn build_index(core: &Core) -> CoreResult<Search> {
    let mut conn = core.db().conn().await?;
    let (_, max_seq) = search_outbox::bounds(&mut conn).await?;
    drop(conn);
    let state = build(core, max_seq, Origin::Rebuilt("asked".into())).await?;
    Ok(Search {
        inner: Arc::new(Inner {
            state: RwLock::new(Some(state)),
            ..Default::default()
        }),
    })
}

async fn build(core: &Core, watermark: i64, origin: Origin) -> CoreResult<State> {
    let rates = crate::rates::current(core).await?;
    let today = core.today();
    let mut docs = Vec::new();
    let mut after = String::new();
    loop {
        let mut conn = core.db().conn().await?;
        let rows = store::published_page(&mut conn, &after, BUILD_PAGE).await?;
        drop(conn);
        let Some(last) = rows.last() else { break };
        after = last.posting.id.clone();
        docs.extend(rows.iter().map(|r| document(core, &rates, r)));
    }
    // Slots in publication order, so ties and recency agree with the database.
    docs.sort_by(|a, b| (a.payload.published_at, &a.key).cmp(&(b.payload.published_at, &b.key)));
    let deps: Vec<String> = docs
        .iter()
        .flat_map(|d| d.depends_on.iter().cloned())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let orgs: HashMap<String, Record> = load_records(core, &deps)
        .await?
        .into_iter()
        .map(|r| (r.org.id.clone(), r))
        .collect();
    let mut index = Index::new(schema());
    for d in docs {
        index.upsert(d);
    }
    index.refresh_hidden(None, visible_with(&orgs, today));
    Ok(State {
        index,
        watermark,
        day: today,
        orgs,
        origin,
        changed_since_snapshot: false,
        snapshot_at: Instant::now(),
    })
}

async fn catch_up(inner: &Inner, core: &Core) -> CoreResult<usize> {
    let mut applied = 0;
    loop {
        let watermark = match inner.state.read().map_err(|_| poisoned())?.as_ref() {
            Some(s) => s.watermark,
            None => return Ok(applied),
        };
        let mut conn = core.db().conn().await?;
        let rows = search_outbox::after(&mut conn, watermark, OUTBOX_BATCH).await?;
        drop(conn);
        let Some(last) = rows.last().map(|r| r.seq) else {
            return Ok(applied);
        };
        let mut postings: Vec<String> = Vec::new();
        let mut orgs: Vec<String> = Vec::new();
        for r in &rows {
            let list = if r.entity_type == "posting" {
                &mut postings
            } else {
                &mut orgs
            };
            if !list.contains(&r.entity_id) {
                list.push(r.entity_id.clone());
            }
        }
        // Read everything first, then change the index in one short write.
        let rates = crate::rates::current(core).await?;
        let mut conn = core.db().conn().await?;
        let mut upserts: Vec<IndexRow> = Vec::new();
        let mut removals: Vec<String> = Vec::new();
        for id in &postings {
            match store::index_row(&mut conn, id).await? {
                Some(r) if r.posting.status == PostingStatus::Published.id() => upserts.push(r),
                _ => removals.push(id.clone()),
            }
        }
        for id in &orgs {
            // A name shown on the results may have changed: its postings are read again.
            for r in store::published_naming(&mut conn, id).await? {
                if !postings.contains(&r.posting.id) {
                    upserts.push(r);
                }
            }
        }
        drop(conn);
        let docs: Vec<Doc<SearchItem>> =
            upserts.iter().map(|r| document(core, &rates, r)).collect();
        let known: HashSet<String> = inner
            .state
            .read()
            .map_err(|_| poisoned())?
            .as_ref()
            .map(|s| s.orgs.keys().cloned().collect())
            .unwrap_or_default();
        let need: Vec<String> = docs
            .iter()
            .flat_map(|d| d.depends_on.iter().cloned())
            .filter(|k| !known.contains(k))
            .chain(orgs.iter().cloned())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let fresh = load_records(core, &need).await?;
        let today = core.today();
        let mut guard = inner.state.write().map_err(|_| poisoned())?;
        let Some(s) = guard.as_mut() else {
            return Ok(applied);
        };
        for r in fresh {
            s.orgs.insert(r.org.id.clone(), r);
        }
        for id in &removals {
            s.index.remove(id);
        }
        for d in docs {
            let key = d.key.clone();
            let visible = visible_with(&s.orgs, today)(
                &d.depends_on
                    .iter()
                    .map(|x| x.as_str().into())
                    .collect::<Vec<Box<str>>>(),
            );
            s.index.upsert(d);
            s.index.set_hidden(&key, !visible);
        }
        for id in &orgs {
            s.index
                .refresh_hidden(Some(id), visible_with(&s.orgs, today));
        }
        if s.day != today {
            s.index.refresh_hidden(None, visible_with(&s.orgs, today));
            s.day = today;
        }
        s.watermark = last;
        s.changed_since_snapshot = true;
        applied += rows.len();
    }
}

/// Applies this instance's own change to its index at once (when it has one), so whoever
/// made the change sees it in search; other instances follow within a poll.
pub async fn after_change(core: &Core) {
    let s = core.search();
    let built = s.inner.state.read().is_ok_and(|g| g.is_some());
    if built && let Err(e) = s.catch_up(core).await {
        tracing::warn!(error = %e, "search outbox");
    }
}

/// Published postings of organisations in good standing today, found by the query.
pub async fn search(core: &Core, q: &SearchQuery) -> CoreResult<SearchPage> {
    core.search().query(core, q).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn tenths_parse() {
        assert_eq!(super::tenths("3"), Some(30));
        assert_eq!(super::tenths("2.5"), Some(25));
        assert_eq!(super::tenths("2.55"), None);
        assert_eq!(super::tenths("-1"), None);
        assert_eq!(super::tenths(".5"), None);
    }
}
