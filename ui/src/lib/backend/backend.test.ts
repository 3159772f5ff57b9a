// The seam itself, against Tauri's own IPC mock (the only test that touches @tauri-apps).
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { backend } from "./index";
import type { OrderFilter } from "./bindings";
import { makeDetail } from "../../test/fixtures";

afterEach(() => {
  clearMocks();
  vi.restoreAllMocks();
});

describe("backend seam", () => {
  it("sends the arguments by name, as the Rust commands expect", async () => {
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === "transition_order") return makeDetail();
      return { rows: [], total: 0, offset: 0 };
    });
    const filter: OrderFilter = {
      statuses: ["scheduled"], kinds: [], period: "morning", dateFrom: "2026-11-23", dateTo: null,
      neighbourhood: "Boa Viagem", technicianId: null, text: "graças", sort: "number", dir: "asc",
    };
    await backend.listOrders(filter, { offset: 100, limit: 100 });
    await backend.transitionOrder("ord-123", "rejected", "Endereço fora da área");
    expect(calls[0]).toEqual({ cmd: "list_orders", args: { filter: { ...filter }, page: { offset: 100, limit: 100 } } });
    expect(calls[1]).toEqual({ cmd: "transition_order", args: { id: "ord-123", to: "rejected", reason: "Endereço fora da área" } });
  });

  it("passes the backend's own error through, message untouched", async () => {
    mockIPC(() => {
      throw { code: "reason_required", message: "Informe o motivo do cancelamento", params: { to: "cancelled" } };
    });
    await expect(backend.getOrder("ord-1")).rejects.toEqual({
      code: "reason_required",
      message: "Informe o motivo do cancelamento",
      params: { to: "cancelled" },
    });
  });

  it("turns anything else into a readable internal error", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    mockIPC(() => {
      throw "command get_order not found";
    });
    await expect(backend.getOrder("ord-1")).rejects.toEqual({
      code: "internal",
      message: "Algo deu errado no Campo. Tente de novo; se continuar, procure o suporte.",
      params: {},
    });
  });
});
