// The one seam between the UI and the Rust side: the ONLY module that imports @tauri-apps/*
// (here, invoke.ts and the generated commands.ts). Components import `backend`; tests replace
// this module with vi.mock.
import { openUrl } from "@tauri-apps/plugin-opener";
import { commands } from "./commands";
import { toCommandError } from "./invoke";

export type * from "./bindings";
export { isCommandError, toCommandError } from "./invoke";

export const backend = {
  ...commands,
  /** Opens a navigation link (Waze, Google Maps) or a WhatsApp conversation (wa.me) in the
   *  system's browser or app (the capability allows only those). */
  openNavigation: async (url: string) => {
    try {
      await openUrl(url);
    } catch (err) {
      throw toCommandError(err);
    }
  },
};

export type Backend = typeof backend;
