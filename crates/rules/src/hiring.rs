//! The hiring process's lists: the reasons an organisation may give for rejecting an
//! application.

use crate::data::DataFile;
use crate::rule_file;
use serde::Deserialize;
use std::sync::LazyLock;

pub const REJECTION_REASONS_FILE: DataFile = rule_file!("hiring/rejection-reasons.csv");

#[derive(Deserialize)]
struct Row {
    id: String,
}

static REASONS: LazyLock<Vec<String>> = LazyLock::new(|| {
    REJECTION_REASONS_FILE
        .rows::<Row>()
        .expect("embedded rejection reasons parse")
        .into_iter()
        .map(|r| r.id)
        .collect()
});

/// The reason codes, in the file's order.
pub fn rejection_reasons() -> &'static [String] {
    &REASONS
}

pub fn is_rejection_reason(id: &str) -> bool {
    REASONS.iter().any(|r| r == id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_list_loads_and_has_no_free_text_reason() {
        let r = super::rejection_reasons();
        assert!(r.len() >= 5);
        assert!(super::is_rejection_reason("position_filled"));
        assert!(!super::is_rejection_reason("other"));
    }
}
