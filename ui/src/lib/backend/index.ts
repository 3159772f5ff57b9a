// The one seam between the UI and the Rust side: the ONLY file that imports @tauri-apps/*.
// Components import `backend`; tests replace this module with vi.mock.
import { invoke } from "@tauri-apps/api/core";
import { openUrl } from "@tauri-apps/plugin-opener";
import type {
  CommandError,
  FilterOptions,
  Lang,
  OrderDetail,
  OrderFilter,
  OrderPage,
  OrderStatus,
  PageRequest,
  StartupState,
  SyncView,
  StockOverview,
  PlaceStock,
  SerialView,
  ScanCheck,
  MoveInput,
  OrderEquipment,
  LinesInput,
  DeliveryReport,
  CountReport,
  DiscrepancyView,
  BoardView,
  ScheduleInput,
  ScheduleResult,
  DayView,
  RoutePlanView,
  RouteInput,
  PlanRequest,
  RouteCandidate,
  RuleInput,
  ComplianceReport,
  SlaRuleView,
  DayOffView,
  WeekHours,
  AgendaSettings,
  WorkWeekView,
  EditableLayer,
  Skill,
  TechnicianSkills,
  ActivationRow,
  ActivationView,
  TickInput,
  TemplateView,
  TemplateItem,
  ConflictItem,
  DeadlineOverview,
  StockSetup,
  PlanEquipmentView,
} from "./bindings";
import { messages } from "../i18n/messages";

export type * from "./bindings";

export function isCommandError(value: unknown): value is CommandError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    // The codes themselves are the generated ErrorCode union; the Rust side sends no other.
    typeof v.code === "string" && typeof v.message === "string"
  );
}

/** Language of the UI right now; the i18n store keeps <html lang> up to date. */
function uiLang(): Lang {
  return typeof document !== "undefined" && document.documentElement.lang === "en" ? "en" : "pt-BR";
}

/** Anything thrown by invoke becomes a CommandError a person can read. */
export function toCommandError(err: unknown): CommandError {
  if (isCommandError(err)) return { code: err.code, message: err.message };
  // Not the shape the Rust side sends (missing command, IPC failure, bug):
  // keep the detail for developers, show a generic sentence to people.
  console.error("campo: unexpected backend failure", err);
  return { code: "internal", message: messages[uiLang()].errors.internal };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (err) {
    throw toCommandError(err);
  }
}

export const backend = {
  startupState: () => call<StartupState>("startup_state"),
  setLanguage: (lang: Lang) => call<void>("set_language", { lang }),
  listOrders: (filter: OrderFilter, page: PageRequest) =>
    call<OrderPage>("list_orders", { filter, page }),
  getOrder: (id: string) => call<OrderDetail>("get_order", { id }),
  filterOptions: () => call<FilterOptions>("filter_options"),
  transitionOrder: (id: string, to: OrderStatus, reason: string | null) =>
    call<OrderDetail>("transition_order", { id, to, reason }),
  pauseOrder: (id: string, reason: string) => call<OrderDetail>("pause_order", { id, reason }),
  editOrder: (id: string, contactPhone: string | null, notes: string | null) =>
    call<OrderDetail>("edit_order", { id, contactPhone, notes }),
  resumeOrder: (id: string, note: string | null) => call<OrderDetail>("resume_order", { id, note }),
  listConflicts: () => call<ConflictItem[]>("list_conflicts"),
  resolveConflict: (id: string, status: OrderStatus, note: string) =>
    call<ConflictItem[]>("resolve_conflict", { id, status, note }),
  syncStatus: () => call<SyncView>("sync_status"),
  syncNow: () => call<SyncView>("sync_now"),
  joinServer: (url: string, login: string, password: string) =>
    call<SyncView>("join_server", { url, login, password }),
  stockOverview: () => call<StockOverview>("stock_overview"),
  placeStock: (id: string) => call<PlaceStock>("place_stock", { id }),
  findSerial: (serial: string) => call<SerialView | null>("find_serial", { serial }),
  checkScan: (serial: string, from: string) => call<ScanCheck>("check_scan", { serial, from }),
  moveStock: (input: MoveInput) => call<PlaceStock>("move_stock", { input }),
  orderEquipment: (id: string) => call<OrderEquipment>("order_equipment", { id }),
  recordEquipment: (id: string, collect: boolean, lines: LinesInput) =>
    call<OrderEquipment>("record_equipment", { id, collect, lines }),
  importDelivery: (warehouse: string, text: string, validOnly: boolean, preview: boolean) =>
    call<DeliveryReport>("import_delivery", { warehouse, text, validOnly, preview }),
  recordCount: (place: string, lines: LinesInput, reason: string) =>
    call<CountReport>("record_count", { place, lines, reason }),
  listDiscrepancies: (includeResolved: boolean) =>
    call<DiscrepancyView[]>("list_discrepancies", { includeResolved }),
  resolveDiscrepancy: (id: string, note: string) =>
    call<DiscrepancyView[]>("resolve_discrepancy", { id, note }),
  planEquipment: () => call<PlanEquipmentView[]>("plan_equipment"),
  stockSetup: (change: StockSetup) => call<StockOverview>("stock_setup", { change }),
  exportStockCsv: (movements: boolean) => call<string>("export_stock_csv", { movements }),
  /** The board; `withQueue: false` leaves the (unchanged) queue out when moving in time. */
  board: (from: string, days: number, withQueue = true) => call<BoardView>("board", { from, days, withQueue }),
  scheduleOnBoard: (input: ScheduleInput) => call<ScheduleResult>("schedule_on_board", { input }),
  planRoutes: (request: PlanRequest) => call<RoutePlanView>("plan_routes", { request }),
  cancelPlanning: () => call<void>("cancel_planning"),
  routeCandidates: (request: PlanRequest) => call<RouteCandidate[]>("route_candidates", { request }),
  evaluateRoutes: (date: string, routes: RouteInput[], fromTime: string | null) =>
    call<RoutePlanView>("evaluate_routes", { date, routes, fromTime }),
  applyRoutes: (date: string, routes: RouteInput[], fromTime: string | null) =>
    call<RoutePlanView>("apply_routes", { date, routes, fromTime }),
  recordAbsence: (technician: string, from: string, to: string, reason: string) =>
    call<number>("record_absence", { technician, from, to, reason }),
  removeAbsence: (absence: string) => call<void>("remove_absence", { absence }),
  setWorkWeek: (technician: string, days: boolean[]) => call<WorkWeekView[]>("set_work_week", { technician, days }),
  complianceReport: (from: string, to: string) => call<ComplianceReport>("compliance_report", { from, to }),
  exportComplianceCsv: (from: string, to: string) => call<string>("export_compliance_csv", { from, to }),
  slaRules: () => call<SlaRuleView[]>("sla_rules"),
  setSlaRule: (rule: RuleInput) => call<SlaRuleView[]>("set_sla_rule", { rule }),
  daysOff: (year: number) => call<DayOffView[]>("days_off", { year }),
  weekHours: () => call<WeekHours>("week_hours"),
  setWeekHours: (hours: WeekHours) => call<WeekHours>("set_week_hours", { hours }),
  agendaSettings: () => call<AgendaSettings>("agenda_settings"),
  setAgendaSettings: (settings: AgendaSettings) => call<AgendaSettings>("set_agenda_settings", { settings }),
  addDayOff: (date: string, name: string, layer: EditableLayer) =>
    call<DayOffView[]>("add_day_off", { date, name, layer }),
  removeDayOff: (date: string) => call<DayOffView[]>("remove_day_off", { date }),
  technicianSkills: () => call<TechnicianSkills[]>("technician_skills"),
  setTechnicianSkills: (technicianId: string, skills: Skill[]) =>
    call<TechnicianSkills[]>("set_technician_skills", { technicianId, skills }),
  /** Opens a navigation link (Waze, Google Maps) in the system's browser or app. */
  openNavigation: async (url: string) => {
    try {
      await openUrl(url);
    } catch (err) {
      throw toCommandError(err);
    }
  },
  activationQueue: (text: string | null) => call<ActivationRow[]>("activation_queue", { text }),
  activationOf: (order: string) => call<ActivationView>("activation_of", { order }),
  startActivation: (order: string) => call<ActivationView>("start_activation", { order }),
  tickActivation: (order: string, activation: string, input: TickInput) =>
    call<ActivationView>("tick_activation", { order, activation, input }),
  completeActivation: (order: string, activation: string) =>
    call<ActivationView>("complete_activation", { order, activation }),
  failActivation: (order: string, activation: string, reason: string, repair: boolean) =>
    call<ActivationView>("fail_activation", { order, activation, reason, repair }),
  activationTemplate: () => call<TemplateView | null>("activation_template"),
  saveActivationTemplate: (name: string, items: TemplateItem[]) =>
    call<TemplateView | null>("save_activation_template", { name, items }),
  deadlineAlerts: () => call<DeadlineOverview>("deadline_alerts"),
  myDay: (technician: string | null, date: string | null) => call<DayView>("my_day", { technician, date }),
};

export type Backend = typeof backend;
