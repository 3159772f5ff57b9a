//! The IPC commands: each a one-line wrapper over a function of the application layer
//! ([`campo_core`]), generated with everything that must agree with it from the one list in
//! `command_list.rs`:
//!
//! - the `#[tauri::command]` functions and [`handler`], which turn an error into the UI's
//!   `{code, message, params}` in the person's language;
//! - [`NAMES`], which `build.rs` declares to Tauri (the same list, read there too) and the
//!   capability file grants one by one;
//! - [`typescript`], the UI's typed wrappers (`ui/src/lib/backend/commands.ts`).
//!
//! `tests/bindings.rs` fails when the committed wrappers or capability drift from the list.

use campo_core::admin::MunicipalityView;
use campo_core::agenda::{ScheduleInput, ScheduleResult};
use campo_core::app::StartupState;
use campo_core::calls::CallInput;
use campo_core::erp::ErpStandingView;
use campo_core::finance::FinanceOverview;
use campo_core::import::{ImportCheck, ImportPreview, ImportProgress, ImportResult};
use campo_core::indicators::IndicatorChoices;
use campo_core::orders::NewOrderInput;
use campo_core::sales::{ConsentTerms, DraftOpen};
use campo_core::stock::{
    CountReport, DeliveryReport, LinesInput, MoveInput, ScanCheck, StockSetup,
};
use campo_core::sync::{ConflictItem, RefusedChange, SyncView};
use campo_core::{CommandError, Context};
use campo_domain::Lang;
use campo_domain::OrderStatus;
use campo_domain::activation::TemplateItem;
use campo_domain::agenda::AgendaSettings;
use campo_domain::calendar::{EditableLayer, WeekHours};
use campo_domain::closing::{ClosingRule, SignerRelation, Strokes};
use campo_domain::finance::StepAfter;
use campo_domain::message::Moment;
use campo_domain::photo::PhotoSubject;
use campo_domain::provider::ProviderProfile;
use campo_domain::sale::{RejectReason, SaleForm};
use campo_domain::skills::Skill;
use campo_domain::sla::RuleInput;
use campo_domain::support::CallStep;
use campo_import::{ImportKind, Mapping};
use campo_planning::{PlanRequest, RouteCandidate, RouteInput, RoutePlanView};
use campo_protocol::accounts::{Account, AccountAction, NewAccount};
use campo_protocol::erp::ErpSettingsInput;
use campo_protocol::geocode::{AddressQuery, CepPlace, Place};
use campo_protocol::payments::SalePayment;
use campo_store::activation::{
    ActivationMetrics, ActivationRow, ActivationView, ServiceView, TemplateView, TickInput,
};
use campo_store::agenda::{BoardView, DayView, WorkWeekView};
use campo_store::calendar::DayOffView;
use campo_store::customers::{CustomerEdit, CustomerPage, UnlocatedList};
use campo_store::deadline::{DeadlineOverview, SlaRuleView};
use campo_store::finance::{
    ContactForm, CustomerMoney, FollowUp, LatePage, LateQuery, Rate, RateBy,
};
use campo_store::indicators::IndicatorFilter;
use campo_store::indicators::field::{FieldFigure, FieldGrouping, FieldIndicators, FigureOrders};
use campo_store::indicators::stock::{StockIndicators, StockItemDetail};
use campo_store::messages::CustomerMessage;
use campo_store::photos::OrderPhoto;
use campo_store::plans::{CataloguePlan, PlanInput};
use campo_store::promises::PassedPromise;
use campo_store::proof::OrderSignature;
use campo_store::reports::KeptReport;
use campo_store::routes::TechnicianSkills;
use campo_store::sales::{
    CpfCheck, DraftRow, FunnelStep, SalePage, SaleQuery, SaleRow, SaleView, SalesFunnel,
};
use campo_store::stock_query::{
    DiscrepancyView, OrderEquipment, PlaceStock, PlanEquipmentView, SerialView, StockOverview,
};
use campo_store::support::{CallQuery, CallRow, CallView, CustomerHit};
use campo_store::views::{FilterOptions, OrderDetail, OrderFilter, OrderPage, PageRequest};

/// `snake_case` → `camelCase`, as Tauri names a command's arguments for JavaScript.
fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A Rust type as TypeScript names it (`()` is a command that returns nothing).
fn ts<T: ts_rs::TS>() -> String {
    match T::name().as_str() {
        "null" => "void".to_owned(),
        other => other.to_owned(),
    }
}

/// One command as the UI calls it.
struct Signature {
    name: &'static str,
    args: Vec<(&'static str, String)>,
    returns: String,
}

macro_rules! commands {
    ($( $module:ident :: $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty ; )*) => {
        $(
            #[doc = concat!("`campo_core::", stringify!($module), "::", stringify!($name), "`.")]
            #[tauri::command]
            pub async fn $name(
                ctx: tauri::State<'_, Context>,
                $($arg: $ty),*
            ) -> Result<$ret, CommandError> {
                campo_core::$module::$name(&ctx, $($arg),*)
                    .await
                    .map_err(|e| CommandError::from_app(&e, ctx.lang()))
            }
        )*

        /// Every command's name, as Tauri and the capability know it.
        pub const NAMES: &[&str] = &[$(stringify!($name)),*];

        /// The handler Tauri dispatches IPC calls with.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        fn signatures() -> Vec<Signature> {
            vec![$(Signature {
                name: stringify!($name),
                args: vec![$((stringify!($arg), ts::<$ty>())),*],
                returns: ts::<$ret>(),
            }),*]
        }
    };
}

include!("command_list.rs");

/// The UI's typed wrappers, one per command (`ui/src/lib/backend/commands.ts`).
pub fn typescript() -> String {
    let signatures = signatures();
    let mut types: Vec<String> = Vec::new();
    let mut body = String::new();
    for s in &signatures {
        let params: Vec<String> = s
            .args
            .iter()
            .map(|(name, ty)| format!("{}: {ty}", camel(name)))
            .collect();
        let names: Vec<String> = s.args.iter().map(|(name, _)| camel(name)).collect();
        let args = if names.is_empty() {
            String::new()
        } else {
            format!(", {{ {} }}", names.join(", "))
        };
        body.push_str(&format!(
            "  {}: ({}) => call<{}>(\"{}\"{args}),\n",
            camel(s.name),
            params.join(", "),
            s.returns,
            s.name
        ));
        for ty in s.args.iter().map(|(_, t)| t).chain([&s.returns]) {
            for word in ty.split(|c: char| !c.is_ascii_alphanumeric()) {
                let named = word.starts_with(|c: char| c.is_ascii_uppercase());
                if named && word != "Array" && !types.iter().any(|t| t == word) {
                    types.push(word.to_owned());
                }
            }
        }
    }
    types.sort();
    format!(
        "// Generated from Rust (src-tauri/src/command_list.rs) by the `bindings` test: `make bindings`.\n\
         // Do not edit by hand.\n\
         import type {{ {} }} from \"./bindings\";\n\
         import {{ call }} from \"./invoke\";\n\n\
         /** Every command of the app, typed. */\n\
         export const commands = {{\n{body}}};\n",
        types.join(", ")
    )
}

/// The main window's capability: exactly the app's commands, plus opening navigation links and
/// WhatsApp conversations with customers.
pub fn capability() -> String {
    let mut permissions: Vec<serde_json::Value> = NAMES
        .iter()
        .map(|n| serde_json::Value::String(format!("allow-{}", n.replace('_', "-"))))
        .collect();
    permissions.push(serde_json::json!({
        "identifier": "opener:allow-open-url",
        "allow": [
            { "url": "https://waze.com/ul*" },
            { "url": "https://www.google.com/maps/dir/*" },
            { "url": "https://wa.me/*" }
        ]
    }));
    let file = serde_json::json!({
        "$schema": "../gen/schemas/desktop-schema.json",
        "identifier": "main",
        "description": "The main window: the app's own commands (generated from src/command_list.rs), and opening navigation links (Waze, Google Maps) and WhatsApp conversations (wa.me) in the system browser; nothing else from the core or plugins.",
        "windows": ["main"],
        "permissions": permissions,
    });
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}
