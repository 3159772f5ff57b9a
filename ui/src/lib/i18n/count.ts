// Whole numbers as each language writes them in running text: 1.234 in pt-BR, 1,234 in English.
import { formatCount } from "./format";

const en = new Intl.NumberFormat("en-US");

export const count = formatCount;
export const countEn = (n: number) => en.format(n);

/** The words for `n` things: `one` for exactly one, `many` otherwise (none included: "0
 *  visitas", "0 visits"), so no message says "visita(s)". */
export const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
