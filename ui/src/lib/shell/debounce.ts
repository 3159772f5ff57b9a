// Work that waits for a person to stop typing (a search as they type).

/** A function that runs `run` once calls to it have stopped for `ms`: each call puts off the
 *  one before it. */
export function debounce(run: () => unknown, ms = 200): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), ms);
  };
}
