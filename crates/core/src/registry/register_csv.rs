//! The licence register CSV: the register of licensed sending enterprises that Viet Nam's
//! overseas-labour department publishes (and similar registers, e.g. Japan's permitted
//! supervising organisations), parsed and validated in one pass. Pure: no database, no clock.
//! The importer decides what to do with [`Parsed`]; the format is documented in
//! `data/samples/README.md`.
//!
//! - A header row names the columns ([`REQUIRED_COLUMNS`], [`OPTIONAL_COLUMNS`]) in any
//!   order; trailing header cells that are empty are ignored (a spreadsheet artefact).
//! - Blank lines, and rows whose cells are all empty, are skipped and not counted.
//! - Every problem of every row is reported with its line (1-based, the line where the record
//!   starts, counting `\n`, `\r\n` and a lone `\r` as line breaks) and column. A row with the
//!   wrong number of fields gets that single error: its cells cannot be trusted to be in
//!   their columns. Extra trailing cells that are empty are allowed.
//! - Header problems (`unknown_column`, `duplicate_column`, `missing_column`, `invalid_utf8`
//!   in the header) make the whole file unusable: `rows` is then empty. When all required
//!   columns are present exactly once, the rows are still checked so that one pass reports
//!   everything.
//! - Invalid UTF-8 is reported per cell, not for the file as a whole: each cell that is not
//!   UTF-8 gets an `invalid_utf8` error on the line of its first bad byte, its row is refused,
//!   and the row's other cells — and every other row — are still checked. A UTF-16 file (byte
//!   order mark `FF FE` / `FE FF`) is refused with one `invalid_utf8` error on line 1.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use jiff::civil::Date;
use serde::Serialize;

use super::LicenceStatus;
use crate::error::FieldError;
use crate::organisations::{is_country_code, is_web_address};
use crate::roles::OrgKind;
use crate::text;

/// The columns every register must have, in the canonical order.
pub const REQUIRED_COLUMNS: &[&str] = &[
    "licence_number",
    "issued_on",
    "name",
    "name_romanised",
    "enterprise_code",
    "kind",
    "country",
    "address",
    "phone",
    "website",
    "status",
];

/// Columns a register may have.
pub const OPTIONAL_COLUMNS: &[&str] = &["ends_on", "issuer"];

// Column indices: REQUIRED_COLUMNS, then OPTIONAL_COLUMNS.
const LICENCE_NUMBER: usize = 0;
const ISSUED_ON: usize = 1;
const NAME: usize = 2;
const NAME_ROMANISED: usize = 3;
const ENTERPRISE_CODE: usize = 4;
const KIND: usize = 5;
const COUNTRY: usize = 6;
const ADDRESS: usize = 7;
const PHONE: usize = 8;
const WEBSITE: usize = 9;
const STATUS: usize = 10;
const ENDS_ON: usize = 11;
const ISSUER: usize = 12;
const COLUMN_COUNT: usize = 13;

/// Length limits, in characters after NFC normalisation.
const MAX_LICENCE_NUMBER: usize = 100;
const MAX_NAME: usize = 300;
const MAX_ENTERPRISE_CODE: usize = 50;
const MAX_COUNTRY: usize = 100;
const MAX_ADDRESS: usize = 500;
const MAX_PHONE: usize = 50;
const MAX_WEBSITE: usize = 300;
const MAX_ISSUER: usize = 200;

/// How far apart (in bytes) progress is reported.
const PROGRESS_STEP: u64 = 256 * 1024;

/// A valid register row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LicenceRow {
    /// The line where the record starts (the header is line 1).
    pub line: u64,
    pub licence_number: String,
    pub issued_on: Date,
    pub ends_on: Option<Date>,
    pub issuer: Option<String>,
    pub name: String,
    pub name_romanised: String,
    pub enterprise_code: Option<String>,
    pub kind: OrgKind,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    pub address: String,
    pub phone: String,
    pub website: String,
    pub status: LicenceStatus,
}

/// One problem in the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowError {
    /// The line where the record starts (for `invalid_utf8`, the line of the bad byte).
    pub line: u64,
    /// The column at fault, as named in the header; `None` for whole-row or whole-file
    /// problems.
    pub column: Option<String>,
    /// A stable snake_case id, e.g. `invalid_date`.
    pub code: &'static str,
    /// A short English sentence.
    pub detail: String,
}

/// The outcome of parsing a register.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parsed {
    /// Valid rows in file order.
    pub rows: Vec<LicenceRow>,
    /// Every problem, in file order.
    pub errors: Vec<RowError>,
    /// Data records read (after the header; blank lines not counted), good or bad.
    pub records: u64,
}

/// Parses and validates a licence register (see the module documentation).
pub fn parse_register(bytes: &[u8]) -> Parsed {
    parse_register_with_progress(bytes, &mut |_, _| {})
}

/// Like [`parse_register`], calling `progress(bytes_read, total_bytes)` now and then (at
/// the start, about every 256 KiB, and once at the end with `bytes_read == total_bytes`).
pub fn parse_register_with_progress(bytes: &[u8], progress: &mut dyn FnMut(u64, u64)) -> Parsed {
    let total = bytes.len() as u64;
    let mut out = Parsed {
        rows: Vec::new(),
        errors: Vec::new(),
        records: 0,
    };
    progress(0, total);
    if let Some(encoding) = crate::text::utf16_kind(bytes) {
        // One error for the file: UTF-16 read as bytes would fail on every line.
        out.errors.push(RowError {
            line: 1,
            column: None,
            code: "invalid_utf8",
            detail: format!(
                "The file is not UTF-8 (it looks like {encoding}); save it as \"CSV UTF-8\"."
            ),
        });
        progress(total, total);
        return out;
    }
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = &bytes[bom..];
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut record = csv::ByteRecord::new();
    let mut lines = Lines::new(body);
    let mut header: Option<Header> = None;
    let mut seen = Seen::default();
    let mut next_progress = PROGRESS_STEP;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // Reading from memory, flexibly, as bytes: should not happen.
                let line = e
                    .position()
                    .map_or(lines.line, |p| lines.line_at(p.byte() as usize));
                out.errors.push(RowError {
                    line,
                    column: None,
                    code: "malformed_csv",
                    detail: format!("The CSV cannot be read further: {e}."),
                });
                break;
            }
        }
        let read = reader.position().byte() + bom as u64;
        if read >= next_progress {
            progress(read, total);
            next_progress = read + PROGRESS_STEP;
        }
        if record.iter().all(is_blank) {
            continue;
        }
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let line = lines.record_line(start);
        match &header {
            None => header = Some(Header::read(&record, line, &mut out.errors)),
            Some(h) => {
                out.records += 1;
                if let Some(columns) = &h.columns {
                    check_row(&record, line, h, columns, &mut seen, &mut out);
                }
            }
        }
    }
    match &header {
        None => out.errors.push(RowError {
            line: 1,
            column: None,
            code: "empty_file",
            detail: "The file is empty: it has no header row.".into(),
        }),
        Some(h) if out.records == 0 => out.errors.push(RowError {
            line: h.line,
            column: None,
            code: "empty_file",
            detail: "The file has a header but no licence rows.".into(),
        }),
        Some(_) => {}
    }
    progress(total, total);
    out
}

/// Whether a cell is empty once trimmed.
fn is_blank(field: &[u8]) -> bool {
    field.trim_ascii().is_empty()
}

/// Line numbers by byte offset, counted incrementally (the csv crate's `Position::line()`
/// points at the blank lines before a record and does not count `\r\n` until its `\n` is
/// consumed, so it is off after blank lines and in CRLF files).
struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Lines {
            bytes,
            pos: 0,
            line: 1,
        }
    }

    /// The line of the byte at `offset` (offsets must not go backwards).
    fn line_at(&mut self, offset: usize) -> u64 {
        let end = offset.min(self.bytes.len());
        if end > self.pos {
            self.line += count_breaks_in(self.bytes, self.pos, end);
            self.pos = end;
        }
        self.line
    }

    /// The line of a record the reader says starts at `start`: the reader's start is just
    /// after the previous record, before any blank lines, so those are skipped first.
    fn record_line(&mut self, start: usize) -> u64 {
        let mut s = start.min(self.bytes.len());
        while s < self.bytes.len() && matches!(self.bytes[s], b'\r' | b'\n') {
            s += 1;
        }
        self.line_at(s)
    }
}

/// Line breaks in `bytes[from..to]`: `\n`, and `\r` not followed by `\n`.
fn count_breaks_in(bytes: &[u8], from: usize, to: usize) -> u64 {
    let mut n = 0;
    for (k, b) in bytes[from..to].iter().enumerate() {
        match b {
            b'\n' => n += 1,
            b'\r' if bytes.get(from + k + 1) != Some(&b'\n') => n += 1,
            _ => {}
        }
    }
    n
}

fn count_breaks(bytes: &[u8]) -> u64 {
    count_breaks_in(bytes, 0, bytes.len())
}

fn column_name(col: usize) -> &'static str {
    if col < REQUIRED_COLUMNS.len() {
        REQUIRED_COLUMNS[col]
    } else {
        OPTIONAL_COLUMNS[col - REQUIRED_COLUMNS.len()]
    }
}

fn column_index(name: &str) -> Option<usize> {
    (0..COLUMN_COUNT).find(|&c| column_name(c) == name)
}

/// A value as shown in a message: at most 60 characters.
fn shown(value: &str) -> String {
    const MAX: usize = 60;
    let value = value.trim();
    match value.char_indices().nth(MAX) {
        None => value.to_owned(),
        Some((i, _)) => format!("{}…", &value[..i]),
    }
}

/// The header: where each column is.
struct Header {
    line: u64,
    /// The header's cells, trimmed (for naming the column of an `invalid_utf8` cell).
    names: Vec<String>,
    /// Cells a row should have.
    len: usize,
    /// The field index of each column; `None` when the required columns are not all there
    /// exactly once (then rows are only counted).
    columns: Option<[Option<usize>; COLUMN_COUNT]>,
    /// No problem with the header: rows may be accepted.
    clean: bool,
}

impl Header {
    fn read(record: &csv::ByteRecord, line: u64, errors: &mut Vec<RowError>) -> Header {
        let before = errors.len();
        let mut fatal = false;
        let mut columns = [None; COLUMN_COUNT];
        // Trailing empty header cells are ignored.
        let len = record
            .iter()
            .rposition(|f| !is_blank(f))
            .map_or(0, |i| i + 1);
        let mut names = Vec::with_capacity(len);
        for (i, field) in record.iter().take(len).enumerate() {
            let name = match std::str::from_utf8(field) {
                Ok(s) => s.trim(),
                Err(e) => {
                    let breaks: u64 = record.iter().take(i).map(count_breaks).sum::<u64>()
                        + count_breaks(&field[..e.valid_up_to()]);
                    errors.push(RowError {
                        line: line + breaks,
                        column: None,
                        code: "invalid_utf8",
                        detail: format!(
                            "Header cell {} is not valid UTF-8; save the file as \"CSV UTF-8\".",
                            i + 1
                        ),
                    });
                    fatal = true;
                    names.push(String::new());
                    continue;
                }
            };
            names.push(name.to_owned());
            match column_index(name) {
                Some(c) if columns[c].is_some() => {
                    errors.push(RowError {
                        line,
                        column: Some(name.to_owned()),
                        code: "duplicate_column",
                        detail: format!("The column \"{name}\" appears more than once."),
                    });
                    fatal = true;
                }
                Some(c) => columns[c] = Some(i),
                None => errors.push(RowError {
                    line,
                    column: Some(shown(name)),
                    code: "unknown_column",
                    detail: unknown_column_detail(name, i),
                }),
            }
        }
        // When a header cell is not UTF-8, the column it names is unknown: do not also claim
        // that columns are missing.
        let unreadable = errors[before..].iter().any(|e| e.code == "invalid_utf8");
        for (c, at) in columns.iter().enumerate().take(REQUIRED_COLUMNS.len()) {
            if at.is_none() && !unreadable {
                errors.push(RowError {
                    line,
                    column: Some(column_name(c).to_owned()),
                    code: "missing_column",
                    detail: format!("The required column \"{}\" is missing.", column_name(c)),
                });
            }
        }
        let missing = columns[..REQUIRED_COLUMNS.len()]
            .iter()
            .any(Option::is_none);
        Header {
            line,
            names,
            len,
            columns: (!fatal && !missing).then_some(columns),
            clean: errors.len() == before,
        }
    }
}

fn unknown_column_detail(name: &str, index: usize) -> String {
    if name.is_empty() {
        return format!(
            "Header cell {} is empty: every column needs a name.",
            index + 1
        );
    }
    let mut detail = format!(
        "Unknown column \"{}\"; the columns are {} and optionally {}.",
        shown(name),
        REQUIRED_COLUMNS.join(", "),
        OPTIONAL_COLUMNS.join(", ")
    );
    if name.contains(';') {
        detail.push_str(" The file seems to use semicolons; separate the columns with commas.");
    } else if name.contains('\t') {
        detail.push_str(" The file seems to use tabs; separate the columns with commas.");
    } else if let Some(c) = column_index(&name.to_lowercase().replace([' ', '-'], "_")) {
        detail.push_str(&format!(" Did you mean \"{}\"?", column_name(c)));
    }
    detail
}

/// What earlier rows used, for the duplicate checks.
#[derive(Default)]
struct Seen {
    /// Licence number (lower case) → first line.
    licences: HashMap<String, u64>,
    /// Enterprise code → (first line, name there).
    codes: HashMap<String, (u64, String)>,
}

/// The checks of one row, collecting its errors.
struct RowCheck<'a> {
    line: u64,
    errors: &'a mut Vec<RowError>,
    ok: bool,
}

impl RowCheck<'_> {
    fn push(&mut self, col: Option<usize>, code: &'static str, detail: String) {
        self.push_at(self.line, col, code, detail);
    }

    fn push_at(&mut self, line: u64, col: Option<usize>, code: &'static str, detail: String) {
        self.ok = false;
        self.errors.push(RowError {
            line,
            column: col.map(|c| column_name(c).to_owned()),
            code,
            detail,
        });
    }

    fn field_error(&mut self, col: usize, e: &FieldError, max: usize) {
        let name = column_name(col);
        let (code, detail) = match e.code.as_str() {
            "required" => ("required", format!("{name} is required.")),
            "too_long" => (
                "too_long",
                format!("{name} is longer than {max} characters."),
            ),
            "control_characters" => (
                "control_characters",
                format!("{name} contains control characters."),
            ),
            "invalid_date" => ("invalid_date", format!("{name} is not a valid date.")),
            _ => ("invalid", format!("{name} is not valid ({}).", e.code)),
        };
        self.push(Some(col), code, detail);
    }

    /// A text cell: trimmed, NFC, length-limited, no control characters (line breaks and
    /// tabs only where `multiline`).
    fn text(
        &mut self,
        vals: &[Option<&str>; COLUMN_COUNT],
        col: usize,
        max: usize,
        required: bool,
        multiline: bool,
    ) -> Option<String> {
        let raw = vals[col]?;
        let name = column_name(col);
        let checked = if required {
            text::required(name, raw, max)
        } else {
            text::optional(name, raw, max)
        };
        match checked {
            Ok(v) if !multiline && v.contains(['\n', '\r', '\t']) => {
                self.push(
                    Some(col),
                    "control_characters",
                    format!("{name} contains a line break or a tab."),
                );
                None
            }
            Ok(v) => Some(v),
            Err(e) => {
                self.field_error(col, &e, max);
                None
            }
        }
    }

    /// A date cell, `YYYY-MM-DD` or `DD/MM/YYYY`; `Some(None)` when empty and optional.
    fn date(
        &mut self,
        vals: &[Option<&str>; COLUMN_COUNT],
        col: usize,
        required: bool,
    ) -> Option<Option<Date>> {
        let raw = vals[col]?.trim();
        let name = column_name(col);
        if raw.is_empty() {
            if required {
                self.push(Some(col), "required", format!("{name} is required."));
                return None;
            }
            return Some(None);
        }
        let parsed = if date_shape(raw) {
            text::date(name, raw, true).ok()
        } else {
            None
        };
        if parsed.is_none() {
            self.push(
                Some(col),
                "invalid_date",
                format!(
                    "{name} \"{}\" is not a real date written YYYY-MM-DD or DD/MM/YYYY.",
                    shown(raw)
                ),
            );
        }
        parsed.map(Some)
    }

    /// An id cell (`kind`, `status`), compared in lower case.
    fn id<T>(
        &mut self,
        vals: &[Option<&str>; COLUMN_COUNT],
        col: usize,
        code: &'static str,
        parse: fn(&str) -> Option<T>,
        ids: fn() -> String,
    ) -> Option<T> {
        let raw = vals[col]?.trim();
        let name = column_name(col);
        if raw.is_empty() {
            self.push(Some(col), "required", format!("{name} is required."));
            return None;
        }
        let parsed = parse(&raw.to_ascii_lowercase());
        if parsed.is_none() {
            self.push(
                Some(col),
                code,
                format!("{name} \"{}\" is not one of {}.", shown(raw), ids()),
            );
        }
        parsed
    }
}

/// `YYYY-MM-DD`, or `D/M/YYYY` with one- or two-digit day and month.
fn date_shape(v: &str) -> bool {
    let b = v.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        return digits(&b[..4]) && digits(&b[5..7]) && digits(&b[8..]);
    }
    let mut parts = v.split('/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(d), Some(m), Some(y), None) => {
            (1..=2).contains(&d.len())
                && (1..=2).contains(&m.len())
                && y.len() == 4
                && [d, m, y].iter().all(|p| digits(p.as_bytes()))
        }
        _ => false,
    }
}

fn is_phone(v: &str) -> bool {
    v.chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
        && v.chars().any(|c| c.is_ascii_digit())
}

fn is_url(v: &str) -> bool {
    is_web_address(v)
        && !v.contains(char::is_whitespace)
        && v.split_once("://").is_some_and(|(_, rest)| {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
        })
}

fn check_row(
    record: &csv::ByteRecord,
    line: u64,
    header: &Header,
    columns: &[Option<usize>; COLUMN_COUNT],
    seen: &mut Seen,
    out: &mut Parsed,
) {
    let mut row = RowCheck {
        line,
        errors: &mut out.errors,
        ok: true,
    };
    let n = record.len();
    if n < header.len || record.iter().skip(header.len).any(|f| !is_blank(f)) {
        let found = record
            .iter()
            .rposition(|f| !is_blank(f))
            .map_or(0, |i| i + 1)
            .max(n.min(header.len));
        row.push(
            None,
            "wrong_field_count",
            format!("The row has {found} fields; the header has {}.", header.len),
        );
        return;
    }

    // The cells, as text; `None` for a cell that is not UTF-8 (reported here). Optional
    // columns the header lacks read as empty.
    let mut vals: [Option<&str>; COLUMN_COUNT] = [Some(""); COLUMN_COUNT];
    for (col, at) in columns.iter().enumerate() {
        let Some(i) = *at else { continue };
        let field = record.get(i).unwrap_or_default();
        vals[col] = match std::str::from_utf8(field) {
            Ok(s) => Some(s),
            Err(e) => {
                let bad_line = line
                    + record.iter().take(i).map(count_breaks).sum::<u64>()
                    + count_breaks(&field[..e.valid_up_to()]);
                let bad = field.get(e.valid_up_to()).copied().unwrap_or_default();
                row.push_at(
                    bad_line,
                    Some(col),
                    "invalid_utf8",
                    format!(
                        "{} is not valid UTF-8 (byte 0x{bad:02X}); save the file as \"CSV UTF-8\".",
                        column_name(col)
                    ),
                );
                None
            }
        };
    }
    // Cells of unknown columns are not checked, except that they must be text.
    for (i, field) in record.iter().enumerate().take(header.len) {
        if columns.contains(&Some(i)) {
            continue;
        }
        if let Err(e) = std::str::from_utf8(field) {
            let bad_line = line
                + record.iter().take(i).map(count_breaks).sum::<u64>()
                + count_breaks(&field[..e.valid_up_to()]);
            row.ok = false;
            row.errors.push(RowError {
                line: bad_line,
                column: header.names.get(i).map(|s| shown(s)),
                code: "invalid_utf8",
                detail: "The cell is not valid UTF-8; save the file as \"CSV UTF-8\".".into(),
            });
        }
    }

    let licence_number = row.text(&vals, LICENCE_NUMBER, MAX_LICENCE_NUMBER, true, false);
    // Required, so never `Some(None)`.
    let issued_on = row.date(&vals, ISSUED_ON, true).flatten();
    let ends_on = row.date(&vals, ENDS_ON, false);
    if let (Some(issued), Some(Some(ends))) = (issued_on, ends_on)
        && ends < issued
    {
        row.push(
            Some(ENDS_ON),
            "ends_before_issued",
            format!("ends_on {ends} is before issued_on {issued}."),
        );
    }
    let issuer = row.text(&vals, ISSUER, MAX_ISSUER, false, false);
    let name = row.text(&vals, NAME, MAX_NAME, true, false);
    let name_romanised = row.text(&vals, NAME_ROMANISED, MAX_NAME, true, false);
    let enterprise_code = row.text(&vals, ENTERPRISE_CODE, MAX_ENTERPRISE_CODE, false, false);
    let kind = row.id(&vals, KIND, "unknown_kind", OrgKind::parse, || {
        OrgKind::ALL
            .iter()
            .map(|k| k.id())
            .collect::<Vec<_>>()
            .join(", ")
    });
    let country = row
        .text(&vals, COUNTRY, MAX_COUNTRY, true, false)
        .map(|c| c.to_ascii_uppercase());
    let country = match country {
        Some(c) if !is_country_code(&c) => {
            row.push(
                Some(COUNTRY),
                "invalid_country",
                format!(
                    "country \"{}\" is not a two-letter ISO 3166-1 code such as VN or JP.",
                    shown(&c)
                ),
            );
            None
        }
        c => c,
    };
    let address = row.text(&vals, ADDRESS, MAX_ADDRESS, false, true);
    let phone = match row.text(&vals, PHONE, MAX_PHONE, false, false) {
        Some(p) if !p.is_empty() && !is_phone(&p) => {
            row.push(
                Some(PHONE),
                "invalid_phone",
                format!(
                    "phone \"{}\" may contain only digits, spaces and + - ( ) .",
                    shown(&p)
                ),
            );
            None
        }
        p => p,
    };
    let website = match row.text(&vals, WEBSITE, MAX_WEBSITE, false, false) {
        Some(w) if !w.is_empty() && !is_url(&w) => {
            row.push(
                Some(WEBSITE),
                "invalid_url",
                format!(
                    "website \"{}\" is not a web address starting with https:// or http://.",
                    shown(&w)
                ),
            );
            None
        }
        w => w,
    };
    let status = row.id(
        &vals,
        STATUS,
        "unknown_status",
        LicenceStatus::parse,
        || {
            LicenceStatus::ALL
                .iter()
                .map(|s| s.id())
                .collect::<Vec<_>>()
                .join(", ")
        },
    );

    // Duplicates, against every earlier row whose cell was itself valid (so that one pass
    // reports them even when the earlier row has other errors).
    if let Some(number) = &licence_number {
        match seen.licences.entry(number.to_lowercase()) {
            Entry::Occupied(first) => {
                let first = *first.get();
                row.push(
                    Some(LICENCE_NUMBER),
                    "duplicate_licence_number",
                    format!(
                        "Licence number \"{}\" already appears on line {first}.",
                        shown(number)
                    ),
                );
            }
            Entry::Vacant(slot) => {
                slot.insert(line);
            }
        }
    }
    if let (Some(code), Some(name)) = (&enterprise_code, &name)
        && !code.is_empty()
    {
        match seen.codes.get(code) {
            Some((first, first_name)) if first_name != name => {
                let detail = format!(
                    "Enterprise code {} is given to \"{}\" on line {first} but to \"{}\" here.",
                    shown(code),
                    shown(first_name),
                    shown(name)
                );
                row.push(
                    Some(ENTERPRISE_CODE),
                    "duplicate_enterprise_code_mismatch",
                    detail,
                );
            }
            Some(_) => {}
            None => {
                seen.codes.insert(code.clone(), (line, name.clone()));
            }
        }
    }

    if !row.ok || !header.clean {
        return;
    }
    let (
        Some(licence_number),
        Some(issued_on),
        Some(ends_on),
        Some(issuer),
        Some(name),
        Some(name_romanised),
        Some(enterprise_code),
        Some(kind),
        Some(country),
        Some(address),
        Some(phone),
        Some(website),
        Some(status),
    ) = (
        licence_number,
        issued_on,
        ends_on,
        issuer,
        name,
        name_romanised,
        enterprise_code,
        kind,
        country,
        address,
        phone,
        website,
        status,
    )
    else {
        return;
    };
    out.rows.push(LicenceRow {
        line,
        licence_number,
        issued_on,
        ends_on,
        issuer: Some(issuer).filter(|s| !s.is_empty()),
        name,
        name_romanised,
        enterprise_code: Some(enterprise_code).filter(|s| !s.is_empty()),
        kind,
        country,
        address,
        phone,
        website,
        status,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const HEADER: &str = "licence_number,issued_on,name,name_romanised,enterprise_code,kind,country,address,phone,website,status";
    const GOOD: &str = "12/LĐTBXH-GP,2021-03-15,Công ty Cổ phần Sông Lam Xanh,Cong ty Co phan Song Lam Xanh,9900000012,sending_enterprise,VN,\"Số 1 phố Giả Định, Hà Nội\",+84 24 0000 0012,https://songlamxanh.example,active";

    fn parse(s: &str) -> Parsed {
        parse_register(s.as_bytes())
    }

    /// The codes of the errors, with their lines and columns.
    fn errs(p: &Parsed) -> Vec<(u64, Option<&str>, &'static str)> {
        p.errors
            .iter()
            .map(|e| (e.line, e.column.as_deref(), e.code))
            .collect()
    }

    /// A file with the header and one row whose `column` is `value`.
    fn with(column: &str, value: &str) -> Parsed {
        let cols: Vec<&str> = HEADER.split(',').collect();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(GOOD.as_bytes());
        let rec = rdr.records().next().unwrap().unwrap();
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&cols).unwrap();
        let fields: Vec<String> = cols
            .iter()
            .zip(rec.iter())
            .map(|(c, v)| {
                if *c == column {
                    value.to_owned()
                } else {
                    v.to_owned()
                }
            })
            .collect();
        w.write_record(&fields).unwrap();
        parse_register(&w.into_inner().unwrap())
    }

    fn code_of(column: &str, value: &str) -> Vec<&'static str> {
        with(column, value).errors.iter().map(|e| e.code).collect()
    }

    #[test]
    fn column_constants_match_indices() {
        assert_eq!(
            REQUIRED_COLUMNS.len() + OPTIONAL_COLUMNS.len(),
            COLUMN_COUNT
        );
        assert_eq!(column_name(LICENCE_NUMBER), "licence_number");
        assert_eq!(column_name(ISSUED_ON), "issued_on");
        assert_eq!(column_name(NAME), "name");
        assert_eq!(column_name(NAME_ROMANISED), "name_romanised");
        assert_eq!(column_name(ENTERPRISE_CODE), "enterprise_code");
        assert_eq!(column_name(KIND), "kind");
        assert_eq!(column_name(COUNTRY), "country");
        assert_eq!(column_name(ADDRESS), "address");
        assert_eq!(column_name(PHONE), "phone");
        assert_eq!(column_name(WEBSITE), "website");
        assert_eq!(column_name(STATUS), "status");
        assert_eq!(column_name(ENDS_ON), "ends_on");
        assert_eq!(column_name(ISSUER), "issuer");
    }

    #[test]
    fn a_good_row() {
        let p = parse(&format!("{HEADER}\n{GOOD}\n"));
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.records, 1);
        assert_eq!(
            p.rows,
            vec![LicenceRow {
                line: 2,
                licence_number: "12/LĐTBXH-GP".into(),
                issued_on: date(2021, 3, 15),
                ends_on: None,
                issuer: None,
                name: "Công ty Cổ phần Sông Lam Xanh".into(),
                name_romanised: "Cong ty Co phan Song Lam Xanh".into(),
                enterprise_code: Some("9900000012".into()),
                kind: OrgKind::SendingEnterprise,
                country: "VN".into(),
                address: "Số 1 phố Giả Định, Hà Nội".into(),
                phone: "+84 24 0000 0012".into(),
                website: "https://songlamxanh.example".into(),
                status: LicenceStatus::Active,
            }]
        );
    }

    #[test]
    fn columns_in_any_order_with_optional_ones_and_trimmed_fields() {
        let p = parse(
            "status , issuer,ends_on,website,phone,address,country,kind,enterprise_code,name_romanised,name,issued_on,licence_number\n\
             \u{20}Suspended , Cục Quản lý lao động ngoài nước ,31/12/2030,,,,jp,supervising_org,, Sakura ,さくら協同組合, 01/04/2024 ,許2404000001\n",
        );
        assert_eq!(p.errors, vec![]);
        let r = &p.rows[0];
        assert_eq!(r.status, LicenceStatus::Suspended);
        assert_eq!(r.issuer.as_deref(), Some("Cục Quản lý lao động ngoài nước"));
        assert_eq!(r.ends_on, Some(date(2030, 12, 31)));
        assert_eq!(r.issued_on, date(2024, 4, 1));
        assert_eq!(r.country, "JP");
        assert_eq!(r.kind, OrgKind::SupervisingOrg);
        assert_eq!(r.enterprise_code, None);
        assert_eq!(r.name_romanised, "Sakura");
        assert_eq!(r.licence_number, "許2404000001");
    }

    #[test]
    fn text_is_nfc_normalised() {
        let p = with("name", "Co\u{302}ng ty");
        assert_eq!(p.rows[0].name, "Công ty");
    }

    #[test]
    fn bom_is_skipped() {
        let p = parse_register(format!("\u{feff}{HEADER}\r\n{GOOD}\r\n").as_bytes());
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.rows.len(), 1);
    }

    #[test]
    fn both_date_formats_and_real_calendar_dates() {
        assert_eq!(
            with("issued_on", "2024-02-29").rows[0].issued_on,
            date(2024, 2, 29)
        );
        assert_eq!(
            with("issued_on", "29/02/2024").rows[0].issued_on,
            date(2024, 2, 29)
        );
        assert_eq!(
            with("issued_on", "1/4/2024").rows[0].issued_on,
            date(2024, 4, 1)
        );
        for bad in [
            "2023-02-29",
            "29/02/2023",
            "31/04/2024",
            "2024-13-01",
            "2024/04/01",
            "20240401",
            "04-01-2024",
            "2024-4-1",
            "01/04/24",
            "yesterday",
            "0001-01-01",
            "2024-04-01T10:00",
        ] {
            assert_eq!(code_of("issued_on", bad), ["invalid_date"], "{bad}");
        }
        let p = with("issued_on", "2023-02-29");
        assert_eq!(errs(&p), [(2, Some("issued_on"), "invalid_date")]);
        assert!(p.rows.is_empty());
    }

    #[test]
    fn ends_on_and_issuer() {
        let h = format!("{HEADER},ends_on,issuer");
        let p = parse(&format!("{h}\n{GOOD},2020-01-01,DOLAB\n{GOOD},,\n"));
        assert_eq!(
            errs(&p),
            [
                (2, Some("ends_on"), "ends_before_issued"),
                (3, Some("licence_number"), "duplicate_licence_number"),
            ]
        );
        let p = parse(&format!("{h}\n{GOOD},15/03/2021,\n"));
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.rows[0].ends_on, Some(date(2021, 3, 15)));
        assert_eq!(p.rows[0].issuer, None);
        let p = parse(&format!("{h}\n{GOOD},2021-02-30,{}\n", "x".repeat(201)));
        assert_eq!(
            errs(&p),
            [
                (2, Some("ends_on"), "invalid_date"),
                (2, Some("issuer"), "too_long"),
            ]
        );
    }

    #[test]
    fn required_fields() {
        for col in [
            "licence_number",
            "issued_on",
            "name",
            "name_romanised",
            "kind",
            "country",
            "status",
        ] {
            let p = with(col, "  ");
            assert_eq!(errs(&p), [(2, Some(col), "required")], "{col}");
            assert!(p.rows.is_empty());
        }
        for col in ["enterprise_code", "address", "phone", "website"] {
            let p = with(col, "");
            assert_eq!(p.errors, vec![], "{col}");
            assert_eq!(p.rows.len(), 1);
        }
        assert_eq!(with("enterprise_code", " ").rows[0].enterprise_code, None);
    }

    #[test]
    fn length_limits() {
        for (col, max) in [
            ("licence_number", 100),
            ("name", 300),
            ("name_romanised", 300),
            ("enterprise_code", 50),
            ("address", 500),
            ("website", 300),
        ] {
            let fill = |n: usize| {
                if col == "website" {
                    format!("https://{}", "a".repeat(n - 8))
                } else {
                    "ư".repeat(n)
                }
            };
            assert_eq!(code_of(col, &fill(max)), Vec::<&str>::new(), "{col}");
            let p = with(col, &fill(max + 1));
            assert_eq!(errs(&p), [(2, Some(col), "too_long")], "{col}");
        }
        assert_eq!(code_of("phone", &"1".repeat(50)), Vec::<&str>::new());
        assert_eq!(code_of("phone", &"1".repeat(51)), ["too_long"]);
    }

    #[test]
    fn kinds_statuses_countries_urls_phones() {
        for k in OrgKind::ALL {
            assert_eq!(with("kind", k.id()).rows[0].kind, *k);
        }
        for s in LicenceStatus::ALL {
            assert_eq!(with("status", s.id()).rows[0].status, *s);
        }
        assert_eq!(code_of("kind", "broker"), ["unknown_kind"]);
        assert_eq!(code_of("status", "pending"), ["unknown_status"]);
        assert_eq!(with("country", "vn").rows[0].country, "VN");
        for bad in ["VNM", "Viet Nam", "V", "1A", "ベト"] {
            assert_eq!(code_of("country", bad), ["invalid_country"], "{bad}");
        }
        assert_eq!(
            code_of("website", "http://x.example/a?b"),
            Vec::<&str>::new()
        );
        for bad in [
            "www.example.vn",
            "https://",
            "https://a b.vn",
            "ftp://x.vn",
            "javascript:alert(1)",
        ] {
            assert_eq!(code_of("website", bad), ["invalid_url"], "{bad}");
        }
        assert_eq!(code_of("phone", "(+84) 24-0000.0012"), Vec::<&str>::new());
        for bad in ["0912 ABC", "+84/24", "—", "+-()"] {
            assert_eq!(code_of("phone", bad), ["invalid_phone"], "{bad}");
        }
    }

    #[test]
    fn control_characters() {
        assert_eq!(
            errs(&with("name", "Công\u{7}ty")),
            [(2, Some("name"), "control_characters")]
        );
        assert_eq!(code_of("licence_number", "12\n/GP"), ["control_characters"]);
        assert_eq!(code_of("name", "a\tb"), ["control_characters"]);
        // An address may span lines.
        let p = with("address", "Tầng 3,\nHà Nội");
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.rows[0].address, "Tầng 3,\nHà Nội");
    }

    #[test]
    fn every_error_of_every_row() {
        let p = parse(&format!(
            "{HEADER}\n\
             ,2021-31-01,,,,broker,Viet Nam,,abc,www.x.vn,open\n\
             {GOOD}\n\
             x,2021-01-01,N,N,,ngo,VN,,,,active\n"
        ));
        assert_eq!(
            errs(&p),
            [
                (2, Some("licence_number"), "required"),
                (2, Some("issued_on"), "invalid_date"),
                (2, Some("name"), "required"),
                (2, Some("name_romanised"), "required"),
                (2, Some("kind"), "unknown_kind"),
                (2, Some("country"), "invalid_country"),
                (2, Some("phone"), "invalid_phone"),
                (2, Some("website"), "invalid_url"),
                (2, Some("status"), "unknown_status"),
            ]
        );
        assert_eq!(p.records, 3);
        assert_eq!(p.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [3, 4]);
        assert!(
            p.errors
                .iter()
                .all(|e| e.detail.ends_with('.') || e.detail.ends_with('?'))
        );
    }

    #[test]
    fn duplicates() {
        let other = GOOD.replace("9900000012", "9900000099");
        let p = parse(&format!(
            "{HEADER}\n{GOOD}\n{}\n{}\n",
            other.replace("12/LĐTBXH-GP", "12/lđtbxh-gp"),
            GOOD.replace("12/LĐTBXH-GP", "13/LĐTBXH-GP")
                .replace("Công ty Cổ phần Sông Lam Xanh", "Công ty TNHH Khác")
        ));
        assert_eq!(
            errs(&p),
            [
                (3, Some("licence_number"), "duplicate_licence_number"),
                (
                    4,
                    Some("enterprise_code"),
                    "duplicate_enterprise_code_mismatch"
                ),
            ]
        );
        assert!(
            p.errors[0].detail.contains("line 2"),
            "{}",
            p.errors[0].detail
        );
        assert!(
            p.errors[1].detail.contains("line 2"),
            "{}",
            p.errors[1].detail
        );
        assert_eq!(p.rows.len(), 1);
        // The same enterprise with a second licence under the same name is fine.
        let p = parse(&format!(
            "{HEADER}\n{GOOD}\n{}\n",
            GOOD.replace("12/LĐTBXH-GP", "14/LĐTBXH-GP")
        ));
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.rows.len(), 2);
        // A duplicate of a row that has other errors is still reported.
        let p = parse(&format!(
            "{HEADER}\n{}\n{GOOD}\n",
            GOOD.replace("2021-03-15", "2021-02-30")
        ));
        assert_eq!(
            errs(&p),
            [
                (2, Some("issued_on"), "invalid_date"),
                (3, Some("licence_number"), "duplicate_licence_number"),
            ]
        );
    }

    #[test]
    fn quoted_newlines_move_later_records_down() {
        let multi = GOOD.replace(
            "\"Số 1 phố Giả Định, Hà Nội\"",
            "\"Số 1 phố Giả Định,\nphường Cầu Giấy,\r\nHà Nội\"",
        );
        let p = parse(&format!(
            "{HEADER}\n{multi}\n{}\nbad\n",
            GOOD.replace("12/", "13/").replace("9900000012", "")
        ));
        assert_eq!(errs(&p), [(6, None, "wrong_field_count")]);
        assert_eq!(p.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 5]);
        assert_eq!(
            p.rows[0].address,
            "Số 1 phố Giả Định,\nphường Cầu Giấy,\r\nHà Nội"
        );
        assert_eq!(p.records, 3);
    }

    #[test]
    fn blank_lines_are_skipped_and_lines_still_right() {
        for nl in ["\n", "\r\n", "\r"] {
            let text = [
                "",
                HEADER,
                "",
                GOOD,
                "",
                "",
                "   ",
                ",,,,,,,,,,",
                &GOOD.replace("12/", "13/").replace("2021-03-15", "x"),
                "",
            ]
            .join(nl);
            let p = parse(&text);
            assert_eq!(errs(&p), [(9, Some("issued_on"), "invalid_date")], "{nl:?}");
            assert_eq!(p.rows[0].line, 4, "{nl:?}");
            assert_eq!(p.records, 2, "{nl:?}");
        }
    }

    #[test]
    fn wrong_field_counts() {
        let p = parse(&format!(
            "{HEADER}\n{GOOD},extra\n{GOOD},,  ,\na,b,c\n\"only one\"\n"
        ));
        assert_eq!(
            errs(&p),
            [
                (2, None, "wrong_field_count"),
                (4, None, "wrong_field_count"),
                (5, None, "wrong_field_count"),
            ]
        );
        assert!(
            p.errors[0].detail.contains("12 fields"),
            "{}",
            p.errors[0].detail
        );
        assert!(
            p.errors[1].detail.contains("3 fields"),
            "{}",
            p.errors[1].detail
        );
        // Trailing empty cells (a spreadsheet artefact) are fine.
        assert_eq!(p.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [3]);
        assert_eq!(p.records, 4);
    }

    #[test]
    fn header_problems() {
        // Unknown columns: reported; rows still checked, but none accepted.
        let p = parse(&format!(
            "{HEADER},end_on,Issuer,\n{GOOD},2030-01-01,x,\n{}\n",
            GOOD.replace("2021-03-15", "bad").replace("12/", "13/") + ",,"
        ));
        assert_eq!(
            errs(&p),
            [
                (1, Some("end_on"), "unknown_column"),
                (1, Some("Issuer"), "unknown_column"),
                (3, Some("issued_on"), "invalid_date"),
            ]
        );
        assert!(p.errors[1].detail.contains("Did you mean \"issuer\"?"));
        assert!(p.rows.is_empty());
        assert_eq!(p.records, 2);

        // Missing and duplicate columns: rows only counted.
        let p = parse(&format!(
            "{}\n{GOOD}\n",
            HEADER.replace(",phone", "").replace(",kind", "")
        ));
        assert_eq!(
            errs(&p),
            [
                (1, Some("kind"), "missing_column"),
                (1, Some("phone"), "missing_column"),
            ]
        );
        assert_eq!((p.rows.len(), p.records), (0, 1));
        let p = parse(&format!("{HEADER},name\n{GOOD},x\n"));
        assert_eq!(errs(&p), [(1, Some("name"), "duplicate_column")]);
        assert_eq!((p.rows.len(), p.records), (0, 1));

        // An empty header cell between named ones.
        let p = parse(&format!("{},{HEADER}\n,{GOOD}\n", "status"));
        assert_eq!(errs(&p)[0], (1, Some("status"), "duplicate_column"));
        let p = parse(&format!("x,,{HEADER}\n"));
        assert_eq!(
            errs(&p)[..2],
            [
                (1, Some("x"), "unknown_column"),
                (1, Some(""), "unknown_column")
            ]
        );

        // Semicolons.
        let p = parse(&format!("{}\n", HEADER.replace(',', ";")));
        assert_eq!(p.errors[0].code, "unknown_column");
        assert!(p.errors[0].detail.contains("semicolons"));
        assert_eq!(
            p.errors
                .iter()
                .filter(|e| e.code == "missing_column")
                .count(),
            11
        );
    }

    #[test]
    fn empty_files() {
        for text in ["", "\u{feff}", "\n\n", "\r\n  \r\n", ",,,\n"] {
            let p = parse(text);
            assert_eq!(errs(&p), [(1, None, "empty_file")], "{text:?}");
            assert_eq!(p.records, 0);
        }
        let p = parse(&format!("\n{HEADER}\n\n"));
        assert_eq!(errs(&p), [(2, None, "empty_file")]);
    }

    /// `text` as bytes with its one `\u{2}` replaced by `byte`.
    fn with_byte(text: &str, byte: u8) -> Vec<u8> {
        let mut bytes = text.as_bytes().to_vec();
        let at = bytes.iter().position(|&b| b == 2).unwrap();
        bytes[at] = byte;
        bytes
    }

    #[test]
    fn invalid_utf8() {
        // A Windows-1258 / Latin-1 byte (here 0xF4, "ô") in the name of the second row, after
        // a licence number that spans two lines and before an address that spans two more;
        // the row's other cells and the next row are still checked.
        let bad_row = GOOD
            .replace("12/LĐTBXH-GP", "\"12/\nGP\"")
            .replace("Công ty Cổ phần Sông Lam Xanh", "C\u{2}ng ty")
            .replace("\"Số 1 phố Giả Định, Hà Nội\"", "\"a\nb\"");
        let text = format!("{HEADER}\n{bad_row}\n{}\n", GOOD.replace("12/", "13/"));
        let bytes = with_byte(&text, 0xF4);
        let p = parse_register(&bytes);
        assert_eq!(
            errs(&p),
            [
                (3, Some("name"), "invalid_utf8"),
                (2, Some("licence_number"), "control_characters"),
            ]
        );
        assert!(
            p.errors[0].detail.contains("0xF4"),
            "{}",
            p.errors[0].detail
        );
        assert_eq!(p.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [5]);
        assert_eq!(p.records, 2);

        // In the header: nothing else can be checked.
        let bytes = with_byte(&format!("{HEADER},\"x\ny\u{2}\"\n{GOOD}\n"), 0xFF);
        let p = parse_register(&bytes);
        assert_eq!(errs(&p), [(2, None, "invalid_utf8")]);
        assert_eq!((p.rows.len(), p.records), (0, 1));

        // In an unknown column's cell.
        let bytes = with_byte(&format!("{HEADER},note\n{GOOD},\u{2}\n"), 0xC3);
        let p = parse_register(&bytes);
        assert_eq!(
            errs(&p),
            [
                (1, Some("note"), "unknown_column"),
                (2, Some("note"), "invalid_utf8")
            ]
        );

        // UTF-16.
        let p = parse_register(b"\xFF\xFEl\0i\0");
        assert_eq!(errs(&p), [(1, None, "invalid_utf8")]);
        assert!(p.errors[0].detail.contains("UTF-16"));
        // UTF-16 without a byte-order mark, as some spreadsheet exports write it: one error
        // for the file, not one per line and column.
        let text = format!("{HEADER}\n{GOOD}\n");
        for (bytes, kind) in [
            (
                text.encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<u8>>(),
                "little-endian",
            ),
            (
                text.encode_utf16()
                    .flat_map(u16::to_be_bytes)
                    .collect::<Vec<u8>>(),
                "big-endian",
            ),
        ] {
            let p = parse_register(&bytes);
            assert_eq!(errs(&p), [(1, None, "invalid_utf8")], "{kind}");
            assert!(
                p.errors[0]
                    .detail
                    .contains("not UTF-8 (it looks like UTF-16"),
                "{}",
                p.errors[0].detail
            );
            assert!(p.errors[0].detail.contains(kind));
            assert!(p.rows.is_empty());
        }
    }

    #[test]
    fn progress_is_reported_up_to_the_total() {
        let text = format!("{HEADER}\n{GOOD}\n");
        let mut calls = Vec::new();
        parse_register_with_progress(text.as_bytes(), &mut |read, total| {
            calls.push((read, total));
        });
        let total = text.len() as u64;
        assert_eq!(calls.first(), Some(&(0, total)));
        assert_eq!(calls.last(), Some(&(total, total)));
        assert!(calls.windows(2).all(|w| w[0].0 <= w[1].0));
    }

    #[test]
    fn the_sample_register_parses_cleanly() {
        let sample = include_str!("../../../../data/samples/licence-register-sample.csv");
        let p = parse_register(sample.as_bytes());
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.rows.len() as u64, p.records);
        assert!(p.rows.len() >= 20);
        for s in LicenceStatus::ALL {
            assert!(p.rows.iter().any(|r| r.status == *s), "{s}");
        }
        assert!(
            p.rows
                .iter()
                .any(|r| r.kind == OrgKind::SupervisingOrg && r.country == "JP")
        );
        assert!(p.rows.iter().any(|r| r.address.contains(',')));
        assert!(sample.contains("/20"), "a DD/MM/YYYY date");
        assert!(p.rows.windows(2).all(|w| w[0].line < w[1].line));
    }

    /// A register the size of a large real one (50 MB, a quarter of a million rows) in
    /// release builds; 5 MB in debug builds, to keep `cargo test` quick.
    #[test]
    fn a_large_register() {
        use std::fmt::Write;
        let size = if cfg!(debug_assertions) {
            5_000_000
        } else {
            50_000_000
        };
        let mut text = String::with_capacity(size + 1000);
        text.push_str(HEADER);
        text.push_str(",ends_on,issuer\n");
        let mut rows = 0u64;
        while text.len() < size {
            let i = rows;
            let _ = writeln!(
                text,
                "{i}/LĐTBXH-GP,{:02}/{:02}/20{:02},Công ty Cổ phần Nhân lực Số {i},Cong ty Co phan Nhan luc So {i},{:010},sending_enterprise,VN,\"Số {i} phố Giả Định, Hà Nội\",+84 24 {:04} {:04},https://ctcp{i}.example,{},,Bộ LĐTBXH",
                i % 28 + 1,
                i % 12 + 1,
                i % 25,
                9_900_000_000 + i,
                i / 10_000,
                i % 10_000,
                LicenceStatus::ALL[i as usize % 5].id(),
            );
            rows += 1;
        }
        let mut last = 0;
        let p = parse_register_with_progress(text.as_bytes(), &mut |read, _| last = read);
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.records, rows);
        assert_eq!(p.rows.len() as u64, rows);
        assert_eq!(p.rows.last().map(|r| r.line), Some(rows + 1));
        assert_eq!(last, text.len() as u64);
    }

    mod never_panics {
        use super::*;
        use proptest::prelude::*;

        fn invariants(p: &Parsed) {
            assert!(p.rows.len() as u64 <= p.records);
            assert!(p.rows.windows(2).all(|w| w[0].line < w[1].line));
            assert!(p.errors.iter().all(|e| e.line >= 1 && !e.detail.is_empty()));
        }

        proptest! {
            #[test]
            fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
                invariants(&parse_register(&bytes));
            }

            #[test]
            fn random_csvish_text(
                with_header in any::<bool>(),
                body in "[a-zA-Z0-9_/:.+ ,\"\\n\\r\\t;ĐđưỮ\u{feff}\u{0}-]{0,400}",
            ) {
                let text = if with_header { format!("{HEADER},ends_on\n{body}") } else { body };
                invariants(&parse_register(text.as_bytes()));
            }

            #[test]
            fn random_rows(
                cells in proptest::collection::vec(
                    proptest::collection::vec("[a-zA-Z0-9/:.+ ,\"\\nĐ-]{0,12}", 0..14),
                    0..20,
                ),
            ) {
                let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
                w.write_record(HEADER.split(',')).unwrap();
                for row in &cells {
                    let _ = w.write_record(row);
                }
                let bytes = w.into_inner().unwrap();
                invariants(&parse_register(&bytes));
            }
        }
    }
}
