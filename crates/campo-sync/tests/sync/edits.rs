//! A visit's details edited on two devices at once: settled the same everywhere, the person
//! whose change did not survive told.

use campo_fixtures::server::{Device, office_and_field, start};
use chrono::Utc;
use uuid::Uuid;

async fn edit_notes(d: &Device, order: Uuid, notes: &str) {
    let mut w = d.store().writer(d.actor()).await.unwrap();
    let changed = w
        .edit_order(
            order,
            &[(campo_domain::edit::OrderField::Notes, Some(notes))],
            Utc::now(),
        )
        .await
        .unwrap();
    assert!(changed);
    w.commit().await.unwrap();
}

async fn notes_and_notices(d: &Device, order: Uuid) -> (Option<String>, Vec<String>) {
    let detail = d.store().get_order(order).await.unwrap();
    (
        detail.notes,
        detail.notices.into_iter().map(|n| n.message).collect(),
    )
}

#[tokio::test]
async fn concurrent_edits_of_a_field_settle_the_same_everywhere_and_the_overridden_person_is_told()
{
    let server = start().await;
    let (coord, tech) = office_and_field(&server).await;
    let order = coord.schedules_today(server.technician).await;
    coord.sync().await;
    tech.sync().await;
    let number = coord.store().get_order(order).await.unwrap().order.number;

    // Offline, the technician writes notes and a contact phone; a moment later the
    // coordinator writes other notes. The coordinator's reach the server first.
    let mut w = tech.store().writer(tech.actor()).await.unwrap();
    w.edit_order(
        order,
        &[
            (campo_domain::edit::OrderField::Notes, Some("Portão azul")),
            (
                campo_domain::edit::OrderField::ContactPhone,
                Some("(81) 98888-1111"),
            ),
        ],
        Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    // The coordinator edits later: their device's clock says so, whatever the machine's.
    coord
        .store()
        .set_clock_offset(chrono::TimeDelta::seconds(1));
    edit_notes(&coord, order, "Ligar antes de ir").await;
    coord.store().set_clock_offset(chrono::TimeDelta::zero());
    coord.sync().await;
    tech.sync().await;
    coord.sync().await;

    // The later edit stands on both devices; the phone nobody else touched applies.
    for d in [&coord, &tech] {
        let detail = d.store().get_order(order).await.unwrap();
        assert_eq!(detail.notes.as_deref(), Some("Ligar antes de ir"));
        assert_eq!(detail.contact_phone.as_deref(), Some("81988881111"));
    }
    let (_, notices) = notes_and_notices(&tech, order).await;
    assert_eq!(
        notices,
        vec![format!(
            "Sua alteração de observações da OS {number:06} não prevaleceu: Mariana Lima alterou ao mesmo tempo; ficou “Ligar antes de ir”."
        )]
    );
    assert!(notes_and_notices(&coord, order).await.1.is_empty());
    // The notice is kept as data: an English session reads it in English.
    let english = tech
        .store()
        .get_order_in(order, campo_domain::Lang::En)
        .await
        .unwrap()
        .notices;
    assert_eq!(
        english
            .iter()
            .map(|n| n.message.as_str())
            .collect::<Vec<_>>(),
        vec![format!(
            "Your change of the notes of order {number:06} did not stand: Mariana Lima changed it at the same time; it is now “Ligar antes de ir”."
        )]
    );

    // An edit made on the value in force applies even from a clock two days behind.
    tech.store().set_clock_offset(chrono::TimeDelta::hours(-48));
    edit_notes(&tech, order, "Ligar antes; portão azul").await;
    tech.sync().await;
    coord.sync().await;
    assert_eq!(
        notes_and_notices(&coord, order).await.0.as_deref(),
        Some("Ligar antes; portão azul")
    );
    tech.store().set_clock_offset(chrono::TimeDelta::zero());

    // Concurrent again, the earlier one first this time: the coordinator's later edit
    // overrides it and the technician is told who changed it after them.
    edit_notes(&tech, order, "Cachorro bravo").await;
    coord
        .store()
        .set_clock_offset(chrono::TimeDelta::seconds(1));
    edit_notes(&coord, order, "Cliente só à tarde").await;
    coord.store().set_clock_offset(chrono::TimeDelta::zero());
    tech.sync().await;
    coord.sync().await;
    tech.sync().await;
    for d in [&coord, &tech] {
        assert_eq!(
            notes_and_notices(d, order).await.0.as_deref(),
            Some("Cliente só à tarde")
        );
    }
    let (_, notices) = notes_and_notices(&tech, order).await;
    assert_eq!(notices.len(), 2);
    assert_eq!(
        notices[0],
        format!(
            "Mariana Lima alterou observações da OS {number:06} depois de você; ficou “Cliente só à tarde”."
        )
    );

    // The server keeps both records, outside the coordination's decision inbox.
    let records: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM conflicts WHERE kind = 'field' AND entity_id = $1",
    )
    .bind(order.to_string())
    .fetch_one(server.db.pool())
    .await
    .unwrap();
    assert_eq!(records, 2);
    let transport = campo_client::HttpTransport::new(&server.url)
        .unwrap()
        .with_token(coord.token.clone());
    assert!(transport.conflicts().await.unwrap().conflicts.is_empty());
}
