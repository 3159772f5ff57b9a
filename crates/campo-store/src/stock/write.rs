//! The [`Writer`]'s stock operations: catalogue and places, movements (checked strictly),
//! equipment on orders, supplier deliveries, counts and discrepancy resolutions.

use std::collections::{BTreeMap, HashMap, HashSet};

use campo_domain::OrderStatus;
use campo_domain::stock::{
    self, CountLine, DeliveryRow, MoveKind, PlaceKind, StockError, Tracking, Unit,
};
use chrono::{DateTime, Utc};
use sqlx::Row;
use uuid::Uuid;

use super::*;
use crate::effects::Mode;
use crate::write::{Writer, timestamp};
use crate::{Entity, StoreError};
use campo_protocol::Op;
use campo_protocol::ops::{
    PlanEquipmentLine, PlanEquipmentSet, StockDiscrepancyResolved, StockItemCreated, StockLine,
    StockMinimumSet, StockMoved, StockPlaceRef,
};

impl Writer<'_> {
    /// Adds an item to the catalogue. The SKU is unique (case ignored).
    pub async fn create_stock_item(
        &mut self,
        new: &NewItem,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let sku = new.sku.trim().to_uppercase();
        let name = new.name.trim();
        if sku.is_empty() {
            return Err(campo_domain::ValidationError::Required(campo_domain::Field::Sku).into());
        }
        if name.is_empty() {
            return Err(
                campo_domain::ValidationError::Required(campo_domain::Field::ItemName).into(),
            );
        }
        if new.tracking == Tracking::Serialised && new.unit != Unit::Piece {
            return Err(StockError::NeedsQuantity(name.to_owned()).into());
        }
        let body = StockItemCreated {
            id: Uuid::now_v7(),
            sku,
            name: name.to_owned(),
            unit: new.unit.code().to_owned(),
            tracking: new.tracking.code().to_owned(),
        };
        item_effect(self.conn(), Mode::Local, &body, &timestamp(at)).await?;
        let id = body.id;
        self.record(&Op::StockItemCreated(body)).await?;
        Ok(id)
    }

    /// Opens a warehouse.
    pub async fn create_warehouse(
        &mut self,
        name: &str,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(campo_domain::ValidationError::Required(
                campo_domain::Field::WarehouseName,
            )
            .into());
        }
        let body = StockPlaceRef {
            id: Uuid::now_v7(),
            kind: PlaceKind::Warehouse.code().to_owned(),
            name: name.to_owned(),
            ref_id: None,
        };
        ensure_place(self.conn(), &body, &timestamp(at)).await?;
        let id = body.id;
        self.record(&Op::StockPlaceCreated(body)).await?;
        Ok(id)
    }

    /// Sets the minimum level of an item at a place.
    pub async fn set_stock_minimum(
        &mut self,
        place: Uuid,
        item: Uuid,
        minimum: i64,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if !(0..=stock::MAX_QUANTITY).contains(&minimum) {
            return Err(StockError::QuantityTooLarge(minimum).into());
        }
        let place = resolve_place(self.conn(), place).await?;
        if item_info(self.conn(), item).await?.is_none() {
            return Err(StockError::UnknownItem(item.to_string()).into());
        }
        let body = StockMinimumSet {
            place,
            item_id: item,
            minimum,
        };
        minimum_effect(self.conn(), &body, &timestamp(at)).await?;
        self.record(&Op::StockMinimumSet(body)).await
    }

    /// Sets the equipment an installation of `plan` requires.
    pub async fn set_plan_equipment(
        &mut self,
        plan: Uuid,
        items: &[(Uuid, i64)],
    ) -> Result<(), StoreError> {
        let mut lines = Vec::new();
        for &(item_id, quantity) in items {
            stock::check_quantity(quantity)?;
            if item_info(self.conn(), item_id).await?.is_none() {
                return Err(StockError::UnknownItem(item_id.to_string()).into());
            }
            lines.push(PlanEquipmentLine { item_id, quantity });
        }
        let body = PlanEquipmentSet {
            plan_id: plan,
            items: lines,
        };
        plan_equipment_effect(self.conn(), &body).await?;
        self.record(&Op::PlanEquipmentSet(body)).await
    }

    /// Moves equipment between two places, checked strictly; the whole request is one
    /// batch (split into operations of [`LINES_PER_OP`] lines). Returns the batch id.
    pub async fn move_stock(
        &mut self,
        request: &MoveRequest,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let from = resolve_place(self.conn(), request.from).await?;
        let to = resolve_place(self.conn(), request.to).await?;
        self.move_between(request, from, to, false, at).await
    }

    async fn move_between(
        &mut self,
        request: &MoveRequest,
        from: StockPlaceRef,
        to: StockPlaceRef,
        count: bool,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let reason = clean_reason(request.reason.as_deref());
        if matches!(request.kind, MoveKind::Adjust | MoveKind::Defective) && reason.is_none() {
            return Err(StockError::ReasonRequired.into());
        }
        if request.lines.is_empty() {
            return Err(StockError::Empty.into());
        }
        let mut seen = HashSet::new();
        let mut lines = Vec::with_capacity(request.lines.len());
        for line in &request.lines {
            lines.push(match line {
                LineInput::Serial(raw) => {
                    let serial = stock::parse_serial(raw)?;
                    if !seen.insert(serial.clone()) {
                        return Err(StockError::RepeatedSerial(serial).into());
                    }
                    let item: Option<String> =
                        sqlx::query_scalar("SELECT item_id FROM stock_units WHERE serial = ?")
                            .bind(&serial)
                            .fetch_optional(self.conn())
                            .await?;
                    let item = item.ok_or_else(|| StockError::UnknownSerial(serial.clone()))?;
                    StockLine {
                        id: Uuid::now_v7(),
                        item_id: crate::write::parse_uuid(&item)?,
                        serial: Some(serial),
                        mac: None,
                        quantity: 1,
                    }
                }
                LineInput::Bulk { item_id, quantity } => StockLine {
                    id: Uuid::now_v7(),
                    item_id: *item_id,
                    serial: None,
                    mac: None,
                    quantity: stock::check_quantity(*quantity)?,
                },
            });
        }
        let template = StockMoved {
            batch_id: Uuid::now_v7(),
            kind: request.kind.code().to_owned(),
            from,
            to,
            order_id: request.order_id,
            reason,
            count,
            lines: Vec::new(),
            at: timestamp(at),
        };
        self.write_batch(template, lines).await
    }

    /// Writes `lines` as movements of the batch described by `template`, in operations of at
    /// most [`LINES_PER_OP`] lines.
    async fn write_batch(
        &mut self,
        template: StockMoved,
        lines: Vec<StockLine>,
    ) -> Result<Uuid, StoreError> {
        let actor = self.actor_id();
        for chunk in lines.chunks(LINES_PER_OP) {
            let body = StockMoved {
                lines: chunk.to_vec(),
                ..template.clone()
            };
            move_effect(self.conn(), &body, actor, Check::Refuse).await?;
            self.record(&Op::StockMoved(body)).await?;
        }
        Ok(template.batch_id)
    }

    /// Records equipment used on an order (baixa): from the order's technician's van to the
    /// customer. Refused unless the order is in the field (en route or in progress).
    pub async fn use_on_order(
        &mut self,
        order_id: Uuid,
        lines: &[LineInput],
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        self.move_on_order(MoveKind::Use, order_id, lines, at).await
    }

    /// Records equipment collected from the customer on an order (retirada, swap): from the
    /// customer to the technician's van.
    pub async fn collect_on_order(
        &mut self,
        order_id: Uuid,
        lines: &[LineInput],
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        self.move_on_order(MoveKind::Collect, order_id, lines, at)
            .await
    }

    /// A movement between an order's van and its customer: a use goes to the customer, a
    /// collection comes back to the van.
    async fn move_on_order(
        &mut self,
        kind: MoveKind,
        order_id: Uuid,
        lines: &[LineInput],
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let (van, customer) = self.order_places(order_id).await?;
        let (from, to) = if kind == MoveKind::Collect {
            (customer, van)
        } else {
            (van, customer)
        };
        let request = MoveRequest {
            kind,
            from: from.id,
            to: to.id,
            order_id: Some(order_id),
            reason: None,
            lines: lines.to_vec(),
        };
        self.move_between(&request, from, to, false, at).await
    }

    async fn order_places(
        &mut self,
        order_id: Uuid,
    ) -> Result<(StockPlaceRef, StockPlaceRef), StoreError> {
        let row =
            sqlx::query("SELECT status, customer_id, technician_id FROM work_orders WHERE id = ?")
                .bind(order_id.to_string())
                .fetch_optional(self.conn())
                .await?
                .ok_or(StoreError::NotFound(Entity::Order))?;
        let status: String = row.try_get("status")?;
        let status = OrderStatus::from_code(&status).ok_or_else(|| decode("order status"))?;
        if !matches!(status, OrderStatus::EnRoute | OrderStatus::InProgress) {
            return Err(StockError::OrderNotInField.into());
        }
        let customer = crate::write::parse_uuid(row.try_get("customer_id")?)?;
        let technician: Option<String> = row.try_get("technician_id")?;
        let technician = technician.ok_or(StockError::OrderNotInField)?;
        let van = van_of(self.conn(), crate::write::parse_uuid(&technician)?).await?;
        let customer = customer_place(self.conn(), customer).await?;
        Ok((van, customer))
    }

    /// Receives a supplier delivery into a warehouse: each row registers a unit. Every row is
    /// checked first (unknown SKU, serial already registered); with `valid_only` the good rows
    /// are received and the others reported, otherwise a single bad row refuses the whole
    /// file. Returns the rows refused (empty when all were received).
    pub async fn receive_delivery(
        &mut self,
        warehouse: Uuid,
        rows: &[DeliveryRow],
        valid_only: bool,
        lang: campo_domain::Lang,
        at: DateTime<Utc>,
    ) -> Result<DeliveryOutcome, StoreError> {
        use campo_domain::Localized;
        let to = resolve_place(self.conn(), warehouse).await?;
        if to.kind != PlaceKind::Warehouse.code() {
            return Err(StockError::Route {
                from: named(&fixed_place(PlaceKind::Supplier))?,
                to: named(&to)?,
            }
            .into());
        }
        let skus: HashMap<String, (Uuid, String)> =
            sqlx::query("SELECT id, sku, tracking FROM stock_items")
                .fetch_all(self.conn())
                .await?
                .iter()
                .map(|r| {
                    Ok((
                        r.try_get::<String, _>("sku")?,
                        (
                            crate::write::parse_uuid(r.try_get("id")?)?,
                            r.try_get::<String, _>("tracking")?,
                        ),
                    ))
                })
                .collect::<Result<_, StoreError>>()?;
        let mut refused = Vec::new();
        let mut lines = Vec::with_capacity(rows.len());
        let mut seen = HashSet::new();
        for row in rows {
            let problem = match skus.get(&row.sku) {
                None => Some(StockError::UnknownItem(row.sku.clone())),
                Some((_, t)) if t != Tracking::Serialised.code() => {
                    Some(StockError::NeedsQuantity(row.sku.clone()))
                }
                Some(_) if !seen.insert(row.serial.clone()) => {
                    Some(StockError::RepeatedSerial(row.serial.clone()))
                }
                Some(_) => {
                    let exists: Option<i64> =
                        sqlx::query_scalar("SELECT 1 FROM stock_units WHERE serial = ?")
                            .bind(&row.serial)
                            .fetch_optional(self.conn())
                            .await?;
                    exists.map(|_| StockError::SerialExists(row.serial.clone()))
                }
            };
            match problem {
                Some(e) => refused.push(stock::RowError {
                    line: row.line,
                    message: e.message(lang),
                }),
                None => lines.push(StockLine {
                    id: Uuid::now_v7(),
                    item_id: skus[&row.sku].0,
                    serial: Some(row.serial.clone()),
                    mac: row.mac.clone(),
                    quantity: 1,
                }),
            }
        }
        let received = lines.len();
        if (!refused.is_empty() && !valid_only) || lines.is_empty() {
            return Ok(DeliveryOutcome {
                received: 0,
                refused,
                batch_id: None,
            });
        }
        let template = StockMoved {
            batch_id: Uuid::now_v7(),
            kind: MoveKind::Receipt.code().to_owned(),
            from: fixed_place(PlaceKind::Supplier),
            to,
            order_id: None,
            reason: None,
            count: false,
            lines: Vec::new(),
            at: timestamp(at),
        };
        let batch = self.write_batch(template, lines).await?;
        Ok(DeliveryOutcome {
            received,
            refused,
            batch_id: Some(batch),
        })
    }

    /// Records a count of a place: the differences against the ledger become adjustment
    /// movements with the reason, each opening a discrepancy for someone to look into.
    pub async fn record_count(
        &mut self,
        place: Uuid,
        input: &CountInput,
        at: DateTime<Utc>,
    ) -> Result<CountOutcome, StoreError> {
        let place = resolve_place(self.conn(), place).await?;
        let kind = place_kind_of(&place.kind)?;
        if !kind.is_physical() || kind == PlaceKind::Customer {
            return Err(StockError::Route {
                from: PlaceName::new(kind, &place.name),
                to: named(&fixed_place(PlaceKind::Adjustment))?,
            }
            .into());
        }
        let reason = clean_reason(Some(&input.reason)).ok_or(StockError::ReasonRequired)?;
        let mut scanned = Vec::new();
        let mut seen = HashSet::new();
        for raw in &input.serials {
            let s = stock::parse_serial(raw)?;
            if !seen.insert(s.clone()) {
                return Err(StockError::RepeatedSerial(s).into());
            }
            scanned.push(s);
        }
        let expected: Vec<String> =
            sqlx::query_scalar("SELECT serial FROM stock_units WHERE place_id = ?")
                .bind(place.id.to_string())
                .fetch_all(self.conn())
                .await?;
        let mut bulk = Vec::new();
        for &(item_id, counted) in &input.bulk {
            if counted < 0 {
                return Err(StockError::QuantityNotPositive.into());
            }
            if counted > stock::MAX_QUANTITY {
                return Err(StockError::QuantityTooLarge(counted).into());
            }
            let expected: i64 = sqlx::query_scalar(
                "SELECT quantity FROM stock_balances WHERE place_id = ? AND item_id = ?",
            )
            .bind(place.id.to_string())
            .bind(item_id.to_string())
            .fetch_optional(self.conn())
            .await?
            .unwrap_or(0);
            bulk.push(CountLine::Bulk {
                item_id,
                expected,
                counted,
            });
        }
        let diff = stock::count_differences(&expected, &scanned, &bulk);
        let adjustment = fixed_place(PlaceKind::Adjustment);
        let adjust = |lines: Vec<LineInput>, from: Uuid, to: Uuid| MoveRequest {
            kind: MoveKind::Adjust,
            from,
            to,
            order_id: None,
            reason: Some(reason.clone()),
            lines,
        };
        let mut losses: Vec<LineInput> = diff
            .serials_missing
            .iter()
            .map(|s| LineInput::Serial(s.clone()))
            .collect();
        losses.extend(
            diff.bulk_losses
                .iter()
                .map(|&(item_id, quantity)| LineInput::Bulk { item_id, quantity }),
        );
        if !losses.is_empty() {
            let r = adjust(losses, place.id, adjustment.id);
            self.move_between(&r, place.clone(), adjustment.clone(), true, at)
                .await?;
        }
        let gains: Vec<LineInput> = diff
            .bulk_gains
            .iter()
            .map(|&(item_id, quantity)| LineInput::Bulk { item_id, quantity })
            .collect();
        if !gains.is_empty() {
            let r = adjust(gains, adjustment.id, place.id);
            self.move_between(&r, adjustment.clone(), place.clone(), true, at)
                .await?;
        }
        // Serials found here that the ledger has elsewhere: brought here from where they
        // were recorded, one batch per place of origin.
        let mut by_origin: BTreeMap<String, Vec<LineInput>> = BTreeMap::new();
        for s in &diff.serials_found {
            let origin: Option<String> =
                sqlx::query_scalar("SELECT place_id FROM stock_units WHERE serial = ?")
                    .bind(s)
                    .fetch_optional(self.conn())
                    .await?;
            let origin = origin.ok_or_else(|| StockError::UnknownSerial(s.clone()))?;
            by_origin
                .entry(origin)
                .or_default()
                .push(LineInput::Serial(s.clone()));
        }
        for (origin, lines) in by_origin {
            let from = resolve_place(self.conn(), crate::write::parse_uuid(&origin)?).await?;
            let r = adjust(lines, from.id, place.id);
            self.move_between(&r, from, place.clone(), true, at).await?;
        }
        Ok(CountOutcome {
            serials_missing: diff.serials_missing,
            serials_found: diff.serials_found,
            bulk: bulk
                .iter()
                .filter_map(
                    |CountLine::Bulk {
                         item_id,
                         expected,
                         counted,
                     }| {
                        (counted != expected).then_some((*item_id, counted - expected))
                    },
                )
                .collect(),
        })
    }

    /// Closes a discrepancy with what was found and done.
    pub async fn resolve_discrepancy(
        &mut self,
        id: Uuid,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let note = note.trim();
        if note.is_empty() {
            return Err(StockError::ReasonRequired.into());
        }
        let body = StockDiscrepancyResolved {
            id,
            note: note.to_owned(),
            at: timestamp(at),
        };
        let actor = self.actor_id();
        if !resolve_effect(self.conn(), &body, actor).await? {
            return Err(StoreError::NotFound(Entity::Discrepancy));
        }
        self.record(&Op::StockDiscrepancyResolved(body)).await
    }

    /// The plan's required items not yet used on `order_id`, as "name (n)" texts (what
    /// closing it misses when its kind requires the equipment).
    pub(crate) async fn missing_equipment(
        &mut self,
        order_id: Uuid,
    ) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query(
            "SELECT i.name, pe.quantity AS required,
                    COALESCE((SELECT SUM(m.quantity) FROM stock_movements m WHERE m.order_id = o.id AND m.kind = 'use' AND m.item_id = pe.item_id), 0) AS used
             FROM work_orders o JOIN plan_equipment pe ON pe.plan_id = o.plan_id JOIN stock_items i ON i.id = pe.item_id
             WHERE o.id = ? ORDER BY i.name",
        )
        .bind(order_id.to_string())
        .fetch_all(self.conn())
        .await?;
        let mut missing = Vec::new();
        for r in rows {
            let required: i64 = r.try_get("required")?;
            let used: i64 = r.try_get("used")?;
            if used < required {
                let name: String = r.try_get("name")?;
                missing.push(format!("{name} ({})", required - used));
            }
        }
        Ok(missing)
    }
}
