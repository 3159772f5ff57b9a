// The one seam between the UI and the Rust side: the ONLY file that imports @tauri-apps/*.
// Components import `backend`; tests replace this module with vi.mock.
import { invoke } from "@tauri-apps/api/core";
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
  syncStatus: () => call<SyncView>("sync_status"),
  syncNow: () => call<SyncView>("sync_now"),
  joinServer: (url: string, login: string, password: string) =>
    call<SyncView>("join_server", { url, login, password }),
};

export type Backend = typeof backend;
