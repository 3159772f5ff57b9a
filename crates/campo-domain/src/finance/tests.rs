//! Unit tests of `finance`.

use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn dues(due: &str, paid: Option<&str>) -> Dues {
    Dues {
        due: day(due),
        amount_cents: 10_000,
        status: if paid.is_some() {
            ReceivableStatus::Paid
        } else {
            ReceivableStatus::Open
        },
        paid_on: paid.map(day),
        paid_cents: if paid.is_some() { 10_000 } else { 0 },
    }
}

#[test]
fn paid_after_the_month_still_counts_as_overdue_in_it() {
    let r = dues("2026-03-10", Some("2026-04-05"));
    assert!(r.overdue_on(day("2026-03-31")));
    assert_eq!(r.owed_on(day("2026-03-31")), 10_000);
    assert!(!r.overdue_on(day("2026-04-30")));
    assert!(!r.on_time());
    assert!(
        !r.overdue_on(day("2026-03-10")),
        "not overdue on its due date"
    );
}

#[test]
fn a_partial_payment_is_still_owed_for_the_rest() {
    let r = Dues {
        status: ReceivableStatus::Partial,
        paid_on: Some(day("2026-03-05")),
        paid_cents: 4_000,
        ..dues("2026-03-10", None)
    };
    assert!(r.overdue_on(day("2026-03-20")));
    assert_eq!(r.owed_on(day("2026-03-20")), 6_000);
    let cancelled = Dues {
        status: ReceivableStatus::Cancelled,
        ..dues("2026-03-10", None)
    };
    assert!(!cancelled.overdue_on(day("2026-06-01")));
}

#[test]
fn a_customer_moves_through_the_five_months() {
    let today = day("2026-04-20");
    let mut list = vec![dues("2026-02-10", Some("2026-02-09"))];
    assert_eq!(Stage::of(&list, today), Stage::OnTrack { paid: 1 });
    list.push(dues("2026-03-10", Some("2026-03-10")));
    assert_eq!(Stage::of(&list, today), Stage::OnTrack { paid: 2 });
    // April's not due yet: neither counts nor breaks the run.
    list.push(dues("2026-04-25", None));
    assert_eq!(Stage::of(&list, today), Stage::OnTrack { paid: 2 });
    // Overdue now.
    let late = day("2026-04-28");
    assert_eq!(
        Stage::of(&list, late),
        Stage::Late {
            since: day("2026-04-25")
        }
    );
    // Paid late: back on track, the run starts again.
    list[2] = dues("2026-04-25", Some("2026-05-02"));
    list.push(dues("2026-05-25", Some("2026-05-20")));
    assert_eq!(
        Stage::of(&list, day("2026-05-30")),
        Stage::BackOnTrack { paid: 1 }
    );
    let five: Vec<Dues> = (1..=5)
        .map(|m| {
            let d = format!("2026-0{m}-10");
            dues(&d, Some(&d))
        })
        .collect();
    assert_eq!(Stage::of(&five, day("2026-06-01")), Stage::Done);
}

#[test]
fn a_promise_needs_a_date_to_come() {
    let today = day("2026-04-20");
    assert_eq!(
        check_contact(ContactOutcome::Promised, None, today),
        Err(ContactError::PromiseWithoutDate)
    );
    assert_eq!(
        check_contact(ContactOutcome::Promised, Some(day("2026-04-19")), today),
        Err(ContactError::PromiseInThePast)
    );
    assert!(check_contact(ContactOutcome::Promised, Some(today), today).is_ok());
    assert_eq!(
        check_contact(ContactOutcome::NoAnswer, Some(today), today),
        Err(ContactError::DateWithoutPromise)
    );
}

#[test]
fn a_providers_steps_keep_the_rules_order() {
    assert_eq!(check_steps(&DEFAULT_STEPS), Ok(()));
    let step = |step, days| StepAfter { step, days };
    assert_eq!(check_steps(&[]), Ok(()), "a provider may list none");
    assert_eq!(
        check_steps(&[
            step(NonPaymentStep::Notice, 10),
            step(NonPaymentStep::Suspension, 10)
        ]),
        Err(StepsProblem::OutOfOrder {
            step: NonPaymentStep::Suspension,
            after: NonPaymentStep::Notice
        })
    );
    assert_eq!(
        check_steps(&[
            step(NonPaymentStep::Suspension, 40),
            step(NonPaymentStep::Notice, 50)
        ]),
        Err(StepsProblem::OutOfOrder {
            step: NonPaymentStep::Notice,
            after: NonPaymentStep::Suspension
        })
    );
    assert_eq!(
        check_steps(&[step(NonPaymentStep::Notice, 0)]),
        Err(StepsProblem::Days {
            step: NonPaymentStep::Notice
        })
    );
    let repeated = check_steps(&[
        step(NonPaymentStep::Notice, 5),
        step(NonPaymentStep::Notice, 9),
    ])
    .unwrap_err();
    assert_eq!(
        repeated.to_string(),
        "A etapa “Aviso de débito” aparece duas vezes"
    );
}

#[test]
fn the_steps_follow_the_days_late() {
    assert_eq!(
        steps_at(&DEFAULT_STEPS, 3),
        (None, Some((NonPaymentStep::Notice, 12)))
    );
    assert_eq!(
        steps_at(&DEFAULT_STEPS, 45),
        (
            Some(NonPaymentStep::PartialSuspension),
            Some((NonPaymentStep::Suspension, 15))
        )
    );
    assert_eq!(
        steps_at(&DEFAULT_STEPS, 400),
        (Some(NonPaymentStep::Termination), None)
    );
    assert_eq!(share(0, 0), None);
    assert_eq!(share(1, 4), Some(0.25));
}
