//! Effects on the provider's settings and technicians' set-up: skills, working weeks,
//! absences, routes, deadline rules, the calendar and the agenda's periods.

use sqlx::SqliteConnection;
use uuid::Uuid;

use crate::StoreError;

/// Records a technician's skills (replacing the previous set).
pub(crate) async fn skills(
    c: &mut SqliteConnection,
    b: &campo_protocol::ops::SkillsSet,
    actor: Uuid,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO technician_skills (technician_id, skills, set_at, set_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (technician_id) DO UPDATE SET skills = excluded.skills, set_at = excluded.set_at,
             set_by = excluded.set_by",
    )
    .bind(b.technician_id.to_string())
    .bind(serde_json::to_string(&b.skills)?)
    .bind(&b.at)
    .bind(actor.to_string())
    .execute(c)
    .await?;
    Ok(())
}

pub(crate) async fn calendar_hours(
    c: &mut SqliteConnection,
    b: &campo_protocol::ops::CalendarHoursSet,
    actor: Uuid,
) -> Result<(), StoreError> {
    // Hours this version finds impossible are not applied (the editor refuses them anyway).
    if b.hours.shifts().is_err() {
        tracing::warn!("impossible working hours ignored");
        return Ok(());
    }
    set_singleton(
        c,
        "calendar_hours",
        "hours",
        serde_json::to_string(&b.hours)?,
        &b.at,
        actor,
    )
    .await
}

pub(crate) async fn agenda_settings(
    c: &mut SqliteConnection,
    b: &campo_protocol::ops::AgendaSettingsSet,
    actor: Uuid,
) -> Result<(), StoreError> {
    // Settings this version finds impossible are not applied (the editor refuses them anyway).
    if b.settings.validate().is_err() {
        tracing::warn!("impossible agenda settings ignored");
        return Ok(());
    }
    set_singleton(
        c,
        "agenda_settings",
        "settings",
        serde_json::to_string(&b.settings)?,
        &b.at,
        actor,
    )
    .await
}

pub(crate) async fn provider(
    c: &mut SqliteConnection,
    b: &campo_protocol::ops::ProviderSet,
    actor: Uuid,
) -> Result<(), StoreError> {
    // A profile this version finds impossible is not applied (the server refuses it anyway).
    if b.profile.validate().is_err() {
        tracing::warn!("impossible provider profile ignored");
        return Ok(());
    }
    set_singleton(
        c,
        "provider_profile",
        "profile",
        serde_json::to_string(&b.profile.normalized())?,
        &b.at,
        actor,
    )
    .await
}

/// Keeps one of the provider's settings (a JSON document) in its single-row `table`, with who
/// set it and when; the later one in server order wins.
async fn set_singleton(
    c: &mut SqliteConnection,
    table: &str,
    column: &str,
    json: String,
    at: &str,
    actor: Uuid,
) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "INSERT INTO {table} (id, {column}, set_at, set_by) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET {column} = excluded.{column}, set_at = excluded.set_at,
             set_by = excluded.set_by"
    ))
    .bind(json)
    .bind(at)
    .bind(actor.to_string())
    .execute(c)
    .await?;
    Ok(())
}

pub(crate) async fn work_week(
    c: &mut SqliteConnection,
    b: &campo_protocol::ops::WorkWeekSet,
    actor: Uuid,
) -> Result<(), StoreError> {
    // Stored as this version reads it (a malformed week falls back to the default).
    let days = campo_domain::agenda::WorkWeek::from_code(&b.days).code();
    sqlx::query(
        "INSERT INTO technician_weeks (technician_id, days, set_at, set_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (technician_id) DO UPDATE SET days = excluded.days, set_at = excluded.set_at,
             set_by = excluded.set_by",
    )
    .bind(b.technician_id.to_string())
    .bind(days)
    .bind(&b.at)
    .bind(actor.to_string())
    .execute(c)
    .await?;
    Ok(())
}

pub(crate) async fn absence(
    c: &mut SqliteConnection,
    b: &campo_protocol::ops::AbsenceSet,
    actor: Uuid,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO technician_absences (id, technician_id, from_date, to_date, reason, set_at, set_by, removed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET from_date = excluded.from_date, to_date = excluded.to_date,
             reason = excluded.reason, set_at = excluded.set_at, set_by = excluded.set_by,
             removed = excluded.removed",
    )
    .bind(b.id.to_string())
    .bind(b.technician_id.to_string())
    .bind(&b.from)
    .bind(&b.to)
    .bind(&b.reason)
    .bind(&b.at)
    .bind(actor.to_string())
    .bind(b.removed)
    .execute(c)
    .await?;
    Ok(())
}

pub(crate) async fn calendar_day(
    c: &mut SqliteConnection,
    b: &campo_protocol::ops::CalendarDaySet,
    actor: Uuid,
) -> Result<(), StoreError> {
    // A later change of the same day wins (server order).
    sqlx::query(
        "INSERT INTO calendar_days (date, municipality, name, layer, removed, set_at, set_by) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (date, municipality) DO UPDATE SET name = excluded.name, layer = excluded.layer,
             removed = excluded.removed, set_at = excluded.set_at, set_by = excluded.set_by",
    )
    .bind(&b.date)
    .bind(b.municipality.unwrap_or(0))
    .bind(&b.name)
    .bind(b.layer.code())
    .bind(b.removed)
    .bind(&b.at)
    .bind(actor.to_string())
    .execute(c)
    .await?;
    Ok(())
}

pub(crate) async fn sla_rule(
    c: &mut SqliteConnection,
    b: &campo_protocol::ops::SlaRuleSet,
    actor: Uuid,
) -> Result<(), StoreError> {
    // A rule this version finds impossible is not applied (the editor refuses it anyway).
    if b.rule.rule(campo_domain::sla::RuleSource::Edited).is_err() {
        tracing::warn!(kind = b.rule.kind.code(), "impossible SLA rule ignored");
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO sla_rules (kind, unit, amount, thresholds, starts, pausing, set_at, set_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (kind) DO UPDATE SET unit = excluded.unit, amount = excluded.amount,
             thresholds = excluded.thresholds, starts = excluded.starts, pausing = excluded.pausing,
             set_at = excluded.set_at, set_by = excluded.set_by",
    )
    .bind(b.rule.kind.code())
    .bind(b.rule.unit.code())
    .bind(b.rule.amount)
    .bind(serde_json::to_string(&b.rule.thresholds)?)
    .bind(b.rule.starts.map(|s| s.code()))
    .bind(serde_json::to_string(
        &b.rule.pausing.iter().map(|s| s.code()).collect::<Vec<_>>(),
    )?)
    .bind(&b.at)
    .bind(actor.to_string())
    .execute(c)
    .await?;
    Ok(())
}

pub(crate) async fn route(
    c: &mut SqliteConnection,
    b: &campo_protocol::ops::RouteSet,
    actor: Uuid,
) -> Result<(), StoreError> {
    let ids: Vec<String> = b.order_ids.iter().map(Uuid::to_string).collect();
    sqlx::query(
        "INSERT INTO route_plans (date, technician_id, order_ids, km, driving_minutes, idle_minutes, planned_at, planned_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (date, technician_id) DO UPDATE SET order_ids = excluded.order_ids, km = excluded.km,
             driving_minutes = excluded.driving_minutes, idle_minutes = excluded.idle_minutes,
             planned_at = excluded.planned_at, planned_by = excluded.planned_by",
    )
    .bind(&b.date)
    .bind(b.technician_id.to_string())
    .bind(serde_json::to_string(&ids)?)
    .bind(b.km)
    .bind(b.driving_minutes)
    .bind(b.idle_minutes)
    .bind(&b.at)
    .bind(actor.to_string())
    .execute(c)
    .await?;
    Ok(())
}
