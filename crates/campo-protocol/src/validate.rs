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

fn invalid(e: ValidationError) -> Refusal {
    Refusal::invalid(&e)
}

fn words(pt: &str, en: &str) -> Refusal {
    Refusal::Invalid {
        pt: pt.to_owned(),
        en: en.to_owned(),
    }
}

/// A text that must be there and fit.
fn required(text: &str, field: Field, max: usize) -> Result<(), Refusal> {
    if text.trim().is_empty() {
        return Err(invalid(ValidationError::Required(field)));
    }
    fits(text, field, max)
}

/// A text that must fit.
fn fits(text: &str, field: Field, max: usize) -> Result<(), Refusal> {
    if text.chars().count() > max || text.contains('\0') {
        return Err(invalid(ValidationError::TooLong(field, max)));
    }
    Ok(())
}

fn fits_opt(text: Option<&String>, field: Field, max: usize) -> Result<(), Refusal> {
    text.map_or(Ok(()), |t| fits(t, field, max))
}

/// A `YYYY-MM-DD` day.
fn day(text: &str, field: Field) -> Result<NaiveDate, Refusal> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| invalid(ValidationError::Date(field)))
}

/// An RFC 3339 instant.
fn instant(text: &str) -> Result<(), Refusal> {
    DateTime::parse_from_rfc3339(text)
        .map(|_| ())
        .map_err(|_| invalid(ValidationError::Date(Field::Date)))
}

fn status(code: &str) -> Result<OrderStatus, Refusal> {
    OrderStatus::from_code(code)
        .ok_or_else(|| words("Status de ordem desconhecido", "Unknown order status"))
}

fn count(n: i64, min: i64, max: i64, pt: &str, en: &str) -> Result<(), Refusal> {
    if (min..=max).contains(&n) {
        Ok(())
    } else {
        Err(words(pt, en))
    }
}

/// A stored file's reference: a SHA-256 name, the type `mime`, a size within its limit, and
/// pixels for an image (none for a document).
fn blob(b: &crate::ops::BlobRef, mime: &str) -> Result<(), Refusal> {
    use campo_domain::photo::{is_blob_hash, max_blob_bytes};
    if !is_blob_hash(&b.hash) {
        return Err(words(
            "O arquivo anexado não tem um nome válido",
            "The attached file has no valid name",
        ));
    }
    let image = mime.starts_with("image/");
    let pixels = b.width > 0 && b.height > 0;
    if b.mime != mime || image != pixels {
        return Err(words(
            "O arquivo anexado não é de um tipo aceito",
            "The attached file is not of an accepted type",
        ));
    }
    if b.size == 0 || max_blob_bytes(mime).is_none_or(|max| b.size > max) {
        return Err(words(
            "O arquivo anexado passa do tamanho aceito",
            "The attached file exceeds the accepted size",
        ));
    }
    Ok(())
}

fn items<T>(list: &[T], max: usize) -> Result<(), Refusal> {
    if list.len() > max {
        return Err(words(
            &format!("Lista grande demais: no máximo {max} itens"),
            &format!("List too long: at most {max} items"),
        ));
    }
    Ok(())
}

fn schedule(s: &SchedulePayload) -> Result<(), Refusal> {
    day(&s.date, Field::Date)?;
    Period::from_code(&s.period).ok_or_else(|| words("Período desconhecido", "Unknown period"))?;
    Ok(())
}

fn place(p: &StockPlaceRef) -> Result<PlaceKind, Refusal> {
    let kind = PlaceKind::from_code(&p.kind).ok_or_else(|| {
        words(
            "Tipo de local de estoque desconhecido",
            "Unknown stock place kind",
        )
    })?;
    fits(&p.name, Field::Name, MAX_NAME)?;
    // A van, a customer's premises and the fixed places have ids that follow from what they
    // belong to: a place naming one thing and meaning another is refused.
    let derived = match (kind, p.ref_id) {
        (PlaceKind::Van, Some(owner)) => Some(stock::van_id(owner)),
        (PlaceKind::Customer, Some(owner)) => Some(stock::customer_place_id(owner)),
        (PlaceKind::Van | PlaceKind::Customer, None) => {
            return Err(words(
                "Local de estoque sem dono",
                "A stock place without its owner",
            ));
        }
        (PlaceKind::Warehouse, _) => None,
        (fixed, _) => Some(stock::fixed_place_id(fixed)),
    };
    if derived.is_some_and(|id| id != p.id) {
        return Err(words(
            "Local de estoque com identificador que não é o seu",
            "A stock place whose id is not its own",
        ));
    }
    Ok(kind)
}

fn customer(c: &CustomerCreated) -> Result<(), Refusal> {
    required(&c.name, Field::Name, MAX_NAME)?;
    fits_opt(c.external_id.as_ref(), Field::ExternalId, MAX_CODE)?;
    if let Some(cpf) = &c.cpf {
        Cpf::parse(cpf).map_err(invalid)?;
    }
    if let Some(email) = &c.email {
        Email::parse(email).map_err(invalid)?;
    }
    fits_opt(c.mother_name.as_ref(), Field::MotherName, MAX_NAME)?;
    if let Some(birth) = &c.birth_date {
        day(birth, Field::BirthDate)?;
    }
    Phone::parse(&c.phone1).map_err(invalid)?;
    if let Some(p) = &c.phone2 {
        Phone::parse(p).map_err(invalid)?;
    }
    Cep::parse(&c.cep).map_err(invalid)?;
    required(&c.street, Field::Street, MAX_NAME)?;
    required(&c.number, Field::Number, MAX_CODE)?;
    fits_opt(c.complement.as_ref(), Field::Complement, MAX_NAME)?;
    fits_opt(c.reference.as_ref(), Field::Reference, MAX_NAME)?;
    required(&c.neighbourhood, Field::Neighbourhood, MAX_NAME)?;
    required(&c.city, Field::City, MAX_NAME)?;
    Uf::parse(&c.uf).map_err(invalid)?;
    // Both or neither (a customer not placed on the map yet); a position on the globe.
    let placed = match (c.lat, c.lon) {
        (None, None) => true,
        (Some(lat), Some(lon)) => {
            lat.is_finite()
                && lon.is_finite()
                && (-90.0..=90.0).contains(&lat)
                && (-180.0..=180.0).contains(&lon)
        }
        _ => false,
    };
    if !placed {
        return Err(invalid(ValidationError::Required(Field::Coordinates)));
    }
    Ok(())
}

/// A plan of the catalogue: named, its speed and price in bounds, its SVAs named.
fn plan(b: &PlanCreated) -> Result<(), Refusal> {
    required(&b.name, Field::PlanName, MAX_NAME)?;
    fits_opt(b.external_id.as_ref(), Field::ExternalId, MAX_CODE)?;
    count(
        b.download_mbps,
        1,
        1_000_000,
        "Velocidade fora dos limites",
        "Speed out of bounds",
    )?;
    count(
        b.price_cents,
        0,
        MAX_CENTS,
        "Preço fora dos limites",
        "Price out of bounds",
    )?;
    items(&b.svas, MAX_ITEMS)?;
    for sva in &b.svas {
        required(sva, Field::Text, MAX_CODE)?;
    }
    Ok(())
}

fn invalid_call(
    from: campo_domain::support::CallStatus,
    step: campo_domain::support::CallStep,
) -> Refusal {
    Refusal::invalid(&campo_domain::support::CallError::Step(from, step))
}

/// A sale as sent: every field as the form checks it on the day it was sent, already in
/// canonical form.
fn sale(b: &SaleSubmitted) -> Result<(), Refusal> {
    let at = DateTime::parse_from_rfc3339(&b.at)
        .map_err(|_| invalid(ValidationError::Date(Field::Date)))?;
    count(
        b.base_version,
        0,
        i64::MAX,
        "Versão inválida",
        "Invalid version",
    )?;
    match b.form.check(at.date_naive()) {
        Err(problems) => Err(problems.first().map_or_else(
            || words("Venda inválida", "Invalid sale"),
            |(_, e)| invalid(e.clone()),
        )),
        Ok(canonical) if canonical != b.form => Err(words(
            "Venda fora do formato: o aplicativo precisa ser atualizado",
            "A sale out of shape: the app needs an update",
        )),
        Ok(_) => Ok(()),
    }
}

/// A decision: an approval names the customer and the order it opens; a rejection its
/// reason (and a note when the reason is "other").
fn review(b: &SaleReviewed) -> Result<(), Refusal> {
    count(
        b.base_version,
        1,
        i64::MAX,
        "Versão inválida",
        "Invalid version",
    )?;
    fits_opt(b.note.as_ref(), Field::Notes, MAX_TEXT)?;
    fits_opt(b.protocol.as_ref(), Field::Protocol, MAX_CODE)?;
    if b.approved {
        if b.reason.is_some() || b.customer_id.is_none() || b.order_id.is_none() {
            return Err(words(
                "Aprovação sem cliente e ordem",
                "An approval without its customer and order",
            ));
        }
    } else {
        let Some(reason) = b.reason else {
            return Err(invalid(ValidationError::Required(Field::Reason)));
        };
        if reason.needs_note() && b.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            return Err(invalid(ValidationError::Required(Field::Notes)));
        }
    }
    instant(&b.at)
}

fn movement(b: &StockMoved) -> Result<(), Refusal> {
    let kind = MoveKind::from_code(&b.kind)
        .ok_or_else(|| words("Tipo de movimentação desconhecido", "Unknown movement kind"))?;
    let (from, to) = (place(&b.from)?, place(&b.to)?);
    if !kind.allows(from, to) {
        return Err(words(
            "Movimentação entre locais que esse tipo não permite",
            "A movement between places its kind does not allow",
        ));
    }
    if b.lines.is_empty() {
        return Err(words("Movimentação sem itens", "A movement without lines"));
    }
    items(&b.lines, MAX_LINES)?;
    for line in &b.lines {
        count(
            line.quantity,
            1,
            stock::MAX_QUANTITY,
            "Quantidade fora dos limites",
            "Quantity out of bounds",
        )?;
        if let Some(serial) = &line.serial {
            stock::parse_serial(serial).map_err(|e| Refusal::invalid(&e))?;
            if line.quantity != 1 {
                return Err(words(
                    "Um número de série é uma unidade",
                    "A serial is one unit",
                ));
            }
        }
        if let Some(mac) = &line.mac {
            stock::parse_mac(mac).map_err(|e| Refusal::invalid(&e))?;
        }
    }
    let needs_reason = matches!(kind, MoveKind::Adjust | MoveKind::Defective);
    if needs_reason && b.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        return Err(invalid(ValidationError::Required(Field::Reason)));
    }
    fits_opt(b.reason.as_ref(), Field::Reason, MAX_TEXT)?;
    instant(&b.at)
}

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
            count(
                b.version,
                1,
                i64::from(u32::MAX),
                "Versão inválida",
                "Invalid version",
            )?;
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
                count(
                    line.quantity,
                    1,
                    stock::MAX_QUANTITY,
                    "Quantidade fora dos limites",
                    "Quantity out of bounds",
                )?;
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
                cep: b.cep.clone(),
                street: b.street.clone(),
                number: b.number.clone(),
                complement: b.complement.clone(),
                neighbourhood: b.neighbourhood.clone(),
                city: b.city.clone(),
                uf: b.uf.clone(),
                lat: b.lat,
                lon: b.lon,
                reference: b.reference.clone(),
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

/// A receivable: its id derived from its ERP id, real days, amounts in range, a payment not
/// before the issue, a paid one with its payment date.
fn receivable(b: &ReceivableSet) -> Result<(), Refusal> {
    use campo_domain::finance::ReceivableStatus;
    required(&b.external_id, Field::Text, MAX_CODE)?;
    if b.id != receivable_id(&b.external_id) {
        return Err(words(
            "O título não corresponde ao seu código no ERP",
            "The receivable does not match its ERP id",
        ));
    }
    fits_opt(b.contract.as_ref(), Field::Text, MAX_CODE)?;
    let issued = b
        .issued_on
        .as_deref()
        .map(|d| day(d, Field::Date))
        .transpose()?;
    let due = day(&b.due_on, Field::Date)?;
    let paid = b
        .paid_on
        .as_deref()
        .map(|d| day(d, Field::Date))
        .transpose()?;
    count(
        b.amount_cents,
        1,
        MAX_CENTS,
        "Valor do título fora dos limites",
        "Receivable amount out of bounds",
    )?;
    count(
        b.paid_cents,
        0,
        MAX_CENTS,
        "Valor pago fora dos limites",
        "Paid amount out of bounds",
    )?;
    if issued.is_some_and(|i| i > due) {
        return Err(words(
            "O vencimento vem antes da emissão",
            "The due date comes before the issue date",
        ));
    }
    if let (Some(i), Some(p)) = (issued, paid)
        && p < i
    {
        return Err(words(
            "O pagamento vem antes da emissão",
            "The payment comes before the issue date",
        ));
    }
    if b.status == ReceivableStatus::Paid && paid.is_none() {
        return Err(words(
            "Um título recebido precisa da data do pagamento",
            "A paid receivable needs its payment date",
        ));
    }
    Ok(())
}

/// The refusal's words, for callers that only print (the server's logs and CLI).
pub fn describe(refusal: &Refusal) -> String {
    refusal.message(Lang::PtBr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn transition(from: &str, to: &str, reason: Option<&str>, date: &str, period: &str) -> Op {
        Op::OrderTransitioned(OrderTransitioned {
            order_id: Uuid::now_v7(),
            event_id: Uuid::now_v7(),
            from: from.into(),
            to: to.into(),
            reason: reason.map(str::to_owned),
            schedule: Some(SchedulePayload {
                date: date.into(),
                period: period.into(),
                technician_id: Uuid::now_v7(),
            }),
            at: "2026-12-01T10:00:00.000Z".into(),
        })
    }

    #[test]
    fn only_an_address_change_carries_a_new_address_and_it_is_checked_by_field() {
        let order = |kind: &str, cep: &str, street: &str| {
            Op::OrderCreated(OrderCreated {
                id: Uuid::now_v7(),
                number: 7,
                kind: kind.into(),
                customer_id: Uuid::now_v7(),
                plan_id: Uuid::now_v7(),
                event_id: Uuid::now_v7(),
                at: "2026-12-01T10:00:00.000Z".into(),
                sale_id: None,
                periods: Vec::new(),
                external_id: None,
                new_address: Some(campo_domain::NewAddress {
                    cep: cep.into(),
                    street: street.into(),
                    number: "88".into(),
                    neighbourhood: "Amparo".into(),
                    city: "Olinda".into(),
                    uf: "PE".into(),
                    ..campo_domain::NewAddress::default()
                }),
            })
        };
        assert_eq!(
            validate(&order("address_change", "53020-140", "Rua do Amparo")),
            Ok(())
        );
        let message = |op: Op| validate(&op).unwrap_err().message(Lang::PtBr);
        assert_eq!(
            message(order("repair", "53020-140", "Rua do Amparo")),
            "Só uma mudança de endereço leva um novo endereço"
        );
        assert!(message(order("address_change", "5302", "Rua do Amparo")).contains("CEP inválido"));
        assert!(
            message(order("address_change", "53020-140", &"R".repeat(5_000)))
                .contains("logradouro")
        );
    }

    #[test]
    fn a_scheduling_with_an_impossible_date_or_period_is_refused_by_name() {
        let bad_date = transition(
            "approved",
            "scheduled",
            None,
            "31/02/1999'; DROP TABLE ops",
            "morning",
        );
        assert!(
            validate(&bad_date)
                .unwrap_err()
                .message(Lang::PtBr)
                .contains("Data inválida")
        );
        let bad_period = transition("approved", "scheduled", None, "2026-12-02", "midnight\0");
        assert!(
            validate(&bad_period)
                .unwrap_err()
                .message(Lang::En)
                .contains("Unknown period")
        );
        assert_eq!(
            validate(&transition(
                "approved",
                "scheduled",
                None,
                "2026-12-02",
                "morning"
            )),
            Ok(())
        );
    }

    #[test]
    fn a_cancellation_needs_its_reason() {
        let op = transition("approved", "cancelled", Some("  "), "2026-12-02", "morning");
        assert!(matches!(validate(&op), Err(Refusal::ReasonRequired { .. })));
    }
}
