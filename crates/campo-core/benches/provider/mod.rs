//! What the benches at a real provider's size share: how many customers (100,000 unless an
//! environment variable says fewer), how many orders a device holds, and the app's allocator
//! (`src-tauri/src/main.rs`), so that what is measured is the app as it runs.

use campo_core::Context;

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
