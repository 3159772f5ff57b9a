// Svelte drops the white space a block or an element starts with, so `{#if phone} · {phone}`
// shows "Ana· 8199…" glued to what comes before. A separator that opens a block is written
// as an expression instead: `{#if phone}{" · "}{phone}`.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The opening, then white space (a line break too), then the separator.
const GLUED = /(\{#if [^}]*\}|\{:else[^}]*\}|<(span|small|em|strong)[^>]*>)\s+[·–—⚠(]/g;

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? svelteFiles(join(dir, e.name)) : e.name.endsWith(".svelte") ? [join(dir, e.name)] : [],
  );
}

/** The lines where a block or an element opens with a separator Svelte would glue on. */
function glued(text: string): number[] {
  return [...text.matchAll(GLUED)].map((m) => text.slice(0, m.index).split("\n").length);
}

describe("the markup", () => {
  it("opens no block with a space Svelte would drop before a separator", () => {
    expect(glued("{name}{#if phone} · {phone}{/if}")).toEqual([1]);
    expect(glued("{name}{#if phone}\n  · {phone}\n{/if}")).toEqual([1]);
    expect(glued('{name}{#if phone}{" · "}{phone}{/if}')).toEqual([]);
    const found = svelteFiles("src").flatMap((file) =>
      glued(readFileSync(file, "utf8")).map((line) => `${file}:${line}`),
    );
    expect(found).toEqual([]);
  });
});
