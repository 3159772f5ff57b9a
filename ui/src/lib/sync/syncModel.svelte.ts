// The device's sync state, polled from the backend (which syncs in the background), plus the
// two things a person does here: join a server and sync now.
import { backend, type StartupState, type SyncView } from "$lib/backend";
import { i18n } from "$lib/i18n";

export const POLL_MS = 5_000;
/** While the first sync fills a new database, look more often so its end shows at once. */
export const FIRST_SYNC_POLL_MS = 1_000;
/** A pull this large shows its progress bar even after the first sync. */
export const BIG_PULL = 500;

/** "agora", "há 3 min", "há 2 h", "há 1 dia" from an RFC 3339 instant. */
export function ago(rfc3339: string, now: number = Date.now()): string {
  const t = i18n.t.sync;
  const minutes = Math.floor((now - new Date(rfc3339).getTime()) / 60_000);
  if (!Number.isFinite(minutes) || minutes < 1) return t.now;
  if (minutes < 60) return t.minutesAgo(minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t.hoursAgo(hours);
  return t.daysAgo(Math.floor(hours / 24));
}

export class SyncModel {
  view = $state<SyncView | null>(null);
  busy = $state(false);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private polling = false;

  /** Reads the state now and then every POLL_MS (faster during a first sync) until stop(). */
  start(): void {
    if (this.polling) return;
    this.polling = true;
    void this.poll();
  }

  stop(): void {
    this.polling = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * A device that just joined is filling its new database: a round runs and no pull has
   * finished yet (lastSyncAt rather than cursor 0 alone, so that a server with no data, or a
   * first pull that moves the cursor page by page, is not mistaken for it).
   */
  get firstSync(): boolean {
    const v = this.view;
    return !!v && v.joined && v.lastSyncAt === null && (v.running || this.busy);
  }

  /** While a round pulls: what has arrived of what there is to receive. */
  get receiving(): { done: number; total: number } | null {
    const r = this.view?.received;
    return this.view?.running && r && r.total > 0 ? r : null;
  }

  /**
   * Whether to show the progress bar: the first sync, or a round receiving many changes (a
   * device back after a long time away, or loading its data again).
   */
  get showProgress(): boolean {
    return this.firstSync || (this.receiving?.total ?? 0) >= BIG_PULL;
  }

  private async poll(): Promise<void> {
    await this.refresh();
    if (!this.polling) return;
    const v = this.view;
    const fast = (!!v && v.joined && v.lastSyncAt === null && v.lastError === null) || this.showProgress;
    this.timer = setTimeout(() => void this.poll(), fast ? FIRST_SYNC_POLL_MS : POLL_MS);
  }

  async refresh(): Promise<void> {
    try {
      this.view = await backend.syncStatus();
    } catch (err) {
      console.warn("campo: sync_status failed", err);
    }
  }

  async syncNow(): Promise<void> {
    await this.whileBusy(async () => {
      this.view = await backend.syncNow();
    });
  }

  /** Signs the device's person in again; rejects with the backend's CommandError. */
  async signInAgain(login: string, password: string): Promise<void> {
    await this.whileBusy(async () => {
      this.view = await backend.signInAgain(login, password);
    });
  }

  /** Replaces the password the administration gave with the person's own; syncing starts. */
  async choosePassword(current: string, chosen: string): Promise<void> {
    await this.whileBusy(async () => {
      this.view = await backend.choosePassword(current, chosen);
    });
  }

  /** Signs out of this device (what waits to be sent stays); the list of people shows next. */
  signOut(): Promise<StartupState> {
    return this.whileBusy(() => backend.signOut());
  }

  /** Joins a server; rejects with the backend's CommandError. */
  join(url: string, login: string, password: string): Promise<SyncView> {
    return this.whileBusy(async () => {
      const view = await backend.joinServer(url, login, password);
      this.view = view;
      return view;
    });
  }

  /** `busy` is up while `work` runs, whether it succeeds or rejects. */
  private async whileBusy<T>(work: () => Promise<T>): Promise<T> {
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }
}
