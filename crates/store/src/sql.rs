//! A small builder for the few queries whose shape depends on the input (filters, search
//! words). It numbers placeholders `$1, $2, …`, which both databases accept, and binds the
//! values in order. sqlx's own `QueryBuilder` writes `?` for the `Any` driver, which
//! PostgreSQL rejects.

use sqlx::any::AnyRow;
use sqlx::{Any, AssertSqlSafe, FromRow};

#[derive(Debug, Clone, PartialEq)]
pub enum Bind {
    Text(String),
    Int(i64),
}

#[derive(Debug, Default, Clone)]
pub struct Sql {
    text: String,
    binds: Vec<Bind>,
}

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql {
            text: text.to_owned(),
            binds: Vec::new(),
        }
    }

    /// Appends literal SQL (never user input).
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `value` and returns its `$N` for reuse in the same query.
    pub fn bind(&mut self, value: Bind) -> String {
        self.binds.push(value);
        let p = format!("${}", self.binds.len());
        self.text.push_str(&p);
        p
    }

    pub fn bind_text(&mut self, value: impl Into<String>) -> String {
        self.bind(Bind::Text(value.into()))
    }

    pub fn bind_int(&mut self, value: i64) -> String {
        self.bind(Bind::Int(value))
    }

    /// A placeholder for a value without writing it into the text yet (for fragments that
    /// mention the same value several times).
    pub fn param(&mut self, value: Bind) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    /// Placeholders for a list of values, `($3, $4)`, for `IN`; an empty list is `(NULL)`,
    /// which matches nothing.
    pub fn param_list<S: AsRef<str>>(&mut self, values: &[S]) -> String {
        if values.is_empty() {
            return "(NULL)".to_owned();
        }
        let ps: Vec<String> = values
            .iter()
            .map(|v| self.param(Bind::Text(v.as_ref().to_owned())))
            .collect();
        format!("({})", ps.join(", "))
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub async fn fetch_all<T>(&self, conn: &mut crate::Conn) -> crate::StoreResult<Vec<T>>
    where
        T: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
    {
        let mut q = sqlx::query_as::<Any, T>(AssertSqlSafe(self.text.clone()));
        for b in &self.binds {
            q = match b {
                Bind::Text(s) => q.bind(s.clone()),
                Bind::Int(i) => q.bind(*i),
            };
        }
        Ok(q.fetch_all(conn).await?)
    }

    pub async fn fetch_scalar_i64(&self, conn: &mut crate::Conn) -> crate::StoreResult<i64> {
        let mut q = sqlx::query_scalar::<Any, i64>(AssertSqlSafe(self.text.clone()));
        for b in &self.binds {
            q = match b {
                Bind::Text(s) => q.bind(s.clone()),
                Bind::Int(i) => q.bind(*i),
            };
        }
        Ok(q.fetch_one(conn).await?)
    }
}

impl Sql {
    pub async fn execute(&self, conn: &mut crate::Conn) -> crate::StoreResult<u64> {
        let mut q = sqlx::query::<Any>(AssertSqlSafe(self.text.clone()));
        for b in &self.binds {
            q = match b {
                Bind::Text(s) => q.bind(s.clone()),
                Bind::Int(i) => q.bind(*i),
            };
        }
        Ok(q.execute(conn).await?.rows_affected())
    }
}
