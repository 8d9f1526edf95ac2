//! The job search index, in memory.
//!
//! Every term and every facet value owns a roaring bitmap of the documents that have it, and
//! every numeric field keeps its documents in fixed-width buckets, each a bitmap. A query is
//! then a handful of bitmap intersections: its total is a cardinality, each facet count the
//! cardinality of an intersection, and a page is found by walking the buckets of the sort key
//! from the best end until enough documents are seen (top-k with pruning). No step walks the
//! hits one by one, so a query matching 900,000 postings costs about what one matching 9 does.
//!
//! Documents are append-only slots: an update writes a new slot and kills the old one (the
//! `live` bitmap), and the index is compacted whenever it is rebuilt. Visibility that changes
//! without the document changing (an organisation's standing) is the `hidden` bitmap, set
//! from outside.

pub mod analyze;
pub mod snapshot;

use analyze::{Lang, Parsed, parse_query, terms};
use roaring::RoaringBitmap;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A document to index: its texts by language, one value per facet, one value per number,
/// and what a hit returns.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Doc<P> {
    pub key: String,
    /// (language, title, description).
    pub texts: Vec<(Lang, String, String)>,
    /// One value per facet of the schema, in its order ("" for none).
    pub facets: Vec<String>,
    /// One value per number of the schema, in its order (`None`: unknown, sorts last).
    pub numbers: Vec<Option<i64>>,
    /// Keys this document depends on for its visibility (the organisations it names).
    pub depends_on: Vec<String>,
    pub payload: P,
}

/// The shape of the index: facet names, and numeric fields with their bucket widths.
#[derive(Debug, Clone)]
pub struct Schema {
    pub facets: Vec<&'static str>,
    pub numbers: Vec<(&'static str, i64)>,
}

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Title phrase, then all words in the title, then the rest; each tier by `then`.
    Relevance { then: usize },
    /// By number `field`, highest first when `desc`; ties by `then` (highest first).
    By {
        field: usize,
        desc: bool,
        then: usize,
    },
}

#[derive(Debug, Clone)]
pub struct Query<'a> {
    pub text: &'a str,
    /// One optional value per facet.
    pub filters: Vec<Option<String>>,
    /// One inclusive range per number.
    pub ranges: Vec<(Option<i64>, Option<i64>)>,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Answer<P> {
    pub total: u64,
    pub hits: Vec<P>,
    /// Per facet of the schema: (value, count) for every value with a count above zero,
    /// counted over the matches of the query and every filter but the facet's own.
    pub facets: Vec<Vec<(String, u64)>>,
}

struct Slot<P> {
    key: Box<str>,
    depends_on: Box<[Box<str>]>,
    payload: P,
}

pub struct Index<P> {
    schema: Schema,
    slots: Vec<Option<Slot<P>>>,
    by_key: HashMap<Box<str>, u32>,
    live: RoaringBitmap,
    hidden: RoaringBitmap,
    /// Terms of titles only, and of titles and descriptions together.
    title: HashMap<Box<str>, RoaringBitmap>,
    all: HashMap<Box<str>, RoaringBitmap>,
    facet_values: Vec<BTreeMap<String, RoaringBitmap>>,
    /// Per number: the value of each slot, and the slots of each bucket.
    values: Vec<Vec<i64>>,
    buckets: Vec<BTreeMap<i64, RoaringBitmap>>,
    /// Documents by the keys they depend on.
    dependents: HashMap<Box<str>, RoaringBitmap>,
}

/// Below this many candidates a page is found by sorting them all.
const SMALL: u64 = 4096;

impl<P: Clone> Index<P> {
    pub fn new(schema: Schema) -> Self {
        Index {
            facet_values: vec![BTreeMap::new(); schema.facets.len()],
            values: vec![Vec::new(); schema.numbers.len()],
            buckets: vec![BTreeMap::new(); schema.numbers.len()],
            schema,
            slots: Vec::new(),
            by_key: HashMap::new(),
            live: RoaringBitmap::new(),
            hidden: RoaringBitmap::new(),
            title: HashMap::new(),
            all: HashMap::new(),
            dependents: HashMap::new(),
        }
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Live documents.
    pub fn len(&self) -> u64 {
        self.live.len()
    }

    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    pub fn contains(&self, key: &str) -> bool {
        self.by_key.contains_key(key)
    }

    /// Adds a document, replacing one with the same key.
    pub fn upsert(&mut self, doc: Doc<P>) {
        let hidden = self
            .by_key
            .get(doc.key.as_str())
            .is_some_and(|&s| self.hidden.contains(s));
        self.remove(&doc.key);
        let slot = u32::try_from(self.slots.len()).expect("fewer than 2^32 documents");
        let mut title_terms = Vec::new();
        let mut all_terms = Vec::new();
        for (lang, t, d) in &doc.texts {
            terms(t, *lang, &mut title_terms);
            terms(d, *lang, &mut all_terms);
        }
        all_terms.extend(title_terms.iter().cloned());
        for (set, map) in [(title_terms, &mut self.title), (all_terms, &mut self.all)] {
            let mut set = set;
            set.sort_unstable();
            set.dedup();
            for t in set {
                map.entry(t.into_boxed_str()).or_default().insert(slot);
            }
        }
        for (i, v) in doc.facets.iter().enumerate().take(self.schema.facets.len()) {
            self.facet_values[i]
                .entry(v.clone())
                .or_default()
                .insert(slot);
        }
        for (i, (_, width)) in self.schema.numbers.iter().enumerate() {
            let v = doc.numbers.get(i).copied().flatten().unwrap_or(i64::MAX);
            self.values[i].push(v);
            self.buckets[i]
                .entry(v.div_euclid(*width))
                .or_default()
                .insert(slot);
        }
        for d in &doc.depends_on {
            self.dependents
                .entry(d.as_str().into())
                .or_default()
                .insert(slot);
        }
        self.live.insert(slot);
        if hidden {
            self.hidden.insert(slot);
        }
        self.by_key.insert(doc.key.as_str().into(), slot);
        self.slots.push(Some(Slot {
            key: doc.key.into_boxed_str(),
            depends_on: doc.depends_on.iter().map(|d| d.as_str().into()).collect(),
            payload: doc.payload,
        }));
    }

    /// Removes a document; its bits stay in the term bitmaps, masked by `live`.
    pub fn remove(&mut self, key: &str) -> bool {
        let Some(slot) = self.by_key.remove(key) else {
            return false;
        };
        self.live.remove(slot);
        self.hidden.remove(slot);
        if let Some(s) = self.slots[slot as usize].take() {
            for d in s.depends_on.iter() {
                if let Some(b) = self.dependents.get_mut(d) {
                    b.remove(slot);
                }
            }
        }
        true
    }

    /// Hides or shows a document without changing it.
    pub fn set_hidden(&mut self, key: &str, hidden: bool) {
        if let Some(&slot) = self.by_key.get(key) {
            if hidden {
                self.hidden.insert(slot);
            } else {
                self.hidden.remove(slot);
            }
        }
    }

    /// Recomputes visibility of every live document (or those depending on `only`) from
    /// `visible(depends_on)`.
    pub fn refresh_hidden(&mut self, only: Option<&str>, visible: impl Fn(&[Box<str>]) -> bool) {
        let slots: RoaringBitmap = match only {
            Some(k) => self
                .dependents
                .get(k)
                .map(|b| b & &self.live)
                .unwrap_or_default(),
            None => self.live.clone(),
        };
        for s in &slots {
            if let Some(slot) = &self.slots[s as usize] {
                if visible(&slot.depends_on) {
                    self.hidden.remove(s);
                } else {
                    self.hidden.insert(s);
                }
            }
        }
    }

    /// Every key any live document depends on.
    pub fn dependency_keys(&self) -> Vec<String> {
        self.dependents
            .iter()
            .filter(|(_, b)| !b.is_disjoint(&self.live))
            .map(|(k, _)| k.to_string())
            .collect()
    }

    /// Keys of the documents depending on `key`.
    pub fn dependents_of(&self, key: &str) -> Vec<String> {
        let Some(b) = self.dependents.get(key) else {
            return Vec::new();
        };
        (b & &self.live)
            .iter()
            .filter_map(|s| self.slots[s as usize].as_ref().map(|x| x.key.to_string()))
            .collect()
    }

    fn visible(&self) -> RoaringBitmap {
        &self.live - &self.hidden
    }

    fn and_terms(&self, map: &HashMap<Box<str>, RoaringBitmap>, ts: &[String]) -> RoaringBitmap {
        let mut it = ts.iter();
        let Some(first) = it.next() else {
            return RoaringBitmap::new();
        };
        let Some(mut acc) = map.get(first.as_str()).cloned() else {
            return RoaringBitmap::new();
        };
        for t in it {
            match map.get(t.as_str()) {
                Some(b) => acc &= b,
                None => return RoaringBitmap::new(),
            }
            if acc.is_empty() {
                break;
            }
        }
        acc
    }

    /// The documents matching a parsed query in `map`, and (for ranking) where the words match
    /// as a phrase.
    fn text_match(
        &self,
        map: &HashMap<Box<str>, RoaringBitmap>,
        p: &Parsed,
    ) -> (RoaringBitmap, RoaringBitmap) {
        let mut cjk: Option<RoaringBitmap> = None;
        for phrase in &p.cjk {
            let b = self.and_terms(map, phrase);
            cjk = Some(match cjk {
                Some(a) => a & b,
                None => b,
            });
        }
        if p.words.is_empty() {
            let b = cjk.unwrap_or_default();
            return (b.clone(), b);
        }
        let vi = self.and_terms(map, &p.vi_terms());
        let en_phrase = self.and_terms(map, &p.en_phrase());
        let en_words = if p.words.len() < 2 {
            en_phrase.clone()
        } else {
            self.and_terms(map, &p.en_words())
        };
        let phrase = &vi | &en_phrase;
        let words = &vi | &en_words;
        match cjk {
            Some(c) => (&words & &c, &phrase & &c),
            None => (words, phrase),
        }
    }

    /// The documents of a numeric range.
    fn range(&self, field: usize, lo: Option<i64>, hi: Option<i64>) -> RoaringBitmap {
        let width = self.schema.numbers[field].1;
        let lo_v = lo.unwrap_or(i64::MIN);
        let hi_v = hi.unwrap_or(i64::MAX - 1);
        let (lb, hb) = (lo_v.div_euclid(width), hi_v.div_euclid(width));
        let mut out = RoaringBitmap::new();
        if lb > hb {
            return out;
        }
        let vals = &self.values[field];
        for (&b, set) in self.buckets[field].range(lb..=hb) {
            if b > lb && b < hb {
                out |= set;
            } else {
                // A boundary bucket: check each value.
                out.extend(set.iter().filter(|&s| {
                    let v = vals[s as usize];
                    v >= lo_v && v <= hi_v
                }));
            }
        }
        out
    }

    /// `offset..offset+limit` of `cand` ordered by number `field` (then by `then`, highest
    /// first, then newest slot), walking its buckets from the best end.
    fn top(
        &self,
        cand: &RoaringBitmap,
        field: usize,
        desc: bool,
        then: usize,
        offset: usize,
        limit: usize,
    ) -> Vec<u32> {
        let total = cand.len();
        if limit == 0 || offset as u64 >= total {
            return Vec::new();
        }
        let vals = &self.values[field];
        let tie = &self.values[then];
        let order = |a: &u32, b: &u32| {
            let (va, vb) = (vals[*a as usize], vals[*b as usize]);
            let primary = if desc { vb.cmp(&va) } else { va.cmp(&vb) };
            primary
                .then_with(|| tie[*b as usize].cmp(&tie[*a as usize]))
                .then_with(|| b.cmp(a))
        };
        if total <= SMALL {
            let mut all: Vec<u32> = cand.iter().collect();
            all.sort_unstable_by(order);
            return all.into_iter().skip(offset).take(limit).collect();
        }
        let mut seen = 0usize;
        let mut out = Vec::with_capacity(limit);
        let buckets: Box<dyn Iterator<Item = &RoaringBitmap>> = if desc {
            Box::new(self.buckets[field].values().rev())
        } else {
            Box::new(self.buckets[field].values())
        };
        for b in buckets {
            let n = b.intersection_len(cand) as usize;
            if n == 0 {
                continue;
            }
            if seen + n <= offset {
                seen += n;
                continue;
            }
            let mut part: Vec<u32> = (b & cand).iter().collect();
            part.sort_unstable_by(order);
            let skip = offset.saturating_sub(seen);
            out.extend(part.into_iter().skip(skip).take(limit - out.len()));
            seen += n;
            if out.len() >= limit {
                out.truncate(limit);
                break;
            }
        }
        out
    }

    pub fn search(&self, q: &Query<'_>) -> Answer<P> {
        let parsed = parse_query(q.text);
        let visible = self.visible();
        let mut base = visible;
        for (i, r) in q.ranges.iter().enumerate() {
            if r.0.is_some() || r.1.is_some() {
                base &= self.range(i, r.0, r.1);
            }
        }
        let (matched, phrase_all) = if parsed.is_empty() {
            (base.clone(), RoaringBitmap::new())
        } else {
            let (m, ph) = self.text_match(&self.all, &parsed);
            (m & &base, ph)
        };
        // Each facet's filter, as a bitmap.
        let filters: Vec<Option<RoaringBitmap>> = q
            .filters
            .iter()
            .enumerate()
            .map(|(i, f)| {
                f.as_ref().map(|v| {
                    self.facet_values
                        .get(i)
                        .and_then(|m| m.get(v))
                        .cloned()
                        .unwrap_or_default()
                })
            })
            .collect();
        let mut result = matched.clone();
        for b in filters.iter().flatten() {
            result &= b;
        }
        let facets = (0..self.schema.facets.len())
            .map(|i| {
                let scope = if filters.get(i).is_some_and(Option::is_some) {
                    let mut s = matched.clone();
                    for (j, b) in filters.iter().enumerate() {
                        if j != i
                            && let Some(b) = b
                        {
                            s &= b;
                        }
                    }
                    s
                } else {
                    result.clone()
                };
                self.facet_values[i]
                    .iter()
                    .filter(|(v, _)| !v.is_empty())
                    .map(|(v, b)| (v.clone(), b.intersection_len(&scope)))
                    .filter(|(_, n)| *n > 0)
                    .collect()
            })
            .collect();
        let total = result.len();
        let slots = match q.sort {
            Sort::By { field, desc, then } => {
                self.top(&result, field, desc, then, q.offset, q.limit)
            }
            Sort::Relevance { then } => {
                let (title_m, title_ph) = if parsed.is_empty() {
                    (RoaringBitmap::new(), RoaringBitmap::new())
                } else {
                    self.text_match(&self.title, &parsed)
                };
                let t1 = &title_ph & &result;
                let t2 = &(&title_m & &result) - &t1;
                let t3a = &(&phrase_all & &result) - &(&t1 | &t2);
                let t3 = &(&result - &t1) - &(&t2 | &t3a);
                let mut out = Vec::new();
                let mut offset = q.offset;
                for tier in [t1, t2, t3a, t3] {
                    if out.len() >= q.limit {
                        break;
                    }
                    let n = tier.len() as usize;
                    if offset >= n {
                        offset -= n;
                        continue;
                    }
                    out.extend(self.top(&tier, then, true, then, offset, q.limit - out.len()));
                    offset = 0;
                }
                out
            }
        };
        Answer {
            total,
            hits: slots
                .into_iter()
                .filter_map(|s| self.slots[s as usize].as_ref().map(|x| x.payload.clone()))
                .collect(),
            facets,
        }
    }
}

#[cfg(test)]
mod tests;
