//! Deadline compliance reports: for the visits scheduled in a date range, how many met their
//! deadline, per order kind (the stage of the provider's work it belongs to), per technician
//! and per week — and the share of visits done on the scheduled date (ANATEL's quality
//! indicator) — with a CSV of the same table.

use std::collections::BTreeMap;

use campo_domain::{Lang, OrderKind, OrderStatus};
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;

use crate::agenda::day_arg;
use crate::views::{DeadlineState, OrderFilter, OrderRow, SortDir, SortKey};
use crate::{Store, StoreError};

/// Longest range a report covers (a year).
pub const MAX_REPORT_DAYS: i64 = 366;

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ComplianceRow {
    /// What the line counts (a kind, a technician, a week, or the total).
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
}

impl ComplianceRow {
    fn new(label: String) -> Self {
        ComplianceRow {
            label,
            orders: 0,
            met: 0,
            late: 0,
            open: 0,
            compliance_pct: None,
            done: 0,
            done_on_date: 0,
            on_date_pct: None,
        }
    }

    fn add(&mut self, order: &OrderRow, done_on: Option<NaiveDate>) {
        match order.deadline_state {
            Some(DeadlineState::Met) => self.met += 1,
            Some(DeadlineState::Missed | DeadlineState::Breached) => self.late += 1,
            Some(DeadlineState::OnTrack | DeadlineState::AtRisk) => self.open += 1,
            None => return,
        }
        self.orders += 1;
        if order.status == OrderStatus::Done {
            self.done += 1;
            let scheduled = order
                .scheduled_date
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            if done_on.is_some() && done_on == scheduled {
                self.done_on_date += 1;
            }
        }
    }

    fn finish(mut self) -> Self {
        let pct =
            |a: u32, b: u32| (b > 0).then(|| (f64::from(a) * 1000.0 / f64::from(b)).round() / 10.0);
        self.compliance_pct = pct(self.met, self.met + self.late);
        self.on_date_pct = pct(self.done_on_date, self.done);
        self
    }
}

/// The report for a date range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ComplianceReport {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
    /// Every order of the range.
    pub total: ComplianceRow,
    /// Per order kind.
    pub by_kind: Vec<ComplianceRow>,
    /// Per technician, by name.
    pub by_technician: Vec<ComplianceRow>,
    /// Per week (Monday to Sunday), in order.
    pub by_week: Vec<ComplianceRow>,
}

impl Store {
    /// Compliance of the visits scheduled from `from` to `to` (`YYYY-MM-DD`, both included,
    /// at most a year): deadlines met, late or still open, and visits done on their date.
    pub async fn compliance_report(
        &self,
        from: &str,
        to: &str,
        lang: Lang,
    ) -> Result<ComplianceReport, StoreError> {
        let from = day_arg(from, campo_domain::Field::PeriodStart)?;
        let to = day_arg(to, campo_domain::Field::PeriodEnd)?;
        if to < from || (to - from).num_days() >= MAX_REPORT_DAYS {
            return Err(StoreError::Report(match lang {
                Lang::PtBr => {
                    "O período precisa terminar depois de começar e ter até um ano".into()
                }
                Lang::En => "The period must end after it starts and span at most a year".into(),
            }));
        }
        let orders = self
            .all_orders(&OrderFilter {
                statuses: vec![
                    OrderStatus::Scheduled,
                    OrderStatus::EnRoute,
                    OrderStatus::InProgress,
                    OrderStatus::Done,
                    OrderStatus::NotDone,
                ],
                date_from: Some(from.to_string()),
                date_to: Some(to.to_string()),
                sort: SortKey::Number,
                dir: SortDir::Asc,
                ..OrderFilter::default()
            })
            .await?;
        // When each visit was done: the day of its last "done" event where it happened (the
        // customer's municipality when the provider serves it, else the head office).
        let done_rows = sqlx::query(
            "SELECT o.id, max(e.at) AS at, c.city, c.uf
             FROM work_orders o JOIN order_events e ON e.order_id = o.id
             JOIN customers c ON c.id = o.customer_id
             WHERE o.status = 'done' AND e.to_status = 'done' AND o.scheduled_date BETWEEN ? AND ?
             GROUP BY o.id",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.pool())
        .await?;
        let head = self.place().await?.zone();
        let served = self
            .provider_profile()
            .await?
            .map(|p| p.municipalities)
            .unwrap_or_default();
        let mut done_on = std::collections::HashMap::new();
        for r in done_rows {
            let at: String = r.try_get("at")?;
            let (city, uf): (String, String) = (r.try_get("city")?, r.try_get("uf")?);
            let zone = campo_domain::municipality::find(&city, &uf)
                .filter(|m| served.contains(&m.ibge))
                .map_or(head, |m| m.zone);
            if let Ok(at) = chrono::DateTime::parse_from_rfc3339(&at) {
                done_on.insert(
                    r.try_get::<String, _>("id")?,
                    at.with_timezone(&zone).date_naive(),
                );
            }
        }
        let mut total = ComplianceRow::new("Total".into());
        let mut kinds: BTreeMap<u8, ComplianceRow> = BTreeMap::new();
        let mut techs: BTreeMap<String, ComplianceRow> = BTreeMap::new();
        let mut weeks: BTreeMap<NaiveDate, ComplianceRow> = BTreeMap::new();
        for o in &orders {
            let done = done_on.get(&o.id).copied();
            total.add(o, done);
            let k = OrderKind::ALL
                .iter()
                .position(|k| *k == o.kind)
                .unwrap_or(0) as u8;
            kinds
                .entry(k)
                .or_insert_with(|| ComplianceRow::new(o.kind.label(lang).into()))
                .add(o, done);
            let name = o.technician_name.clone().unwrap_or_else(|| match lang {
                Lang::PtBr => "Sem técnico".into(),
                Lang::En => "No technician".into(),
            });
            techs
                .entry(name.clone())
                .or_insert_with(|| ComplianceRow::new(name))
                .add(o, done);
            if let Some(day) = o
                .scheduled_date
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            {
                let monday = day
                    .checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))
                    .unwrap_or(day);
                weeks
                    .entry(monday)
                    .or_insert_with(|| {
                        ComplianceRow::new(match lang {
                            Lang::PtBr => format!("Semana de {}", monday.format("%d/%m/%Y")),
                            Lang::En => format!("Week of {}", monday.format("%d/%m/%Y")),
                        })
                    })
                    .add(o, done);
            }
        }
        Ok(ComplianceReport {
            from: from.to_string(),
            to: to.to_string(),
            total: total.finish(),
            by_kind: kinds.into_values().map(ComplianceRow::finish).collect(),
            by_technician: techs.into_values().map(ComplianceRow::finish).collect(),
            by_week: weeks.into_values().map(ComplianceRow::finish).collect(),
        })
    }
}

/// A figure with one decimal for a `;` CSV: a decimal comma in Portuguese (Excel in Brazil
/// reads it so), empty when there is none.
/// A CSV cell: quoted when it holds the separator, a quote or a line break.
pub(crate) fn csv_field(text: &str) -> String {
    if text.contains([';', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

pub(crate) fn csv_decimal(value: Option<f64>, lang: Lang) -> String {
    value
        .map(|v| {
            let s = format!("{v:.1}");
            if lang == Lang::PtBr {
                s.replace('.', ",")
            } else {
                s
            }
        })
        .unwrap_or_default()
}

impl ComplianceReport {
    /// The report as CSV (`;`-separated, decimal comma in Portuguese), one section per grouping.
    pub fn to_csv(&self, lang: Lang) -> String {
        let header = match lang {
            Lang::PtBr => {
                "agrupamento;item;ordens;no prazo;atrasadas;abertas no prazo;cumprimento %;visitas concluídas;concluídas na data;na data %"
            }
            Lang::En => {
                "grouping;item;orders;met;late;open on time;compliance %;visits done;done on the date;on the date %"
            }
        };
        let pct = |p: Option<f64>| csv_decimal(p, lang);
        let sections: [(&str, &str, &[ComplianceRow]); 4] = [
            ("total", "total", std::slice::from_ref(&self.total)),
            ("etapa", "stage", &self.by_kind),
            ("técnico", "technician", &self.by_technician),
            ("semana", "week", &self.by_week),
        ];
        let mut out = String::from(header);
        out.push('\n');
        for (pt, en, rows) in sections {
            for r in rows {
                let label = r.label.replace(';', ",");
                out.push_str(&format!(
                    "{};{label};{};{};{};{};{};{};{};{}\n",
                    if lang == Lang::PtBr { pt } else { en },
                    r.orders,
                    r.met,
                    r.late,
                    r.open,
                    pct(r.compliance_pct),
                    r.done,
                    r.done_on_date,
                    pct(r.on_date_pct),
                ));
            }
        }
        out
    }
}
