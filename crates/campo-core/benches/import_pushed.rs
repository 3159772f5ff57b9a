//! A provider's files imported in the app and sent to its server (issue 19), the way an
//! administrator does it on the first day: the files — 100,000 customers and 300,000 open
//! orders, as its ERP exports them — chosen, checked and imported in the app
//! (`campo_core::import`, the window's path), then the app's sync sends every operation to
//! the server, which takes each through its rules, until the outbox is empty; then a new
//! office device joins and pulls it all. What is measured is how long until the office's
//! other computers and the technicians can see the import. One run; client and server share
//! the machine's cores.
//!
//! `cargo bench -p campo-core --bench import_pushed` (`IMPORT_PUSHED_CUSTOMERS=10000` for a
//! tenth)

use std::time::Instant;

use base64::Engine;
use campo_core::Context;
use campo_core::import::{check_import, choose_import_file, run_import};
use campo_core::sync::{join_server, sync_now, sync_status};
use campo_fixtures::server::{PASSWORD, start};

mod provider;

fn main() {
    let customers = provider::customers("IMPORT_PUSHED_CUSTOMERS");
    let orders = customers * 3;
    let exports = provider::exports(customers);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let server = start().await;
        let data = tempfile::tempdir().expect("app data");
        let admin = Context::new(data.path().to_path_buf());
        join_server(&admin, server.url.clone(), "admin".into(), PASSWORD.into())
            .await
            .expect("join");
        sync_now(&admin).await.expect("first sync");
        println!("| step | rows | time |");
        println!("|---|---|---|");
        let mut imported = 0.0;
        for &(kind, ref file, rows) in &exports.files {
            let content =
                base64::engine::general_purpose::STANDARD.encode(std::fs::read(file).expect("file"));
            let started = Instant::now();
            let preview = choose_import_file(&admin, kind, content)
                .await
                .expect("chosen");
            let check = check_import(&admin, preview.mapping.clone())
                .await
                .expect("checked");
            assert_eq!(check.problem_count, 0, "{:?}", check.problems);
            let result = run_import(&admin, preview.mapping).await.expect("imported");
            assert_eq!(result.summary.created, rows, "{}", kind.code());
            let took = started.elapsed().as_secs_f64();
            imported += took;
            println!(
                "| the app imports {} (choose, check, write) | {rows} | {took:.2} s |",
                kind.code()
            );
        }
        let pending = sync_status(&admin).await.expect("status").pending;
        let started = Instant::now();
        let view = sync_now(&admin).await.expect("sent");
        let sent = started.elapsed().as_secs_f64();
        assert_eq!(view.last_error, None);
        let left = sync_status(&admin).await.expect("status").pending;
        assert_eq!(left, 0, "every operation sent");
        let log: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ops")
            .fetch_one(server.db.pool())
            .await
            .expect("log");
        println!(
            "| the app sends them to the server ({pending} operations, each through its rules) | {log} in the log | **{sent:.2} s** ({:.0} operations/s) |",
            pending as f64 / sent
        );
        println!(
            "| from the first file chosen to the server having it all | — | **{:.2} s** |",
            imported + sent
        );

        let office = tempfile::tempdir().expect("office app data");
        let ctx = Context::new(office.path().to_path_buf());
        let started = Instant::now();
        join_server(&ctx, server.url.clone(), "mariana".into(), PASSWORD.into())
            .await
            .expect("join");
        let view = sync_now(&ctx).await.expect("first sync");
        assert_eq!(view.last_error, None);
        let held = provider::held(&ctx).await;
        assert_eq!(held as usize, orders, "every order on the new device");
        println!(
            "| a new office device joins and is ready | {orders} orders | {:.2} s |",
            started.elapsed().as_secs_f64()
        );
    });
}
