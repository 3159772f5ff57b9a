//! Closing a visit: what the provider requires before an order of each kind is done (the
//! plan's equipment recorded or a reason why not, the customer's signature, a number of
//! photos), what is still missing on a given order, named so a technician hears it
//! before leaving the customer, and the customer's signature itself (who signed, their
//! relation to the customer, the strokes drawn).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Lang, Localized, OrderKind};

/// What closing an order of one kind requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClosingRule {
    /// The order kind.
    pub kind: OrderKind,
    /// The plan's equipment recorded as used, or a reason why not.
    pub equipment: bool,
    /// The customer's signature.
    pub signature: bool,
    /// At least this many photos of the visit (0: none required). Rules set before photos
    /// existed read as 0.
    #[serde(default)]
    pub photos: u8,
    /// Photos keep where they were taken (the camera's GPS position, as data beside the
    /// photo; the file never carries it). Off: the position is dropped on the device.
    #[serde(default)]
    pub photo_location: bool,
}

impl ClosingRule {
    /// Campo's default for `kind`: an installation needs the plan's equipment (or a reason);
    /// nothing else is required until the provider says so.
    pub const fn default_for(kind: OrderKind) -> Self {
        ClosingRule {
            kind,
            equipment: matches!(kind, OrderKind::Installation),
            signature: false,
            photos: 0,
            photo_location: false,
        }
    }
}

/// Every kind's rule: the provider's where it set one, Campo's default otherwise, in the
/// kinds' order.
pub fn rules_with(set: &[ClosingRule]) -> Vec<ClosingRule> {
    OrderKind::ALL
        .iter()
        .map(|k| {
            set.iter()
                .rev()
                .find(|r| r.kind == *k)
                .copied()
                .unwrap_or(ClosingRule::default_for(*k))
        })
        .collect()
}

/// One thing an order still needs before it can be done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "what", rename_all = "camelCase")]
pub enum Missing {
    /// The plan's equipment not recorded as used ("ONU (1)"), when no reason is given.
    Equipment {
        /// Each item still missing, with how many.
        items: Vec<String>,
    },
    /// The customer has not signed.
    Signature,
    /// Fewer photos than the provider asks for.
    Photos {
        /// How many the kind requires.
        needed: u8,
        /// How many the order has.
        have: u8,
    },
}

impl Localized for Missing {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Missing::Equipment { items }, Lang::PtBr) => {
                format!("os equipamentos do plano ({})", items.join(", "))
            }
            (Missing::Equipment { items }, Lang::En) => {
                format!("the plan's equipment ({})", items.join(", "))
            }
            (Missing::Signature, Lang::PtBr) => "a assinatura do cliente".into(),
            (Missing::Signature, Lang::En) => "the customer's signature".into(),
            (Missing::Photos { needed, have }, Lang::PtBr) => {
                format!("fotos da visita ({have} de {needed})")
            }
            (Missing::Photos { needed, have }, Lang::En) => {
                format!("photos of the visit ({have} of {needed})")
            }
        }
    }
}

/// Why an order cannot be done yet: everything missing, at once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Para concluir falta: {}", words(.0, Lang::PtBr))]
pub struct Incomplete(pub Vec<Missing>);

fn words(list: &[Missing], lang: Lang) -> String {
    let parts: Vec<String> = list.iter().map(|m| m.message(lang)).collect();
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => {
            let and = if lang == Lang::PtBr { "e" } else { "and" };
            format!("{} {and} {last}", rest.join("; "))
        }
    }
}

impl Localized for Incomplete {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => format!("Para concluir falta: {}", words(&self.0, lang)),
            Lang::En => format!("Before closing, still needed: {}", words(&self.0, lang)),
        }
    }
}

impl Incomplete {
    /// Whether giving a reason settles everything missing (only the equipment may be
    /// excused, never the signature).
    pub fn reason_settles(&self) -> bool {
        self.0
            .iter()
            .all(|m| matches!(m, Missing::Equipment { .. }))
    }
}

/// Who signed, in relation to the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SignerRelation {
    /// The contract's holder.
    Holder,
    /// A member of the family.
    Family,
    /// Someone in charge of the place (an employee, a caretaker).
    Representative,
    /// Someone else.
    Other,
}

impl SignerRelation {
    /// Every relation, in the order a form offers them.
    pub const ALL: [SignerRelation; 4] = [
        SignerRelation::Holder,
        SignerRelation::Family,
        SignerRelation::Representative,
        SignerRelation::Other,
    ];

    /// The stored code.
    pub const fn code(self) -> &'static str {
        match self {
            SignerRelation::Holder => "holder",
            SignerRelation::Family => "family",
            SignerRelation::Representative => "representative",
            SignerRelation::Other => "other",
        }
    }

    /// Reads a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// In words.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (SignerRelation::Holder, Lang::PtBr) => "Titular do contrato",
            (SignerRelation::Holder, Lang::En) => "Account holder",
            (SignerRelation::Family, Lang::PtBr) => "Familiar",
            (SignerRelation::Family, Lang::En) => "Family member",
            (SignerRelation::Representative, Lang::PtBr) => "Responsável no local",
            (SignerRelation::Representative, Lang::En) => "Person in charge on site",
            (SignerRelation::Other, Lang::PtBr) => "Outra pessoa",
            (SignerRelation::Other, Lang::En) => "Someone else",
        }
    }
}

/// The box a signature is drawn in, in its own units (the pad scales to it): x in
/// `0..=SIGNATURE_WIDTH`, y in `0..=SIGNATURE_HEIGHT`.
pub const SIGNATURE_WIDTH: u16 = 600;
/// See [`SIGNATURE_WIDTH`].
pub const SIGNATURE_HEIGHT: u16 = 200;
/// Fewer points than this is a tap, not a signature.
pub const MIN_SIGNATURE_POINTS: usize = 8;
/// At most this many points in all (a few seconds of drawing at the pad's rate).
pub const MAX_SIGNATURE_POINTS: usize = 6_000;
/// At most this many strokes.
pub const MAX_SIGNATURE_STROKES: usize = 200;

/// The strokes of a signature, each a list of points `[x, y]` in the signature's box.
pub type Strokes = Vec<Vec<[u16; 2]>>;

/// Why a signature cannot be kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// Nothing, or only a tap, was drawn.
    #[error("Peça ao cliente que assine no quadro")]
    Empty,
    /// More than the pad can hold.
    #[error("A assinatura tem traços demais: limpe o quadro e assine de novo")]
    TooLong,
    /// A point outside the box.
    #[error("A assinatura tem pontos fora do quadro")]
    OutOfBox,
    /// The order is not at the customer's (nor done).
    #[error(
        "A assinatura é colhida na visita: com a ordem em deslocamento, em execução ou concluída"
    )]
    NotNow,
}

impl Localized for SignatureError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                SignatureError::Empty => "Ask the customer to sign on the pad".into(),
                SignatureError::TooLong => {
                    "The signature has too many strokes: clear the pad and sign again".into()
                }
                SignatureError::OutOfBox => "The signature has points outside the pad".into(),
                SignatureError::NotNow => {
                    "A signature is taken at the visit: with the order en route, in progress or done"
                        .into()
                }
            },
        }
    }
}

/// Checks a signature's strokes: something drawn (more than a tap), not more than the pad
/// holds, every point inside the box.
pub fn check_strokes(strokes: &[Vec<[u16; 2]>]) -> Result<(), SignatureError> {
    let points: usize = strokes.iter().map(Vec::len).sum();
    if points < MIN_SIGNATURE_POINTS {
        return Err(SignatureError::Empty);
    }
    if points > MAX_SIGNATURE_POINTS || strokes.len() > MAX_SIGNATURE_STROKES {
        return Err(SignatureError::TooLong);
    }
    if strokes
        .iter()
        .flatten()
        .any(|[x, y]| *x > SIGNATURE_WIDTH || *y > SIGNATURE_HEIGHT)
    {
        return Err(SignatureError::OutOfBox);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_require_the_installations_equipment_only() {
        let rules = rules_with(&[]);
        assert_eq!(rules.len(), OrderKind::ALL.len());
        for r in &rules {
            assert_eq!(r.equipment, r.kind == OrderKind::Installation);
            assert!(!r.signature);
        }
        let set = ClosingRule {
            kind: OrderKind::Repair,
            equipment: false,
            signature: true,
            photos: 2,
            photo_location: true,
        };
        let rules = rules_with(&[set]);
        assert!(rules.contains(&set));
        assert!(rules.contains(&ClosingRule::default_for(OrderKind::Installation)));
    }

    #[test]
    fn what_is_missing_is_named_and_only_equipment_is_excused() {
        let all = Incomplete(vec![
            Missing::Equipment {
                items: vec!["ONU (1)".into()],
            },
            Missing::Signature,
            Missing::Photos { needed: 2, have: 1 },
        ]);
        assert_eq!(
            all.message(Lang::PtBr),
            "Para concluir falta: os equipamentos do plano (ONU (1)); a assinatura do cliente e fotos da visita (1 de 2)"
        );
        assert_eq!(
            all.message(Lang::En),
            "Before closing, still needed: the plan's equipment (ONU (1)); the customer's signature and photos of the visit (1 of 2)"
        );
        let old: ClosingRule =
            serde_json::from_str(r#"{"kind":"repair","equipment":true,"signature":true}"#)
                .expect("a rule set before photos");
        assert_eq!(old.photos, 0);
        assert!(!all.reason_settles());
        assert!(
            Incomplete(vec![Missing::Equipment { items: vec![] }]).reason_settles(),
            "a reason excuses the equipment"
        );
    }

    #[test]
    fn a_signature_is_more_than_a_tap_and_stays_in_its_box() {
        assert_eq!(check_strokes(&[]), Err(SignatureError::Empty));
        assert_eq!(
            check_strokes(&[vec![[3, 3]; 4]]),
            Err(SignatureError::Empty)
        );
        let line: Vec<[u16; 2]> = (0..20).map(|i| [i * 10, 50]).collect();
        assert_eq!(check_strokes(std::slice::from_ref(&line)), Ok(()));
        assert_eq!(
            check_strokes(&[line.clone(), vec![[601, 10]]]),
            Err(SignatureError::OutOfBox)
        );
        let long = vec![vec![[1, 1]; MAX_SIGNATURE_POINTS + 1]];
        assert_eq!(check_strokes(&long), Err(SignatureError::TooLong));
        for r in SignerRelation::ALL {
            assert_eq!(SignerRelation::from_code(r.code()), Some(r));
        }
    }
}
