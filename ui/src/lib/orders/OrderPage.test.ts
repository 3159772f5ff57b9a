import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    getOrder: vi.fn(),
    customerMessage: vi.fn(async () => null),
    messageSent: vi.fn(),
    transitionOrder: vi.fn(),
    pauseOrder: vi.fn(),
    resumeOrder: vi.fn(),
    editOrder: vi.fn(),
    orderEquipment: vi.fn(),
    signOrder: vi.fn(),
    exportVisitReport: vi.fn(),
    keptReport: vi.fn(async () => null),
    orderPhotos: vi.fn(async () => []),
    photoImage: vi.fn(),
  },
}));

import { backend } from "$lib/backend";
import OrderPage from "./OrderPage.svelte";
import { makeDetail } from "../../test/fixtures";
import { i18n } from "../i18n";

const getOrder = vi.mocked(backend.getOrder);
const transitionOrder = vi.mocked(backend.transitionOrder);
const signOrder = vi.mocked(backend.signOrder);

/** Draws on the pad as a finger would: down, a few moves, up (jsdom has no layout, so a
 * client x of 0.5 is the middle of the pad). */
async function sign(canvas: HTMLElement) {
  const at = (type: string, i: number) => new MouseEvent(type, { bubbles: true, clientX: 0.1 + i * 0.02, clientY: 0.3 + (i % 5) * 0.05 });
  await fireEvent(canvas, at("pointerdown", 0));
  for (let i = 1; i < 20; i++) await fireEvent(canvas, at("pointermove", i));
  await fireEvent(canvas, at("pointerup", 20));
}

function renderPage() {
  const onback = vi.fn();
  const onchanged = vi.fn();
  render(OrderPage, { id: "ord-123", onback, onchanged });
  return { onback, onchanged };
}

beforeEach(() => {
  getOrder.mockReset();
  transitionOrder.mockReset();
  getOrder.mockResolvedValue(makeDetail());
});

describe("order page", () => {
  it("shows who, what plan and when, in Brazilian formats", async () => {
    renderPage();
    expect(await screen.findByRole("heading", { name: "OS 000123 · Instalação" })).toBeInTheDocument();
    expect(screen.getByText("Maria das Graças Silva")).toBeInTheDocument();
    expect(screen.getByText("123.456.789-09")).toBeInTheDocument();
    expect(screen.getByText("(81) 99876-5432")).toBeInTheDocument();
    expect(screen.getByText("51020-010")).toBeInTheDocument();
    expect(screen.getByText("R$ 129,90")).toBeInTheDocument();
    expect(screen.getByText("500 Mbps")).toBeInTheDocument();
    expect(screen.getByTestId("order-deadline")).toHaveTextContent("27/11/2026 18:00 · ● No prazo · vence em 3 dias úteis");
    expect(screen.getByText("IPTV")).toBeInTheDocument();
    expect(screen.getByText("Sem técnico")).toBeInTheDocument();
    expect(getOrder).toHaveBeenCalledWith("ord-123");
  });

  it("leaves out the CPF line when the customer has none", async () => {
    const d = makeDetail();
    getOrder.mockResolvedValue({ ...d, customer: { ...d.customer, cpf: null } });
    renderPage();
    await screen.findByText("Maria das Graças Silva");
    expect(screen.queryByText("CPF")).not.toBeInTheDocument();
  });

  it("shows where an address change takes the visit, beside the home it leaves", async () => {
    expect(makeDetail().newAddress).toBeNull();
    renderPage();
    await screen.findByText("Maria das Graças Silva");
    expect(screen.queryByTestId("order-new-address")).toBeNull();
    const d = makeDetail();
    getOrder.mockResolvedValue({
      ...d,
      order: { ...d.order, kind: "address_change" },
      newAddress: { cep: "53020140", street: "Rua do Amparo", number: "88", complement: "casa 2", neighbourhood: "Amparo", city: "Olinda", uf: "PE", reference: "", lat: null, lon: null },
    });
    renderPage();
    expect(await screen.findByTestId("order-new-address")).toHaveTextContent("Rua do Amparo, 88 – casa 2 Amparo · Olinda/PE CEP 53020-140");
  });

  it("lists the whole history oldest first, in Recife time, with reasons", async () => {
    renderPage();
    const history = await screen.findByTestId("order-history");
    const entries = within(history).getAllByTestId("history-entry");
    expect(entries).toHaveLength(3);
    expect(entries[0]).toHaveTextContent("23/11/2026 14:05");
    expect(entries[0]).toHaveTextContent("Ordem aberta · Em análise");
    expect(entries[0]).toHaveTextContent("por Portal do cliente");
    expect(entries[1]).toHaveTextContent("23/11/2026 22:30");
    expect(entries[1]).toHaveTextContent("Em análise → Reprovada");
    expect(entries[1]).toHaveTextContent("Motivo: Endereço fora da área de cobertura");
    expect(entries[2]).toHaveTextContent("24/11/2026 09:00");
  });

  it("words Campo's own reasons in the reader's language and a person's as they gave them", async () => {
    const d = makeDetail();
    const at = (h: number) => `2026-11-25T1${h}:00:00Z`;
    getOrder.mockResolvedValue({
      ...d,
      history: [
        { id: "r1", at: at(0), actorName: "Mariana Lima", from: "scheduled", to: "scheduled", reason: { kind: "replanned" } },
        { id: "r2", at: at(1), actorName: "Mariana Lima", from: "cancelled", to: "done", reason: { kind: "conflictDecided", note: "instalado antes" } },
        { id: "r3", at: at(2), actorName: "Josué Lins", from: "done", to: "done", reason: { kind: "given", text: "Cliente pediu outra data" } },
      ],
    });
    i18n.adopt("en");
    try {
      renderPage();
      expect(await screen.findByRole("heading", { name: "WO 000123 · Installation" })).toBeInTheDocument();
      const history = await screen.findByTestId("order-history");
      const entries = within(history).getAllByTestId("history-entry");
      expect(entries[0]).toHaveTextContent("Reason: Routes re-planned");
      expect(entries[1]).toHaveTextContent("Reason: Conflict decided by the coordination: instalado antes");
      expect(entries[2]).toHaveTextContent("Reason: Cliente pediu outra data");
    } finally {
      i18n.adopt("pt-BR");
    }
  });

  it("offers one button per allowed step, named by what it does", async () => {
    renderPage();
    await screen.findByTestId("order-history");
    const actions = screen.getByRole("region", { name: "Ações" });
    const labels = within(actions).getAllByRole("button").map((b) => b.textContent?.trim());
    expect(labels).toEqual(["Aprovar", "Reprovar", "Cancelar"]);
  });

  it("approves straight away and shows the order as it is now", async () => {
    const before = makeDetail();
    transitionOrder.mockResolvedValue({
      ...before,
      order: { ...before.order, status: "approved" },
      allowedTransitions: [{ to: "cancelled", needsReason: true }],
    });
    const onchanged = vi.fn();
    const onschedule = vi.fn();
    render(OrderPage, { id: "ord-123", onback: vi.fn(), onchanged, onschedule });
    await fireEvent.click(await screen.findByRole("button", { name: "Aprovar" }));

    expect(transitionOrder).toHaveBeenCalledWith("ord-123", "approved", null);
    expect(screen.getByText("Aprovada")).toBeInTheDocument();
    expect(onchanged).toHaveBeenCalled();
    // The next step is a date and a technician, which the agenda gives: the page leads there.
    const schedule = await screen.findByRole("button", { name: "Agendar na agenda" });
    expect(schedule).toHaveClass("primary");
    await fireEvent.click(schedule);
    expect(onschedule).toHaveBeenCalledWith("ord-123", null);
  });

  it("a scheduled order is rescheduled on the board, on the day it holds", async () => {
    const before = makeDetail();
    getOrder.mockResolvedValue({
      ...before,
      order: { ...before.order, status: "scheduled", scheduledDate: "2026-12-09", period: "morning" },
      allowedTransitions: [
        { to: "en_route", needsReason: false },
        { to: "approved", needsReason: true },
        { to: "cancelled", needsReason: true },
      ],
    });
    const onschedule = vi.fn();
    render(OrderPage, { id: "ord-123", onback: vi.fn(), onschedule });
    await fireEvent.click(await screen.findByRole("button", { name: "Reagendar na agenda" }));
    expect(onschedule).toHaveBeenCalledWith("ord-123", "2026-12-09");
  });

  it("offers no way to the board to someone who has no agenda", async () => {
    const before = makeDetail();
    getOrder.mockResolvedValue({ ...before, order: { ...before.order, status: "approved" }, allowedTransitions: [] });
    renderPage();
    await screen.findByTestId("order-history");
    expect(screen.queryByTestId("schedule-on-board")).toBeNull();
    expect(screen.getByText("Nenhuma ação disponível neste status.")).toBeInTheDocument();
  });

  it("asks for a reason before rejecting, and will not send without one", async () => {
    const before = makeDetail();
    transitionOrder.mockResolvedValue({ ...before, order: { ...before.order, status: "rejected" }, allowedTransitions: [] });
    renderPage();
    await fireEvent.click(await screen.findByRole("button", { name: "Reprovar" }));

    const dialog = screen.getByRole("dialog", { name: "Reprovar: informe o motivo" });
    const confirm = within(dialog).getByRole("button", { name: "Reprovar" });
    expect(confirm).toBeDisabled();
    await fireEvent.input(within(dialog).getByLabelText("Motivo"), { target: { value: "   " } });
    expect(confirm).toBeDisabled();
    await fireEvent.submit(confirm.closest("form")!);
    expect(transitionOrder).not.toHaveBeenCalled();
    expect(within(dialog).getByText("Informe o motivo para continuar.")).toBeInTheDocument();

    await fireEvent.input(within(dialog).getByLabelText("Motivo"), { target: { value: "Cliente desistiu da contratação" } });
    expect(confirm).toBeEnabled();
    await fireEvent.click(confirm);
    expect(transitionOrder).toHaveBeenCalledWith("ord-123", "rejected", "Cliente desistiu da contratação");
    expect(await screen.findByText("Nenhuma ação disponível neste status.")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("a refusal that needs a reason opens the place to give it, with the backend's words", async () => {
    const before = makeDetail();
    transitionOrder
      .mockRejectedValueOnce({
        code: "missing_equipment",
        message: "Registre o equipamento usado ou informe o motivo: Set-top box",
        params: { missing: "Set-top box", to: "approved" },
      })
      .mockResolvedValueOnce({ ...before, order: { ...before.order, status: "approved" }, allowedTransitions: [] });
    renderPage();
    await fireEvent.click(await screen.findByRole("button", { name: "Aprovar" }));
    const dialog = await screen.findByRole("dialog", { name: "Aprovar: informe o motivo" });
    expect(within(dialog).getByTestId("reason-prompt")).toHaveTextContent("Set-top box");
    await fireEvent.input(within(dialog).getByLabelText("Motivo"), { target: { value: "Van sem set-top box" } });
    await fireEvent.click(within(dialog).getByRole("button", { name: "Aprovar" }));
    expect(transitionOrder).toHaveBeenLastCalledWith("ord-123", "approved", "Van sem set-top box");
    expect(await screen.findByText("Nenhuma ação disponível neste status.")).toBeInTheDocument();
  });

  it("closing without the customer's signature opens the pad, and the visit closes once they sign", async () => {
    const d = makeDetail();
    const working = {
      ...d,
      order: { ...d.order, status: "in_progress" as const },
      allowedTransitions: [{ to: "done" as const, needsReason: false }],
      signatureRequired: true,
    };
    getOrder.mockResolvedValue(working);
    const signature = {
      signerName: "Maria das Graças Silva",
      relation: "family" as const,
      strokes: [[[60, 60], [72, 70]] as [number, number][]],
      takenBy: "Josué Lins",
      signedAt: "2026-11-24T13:05:00.000Z",
    };
    signOrder.mockReset().mockResolvedValue(signature);
    transitionOrder
      .mockRejectedValueOnce({
        code: "proof_missing",
        message: "Para concluir falta: a assinatura do cliente",
        params: { missing: "signature", to: "done" },
      })
      .mockResolvedValueOnce({ ...working, order: { ...working.order, status: "done" }, allowedTransitions: [], signature });
    renderPage();
    const card = await screen.findByTestId("order-signature");
    expect(card).toHaveTextContent("Ainda sem assinatura. Exigida para concluir esta visita");
    await fireEvent.click(screen.getByTestId("transition-done"));
    const pad = await screen.findByRole("dialog", { name: "Assinatura do cliente" });
    expect(screen.getByTestId("action-error")).toHaveTextContent("Para concluir falta: a assinatura do cliente");

    // A tap is not a signature: nothing is sent.
    await fireEvent.click(within(pad).getByTestId("signature-save"));
    expect(within(pad).getByRole("alert")).toHaveTextContent("Peça ao cliente que assine no quadro");
    expect(signOrder).not.toHaveBeenCalled();

    await sign(within(pad).getByTestId("signature-canvas"));
    expect(within(pad).getByTestId("signature-name")).toHaveValue("Maria das Graças Silva");
    await fireEvent.change(within(pad).getByTestId("signature-relation"), { target: { value: "family" } });
    await fireEvent.click(within(pad).getByTestId("signature-save"));
    expect(signOrder).toHaveBeenCalledTimes(1);
    const [id, name, relation, strokes] = signOrder.mock.calls[0];
    expect([id, name, relation]).toEqual(["ord-123", "Maria das Graças Silva", "family"]);
    expect(strokes).toHaveLength(1);
    expect(strokes[0].length).toBeGreaterThanOrEqual(8);
    expect(strokes[0].every(([x, y]) => x >= 0 && x <= 600 && y >= 0 && y <= 200)).toBe(true);

    // The move is tried again by itself, and the page shows who signed.
    await vi.waitFor(() => expect(transitionOrder).toHaveBeenCalledTimes(2));
    expect(transitionOrder).toHaveBeenLastCalledWith("ord-123", "done", null);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(await screen.findByTestId("signature-signer")).toHaveTextContent("Maria das Graças Silva · Familiar");
    expect(screen.getByTestId("signature-view")).toHaveTextContent("colhida por Josué Lins");

    // The visit report is saved as a PDF, and the page says where.
    vi.mocked(backend.exportVisitReport).mockResolvedValueOnce("/home/ana/Downloads/campo-OS-000123-relatorio.pdf");
    await fireEvent.click(screen.getByRole("button", { name: "Relatório da visita (PDF)" }));
    expect(await screen.findByTestId("visit-report-notice")).toHaveTextContent("Relatório salvo em /home/ana/Downloads/campo-OS-000123-relatorio.pdf");
    expect(backend.exportVisitReport).toHaveBeenCalledWith("ord-123");
  });

  it("says when the report kept on a done order was made and by whom", async () => {
    const d = makeDetail();
    getOrder.mockResolvedValue({ ...d, order: { ...d.order, status: "done" } });
    vi.mocked(backend.keptReport).mockResolvedValueOnce({
      hash: "ab".repeat(32),
      size: 48_000,
      madeBy: "Josué Lins",
      madeAt: "2026-12-03T17:40:00.000Z",
      here: false,
    });
    renderPage();
    expect(await screen.findByTestId("visit-report-kept")).toHaveTextContent(
      "Guardado na ordem ao concluir: 03/12/2026 14:40, por Josué Lins. É este o arquivo que todos exportam.",
    );
    expect(backend.keptReport).toHaveBeenCalledWith("ord-123");
  });

  it("shows the backend's refusal next to the actions, in its own words", async () => {
    transitionOrder.mockRejectedValue({ code: "illegal_transition", message: "transição inválida: Em análise → Aprovada" });
    renderPage();
    await fireEvent.click(await screen.findByRole("button", { name: "Aprovar" }));
    expect(await screen.findByText("transição inválida: Em análise → Aprovada")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Aprovar" })).toBeEnabled();
  });

  it("goes back with the button or Esc", async () => {
    const { onback } = renderPage();
    await fireEvent.click(await screen.findByTestId("back-button"));
    expect(onback).toHaveBeenCalledTimes(1);
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(onback).toHaveBeenCalledTimes(2);
  });

  it("Esc in the reason dialog closes the dialog, not the page", async () => {
    const { onback } = renderPage();
    await fireEvent.click(await screen.findByRole("button", { name: "Cancelar" }));
    const dialog = screen.getByRole("dialog");
    await fireEvent.keyDown(within(dialog).getByLabelText("Motivo"), { key: "Escape" });
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(onback).not.toHaveBeenCalled();
  });

  it("says when the order cannot be opened", async () => {
    getOrder.mockRejectedValue({ code: "not_found", message: "Ordem de serviço não encontrada." });
    renderPage();
    expect(await screen.findByText("Ordem de serviço não encontrada.")).toBeInTheDocument();
  });
});

describe("pausing the deadline", () => {
  it("asks why, pauses, and shows the clock as paused with the reason", async () => {
    getOrder.mockResolvedValue(makeDetail({ canPause: true }));
    const paused = makeDetail({
      canPause: false,
      paused: true,
      pauses: [
        {
          id: "p1",
          startedAt: "2026-11-23T12:00:00.000Z",
          startedBy: "Mariana Lima",
          reason: "Aguardando o condomínio",
          endedAt: null,
          endedBy: null,
          note: null,
        },
      ],
    });
    vi.mocked(backend.pauseOrder).mockResolvedValue(paused);
    renderPage();
    await fireEvent.click(await screen.findByTestId("pause-clock"));
    const reason = await screen.findByRole("textbox");
    await fireEvent.input(reason, { target: { value: "Aguardando o condomínio" } });
    await fireEvent.submit(reason.closest("form")!);
    expect(backend.pauseOrder).toHaveBeenCalledWith("ord-123", "Aguardando o condomínio");
    expect(await screen.findByTestId("resume-clock")).toBeInTheDocument();
    expect(screen.getByTestId("order-pauses").textContent).toContain("Mariana Lima: Aguardando o condomínio");
    expect(screen.getByTestId("order-pauses").textContent).toContain("ainda pausado");
  });

  it("edits the visit details in place and names a bad phone without saving", async () => {
    const editOrder = vi.mocked(backend.editOrder);
    editOrder.mockRejectedValueOnce({ code: "validation", message: "Telefone inválido: DDD 00 não existe" });
    editOrder.mockResolvedValueOnce(makeDetail({ contactPhone: "81988881111", notes: "Portão azul" }));
    renderPage();
    await fireEvent.click(await screen.findByTestId("visit-edit"));
    await fireEvent.input(screen.getByTestId("visit-phone"), { target: { value: "(00) 1234-5678" } });
    await fireEvent.input(screen.getByTestId("visit-notes"), { target: { value: "  Portão azul " } });
    await fireEvent.submit(screen.getByTestId("visit-form"));
    expect(await screen.findByTestId("visit-error")).toHaveTextContent("Telefone inválido: DDD 00 não existe");
    // The form stays open with what was typed.
    expect(screen.getByTestId("visit-notes")).toHaveValue("  Portão azul ");
    await fireEvent.input(screen.getByTestId("visit-phone"), { target: { value: "(81) 98888-1111" } });
    await fireEvent.submit(screen.getByTestId("visit-form"));
    expect(editOrder).toHaveBeenLastCalledWith("ord-123", "(81) 98888-1111", "Portão azul");
    expect(await screen.findByTestId("visit-phone-value")).toHaveTextContent("(81) 98888-1111");
    expect(screen.getByTestId("visit-notes-value")).toHaveTextContent("Portão azul");
  });

  it("tells the person when their edit was overridden by someone else's", async () => {
    getOrder.mockResolvedValue(
      makeDetail({
        notes: "Ligar antes de ir",
        notices: [
          {
            message: "Sua alteração de observações da OS 000123 não prevaleceu: Mariana Lima alterou ao mesmo tempo; ficou “Ligar antes de ir”.",
            createdAt: "2026-11-23T12:00:00.000Z",
          },
        ],
      }),
    );
    renderPage();
    const notices = await screen.findByTestId("visit-notices");
    expect(notices).toHaveTextContent("não prevaleceu: Mariana Lima alterou ao mesmo tempo");
    expect(screen.getByTestId("visit-notes-value")).toHaveTextContent("Ligar antes de ir");
  });
});
