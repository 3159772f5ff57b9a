//! Planning a day's routes on a small demo provider, evaluating a manual change, applying.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use campo_domain::{Lang, OrderStatus};
use campo_store::demo::{DEFAULT_SEED, DemoSize, today_in_recife};
use campo_store::routes::{PlanRequest, RouteInput};
use campo_store::{Actor, Store};
use uuid::Uuid;

const SMALL: DemoSize = DemoSize {
    technicians: 4,
    customers: 80,
    orders: 300,
    days: 20,
};

#[tokio::test]
async fn a_days_plan_serves_every_order_once_or_says_why_and_applies_to_the_agenda() {
    let store = Store::open_in_memory().await.unwrap();
    let summary = store
        .seed_demo(SMALL, DEFAULT_SEED, today_in_recife())
        .await
        .unwrap();
    let me = Actor {
        id: summary.local_user,
    };
    // The demo's busiest coming day.
    let board = store
        .board(&today_in_recife().to_string(), 7)
        .await
        .unwrap();
    let day = board
        .days
        .iter()
        .filter(|d| d.open)
        .max_by_key(|d| {
            board
                .orders
                .iter()
                .filter(|o| {
                    o.scheduled_date.as_deref() == Some(d.date.as_str())
                        && o.status == OrderStatus::Scheduled
                })
                .count()
        })
        .unwrap()
        .date
        .clone();
    let scheduled: HashSet<String> = board
        .orders
        .iter()
        .filter(|o| {
            o.scheduled_date.as_deref() == Some(day.as_str())
                && matches!(o.status, OrderStatus::Scheduled | OrderStatus::EnRoute)
        })
        .map(|o| o.id.clone())
        .collect();
    assert!(!scheduled.is_empty());

    let plan = store
        .plan_routes(
            &PlanRequest {
                date: day.clone(),
                include_queue: false,
                keep_technicians: false,
                period: None,
                technicians: Vec::new(),
            },
            Duration::from_millis(400),
            Arc::new(AtomicBool::new(false)),
            Lang::PtBr,
        )
        .await
        .unwrap();
    let mut seen = HashSet::new();
    for r in &plan.routes {
        for s in &r.stops {
            assert!(seen.insert(s.order_id.clone()), "{} twice", s.order_id);
            assert!(s.arrival <= s.start);
        }
        assert!(r.km > 0.0);
    }
    for u in &plan.unassigned {
        assert!(seen.insert(u.order_id.clone()));
        assert!(!u.reason.is_empty());
    }
    assert_eq!(
        seen, scheduled,
        "every order of the day is in a route or left out with a reason"
    );

    // Keeping each order with its technician only orders the visits.
    let kept = store
        .plan_routes(
            &PlanRequest {
                date: day.clone(),
                include_queue: false,
                keep_technicians: true,
                period: None,
                technicians: Vec::new(),
            },
            Duration::from_millis(300),
            Arc::new(AtomicBool::new(false)),
            Lang::PtBr,
        )
        .await
        .unwrap();
    for r in &kept.routes {
        for s in &r.stops {
            let o = board.orders.iter().find(|o| o.id == s.order_id).unwrap();
            assert_eq!(o.technician_id.as_deref(), Some(r.technician_id.as_str()));
        }
    }

    // Only the mornings of one technician.
    let one = board.technicians[0].id.clone();
    let mornings = store
        .plan_routes(
            &PlanRequest {
                date: day.clone(),
                include_queue: false,
                keep_technicians: true,
                period: Some(campo_domain::Period::Morning),
                technicians: vec![one.clone()],
            },
            Duration::from_millis(200),
            Arc::new(AtomicBool::new(false)),
            Lang::PtBr,
        )
        .await
        .unwrap();
    for r in &mornings.routes {
        assert_eq!(r.technician_id, one);
        for s in &r.stops {
            assert!(s.start.as_str() <= "12:00", "{}", s.start);
            let o = board.orders.iter().find(|o| o.id == s.order_id).unwrap();
            assert_eq!(o.period, Some(campo_domain::Period::Morning));
        }
    }

    // Moving the last stop of the first route to the front: evaluated as given, not reordered.
    let mut routes: Vec<RouteInput> = plan
        .routes
        .iter()
        .map(|r| RouteInput {
            technician_id: r.technician_id.clone(),
            order_ids: r.stops.iter().map(|s| s.order_id.clone()).collect(),
        })
        .collect();
    let first = &mut routes[0].order_ids;
    let last = first.pop().unwrap();
    first.insert(0, last.clone());
    let manual = store
        .evaluate_routes(&day, &routes, Lang::PtBr)
        .await
        .unwrap();
    assert_eq!(manual.routes[0].stops[0].order_id, last);

    // Applying the solver's plan moves orders on the agenda and records each visiting order.
    let planned: Vec<RouteInput> = plan
        .routes
        .iter()
        .map(|r| RouteInput {
            technician_id: r.technician_id.clone(),
            order_ids: r.stops.iter().map(|s| s.order_id.clone()).collect(),
        })
        .collect();
    let before = store.pending_operations(1_000_000).await.unwrap().len();
    store
        .apply_routes(me, &day, &planned, Lang::PtBr)
        .await
        .unwrap();
    let ops = store.pending_operations(1_000_000).await.unwrap();
    assert!(
        ops[before..]
            .iter()
            .filter(|o| o.kind == "route.set")
            .count()
            == planned.len()
    );
    for r in &planned {
        assert_eq!(
            store.route_order(&day, &r.technician_id).await.unwrap(),
            r.order_ids
        );
        for id in &r.order_ids {
            let o = store
                .get_order(Uuid::parse_str(id).unwrap())
                .await
                .unwrap()
                .order;
            assert_eq!(o.technician_id.as_deref(), Some(r.technician_id.as_str()));
            assert_eq!(o.scheduled_date.as_deref(), Some(day.as_str()));
        }
    }
}
