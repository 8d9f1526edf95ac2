//! The look-up index: every organisation's names, enterprise code and licence numbers,
//! folded (lower case, no Vietnamese diacritics) and cut into terms — words, and overlapping
//! character pairs for Japanese and Chinese script, which has no spaces between words.

use crate::error::CoreResult;
use crate::text::fold;
use kakehashi_store::Conn;
use kakehashi_store::organisations as org_store;
use kakehashi_store::registry as store;

/// Han, Hiragana, Katakana and full-width forms: indexed by character pairs.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F)
}

/// The terms of one folded word: the word itself, or for CJK runs their character pairs (a run
/// of one character is its own term); Latin parts inside a mixed word stay whole.
fn word_terms(word: &str, out: &mut Vec<String>) {
    if !word.chars().any(is_cjk) {
        out.push(word.to_owned());
        return;
    }
    let chars: Vec<char> = word.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let cjk = is_cjk(chars[i]);
        let start = i;
        while i < chars.len() && is_cjk(chars[i]) == cjk {
            i += 1;
        }
        let run = &chars[start..i];
        if !cjk {
            out.push(run.iter().collect());
        } else if run.len() == 1 {
            out.push(run[0].to_string());
        } else {
            out.extend(run.windows(2).map(|w| w.iter().collect::<String>()));
        }
    }
}

/// Every term of the texts given; codes and licence numbers also as one compact term, so
/// "123/LĐTBXH-GP" is found as typed.
pub(crate) fn index_terms(texts: &[&str], codes: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for t in texts.iter().chain(codes) {
        for w in fold(t).split(' ').filter(|w| !w.is_empty()) {
            word_terms(w, &mut out);
        }
    }
    for c in codes {
        let compact: String = fold(c).chars().filter(|c| !c.is_whitespace()).collect();
        if !compact.is_empty() {
            out.push(compact);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// How a query is matched: every word must appear in the organisation's folded text, and
/// every term of the query (a word, or a pair of CJK characters) must be one of its terms —
/// the last word, still being typed, may be the beginning of one. The rarest term drives the
/// index look-up.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct QueryPlan {
    /// The folded words, each of which must appear in the organisation's folded text.
    pub words: Vec<String>,
    /// (term, may be a prefix), likeliest rare first: candidates to drive the index.
    pub terms: Vec<(String, bool)>,
    /// The words run together, when they look like a code: matched as one term if it exists.
    pub compact: Option<String>,
    pub phrase: String,
}

pub(crate) fn plan(q: &str) -> QueryPlan {
    let phrase = fold(q);
    let words: Vec<&str> = phrase.split(' ').filter(|w| !w.is_empty()).collect();
    let mut terms: Vec<(String, bool)> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let last = i + 1 == words.len();
        let mut ts = Vec::new();
        word_terms(w, &mut ts);
        for t in ts {
            let cjk = t.chars().any(is_cjk);
            // A lone CJK character may be the second of a pair: it cannot be matched as a term.
            if cjk && t.chars().count() == 1 {
                continue;
            }
            terms.push((t, last && !cjk));
        }
    }
    // Codes and digits first, then longer terms: the likeliest to be rare.
    terms.sort_by_key(|(t, _)| {
        (
            !t.chars().any(|c| c.is_ascii_digit()),
            std::cmp::Reverse(t.chars().count()),
        )
    });
    terms.dedup_by(|a, b| a.0 == b.0);
    let joined: String = words.concat();
    let compact = (words.len() > 1 && joined.chars().any(|c| c.is_ascii_digit())).then_some(joined);
    QueryPlan {
        words: words.iter().map(|w| (*w).to_owned()).collect(),
        terms,
        compact,
        phrase,
    }
}

/// Rebuilds an organisation's folded search text and its terms from its names, code and
/// licence numbers. Called in the transaction of every change to them.
pub(crate) async fn refresh_search(conn: &mut Conn, organisation_id: &str) -> CoreResult<()> {
    let Some(mut org) = org_store::by_id(conn, organisation_id).await? else {
        return Ok(());
    };
    let numbers: Vec<String> = store::licences_of(conn, organisation_id)
        .await?
        .into_iter()
        .map(|l| l.number)
        .collect();
    let mut codes: Vec<&str> = numbers.iter().map(String::as_str).collect();
    codes.extend(org.enterprise_code.as_deref());
    let search_text = crate::organisations::search_text(
        &org.name,
        &org.name_romanised,
        org.enterprise_code.as_deref(),
        &numbers.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    if search_text != org.search_text {
        org.search_text = search_text;
        org_store::update(conn, &org).await?;
    }
    let terms = index_terms(&[&org.name, &org.name_romanised], &codes);
    store::replace_terms(conn, organisation_id, &terms).await?;
    Ok(())
}

/// The folded search text and the look-up terms of an organisation, as [`refresh_search`]
/// stores them; for bulk loads that bypass it (the benchmark's generated register).
pub fn search_fields(
    name: &str,
    romanised: &str,
    code: Option<&str>,
    licence_numbers: &[&str],
) -> (String, Vec<String>) {
    let text = crate::organisations::search_text(name, romanised, code, licence_numbers);
    let mut codes: Vec<&str> = licence_numbers.to_vec();
    codes.extend(code);
    (text, index_terms(&[name, romanised], &codes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_words_fold_and_japanese_names_pair() {
        let t = index_terms(
            &["Công ty Cung ứng Nhân lực Sao Việt", "株式会社東海精密工業"],
            &["123/LĐTBXH-GP"],
        );
        for term in [
            "cong",
            "ung",
            "viet",
            "株式",
            "東海",
            "精密",
            "123",
            "ldtbxh",
            "123ldtbxhgp",
        ] {
            assert!(t.contains(&term.to_owned()), "{term} in {t:?}");
        }
    }

    #[test]
    fn queries_plan_words_and_prefixes() {
        let p = plan("CONG TY cung ung");
        assert_eq!(p.phrase, "cong ty cung ung");
        assert!(
            p.terms.contains(&("ung".into(), true)),
            "the last word may be a prefix"
        );
        assert!(p.terms.contains(&("cong".into(), false)));
        let p = plan("東海精密");
        assert_eq!(p.terms.len(), 3, "every pair: {:?}", p.terms);
        let p = plan("123/LĐTBXH-GP");
        assert_eq!(p.compact.as_deref(), Some("123ldtbxhgp"));
        assert!(plan("  ").terms.is_empty());
    }
}
