//! Writing to IXC what the field did in Campo: a work order scheduled
//! (`su_oss_chamado_reagendar`), closed (`su_oss_chamado_fechar`), or put back to be
//! rescheduled (`PUT su_oss_chamado/{id}`, status `RAG`), each after reading the order so one
//! IXC already has finished is left alone. Sent once: the caller
//! ([`crate::erp::writeback`]) keeps what failed and tries again at its next turn.

use serde_json::{Value, json};

use super::{Attempt, Ixc, Record, text};
use crate::erp::ErpError;

/// IXC's date and time, as its records and requests write them.
fn when(t: &chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// One request's outcome as the write-back keeps it: IXC's own refusal as it is, a failure
/// that may pass as one attempt (the next turn tries again).
fn once(sent: Result<Record, Attempt>) -> Result<(), ErpError> {
    match sent {
        Ok(_) => Ok(()),
        Err(Attempt::Final(e)) => Err(e),
        Err(Attempt::Again(cause)) => Err(ErpError::Unavailable { attempts: 1, cause }),
    }
}

/// A visit done in Campo, as IXC's closing of its work order takes it (the provider's local
/// times).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    /// IXC's `su_oss_chamado.id`.
    pub external_id: String,
    /// When the technician started the visit.
    pub started: chrono::NaiveDateTime,
    /// When it was done.
    pub finished: chrono::NaiveDateTime,
    /// The closing's words (`mensagem`): who did it in Campo, and the reason given, if any.
    pub message: String,
}

/// A visit scheduled in Campo, as IXC's scheduling of its work order takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheduling {
    /// IXC's `su_oss_chamado.id`.
    pub external_id: String,
    /// The period's start on the day (provider's local time).
    pub starts: chrono::NaiveDateTime,
    /// The period's end.
    pub ends: chrono::NaiveDateTime,
    /// When it was scheduled.
    pub made: chrono::NaiveDateTime,
    /// The words: the day, the period and Campo's technician.
    pub message: String,
}

impl Ixc {
    /// Schedules IXC's work order `s.external_id` (`su_oss_chamado_reagendar`, status `AG`) in
    /// IXC's name of `technician`; one IXC already has finished is left alone.
    pub async fn schedule_order(&self, s: &Scheduling, technician: &str) -> Result<(), ErpError> {
        if self.status_of(&s.external_id).await? == "F" {
            return Ok(());
        }
        let body = json!({
            "id_chamado": s.external_id,
            "data_agendamento": when(&s.starts),
            "data_agendamento_final": when(&s.ends),
            "mensagem": s.message,
            "id_tecnico": technician,
            "status": "AG",
            "data": when(&s.made),
        });
        once(
            self.try_call("su_oss_chamado_reagendar", &body, false)
                .await,
        )
    }

    /// Closes IXC's work order `c.external_id` as done (`su_oss_chamado_fechar`, status `F`),
    /// in IXC's name of `technician` (the employee id Campo closes as). One already closed in
    /// IXC is left as it is, so a closing whose answer was lost is not sent twice; the request
    /// is not repeated here — the next turn tries again.
    pub async fn close_order(&self, c: &Closing, technician: &str) -> Result<(), ErpError> {
        if self.status_of(&c.external_id).await? == "F" {
            return Ok(());
        }
        let body = json!({
            "id_chamado": c.external_id,
            "data_inicio": when(&c.started),
            "data_final": when(&c.finished),
            "data": c.finished.format("%Y-%m-%d").to_string(),
            "mensagem": c.message,
            "id_tecnico": technician,
            "status": "F",
        });
        once(self.try_call("su_oss_chamado_fechar", &body, false).await)
    }

    /// Puts IXC's work order `external_id` back to be rescheduled (`RAG`) when IXC has it on
    /// the agenda (`AG`, `DS`, `EX`): Campo's visit was not done, or the order went back to
    /// Campo's queue. IXC updates a record whole, so the order is read and sent back with its
    /// status changed (`PUT su_oss_chamado/{id}`, as IXC's updates are sent: empty dates
    /// blank, the listing's own fields and the technician left out, the header `ixcsoft`
    /// empty); one IXC has otherwise (finished, open, to be rescheduled already) is left as it
    /// is. True when it was put back, false when left.
    pub async fn return_order(&self, external_id: &str) -> Result<bool, ErpError> {
        let mut order = self.order(external_id).await?;
        let status = order.get("status").map(text).unwrap_or_default();
        if !matches!(status.as_str(), "AG" | "DS" | "EX") {
            return Ok(false);
        }
        // The listing's own fields, and the technician (public clients leave it out: "não deve
        // ser enviado").
        for own in ["id", "idx", "preview", "id_condominio", "id_tecnico"] {
            order.remove(own);
        }
        for value in order.values_mut() {
            if matches!(value.as_str(), Some("0000-00-00" | "0000-00-00 00:00:00")) {
                *value = Value::String(String::new());
            }
        }
        order.insert("status".to_owned(), json!("RAG"));
        once(
            self.try_send(
                reqwest::Method::PUT,
                &format!("su_oss_chamado/{external_id}"),
                &Value::Object(order),
                false,
            )
            .await,
        )?;
        Ok(true)
    }

    /// IXC's work order `external_id`, as its listing has it; one IXC does not have is named.
    async fn order(&self, external_id: &str) -> Result<Record, ErpError> {
        self.by_id("su_oss_chamado", external_id)
            .await?
            .ok_or_else(|| ErpError::UnknownOrder {
                external_id: external_id.to_owned(),
            })
    }

    /// The status IXC has for its work order `external_id`.
    async fn status_of(&self, external_id: &str) -> Result<String, ErpError> {
        Ok(self
            .order(external_id)
            .await?
            .get("status")
            .map(text)
            .unwrap_or_default())
    }
}
