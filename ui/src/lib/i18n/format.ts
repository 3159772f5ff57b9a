// Formatting is the same in both languages (a Brazilian company): dd/mm/yyyy, 24-hour clock,
// the provider's time (its head office's zone, which the backend says; Brazil's legal time,
// Brasília's, until then), R$ with pt-BR separators. Only words change with the language
// (an order's number is "OS 000123" or "WO 000123").

import type { Lang } from "../backend/bindings";
import { i18n } from "./i18n.svelte";

/** The zone the app starts with, before the backend names the provider's. */
export const DEFAULT_TIME_ZONE = "America/Sao_Paulo";

let zone = DEFAULT_TIME_ZONE;

/** The provider's time zone (IANA name), in which clocks and "today" are read. */
export function providerZone(): string {
  return zone;
}

/** Reads clocks and "today" in `timeZone` from now on (the provider's, from the backend). */
export function setProviderZone(timeZone: string): void {
  if (timeZone === zone) return;
  try {
    dateTimeFormat = makeDateTimeFormat(timeZone);
    zone = timeZone;
  } catch {
    console.warn(`campo: unknown time zone ${timeZone}; keeping ${zone}`);
  }
}

/** "2026-11-23" (a calendar date, no time zone) → "23/11/2026". */
export function formatDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

function makeDateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat("pt-BR", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
}

let dateTimeFormat = makeDateTimeFormat(DEFAULT_TIME_ZONE);

/** What a person types for a day, masked as they type: digits become "dd/mm/aaaa" ("0112"
 *  → "01/12", "01122026" → "01/12/2026"); anything else is dropped. */
export function maskDate(typed: string): string {
  const digits = typed.replace(/\D/g, "").slice(0, 8);
  const parts = [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4, 8)].filter((p) => p !== "");
  return parts.join("/");
}

/** "01/12/2026" → "2026-12-01"; `null` unless it is a real day (31/02 is not). */
export function parseDate(text: string): string | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    year >= 1900 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? `${m[3]}-${m[2]}-${m[1]}` : null;
}

/** RFC 3339 instant → "23/11/2026 22:30", as the clock on the provider's wall shows it. */
export function formatDateTime(rfc3339: string): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  const parts: Record<string, string> = {};
  for (const p of dateTimeFormat.formatToParts(date)) parts[p.type] = p.value;
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

const moneyFormat = new Intl.NumberFormat("pt-BR", { style: "currency", currency: "BRL" });

/** 123456 cents → "R$ 1.234,56" (the space is a no-break space, U+00A0, as Intl writes it). */
export function formatMoney(cents: number): string {
  return moneyFormat.format(cents / 100);
}

/** "81998765432" → "(81) 99876-5432"; "8133334444" → "(81) 3333-4444"; anything else as is. */
export function formatPhone(digits: string): string {
  const m = /^(\d{2})(\d{4,5})(\d{4})$/.exec(digits);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : digits;
}

/** 123 → "OS 000123" (ordem de serviço); "WO 000123" (work order) in English. Read in the
 *  current language unless told (a template re-reads it when the language changes). */
export function formatOrderNumber(n: number, lang: Lang = i18n.lang): string {
  return `${lang === "en" ? "WO" : "OS"} ${String(n).padStart(6, "0")}`;
}

/** "America/Recife" → "Horário Padrão de Brasília" ("Brasilia Standard Time" in English): a
 *  time zone as the reader names it; the zone's id when the browser does not know it. */
export function formatZone(zone: string, lang: Lang = i18n.lang): string {
  try {
    const parts = new Intl.DateTimeFormat(lang, { timeZone: zone, timeZoneName: "longGeneric" }).formatToParts(new Date());
    return parts.find((p) => p.type === "timeZoneName")?.value ?? zone;
  } catch {
    return zone;
  }
}

const countFormat = new Intl.NumberFormat("pt-BR");

/** 12345 → "12.345". */
export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** The provider's calendar day as `YYYY-MM-DD`, as the backend counts it. */
export function providerToday(): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** The time now at the provider, `HH:MM` (24 h). */
export function providerTime(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("hour")}:${get("minute")}`;
}

/** Minutes of the day as a time input shows them: 450 → "07:30". */
export function clockOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** A time input's "HH:MM" as minutes of the day; 0 when it does not read (the server names the problem). */
export function minutesOfClock(text: string): number {
  const [h, m] = text.split(":").map(Number);
  return Number.isInteger(h) && Number.isInteger(m) && h >= 0 && m >= 0 ? h * 60 + m : 0;
}

/** `YYYY-MM-DD` moved by `n` calendar days. */
export function addDays(isoDate: string, n: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
