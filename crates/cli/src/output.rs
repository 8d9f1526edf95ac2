//! What the CLI prints that came from users or files goes through [`safe`]. A CSV cell can
//! hold any byte: echoed raw, an ESC sequence moves the cursor, recolours, retitles or clears
//! the terminal, a CR or backspace overwrites what was printed, NUL and bidi overrides hide or
//! reorder text. So every control character is shown as a visible escape instead.

use std::borrow::Cow;
use std::fmt::Write;

/// True for C0 controls (tab and line breaks included: one message stays one line), DEL, C1
/// controls and the bidirectional embeddings, overrides and isolates.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every control character written as `\x1b` (below U+0100) or `\u{202e}`.
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !is_unsafe(c) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

/// Prints one refused row of an imported file to standard error.
pub fn row_error(line: u64, column: Option<&str>, detail: &str, code: &str) {
    eprintln!(
        "line {line}, column {}: {} ({})",
        safe(column.unwrap_or("-")),
        safe(detail),
        safe(code)
    );
}

#[cfg(test)]
mod tests {
    use super::safe;

    #[test]
    fn escapes_every_control_character() {
        assert_eq!(
            safe("Công ty Sông Lam 株式会社"),
            "Công ty Sông Lam 株式会社"
        );
        assert_eq!(safe("a\u{1b}[2Jb"), "a\\x1b[2Jb");
        assert_eq!(
            safe("\0\r\n\t\u{7f}\u{9b}"),
            "\\x00\\x0d\\x0a\\x09\\x7f\\x9b"
        );
        assert_eq!(safe("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert!(matches!(safe("plain"), std::borrow::Cow::Borrowed(_)));
    }
}
