// A month `YYYY-MM` as a person reads it, in the current language: short on the chart's axis
// ("nov. de 26"; in English "Nov 2026", since "Nov 26" reads as a day), long in titles.
import { i18n } from "../i18n";

export function monthName(label: string, style: "short" | "long" = "short"): string {
  const [y, m] = label.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, 15));
  const options: Intl.DateTimeFormatOptions =
    style === "short" ? { month: "short", year: i18n.lang === "en" ? "numeric" : "2-digit", timeZone: "UTC" } : { month: "long", year: "numeric", timeZone: "UTC" };
  return new Intl.DateTimeFormat(i18n.lang, options).format(date);
}
