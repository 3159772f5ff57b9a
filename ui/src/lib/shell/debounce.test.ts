import { describe, expect, it, vi } from "vitest";
import { debounce } from "./debounce";

describe("debounce", () => {
  it("runs once the calls stop, each call putting off the one before", () => {
    vi.useFakeTimers();
    const run = vi.fn();
    const soon = debounce(run, 200);
    soon();
    vi.advanceTimersByTime(150);
    soon();
    vi.advanceTimersByTime(150);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(50);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
