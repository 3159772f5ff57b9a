//! What the application layer's tests share: a device joined to a test server as one person.

use campo_core::admin::add_day_off;
use campo_core::sync::{join_server, sync_now};
use campo_core::{AppError, Context};
use campo_domain::calendar::EditableLayer;
use campo_fixtures::server::PASSWORD;

/// A fresh data folder joined to the server at `url` as `login` and synced once (the people
/// it knows pulled, so role checks see them). Keep the folder alive as long as the context.
#[allow(dead_code, reason = "a test file may only read PDFs")]
pub async fn joined(url: &str, login: &str) -> (tempfile::TempDir, Context) {
    let data = tempfile::tempdir().expect("temporary folder");
    let ctx = Context::new(data.path().to_path_buf());
    join_server(&ctx, url.to_owned(), login.into(), PASSWORD.into())
        .await
        .expect("join");
    sync_now(&ctx).await.expect("first sync");
    (data, ctx)
}

/// Writes one change on the device (a company day off on `date`), which waits in the outbox.
#[allow(dead_code, reason = "not every test file writes a day off")]
pub async fn day_off(ctx: &Context, date: &str) -> Result<(), AppError> {
    add_day_off(
        ctx,
        date.into(),
        "Confraternização".into(),
        EditableLayer::Company,
        None,
    )
    .await
    .map(|_| ())
}

/// An installation `coord` schedules today for the server's technician (`josue`), synced to
/// the office's and the technician's devices; its id.
#[allow(dead_code, reason = "not every test file visits a customer")]
pub async fn visit_today(
    server: &campo_fixtures::server::Server,
    coord: &Context,
    tech: &Context,
) -> String {
    let order = {
        let (store, actor) = coord.acting().await.expect("acting");
        campo_fixtures::scheduled_order(
            &store,
            actor.id,
            server.technician,
            campo_fixtures::today(),
        )
        .await
    };
    sync_now(coord).await.expect("office sync");
    sync_now(tech).await.expect("technician sync");
    order.to_string()
}

/// The words of the PDF at `path`, as `pdftotext` reads them (what a person sees in the file).
#[allow(dead_code, reason = "not every test file reads a PDF")]
pub fn pdf_words(path: &str) -> String {
    let out = std::process::Command::new("pdftotext")
        .args([path, "-"])
        .output()
        .expect("pdftotext (scripts/bootstrap --test installs poppler-utils)");
    String::from_utf8(out.stdout).expect("text")
}

/// The office sets what closing an installation needs: `change` edits its closing rule.
#[allow(dead_code, reason = "not every test file changes the closing rules")]
pub async fn installations_close_with(
    coord: &Context,
    change: impl Fn(&mut campo_domain::closing::ClosingRule),
) {
    let mut rules = campo_core::proof::closing_rules(coord)
        .await
        .expect("closing rules");
    for r in rules
        .iter_mut()
        .filter(|r| r.kind == campo_domain::OrderKind::Installation)
    {
        change(r);
    }
    campo_core::proof::set_closing_rules(coord, rules)
        .await
        .expect("closing rules set");
}

/// The technician sets off to the order `id` and starts the visit (en route, in progress).
#[allow(dead_code, reason = "not every test file visits a customer")]
pub async fn at_the_customer(tech: &Context, id: &str) {
    for to in [
        campo_domain::OrderStatus::EnRoute,
        campo_domain::OrderStatus::InProgress,
    ] {
        campo_core::orders::transition_order(tech, id.to_owned(), to, None)
            .await
            .expect("the visit starts");
    }
}
