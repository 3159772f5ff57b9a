//! Each order's deadline follows the place of its customer's address: a provider in Campinas
//! that also serves São Paulo and Cuiabá counts an order in São Paulo around São Paulo's own
//! holiday, and one in Cuiabá in Cuiabá's clock (an hour behind Brasília); a municipal day
//! off added for one served municipality moves only that municipality's deadlines.

use campo_domain::calendar::EditableLayer;
use campo_domain::provider::{Base, ProviderProfile};
use campo_domain::{CustomerDraft, OrderStatus};
use campo_fixtures::data::{customer, go, person, plan, sale};
use campo_store::write::Role;
use campo_store::{Actor, Store, StoreError};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use uuid::Uuid;

const CAMPINAS: u32 = 3_509_502;
const SAO_PAULO: u32 = 3_550_308;
const CUIABA: u32 = 5_103_403;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn living_in(n: usize, city: &str, uf: &str) -> CustomerDraft {
    CustomerDraft {
        name: format!("Cliente {n}"),
        address: campo_domain::NewAddress {
            number: (100 + n).to_string(),
            city: city.into(),
            uf: uf.into(),
            ..customer().address
        },
        ..customer()
    }
}

/// A provider in Campinas serving São Paulo and Cuiabá too, with one installation approved
/// on Friday 22 January 2027 at 10:00 (Brasília) in each of the three.
async fn provider() -> (Store, Actor, [Uuid; 3]) {
    let store = Store::open_in_memory().await.unwrap();
    let actor = Actor { id: Uuid::now_v7() };
    let mut w = store.writer(actor).await.unwrap();
    person(&mut w, actor.id, "Ana Prado", Role::Admin).await;
    w.set_provider_profile(
        &ProviderProfile {
            name: "Conecta".into(),
            cnpj: "11.222.333/0001-81".into(),
            municipalities: vec![CAMPINAS, SAO_PAULO, CUIABA],
            bases: vec![Base {
                name: "Sede".into(),
                lat: -22.9,
                lon: -47.06,
                technicians: Vec::new(),
            }],
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let mut orders = [Uuid::nil(); 3];
    for (i, (city, uf)) in [("Campinas", "SP"), ("São Paulo", "SP"), ("Cuiabá", "MT")]
        .into_iter()
        .enumerate()
    {
        let mut p = plan();
        p.name = format!("Plano {i}");
        let (_, _, order) = sale(&mut w, &p, &living_in(i, city, uf)).await;
        w.transition_order(
            order,
            &go(OrderStatus::Approved),
            at("2027-01-22T13:00:00Z"),
        )
        .await
        .unwrap();
        orders[i] = order;
    }
    w.commit().await.unwrap();
    (store, actor, orders)
}

async fn deadline(store: &Store, order: Uuid) -> DateTime<Utc> {
    at(&store
        .get_order(order)
        .await
        .unwrap()
        .order
        .deadline
        .unwrap())
}

#[tokio::test]
async fn each_order_counts_in_its_own_municipality_and_time_zone() {
    let (store, _, orders) = provider().await;
    let [campinas, sao_paulo, cuiaba] = orders;
    let campinas = deadline(&store, campinas).await;
    // Ten business days from Friday 22 January: São Paulo's anniversary (Monday 25) is a
    // holiday there only, so its order's deadline is a business day later.
    assert_eq!(
        deadline(&store, sao_paulo).await - campinas,
        chrono::Duration::days(1),
        "{campinas}"
    );
    // Cuiabá keeps its business hours on its own clock, an hour behind Campinas'.
    assert_eq!(
        deadline(&store, cuiaba).await - campinas,
        chrono::Duration::hours(1)
    );
    // The list shows the same deadlines as the order page.
    let page = store
        .list_orders(
            &campo_store::views::OrderFilter::default(),
            campo_store::views::PageRequest {
                offset: 0,
                limit: 10,
            },
        )
        .await
        .unwrap();
    assert_eq!(page.rows.len(), 3);
    for row in &page.rows {
        let id = Uuid::parse_str(&row.id).unwrap();
        assert!(orders.contains(&id));
        assert_eq!(
            row.deadline.as_deref().map(at),
            Some(deadline(&store, id).await),
            "order {}",
            row.number
        );
    }
}

#[tokio::test]
async fn a_municipal_day_off_of_one_served_municipality_moves_only_its_orders() {
    let (store, actor, [campinas, sao_paulo, cuiaba]) = provider().await;
    let before = [
        deadline(&store, campinas).await,
        deadline(&store, sao_paulo).await,
        deadline(&store, cuiaba).await,
    ];
    // Cuiabá declares Wednesday 27 January a holiday (a decree for the day).
    let day = NaiveDate::from_ymd_opt(2027, 1, 27).unwrap();
    let mut w = store.writer(actor).await.unwrap();
    w.add_day_off(
        day,
        "Ponto facultativo municipal",
        EditableLayer::Municipal,
        Some(CUIABA),
        Utc::now(),
    )
    .await
    .unwrap();
    // A municipality the provider does not serve is refused by name.
    let err = w
        .add_day_off(
            day,
            "Aniversário",
            EditableLayer::Municipal,
            Some(3_304_557),
            Utc::now(),
        )
        .await
        .unwrap_err();
    assert_eq!(
        campo_domain::Localized::message(&err, campo_domain::Lang::PtBr),
        "Rio de Janeiro/RJ não está entre os municípios atendidos pelo provedor"
    );
    w.commit().await.unwrap();

    assert_eq!(deadline(&store, campinas).await, before[0]);
    assert_eq!(deadline(&store, sao_paulo).await, before[1]);
    assert_eq!(
        deadline(&store, cuiaba).await - before[2],
        chrono::Duration::days(1)
    );
    // Listed in Cuiabá's calendar, not in the head office's.
    let cuiaba_days = store.days_off_in(2027, Some(CUIABA)).await.unwrap();
    assert!(
        cuiaba_days
            .iter()
            .any(|d| d.date == "2027-01-27" && d.edited && d.layer == "municipal")
    );
    let head_days = store.days_off_in(2027, None).await.unwrap();
    assert!(!head_days.iter().any(|d| d.date == "2027-01-27"));
    assert!(
        store
            .days_off_in(2027, Some(SAO_PAULO))
            .await
            .unwrap()
            .iter()
            .any(|d| d.date == "2027-01-25"),
        "São Paulo's anniversary"
    );

    // Taken back, Cuiabá's deadline returns.
    let mut w = store.writer(actor).await.unwrap();
    let missing = w.remove_day_off(day, None, Utc::now()).await.unwrap_err();
    assert!(
        matches!(missing, StoreError::NotFound(_)),
        "not the head office's"
    );
    w.remove_day_off(day, Some(CUIABA), Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert_eq!(deadline(&store, cuiaba).await, before[2]);
}

#[tokio::test]
async fn a_visit_cannot_be_booked_on_a_holiday_of_the_customers_municipality() {
    let (store, actor, [campinas, sao_paulo, _]) = provider().await;
    let technician = Uuid::now_v7();
    let mut w = store.writer(actor).await.unwrap();
    person(&mut w, technician, "Josué Lins", Role::Technician).await;
    w.commit().await.unwrap();
    // The next 25 January on a weekday: São Paulo's anniversary, however far the suite runs.
    let today = chrono::Utc::now().date_naive();
    let day = (today.year()..today.year() + 8)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, 1, 25))
        .find(|d| *d > today && d.weekday().num_days_from_monday() < 5)
        .unwrap();
    let slot = |order| campo_store::agenda::SlotRequest {
        order_id: order,
        date: day.to_string(),
        period: campo_domain::Period::Morning,
        technician_id: technician,
        reason: None,
    };
    // Closed in São Paulo, open in Campinas.
    let err = store
        .schedule_on_board(actor, slot(sao_paulo), campo_domain::Lang::PtBr)
        .await
        .unwrap_err();
    let message = campo_domain::Localized::message(&err, campo_domain::Lang::PtBr);
    let named = format!("25/01/{} é feriado", day.year());
    assert!(message.starts_with(&named), "{message}");
    store
        .schedule_on_board(actor, slot(campinas), campo_domain::Lang::PtBr)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_visit_done_late_in_the_evening_counts_on_its_own_municipalitys_date() {
    let (store, actor, [_, _, cuiaba]) = provider().await;
    let technician = Uuid::now_v7();
    let mut w = store.writer(actor).await.unwrap();
    person(&mut w, technician, "Josué Lins", Role::Technician).await;
    // Scheduled for Wednesday 3 February; done at 23:30 in Cuiabá — already the 4th in Campinas.
    w.schedule_order(
        cuiaba,
        NaiveDate::from_ymd_opt(2027, 2, 3).unwrap(),
        campo_domain::Period::Afternoon,
        technician,
        at("2027-01-25T12:00:00Z"),
    )
    .await
    .unwrap();
    for (to, when) in [
        (OrderStatus::EnRoute, "2027-02-04T02:00:00Z"),
        (OrderStatus::InProgress, "2027-02-04T02:30:00Z"),
        (OrderStatus::Done, "2027-02-04T03:30:00Z"),
    ] {
        w.transition_order(cuiaba, &go(to), at(when)).await.unwrap();
    }
    w.commit().await.unwrap();
    let report = store
        .field_indicators(
            &campo_store::indicators::IndicatorFilter::period("2027-02-01", "2027-02-07"),
            campo_domain::Lang::PtBr,
        )
        .await
        .unwrap();
    assert_eq!(report.total.done, 1);
    assert_eq!(report.total.done_on_date, 1, "done on its date, in Cuiabá");
}
