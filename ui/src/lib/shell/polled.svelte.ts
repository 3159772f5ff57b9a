import { onMount } from "svelte";
import { Newest } from "./newest";

/**
 * A reading the header keeps fresh (the deadline alerts, the payment promises passed): read at
 * once, again whenever `changes()` moves (a change made in the app), and every minute; an
 * older answer never replaces a newer one. Call it while a component starts.
 */
export function polled<T>(read: () => Promise<T>, changes: () => number, what: string) {
  let value = $state<T | null>(null);
  const reads = new Newest();
  async function load() {
    const ticket = reads.take();
    try {
      const answer = await read();
      if (reads.isCurrent(ticket)) value = answer;
    } catch (err) {
      console.warn(`campo: ${what} failed`, err);
    }
  }
  $effect(() => {
    void changes();
    void load();
  });
  onMount(() => {
    const timer = setInterval(load, 60_000);
    return () => clearInterval(timer);
  });
  return {
    get value() {
      return value;
    },
    load,
  };
}
