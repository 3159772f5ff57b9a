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
    expect(button.textContent).toContain("1 vencida(s)");
    expect(button.textContent).toContain("2 em risco");
    await fireEvent.click(button);
    await fireEvent.click(await screen.findByTestId("alert"));
    await waitFor(() => expect(onopen).toHaveBeenCalledWith("ord-9"));
  });
});
