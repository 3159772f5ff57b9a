//! Customers' calls on the server: opened for a customer the server knows, then moved one
//! step at a time from the status the server holds (a step taken from another status is
//! refused, naming where the call stands). The office pulls them; technicians never do.

use campo_domain::support::CallStatus;
use campo_protocol::ops::{CallOpened, CallStepped};
use campo_protocol::{OpKind, Refusal, policy};

use super::{Decision, Tx, known};
use crate::error::ServerError;
use crate::users::Session;

fn office() -> Decision {
    Decision::Apply {
        audience: Some("office".to_owned()),
    }
}

/// A call recorded by atendimento.
pub(super) async fn open(tx: &mut Tx<'_>, b: &CallOpened) -> Result<Decision, ServerError> {
    if known(tx, "customer", b.customer_id).await?.is_none() {
        return Ok(Decision::Reject(Refusal::UnknownReference {
            entity: "customer".into(),
        }));
    }
    let exists: Option<String> =
        sqlx::query_scalar("SELECT status FROM support_calls WHERE id = $1")
            .bind(b.id.to_string())
            .fetch_optional(&mut **tx)
            .await?;
    if exists.is_some() {
        return Ok(Decision::Reject(Refusal::Exists {
            entity: "support_call".into(),
        }));
    }
    sqlx::query("INSERT INTO support_calls (id, status) VALUES ($1, $2)")
        .bind(b.id.to_string())
        .bind(CallStatus::N1.code())
        .execute(&mut **tx)
        .await?;
    Ok(office())
}

/// A step on a call, from the status the server holds, by a role that works the call at
/// that level (atendimento at N1, the coordination at N2).
pub(super) async fn step(
    tx: &mut Tx<'_>,
    session: &Session,
    b: &CallStepped,
) -> Result<Decision, ServerError> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM support_calls WHERE id = $1")
            .bind(b.id.to_string())
            .fetch_optional(&mut **tx)
            .await?;
    let Some(status) = status.as_deref().and_then(CallStatus::from_code) else {
        return Ok(Decision::Reject(Refusal::UnknownReference {
            entity: "support_call".into(),
        }));
    };
    if status != b.from {
        return Ok(Decision::Reject(Refusal::CallMoved { status }));
    }
    if !policy::steps_call(session.role, status) {
        return Ok(Decision::Reject(Refusal::Forbidden {
            kind: OpKind::CallStepped.code().into(),
        }));
    }
    let Some(next) = status.after(b.step) else {
        return Ok(Decision::Reject(Refusal::CallMoved { status }));
    };
    sqlx::query("UPDATE support_calls SET status = $1 WHERE id = $2")
        .bind(next.code())
        .bind(b.id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(office())
}
