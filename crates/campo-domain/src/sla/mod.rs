//! The SLA clock: a deadline per order from a rule (business hours, business days or calendar
//! time), pushed later by every pause (waiting on the customer or a third party), and a status
//! — on track, at risk, breached — with the time left in words a person reads.
//!
//! Pure: callers give local times (the provider's time zone) and the calendar. Here the rule;
//! `clock` an order's clock under it (start, milestones, pauses, reading); `input` the rule as
//! its editor shows and takes it.

use chrono::{NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::BusinessCalendar;
use crate::i18n::{Lang, Localized};
use crate::order::{OrderKind, OrderStatus};

mod clock;
mod input;
#[cfg(test)]
mod tests;

use clock::pauses_within;

pub use clock::{Milestones, Pause, SlaReading, SlaState, merge_pauses};
pub use input::{AllowanceUnit, RuleInput};

/// How an order's allowed time is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowance {
    /// Hours within working hours.
    BusinessHours(u32),
    /// Until the end of the n-th working day after the start.
    BusinessDays(u32),
    /// Hours on the wall clock.
    CalendarHours(u32),
    /// Days on the wall clock.
    CalendarDays(u32),
}

/// Where a rule comes from, shown beside it in the rule editor (worded by the interface in
/// the person's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RuleSource {
    /// The consumer rules: ANATEL Res. 632/2014 art. 9 (10 business days), see the RGC,
    /// Res. 765/2023.
    ConsumerRules,
    /// The former SCM quality rule: repair within 48 hours.
    ScmQuality,
    /// The company's own policy.
    CompanyPolicy,
    /// Set in Campo by the administration.
    Edited,
}

/// The event that starts an order's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ClockStart {
    /// When the order is registered.
    Opening,
    /// When backoffice approves it.
    Approval,
    /// When it is first scheduled.
    Scheduling,
}

impl ClockStart {
    /// The default of each kind: what goes through analysis (installations, address and plan
    /// changes) counts from the approval; repairs, removals and SVA activations from the
    /// opening.
    pub fn default_for(kind: OrderKind) -> Self {
        match kind.initial_status() {
            crate::OrderStatus::PendingAnalysis => ClockStart::Approval,
            _ => ClockStart::Opening,
        }
    }

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ClockStart::Opening => "opening",
            ClockStart::Approval => "approval",
            ClockStart::Scheduling => "scheduling",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            ClockStart::Opening,
            ClockStart::Approval,
            ClockStart::Scheduling,
        ]
        .into_iter()
        .find(|c| c.code() == code)
    }
}

/// The deadline rule of one order kind.
#[derive(Debug, Clone, PartialEq)]
pub struct SlaRule {
    /// The kind it applies to.
    pub kind: OrderKind,
    /// The time allowed.
    pub allowance: Allowance,
    /// The event that starts the clock.
    pub starts: ClockStart,
    /// Statuses during which the clock stops (besides the explicit pauses).
    pub pausing: Vec<OrderStatus>,
    /// Warning thresholds, in percent of the allowed time used (ascending, 1–100).
    pub thresholds: Vec<u8>,
    /// Where the rule comes from.
    pub source: RuleSource,
}

/// Why a rule was refused in the editor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// A zero allowance would breach at once.
    #[error("O prazo precisa ser maior que zero")]
    ZeroAllowance,
    /// Thresholds must be within 1–100 %.
    #[error("Os avisos precisam estar entre 1% e 100% do prazo")]
    ThresholdOutOfRange,
    /// Thresholds must grow.
    #[error("Os avisos precisam estar em ordem crescente, sem repetição")]
    ThresholdsNotAscending,
    /// More than ten years cannot be a service deadline.
    #[error("O prazo não pode passar de dez anos")]
    TooLong,
    /// A finished order has no clock to stop.
    #[error("Concluída e cancelada não podem pausar o prazo: a ordem já terminou")]
    PausingFinished,
    /// Only the administration and the coordination change deadline rules.
    #[error("Só a administração e a coordenação alteram as regras de prazo")]
    NotAllowed,
}

/// The field of the rule editor a problem is about: it is shown beside that field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RuleField {
    /// The amount of time allowed.
    Amount,
    /// The warnings, in percent of the time.
    Thresholds,
    /// The statuses that stop the clock.
    Pausing,
}

impl RuleField {
    /// Stored and sent code.
    pub fn code(self) -> &'static str {
        match self {
            RuleField::Amount => "amount",
            RuleField::Thresholds => "thresholds",
            RuleField::Pausing => "pausing",
        }
    }
}

impl RuleError {
    /// The field the problem is about (`None`: the rule as a whole).
    pub fn field(&self) -> Option<RuleField> {
        match self {
            RuleError::ZeroAllowance | RuleError::TooLong => Some(RuleField::Amount),
            RuleError::ThresholdOutOfRange | RuleError::ThresholdsNotAscending => {
                Some(RuleField::Thresholds)
            }
            RuleError::PausingFinished => Some(RuleField::Pausing),
            RuleError::NotAllowed => None,
        }
    }
}

impl Localized for RuleError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                RuleError::ZeroAllowance => "The deadline must be greater than zero".into(),
                RuleError::ThresholdOutOfRange => {
                    "Warnings must be between 1% and 100% of the deadline".into()
                }
                RuleError::ThresholdsNotAscending => {
                    "Warnings must be in ascending order, without repeats".into()
                }
                RuleError::TooLong => "The deadline cannot exceed ten years".into(),
                RuleError::PausingFinished => {
                    "Done and cancelled cannot pause the deadline: the order is over".into()
                }
                RuleError::NotAllowed => {
                    "Only the administration and the coordination change deadline rules".into()
                }
            },
        }
    }
}

impl SlaRule {
    /// The defaults drawn from the consumer rules (PRODUCT.md), all editable.
    pub fn defaults() -> Vec<SlaRule> {
        let warn = vec![75, 100];
        vec![
            SlaRule {
                kind: OrderKind::Installation,
                starts: ClockStart::default_for(OrderKind::Installation),
                pausing: Vec::new(),
                allowance: Allowance::BusinessDays(10),
                thresholds: warn.clone(),
                source: RuleSource::ConsumerRules,
            },
            SlaRule {
                kind: OrderKind::Repair,
                starts: ClockStart::default_for(OrderKind::Repair),
                pausing: Vec::new(),
                allowance: Allowance::CalendarHours(48),
                thresholds: warn.clone(),
                source: RuleSource::ScmQuality,
            },
            SlaRule {
                kind: OrderKind::Removal,
                starts: ClockStart::default_for(OrderKind::Removal),
                pausing: Vec::new(),
                allowance: Allowance::BusinessDays(10),
                thresholds: warn.clone(),
                source: RuleSource::CompanyPolicy,
            },
            SlaRule {
                kind: OrderKind::AddressChange,
                starts: ClockStart::default_for(OrderKind::AddressChange),
                pausing: Vec::new(),
                allowance: Allowance::BusinessDays(10),
                thresholds: warn.clone(),
                source: RuleSource::ConsumerRules,
            },
            SlaRule {
                kind: OrderKind::PlanChange,
                starts: ClockStart::default_for(OrderKind::PlanChange),
                pausing: Vec::new(),
                allowance: Allowance::BusinessDays(10),
                thresholds: warn.clone(),
                source: RuleSource::CompanyPolicy,
            },
            SlaRule {
                kind: OrderKind::SvaActivation,
                starts: ClockStart::default_for(OrderKind::SvaActivation),
                pausing: Vec::new(),
                allowance: Allowance::BusinessDays(5),
                thresholds: warn,
                source: RuleSource::CompanyPolicy,
            },
        ]
    }

    /// Refuses impossible rules.
    pub fn validate(&self) -> Result<(), RuleError> {
        let amount = match self.allowance {
            Allowance::BusinessHours(n)
            | Allowance::BusinessDays(n)
            | Allowance::CalendarHours(n)
            | Allowance::CalendarDays(n) => n,
        };
        if amount == 0 {
            return Err(RuleError::ZeroAllowance);
        }
        if self.thresholds.iter().any(|&t| t == 0 || t > 100) {
            return Err(RuleError::ThresholdOutOfRange);
        }
        if self.thresholds.windows(2).any(|w| w[0] >= w[1]) {
            return Err(RuleError::ThresholdsNotAscending);
        }
        if self.pausing.iter().any(|s| s.is_terminal()) {
            return Err(RuleError::PausingFinished);
        }
        Ok(())
    }

    fn business(&self) -> bool {
        matches!(
            self.allowance,
            Allowance::BusinessHours(_) | Allowance::BusinessDays(_)
        )
    }

    /// The deadline without pauses.
    fn base_deadline(&self, cal: &BusinessCalendar, start: NaiveDateTime) -> Option<NaiveDateTime> {
        match self.allowance {
            Allowance::BusinessHours(h) => {
                cal.add_business_time(start, TimeDelta::hours(i64::from(h)))
            }
            Allowance::BusinessDays(d) => cal.add_business_days(start, d),
            Allowance::CalendarHours(h) => start.checked_add_signed(TimeDelta::hours(i64::from(h))),
            Allowance::CalendarDays(d) => start.checked_add_signed(TimeDelta::days(i64::from(d))),
        }
    }

    /// The deadline of an order whose clock started at `start` and was paused during
    /// `pauses` (an open pause runs until `now`). Each pause that begins before the deadline
    /// pushes it later by the (business or wall) time it lasted; pauses never bring it
    /// forward. `None` when the calendar has no working hours at all.
    pub fn deadline(
        &self,
        cal: &BusinessCalendar,
        start: NaiveDateTime,
        pauses: &[Pause],
        now: NaiveDateTime,
    ) -> Option<NaiveDateTime> {
        let mut deadline = self.base_deadline(cal, start)?;
        let mut sorted: Vec<&Pause> = pauses.iter().collect();
        sorted.sort_by_key(|p| p.from);
        for p in sorted {
            let from = p.from.max(start);
            let to = p.to.unwrap_or(now).max(from);
            if from >= deadline {
                continue;
            }
            if self.business() {
                let lost = cal.business_time(from, to);
                deadline = cal.add_business_time(deadline, lost)?.max(deadline);
            } else {
                deadline = deadline.checked_add_signed(to - from)?;
            }
        }
        Some(deadline)
    }

    /// Where the order stands at `now`.
    pub fn status(
        &self,
        cal: &BusinessCalendar,
        start: NaiveDateTime,
        pauses: &[Pause],
        now: NaiveDateTime,
    ) -> Option<SlaReading> {
        let deadline = self.deadline(cal, start, pauses, now)?;
        let measure = |a: NaiveDateTime, b: NaiveDateTime| {
            if self.business() {
                cal.business_time(a, b)
            } else {
                (b - a).max(TimeDelta::zero())
            }
        };
        let allowed =
            measure(start, deadline) - pauses_within(self, cal, start, deadline, pauses, now);
        let left = if now < deadline {
            measure(now, deadline)
        } else {
            -measure(deadline, now)
        };
        let used_pct = if allowed > TimeDelta::zero() {
            let used = allowed - left.max(TimeDelta::zero());
            (used.num_seconds() as f64 / allowed.num_seconds() as f64 * 100.0).clamp(0.0, 100.0)
        } else {
            100.0
        };
        let state = if now >= deadline {
            SlaState::Breached
        } else if allowed <= TimeDelta::zero() || left <= self.left_at_warning(allowed) {
            SlaState::AtRisk
        } else {
            SlaState::OnTrack
        };
        // For rules counted in days, the days left are working days, not hours / 24.
        let days_left = match self.allowance {
            Allowance::BusinessDays(_) if now < deadline => {
                let mut n = 0;
                let mut d = now.date();
                while d < deadline.date() {
                    d = d.succ_opt()?;
                    if cal.shift(d).is_some() {
                        n += 1;
                    }
                }
                Some(n)
            }
            _ => None,
        };
        Some(SlaReading {
            deadline,
            state,
            left,
            business: self.business(),
            used_pct: used_pct.round() as u8,
            days_left,
        })
    }
}
