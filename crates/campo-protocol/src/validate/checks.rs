//! The checks every payload is made of: required and bounded texts, real days and instants,
//! known statuses, counts in range, stored files, stock places.

use super::*;

pub(super) fn invalid(e: ValidationError) -> Refusal {
    Refusal::invalid(&e)
}

pub(super) fn words(pt: &str, en: &str) -> Refusal {
    Refusal::Invalid {
        pt: pt.to_owned(),
        en: en.to_owned(),
    }
}

/// A text that must be there and fit.
pub(super) fn required(text: &str, field: Field, max: usize) -> Result<(), Refusal> {
    if text.trim().is_empty() {
        return Err(invalid(ValidationError::Required(field)));
    }
    fits(text, field, max)
}

/// A text that must fit.
pub(super) fn fits(text: &str, field: Field, max: usize) -> Result<(), Refusal> {
    if text.chars().count() > max || text.contains('\0') {
        return Err(invalid(ValidationError::TooLong(field, max)));
    }
    Ok(())
}

pub(super) fn fits_opt(text: Option<&String>, field: Field, max: usize) -> Result<(), Refusal> {
    text.map_or(Ok(()), |t| fits(t, field, max))
}

/// A `YYYY-MM-DD` day.
pub(super) fn day(text: &str, field: Field) -> Result<NaiveDate, Refusal> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| invalid(ValidationError::Date(field)))
}

/// An RFC 3339 instant.
pub(super) fn instant(text: &str) -> Result<(), Refusal> {
    DateTime::parse_from_rfc3339(text)
        .map(|_| ())
        .map_err(|_| invalid(ValidationError::Date(Field::Date)))
}

pub(super) fn status(code: &str) -> Result<OrderStatus, Refusal> {
    OrderStatus::from_code(code)
        .ok_or_else(|| words("Status de ordem desconhecido", "Unknown order status"))
}

pub(super) fn count(n: i64, min: i64, max: i64, pt: &str, en: &str) -> Result<(), Refusal> {
    if (min..=max).contains(&n) {
        Ok(())
    } else {
        Err(words(pt, en))
    }
}

/// A stored file's reference: a SHA-256 name, the type `mime`, a size within its limit, and
/// pixels for an image (none for a document).
pub(super) fn blob(b: &crate::ops::BlobRef, mime: &str) -> Result<(), Refusal> {
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

/// A line's quantity: at least one, at most what the stock ledger counts.
pub(super) fn quantity(q: i64) -> Result<(), Refusal> {
    count(
        q,
        1,
        stock::MAX_QUANTITY,
        "Quantidade fora dos limites",
        "Quantity out of bounds",
    )
}

/// A record's version, from `min` to `max`.
pub(super) fn version(v: i64, min: i64, max: i64) -> Result<(), Refusal> {
    count(v, min, max, "Versão inválida", "Invalid version")
}

pub(super) fn items<T>(list: &[T], max: usize) -> Result<(), Refusal> {
    if list.len() > max {
        return Err(words(
            &format!("Lista grande demais: no máximo {max} itens"),
            &format!("List too long: at most {max} items"),
        ));
    }
    Ok(())
}

pub(super) fn schedule(s: &SchedulePayload) -> Result<(), Refusal> {
    day(&s.date, Field::Date)?;
    Period::from_code(&s.period).ok_or_else(|| words("Período desconhecido", "Unknown period"))?;
    Ok(())
}

pub(super) fn place(p: &StockPlaceRef) -> Result<PlaceKind, Refusal> {
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
