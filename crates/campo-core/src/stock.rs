//! Stock commands: places and balances, a serial's history, scanning checks, movements,
//! equipment on an order, supplier deliveries, counts, discrepancies and CSV exports.

use campo_domain::stock::{self, DeliveryRow, MoveKind, RowError};
use campo_domain::{Lang, Localized};
use campo_store::stock::{CountInput, LineInput, MoveRequest};
use campo_store::stock_query::{
    DiscrepancyView, OrderEquipment, PlaceStock, SerialView, StockOverview,
};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::context::Context;
use crate::error::{AppError, InputError};

/// A bulk quantity as typed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BulkInput {
    /// Item id.
    pub item_id: String,
    /// Quantity as typed ("35", "1.000").
    pub quantity: String,
}

/// Lines of a movement as the forms send them: scanned serials and typed quantities.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct LinesInput {
    /// Serials, as scanned.
    pub serials: Vec<String>,
    /// Bulk items.
    pub bulk: Vec<BulkInput>,
}

/// A movement between two places.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoveInput {
    /// Kind.
    pub kind: MoveKind,
    /// From (place id).
    pub from: String,
    /// To (place id).
    pub to: String,
    /// Why.
    pub reason: Option<String>,
    /// Lines.
    pub lines: LinesInput,
}

/// What a scan found, checked the moment it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScanCheck {
    /// The serial as stored (upper case).
    pub serial: String,
    /// It can be taken from the place asked about.
    pub ok: bool,
    /// The item, when the serial is known.
    pub item_name: Option<String>,
    /// Why not, in the user's language.
    pub message: Option<String>,
}

/// A delivery file, checked: what would be received and what would not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryReport {
    /// Rows that can be received.
    pub rows: Vec<DeliveryRow>,
    /// Rows that cannot, with the reason, by line.
    pub errors: Vec<RowError>,
    /// Units received (0 for a preview, or when all-or-nothing met an error).
    pub received: u32,
}

/// What a count recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CountReport {
    /// Serials the ledger had there and nobody found.
    pub serials_missing: Vec<String>,
    /// Serials found there that the ledger had elsewhere.
    pub serials_found: Vec<String>,
    /// Bulk differences, in words.
    pub bulk: Vec<String>,
}

fn lines(input: &LinesInput) -> Result<Vec<LineInput>, AppError> {
    let mut out: Vec<LineInput> = input
        .serials
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| LineInput::Serial(s.clone()))
        .collect();
    for b in &input.bulk {
        if b.quantity.trim().is_empty() {
            continue;
        }
        let quantity = stock::parse_quantity(&b.quantity)?;
        out.push(LineInput::Bulk {
            item_id: crate::parse_id(&b.item_id)?,
            quantity,
        });
    }
    Ok(out)
}

/// Places, catalogue, low stock, open discrepancies.
pub async fn stock_overview(ctx: &Context) -> Result<StockOverview, AppError> {
    let store = ctx.store().await?;
    store
        .stock_overview(ctx.lang())
        .await
        .map_err(AppError::from)
}

/// One place: balances, units, latest movements.
pub async fn place_stock(ctx: &Context, id: String) -> Result<PlaceStock, AppError> {
    let place = crate::parse_id(&id)?;
    let store = ctx.store().await?;
    store
        .place_stock(place, ctx.lang())
        .await
        .map_err(AppError::from)
}

/// A serial's place and history (`null` when unknown).
pub async fn find_serial(ctx: &Context, serial: String) -> Result<Option<SerialView>, AppError> {
    let store = ctx.store().await?;
    store
        .serial(&serial, ctx.lang())
        .await
        .map_err(AppError::from)
}

/// Checks one scanned serial against the place it is to be taken from.
pub async fn check_scan(
    ctx: &Context,
    serial: String,
    from: String,
) -> Result<ScanCheck, AppError> {
    let lang = ctx.lang();
    let from = crate::parse_id(&from)?;
    let store = ctx.store().await?;
    let serial_text = serial.trim().to_uppercase();
    let parsed = match stock::parse_serial(&serial) {
        Ok(s) => s,
        Err(e) => {
            return Ok(ScanCheck {
                serial: serial_text,
                ok: false,
                item_name: None,
                message: Some(e.message(lang)),
            });
        }
    };
    let found = store
        .serial(&parsed, ctx.lang())
        .await
        .map_err(AppError::from)?;
    Ok(match found {
        None => ScanCheck {
            message: Some(stock::StockError::UnknownSerial(parsed.clone()).message(lang)),
            serial: parsed,
            ok: false,
            item_name: None,
        },
        Some(unit) if unit.place_id != from.to_string() => {
            let expected = store.place_named(from).await?;
            let actual = store.place_named(crate::parse_id(&unit.place_id)?).await?;
            ScanCheck {
                message: Some(
                    stock::StockError::SerialElsewhere {
                        serial: parsed.clone(),
                        expected,
                        actual,
                    }
                    .message(lang),
                ),
                serial: parsed,
                ok: false,
                item_name: Some(unit.item_name),
            }
        }
        Some(unit) => ScanCheck {
            serial: parsed,
            ok: true,
            item_name: Some(unit.item_name),
            message: None,
        },
    })
}

/// Moves equipment between two places (checkout, return, defective, transfer, adjustment).
pub async fn move_stock(ctx: &Context, input: MoveInput) -> Result<PlaceStock, AppError> {
    let request = MoveRequest {
        kind: input.kind,
        from: crate::parse_id(&input.from)?,
        to: crate::parse_id(&input.to)?,
        order_id: None,
        reason: input.reason,
        lines: lines(&input.lines)?,
    };
    let store = ctx.store().await?;
    let actor = crate::actor(&store).await?;
    store
        .stock_change(actor, async |w| w.move_stock(&request, Utc::now()).await)
        .await?;
    ctx.nudge_sync();
    store
        .place_stock(request.to, ctx.lang())
        .await
        .map_err(AppError::from)
}

/// The equipment side of an order page.
pub async fn order_equipment(ctx: &Context, id: String) -> Result<OrderEquipment, AppError> {
    let order = crate::parse_id(&id)?;
    let store = ctx.store().await?;
    store
        .order_equipment(order, ctx.lang())
        .await
        .map_err(AppError::from)
}

/// Records equipment used on an order (`collect = false`, from the van to the customer) or
/// collected from the customer (`collect = true`, back to the van).
pub async fn record_equipment(
    ctx: &Context,
    id: String,
    collect: bool,
    lines: LinesInput,
) -> Result<OrderEquipment, AppError> {
    let order = crate::parse_id(&id)?;
    let lines = self::lines(&lines)?;
    let store = ctx.store().await?;
    let actor = crate::actor(&store).await?;
    store
        .stock_change(actor, async |w| {
            if collect {
                w.collect_on_order(order, &lines, Utc::now()).await
            } else {
                w.use_on_order(order, &lines, Utc::now()).await
            }
        })
        .await?;
    ctx.nudge_sync();
    store
        .order_equipment(order, ctx.lang())
        .await
        .map_err(AppError::from)
}

/// Reads a supplier delivery file and, unless `preview`, receives it into `warehouse`: all
/// rows or none (`valid_only = false`), or only the valid ones.
pub async fn import_delivery(
    ctx: &Context,
    warehouse: String,
    text: String,
    valid_only: bool,
    preview: bool,
) -> Result<DeliveryReport, AppError> {
    let lang = ctx.lang();
    let warehouse = crate::parse_id(&warehouse)?;
    let file = stock::parse_delivery_csv(&text, lang);
    if file.rows.is_empty() && file.errors.is_empty() {
        return Err(InputError::EmptyDelivery.into());
    }
    let store = ctx.store().await?;
    let actor = crate::actor(&store).await?;
    let mut w = store.writer(actor).await?;
    let outcome = w
        .receive_delivery(warehouse, &file.rows, valid_only, lang, Utc::now())
        .await?;
    let mut errors = file.errors;
    errors.extend(outcome.refused.iter().cloned());
    errors.sort_by_key(|e| e.line);
    let refused: std::collections::HashSet<u32> = errors.iter().map(|e| e.line).collect();
    let rows: Vec<DeliveryRow> = file
        .rows
        .into_iter()
        .filter(|r| !refused.contains(&r.line))
        .collect();
    // A file with errors received "all or nothing" received nothing.
    let apply = !preview && (valid_only || errors.is_empty());
    let received = if apply {
        w.commit().await?;
        ctx.nudge_sync();
        u32::try_from(outcome.received).unwrap_or(u32::MAX)
    } else {
        // Dropping the writer rolls the trial back: a preview changes nothing.
        drop(w);
        0
    };
    Ok(DeliveryReport {
        rows,
        errors,
        received,
    })
}

/// Records a count of a place; the differences become adjustments and discrepancies.
pub async fn record_count(
    ctx: &Context,
    place: String,
    lines: LinesInput,
    reason: String,
) -> Result<CountReport, AppError> {
    let lang = ctx.lang();
    let place = crate::parse_id(&place)?;
    let mut bulk = Vec::new();
    for b in &lines.bulk {
        if b.quantity.trim().is_empty() {
            continue;
        }
        let q = if b.quantity.trim() == "0" {
            0
        } else {
            stock::parse_quantity(&b.quantity)?
        };
        bulk.push((crate::parse_id(&b.item_id)?, q));
    }
    let input = CountInput {
        serials: lines.serials.clone(),
        bulk,
        reason,
    };
    let store = ctx.store().await?;
    let actor = crate::actor(&store).await?;
    let out = store
        .stock_change(actor, async |w| {
            w.record_count(place, &input, Utc::now()).await
        })
        .await?;
    ctx.nudge_sync();
    let items = store.stock_items().await?;
    let bulk = out
        .bulk
        .iter()
        .map(|(item, diff)| {
            let name = items
                .iter()
                .find(|i| i.id == item.to_string())
                .map_or_else(|| item.to_string(), |i| i.name.clone());
            match lang {
                Lang::PtBr => format!("{name}: {diff:+}"),
                Lang::En => format!("{name}: {diff:+}"),
            }
        })
        .collect();
    Ok(CountReport {
        serials_missing: out.serials_missing,
        serials_found: out.serials_found,
        bulk,
    })
}

/// Discrepancies, open ones first.
pub async fn list_discrepancies(
    ctx: &Context,
    include_resolved: bool,
) -> Result<Vec<DiscrepancyView>, AppError> {
    let lang = ctx.lang();
    let store = ctx.store().await?;
    store
        .discrepancies(include_resolved, lang)
        .await
        .map_err(AppError::from)
}

/// Closes a discrepancy with what was found and done.
pub async fn resolve_discrepancy(
    ctx: &Context,
    id: String,
    note: String,
) -> Result<Vec<DiscrepancyView>, AppError> {
    let lang = ctx.lang();
    let discrepancy = crate::parse_id(&id)?;
    let store = ctx.store().await?;
    let actor = crate::actor(&store).await?;
    store
        .stock_change(actor, async |w| {
            w.resolve_discrepancy(discrepancy, &note, Utc::now()).await
        })
        .await?;
    ctx.nudge_sync();
    store
        .discrepancies(false, lang)
        .await
        .map_err(AppError::from)
}

/// Writes balances (`movements = false`) or the whole ledger as CSV into the Downloads
/// folder (the data folder when there is none) and returns the file's path.
pub async fn export_stock_csv(ctx: &Context, movements: bool) -> Result<String, AppError> {
    let store = ctx.store().await?;
    let text = if movements {
        store.export_movements_csv(ctx.lang()).await
    } else {
        store.export_balances_csv(ctx.lang()).await
    }?;
    let stem = if movements {
        crate::named(ctx.lang(), "movimentacoes", "movements")
    } else {
        crate::named(ctx.lang(), "saldos", "balances")
    };
    crate::save_csv(ctx, stem, &text)
}

/// A new catalogue item as the form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemInput {
    /// SKU.
    pub sku: String,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: campo_domain::stock::Unit,
    /// Serialised or bulk.
    pub tracking: campo_domain::stock::Tracking,
}

/// What the catalogue screen edits: every plan's required equipment.
pub async fn plan_equipment(
    ctx: &Context,
) -> Result<Vec<campo_store::stock_query::PlanEquipmentView>, AppError> {
    let store = ctx.store().await?;
    store.plan_equipment().await.map_err(AppError::from)
}

/// Catalogue and setup changes, each one transaction as this device's user.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StockSetup {
    /// Add an item to the catalogue.
    Item {
        /// The item.
        item: ItemInput,
    },
    /// Open a warehouse.
    Warehouse {
        /// Its name.
        name: String,
    },
    /// Set an item's minimum level at a place.
    Minimum {
        /// Place id.
        place: String,
        /// Item id.
        item: String,
        /// Minimum as typed.
        minimum: String,
    },
    /// Set the equipment a plan's installations require.
    PlanEquipment {
        /// Plan id.
        plan: String,
        /// Items and quantities as typed (empty quantities are left out).
        items: Vec<BulkInput>,
    },
}

/// Applies a catalogue or setup change and returns the stock overview afterwards.
pub async fn stock_setup(ctx: &Context, change: StockSetup) -> Result<StockOverview, AppError> {
    let store = ctx.store().await?;
    let actor = crate::actor(&store).await?;
    let now = Utc::now();
    let mut w = store.writer(actor).await?;
    match change {
        StockSetup::Item { item } => w
            .create_stock_item(
                &campo_store::stock::NewItem {
                    sku: item.sku,
                    name: item.name,
                    unit: item.unit,
                    tracking: item.tracking,
                },
                now,
            )
            .await
            .map(|_| ()),
        StockSetup::Warehouse { name } => w.create_warehouse(&name, now).await.map(|_| ()),
        StockSetup::Minimum {
            place,
            item,
            minimum,
        } => {
            let minimum = if minimum.trim() == "0" {
                0
            } else {
                stock::parse_quantity(&minimum)?
            };
            w.set_stock_minimum(
                crate::parse_id(&place)?,
                crate::parse_id(&item)?,
                minimum,
                now,
            )
            .await
        }
        StockSetup::PlanEquipment { plan, items } => {
            let mut lines = Vec::new();
            for b in items.iter().filter(|b| !b.quantity.trim().is_empty()) {
                let q = stock::parse_quantity(&b.quantity)?;
                lines.push((crate::parse_id(&b.item_id)?, q));
            }
            w.set_plan_equipment(crate::parse_id(&plan)?, &lines).await
        }
    }?;
    w.commit().await?;
    ctx.nudge_sync();
    store
        .stock_overview(ctx.lang())
        .await
        .map_err(AppError::from)
}
