import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  isCommandError: (e: unknown) => typeof e === "object" && e !== null && "code" in e,
  backend: { customerPage: vi.fn(), editCustomer: vi.fn() },
}));

import { backend, type CustomerPage as Page } from "$lib/backend";
import CustomerPage from "./CustomerPage.svelte";

const PAGE: Page = {
  id: "c1",
  cpf: "529.982.247-25",
  details: {
    name: "Maria das Graças Silva",
    email: "maria@exemplo.com.br",
    phone1: "(81) 99876-5432",
    phone2: "",
    cep: "51020-010",
    street: "Rua dos Navegantes",
    number: "1200",
    complement: "",
    neighbourhood: "Boa Viagem",
    city: "Recife",
    uf: "PE",
    reference: "Em frente à padaria",
    lat: -8.12,
    lon: -34.9,
  },
  contracts: [{ saleId: "s1", planName: "Fibra 500 Mega", operator: "Conecta Fibra", dueDay: 10, protocol: "OP-42", approvedAt: null, sellerName: "Sofia Castro" }],
  orders: [{ id: "o1", number: 12, kind: "installation", status: "scheduled", planName: "Fibra 500 Mega", scheduledDate: "2026-12-03", createdAt: "2026-12-01T12:00:00.000Z" }],
  equipment: [{ serial: "ZTEG1234", mac: null, item: "ONU ZTE F670L", since: "2026-12-03T15:00:00.000Z" }],
  activations: [],
  calls: [],
  changes: [],
};

beforeEach(() => {
  vi.mocked(backend.customerPage).mockReset().mockResolvedValue(PAGE);
  vi.mocked(backend.editCustomer).mockReset();
});

describe("the customer's page", () => {
  it("shows the contract, the orders and the equipment lent, and opens an order", async () => {
    const onopenorder = vi.fn();
    render(CustomerPage, { id: "c1", onback: vi.fn(), onopenorder });
    expect(await screen.findByTestId("customer-contract")).toHaveTextContent("Fibra 500 Mega · Conecta Fibra · vencimento dia 10 · Protocolo da operadora: OP-42");
    expect(screen.getByTestId("customer-unit")).toHaveTextContent("ONU ZTE F670L · ZTEG1234");
    await fireEvent.click(screen.getByTestId("customer-order"));
    expect(onopenorder).toHaveBeenCalledWith("o1");
  });

  it("changes the details with masks and names a refused field", async () => {
    vi.mocked(backend.editCustomer)
      .mockRejectedValueOnce({ code: "invalid_input", message: "Telefone inválido: informe DDD e número, como (81) 99999-9999", params: {} })
      .mockResolvedValueOnce({ ...PAGE, details: { ...PAGE.details, phone2: "(81) 3222-1100" }, changes: [{ at: "2026-12-02T12:00:00.000Z", actorName: "Ana Prado", fields: ["phone2"] }] });
    render(CustomerPage, { id: "c1", onback: vi.fn(), onopenorder: vi.fn() });
    await fireEvent.click(await screen.findByTestId("customer-change"));
    await fireEvent.input(screen.getByTestId("customer-phone2"), { target: { value: "813222" } });
    await fireEvent.click(screen.getByTestId("customer-save"));
    expect(await screen.findByTestId("customer-error")).toHaveTextContent("Telefone inválido");
    await fireEvent.input(screen.getByTestId("customer-phone2"), { target: { value: "8132221100" } });
    expect(screen.getByTestId("customer-phone2")).toHaveValue("(81) 3222-1100");
    await fireEvent.click(screen.getByTestId("customer-save"));
    await waitFor(() => expect(backend.editCustomer).toHaveBeenLastCalledWith("c1", expect.objectContaining({ phone2: "(81) 3222-1100" })));
    expect(await screen.findByTestId("customer-changes")).toHaveTextContent("Ana Prado · telefone 2");
  });
});
