import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  isCommandError: (e: unknown) => typeof e === "object" && e !== null && "code" in e && "message" in e,
  backend: {
    mySales: vi.fn(),
    salePayments: vi.fn(),
    saleDrafts: vi.fn(),
    planCatalogue: vi.fn(),
    providerProfile: vi.fn(async () => null),
    consentTerms: vi.fn(async (version: number | null) => ({ version: version ?? 1, text: "Autorizo o provedor a tratar os meus dados pessoais" })),
    saveSaleDraft: vi.fn(),
    openSaleDraft: vi.fn(),
    deleteSaleDraft: vi.fn(),
    submitSale: vi.fn(),
    getSale: vi.fn(),
    checkSaleCpf: vi.fn(),
    saleQueue: vi.fn(),
    approveSale: vi.fn(),
    rejectSale: vi.fn(),
    salesFunnel: vi.fn(),
    exportSalesFunnelCsv: vi.fn(),
    funnelSales: vi.fn(),
    findCep: vi.fn(),
  },
}));

import { backend, type CataloguePlan, type SaleForm, type SaleRow, type SaleView } from "$lib/backend";
import SalesPage from "./SalesPage.svelte";
import AnalysisPage from "./AnalysisPage.svelte";

const PLAN: CataloguePlan = {
  id: "plan-1",
  name: "Fibra 500 Mega",
  downloadMbps: 500,
  priceCents: 11990,
  hasIptv: false,
  premium: false,
  svas: [],
  sold: true,
  orders: 0,
};
const OFF: CataloguePlan = { ...PLAN, id: "plan-0", name: "Fibra 100 Mega", sold: false };

const FORM: SaleForm = {
  name: "Maria das Graças Silva",
  cpf: "52998224725",
  email: "maria@exemplo.com.br",
  motherName: "Josefa Silva",
  birthDate: "1980-04-12",
  phone1: "81998765432",
  phone2: "8132221100",
  cep: "51020010",
  street: "Rua dos Navegantes",
  number: "1200",
  complement: "apto 302",
  neighbourhood: "Boa Viagem",
  city: "Recife",
  uf: "PE",
  reference: "Em frente à padaria",
  lat: -8.12,
  lon: -34.9,
  operator: "Conecta Fibra",
  planId: "plan-1",
  dueDay: 10,
  periods: ["afternoon"],
  consent: true,
  consentTerms: 1,
};

function row(over: Partial<SaleRow> = {}): SaleRow {
  return {
    id: "sale-1",
    name: "Maria das Graças Silva",
    city: "Recife",
    uf: "PE",
    operator: "Conecta Fibra",
    planName: "Fibra 500 Mega",
    sellerName: "Sofia Castro",
    status: "in_analysis",
    round: 1,
    firstSentAt: "2026-12-01T12:00:00.000Z",
    sentAt: "2026-12-01T12:00:00.000Z",
    decidedAt: null,
    reason: null,
    note: null,
    protocol: null,
    orderId: null,
    ...over,
  };
}

function view(over: Partial<SaleView> = {}): SaleView {
  return { row: row(), version: 1, sellerId: "sofia", form: FORM, events: [], customer: null, sameCpf: [], ...over };
}

beforeEach(() => {
  vi.mocked(backend.mySales).mockReset().mockResolvedValue([]);
  vi.mocked(backend.salePayments).mockReset().mockResolvedValue([]);
  vi.mocked(backend.saleDrafts).mockReset().mockResolvedValue([]);
  vi.mocked(backend.planCatalogue).mockReset().mockResolvedValue([PLAN, OFF]);
  vi.mocked(backend.saveSaleDraft).mockReset().mockResolvedValue("draft-1");
  vi.mocked(backend.submitSale).mockReset();
  vi.mocked(backend.getSale).mockReset();
  vi.mocked(backend.checkSaleCpf).mockReset().mockResolvedValue({ customer: null, sales: [] });
  vi.mocked(backend.saleQueue).mockReset();
  vi.mocked(backend.approveSale).mockReset();
  vi.mocked(backend.rejectSale).mockReset();
});

describe("the seller's sales", () => {
  it("tells where each approved sale's customer stands with payments, and says so when offline", async () => {
    vi.mocked(backend.mySales).mockResolvedValue([
      row({ id: "sale-1", status: "approved", protocol: "OP-7" }),
      row({ id: "sale-2", name: "Joana Ferreira", status: "approved" }),
      row({ id: "sale-3", name: "Rui Paiva", status: "approved" }),
      row({ id: "sale-4", name: "Ana Lins" }),
    ]);
    vi.mocked(backend.salePayments).mockResolvedValue([
      { saleId: "sale-1", installation: "done", stage: { stage: "late", since: "2026-11-10" } },
      { saleId: "sale-2", installation: "done", stage: { stage: "onTrack", paid: 2 } },
      { saleId: "sale-3", installation: "scheduled", stage: null },
    ]);
    render(SalesPage, {});
    const rows = await screen.findAllByTestId("sale-row");
    await waitFor(() => expect(within(rows[0]).getByTestId("sale-payment")).toHaveTextContent("Pagamentos: em atraso desde 10/11/2026"));
    expect(within(rows[0]).getByTestId("sale-payment")).toHaveClass("late");
    expect(rows[0]).toHaveTextContent("OP-7");
    expect(within(rows[1]).getByTestId("sale-payment")).toHaveTextContent("Pagamentos: mês 2 de 5 pago em dia");
    expect(within(rows[2]).getByTestId("sale-payment")).toHaveTextContent("Instalação: Agendada");
    expect(within(rows[3]).queryByTestId("sale-payment")).toBeNull();
    expect(screen.queryByTestId("payments-offline")).toBeNull();
    cleanup();

    vi.mocked(backend.salePayments).mockRejectedValue({ code: "server_unreachable", message: "Sem conexão" });
    render(SalesPage, {});
    expect(await screen.findByTestId("payments-offline")).toHaveTextContent("quando houver conexão");
    expect(screen.queryByTestId("sale-payment")).toBeNull();
  });

  it("puts a rejected sale first with its reason, and fixing it sends it again", async () => {
    const rejected = row({ status: "rejected", reason: "data_mismatch", note: "O número da casa não confere", round: 1 });
    vi.mocked(backend.mySales).mockResolvedValue([rejected, row({ id: "sale-2", name: "Joana Ferreira" })]);
    vi.mocked(backend.getSale).mockResolvedValue(view({ row: rejected }));
    vi.mocked(backend.submitSale).mockResolvedValue("sale-1");
    render(SalesPage, {});
    const rows = await screen.findAllByTestId("sale-row");
    expect(rows[0]).toHaveTextContent("Reprovada");
    expect(within(rows[0]).getByTestId("sale-reason")).toHaveTextContent("Dados não conferem com o documento — O número da casa não confere");

    await fireEvent.click(within(rows[0]).getByTestId("fix-sale"));
    expect(await screen.findByTestId("sale-fixing")).toHaveTextContent("Reprovada: Dados não conferem com o documento");
    // Shown masked, as people read them.
    expect(screen.getByTestId("sale-cpf")).toHaveValue("529.982.247-25");
    expect(screen.getByTestId("sale-phone2")).toHaveValue("(81) 3222-1100");
    await fireEvent.input(screen.getByTestId("sale-number"), { target: { value: "1210" } });
    await fireEvent.click(screen.getByTestId("sale-send"));
    await waitFor(() => expect(backend.submitSale).toHaveBeenCalled());
    const [saleId, , form] = vi.mocked(backend.submitSale).mock.calls[0];
    expect(saleId).toBe("sale-1");
    expect(form.number).toBe("1210");
    expect(await screen.findByTestId("sales-notice")).toHaveTextContent("Venda enviada para análise");
  });

  it("masks as people type, keeps a draft, and names every wrong field beside it", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.mocked(backend.submitSale).mockRejectedValue({
      code: "invalid_fields",
      message: "Corrija os campos marcados; nada foi salvo.",
      params: { cpf: "CPF inválido: verifique os dígitos", birthDate: "O titular precisa ter 18 anos ou mais" },
    });
    render(SalesPage, {});
    await fireEvent.click(await screen.findByTestId("new-sale"));
    // The terms the seller reads to the customer before ticking consent.
    expect(await screen.findByTestId("consent-terms")).toHaveTextContent("termo de consentimento (versão 1)");
    const cpf = screen.getByTestId("sale-cpf");
    await fireEvent.input(cpf, { target: { value: "52998224724" } });
    expect(cpf).toHaveValue("529.982.247-24");
    await fireEvent.input(screen.getByTestId("sale-phone1"), { target: { value: "+55 81 998765432" } });
    expect(screen.getByTestId("sale-phone1")).toHaveValue("(81) 99876-5432");
    // Only plans on sale are offered.
    const plans = within(screen.getByTestId("sale-planId")).getAllByRole("option").map((o) => o.textContent);
    expect(plans.join("|")).toContain("Fibra 500 Mega");
    expect(plans.join("|")).not.toContain("Fibra 100 Mega");

    await vi.advanceTimersByTimeAsync(1000);
    expect(backend.saveSaleDraft).toHaveBeenCalledWith(null, null, expect.objectContaining({ cpf: "529.982.247-24" }));
    expect(await screen.findByTestId("draft-kept")).toHaveTextContent("Rascunho guardado neste computador");

    await fireEvent.click(screen.getByTestId("sale-send"));
    expect(await screen.findByTestId("error-cpf")).toHaveTextContent("CPF inválido: verifique os dígitos");
    expect(screen.getByTestId("error-birthDate")).toHaveTextContent("O titular precisa ter 18 anos ou mais");
    expect(screen.getByTestId("sale-message")).toHaveTextContent("nada foi salvo");
    expect(cpf).toHaveValue("529.982.247-24");
    // Sent with the draft it was typed in, so the draft goes with it.
    expect(vi.mocked(backend.submitSale).mock.calls[0][1]).toBe("draft-1");
  });

  it("fills the street, neighbourhood, municipality and state from a CEP as it is typed", async () => {
    vi.mocked(backend.findCep)
      .mockReset()
      .mockResolvedValueOnce({ cep: "50050000", street: "Rua da Aurora", neighbourhood: "Boa Vista", city: "Recife", uf: "PE" })
      .mockResolvedValueOnce(null)
      .mockRejectedValueOnce({ code: "server_refused", message: "Este servidor não tem busca de CEP configurada: preencha o endereço", params: {} })
      .mockRejectedValueOnce({ code: "server_unreachable", message: "Servidor inacessível: verifique o endereço e a conexão", params: {} });
    render(SalesPage, {});
    await fireEvent.click(await screen.findByTestId("new-sale"));
    const cep = screen.getByTestId("sale-cep");
    await fireEvent.input(cep, { target: { value: "5005" } });
    expect(backend.findCep).not.toHaveBeenCalled();
    await fireEvent.input(cep, { target: { value: "50050000" } });
    expect(cep).toHaveValue("50050-000");
    await waitFor(() => expect(screen.getByTestId("sale-street")).toHaveValue("Rua da Aurora"));
    expect(backend.findCep).toHaveBeenCalledWith("50050000");
    expect(screen.getByTestId("sale-neighbourhood")).toHaveValue("Boa Vista");
    expect(screen.getByTestId("sale-city")).toHaveValue("Recife");
    expect(screen.getByTestId("sale-uf")).toHaveValue("PE");
    expect(screen.getByTestId("cep-found")).toHaveTextContent("confira e informe o número");

    // A CEP the service does not know: said so, and what was filled stays to be fixed by hand.
    await fireEvent.input(cep, { target: { value: "99999999" } });
    expect(await screen.findByTestId("cep-missing")).toHaveTextContent("CEP não encontrado");
    expect(screen.getByTestId("sale-street")).toHaveValue("Rua da Aurora");

    // The button asks again; a server without a lookup is said in its words.
    await fireEvent.click(screen.getByTestId("cep-search"));
    expect(await screen.findByTestId("cep-error")).toHaveTextContent("não tem busca de CEP configurada");
    expect(backend.findCep).toHaveBeenCalledTimes(3);

    // Typed offline: the lookup by itself stays quiet, the fields are typed by hand.
    await fireEvent.input(cep, { target: { value: "51020010" } });
    await waitFor(() => expect(backend.findCep).toHaveBeenCalledTimes(4));
    await waitFor(() => expect(screen.queryByTestId("cep-error")).toBeNull());
    expect(screen.queryByTestId("cep-found")).toBeNull();
  });

  it("says at once when the CPF already belongs to a customer", async () => {
    vi.mocked(backend.checkSaleCpf).mockResolvedValue({
      customer: { id: "c1", name: "Maria das Graças Silva", address: "Rua dos Navegantes, 1200 – Boa Viagem, Recife/PE" },
      sales: [],
    });
    render(SalesPage, {});
    await fireEvent.click(await screen.findByTestId("new-sale"));
    const cpf = screen.getByTestId("sale-cpf");
    await fireEvent.input(cpf, { target: { value: "52998224725" } });
    await fireEvent.blur(cpf);
    expect(await screen.findByTestId("cpf-note")).toHaveTextContent("Este CPF já é de um cliente: Maria das Graças Silva");
  });
});

describe("the back office's analysis", () => {
  it("lists the queue oldest first, opens a sale with what to check, and approves it with the protocol", async () => {
    vi.mocked(backend.saleQueue).mockResolvedValue({ rows: [row()], total: 1 });
    const approved = view({ row: row({ status: "approved", orderId: "ord-1", protocol: "OP-42" }) });
    vi.mocked(backend.getSale)
      .mockResolvedValueOnce(
        view({
          sameCpf: [row({ id: "sale-9", sellerName: "Carlos Dias", status: "rejected" })],
          events: [{ round: 1, kind: "sent", actorName: "Sofia Castro", reason: null, note: null, protocol: null, at: "2026-12-02T13:05:00.000Z" }],
        }),
      )
      .mockResolvedValue(approved);
    vi.mocked(backend.approveSale).mockResolvedValue(approved);
    const onopenorder = vi.fn();
    render(AnalysisPage, { onopenorder });
    expect(await screen.findByTestId("sale-count")).toHaveTextContent("1 venda");
    expect(backend.saleQueue).toHaveBeenCalledWith(expect.objectContaining({ status: "in_analysis", offset: 0 }));
    await fireEvent.click(screen.getByTestId("queue-row"));
    expect(await screen.findByTestId("sale-cpf")).toHaveTextContent("529.982.247-25");
    expect(screen.getByTestId("same-cpf")).toHaveTextContent("Carlos Dias (Reprovada");
    // The consent the seller collected: when, by whom, which terms — their words a click away.
    expect(screen.getByTestId("sale-consent-recorded")).toHaveTextContent("Consentimento (LGPD) colhido por Sofia Castro em 02/12/2026");
    expect(screen.getByTestId("sale-consent-recorded")).toHaveTextContent("termo versão 1");
    await fireEvent.click(screen.getByTestId("sale-consent-terms"));
    expect(await screen.findByTestId("sale-consent-text")).toHaveTextContent("Autorizo o provedor");
    await fireEvent.input(screen.getByTestId("sale-protocol"), { target: { value: "OP-42" } });
    await fireEvent.click(screen.getByTestId("approve-sale"));
    await waitFor(() => expect(backend.approveSale).toHaveBeenCalledWith("sale-1", "OP-42"));
    expect(await screen.findByTestId("analysis-notice")).toHaveTextContent("Venda aprovada");
    await fireEvent.click(screen.getByTestId("open-installation"));
    expect(onopenorder).toHaveBeenCalledWith("ord-1");
  });

  it("with no sale waiting, says where sales come from instead of asking to pick one", async () => {
    vi.mocked(backend.saleQueue).mockResolvedValue({ rows: [], total: 0 });
    render(AnalysisPage, {});
    await waitFor(() => expect(screen.getByTestId("analysis-pick")).toHaveTextContent("Nada a analisar agora."));
    vi.mocked(backend.saleQueue).mockResolvedValue({ rows: [row()], total: 1 });
    await fireEvent.change(screen.getByTestId("sale-status-filter"), { target: { value: "rejected" } });
    await waitFor(() => expect(screen.getByTestId("analysis-pick")).toHaveTextContent("Escolha uma venda da fila para analisar."));
  });

  it("rejects with a reason from the list and a note, and says what is missing", async () => {
    vi.mocked(backend.saleQueue).mockResolvedValue({ rows: [row()], total: 1 });
    vi.mocked(backend.getSale).mockResolvedValue(view());
    vi.mocked(backend.rejectSale)
      .mockRejectedValueOnce({ code: "invalid_input", message: "Escreva na observação qual é o outro motivo", params: {} })
      .mockResolvedValueOnce(view({ row: row({ status: "rejected", reason: "other", note: "Cliente mudou de ideia" }) }));
    render(AnalysisPage, {});
    await fireEvent.click(await screen.findByTestId("queue-row"));
    await fireEvent.click(await screen.findByTestId("reject-sale"));
    await fireEvent.change(screen.getByTestId("reject-reason"), { target: { value: "other" } });
    await fireEvent.click(screen.getByTestId("confirm-reject"));
    expect(await screen.findByTestId("analysis-message")).toHaveTextContent("Escreva na observação qual é o outro motivo");
    await fireEvent.input(screen.getByTestId("reject-note"), { target: { value: "Cliente mudou de ideia" } });
    await fireEvent.click(screen.getByTestId("confirm-reject"));
    await waitFor(() => expect(backend.rejectSale).toHaveBeenLastCalledWith("sale-1", "other", "Cliente mudou de ideia", null));
    expect(await screen.findByTestId("analysis-notice")).toHaveTextContent("Venda reprovada");
  });
});

describe("the sale step's indicators", () => {
  it("shows the funnel with each step's share, the reasons, and per seller", async () => {
    const row = (label: string) => ({ label, entered: 10, approved: 7, installed: 5, activated: 4, waiting: 2, rejections: 3, analysisHours: 5.5 });
    vi.mocked(backend.saleQueue).mockResolvedValue({ rows: [], total: 0 });
    vi.mocked(backend.salesFunnel).mockResolvedValue({
      from: "2026-11-01",
      to: "2026-12-01",
      total: row(""),
      bySeller: [row("Sofia Castro")],
      byWeek: [row("2026-11-23")],
      reasons: [{ reason: "cpf_restricted", count: 2 }, { reason: "no_coverage", count: 1 }],
    });
    render(AnalysisPage, {});
    await fireEvent.click(await screen.findByTestId("tab-indicators"));
    expect(await screen.findByTestId("funnel-approved")).toHaveTextContent("Aprovadas 7 · 70%");
    expect(screen.getByTestId("funnel-activated")).toHaveTextContent("4 · 40%");
    expect(screen.getByTestId("funnel-hours")).toHaveTextContent("5,5 h em média na análise");
    expect(screen.getByTestId("funnel-reasons")).toHaveTextContent("CPF com restrição");
    expect(screen.getByTestId("funnel-table")).toHaveTextContent("Sofia Castro");

    // A step opens to the sales behind it; an approved one to its installation.
    vi.mocked(backend.funnelSales).mockResolvedValue({
      total: 7,
      rows: [
        {
          id: "sale-9",
          name: "Maria das Graças Silva",
          city: "Recife",
          uf: "PE",
          operator: "Claro",
          planName: "Fibra 300",
          sellerName: "Sofia Castro",
          status: "approved",
          round: 2,
          firstSentAt: "2026-11-20T13:00:00Z",
          sentAt: "2026-11-21T13:00:00Z",
          decidedAt: "2026-11-21T15:00:00Z",
          reason: null,
          note: null,
          protocol: "CL-123",
          orderId: "order-9",
        },
      ],
    });
    const onopenorder = vi.fn();
    cleanup();
    render(AnalysisPage, { onopenorder });
    await fireEvent.click(await screen.findByTestId("tab-indicators"));
    await fireEvent.click(await screen.findByTestId("funnel-open-approved"));
    expect(backend.funnelSales).toHaveBeenCalledWith(expect.stringMatching(/^\d{4}-/), expect.stringMatching(/^\d{4}-/), "approved");
    const sale = await screen.findByTestId("funnel-sale");
    expect(sale).toHaveTextContent("Maria das Graças Silva");
    expect(screen.getByTestId("funnel-sales-count")).toHaveTextContent("1 de 7 mostradas");
    await fireEvent.click(within(sale).getByRole("button"));
    expect(onopenorder).toHaveBeenCalledWith("order-9");
  });
});
