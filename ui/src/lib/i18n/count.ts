// Whole numbers as each language writes them in running text: 1.234 in pt-BR, 1,234 in English.
export const count = (n: number) => new Intl.NumberFormat("pt-BR").format(n);
export const countEn = (n: number) => new Intl.NumberFormat("en-US").format(n);
