//! Places: Japan's prefectures (JIS X 0401) and Viet Nam's provinces since 2025-07-01, with
//! the mapping from the 63 units in force before.

use crate::data::DataFile;
use crate::{RuleError, rule_file};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefecture {
    pub code: u8,
    pub name_ja: String,
    pub name_en: String,
    pub region: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Province {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub kind: String,
    /// Pre-2025 units that formed it, `;`-separated (empty = unchanged).
    pub merged_from: String,
    pub seat: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct FormerProvince {
    name_vi: String,
    #[allow(dead_code)]
    name_en: String,
    now_part_of: String,
    #[allow(dead_code)]
    code: String,
}

pub const PREFECTURES_FILE: DataFile = rule_file!("geo/prefectures-jp.csv");
pub const PROVINCES_FILE: DataFile = rule_file!("geo/vn-provinces-2025-07-01.csv");
pub const FORMER_PROVINCES_FILE: DataFile = rule_file!("geo/vn-provinces-before-2025-07-01.csv");

static PREFECTURES: LazyLock<Vec<Prefecture>> = LazyLock::new(|| {
    PREFECTURES_FILE
        .rows()
        .expect("embedded prefecture list parses")
});
static PROVINCES: LazyLock<Vec<Province>> = LazyLock::new(|| {
    PROVINCES_FILE
        .rows()
        .expect("embedded province list parses")
});
static FORMER: LazyLock<Vec<FormerProvince>> = LazyLock::new(|| {
    FORMER_PROVINCES_FILE
        .rows()
        .expect("embedded former list parses")
});

/// All 47 prefectures, by code.
pub fn prefectures() -> &'static [Prefecture] {
    &PREFECTURES
}

/// The prefecture with JIS code `code` (1–47), or an error naming `field`.
pub fn prefecture(code: i64, field: &'static str) -> Result<&'static Prefecture, RuleError> {
    PREFECTURES
        .iter()
        .find(|p| i64::from(p.code) == code)
        .ok_or_else(|| RuleError::invalid(field, "unknown_prefecture"))
}

/// Viet Nam's 34 provincial-level units in force since 2025-07-01.
pub fn provinces() -> &'static [Province] {
    &PROVINCES
}

pub fn province(code: &str) -> Option<&'static Province> {
    PROVINCES.iter().find(|p| p.code == code)
}

/// The current province for a name written before or after the 2025 merger, ignoring case,
/// diacritic placement (Hòa/Hoà) and the "tỉnh"/"thành phố" prefix; Thừa Thiên Huế → Huế.
pub fn current_province_for(name: &str) -> Option<&'static Province> {
    let key = province_key(name);
    if key.is_empty() {
        return None;
    }
    if let Some(p) = PROVINCES.iter().find(|p| province_key(&p.name_vi) == key) {
        return Some(p);
    }
    let key = if key == "thua thien hue" {
        "hue".to_owned()
    } else {
        key
    };
    let now = &FORMER
        .iter()
        .find(|f| province_key(&f.name_vi) == key)?
        .now_part_of;
    PROVINCES.iter().find(|p| &p.name_vi == now)
}

/// Lower case, no diacritics, no administrative prefix: the form names are compared in.
fn province_key(name: &str) -> String {
    let folded: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_vietnamese_char)
        .collect();
    let trimmed = folded.trim();
    let without = ["thanh pho ", "tp. ", "tp ", "tinh "]
        .iter()
        .find_map(|p| trimmed.strip_prefix(p))
        .unwrap_or(trimmed);
    without.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Folds one lower-case Vietnamese letter to its base ASCII letter (đ → d, ệ → e …).
pub fn fold_vietnamese_char(c: char) -> char {
    match c {
        'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ' | 'ẩ'
        | 'ẫ' | 'ậ' => 'a',
        'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' => 'e',
        'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 'i',
        'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ' | 'ở'
        | 'ỡ' | 'ợ' => 'o',
        'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => 'u',
        'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
        'đ' => 'd',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forty_seven_prefectures_and_thirty_four_provinces() {
        assert_eq!(prefectures().len(), 47);
        assert_eq!(prefecture(13, "prefecture").unwrap().name_en, "Tokyo");
        assert!(prefecture(48, "prefecture").is_err());
        assert_eq!(provinces().len(), 34);
        assert_eq!(FORMER.len(), 63);
        assert!(!PREFECTURES_FILE.sources().is_empty());
    }

    #[test]
    fn old_addresses_map_to_new_provinces() {
        assert_eq!(
            current_province_for("Hà Giang").unwrap().name_vi,
            "Tuyên Quang"
        );
        assert_eq!(
            current_province_for("tỉnh Hà Giang").unwrap().name_vi,
            "Tuyên Quang"
        );
        assert_eq!(
            current_province_for("Thừa Thiên Huế").unwrap().name_vi,
            "Huế"
        );
        assert_eq!(
            current_province_for("THANH HOA").unwrap().name_vi,
            "Thanh Hóa"
        );
        assert_eq!(
            current_province_for("Thanh Hoá").unwrap().name_vi,
            "Thanh Hóa"
        );
        assert!(current_province_for("Atlantis").is_none());
    }
}
