//! Every message exists in every language, every file parses, and no language has a key the
//! others lack.

use fluent_syntax::ast::{Entry, Expression, InlineExpression, PatternElement};
use kakehashi_i18n::{Arg, Lang, sources};
use std::collections::{BTreeMap, BTreeSet};

fn keys(lang: Lang) -> BTreeSet<String> {
    messages(lang).into_keys().collect()
}

/// Every message of a language with the variables it uses.
fn messages(lang: Lang) -> BTreeMap<String, Vec<String>> {
    let mut keys = BTreeMap::new();
    for (file, text) in sources(lang) {
        let resource = fluent_syntax::parser::parse(text.as_str()).unwrap_or_else(|(_, errors)| {
            panic!("{}/{file} does not parse: {errors:?}", lang.code())
        });
        for entry in resource.body {
            if let Entry::Message(m) = entry {
                let vars = m
                    .value
                    .as_ref()
                    .map(|p| variables(&p.elements))
                    .unwrap_or_default();
                assert!(
                    keys.insert(m.id.name.to_owned(), vars).is_none(),
                    "{}/{file}: duplicate key {}",
                    lang.code(),
                    m.id.name
                );
            }
        }
    }
    keys
}

fn variables(elements: &[PatternElement<&str>]) -> Vec<String> {
    let mut out = Vec::new();
    for e in elements {
        if let PatternElement::Placeable { expression } = e {
            match expression {
                Expression::Inline(InlineExpression::VariableReference { id }) => {
                    out.push(id.name.to_owned())
                }
                Expression::Select { selector, variants } => {
                    if let InlineExpression::VariableReference { id } = selector {
                        out.push(id.name.to_owned());
                    }
                    for v in variants {
                        out.extend(variables(&v.value.elements));
                    }
                }
                _ => {}
            }
        }
    }
    out
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
        for (key, vars) in messages(lang) {
            let args: Vec<(&str, Arg)> = vars.iter().map(|v| (v.as_str(), Arg::Num(1))).collect();
            assert_ne!(
                lang.t_args(&key, &args),
                key,
                "{}: {key} does not resolve",
                lang.code()
            );
        }
    }
    assert_eq!(Lang::En.t("no-such-key"), "no-such-key");
}

#[test]
fn a_message_with_variables_exists_without_its_arguments() {
    use kakehashi_i18n::Lang;
    for lang in Lang::ALL {
        assert!(lang.has("rate-stale"), "{lang}");
        assert!(lang.has("job-months-to-repay-realistic"), "{lang}");
        assert!(!lang.has("no-such-message"), "{lang}");
    }
}
