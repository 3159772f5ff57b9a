//! The payment follow-up (PRODUCT.md step 5, seed 002), for finance and the administration:
//! the default rate month by month against the 20% target and by city, plan, seller or SVA;
//! the customers late now (or at a month's end) with the non-payment step their debt reached
//! and their last contact; the contacts recorded (a promise to pay has its date); and the
//! five-month follow-up of new customers. Receivables come in through the import (a file
//! here, or the server's command line and ERP connector).

use campo_domain::finance::{DEFAULT_RATE_TARGET, StepAfter};
use campo_store::finance::{
    ContactForm, CustomerMoney, FollowUp, LatePage, LateQuery, Rate, RateBy, months_until,
    rates_csv,
};
use campo_store::promises::PassedPromise;
use serde::Serialize;
use ts_rs::TS;

use crate::context::Context;
use crate::error::AppError;

/// How many months the default-rate chart shows.
pub const MONTHS_SHOWN: u32 = 12;

/// The default rate's page: the months, the target, the steps against non-payment.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FinanceOverview {
    /// The last twelve months, oldest first (this month last, judged today).
    pub months: Vec<Rate>,
    /// The target: a default rate below this share.
    pub target: f64,
    /// Today, where the provider is (`YYYY-MM-DD`).
    pub today: String,
    /// The provider's steps against non-payment, days after the due date (the labelled
    /// default until set).
    pub steps: Vec<StepAfter>,
}

/// The default rate of the last twelve months.
pub async fn finance_overview(ctx: &Context) -> Result<FinanceOverview, AppError> {
    let store = ctx.store().await?;
    let today = store.today().await?;
    let months = months_until(today, MONTHS_SHOWN);
    Ok(FinanceOverview {
        months: store.default_rates(&months, today).await?,
        target: DEFAULT_RATE_TARGET,
        today: today.to_string(),
        steps: store.non_payment_steps().await?,
    })
}

/// The payment promises passed today whose customers still owe: the header's reminder.
pub async fn passed_promises(ctx: &Context) -> Result<Vec<PassedPromise>, AppError> {
    let store = ctx.store().await?;
    let today = store.today().await?;
    Ok(store.passed_promises(today).await?)
}

/// The provider's steps against non-payment (the labelled default until set).
pub async fn non_payment_steps(ctx: &Context) -> Result<Vec<StepAfter>, AppError> {
    Ok(ctx.store().await?.non_payment_steps().await?)
}

/// Sets the provider's steps against non-payment; returns the page with them.
pub async fn set_non_payment_steps(
    ctx: &Context,
    steps: Vec<StepAfter>,
) -> Result<FinanceOverview, AppError> {
    ctx.write(async |w| w.set_non_payment_steps(&steps, chrono::Utc::now()).await)
        .await?;
    finance_overview(ctx).await
}

/// A month's default rate by city, plan, seller or SVA.
pub async fn default_rate_by(
    ctx: &Context,
    month: String,
    by: RateBy,
) -> Result<Vec<Rate>, AppError> {
    let store = ctx.store().await?;
    let today = store.today().await?;
    Ok(store.default_rate_by(month.trim(), by, today).await?)
}

/// The twelve months' default rate and `month`'s groups by city, plan, seller and SVA, as a
/// CSV in the export folder; returns its path.
pub async fn export_default_rate_csv(ctx: &Context, month: String) -> Result<String, AppError> {
    let lang = ctx.lang();
    let store = ctx.store().await?;
    let today = store.today().await?;
    let months = store
        .default_rates(&months_until(today, MONTHS_SHOWN), today)
        .await?;
    let mut groups = Vec::new();
    for by in [RateBy::City, RateBy::Plan, RateBy::Seller, RateBy::Sva] {
        groups.push((by, store.default_rate_by(month.trim(), by, today).await?));
    }
    crate::save_csv(
        ctx,
        &format!(
            "{}-{}",
            crate::named(lang, "inadimplencia", "default-rate"),
            month.trim()
        ),
        &rates_csv(&months, &groups, lang),
    )
}

/// The five-month follow-up as a CSV file in the downloads folder; returns its path.
pub async fn export_follow_up_csv(ctx: &Context) -> Result<String, AppError> {
    let store = ctx.store().await?;
    let today = store.today().await?;
    let list = store.follow_up(today).await?;
    crate::save_csv(
        ctx,
        &format!(
            "{}-{today}",
            crate::named(ctx.lang(), "acompanhamento", "follow-up")
        ),
        &list.to_csv(ctx.lang()),
    )
}

/// The customers late now, or at the end of `query.month`.
pub async fn late_customers(ctx: &Context, query: LateQuery) -> Result<LatePage, AppError> {
    let store = ctx.store().await?;
    let today = store.today().await?;
    let steps = store.non_payment_steps().await?;
    Ok(store.late_customers(&query, today, &steps).await?)
}

/// The five-month follow-up of new customers.
pub async fn follow_up(ctx: &Context) -> Result<FollowUp, AppError> {
    let store = ctx.store().await?;
    let today = store.today().await?;
    Ok(store.follow_up(today).await?)
}

/// A customer's receivables, contacts and follow-up stage.
pub async fn customer_money(ctx: &Context, customer_id: String) -> Result<CustomerMoney, AppError> {
    let id = crate::parse_id(&customer_id)?;
    let store = ctx.store().await?;
    let today = store.today().await?;
    Ok(store.customer_money(id, today).await?)
}

/// Records a contact with a customer; returns their money page.
pub async fn record_contact(ctx: &Context, form: ContactForm) -> Result<CustomerMoney, AppError> {
    let id = crate::parse_id(&form.customer_id)?;
    let (store, actor) = ctx.acting().await?;
    let today = store.today().await?;
    let mut w = store.writer(actor).await?;
    w.record_contact(&form, today, chrono::Utc::now()).await?;
    w.commit().await?;
    ctx.nudge_sync();
    Ok(store.customer_money(id, today).await?)
}
