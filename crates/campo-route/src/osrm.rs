//! OSRM `table` client (the only network I/O of the crate): blocking reqwest with rustls,
//! timeouts, an in-memory cache, and automatic fallback to [`HaversineProvider`] when the
//! service fails. Configured by `CAMPO_OSRM_URL` or by a setting passed to [`OsrmProvider::new`].
//!
//! The blocking client must not be used from inside an async runtime's worker thread; the app
//! calls the planner from a blocking task.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use serde::Deserialize;

use crate::matrix::{HaversineProvider, Matrix, MatrixError, MatrixProvider, MatrixSource};
use crate::model::LatLon;

/// Environment variable holding the OSRM base URL (e.g. `http://localhost:5000`).
pub const ENV_URL: &str = "CAMPO_OSRM_URL";
const CACHE_MAX: usize = 64;

/// An OSRM `table` service with a haversine fallback.
#[derive(Debug)]
pub struct OsrmProvider {
    base: String,
    profile: String,
    client: reqwest::blocking::Client,
    fallback: HaversineProvider,
    cache: Mutex<HashMap<Vec<(i64, i64)>, Matrix>>,
}

#[derive(Deserialize)]
struct TableAnswer {
    code: String,
    durations: Option<Vec<Vec<Option<f64>>>>,
    distances: Option<Vec<Vec<Option<f64>>>>,
}

impl OsrmProvider {
    /// A client for `base_url` (e.g. `http://localhost:5000`), `driving` profile, 5 s timeout.
    pub fn new(base_url: &str) -> Result<Self, MatrixError> {
        Self::with_timeout(base_url, Duration::from_secs(5))
    }

    /// Same, with a given request timeout.
    pub fn with_timeout(base_url: &str, timeout: Duration) -> Result<Self, MatrixError> {
        let client = reqwest::blocking::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(MatrixError::Http)?;
        Ok(OsrmProvider {
            base: base_url.trim_end_matches('/').to_string(),
            profile: "driving".into(),
            client,
            fallback: HaversineProvider::default(),
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// From `CAMPO_OSRM_URL`, if set and not empty.
    pub fn from_env() -> Option<Self> {
        let url = std::env::var(ENV_URL)
            .ok()
            .filter(|u| !u.trim().is_empty())?;
        Self::new(&url).ok()
    }

    /// Uses this estimate when OSRM fails (and for unreachable pairs).
    pub fn with_fallback(mut self, fallback: HaversineProvider) -> Self {
        self.fallback = fallback;
        self
    }

    /// Asks OSRM, without fallback.
    pub fn fetch(&self, points: &[LatLon]) -> Result<Matrix, MatrixError> {
        let n = points.len();
        if n < 2 {
            return Ok(Matrix {
                source: MatrixSource::Osrm,
                ..self.fallback.compute(points)
            });
        }
        let coords: Vec<String> = points
            .iter()
            .map(|p| format!("{:.6},{:.6}", p.lon, p.lat))
            .collect();
        let url = format!(
            "{}/table/v1/{}/{}?annotations=duration,distance",
            self.base,
            self.profile,
            coords.join(";")
        );
        let resp = self.client.get(&url).send().map_err(MatrixError::Http)?;
        if !resp.status().is_success() {
            return Err(MatrixError::Status(resp.status()));
        }
        let answer: TableAnswer = resp.json().map_err(MatrixError::Unreadable)?;
        if answer.code != "Ok" {
            return Err(MatrixError::Code(answer.code));
        }
        let estimate = self.fallback.compute(points);
        let flat = |rows: Option<Vec<Vec<Option<f64>>>>, est: &[f64], what: &'static str| {
            let rows = rows.ok_or(MatrixError::Table { what, n })?;
            if rows.len() != n || rows.iter().any(|r| r.len() != n) {
                return Err(MatrixError::Table { what, n });
            }
            Ok(rows
                .into_iter()
                .flatten()
                .zip(est)
                .enumerate()
                .map(|(k, (v, e))| {
                    if k % (n + 1) == 0 {
                        0.0
                    } else {
                        v.filter(|x| x.is_finite() && *x >= 0.0).unwrap_or(*e)
                    }
                })
                .collect::<Vec<f64>>())
        };
        let durations = flat(answer.durations, &estimate.durations, "durations")?;
        let distances = flat(answer.distances, &estimate.distances, "distances")?;
        Ok(Matrix {
            n,
            durations,
            distances,
            source: MatrixSource::Osrm,
        })
    }
}

impl MatrixProvider for OsrmProvider {
    /// OSRM's matrices (cached by the exact point list); the haversine estimate, marked
    /// [`MatrixSource::OsrmFallback`], when OSRM fails. Never returns an error.
    fn matrix(&self, points: &[LatLon]) -> Result<Matrix, MatrixError> {
        let key: Vec<(i64, i64)> = points
            .iter()
            .map(|p| ((p.lat * 1e6).round() as i64, (p.lon * 1e6).round() as i64))
            .collect();
        if let Ok(cache) = self.cache.lock()
            && let Some(m) = cache.get(&key)
        {
            return Ok(m.clone());
        }
        match self.fetch(points) {
            Ok(m) => {
                if let Ok(mut cache) = self.cache.lock() {
                    if cache.len() >= CACHE_MAX {
                        cache.clear();
                    }
                    cache.insert(key, m.clone());
                }
                Ok(m)
            }
            Err(_) => Ok(Matrix {
                source: MatrixSource::OsrmFallback,
                ..self.fallback.compute(points)
            }),
        }
    }
}
