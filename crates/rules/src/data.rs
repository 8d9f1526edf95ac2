//! Reading the rule data files: CSV with a header row, preceded by `# ` comment lines.
//! A comment line `# source: Title | https://…` cites the source of the whole file;
//! files whose rows differ in source carry a `source` column instead.

use crate::{RuleError, Source};
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::path::PathBuf;

/// A data file's path under `data/rules/` and its text.
#[derive(Debug, Clone)]
pub struct DataFile {
    pub name: &'static str,
    pub text: Cow<'static, str>,
}

impl DataFile {
    pub const fn embedded(name: &'static str, text: &'static str) -> Self {
        DataFile {
            name,
            text: Cow::Borrowed(text),
        }
    }

    /// The sources cited in `# source:` comment lines.
    pub fn sources(&self) -> Vec<Source> {
        self.text
            .lines()
            .take_while(|l| l.starts_with('#'))
            .filter_map(|l| l.trim_start_matches('#').trim().strip_prefix("source:"))
            .map(|s| Source::parse(s.trim()))
            .collect()
    }

    /// Deserialises every row; an error names the file and the reason (with the line).
    pub fn rows<T: DeserializeOwned>(&self) -> Result<Vec<T>, RuleError> {
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(self.text.as_bytes());
        reader
            .deserialize()
            .map(|row| {
                row.map_err(|e| RuleError::Data {
                    file: self.name.to_owned(),
                    reason: e.to_string(),
                })
            })
            .collect()
    }
}

/// Where rule files are read from: the copies compiled into the binary, or a directory
/// (`KAKEHASHI_RULES_DIR`) whose files of the same relative name replace them, so a newer
/// year's rates can be deployed without a rebuild.
#[derive(Debug, Clone, Default)]
pub struct RuleFiles {
    overrides: Option<PathBuf>,
}

impl RuleFiles {
    pub fn embedded() -> Self {
        RuleFiles { overrides: None }
    }

    pub fn with_overrides(dir: impl Into<PathBuf>) -> Self {
        RuleFiles {
            overrides: Some(dir.into()),
        }
    }

    /// The override of `file` if the directory has one, else the embedded file.
    pub fn get(&self, file: DataFile) -> Result<DataFile, RuleError> {
        let Some(dir) = &self.overrides else {
            return Ok(file);
        };
        let path = dir.join(file.name);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(DataFile {
                name: file.name,
                text: Cow::Owned(text),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(file),
            Err(e) => Err(RuleError::Data {
                file: path.display().to_string(),
                reason: e.to_string(),
            }),
        }
    }
}

/// Embeds a file from `data/rules/` at compile time.
#[macro_export]
macro_rules! rule_file {
    ($path:literal) => {
        $crate::data::DataFile::embedded(
            $path,
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../data/rules/",
                $path
            )),
        )
    };
}
