//! Proof of service through the application layer and a real server: the office requires the
//! signature on installations, the technician is told what is missing when closing without
//! it, signs, closes; the office's devices make the visit report as a PDF, the same bytes on
//! each, with the signature and the visit in it.

use campo_core::orders::transition_order;
use campo_core::proof::{export_visit_report, kept_report, sign_order};
use campo_core::sync::sync_now;
use campo_core::{CommandError, Context, ErrorCode};
use campo_domain::closing::SignerRelation;
use campo_domain::{Lang, OrderStatus};
use campo_fixtures::server::start;

mod support;
use support::{at_the_customer, installations_close_with, joined, visit_today};

/// Maria da Conceição, the contract's holder, signs the visit `id` on the technician's device.
async fn signed_by_the_holder(
    tech: &Context,
    id: &str,
) -> Option<campo_store::proof::OrderSignature> {
    let strokes: Vec<Vec<[u16; 2]>> =
        vec![(0..40).map(|i| [30 + i * 13, 80 + (i % 6) * 9]).collect()];
    sign_order(
        tech,
        id.to_owned(),
        "Maria da Conceição".into(),
        SignerRelation::Holder,
        strokes,
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn a_signed_visit_closes_and_its_report_is_the_same_pdf_on_every_office_device() {
    let server = start().await;
    let (_m, coord) = joined(&server.url, "mariana").await;
    let (_j, tech) = joined(&server.url, "josue").await;
    let (_a, admin) = joined(&server.url, "admin").await;

    installations_close_with(&coord, |r| r.signature = true).await;
    let id = visit_today(&server, &coord, &tech).await;

    at_the_customer(&tech, &id).await;
    let refused = transition_order(&tech, id.clone(), OrderStatus::Done, None)
        .await
        .unwrap_err();
    let told = CommandError::from_app(&refused, Lang::PtBr);
    assert_eq!(told.code, ErrorCode::ProofMissing);
    assert_eq!(told.message, "Para concluir falta: a assinatura do cliente");
    assert_eq!(
        told.params.get("missing").map(String::as_str),
        Some("signature")
    );

    let kept = signed_by_the_holder(&tech, &id).await.expect("kept");
    assert_eq!(kept.taken_by, "Josué Lins");
    let done = transition_order(&tech, id.clone(), OrderStatus::Done, None)
        .await
        .unwrap();
    assert_eq!(done.order.status, OrderStatus::Done);
    sync_now(&tech).await.unwrap();
    sync_now(&coord).await.unwrap();
    sync_now(&admin).await.unwrap();

    let here = export_visit_report(&coord, id.clone()).await.unwrap();
    let there = export_visit_report(&admin, id.clone()).await.unwrap();
    let bytes = std::fs::read(&here).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "{here}");
    assert!(here.ends_with("-relatorio.pdf"));
    assert_eq!(
        bytes,
        std::fs::read(&there).unwrap(),
        "the same file on every office device"
    );
    // Asked for in English, the file is named in English (its content is the report kept).
    admin.set_lang(campo_domain::Lang::En);
    let english = export_visit_report(&admin, id.clone()).await.unwrap();
    admin.set_lang(campo_domain::Lang::PtBr);
    assert!(
        english.ends_with("campo-order-000001-report.pdf"),
        "{english}"
    );
    assert_eq!(std::fs::read(&english).unwrap(), bytes);

    let words = support::pdf_words(&here);
    for expected in [
        "Relatório de visita · OS 000001",
        "Maria da Conceição · Titular do contrato",
        "colhida por Josué Lins",
        "Concluída · Josué Lins",
        "Instalação",
    ] {
        assert!(words.contains(expected), "{expected:?} not in:\n{words}");
    }
}

#[tokio::test]
async fn the_report_kept_at_closing_is_what_every_device_exports_even_after_the_address_changes() {
    let server = start().await;
    let (_m, coord) = joined(&server.url, "mariana").await;
    let (_j, tech) = joined(&server.url, "josue").await;
    let id = visit_today(&server, &coord, &tech).await;

    // Offline at the customer's: signed, then closed with a reason for the equipment.
    at_the_customer(&tech, &id).await;
    signed_by_the_holder(&tech, &id).await;
    assert!(
        kept_report(&tech, id.clone()).await.unwrap().is_none(),
        "no report before the visit is closed"
    );
    transition_order(
        &tech,
        id.clone(),
        OrderStatus::Done,
        Some("ONU da instalação anterior ficou com o cliente".into()),
    )
    .await
    .unwrap();
    let kept = kept_report(&tech, id.clone())
        .await
        .unwrap()
        .expect("kept at closing");
    assert_eq!(kept.made_by, "Josué Lins");
    assert!(kept.here);
    let at_the_door = std::fs::read(export_visit_report(&tech, id.clone()).await.unwrap()).unwrap();
    assert_eq!(at_the_door.len() as u32, kept.size);

    // Back online; the office changes the customer's address afterwards.
    sync_now(&tech).await.unwrap();
    sync_now(&coord).await.unwrap();
    let seen = kept_report(&coord, id.clone())
        .await
        .unwrap()
        .expect("synced");
    assert_eq!((seen.hash.as_str(), seen.here), (kept.hash.as_str(), false));
    let customer = campo_core::orders::get_order(&coord, id.clone())
        .await
        .unwrap()
        .customer
        .id
        .to_string();
    let mut edit = campo_core::orders::customer_page(&coord, customer.clone())
        .await
        .unwrap()
        .details;
    edit.address.street = "Avenida Nova Depois da Visita".into();
    campo_core::orders::edit_customer(&coord, customer, edit)
        .await
        .unwrap();

    // The office exports the file kept at closing (fetched from the server), not a new one.
    let exported = std::fs::read(export_visit_report(&coord, id.clone()).await.unwrap()).unwrap();
    assert!(
        exported == at_the_door,
        "the same bytes as at the customer's door"
    );
    let words = support::pdf_words(&export_visit_report(&coord, id.clone()).await.unwrap());
    assert!(
        words.contains("Maria da Conceição · Titular do contrato"),
        "{words}"
    );
    assert!(!words.contains("Avenida Nova Depois da Visita"), "{words}");
    assert!(kept_report(&coord, id.clone()).await.unwrap().unwrap().here);
}
