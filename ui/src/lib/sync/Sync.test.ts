import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    syncStatus: vi.fn(),
    syncNow: vi.fn(),
    joinServer: vi.fn(),
    signInAgain: vi.fn(),
    choosePassword: vi.fn(),
    signOut: vi.fn(),
    exportPending: vi.fn(),
    refusedChanges: vi.fn(),
  },
}));

import { backend, type SyncView } from "$lib/backend";
import SessionBanner from "./SessionBanner.svelte";
import SyncIndicator from "./SyncIndicator.svelte";
import SyncPage from "./SyncPage.svelte";
import { POLL_MS, SyncModel, ago } from "./syncModel.svelte";

const alone: SyncView = {
  joined: false,
  serverUrl: null,
  userName: null,
  login: null,
  session: null,
  role: null,
  decidesConflicts: false,
  pending: 0,
  cursor: 0,
  lastSyncAt: null,
  online: false,
  running: false,
  lastError: null,
  conflicts: 0,
  refused: 0,
  received: null,
  clockOffMinutes: null,
};

const joined: SyncView = {
  ...alone,
  joined: true,
  serverUrl: "https://campo.provedor.com.br",
  userName: "Josué Lins",
  login: "josue",
  session: "active",
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
  vi.mocked(backend.syncStatus).mockReset();
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

  it("says just Offline when nothing is waiting, and Sincronizando while a round runs", () => {
    const { unmount } = render(SyncIndicator, { model: modelWith({ ...joined, online: false }), onopen: vi.fn() });
    const el = screen.getByTestId("sync-indicator");
    expect(el).toHaveTextContent(/^Offline$/);
    expect(el).not.toHaveTextContent("conflito");
    unmount();
    render(SyncIndicator, { model: modelWith({ ...joined, running: true, pending: 4 }), onopen: vi.fn() });
    expect(screen.getByTestId("sync-indicator")).toHaveTextContent("Sincronizando…");
  });

  it("opens the sync page when clicked", async () => {
    const onopen = vi.fn();
    render(SyncIndicator, { model: modelWith(alone), onopen });
    await fireEvent.click(screen.getByTestId("sync-indicator"));
    expect(onopen).toHaveBeenCalledOnce();
  });

  it("shows how long ago it synced", () => {
    render(SyncIndicator, { model: modelWith(joined), onopen: vi.fn() });
    expect(screen.getByTestId("sync-indicator")).toHaveTextContent("Sincronizado · há 3 min");
    expect(ago(new Date(Date.now() - 26 * 3600_000).toISOString())).toBe("há 1 dia");
  });
});

describe("session banner", () => {
  const expired: SyncView = { ...joined, online: false, pending: 2, session: "sign_in_again" };

  it("shows nothing while the session is active or the device works alone", () => {
    render(SessionBanner, { model: modelWith(joined) });
    render(SessionBanner, { model: modelWith(alone) });
    expect(screen.queryByTestId("session-banner")).toBeNull();
    expect(screen.queryByTestId("clock-banner")).toBeNull();
  });

  it("says on the sync page that the server answers but wants a new sign-in", () => {
    render(SyncPage, { model: modelWith(expired), onjoined: vi.fn() });
    expect(screen.getByTestId("sync-state")).toHaveTextContent("O servidor responde, mas pede que você entre novamente");
  });

  it("asks to set the clock when it is hours off the server's", () => {
    render(SessionBanner, { model: modelWith({ ...joined, online: true, clockOffMinutes: -185 }) });
    expect(screen.getByTestId("clock-banner")).toHaveTextContent(
      "O relógio deste computador está 3 h atrasado em relação ao servidor. Acerte a data e a hora do computador",
    );
  });

  it("asks to sign in again with the login filled in and what waits kept, and says a wrong password", async () => {
    vi.mocked(backend.signInAgain).mockRejectedValueOnce({ code: "bad_credentials", message: "Login ou senha incorretos", params: {} });
    render(SessionBanner, { model: modelWith(expired) });
    const banner = screen.getByTestId("session-banner");
    expect(banner).toHaveTextContent("A sessão de Josué Lins expirou ou foi encerrada");
    expect(banner).toHaveTextContent("2 alterações estão guardadas neste computador e serão enviadas ao entrar.");
    expect(screen.getByTestId("session-login")).toHaveValue("josue");
    await fireEvent.click(screen.getByTestId("session-submit"));
    expect(screen.getByTestId("session-error")).toHaveTextContent("Informe a senha");
    expect(backend.signInAgain).not.toHaveBeenCalled();
    await fireEvent.input(screen.getByTestId("session-password"), { target: { value: "errada" } });
    await fireEvent.click(screen.getByTestId("session-submit"));
    await waitFor(() => expect(screen.getByTestId("session-error")).toHaveTextContent("Login ou senha incorretos"));
    expect(backend.signInAgain).toHaveBeenCalledWith("josue", "errada");
    expect(screen.getByTestId("session-password")).toHaveValue("");
  });

  it("goes away once the person signed in again", async () => {
    vi.mocked(backend.signInAgain).mockResolvedValueOnce({ ...expired, session: "active" });
    render(SessionBanner, { model: modelWith(expired) });
    await fireEvent.input(screen.getByTestId("session-password"), { target: { value: "certa" } });
    await fireEvent.click(screen.getByTestId("session-submit"));
    await waitFor(() => expect(screen.queryByTestId("session-banner")).toBeNull());
  });

  it("asks for a password of one's own in place of the administration's, each problem beside its field", async () => {
    const choosing: SyncView = { ...expired, pending: 0, session: "choose_password" };
    vi.mocked(backend.choosePassword)
      .mockRejectedValueOnce({ code: "invalid_fields", message: "Corrija os campos marcados", params: { current: "A senha atual não confere" } })
      .mockResolvedValueOnce({ ...choosing, session: "active" });
    render(SessionBanner, { model: modelWith(choosing) });
    expect(screen.getByTestId("choose-password")).toHaveTextContent("Josué Lins, escolha a sua senha");
    expect(screen.queryByTestId("session-password")).toBeNull();
    await fireEvent.input(screen.getByTestId("choose-current"), { target: { value: "abcd-efgh-ijkm" } });
    await fireEvent.input(screen.getByTestId("choose-new"), { target: { value: "minha-senha" } });
    await fireEvent.input(screen.getByTestId("choose-again"), { target: { value: "minha-senhA" } });
    await fireEvent.click(screen.getByTestId("choose-save"));
    expect(screen.getByTestId("choose-problem")).toHaveTextContent("As duas senhas novas não são iguais");
    expect(backend.choosePassword).not.toHaveBeenCalled();
    await fireEvent.input(screen.getByTestId("choose-again"), { target: { value: "minha-senha" } });
    await fireEvent.click(screen.getByTestId("choose-save"));
    await waitFor(() => expect(screen.getByTestId("choose-problem")).toHaveTextContent("A senha atual não confere"));
    expect(screen.getByTestId("choose-problem").dataset.field).toBe("current");
    await fireEvent.click(screen.getByTestId("choose-save"));
    await waitFor(() => expect(screen.queryByTestId("choose-password")).toBeNull());
    expect(backend.choosePassword).toHaveBeenLastCalledWith("abcd-efgh-ijkm", "minha-senha");
  });

  it("tells a disabled account so, and exports what was not sent", async () => {
    vi.mocked(backend.exportPending).mockResolvedValueOnce("/home/ana/Downloads/campo-pendentes.json");
    render(SessionBanner, { model: modelWith({ ...expired, session: "disabled" }) });
    expect(screen.getByTestId("session-banner")).toHaveTextContent("Esta conta foi desativada");
    expect(screen.queryByTestId("session-password")).toBeNull();
    await fireEvent.click(screen.getByTestId("export-pending"));
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("/home/ana/Downloads/campo-pendentes.json"));
  });

  it("the indicator says to sign in again instead of offline", () => {
    render(SyncIndicator, { model: modelWith(expired), onopen: vi.fn() });
    expect(screen.getByTestId("sync-indicator")).toHaveTextContent("Sem sessão · entre novamente");
  });
});

describe("refused changes", () => {
  it("the page lists each change the server refused, with why, and the indicator counts them", async () => {
    vi.mocked(backend.refusedChanges).mockResolvedValue([
      { seq: 7, what: "Alterar um dia do calendário", why: "Operação calendar.day.set ilegível: o aplicativo precisa ser atualizado", madeAt: "2026-12-01T13:00:00.000Z" },
    ]);
    const model = modelWith({ ...joined, session: "active", refused: 1 });
    render(SyncIndicator, { model, onopen: vi.fn() });
    expect(screen.getByTestId("sync-refused-count")).toHaveTextContent("1 alteração recusada");
    render(SyncPage, { model, onjoined: vi.fn() });
    const item = await screen.findByTestId("refused-change");
    expect(item).toHaveTextContent("Alterar um dia do calendário");
    expect(item).toHaveTextContent("o aplicativo precisa ser atualizado");
    expect(item).toHaveTextContent("01/12/2026 10:00");
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

  it("names the missing password and marks the field, still without calling the server", async () => {
    render(SyncPage, { model: modelWith(alone), onjoined: vi.fn() });
    await fireEvent.input(screen.getByTestId("join-url"), { target: { value: "https://campo.provedor.com.br" } });
    await fireEvent.input(screen.getByTestId("join-login"), { target: { value: "josue" } });
    await fireEvent.click(screen.getByTestId("join-submit"));
    expect(await screen.findByTestId("join-error")).toHaveTextContent("Informe a senha");
    expect(screen.getByTestId("join-password")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("join-password")).toHaveFocus();
    expect(screen.getByTestId("join-url")).toHaveValue("https://campo.provedor.com.br");
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

  it("says Entrando… and blocks a second click while the server answers", async () => {
    let answer: (v: SyncView) => void = () => {};
    vi.mocked(backend.joinServer).mockImplementation(() => new Promise((r) => (answer = r)));
    render(SyncPage, { model: modelWith(alone), onjoined: vi.fn() });
    await fireEvent.input(screen.getByTestId("join-url"), { target: { value: "https://campo.provedor.com.br" } });
    await fireEvent.input(screen.getByTestId("join-login"), { target: { value: "josue" } });
    await fireEvent.input(screen.getByTestId("join-password"), { target: { value: "senha" } });
    await fireEvent.click(screen.getByTestId("join-submit"));
    expect(screen.getByTestId("join-submit")).toHaveTextContent("Entrando…");
    expect(screen.getByTestId("join-submit")).toBeDisabled();
    answer({ ...joined, cursor: 0, lastSyncAt: null, running: true });
    expect(await screen.findByText("Primeira sincronização…")).toBeInTheDocument();
    expect(screen.getByRole("progressbar")).toBeInTheDocument();
  });

  it("shows how much of a large pull has arrived, as a filled bar and in words, past its first page", () => {
    // The first page already set lastSyncAt: the bar stays while thousands more arrive.
    render(SyncPage, {
      model: modelWith({ ...joined, running: true, received: { done: 1250, total: 5000 } }),
      onjoined: vi.fn(),
    });
    const bar = screen.getByRole("progressbar");
    expect(bar).toHaveAttribute("aria-valuenow", "25");
    expect(screen.getByTestId("first-sync")).toHaveTextContent(
      "Recebendo do servidor: 1.250 de 5.000 alterações (25%)",
    );
  });

  it("keeps a routine round of a few changes quiet", () => {
    render(SyncPage, {
      model: modelWith({ ...joined, running: true, received: { done: 3, total: 12 } }),
      onjoined: vi.fn(),
    });
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
  });

  it("shows the whole state once joined: role in words, Recife time, conflicts, last error", () => {
    render(SyncPage, {
      model: modelWith({
        ...joined,
        role: "sva_manager",
        online: false,
        pending: 12,
        conflicts: 2,
        lastSyncAt: "2026-11-24T01:30:00Z",
        lastError: "Servidor inacessível: verifique o endereço e a conexão",
      }),
      onjoined: vi.fn(),
    });
    const page = screen.getByTestId("sync-page");
    expect(page).toHaveTextContent("https://campo.provedor.com.br");
    expect(page).toHaveTextContent("Josué Lins · Gerente de SVAs");
    expect(screen.getByTestId("sync-state")).toHaveTextContent("Sem conexão com o servidor");
    expect(screen.getByTestId("sync-pending")).toHaveTextContent("12");
    expect(page).toHaveTextContent("23/11/2026 22:30");
    expect(page).toHaveTextContent("Conflitos aguardando a coordenação");
    expect(page).toHaveTextContent("Servidor inacessível: verifique o endereço e a conexão");
    expect(screen.queryByText("Primeira sincronização…")).not.toBeInTheDocument();
  });

  it("Sincronizar agora shows the state the backend returns and waits while it runs", async () => {
    let answer: (v: SyncView) => void = () => {};
    vi.mocked(backend.syncNow).mockImplementation(() => new Promise((r) => (answer = r)));
    render(SyncPage, { model: modelWith({ ...joined, pending: 5 }), onjoined: vi.fn() });
    expect(screen.getByTestId("sync-pending")).toHaveTextContent("5");
    await fireEvent.click(screen.getByTestId("sync-now"));
    expect(screen.getByTestId("sync-now")).toBeDisabled();
    expect(screen.getByTestId("sync-now")).toHaveTextContent("Sincronizando…");
    answer({ ...joined, pending: 0 });
    await waitFor(() => expect(screen.getByTestId("sync-pending")).toHaveTextContent("0"));
    expect(screen.getByTestId("sync-now")).toBeEnabled();
    expect(screen.getByTestId("sync-now")).toHaveTextContent("Sincronizar agora");
  });
});

describe("sync polling", () => {
  it("asks the backend every 5 s and stops when told", async () => {
    vi.useFakeTimers();
    vi.mocked(backend.syncStatus).mockResolvedValue({ ...joined });
    const model = new SyncModel();
    model.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.syncStatus).toHaveBeenCalledTimes(1);
    expect(model.view?.userName).toBe("Josué Lins");
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(backend.syncStatus).toHaveBeenCalledTimes(2);
    model.stop();
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(backend.syncStatus).toHaveBeenCalledTimes(2);
  });
});
