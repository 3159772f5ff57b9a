//! What the field's indicators know of each visit: its deadline met or missed, the day it was
//! done, a failed visit before it, the repair that followed. An open visit is judged from its
//! history at each reading; a done one is judged once and kept in `visit_facts` (cleared by
//! the triggers of whatever it depends on), so a page over a year sums kept rows in SQLite and
//! hands Rust a few lines per kind, technician and week, not every order.

use std::collections::HashMap;

use campo_domain::{OrderKind, OrderStatus};
use chrono::{DateTime, Datelike, Utc};
use sqlx::Row;

use super::field::{FieldFigure, FieldGrouping, REPEAT_DAYS};
use super::{IndicatorFilter, Period};
use crate::views::DeadlineState;
use crate::{Store, StoreError};

/// Done visits judged and kept in one write transaction at most.
const KEEP_CHUNK: i64 = 5_000;

mod fact;
pub(in crate::indicators) use fact::{Counts, Fact, VisitRow};

/// One line of the kept visits' sums: the grouping, its key, the technician's name on a
/// technician's line.
pub(super) struct KeptSum {
    pub grouping: FieldGrouping,
    pub key: String,
    pub technician_name: Option<String>,
    pub counts: Counts,
}

/// A figure on one line of the indicators: the line `key` of `grouping`.
#[derive(Clone, Copy)]
pub(super) struct FigureLine<'a> {
    pub figure: FieldFigure,
    pub grouping: FieldGrouping,
    pub key: &'a str,
}

/// Which of the period's orders to judge from their histories.
#[derive(Clone, Copy)]
enum Which {
    /// Those not done — and, with `unkept`, done ones not kept for `year` (done since the
    /// keeping) — judged at each reading.
    Open { year: i32, unkept: bool },
    /// Done ones not kept for `year` (to keep them), at most this many.
    Unkept { year: i32, limit: i64 },
}

/// The columns of `visit_facts` the figures read, and the filter's conditions on them
/// (`?1`..`?5`: from, to, year, technician, municipality).
const KEPT: &str = "f.slot >= ?1 AND f.slot <= ?2 AND f.year = ?3
    AND (?4 IS NULL OR f.technician_id = ?4) AND (?5 IS NULL OR f.ibge = ?5)";

/// The sums of a kept line: orders with a deadline, met, late, open, done, done on the date,
/// at the first visit, repeated.
const SUMS: &str = "COUNT(deadline) AS orders, COALESCE(SUM(deadline = 'met'), 0) AS met,
    COALESCE(SUM(deadline IN ('missed', 'breached')), 0) AS late,
    COALESCE(SUM(deadline IN ('on_track', 'at_risk')), 0) AS open, COUNT(*) AS done,
    COALESCE(SUM(on_date), 0) AS on_date, COALESCE(SUM(first_visit), 0) AS first_visit,
    COUNT(repair) AS repeated";

impl Store {
    /// Judges and keeps the period's done visits not kept yet (or kept under another year's
    /// rules), a chunk per write transaction; returns the year the kept rows are read for.
    pub(crate) async fn keep_visits(&self, period: Period) -> Result<i32, StoreError> {
        let now = Utc::now();
        let year = now.with_timezone(&self.place().await?.zone()).year();
        loop {
            let missing = !all_kept(&mut *self.pool().acquire().await?, period, year).await?;
            if !missing {
                return Ok(year);
            }
            let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
            let which = Which::Unkept {
                year,
                limit: KEEP_CHUNK,
            };
            let facts = facts_on(
                &mut tx,
                &IndicatorFilter::default(),
                period,
                None,
                which,
                now,
            )
            .await?;
            for chunk in facts.chunks(500) {
                let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                    "INSERT OR REPLACE INTO visit_facts (slot, order_id, kind, technician_id,
                     technician_name, week, ibge, deadline, on_date, first_visit, done_on, repair, year) ",
                );
                q.push_values(chunk, |mut b, f| {
                    b.push_bind(&f.slot)
                        .push_bind(&f.row.id)
                        .push_bind(f.row.kind.code())
                        .push_bind(&f.row.technician_id)
                        .push_bind(&f.row.technician_name)
                        .push_bind(f.key(FieldGrouping::Week))
                        .push_bind(f.ibge)
                        .push_bind(f.row.deadline_state.map(DeadlineState::code))
                        .push_bind(f.judge(FieldFigure::OnDate) == Some(false))
                        .push_bind(!f.failed_before)
                        .push_bind(f.done_on.map(|d| d.to_string()))
                        .push_bind(f.repair)
                        .push_bind(year);
                });
                q.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
            if facts.is_empty() {
                // Done orders whose facts cannot be read (no customer): nothing more to keep.
                return Ok(year);
            }
        }
    }
}

/// The period's open visits that `filter` takes (of `kind`, if given), and the done ones
/// not kept for `year`, judged now, read on `c`.
pub(super) async fn open_visits(
    c: &mut sqlx::SqliteConnection,
    filter: &IndicatorFilter,
    period: Period,
    kind: Option<OrderKind>,
    year: i32,
) -> Result<Vec<Fact>, StoreError> {
    // Done visits not kept (done since the keeping, in another connection) are judged here
    // too, so none goes missing.
    let unkept = !all_kept(&mut *c, period, year).await?;
    facts_on(
        c,
        filter,
        period,
        kind,
        Which::Open { year, unkept },
        Utc::now(),
    )
    .await
}

/// The kept visits' sums for `filter` over the period: the total, and a line per kind,
/// technician and week — one reading of the kept rows.
pub(super) async fn kept_sums(
    c: &mut sqlx::SqliteConnection,
    filter: &IndicatorFilter,
    period: Period,
    year: i32,
) -> Result<Vec<KeptSum>, StoreError> {
    let (from, to) = slots(period);
    let rows = sqlx::query(&format!(
        "WITH v AS MATERIALIZED (SELECT f.kind, f.technician_id, f.technician_name, f.week,
                f.deadline, f.on_date, f.first_visit, f.repair FROM visit_facts f WHERE {KEPT})
         SELECT 'total' AS g, 'total' AS k, NULL AS name, {SUMS} FROM v
         UNION ALL SELECT 'kind', kind, NULL, {SUMS} FROM v GROUP BY kind
         UNION ALL SELECT 'technician', COALESCE(technician_id, ''), technician_name, {SUMS}
             FROM v GROUP BY technician_id, technician_name
         UNION ALL SELECT 'week', week, NULL, {SUMS} FROM v GROUP BY week"
    ))
    .bind(&from)
    .bind(&to)
    .bind(year)
    .bind(filter.technician())
    .bind(filter.municipality)
    .fetch_all(&mut *c)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let count = |name: &str| -> Result<u32, sqlx::Error> {
            Ok(u32::try_from(r.try_get::<i64, _>(name)?).unwrap_or(0))
        };
        let counts = Counts {
            orders: count("orders")?,
            met: count("met")?,
            late: count("late")?,
            open: count("open")?,
            done: count("done")?,
            done_on_date: count("on_date")?,
            first_visit: count("first_visit")?,
            repeated: count("repeated")?,
        };
        let grouping = match r.try_get::<String, _>("g")?.as_str() {
            "kind" => FieldGrouping::Kind,
            "technician" => FieldGrouping::Technician,
            "week" => FieldGrouping::Week,
            _ => FieldGrouping::Total,
        };
        out.push(KeptSum {
            grouping,
            key: r.try_get("k")?,
            technician_name: r.try_get("name")?,
            counts,
        });
    }
    Ok(out)
}

/// The kept visits behind `line`'s figure: up to `limit` of them (those against it
/// first, then the latest), how many it counts and how many against.
pub(super) async fn kept_figure(
    c: &mut sqlx::SqliteConnection,
    filter: &IndicatorFilter,
    period: Period,
    year: i32,
    line: FigureLine<'_>,
    limit: usize,
) -> Result<(Vec<(bool, super::field::FigureOrder)>, u32, u32), StoreError> {
    let FigureLine {
        figure,
        grouping,
        key,
    } = line;
    let (from, to) = slots(period);
    let (counted, against) = match figure {
        FieldFigure::Compliance => (
            "f.deadline IN ('met', 'missed', 'breached')",
            "f.deadline <> 'met'",
        ),
        FieldFigure::OnDate => ("1", "f.on_date = 0"),
        FieldFigure::FirstVisit => ("1", "f.first_visit = 0"),
        FieldFigure::Repeat => ("1", "f.repair IS NOT NULL"),
    };
    let line = match grouping {
        FieldGrouping::Total => "?6 IS NOT NULL",
        FieldGrouping::Kind => "f.kind = ?6",
        FieldGrouping::Technician => "COALESCE(f.technician_id, '') = ?6",
        FieldGrouping::Week => "f.week = ?6",
    };
    let taken = format!("{KEPT} AND {line} AND {counted}");
    // The same parameters for the count and the rows, ?1..?7 (the count names the limit
    // only so that both take the same).
    let count_sql = format!(
        "SELECT COUNT(*) AS total, COALESCE(SUM({against}), 0) AS against
         FROM visit_facts f WHERE {taken} AND ?7 IS NOT NULL"
    );
    let rows_sql = format!(
        "SELECT o.id, o.number, o.kind, o.customer_name, o.technician_name, o.scheduled_date,
                f.done_on, f.deadline, f.repair, ({against}) AS against
         FROM visit_facts f JOIN work_orders o ON o.id = f.order_id WHERE {taken}
         ORDER BY against DESC, o.scheduled_date DESC, o.number DESC LIMIT ?7"
    );
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let query = |sql| {
        sqlx::query(sql)
            .bind(&from)
            .bind(&to)
            .bind(year)
            .bind(filter.technician())
            .bind(filter.municipality)
            .bind(key)
            .bind(limit)
    };
    let totals = query(&count_sql).fetch_one(&mut *c).await?;
    let rows = query(&rows_sql).fetch_all(&mut *c).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let kind: String = r.try_get("kind")?;
        let deadline: Option<String> = r.try_get("deadline")?;
        let number: i64 = r.try_get("number")?;
        let repair: Option<i64> = r.try_get("repair")?;
        let against: bool = r.try_get("against")?;
        out.push((
            against,
            super::field::FigureOrder {
                id: r.try_get("id")?,
                number: u32::try_from(number).map_err(|_| bad("number"))?,
                kind: OrderKind::from_code(&kind).ok_or_else(|| bad("kind"))?,
                customer_name: r.try_get("customer_name")?,
                technician_name: r.try_get("technician_name")?,
                scheduled_date: r.try_get("scheduled_date")?,
                done_on: r.try_get("done_on")?,
                deadline_state: deadline.as_deref().and_then(DeadlineState::from_code),
                against,
                repair_number: repair.and_then(|n| u32::try_from(n).ok()),
            },
        ));
    }
    let count = |name: &str| -> Result<u32, sqlx::Error> {
        Ok(u32::try_from(totals.try_get::<i64, _>(name)?).unwrap_or(0))
    };
    Ok((out, count("total")?, count("against")?))
}

/// Whether every done visit of the period is kept for `year`. Kept rows are only ever done
/// visits of their slot (a change of the order deletes its row), so equal counts say so —
/// two index counts, not a look-up per visit.
async fn all_kept(
    c: &mut sqlx::SqliteConnection,
    period: Period,
    year: i32,
) -> Result<bool, StoreError> {
    let (from, to) = slots(period);
    Ok(sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM work_orders o
                 WHERE o.status = 'done' AND o.slot >= ?1 AND o.slot <= ?2)
              = (SELECT COUNT(*) FROM visit_facts f
                 WHERE f.slot >= ?1 AND f.slot <= ?2 AND f.year = ?3)",
    )
    .bind(&from)
    .bind(&to)
    .bind(year)
    .fetch_one(&mut *c)
    .await?)
}

/// The period as bounds of the `slot` index (a day and its period).
fn slots(period: Period) -> (String, String) {
    (period.from.to_string(), format!("{}-9", period.to))
}

fn bad(what: &str) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(format!("unexpected {what}").into()))
}

/// The period's visits that `which` names and `filter` takes (of `kind`, if given), with what
/// the indicators judge them by, read on `c`. The orders are read on the slot index, each with
/// its customer's place and its history in one text (a row per order: SQLite answers in a few
/// milliseconds, handing rows over costs more); the pauses in one more query.
async fn facts_on(
    c: &mut sqlx::SqliteConnection,
    filter: &IndicatorFilter,
    period: Period,
    kind: Option<OrderKind>,
    which: Which,
    now: DateTime<Utc>,
) -> Result<Vec<Fact>, StoreError> {
    let (from, to) = slots(period);
    let tech = filter.technician().map(str::to_owned);
    let (status, year, limit) = match which {
        Which::Open { year, unkept: true } => (
            "(o.status IN ('scheduled', 'en_route', 'in_progress', 'not_done')
              OR (o.status = 'done' AND NOT EXISTS
                  (SELECT 1 FROM visit_facts f WHERE f.order_id = o.id AND f.year = ?5)))",
            year,
            -1,
        ),
        // On the status index: a few ranges of the period, not every visit of it.
        Which::Open {
            year,
            unkept: false,
        } => (
            "o.status IN ('scheduled', 'en_route', 'in_progress', 'not_done')",
            year,
            -1,
        ),
        Which::Unkept { year, limit } => (
            "o.status = 'done' AND NOT EXISTS (SELECT 1 FROM visit_facts f WHERE f.order_id = o.id AND f.year = ?5)",
            year,
            limit,
        ),
    };
    let taken = format!(
        "o.slot >= ?1 AND o.slot <= ?2 AND {status}
         AND (?3 IS NULL OR o.technician_id = ?3) AND (?4 IS NULL OR o.kind = ?4)"
    );
    let (orders_sql, pauses_sql) = (
        format!(
            "SELECT o.id, o.number, o.kind, o.status, o.slot, o.customer_name, o.customer_id,
                    o.technician_id, o.technician_name, o.scheduled_date, c.city, c.uf,
                    (SELECT group_concat(h.to_status || ' ' || h.at, ',')
                       FROM (SELECT e.to_status, e.at FROM order_events e
                             WHERE e.order_id = o.id ORDER BY e.at, e.id) h) AS history
             FROM work_orders o JOIN customers c ON c.id = o.customer_id
             WHERE {taken} ORDER BY o.slot, o.id LIMIT ?6"
        ),
        // Exactly the chunk's orders (the same join, order and limit).
        format!(
            "SELECT p.order_id, p.started_at, p.ended_at FROM order_pauses p
             WHERE p.order_id IN (SELECT o.id FROM work_orders o JOIN customers c ON c.id = o.customer_id
                                  WHERE {taken} ORDER BY o.slot, o.id LIMIT ?6)"
        ),
    );
    // The same conditions for the orders and their pauses: ?1..?6.
    let query = |sql| {
        sqlx::query(sql)
            .bind(&from)
            .bind(&to)
            .bind(&tech)
            .bind(kind.map(OrderKind::code))
            .bind(year)
            .bind(limit)
    };
    let rows = query(&orders_sql).fetch_all(&mut *c).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let pauses = crate::deadline::pauses_of(query(&pauses_sql).fetch_all(&mut *c).await?)?;

    // The zone a visit's day is read in: the customer's municipality when the provider
    // serves it, else the head office's.
    let book = crate::deadline::deadline_book_on(&mut *c, now).await?;
    let head = crate::provider::place_on(&mut *c).await?.zone();
    let served = crate::provider::profile_on(&mut *c)
        .await?
        .map(|p| p.municipalities)
        .unwrap_or_default();
    let mut orders = Vec::with_capacity(rows.len());
    for r in &rows {
        let (city, uf): (String, String) = (r.try_get("city")?, r.try_get("uf")?);
        if !filter.takes_place(&city, &uf) {
            continue;
        }
        let kind: String = r.try_get("kind")?;
        let status: String = r.try_get("status")?;
        let number: i64 = r.try_get("number")?;
        let mut row = VisitRow {
            id: r.try_get("id")?,
            number: u32::try_from(number).map_err(|_| bad("number"))?,
            kind: OrderKind::from_code(&kind).ok_or_else(|| bad("kind"))?,
            status: OrderStatus::from_code(&status).ok_or_else(|| bad("status"))?,
            customer_name: r.try_get("customer_name")?,
            technician_id: r.try_get("technician_id")?,
            technician_name: r.try_get("technician_name")?,
            scheduled_date: r.try_get("scheduled_date")?,
            deadline_state: None,
        };
        let text: Option<String> = r.try_get("history")?;
        let history: Vec<(OrderStatus, DateTime<Utc>)> = text
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .filter_map(|e| {
                let (status, at) = e.split_once(' ')?;
                Some((
                    OrderStatus::from_code(status)?,
                    crate::deadline::parse_instant(at)?,
                ))
            })
            .collect();
        let spans = pauses.get(&row.id).map(Vec::as_slice).unwrap_or(&[]);
        row.deadline_state = book
            .assess(book.place_of(&city, &uf), row.kind, &history, spans, now)
            .map(|a| a.state);
        let municipality = campo_domain::municipality::find(&city, &uf);
        let zone = municipality
            .filter(|m| served.contains(&m.ibge))
            .map_or(head, |m| m.zone);
        // When the visit was done (its last "done"), and whether a visit failed before.
        let done_at = history
            .iter()
            .rev()
            .find(|(s, _)| *s == OrderStatus::Done)
            .map(|(_, at)| *at)
            .filter(|_| row.status == OrderStatus::Done);
        let failed = done_at.is_some() && history.iter().any(|(s, _)| *s == OrderStatus::NotDone);
        let customer: String = r.try_get("customer_id")?;
        let slot: String = r.try_get("slot")?;
        orders.push((
            row,
            zone,
            customer,
            done_at,
            failed,
            slot,
            municipality.map(|m| m.ibge),
        ));
    }

    // Repairs opened within 30 days after one of these visits done, per customer: read from
    // the first visit done to 30 days after the last (whatever period asked, a kept visit
    // is judged the same).
    let done = orders.iter().filter_map(|o| o.3);
    let repairs = match (done.clone().min(), done.max()) {
        (Some(first), Some(last)) => {
            let after = first.date_naive().pred_opt().unwrap_or(first.date_naive());
            let until = (last + chrono::Duration::days(REPEAT_DAYS + 1)).date_naive();
            sqlx::query(
                "SELECT customer_id, number, created_at FROM work_orders
                 WHERE kind = 'repair' AND created_at >= ? AND created_at < ?",
            )
            .bind(after.to_string())
            .bind(until.to_string())
            .fetch_all(&mut *c)
            .await?
        }
        _ => Vec::new(),
    };
    let mut repairs_of: HashMap<String, Vec<(DateTime<Utc>, u32)>> = HashMap::new();
    for r in repairs {
        let created: String = r.try_get("created_at")?;
        let number: i64 = r.try_get("number")?;
        if let (Ok(at), Ok(number)) = (
            DateTime::parse_from_rfc3339(&created),
            u32::try_from(number),
        ) {
            repairs_of
                .entry(r.try_get("customer_id")?)
                .or_default()
                .push((at.with_timezone(&Utc), number));
        }
    }

    Ok(orders
        .into_iter()
        .map(|(row, zone, customer, at, failed_before, slot, ibge)| {
            let repair = at.and_then(|at| {
                let within = at + chrono::Duration::days(REPEAT_DAYS);
                repairs_of.get(&customer).and_then(|list| {
                    list.iter()
                        .filter(|(c, n)| *c > at && *c <= within && *n != row.number)
                        .min()
                        .map(|(_, n)| *n)
                })
            });
            Fact {
                done_on: at.map(|at| at.with_timezone(&zone).date_naive()),
                failed_before,
                repair,
                row,
                slot,
                ibge,
            }
        })
        .collect())
}
