//! The field's indicators for the visits scheduled in a period: deadlines met, visits done on
//! the scheduled date (ANATEL counts those), done at the first visit (no failed visit before),
//! and repeat visits (a repair opened for the same customer within 30 days of a visit done) —
//! in all, per order kind (the stage of the provider's work), per technician and per week,
//! with a CSV of the same table. Every figure opens to the orders behind it.

use std::collections::BTreeMap;

use campo_domain::{Lang, OrderKind};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::visits::{self, Counts, FigureLine};
use super::{IndicatorFilter, pct};
use crate::sheet::{Sheet, decimal};
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

    fn add(&mut self, c: Counts) {
        self.orders += c.orders;
        self.met += c.met;
        self.late += c.late;
        self.open += c.open;
        self.done += c.done;
        self.done_on_date += c.done_on_date;
        self.first_visit += c.first_visit;
        self.repeated += c.repeated;
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
        let period = filter.checked()?;
        let year = self.keep_visits(period).await?;
        // The kept sums and the visits judged now, read as of one moment.
        let mut read = self.pool().begin().await?;
        let kept = visits::kept_sums(&mut read, filter, period, year).await?;
        let open = visits::open_visits(&mut read, filter, period, None, year).await?;
        read.commit().await?;
        let mut total = FieldRow::new("total".into(), "Total".into());
        let mut kinds: BTreeMap<usize, FieldRow> = BTreeMap::new();
        let mut techs: BTreeMap<(String, String), FieldRow> = BTreeMap::new();
        let mut weeks: BTreeMap<String, FieldRow> = BTreeMap::new();
        let no_technician = || match lang {
            Lang::PtBr => "Sem técnico".to_owned(),
            Lang::En => "No technician".to_owned(),
        };
        // Every line a visit adds to: the total, its kind, its technician, its week.
        let mut add = |grouping: FieldGrouping, key: String, name: Option<String>, c: Counts| {
            match grouping {
                FieldGrouping::Total => total.add(c),
                FieldGrouping::Kind => {
                    let Some(kind) = OrderKind::from_code(&key) else {
                        return;
                    };
                    let at = OrderKind::ALL.iter().position(|k| *k == kind);
                    kinds
                        .entry(at.unwrap_or(0))
                        .or_insert_with(|| FieldRow::new(key, kind.label(lang).into()))
                        .add(c);
                }
                FieldGrouping::Technician => {
                    let name = name.unwrap_or_else(no_technician);
                    techs
                        .entry((name.clone(), key.clone()))
                        .or_insert_with(|| FieldRow::new(key, name))
                        .add(c);
                }
                FieldGrouping::Week => {
                    if key.is_empty() {
                        return;
                    }
                    let label = match lang {
                        Lang::PtBr => format!("Semana de {}", day_words(&key)),
                        Lang::En => format!("Week of {}", day_words(&key)),
                    };
                    weeks
                        .entry(key.clone())
                        .or_insert_with(|| FieldRow::new(key, label))
                        .add(c);
                }
            }
        };
        for s in kept {
            add(s.grouping, s.key, s.technician_name, s.counts);
        }
        for f in &open {
            let c = Counts::of(f);
            for g in [
                FieldGrouping::Total,
                FieldGrouping::Kind,
                FieldGrouping::Technician,
                FieldGrouping::Week,
            ] {
                add(g, f.key(g), f.row.technician_name.clone(), c);
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
    ) -> Result<FigureOrders, StoreError> {
        // Only the line's orders are read: its kind, its technician, its week (the line's
        // own test below still decides).
        let mut period = filter.checked()?;
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
        let year = self.keep_visits(period).await?;
        let line = FigureLine {
            figure,
            grouping,
            key,
        };
        let mut read = self.pool().begin().await?;
        let (kept, kept_total, kept_against) = visits::kept_figure(
            &mut read,
            &narrowed,
            period,
            year,
            line,
            FIGURE_ORDERS_SHOWN,
        )
        .await?;
        let open = visits::open_visits(&mut read, &narrowed, period, kind, year).await?;
        read.commit().await?;
        let mut rows: Vec<(bool, FigureOrder)> = open
            .iter()
            .filter(|f| f.key(grouping) == key)
            .filter_map(|f| {
                let against = f.judge(figure)?;
                Some((
                    against,
                    FigureOrder {
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
                    },
                ))
            })
            .collect();
        let total = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        let against = u32::try_from(rows.iter().filter(|(a, _)| *a).count()).unwrap_or(u32::MAX);
        rows.extend(kept);
        rows.sort_by(|(a, x), (b, y)| {
            b.cmp(a)
                .then_with(|| y.scheduled_date.cmp(&x.scheduled_date))
                .then_with(|| y.number.cmp(&x.number))
        });
        rows.truncate(FIGURE_ORDERS_SHOWN);
        Ok(FigureOrders {
            rows: rows.into_iter().map(|(_, o)| o).collect(),
            total: total.saturating_add(kept_total),
            against: against.saturating_add(kept_against),
        })
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
        let pct = |p: Option<f64>| decimal(p, lang);
        let sections: [(&str, &str, &[FieldRow]); 4] = [
            ("total", "total", std::slice::from_ref(&self.total)),
            ("etapa", "stage", &self.by_kind),
            ("técnico", "technician", &self.by_technician),
            ("semana", "week", &self.by_week),
        ];
        let mut sheet = Sheet::new(header);
        for (pt, en, rows) in sections {
            for r in rows {
                sheet.row(&[
                    &if lang == Lang::PtBr { pt } else { en },
                    &r.label,
                    &r.orders,
                    &r.met,
                    &r.late,
                    &r.open,
                    &pct(r.compliance_pct),
                    &r.done,
                    &r.done_on_date,
                    &pct(r.on_date_pct),
                    &r.first_visit,
                    &pct(r.first_visit_pct),
                    &r.repeated,
                    &pct(r.repeat_pct),
                ]);
            }
        }
        sheet.text()
    }
}
