//! One order as the field's indicators know it (its row, the day it was done, a failed visit
//! before it, the repair that followed) and what a line of the indicators counts of it.

use campo_domain::{OrderKind, OrderStatus};
use chrono::{Datelike, Days, NaiveDate};

use super::super::field::{FieldFigure, FieldGrouping};
use crate::views::DeadlineState;

/// The order's own fields the indicators read.
pub(in crate::indicators) struct VisitRow {
    pub id: String,
    pub number: u32,
    pub kind: OrderKind,
    pub status: OrderStatus,
    pub customer_name: String,
    pub technician_id: Option<String>,
    pub technician_name: Option<String>,
    pub scheduled_date: Option<String>,
    pub deadline_state: Option<DeadlineState>,
}

/// What the indicators know of one order.
pub(in crate::indicators) struct Fact {
    pub row: VisitRow,
    pub done_on: Option<NaiveDate>,
    pub failed_before: bool,
    pub repair: Option<u32>,
    /// Where it is kept: the order's slot, its customer's municipality.
    pub(super) slot: String,
    pub(super) ibge: Option<u32>,
}

impl Fact {
    pub fn scheduled(&self) -> Option<NaiveDate> {
        self.row
            .scheduled_date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    }

    pub fn done(&self) -> bool {
        self.row.status == OrderStatus::Done
    }

    /// Whether the order counts in `figure`, and then whether against it.
    pub fn judge(&self, figure: FieldFigure) -> Option<bool> {
        match figure {
            FieldFigure::Compliance => match self.row.deadline_state {
                Some(DeadlineState::Met) => Some(false),
                Some(DeadlineState::Missed | DeadlineState::Breached) => Some(true),
                _ => None,
            },
            FieldFigure::OnDate => self
                .done()
                .then(|| self.done_on.is_none() || self.done_on != self.scheduled()),
            FieldFigure::FirstVisit => self.done().then_some(self.failed_before),
            FieldFigure::Repeat => self.done().then_some(self.repair.is_some()),
        }
    }

    /// The order's line in `grouping`.
    pub fn key(&self, grouping: FieldGrouping) -> String {
        match grouping {
            FieldGrouping::Total => "total".into(),
            FieldGrouping::Kind => self.row.kind.code().into(),
            FieldGrouping::Technician => self.row.technician_id.clone().unwrap_or_default(),
            FieldGrouping::Week => self.scheduled().map(monday).unwrap_or_default(),
        }
    }
}

/// The Monday of `day`'s week, `YYYY-MM-DD`.
fn monday(day: NaiveDate) -> String {
    day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))
        .unwrap_or(day)
        .to_string()
}

/// What a line of the indicators counts.
#[derive(Debug, Clone, Copy, Default)]
pub(in crate::indicators) struct Counts {
    pub orders: u32,
    pub met: u32,
    pub late: u32,
    pub open: u32,
    pub done: u32,
    pub done_on_date: u32,
    pub first_visit: u32,
    pub repeated: u32,
}

impl Counts {
    /// One order's.
    pub fn of(fact: &Fact) -> Self {
        let state = fact.row.deadline_state;
        let done = fact.done();
        Counts {
            orders: u32::from(state.is_some()),
            met: u32::from(state == Some(DeadlineState::Met)),
            late: u32::from(matches!(
                state,
                Some(DeadlineState::Missed | DeadlineState::Breached)
            )),
            open: u32::from(matches!(
                state,
                Some(DeadlineState::OnTrack | DeadlineState::AtRisk)
            )),
            done: u32::from(done),
            done_on_date: u32::from(done && fact.judge(FieldFigure::OnDate) == Some(false)),
            first_visit: u32::from(done && !fact.failed_before),
            repeated: u32::from(done && fact.repair.is_some()),
        }
    }
}
