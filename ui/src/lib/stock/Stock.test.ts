import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    checkScan: vi.fn(),
  },
}));

import { backend } from "$lib/backend";
import ScanList from "./ScanList.svelte";

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
});
