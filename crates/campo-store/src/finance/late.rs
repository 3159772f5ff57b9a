//! The customers late now (or at a month's end), the most owed first, with where the
//! non-payment steps stand and the last contact; a month's late customers kept once it ended.

use std::collections::HashMap;

use campo_domain::finance::{self, Channel, ContactOutcome, NonPaymentStep, StepAfter};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;

use super::rates::{RateGroup, group_label};
use super::{as_of, day_of, month_bounds, overdue, owed};
use crate::{Store, StoreError};

/// A customer late now, with where the non-payment steps stand and the last contact.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LateCustomer {
    /// The customer.
    pub customer_id: String,
    /// Name.
    pub name: String,
    /// First phone.
    pub phone1: String,
    /// Second phone.
    pub phone2: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Municipality.
    pub city: String,
    /// Overdue receivables.
    #[ts(type = "number")]
    pub overdue: i64,
    /// What they owe of them, cents.
    #[ts(type = "number")]
    pub owed_cents: i64,
    /// The oldest overdue due date.
    pub oldest_due: String,
    /// Days since then.
    #[ts(type = "number")]
    pub days_late: i64,
    /// The latest non-payment step those days allow.
    pub step: Option<NonPaymentStep>,
    /// The next one.
    pub next_step: Option<NonPaymentStep>,
    /// Days until it.
    #[ts(type = "number | null")]
    pub days_to_next: Option<i64>,
    /// The last contact.
    pub last_contact: Option<ContactView>,
    /// A promise to pay whose date has passed while they are still late.
    pub promise_broken: bool,
}

/// A contact with a customer.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactView {
    /// The contact.
    pub id: String,
    /// How.
    pub channel: Channel,
    /// What came of it.
    pub outcome: ContactOutcome,
    /// The date promised.
    pub promised_on: Option<String>,
    /// A note.
    pub note: String,
    /// Who.
    pub by_name: String,
    /// When.
    pub at: String,
}

/// How many late customers the list shows at once (the most owed first).
pub const LATE_SHOWN: usize = 200;

/// The late customers shown, and all of them counted.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LatePage {
    /// The first [`LATE_SHOWN`], the most owed first.
    pub rows: Vec<LateCustomer>,
    /// How many customers are late in all.
    #[ts(type = "number")]
    pub total: i64,
    /// What they owe in all, cents.
    #[ts(type = "number")]
    pub owed_cents: i64,
}

/// Which late customers the list shows.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct LateQuery {
    /// Only those late on a receivable due in this month (`YYYY-MM`), judged at its end.
    pub month: Option<String>,
    /// Text in the name or the municipality.
    pub text: Option<String>,
    /// Only the customers of one line of the month's default rate by city, plan, seller or
    /// SVA (as [`Store::default_rate_by`] labels it).
    #[serde(default)]
    pub group: Option<RateGroup>,
}

pub(super) fn contact_of(row: &sqlx::sqlite::SqliteRow) -> Result<ContactView, StoreError> {
    let channel: String = row.try_get("channel")?;
    let outcome: String = row.try_get("outcome")?;
    Ok(ContactView {
        id: row.try_get("id")?,
        channel: Channel::from_code(&channel)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown channel {channel}").into()))?,
        outcome: ContactOutcome::from_code(&outcome)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown outcome {outcome}").into()))?,
        promised_on: row.try_get("promised_on")?,
        note: row.try_get("note")?,
        by_name: row.try_get("by_name")?,
        at: row.try_get("at")?,
    })
}

impl Store {
    /// The late customers of `month` (ended) kept, computed by `late` over the month's
    /// bounds and day when they are not yet; returns how many and how much in all.
    async fn keep_late_month(
        &self,
        month: &str,
        late: &str,
        (first, last, on): (&str, &str, NaiveDate),
    ) -> Result<(i64, i64), StoreError> {
        if let Some(kept) = sqlx::query_as::<_, (i64, i64)>(
            "SELECT customers, owed_cents FROM late_months_kept WHERE month = ?",
        )
        .bind(month)
        .fetch_optional(self.pool())
        .await?
        {
            return Ok(kept);
        }
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM late_months WHERE month = ?")
            .bind(month)
            .execute(&mut *tx)
            .await?;
        sqlx::query(&format!(
            "INSERT INTO late_months (month, customer_id, overdue, owed_cents, oldest_due)
             SELECT ?4, customer_id, overdue, owed, oldest FROM ({late})"
        ))
        .bind(first)
        .bind(last)
        .bind(on.to_string())
        .bind(month)
        .execute(&mut *tx)
        .await?;
        let kept: (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COALESCE(SUM(owed_cents), 0) FROM late_months WHERE month = ?",
        )
        .bind(month)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT OR REPLACE INTO late_months_kept (month, customers, owed_cents) VALUES (?, ?, ?)")
            .bind(month)
            .bind(kept.0)
            .bind(kept.1)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(kept)
    }

    /// Customers with a receivable overdue on `today` (or, for `query.month`, at that month's
    /// end), the most owed first, with the non-payment `steps` their oldest debt reached: the
    /// first [`LATE_SHOWN`], and how many there are in all.
    pub async fn late_customers(
        &self,
        query: &LateQuery,
        today: NaiveDate,
        steps: &[StepAfter],
    ) -> Result<LatePage, StoreError> {
        let (first, last, on) = match query.month.as_deref() {
            Some(m) => {
                let (f, l) = month_bounds(m).ok_or(StoreError::Validation(
                    campo_domain::ValidationError::Date(campo_domain::Field::PeriodStart),
                ))?;
                (f.to_string(), l.to_string(), as_of(l, today))
            }
            None => ("0000-01-01".to_owned(), today.to_string(), today),
        };
        let owed_sum = owed("?3");
        // Overdue on the day: for a month, among its receivables (the covering index); for
        // today, the unpaid ones and any paid after today, each through its own index.
        let overdue_rows = if query.month.is_some() {
            format!(
                "SELECT r.customer_id, r.due_on, r.amount_cents, r.status, r.paid_on, r.paid_cents
                 FROM receivables r WHERE r.due_on BETWEEN ?1 AND ?2 AND {}",
                overdue("?3")
            )
        } else {
            "SELECT customer_id, due_on, amount_cents, status, paid_on, paid_cents FROM receivables INDEXED BY receivables_unpaid
              WHERE status IN ('open', 'partial') AND due_on BETWEEN ?1 AND ?2 AND due_on < ?3
             UNION ALL
             SELECT customer_id, due_on, amount_cents, status, paid_on, paid_cents FROM receivables INDEXED BY receivables_paid
              WHERE status = 'paid' AND paid_on > ?3 AND due_on BETWEEN ?1 AND ?2 AND due_on < ?3"
                .to_owned()
        };
        let needle = query
            .text
            .as_deref()
            .map(campo_domain::text::fold)
            .filter(|t| !t.is_empty());
        // A search narrows in words (accents folded) here; without one, SQL keeps the page, and
        // only the page's customers are read.
        let limit = if needle.is_some() {
            i64::MAX
        } else {
            LATE_SHOWN as i64
        };
        // One line of the month split by city, plan, seller or SVA: its customers only.
        let only = query
            .group
            .as_ref()
            .map(|g| format!(" HAVING {} = ?5", group_label(g.by, "r.customer_id")))
            .unwrap_or_default();
        let late = format!(
            "WITH od AS ({overdue_rows})
             SELECT r.customer_id AS customer_id, COUNT(*) AS overdue, SUM({owed_sum}) AS owed, MIN(r.due_on) AS oldest
             FROM od r GROUP BY r.customer_id{only}"
        );
        // A month that has ended reads the same until a receivable of it changes: its late
        // customers are kept, and its page is the first rows of their index.
        let kept_month = query
            .month
            .as_deref()
            .filter(|m| needle.is_none() && *m < today.format("%Y-%m").to_string().as_str());
        // The whole month is what is kept; a line of its split reads its own customers there.
        let whole_month = format!(
            "WITH od AS ({overdue_rows})
             SELECT r.customer_id AS customer_id, COUNT(*) AS overdue, SUM({owed_sum}) AS owed, MIN(r.due_on) AS oldest
             FROM od r GROUP BY r.customer_id"
        );
        let kept = match kept_month {
            // Derived data, like a search index: when it cannot be kept (the database busy
            // writing), the month is read from its receivables.
            Some(month) => match self
                .keep_late_month(month, &whole_month, (&first, &last, on))
                .await
            {
                Ok(totals) => Some((month, totals)),
                Err(e) => {
                    tracing::warn!(error = %e, month, "could not keep a month's late customers");
                    None
                }
            },
            None => None,
        };
        let rows = match (kept, &query.group) {
            // One line of an ended month's split: its customers among the month's kept ones.
            (Some((month, _)), Some(g)) => {
                sqlx::query(&format!(
                    "WITH line AS (SELECT l.customer_id, l.overdue, l.owed_cents, l.oldest_due FROM late_months l
                                   WHERE l.month = ?1 AND {} = ?3),
                          top AS (SELECT line.*, COUNT(*) OVER () AS total, SUM(line.owed_cents) OVER () AS all_owed
                                  FROM line ORDER BY line.owed_cents DESC, line.oldest_due, line.customer_id LIMIT ?2)
                     SELECT top.customer_id, top.overdue, top.owed_cents AS owed, top.oldest_due AS oldest,
                            top.total, top.all_owed, k.name, k.phone1, k.phone2, k.email, k.city
                     FROM top JOIN customers k ON k.id = top.customer_id
                     ORDER BY top.owed_cents DESC, top.oldest_due, top.customer_id",
                    group_label(g.by, "l.customer_id")
                ))
                .bind(month)
                .bind(limit)
                .bind(&g.label)
                .fetch_all(self.pool())
                .await?
            }
            (Some((month, (total, all_owed))), None) => {
                sqlx::query(
                    "SELECT l.customer_id, l.overdue, l.owed_cents AS owed, l.oldest_due AS oldest,
                            ?2 AS total, ?3 AS all_owed, k.name, k.phone1, k.phone2, k.email, k.city
                     FROM late_months l JOIN customers k ON k.id = l.customer_id
                     WHERE l.month = ?1 ORDER BY l.owed_cents DESC, l.oldest_due, l.customer_id LIMIT ?4",
                )
                .bind(month)
                .bind(total)
                .bind(all_owed)
                .bind(limit)
                .fetch_all(self.pool())
                .await?
            }
            (None, _) => {
                let sql = format!(
                    "WITH late AS ({late}),
                          top AS (SELECT late.*, COUNT(*) OVER () AS total, SUM(late.owed) OVER () AS all_owed
                                  FROM late ORDER BY late.owed DESC, late.oldest, late.customer_id LIMIT ?4)
                     SELECT top.*, k.name, k.phone1, k.phone2, k.email, k.city
                     FROM top JOIN customers k ON k.id = top.customer_id
                     ORDER BY top.owed DESC, top.oldest, top.customer_id"
                );
                let mut q = sqlx::query(&sql)
                    .bind(&first)
                    .bind(&last)
                    .bind(on.to_string())
                    .bind(limit);
                if let Some(g) = &query.group {
                    q = q.bind(&g.label);
                }
                q.fetch_all(self.pool()).await?
            }
        };
        let mut page = LatePage {
            rows: Vec::new(),
            total: 0,
            owed_cents: 0,
        };
        // The page's last contacts, read at once (one query, not one per customer).
        let ids: Vec<String> = rows
            .iter()
            .map(|r| r.try_get::<String, _>("customer_id"))
            .collect::<Result<_, _>>()?;
        let mut last_contacts: HashMap<String, ContactView> = HashMap::new();
        if !ids.is_empty() {
            for r in sqlx::query(
                "SELECT customer_id, id, channel, outcome, promised_on, note, by_name, at FROM collection_contacts
                 WHERE customer_id IN (SELECT value FROM json_each(?)) ORDER BY customer_id, at DESC",
            )
            .bind(serde_json::to_string(&ids)?)
            .fetch_all(self.pool())
            .await?
            {
                let customer: String = r.try_get("customer_id")?;
                // The newest first: the first seen of each customer is their last.
                if let std::collections::hash_map::Entry::Vacant(e) = last_contacts.entry(customer) {
                    e.insert(contact_of(&r)?);
                }
            }
        }
        for row in rows {
            let name: String = row.try_get("name")?;
            let city: String = row.try_get("city")?;
            if let Some(n) = &needle
                && !campo_domain::text::fold(&format!("{name} {city}")).contains(n.as_str())
            {
                continue;
            }
            let owed_cents: i64 = row.try_get("owed")?;
            if needle.is_some() {
                page.total += 1;
                page.owed_cents += owed_cents;
            } else {
                page.total = row.try_get("total")?;
                page.owed_cents = row.try_get("all_owed")?;
            }
            if page.rows.len() >= LATE_SHOWN {
                continue;
            }
            let customer_id: String = row.try_get("customer_id")?;
            let oldest: String = row.try_get("oldest")?;
            let days_late = (today - day_of(&oldest)?).num_days();
            let (step, next) = finance::steps_at(steps, days_late);
            let last_contact = last_contacts.remove(&customer_id);
            let promise_broken = last_contact
                .as_ref()
                .and_then(|c| c.promised_on.as_deref())
                .is_some_and(|p| p < today.to_string().as_str());
            page.rows.push(LateCustomer {
                customer_id,
                name,
                phone1: row.try_get("phone1")?,
                phone2: row.try_get("phone2")?,
                email: row.try_get("email")?,
                city,
                overdue: row.try_get("overdue")?,
                owed_cents,
                oldest_due: oldest,
                days_late,
                step,
                next_step: next.map(|(s, _)| s),
                days_to_next: next.map(|(_, d)| d),
                last_contact,
                promise_broken,
            });
        }
        Ok(page)
    }
}
