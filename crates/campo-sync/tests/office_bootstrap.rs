//! A new office device starts from each record's state, not its every version: of the
//! operations that set a record whole (a receivable as the ERP has it, a route, a
//! technician's skills and week, an absence, a calendar day, a plan's equipment) it receives
//! only those the record's next operation does not replace. Checked against an office device
//! that was there all along and applied every operation as it came, table by table, through
//! a real campo-server.

use campo_domain::calendar::EditableLayer;
use campo_domain::finance::ReceivableStatus;
use campo_domain::skills::Skill;
use campo_domain::stock::{Tracking, Unit};
use campo_domain::{Cpf, CustomerDraft};
use campo_fixtures::ops::receivable;
use campo_fixtures::server::{Device, device, start};
use campo_fixtures::{customer_n, plan, today};
use campo_protocol::ops::ReceivableSet;
use campo_store::stock::NewItem;
use campo_store::sync::REPLICATED_TABLES;
use chrono::{TimeDelta, Utc};
use uuid::Uuid;

/// Columns holding the moment a device applied a change (each device's own clock: a
/// receivable's `updated_at`, a stock item's `created_at`), left out
/// of the comparison.
const APPLIED_AT: [&str; 2] = ["updated_at", "created_at"];

/// Every replicated table of the device's database, each row as SQLite quotes its values,
/// sorted.
async fn tables(d: &Device) -> Vec<(String, Vec<String>)> {
    let url = format!("sqlite://{}?mode=ro", d.path.display());
    let pool = sqlx::SqlitePool::connect(&url)
        .await
        .expect("open the database");
    let mut out = Vec::new();
    // Which operations it applied is each device's own bookkeeping: the point is that they
    // differ while what they built does not.
    for table in REPLICATED_TABLES
        .into_iter()
        .filter(|t| *t != "applied_remote")
    {
        let columns: Vec<String> =
            sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .fetch_all(&pool)
                .await
                .expect("columns");
        let kept: Vec<String> = columns
            .into_iter()
            .filter(|c| !APPLIED_AT.contains(&c.as_str()))
            .map(|c| format!("quote({c})"))
            .collect();
        let mut rows: Vec<String> =
            sqlx::query_scalar(&format!("SELECT {} FROM {table}", kept.join(" || '|' || ")))
                .fetch_all(&pool)
                .await
                .expect("rows");
        rows.sort();
        out.push((table.to_owned(), rows));
    }
    pool.close().await;
    out
}

fn someone(n: usize) -> CustomerDraft {
    CustomerDraft {
        cpf: Some(
            Cpf::from_base([9, 8, 7, 6, 5, 4, 3, (n / 10) as u8, (n % 10) as u8])
                .expect("a CPF")
                .formatted(),
        ),
        ..customer_n(n)
    }
}

#[tokio::test]
async fn a_new_office_device_receives_each_record_as_it_stands_and_ends_as_one_that_saw_every_version()
 {
    let server = start().await;
    let admin = device(&server, "admin").await;
    // An office computer there all along: it applies every operation as it comes.
    let there = device(&server, "admin").await;
    let me = admin.actor();
    let now = Utc::now();
    let josue = server.technician;

    // The catalogue and two customers.
    let (plan_id, c1, c2, onu) = {
        let mut w = admin.store().writer(me).await.unwrap();
        let plan_id = w.create_plan(&plan(), now).await.unwrap();
        let c1 = w.create_customer(&someone(1), now).await.unwrap();
        let c2 = w.create_customer(&someone(2), now).await.unwrap();
        let onu = w
            .create_stock_item(
                &NewItem {
                    sku: "ONU-1".into(),
                    name: "ONU".into(),
                    unit: Unit::Piece,
                    tracking: Tracking::Serialised,
                },
                now,
            )
            .await
            .unwrap();
        w.commit().await.unwrap();
        (plan_id, c1, c2, onu)
    };
    admin.sync().await;
    there.sync().await;

    // A year of changes, each seen by the office computer as it happens: a receivable issued,
    // paid, corrected (amount and due month); another moved between customers and back (each of those versions
    // stays: the next one does not agree on the customer); a route planned three times; skills,
    // a week, a calendar day and a plan's equipment changed; an absence recorded and removed.
    let day = today() + TimeDelta::days(2);
    let versions: Vec<ReceivableSet> = vec![
        receivable(c1, "R-1", "2026-11-10", 9_990, ReceivableStatus::Open),
        receivable(c2, "R-2", "2026-11-10", 5_000, ReceivableStatus::Open),
        receivable(c1, "R-1", "2026-11-10", 9_990, ReceivableStatus::Paid),
        receivable(c1, "R-3", "2026-11-10", 7_000, ReceivableStatus::Open),
        receivable(c2, "R-3", "2026-11-10", 7_000, ReceivableStatus::Open),
        receivable(c1, "R-1", "2026-12-10", 10_990, ReceivableStatus::Paid),
        receivable(c1, "R-3", "2026-11-10", 7_000, ReceivableStatus::Paid),
    ];
    for v in versions {
        let mut w = admin.store().writer(me).await.unwrap();
        w.set_receivable(v, now).await.unwrap();
        w.commit().await.unwrap();
        admin.sync().await;
        there.sync().await;
    }
    let absence;
    {
        let mut w = admin.store().writer(me).await.unwrap();
        for (n, km) in [(1, 10.0), (2, 12.5), (3, 9.0)] {
            let route: Vec<Uuid> = (0..n).map(|_| Uuid::now_v7()).collect();
            w.record_route(day, josue, route, (km, 30 + n, 5), now)
                .await
                .unwrap();
        }
        w.set_technician_skills(josue, &[Skill::Fusao], now)
            .await
            .unwrap();
        w.set_technician_skills(josue, &[Skill::Fusao, Skill::Iptv], now)
            .await
            .unwrap();
        w.set_work_week(josue, &[true, true, true, true, true, false, false], now)
            .await
            .unwrap();
        w.set_work_week(josue, &[true, true, true, true, true, true, false], now)
            .await
            .unwrap();
        absence = w
            .record_absence(josue, day, day + TimeDelta::days(1), "Consulta", now)
            .await
            .unwrap();
        w.remove_absence(absence, now).await.unwrap();
        w.add_day_off(day, "Festa local", EditableLayer::Company, None, now)
            .await
            .unwrap();
        w.remove_day_off(day, None, now).await.unwrap();
        w.set_plan_equipment(plan_id, &[(onu, 1)]).await.unwrap();
        w.set_plan_equipment(plan_id, &[(onu, 2)]).await.unwrap();
        w.commit().await.unwrap();
    }
    admin.sync().await;
    there.sync().await;

    // A new office computer joins.
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ops")
        .fetch_one(server.db.pool())
        .await
        .unwrap();
    let new = device(&server, "admin").await;
    let report = new.sync().await;
    // Replaced, and so not sent: R-1's first two versions, two of three routes, one version
    // each of the skills, the week, the absence, the calendar day and the plan's equipment.
    // R-3 went to another customer and back: each of its versions stays.
    assert_eq!(
        i64::try_from(report.pulled).unwrap(),
        logged - 9,
        "the new device received the versions the next one replaces"
    );
    // What both show is the same, table by table.
    let (theirs, mine) = (tables(&there).await, tables(&new).await);
    for ((table, a), (_, b)) in theirs.iter().zip(&mine) {
        assert_eq!(a, b, "{table} differs between the two office computers");
    }
    let r1 = mine
        .iter()
        .find(|(t, _)| t == "receivables")
        .map(|(_, rows)| {
            rows.iter()
                .filter(|r| r.contains("'R-1'"))
                .collect::<Vec<_>>()
        })
        .unwrap();
    assert_eq!(r1.len(), 1);
    assert!(r1[0].contains("10990"), "R-1 as last corrected: {}", r1[0]);
    assert!(
        mine.iter()
            .any(|(t, rows)| t == "route_plans" && rows.len() == 1),
        "one route for the day"
    );
}
