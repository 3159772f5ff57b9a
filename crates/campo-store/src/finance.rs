//! The payment follow-up on an office device of finance or the administration: receivables
//! as imported from the provider's ERP (effects shared with remote application: the latest
//! import of a receivable wins), the finance team's contacts with late customers, and the
//! figures they read — the default rate per month and by city, plan, seller and SVA, the
//! customers late now, and the five-month follow-up of new customers.
//!
//! What "overdue" means is the domain's ([`campo_domain::finance::Dues`]); the SQL here
//! computes the same, tested against it.

use std::collections::HashMap;

use campo_domain::finance::{
    self, Channel, ContactError, ContactOutcome, Dues, NonPaymentStep, ReceivableStatus, Stage,
    StepAfter,
};
use campo_protocol::Op;
use campo_protocol::ops::{CollectionContacted, NonPaymentStepsSet, ReceivableSet};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;
use uuid::Uuid;

use crate::write::{Writer, parse_uuid, timestamp};
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
    sqlx::query(
        "INSERT INTO receivables (id, external_id, customer_id, contract, issued_on, due_on, amount_cents, status, paid_on, paid_cents, updated_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 WHERE EXISTS (SELECT 1 FROM customers WHERE id = ?3)
         ON CONFLICT(id) DO UPDATE SET customer_id = excluded.customer_id, contract = excluded.contract,
             issued_on = excluded.issued_on, due_on = excluded.due_on, amount_cents = excluded.amount_cents,
             status = excluded.status, paid_on = excluded.paid_on, paid_cents = excluded.paid_cents,
             updated_at = excluded.updated_at",
    )
    .bind(b.id.to_string())
    .bind(&b.external_id)
    .bind(b.customer_id.to_string())
    .bind(&b.contract)
    .bind(&b.issued_on)
    .bind(&b.due_on)
    .bind(b.amount_cents)
    .bind(b.status.code())
    .bind(&b.paid_on)
    .bind(b.paid_cents)
    .bind(at)
    .execute(&mut *c)
    .await?;
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
    let pct = |v: Option<f64>| crate::indicators::csv_decimal(v.map(|v| v * 100.0), lang);
    let money = |cents: i64| {
        let sep = if lang == Lang::PtBr { ',' } else { '.' };
        format!("{}{sep}{:02}", cents / 100, cents % 100)
    };
    let mut out = String::from(match lang {
        Lang::PtBr => {
            "agrupamento;item;clientes com título;clientes em atraso;clientes em atraso %;valor devido (R$);valor em atraso (R$);valor em atraso %\n"
        }
        Lang::En => {
            "grouping;item;customers billed;customers late;customers late %;amount due (R$);amount overdue (R$);amount overdue %\n"
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
            out.push_str(&format!(
                "{grouping};{};{};{};{};{};{};{}\n",
                crate::indicators::csv_field(&label_words(grouping, &r.label, lang)),
                r.customers,
                r.customers_late,
                pct(r.customer_rate),
                money(r.due_cents),
                money(r.late_cents),
                pct(r.amount_rate),
            ));
        }
    }
    out
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
fn group_label(by: RateBy, customer: &str) -> String {
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

fn contact_of(row: &sqlx::sqlite::SqliteRow) -> Result<ContactView, StoreError> {
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

fn day_of(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))
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
        let mut out = String::from(if pt {
            "cliente;município;telefone;desde;situação;meses pagos em dia;em atraso desde\n"
        } else {
            "customer;municipality;phone;since;standing;months paid on time;late since\n"
        });
        let cell = crate::indicators::csv_field;
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
            out.push_str(&format!(
                "{};{};{};{};{standing};{paid};{}\n",
                cell(&r.name),
                cell(&r.city),
                cell(&r.phone1),
                r.since,
                since.map(|d| d.to_string()).unwrap_or_default()
            ));
        }
        out.push_str(&format!(
            "{};;;;;{};\n",
            if pt {
                "concluíram os cinco meses"
            } else {
                "completed the five months"
            },
            self.done
        ));
        out
    }
}

/// How far back a customer's first receivable makes them new when Campo has not seen their
/// installation (customers imported from an ERP), in months.
pub const NEW_BY_FIRST_RECEIVABLE_MONTHS: u32 = 6;

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
