import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    unlock: vi.fn(),
    joinServer: vi.fn(),
    syncStatus: vi.fn(),
  },
}));

import { backend, type PersonHere } from "$lib/backend";
import { SyncModel } from "$lib/sync/syncModel.svelte";
import People from "./People.svelte";

const people: PersonHere[] = [
  { userId: "u-1", name: "Mariana Lima", login: "mariana", role: "coordinator", serverUrl: "https://campo.provedor.com.br" },
  { userId: "u-2", name: "Sofia Castro", login: "sofia", role: "seller", serverUrl: "https://campo.provedor.com.br" },
];

describe("the people who use this computer", () => {
  it("opens a person's data with their password and says why it did not", async () => {
    const onopen = vi.fn();
    render(People, { people, sync: new SyncModel(), onopen, onjoined: vi.fn() });
    const names = await screen.findAllByTestId("person");
    expect(names.map((n) => n.textContent)).toEqual([
      expect.stringContaining("Mariana Lima"),
      expect.stringContaining("Sofia Castro"),
    ]);
    expect(names[1].textContent).toContain("Vendedor(a) · sofia");

    await fireEvent.click(names[1]);
    await fireEvent.click(await screen.findByTestId("unlock"));
    expect((await screen.findByTestId("unlock-error")).textContent).toBe("Digite a sua senha");
    expect(backend.unlock).not.toHaveBeenCalled();

    vi.mocked(backend.unlock).mockRejectedValueOnce({
      code: "bad_credentials",
      message: "Senha incorreta: restam 4 tentativas neste computador",
      params: {},
    });
    await fireEvent.input(screen.getByTestId("unlock-password"), { target: { value: "errada" } });
    await fireEvent.click(screen.getByTestId("unlock"));
    await waitFor(() =>
      expect(screen.getByTestId("unlock-error").textContent).toBe("Senha incorreta: restam 4 tentativas neste computador"),
    );
    expect((screen.getByTestId("unlock-password") as HTMLInputElement).value).toBe("");

    const ready = { state: "ready" } as never;
    vi.mocked(backend.unlock).mockResolvedValueOnce(ready);
    await fireEvent.input(screen.getByTestId("unlock-password"), { target: { value: "certa" } });
    await fireEvent.click(screen.getByTestId("unlock"));
    await waitFor(() => expect(onopen).toHaveBeenCalledWith(ready));
    expect(backend.unlock).toHaveBeenLastCalledWith("u-2", "certa");
  });

  it("lets another person sign in with the same server's address already filled", async () => {
    render(People, { people, sync: new SyncModel(), onopen: vi.fn(), onjoined: vi.fn() });
    await fireEvent.click(await screen.findByTestId("people-another"));
    expect((screen.getByTestId("join-url") as HTMLInputElement).value).toBe("https://campo.provedor.com.br");
    await fireEvent.click(screen.getByTestId("people-back"));
    expect(screen.getAllByTestId("person")).toHaveLength(2);
  });
});
