// Keeping the keyboard inside a modal dialog: Tab from its last control goes to its first, and
// Shift+Tab from the first to the last.

/** Handles a Tab inside `root`, whose focusable controls match `selector`. */
export function keepFocusInside(e: KeyboardEvent, root: HTMLElement, selector: string) {
  if (e.key !== "Tab") return;
  const focusable = [...root.querySelectorAll<HTMLElement>(selector)];
  if (focusable.length === 0) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}
