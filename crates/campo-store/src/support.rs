//! Customers' calls (seed 004): recorded by N1, passed to N2, solved or turned into a repair
//! visit whose deadline runs from the call (the order is opened at the call's time, in the
//! same transaction as the step, after it in the outbox). Effects are shared with remote
//! application: a step already taken here changes nothing.

use campo_domain::edit::OrderField;
use campo_domain::support::{CallError, CallForm, CallStatus, CallStep, Problem};
use campo_domain::text::fold;
use campo_domain::{Lang, OrderKind};
use campo_protocol::Op;
use campo_protocol::ops::{CallOpened, CallStepped};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;
use uuid::Uuid;

use crate::write::{NewOrder, Writer, parse_uuid, timestamp};
use crate::{Entity, Store, StoreError};

/// A call recorded.
pub(crate) async fn opened(
    c: &mut SqliteConnection,
    b: &CallOpened,
    actor: Uuid,
) -> Result<(), StoreError> {
    let customer: String = sqlx::query_scalar("SELECT name FROM customers WHERE id = ?")
        .bind(b.customer_id.to_string())
        .fetch_optional(&mut *c)
        .await?
        .unwrap_or_default();
    let by = crate::effects::person_name(c, actor).await?;
    let search = fold(&format!(
        "{:06} {customer} {} {}",
        b.number, b.description, b.tried
    ));
    sqlx::query(
        "INSERT OR IGNORE INTO support_calls (id, number, customer_id, customer_name, problem, description, tried, promised_by, status, opened_at, opened_by, search)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'n1', ?, ?, ?)",
    )
    .bind(b.id.to_string())
    .bind(b.number)
    .bind(b.customer_id.to_string())
    .bind(customer)
    .bind(b.problem.code())
    .bind(&b.description)
    .bind(&b.tried)
    .bind(&b.promised_by)
    .bind(&b.at)
    .bind(by)
    .bind(search)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// A step on a call; one already taken here (the call is past `from`) changes nothing.
pub(crate) async fn stepped(
    c: &mut SqliteConnection,
    b: &CallStepped,
    actor: Uuid,
) -> Result<(), StoreError> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM support_calls WHERE id = ?")
            .bind(b.id.to_string())
            .fetch_optional(&mut *c)
            .await?;
    let Some(next) = status
        .as_deref()
        .and_then(CallStatus::from_code)
        .filter(|s| *s == b.from)
        .and_then(|s| s.after(b.step))
    else {
        return Ok(());
    };
    sqlx::query("UPDATE support_calls SET status = ?, order_id = COALESCE(?, order_id), closed_at = ? WHERE id = ?")
        .bind(next.code())
        .bind(b.order_id.map(|o| o.to_string()))
        .bind((!next.open()).then_some(&b.at))
        .bind(b.id.to_string())
        .execute(&mut *c)
        .await?;
    let by = crate::effects::person_name(c, actor).await?;
    sqlx::query(
        "INSERT OR IGNORE INTO support_call_steps (call_id, from_status, step, note, actor_name, at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(b.id.to_string())
    .bind(b.from.code())
    .bind(b.step.code())
    .bind(&b.note)
    .bind(by)
    .bind(&b.at)
    .execute(&mut *c)
    .await?;
    Ok(())
}

impl Writer<'_> {
    /// Records a customer's call at `now` (N1); returns its id.
    pub async fn open_call(
        &mut self,
        form: &CallForm,
        now: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let call = form.check(now)?;
        let customer = parse_uuid(form.customer_id.trim())
            .map_err(|_| StoreError::NotFound(Entity::Customer))?;
        let known: Option<i64> = sqlx::query_scalar("SELECT 1 FROM customers WHERE id = ?")
            .bind(customer.to_string())
            .fetch_optional(self.conn())
            .await?;
        if known.is_none() {
            return Err(StoreError::NotFound(Entity::Customer));
        }
        let number: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM support_calls")
                .fetch_one(self.conn())
                .await?;
        let body = CallOpened {
            id: Uuid::now_v7(),
            number,
            customer_id: customer,
            problem: call.problem,
            description: call.description,
            tried: call.tried,
            promised_by: timestamp(call.promised_by),
            at: timestamp(now),
        };
        let me = self.actor_id();
        opened(self.conn(), &body, me).await?;
        let id = body.id;
        self.record(&Op::CallOpened(body)).await?;
        Ok(id)
    }

    /// Takes `step` on a call. A visit opens a repair order for the customer's plan, opened
    /// at the call's time (its deadline runs from the call), with the call in its notes,
    /// written in `lang` (the language of whoever opens it); returns that order.
    pub async fn step_call(
        &mut self,
        id: Uuid,
        step: CallStep,
        note: Option<&str>,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Result<Option<Uuid>, StoreError> {
        let row = sqlx::query(
            "SELECT status, customer_id, number, problem, description, tried, opened_at FROM support_calls WHERE id = ?",
        )
        .bind(id.to_string())
        .fetch_optional(self.conn())
        .await?
        .ok_or(StoreError::NotFound(Entity::Call))?;
        let status: String = row.try_get("status")?;
        let from = CallStatus::from_code(&status)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown call status {status}").into()))?;
        if from.after(step).is_none() {
            return Err(CallError::Step(from, step).into());
        }
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if step.needs_note() && note.is_none() {
            return Err(campo_domain::ValidationError::Required(campo_domain::Field::Notes).into());
        }
        let customer = parse_uuid(&row.try_get::<String, _>("customer_id")?)?;
        let order = if step == CallStep::Visit {
            let plan: Option<String> = sqlx::query_scalar(
                "SELECT plan_id FROM work_orders WHERE customer_id = ? ORDER BY created_at DESC LIMIT 1",
            )
            .bind(customer.to_string())
            .fetch_optional(self.conn())
            .await?;
            Some((Uuid::now_v7(), parse_uuid(&plan.ok_or(CallError::NoPlan)?)?))
        } else {
            None
        };
        let body = CallStepped {
            id,
            from,
            step,
            note: note.map(str::to_owned),
            order_id: order.map(|(o, _)| o),
            at: timestamp(now),
        };
        let me = self.actor_id();
        stepped(self.conn(), &body, me).await?;
        self.record(&Op::CallStepped(body)).await?;
        let Some((order_id, plan)) = order else {
            return Ok(None);
        };
        let opened_at: String = row.try_get("opened_at")?;
        let called = DateTime::parse_from_rfc3339(&opened_at)
            .map_err(|e| sqlx::Error::Decode(Box::new(e)))?
            .with_timezone(&Utc);
        self.create_order_with_id(
            order_id,
            &NewOrder::new(OrderKind::Repair, customer, plan),
            called,
        )
        .await?;
        let problem: String = row.try_get("problem")?;
        let number: i64 = row.try_get("number")?;
        let description: String = row.try_get("description")?;
        let tried: String = row.try_get("tried")?;
        let notes = call_notes(
            lang,
            number,
            Problem::from_code(&problem).map_or("", |p| p.label(lang)),
            &description,
            &tried,
            note.unwrap_or_default(),
        );
        self.edit_order(order_id, &[(OrderField::Notes, Some(&notes))], now)
            .await?;
        Ok(Some(order_id))
    }
}

/// What the technician reads of the call in the visit's notes. The notes are people's text,
/// kept as written: these are written by whoever opens the visit, in their language.
fn call_notes(
    lang: Lang,
    number: i64,
    problem: &str,
    description: &str,
    tried: &str,
    n2: &str,
) -> String {
    let (call, already) = match lang {
        Lang::PtBr => ("Chamado", "Já tentado"),
        Lang::En => ("Call", "Tried"),
    };
    let mut notes = format!("{call} {number}: {problem} — {description}");
    if !tried.is_empty() {
        notes.push_str(&format!(" | {already}: {tried}"));
    }
    if !n2.is_empty() {
        notes.push_str(&format!(" | N2: {n2}"));
    }
    notes.chars().take(2_000).collect()
}

/// A call in the list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CallRow {
    /// The call.
    pub id: String,
    /// Its number.
    #[ts(type = "number")]
    pub number: i64,
    /// Who called.
    pub customer_id: String,
    /// Their name.
    pub customer_name: String,
    /// What about.
    pub problem: Problem,
    /// In the customer's words.
    pub description: String,
    /// What was tried.
    pub tried: String,
    /// The deadline promised.
    pub promised_by: String,
    /// Where it stands.
    pub status: CallStatus,
    /// When the customer called.
    pub opened_at: String,
    /// Who recorded it.
    pub opened_by: String,
    /// The repair visit it became.
    pub order_id: Option<String>,
    /// When it was closed.
    pub closed_at: Option<String>,
}

/// A step in a call's history.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CallStepView {
    /// Where the call was.
    pub from: CallStatus,
    /// What was done.
    pub step: CallStep,
    /// What was done or found.
    pub note: Option<String>,
    /// Who.
    pub actor_name: String,
    /// When.
    pub at: String,
}

/// A call opened: the row and its steps.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CallView {
    /// The call.
    pub row: CallRow,
    /// What was done, oldest first.
    pub steps: Vec<CallStepView>,
}

/// Which calls the list shows.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CallQuery {
    /// Only those still to act on (N1 and N2).
    pub open_only: bool,
    /// Text in the number, the customer's name or the description.
    pub text: Option<String>,
}

/// A customer found by name, CPF or phone.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerHit {
    /// The customer.
    pub id: String,
    /// Name.
    pub name: String,
    /// Street, number, neighbourhood, municipality.
    pub address: String,
    /// First phone, digits.
    pub phone: String,
}

const CALL_ROW: &str = "SELECT id, number, customer_id, customer_name, problem, description, tried, promised_by, status, opened_at, opened_by, order_id, closed_at FROM support_calls";

fn call_of(r: &sqlx::sqlite::SqliteRow) -> Result<CallRow, StoreError> {
    let problem: String = r.try_get("problem")?;
    let status: String = r.try_get("status")?;
    let decode = |what: &str| sqlx::Error::Decode(format!("unknown {what}").into());
    Ok(CallRow {
        id: r.try_get("id")?,
        number: r.try_get("number")?,
        customer_id: r.try_get("customer_id")?,
        customer_name: r.try_get("customer_name")?,
        problem: Problem::from_code(&problem).ok_or_else(|| decode("problem"))?,
        description: r.try_get("description")?,
        tried: r.try_get("tried")?,
        promised_by: r.try_get("promised_by")?,
        status: CallStatus::from_code(&status).ok_or_else(|| decode("call status"))?,
        opened_at: r.try_get("opened_at")?,
        opened_by: r.try_get("opened_by")?,
        order_id: r.try_get("order_id")?,
        closed_at: r.try_get("closed_at")?,
    })
}

impl Store {
    /// Calls: open ones first, the nearest promise first; then the newest closed.
    pub async fn calls(&self, q: &CallQuery) -> Result<Vec<CallRow>, StoreError> {
        let text = q.text.as_deref().map(fold).unwrap_or_default();
        let rows = sqlx::query(&format!(
            "{CALL_ROW} WHERE (? = 0 OR status IN ('n1','n2')) AND (? = '' OR search LIKE '%' || ? || '%')
             ORDER BY status IN ('n1','n2') DESC, CASE WHEN status IN ('n1','n2') THEN promised_by END, opened_at DESC LIMIT 500"
        ))
        .bind(q.open_only)
        .bind(text.trim())
        .bind(text.trim())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(call_of).collect()
    }

    /// A customer's calls, newest first.
    pub async fn customer_calls(&self, customer: Uuid) -> Result<Vec<CallRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "{CALL_ROW} WHERE customer_id = ? ORDER BY opened_at DESC LIMIT 100"
        ))
        .bind(customer.to_string())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(call_of).collect()
    }

    /// One call with its steps.
    pub async fn call(&self, id: Uuid) -> Result<CallView, StoreError> {
        let row = sqlx::query(&format!("{CALL_ROW} WHERE id = ?"))
            .bind(id.to_string())
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound(Entity::Call))?;
        let steps = sqlx::query(
            "SELECT from_status, step, note, actor_name, at FROM support_call_steps WHERE call_id = ? ORDER BY at",
        )
        .bind(id.to_string())
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|s| {
            let from: String = s.try_get("from_status")?;
            let step: String = s.try_get("step")?;
            Ok(CallStepView {
                from: CallStatus::from_code(&from)
                    .ok_or_else(|| sqlx::Error::Decode("unknown call status".into()))?,
                step: CallStep::from_code(&step)
                    .ok_or_else(|| sqlx::Error::Decode("unknown call step".into()))?,
                note: s.try_get("note")?,
                actor_name: s.try_get("actor_name")?,
                at: s.try_get("at")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(CallView {
            row: call_of(&row)?,
            steps,
        })
    }

    /// The plan of a customer's latest order, if any.
    pub async fn customer_plan(&self, customer: Uuid) -> Result<Option<Uuid>, StoreError> {
        crate::effects::latest_plan(&mut *self.pool().acquire().await?, customer).await
    }

    /// Customers whose name, CPF or phone contains `text` (at most 20).
    pub async fn find_customers(&self, text: &str) -> Result<Vec<CustomerHit>, StoreError> {
        let text = text.trim();
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        if text.chars().count() < 2 {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(
            "SELECT id, name, street, number, neighbourhood, city, phone1 FROM customers
             WHERE name LIKE '%' || ? || '%' OR (? <> '' AND (cpf LIKE ? || '%' OR phone1 LIKE '%' || ? || '%' OR phone2 LIKE '%' || ? || '%'))
             ORDER BY name LIMIT 20",
        )
        .bind(text)
        .bind(&digits)
        .bind(&digits)
        .bind(&digits)
        .bind(&digits)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let part = |c: &str| r.try_get::<String, _>(c);
                Ok(CustomerHit {
                    id: part("id")?,
                    name: part("name")?,
                    address: format!(
                        "{}, {} – {}, {}",
                        part("street")?,
                        part("number")?,
                        part("neighbourhood")?,
                        part("city")?
                    ),
                    phone: part("phone1")?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visits_notes_say_the_call_in_the_language_of_whoever_opens_it() {
        let notes = |lang| call_notes(lang, 7, "—", "Sem sinal", "Reiniciou", "Drop rompido");
        assert_eq!(
            notes(Lang::PtBr),
            "Chamado 7: — — Sem sinal | Já tentado: Reiniciou | N2: Drop rompido"
        );
        assert_eq!(
            notes(Lang::En),
            "Call 7: — — Sem sinal | Tried: Reiniciou | N2: Drop rompido"
        );
        assert_eq!(call_notes(Lang::En, 7, "x", "y", "", ""), "Call 7: x — y");
    }
}
