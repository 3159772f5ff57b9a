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
    ]);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        panic!("tauri build failed: {e:#}");
    }
}
