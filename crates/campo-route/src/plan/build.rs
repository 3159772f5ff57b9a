//! A problem as the solver takes it: each stop and technician checked (the invalid ones named
//! and set aside), their windows merged, the matrix built, and the instance made.

use std::collections::{HashMap, HashSet};

use crate::error::{InputError, PlanError};
use crate::instance::{BreakSpec, Instance, Job, Vehicle, Window};
use crate::matrix::{MatrixProvider, MatrixSource};
use crate::model::{Problem, TimeWindow};

pub(super) struct Built {
    pub(super) inst: Instance,
    /// job index → stop index in the problem
    pub(super) job_stop: Vec<usize>,
    /// vehicle index → technician index
    pub(super) veh_tech: Vec<usize>,
    /// stop index → job index
    pub(super) stop_job: HashMap<usize, usize>,
    pub(super) invalid: Vec<(usize, InputError)>,
    pub(super) issues: Vec<InputError>,
    pub(super) source: MatrixSource,
    /// job index has no window (windows are the whole day)
    pub(super) unwindowed: Vec<bool>,
}

const ANY_TIME: f64 = 1e9;

fn merge_windows(ws: &[TimeWindow]) -> Vec<Window> {
    let mut v: Vec<(i64, i64)> = ws.iter().map(|w| (w.start, w.end)).collect();
    v.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out.into_iter()
        .map(|(s, e)| Window {
            start: s as f64,
            end: e as f64,
        })
        .collect()
}

pub(super) fn build(problem: &Problem, provider: &dyn MatrixProvider) -> Result<Built, PlanError> {
    let mut invalid = Vec::new();
    let mut issues = Vec::new();
    let mut seen = HashSet::new();
    let mut valid_stops = Vec::new();
    for (i, s) in problem.stops.iter().enumerate() {
        let err = if !seen.insert(s.id.as_str()) {
            Some(InputError::DuplicateStop { stop: s.id.clone() })
        } else if let Some(p) = s.location.filter(|p| !p.in_brazil()) {
            Some(InputError::OutsideBrazil {
                stop: s.id.clone(),
                lat: p.lat,
                lon: p.lon,
            })
        } else if s.location.is_none() {
            Some(InputError::MissingCoordinates { stop: s.id.clone() })
        } else if s.windows.iter().any(|w| w.end < w.start) {
            Some(InputError::WindowEndsBeforeStart { stop: s.id.clone() })
        } else if s.service < 0 || s.demand < 0 {
            Some(InputError::Negative { stop: s.id.clone() })
        } else {
            None
        };
        match err {
            Some(e) => invalid.push((i, e)),
            None => valid_stops.push(i),
        }
    }
    let stop_by_id: HashMap<&str, usize> = valid_stops
        .iter()
        .map(|&i| (problem.stops[i].id.as_str(), i))
        .collect();
    let mut techs = Vec::new();
    let mut seen_tech = HashSet::new();
    for (t, tech) in problem.technicians.iter().enumerate() {
        let id = || tech.id.clone();
        if !seen_tech.insert(tech.id.as_str()) {
            issues.push(InputError::DuplicateTechnician { technician: id() });
            continue;
        }
        let Some(shift) = tech.shift else {
            issues.push(InputError::NoShift { technician: id() });
            continue;
        };
        if shift.end < shift.start {
            issues.push(InputError::ShiftEndsBeforeStart { technician: id() });
            continue;
        }
        let start_ok = tech.start_place.is_some_and(|p| p.in_brazil());
        let end_ok = tech.end_place.is_none_or(|p| p.in_brazil());
        if !start_ok || !end_ok {
            issues.push(InputError::NoStartPlace { technician: id() });
            continue;
        }
        if let Some(b) = tech.lunch
            && (b.latest < b.earliest
                || b.duration < 0
                || b.earliest.max(shift.start) > b.latest
                || b.earliest.max(shift.start) + b.duration > shift.end)
        {
            issues.push(InputError::BreakOutsideShift { technician: id() });
            continue;
        }
        techs.push(t);
    }
    // Skills to bits.
    let mut skill_bits: HashMap<String, u64> = HashMap::new();
    let mut bits = |names: &[String]| -> Result<u64, PlanError> {
        let mut m = 0u64;
        for name in names {
            let next = skill_bits.len();
            let b = *skill_bits.entry(name.clone()).or_insert(next as u64);
            if b >= 64 {
                return Err(PlanError::TooManySkills);
            }
            m |= 1 << b;
        }
        Ok(m)
    };
    // Stops reserved for one technician name its vehicle (one that is not in the day gets an
    // index no vehicle has, so the stop is reported).
    let vehicle_of: HashMap<&str, usize> = techs
        .iter()
        .enumerate()
        .map(|(v, &t)| (problem.technicians[t].id.as_str(), v))
        .collect();
    // Points: valid stops, then each technician's start and end.
    let mut points = Vec::new();
    for &i in &valid_stops {
        points.extend(problem.stops[i].location);
    }
    let mut jobs = Vec::new();
    let mut unwindowed = Vec::new();
    let mut stop_job = HashMap::new();
    for (k, &i) in valid_stops.iter().enumerate() {
        let s = &problem.stops[i];
        let windows = if s.windows.is_empty() {
            vec![Window {
                start: -ANY_TIME,
                end: ANY_TIME,
            }]
        } else {
            merge_windows(&s.windows)
        };
        unwindowed.push(s.windows.is_empty());
        stop_job.insert(i, k);
        jobs.push(Job {
            loc: k,
            windows,
            service: s.service as f64,
            demand: s.demand,
            skills: bits(&s.skills)?,
            vehicle: s
                .technician
                .as_deref()
                .map(|t| vehicle_of.get(t).copied().unwrap_or(usize::MAX)),
            priority: s.priority.min(3).saturating_add(u8::from(s.overdue)).min(3),
        });
    }
    let mut vehicles = Vec::new();
    let mut locked_seen = HashSet::new();
    for &t in &techs {
        let tech = &problem.technicians[t];
        let shift = tech.shift.unwrap_or(TimeWindow::new(0, 0));
        let start_loc = points.len();
        points.extend(tech.start_place);
        let end_loc = points.len();
        points.push(
            tech.end_place
                .or(tech.start_place)
                .unwrap_or(crate::model::LatLon { lat: 0.0, lon: 0.0 }),
        );
        let mut locked = Vec::new();
        for sid in &tech.locked {
            match stop_by_id.get(sid.as_str()) {
                Some(&i) if locked_seen.insert(i) => locked.push(stop_job[&i]),
                _ => issues.push(InputError::BadLockedStop {
                    technician: tech.id.clone(),
                    stop: sid.clone(),
                }),
            }
        }
        vehicles.push(Vehicle {
            start_loc,
            end_loc,
            shift_start: shift.start as f64,
            shift_end: shift.end as f64,
            capacity: tech.capacity.unwrap_or(i64::MAX / 4),
            max_jobs: tech.max_visits.unwrap_or(usize::MAX),
            skills: bits(&tech.skills)?,
            brk: tech.lunch.map(|b| BreakSpec {
                earliest: b.earliest as f64,
                latest: b.latest as f64,
                duration: b.duration as f64,
            }),
            locked,
        });
    }
    let m = provider.matrix(&points)?;
    Ok(Built {
        inst: Instance {
            jobs,
            vehicles,
            n_locs: m.n,
            time: m.durations,
            dist: m.distances,
        },
        job_stop: valid_stops,
        veh_tech: techs,
        stop_job,
        invalid,
        issues,
        source: m.source,
        unwindowed,
    })
}
