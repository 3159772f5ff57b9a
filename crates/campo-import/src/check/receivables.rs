//! A receivables file's row checked into a receivable: its customer and contract (a contract
//! is one customer's), its status and amounts.

use std::collections::HashMap;

use campo_domain::finance::ReceivableStatus;
use campo_domain::text::fold;

use super::{Cells, Known, ReceivableRecord, known_customer};
use crate::fields::Field;
use crate::problem::ProblemKind;
use crate::values;

/// Names a contract that belongs to another customer: in Campo, or on an earlier line.
fn contract_owner(
    c: &mut Cells<'_>,
    known: &Known,
    seen: &mut HashMap<String, (String, usize)>,
    contract: &str,
    customer: &str,
) {
    let kind = match known.contracts.get(contract) {
        Some(owner) if !owner.keys.iter().any(|k| k == customer) => {
            Some(ProblemKind::ContractOfAnother {
                contract: contract.to_owned(),
                owner: owner.label.clone(),
                first_line: None,
            })
        }
        _ => match seen.get(contract) {
            Some((first, line)) if first != customer => Some(ProblemKind::ContractOfAnother {
                contract: contract.to_owned(),
                owner: first.clone(),
                first_line: Some(*line),
            }),
            Some(_) => None,
            None => {
                seen.insert(contract.to_owned(), (customer.to_owned(), c.line()));
                None
            }
        },
    };
    if let Some(kind) = kind {
        c.problem(Field::Contract, kind);
    }
}

/// A receivable's status as the ERP writes it (IXC's letters, or the words people use); an
/// empty cell is read from the payment: paid in full when the amount paid covers it.
fn payment_status(text: &str) -> Option<Option<ReceivableStatus>> {
    Some(Some(match fold(text).as_str() {
        "" => return Some(None),
        "a" | "aberto" | "aberta" | "a receber" | "em aberto" | "pendente" | "vencido"
        | "vencida" => ReceivableStatus::Open,
        "r" | "recebido" | "recebida" | "pago" | "paga" | "quitado" | "quitada" | "liquidado"
        | "baixado" => ReceivableStatus::Paid,
        "p" | "parcial" | "pago parcial" | "parcialmente pago" => ReceivableStatus::Partial,
        "c" | "cancelado" | "cancelada" | "estornado" => ReceivableStatus::Cancelled,
        _ => return None,
    }))
}

pub(super) fn receivable(
    c: &mut Cells<'_>,
    known: &Known,
    seen_contracts: &mut HashMap<String, (String, usize)>,
) -> Option<ReceivableRecord> {
    let external_id = c.required(Field::ExternalId);
    let customer = known_customer(c, known);
    let contract = c.text(Field::Contract);
    // The connector's records are the ERP itself: a contract that changed hands there (a
    // transfer of ownership) is what it now is, not a problem of a file.
    if let (Some(contract), Some(customer)) = (&contract, &customer)
        && c.table.format != crate::Format::Erp
    {
        contract_owner(c, known, seen_contracts, contract, customer);
    }
    let issued_on = c.date(Field::IssuedOn).map(|d| d.date());
    let due_on = {
        let empty = c.get(Field::DueOn).trim().is_empty();
        if empty {
            c.problem(
                Field::DueOn,
                ProblemKind::Required {
                    field: Field::DueOn,
                },
            );
        }
        c.date(Field::DueOn).map(|d| d.date())
    };
    let money = |c: &mut Cells<'_>, field: Field, required: bool| -> Option<i64> {
        let v = c.get(field).to_owned();
        if v.trim().is_empty() {
            if required {
                c.problem(field, ProblemKind::Required { field });
            }
            return None;
        }
        match values::decimal(&v) {
            Ok(n) if n < 0.0 || (required && n == 0.0) => {
                c.problem(field, ProblemKind::NotPositive { field, value: v });
                None
            }
            // Up to R$ 10 million, what a receivable may carry (`validate::MAX_CENTS`).
            Ok(n) if n <= 1e7 => Some((n * 100.0).round() as i64),
            _ => {
                c.problem(field, ProblemKind::Number { field, value: v });
                None
            }
        }
    };
    let amount = money(c, Field::Amount, true);
    let paid_amount = money(c, Field::PaidAmount, false);
    let paid_on = c.date(Field::PaidOn).map(|d| d.date());
    let status_cell = c.get(Field::PaymentStatus).to_owned();
    let status = match payment_status(&status_cell) {
        Some(Some(s)) => Some(s),
        Some(None) => Some(match (paid_on, paid_amount, amount) {
            (Some(_), Some(p), Some(a)) if p >= a => ReceivableStatus::Paid,
            (Some(_), None, _) => ReceivableStatus::Paid,
            (Some(_), Some(p), _) if p > 0 => ReceivableStatus::Partial,
            _ => ReceivableStatus::Open,
        }),
        None => {
            c.problem(
                Field::PaymentStatus,
                ProblemKind::Unrecognised {
                    field: Field::PaymentStatus,
                    value: status_cell,
                },
            );
            None
        }
    };
    if let (Some(i), Some(p)) = (issued_on, paid_on)
        && p < i
    {
        c.problem(
            Field::PaidOn,
            ProblemKind::DateBefore {
                field: Field::PaidOn,
                other: Field::IssuedOn,
            },
        );
    }
    if let (Some(i), Some(d)) = (issued_on, due_on)
        && d < i
    {
        c.problem(
            Field::DueOn,
            ProblemKind::DateBefore {
                field: Field::DueOn,
                other: Field::IssuedOn,
            },
        );
    }
    if status == Some(ReceivableStatus::Paid) && paid_on.is_none() {
        c.problem(
            Field::PaidOn,
            ProblemKind::Required {
                field: Field::PaidOn,
            },
        );
    }
    let status = status?;
    let amount_cents = amount?;
    let paid_cents = match (status, paid_amount) {
        (_, Some(p)) => p,
        (ReceivableStatus::Paid, None) => amount_cents,
        _ => 0,
    };
    Some(ReceivableRecord {
        line: c.row.line,
        external_id,
        customer: customer?,
        contract,
        issued_on,
        due_on: due_on?,
        amount_cents,
        status,
        paid_on,
        paid_cents,
    })
}
