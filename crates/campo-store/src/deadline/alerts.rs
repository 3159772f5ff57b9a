//! Every open order judged at once: each keeps its milestones (at risk from, breached from)
//! in a cache that triggers mark stale, recomputed on the next reading; the header's counts
//! and alerts, and the crossings a desktop notification tells once.
use campo_domain::{Lang, OrderKind, OrderStatus, plural};
use chrono::{DateTime, Datelike, Utc};

use crate::views::DeadlineState;
use sqlx::Row;

use super::*;

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
                format!(
                    "{} ({}) {what}",
                    campo_domain::order_number(a.number, lang),
                    a.customer_name
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        _ => match lang {
            Lang::PtBr => format!(
                "{breached} {} o prazo e {at_risk} {} em risco. Veja os alertas no Campo.",
                plural(breached, "ordem venceu", "ordens venceram"),
                plural(at_risk, "entrou", "entraram")
            ),
            Lang::En => format!(
                "{breached} {} their deadline and {at_risk} became at risk. See the alerts in Campo.",
                plural(breached, "order passed", "orders passed")
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
        let places = places(&mut c, &book, &live_ids).await?;
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
            let place = places.get(&id).copied();
            let Some(a) = book.assess(place, kind, history, spans, now) else {
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
        let year = i64::from(now.with_timezone(&self.place().await?.zone()).year());
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
        let places = places(&mut *tx, book, &ids).await?;
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
            let clock = book.clock(places.get(&id).copied(), kind, history, spans);
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

pub(crate) fn parse_instant(t: &str) -> Option<DateTime<Utc>> {
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
