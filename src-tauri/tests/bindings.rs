//! The committed TypeScript bindings must match the Rust types.

use std::path::PathBuf;

#[test]
fn bindings_are_fresh() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = root.join(campo_app::bindings::BINDINGS_PATH);
    let generated = campo_app::bindings::render();
    if std::env::var_os("CAMPO_UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).expect("write bindings");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: run `make bindings` and commit the result",
        path.display()
    );
}
