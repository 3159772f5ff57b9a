import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  isCommandError: (e: unknown) => typeof e === "object" && e !== null && "code" in e,
  backend: { findCustomers: vi.fn(), planCatalogue: vi.fn(async () => []), openOrder: vi.fn() },
}));

import { backend } from "$lib/backend";
import { makeDetail } from "../../test/fixtures";
import NewOrderDialog from "./NewOrderDialog.svelte";

beforeEach(() => {
  vi.mocked(backend.findCustomers).mockReset().mockResolvedValue([
    { id: "c1", name: "Joana Ferreira", address: "Rua dos Navegantes, 1200 – Boa Viagem, Recife", phone: "81998765432" },
  ]);
  vi.mocked(backend.openOrder).mockReset();
});

describe("a new work order from the office", () => {
  it("is a modal dialog: Escape cancels it, Tab stays inside, the focus goes back to the button that opened it", async () => {
    const opener = document.createElement("button");
    document.body.appendChild(opener);
    opener.focus();
    const oncancel = vi.fn();
    const { unmount } = render(NewOrderDialog, { onopened: vi.fn(), oncancel });
    const dialog = screen.getByTestId("new-order-dialog");
    expect(dialog).toHaveAttribute("aria-modal", "true");
    // The focus goes into it, whatever had it: keys reach the dialog, not the page behind.
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(screen.getByTestId("new-order-search")).toHaveFocus();
    // Escape in the search box with text clears it; the dialog stays.
    await fireEvent.input(screen.getByTestId("new-order-search"), { target: { value: "jo" } });
    await fireEvent.keyDown(screen.getByTestId("new-order-search"), { key: "Escape" });
    expect(screen.getByTestId("new-order-search")).toHaveValue("");
    expect(oncancel).not.toHaveBeenCalled();
    const controls = [...dialog.querySelectorAll<HTMLElement>("input, select, textarea, button:not([disabled])")];
    controls[controls.length - 1].focus();
    await fireEvent.keyDown(document.activeElement!, { key: "Tab" });
    expect(document.activeElement).toBe(controls[0]);
    await fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    expect(oncancel).toHaveBeenCalledOnce();
    unmount();
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });

  it("opens an order of the kind chosen for the customer found, and names a missing plan", async () => {
    vi.mocked(backend.openOrder)
      .mockRejectedValueOnce({ code: "invalid_input", message: "Campo obrigatório: plano", params: {} })
      .mockResolvedValueOnce(makeDetail({ order: { ...makeDetail().order, id: "ord-7" } }));
    const onopened = vi.fn();
    render(NewOrderDialog, { onopened, oncancel: vi.fn() });
    await fireEvent.input(screen.getByTestId("new-order-search"), { target: { value: "joana" } });
    await fireEvent.click(await screen.findByTestId("new-order-hit", {}, { timeout: 2000 }));
    await fireEvent.change(screen.getByTestId("new-order-kind"), { target: { value: "removal" } });
    await fireEvent.click(screen.getByTestId("new-order-open"));
    expect(await screen.findByTestId("new-order-message")).toHaveTextContent("Campo obrigatório: plano");
    await fireEvent.click(screen.getByTestId("new-order-open"));
    await waitFor(() => expect(onopened).toHaveBeenCalledWith("ord-7"));
    expect(backend.openOrder).toHaveBeenLastCalledWith({ customerId: "c1", kind: "removal", planId: null, notes: null });
  });

  it("asks a plan change for its new plan, offering only plans on sale", async () => {
    const plan = (id: string, name: string, sold: boolean) => ({
      id, name, downloadMbps: 300, priceCents: 9990, hasIptv: false, premium: false, svas: [], sold, orders: 0,
    });
    vi.mocked(backend.planCatalogue).mockResolvedValue([plan("p1", "Fibra 300 Mega", true), plan("p0", "Fibra 50 Mega", false)]);
    vi.mocked(backend.openOrder).mockResolvedValueOnce(makeDetail({ order: { ...makeDetail().order, id: "ord-8" } }));
    const onopened = vi.fn();
    render(NewOrderDialog, { onopened, oncancel: vi.fn() });
    await fireEvent.input(screen.getByTestId("new-order-search"), { target: { value: "joana" } });
    await fireEvent.click(await screen.findByTestId("new-order-hit", {}, { timeout: 2000 }));
    await fireEvent.change(screen.getByTestId("new-order-kind"), { target: { value: "plan_change" } });
    await fireEvent.click(screen.getByTestId("new-order-open"));
    expect(await screen.findByTestId("new-order-message")).toHaveTextContent("Escolha o plano novo");
    expect(backend.openOrder).not.toHaveBeenCalled();
    const options = [...(screen.getByTestId("new-order-plan") as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual(["Escolha o plano novo", "Fibra 300 Mega"]);
    await fireEvent.change(screen.getByTestId("new-order-plan"), { target: { value: "p1" } });
    await fireEvent.click(screen.getByTestId("new-order-open"));
    await waitFor(() => expect(onopened).toHaveBeenCalledWith("ord-8"));
    expect(backend.openOrder).toHaveBeenLastCalledWith({ customerId: "c1", kind: "plan_change", planId: "p1", notes: null });
  });

  it("asks an address change for the address the customer moves to and sends it", async () => {
    vi.mocked(backend.openOrder).mockResolvedValueOnce(makeDetail({ order: { ...makeDetail().order, id: "ord-9" } }));
    const onopened = vi.fn();
    render(NewOrderDialog, { onopened, oncancel: vi.fn() });
    await fireEvent.input(screen.getByTestId("new-order-search"), { target: { value: "joana" } });
    await fireEvent.click(await screen.findByTestId("new-order-hit", {}, { timeout: 2000 }));
    expect(screen.queryByTestId("new-order-address")).toBeNull();
    await fireEvent.change(screen.getByTestId("new-order-kind"), { target: { value: "address_change" } });
    const type = async (key: string, value: string) => fireEvent.input(screen.getByTestId(`new-order-${key}`), { target: { value } });
    await type("cep", "53020140");
    expect((screen.getByTestId("new-order-cep") as HTMLInputElement).value).toBe("53020-140");
    await type("street", "Rua do Amparo");
    await type("number", "88");
    await type("neighbourhood", "Amparo");
    await type("city", "Olinda");
    await type("uf", "PE");
    await fireEvent.click(screen.getByTestId("new-order-open"));
    await waitFor(() => expect(onopened).toHaveBeenCalledWith("ord-9"));
    expect(backend.openOrder).toHaveBeenLastCalledWith({
      customerId: "c1",
      kind: "address_change",
      planId: null,
      notes: null,
      newAddress: { cep: "53020-140", street: "Rua do Amparo", number: "88", complement: "", neighbourhood: "Amparo", city: "Olinda", uf: "PE", reference: "", lat: null, lon: null },
    });
  });
});
