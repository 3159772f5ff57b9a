//! The month's default rate split by plan, seller and SVA, against data: each customer's
//! plan is their latest order's, their seller their latest approved sale's, IPTV customers
//! apart; customers with neither are the "not informed" line; each line opens to its own
//! late customers.

use campo_domain::finance::DEFAULT_STEPS;
use campo_import::ImportKind;
use campo_store::finance::{LateQuery, Rate, RateBy, RateGroup};
use campo_store::sales::Decision;
use campo_store::write::{NewPerson, NewPlan, Role};
use campo_store::{Actor, Store};
use chrono::{Datelike, Months, Utc};
use uuid::Uuid;

#[path = "support/finance.rs"]
mod receivables;
#[path = "support/import.rs"]
mod support;
use receivables::{CUSTOMERS, HEADER, provider, row};

/// Customers 0–3 bought "Fibra 300" (no IPTV), 4–5 "Fibra 500 + TV"; Rita sold 0–1, Caio
/// 2–5; 6–11 came from the ERP with neither a sale nor an order in Campo.
async fn sold(store: &Store, admin: Actor) {
    let today = store.today().await.unwrap();
    let mut w = store.writer(admin).await.unwrap();
    let plan = |name: &str, iptv: bool| NewPlan {
        name: name.into(),
        download_mbps: 300,
        price_cents: 9_990,
        has_iptv: iptv,
        premium: false,
    };
    let plain = w
        .create_plan(&plan("Fibra 300", false), Utc::now())
        .await
        .unwrap();
    let tv = w
        .create_plan(&plan("Fibra 500 + TV", true), Utc::now())
        .await
        .unwrap();
    let seller = |name: &str| {
        let id = Uuid::now_v7();
        (id, name.to_owned())
    };
    let sellers = [seller("Rita Farias"), seller("Caio Mendes")];
    for (id, name) in &sellers {
        w.create_person_with_id(
            *id,
            &NewPerson {
                name: name.clone(),
                role: Role::Seller,
                phone: None,
            },
            Utc::now(),
        )
        .await
        .unwrap();
    }
    for i in 0..6 {
        let mut form = campo_fixtures::forms::sale_form(if i < 4 { plain } else { tv });
        form.cpf = campo_fixtures::data::cpf_n(i).formatted();
        w.act_as(Actor {
            id: sellers[usize::from(i >= 2)].0,
        });
        let sale = w
            .submit_sale(None, None, &form, today, Utc::now())
            .await
            .unwrap();
        w.act_as(admin);
        w.review_sale(sale, Decision::Approve { protocol: None }, Utc::now())
            .await
            .unwrap();
    }
    w.commit().await.unwrap();
}

fn line<'a>(rates: &'a [Rate], label: &str) -> &'a Rate {
    rates
        .iter()
        .find(|r| r.label == label)
        .unwrap_or_else(|| panic!("no line {label:?} in {rates:?}"))
}

#[tokio::test]
async fn the_month_splits_by_plan_seller_and_sva_and_each_line_opens_to_its_customers() {
    let (store, admin) = provider().await;
    sold(&store, admin).await;
    // Last month: customers 1, 4, 5 and 8 did not pay; the others paid the day before.
    let today = store.today().await.unwrap();
    let due = (today - Months::new(1)).with_day(10).unwrap();
    let late = [1, 4, 5, 8];
    let mut file = HEADER.to_owned();
    for i in 0..CUSTOMERS {
        let paid = (!late.contains(&i)).then_some(-1);
        file.push_str(&row(&format!("T{i}"), i, due, paid));
    }
    let checked = support::checked(&store, ImportKind::Receivables, file.as_bytes()).await;
    support::write(&store, admin, &checked).await;
    let month = format!("{}-{:02}", due.year(), due.month());

    let figures = |rates: &[Rate], label: &str| {
        let r = line(rates, label);
        (r.customers, r.customers_late, r.late_cents)
    };
    let by_plan = store
        .default_rate_by(&month, RateBy::Plan, today)
        .await
        .unwrap();
    assert_eq!(figures(&by_plan, "Fibra 300"), (4, 1, 9_990));
    assert_eq!(figures(&by_plan, "Fibra 500 + TV"), (2, 2, 19_980));
    assert_eq!(figures(&by_plan, ""), (6, 1, 9_990), "not informed");
    assert_eq!(by_plan.len(), 3);

    let by_seller = store
        .default_rate_by(&month, RateBy::Seller, today)
        .await
        .unwrap();
    assert_eq!(figures(&by_seller, "Rita Farias"), (2, 1, 9_990));
    assert_eq!(figures(&by_seller, "Caio Mendes"), (4, 2, 19_980));
    assert_eq!(figures(&by_seller, ""), (6, 1, 9_990));

    let by_sva = store
        .default_rate_by(&month, RateBy::Sva, today)
        .await
        .unwrap();
    assert_eq!(figures(&by_sva, "none"), (4, 1, 9_990));
    assert_eq!(figures(&by_sva, "iptv"), (2, 2, 19_980));
    assert_eq!(figures(&by_sva, ""), (6, 1, 9_990));

    // Each line opens to the customers behind it, as many as it counts late.
    for (by, label, names) in [
        (
            RateBy::Plan,
            "Fibra 500 + TV",
            vec!["Cliente 4", "Cliente 5"],
        ),
        (RateBy::Seller, "Rita Farias", vec!["Cliente 1"]),
        (RateBy::Sva, "", vec!["Cliente 8"]),
    ] {
        let page = store
            .late_customers(
                &LateQuery {
                    month: Some(month.clone()),
                    text: None,
                    group: Some(RateGroup {
                        by,
                        label: label.into(),
                    }),
                },
                today,
                &DEFAULT_STEPS,
            )
            .await
            .unwrap();
        let mut shown: Vec<&str> = page.rows.iter().map(|r| r.name.as_str()).collect();
        shown.sort_unstable();
        let expected: Vec<String> = names.iter().map(|n| format!("{n} Araújo")).collect();
        assert_eq!(page.total as usize, names.len(), "{by:?} {label}");
        assert_eq!(shown, expected, "{by:?} {label}");
    }
}
