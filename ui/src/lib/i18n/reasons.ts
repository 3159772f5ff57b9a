// Reasons for a visit not done: the defaults are codes worded here in the person's language;
// a reason the provider added is shown as typed. Settings saved before the defaults became
// codes hold their Portuguese wording, read back as the code it stands for.
import { messages } from "./messages";
import type { Messages } from "./messages";

type Code = keyof Messages["notDoneReason"];

function codeOf(text: string): Code | null {
  const trimmed = text.trim().toLowerCase();
  for (const dict of Object.values(messages)) {
    for (const [code, label] of Object.entries(dict.notDoneReason)) {
      if (code === trimmed || label.toLowerCase() === trimmed) return code as Code;
    }
  }
  return null;
}

/** The reason as the person reads it. */
export function reasonLabel(t: Messages, reason: string): string {
  const code = codeOf(reason);
  return code ? t.notDoneReason[code] : reason;
}

/** What to save for a line typed in the settings: the code when it names a default. */
export function reasonToSave(line: string): string {
  return codeOf(line) ?? line.trim();
}
