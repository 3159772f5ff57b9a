//! The indicators of the sale step (seed 002 "Monitoramento de KPIs"): of the sales first
//! sent in a period, how many were approved, installed and activated (an installation whose
//! plan has no SVA to activate counts as activated once installed); how long sales waited in
//! analysis (each round, from its sending to its decision); which reasons sent them back —
//! in all, per seller and per week, with a CSV.

use std::collections::BTreeMap;

use campo_domain::Lang;
use campo_domain::sale::RejectReason;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;

use super::read::SalePage;
use crate::indicators::IndicatorFilter;
use crate::{Store, StoreError};

/// One line of the funnel: in all, a seller, or a week.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FunnelRow {
    /// The seller's name, the week's first day (`YYYY-MM-DD`), or empty for the total.
    pub label: String,
    /// Sales first sent in the period.
    #[ts(type = "number")]
    pub entered: i64,
    /// Of those, approved.
    #[ts(type = "number")]
    pub approved: i64,
    /// Of those, installed (the installation done).
    #[ts(type = "number")]
    pub installed: i64,
    /// Of those, activated (the SVA activation passed, or a plan without one).
    #[ts(type = "number")]
    pub activated: i64,
    /// Of those, waiting in analysis now.
    #[ts(type = "number")]
    pub waiting: i64,
    /// Times any of them was rejected.
    #[ts(type = "number")]
    pub rejections: i64,
    /// Average hours from a sending to its decision (`None`: nothing decided yet).
    pub analysis_hours: Option<f64>,
}

/// How often a reason sent sales back.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReasonCount {
    /// The reason.
    pub reason: RejectReason,
    /// Rejections with it.
    #[ts(type = "number")]
    pub count: i64,
}

/// The sale step's indicators for a period.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SalesFunnel {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day.
    pub to: String,
    /// Every sale of the period.
    pub total: FunnelRow,
    /// Per seller, most sales first.
    pub by_seller: Vec<FunnelRow>,
    /// Per week (Monday first), oldest first.
    pub by_week: Vec<FunnelRow>,
    /// Rejection reasons, most frequent first.
    pub reasons: Vec<ReasonCount>,
}

#[derive(Default)]
struct Tally {
    row: FunnelRow,
    hours: Vec<f64>,
}

impl Tally {
    fn done(mut self, label: String) -> FunnelRow {
        self.row.label = label;
        self.row.analysis_hours = (!self.hours.is_empty())
            .then(|| self.hours.iter().sum::<f64>() / self.hours.len() as f64);
        self.row
    }
}

fn parse(at: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// A step of the funnel, to open the sales behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FunnelStep {
    /// Every sale sent in the period.
    Entered,
    /// Approved.
    Approved,
    /// Installed.
    Installed,
    /// Installed and, with an SVA, activated.
    Activated,
    /// Waiting for the back office now.
    Waiting,
    /// Rejected at least once.
    Rejected,
}

/// What the funnel knows of one sale.
struct SaleFact {
    id: String,
    seller: String,
    week: NaiveDate,
    status: String,
    installed: bool,
    activated: bool,
    hours: Vec<f64>,
    rejections: i64,
}

impl SaleFact {
    fn at(&self, step: FunnelStep) -> bool {
        match step {
            FunnelStep::Entered => true,
            FunnelStep::Approved => self.status == "approved",
            FunnelStep::Installed => self.installed,
            FunnelStep::Activated => self.activated,
            FunnelStep::Waiting => self.status == "in_analysis",
            FunnelStep::Rejected => self.rejections > 0,
        }
    }
}

/// At most this many sales behind a step are listed (the page says how many in all).
pub const FUNNEL_SALES_SHOWN: usize = 500;

impl Store {
    /// The funnel of the sales first sent from `from` to `to` (days where the provider is).
    pub async fn sales_funnel(&self, from: &str, to: &str) -> Result<SalesFunnel, StoreError> {
        let period = IndicatorFilter::period(from, to).checked()?;
        let (facts, reasons) = self.funnel_facts(period).await?;
        let mut total = Tally::default();
        let mut sellers: BTreeMap<String, Tally> = BTreeMap::new();
        let mut weeks: BTreeMap<NaiveDate, Tally> = BTreeMap::new();
        for f in &facts {
            for t in [
                &mut total,
                sellers.entry(f.seller.clone()).or_default(),
                weeks.entry(f.week).or_default(),
            ] {
                t.row.entered += 1;
                t.row.approved += i64::from(f.at(FunnelStep::Approved));
                t.row.waiting += i64::from(f.at(FunnelStep::Waiting));
                t.row.installed += i64::from(f.installed);
                t.row.activated += i64::from(f.activated);
                t.row.rejections += f.rejections;
                t.hours.extend(&f.hours);
            }
        }
        let mut by_seller: Vec<FunnelRow> =
            sellers.into_iter().map(|(name, t)| t.done(name)).collect();
        by_seller.sort_by(|a, b| b.entered.cmp(&a.entered).then(a.label.cmp(&b.label)));
        Ok(SalesFunnel {
            from: period.from.to_string(),
            to: period.to.to_string(),
            total: total.done(String::new()),
            by_seller,
            by_week: weeks
                .into_iter()
                .map(|(week, t)| t.done(week.to_string()))
                .collect(),
            reasons,
        })
    }

    /// The sales behind `step` of the funnel from `from` to `to`, the latest sent first.
    pub async fn funnel_sales(
        &self,
        from: &str,
        to: &str,
        step: FunnelStep,
    ) -> Result<SalePage, StoreError> {
        let period = IndicatorFilter::period(from, to).checked()?;
        let (facts, _) = self.funnel_facts(period).await?;
        let ids: Vec<&str> = facts
            .iter()
            .filter(|f| f.at(step))
            .map(|f| f.id.as_str())
            .collect();
        let sql = format!(
            "{} WHERE s.id IN (SELECT value FROM json_each(?)) ORDER BY s.first_sent_at DESC, s.id LIMIT ?",
            super::read::ROW
        );
        let rows = sqlx::query(&sql)
            .bind(serde_json::to_string(&ids)?)
            .bind(FUNNEL_SALES_SHOWN as i64)
            .fetch_all(self.pool())
            .await?;
        Ok(SalePage {
            rows: rows
                .iter()
                .map(super::read::row_of)
                .collect::<Result<_, _>>()?,
            total: i64::try_from(ids.len()).unwrap_or(i64::MAX),
        })
    }

    /// Every sale first sent in the period, with how far it went, its waits in analysis and
    /// its rejections; and the rejections' reasons, most frequent first.
    async fn funnel_facts(
        &self,
        period: crate::indicators::Period,
    ) -> Result<(Vec<SaleFact>, Vec<ReasonCount>), StoreError> {
        let zone = self.place().await?.zone();
        let (lo, hi) = self.instants(period).await?;
        let sales = sqlx::query(
            "SELECT s.id, s.seller_name, s.status, s.first_sent_at,
                    COALESCE(o.status = 'done', 0) AS installed,
                    COALESCE(p.has_iptv, 0) AS has_sva,
                    EXISTS (SELECT 1 FROM activations a WHERE a.order_id = s.order_id AND a.status = 'passed') AS activation_passed
             FROM sales s LEFT JOIN work_orders o ON o.id = s.order_id LEFT JOIN plans p ON p.id = s.plan_id
             WHERE s.first_sent_at >= ? AND s.first_sent_at < ?",
        )
        .bind(&lo)
        .bind(&hi)
        .fetch_all(self.pool())
        .await?;
        let events = sqlx::query(
            "SELECT e.sale_id, e.kind, e.reason, e.at FROM sale_events e JOIN sales s ON s.id = e.sale_id
             WHERE s.first_sent_at >= ? AND s.first_sent_at < ? ORDER BY e.sale_id, e.version",
        )
        .bind(&lo)
        .bind(&hi)
        .fetch_all(self.pool())
        .await?;
        // Hours waited and rejections of each sale.
        let mut waits: BTreeMap<String, (Vec<f64>, i64)> = BTreeMap::new();
        let mut reasons: BTreeMap<&'static str, (RejectReason, i64)> = BTreeMap::new();
        let mut sent: Option<(String, DateTime<Utc>)> = None;
        for e in &events {
            let sale: String = e.try_get("sale_id")?;
            let kind: String = e.try_get("kind")?;
            let at = parse(&e.try_get::<String, _>("at")?);
            let entry = waits.entry(sale.clone()).or_default();
            match kind.as_str() {
                "sent" => sent = at.map(|t| (sale.clone(), t)),
                "approved" | "rejected" => {
                    if let (Some((s, since)), Some(at)) = (&sent, at)
                        && *s == sale
                    {
                        entry.0.push((at - *since).num_minutes() as f64 / 60.0);
                    }
                    sent = None;
                    if kind == "rejected" {
                        entry.1 += 1;
                        let reason: Option<String> = e.try_get("reason")?;
                        if let Some(r) = reason.as_deref().and_then(RejectReason::from_code) {
                            reasons.entry(r.code()).or_insert((r, 0)).1 += 1;
                        }
                    }
                }
                _ => {}
            }
        }
        let mut facts = Vec::with_capacity(sales.len());
        for s in &sales {
            let id: String = s.try_get("id")?;
            let installed: bool = s.try_get("installed")?;
            let activated = installed
                && (!s.try_get::<bool, _>("has_sva")?
                    || s.try_get::<bool, _>("activation_passed")?);
            let day = parse(&s.try_get::<String, _>("first_sent_at")?)
                .map(|t| t.with_timezone(&zone).date_naive())
                .unwrap_or(period.from);
            let (hours, rejections) = waits.remove(&id).unwrap_or_default();
            facts.push(SaleFact {
                id,
                seller: s.try_get("seller_name")?,
                week: day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday())),
                status: s.try_get("status")?,
                installed,
                activated,
                hours,
                rejections,
            });
        }
        let mut reasons: Vec<ReasonCount> = reasons
            .into_values()
            .map(|(reason, count)| ReasonCount { reason, count })
            .collect();
        reasons.sort_by_key(|r| std::cmp::Reverse(r.count));
        Ok((facts, reasons))
    }
}

impl SalesFunnel {
    /// The funnel as a `;` CSV (Excel in Brazil opens it as is), headers in `lang`.
    pub fn to_csv(&self, lang: Lang) -> String {
        let mut sheet = crate::sheet::Sheet::new(match lang {
            Lang::PtBr => {
                "agrupamento;item;vendas;aprovadas;instaladas;ativadas;em análise;reprovações;horas em análise (média)"
            }
            Lang::En => {
                "grouping;item;sales;approved;installed;activated;in analysis;rejections;hours in analysis (average)"
            }
        });
        let hours = |h: Option<f64>| crate::sheet::decimal(h, lang);
        let sections: [(&str, &str, &[FunnelRow]); 3] = [
            ("total", "total", std::slice::from_ref(&self.total)),
            ("vendedor", "seller", &self.by_seller),
            ("semana", "week", &self.by_week),
        ];
        for (pt, en, rows) in sections {
            for r in rows {
                sheet.row(&[
                    &if lang == Lang::PtBr { pt } else { en },
                    &r.label,
                    &r.entered,
                    &r.approved,
                    &r.installed,
                    &r.activated,
                    &r.waiting,
                    &r.rejections,
                    &hours(r.analysis_hours),
                ]);
            }
        }
        let reason = if lang == Lang::PtBr {
            "motivo"
        } else {
            "reason"
        };
        for r in &self.reasons {
            sheet.row(&[&reason, &r.reason.label(lang), &r.count]);
        }
        sheet.text()
    }
}
