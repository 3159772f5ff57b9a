import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  isCommandError: (e: unknown) => typeof e === "object" && e !== null && "code" in e,
  backend: { planCatalogue: vi.fn(), savePlan: vi.fn() },
}));

import { backend, type CataloguePlan } from "$lib/backend";
import PlansPanel from "./PlansPanel.svelte";

const PLAN: CataloguePlan = {
  id: "p1",
  name: "Fibra 500 Mega",
  downloadMbps: 500,
  priceCents: 11990,
  hasIptv: true,
  premium: false,
  svas: ["Deezer"],
  sold: true,
  orders: 12,
};

beforeEach(() => {
  vi.mocked(backend.planCatalogue).mockReset().mockResolvedValue([PLAN]);
  vi.mocked(backend.savePlan).mockReset();
});

describe("the plan catalogue", () => {
  it("lists each plan with its price, SVAs and whether it is on sale", async () => {
    render(PlansPanel, {});
    const row = await screen.findByTestId("plan-row");
    expect(row).toHaveTextContent("Fibra 500 Mega");
    expect(row).toHaveTextContent("R$ 119,90");
    expect(row).toHaveTextContent("IPTV, Deezer");
    expect(row).toHaveTextContent("À venda · 12 ordens");
  });

  it("adds a plan with its price as people write it, and names a price that is not money", async () => {
    vi.mocked(backend.savePlan).mockResolvedValue([PLAN, { ...PLAN, id: "p2", name: "Fibra 1 Giga", priceCents: 19990, svas: [] }]);
    render(PlansPanel, {});
    await fireEvent.click(await screen.findByTestId("add-plan"));
    await fireEvent.input(screen.getByTestId("plan-name"), { target: { value: "Fibra 1 Giga" } });
    await fireEvent.input(screen.getByTestId("plan-speed"), { target: { value: "1000" } });
    await fireEvent.input(screen.getByTestId("plan-price"), { target: { value: "cento e noventa" } });
    await fireEvent.click(screen.getByTestId("save-plan"));
    expect(await screen.findByText("Preço inválido: use reais e centavos, como 119,90")).toBeInTheDocument();
    expect(backend.savePlan).not.toHaveBeenCalled();
    await fireEvent.input(screen.getByTestId("plan-price"), { target: { value: "R$ 1.199,90" } });
    await fireEvent.click(screen.getByTestId("save-plan"));
    await waitFor(() =>
      expect(backend.savePlan).toHaveBeenCalledWith(null, expect.objectContaining({ name: "Fibra 1 Giga", downloadMbps: 1000, priceCents: 119990, sold: true })),
    );
    expect(await screen.findAllByTestId("plan-row")).toHaveLength(2);
  });
});
