import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    syncStatus: vi.fn(),
    syncNow: vi.fn(),
    joinServer: vi.fn(),
  },
}));

import { backend, type SyncView } from "$lib/backend";
import SyncIndicator from "./SyncIndicator.svelte";
import SyncPage from "./SyncPage.svelte";
import { SyncModel, ago } from "./syncModel.svelte";

const alone: SyncView = {
  joined: false,
  serverUrl: null,
  userName: null,
  role: null,
  pending: 0,
  cursor: 0,
  lastSyncAt: null,
  online: false,
  running: false,
  lastError: null,
  conflicts: 0,
};

const joined: SyncView = {
  ...alone,
  joined: true,
  serverUrl: "https://campo.provedor.com.br",
  userName: "Josué Lins",
  role: "technician",
  online: true,
  cursor: 120,
  lastSyncAt: new Date(Date.now() - 3 * 60_000).toISOString(),
};

function modelWith(view: SyncView): SyncModel {
  const m = new SyncModel();
  m.view = view;
  return m;
}

beforeEach(() => {
  vi.mocked(backend.joinServer).mockReset();
  vi.mocked(backend.syncNow).mockReset();
});

describe("sync indicator", () => {
  it("says the device works alone before it joins a server", () => {
    render(SyncIndicator, { model: modelWith(alone), onopen: vi.fn() });
    expect(screen.getByTestId("sync-indicator")).toHaveTextContent("Modo local (demonstração)");
  });

  it("counts the changes waiting and says when it is offline", () => {
    const { unmount } = render(SyncIndicator, { model: modelWith({ ...joined, pending: 3 }), onopen: vi.fn() });
    expect(screen.getByTestId("sync-indicator")).toHaveTextContent("3 alterações aguardando envio");
    unmount();
    render(SyncIndicator, {
      model: modelWith({ ...joined, online: false, pending: 2, lastError: "Servidor inacessível", conflicts: 1 }),
      onopen: vi.fn(),
    });
    const el = screen.getByTestId("sync-indicator");
    expect(el).toHaveTextContent("Offline · 2 alterações aguardando");
    expect(el).toHaveTextContent("1 conflito");
    expect(el).toHaveAttribute("title", "Servidor inacessível");
  });

  it("shows how long ago it synced", () => {
    render(SyncIndicator, { model: modelWith(joined), onopen: vi.fn() });
    expect(screen.getByTestId("sync-indicator")).toHaveTextContent("Sincronizado · há 3 min");
    expect(ago(new Date(Date.now() - 26 * 3600_000).toISOString())).toBe("há 1 dia");
  });
});

describe("sync page", () => {
  it("refuses an empty address without calling the server", async () => {
    render(SyncPage, { model: modelWith(alone), onjoined: vi.fn() });
    await fireEvent.input(screen.getByTestId("join-login"), { target: { value: "josue" } });
    await fireEvent.click(screen.getByTestId("join-submit"));
    expect(await screen.findByTestId("join-error")).toHaveTextContent("Informe o endereço do servidor");
    expect(backend.joinServer).not.toHaveBeenCalled();
  });

  it("shows the server's refusal, keeps the login and clears the password", async () => {
    vi.mocked(backend.joinServer).mockRejectedValue({ code: "unauthorized", message: "Login ou senha incorretos" });
    const onjoined = vi.fn();
    render(SyncPage, { model: modelWith(alone), onjoined });
    await fireEvent.input(screen.getByTestId("join-url"), { target: { value: "https://campo.provedor.com.br" } });
    await fireEvent.input(screen.getByTestId("join-login"), { target: { value: "josue" } });
    await fireEvent.input(screen.getByTestId("join-password"), { target: { value: "errada" } });
    await fireEvent.click(screen.getByTestId("join-submit"));
    expect(await screen.findByTestId("join-error")).toHaveTextContent("Login ou senha incorretos");
    expect(backend.joinServer).toHaveBeenCalledWith("https://campo.provedor.com.br", "josue", "errada");
    expect(screen.getByTestId("join-login")).toHaveValue("josue");
    expect(screen.getByTestId("join-password")).toHaveValue("");
    expect(onjoined).not.toHaveBeenCalled();
  });

  it("after joining shows who is logged in, and syncs on demand", async () => {
    vi.mocked(backend.joinServer).mockResolvedValue(joined);
    vi.mocked(backend.syncNow).mockResolvedValue({ ...joined, pending: 0 });
    const onjoined = vi.fn();
    const model = modelWith(alone);
    render(SyncPage, { model, onjoined });
    await fireEvent.input(screen.getByTestId("join-url"), { target: { value: "https://campo.provedor.com.br" } });
    await fireEvent.input(screen.getByTestId("join-login"), { target: { value: "josue" } });
    await fireEvent.input(screen.getByTestId("join-password"), { target: { value: "senha-forte-123" } });
    await fireEvent.click(screen.getByTestId("join-submit"));
    expect(await screen.findByText("Josué Lins · Técnico(a)")).toBeInTheDocument();
    expect(onjoined).toHaveBeenCalledOnce();
    expect(screen.getByTestId("sync-state")).toHaveTextContent("Conectado");
    await fireEvent.click(screen.getByTestId("sync-now"));
    expect(backend.syncNow).toHaveBeenCalledOnce();
  });
});
