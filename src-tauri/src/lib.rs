//! The Campo desktop shell: a thin Tauri wrapper over the application layer
//! ([`campo_core`]). It creates the [`campo_core::Context`], starts opening the database,
//! schedules the background work (sync rounds, the deadline watch and its desktop
//! notifications), and registers the commands. No rules live here.
//!
//! - [`commands`]: the IPC commands, generated from one list (`command_list.rs`).
//! - [`bindings`]: the TypeScript declarations generated from the Rust types.

pub mod bindings;
pub mod commands;

use campo_core::Context;
use campo_core::background::{DEADLINE_CHECK, INTERVAL};
use tauri::Manager;
use tracing_subscriber::EnvFilter;

/// Syncs forever: a round every [`INTERVAL`], or sooner when something changed.
fn spawn_sync(ctx: Context) {
    tauri::async_runtime::spawn(async move {
        loop {
            campo_core::background::round(&ctx).await;
            tokio::select! {
                () = ctx.sync_wake.notified() => {}
                () = tokio::time::sleep(INTERVAL) => {}
            }
        }
    });
}

/// Checks deadlines every [`DEADLINE_CHECK`] and notifies new crossings (none is repeated:
/// the store keeps which were told). `CAMPO_NO_NOTIFICATIONS=1` turns the notifications off.
fn spawn_deadline_watch(app: tauri::AppHandle, ctx: Context) {
    use tauri_plugin_notification::NotificationExt;
    if std::env::var_os("CAMPO_NO_NOTIFICATIONS").is_some_and(|v| v == "1") {
        return;
    }
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(DEADLINE_CHECK).await;
            if let Some((title, body)) = campo_core::background::deadline_notice(&ctx).await
                && let Err(e) = app.notification().builder().title(title).body(body).show()
            {
                tracing::warn!(error = %e, "desktop notification failed");
            }
        }
    });
}

/// Starts the app: logging, context, commands, window.
///
/// # Panics
/// When the Tauri runtime cannot start at all (no display, no WebKit): there is no window
/// to show an error in, so the reason goes to the log and the process exits.
pub fn run() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("CAMPO_LOG").unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .try_init();

    let result = tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            let data_dir = campo_core::context::data_dir(app.path().app_data_dir().ok());
            let ctx = Context::new(data_dir).with_downloads(app.path().download_dir().ok());
            // Opened in the background so the window appears at once; commands wait for it.
            // A new data folder opens nothing: the first screen asks to connect or try the demo.
            let opening = ctx.clone();
            tauri::async_runtime::spawn(async move {
                if opening.started() {
                    opening.opened().await;
                }
            });
            spawn_sync(ctx.clone());
            spawn_deadline_watch(app.handle().clone(), ctx.clone());
            app.manage(ctx);
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!(error = %e, "Campo could not start");
        std::process::exit(1);
    }
}
