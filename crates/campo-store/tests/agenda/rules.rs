//! The provider's rules and calendar: edited deadline rules, company days off, a clock that
//! starts at the scheduling, and working hours without Saturday.

use campo_demo::today_in_recife;
use campo_domain::{Lang, Localized, OrderStatus, Period, Transition};
use campo_fixtures::data::{last_kind, outbox_len};
use campo_store::{Actor, StoreError};
use chrono::{Datelike, Days, NaiveDate};
use uuid::Uuid;

use crate::{demo, next_open_day, overview_counts, place, slot, states_in_the_list};

#[tokio::test]
async fn an_edited_deadline_rule_moves_open_deadlines_and_impossible_rules_are_refused() {
    use campo_domain::OrderKind;
    use campo_domain::sla::{AllowanceUnit, RuleInput};
    let (store, me) = demo().await;
    let board = store
        .board(&today_in_recife().to_string(), 7)
        .await
        .unwrap();
    let install = board
        .queue
        .iter()
        .chain(&board.orders)
        .find(|o| o.kind == OrderKind::Installation && o.deadline.is_some())
        .expect("an open installation")
        .id
        .clone();
    let install = Uuid::parse_str(&install).unwrap();
    let before = store
        .get_order(install)
        .await
        .unwrap()
        .order
        .deadline
        .unwrap();
    let rules = store.sla_rules().await.unwrap();
    let default = rules
        .iter()
        .find(|r| r.rule.kind == OrderKind::Installation)
        .unwrap();
    assert!(!default.edited);
    assert_eq!(default.rule.unit, AllowanceUnit::BusinessDays);
    assert_eq!(default.rule.amount, 10);

    // Twenty working days instead of ten: the deadline moves later, on this device at once.
    let longer = RuleInput {
        kind: OrderKind::Installation,
        unit: AllowanceUnit::BusinessDays,
        amount: 20,
        thresholds: vec![50, 100],
        // A rule from before the start could be chosen: it starts where the kind's does.
        starts: None,
        pausing: Vec::new(),
    };
    let ops = outbox_len(&store).await;
    let mut w = store.writer(me).await.unwrap();
    w.set_sla_rule(&longer, chrono::Utc::now()).await.unwrap();
    w.commit().await.unwrap();
    let after = store
        .get_order(install)
        .await
        .unwrap()
        .order
        .deadline
        .unwrap();
    assert!(after > before, "{after} should be after {before}");
    let pending = store.pending_operations(1_000_000).await.unwrap();
    assert_eq!(pending.len(), ops + 1);
    assert_eq!(pending[ops].kind, "sla.rule.set");
    let now = store.sla_rules().await.unwrap();
    let edited = now
        .iter()
        .find(|r| r.rule.kind == OrderKind::Installation)
        .unwrap();
    assert!(edited.edited);
    assert_eq!(
        edited.rule,
        RuleInput {
            starts: Some(campo_domain::sla::ClockStart::Approval),
            ..longer.clone()
        }
    );

    // Impossible rules are refused by name and nothing is written.
    for (bad, why) in [
        (
            RuleInput {
                amount: -3,
                ..longer.clone()
            },
            "O prazo precisa ser maior que zero",
        ),
        (
            RuleInput {
                thresholds: vec![75, 150],
                ..longer.clone()
            },
            "Os avisos precisam estar entre 1% e 100% do prazo",
        ),
    ] {
        let mut w = store.writer(me).await.unwrap();
        let err = w.set_sla_rule(&bad, chrono::Utc::now()).await.unwrap_err();
        assert_eq!(err.message(Lang::PtBr), why);
    }
    assert_eq!(outbox_len(&store).await, ops + 1);
    // Saved together, every problem of every rule is named at once, and none is written,
    // not even the possible rule saved alongside.
    let repair = RuleInput {
        kind: OrderKind::Repair,
        amount: 0,
        thresholds: vec![90, 80],
        ..longer.clone()
    };
    let fine = RuleInput {
        kind: OrderKind::Removal,
        amount: 7,
        ..longer.clone()
    };
    let worse = RuleInput {
        thresholds: vec![150],
        ..longer.clone()
    };
    let mut w = store.writer(me).await.unwrap();
    let err = w
        .set_sla_rules(&[fine.clone(), repair.clone(), worse], chrono::Utc::now())
        .await
        .unwrap_err();
    let StoreError::Rules(found) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        found
            .iter()
            .map(|(k, e)| (*k, e.field()))
            .collect::<Vec<_>>(),
        [
            (
                OrderKind::Repair,
                Some(campo_domain::sla::RuleField::Amount)
            ),
            (
                OrderKind::Repair,
                Some(campo_domain::sla::RuleField::Thresholds)
            ),
            (
                OrderKind::Installation,
                Some(campo_domain::sla::RuleField::Thresholds)
            ),
        ]
    );
    assert!(
        err.message(Lang::En).starts_with("Repair"),
        "{}",
        err.message(Lang::En)
    );
    drop(w);
    assert_eq!(outbox_len(&store).await, ops + 1);
    let mut w = store.writer(me).await.unwrap();
    let repair = RuleInput {
        amount: 24,
        thresholds: vec![80, 90],
        ..repair
    };
    w.set_sla_rules(&[fine, repair], chrono::Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert_eq!(outbox_len(&store).await, ops + 3);
    // A technician cannot change the rules.
    let tech = Uuid::parse_str(&board.technicians[0].id).unwrap();
    let mut w = store.writer(Actor { id: tech }).await.unwrap();
    let err = w
        .set_sla_rule(&longer, chrono::Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        err.message(Lang::PtBr),
        "Só a administração e a coordenação alteram as regras de prazo"
    );
}

#[tokio::test]
async fn a_company_day_off_closes_the_board_and_moves_deadlines_until_taken_back() {
    use campo_domain::OrderKind;
    use campo_domain::calendar::EditableLayer;
    let (store, me) = demo().await;
    let today = today_in_recife();
    let day = next_open_day(today.checked_add_days(Days::new(2)).unwrap());
    let year = day.year();
    assert!(
        store
            .days_off(year)
            .await
            .unwrap()
            .iter()
            .all(|d| !d.edited)
    );
    let board = store.board(&today.to_string(), 1).await.unwrap();
    let tech = Uuid::parse_str(&board.technicians[0].id).unwrap();
    // An installation waiting whose deadline (in working days) runs past that day.
    let waiting = board
        .queue
        .iter()
        .find(|o| {
            o.kind == OrderKind::Installation
                && o.status == OrderStatus::Approved
                && o.deadline
                    .as_deref()
                    .is_some_and(|d| d[..10] > *day.to_string())
        })
        .expect("an installation due after the day")
        .clone();
    let order = Uuid::parse_str(&waiting.id).unwrap();
    let deadline_before = waiting.deadline.clone();

    // A technician cannot change the calendar.
    let mut w = store.writer(Actor { id: tech }).await.unwrap();
    let err = w
        .add_day_off(
            day,
            "Folga",
            EditableLayer::Company,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.message(Lang::PtBr),
        "Só a administração e a coordenação alteram o calendário"
    );
    drop(w);

    // A visit already scheduled that day: the list says how many need another day.
    let other = board
        .queue
        .iter()
        .find(|o| o.status == OrderStatus::Approved && o.id != waiting.id)
        .expect("another order waiting");
    place(
        &store,
        me,
        slot(
            Uuid::parse_str(&other.id).unwrap(),
            day,
            Period::Afternoon,
            tech,
        ),
    )
    .await
    .unwrap();
    let scheduled_that_day = store
        .board(&day.to_string(), 1)
        .await
        .unwrap()
        .orders
        .iter()
        .filter(|o| matches!(o.status, OrderStatus::Scheduled | OrderStatus::EnRoute))
        .count() as u32;
    assert!(scheduled_that_day >= 1);

    let mut w = store.writer(me).await.unwrap();
    w.add_day_off(
        day,
        " Confraternização da empresa ",
        EditableLayer::Company,
        None,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    assert_eq!(last_kind(&store).await, "calendar.day.set");
    let ops = outbox_len(&store).await;
    let listed = store.days_off(year).await.unwrap();
    let added = listed.iter().find(|d| d.date == day.to_string()).unwrap();
    assert_eq!(
        (added.name.as_str(), added.layer.as_str(), added.edited),
        ("Confraternização da empresa", "company", true)
    );
    assert_eq!(added.visits, scheduled_that_day);

    // The board closes that day and scheduling there is refused by the day's name.
    let closed = store.board(&day.to_string(), 1).await.unwrap();
    assert!(!closed.days[0].open);
    assert_eq!(
        closed.days[0].holiday.as_deref(),
        Some("Confraternização da empresa")
    );
    let err = place(&store, me, slot(order, day, Period::Morning, tech))
        .await
        .unwrap_err();
    assert!(
        err.message(Lang::PtBr)
            .contains("Confraternização da empresa"),
        "{err}"
    );
    // The day no longer counts: the installation's deadline moves a working day later.
    let moved = store.get_order(order).await.unwrap().order.deadline;
    assert!(moved > deadline_before, "{moved:?} vs {deadline_before:?}");

    // A day already off is refused by its name; nothing is written.
    let christmas = NaiveDate::from_ymd_opt(year, 12, 25).unwrap();
    let mut w = store.writer(me).await.unwrap();
    let err = w
        .add_day_off(
            christmas,
            "Natal da firma",
            EditableLayer::Company,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.message(Lang::PtBr),
        format!("25/12/{year} já é feriado: Natal")
    );
    drop(w);
    assert_eq!(outbox_len(&store).await, ops);

    // Taken back: the day is open again and the deadline is what it was.
    let mut w = store.writer(me).await.unwrap();
    w.remove_day_off(day, None, chrono::Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert!(store.board(&day.to_string(), 1).await.unwrap().days[0].open);
    assert_eq!(
        store.get_order(order).await.unwrap().order.deadline,
        deadline_before
    );
    let mut w = store.writer(me).await.unwrap();
    let err = w
        .remove_day_off(day, None, chrono::Utc::now())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err}");
}

#[tokio::test]
async fn a_rule_can_count_from_the_scheduling_and_stop_while_a_failed_visit_waits() {
    use campo_domain::order::Schedule;
    use campo_domain::sla::{ClockStart, RuleInput};
    use campo_store::views::DeadlineState;
    let (store, me) = demo().await;
    let today = today_in_recife();
    let board = store.board(&today.to_string(), 1).await.unwrap();
    let tech = Uuid::parse_str(&board.technicians[0].id).unwrap();
    let waiting = board
        .queue
        .iter()
        .find(|o| {
            o.status == OrderStatus::Approved && o.deadline_state == Some(DeadlineState::OnTrack)
        })
        .expect("an order waiting, on track")
        .clone();
    let order = Uuid::parse_str(&waiting.id).unwrap();
    // Scheduled two days ago, the visit failed two hours later and it waits since.
    let now = chrono::Utc::now();
    let two_days_ago = now - chrono::TimeDelta::days(2);
    let mut w = store.writer(me).await.unwrap();
    for (to, at) in [
        (OrderStatus::Scheduled, two_days_ago),
        (
            OrderStatus::EnRoute,
            two_days_ago + chrono::TimeDelta::hours(1),
        ),
        (
            OrderStatus::NotDone,
            two_days_ago + chrono::TimeDelta::hours(2),
        ),
    ] {
        w.transition_order(
            order,
            &Transition {
                to,
                reason: (to == OrderStatus::NotDone).then(|| "Cliente ausente".to_owned()),
                schedule: (to == OrderStatus::Scheduled).then_some(Schedule {
                    date: today,
                    period: Period::Morning,
                    technician_id: tech,
                }),
            },
            at,
        )
        .await
        .unwrap();
    }
    w.commit().await.unwrap();
    let before = store
        .get_order(order)
        .await
        .unwrap()
        .order
        .deadline
        .unwrap();

    let current = store
        .sla_rules()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.rule.kind == waiting.kind)
        .unwrap()
        .rule;
    let stopping = RuleInput {
        starts: Some(ClockStart::Scheduling),
        pausing: vec![OrderStatus::NotDone],
        ..current
    };
    let mut w = store.writer(me).await.unwrap();
    w.set_sla_rule(&stopping, now).await.unwrap();
    w.commit().await.unwrap();
    assert_eq!(
        store
            .sla_rules()
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.rule.kind == waiting.kind)
            .unwrap()
            .rule,
        stopping
    );
    // Counted from two days ago, and not since the visit failed: later than before.
    let after = store
        .get_order(order)
        .await
        .unwrap()
        .order
        .deadline
        .unwrap();
    assert!(after > before, "{after} should be after {before}");
    // Still waiting in "não realizada", the clock is stopped: judged live, and the overview
    // agrees with the list.
    assert_eq!(
        overview_counts(&store).await,
        states_in_the_list(&store).await
    );
    let later = store
        .get_order(order)
        .await
        .unwrap()
        .order
        .deadline
        .unwrap();
    assert!(later >= after);
}

#[tokio::test]
async fn working_hours_without_saturday_close_saturdays_and_move_business_deadlines() {
    use campo_domain::OrderKind;
    let (store, me) = demo().await;
    let today = today_in_recife();
    let mut saturday = next_open_day(today);
    while saturday.weekday() != chrono::Weekday::Sat {
        saturday = next_open_day(saturday);
    }
    let hours = store.week_hours().await.unwrap();
    assert_eq!(
        hours.days[5],
        Some((8 * 60, 12 * 60)),
        "Saturday mornings by default"
    );
    // An installation approved now, under twenty business days: its window reaches the coming
    // open Saturday (past a holiday Saturday too), whatever day the suite runs on.
    let order = {
        let mut w = store.writer(me).await.unwrap();
        w.set_sla_rule(
            &campo_domain::sla::RuleInput {
                kind: OrderKind::Installation,
                unit: campo_domain::sla::AllowanceUnit::BusinessDays,
                amount: 20,
                thresholds: vec![75, 100],
                starts: None,
                pausing: Vec::new(),
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        let plan = campo_store::write::NewPlan {
            name: "Fibra 500 Mega (teste)".into(),
            ..campo_fixtures::plan()
        };
        let (_, _, order) = campo_fixtures::sale(&mut w, &plan, &campo_fixtures::customer()).await;
        w.transition_order(
            order,
            &campo_fixtures::go(OrderStatus::Approved),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        w.commit().await.unwrap();
        order
    };
    let board = store.board(&today.to_string(), 1).await.unwrap();
    let waiting = board
        .queue
        .iter()
        .find(|o| o.id == order.to_string())
        .expect("the installation waits to be scheduled")
        .clone();
    assert_eq!(waiting.kind, OrderKind::Installation);
    assert!(
        waiting
            .deadline
            .as_deref()
            .is_some_and(|d| d[..10] >= *saturday.to_string()),
        "due on Saturday {saturday} or later: {:?}",
        waiting.deadline
    );

    let mut weekdays_only = hours.clone();
    weekdays_only.days[5] = None;
    let tech = Uuid::parse_str(&board.technicians[0].id).unwrap();
    let mut w = store.writer(Actor { id: tech }).await.unwrap();
    assert!(
        w.set_week_hours(&weekdays_only, chrono::Utc::now())
            .await
            .is_err()
    );
    drop(w);
    let mut w = store.writer(me).await.unwrap();
    let mut backwards = hours.clone();
    backwards.days[0] = Some((18 * 60, 8 * 60));
    let err = w
        .set_week_hours(&backwards, chrono::Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        err.message(Lang::PtBr),
        "O horário de segunda precisa terminar depois de começar, entre 00:00 e 24:00"
    );
    w.set_week_hours(&weekdays_only, chrono::Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert_eq!(last_kind(&store).await, "calendar.hours.set");
    assert_eq!(store.week_hours().await.unwrap(), weekdays_only);
    assert!(!store.board(&saturday.to_string(), 1).await.unwrap().days[0].open);
    let moved = store.get_order(order).await.unwrap().order.deadline;
    assert!(
        moved > waiting.deadline,
        "{moved:?} vs {:?}",
        waiting.deadline
    );
    // The header's count agrees with the list under the new hours.
    assert_eq!(
        overview_counts(&store).await,
        states_in_the_list(&store).await
    );
}
