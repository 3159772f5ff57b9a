//! Work orders: the list, the order page, filter choices, status moves, deadline pauses and
//! visit details.

use campo_domain::edit::OrderField;
use campo_domain::{OrderStatus, Transition};
use campo_store::views::{FilterOptions, OrderDetail, OrderFilter, OrderPage, PageRequest};

use crate::context::Context;
use crate::error::AppError;

/// One page of the filtered, sorted order list.
pub async fn list_orders(
    ctx: &Context,
    filter: OrderFilter,
    page: PageRequest,
) -> Result<OrderPage, AppError> {
    let store = ctx.store().await?;
    store
        .list_orders(&filter, page)
        .await
        .map_err(AppError::from)
}

/// The order page.
pub async fn get_order(ctx: &Context, id: String) -> Result<OrderDetail, AppError> {
    let id = crate::parse_id(&id)?;
    let store = ctx.store().await?;
    store
        .get_order_in(id, ctx.lang())
        .await
        .map_err(AppError::from)
}

/// Technicians and neighbourhoods for the filter selects.
pub async fn filter_options(ctx: &Context) -> Result<FilterOptions, AppError> {
    let store = ctx.store().await?;
    store.filter_options().await.map_err(AppError::from)
}

/// Moves an order to another status, as this device's user, and returns the updated page.
pub async fn transition_order(
    ctx: &Context,
    id: String,
    to: OrderStatus,
    reason: Option<String>,
) -> Result<OrderDetail, AppError> {
    let id = crate::parse_id(&id)?;
    let (store, actor) = ctx.acting().await?;
    store
        .transition_order(
            actor,
            id,
            Transition {
                to,
                reason,
                schedule: None,
            },
        )
        .await?;
    if to == OrderStatus::Done {
        crate::kept::keep(&store, actor, id, campo_protocol::ops::ReportOf::Visit).await;
    }
    ctx.nudge_sync();
    Ok(store.get_order_in(id, ctx.lang()).await?)
}

/// Pauses the order's deadline clock with a reason; returns the updated page.
pub async fn pause_order(
    ctx: &Context,
    id: String,
    reason: String,
) -> Result<OrderDetail, AppError> {
    let id = crate::parse_id(&id)?;
    let lang = ctx.lang();
    let (store, _) = ctx
        .write(async |w| w.pause_order(id, &reason, chrono::Utc::now()).await)
        .await?;
    store.get_order_in(id, lang).await.map_err(AppError::from)
}

/// Saves the visit details (contact phone, notes); only what changed is recorded. Returns the
/// updated page.
pub async fn edit_order(
    ctx: &Context,
    id: String,
    contact_phone: Option<String>,
    notes: Option<String>,
) -> Result<OrderDetail, AppError> {
    let id = crate::parse_id(&id)?;
    let lang = ctx.lang();
    let store = ctx.store().await?;
    let user = crate::actor(&store).await?;
    let mut w = store.writer(user).await?;
    let changed = w
        .edit_order(
            id,
            &[
                (OrderField::ContactPhone, contact_phone.as_deref()),
                (OrderField::Notes, notes.as_deref()),
            ],
            chrono::Utc::now(),
        )
        .await?;
    w.commit().await?;
    if changed {
        ctx.nudge_sync();
    }
    store.get_order_in(id, lang).await.map_err(AppError::from)
}

/// Resumes the order's deadline clock; returns the updated page.
pub async fn resume_order(
    ctx: &Context,
    id: String,
    note: Option<String>,
) -> Result<OrderDetail, AppError> {
    let id = crate::parse_id(&id)?;
    let lang = ctx.lang();
    let (store, _) = ctx
        .write(async |w| {
            w.resume_order(id, note.as_deref(), chrono::Utc::now())
                .await
        })
        .await?;
    store.get_order_in(id, lang).await.map_err(AppError::from)
}

/// A work order the office opens from the app.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct NewOrderInput {
    /// The customer.
    pub customer_id: String,
    /// What kind of visit.
    pub kind: campo_domain::OrderKind,
    /// The plan (the customer's latest when empty; a plan change names the new one).
    pub plan_id: Option<String>,
    /// Notes for the technician.
    pub notes: Option<String>,
    /// Where an address change moves the customer to (required for one; the visit is there).
    #[serde(default)]
    #[ts(optional)]
    pub new_address: Option<campo_domain::NewAddress>,
}

/// Opens a work order of any kind for a customer (repairs, removals and SVA activations go
/// straight to the agenda's queue; installations, address and plan changes to analysis), with
/// the same checks and deadlines as every order; returns its page. A plan change names a plan
/// on sale other than the customer's; an SVA activation needs a plan with a service.
pub async fn open_order(ctx: &Context, input: NewOrderInput) -> Result<OrderDetail, AppError> {
    let customer = crate::parse_id(&input.customer_id)
        .map_err(|_| campo_store::StoreError::NotFound(campo_store::Entity::Customer))?;
    let lang = ctx.lang();
    let (store, actor) = ctx.acting().await?;
    let current = store.customer_plan(customer).await?;
    let required = || campo_domain::ValidationError::Required(campo_domain::Field::Plan);
    let plan = match input.plan_id.filter(|p| !p.trim().is_empty()) {
        Some(p) => crate::parse_id(&p)?,
        None if input.kind == campo_domain::OrderKind::PlanChange => Err(required())?,
        None => current.ok_or_else(required)?,
    };
    let catalogue = store.plan_catalogue().await?;
    let chosen = catalogue.iter().find(|p| p.id == plan.to_string()).ok_or(
        campo_domain::ValidationError::Unknown(campo_domain::Field::Plan),
    )?;
    campo_domain::order::check_order_plan(
        input.kind,
        current,
        plan,
        campo_domain::order::PlanChoice {
            name: &chosen.plan.name,
            sold: chosen.plan.sold,
            services: usize::from(chosen.plan.has_iptv) + chosen.plan.svas.len(),
        },
    )?;
    let new_address = match input.new_address {
        Some(a) if input.kind == campo_domain::OrderKind::AddressChange => Some(a),
        Some(_) => None,
        None if input.kind == campo_domain::OrderKind::AddressChange => Err(
            campo_domain::ValidationError::Required(campo_domain::Field::NewAddress),
        )?,
        None => None,
    };
    let mut w = store.writer(actor).await?;
    let now = chrono::Utc::now();
    let id = w
        .create_order(
            &campo_store::write::NewOrder {
                new_address,
                ..campo_store::write::NewOrder::new(input.kind, customer, plan)
            },
            now,
        )
        .await?;
    if let Some(notes) = input.notes.as_deref().filter(|n| !n.trim().is_empty()) {
        w.edit_order(id, &[(OrderField::Notes, Some(notes))], now)
            .await?;
    }
    w.commit().await?;
    ctx.nudge_sync();
    store.get_order_in(id, lang).await.map_err(AppError::from)
}

/// The message the order's customer is due now (scheduling, a new date, the technician on
/// the way, done), in pt-BR, with its WhatsApp link and whether it was sent.
pub async fn customer_message(
    ctx: &Context,
    id: String,
) -> Result<Option<campo_store::messages::CustomerMessage>, AppError> {
    let id = crate::parse_id(&id)?;
    Ok(ctx.store().await?.customer_message(id).await?)
}

/// Records that the customer was sent the message of `moment` (`key`: its occurrence).
pub async fn message_sent(
    ctx: &Context,
    id: String,
    moment: campo_domain::message::Moment,
    key: String,
) -> Result<Option<campo_store::messages::CustomerMessage>, AppError> {
    let id = crate::parse_id(&id)?;
    let (store, _) = ctx
        .write(async |w| w.message_sent(id, moment, &key, chrono::Utc::now()).await)
        .await?;
    Ok(store.customer_message(id).await?)
}

/// The customer's page: details, contracts, orders, equipment lent, activations, calls,
/// changes.
pub async fn customer_page(
    ctx: &Context,
    id: String,
) -> Result<campo_store::customers::CustomerPage, AppError> {
    let id = crate::parse_id(&id)?;
    Ok(ctx.store().await?.customer_page(id).await?)
}

/// The most customers listed to be placed on the map at once.
const UNLOCATED_LISTED: i64 = 200;

/// Customers not on the map yet (imported without coordinates): placed from their page.
pub async fn unlocated_customers(
    ctx: &Context,
) -> Result<campo_store::customers::UnlocatedList, AppError> {
    Ok(ctx
        .store()
        .await?
        .unlocated_customers(UNLOCATED_LISTED)
        .await?)
}

/// The places the provider's geocoder finds for an address (through the server, online),
/// best first; empty when it knows none.
pub async fn find_address(
    ctx: &Context,
    address: campo_protocol::geocode::AddressQuery,
) -> Result<Vec<campo_protocol::geocode::Place>, AppError> {
    if let Some(problem) = address.problem() {
        return Err(crate::error::InputError::Address(problem).into());
    }
    let store = ctx.store().await?;
    let Some(transport) = crate::sync::server_transport(&store).await? else {
        return Err(crate::error::InputError::GeocoderNeedsServer.into());
    };
    Ok(transport.geocode(&address).await?)
}

/// The street, neighbourhood, municipality and state `cep` names (through the server's CEP
/// lookup, online); `None` when the CEP is not known. A CEP that is not 8 digits is refused
/// by name before anyone is asked.
pub async fn find_cep(
    ctx: &Context,
    cep: String,
) -> Result<Option<campo_protocol::geocode::CepPlace>, AppError> {
    let cep = campo_domain::validate::Cep::parse(&cep)?;
    let store = ctx.store().await?;
    let Some(transport) = crate::sync::server_transport(&store).await? else {
        return Err(crate::error::InputError::CepNeedsServer.into());
    };
    Ok(transport.cep(cep.digits()).await?)
}

/// Changes a customer's contacts or address; returns the page.
pub async fn edit_customer(
    ctx: &Context,
    id: String,
    edit: campo_store::customers::CustomerEdit,
) -> Result<campo_store::customers::CustomerPage, AppError> {
    let id = crate::parse_id(&id)?;
    let (store, actor) = ctx.acting().await?;
    let mut w = store.writer(actor).await?;
    let changed = w.edit_customer(id, &edit, chrono::Utc::now()).await?;
    w.commit().await?;
    if changed {
        ctx.nudge_sync();
    }
    Ok(store.customer_page(id).await?)
}
