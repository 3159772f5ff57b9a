//! The abstract problem every solver in this crate works on: jobs (stops) and vehicles
//! (technicians) placed on the locations of a travel matrix, in plain numbers.
//!
//! The app's [`crate::Problem`] (coordinates, seconds, named skills) is converted into an
//! [`Instance`]; the benchmark binary builds one straight from Solomon and TSPLIB files.
//! Units are whatever the matrix uses (seconds and metres in the app, Solomon's abstract units in
//! the benchmark); times are `f64`, and the solvers scale them to integers internally.

/// A period in which a job's service may *start* (arrival earlier means waiting).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// Earliest service start.
    pub start: f64,
    /// Latest service start.
    pub end: f64,
}

/// A break (e.g. lunch) a technician must take if the technician works that day.
///
/// The break is taken on arrival at the next place of the route (a stop or the end of the day),
/// before that stop's service; it starts inside `[earliest, latest]` and lasts `duration`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreakSpec {
    /// Earliest start of the break.
    pub earliest: f64,
    /// Latest start of the break.
    pub latest: f64,
    /// Length of the break.
    pub duration: f64,
}

/// One job (a stop to serve).
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// Index of the job's location in the matrix.
    pub loc: usize,
    /// Allowed service-start windows, sorted and not overlapping.
    pub windows: Vec<Window>,
    /// Time spent at the stop.
    pub service: f64,
    /// Load taken (0 when capacities do not matter).
    pub demand: i64,
    /// Required skills, one bit per skill.
    pub skills: u64,
    /// Only this vehicle may serve it (`None`: any vehicle with the skills).
    pub vehicle: Option<usize>,
    /// Priority class 0 (normal) ..= 3 (highest; e.g. overdue). Higher classes are served first.
    pub priority: u8,
}

/// One vehicle (a technician's day).
#[derive(Debug, Clone, PartialEq)]
pub struct Vehicle {
    /// Where the day starts (index in the matrix).
    pub start_loc: usize,
    /// Where the day ends (index in the matrix).
    pub end_loc: usize,
    /// Earliest departure from `start_loc`.
    pub shift_start: f64,
    /// Latest arrival at `end_loc`.
    pub shift_end: f64,
    /// Capacity (sum of demands).
    pub capacity: i64,
    /// Maximum number of jobs.
    pub max_jobs: usize,
    /// Skills the technician has, one bit per skill.
    pub skills: u64,
    /// Optional break.
    pub brk: Option<BreakSpec>,
    /// Jobs fixed at the start of the route, in this order (re-planning mid-day).
    pub locked: Vec<usize>,
}

/// Which matrix the solver minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CostKind {
    /// Total distance.
    #[default]
    Distance,
    /// Total travel time.
    Duration,
}

/// The whole abstract problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// Jobs to serve.
    pub jobs: Vec<Job>,
    /// Available vehicles.
    pub vehicles: Vec<Vehicle>,
    /// Number of locations (side of the matrices).
    pub n_locs: usize,
    /// Travel times, row-major `n_locs × n_locs`, zero diagonal.
    pub time: Vec<f64>,
    /// Distances, row-major `n_locs × n_locs`, zero diagonal.
    pub dist: Vec<f64>,
}

impl Instance {
    /// Travel time from location `a` to `b`.
    pub fn time(&self, a: usize, b: usize) -> f64 {
        self.time[a * self.n_locs + b]
    }

    /// Distance from location `a` to `b`.
    pub fn dist(&self, a: usize, b: usize) -> f64 {
        self.dist[a * self.n_locs + b]
    }
}

/// One task of a route: a job, or the technician's break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Task {
    /// Serve the job with this index.
    Job(usize),
    /// Take the break (on arrival at the next place).
    Break,
}
