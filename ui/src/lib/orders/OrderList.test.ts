import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    listOrders: vi.fn(),
    filterOptions: vi.fn(),
  },
}));

import { backend } from "$lib/backend";
import type { OrderFilter } from "$lib/backend/bindings";
import OrderList from "./OrderList.svelte";
import { OrderListModel } from "./orderList.svelte";
import { pageOf } from "../../test/fixtures";
import { formatDate, providerToday } from "../i18n";

const listOrders = vi.mocked(backend.listOrders);

function lastFilter(): OrderFilter {
  return listOrders.mock.calls.at(-1)![0];
}

function renderList(onopen = vi.fn()) {
  const model = new OrderListModel();
  render(OrderList, { model, onopen });
  return { model, onopen };
}

beforeEach(() => {
  listOrders.mockReset();
  vi.mocked(backend.filterOptions).mockResolvedValue({
    technicians: [{ id: "tec-1", name: "Carlos Henrique", phone: "(81) 99111-2222" }],
    neighbourhoods: ["Boa Viagem", "Casa Amarela"],
  });
});

describe("work-order list", () => {
  it("shows the orders from the backend and how many there are", async () => {
    listOrders.mockImplementation(async (_f, p) => pageOf(12345, p.offset, p.limit));
    renderList();

    expect(await screen.findByText("12.345 ordens")).toBeInTheDocument();
    expect(screen.getByTestId("order-total")).toHaveTextContent("12.345 ordens");
    const rows = screen.getAllByTestId("order-row");
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(100); // virtualised: only what is on screen
    const first = rows[0];
    expect(first).toHaveAttribute("data-order-id", "ord-0");
    expect(within(first).getByText("OS 001000")).toBeInTheDocument();
    expect(within(first).getByText("Maria das Graças Silva 0")).toBeInTheDocument();
    expect(within(first).getByText("Em análise")).toBeInTheDocument();
    expect(within(first).getByText("Instalação")).toBeInTheDocument();
    expect(within(first).getByText(/23\/11\/2026/)).toBeInTheDocument();
    // Deadline: a word next to the icon, never colour alone.
    expect(within(first).getByTestId("deadline-badge")).toHaveTextContent("Em risco");
    expect(within(rows[1]).getByTestId("deadline-badge")).toHaveTextContent("No prazo");
    expect(listOrders).toHaveBeenCalledWith(expect.objectContaining({ text: null }), { offset: 0, limit: 100 });
  });

  it("opens on today's work, shows everything when cleared, and brings today back with Hoje", async () => {
    listOrders.mockImplementation(async (f, p) => pageOf(f.dateFrom === null ? 3000 : 12, p.offset, p.limit));
    renderList();
    const today = providerToday();
    expect(await screen.findByText("12 ordens")).toBeInTheDocument();
    expect(lastFilter()).toMatchObject({ dateFrom: today, dateTo: today });
    expect(screen.getByTestId("filter-date-from")).toHaveValue(formatDate(today));
    expect(screen.getByTestId("filter-today")).toHaveAttribute("aria-pressed", "true");

    await fireEvent.click(screen.getByTestId("filter-clear"));
    expect(await screen.findByText("3.000 ordens")).toBeInTheDocument();
    expect(screen.getByTestId("filter-date-from")).toHaveValue("");
    expect(screen.getByTestId("filter-today")).toHaveAttribute("aria-pressed", "false");

    await fireEvent.click(screen.getByTestId("filter-today"));
    expect(await screen.findByText("12 ordens")).toBeInTheDocument();
    expect(lastFilter()).toMatchObject({ dateFrom: today, dateTo: today });
  });

  it("reads a typed day as dd/mm/aaaa and clears a half-typed one", async () => {
    listOrders.mockImplementation(async (_f, p) => pageOf(5, p.offset, p.limit));
    renderList();
    await screen.findByText("5 ordens");
    await fireEvent.click(screen.getByTestId("filter-clear"));

    const from = screen.getByTestId("filter-date-from");
    await fireEvent.input(from, { target: { value: "01122026" } });
    expect(from).toHaveValue("01/12/2026");
    expect(lastFilter().dateFrom).toBe("2026-12-01");

    const to = screen.getByTestId("filter-date-to");
    await fireEvent.input(to, { target: { value: "3102" } });
    await fireEvent.blur(to);
    await fireEvent.input(to, { target: { value: "31022026" } });
    await fireEvent.blur(to);
    expect(screen.getByTestId("filter-date-to-problem")).toHaveTextContent("Data inválida");
    expect(lastFilter().dateTo).toBeNull();

    await fireEvent.click(screen.getByTestId("filter-clear"));
    expect(screen.getByTestId("filter-date-from")).toHaveValue("");
    expect(screen.getByTestId("filter-date-to")).toHaveValue("");
    expect(screen.queryByTestId("filter-date-to-problem")).not.toBeInTheDocument();
    expect(lastFilter()).toMatchObject({ dateFrom: null, dateTo: null });
  });

  it("searches with the typed text once typing pauses", async () => {
    listOrders.mockImplementation(async (_f, p) => pageOf(50, p.offset, p.limit));
    renderList();
    await screen.findByText("50 ordens");
    vi.useFakeTimers();
    listOrders.mockClear();

    const search = screen.getByPlaceholderText("Buscar por cliente, OS, endereço…");
    await fireEvent.input(search, { target: { value: "Graças" } });
    vi.advanceTimersByTime(100);
    expect(listOrders).not.toHaveBeenCalled(); // still typing

    listOrders.mockImplementation(async (_f, p) => pageOf(3, p.offset, p.limit));
    vi.advanceTimersByTime(200);
    expect(listOrders).toHaveBeenCalledTimes(1);
    expect(lastFilter().text).toBe("Graças");
    vi.useRealTimers();
    expect(await screen.findByText("3 ordens")).toBeInTheDocument();
    expect(screen.getAllByTestId("order-row")).toHaveLength(3);
  });

  it("sorts by a column when its header is clicked, flipping on the second click", async () => {
    listOrders.mockImplementation(async (_f, p) => pageOf(20, p.offset, p.limit));
    renderList();
    await screen.findByText("20 ordens");

    const customer = screen.getByRole("columnheader", { name: /Cliente/ });
    expect(customer).toHaveAttribute("aria-sort", "none");
    await fireEvent.click(within(customer).getByRole("button"));
    expect(lastFilter()).toMatchObject({ sort: "customer", dir: "asc" });
    await waitFor(() => expect(customer).toHaveAttribute("aria-sort", "ascending"));

    await fireEvent.click(within(customer).getByRole("button"));
    expect(lastFilter()).toMatchObject({ sort: "customer", dir: "desc" });
    await waitFor(() => expect(customer).toHaveAttribute("aria-sort", "descending"));
  });

  it("filters by status with a chip that is always visible", async () => {
    listOrders.mockImplementation(async (_f, p) => pageOf(20, p.offset, p.limit));
    renderList();
    await screen.findByText("20 ordens");

    await fireEvent.click(screen.getByLabelText("Agendada"));
    expect(lastFilter().statuses).toEqual(["scheduled"]);
    await fireEvent.click(screen.getByLabelText("Em análise"));
    expect(lastFilter().statuses).toEqual(["pending_analysis", "scheduled"]);
    expect(screen.getByTestId("filter-status-scheduled")).toBeVisible();
  });

  it("says so when nothing matches, and offers to clear the filters", async () => {
    listOrders.mockImplementation(async (f, p) => pageOf(f.kinds.length > 0 ? 0 : 8, p.offset, p.limit));
    renderList();
    await screen.findByText("8 ordens");

    await fireEvent.change(screen.getByTestId("filter-kind"), { target: { value: "removal" } });
    expect(await screen.findByText("Nenhuma ordem encontrada")).toBeInTheDocument();
    expect(screen.getByText("0 ordens")).toBeInTheDocument();
    expect(screen.queryAllByTestId("order-row")).toHaveLength(0);

    const clearButtons = screen.getAllByRole("button", { name: "Limpar filtros" });
    await fireEvent.click(clearButtons[clearButtons.length - 1]);
    expect(await screen.findByText("8 ordens")).toBeInTheDocument();
    expect(screen.queryByText("Nenhuma ordem encontrada")).not.toBeInTheDocument();
  });

  it("shows the backend's message when loading fails, and tries again on request", async () => {
    listOrders.mockRejectedValueOnce({ code: "database", message: "Não foi possível ler o banco de dados local." });
    renderList();

    expect(await screen.findByText("Não foi possível ler o banco de dados local.")).toBeInTheDocument();
    expect(screen.getByText("Não foi possível carregar as ordens")).toBeInTheDocument();

    listOrders.mockImplementation(async (_f, p) => pageOf(7, p.offset, p.limit));
    await fireEvent.click(screen.getByRole("button", { name: "Tentar novamente" }));
    expect(await screen.findByText("7 ordens")).toBeInTheDocument();
    expect(screen.getAllByTestId("order-row")).toHaveLength(7);
    expect(screen.queryByText("Não foi possível ler o banco de dados local.")).not.toBeInTheDocument();
  });

  it("ignores an answer for a filter that is no longer on screen", async () => {
    let resolveSlow: (v: ReturnType<typeof pageOf>) => void = () => {};
    listOrders.mockImplementationOnce(() => new Promise((r) => (resolveSlow = r)));
    listOrders.mockImplementation(async (_f, p) => pageOf(4, p.offset, p.limit));
    const { model } = renderList();

    model.setFilter({ period: "afternoon" });
    expect(await screen.findByText("4 ordens")).toBeInTheDocument();
    resolveSlow(pageOf(999, 0, 100));
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getByTestId("order-total")).toHaveTextContent("4 ordens");
  });

  it("moves with the arrow keys and opens with Enter or a click", async () => {
    listOrders.mockImplementation(async (_f, p) => pageOf(30, p.offset, p.limit));
    const { onopen } = renderList();
    await screen.findByText("30 ordens");

    const grid = screen.getByTestId("order-list");
    grid.focus();
    await fireEvent.keyDown(grid, { key: "ArrowDown" });
    await fireEvent.keyDown(grid, { key: "ArrowDown" });
    await fireEvent.keyDown(grid, { key: "ArrowUp" });
    await fireEvent.keyDown(grid, { key: "ArrowDown" });
    await fireEvent.keyDown(grid, { key: "Enter" });
    expect(onopen).toHaveBeenLastCalledWith("ord-1");

    await fireEvent.click(screen.getByText("Luana Cavalcanti 4"));
    expect(onopen).toHaveBeenLastCalledWith("ord-4");
  });

  it("jumps to the search box with /", async () => {
    listOrders.mockImplementation(async (_f, p) => pageOf(5, p.offset, p.limit));
    renderList();
    await screen.findByText("5 ordens");
    await fireEvent.keyDown(document.body, { key: "/" });
    expect(screen.getByTestId("search-input")).toHaveFocus();
  });

  it("refreshes after a sync without blanking the rows on screen", async () => {
    listOrders.mockImplementation(async (_f, p) => pageOf(6, p.offset, p.limit));
    const { model } = renderList();
    await screen.findByText("6 ordens");
    let answer: (v: ReturnType<typeof pageOf>) => void = () => {};
    listOrders.mockImplementationOnce(() => new Promise((r) => (answer = r)));
    model.refresh();
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getAllByTestId("order-row")).toHaveLength(6); // still the old rows, no skeletons
    expect(screen.queryAllByTestId("order-row-skeleton")).toHaveLength(0);
    answer(pageOf(9, 0, 100));
    expect(await screen.findByText("9 ordens")).toBeInTheDocument();
  });
});

