//! A checked file's records as operations: plans, customers (new, or changed by their ERP id),
//! open orders (with their approval when they wait in the queue) and receivables — what the
//! server's log does not hold yet, counted in the report.

use campo_domain::OrderStatus;
use campo_import::{CustomerRecord, OrderRecord, PlanRecord, ReceivableRecord, Standing};
use campo_protocol::Op;
use campo_protocol::ops::{
    CustomerAddress, CustomerCreated, CustomerEdited, OrderCreated, OrderTransitioned, PlanCreated,
    PlanUpdated,
};
use chrono::{SecondsFormat, Utc};
use uuid::Uuid;

use super::{ImportReport, State};

pub(super) fn plan_ops(state: &State, list: &[PlanRecord], report: &mut ImportReport) -> Vec<Op> {
    let mut ops = Vec::new();
    for r in list {
        let existing = state.plan_by(r.external_id.as_deref(), &r.name);
        let (svas, sold) = existing
            .and_then(|id| state.plans.get(&id))
            .map(|(p, sold)| (p.svas.clone(), *sold))
            .unwrap_or((Vec::new(), true));
        let plan = PlanCreated {
            id: existing.unwrap_or_else(Uuid::now_v7),
            name: r.name.clone(),
            download_mbps: r.download_mbps,
            price_cents: r.price_cents,
            has_iptv: r.has_iptv,
            premium: r.premium,
            svas,
            external_id: r.external_id.clone(),
        };
        match existing.and_then(|id| state.plans.get(&id)) {
            None => {
                ops.push(Op::PlanCreated(plan));
                report.created += 1;
            }
            Some((now, _)) => {
                let same = now.name == plan.name
                    && now.download_mbps == plan.download_mbps
                    && now.price_cents == plan.price_cents
                    && now.has_iptv == plan.has_iptv
                    && now.premium == plan.premium
                    && (plan.external_id.is_none() || now.external_id == plan.external_id);
                if same {
                    report.unchanged += 1;
                } else {
                    ops.push(Op::PlanUpdated(PlanUpdated { plan, sold }));
                    report.updated += 1;
                }
            }
        }
    }
    ops
}

pub(super) fn customer_ops(
    state: &State,
    list: &[CustomerRecord],
    at: &str,
    report: &mut ImportReport,
) -> Vec<Op> {
    let mut ops = Vec::new();
    for r in list {
        let existing = r
            .external_id
            .as_deref()
            .and_then(|e| state.customer_by(e))
            .or_else(|| r.draft.cpf.as_deref().and_then(|c| state.customer_by(c)));
        let d = &r.draft;
        let address = CustomerAddress::from(&d.address);
        let Some(now) = existing.and_then(|id| state.customers.get(&id)) else {
            ops.push(Op::CustomerCreated(CustomerCreated {
                id: Uuid::now_v7(),
                name: d.name.clone(),
                cpf: d.cpf.clone(),
                email: d.email.clone(),
                mother_name: d.mother_name.clone(),
                birth_date: d.birth_date.clone(),
                phone1: d.phone1.clone(),
                phone2: d.phone2.clone(),
                address,
                external_id: r.external_id.clone(),
            }));
            report.created += 1;
            continue;
        };
        let pairs: [(&str, Option<&String>, Option<&String>); 12] = [
            ("name", Some(&now.name), Some(&d.name)),
            ("email", now.email.as_ref(), d.email.as_ref()),
            ("phone1", Some(&now.phone1), Some(&d.phone1)),
            ("phone2", now.phone2.as_ref(), d.phone2.as_ref()),
            ("cep", Some(&now.address.cep), Some(&address.cep)),
            ("street", Some(&now.address.street), Some(&address.street)),
            ("number", Some(&now.address.number), Some(&address.number)),
            (
                "complement",
                now.address.complement.as_ref(),
                address.complement.as_ref(),
            ),
            (
                "neighbourhood",
                Some(&now.address.neighbourhood),
                Some(&address.neighbourhood),
            ),
            ("city", Some(&now.address.city), Some(&address.city)),
            ("uf", Some(&now.address.uf), Some(&address.uf)),
            (
                "reference",
                now.address.reference.as_ref(),
                address.reference.as_ref(),
            ),
        ];
        let mut changed: Vec<String> = pairs
            .iter()
            .filter(|(_, a, b)| a != b)
            .map(|(f, _, _)| (*f).to_owned())
            .collect();
        // A file without coordinates keeps the location placed since (by hand or the
        // geocoder); one with them moves the customer.
        let (lat, lon) = match (address.lat, address.lon) {
            (Some(lat), Some(lon)) => (Some(lat), Some(lon)),
            _ => (now.address.lat, now.address.lon),
        };
        if (now.address.lat, now.address.lon) != (lat, lon) {
            changed.push("location".into());
        }
        let new_external = r
            .external_id
            .clone()
            .filter(|e| now.external_id.as_ref() != Some(e));
        if new_external.is_some() {
            changed.push("external_id".into());
        }
        if changed.is_empty() {
            report.unchanged += 1;
            continue;
        }
        ops.push(Op::CustomerEdited(CustomerEdited {
            id: now.id,
            name: d.name.clone(),
            email: d.email.clone(),
            phone1: d.phone1.clone(),
            phone2: d.phone2.clone(),
            address: CustomerAddress {
                lat,
                lon,
                ..address
            },
            external_id: new_external,
            changed,
            at: at.to_owned(),
        }));
        report.updated += 1;
    }
    ops
}

pub(super) fn order_ops(
    state: &State,
    list: &[OrderRecord],
    at: &str,
    zone: chrono_tz::Tz,
    report: &mut ImportReport,
) -> Vec<Op> {
    let mut ops = Vec::new();
    let mut number = state.next_number;
    for r in list {
        if state.order_ids.contains(&r.external_id) {
            report.unchanged += 1;
            continue;
        }
        let (Some(customer_id), Some(plan_id)) = (
            state.customer_by(&r.customer),
            state.plan_by(Some(&r.plan), &r.plan),
        ) else {
            // The check found both; the log cannot have lost them since.
            continue;
        };
        let opened = r
            .opened_at
            .and_then(|t| t.and_local_timezone(zone).earliest())
            .map(|t| {
                t.with_timezone(&Utc)
                    .to_rfc3339_opts(SecondsFormat::Millis, true)
            })
            .filter(|t| t.as_str() < at)
            .unwrap_or_else(|| at.to_owned());
        let id = Uuid::now_v7();
        ops.push(Op::OrderCreated(OrderCreated {
            id,
            number,
            kind: r.kind.code().to_owned(),
            customer_id,
            plan_id,
            event_id: Uuid::now_v7(),
            at: opened.clone(),
            sale_id: None,
            periods: r.periods.clone(),
            external_id: Some(r.external_id.clone()),
            new_address: None,
        }));
        number += 1;
        let initial = r.kind.initial_status();
        if r.standing == Standing::Queue && initial == OrderStatus::PendingAnalysis {
            ops.push(Op::OrderTransitioned(OrderTransitioned {
                order_id: id,
                event_id: Uuid::now_v7(),
                from: initial.code().to_owned(),
                to: OrderStatus::Approved.code().to_owned(),
                reason: None,
                schedule: None,
                at: opened,
            }));
        }
        report.created += 1;
    }
    ops
}

pub(super) fn receivable_ops(
    state: &State,
    list: &[ReceivableRecord],
    report: &mut ImportReport,
) -> Vec<Op> {
    let mut ops = Vec::new();
    for r in list {
        let Some(customer) = state.customer_by(&r.customer) else {
            // The check found the customer; the log cannot have lost it since.
            continue;
        };
        let body = r.operation(customer);
        match state.receivables.get(&body.id) {
            Some(now) if *now == body => report.unchanged += 1,
            Some(_) => {
                ops.push(Op::ReceivableSet(body));
                report.updated += 1;
            }
            None => {
                ops.push(Op::ReceivableSet(body));
                report.created += 1;
            }
        }
    }
    ops
}
