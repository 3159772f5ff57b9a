// What an activation item's answer says, the same on the checklist and on the printed report:
// the value that was recorded (−19,5 dBm, the serial, "Feito"), not only whether it passed.
import type { Answer, ItemKind } from "../backend/bindings";
import type { Messages } from "../i18n";

export function answerText(t: Messages, kind: ItemKind, answer: Answer): string {
  switch (answer.type) {
    case "checked":
      return answer.value ? t.activation.done : "—";
    case "passed":
      return answer.value ? t.activation.pass : t.activation.fail;
    case "value":
      return kind.type === "measured" ? `${t.decimal(answer.value)} ${kind.unit}` : t.decimal(answer.value);
    case "text":
      return answer.value;
  }
}
