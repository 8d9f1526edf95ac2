//! Throw-away databases for tests: a fresh SQLite file, or a fresh PostgreSQL database on the
//! server that `KAKEHASHI_TEST_PG_URL` names (default `postgres://root@127.0.0.1:5432/test`),
//! so tests running in parallel never share state.

use crate::{Backend, Db, StoreResult};
use std::path::PathBuf;

pub const DEFAULT_TEST_PG_URL: &str = "postgres://root@127.0.0.1:5432/test";

/// A migrated, empty database that is removed when dropped.
pub struct ScratchDb {
    pub db: Db,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Kept,
    File(PathBuf),
    PgDatabase { admin_url: String, name: String },
}

impl ScratchDb {
    pub async fn new(backend: Backend) -> StoreResult<ScratchDb> {
        let unique = uuid::Uuid::now_v7().simple().to_string();
        let (url, cleanup) = match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("kakehashi-test-{unique}.db"));
                (format!("sqlite://{}", path.display()), Cleanup::File(path))
            }
            Backend::Postgres => {
                let admin_url = std::env::var("KAKEHASHI_TEST_PG_URL")
                    .unwrap_or_else(|_| DEFAULT_TEST_PG_URL.to_owned());
                let name = format!("kk_test_{unique}");
                let admin = Db::connect(&admin_url).await?;
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(admin.pool())
                    .await?;
                admin.close().await;
                let url = replace_database(&admin_url, &name);
                (url, Cleanup::PgDatabase { admin_url, name })
            }
        };
        let db = Db::connect(&url).await?;
        db.migrate().await?;
        Ok(ScratchDb { db, url, cleanup })
    }
}

impl ScratchDb {
    /// Keeps the database after use (for looking at a benchmark's data afterwards); returns its
    /// URL.
    pub fn keep(mut self) -> String {
        self.cleanup = Cleanup::Kept;
        self.url.clone()
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Kept => {}
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::PgDatabase { admin_url, name } => {
                // Dropping needs async work; do it on a separate thread with its own runtime so
                // it also works while the test's runtime is shutting down.
                let (admin_url, name) = (admin_url.clone(), name.clone());
                let pool = self.db.pool().clone();
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build();
                    if let Ok(rt) = rt {
                        rt.block_on(async move {
                            pool.close().await;
                            if let Ok(admin) = Db::connect(&admin_url).await {
                                let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                )))
                                .execute(admin.pool())
                                .await;
                                admin.close().await;
                            }
                        });
                    }
                })
                .join();
            }
        }
    }
}

/// `postgres://u@h:p/db?x` with the database part replaced by `name`.
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..].find('/').map(|i| i + scheme_end);
    let host = path_start.map_or(base, |i| &base[..i]);
    match query {
        Some(q) => format!("{host}/{name}?{q}"),
        None => format!("{host}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_the_database_name() {
        assert_eq!(
            super::replace_database("postgres://root@127.0.0.1:5432/test", "x"),
            "postgres://root@127.0.0.1:5432/x"
        );
        assert_eq!(
            super::replace_database("postgres://root@h/test?sslmode=disable", "x"),
            "postgres://root@h/x?sslmode=disable"
        );
        assert_eq!(
            super::replace_database("postgres://h", "x"),
            "postgres://h/x"
        );
    }
}
