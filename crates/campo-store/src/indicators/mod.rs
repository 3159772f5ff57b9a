//! The provider's indicators, one page per audience (issue 20): the field's (deadlines met,
//! visits done on their date, first-visit success, repeat visits) in [`field`], the
//! stock's (equipment per installation, losses) in [`stock`]. Each takes the same
//! [`IndicatorFilter`] (a period, a municipality, a technician) and has a CSV; every figure
//! opens to the orders behind it. Activation and sales figures live beside their features
//! (`activation::read`, `sales::funnel`), money in `finance`.

pub mod field;
pub mod stock;
mod visits;

use campo_domain::Field;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::StoreError;
use crate::agenda::day_arg;

/// Longest range a report covers (a year).
pub const MAX_REPORT_DAYS: i64 = 366;

/// What every indicator page is filtered by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IndicatorFilter {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD` (included).
    pub to: String,
    /// Only customers of this municipality (IBGE code).
    pub municipality: Option<u32>,
    /// Only this technician's orders.
    pub technician_id: Option<String>,
}

/// A filter's period, checked: both days, in order, at most a year.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl IndicatorFilter {
    /// The filter over `from`..=`to` with nothing else.
    pub fn period(from: impl Into<String>, to: impl Into<String>) -> Self {
        IndicatorFilter {
            from: from.into(),
            to: to.into(),
            ..IndicatorFilter::default()
        }
    }

    pub(crate) fn checked(&self) -> Result<Period, StoreError> {
        let from = day_arg(&self.from, Field::PeriodStart)?;
        let to = day_arg(&self.to, Field::PeriodEnd)?;
        if to < from || (to - from).num_days() >= MAX_REPORT_DAYS {
            return Err(StoreError::ReportPeriod);
        }
        Ok(Period { from, to })
    }

    /// The technician asked for, when one is.
    pub(crate) fn technician(&self) -> Option<&str> {
        self.technician_id
            .as_deref()
            .filter(|t| !t.trim().is_empty())
    }

    /// Whether a customer of `city`/`uf` passes the municipality filter.
    pub(crate) fn takes_place(&self, city: &str, uf: &str) -> bool {
        self.municipality.is_none_or(|code| {
            campo_domain::municipality::find(city, uf).is_some_and(|m| m.ibge == code)
        })
    }
}

/// `part` of `whole` in percent with one decimal; `None` when there is no whole.
pub(crate) fn pct(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| (f64::from(part) * 1000.0 / f64::from(whole)).round() / 10.0)
}
