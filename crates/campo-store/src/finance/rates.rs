//! The default rate: per month, and a month split by city, plan, seller or SVA; the figures
//! behind the chart as a CSV.

use campo_domain::finance::{self};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{as_of, month_bounds, overdue, owed};
use crate::{Store, StoreError};

/// The default rate of a month, or of a group within it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Rate {
    /// The month (`YYYY-MM`) or the group's name.
    pub label: String,
    /// Customers with a receivable due in the month (active customers).
    #[ts(type = "number")]
    pub customers: i64,
    /// Of them, those with one overdue at the month's end (or today, for this month).
    #[ts(type = "number")]
    pub customers_late: i64,
    /// Amount due in the month, cents.
    #[ts(type = "number")]
    pub due_cents: i64,
    /// Of it, what was overdue at the month's end (or today), cents.
    #[ts(type = "number")]
    pub late_cents: i64,
    /// Customers late over customers: `None` when nothing was due (no data, not 0%).
    pub customer_rate: Option<f64>,
    /// Amount overdue over amount due.
    pub amount_rate: Option<f64>,
}

impl Rate {
    fn new(label: String, customers: i64, customers_late: i64, due: i64, late: i64) -> Rate {
        Rate {
            label,
            customers,
            customers_late,
            due_cents: due,
            late_cents: late,
            customer_rate: finance::share(customers_late, customers),
            amount_rate: finance::share(late, due),
        }
    }
}

/// What a breakdown of the default rate groups customers by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RateBy {
    /// Municipality.
    City,
    /// The customer's current plan.
    Plan,
    /// The seller of the customer's sale.
    Seller,
    /// With IPTV or without (the seed follows IPTV customers apart).
    Sva,
}

impl Store {
    /// The default rate of each of `months` (`YYYY-MM`), judged on each month's last day (on
    /// `today` for this month): a receivable paid after its month ended still counts as
    /// overdue in it.
    pub async fn default_rates(
        &self,
        months: &[String],
        today: NaiveDate,
    ) -> Result<Vec<Rate>, StoreError> {
        let this_month = today.format("%Y-%m").to_string();
        let mut out = Vec::with_capacity(months.len());
        for month in months {
            let (first, last) = month_bounds(month).ok_or(StoreError::Validation(
                campo_domain::ValidationError::Date(campo_domain::Field::PeriodStart),
            ))?;
            // A month that has ended reads the same until a receivable of it changes: kept.
            let ended = *month < this_month;
            if ended
                && let Some((customers, late, due, owed)) = sqlx::query_as::<_, (i64, i64, i64, i64)>(
                    "SELECT customers, customers_late, due_cents, late_cents FROM default_rate_months WHERE month = ?",
                )
                .bind(month)
                .fetch_optional(self.pool())
                .await?
            {
                out.push(Rate::new(month.clone(), customers, late, due, owed));
                continue;
            }
            let (late_if, owed_sum) = (overdue("?3"), owed("?3"));
            let sql = format!(
                "SELECT COUNT(DISTINCT r.customer_id), COUNT(DISTINCT CASE WHEN {late_if} THEN r.customer_id END),
                        COALESCE(SUM(r.amount_cents), 0), COALESCE(SUM(CASE WHEN {late_if} THEN {owed_sum} ELSE 0 END), 0)
                 FROM receivables r WHERE r.due_on BETWEEN ?1 AND ?2 AND r.status <> 'cancelled'"
            );
            let (customers, late, due, owed): (i64, i64, i64, i64) = sqlx::query_as(&sql)
                .bind(first.to_string())
                .bind(last.to_string())
                .bind(as_of(last, today).to_string())
                .fetch_one(self.pool())
                .await?;
            if ended {
                // Derived data, like a search index: a failure to keep it only costs time.
                if let Err(e) = sqlx::query(
                    "INSERT OR REPLACE INTO default_rate_months (month, customers, customers_late, due_cents, late_cents) VALUES (?, ?, ?, ?, ?)",
                )
                .bind(month)
                .bind(customers)
                .bind(late)
                .bind(due)
                .bind(owed)
                .execute(self.pool())
                .await
                {
                    tracing::warn!(error = %e, month, "could not keep a month's default rate");
                }
            }
            out.push(Rate::new(month.clone(), customers, late, due, owed));
        }
        Ok(out)
    }

    /// A month's default rate by city, plan, seller or SVA, largest groups first. Customers
    /// with no plan or no seller known are grouped under an empty label.
    pub async fn default_rate_by(
        &self,
        month: &str,
        by: RateBy,
        today: NaiveDate,
    ) -> Result<Vec<Rate>, StoreError> {
        let (first, last) = month_bounds(month).ok_or(StoreError::Validation(
            campo_domain::ValidationError::Date(campo_domain::Field::PeriodStart),
        ))?;
        let label = group_label(by, "c.customer_id");
        let (late_if, owed_sum) = (overdue("?3"), owed("?3"));
        // Each customer's month first (one row each, from the covering index), then the
        // label looked up once per customer, materialised before grouping by it.
        let sql = format!(
            "WITH per AS (SELECT r.customer_id AS customer_id, MAX({late_if}) AS late, SUM(r.amount_cents) AS due,
                                 SUM(CASE WHEN {late_if} THEN {owed_sum} ELSE 0 END) AS owed
                          FROM receivables r WHERE r.due_on BETWEEN ?1 AND ?2 AND r.status <> 'cancelled'
                          GROUP BY r.customer_id),
                  g AS MATERIALIZED (SELECT c.late, c.due, c.owed, {label} AS label FROM per c)
             SELECT label, COUNT(*), SUM(late), SUM(due), SUM(owed) FROM g
             GROUP BY label ORDER BY 2 DESC, 1"
        );
        let rows: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(&sql)
            .bind(first.to_string())
            .bind(last.to_string())
            .bind(as_of(last, today).to_string())
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .into_iter()
            .map(|(l, c, cl, d, o)| Rate::new(l, c, cl, d, o))
            .collect())
    }
}

/// The default rate as a CSV (`;`, the person's language): the months, then a month's groups
/// by each of `by` — the figures behind the chart, for a spreadsheet.
pub fn rates_csv(
    months: &[Rate],
    groups: &[(RateBy, Vec<Rate>)],
    lang: campo_domain::Lang,
) -> String {
    use campo_domain::Lang;
    let pct = |v: Option<f64>| crate::sheet::decimal(v.map(|v| v * 100.0), lang);
    let money = |cents: i64| {
        let sep = if lang == Lang::PtBr { ',' } else { '.' };
        format!("{}{sep}{:02}", cents / 100, cents % 100)
    };
    let mut sheet = crate::sheet::Sheet::new(match lang {
        Lang::PtBr => {
            "agrupamento;item;clientes com título;clientes em atraso;clientes em atraso %;valor devido (R$);valor em atraso (R$);valor em atraso %"
        }
        Lang::En => {
            "grouping;item;customers billed;customers late;customers late %;amount due (R$);amount overdue (R$);amount overdue %"
        }
    });
    let by_name = |by: RateBy| match (by, lang) {
        (RateBy::City, Lang::PtBr) => "município",
        (RateBy::City, Lang::En) => "municipality",
        (RateBy::Plan, Lang::PtBr) => "plano",
        (RateBy::Plan, Lang::En) => "plan",
        (RateBy::Seller, Lang::PtBr) => "vendedor",
        (RateBy::Seller, Lang::En) => "seller",
        (RateBy::Sva, _) => "SVA",
    };
    let month = if lang == Lang::PtBr { "mês" } else { "month" };
    let sections = std::iter::once((month, months)).chain(
        groups
            .iter()
            .map(|(by, list)| (by_name(*by), list.as_slice())),
    );
    for (grouping, rows) in sections {
        for r in rows {
            sheet.row(&[
                &grouping,
                &label_words(grouping, &r.label, lang),
                &r.customers,
                &r.customers_late,
                &pct(r.customer_rate),
                &money(r.due_cents),
                &money(r.late_cents),
                &pct(r.amount_rate),
            ]);
        }
    }
    sheet.text()
}

/// A group's label as a person reads it: the SVA groups' codes and the customers with no plan
/// or seller known, in words (the chart says the same).
fn label_words(grouping: &str, label: &str, lang: campo_domain::Lang) -> String {
    use campo_domain::Lang::{En, PtBr};
    match (grouping, label, lang) {
        (_, "", PtBr) => "(não informado)".into(),
        (_, "", En) => "(not given)".into(),
        ("SVA", "iptv", PtBr) => "Com IPTV".into(),
        ("SVA", "iptv", En) => "With IPTV".into(),
        ("SVA", "none", PtBr) => "Sem IPTV".into(),
        ("SVA", "none", En) => "Without IPTV".into(),
        (_, other, _) => other.to_owned(),
    }
}

/// A line of the default rate by city, plan, seller or SVA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RateGroup {
    /// How the month was split.
    pub by: RateBy,
    /// The line's label (empty: not informed).
    pub label: String,
}

/// The SQL giving the label of the customer `customer` (an SQL expression) in a split `by`.
pub(super) fn group_label(by: RateBy, customer: &str) -> String {
    let plan = format!(
        "(SELECT w.plan_id FROM work_orders w WHERE w.customer_id = {customer} ORDER BY w.created_at DESC LIMIT 1)"
    );
    let label = match by {
        RateBy::City => {
            format!("(SELECT k.city || '/' || k.uf FROM customers k WHERE k.id = {customer})")
        }
        RateBy::Plan => format!("(SELECT p.name FROM plans p WHERE p.id = {plan})"),
        RateBy::Seller => format!(
            "(SELECT s.seller_name FROM sales s WHERE s.customer_id = {customer} ORDER BY s.decided_at DESC LIMIT 1)"
        ),
        RateBy::Sva => format!(
            "(SELECT CASE WHEN p.has_iptv THEN 'iptv' ELSE 'none' END FROM plans p WHERE p.id = {plan})"
        ),
    };
    format!("COALESCE({label}, '')")
}
