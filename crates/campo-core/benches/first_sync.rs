//! A new office device at a real provider's size, end to end (issue 19): the provider's files
//! — 100,000 customers and 300,000 open orders, as its ERP exports them — imported on the
//! server (`campo-server import`'s path: every record an operation through the server's
//! rules), then a coordinator joins from a fresh app data folder and syncs: the login, the
//! pull of the whole log over HTTP on 127.0.0.1 and its application, until the device has
//! every order. Target: ready in < 60 s. Then the coordinator schedules ten of the orders for
//! today and a technician's device joins from a fresh folder: its day, on that provider, must
//! still come in < 2 s. One run (this takes minutes, not microseconds); client and server
//! share the machine's cores, as on a small office's server they would not.
//!
//! `cargo bench -p campo-core --bench first_sync` (`FIRST_SYNC_CUSTOMERS=10000` for a tenth)

use std::time::Instant;

use campo_core::Context;
use campo_core::sync::{join_server, sync_now};
use campo_fixtures::server::{PASSWORD, start};

mod provider;
use provider::held;

fn main() {
    let customers = provider::customers("FIRST_SYNC_CUSTOMERS");
    let orders = customers * 3;
    let exports = provider::exports(customers);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let server = start().await;
        println!("| step | rows | time |");
        println!("|---|---|---|");
        for &(kind, ref file, rows) in &exports.files {
            let bytes = std::fs::read(file).expect("file");
            let started = Instant::now();
            let report =
                campo_server::import::import_file(&server.db, kind, &bytes, None, false)
                    .await
                    .expect("server import");
            assert!(report.problems.is_empty(), "{:?}", report.problems);
            assert_eq!(report.created, rows, "{}", kind.code());
            println!(
                "| the server imports {} | {rows} | {:.2} s |",
                kind.code(),
                started.elapsed().as_secs_f64()
            );
        }
        let log: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ops")
            .fetch_one(server.db.pool())
            .await
            .expect("log");

        let data = tempfile::tempdir().expect("app data");
        let ctx = Context::new(data.path().to_path_buf());
        let started = Instant::now();
        join_server(&ctx, server.url.clone(), "mariana".into(), PASSWORD.into())
            .await
            .expect("join");
        let joined = started.elapsed().as_secs_f64();
        let view = sync_now(&ctx).await.expect("first sync");
        let ready = started.elapsed().as_secs_f64();
        assert_eq!(view.last_error, None);
        let total = held(&ctx).await;
        assert_eq!(total as usize, orders, "every order on the new device");
        println!(
            "| a new office device joins (login) | — | {joined:.2} s |\n| … and is ready: {log} operations pulled and applied | {orders} orders | **{ready:.2} s** |"
        );

        // The technician's day on that provider: ten of the queue's orders for today.
        let queue = campo_core::orders::list_orders(
            &ctx,
            campo_store::views::OrderFilter {
                statuses: vec![campo_domain::OrderStatus::Approved],
                ..campo_store::views::OrderFilter::default()
            },
            campo_store::views::PageRequest {
                offset: 0,
                limit: 10,
            },
        )
        .await
        .expect("queue");
        {
            let (store, actor) = ctx.acting().await.expect("coordinator");
            let today = store.today().await.expect("today");
            let mut w = store.writer(actor).await.expect("writer");
            for (i, row) in queue.rows.iter().enumerate() {
                let period = if i % 2 == 0 {
                    campo_domain::Period::Morning
                } else {
                    campo_domain::Period::Afternoon
                };
                let id = uuid::Uuid::parse_str(&row.id).expect("order id");
                w.schedule_order(id, today, period, server.technician, chrono::Utc::now())
                    .await
                    .expect("scheduled");
            }
            w.commit().await.expect("commit");
        }
        sync_now(&ctx).await.expect("scheduling sent");
        let field = tempfile::tempdir().expect("technician's app data");
        let technician = Context::new(field.path().to_path_buf());
        let started = Instant::now();
        join_server(&technician, server.url.clone(), "josue".into(), PASSWORD.into())
            .await
            .expect("technician joins");
        let login = started.elapsed().as_secs_f64();
        let view = sync_now(&technician).await.expect("technician's sync");
        let day = started.elapsed().as_secs_f64();
        eprintln!("technician: joined (login) in {login:.2} s, has their day at {day:.2} s");
        assert_eq!(view.last_error, None);
        assert_eq!(held(&technician).await, 10, "the technician holds their day, nothing more");
        println!(
            "| a technician's device joins and has their day (10 orders) on that provider | 10 orders | **{day:.2} s** |"
        );
    });
}
