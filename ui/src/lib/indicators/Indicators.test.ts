import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  isCommandError: (e: unknown) => typeof e === "object" && e !== null && "code" in e,
  backend: {
    indicatorChoices: vi.fn(),
    fieldIndicators: vi.fn(),
    figureOrders: vi.fn(),
    exportFieldCsv: vi.fn(),
    activationIndicators: vi.fn(),
    exportActivationCsv: vi.fn(),
    stockIndicators: vi.fn(),
    stockItemDetail: vi.fn(),
    exportStockIndicatorsCsv: vi.fn(),
    salesFunnel: vi.fn(),
    exportSalesFunnelCsv: vi.fn(),
  },
}));

import { backend, type ActivationMetrics, type FieldRow, type IndicatorChoices } from "$lib/backend";
import IndicatorsPage from "./IndicatorsPage.svelte";

function row(key: string, label: string, met: number, late: number, done: number, firstVisit: number, repeated: number): FieldRow {
  const pct = (a: number, b: number) => (b ? Math.round((a * 1000) / b) / 10 : null);
  return {
    key,
    label,
    orders: met + late + 1,
    met,
    late,
    open: 1,
    compliancePct: pct(met, met + late),
    done,
    doneOnDate: met,
    onDatePct: pct(met, done),
    firstVisit,
    firstVisitPct: pct(firstVisit, done),
    repeated,
    repeatPct: pct(repeated, done),
  };
}

const CHOICES: IndicatorChoices = {
  audiences: ["field", "activation", "stock", "sales"],
  municipalities: [
    { ibge: 2611606, name: "Recife", uf: "PE", zone: "America/Recife" },
    { ibge: 2607901, name: "Jaboatão dos Guararapes", uf: "PE", zone: "America/Recife" },
  ],
  technicians: [
    { id: "t1", name: "Ana Lima", phone: "81999990001" },
    { id: "t2", name: "Carlos Henrique", phone: "81999990002" },
  ],
};

const METRICS: ActivationMetrics = {
  activated: 3,
  firstPassPct: 66.7,
  medianHoursToActivation: 5.5,
  mostFailed: [["Sinal óptico na ONU", 2]],
  byTechnician: [["Ana Lima", 3, 66.7]],
  byManager: [["Paula Reis", 3, 66.7]],
  retried: [{ orderId: "o9", number: 1009, customerName: "José Alves", technicianName: "Ana Lima", attempts: 2, closedAt: "2026-11-20T15:00:00Z" }],
};

beforeEach(() => {
  vi.mocked(backend.indicatorChoices).mockReset().mockResolvedValue(CHOICES);
  vi.mocked(backend.fieldIndicators)
    .mockReset()
    .mockResolvedValue({
      from: "2026-11-01",
      to: "2026-12-01",
      total: row("total", "Total", 9, 3, 12, 10, 2),
      byKind: [row("installation", "Instalação", 6, 2, 8, 7, 1), row("repair", "Reparo / visita técnica", 3, 1, 4, 3, 1)],
      byTechnician: [row("t1", "Ana Lima", 5, 0, 5, 5, 0), row("t2", "Carlos Henrique", 4, 3, 7, 5, 2)],
      byWeek: [row("2026-11-23", "Semana de 23/11/2026", 9, 3, 12, 10, 2)],
    });
  vi.mocked(backend.figureOrders)
    .mockReset()
    .mockResolvedValue({
      total: 12,
      against: 2,
      rows: [
        { id: "o1", number: 1001, kind: "installation", customerName: "Maria Souza", technicianName: "Carlos Henrique", scheduledDate: "2026-11-24", doneOn: "2026-11-26", deadlineState: "met", against: true, repairNumber: null },
        { id: "o2", number: 1002, kind: "installation", customerName: "João Lima", technicianName: "Ana Lima", scheduledDate: "2026-11-24", doneOn: "2026-11-24", deadlineState: "met", against: false, repairNumber: null },
      ],
    });
  vi.mocked(backend.exportFieldCsv).mockReset().mockResolvedValue("/home/ana/Downloads/campo-campo.csv");
  vi.mocked(backend.activationIndicators).mockReset().mockResolvedValue(METRICS);
  vi.mocked(backend.stockIndicators)
    .mockReset()
    .mockResolvedValue({
      from: "2026-11-01",
      to: "2026-12-01",
      installations: 8,
      items: [{ itemId: "i1", sku: "ONU-HG8145", name: "ONU Huawei HG8145V5", unit: "un", usedInInstallations: 8, perInstallation: 1, usedElsewhere: 1, lost: 2, defective: 0 }],
    });
  vi.mocked(backend.stockItemDetail)
    .mockReset()
    .mockResolvedValue({
      uses: [{ orderId: "o1", number: 1001, installation: true, customerName: "Maria Souza", technicianName: "Carlos Henrique", scheduledDate: "2026-11-24", quantity: 1 }],
      losses: [{ at: "2026-11-25T12:00:00Z", lost: true, quantity: 1, serial: "HWTC0002", fromPlace: "Van de Carlos Henrique", reason: "Extraviado" }],
    });
});

describe("the indicators area", () => {
  it("shows the field's figures, opens the orders behind one and each order's page", async () => {
    const onopenorder = vi.fn();
    render(IndicatorsPage, { onopenorder });
    await waitFor(() => expect(screen.getByTestId("field-card-firstVisit-total").textContent).toContain("83,3%"));
    expect(screen.getByTestId("field-card-onDate-kind").textContent).toContain("75%");
    expect(screen.getByTestId("field-card-repeat-total").textContent).toContain("2 de 12");
    expect(screen.getByTestId("field-card-repeat-total").textContent).toContain("quanto menor, melhor");
    await fireEvent.click(screen.getByTestId("field-card-firstVisit-total"));
    await waitFor(() => expect(screen.getAllByTestId("figure-order")).toHaveLength(2));
    expect(backend.figureOrders).toHaveBeenCalledWith(expect.objectContaining({ technicianId: null, municipality: null }), "firstVisit", "total", "total");
    const first = screen.getAllByTestId("figure-order")[0];
    expect(first.textContent).toContain("Visita anterior não realizada");
    expect(screen.getByTestId("figure-count").textContent).toContain("2 precisaram de outra visita");
    await fireEvent.click(within(first).getByRole("button"));
    expect(onopenorder).toHaveBeenCalledWith("o1");
  });

  it("splits by technician, stage or week and opens a line's figure", async () => {
    render(IndicatorsPage, { onopenorder: vi.fn() });
    await waitFor(() => expect(screen.getAllByTestId("field-row")).toHaveLength(2));
    expect(screen.getAllByTestId("field-row")[1].textContent).toContain("Carlos Henrique");
    expect(screen.getAllByTestId("field-row")[1].textContent).toContain("57,1%");
    await fireEvent.click(within(screen.getAllByTestId("field-row")[1]).getAllByTestId("field-cell-repeat")[0]);
    expect(backend.figureOrders).toHaveBeenCalledWith(expect.anything(), "repeat", "technician", "t2");
    await fireEvent.click(screen.getByTestId("field-group-kind"));
    expect(screen.getAllByTestId("field-row")[0].textContent).toContain("Instalação");
    await fireEvent.click(screen.getByTestId("field-csv"));
    await waitFor(() => expect(screen.getByTestId("field-saved").textContent).toContain("campo-campo.csv"));
  });

  it("reads again for a technician or a municipality", async () => {
    render(IndicatorsPage, { onopenorder: vi.fn() });
    await waitFor(() => expect(backend.fieldIndicators).toHaveBeenCalled());
    await fireEvent.change(screen.getByTestId("indicators-technician"), { target: { value: "t2" } });
    await waitFor(() => expect(backend.fieldIndicators).toHaveBeenLastCalledWith(expect.objectContaining({ technicianId: "t2" })));
    await fireEvent.change(screen.getByTestId("indicators-municipality"), { target: { value: "2607901" } });
    await waitFor(() => expect(backend.fieldIndicators).toHaveBeenLastCalledWith(expect.objectContaining({ technicianId: "t2", municipality: 2607901 })));
  });

  it("names a bad period instead of showing figures", async () => {
    vi.mocked(backend.fieldIndicators).mockRejectedValue({ code: "invalid_input", message: "O período precisa terminar depois de começar e ter até um ano" });
    render(IndicatorsPage, { onopenorder: vi.fn() });
    await waitFor(() => expect(screen.getByTestId("field-error").textContent).toContain("O período precisa terminar"));
    expect(screen.queryByTestId("field-card-firstVisit-total")).toBeNull();
  });

  it("shows a role only its own pages: the SVA manager's activation figures", async () => {
    vi.mocked(backend.indicatorChoices).mockResolvedValue({ ...CHOICES, audiences: ["activation"] });
    const onopenorder = vi.fn();
    render(IndicatorsPage, { onopenorder });
    await waitFor(() => expect(screen.getByTestId("activation-count").textContent).toContain("3 Ativações concluídas"));
    expect(screen.queryByTestId("indicators-tab-field")).toBeNull();
    expect(screen.getByTestId("indicators-tab-activation")).toBeTruthy();
    expect(backend.fieldIndicators).not.toHaveBeenCalled();
    expect(screen.getByTestId("activation-failed").textContent).toContain("Sinal óptico na ONU");
    vi.mocked(backend.exportActivationCsv).mockResolvedValueOnce("/home/ana/Downloads/campo-ativacoes.csv");
    await fireEvent.click(screen.getByTestId("activation-csv"));
    await waitFor(() => expect(screen.getByTestId("activation-saved").textContent).toContain("/home/ana/Downloads/campo-ativacoes.csv"));
    await fireEvent.click(screen.getByTestId("activation-first-pass"));
    const retried = screen.getAllByTestId("activation-retried-row");
    expect(retried[0].textContent).toContain("2ª tentativa");
    await fireEvent.click(within(retried[0]).getByRole("button"));
    expect(onopenorder).toHaveBeenCalledWith("o9");
  });

  it("says when nothing was activated rather than 0%", async () => {
    vi.mocked(backend.indicatorChoices).mockResolvedValue({ ...CHOICES, audiences: ["activation"] });
    vi.mocked(backend.activationIndicators).mockResolvedValue({ ...METRICS, activated: 0, firstPassPct: null, retried: [], mostFailed: [] });
    render(IndicatorsPage, { onopenorder: vi.fn() });
    await waitFor(() => expect(screen.getByTestId("activation-empty")).toBeTruthy());
    expect(screen.queryByText("0%")).toBeNull();
  });

  it("opens an item's orders and losses on the stock page", async () => {
    vi.mocked(backend.indicatorChoices).mockResolvedValue({ ...CHOICES, audiences: ["stock"] });
    const onopenorder = vi.fn();
    render(IndicatorsPage, { onopenorder });
    await waitFor(() => expect(screen.getByTestId("stock-installations").textContent).toContain("8 instalações concluídas"));
    const item = screen.getAllByTestId("stock-item")[0];
    expect(item.textContent).toContain("1 un");
    await fireEvent.click(within(item).getByRole("button"));
    await waitFor(() => expect(screen.getAllByTestId("stock-loss")[0].textContent).toContain("HWTC0002"));
    expect(backend.stockItemDetail).toHaveBeenCalledWith(expect.objectContaining({ from: expect.stringMatching(/^\d{4}-/) }), "i1");
    await fireEvent.click(within(screen.getAllByTestId("stock-use")[0]).getByRole("button"));
    expect(onopenorder).toHaveBeenCalledWith("o1");
  });
});
