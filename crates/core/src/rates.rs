//! Exchange rates: the bank's dated rates for the yen that regulators and admins import, over
//! the rates shipped with the rules. A figure in dong uses the newest rate on or before the
//! day it is shown for ([`current`]); an imported rate replaces a shipped one of the same
//! date. Importing checks the whole file first: one bad line and nothing is stored.

use crate::Core;
use crate::audit::{self, By, Change};
use crate::error::CoreResult;
use crate::ids::new_id;
use crate::policy::{Action, authorize};
use kakehashi_rules::Source;
use kakehashi_rules::recruitment::{
    Currency, ExchangeRates, RateOrigin, RateQuote, RateRowError, Verification, parse_rates_csv,
};
use kakehashi_store::exchange_rates::{self as store, RateRow};
use serde::Serialize;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatesReport {
    /// Rates added or changed.
    pub imported: u64,
    /// Rates already stored exactly so.
    pub unchanged: u64,
    /// Bad lines (nothing is stored when there is one).
    pub rejected: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub errors: Vec<RateRowError>,
}

impl RatesReport {
    /// The line the command ends with.
    pub fn summary(&self) -> String {
        format!(
            "imported={} unchanged={} rejected={}",
            self.imported, self.unchanged, self.rejected
        )
    }
}

fn verification_id(v: Verification) -> &'static str {
    match v {
        Verification::Verified => "verified",
        Verification::Secondary => "secondary",
        Verification::Unverified => "unverified",
    }
}

fn source_text(s: &Source) -> String {
    match &s.url {
        Some(u) => format!("{} | {u}", s.title),
        None => s.title.clone(),
    }
}

fn quote_of(row: &RateRow) -> Option<RateQuote> {
    Some(RateQuote {
        date: row.rate_date.parse().ok()?,
        currency: Currency::parse(&row.currency, "currency").ok()?,
        buying: row.buying,
        transfer: row.transfer,
        selling: row.selling,
        verification: match row.verification.as_str() {
            "verified" => Verification::Verified,
            "secondary" => Verification::Secondary,
            _ => Verification::Unverified,
        },
        source: Source::parse(&row.source),
        origin: RateOrigin::Imported,
    })
}

/// Imports a rates file (see [`parse_rates_csv`]; a date after today is refused). Each added
/// or changed rate is audited in the same transaction.
pub async fn import(core: &Core, by: By<'_>, bytes: &[u8]) -> CoreResult<RatesReport> {
    if let By::User(actor) = by {
        authorize(Some(actor), Action::ImportRates)?;
    }
    let quotes = match parse_rates_csv(bytes, RateOrigin::Imported, Some(core.today())) {
        Ok(q) => q,
        Err(errors) => {
            let mut lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
            lines.dedup();
            return Ok(RatesReport {
                rejected: lines.len() as u64,
                errors,
                ..Default::default()
            });
        }
    };
    let now = core.now();
    let mut tx = core.db().begin().await?;
    let mut report = RatesReport::default();
    for q in &quotes {
        let date = q.date.to_string();
        let currency = q.currency.code();
        let before = store::by_date(&mut tx, currency, &date).await?;
        let after = RateRow {
            id: before.as_ref().map_or_else(new_id, |b| b.id.clone()),
            currency: currency.to_owned(),
            rate_date: date,
            buying: q.buying,
            transfer: q.transfer,
            selling: q.selling,
            verification: verification_id(q.verification).to_owned(),
            source: source_text(&q.source),
            created_at: before.as_ref().map_or(now, |b| b.created_at),
            updated_at: now,
        };
        if let Some(b) = &before
            && (b.buying, b.transfer, b.selling, &b.verification, &b.source)
                == (
                    after.buying,
                    after.transfer,
                    after.selling,
                    &after.verification,
                    &after.source,
                )
        {
            report.unchanged += 1;
            continue;
        }
        match &before {
            Some(_) => store::update(&mut tx, &after).await?,
            None => store::insert(&mut tx, &after).await?,
        }
        audit::record(
            &mut tx,
            by,
            now,
            Change {
                action: "exchange_rate.imported",
                entity_type: "exchange_rate",
                entity_id: &after.id,
                before: before.as_ref().and_then(audit::snapshot),
                after: audit::snapshot(&after),
            },
        )
        .await?;
        report.imported += 1;
    }
    tx.commit()
        .await
        .map_err(kakehashi_store::StoreError::from)?;
    Ok(report)
}

/// The rates in force: the shipped ones with every imported one over them.
pub async fn current(core: &Core) -> CoreResult<ExchangeRates> {
    let mut conn = core.db().conn().await?;
    let rows = store::all(&mut conn, Currency::Jpy.code()).await?;
    Ok(core
        .rules()
        .recruitment
        .exchange_rates()
        .with_imported(rows.iter().filter_map(quote_of)))
}

/// The newest rates, newest first, for the rates page (at most `limit`).
pub async fn recent(core: &Core, limit: usize) -> CoreResult<Vec<RateQuote>> {
    let rates = current(core).await?;
    Ok(rates.quotes().iter().rev().take(limit).cloned().collect())
}
