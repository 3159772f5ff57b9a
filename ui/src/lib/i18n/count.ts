// Whole numbers as each language writes them in running text: 1.234 in pt-BR, 1,234 in English.
import { formatCount } from "./format";

const en = new Intl.NumberFormat("en-US");

export const count = formatCount;
export const countEn = (n: number) => en.format(n);
