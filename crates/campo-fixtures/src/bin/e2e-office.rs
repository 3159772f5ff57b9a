//! End-to-end set-up: the office's work the app cannot do yet (putting in a customer and an
//! order arrives with issue 18), done against a real server the way another office computer
//! would — a store of its own, signed in as an office person, writing through the Writer and
//! syncing through the real client. It registers a plan and a customer in the provider's
//! head-office municipality, opens an installation, approves it and schedules it for a
//! technician today (the provider's date), then syncs until the server has it all. Prints the
//! order's number.
//!   usage: e2e-office <server url> <login> <password> <technician's name>

use campo_domain::{CustomerDraft, OrderStatus, Period, Schedule, Transition};
use campo_fixtures::data::{plan, sale};
use campo_fixtures::server::device_at;
use campo_store::Actor;
use chrono::Utc;

fn fail(what: &str, e: impl std::fmt::Debug) -> ! {
    eprintln!("e2e-office: {what}: {e:?}");
    std::process::exit(1);
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, login, password, technician] = args.as_slice() else {
        eprintln!("usage: e2e-office <server url> <login> <password> <technician's name>");
        std::process::exit(2);
    };
    let office = device_at(url, login, password).await;
    let sync = || async {
        for _ in 0..5 {
            if office
                .engine
                .sync_once("e2e-office", Utc::now().timestamp_millis())
                .await
                .is_ok()
                && office
                    .store()
                    .sync_status()
                    .await
                    .is_ok_and(|s| s.pending == 0)
            {
                return;
            }
        }
        fail("sync", "the server did not take everything");
    };
    sync().await;
    let store = office.store();
    let technician_id = store
        .technician_skills()
        .await
        .unwrap_or_else(|e| fail("technicians", e))
        .into_iter()
        .find(|t| t.name == *technician)
        .map(|t| t.technician_id)
        .unwrap_or_else(|| fail("technician", technician));
    let technician_id = uuid::Uuid::parse_str(&technician_id).unwrap_or_else(|e| fail("id", e));
    let place = store.place().await.unwrap_or_else(|e| fail("place", e));
    let (lat, lon) = store
        .start_bases()
        .await
        .unwrap_or_else(|e| fail("bases", e))
        .first
        .unwrap_or_else(|| fail("bases", "the provider has no base"));
    let now = Utc::now();
    let mut w = store
        .writer(Actor { id: office.user })
        .await
        .unwrap_or_else(|e| fail("writer", e));
    let customer = CustomerDraft {
        name: "Raimunda Sales".into(),
        phone1: "(92) 99876-5432".into(),
        address: campo_domain::NewAddress {
            cep: "69005-010".into(),
            street: "Rua Henrique Martins".into(),
            number: "210".into(),
            neighbourhood: "Centro".into(),
            city: place.city().into(),
            uf: place.uf().into(),
            lat: Some(lat + 0.01),
            lon: Some(lon + 0.01),
            ..Default::default()
        },
        ..CustomerDraft::default()
    };
    let (_, _, order) = sale(&mut w, &plan(), &customer).await;
    for transition in [
        Transition {
            to: OrderStatus::Approved,
            reason: None,
            schedule: None,
        },
        Transition {
            to: OrderStatus::Scheduled,
            reason: None,
            schedule: Some(Schedule {
                date: place.today(),
                period: Period::Afternoon,
                technician_id,
            }),
        },
    ] {
        w.transition_order(order, &transition, now)
            .await
            .unwrap_or_else(|e| fail("transition", e));
    }
    w.commit().await.unwrap_or_else(|e| fail("commit", e));
    sync().await;
    let number = store
        .get_order(order)
        .await
        .unwrap_or_else(|e| fail("order", e))
        .order
        .number;
    println!("{number}");
}
