//! What the coordinator asks to plan and reads back: routes with their stops and times, orders
//! left out and why, the orders a plan would take (for the map), manual arrangements.

use campo_domain::Period;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An order with its place, as the coordinator's map and lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlacedOrder {
    /// Order id.
    pub order_id: String,
    /// Order number.
    pub number: u32,
    /// Customer.
    pub customer_name: String,
    /// Neighbourhood.
    pub neighbourhood: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// A stop as the coordinator reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RouteStop {
    /// Which order, and where.
    #[serde(flatten)]
    #[ts(flatten)]
    pub order: PlacedOrder,
    /// Arrival, `HH:MM`.
    pub arrival: String,
    /// Service start, `HH:MM`.
    pub start: String,
    /// Its window, `HH:MM–HH:MM`.
    pub window: Option<String>,
    /// The order's period before planning (`None` when it came from the queue).
    pub period: Option<Period>,
    /// The plan moves it to another technician or period.
    pub moved: bool,
}

/// One technician's route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TechRoute {
    /// Technician id.
    pub technician_id: String,
    /// Name.
    pub technician_name: String,
    /// Stops in order.
    pub stops: Vec<RouteStop>,
    /// Kilometres.
    pub km: f64,
    /// Minutes driving.
    #[ts(type = "number")]
    pub driving_minutes: i64,
    /// Minutes waiting for windows.
    #[ts(type = "number")]
    pub idle_minutes: i64,
    /// What breaks a rule in a manual order (empty for a feasible route).
    pub problems: Vec<String>,
    /// Where the technician leaves from and returns to (their base).
    pub home: (f64, f64),
}

/// An order the plan could not serve, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LeftOut {
    /// Order id.
    pub order_id: String,
    /// Number.
    pub number: u32,
    /// Customer.
    pub customer_name: String,
    /// Why, in the reader's language.
    pub reason: String,
}

/// A day's plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RoutePlanView {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Routes, one per technician with stops.
    pub routes: Vec<TechRoute>,
    /// Orders left out.
    pub unassigned: Vec<LeftOut>,
    /// Where travel times came from, in words.
    pub distances: String,
    /// Milliseconds the planning took.
    #[ts(type = "number")]
    pub elapsed_ms: u64,
    /// The provider's first base (the middle of the day's visits when it declared none;
    /// `None` with neither).
    pub base: Option<(f64, f64)>,
}

/// What the coordinator asks to plan.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanRequest {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Also place the orders waiting for a slot.
    pub include_queue: bool,
    /// Keep each scheduled order with its technician (only the order of visits is decided).
    pub keep_technicians: bool,
    /// Only this period's orders (queue orders then go in this period).
    pub period: Option<Period>,
    /// Only these technicians (empty: every active technician); orders scheduled for others
    /// stay out of the plan.
    pub technicians: Vec<String>,
    /// Only these orders (chosen on the map; empty: every order the other choices take).
    #[serde(default)]
    pub orders: Vec<String>,
    /// Re-plan the rest of the day from this time (`HH:MM`): visits already finished stay
    /// out, each technician leaves from where they are (the visit in progress, else the last
    /// one finished, else the base) at this time, visits en route stay first.
    #[serde(default)]
    pub from_time: Option<String>,
}

/// An order a plan would take, on the map before planning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RouteCandidate {
    /// Which order, and where.
    #[serde(flatten)]
    #[ts(flatten)]
    pub order: PlacedOrder,
    /// Its period (`None`: waiting in the queue).
    pub period: Option<Period>,
    /// Its technician, if scheduled.
    pub technician_name: Option<String>,
}

/// A technician's route as the coordinator arranged it: order ids in visiting order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RouteInput {
    /// Technician.
    pub technician_id: String,
    /// Orders in visiting order.
    pub order_ids: Vec<String>,
}
