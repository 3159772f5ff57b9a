//! Proof of service kept on an order: the customer's signature (who signed, their relation to
//! the customer, the strokes; the latest one kept; photos are in [`crate::photos`]), what
//! closing each order kind requires as
//! the provider sets it, and the check the Writer makes before an order is done — everything
//! still missing named at once.

use campo_domain::closing::{
    self, ClosingRule, Incomplete, Missing, SignatureError, SignerRelation, Strokes,
};
use campo_domain::{OrderKind, OrderStatus, ValidationError};
use campo_protocol::ops::{ClosingRulesSet, OrderSigned};
use campo_protocol::{Op, OpKind};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;
use uuid::Uuid;

use crate::write::{Writer, timestamp};
use crate::{Entity, Store, StoreError};

/// The customer's signature on an order, as the order page and its report show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderSignature {
    /// The signer's name.
    pub signer_name: String,
    /// Their relation to the customer.
    pub relation: SignerRelation,
    /// The strokes, in the signature's box ([`closing::SIGNATURE_WIDTH`] ×
    /// [`closing::SIGNATURE_HEIGHT`]).
    pub strokes: Strokes,
    /// Who took it (the technician, or the office).
    pub taken_by: String,
    /// When (RFC 3339, UTC).
    pub signed_at: String,
}

/// Keeps a signature (a later one replaces an earlier one).
pub(crate) async fn signed(
    c: &mut SqliteConnection,
    b: &OrderSigned,
    actor: Uuid,
) -> Result<(), StoreError> {
    let by = crate::effects::person_name(c, actor).await?;
    sqlx::query(
        "INSERT INTO order_signatures (order_id, signer_name, relation, strokes, signed_by, signed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (order_id) DO UPDATE SET signer_name = excluded.signer_name,
             relation = excluded.relation, strokes = excluded.strokes,
             signed_by = excluded.signed_by, signed_at = excluded.signed_at
         WHERE excluded.signed_at >= order_signatures.signed_at",
    )
    .bind(b.order_id.to_string())
    .bind(b.signer_name.trim())
    .bind(b.relation.code())
    .bind(serde_json::to_string(&b.strokes)?)
    .bind(by)
    .bind(&b.at)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Keeps the rules a provider set (each kind's latest).
pub(crate) async fn rules_set(
    c: &mut SqliteConnection,
    b: &ClosingRulesSet,
) -> Result<(), StoreError> {
    for r in &b.rules {
        sqlx::query(
            "INSERT INTO closing_rules (kind, equipment, signature, photos, photo_location, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (kind) DO UPDATE SET equipment = excluded.equipment,
                 signature = excluded.signature, photos = excluded.photos,
                 photo_location = excluded.photo_location, updated_at = excluded.updated_at
             WHERE excluded.updated_at >= closing_rules.updated_at",
        )
        .bind(r.kind.code())
        .bind(r.equipment)
        .bind(r.signature)
        .bind(r.photos)
        .bind(r.photo_location)
        .bind(&b.at)
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

/// Every kind's rule, as set or by default.
pub(crate) async fn rules_in(c: &mut SqliteConnection) -> Result<Vec<ClosingRule>, StoreError> {
    let rows =
        sqlx::query("SELECT kind, equipment, signature, photos, photo_location FROM closing_rules")
            .fetch_all(&mut *c)
            .await?;
    let mut set = Vec::with_capacity(rows.len());
    for r in rows {
        let kind: String = r.try_get("kind")?;
        if let Some(kind) = OrderKind::from_code(&kind) {
            set.push(ClosingRule {
                kind,
                equipment: r.try_get("equipment")?,
                signature: r.try_get("signature")?,
                photos: r.try_get("photos")?,
                photo_location: r.try_get("photo_location")?,
            });
        }
    }
    Ok(closing::rules_with(&set))
}

impl Writer<'_> {
    /// Records the customer's signature on `order_id` (en route, in progress or done).
    pub async fn sign_order(
        &mut self,
        order_id: Uuid,
        signer_name: &str,
        relation: SignerRelation,
        strokes: Strokes,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.may_send(OpKind::OrderSigned)?;
        let status = self.status_of(order_id).await?;
        if !matches!(
            status,
            OrderStatus::EnRoute | OrderStatus::InProgress | OrderStatus::Done
        ) {
            return Err(SignatureError::NotNow.into());
        }
        if signer_name.trim().is_empty() {
            return Err(ValidationError::Required(campo_domain::Field::Name).into());
        }
        closing::check_strokes(&strokes)?;
        let body = OrderSigned {
            order_id,
            signer_name: signer_name.trim().to_owned(),
            relation,
            strokes,
            at: timestamp(at),
        };
        let me = self.actor_id();
        signed(self.conn(), &body, me).await?;
        self.record(&Op::OrderSigned(body)).await
    }

    /// Sets what closing the kinds of `rules` requires.
    pub async fn set_closing_rules(
        &mut self,
        rules: &[ClosingRule],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.may_send(OpKind::ClosingRulesSet)?;
        let mut rules = closing::rules_with(rules);
        let before = rules_in(self.conn()).await?;
        rules.retain(|r| !before.contains(r));
        if rules.is_empty() {
            return Ok(());
        }
        let body = ClosingRulesSet {
            rules,
            at: timestamp(at),
        };
        rules_set(self.conn(), &body).await?;
        self.record(&Op::ClosingRulesSet(body)).await
    }

    /// Refuses to close `order_id` while something its kind requires is missing: the
    /// plan's equipment alone (a reason excuses it) keeps its own refusal; anything else
    /// names everything at once.
    pub(crate) async fn check_closing(
        &mut self,
        order_id: Uuid,
        reason_given: bool,
    ) -> Result<(), StoreError> {
        let kind: String = sqlx::query_scalar("SELECT kind FROM work_orders WHERE id = ?")
            .bind(order_id.to_string())
            .fetch_optional(self.conn())
            .await?
            .ok_or(StoreError::NotFound(Entity::Order))?;
        let Some(kind) = OrderKind::from_code(&kind) else {
            return Ok(());
        };
        let rule = rules_in(self.conn())
            .await?
            .into_iter()
            .find(|r| r.kind == kind)
            .unwrap_or(ClosingRule::default_for(kind));
        let mut missing = Vec::new();
        if rule.equipment && !reason_given {
            let items = self.missing_equipment(order_id).await?;
            if !items.is_empty() {
                missing.push(Missing::Equipment { items });
            }
        }
        if rule.signature {
            let signed: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM order_signatures WHERE order_id = ?")
                    .bind(order_id.to_string())
                    .fetch_optional(self.conn())
                    .await?;
            if signed.is_none() {
                missing.push(Missing::Signature);
            }
        }
        if rule.photos > 0 {
            let have = crate::photos::count(self.conn(), order_id).await?;
            if have < usize::from(rule.photos) {
                missing.push(Missing::Photos {
                    needed: rule.photos,
                    have: u8::try_from(have).unwrap_or(u8::MAX),
                });
            }
        }
        match missing.as_slice() {
            [] => Ok(()),
            [Missing::Equipment { items }] => {
                Err(campo_domain::stock::StockError::MissingEquipment(items.join(", ")).into())
            }
            _ => Err(Incomplete(missing).into()),
        }
    }
}

impl Store {
    /// The customer's signature on `order_id`, if they signed.
    pub async fn order_signature(
        &self,
        order_id: Uuid,
    ) -> Result<Option<OrderSignature>, StoreError> {
        let Some(r) = sqlx::query(
            "SELECT signer_name, relation, strokes, signed_by, signed_at FROM order_signatures WHERE order_id = ?",
        )
        .bind(order_id.to_string())
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let relation: String = r.try_get("relation")?;
        let strokes: String = r.try_get("strokes")?;
        Ok(Some(OrderSignature {
            signer_name: r.try_get("signer_name")?,
            relation: SignerRelation::from_code(&relation).unwrap_or(SignerRelation::Other),
            strokes: serde_json::from_str(&strokes)?,
            taken_by: r.try_get("signed_by")?,
            signed_at: r.try_get("signed_at")?,
        }))
    }

    /// What closing each order kind requires, in the kinds' order.
    pub async fn closing_rules(&self) -> Result<Vec<ClosingRule>, StoreError> {
        let mut c = self.pool().acquire().await?;
        rules_in(&mut c).await
    }
}
