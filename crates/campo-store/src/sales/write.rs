//! Sending and deciding sales through the [`Writer`], and the drafts of the sale form.
//!
//! An approval is one transaction: the decision, the customer (the one with the sale's CPF,
//! or a new one), the installation order and its move to the agenda's queue — written to the
//! outbox in that order, so the server accepts the order only after the approval. Drafts are
//! the form as typed, kept on this device only until the seller sends it (sending is the
//! operation).

use campo_domain::order::Transition;
use campo_domain::sale::{RejectReason, SaleError, SaleField, SaleForm, SaleStatus};
use campo_domain::{Field, OrderKind, OrderStatus, ValidationError};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use uuid::Uuid;

use super::{current, reviewed, submitted};
use crate::effects::{self, Mode};
use crate::write::{NewOrder, Writer, parse_uuid, timestamp};
use crate::{Entity, Store, StoreError};
use campo_protocol::Op;
use campo_protocol::ops::{CustomerCreated, SaleReviewed, SaleSubmitted};

/// What the back office decided.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Approved, with the operator's protocol number when there is one.
    Approve {
        /// The operator's protocol.
        protocol: Option<String>,
    },
    /// Rejected with a reason from the list and a note.
    Reject {
        /// Why.
        reason: Option<RejectReason>,
        /// A note for the seller.
        note: Option<String>,
        /// The operator's protocol.
        protocol: Option<String>,
    },
}

fn trimmed(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

impl Writer<'_> {
    /// Sends a sale to analysis (`sale_id` `None`: a new one) or sends a changed one again,
    /// checked on `today`. Every problem of the form is refused at once, by field. The draft
    /// it was typed in, if any, goes in the same transaction.
    pub async fn submit_sale(
        &mut self,
        sale_id: Option<Uuid>,
        draft: Option<Uuid>,
        form: &SaleForm,
        today: NaiveDate,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let mut form = form.check(today).map_err(StoreError::SaleProblems)?;
        let plan: Option<i64> = sqlx::query_scalar("SELECT 1 FROM plans WHERE id = ? AND sold = 1")
            .bind(&form.plan_id)
            .fetch_optional(self.conn())
            .await?;
        if plan.is_none() {
            return Err(StoreError::SaleProblems(vec![(
                SaleField::Plan,
                ValidationError::Unknown(Field::Plan),
            )]));
        }
        let mut me = self.actor_id();
        let (id, base_version) = match sale_id {
            None => (Uuid::now_v7(), 0),
            Some(id) => {
                let (status, version, _) = current(self.conn(), id)
                    .await?
                    .ok_or(StoreError::NotFound(Entity::Sale))?;
                let seller: String = sqlx::query_scalar("SELECT seller_id FROM sales WHERE id = ?")
                    .bind(id.to_string())
                    .fetch_one(self.conn())
                    .await?;
                if status == SaleStatus::Approved {
                    return Err(SaleError::Approved.into());
                }
                if seller != me.to_string() {
                    if !self.alone() {
                        return Err(SaleError::NotYours.into());
                    }
                    // The demonstration acts for its sellers: the sale stays theirs.
                    me = parse_uuid(&seller)?;
                }
                (id, version)
            }
        };
        form.consent = true;
        let body = SaleSubmitted {
            id,
            seller_id: me,
            base_version,
            form,
            at: timestamp(at),
        };
        submitted(self.conn(), &body, me).await?;
        self.record(&Op::SaleSubmitted(body)).await?;
        if let Some(draft) = draft {
            sqlx::query("DELETE FROM sale_drafts WHERE id = ?")
                .bind(draft.to_string())
                .execute(self.conn())
                .await?;
        }
        Ok(id)
    }

    /// Decides a sale in analysis. An approval also registers the customer (or finds them by
    /// CPF) and opens the installation in the agenda's queue with the customer's available
    /// periods; it returns the order's id.
    pub async fn review_sale(
        &mut self,
        sale_id: Uuid,
        decision: Decision,
        at: DateTime<Utc>,
    ) -> Result<Option<Uuid>, StoreError> {
        let (status, version, _) = current(self.conn(), sale_id)
            .await?
            .ok_or(StoreError::NotFound(Entity::Sale))?;
        if status != SaleStatus::InAnalysis {
            return Err(SaleError::NotInAnalysis(status).into());
        }
        let me = self.actor_id();
        let at_text = timestamp(at);
        match decision {
            Decision::Reject {
                reason,
                note,
                protocol,
            } => {
                let reason = reason.ok_or(SaleError::ReasonRequired)?;
                let note = trimmed(note.as_deref());
                if reason.needs_note() && note.is_none() {
                    return Err(SaleError::NoteRequired.into());
                }
                let body = SaleReviewed {
                    id: sale_id,
                    base_version: version,
                    approved: false,
                    reason: Some(reason),
                    note,
                    protocol: trimmed(protocol.as_deref()),
                    customer_id: None,
                    order_id: None,
                    at: at_text,
                };
                reviewed(self.conn(), &body, me).await?;
                self.record(&Op::SaleReviewed(body)).await?;
                Ok(None)
            }
            Decision::Approve { protocol } => {
                let form: String = sqlx::query_scalar("SELECT form FROM sales WHERE id = ?")
                    .bind(sale_id.to_string())
                    .fetch_one(self.conn())
                    .await?;
                let form: SaleForm = serde_json::from_str(&form)?;
                let plan_id = parse_uuid(&form.plan_id)?;
                let known: Option<String> =
                    sqlx::query_scalar("SELECT id FROM customers WHERE cpf = ?")
                        .bind(&form.cpf)
                        .fetch_optional(self.conn())
                        .await?;
                let customer_id = match &known {
                    Some(id) => parse_uuid(id)?,
                    None => Uuid::now_v7(),
                };
                let order_id = Uuid::now_v7();
                let body = SaleReviewed {
                    id: sale_id,
                    base_version: version,
                    approved: true,
                    reason: None,
                    note: None,
                    protocol: trimmed(protocol.as_deref()),
                    customer_id: Some(customer_id),
                    order_id: Some(order_id),
                    at: at_text.clone(),
                };
                reviewed(self.conn(), &body, me).await?;
                self.record(&Op::SaleReviewed(body)).await?;
                if known.is_none() {
                    let customer = customer_of(customer_id, &form);
                    effects::customer(self.conn(), Mode::Local, &customer, &at_text).await?;
                    self.record(&Op::CustomerCreated(customer)).await?;
                }
                let mut order = NewOrder::new(OrderKind::Installation, customer_id, plan_id);
                order.sale_id = Some(sale_id);
                order.periods = form.periods.clone();
                self.create_order_with_id(order_id, &order, at).await?;
                self.transition_order(
                    order_id,
                    &Transition {
                        to: OrderStatus::Approved,
                        reason: None,
                        schedule: None,
                    },
                    at,
                )
                .await?;
                Ok(Some(order_id))
            }
        }
    }
}

/// The customer a checked sale's form describes.
fn customer_of(id: Uuid, f: &SaleForm) -> CustomerCreated {
    let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    CustomerCreated {
        external_id: None,
        id,
        name: f.name.clone(),
        cpf: some(&f.cpf),
        email: some(&f.email),
        mother_name: some(&f.mother_name),
        birth_date: some(&f.birth_date),
        phone1: f.phone1.clone(),
        phone2: some(&f.phone2),
        address: (&f.address).into(),
    }
}

impl Store {
    /// Keeps the form as typed (`id` `None`: a new draft); returns the draft's id. `sale_id`
    /// names the sale being fixed. Nothing leaves the device.
    pub async fn save_sale_draft(
        &self,
        id: Option<Uuid>,
        sale_id: Option<Uuid>,
        form: &SaleForm,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let id = id.unwrap_or_else(Uuid::now_v7);
        sqlx::query(
            "INSERT INTO sale_drafts (id, sale_id, form, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET sale_id = excluded.sale_id, form = excluded.form, updated_at = excluded.updated_at",
        )
        .bind(id.to_string())
        .bind(sale_id.map(|s| s.to_string()))
        .bind(serde_json::to_string(form)?)
        .bind(timestamp(at))
        .execute(self.pool())
        .await?;
        Ok(id)
    }

    /// A draft's form and the sale it fixes.
    pub async fn sale_draft(&self, id: Uuid) -> Result<(SaleForm, Option<Uuid>), StoreError> {
        let row = sqlx::query("SELECT form, sale_id FROM sale_drafts WHERE id = ?")
            .bind(id.to_string())
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound(Entity::Draft))?;
        let form: String = row.try_get("form")?;
        let sale: Option<String> = row.try_get("sale_id")?;
        Ok((
            serde_json::from_str(&form)?,
            sale.as_deref().map(parse_uuid).transpose()?,
        ))
    }

    /// Throws a draft away (after sending it, or when the seller gives it up).
    pub async fn delete_sale_draft(&self, id: Uuid) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sale_drafts WHERE id = ?")
            .bind(id.to_string())
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
