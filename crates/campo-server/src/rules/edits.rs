//! Visit-detail edits on the server, settled field by field (`campo_domain::edit`): last writer
//! wins by clock, and when two people were involved the one whose change did not survive is told.

use campo_domain::edit::{self, OrderField, Register, Verdict};
use campo_domain::hlc::Hlc;
use campo_protocol::ops::{FieldOutcome, OrderEdited};
use campo_protocol::policy::Reach;
use campo_protocol::wire::WireOp;
use campo_protocol::{OpKind, Refusal};
use chrono::Utc;
use sqlx::Row;

use super::orders::{OrderRows, unknown_order};
use super::{Decision, Tx, clamp_hlc, is_me, order_audience};
use crate::db::stored_id;
use crate::error::ServerError;
use crate::users::Session;

/// The account's name; `None` for an id the server has no account for (the device then says
/// "someone else" in its reader's language).
async fn user_name(tx: &mut Tx<'_>, id: &str) -> Result<Option<String>, ServerError> {
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(name)
}

/// Settles an order edit field by field (`campo_domain::edit`): an edit made on the value in
/// force applies; a concurrent one is settled by clock, and when two people were involved the
/// one whose change did not survive gets a record and a notice.
pub(super) async fn edit(
    tx: &mut Tx<'_>,
    orders: &mut OrderRows,
    session: &Session,
    op: &WireOp,
    mut b: OrderEdited,
    reach: Reach,
) -> Result<Decision, ServerError> {
    let Some(row) = orders.get(tx, &b.order_id.to_string()).await? else {
        return Ok(unknown_order());
    };
    let technician = row.technician_id;
    let me = session.user_id.to_string();
    if reach == Reach::Own && !is_me(session, row.last_technician_id.as_deref()) {
        return Ok(Decision::Reject(Refusal::NotYours));
    }
    let malformed = || {
        Decision::Reject(Refusal::Malformed {
            kind: OpKind::OrderEdited.code().into(),
        })
    };
    if b.changes.is_empty() {
        return Ok(malformed());
    }
    let (clock, _) = clamp_hlc(&op.hlc, Utc::now().timestamp_millis());
    let hlc = Hlc::decode(&clock).unwrap_or_default();
    let tie = op.op_id.to_string();
    let mut outcome = Vec::with_capacity(b.changes.len());
    let mut registers = Vec::new();
    let mut records = Vec::new();
    for change in &b.changes {
        let Some(field) = OrderField::from_code(&change.field) else {
            return Ok(malformed());
        };
        if outcome
            .iter()
            .any(|o: &FieldOutcome| o.field == change.field)
        {
            return Ok(malformed());
        }
        let value = match field.normalize(change.value.as_deref()) {
            Ok(v) => v,
            Err(e) => return Ok(Decision::Reject(Refusal::invalid(&e))),
        };
        let current = sqlx::query(
            "SELECT value, rev, hlc, tie, actor_id FROM order_fields WHERE order_id = $1 AND field = $2",
        )
        .bind(b.order_id.to_string())
        .bind(field.code())
        .fetch_optional(&mut **tx)
        .await?;
        let register = current
            .as_ref()
            .map(|r| -> Result<Register, ServerError> {
                Ok(Register {
                    rev: r.try_get("rev")?,
                    hlc: Hlc::decode(&r.try_get::<String, _>("hlc")?).unwrap_or_default(),
                    tie: r.try_get("tie")?,
                })
            })
            .transpose()?;
        let label = field.label(campo_domain::Lang::PtBr);
        let verdict = edit::judge(register.as_ref(), change.base, hlc, &tie);
        let holder: Option<String> = current
            .as_ref()
            .map(|r| r.try_get("actor_id"))
            .transpose()?;
        let applied = verdict != Verdict::Loses;
        // When two people were involved: whose change did not survive, and whose stands.
        let clash = holder
            .as_deref()
            .filter(|h| *h != me && verdict != Verdict::Apply)
            .map(|other| {
                if applied {
                    (other.to_owned(), me.clone())
                } else {
                    (me.clone(), other.to_owned())
                }
            });
        let in_force = if applied {
            registers.push((field.code().to_owned(), value.clone()));
            value
        } else {
            current
                .as_ref()
                .map(|r| r.try_get("value"))
                .transpose()?
                .flatten()
        };
        let (overridden, by) = match clash {
            Some((loser, winner)) => {
                let loser_name = user_name(tx, &loser).await?;
                let winner_name = user_name(tx, &winner).await?;
                // The conflict record is for the server's logs, in pt-BR.
                let named = |n: &Option<String>| n.clone().unwrap_or_else(|| "outra pessoa".into());
                let (loser_said, winner_said) = (named(&loser_name), named(&winner_name));
                let loser = stored_id(&loser)?;
                records.push((
                    loser,
                    format!("A alteração de {label} feita por {loser_said} foi substituída pela de {winner_said}, feita ao mesmo tempo"),
                ));
                (Some(loser), winner_name)
            }
            None => (None, None),
        };
        outcome.push(FieldOutcome {
            field: field.code().to_owned(),
            applied,
            value: in_force,
            overridden,
            by,
        });
    }
    b.outcome = outcome;
    Ok(Decision::ApplyEdit {
        audience: order_audience(technician.as_deref()),
        payload: serde_json::to_string(&b)?,
        registers,
        records,
    })
}
