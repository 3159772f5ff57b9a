//! An orders file's row checked into an open order: its kind and standing read from the ERP's
//! words, the customer and plan it names.

use campo_domain::OrderKind;
use campo_domain::text::fold;

use super::{Cells, Known, OrderRecord, Standing, known_customer};
use crate::fields::Field;
use crate::problem::ProblemKind;
use crate::values::{self, Unreadable};

fn order_kind(text: &str) -> Option<OrderKind> {
    let t = fold(text);
    if let Some(k) = OrderKind::ALL.into_iter().find(|k| k.code() == t) {
        return Some(k);
    }
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&[
        "mudanca de plano",
        "troca de plano",
        "alteracao de plano",
        "upgrade",
        "downgrade",
    ]) {
        Some(OrderKind::PlanChange)
    } else if has(&[
        "ativacao de sva",
        "ativacao sva",
        "ativacao de servico",
        "ativacao de iptv",
        "ativacao iptv",
    ]) {
        Some(OrderKind::SvaActivation)
    } else if has(&[
        "mudanca de endereco",
        "mudanca endereco",
        "transferencia de endereco",
        "mudanca",
    ]) {
        Some(OrderKind::AddressChange)
    } else if has(&[
        "retirada",
        "recolhimento",
        "desinstala",
        "cancelamento",
        "retirar",
    ]) {
        Some(OrderKind::Removal)
    } else if has(&["instala", "ativacao"]) {
        Some(OrderKind::Installation)
    } else if has(&[
        "reparo",
        "manutencao",
        "visita",
        "suporte",
        "sem conexao",
        "lentidao",
        "troca",
        "conserto",
    ]) {
        Some(OrderKind::Repair)
    } else {
        None
    }
}

fn standing(text: &str) -> Option<Standing> {
    let t = fold(text);
    Some(match t.as_str() {
        "an" | "analise" | "em analise" => Standing::Analysis,
        ""
        | "a"
        | "en"
        | "as"
        | "ag"
        | "ds"
        | "ex"
        | "rag"
        | "aberta"
        | "aberto"
        | "encaminhada"
        | "assumida"
        | "agendada"
        | "deslocamento"
        | "em deslocamento"
        | "execucao"
        | "em execucao"
        | "aguardando reagendamento"
        | "reagendar" => Standing::Queue,
        "f" | "c" | "finalizada" | "finalizado" | "fechada" | "concluida" | "cancelada"
        | "cancelado" => Standing::Closed,
        _ => return None,
    })
}

pub(super) fn order(c: &mut Cells<'_>, known: &Known) -> Option<OrderRecord> {
    let external_id = c.required(Field::ExternalId);
    let status_cell = c.get(Field::Status).to_owned();
    let standing = match standing(&status_cell) {
        Some(s) => s,
        None => {
            c.problem(
                Field::Status,
                ProblemKind::Unrecognised {
                    field: Field::Status,
                    value: status_cell,
                },
            );
            return None;
        }
    };
    if standing == Standing::Closed {
        // A finished order is history in the ERP: nothing in it to check or import.
        return Some(OrderRecord {
            line: c.row.line,
            external_id,
            customer: String::new(),
            kind: OrderKind::Repair,
            plan: String::new(),
            standing,
            opened_at: None,
            periods: Vec::new(),
        });
    }
    let customer = known_customer(c, known);
    let kind_cell = c.required(Field::Kind);
    let kind = if kind_cell.is_empty() {
        None
    } else {
        let k = order_kind(&kind_cell);
        if k.is_none() {
            c.problem(
                Field::Kind,
                ProblemKind::Unrecognised {
                    field: Field::Kind,
                    value: kind_cell,
                },
            );
        }
        k
    };
    let plan_cell = c.required(Field::Plan);
    let plan = if plan_cell.is_empty() {
        None
    } else if known.has_plan(&plan_cell) {
        Some(plan_cell)
    } else {
        c.problem(Field::Plan, ProblemKind::UnknownPlan { value: plan_cell });
        None
    };
    let opened_at = c.date(Field::OpenedAt);
    let periods_cell = c.get(Field::Periods).to_owned();
    let periods = match values::periods(&periods_cell) {
        Ok(p) => p,
        Err(Unreadable) => {
            c.problem(
                Field::Periods,
                ProblemKind::Unrecognised {
                    field: Field::Periods,
                    value: periods_cell,
                },
            );
            Vec::new()
        }
    };
    Some(OrderRecord {
        line: c.row.line,
        external_id,
        customer: customer?,
        kind: kind?,
        plan: plan?,
        standing,
        opened_at,
        periods,
    })
}
