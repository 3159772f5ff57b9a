import "@testing-library/jest-dom/vitest";
import { afterEach, vi } from "vitest";

// A test that stops the clock (vi.useFakeTimers) gets it back running after it, whatever happened.
afterEach(() => {
  vi.useRealTimers();
});

// jsdom has no ResizeObserver; Svelte's dimension bindings use it.
if (!("ResizeObserver" in globalThis)) {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  (globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverStub;
}

// jsdom draws nothing (and says so on every call): the signature pad's canvas gets no context
// here; its strokes are kept all the same.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
