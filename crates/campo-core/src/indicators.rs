//! The indicators area: which pages the signed-in person reads (by role), the choices its
//! filters offer, and each page's figures, the orders behind a figure and the CSVs.

use campo_protocol::policy::{self, Audience, Role};
use campo_store::activation::ActivationMetrics;
use campo_store::indicators::IndicatorFilter;
use campo_store::indicators::field::{FieldFigure, FieldGrouping, FieldIndicators, FigureOrders};
use campo_store::indicators::stock::{StockIndicators, StockItemDetail};
use campo_store::views::TechnicianView;
use serde::Serialize;
use ts_rs::TS;

use crate::admin::MunicipalityView;
use crate::context::Context;
use crate::error::AppError;

/// What the indicators area offers the person.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IndicatorChoices {
    /// The pages (tabs) of their role, in order; every page for the demo.
    pub audiences: Vec<Audience>,
    /// The municipalities the provider serves, by name.
    pub municipalities: Vec<MunicipalityView>,
    /// The technicians, by name.
    pub technicians: Vec<TechnicianView>,
}

/// The pages the person reads and what their filters offer.
pub async fn indicator_choices(ctx: &Context) -> Result<IndicatorChoices, AppError> {
    let store = ctx.store().await?;
    let role = store
        .sync_config()
        .await?
        .and_then(|c| Role::from_code(&c.role));
    let audiences = match role {
        Some(role) => policy::audiences(role).to_vec(),
        None => Audience::ALL.to_vec(),
    };
    let mut municipalities: Vec<MunicipalityView> = store
        .provider_profile()
        .await?
        .map(|p| p.municipalities)
        .unwrap_or_default()
        .into_iter()
        .filter_map(campo_domain::municipality::by_code)
        .map(MunicipalityView::from)
        .collect();
    municipalities.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(IndicatorChoices {
        audiences,
        municipalities,
        technicians: store.filter_options().await?.technicians,
    })
}

/// The field's indicators under `filter`.
pub async fn field_indicators(
    ctx: &Context,
    filter: IndicatorFilter,
) -> Result<FieldIndicators, AppError> {
    let store = ctx.store().await?;
    Ok(store.field_indicators(&filter, ctx.lang()).await?)
}

/// The orders behind one figure of the field's indicators.
pub async fn figure_orders(
    ctx: &Context,
    filter: IndicatorFilter,
    figure: FieldFigure,
    grouping: FieldGrouping,
    key: String,
) -> Result<FigureOrders, AppError> {
    let store = ctx.store().await?;
    Ok(store.figure_orders(&filter, figure, grouping, &key).await?)
}

/// The field's indicators as CSV in the exports folder; returns its path.
pub async fn export_field_csv(ctx: &Context, filter: IndicatorFilter) -> Result<String, AppError> {
    let lang = ctx.lang();
    let report = ctx.store().await?.field_indicators(&filter, lang).await?;
    crate::save_csv(
        ctx,
        &crate::named_span(
            lang,
            ("indicadores", "field-indicators"),
            &report.from,
            &report.to,
        ),
        &report.to_csv(lang),
    )
}

/// Activation figures under `filter`: first-pass rate, the tests failing most, the
/// activations that needed another attempt.
pub async fn activation_indicators(
    ctx: &Context,
    filter: IndicatorFilter,
) -> Result<ActivationMetrics, AppError> {
    let store = ctx.store().await?;
    Ok(store.activation_metrics(&filter).await?)
}

/// The activation page under `filter` as a CSV file in the downloads folder; returns its path.
pub async fn export_activation_csv(
    ctx: &Context,
    filter: IndicatorFilter,
) -> Result<String, AppError> {
    let lang = ctx.lang();
    let metrics = ctx.store().await?.activation_metrics(&filter).await?;
    crate::save_csv(
        ctx,
        &crate::named_span(lang, ("ativacoes", "activations"), &filter.from, &filter.to),
        &metrics.to_csv(lang),
    )
}

/// Equipment per installation and losses under `filter`.
pub async fn stock_indicators(
    ctx: &Context,
    filter: IndicatorFilter,
) -> Result<StockIndicators, AppError> {
    let store = ctx.store().await?;
    Ok(store.stock_indicators(&filter).await?)
}

/// The orders and losses behind one item's figures.
pub async fn stock_item_detail(
    ctx: &Context,
    filter: IndicatorFilter,
    item_id: String,
) -> Result<StockItemDetail, AppError> {
    let store = ctx.store().await?;
    Ok(store
        .stock_item_detail(&filter, item_id.trim(), ctx.lang())
        .await?)
}

/// The stock's indicators as CSV in the exports folder; returns its path.
pub async fn export_stock_indicators_csv(
    ctx: &Context,
    filter: IndicatorFilter,
) -> Result<String, AppError> {
    let lang = ctx.lang();
    let report = ctx.store().await?.stock_indicators(&filter).await?;
    crate::save_csv(
        ctx,
        &crate::named_span(lang, ("estoque", "stock"), &report.from, &report.to),
        &report.to_csv(lang),
    )
}
