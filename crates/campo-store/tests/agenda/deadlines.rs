//! Deadlines: pauses, the overview, the kept deadlines, crossings told once, and the
//! compliance report.

use campo_demo::today_in_recife;
use campo_domain::{Lang, Localized, OrderStatus};
use campo_store::indicators::IndicatorFilter;
use chrono::Days;
use uuid::Uuid;

use crate::{demo, overview_counts, states_in_the_list};

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
    let (_, english) = crossing_notice(&first[..1], Lang::En).unwrap();
    assert!(
        english.starts_with(&format!("WO {:06} (", first[0].number)),
        "{english}"
    );
    if first.len() > 3 {
        let (_, many) = crossing_notice(&first, Lang::PtBr).unwrap();
        assert!(many.contains("venceram o prazo"), "{many}");
    }
    assert_eq!(crossing_notice(&[], Lang::PtBr), None);
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
