//! Importing a real provider's size (issue 19): 100,000 customers and 300,000 open orders
//! from CSV — the dry run < 20 s, the import < 60 s with the process's memory < 500 MB. The
//! files are generated in `target/bench-data/` (Latin-1, `;`, dd/mm/aaaa, decimal commas, as a
//! Brazilian ERP exports them); the import is the app's path minus the window: read, match,
//! check against the store, write through the Writer (every record an operation in the
//! outbox) in one transaction, commit — the file's table kept throughout, as the app keeps a
//! chosen file. One run each (these take seconds, not microseconds);
//! two peaks of memory: the heap's (anonymous memory, sampled) and the process's resident
//! memory (`VmHWM`, which also counts the database's pages the store reads through mmap).
//!
//! `cargo bench -p campo-store --bench import` (`IMPORT_CUSTOMERS=10000` for a smaller run)

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use campo_import::ImportKind;
use campo_store::sync::RemoteOp;
use campo_store::{Actor, Store};

#[path = "../tests/support/import.rs"]
#[expect(
    dead_code,
    reason = "the tests read a file's bytes; the bench reads the table itself, to stage it"
)]
mod support;

/// The app's allocator (`src-tauri/src/main.rs`): the memory measured is the app's.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn status_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The process's peak resident memory so far, the database's pages read through mmap
/// included (`VmHWM`).
fn peak_mb() -> f64 {
    status_mb("VmHWM:")
}

/// The highest anonymous memory (heap: records, maps, SQLite's page cache — not the mapped
/// database file) seen since the last `take`, sampled every 10 ms by a thread of its own.
struct HeapPeak(Arc<AtomicU64>);

impl HeapPeak {
    fn start() -> Self {
        let peak = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&peak);
        std::thread::spawn(move || {
            loop {
                let kb = (status_mb("RssAnon:") * 1024.0) as u64;
                seen.fetch_max(kb, Ordering::Relaxed);
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        });
        HeapPeak(peak)
    }

    /// The peak since the last call, in MB.
    fn take(&self) -> f64 {
        self.0.swap(0, Ordering::Relaxed) as f64 / 1024.0
    }

    /// Counts `mb` as seen, so the next `take` is at least it.
    fn keep(&self, mb: f64) {
        self.0.fetch_max((mb * 1024.0) as u64, Ordering::Relaxed);
    }
}

/// Imports the file at `path` as the app does: the table staged before let go, the file read
/// as a table, which stays (the app keeps the chosen file until another is chosen) while it is
/// checked and written.
async fn import(
    store: &Store,
    actor: Actor,
    (kind, path): (ImportKind, &PathBuf),
    staged: &mut Option<campo_import::Table>,
    heap: &HeapPeak,
) -> (f64, f64, usize) {
    let started = Instant::now();
    *staged = None;
    let bytes = std::fs::read(path).expect("read");
    let table = campo_import::table::read(&bytes).expect("table");
    drop(bytes);
    let table = staged.insert(table);
    let checked = support::checked_table(store, kind, table).await;
    let dry = started.elapsed().as_secs_f64();
    let (checking, peak) = (heap.take(), peak_mb());
    let (summary, commit) = support::write(store, actor, &checked).await;
    let writing = heap.take();
    eprintln!(
        "{}: commit {:.2} s; checking: heap {checking:.0} MB, resident {peak:.0} MB; writing: heap {writing:.0} MB, mapped {:.0} MB",
        kind.code(),
        commit.as_secs_f64(),
        status_mb("RssFile:")
    );
    heap.keep(checking.max(writing));
    (dry, started.elapsed().as_secs_f64(), summary.created)
}

fn main() {
    let customers: usize = std::env::var("IMPORT_CUSTOMERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let orders = customers * 3;
    let dir = campo_fixtures::bench::data_dir();
    let (plans, customers_file, orders_file) =
        campo_fixtures::erp_files::write(&dir, customers, orders);
    let path = dir.join(format!("import-{customers}.db"));
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(path.with_extension("db-wal"));
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let store = Store::open(&path).await.expect("create bench db");
        let admin = support::admin(&store).await;
        let heap = HeapPeak::start();
        heap.take();
        let mut staged = None;
        println!(
            "| file | rows | dry run (read + check) | import (all) | peak heap | peak resident (with the mapped database) |"
        );
        println!("|---|---|---|---|---|---|");
        for (kind, file, rows) in [
            (ImportKind::Plans, &plans, 3),
            (ImportKind::Customers, &customers_file, customers),
            (ImportKind::Orders, &orders_file, orders),
        ] {
            let (dry, all, created) = import(&store, admin, (kind, file), &mut staged, &heap).await;
            assert_eq!(created, rows);
            println!(
                "| {} | {rows} | {dry:.2} s | {all:.2} s | {:.0} MB | {:.0} MB |",
                kind.code(),
                heap.take(),
                peak_mb()
            );
        }
        // Again: nothing changes.
        let (_, again, created) = import(
            &store,
            admin,
            (ImportKind::Orders, &orders_file),
            &mut staged,
            &heap,
        )
        .await;
        assert_eq!(created, 0);
        println!(
            "| orders again (nothing changes) | {orders} | — | {again:.2} s | {:.0} MB | {:.0} MB |",
            heap.take(),
            peak_mb()
        );
        // A new office device: every operation applied from the start, a page of 1,000 at a
        // time as its first sync pulls them — read here straight from the importing device's
        // outbox (standing for the server's log; the pull itself is the server bench's).
        drop(store);
        drop(staged);
        let source = sqlx::SqlitePool::connect_with(
            sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&path)
                .read_only(true),
        )
        .await
        .expect("outbox");
        let replica = dir.join(format!("import-{customers}-replica.db"));
        let _ = std::fs::remove_file(&replica);
        let _ = std::fs::remove_file(replica.with_extension("db-wal"));
        let office = Store::open(&replica).await.expect("replica");
        heap.take();
        let started = Instant::now();
        let (mut applied, mut after) = (0, 0_i64);
        loop {
            let page: Vec<RemoteOp> = sqlx::query_as::<_, (i64, String, String, String, String, String)>(
                "SELECT seq, op_id, actor_id, device_id, kind, payload FROM outbox WHERE seq > ? ORDER BY seq LIMIT 1000",
            )
            .bind(after)
            .fetch_all(&source)
            .await
            .expect("page")
            .into_iter()
            .map(|(seq, op, actor, device, kind, payload)| RemoteOp {
                server_seq: seq,
                actor_id: actor.parse().expect("actor"),
                device_id: device.parse().expect("device"),
                op_id: op.parse().expect("op"),
                kind,
                payload,
            })
            .collect();
            let Some(last) = page.last().map(|op| op.server_seq) else {
                break;
            };
            applied += office.apply_remote(&page, last).await.expect("apply");
            after = last;
        }
        println!(
            "| a new office device applying all {applied} operations | — | — | {:.2} s | {:.0} MB | {:.0} MB |",
            started.elapsed().as_secs_f64(),
            heap.take(),
            peak_mb()
        );
        // Over a gigabyte at full size: not left behind.
        source.close().await;
        drop(office);
        for db in [&path, &replica] {
            for file in [db.clone(), db.with_extension("db-wal"), db.with_extension("db-shm")] {
                let _ = std::fs::remove_file(file);
            }
        }
        for file in [&plans, &customers_file, &orders_file] {
            let _ = std::fs::remove_file(file);
        }
    });
}
