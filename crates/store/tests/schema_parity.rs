//! The SQLite and PostgreSQL migrations are written twice; this test migrates a fresh database
//! of each kind and compares what they built: the same tables, the same columns (name, type
//! family, nullability, primary key), the same indexes on the same columns.

use kakehashi_store::testing::ScratchDb;
use kakehashi_store::{Backend, Db};
use sqlx::Row;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Column {
    table: String,
    name: String,
    family: &'static str,
    not_null: bool,
    primary_key: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Index {
    table: String,
    /// The indexed columns in order (`<expr>` for an expression).
    columns: Vec<String>,
    unique: bool,
    partial: bool,
}

/// The family a declared type belongs to: what both dialects agree a value is.
fn family(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    if t.contains("int") {
        "integer"
    } else if t.contains("char") || t.contains("text") || t.contains("clob") {
        "text"
    } else if t.contains("blob") || t.contains("bytea") {
        "bytes"
    } else if t.contains("real") || t.contains("floa") || t.contains("doub") {
        "real"
    } else if t.contains("bool") {
        "boolean"
    } else {
        "other"
    }
}

async fn sqlite_schema(db: &Db) -> (BTreeSet<Column>, BTreeSet<Index>) {
    let pool = db.pool();
    let tables: Vec<String> = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get::<String, _>(0))
    .collect();
    let mut columns = BTreeSet::new();
    let mut indexes = BTreeSet::new();
    for t in &tables {
        let rows = sqlx::query(
            "SELECT name, type, \"notnull\", pk FROM pragma_table_info($1) ORDER BY cid",
        )
        .bind(t)
        .fetch_all(pool)
        .await
        .unwrap();
        for r in rows {
            let pk = r.get::<i64, _>(3) > 0;
            columns.insert(Column {
                table: t.clone(),
                name: r.get(0),
                family: family(&r.get::<String, _>(1)),
                // A primary key column is not null in PostgreSQL whatever it declares.
                not_null: r.get::<i64, _>(2) != 0 || pk,
                primary_key: pk,
            });
        }
        let list = sqlx::query(
            "SELECT name, \"unique\", origin, partial FROM pragma_index_list($1) ORDER BY name",
        )
        .bind(t)
        .fetch_all(pool)
        .await
        .unwrap();
        for r in list {
            // The primary key is compared through its columns.
            if r.get::<String, _>(2) == "pk" {
                continue;
            }
            let name: String = r.get(0);
            let cols = sqlx::query("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                .bind(&name)
                .fetch_all(pool)
                .await
                .unwrap()
                .iter()
                .map(|c| {
                    c.try_get::<String, _>(0)
                        .unwrap_or_else(|_| "<expr>".to_owned())
                })
                .collect();
            indexes.insert(Index {
                table: t.clone(),
                columns: cols,
                unique: r.get::<i64, _>(1) != 0,
                partial: r.get::<i64, _>(3) != 0,
            });
        }
    }
    (columns, indexes)
}

async fn postgres_schema(db: &Db) -> (BTreeSet<Column>, BTreeSet<Index>) {
    let pool = db.pool();
    let rows = sqlx::query(
        "SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_nullable::text, \
                CASE WHEN EXISTS ( \
                    SELECT 1 FROM information_schema.table_constraints tc \
                    JOIN information_schema.key_column_usage k \
                      ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema \
                    WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = c.table_schema \
                      AND tc.table_name = c.table_name AND k.column_name = c.column_name) \
                THEN 1 ELSE 0 END \
         FROM information_schema.columns c \
         WHERE c.table_schema = 'public' AND c.table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let columns = rows
        .iter()
        .map(|r| Column {
            table: r.get(0),
            name: r.get(1),
            family: family(&r.get::<String, _>(2)),
            not_null: r.get::<String, _>(3) == "NO",
            primary_key: r.get::<i32, _>(4) == 1,
        })
        .collect();
    // Every index but the primary keys, with its columns in order (attnum 0: an expression).
    let rows = sqlx::query(
        "SELECT t.relname::text, i.relname::text, ix.indisunique::int4, \
                (ix.indpred IS NOT NULL)::int4, \
                COALESCE(a.attname::text, '<expr>'), k.ord::int4 \
         FROM pg_index ix \
         JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_class i ON i.oid = ix.indexrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
         LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
         WHERE n.nspname = 'public' AND NOT ix.indisprimary AND t.relname <> '_sqlx_migrations' \
         ORDER BY i.relname, k.ord",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut by_name: std::collections::BTreeMap<String, Index> = Default::default();
    for r in rows {
        let entry = by_name.entry(r.get(1)).or_insert_with(|| Index {
            table: r.get(0),
            columns: Vec::new(),
            unique: r.get::<i32, _>(2) != 0,
            partial: r.get::<i32, _>(3) != 0,
        });
        entry.columns.push(r.get(4));
    }
    (columns, by_name.into_values().collect())
}

fn differences<T: Ord + std::fmt::Debug>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> String {
    let only_a: Vec<&T> = a.difference(b).collect();
    let only_b: Vec<&T> = b.difference(a).collect();
    format!("only in SQLite: {only_a:#?}\nonly in PostgreSQL: {only_b:#?}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_migrations_build_the_same_schema() {
    let sqlite = ScratchDb::new(Backend::Sqlite).await.expect("SQLite");
    let postgres = ScratchDb::new(Backend::Postgres)
        .await
        .expect("PostgreSQL on 127.0.0.1:5432");
    let (sc, si) = sqlite_schema(&sqlite.db).await;
    let (pc, pi) = postgres_schema(&postgres.db).await;
    assert!(
        sc.len() > 50,
        "the SQLite schema was read ({} columns)",
        sc.len()
    );
    assert!(!si.is_empty(), "the SQLite indexes were read");
    let tables =
        |c: &BTreeSet<Column>| -> BTreeSet<String> { c.iter().map(|c| c.table.clone()).collect() };
    assert_eq!(tables(&sc), tables(&pc), "tables differ");
    assert!(sc == pc, "columns differ:\n{}", differences(&sc, &pc));
    assert!(si == pi, "indexes differ:\n{}", differences(&si, &pi));
}
