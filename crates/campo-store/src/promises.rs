//! Reminders of payment promises that passed: the customers whose last contact promised to
//! pay by a day now gone, and who still owe. The finance team's header shows them on every
//! screen, so a broken promise is followed up without anyone searching the late list.

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::Row;
use ts_rs::TS;

use crate::finance::{overdue, owed};
use crate::{Store, StoreError};

/// A promise to pay whose day passed while the customer still owes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PassedPromise {
    /// The customer.
    pub customer_id: String,
    /// Name.
    pub name: String,
    /// First phone.
    pub phone1: String,
    /// The day they promised (`YYYY-MM-DD`).
    pub promised_on: String,
    /// Who recorded the promise.
    pub by_name: String,
    /// What they owe today, overdue, in cents.
    #[ts(type = "number")]
    pub owed_cents: i64,
}

impl Store {
    /// The promises passed on `today`, the oldest first: each customer's last contact, when it
    /// promised a day before `today`, and they still have an overdue receivable.
    pub async fn passed_promises(
        &self,
        today: NaiveDate,
    ) -> Result<Vec<PassedPromise>, StoreError> {
        let (late, owed) = (overdue("?1"), owed("?1"));
        let sql = format!(
            "WITH last AS (
                 SELECT c.customer_id, c.promised_on, c.by_name FROM collection_contacts c
                 WHERE c.id = (SELECT l.id FROM collection_contacts l WHERE l.customer_id = c.customer_id
                               ORDER BY l.at DESC, l.id DESC LIMIT 1)
             ),
             owing AS (
                 SELECT last.*, (SELECT SUM({owed}) FROM receivables r
                                 WHERE r.customer_id = last.customer_id AND {late}) AS owed
                 FROM last WHERE last.promised_on IS NOT NULL AND last.promised_on < ?1
             )
             SELECT o.customer_id, o.promised_on, o.by_name, o.owed, k.name, k.phone1
             FROM owing o JOIN customers k ON k.id = o.customer_id
             WHERE o.owed > 0
             ORDER BY o.promised_on, k.name, o.customer_id"
        );
        sqlx::query(&sql)
            .bind(today.to_string())
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                Ok(PassedPromise {
                    customer_id: r.try_get("customer_id")?,
                    name: r.try_get("name")?,
                    phone1: r.try_get("phone1")?,
                    promised_on: r.try_get("promised_on")?,
                    by_name: r.try_get("by_name")?,
                    owed_cents: r.try_get("owed")?,
                })
            })
            .collect()
    }
}
