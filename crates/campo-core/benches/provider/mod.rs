//! What the benches at a real provider's size share: how many customers (100,000 unless an
//! environment variable says fewer), the provider's ERP exports of that size, how many orders
//! a device holds, and the app's allocator (`src-tauri/src/main.rs`), so that what is measured
//! is the app as it runs.

use std::path::PathBuf;

use campo_core::Context;
use campo_import::ImportKind;

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// The provider's customers: `var`'s value, else 100,000 (it has three orders each).
pub fn customers(var: &str) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// The provider's ERP exports, in a temporary folder kept while this lives.
pub struct Exports {
    _dir: tempfile::TempDir,
    /// Each export in the order they are imported: its kind, its file and its rows.
    pub files: [(ImportKind, PathBuf, usize); 3],
}

/// Three plans, `customers` customers and three orders each, as the ERP exports them.
pub fn exports(customers: usize) -> Exports {
    let dir = tempfile::tempdir().expect("bench folder");
    let (plans, customers_file, orders_file) =
        campo_fixtures::erp_files::write(dir.path(), customers, customers * 3);
    Exports {
        _dir: dir,
        files: [
            (ImportKind::Plans, plans, 3),
            (ImportKind::Customers, customers_file, customers),
            (ImportKind::Orders, orders_file, customers * 3),
        ],
    }
}

/// How many orders the device of `ctx` holds.
pub async fn held(ctx: &Context) -> u32 {
    campo_core::orders::list_orders(
        ctx,
        campo_store::views::OrderFilter::default(),
        campo_store::views::PageRequest {
            offset: 0,
            limit: 1,
        },
    )
    .await
    .expect("orders")
    .total
}
