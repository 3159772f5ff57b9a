//! Background work: sync — when the device joined a server, push and pull every
//! [`INTERVAL`] and right after a local change, recording how it went for the status
//! indicator (offline is normal: a failed round is retried later and loses nothing) — and the
//! deadline watch, which raises a desktop notification when orders cross a warning or their
//! deadline, once per crossing.

use std::time::Duration;

use campo_domain::Localized;
use campo_sync::HttpTransport;
use campo_sync::SyncEngine;

use crate::state::AppState;

/// Time between rounds when nothing wakes the loop.
pub const INTERVAL: Duration = Duration::from_secs(30);

/// The app's version, sent in every hello.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Runs forever on the async runtime.
pub fn spawn(state: AppState) {
    tauri::async_runtime::spawn(async move {
        loop {
            round(&state).await;
            tokio::select! {
                () = state.sync_wake.notified() => {}
                () = tokio::time::sleep(INTERVAL) => {}
            }
        }
    });
}

/// Time between deadline checks.
pub const DEADLINE_CHECK: Duration = Duration::from_secs(60);

/// Checks deadlines every [`DEADLINE_CHECK`] and notifies new crossings (none is repeated:
/// the store keeps which were told). `CAMPO_NO_NOTIFICATIONS=1` turns the notifications off.
pub fn spawn_deadline_watch(app: tauri::AppHandle, state: AppState) {
    use tauri_plugin_notification::NotificationExt;
    if std::env::var_os("CAMPO_NO_NOTIFICATIONS").is_some_and(|v| v == "1") {
        return;
    }
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(DEADLINE_CHECK).await;
            let Ok(store) = state.store().await else {
                continue;
            };
            let crossings = match store.new_deadline_crossings(chrono::Utc::now()).await {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(error = ?e, "deadline check failed");
                    continue;
                }
            };
            let Some((title, body)) =
                campo_store::deadline::crossing_notice(&crossings, state.lang())
            else {
                continue;
            };
            if let Err(e) = app.notification().builder().title(title).body(body).show() {
                tracing::warn!(error = %e, "desktop notification failed");
            }
        }
    });
}

/// One sync round, if the device joined a server.
pub async fn round(state: &AppState) {
    let Ok(store) = state.store().await else {
        return;
    };
    let Ok(Some(config)) = store.sync_config().await else {
        return;
    };
    let transport = match HttpTransport::new(&config.server_url) {
        Ok(t) => t.with_token(config.token),
        Err(e) => {
            record(state, Err(e.to_string()));
            return;
        }
    };
    if let Ok(mut s) = state.sync.lock() {
        s.running = true;
    }
    let sink = {
        let state = state.clone();
        campo_sync::ProgressSink::new(move |p| {
            if let Ok(mut s) = state.sync.lock() {
                s.progress = Some(p);
            }
        })
    };
    let engine = SyncEngine::new(store, transport).with_progress(sink);
    let result = engine
        .sync_once(APP_VERSION, chrono::Utc::now().timestamp_millis())
        .await;
    match result {
        Ok(report) => {
            tracing::info!(?report, "sync round");
            record(state, Ok(()));
        }
        Err(e) => {
            tracing::warn!(error = %e, "sync round failed");
            let message = match &e {
                campo_sync::SyncError::Store(s) => s.message(state.lang()),
                campo_sync::SyncError::Transport(t) => t.message(state.lang()),
                other => other.to_string(),
            };
            record(state, Err(message));
        }
    }
}

fn record(state: &AppState, result: Result<(), String>) {
    if let Ok(mut s) = state.sync.lock() {
        s.running = false;
        s.progress = None;
        s.online = result.is_ok();
        s.last_error = result.err();
    }
}
