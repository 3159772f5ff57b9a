//! The TypeScript declarations of every type that crosses the IPC boundary, generated from
//! the Rust types with ts-rs. `ui/src/lib/backend/bindings.ts` is this output, committed; the
//! `bindings_are_fresh` test fails when it is stale, and `make bindings` rewrites it.

use campo_domain::{Lang, OrderKind, OrderStatus, Period};
use campo_store::views::{
    Address, AllowedTransition, CustomerView, DeadlineState, FilterOptions, NoticeView,
    OrderDetail, OrderEventView, OrderFilter, OrderPage, OrderRow, PageRequest, PauseView,
    PlanView, SortDir, SortKey, TechnicianView,
};
use ts_rs::TS;

use campo_domain::stock::{DeliveryRow, MoveKind, PlaceKind, RowError, Tracking, Unit};
use campo_store::stock_query::{
    BalanceLine, DiscrepancyView, LowStockRow, MovementRow, OrderEquipment, PlaceStock,
    PlanEquipmentView, RequiredItem, RequiredLine, SerialView, StockItemView, StockOverview,
    StockPlaceView, UnitRow,
};

use campo_domain::activation::{Answer, Feature, ItemKind, Outcome, TemplateItem};
use campo_domain::agenda::AgendaSettings;
use campo_domain::provider::{Base, ProviderProfile};
use campo_planning::{
    LeftOut, PlanRequest, RouteCandidate, RouteInput, RoutePlanView, RouteStop, TechRoute,
};
use campo_store::activation::{
    ActivationRow, ActivationView, AttemptView, ItemView, TemplateView, TickInput, TickView,
};
use campo_store::agenda::{BoardCell, BoardDay, BoardView, DayView, Visit};
use campo_store::deadline::{DeadlineAlert, DeadlineOverview};
use campo_store::routes::TechnicianSkills;

use campo_core::admin::MunicipalityView;
use campo_core::agenda::{ScheduleInput, ScheduleResult};
use campo_core::app::{Abilities, AppInfo, StartupState};
use campo_core::erp::{ErpReadingView, ErpStandingView, ErpWriteFailureView};
use campo_core::here::PersonHere;
use campo_core::stock::{
    BulkInput, CountReport, DeliveryReport, ItemInput, LinesInput, MoveInput, ScanCheck, StockSetup,
};
use campo_core::sync::{ConflictItem, Received, RefusedChange, SessionState, SyncView};
use campo_core::{CommandError, ErrorCode};
use campo_protocol::accounts::{Account, AccountAction, DeviceSeen, NewAccount};
use campo_protocol::erp::{ErpSettings, ErpSettingsInput};
use campo_protocol::geocode::{AddressQuery, CepPlace, Place};
use campo_protocol::{Area, Role};

/// Where the generated types live, relative to the workspace root.
pub const BINDINGS_PATH: &str = "ui/src/lib/backend/bindings.ts";
/// Where the generated command wrappers live, relative to the workspace root.
pub const COMMANDS_PATH: &str = "ui/src/lib/backend/commands.ts";
/// Where the main window's capability lives, relative to the workspace root.
pub const CAPABILITY_PATH: &str = "src-tauri/capabilities/main.json";

/// Every generated file with what it must hold: (path from the workspace root, contents).
pub fn generated() -> Vec<(&'static str, String)> {
    vec![
        (BINDINGS_PATH, render()),
        (COMMANDS_PATH, crate::commands::typescript()),
        (CAPABILITY_PATH, crate::commands::capability()),
    ]
}

fn export<T: TS>(out: &mut String) {
    out.push_str("export ");
    out.push_str(&T::decl());
    out.push('\n');
}

/// The whole generated file.
pub fn render() -> String {
    let mut out = String::from(
        "// Generated from Rust by ts-rs (campo-app `bindings` test). Do not edit by hand.\n",
    );
    export::<Lang>(&mut out);
    export::<OrderKind>(&mut out);
    export::<OrderStatus>(&mut out);
    export::<campo_domain::history::EventReason>(&mut out);
    export::<Period>(&mut out);
    export::<SortKey>(&mut out);
    export::<SortDir>(&mut out);
    export::<DeadlineState>(&mut out);
    export::<OrderFilter>(&mut out);
    export::<PageRequest>(&mut out);
    export::<OrderRow>(&mut out);
    export::<OrderPage>(&mut out);
    export::<Address>(&mut out);
    export::<CustomerView>(&mut out);
    export::<PlanView>(&mut out);
    export::<TechnicianView>(&mut out);
    export::<OrderEventView>(&mut out);
    export::<PauseView>(&mut out);
    export::<NoticeView>(&mut out);
    export::<AllowedTransition>(&mut out);
    export::<OrderDetail>(&mut out);
    export::<FilterOptions>(&mut out);
    export::<Role>(&mut out);
    export::<Area>(&mut out);
    export::<DeviceSeen>(&mut out);
    export::<AddressQuery>(&mut out);
    export::<Place>(&mut out);
    export::<CepPlace>(&mut out);
    export::<campo_protocol::payments::SalePayment>(&mut out);
    export::<ErpStandingView>(&mut out);
    export::<ErpSettings>(&mut out);
    export::<ErpSettingsInput>(&mut out);
    export::<ErpReadingView>(&mut out);
    export::<ErpWriteFailureView>(&mut out);
    export::<campo_store::reports::KeptReport>(&mut out);
    export::<Account>(&mut out);
    export::<NewAccount>(&mut out);
    export::<AccountAction>(&mut out);
    export::<Abilities>(&mut out);
    export::<AppInfo>(&mut out);
    export::<ErrorCode>(&mut out);
    export::<CommandError>(&mut out);
    export::<PersonHere>(&mut out);
    export::<StartupState>(&mut out);
    export::<Received>(&mut out);
    export::<SessionState>(&mut out);
    export::<SyncView>(&mut out);
    export::<ConflictItem>(&mut out);
    export::<RefusedChange>(&mut out);
    export::<Tracking>(&mut out);
    export::<Unit>(&mut out);
    export::<PlaceKind>(&mut out);
    export::<MoveKind>(&mut out);
    export::<StockItemView>(&mut out);
    export::<StockPlaceView>(&mut out);
    export::<BalanceLine>(&mut out);
    export::<UnitRow>(&mut out);
    export::<MovementRow>(&mut out);
    export::<PlaceStock>(&mut out);
    export::<SerialView>(&mut out);
    export::<RequiredLine>(&mut out);
    export::<OrderEquipment>(&mut out);
    export::<DiscrepancyView>(&mut out);
    export::<LowStockRow>(&mut out);
    export::<StockOverview>(&mut out);
    export::<DeliveryRow>(&mut out);
    export::<RowError>(&mut out);
    export::<BulkInput>(&mut out);
    export::<LinesInput>(&mut out);
    export::<MoveInput>(&mut out);
    export::<ScanCheck>(&mut out);
    export::<DeliveryReport>(&mut out);
    export::<CountReport>(&mut out);
    export::<ItemInput>(&mut out);
    export::<StockSetup>(&mut out);
    export::<RequiredItem>(&mut out);
    export::<PlanEquipmentView>(&mut out);
    export::<AgendaSettings>(&mut out);
    export::<Base>(&mut out);
    export::<ProviderProfile>(&mut out);
    export::<MunicipalityView>(&mut out);
    export::<BoardDay>(&mut out);
    export::<BoardCell>(&mut out);
    export::<BoardView>(&mut out);
    export::<ScheduleInput>(&mut out);
    export::<ScheduleResult>(&mut out);
    export::<Visit>(&mut out);
    export::<DayView>(&mut out);
    export::<DeadlineAlert>(&mut out);
    export::<DeadlineOverview>(&mut out);
    export::<RouteStop>(&mut out);
    export::<TechRoute>(&mut out);
    export::<LeftOut>(&mut out);
    export::<RoutePlanView>(&mut out);
    export::<RouteInput>(&mut out);
    export::<PlanRequest>(&mut out);
    export::<RouteCandidate>(&mut out);
    export::<campo_store::indicators::IndicatorFilter>(&mut out);
    export::<campo_store::sales::FunnelStep>(&mut out);
    export::<campo_store::indicators::field::FieldIndicators>(&mut out);
    export::<campo_store::indicators::field::FieldRow>(&mut out);
    export::<campo_store::indicators::field::FieldFigure>(&mut out);
    export::<campo_store::indicators::field::FieldGrouping>(&mut out);
    export::<campo_store::indicators::field::FigureOrders>(&mut out);
    export::<campo_store::indicators::field::FigureOrder>(&mut out);
    export::<campo_store::indicators::stock::StockIndicators>(&mut out);
    export::<campo_store::indicators::stock::StockItemFigures>(&mut out);
    export::<campo_store::indicators::stock::StockItemDetail>(&mut out);
    export::<campo_store::indicators::stock::StockUse>(&mut out);
    export::<campo_store::indicators::stock::StockLoss>(&mut out);
    export::<campo_store::activation::ActivationMetrics>(&mut out);
    export::<campo_store::activation::RetriedActivation>(&mut out);
    export::<campo_core::indicators::IndicatorChoices>(&mut out);
    export::<campo_protocol::policy::Audience>(&mut out);
    export::<campo_store::agenda::AbsenceView>(&mut out);
    export::<campo_store::deadline::SlaRuleView>(&mut out);
    export::<campo_domain::sla::RuleInput>(&mut out);
    export::<campo_domain::sla::AllowanceUnit>(&mut out);
    export::<campo_domain::sla::ClockStart>(&mut out);
    export::<campo_domain::sla::RuleSource>(&mut out);
    export::<campo_domain::sla::RuleField>(&mut out);
    export::<campo_store::calendar::DayOffView>(&mut out);
    export::<campo_store::agenda::WorkWeekView>(&mut out);
    export::<campo_domain::calendar::EditableLayer>(&mut out);
    export::<campo_domain::calendar::WeekHours>(&mut out);
    export::<TechnicianSkills>(&mut out);
    export::<campo_domain::skills::Skill>(&mut out);
    export::<ItemKind>(&mut out);
    export::<Feature>(&mut out);
    export::<TemplateItem>(&mut out);
    export::<Answer>(&mut out);
    export::<Outcome>(&mut out);
    export::<TemplateView>(&mut out);
    export::<campo_store::activation::ServiceView>(&mut out);
    export::<ActivationRow>(&mut out);
    export::<TickView>(&mut out);
    export::<ItemView>(&mut out);
    export::<AttemptView>(&mut out);
    export::<ActivationView>(&mut out);
    export::<TickInput>(&mut out);
    export::<campo_store::plans::PlanInput>(&mut out);
    export::<campo_store::plans::CataloguePlan>(&mut out);
    export::<campo_domain::sale::SaleForm>(&mut out);
    export::<campo_domain::sale::SaleStatus>(&mut out);
    export::<campo_domain::sale::RejectReason>(&mut out);
    export::<campo_store::sales::SaleRow>(&mut out);
    export::<campo_store::sales::SaleQuery>(&mut out);
    export::<campo_store::sales::SalePage>(&mut out);
    export::<campo_store::sales::SaleEventView>(&mut out);
    export::<campo_store::sales::KnownCustomer>(&mut out);
    export::<campo_store::sales::SaleView>(&mut out);
    export::<campo_store::sales::CpfCheck>(&mut out);
    export::<campo_store::sales::DraftRow>(&mut out);
    export::<campo_core::sales::DraftOpen>(&mut out);
    export::<campo_store::sales::FunnelRow>(&mut out);
    export::<campo_store::sales::ReasonCount>(&mut out);
    export::<campo_store::sales::SalesFunnel>(&mut out);
    export::<campo_domain::support::Problem>(&mut out);
    export::<campo_domain::support::CallStatus>(&mut out);
    export::<campo_domain::support::CallStep>(&mut out);
    export::<campo_domain::finance::ReceivableStatus>(&mut out);
    export::<campo_domain::finance::Stage>(&mut out);
    export::<campo_domain::finance::Channel>(&mut out);
    export::<campo_domain::finance::ContactOutcome>(&mut out);
    export::<campo_domain::finance::NonPaymentStep>(&mut out);
    export::<campo_domain::finance::StepAfter>(&mut out);
    export::<campo_core::finance::FinanceOverview>(&mut out);
    export::<campo_core::sales::ConsentTerms>(&mut out);
    export::<campo_core::calls::CallInput>(&mut out);
    export::<campo_core::orders::NewOrderInput>(&mut out);
    export::<campo_domain::message::Moment>(&mut out);
    export::<campo_store::messages::CustomerMessage>(&mut out);
    export::<campo_domain::closing::SignerRelation>(&mut out);
    export::<campo_domain::closing::ClosingRule>(&mut out);
    export::<campo_store::proof::OrderSignature>(&mut out);
    export::<campo_domain::photo::PhotoSubject>(&mut out);
    export::<campo_domain::photo::GeoPoint>(&mut out);
    export::<campo_store::photos::OrderPhoto>(&mut out);
    export::<campo_store::customers::CustomerEdit>(&mut out);
    export::<campo_domain::NewAddress>(&mut out);
    export::<campo_store::customers::ContractView>(&mut out);
    export::<campo_store::customers::CustomerOrder>(&mut out);
    export::<campo_store::customers::LentUnit>(&mut out);
    export::<campo_store::customers::CustomerActivation>(&mut out);
    export::<campo_store::customers::CustomerChange>(&mut out);
    export::<campo_store::customers::CustomerPage>(&mut out);
    export::<campo_store::customers::UnlocatedCustomer>(&mut out);
    export::<campo_store::customers::UnlocatedList>(&mut out);
    export::<campo_store::support::CallRow>(&mut out);
    export::<campo_store::support::CallStepView>(&mut out);
    export::<campo_store::support::CallView>(&mut out);
    export::<campo_store::support::CallQuery>(&mut out);
    export::<campo_store::support::CustomerHit>(&mut out);
    export::<campo_store::finance::Rate>(&mut out);
    export::<campo_store::finance::RateBy>(&mut out);
    export::<campo_store::finance::LateCustomer>(&mut out);
    export::<campo_store::promises::PassedPromise>(&mut out);
    export::<campo_store::finance::LatePage>(&mut out);
    export::<campo_store::finance::ContactView>(&mut out);
    export::<campo_store::finance::LateQuery>(&mut out);
    export::<campo_store::finance::RateGroup>(&mut out);
    export::<campo_store::finance::ReceivableView>(&mut out);
    export::<campo_store::finance::CustomerMoney>(&mut out);
    export::<campo_store::finance::FollowUpRow>(&mut out);
    export::<campo_store::finance::FollowUp>(&mut out);
    export::<campo_store::finance::ContactForm>(&mut out);
    export::<campo_import::ImportKind>(&mut out);
    export::<campo_import::Field>(&mut out);
    export::<campo_import::Mapping>(&mut out);
    export::<campo_import::Format>(&mut out);
    export::<campo_core::import::FieldChoice>(&mut out);
    export::<campo_core::import::ImportPreview>(&mut out);
    export::<campo_core::import::ProblemLine>(&mut out);
    export::<campo_core::import::ImportCheck>(&mut out);
    export::<campo_core::import::ImportProgress>(&mut out);
    export::<campo_store::import::ImportSummary>(&mut out);
    export::<campo_core::import::FirstPassword>(&mut out);
    export::<campo_core::import::ImportResult>(&mut out);
    out
}
