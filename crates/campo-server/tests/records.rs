//! Records set whole (`campo_protocol::record`) as the server serves them: a device that
//! starts empty is not sent the versions the record's next operation replaces — in its pulls
//! and in a technician's snapshot — while a device keeping up gets every one; operations
//! logged before the server kept records get theirs once (on either database).

#[allow(
    dead_code,
    reason = "these tests use its signed-in client, its pushes and its clock only"
)]
mod support;

use campo_client::Transport;
use campo_domain::calendar::EditableLayer;
use campo_fixtures::server::start;
use campo_protocol::Op;
use campo_protocol::ops::CalendarDaySet;
use campo_protocol::wire::PullMode;
use campo_server::rules::backfill_op_records;
use support::Client;

fn day(date: &str, name: &str) -> Op {
    Op::CalendarDaySet(CalendarDaySet {
        date: date.into(),
        name: name.into(),
        layer: EditableLayer::Company,
        municipality: None,
        removed: false,
        at: support::now(),
    })
}

/// The names of the calendar days `client` pulls from the start in `mode`.
async fn days_pulled(client: &Client, mode: PullMode) -> Vec<String> {
    let page = client.http.pull(0, 1_000, mode).await.unwrap();
    assert!(!page.has_more);
    page.changes
        .iter()
        .filter(|c| c.op.kind == "calendar.day.set")
        .map(|c| {
            let b: CalendarDaySet = serde_json::from_str(c.op.payload.get()).unwrap();
            b.name
        })
        .collect()
}

#[tokio::test]
async fn a_device_starting_empty_gets_each_day_off_as_it_stands() {
    let server = start().await;
    let mut admin = Client::new(&server, "admin").await;
    let codes = admin
        .push(&[
            day("2026-12-24", "Véspera"),
            day("2026-12-31", "Réveillon"),
            day("2026-12-24", "Véspera de Natal"),
        ])
        .await;
    assert_eq!(codes, ["applied", "applied", "applied"]);

    let office = Client::new(&server, "mariana").await;
    assert_eq!(
        days_pulled(&office, PullMode::Log).await,
        ["Véspera", "Réveillon", "Véspera de Natal"],
        "a device keeping up gets every version"
    );
    assert_eq!(
        days_pulled(&office, PullMode::Bootstrap).await,
        ["Réveillon", "Véspera de Natal"],
        "a device starting empty gets each day as it stands"
    );
    let field = Client::new(&server, "josue").await;
    let snapshot = field.http.snapshot().await.unwrap();
    let names: Vec<String> = snapshot
        .changes
        .iter()
        .filter(|c| c.op.kind == "calendar.day.set")
        .map(|c| {
            serde_json::from_str::<CalendarDaySet>(c.op.payload.get())
                .unwrap()
                .name
        })
        .collect();
    assert_eq!(
        names,
        ["Réveillon", "Véspera de Natal"],
        "the technician's snapshot too"
    );
}

#[tokio::test]
async fn operations_logged_before_get_their_record_once() {
    let server = start().await;
    let mut admin = Client::new(&server, "admin").await;
    admin
        .push(&[
            day("2026-12-24", "Véspera"),
            day("2026-12-24", "Véspera de Natal"),
        ])
        .await;
    let records = || async {
        sqlx::query_as::<_, (Option<String>, Option<String>)>(
            "SELECT record_key, record_fixed FROM ops WHERE kind = 'calendar.day.set' ORDER BY server_seq",
        )
        .fetch_all(server.db.pool())
        .await
        .unwrap()
    };
    let logged = records().await;
    assert_eq!(logged.len(), 2);
    assert!(
        logged
            .iter()
            .all(|(key, _)| key.as_deref() == Some("calendar:2026-12-24:0"))
    );
    // As a server before migration 21 left them, with the note the migration writes.
    sqlx::query("UPDATE ops SET record_key = NULL, record_fixed = NULL")
        .execute(server.db.pool())
        .await
        .unwrap();
    sqlx::query("INSERT INTO op_records_backfill (up_to) SELECT MAX(server_seq) FROM ops")
        .execute(server.db.pool())
        .await
        .unwrap();
    assert_eq!(backfill_op_records(&server.db).await.unwrap(), 2);
    assert_eq!(records().await, logged);
    assert_eq!(backfill_op_records(&server.db).await.unwrap(), 0, "once");
}
