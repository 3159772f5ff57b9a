//! What the read side returns: the shapes the UI shows. Exported to TypeScript (ts-rs) by
//! the app's `bindings` test, so they are never written twice.

use campo_domain::{OrderKind, OrderStatus, Period};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Column the order list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// OS number.
    Number,
    /// Scheduled date, then period.
    #[default]
    ScheduledDate,
    /// Customer name.
    Customer,
    /// Neighbourhood.
    Neighbourhood,
    /// Status, in the order of the flow.
    Status,
    /// Kind.
    Kind,
    /// Technician name.
    Technician,
    /// Creation time.
    CreatedAt,
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SortDir {
    /// Ascending.
    Asc,
    /// Descending.
    #[default]
    Desc,
}

/// The order list's filters. Empty lists and `null`s mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct OrderFilter {
    /// Any of these statuses.
    pub statuses: Vec<OrderStatus>,
    /// Any of these kinds.
    pub kinds: Vec<OrderKind>,
    /// Morning or afternoon.
    pub period: Option<Period>,
    /// Scheduled on or after (`YYYY-MM-DD`).
    pub date_from: Option<String>,
    /// Scheduled on or before (`YYYY-MM-DD`).
    pub date_to: Option<String>,
    /// Customer's neighbourhood.
    pub neighbourhood: Option<String>,
    /// Assigned technician.
    pub technician_id: Option<String>,
    /// Free text: OS number, customer, street, neighbourhood (accents and case ignored).
    pub text: Option<String>,
    /// Sort column.
    pub sort: SortKey,
    /// Sort direction.
    pub dir: SortDir,
}

/// A window into the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PageRequest {
    /// Rows to skip.
    pub offset: u32,
    /// Rows to return (at most 500).
    pub limit: u32,
}

/// Where an order stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineState {
    /// Within the allowed time.
    OnTrack,
    /// Past the first warning (75% of the time by default).
    AtRisk,
    /// Past the deadline and not done.
    Breached,
    /// Done within the deadline.
    Met,
    /// Done after the deadline.
    Missed,
}

impl DeadlineState {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            DeadlineState::OnTrack => "on_track",
            DeadlineState::AtRisk => "at_risk",
            DeadlineState::Breached => "breached",
            DeadlineState::Met => "met",
            DeadlineState::Missed => "missed",
        }
    }

    /// The state a stored code names.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            DeadlineState::OnTrack,
            DeadlineState::AtRisk,
            DeadlineState::Breached,
            DeadlineState::Met,
            DeadlineState::Missed,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// One line of the order list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderRow {
    /// Order id.
    pub id: String,
    /// OS number.
    pub number: u32,
    /// Kind.
    pub kind: OrderKind,
    /// Status.
    pub status: OrderStatus,
    /// Customer name.
    pub customer_name: String,
    /// Neighbourhood.
    pub neighbourhood: String,
    /// City.
    pub city: String,
    /// Assigned technician's id.
    pub technician_id: Option<String>,
    /// Assigned technician.
    pub technician_name: Option<String>,
    /// Scheduled day (`YYYY-MM-DD`, the provider's calendar).
    pub scheduled_date: Option<String>,
    /// Scheduled period.
    pub period: Option<Period>,
    /// Plan name.
    pub plan_name: String,
    /// Plan includes IPTV.
    pub has_iptv: bool,
    /// Created (RFC 3339, UTC).
    pub created_at: String,
    /// Deadline (RFC 3339, UTC); none before approval or once cancelled.
    pub deadline: Option<String>,
    /// Where it stands against the deadline.
    pub deadline_state: Option<DeadlineState>,
    /// The periods the customer said they are home in (none given: any).
    pub available_periods: Vec<Period>,
    /// Scheduled in a period the customer said they are not home in
    /// ([`campo_domain::agenda::availability_warning`]).
    pub outside_availability: bool,
}

/// A page of the order list and the total that matches the filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderPage {
    /// The rows.
    pub rows: Vec<OrderRow>,
    /// Matching orders in all.
    pub total: u32,
    /// Offset of the first row.
    pub offset: u32,
}

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Address {
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
    /// CEP, `00000-000`.
    pub cep: String,
}

/// A customer as the order page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// CPF, `000.000.000-00`.
    pub cpf: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phones, `(81) 99999-9999`.
    pub phones: Vec<String>,
    /// Address.
    pub address: Address,
    /// Latitude (`null` with the longitude: not placed on the map yet).
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Reference point of the address.
    pub reference: Option<String>,
}

/// A plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanView {
    /// Id.
    pub id: String,
    /// Commercial name.
    pub name: String,
    /// Download speed.
    pub download_mbps: u32,
    /// Monthly price, BRL cents.
    pub price_cents: u32,
    /// Includes IPTV.
    pub has_iptv: bool,
    /// Includes premium channels.
    pub premium: bool,
    /// The other value-added services it includes, as the plan names them.
    pub svas: Vec<String>,
}

/// A technician.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TechnicianView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Phone, formatted.
    pub phone: String,
}

/// One entry of an order's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderEventView {
    /// Event id.
    pub id: String,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who.
    pub actor_name: String,
    /// Status before (`null` at creation).
    pub from: Option<OrderStatus>,
    /// Status after.
    pub to: OrderStatus,
    /// Why.
    pub reason: Option<campo_domain::history::EventReason>,
}

/// Everything the order page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderDetail {
    /// The order's list line.
    pub order: OrderRow,
    /// Its customer.
    pub customer: CustomerView,
    /// Its plan.
    pub plan: PlanView,
    /// Its technician, once scheduled.
    pub technician: Option<TechnicianView>,
    /// Status history, oldest first.
    pub history: Vec<OrderEventView>,
    /// Moves the order page offers (scheduling itself lives on the agenda), each with whether
    /// it must say why (the domain's rule, so the page asks before sending).
    pub allowed_transitions: Vec<AllowedTransition>,
    /// The deadline in words ("vence em 3 h úteis"), in the requested language.
    pub deadline_text: Option<String>,
    /// Pauses of the deadline clock, oldest first.
    pub pauses: Vec<PauseView>,
    /// The clock is paused now.
    pub paused: bool,
    /// The clock runs and can be paused.
    pub can_pause: bool,
    /// Phone to call on the day of the visit, digits.
    pub contact_phone: Option<String>,
    /// Notes for the technician.
    pub notes: Option<String>,
    /// Where an address change moves the customer to (the visit is there).
    pub new_address: Option<campo_domain::NewAddress>,
    /// "Your change was overridden by …", newest first.
    pub notices: Vec<NoticeView>,
    /// The customer's signature, if taken.
    pub signature: Option<crate::proof::OrderSignature>,
    /// Whether closing an order of this kind requires the signature (the provider's rule).
    pub signature_required: bool,
    /// How many photos closing an order of this kind requires (the provider's rule).
    pub photos_required: u8,
    /// How many photos the order has.
    pub photos_taken: u32,
}

/// A move the order page offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AllowedTransition {
    /// The status it moves to.
    pub to: OrderStatus,
    /// The move must say why.
    pub needs_reason: bool,
}

/// A notice about an edit of this order that did not survive a concurrent one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoticeView {
    /// What happened, in the reader's language.
    pub message: String,
    /// When this device heard of it (RFC 3339, UTC).
    pub created_at: String,
}

/// A pause of an order's deadline clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PauseView {
    /// Id.
    pub id: String,
    /// From (RFC 3339, UTC).
    pub started_at: String,
    /// Who paused.
    pub started_by: Option<String>,
    /// Why.
    pub reason: String,
    /// Until, once resumed.
    pub ended_at: Option<String>,
    /// Who resumed.
    pub ended_by: Option<String>,
    /// What was said on resuming.
    pub note: Option<String>,
}

/// Choices for the list's filter selects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FilterOptions {
    /// Active technicians, by name.
    pub technicians: Vec<TechnicianView>,
    /// Neighbourhoods with customers, alphabetically.
    pub neighbourhoods: Vec<String>,
}
