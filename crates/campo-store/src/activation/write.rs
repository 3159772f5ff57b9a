//! The [`Writer`]'s activation operations: save a template version, start an attempt, answer
//! an item, complete or fail an attempt (opening a repair visit when asked).

use campo_domain::activation::{self, ActivationError, Answer, ItemKind, Outcome, TemplateItem};
use campo_domain::{OrderKind, OrderStatus};
use chrono::{DateTime, Utc};
use sqlx::Row;
use uuid::Uuid;

use crate::effects::Mode;
use crate::write::{NewOrder, Writer, parse_uuid, timestamp};
use crate::{Entity, StoreError};
use campo_protocol::Op;
use campo_protocol::ops::{
    ActivationClosed, ActivationStarted, ActivationTemplateSaved, ActivationTicked,
};

use super::*;

impl Writer<'_> {
    /// Saves a template as its service's next version (the first is version 1). Checklists
    /// already started keep the version they began with.
    pub async fn save_activation_template(
        &mut self,
        service: &str,
        name: &str,
        items: &[TemplateItem],
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        activation::validate_template(name, items)?;
        let mut items = items.to_vec();
        for item in &mut items {
            item.title = item.title.trim().to_owned();
            if item.key.trim().is_empty() {
                item.key = Uuid::now_v7().to_string();
            }
        }
        let version = latest_template(self.conn(), service)
            .await?
            .map_or(1, |(_, v, _)| v + 1);
        let body = ActivationTemplateSaved {
            id: Uuid::now_v7(),
            service: service.to_owned(),
            name: name.trim().to_owned(),
            version,
            items,
            at: timestamp(at),
        };
        let actor = self.actor_id();
        template_effect(self.conn(), Mode::Local, &body, actor).await?;
        let id = body.id;
        self.record(&Op::ActivationTemplateSaved(body)).await?;
        Ok(id)
    }

    /// Starts the next attempt at activating IPTV on `order_id` (see
    /// [`Writer::start_service_activation`]).
    pub async fn start_activation(
        &mut self,
        order_id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        self.start_service_activation(order_id, IPTV, at).await
    }

    /// Starts the next attempt at activating `service` on `order_id` with its checklist's
    /// current version, unless one is open (then returns it). Refused for orders not done,
    /// of a kind that activates nothing (only installations, plan changes and SVA activations
    /// do), whose plan does not include the service, or where the customer has it active;
    /// a service without a checklist is named.
    pub async fn start_service_activation(
        &mut self,
        order_id: Uuid,
        service: &str,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let open: Option<String> = sqlx::query_scalar(
            "SELECT a.id FROM activations a JOIN activation_templates t ON t.id = a.template_id
             WHERE a.order_id = ? AND t.service = ? AND a.status = 'open'",
        )
        .bind(order_id.to_string())
        .bind(service)
        .fetch_optional(self.conn())
        .await?;
        if let Some(id) = open {
            return parse_uuid(&id);
        }
        let row = sqlx::query(
            "SELECT o.kind, o.status, p.has_iptv, p.svas,
                    (SELECT COUNT(*) FROM activations a WHERE a.order_id = o.id) AS attempts,
                    (SELECT COUNT(*) FROM activations a JOIN activation_templates t ON t.id = a.template_id
                     JOIN work_orders w ON w.id = a.order_id
                     WHERE w.customer_id = o.customer_id AND t.service = ?1 AND a.status = 'passed') AS passed
             FROM work_orders o JOIN plans p ON p.id = o.plan_id WHERE o.id = ?2",
        )
        .bind(service)
        .bind(order_id.to_string())
        .fetch_optional(self.conn())
        .await?
        .ok_or(StoreError::NotFound(Entity::Order))?;
        let kind: String = row.try_get("kind")?;
        let status: String = row.try_get("status")?;
        let svas: String = row.try_get("svas")?;
        let svas: Vec<String> = serde_json::from_str(&svas)?;
        let Some((_, name)) = plan_services(row.try_get("has_iptv")?, &svas)
            .into_iter()
            .find(|(k, _)| k == service)
        else {
            return Err(ActivationError::NotInPlan(service.to_owned()).into());
        };
        let passed: i64 = row.try_get("passed")?;
        if !OrderKind::from_code(&kind).is_some_and(OrderKind::activates_services)
            || status != OrderStatus::Done.code()
            || passed > 0
            || super::superseded(self.conn(), order_id).await?
        {
            return Err(ActivationError::Closed.into());
        }
        let attempts: i64 = row.try_get("attempts")?;
        let (template_id, _, _) = latest_template(self.conn(), service)
            .await?
            .ok_or(ActivationError::NoTemplate(name))?;
        let body = ActivationStarted {
            id: Uuid::now_v7(),
            order_id,
            template_id,
            attempt: attempts + 1,
            at: timestamp(at),
        };
        let actor = self.actor_id();
        start_effect(self.conn(), Mode::Local, &body, actor).await?;
        let id = body.id;
        self.record(&Op::ActivationStarted(body)).await?;
        Ok(id)
    }

    /// Records an answer to an item: judged against the item (a measure outside its range
    /// fails, a non-number is refused); a failed item needs a note.
    pub async fn tick_activation(
        &mut self,
        activation_id: Uuid,
        input: &TickInput,
        at: DateTime<Utc>,
    ) -> Result<Outcome, StoreError> {
        let open = open_checklist(self.conn(), activation_id).await?;
        let item = open
            .items
            .iter()
            .find(|i| i.key == input.item_key)
            .ok_or_else(|| ActivationError::WrongAnswer(input.item_key.clone()))?;
        let raw = input.value.trim();
        let answer = match &item.kind {
            ItemKind::Check => Answer::Checked(raw == "true"),
            ItemKind::PassFail => Answer::Passed(raw == "true"),
            ItemKind::Measured { .. } => {
                Answer::Value(activation::parse_measure(&item.title, raw)?)
            }
            ItemKind::Text => Answer::Text(raw.to_owned()),
            ItemKind::Serial => Answer::Text(raw.to_uppercase()),
        };
        let outcome = activation::judge(item, &answer)?;
        if let (ItemKind::Serial, Answer::Text(serial)) = (&item.kind, &answer) {
            // Linked to the stock ledger: the unit must be one installed at this customer's.
            let place: Option<(String, String, String)> = sqlx::query_as(
                "SELECT u.place_id, p.name, p.kind FROM stock_units u JOIN stock_places p ON p.id = u.place_id WHERE u.serial = ?",
            )
            .bind(serial)
            .fetch_optional(self.conn())
            .await?;
            let customer: String =
                sqlx::query_scalar("SELECT customer_id FROM work_orders WHERE id = ?")
                    .bind(open.order_id.to_string())
                    .fetch_one(self.conn())
                    .await?;
            let here = campo_domain::stock::customer_place_id(parse_uuid(&customer)?).to_string();
            match place {
                None => return Err(ActivationError::UnknownSerial(serial.clone()).into()),
                Some((place, name, kind)) if place != here => {
                    return Err(ActivationError::SerialNotAtCustomer {
                        serial: serial.clone(),
                        place: campo_domain::stock::PlaceName::new(
                            crate::stock::place_kind_of(&kind)?,
                            name,
                        ),
                    }
                    .into());
                }
                Some(_) => {}
            }
        }
        let note = input
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned);
        if outcome == Outcome::Fail && note.is_none() && !matches!(item.kind, ItemKind::Check) {
            return Err(ActivationError::NoteRequired(item.title.clone()).into());
        }
        let body = ActivationTicked {
            id: Uuid::now_v7(),
            activation_id,
            item_key: item.key.clone(),
            answer,
            outcome,
            note,
            hlc: self.next_hlc(),
            at: timestamp(at),
        };
        let actor = self.actor_id();
        tick_effect(self.conn(), &body, actor).await?;
        self.record(&Op::ActivationTicked(body)).await?;
        Ok(outcome)
    }

    /// Completes an attempt: only when every required item that applies has passed.
    pub async fn complete_activation(
        &mut self,
        activation_id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let open = open_checklist(self.conn(), activation_id).await?;
        let current = outcomes(self.conn(), activation_id).await?;
        activation::ready_to_complete(&open.items, open.iptv, open.premium, |k| {
            current.get(k).copied()
        })?;
        self.close(activation_id, "passed", None, None, None, at)
            .await
    }

    /// Fails an attempt with a reason: `repair` opens an approved repair order for the
    /// customer (it goes to the agenda's queue); `reconfigure` leaves it to the SVA team. The
    /// order comes back to the activation queue for the next attempt.
    pub async fn fail_activation(
        &mut self,
        activation_id: Uuid,
        reason: &str,
        repair: bool,
        at: DateTime<Utc>,
    ) -> Result<Option<Uuid>, StoreError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ActivationError::ReasonRequired.into());
        }
        let open = open_checklist(self.conn(), activation_id).await?;
        let repair_order = if repair {
            let row = sqlx::query("SELECT customer_id, plan_id FROM work_orders WHERE id = ?")
                .bind(open.order_id.to_string())
                .fetch_one(self.conn())
                .await?;
            let order = self
                .create_order(
                    &NewOrder::new(
                        OrderKind::Repair,
                        parse_uuid(row.try_get("customer_id")?)?,
                        parse_uuid(row.try_get("plan_id")?)?,
                    ),
                    at,
                )
                .await?;
            // The repair waits in the agenda's queue (a repair opens approved); its notes
            // carry the technician's words on why the activation failed.
            self.edit_order(
                order,
                &[(campo_domain::edit::OrderField::Notes, Some(reason))],
                at,
            )
            .await?;
            Some(order)
        } else {
            None
        };
        let follow_up = if repair { "repair" } else { "reconfigure" };
        self.close(
            activation_id,
            "failed",
            Some(reason.to_owned()),
            Some(follow_up.to_owned()),
            repair_order,
            at,
        )
        .await?;
        Ok(repair_order)
    }

    async fn close(
        &mut self,
        activation_id: Uuid,
        status: &str,
        reason: Option<String>,
        follow_up: Option<String>,
        repair_order_id: Option<Uuid>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let body = ActivationClosed {
            activation_id,
            status: status.to_owned(),
            reason,
            follow_up,
            repair_order_id,
            at: timestamp(at),
        };
        let actor = self.actor_id();
        close_effect(self.conn(), &body, actor).await?;
        self.record(&Op::ActivationClosed(body)).await
    }
}
