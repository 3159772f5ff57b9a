//! Two app stores syncing through a real campo-server.

mod edits;

use campo_domain::{CustomerDraft, OrderStatus, Period};
use campo_fixtures::maria;
use campo_fixtures::server::{Device, device, office_and_field, start};
use campo_protocol::wire::{Outcome, PushRequest, WireOp};
use campo_store::views::{OrderFilter, PageRequest};
use campo_store::write::NewPlan;
use campo_sync::Transport;
use chrono::Utc;
use uuid::Uuid;

async fn status(d: &Device, order: Uuid) -> OrderStatus {
    d.store().get_order(order).await.unwrap().order.status
}

#[tokio::test]
async fn a_sale_scheduled_at_the_office_is_done_in_the_field_and_both_devices_agree() {
    let server = start().await;
    let coord = device(&server, "mariana").await;
    let tech = device(&server, "josue").await;
    // Joining pulls the people the server knows.
    coord.sync().await;
    let order = coord.schedules_today(server.technician).await;
    let report = coord.sync().await;
    assert_eq!(
        (report.applied, report.conflicts, report.rejected),
        (5, 0, 0),
        "{report:?}"
    );

    // A new device starts from its snapshot: the people, the plan, and the order granted.
    let report = tech.sync().await;
    assert!(report.pulled > 0, "{report:?}");
    let seen = tech.store().get_order(order).await.unwrap();
    assert_eq!(seen.order.status, OrderStatus::Scheduled);
    assert_eq!(
        seen.technician.as_ref().map(|t| t.name.as_str()),
        Some("Josué Lins")
    );
    // LGPD: the technician's device never receives CPF, mother's name or birth date.
    assert_eq!(seen.customer.cpf, None);
    let personal: (Option<String>, Option<String>) =
        sqlx::query_as("SELECT mother_name, birth_date FROM customers")
            .fetch_one(
                &sqlx::SqlitePool::connect(&format!("sqlite://{}", tech.path.display()))
                    .await
                    .unwrap(),
            )
            .await
            .unwrap();
    assert_eq!(personal, (None, None));

    tech.finishes(order).await;
    let report = tech.sync().await;
    assert_eq!(
        (report.applied, report.conflicts, report.rejected),
        (3, 0, 0),
        "{report:?}"
    );

    coord.sync().await;
    let d = coord.store().get_order(order).await.unwrap();
    assert_eq!(d.order.status, OrderStatus::Done);
    let who: Vec<&str> = d.history.iter().map(|e| e.actor_name.as_str()).collect();
    assert_eq!(
        who,
        [
            "Mariana Lima",
            "Mariana Lima",
            "Mariana Lima",
            "Josué Lins",
            "Josué Lins",
            "Josué Lins"
        ]
    );
    // Nothing waits in either outbox, and both devices list the same orders.
    assert_eq!(coord.store().sync_status().await.unwrap().pending, 0);
    assert_eq!(tech.store().sync_status().await.unwrap().pending, 0);
    let page = PageRequest {
        offset: 0,
        limit: 10,
    };
    let a = coord
        .store()
        .list_orders(&OrderFilter::default(), page)
        .await
        .unwrap();
    let b = tech
        .store()
        .list_orders(&OrderFilter::default(), page)
        .await
        .unwrap();
    assert_eq!(
        a.rows.iter().map(|r| (&r.id, r.status)).collect::<Vec<_>>(),
        b.rows.iter().map(|r| (&r.id, r.status)).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_resent_batch_changes_nothing() {
    let server = start().await;
    let coord = device(&server, "mariana").await;
    coord.sync().await;
    coord.schedules_today(server.technician).await;
    let pending = coord.store().pending_operations(100).await.unwrap();
    coord.sync().await;
    let head_before: i64 = sqlx::query_scalar("SELECT MAX(server_seq) FROM ops")
        .fetch_one(server.db.pool())
        .await
        .unwrap();

    // The acknowledgement was "lost": the same batch arrives again.
    let ops: Vec<WireOp> = pending
        .iter()
        .map(|op| campo_sync::engine::to_wire(op).unwrap())
        .collect();
    let transport = campo_client::HttpTransport::new(&server.url)
        .unwrap()
        .with_token(coord.token.clone());
    let reply = transport.push(&PushRequest { ops }).await.unwrap();
    assert_eq!(reply.results.len(), pending.len());
    assert!(
        reply.results.iter().all(|r| matches!(
            r.outcome,
            Outcome::Duplicate {
                server_seq: Some(_)
            }
        )),
        "{reply:?}"
    );
    let head_after: i64 = sqlx::query_scalar("SELECT MAX(server_seq) FROM ops")
        .fetch_one(server.db.pool())
        .await
        .unwrap();
    assert_eq!(head_before, head_after);

    // A batch carrying one new operation twice applies it once; the copy gets its sequence.
    let mut w = coord.store().writer(coord.actor()).await.unwrap();
    w.create_plan(
        &NewPlan {
            name: "Fibra 900 Mega".into(),
            download_mbps: 900,
            price_cents: 19_990,
            has_iptv: false,
            premium: false,
        },
        Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    let fresh = coord.store().pending_operations(10).await.unwrap();
    let op = campo_sync::engine::to_wire(&fresh[0]).unwrap();
    let reply = transport
        .push(&PushRequest {
            ops: vec![op.clone(), op],
        })
        .await
        .unwrap();
    let Outcome::Applied { server_seq } = reply.results[0].outcome else {
        panic!("{reply:?}");
    };
    assert_eq!(server_seq, head_after + 1);
    assert_eq!(
        reply.results[1].outcome,
        Outcome::Duplicate {
            server_seq: Some(server_seq)
        }
    );
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ops WHERE server_seq > $1")
        .bind(head_after)
        .fetch_one(server.db.pool())
        .await
        .unwrap();
    assert_eq!(logged, 1);
}

#[tokio::test]
async fn cancelled_at_the_office_while_done_in_the_field_is_a_conflict_the_server_keeps() {
    let server = start().await;
    let (coord, tech) = office_and_field(&server).await;
    let order = coord.schedules_today(server.technician).await;
    coord.sync().await;
    tech.sync().await;

    // Offline, the technician does the visit; meanwhile the office cancels it.
    tech.finishes(order).await;
    coord
        .store()
        .transition_order(
            coord.actor(),
            order,
            campo_fixtures::because(OrderStatus::Cancelled, "Cliente desistiu"),
        )
        .await
        .unwrap();
    coord.sync().await;
    let report = tech.sync().await;
    assert_eq!(report.conflicts, 3, "{report:?}");

    // Never auto-resolved: the server holds Cancelled and a conflict record names the clash
    // for the coordination. The cancelled order leaves the technician's device, which notes
    // next to each clashing change the conflict record it made.
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM conflicts WHERE resolved_at IS NULL")
        .fetch_one(server.db.pool())
        .await
        .unwrap();
    assert_eq!(open, 3);
    assert!(tech.store().get_order(order).await.is_err());
    let refused: Vec<_> = tech
        .store()
        .all_operations()
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.push_outcome.as_deref() == Some("conflict"))
        .collect();
    assert_eq!(refused.len(), 3);
    coord.sync().await;
    assert_eq!(status(&coord, order).await, OrderStatus::Cancelled);

    // The coordination sees the clash in its inbox and decides: the visit was done.
    let office = campo_client::HttpTransport::new(&server.url)
        .unwrap()
        .with_token(coord.token.clone());
    let inbox = office.conflicts().await.unwrap().conflicts;
    assert_eq!(inbox.len(), 3);
    let mut noted: Vec<String> = refused.iter().filter_map(|o| o.push_note.clone()).collect();
    let mut held: Vec<String> = inbox.iter().map(|c| c.id.to_string()).collect();
    noted.sort();
    held.sort();
    assert_eq!(noted, held, "each clashing change names its conflict");
    assert!(
        inbox
            .iter()
            .all(|c| c.entity_id == order && c.actor_name == "Josué Lins")
    );
    let as_tech = campo_client::HttpTransport::new(&server.url)
        .unwrap()
        .with_token(tech.token.clone());
    assert!(matches!(
        as_tech.conflicts().await,
        Err(campo_client::TransportError::Refused { status: 403, .. })
    ));
    // A decision without a note, or to a status no one knows: refused, each by its code, in
    // the person's language; the inbox keeps the clash.
    for (status, note, code, english) in [
        (
            "done",
            "  ",
            "conflict_note_required",
            "Explain the decision: it stays in the order's history",
        ),
        (
            "finished",
            "Feito",
            "unknown_status",
            "Unknown status: finished",
        ),
    ] {
        let e = office
            .resolve(&campo_protocol::wire::ResolveRequest {
                conflict_id: inbox[0].id,
                status: status.into(),
                note: note.into(),
            })
            .await
            .unwrap_err();
        assert!(
            matches!(&e, campo_client::TransportError::Refused { code: c, .. } if c == code),
            "{e:?}"
        );
        assert_eq!(
            campo_domain::Localized::message(&e, campo_domain::Lang::En),
            english
        );
    }
    assert_eq!(office.conflicts().await.unwrap().conflicts.len(), 3);
    office
        .resolve(&campo_protocol::wire::ResolveRequest {
            conflict_id: inbox[0].id,
            status: "done".into(),
            note: "Técnico instalou antes do cancelamento chegar".into(),
        })
        .await
        .unwrap();
    assert!(
        office.conflicts().await.unwrap().conflicts.is_empty(),
        "one decision closes the order's conflicts"
    );
    coord.sync().await;
    tech.sync().await;
    let d = coord.store().get_order(order).await.unwrap();
    assert_eq!(d.order.status, OrderStatus::Done);
    let last = d.history.last().unwrap();
    assert_eq!(
        (last.from, last.to),
        (Some(OrderStatus::Cancelled), OrderStatus::Done)
    );
    // The decision is kept as a code with the office's note, worded in the reader's language.
    let decided = last.reason.as_ref().unwrap();
    assert_eq!(
        decided,
        &campo_domain::history::EventReason::ConflictDecided {
            note: "Técnico instalou antes do cancelamento chegar".into()
        }
    );
    assert_eq!(
        campo_domain::Localized::message(decided, campo_domain::Lang::En),
        "Conflict decided by the coordination: Técnico instalou antes do cancelamento chegar"
    );
    // The order is Josué's again, done.
    assert_eq!(status(&tech, order).await, OrderStatus::Done);
}

#[tokio::test]
async fn a_reassigned_order_leaves_the_first_technicians_device_and_reaches_the_second() {
    let server = start().await;
    let coord = device(&server, "mariana").await;
    let josue = device(&server, "josue").await;
    let rita = device(&server, "rita").await;
    coord.sync().await;
    let order = coord.schedules_today(server.technician).await;
    coord.sync().await;
    josue.sync().await;
    rita.sync().await;
    assert!(josue.store().get_order(order).await.is_ok());
    assert!(
        rita.store().get_order(order).await.is_err(),
        "not Rita's order"
    );
    assert_eq!(rita.store().order_count().await.unwrap(), 0);

    // Back to the queue, then scheduled for Rita.
    coord
        .store()
        .transition_order(
            coord.actor(),
            order,
            campo_fixtures::because(OrderStatus::Approved, "Troca de técnico"),
        )
        .await
        .unwrap();
    let mut w = coord.store().writer(coord.actor()).await.unwrap();
    w.schedule_order(
        order,
        campo_fixtures::today() + chrono::TimeDelta::days(1),
        Period::Afternoon,
        server.other_technician,
        Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    coord.sync().await;
    josue.sync().await;
    rita.sync().await;

    assert!(
        josue.store().get_order(order).await.is_err(),
        "the order left Josué's device"
    );
    assert_eq!(josue.store().order_count().await.unwrap(), 0);
    let theirs = rita.store().get_order(order).await.unwrap();
    assert_eq!(theirs.order.status, OrderStatus::Scheduled);
    assert_eq!(
        theirs.order.scheduled_date,
        Some((campo_fixtures::today() + chrono::TimeDelta::days(1)).to_string())
    );
    assert_eq!(theirs.customer.cpf, None);
    assert_eq!(
        rita.store().customers_with_personal_data().await.unwrap(),
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_devices_pushing_at_once_all_get_answers_and_the_sequence_has_no_gaps() {
    let server = start().await;
    // The people the server was set up with.
    let before: Vec<i64> = sqlx::query_scalar("SELECT server_seq FROM ops")
        .fetch_all(server.db.pool())
        .await
        .unwrap();
    let before = before.len();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let mut d = device(&server, "mariana").await;
        d.engine.push_batch = 5;
        let mut w = d.store().writer(d.actor()).await.unwrap();
        for i in 0..30 {
            let draft = CustomerDraft {
                name: format!("Cliente {i}"),
                cpf: None,
                ..maria()
            };
            w.create_customer(&draft, Utc::now()).await.unwrap();
        }
        w.commit().await.unwrap();
        tasks.spawn(async move {
            let report = d.sync().await;
            drop(d);
            report
        });
    }
    let reports = tasks.join_all().await;
    assert!(
        reports.iter().all(|r| r.applied == 30 && r.rejected == 0),
        "{reports:?}"
    );
    let seqs: Vec<i64> = sqlx::query_scalar("SELECT server_seq FROM ops ORDER BY server_seq")
        .fetch_all(server.db.pool())
        .await
        .unwrap();
    assert!(
        seqs.windows(2).all(|w| w[1] == w[0] + 1),
        "the server sequence has a gap"
    );
    assert_eq!(seqs.len(), before + 8 * 30);
}

#[tokio::test]
async fn the_suite_runs_on_the_database_it_was_asked_for() {
    let server = start().await;
    let expected = if std::env::var("CAMPO_TEST_POSTGRES_URL").is_ok_and(|u| !u.is_empty()) {
        campo_server::db::Backend::Postgres
    } else {
        campo_server::db::Backend::Sqlite
    };
    assert_eq!(server.db.backend(), expected);
    let health = reqwest::get(format!("{}/health", server.url))
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}
