//! Store behaviour on real (temporary) database files.

use campo_demo::{DEFAULT_SEED, DemoSize};
use campo_domain::{OrderKind, OrderStatus};
use campo_fixtures::maria;
use campo_store::views::{OrderFilter, PageRequest, SortDir, SortKey};
use campo_store::write::{NewOrder, NewPerson, Role};
use campo_store::{Actor, SUPPORTED_SCHEMA, Store, StoreError};
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

const SMALL: DemoSize = DemoSize {
    technicians: 4,
    customers: 60,
    orders: 200,
    days: 30,
};

fn anchor() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

async fn outbox_len(store: &Store) -> usize {
    store.pending_operations(1_000_000).await.unwrap().len()
}

/// A store with one admin, one plan and one customer.
async fn small_store(dir: &tempfile::TempDir) -> (Store, Actor, Uuid, Uuid) {
    let store = Store::open(&dir.path().join("campo.db")).await.unwrap();
    let admin = Uuid::now_v7();
    let mut w = store.writer(Actor { id: admin }).await.unwrap();
    let now = Utc::now();
    w.create_person_with_id(
        admin,
        &NewPerson {
            name: "Ana Coordenação".into(),
            role: Role::Coordinator,
            phone: None,
        },
        now,
    )
    .await
    .unwrap();
    let plan = w.create_plan(&campo_fixtures::plan(), now).await.unwrap();
    let customer = w.create_customer(&maria(), now).await.unwrap();
    w.commit().await.unwrap();
    (store, Actor { id: admin }, plan, customer)
}

#[tokio::test]
async fn a_new_database_is_migrated_to_the_newest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("sub/dir/campo.db"))
        .await
        .unwrap();
    assert_eq!(store.schema_version().await.unwrap(), SUPPORTED_SCHEMA);
    assert_eq!(store.order_count().await.unwrap(), 0);
    let device = store.device_id();
    store.close().await;
    // Reopening keeps the same device identity.
    let again = Store::open(&dir.path().join("sub/dir/campo.db"))
        .await
        .unwrap();
    assert_eq!(again.device_id(), device);
}

#[tokio::test]
async fn every_change_lands_in_the_outbox_with_increasing_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let (store, actor, plan, customer) = small_store(&dir).await;
    let mut w = store.writer(actor).await.unwrap();
    let order = w
        .create_order(
            &NewOrder::new(OrderKind::Installation, customer, plan),
            Utc::now(),
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    store
        .transition_order(actor, order, campo_fixtures::go(OrderStatus::Approved))
        .await
        .unwrap();

    let ops = store.pending_operations(100).await.unwrap();
    let kinds: Vec<&str> = ops.iter().map(|o| o.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "person.create",
            "plan.create",
            "customer.create",
            "order.create",
            "order.transition"
        ]
    );
    let seqs: Vec<i64> = ops.iter().map(|o| o.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5], "gap-free per-device sequence");
    assert!(ops.windows(2).all(|p| p[0].hlc < p[1].hlc), "HLC increases");
    assert!(
        ops.iter()
            .all(|o| o.device_id == store.device_id() && o.schema_version == 1)
    );
    assert!(ops.iter().all(|o| o.op_id.get_version_num() == 7));
    let last = ops.last().unwrap();
    assert_eq!(last.entity_id, order);
    let payload: serde_json::Value = serde_json::from_str(&last.payload).unwrap();
    assert_eq!(payload["from"], "pending_analysis");
    assert_eq!(payload["to"], "approved");
}

#[tokio::test]
async fn a_refused_transition_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (store, actor, plan, customer) = small_store(&dir).await;
    let mut w = store.writer(actor).await.unwrap();
    let order = w
        .create_order(
            &NewOrder::new(OrderKind::Installation, customer, plan),
            Utc::now(),
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    let before = outbox_len(&store).await;

    let err = store
        .transition_order(actor, order, campo_fixtures::go(OrderStatus::Done))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Transition(_)));
    assert_eq!(
        err.to_string(),
        "Transição inválida: Em análise → Concluída"
    );
    let err = store
        .transition_order(
            actor,
            order,
            campo_fixtures::because(OrderStatus::Rejected, " "),
        )
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "Informe o motivo da reprovação");

    assert_eq!(outbox_len(&store).await, before);
    let detail = store.get_order(order).await.unwrap();
    assert_eq!(detail.order.status, OrderStatus::PendingAnalysis);
    assert_eq!(detail.history.len(), 1);
}

#[tokio::test]
async fn an_invalid_customer_is_refused_naming_the_field_and_nothing_is_half_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (store, actor, plan, _) = small_store(&dir).await;
    let before = outbox_len(&store).await;
    let mut w = store.writer(actor).await.unwrap();
    // A first valid write in the same transaction must not survive the failure.
    let mut ok = maria();
    ok.cpf = Some("390.533.447-05".into());
    let good = w.create_customer(&ok, Utc::now()).await.unwrap();
    w.create_order(&NewOrder::new(OrderKind::Repair, good, plan), Utc::now())
        .await
        .unwrap();
    let mut bad = maria();
    bad.cpf = Some("111.111.111-11".into());
    let err = w.create_customer(&bad, Utc::now()).await.unwrap_err();
    assert_eq!(err.to_string(), "CPF inválido: verifique os dígitos");
    drop(w);
    assert_eq!(outbox_len(&store).await, before);
    assert_eq!(store.order_count().await.unwrap(), 0);
}

#[tokio::test]
async fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("campo.db");
    let store = Store::open(&path).await.unwrap();
    store.close().await;
    {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (29991231000000, 'from the future', 1, x'00', 1)")
            .execute(&mut conn)
            .await
            .unwrap();
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let err = Store::open(&path).await.unwrap_err();
    match &err {
        StoreError::NewerSchema {
            found, supported, ..
        } => {
            assert_eq!(*found, 29_991_231_000_000);
            assert_eq!(*supported, SUPPORTED_SCHEMA);
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert!(err.to_string().contains("versão mais nova do Campo"));
    assert!(err.to_string().contains(&path.display().to_string()));
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "file unchanged");
}

#[tokio::test]
async fn a_foreign_sqlite_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("planilha.db");
    {
        use sqlx::Connection;
        let mut conn =
            sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=rwc", path.display()))
                .await
                .unwrap();
        sqlx::query("CREATE TABLE receitas (nome TEXT)")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let err = Store::open(&path).await.unwrap_err();
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[tokio::test]
async fn a_corrupt_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("campo.db");
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 31 % 251) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    let err = Store::open(&path).await.unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("corrompido"));
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

#[tokio::test]
async fn demo_data_is_deterministic_and_covers_every_status() {
    let a = Store::open_in_memory().await.unwrap();
    let b = Store::open_in_memory().await.unwrap();
    campo_demo::seed_demo(&a, SMALL, DEFAULT_SEED, anchor())
        .await
        .unwrap();
    campo_demo::seed_demo(&b, SMALL, DEFAULT_SEED, anchor())
        .await
        .unwrap();
    let filter = OrderFilter {
        sort: SortKey::Number,
        dir: SortDir::Asc,
        ..OrderFilter::default()
    };
    let page = PageRequest {
        offset: 0,
        limit: 500,
    };
    let rows_a = a.list_orders(&filter, page).await.unwrap().rows;
    let rows_b = b.list_orders(&filter, page).await.unwrap().rows;
    assert_eq!(rows_a.len(), 200);
    let key = |r: &campo_store::views::OrderRow| {
        (
            r.number,
            r.customer_name.clone(),
            r.status,
            r.kind,
            r.scheduled_date.clone(),
            r.neighbourhood.clone(),
        )
    };
    assert_eq!(
        rows_a.iter().map(key).collect::<Vec<_>>(),
        rows_b.iter().map(key).collect::<Vec<_>>()
    );

    // A different seed gives a different provider.
    let c = Store::open_in_memory().await.unwrap();
    campo_demo::seed_demo(&c, SMALL, DEFAULT_SEED + 1, anchor())
        .await
        .unwrap();
    let rows_c = c.list_orders(&filter, page).await.unwrap().rows;
    assert_ne!(
        rows_a.iter().map(key).collect::<Vec<_>>(),
        rows_c.iter().map(key).collect::<Vec<_>>()
    );

    let big = Store::open_in_memory().await.unwrap();
    campo_demo::seed_demo(
        &big,
        DemoSize {
            orders: 1_500,
            customers: 300,
            ..SMALL
        },
        DEFAULT_SEED,
        anchor(),
    )
    .await
    .unwrap();
    for status in OrderStatus::ALL {
        let f = OrderFilter {
            statuses: vec![status],
            ..OrderFilter::default()
        };
        let n = big.list_orders(&f, page).await.unwrap().total;
        assert!(n > 0, "no demo order is {status:?}");
    }
    let all = big
        .list_orders(
            &OrderFilter::default(),
            PageRequest {
                offset: 0,
                limit: 500,
            },
        )
        .await
        .unwrap();
    assert!(all.rows.iter().any(|r| r.has_iptv));
    assert!(all.rows.iter().all(|r| r.city == "Recife"));

    // A finished installation shows the plan's equipment at the customer's, not "ONU 0 de 1".
    let done = big
        .list_orders(
            &OrderFilter {
                statuses: vec![OrderStatus::Done],
                kinds: vec![campo_domain::OrderKind::Installation],
                ..OrderFilter::default()
            },
            page,
        )
        .await
        .unwrap();
    assert!(!done.rows.is_empty());
    for row in &done.rows {
        let kit = big
            .order_equipment(uuid::Uuid::parse_str(&row.id).unwrap())
            .await
            .unwrap();
        assert!(!kit.required.is_empty());
        for line in &kit.required {
            assert_eq!(
                line.used, line.required,
                "OS {}: {} {} de {}",
                row.number, line.name, line.used, line.required
            );
        }
    }
}

#[tokio::test]
async fn demo_data_is_generated_only_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("campo.db");
    let store = Store::open(&path).await.unwrap();
    assert!(
        campo_demo::seed_once(&store, SMALL, DEFAULT_SEED, anchor())
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        campo_demo::seed_once(&store, SMALL, DEFAULT_SEED, anchor())
            .await
            .unwrap()
            .is_none()
    );
    store.close().await;
    let store = Store::open(&path).await.unwrap();
    assert!(
        campo_demo::seed_once(&store, SMALL, DEFAULT_SEED, anchor())
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.order_count().await.unwrap(), 200);
    assert!(store.local_user().await.unwrap().is_some());
}

#[tokio::test]
async fn the_order_list_filters_sorts_and_pages_in_sql() {
    let store = Store::open_in_memory().await.unwrap();
    campo_demo::seed_demo(
        &store,
        DemoSize {
            orders: 600,
            customers: 150,
            ..SMALL
        },
        DEFAULT_SEED,
        anchor(),
    )
    .await
    .unwrap();
    let page = PageRequest {
        offset: 0,
        limit: 50,
    };

    let all = store
        .list_orders(&OrderFilter::default(), page)
        .await
        .unwrap();
    assert_eq!(all.total, 600);
    assert_eq!(all.rows.len(), 50);

    // Paging walks every order exactly once.
    let mut seen = std::collections::HashSet::new();
    let by_number = OrderFilter {
        sort: SortKey::Number,
        dir: SortDir::Asc,
        ..OrderFilter::default()
    };
    for offset in (0..600).step_by(100) {
        let p = store
            .list_orders(&by_number, PageRequest { offset, limit: 100 })
            .await
            .unwrap();
        for r in p.rows {
            assert!(seen.insert(r.id));
        }
    }
    assert_eq!(seen.len(), 600);

    // Status filter.
    let done = OrderFilter {
        statuses: vec![OrderStatus::Done],
        ..OrderFilter::default()
    };
    let p = store
        .list_orders(
            &done,
            PageRequest {
                offset: 0,
                limit: 500,
            },
        )
        .await
        .unwrap();
    assert!(p.total > 0 && p.rows.iter().all(|r| r.status == OrderStatus::Done));

    // Neighbourhood + sort by customer name descending.
    let hood = all.rows[0].neighbourhood.clone();
    let f = OrderFilter {
        neighbourhood: Some(hood.clone()),
        sort: SortKey::Customer,
        dir: SortDir::Desc,
        ..OrderFilter::default()
    };
    let p = store
        .list_orders(
            &f,
            PageRequest {
                offset: 0,
                limit: 500,
            },
        )
        .await
        .unwrap();
    assert!(p.rows.iter().all(|r| r.neighbourhood == hood));
    assert!(
        p.rows
            .windows(2)
            .all(|w| w[0].customer_name >= w[1].customer_name)
    );

    // Free text ignores accents and case, by customer name or neighbourhood.
    let with_accent = all
        .rows
        .iter()
        .find(|r| r.neighbourhood.contains('á') || r.neighbourhood.contains('ç'))
        .map(|r| r.neighbourhood.clone());
    if let Some(n) = with_accent {
        let folded = campo_domain::text::fold(&n).to_uppercase();
        let f = OrderFilter {
            text: Some(folded),
            ..OrderFilter::default()
        };
        let p = store
            .list_orders(
                &f,
                PageRequest {
                    offset: 0,
                    limit: 500,
                },
            )
            .await
            .unwrap();
        assert!(
            p.total > 0
                && p.rows.iter().all(|r| r.neighbourhood == n
                    || campo_domain::text::fold(&r.customer_name)
                        .contains(&campo_domain::text::fold(&n)))
        );
    }
    let someone = &all.rows[3];
    let surname = someone
        .customer_name
        .split(' ')
        .next_back()
        .unwrap()
        .to_string();
    let first = someone.customer_name.split(' ').next().unwrap().to_string();
    let f = OrderFilter {
        text: Some(format!("{} {}", first.to_lowercase(), surname)),
        ..OrderFilter::default()
    };
    let p = store
        .list_orders(
            &f,
            PageRequest {
                offset: 0,
                limit: 500,
            },
        )
        .await
        .unwrap();
    assert!(p.rows.iter().any(|r| r.id == someone.id));

    // An OS number finds that order.
    let f = OrderFilter {
        text: Some(format!("OS {}", someone.number)),
        ..OrderFilter::default()
    };
    let p = store
        .list_orders(
            &f,
            PageRequest {
                offset: 0,
                limit: 500,
            },
        )
        .await
        .unwrap();
    assert!(p.rows.iter().any(|r| r.id == someone.id));

    // Dates and period.
    let f = OrderFilter {
        date_from: Some("2026-11-20".into()),
        date_to: Some("2026-11-22".into()),
        period: Some(campo_domain::Period::Morning),
        ..OrderFilter::default()
    };
    let p = store
        .list_orders(
            &f,
            PageRequest {
                offset: 0,
                limit: 500,
            },
        )
        .await
        .unwrap();
    assert!(p.total > 0);
    assert!(p.rows.iter().all(|r| {
        let d = r.scheduled_date.as_deref().unwrap();
        ("2026-11-20"..="2026-11-22").contains(&d)
            && r.period == Some(campo_domain::Period::Morning)
    }));

    // Nothing matches: an empty page, not an error.
    let f = OrderFilter {
        text: Some("zzzz inexistente".into()),
        ..OrderFilter::default()
    };
    let p = store.list_orders(&f, page).await.unwrap();
    assert_eq!((p.total, p.rows.len()), (0, 0));
}

#[tokio::test]
async fn the_order_page_shows_customer_plan_and_full_history() {
    let store = Store::open_in_memory().await.unwrap();
    campo_demo::seed_demo(&store, SMALL, DEFAULT_SEED, anchor())
        .await
        .unwrap();
    let done = OrderFilter {
        statuses: vec![OrderStatus::Done],
        kinds: vec![OrderKind::Installation],
        ..OrderFilter::default()
    };
    let row = store
        .list_orders(
            &done,
            PageRequest {
                offset: 0,
                limit: 1,
            },
        )
        .await
        .unwrap()
        .rows
        .remove(0);
    let id = Uuid::parse_str(&row.id).unwrap();
    let d = store.get_order(id).await.unwrap();
    assert_eq!(d.order.number, row.number);
    assert!(d.customer.cpf.as_deref().unwrap().contains('.'));
    assert!(d.customer.phones[0].starts_with("(81) 9"));
    assert!(d.technician.is_some());
    let path: Vec<OrderStatus> = d.history.iter().map(|e| e.to).collect();
    assert_eq!(path.first(), Some(&OrderStatus::PendingAnalysis));
    assert_eq!(path.last(), Some(&OrderStatus::Done));
    assert!(path.contains(&OrderStatus::Scheduled) && path.contains(&OrderStatus::InProgress));
    // Each event starts where the previous ended.
    assert!(d.history.windows(2).all(|w| w[1].from == Some(w[0].to)));
    assert!(d.history.windows(2).all(|w| w[0].at <= w[1].at));
    assert!(d.allowed_transitions.is_empty());

    let missing = store.get_order(Uuid::now_v7()).await.unwrap_err();
    assert_eq!(missing.to_string(), "Ordem de serviço não encontrada");
}

#[tokio::test]
async fn a_malformed_filter_date_is_refused_naming_the_field() {
    let store = Store::open_in_memory().await.unwrap();
    let f = OrderFilter {
        date_from: Some("31/11/2026".into()),
        ..OrderFilter::default()
    };
    let err = store
        .list_orders(
            &f,
            PageRequest {
                offset: 0,
                limit: 10,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Data inválida em “agendada de”: use dd/mm/aaaa"
    );
}

#[tokio::test]
async fn sorting_by_date_puts_the_morning_before_the_afternoon() {
    let store = Store::open_in_memory().await.unwrap();
    campo_demo::seed_demo(&store, SMALL, DEFAULT_SEED, anchor())
        .await
        .unwrap();
    let f = OrderFilter {
        statuses: vec![OrderStatus::Done, OrderStatus::Scheduled],
        sort: SortKey::ScheduledDate,
        dir: SortDir::Asc,
        ..OrderFilter::default()
    };
    let rows = store
        .list_orders(
            &f,
            PageRequest {
                offset: 0,
                limit: 500,
            },
        )
        .await
        .unwrap()
        .rows;
    let slots: Vec<(String, u8)> = rows
        .iter()
        .map(|r| {
            let p = match r.period.unwrap() {
                campo_domain::Period::Morning => 1,
                campo_domain::Period::Afternoon => 2,
            };
            (r.scheduled_date.clone().unwrap(), p)
        })
        .collect();
    assert!(slots.len() > 20);
    assert!(
        slots.windows(2).all(|w| w[0] <= w[1]),
        "not in day/period order"
    );
    assert!(
        slots
            .windows(2)
            .any(|w| w[0].0 == w[1].0 && w[0].1 < w[1].1)
    );
}

#[tokio::test]
async fn scheduling_shows_the_technician_and_returning_to_the_queue_clears_it() {
    let dir = tempfile::tempdir().unwrap();
    let (store, actor, plan, customer) = small_store(&dir).await;
    let mut w = store.writer(actor).await.unwrap();
    let tech = w
        .create_person(
            &NewPerson {
                name: "Josué Lins".into(),
                role: Role::Technician,
                phone: Some("(81) 99123-4567".into()),
            },
            Utc::now(),
        )
        .await
        .unwrap();
    let order = w
        .create_order(
            &NewOrder::new(OrderKind::Repair, customer, plan),
            Utc::now(),
        )
        .await
        .unwrap();
    w.schedule_order(
        order,
        anchor(),
        campo_domain::Period::Afternoon,
        tech,
        Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    let d = store.get_order(order).await.unwrap();
    assert_eq!(d.order.technician_name.as_deref(), Some("Josué Lins"));
    assert_eq!(d.technician.unwrap().phone, "(81) 99123-4567");
    let by_tech = OrderFilter {
        technician_id: Some(tech.to_string()),
        ..OrderFilter::default()
    };
    assert_eq!(
        store
            .list_orders(
                &by_tech,
                PageRequest {
                    offset: 0,
                    limit: 10
                }
            )
            .await
            .unwrap()
            .total,
        1
    );

    store
        .transition_order(
            actor,
            order,
            campo_fixtures::because(OrderStatus::Approved, "Cliente pediu outra data"),
        )
        .await
        .unwrap();
    let d = store.get_order(order).await.unwrap();
    assert_eq!(
        (
            d.order.technician_name,
            d.order.scheduled_date,
            d.technician
        ),
        (None, None, None)
    );
    assert_eq!(
        d.history.last().unwrap().reason.as_deref(),
        Some("Cliente pediu outra data")
    );
}

#[tokio::test]
async fn a_visit_edit_records_only_what_changed_and_a_bad_value_saves_nothing() {
    use campo_domain::edit::OrderField;
    let dir = tempfile::tempdir().unwrap();
    let (store, actor, plan, customer) = small_store(&dir).await;
    let mut w = store.writer(actor).await.unwrap();
    let order = w
        .create_order(
            &NewOrder::new(OrderKind::Repair, customer, plan),
            Utc::now(),
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    let before = outbox_len(&store).await;

    // A bad phone beside good notes: refused by name, and the notes are not saved either.
    let mut w = store.writer(actor).await.unwrap();
    let err = w
        .edit_order(
            order,
            &[
                (OrderField::Notes, Some("Portão azul")),
                (OrderField::ContactPhone, Some("(00) 1234-5678")),
            ],
            Utc::now(),
        )
        .await
        .unwrap_err();
    drop(w);
    assert_eq!(err.to_string(), "Telefone inválido: DDD 00 não existe");
    assert_eq!(store.get_order(order).await.unwrap().notes, None);
    assert_eq!(outbox_len(&store).await, before);

    let mut w = store.writer(actor).await.unwrap();
    assert!(
        w.edit_order(
            order,
            &[
                (OrderField::Notes, Some(" Portão azul ")),
                (OrderField::ContactPhone, None),
            ],
            Utc::now(),
        )
        .await
        .unwrap()
    );
    w.commit().await.unwrap();
    let ops = store.pending_operations(1_000).await.unwrap();
    let last = ops.last().unwrap();
    assert_eq!(last.kind, "order.edit");
    // Only the notes changed (the phone was already empty), made on revision 0.
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&last.payload).unwrap()["changes"],
        serde_json::json!([{ "field": "notes", "value": "Portão azul", "base": 0 }])
    );
    assert_eq!(
        store.get_order(order).await.unwrap().notes.as_deref(),
        Some("Portão azul")
    );

    // Saving the same values again records nothing.
    let mut w = store.writer(actor).await.unwrap();
    assert!(
        !w.edit_order(
            order,
            &[(OrderField::Notes, Some("Portão azul"))],
            Utc::now()
        )
        .await
        .unwrap()
    );
    w.commit().await.unwrap();
    assert_eq!(outbox_len(&store).await, before + 1);
}

/// Every table of the schema is either replicated (cleared when the device bootstraps again)
/// or the device's own (kept): a new table must be classified, or this fails.
#[tokio::test]
async fn loading_again_from_the_server_clears_every_replicated_table_and_keeps_the_device() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("campo.db");
    let store = Store::open(&path).await.unwrap();
    campo_demo::seed_demo(
        &store,
        SMALL,
        DEFAULT_SEED,
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
    )
    .await
    .unwrap();
    let raw = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND name <> '_sqlx_migrations' AND name NOT LIKE 'work_orders_fts%'",
    )
    .fetch_all(&raw)
    .await
    .unwrap();
    for t in &tables {
        assert!(
            campo_store::sync::REPLICATED_TABLES.contains(&t.as_str())
                || campo_store::sync::DEVICE_TABLES.contains(&t.as_str()),
            "table {t} is neither replicated nor the device's own"
        );
    }
    let device = store.device_id();
    let written = store.all_operations().await.unwrap().len();
    assert!(written > 100);

    // Operations not yet pushed hold the reload back: they would be lost.
    match store.reset_replica().await {
        Err(StoreError::Unpushed(n)) => assert_eq!(n as usize, written),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(
        store.order_count().await.unwrap() > 0,
        "nothing was cleared"
    );

    // Once the server has them, the replicated data goes and the device stays.
    let acks: Vec<campo_store::outbox::Ack> = store
        .pending_operations(1_000_000)
        .await
        .unwrap()
        .iter()
        .map(|op| campo_store::outbox::Ack {
            seq: op.seq,
            outcome: "applied".into(),
            note: None,
        })
        .collect();
    store.acknowledge(&acks).await.unwrap();
    store.reset_replica().await.unwrap();
    for t in campo_store::sync::REPLICATED_TABLES {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {t}"))
            .fetch_one(&raw)
            .await
            .unwrap();
        assert_eq!(n, 0, "{t} still has rows");
    }
    assert_eq!(store.device_id(), device);
    assert_eq!(store.all_operations().await.unwrap().len(), written);
    assert_eq!(store.sync_cursor().await.unwrap(), 0);
    // The ledgers' append-only guards are back.
    let guards: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%append_only_delete'",
    )
    .fetch_one(&raw)
    .await
    .unwrap();
    assert_eq!(guards, 2);
}
