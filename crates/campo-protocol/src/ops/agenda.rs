//! The agenda's settings and routes: a technician's day planned, their skills and week,
//! absences, the provider's profile, periods and service times, working hours, deadline rules
//! and calendar days.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A technician's route for a day was set (planned or reordered by the coordinator).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteSet {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The technician.
    pub technician_id: Uuid,
    /// Their orders in visiting order.
    pub order_ids: Vec<Uuid>,
    /// Kilometres driven.
    pub km: f64,
    /// Minutes driving.
    pub driving_minutes: i64,
    /// Minutes waiting for windows.
    pub idle_minutes: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A technician's skills were set (replacing the previous list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SkillsSet {
    /// The technician.
    pub technician_id: Uuid,
    /// Skill codes (`fusao`, `iptv`; codes a device does not know are kept and ignored).
    pub skills: Vec<String>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// The business calendar's working hours were set in Administração.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CalendarHoursSet {
    /// Per weekday, Monday first (validated again wherever applied).
    pub hours: campo_domain::calendar::WeekHours,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// The provider's profile was set (name, CNPJ, municipalities served, bases).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderSet {
    /// The profile (validated again wherever it is applied).
    pub profile: campo_domain::provider::ProviderProfile,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// The agenda's periods and service times were set in Administração.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgendaSettingsSet {
    /// The settings (validated again wherever they are applied).
    pub settings: campo_domain::agenda::AgendaSettings,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// The weekdays a technician works were set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkWeekSet {
    /// The technician.
    pub technician_id: Uuid,
    /// Seven `0`/`1`, Monday first.
    pub days: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A technician's absence was recorded or removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AbsenceSet {
    /// The absence.
    pub id: Uuid,
    /// The technician.
    pub technician_id: Uuid,
    /// First day away, `YYYY-MM-DD`.
    pub from: String,
    /// Last day away, `YYYY-MM-DD`.
    pub to: String,
    /// Why.
    pub reason: String,
    /// Removed (recorded by mistake or cancelled).
    pub removed: bool,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// An order kind's deadline rule was set in the editor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaRuleSet {
    /// The rule as typed (validated again wherever it is applied).
    pub rule: campo_domain::sla::RuleInput,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A day off was added to the calendar (or taken back) in the editor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CalendarDaySet {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Its name.
    pub name: String,
    /// State, municipal or the company's.
    pub layer: campo_domain::calendar::EditableLayer,
    /// The served municipality (IBGE code) a municipal day off is of; absent: the head
    /// office's (and for state and company days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<u32>,
    /// Taken back.
    pub removed: bool,
    /// When (RFC 3339, UTC).
    pub at: String,
}
