//! Work the shell schedules in the background: a sync round (when the device joined a server:
//! push and pull, recording how it went for the status indicator — offline is normal, a
//! failed round is retried later and loses nothing) and the deadline check (new crossings of
//! a warning or a deadline, once each, for a desktop notification).

use std::sync::Arc;
use std::time::Duration;

use campo_domain::{Lang, Localized};
use campo_sync::{HttpTransport, SyncEngine, SyncError};

use crate::context::Context;

/// Time between rounds when nothing wakes the loop.
pub const INTERVAL: Duration = Duration::from_secs(30);

/// Time between deadline checks.
pub const DEADLINE_CHECK: Duration = Duration::from_secs(60);

/// The app's version, sent in every hello.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Why a sync round failed, in words a person understands (never the library's text).
pub fn describe(err: &SyncError, lang: Lang) -> String {
    match err {
        SyncError::Store(e) => e.message(lang),
        SyncError::Transport(e) => e.message(lang),
        SyncError::OtherServer => match lang {
            Lang::PtBr => "Outro servidor responde no endereço deste computador (de outro provedor, ou reinstalado sem os seus dados): nada foi enviado. Procure o administrador".into(),
            Lang::En => "Another server answers at this computer's address (another provider's, or reinstalled without its data): nothing was sent. Ask the administrator".into(),
        },
        SyncError::Protocol(detail) => {
            tracing::warn!(%detail, "the server broke the protocol");
            match lang {
                Lang::PtBr => {
                    "O servidor respondeu algo inesperado: a sincronização tentará de novo".into()
                }
                Lang::En => "The server answered something unexpected: sync will try again".into(),
            }
        }
    }
}

/// One sync round, if the device joined a server.
pub async fn round(ctx: &Context) {
    let Ok(store) = ctx.store().await else {
        return;
    };
    let Ok(Some(config)) = store.sync_config().await else {
        return;
    };
    if config.signed_out {
        // Nobody is signed in: what waits stays until someone signs in again.
        return;
    }
    let transport = match HttpTransport::new(&config.server_url) {
        Ok(t) => t.with_token(config.token),
        Err(e) => {
            record(ctx, Err(SyncError::Transport(e)));
            return;
        }
    };
    if let Ok(mut s) = ctx.sync.lock() {
        s.running = true;
    }
    let sink = {
        let ctx = ctx.clone();
        campo_sync::ProgressSink::new(move |p| {
            if let Ok(mut s) = ctx.sync.lock() {
                s.progress = Some(p);
            }
        })
    };
    let engine = SyncEngine::new(store.clone(), transport).with_progress(sink);
    let result = engine
        .sync_once(APP_VERSION, chrono::Utc::now().timestamp_millis())
        .await;
    match result {
        Ok(report) => {
            tracing::info!(?report, "sync round");
            if let Ok(mut s) = ctx.sync.lock() {
                s.clock_skew_ms = Some(report.clock_skew_ms);
            }
            record(ctx, Ok(()));
            if report.pulled > 0
                && let Some(role) = campo_protocol::Role::from_code(&config.role)
            {
                // What the round brought is judged now, beside the rounds, not when a page
                // is first opened.
                warm(ctx, store, role);
            }
        }
        Err(e) => {
            tracing::warn!(error = ?e, "sync round failed");
            record(ctx, Err(e));
        }
    }
}

/// Keeps the figures `role`'s pages read first, in a task of its own (one at a time; derived
/// data: a failure is only logged, a page computes what is missing when opened).
fn warm(ctx: &Context, store: campo_store::Store, role: campo_protocol::Role) {
    let started = ctx.sync.lock().is_ok_and(|mut s| {
        let idle = !s.warming;
        s.warming = true;
        idle
    });
    if !started {
        return;
    }
    let ctx = ctx.clone();
    tokio::spawn(async move {
        let kept = async {
            let today = store.today().await?;
            store
                .warm_figures(role, today, crate::finance::MONTHS_SHOWN)
                .await
        };
        if let Err(e) = kept.await {
            tracing::warn!(error = %e, "figures not kept after the round");
        }
        if let Ok(mut s) = ctx.sync.lock() {
            s.warming = false;
        }
    });
}

fn record(ctx: &Context, result: Result<(), SyncError>) {
    if let Ok(mut s) = ctx.sync.lock() {
        s.running = false;
        s.progress = None;
        s.online = result.is_ok();
        s.last_error = result.err().map(Arc::new);
    }
}

/// Deadline crossings this device has not told yet, as a notification's title and body in
/// the person's language (`None`: nothing new).
pub async fn deadline_notice(ctx: &Context) -> Option<(String, String)> {
    let store = ctx.store().await.ok()?;
    let crossings = match store.new_deadline_crossings(chrono::Utc::now()).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = ?e, "deadline check failed");
            return None;
        }
    };
    campo_store::deadline::crossing_notice(&crossings, ctx.lang())
}
