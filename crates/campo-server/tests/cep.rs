//! The street a CEP names, through the provider's CEP lookup, against the stand-in ViaCEP
//! (campo_fixtures::standins) on 127.0.0.1 that answers as ViaCEP documents (docs/geocoding.md: `GET /ws/{cep}/json/`, the
//! place with `logradouro`, `bairro`, `localidade`, `uf`; `{"erro": true}` for a CEP it does
//! not know) and can be told to fail. An office form fills the address from the CEP; a CEP is
//! asked once; a technician may not ask; a server without a lookup says so.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use campo_client::TransportError;
use campo_domain::{Lang, Localized};
use campo_fixtures::server::{Server, start, start_with};
use campo_fixtures::standins::{ViaCep, cep_lookup, viacep};
use campo_protocol::geocode::CepPlace;

#[allow(dead_code, reason = "these tests use only its signed-in client")]
mod support;

async fn with_lookup() -> (Server, Arc<ViaCep>) {
    let (url, stand) = viacep().await;
    let lookup = cep_lookup(&url);
    (
        start_with(move |s| s.with_cep_lookup(Some(lookup))).await,
        stand,
    )
}

fn code(e: &TransportError) -> &str {
    match e {
        TransportError::Refused { code, .. } => code,
        _ => "",
    }
}

#[tokio::test]
async fn a_seller_types_a_cep_and_gets_the_street_and_each_cep_is_asked_once() {
    let (server, stand) = with_lookup().await;
    let seller = support::Client::new(&server, "sofia").await.http;
    let aurora = CepPlace {
        cep: "50050000".into(),
        street: "Rua da Aurora".into(),
        neighbourhood: "Boa Vista".into(),
        city: "Recife".into(),
        uf: "PE".into(),
    };
    assert_eq!(seller.cep("50050000").await.unwrap(), Some(aurora.clone()));
    assert_eq!(stand.requests.load(Ordering::SeqCst), 1);
    // Someone else, typed with its dash: answered from what the server keeps.
    let office = support::Client::new(&server, "warley").await.http;
    assert_eq!(office.cep("50050-000").await.unwrap(), Some(aurora));
    assert_eq!(stand.requests.load(Ordering::SeqCst), 1);

    // A CEP that is not eight digits: refused by its code, worded in the person's language.
    let e = seller.cep("5005000").await.unwrap_err();
    assert_eq!(code(&e), "cep_invalid");
    assert_eq!(
        campo_domain::Localized::message(&e, campo_domain::Lang::En),
        "Invalid CEP: use 8 digits (00000-000)"
    );
    assert_eq!(stand.requests.load(Ordering::SeqCst), 1, "not asked");

    // A municipality's one CEP: its name and state, no street to fill.
    let general = seller.cep("56960000").await.unwrap().unwrap();
    assert_eq!(
        (general.city.as_str(), general.uf.as_str()),
        ("Verdejante", "PE")
    );
    assert_eq!(
        (general.street.as_str(), general.neighbourhood.as_str()),
        ("", "")
    );

    // A CEP nobody knows: nothing, not an error; and not asked again this week.
    assert_eq!(seller.cep("99999999").await.unwrap(), None);
    let before = stand.requests.load(Ordering::SeqCst);
    assert_eq!(office.cep("99999999").await.unwrap(), None);
    assert_eq!(stand.requests.load(Ordering::SeqCst), before);
    // A week later it is asked again (the CEP may have been created since); a found one is
    // kept for good.
    let eight_days_ago = chrono::Utc::now() - chrono::TimeDelta::days(8);
    sqlx::query("UPDATE cep_cache SET asked_at = $1")
        .bind(eight_days_ago.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .execute(server.db.pool())
        .await
        .unwrap();
    assert_eq!(office.cep("99999999").await.unwrap(), None);
    assert_eq!(stand.requests.load(Ordering::SeqCst), before + 1);
    assert_eq!(
        office.cep("50050000").await.unwrap().map(|p| p.street),
        Some("Rua da Aurora".to_owned())
    );
    assert_eq!(stand.requests.load(Ordering::SeqCst), before + 1);
}

#[tokio::test]
async fn without_a_lookup_the_server_says_so_a_technician_may_not_ask_and_a_bad_cep_is_named() {
    let server = start().await;
    let seller = support::Client::new(&server, "sofia").await.http;
    let e = seller.cep("50050000").await.unwrap_err();
    assert_eq!(code(&e), "cep_lookup_off");
    assert!(e.to_string().contains("não tem busca de CEP"), "{e}");
    assert!(e.message(Lang::En).contains("no CEP lookup set up"));

    let (server, stand) = with_lookup().await;
    let tech = support::Client::new(&server, "josue").await.http;
    assert_eq!(code(&tech.cep("50050000").await.unwrap_err()), "forbidden");
    let seller = support::Client::new(&server, "sofia").await.http;
    let e = seller.cep("5005").await.unwrap_err();
    assert!(e.to_string().contains("CEP inválido"), "{e}");
    assert_eq!(
        stand.requests.load(Ordering::SeqCst),
        0,
        "nothing was asked"
    );
}

#[tokio::test]
async fn a_failing_lookup_is_tried_again_and_a_page_instead_of_json_is_told_as_unavailable() {
    let (server, stand) = with_lookup().await;
    let seller = support::Client::new(&server, "sofia").await.http;
    // Down twice, then up: the third try answers.
    stand.faults.lock().unwrap().extend([503, 502]);
    let found = seller.cep("50050000").await.unwrap().unwrap();
    assert_eq!(found.street, "Rua da Aurora");
    assert_eq!(stand.requests.load(Ordering::SeqCst), 3);

    // A maintenance page: said in words, nothing kept, so a later ask goes out again.
    stand.faults.lock().unwrap().push_back(0);
    let e = seller.cep("56960000").await.unwrap_err();
    assert_eq!(code(&e), "cep_lookup_unavailable");
    assert!(
        e.to_string().contains("serviço de CEP não respondeu"),
        "{e}"
    );
    assert!(e.message(Lang::En).contains("CEP service did not answer"));
    assert_eq!(
        seller.cep("56960000").await.unwrap().unwrap().city,
        "Verdejante"
    );
}
