//! A row the server did not write this way (a damaged disk, a hand edit): an id in it that
//! does not parse is a fault told as such, never read as another id or as nobody.

use super::*;
use campo_protocol::wire::PushRequest;

#[tokio::test]
async fn a_damaged_technician_id_stops_the_answer_instead_of_scheduling_for_nobody() {
    let server = start().await;
    let mut office = Client::new(&server, "mariana").await;
    let order = scheduled_order(&mut office, server.technician).await;
    sqlx::query("UPDATE orders SET technician_id = 'danificado' WHERE id = $1")
        .bind(order.to_string())
        .execute(server.db.pool())
        .await
        .unwrap();
    let before = head(&server).await;

    // A stale move (the order was scheduled since): the server would answer with a conflict
    // and send the order back as it stands, scheduled for the technician its row names.
    let stale = office.wire(&move_to(order, "approved", "cancelled", Some("Desistiu")));
    let answer = office.http.push(&PushRequest { ops: vec![stale] }).await;
    assert!(
        answer.is_err(),
        "answered over a damaged row: {:?}",
        answer.map(|r| r.results)
    );
    assert_eq!(head(&server).await, before, "something was logged");
}
