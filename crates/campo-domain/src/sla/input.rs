//! A rule as the editor shows and takes it: the allowance's unit and amount, thresholds, when
//! the clock starts and what pauses it — checked into a rule, or refused by field.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::order::{OrderKind, OrderStatus};

use super::{Allowance, ClockStart, RuleError, RuleSource, SlaRule};

/// How an allowance is counted, as the rule editor names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AllowanceUnit {
    /// Hours within working hours.
    BusinessHours,
    /// Working days.
    BusinessDays,
    /// Hours on the wall clock.
    CalendarHours,
    /// Days on the wall clock.
    CalendarDays,
}

impl AllowanceUnit {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            AllowanceUnit::BusinessHours => "business_hours",
            AllowanceUnit::BusinessDays => "business_days",
            AllowanceUnit::CalendarHours => "calendar_hours",
            AllowanceUnit::CalendarDays => "calendar_days",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            AllowanceUnit::BusinessHours,
            AllowanceUnit::BusinessDays,
            AllowanceUnit::CalendarHours,
            AllowanceUnit::CalendarDays,
        ]
        .into_iter()
        .find(|u| u.code() == code)
    }
}

/// A rule as typed in the editor (or stored): nothing is trusted until [`RuleInput::rule`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RuleInput {
    /// The order kind.
    pub kind: OrderKind,
    /// How the time is counted.
    pub unit: AllowanceUnit,
    /// How much of it (hours or days).
    #[ts(type = "number")]
    pub amount: i64,
    /// Warnings, in percent of the allowed time used.
    #[ts(type = "number[]")]
    pub thresholds: Vec<i64>,
    /// The event that starts the clock (the kind's default when absent, as in rules set
    /// before it could be chosen).
    #[serde(default)]
    pub starts: Option<ClockStart>,
    /// Statuses during which the clock stops.
    #[serde(default)]
    pub pausing: Vec<OrderStatus>,
}

impl RuleInput {
    /// Every problem of the rule at once, at most one per field, so an editor can show them
    /// all beside their fields in one go (empty: the rule is possible).
    pub fn problems(&self) -> Vec<RuleError> {
        let mut found = Vec::new();
        let limit = match self.unit {
            AllowanceUnit::BusinessHours | AllowanceUnit::CalendarHours => 24 * 3650,
            AllowanceUnit::BusinessDays | AllowanceUnit::CalendarDays => 3650,
        };
        if self.amount <= 0 {
            found.push(RuleError::ZeroAllowance);
        } else if self.amount > limit {
            found.push(RuleError::TooLong);
        }
        if self.thresholds.iter().any(|&t| !(1..=100).contains(&t)) {
            found.push(RuleError::ThresholdOutOfRange);
        } else if self.thresholds.windows(2).any(|w| w[0] >= w[1]) {
            found.push(RuleError::ThresholdsNotAscending);
        }
        if self.pausing.iter().any(|s| s.is_terminal()) {
            found.push(RuleError::PausingFinished);
        }
        found
    }

    /// The rule, or why it is impossible: a deadline of zero or less, a warning outside
    /// 1–100 %, warnings not strictly ascending, an amount too large to count (over ten years).
    pub fn rule(&self, source: RuleSource) -> Result<SlaRule, RuleError> {
        let limit = match self.unit {
            AllowanceUnit::BusinessHours | AllowanceUnit::CalendarHours => 24 * 3650,
            AllowanceUnit::BusinessDays | AllowanceUnit::CalendarDays => 3650,
        };
        if self.amount <= 0 {
            return Err(RuleError::ZeroAllowance);
        }
        if self.amount > limit {
            return Err(RuleError::TooLong);
        }
        let amount = u32::try_from(self.amount).map_err(|_| RuleError::TooLong)?;
        let mut thresholds = Vec::with_capacity(self.thresholds.len());
        for &t in &self.thresholds {
            thresholds.push(
                u8::try_from(t)
                    .ok()
                    .filter(|t| (1..=100).contains(t))
                    .ok_or(RuleError::ThresholdOutOfRange)?,
            );
        }
        let rule = SlaRule {
            kind: self.kind,
            allowance: match self.unit {
                AllowanceUnit::BusinessHours => Allowance::BusinessHours(amount),
                AllowanceUnit::BusinessDays => Allowance::BusinessDays(amount),
                AllowanceUnit::CalendarHours => Allowance::CalendarHours(amount),
                AllowanceUnit::CalendarDays => Allowance::CalendarDays(amount),
            },
            thresholds,
            starts: self.starts.unwrap_or(ClockStart::default_for(self.kind)),
            pausing: {
                let mut p = self.pausing.clone();
                p.sort_by_key(|s| s.code());
                p.dedup();
                p
            },
            source,
        };
        rule.validate()?;
        Ok(rule)
    }
}

impl SlaRule {
    /// The rule as the editor shows it.
    pub fn input(&self) -> RuleInput {
        let (unit, amount) = match self.allowance {
            Allowance::BusinessHours(n) => (AllowanceUnit::BusinessHours, n),
            Allowance::BusinessDays(n) => (AllowanceUnit::BusinessDays, n),
            Allowance::CalendarHours(n) => (AllowanceUnit::CalendarHours, n),
            Allowance::CalendarDays(n) => (AllowanceUnit::CalendarDays, n),
        };
        RuleInput {
            kind: self.kind,
            unit,
            amount: i64::from(amount),
            thresholds: self.thresholds.iter().map(|&t| i64::from(t)).collect(),
            starts: Some(self.starts),
            pausing: self.pausing.clone(),
        }
    }
}
