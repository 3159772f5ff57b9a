//! Stock rules: the equipment catalogue, places equipment can be, movements between them, and
//! what makes a movement acceptable. The ledger itself lives in the store; this module decides.
//!
//! - A **serialised** item (ONU, router, set-top box) is tracked unit by unit: serial and MAC,
//!   always at exactly one place; a movement may only take a unit from where it is.
//! - A **bulk** item (drop cable in metres, connectors) has a quantity per place; a physical
//!   place (warehouse, van, customer, defective) never goes below zero.
//! - Virtual places (supplier, loss, count adjustment) are where stock enters and leaves the
//!   company's books; they have no balance to protect.
//! - Corrections are new movements, never edits.
//!
//! A count compared with the ledger is in `count`; a supplier's delivery file in `delivery`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::i18n::{Lang, Localized};

mod count;
mod delivery;

pub use count::{CountDifferences, CountLine, count_differences};
pub use delivery::{DeliveryFile, DeliveryRow, RowError, parse_delivery_csv};

/// The largest quantity one movement line may carry (a 10 km drum of cable, 100k connectors):
/// anything above is a typing slip.
pub const MAX_QUANTITY: i64 = 100_000;

/// Namespace for the ids of places that follow from another record (a technician's van, a
/// customer's premises) or are fixed (supplier, loss, …): every device derives the same id.
const PLACE_NAMESPACE: Uuid = Uuid::from_u128(0x6c1f_2a4e_93b7_4d0a_8e55_0c2b_7f31_a9d4);

/// How an item is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Tracking {
    /// One unit at a time, each with a serial (and usually a MAC).
    Serialised,
    /// Quantities (metres of cable, pieces).
    Bulk,
}

impl Tracking {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Tracking::Serialised => "serialised",
            Tracking::Bulk => "bulk",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "serialised" => Some(Tracking::Serialised),
            "bulk" => Some(Tracking::Bulk),
            _ => None,
        }
    }
}

/// Unit of measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Unidade (pieces).
    Piece,
    /// Metro.
    Metre,
}

impl Unit {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Unit::Piece => "un",
            Unit::Metre => "m",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "un" => Some(Unit::Piece),
            "m" => Some(Unit::Metre),
            _ => None,
        }
    }

    /// The abbreviation a person reads (a spreadsheet's column).
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Unit::Piece, Lang::PtBr) => "un",
            (Unit::Piece, Lang::En) => "pc",
            (Unit::Metre, _) => "m",
        }
    }
}

/// The kind of a place equipment can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// Almoxarifado.
    Warehouse,
    /// A technician's van.
    Van,
    /// A customer's premises (equipment lent as comodato).
    Customer,
    /// Defeituosos / RMA.
    Defective,
    /// Supplier deliveries come from here.
    Supplier,
    /// Lost or stolen: written off.
    Loss,
    /// Differences found by a count.
    Adjustment,
}

impl PlaceKind {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            PlaceKind::Warehouse => "warehouse",
            PlaceKind::Van => "van",
            PlaceKind::Customer => "customer",
            PlaceKind::Defective => "defective",
            PlaceKind::Supplier => "supplier",
            PlaceKind::Loss => "loss",
            PlaceKind::Adjustment => "adjustment",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "warehouse" => PlaceKind::Warehouse,
            "van" => PlaceKind::Van,
            "customer" => PlaceKind::Customer,
            "defective" => PlaceKind::Defective,
            "supplier" => PlaceKind::Supplier,
            "loss" => PlaceKind::Loss,
            "adjustment" => PlaceKind::Adjustment,
            _ => return None,
        })
    }

    /// The name a person reads.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PlaceKind::Warehouse, Lang::PtBr) => "Almoxarifado",
            (PlaceKind::Warehouse, Lang::En) => "Warehouse",
            (PlaceKind::Van, _) => "Van",
            (PlaceKind::Customer, Lang::PtBr) => "Cliente",
            (PlaceKind::Customer, Lang::En) => "Customer",
            (PlaceKind::Defective, Lang::PtBr) => "Defeituosos / RMA",
            (PlaceKind::Defective, Lang::En) => "Defective / RMA",
            (PlaceKind::Supplier, Lang::PtBr) => "Fornecedor",
            (PlaceKind::Supplier, Lang::En) => "Supplier",
            (PlaceKind::Loss, Lang::PtBr) => "Perdas e extravios",
            (PlaceKind::Loss, Lang::En) => "Losses",
            (PlaceKind::Adjustment, Lang::PtBr) => "Ajuste de inventário",
            (PlaceKind::Adjustment, Lang::En) => "Inventory adjustment",
        }
    }

    /// The name of a place of this kind as the reader reads it, from the name the ledger
    /// keeps (`stored`): a van is its technician's ([`van_name`]), a fixed place is named by
    /// its kind; a warehouse and a customer keep their own names.
    pub fn place_name(self, stored: &str, lang: Lang) -> String {
        match self {
            PlaceKind::Van => match (stored.strip_prefix(VAN_PREFIX), lang) {
                (Some(technician), Lang::En) => format!("{technician}'s van"),
                _ => stored.to_owned(),
            },
            PlaceKind::Supplier
            | PlaceKind::Loss
            | PlaceKind::Adjustment
            | PlaceKind::Defective => self.label(lang).to_owned(),
            PlaceKind::Warehouse | PlaceKind::Customer => stored.to_owned(),
        }
    }

    /// Physical places hold what they hold: their balances never go below zero.
    pub fn is_physical(self) -> bool {
        matches!(
            self,
            PlaceKind::Warehouse | PlaceKind::Van | PlaceKind::Customer | PlaceKind::Defective
        )
    }
}

/// A place as the ledger names it, with its kind: worded for the reader when shown
/// ([`PlaceKind::place_name`]); its `Display` is the pt-BR wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceName {
    /// What kind of place it is.
    pub kind: PlaceKind,
    /// The name the ledger keeps.
    pub stored: String,
}

impl PlaceName {
    /// The place named by the ledger `stored`, of `kind`.
    pub fn new(kind: PlaceKind, stored: impl Into<String>) -> Self {
        PlaceName {
            kind,
            stored: stored.into(),
        }
    }

    /// The name the reader reads.
    pub fn worded(&self, lang: Lang) -> String {
        self.kind.place_name(&self.stored, lang)
    }
}

impl std::fmt::Display for PlaceName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.worded(Lang::PtBr))
    }
}

/// How the ledger names a technician's van (worded for the reader by
/// [`PlaceKind::place_name`]).
const VAN_PREFIX: &str = "Van de ";

/// The name the ledger keeps for `technician`'s van.
pub fn van_name(technician: &str) -> String {
    format!("{VAN_PREFIX}{technician}")
}

/// The id of a technician's van.
pub fn van_id(technician_id: Uuid) -> Uuid {
    Uuid::new_v5(&PLACE_NAMESPACE, format!("van:{technician_id}").as_bytes())
}

/// The id of a customer's premises.
pub fn customer_place_id(customer_id: Uuid) -> Uuid {
    Uuid::new_v5(
        &PLACE_NAMESPACE,
        format!("customer:{customer_id}").as_bytes(),
    )
}

/// The id of one of the fixed places (supplier, defective/RMA, loss, adjustment).
pub fn fixed_place_id(kind: PlaceKind) -> Uuid {
    Uuid::new_v5(
        &PLACE_NAMESPACE,
        format!("fixed:{}", kind.code()).as_bytes(),
    )
}

/// Why equipment moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    /// Supplier delivery into a warehouse.
    Receipt,
    /// Warehouse → van.
    Checkout,
    /// Van → warehouse.
    Return,
    /// Van → customer, on an order (baixa).
    Use,
    /// Customer → van, on a removal (retirada) or a swap.
    Collect,
    /// → defective/RMA.
    Defective,
    /// Between two warehouses or two vans.
    Transfer,
    /// A count's difference, or a write-off.
    Adjust,
}

impl MoveKind {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            MoveKind::Receipt => "receipt",
            MoveKind::Checkout => "checkout",
            MoveKind::Return => "return",
            MoveKind::Use => "use",
            MoveKind::Collect => "collect",
            MoveKind::Defective => "defective",
            MoveKind::Transfer => "transfer",
            MoveKind::Adjust => "adjust",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "receipt" => MoveKind::Receipt,
            "checkout" => MoveKind::Checkout,
            "return" => MoveKind::Return,
            "use" => MoveKind::Use,
            "collect" => MoveKind::Collect,
            "defective" => MoveKind::Defective,
            "transfer" => MoveKind::Transfer,
            "adjust" => MoveKind::Adjust,
            _ => return None,
        })
    }

    /// The name a person reads.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (MoveKind::Receipt, Lang::PtBr) => "Recebimento",
            (MoveKind::Receipt, Lang::En) => "Receipt",
            (MoveKind::Checkout, Lang::PtBr) => "Saída para van",
            (MoveKind::Checkout, Lang::En) => "Checkout to van",
            (MoveKind::Return, Lang::PtBr) => "Devolução",
            (MoveKind::Return, Lang::En) => "Return",
            (MoveKind::Use, Lang::PtBr) => "Baixa na OS",
            (MoveKind::Use, Lang::En) => "Used on order",
            (MoveKind::Collect, Lang::PtBr) => "Retirada no cliente",
            (MoveKind::Collect, Lang::En) => "Collected from customer",
            (MoveKind::Defective, Lang::PtBr) => "Defeito/RMA",
            (MoveKind::Defective, Lang::En) => "Defective/RMA",
            (MoveKind::Transfer, Lang::PtBr) => "Transferência",
            (MoveKind::Transfer, Lang::En) => "Transfer",
            (MoveKind::Adjust, Lang::PtBr) => "Ajuste",
            (MoveKind::Adjust, Lang::En) => "Adjustment",
        }
    }

    /// Whether a movement of this kind may go from a place of kind `from` to one of kind `to`.
    pub fn allows(self, from: PlaceKind, to: PlaceKind) -> bool {
        use PlaceKind as P;
        match self {
            MoveKind::Receipt => from == P::Supplier && to == P::Warehouse,
            MoveKind::Checkout => from == P::Warehouse && to == P::Van,
            MoveKind::Return => from == P::Van && to == P::Warehouse,
            MoveKind::Use => from == P::Van && to == P::Customer,
            MoveKind::Collect => from == P::Customer && matches!(to, P::Van | P::Warehouse),
            MoveKind::Defective => {
                matches!(from, P::Warehouse | P::Van | P::Customer) && to == P::Defective
            }
            MoveKind::Transfer => {
                (matches!(from, P::Warehouse | P::Van) && matches!(to, P::Warehouse | P::Van))
                    || (from == P::Defective && to == P::Supplier)
            }
            // Counts bring stock in from or out to the adjustment place, write losses off, and
            // bring a unit found in one place from where the ledger had it.
            MoveKind::Adjust => {
                (from == P::Adjustment && to.is_physical())
                    || (from.is_physical()
                        && (matches!(to, P::Loss | P::Adjustment) || to.is_physical()))
            }
        }
    }
}

/// Why a stock entry or movement was refused. Each message names the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StockError {
    /// A serial with characters a label never has, or of an impossible length.
    #[error(
        "Serial inválido: \u{201c}{0}\u{201d} (use letras, números e hífen, de 4 a 40 caracteres)"
    )]
    SerialFormat(String),
    /// A MAC that is not 12 hexadecimal digits.
    #[error(
        "MAC inválido: \u{201c}{0}\u{201d} (use 12 dígitos hexadecimais, como 00:1A:2B:3C:4D:5E)"
    )]
    MacFormat(String),
    /// No unit with this serial is registered.
    #[error("Serial desconhecido: {0}")]
    UnknownSerial(String),
    /// The serial is registered already (on a receipt).
    #[error("Serial {0} já está cadastrado")]
    SerialExists(String),
    /// The same serial twice in one batch or file.
    #[error("Serial {0} repetido")]
    RepeatedSerial(String),
    /// The unit is somewhere else than where the movement takes it from.
    #[error("Serial {serial} não está em {expected}: está em {actual}")]
    SerialElsewhere {
        /// The serial.
        serial: String,
        /// Where the movement says it is.
        expected: PlaceName,
        /// Where it is.
        actual: PlaceName,
    },
    /// Zero or negative quantity.
    #[error("Quantidade inválida: informe um número maior que zero")]
    QuantityNotPositive,
    /// A quantity above [`MAX_QUANTITY`].
    #[error("Quantidade grande demais: {0} (máximo {MAX_QUANTITY} por lançamento)")]
    QuantityTooLarge(i64),
    /// Not a whole number.
    #[error("Quantidade inválida: \u{201c}{0}\u{201d} não é um número inteiro")]
    QuantityFormat(String),
    /// More than the place holds.
    #[error("{place} tem só {available} {} de {item}; pedido: {requested}", unit.label(Lang::PtBr))]
    NotEnough {
        /// The place.
        place: PlaceName,
        /// The item.
        item: String,
        /// Its unit.
        unit: Unit,
        /// What it holds.
        available: i64,
        /// What was asked for.
        requested: i64,
    },
    /// A serialised item moved by quantity, or a bulk item by serial.
    #[error("{0} é controlado por serial: bipe ou digite o serial de cada unidade")]
    NeedsSerial(String),
    /// A bulk item given a serial.
    #[error("{0} não tem serial: informe a quantidade")]
    NeedsQuantity(String),
    /// No item with this SKU.
    #[error("Item desconhecido: {0}")]
    UnknownItem(String),
    /// A movement between places its kind does not allow.
    #[error("Movimentação não permitida de {from} para {to}")]
    Route {
        /// Where from.
        from: PlaceName,
        /// Where to.
        to: PlaceName,
    },
    /// A movement with no lines.
    #[error("Nenhum item informado")]
    Empty,
    /// A movement that needs a reason (adjustments, defective, write-offs).
    #[error("Informe o motivo")]
    ReasonRequired,
    /// Equipment is marked on an order only while the technician is on it.
    #[error("Registre equipamentos com a ordem em deslocamento ou em execução, e com técnico")]
    OrderNotInField,
    /// An installation finished without its plan's required equipment, and no reason.
    #[error(
        "Faltam equipamentos obrigatórios do plano: {0}. Registre o equipamento usado ou informe o motivo"
    )]
    MissingEquipment(String),
}

impl Localized for StockError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                StockError::SerialFormat(s) => format!(
                    "Invalid serial: “{s}” (use letters, digits and hyphens, 4 to 40 characters)"
                ),
                StockError::MacFormat(s) => {
                    format!("Invalid MAC: “{s}” (use 12 hex digits, e.g. 00:1A:2B:3C:4D:5E)")
                }
                StockError::UnknownSerial(s) => format!("Unknown serial: {s}"),
                StockError::SerialExists(s) => format!("Serial {s} is already registered"),
                StockError::RepeatedSerial(s) => format!("Serial {s} repeated"),
                StockError::SerialElsewhere {
                    serial,
                    expected,
                    actual,
                } => format!(
                    "Serial {serial} is not at {}: it is at {}",
                    expected.worded(Lang::En),
                    actual.worded(Lang::En)
                ),
                StockError::QuantityNotPositive => {
                    "Invalid quantity: enter a number greater than zero".into()
                }
                StockError::QuantityTooLarge(q) => {
                    format!("Quantity too large: {q} (at most {MAX_QUANTITY} per entry)")
                }
                StockError::QuantityFormat(s) => {
                    format!("Invalid quantity: “{s}” is not a whole number")
                }
                StockError::NotEnough {
                    place,
                    item,
                    unit,
                    available,
                    requested,
                } => format!(
                    "{} holds only {available} {} of {item}; requested: {requested}",
                    place.worded(Lang::En),
                    unit.label(Lang::En)
                ),
                StockError::NeedsSerial(i) => {
                    format!("{i} is tracked by serial: scan or type each unit's serial")
                }
                StockError::NeedsQuantity(i) => format!("{i} has no serial: enter the quantity"),
                StockError::UnknownItem(s) => format!("Unknown item: {s}"),
                StockError::Route { from, to } => {
                    format!(
                        "Movement not allowed from {} to {}",
                        from.worded(Lang::En),
                        to.worded(Lang::En)
                    )
                }
                StockError::Empty => "No items given".into(),
                StockError::ReasonRequired => "Give the reason".into(),
                StockError::OrderNotInField => {
                    "Record equipment while the order is en route or in progress, with a technician"
                        .into()
                }
                StockError::MissingEquipment(list) => format!(
                    "The plan's required equipment is missing: {list}. Record the equipment used or give the reason"
                ),
            },
        }
    }
}

/// Normalises a serial as scanned or typed: trimmed, upper case; letters, digits, `-`, `/`
/// and `.` only, 4 to 40 characters.
pub fn parse_serial(raw: &str) -> Result<String, StockError> {
    let s = raw.trim().to_uppercase();
    let ok_chars = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.'));
    if !ok_chars || !(4..=40).contains(&s.len()) {
        return Err(StockError::SerialFormat(raw.trim().to_owned()));
    }
    Ok(s)
}

/// Normalises a MAC address to `AA:BB:CC:DD:EE:FF` (accepts `:`, `-`, `.` or no separators).
pub fn parse_mac(raw: &str) -> Result<String, StockError> {
    let hex: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ':' | '-' | '.'))
        .collect();
    if hex.len() != 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(StockError::MacFormat(raw.trim().to_owned()));
    }
    let up = hex.to_uppercase();
    let pairs: Vec<&str> = (0..6).map(|i| &up[i * 2..i * 2 + 2]).collect();
    Ok(pairs.join(":"))
}

/// Checks a bulk quantity: a whole number from 1 to [`MAX_QUANTITY`].
pub fn check_quantity(q: i64) -> Result<i64, StockError> {
    if q <= 0 {
        Err(StockError::QuantityNotPositive)
    } else if q > MAX_QUANTITY {
        Err(StockError::QuantityTooLarge(q))
    } else {
        Ok(q)
    }
}

/// Parses a quantity as typed ("35", " 1.000 ", "12,0" is refused: whole units only).
pub fn parse_quantity(raw: &str) -> Result<i64, StockError> {
    let t = raw.trim().replace('.', "");
    let q: i64 = t
        .parse()
        .map_err(|_| StockError::QuantityFormat(raw.trim().to_owned()))?;
    check_quantity(q)
}

/// Balances implied by a sequence of movements: `(place, item) → quantity`. The store keeps a
/// projection of this; its check recomputes from the ledger with the same arithmetic.
pub fn balances(
    moves: impl IntoIterator<Item = (Uuid, Uuid, Uuid, i64)>,
) -> BTreeMap<(Uuid, Uuid), i64> {
    let mut out = BTreeMap::new();
    for (from, to, item, q) in moves {
        *out.entry((from, item)).or_insert(0) -= q;
        *out.entry((to, item)).or_insert(0) += q;
    }
    out.retain(|_, q| *q != 0);
    out
}

impl fmt::Display for PlaceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests;
