// English has every message, and none of them is Portuguese left behind: every key of the
// Portuguese dictionary has an English text, and no English text carries Portuguese letters or
// words. Functions are called with sample arguments so their sentences are checked too.
import { describe, expect, it } from "vitest";
import { messages } from "./messages";

type Tree = { [key: string]: unknown };

/** Portuguese letters and words that an English sentence never needs. */
const PORTUGUESE = /[ãõçâêôáéíóúà]|\b(de|da|das|dos|não|ordem|ordens|técnico|agendad[ao]|para|com|sem|hoje|motivo|prazo|informe|salvar|fila|meu|dia|agenda|período|turno|os)\b/i;
/** Words both languages write the same way (proper names, Brazilian documents). */
const ALLOWED = [/https?:\/\/\S+/, /\bCEP\b/, /\bCPF\b/, /\bCNPJ\b/, /\bSVA\b/, /\bONU\b/, /\bRecife\b/, /\bPIX\b/i];

function texts(node: unknown, path: string, out: [string, string][]): void {
  if (typeof node === "string") out.push([path, node]);
  else if (typeof node === "function") {
    for (const sample of [[2, 3, 4, 5], ["Ana", "Bia", "Caio", "Davi"], ["2026-12-01", "2026-12-02", 3, 4]]) {
      try {
        const text = (node as (...a: unknown[]) => unknown)(...sample);
        if (typeof text === "string") out.push([`${path}(…)`, text]);
      } catch {
        // this sample does not fit the function's arguments; another one will
      }
    }
  } else if (node && typeof node === "object") {
    for (const [key, child] of Object.entries(node as Tree)) texts(child, path ? `${path}.${key}` : key, out);
  }
}

function keys(node: unknown, path: string, out: string[]): void {
  if (node && typeof node === "object" && !Array.isArray(node)) {
    for (const [key, child] of Object.entries(node as Tree)) keys(child, path ? `${path}.${key}` : key, out);
  } else out.push(path);
}

describe("English", () => {
  it("has a text for every message the Portuguese has", () => {
    const pt: string[] = [];
    const en: string[] = [];
    keys(messages["pt-BR"], "", pt);
    keys(messages.en, "", en);
    expect(pt.filter((k) => !en.includes(k))).toEqual([]);
  });

  it("has no Portuguese left in any message", () => {
    const found: [string, string][] = [];
    texts(messages.en, "", found);
    expect(found.length).toBeGreaterThan(300);
    const leftovers = found.filter(([, text]) => {
      const cleaned = ALLOWED.reduce((s, re) => s.replace(new RegExp(re, "g"), ""), text);
      return PORTUGUESE.test(cleaned);
    });
    expect(leftovers).toEqual([]);
  });

  it("would notice a Portuguese text in English", () => {
    expect(PORTUGUESE.test("Informe o motivo")).toBe(true);
    expect(PORTUGUESE.test("Devolver à fila")).toBe(true);
    expect(PORTUGUESE.test("Abrir OS")).toBe(true);
    expect(PORTUGUESE.test("Give the reason")).toBe(false);
  });

  it("says one thing or many, never \"visita(s)\", in either language", () => {
    const hacks = /\p{L}\((s|ns|es|is|m|ões)\)/u;
    for (const lang of ["pt-BR", "en"] as const) {
      const found: [string, string][] = [];
      texts(messages[lang], "", found);
      expect(found.filter(([, text]) => hacks.test(text))).toEqual([]);
    }
    expect(hacks.test("3 visita(s) agendada(s)")).toBe(true);
    expect(messages["pt-BR"].stock.lowList(1)).toBe("1 item abaixo do mínimo");
    expect(messages["pt-BR"].stock.lowList(2)).toBe("2 itens abaixo do mínimo");
    expect(messages.en.stock.lowList(1)).toBe("1 item below minimum");
  });
});
