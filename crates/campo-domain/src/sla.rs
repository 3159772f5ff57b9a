//! The SLA clock: a deadline per order from a rule (business hours, business days or calendar
//! time), pushed later by every pause (waiting on the customer or a third party), and a status
//! — on track, at risk, breached — with the time left in words a person reads.
//!
//! Pure: callers give local times (the provider's time zone) and the calendar.

use chrono::{NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::BusinessCalendar;
use crate::i18n::{Lang, Localized};
use crate::order::{OrderKind, OrderStatus};

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

/// The instants an order's reading changes at, once none of its pauses is open: from
/// `at_risk` it is at risk, from `deadline` breached. Kept by the store so that judging many
/// orders is a comparison with the time instead of calendar arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Milestones {
    /// The first warning threshold is reached.
    pub at_risk: NaiveDateTime,
    /// The deadline.
    pub deadline: NaiveDateTime,
}

impl Milestones {
    /// The state at `now` (for a `now` after every pause the milestones were taken with).
    pub fn state(&self, now: NaiveDateTime) -> SlaState {
        if now >= self.deadline {
            SlaState::Breached
        } else if now >= self.at_risk {
            SlaState::AtRisk
        } else {
            SlaState::OnTrack
        }
    }
}

impl SlaRule {
    /// When the clock starts in `history` (statuses reached and when, in order); `None`
    /// before that event.
    pub fn clock_start(&self, history: &[(OrderStatus, NaiveDateTime)]) -> Option<NaiveDateTime> {
        let first = |status| {
            history
                .iter()
                .find(|(s, _)| *s == status)
                .map(|(_, at)| *at)
        };
        match self.starts {
            ClockStart::Opening => history.first().map(|(_, at)| *at),
            ClockStart::Approval => first(OrderStatus::Approved),
            ClockStart::Scheduling => first(OrderStatus::Scheduled),
        }
    }

    /// The time `history` spent in a pausing status after `start`, as pauses (the last one
    /// open while the order is still in it).
    pub fn status_pauses(
        &self,
        history: &[(OrderStatus, NaiveDateTime)],
        start: NaiveDateTime,
    ) -> Vec<Pause> {
        if self.pausing.is_empty() {
            return Vec::new();
        }
        history
            .iter()
            .enumerate()
            .filter(|(_, (s, _))| self.pausing.contains(s))
            .filter_map(|(i, (_, from))| {
                let to = history.get(i + 1).map(|(_, at)| *at);
                if to.is_some_and(|to| to <= start) {
                    return None;
                }
                Some(Pause {
                    from: (*from).max(start),
                    to,
                    reason: String::new(),
                })
            })
            .collect()
    }

    /// Time left (in the rule's own measure) at which the first warning is reached.
    fn left_at_warning(&self, allowed: TimeDelta) -> TimeDelta {
        let first_warning = i32::from(self.thresholds.first().copied().unwrap_or(75).min(100));
        allowed * (100 - first_warning) / 100
    }

    /// When an order whose clock started at `start` turns at risk and breaches, for
    /// [`Self::status`] read at any moment after `pauses`; `None` while a pause is still open
    /// (the deadline moves on) or when the calendar has no working hours.
    pub fn milestones(
        &self,
        cal: &BusinessCalendar,
        start: NaiveDateTime,
        pauses: &[Pause],
    ) -> Option<Milestones> {
        if pauses.iter().any(|p| p.to.is_none()) {
            return None;
        }
        let deadline = self.deadline(cal, start, pauses, start)?;
        let allowed = if self.business() {
            cal.business_time(start, deadline)
        } else {
            (deadline - start).max(TimeDelta::zero())
        } - pauses_within(self, cal, start, deadline, pauses, start);
        let at_risk = if allowed <= TimeDelta::zero() {
            start
        } else if self.business() {
            cal.sub_business_time(deadline, self.left_at_warning(allowed))?
        } else {
            deadline - self.left_at_warning(allowed)
        };
        Some(Milestones {
            at_risk: at_risk.min(deadline),
            deadline,
        })
    }
}

/// The pauses with overlapping ones merged (an open pause absorbs every later one), so time
/// paused twice — a status that stops the clock during an explicit pause — counts once.
pub fn merge_pauses(mut pauses: Vec<Pause>) -> Vec<Pause> {
    pauses.sort_by_key(|p| p.from);
    let mut out: Vec<Pause> = Vec::with_capacity(pauses.len());
    for p in pauses {
        if let Some(last) = out.last_mut() {
            match last.to {
                None => continue,
                Some(end) if p.from <= end => {
                    last.to = p.to.map(|to| to.max(end));
                    continue;
                }
                Some(_) => {}
            }
        }
        out.push(p);
    }
    out
}

fn pauses_within(
    rule: &SlaRule,
    cal: &BusinessCalendar,
    start: NaiveDateTime,
    deadline: NaiveDateTime,
    pauses: &[Pause],
    now: NaiveDateTime,
) -> TimeDelta {
    pauses
        .iter()
        .map(|p| {
            let from = p.from.max(start);
            let to = p.to.unwrap_or(now).min(deadline);
            if to <= from {
                TimeDelta::zero()
            } else if rule.business() {
                cal.business_time(from, to)
            } else {
                to - from
            }
        })
        .sum()
}

/// A suspension of the clock (waiting on the customer or a third party).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pause {
    /// When it began.
    pub from: NaiveDateTime,
    /// When it ended (`None` while still paused).
    pub to: Option<NaiveDateTime>,
    /// Why.
    pub reason: String,
}

/// On track, at risk, breached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaState {
    /// Within the allowed time, before the first warning.
    OnTrack,
    /// Past the first warning threshold.
    AtRisk,
    /// Past the deadline.
    Breached,
}

/// An order's deadline as read at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaReading {
    /// The deadline (local time).
    pub deadline: NaiveDateTime,
    /// On track, at risk or breached.
    pub state: SlaState,
    /// Time left (negative once breached), in the rule's own measure.
    pub left: TimeDelta,
    /// The measure is business time.
    pub business: bool,
    /// Share of the allowed time used, 0–100.
    pub used_pct: u8,
    /// Working days left, for rules counted in business days.
    pub days_left: Option<u32>,
}

impl SlaReading {
    /// "vence em 3 h úteis", "vence em 2 dias", "venceu há 40 min".
    pub fn describe(&self, lang: Lang) -> String {
        let abs = self.left.abs();
        let (n, unit_pt, unit_en) = if let Some(days) = self.days_left.filter(|&d| d >= 2) {
            (i64::from(days), "dias", "days")
        } else if abs >= TimeDelta::hours(48) {
            (abs.num_hours() / 24, "dias", "days")
        } else if abs >= TimeDelta::hours(1) {
            (abs.num_hours(), "h", "h")
        } else {
            (abs.num_minutes(), "min", "min")
        };
        let (unit_pt, unit_en) = if n == 1 && unit_pt == "dias" {
            ("dia", "day")
        } else {
            (unit_pt, unit_en)
        };
        let business = self.business && unit_pt != "min";
        let suffix_pt = if business { " úteis" } else { "" };
        let prefix_en = if business { "business " } else { "" };
        match (lang, self.left > TimeDelta::zero()) {
            (Lang::PtBr, true) => format!("vence em {n} {unit_pt}{suffix_pt}"),
            (Lang::PtBr, false) => format!("venceu há {n} {unit_pt}{suffix_pt}"),
            (Lang::En, true) => format!("due in {n} {prefix_en}{unit_en}"),
            (Lang::En, false) => format!("overdue by {n} {prefix_en}{unit_en}"),
        }
    }
}

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

#[cfg(test)]
mod tests {
    #[test]
    fn the_editor_refuses_impossible_rules_by_name_and_keeps_possible_ones() {
        let input = |unit, amount, thresholds: &[i64]| RuleInput {
            kind: OrderKind::Repair,
            unit,
            amount,
            thresholds: thresholds.to_vec(),
            starts: Some(ClockStart::Opening),
            pausing: Vec::new(),
        };
        let ok = input(AllowanceUnit::BusinessHours, 24, &[50, 75, 100]);
        let rule = ok.rule(RuleSource::Edited).unwrap();
        assert_eq!(rule.allowance, Allowance::BusinessHours(24));
        assert_eq!(rule.input(), ok);
        for (bad, why) in [
            (
                input(AllowanceUnit::CalendarHours, -4, &[75]),
                RuleError::ZeroAllowance,
            ),
            (
                input(AllowanceUnit::CalendarDays, 0, &[75]),
                RuleError::ZeroAllowance,
            ),
            (
                input(AllowanceUnit::BusinessDays, 5, &[75, 120]),
                RuleError::ThresholdOutOfRange,
            ),
            (
                input(AllowanceUnit::BusinessDays, 5, &[-10]),
                RuleError::ThresholdOutOfRange,
            ),
            (
                input(AllowanceUnit::BusinessDays, 5, &[80, 75]),
                RuleError::ThresholdsNotAscending,
            ),
            (
                input(AllowanceUnit::CalendarDays, 40_000, &[75]),
                RuleError::TooLong,
            ),
        ] {
            assert_eq!(bad.rule(RuleSource::Edited), Err(why.clone()));
            // Each alone is the one problem listed, named by its field.
            assert_eq!(bad.problems(), vec![why]);
        }
        // Every problem at once, one per field, for the editor to show beside each.
        let mut worst = input(AllowanceUnit::CalendarDays, 0, &[90, 80]);
        worst.pausing = vec![OrderStatus::Done];
        let all = worst.problems();
        assert_eq!(
            all,
            vec![
                RuleError::ZeroAllowance,
                RuleError::ThresholdsNotAscending,
                RuleError::PausingFinished
            ]
        );
        assert_eq!(
            all.iter().map(|e| e.field()).collect::<Vec<_>>(),
            vec![
                Some(RuleField::Amount),
                Some(RuleField::Thresholds),
                Some(RuleField::Pausing)
            ]
        );
        assert!(ok.problems().is_empty());
        assert_eq!(
            RuleError::ThresholdOutOfRange.message(Lang::PtBr),
            "Os avisos precisam estar entre 1% e 100% do prazo"
        );
        for r in SlaRule::defaults() {
            assert_eq!(r.input().rule(r.source), Ok(r.clone()));
        }
    }

    use super::*;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn at(m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    fn recife() -> BusinessCalendar {
        BusinessCalendar::for_place("PE", "Recife", 2025..=2027, true)
    }

    fn rule(allowance: Allowance) -> SlaRule {
        SlaRule {
            kind: OrderKind::Repair,
            allowance,
            thresholds: vec![75, 100],
            starts: ClockStart::Opening,
            pausing: Vec::new(),
            source: RuleSource::CompanyPolicy,
        }
    }

    #[test]
    fn a_status_that_stops_the_clock_pushes_the_deadline_and_counts_once_with_a_pause() {
        let cal = recife();
        let mut r = rule(Allowance::CalendarHours(48));
        r.pausing = vec![OrderStatus::NotDone];
        r.starts = ClockStart::Scheduling;
        // Opened Monday 09:00, scheduled 10:00, visit failed Tuesday 10:00, scheduled again
        // Wednesday 10:00 (a day in "não realizada").
        let history = [
            (OrderStatus::PendingAnalysis, at(11, 23, 9, 0)),
            (OrderStatus::Approved, at(11, 23, 9, 30)),
            (OrderStatus::Scheduled, at(11, 23, 10, 0)),
            (OrderStatus::EnRoute, at(11, 24, 9, 0)),
            (OrderStatus::NotDone, at(11, 24, 10, 0)),
            (OrderStatus::Scheduled, at(11, 25, 10, 0)),
        ];
        let start = r.clock_start(&history).unwrap();
        assert_eq!(start, at(11, 23, 10, 0), "counts from the first scheduling");
        let stopped = r.status_pauses(&history, start);
        assert_eq!(stopped.len(), 1);
        let d = r.deadline(&cal, start, &stopped, at(11, 26, 9, 0)).unwrap();
        assert_eq!(d, at(11, 26, 10, 0), "48 h plus the day spent not done");
        // An explicit pause over the same hours counts once.
        let mut both = stopped.clone();
        both.push(Pause {
            from: at(11, 24, 12, 0),
            to: Some(at(11, 24, 14, 0)),
            reason: "aguardando cliente".into(),
        });
        let merged = merge_pauses(both);
        assert_eq!(merged.len(), 1);
        assert_eq!(
            r.deadline(&cal, start, &merged, at(11, 26, 9, 0)).unwrap(),
            d
        );
        // Still in a stopping status: the pause is open and the clock does not run.
        let failed = &history[..5];
        let open = r.status_pauses(failed, start);
        assert_eq!(open[0].to, None);
        assert_eq!(r.milestones(&cal, start, &open), None);
        // A finished order cannot stop the clock.
        let mut bad = r.input();
        bad.pausing = vec![OrderStatus::Done];
        assert_eq!(
            bad.rule(RuleSource::Edited),
            Err(RuleError::PausingFinished)
        );
    }

    #[test]
    fn a_repair_has_48_hours_and_warns_at_three_quarters() {
        let r = rule(Allowance::CalendarHours(48));
        let start = at(11, 23, 9, 0);
        let s = r.status(&recife(), start, &[], at(11, 24, 9, 0)).unwrap();
        assert_eq!(s.deadline, at(11, 25, 9, 0));
        assert_eq!(s.state, SlaState::OnTrack);
        assert_eq!(s.describe(Lang::PtBr), "vence em 24 h");
        let s = r.status(&recife(), start, &[], at(11, 24, 21, 0)).unwrap();
        assert_eq!(s.state, SlaState::AtRisk);
        let s = r.status(&recife(), start, &[], at(11, 25, 9, 40)).unwrap();
        assert_eq!(s.state, SlaState::Breached);
        assert_eq!(s.describe(Lang::PtBr), "venceu há 40 min");
        assert_eq!(s.describe(Lang::En), "overdue by 40 min");
    }

    #[test]
    fn business_hours_read_as_business_hours() {
        let r = rule(Allowance::BusinessHours(8));
        let s = r
            .status(&recife(), at(11, 23, 8, 0), &[], at(11, 23, 13, 0))
            .unwrap();
        assert_eq!(s.deadline, at(11, 23, 16, 0));
        assert_eq!(s.describe(Lang::PtBr), "vence em 3 h úteis");
    }

    #[test]
    fn waiting_on_the_customer_pushes_the_deadline_by_the_time_waited() {
        let r = rule(Allowance::BusinessHours(8));
        let pause = Pause {
            from: at(11, 23, 10, 0),
            to: Some(at(11, 23, 12, 0)),
            reason: "Cliente pediu para aguardar".into(),
        };
        let d = r
            .deadline(&recife(), at(11, 23, 8, 0), &[pause], at(11, 23, 13, 0))
            .unwrap();
        assert_eq!(d, at(11, 23, 18, 0));
    }

    #[test]
    fn impossible_rules_are_refused() {
        assert_eq!(
            rule(Allowance::BusinessDays(0)).validate(),
            Err(RuleError::ZeroAllowance)
        );
        let mut r = rule(Allowance::BusinessDays(10));
        r.thresholds = vec![75, 120];
        assert_eq!(r.validate(), Err(RuleError::ThresholdOutOfRange));
        r.thresholds = vec![90, 75];
        assert_eq!(r.validate(), Err(RuleError::ThresholdsNotAscending));
        assert!(SlaRule::defaults().iter().all(|r| r.validate().is_ok()));
    }

    fn any_allowance() -> impl Strategy<Value = Allowance> {
        prop_oneof![
            (1u32..60).prop_map(Allowance::BusinessHours),
            (1u32..15).prop_map(Allowance::BusinessDays),
            (1u32..96).prop_map(Allowance::CalendarHours),
            (1u32..10).prop_map(Allowance::CalendarDays),
        ]
    }

    fn any_moment() -> impl Strategy<Value = NaiveDateTime> {
        (0i64..(2 * 365 * 24 * 60)).prop_map(|m| at(1, 1, 0, 0) + TimeDelta::minutes(m))
    }

    #[test]
    fn milestones_are_where_the_reading_changes() {
        let r = rule(Allowance::CalendarHours(48));
        let m = r.milestones(&recife(), at(11, 23, 9, 0), &[]).unwrap();
        assert_eq!(m.at_risk, at(11, 24, 21, 0));
        assert_eq!(m.deadline, at(11, 25, 9, 0));
        // 8 business hours from Friday 14:00 end on Saturday at 12:00 (Saturday is worked
        // 08–12); warned at 75 %, at risk from 10:00.
        let mut r = rule(Allowance::BusinessHours(8));
        let m = r.milestones(&recife(), at(11, 27, 14, 0), &[]).unwrap();
        assert_eq!(m.deadline, at(11, 28, 12, 0));
        assert_eq!(m.at_risk, at(11, 28, 10, 0));
        // Warned at half: half is used when Friday's shift ends, not when Saturday's starts.
        r.thresholds = vec![50];
        let m = r.milestones(&recife(), at(11, 27, 14, 0), &[]).unwrap();
        assert_eq!(m.at_risk, at(11, 27, 18, 0));
        assert_eq!(
            r.status(&recife(), at(11, 27, 14, 0), &[], at(11, 27, 18, 0))
                .unwrap()
                .state,
            SlaState::AtRisk
        );
        let open = Pause {
            from: at(11, 27, 15, 0),
            to: None,
            reason: "aguardando cliente".into(),
        };
        assert_eq!(r.milestones(&recife(), at(11, 27, 14, 0), &[open]), None);
    }

    proptest! {
        #[test]
        fn milestones_agree_with_the_reading_at_every_moment(
            a in any_allowance(),
            warn in 1u8..=100,
            start in any_moment(),
            pauses in proptest::collection::vec((0i64..(20 * 24 * 60), 0i64..(3 * 24 * 60)), 0..3),
            probe in 0i64..(40 * 24 * 60 * 60),
        ) {
            let cal = recife();
            let mut r = rule(a);
            r.thresholds = vec![warn];
            let list: Vec<Pause> = pauses
                .iter()
                .map(|&(off, len)| Pause { from: start + TimeDelta::minutes(off), to: Some(start + TimeDelta::minutes(off + len)), reason: "aguardando".into() })
                .collect();
            let m = r.milestones(&cal, start, &list).unwrap();
            let last = list.iter().filter_map(|p| p.to).max().unwrap_or(start);
            // Any moment after the pauses, and the milestones themselves and just before them.
            let probes = [last + TimeDelta::seconds(probe), m.at_risk, m.at_risk - TimeDelta::milliseconds(1), m.deadline, m.deadline - TimeDelta::milliseconds(1)];
            for now in probes.into_iter().filter(|&n| n >= last) {
                let reading = r.status(&cal, start, &list, now).unwrap();
                prop_assert_eq!(reading.deadline, m.deadline);
                prop_assert_eq!(reading.state, m.state(now), "at {} (milestones {:?})", now, m);
            }
        }

        #[test]
        fn deadlines_are_monotone_in_the_start(a in any_allowance(), s1 in any_moment(), gap in 0i64..(10 * 24 * 60)) {
            let cal = recife();
            let r = rule(a);
            let s2 = s1 + TimeDelta::minutes(gap);
            let d1 = r.deadline(&cal, s1, &[], s2).unwrap();
            let d2 = r.deadline(&cal, s2, &[], s2).unwrap();
            prop_assert!(d1 <= d2, "{d1} > {d2}");
            prop_assert!(d1 >= s1);
        }

        #[test]
        fn pausing_the_clock_never_brings_a_deadline_forward(
            a in any_allowance(),
            start in any_moment(),
            pauses in proptest::collection::vec((0i64..(20 * 24 * 60), 0i64..(3 * 24 * 60)), 0..4),
        ) {
            let cal = recife();
            let r = rule(a);
            let now = start + TimeDelta::days(40);
            let list: Vec<Pause> = pauses
                .iter()
                .map(|&(off, len)| Pause { from: start + TimeDelta::minutes(off), to: Some(start + TimeDelta::minutes(off + len)), reason: "aguardando cliente".into() })
                .collect();
            let plain = r.deadline(&cal, start, &[], now).unwrap();
            let mut previous = plain;
            for n in 0..=list.len() {
                let d = r.deadline(&cal, start, &list[..n], now).unwrap();
                prop_assert!(d >= plain);
                prop_assert!(d >= previous, "adding a pause brought the deadline forward");
                previous = d;
            }
        }
    }
}
