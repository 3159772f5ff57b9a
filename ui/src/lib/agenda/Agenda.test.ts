import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    board: vi.fn(),
    scheduleOnBoard: vi.fn(),
    myDay: vi.fn(),
    transitionOrder: vi.fn(),
    recordAbsence: vi.fn(),
    orderEquipment: vi.fn(),
    removeAbsence: vi.fn(),
    setWorkWeek: vi.fn(),
    signOrder: vi.fn(),
  },
}));

import { backend, type BoardView, type DayView } from "$lib/backend";
import { AGENDA_SETTINGS, makeDetail, makeRow } from "../../test/fixtures";
import AgendaPage from "./AgendaPage.svelte";
import MyDayPage from "./MyDayPage.svelte";

const TECH = "tech-carlos";

const EVERY_DAY_BUT_SUNDAY = [true, true, true, true, true, true, false];

function boardOf(day: string, open = true, absences: BoardView["absences"] = [], days = EVERY_DAY_BUT_SUNDAY): BoardView {
  return {
    absences,
    workWeeks: [{ technicianId: TECH, technicianName: "Carlos Henrique", days }],
    days: [{ date: day, holiday: open ? null : "Natal", open }],
    technicians: [{ id: TECH, name: "Carlos Henrique", phone: "(81) 99999-0000" }],
    orders: [
      makeRow(7, { id: "ord-7", status: "scheduled", technicianId: TECH, technicianName: "Carlos Henrique", scheduledDate: day, period: "morning" }),
    ],
    queue: [makeRow(9, { id: "ord-9", status: "approved", technicianId: null, technicianName: null, scheduledDate: null, period: null })],
    cells: [{ technicianId: TECH, date: day, period: "morning", loadMinutes: 300, capacityMinutes: 240 }],
    settings: AGENDA_SETTINGS,
  };
}

describe("the dispatch board", () => {
  it("a refused working week says why and the box shows what is saved", async () => {
    vi.mocked(backend.board).mockImplementation(async () => boardOf("2026-11-24", true, [], [true, false, false, false, false, false, false]));
    vi.mocked(backend.setWorkWeek).mockRejectedValue({ code: "invalid_input", message: "Marque pelo menos um dia de trabalho" });
    render(AgendaPage, { onopenorder: () => {} });
    const monday = (await screen.findByLabelText("Carlos Henrique: segunda")) as HTMLInputElement;
    expect(monday.checked).toBe(true);
    await fireEvent.click(monday);
    await waitFor(() => expect(screen.getByTestId("work-week-error").textContent).toBe("Marque pelo menos um dia de trabalho"));
    expect(monday.checked).toBe(true);
  });

  it("reads the board and its queue again when a sync pulled changes", async () => {
    vi.mocked(backend.board).mockImplementation(async (from: string) => boardOf(from));
    const { rerender } = render(AgendaPage, { onopenorder: () => {}, pulls: 0 });
    await waitFor(() => expect(backend.board).toHaveBeenCalledTimes(1));
    vi.mocked(backend.board).mockClear();
    await rerender({ onopenorder: () => {}, pulls: 1 });
    await waitFor(() => expect(backend.board).toHaveBeenCalledTimes(1));
    expect(vi.mocked(backend.board).mock.calls[0][2]).toBe(true);
  });

  it("moving to the next day reads only that day and keeps the queue", async () => {
    vi.mocked(backend.board).mockImplementation(async (from: string, _days: number, withQueue = true) => {
      const b = boardOf(from);
      return withQueue ? b : { ...b, queue: [] };
    });
    render(AgendaPage, { onopenorder: () => {} });
    await waitFor(() => expect(screen.getAllByTestId("queue-order")).toHaveLength(1));
    const first = (screen.getAllByTestId("agenda-cell")[0] as HTMLElement).dataset.date;
    await fireEvent.click(screen.getByRole("button", { name: "Próximo dia" }));
    await waitFor(() => expect((screen.getAllByTestId("agenda-cell")[0] as HTMLElement).dataset.date).not.toBe(first));
    expect(vi.mocked(backend.board).mock.calls.at(-1)?.[2]).toBe(false);
    expect(screen.getAllByTestId("queue-order")).toHaveLength(1);
  });

  it("draws a long queue a page at a time, most urgent first", async () => {
    const board = boardOf("2026-11-24");
    board.queue = Array.from({ length: 250 }, (_, i) =>
      makeRow(1000 + i, { id: `q-${i}`, status: "approved", technicianId: null, technicianName: null, scheduledDate: null, period: null }),
    );
    vi.mocked(backend.board).mockResolvedValue(board);
    render(AgendaPage, { onopenorder: () => {} });
    await waitFor(() => expect(screen.getAllByTestId("queue-order")).toHaveLength(100));
    expect(screen.getAllByTestId("queue-order")[0].dataset.orderId).toBe("q-0");
    expect(screen.getByTestId("queue-more").textContent).toContain("faltam 150");
    await fireEvent.click(screen.getByTestId("queue-more"));
    await waitFor(() => expect(screen.getAllByTestId("queue-order")).toHaveLength(200));
    await fireEvent.click(screen.getByTestId("queue-more"));
    await waitFor(() => expect(screen.getAllByTestId("queue-order")).toHaveLength(250));
    expect(screen.queryByTestId("queue-more")).toBeNull();
  });

  it("filters the queue and the board by neighbourhood", async () => {
    const board = boardOf("2026-11-24");
    board.queue.push(makeRow(11, { id: "ord-11", status: "approved", technicianId: null, technicianName: null, scheduledDate: null, period: null, neighbourhood: "Pina" }));
    vi.mocked(backend.board).mockResolvedValue(board);
    render(AgendaPage, { onopenorder: () => {} });
    await waitFor(() => expect(screen.getAllByTestId("queue-order")).toHaveLength(2));
    await fireEvent.change(screen.getByTestId("agenda-filter-place"), { target: { value: "Pina" } });
    await waitFor(() => expect(screen.getAllByTestId("queue-order")).toHaveLength(1));
    expect(screen.getByTestId("queue-order").dataset.orderId).toBe("ord-11");
    expect(screen.queryAllByTestId("board-order")).toHaveLength(0);
  });

  it("shows a technician's weekly day off on their cells and saves a changed working week", async () => {
    // 2026-11-28 is a Saturday.
    vi.mocked(backend.board).mockImplementation(async () => boardOf("2026-11-28", true, [], [true, true, true, true, true, false, false]));
    vi.mocked(backend.setWorkWeek).mockResolvedValue([{ technicianId: TECH, technicianName: "Carlos Henrique", days: EVERY_DAY_BUT_SUNDAY }]);
    render(AgendaPage, { onopenorder: () => {} });
    await waitFor(() => expect(screen.getAllByTestId("agenda-off-duty")).toHaveLength(2));
    expect(screen.getAllByTestId("agenda-off-duty")[0].textContent).toBe("Folga semanal");
    await fireEvent.click(await screen.findByTestId("queue-order"));
    for (const slot of screen.getAllByTestId("agenda-slot")) expect(slot).toHaveAttribute("aria-disabled", "true");
    // Saturday ticked again: saved at once, and the cells take orders.
    await fireEvent.click(screen.getByLabelText("Carlos Henrique: sábado"));
    await waitFor(() => expect(backend.setWorkWeek).toHaveBeenCalledWith(TECH, EVERY_DAY_BUT_SUNDAY));
    await waitFor(() => expect(screen.getByTestId("agenda-notice").textContent).toContain("Dias de trabalho de Carlos Henrique salvos"));
    expect(screen.queryAllByTestId("agenda-off-duty")).toHaveLength(0);
    expect(screen.getAllByTestId("agenda-slot").some((b) => b.getAttribute("aria-disabled") === "false")).toBe(true);
  });

  it("shows a technician's absence on their cells, which take no order, and records a new one", async () => {
    const away = [{ id: "ab-1", technicianId: TECH, technicianName: "Carlos Henrique", from: "2026-12-01", to: "2026-12-05", reason: "Férias" }];
    vi.mocked(backend.board).mockImplementation(async (from: string) => boardOf(from, true, [{ ...away[0], from, to: from }]));
    vi.mocked(backend.recordAbsence).mockResolvedValue(2);
    render(AgendaPage, { onopenorder: () => {} });
    await waitFor(() => expect(screen.getAllByTestId("agenda-away")).toHaveLength(2));
    expect(screen.getAllByTestId("agenda-away")[0].textContent).toBe("Ausente · Férias");
    await fireEvent.click(await screen.findByTestId("queue-order"));
    for (const slot of screen.getAllByTestId("agenda-slot")) expect(slot).toHaveAttribute("aria-disabled", "true");

    await fireEvent.change(screen.getByTestId("absence-technician"), { target: { value: TECH } });
    await fireEvent.input(screen.getByTestId("absence-reason"), { target: { value: "Atestado" } });
    await fireEvent.click(screen.getByTestId("absence-record"));
    await waitFor(() => expect(backend.recordAbsence).toHaveBeenCalledWith(TECH, expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), "Atestado"));
    await waitFor(() => expect(screen.getByTestId("agenda-notice").textContent).toContain("Ausência de Carlos Henrique registrada"));
    expect(screen.getByTestId("agenda-notice").textContent).toContain("2 visitas já agendadas nesses dias");
  });

  it("names the problem when an absence is refused", async () => {
    vi.mocked(backend.board).mockImplementation(async (from: string) => boardOf(from));
    vi.mocked(backend.recordAbsence).mockRejectedValue({ code: "invalid_input", message: "Diga o motivo da ausência (férias, atestado, treinamento …)" });
    render(AgendaPage, { onopenorder: () => {} });
    await waitFor(() => expect(screen.getAllByTestId("queue-order")).toHaveLength(1));
    await fireEvent.change(screen.getByTestId("absence-technician"), { target: { value: TECH } });
    await fireEvent.click(screen.getByTestId("absence-record"));
    await waitFor(() => expect(screen.getByTestId("absence-error").textContent).toContain("Diga o motivo"));
  });

  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(backend.board).mockImplementation(async (from: string) => boardOf(from));
    vi.mocked(backend.scheduleOnBoard).mockImplementation(async (input) => ({
      warnings: ["Acima da capacidade: 380 min de serviço para 240 min no período"],
      board: boardOf(input.boardFrom),
    }));
  });

  it("shows the queue, the cells and an over-capacity warning in words", async () => {
    render(AgendaPage, { onopenorder: () => {} });
    await waitFor(() => expect(screen.getAllByTestId("queue-order")).toHaveLength(1));
    expect(screen.getAllByTestId("board-order")).toHaveLength(1);
    expect(screen.getByTestId("agenda-grid").textContent).toContain("300/240 min ⚠ Acima da capacidade");
  });

  it("schedules a waiting order by selecting it and then a cell, without a mouse drag", async () => {
    render(AgendaPage, { onopenorder: () => {} });
    const card = await screen.findByTestId("queue-order");
    await fireEvent.click(card);
    expect(screen.getByTestId("agenda-hint").textContent).toContain("OS 001009 selecionada");
    const slots = screen.getAllByTestId("agenda-slot") as HTMLButtonElement[];
    await fireEvent.click(slots[1]); // afternoon
    await waitFor(() => expect(backend.scheduleOnBoard).toHaveBeenCalled());
    const input = vi.mocked(backend.scheduleOnBoard).mock.calls[0][0];
    expect(input).toMatchObject({ order: "ord-9", period: "afternoon", technician: TECH, reason: null, boardDays: 1 });
    await waitFor(() => expect(screen.getByTestId("agenda-notice").textContent).toContain("Acima da capacidade"));
  });

  it("shows which waiting orders the customer can take only in one period, and a visit placed outside it", async () => {
    vi.mocked(backend.board).mockImplementation(async (from: string) => {
      const b = boardOf(from);
      return {
        ...b,
        // The backend says which visit sits outside the customer's periods; one inside them
        // carries no mark.
        orders: [
          ...b.orders.map((o) => ({ ...o, availablePeriods: ["afternoon" as const], outsideAvailability: true })),
          makeRow(8, { id: "ord-8", status: "scheduled", technicianId: TECH, technicianName: "Carlos Henrique", scheduledDate: from, period: "afternoon", availablePeriods: ["afternoon"] }),
        ],
        queue: b.queue.map((o) => ({ ...o, availablePeriods: ["morning" as const] })),
      };
    });
    render(AgendaPage, { onopenorder: () => {} });
    expect(await screen.findByTestId("queue-only")).toHaveTextContent("só de manhã");
    const flag = screen.getByTestId("board-not-home");
    expect(flag).toHaveAttribute("aria-label", "Fora da disponibilidade do cliente (Tarde)");
    expect(flag.closest('[data-testid="board-order"]')).toHaveAttribute("data-order-id", "ord-7");
  });

  it("opened from an order's page, the board has that order picked, ready for a cell", async () => {
    render(AgendaPage, { onopenorder: () => {}, focus: { id: "ord-9", date: null } });
    await waitFor(() => expect(screen.getByTestId("agenda-hint").textContent).toContain("OS 001009 selecionada"));
    const slots = screen.getAllByTestId("agenda-slot") as HTMLButtonElement[];
    await fireEvent.click(slots[0]);
    await waitFor(() => expect(backend.scheduleOnBoard).toHaveBeenCalled());
    expect(vi.mocked(backend.scheduleOnBoard).mock.calls[0][0]).toMatchObject({ order: "ord-9", period: "morning", technician: TECH });
  });

  it("schedules by keyboard alone in four keys: Enter, two arrows, Enter", async () => {
    render(AgendaPage, { onopenorder: () => {} });
    const card = await screen.findByTestId("queue-order");
    // The board opens with the keyboard on the queue.
    await waitFor(() => expect(document.activeElement).toBe(card));
    let keys = 0;
    const press = async (key: string) => {
      keys++;
      const el = document.activeElement as HTMLElement;
      const prevented = !(await fireEvent.keyDown(el, { key }));
      // A button's Enter is its click (detail 0: not a mouse).
      if (key === "Enter" && !prevented) await fireEvent.click(el, { detail: 0 });
    };
    await press("Enter"); // selects, and the keyboard jumps to the grid
    expect(screen.getByTestId("agenda-hint").textContent).toContain("selecionada");
    const first = document.activeElement as HTMLElement;
    expect(first.dataset.testid).toBe("agenda-slot");
    await press("ArrowRight"); // the afternoon
    await press("ArrowLeft");
    await press("ArrowRight");
    expect((document.activeElement as HTMLElement).closest("td")?.dataset.period).toBe("afternoon");
    await press("Enter");
    await waitFor(() => expect(backend.scheduleOnBoard).toHaveBeenCalled());
    expect(vi.mocked(backend.scheduleOnBoard).mock.calls[0][0]).toMatchObject({ order: "ord-9", period: "afternoon", technician: TECH });
    expect(keys).toBeLessThanOrEqual(6);
  });

  it("goes back to the queue with ← from the first column and cancels with Esc", async () => {
    render(AgendaPage, { onopenorder: () => {} });
    const card = await screen.findByTestId("queue-order");
    await waitFor(() => expect(document.activeElement).toBe(card));
    await fireEvent.click(card, { detail: 0 });
    const cell = document.activeElement as HTMLElement;
    expect(cell.dataset.testid).toBe("agenda-slot");
    await fireEvent.keyDown(cell, { key: "ArrowLeft" });
    expect(document.activeElement).toBe(card);
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.queryByTestId("agenda-hint")).not.toBeInTheDocument();
    expect(backend.scheduleOnBoard).not.toHaveBeenCalled();
  });

  it("asks for a reason before moving an order that was already scheduled", async () => {
    render(AgendaPage, { onopenorder: () => {} });
    const chip = await screen.findByTestId("board-order");
    await fireEvent.click(chip);
    const slots = screen.getAllByTestId("agenda-slot") as HTMLButtonElement[];
    await fireEvent.click(slots[1]);
    expect(backend.scheduleOnBoard).not.toHaveBeenCalled();
    const reason = within(await screen.findByRole("dialog")).getByRole("textbox");
    await fireEvent.input(reason, { target: { value: "Cliente pediu a tarde" } });
    await fireEvent.submit(reason.closest("form")!);
    await waitFor(() => expect(backend.scheduleOnBoard).toHaveBeenCalled());
    expect(vi.mocked(backend.scheduleOnBoard).mock.calls[0][0].reason).toBe("Cliente pediu a tarde");
  });

  it("does not offer a holiday's cells", async () => {
    vi.mocked(backend.board).mockImplementation(async (from: string) => boardOf(from, false));
    render(AgendaPage, { onopenorder: () => {} });
    await fireEvent.click(await screen.findByTestId("queue-order"));
    for (const slot of screen.getAllByTestId("agenda-slot")) expect(slot).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByTestId("agenda-grid").textContent).toContain("Natal");
  });
});

describe("Meu dia", () => {
  it("asks, on an office computer, whose day to show, and says what it will show", async () => {
    vi.mocked(backend.myDay).mockResolvedValue({
      technician: null,
      technicians: [{ id: TECH, name: "Carlos Henrique", phone: "" }],
      date: "2026-11-24",
      visits: [],
      notDoneReasons: [],
    });
    render(MyDayPage, { onopenorder: () => {} });
    const pick = await screen.findByTestId("my-day-technician");
    expect([...pick.querySelectorAll("option")].map((o) => o.textContent)).toEqual([
      "Escolha alguém da equipe técnica",
      "Carlos Henrique",
    ]);
    expect(screen.getByText("Escolha acima de quem é o dia: as visitas em ordem e o que levar.")).toBeInTheDocument();
  });

  it("shows the visit's notes and contact phone and records a visit not done with the chosen reason and the note", async () => {
    const detail = makeDetail({ contactPhone: "81988881111", notes: "Portão azul, ligar antes" });
    detail.order = { ...detail.order, id: "ord-5", status: "en_route", technicianId: TECH };
    const day: DayView = {
      technician: { id: TECH, name: "Carlos Henrique", phone: "" },
      technicians: [{ id: TECH, name: "Carlos Henrique", phone: "" }],
      date: "2026-11-24",
      visits: [{ detail, bring: [{ name: "ONU Huawei HG8145V5", unit: "piece", required: 1, used: 0 }] }],
      notDoneReasons: ["Cliente ausente", "Chuva / condições climáticas"],
    };
    vi.mocked(backend.myDay).mockResolvedValue(day);
    vi.mocked(backend.transitionOrder).mockResolvedValue(detail);
    render(MyDayPage, { onopenorder: () => {} });
    const visit = await screen.findByTestId("visit");
    expect(visit.textContent).toContain("Levar: ONU Huawei HG8145V5 (1)");
    // The office's notes and the phone for the day go with the visit.
    expect(visit.textContent).toContain("Telefone de contato: (81) 98888-1111");
    expect(screen.getByTestId("visit-notes")).toHaveTextContent("Portão azul, ligar antes");
    await fireEvent.click(screen.getByTestId("visit-not-done"));
    await fireEvent.change(screen.getByTestId("fail-reason"), { target: { value: "Cliente ausente" } });
    await fireEvent.input(screen.getByTestId("fail-note"), { target: { value: "portão fechado" } });
    await fireEvent.click(screen.getByTestId("fail-confirm"));
    await waitFor(() => expect(backend.transitionOrder).toHaveBeenCalledWith("ord-5", "not_done", "Cliente ausente: portão fechado"));
  });

  it("keeps the date field to the person while they clear it and type another day", async () => {
    const on = (date: string): DayView => ({
      technician: { id: TECH, name: "Carlos Henrique", phone: "" },
      technicians: [{ id: TECH, name: "Carlos Henrique", phone: "" }],
      date,
      visits: [],
      notDoneReasons: [],
    });
    vi.mocked(backend.myDay).mockImplementation(async (_technician, date) => on(date ?? "2026-12-06"));
    const { rerender } = render(MyDayPage, { onopenorder: () => {}, pulls: 0 });
    const field = (await screen.findByTestId("my-day-date")) as HTMLInputElement;
    await waitFor(() => expect(field.value).toBe("06/12/2026"));
    // From now on the device answers only when told: reads still under way while they type.
    const answers: (() => void)[] = [];
    const asked: (string | null)[] = [];
    vi.mocked(backend.myDay).mockImplementation(
      (_technician, date) =>
        new Promise((answer) => {
          asked.push(date);
          answers.push(() => answer(on(date ?? "2026-12-06")));
        }),
    );
    // Cleared, then half retyped, while a sync reads the day again.
    await fireEvent.input(field, { target: { value: "" } });
    await fireEvent.input(field, { target: { value: "07/1" } });
    await rerender({ onopenorder: () => {}, pulls: 1 });
    await waitFor(() => expect(answers.length).toBeGreaterThan(0));
    answers.forEach((answer) => answer());
    await new Promise((done) => setTimeout(done, 0));
    // What they typed stays: the day shown was read again, not today's asked for.
    expect(field.value).toBe("07/1");
    expect(asked).toEqual(["2026-12-06"]);
    await fireEvent.input(field, { target: { value: "07/12/2026" } });
    await waitFor(() => expect(asked).toEqual(["2026-12-06", "2026-12-07"]));
    answers[1]();
    expect(await screen.findByText(/07\/12\/2026/)).toBeInTheDocument();
    expect(field.value).toBe("07/12/2026");
  });

  it("reads the day again when a sync brings changes (a visit the office just scheduled appears)", async () => {
    const empty: DayView = {
      technician: { id: TECH, name: "Carlos Henrique", phone: "" },
      technicians: [{ id: TECH, name: "Carlos Henrique", phone: "" }],
      date: "2026-11-24",
      visits: [],
      notDoneReasons: [],
    };
    const detail = makeDetail({});
    detail.order = { ...detail.order, id: "ord-9", status: "scheduled", technicianId: TECH };
    vi.mocked(backend.myDay).mockResolvedValueOnce(empty).mockResolvedValueOnce({ ...empty, visits: [{ detail, bring: [] }] });
    const { rerender } = render(MyDayPage, { onopenorder: () => {}, pulls: 0 });
    await screen.findByTestId("my-day-empty");
    await rerender({ onopenorder: () => {}, pulls: 1 });
    expect(await screen.findByTestId("visit")).toBeInTheDocument();
  });

  it("with the kit incomplete, offers to record the equipment first and to finish without it by giving the reason", async () => {
    const detail = makeDetail({});
    detail.order = { ...detail.order, id: "ord-7", status: "in_progress", technicianId: TECH };
    const day: DayView = {
      technician: { id: TECH, name: "Carlos Henrique", phone: "" },
      technicians: [{ id: TECH, name: "Carlos Henrique", phone: "" }],
      date: "2026-11-24",
      visits: [
        {
          detail,
          bring: [
            { name: "ONU Huawei HG8145V5", unit: "piece", required: 1, used: 1 },
            { name: "Set-top box IPTV 4K", unit: "piece", required: 1, used: 0 },
          ],
        },
      ],
      notDoneReasons: ["customer_absent"],
    };
    vi.mocked(backend.myDay).mockResolvedValue(day);
    vi.mocked(backend.transitionOrder).mockResolvedValue(detail);
    vi.mocked(backend.orderEquipment).mockResolvedValue({
      van: { id: "van-1", kind: "van", name: "Van de Carlos", refId: TECH },
      canRecord: true,
      required: [],
      movements: [],
      vanLines: [],
      vanUnits: [],
      atCustomer: [],
      atCustomerBulk: [],
    } as never);
    render(MyDayPage, { onopenorder: () => {} });
    const visit = await screen.findByTestId("visit");
    // "Concluir" is not the main action while the kit is incomplete; the visit says what is missing.
    expect(within(visit).queryByTestId("visit-next")).not.toBeInTheDocument();
    expect(screen.getByTestId("visit-kit-missing")).toHaveTextContent("Falta registrar: Set-top box IPTV 4K (0 de 1)");
    expect(screen.getByTestId("visit-not-done")).toHaveTextContent("Não foi possível fazer…");

    await fireEvent.click(screen.getByTestId("visit-record-equipment"));
    expect(await screen.findByTestId("order-equipment")).toBeInTheDocument();

    await fireEvent.click(screen.getByTestId("visit-finish-without"));
    expect(screen.getByTestId("reason-prompt")).toHaveTextContent("a van estava sem set-top box");
    await fireEvent.input(screen.getByTestId("reason-input"), { target: { value: "Van sem set-top box; volta amanhã" } });
    await fireEvent.click(screen.getByTestId("reason-confirm"));
    await waitFor(() => expect(backend.transitionOrder).toHaveBeenCalledWith("ord-7", "done", "Van sem set-top box; volta amanhã"));
  });

  it("tells the technician how many photos are missing, and opens the order to attach them", async () => {
    const detail = makeDetail({ photosRequired: 2, photosTaken: 1 });
    detail.order = { ...detail.order, id: "ord-8", status: "in_progress", technicianId: TECH };
    vi.mocked(backend.myDay).mockResolvedValue({
      technician: { id: TECH, name: "Carlos Henrique", phone: "" },
      technicians: [{ id: TECH, name: "Carlos Henrique", phone: "" }],
      date: "2026-11-24",
      visits: [{ detail, bring: [] }],
      notDoneReasons: [],
    });
    const onopenorder = vi.fn();
    render(MyDayPage, { onopenorder });
    const told = await screen.findByTestId("visit-photos-missing");
    expect(told).toHaveTextContent("Faltam fotos da visita: 1 de 2");
    await fireEvent.click(within(told).getByRole("button", { name: "Anexar foto" }));
    expect(onopenorder).toHaveBeenCalledWith("ord-8");
  });

  it("tells the technician the signature is missing, and finishing asks for it, then closes the visit with the reason given", async () => {
    const detail = makeDetail({ signatureRequired: true });
    detail.order = { ...detail.order, id: "ord-6", status: "in_progress", technicianId: TECH };
    const day: DayView = {
      technician: { id: TECH, name: "Carlos Henrique", phone: "" },
      technicians: [{ id: TECH, name: "Carlos Henrique", phone: "" }],
      date: "2026-11-24",
      visits: [{ detail, bring: [] }],
      notDoneReasons: [],
    };
    vi.mocked(backend.myDay).mockResolvedValue(day);
    vi.mocked(backend.transitionOrder)
      .mockReset()
      .mockRejectedValueOnce({ code: "proof_missing", message: "Para concluir falta: a assinatura do cliente", params: { missing: "signature", to: "done" } })
      .mockResolvedValueOnce(detail);
    vi.mocked(backend.signOrder).mockResolvedValue({
      signerName: "Maria das Graças Silva",
      relation: "holder",
      strokes: [],
      takenBy: "Carlos Henrique",
      signedAt: "2026-11-24T13:00:00.000Z",
    });
    render(MyDayPage, { onopenorder: () => {} });
    // Told before leaving the customer.
    expect(await screen.findByTestId("visit-signature-missing")).toHaveTextContent("Falta a assinatura do cliente");
    await fireEvent.click(screen.getByTestId("visit-next"));
    const pad = await screen.findByRole("dialog", { name: "Assinatura do cliente" });
    expect(screen.getByTestId("visit-error")).toHaveTextContent("Para concluir falta: a assinatura do cliente");
    const canvas = within(pad).getByTestId("signature-canvas");
    const at = (type: string, i: number) => new MouseEvent(type, { bubbles: true, clientX: 0.05 + i * 0.04, clientY: 0.5 });
    await fireEvent(canvas, at("pointerdown", 0));
    for (let i = 1; i < 12; i++) await fireEvent(canvas, at("pointermove", i));
    await fireEvent(canvas, at("pointerup", 12));
    await fireEvent.click(within(pad).getByTestId("signature-save"));
    await waitFor(() => expect(backend.transitionOrder).toHaveBeenCalledTimes(2));
    expect(backend.signOrder).toHaveBeenCalledWith("ord-6", "Maria das Graças Silva", "holder", expect.any(Array));
    expect(backend.transitionOrder).toHaveBeenLastCalledWith("ord-6", "done", null);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("names the default reasons in the person's language and keeps the technician's words", async () => {
    const detail = makeDetail({});
    detail.order = { ...detail.order, id: "ord-8", status: "en_route", technicianId: TECH };
    vi.mocked(backend.myDay).mockResolvedValue({
      technician: { id: TECH, name: "Carlos Henrique", phone: "" },
      technicians: [{ id: TECH, name: "Carlos Henrique", phone: "" }],
      date: "2026-11-24",
      visits: [{ detail, bring: [] }],
      notDoneReasons: ["customer_absent", "Poste sem acesso"],
    });
    vi.mocked(backend.transitionOrder).mockResolvedValue(detail);
    render(MyDayPage, { onopenorder: () => {} });
    await fireEvent.click(await screen.findByTestId("visit-not-done"));
    const options = [...(screen.getByTestId("fail-reason") as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual(["Escolha o motivo", "Cliente ausente", "Poste sem acesso"]);
    await fireEvent.change(screen.getByTestId("fail-reason"), { target: { value: "customer_absent" } });
    await fireEvent.click(screen.getByTestId("fail-confirm"));
    await waitFor(() => expect(backend.transitionOrder).toHaveBeenCalledWith("ord-8", "not_done", "Cliente ausente"));
  });
});
