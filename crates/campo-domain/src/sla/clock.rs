//! An order's clock under a rule: when it starts, the milestones it passes (at risk,
//! breached), its pauses merged, and its reading at a moment.

use chrono::{NaiveDateTime, TimeDelta};

use crate::calendar::BusinessCalendar;
use crate::i18n::Lang;
use crate::order::OrderStatus;

use super::{ClockStart, SlaRule};

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
    pub(super) fn left_at_warning(&self, allowed: TimeDelta) -> TimeDelta {
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

pub(super) fn pauses_within(
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
