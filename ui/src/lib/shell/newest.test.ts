import { describe, expect, it } from "vitest";
import { Newest } from "./newest";

describe("Newest", () => {
  it("keeps only the answer of the read started last", async () => {
    const newest = new Newest();
    let shown = "";
    const read = async (value: string, ms: number) => {
      const ticket = newest.take();
      await new Promise((r) => setTimeout(r, ms));
      if (newest.isCurrent(ticket)) shown = value;
    };
    // The older read answers last: its answer is dropped.
    await Promise.all([read("segunda", 30), read("terça", 5)]);
    expect(shown).toBe("terça");
  });
});
