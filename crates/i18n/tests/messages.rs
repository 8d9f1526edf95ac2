//! Every message exists in every language, every file parses, and no language has a key the
//! others lack.

use fluent_syntax::ast::Entry;
use kakehashi_i18n::{Lang, sources};
use std::collections::BTreeSet;

fn keys(lang: Lang) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for (file, text) in sources(lang) {
        let resource = fluent_syntax::parser::parse(text.as_str()).unwrap_or_else(|(_, errors)| {
            panic!("{}/{file} does not parse: {errors:?}", lang.code())
        });
        for entry in resource.body {
            if let Entry::Message(m) = entry {
                assert!(
                    keys.insert(m.id.name.to_owned()),
                    "{}/{file}: duplicate key {}",
                    lang.code(),
                    m.id.name
                );
            }
        }
    }
    keys
}

#[test]
fn every_key_is_in_every_language() {
    let all: Vec<_> = Lang::ALL.iter().map(|l| (*l, keys(*l))).collect();
    let union: BTreeSet<String> = all.iter().flat_map(|(_, k)| k.iter().cloned()).collect();
    assert!(union.len() > 10, "messages were found");
    let mut missing = Vec::new();
    for (lang, k) in &all {
        for key in union.difference(k) {
            missing.push(format!("{}: {key}", lang.code()));
        }
    }
    assert!(
        missing.is_empty(),
        "missing messages:\n{}",
        missing.join("\n")
    );
}

#[test]
fn lookups_resolve_in_each_language() {
    for lang in Lang::ALL {
        for key in keys(lang) {
            assert!(lang.has(&key), "{}: {key} does not resolve", lang.code());
        }
    }
    assert_eq!(Lang::En.t("no-such-key"), "no-such-key");
}
