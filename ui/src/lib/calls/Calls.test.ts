import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  isCommandError: (e: unknown) => typeof e === "object" && e !== null && "code" in e,
  backend: { calls: vi.fn(), getCall: vi.fn(), openCall: vi.fn(), stepCall: vi.fn(), findCustomers: vi.fn() },
}));

import { backend, type CallRow, type CallView } from "$lib/backend";
import { CONFIGURER_ABILITIES } from "../../test/fixtures";
import CallsPage from "./CallsPage.svelte";

const ROW: CallRow = {
  id: "call-1",
  number: 7,
  customerId: "c1",
  customerName: "Joana Ferreira",
  problem: "no_connection",
  description: "Sem internet desde ontem",
  tried: "Reiniciou a ONU",
  promisedBy: "2099-12-03T21:00:00.000Z",
  status: "n2",
  openedAt: "2026-12-02T12:00:00.000Z",
  openedBy: "Rosa Lima",
  orderId: null,
  closedAt: null,
};
const view = (over: Partial<CallRow> = {}): CallView => ({ row: { ...ROW, ...over }, steps: [] });

beforeEach(() => {
  vi.mocked(backend.calls).mockReset().mockResolvedValue([ROW]);
  vi.mocked(backend.getCall).mockReset().mockResolvedValue(view());
  vi.mocked(backend.openCall).mockReset();
  vi.mocked(backend.stepCall).mockReset();
  vi.mocked(backend.findCustomers).mockReset().mockResolvedValue([
    { id: "c1", name: "Joana Ferreira", address: "Rua dos Navegantes, 1200 – Boa Viagem, Recife", phone: "81998765432" },
  ]);
});

describe("customers' calls", () => {
  it("records a call for a customer found as one types, with the deadline promised", async () => {
    vi.mocked(backend.openCall).mockResolvedValue(view({ status: "n1" }));
    vi.mocked(backend.getCall).mockResolvedValue(view({ status: "n1" }));
    render(CallsPage, { may: CONFIGURER_ABILITIES });
    await fireEvent.click(await screen.findByTestId("new-call"));
    await fireEvent.click(screen.getByTestId("call-save"));
    expect(await screen.findByTestId("call-message")).toHaveTextContent("Escolha o cliente na busca");
    await fireEvent.input(screen.getByTestId("call-customer-search"), { target: { value: "joana" } });
    await fireEvent.click(await screen.findByTestId("customer-hit", {}, { timeout: 2000 }));
    expect(screen.getByTestId("call-customer")).toHaveTextContent("(81) 99876-5432");
    await fireEvent.change(screen.getByTestId("call-problem"), { target: { value: "no_connection" } });
    await fireEvent.input(screen.getByTestId("call-description"), { target: { value: "Sem internet desde ontem" } });
    await fireEvent.click(screen.getByTestId("call-save"));
    await waitFor(() =>
      expect(backend.openCall).toHaveBeenCalledWith(
        expect.objectContaining({ customerId: "c1", problem: "no_connection", description: "Sem internet desde ontem", promisedTime: "18:00" }),
      ),
    );
    expect(await screen.findByTestId("call-status")).toHaveTextContent("Com o atendimento (N1)");
  });

  it("lets N2 open the visit with what was found, and links to the repair order", async () => {
    vi.mocked(backend.stepCall).mockResolvedValue(view({ status: "visit", orderId: "ord-9" }));
    vi.mocked(backend.getCall).mockResolvedValueOnce(view()).mockResolvedValue(view({ status: "visit", orderId: "ord-9" }));
    const onopenorder = vi.fn();
    render(CallsPage, { onopenorder, may: CONFIGURER_ABILITIES });
    await fireEvent.click(await screen.findByTestId("call-row"));
    await fireEvent.input(await screen.findByTestId("call-note"), { target: { value: "Sinal da ONU em -32 dBm" } });
    await fireEvent.click(screen.getByTestId("call-visit"));
    await waitFor(() => expect(backend.stepCall).toHaveBeenCalledWith("call-1", "visit", "Sinal da ONU em -32 dBm"));
    await fireEvent.click(await screen.findByTestId("call-open-order"));
    expect(onopenorder).toHaveBeenCalledWith("ord-9");
  });

  it("shows atendimento (N1) a call with N2 without N2's steps", async () => {
    render(CallsPage, { may: { ...CONFIGURER_ABILITIES, stepN2Calls: false } });
    await fireEvent.click(await screen.findByTestId("call-row"));
    expect(await screen.findByTestId("call-status")).toHaveTextContent("Com o N2");
    expect(screen.queryByTestId("call-note")).not.toBeInTheDocument();
    expect(screen.queryByTestId("call-visit")).not.toBeInTheDocument();
  });
});
