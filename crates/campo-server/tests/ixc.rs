//! The IXC Provedor connector against a stand-in IXC on 127.0.0.1 that answers as IXC's
//! webservice is documented to (docs/import/ERP.md: Basic auth, `ixcsoft: listar`, the
//! listing's body, `{total, registros}` with every value a string, pages, `{type: error}`),
//! and can be told to fail: 503s, garbage, answers slower than the timeout, a refused token.
//! The provider's customers come in through `campo-server ixc customers`, as a nightly job
//! runs it, and again without changing anything.

use std::collections::VecDeque;
use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine as _;
use campo_import::ImportKind;
use campo_server::erp::ixc::{Ixc, IxcConfig};
use campo_server::erp::{Cause, ErpError, ErpSource, Setting};
use serde_json::{Value, json};

const USER: &str = "27";
const TOKEN: &str = "a1b2c3-token-de-teste";

/// What the stand-in does with the next request instead of answering.
#[derive(Debug, Clone)]
enum Fault {
    Status(u16),
    Garbage,
    Slow(Duration),
    Error(&'static str),
}

#[derive(Default)]
struct Stand {
    tables: Mutex<std::collections::HashMap<&'static str, Vec<Value>>>,
    faults: Mutex<VecDeque<Fault>>,
    requests: AtomicUsize,
    /// Every request's table and body, in order.
    seen: Mutex<Vec<(String, Value)>>,
}

async fn listar(
    State(stand): State<Arc<Stand>>,
    UrlPath(table): UrlPath<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    stand.requests.fetch_add(1, Ordering::SeqCst);
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{TOKEN}"))
    );
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return (StatusCode::UNAUTHORIZED, "Unauthorized").into_response();
    }
    if headers.get("ixcsoft").and_then(|v| v.to_str().ok()) != Some("listar") {
        return axum::Json(json!({"type": "error", "message": "Operação não informada"}))
            .into_response();
    }
    let Ok(body) = serde_json::from_str::<Value>(&body) else {
        return axum::Json(json!({"type": "error", "message": "Requisição inválida"}))
            .into_response();
    };
    stand
        .seen
        .lock()
        .unwrap()
        .push((table.clone(), body.clone()));
    let fault = stand.faults.lock().unwrap().pop_front();
    match fault {
        Some(Fault::Status(s)) => {
            return (StatusCode::from_u16(s).unwrap(), "<html>Bad Gateway</html>").into_response();
        }
        Some(Fault::Garbage) => return "<html><body>Manutenção</body></html>".into_response(),
        Some(Fault::Slow(d)) => tokio::time::sleep(d).await,
        Some(Fault::Error(m)) => {
            return axum::Json(json!({"type": "error", "message": m})).into_response();
        }
        None => {}
    }
    let field = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default();
    let qtype = field("qtype");
    let (Some(column), query, oper) = (
        qtype.strip_prefix(&format!("{table}.")),
        field("query"),
        field("oper"),
    ) else {
        return axum::Json(json!({"type": "error", "message": "qtype inválido"})).into_response();
    };
    let page: usize = field("page").parse().unwrap_or(1);
    let rp: usize = field("rp").parse().unwrap_or(20);
    let tables = stand.tables.lock().unwrap().clone();
    let matching: Vec<&Value> = tables
        .get(table.as_str())
        .map(|rows| {
            rows.iter()
                .filter(|r| {
                    let v = r.get(column).and_then(Value::as_str).unwrap_or_default();
                    match (oper, v.parse::<i64>(), query.parse::<i64>()) {
                        ("=", _, _) => v == query,
                        (">", Ok(v), Ok(q)) => v > q,
                        (">", _, _) => v > query,
                        _ => false,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let registros: Vec<&Value> = matching
        .iter()
        .skip((page - 1) * rp)
        .take(rp)
        .copied()
        .collect();
    // IXC leaves `registros` out when there is nothing.
    let mut reply = json!({"page": page.to_string(), "total": matching.len().to_string()});
    if !registros.is_empty() {
        reply["registros"] = json!(registros);
    }
    axum::Json(reply).into_response()
}

/// A customer as IXC's `cliente` holds it: strings everywhere, the city an id.
fn cliente(id: u32, razao: &str, cpf: &str, cidade: &str, ativo: &str) -> Value {
    json!({
        "id": id.to_string(), "razao": razao, "cnpj_cpf": cpf, "ativo": ativo,
        "email": format!("cliente{id}@exemplo.com.br"), "telefone_celular": "(81) 99876-5432",
        "telefone_comercial": "", "cep": "50030-230", "endereco": "Rua da Aurora",
        "numero": id.to_string(), "complemento": "", "bairro": "Boa Vista", "cidade": cidade,
        "referencia": "Perto da ponte", "data_nascimento": "1980-05-17",
        "ultima_atualizacao": format!("2026-11-{:02} 10:00:00", id % 28 + 1),
        "latitude": "-8.0631", "longitude": "-34.8711",
    })
}

fn customers() -> Vec<Value> {
    vec![
        cliente(101, "Maria das Dores Silva", "529.982.247-25", "3170", "S"),
        cliente(102, "José Carlos Pereira", "111.444.777-35", "3170", "S"),
        cliente(103, "Antônia Ferreira", "390.533.447-05", "3170", "N"),
        cliente(104, "Severino Ramos", "123.456.789-09", "3163", "S"),
        cliente(105, "Luzia Batista", "987.654.321-00", "3170", "S"),
    ]
}

/// A work order as IXC's `su_oss_chamado` holds it.
fn chamado(id: u32, cliente: u32, assunto: &str, status: &str) -> Value {
    json!({
        "id": id.to_string(), "id_cliente": cliente.to_string(), "id_assunto": assunto,
        "status": status, "data_abertura": "2026-11-20 09:15:00", "setor": "6",
        "id_tecnico": "0", "data_agenda": "0000-00-00 00:00:00", "protocolo": format!("2026{id}"),
        "mensagem": "Cliente pede visita pela manhã",
    })
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
    let mut tables = std::collections::HashMap::new();
    tables.insert("cliente", customers);
    tables.insert("su_oss_chamado", orders);
    tables.insert(
        "su_oss_assunto",
        vec![
            json!({"id": "1", "assunto": "Instalação fibra"}),
            json!({"id": "2", "assunto": "Reparo - sem conexão"}),
            json!({"id": "3", "assunto": "Retirada de equipamento"}),
        ],
    );
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
    tables.insert(
        "cidade",
        vec![
            json!({"id": "3170", "nome": "Recife", "uf": "17"}),
            json!({"id": "3163", "nome": "Olinda", "uf": "17"}),
        ],
    );
    tables.insert(
        "uf",
        vec![json!({"id": "17", "sigla": "PE", "nome": "Pernambuco"})],
    );
    let stand = Arc::new(Stand {
        tables: Mutex::new(tables),
        ..Stand::default()
    });
    let app = axum::Router::new()
        .route("/webservice/v1/{table}", post(listar))
        .with_state(Arc::clone(&stand));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, stand)
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
    assert_eq!(row.cells[col("razao")], "Severino Ramos");
    assert_eq!(row.cells[col("cidade")], "Olinda");
    assert_eq!(row.cells[col("uf")], "PE");
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
    assert!(
        said(&out).contains("4 criado(s), 0 atualizado(s), 0 sem mudança"),
        "{}",
        said(&out)
    );
    // The next night: nothing changed in IXC since, nothing read; read in full, nothing changes.
    let again = campo(dir.path(), &fixed, &["ixc", "customers"]);
    assert!(again.status.success(), "{}", said(&again));
    assert!(
        said(&again).contains("0 registro(s) lido(s)"),
        "{}",
        said(&again)
    );
    let again = campo(dir.path(), &fixed, &["ixc", "customers", "--full"]);
    assert!(
        said(&again).contains("0 criado(s), 0 atualizado(s), 4 sem mudança"),
        "{}",
        said(&again)
    );
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
    let cells: Vec<Vec<&str>> = t
        .rows
        .iter()
        .map(|r| r.cells.iter().map(String::as_str).collect())
        .collect();
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
    assert!(
        said(&out).contains("IXC Provedor id 5006, campo plano: "),
        "{}",
        said(&out)
    );
    drop(first);

    let (url, _stand) = rt.block_on(stand(customers()));
    let out = campo(dir.path(), &url, &["ixc", "orders"]);
    assert!(out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains("4 criado(s), 0 atualizado(s), 0 sem mudança"),
        "{}",
        said(&out)
    );
    let again = campo(dir.path(), &url, &["ixc", "orders", "--full"]);
    assert!(
        said(&again).contains("0 criado(s), 0 atualizado(s), 4 sem mudança"),
        "{}",
        said(&again)
    );
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
    assert!(
        said(&out).contains("1 registro(s) lido(s)"),
        "{}",
        said(&out)
    );
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
    assert!(
        said(&out).contains("0 criado(s), 0 atualizado(s), 5 sem mudança"),
        "{}",
        said(&out)
    );
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
