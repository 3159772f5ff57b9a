import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    startupState: vi.fn(),
    startDemo: vi.fn(),
    setLanguage: vi.fn(async () => undefined),
    deadlineAlerts: vi.fn(async () => ({ open: 0, onTrack: 0, atRisk: 0, breached: 0, alerts: [] })),
    listOrders: vi.fn(),
    filterOptions: vi.fn(async () => ({ technicians: [], neighbourhoods: [] })),
    getOrder: vi.fn(),
    customerMessage: vi.fn(async () => null),
    messageSent: vi.fn(),
    transitionOrder: vi.fn(),
    syncStatus: vi.fn(async () => ({
      joined: false, serverUrl: null, userName: null, login: null, session: null, role: null, decidesConflicts: false, pending: 0, cursor: 0,
      lastSyncAt: null, online: false, running: false, lastError: null, conflicts: 0, refused: 0, received: null,
    })),
    syncNow: vi.fn(),
    joinServer: vi.fn(),
  },
}));

import { backend, type Area } from "$lib/backend";
import App from "./App.svelte";
import { i18n, STORAGE_KEY } from "$lib/i18n";
import { CONFIGURER_ABILITIES, makeDetail, pageOf } from "./test/fixtures";

const ready = {
  state: "ready" as const,
  info: {
    dbPath: "/home/coord/.local/share/campo/campo.db", deviceId: "dev-1", schemaVersion: 1, orderCount: 100000, lang: "pt-BR" as const,
    role: null, demo: true, zone: "America/Recife", may: CONFIGURER_ABILITIES,
    areas: ["orders", "sales", "analysis", "calls", "agenda", "myDay", "routes", "stock", "activation", "sync", "admin"] as Area[],
  },
};

beforeEach(() => {
  localStorage.clear();
  vi.mocked(backend.listOrders).mockImplementation(async (_f, p) => pageOf(100000, p.offset, p.limit));
  vi.mocked(backend.getOrder).mockResolvedValue(makeDetail({ order: { ...makeDetail().order, id: "ord-2" } }));
});

describe("app shell", () => {
  it("explains a database that cannot be opened, with its path, and nothing else", async () => {
    vi.mocked(backend.startupState).mockResolvedValue({
      state: "failed",
      error: { code: "database_newer_schema", message: "O banco foi criado por uma versão mais nova do Campo.", params: {} },
      path: "C:\\Users\\coord\\AppData\\Roaming\\campo\\campo.db",
    });
    render(App);

    const screenEl = await screen.findByTestId("startup-error");
    expect(within(screenEl).getByRole("heading")).toHaveTextContent("Não foi possível abrir o banco de dados");
    expect(screenEl).toHaveTextContent("O banco foi criado por uma versão mais nova do Campo.");
    expect(screenEl).toHaveTextContent("C:\\Users\\coord\\AppData\\Roaming\\campo\\campo.db");
    expect(screenEl).toHaveTextContent("Nada foi alterado");
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
  });

  it("tells the backend the language chosen on this computer before asking how it starts", async () => {
    localStorage.setItem(STORAGE_KEY, "en");
    i18n.adopt("en");
    const order: string[] = [];
    vi.mocked(backend.setLanguage).mockImplementation(async (lang) => {
      order.push(`setLanguage ${lang}`);
    });
    vi.mocked(backend.startupState).mockImplementation(async () => {
      order.push("startupState");
      return { state: "people", lang: "pt-BR", people: [] };
    });
    render(App);
    await waitFor(() => expect(order).toContain("startupState"));
    expect(order[0]).toBe("setLanguage en");
    i18n.adopt("pt-BR");
  });

  it("opens on the order list with every area of the flow, sales and their analysis included", async () => {
    vi.mocked(backend.startupState).mockResolvedValue(ready);
    render(App);

    expect(await screen.findByText("100.000 ordens neste dispositivo")).toBeInTheDocument();
    const nav = screen.getByRole("navigation");
    expect(within(nav).getByRole("button", { name: "Ordens de serviço" })).toHaveAttribute("aria-current", "page");
    for (const built of ["Vendas", "Análise de vendas", "Chamados", "Agenda", "Meu dia", "Rotas", "Estoque", "Ativação", "Sincronização", "Administração"]) {
      expect(within(nav).getByRole("button", { name: built })).toBeEnabled();
    }
    expect(within(nav).queryByText("em breve")).toBeNull();
    expect(await screen.findByText("100.000 ordens")).toBeInTheDocument();
  });

  it("on a new computer asks to connect or try the demo, and creates the demo only when chosen", async () => {
    vi.mocked(backend.startupState).mockResolvedValue({ state: "welcome", lang: "pt-BR" });
    vi.mocked(backend.startDemo).mockResolvedValue(ready);
    render(App);
    const welcome = await screen.findByTestId("welcome");
    expect(welcome).toHaveTextContent("Conectar ao servidor do meu provedor");
    expect(welcome).toHaveTextContent("Experimentar com dados de demonstração");
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
    expect(backend.startDemo).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("welcome-demo"));
    expect(backend.startDemo).toHaveBeenCalledOnce();
    expect(await screen.findByText("100.000 ordens neste dispositivo")).toBeInTheDocument();
    expect(screen.queryByTestId("welcome")).not.toBeInTheDocument();
  });

  it("shows a technician only the areas of their work, opening on Meu dia", async () => {
    vi.mocked(backend.startupState).mockResolvedValue({
      ...ready,
      info: {
        ...ready.info,
        role: "technician",
        demo: false,
        areas: ["myDay", "orders", "stock", "sync"],
        may: { ...CONFIGURER_ABILITIES, createOrders: false, setProvider: false, editPlans: false, import: false, openCustomers: false, stepN2Calls: false },
      },
    });
    render(App);
    const nav = await screen.findByRole("navigation");
    await waitFor(() => expect(within(nav).getByRole("button", { name: "Meu dia" })).toHaveAttribute("aria-current", "page"));
    const names = within(nav).getAllByRole("button").map((b) => b.textContent?.trim());
    expect(names).toEqual(["Meu dia", "Ordens de serviço", "Estoque", "Sincronização"]);
    for (const hidden of ["Agenda", "Rotas", "Ativação", "Administração"]) {
      expect(within(nav).queryByRole("button", { name: hidden })).toBeNull();
    }
  });

  it("opens an order and comes back to the list with Esc, filters kept", async () => {
    vi.mocked(backend.startupState).mockResolvedValue(ready);
    render(App);
    await screen.findByText("100.000 ordens");
    await fireEvent.click(screen.getByTestId("filter-status-scheduled").querySelector("input")!);

    const rows = await screen.findAllByTestId("order-row");
    await fireEvent.click(rows[2]);
    expect(await screen.findByTestId("order-page")).toBeInTheDocument();
    expect(backend.getOrder).toHaveBeenCalledWith("ord-2");

    await fireEvent.keyDown(window, { key: "Escape" });
    expect(await screen.findByTestId("order-list")).toBeInTheDocument();
    expect(screen.getByLabelText("Agendada")).toBeChecked();
  });

  it("switches the whole interface to English", async () => {
    vi.mocked(backend.startupState).mockResolvedValue(ready);
    render(App);
    await screen.findByText("100.000 ordens");
    await fireEvent.change(screen.getByTestId("language-select"), { target: { value: "en" } });
    expect(await screen.findByText("Work orders")).toBeInTheDocument();
    expect(screen.getByText("100,000 orders")).toBeInTheDocument();
    expect(backend.setLanguage).toHaveBeenCalledWith("en");
  });

  it("after joining starts the order list over, and opens it with what the first sync brings", async () => {
    const alone = await backend.syncStatus();
    const joined = {
      ...alone, joined: true, serverUrl: "https://campo.provedor.com.br", userName: "Josué Lins",
      role: "coordinator" as const, online: true, session: "active" as const,
    };
    vi.mocked(backend.startupState).mockResolvedValue(ready);
    render(App);
    await screen.findByText("100.000 ordens");
    await fireEvent.click(screen.getByTestId("filter-status-scheduled").querySelector("input")!);
    await fireEvent.click(screen.getByTestId("sync-indicator"));
    expect(await screen.findByTestId("sync-page")).toHaveTextContent("Endereço do servidor");

    // The new database is empty until the first sync.
    vi.mocked(backend.startupState).mockResolvedValue({ ...ready, info: { ...ready.info, orderCount: 0 } });
    vi.mocked(backend.listOrders).mockClear();
    vi.mocked(backend.listOrders).mockImplementation(async (_f, p) => pageOf(0, p.offset, p.limit));
    vi.mocked(backend.filterOptions).mockClear();
    vi.mocked(backend.joinServer).mockResolvedValue({ ...joined, running: true });
    await fireEvent.input(screen.getByTestId("join-url"), { target: { value: "https://campo.provedor.com.br" } });
    await fireEvent.input(screen.getByTestId("join-login"), { target: { value: "josue" } });
    await fireEvent.input(screen.getByTestId("join-password"), { target: { value: "senha-forte-123" } });
    await fireEvent.click(screen.getByTestId("join-submit"));

    expect(await screen.findByText("Josué Lins · Coordenação")).toBeInTheDocument();
    expect(screen.getByText("Primeira sincronização…")).toBeInTheDocument();
    expect(await screen.findByText("0 ordens neste dispositivo")).toBeInTheDocument();
    expect(backend.filterOptions).toHaveBeenCalled();
    // From scratch: page 0, no filter left over from the demo data.
    expect(backend.listOrders).toHaveBeenCalledWith(expect.objectContaining({ statuses: [] }), { offset: 0, limit: 100 });

    // The first sync brings 3 orders.
    vi.mocked(backend.startupState).mockResolvedValue({ ...ready, info: { ...ready.info, orderCount: 3 } });
    vi.mocked(backend.listOrders).mockImplementation(async (_f, p) => pageOf(3, p.offset, p.limit));
    vi.mocked(backend.syncNow).mockResolvedValue({ ...joined, cursor: 42, lastSyncAt: new Date().toISOString() });
    await fireEvent.click(screen.getByTestId("sync-now"));
    expect(await screen.findByText("3 ordens neste dispositivo")).toBeInTheDocument();
    expect(screen.queryByText("Primeira sincronização…")).not.toBeInTheDocument();
    expect(screen.getByTestId("sync-indicator")).toHaveTextContent("Sincronizado · agora");

    // The first sync over, the list opens with what it brought.
    expect(await screen.findByText("3 ordens")).toBeInTheDocument();
    expect(screen.queryByTestId("sync-page")).not.toBeInTheDocument();
    expect(screen.getAllByTestId("order-row")).toHaveLength(3);
    expect(screen.getByLabelText("Agendada")).not.toBeChecked();
  });
});
