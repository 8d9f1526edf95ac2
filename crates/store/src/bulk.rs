//! Multi-row inserts for generated data sets (benchmarks). They bypass the services: no
//! audit records, no checks. Never used for real records.

use crate::organisations::OrganisationRow;
use crate::registry::LicenceRow;
use crate::sql::Sql;
use crate::{Conn, StoreResult};

/// Rows per statement: under SQLite's default limit of 32,766 bound parameters.
const ROWS_PER_STATEMENT: usize = 400;

pub async fn organisations(conn: &mut Conn, rows: &[OrganisationRow]) -> StoreResult<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut sql = Sql::new(
            "INSERT INTO organisations (id, kind, name, name_romanised, country, address, phone, \
             email, website, enterprise_code, search_text, created_at, updated_at) VALUES ",
        );
        for (i, o) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            for (j, v) in [
                &o.id,
                &o.kind,
                &o.name,
                &o.name_romanised,
                &o.country,
                &o.address,
                &o.phone,
                &o.email,
                &o.website,
            ]
            .into_iter()
            .enumerate()
            {
                if j > 0 {
                    sql.push(", ");
                }
                sql.bind_text(v.clone());
            }
            sql.push(", ");
            if let Some(c) = &o.enterprise_code {
                sql.bind_text(c.clone());
            } else {
                sql.push("NULL");
            }
            sql.push(", ");
            sql.bind_text(o.search_text.clone());
            sql.push(", ");
            sql.bind_int(o.created_at);
            sql.push(", ");
            sql.bind_int(o.updated_at);
            sql.push(")");
        }
        sql.execute(conn).await?;
    }
    Ok(())
}

pub async fn licences(conn: &mut Conn, rows: &[LicenceRow]) -> StoreResult<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut sql = Sql::new(
            "INSERT INTO licences (id, organisation_id, number, issuer, issued_on, scope_programmes, \
             scope_countries, status, created_at, updated_at) VALUES ",
        );
        for (i, l) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            for (j, v) in [
                &l.id,
                &l.organisation_id,
                &l.number,
                &l.issuer,
                &l.issued_on,
                &l.scope_programmes,
                &l.scope_countries,
                &l.status,
            ]
            .into_iter()
            .enumerate()
            {
                if j > 0 {
                    sql.push(", ");
                }
                sql.bind_text(v.clone());
            }
            sql.push(", ");
            sql.bind_int(l.created_at);
            sql.push(", ");
            sql.bind_int(l.updated_at);
            sql.push(")");
        }
        sql.execute(conn).await?;
    }
    Ok(())
}

/// (term, organisation id) pairs.
pub async fn terms(conn: &mut Conn, rows: &[(String, String)]) -> StoreResult<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT * 4) {
        let mut sql = Sql::new("INSERT INTO organisation_terms (term, organisation_id) VALUES ");
        for (i, (term, org)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind_text(term.clone());
            sql.push(", ");
            sql.bind_text(org.clone());
            sql.push(")");
        }
        sql.push(" ON CONFLICT DO NOTHING");
        sql.execute(conn).await?;
    }
    Ok(())
}
