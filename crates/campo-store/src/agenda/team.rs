//! Who works when, as the agenda reads it: technicians' absences (and the visits they would
//! leave), their working weeks, and the provider's periods and service times.

use campo_domain::agenda::{self, AgendaSettings};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::write::{Writer, timestamp};
use crate::{Entity, Store, StoreError};
use campo_protocol::Op;
use campo_protocol::ops::AbsenceSet;
use sqlx::Row;

/// A technician's absence as the board shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AbsenceView {
    /// The absence.
    pub id: String,
    /// Technician.
    pub technician_id: String,
    /// Their name.
    pub technician_name: String,
    /// First day away, `YYYY-MM-DD`.
    pub from: String,
    /// Last day away, `YYYY-MM-DD`.
    pub to: String,
    /// Why.
    pub reason: String,
}

impl Writer<'_> {
    /// Records that a technician is away from `from` to `to` (both included) and why; a day
    /// range backwards, an empty reason or someone who is not a technician is refused.
    pub async fn record_absence(
        &mut self,
        technician: Uuid,
        from: NaiveDate,
        to: NaiveDate,
        reason: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Uuid, StoreError> {
        let absence = agenda::Absence::new(from, to, reason)?;
        self.ensure_technician(technician).await?;
        let body = AbsenceSet {
            id: Uuid::now_v7(),
            technician_id: technician,
            from: absence.from.to_string(),
            to: absence.to.to_string(),
            reason: absence.reason,
            removed: false,
            at: timestamp(at),
        };
        let actor = self.actor_id();
        crate::effects::absence(self.conn(), &body, actor).await?;
        let id = body.id;
        self.record(&Op::AbsenceSet(body)).await?;
        Ok(id)
    }

    /// Removes an absence recorded by mistake or cancelled.
    pub async fn remove_absence(
        &mut self,
        id: Uuid,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        let row = sqlx::query(
            "SELECT technician_id, from_date, to_date, reason FROM technician_absences WHERE id = ? AND removed = 0",
        )
        .bind(id.to_string())
        .fetch_optional(self.conn())
        .await?
        .ok_or(StoreError::NotFound(Entity::Absence))?;
        let body = AbsenceSet {
            id,
            technician_id: crate::write::parse_uuid(&row.try_get::<String, _>("technician_id")?)?,
            from: row.try_get("from_date")?,
            to: row.try_get("to_date")?,
            reason: row.try_get("reason")?,
            removed: true,
            at: timestamp(at),
        };
        let actor = self.actor_id();
        crate::effects::absence(self.conn(), &body, actor).await?;
        self.record(&Op::AbsenceSet(body)).await
    }
}

impl Store {
    /// Absences that touch the days `from` to `to`, by day then name.
    pub async fn absences(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<AbsenceView>, StoreError> {
        let rows = sqlx::query(
            "SELECT a.id, a.technician_id, p.name, a.from_date, a.to_date, a.reason
             FROM technician_absences a JOIN people p ON p.id = a.technician_id
             WHERE a.removed = 0 AND a.to_date >= ? AND a.from_date <= ?
             ORDER BY a.from_date, p.name",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AbsenceView {
                    id: r.try_get("id")?,
                    technician_id: r.try_get("technician_id")?,
                    technician_name: r.try_get("name")?,
                    from: r.try_get("from_date")?,
                    to: r.try_get("to_date")?,
                    reason: r.try_get("reason")?,
                })
            })
            .collect()
    }

    /// How many visits a technician has scheduled (not yet done) from `from` to `to`: those an
    /// absence leaves without anyone.
    pub async fn visits_during(
        &self,
        technician: Uuid,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<u32, StoreError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM work_orders WHERE technician_id = ? AND status IN ('scheduled','en_route')
             AND scheduled_date BETWEEN ? AND ?",
        )
        .bind(technician.to_string())
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_one(self.pool())
        .await?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// A technician's absences that touch `date` for the domain's presence check, with the
    /// technician's name (`None` when they are not away).
    pub(crate) async fn absences_of(
        &self,
        technician: &str,
        date: NaiveDate,
    ) -> Result<(Option<String>, Vec<agenda::Absence>), StoreError> {
        let views: Vec<AbsenceView> = self
            .absences(date, date)
            .await?
            .into_iter()
            .filter(|a| a.technician_id == technician)
            .collect();
        let name = views.first().map(|a| a.technician_name.clone());
        let away = views
            .into_iter()
            .filter_map(|a| {
                let from = NaiveDate::parse_from_str(&a.from, "%Y-%m-%d").ok()?;
                let to = NaiveDate::parse_from_str(&a.to, "%Y-%m-%d").ok()?;
                Some(agenda::Absence {
                    from,
                    to,
                    reason: a.reason,
                })
            })
            .collect();
        Ok((name, away))
    }
}

/// The weekdays a technician works, as the board and its editor show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkWeekView {
    /// Technician id.
    pub technician_id: String,
    /// Name.
    pub technician_name: String,
    /// Seven flags, Monday first.
    pub days: Vec<bool>,
}

impl Writer<'_> {
    /// Sets the weekdays a technician works (seven flags, Monday first); a week without a
    /// working day is refused.
    pub async fn set_work_week(
        &mut self,
        technician: Uuid,
        days: &[bool],
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        let week = agenda::WorkWeek::new(days)?;
        self.ensure_technician(technician).await?;
        let body = campo_protocol::ops::WorkWeekSet {
            technician_id: technician,
            days: week.code(),
            at: timestamp(at),
        };
        let actor = self.actor_id();
        crate::effects::work_week(self.conn(), &body, actor).await?;
        self.record(&Op::WorkWeekSet(body)).await
    }
}

impl Store {
    /// Every active technician's working weekdays, by name.
    pub async fn work_weeks(&self) -> Result<Vec<WorkWeekView>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id, p.name, w.days FROM people p LEFT JOIN technician_weeks w ON w.technician_id = p.id
             WHERE p.role = 'technician' AND p.active = 1 ORDER BY p.name",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let days: Option<String> = r.try_get("days")?;
                let week = days
                    .as_deref()
                    .map(agenda::WorkWeek::from_code)
                    .unwrap_or_default();
                Ok(WorkWeekView {
                    technician_id: r.try_get("id")?,
                    technician_name: r.try_get("name")?,
                    days: week.days().to_vec(),
                })
            })
            .collect()
    }

    /// One person's name and working week (the default when never set); `None` for someone
    /// unknown.
    pub(crate) async fn work_week_of(
        &self,
        technician: &str,
    ) -> Result<Option<(String, agenda::WorkWeek)>, StoreError> {
        let row = sqlx::query(
            "SELECT p.name, w.days FROM people p LEFT JOIN technician_weeks w ON w.technician_id = p.id WHERE p.id = ?",
        )
        .bind(technician)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let days: Option<String> = row.try_get("days")?;
        Ok(Some((
            row.try_get("name")?,
            days.as_deref()
                .map(agenda::WorkWeek::from_code)
                .unwrap_or_default(),
        )))
    }
}

impl Store {
    /// The agenda's settings in force: those set in Administração, else the defaults.
    pub async fn agenda_settings(&self) -> Result<AgendaSettings, StoreError> {
        let json: Option<String> =
            sqlx::query_scalar("SELECT settings FROM agenda_settings WHERE id = 1")
                .fetch_optional(self.pool())
                .await?;
        Ok(json
            .and_then(|j| serde_json::from_str::<AgendaSettings>(&j).ok())
            .filter(|s| s.validate().is_ok())
            .unwrap_or_default())
    }
}

impl Writer<'_> {
    /// Sets the periods' hours and the service times (administration or coordination only);
    /// impossible settings are refused by name and nothing is written.
    pub async fn set_agenda_settings(
        &mut self,
        settings: &AgendaSettings,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        if !self.actor_configures().await? {
            return Err(agenda::SettingsError::NotAllowed.into());
        }
        let problems = settings.problems();
        if !problems.is_empty() {
            return Err(StoreError::SettingsProblems(problems));
        }
        let body = campo_protocol::ops::AgendaSettingsSet {
            settings: settings.clone(),
            at: timestamp(at),
        };
        let actor = self.actor_id();
        crate::effects::agenda_settings(self.conn(), &body, actor).await?;
        self.record(&Op::AgendaSettingsSet(body)).await
    }
}
