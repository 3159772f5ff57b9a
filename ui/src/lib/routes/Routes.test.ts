import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    planRoutes: vi.fn(),
    filterOptions: vi.fn(),
    cancelPlanning: vi.fn(),
    evaluateRoutes: vi.fn(),
    applyRoutes: vi.fn(),
  },
}));

import { backend, type RoutePlanView } from "$lib/backend";
import RoutesPage from "./RoutesPage.svelte";

function stop(id: string, n: number, start: string) {
  return {
    orderId: id,
    number: n,
    customerName: `Cliente ${n}`,
    neighbourhood: "Boa Viagem",
    lat: -8.1 - n / 100,
    lon: -34.9,
    arrival: start,
    start,
    window: "08:00–12:00",
    period: "morning" as const,
    moved: false,
  };
}

const plan: RoutePlanView = {
  date: "2026-11-24",
  routes: [
    {
      technicianId: "t1",
      technicianName: "Carlos Henrique",
      stops: [stop("a", 1, "08:10"), stop("b", 2, "09:30")],
      km: 12.4,
      drivingMinutes: 31,
      idleMinutes: 0,
      problems: [],
    },
  ],
  unassigned: [{ orderId: "c", number: 3, customerName: "Cliente 3", reason: "Nenhum técnico tem a habilidade exigida." }],
  distances: "Distâncias estimadas em linha reta × 1,35 (30 km/h), sem internet",
  elapsedMs: 1500,
  base: [-8.06, -34.87],
};

describe("the routes page", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(backend.filterOptions).mockResolvedValue({
      technicians: [
        { id: "t1", name: "Carlos Henrique", phone: "" },
        { id: "t2", name: "Ana Lima", phone: "" },
      ],
      neighbourhoods: [],
    });
    vi.mocked(backend.planRoutes).mockResolvedValue(plan);
    vi.mocked(backend.evaluateRoutes).mockImplementation(async (_date, routes) => ({
      ...plan,
      routes: [{ ...plan.routes[0], stops: routes[0].orderIds.map((id, i) => stop(id, id === "a" ? 1 : 2, i === 0 ? "08:10" : "09:40")) }],
      unassigned: [],
    }));
    vi.mocked(backend.applyRoutes).mockResolvedValue({ ...plan, unassigned: [] });
  });

  it("plans, lists stops with times and totals, and names what was left out", async () => {
    render(RoutesPage, {});
    await fireEvent.click(screen.getByTestId("routes-plan"));
    expect(backend.planRoutes).toHaveBeenCalledWith({
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      includeQueue: false,
      keepTechnicians: true,
      period: null,
      technicians: [],
    });
    await waitFor(() => expect(screen.getAllByTestId("route-stop")).toHaveLength(2));
    expect(screen.getByTestId("route").textContent).toContain("12,4 km · 31 min dirigindo");
    expect(screen.getByTestId("routes-unassigned").textContent).toContain("Nenhum técnico tem a habilidade exigida.");
    expect(screen.getAllByTestId("route-map")).toHaveLength(1);
  });

  it("plans only the chosen period and technicians", async () => {
    render(RoutesPage, {});
    await waitFor(() => expect(screen.getAllByTestId("routes-tech")).toHaveLength(2));
    await fireEvent.change(screen.getByTestId("routes-period"), { target: { value: "afternoon" } });
    await fireEvent.click(screen.getAllByTestId("routes-tech")[1]);
    await fireEvent.click(screen.getByTestId("routes-plan"));
    expect(vi.mocked(backend.planRoutes).mock.calls[0][0]).toMatchObject({ period: "afternoon", technicians: ["t2"] });
  });

  it("re-evaluates a manual reorder and applies the arrangement", async () => {
    render(RoutesPage, {});
    await fireEvent.click(screen.getByTestId("routes-plan"));
    await waitFor(() => expect(screen.getAllByTestId("route-stop")).toHaveLength(2));
    await fireEvent.click(screen.getAllByTestId("stop-down")[0]);
    await waitFor(() => expect(backend.evaluateRoutes).toHaveBeenCalled());
    expect(vi.mocked(backend.evaluateRoutes).mock.calls[0][1]).toEqual([{ technicianId: "t1", orderIds: ["b", "a"] }]);
    await waitFor(() => expect(screen.getAllByTestId("route-stop")[0].dataset.orderId).toBe("b"));
    await fireEvent.click(screen.getByTestId("routes-apply"));
    await waitFor(() => expect(backend.applyRoutes).toHaveBeenCalled());
    expect(vi.mocked(backend.applyRoutes).mock.calls[0][1]).toEqual([{ technicianId: "t1", orderIds: ["b", "a"] }]);
    await waitFor(() => expect(screen.getByTestId("routes-notice")).toBeInTheDocument());
  });
});
