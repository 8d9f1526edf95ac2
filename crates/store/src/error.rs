use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A constraint refused the change: which kind, and on what, as far as the database says.
    #[error("conflict: {0}")]
    Conflict(Constraint),
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The database is busy (SQLite's write lock is held past the busy timeout, a PostgreSQL
    /// lock could not be had, or every pooled connection is in use): worth retrying shortly.
    #[error("database busy: {0}")]
    Busy(String),
    #[error(transparent)]
    Db(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstraintKind {
    /// A unique index or primary key.
    Unique,
    ForeignKey,
    Check,
    NotNull,
}

/// The constraint a change violated. Both databases name the table and columns of a unique or
/// not-null violation (PostgreSQL in its detail, SQLite in its message), so callers match on
/// those with [`Constraint::is_unique`]; PostgreSQL also gives the constraint's name and the
/// columns of a foreign key, SQLite says only "FOREIGN KEY constraint failed".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    pub kind: ConstraintKind,
    pub table: Option<String>,
    pub columns: Vec<String>,
    /// The constraint's name where the database gives one (PostgreSQL; SQLite names only
    /// CHECK constraints).
    pub name: Option<String>,
}

impl Constraint {
    /// True for a violation of the unique key on exactly `columns` of `table`.
    pub fn is_unique(&self, table: &str, columns: &[&str]) -> bool {
        self.kind == ConstraintKind::Unique
            && self.table.as_deref() == Some(table)
            && self
                .columns
                .iter()
                .map(String::as_str)
                .eq(columns.iter().copied())
    }

    fn from_database(db: &dyn sqlx::error::DatabaseError) -> Option<Constraint> {
        use sqlx::error::ErrorKind;
        let kind = match db.kind() {
            ErrorKind::UniqueViolation => ConstraintKind::Unique,
            ErrorKind::ForeignKeyViolation => ConstraintKind::ForeignKey,
            ErrorKind::CheckViolation => ConstraintKind::Check,
            ErrorKind::NotNullViolation => ConstraintKind::NotNull,
            _ => return None,
        };
        if let Some(pg) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
            let mut columns = pg.detail().map(key_columns).unwrap_or_default();
            if columns.is_empty()
                && let Some(c) = pg.column()
            {
                columns.push(c.to_owned());
            }
            return Some(Constraint {
                kind,
                table: pg.table().map(str::to_owned),
                columns,
                name: pg.constraint().map(str::to_owned),
            });
        }
        Some(sqlite_constraint(kind, db.message()))
    }
}

impl std::fmt::Display for Constraint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.kind {
            ConstraintKind::Unique => "unique",
            ConstraintKind::ForeignKey => "foreign key",
            ConstraintKind::Check => "check",
            ConstraintKind::NotNull => "not null",
        };
        write!(f, "{kind}")?;
        if let Some(t) = &self.table {
            write!(f, " on {t}({})", self.columns.join(", "))?;
        }
        if let Some(n) = &self.name {
            write!(f, " [{n}]")?;
        }
        Ok(())
    }
}

/// The columns of PostgreSQL's detail `Key (a, b)=(…) already exists.` (the values, which may be
/// personal data, are dropped).
fn key_columns(detail: &str) -> Vec<String> {
    detail
        .strip_prefix("Key (")
        .and_then(|rest| rest.split_once(")="))
        .map(|(cols, _)| cols.split(", ").map(str::to_owned).collect())
        .unwrap_or_default()
}

/// SQLite says `UNIQUE constraint failed: t.a, t.b`, `NOT NULL constraint failed: t.a`,
/// `CHECK constraint failed: name` or `FOREIGN KEY constraint failed`.
fn sqlite_constraint(kind: ConstraintKind, message: &str) -> Constraint {
    let what = message
        .split_once("constraint failed: ")
        .map(|(_, w)| w.trim());
    let mut c = Constraint {
        kind,
        table: None,
        columns: Vec::new(),
        name: None,
    };
    match (kind, what) {
        (ConstraintKind::Check, Some(name)) => c.name = Some(name.to_owned()),
        (_, Some(list)) => {
            for part in list.split(", ") {
                if let Some((table, column)) = part.split_once('.') {
                    c.table = Some(table.to_owned());
                    c.columns.push(column.to_owned());
                }
            }
        }
        (_, None) => {}
    }
    c
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(ref db) if is_busy(db.as_ref()) => {
                StoreError::Busy(db.message().to_owned())
            }
            sqlx::Error::Database(ref db) => match Constraint::from_database(db.as_ref()) {
                Some(c) => StoreError::Conflict(c),
                None => StoreError::Db(e),
            },
            sqlx::Error::PoolTimedOut => StoreError::Busy(e.to_string()),
            sqlx::Error::PoolClosed | sqlx::Error::Io(_) => StoreError::Unavailable(e.to_string()),
            other => StoreError::Db(other),
        }
    }
}

/// SQLite's `SQLITE_BUSY` and `SQLITE_LOCKED` (with their extended codes: the primary code is
/// the low byte); PostgreSQL's lock_not_available, serialization_failure, deadlock_detected.
fn is_busy(db: &dyn sqlx::error::DatabaseError) -> bool {
    let Some(code) = db.code() else {
        return false;
    };
    if db
        .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        .is_some()
    {
        return matches!(code.as_ref(), "55P03" | "40001" | "40P01");
    }
    code.parse::<i64>().is_ok_and(|c| matches!(c & 0xff, 5 | 6))
}

impl StoreError {
    /// True when this is a violation of the unique key on `columns` of `table`.
    pub fn is_unique(&self, table: &str, columns: &[&str]) -> bool {
        matches!(self, StoreError::Conflict(c) if c.is_unique(table, columns))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_dialects() {
        assert_eq!(
            key_columns("Key (posting_id, worker_id)=(a, b) already exists."),
            ["posting_id", "worker_id"]
        );
        assert_eq!(
            key_columns("Key (organisation_id)=(x) is not present in table \"organisations\"."),
            ["organisation_id"]
        );
        let c = sqlite_constraint(
            ConstraintKind::Unique,
            "UNIQUE constraint failed: applications.posting_id, applications.worker_id",
        );
        assert!(c.is_unique("applications", &["posting_id", "worker_id"]));
        assert!(!c.is_unique("applications", &["posting_id"]));
        let fk = sqlite_constraint(ConstraintKind::ForeignKey, "FOREIGN KEY constraint failed");
        assert_eq!(fk.table, None);
        let check = sqlite_constraint(ConstraintKind::Check, "CHECK constraint failed: positive");
        assert_eq!(check.name.as_deref(), Some("positive"));
    }
}
