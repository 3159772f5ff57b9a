//! The payloads of operations: what a person did (or, for the server-written ones, what the
//! server decided), as recorded in a device's outbox, pushed, logged by the server and pulled.
//!
//! Each body says the intent ("order 42 moved from scheduled to en route"), not a row diff, so
//! the server can validate it against its own rules. Which kind each one is, who may send it
//! and how it is validated are in [`crate::op`], [`crate::policy`] and [`crate::validate`].

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A staff member was registered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonCreated {
    /// New person's id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Role code (`technician`, `coordinator`, …).
    pub role: String,
    /// Contact phone, digits.
    pub phone: Option<String>,
}

/// A person's new role, set by the administrator (the server writes it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonRoleSet {
    /// The person.
    pub person_id: Uuid,
    /// Role code (`technician`, `coordinator`, …).
    pub role: String,
}

/// A plan was added to the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanCreated {
    /// New plan's id.
    pub id: Uuid,
    /// Commercial name.
    pub name: String,
    /// Download speed.
    pub download_mbps: i64,
    /// Monthly price in BRL cents.
    pub price_cents: i64,
    /// Includes IPTV.
    pub has_iptv: bool,
    /// Includes premium channels.
    pub premium: bool,
    /// Other value-added services included (streaming, telephony …), as the provider names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub svas: Vec<String>,
    /// Its id in the provider's ERP, when it came from an import (a new export updates it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// A plan of the catalogue was changed, or taken off (or put back on) sale. Orders keep the
/// plan they were sold with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanUpdated {
    /// The plan as it is now.
    #[serde(flatten)]
    pub plan: PlanCreated,
    /// Still offered to new customers.
    pub sold: bool,
}

/// A customer was registered (fields already validated; digits only for CPF, CEP, phones).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerCreated {
    /// New customer's id.
    pub id: Uuid,
    /// Full name.
    pub name: String,
    /// CPF digits.
    pub cpf: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Mother's name.
    pub mother_name: Option<String>,
    /// Birth date `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    /// First phone, digits.
    pub phone1: String,
    /// Second phone, digits.
    pub phone2: Option<String>,
    /// CEP digits.
    pub cep: String,
    /// Street.
    pub street: String,
    /// Number.
    pub number: String,
    /// Complement.
    pub complement: Option<String>,
    /// Neighbourhood.
    pub neighbourhood: String,
    /// City.
    pub city: String,
    /// State.
    pub uf: String,
    /// Latitude (`None` with the longitude: not placed on the map yet, e.g. imported from an
    /// ERP without coordinates).
    #[serde(default)]
    pub lat: Option<f64>,
    /// Longitude.
    #[serde(default)]
    pub lon: Option<f64>,
    /// Reference point of the address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Its id in the provider's ERP, when it came from an import (a new export updates it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// A work order was opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderCreated {
    /// New order's id.
    pub id: Uuid,
    /// Display number, local to this device until the server renumbers (sync issue).
    pub number: i64,
    /// Kind code.
    pub kind: String,
    /// Customer.
    pub customer_id: Uuid,
    /// Plan.
    pub plan_id: Uuid,
    /// The creation event's id.
    pub event_id: Uuid,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// The sale it comes from (an installation opened by the sale's approval).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sale_id: Option<Uuid>,
    /// Periods the customer said they are available in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<campo_domain::Period>,
    /// Its id in the provider's ERP, when it came from an import (a new export updates it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Where an address change moves the customer to (the visit is there; the customer's
    /// address becomes it once done).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_address: Option<campo_domain::NewAddress>,
}

/// Date, period and technician given when an order is scheduled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchedulePayload {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Period code.
    pub period: String,
    /// Technician.
    pub technician_id: Uuid,
}

/// An order moved through the state machine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderTransitioned {
    /// The order.
    pub order_id: Uuid,
    /// The history event's id.
    pub event_id: Uuid,
    /// Status before (the base the edit was made on).
    pub from: String,
    /// Status after.
    pub to: String,
    /// Why.
    pub reason: Option<String>,
    /// Set when the move is to `scheduled`.
    pub schedule: Option<SchedulePayload>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// An item was added to the stock catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockItemCreated {
    /// New item's id.
    pub id: Uuid,
    /// SKU, upper case.
    pub sku: String,
    /// Name.
    pub name: String,
    /// Unit code (`un`, `m`).
    pub unit: String,
    /// Tracking code (`serialised`, `bulk`).
    pub tracking: String,
}

/// A place equipment can be (self-described, so any device can create it when it first sees
/// it; ids of vans, customers and fixed places follow from what they belong to).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockPlaceRef {
    /// Place id.
    pub id: Uuid,
    /// Kind code.
    pub kind: String,
    /// Display name.
    pub name: String,
    /// The technician or customer it belongs to.
    pub ref_id: Option<Uuid>,
}

/// A minimum level was set for an item at a place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockMinimumSet {
    /// The place.
    pub place: StockPlaceRef,
    /// The item.
    pub item_id: Uuid,
    /// Minimum quantity (0 removes the alert).
    pub minimum: i64,
}

/// The equipment an installation of a plan requires was set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanEquipmentSet {
    /// The plan.
    pub plan_id: Uuid,
    /// Items and quantities (replaces the previous list).
    pub items: Vec<PlanEquipmentLine>,
}

/// One required item of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanEquipmentLine {
    /// Item.
    pub item_id: Uuid,
    /// Quantity.
    pub quantity: i64,
}

/// One line of a stock movement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockLine {
    /// The movement's id (one ledger row).
    pub id: Uuid,
    /// Item.
    pub item_id: Uuid,
    /// Serial, for serialised items.
    pub serial: Option<String>,
    /// MAC, given when a unit is received.
    pub mac: Option<String>,
    /// Quantity (1 for a serial).
    pub quantity: i64,
}

/// Equipment moved between two places: one ledger row per line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockMoved {
    /// The batch (a checkout, an import, a count); large batches span several operations.
    pub batch_id: Uuid,
    /// Kind code (`checkout`, `use`, …).
    pub kind: String,
    /// From.
    pub from: StockPlaceRef,
    /// To.
    pub to: StockPlaceRef,
    /// The work order it belongs to.
    pub order_id: Option<Uuid>,
    /// Why (required for adjustments and defective units).
    pub reason: Option<String>,
    /// Set when the movement records a count's differences.
    #[serde(default)]
    pub count: bool,
    /// The lines.
    pub lines: Vec<StockLine>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A discrepancy was looked into and closed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockDiscrepancyResolved {
    /// The discrepancy.
    pub id: Uuid,
    /// What was found and done.
    pub note: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// An order's deadline clock was paused (waiting on the customer or a third party).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderPaused {
    /// The order.
    pub order_id: Uuid,
    /// The pause's id.
    pub pause_id: Uuid,
    /// Why.
    pub reason: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// An order's deadline clock runs again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderResumed {
    /// The order.
    pub order_id: Uuid,
    /// The pause it ends.
    pub pause_id: Uuid,
    /// What changed, if anything was said.
    pub note: Option<String>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A technician's route for a day was set (planned or reordered by the coordinator).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteSet {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The technician.
    pub technician_id: Uuid,
    /// Their orders in visiting order.
    pub order_ids: Vec<Uuid>,
    /// Kilometres driven.
    pub km: f64,
    /// Minutes driving.
    pub driving_minutes: i64,
    /// Minutes waiting for windows.
    pub idle_minutes: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A technician's skills were set (replacing the previous list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SkillsSet {
    /// The technician.
    pub technician_id: Uuid,
    /// Skill codes (`fusao`, `iptv`; codes a device does not know are kept and ignored).
    pub skills: Vec<String>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// The business calendar's working hours were set in Administração.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CalendarHoursSet {
    /// Per weekday, Monday first (validated again wherever applied).
    pub hours: campo_domain::calendar::WeekHours,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// The provider's profile was set (name, CNPJ, municipalities served, bases).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderSet {
    /// The profile (validated again wherever it is applied).
    pub profile: campo_domain::provider::ProviderProfile,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// The agenda's periods and service times were set in Administração.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgendaSettingsSet {
    /// The settings (validated again wherever they are applied).
    pub settings: campo_domain::agenda::AgendaSettings,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// The weekdays a technician works were set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkWeekSet {
    /// The technician.
    pub technician_id: Uuid,
    /// Seven `0`/`1`, Monday first.
    pub days: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A technician's absence was recorded or removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AbsenceSet {
    /// The absence.
    pub id: Uuid,
    /// The technician.
    pub technician_id: Uuid,
    /// First day away, `YYYY-MM-DD`.
    pub from: String,
    /// Last day away, `YYYY-MM-DD`.
    pub to: String,
    /// Why.
    pub reason: String,
    /// Removed (recorded by mistake or cancelled).
    pub removed: bool,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// An order kind's deadline rule was set in the editor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaRuleSet {
    /// The rule as typed (validated again wherever it is applied).
    pub rule: campo_domain::sla::RuleInput,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A day off was added to the calendar (or taken back) in the editor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CalendarDaySet {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Its name.
    pub name: String,
    /// State, municipal or the company's.
    pub layer: campo_domain::calendar::EditableLayer,
    /// The served municipality (IBGE code) a municipal day off is of; absent: the head
    /// office's (and for state and company days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<u32>,
    /// Taken back.
    pub removed: bool,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A version of an activation checklist template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivationTemplateSaved {
    /// This version's id.
    pub id: Uuid,
    /// Service code (`iptv`, …).
    pub service: String,
    /// Name.
    pub name: String,
    /// Version number (1, 2, …).
    pub version: i64,
    /// Items, in order.
    pub items: Vec<campo_domain::activation::TemplateItem>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// An attempt at activating an order began (with the template version current then).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivationStarted {
    /// The checklist's id.
    pub id: Uuid,
    /// The order.
    pub order_id: Uuid,
    /// The template version.
    pub template_id: Uuid,
    /// Attempt number.
    pub attempt: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// An item was ticked, tested, measured or filled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivationTicked {
    /// The tick's id.
    pub id: Uuid,
    /// The checklist.
    pub activation_id: Uuid,
    /// The item's key.
    pub item_key: String,
    /// The answer.
    pub answer: campo_domain::activation::Answer,
    /// How it was judged.
    pub outcome: campo_domain::activation::Outcome,
    /// A note (required when it failed).
    pub note: Option<String>,
    /// Hybrid logical clock of the tick: the latest per item wins.
    pub hlc: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// An attempt ended: activated, or failed with the reason and what follows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivationClosed {
    /// The checklist.
    pub activation_id: Uuid,
    /// `passed` or `failed`.
    pub status: String,
    /// Why it failed.
    pub reason: Option<String>,
    /// `repair` (a visit for the technician) or `reconfigure`.
    pub follow_up: Option<String>,
    /// The repair order opened, for `repair`.
    pub repair_order_id: Option<Uuid>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// One field of an order edit (see `campo_domain::edit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    /// Field code (`contact_phone`, `notes`).
    pub field: String,
    /// New value, already normalised; `None` clears it.
    pub value: Option<String>,
    /// The field's revision the edit was made on (0: never edited).
    pub base: i64,
}

/// What the server made of one field of an edit; written by the server into the logged
/// operation, so every device settles the field the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldOutcome {
    /// Field code.
    pub field: String,
    /// The edit's value took effect.
    pub applied: bool,
    /// The value in force after this operation.
    pub value: Option<String>,
    /// The person whose change did not survive (someone other than who wrote the value in
    /// force), to be told.
    pub overridden: Option<Uuid>,
    /// Who wrote the value in force, for that message.
    pub by: Option<String>,
}

/// Visit details of an order were edited (last writer wins per field).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderEdited {
    /// The order.
    pub order_id: Uuid,
    /// The fields changed.
    pub changes: Vec<FieldChange>,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Filled by the server; empty as a device writes it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcome: Vec<FieldOutcome>,
}

/// Written by the server, never by a device: an order's authoritative state after the
/// server refused a device's change to it (a conflict or a rejection), so every device —
/// above all the one whose change was refused — shows what the server holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderRestored {
    /// The order.
    pub order_id: Uuid,
    /// Its status on the server.
    pub status: String,
    /// Its slot on the server, when scheduled.
    pub schedule: Option<SchedulePayload>,
    /// The conflict record, when one was opened.
    pub conflict_id: Option<Uuid>,
    /// What happened, in pt-BR (for logs; devices word it from `attempted`).
    pub message: String,
    /// The move the device attempted (from, to), refused because the order had moved on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempted: Option<(campo_domain::OrderStatus, campo_domain::OrderStatus)>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// Written by the server: an order entered a technician's scope (it was scheduled for them).
/// Carries what their device needs to show it — customer without personal data, the order,
/// its current state — since the operations that built it were not theirs to receive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderGranted {
    /// The customer, without CPF, mother's name or birth date.
    pub customer: CustomerCreated,
    /// The order as created.
    pub order: OrderCreated,
    /// Its status now.
    pub status: String,
    /// Its slot now.
    pub schedule: Option<SchedulePayload>,
    /// Its visit details in force, with their revisions.
    #[serde(default)]
    pub fields: Vec<GrantedField>,
}

/// A visit-detail field in force when an order is granted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GrantedField {
    /// Field code.
    pub field: String,
    /// Its value.
    pub value: Option<String>,
    /// Its revision.
    pub rev: i64,
}

/// Written by the server: an order left a technician's scope (reassigned, back to the
/// queue, cancelled); their device removes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderRevoked {
    /// The order.
    pub order_id: Uuid,
}

/// Written by the server: the office resolved a conflict and decided the order's status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderResolved {
    /// The order.
    pub order_id: Uuid,
    /// The history event's id.
    pub event_id: Uuid,
    /// Status before the decision.
    pub from: String,
    /// The status decided.
    pub status: String,
    /// Its slot, when it has one.
    pub schedule: Option<SchedulePayload>,
    /// Why, in the coordinator's words.
    pub note: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A sale sent to analysis by its seller, or changed and sent again (seed 002, stages 1–2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SaleSubmitted {
    /// The sale.
    pub id: Uuid,
    /// Who sold it (the sender).
    pub seller_id: Uuid,
    /// The version of the sale this change was made on (0 for a new sale): the server refuses
    /// a change made on a version someone else has moved on from.
    pub base_version: i64,
    /// What the seller collected, already checked (canonical form).
    pub form: campo_domain::sale::SaleForm,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// The back office's decision on a sale: approved (the customer's contract and an installation
/// order follow, in the same change) or rejected with a reason from the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SaleReviewed {
    /// The sale.
    pub id: Uuid,
    /// The version of the sale the decision was made on.
    pub base_version: i64,
    /// Approved (else rejected).
    pub approved: bool,
    /// Why it was rejected.
    #[serde(default)]
    pub reason: Option<campo_domain::sale::RejectReason>,
    /// A note for the seller.
    #[serde(default)]
    pub note: Option<String>,
    /// The protocol number the operator's system gave.
    #[serde(default)]
    pub protocol: Option<String>,
    /// The customer the approved sale belongs to (new or found by CPF).
    #[serde(default)]
    pub customer_id: Option<Uuid>,
    /// The installation order the approval opened.
    #[serde(default)]
    pub order_id: Option<Uuid>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A customer's call recorded by atendimento (N1), seed 004.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallOpened {
    /// The call.
    pub id: Uuid,
    /// Display number, local to the device that opened it.
    pub number: i64,
    /// Who called.
    pub customer_id: Uuid,
    /// What about.
    pub problem: campo_domain::support::Problem,
    /// In the customer's words.
    pub description: String,
    /// What was tried on the call.
    #[serde(default)]
    pub tried: String,
    /// The deadline promised to the customer (RFC 3339, UTC).
    pub promised_by: String,
    /// When the customer called (RFC 3339, UTC): a visit's deadline runs from here.
    pub at: String,
}

/// Someone acted on a call: solved it, passed it to N2, or opened a visit (the repair order
/// follows in the same change).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallStepped {
    /// The call.
    pub id: Uuid,
    /// Where the call stood when the step was taken.
    pub from: campo_domain::support::CallStatus,
    /// What was done.
    pub step: campo_domain::support::CallStep,
    /// What was done or found.
    #[serde(default)]
    pub note: Option<String>,
    /// The repair order a visit opened.
    #[serde(default)]
    pub order_id: Option<Uuid>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// Someone sent the customer the message of a moment of their visit (seed 003).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderMessaged {
    /// The order.
    pub order_id: Uuid,
    /// Which moment.
    pub moment: campo_domain::message::Moment,
    /// Which occurrence of it (the day and period of a scheduling; empty otherwise).
    #[serde(default)]
    pub key: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// The office changed a customer's contacts or address (name included; CPF, mother's name
/// and birth date are the sale's and are not changed here). Carries the whole record as it
/// is now: the latest change wins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerEdited {
    /// The customer.
    pub id: Uuid,
    /// Full name.
    pub name: String,
    /// E-mail.
    pub email: Option<String>,
    /// First phone, digits.
    pub phone1: String,
    /// Second phone, digits.
    pub phone2: Option<String>,
    /// CEP digits.
    pub cep: String,
    /// Street.
    pub street: String,
    /// Number.
    pub number: String,
    /// Complement.
    pub complement: Option<String>,
    /// Neighbourhood.
    pub neighbourhood: String,
    /// City.
    pub city: String,
    /// State.
    pub uf: String,
    /// Latitude (`None` with the longitude: not placed on the map yet, e.g. imported from an
    /// ERP without coordinates).
    #[serde(default)]
    pub lat: Option<f64>,
    /// Longitude.
    #[serde(default)]
    pub lon: Option<f64>,
    /// Reference point.
    pub reference: Option<String>,
    /// Its id in the provider's ERP, when it came from an import (a new export updates it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// What changed (field codes), for the customer's history.
    pub changed: Vec<String>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A receivable as the provider's ERP holds it (imported from a file or read from the ERP;
/// Campo never issues one). Carries the whole record: the latest import wins. Its id is
/// derived from its ERP id ([`receivable_id`]), the same on every device and the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceivableSet {
    /// The receivable.
    pub id: Uuid,
    /// Its id in the ERP.
    pub external_id: String,
    /// Whose it is.
    pub customer_id: Uuid,
    /// The contract's id in the ERP, when the file names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<String>,
    /// Issue date (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<String>,
    /// Due date (`YYYY-MM-DD`).
    pub due_on: String,
    /// Amount, cents.
    pub amount_cents: i64,
    /// Status in the ERP.
    pub status: campo_domain::finance::ReceivableStatus,
    /// When it was paid (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_on: Option<String>,
    /// How much was paid, cents.
    #[serde(default)]
    pub paid_cents: i64,
}

/// The id of the receivable whose ERP id is `external_id`.
pub fn receivable_id(external_id: &str) -> Uuid {
    Uuid::new_v5(
        &Uuid::NAMESPACE_OID,
        format!("campo:receivable:{external_id}").as_bytes(),
    )
}

/// The finance team contacted a late customer (or tried to).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionContacted {
    /// The contact.
    pub id: Uuid,
    /// The customer.
    pub customer_id: Uuid,
    /// How.
    pub channel: campo_domain::finance::Channel,
    /// What came of it.
    pub outcome: campo_domain::finance::ContactOutcome,
    /// The date the customer promised to pay by (`YYYY-MM-DD`), for a promise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promised_on: Option<String>,
    /// A note.
    #[serde(default)]
    pub note: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// The provider's steps against non-payment (days after the due date) were set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NonPaymentStepsSet {
    /// The steps, in the rules' order.
    pub steps: Vec<campo_domain::finance::StepAfter>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// The customer (or someone for them) signed for a visit: who, their relation to the
/// customer, the strokes drawn. An order keeps its latest signature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderSigned {
    /// The order.
    pub order_id: Uuid,
    /// The signer's name, as they gave it.
    pub signer_name: String,
    /// Their relation to the customer.
    pub relation: campo_domain::closing::SignerRelation,
    /// The strokes, in the signature's box.
    pub strokes: campo_domain::closing::Strokes,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// The provider set what closing each order kind requires (the kinds it names; the others
/// keep theirs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClosingRulesSet {
    /// One rule per kind.
    pub rules: Vec<campo_domain::closing::ClosingRule>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A stored file an operation refers to: the SHA-256 of its bytes (lowercase hex), how many
/// bytes, its type and, for an image, its size in pixels. The bytes travel apart
/// (`/v1/blobs`), once per hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlobRef {
    /// SHA-256 of the bytes, lowercase hex.
    pub hash: String,
    /// Size in bytes.
    pub size: u64,
    /// Media type (`image/jpeg`).
    pub mime: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// A photo of the visit was added to an order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderPhotoAdded {
    /// The photo.
    pub id: Uuid,
    /// The order.
    pub order_id: Uuid,
    /// Its file.
    pub blob: BlobRef,
    /// What it shows, in the technician's words (may be empty).
    pub caption: String,
    /// What it proves, if it proves something in particular.
    pub subject: Option<campo_domain::photo::PhotoSubject>,
    /// Where it was taken, when the provider keeps photos' positions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<campo_domain::photo::GeoPoint>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// Which report of an order a kept file is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "of", rename_all = "camelCase")]
pub enum ReportOf {
    /// The visit report: customer, visit, equipment lent, signature, photos.
    #[default]
    Visit,
    /// A service's activation report: every attempt, test, answer and who ticked it.
    Activation {
        /// The service's key (`iptv`, an SVA's).
        service: String,
    },
}

impl ReportOf {
    /// The stored code: `visit`, or `activation:<service>`.
    pub fn code(&self) -> String {
        match self {
            ReportOf::Visit => "visit".into(),
            ReportOf::Activation { service } => format!("activation:{service}"),
        }
    }
}

/// A report of an order (a PDF, in pt-BR: the customer's language) was made and kept on it as
/// the order stood then: the visit report when the visit closed or its proof changed after
/// (the customer's signature covers exactly what it shows), an activation report when an
/// attempt ended. The newest of each is the order's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderReportKept {
    /// The report.
    pub id: Uuid,
    /// The order.
    pub order_id: Uuid,
    /// Which report.
    #[serde(default)]
    pub report: ReportOf,
    /// Its file (`application/pdf`, no pixels).
    pub blob: BlobRef,
    /// When it was made (RFC 3339, UTC).
    pub at: String,
}

/// A photo was taken off an order (its file stays while another photo uses it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderPhotoRemoved {
    /// The photo.
    pub id: Uuid,
    /// The order.
    pub order_id: Uuid,
    /// When (RFC 3339, UTC).
    pub at: String,
}
