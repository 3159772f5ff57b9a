//! The field's indicators on a small provider whose every visit is known: done on the date or
//! not, at the first visit or after a failed one, followed by a repair or not — in all, per
//! municipality and technician, and the orders behind each figure.

use campo_domain::provider::{Base, ProviderProfile};
use campo_domain::{CustomerDraft, Lang, Localized, OrderKind, OrderStatus, Period};
use campo_fixtures::data::{because, customer, go, person, plan};
use campo_store::indicators::IndicatorFilter;
use campo_store::indicators::field::{FieldFigure, FieldGrouping};
use campo_store::write::{NewOrder, Role};
use campo_store::{Actor, Store};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use uuid::Uuid;

const CAMPINAS: u32 = 3_509_502;
const CUIABA: u32 = 5_103_403;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 2, d).unwrap()
}

struct World {
    store: Store,
    ana: Uuid,
    bia: Uuid,
    /// Ana's: failed on the 3rd, done on the 5th.
    retried: Uuid,
    /// Bia's, in Cuiabá: done on its date, a repair for the same customer six days later.
    repeated: Uuid,
    /// Ana's: scheduled for the 4th, done on the 6th.
    late_day: Uuid,
    repair_number: u32,
    plan: Uuid,
    admin: Actor,
}

/// Three installations in the first week of February 2027, each telling one figure.
async fn world() -> World {
    let store = Store::open_in_memory().await.unwrap();
    let admin = Actor { id: Uuid::now_v7() };
    let (ana, bia) = (Uuid::now_v7(), Uuid::now_v7());
    let mut w = store.writer(admin).await.unwrap();
    person(&mut w, admin.id, "Gil Prado", Role::Admin).await;
    person(&mut w, ana, "Ana Lins", Role::Technician).await;
    person(&mut w, bia, "Bia Souto", Role::Technician).await;
    w.set_provider_profile(
        &ProviderProfile {
            name: "Conecta".into(),
            cnpj: "11.222.333/0001-81".into(),
            municipalities: vec![CAMPINAS, CUIABA],
            bases: vec![Base {
                name: "Sede".into(),
                lat: -22.9,
                lon: -47.06,
                technicians: Vec::new(),
            }],
        },
        at("2027-01-20T12:00:00Z"),
    )
    .await
    .unwrap();
    let plan = w
        .create_plan(&plan(), at("2027-01-20T12:00:00Z"))
        .await
        .unwrap();
    let mut installation = async |n: usize, city: &str, uf: &str| {
        let c = w
            .create_customer(
                &CustomerDraft {
                    name: format!("Cliente {n}"),
                    address: campo_domain::NewAddress {
                        number: (100 + n).to_string(),
                        city: city.into(),
                        uf: uf.into(),
                        ..customer().address
                    },
                    ..customer()
                },
                at("2027-01-25T12:00:00Z"),
            )
            .await
            .unwrap();
        let o = w
            .create_order(
                &NewOrder::new(OrderKind::Installation, c, plan),
                at("2027-01-25T12:00:00Z"),
            )
            .await
            .unwrap();
        w.transition_order(o, &go(OrderStatus::Approved), at("2027-01-25T13:00:00Z"))
            .await
            .unwrap();
        (c, o)
    };
    let (_, retried) = installation(1, "Campinas", "SP").await;
    let (cuiaba_customer, repeated) = installation(2, "Cuiabá", "MT").await;
    let (_, late_day) = installation(3, "Campinas", "SP").await;
    let visit = |o, tech, d: u32, end: OrderStatus| (o, tech, day(d), end);
    for (o, tech, date, end) in [
        visit(retried, ana, 3, OrderStatus::NotDone),
        visit(repeated, bia, 4, OrderStatus::Done),
        visit(late_day, ana, 4, OrderStatus::Done),
    ] {
        w.schedule_order(o, date, Period::Morning, tech, at("2027-02-01T12:00:00Z"))
            .await
            .unwrap();
        let done_day = if o == late_day { 6 } else { date.day() };
        let when = |h: u32| at(&format!("2027-02-{done_day:02}T{h:02}:00:00Z"));
        w.transition_order(o, &go(OrderStatus::EnRoute), when(12))
            .await
            .unwrap();
        w.transition_order(o, &go(OrderStatus::InProgress), when(13))
            .await
            .unwrap();
        let last = if end == OrderStatus::NotDone {
            because(end, "Cliente ausente")
        } else {
            go(end)
        };
        w.transition_order(o, &last, when(14)).await.unwrap();
    }
    // The failed visit is booked again and done on the 5th.
    w.schedule_order(
        retried,
        day(5),
        Period::Morning,
        ana,
        at("2027-02-03T18:00:00Z"),
    )
    .await
    .unwrap();
    for (to, h) in [
        (OrderStatus::EnRoute, 12),
        (OrderStatus::InProgress, 13),
        (OrderStatus::Done, 14),
    ] {
        w.transition_order(retried, &go(to), at(&format!("2027-02-05T{h}:00:00Z")))
            .await
            .unwrap();
    }
    // Six days after Cuiabá's installation, its customer calls: a repair.
    let repair = w
        .create_order(
            &NewOrder::new(OrderKind::Repair, cuiaba_customer, plan),
            at("2027-02-10T15:00:00Z"),
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    let repair_number = store.get_order(repair).await.unwrap().order.number;
    World {
        store,
        ana,
        bia,
        retried,
        repeated,
        late_day,
        repair_number,
        plan,
        admin,
    }
}

fn week() -> IndicatorFilter {
    IndicatorFilter::period("2027-02-01", "2027-02-07")
}

#[tokio::test]
async fn each_visit_counts_where_it_belongs() {
    let w = world().await;
    let r = w.store.field_indicators(&week(), Lang::PtBr).await.unwrap();
    let t = &r.total;
    assert_eq!(t.done, 3);
    assert_eq!(t.done_on_date, 2, "one done two days after its date");
    assert_eq!(t.first_visit, 2, "one failed before it was done");
    assert_eq!(t.repeated, 1, "one had a repair within 30 days");
    assert_eq!(t.repeat_pct, Some(33.3));
    assert_eq!(t.first_visit_pct, Some(66.7));
    assert_eq!(r.by_kind.len(), 1);
    assert_eq!(r.by_kind[0].key, "installation");
    assert_eq!(r.by_kind[0].label, "Instalação");
    let names: Vec<&str> = r.by_technician.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(names, ["Ana Lins", "Bia Souto"]);
    assert_eq!(r.by_technician[0].key, w.ana.to_string());
    assert_eq!(r.by_technician[0].done, 2);
    assert_eq!(r.by_week.len(), 1);
    assert_eq!(r.by_week[0].key, "2027-02-01");
    assert_eq!(r.by_week[0].label, "Semana de 01/02/2027");

    // Filtered: Cuiabá has only Bia's repeated visit; Ana has the other two.
    let cuiaba = IndicatorFilter {
        municipality: Some(CUIABA),
        ..week()
    };
    let c = w.store.field_indicators(&cuiaba, Lang::PtBr).await.unwrap();
    assert_eq!((c.total.done, c.total.repeated), (1, 1));
    let ana = IndicatorFilter {
        technician_id: Some(w.ana.to_string()),
        ..week()
    };
    let a = w.store.field_indicators(&ana, Lang::En).await.unwrap();
    assert_eq!(
        (a.total.done, a.total.first_visit, a.total.repeated),
        (2, 1, 0)
    );
    assert_eq!(a.by_kind[0].label, "Installation");
    assert!(a.to_csv(Lang::En).starts_with("grouping;item;orders;met;"));

    // A week with nothing: no figure rather than 0 %.
    let empty = IndicatorFilter::period("2027-03-01", "2027-03-07");
    let e = w.store.field_indicators(&empty, Lang::PtBr).await.unwrap();
    assert_eq!(e.total.done, 0);
    assert_eq!(
        (
            e.total.on_date_pct,
            e.total.first_visit_pct,
            e.total.repeat_pct
        ),
        (None, None, None)
    );
}

#[tokio::test]
async fn each_figure_opens_to_its_orders_those_against_it_first() {
    let w = world().await;
    let open = |figure, grouping, key: String| {
        let store = w.store.clone();
        async move {
            store
                .figure_orders(&week(), figure, grouping, &key)
                .await
                .unwrap()
        }
    };
    let first = open(
        FieldFigure::FirstVisit,
        FieldGrouping::Total,
        "total".into(),
    )
    .await;
    assert_eq!((first.total, first.against), (3, 1));
    assert_eq!(first.rows[0].id, w.retried.to_string());
    assert!(first.rows[0].against && !first.rows[1].against);

    let on_date = open(
        FieldFigure::OnDate,
        FieldGrouping::Technician,
        w.ana.to_string(),
    )
    .await;
    assert_eq!((on_date.total, on_date.against), (2, 1));
    assert_eq!(on_date.rows[0].id, w.late_day.to_string());
    assert_eq!(
        on_date.rows[0].scheduled_date.as_deref(),
        Some("2027-02-04")
    );
    assert_eq!(on_date.rows[0].done_on.as_deref(), Some("2027-02-06"));

    let repeat = open(
        FieldFigure::Repeat,
        FieldGrouping::Kind,
        "installation".into(),
    )
    .await;
    assert_eq!(repeat.against, 1);
    assert_eq!(repeat.rows[0].id, w.repeated.to_string());
    assert_eq!(repeat.rows[0].repair_number, Some(w.repair_number));

    // A week's line: the same orders as the total's, read for that week only.
    let monday = open(
        FieldFigure::OnDate,
        FieldGrouping::Week,
        "2027-02-01".into(),
    )
    .await;
    assert_eq!((monday.total, monday.against), (3, 1));
    let next = open(
        FieldFigure::OnDate,
        FieldGrouping::Week,
        "2027-02-08".into(),
    )
    .await;
    assert_eq!(next.total, 0);

    // Another technician's line holds none of Ana's orders.
    let bia = open(
        FieldFigure::OnDate,
        FieldGrouping::Technician,
        w.bia.to_string(),
    )
    .await;
    assert_eq!((bia.total, bia.against), (1, 0));

    // A period backwards is refused by name.
    let err = w
        .store
        .figure_orders(
            &IndicatorFilter::period("2027-02-07", "2027-02-01"),
            FieldFigure::OnDate,
            FieldGrouping::Total,
            "total",
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.message(Lang::PtBr),
        "O período precisa terminar depois de começar e ter até um ano"
    );
}

#[tokio::test]
async fn what_a_page_kept_follows_the_changes_made_after_it() {
    let w = world().await;
    let admin = w.admin;
    let first = w.store.field_indicators(&week(), Lang::PtBr).await.unwrap();
    assert_eq!((first.total.done, first.total.repeated), (3, 1));

    // A repair for the customer of the visit done late, a week after it: one more repeat.
    let late = w.store.get_order(w.late_day).await.unwrap();
    let customer = Uuid::parse_str(&late.customer.id).unwrap();
    let plan = w.plan;
    let mut wr = w.store.writer(admin).await.unwrap();
    let repair = wr
        .create_order(
            &NewOrder::new(OrderKind::Repair, customer, plan),
            at("2027-02-13T15:00:00Z"),
        )
        .await
        .unwrap();
    wr.commit().await.unwrap();
    let r = w.store.field_indicators(&week(), Lang::PtBr).await.unwrap();
    assert_eq!((r.total.done, r.total.repeated), (3, 2));
    let behind = w
        .store
        .figure_orders(&week(), FieldFigure::Repeat, FieldGrouping::Total, "total")
        .await
        .unwrap();
    assert_eq!((behind.total, behind.against), (3, 2));
    let repair_number = w.store.get_order(repair).await.unwrap().order.number;
    assert!(
        behind
            .rows
            .iter()
            .any(|o| o.id == w.late_day.to_string() && o.repair_number == Some(repair_number))
    );

    // The repair booked in that week: an open visit counts beside the kept ones.
    let mut wr = w.store.writer(admin).await.unwrap();
    wr.schedule_order(
        repair,
        day(7),
        Period::Afternoon,
        w.bia,
        at("2027-02-13T16:00:00Z"),
    )
    .await
    .unwrap();
    wr.commit().await.unwrap();
    let r = w.store.field_indicators(&week(), Lang::PtBr).await.unwrap();
    assert_eq!(r.total.done, 3);
    let kinds: Vec<&str> = r.by_kind.iter().map(|k| k.key.as_str()).collect();
    assert_eq!(kinds, ["installation", "repair"]);
    assert_eq!(r.by_kind[1].done, 0);

    // The customer moves to Cuiabá: their visit counts there now.
    let mut edit = w.store.customer_page(customer).await.unwrap().details;
    edit.address.city = "Cuiabá".into();
    edit.address.uf = "MT".into();
    let mut wr = w.store.writer(admin).await.unwrap();
    assert!(wr.edit_customer(customer, &edit, Utc::now()).await.unwrap());
    wr.commit().await.unwrap();
    let cuiaba = IndicatorFilter {
        municipality: Some(CUIABA),
        ..week()
    };
    let c = w.store.field_indicators(&cuiaba, Lang::PtBr).await.unwrap();
    assert_eq!((c.total.done, c.total.repeated), (2, 2));
}
