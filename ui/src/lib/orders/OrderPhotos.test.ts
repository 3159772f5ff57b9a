import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    orderPhotos: vi.fn(),
    addPhoto: vi.fn(),
    removePhoto: vi.fn(),
    photoImage: vi.fn(),
    orderEquipment: vi.fn(),
    activationOf: vi.fn(),
    activationServices: vi.fn(),
  },
}));

import { backend, type OrderPhoto } from "$lib/backend";
import OrderPhotos from "./OrderPhotos.svelte";

const photo = (over: Partial<OrderPhoto> = {}): OrderPhoto => ({
  id: "ph-1",
  hash: "a".repeat(64),
  width: 1440,
  height: 1920,
  size: 412_000,
  caption: "Sinal da ONU",
  subject: { what: "equipment", serial: "ZTEG00001234" },
  location: { lat: -8.047600, lon: -34.877000 },
  takenBy: "Josué Lins",
  takenAt: "2026-12-03T13:05:00.000Z",
  here: true,
  waiting: true,
  ...over,
});

function pick(input: HTMLElement, file: File) {
  Object.defineProperty(input, "files", { value: [file], configurable: true });
  return fireEvent.change(input);
}

beforeEach(() => {
  vi.mocked(backend.orderPhotos).mockReset().mockResolvedValue([]);
  vi.mocked(backend.addPhoto).mockReset();
  vi.mocked(backend.photoImage).mockReset().mockResolvedValue("data:image/jpeg;base64,/9j/AA==");
  vi.mocked(backend.orderEquipment).mockReset().mockResolvedValue({
    van: null,
    canRecord: true,
    required: [],
    atCustomer: [{ serial: "ZTEG00001234" }],
  } as never);
  vi.mocked(backend.activationOf).mockReset().mockRejectedValue({ code: "not_found", message: "", params: {} });
  vi.mocked(backend.activationServices).mockReset().mockResolvedValue([]);
});

describe("photos of a visit", () => {
  it("counts what the provider requires and attaches a photo with what it proves", async () => {
    render(OrderPhotos, { orderId: "ord-1", status: "in_progress", required: 2 });
    const card = await screen.findByTestId("order-photos");
    expect(within(card).getByTestId("photos-count")).toHaveTextContent("0 de 2");
    expect(card).toHaveTextContent("2 fotos exigidas para concluir esta visita");

    vi.mocked(backend.addPhoto).mockResolvedValue([photo()]);
    await pick(screen.getByTestId("photo-file"), new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], "onu.jpg", { type: "image/jpeg" }));
    const form = await screen.findByTestId("photo-form");
    await fireEvent.input(within(form).getByTestId("photo-caption"), { target: { value: "Sinal da ONU" } });
    const subject = await within(form).findByTestId("photo-subject");
    await fireEvent.change(subject, { target: { value: "e:ZTEG00001234" } });
    await fireEvent.submit(form);
    expect(backend.addPhoto).toHaveBeenCalledWith("ord-1", "/9j/4A==", "Sinal da ONU", { what: "equipment", serial: "ZTEG00001234" });
    const shown = await screen.findByTestId("photo");
    expect(shown).toHaveTextContent("Sinal da ONU");
    expect(shown).toHaveTextContent("Equipamento série ZTEG00001234");
    expect(shown).toHaveTextContent("Aguardando envio ao servidor");
    expect(within(shown).getByTestId("photo-location")).toHaveTextContent("Local: -8.04760, -34.87700");
    expect(screen.getByTestId("photos-count")).toHaveTextContent("1 de 2");
    expect(await within(shown).findByRole("img")).toHaveAttribute("src", "data:image/jpeg;base64,/9j/AA==");
  });

  it("refuses a file too large before reading it, and says the backend's refusal", async () => {
    render(OrderPhotos, { orderId: "ord-1", status: "in_progress" });
    const input = await screen.findByTestId("photo-file");
    const huge = new File([new Uint8Array(4)], "video.mov", { type: "image/jpeg" });
    Object.defineProperty(huge, "size", { value: 200 * 1024 * 1024 });
    await pick(input, huge);
    expect(await screen.findByTestId("photo-error")).toHaveTextContent("O arquivo tem 200 MB: uma foto pode ter até 40 MB");
    expect(screen.queryByTestId("photo-form")).not.toBeInTheDocument();

    vi.mocked(backend.addPhoto).mockRejectedValue({ code: "invalid_input", message: "O arquivo não é uma foto (JPEG, PNG ou WebP)", params: {} });
    await pick(screen.getByTestId("photo-file"), new File([new Uint8Array([37, 80, 68, 70])], "nota.jpg", { type: "image/jpeg" }));
    await fireEvent.submit(await screen.findByTestId("photo-form"));
    expect(await screen.findByTestId("photo-error")).toHaveTextContent("O arquivo não é uma foto (JPEG, PNG ou WebP)");
    expect(screen.getByTestId("photo-form")).toBeInTheDocument();
  });

  it("says when there is no camera, and offers a photo not yet downloaded", async () => {
    vi.mocked(backend.orderPhotos).mockResolvedValue([photo({ here: false, waiting: false })]);
    render(OrderPhotos, { orderId: "ord-1", status: "done" });
    const shown = await screen.findByTestId("photo");
    expect(shown).toHaveTextContent("Ainda não baixada neste computador");
    await fireEvent.click(within(shown).getByRole("button", { name: "Baixar" }));
    expect(await within(shown).findByRole("img")).toBeInTheDocument();

    await fireEvent.click(screen.getByTestId("camera-photo"));
    expect(await screen.findByTestId("photo-error")).toHaveTextContent("Nenhuma câmera disponível neste computador");
  });

  it("offers the checklist items of every service of the plan as what a photo proves", async () => {
    vi.mocked(backend.activationServices).mockResolvedValue([
      { key: "iptv", name: "IPTV", template: "IPTV (v1)" },
      { key: "paramount", name: "Paramount+", template: "Paramount+ (v1)" },
      { key: "deezer", name: "Deezer", template: null },
    ]);
    const item = (key: string, title: string, applies = true) => ({ item: { key, title }, applies });
    vi.mocked(backend.activationOf).mockImplementation(async (_order: string, service: string) => {
      if (service === "paramount") return { attempts: [{ items: [item("login", "Login no app da TV"), item("hdmi", "Cabo HDMI", false)] }] } as never;
      if (service === "iptv") return { attempts: [] } as never;
      throw { code: "invalid_input", message: "O plano não inclui Deezer", params: {} };
    });
    render(OrderPhotos, { orderId: "ord-1", status: "in_progress", required: 0 });
    await pick(await screen.findByTestId("photo-file"), new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], "tv.jpg", { type: "image/jpeg" }));
    const subject = await screen.findByTestId("photo-subject");
    await vi.waitFor(() => expect(within(subject).getAllByRole("option").map((o) => o.textContent)).toContain("Teste: Paramount+ · Login no app da TV"));
    const labels = within(subject).getAllByRole("option").map((o) => o.textContent ?? "");
    expect(labels.some((l) => l.includes("Cabo HDMI"))).toBe(false);
  });
});
