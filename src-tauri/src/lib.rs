//! The Campo desktop shell: opens the local store, seeds the demo provider on first start,
//! and exposes thin typed commands over the domain and store crates. No rules live here.
//!
//! - [`state`]: the app's shared state and the background opening of the database.
//! - [`background`]: the background sync loop and the deadline watch (desktop notifications).
//! - [`commands`]: the IPC commands the UI calls (one module per feature).
//! - [`error`]: the `{code, message}` error every command returns.
//! - [`bindings`]: the TypeScript declarations generated from these types.

pub mod background;
pub mod bindings;
pub mod commands;
pub mod error;
pub mod state;

use tauri::Manager;
use tracing_subscriber::EnvFilter;

/// Starts the app: logging, state, commands, window.
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
            let data_dir = state::data_dir(app.path().app_data_dir().ok());
            let shared = state::AppState::new(data_dir);
            shared.start_opening();
            background::spawn(shared.clone());
            background::spawn_deadline_watch(app.handle().clone(), shared.clone());
            app.manage(shared);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::startup_state,
            commands::app::set_language,
            commands::orders::list_orders,
            commands::orders::get_order,
            commands::orders::filter_options,
            commands::orders::transition_order,
            commands::sync::sync_status,
            commands::sync::sync_now,
            commands::sync::join_server,
            commands::stock::plan_equipment,
            commands::stock::stock_setup,
            commands::agenda::deadline_alerts,
            commands::sync::list_conflicts,
            commands::sync::resolve_conflict,
            commands::activation::activation_queue,
            commands::activation::activation_of,
            commands::activation::start_activation,
            commands::activation::tick_activation,
            commands::activation::complete_activation,
            commands::activation::fail_activation,
            commands::activation::activation_template,
            commands::activation::save_activation_template,
            commands::routes::plan_routes,
            commands::routes::cancel_planning,
            commands::agenda::record_absence,
            commands::agenda::remove_absence,
            commands::agenda::set_work_week,
            commands::admin::compliance_report,
            commands::admin::export_compliance_csv,
            commands::admin::sla_rules,
            commands::admin::set_sla_rule,
            commands::admin::days_off,
            commands::admin::week_hours,
            commands::admin::set_week_hours,
            commands::admin::agenda_settings,
            commands::admin::set_agenda_settings,
            commands::admin::add_day_off,
            commands::admin::remove_day_off,
            commands::routes::route_candidates,
            commands::routes::technician_skills,
            commands::routes::set_technician_skills,
            commands::routes::evaluate_routes,
            commands::routes::apply_routes,
            commands::orders::pause_order,
            commands::orders::edit_order,
            commands::orders::resume_order,
            commands::agenda::board,
            commands::agenda::schedule_on_board,
            commands::agenda::my_day,
            commands::stock::stock_overview,
            commands::stock::place_stock,
            commands::stock::find_serial,
            commands::stock::check_scan,
            commands::stock::move_stock,
            commands::stock::order_equipment,
            commands::stock::record_equipment,
            commands::stock::import_delivery,
            commands::stock::record_count,
            commands::stock::list_discrepancies,
            commands::stock::resolve_discrepancy,
            commands::stock::export_stock_csv,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!(error = %e, "Campo could not start");
        std::process::exit(1);
    }
}
