//! Why the server refused an operation, as data: a code and its parameters travel, and each
//! device puts them into words in its person's language ([`Localized`]). The server's own
//! sentence (pt-BR) goes along for its logs and for tools that only print.

use campo_domain::sale::SaleStatus;
use campo_domain::support::CallStatus;
use campo_domain::{Lang, Localized, OrderStatus, plural};
use serde::{Deserialize, Serialize};

/// A refusal of one pushed operation. Nothing of it was applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum Refusal {
    /// The sender's role may not send this kind of operation.
    Forbidden {
        /// The operation's kind.
        kind: String,
    },
    /// Technicians change only their own orders and their own van.
    NotYours,
    /// The role may not make this status change.
    MoveForbidden {
        /// Status before.
        from: OrderStatus,
        /// Status asked for.
        to: OrderStatus,
    },
    /// Only the server writes this kind.
    ServerOnly {
        /// The operation's kind.
        kind: String,
    },
    /// A kind this server does not know.
    UnknownKind {
        /// The kind named.
        kind: String,
    },
    /// The payload could not be read as its kind.
    Malformed {
        /// The operation's kind.
        kind: String,
    },
    /// The envelope names another record than the payload.
    EntityMismatch {
        /// The operation's kind.
        kind: String,
    },
    /// The operation was written by another device than the one pushing it.
    DeviceMismatch,
    /// The operation's id is already the id of another operation in the log.
    OpIdTaken,
    /// A technician's movement takes a unit the server never saw in their van.
    NotHeld {
        /// The serial.
        serial: String,
    },
    /// A technician's movement takes more than their van ever received.
    NotEnough {
        /// The item.
        item_id: String,
    },
    /// The record exists already.
    Exists {
        /// What kind of record (`person`, `plan`, `customer`, `work_order`).
        entity: String,
    },
    /// The operation names a record the server does not know.
    UnknownReference {
        /// What kind of record.
        entity: String,
    },
    /// A technician's device sent personal data (CPF, mother's name, birth date).
    PersonalData,
    /// The state machine does not allow this move.
    IllegalTransition {
        /// Status before.
        from: OrderStatus,
        /// Status asked for.
        to: OrderStatus,
    },
    /// The move must say why.
    ReasonRequired {
        /// Status before.
        from: OrderStatus,
        /// Status asked for.
        to: OrderStatus,
    },
    /// Scheduling needs a date, a period and a technician.
    ScheduleRequired,
    /// The provider requires the customer's signature to close an order of this kind, and
    /// none reached the server before the move.
    SignatureMissing,
    /// The provider requires photos to close an order of this kind, and fewer reached the
    /// server before the move.
    PhotosMissing {
        /// How many the kind requires.
        needed: u8,
        /// How many reached the server.
        have: u8,
    },
    /// The operation names a stored file (a photo) that has not reached the server.
    BlobMissing,
    /// A value breaks a rule; the sentence names the field (already in both languages: the
    /// rules that judge values live in the domain, which words them).
    Invalid {
        /// The sentence in pt-BR.
        pt: String,
        /// The sentence in English.
        en: String,
    },
    /// Someone moved the sale on since the sender's version: approved or rejected it, or its
    /// seller changed it.
    SaleMoved {
        /// Where the sale stands now.
        status: SaleStatus,
        /// Who moved it.
        by: String,
    },
    /// A seller changes only their own sales.
    NotYourSale,
    /// Someone moved the call on before this step.
    CallMoved {
        /// Where the call stands now.
        status: CallStatus,
    },
    /// A code this version does not know (a newer server).
    #[serde(other)]
    Other,
}

impl Refusal {
    /// A value refused by a domain rule, worded in both languages.
    pub fn invalid(err: &impl Localized) -> Self {
        Refusal::Invalid {
            pt: err.message(Lang::PtBr),
            en: err.message(Lang::En),
        }
    }

    /// The code, e.g. `forbidden`.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Forbidden { .. } => "forbidden",
            Refusal::NotYours => "not_yours",
            Refusal::MoveForbidden { .. } => "move_forbidden",
            Refusal::ServerOnly { .. } => "server_only",
            Refusal::UnknownKind { .. } => "unknown_kind",
            Refusal::Malformed { .. } => "malformed",
            Refusal::EntityMismatch { .. } => "entity_mismatch",
            Refusal::DeviceMismatch => "device_mismatch",
            Refusal::OpIdTaken => "op_id_taken",
            Refusal::NotHeld { .. } => "not_held",
            Refusal::NotEnough { .. } => "not_enough",
            Refusal::Exists { .. } => "exists",
            Refusal::UnknownReference { .. } => "unknown_reference",
            Refusal::PersonalData => "personal_data",
            Refusal::IllegalTransition { .. } => "illegal_transition",
            Refusal::ReasonRequired { .. } => "reason_required",
            Refusal::ScheduleRequired => "schedule_required",
            Refusal::SignatureMissing => "signature_missing",
            Refusal::BlobMissing => "blob_missing",
            Refusal::PhotosMissing { .. } => "photos_missing",
            Refusal::Invalid { .. } => "invalid",
            Refusal::SaleMoved { .. } => "sale_moved",
            Refusal::NotYourSale => "not_your_sale",
            Refusal::CallMoved { .. } => "call_moved",
            Refusal::Other => "other",
        }
    }
}

fn entity_label(entity: &str, lang: Lang) -> &'static str {
    match (entity, lang) {
        ("person", Lang::PtBr) => "esta pessoa",
        ("person", Lang::En) => "this person",
        ("plan", Lang::PtBr) => "este plano",
        ("plan", Lang::En) => "this plan",
        ("customer", Lang::PtBr) => "este cliente",
        ("customer", Lang::En) => "this customer",
        ("work_order", Lang::PtBr) => "esta ordem",
        ("work_order", Lang::En) => "this work order",
        ("technician", Lang::PtBr) => "este técnico",
        ("technician", Lang::En) => "this technician",
        ("support_call", Lang::PtBr) => "este chamado",
        ("support_call", Lang::En) => "this call",
        ("sale", Lang::PtBr) => "esta venda",
        ("sale", Lang::En) => "this sale",
        (_, Lang::PtBr) => "este registro",
        (_, Lang::En) => "this record",
    }
}

impl Localized for Refusal {
    fn message(&self, lang: Lang) -> String {
        let status = |s: &OrderStatus| s.label(lang);
        match (self, lang) {
            (Refusal::Forbidden { kind }, Lang::PtBr) => {
                format!("Seu papel não permite esta operação ({kind})")
            }
            (Refusal::Forbidden { kind }, Lang::En) => {
                format!("Your role may not do this ({kind})")
            }
            (Refusal::NotYours, Lang::PtBr) => {
                "Técnicos alteram apenas as próprias ordens e a própria van".into()
            }
            (Refusal::NotYours, Lang::En) => {
                "Technicians change only their own orders and their own van".into()
            }
            (Refusal::MoveForbidden { from, to }, Lang::PtBr) => format!(
                "Seu papel não permite levar uma ordem de “{}” para “{}”",
                status(from),
                status(to)
            ),
            (Refusal::MoveForbidden { from, to }, Lang::En) => format!(
                "Your role may not move an order from “{}” to “{}”",
                status(from),
                status(to)
            ),
            (Refusal::ServerOnly { kind }, Lang::PtBr) => {
                format!("Somente o servidor registra operações {kind}")
            }
            (Refusal::ServerOnly { kind }, Lang::En) => {
                format!("Only the server records {kind} operations")
            }
            (Refusal::UnknownKind { kind }, Lang::PtBr) => {
                format!("Tipo de operação desconhecido pelo servidor: {kind}")
            }
            (Refusal::UnknownKind { kind }, Lang::En) => {
                format!("The server does not know this kind of operation: {kind}")
            }
            (Refusal::Malformed { kind }, Lang::PtBr) => {
                format!("Operação {kind} ilegível: o aplicativo precisa ser atualizado")
            }
            (Refusal::Malformed { kind }, Lang::En) => {
                format!("Unreadable {kind} operation: the app needs an update")
            }
            (Refusal::EntityMismatch { kind }, Lang::PtBr) => {
                format!("Operação {kind} cita um registro e altera outro")
            }
            (Refusal::EntityMismatch { kind }, Lang::En) => {
                format!("The {kind} operation names one record and changes another")
            }
            (Refusal::DeviceMismatch, Lang::PtBr) => "A operação não é deste dispositivo".into(),
            (Refusal::DeviceMismatch, Lang::En) => "The operation is not from this device".into(),
            (Refusal::OpIdTaken, Lang::PtBr) => {
                "O identificador da operação já pertence a outra operação".into()
            }
            (Refusal::OpIdTaken, Lang::En) => {
                "The operation's id already belongs to another operation".into()
            }
            (Refusal::NotHeld { serial }, Lang::PtBr) => {
                format!("O equipamento {serial} nunca esteve na sua van")
            }
            (Refusal::NotHeld { serial }, Lang::En) => {
                format!("Unit {serial} was never in your van")
            }
            (Refusal::NotEnough { .. }, Lang::PtBr) => {
                "A quantidade é maior do que sua van recebeu".into()
            }
            (Refusal::NotEnough { .. }, Lang::En) => {
                "The quantity is more than your van ever received".into()
            }
            (Refusal::Exists { entity }, Lang::PtBr) => {
                format!("O servidor já tem {}", entity_label(entity, lang))
            }
            (Refusal::Exists { entity }, Lang::En) => {
                format!("The server already has {}", entity_label(entity, lang))
            }
            (Refusal::UnknownReference { entity }, Lang::PtBr) => {
                format!("O servidor não conhece {}", entity_label(entity, lang))
            }
            (Refusal::UnknownReference { entity }, Lang::En) => {
                format!("The server does not know {}", entity_label(entity, lang))
            }
            (Refusal::PersonalData, Lang::PtBr) => {
                "Dispositivos de técnicos não podem enviar CPF, nome da mãe ou data de nascimento"
                    .into()
            }
            (Refusal::PersonalData, Lang::En) => {
                "Technicians' devices may not send CPF, mother's name or birth date".into()
            }
            (Refusal::IllegalTransition { from, to }, Lang::PtBr) => format!(
                "Uma ordem em “{}” não pode ir para “{}”",
                status(from),
                status(to)
            ),
            (Refusal::IllegalTransition { from, to }, Lang::En) => format!(
                "An order in “{}” cannot move to “{}”",
                status(from),
                status(to)
            ),
            (Refusal::ReasonRequired { from, to }, _) => {
                campo_domain::order::reason_request(*from, *to, lang)
            }
            (Refusal::ScheduleRequired, Lang::PtBr) => {
                "Agendamento sem data, período e técnico".into()
            }
            (Refusal::ScheduleRequired, Lang::En) => {
                "Scheduling needs a date, a period and a technician".into()
            }
            (Refusal::SignatureMissing, Lang::PtBr) => {
                "A ordem não foi concluída: o provedor exige a assinatura do cliente para este tipo de ordem, e ela não chegou ao servidor".into()
            }
            (Refusal::SignatureMissing, Lang::En) => {
                "The order was not closed: the provider requires the customer's signature for this kind of order, and none reached the server".into()
            }
            (Refusal::PhotosMissing { needed, have }, Lang::PtBr) => format!(
                "A ordem não foi concluída: o provedor exige {needed} {} para este tipo de ordem, e {have} {} ao servidor",
                plural(*needed, "foto", "fotos"),
                plural(*have, "chegou", "chegaram")
            ),
            (Refusal::PhotosMissing { needed, have }, Lang::En) => format!(
                "The order was not closed: the provider requires {needed} {} for this kind of order, and {have} reached the server",
                plural(*needed, "photo", "photos")
            ),
            (Refusal::BlobMissing, Lang::PtBr) => {
                "O arquivo da foto não chegou ao servidor antes dela".into()
            }
            (Refusal::BlobMissing, Lang::En) => {
                "The photo's file did not reach the server before it".into()
            }
            (Refusal::Invalid { pt, .. }, Lang::PtBr) => pt.clone(),
            (Refusal::Invalid { en, .. }, Lang::En) => en.clone(),
            (Refusal::SaleMoved { status, by }, Lang::PtBr) => match status {
                SaleStatus::Approved => {
                    format!("A venda já foi aprovada por {by}: nada foi alterado")
                }
                SaleStatus::Rejected => format!(
                    "A venda foi reprovada por {by} antes desta alteração: veja o motivo e envie de novo"
                ),
                SaleStatus::InAnalysis => format!(
                    "A venda foi alterada por {by} antes desta decisão: abra-a de novo para ver a versão atual"
                ),
            },
            (Refusal::SaleMoved { status, by }, Lang::En) => match status {
                SaleStatus::Approved => format!("{by} already approved the sale: nothing changed"),
                SaleStatus::Rejected => format!(
                    "{by} rejected the sale before this change: read the reason and send it again"
                ),
                SaleStatus::InAnalysis => format!(
                    "{by} changed the sale before this decision: open it again to see the current version"
                ),
            },
            (Refusal::NotYourSale, Lang::PtBr) => {
                "Cada vendedor altera apenas as próprias vendas".into()
            }
            (Refusal::NotYourSale, Lang::En) => "Sellers change only their own sales".into(),
            (Refusal::CallMoved { status }, Lang::PtBr) => format!(
                "O chamado já está “{}”: veja como ficou e decida de novo",
                status.label(lang)
            ),
            (Refusal::CallMoved { status }, Lang::En) => format!(
                "The call is “{}” already: see where it stands and decide again",
                status.label(lang)
            ),
            (Refusal::Other, Lang::PtBr) => "O servidor recusou a operação".into(),
            (Refusal::Other, Lang::En) => "The server refused the operation".into(),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::PtBr))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn travels_as_code_and_params() {
        let r = Refusal::IllegalTransition {
            from: OrderStatus::Done,
            to: OrderStatus::Scheduled,
        };
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["code"], "illegal_transition");
        assert_eq!(json["params"]["from"], "done");
        assert_eq!(serde_json::from_value::<Refusal>(json).unwrap(), r);
        assert!(r.message(Lang::En).contains("cannot move"));
    }

    #[test]
    fn an_unknown_code_reads_as_other() {
        let r: Refusal = serde_json::from_str(r#"{"code":"new_rule"}"#).unwrap();
        assert_eq!(r, Refusal::Other);
    }
}
