//! Deadlines as the order list and the order page show them: the domain's SLA engine over the
//! provider's business calendar (Recife/PE, holidays included), fed by each order's history.
//! The clock of an installation starts when backoffice approves it; a repair's when it is
//! opened. A done order is judged at the moment it was done; a cancelled one has no deadline.

use crate::calendar::PROVIDER_ZONE;
use campo_domain::calendar::BusinessCalendar;
use campo_domain::sla::{Pause, SlaReading, SlaRule};
use campo_domain::{Lang, OrderKind, OrderStatus};
use chrono::{DateTime, Datelike, NaiveDateTime, TimeZone, Utc};

use crate::views::DeadlineState;
use crate::write::{Writer, timestamp};
use crate::{Store, StoreError};
use campo_domain::sla::{RuleInput, SOURCE_EDITED};
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
    pub source: String,
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
/// the transaction sees), to assess deadlines at `now`.
async fn deadline_book_on(
    c: &mut sqlx::SqliteConnection,
    now: DateTime<Utc>,
) -> Result<DeadlineBook, StoreError> {
    let rules = sla_rules_on(&mut *c)
        .await?
        .iter()
        .filter_map(|v| v.rule.rule(SOURCE_EDITED).ok())
        .collect();
    let year = now.with_timezone(&PROVIDER_ZONE).year();
    Ok(DeadlineBook {
        calendar: crate::calendar::calendar_with_edits(c, year - 1..=year + 1).await?,
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
                    source: SOURCE_EDITED.to_owned(),
                    edited: true,
                },
                None => SlaRuleView {
                    rule: d.input(),
                    source: d.source.to_owned(),
                    edited: false,
                },
            })
            .collect())
    }
}

impl Writer<'_> {
    /// Sets an order kind's deadline rule (administration or coordination only); impossible
    /// rules are refused by name and nothing is written.
    pub async fn set_sla_rule(
        &mut self,
        input: &RuleInput,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        input.rule(SOURCE_EDITED)?;
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

/// A pause of an order's clock: from, and until (`None` while still paused).
pub type PauseSpan = (DateTime<Utc>, Option<DateTime<Utc>>);

/// The calendar and the rules, ready to assess orders.
#[derive(Debug, Clone)]
pub struct DeadlineBook {
    calendar: BusinessCalendar,
    rules: Vec<SlaRule>,
    /// The year (in Recife) the calendar is built around.
    year: i32,
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

fn local(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&PROVIDER_ZONE).naive_local()
}

fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    PROVIDER_ZONE
        .from_local_datetime(&at)
        .earliest()
        .map_or_else(|| at.and_utc(), |d| d.with_timezone(&Utc))
}

fn local_pauses(pauses: &[PauseSpan]) -> Vec<Pause> {
    pauses
        .iter()
        .map(|(from, to)| Pause {
            from: local(*from),
            to: to.map(local),
            reason: String::new(),
        })
        .collect()
}

impl DeadlineBook {
    /// Recife's computed calendar (national, PE and Recife holidays, Carnival off) around
    /// `now` with the default rules: the engine's unit tests, without a database. The store
    /// reads the calendar and rules in force (`deadline_book_on`).
    #[cfg(test)]
    fn recife(now: DateTime<Utc>) -> Self {
        let year = now.with_timezone(&PROVIDER_ZONE).year();
        DeadlineBook {
            calendar: BusinessCalendar::for_place(
                crate::calendar::PROVIDER_UF,
                crate::calendar::PROVIDER_CITY,
                year - 1..=year + 1,
                true,
            ),
            rules: SlaRule::defaults(),
            year,
        }
    }

    /// The rule of `kind`, when the clock started in `history`, and every pause of it: the
    /// explicit ones and the time spent in a status the rule stops the clock in, merged.
    fn clock_of(
        &self,
        kind: OrderKind,
        history: &[(OrderStatus, DateTime<Utc>)],
        pauses: &[PauseSpan],
    ) -> Option<(&SlaRule, NaiveDateTime, Vec<Pause>)> {
        let rule = self.rules.iter().find(|r| r.kind == kind)?;
        let local_history: Vec<(OrderStatus, NaiveDateTime)> =
            history.iter().map(|(s, at)| (*s, local(*at))).collect();
        let start = rule.clock_start(&local_history)?;
        let mut all = local_pauses(pauses);
        all.extend(rule.status_pauses(&local_history, start));
        Some((rule, start, campo_domain::sla::merge_pauses(all)))
    }

    /// The clock of an open order of `kind` with this history and these pauses, to keep
    /// between readings (see [`campo_domain::sla::SlaRule::milestones`]).
    pub fn clock(
        &self,
        kind: OrderKind,
        history: &[(OrderStatus, DateTime<Utc>)],
        pauses: &[PauseSpan],
    ) -> Clock {
        let Some((rule, start, pauses)) = self.clock_of(kind, history, pauses) else {
            return Clock::None;
        };
        if pauses.iter().any(|p| p.to.is_none()) {
            return Clock::Live;
        }
        match rule.milestones(&self.calendar, start, &pauses) {
            Some(m) => Clock::Fixed(utc(m.at_risk), utc(m.deadline)),
            None => Clock::None,
        }
    }

    /// The deadline of an order of `kind` with this history (status reached, when) and these
    /// pauses of its clock (from, until; open while `None`), at `now`.
    pub fn assess(
        &self,
        kind: OrderKind,
        history: &[(OrderStatus, DateTime<Utc>)],
        pauses: &[PauseSpan],
        now: DateTime<Utc>,
    ) -> Option<Assessment> {
        let (rule, local_start, pauses) = self.clock_of(kind, history, pauses)?;
        let start = utc(local_start);
        let end = history.iter().find(|(s, at)| {
            *at >= start && matches!(s, OrderStatus::Done | OrderStatus::Cancelled)
        });
        let (judged_at, finished) = match end {
            Some((OrderStatus::Cancelled, _)) => return None,
            Some((_, at)) => (*at, true),
            None => (now, false),
        };
        let reading = rule.status(&self.calendar, local_start, &pauses, local(judged_at))?;
        let breached = reading.state == campo_domain::sla::SlaState::Breached;
        let state = match (finished, breached, reading.state) {
            (true, false, _) => DeadlineState::Met,
            (true, true, _) => DeadlineState::Missed,
            (false, _, campo_domain::sla::SlaState::OnTrack) => DeadlineState::OnTrack,
            (false, _, campo_domain::sla::SlaState::AtRisk) => DeadlineState::AtRisk,
            (false, _, campo_domain::sla::SlaState::Breached) => DeadlineState::Breached,
        };
        Some(Assessment {
            deadline: utc(reading.deadline),
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
            .assess(OrderKind::Installation, &history, &[], at(23, 9))
            .unwrap();
        // 10 business days — Saturday mornings are worked, Friday 20 Nov is a holiday — end
        // at noon on Saturday 28 Nov.
        assert_eq!(a.deadline, at(28, 12));
        assert_eq!(a.state, DeadlineState::OnTrack);
        assert_eq!(a.describe(Lang::PtBr), "vence em 5 dias úteis");
        let later = book
            .assess(OrderKind::Installation, &history, &[], at(27, 11))
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
            .assess(OrderKind::Installation, &history, &[], at(23, 9))
            .unwrap();
        // Paused Monday 23 from 09:00 to 11:00: two business hours.
        let paused = book
            .assess(
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
                OrderKind::Installation,
                &history,
                &[(at(23, 9), None)],
                at(23, 10),
            )
            .unwrap();
        let open_late = book
            .assess(
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
            .assess(OrderKind::Repair, &history, &[], at(23, 9))
            .unwrap();
        assert_eq!(a.state, DeadlineState::Missed);
        assert_eq!(a.describe(Lang::PtBr), "Concluída fora do prazo");
        let history = [
            (OrderStatus::Approved, at(16, 10)),
            (OrderStatus::Cancelled, at(17, 10)),
        ];
        assert_eq!(
            book.assess(OrderKind::Repair, &history, &[], at(23, 9)),
            None
        );
        // Still in analysis: no clock yet.
        assert_eq!(
            book.assess(
                OrderKind::Installation,
                &[(OrderStatus::PendingAnalysis, at(20, 9))],
                &[],
                at(23, 9)
            ),
            None
        );
    }
}

/// One open order past its warning threshold or its deadline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DeadlineAlert {
    /// Order id.
    pub id: String,
    /// Number.
    pub number: u32,
    /// Kind.
    pub kind: OrderKind,
    /// Status.
    pub status: OrderStatus,
    /// Customer.
    pub customer_name: String,
    /// At risk or breached.
    pub state: DeadlineState,
    /// The deadline (RFC 3339, UTC).
    pub deadline: String,
}

/// Where every open order stands against its deadline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DeadlineOverview {
    /// Open orders with a running clock.
    pub open: u32,
    /// On track.
    pub on_track: u32,
    /// At risk.
    pub at_risk: u32,
    /// Breached.
    pub breached: u32,
    /// The most urgent alerts (breached first, then at risk, by deadline), at most 100.
    pub alerts: Vec<DeadlineAlert>,
}

/// The desktop notification for new crossings: each order by number when there are up to
/// three, otherwise a count of each kind; `None` when there is nothing new.
pub fn crossing_notice(alerts: &[DeadlineAlert], lang: Lang) -> Option<(String, String)> {
    let breached = alerts
        .iter()
        .filter(|a| a.state == DeadlineState::Breached)
        .count();
    let at_risk = alerts.len() - breached;
    let title = match (breached > 0, lang) {
        (true, Lang::PtBr) => "Prazo vencido",
        (true, Lang::En) => "Deadline breached",
        (false, Lang::PtBr) => "Prazo em risco",
        (false, Lang::En) => "Deadline at risk",
    };
    let body = match alerts.len() {
        0 => return None,
        1..=3 => alerts
            .iter()
            .map(|a| {
                let what = match (a.state, lang) {
                    (DeadlineState::Breached, Lang::PtBr) => "venceu o prazo",
                    (DeadlineState::Breached, Lang::En) => "is past its deadline",
                    (_, Lang::PtBr) => "está em risco",
                    (_, Lang::En) => "is at risk",
                };
                format!("OS {:06} ({}) {what}", a.number, a.customer_name)
            })
            .collect::<Vec<_>>()
            .join("\n"),
        _ => match lang {
            Lang::PtBr => format!(
                "{breached} ordem(ns) venceram o prazo e {at_risk} entraram em risco. Veja os alertas no Campo."
            ),
            Lang::En => format!(
                "{breached} order(s) passed their deadline and {at_risk} became at risk. See the alerts in Campo."
            ),
        },
    };
    Some((title.to_owned(), body))
}

impl crate::Store {
    /// Every open order's deadline status at once: one query gathers each order's clock
    /// start and pauses, the SLA engine judges them. Feeds the alert list.
    pub async fn deadline_overview(&self) -> Result<DeadlineOverview, crate::StoreError> {
        self.judge_open_orders(Utc::now(), Some(100)).await
    }

    /// Orders that crossed a warning (at risk) or their deadline (breached) at `now` and were
    /// not told about yet on this device; each crossing is returned once (the device keeps
    /// which it has told), most urgent first. Device bookkeeping, not a user change: nothing
    /// goes to the outbox.
    pub async fn new_deadline_crossings(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<DeadlineAlert>, crate::StoreError> {
        let alerts = self.judge_open_orders(now, None).await?.alerts;
        let mut tx = self.pool().begin().await?;
        let mut fresh = Vec::new();
        for a in alerts {
            let done = sqlx::query(
                "INSERT INTO deadline_notices (order_id, level, noticed_at) VALUES (?, ?, ?)
                 ON CONFLICT (order_id, level) DO NOTHING",
            )
            .bind(&a.id)
            .bind(a.state.code())
            .bind(crate::write::timestamp(now))
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 1 {
                fresh.push(a);
            }
        }
        tx.commit().await?;
        Ok(fresh)
    }

    /// Every open order judged at `now`: counts, and up to `limit` alerts (most urgent
    /// first). The kept clocks that need it are computed again first; then the orders with a
    /// fixed clock are counted by comparing their milestones with `now`, and only the ones
    /// paused right now go through the SLA engine.
    async fn judge_open_orders(
        &self,
        now: DateTime<Utc>,
        limit: Option<u32>,
    ) -> Result<DeadlineOverview, crate::StoreError> {
        self.refresh_clocks(now).await?;
        let book = self.deadline_book(now).await?;
        let at = crate::write::timestamp(now);
        let counts = sqlx::query(
            "SELECT COUNT(*) AS open,
                    COALESCE(SUM(at_risk_at > ?1), 0) AS on_track,
                    COALESCE(SUM(at_risk_at <= ?1 AND deadline_at > ?1), 0) AS at_risk,
                    COALESCE(SUM(deadline_at <= ?1), 0) AS breached
             FROM order_deadlines WHERE live = 0 AND deadline_at IS NOT NULL",
        )
        .bind(&at)
        .fetch_one(self.pool())
        .await?;
        let count = |name: &str| -> Result<u32, sqlx::Error> {
            Ok(u32::try_from(counts.try_get::<i64, _>(name)?).unwrap_or(0))
        };
        let mut out = DeadlineOverview {
            open: count("open")?,
            on_track: count("on_track")?,
            at_risk: count("at_risk")?,
            breached: count("breached")?,
            alerts: Vec::new(),
        };
        let fixed = sqlx::query(
            "SELECT o.id, o.number, o.kind, o.status, o.customer_name, d.deadline_at,
                    d.deadline_at <= ?1 AS breached
             FROM order_deadlines d JOIN work_orders o ON o.id = d.order_id
             WHERE d.live = 0 AND d.deadline_at IS NOT NULL AND d.at_risk_at <= ?1
             ORDER BY breached DESC, d.deadline_at LIMIT ?2",
        )
        .bind(&at)
        .bind(limit.map_or(-1, i64::from))
        .fetch_all(self.pool())
        .await?;
        for r in &fixed {
            let state = if r.try_get::<bool, _>("breached")? {
                DeadlineState::Breached
            } else {
                DeadlineState::AtRisk
            };
            if let Some(alert) = alert_of(r, state, r.try_get("deadline_at")?)? {
                out.alerts.push(alert);
            }
        }
        // Paused right now: the engine, at `now`.
        let live = sqlx::query(
            "SELECT o.id, o.number, o.kind, o.status, o.customer_name
             FROM order_deadlines d JOIN work_orders o ON o.id = d.order_id WHERE d.live = 1",
        )
        .fetch_all(self.pool())
        .await?;
        let live_ids = live
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<Vec<String>, _>>()?;
        let mut c = self.pool().acquire().await?;
        let histories = histories(&mut c, &live_ids).await?;
        drop(c);
        let pauses = pauses_of(
            sqlx::query(
                "SELECT p.order_id, p.started_at, p.ended_at
                 FROM order_pauses p JOIN order_deadlines d ON d.order_id = p.order_id WHERE d.live = 1",
            )
            .fetch_all(self.pool())
            .await?,
        )?;
        for r in &live {
            let id: String = r.try_get("id")?;
            let Some(kind) = OrderKind::from_code(&r.try_get::<String, _>("kind")?) else {
                continue;
            };
            let spans = pauses.get(&id).map(Vec::as_slice).unwrap_or(&[]);
            let history = histories.get(&id).map(Vec::as_slice).unwrap_or(&[]);
            let Some(a) = book.assess(kind, history, spans, now) else {
                continue;
            };
            out.open += 1;
            match a.state {
                DeadlineState::OnTrack => out.on_track += 1,
                DeadlineState::AtRisk => out.at_risk += 1,
                DeadlineState::Breached => out.breached += 1,
                DeadlineState::Met | DeadlineState::Missed => {}
            }
            if matches!(a.state, DeadlineState::AtRisk | DeadlineState::Breached)
                && let Some(alert) = alert_of(r, a.state, crate::write::timestamp(a.deadline))?
            {
                out.alerts.push(alert);
            }
        }
        out.alerts.sort_by(|a, b| {
            (a.state != DeadlineState::Breached)
                .cmp(&(b.state != DeadlineState::Breached))
                .then(a.deadline.cmp(&b.deadline))
        });
        if let Some(limit) = limit {
            out.alerts.truncate(limit as usize);
        }
        Ok(out)
    }

    /// Computes again the kept clocks that need it (new or changed orders, a changed rule,
    /// a new year) in one write transaction, and drops the rows of orders no longer open.
    async fn refresh_clocks(&self, now: DateTime<Utc>) -> Result<(), crate::StoreError> {
        // In transactions of a few thousand orders, so a large recomputation (a rule change
        // on a big provider) never holds the write lock for long.
        const CHUNK: i64 = 5_000;
        let year = i64::from(now.with_timezone(&PROVIDER_ZONE).year());
        loop {
            let stale: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM order_deadlines WHERE year < ?1 OR year > ?1)",
            )
            .bind(year)
            .fetch_one(self.pool())
            .await?;
            if !stale {
                return Ok(());
            }
            let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
            // The rules and the calendar as this transaction sees them: a change committed
            // before it marked its rows stale, and one after it waits for the lock.
            let book = deadline_book_on(&mut tx, now).await?;
            self.refresh_chunk(&mut tx, &book, CHUNK).await?;
            tx.commit().await?;
        }
    }

    /// Computes again up to `chunk` stale kept clocks, in the caller's transaction.
    async fn refresh_chunk(
        &self,
        tx: &mut sqlx::SqliteConnection,
        book: &DeadlineBook,
        chunk: i64,
    ) -> Result<(), crate::StoreError> {
        let year = i64::from(book.year);
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT order_id FROM order_deadlines WHERE year < ?1 OR year > ?1 LIMIT ?2",
        )
        .bind(year)
        .bind(chunk)
        .fetch_all(&mut *tx)
        .await?;
        let among = |sql: &str| {
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(sql);
            let mut list = q.separated(", ");
            for id in &ids {
                list.push_bind(id);
            }
            q.push(")");
            q
        };
        let rows = among(
            "SELECT d.order_id AS id, o.kind, o.status
             FROM order_deadlines d LEFT JOIN work_orders o ON o.id = d.order_id
             WHERE d.order_id IN (",
        )
        .build()
        .fetch_all(&mut *tx)
        .await?;
        let histories = histories(&mut *tx, &ids).await?;
        let pauses = pauses_of(
            among("SELECT order_id, started_at, ended_at FROM order_pauses WHERE order_id IN (")
                .build()
                .fetch_all(&mut *tx)
                .await?,
        )?;
        let mut gone = Vec::new();
        let mut kept = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: String = r.try_get("id")?;
            let kind: Option<String> = r.try_get("kind")?;
            let status: Option<String> = r.try_get("status")?;
            let open = status
                .as_deref()
                .and_then(OrderStatus::from_code)
                .is_some_and(|s| !CLOSED.contains(&s.code()));
            let kind = kind.as_deref().and_then(OrderKind::from_code);
            let Some(kind) = kind.filter(|_| open) else {
                gone.push(id);
                continue;
            };
            let spans = pauses.get(&id).map(Vec::as_slice).unwrap_or(&[]);
            let history = histories.get(&id).map(Vec::as_slice).unwrap_or(&[]);
            let clock = book.clock(kind, history, spans);
            kept.push((id, clock));
        }
        // In batches: one statement per order would cost more than the computing.
        for chunk in gone.chunks(500) {
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "DELETE FROM order_deadlines WHERE order_id IN (",
            );
            let mut ids = q.separated(", ");
            for id in chunk {
                ids.push_bind(id);
            }
            q.push(")").build().execute(&mut *tx).await?;
        }
        for chunk in kept.chunks(500) {
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "INSERT INTO order_deadlines (order_id, at_risk_at, deadline_at, live, year) ",
            );
            q.push_values(chunk, |mut b, (id, clock)| {
                let (at_risk, deadline, live) = match clock {
                    Clock::None => (None, None, false),
                    Clock::Live => (None, None, true),
                    Clock::Fixed(a, d) => (
                        Some(crate::write::timestamp(*a)),
                        Some(crate::write::timestamp(*d)),
                        false,
                    ),
                };
                b.push_bind(id)
                    .push_bind(at_risk)
                    .push_bind(deadline)
                    .push_bind(live)
                    .push_bind(year);
            });
            q.push(
                " ON CONFLICT (order_id) DO UPDATE SET at_risk_at = excluded.at_risk_at,
                  deadline_at = excluded.deadline_at, live = excluded.live, year = excluded.year",
            );
            q.build().execute(&mut *tx).await?;
        }
        Ok(())
    }
}

/// Statuses whose orders have no running clock.
/// (An order in analysis or rejected may have a running clock: a rule can start it at the
/// opening, as the order list judges it.)
const CLOSED: [&str; 2] = ["done", "cancelled"];

fn parse_instant(t: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(t)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// Each order's history (statuses reached and when, in order), for the orders `ids`.
pub(crate) async fn histories(
    c: &mut sqlx::SqliteConnection,
    ids: &[String],
) -> Result<std::collections::HashMap<String, Vec<(OrderStatus, DateTime<Utc>)>>, sqlx::Error> {
    let mut out: std::collections::HashMap<String, Vec<(OrderStatus, DateTime<Utc>)>> =
        std::collections::HashMap::new();
    for chunk in ids.chunks(5_000) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "SELECT order_id, to_status, at FROM order_events WHERE order_id IN (",
        );
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(id);
        }
        q.push(") ORDER BY order_id, at, id");
        for e in q.build().fetch_all(&mut *c).await? {
            let to: String = e.try_get("to_status")?;
            let at: String = e.try_get("at")?;
            if let (Some(status), Some(at)) = (OrderStatus::from_code(&to), parse_instant(&at)) {
                out.entry(e.try_get("order_id")?)
                    .or_default()
                    .push((status, at));
            }
        }
    }
    Ok(out)
}

/// Pauses by order id.
pub(crate) fn pauses_of(
    rows: Vec<sqlx::sqlite::SqliteRow>,
) -> Result<std::collections::HashMap<String, Vec<PauseSpan>>, sqlx::Error> {
    let mut out: std::collections::HashMap<String, Vec<PauseSpan>> =
        std::collections::HashMap::new();
    for p in &rows {
        if let Some(span) = pause_span(p)? {
            out.entry(p.try_get("order_id")?).or_default().push(span);
        }
    }
    Ok(out)
}

/// A pause row's span (`started_at`, `ended_at`); `None` when a time does not read.
pub(crate) fn pause_span(row: &sqlx::sqlite::SqliteRow) -> Result<Option<PauseSpan>, sqlx::Error> {
    let from: String = row.try_get("started_at")?;
    let to: Option<String> = row.try_get("ended_at")?;
    Ok(
        match (parse_instant(&from), to.as_deref().map(parse_instant)) {
            (Some(from), None) => Some((from, None)),
            (Some(from), Some(Some(to))) => Some((from, Some(to))),
            _ => None,
        },
    )
}

/// An alert from a row with the order's id, number, kind, status and customer.
fn alert_of(
    r: &sqlx::sqlite::SqliteRow,
    state: DeadlineState,
    deadline: String,
) -> Result<Option<DeadlineAlert>, sqlx::Error> {
    let (Some(kind), Some(status)) = (
        OrderKind::from_code(&r.try_get::<String, _>("kind")?),
        OrderStatus::from_code(&r.try_get::<String, _>("status")?),
    ) else {
        return Ok(None);
    };
    let number: i64 = r.try_get("number")?;
    Ok(Some(DeadlineAlert {
        id: r.try_get("id")?,
        number: u32::try_from(number).unwrap_or(0),
        kind,
        status,
        customer_name: r.try_get("customer_name")?,
        state,
        deadline,
    }))
}
