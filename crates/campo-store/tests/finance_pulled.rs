//! Receivables pulled from the server on a finance device: a run of them (an import's page) is
//! applied a few statements at a time, and the month figures it changes are read again — the
//! month a receivable moved out of as well as the one it moved into.

use campo_domain::finance::ReceivableStatus;
use campo_fixtures::ops::receivable;
use campo_protocol::ops::ReceivableSet;
use campo_store::sync::RemoteOp;
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

fn pulled(seq: i64, b: &ReceivableSet) -> RemoteOp {
    RemoteOp {
        server_seq: seq,
        actor_id: Uuid::now_v7(),
        device_id: Uuid::now_v7(),
        op_id: Uuid::now_v7(),
        kind: "receivable.set".into(),
        payload: serde_json::to_string(b).unwrap(),
    }
}

#[tokio::test]
async fn a_run_of_pulled_receivables_reads_again_the_month_one_left() {
    let store = campo_store::Store::open_in_memory().await.unwrap();
    let admin = campo_store::Actor { id: Uuid::now_v7() };
    let (ana, bruno) = {
        let mut w = store.writer(admin).await.unwrap();
        campo_fixtures::person(
            &mut w,
            admin.id,
            "Fábio Rocha",
            campo_store::write::Role::Admin,
        )
        .await;
        let ana = w
            .create_customer(&campo_fixtures::customer_n(1), Utc::now())
            .await
            .unwrap();
        let bruno = w
            .create_customer(&campo_fixtures::customer_n(2), Utc::now())
            .await
            .unwrap();
        w.commit().await.unwrap();
        (ana, bruno)
    };
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let months = ["2026-10".to_owned(), "2026-11".to_owned()];
    let late = |rates: &[campo_store::finance::Rate]| {
        rates.iter().map(|r| r.customers_late).collect::<Vec<_>>()
    };

    // Ana's receivable of October, open: October's figure says so, and is kept.
    let october = receivable(ana, "R-1", "2026-10-10", 9_990, ReceivableStatus::Open);
    store.apply_remote(&[pulled(1, &october)], 1).await.unwrap();
    assert_eq!(
        late(&store.default_rates(&months, today).await.unwrap()),
        [1, 0]
    );

    // The ERP moved it to November, in a page with Bruno's November one, paid: one run, whose
    // own months are November's only.
    let moved = receivable(ana, "R-1", "2026-11-10", 9_990, ReceivableStatus::Open);
    let paid = receivable(bruno, "R-2", "2026-11-12", 9_990, ReceivableStatus::Paid);
    store
        .apply_remote(&[pulled(2, &moved), pulled(3, &paid)], 3)
        .await
        .unwrap();
    let rates = store.default_rates(&months, today).await.unwrap();
    assert_eq!(late(&rates), [0, 1], "October no longer counts Ana");
    assert_eq!(
        rates.iter().map(|r| r.customers).collect::<Vec<_>>(),
        [0, 2],
        "nothing due in October; Ana's and Bruno's in November"
    );
}
