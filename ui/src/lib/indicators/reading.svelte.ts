// What every indicator tab keeps: the figures read for the current filter, the error of the
// last reading (in the person's words), the path of the last CSV saved. A reading that fails
// clears the figures rather than leaving an older period's on screen.
import { isCommandError } from "../backend";
import { i18n } from "../i18n";

export class Reading<T> {
  value = $state<T | null>(null);
  error = $state<string | null>(null);
  saved = $state<string | null>(null);

  /** Names what went wrong (the backend's words, or a generic one). */
  fail(err: unknown): void {
    this.error = isCommandError(err) ? err.message : i18n.t.errors.internal;
  }

  /** Reads the figures anew. */
  async read(get: () => Promise<T>): Promise<void> {
    this.saved = null;
    try {
      this.value = await get();
      this.error = null;
    } catch (err) {
      this.value = null;
      this.fail(err);
    }
  }

  /** Saves a CSV; its path is shown. */
  async save(write: () => Promise<string>): Promise<void> {
    this.saved = null;
    try {
      this.saved = await write();
    } catch (err) {
      this.fail(err);
    }
  }

  /** Runs `step`, naming its failure. */
  async attempt(step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (err) {
      this.fail(err);
    }
  }
}
