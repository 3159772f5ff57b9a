//! The field's indicators for the visits scheduled in a period: deadlines met, visits done on
//! the scheduled date (ANATEL counts those), done at the first visit (no failed visit before),
//! and repeat visits (a repair opened for the same customer within 30 days of a visit done) —
//! in all, per order kind (the stage of the provider's work), per technician and per week,
//! with a CSV of the same table. Every figure opens to the orders behind it.

use std::collections::{BTreeMap, HashMap};

use campo_domain::{Lang, OrderKind, OrderStatus};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;

use super::{IndicatorFilter, Period, csv_decimal, csv_field, pct};
use crate::views::DeadlineState;
use crate::{Store, StoreError};

/// Days after a visit done in which a repair for the same customer counts as a repeat visit.
pub const REPEAT_DAYS: i64 = 30;

/// At most this many orders behind a figure are listed (the count says how many in all).
pub const FIGURE_ORDERS_SHOWN: usize = 500;

/// One line of the indicators: a kind, a technician, a week, or the total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldRow {
    /// Which group: `total`, an order kind's code, a technician's id (empty: no technician)
    /// or a week's Monday (`YYYY-MM-DD`) — what [`Store::figure_orders`] takes back.
    pub key: String,
    /// What the line counts, in words.
    pub label: String,
    /// Orders with a deadline.
    pub orders: u32,
    /// Done within the deadline.
    pub met: u32,
    /// Done after it, or still open past it.
    pub late: u32,
    /// Still open and within it.
    pub open: u32,
    /// Met ÷ (met + late), in percent; `None` when nothing was judged yet.
    pub compliance_pct: Option<f64>,
    /// Visits done.
    pub done: u32,
    /// Of those, done on the scheduled date.
    pub done_on_date: u32,
    /// Done on the date ÷ done, in percent.
    pub on_date_pct: Option<f64>,
    /// Visits done with no failed visit ("não realizada") before.
    pub first_visit: u32,
    /// First visit ÷ done, in percent.
    pub first_visit_pct: Option<f64>,
    /// Visits done followed by a repair for the same customer within 30 days.
    pub repeated: u32,
    /// Repeated ÷ done, in percent (lower is better).
    pub repeat_pct: Option<f64>,
}

/// A figure of the field's indicators, to open the orders behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FieldFigure {
    /// Deadlines met (orders judged).
    Compliance,
    /// Visits done on the scheduled date (visits done).
    OnDate,
    /// Done at the first visit (visits done).
    FirstVisit,
    /// Followed by a repair within 30 days (visits done).
    Repeat,
}

/// Which line of the indicators a figure is read on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FieldGrouping {
    /// The total.
    Total,
    /// An order kind.
    Kind,
    /// A technician.
    Technician,
    /// A week.
    Week,
}

/// The indicators over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldIndicators {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
    /// Every order of the range.
    pub total: FieldRow,
    /// Per order kind, in the kinds' order (installations first).
    pub by_kind: Vec<FieldRow>,
    /// Per technician, by name.
    pub by_technician: Vec<FieldRow>,
    /// Per week (Monday to Sunday), in order.
    pub by_week: Vec<FieldRow>,
}

/// One order behind a figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FigureOrder {
    /// The order's id (opens its page).
    pub id: String,
    /// OS number.
    pub number: u32,
    /// Its kind.
    pub kind: OrderKind,
    /// Customer's name.
    pub customer_name: String,
    /// Who it is assigned to.
    pub technician_name: Option<String>,
    /// Scheduled day, `YYYY-MM-DD`.
    pub scheduled_date: Option<String>,
    /// The day it was done, `YYYY-MM-DD` (where it happened).
    pub done_on: Option<String>,
    /// Where it stands against its deadline.
    pub deadline_state: Option<DeadlineState>,
    /// Whether it counts against the figure: a deadline missed, done on another day, a
    /// failed visit before, a repair after it.
    pub against: bool,
    /// For a repeat visit, the repair that followed.
    pub repair_number: Option<u32>,
}

/// The orders behind a figure: those against it first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FigureOrders {
    /// At most [`FIGURE_ORDERS_SHOWN`] of them.
    pub rows: Vec<FigureOrder>,
    /// How many the figure counts.
    pub total: u32,
    /// Of those, how many count against it.
    pub against: u32,
}

/// The order's own fields the indicators read.
struct VisitRow {
    id: String,
    number: u32,
    kind: OrderKind,
    status: OrderStatus,
    customer_name: String,
    technician_id: Option<String>,
    technician_name: Option<String>,
    scheduled_date: Option<String>,
    deadline_state: Option<DeadlineState>,
}

/// What the indicators know of one order.
struct Fact {
    row: VisitRow,
    done_on: Option<NaiveDate>,
    failed_before: bool,
    repair: Option<u32>,
}

impl Fact {
    fn scheduled(&self) -> Option<NaiveDate> {
        self.row
            .scheduled_date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    }

    fn done(&self) -> bool {
        self.row.status == OrderStatus::Done
    }

    /// Whether the order counts in `figure`, and then whether against it.
    fn judge(&self, figure: FieldFigure) -> Option<bool> {
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
    fn key(&self, grouping: FieldGrouping) -> String {
        match grouping {
            FieldGrouping::Total => "total".into(),
            FieldGrouping::Kind => self.row.kind.code().into(),
            FieldGrouping::Technician => self.row.technician_id.clone().unwrap_or_default(),
            FieldGrouping::Week => self.scheduled().map(monday).unwrap_or_default(),
        }
    }
}

fn monday(day: NaiveDate) -> String {
    day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))
        .unwrap_or(day)
        .to_string()
}

impl FieldRow {
    fn new(key: String, label: String) -> Self {
        FieldRow {
            key,
            label,
            orders: 0,
            met: 0,
            late: 0,
            open: 0,
            compliance_pct: None,
            done: 0,
            done_on_date: 0,
            on_date_pct: None,
            first_visit: 0,
            first_visit_pct: None,
            repeated: 0,
            repeat_pct: None,
        }
    }

    fn add(&mut self, fact: &Fact) {
        match fact.row.deadline_state {
            Some(DeadlineState::Met) => self.met += 1,
            Some(DeadlineState::Missed | DeadlineState::Breached) => self.late += 1,
            Some(DeadlineState::OnTrack | DeadlineState::AtRisk) => self.open += 1,
            None => {}
        }
        self.orders += u32::from(fact.row.deadline_state.is_some());
        if fact.done() {
            self.done += 1;
            self.done_on_date += u32::from(fact.judge(FieldFigure::OnDate) == Some(false));
            self.first_visit += u32::from(!fact.failed_before);
            self.repeated += u32::from(fact.repair.is_some());
        }
    }

    fn finish(mut self) -> Self {
        self.compliance_pct = pct(self.met, self.met + self.late);
        self.on_date_pct = pct(self.done_on_date, self.done);
        self.first_visit_pct = pct(self.first_visit, self.done);
        self.repeat_pct = pct(self.repeated, self.done);
        self
    }
}

impl Store {
    /// The field's indicators for the visits scheduled in `filter`'s period (at most a
    /// year), its municipality and technician.
    pub async fn field_indicators(
        &self,
        filter: &IndicatorFilter,
        lang: Lang,
    ) -> Result<FieldIndicators, StoreError> {
        let period = filter.checked(lang)?;
        let facts = self.field_facts(filter, period, None).await?;
        let mut total = FieldRow::new("total".into(), "Total".into());
        let mut kinds: BTreeMap<usize, FieldRow> = BTreeMap::new();
        let mut techs: BTreeMap<(String, String), FieldRow> = BTreeMap::new();
        let mut weeks: BTreeMap<String, FieldRow> = BTreeMap::new();
        for f in &facts {
            total.add(f);
            let k = OrderKind::ALL.iter().position(|k| *k == f.row.kind);
            kinds
                .entry(k.unwrap_or(0))
                .or_insert_with(|| {
                    FieldRow::new(f.key(FieldGrouping::Kind), f.row.kind.label(lang).into())
                })
                .add(f);
            let name = f.row.technician_name.clone().unwrap_or_else(|| match lang {
                Lang::PtBr => "Sem técnico".into(),
                Lang::En => "No technician".into(),
            });
            let key = f.key(FieldGrouping::Technician);
            techs
                .entry((name.clone(), key.clone()))
                .or_insert_with(|| FieldRow::new(key, name))
                .add(f);
            let week = f.key(FieldGrouping::Week);
            if !week.is_empty() {
                let label = match lang {
                    Lang::PtBr => format!("Semana de {}", day_words(&week)),
                    Lang::En => format!("Week of {}", day_words(&week)),
                };
                weeks
                    .entry(week.clone())
                    .or_insert_with(|| FieldRow::new(week, label))
                    .add(f);
            }
        }
        Ok(FieldIndicators {
            from: period.from.to_string(),
            to: period.to.to_string(),
            total: total.finish(),
            by_kind: kinds.into_values().map(FieldRow::finish).collect(),
            by_technician: techs.into_values().map(FieldRow::finish).collect(),
            by_week: weeks.into_values().map(FieldRow::finish).collect(),
        })
    }

    /// The orders behind `figure` on the line `key` of `grouping` (see [`FieldRow::key`]):
    /// those against it first, then the latest first.
    pub async fn figure_orders(
        &self,
        filter: &IndicatorFilter,
        figure: FieldFigure,
        grouping: FieldGrouping,
        key: &str,
        lang: Lang,
    ) -> Result<FigureOrders, StoreError> {
        // Only the line's orders are read: its kind, its technician, its week (the line's
        // own test below still decides).
        let mut period = filter.checked(lang)?;
        let mut narrowed = filter.clone();
        let mut kind = None;
        match grouping {
            FieldGrouping::Total => {}
            FieldGrouping::Kind => kind = OrderKind::from_code(key),
            FieldGrouping::Technician => {
                if !key.is_empty() && filter.technician().is_none_or(|t| t == key) {
                    narrowed.technician_id = Some(key.to_owned());
                }
            }
            FieldGrouping::Week => {
                if let Ok(monday) = NaiveDate::parse_from_str(key, "%Y-%m-%d") {
                    period.from = period.from.max(monday);
                    period.to = period.to.min(monday + Days::new(6));
                }
            }
        }
        let facts = self.field_facts(&narrowed, period, kind).await?;
        let mut rows: Vec<(bool, &Fact)> = facts
            .iter()
            .filter(|f| f.key(grouping) == key)
            .filter_map(|f| f.judge(figure).map(|against| (against, f)))
            .collect();
        let against = rows.iter().filter(|(a, _)| *a).count();
        rows.sort_by(|(a, x), (b, y)| {
            b.cmp(a)
                .then_with(|| y.row.scheduled_date.cmp(&x.row.scheduled_date))
                .then_with(|| y.row.number.cmp(&x.row.number))
        });
        let total = rows.len();
        Ok(FigureOrders {
            rows: rows
                .into_iter()
                .take(FIGURE_ORDERS_SHOWN)
                .map(|(against, f)| FigureOrder {
                    id: f.row.id.clone(),
                    number: f.row.number,
                    kind: f.row.kind,
                    customer_name: f.row.customer_name.clone(),
                    technician_name: f.row.technician_name.clone(),
                    scheduled_date: f.row.scheduled_date.clone(),
                    done_on: f.done_on.map(|d| d.to_string()),
                    deadline_state: f.row.deadline_state,
                    against,
                    repair_number: f.repair,
                })
                .collect(),
            total: u32::try_from(total).unwrap_or(u32::MAX),
            against: u32::try_from(against).unwrap_or(u32::MAX),
        })
    }

    /// Every visit scheduled in the period that the filter takes (of `kind`, if given), with
    /// what the indicators judge it by. The period's orders are read on the slot index, each
    /// with its customer's place and its history in one text (a row per order: SQLite answers
    /// in a few milliseconds, handing rows over costs more); the pauses in one more query.
    async fn field_facts(
        &self,
        filter: &IndicatorFilter,
        period: Period,
        kind: Option<OrderKind>,
    ) -> Result<Vec<Fact>, StoreError> {
        let from = period.from.to_string();
        let to = format!("{}-9", period.to);
        let tech = filter.technician().map(str::to_owned);
        let taken = "o.slot >= ?1 AND o.slot <= ?2
             AND o.status IN ('scheduled', 'en_route', 'in_progress', 'done', 'not_done')
             AND (?3 IS NULL OR o.technician_id = ?3) AND (?4 IS NULL OR o.kind = ?4)";
        let rows = sqlx::query(&format!(
            "SELECT o.id, o.number, o.kind, o.status, o.customer_name, o.customer_id,
                    o.technician_id, o.technician_name, o.scheduled_date, c.city, c.uf,
                    (SELECT group_concat(h.to_status || ' ' || h.at, ',')
                       FROM (SELECT e.to_status, e.at FROM order_events e
                             WHERE e.order_id = o.id ORDER BY e.at, e.id) h) AS history
             FROM work_orders o JOIN customers c ON c.id = o.customer_id
             WHERE {taken}"
        ))
        .bind(&from)
        .bind(&to)
        .bind(&tech)
        .bind(kind.map(OrderKind::code))
        .fetch_all(self.pool())
        .await?;
        let pauses = crate::deadline::pauses_of(
            sqlx::query(&format!(
                "SELECT p.order_id, p.started_at, p.ended_at FROM order_pauses p
                 WHERE p.order_id IN (SELECT o.id FROM work_orders o WHERE {taken})"
            ))
            .bind(&from)
            .bind(&to)
            .bind(&tech)
            .bind(kind.map(OrderKind::code))
            .fetch_all(self.pool())
            .await?,
        )?;

        // The zone a visit's day is read in: the customer's municipality when the provider
        // serves it, else the head office's.
        let now = Utc::now();
        let book = self.deadline_book(now).await?;
        let head = self.place().await?.zone();
        let served = self
            .provider_profile()
            .await?
            .map(|p| p.municipalities)
            .unwrap_or_default();
        let bad = |what: &str| {
            StoreError::Database(sqlx::Error::Decode(format!("unexpected {what}").into()))
        };
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
            let zone = campo_domain::municipality::find(&city, &uf)
                .filter(|m| served.contains(&m.ibge))
                .map_or(head, |m| m.zone);
            // When the visit was done (its last "done"), and whether a visit failed before.
            let done_at = history
                .iter()
                .rev()
                .find(|(s, _)| *s == OrderStatus::Done)
                .map(|(_, at)| *at)
                .filter(|_| row.status == OrderStatus::Done);
            let failed =
                done_at.is_some() && history.iter().any(|(s, _)| *s == OrderStatus::NotDone);
            let customer: String = r.try_get("customer_id")?;
            orders.push((row, zone, customer, done_at, failed));
        }

        // Repairs opened up to 30 days after the period's last visit, per customer.
        let until = period
            .to
            .checked_add_days(Days::new(REPEAT_DAYS as u64 + 2))
            .unwrap_or(period.to);
        let repairs = sqlx::query(
            "SELECT customer_id, number, created_at FROM work_orders
             WHERE kind = 'repair' AND created_at >= ? AND created_at < ?",
        )
        .bind(&from)
        .bind(until.to_string())
        .fetch_all(self.pool())
        .await?;
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
            .map(|(row, zone, customer, at, failed_before)| {
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
                }
            })
            .collect())
    }
}

/// `YYYY-MM-DD` as `dd/mm/aaaa`.
fn day_words(day: &str) -> String {
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_or_else(|_| day.to_owned(), |d| d.format("%d/%m/%Y").to_string())
}

impl FieldIndicators {
    /// The indicators as CSV (`;`-separated, decimal comma in Portuguese), one section per
    /// grouping.
    pub fn to_csv(&self, lang: Lang) -> String {
        let header = match lang {
            Lang::PtBr => {
                "agrupamento;item;ordens;no prazo;atrasadas;abertas no prazo;cumprimento %;visitas concluídas;concluídas na data;na data %;na primeira visita;primeira visita %;com retorno em 30 dias;retorno %"
            }
            Lang::En => {
                "grouping;item;orders;met;late;open on time;compliance %;visits done;done on the date;on the date %;at the first visit;first visit %;repeated within 30 days;repeat %"
            }
        };
        let pct = |p: Option<f64>| csv_decimal(p, lang);
        let sections: [(&str, &str, &[FieldRow]); 4] = [
            ("total", "total", std::slice::from_ref(&self.total)),
            ("etapa", "stage", &self.by_kind),
            ("técnico", "technician", &self.by_technician),
            ("semana", "week", &self.by_week),
        ];
        let mut out = String::from(header);
        out.push('\n');
        for (pt, en, rows) in sections {
            for r in rows {
                out.push_str(&format!(
                    "{};{};{};{};{};{};{};{};{};{};{};{};{};{}\n",
                    if lang == Lang::PtBr { pt } else { en },
                    csv_field(&r.label),
                    r.orders,
                    r.met,
                    r.late,
                    r.open,
                    pct(r.compliance_pct),
                    r.done,
                    r.done_on_date,
                    pct(r.on_date_pct),
                    r.first_visit,
                    pct(r.first_visit_pct),
                    r.repeated,
                    pct(r.repeat_pct),
                ));
            }
        }
        out
    }
}
