//! The dispatch board and a technician's day on a small demo provider.

use campo_demo::{DEFAULT_SEED, DemoSize, today_in_recife};
use campo_domain::calendar::BusinessCalendar;
use campo_domain::{Lang, Localized, OrderStatus, Period, Transition};
use campo_store::agenda::SlotRequest;
use campo_store::indicators::IndicatorFilter;
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

fn slot(
    order_id: Uuid,
    date: &str,
    period: Period,
    technician_id: Uuid,
    reason: Option<String>,
) -> SlotRequest {
    SlotRequest {
        order_id,
        date: date.to_owned(),
        period,
        technician_id,
        reason,
    }
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

/// The next day from `today` (exclusive) that is a working day and not a holiday.
fn next_open_day(after: NaiveDate) -> NaiveDate {
    let cal =
        BusinessCalendar::for_place("PE", "Recife", after.year() - 1..=after.year() + 2, true);
    let mut d = after;
    loop {
        d = d.checked_add_days(Days::new(1)).unwrap();
        if campo_domain::agenda::check_day(&cal, after, d).is_ok() {
            return d;
        }
    }
}

fn next_holiday(after: NaiveDate) -> NaiveDate {
    let cal =
        BusinessCalendar::for_place("PE", "Recife", after.year() - 1..=after.year() + 2, true);
    let mut d = after;
    loop {
        d = d.checked_add_days(Days::new(1)).unwrap();
        if cal.day_off(d).is_some() {
            return d;
        }
    }
}

#[tokio::test]
async fn the_board_shows_the_week_and_the_queue_failed_visits_first() {
    let (store, _) = demo().await;
    let today = today_in_recife();
    let board = store.board(&today.to_string(), 7).await.unwrap();
    assert_eq!(board.days.len(), 7);
    assert_eq!(board.days[0].date, today.to_string());
    assert_eq!(board.technicians.len(), 4);
    let last = board.days[6].date.clone();
    assert!(!board.orders.is_empty());
    for o in &board.orders {
        let d = o.scheduled_date.as_deref().unwrap();
        assert!(
            d >= board.days[0].date.as_str() && d <= last.as_str(),
            "{d}"
        );
        assert!(o.technician_id.is_some());
    }
    assert!(!board.queue.is_empty());
    assert!(
        board
            .queue
            .iter()
            .all(|o| matches!(o.status, OrderStatus::Approved | OrderStatus::NotDone))
    );
    let first_approved = board
        .queue
        .iter()
        .position(|o| o.status == OrderStatus::Approved)
        .unwrap_or(board.queue.len());
    assert!(
        board.queue[first_approved..]
            .iter()
            .all(|o| o.status == OrderStatus::Approved),
        "failed visits come first"
    );
    // Each cell's load is the service time of the orders in it.
    for c in &board.cells {
        let minutes: u32 = board
            .orders
            .iter()
            .filter(|o| {
                o.status != OrderStatus::NotDone
                    && o.technician_id.as_deref() == Some(c.technician_id.as_str())
                    && o.scheduled_date.as_deref() == Some(c.date.as_str())
                    && o.period == Some(c.period)
            })
            .map(|o| board.settings.service_minutes(o.kind))
            .sum();
        assert_eq!(minutes, c.load_minutes);
    }
}

#[tokio::test]
async fn scheduling_from_the_board_refuses_bad_days_and_warns_over_capacity() {
    let (store, me) = demo().await;
    let today = today_in_recife();
    let board = store.board(&today.to_string(), 1).await.unwrap();
    let tech = Uuid::parse_str(&board.technicians[0].id).unwrap();
    let approved: Vec<Uuid> = board
        .queue
        .iter()
        .filter(|o| o.status == OrderStatus::Approved)
        .map(|o| Uuid::parse_str(&o.id).unwrap())
        .collect();
    assert!(approved.len() >= 6, "the demo has orders waiting");
    let before = store.pending_operations(1_000_000).await.unwrap().len();

    let past = today.checked_sub_days(Days::new(3)).unwrap();
    let err = store
        .schedule_on_board(
            me,
            slot(approved[0], &past.to_string(), Period::Morning, tech, None),
            Lang::PtBr,
        )
        .await
        .unwrap_err();
    assert!(
        err.message(Lang::PtBr).starts_with("Data no passado"),
        "{err}"
    );
    let holiday = next_holiday(today);
    let err = store
        .schedule_on_board(
            me,
            slot(
                approved[0],
                &holiday.to_string(),
                Period::Morning,
                tech,
                None,
            ),
            Lang::PtBr,
        )
        .await
        .unwrap_err();
    assert!(err.message(Lang::PtBr).contains("é feriado"), "{err}");
    assert_eq!(
        store.pending_operations(1_000_000).await.unwrap().len(),
        before,
        "refusals write nothing"
    );

    // A day far enough ahead that the demo left it empty: 240 min of morning hold three
    // 80-min installations or fewer; the period fills and the next ones warn.
    let day = next_open_day(today.checked_add_days(Days::new(40)).unwrap());
    let mut warnings = Vec::new();
    for id in &approved[..5] {
        warnings.push(
            store
                .schedule_on_board(
                    me,
                    slot(*id, &day.to_string(), Period::Morning, tech, None),
                    Lang::PtBr,
                )
                .await
                .unwrap(),
        );
    }
    assert!(warnings[0].is_empty());
    assert!(
        warnings[4][0].starts_with("Acima da capacidade"),
        "{warnings:?}"
    );
    let board = store.board(&day.to_string(), 1).await.unwrap();
    assert_eq!(board.orders.len(), 5);
    assert!(
        board
            .queue
            .iter()
            .all(|o| !approved[..5].contains(&Uuid::parse_str(&o.id).unwrap()))
    );
    let cell = &board.cells[0];
    assert!(cell.load_minutes > cell.capacity_minutes);

    // Moving one to another technician is a reschedule: it needs a reason, kept in history.
    let other = Uuid::parse_str(&board.technicians[1].id).unwrap();
    let err = store
        .schedule_on_board(
            me,
            slot(
                approved[0],
                &day.to_string(),
                Period::Afternoon,
                other,
                None,
            ),
            Lang::PtBr,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Transition(_)), "{err:?}");
    store
        .schedule_on_board(
            me,
            slot(
                approved[0],
                &day.to_string(),
                Period::Afternoon,
                other,
                Some("Técnico de folga".into()),
            ),
            Lang::PtBr,
        )
        .await
        .unwrap();
    let detail = store.get_order(approved[0]).await.unwrap();
    assert_eq!(detail.order.period, Some(Period::Afternoon));
    assert_eq!(
        detail.history.last().unwrap().reason.as_deref(),
        Some("Técnico de folga")
    );
}

#[tokio::test]
async fn a_technicians_day_lists_visits_and_a_failed_one_returns_to_the_queue() {
    let (store, me) = demo().await;
    let today = today_in_recife();
    let board = store.board(&today.to_string(), 1).await.unwrap();
    let tech = Uuid::parse_str(&board.technicians[0].id).unwrap();
    let approved = Uuid::parse_str(
        &board
            .queue
            .iter()
            .find(|o| o.status == OrderStatus::Approved)
            .unwrap()
            .id,
    )
    .unwrap();
    let day = next_open_day(today.checked_add_days(Days::new(40)).unwrap());
    store
        .schedule_on_board(
            me,
            slot(approved, &day.to_string(), Period::Afternoon, tech, None),
            Lang::PtBr,
        )
        .await
        .unwrap();
    let view = store
        .day_of(Some(tech), Some(&day.to_string()), Lang::PtBr)
        .await
        .unwrap();
    assert_eq!(view.visits.len(), 1);
    let visit = &view.visits[0];
    assert_eq!(visit.detail.order.id, approved.to_string());
    assert!(!visit.detail.customer.phones.is_empty());
    assert!(
        view.not_done_reasons
            .contains(&"customer_absent".to_owned())
    );

    for to in [OrderStatus::EnRoute, OrderStatus::NotDone] {
        store
            .transition_order(
                me,
                approved,
                Transition {
                    to,
                    reason: (to == OrderStatus::NotDone)
                        .then(|| "Cliente ausente: ninguém atendeu".to_owned()),
                    schedule: None,
                },
            )
            .await
            .unwrap();
    }
    let board = store.board(&today.to_string(), 1).await.unwrap();
    assert_eq!(board.queue[0].status, OrderStatus::NotDone);
    assert!(board.queue.iter().any(|o| o.id == approved.to_string()));
}

#[tokio::test]
async fn pausing_the_clock_moves_the_deadline_later_and_is_in_the_record() {
    let (store, me) = demo().await;
    let board = store
        .board(&today_in_recife().to_string(), 7)
        .await
        .unwrap();
    // An order whose deadline is still ahead (a pause after a deadline changes nothing).
    let order = Uuid::parse_str(
        &board
            .queue
            .iter()
            .chain(&board.orders)
            .find(|o| {
                matches!(o.status, OrderStatus::Approved | OrderStatus::Scheduled)
                    && o.deadline_state == Some(campo_store::views::DeadlineState::OnTrack)
            })
            .expect("an order on track")
            .id,
    )
    .unwrap();
    let before = store.get_order(order).await.unwrap();
    assert!(before.can_pause && !before.paused);
    let mut w = store.writer(me).await.unwrap();
    // Paused two days ago: the time since then no longer counts.
    let two_days_ago = chrono::Utc::now() - chrono::TimeDelta::days(2);
    w.pause_order(
        order,
        "Aguardando o cliente liberar o acesso ao prédio",
        two_days_ago,
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    let paused = store.get_order(order).await.unwrap();
    assert!(paused.paused && !paused.can_pause);
    assert!(
        paused.order.deadline > before.order.deadline,
        "{:?} should be after {:?}",
        paused.order.deadline,
        before.order.deadline
    );
    assert_eq!(
        paused.pauses[0].reason,
        "Aguardando o cliente liberar o acesso ao prédio"
    );
    let mut w = store.writer(me).await.unwrap();
    let twice = w
        .pause_order(order, "de novo", chrono::Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        twice.message(Lang::PtBr),
        "O prazo desta ordem já está pausado"
    );
    drop(w);
    let mut w = store.writer(me).await.unwrap();
    w.resume_order(order, Some("Síndico liberou"), chrono::Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    let resumed = store.get_order(order).await.unwrap();
    assert!(!resumed.paused && resumed.can_pause);
    assert_eq!(resumed.pauses[0].note.as_deref(), Some("Síndico liberou"));
    assert!(resumed.order.deadline >= paused.order.deadline);
    let kinds: Vec<String> = store
        .pending_operations(1_000_000)
        .await
        .unwrap()
        .into_iter()
        .rev()
        .take(2)
        .map(|o| o.kind)
        .collect();
    assert_eq!(kinds, ["order.resume", "order.pause"]);
    let mut w = store.writer(me).await.unwrap();
    let not_paused = w
        .resume_order(order, None, chrono::Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        not_paused.message(Lang::PtBr),
        "O prazo desta ordem não está pausado"
    );
}

#[tokio::test]
async fn the_deadline_overview_agrees_with_each_orders_deadline() {
    let (store, _) = demo().await;
    let overview = store.deadline_overview().await.unwrap();
    assert_eq!(
        overview.open,
        overview.on_track + overview.at_risk + overview.breached
    );
    assert!(overview.breached > 0, "the demo has late orders");
    // Breached first, then at risk.
    let first_at_risk = overview
        .alerts
        .iter()
        .position(|a| a.state == campo_store::views::DeadlineState::AtRisk)
        .unwrap_or(overview.alerts.len());
    assert!(
        overview.alerts[first_at_risk..]
            .iter()
            .all(|a| a.state == campo_store::views::DeadlineState::AtRisk)
    );
    // Each alert says what the order page says.
    for alert in overview.alerts.iter().take(10) {
        let page = store
            .get_order(Uuid::parse_str(&alert.id).unwrap())
            .await
            .unwrap();
        assert_eq!(page.order.deadline_state, Some(alert.state));
        assert_eq!(
            page.order.deadline.as_deref(),
            Some(alert.deadline.as_str())
        );
    }
}

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
    let ops = store.pending_operations(1_000_000).await.unwrap().len();
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
    assert_eq!(
        store.pending_operations(1_000_000).await.unwrap().len(),
        ops + 1
    );
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
    assert_eq!(
        store.pending_operations(1_000_000).await.unwrap().len(),
        ops + 1
    );
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
    assert_eq!(
        store.pending_operations(1_000_000).await.unwrap().len(),
        ops + 3
    );
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
async fn an_absent_technician_gets_no_visits_and_is_left_out_of_route_plans() {
    let (store, me) = demo().await;
    let day = next_open_day(today_in_recife());
    let board = store.board(&day.to_string(), 1).await.unwrap();
    // The technician with the most visits that day (an absence strands them).
    let visits_of = |id: &str| {
        board
            .orders
            .iter()
            .filter(|o| o.technician_id.as_deref() == Some(id))
            .filter(|o| matches!(o.status, OrderStatus::Scheduled | OrderStatus::EnRoute))
            .count()
    };
    let tech = board
        .technicians
        .iter()
        .max_by_key(|t| visits_of(&t.id))
        .unwrap();
    let tech_id = Uuid::parse_str(&tech.id).unwrap();
    let waiting = Uuid::parse_str(&board.queue[0].id).unwrap();
    let waiting_status = board.queue[0].status;

    // Bad input is refused by name and nothing is written.
    let ops = store.pending_operations(1_000_000).await.unwrap().len();
    let mut w = store.writer(me).await.unwrap();
    let err = w
        .record_absence(tech_id, day, day, "  ", chrono::Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        err.message(Lang::PtBr),
        "Diga o motivo da ausência (férias, atestado, treinamento …)"
    );
    let err = w
        .record_absence(
            tech_id,
            day,
            day.pred_opt().unwrap(),
            "Férias",
            chrono::Utc::now(),
        )
        .await
        .unwrap_err();
    assert!(err.message(Lang::PtBr).starts_with("A ausência termina"));
    drop(w);
    assert_eq!(
        store.pending_operations(1_000_000).await.unwrap().len(),
        ops
    );

    let mut w = store.writer(me).await.unwrap();
    let absence = w
        .record_absence(tech_id, day, day, "Atestado médico", chrono::Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    let pending = store.pending_operations(1_000_000).await.unwrap();
    assert_eq!(pending.last().unwrap().kind, "technician.absence.set");
    let scheduled_then = visits_of(&tech.id);
    assert!(scheduled_then > 0, "a technician with visits that day");
    assert_eq!(
        store.visits_during(tech_id, day, day).await.unwrap() as usize,
        scheduled_then,
        "the visits the absence leaves without anyone"
    );

    let board = store.board(&day.to_string(), 1).await.unwrap();
    assert_eq!(board.absences.len(), 1);
    assert_eq!(board.absences[0].reason, "Atestado médico");
    let err = store
        .schedule_on_board(
            me,
            slot(waiting, &day.to_string(), Period::Morning, tech_id, None),
            Lang::PtBr,
        )
        .await
        .unwrap_err();
    let date = day.format("%d/%m/%Y");
    assert_eq!(
        err.message(Lang::PtBr),
        format!(
            "{} está ausente em {date} (Atestado médico): escolha outro técnico ou dia",
            tech.name
        )
    );
    assert_eq!(
        store.get_order(waiting).await.unwrap().order.status,
        waiting_status,
        "nothing half-saved"
    );
    // Route planning that day leaves the technician out.
    let plan = plan_day(&store, day.to_string()).await;
    assert!(plan.routes.iter().all(|r| r.technician_id != tech.id));

    // Removed, the day is theirs again.
    let mut w = store.writer(me).await.unwrap();
    w.remove_absence(absence, chrono::Utc::now()).await.unwrap();
    w.commit().await.unwrap();
    assert!(
        store
            .board(&day.to_string(), 1)
            .await
            .unwrap()
            .absences
            .is_empty()
    );
    store
        .schedule_on_board(
            me,
            slot(waiting, &day.to_string(), Period::Morning, tech_id, None),
            Lang::PtBr,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn the_compliance_report_counts_each_visit_once_per_grouping_and_exports_csv() {
    let (store, _me) = demo().await;
    let to = today_in_recife();
    let from = to.checked_sub_days(Days::new(20)).unwrap();
    let report = store
        .field_indicators(
            &IndicatorFilter::period(from.to_string(), to.to_string()),
            Lang::PtBr,
        )
        .await
        .unwrap();
    let t = &report.total;
    assert!(t.orders > 0 && t.done > 0, "{t:?}");
    assert_eq!(t.orders, t.met + t.late + t.open);
    assert!(t.done_on_date <= t.done);
    // Every grouping splits the same orders.
    for group in [&report.by_kind, &report.by_technician, &report.by_week] {
        assert_eq!(group.iter().map(|r| r.orders).sum::<u32>(), t.orders);
        assert_eq!(group.iter().map(|r| r.met).sum::<u32>(), t.met);
        assert_eq!(
            group.iter().map(|r| r.done_on_date).sum::<u32>(),
            t.done_on_date
        );
    }
    let judged = t.met + t.late;
    assert!(judged > 0, "the demo's past visits are judged");
    let pct = t.compliance_pct.unwrap();
    assert!((pct - f64::from(t.met) * 100.0 / f64::from(judged)).abs() < 0.06);
    assert!(report.by_week[0].label.starts_with("Semana de "));
    // The CSV has a header and one line per row of the report.
    let csv = report.to_csv(Lang::PtBr);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("agrupamento;item;ordens;no prazo"));
    assert_eq!(
        lines.len(),
        2 + report.by_kind.len() + report.by_technician.len() + report.by_week.len()
    );
    assert!(lines[1].starts_with(&format!("total;Total;{};{}", t.orders, t.met)));

    // A period backwards, or over a year, is refused by name.
    let err = store
        .field_indicators(
            &IndicatorFilter::period(to.to_string(), from.to_string()),
            Lang::PtBr,
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.message(Lang::PtBr),
        "O período precisa terminar depois de começar e ter até um ano"
    );
}

#[tokio::test]
async fn each_deadline_crossing_is_told_once() {
    use campo_store::deadline::crossing_notice;
    use campo_store::views::DeadlineState;
    let (store, _me) = demo().await;
    let now = chrono::Utc::now();
    let overview = store.deadline_overview().await.unwrap();
    let first = store.new_deadline_crossings(now).await.unwrap();
    assert_eq!(
        first.len() as u32,
        overview.at_risk + overview.breached,
        "every order past a threshold, once"
    );
    assert!(
        store.new_deadline_crossings(now).await.unwrap().is_empty(),
        "no repeats"
    );
    // Weeks later the orders that were at risk have breached: told again, once, as breached.
    let at_risk: Vec<&str> = first
        .iter()
        .filter(|a| a.state == DeadlineState::AtRisk)
        .map(|a| a.id.as_str())
        .collect();
    let later = now + chrono::TimeDelta::days(40);
    let second = store.new_deadline_crossings(later).await.unwrap();
    assert!(
        second
            .iter()
            .all(|a| a.state != DeadlineState::AtRisk || !first.iter().any(|f| f.id == a.id))
    );
    for id in &at_risk {
        assert!(
            second
                .iter()
                .any(|a| a.id == *id && a.state == DeadlineState::Breached),
            "{id} breached later"
        );
    }
    assert!(
        store
            .new_deadline_crossings(later)
            .await
            .unwrap()
            .is_empty()
    );

    // The notification: orders by number when few, a count when many.
    let (title, body) = crossing_notice(&first[..1], Lang::PtBr).unwrap();
    assert!(title == "Prazo vencido" || title == "Prazo em risco");
    assert!(
        body.starts_with(&format!("OS {:06}", first[0].number)),
        "{body}"
    );
    if first.len() > 3 {
        let (_, many) = crossing_notice(&first, Lang::PtBr).unwrap();
        assert!(many.contains("venceram o prazo"), "{many}");
    }
    assert_eq!(crossing_notice(&[], Lang::PtBr), None);
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

#[tokio::test]
async fn the_kept_deadlines_follow_pauses_rule_changes_and_closed_orders() {
    use campo_domain::OrderKind;
    use campo_domain::sla::{AllowanceUnit, RuleInput};
    let (store, me) = demo().await;
    let first = overview_counts(&store).await;
    assert_eq!(first, states_in_the_list(&store).await);
    assert!(first.0 > 0 && first.2 > 0, "{first:?}");

    // An order at risk paused five days ago: judged live while paused, kept again once
    // resumed, and on track since the wait no longer counts.
    use campo_store::views::DeadlineState;
    let at_risk = store
        .deadline_overview()
        .await
        .unwrap()
        .alerts
        .into_iter()
        .find(|a| a.state == DeadlineState::AtRisk)
        .expect("an order at risk");
    let order = Uuid::parse_str(&at_risk.id).unwrap();
    let mut w = store.writer(me).await.unwrap();
    let five_days_ago = chrono::Utc::now() - chrono::TimeDelta::days(5);
    w.pause_order(order, "Aguardando o cliente", five_days_ago)
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert_eq!(
        overview_counts(&store).await,
        states_in_the_list(&store).await
    );
    let mut w = store.writer(me).await.unwrap();
    w.resume_order(order, None, chrono::Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    let resumed = overview_counts(&store).await;
    assert_eq!(resumed, states_in_the_list(&store).await);
    assert_eq!(resumed.1, first.1 - 1, "{resumed:?} vs {first:?}");
    assert_eq!(
        store.get_order(order).await.unwrap().order.deadline_state,
        Some(DeadlineState::OnTrack)
    );

    // Repairs get one hour: every open repair opened over an hour ago is breached at once.
    let mut w = store.writer(me).await.unwrap();
    w.set_sla_rule(
        &RuleInput {
            kind: OrderKind::Repair,
            unit: AllowanceUnit::CalendarHours,
            amount: 1,
            thresholds: vec![50],
            starts: None,
            pausing: Vec::new(),
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    let strict = overview_counts(&store).await;
    assert_eq!(strict, states_in_the_list(&store).await);
    assert!(strict.2 > first.2, "{strict:?} vs {first:?}");

    // A cancelled order leaves the count.
    let mut w = store.writer(me).await.unwrap();
    w.transition_order(
        order,
        &campo_fixtures::because(OrderStatus::Cancelled, "Cliente desistiu"),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    let after = overview_counts(&store).await;
    assert_eq!(after, states_in_the_list(&store).await);
    assert_eq!(
        after.0 + after.1 + after.2,
        strict.0 + strict.1 + strict.2 - 1
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
    store
        .schedule_on_board(
            me,
            slot(
                Uuid::parse_str(&other.id).unwrap(),
                &day.to_string(),
                Period::Afternoon,
                tech,
                None,
            ),
            Lang::PtBr,
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
    let ops = store.pending_operations(1_000_000).await.unwrap();
    assert_eq!(ops.last().unwrap().kind, "calendar.day.set");
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
    let err = store
        .schedule_on_board(
            me,
            slot(order, &day.to_string(), Period::Morning, tech, None),
            Lang::PtBr,
        )
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
    assert_eq!(
        store.pending_operations(1_000_000).await.unwrap().len(),
        ops.len()
    );

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
async fn a_technician_off_on_saturdays_takes_no_saturday_order_and_is_left_out_of_its_routes() {
    let (store, me) = demo().await;
    let today = today_in_recife();
    // The next open Saturday.
    let mut saturday = next_open_day(today);
    while saturday.weekday() != chrono::Weekday::Sat {
        saturday = next_open_day(saturday);
    }
    let board = store.board(&today.to_string(), 1).await.unwrap();
    let tech = &board.technicians[0];
    let tech_id = Uuid::parse_str(&tech.id).unwrap();
    let other = Uuid::parse_str(&board.technicians[1].id).unwrap();
    let waiting = Uuid::parse_str(
        &board
            .queue
            .iter()
            .find(|o| o.status == OrderStatus::Approved)
            .unwrap()
            .id,
    )
    .unwrap();
    assert!(
        board.work_weeks.iter().all(|w| w.days[5]),
        "Saturdays by default"
    );

    // A week without any working day is refused; nothing written.
    let before = store.pending_operations(1_000_000).await.unwrap().len();
    let mut w = store.writer(me).await.unwrap();
    let err = w
        .set_work_week(tech_id, &[false; 7], chrono::Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        err.message(Lang::PtBr),
        "Marque pelo menos um dia de trabalho"
    );
    drop(w);
    assert_eq!(
        store.pending_operations(1_000_000).await.unwrap().len(),
        before
    );

    let mut w = store.writer(me).await.unwrap();
    w.set_work_week(
        tech_id,
        &[true, true, true, true, true, false, false],
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    let ops = store.pending_operations(1_000_000).await.unwrap();
    assert_eq!(ops.last().unwrap().kind, "technician.week.set");
    let week = store
        .board(&saturday.to_string(), 1)
        .await
        .unwrap()
        .work_weeks;
    let theirs = week.iter().find(|w| w.technician_id == tech.id).unwrap();
    assert_eq!(theirs.days, [true, true, true, true, true, false, false]);

    // Saturday with them is refused by name and weekday; with someone else it is fine.
    let err = store
        .schedule_on_board(
            me,
            slot(
                waiting,
                &saturday.to_string(),
                Period::Morning,
                tech_id,
                None,
            ),
            Lang::PtBr,
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.message(Lang::PtBr),
        format!(
            "{} não trabalha aos sábados ({}): escolha outro técnico ou dia",
            tech.name,
            saturday.format("%d/%m/%Y")
        )
    );
    assert_eq!(
        store.get_order(waiting).await.unwrap().order.status,
        OrderStatus::Approved,
        "nothing half-saved"
    );
    let plan = plan_day(&store, saturday.to_string()).await;
    assert!(plan.routes.iter().all(|r| r.technician_id != tech.id));
    assert!(
        plan.routes
            .iter()
            .any(|r| r.technician_id == other.to_string())
    );
    store
        .schedule_on_board(
            me,
            slot(waiting, &saturday.to_string(), Period::Morning, other, None),
            Lang::PtBr,
        )
        .await
        .unwrap();
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
async fn periods_and_service_times_set_in_administracao_shape_the_board() {
    use campo_domain::agenda::AgendaSettings;
    let (store, me) = demo().await;
    let today = today_in_recife();
    let board = store.board(&today.to_string(), 1).await.unwrap();
    assert_eq!(board.settings, AgendaSettings::default());
    let tech = Uuid::parse_str(&board.technicians[0].id).unwrap();

    // A technician cannot; an impossible setting is refused by name; nothing written.
    let before = store.pending_operations(1_000_000).await.unwrap().len();
    let longer = AgendaSettings {
        morning: (7 * 60, 12 * 60),
        afternoon: (13 * 60, 17 * 60),
        installation_minutes: 120,
        not_done_reasons: vec!["Cliente ausente".into(), "Poste sem acesso".into()],
        ..AgendaSettings::default()
    };
    let mut w = store.writer(Actor { id: tech }).await.unwrap();
    let err = w
        .set_agenda_settings(&longer, chrono::Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        err.message(Lang::PtBr),
        "Só a administração e a coordenação alteram turnos e tempos de serviço"
    );
    drop(w);
    let mut w = store.writer(me).await.unwrap();
    let overlapping = AgendaSettings {
        afternoon: (11 * 60, 17 * 60),
        ..longer.clone()
    };
    let err = w
        .set_agenda_settings(&overlapping, chrono::Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        err.message(Lang::PtBr),
        "A tarde precisa começar depois do fim da manhã"
    );
    drop(w);
    assert_eq!(
        store.pending_operations(1_000_000).await.unwrap().len(),
        before
    );

    let mut w = store.writer(me).await.unwrap();
    w.set_agenda_settings(&longer, chrono::Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    let ops = store.pending_operations(1_000_000).await.unwrap();
    assert_eq!(ops.last().unwrap().kind, "agenda.settings.set");
    assert_eq!(store.agenda_settings().await.unwrap(), longer);
    let board = store.board(&today.to_string(), 1).await.unwrap();
    assert_eq!(board.settings, longer);
    // The technician's day offers the reasons set here.
    let day = store
        .day_of(Some(tech), Some(&today.to_string()), Lang::PtBr)
        .await
        .unwrap();
    assert_eq!(
        day.not_done_reasons,
        ["Cliente ausente", "Poste sem acesso"]
    );
    // Route planning uses the same periods: the morning window opens at 07:00.
    let plan = plan_day(&store, next_open_day(today).to_string()).await;
    let windows: Vec<String> = plan
        .routes
        .iter()
        .flat_map(|r| r.stops.iter().filter_map(|s| s.window.clone()))
        .collect();
    assert!(
        windows.iter().any(|w| w.starts_with("07:00")),
        "{windows:?}"
    );
    assert!(
        !windows.iter().any(|w| w.starts_with("08:00")),
        "{windows:?}"
    );
    // The board's capacity follows: a morning now holds five hours.
    assert!(board.cells.iter().any(|c| c.period == Period::Morning));
    assert!(
        board
            .cells
            .iter()
            .filter(|c| c.period == Period::Morning)
            .all(|c| c.capacity_minutes == 300),
        "{:?}",
        board.cells.first()
    );
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
    let board = store.board(&today.to_string(), 1).await.unwrap();
    let waiting = board
        .queue
        .iter()
        .find(|o| {
            o.kind == OrderKind::Installation
                && o.deadline
                    .as_deref()
                    .is_some_and(|d| d[..10] > *saturday.to_string())
        })
        .expect("an installation due after Saturday")
        .clone();
    let order = Uuid::parse_str(&waiting.id).unwrap();

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
    assert_eq!(
        store
            .pending_operations(1_000_000)
            .await
            .unwrap()
            .last()
            .unwrap()
            .kind,
        "calendar.hours.set"
    );
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
