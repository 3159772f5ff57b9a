//! Customers' calls (seed 004): atendimento (N1) finds the customer and records the problem,
//! what was tried and the deadline promised (a day and time where the provider is); N1 solves
//! it or passes it to N2, who solves it remotely or opens a repair visit in the agenda's queue
//! whose deadline runs from the call.

use campo_domain::support::{CallForm, CallStep, Problem};
use campo_domain::{Field, ValidationError};
use campo_store::support::{CallQuery, CallRow, CallView, CustomerHit};
use chrono::{NaiveDate, NaiveTime, TimeZone};
use serde::Deserialize;
use ts_rs::TS;

use crate::context::Context;
use crate::error::AppError;

/// A call as typed: the promise as the day and time the customer was told.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CallInput {
    /// The customer.
    pub customer_id: String,
    /// What about.
    pub problem: Option<Problem>,
    /// In the customer's words.
    pub description: String,
    /// What was tried on the call.
    pub tried: String,
    /// The day promised, `YYYY-MM-DD`.
    pub promised_date: String,
    /// The time promised, `HH:MM`, where the provider is.
    pub promised_time: String,
}

/// Customers whose name, CPF or phone contains `text`.
pub async fn find_customers(ctx: &Context, text: String) -> Result<Vec<CustomerHit>, AppError> {
    Ok(ctx.store().await?.find_customers(&text).await?)
}

/// Records a call; returns it.
pub async fn open_call(ctx: &Context, input: CallInput) -> Result<CallView, AppError> {
    let (store, actor) = ctx.acting().await?;
    let zone = store.place().await?.zone();
    let date = NaiveDate::parse_from_str(input.promised_date.trim(), "%Y-%m-%d")
        .map_err(|_| ValidationError::Date(Field::Promise))?;
    let time = NaiveTime::parse_from_str(input.promised_time.trim(), "%H:%M")
        .map_err(|_| ValidationError::Required(Field::Time))?;
    let promised = zone
        .from_local_datetime(&date.and_time(time))
        .earliest()
        .ok_or(ValidationError::Date(Field::Promise))?
        .with_timezone(&chrono::Utc);
    let form = CallForm {
        customer_id: input.customer_id,
        problem: input.problem,
        description: input.description,
        tried: input.tried,
        promised_by: campo_store::write::timestamp(promised),
    };
    let mut w = store.writer(actor).await?;
    let id = w.open_call(&form, chrono::Utc::now()).await?;
    w.commit().await?;
    ctx.nudge_sync();
    Ok(store.call(id).await?)
}

/// The calls, open ones first.
pub async fn calls(ctx: &Context, query: CallQuery) -> Result<Vec<CallRow>, AppError> {
    Ok(ctx.store().await?.calls(&query).await?)
}

/// One call with its steps.
pub async fn get_call(ctx: &Context, id: String) -> Result<CallView, AppError> {
    let id = crate::parse_id(&id)?;
    Ok(ctx.store().await?.call(id).await?)
}

/// Solves a call, passes it to N2, or opens its repair visit; returns it.
pub async fn step_call(
    ctx: &Context,
    id: String,
    step: CallStep,
    note: Option<String>,
) -> Result<CallView, AppError> {
    let id = crate::parse_id(&id)?;
    let lang = ctx.lang();
    let (store, _) = ctx
        .write(async |w| {
            w.step_call(id, step, note.as_deref(), lang, chrono::Utc::now())
                .await
        })
        .await?;
    Ok(store.call(id).await?)
}
