import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  isCommandError: (e: unknown) => typeof e === "object" && e !== null && "code" in e && "message" in e,
  backend: {
    erpStanding: vi.fn(),
    saveErpSettings: vi.fn(),
  },
}));

import { backend, type ErpStandingView } from "$lib/backend";
import ErpPanel from "./ErpPanel.svelte";

const FAILING: ErpStandingView = {
  erp: "IXC Provedor",
  everyMinutes: 15,
  readings: [
    { kind: "customers", lastRunAt: "2026-12-03T12:00:00.000Z", lastOkAt: "2026-12-03T12:00:00.000Z", failures: 0, problem: null, nextAt: "2026-12-03T12:15:00.000Z" },
    {
      kind: "orders",
      lastRunAt: "2026-12-03T12:00:05.000Z",
      lastOkAt: "2026-12-02T09:00:00.000Z",
      failures: 3,
      problem: "o ERP não respondeu como esperado depois de 3 tentativas (HTTP 503)",
      nextAt: "2026-12-03T12:15:05.000Z",
    },
    { kind: "receivables", lastRunAt: null, lastOkAt: null, failures: 0, problem: null, nextAt: null },
  ],
  waiting: 2,
  written: 41,
  writeFailure: { externalId: "5001", problem: "o ERP respondeu com um erro: Chamado já finalizado", attempts: 4 },
  settings: null,
};

const NONE: ErpStandingView = { erp: null, everyMinutes: null, readings: [], waiting: 0, written: 0, writeFailure: null, settings: null };

beforeEach(() => {
  vi.mocked(backend.erpStanding).mockReset().mockResolvedValue(FAILING);
});

describe("the ERP connection", () => {
  it("names each reading's failure, when the server tries again, and the write-back waiting", async () => {
    render(ErpPanel, {});
    expect(await screen.findByTestId("erp-schedule")).toHaveTextContent("IXC Provedor, lido a cada 15 minutos.");
    const rows = screen.getAllByTestId("erp-reading");
    expect(rows.map((r) => r.dataset.kind)).toEqual(["customers", "orders", "receivables"]);
    expect(within(rows[0]).getAllByRole("cell")[2]).toHaveTextContent("em dia");
    expect(rows[1]).toHaveTextContent("Ordens abertas");
    expect(rows[1]).toHaveTextContent("falhou 3 vezes seguidas: o ERP não respondeu como esperado depois de 3 tentativas (HTTP 503)");
    expect(rows[1]).toHaveTextContent("02/12/2026");
    expect(within(rows[2]).getAllByRole("cell")[2]).toHaveTextContent("ainda não lida");
    expect(within(rows[2]).getAllByRole("cell")[3]).toHaveTextContent("quando pedida");
    expect(screen.getByTestId("erp-write-back")).toHaveTextContent("(agendamentos, visitas a remarcar e fechamentos): 41; 2 aguardando");
    expect(screen.getByTestId("erp-write-failure")).toHaveTextContent("A OS 5001 não foi devolvida (4 tentativas): o ERP respondeu com um erro: Chamado já finalizado");
  });

  it("says when no ERP is connected, and a server out of reach in its words", async () => {
    vi.mocked(backend.erpStanding).mockResolvedValueOnce(NONE);
    render(ErpPanel, {});
    expect(await screen.findByTestId("erp-none")).toHaveTextContent("Nenhum ERP conectado a este servidor");
    vi.mocked(backend.erpStanding).mockRejectedValueOnce({ code: "server_unreachable", message: "Servidor inacessível: verifique o endereço e a conexão", params: {} });
    await fireEvent.click(screen.getByTestId("erp-refresh"));
    expect(await screen.findByTestId("erp-error")).toHaveTextContent("Servidor inacessível");
  });

  it("connects IXC from here: each setting missing is named beside it, the token is never shown again", async () => {
    vi.mocked(backend.erpStanding).mockResolvedValueOnce(NONE);
    render(ErpPanel, {});
    expect(await screen.findByTestId("erp-none")).toHaveTextContent("informe abaixo o endereço");
    await fireEvent.click(screen.getByTestId("erp-setup"));
    await fireEvent.input(screen.getByTestId("erp-url"), { target: { value: "https://erp.conecta.net.br" } });
    await fireEvent.input(screen.getByTestId("erp-user"), { target: { value: "27" } });
    await fireEvent.input(screen.getByTestId("erp-every"), { target: { value: "15" } });
    vi.mocked(backend.saveErpSettings).mockRejectedValueOnce({
      code: "invalid_fields",
      message: "Corrija os campos marcados; nada foi salvo.",
      params: { token: "Informe o token" },
    });
    await fireEvent.click(screen.getByTestId("erp-save"));
    const missing = await screen.findByTestId("erp-problem");
    expect(missing.dataset.field).toBe("token");
    expect(missing).toHaveTextContent("Informe o token");
    expect(vi.mocked(backend.saveErpSettings).mock.calls[0]).toEqual([
      { url: "https://erp.conecta.net.br", user: "27", token: "", everyMinutes: 15, closer: "" },
    ]);

    const settings = { url: "https://erp.conecta.net.br", user: "27", tokenSet: true, everyMinutes: 15, closer: null, setAt: "2026-12-03T16:00:00.000Z" };
    vi.mocked(backend.saveErpSettings).mockResolvedValueOnce({ ...FAILING, readings: [], writeFailure: null, settings });
    await fireEvent.input(screen.getByTestId("erp-token"), { target: { value: "tok-secreto" } });
    await fireEvent.click(screen.getByTestId("erp-save"));
    expect(await screen.findByTestId("erp-notice")).toHaveTextContent("Conexão salva");
    expect(screen.getByTestId("erp-schedule")).toHaveTextContent("IXC Provedor, lido a cada 15 minutos.");
    expect(vi.mocked(backend.saveErpSettings).mock.calls[1][0].token).toBe("tok-secreto");

    // Changed later: the form holds what is kept, the token's field empty, its placeholder says it is kept.
    await fireEvent.click(screen.getByTestId("erp-setup"));
    expect(screen.getByTestId("erp-url")).toHaveValue("https://erp.conecta.net.br");
    expect(screen.getByTestId("erp-token")).toHaveValue("");
    expect(screen.getByTestId("erp-token")).toHaveAttribute("placeholder", "Guardado no servidor — em branco, mantém (mesmo endereço e usuário)");
    vi.mocked(backend.saveErpSettings).mockResolvedValueOnce({ ...FAILING, readings: [], writeFailure: null, settings });
    await fireEvent.click(screen.getByTestId("erp-save"));
    expect(vi.mocked(backend.saveErpSettings).mock.calls[2][0]).toMatchObject({ url: "https://erp.conecta.net.br", token: "" });
  });
});
