//! Importing a provider's files (plans, customers, open orders from CSV or XLSX): the file is
//! chosen once and kept here, its columns matched to Campo's fields (the person may correct
//! the matching), checked as a dry run that lists every problem by line and column, then
//! written as one unit with progress and cancel — all of it or nothing. A staff list is
//! checked against the server's accounts and its new people become accounts there, together,
//! each with a first password shown once; when the server's answer to it is lost before its
//! accounts can be seen there, the list's first passwords are kept in memory (for the person
//! who sent it) and shown when the list is imported again and the accounts are there.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::Engine;
use campo_domain::Lang;
use campo_import::{
    Checked, Field, Format, ImportKind, Known, Mapping, PersonRecord, Records, Table,
};
use campo_protocol::Role;
use campo_protocol::accounts::AccountImport;
use campo_store::import::{ImportError, ImportSummary, Progress};
use campo_store::provider::Place;
use chrono::Utc;
use serde::Serialize;
use ts_rs::TS;

use crate::context::Context;
use crate::error::{AppError, InputError};

/// The most problems sent to the screen (the count says how many there are in all).
pub const MAX_LISTED: usize = 500;
/// Rows shown in the preview.
const SAMPLE_ROWS: usize = 5;

/// The file chosen for import and how its writing is going.
#[derive(Debug, Default)]
pub struct Staged {
    file: Option<Arc<(ImportKind, Table)>>,
    running: Option<Arc<Running>>,
    /// Staff lists whose answer was lost before the server had made their accounts: their
    /// ids and first passwords, kept (in memory only) to be shown if the server made them
    /// after.
    lost: Vec<LostList>,
    /// Raised each time the app forgets (another person opens it): a staff list sent before
    /// is not kept for whoever comes next.
    generation: u64,
}

impl Staged {
    /// Forgets the chosen file and any lost staff list (another person opens the app); an
    /// import being written goes on to its end in its person's data, no longer shown (nor
    /// cancelled) on the next person's import page.
    pub(crate) fn forget(&mut self) {
        self.file = None;
        self.lost.clear();
        self.running = None;
        self.generation += 1;
    }
}

/// A staff list sent whose answer never came: each account's id, and its first password (in
/// the same order).
#[derive(Clone)]
struct LostList {
    ids: Vec<String>,
    first: Vec<FirstPassword>,
}

impl std::fmt::Debug for LostList {
    // The first passwords are not for logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LostList")
            .field("ids", &self.ids)
            .finish_non_exhaustive()
    }
}

/// An import being written.
#[derive(Debug, Default)]
struct Running {
    cancel: AtomicBool,
    done: AtomicUsize,
    total: AtomicUsize,
}

/// A field a column can be matched to, named.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldChoice {
    /// The field.
    pub field: Field,
    /// Its name in the person's language.
    pub label: String,
    /// Whether every row needs it.
    pub required: bool,
}

/// A chosen file, before anything is checked.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// What the file holds.
    pub kind: ImportKind,
    /// How it was read.
    pub format: Format,
    /// Its columns' headers.
    pub headers: Vec<String>,
    /// Its first rows.
    pub sample: Vec<Vec<String>>,
    /// How many rows it has.
    #[ts(type = "number")]
    pub rows: usize,
    /// The matching Campo proposes.
    pub mapping: Mapping,
    /// The fields a column can go to.
    pub fields: Vec<FieldChoice>,
}

/// A problem, placed and worded.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProblemLine {
    /// The line (1 is the header).
    #[ts(type = "number")]
    pub line: usize,
    /// The column's letter, when about one cell.
    pub letter: Option<String>,
    /// The column's header, when about one cell.
    pub column: Option<String>,
    /// Where and what, in words (`Linha 5, coluna C (CPF): CPF inválido…`).
    pub message: String,
    /// What, in words, without the place (for a table whose columns give the place).
    pub what: String,
}

/// A dry run: what the import would do, and every problem that keeps it from running.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportCheck {
    /// Rows that would be written.
    #[ts(type = "number")]
    pub ready: usize,
    /// Rows left out on purpose (orders already finished in the ERP).
    #[ts(type = "number")]
    pub left_out: usize,
    /// How many problems in all.
    #[ts(type = "number")]
    pub problem_count: usize,
    /// The first [`MAX_LISTED`] problems, in line order.
    pub problems: Vec<ProblemLine>,
}

/// How an import's writing is going.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    /// Whether one is being written.
    pub running: bool,
    /// Records written.
    #[ts(type = "number")]
    pub done: usize,
    /// Records in all.
    #[ts(type = "number")]
    pub total: usize,
}

/// A new account from a staff list, with the first password to hand over (shown once).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FirstPassword {
    /// The person's name.
    pub name: String,
    /// Their login.
    pub login: String,
    /// Their role.
    pub role: Role,
    /// Their first password.
    pub password: String,
}

/// The result of an import.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    /// What was written.
    pub summary: ImportSummary,
    /// Rows left out on purpose.
    #[ts(type = "number")]
    pub left_out: usize,
    /// A staff list's new accounts with their first passwords (empty for other files).
    pub first_passwords: Vec<FirstPassword>,
}

fn choices(kind: ImportKind, lang: Lang) -> Vec<FieldChoice> {
    kind.fields()
        .iter()
        .map(|&field| FieldChoice {
            field,
            label: field.label(lang).to_owned(),
            required: kind.required().contains(&field),
        })
        .collect()
}

/// Reads a chosen file (its bytes as base64, as the window reads them) and proposes how its
/// columns match Campo's fields. The file stays here for the check and the import; the one
/// chosen before is let go first, so the app does not hold it while reading the next (a check
/// still running keeps its own until it ends), and after a file that could not be read no
/// file is chosen (the window shows none).
pub async fn choose_import_file(
    ctx: &Context,
    kind: ImportKind,
    content: String,
) -> Result<ImportPreview, AppError> {
    {
        let mut staged = ctx.import.lock().map_err(|_| InputError::ImportRunning)?;
        if staged.running.is_some() {
            return Err(InputError::ImportRunning.into());
        }
        staged.file = None;
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content.as_bytes())
        .map_err(|_| InputError::ImportFile(campo_import::FileError::NotATable))?;
    drop(content);
    let table = campo_import::table::read(&bytes).map_err(InputError::ImportFile)?;
    drop(bytes);
    let preview = ImportPreview {
        kind,
        format: table.format,
        headers: table.headers.clone(),
        sample: table
            .rows
            .iter()
            .take(SAMPLE_ROWS)
            .map(|r| r.cells().map(str::to_owned).collect())
            .collect(),
        rows: table.rows.len(),
        mapping: Mapping::guess(kind, &table.headers),
        fields: choices(kind, ctx.lang()),
    };
    let mut staged = ctx.import.lock().map_err(|_| InputError::ImportRunning)?;
    if staged.running.is_some() {
        return Err(InputError::ImportRunning.into());
    }
    staged.file = Some(Arc::new((kind, table)));
    Ok(preview)
}

/// The chosen file, and the mapping checked for fields given twice.
fn staged(ctx: &Context, mapping: &Mapping) -> Result<Arc<(ImportKind, Table)>, AppError> {
    let file = ctx
        .import
        .lock()
        .ok()
        .and_then(|s| s.file.clone())
        .ok_or(InputError::NoImportFile)?;
    let misplaced = mapping.misplaced(file.0);
    if !misplaced.is_empty() {
        let lang = ctx.lang();
        let fields = misplaced
            .iter()
            .map(|f| format!("“{}”", f.label(lang)))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(InputError::ImportMapping { fields }.into());
    }
    Ok(file)
}

async fn checked(ctx: &Context, mapping: &Mapping) -> Result<(ImportKind, Checked), AppError> {
    let file = staged(ctx, mapping)?;
    let kind = file.0;
    let known = if kind == ImportKind::People {
        // Accounts live on the server: a staff list is checked against its logins.
        let accounts = crate::people::transport(ctx).await?.accounts().await?;
        Known {
            accounts: accounts
                .accounts
                .into_iter()
                .map(|a| (a.login, a.role))
                .collect(),
            ..Known::default()
        }
    } else {
        ctx.store().await?.import_known(kind).await?
    };
    let mapping = mapping.clone();
    let result =
        tokio::task::spawn_blocking(move || campo_import::check(kind, &file.1, &mapping, &known))
            .await
            .map_err(|_| InputError::NoImportFile)?;
    Ok((kind, result))
}

/// The dry run: every problem in the chosen file under `mapping`, by line and column.
pub async fn check_import(ctx: &Context, mapping: Mapping) -> Result<ImportCheck, AppError> {
    let lang = ctx.lang();
    let (_, result) = checked(ctx, &mapping).await?;
    Ok(ImportCheck {
        ready: result.records.len(),
        left_out: result.left_out,
        problem_count: result.problems.len(),
        problems: result
            .problems
            .iter()
            .take(MAX_LISTED)
            .map(|p| ProblemLine {
                line: p.line,
                letter: p.letter.clone(),
                column: p.column.clone(),
                message: p.message(lang),
                what: p.kind.message(lang),
            })
            .collect(),
    })
}

/// Checks the chosen file again and, when it has no problems, writes it as one unit: every
/// record, or — on a cancel or a refusal — nothing.
pub async fn run_import(ctx: &Context, mapping: Mapping) -> Result<ImportResult, AppError> {
    let (_, result) = checked(ctx, &mapping).await?;
    if !result.problems.is_empty() {
        return Err(InputError::ImportProblems {
            count: result.problems.len(),
        }
        .into());
    }
    let running = Arc::new(Running::default());
    {
        let mut staged = ctx.import.lock().map_err(|_| InputError::ImportRunning)?;
        if staged.running.is_some() {
            return Err(InputError::ImportRunning.into());
        }
        staged.running = Some(running.clone());
    }
    let outcome = match &result.records {
        Records::People(people) => accounts(ctx, people, &running).await,
        _ => write(ctx, &result, &running).await.map(|s| (s, Vec::new())),
    };
    // Done: no longer running — unless the app was handed to someone else meanwhile, who may
    // have started their own.
    if let Ok(mut staged) = ctx.import.lock()
        && staged
            .running
            .as_ref()
            .is_some_and(|r| Arc::ptr_eq(r, &running))
    {
        staged.running = None;
    }
    let (summary, first_passwords) = outcome?;
    ctx.nudge_sync();
    Ok(ImportResult {
        summary,
        left_out: result.left_out,
        first_passwords,
    })
}

/// A staff list's new people made accounts on the server, together (all or none), each with
/// a first password; those the server has already are left as they are. A cancel is heard
/// until the list is sent; once sent, the server makes every account or none.
async fn accounts(
    ctx: &Context,
    people: &[PersonRecord],
    running: &Running,
) -> Result<(ImportSummary, Vec<FirstPassword>), AppError> {
    let transport = crate::people::transport(ctx).await?;
    let generation = ctx.import.lock().map_or(0, |s| s.generation);
    let recovered = recovered(ctx, &transport).await;
    let (mut new, unchanged) = campo_import::people::new_accounts(people, || {
        let mut random = [0u8; 12];
        OsRng.fill_bytes(&mut random);
        random
    });
    // Each account's id chosen here: if the answer is lost, the accounts the server has are
    // known to be these (not ones someone else made with the same logins).
    for account in &mut new {
        account.id = Some(uuid::Uuid::now_v7());
    }
    let first: Vec<FirstPassword> = new
        .iter()
        .map(|a| FirstPassword {
            name: a.name.clone(),
            login: a.login.clone(),
            role: a.role,
            password: a.password.clone(),
        })
        .collect();
    // The accounts of a list whose answer was lost, made since: this file's people among
    // them count as made by it, and their first passwords are shown with the new ones.
    let again = recovered
        .iter()
        .flat_map(|l| &l.first)
        .filter(|f| people.iter().any(|p| p.existing && p.login == f.login))
        .count();
    let summary = ImportSummary {
        created: first.len() + again,
        unchanged: unchanged.saturating_sub(again),
        ..ImportSummary::default()
    };
    running.total.store(people.len(), Ordering::Relaxed);
    if running.cancel.load(Ordering::Relaxed) {
        return Err(campo_store::StoreError::Import(ImportError::Cancelled).into());
    }
    if !new.is_empty() {
        let ids: Vec<String> = new
            .iter()
            .filter_map(|a| a.id.map(|id| id.to_string()))
            .collect();
        let sent = transport
            .import_accounts(&AccountImport { accounts: new })
            .await;
        if let Err(campo_client::TransportError::Refused { code, .. }) = &sent
            && let Some(problem) = campo_protocol::accounts::AccountProblem::from_code(code)
        {
            // Checked here just before; another account made meanwhile, most likely.
            return Err(InputError::StaffRefused { problem }.into());
        }
        if matches!(
            sent,
            Err(campo_client::TransportError::Unreachable { .. }
                | campo_client::TransportError::NotCampo { .. })
        ) {
            if made_anyway(&transport, &ids).await {
                // The answer was lost on the way back (or a proxy gave up waiting), but the
                // server made the accounts (all or none): the first passwords made here are
                // theirs.
                tracing::warn!(
                    accounts = ids.len(),
                    "staff list's answer lost; its accounts were made"
                );
            } else {
                // Not made yet, as far as can be seen: a server still hashing a long list may
                // make them later. Kept to be shown when the list is imported again.
                if let Ok(mut staged) = ctx.import.lock()
                    && staged.generation == generation
                {
                    staged.lost.push(LostList {
                        ids,
                        first: first.clone(),
                    });
                }
                return Err(InputError::StaffAnswerLost.into());
            }
        } else {
            sent?;
        }
    }
    running.done.store(people.len(), Ordering::Relaxed);
    // Shown now: forgotten; and a lost list naming a login just made can no longer be.
    if let Ok(mut staged) = ctx.import.lock() {
        staged.lost.retain(|l| {
            !recovered.iter().any(|r| r.ids == l.ids)
                && !l
                    .first
                    .iter()
                    .any(|f| first.iter().any(|n| n.login == f.login))
        });
    }
    let shown = recovered.into_iter().flat_map(|l| l.first);
    Ok((summary, shown.chain(first).collect()))
}

/// The staff lists whose answer was lost and whose accounts the server has made since (all
/// of a list's: it makes all or none). None while it has none of them, or cannot be read. A
/// lost list one of whose logins is now another account's can never be made: forgotten.
async fn recovered(ctx: &Context, transport: &campo_client::HttpTransport) -> Vec<LostList> {
    let lost = match ctx.import.lock() {
        Ok(staged) if !staged.lost.is_empty() => staged.lost.clone(),
        _ => return Vec::new(),
    };
    let Ok(list) = transport.accounts().await else {
        return Vec::new();
    };
    // One of its logins is another account's: never to be made.
    let never = |l: &LostList| {
        l.first.iter().zip(&l.ids).any(|(f, id)| {
            list.accounts
                .iter()
                .any(|a| a.login == f.login && a.id != *id)
        })
    };
    let made = |l: &LostList| {
        l.first.iter().zip(&l.ids).all(|(f, id)| {
            list.accounts
                .iter()
                .any(|a| a.login == f.login && a.id == *id)
        })
    };
    if let Ok(mut staged) = ctx.import.lock() {
        staged.lost.retain(|l| !never(l));
    }
    lost.into_iter().filter(|l| !never(l) && made(l)).collect()
}

/// Whether the server now has an account with each of `ids` — it made the staff list whose
/// answer did not arrive (all or none). Read a few times over six seconds, for a server that
/// commits a moment after the line is cut; a long list still being hashed after that (or a
/// server out of reach) is not known, and the person is told the server did not answer.
async fn made_anyway(transport: &campo_client::HttpTransport, ids: &[String]) -> bool {
    for wait in [0, 2, 4] {
        tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
        let Ok(list) = transport.accounts().await else {
            continue;
        };
        let made = ids
            .iter()
            .filter(|id| list.accounts.iter().any(|a| a.id == **id))
            .count();
        if made == ids.len() {
            return true;
        }
        if made > 0 {
            // Some, not all: not this list's doing (it makes all or none).
            return false;
        }
    }
    false
}

async fn write(
    ctx: &Context,
    result: &Checked,
    running: &Running,
) -> Result<ImportSummary, AppError> {
    let store = ctx.store().await?;
    let actor = crate::actor(&store).await?;
    let place = Place::of(store.provider_profile().await?.as_ref());
    running.total.store(result.records.len(), Ordering::Relaxed);
    let report = |done: usize, _total: usize| running.done.store(done, Ordering::Relaxed);
    let progress = Progress {
        cancel: &running.cancel,
        report: &report,
    };
    let mut w = store.writer(actor).await?;
    let summary = w
        .import(&result.records, &place, Utc::now(), &progress)
        .await?;
    w.commit().await?;
    if matches!(result.records, campo_import::Records::Receivables(_)) {
        // The chart's months are read again once, here, as the import ends (with its
        // progress on screen), not when finance first opens the chart.
        let today = store.today().await?;
        let months = campo_store::finance::months_until(today, crate::finance::MONTHS_SHOWN);
        store.default_rates(&months, today).await?;
    }
    Ok(summary)
}

/// How the import being written is going.
pub async fn import_progress(ctx: &Context) -> Result<ImportProgress, AppError> {
    let running = ctx.import.lock().ok().and_then(|s| s.running.clone());
    Ok(match running {
        Some(r) => ImportProgress {
            running: true,
            done: r.done.load(Ordering::Relaxed),
            total: r.total.load(Ordering::Relaxed),
        },
        None => ImportProgress {
            running: false,
            done: 0,
            total: 0,
        },
    })
}

/// Stops the import being written; nothing of it is kept.
pub async fn cancel_import(ctx: &Context) -> Result<(), AppError> {
    if let Some(r) = ctx.import.lock().ok().and_then(|s| s.running.clone()) {
        r.cancel.store(true, Ordering::Relaxed);
    }
    Ok(())
}
