//! The index's snapshot on disk: its bitmaps and stored hits, with the outbox position they
//! reflect, so a restart does not have to read every posting from the database. A file
//! that is missing, of another schema version, or whose checksum does not match is refused
//! and the caller rebuilds from the database.
//!
//! Format: one header line of JSON (`format`, `schema_version`, `watermark`, `count`,
//! `sha256` of the body), then the body: length-prefixed slots, bitmaps and columns.

use crate::{Index, Schema};
use roaring::RoaringBitmap;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

/// Bumped whenever the analysis, the schema or the document's shape changes: a snapshot of
/// another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 1;
const FORMAT: &str = "kakehashi-search";

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: String,
    schema_version: u32,
    watermark: i64,
    count: u64,
    sha256: String,
}

/// Why a snapshot was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    Missing,
    OtherVersion(u32),
    Corrupt(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Missing => f.write_str("no snapshot"),
            Refused::OtherVersion(v) => {
                write!(f, "schema version {v}, not {SCHEMA_VERSION}")
            }
            Refused::Corrupt(why) => write!(f, "corrupt: {why}"),
        }
    }
}

struct W(Vec<u8>);

impl W {
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.0.extend_from_slice(b);
    }
    fn bitmap(&mut self, b: &RoaringBitmap) {
        self.u64(b.serialized_size() as u64);
        b.serialize_into(&mut self.0).expect("writing to memory");
    }
}

struct R<'a>(&'a [u8]);

impl R<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], Refused> {
        if self.0.len() < n {
            return Err(Refused::Corrupt("truncated".into()));
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }
    fn u64(&mut self) -> Result<u64, Refused> {
        let b = self.take(8)?;
        Ok(u64::from_le_bytes(b.try_into().expect("8 bytes")))
    }
    fn len(&mut self) -> Result<usize, Refused> {
        let n = self.u64()?;
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= self.0.len().max(1) * 8)
            .ok_or_else(|| Refused::Corrupt("bad length".into()))
    }
    fn bytes(&mut self) -> Result<&[u8], Refused> {
        let n = self.len()?;
        self.take(n)
    }
    fn str(&mut self) -> Result<String, Refused> {
        String::from_utf8(self.bytes()?.to_vec()).map_err(|e| Refused::Corrupt(e.to_string()))
    }
    fn bitmap(&mut self) -> Result<RoaringBitmap, Refused> {
        let b = self.bytes()?;
        RoaringBitmap::deserialize_from(b).map_err(|e| Refused::Corrupt(e.to_string()))
    }
}

fn write_map<'a>(w: &mut W, m: impl ExactSizeIterator<Item = (&'a str, &'a RoaringBitmap)>) {
    w.u64(m.len() as u64);
    for (k, b) in m {
        w.bytes(k.as_bytes());
        w.bitmap(b);
    }
}

fn read_map(r: &mut R<'_>) -> Result<Vec<(String, RoaringBitmap)>, Refused> {
    let n = r.len()?;
    let mut out = Vec::with_capacity(n.min(1 << 20));
    for _ in 0..n {
        out.push((r.str()?, r.bitmap()?));
    }
    Ok(out)
}

impl<P: Clone + Serialize + DeserializeOwned> Index<P> {
    /// Writes the index atomically (a temporary file renamed over the old one), with the
    /// outbox position it reflects.
    pub fn write_snapshot(&self, path: &Path, watermark: i64) -> std::io::Result<()> {
        let mut w = W(Vec::new());
        w.u64(self.schema.facets.len() as u64);
        w.u64(self.schema.numbers.len() as u64);
        w.u64(self.slots.len() as u64);
        for s in &self.slots {
            match s {
                None => w.u64(0),
                Some(s) => {
                    w.u64(1);
                    w.bytes(s.key.as_bytes());
                    w.u64(s.depends_on.len() as u64);
                    for d in s.depends_on.iter() {
                        w.bytes(d.as_bytes());
                    }
                    w.bytes(&serde_json::to_vec(&s.payload)?);
                }
            }
        }
        w.bitmap(&self.live);
        w.bitmap(&self.hidden);
        write_map(&mut w, self.title.iter().map(|(k, b)| (&**k, b)));
        write_map(&mut w, self.all.iter().map(|(k, b)| (&**k, b)));
        for m in &self.facet_values {
            write_map(&mut w, m.iter().map(|(k, b)| (k.as_str(), b)));
        }
        for v in &self.values {
            w.u64(v.len() as u64);
            for x in v {
                w.u64(*x as u64);
            }
        }
        for m in &self.buckets {
            w.u64(m.len() as u64);
            for (k, b) in m {
                w.u64(*k as u64);
                w.bitmap(b);
            }
        }
        write_map(&mut w, self.dependents.iter().map(|(k, b)| (&**k, b)));
        let body = w.0;
        let header = Header {
            format: FORMAT.into(),
            schema_version: SCHEMA_VERSION,
            watermark,
            count: self.live.len(),
            sha256: hex::encode(Sha256::digest(&body)),
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("tmp");
        {
            let mut f = BufWriter::new(std::fs::File::create(&tmp)?);
            serde_json::to_writer(&mut f, &header)?;
            f.write_all(b"\n")?;
            f.write_all(&body)?;
            f.flush()?;
            f.get_ref().sync_all()?;
        }
        std::fs::rename(tmp, path)
    }

    /// Reads a snapshot written with the same schema: (index, watermark).
    pub fn read_snapshot(schema: Schema, path: &Path) -> Result<(Self, i64), Refused> {
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Refused::Missing),
            Err(e) => return Err(Refused::Corrupt(e.to_string())),
        };
        let mut r = BufReader::new(file);
        let mut first = String::new();
        r.read_line(&mut first)
            .map_err(|e| Refused::Corrupt(e.to_string()))?;
        let header: Header = serde_json::from_str(first.trim_end())
            .map_err(|e| Refused::Corrupt(format!("header: {e}")))?;
        if header.format != FORMAT {
            return Err(Refused::Corrupt("not a search snapshot".into()));
        }
        if header.schema_version != SCHEMA_VERSION {
            return Err(Refused::OtherVersion(header.schema_version));
        }
        let mut body = Vec::new();
        std::io::Read::read_to_end(&mut r, &mut body)
            .map_err(|e| Refused::Corrupt(e.to_string()))?;
        if hex::encode(Sha256::digest(&body)) != header.sha256 {
            return Err(Refused::Corrupt("checksum does not match".into()));
        }
        let mut r = R(&body);
        if r.u64()? != schema.facets.len() as u64 || r.u64()? != schema.numbers.len() as u64 {
            return Err(Refused::OtherVersion(header.schema_version));
        }
        let mut ix = Index::new(schema);
        let n = r.len()?;
        for i in 0..n {
            if r.u64()? == 0 {
                ix.slots.push(None);
                continue;
            }
            let key = r.str()?;
            let deps = r.len()?;
            let mut depends_on = Vec::with_capacity(deps.min(16));
            for _ in 0..deps {
                depends_on.push(r.str()?.into_boxed_str());
            }
            let payload: P =
                serde_json::from_slice(r.bytes()?).map_err(|e| Refused::Corrupt(e.to_string()))?;
            ix.by_key.insert(key.as_str().into(), i as u32);
            ix.slots.push(Some(crate::Slot {
                key: key.into_boxed_str(),
                depends_on: depends_on.into_boxed_slice(),
                payload,
            }));
        }
        ix.live = r.bitmap()?;
        ix.hidden = r.bitmap()?;
        ix.title = read_map(&mut r)?
            .into_iter()
            .map(|(k, b)| (k.into_boxed_str(), b))
            .collect();
        ix.all = read_map(&mut r)?
            .into_iter()
            .map(|(k, b)| (k.into_boxed_str(), b))
            .collect();
        for f in 0..ix.facet_values.len() {
            ix.facet_values[f] = read_map(&mut r)?.into_iter().collect();
        }
        for f in 0..ix.values.len() {
            let n = r.len()?;
            let mut v = Vec::with_capacity(n.min(1 << 24));
            for _ in 0..n {
                v.push(r.u64()? as i64);
            }
            ix.values[f] = v;
        }
        for f in 0..ix.buckets.len() {
            let n = r.len()?;
            for _ in 0..n {
                let k = r.u64()? as i64;
                ix.buckets[f].insert(k, r.bitmap()?);
            }
        }
        ix.dependents = read_map(&mut r)?
            .into_iter()
            .map(|(k, b)| (k.into_boxed_str(), b))
            .collect();
        if ix.live.len() != header.count || ix.values.iter().any(|v| v.len() != ix.slots.len()) {
            return Err(Refused::Corrupt("document count does not match".into()));
        }
        Ok((ix, header.watermark))
    }
}
