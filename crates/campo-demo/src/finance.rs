//! The demonstration's receivables and collection contacts, so Financeiro shows work: eight
//! months of a share of the customers' receivables as an ERP would hand them over — most paid
//! on time, some late, some still owed, a few partly paid or cancelled — and finance's
//! contacts with some of the late, one promise already passed.

use campo_domain::finance::{Channel, ContactOutcome, ReceivableStatus};
use campo_protocol::ops::{ReceivableSet, receivable_id};
use campo_store::finance::ContactForm;
use campo_store::write::Writer;
use campo_store::{Actor, StoreError};
use chrono::{Datelike, Days, Months, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use crate::places::at;

/// How many customers get receivables (the demo's first ones).
const BILLED: usize = 400;
/// How many months back, and the next month's.
const MONTHS: u32 = 8;

/// The receivables of up to [`BILLED`] customers, due on each customer's day of the month,
/// from [`MONTHS`] months before `anchor` to the next month; then `finance`'s contacts.
pub(crate) async fn demo_receivables(
    w: &mut Writer<'_>,
    rng: &mut ChaCha8Rng,
    finance: Uuid,
    customers: &[Uuid],
    anchor: NaiveDate,
) -> Result<(), StoreError> {
    let first = anchor.with_day(1).unwrap_or(anchor) - Months::new(MONTHS);
    let mut late = Vec::new();
    let mut number = 10_000u32;
    for (c, &customer) in customers.iter().take(BILLED).enumerate() {
        let day = [5, 10, 15, 20][c % 4];
        // A few customers only started a few months ago: the five-month follow-up has them.
        let start = if c % 9 == 0 { MONTHS - 3 } else { 0 };
        for m in start..=MONTHS + 1 {
            let due = (first + Months::new(m)).with_day(day).unwrap_or(first);
            let issued = due - Days::new(10);
            if issued > anchor {
                continue;
            }
            let roll: f64 = rng.random();
            let amount = [9_990, 12_990, 14_990, 19_990][c % 4];
            let (mut status, mut paid_on, mut paid) = if roll < 0.78 {
                let d = due - Days::new(rng.random_range(0..6));
                (ReceivableStatus::Paid, Some(d), amount)
            } else if roll < 0.88 {
                let d = due + Days::new(rng.random_range(2..30));
                (ReceivableStatus::Paid, Some(d), amount)
            } else if roll < 0.97 {
                (ReceivableStatus::Open, None, 0)
            } else if roll < 0.985 {
                let d = due + Days::new(rng.random_range(1..10));
                (ReceivableStatus::Partial, Some(d), amount / 2)
            } else {
                (ReceivableStatus::Cancelled, None, 0)
            };
            if paid_on.is_some_and(|p| p > anchor) {
                (status, paid_on, paid) = (ReceivableStatus::Open, None, 0);
            }
            if status != ReceivableStatus::Paid
                && status != ReceivableStatus::Cancelled
                && due < anchor
            {
                late.push(customer);
            }
            number += 1;
            let external_id = format!("DEMO-{number}");
            w.set_receivable(
                ReceivableSet {
                    id: receivable_id(&external_id),
                    external_id,
                    customer_id: customer,
                    contract: Some(format!("DEMO-C{c}")),
                    issued_on: Some(issued.to_string()),
                    due_on: due.to_string(),
                    amount_cents: amount,
                    status,
                    paid_on: paid_on.map(|d| d.to_string()),
                    paid_cents: paid,
                },
                at(issued, 9, 0),
            )
            .await?;
        }
    }
    late.dedup();
    w.act_as(Actor { id: finance });
    let outcomes = [
        (ContactOutcome::Promised, 6),
        (ContactOutcome::NoAnswer, 0),
        (ContactOutcome::Promised, 2),
        (ContactOutcome::SaysPaid, 0),
    ];
    for (i, customer) in late.iter().take(outcomes.len()).enumerate() {
        let (outcome, days) = outcomes[i];
        // Contacts of a few days ago; the second promise has passed since.
        let day = anchor - Days::new(4);
        let promised =
            (outcome == ContactOutcome::Promised).then(|| (day + Days::new(days)).to_string());
        w.record_contact(
            &ContactForm {
                customer_id: customer.to_string(),
                channel: if i % 2 == 0 {
                    Channel::Whatsapp
                } else {
                    Channel::Call
                },
                outcome,
                promised_on: promised,
                note: String::new(),
            },
            day,
            at(day, 10 + i as u32, 15),
        )
        .await?;
    }
    Ok(())
}
