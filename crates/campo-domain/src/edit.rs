//! Editing an order's visit details — the contact phone for the visit and the notes for the
//! technician — from several devices at once. Each field is a last-writer-wins register: an
//! edit carries the revision of the field it was made on; made on the current revision it
//! simply applies; made concurrently with someone else's (the field changed since), the later
//! hybrid clock wins and the person whose change did not survive is told.

use crate::hlc::Hlc;
use crate::i18n::Lang;
use crate::validate::{Phone, ValidationError};

/// Longest notes kept.
pub const NOTES_MAX: usize = 500;

/// A field of an order that people edit after it was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderField {
    /// Phone to call on the day of the visit (may differ from the customer's).
    ContactPhone,
    /// Notes for the technician ("portão azul, ligar antes").
    Notes,
}

impl OrderField {
    /// Every editable field.
    pub const ALL: [OrderField; 2] = [OrderField::ContactPhone, OrderField::Notes];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            OrderField::ContactPhone => "contact_phone",
            OrderField::Notes => "notes",
        }
    }

    /// From its code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The name a person reads.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (OrderField::ContactPhone, Lang::PtBr) => "telefone de contato",
            (OrderField::ContactPhone, Lang::En) => "contact phone",
            (OrderField::Notes, Lang::PtBr) => "observações",
            (OrderField::Notes, Lang::En) => "notes",
        }
    }

    /// What the person whose edit of this field met someone else's is told: `applied` when
    /// theirs stood until `by` changed it after them, otherwise theirs did not survive;
    /// `kept` is the value in force, `number` the order's.
    pub fn notice(
        self,
        applied: bool,
        kept: Option<&str>,
        by: &str,
        number: Option<i64>,
        lang: Lang,
    ) -> String {
        let label = self.label(lang);
        match lang {
            Lang::PtBr => {
                let kept = kept.unwrap_or("(vazio)");
                let order = number.map_or_else(String::new, |n| format!(" da OS {n:06}"));
                if applied {
                    format!("{by} alterou {label}{order} depois de você; ficou “{kept}”.")
                } else {
                    format!(
                        "Sua alteração de {label}{order} não prevaleceu: {by} alterou ao mesmo tempo; ficou “{kept}”."
                    )
                }
            }
            Lang::En => {
                let kept = kept.unwrap_or("(empty)");
                let order = number.map_or_else(String::new, |n| format!(" of order {n:06}"));
                if applied {
                    format!("{by} changed the {label}{order} after you; it is now “{kept}”.")
                } else {
                    format!(
                        "Your change of the {label}{order} did not stand: {by} changed it at the same time; it is now “{kept}”."
                    )
                }
            }
        }
    }

    /// The value as stored: trimmed, empty meaning none, a phone as its digits.
    pub fn normalize(self, value: Option<&str>) -> Result<Option<String>, ValidationError> {
        let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(None);
        };
        match self {
            OrderField::ContactPhone => Ok(Some(Phone::parse(value)?.digits().to_owned())),
            OrderField::Notes => {
                if value.chars().count() > NOTES_MAX {
                    return Err(ValidationError::TooLong(
                        crate::validate::Field::Notes,
                        NOTES_MAX,
                    ));
                }
                Ok(Some(value.to_owned()))
            }
        }
    }
}

/// Who wrote a field's value in force, as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    /// Revision (the server sequence of the edit that set it).
    pub rev: i64,
    /// That edit's clock.
    pub hlc: Hlc,
    /// Breaks a tie between equal clocks (the edit's id).
    pub tie: String,
}

/// What becomes of one field of an incoming edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Made on the value in force: it applies.
    Apply,
    /// Concurrent with the value in force, and later: it applies over it.
    Overrides,
    /// Concurrent with the value in force, and earlier: the value in force stays.
    Loses,
}

/// Judges an edit made on revision `base` with clock `hlc` (tie-break `tie`) against the
/// field's register, if it was ever edited.
pub fn judge(current: Option<&Register>, base: i64, hlc: Hlc, tie: &str) -> Verdict {
    match current {
        None => Verdict::Apply,
        Some(c) if c.rev == base => Verdict::Apply,
        Some(c) if (hlc, tie) > (c.hlc, c.tie.as_str()) => Verdict::Overrides,
        Some(_) => Verdict::Loses,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn register(rev: i64, wall_ms: i64, tie: &str) -> Register {
        Register {
            rev,
            hlc: Hlc {
                wall_ms,
                counter: 0,
            },
            tie: tie.into(),
        }
    }

    fn at(wall_ms: i64) -> Hlc {
        Hlc {
            wall_ms,
            counter: 0,
        }
    }

    #[test]
    fn an_edit_on_the_value_in_force_applies_whatever_its_clock() {
        assert_eq!(judge(None, 0, at(5), "a"), Verdict::Apply);
        // A device whose clock runs behind still edits what it saw.
        assert_eq!(
            judge(Some(&register(7, 1_000, "b")), 7, at(10), "a"),
            Verdict::Apply
        );
    }

    #[test]
    fn concurrent_edits_are_settled_by_clock_then_by_id() {
        let current = register(7, 1_000, "m");
        assert_eq!(judge(Some(&current), 3, at(2_000), "a"), Verdict::Overrides);
        assert_eq!(judge(Some(&current), 3, at(500), "z"), Verdict::Loses);
        assert_eq!(judge(Some(&current), 3, at(1_000), "z"), Verdict::Overrides);
        assert_eq!(judge(Some(&current), 3, at(1_000), "a"), Verdict::Loses);
    }

    #[test]
    fn values_are_stored_clean_and_bad_ones_named() {
        let phone = OrderField::ContactPhone;
        assert_eq!(
            phone
                .normalize(Some(" (81) 99876-5432 "))
                .unwrap()
                .as_deref(),
            Some("81998765432")
        );
        assert_eq!(phone.normalize(Some("   ")).unwrap(), None);
        assert_eq!(phone.normalize(None).unwrap(), None);
        assert!(phone.normalize(Some("123")).is_err());
        let notes = OrderField::Notes;
        assert_eq!(
            notes.normalize(Some("  portão azul ")).unwrap().as_deref(),
            Some("portão azul")
        );
        let long = "a".repeat(NOTES_MAX + 1);
        assert_eq!(
            notes.normalize(Some(&long)).unwrap_err().to_string(),
            "Observações: no máximo 500 caracteres"
        );
        assert_eq!(OrderField::from_code("notes"), Some(OrderField::Notes));
        assert_eq!(OrderField::from_code("cpf"), None);
    }
}
