import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    checkScan: vi.fn(),
    stockOverview: vi.fn(),
    placeStock: vi.fn(),
    moveStock: vi.fn(),
    planEquipment: vi.fn(),
    stockSetup: vi.fn(),
    importDelivery: vi.fn(),
    listDiscrepancies: vi.fn(),
    resolveDiscrepancy: vi.fn(),
  },
}));

import { backend, type DiscrepancyView, type PlaceStock, type StockOverview } from "$lib/backend";
import ScanList from "./ScanList.svelte";
import StockPage from "./StockPage.svelte";

const VAN = "0191f6a0-0000-7000-8000-000000000001";

describe("scanning serials", () => {
  beforeEach(() => {
    vi.mocked(backend.checkScan).mockReset();
    vi.mocked(backend.checkScan).mockImplementation(async (serial: string) =>
      serial.startsWith("HWTC")
        ? { serial, ok: true, itemName: "ONU Huawei HG8145V5", message: null }
        : { serial, ok: false, itemName: null, message: `Serial desconhecido: ${serial}` },
    );
  });

  async function scan(value: string) {
    const input = screen.getByTestId("scan-input") as HTMLInputElement;
    await fireEvent.input(input, { target: { value } });
    await fireEvent.keyDown(input, { key: "Enter" });
  }

  it("takes each read at once, clears the field and lists the unit", async () => {
    render(ScanList, { from: VAN });
    await scan("hwtc0001");
    expect((screen.getByTestId("scan-input") as HTMLInputElement).value).toBe("");
    await waitFor(() => expect(screen.getByTestId("scan-list").textContent).toContain("ONU Huawei HG8145V5"));
    expect(screen.getByTestId("scan-list").textContent).toContain("HWTC0001");
    expect(backend.checkScan).toHaveBeenCalledWith("HWTC0001", VAN);
  });

  it("refuses a repeated serial by name without asking the backend again", async () => {
    render(ScanList, { from: VAN });
    await scan("HWTC0001");
    await scan("hwtc0001");
    expect(screen.getByTestId("scan-problem").textContent).toBe("Serial HWTC0001 repetido: já está na lista");
    expect(backend.checkScan).toHaveBeenCalledTimes(1);
    expect(screen.getAllByTestId("scan-entry")).toHaveLength(1);
  });

  it("reports an unknown serial and does not add it", async () => {
    render(ScanList, { from: VAN });
    await scan("ZZZZ9999");
    await waitFor(() => expect(screen.getByTestId("scan-problem").textContent).toBe("Serial desconhecido: ZZZZ9999"));
    expect(screen.queryAllByTestId("scan-entry")).toHaveLength(0);
  });

  it("gives a mistyped serial back and suggests the van's closest; picking one adds it", async () => {
    vi.mocked(backend.checkScan).mockImplementation(async (serial: string) =>
      serial === "HWTC00A1B2C3"
        ? { serial, ok: true, itemName: "ONU Huawei HG8145V5", message: null }
        : { serial, ok: false, itemName: null, message: `O serial ${serial} não está na van` },
    );
    render(ScanList, { from: VAN, known: ["HWTC00A1B2C3", "TPLK99887766"] });
    await scan("HWTC00A1B2C8");
    await waitFor(() => expect(screen.getByTestId("scan-problem").textContent).toBe("O serial HWTC00A1B2C8 não está na van"));
    expect((screen.getByTestId("scan-input") as HTMLInputElement).value).toBe("HWTC00A1B2C8");
    const suggested = within(screen.getByTestId("scan-suggestions")).getAllByRole("button");
    expect(suggested.map((b) => b.textContent)).toEqual(["HWTC00A1B2C3"]);
    await fireEvent.click(suggested[0]);
    await waitFor(() => expect(screen.getByTestId("scan-list").textContent).toContain("HWTC00A1B2C3"));
    expect((screen.getByTestId("scan-input") as HTMLInputElement).value).toBe("");
  });
});

const WAREHOUSE = "0191f6a0-0000-7000-8000-0000000000aa";
const CABLE = "0191f6a0-0000-7000-8000-0000000000cc";

const overview: StockOverview = {
  places: [
    { id: WAREHOUSE, kind: "warehouse", name: "Almoxarifado Central", technicianId: null, units: 280, lowCount: 0 },
    { id: VAN, kind: "van", name: "Van de Ana Ribeiro", technicianId: "t1", units: 8, lowCount: 1 },
  ],
  items: [{ id: CABLE, sku: "DROP-1FO", name: "Cabo drop 1 FO", unit: "metre", tracking: "bulk" }],
  lowStock: [{ placeId: VAN, placeName: "Van de Ana Ribeiro", itemName: "Cabo drop 1 FO", unit: "metre", quantity: 40, minimum: 100 }],
  openDiscrepancies: 2,
};

function placeStock(id: string, name: string): PlaceStock {
  return {
    place: { ...overview.places.find((p) => p.id === id)!, name },
    lines: [
      { itemId: CABLE, sku: "DROP-1FO", name: "Cabo drop 1 FO", unit: "metre", tracking: "bulk", quantity: 2500, minimum: 2000, low: false },
    ],
    units: [],
    unitsTotal: 0,
    recent: [],
  };
}

describe("the stock page", () => {
  beforeEach(() => {
    vi.mocked(backend.stockOverview).mockResolvedValue(overview);
    vi.mocked(backend.placeStock).mockImplementation(async (id: string) =>
      placeStock(id, id === WAREHOUSE ? "Almoxarifado Central" : "Van de Ana Ribeiro"),
    );
    vi.mocked(backend.moveStock).mockResolvedValue(placeStock(VAN, "Van de Ana Ribeiro"));
    vi.mocked(backend.checkScan).mockImplementation(async (serial: string) => ({
      serial,
      ok: true,
      itemName: "ONU Huawei HG8145V5",
      message: null,
    }));
  });

  it("lists places with their low-stock warning and shows the first one's balances in m", async () => {
    render(StockPage, { onopenorder: () => {} });
    await waitFor(() => expect(screen.getByTestId("place-name").textContent).toBe("Almoxarifado Central"));
    expect(screen.getAllByTestId("stock-place")[1].textContent).toContain("1 abaixo do mínimo");
    expect(screen.getByTestId("balance-qty").textContent).toBe("2.500 m");
    // The minimum is written as the quantity is, thousands grouped.
    expect(screen.getByTestId("balance-minimum").textContent?.trim()).toBe("2.000");
    expect(screen.getByTestId("tab-discrepancies").textContent).toContain("(2)");
    expect(screen.getByTestId("low-stock").textContent).toContain("Van de Ana Ribeiro: Cabo drop 1 FO — 40 m (Mínimo 100)");
  });

  it("checks scanned serials and typed cable out to the chosen van", async () => {
    render(StockPage, { onopenorder: () => {} });
    await waitFor(() => expect(screen.getByTestId("place-name")).toBeTruthy());
    await fireEvent.click(screen.getByTestId("tab-checkout"));
    const input = await screen.findByTestId("checkout-scan-input");
    await fireEvent.input(input, { target: { value: "hwtc0001" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() => expect(screen.getAllByTestId("checkout-scan-entry")).toHaveLength(1));
    await fireEvent.input(screen.getByTestId("checkout-bulk"), { target: { value: "120" } });
    await fireEvent.click(screen.getByTestId("checkout-submit"));
    await waitFor(() => expect(backend.moveStock).toHaveBeenCalled());
    expect(vi.mocked(backend.moveStock).mock.calls[0][0]).toEqual({
      kind: "checkout",
      from: WAREHOUSE,
      to: VAN,
      reason: null,
      lines: { serials: ["HWTC0001"], bulk: [{ itemId: CABLE, quantity: "120" }] },
    });
    await waitFor(() => expect(screen.getByTestId("stock-notice").textContent).toContain("Van de Ana Ribeiro"));
  });

  it("lists the open discrepancies and resolves one with its note, refreshing the balances", async () => {
    const found = (id: string, serial: string): DiscrepancyView => ({
      id,
      kind: "count_difference",
      message: `Contagem: ${serial} não estava na van`,
      itemName: "ONU Huawei HG8145V5",
      serial,
      placeName: "Van de Ana Ribeiro",
      createdAt: "2026-12-01T12:00:00Z",
      resolvedAt: null,
      resolution: null,
    });
    vi.mocked(backend.listDiscrepancies).mockResolvedValue([found("d1", "HWTC0001"), found("d2", "HWTC0002")]);
    vi.mocked(backend.resolveDiscrepancy).mockResolvedValue([found("d2", "HWTC0002")]);
    render(StockPage, { onopenorder: () => {} });
    await waitFor(() => expect(screen.getByTestId("place-name")).toBeTruthy());
    const reads = vi.mocked(backend.stockOverview).mock.calls.length;
    await fireEvent.click(screen.getByTestId("tab-discrepancies"));
    const listed = await screen.findAllByTestId("discrepancy");
    expect(listed.map((d) => d.textContent)).toEqual([
      expect.stringContaining("HWTC0001 não estava na van"),
      expect.stringContaining("HWTC0002 não estava na van"),
    ]);
    await fireEvent.input(within(listed[0]).getByRole("textbox"), { target: { value: "Achada na bancada" } });
    await fireEvent.click(within(listed[0]).getByRole("button"));
    await waitFor(() => expect(screen.getAllByTestId("discrepancy")).toHaveLength(1));
    expect(backend.resolveDiscrepancy).toHaveBeenCalledWith("d1", "Achada na bancada");
    expect(vi.mocked(backend.stockOverview).mock.calls.length).toBe(reads + 1);
  });
});

describe("a supplier's delivery", () => {
  beforeEach(() => {
    vi.mocked(backend.stockOverview).mockResolvedValue(overview);
    vi.mocked(backend.placeStock).mockImplementation(async (id: string) => placeStock(id, "Almoxarifado Central"));
    vi.mocked(backend.importDelivery)
      .mockReset()
      .mockResolvedValue({ rows: [{ line: 2, sku: "ONU-X", serial: "HWTC0001", mac: null }], errors: [], received: 0 });
  });

  it("names the file chosen and previews it each time a file is chosen", async () => {
    render(StockPage, { onopenorder: () => {} });
    await waitFor(() => expect(screen.getByTestId("place-name")).toBeTruthy());
    await fireEvent.click(screen.getByTestId("tab-receive"));
    expect(screen.getByTestId("receive-file-name")).toHaveTextContent("Nenhum arquivo escolhido");
    const content = "sku;serial;mac\nONU-X;HWTC0001;\n";
    // jsdom's File has no text(); the webview's does.
    const file = Object.assign(new File([content], "nota-123.csv", { type: "text/csv" }), { text: async () => content });
    await fireEvent.change(screen.getByTestId("receive-file"), { target: { files: [file] } });
    await waitFor(() => expect(backend.importDelivery).toHaveBeenCalledTimes(1));
    expect(backend.importDelivery).toHaveBeenLastCalledWith(WAREHOUSE, content, false, true);
    expect(screen.getByTestId("receive-file-name")).toHaveTextContent("nota-123.csv");
    await waitFor(() => expect(screen.getByText(/nota-123\.csv: 1 linha válida/)).toBeTruthy());
    await fireEvent.change(screen.getByTestId("receive-file"), { target: { files: [file] } });
    await waitFor(() => expect(backend.importDelivery).toHaveBeenCalledTimes(2));
  });
});

describe("the stock catalogue", () => {
  beforeEach(() => {
    vi.mocked(backend.stockOverview).mockResolvedValue(overview);
    vi.mocked(backend.placeStock).mockImplementation(async (id: string) => placeStock(id, "Almoxarifado Central"));
    vi.mocked(backend.planEquipment).mockResolvedValue([
      { planId: "plan-1", planName: "Fibra 500 Mega", items: [{ itemId: CABLE, quantity: 20 }] },
    ]);
    vi.mocked(backend.stockSetup).mockResolvedValue(overview);
  });

  it("adds an item and saves a plan's required equipment", async () => {
    render(StockPage, { onopenorder: () => {} });
    await waitFor(() => expect(screen.getByTestId("place-name")).toBeTruthy());
    await fireEvent.click(screen.getByTestId("tab-catalog"));
    await fireEvent.input(await screen.findByTestId("new-sku"), { target: { value: "onu-x" } });
    await fireEvent.input(screen.getByTestId("new-name"), { target: { value: "ONU X" } });
    await fireEvent.click(screen.getByTestId("new-item"));
    await waitFor(() =>
      expect(backend.stockSetup).toHaveBeenCalledWith({
        type: "item",
        item: { sku: "onu-x", name: "ONU X", unit: "piece", tracking: "serialised" },
      }),
    );
    await fireEvent.click(screen.getByRole("button", { name: "Salvar exigências do plano" }));
    await waitFor(() =>
      expect(backend.stockSetup).toHaveBeenCalledWith({
        type: "plan_equipment",
        plan: "plan-1",
        items: [{ itemId: CABLE, quantity: "20" }],
      }),
    );
  });

  it("keeps what was typed in the catalogue while another tab is open", async () => {
    render(StockPage, { onopenorder: () => {} });
    await waitFor(() => expect(screen.getByTestId("place-name")).toBeTruthy());
    await fireEvent.click(screen.getByTestId("tab-catalog"));
    await fireEvent.input(await screen.findByTestId("new-sku"), { target: { value: "onu-y" } });
    await fireEvent.click(screen.getByTestId("tab-balance"));
    await fireEvent.click(screen.getByTestId("tab-catalog"));
    expect(((await screen.findByTestId("new-sku")) as HTMLInputElement).value).toBe("onu-y");
  });
});
