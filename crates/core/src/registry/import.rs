//! Importing a licence register (the overseas-labour department's list of licensed sending
//! enterprises, and registers like it), as a background job (`registry.import`).
//!
//! The whole file is validated first, then checked against what is on record (a licence
//! number on record for another organisation than the row's enterprise code); unless told to
//! skip bad rows, one bad row means nothing is written. Then the rows are written in batches
//! of [`BATCH`], each in its own short transaction together with the job's checkpoint, so other
//! writes wait at most one batch (SQLite has one writer) and a killed import resumes from its
//! last committed batch when the job is claimed again: it never stays half-written. Each batch
//! reads and writes in a few multi-row statements, so time grows linearly with the rows.
//! Re-importing the same file changes nothing; a changed row updates its record, audited.
use super::register_csv::{LicenceRow as Row, RowError, parse_register_with_progress};
use crate::Core;
use crate::audit::{self, By, Change};
use crate::error::{CoreError, CoreResult};
use crate::ids::new_id;
use crate::jobs::{self, JobError, NewJob, Running};
use crate::policy::{Action, authorize};
use kakehashi_store::Conn;
use kakehashi_store::organisations::{self as org_store, OrganisationRow};
use kakehashi_store::registry::{self as store, LicenceRow};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// Rows written per transaction: long enough to amortise a statement, short enough that a
/// write waiting behind it (SQLite's single writer) waits well under a second.
pub const BATCH: usize = 500;

/// The kind of the import job.
pub const IMPORT_JOB: &str = "registry.import";

/// An error in the import's report (what [`RowError`] says, as stored with the job).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportError {
    pub line: u64,
    pub column: Option<String>,
    pub code: String,
    pub detail: String,
}

impl From<RowError> for ReportError {
    fn from(e: RowError) -> Self {
        ReportError {
            line: e.line,
            column: e.column,
            code: e.code.to_owned(),
            detail: e.detail,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// Rows that created or changed a record.
    pub imported: u64,
    /// Rows already on record exactly as in the file.
    pub unchanged: u64,
    /// Rows refused (with their errors below).
    pub rejected: u64,
    pub errors: Vec<ReportError>,
    /// Whether anything was written.
    pub written: bool,
}

impl ImportReport {
    /// The line the command ends with.
    pub fn summary(&self) -> String {
        format!(
            "imported={} unchanged={} rejected={}",
            self.imported, self.unchanged, self.rejected
        )
    }
}

/// Who asked for an import, as the job keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Payload {
    skip_invalid: bool,
    user_id: Option<String>,
    role: Option<String>,
    system: Option<String>,
}

/// Where a running import stands, committed with each batch.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Checkpoint {
    /// Rows to write (after the check) already written.
    cursor: usize,
    imported: u64,
    unchanged: u64,
    /// Rows refused by the check against the record, or while writing.
    errors: Vec<ReportError>,
}

/// Queues an import of `bytes` (CSV) and returns the job's id; the server's workers run it.
pub async fn queue_import(
    core: &Core,
    by: By<'_>,
    bytes: &[u8],
    skip_invalid: bool,
) -> CoreResult<String> {
    if let By::User(actor) = by {
        authorize(Some(actor), Action::Regulate)?;
    }
    let (user_id, role, system) = match by {
        By::User(a) => (Some(a.user_id.clone()), Some(a.role.id().to_owned()), None),
        By::System(name) => (None, None, Some(name.to_owned())),
    };
    let mut job = NewJob::new(
        IMPORT_JOB,
        Payload {
            skip_invalid,
            user_id: user_id.clone(),
            role,
            system,
        },
    );
    job.created_by = user_id;
    let mut tx = core.db().begin().await?;
    let id = jobs::enqueue(&mut tx, core.now(), job).await?;
    kakehashi_store::jobs::insert_blob(&mut tx, &id, bytes).await?;
    tx.commit()
        .await
        .map_err(kakehashi_store::StoreError::from)?;
    Ok(id)
}

/// Imports `bytes` (CSV) here and now: queues the import job and runs it in this process.
/// `progress(phase, done, total)` is called as it goes (`reading`, `checking`, `writing`). If
/// the process dies meanwhile, the job stays queued and resumes where it stopped when a server
/// (or `kakehashi import resume`) claims it.
pub async fn import_register(
    core: &Core,
    by: By<'_>,
    bytes: &[u8],
    skip_invalid: bool,
    progress: &(dyn Fn(&str, u64, u64) + Send + Sync),
) -> CoreResult<ImportReport> {
    let id = queue_import(core, by, bytes, skip_invalid).await?;
    run_here(core, &id, progress).await
}

/// Runs import job `id` in this process and answers its report.
pub async fn run_here(
    core: &Core,
    id: &str,
    progress: &(dyn Fn(&str, u64, u64) + Send + Sync),
) -> CoreResult<ImportReport> {
    // The callback lives only as long as this call; the handler borrows it through a scope.
    let handler = Importer {
        progress: Some(Box::new(|phase: &str, done: u64, total: u64| {
            progress(phase, done, total)
        })),
    };
    run_with(core, id, handler).await
}

async fn run_with(core: &Core, id: &str, handler: Importer<'_>) -> CoreResult<ImportReport> {
    let worker = jobs::Worker::new(
        core.clone(),
        jobs::Registry::new(),
        jobs::WorkerOptions::default(),
    );
    let Some(attempt) = worker.run_job(id, &handler).await? else {
        return Err(CoreError::Unavailable(format!(
            "import job {id} is being run by another worker"
        )));
    };
    let row = jobs::get(core, id).await?.ok_or(CoreError::NotFound)?;
    match (attempt.state.as_str(), row.result.as_deref()) {
        (jobs::SUCCEEDED, Some(result)) => serde_json::from_str(result)
            .map_err(|e| CoreError::Internal(format!("import report: {e}"))),
        _ => Err(CoreError::Unavailable(format!(
            "import job {id} stopped ({}); it resumes where it stopped when a server or \
             `kakehashi import resume` runs it again",
            row.last_error.unwrap_or_default()
        ))),
    }
}

/// The report of a finished import job, or `None` while it runs.
pub fn report_of(row: &kakehashi_store::jobs::JobRow) -> Option<ImportReport> {
    row.result
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok())
}

/// An import job the actor may follow: one they asked for.
pub async fn job_for(
    core: &Core,
    actor: &crate::Actor,
    id: &str,
) -> CoreResult<kakehashi_store::jobs::JobRow> {
    authorize(Some(actor), Action::Regulate)?;
    let row = jobs::get(core, id).await?.ok_or(CoreError::NotFound)?;
    authorize(
        Some(actor),
        Action::FollowJob {
            created_by: row.created_by.as_deref(),
        },
    )?;
    if row.kind != IMPORT_JOB {
        return Err(CoreError::NotFound);
    }
    Ok(row)
}

type Progress<'a> = Box<dyn Fn(&str, u64, u64) + Send + Sync + 'a>;

/// The import job's handler. Workers run it without a callback; the CLI passes one.
pub struct Importer<'a> {
    progress: Option<Progress<'a>>,
}

impl Importer<'static> {
    pub fn new() -> Self {
        Importer { progress: None }
    }
}

impl Default for Importer<'static> {
    fn default() -> Self {
        Importer::new()
    }
}

impl Importer<'_> {
    async fn show(&self, job: &Running, phase: &str, done: u64, total: u64) -> CoreResult<()> {
        if let Some(p) = &self.progress {
            p(phase, done, total);
        }
        job.progress(phase, done, total).await
    }

    async fn import(&self, job: &Running) -> Result<ImportReport, JobError> {
        let core = job.core();
        let payload: Payload = job.payload()?;
        let actor = payload.user_id.as_ref().map(|user_id| crate::Actor {
            user_id: user_id.clone(),
            role: payload
                .role
                .as_deref()
                .and_then(crate::Role::parse)
                .unwrap_or(crate::Role::Regulator),
            organisation_id: None,
            display_name: String::new(),
            language: String::new(),
        });
        let system = payload.system.clone().unwrap_or_else(|| "import".into());
        let by = match &actor {
            Some(a) => By::User(a),
            None => By::System(&system),
        };
        let bytes = {
            let mut conn = core.db().conn().await.map_err(CoreError::from)?;
            kakehashi_store::jobs::blob(&mut conn, job.id())
                .await
                .map_err(CoreError::from)?
                .ok_or_else(|| JobError::Fatal("the register's file is gone".into()))?
        };
        let parsed = self.read(job, bytes).await?;
        let parse_errors: Vec<ReportError> = parsed.errors.into_iter().map(Into::into).collect();
        let skip = payload.skip_invalid;
        if !parse_errors.is_empty() && !skip {
            return Ok(refused_report(parse_errors));
        }
        let mut cp = match job.checkpoint::<Checkpoint>() {
            Some(cp) => cp,
            None => {
                let conflicts = self.check(job, &parsed.rows).await?;
                if !conflicts.is_empty() && !skip {
                    return Ok(refused_report(conflicts));
                }
                let cp = Checkpoint {
                    errors: conflicts,
                    ..Checkpoint::default()
                };
                let mut tx = core.db().begin().await.map_err(CoreError::from)?;
                job.step(&mut tx, "writing", 0, 0, &cp).await?;
                tx.commit()
                    .await
                    .map_err(kakehashi_store::StoreError::from)
                    .map_err(CoreError::from)?;
                cp
            }
        };
        let refused: BTreeSet<u64> = cp.errors.iter().map(|e| e.line).collect();
        let rows: Vec<&Row> = parsed
            .rows
            .iter()
            .filter(|r| !refused.contains(&r.line))
            .collect();
        let total = rows.len() as u64;
        while cp.cursor < rows.len() {
            let end = (cp.cursor + BATCH).min(rows.len());
            let mut tx = core.db().begin().await.map_err(CoreError::from)?;
            let done = apply_batch(&mut tx, by, &rows[cp.cursor..end], core.now()).await?;
            cp.cursor = end;
            cp.imported += done.imported;
            cp.unchanged += done.unchanged;
            cp.errors.extend(done.refused);
            job.step(&mut tx, "writing", end as u64, total, &cp).await?;
            tx.commit()
                .await
                .map_err(kakehashi_store::StoreError::from)
                .map_err(CoreError::from)?;
            if let Some(p) = &self.progress {
                p("writing", end as u64, total);
            }
        }
        let mut errors = parse_errors;
        errors.extend(cp.errors);
        errors.sort_by_key(|e| e.line);
        let mut conn = core.db().conn().await.map_err(CoreError::from)?;
        // The file is no longer needed once every row is written.
        kakehashi_store::jobs::delete_blob(&mut conn, job.id())
            .await
            .map_err(CoreError::from)?;
        Ok(ImportReport {
            imported: cp.imported,
            unchanged: cp.unchanged,
            rejected: bad_lines(&errors),
            errors,
            written: cp.imported > 0,
        })
    }

    /// Parses on a blocking thread, showing progress as it reads.
    async fn read(
        &self,
        job: &Running,
        bytes: Vec<u8>,
    ) -> Result<super::register_csv::Parsed, JobError> {
        let total = bytes.len() as u64;
        let (tx, mut rx) = tokio::sync::watch::channel(0u64);
        let parse = tokio::task::spawn_blocking(move || {
            parse_register_with_progress(&bytes, &mut |done, _| {
                let _ = tx.send(done);
            })
        });
        tokio::pin!(parse);
        loop {
            tokio::select! {
                parsed = &mut parse => {
                    self.show(job, "reading", total, total).await?;
                    return parsed.map_err(|e| JobError::Retry(format!("parsing: {e}")));
                }
                changed = rx.changed() => {
                    if changed.is_ok() {
                        let done = *rx.borrow_and_update();
                        self.show(job, "reading", done, total).await?;
                    }
                }
            }
        }
    }

    /// Finds the rows that conflict with what is on record, reading in batches (no locks).
    async fn check(&self, job: &Running, rows: &[Row]) -> Result<Vec<ReportError>, JobError> {
        let core = job.core();
        let mut conn = core.db().conn().await.map_err(CoreError::from)?;
        let mut out = Vec::new();
        let total = rows.len() as u64;
        for (i, chunk) in rows.chunks(BATCH).enumerate() {
            let known = Known::read(&mut conn, chunk).await?;
            for row in chunk {
                if let Some(e) = known.conflict(row) {
                    out.push(e);
                }
            }
            let done = ((i + 1) * BATCH).min(rows.len()) as u64;
            self.show(job, "checking", done, total).await?;
        }
        Ok(out)
    }
}

impl jobs::Handler for Importer<'_> {
    fn run<'a>(&'a self, job: &'a Running) -> jobs::JobFuture<'a> {
        Box::pin(async move {
            let report = self.import(job).await?;
            serde_json::to_value(report).map_err(|e| JobError::Fatal(e.to_string()))
        })
    }
}

fn bad_lines(errors: &[ReportError]) -> u64 {
    errors.iter().map(|e| e.line).collect::<BTreeSet<_>>().len() as u64
}

fn refused_report(mut errors: Vec<ReportError>) -> ImportReport {
    errors.sort_by_key(|e| e.line);
    ImportReport {
        rejected: bad_lines(&errors),
        errors,
        ..Default::default()
    }
}

/// What is on record for a batch's licence numbers and enterprise codes.
struct Known {
    licences: HashMap<String, LicenceRow>,
    by_code: HashMap<String, String>,
    orgs: HashMap<String, OrganisationRow>,
}

impl Known {
    async fn read(conn: &mut Conn, rows: &[impl std::borrow::Borrow<Row>]) -> CoreResult<Known> {
        let numbers: Vec<&str> = rows
            .iter()
            .map(|r| r.borrow().licence_number.as_str())
            .collect();
        let codes: Vec<&str> = rows
            .iter()
            .filter_map(|r| r.borrow().enterprise_code.as_deref())
            .collect();
        let licences: HashMap<String, LicenceRow> = store::licences_by_numbers(conn, &numbers)
            .await?
            .into_iter()
            .map(|l| (l.number.clone(), l))
            .collect();
        let mut orgs: HashMap<String, OrganisationRow> = HashMap::new();
        let mut by_code = HashMap::new();
        if !codes.is_empty() {
            for o in org_store::by_enterprise_codes(conn, &codes).await? {
                if let Some(c) = &o.enterprise_code {
                    by_code.insert(c.clone(), o.id.clone());
                }
                orgs.insert(o.id.clone(), o);
            }
        }
        let missing: Vec<&str> = licences
            .values()
            .map(|l| l.organisation_id.as_str())
            .filter(|id| !orgs.contains_key(*id))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if !missing.is_empty() {
            for o in org_store::by_ids(conn, &missing).await? {
                orgs.insert(o.id.clone(), o);
            }
        }
        Ok(Known {
            licences,
            by_code,
            orgs,
        })
    }

    /// A licence on record for another organisation than the row's enterprise code names.
    fn conflict(&self, row: &Row) -> Option<ReportError> {
        let org = self.by_code.get(row.enterprise_code.as_deref()?)?;
        let licence = self.licences.get(&row.licence_number)?;
        (&licence.organisation_id != org).then(|| ReportError {
            line: row.line,
            column: Some("licence_number".into()),
            code: "licence_of_another_organisation".into(),
            detail: format!(
                "licence {} is on record for another organisation than enterprise code {}",
                row.licence_number,
                row.enterprise_code.as_deref().unwrap_or("")
            ),
        })
    }
}

#[derive(Default)]
struct BatchOutcome {
    imported: u64,
    unchanged: u64,
    refused: Vec<ReportError>,
}

/// Writes one batch: a few reads, multi-row inserts for new records, one update per changed
/// record, the audit records in one append, and the look-up terms of the organisations touched.
async fn apply_batch(
    conn: &mut Conn,
    by: By<'_>,
    rows: &[&Row],
    now: i64,
) -> CoreResult<BatchOutcome> {
    let mut known = Known::read(conn, rows).await?;
    let mut out = BatchOutcome::default();
    let mut new_orgs: Vec<String> = Vec::new();
    let mut changed_orgs: BTreeSet<String> = BTreeSet::new();
    let mut new_licences: Vec<String> = Vec::new();
    let mut changed_licences: BTreeSet<String> = BTreeSet::new();
    let mut changes: Vec<(
        &'static str,
        String,
        Option<serde_json::Value>,
        Option<serde_json::Value>,
    )> = Vec::new();
    for row in rows {
        if let Some(e) = known.conflict(row) {
            // On record since the check (a concurrent change): refused, like a bad row.
            out.refused.push(e);
            continue;
        }
        let existing_licence = known.licences.get(&row.licence_number).cloned();
        let org_id = row
            .enterprise_code
            .as_deref()
            .and_then(|c| known.by_code.get(c).cloned())
            .or_else(|| existing_licence.as_ref().map(|l| l.organisation_id.clone()))
            .filter(|id| known.orgs.contains_key(id));
        let mut changed = false;
        let org_id = match org_id {
            Some(id) => {
                let before = known.orgs[&id].clone();
                let after = OrganisationRow {
                    kind: row.kind.id().to_owned(),
                    name: row.name.clone(),
                    name_romanised: row.name_romanised.clone(),
                    country: row.country.clone(),
                    address: row.address.clone(),
                    phone: row.phone.clone(),
                    website: row.website.clone(),
                    enterprise_code: row
                        .enterprise_code
                        .clone()
                        .or(before.enterprise_code.clone()),
                    updated_at: now,
                    ..before.clone()
                };
                let same = after.kind == before.kind
                    && after.name == before.name
                    && after.name_romanised == before.name_romanised
                    && after.country == before.country
                    && after.address == before.address
                    && after.phone == before.phone
                    && after.website == before.website
                    && after.enterprise_code == before.enterprise_code;
                if !same {
                    changes.push((
                        "organisation.imported",
                        id.clone(),
                        audit::snapshot(&before),
                        audit::snapshot(&after),
                    ));
                    if let Some(c) = &after.enterprise_code {
                        known.by_code.insert(c.clone(), id.clone());
                    }
                    known.orgs.insert(id.clone(), after);
                    changed_orgs.insert(id.clone());
                    changed = true;
                }
                id
            }
            None => {
                let org = OrganisationRow {
                    id: new_id(),
                    kind: row.kind.id().to_owned(),
                    name: row.name.clone(),
                    name_romanised: row.name_romanised.clone(),
                    country: row.country.clone(),
                    address: row.address.clone(),
                    phone: row.phone.clone(),
                    email: String::new(),
                    website: row.website.clone(),
                    enterprise_code: row.enterprise_code.clone(),
                    search_text: String::new(),
                    created_at: now,
                    updated_at: now,
                };
                changes.push((
                    "organisation.imported",
                    org.id.clone(),
                    None,
                    audit::snapshot(&org),
                ));
                if let Some(c) = &org.enterprise_code {
                    known.by_code.insert(c.clone(), org.id.clone());
                }
                let id = org.id.clone();
                new_orgs.push(id.clone());
                known.orgs.insert(id.clone(), org);
                changed = true;
                id
            }
        };
        let licence = LicenceRow {
            id: existing_licence
                .as_ref()
                .map_or_else(new_id, |l| l.id.clone()),
            organisation_id: org_id.clone(),
            number: row.licence_number.clone(),
            issuer: row
                .issuer
                .clone()
                .or_else(|| existing_licence.as_ref().map(|l| l.issuer.clone()))
                .unwrap_or_default(),
            issued_on: row.issued_on.to_string(),
            ends_on: row.ends_on.map(|d| d.to_string()),
            scope_programmes: existing_licence
                .as_ref()
                .map(|l| l.scope_programmes.clone())
                .unwrap_or_default(),
            scope_countries: existing_licence
                .as_ref()
                .map_or_else(|| "JP".to_owned(), |l| l.scope_countries.clone()),
            status: row.status.id().to_owned(),
            created_at: existing_licence.as_ref().map_or(now, |l| l.created_at),
            updated_at: now,
        };
        match &existing_licence {
            Some(before) => {
                let same = before.organisation_id == licence.organisation_id
                    && before.issuer == licence.issuer
                    && before.issued_on == licence.issued_on
                    && before.ends_on == licence.ends_on
                    && before.status == licence.status;
                if !same {
                    changes.push((
                        "licence.imported",
                        org_id.clone(),
                        audit::snapshot(before),
                        audit::snapshot(&licence),
                    ));
                    if !new_licences.contains(&licence.number) {
                        changed_licences.insert(licence.number.clone());
                    }
                    known.licences.insert(licence.number.clone(), licence);
                    changed = true;
                }
            }
            None => {
                changes.push((
                    "licence.imported",
                    org_id.clone(),
                    None,
                    audit::snapshot(&licence),
                ));
                new_licences.push(licence.number.clone());
                known.licences.insert(licence.number.clone(), licence);
                changed = true;
            }
        }
        if changed {
            if !new_orgs.contains(&org_id) {
                changed_orgs.insert(org_id.clone());
            }
            out.imported += 1;
        } else {
            out.unchanged += 1;
        }
    }
    // The licences of the organisations touched, as they will be, for their look-up terms.
    let touched: Vec<&str> = new_orgs
        .iter()
        .map(String::as_str)
        .chain(changed_orgs.iter().map(String::as_str))
        .collect();
    let mut numbers: HashMap<&str, BTreeSet<String>> = HashMap::new();
    let existing: Vec<&str> = changed_orgs.iter().map(String::as_str).collect();
    let on_record = if existing.is_empty() {
        Vec::new()
    } else {
        store::licences_of_many(conn, &existing).await?
    };
    for l in on_record.iter().chain(known.licences.values()) {
        if let Some(id) = touched.iter().find(|t| **t == l.organisation_id) {
            numbers.entry(id).or_default().insert(l.number.clone());
        }
    }
    let mut terms = Vec::with_capacity(touched.len());
    for id in &touched {
        let org = known.orgs.get_mut(*id).ok_or(CoreError::NotFound)?;
        let nums: Vec<&str> = numbers
            .get(id)
            .map(|s| s.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let (text, t) = super::terms::search_fields(
            &org.name,
            &org.name_romanised,
            org.enterprise_code.as_deref(),
            &nums,
        );
        org.search_text = text;
        terms.push(((*id).to_owned(), t));
    }
    let inserts: Vec<OrganisationRow> = new_orgs.iter().map(|id| known.orgs[id].clone()).collect();
    org_store::insert_many(conn, &inserts).await?;
    for id in &changed_orgs {
        org_store::update(conn, &known.orgs[id]).await?;
    }
    let licence_inserts: Vec<LicenceRow> = new_licences
        .iter()
        .map(|n| known.licences[n].clone())
        .collect();
    store::insert_licences(conn, &licence_inserts).await?;
    for n in &changed_licences {
        store::update_licence(conn, &known.licences[n]).await?;
    }
    store::replace_terms_many(conn, &terms).await?;
    audit::record_many(
        conn,
        by,
        now,
        changes
            .iter()
            .map(|(action, id, before, after)| Change {
                action,
                entity_type: "organisation",
                entity_id: id,
                before: before.clone(),
                after: after.clone(),
            })
            .collect(),
    )
    .await?;
    Ok(out)
}
