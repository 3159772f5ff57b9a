import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  isCommandError: (e: unknown) => typeof e === "object" && e !== null && "code" in e,
  backend: {
    financeOverview: vi.fn(),
    defaultRateBy: vi.fn(),
    lateCustomers: vi.fn(),
    customerMoney: vi.fn(),
    recordContact: vi.fn(),
    followUp: vi.fn(),
    exportFollowUpCsv: vi.fn(),
    setNonPaymentSteps: vi.fn(),
    nonPaymentSteps: vi.fn(),
    openNavigation: vi.fn(),
  },
}));

import { backend, type CustomerMoney, type FinanceOverview, type LateCustomer, type Rate } from "$lib/backend";
import FinancePage from "./FinancePage.svelte";

const rate = (label: string, customers: number, late: number): Rate => ({
  label,
  customers,
  customersLate: late,
  dueCents: customers * 9990,
  lateCents: late * 9990,
  customerRate: customers === 0 ? null : late / customers,
  amountRate: customers === 0 ? null : late / customers,
});

const OVERVIEW: FinanceOverview = {
  months: [rate("2026-10", 0, 0), rate("2026-11", 10, 3), rate("2026-12", 8, 1)],
  target: 0.2,
  today: "2026-12-02",
  steps: [],
};

const LATE: LateCustomer = {
  customerId: "c3",
  name: "Carla Regina Moura",
  phone1: "81996548803",
  phone2: null,
  email: null,
  city: "Recife",
  overdue: 2,
  owedCents: 19980,
  oldestDue: "2026-10-02",
  daysLate: 61,
  step: "suspension",
  nextStep: "termination",
  daysToNext: 29,
  lastContact: { id: "k1", channel: "call", outcome: "promised", promisedOn: "2026-11-30", note: "", byName: "Fábio Rocha", at: "2026-11-20T12:00:00Z" },
  promiseBroken: true,
};

const MONEY: CustomerMoney = { name: "Carla Regina Moura", receivables: [], contacts: [], stage: null };

beforeEach(() => {
  vi.mocked(backend.financeOverview).mockReset().mockResolvedValue(OVERVIEW);
  vi.mocked(backend.defaultRateBy).mockReset().mockResolvedValue([rate("Recife/PE", 7, 3), rate("Olinda/PE", 3, 0)]);
  vi.mocked(backend.lateCustomers).mockReset().mockResolvedValue({ rows: [LATE], total: 240, owedCents: 2_400_000 });
  vi.mocked(backend.customerMoney).mockReset().mockResolvedValue(MONEY);
  vi.mocked(backend.recordContact).mockReset();
  vi.mocked(backend.openNavigation).mockReset().mockResolvedValue();
  vi.mocked(backend.nonPaymentSteps).mockReset().mockResolvedValue([]);
  vi.mocked(backend.followUp).mockReset().mockResolvedValue({
    rows: [
      { customerId: "c1", name: "Ana Beatriz Cavalcanti", city: "Recife", phone1: "81998123401", since: "2026-09-01", stage: { stage: "onTrack", paid: 2 } },
      { customerId: "c2", name: "Bruno Henrique Lins", city: "Recife", phone1: "81987315502", since: "2026-09-01", stage: { stage: "late", since: "2026-11-10" } },
    ],
    done: 1,
  });
});

describe("the payment follow-up", () => {
  it("draws each month against the 20% target, says when a month has no data, and opens a month's late customers", async () => {
    render(FinancePage, {});
    expect(await screen.findByText("Meta: abaixo de 20%")).toBeInTheDocument();
    const months = await screen.findAllByTestId("finance-month");
    expect(months).toHaveLength(3);
    expect(within(months[0]).getByText("sem dados")).toBeInTheDocument();
    // The latest month with someone late is open, broken down by municipality.
    expect(await screen.findByTestId("finance-month-title")).toHaveTextContent("12,5% dos clientes · 12,5% do valor");
    expect(screen.getByTestId("finance-groups")).toHaveTextContent("Recife/PE");
    await fireEvent.click(months[1]);
    expect(await screen.findByTestId("finance-month-title")).toHaveTextContent("30% dos clientes");
    await fireEvent.change(screen.getByTestId("finance-by"), { target: { value: "sva" } });
    await waitFor(() => expect(backend.defaultRateBy).toHaveBeenLastCalledWith("2026-11", "sva"));
    await fireEvent.click(screen.getByTestId("finance-open-late"));
    await waitFor(() => expect(backend.lateCustomers).toHaveBeenCalledWith({ month: "2026-11", text: null, group: null }));
    expect(await screen.findByTestId("late-title")).toHaveTextContent("Em atraso no fim de novembro de 2026");
    expect(screen.getByTestId("late-promise-broken")).toHaveTextContent("Promessa de pagamento vencida (30/11/2026)");
    // The month's list counts that month's bills, not all the customer owes.
    expect(screen.getByTestId("late-row")).toHaveTextContent("2 títulos do mês");
  });

  it("opens the late customers of one line of the month's split, and back to all of today's", async () => {
    render(FinancePage, {});
    const groups = await screen.findByTestId("finance-groups");
    // Only a line with someone late opens.
    const open = await within(groups).findAllByTestId("finance-group-open");
    expect(open.map((b) => b.textContent?.trim())).toEqual(["Recife/PE"]);
    await fireEvent.click(open[0]);
    await waitFor(() =>
      expect(backend.lateCustomers).toHaveBeenLastCalledWith(expect.objectContaining({ text: null, group: { by: "city", label: "Recife/PE" } })),
    );
    expect(await screen.findByTestId("late-title")).toHaveTextContent(/^Em atraso no fim de .+ · Recife\/PE$/);
    await fireEvent.click(screen.getByTestId("late-all-now"));
    await waitFor(() => expect(backend.lateCustomers).toHaveBeenLastCalledWith({ month: null, text: null, group: null }));
    expect(screen.getByTestId("late-title")).toHaveTextContent("Em atraso hoje");
    await waitFor(() => expect(screen.getByTestId("late-row")).toHaveTextContent("2 títulos ·"));
    expect(screen.getByTestId("late-row")).not.toHaveTextContent("do mês");
  });

  it("records a contact with the date promised, and refuses a promise without one by name", async () => {
    vi.mocked(backend.recordContact)
      .mockRejectedValueOnce({ code: "invalidInput", message: "Informe a data em que o cliente prometeu pagar", params: {} })
      .mockResolvedValue({ ...MONEY, contacts: [{ id: "k2", channel: "whatsapp", outcome: "promised", promisedOn: "2026-12-05", note: "Paga na sexta", byName: "Fábio Rocha", at: "2026-12-02T13:00:00Z" }] });
    render(FinancePage, {});
    await fireEvent.click(await screen.findByTestId("finance-tab-late"));
    await fireEvent.click(await screen.findByTestId("late-row"));
    await fireEvent.click(await screen.findByTestId("money-whatsapp"));
    expect(backend.openNavigation).toHaveBeenCalledWith("https://wa.me/5581996548803");
    await fireEvent.change(await screen.findByTestId("contact-channel"), { target: { value: "whatsapp" } });
    await fireEvent.input(screen.getByTestId("contact-note"), { target: { value: "Paga na sexta" } });
    await fireEvent.click(screen.getByTestId("contact-save"));
    expect(await screen.findByRole("alert")).toHaveTextContent("Informe a data em que o cliente prometeu pagar");
    await fireEvent.input(screen.getByTestId("contact-promised"), { target: { value: "05/12/2026" } });
    await fireEvent.blur(screen.getByTestId("contact-promised"));
    await fireEvent.click(screen.getByTestId("contact-save"));
    await waitFor(() =>
      expect(backend.recordContact).toHaveBeenLastCalledWith({ customerId: "c3", channel: "whatsapp", outcome: "promised", promisedOn: "2026-12-05", note: "Paga na sexta" }),
    );
    expect(await screen.findByTestId("contact-entry")).toHaveTextContent("prometeu pagar até 05/12/2026");
  });

  it("lists the new customers' five months, the late first as the backend orders them", async () => {
    render(FinancePage, {});
    await fireEvent.click(await screen.findByTestId("finance-tab-followUp"));
    const stages = await screen.findAllByTestId("follow-stage");
    expect(stages[0]).toHaveTextContent("Mês 2 de 5 pago em dia");
    expect(stages[1]).toHaveTextContent("Em atraso desde 10/11/2026");
    expect(screen.getByTestId("follow-done")).toHaveTextContent("1 cliente já pagou cinco meses seguidos em dia.");
    vi.mocked(backend.exportFollowUpCsv).mockResolvedValueOnce("/home/ana/Downloads/acompanhamento.csv");
    await fireEvent.click(screen.getByTestId("follow-csv"));
    await waitFor(() => expect(screen.getByTestId("follow-saved")).toHaveTextContent("/home/ana/Downloads/acompanhamento.csv"));
    // A customer opens beside the list, with their receivables.
    vi.mocked(backend.customerMoney).mockResolvedValue({
      name: "Ana Beatriz Cavalcanti",
      receivables: [{ externalId: "R1", contract: null, dueOn: "2026-11-10", amountCents: 9990, status: "paid", paidOn: "2026-11-08", paidCents: 9990, overdue: false, onTime: true }],
      contacts: [],
      stage: { stage: "onTrack", paid: 2 },
    });
    await fireEvent.click(screen.getAllByTestId("follow-open")[0]);
    await waitFor(() => expect(backend.customerMoney).toHaveBeenCalledWith("c1"));
    expect(await screen.findByTestId("money-receivables")).toHaveTextContent("em dia");
  });

  it("says how many are late beyond those shown, and saves the provider's steps, refused by name", async () => {
    vi.mocked(backend.setNonPaymentSteps)
      .mockRejectedValueOnce({ code: "invalidInput", message: "“Suspensão total” precisa vir depois de “Aviso de débito”, com mais dias", params: {} })
      .mockResolvedValue(OVERVIEW);
    render(FinancePage, {});
    await fireEvent.click(await screen.findByTestId("finance-tab-late"));
    expect(await screen.findByTestId("late-more")).toHaveTextContent("Mostrando os 1 que mais devem, de 240.");
    expect(screen.getByTestId("late-total")).toHaveTextContent("240 clientes em atraso · R$ 24.000,00 em aberto");
    await fireEvent.click(screen.getByTestId("steps-edit"));
    await fireEvent.input(await screen.findByTestId("steps-notice"), { target: { value: "10" } });
    await fireEvent.input(screen.getByTestId("steps-suspension"), { target: { value: "5" } });
    await fireEvent.click(screen.getByTestId("steps-save"));
    expect(await screen.findByRole("alert")).toHaveTextContent("precisa vir depois de “Aviso de débito”");
    await fireEvent.input(screen.getByTestId("steps-suspension"), { target: { value: "45" } });
    await fireEvent.click(screen.getByTestId("steps-save"));
    await waitFor(() =>
      expect(backend.setNonPaymentSteps).toHaveBeenLastCalledWith([
        { step: "notice", days: 10 },
        { step: "suspension", days: 45 },
      ]),
    );
    expect(await screen.findByText("Etapas salvas.")).toBeInTheDocument();
  });
});
