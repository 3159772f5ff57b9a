// The one list of the app's commands: `module::name(argument: Type, …) -> Result;`, each a
// function of `campo_core::module`. `commands.rs` turns it into the Tauri commands, the
// handler, the TypeScript wrappers and the capability's permissions; `build.rs` reads the
// names from here too. A test fails when the committed wrappers or capability drift.
commands! {
    app::startup_state() -> StartupState;
    app::set_language(lang: Lang) -> ();
    app::start_demo() -> StartupState;

    orders::list_orders(filter: OrderFilter, page: PageRequest) -> OrderPage;
    orders::get_order(id: String) -> OrderDetail;
    orders::filter_options() -> FilterOptions;
    orders::transition_order(id: String, to: OrderStatus, reason: Option<String>) -> OrderDetail;
    orders::pause_order(id: String, reason: String) -> OrderDetail;
    orders::edit_order(id: String, contact_phone: Option<String>, notes: Option<String>) -> OrderDetail;
    orders::resume_order(id: String, note: Option<String>) -> OrderDetail;
    orders::open_order(input: NewOrderInput) -> OrderDetail;
    orders::customer_message(id: String) -> Option<CustomerMessage>;
    orders::customer_page(id: String) -> CustomerPage;
    orders::edit_customer(id: String, edit: CustomerEdit) -> CustomerPage;
    orders::unlocated_customers() -> UnlocatedList;
    orders::find_address(address: AddressQuery) -> Vec<Place>;
    orders::find_cep(cep: String) -> Option<CepPlace>;
    orders::message_sent(id: String, moment: Moment, key: String) -> Option<CustomerMessage>;
    proof::order_signature(id: String) -> Option<OrderSignature>;
    proof::sign_order(id: String, signer_name: String, relation: SignerRelation, strokes: Strokes) -> Option<OrderSignature>;
    proof::closing_rules() -> Vec<ClosingRule>;
    proof::set_closing_rules(rules: Vec<ClosingRule>) -> Vec<ClosingRule>;
    proof::export_visit_report(id: String) -> String;
    proof::kept_report(id: String) -> Option<KeptReport>;
    proof::export_activation_report(id: String, service: String) -> String;
    photos::order_photos(id: String) -> Vec<OrderPhoto>;
    photos::add_photo(id: String, data: String, caption: String, subject: Option<PhotoSubject>) -> Vec<OrderPhoto>;
    photos::remove_photo(id: String, photo: String) -> Vec<OrderPhoto>;
    photos::photo_image(hash: String) -> String;

    sync::sync_status() -> SyncView;
    sync::sync_now() -> SyncView;
    sync::join_server(url: String, login: String, password: String) -> SyncView;
    sync::sign_in_again(login: String, password: String) -> SyncView;
    sync::choose_password(current: String, chosen: String) -> SyncView;
    sync::sign_out() -> StartupState;
    here::switch_person() -> StartupState;
    here::unlock(user_id: String, password: String) -> StartupState;
    sync::export_pending() -> String;
    sync::refused_changes() -> Vec<RefusedChange>;
    sync::list_conflicts() -> Vec<ConflictItem>;
    sync::resolve_conflict(id: String, status: OrderStatus, note: String) -> Vec<ConflictItem>;

    agenda::board(from: String, days: u32, with_queue: Option<bool>) -> BoardView;
    agenda::schedule_on_board(input: ScheduleInput) -> ScheduleResult;
    agenda::my_day(technician: Option<String>, date: Option<String>) -> DayView;
    agenda::deadline_alerts() -> DeadlineOverview;
    agenda::record_absence(technician: String, from: String, to: String, reason: String) -> u32;
    agenda::remove_absence(absence: String) -> ();
    agenda::set_work_week(technician: String, days: Vec<bool>) -> Vec<WorkWeekView>;

    routes::plan_routes(request: PlanRequest) -> RoutePlanView;
    routes::cancel_planning() -> ();
    routes::route_candidates(request: PlanRequest) -> Vec<RouteCandidate>;
    routes::evaluate_routes(date: String, routes: Vec<RouteInput>, from_time: Option<String>) -> RoutePlanView;
    routes::apply_routes(date: String, routes: Vec<RouteInput>, from_time: Option<String>) -> RoutePlanView;
    routes::technician_skills() -> Vec<TechnicianSkills>;
    routes::set_technician_skills(technician_id: String, skills: Vec<Skill>) -> Vec<TechnicianSkills>;

    stock::stock_overview() -> StockOverview;
    stock::place_stock(id: String) -> PlaceStock;
    stock::find_serial(serial: String) -> Option<SerialView>;
    stock::check_scan(serial: String, from: String) -> ScanCheck;
    stock::move_stock(input: MoveInput) -> PlaceStock;
    stock::order_equipment(id: String) -> OrderEquipment;
    stock::record_equipment(id: String, collect: bool, lines: LinesInput) -> OrderEquipment;
    stock::import_delivery(warehouse: String, text: String, valid_only: bool, preview: bool) -> DeliveryReport;
    stock::record_count(place: String, lines: LinesInput, reason: String) -> CountReport;
    stock::list_discrepancies(include_resolved: bool) -> Vec<DiscrepancyView>;
    stock::resolve_discrepancy(id: String, note: String) -> Vec<DiscrepancyView>;
    stock::export_stock_csv(movements: bool) -> String;
    stock::plan_equipment() -> Vec<PlanEquipmentView>;
    stock::stock_setup(change: StockSetup) -> StockOverview;

    activation::activation_queue(text: Option<String>) -> Vec<ActivationRow>;
    activation::activation_services() -> Vec<ServiceView>;
    activation::activation_of(order: String, service: String) -> ActivationView;
    activation::start_activation(order: String, service: String) -> ActivationView;
    activation::tick_activation(order: String, activation: String, input: TickInput) -> ActivationView;
    activation::complete_activation(order: String, activation: String) -> ActivationView;
    activation::fail_activation(order: String, activation: String, reason: String, repair: bool) -> ActivationView;
    activation::activation_template(service: String) -> Option<TemplateView>;
    activation::save_activation_template(service: String, name: String, items: Vec<TemplateItem>) -> Option<TemplateView>;

    people::accounts() -> Vec<Account>;
    people::add_account(account: NewAccount) -> Vec<Account>;
    people::change_account(login: String, action: AccountAction) -> Vec<Account>;
    erp::erp_standing() -> ErpStandingView;
    erp::save_erp_settings(settings: ErpSettingsInput) -> ErpStandingView;
    admin::provider_profile() -> Option<ProviderProfile>;
    admin::set_provider_profile(profile: ProviderProfile) -> Option<ProviderProfile>;
    admin::find_municipalities(query: String) -> Vec<MunicipalityView>;
    admin::municipality_names(codes: Vec<u32>) -> Vec<MunicipalityView>;
    admin::sla_rules() -> Vec<SlaRuleView>;
    admin::set_sla_rules(rules: Vec<RuleInput>) -> Vec<SlaRuleView>;
    admin::days_off(year: i32, municipality: Option<u32>) -> Vec<DayOffView>;
    admin::add_day_off(date: String, name: String, layer: EditableLayer, municipality: Option<u32>) -> Vec<DayOffView>;
    admin::remove_day_off(date: String, municipality: Option<u32>) -> Vec<DayOffView>;
    admin::week_hours() -> WeekHours;
    admin::set_week_hours(hours: WeekHours) -> WeekHours;
    admin::agenda_settings() -> AgendaSettings;
    admin::set_agenda_settings(settings: AgendaSettings) -> AgendaSettings;
    admin::plan_catalogue() -> Vec<CataloguePlan>;
    admin::save_plan(id: Option<String>, plan: PlanInput) -> Vec<CataloguePlan>;
    import::choose_import_file(kind: ImportKind, content: String) -> ImportPreview;
    import::check_import(mapping: Mapping) -> ImportCheck;
    import::run_import(mapping: Mapping) -> ImportResult;
    import::import_progress() -> ImportProgress;
    import::cancel_import() -> ();

    sales::save_sale_draft(id: Option<String>, sale_id: Option<String>, form: SaleForm) -> String;
    sales::sale_drafts() -> Vec<DraftRow>;
    sales::open_sale_draft(id: String) -> DraftOpen;
    sales::delete_sale_draft(id: String) -> ();
    sales::submit_sale(sale_id: Option<String>, draft_id: Option<String>, form: SaleForm) -> String;
    sales::my_sales() -> Vec<SaleRow>;
    sales::sale_payments() -> Vec<SalePayment>;
    sales::sale_queue(query: SaleQuery) -> SalePage;
    sales::get_sale(id: String) -> SaleView;
    sales::check_sale_cpf(cpf: String) -> CpfCheck;
    sales::consent_terms(version: Option<u16>) -> ConsentTerms;
    sales::approve_sale(id: String, protocol: Option<String>) -> SaleView;
    calls::find_customers(text: String) -> Vec<CustomerHit>;
    calls::open_call(input: CallInput) -> CallView;
    calls::calls(query: CallQuery) -> Vec<CallRow>;
    calls::get_call(id: String) -> CallView;
    calls::step_call(id: String, step: CallStep, note: Option<String>) -> CallView;
    sales::sales_funnel(from: String, to: String) -> SalesFunnel;
    sales::export_sales_funnel_csv(from: String, to: String) -> String;
    sales::funnel_sales(from: String, to: String, step: FunnelStep) -> SalePage;
    sales::reject_sale(id: String, reason: Option<RejectReason>, note: Option<String>, protocol: Option<String>) -> SaleView;

    indicators::indicator_choices() -> IndicatorChoices;
    indicators::field_indicators(filter: IndicatorFilter) -> FieldIndicators;
    indicators::figure_orders(filter: IndicatorFilter, figure: FieldFigure, grouping: FieldGrouping, key: String) -> FigureOrders;
    indicators::export_field_csv(filter: IndicatorFilter) -> String;
    indicators::activation_indicators(filter: IndicatorFilter) -> ActivationMetrics;
    indicators::export_activation_csv(filter: IndicatorFilter) -> String;
    indicators::stock_indicators(filter: IndicatorFilter) -> StockIndicators;
    indicators::stock_item_detail(filter: IndicatorFilter, item_id: String) -> StockItemDetail;
    indicators::export_stock_indicators_csv(filter: IndicatorFilter) -> String;

    finance::finance_overview() -> FinanceOverview;
    finance::default_rate_by(month: String, by: RateBy) -> Vec<Rate>;
    finance::export_default_rate_csv(month: String) -> String;
    finance::export_follow_up_csv() -> String;
    finance::late_customers(query: LateQuery) -> LatePage;
    finance::passed_promises() -> Vec<PassedPromise>;
    finance::follow_up() -> FollowUp;
    finance::customer_money(customer_id: String) -> CustomerMoney;
    finance::record_contact(form: ContactForm) -> CustomerMoney;
    finance::non_payment_steps() -> Vec<StepAfter>;
    finance::set_non_payment_steps(steps: Vec<StepAfter>) -> FinanceOverview;
}
