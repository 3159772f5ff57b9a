//! The dispatch board, deadlines, and the provider's rules and calendar, on a small demo
//! provider; the shared demo and helpers live here.

mod board;
mod deadlines;
mod rules;

use campo_demo::{DEFAULT_SEED, DemoSize, today_in_recife};
use campo_domain::calendar::BusinessCalendar;
use campo_domain::{Lang, Period};
use campo_store::agenda::SlotRequest;
use campo_store::{Actor, Store, StoreError};
use chrono::{Datelike, Days, NaiveDate};
use uuid::Uuid;

const SMALL: DemoSize = DemoSize {
    technicians: 4,
    customers: 80,
    orders: 300,
    days: 20,
};

async fn demo() -> (Store, Actor) {
    let store = Store::open_in_memory().await.unwrap();
    let summary = campo_demo::seed_demo(&store, SMALL, DEFAULT_SEED, today_in_recife())
        .await
        .unwrap();
    (
        store,
        Actor {
            id: summary.local_user,
        },
    )
}

/// The board's request to put `order_id` on `day`, in `period`, with `technician_id`.
fn slot(order_id: Uuid, day: NaiveDate, period: Period, technician_id: Uuid) -> SlotRequest {
    SlotRequest {
        order_id,
        date: day.to_string(),
        period,
        technician_id,
        reason: None,
    }
}

/// The same request, with the reason the move needs.
fn slot_because(
    order_id: Uuid,
    day: NaiveDate,
    period: Period,
    tech: Uuid,
    why: &str,
) -> SlotRequest {
    SlotRequest {
        reason: Some(why.to_owned()),
        ..slot(order_id, day, period, tech)
    }
}

/// Places a visit as a dispatcher does on the board; its warnings in pt-BR.
async fn place(store: &Store, me: Actor, request: SlotRequest) -> Result<Vec<String>, StoreError> {
    store.schedule_on_board(me, request, Lang::PtBr).await
}

/// Route planning of `date` with the queue, as the Rotas page asks for it.
async fn plan_day(store: &Store, date: String) -> campo_planning::RoutePlanView {
    campo_planning::plan_routes(
        store,
        &campo_planning::PlanRequest {
            date,
            include_queue: true,
            ..Default::default()
        },
        std::time::Duration::from_millis(200),
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
        Lang::PtBr,
    )
    .await
    .unwrap()
}

/// The next day after `after` that is a working day and not a holiday.
fn next_open_day(after: NaiveDate) -> NaiveDate {
    next_day(after, |cal, d| {
        campo_domain::agenda::check_day(cal, after, d).is_ok()
    })
}

/// The next holiday after `after`.
fn next_holiday(after: NaiveDate) -> NaiveDate {
    next_day(after, |cal, d| cal.day_off(d).is_some())
}

/// The first day after `after` that Recife's calendar says `fits`.
fn next_day(after: NaiveDate, fits: impl Fn(&BusinessCalendar, NaiveDate) -> bool) -> NaiveDate {
    let cal =
        BusinessCalendar::for_place("PE", "Recife", after.year() - 1..=after.year() + 2, true);
    (1..)
        .map(|n| after.checked_add_days(Days::new(n)).unwrap())
        .find(|d| fits(&cal, *d))
        .unwrap()
}

/// Counts of open orders per deadline state as the order list (each row judged on its own)
/// sees them: on track, at risk, breached.
async fn states_in_the_list(store: &Store) -> (u32, u32, u32) {
    use campo_store::views::{DeadlineState, OrderFilter, PageRequest};
    let mut counts = (0, 0, 0);
    let mut offset = 0;
    loop {
        let page = store
            .list_orders(&OrderFilter::default(), PageRequest { offset, limit: 500 })
            .await
            .unwrap();
        for row in &page.rows {
            match row.deadline_state {
                Some(DeadlineState::OnTrack) => counts.0 += 1,
                Some(DeadlineState::AtRisk) => counts.1 += 1,
                Some(DeadlineState::Breached) => counts.2 += 1,
                _ => {}
            }
        }
        offset += 500;
        if offset >= page.total {
            return counts;
        }
    }
}

async fn overview_counts(store: &Store) -> (u32, u32, u32) {
    let o = store.deadline_overview().await.unwrap();
    assert_eq!(o.open, o.on_track + o.at_risk + o.breached);
    (o.on_track, o.at_risk, o.breached)
}
