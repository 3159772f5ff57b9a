import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  isCommandError: (e: unknown) => typeof e === "object" && e !== null && "code" in e,
  backend: { unlocatedCustomers: vi.fn() },
}));

import { backend } from "$lib/backend";
import UnlocatedPanel from "./UnlocatedPanel.svelte";

describe("customers without a location", () => {
  it("lists them with their open orders and opens each one's page", async () => {
    vi.mocked(backend.unlocatedCustomers).mockResolvedValue({
      total: 2,
      customers: [
        { id: "c1", name: "Ana Lima", address: "Rua da Aurora, 500 – Santo Amaro, Recife/PE", openOrders: 1 },
        { id: "c2", name: "Bia Souza", address: "Rua do Sol, 33 – Carmo, Olinda/PE", openOrders: 0 },
      ],
    });
    const onopencustomer = vi.fn();
    render(UnlocatedPanel, { onopencustomer });
    expect(await screen.findByTestId("unlocated-count")).toHaveTextContent("2 clientes sem localização");
    const rows = screen.getAllByTestId("unlocated-customer");
    expect(rows[0]).toHaveTextContent("Ana Lima · Rua da Aurora, 500 – Santo Amaro, Recife/PE · 1 ordem aberta");
    expect(rows[1]).not.toHaveTextContent("ordem");
    await fireEvent.click(screen.getByText("Ana Lima"));
    expect(onopencustomer).toHaveBeenCalledWith("c1");
  });

  it("says when every customer is on the map", async () => {
    vi.mocked(backend.unlocatedCustomers).mockResolvedValue({ total: 0, customers: [] });
    render(UnlocatedPanel, {});
    expect(await screen.findByTestId("unlocated-none")).toHaveTextContent("Todos os clientes estão no mapa.");
  });
});
