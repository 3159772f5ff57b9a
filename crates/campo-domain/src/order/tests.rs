//! Unit tests of `order`.

use super::*;
use proptest::prelude::*;

fn ask(to: OrderStatus, reason: Option<&str>) -> Transition {
    Transition {
        to,
        reason: reason.map(str::to_owned),
        schedule: None,
    }
}

fn try_move(from: OrderStatus, req: &Transition) -> Result<OrderEvent, TransitionError> {
    transition(
        Uuid::nil(),
        from,
        req,
        Uuid::nil(),
        Uuid::nil(),
        DateTime::UNIX_EPOCH,
    )
}

#[test]
fn a_sale_is_approved_scheduled_and_done() {
    use OrderStatus::*;
    let schedule = Schedule {
        date: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        period: Period::Morning,
        technician_id: Uuid::nil(),
    };
    let mut status = OrderKind::Installation.initial_status();
    assert_eq!(status, PendingAnalysis);
    for to in [Approved, Scheduled, EnRoute, InProgress, Done] {
        let req = Transition {
            to,
            reason: None,
            schedule: Some(schedule.clone()),
        };
        let ev = try_move(status, &req).unwrap();
        assert_eq!(ev.from, Some(status));
        assert_eq!(ev.to, to);
        status = to;
    }
    assert!(status.is_terminal());
}

#[test]
fn a_failed_visit_needs_a_reason_and_returns_to_the_queue() {
    let err = try_move(
        OrderStatus::InProgress,
        &ask(OrderStatus::NotDone, Some("  ")),
    );
    assert_eq!(
        err,
        Err(TransitionError::ReasonRequired {
            from: OrderStatus::InProgress,
            to: OrderStatus::NotDone
        })
    );
    assert_eq!(
        err.unwrap_err().to_string(),
        "Informe por que a visita não foi realizada"
    );
    let ev = try_move(
        OrderStatus::InProgress,
        &ask(OrderStatus::NotDone, Some("Cliente ausente")),
    )
    .unwrap();
    assert_eq!(ev.reason.as_deref(), Some("Cliente ausente"));
    assert!(OrderStatus::NotDone.next().contains(&OrderStatus::Approved));
}

#[test]
fn a_done_order_cannot_go_back_to_analysis() {
    let err = try_move(OrderStatus::Done, &ask(OrderStatus::PendingAnalysis, None)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Transição inválida: Concluída → Em análise"
    );
    assert_eq!(
        err.message(Lang::En),
        "Invalid transition: Done → Pending analysis"
    );
}

#[test]
fn scheduling_needs_date_period_and_technician() {
    let err = try_move(OrderStatus::Approved, &ask(OrderStatus::Scheduled, None));
    assert_eq!(err, Err(TransitionError::ScheduleRequired));
}

#[test]
fn repairs_start_approved_and_sales_start_in_analysis() {
    assert_eq!(OrderKind::Repair.initial_status(), OrderStatus::Approved);
    assert_eq!(OrderKind::Removal.initial_status(), OrderStatus::Approved);
    assert_eq!(
        OrderKind::AddressChange.initial_status(),
        OrderStatus::PendingAnalysis
    );
}

#[test]
fn codes_round_trip() {
    for s in OrderStatus::ALL {
        assert_eq!(OrderStatus::from_code(s.code()), Some(s));
        assert_eq!(serde_plain(s), s.code());
    }
    for k in OrderKind::ALL {
        assert_eq!(OrderKind::from_code(k.code()), Some(k));
    }
    assert_eq!(Period::from_code("afternoon"), Some(Period::Afternoon));
}

fn serde_plain(s: OrderStatus) -> String {
    // The serialised form must equal the stored code (both cross to TypeScript).
    let dbg = format!("{s:?}");
    let mut out = String::new();
    for (i, c) in dbg.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn any_status() -> impl Strategy<Value = OrderStatus> {
    proptest::sample::select(OrderStatus::ALL.to_vec())
}

proptest! {
    #[test]
    fn only_listed_moves_are_accepted(from in any_status(), to in any_status()) {
        let req = Transition {
            to,
            reason: Some("motivo".into()),
            schedule: Some(Schedule {
                date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
                period: Period::Afternoon,
                technician_id: Uuid::nil(),
            }),
        };
        let result = try_move(from, &req);
        prop_assert_eq!(result.is_ok(), from.next().contains(&to));
    }

    #[test]
    fn every_walk_through_the_machine_ends_in_a_legal_state(steps in proptest::collection::vec(0usize..4, 0..20)) {
        let mut status = OrderKind::Installation.initial_status();
        for s in steps {
            let next = status.next();
            if next.is_empty() { break; }
            let to = next[s % next.len()];
            let req = Transition {
                to,
                reason: Some("motivo".into()),
                schedule: Some(Schedule {
                    date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
                    period: Period::Morning,
                    technician_id: Uuid::nil(),
                }),
            };
            let ev = try_move(status, &req).unwrap();
            prop_assert_eq!(ev.from, Some(status));
            status = ev.to;
        }
        // Terminal states accept nothing.
        if status.is_terminal() {
            for to in OrderStatus::ALL {
                prop_assert!(try_move(status, &ask(to, Some("x"))).is_err());
            }
        }
    }
}

#[test]
fn an_order_number_reads_as_os_in_portuguese_and_wo_in_english() {
    assert_eq!(order_number(123_u32, Lang::PtBr), "OS 000123");
    assert_eq!(order_number(123_u32, Lang::En), "WO 000123");
    assert_eq!(order_number(1_234_567_i64, Lang::PtBr), "OS 1234567");
}
