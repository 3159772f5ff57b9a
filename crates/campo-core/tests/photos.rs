//! Photos of a visit through the application layer and a real server: the office asks for
//! two photos on installations; the technician, without syncing, is told what is missing,
//! attaches a camera's photos (made small and stripped on the device), closes; once synced,
//! every office device has the files and its visit report shows them, the same bytes on each.

use base64::Engine as _;
use campo_core::orders::transition_order;
use campo_core::photos::{add_photo, order_photos, photo_image, remove_photo};
use campo_core::proof::export_visit_report;
use campo_core::sync::sync_now;
use campo_core::{CommandError, ErrorCode};
use campo_domain::photo::PhotoSubject;
use campo_domain::{Lang, OrderStatus};
use campo_fixtures::photos::camera_jpeg;
use campo_fixtures::server::start;

mod support;
use support::{at_the_customer, installations_close_with, joined, visit_today};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[tokio::test]
async fn photos_taken_offline_reach_every_office_device_and_its_report() {
    let server = start().await;
    let (_m, coord) = joined(&server.url, "mariana").await;
    let (_j, tech) = joined(&server.url, "josue").await;
    let (_a, admin) = joined(&server.url, "admin").await;

    installations_close_with(&coord, |r| {
        r.equipment = false;
        r.photos = 2;
    })
    .await;
    let id = visit_today(&server, &coord, &tech).await;

    // At the customer's, no network from here on until the order is done.
    at_the_customer(&tech, &id).await;
    let refused = transition_order(&tech, id.clone(), OrderStatus::Done, None)
        .await
        .unwrap_err();
    let told = CommandError::from_app(&refused, Lang::PtBr);
    assert_eq!(told.code, ErrorCode::ProofMissing);
    assert_eq!(
        told.message,
        "Para concluir falta: fotos da visita (0 de 2)"
    );
    assert_eq!(
        told.params.get("missing").map(String::as_str),
        Some("photos")
    );

    let not_a_photo = add_photo(&tech, id.clone(), b64(b"%PDF-1.7"), String::new(), None)
        .await
        .unwrap_err();
    let told = CommandError::from_app(&not_a_photo, Lang::PtBr);
    assert_eq!(told.code, ErrorCode::InvalidInput);
    assert_eq!(told.message, "O arquivo não é uma foto (JPEG, PNG ou WebP)");

    // A 6-megapixel camera photo, held sideways.
    let camera = camera_jpeg(3000, 2000, 6);
    let list = add_photo(
        &tech,
        id.clone(),
        b64(&camera),
        "Sinal da ONU".into(),
        Some(PhotoSubject::Equipment {
            serial: "ZTEG00001234".into(),
        }),
    )
    .await
    .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].width, list[0].height),
        (1280, 1920),
        "turned upright"
    );
    assert!(list[0].size < 1_000_000 && list[0].waiting && list[0].here);
    let list = add_photo(
        &tech,
        id.clone(),
        b64(&camera_jpeg(1600, 1200, 1)),
        "Fachada".into(),
        None,
    )
    .await
    .unwrap();
    let extra = add_photo(
        &tech,
        id.clone(),
        b64(&camera_jpeg(640, 480, 1)),
        "Errada".into(),
        None,
    )
    .await
    .unwrap();
    assert_eq!(extra.len(), 3);
    let list_after = remove_photo(&tech, id.clone(), extra[2].id.to_string())
        .await
        .unwrap();
    assert_eq!(list_after, list, "the wrong one taken off");
    let done = transition_order(&tech, id.clone(), OrderStatus::Done, None)
        .await
        .unwrap();
    assert_eq!(done.order.status, OrderStatus::Done);

    // Online again.
    sync_now(&tech).await.unwrap();
    assert!(
        order_photos(&tech, id.clone())
            .await
            .unwrap()
            .iter()
            .all(|p| !p.waiting)
    );
    sync_now(&coord).await.unwrap();
    sync_now(&admin).await.unwrap();
    let seen = order_photos(&coord, id.clone()).await.unwrap();
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|p| p.here), "fetched with the sync");
    assert_eq!(seen[0].taken_by, "Josué Lins");
    let shown = photo_image(&coord, seen[0].hash.clone()).await.unwrap();
    assert!(
        shown.starts_with("data:image/jpeg;base64,/9j/"),
        "a JPEG to show"
    );

    let here = export_visit_report(&coord, id.clone()).await.unwrap();
    let there = export_visit_report(&admin, id.clone()).await.unwrap();
    let bytes = std::fs::read(&here).unwrap();
    assert_eq!(
        bytes,
        std::fs::read(&there).unwrap(),
        "the same file on every office device"
    );
    let words = support::pdf_words(&here);
    for expected in [
        "Fotos",
        "Sinal da ONU",
        "Equipamento série ZTEG00001234",
        "Fachada",
    ] {
        assert!(words.contains(expected), "{expected:?} not in:\n{words}");
    }
    let images = std::process::Command::new("pdfimages")
        .args(["-list", here.as_str()])
        .output()
        .expect("pdfimages");
    let listed = String::from_utf8(images.stdout).unwrap();
    let rows: Vec<&str> = listed.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "two photos in the report:\n{listed}");
    assert!(rows.iter().all(|r| r.contains("jpeg")), "{listed}");
}
