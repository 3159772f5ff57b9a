//! Filling an address from its CEP through the application layer: an office device joined
//! to a server whose CEP lookup is the stand-in ViaCEP gets the street by the CEP however it
//! is typed; a CEP of the wrong length, or an address search the server would refuse, is
//! named before anyone is asked.

use std::sync::atomic::Ordering;

use campo_core::CommandError;
use campo_core::orders::{find_address, find_cep};
use campo_domain::Lang;
use campo_fixtures::server::start_with;
use campo_fixtures::standins::{cep_lookup, viacep};

mod support;
use support::joined;

#[tokio::test]
async fn a_seller_gets_the_street_of_a_cep_and_a_short_cep_is_named() {
    let (url, stand) = viacep().await;
    let lookup = cep_lookup(&url);
    let server = start_with(move |s| s.with_cep_lookup(Some(lookup))).await;
    let (_s, seller) = joined(&server.url, "sofia").await;

    let place = find_cep(&seller, "50050-000".into())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (place.street.as_str(), place.neighbourhood.as_str()),
        ("Rua da Aurora", "Boa Vista")
    );
    assert_eq!((place.city.as_str(), place.uf.as_str()), ("Recife", "PE"));
    assert_eq!(find_cep(&seller, "99999-999".into()).await.unwrap(), None);

    let err = find_cep(&seller, "5005-00".into()).await.unwrap_err();
    assert!(
        CommandError::from_app(&err, Lang::PtBr)
            .message
            .contains("CEP"),
        "{}",
        CommandError::from_app(&err, Lang::PtBr).message
    );
    assert_eq!(
        stand.requests.load(Ordering::SeqCst),
        2,
        "the short CEP was not sent"
    );
}

#[tokio::test]
async fn an_address_search_the_server_would_refuse_is_named_on_the_device() {
    let server = campo_fixtures::server::start().await;
    let (_s, seller) = joined(&server.url, "sofia").await;
    let long = campo_protocol::geocode::AddressQuery {
        street: "Rua ".repeat(60),
        city: "Recife".into(),
        ..Default::default()
    };
    // This server has no geocoder: had the search gone out, that is what it would say.
    let err = find_address(&seller, long).await.unwrap_err();
    let shown = CommandError::from_app(&err, Lang::En);
    assert_eq!(
        shown.message,
        "Address too long: each part has up to 200 characters"
    );
    let err = find_address(&seller, Default::default()).await.unwrap_err();
    assert!(
        CommandError::from_app(&err, Lang::PtBr)
            .message
            .contains("ao menos a rua e o município")
    );
}
