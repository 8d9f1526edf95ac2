//! The layers point down only, and who may do what is decided in `core/src/policy.rs` alone.

use std::path::{Path, PathBuf};

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Our crates a crate's manifest names (dependencies of every kind).
fn internal_dependencies(krate: &str) -> Vec<String> {
    let manifest = std::fs::read_to_string(crates_dir().join(krate).join("Cargo.toml"))
        .unwrap_or_else(|e| panic!("{krate}/Cargo.toml: {e}"));
    let name = regex::Regex::new(r"(?m)^\s*(kakehashi[-a-z0-9]*)\s*(\.|=)").unwrap();
    let mut deps: Vec<String> = name
        .captures_iter(&manifest)
        .map(|c| c[1].to_owned())
        .collect();
    deps.sort();
    deps.dedup();
    deps
}

#[test]
fn each_crate_depends_only_on_the_layers_below() {
    let allowed: &[(&str, &[&str])] = &[
        ("rules", &[]),
        ("i18n", &[]),
        ("store", &[]),
        // The search index knows nothing of the domain or the database.
        ("search", &[]),
        (
            "core",
            &[
                "kakehashi-i18n",
                "kakehashi-rules",
                "kakehashi-search",
                "kakehashi-store",
            ],
        ),
        // The web layer reaches the database only through core.
        (
            "web",
            &["kakehashi-core", "kakehashi-i18n", "kakehashi-rules"],
        ),
    ];
    for (krate, ok) in allowed {
        let extra: Vec<String> = internal_dependencies(krate)
            .into_iter()
            .filter(|d| !ok.contains(&d.as_str()))
            .collect();
        assert!(
            extra.is_empty(),
            "crates/{krate} must not depend on {extra:?}"
        );
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Pages decide which buttons and forms to show with `policy::may`, never by comparing an
/// actor's role themselves (which drifts from what the service behind the button allows).
#[test]
fn role_checks_live_in_the_policy() {
    let comparison = regex::Regex::new(
        r"\b(a|actor|viewer|me)\.role\s*(==|!=)|matches!\(\s*(a|actor|viewer|me)\.role",
    )
    .unwrap();
    let mut files = Vec::new();
    rust_files(&crates_dir().join("web/src"), &mut files);
    rust_files(&crates_dir().join("core/src"), &mut files);
    let mut found = Vec::new();
    for f in files {
        if f.ends_with("policy.rs") || f.ends_with("roles.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, line) in text.lines().enumerate() {
            if comparison.is_match(line) {
                found.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "role checks outside policy.rs:\n{}",
        found.join("\n")
    );
}

/// The web layer computes nothing itself: the calculator and the postings' figures come from
/// core's services, which validate the input once for the API, the page and the CLI.
#[test]
fn the_web_layer_calls_no_rule_computation() {
    let call =
        regex::Regex::new(r"\bpayroll::(net_pay|withholding_kou|resident_tax_estimate)\s*\(")
            .unwrap();
    let mut files = Vec::new();
    rust_files(&crates_dir().join("web/src"), &mut files);
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, line) in text.lines().enumerate() {
            if call.is_match(line) || line.contains("kakehashi_rules::payroll::net_pay") {
                found.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "rule computations called from web:\n{}",
        found.join("\n")
    );
}
