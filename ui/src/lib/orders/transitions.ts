import type { OrderStatus } from "../backend/bindings";
import type { Messages } from "../i18n";

/** Moving to these statuses needs a written reason (the backend refuses it without). */
export const NEEDS_REASON: ReadonlySet<OrderStatus> = new Set<OrderStatus>(["rejected", "not_done", "cancelled"]);

/** Statuses that stop or undo the work: shown as secondary actions, never the primary one. */
const NEGATIVE: ReadonlySet<OrderStatus> = new Set<OrderStatus>(["rejected", "not_done", "cancelled"]);

/** Button label for moving an order from `from` to `to`. */
export function transitionLabel(t: Messages, from: OrderStatus, to: OrderStatus): string {
  if (to === "scheduled" && from !== "approved" && from !== "pending_analysis") return t.transitionBackToAgenda;
  if (to === "approved" && from !== "pending_analysis") return t.transitionBackToQueue;
  return t.transition[to];
}

/** The allowed transitions in display order: the main next step first, then the others. */
export function orderActions(allowed: OrderStatus[]): { to: OrderStatus; primary: boolean }[] {
  const forward = allowed.filter((s) => !NEGATIVE.has(s));
  const backward = allowed.filter((s) => NEGATIVE.has(s));
  return [...forward.map((to, i) => ({ to, primary: i === 0 })), ...backward.map((to) => ({ to, primary: false }))];
}
