//! The agenda: the coordinator's dispatch board (days × technicians × periods, with the queue
//! of orders waiting, and who is away), scheduling from it, and a technician's day ("Meu
//! dia"); `team` keeps who works when — absences, working weeks, periods and service times.

use std::collections::HashMap;

use campo_domain::agenda::{self, AgendaSettings, SlotProblem};
use campo_domain::calendar::BusinessCalendar;
use campo_domain::order::{Schedule, Transition};
use campo_domain::{Lang, Localized, OrderStatus, Period};
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::stock_query::RequiredLine;
use crate::views::{
    DeadlineState, OrderDetail, OrderFilter, OrderRow, SortDir, SortKey, TechnicianView,
};
use crate::{Actor, Entity, Store, StoreError};

mod team;

pub use team::{AbsenceView, WorkWeekView};

/// Most days the board shows at once (a week).
pub const MAX_BOARD_DAYS: u32 = 7;

/// A day column of the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoardDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The holiday's name, when it is one.
    pub holiday: Option<String>,
    /// Whether orders can be scheduled on it (working day, not past).
    pub open: bool,
}

/// A technician's period on a day, and how full it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoardCell {
    /// Technician.
    pub technician_id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Period.
    pub period: Period,
    /// Minutes of service scheduled.
    pub load_minutes: u32,
    /// Minutes the period holds.
    pub capacity_minutes: u32,
}

/// The dispatch board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoardView {
    /// The days shown.
    pub days: Vec<BoardDay>,
    /// Active technicians.
    pub technicians: Vec<TechnicianView>,
    /// Orders scheduled in those days (any status but cancelled).
    pub orders: Vec<OrderRow>,
    /// Orders waiting for a slot: failed visits first, then by deadline.
    pub queue: Vec<OrderRow>,
    /// Load per technician, day and period (cells with work only).
    pub cells: Vec<BoardCell>,
    /// Period hours and service times.
    pub settings: AgendaSettings,
    /// Technicians away on some of those days.
    pub absences: Vec<AbsenceView>,
    /// The weekdays each technician works.
    pub work_weeks: Vec<WorkWeekView>,
}

/// An order put into a technician's period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotRequest {
    /// The order.
    pub order_id: Uuid,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Period.
    pub period: Period,
    /// Technician.
    pub technician_id: Uuid,
    /// Why (required when the order was already scheduled).
    pub reason: Option<String>,
}

/// One visit of a technician's day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Visit {
    /// The order, as its page shows it.
    pub detail: OrderDetail,
    /// Equipment to bring (the plan's requirement, for installations).
    pub bring: Vec<RequiredLine>,
}

/// A technician's day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayView {
    /// Whose day.
    pub technician: Option<TechnicianView>,
    /// Technicians to choose from (office users look at someone's day).
    pub technicians: Vec<TechnicianView>,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Visits in order: the applied route's, else period then order number.
    pub visits: Vec<Visit>,
    /// Reasons offered for a visit not done.
    pub not_done_reasons: Vec<String>,
}

/// A `YYYY-MM-DD` day typed in `field`, or a validation error naming the field.
pub fn day_arg(text: &str, field: campo_domain::Field) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| campo_domain::ValidationError::Date(field).into())
}

impl Store {
    /// The provider's calendar around `date` (edited days included).
    async fn calendar_for(&self, date: NaiveDate) -> Result<BusinessCalendar, StoreError> {
        self.business_calendar(date.year() - 1..=date.year() + 1)
            .await
    }

    /// The calendar around `date` where a visit to an address in `city`/`uf` happens: that
    /// municipality's when the provider serves it (its holidays, its state's), else the head
    /// office's.
    async fn calendar_at_address(
        &self,
        date: NaiveDate,
        city: &str,
        uf: &str,
    ) -> Result<BusinessCalendar, StoreError> {
        let mut c = self.pool().acquire().await?;
        let head = crate::provider::place_on(&mut c).await?;
        let served = crate::provider::profile_on(&mut c)
            .await?
            .map(|p| p.municipalities)
            .unwrap_or_default();
        let place = campo_domain::municipality::find(city, uf)
            .filter(|m| served.contains(&m.ibge))
            .map_or(head, crate::provider::Place::at);
        crate::calendar::calendar_at(&mut c, &place, &head, date.year() - 1..=date.year() + 1).await
    }

    /// The board for `days` days from `from` (`YYYY-MM-DD`).
    pub async fn board(&self, from: &str, days: u32) -> Result<BoardView, StoreError> {
        self.board_with(from, days, true).await
    }

    /// The board, with the queue of waiting orders only when `with_queue` (moving to another
    /// day does not change the queue, and a large provider's queue is most of the reading).
    pub async fn board_with(
        &self,
        from: &str,
        days: u32,
        with_queue: bool,
    ) -> Result<BoardView, StoreError> {
        let from = day_arg(from, campo_domain::Field::Date)?;
        let days = days.clamp(1, MAX_BOARD_DAYS);
        let to = from
            .checked_add_days(Days::new(u64::from(days - 1)))
            .unwrap_or(from);
        let settings = self.agenda_settings().await?;
        let calendar = self.calendar_for(from).await?;
        let today = self.today().await?;
        let day_list: Vec<BoardDay> = (0..days)
            .filter_map(|i| from.checked_add_days(Days::new(u64::from(i))))
            .map(|d| BoardDay {
                date: d.to_string(),
                holiday: calendar.day_off(d).map(|h| h.name.clone()),
                open: agenda::check_day(&calendar, today, d).is_ok(),
            })
            .collect();
        let active = [
            OrderStatus::Scheduled,
            OrderStatus::EnRoute,
            OrderStatus::InProgress,
            OrderStatus::Done,
            OrderStatus::NotDone,
        ];
        let orders = self
            .all_orders(&OrderFilter {
                statuses: active.to_vec(),
                date_from: Some(from.to_string()),
                date_to: Some(to.to_string()),
                sort: SortKey::Number,
                dir: SortDir::Asc,
                ..OrderFilter::default()
            })
            .await?;
        let mut queue = if with_queue {
            self.all_orders(&OrderFilter {
                statuses: vec![OrderStatus::Approved, OrderStatus::NotDone],
                sort: SortKey::CreatedAt,
                dir: SortDir::Asc,
                ..OrderFilter::default()
            })
            .await?
        } else {
            Vec::new()
        };
        // Failed visits first, then the most urgent deadline.
        let urgency = |r: &OrderRow| match r.deadline_state {
            Some(DeadlineState::Breached) => 0,
            Some(DeadlineState::AtRisk) => 1,
            _ => 2,
        };
        queue.sort_by(|a, b| {
            (a.status != OrderStatus::NotDone)
                .cmp(&(b.status != OrderStatus::NotDone))
                .then(urgency(a).cmp(&urgency(b)))
                .then(a.deadline.cmp(&b.deadline))
        });
        let mut load: HashMap<(String, String, Period), u32> = HashMap::new();
        for o in &orders {
            if o.status == OrderStatus::NotDone {
                continue;
            }
            if let (Some(t), Some(d), Some(p)) = (&o.technician_id, &o.scheduled_date, o.period) {
                *load.entry((t.clone(), d.clone(), p)).or_default() +=
                    settings.service_minutes(o.kind);
            }
        }
        let mut cells: Vec<BoardCell> = load
            .into_iter()
            .map(|((technician_id, date, period), load_minutes)| BoardCell {
                technician_id,
                date,
                period,
                load_minutes,
                capacity_minutes: settings.period_minutes(period),
            })
            .collect();
        cells.sort_by(|a, b| {
            (&a.technician_id, &a.date, a.period as u8).cmp(&(
                &b.technician_id,
                &b.date,
                b.period as u8,
            ))
        });
        Ok(BoardView {
            days: day_list,
            technicians: self.filter_options().await?.technicians,
            orders,
            queue,
            cells,
            settings,
            absences: self.absences(from, to).await?,
            work_weeks: self.work_weeks().await?,
        })
    }

    /// Schedules (or reschedules, with a reason) an order into a technician's period. A past
    /// day, a holiday or a day off is refused by name; a period over capacity, or one the
    /// customer said they are not home in, is allowed and returned as a warning in the
    /// reader's language.
    pub async fn schedule_on_board(
        &self,
        actor: Actor,
        request: SlotRequest,
        lang: Lang,
    ) -> Result<Vec<String>, StoreError> {
        let SlotRequest {
            order_id,
            date,
            period,
            technician_id,
            reason,
        } = request;
        let date = day_arg(&date, campo_domain::Field::Date)?;
        let detail = self.get_order(order_id).await?;
        // The visit's own place: a holiday of the customer's municipality closes the day.
        let address = &detail.customer.address;
        let calendar = self
            .calendar_at_address(date, &address.city, &address.uf)
            .await?;
        agenda::check_day(&calendar, self.today().await?, date)?;
        if let (Some(name), away) = self.absences_of(&technician_id.to_string(), date).await? {
            agenda::check_presence(&away, &name, date)?;
        }
        if let Some((name, week)) = self.work_week_of(&technician_id.to_string()).await? {
            agenda::check_work_week(&week, &name, date)?;
        }
        let settings = self.agenda_settings().await?;
        let rows = self
            .all_orders(&OrderFilter {
                statuses: vec![
                    OrderStatus::Scheduled,
                    OrderStatus::EnRoute,
                    OrderStatus::InProgress,
                    OrderStatus::Done,
                ],
                date_from: Some(date.to_string()),
                date_to: Some(date.to_string()),
                technician_id: Some(technician_id.to_string()),
                period: Some(period),
                ..OrderFilter::default()
            })
            .await?;
        let load: u32 = rows
            .iter()
            .filter(|r| r.id != order_id.to_string())
            .map(|r| settings.service_minutes(r.kind))
            .sum();
        let warnings = [
            agenda::capacity_warning(&settings, period, load, detail.order.kind),
            agenda::availability_warning(&detail.order.available_periods, period),
        ];
        self.transition_order(
            actor,
            order_id,
            Transition {
                to: OrderStatus::Scheduled,
                reason,
                schedule: Some(Schedule {
                    date,
                    period,
                    technician_id,
                }),
            },
        )
        .await?;
        Ok(warnings
            .iter()
            .flatten()
            .map(|w: &SlotProblem| w.message(lang))
            .collect())
    }

    /// A technician's visits on `date` (today when `None`), in the order of the day.
    pub async fn day_of(
        &self,
        technician: Option<Uuid>,
        date: Option<&str>,
        lang: Lang,
    ) -> Result<DayView, StoreError> {
        let date = match date {
            Some(d) => day_arg(d, campo_domain::Field::Date)?,
            None => self.today().await?,
        };
        let technicians = self.filter_options().await?.technicians;
        let technician = match technician {
            Some(id) => Some(
                technicians
                    .iter()
                    .find(|t| t.id == id.to_string())
                    .cloned()
                    .ok_or(StoreError::NotFound(Entity::Person))?,
            ),
            None => None,
        };
        let mut visits = Vec::new();
        if let Some(t) = &technician {
            let rows = self
                .all_orders(&OrderFilter {
                    date_from: Some(date.to_string()),
                    date_to: Some(date.to_string()),
                    technician_id: Some(t.id.clone()),
                    sort: SortKey::Number,
                    dir: SortDir::Asc,
                    ..OrderFilter::default()
                })
                .await?;
            let mut rows: Vec<OrderRow> = rows
                .into_iter()
                .filter(|r| r.status != OrderStatus::Cancelled)
                .collect();
            // The applied route's order first; anything not in it after, by period.
            let route = self.route_order(&date.to_string(), &t.id).await?;
            let position = |id: &str| route.iter().position(|r| r == id).unwrap_or(usize::MAX);
            rows.sort_by_key(|r| (position(&r.id), r.period.map(|p| p as u8), r.number));
            for r in rows {
                let id = crate::write::parse_uuid(&r.id)?;
                let detail = self.get_order_in(id, lang).await?;
                let bring = self
                    .order_equipment(id, campo_domain::Lang::PtBr)
                    .await?
                    .required;
                visits.push(Visit { detail, bring });
            }
        }
        Ok(DayView {
            technician,
            technicians,
            date: date.to_string(),
            visits,
            not_done_reasons: self
                .agenda_settings()
                .await?
                .not_done_reasons
                .into_iter()
                .map(|r| r.trim().to_owned())
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn board_dates_must_be_real_days() {
        assert!(day_arg("2026-11-23", campo_domain::Field::Date).is_ok());
        assert!(matches!(
            day_arg("23/11/2026", campo_domain::Field::Date),
            Err(StoreError::Validation(_))
        ));
    }
}
