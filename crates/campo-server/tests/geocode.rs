//! Addresses on the map through the provider's geocoder, against a stand-in Nominatim on
//! 127.0.0.1 that answers as Nominatim's search is documented to (docs/geocoding.md:
//! `GET /search` with `format=jsonv2`, a structured `street/city/state` or a free-form `q`,
//! a JSON list of places whose `lat`/`lon` are strings) and can be told to fail. The office
//! finds an address from a form; customers imported without coordinates are placed by
//! `campo-server geocode`, once, and a new import of the same file keeps the place; a customer
//! who moved (an address change done) is placed where they live now.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use campo_client::{HttpTransport, TransportError};
use campo_domain::{Lang, Localized};
use campo_fixtures::server::{PASSWORD, Server, start, start_with};
use campo_protocol::geocode::AddressQuery;
use campo_protocol::wire::LoginRequest;
use campo_server::geocode::{Geocoder, GeocoderConfig};
use serde_json::json;

mod cli;
#[allow(
    dead_code,
    reason = "the address change test uses only the device and its moves"
)]
mod support;

/// The server's client signed in as `login` from a new device.
async fn signed_in(server: &Server, login: &str) -> HttpTransport {
    let mut http = HttpTransport::new(&server.url).unwrap();
    http.login(&LoginRequest {
        login: login.into(),
        password: PASSWORD.into(),
        device_id: uuid::Uuid::now_v7(),
    })
    .await
    .unwrap();
    http
}

/// What the stand-in does with the next request instead of answering.
#[derive(Debug, Clone, Copy)]
enum Fault {
    Status(u16),
    Garbage,
}

#[derive(Default)]
struct Nominatim {
    /// `street|city|state` (structured) or the `q` line → places.
    known: HashMap<String, serde_json::Value>,
    faults: Mutex<VecDeque<Fault>>,
    requests: AtomicUsize,
    agents: Mutex<Vec<String>>,
}

async fn search(
    State(stand): State<Arc<Nominatim>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    stand.requests.fetch_add(1, Ordering::SeqCst);
    if let Some(agent) = headers.get("user-agent").and_then(|v| v.to_str().ok()) {
        stand.agents.lock().unwrap().push(agent.to_owned());
    }
    if let Some(fault) = stand.faults.lock().unwrap().pop_front() {
        return match fault {
            Fault::Status(s) => StatusCode::from_u16(s).unwrap().into_response(),
            Fault::Garbage => "<html>manutenção</html>".into_response(),
        };
    }
    if query.get("format").map(String::as_str) != Some("jsonv2") {
        return (StatusCode::BAD_REQUEST, "format").into_response();
    }
    let key = match query.get("q") {
        Some(q) => q.clone(),
        None => format!(
            "{}|{}|{}",
            query.get("street").cloned().unwrap_or_default(),
            query.get("city").cloned().unwrap_or_default(),
            query.get("state").cloned().unwrap_or_default()
        ),
    };
    axum::Json(stand.known.get(&key).cloned().unwrap_or_else(|| json!([]))).into_response()
}

/// A place as Nominatim's jsonv2 gives it (coordinates as strings).
fn place(lat: &str, lon: &str, name: &str) -> serde_json::Value {
    json!({
        "place_id": 123456, "licence": "Data © OpenStreetMap contributors, ODbL 1.0.",
        "osm_type": "way", "osm_id": 987654, "lat": lat, "lon": lon,
        "category": "building", "type": "house", "place_rank": 30, "importance": 0.00001,
        "addresstype": "building", "name": "", "display_name": name,
        "boundingbox": [lat, lat, lon, lon]
    })
}

async fn nominatim() -> (String, Arc<Nominatim>) {
    let mut known = HashMap::new();
    known.insert(
        "325 Rua da Aurora|Recife|Pernambuco".to_owned(),
        json!([place(
            "-8.0584",
            "-34.8813",
            "325, Rua da Aurora, Boa Vista, Recife, Pernambuco, 50050-000, Brasil"
        )]),
    );
    // Found only as one line (the structured search misses it).
    known.insert(
        "Rua do Sol 88, Carmo, Olinda, Pernambuco".to_owned(),
        json!([
            place(
                "-8.0089",
                "-34.8553",
                "Rua do Sol, Carmo, Olinda, Pernambuco, Brasil"
            ),
            place(
                "-8.0101",
                "-34.8560",
                "Rua do Sol, Olinda, Pernambuco, Brasil"
            )
        ]),
    );
    let stand = Arc::new(Nominatim {
        known,
        ..Nominatim::default()
    });
    let app = axum::Router::new()
        .route("/search", axum::routing::get(search))
        .with_state(stand.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, stand)
}

fn geocoder(url: &str) -> Arc<Geocoder> {
    Arc::new(
        Geocoder::new(&GeocoderConfig {
            url: url.into(),
            contact: Some("ti@conecta.com.br".into()),
            per_second: 50.0,
        })
        .unwrap()
        .with_backoff(Duration::from_millis(10)),
    )
}

fn aurora() -> AddressQuery {
    AddressQuery {
        street: "Rua da Aurora".into(),
        number: "325".into(),
        neighbourhood: "Boa Vista".into(),
        city: "Recife".into(),
        uf: "PE".into(),
        cep: "50050000".into(),
    }
}

fn code(e: &TransportError) -> &str {
    match e {
        TransportError::Refused { code, .. } => code,
        _ => "",
    }
}

async fn with_geocoder() -> (Server, Arc<Nominatim>) {
    let (url, stand) = nominatim().await;
    let g = geocoder(&url);
    (start_with(move |s| s.with_geocoder(Some(g))).await, stand)
}

#[tokio::test]
async fn a_seller_finds_an_address_on_the_map_and_the_same_address_is_asked_once() {
    let (server, stand) = with_geocoder().await;
    let seller = signed_in(&server, "sofia").await;
    let places = seller.geocode(&aurora()).await.unwrap();
    assert_eq!(places.len(), 1);
    assert_eq!((places[0].lat, places[0].lon), (-8.0584, -34.8813));
    assert!(
        places[0]
            .label
            .starts_with("325, Rua da Aurora, Boa Vista, Recife")
    );
    assert_eq!(stand.requests.load(Ordering::SeqCst), 1);
    assert!(
        stand.agents.lock().unwrap()[0].contains("(ti@conecta.com.br)"),
        "the requests say who to contact"
    );

    // Typed another way by someone else: answered from what the server keeps.
    let office = signed_in(&server, "warley").await;
    let mut again = aurora();
    again.street = "RUA DA AURORA ".into();
    again.cep = "50050-000".into();
    assert_eq!(office.geocode(&again).await.unwrap(), places);
    assert_eq!(stand.requests.load(Ordering::SeqCst), 1);

    // Missed by street and city, found as one line: the places best first.
    let sol = AddressQuery {
        street: "Rua do Sol".into(),
        number: "88".into(),
        neighbourhood: "Carmo".into(),
        city: "Olinda".into(),
        uf: "PE".into(),
        cep: String::new(),
    };
    let found = seller.geocode(&sol).await.unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].lat, -8.0089);

    // An address nobody knows: an empty list, not an error.
    let nowhere = AddressQuery {
        street: "Rua Que Não Existe".into(),
        ..aurora()
    };
    assert!(seller.geocode(&nowhere).await.unwrap().is_empty());
}

#[tokio::test]
async fn without_a_geocoder_the_server_says_so_and_a_technician_may_not_search() {
    let server = start().await;
    let seller = signed_in(&server, "sofia").await;
    let e = seller.geocode(&aurora()).await.unwrap_err();
    assert_eq!(code(&e), "geocoder_off");
    assert!(
        e.to_string()
            .contains("não tem busca de endereços configurada"),
        "{e}"
    );
    assert!(e.message(Lang::En).contains("no address search set up"));

    let (server, stand) = with_geocoder().await;
    let tech = signed_in(&server, "josue").await;
    let e = tech.geocode(&aurora()).await.unwrap_err();
    assert_eq!(code(&e), "forbidden");
    let seller = signed_in(&server, "sofia").await;
    let half = AddressQuery {
        street: String::new(),
        ..aurora()
    };
    let e = seller.geocode(&half).await.unwrap_err();
    assert_eq!(code(&e), "address_not_searchable");
    assert!(
        e.to_string().contains("ao menos a rua e o município"),
        "{e}"
    );
    // The refusal travels as data: an English session reads it in English.
    assert_eq!(
        e.message(Lang::En),
        "Fill in at least the street and the municipality to search the address"
    );
    let long = AddressQuery {
        street: "Rua ".repeat(60),
        ..aurora()
    };
    let e = seller.geocode(&long).await.unwrap_err();
    assert_eq!(code(&e), "address_too_long");
    assert_eq!(
        e.message(Lang::En),
        "Address too long: each part has up to 200 characters"
    );
    assert_eq!(
        stand.requests.load(Ordering::SeqCst),
        0,
        "nothing was asked"
    );
}

#[tokio::test]
async fn a_failing_geocoder_is_tried_again_and_garbage_is_told_as_unavailable() {
    let (server, stand) = with_geocoder().await;
    let seller = signed_in(&server, "sofia").await;
    // Two failures, then the answer: the person sees only the answer.
    stand
        .faults
        .lock()
        .unwrap()
        .extend([Fault::Status(503), Fault::Status(429)]);
    assert_eq!(seller.geocode(&aurora()).await.unwrap().len(), 1);
    assert_eq!(stand.requests.load(Ordering::SeqCst), 3);

    // Down every time, or answering a web page: said in words, nothing kept.
    let other = AddressQuery {
        number: "400".into(),
        ..aurora()
    };
    stand.faults.lock().unwrap().extend([Fault::Status(500); 3]);
    let e = seller.geocode(&other).await.unwrap_err();
    assert_eq!(code(&e), "geocoder_unavailable");
    assert!(
        e.to_string().contains("O serviço de mapas não respondeu"),
        "{e}"
    );
    stand.faults.lock().unwrap().push_back(Fault::Garbage);
    let e = seller.geocode(&other).await.unwrap_err();
    assert_eq!(code(&e), "geocoder_unavailable");
    assert!(
        e.message(Lang::En)
            .starts_with("The map service did not answer")
    );
    // Working again: asked anew (a failure is not kept as "not found").
    assert!(seller.geocode(&other).await.unwrap().is_empty());
}

const CUSTOMERS: &str = "ID;Nome;CPF;Telefone 1;CEP;Logradouro;Número;Bairro;Município;UF
2001;Maria das Dores Silva;529.982.247-25;(81) 99812-3401;50050-000;Rua da Aurora;325;Boa Vista;Recife;PE
2002;José Carlos Pereira;111.444.777-35;(81) 98731-5502;53020-100;Rua do Sol;88;Carmo;Olinda;PE
2003;Antônia Ferreira;390.533.447-05;(81) 99654-8803;50710-070;Rua Que Não Existe;10;Madalena;Recife;PE
";

/// Runs `campo-server` with `args` off the test's runtime (the stand-in answers meanwhile).
async fn campo(dir: &Path, args: &[&str]) -> (bool, String) {
    let mut command = cli::command(dir);
    command.args(args);
    let out = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    let (stdout, stderr) = cli::said(&out);
    (out.status.success(), format!("{stdout}{stderr}"))
}

async fn located(dir: &Path) -> Vec<(String, f64, f64)> {
    let db = campo_server::db::ServerDb::open_dir(dir).await.unwrap();
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT payload FROM ops WHERE kind = 'customer.edit' ORDER BY server_seq",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    db.close().await;
    rows.iter()
        .map(|p| serde_json::from_str::<serde_json::Value>(p).unwrap())
        .filter(|v| v["changed"] == json!(["location"]))
        .map(|v| {
            (
                v["name"].as_str().unwrap().to_owned(),
                v["lat"].as_f64().unwrap(),
                v["lon"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customers_imported_without_a_location_are_placed_once_and_a_new_import_keeps_it() {
    let dir = cli::provider();
    let file = dir.path().join("clientes.csv");
    std::fs::write(&file, CUSTOMERS).unwrap();
    let file = file.to_str().unwrap();
    let (ok, said) = campo(dir.path(), &["import", "customers", file]).await;
    assert!(ok, "{said}");

    // Without a geocoder the command says what to set.
    let (ok, said) = campo(dir.path(), &["geocode"]).await;
    assert!(!ok);
    assert!(said.contains("--geocoder-url"), "{said}");

    let (url, stand) = nominatim().await;
    let args = [
        "--geocoder-url",
        url.as_str(),
        "--geocoder-contact",
        "ti@conecta.com.br",
        "--geocoder-per-second",
        "50",
        "geocode",
    ];
    let (ok, said) = campo(dir.path(), &args).await;
    assert!(ok, "{said}");
    assert!(
        said.contains("clientes localizados: 2; endereços não encontrados (marque-os no mapa): 1"),
        "{said}"
    );
    assert!(said.contains("ainda sem localização: 1"), "{said}");
    let placed = located(dir.path()).await;
    assert_eq!(
        placed,
        vec![
            ("Maria das Dores Silva".to_owned(), -8.0584, -34.8813),
            ("José Carlos Pereira".to_owned(), -8.0089, -34.8553),
        ]
    );

    // Again: the one not found is not asked again, the others are placed already.
    let asked = stand.requests.load(Ordering::SeqCst);
    let (ok, said) = campo(dir.path(), &args).await;
    assert!(ok, "{said}");
    assert!(said.contains("clientes localizados: 0;"), "{said}");
    assert_eq!(stand.requests.load(Ordering::SeqCst), asked);

    // The nightly file again (still without coordinates): the places stay.
    let (ok, said) = campo(dir.path(), &["import", "customers", file]).await;
    assert!(ok, "{said}");
    assert_eq!(located(dir.path()).await.len(), 2);
    let db = campo_server::db::ServerDb::open_dir(dir.path())
        .await
        .unwrap();
    let edits: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ops WHERE kind = 'customer.edit'")
        .fetch_one(db.pool())
        .await
        .unwrap();
    db.close().await;
    assert_eq!(edits, 2, "the file changed nothing");
}

#[tokio::test]
async fn a_customer_who_moved_is_placed_at_the_new_address_not_the_old_one() {
    let (url, stand) = nominatim().await;
    let g = geocoder(&url);
    let server = start().await;
    let mut office = support::Client::new(&server, "mariana").await;
    let mut tech = support::Client::new(&server, "josue").await;
    // Imported without a place, at Rua da Aurora; moving to Rua do Sol, also without one.
    let mut customer = support::customer("Maria das Dores Silva");
    customer.address.street = "Rua da Aurora".into();
    customer.address.number = "325".into();
    customer.address.cep = "50050000".into();
    customer.address.lat = None;
    customer.address.lon = None;
    let who = customer.id;
    let id = support::scheduled_for(&mut office, server.technician, customer, |o| {
        o.kind = "address_change".into();
        o.new_address = Some(campo_domain::NewAddress {
            cep: "53120000".into(),
            street: "Rua do Sol".into(),
            number: "88".into(),
            neighbourhood: "Carmo".into(),
            city: "Olinda".into(),
            uf: "PE".into(),
            ..campo_domain::NewAddress::default()
        });
    })
    .await;
    let answers = tech
        .push(&[
            support::move_to(id, "scheduled", "en_route", None),
            support::move_to(id, "en_route", "in_progress", None),
            support::move_to(id, "in_progress", "done", None),
        ])
        .await;
    assert!(answers.iter().all(|a| a == "applied"), "{answers:?}");

    let report = campo_server::geocode::locate_customers(&server.db, &g, 10)
        .await
        .unwrap();
    assert_eq!(report.located, 1);
    // One edit for the office (the technician who did the move gets a copy).
    let edits: Vec<String> = sqlx::query_scalar(
        "SELECT payload FROM ops WHERE kind = 'customer.edit' AND entity_id = $1 AND audience = 'office'",
    )
    .bind(who.to_string())
    .fetch_all(server.db.pool())
    .await
    .unwrap();
    assert_eq!(edits.len(), 1);
    let edit: serde_json::Value = serde_json::from_str(&edits[0]).unwrap();
    assert_eq!(
        (
            edit["street"].as_str(),
            edit["city"].as_str(),
            edit["lat"].as_f64()
        ),
        (Some("Rua do Sol"), Some("Olinda"), Some(-8.0089)),
        "placed where she lives now, not at Rua da Aurora"
    );
    assert!(stand.requests.load(Ordering::SeqCst) > 0);
}
