//! A customer's money (receivables, contacts, follow-up stage) and the five-month follow-up of
//! new customers.

use std::collections::HashMap;

use campo_domain::finance::{self, Dues, ReceivableStatus, Stage};
use chrono::NaiveDate;
use serde::Serialize;
use sqlx::Row;
use ts_rs::TS;
use uuid::Uuid;

use super::late::{ContactView, contact_of};
use super::{day_of, dues_of};
use crate::{Entity, Store, StoreError};

/// The day each customer's installation was done in Campo (`customer_id`, `since`), for the
/// follow-up's starts; the caller narrows (`AND …`) and groups.
macro_rules! installed {
    () => {
        "SELECT w.customer_id AS customer_id, MIN(substr(e.at, 1, 10)) AS since FROM work_orders w
          JOIN order_events e ON e.order_id = w.id AND e.to_status = 'done'
         WHERE w.kind = 'installation' AND w.status = 'done'"
    };
}

/// A receivable of a customer's history.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceivableView {
    /// Its id in the ERP.
    pub external_id: String,
    /// The contract's id in the ERP.
    pub contract: Option<String>,
    /// Due date.
    pub due_on: String,
    /// Amount, cents.
    #[ts(type = "number")]
    pub amount_cents: i64,
    /// Status in the ERP.
    pub status: ReceivableStatus,
    /// When paid.
    pub paid_on: Option<String>,
    /// How much was paid, cents.
    #[ts(type = "number")]
    pub paid_cents: i64,
    /// Overdue today.
    pub overdue: bool,
    /// Paid in full on or before its due date.
    pub on_time: bool,
}

/// A customer's money: receivables (newest first), contacts (newest first), follow-up stage.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerMoney {
    /// The customer's name.
    pub name: String,
    /// Receivables.
    pub receivables: Vec<ReceivableView>,
    /// Contacts.
    pub contacts: Vec<ContactView>,
    /// Where they stand in the five-month follow-up, when they are a new customer.
    pub stage: Option<Stage>,
}

/// A new customer in the five-month follow-up.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpRow {
    /// The customer.
    pub customer_id: String,
    /// Name.
    pub name: String,
    /// Municipality.
    pub city: String,
    /// First phone.
    pub phone1: String,
    /// When the follow-up started: the installation done in Campo, or the first receivable.
    pub since: String,
    /// Where they stand.
    pub stage: Stage,
}

/// The five-month follow-up: those still in it, and how many completed it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUp {
    /// Customers still followed: the late first, then by months paid.
    pub rows: Vec<FollowUpRow>,
    /// Customers who paid five months on time in a row.
    #[ts(type = "number")]
    pub done: usize,
}

impl FollowUp {
    /// The list as a `;` CSV in the person's language: each customer still followed with
    /// where they stand (the month paid, or late since), then how many completed it.
    pub fn to_csv(&self, lang: campo_domain::Lang) -> String {
        let pt = lang == campo_domain::Lang::PtBr;
        let mut sheet = crate::sheet::Sheet::new(if pt {
            "cliente;município;telefone;desde;situação;meses pagos em dia;em atraso desde"
        } else {
            "customer;municipality;phone;since;standing;months paid on time;late since"
        });
        for r in &self.rows {
            let (standing, paid, since) = match r.stage {
                Stage::OnTrack { paid } => (if pt { "em dia" } else { "on track" }, paid, None),
                Stage::Late { since } => (if pt { "em atraso" } else { "late" }, 0, Some(since)),
                Stage::BackOnTrack { paid } => (
                    if pt {
                        "voltou a pagar"
                    } else {
                        "back on track"
                    },
                    paid,
                    None,
                ),
                Stage::Done => (
                    if pt { "concluído" } else { "done" },
                    finance::FOLLOW_UP_MONTHS,
                    None,
                ),
            };
            let since = since.map(|d| d.to_string()).unwrap_or_default();
            sheet.row(&[
                &r.name, &r.city, &r.phone1, &r.since, &standing, &paid, &since,
            ]);
        }
        let completed = if pt {
            "concluíram os cinco meses"
        } else {
            "completed the five months"
        };
        sheet.row(&[&completed, &"", &"", &"", &"", &self.done, &""]);
        sheet.text()
    }
}

/// How far back a customer's first receivable makes them new when Campo has not seen their
/// installation (customers imported from an ERP), in months.
pub const NEW_BY_FIRST_RECEIVABLE_MONTHS: u32 = 6;

impl Store {
    /// A customer's receivables and contacts.
    pub async fn customer_money(
        &self,
        customer: Uuid,
        today: NaiveDate,
    ) -> Result<CustomerMoney, StoreError> {
        let name: String = sqlx::query_scalar("SELECT name FROM customers WHERE id = ?")
            .bind(customer.to_string())
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound(Entity::Customer))?;
        let mut receivables = Vec::new();
        let mut dues = Vec::new();
        for row in sqlx::query(
            "SELECT external_id, contract, due_on, amount_cents, status, paid_on, paid_cents
             FROM receivables WHERE customer_id = ? ORDER BY due_on DESC",
        )
        .bind(customer.to_string())
        .fetch_all(self.pool())
        .await?
        {
            let d = dues_of(&row)?;
            dues.push(d);
            receivables.push(ReceivableView {
                external_id: row.try_get("external_id")?,
                contract: row.try_get("contract")?,
                due_on: row.try_get("due_on")?,
                amount_cents: d.amount_cents,
                status: d.status,
                paid_on: row.try_get("paid_on")?,
                paid_cents: d.paid_cents,
                overdue: d.overdue_on(today),
                on_time: d.on_time(),
            });
        }
        let contacts = sqlx::query(
            "SELECT id, channel, outcome, promised_on, note, by_name, at FROM collection_contacts
             WHERE customer_id = ? ORDER BY at DESC",
        )
        .bind(customer.to_string())
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(contact_of)
        .collect::<Result<Vec<_>, _>>()?;
        // This customer's start, as the follow-up's list finds it (their installation, or a
        // recent first receivable).
        let installed: Option<String> = sqlx::query_scalar(concat!(
            "SELECT since FROM (",
            installed!(),
            " AND w.customer_id = ?)"
        ))
        .bind(customer.to_string())
        .fetch_one(self.pool())
        .await?;
        let first_due = dues
            .iter()
            .map(|d| d.due)
            .min()
            .filter(|d| *d >= recent(today));
        let start = match (installed.as_deref().map(day_of).transpose()?, first_due) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let stage = start.map(|start| {
            let after: Vec<Dues> = dues.iter().copied().filter(|d| d.due >= start).collect();
            Stage::of(&after, today)
        });
        Ok(CustomerMoney {
            name,
            receivables,
            contacts,
            stage,
        })
    }

    /// The five-month follow-up on `today`: every new customer until five consecutive months
    /// paid on time.
    pub async fn follow_up(&self, today: NaiveDate) -> Result<FollowUp, StoreError> {
        let mut followed: HashMap<String, (String, Vec<Dues>)> = HashMap::new();
        for row in sqlx::query(&format!(
            "{STARTS} SELECT s.customer_id, s.since, r.due_on, r.amount_cents, r.status, r.paid_on, r.paid_cents
             FROM starts s LEFT JOIN receivables r ON r.customer_id = s.customer_id AND r.due_on >= s.since"
        ))
        .bind(recent(today).to_string())
        .fetch_all(self.pool())
        .await?
        {
            let customer: String = row.try_get("customer_id")?;
            let entry = followed
                .entry(customer)
                .or_insert_with(|| (String::new(), Vec::new()));
            entry.0 = row.try_get("since")?;
            if row.try_get::<Option<String>, _>("due_on")?.is_some() {
                entry.1.push(dues_of(&row)?);
            }
        }
        let mut rows = Vec::new();
        let mut done = 0;
        for (customer, (since, dues)) in &followed {
            let stage = Stage::of(dues, today);
            if stage == Stage::Done {
                done += 1;
                continue;
            }
            let row = sqlx::query("SELECT name, city, phone1 FROM customers WHERE id = ?")
                .bind(customer)
                .fetch_optional(self.pool())
                .await?;
            let Some(row) = row else { continue };
            rows.push(FollowUpRow {
                customer_id: customer.clone(),
                name: row.try_get("name")?,
                city: row.try_get("city")?,
                phone1: row.try_get("phone1")?,
                since: since.clone(),
                stage,
            });
        }
        let rank = |s: &Stage| match s {
            Stage::Late { .. } => (0, 0),
            Stage::BackOnTrack { paid } => (1, *paid),
            Stage::OnTrack { paid } => (2, *paid),
            Stage::Done => (3, 0),
        };
        rows.sort_by(|a, b| {
            rank(&a.stage)
                .cmp(&rank(&b.stage))
                .then_with(|| a.name.cmp(&b.name))
        });
        Ok(FollowUp { rows, done })
    }
}

/// The first day a customer counts as new by their receivables.
fn recent(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_months(chrono::Months::new(NEW_BY_FIRST_RECEIVABLE_MONTHS))
        .unwrap_or(today)
}

/// `starts (customer_id, since)`: each new customer and the day their follow-up starts — their
/// installation done in Campo, or their first receivable due on or after `?1` when they have
/// none before it (the earlier of the two). A customer's receivables are read by month only
/// for those.
const STARTS: &str = concat!(
    "WITH starts AS (
    SELECT customer_id, MIN(since) AS since FROM (
        ",
    installed!(),
    "
         GROUP BY w.customer_id
        UNION ALL
        SELECT f.customer_id, f.first FROM (
            SELECT k.id AS customer_id,
                   (SELECT MIN(r.due_on) FROM receivables r WHERE r.customer_id = k.id) AS first
              FROM customers k
        ) f
        WHERE f.first >= ?1
    ) GROUP BY customer_id
)"
);
