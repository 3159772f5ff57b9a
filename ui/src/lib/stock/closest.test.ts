import { describe, expect, it } from "vitest";
import { closest, distance } from "./closest";

describe("the serials closest to a mistyped one", () => {
  it("counts a slipped digit and a swap as one edit", () => {
    expect(distance("HWTC0001", "HWTC0002")).toBe(1);
    expect(distance("HWTC0012", "HWTC0021")).toBe(1);
    expect(distance("HWTC0001", "XXXX9999")).toBe(8);
  });

  it("suggests the van's serials one or two edits away, closest first, and nothing far", () => {
    const van = ["HWTC00A1B2C3", "HWTC00A1B2C4", "TPLK99887766", "HWTC00A1B2XX"];
    expect(closest("hwtc00a1b2c5", van)).toEqual(["HWTC00A1B2C3", "HWTC00A1B2C4", "HWTC00A1B2XX"]);
    expect(closest("HWTC00A1B2C3", van)[0]).toBe("HWTC00A1B2C3");
    expect(closest("ZZZZ", van)).toEqual([]);
    expect(closest("9988", van)).toEqual(["TPLK99887766"]);
  });
});
