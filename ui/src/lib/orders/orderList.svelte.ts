// State of the work-order list: filter, sort, a page cache and the scroll position.
// Lives outside the component so that opening an order and coming back keeps all of it.
import { backend } from "../backend";
import { providerToday } from "../i18n";
import type { CommandError, FilterOptions, OrderFilter, OrderRow, SortKey } from "../backend/bindings";

export const PAGE_SIZE = 100;
/** Pages kept in memory at most; the ones farthest from the view are dropped first. */
const MAX_PAGES = 40;

export function emptyFilter(): OrderFilter {
  return {
    statuses: [],
    kinds: [],
    period: null,
    dateFrom: null,
    dateTo: null,
    neighbourhood: null,
    technicianId: null,
    text: null,
    sort: "scheduled_date",
    dir: "asc",
  };
}

/** Today's work: what the list opens on, and what "Hoje" brings back. */
export function todayFilter(): OrderFilter {
  const today = providerToday();
  return { ...emptyFilter(), dateFrom: today, dateTo: today };
}

export type ListStatus = "loading" | "ready" | "error";

export class OrderListModel {
  filter = $state<OrderFilter>(todayFilter());
  /** Bumped when the filters are cleared: the filter fields start over, half-typed days included. */
  clears = $state(0);
  /** Number of orders matching the filter; null until the first page of this filter arrives. */
  total = $state<number | null>(null);
  error = $state<CommandError | null>(null);
  /** Index of the highlighted row (keyboard), -1 for none. */
  highlighted = $state(-1);
  /** Bumped whenever a page lands, so rows re-read the cache. */
  version = $state(0);
  /** Bumped when the list starts over (new filter or sort): the view scrolls back to the top. */
  resets = $state(0);
  /** Where the list was scrolled to, restored when the list is shown again. */
  scrollTop = 0;
  /** Technicians and neighbourhoods for the filter selects; null until loaded. */
  options = $state<FilterOptions | null>(null);

  private pages = new Map<number, OrderRow[]>();
  private inFlight = new Set<number>();
  /** Generation of the filter: responses for an older one are ignored. */
  private generation = 0;
  private lastRange: [number, number] = [0, 0];

  get status(): ListStatus {
    if (this.error) return "error";
    return this.total === null ? "loading" : "ready";
  }

  get hasActiveFilter(): boolean {
    const f = this.filter;
    return (
      f.statuses.length > 0 ||
      f.kinds.length > 0 ||
      f.period !== null ||
      f.dateFrom !== null ||
      f.dateTo !== null ||
      f.neighbourhood !== null ||
      f.technicianId !== null ||
      (f.text ?? "") !== ""
    );
  }

  /** The row at `index`, or undefined while its page is not loaded (shown as a skeleton). */
  rowAt(index: number): OrderRow | undefined {
    void this.version;
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Change some filter fields (not sort); the list starts over from the top. */
  setFilter(patch: Partial<OrderFilter>): void {
    this.filter = { ...this.filter, ...patch };
    this.restart();
  }

  clearFilters(): void {
    const { sort, dir } = this.filter;
    this.filter = { ...emptyFilter(), sort, dir };
    this.clears++;
    this.restart();
  }

  /** "Hoje": the orders scheduled for today, the other filters kept. */
  showToday(): void {
    const today = providerToday();
    this.setFilter({ dateFrom: today, dateTo: today });
  }

  /** Clicking a column: same column flips the direction, another one sorts ascending. */
  toggleSort(key: SortKey): void {
    const f = this.filter;
    const dir = f.sort === key ? (f.dir === "asc" ? "desc" : "asc") : "asc";
    this.filter = { ...f, sort: key, dir };
    this.restart();
  }

  /** Load everything again with the same filter, keeping the scroll position (retry, after an edit). */
  reload(): void {
    this.generation++;
    this.pages.clear();
    this.inFlight.clear();
    this.error = null;
    this.version++;
    const [start, end] = this.lastRange;
    this.ensureRange(start, end);
  }

  /**
   * Fetch the pages on screen again without blanking them (a sync brought new data): the
   * rows shown stay until the fresh ones land, so a background sync does not flicker.
   */
  refresh(): void {
    if (this.error || this.total === null) return this.reload();
    this.generation++;
    this.inFlight.clear();
    const [start, end] = this.lastRange;
    const first = Math.floor(Math.max(0, start) / PAGE_SIZE);
    const last = Math.floor(Math.max(0, end - 1) / PAGE_SIZE);
    for (const p of [...this.pages.keys()]) if (p < first || p > last) this.pages.delete(p);
    for (let p = first; p <= last; p++) this.fetchPage(p, true);
  }

  /**
   * Forget everything: filter, pages, scroll and filter choices (the device switched to
   * another database, e.g. after joining a server), and load again from the top.
   */
  startOver(): void {
    this.filter = todayFilter();
    this.options = null;
    this.restart();
    this.loadOptions();
  }

  /** Make sure the rows [start, end) are loaded or being loaded. */
  ensureRange(start: number, end: number): void {
    this.lastRange = [start, end];
    if (this.error) return;
    const first = Math.floor(Math.max(0, start) / PAGE_SIZE);
    let last = Math.floor(Math.max(0, end - 1) / PAGE_SIZE);
    if (this.total !== null) last = Math.min(last, Math.max(0, Math.ceil(this.total / PAGE_SIZE) - 1));
    // Before the total is known, fetch page 0 only: it tells how many there are.
    if (this.total === null && this.inFlight.size > 0) return;
    for (let p = first; p <= last; p++) this.fetchPage(p);
    if (this.total === null && first > 0) this.fetchPage(0);
  }

  /** Load the filter choices once (again with `force`); without them the selects only offer "all". */
  loadOptions(force = false): void {
    if (this.options && !force) return;
    backend.filterOptions().then(
      (options) => (this.options = options),
      (err: CommandError) => console.warn("campo: filter options unavailable", err),
    );
  }

  private restart(): void {
    this.generation++;
    this.pages.clear();
    this.inFlight.clear();
    this.total = null;
    this.error = null;
    this.highlighted = -1;
    this.scrollTop = 0;
    this.resets++;
    this.lastRange = [0, PAGE_SIZE];
    this.version++;
    this.fetchPage(0);
  }

  /** `force`: fetch even if the page is cached (the cached rows stay until the new ones land). */
  private fetchPage(page: number, force = false): void {
    if (this.inFlight.has(page) || (this.pages.has(page) && !force)) return;
    const generation = this.generation;
    this.inFlight.add(page);
    const filter = $state.snapshot(this.filter);
    backend.listOrders(filter, { offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
      (result) => {
        if (generation !== this.generation) return; // an older filter: ignore
        this.inFlight.delete(page);
        this.pages.set(page, result.rows);
        this.evictFarFrom(page);
        this.total = result.total;
        this.version++;
      },
      (err: CommandError) => {
        if (generation !== this.generation) return;
        this.inFlight.delete(page);
        this.error = err;
      },
    );
  }

  private evictFarFrom(page: number): void {
    if (this.pages.size <= MAX_PAGES) return;
    const byDistance = [...this.pages.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page));
    for (const p of byDistance.slice(0, this.pages.size - MAX_PAGES)) this.pages.delete(p);
  }
}
