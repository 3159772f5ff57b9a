//! The provider's business calendar as every page uses it: the national holidays and the
//! state's and city's of the provider's place (computed; see [`crate::provider::Place`]), plus the days off added in the calendar editor
//! (`calendar.day.set`, reaching every device). Deadlines and the agenda's open days read it
//! from here.

use std::ops::RangeInclusive;

use campo_domain::calendar::{BusinessCalendar, DayOffError, EditableLayer, Layer, WeekHours};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;

use crate::error::Entity;
use crate::write::{Writer, timestamp};
use crate::{Store, StoreError};
use campo_protocol::Op;
use campo_protocol::ops::CalendarDaySet;

/// A day off as the calendar editor lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayOffView {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Its name.
    pub name: String,
    /// `national`, `optional`, `state`, `municipal` or `company`.
    pub layer: String,
    /// Added in the editor (can be removed); the others are computed.
    pub edited: bool,
    /// Visits still scheduled on that day (they need another day).
    pub visits: u32,
}

fn layer_code(layer: &Layer) -> &'static str {
    match layer {
        Layer::National => "national",
        Layer::Optional => "optional",
        Layer::State(_) => "state",
        Layer::Municipal(_) => "municipal",
        Layer::Company => "company",
    }
}

/// The provider's calendar for `years` with the edited days, read on `c`: the head office's.
pub(crate) async fn calendar_with_edits(
    c: &mut sqlx::SqliteConnection,
    years: RangeInclusive<i32>,
) -> Result<BusinessCalendar, StoreError> {
    let head = crate::provider::place_on(c).await?;
    calendar_at(c, &head, &head, years).await
}

/// The calendar of `place` (a municipality the provider serves; `head` is the head office's)
/// for `years`, read on `c` (see [`Edits::calendar_at`]).
pub(crate) async fn calendar_at(
    c: &mut sqlx::SqliteConnection,
    place: &crate::provider::Place,
    head: &crate::provider::Place,
    years: RangeInclusive<i32>,
) -> Result<BusinessCalendar, StoreError> {
    Ok(edits_on(c).await?.calendar_at(place, head, years))
}

/// What the calendar editor changed, read once: the working hours and the days added (each
/// with the municipality a municipal one is of, 0 for the head office's), to build the
/// calendar of any place without reading them again.
#[derive(Debug, Clone, Default)]
pub(crate) struct Edits {
    hours: Option<[campo_domain::calendar::Shift; 7]>,
    days: Vec<(NaiveDate, i64, String, EditableLayer)>,
}

/// The editor's changes read on `c`.
pub(crate) async fn edits_on(c: &mut sqlx::SqliteConnection) -> Result<Edits, StoreError> {
    let rows =
        sqlx::query("SELECT date, municipality, name, layer FROM calendar_days WHERE removed = 0")
            .fetch_all(&mut *c)
            .await?;
    let mut days = Vec::with_capacity(rows.len());
    for r in rows {
        let date: String = r.try_get("date")?;
        let layer: String = r.try_get("layer")?;
        if let (Ok(date), Some(layer)) = (
            NaiveDate::parse_from_str(&date, "%Y-%m-%d"),
            EditableLayer::from_code(&layer),
        ) {
            days.push((date, r.try_get("municipality")?, r.try_get("name")?, layer));
        }
    }
    Ok(Edits {
        hours: edited_hours(c).await?,
        days,
    })
}

impl Edits {
    /// The calendar of `place` for `years`: the national holidays, its state's and its own,
    /// the working hours, and the days added in the editor that apply there.
    pub(crate) fn calendar_at(
        &self,
        place: &crate::provider::Place,
        head: &crate::provider::Place,
        years: RangeInclusive<i32>,
    ) -> BusinessCalendar {
        let mut cal = BusinessCalendar::for_place(place.uf(), place.city(), years, true);
        if let Some(hours) = self.hours {
            cal.set_week(hours);
        }
        for h in self.days_at(place, head) {
            cal.add_day_off(h);
        }
        cal
    }

    /// The days added in the editor that apply at `place`: the company's everywhere, the
    /// state ones in the head office's state, a municipal one in its municipality.
    fn days_at(
        &self,
        place: &crate::provider::Place,
        head: &crate::provider::Place,
    ) -> Vec<campo_domain::calendar::Holiday> {
        let here = place.ibge();
        let at_head = here == head.ibge();
        self.days
            .iter()
            .filter(|(_, municipality, _, layer)| match layer {
                EditableLayer::Company => true,
                EditableLayer::State => place.uf() == head.uf(),
                EditableLayer::Municipal if *municipality == 0 => at_head,
                EditableLayer::Municipal => here.is_some_and(|h| *municipality == i64::from(h)),
            })
            .map(|(date, _, name, layer)| campo_domain::calendar::Holiday {
                date: *date,
                name: name.clone(),
                layer: layer.layer(place.uf(), place.city()),
            })
            .collect()
    }
}

/// The working hours set in the editor, when they were and are possible.
async fn edited_hours(
    c: &mut sqlx::SqliteConnection,
) -> Result<Option<[campo_domain::calendar::Shift; 7]>, StoreError> {
    let json: Option<String> = sqlx::query_scalar("SELECT hours FROM calendar_hours WHERE id = 1")
        .fetch_optional(c)
        .await?;
    Ok(json
        .and_then(|j| serde_json::from_str::<WeekHours>(&j).ok())
        .and_then(|h| h.shifts().ok()))
}

impl Store {
    /// The provider's calendar for `years`, with the days added in the editor.
    pub async fn business_calendar(
        &self,
        years: RangeInclusive<i32>,
    ) -> Result<BusinessCalendar, StoreError> {
        let mut c = self.pool().acquire().await?;
        calendar_with_edits(&mut c, years).await
    }

    /// The working hours per weekday in force.
    pub async fn week_hours(&self) -> Result<WeekHours, StoreError> {
        let mut cal = BusinessCalendar::standard_week();
        let mut c = self.pool().acquire().await?;
        if let Some(hours) = edited_hours(&mut c).await? {
            cal.set_week(hours);
        }
        Ok(cal.week_hours())
    }

    /// Every day off of `year` at the head office, computed and edited, in date order.
    pub async fn days_off(&self, year: i32) -> Result<Vec<DayOffView>, StoreError> {
        self.days_off_in(year, None).await
    }

    /// Every day off of `year` in `municipality` (a served one; the head office's when
    /// `None`), computed and edited, in date order.
    pub async fn days_off_in(
        &self,
        year: i32,
        municipality: Option<u32>,
    ) -> Result<Vec<DayOffView>, StoreError> {
        let mut c = self.pool().acquire().await?;
        let head = crate::provider::place_on(&mut c).await?;
        let place = served_place(&mut c, &head, municipality).await?;
        let edits = edits_on(&mut c).await?;
        let cal = edits.calendar_at(&place, &head, year..=year);
        let edited: Vec<NaiveDate> = edits
            .days_at(&place, &head)
            .iter()
            .map(|h| h.date)
            .collect();
        let (Some(from), Some(to)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            return Ok(Vec::new());
        };
        let visits: std::collections::HashMap<String, i64> = sqlx::query_as(
            "SELECT scheduled_date, COUNT(*) FROM work_orders
             WHERE status IN ('scheduled','en_route') AND scheduled_date BETWEEN ? AND ?
             GROUP BY scheduled_date",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&mut *c)
        .await?
        .into_iter()
        .collect();
        Ok(cal
            .days_off(from, to)
            .map(|h| DayOffView {
                date: h.date.to_string(),
                name: h.name.clone(),
                layer: layer_code(&h.layer).to_owned(),
                edited: edited.contains(&h.date),
                visits: visits
                    .get(&h.date.to_string())
                    .map_or(0, |n| u32::try_from(*n).unwrap_or(u32::MAX)),
            })
            .collect())
    }
}

/// The place of `municipality` when the provider serves it (the head office's when `None`);
/// any other is refused by name.
async fn served_place(
    c: &mut sqlx::SqliteConnection,
    head: &crate::provider::Place,
    municipality: Option<u32>,
) -> Result<crate::provider::Place, StoreError> {
    let Some(code) = municipality.filter(|m| Some(*m) != head.ibge()) else {
        return Ok(*head);
    };
    let served = crate::provider::profile_on(c)
        .await?
        .is_some_and(|p| p.municipalities.contains(&code));
    match campo_domain::municipality::by_code(code) {
        Some(municipality) if served => Ok(crate::provider::Place::at(municipality)),
        Some(m) => Err(DayOffError::NotServed(format!("{}/{}", m.name, m.uf.as_str())).into()),
        None => Err(DayOffError::NotServed(code.to_string()).into()),
    }
}

impl Writer<'_> {
    async fn may_edit_calendar(&mut self) -> Result<(), StoreError> {
        if self.actor_configures().await? {
            Ok(())
        } else {
            Err(DayOffError::NotAllowed.into())
        }
    }

    /// Adds a day off (state, municipal or the company's; a municipal one of a served
    /// `municipality`, the head office's when `None`); a day already off there is refused by
    /// its name, and only the administration and the coordination edit the calendar.
    pub async fn add_day_off(
        &mut self,
        date: NaiveDate,
        name: &str,
        layer: EditableLayer,
        municipality: Option<u32>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.may_edit_calendar().await?;
        let year = chrono::Datelike::year(&date);
        let head = crate::provider::place_on(self.conn()).await?;
        let municipality =
            municipality.filter(|m| layer == EditableLayer::Municipal && Some(*m) != head.ibge());
        let place = served_place(self.conn(), &head, municipality).await?;
        let cal = calendar_at(self.conn(), &place, &head, year..=year).await?;
        let day = cal.check_day_off(date, name, layer, place.uf(), place.city())?;
        self.set_day(CalendarDaySet {
            date: date.to_string(),
            name: day.name,
            layer,
            municipality,
            removed: false,
            at: timestamp(at),
        })
        .await
    }

    /// Takes back a day off added in the editor (computed holidays cannot be removed): the
    /// one of `municipality` (a served one's municipal day; the head office's or a state or
    /// company day when `None`).
    pub async fn remove_day_off(
        &mut self,
        date: NaiveDate,
        municipality: Option<u32>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.may_edit_calendar().await?;
        let head = crate::provider::place_on(self.conn()).await?;
        let municipality = municipality.filter(|m| Some(*m) != head.ibge());
        let row = sqlx::query(
            "SELECT name, layer FROM calendar_days WHERE date = ? AND municipality = ? AND removed = 0",
        )
        .bind(date.to_string())
        .bind(municipality.unwrap_or(0))
        .fetch_optional(self.conn())
        .await?
        .ok_or(StoreError::NotFound(Entity::DayOff))?;
        let layer = EditableLayer::from_code(&row.try_get::<String, _>("layer")?)
            .ok_or(StoreError::NotFound(Entity::DayOff))?;
        self.set_day(CalendarDaySet {
            date: date.to_string(),
            name: row.try_get("name")?,
            layer,
            municipality,
            removed: true,
            at: timestamp(at),
        })
        .await
    }

    /// Sets the working hours per weekday (deadlines in business time and the agenda's open
    /// days follow); impossible hours are refused by name and nothing is written.
    pub async fn set_week_hours(
        &mut self,
        hours: &WeekHours,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        hours.shifts()?;
        self.may_edit_calendar().await?;
        let body = campo_protocol::ops::CalendarHoursSet {
            hours: hours.clone(),
            at: timestamp(at),
        };
        let actor = self.actor_id();
        crate::effects::calendar_hours(self.conn(), &body, actor).await?;
        self.record(&Op::CalendarHoursSet(body)).await
    }

    async fn set_day(&mut self, body: CalendarDaySet) -> Result<(), StoreError> {
        let actor = self.actor_id();
        crate::effects::calendar_day(self.conn(), &body, actor).await?;
        self.record(&Op::CalendarDaySet(body)).await
    }
}
