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

/// The provider's calendar for `years` with the edited days, read on `c`.
pub(crate) async fn calendar_with_edits(
    c: &mut sqlx::SqliteConnection,
    years: RangeInclusive<i32>,
) -> Result<BusinessCalendar, StoreError> {
    let place = crate::provider::place_on(c).await?;
    let mut cal = BusinessCalendar::for_place(place.uf(), place.city(), years, true);
    if let Some(hours) = edited_hours(c).await? {
        cal.set_week(hours);
    }
    for h in edited_days(c, &place).await? {
        cal.add_day_off(h);
    }
    Ok(cal)
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

async fn edited_days(
    c: &mut sqlx::SqliteConnection,
    place: &crate::provider::Place,
) -> Result<Vec<campo_domain::calendar::Holiday>, StoreError> {
    let rows = sqlx::query("SELECT date, name, layer FROM calendar_days WHERE removed = 0")
        .fetch_all(c)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let date: String = r.try_get("date")?;
        let layer: String = r.try_get("layer")?;
        let (Ok(date), Some(layer)) = (
            NaiveDate::parse_from_str(&date, "%Y-%m-%d"),
            EditableLayer::from_code(&layer),
        ) else {
            continue;
        };
        out.push(campo_domain::calendar::Holiday {
            date,
            name: r.try_get("name")?,
            layer: layer.layer(place.uf(), place.city()),
        });
    }
    Ok(out)
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

    /// Every day off of `year`, computed and edited, in date order.
    pub async fn days_off(&self, year: i32) -> Result<Vec<DayOffView>, StoreError> {
        let cal = self.business_calendar(year..=year).await?;
        let mut c = self.pool().acquire().await?;
        let place = crate::provider::place_on(&mut c).await?;
        let edited: Vec<NaiveDate> = edited_days(&mut c, &place)
            .await?
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

impl Writer<'_> {
    async fn may_edit_calendar(&mut self) -> Result<(), StoreError> {
        if self.actor_configures().await? {
            Ok(())
        } else {
            Err(DayOffError::NotAllowed.into())
        }
    }

    /// Adds a day off (state, municipal or the company's); a day already off is refused by
    /// its name, and only the administration and the coordination edit the calendar.
    pub async fn add_day_off(
        &mut self,
        date: NaiveDate,
        name: &str,
        layer: EditableLayer,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.may_edit_calendar().await?;
        let year = chrono::Datelike::year(&date);
        let cal = calendar_with_edits(self.conn(), year..=year).await?;
        let place = crate::provider::place_on(self.conn()).await?;
        let day = cal.check_day_off(date, name, layer, place.uf(), place.city())?;
        self.set_day(CalendarDaySet {
            date: date.to_string(),
            name: day.name,
            layer,
            removed: false,
            at: timestamp(at),
        })
        .await
    }

    /// Takes back a day off added in the editor (computed holidays cannot be removed).
    pub async fn remove_day_off(
        &mut self,
        date: NaiveDate,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.may_edit_calendar().await?;
        let row =
            sqlx::query("SELECT name, layer FROM calendar_days WHERE date = ? AND removed = 0")
                .bind(date.to_string())
                .fetch_optional(self.conn())
                .await?
                .ok_or(StoreError::NotFound(Entity::DayOff))?;
        let layer = EditableLayer::from_code(&row.try_get::<String, _>("layer")?)
            .ok_or(StoreError::NotFound(Entity::DayOff))?;
        self.set_day(CalendarDaySet {
            date: date.to_string(),
            name: row.try_get("name")?,
            layer,
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
