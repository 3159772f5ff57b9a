//! Tauri build script: declares the app's commands so capabilities can grant them one by one.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "startup_state",
        "set_language",
        "list_orders",
        "get_order",
        "filter_options",
        "transition_order",
        "sync_status",
        "sync_now",
        "join_server",
        "list_conflicts",
        "resolve_conflict",
        "activation_queue",
        "activation_of",
        "start_activation",
        "tick_activation",
        "complete_activation",
        "fail_activation",
        "activation_template",
        "save_activation_template",
        "plan_routes",
        "cancel_planning",
        "evaluate_routes",
        "apply_routes",
        "pause_order",
        "resume_order",
        "board",
        "schedule_on_board",
        "my_day",
        "stock_overview",
        "place_stock",
        "find_serial",
        "check_scan",
        "move_stock",
        "order_equipment",
        "record_equipment",
        "import_delivery",
        "record_count",
        "list_discrepancies",
        "resolve_discrepancy",
        "export_stock_csv",
    ]);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        panic!("tauri build failed: {e:#}");
    }
}
