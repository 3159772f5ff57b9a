//! Photos of a visit (issue 21): attached at the visit with their file kept until the server
//! has it, counted by the closing rule a provider sets, named when missing; a file is kept
//! once however often it is attached, and a fetched file is kept only when it is what its
//! name says.

use campo_domain::OrderStatus;
use campo_domain::photo::{PhotoError, PhotoSubject};
use campo_fixtures::data::{go, installation_under, installations_need};
use campo_fixtures::photos::camera_jpeg;
use campo_store::photos::PhotoFile;
use campo_store::{Actor, Store, StoreError};
use chrono::Utc;
use uuid::Uuid;

fn file(width: u32) -> PhotoFile {
    let kept = campo_photo::prepare(&camera_jpeg(width, 300, 1)).expect("a photo");
    PhotoFile {
        bytes: kept.bytes,
        hash: kept.hash,
        width: kept.width,
        height: kept.height,
        mime: campo_photo::PHOTO_MIME.into(),
        location: kept.location,
    }
}

/// An installation scheduled for a technician; the provider asks for two photos.
async fn world() -> (Store, Actor, Uuid, Actor) {
    let (store, admin, tech, order) = installation_under(installations_need(false, false, 2)).await;
    (store, tech, order, admin)
}

#[tokio::test]
async fn an_order_needing_two_photos_is_done_once_it_has_them() {
    let (store, tech, order, _) = world().await;
    // Not before the visit.
    let mut w = store.writer(tech).await.unwrap();
    let err = w
        .add_photo(order, file(400), "", None, Utc::now())
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Photo(PhotoError::NotNow)),
        "{err:?}"
    );
    campo_fixtures::data::start_visit(&mut w, order).await;
    w.add_photo(
        order,
        file(400),
        "Sinal da ONU",
        Some(PhotoSubject::Equipment {
            serial: "ZTEG12345678".into(),
        }),
        Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();

    let mut w = store.writer(tech).await.unwrap();
    let err = w
        .transition_order(order, &go(OrderStatus::Done), Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Para concluir falta: fotos da visita (1 de 2)"
    );
    drop(w);

    // The same picture attached again is a second photo but one file.
    let mut w = store.writer(tech).await.unwrap();
    w.add_photo(order, file(400), "De novo", None, Utc::now())
        .await
        .unwrap();
    w.transition_order(order, &go(OrderStatus::Done), Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();

    let photos = store.order_photos(order).await.unwrap();
    assert_eq!(photos.len(), 2);
    assert_eq!(photos[0].caption, "Sinal da ONU");
    assert_eq!(photos[0].taken_by, "Josué Lins");
    assert_eq!(
        photos[0].location, None,
        "the provider does not keep positions"
    );
    assert!(photos.iter().all(|p| p.here && p.waiting));
    let outgoing = store.blobs_to_send(10).await.unwrap();
    assert_eq!(outgoing.len(), 1, "one file for the same picture");
    assert_eq!(
        campo_domain::photo::blob_hash(&outgoing[0].bytes),
        outgoing[0].hash
    );
    let kinds: Vec<String> = store
        .pending_operations(100)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.kind)
        .collect();
    assert_eq!(kinds.iter().filter(|k| *k == "order.photo").count(), 2);

    store.blob_sent(&outgoing[0].hash).await.unwrap();
    assert!(store.blobs_to_send(10).await.unwrap().is_empty());
    assert!(
        store
            .order_photos(order)
            .await
            .unwrap()
            .iter()
            .all(|p| !p.waiting)
    );
}

#[tokio::test]
async fn a_photo_is_taken_off_and_a_fetched_file_must_match_its_name() {
    let (store, tech, order, admin) = world().await;
    let mut w = store.writer(tech).await.unwrap();
    campo_fixtures::data::start_visit(&mut w, order).await;
    let one = file(500);
    let id = w
        .add_photo(order, one.clone(), "Etiqueta do roteador", None, Utc::now())
        .await
        .unwrap();
    w.remove_photo(id, Utc::now()).await.unwrap();
    w.commit().await.unwrap();
    assert!(store.order_photos(order).await.unwrap().is_empty());
    let mut w = store.writer(tech).await.unwrap();
    let err = w.remove_photo(id, Utc::now()).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    drop(w);

    // Where the provider keeps photos' positions, the camera's is kept beside the photo.
    let mut rules = store.closing_rules().await.unwrap();
    for r in &mut rules {
        r.photo_location = true;
    }
    let mut w = store.writer(admin).await.unwrap();
    w.set_closing_rules(&rules, Utc::now()).await.unwrap();
    w.commit().await.unwrap();
    let mut w = store.writer(tech).await.unwrap();
    w.add_photo(order, file(420), "Com local", None, Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    let at = store.order_photos(order).await.unwrap()[0]
        .location
        .expect("kept");
    assert!((at.lat - campo_fixtures::photos::CAMERA_AT.0).abs() < 1e-6);

    // A file nobody's photo names is not kept; bytes that are not the named file neither.
    assert!(!store.keep_blob(&"ab".repeat(32), b"x").await.unwrap());
    assert!(!store.keep_blob(&one.hash, b"not the photo").await.unwrap());
}

#[tokio::test]
async fn a_caption_too_long_is_refused_and_nothing_is_kept() {
    let (store, tech, order, _) = world().await;
    let mut w = store.writer(tech).await.unwrap();
    campo_fixtures::data::start_visit(&mut w, order).await;
    w.commit().await.unwrap();
    let mut w = store.writer(tech).await.unwrap();
    let err = w
        .add_photo(order, file(300), &"x".repeat(201), None, Utc::now())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Validation(_)), "{err:?}");
    drop(w);
    assert!(store.blobs_to_send(10).await.unwrap().is_empty());
}
