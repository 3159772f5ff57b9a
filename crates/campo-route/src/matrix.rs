//! Travel-time and distance matrices, behind one trait: the offline default (haversine from
//! the `geo` crate, times a road factor, at an urban speed) and, in [`crate::osrm`], an OSRM
//! `table` client that falls back to it.

use geo::{Distance, Haversine, Point};
use thiserror::Error;

use crate::model::LatLon;

/// Where a matrix came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatrixSource {
    /// Straight-line estimate.
    Haversine,
    /// OSRM road network.
    Osrm,
    /// OSRM failed (down, timeout, bad answer); the straight-line estimate was used instead.
    OsrmFallback,
}

/// Square matrices over a list of points, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// Number of points.
    pub n: usize,
    /// Travel times in seconds.
    pub durations: Vec<f64>,
    /// Distances in metres.
    pub distances: Vec<f64>,
    /// Where it came from.
    pub source: MatrixSource,
}

impl Matrix {
    /// Seconds from point `a` to point `b`.
    pub fn duration(&self, a: usize, b: usize) -> f64 {
        self.durations[a * self.n + b]
    }

    /// Metres from point `a` to point `b`.
    pub fn distance(&self, a: usize, b: usize) -> f64 {
        self.distances[a * self.n + b]
    }
}

/// Why a matrix could not be built.
#[derive(Debug, Error)]
pub enum MatrixError {
    /// No answer (connection, timeout), or a client that could not be built.
    #[error("request failed: {0}")]
    Http(reqwest::Error),
    /// The service answered with an error status.
    #[error("request failed: status {0}")]
    Status(reqwest::StatusCode),
    /// The answer could not be read as the service documents it.
    #[error("unexpected answer: {0}")]
    Unreadable(reqwest::Error),
    /// The service said it could not compute the table (its `code`).
    #[error("unexpected answer: code {0}")]
    Code(String),
    /// A table (`durations`, `distances`) missing, or not `n`×`n`.
    #[error("unexpected answer: no {what} of {n}×{n}")]
    Table {
        /// Which table.
        what: &'static str,
        /// How many points were asked.
        n: usize,
    },
}

/// Anything that turns points into travel times and distances.
pub trait MatrixProvider {
    /// The matrices over `points`, in the same order.
    fn matrix(&self, points: &[LatLon]) -> Result<Matrix, MatrixError>;
}

/// Straight-line distance (haversine) × road factor, driven at an urban speed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HaversineProvider {
    /// Road distance / straight-line distance (typically 1.3–1.5 in cities).
    pub road_factor: f64,
    /// Average speed on the road distance, km/h.
    pub speed_kmh: f64,
}

impl Default for HaversineProvider {
    fn default() -> Self {
        HaversineProvider {
            road_factor: 1.35,
            speed_kmh: 30.0,
        }
    }
}

impl HaversineProvider {
    /// The matrices; never fails.
    pub fn compute(&self, points: &[LatLon]) -> Matrix {
        let n = points.len();
        let mut durations = vec![0.0; n * n];
        let mut distances = vec![0.0; n * n];
        let speed = (self.speed_kmh / 3.6).max(0.1);
        for (a, pa) in points.iter().enumerate() {
            for (b, pb) in points.iter().enumerate() {
                if a != b {
                    let m = Haversine
                        .distance(Point::new(pa.lon, pa.lat), Point::new(pb.lon, pb.lat))
                        * self.road_factor;
                    distances[a * n + b] = m;
                    durations[a * n + b] = (m / speed).ceil();
                }
            }
        }
        Matrix {
            n,
            durations,
            distances,
            source: MatrixSource::Haversine,
        }
    }
}

impl MatrixProvider for HaversineProvider {
    fn matrix(&self, points: &[LatLon]) -> Result<Matrix, MatrixError> {
        Ok(self.compute(points))
    }
}
