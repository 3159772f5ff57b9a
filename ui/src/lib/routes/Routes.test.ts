import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    planRoutes: vi.fn(),
    filterOptions: vi.fn(),
    cancelPlanning: vi.fn(),
    evaluateRoutes: vi.fn(),
    applyRoutes: vi.fn(),
    routeCandidates: vi.fn(),
    technicianSkills: vi.fn(),
    setTechnicianSkills: vi.fn(),
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
      home: [-8.06, -34.87],
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
    vi.mocked(backend.technicianSkills).mockResolvedValue([
      { technicianId: "t1", name: "Carlos Henrique", skills: ["fusao", "iptv"], configured: true },
      { technicianId: "t2", name: "Ana Lima", skills: ["fusao", "iptv"], configured: false },
    ]);
    vi.mocked(backend.setTechnicianSkills).mockImplementation(async (id, skills) => [
      { technicianId: "t1", name: "Carlos Henrique", skills: id === "t1" ? skills : ["fusao", "iptv"], configured: true },
      { technicianId: "t2", name: "Ana Lima", skills: id === "t2" ? skills : ["fusao", "iptv"], configured: id === "t2" },
    ]);
    vi.mocked(backend.routeCandidates).mockResolvedValue([
      { orderId: "a", number: 1, customerName: "Cliente 1", neighbourhood: "Boa Viagem", lat: -8.11, lon: -34.9, period: "morning", technicianName: "Carlos Henrique" },
      { orderId: "b", number: 2, customerName: "Cliente 2", neighbourhood: "Boa Viagem", lat: -8.12, lon: -34.9, period: null, technicianName: null },
    ]);
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
      orders: [],
      fromTime: null,
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

  it("moves a stop by dragging it onto another and shows what the change costs against the plan", async () => {
    vi.mocked(backend.evaluateRoutes).mockImplementation(async (_date, routes) => ({
      ...plan,
      routes: [{ ...plan.routes[0], km: 15.1, drivingMinutes: 38, stops: routes[0].orderIds.map((id, i) => stop(id, id === "a" ? 1 : 2, i === 0 ? "08:10" : "09:40")) }],
      unassigned: [],
    }));
    render(RoutesPage, {});
    await fireEvent.click(screen.getByTestId("routes-plan"));
    await waitFor(() => expect(screen.getAllByTestId("route-stop")).toHaveLength(2));
    const [first, second] = screen.getAllByTestId("route-stop");
    await fireEvent.dragStart(second);
    await fireEvent.dragOver(first);
    await fireEvent.drop(first);
    await waitFor(() => expect(backend.evaluateRoutes).toHaveBeenCalled());
    expect(vi.mocked(backend.evaluateRoutes).mock.calls[0][1]).toEqual([{ technicianId: "t1", orderIds: ["b", "a"] }]);
    await waitFor(() => expect(screen.getByTestId("route-versus").textContent).toBe("+2,7 km · +7 min em relação ao plano"));
  });

  it("plans only the orders chosen on the map", async () => {
    render(RoutesPage, {});
    await fireEvent.click(screen.getByTestId("routes-choose"));
    await waitFor(() => expect(screen.getByTestId("routes-candidates").textContent).toContain("2 ordens que o plano levaria"));
    expect(vi.mocked(backend.routeCandidates).mock.calls[0][0]).toMatchObject({ orders: [] });
    expect(screen.getByTestId("map-lasso")).toBeInTheDocument();
  });

  it("saves a technician's skills as soon as a box is changed", async () => {
    render(RoutesPage, {});
    await waitFor(() => expect(screen.getAllByTestId("skills-row")).toHaveLength(2));
    const ana = screen.getAllByTestId("skills-row")[1];
    expect(ana.textContent).toContain("não configurado: todas");
    await fireEvent.click(ana.querySelector("[data-testid=skill-iptv]")!);
    await waitFor(() => expect(backend.setTechnicianSkills).toHaveBeenCalledWith("t2", ["fusao"]));
    await waitFor(() => expect(screen.getAllByTestId("skills-row")[1].textContent).not.toContain("não configurado"));
  });

  it("re-plans the rest of today from now only for today", async () => {
    render(RoutesPage, {});
    const box = screen.getByTestId("routes-from-now") as HTMLInputElement;
    expect(box.disabled).toBe(false);
    await fireEvent.click(box);
    await fireEvent.click(screen.getByTestId("routes-plan"));
    expect(vi.mocked(backend.planRoutes).mock.calls[0][0].fromTime).toMatch(/^\d{2}:\d{2}$/);
    await waitFor(() => expect(screen.getByTestId("routes-from")).toBeInTheDocument());
    await fireEvent.click(screen.getByLabelText("Próximo dia"));
    expect(box.disabled).toBe(true);
    expect(box.checked).toBe(false);
  });
});
