import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: { setLanguage: vi.fn(async () => undefined) },
}));

import { backend } from "$lib/backend";
import { i18n, STORAGE_KEY } from "$lib/i18n";

describe("choosing the language", () => {
  beforeEach(() => {
    localStorage.clear();
    vi.mocked(backend.setLanguage).mockClear();
  });

  it("starts in Portuguese", () => {
    expect(i18n.lang).toBe("pt-BR");
    expect(i18n.t.nav.orders).toBe("Ordens de serviço");
  });

  it("switches words to English, remembers the choice and tells the backend", async () => {
    await i18n.setLang("en");
    expect(i18n.t.nav.orders).toBe("Work orders");
    expect(document.documentElement.lang).toBe("en");
    expect(localStorage.getItem(STORAGE_KEY)).toBe("en");
    expect(backend.setLanguage).toHaveBeenCalledWith("en");
    await i18n.setLang("pt-BR");
    expect(i18n.t.status.done).toBe("Concluída");
  });
});
