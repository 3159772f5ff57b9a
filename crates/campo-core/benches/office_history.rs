//! A new office device on a provider with a year of history (issue 19): its customers, and
//! for each a receivable a month read from the ERP twice — issued, then paid — so half of the
//! log's receivable versions are replaced by the next one. Two office devices join from
//! fresh folders: one receives every operation (`PullMode::Log` forced, as every device did
//! before `campo_protocol::record`), the other starts as the app does (`PullMode::Bootstrap`:
//! each receivable as it stands). Both must end with the same receivables, all paid; the
//! figures are the time until each is ready and how many operations it received. One run.
//!
//! `cargo bench -p campo-core --bench office_history` (`OFFICE_HISTORY_CUSTOMERS`, default
//! 20,000; `OFFICE_HISTORY_MONTHS`, default 12)

use std::fmt::Write as _;
use std::time::Instant;

use campo_client::{HttpTransport, Transport, TransportError};
use campo_fixtures::server::{PASSWORD, joined, start};
use campo_import::ImportKind;
use campo_protocol::wire::{
    BlobStatus, Hello, HelloReply, PullMode, PullReply, PushReply, PushRequest, SnapshotReply,
};
use campo_sync::SyncEngine;

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// A device's way to the server that asks for every operation, as devices did before
/// replaced versions were left out.
struct EveryVersion(HttpTransport);

impl Transport for EveryVersion {
    async fn hello(&self, hello: &Hello) -> Result<HelloReply, TransportError> {
        self.0.hello(hello).await
    }
    async fn push(&self, request: &PushRequest) -> Result<PushReply, TransportError> {
        self.0.push(request).await
    }
    async fn pull(
        &self,
        cursor: i64,
        limit: u32,
        _: PullMode,
    ) -> Result<PullReply, TransportError> {
        self.0.pull(cursor, limit, PullMode::Log).await
    }
    async fn snapshot(&self) -> Result<SnapshotReply, TransportError> {
        self.0.snapshot().await
    }
    async fn blob_status(&self, hash: &str) -> Result<BlobStatus, TransportError> {
        self.0.blob_status(hash).await
    }
    async fn put_blob(
        &self,
        hash: &str,
        offset: u64,
        total: u64,
        mime: &str,
        piece: Vec<u8>,
    ) -> Result<BlobStatus, TransportError> {
        self.0.put_blob(hash, offset, total, mime, piece).await
    }
    async fn get_blob(&self, hash: &str) -> Result<Vec<u8>, TransportError> {
        self.0.get_blob(hash).await
    }
}

/// Receivables on the device, and how many of them are paid.
async fn receivables(dir: &std::path::Path) -> (i64, i64) {
    let url = format!("sqlite://{}?mode=ro", dir.join("campo.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.expect("database");
    let counts =
        sqlx::query_as("SELECT COUNT(*), COALESCE(SUM(status = 'paid'), 0) FROM receivables")
            .fetch_one(&pool)
            .await
            .expect("count");
    pool.close().await;
    counts
}

/// The receivables file: a receivable per customer and month, `paid` or just issued.
fn receivables_file(customers: usize, months: usize, paid: bool) -> Vec<u8> {
    let mut text = String::from(
        "id;id_cliente;id_contrato;data_emissao;data_vencimento;valor;status;pagamento_data;valor_recebido\n",
    );
    for i in 0..customers {
        for m in 1..=months {
            let (status, on, cents) = if paid {
                ("R", format!("08/{m:02}/2026"), "99,90")
            } else {
                ("A", String::new(), "")
            };
            let _ = writeln!(
                text,
                "{};{};{};01/{m:02}/2026;10/{m:02}/2026;99,90;{status};{on};{cents}",
                1_000_000 + i * months + m,
                10_000 + i,
                300_000 + i,
            );
        }
    }
    text.into_bytes()
}

fn main() {
    let var = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let customers = var("OFFICE_HISTORY_CUSTOMERS", 20_000);
    let months = var("OFFICE_HISTORY_MONTHS", 12);
    let dir = tempfile::tempdir().expect("bench folder");
    let (plans, customers_file, _) = campo_fixtures::erp_files::write(dir.path(), customers, 0);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let server = start().await;
        println!("| step | rows | time |");
        println!("|---|---|---|");
        let issued = receivables_file(customers, months, false);
        let paid = receivables_file(customers, months, true);
        let files = [
            ("plans", ImportKind::Plans, std::fs::read(&plans).expect("plans")),
            (
                "customers",
                ImportKind::Customers,
                std::fs::read(&customers_file).expect("customers"),
            ),
            ("receivables issued", ImportKind::Receivables, issued),
            ("the same receivables paid", ImportKind::Receivables, paid),
        ];
        for (what, kind, bytes) in files {
            let started = Instant::now();
            let report = campo_server::import::import_file(&server.db, kind, &bytes, None, false)
                .await
                .expect("server import");
            assert!(report.problems.is_empty(), "{:?}", report.problems);
            println!(
                "| the server imports {what} | {} | {:.2} s |",
                report.created + report.updated,
                started.elapsed().as_secs_f64()
            );
        }
        let log: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ops")
            .fetch_one(server.db.pool())
            .await
            .expect("log");
        let expected = i64::try_from(customers * months).expect("count");

        for every in [true, false] {
            let data = tempfile::tempdir().expect("app data");
            let started = Instant::now();
            let (store, transport, _) = joined(
                &data.path().join("campo.db"),
                &server.url,
                "admin",
                PASSWORD,
            )
            .await;
            let report = if every {
                SyncEngine::new(store, EveryVersion(transport))
                    .sync_once("bench", chrono::Utc::now().timestamp_millis())
                    .await
            } else {
                SyncEngine::new(store, transport)
                    .sync_once("bench", chrono::Utc::now().timestamp_millis())
                    .await
            }
            .expect("first sync");
            let ready = started.elapsed().as_secs_f64();
            assert_eq!(
                receivables(data.path()).await,
                (expected, expected),
                "every receivable, paid, on the new device"
            );
            println!(
                "| a new office device, {}: {} of the log's {log} operations received | {expected} receivables | **{ready:.2} s** |",
                if every {
                    "every version"
                } else {
                    "each record as it stands"
                },
                report.pulled,
            );
        }
    });
}
