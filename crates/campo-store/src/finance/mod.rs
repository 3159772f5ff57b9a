//! The payment follow-up on an office device of finance or the administration: receivables
//! as imported from the provider's ERP (effects shared with remote application: the latest
//! import of a receivable wins), the finance team's contacts with late customers, and the
//! figures they read — the default rate per month and by city, plan, seller and SVA, the
//! customers late now, and the five-month follow-up of new customers.
//!
//! What "overdue" means is the domain's ([`campo_domain::finance::Dues`]); the SQL here
//! computes the same, tested against it.

use campo_domain::finance::{
    self, Channel, ContactError, ContactOutcome, Dues, ReceivableStatus, StepAfter,
};
use campo_protocol::Op;
use campo_protocol::ops::{CollectionContacted, NonPaymentStepsSet, ReceivableSet};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Deserialize;
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;
use uuid::Uuid;

use crate::write::{Writer, parse_uuid, timestamp};
use crate::{Entity, Store, StoreError};

mod follow_up;
mod late;
mod rates;

pub use follow_up::{
    CustomerMoney, FollowUp, FollowUpRow, NEW_BY_FIRST_RECEIVABLE_MONTHS, ReceivableView,
};
pub use late::{ContactView, LATE_SHOWN, LateCustomer, LatePage, LateQuery};
pub use rates::{Rate, RateBy, RateGroup, rates_csv};

/// A receivable imported (or changed in the ERP): the latest wins. One for a customer this
/// device does not hold is left out (it never reaches a device without the customer).
pub(crate) async fn receivable_set(
    c: &mut SqliteConnection,
    b: &ReceivableSet,
    at: &str,
) -> Result<(), StoreError> {
    // The months it was and is due in read again (their figures and their late customers).
    for table in ["default_rate_months", "late_months", "late_months_kept"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE month = substr(?1, 1, 7)
                OR month = (SELECT substr(due_on, 1, 7) FROM receivables WHERE id = ?2)"
        ))
        .bind(&b.due_on)
        .bind(b.id.to_string())
        .execute(&mut *c)
        .await?;
    }
    write_receivables(c, std::slice::from_ref(b), at).await
}

/// Receivables pulled one after another, each at most once (a page of an import's log): the
/// same rows and figures as [`receivable_set`] for each (all stamped `updated_at` with the
/// run's moment), in a few statements — the months they were and are due in read again, then
/// the rows, five hundred per statement.
pub(crate) async fn receivables_set(
    c: &mut SqliteConnection,
    run: &[ReceivableSet],
    at: &str,
) -> Result<(), StoreError> {
    if let [one] = run {
        return receivable_set(c, one, at).await;
    }
    let mut months: std::collections::BTreeSet<String> = run
        .iter()
        .map(|b| b.due_on.chars().take(7).collect())
        .collect();
    for chunk in run.chunks(500) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "SELECT DISTINCT substr(due_on, 1, 7) FROM receivables WHERE id IN (",
        );
        let mut ids = q.separated(", ");
        for b in chunk {
            ids.push_bind(b.id.to_string());
        }
        q.push(")");
        months.extend(q.build_query_scalar::<String>().fetch_all(&mut *c).await?);
    }
    let months: Vec<String> = months.into_iter().collect();
    for table in ["default_rate_months", "late_months", "late_months_kept"] {
        for chunk in months.chunks(500) {
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(format!(
                "DELETE FROM {table} WHERE month IN ("
            ));
            let mut list = q.separated(", ");
            for month in chunk {
                list.push_bind(month.as_str());
            }
            q.push(")");
            q.build().execute(&mut *c).await?;
        }
    }
    write_receivables(c, run, at).await
}

/// Writes `rows` (each receivable at most once) for the customers this device holds, five
/// hundred per statement; a receivable already here keeps its ERP id.
async fn write_receivables(
    c: &mut SqliteConnection,
    rows: &[ReceivableSet],
    at: &str,
) -> Result<(), StoreError> {
    for chunk in rows.chunks(500) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO receivables (id, external_id, customer_id, contract, issued_on, due_on, amount_cents, status, paid_on, paid_cents, updated_at)
             SELECT * FROM (",
        );
        q.push_values(chunk, |mut v, b| {
            v.push_bind(b.id.to_string())
                .push_bind(&b.external_id)
                .push_bind(b.customer_id.to_string())
                .push_bind(&b.contract)
                .push_bind(&b.issued_on)
                .push_bind(&b.due_on)
                .push_bind(b.amount_cents)
                .push_bind(b.status.code())
                .push_bind(&b.paid_on)
                .push_bind(b.paid_cents)
                .push_bind(at);
        });
        q.push(
            ") v WHERE EXISTS (SELECT 1 FROM customers WHERE id = v.column3)
             ON CONFLICT(id) DO UPDATE SET customer_id = excluded.customer_id, contract = excluded.contract,
                 issued_on = excluded.issued_on, due_on = excluded.due_on, amount_cents = excluded.amount_cents,
                 status = excluded.status, paid_on = excluded.paid_on, paid_cents = excluded.paid_cents,
                 updated_at = excluded.updated_at",
        );
        q.build().execute(&mut *c).await?;
    }
    Ok(())
}

/// A contact with a customer recorded.
pub(crate) async fn contacted(
    c: &mut SqliteConnection,
    b: &CollectionContacted,
    actor: Uuid,
) -> Result<(), StoreError> {
    let by = crate::effects::person_name(c, actor).await?;
    sqlx::query(
        "INSERT OR IGNORE INTO collection_contacts (id, customer_id, channel, outcome, promised_on, note, by_name, at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM customers WHERE id = ?2)",
    )
    .bind(b.id.to_string())
    .bind(b.customer_id.to_string())
    .bind(b.channel.code())
    .bind(b.outcome.code())
    .bind(&b.promised_on)
    .bind(&b.note)
    .bind(by)
    .bind(&b.at)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// The provider's steps against non-payment set.
pub(crate) async fn steps_set(
    c: &mut SqliteConnection,
    b: &NonPaymentStepsSet,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO non_payment_steps (id, steps, updated_at) VALUES (1, ?1, ?2)
         ON CONFLICT(id) DO UPDATE SET steps = excluded.steps, updated_at = excluded.updated_at
         WHERE excluded.updated_at >= non_payment_steps.updated_at",
    )
    .bind(serde_json::to_string(&b.steps)?)
    .bind(&b.at)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// What writing a record from the ERP did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// New here.
    Created,
    /// Here, changed to match.
    Updated,
    /// Already as the ERP has it: nothing written.
    Unchanged,
}

/// A contact as the finance team types it.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactForm {
    /// The customer.
    pub customer_id: String,
    /// How.
    pub channel: Channel,
    /// What came of it.
    pub outcome: ContactOutcome,
    /// The date promised (`YYYY-MM-DD`), for a promise.
    pub promised_on: Option<String>,
    /// A note.
    pub note: String,
}

impl Writer<'_> {
    /// Writes a receivable as the ERP has it, and says whether it was new, changed or
    /// already so here (then nothing is written).
    pub async fn set_receivable(
        &mut self,
        b: ReceivableSet,
        at: DateTime<Utc>,
    ) -> Result<Written, StoreError> {
        // One read: whether the row is there, and whether it is already as the ERP has it.
        let same: Option<bool> = sqlx::query_scalar(
            "SELECT customer_id = ?2 AND contract IS ?3 AND issued_on IS ?4 AND due_on = ?5
                    AND amount_cents = ?6 AND status = ?7 AND paid_on IS ?8 AND paid_cents = ?9
             FROM receivables WHERE id = ?1",
        )
        .bind(b.id.to_string())
        .bind(b.customer_id.to_string())
        .bind(&b.contract)
        .bind(&b.issued_on)
        .bind(&b.due_on)
        .bind(b.amount_cents)
        .bind(b.status.code())
        .bind(&b.paid_on)
        .bind(b.paid_cents)
        .fetch_optional(self.conn())
        .await?;
        let written = match same {
            Some(true) => return Ok(Written::Unchanged),
            Some(false) => Written::Updated,
            None => Written::Created,
        };
        receivable_set(self.conn(), &b, &timestamp(at)).await?;
        self.record(&Op::ReceivableSet(b)).await?;
        Ok(written)
    }

    /// Records a contact with a late customer on `today` (the provider's day); returns its id.
    pub async fn record_contact(
        &mut self,
        form: &ContactForm,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        self.may_send(campo_protocol::OpKind::CollectionContacted)?;
        let customer = parse_uuid(form.customer_id.trim())
            .map_err(|_| StoreError::NotFound(Entity::Customer))?;
        let known: Option<i64> = sqlx::query_scalar("SELECT 1 FROM customers WHERE id = ?")
            .bind(customer.to_string())
            .fetch_optional(self.conn())
            .await?;
        if known.is_none() {
            return Err(StoreError::NotFound(Entity::Customer));
        }
        let promised = match form.promised_on.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => Some(
                NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map_err(|_| campo_domain::ValidationError::Date(campo_domain::Field::Date))?,
            ),
        };
        finance::check_contact(form.outcome, promised, today)?;
        let note = form.note.trim();
        if note.chars().count() > campo_protocol::validate::MAX_TEXT {
            return Err(campo_domain::ValidationError::TooLong(
                campo_domain::Field::Notes,
                campo_protocol::validate::MAX_TEXT,
            )
            .into());
        }
        let body = CollectionContacted {
            id: Uuid::now_v7(),
            customer_id: customer,
            channel: form.channel,
            outcome: form.outcome,
            promised_on: promised.map(|d| d.to_string()),
            note: note.to_owned(),
            at: timestamp(now),
        };
        let me = self.actor_id();
        contacted(self.conn(), &body, me).await?;
        let id = body.id;
        self.record(&Op::CollectionContacted(body)).await?;
        Ok(id)
    }
}

impl Writer<'_> {
    /// Sets the provider's steps against non-payment.
    pub async fn set_non_payment_steps(
        &mut self,
        steps: &[StepAfter],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.may_send(campo_protocol::OpKind::NonPaymentStepsSet)?;
        finance::check_steps(steps)?;
        let body = NonPaymentStepsSet {
            steps: steps.to_vec(),
            at: timestamp(now),
        };
        steps_set(self.conn(), &body).await?;
        self.record(&Op::NonPaymentStepsSet(body)).await
    }
}

impl Store {
    /// The provider's steps against non-payment: as set, or the labelled default.
    pub async fn non_payment_steps(&self) -> Result<Vec<StepAfter>, StoreError> {
        let kept: Option<String> =
            sqlx::query_scalar("SELECT steps FROM non_payment_steps WHERE id = 1")
                .fetch_optional(self.pool())
                .await?;
        Ok(match kept {
            Some(json) => serde_json::from_str(&json)?,
            None => finance::DEFAULT_STEPS.to_vec(),
        })
    }
}

impl From<finance::StepsProblem> for StoreError {
    fn from(e: finance::StepsProblem) -> Self {
        StoreError::Steps(e)
    }
}

impl From<ContactError> for StoreError {
    fn from(e: ContactError) -> Self {
        StoreError::Contact(e)
    }
}

/// A month, `YYYY-MM`: its first and last days.
pub fn month_bounds(month: &str) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    Some((first, next.pred_opt()?))
}

/// The `count` months up to and including `today`'s, oldest first (`YYYY-MM`).
pub fn months_until(today: NaiveDate, count: u32) -> Vec<String> {
    let first = today.with_day(1).unwrap_or(today);
    (0..count)
        .rev()
        .filter_map(|back| first.checked_sub_months(chrono::Months::new(back)))
        .map(|d| d.format("%Y-%m").to_string())
        .collect()
}

/// [`Dues::overdue_on`] in SQL, over `r`, on the day bound as parameter `on` (`?3`).
pub(crate) fn overdue(on: &str) -> String {
    format!(
        "(r.status <> 'cancelled' AND r.due_on < {on} AND NOT (r.status = 'paid' AND r.paid_on <= {on}))"
    )
}

/// [`Dues::owed_on`] in SQL, over `r`, on the day bound as parameter `on`.
pub(crate) fn owed(on: &str) -> String {
    format!(
        "MAX(r.amount_cents - CASE WHEN r.status = 'partial' AND r.paid_on <= {on} THEN r.paid_cents ELSE 0 END, 0)"
    )
}

/// What a month's figures are judged on: its last day, or today for the month in course.
fn as_of(last: NaiveDate, today: NaiveDate) -> NaiveDate {
    last.min(today)
}

fn day_of(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))
}

fn dues_of(row: &sqlx::sqlite::SqliteRow) -> Result<Dues, StoreError> {
    let status: String = row.try_get("status")?;
    let paid_on: Option<String> = row.try_get("paid_on")?;
    Ok(Dues {
        due: day_of(row.try_get("due_on")?)?,
        amount_cents: row.try_get("amount_cents")?,
        status: ReceivableStatus::from_code(&status)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown status {status}").into()))?,
        paid_on: paid_on.as_deref().map(day_of).transpose()?,
        paid_cents: row.try_get("paid_cents")?,
    })
}
