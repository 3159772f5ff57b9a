import type { AllowedTransition, OrderStatus } from "../backend/bindings";
import type { Messages } from "../i18n";

/** Statuses that stop or undo the work: shown as secondary actions, never the primary one. */
const NEGATIVE: ReadonlySet<OrderStatus> = new Set<OrderStatus>(["rejected", "not_done", "cancelled"]);

/** Button label for moving an order from `from` to `to`. */
export function transitionLabel(t: Messages, from: OrderStatus, to: OrderStatus): string {
  if (to === "scheduled" && from !== "approved" && from !== "pending_analysis") return t.transitionBackToAgenda;
  if (to === "approved" && from !== "pending_analysis") return t.transitionBackToQueue;
  return t.transition[to];
}

/** The allowed transitions in display order: the main next step first, then the others.
 *  Whether each needs a reason comes from the backend (the domain's rule), never a list here. */
export function orderActions(allowed: AllowedTransition[]): { to: OrderStatus; primary: boolean; needsReason: boolean }[] {
  const forward = allowed.filter((a) => !NEGATIVE.has(a.to));
  const backward = allowed.filter((a) => NEGATIVE.has(a.to));
  return [
    ...forward.map((a, i) => ({ to: a.to, needsReason: a.needsReason, primary: i === 0 })),
    ...backward.map((a) => ({ to: a.to, needsReason: a.needsReason, primary: false })),
  ];
}
