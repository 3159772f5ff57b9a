//! The demo's data and the order list and page read from it: filters, sorting, pages.

use super::*;
use campo_fixtures::listed;

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
    let rows_a = listed(&a, &filter).await.rows;
    let rows_b = listed(&b, &filter).await.rows;
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
    let rows_c = listed(&c, &filter).await.rows;
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
        let n = listed(&big, &f).await.total;
        assert!(n > 0, "no demo order is {status:?}");
    }
    let all = listed(&big, &OrderFilter::default()).await;
    assert!(all.rows.iter().any(|r| r.has_iptv));
    assert!(all.rows.iter().all(|r| r.city == "Recife"));

    // A finished installation shows the plan's equipment at the customer's, not "ONU 0 de 1".
    let done = listed(
        &big,
        &OrderFilter {
            statuses: vec![OrderStatus::Done],
            kinds: vec![campo_domain::OrderKind::Installation],
            ..OrderFilter::default()
        },
    )
    .await;
    assert!(!done.rows.is_empty());
    for row in &done.rows {
        let kit = big
            .order_equipment(
                uuid::Uuid::parse_str(&row.id).unwrap(),
                campo_domain::Lang::PtBr,
            )
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
    let p = listed(&store, &done).await;
    assert!(p.total > 0 && p.rows.iter().all(|r| r.status == OrderStatus::Done));

    // Neighbourhood + sort by customer name descending.
    let hood = all.rows[0].neighbourhood.clone();
    let f = OrderFilter {
        neighbourhood: Some(hood.clone()),
        sort: SortKey::Customer,
        dir: SortDir::Desc,
        ..OrderFilter::default()
    };
    let p = listed(&store, &f).await;
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
        let p = listed(&store, &f).await;
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
    let p = listed(&store, &f).await;
    assert!(p.rows.iter().any(|r| r.id == someone.id));

    // An order's number as either language shows it finds that order.
    for shown in [campo_domain::Lang::PtBr, campo_domain::Lang::En] {
        let f = OrderFilter {
            text: Some(campo_domain::order_number(someone.number, shown)),
            ..OrderFilter::default()
        };
        let p = listed(&store, &f).await;
        assert!(p.rows.iter().any(|r| r.id == someone.id), "{shown:?}");
    }

    // Dates and period.
    let f = OrderFilter {
        date_from: Some("2026-11-20".into()),
        date_to: Some("2026-11-22".into()),
        period: Some(campo_domain::Period::Morning),
        ..OrderFilter::default()
    };
    let p = listed(&store, &f).await;
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
    let rows = listed(&store, &f).await.rows;
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
