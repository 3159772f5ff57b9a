//! People on one computer (issue 17: unlocking offline < 300 ms; switching person < 1 s to
//! the first screen). A real server on 127.0.0.1 behind a gate; two people join one data
//! folder (the administrator, whose database then gets the demonstration provider's size of
//! data generated into it, and a seller), and the gate shuts: everything measured is offline.
//!
//! - unlock offline: `unlock` with the right password — opening the person's database and
//!   checking the Argon2id verifier (19 MiB, 2 passes, 1 lane: deliberately tens of ms);
//! - switch to the first screen: from the seller's open data, `switch_person`, `unlock` the
//!   administrator, `startup_state` (the header) and the order list's first page — what the
//!   app does before the administrator sees their screen.
//!
//! `cargo bench -p campo-core --bench people`

use std::time::Instant;

use campo_core::Context;
use campo_core::app::startup_state;
use campo_core::here::{switch_person, unlock};
use campo_core::orders::list_orders;
use campo_core::sync::{join_server, sync_now};
use campo_fixtures::server::{Gate, PASSWORD, start};
use campo_store::views::{OrderFilter, PageRequest};

const ROUNDS: usize = 30;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(f64::NAN)
}

#[tokio::main]
async fn main() {
    let server = start().await;
    let gate = Gate::before(&server.url).await;
    let data = tempfile::tempdir().expect("temporary folder");
    let ctx = Context::new(data.path().to_path_buf());
    join_server(&ctx, gate.url.clone(), "admin".into(), PASSWORD.into())
        .await
        .expect("join as admin");
    sync_now(&ctx).await.expect("sync");
    switch_person(&ctx).await.expect("switch");
    join_server(&ctx, gate.url.clone(), "sofia".into(), PASSWORD.into())
        .await
        .expect("join as sofia");
    sync_now(&ctx).await.expect("sync");
    switch_person(&ctx).await.expect("switch");
    let admin = server.admin.to_string();
    let sofia = server.seller.to_string();

    // Offline from here on; the administrator's database gets a provider's worth of data.
    gate.shut(true);
    unlock(&ctx, admin.clone(), PASSWORD.into())
        .await
        .expect("unlock admin");
    let store = ctx.store().await.expect("store");
    let summary = campo_demo::seed_demo(
        &store,
        campo_demo::DemoSize::STANDARD,
        campo_demo::DEFAULT_SEED,
        campo_demo::today_in_recife(),
    )
    .await
    .expect("the demo's data");
    drop(store);

    let page = PageRequest {
        offset: 0,
        limit: 100,
    };
    let mut unlocks = Vec::with_capacity(ROUNDS);
    let mut switches = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        // To the seller (not measured), then back to the administrator's first screen.
        switch_person(&ctx).await.expect("switch");
        unlock(&ctx, sofia.clone(), PASSWORD.into())
            .await
            .expect("unlock sofia");
        let started = Instant::now();
        switch_person(&ctx).await.expect("switch");
        let before_unlock = Instant::now();
        unlock(&ctx, admin.clone(), PASSWORD.into())
            .await
            .expect("unlock admin");
        unlocks.push(before_unlock.elapsed().as_secs_f64() * 1000.0);
        startup_state(&ctx).await.expect("startup state");
        let first = list_orders(&ctx, OrderFilter::default(), page)
            .await
            .expect("the first page");
        assert!(!first.rows.is_empty(), "the administrator's orders");
        switches.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    unlocks.sort_by(f64::total_cmp);
    switches.sort_by(f64::total_cmp);
    println!(
        "\n### People on one computer, offline, {ROUNDS} rounds ({} orders in the administrator's data)\n",
        summary.orders
    );
    println!("| measurement | p50 | p95 | max |");
    println!("|---|---|---|---|");
    for (name, v) in [
        ("unlock offline (open + Argon2id verifier)", &unlocks),
        ("switch person to the first screen", &switches),
    ] {
        println!(
            "| {name} | {:.1} ms | {:.1} ms | {:.1} ms |",
            percentile(v, 0.5),
            percentile(v, 0.95),
            v.last().copied().unwrap_or(f64::NAN)
        );
    }
}
