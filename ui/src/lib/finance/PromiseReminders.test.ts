import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { tick } from "svelte";
import { describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    passedPromises: vi.fn(),
  },
}));

import { backend } from "$lib/backend";
import PromiseReminders from "./PromiseReminders.svelte";

const promise = {
  customerId: "c-4",
  name: "Cliente 4 Araújo",
  phone1: "81998760004",
  promisedOn: "2026-12-02",
  byName: "Ana Prado",
  owedCents: 9990,
};

describe("payment promises passed", () => {
  it("says nothing while no promise has passed", async () => {
    vi.mocked(backend.passedPromises).mockResolvedValue([]);
    render(PromiseReminders, { onopen: vi.fn() });
    await waitFor(() => expect(backend.passedPromises).toHaveBeenCalled());
    // The answer has arrived (the call's promise settled) and still nothing shows.
    await vi.mocked(backend.passedPromises).mock.results[0]?.value;
    await tick();
    expect(screen.queryByTestId("promises-button")).toBeNull();
  });

  it("counts them in the header and opens the customer picked", async () => {
    vi.mocked(backend.passedPromises).mockResolvedValue([promise]);
    const onopen = vi.fn();
    render(PromiseReminders, { onopen });
    const button = await screen.findByTestId("promises-button");
    expect(button.textContent).toContain("1 promessa de pagamento vencida");
    await fireEvent.click(button);
    const line = await screen.findByTestId("promise");
    expect(line.textContent).toContain("Cliente 4 Araújo");
    expect(line.textContent).toContain("prometeu pagar até 02/12/2026");
    expect(line.textContent).toContain("registrado por Ana Prado");
    await fireEvent.click(line);
    expect(onopen).toHaveBeenCalledWith("c-4");
    expect(screen.queryByTestId("promises-panel")).toBeNull();
  });

  it("leaves once a new contact is recorded (the app's changes read it again)", async () => {
    vi.mocked(backend.passedPromises).mockResolvedValue([promise]);
    const { rerender } = render(PromiseReminders, { onopen: vi.fn(), changes: 0 });
    await screen.findByTestId("promises-button");
    vi.mocked(backend.passedPromises).mockResolvedValue([]);
    await rerender({ onopen: vi.fn(), changes: 1 });
    await waitFor(() => expect(screen.queryByTestId("promises-button")).toBeNull());
  });
});
