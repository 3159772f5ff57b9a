import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  isCommandError: (e: unknown) => typeof e === "object" && e !== null && "code" in e,
  backend: { customerMessage: vi.fn(), messageSent: vi.fn(), openNavigation: vi.fn() },
}));

import { backend, type CustomerMessage } from "$lib/backend";
import Panel from "./CustomerMessage.svelte";

const MESSAGE: CustomerMessage = {
  moment: "scheduled",
  key: "2030-01-07-afternoon",
  text: "Olá, Maria! Sua instalação (OS 000001) está agendada para 07/01/2030 no período da tarde (13h às 18h).\nConecta Recife",
  phone: "81998765432",
  link: "https://wa.me/5581998765432?text=Ol%C3%A1",
  sent: null,
};

beforeEach(() => {
  vi.mocked(backend.customerMessage).mockReset().mockResolvedValue(MESSAGE);
  vi.mocked(backend.messageSent).mockReset().mockResolvedValue({ ...MESSAGE, sent: ["2026-12-02T12:00:00.000Z", "Ana Prado"] });
  vi.mocked(backend.openNavigation).mockReset().mockResolvedValue(undefined);
});

describe("the message to the customer", () => {
  it("offers the scheduling message and records it sent when WhatsApp opens with it", async () => {
    render(Panel, { orderId: "o1", status: "scheduled", scheduledDate: "2030-01-07" });
    expect(await screen.findByTestId("customer-message")).toHaveTextContent("Mensagem ao cliente: agendamento");
    expect(screen.getByTestId("customer-message")).toHaveTextContent("Para (81) 99876-5432");
    expect(screen.getByTestId("message-pending")).toHaveTextContent("Ainda não enviada.");
    await fireEvent.click(screen.getByTestId("message-whatsapp"));
    await waitFor(() => expect(backend.openNavigation).toHaveBeenCalledWith(MESSAGE.link));
    expect(backend.messageSent).toHaveBeenCalledWith("o1", "scheduled", "2030-01-07-afternoon");
    expect(await screen.findByTestId("message-sent")).toHaveTextContent("Enviada por Ana Prado");
  });

  it("shows nothing when the order's status has no message", async () => {
    vi.mocked(backend.customerMessage).mockResolvedValue(null);
    render(Panel, { orderId: "o1", status: "approved", scheduledDate: null });
    await waitFor(() => expect(backend.customerMessage).toHaveBeenCalled());
    expect(screen.queryByTestId("customer-message")).toBeNull();
  });
});
