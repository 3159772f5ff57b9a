//! What applying an activation operation does: a template version kept, an attempt opened, an
//! answer appended (the latest per item by clock is the current one), an attempt closed.

use std::collections::HashMap;

use campo_domain::activation::{ActivationError, Outcome, TemplateItem};
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

use crate::effects::Mode;
use crate::write::parse_uuid;
use crate::{Entity, StoreError};
use campo_protocol::ops::{
    ActivationClosed, ActivationStarted, ActivationTemplateSaved, ActivationTicked,
};

pub(crate) async fn template_effect(
    c: &mut SqliteConnection,
    m: Mode,
    b: &ActivationTemplateSaved,
    actor: Uuid,
) -> Result<(), StoreError> {
    let verb = m.insert();
    sqlx::query(&format!(
        "{verb} INTO activation_templates (id, service, name, version, items, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(b.id.to_string())
    .bind(&b.service)
    .bind(&b.name)
    .bind(b.version)
    .bind(serde_json::to_string(&b.items)?)
    .bind(&b.at)
    .bind(actor.to_string())
    .execute(c)
    .await?;
    Ok(())
}

pub(crate) async fn start_effect(
    c: &mut SqliteConnection,
    m: Mode,
    b: &ActivationStarted,
    actor: Uuid,
) -> Result<(), StoreError> {
    let verb = m.insert();
    sqlx::query(&format!(
        "{verb} INTO activations (id, order_id, template_id, attempt, status, started_at, started_by) VALUES (?, ?, ?, ?, 'open', ?, ?)"
    ))
    .bind(b.id.to_string())
    .bind(b.order_id.to_string())
    .bind(b.template_id.to_string())
    .bind(b.attempt)
    .bind(&b.at)
    .bind(actor.to_string())
    .execute(c)
    .await?;
    Ok(())
}

pub(crate) async fn tick_effect(
    c: &mut SqliteConnection,
    b: &ActivationTicked,
    actor: Uuid,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT OR IGNORE INTO activation_ticks (id, activation_id, item_key, answer, outcome, note, at, hlc, actor_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(b.id.to_string())
    .bind(b.activation_id.to_string())
    .bind(&b.item_key)
    .bind(serde_json::to_string(&b.answer)?)
    .bind(b.outcome.code())
    .bind(&b.note)
    .bind(&b.at)
    .bind(&b.hlc)
    .bind(actor.to_string())
    .execute(c)
    .await?;
    Ok(())
}

pub(crate) async fn close_effect(
    c: &mut SqliteConnection,
    b: &ActivationClosed,
    actor: Uuid,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE activations SET status = ?, closed_at = ?, closed_by = ?, close_reason = ?, follow_up = ?, repair_order_id = ?
         WHERE id = ? AND status = 'open'",
    )
    .bind(&b.status)
    .bind(&b.at)
    .bind(actor.to_string())
    .bind(&b.reason)
    .bind(&b.follow_up)
    .bind(b.repair_order_id.map(|r| r.to_string()))
    .bind(b.activation_id.to_string())
    .execute(c)
    .await?;
    Ok(())
}

pub(crate) async fn latest_template(
    c: &mut SqliteConnection,
    service: &str,
) -> Result<Option<(Uuid, i64, Vec<TemplateItem>)>, StoreError> {
    let row = sqlx::query(
        "SELECT id, version, items FROM activation_templates WHERE service = ? ORDER BY version DESC LIMIT 1",
    )
    .bind(service)
    .fetch_optional(&mut *c)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let items: String = row.try_get("items")?;
    Ok(Some((
        parse_uuid(row.try_get("id")?)?,
        row.try_get("version")?,
        serde_json::from_str(&items)?,
    )))
}

/// The open checklist, its template's items and the order's plan features.
pub(crate) struct Open {
    pub(crate) order_id: Uuid,
    pub(crate) items: Vec<TemplateItem>,
    pub(crate) iptv: bool,
    pub(crate) premium: bool,
}

pub(crate) async fn open_checklist(c: &mut SqliteConnection, id: Uuid) -> Result<Open, StoreError> {
    let row = sqlx::query(
        "SELECT a.status, a.order_id, t.items, p.has_iptv, p.premium FROM activations a
         JOIN activation_templates t ON t.id = a.template_id
         JOIN work_orders o ON o.id = a.order_id JOIN plans p ON p.id = o.plan_id
         WHERE a.id = ?",
    )
    .bind(id.to_string())
    .fetch_optional(&mut *c)
    .await?
    .ok_or(StoreError::NotFound(Entity::Order))?;
    let status: String = row.try_get("status")?;
    if status != "open" {
        return Err(ActivationError::Closed.into());
    }
    let items: String = row.try_get("items")?;
    Ok(Open {
        order_id: parse_uuid(row.try_get("order_id")?)?,
        items: serde_json::from_str(&items)?,
        iptv: row.try_get("has_iptv")?,
        premium: row.try_get("premium")?,
    })
}

/// Current outcome per item key (latest tick by clock, then id).
pub(crate) async fn outcomes(
    c: &mut SqliteConnection,
    activation: Uuid,
) -> Result<HashMap<String, Outcome>, StoreError> {
    let rows = sqlx::query(
        "SELECT item_key, outcome FROM activation_ticks WHERE activation_id = ? ORDER BY hlc, id",
    )
    .bind(activation.to_string())
    .fetch_all(c)
    .await?;
    let mut out = HashMap::new();
    for r in rows {
        let outcome: String = r.try_get("outcome")?;
        out.insert(
            r.try_get("item_key")?,
            if outcome == "pass" {
                Outcome::Pass
            } else {
                Outcome::Fail
            },
        );
    }
    Ok(out)
}
