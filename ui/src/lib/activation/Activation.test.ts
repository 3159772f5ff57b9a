import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    activationQueue: vi.fn(),
    activationOf: vi.fn(),
    startActivation: vi.fn(),
    tickActivation: vi.fn(),
    completeActivation: vi.fn(),
    failActivation: vi.fn(),
    activationTemplate: vi.fn(),
    saveActivationTemplate: vi.fn(),
    activationServices: vi.fn(),
  },
}));

import { backend, type ActivationView } from "$lib/backend";
import { makeRow } from "../../test/fixtures";
import ActivationPage from "./ActivationPage.svelte";

const itemOf = (key: string) => screen.getAllByTestId("checklist-item").find((i) => i.dataset.key === key)!;

const order = makeRow(42, { id: "ord-42", status: "done", hasIptv: true });

function viewWith(status: "open" | "passed", answered: boolean): ActivationView {
  return {
    order,
    service: "iptv",
    serviceName: "IPTV",
    address: "Rua das Flores, 10 · Boa Viagem · Recife/PE",
    premium: false,
    active: status === "passed",
    customerSerials: ["STBX000123"],
    attempts: [
      {
        id: "act-1",
        attempt: 1,
        status,
        template: "Ativação IPTV (v1)",
        startedAt: "2026-11-23T12:00:00.000Z",
        startedBy: "Cláudia Monteiro",
        closedAt: null,
        closedBy: null,
        reason: null,
        followUp: null,
        missing: answered ? null : "Faltam itens obrigatórios: Sinal óptico na ONU",
        items: [
          {
            item: { key: "stb", title: "Serial do set-top box", instructions: "", required: false, kind: { type: "serial" }, onlyFor: null },
            applies: true,
            current: answered
              ? { answer: { type: "text", value: "STBX000123" }, outcome: "pass", note: null, by: "Cláudia Monteiro", at: "2026-11-23T12:06:00.000Z" }
              : null,
            history: [],
          },
          {
            item: { key: "canais", title: "Canais abertos", instructions: "", required: false, kind: { type: "check" }, onlyFor: null },
            applies: true,
            current: answered
              ? { answer: { type: "checked", value: true }, outcome: "pass", note: null, by: "Cláudia Monteiro", at: "2026-11-23T12:07:00.000Z" }
              : null,
            history: [],
          },
          {
            item: {
              key: "sinal-optico",
              title: "Sinal óptico na ONU",
              instructions: "",
              required: true,
              kind: { type: "measured", unit: "dBm", min: -27, max: -8 },
              onlyFor: null,
            },
            applies: true,
            current: answered
              ? { answer: { type: "value", value: -19.5 }, outcome: "pass", note: null, by: "Cláudia Monteiro", at: "2026-11-23T12:05:00.000Z" }
              : null,
            history: [],
          },
        ],
      },
    ],
  };
}

describe("activation", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(backend.activationQueue).mockResolvedValue([
      { order, installedAt: "2026-11-22T15:00:00.000Z", attempts: 0, lastStatus: null, premium: false, service: "iptv", serviceName: "IPTV" },
    ]);
    vi.mocked(backend.activationOf).mockResolvedValue(viewWith("open", false));
  });

  it("lists each service of a plan on its own line, and writes a checklist per service", async () => {
    vi.mocked(backend.activationQueue).mockResolvedValue([
      { order, installedAt: "2026-11-22T15:00:00.000Z", attempts: 0, lastStatus: null, premium: false, service: "iptv", serviceName: "IPTV" },
      { order, installedAt: "2026-11-22T15:00:00.000Z", attempts: 0, lastStatus: null, premium: false, service: "paramount+", serviceName: "Paramount+" },
    ]);
    render(ActivationPage, {});
    const rows = await screen.findAllByTestId("activation-row");
    expect(rows.map((r) => within(r).getByTestId("activation-service").textContent)).toEqual(["IPTV", "Paramount+"]);
    vi.mocked(backend.activationOf).mockResolvedValue({ ...viewWith("open", false), service: "paramount+", serviceName: "Paramount+", attempts: [] });
    await fireEvent.click(rows[1]);
    expect(backend.activationOf).toHaveBeenLastCalledWith("ord-42", "paramount+");
    expect(await screen.findByTestId("activation-title")).toHaveTextContent("Paramount+");
    vi.mocked(backend.startActivation).mockRejectedValue({ code: "invalid_input", message: "Não há checklist de ativação para Paramount+: crie um em Ativação → Checklists", params: {} });
    await fireEvent.click(screen.getByTestId("activation-start"));
    expect(backend.startActivation).toHaveBeenCalledWith("ord-42", "paramount+");
    expect(await screen.findByTestId("activation-error")).toHaveTextContent("Não há checklist de ativação para Paramount+");

    // The template tab: the service is chosen, its checklist written and saved as its own.
    vi.mocked(backend.activationServices).mockResolvedValue([
      { key: "iptv", name: "IPTV", template: "Ativação IPTV (v1)" },
      { key: "paramount+", name: "Paramount+", template: null },
    ]);
    vi.mocked(backend.activationTemplate).mockResolvedValue(null);
    await fireEvent.click(screen.getByTestId("tab-template"));
    const pick = await screen.findByTestId("template-service");
    await waitFor(() => expect(within(pick).getAllByRole("option")).toHaveLength(2));
    expect(within(pick).getAllByRole("option")[1]).toHaveTextContent("Paramount+ · sem checklist");
    await fireEvent.change(pick, { target: { value: "paramount+" } });
    await waitFor(() => expect(backend.activationTemplate).toHaveBeenLastCalledWith("paramount+"));
    expect(screen.getByTestId("template-name")).toHaveValue("Ativação Paramount+");
    await fireEvent.click(screen.getByTestId("template-add"));
    await fireEvent.input(screen.getByTestId("template-title"), { target: { value: "Conta criada e vinculada" } });
    vi.mocked(backend.saveActivationTemplate).mockResolvedValue({ id: "t-2", service: "paramount+", name: "Ativação Paramount+", version: 1, items: [], createdAt: "2026-12-03T12:00:00.000Z" });
    await fireEvent.click(screen.getByTestId("template-save"));
    expect(backend.saveActivationTemplate).toHaveBeenCalledWith("paramount+", "Ativação Paramount+", [expect.objectContaining({ title: "Conta criada e vinculada" })]);
  });

  it("keeps completion disabled until the required items pass, then completes", async () => {
    vi.mocked(backend.tickActivation).mockResolvedValue(viewWith("open", true));
    vi.mocked(backend.completeActivation).mockResolvedValue(viewWith("passed", true));
    render(ActivationPage, {});
    await fireEvent.click(await screen.findByTestId("activation-row"));
    const complete = (await screen.findByTestId("activation-complete")) as HTMLButtonElement;
    expect(complete.disabled).toBe(true);
    expect(screen.getByTestId("activation-missing").textContent).toContain("Sinal óptico na ONU");
    const signal = within(itemOf("sinal-optico"));
    await fireEvent.input(signal.getByTestId("item-value"), { target: { value: "-19,5" } });
    await fireEvent.click(signal.getByTestId("item-save"));
    expect(backend.tickActivation).toHaveBeenCalledWith("ord-42", "act-1", { itemKey: "sinal-optico", value: "-19,5", note: null });
    await waitFor(() => expect((screen.getByTestId("activation-complete") as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId("activation-complete"));
    await waitFor(() => expect(screen.getByTestId("activation-active")).toBeInTheDocument());
  });

  it("prints on the report the values that were recorded, not only that they passed", async () => {
    vi.mocked(backend.activationOf).mockResolvedValue(viewWith("passed", true));
    render(ActivationPage, {});
    await fireEvent.click(await screen.findByTestId("activation-row"));
    await fireEvent.click(await screen.findByTestId("activation-report"));
    const value = (key: string) =>
      screen.getAllByTestId("report-item").find((r) => r.dataset.key === key)!.querySelector('[data-testid="report-value"]')!.textContent!.trim();
    expect(value("sinal-optico")).toBe("-19,5 dBm");
    expect(value("stb")).toBe("STBX000123");
    expect(value("canais")).toBe("Feito");
    const started = screen.getByTestId("report").textContent!;
    expect(started).toContain("Iniciada por Cláudia Monteiro em 23/11/2026");
  });

  it("says whose deadline the queue shows, and offers the customer's serials", async () => {
    render(ActivationPage, {});
    const row = await screen.findByTestId("activation-row");
    expect(row.querySelector('[data-testid="deadline-badge"]')?.textContent).toMatch(/Instalação: /);
    await fireEvent.click(row);
    const stb = (await screen.findAllByTestId("checklist-item")).find((i) => i.dataset.key === "stb")!;
    const offered = stb.querySelector('[data-testid="item-serials"] button') as HTMLButtonElement;
    expect(offered.textContent).toBe("STBX000123");
    await fireEvent.click(offered);
    expect((stb.querySelector('[data-testid="item-value"]') as HTMLInputElement).value).toBe("STBX000123");
  });

  it("filters the queue by what happened before", async () => {
    vi.mocked(backend.activationQueue).mockResolvedValue([
      { order, installedAt: "2026-11-22T15:00:00.000Z", attempts: 0, lastStatus: null, premium: false, service: "iptv", serviceName: "IPTV" },
      { order: { ...order, id: "ord-43", number: 43 }, installedAt: "2026-11-21T15:00:00.000Z", attempts: 1, lastStatus: "failed", premium: false, service: "iptv", serviceName: "IPTV" },
    ]);
    render(ActivationPage, {});
    await waitFor(() => expect(screen.getAllByTestId("activation-row")).toHaveLength(2));
    await fireEvent.change(screen.getByTestId("activation-filter"), { target: { value: "failed" } });
    await waitFor(() => expect(screen.getAllByTestId("activation-row")).toHaveLength(1));
    expect(screen.getByTestId("activation-row").dataset.orderId).toBe("ord-43");
  });

  it("with nothing to activate, says what will come to the queue instead of asking to pick from it", async () => {
    vi.mocked(backend.activationQueue).mockResolvedValue([]);
    render(ActivationPage, {});
    await waitFor(() => expect(screen.getByTestId("activation-pick").textContent).toContain("Nada a ativar agora"));
    expect(screen.getByTestId("activation-pick").textContent).toContain("entra nesta fila para o seu checklist");
  });

  it("with orders in the queue, asks to pick one", async () => {
    render(ActivationPage, {});
    await waitFor(() => expect(screen.getAllByTestId("activation-row")).toHaveLength(1));
    expect(screen.getByTestId("activation-pick").textContent).toBe("Escolha uma ordem na fila para abrir o checklist");
  });

  it("shows the backend's refusal of a value on the item", async () => {
    vi.mocked(backend.tickActivation).mockRejectedValue({
      code: "invalid_input",
      message: "Valor inválido em “Sinal óptico na ONU”: “fraco” não é um número",
    });
    render(ActivationPage, {});
    await fireEvent.click(await screen.findByTestId("activation-row"));
    await screen.findAllByTestId("checklist-item");
    const signal = within(itemOf("sinal-optico"));
    await fireEvent.input(signal.getByTestId("item-value"), { target: { value: "fraco" } });
    await fireEvent.click(signal.getByTestId("item-save"));
    await waitFor(() => expect(screen.getByTestId("item-error").textContent).toContain("não é um número"));
  });
});
