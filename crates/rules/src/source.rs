use serde::Serialize;

/// Where a rule comes from: a title a person can look up, and an address where one is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub title: String,
    pub url: Option<String>,
}

impl Source {
    pub fn new(title: impl Into<String>, url: Option<&str>) -> Self {
        Source {
            title: title.into(),
            url: url.filter(|u| !u.is_empty()).map(str::to_owned),
        }
    }

    /// Parses `title | url` (the url part is optional).
    pub fn parse(text: &str) -> Self {
        match text.split_once(" | ") {
            Some((title, url)) => Source::new(title.trim(), Some(url.trim())),
            None => Source::new(text.trim(), None),
        }
    }
}
