//! The application layer: everything the desktop app can do, as plain async functions over a
//! [`Context`] — tested without Tauri. The shell (`src-tauri`) wraps each in a one-line
//! command generated from one list, and turns an [`AppError`] into the UI's
//! [`error::CommandError`] in the person's language.
//!
//! One module per feature: [`orders`], [`sales`], [`calls`], [`finance`], [`indicators`], [`agenda`], [`routes`], [`stock`], [`activation`],
//! [`admin`], [`people`] (accounts, online), [`erp`] (the ERP connection's standing, online), [`sync`] (joining a server, the status, sessions,
//! conflicts), [`here`] (the people who use this computer: unlocking offline, switching),
//! [`app`] (startup, language)
//! and [`background`] (the sync round and the deadline watch the shell schedules).

pub mod activation;
pub mod admin;
pub mod agenda;
pub mod app;
pub mod background;
pub mod calls;
pub mod context;
pub mod erp;
pub mod error;
pub mod finance;
pub mod here;
pub mod import;
pub mod indicators;
mod kept;
pub mod orders;
pub mod people;
pub mod photos;
pub mod proof;
pub mod routes;
pub mod sales;
pub mod stock;
pub mod sync;

use campo_store::{Actor, Entity, Store, StoreError};

pub use context::Context;
pub use error::{AppError, CommandError, ErrorCode, InputError};

/// Reads an identifier sent by the interface.
pub(crate) fn parse_id(text: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(text.trim()).map_err(|_| InputError::BadId.into())
}

/// The person this device acts as (the demo's coordinator, or who joined the server).
pub(crate) async fn actor(store: &Store) -> Result<Actor, AppError> {
    let user = store
        .local_user()
        .await?
        .ok_or(StoreError::NotFound(Entity::Person))?;
    Ok(Actor { id: user })
}

/// A word of an exported file's name in the person's language (names stay ASCII).
pub(crate) fn named(lang: campo_domain::Lang, pt: &'static str, en: &'static str) -> &'static str {
    match lang {
        campo_domain::Lang::PtBr => pt,
        campo_domain::Lang::En => en,
    }
}

/// `what` from `from` to `to`, for an exported file's name (`vendas-2026-11-01-a-2026-11-30`).
pub(crate) fn named_span(
    lang: campo_domain::Lang,
    what: (&'static str, &'static str),
    from: &str,
    to: &str,
) -> String {
    format!(
        "{}-{from}-{}-{to}",
        named(lang, what.0, what.1),
        named(lang, "a", "to")
    )
}

/// Writes `text` as a CSV named `campo-<stem>-<timestamp>.csv` into the export folder (the
/// person's Downloads, or the data folder when there is none) and returns its path. A BOM
/// lets spreadsheet programs read the accents as UTF-8.
pub(crate) fn save_csv(ctx: &Context, stem: &str, text: &str) -> Result<String, AppError> {
    let path = ctx.export_dir().join(format!(
        "campo-{stem}-{}.csv",
        chrono::Utc::now().format("%Y%m%d-%H%M%S")
    ));
    std::fs::write(&path, format!("\u{feff}{text}")).map_err(|source| AppError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path.display().to_string())
}
