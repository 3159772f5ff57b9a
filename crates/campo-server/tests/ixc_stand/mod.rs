//! A stand-in IXC Provedor on 127.0.0.1 for the connector's tests and benchmark: it answers
//! as IXC's webservice is documented to (docs/import/ERP.md — Basic auth, `ixcsoft: listar`,
//! the listing's body, `{total, registros}` with every value a string, pages, `{type:
//! error}`) over tables it is given, and can be told to fail: 503s, garbage, answers slower
//! than the timeout, IXC's own error. It also schedules and closes work orders
//! (`su_oss_chamado_reagendar`, `su_oss_chamado_fechar`, sent without `ixcsoft`): the order's
//! status becomes `AG` or `F`, the body is kept in `seen`; and updates a record whole (`PUT
//! {table}/{id}`, every field of the record but its id and technician, no empty date written
//! as zeros — the shape public IXC clients send), kept in `seen` as `{table}/{id}`.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{post, put};
use base64::Engine as _;
use serde_json::{Value, json};

pub const USER: &str = "27";
pub const TOKEN: &str = "a1b2c3-token-de-teste";

/// What the stand-in does with the next request instead of answering.
#[derive(Debug, Clone)]
#[allow(
    dead_code,
    reason = "the benchmark, which shares this stand-in, makes no faults"
)]
pub enum Fault {
    Status(u16),
    Garbage,
    Slow(Duration),
    Error(&'static str),
}

#[derive(Default)]
pub struct Stand {
    pub tables: Mutex<std::collections::HashMap<&'static str, Vec<Value>>>,
    pub faults: Mutex<VecDeque<Fault>>,
    pub requests: AtomicUsize,
    /// Every request's table and body, in order.
    pub seen: Mutex<Vec<(String, Value)>>,
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
    if table == "su_oss_chamado_fechar" || table == "su_oss_chamado_reagendar" {
        return act(&stand, &table, &body);
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
                        (">=", Ok(v), Ok(q)) => v >= q,
                        (">=", _, _) => v >= query,
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

/// A work order scheduled (`AG`) or closed (`F`), as IXC answers `su_oss_chamado_reagendar`
/// and `su_oss_chamado_fechar`; a finished one takes neither.
fn act(stand: &Stand, table: &str, body: &str) -> Response {
    let Ok(body) = serde_json::from_str::<Value>(body) else {
        return axum::Json(json!({"type": "error", "message": "Requisição inválida"}))
            .into_response();
    };
    stand
        .seen
        .lock()
        .unwrap()
        .push((table.to_owned(), body.clone()));
    if let Some(Fault::Error(m)) = stand.faults.lock().unwrap().pop_front() {
        return axum::Json(json!({"type": "error", "message": m})).into_response();
    }
    let id = body
        .get("id_chamado")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut tables = stand.tables.lock().unwrap();
    let Some(order) = tables
        .get_mut("su_oss_chamado")
        .and_then(|rows| rows.iter_mut().find(|r| r["id"] == id))
    else {
        return axum::Json(json!({"type": "error", "message": "OS não encontrada"}))
            .into_response();
    };
    if order["status"] == "F" {
        return axum::Json(json!({"type": "error", "message": "Esta OS já está finalizada"}))
            .into_response();
    }
    let closing = table == "su_oss_chamado_fechar";
    order["status"] = json!(if closing { "F" } else { "AG" });
    if !closing {
        order["data_agenda"] = body["data_agendamento"].clone();
    }
    axum::Json(json!({"type": "success", "message": "Registro salvo com sucesso!", "id": id}))
        .into_response()
}

/// A record of `table` updated whole, as IXC takes `PUT {table}/{id}`: a body lacking one of
/// the record's fields (but its id and technician, which public clients leave out), naming
/// one it does not have, or writing a date as zeros is refused with IXC's error, as is one
/// without the `ixcsoft` header sent empty.
async fn update(
    State(stand): State<Arc<Stand>>,
    UrlPath((table, id)): UrlPath<(String, String)>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{TOKEN}"))
    );
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return (StatusCode::UNAUTHORIZED, "Unauthorized").into_response();
    }
    let error = |m: String| axum::Json(json!({"type": "error", "message": m})).into_response();
    // IXC's clients send an update with the operation header empty (`listar` would list).
    if headers.get("ixcsoft").map(|v| v.is_empty()) != Some(true) {
        return error("Operação não informada".into());
    }
    let Ok(Value::Object(body)) = serde_json::from_str::<Value>(&body) else {
        return error("Requisição inválida".into());
    };
    stand
        .seen
        .lock()
        .unwrap()
        .push((format!("{table}/{id}"), Value::Object(body.clone())));
    if let Some(Fault::Error(m)) = stand.faults.lock().unwrap().pop_front() {
        return error(m.into());
    }
    let mut tables = stand.tables.lock().unwrap();
    let Some(record) = tables
        .get_mut(table.as_str())
        .and_then(|rows| rows.iter_mut().find(|r| r["id"] == id.as_str()))
    else {
        return error("Registro não encontrado".into());
    };
    let Some(fields) = record.as_object_mut() else {
        return error("Registro não encontrado".into());
    };
    if let Some(missing) = fields
        .keys()
        .find(|k| !matches!(k.as_str(), "id" | "id_tecnico") && !body.contains_key(*k))
    {
        return error(format!("O campo {missing} é obrigatório"));
    }
    if let Some(unknown) = body.keys().find(|k| !fields.contains_key(*k) || *k == "id") {
        return error(format!("Campo desconhecido: {unknown}"));
    }
    if let Some((zeros, _)) = body
        .iter()
        .find(|(_, v)| v.as_str().is_some_and(|v| v.starts_with("0000-00-00")))
    {
        return error(format!("Data inválida: {zeros}"));
    }
    for (k, v) in body {
        fields.insert(k, v);
    }
    axum::Json(json!({"type": "success", "message": "Registro atualizado com sucesso!", "id": id}))
        .into_response()
}

/// A customer as IXC's `cliente` holds it: strings everywhere, the city an id.
pub fn cliente(id: u32, razao: &str, cpf: &str, cidade: &str, ativo: &str) -> Value {
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

/// A work order as IXC's `su_oss_chamado` holds it.
pub fn chamado(id: u32, cliente: u32, assunto: &str, status: &str) -> Value {
    json!({
        "id": id.to_string(), "id_cliente": cliente.to_string(), "id_assunto": assunto,
        "status": status, "data_abertura": "2026-11-20 09:15:00", "setor": "6",
        "id_tecnico": "0", "data_agenda": "0000-00-00 00:00:00", "protocolo": format!("2026{id}"),
        "mensagem": "Cliente pede visita pela manhã", "data_reagendar": "0000-00-00 00:00:00",
    })
}

/// A receivable as IXC's `fn_areceber` holds it; `paid`: the day it was paid (and written
/// off).
#[allow(
    dead_code,
    reason = "the benchmark, which shares this stand-in, reads no receivables"
)]
pub fn titulo(id: u32, cliente: u32, vencimento: &str, status: &str, paid: Option<&str>) -> Value {
    json!({
        "id": id.to_string(), "id_cliente": cliente.to_string(), "id_contrato": (cliente + 2000).to_string(),
        "data_emissao": "2026-09-01", "data_vencimento": vencimento, "valor": "99.90",
        "valor_aberto": if paid.is_some() { "0.00" } else { "99.90" },
        "valor_recebido": if paid.is_some() { "99.90" } else { "0.00" },
        "pagamento_data": paid.unwrap_or("0000-00-00"), "pagamento_valor": if paid.is_some() { "99.90" } else { "0.00" },
        "baixa_data": paid.unwrap_or("0000-00-00"), "credito_data": "0000-00-00",
        "status": status, "liberado": "S",
    })
}

/// IXC's tables every reading looks things up in: subjects, cities, states.
pub fn reference_tables() -> HashMap<&'static str, Vec<Value>> {
    let mut tables = HashMap::new();
    tables.insert(
        "su_oss_assunto",
        vec![
            json!({"id": "1", "assunto": "Instalação fibra"}),
            json!({"id": "2", "assunto": "Reparo - sem conexão"}),
            json!({"id": "3", "assunto": "Retirada de equipamento"}),
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
    tables
}

/// Serves `tables` on a free loopback port: its address, and the stand-in to change or
/// watch.
pub async fn serve(tables: HashMap<&'static str, Vec<Value>>) -> (String, Arc<Stand>) {
    let stand = Arc::new(Stand {
        tables: Mutex::new(tables),
        ..Stand::default()
    });
    let app = axum::Router::new()
        .route("/webservice/v1/{table}", post(listar))
        .route("/webservice/v1/{table}/{id}", put(update))
        .with_state(Arc::clone(&stand));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, stand)
}
