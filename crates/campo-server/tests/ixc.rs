//! The IXC Provedor connector against a stand-in IXC on 127.0.0.1 that answers as IXC's
//! webservice is documented to (docs/import/ERP.md: Basic auth, `ixcsoft: listar`, the
//! listing's body, `{total, registros}` with every value a string, pages, `{type: error}`),
//! and can be told to fail: 503s, garbage, answers slower than the timeout, a refused token.
//! The provider's customers come in through `campo-server ixc customers`, as a nightly job
//! runs it, and again without changing anything.

use std::path::Path;
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use campo_import::ImportKind;
use campo_server::erp::ixc::{Ixc, IxcConfig};
use campo_server::erp::{Cause, ErpError, ErpSource, Setting};
use serde_json::{Value, json};

mod ixc_stand;
use ixc_stand::{Fault, Stand, TOKEN, USER, chamado, cliente, titulo};
#[allow(
    dead_code,
    reason = "the closing test uses only the device and the scheduled order"
)]
mod support;

fn customers() -> Vec<Value> {
    vec![
        cliente(101, "Maria das Dores Silva", "529.982.247-25", "3170", "S"),
        cliente(102, "José Carlos Pereira", "111.444.777-35", "3170", "S"),
        cliente(103, "Antônia Ferreira", "390.533.447-05", "3170", "N"),
        cliente(104, "Severino Ramos", "123.456.789-09", "3163", "S"),
        cliente(105, "Luzia Batista", "987.654.321-00", "3170", "S"),
    ]
}

/// Open orders of every kind and status, one finished (not read) and one in analysis.
fn orders() -> Vec<Value> {
    vec![
        chamado(5001, 101, "1", "A"),
        chamado(5002, 102, "2", "EN"),
        chamado(5003, 104, "1", "AN"),
        chamado(5004, 105, "2", "F"),
        chamado(5005, 101, "3", "AG"),
    ]
}

async fn stand(customers: Vec<Value>) -> (String, Arc<Stand>) {
    stand_with(customers, orders()).await
}

async fn stand_with(customers: Vec<Value>, orders: Vec<Value>) -> (String, Arc<Stand>) {
    let mut tables = ixc_stand::reference_tables();
    tables.insert("cliente", customers);
    tables.insert("su_oss_chamado", orders);
    // Customer 105's only contract is inactive: no plan for an order of theirs.
    tables.insert(
        "cliente_contrato",
        vec![
            json!({"id": "1", "id_cliente": "101", "id_vd_contrato": "7", "status": "A"}),
            json!({"id": "2", "id_cliente": "102", "id_vd_contrato": "9", "status": "A"}),
            json!({"id": "3", "id_cliente": "104", "id_vd_contrato": "7", "status": "A"}),
            json!({"id": "4", "id_cliente": "105", "id_vd_contrato": "9", "status": "I"}),
            json!({"id": "5", "id_cliente": "101", "id_vd_contrato": "9", "status": "A"}),
        ],
    );
    ixc_stand::serve(tables).await
}

/// Quick limits for tests: 2 records a page, 300 ms a request, 3 tries 10 ms apart.
fn config(url: &str, token: &str) -> IxcConfig {
    IxcConfig {
        page_size: 2,
        timeout: Duration::from_millis(300),
        attempts: 3,
        backoff: Duration::from_millis(10),
        ..IxcConfig::new(url, USER, token).unwrap()
    }
}

#[tokio::test]
async fn the_active_customers_come_page_by_page_with_their_city_and_uf() {
    let (url, stand) = stand(customers()).await;
    let erp = Ixc::new(config(&format!("{url}/webservice/v1/"), TOKEN));
    let fetched = erp.fetch(ImportKind::Customers, None).await.unwrap();
    assert_eq!(
        fetched.ids,
        ["101", "102", "104", "105"],
        "the inactive one left out"
    );
    let t = &fetched.table;
    let col = |name: &str| t.headers.iter().position(|h| h == name).unwrap();
    let row = &t.rows[2];
    assert_eq!(row.cell(col("razao")).unwrap_or_default(), "Severino Ramos");
    assert_eq!(row.cell(col("cidade")).unwrap_or_default(), "Olinda");
    assert_eq!(row.cell(col("uf")).unwrap_or_default(), "PE");
    assert_eq!(fetched.id_at(row.line), Some("104"));
    // Two pages of customers, and each city and the state read once.
    let seen = stand.seen.lock().unwrap().clone();
    let tables: Vec<&str> = seen.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        tables.iter().filter(|t| **t == "cliente").count(),
        2,
        "{tables:?}"
    );
    assert_eq!(tables.iter().filter(|t| **t == "cidade").count(), 2);
    assert_eq!(tables.iter().filter(|t| **t == "uf").count(), 1);
    let (_, first) = &seen[0];
    assert_eq!(first["qtype"], "cliente.ativo");
    assert_eq!(first["query"], "S");
    assert_eq!(first["page"], "1");
    assert_eq!(first["rp"], "2");
}

#[tokio::test]
async fn a_slow_down_or_garbled_erp_is_tried_again_and_then_named() {
    let (url, stand) = stand(customers()).await;
    let erp = Ixc::new(config(&url, TOKEN));
    stand.faults.lock().unwrap().extend([
        Fault::Status(503),
        Fault::Garbage,
        Fault::Slow(Duration::from_secs(2)),
    ]);
    // Three faults in a row on the first page: the third try is the last, and it timed out.
    let gave_up = erp.fetch(ImportKind::Customers, None).await.unwrap_err();
    assert_eq!(
        gave_up,
        ErpError::Unavailable {
            attempts: 3,
            cause: Cause::Timeout
        }
    );
    assert_eq!(
        gave_up.to_string(),
        "o ERP não respondeu como esperado depois de 3 tentativas (sem resposta dentro do tempo limite)"
    );
    // Two faults, then the answer: the customers arrive.
    stand
        .faults
        .lock()
        .unwrap()
        .extend([Fault::Status(502), Fault::Garbage]);
    let fetched = erp.fetch(ImportKind::Customers, None).await.unwrap();
    assert_eq!(fetched.ids.len(), 4);
    // IXC's own error is shown as it said it, not tried again.
    let before = stand.requests.load(Ordering::SeqCst);
    stand
        .faults
        .lock()
        .unwrap()
        .push_back(Fault::Error("Tabela sem permissão para o usuário"));
    let refused = erp.fetch(ImportKind::Customers, None).await.unwrap_err();
    assert_eq!(
        refused.to_string(),
        "o ERP respondeu com um erro: Tabela sem permissão para o usuário"
    );
    assert_eq!(stand.requests.load(Ordering::SeqCst), before + 1);
}

#[tokio::test]
async fn a_wrong_token_is_refused_at_once_and_never_shown() {
    let (url, stand) = stand(customers()).await;
    let config = config(&url, "token-errado");
    assert!(!format!("{config:?}").contains("token-errado"));
    let erp = Ixc::new(config);
    let refused = erp.fetch(ImportKind::Customers, None).await.unwrap_err();
    assert_eq!(refused, ErpError::Unauthorized { status: 401 });
    assert_eq!(stand.requests.load(Ordering::SeqCst), 1, "not tried again");
    assert!(!refused.to_string().contains("token-errado"));
    assert!(matches!(
        IxcConfig::new("erp.provedor.com.br", USER, TOKEN),
        Err(ErpError::BadAddress { .. })
    ));
    assert_eq!(
        IxcConfig::new("https://erp.provedor.com.br", USER, " ").unwrap_err(),
        ErpError::NotConfigured {
            setting: Setting::Token
        }
    );
}

mod cli;

/// `campo-server <args>` with IXC's address, user and token in the environment.
fn campo(dir: &Path, url: &str, args: &[&str]) -> Output {
    cli::command(dir)
        .args(args)
        .env("CAMPO_IXC_URL", url)
        .env("CAMPO_IXC_USER", USER)
        .env("CAMPO_IXC_TOKEN", TOKEN)
        .output()
        .expect("run campo-server")
}

/// Asserts that `out` printed `text` (showing all it printed when it did not).
fn saying(out: &Output, text: &str) {
    assert!(said(out).contains(text), "{}", said(out));
}

fn said(out: &Output) -> String {
    let (stdout, stderr) = cli::said(out);
    stdout + &stderr
}

#[test]
fn the_nightly_job_imports_the_customers_once_and_names_a_bad_record_by_its_ixc_id() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut list = customers();
    list[1]["cnpj_cpf"] = json!("111.444.777-36");
    let (url, first) = rt.block_on(stand(list));
    let dir = cli::provider();

    // A CPF with a wrong check digit: named by the customer's IXC id, nothing imported.
    let out = campo(dir.path(), &url, &["ixc", "customers"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let text = said(&out);
    assert!(
        text.contains("IXC Provedor id 102, campo cnpj_cpf: CPF inválido"),
        "{text}"
    );
    assert!(text.contains("nada foi importado"), "{text}");

    // Fixed in IXC: the four active customers come in; the next night nothing changes.
    drop(first);
    let (fixed, _stand) = rt.block_on(stand(customers()));
    let out = campo(dir.path(), &fixed, &["ixc", "customers"]);
    assert!(out.status.success(), "{}", said(&out));
    saying(&out, "4 criado(s), 0 atualizado(s), 0 sem mudança");
    // The next night: nothing changed in IXC since, nothing read; read in full, nothing changes.
    let again = campo(dir.path(), &fixed, &["ixc", "customers"]);
    assert!(again.status.success(), "{}", said(&again));
    saying(&again, "0 registro(s) lido(s)");
    let again = campo(dir.path(), &fixed, &["ixc", "customers", "--full"]);
    saying(&again, "0 criado(s), 0 atualizado(s), 4 sem mudança");
    // Without the token the job says what is missing.
    let out = cli::command(dir.path())
        .args(["ixc", "customers"])
        .env("CAMPO_IXC_URL", &fixed)
        .env("CAMPO_IXC_USER", USER)
        .env_remove("CAMPO_IXC_TOKEN")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(said(&out).contains("falta o token"), "{}", said(&out));
}

#[test]
fn a_reading_by_hand_waits_while_the_server_reads_on_its_schedule() {
    use campo_server::erp::turns;
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (url, _stand) = rt.block_on(stand(customers()));
    let dir = cli::provider();
    // The running server's scheduled reading holds the turn.
    let db = rt
        .block_on(campo_server::db::ServerDb::open_dir(dir.path()))
        .unwrap();
    let held = rt
        .block_on(turns::take(
            &db,
            "read:ixc",
            "the-running-server",
            turns::TURN_TIME,
        ))
        .unwrap()
        .expect("the turn is free");
    let out = campo(dir.path(), &url, &["ixc", "customers"]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    saying(
        &out,
        "Outro servidor está lendo o IXC agora; nada foi lido por este",
    );
    // A dry run writes nothing: it needs no turn.
    let out = campo(dir.path(), &url, &["ixc", "customers", "--dry-run"]);
    assert!(out.status.success(), "{}", said(&out));
    rt.block_on(held.end(&db)).unwrap();
    let out = campo(dir.path(), &url, &["ixc", "customers"]);
    assert!(out.status.success(), "{}", said(&out));
    saying(&out, "4 criado(s), 0 atualizado(s), 0 sem mudança");
    // Its own turn ended with it: the schedule reads next.
    let next = rt
        .block_on(turns::take(
            &db,
            "read:ixc",
            "the-running-server",
            turns::TURN_TIME,
        ))
        .unwrap();
    assert!(next.is_some(), "the reading by hand left the turn");
    rt.block_on(db.pool().close());
}

#[tokio::test]
async fn the_open_orders_come_with_their_subject_and_their_customers_plan() {
    let (url, stand) = stand(customers()).await;
    let erp = Ixc::new(config(&url, TOKEN));
    let fetched = erp.fetch(ImportKind::Orders, None).await.unwrap();
    assert_eq!(
        fetched.ids,
        ["5001", "5002", "5003", "5005"],
        "the finished one left out"
    );
    let t = &fetched.table;
    let cells: Vec<Vec<&str>> = t.rows.iter().map(|r| r.cells().collect()).collect();
    assert_eq!(
        t.headers,
        [
            "id",
            "id_cliente",
            "assunto",
            "plano",
            "status",
            "data_abertura"
        ]
    );
    assert_eq!(
        cells[0],
        [
            "5001",
            "101",
            "Instalação fibra",
            "7",
            "A",
            "2026-11-20 09:15:00"
        ],
        "the oldest active contract's plan"
    );
    assert_eq!(cells[1][2..4], ["Reparo - sem conexão", "9"]);
    assert_eq!(cells[3][2], "Retirada de equipamento");
    // Each subject read once.
    let seen = stand.seen.lock().unwrap().clone();
    let subjects = seen.iter().filter(|(t, _)| t == "su_oss_assunto").count();
    assert_eq!(subjects, 3);
}

/// The provider, with its plan catalogue imported from a file whose ids are IXC's plan ids
/// (`vd_contratos`): Campo's plans carry them as their ERP id.
fn provider_with_plans() -> tempfile::TempDir {
    let dir = cli::provider();
    let plans = dir.path().join("planos.csv");
    std::fs::write(
        &plans,
        "id;nome;velocidade;valor;iptv\n7;Fibra 300 Mega;300;99,90;não\n9;Fibra 600 Mega;600;129,90;sim\n",
    )
    .unwrap();
    let out = cli::command(dir.path())
        .args(["import", "plans", plans.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    dir
}

#[test]
fn the_nightly_job_brings_the_open_orders_after_the_customers() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = provider_with_plans();

    // An order of a customer without an active contract: named, nothing imported.
    let mut list = orders();
    list.push(chamado(5006, 105, "2", "EN"));
    let (url, first) = rt.block_on(stand_with(customers(), list));
    let out = campo(dir.path(), &url, &["ixc", "customers"]);
    assert!(out.status.success(), "{}", said(&out));
    let out = campo(dir.path(), &url, &["ixc", "orders"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    saying(&out, "IXC Provedor id 5006, campo plano: ");
    drop(first);

    let (url, _stand) = rt.block_on(stand(customers()));
    let out = campo(dir.path(), &url, &["ixc", "orders"]);
    assert!(out.status.success(), "{}", said(&out));
    saying(&out, "4 criado(s), 0 atualizado(s), 0 sem mudança");
    let again = campo(dir.path(), &url, &["ixc", "orders", "--full"]);
    saying(&again, "0 criado(s), 0 atualizado(s), 4 sem mudança");
}

#[test]
fn the_next_night_reads_only_the_orders_opened_since_and_the_status_says_so() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = provider_with_plans();
    let (url, stand) = rt.block_on(stand(customers()));
    let status = |dir: &Path| said(&campo(dir, &url, &["ixc", "status"]));
    assert!(status(dir.path()).contains("orders: última leitura boa nunca; a próxima lê tudo"));
    for kind in ["customers", "orders"] {
        let out = campo(dir.path(), &url, &["ixc", kind]);
        assert!(out.status.success(), "{}", said(&out));
    }
    assert!(
        status(dir.path()).contains("a próxima lê o que mudou depois de 5005"),
        "{}",
        status(dir.path())
    );

    // Two orders opened in IXC since, one of them already finished.
    stand
        .tables
        .lock()
        .unwrap()
        .get_mut("su_oss_chamado")
        .unwrap()
        .extend([chamado(5007, 102, "1", "A"), chamado(5008, 104, "2", "F")]);
    stand.seen.lock().unwrap().clear();
    let out = campo(dir.path(), &url, &["ixc", "orders"]);
    assert!(out.status.success(), "{}", said(&out));
    saying(&out, "1 registro(s) lido(s)");
    assert!(said(&out).contains("1 criado(s)"), "{}", said(&out));
    let seen = stand.seen.lock().unwrap().clone();
    let (_, asked) = seen.iter().find(|(t, _)| t == "su_oss_chamado").unwrap();
    assert_eq!(asked["qtype"], "su_oss_chamado.id");
    assert_eq!(asked["oper"], ">");
    assert_eq!(asked["query"], "5005");
    assert!(
        status(dir.path()).contains("depois de 5008"),
        "{}",
        status(dir.path())
    );

    // A token IXC refuses: the failure is kept, the mark where it was; --full reads it all.
    let out = cli::command(dir.path())
        .args(["ixc", "orders"])
        .env("CAMPO_IXC_URL", &url)
        .env("CAMPO_IXC_USER", USER)
        .env("CAMPO_IXC_TOKEN", "revogado")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let now = status(dir.path());
    assert!(
        now.contains("1 seguida(s)): o ERP recusou o usuário ou o token (HTTP 401)"),
        "{now}"
    );
    assert!(!now.contains("revogado"));
    let out = campo(dir.path(), &url, &["ixc", "orders", "--full"]);
    assert!(out.status.success(), "{}", said(&out));
    saying(&out, "0 criado(s), 0 atualizado(s), 5 sem mudança");
}

#[tokio::test]
async fn the_server_reads_ixc_on_its_own_schedule() {
    let dir = tokio::task::spawn_blocking(provider_with_plans)
        .await
        .unwrap();
    let (url, stand) = stand(customers()).await;
    let db = campo_server::db::ServerDb::open_dir(dir.path())
        .await
        .unwrap();
    let reading = tokio::spawn(campo_server::erp::keep_reading(
        db.clone(),
        Ixc::new(config(&url, TOKEN)),
        "ixc",
        Duration::from_millis(200),
    ));
    let mark = |kind| {
        let db = db.clone();
        async move {
            campo_server::erp::standing::get(&db, "ixc", kind)
                .await
                .unwrap()
                .mark
        }
    };
    let until = |want: &'static str| {
        let mark = &mark;
        async move {
            for _ in 0..300 {
                if mark(ImportKind::Orders).await.as_deref() == Some(want) {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            panic!("the orders' reading never reached {want}");
        }
    };
    // The first turn reads the customers, then their open orders.
    until("5005").await;
    assert!(mark(ImportKind::Customers).await.is_some());
    // An order opened in IXC meanwhile comes in at a later turn.
    stand
        .tables
        .lock()
        .unwrap()
        .get_mut("su_oss_chamado")
        .unwrap()
        .push(chamado(5009, 102, "1", "A"));
    until("5009").await;
    reading.abort();
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ops WHERE kind = 'order.create'")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(orders, 5, "the four open at first, then 5009");
    db.close().await;
}

#[test]
fn the_receivables_come_after_the_customers_and_the_next_night_brings_the_payments() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = cli::provider();
    let (url, stand) = rt.block_on(stand(customers()));
    stand.tables.lock().unwrap().insert(
        "fn_areceber",
        vec![
            titulo(9001, 101, "2026-10-10", "R", Some("2026-10-08")),
            titulo(9002, 101, "2026-11-10", "A", None),
            titulo(9003, 102, "2026-11-10", "A", None),
            // Customer 103 is inactive in IXC and was never imported: left out, not a problem.
            titulo(9004, 103, "2026-11-10", "A", None),
            titulo(9005, 105, "2026-11-10", "C", None),
        ],
    );
    let out = campo(dir.path(), &url, &["ixc", "customers"]);
    assert!(out.status.success(), "{}", said(&out));
    let out = campo(dir.path(), &url, &["ixc", "receivables"]);
    assert!(out.status.success(), "{}", said(&out));
    saying(&out, "4 criado(s), 0 atualizado(s), 0 sem mudança");
    saying(
        &out,
        "1 título(s) de clientes que o Campo não tem (inativos no ERP) ficam de fora",
    );

    // The next night: 9002 was paid, 9006 issued; only those (and the day read before) come.
    {
        let mut tables = stand.tables.lock().unwrap();
        let list = tables.get_mut("fn_areceber").unwrap();
        list[1] = titulo(9002, 101, "2026-11-10", "R", Some("2026-11-12"));
        list.push(titulo(9006, 104, "2026-12-10", "A", None));
    }
    stand.seen.lock().unwrap().clear();
    let out = campo(dir.path(), &url, &["ixc", "receivables"]);
    assert!(out.status.success(), "{}", said(&out));
    saying(&out, "1 criado(s), 1 atualizado(s), 1 sem mudança");
    let seen = stand.seen.lock().unwrap().clone();
    let asked: Vec<(String, String, String)> = seen
        .iter()
        .filter(|(t, _)| t == "fn_areceber")
        .map(|(_, b)| {
            let f = |k: &str| b[k].as_str().unwrap_or_default().to_owned();
            (f("qtype"), f("oper"), f("query"))
        })
        .collect();
    assert!(
        asked.contains(&("fn_areceber.id".into(), ">".into(), "9005".into())),
        "{asked:?}"
    );
    assert!(
        asked.contains(&(
            "fn_areceber.baixa_data".into(),
            ">=".into(),
            "2026-10-08".into()
        )),
        "{asked:?}"
    );
    // Read in full again: nothing changes.
    let out = campo(dir.path(), &url, &["ixc", "receivables", "--full"]);
    saying(&out, "0 criado(s), 0 atualizado(s), 5 sem mudança");
}

#[tokio::test]
async fn a_visit_from_ixc_scheduled_and_done_in_campo_is_written_back_to_ixc_once() {
    use campo_server::erp::standing::write_back as standing;
    use campo_server::erp::writeback::{send_pending, write_back};
    let server = campo_fixtures::server::start().await;
    let (url, stand) = stand(customers()).await;
    let erp = Ixc::new(config(&url, TOKEN));
    let mut office = support::Client::new(&server, "mariana").await;
    let mut tech = support::Client::new(&server, "josue").await;
    // IXC's 5001 and an order of Campo's own, both scheduled for tomorrow morning.
    let from_ixc =
        support::scheduled_order_from(&mut office, server.technician, Some("5001")).await;
    let own = support::scheduled_order(&mut office, server.technician).await;
    // IXC's 5002 was scheduled too, then went back to the queue: its scheduling is not sent.
    let dropped = support::scheduled_order_from(&mut office, server.technician, Some("5002")).await;
    let answers = office
        .push(&[support::move_to(
            dropped,
            "scheduled",
            "approved",
            Some("Cliente pediu para remarcar"),
        )])
        .await;
    assert_eq!(answers, ["applied"]);
    let sent_to = |stand: &Stand, table: &str| -> Vec<Value> {
        stand
            .seen
            .lock()
            .unwrap()
            .iter()
            .filter(|(t, _)| t == table)
            .map(|(_, b)| b.clone())
            .collect()
    };
    let status = |stand: &Stand| {
        stand.tables.lock().unwrap()["su_oss_chamado"]
            .iter()
            .find(|r| r["id"] == "5001")
            .unwrap()["status"]
            .clone()
    };

    // IXC is away at first: the scheduling waits, named, and nothing is lost.
    stand
        .faults
        .lock()
        .unwrap()
        .push_back(Fault::Error("Sistema em manutenção"));
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.failed), (0, 1));
    assert_eq!(
        standing(&server.db, "ixc").await.unwrap().to_string(),
        "agendamentos no ERP: 0 enviado(s), 1 aguardando; a remarcar no ERP: 0 enviada(s), 0 aguardando; \
         fechamentos no ERP: 0 enviado(s), 0 aguardando; OS 5001: o ERP respondeu com um erro: Sistema em manutenção (1 tentativa(s))",
        "only the order from IXC"
    );
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.closed, sent.failed), (1, 0, 0));
    let scheduled = sent_to(&stand, "su_oss_chamado_reagendar");
    assert_eq!(scheduled.len(), 1);
    let body = &scheduled[0];
    let tomorrow = chrono::Utc::now()
        .with_timezone(&chrono_tz::America::Sao_Paulo)
        .date_naive()
        .succ_opt()
        .unwrap();
    let utc_tomorrow = (chrono::Utc::now() + chrono::TimeDelta::days(1)).date_naive();
    let day = body["data_agendamento"].as_str().unwrap()[..10].to_owned();
    assert!(
        day == tomorrow.to_string() || day == utc_tomorrow.to_string(),
        "{body}"
    );
    assert_eq!(body["id_chamado"], "5001");
    assert_eq!(body["status"], "AG");
    assert_eq!(body["id_tecnico"], "306");
    assert_eq!(body["data_agendamento"], format!("{day} 08:00:00"));
    assert_eq!(body["data_agendamento_final"], format!("{day} 12:00:00"));
    let shown = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d")
        .unwrap()
        .format("%d/%m/%Y");
    assert_eq!(
        body["mensagem"],
        format!("Agendada no Campo para {shown}, manhã (08:00–12:00), técnico Josué Lins.")
    );
    assert_eq!(status(&stand), "AG");
    // Nothing new: nothing sent.
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.closed, sent.failed), (0, 0, 0));

    for order in [from_ixc, own] {
        let answers = tech
            .push(&[
                support::move_to(order, "scheduled", "en_route", None),
                support::move_to(order, "en_route", "in_progress", None),
                support::move_to(
                    order,
                    "in_progress",
                    "done",
                    Some("ONU do cliente reaproveitada"),
                ),
            ])
            .await;
        assert!(answers.iter().all(|a| a == "applied"), "{answers:?}");
    }
    // Another server instance over the same database has the write-back's turn: this one
    // sends nothing, and the closing waits (sent once, by one of them).
    let other = campo_server::erp::turns::take(
        &server.db,
        "writeback:ixc",
        "another-instance",
        campo_server::erp::turns::TURN_TIME,
    )
    .await
    .unwrap()
    .expect("the turn is free");
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.closed, sent.failed), (0, 0, 0));
    assert!(sent_to(&stand, "su_oss_chamado_fechar").is_empty());
    other.end(&server.db).await.unwrap();
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.closed, sent.failed), (0, 1, 0));
    let closings = sent_to(&stand, "su_oss_chamado_fechar");
    assert_eq!(closings.len(), 1);
    let body = &closings[0];
    assert_eq!(body["id_chamado"], "5001");
    assert_eq!(body["status"], "F");
    assert_eq!(body["id_tecnico"], "306");
    assert_eq!(
        body["mensagem"],
        "Concluída no Campo por Josué Lins. Observação: ONU do cliente reaproveitada"
    );
    let when = |k: &str| body[k].as_str().unwrap().to_owned();
    for k in ["data_inicio", "data_final"] {
        assert!(
            chrono::NaiveDateTime::parse_from_str(&when(k), "%Y-%m-%d %H:%M:%S").is_ok(),
            "{k}: {}",
            when(k)
        );
    }
    assert!(when("data_inicio") <= when("data_final"));
    assert_eq!(status(&stand), "F");
    // Another turn sends nothing, and a lost answer is not sent twice: IXC has it closed.
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.closed, sent.failed), (0, 0, 0));
    sqlx::query("UPDATE erp_closings SET sent_at = NULL")
        .execute(server.db.pool())
        .await
        .unwrap();
    let sent = send_pending(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!(
        (sent.closed, sent.failed),
        (1, 0),
        "IXC has it closed already"
    );
    assert_eq!(
        sent_to(&stand, "su_oss_chamado_fechar").len(),
        1,
        "not sent again"
    );
    assert_eq!(
        standing(&server.db, "ixc").await.unwrap().to_string(),
        "agendamentos no ERP: 1 enviado(s), 0 aguardando; a remarcar no ERP: 0 enviada(s), 0 aguardando; \
         fechamentos no ERP: 1 enviado(s), 0 aguardando"
    );
}

#[tokio::test]
async fn a_visit_from_ixc_not_done_in_campo_is_put_back_to_be_rescheduled_in_ixc() {
    use campo_server::erp::standing::write_back as standing;
    use campo_server::erp::writeback::write_back;
    let server = campo_fixtures::server::start().await;
    let (url, stand) = stand(customers()).await;
    let erp = Ixc::new(config(&url, TOKEN));
    let mut office = support::Client::new(&server, "mariana").await;
    let mut tech = support::Client::new(&server, "josue").await;
    let tech_id = server.technician;
    // Five visits from IXC scheduled in Campo for tomorrow.
    let mut order = std::collections::HashMap::new();
    for id in ["5001", "5002", "5003", "5004", "5005"] {
        order.insert(
            id,
            support::scheduled_order_from(&mut office, tech_id, Some(id)).await,
        );
    }
    // 5005 goes back to the queue before IXC hears of it: there is nothing to put back.
    let answers = office
        .push(&[support::move_to(
            order["5005"],
            "scheduled",
            "approved",
            Some("Cliente viaja"),
        )])
        .await;
    assert_eq!(answers, ["applied"]);
    let record = |stand: &Stand, id: &str| {
        stand.tables.lock().unwrap()["su_oss_chamado"]
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    let updates = |stand: &Stand| -> Vec<(String, Value)> {
        stand
            .seen
            .lock()
            .unwrap()
            .iter()
            .filter(|(t, _)| t.starts_with("su_oss_chamado/"))
            .cloned()
            .collect()
    };
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.returned, sent.failed), (4, 0, 0));
    assert_eq!(record(&stand, "5001")["status"], "AG");
    assert_eq!(record(&stand, "5005")["status"], "AG", "as IXC had it");

    // The customer of 5001 was not home; IXC's people moved it on their side meanwhile (DS).
    let not_done = |order| {
        [
            support::move_to(order, "scheduled", "en_route", None),
            support::move_to(order, "en_route", "not_done", Some("Cliente ausente")),
        ]
    };
    assert_eq!(
        tech.push(&not_done(order["5001"])).await,
        ["applied", "applied"]
    );
    stand
        .tables
        .lock()
        .unwrap()
        .get_mut("su_oss_chamado")
        .unwrap()[0]["status"] = json!("DS");
    // 5002 is given up and scheduled again in Campo before the next turn: IXC gets the new
    // scheduling only.
    let tomorrow = (chrono::Utc::now() + chrono::TimeDelta::days(1))
        .date_naive()
        .to_string();
    let answers = office
        .push(&[
            support::move_to(
                order["5002"],
                "scheduled",
                "approved",
                Some("Cliente viaja"),
            ),
            support::schedule(order["5002"], "approved", tech_id, &tomorrow, "afternoon"),
        ])
        .await;
    assert_eq!(answers, ["applied", "applied"]);
    // 5003 is not done, then cancelled in Campo: a cancellation is not written back.
    assert_eq!(
        tech.push(&not_done(order["5003"])).await,
        ["applied", "applied"]
    );
    let answers = office
        .push(&[support::move_to(
            order["5003"],
            "not_done",
            "cancelled",
            Some("Cliente desistiu"),
        )])
        .await;
    assert_eq!(answers, ["applied"]);
    // 5004 was finished in IXC, then not done in Campo: IXC has nothing to reschedule.
    assert_eq!(
        tech.push(&not_done(order["5004"])).await,
        ["applied", "applied"]
    );

    // IXC refuses the first request (5002's new scheduling): it waits and goes at the next
    // turn; the return does not wait for it.
    stand
        .faults
        .lock()
        .unwrap()
        .push_back(Fault::Error("Sistema em manutenção"));
    let before = record(&stand, "5001");
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.returned, sent.failed), (0, 1, 1));
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.returned, sent.failed), (1, 0, 0));
    let put = updates(&stand);
    assert_eq!(put.len(), 1, "only 5001 was put back: {put:?}");
    let (path, body) = &put[0];
    assert_eq!(path, "su_oss_chamado/5001");
    assert_eq!(body["status"], "RAG");
    // The record whole, as it was, but its status, its id, its technician and its zero dates.
    assert_eq!(body["id_cliente"], before["id_cliente"]);
    assert_eq!(body["mensagem"], before["mensagem"]);
    assert_eq!(body["data_reagendar"], "");
    assert!(
        body.get("id").is_none() && body.get("id_tecnico").is_none(),
        "{body}"
    );
    assert_eq!(record(&stand, "5001")["status"], "RAG");
    assert_eq!(
        record(&stand, "5002")["status"],
        "AG",
        "rescheduled, not put back"
    );
    assert_eq!(
        record(&stand, "5003")["status"],
        "AG",
        "cancelled in Campo: left"
    );
    assert_eq!(
        record(&stand, "5004")["status"],
        "F",
        "finished in IXC: left"
    );
    assert_eq!(
        standing(&server.db, "ixc").await.unwrap().to_string(),
        "agendamentos no ERP: 4 enviado(s), 0 aguardando; a remarcar no ERP: 1 enviada(s), 0 aguardando; \
         fechamentos no ERP: 0 enviado(s), 0 aguardando"
    );
    // Nothing new: nothing sent; scheduled again in Campo, IXC gets the new scheduling.
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.returned, sent.failed), (0, 0, 0));
    let answers = office
        .push(&[support::schedule(
            order["5001"],
            "not_done",
            tech_id,
            &tomorrow,
            "morning",
        )])
        .await;
    assert_eq!(answers, ["applied"]);
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.returned, sent.failed), (1, 0, 0));
    assert_eq!(record(&stand, "5001")["status"], "AG");
    assert_eq!(updates(&stand).len(), 1);
}

#[tokio::test]
async fn the_administrator_reads_where_the_connection_stands_and_when_it_is_tried_again() {
    use campo_domain::{Lang, Localized};
    let server =
        campo_fixtures::server::start_with(|s| s.with_erp_schedule(Some(("ixc", 15)))).await;
    let admin = support::Client::new(&server, "admin").await;
    // Never read yet: said so, nothing failing.
    let fresh = admin.http.erp_standing().await.unwrap();
    assert_eq!(fresh.erp.as_deref(), Some("IXC Provedor"));
    assert_eq!(fresh.every_minutes, Some(15));
    assert!(
        fresh
            .readings
            .iter()
            .all(|r| r.last_run_at.is_none() && r.next_at.is_none())
    );

    let at = chrono::DateTime::parse_from_rfc3339("2026-12-03T12:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    use campo_server::erp::standing;
    standing::succeeded(&server.db, "ixc", ImportKind::Customers, Some("101"), at)
        .await
        .unwrap();
    let down = ErpError::Unavailable {
        attempts: 3,
        cause: Cause::Status(503),
    };
    for _ in 0..2 {
        standing::failed(&server.db, "ixc", ImportKind::Orders, &down, at)
            .await
            .unwrap();
    }
    let s = admin.http.erp_standing().await.unwrap();
    let kinds: Vec<&str> = s.readings.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(kinds, ["customers", "orders", "receivables"]);
    let orders = &s.readings[1];
    assert_eq!((orders.failures, orders.problem.as_ref()), (2, Some(&down)));
    assert_eq!(orders.next_at.as_deref(), Some("2026-12-03T12:15:00.000Z"));
    assert_eq!(
        down.message(Lang::PtBr),
        "o ERP não respondeu como esperado depois de 3 tentativas (HTTP 503)"
    );
    assert_eq!(
        down.message(Lang::En),
        "the ERP did not answer as expected after 3 attempts (HTTP 503)"
    );
    assert_eq!(s.readings[0].problem, None);
    assert_eq!(
        ErpError::NotConfigured {
            setting: Setting::Token
        }
        .message(Lang::En),
        "the connection to the ERP is not set up: the token is missing"
    );

    // Only the administrator.
    let office = support::Client::new(&server, "mariana").await;
    let e = office.http.erp_standing().await.unwrap_err();
    assert!(e.to_string().contains("Só a administração"), "{e}");
}
