// Svelte drops the white space a block or an element starts with, so `{#if phone} · {phone}`
// shows "Ana· 8199…" glued to what comes before. A separator that opens a block is written
// as an expression instead: `{#if phone}{" · "}{phone}`.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const GLUED = /(\{#if [^}]*\}|\{:else[^}]*\}|<(span|small|em|strong)[^>]*>) [·–—⚠(]/;

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? svelteFiles(join(dir, e.name)) : e.name.endsWith(".svelte") ? [join(dir, e.name)] : [],
  );
}

describe("the markup", () => {
  it("opens no block with a space Svelte would drop before a separator", () => {
    const glued = svelteFiles("src").flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => [`${file}:${i + 1}`, line] as const)
        .filter(([, line]) => GLUED.test(line))
        .map(([where]) => where),
    );
    expect(glued).toEqual([]);
    expect(GLUED.test("{name}{#if phone} · {phone}{/if}")).toBe(true);
  });
});
