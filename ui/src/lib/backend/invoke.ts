// The one call into Rust: every generated wrapper (commands.ts) goes through `call`, which
// turns whatever invoke throws into a CommandError a person can read.
import { invoke } from "@tauri-apps/api/core";
import type { CommandError, Lang } from "./bindings";
import { messages } from "../i18n/messages";

export function isCommandError(value: unknown): value is CommandError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  // The codes themselves are the generated ErrorCode union; the Rust side sends no other.
  return typeof v.code === "string" && typeof v.message === "string";
}

/** Language of the UI right now; the i18n store keeps <html lang> up to date. */
function uiLang(): Lang {
  return typeof document !== "undefined" && document.documentElement.lang === "en" ? "en" : "pt-BR";
}

/** Anything thrown by invoke becomes a CommandError a person can read. */
export function toCommandError(err: unknown): CommandError {
  if (isCommandError(err)) {
    const params = (err as { params?: Record<string, string> }).params ?? {};
    return { code: err.code, message: err.message, params };
  }
  // Not the shape the Rust side sends (missing command, IPC failure, bug):
  // keep the detail for developers, show a generic sentence to people.
  console.error("campo: unexpected backend failure", err);
  return { code: "internal", message: messages[uiLang()].errors.internal, params: {} };
}

export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (err) {
    throw toCommandError(err);
  }
}
