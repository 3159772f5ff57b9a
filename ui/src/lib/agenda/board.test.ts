import { describe, expect, it } from "vitest";

import type { BoardView } from "$lib/backend";
import { AGENDA_SETTINGS } from "../../test/fixtures";
import { absenceOn, offDutyOn, periodHours, periodMinutes } from "./board";

const TECH = "tech-rita";

function board(days: boolean[]): BoardView {
  return {
    absences: [{ id: "a1", technicianId: TECH, technicianName: "Rita", from: "2026-12-07", to: "2026-12-09", reason: "Férias" }],
    workWeeks: [{ technicianId: TECH, technicianName: "Rita", days }],
    days: [],
    technicians: [],
    orders: [],
    queue: [],
    cells: [],
    settings: AGENDA_SETTINGS,
  } as BoardView;
}

describe("the board's cells", () => {
  it("show each period's hours, half hours in full", () => {
    const settings = { ...AGENDA_SETTINGS, morning: [480, 720] as [number, number], afternoon: [810, 1080] as [number, number] };
    expect(periodHours(settings, "morning")).toBe("08–12");
    expect(periodHours(settings, "afternoon")).toBe("13h30–18");
    expect(periodMinutes(settings, "afternoon")).toBe(270);
  });

  it("know an absence by its first and last days, and the days a week leaves out", () => {
    const b = board([true, true, true, true, true, false, false]);
    expect(absenceOn(b, TECH, "2026-12-06")).toBeUndefined();
    expect(absenceOn(b, TECH, "2026-12-07")?.reason).toBe("Férias");
    expect(absenceOn(b, TECH, "2026-12-09")?.reason).toBe("Férias");
    expect(absenceOn(b, "someone-else", "2026-12-08")).toBeUndefined();
    // 2026-12-11 is a Friday, 2026-12-12 a Saturday.
    expect(offDutyOn(b, TECH, "2026-12-11")).toBe(false);
    expect(offDutyOn(b, TECH, "2026-12-12")).toBe(true);
    expect(offDutyOn(b, "someone-else", "2026-12-12")).toBe(false);
  });
});
