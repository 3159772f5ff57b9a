import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    accounts: vi.fn(),
    addAccount: vi.fn(),
    changeAccount: vi.fn(),
    syncStatus: vi.fn(),
  },
}));

import { backend, type Account } from "$lib/backend";
import PeoplePanel from "./PeoplePanel.svelte";

const ANA: Account = {
  id: "a",
  login: "ana",
  name: "Ana Prado",
  role: "admin",
  disabled: false,
  devices: [{ deviceId: "d1", appVersion: "0.1.0", lastSeenAt: "2026-12-01T13:05:00.000Z" }],
};
const JOSUE: Account = { id: "j", login: "josue", name: "Josué Lins", role: "technician", disabled: false, devices: [] };

beforeEach(() => {
  vi.mocked(backend.accounts).mockReset().mockResolvedValue([ANA]);
  vi.mocked(backend.addAccount).mockReset();
  vi.mocked(backend.changeAccount).mockReset();
  vi.mocked(backend.syncStatus).mockReset().mockResolvedValue({ login: "ana" } as never);
});

describe("people", () => {
  it("lists each person with role, computers and when each last synced", async () => {
    render(PeoplePanel, {});
    const row = await screen.findByTestId("account-row");
    expect(row).toHaveTextContent("Ana Prado");
    expect(row).toHaveTextContent("Administração");
    expect(row).toHaveTextContent("sincronizou em 01/12/2026");
  });

  it("offers no disabling or ending of sessions on the administrator's own row", async () => {
    vi.mocked(backend.accounts).mockResolvedValue([ANA, JOSUE]);
    render(PeoplePanel, {});
    await waitFor(() => expect(screen.getAllByTestId("account-row")).toHaveLength(2));
    const [ana, josue] = screen.getAllByTestId("account-row");
    await waitFor(() => expect(within(ana).getByTestId("you")).toHaveTextContent("(você)"));
    expect(within(ana).queryByTestId("disable-account")).toBeNull();
    expect(within(ana).queryByTestId("sign-out-account")).toBeNull();
    expect(within(ana).getByTestId("reset-password")).toBeInTheDocument();
    expect(within(josue).getByTestId("disable-account")).toBeInTheDocument();
    expect(within(ana).queryByTestId("account-role-change")).toBeNull();
  });

  it("gives a person another role and says what happens on their computers", async () => {
    vi.mocked(backend.accounts).mockResolvedValue([ANA, JOSUE]);
    vi.mocked(backend.changeAccount).mockResolvedValue([ANA, { ...JOSUE, role: "coordinator" }]);
    render(PeoplePanel, {});
    await waitFor(() => expect(screen.getAllByTestId("account-row")).toHaveLength(2));
    const josue = screen.getAllByTestId("account-row")[1];
    await fireEvent.change(within(josue).getByTestId("account-role-change"), { target: { value: "coordinator" } });
    await waitFor(() => expect(backend.changeAccount).toHaveBeenCalledWith("josue", { action: "set_role", role: "coordinator" }));
    expect(await screen.findByTestId("people-notice")).toHaveTextContent(
      "Josué Lins agora é Coordenação. Os computadores de Josué Lins pedem para entrar de novo",
    );
  });

  it("adds a person, and shows the server's refusal beside the login", async () => {
    vi.mocked(backend.addAccount)
      .mockRejectedValueOnce({
        code: "invalid_fields",
        message: "Corrija os campos marcados; nada foi salvo.",
        params: { login: "Já existe uma conta com este login" },
      })
      .mockResolvedValueOnce([ANA, JOSUE]);
    render(PeoplePanel, {});
    await screen.findByTestId("account-row");
    await fireEvent.input(screen.getByTestId("account-name"), { target: { value: "Josué Lins" } });
    await fireEvent.input(screen.getByTestId("account-login"), { target: { value: "Josue" } });
    await fireEvent.input(screen.getByTestId("account-password"), { target: { value: "senha-forte-123" } });
    await fireEvent.click(screen.getByTestId("account-add"));
    await waitFor(() => expect(screen.getByTestId("account-problem")).toHaveTextContent("Já existe uma conta com este login"));
    expect(screen.getByTestId("account-problem").dataset.field).toBe("login");
    expect(screen.getByTestId("account-login")).toHaveValue("Josue");

    await fireEvent.click(screen.getByTestId("account-add"));
    await waitFor(() => expect(screen.getAllByTestId("account-row")).toHaveLength(2));
    expect(backend.addAccount).toHaveBeenLastCalledWith({ login: "Josue", name: "Josué Lins", role: "technician", password: "senha-forte-123" });
    expect(screen.getByTestId("people-notice")).toHaveTextContent("Josué Lins pode entrar com o login josue.");
    expect(screen.getByTestId("account-password")).toHaveValue("");
    expect(screen.queryByTestId("account-problem")).toBeNull();
  });

  it("disables a person and gives a new password", async () => {
    vi.mocked(backend.accounts).mockResolvedValue([ANA, JOSUE]);
    vi.mocked(backend.changeAccount)
      .mockResolvedValueOnce([ANA, { ...JOSUE, disabled: true }])
      .mockResolvedValueOnce([ANA, { ...JOSUE, disabled: true }]);
    render(PeoplePanel, {});
    const rows = await screen.findAllByTestId("account-row");
    await fireEvent.click(within(rows[1]).getByTestId("disable-account"));
    await waitFor(() => expect(screen.getAllByTestId("account-row")[1]).toHaveTextContent("desativada"));
    expect(backend.changeAccount).toHaveBeenCalledWith("josue", { action: "disable" });
    expect(within(screen.getAllByTestId("account-row")[1]).getByTestId("enable-account")).toBeInTheDocument();

    await fireEvent.click(within(screen.getAllByTestId("account-row")[1]).getByTestId("reset-password"));
    await fireEvent.input(screen.getByTestId("new-password"), { target: { value: "outra-senha-1" } });
    await fireEvent.click(screen.getByTestId("save-password"));
    await waitFor(() => expect(backend.changeAccount).toHaveBeenLastCalledWith("josue", { action: "reset_password", password: "outra-senha-1" }));
    expect(screen.getByTestId("people-notice")).toHaveTextContent("Nova senha de Josué Lins salva");
  });

  it("says why the list cannot be read (offline)", async () => {
    vi.mocked(backend.accounts).mockRejectedValue({ code: "server_unreachable", message: "Servidor inacessível: verifique o endereço e a conexão", params: {} });
    render(PeoplePanel, {});
    expect(await screen.findByRole("alert")).toHaveTextContent("Servidor inacessível");
  });
});
