//! Activation checklists (IPTV and other value-added services): versioned templates of ordered
//! items, how an answer is judged (a measured value outside its range fails), and when a
//! checklist may be completed (every required item that applies has passed).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::i18n::{Lang, Localized};

/// What kind of answer an item takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ItemKind {
    /// Done or not.
    Check,
    /// Tested: passed or failed.
    PassFail,
    /// A measured value with its unit and the acceptable range (inclusive).
    Measured {
        /// Unit (dBm, Mbps …).
        unit: String,
        /// Lowest acceptable value.
        min: f64,
        /// Highest acceptable value.
        max: f64,
    },
    /// Free text (a login, a remark).
    Text,
    /// An equipment serial: checked against the stock ledger when the unit is registered
    /// there (it must be at the customer's premises).
    Serial,
}

/// A plan feature an item may depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    /// The plan includes IPTV.
    Iptv,
    /// The plan includes premium channels.
    Premium,
}

/// One item of a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateItem {
    /// Stable key within the template's versions (answers refer to it).
    pub key: String,
    /// Title.
    pub title: String,
    /// How to do it.
    pub instructions: String,
    /// Completion needs it to pass.
    pub required: bool,
    /// The answer it takes.
    pub kind: ItemKind,
    /// Only for plans with this feature.
    pub only_for: Option<Feature>,
}

impl TemplateItem {
    /// Whether the item applies to a plan with these features.
    pub fn applies(&self, iptv: bool, premium: bool) -> bool {
        match self.only_for {
            None => true,
            Some(Feature::Iptv) => iptv,
            Some(Feature::Premium) => premium,
        }
    }
}

/// An answer given to an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Answer {
    /// Ticked (or unticked).
    Checked(bool),
    /// Tested: passed (`true`) or failed.
    Passed(bool),
    /// The value measured.
    Value(f64),
    /// Text typed.
    Text(String),
}

/// How an answer was judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Passed.
    Pass,
    /// Failed.
    Fail,
}

impl Outcome {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
        }
    }
}

/// Why a template or an answer was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ActivationError {
    /// A template with no items.
    #[error("O modelo precisa de pelo menos um item")]
    NoItems,
    /// An item without a title.
    #[error("Item {0}: informe o título")]
    EmptyTitle(usize),
    /// Two items with the same title.
    #[error("Título repetido: \u{201c}{0}\u{201d}")]
    DuplicateTitle(String),
    /// A measured item with an empty unit or a range that ends before it starts.
    #[error(
        "Item \u{201c}{0}\u{201d}: informe a unidade e uma faixa em que o mínimo não passa do máximo"
    )]
    BadRange(String),
    /// A template without a name.
    #[error("Informe o nome do modelo")]
    NoName,
    /// Not a number where a measure is expected.
    #[error("Valor inválido em \u{201c}{item}\u{201d}: \u{201c}{raw}\u{201d} não é um número")]
    NotANumber {
        /// The item.
        item: String,
        /// What was typed.
        raw: String,
    },
    /// The answer does not fit the item's kind.
    #[error("Resposta incompatível com o item \u{201c}{0}\u{201d}")]
    WrongAnswer(String),
    /// A failed item needs a note saying what happened.
    #[error("Item \u{201c}{0}\u{201d} reprovado: descreva o problema na observação")]
    NoteRequired(String),
    /// Required items not passed yet.
    #[error("Faltam itens obrigatórios: {0}")]
    Incomplete(String),
    /// The checklist is closed.
    #[error("Este checklist já foi encerrado")]
    Closed,
    /// Failing an activation needs a reason.
    #[error("Informe o motivo da reprovação")]
    ReasonRequired,
    /// A serial the stock has never seen: a typing slip, or equipment never received.
    #[error("O serial {0} não está no estoque: confira o número")]
    UnknownSerial(String),
    /// A serial the stock places somewhere else than at this customer's.
    #[error(
        "O serial {serial} está em {place}, não no cliente: registre na ordem o equipamento usado"
    )]
    SerialNotAtCustomer {
        /// The serial.
        serial: String,
        /// Where the stock has it (worded for the reader).
        place: crate::stock::PlaceName,
    },
    /// The service has no checklist template yet.
    #[error("Não há checklist de ativação para {0}: crie um em Ativação → Checklists")]
    NoTemplate(String),
    /// The order's plan does not include the service.
    #[error("O plano desta ordem não inclui {0}")]
    NotInPlan(String),
}

/// The service key of IPTV (the plans' "has IPTV").
pub const IPTV: &str = "iptv";

/// The key an SVA's checklists are kept under: its name folded (no accents, lower case, one
/// space between words), so "Paramount+" and " paramount+ " are one service; IPTV's is
/// [`IPTV`].
pub fn service_key(name: &str) -> String {
    crate::text::fold(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Localized for ActivationError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                ActivationError::NoItems => "The template needs at least one item".into(),
                ActivationError::EmptyTitle(n) => format!("Item {n}: enter the title"),
                ActivationError::DuplicateTitle(t) => format!("Repeated title: “{t}”"),
                ActivationError::BadRange(t) => format!(
                    "Item “{t}”: enter the unit and a range whose minimum does not exceed its maximum"
                ),
                ActivationError::NoName => "Enter the template's name".into(),
                ActivationError::NotANumber { item, raw } => {
                    format!("Invalid value in “{item}”: “{raw}” is not a number")
                }
                ActivationError::WrongAnswer(t) => format!("Answer does not fit item “{t}”"),
                ActivationError::NoteRequired(t) => {
                    format!("Item “{t}” failed: describe the problem in the note")
                }
                ActivationError::Incomplete(list) => format!("Required items missing: {list}"),
                ActivationError::Closed => "This checklist is already closed".into(),
                ActivationError::ReasonRequired => "Give the reason for failing it".into(),
                ActivationError::UnknownSerial(serial) => {
                    format!("Serial {serial} is not in the stock: check the number")
                }
                ActivationError::SerialNotAtCustomer { serial, place } => format!(
                    "Serial {serial} is at {}, not at the customer's: record the equipment used on the order",
                    place.worded(Lang::En)
                ),
                ActivationError::NoTemplate(service) => format!(
                    "There is no activation checklist for {service}: create one in Activation → Checklists"
                ),
                ActivationError::NotInPlan(service) => {
                    format!("This order's plan does not include {service}")
                }
            },
        }
    }
}

/// Checks a template's name and items: at least one item, every title filled and unique
/// (case and spaces ignored), measured items with a unit and a sensible range.
pub fn validate_template(name: &str, items: &[TemplateItem]) -> Result<(), ActivationError> {
    if name.trim().is_empty() {
        return Err(ActivationError::NoName);
    }
    if items.is_empty() {
        return Err(ActivationError::NoItems);
    }
    let mut seen = std::collections::HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let title = item.title.trim();
        if title.is_empty() {
            return Err(ActivationError::EmptyTitle(i + 1));
        }
        if !seen.insert(title.to_lowercase()) {
            return Err(ActivationError::DuplicateTitle(title.to_owned()));
        }
        if let ItemKind::Measured { unit, min, max } = &item.kind
            && (unit.trim().is_empty() || !min.is_finite() || !max.is_finite() || min > max)
        {
            return Err(ActivationError::BadRange(title.to_owned()));
        }
    }
    Ok(())
}

/// Reads a measured value as typed: "-18,5", "−18.5", " 42 ".
pub fn parse_measure(item: &str, raw: &str) -> Result<f64, ActivationError> {
    let t = raw.trim().replace('\u{2212}', "-").replace(',', ".");
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| ActivationError::NotANumber {
            item: item.to_owned(),
            raw: raw.trim().to_owned(),
        })
}

/// Judges an answer to an item: a check or a test passes when ticked/passed, a measure when it
/// is within the range, a text when it is not blank.
pub fn judge(item: &TemplateItem, answer: &Answer) -> Result<Outcome, ActivationError> {
    let ok = match (&item.kind, answer) {
        (ItemKind::Check, Answer::Checked(b)) | (ItemKind::PassFail, Answer::Passed(b)) => *b,
        (ItemKind::Measured { min, max, .. }, Answer::Value(v)) => {
            v.is_finite() && *v >= *min && *v <= *max
        }
        (ItemKind::Text | ItemKind::Serial, Answer::Text(t)) => !t.trim().is_empty(),
        _ => return Err(ActivationError::WrongAnswer(item.title.clone())),
    };
    Ok(if ok { Outcome::Pass } else { Outcome::Fail })
}

/// Whether a checklist can be completed: every required item that applies has passed.
/// `outcome_of` gives an item's current outcome (by key), if answered.
pub fn ready_to_complete(
    items: &[TemplateItem],
    iptv: bool,
    premium: bool,
    outcome_of: impl Fn(&str) -> Option<Outcome>,
) -> Result<(), ActivationError> {
    let missing: Vec<&str> = items
        .iter()
        .filter(|i| i.required && i.applies(iptv, premium))
        .filter(|i| outcome_of(&i.key) != Some(Outcome::Pass))
        .map(|i| i.title.as_str())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ActivationError::Incomplete(missing.join(", ")))
    }
}

/// The default IPTV template (seed 002, stage 4).
pub fn default_iptv_items() -> Vec<TemplateItem> {
    let item =
        |key: &str, title: &str, instructions: &str, required, kind, only_for| TemplateItem {
            key: key.into(),
            title: title.into(),
            instructions: instructions.into(),
            required,
            kind,
            only_for,
        };
    vec![
        item(
            "configurar",
            "Configurar IPTV no set-top box ou app do cliente",
            "Cadastrar o acesso do cliente no set-top box (ou no app da TV) e atualizar a lista de canais.",
            true,
            ItemKind::Check,
            None,
        ),
        item(
            "sinal-optico",
            "Sinal óptico na ONU",
            "Ler a potência recebida na ONU (tela de status ou medidor).",
            true,
            ItemKind::Measured {
                unit: "dBm".into(),
                min: -27.0,
                max: -8.0,
            },
            None,
        ),
        item(
            "canais-abertos",
            "Canais abertos funcionando",
            "Sintonizar três canais abertos e conferir imagem e som.",
            true,
            ItemKind::PassFail,
            None,
        ),
        item(
            "canais-hd",
            "Canais HD funcionando",
            "Sintonizar dois canais HD e conferir que não travam.",
            true,
            ItemKind::PassFail,
            None,
        ),
        item(
            "canais-premium",
            "Canais premium liberados",
            "Conferir que os canais do pacote premium abrem sem pedir assinatura.",
            true,
            ItemKind::PassFail,
            Some(Feature::Premium),
        ),
        item(
            "bitrate",
            "Taxa do canal de teste",
            "Medir a taxa do canal de teste no menu de diagnóstico.",
            false,
            ItemKind::Measured {
                unit: "Mbps".into(),
                min: 4.0,
                max: 100.0,
            },
            None,
        ),
        item(
            "login",
            "Login do cliente funciona",
            "O cliente entra com o próprio usuário e senha.",
            true,
            ItemKind::PassFail,
            None,
        ),
        item(
            "orientacao",
            "Cliente orientado",
            "Mostrar como usar o controle, o guia de programação e onde fica o manual.",
            true,
            ItemKind::Check,
            None,
        ),
        item(
            "serial-stb",
            "Serial do set-top box",
            "Anotar o serial da etiqueta do set-top box instalado.",
            true,
            ItemKind::Serial,
            None,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_serial_elsewhere_names_the_place_in_the_readers_language() {
        let refused = ActivationError::SerialNotAtCustomer {
            serial: "ZTEG1".into(),
            place: crate::stock::PlaceName::new(crate::stock::PlaceKind::Van, "Van de Josué"),
        };
        assert!(
            refused
                .message(Lang::En)
                .starts_with("Serial ZTEG1 is at Josué's van, not at the customer's"),
            "{}",
            refused.message(Lang::En)
        );
        assert!(refused.message(Lang::PtBr).contains("está em Van de Josué"));
    }

    fn measured() -> TemplateItem {
        TemplateItem {
            key: "s".into(),
            title: "Sinal óptico".into(),
            instructions: String::new(),
            required: true,
            kind: ItemKind::Measured {
                unit: "dBm".into(),
                min: -27.0,
                max: -8.0,
            },
            only_for: None,
        }
    }

    #[test]
    fn a_measure_out_of_range_fails_and_a_non_number_is_refused() {
        let item = measured();
        assert_eq!(judge(&item, &Answer::Value(-19.5)), Ok(Outcome::Pass));
        assert_eq!(judge(&item, &Answer::Value(-28.1)), Ok(Outcome::Fail));
        assert_eq!(parse_measure("Sinal óptico", "−18,5"), Ok(-18.5));
        assert_eq!(
            parse_measure("Sinal óptico", "baixo")
                .unwrap_err()
                .to_string(),
            "Valor inválido em “Sinal óptico”: “baixo” não é um número"
        );
        assert!(judge(&item, &Answer::Checked(true)).is_err());
    }

    #[test]
    fn templates_without_items_titles_or_with_repeats_are_refused() {
        assert_eq!(
            validate_template("IPTV", &[]),
            Err(ActivationError::NoItems)
        );
        let mut items = default_iptv_items();
        assert_eq!(validate_template("IPTV", &items), Ok(()));
        assert_eq!(validate_template(" ", &items), Err(ActivationError::NoName));
        items[2].title = " canais HD FUNCIONANDO ".into();
        assert_eq!(
            validate_template("IPTV", &items),
            Err(ActivationError::DuplicateTitle(
                "Canais HD funcionando".into()
            ))
        );
        items[2].title = "  ".into();
        assert_eq!(
            validate_template("IPTV", &items),
            Err(ActivationError::EmptyTitle(3))
        );
        let mut bad = measured();
        bad.kind = ItemKind::Measured {
            unit: "dBm".into(),
            min: 1.0,
            max: -1.0,
        };
        assert!(matches!(
            validate_template("x", &[bad]),
            Err(ActivationError::BadRange(_))
        ));
    }

    #[test]
    fn completion_needs_every_required_item_that_applies_to_pass() {
        let items = default_iptv_items();
        let all_pass = |_: &str| Some(Outcome::Pass);
        assert_eq!(ready_to_complete(&items, true, false, all_pass), Ok(()));
        // Without premium, the premium item does not count even if unanswered.
        let but_premium = |k: &str| (k != "canais-premium").then_some(Outcome::Pass);
        assert_eq!(ready_to_complete(&items, true, false, but_premium), Ok(()));
        assert_eq!(
            ready_to_complete(&items, true, true, but_premium),
            Err(ActivationError::Incomplete(
                "Canais premium liberados".into()
            ))
        );
        // The optional bitrate may be missing; a failed required item blocks.
        let hd_fails = |k: &str| match k {
            "canais-hd" => Some(Outcome::Fail),
            "bitrate" => None,
            _ => Some(Outcome::Pass),
        };
        assert!(ready_to_complete(&items, true, false, hd_fails).is_err());
    }
}
