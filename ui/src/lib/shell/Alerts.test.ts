import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    deadlineAlerts: vi.fn(),
  },
}));

import { backend } from "$lib/backend";
import Alerts from "./Alerts.svelte";

describe("deadline alerts", () => {
  it("counts breached and at-risk orders and opens one from the list", async () => {
    vi.mocked(backend.deadlineAlerts).mockResolvedValue({
      open: 10,
      onTrack: 7,
      atRisk: 2,
      breached: 1,
      alerts: [
        {
          id: "ord-9",
          number: 9,
          kind: "repair",
          status: "scheduled",
          customerName: "José Batista",
          state: "breached",
          deadline: "2026-11-20T21:00:00.000Z",
        },
      ],
    });
    const onopen = vi.fn();
    render(Alerts, { onopen });
    const button = await screen.findByTestId("alerts-button");
    expect(button.textContent).toContain("1 vencida");
    expect(button.textContent).toContain("2 em risco");
    await fireEvent.click(button);
    await fireEvent.click(await screen.findByTestId("alert"));
    await waitFor(() => expect(onopen).toHaveBeenCalledWith("ord-9"));
  });

  it("reads the alerts again at once after a change in the app (a rule edited, a day off added)", async () => {
    vi.clearAllMocks();
    vi.mocked(backend.deadlineAlerts).mockResolvedValue({ open: 3, onTrack: 3, atRisk: 0, breached: 0, alerts: [] });
    const { rerender } = render(Alerts, { onopen: vi.fn(), changes: 0 });
    await waitFor(() => expect(backend.deadlineAlerts).toHaveBeenCalledTimes(1));
    // Nothing breached nor at risk: the bar says so rather than counting zeros.
    await waitFor(() => expect(screen.getByTestId("alerts-button").textContent).toContain("✓ Prazos em dia"));
    expect(screen.getByTestId("alerts-button").textContent).not.toContain("0 vencidas");
    vi.mocked(backend.deadlineAlerts).mockResolvedValue({
      open: 3,
      onTrack: 0,
      atRisk: 0,
      breached: 3,
      alerts: [],
    });
    await rerender({ onopen: vi.fn(), changes: 1 });
    await waitFor(() => expect(screen.getByTestId("alerts-button").textContent).toContain("3 vencidas"));
    expect(backend.deadlineAlerts).toHaveBeenCalledTimes(2);
  });
});
