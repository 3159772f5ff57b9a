import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "../i18n";
import { monthName } from "./months";

afterEach(() => i18n.adopt("pt-BR"));

describe("a month's name", () => {
  it("reads as a month in Portuguese, short on the axis and long in titles", () => {
    expect(monthName("2026-11")).toBe("nov. de 26");
    expect(monthName("2026-11", "long")).toBe("novembro de 2026");
  });

  it("in English never looks like a day of the month", () => {
    i18n.adopt("en");
    expect(monthName("2026-11")).toBe("Nov 2026");
    expect(monthName("2026-11", "long")).toBe("November 2026");
  });
});
