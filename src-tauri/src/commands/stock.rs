//! Stock commands: places and balances, a serial's history, scanning checks, movements,
//! equipment on an order, supplier deliveries, counts, discrepancies and CSV exports.

use campo_domain::stock::{self, DeliveryRow, MoveKind, RowError};
use campo_domain::{Lang, Localized};
use campo_store::StoreError;
use campo_store::stock::{CountInput, LineInput, MoveRequest};
use campo_store::stock_query::{
    DiscrepancyView, OrderEquipment, PlaceStock, SerialView, StockOverview,
};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CommandError;
use crate::state::AppState;

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

use super::parse_id as id;

fn lines(input: &LinesInput, lang: Lang) -> Result<Vec<LineInput>, CommandError> {
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
        let quantity = stock::parse_quantity(&b.quantity)
            .map_err(|e| CommandError::from_store(&e.into(), lang))?;
        out.push(LineInput::Bulk {
            item_id: id(&b.item_id, lang)?,
            quantity,
        });
    }
    Ok(out)
}

/// Places, catalogue, low stock, open discrepancies.
#[tauri::command]
pub async fn stock_overview(
    state: tauri::State<'_, AppState>,
) -> Result<StockOverview, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    store
        .stock_overview()
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// One place: balances, units, latest movements.
#[tauri::command]
pub async fn place_stock(
    state: tauri::State<'_, AppState>,
    id: String,
) -> Result<PlaceStock, CommandError> {
    let lang = state.lang();
    let place = self::id(&id, lang)?;
    let store = state.store().await?;
    store
        .place_stock(place)
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// A serial's place and history (`null` when unknown).
#[tauri::command]
pub async fn find_serial(
    state: tauri::State<'_, AppState>,
    serial: String,
) -> Result<Option<SerialView>, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    store
        .serial(&serial)
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// Checks one scanned serial against the place it is to be taken from.
#[tauri::command]
pub async fn check_scan(
    state: tauri::State<'_, AppState>,
    serial: String,
    from: String,
) -> Result<ScanCheck, CommandError> {
    let lang = state.lang();
    let from = id(&from, lang)?;
    let store = state.store().await?;
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
        .serial(&parsed)
        .await
        .map_err(|e| CommandError::from_store(&e, lang))?;
    Ok(match found {
        None => ScanCheck {
            message: Some(stock::StockError::UnknownSerial(parsed.clone()).message(lang)),
            serial: parsed,
            ok: false,
            item_name: None,
        },
        Some(unit) if unit.place_id != from.to_string() => {
            let expected = store
                .place_stock(from)
                .await
                .map(|p| p.place.name)
                .unwrap_or_default();
            ScanCheck {
                message: Some(
                    stock::StockError::SerialElsewhere {
                        serial: parsed.clone(),
                        expected,
                        actual: unit.place_name,
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
#[tauri::command]
pub async fn move_stock(
    state: tauri::State<'_, AppState>,
    input: MoveInput,
) -> Result<PlaceStock, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let request = MoveRequest {
        kind: input.kind,
        from: id(&input.from, lang)?,
        to: id(&input.to, lang)?,
        order_id: None,
        reason: input.reason,
        lines: lines(&input.lines, lang)?,
    };
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    store
        .stock_change(actor, async |w| w.move_stock(&request, Utc::now()).await)
        .await
        .map_err(map)?;
    state.nudge_sync();
    store.place_stock(request.to).await.map_err(map)
}

/// The equipment side of an order page.
#[tauri::command]
pub async fn order_equipment(
    state: tauri::State<'_, AppState>,
    id: String,
) -> Result<OrderEquipment, CommandError> {
    let lang = state.lang();
    let order = self::id(&id, lang)?;
    let store = state.store().await?;
    store
        .order_equipment(order)
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// Records equipment used on an order (`collect = false`, from the van to the customer) or
/// collected from the customer (`collect = true`, back to the van).
#[tauri::command]
pub async fn record_equipment(
    state: tauri::State<'_, AppState>,
    id: String,
    collect: bool,
    lines: LinesInput,
) -> Result<OrderEquipment, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let order = self::id(&id, lang)?;
    let lines = self::lines(&lines, lang)?;
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    store
        .stock_change(actor, async |w| {
            if collect {
                w.collect_on_order(order, &lines, Utc::now()).await
            } else {
                w.use_on_order(order, &lines, Utc::now()).await
            }
        })
        .await
        .map_err(map)?;
    state.nudge_sync();
    store.order_equipment(order).await.map_err(map)
}

/// Reads a supplier delivery file and, unless `preview`, receives it into `warehouse`: all
/// rows or none (`valid_only = false`), or only the valid ones.
#[tauri::command]
pub async fn import_delivery(
    state: tauri::State<'_, AppState>,
    warehouse: String,
    text: String,
    valid_only: bool,
    preview: bool,
) -> Result<DeliveryReport, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let warehouse = id(&warehouse, lang)?;
    let file = stock::parse_delivery_csv(&text, lang);
    if file.rows.is_empty() && file.errors.is_empty() {
        return Err(CommandError::invalid(
            "O arquivo está vazio: use as colunas sku;serial;mac",
            "The file is empty: use the columns sku;serial;mac",
            lang,
        ));
    }
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    let mut w = store.writer(actor).await.map_err(map)?;
    let outcome = w
        .receive_delivery(warehouse, &file.rows, valid_only, lang, Utc::now())
        .await
        .map_err(map)?;
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
        w.commit().await.map_err(map)?;
        state.nudge_sync();
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
#[tauri::command]
pub async fn record_count(
    state: tauri::State<'_, AppState>,
    place: String,
    lines: LinesInput,
    reason: String,
) -> Result<CountReport, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let place = id(&place, lang)?;
    let mut bulk = Vec::new();
    for b in &lines.bulk {
        if b.quantity.trim().is_empty() {
            continue;
        }
        let q = if b.quantity.trim() == "0" {
            0
        } else {
            stock::parse_quantity(&b.quantity).map_err(|e| map(e.into()))?
        };
        bulk.push((id(&b.item_id, lang)?, q));
    }
    let input = CountInput {
        serials: lines.serials.clone(),
        bulk,
        reason,
    };
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    let out = store
        .stock_change(actor, async |w| {
            w.record_count(place, &input, Utc::now()).await
        })
        .await
        .map_err(map)?;
    state.nudge_sync();
    let items = store.stock_items().await.map_err(map)?;
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
#[tauri::command]
pub async fn list_discrepancies(
    state: tauri::State<'_, AppState>,
    include_resolved: bool,
) -> Result<Vec<DiscrepancyView>, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    store
        .discrepancies(include_resolved, lang)
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// Closes a discrepancy with what was found and done.
#[tauri::command]
pub async fn resolve_discrepancy(
    state: tauri::State<'_, AppState>,
    id: String,
    note: String,
) -> Result<Vec<DiscrepancyView>, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let discrepancy = self::id(&id, lang)?;
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    store
        .stock_change(actor, async |w| {
            w.resolve_discrepancy(discrepancy, &note, Utc::now()).await
        })
        .await
        .map_err(map)?;
    state.nudge_sync();
    store.discrepancies(false, lang).await.map_err(map)
}

/// Writes balances (`movements = false`) or the whole ledger as CSV into the Downloads
/// folder (the data folder when there is none) and returns the file's path.
#[tauri::command]
pub async fn export_stock_csv(
    state: tauri::State<'_, AppState>,
    app: tauri::AppHandle,
    movements: bool,
) -> Result<String, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let store = state.store().await?;
    let text = if movements {
        store.export_movements_csv().await
    } else {
        store.export_balances_csv().await
    }
    .map_err(map)?;
    let stem = if movements { "movimentacoes" } else { "saldos" };
    super::save_csv(&app, state.data_dir(), stem, &text, lang)
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
#[tauri::command]
pub async fn plan_equipment(
    state: tauri::State<'_, AppState>,
) -> Result<Vec<campo_store::stock_query::PlanEquipmentView>, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    store
        .plan_equipment()
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
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
#[tauri::command]
pub async fn stock_setup(
    state: tauri::State<'_, AppState>,
    change: StockSetup,
) -> Result<StockOverview, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    let now = Utc::now();
    let mut w = store.writer(actor).await.map_err(map)?;
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
                stock::parse_quantity(&minimum).map_err(|e| map(e.into()))?
            };
            w.set_stock_minimum(id(&place, lang)?, id(&item, lang)?, minimum, now)
                .await
        }
        StockSetup::PlanEquipment { plan, items } => {
            let mut lines = Vec::new();
            for b in items.iter().filter(|b| !b.quantity.trim().is_empty()) {
                let q = stock::parse_quantity(&b.quantity).map_err(|e| map(e.into()))?;
                lines.push((id(&b.item_id, lang)?, q));
            }
            w.set_plan_equipment(id(&plan, lang)?, &lines).await
        }
    }
    .map_err(map)?;
    w.commit().await.map_err(map)?;
    state.nudge_sync();
    store.stock_overview().await.map_err(map)
}
