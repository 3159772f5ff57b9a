// What the dispatch board reads off its view for one cell: a period's hours and minutes
// (from the agenda's settings), whether a technician is away or off duty on a day, and
// which orders it places.
import type { AgendaSettings, BoardView, OrderStatus, Period } from "../backend/bindings";

/** The period's start and end, in minutes of the day. */
function span(settings: AgendaSettings, p: Period): [number, number] {
  return p === "morning" ? settings.morning : settings.afternoon;
}

/** Whether an order in `status` can be placed on the board (scheduled or rescheduled): the
 *  board's cards and an order's page ("Agendar na agenda") agree through this. */
export function schedulable(status: OrderStatus): boolean {
  return status === "approved" || status === "not_done" || status === "scheduled";
}

/** "08–12", "13h30–18". */
export function periodHours(settings: AgendaSettings, p: Period): string {
  const [a, b] = span(settings, p);
  const h = (m: number) => (m % 60 === 0 ? String(m / 60).padStart(2, "0") : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}`);
  return `${h(a)}–${h(b)}`;
}

/** The minutes a technician has in the period: the most a cell takes before it is over. */
export function periodMinutes(settings: AgendaSettings, p: Period): number {
  const [a, b] = span(settings, p);
  return b - a;
}

/** The technician's absence that covers `date` (`YYYY-MM-DD`), if any. */
export function absenceOn(board: BoardView, technician: string, date: string) {
  return board.absences.find((a) => a.technicianId === technician && a.from <= date && date <= a.to);
}

/** Whether `date` is a day the technician's working week leaves out (Monday = 0, as kept). */
export function offDutyOn(board: BoardView, technician: string, date: string): boolean {
  const week = board.workWeeks.find((w) => w.technicianId === technician);
  const weekday = (new Date(`${date}T12:00:00`).getDay() + 6) % 7;
  return week !== undefined && !week.days[weekday];
}
