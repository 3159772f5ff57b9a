// The current language, as a rune. Components read `i18n.t` and `i18n.lang`;
// both are reactive because they read $state.
import { backend } from "../backend";
import type { Lang } from "../backend/bindings";
import { messages, type Messages } from "./messages";

export const STORAGE_KEY = "campo.lang";

function isLang(v: unknown): v is Lang {
  return v === "pt-BR" || v === "en";
}

function stored(): Lang | null {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLang(v) ? v : null;
  } catch {
    return null;
  }
}

function applyToDocument(lang: Lang) {
  if (typeof document !== "undefined") document.documentElement.lang = lang;
}

const initial: Lang = stored() ?? "pt-BR";
let current = $state<Lang>(initial);
applyToDocument(initial);

export const i18n = {
  get lang(): Lang {
    return current;
  },
  get t(): Messages {
    return messages[current];
  },
  /** True when the person chose a language on this machine before. */
  get hasStoredChoice(): boolean {
    return stored() !== null;
  },
  /** Show `lang` now, remember it here, and tell the backend (its messages follow). */
  async setLang(lang: Lang): Promise<void> {
    current = lang;
    applyToDocument(lang);
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, lang);
    } catch {
      /* private mode or full storage: the choice lasts for this session */
    }
    await backend.setLanguage(lang);
  },
  /** Adopt a language without telling the backend (it told us). */
  adopt(lang: Lang): void {
    current = lang;
    applyToDocument(lang);
  },
};
