//! Identifiers: UUIDv7 (time-ordered, unguessable enough not to enumerate people), as text.

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// True when `s` is a UUID in canonical text form; used to answer 404 early for junk ids.
pub fn is_id(s: &str) -> bool {
    s.len() == 36 && uuid::Uuid::parse_str(s).is_ok()
}
