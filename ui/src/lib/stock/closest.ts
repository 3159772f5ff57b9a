// The serials closest to one that was mistyped: a digit slipped or two swapped (edit distance
// up to 2, a swap counting once), or the typed text found inside a longer serial. At most
// five, the closest first.

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

export function closest(typed: string, known: string[], max = 5): string[] {
  const t = typed.trim().toUpperCase();
  if (t === "") return [];
  return known
    .map((k) => ({ k, d: k.includes(t) && t.length >= 4 ? 1 : distance(t, k.toUpperCase()) }))
    .filter(({ d }) => d <= 2)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, max)
    .map(({ k }) => k);
}
