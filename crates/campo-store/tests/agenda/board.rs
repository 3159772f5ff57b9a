//! The dispatch board: the week and the queue, scheduling from it, a technician's day, absences
//! and days off, and the periods and service times set in Administração.

use campo_demo::today_in_recife;
use campo_domain::{Lang, Localized, OrderKind, OrderStatus, Period, Transition};
use campo_fixtures::data::{last_kind, outbox_len};
use campo_store::write::NewOrder;
use campo_store::{Actor, StoreError};
use chrono::{Datelike, Days};
use uuid::Uuid;

use crate::{demo, next_holiday, next_open_day, place, plan_day, slot, slot_because};

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
    let before = outbox_len(&store).await;

    let past = today.checked_sub_days(Days::new(3)).unwrap();
    let err = place(&store, me, slot(approved[0], past, Period::Morning, tech))
        .await
        .unwrap_err();
    assert!(
        err.message(Lang::PtBr).starts_with("Data no passado"),
        "{err}"
    );
    let holiday = next_holiday(today);
    let err = place(
        &store,
        me,
        slot(approved[0], holiday, Period::Morning, tech),
    )
    .await
    .unwrap_err();
    assert!(err.message(Lang::PtBr).contains("é feriado"), "{err}");
    assert_eq!(outbox_len(&store).await, before, "refusals write nothing");

    // A day far enough ahead that the demo left it empty: 240 min of morning hold three
    // 80-min installations or fewer; the period fills and the next ones warn.
    let day = next_open_day(today.checked_add_days(Days::new(40)).unwrap());
    let mut warnings = Vec::new();
    for id in &approved[..5] {
        warnings.push(
            place(&store, me, slot(*id, day, Period::Morning, tech))
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
    let err = place(&store, me, slot(approved[0], day, Period::Afternoon, other))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Transition(_)), "{err:?}");
    place(
        &store,
        me,
        slot_because(
            approved[0],
            day,
            Period::Afternoon,
            other,
            "Técnico de folga",
        ),
    )
    .await
    .unwrap();
    let detail = store.get_order(approved[0]).await.unwrap();
    assert_eq!(detail.order.period, Some(Period::Afternoon));
    assert_eq!(
        detail.history.last().unwrap().reason,
        Some(campo_domain::history::EventReason::Given {
            text: "Técnico de folga".into()
        })
    );
}

#[tokio::test]
async fn a_period_the_customer_is_not_home_in_is_scheduled_with_a_warning() {
    let (store, me) = demo().await;
    let today = today_in_recife();
    let board = store.board(&today.to_string(), 1).await.unwrap();
    let tech = Uuid::parse_str(&board.technicians[0].id).unwrap();
    let known = store
        .get_order(Uuid::parse_str(&board.queue[0].id).unwrap())
        .await
        .unwrap();
    // A sale's installation: the customer said they are home only in the afternoon.
    let mut new = NewOrder::new(
        OrderKind::Installation,
        Uuid::parse_str(&known.customer.id).unwrap(),
        Uuid::parse_str(&known.plan.id).unwrap(),
    );
    new.periods = vec![Period::Afternoon];
    let mut w = store.writer(me).await.unwrap();
    let order = w.create_order(&new, chrono::Utc::now()).await.unwrap();
    w.commit().await.unwrap();
    store
        .transition_order(
            me,
            order,
            Transition {
                to: OrderStatus::Approved,
                reason: None,
                schedule: None,
            },
        )
        .await
        .unwrap();

    // The queue shows it, so the coordinator sees it before placing the visit.
    let queued = store.board(&today.to_string(), 1).await.unwrap().queue;
    let row = queued.iter().find(|o| o.id == order.to_string()).unwrap();
    assert_eq!(row.available_periods, [Period::Afternoon]);
    assert!(!row.outside_availability, "not scheduled yet");

    let day = next_open_day(today.checked_add_days(Days::new(45)).unwrap());
    let warnings = store
        .schedule_on_board(me, slot(order, day, Period::Morning, tech), Lang::En)
        .await
        .unwrap();
    assert_eq!(
        warnings,
        ["The customer said they are available only in the afternoon: confirm the visit by phone"]
    );
    // Scheduled all the same: the coordinator may have agreed another time by phone.
    let detail = store.get_order(order).await.unwrap();
    assert_eq!(detail.order.period, Some(Period::Morning));
    // The board marks the visit as outside the customer's periods until it is moved.
    let on_board = |board: campo_store::agenda::BoardView| {
        board
            .orders
            .into_iter()
            .find(|o| o.id == order.to_string())
            .unwrap()
    };
    let board = store.board(&day.to_string(), 1).await.unwrap();
    assert!(on_board(board).outside_availability);
    let warnings = place(
        &store,
        me,
        slot_because(order, day, Period::Afternoon, tech, "Cliente só à tarde"),
    )
    .await
    .unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let board = store.board(&day.to_string(), 1).await.unwrap();
    assert!(!on_board(board).outside_availability);
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
    place(&store, me, slot(approved, day, Period::Afternoon, tech))
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
    let ops = outbox_len(&store).await;
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
    assert_eq!(outbox_len(&store).await, ops);

    let mut w = store.writer(me).await.unwrap();
    let absence = w
        .record_absence(tech_id, day, day, "Atestado médico", chrono::Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert_eq!(last_kind(&store).await, "technician.absence.set");
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
    let err = place(&store, me, slot(waiting, day, Period::Morning, tech_id))
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
    place(&store, me, slot(waiting, day, Period::Morning, tech_id))
        .await
        .unwrap();
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
    let before = outbox_len(&store).await;
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
    assert_eq!(outbox_len(&store).await, before);

    let mut w = store.writer(me).await.unwrap();
    w.set_work_week(
        tech_id,
        &[true, true, true, true, true, false, false],
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    assert_eq!(last_kind(&store).await, "technician.week.set");
    let week = store
        .board(&saturday.to_string(), 1)
        .await
        .unwrap()
        .work_weeks;
    let theirs = week.iter().find(|w| w.technician_id == tech.id).unwrap();
    assert_eq!(theirs.days, [true, true, true, true, true, false, false]);

    // Saturday with them is refused by name and weekday; with someone else it is fine.
    let err = place(
        &store,
        me,
        slot(waiting, saturday, Period::Morning, tech_id),
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
    place(&store, me, slot(waiting, saturday, Period::Morning, other))
        .await
        .unwrap();
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
    let before = outbox_len(&store).await;
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
    assert_eq!(outbox_len(&store).await, before);

    let mut w = store.writer(me).await.unwrap();
    w.set_agenda_settings(&longer, chrono::Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert_eq!(last_kind(&store).await, "agenda.settings.set");
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
