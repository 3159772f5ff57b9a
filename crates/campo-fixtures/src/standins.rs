//! Stand-ins for the web services the server asks on a person's behalf, following their
//! documented shapes (docs/geocoding.md), for the server's and the app's tests.
//!
//! - [`viacep`]: a ViaCEP (`GET /ws/{cep}/json/`), which can be told to fail.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The stand-in's state: what it knows, what it is told to do, how often it was asked.
#[derive(Debug, Default)]
pub struct ViaCep {
    known: HashMap<String, serde_json::Value>,
    /// The next requests fail this way (a status, or 0 for an HTML page) instead of answering.
    pub faults: Mutex<VecDeque<u16>>,
    /// Requests received.
    pub requests: AtomicUsize,
}

async fn ws(State(stand): State<Arc<ViaCep>>, Path(cep): Path<String>) -> Response {
    stand.requests.fetch_add(1, Ordering::SeqCst);
    if let Some(fault) = stand.faults.lock().unwrap().pop_front() {
        return match fault {
            0 => "<html><body>Em manutenção</body></html>".into_response(),
            s => StatusCode::from_u16(s).unwrap().into_response(),
        };
    }
    if cep.len() != 8 || !cep.chars().all(|c| c.is_ascii_digit()) {
        // ViaCEP answers a malformed CEP with 400 and a page.
        return (StatusCode::BAD_REQUEST, "<h1>Http 400</h1>").into_response();
    }
    axum::Json(
        stand
            .known
            .get(&cep)
            .cloned()
            .unwrap_or_else(|| json!({"erro": true})),
    )
    .into_response()
}

/// A stand-in ViaCEP on 127.0.0.1 port 0 and its state: it knows CEP 50050-000 (Rua da Aurora,
/// Boa Vista, Recife/PE) and 56960-000 (Verdejante/PE, one CEP for the whole municipality);
/// any other CEP is `{"erro": true}`.
pub async fn viacep() -> (String, Arc<ViaCep>) {
    let mut known = HashMap::new();
    known.insert(
        "50050000".to_owned(),
        json!({"cep": "50050-000", "logradouro": "Rua da Aurora", "complemento": "até 1234/1235",
               "unidade": "", "bairro": "Boa Vista", "localidade": "Recife", "uf": "PE",
               "estado": "Pernambuco", "regiao": "Nordeste", "ibge": "2611606", "gia": "",
               "ddd": "81", "siafi": "2531"}),
    );
    // A municipality with one CEP for all its streets.
    known.insert(
        "56960000".to_owned(),
        json!({"cep": "56960-000", "logradouro": "", "complemento": "", "unidade": "",
               "bairro": "", "localidade": "Verdejante", "uf": "PE", "estado": "Pernambuco",
               "regiao": "Nordeste", "ibge": "2616001", "gia": "", "ddd": "87", "siafi": "2657"}),
    );
    let stand = Arc::new(ViaCep {
        known,
        ..ViaCep::default()
    });
    let app = axum::Router::new()
        .route("/ws/{cep}/json/", axum::routing::get(ws))
        .with_state(stand.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, stand)
}

/// The server's CEP lookup pointed at the stand-in at `url`, trying again after 10 ms.
pub fn cep_lookup(url: &str) -> Arc<campo_server::cep::CepLookup> {
    Arc::new(
        campo_server::cep::CepLookup::new(&campo_server::cep::CepConfig {
            url: format!("{url}/"),
            per_second: 50.0,
        })
        .expect("a CEP lookup")
        .with_backoff(std::time::Duration::from_millis(10)),
    )
}
