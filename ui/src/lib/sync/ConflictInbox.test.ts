import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    listConflicts: vi.fn(),
    resolveConflict: vi.fn(),
  },
}));

import { backend, type ConflictItem } from "$lib/backend";
import ConflictInbox from "./ConflictInbox.svelte";

const conflict: ConflictItem = {
  id: "c1",
  orderId: "ord-1",
  orderNumber: 17,
  customerName: "Maria das Graças Silva",
  status: "cancelled",
  message: "Josué Lins concluiu a ordem, mas ela já estava cancelada",
  actorName: "Josué Lins",
  createdAt: "2026-11-23T12:00:00.000Z",
};

describe("the conflict inbox", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(backend.listConflicts).mockResolvedValue([conflict]);
    vi.mocked(backend.resolveConflict).mockResolvedValue([]);
  });

  it("lists open conflicts and sends the coordinator's decision with the reason", async () => {
    render(ConflictInbox, {});
    const card = await screen.findByTestId("conflict");
    expect(card.textContent).toContain("OS 000017");
    expect(card.textContent).toContain("já estava cancelada");
    await fireEvent.change(screen.getByRole("combobox"), { target: { value: "done" } });
    await fireEvent.input(screen.getByRole("textbox"), { target: { value: "Instalação feita, cliente confirmou" } });
    await fireEvent.click(screen.getByRole("button", { name: "Decidir" }));
    expect(backend.resolveConflict).toHaveBeenCalledWith("c1", "done", "Instalação feita, cliente confirmou");
    await waitFor(() => expect(screen.getByText("Nenhum conflito aberto")).toBeInTheDocument());
  });
});
