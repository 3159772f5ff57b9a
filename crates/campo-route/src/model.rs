//! The app-facing problem: stops, technicians and their days, in the units the app uses
//! (coordinates in degrees, times in seconds since midnight of the planned day, named skills).

use serde::{Deserialize, Serialize};

/// Seconds since midnight of the planned day.
pub type Seconds = i64;

/// A point in WGS84 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLon {
    /// Latitude, degrees (south negative).
    pub lat: f64,
    /// Longitude, degrees (west negative).
    pub lon: f64,
}

impl LatLon {
    /// Inside the approximate bounding box of Brazil (lat −34..6, lon −74..−28)?
    pub fn in_brazil(&self) -> bool {
        self.lat.is_finite()
            && self.lon.is_finite()
            && (-34.0..=6.0).contains(&self.lat)
            && (-74.0..=-28.0).contains(&self.lon)
    }
}

/// The customer's chosen period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    /// Manhã: service starts between 08:00 and 12:00.
    Manha,
    /// Tarde: service starts between 13:00 and 18:00.
    Tarde,
}

/// An interval in which service may start (arriving earlier means waiting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeWindow {
    /// Earliest start.
    pub start: Seconds,
    /// Latest start.
    pub end: Seconds,
}

impl TimeWindow {
    /// From `start` to `end`, in seconds since midnight.
    pub fn new(start: Seconds, end: Seconds) -> Self {
        TimeWindow { start, end }
    }

    /// The window of a period (manhã 08:00–12:00, tarde 13:00–18:00).
    pub fn period(period: Period) -> Self {
        match period {
            Period::Manha => TimeWindow::new(8 * 3600, 12 * 3600),
            Period::Tarde => TimeWindow::new(13 * 3600, 18 * 3600),
        }
    }

    /// A promised hour with a tolerance either side (e.g. 14:00 ± 30 min).
    pub fn promised(at: Seconds, tolerance: Seconds) -> Self {
        TimeWindow::new(at - tolerance, at + tolerance)
    }
}

/// A stop to visit (a work order at a customer's address).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stop {
    /// The caller's identifier (e.g. the work order id); must be unique.
    pub id: String,
    /// Where; a stop without coordinates is reported, never silently dropped.
    pub location: Option<LatLon>,
    /// Allowed service-start windows (any of them); empty = any time in the shift.
    pub windows: Vec<TimeWindow>,
    /// Service time in seconds.
    pub service: Seconds,
    /// Skills needed (e.g. `"fusao"` for fibre splicing, `"iptv"`).
    pub skills: Vec<String>,
    /// Only this technician may serve it (a visit already promised to the customer with them,
    /// or one they are driving to); `None`: any technician with the skills.
    pub technician: Option<String>,
    /// Priority 0 (normal) ..= 3 (highest). Higher priorities are served first.
    pub priority: u8,
    /// Overdue (SLA breached): served before any stop of the same or a lower priority.
    pub overdue: bool,
    /// Load (e.g. equipment units); 0 when capacities do not matter.
    pub demand: i64,
}

impl Stop {
    /// A stop with defaults (no window, 30 min service, no skill, priority 0, no load).
    pub fn new(id: impl Into<String>, location: LatLon) -> Self {
        Stop {
            id: id.into(),
            location: Some(location),
            windows: Vec::new(),
            service: 1800,
            skills: Vec::new(),
            technician: None,
            priority: 0,
            overdue: false,
            demand: 0,
        }
    }
}

/// A break (lunch) to take inside the shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Break {
    /// Earliest start.
    pub earliest: Seconds,
    /// Latest start.
    pub latest: Seconds,
    /// Length in seconds.
    pub duration: Seconds,
}

/// A technician's day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Technician {
    /// The caller's identifier; must be unique.
    pub id: String,
    /// Shift: leave the start place at or after `start`, be at the end place by `end`.
    /// Re-planning mid-day: `start` = now and `start_place` = the current position.
    pub shift: Option<TimeWindow>,
    /// Where the day starts (base, home, or the current position when re-planning).
    pub start_place: Option<LatLon>,
    /// Where the day ends (`None` = same as the start place).
    pub end_place: Option<LatLon>,
    /// Skills the technician has.
    pub skills: Vec<String>,
    /// Maximum visits in the day.
    pub max_visits: Option<usize>,
    /// Capacity (sum of stop demands).
    pub capacity: Option<i64>,
    /// Break to take inside the shift.
    pub lunch: Option<Break>,
    /// Stops fixed at the start of the route, in this order (the visit in progress and those
    /// the coordinator locked). Finished stops are simply left out of the problem.
    pub locked: Vec<String>,
}

impl Technician {
    /// A technician with a shift and a base, no skills, no limits, no break.
    pub fn new(id: impl Into<String>, shift: TimeWindow, base: LatLon) -> Self {
        Technician {
            id: id.into(),
            shift: Some(shift),
            start_place: Some(base),
            end_place: None,
            skills: Vec::new(),
            max_visits: None,
            capacity: None,
            lunch: None,
            locked: Vec::new(),
        }
    }
}

/// Everything to plan: the day's stops and technicians.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Problem {
    /// Stops to serve.
    pub stops: Vec<Stop>,
    /// Technicians available.
    pub technicians: Vec<Technician>,
}
