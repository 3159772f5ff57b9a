//! The provider's configuration and its people, as the server decides them: staff and plans
//! registered, technicians' routes, skills, weeks and absences, deadline rules, the calendar
//! and the agenda's periods. Values are judged again by the domain's rules (the device
//! checked them too, but the server relies on nothing a device sends).

use campo_protocol::Refusal;
use campo_protocol::ops::{
    AgendaSettingsSet, CalendarDaySet, CalendarHoursSet, PersonCreated, PlanCreated, ProviderSet,
    RouteSet, SlaRuleSet,
};

use super::{Decision, Tx, known, order_audience, remember};
use crate::error::ServerError;

/// Reaches every device.
fn everyone() -> Decision {
    Decision::Apply { audience: None }
}

/// A staff member registered (the administration).
pub(super) async fn person(tx: &mut Tx<'_>, b: &PersonCreated) -> Result<Decision, ServerError> {
    if known(tx, "person", b.id).await?.is_some() {
        return Ok(Decision::Reject(Refusal::Exists {
            entity: "person".into(),
        }));
    }
    remember(tx, "person", b.id, Some(&b.role)).await?;
    Ok(everyone())
}

/// A plan added to the catalogue.
pub(super) async fn plan(tx: &mut Tx<'_>, b: &PlanCreated) -> Result<Decision, ServerError> {
    if known(tx, "plan", b.id).await?.is_some() {
        return Ok(Decision::Reject(Refusal::Exists {
            entity: "plan".into(),
        }));
    }
    remember(tx, "plan", b.id, None).await?;
    Ok(everyone())
}

/// A plan of the catalogue changed (or taken off sale): it must be one the server knows.
pub(super) async fn plan_update(tx: &mut Tx<'_>, id: uuid::Uuid) -> Result<Decision, ServerError> {
    if known(tx, "plan", id).await?.is_none() {
        return Ok(Decision::Reject(Refusal::UnknownReference {
            entity: "plan".into(),
        }));
    }
    Ok(everyone())
}

/// A technician's route reaches them and the office.
pub(super) fn route(b: &RouteSet) -> Decision {
    Decision::Apply {
        audience: Some(order_audience(Some(&b.technician_id.to_string()))),
    }
}

/// Every device that closes visits checks what closing requires.
pub(super) fn closing() -> Decision {
    everyone()
}

/// Every device computes deadlines.
pub(super) fn sla_rule(b: &SlaRuleSet) -> Decision {
    match b.rule.rule(campo_domain::sla::RuleSource::Edited) {
        Ok(_) => everyone(),
        Err(e) => Decision::Reject(Refusal::invalid(&e)),
    }
}

/// Every device computes deadlines and open days.
pub(super) fn calendar_hours(b: &CalendarHoursSet) -> Decision {
    match b.hours.shifts() {
        Ok(_) => everyone(),
        Err(e) => Decision::Reject(Refusal::invalid(&e)),
    }
}

/// Every device reads the provider's place (its calendar, its time zone) and bases.
pub(super) fn provider(b: &ProviderSet) -> Decision {
    match b.profile.validate() {
        Ok(()) => everyone(),
        Err(e) => Decision::Reject(Refusal::invalid(&e)),
    }
}

/// Every device shows the board and plans with the same periods.
pub(super) fn agenda(b: &AgendaSettingsSet) -> Decision {
    match b.settings.validate() {
        Ok(()) => everyone(),
        Err(e) => Decision::Reject(Refusal::invalid(&e)),
    }
}

/// Every device computes deadlines and open days. A municipal day off of a municipality is
/// only for one the provider serves.
pub(super) async fn calendar_day(
    tx: &mut Tx<'_>,
    b: &CalendarDaySet,
) -> Result<Decision, ServerError> {
    let named = !b.name.trim().is_empty() && b.name.chars().count() <= 80;
    let dated = chrono::NaiveDate::parse_from_str(&b.date, "%Y-%m-%d").is_ok();
    if !(named && dated) {
        return Ok(Decision::Reject(Refusal::Invalid {
            pt: "Feriado sem nome ou com data inválida".into(),
            en: "A day off without a name or with an invalid date".into(),
        }));
    }
    if let Some(code) = b.municipality {
        let payload: Option<String> = sqlx::query_scalar(
            "SELECT payload FROM ops WHERE kind = $1 ORDER BY server_seq DESC LIMIT 1",
        )
        .bind(campo_protocol::OpKind::ProviderSet.code())
        .fetch_optional(&mut **tx)
        .await?;
        let served = payload
            .and_then(|p| serde_json::from_str::<ProviderSet>(&p).ok())
            .is_some_and(|b| b.profile.municipalities.contains(&code));
        if !served {
            let place = campo_domain::municipality::by_code(code).map_or_else(
                || code.to_string(),
                |m| format!("{}/{}", m.name, m.uf.as_str()),
            );
            return Ok(Decision::Reject(Refusal::invalid(
                &campo_domain::calendar::DayOffError::NotServed(place),
            )));
        }
    }
    Ok(everyone())
}

/// Absences, skills and working weeks matter to whoever runs the board and plans routes.
pub(super) fn technician() -> Decision {
    Decision::Apply {
        audience: Some("office".to_owned()),
    }
}
