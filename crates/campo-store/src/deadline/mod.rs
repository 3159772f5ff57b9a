//! Deadlines as the order list and the order page show them: the domain's SLA engine over the
//! business calendar of each order's place — the municipality of its customer's address when
//! the provider serves it (its state's and its own holidays, its time zone), else the head
//! office's — fed by each order's history.
//! The clock of an installation starts when backoffice approves it; a repair's when it is
//! opened. A done order is judged at the moment it was done; a cancelled one has no deadline.
//!
//! - [`alerts`]: every open order judged at once from its kept milestones (the header's
//!   alerts, the desktop notifications), and the cache of those milestones.

mod alerts;

pub use alerts::*;

use campo_domain::calendar::BusinessCalendar;
use campo_domain::sla::{Pause, SlaReading, SlaRule};
use campo_domain::{Lang, OrderKind, OrderStatus};
use chrono::{DateTime, Datelike, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::views::DeadlineState;
use crate::write::{Writer, timestamp};
use crate::{Store, StoreError};
use campo_domain::sla::{RuleInput, RuleSource};
use campo_protocol::Op;
use campo_protocol::ops::SlaRuleSet;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;

/// A deadline rule as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SlaRuleView {
    /// The rule.
    pub rule: RuleInput,
    /// Where it comes from (the consumer rule behind a default, or the editor).
    pub source: RuleSource,
    /// Changed in the editor (`false`: the default).
    pub edited: bool,
}

impl Store {
    /// The rules in force, one per order kind: the one set in the editor, else the default.
    pub async fn sla_rules(&self) -> Result<Vec<SlaRuleView>, StoreError> {
        let mut c = self.pool().acquire().await?;
        sla_rules_on(&mut c).await
    }

    /// The calendar and the rules in force, to assess deadlines at `now`.
    pub(crate) async fn deadline_book(
        &self,
        now: DateTime<Utc>,
    ) -> Result<DeadlineBook, StoreError> {
        let mut c = self.pool().acquire().await?;
        deadline_book_on(&mut c, now).await
    }
}

/// The calendar and the rules in force read on `c` (inside a transaction, they are the ones
/// the transaction sees), to assess deadlines at `now`: the head office's calendar and those
/// of the other municipalities the provider serves.
pub(crate) async fn deadline_book_on(
    c: &mut sqlx::SqliteConnection,
    now: DateTime<Utc>,
) -> Result<DeadlineBook, StoreError> {
    let rules = sla_rules_on(&mut *c)
        .await?
        .iter()
        .filter_map(|v| v.rule.rule(RuleSource::Edited).ok())
        .collect();
    let head = crate::provider::place_on(c).await?;
    let year = now.with_timezone(&head.zone()).year();
    let years = year - 1..=year + 1;
    // The editor's changes once, for every place's calendar (a page read builds them all).
    let edits = crate::calendar::edits_on(c).await?;
    let mut served = std::collections::HashMap::new();
    let codes = crate::provider::profile_on(c)
        .await?
        .map(|p| p.municipalities)
        .unwrap_or_default();
    for code in codes {
        let Some(municipality) = campo_domain::municipality::by_code(code) else {
            continue;
        };
        if Some(code) == head.ibge() || served.contains_key(&code) {
            continue;
        }
        let place = crate::provider::Place::at(municipality);
        let calendar = edits.calendar_at(&place, &head, years.clone());
        served.insert(
            code,
            PlaceClock {
                calendar,
                zone: municipality.zone,
            },
        );
    }
    Ok(DeadlineBook {
        head: PlaceClock {
            calendar: edits.calendar_at(&head, &head, years),
            zone: head.zone(),
        },
        served,
        rules,
        year,
    })
}

/// The rules in force read on `c`: the one set in the editor, else the default; a rule set
/// before the clock's start could be chosen starts where its kind's default does.
async fn sla_rules_on(c: &mut sqlx::SqliteConnection) -> Result<Vec<SlaRuleView>, StoreError> {
    {
        let rows =
            sqlx::query("SELECT kind, unit, amount, thresholds, starts, pausing FROM sla_rules")
                .fetch_all(&mut *c)
                .await?;
        let mut edited = Vec::new();
        for r in rows {
            let kind: String = r.try_get("kind")?;
            let unit: String = r.try_get("unit")?;
            let (Some(kind), Some(unit)) = (
                OrderKind::from_code(&kind),
                campo_domain::sla::AllowanceUnit::from_code(&unit),
            ) else {
                continue;
            };
            edited.push(RuleInput {
                kind,
                unit,
                amount: r.try_get("amount")?,
                thresholds: serde_json::from_str(&r.try_get::<String, _>("thresholds")?)?,
                starts: Some(
                    r.try_get::<Option<String>, _>("starts")?
                        .as_deref()
                        .and_then(campo_domain::sla::ClockStart::from_code)
                        .unwrap_or(campo_domain::sla::ClockStart::default_for(kind)),
                ),
                pausing: match r.try_get::<Option<String>, _>("pausing")? {
                    // Codes this version does not know are left out.
                    Some(json) => serde_json::from_str::<Vec<String>>(&json)?
                        .iter()
                        .filter_map(|c| OrderStatus::from_code(c))
                        .collect(),
                    None => Vec::new(),
                },
            });
        }
        Ok(SlaRule::defaults()
            .into_iter()
            .map(|d| match edited.iter().find(|e| e.kind == d.kind) {
                Some(e) => SlaRuleView {
                    rule: e.clone(),
                    source: RuleSource::Edited,
                    edited: true,
                },
                None => SlaRuleView {
                    rule: d.input(),
                    source: d.source,
                    edited: false,
                },
            })
            .collect())
    }
}

impl Writer<'_> {
    /// Sets several kinds' rules at once, as the editor saves them: every problem of every
    /// rule is found first and refused together (nothing is written then); otherwise each
    /// rule is written, with its operation, in this one transaction.
    pub async fn set_sla_rules(
        &mut self,
        inputs: &[RuleInput],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if !self.actor_configures().await? {
            return Err(campo_domain::sla::RuleError::NotAllowed.into());
        }
        let problems: Vec<_> = inputs
            .iter()
            .flat_map(|i| i.problems().into_iter().map(move |e| (i.kind, e)))
            .collect();
        if !problems.is_empty() {
            return Err(StoreError::Rules(problems));
        }
        for input in inputs {
            self.set_sla_rule(input, at).await?;
        }
        Ok(())
    }

    /// Sets an order kind's deadline rule (administration or coordination only); impossible
    /// rules are refused by name and nothing is written.
    pub async fn set_sla_rule(
        &mut self,
        input: &RuleInput,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        input.rule(RuleSource::Edited)?;
        if !self.actor_configures().await? {
            return Err(campo_domain::sla::RuleError::NotAllowed.into());
        }
        let body = SlaRuleSet {
            rule: input.clone(),
            at: timestamp(at),
        };
        let actor = self.actor_id();
        crate::effects::sla_rule(self.conn(), &body, actor).await?;
        self.record(&Op::SlaRuleSet(body)).await
    }
}

/// The served municipality each of `ids` is in, by its customer's address (orders at the head
/// office, or where the provider serves no other municipality, are left out).
pub(crate) async fn places(
    c: &mut sqlx::SqliteConnection,
    book: &DeadlineBook,
    ids: &[String],
) -> Result<std::collections::HashMap<String, u32>, StoreError> {
    let mut out = std::collections::HashMap::new();
    if !book.serves_others() || ids.is_empty() {
        return Ok(out);
    }
    for chunk in ids.chunks(500) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "SELECT o.id, c.city, c.uf FROM work_orders o JOIN customers c ON c.id = o.customer_id WHERE o.id IN (",
        );
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(id);
        }
        q.push(")");
        for r in q.build().fetch_all(&mut *c).await? {
            let (id, city, uf): (String, String, String) =
                (r.try_get("id")?, r.try_get("city")?, r.try_get("uf")?);
            if let Some(code) = book.place_of(&city, &uf) {
                out.insert(id, code);
            }
        }
    }
    Ok(out)
}

/// A pause of an order's clock: from, and until (`None` while still paused).
pub type PauseSpan = (DateTime<Utc>, Option<DateTime<Utc>>);

/// The calendars and the rules, ready to assess orders.
#[derive(Debug, Clone)]
pub struct DeadlineBook {
    /// The head office's calendar and zone: orders elsewhere than a served municipality.
    head: PlaceClock,
    /// The other served municipalities', by IBGE code.
    served: std::collections::HashMap<u32, PlaceClock>,
    rules: Vec<SlaRule>,
    /// The year (at the head office) the calendars are built around.
    year: i32,
}

/// A place's business calendar and the time zone its business hours and days are read in.
#[derive(Debug, Clone)]
struct PlaceClock {
    calendar: BusinessCalendar,
    zone: Tz,
}

/// An open order's clock, as the store keeps it between readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// No deadline: no rule for the kind, or the clock has not started.
    None,
    /// Paused right now: the deadline moves on, so it is judged at each reading.
    Live,
    /// At risk from the first instant, breached from the second (UTC).
    Fixed(DateTime<Utc>, DateTime<Utc>),
}

/// One order's deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// The deadline (UTC).
    pub deadline: DateTime<Utc>,
    /// Where the order stands.
    pub state: DeadlineState,
    /// The reading behind it (time left, measure).
    pub reading: SlaReading,
}

impl PlaceClock {
    /// `at` on the place's wall clock.
    fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.with_timezone(&self.zone).naive_local()
    }

    /// A time on the place's wall clock, in UTC.
    fn utc(&self, at: NaiveDateTime) -> DateTime<Utc> {
        self.zone
            .from_local_datetime(&at)
            .earliest()
            .map_or_else(|| at.and_utc(), |d| d.with_timezone(&Utc))
    }

    fn local_pauses(&self, pauses: &[PauseSpan]) -> Vec<Pause> {
        pauses
            .iter()
            .map(|(from, to)| Pause {
                from: self.local(*from),
                to: to.map(|t| self.local(t)),
                reason: String::new(),
            })
            .collect()
    }
}

impl DeadlineBook {
    /// The served municipality an address in `city`/`uf` is in (its IBGE code), when the
    /// provider serves it apart from the head office; `None` otherwise (the head office's
    /// calendar applies).
    pub fn place_of(&self, city: &str, uf: &str) -> Option<u32> {
        campo_domain::municipality::find(city, uf)
            .map(|m| m.ibge)
            .filter(|code| self.served.contains_key(code))
    }

    /// Whether the provider serves municipalities apart from the head office (otherwise
    /// every order follows the head office's calendar and no address needs reading).
    pub fn serves_others(&self) -> bool {
        !self.served.is_empty()
    }

    fn at(&self, place: Option<u32>) -> &PlaceClock {
        place
            .and_then(|code| self.served.get(&code))
            .unwrap_or(&self.head)
    }

    /// Recife's computed calendar (national, PE and Recife holidays, Carnival off) around
    /// `now` with the default rules: the engine's unit tests, without a database. The store
    /// reads the calendar and rules in force (`deadline_book_on`).
    #[cfg(test)]
    fn recife(now: DateTime<Utc>) -> Self {
        let zone = chrono_tz::America::Recife;
        let year = now.with_timezone(&zone).year();
        DeadlineBook {
            head: PlaceClock {
                calendar: BusinessCalendar::for_place("PE", "Recife", year - 1..=year + 1, true),
                zone,
            },
            served: std::collections::HashMap::new(),
            rules: SlaRule::defaults(),
            year,
        }
    }

    /// The rule of `kind`, when the clock started in `history`, and every pause of it: the
    /// explicit ones and the time spent in a status the rule stops the clock in, merged — on
    /// `at`'s wall clock.
    fn clock_of(
        &self,
        at: &PlaceClock,
        kind: OrderKind,
        history: &[(OrderStatus, DateTime<Utc>)],
        pauses: &[PauseSpan],
    ) -> Option<(&SlaRule, NaiveDateTime, Vec<Pause>)> {
        let rule = self.rules.iter().find(|r| r.kind == kind)?;
        let local_history: Vec<(OrderStatus, NaiveDateTime)> =
            history.iter().map(|(s, t)| (*s, at.local(*t))).collect();
        let start = rule.clock_start(&local_history)?;
        let mut all = at.local_pauses(pauses);
        all.extend(rule.status_pauses(&local_history, start));
        Some((rule, start, campo_domain::sla::merge_pauses(all)))
    }

    /// The clock of an open order of `kind` in `place` (see [`DeadlineBook::place_of`]) with
    /// this history and these pauses, to keep between readings (see
    /// [`campo_domain::sla::SlaRule::milestones`]).
    pub fn clock(
        &self,
        place: Option<u32>,
        kind: OrderKind,
        history: &[(OrderStatus, DateTime<Utc>)],
        pauses: &[PauseSpan],
    ) -> Clock {
        let at = self.at(place);
        let Some((rule, start, pauses)) = self.clock_of(at, kind, history, pauses) else {
            return Clock::None;
        };
        if pauses.iter().any(|p| p.to.is_none()) {
            return Clock::Live;
        }
        match rule.milestones(&at.calendar, start, &pauses) {
            Some(m) => Clock::Fixed(at.utc(m.at_risk), at.utc(m.deadline)),
            None => Clock::None,
        }
    }

    /// The deadline of an order of `kind` in `place` (see [`DeadlineBook::place_of`]) with
    /// this history (status reached, when) and these pauses of its clock (from, until; open
    /// while `None`), at `now`.
    pub fn assess(
        &self,
        place: Option<u32>,
        kind: OrderKind,
        history: &[(OrderStatus, DateTime<Utc>)],
        pauses: &[PauseSpan],
        now: DateTime<Utc>,
    ) -> Option<Assessment> {
        let at = self.at(place);
        let (rule, local_start, pauses) = self.clock_of(at, kind, history, pauses)?;
        let start = at.utc(local_start);
        let end = history
            .iter()
            .find(|(s, t)| *t >= start && matches!(s, OrderStatus::Done | OrderStatus::Cancelled));
        let (judged_at, finished) = match end {
            Some((OrderStatus::Cancelled, _)) => return None,
            Some((_, t)) => (*t, true),
            None => (now, false),
        };
        let reading = rule.status(&at.calendar, local_start, &pauses, at.local(judged_at))?;
        let breached = reading.state == campo_domain::sla::SlaState::Breached;
        let state = match (finished, breached, reading.state) {
            (true, false, _) => DeadlineState::Met,
            (true, true, _) => DeadlineState::Missed,
            (false, _, campo_domain::sla::SlaState::OnTrack) => DeadlineState::OnTrack,
            (false, _, campo_domain::sla::SlaState::AtRisk) => DeadlineState::AtRisk,
            (false, _, campo_domain::sla::SlaState::Breached) => DeadlineState::Breached,
        };
        Some(Assessment {
            deadline: at.utc(reading.deadline),
            state,
            reading,
        })
    }
}

impl Assessment {
    /// "vence em 3 dias úteis", "venceu há 2 h"; for a done order, whether it was on time.
    pub fn describe(&self, lang: Lang) -> String {
        match (self.state, lang) {
            (DeadlineState::Met, Lang::PtBr) => "Concluída dentro do prazo".into(),
            (DeadlineState::Met, Lang::En) => "Done within the deadline".into(),
            (DeadlineState::Missed, Lang::PtBr) => "Concluída fora do prazo".into(),
            (DeadlineState::Missed, Lang::En) => "Done after the deadline".into(),
            _ => self.reading.describe(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        // Recife is UTC-3 all year.
        Utc.with_ymd_and_hms(2026, 11, d, h + 3, 0, 0).unwrap()
    }

    #[test]
    fn an_installation_counts_from_approval_and_skips_the_holiday() {
        let book = DeadlineBook::recife(at(23, 9));
        let history = [
            (OrderStatus::PendingAnalysis, at(13, 9)),
            (OrderStatus::Approved, at(16, 10)),
        ];
        let a = book
            .assess(None, OrderKind::Installation, &history, &[], at(23, 9))
            .unwrap();
        // 10 business days — Saturday mornings are worked, Friday 20 Nov is a holiday — end
        // at noon on Saturday 28 Nov.
        assert_eq!(a.deadline, at(28, 12));
        assert_eq!(a.state, DeadlineState::OnTrack);
        assert_eq!(a.describe(Lang::PtBr), "vence em 5 dias úteis");
        let later = book
            .assess(None, OrderKind::Installation, &history, &[], at(27, 11))
            .unwrap();
        assert_eq!(later.state, DeadlineState::AtRisk);
    }

    #[test]
    fn a_pause_moves_the_deadline_later_by_the_business_time_it_lasted() {
        let book = DeadlineBook::recife(at(23, 9));
        let history = [
            (OrderStatus::PendingAnalysis, at(13, 9)),
            (OrderStatus::Approved, at(16, 10)),
        ];
        let plain = book
            .assess(None, OrderKind::Installation, &history, &[], at(23, 9))
            .unwrap();
        // Paused Monday 23 from 09:00 to 11:00: two business hours.
        let paused = book
            .assess(
                None,
                OrderKind::Installation,
                &history,
                &[(at(23, 9), Some(at(23, 11)))],
                at(23, 12),
            )
            .unwrap();
        assert!(paused.deadline > plain.deadline);
        // Still open: the deadline keeps moving while the clock is stopped.
        let open_early = book
            .assess(
                None,
                OrderKind::Installation,
                &history,
                &[(at(23, 9), None)],
                at(23, 10),
            )
            .unwrap();
        let open_late = book
            .assess(
                None,
                OrderKind::Installation,
                &history,
                &[(at(23, 9), None)],
                at(23, 15),
            )
            .unwrap();
        assert!(open_late.deadline > open_early.deadline);
        assert!(open_early.deadline >= plain.deadline);
    }

    #[test]
    fn a_repair_done_late_is_marked_as_missed_and_a_cancelled_one_has_no_deadline() {
        let book = DeadlineBook::recife(at(23, 9));
        let history = [
            (OrderStatus::Approved, at(16, 10)),
            (OrderStatus::Done, at(19, 10)),
        ];
        let a = book
            .assess(None, OrderKind::Repair, &history, &[], at(23, 9))
            .unwrap();
        assert_eq!(a.state, DeadlineState::Missed);
        assert_eq!(a.describe(Lang::PtBr), "Concluída fora do prazo");
        let history = [
            (OrderStatus::Approved, at(16, 10)),
            (OrderStatus::Cancelled, at(17, 10)),
        ];
        assert_eq!(
            book.assess(None, OrderKind::Repair, &history, &[], at(23, 9)),
            None
        );
        // Still in analysis: no clock yet.
        assert_eq!(
            book.assess(
                None,
                OrderKind::Installation,
                &[(OrderStatus::PendingAnalysis, at(20, 9))],
                &[],
                at(23, 9)
            ),
            None
        );
    }
}
