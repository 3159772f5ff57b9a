//! Operations that set one record whole. Some kinds replace every column of one record each
//! time they are applied — a receivable as the ERP has it, a technician's route for a day,
//! their skills, their working week, a calendar day, an absence, a plan's equipment — the later one in the
//! server's order winning. For a device that starts empty, such an operation followed (next,
//! for the same record) by one that replaces it changes nothing the device ends with, so the
//! server leaves it out of the pulls of a device starting empty
//! ([`crate::wire::PullMode::Bootstrap`]): after years of a provider's ERP updating its
//! receivables and coordinators planning their routes again, a new office device receives
//! each record's state, not its every version.
//!
//! Which kinds qualify follows the store's effects: each writes all of the record's columns
//! but those named in [`SetsRecord::fixed`] (kept from the first time, or deciding whether it
//! is written at all), so an operation is replaced only by one that agrees on them.
//! `campo-sync`'s bootstrap test checks a device started this way against one that applied
//! every operation.

use crate::{Op, OpKind};

/// The record an operation sets whole, and what a later operation of it must agree on to
/// replace it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetsRecord {
    /// The record: its kind and key (`receivable:<id>`).
    pub record: String,
    /// What the effect keeps from the first operation or depends on (a receivable's
    /// customer and ERP id); empty when it writes every column.
    pub fixed: String,
}

impl SetsRecord {
    fn whole(record: String) -> Self {
        Self {
            record,
            fixed: String::new(),
        }
    }
}

impl OpKind {
    /// Whether operations of this kind set one record whole (see the module): the one list,
    /// which [`Op::sets_record`] follows.
    pub fn sets_records(self) -> bool {
        match self {
            OpKind::ReceivableSet
            | OpKind::RouteSet
            | OpKind::SkillsSet
            | OpKind::WorkWeekSet
            | OpKind::CalendarDaySet
            | OpKind::PlanEquipmentSet
            | OpKind::AbsenceSet => true,
            // Events (each one stays in the record's history), records merged field by field,
            // settings whose effect may ignore a version it finds impossible (the one before
            // it then stands) and a stock minimum (its effect also registers the place): every
            // operation is kept.
            OpKind::PersonCreated
            | OpKind::PlanCreated
            | OpKind::CustomerCreated
            | OpKind::OrderCreated
            | OpKind::OrderEdited
            | OpKind::OrderTransitioned
            | OpKind::OrderPaused
            | OpKind::OrderResumed
            | OpKind::SlaRuleSet
            | OpKind::AgendaSettingsSet
            | OpKind::CalendarHoursSet
            | OpKind::ProviderSet
            | OpKind::ActivationTemplateSaved
            | OpKind::ActivationStarted
            | OpKind::ActivationTicked
            | OpKind::ActivationClosed
            | OpKind::StockItemCreated
            | OpKind::StockPlaceCreated
            | OpKind::StockMinimumSet
            | OpKind::StockMoved
            | OpKind::StockDiscrepancyResolved
            | OpKind::StockRelayed
            | OpKind::OrderGranted
            | OpKind::OrderRevoked
            | OpKind::OrderRestored
            | OpKind::OrderResolved
            | OpKind::PersonRoleSet
            | OpKind::SaleSubmitted
            | OpKind::SaleReviewed
            | OpKind::PlanUpdated
            | OpKind::CallOpened
            | OpKind::CallStepped
            | OpKind::OrderMessaged
            | OpKind::CustomerEdited
            | OpKind::CollectionContacted
            | OpKind::NonPaymentStepsSet
            | OpKind::OrderSigned
            | OpKind::ClosingRulesSet
            | OpKind::OrderPhotoAdded
            | OpKind::OrderPhotoRemoved
            | OpKind::OrderReportKept => false,
        }
    }
}

impl Op {
    /// The record this operation sets whole, if its kind is one of those
    /// ([`OpKind::sets_records`]).
    pub fn sets_record(&self) -> Option<SetsRecord> {
        let record = match self {
            Op::ReceivableSet(b) => Some(SetsRecord {
                record: format!("receivable:{}", b.id),
                // The effect keeps the first ERP id and writes only for a known customer.
                fixed: format!("{}|{}", b.customer_id, b.external_id),
            }),
            Op::RouteSet(b) => Some(SetsRecord::whole(format!(
                "route:{}:{}",
                b.date, b.technician_id
            ))),
            Op::SkillsSet(b) => Some(SetsRecord::whole(format!("skills:{}", b.technician_id))),
            Op::WorkWeekSet(b) => Some(SetsRecord::whole(format!("week:{}", b.technician_id))),
            Op::CalendarDaySet(b) => Some(SetsRecord::whole(format!(
                "calendar:{}:{}",
                b.date,
                b.municipality.unwrap_or(0)
            ))),
            Op::PlanEquipmentSet(b) => {
                Some(SetsRecord::whole(format!("plan-equipment:{}", b.plan_id)))
            }
            Op::AbsenceSet(b) => Some(SetsRecord {
                record: format!("absence:{}", b.id),
                // The effect keeps the technician of the first.
                fixed: b.technician_id.to_string(),
            }),
            _ => None,
        };
        debug_assert_eq!(record.is_some(), self.kind().sets_records());
        record
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receivable_is_replaced_only_by_one_of_the_same_customer_and_erp_id() {
        let body = |customer: uuid::Uuid, cents: i64| {
            Op::ReceivableSet(crate::ops::ReceivableSet {
                id: crate::ops::receivable_id("R-1"),
                external_id: "R-1".into(),
                customer_id: customer,
                contract: None,
                issued_on: None,
                due_on: "2026-11-10".into(),
                amount_cents: cents,
                status: campo_domain::finance::ReceivableStatus::Open,
                paid_on: None,
                paid_cents: 0,
            })
        };
        let (a, b) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
        let first = body(a, 100)
            .sets_record()
            .expect("a receivable sets its record");
        assert_eq!(first, body(a, 200).sets_record().unwrap());
        let moved = body(b, 100).sets_record().unwrap();
        assert_eq!(first.record, moved.record);
        assert_ne!(first.fixed, moved.fixed);
    }
}
