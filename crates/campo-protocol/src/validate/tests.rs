//! Payloads refused and accepted, one rule at a time.

use super::*;
use uuid::Uuid;

fn transition(from: &str, to: &str, reason: Option<&str>, date: &str, period: &str) -> Op {
    Op::OrderTransitioned(OrderTransitioned {
        order_id: Uuid::now_v7(),
        event_id: Uuid::now_v7(),
        from: from.into(),
        to: to.into(),
        reason: reason.map(str::to_owned),
        schedule: Some(SchedulePayload {
            date: date.into(),
            period: period.into(),
            technician_id: Uuid::now_v7(),
        }),
        at: "2026-12-01T10:00:00.000Z".into(),
    })
}

#[test]
fn only_an_address_change_carries_a_new_address_and_it_is_checked_by_field() {
    let order = |kind: &str, cep: &str, street: &str| {
        Op::OrderCreated(OrderCreated {
            id: Uuid::now_v7(),
            number: 7,
            kind: kind.into(),
            customer_id: Uuid::now_v7(),
            plan_id: Uuid::now_v7(),
            event_id: Uuid::now_v7(),
            at: "2026-12-01T10:00:00.000Z".into(),
            sale_id: None,
            periods: Vec::new(),
            external_id: None,
            new_address: Some(campo_domain::NewAddress {
                cep: cep.into(),
                street: street.into(),
                number: "88".into(),
                neighbourhood: "Amparo".into(),
                city: "Olinda".into(),
                uf: "PE".into(),
                ..campo_domain::NewAddress::default()
            }),
        })
    };
    assert_eq!(
        validate(&order("address_change", "53020-140", "Rua do Amparo")),
        Ok(())
    );
    let message = |op: Op| validate(&op).unwrap_err().message(Lang::PtBr);
    assert_eq!(
        message(order("repair", "53020-140", "Rua do Amparo")),
        "Só uma mudança de endereço leva um novo endereço"
    );
    assert!(message(order("address_change", "5302", "Rua do Amparo")).contains("CEP inválido"));
    assert!(
        message(order("address_change", "53020-140", &"R".repeat(5_000))).contains("logradouro")
    );
}

#[test]
fn a_scheduling_with_an_impossible_date_or_period_is_refused_by_name() {
    let bad_date = transition(
        "approved",
        "scheduled",
        None,
        "31/02/1999'; DROP TABLE ops",
        "morning",
    );
    assert!(
        validate(&bad_date)
            .unwrap_err()
            .message(Lang::PtBr)
            .contains("Data inválida")
    );
    let bad_period = transition("approved", "scheduled", None, "2026-12-02", "midnight\0");
    assert!(
        validate(&bad_period)
            .unwrap_err()
            .message(Lang::En)
            .contains("Unknown period")
    );
    assert_eq!(
        validate(&transition(
            "approved",
            "scheduled",
            None,
            "2026-12-02",
            "morning"
        )),
        Ok(())
    );
}

#[test]
fn a_cancellation_needs_its_reason() {
    let op = transition("approved", "cancelled", Some("  "), "2026-12-02", "morning");
    assert!(matches!(validate(&op), Err(Refusal::ReasonRequired { .. })));
}
