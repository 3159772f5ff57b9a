//! The stock ledger's write side: catalogue, places, movements, counts, deliveries and
//! discrepancies, each written through the [`Writer`] (effect + outbox in one transaction).
//!
//! A person's own movement is checked strictly and refused with a message when it breaks a
//! rule (a serial not where the movement takes it from, more cable than the van holds). A
//! movement pulled from the server is always recorded — the ledger never loses a row — and
//! what it breaks becomes a discrepancy someone resolves.
//!
//! - [`places`]: places equipment can be (warehouses, vans, customers, fixed places).
//! - [`effects`]: the effects shared by local writes and pulled movements (the ledger and its
//!   projections, discrepancies).
//! - [`write`]: the [`Writer`]'s stock operations (catalogue, movements, deliveries, counts).

mod effects;
mod places;
mod write;

pub(crate) use effects::*;
pub(crate) use places::*;

use campo_domain::stock::{self, MoveKind, PlaceKind, PlaceName, Tracking, Unit, fixed_place_id};
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

use crate::write::Writer;
use crate::{Actor, Store, StoreError};
use campo_protocol::ops::StockPlaceRef;

/// Most lines one operation carries; a larger batch (a 10k-serial delivery) is split into
/// several operations of the same batch, so each stays a modest request.
pub const LINES_PER_OP: usize = 500;

/// Namespace for discrepancy ids (derived from the movement that revealed them).
const DISCREPANCY_NAMESPACE: Uuid = Uuid::from_u128(0x0b5e_91c2_77d4_4f3e_a1c0_5d92_e6a8_3b17);

fn discrepancy_id(movement: Uuid, kind: &str, place: Uuid) -> Uuid {
    Uuid::new_v5(
        &DISCREPANCY_NAMESPACE,
        format!("{kind}:{movement}:{place}").as_bytes(),
    )
}

/// A new catalogue item.
#[derive(Debug, Clone)]
pub struct NewItem {
    /// SKU (stored upper case).
    pub sku: String,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: Unit,
    /// Serialised or bulk.
    pub tracking: Tracking,
}

/// One line of a movement as asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineInput {
    /// A serialised unit, by serial (scanned or typed).
    Serial(String),
    /// A quantity of a bulk item.
    Bulk {
        /// Item.
        item_id: Uuid,
        /// Quantity.
        quantity: i64,
    },
}

/// A movement as asked for.
#[derive(Debug, Clone)]
pub struct MoveRequest {
    /// Why.
    pub kind: MoveKind,
    /// From (place id).
    pub from: Uuid,
    /// To (place id).
    pub to: Uuid,
    /// The order it belongs to.
    pub order_id: Option<Uuid>,
    /// Reason (required for adjustments and defective units).
    pub reason: Option<String>,
    /// Lines.
    pub lines: Vec<LineInput>,
}

/// What a count found at a place.
#[derive(Debug, Clone, Default)]
pub struct CountInput {
    /// Serials scanned there.
    pub serials: Vec<String>,
    /// Bulk items counted: (item, quantity on the shelf). Items not listed are not counted.
    pub bulk: Vec<(Uuid, i64)>,
    /// Why the differences happened, as far as anyone knows.
    pub reason: String,
}

/// What a count recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountOutcome {
    /// Serials the ledger had there that were not found.
    pub serials_missing: Vec<String>,
    /// Serials found there that the ledger had elsewhere.
    pub serials_found: Vec<String>,
    /// Bulk differences: (item, counted − expected).
    pub bulk: Vec<(Uuid, i64)>,
}

struct ItemInfo {
    name: String,
    unit: Unit,
    tracking: Tracking,
}

async fn item_info(c: &mut SqliteConnection, id: Uuid) -> Result<Option<ItemInfo>, StoreError> {
    let row = sqlx::query("SELECT name, unit, tracking FROM stock_items WHERE id = ?")
        .bind(id.to_string())
        .fetch_optional(&mut *c)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let unit: String = row.try_get("unit")?;
    let tracking: String = row.try_get("tracking")?;
    Ok(Some(ItemInfo {
        name: row.try_get("name")?,
        unit: unit_of(&unit)?,
        tracking: tracking_of(&tracking)?,
    }))
}

/// A stored stock code the store does not know (it wrote it, so the row is damaged).
pub(crate) fn decode(what: &str) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(format!("invalid stock {what}").into()))
}

/// A stored unit code, read back.
pub(crate) fn unit_of(code: &str) -> Result<Unit, StoreError> {
    Unit::from_code(code).ok_or_else(|| decode("unit"))
}

/// A stored tracking code, read back.
pub(crate) fn tracking_of(code: &str) -> Result<Tracking, StoreError> {
    Tracking::from_code(code).ok_or_else(|| decode("tracking"))
}

/// A stored place kind, read back.
pub(crate) fn place_kind_of(code: &str) -> Result<PlaceKind, StoreError> {
    PlaceKind::from_code(code).ok_or_else(|| decode("place kind"))
}

/// Names of the fixed places, as the ledger keeps them (worded for the reader by
/// [`PlaceKind::place_name`]).
fn fixed_name(kind: PlaceKind) -> &'static str {
    kind.label(campo_domain::Lang::PtBr)
}

/// The reference of a fixed place.
pub fn fixed_place(kind: PlaceKind) -> StockPlaceRef {
    StockPlaceRef {
        id: fixed_place_id(kind),
        kind: kind.code().to_owned(),
        name: fixed_name(kind).to_owned(),
        ref_id: None,
    }
}

/// A place's name with its kind, to be worded for whoever reads it.
pub(crate) fn named(place: &StockPlaceRef) -> Result<PlaceName, StoreError> {
    Ok(PlaceName::new(place_kind_of(&place.kind)?, &place.name))
}

/// A reason as given: trimmed, `None` when blank.
fn clean_reason(reason: Option<&str>) -> Option<String> {
    reason
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
}

/// What a delivery import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryOutcome {
    /// Units received.
    pub received: usize,
    /// Rows refused, with the reason.
    pub refused: Vec<stock::RowError>,
    /// The batch written, when anything was.
    pub batch_id: Option<Uuid>,
}

impl Store {
    /// Runs one stock change in its own transaction, as `actor`.
    pub async fn stock_change<T>(
        &self,
        actor: Actor,
        change: impl AsyncFnOnce(&mut Writer<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut w = self.writer(actor).await?;
        let out = change(&mut w).await?;
        w.commit().await?;
        Ok(out)
    }
}
