//! Every payload's content, judged by the domain's rules before anything is applied: dates are
//! real days, periods and statuses known codes, CPFs have their check digits, texts fit their
//! fields, numbers are in range, moves that need a reason have one. The device checks the same
//! when a person types; the server checks again, because it relies on nothing a device sends.

use campo_domain::stock::{self, MoveKind, PlaceKind, Tracking, Unit};
use campo_domain::{
    Cep, Cpf, Email, Field, Lang, Localized, OrderKind, OrderStatus, Period, Phone, Uf,
    ValidationError,
};
use chrono::{DateTime, NaiveDate};

use crate::op::Op;
use crate::ops::*;
use crate::refusal::Refusal;

/// Longest name (of a person, customer, plan, item, place).
pub const MAX_NAME: usize = 200;
/// Longest free text (a reason, a note).
pub const MAX_TEXT: usize = 2_000;
/// Longest code (a SKU, a skill, an item key, a field code).
pub const MAX_CODE: usize = 60;
/// Most lines in one stock movement operation (devices split larger batches).
pub const MAX_LINES: usize = 500;
/// Most orders in one technician's route of a day.
pub const MAX_ROUTE: usize = 500;
/// Most items in one list (a template's items, a plan's equipment, a technician's skills).
pub const MAX_ITEMS: usize = 200;
/// Largest money amount in cents (R$ 10 million).
pub const MAX_CENTS: i64 = 1_000_000_000;

mod checks;
mod payloads;
#[cfg(test)]
mod tests;

use checks::*;
use payloads::*;

/// Checks an operation's content; `Err` names what is wrong.
pub fn validate(op: &Op) -> Result<(), Refusal> {
    match op {
        Op::PersonCreated(b) => {
            required(&b.name, Field::Name, MAX_NAME)?;
            crate::Role::from_code(&b.role)
                .ok_or_else(|| words("Papel desconhecido", "Unknown role"))?;
            if let Some(p) = &b.phone {
                Phone::parse(p).map_err(invalid)?;
            }
            Ok(())
        }
        Op::PlanCreated(b) => plan(b),
        Op::PlanUpdated(b) => plan(&b.plan),
        Op::CustomerCreated(b) => customer(b),
        Op::OrderCreated(b) => {
            let kind = OrderKind::from_code(&b.kind)
                .ok_or_else(|| words("Tipo de ordem desconhecido", "Unknown order kind"))?;
            if let Some(a) = &b.new_address {
                if kind != OrderKind::AddressChange {
                    return Err(words(
                        "Só uma mudança de endereço leva um novo endereço",
                        "Only an address change carries a new address",
                    ));
                }
                let a = a.checked().map_err(invalid)?;
                for (text, field, max) in [
                    (&a.street, Field::Street, MAX_NAME),
                    (&a.number, Field::Number, MAX_CODE),
                    (&a.complement, Field::Complement, MAX_NAME),
                    (&a.neighbourhood, Field::Neighbourhood, MAX_NAME),
                    (&a.city, Field::City, MAX_NAME),
                    (&a.reference, Field::Reference, MAX_NAME),
                ] {
                    fits(text, field, max)?;
                }
            }
            count(
                b.number,
                0,
                i64::from(u32::MAX),
                "Número de ordem fora dos limites",
                "Order number out of bounds",
            )?;
            fits_opt(b.external_id.as_ref(), Field::ExternalId, MAX_CODE)?;
            instant(&b.at)
        }
        Op::OrderEdited(b) => {
            if b.changes.is_empty() {
                return Err(words("Edição sem nenhum campo", "An edit without fields"));
            }
            items(&b.changes, 10)?;
            for c in &b.changes {
                fits(&c.field, Field::Text, MAX_CODE)?;
                fits_opt(c.value.as_ref(), Field::Notes, MAX_TEXT)?;
                count(c.base, 0, i64::MAX, "Revisão inválida", "Invalid revision")?;
            }
            instant(&b.at)
        }
        Op::OrderTransitioned(b) => {
            let from = status(&b.from)?;
            let to = status(&b.to)?;
            fits_opt(b.reason.as_ref(), Field::Reason, MAX_TEXT)?;
            if from.needs_reason(to) && b.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                return Err(Refusal::ReasonRequired { from, to });
            }
            match (&b.schedule, to) {
                (Some(s), OrderStatus::Scheduled) => schedule(s)?,
                (None, OrderStatus::Scheduled) => return Err(Refusal::ScheduleRequired),
                (Some(s), _) => schedule(s)?,
                (None, _) => {}
            }
            instant(&b.at)
        }
        Op::OrderPaused(b) => {
            required(&b.reason, Field::PauseReason, MAX_TEXT)?;
            instant(&b.at)
        }
        Op::OrderResumed(b) => {
            fits_opt(b.note.as_ref(), Field::Reason, MAX_TEXT)?;
            instant(&b.at)
        }
        Op::RouteSet(b) => {
            day(&b.date, Field::Date)?;
            items(&b.order_ids, MAX_ROUTE)?;
            if !(b.km.is_finite() && (0.0..=100_000.0).contains(&b.km)) {
                return Err(words(
                    "Distância fora dos limites",
                    "Distance out of bounds",
                ));
            }
            count(
                b.driving_minutes,
                0,
                100_000,
                "Tempo fora dos limites",
                "Time out of bounds",
            )?;
            count(
                b.idle_minutes,
                0,
                100_000,
                "Tempo fora dos limites",
                "Time out of bounds",
            )?;
            instant(&b.at)
        }
        Op::SkillsSet(b) => {
            items(&b.skills, MAX_ITEMS)?;
            for s in &b.skills {
                fits(s, Field::Text, MAX_CODE)?;
            }
            instant(&b.at)
        }
        Op::SlaRuleSet(b) => {
            b.rule
                .rule(campo_domain::sla::RuleSource::Edited)
                .map_err(|e| Refusal::invalid(&e))?;
            instant(&b.at)
        }
        Op::CalendarDaySet(b) => {
            day(&b.date, Field::Date)?;
            required(&b.name, Field::Name, 80)?;
            if let Some(code) = b.municipality {
                campo_domain::municipality::require(code).map_err(|e| Refusal::invalid(&e))?;
                if b.layer != campo_domain::calendar::EditableLayer::Municipal {
                    return Err(words(
                        "Só um feriado municipal é de um município",
                        "Only a municipal holiday belongs to a municipality",
                    ));
                }
            }
            instant(&b.at)
        }
        Op::WorkWeekSet(b) => {
            let week = b.days.len() == 7 && b.days.chars().all(|c| c == '0' || c == '1');
            if !week {
                return Err(words(
                    "Semana de trabalho inválida: sete dias, 0 ou 1",
                    "Invalid working week: seven days, 0 or 1",
                ));
            }
            instant(&b.at)
        }
        Op::AgendaSettingsSet(b) => {
            b.settings.validate().map_err(|e| Refusal::invalid(&e))?;
            instant(&b.at)
        }
        Op::ProviderSet(b) => {
            b.profile.validate().map_err(|e| Refusal::invalid(&e))?;
            instant(&b.at)
        }
        Op::CalendarHoursSet(b) => {
            b.hours.shifts().map_err(|e| Refusal::invalid(&e))?;
            instant(&b.at)
        }
        Op::AbsenceSet(b) => {
            let from = day(&b.from, Field::AbsenceStart)?;
            let to = day(&b.to, Field::AbsenceEnd)?;
            if to < from {
                return Err(words(
                    "A ausência termina antes de começar",
                    "The absence ends before it starts",
                ));
            }
            required(&b.reason, Field::Reason, MAX_TEXT)?;
            instant(&b.at)
        }
        Op::ActivationTemplateSaved(b) => {
            fits(&b.service, Field::Text, MAX_CODE)?;
            version(b.version, 1, i64::from(u32::MAX))?;
            items(&b.items, MAX_ITEMS)?;
            campo_domain::activation::validate_template(&b.name, &b.items)
                .map_err(|e| Refusal::invalid(&e))?;
            instant(&b.at)
        }
        Op::ActivationStarted(b) => {
            count(
                b.attempt,
                1,
                10_000,
                "Tentativa inválida",
                "Invalid attempt",
            )?;
            instant(&b.at)
        }
        Op::ActivationTicked(b) => {
            fits(&b.item_key, Field::Text, MAX_CODE)?;
            fits_opt(b.note.as_ref(), Field::Reason, MAX_TEXT)?;
            let answer = serde_json::to_string(&b.answer).unwrap_or_default();
            fits(&answer, Field::Text, MAX_TEXT)?;
            fits(&b.hlc, Field::Text, MAX_CODE)?;
            instant(&b.at)
        }
        Op::ActivationClosed(b) => {
            match b.status.as_str() {
                "passed" => {}
                "failed" => {
                    if b.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                        return Err(invalid(ValidationError::Required(Field::Reason)));
                    }
                }
                _ => {
                    return Err(words(
                        "Resultado de ativação desconhecido",
                        "Unknown activation result",
                    ));
                }
            }
            if let Some(f) = &b.follow_up
                && !matches!(f.as_str(), "repair" | "reconfigure")
            {
                return Err(words("Encaminhamento desconhecido", "Unknown follow-up"));
            }
            fits_opt(b.reason.as_ref(), Field::Reason, MAX_TEXT)?;
            instant(&b.at)
        }
        Op::StockItemCreated(b) => {
            required(&b.sku, Field::Sku, MAX_CODE)?;
            required(&b.name, Field::ItemName, MAX_NAME)?;
            Unit::from_code(&b.unit)
                .ok_or_else(|| words("Unidade desconhecida", "Unknown unit"))?;
            Tracking::from_code(&b.tracking)
                .ok_or_else(|| words("Controle desconhecido", "Unknown tracking"))?;
            Ok(())
        }
        Op::StockPlaceCreated(b) => {
            place(b)?;
            required(&b.name, Field::WarehouseName, MAX_NAME)
        }
        Op::StockMinimumSet(b) => {
            place(&b.place)?;
            count(
                b.minimum,
                0,
                stock::MAX_QUANTITY,
                "Mínimo fora dos limites",
                "Minimum out of bounds",
            )
        }
        Op::PlanEquipmentSet(b) => {
            items(&b.items, MAX_ITEMS)?;
            for line in &b.items {
                quantity(line.quantity)?;
            }
            Ok(())
        }
        Op::StockMoved(b) | Op::StockRelayed(b) => movement(b),
        Op::StockDiscrepancyResolved(b) => {
            required(&b.note, Field::Reason, MAX_TEXT)?;
            instant(&b.at)
        }
        Op::SaleSubmitted(b) => sale(b),
        Op::SaleReviewed(b) => review(b),
        Op::CustomerEdited(b) => {
            customer(&CustomerCreated {
                external_id: b.external_id.clone(),
                id: b.id,
                name: b.name.clone(),
                cpf: None,
                email: b.email.clone(),
                mother_name: None,
                birth_date: None,
                phone1: b.phone1.clone(),
                phone2: b.phone2.clone(),
                address: b.address.clone(),
            })?;
            items(&b.changed, 20)?;
            instant(&b.at)
        }
        Op::OrderMessaged(b) => {
            fits(&b.key, Field::Text, MAX_CODE)?;
            instant(&b.at)
        }
        Op::CallOpened(b) => {
            required(&b.description, Field::Description, MAX_TEXT)?;
            fits(&b.tried, Field::Notes, MAX_TEXT)?;
            count(
                b.number,
                0,
                i64::from(u32::MAX),
                "Número de chamado fora dos limites",
                "Call number out of bounds",
            )?;
            instant(&b.promised_by)?;
            instant(&b.at)
        }
        Op::CallStepped(b) => {
            if b.from.after(b.step).is_none() {
                return Err(invalid_call(b.from, b.step));
            }
            fits_opt(b.note.as_ref(), Field::Notes, MAX_TEXT)?;
            if b.step.needs_note() && b.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                return Err(invalid(ValidationError::Required(Field::Notes)));
            }
            if (b.step == campo_domain::support::CallStep::Visit) != b.order_id.is_some() {
                return Err(words(
                    "Uma visita nomeia a sua ordem, e só ela",
                    "A visit names its order, and only a visit does",
                ));
            }
            instant(&b.at)
        }
        Op::ReceivableSet(b) => receivable(b),
        Op::OrderSigned(b) => {
            required(&b.signer_name, Field::Name, MAX_NAME)?;
            campo_domain::closing::check_strokes(&b.strokes).map_err(|e| Refusal::Invalid {
                pt: e.message(Lang::PtBr),
                en: e.message(Lang::En),
            })?;
            instant(&b.at)
        }
        Op::OrderPhotoAdded(b) => {
            blob(&b.blob, "image/jpeg")?;
            if b.location.is_some_and(|p| !p.is_valid()) {
                return Err(words(
                    "O local da foto não é um ponto da Terra",
                    "The photo's position is not a place on Earth",
                ));
            }
            fits(&b.caption, Field::Notes, campo_domain::photo::MAX_CAPTION)?;
            match &b.subject {
                None => {}
                Some(campo_domain::photo::PhotoSubject::Equipment { serial }) => {
                    required(serial, Field::Notes, MAX_CODE)?;
                }
                Some(campo_domain::photo::PhotoSubject::Checklist { item, title }) => {
                    required(item, Field::Notes, MAX_CODE)?;
                    required(title, Field::Notes, MAX_NAME)?;
                }
            }
            instant(&b.at)
        }
        Op::OrderPhotoRemoved(b) => instant(&b.at),
        Op::OrderReportKept(b) => {
            blob(&b.blob, campo_domain::photo::REPORT_MIME)?;
            if let crate::ops::ReportOf::Activation { service } = &b.report {
                required(service, Field::Notes, MAX_CODE)?;
            }
            instant(&b.at)
        }
        Op::ClosingRulesSet(b) => {
            items(&b.rules, campo_domain::OrderKind::ALL.len())?;
            let mut kinds: Vec<_> = b.rules.iter().map(|r| r.kind).collect();
            kinds.sort_by_key(|k| k.code());
            kinds.dedup();
            if kinds.len() != b.rules.len() {
                return Err(words(
                    "Uma regra de conclusão por tipo de ordem",
                    "One closing rule per order kind",
                ));
            }
            instant(&b.at)
        }
        Op::NonPaymentStepsSet(b) => {
            items(&b.steps, campo_domain::finance::NonPaymentStep::ALL.len())?;
            campo_domain::finance::check_steps(&b.steps).map_err(|e| Refusal::Invalid {
                pt: e.message(Lang::PtBr),
                en: e.message(Lang::En),
            })?;
            instant(&b.at)
        }
        Op::CollectionContacted(b) => {
            if let Some(d) = &b.promised_on {
                day(d, Field::Date)?;
            }
            if (b.outcome == campo_domain::finance::ContactOutcome::Promised)
                != b.promised_on.is_some()
            {
                return Err(words(
                    "Uma promessa de pagamento tem data, e só ela",
                    "A promise to pay has a date, and only a promise does",
                ));
            }
            fits(&b.note, Field::Notes, MAX_TEXT)?;
            instant(&b.at)
        }
        // Written by the server; a device never sends them (refused before this).
        Op::OrderGranted(_)
        | Op::OrderRevoked(_)
        | Op::OrderRestored(_)
        | Op::OrderResolved(_)
        | Op::PersonRoleSet(_) => Ok(()),
    }
}

/// The refusal's words, for callers that only print (the server's logs and CLI).
pub fn describe(refusal: &Refusal) -> String {
    refusal.message(Lang::PtBr)
}
