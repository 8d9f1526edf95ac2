//! Places: Japan's prefectures (JIS X 0401) and Viet Nam's provinces since 2025-07-01, with
//! the mapping from the 63 units in force before.

use crate::data::DataFile;
use crate::{RuleError, RuleFiles, rule_file};
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

/// The place lists, from the compiled-in files or a rules directory's replacements.
#[derive(Debug, Clone)]
pub struct Geo {
    prefectures: Vec<Prefecture>,
    provinces: Vec<Province>,
    former: Vec<FormerProvince>,
}

static EMBEDDED: LazyLock<Geo> =
    LazyLock::new(|| Geo::load(&RuleFiles::embedded()).expect("embedded place lists parse"));

impl Geo {
    /// Reads the three lists (overrides first, then the embedded copies). The prefectures
    /// must be the 47 of JIS X 0401, which the other rule files are keyed by.
    pub fn load(files: &RuleFiles) -> Result<Geo, RuleError> {
        let file = files.get(PREFECTURES_FILE)?;
        let prefectures: Vec<Prefecture> = file.rows()?;
        let codes: Vec<u8> = prefectures.iter().map(|p| p.code).collect();
        if codes != (1..=47).collect::<Vec<u8>>() {
            return Err(RuleError::Data {
                file: file.name.to_owned(),
                reason: "the 47 prefectures, codes 1 to 47 in order".into(),
            });
        }
        Ok(Geo {
            prefectures,
            provinces: files.get(PROVINCES_FILE)?.rows()?,
            former: files.get(FORMER_PROVINCES_FILE)?.rows()?,
        })
    }

    /// The lists compiled into the binary.
    pub fn embedded() -> &'static Geo {
        &EMBEDDED
    }

    /// All 47 prefectures, by code.
    pub fn prefectures(&self) -> &[Prefecture] {
        &self.prefectures
    }

    /// The prefecture with JIS code `code` (1–47), or an error naming `field`.
    pub fn prefecture(&self, code: i64, field: &'static str) -> Result<&Prefecture, RuleError> {
        self.prefectures
            .iter()
            .find(|p| i64::from(p.code) == code)
            .ok_or_else(|| RuleError::invalid(field, "unknown_prefecture"))
    }

    /// Viet Nam's provincial-level units in force since 2025-07-01.
    pub fn provinces(&self) -> &[Province] {
        &self.provinces
    }

    pub fn province(&self, code: &str) -> Option<&Province> {
        self.provinces.iter().find(|p| p.code == code)
    }

    /// The current province for a name written before or after the 2025 merger, ignoring
    /// case, diacritic placement (Hòa/Hoà) and the "tỉnh"/"thành phố" prefix; Thừa Thiên Huế
    /// → Huế.
    pub fn current_province_for(&self, name: &str) -> Option<&Province> {
        let key = province_key(name);
        if key.is_empty() {
            return None;
        }
        if let Some(p) = self
            .provinces
            .iter()
            .find(|p| province_key(&p.name_vi) == key)
        {
            return Some(p);
        }
        let key = if key == "thua thien hue" {
            "hue".to_owned()
        } else {
            key
        };
        let now = &self
            .former
            .iter()
            .find(|f| province_key(&f.name_vi) == key)?
            .now_part_of;
        self.provinces.iter().find(|p| &p.name_vi == now)
    }
}

/// All 47 prefectures of the compiled-in list (their codes are what the other rule files are
/// keyed by).
pub fn prefectures() -> &'static [Prefecture] {
    Geo::embedded().prefectures()
}

/// The prefecture with JIS code `code` (1–47) in the compiled-in list, or an error naming
/// `field`.
pub fn prefecture(code: i64, field: &'static str) -> Result<&'static Prefecture, RuleError> {
    Geo::embedded().prefecture(code, field)
}

/// Viet Nam's 34 provincial-level units of the compiled-in list.
pub fn provinces() -> &'static [Province] {
    Geo::embedded().provinces()
}

pub fn province(code: &str) -> Option<&'static Province> {
    Geo::embedded().province(code)
}

/// [`Geo::current_province_for`] on the compiled-in lists.
pub fn current_province_for(name: &str) -> Option<&'static Province> {
    Geo::embedded().current_province_for(name)
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
        assert_eq!(Geo::embedded().former.len(), 63);
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

    #[test]
    fn a_rules_directory_replaces_the_place_names() {
        let dir = std::env::temp_dir().join(format!("kk-geo-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("geo")).unwrap();
        let text = PREFECTURES_FILE.text.replace(",Tokyo,", ",Tōkyō,");
        std::fs::write(dir.join(PREFECTURES_FILE.name), text).unwrap();
        let geo = Geo::load(&RuleFiles::with_overrides(&dir)).unwrap();
        assert_eq!(geo.prefecture(13, "p").unwrap().name_en, "Tōkyō");
        assert_eq!(geo.provinces().len(), 34);
        // A list that drops a prefecture would leave rules keyed by nothing: refused.
        let short: String = PREFECTURES_FILE
            .text
            .lines()
            .filter(|l| !l.starts_with("47,"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(dir.join(PREFECTURES_FILE.name), short).unwrap();
        assert!(Geo::load(&RuleFiles::with_overrides(&dir)).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
