//! Text analysis, the same for documents and queries.
//!
//! - Everything is NFKC-normalised (full-width Latin becomes ASCII, half-width kana
//!   full-width) and lower-cased; Latin letters lose their diacritics, `đ` becomes `d`.
//! - Vietnamese text is indexed by syllable and by pairs of adjacent syllables: most
//!   Vietnamese words have two or three syllables, and a query of several syllables is matched
//!   by its pairs, so 'dong tau' (đóng tàu, shipbuilding) does not match a text that merely
//!   contains 'đóng' and 'tàu' apart.
//! - Japanese (and any Han or kana text) is indexed by single characters and by overlapping
//!   character bigrams; a query run of characters is the AND of its bigrams, a phrase.
//! - English is indexed by word with plurals folded ('welders' → 'welder') and by adjacent
//!   word pairs, so an exact phrase ranks above scattered words.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::decompose_canonical;

/// The language a text is written in (documents carry their three languages apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    Vi,
    Ja,
    En,
}

/// Han, hiragana, katakana (with the prolonged sound mark) and CJK symbols written inside
/// Japanese words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x31F0..=0x31FF | 0x3005)
}

/// One run of a text: a Latin (or other alphabetic) word, or a run of CJK characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Word(String),
    Cjk(Vec<char>),
    /// Punctuation or a line break: adjacent words across it are not a pair.
    Break,
}

/// Splits a text into folded words and CJK runs.
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let flush = |word: &mut String, cjk: &mut Vec<char>, out: &mut Vec<Piece>| {
        if !word.is_empty() {
            out.push(Piece::Word(std::mem::take(word)));
        }
        if !cjk.is_empty() {
            out.push(Piece::Cjk(std::mem::take(cjk)));
        }
    };
    for c in text.nfkc().flat_map(char::to_lowercase) {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(Piece::Word(std::mem::take(&mut word)));
            }
            cjk.push(c);
            continue;
        }
        if !cjk.is_empty() {
            out.push(Piece::Cjk(std::mem::take(&mut cjk)));
        }
        if c == 'đ' {
            word.push('d');
            continue;
        }
        if c.is_alphanumeric() {
            decompose_canonical(c, |d| {
                if !('\u{300}'..='\u{36f}').contains(&d) {
                    word.push(d);
                }
            });
            continue;
        }
        flush(&mut word, &mut cjk, &mut out);
        // A space joins the words of a phrase; anything else ends it.
        if !c.is_whitespace() && out.last() != Some(&Piece::Break) {
            out.push(Piece::Break);
        }
    }
    flush(&mut word, &mut cjk, &mut out);
    out
}

/// English plural folding: 'welders' → 'welder', 'factories' → 'factory', 'boxes' → 'box';
/// words that merely end in s ('bus', 'glass', 'gas') stay.
pub fn stem(w: &str) -> String {
    let n = w.chars().count();
    if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]);
    }
    if n > 4
        && ["sses", "xes", "ches", "shes", "zes"]
            .iter()
            .any(|e| w.ends_with(e))
    {
        return w[..w.len() - 2].to_owned();
    }
    if n > 3
        && w.ends_with('s')
        && !["ss", "us", "is", "os", "as"]
            .iter()
            .any(|e| w.ends_with(e))
    {
        return w[..w.len() - 1].to_owned();
    }
    w.to_owned()
}

const VI: &str = "v:";
const EN: &str = "e:";
const JA: &str = "j:";

/// The index terms of one text in language `lang` (duplicates removed by the caller).
pub fn terms(text: &str, lang: Lang, out: &mut Vec<String>) {
    let ps = pieces(text);
    let mut prev: Option<String> = None;
    for p in &ps {
        match p {
            Piece::Word(w) => {
                // Latin words inside Japanese text (HACCP, CNC) are taken as English.
                let (ns, t) = match lang {
                    Lang::Vi => (VI, w.clone()),
                    Lang::En | Lang::Ja => (EN, stem(w)),
                };
                out.push(format!("{ns}{t}"));
                if let Some(pr) = &prev {
                    out.push(format!("{ns}{pr} {t}"));
                }
                prev = Some(t);
            }
            Piece::Cjk(cs) => {
                cjk_terms(cs, out);
                prev = None;
            }
            Piece::Break => prev = None,
        }
    }
}

fn cjk_terms(cs: &[char], out: &mut Vec<String>) {
    for (i, c) in cs.iter().enumerate() {
        out.push(format!("{JA}{c}"));
        if let Some(n) = cs.get(i + 1) {
            out.push(format!("{JA}{c}{n}"));
        }
    }
}

/// A query, analysed: every clause must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// One entry per CJK run of the query: the terms that must all be present (a phrase).
    pub cjk: Vec<Vec<String>>,
    /// The Latin words (folded), in order.
    pub words: Vec<String>,
}

/// At most this many words and CJK runs of a query are used: a 10,000-character query costs
/// no more than a short one.
pub const MAX_QUERY_PIECES: usize = 16;

pub fn parse_query(q: &str) -> Parsed {
    let mut p = Parsed::default();
    let mut n = 0;
    for piece in pieces(q) {
        if n >= MAX_QUERY_PIECES {
            break;
        }
        match piece {
            Piece::Word(w) => {
                n += 1;
                p.words.push(w);
            }
            Piece::Cjk(cs) => {
                n += 1;
                let mut t = Vec::new();
                if cs.len() == 1 {
                    t.push(format!("{JA}{}", cs[0]));
                } else {
                    for w in cs.windows(2) {
                        t.push(format!("{JA}{}{}", w[0], w[1]));
                    }
                }
                t.dedup();
                p.cjk.push(t);
            }
            Piece::Break => {}
        }
    }
    p
}

impl Parsed {
    pub fn is_empty(&self) -> bool {
        self.cjk.is_empty() && self.words.is_empty()
    }

    /// Vietnamese reading of the words: one syllable, or every adjacent pair.
    pub fn vi_terms(&self) -> Vec<String> {
        match self.words.as_slice() {
            [] => vec![],
            [w] => vec![format!("{VI}{w}")],
            ws => ws
                .windows(2)
                .map(|p| format!("{VI}{} {}", p[0], p[1]))
                .collect(),
        }
    }

    /// English reading: every word (plural folded).
    pub fn en_words(&self) -> Vec<String> {
        self.words
            .iter()
            .map(|w| format!("{EN}{}", stem(w)))
            .collect()
    }

    /// English phrase: every adjacent pair of words.
    pub fn en_phrase(&self) -> Vec<String> {
        let s: Vec<String> = self.words.iter().map(|w| stem(w)).collect();
        if s.len() < 2 {
            return self.en_words();
        }
        s.windows(2)
            .map(|p| format!("{EN}{} {}", p[0], p[1]))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str, lang: Lang) -> Vec<String> {
        let mut v = Vec::new();
        terms(text, lang, &mut v);
        v
    }

    #[test]
    fn vietnamese_folds_diacritics_and_pairs_syllables() {
        let v = t("Đóng tàu, hàn điện", Lang::Vi);
        assert_eq!(
            v,
            [
                "v:dong",
                "v:tau",
                "v:dong tau",
                "v:han",
                "v:dien",
                "v:han dien"
            ]
        );
        // NFD input folds the same as NFC.
        let nfd: String = "đóng tàu".nfd().collect();
        assert_eq!(parse_query(&nfd), parse_query("dong tau"));
        assert_eq!(parse_query("DONG TAU").vi_terms(), ["v:dong tau"]);
    }

    #[test]
    fn japanese_bigrams_and_english_plurals() {
        assert_eq!(
            t("介護職", Lang::Ja),
            ["j:介", "j:介護", "j:護", "j:護職", "j:職"]
        );
        assert_eq!(parse_query("溶接").cjk, [vec!["j:溶接".to_owned()]]);
        assert_eq!(parse_query("welders").en_words(), ["e:welder"]);
        assert_eq!(stem("factories"), "factory");
        assert_eq!(stem("bus"), "bus");
        assert_eq!(stem("boxes"), "box");
        // Full-width Latin is folded to ASCII.
        assert_eq!(parse_query("ＷＥＬＤＥＲ").words, ["welder"]);
    }

    #[test]
    fn syntax_characters_are_separators() {
        let p = parse_query("\"dong* -tau:(\"");
        assert_eq!(p.words, ["dong", "tau"]);
        assert!(parse_query("\"*:-()").is_empty());
        let long = "a ".repeat(5000);
        assert_eq!(parse_query(&long).words.len(), MAX_QUERY_PIECES);
    }
}
