//! The payloads with many fields (a customer, a plan, a sale and its review, a stock movement,
//! a receivable), each checked field by field.

use super::*;

pub(super) fn customer(c: &CustomerCreated) -> Result<(), Refusal> {
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
    address(&c.address)
}

/// A customer's address: every part in bounds, the CEP and UF real, placed on the globe or
/// not placed at all.
pub(super) fn address(a: &CustomerAddress) -> Result<(), Refusal> {
    Cep::parse(&a.cep).map_err(invalid)?;
    required(&a.street, Field::Street, MAX_NAME)?;
    required(&a.number, Field::Number, MAX_CODE)?;
    fits_opt(a.complement.as_ref(), Field::Complement, MAX_NAME)?;
    fits_opt(a.reference.as_ref(), Field::Reference, MAX_NAME)?;
    required(&a.neighbourhood, Field::Neighbourhood, MAX_NAME)?;
    required(&a.city, Field::City, MAX_NAME)?;
    Uf::parse(&a.uf).map_err(invalid)?;
    // Both or neither (a customer not placed on the map yet); a position on the globe.
    let placed = match (a.lat, a.lon) {
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
pub(super) fn plan(b: &PlanCreated) -> Result<(), Refusal> {
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

pub(super) fn invalid_call(
    from: campo_domain::support::CallStatus,
    step: campo_domain::support::CallStep,
) -> Refusal {
    Refusal::invalid(&campo_domain::support::CallError::Step(from, step))
}

/// A sale as sent: every field as the form checks it on the day it was sent, already in
/// canonical form.
pub(super) fn sale(b: &SaleSubmitted) -> Result<(), Refusal> {
    let at = DateTime::parse_from_rfc3339(&b.at)
        .map_err(|_| invalid(ValidationError::Date(Field::Date)))?;
    version(b.base_version, 0, i64::MAX)?;
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
pub(super) fn review(b: &SaleReviewed) -> Result<(), Refusal> {
    version(b.base_version, 1, i64::MAX)?;
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

pub(super) fn movement(b: &StockMoved) -> Result<(), Refusal> {
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
        quantity(line.quantity)?;
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

/// A receivable: its id derived from its ERP id, real days, amounts in range, a payment not
/// before the issue, a paid one with its payment date.
pub(super) fn receivable(b: &ReceivableSet) -> Result<(), Refusal> {
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
