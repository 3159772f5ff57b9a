//! The message the customer is due about their visit (seed 003): which moment the order is at
//! (first scheduling, a new date, the technician on the way, done), its text in pt-BR with the
//! date, period and number, the WhatsApp link, and whether someone already sent it.

use campo_domain::message::{self, Facts, Moment};
use campo_domain::{OrderKind, OrderStatus, Period};
use campo_protocol::Op;
use campo_protocol::ops::OrderMessaged;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;
use uuid::Uuid;

use crate::write::{Writer, timestamp};
use crate::{Entity, Store, StoreError};

/// The message an order is due, as the order page offers it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerMessage {
    /// Which moment.
    pub moment: Moment,
    /// Which occurrence (the day and period of a scheduling).
    pub key: String,
    /// The text, in pt-BR.
    pub text: String,
    /// The phone it goes to, digits.
    pub phone: String,
    /// A WhatsApp link with the text typed in.
    pub link: String,
    /// When it was sent, and by whom.
    pub sent: Option<(String, String)>,
}

/// Records that someone sent the message of `moment`.
pub(crate) async fn messaged(
    c: &mut SqliteConnection,
    b: &OrderMessaged,
    actor: Uuid,
) -> Result<(), StoreError> {
    let by = crate::effects::person_name(c, actor).await?;
    sqlx::query(
        "INSERT OR IGNORE INTO order_messages (order_id, moment, key, sent_by, sent_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(b.order_id.to_string())
    .bind(b.moment.code())
    .bind(&b.key)
    .bind(by)
    .bind(&b.at)
    .execute(&mut *c)
    .await?;
    Ok(())
}

impl Writer<'_> {
    /// Records that the customer was sent the message of `moment` (`key`: its occurrence).
    pub async fn message_sent(
        &mut self,
        order_id: Uuid,
        moment: Moment,
        key: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let known: Option<i64> = sqlx::query_scalar("SELECT 1 FROM work_orders WHERE id = ?")
            .bind(order_id.to_string())
            .fetch_optional(self.conn())
            .await?;
        if known.is_none() {
            return Err(StoreError::NotFound(Entity::Order));
        }
        let body = OrderMessaged {
            order_id,
            moment,
            key: key.to_owned(),
            at: timestamp(at),
        };
        let me = self.actor_id();
        messaged(self.conn(), &body, me).await?;
        self.record(&Op::OrderMessaged(body)).await
    }
}

impl Store {
    /// The message `order_id` is due now, if its status has one.
    pub async fn customer_message(
        &self,
        order_id: Uuid,
    ) -> Result<Option<CustomerMessage>, StoreError> {
        let row = sqlx::query(
            "SELECT o.number, o.kind, o.status, o.scheduled_date, o.period, o.technician_name, o.contact_phone,
                    c.name, c.phone1, c.phone2,
                    (SELECT COUNT(*) FROM order_events e WHERE e.order_id = o.id AND e.to_status = 'scheduled') AS schedulings,
                    (SELECT MAX(e.at) FROM order_events e WHERE e.order_id = o.id AND e.to_status = o.status) AS since
             FROM work_orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = ?",
        )
        .bind(order_id.to_string())
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound(Entity::Order))?;
        let status: String = row.try_get("status")?;
        let date: Option<String> = row.try_get("scheduled_date")?;
        let period: Option<String> = row.try_get("period")?;
        let schedulings: i64 = row.try_get("schedulings")?;
        let since: Option<String> = row.try_get("since")?;
        let (moment, key) = match OrderStatus::from_code(&status) {
            Some(OrderStatus::Scheduled) if schedulings > 1 => (
                Moment::Rescheduled,
                format!(
                    "{}-{}",
                    date.clone().unwrap_or_default(),
                    period.clone().unwrap_or_default()
                ),
            ),
            Some(OrderStatus::Scheduled) => (
                Moment::Scheduled,
                format!(
                    "{}-{}",
                    date.clone().unwrap_or_default(),
                    period.clone().unwrap_or_default()
                ),
            ),
            Some(OrderStatus::EnRoute) => (Moment::EnRoute, since.clone().unwrap_or_default()),
            Some(OrderStatus::Done) => (Moment::Done, String::new()),
            _ => return Ok(None),
        };
        let settings = self.agenda_settings().await?;
        let period = period.as_deref().and_then(Period::from_code);
        let provider = self
            .provider_profile()
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        let zone = self.place().await?.zone();
        let done_day = since
            .as_deref()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|d| d.with_timezone(&zone).date_naive());
        let customer: String = row.try_get("name")?;
        let technician: Option<String> = row.try_get("technician_name")?;
        let kind: String = row.try_get("kind")?;
        let facts = Facts {
            customer: &customer,
            kind: OrderKind::from_code(&kind).unwrap_or(OrderKind::Repair),
            number: row.try_get("number")?,
            date: match moment {
                Moment::Done => done_day,
                _ => date
                    .as_deref()
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            },
            period: period.map(|p| {
                (
                    p,
                    match p {
                        Period::Morning => settings.morning,
                        Period::Afternoon => settings.afternoon,
                    },
                )
            }),
            technician: technician.as_deref(),
            provider: &provider,
        };
        let text = message::text(moment, &facts);
        // The contact phone given for the visit, else a mobile of the customer's.
        let phones: Vec<Option<String>> = vec![
            row.try_get("contact_phone")?,
            row.try_get("phone1")?,
            row.try_get("phone2")?,
        ];
        let phone = phones
            .iter()
            .flatten()
            .find(|p| p.len() == 11)
            .or_else(|| phones.iter().flatten().next())
            .cloned()
            .unwrap_or_default();
        let sent = sqlx::query("SELECT sent_at, sent_by FROM order_messages WHERE order_id = ? AND moment = ? AND key = ?")
            .bind(order_id.to_string())
            .bind(moment.code())
            .bind(&key)
            .fetch_optional(self.pool())
            .await?
            .map(|r| -> Result<(String, String), StoreError> {
                Ok((r.try_get("sent_at")?, r.try_get("sent_by")?))
            })
            .transpose()?;
        Ok(Some(CustomerMessage {
            moment,
            link: message::whatsapp_link(&phone, &text),
            text,
            phone,
            key,
            sent,
        }))
    }
}
