//! A day as the solver's problem: the day's orders (and the queue's, when asked) with their
//! windows, service times and skills, the technicians working that day with theirs, where
//! each starts, and what is needed to read the plan back.

use std::collections::HashMap;

use campo_domain::skills;
use campo_domain::{OrderStatus, Period};
use campo_route::{LatLon, Problem, Stop, Technician, TimeWindow};
use campo_store::routes::TechnicianSkills;
use campo_store::views::{DeadlineState, OrderFilter, OrderRow, SortDir, SortKey};
use campo_store::{Store, StoreError};
use chrono::NaiveDate;

use super::*;

/// Seconds since midnight of an `HH:MM` time.
pub(crate) fn parse_time(text: &str) -> Result<i64, PlanningError> {
    chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map(|t| i64::from(chrono::Timelike::num_seconds_from_midnight(&t)))
        .map_err(|_| PlanningError::Time(text.to_owned()))
}

pub(crate) fn hhmm(seconds: i64) -> String {
    format!("{:02}:{:02}", seconds / 3600, (seconds % 3600) / 60)
}

pub(crate) fn window_text(w: &TimeWindow) -> String {
    format!("{}–{}", hhmm(w.start), hhmm(w.end))
}

/// A period's window from the agenda's settings (Administração).
pub(crate) fn period_window(
    settings: &campo_domain::agenda::AgendaSettings,
    p: Period,
) -> TimeWindow {
    let (from, to) = match p {
        Period::Morning => settings.morning,
        Period::Afternoon => settings.afternoon,
    };
    TimeWindow::new(i64::from(from) * 60, i64::from(to) * 60)
}

/// The day's inputs: the problem and what is needed to read the answer.
pub(crate) struct Day {
    pub(crate) date: NaiveDate,
    /// The agenda's periods and service times in force.
    pub(crate) settings: campo_domain::agenda::AgendaSettings,
    pub(crate) problem: Problem,
    pub(crate) orders: HashMap<String, OrderRow>,
    pub(crate) coords: HashMap<String, (f64, f64)>,
    pub(crate) names: HashMap<String, String>,
    /// Where each technician starts and ends the day (their base).
    pub(crate) homes: HashMap<String, (f64, f64)>,
    /// The provider's first base, or the middle of the day's visits when it declared none.
    pub(crate) base: Option<(f64, f64)>,
    /// Orders whose customer is not on the map yet: left out of the problem, named to the
    /// coordinator instead of placed anywhere.
    pub(crate) unlocated: Vec<String>,
}

/// The middle of `points` (latitude, longitude), when there are any.
fn middle<'a>(points: impl Iterator<Item = &'a (f64, f64)>) -> Option<(f64, f64)> {
    let (mut lat, mut lon, mut n) = (0.0, 0.0, 0.0);
    for (a, b) in points.filter(|(a, b)| a.is_finite() && b.is_finite()) {
        lat += a;
        lon += b;
        n += 1.0;
    }
    (n > 0.0).then(|| (lat / n, lon / n))
}

pub(crate) fn parse_day(date: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| campo_domain::ValidationError::Date(campo_domain::Field::Date).into())
}

pub(crate) async fn route_day(
    store: &Store,
    date: &str,
    include_queue: bool,
    keep_technicians: bool,
    from: Option<i64>,
) -> Result<Day, StoreError> {
    let date = parse_day(date)?;
    let settings = store.agenda_settings().await?;
    let mut rows = store
        .all_orders(&OrderFilter {
            statuses: vec![OrderStatus::Scheduled, OrderStatus::EnRoute],
            date_from: Some(date.to_string()),
            date_to: Some(date.to_string()),
            sort: SortKey::Number,
            dir: SortDir::Asc,
            ..OrderFilter::default()
        })
        .await?;
    if include_queue {
        rows.extend(
            store
                .all_orders(&OrderFilter {
                    statuses: vec![OrderStatus::Approved, OrderStatus::NotDone],
                    sort: SortKey::Number,
                    dir: SortDir::Asc,
                    ..OrderFilter::default()
                })
                .await?,
        );
    }
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let coords = store.order_coordinates(&ids).await?;
    // Each technician leaves from their base (the first base otherwise); a provider that
    // declared none yet starts everyone from the middle of the day's visits.
    let bases = store.start_bases().await?;
    let base = bases.first.or_else(|| middle(coords.values()));
    let positions = match from {
        Some(_) => store
            .positions(date)
            .await?
            .into_iter()
            .map(|(t, (lat, lon))| (t, LatLon { lat, lon }))
            .collect(),
        None => HashMap::new(),
    };
    // The working day: from the morning's start to the afternoon's end.
    let day_start = i64::from(settings.morning.0) * 60;
    let day_end = i64::from(settings.afternoon.1) * 60;
    let shift_start = from.map_or(day_start, |f| f.max(day_start));
    // Away that day, or not working on its weekday.
    let away: std::collections::HashSet<String> = store
        .absences(date, date)
        .await?
        .into_iter()
        .map(|a| a.technician_id)
        .chain(
            store
                .work_weeks()
                .await?
                .into_iter()
                .filter(|w| {
                    !campo_domain::agenda::WorkWeek::new(&w.days)
                        .unwrap_or_default()
                        .works(date)
                })
                .map(|w| w.technician_id),
        )
        .collect();
    // Every active technician with their skills (one read); one away or off duty that day is
    // not in the plan (their orders are left out, saying so).
    let all_techs = store.technician_skills().await?;
    let skills_of: HashMap<String, Vec<String>> = all_techs
        .iter()
        .map(|t| {
            let codes = t.skills.iter().map(|s| s.code().to_owned()).collect();
            (t.technician_id.clone(), codes)
        })
        .collect();
    let techs: Vec<TechnicianSkills> = all_techs
        .into_iter()
        .filter(|t| !away.contains(&t.technician_id))
        .collect();
    // An order already en route is its technician's whatever the choice, and comes first
    // (the solver keeps a locked block at the start of the route).
    let home_of = |t: &str| {
        bases
            .of(t)
            .or(base)
            .map(|(lat, lon)| LatLon { lat, lon })
            .unwrap_or(LatLon { lat: 0.0, lon: 0.0 })
    };
    let technicians = techs
        .iter()
        .map(|t| {
            let home = home_of(&t.technician_id);
            let mut tech = Technician::new(
                t.technician_id.clone(),
                TimeWindow::new(shift_start, day_end.max(shift_start)),
                positions.get(&t.technician_id).copied().unwrap_or(home),
            );
            // Whatever happens during the day, it ends back at the base.
            tech.end_place = Some(home);
            tech.skills = skills_of.get(&t.technician_id).cloned().unwrap_or_default();
            tech.locked = rows
                .iter()
                .filter(|r| {
                    r.status == OrderStatus::EnRoute
                        && r.technician_id.as_deref() == Some(t.technician_id.as_str())
                })
                .map(|r| r.id.clone())
                .collect();
            tech
        })
        .collect();
    let unlocated: Vec<String> = rows
        .iter()
        .filter(|r| !coords.contains_key(&r.id))
        .map(|r| r.id.clone())
        .collect();
    let stops = rows
        .iter()
        .filter(|r| coords.contains_key(&r.id))
        .map(|r| {
            let (lat, lon) = coords.get(&r.id).copied().unwrap_or((f64::NAN, f64::NAN));
            let location = (lat.is_finite() && lon.is_finite()).then_some(LatLon { lat, lon });
            let windows = match r.period {
                // A queue order may go in either period: manhã or tarde.
                Some(p)
                    if r.status == OrderStatus::Scheduled || r.status == OrderStatus::EnRoute =>
                {
                    vec![period_window(&settings, p)]
                }
                _ => vec![
                    period_window(&settings, Period::Morning),
                    period_window(&settings, Period::Afternoon),
                ],
            };
            let overdue = r.deadline_state == Some(DeadlineState::Breached);
            let needs: Vec<String> = skills::required(r.kind, r.has_iptv)
                .iter()
                .map(|s| s.code().to_owned())
                .collect();
            Stop {
                id: r.id.clone(),
                location,
                windows,
                service: i64::from(settings.service_minutes(r.kind)) * 60,
                skills: if r.status == OrderStatus::EnRoute {
                    // Already on the way: whoever drives there does it.
                    Vec::new()
                } else {
                    needs.clone()
                },
                technician: match (&r.technician_id, r.status) {
                    (Some(t), OrderStatus::EnRoute) => Some(t.clone()),
                    // Kept with its technician, unless they lack a skill it needs: then the
                    // plan gives it to someone able (and says it moved).
                    (Some(t), OrderStatus::Scheduled)
                        if keep_technicians
                            && needs
                                .iter()
                                .all(|n| skills_of.get(t).is_some_and(|have| have.contains(n))) =>
                    {
                        Some(t.clone())
                    }
                    _ => None,
                },
                // Orders already promised to a customer come before queue orders.
                priority: match (r.status, overdue) {
                    (OrderStatus::Scheduled | OrderStatus::EnRoute, _) => 2,
                    (_, true) => 1,
                    _ => 0,
                },
                overdue,
                demand: 0,
            }
        })
        .collect();
    let homes = techs
        .iter()
        .map(|t| {
            let home = home_of(&t.technician_id);
            (t.technician_id.clone(), (home.lat, home.lon))
        })
        .collect();
    Ok(Day {
        date,
        homes,
        base,
        problem: Problem { stops, technicians },
        names: techs
            .into_iter()
            .map(|t| (t.technician_id, t.name))
            .collect(),
        orders: rows.into_iter().map(|r| (r.id.clone(), r)).collect(),
        coords,
        settings,
        unlocated,
    })
}

/// The day as the coordinator asked for it: its problem restricted to the chosen orders,
/// technicians and period.
pub(crate) async fn requested_day(
    store: &Store,
    request: &PlanRequest,
) -> Result<Day, PlanningError> {
    let from = match &request.from_time {
        Some(t) => Some(parse_time(t)?),
        None => None,
    };
    let mut day = route_day(
        store,
        &request.date,
        request.include_queue,
        request.keep_technicians,
        from,
    )
    .await?;
    if !request.orders.is_empty() {
        let chosen: std::collections::HashSet<&str> =
            request.orders.iter().map(String::as_str).collect();
        day.problem.stops.retain(|s| chosen.contains(s.id.as_str()));
        day.unlocated.retain(|id| chosen.contains(id.as_str()));
    }
    if !request.technicians.is_empty() {
        let chosen: std::collections::HashSet<&str> =
            request.technicians.iter().map(String::as_str).collect();
        day.problem
            .technicians
            .retain(|t| chosen.contains(t.id.as_str()));
        let orders = &day.orders;
        let kept = |id: &str| {
            orders
                .get(id)
                .and_then(|o| o.technician_id.as_deref())
                .is_none_or(|t| chosen.contains(t))
        };
        day.problem.stops.retain(|s| kept(&s.id));
        day.unlocated.retain(|id| kept(id));
    }
    if let Some(period) = request.period {
        let window = period_window(&day.settings, period);
        let orders = &day.orders;
        let kept = |id: &str| {
            orders
                .get(id)
                .is_some_and(|o| o.period.is_none_or(|p| p == period) || o.technician_id.is_none())
        };
        day.problem.stops.retain(|s| kept(&s.id));
        day.unlocated.retain(|id| kept(id));
        for s in &mut day.problem.stops {
            s.windows = vec![window];
        }
    }
    Ok(day)
}
