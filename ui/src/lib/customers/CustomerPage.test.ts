import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  isCommandError: (e: unknown) => typeof e === "object" && e !== null && "code" in e,
  backend: { customerPage: vi.fn(), editCustomer: vi.fn(), findAddress: vi.fn() },
}));

import { backend, type CustomerPage as Page } from "$lib/backend";
import CustomerPage from "./CustomerPage.svelte";

const PAGE: Page = {
  id: "c1",
  cpf: "529.982.247-25",
  duplicateOf: null,
  duplicateOfName: null,
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
  planName: "Fibra 1 Giga",
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
  vi.mocked(backend.findAddress).mockReset();
});

describe("the customer's page", () => {
  it("shows the contract, the orders and the equipment lent, and opens an order", async () => {
    const onopenorder = vi.fn();
    render(CustomerPage, { id: "c1", onback: vi.fn(), onopenorder });
    expect(await screen.findByTestId("customer-contract")).toHaveTextContent("Fibra 500 Mega · Conecta Fibra · vencimento dia 10 · Protocolo da operadora: OP-42");
    // The plan they have now: a plan change done after the sale moved them to another.
    expect(screen.getByTestId("customer-plan")).toHaveTextContent("Plano atual: Fibra 1 Giga");
    expect(screen.getByTestId("customer-unit")).toHaveTextContent("ONU ZTE F670L · ZTEG1234");
    await fireEvent.click(screen.getByTestId("customer-order"));
    expect(onopenorder).toHaveBeenCalledWith("o1");
  });

  it("names the first registration of a customer registered twice, and opens it", async () => {
    vi.mocked(backend.customerPage).mockResolvedValue({ ...PAGE, id: "c2", cpf: null, duplicateOf: "c1", duplicateOfName: "Maria das Graças Silva" });
    const onopencustomer = vi.fn();
    render(CustomerPage, { id: "c2", onback: vi.fn(), onopenorder: vi.fn(), onopencustomer });
    const note = await screen.findByTestId("customer-duplicate");
    expect(note).toHaveTextContent("o CPF ficou com Maria das Graças Silva, cadastrado antes");
    await fireEvent.click(screen.getByTestId("customer-open-first"));
    expect(onopencustomer).toHaveBeenCalledWith("c1");
  });

  it("says nothing of duplicates for a customer registered once", async () => {
    render(CustomerPage, { id: "c1", onback: vi.fn(), onopenorder: vi.fn() });
    await screen.findByTestId("customer-name");
    expect(screen.queryByTestId("customer-duplicate")).toBeNull();
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

  it("finds the address on the map, lets the right place be chosen and saves it", async () => {
    vi.mocked(backend.findAddress)
      .mockResolvedValueOnce([
        { lat: -8.12345, lon: -34.90012, label: "1200, Rua dos Navegantes, Boa Viagem, Recife, Pernambuco" },
        { lat: -8.2, lon: -34.95, label: "Rua dos Navegantes, Jaboatão dos Guararapes, Pernambuco" },
      ])
      .mockRejectedValueOnce({ code: "server_refused", message: "O serviço de mapas não respondeu: marque o local no mapa ou tente de novo mais tarde", params: {} })
      .mockResolvedValueOnce([]);
    vi.mocked(backend.editCustomer).mockResolvedValue(PAGE);
    render(CustomerPage, { id: "c1", onback: vi.fn(), onopenorder: vi.fn() });
    await fireEvent.click(await screen.findByTestId("customer-change"));
    await fireEvent.click(screen.getByTestId("address-search"));
    await waitFor(() => expect(screen.getAllByTestId("address-place")).toHaveLength(2));
    expect(backend.findAddress).toHaveBeenCalledWith({
      street: "Rua dos Navegantes", number: "1200", neighbourhood: "Boa Viagem", city: "Recife", uf: "PE", cep: "51020-010",
    });
    await fireEvent.click(screen.getAllByTestId("address-place")[0]);
    expect(screen.getByTestId("sale-coordinates")).toHaveValue("-8.12345, -34.90012");
    await fireEvent.click(screen.getByTestId("customer-save"));
    await waitFor(() => expect(backend.editCustomer).toHaveBeenLastCalledWith("c1", expect.objectContaining({ lat: -8.12345, lon: -34.90012 })));

    // The map service down, then an address it does not know: said, the pin left as it is.
    await fireEvent.click(await screen.findByTestId("customer-change"));
    await fireEvent.click(screen.getByTestId("address-search"));
    expect(await screen.findByTestId("address-search-error")).toHaveTextContent("O serviço de mapas não respondeu");
    await fireEvent.click(screen.getByTestId("address-search"));
    expect(await screen.findByTestId("address-not-found")).toHaveTextContent("Endereço não encontrado no mapa");
  });
});
