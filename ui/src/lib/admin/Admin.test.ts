import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: { slaRules: vi.fn(), setSlaRule: vi.fn() },
}));

import { backend, type SlaRuleView } from "$lib/backend";
import AdminPage from "./AdminPage.svelte";

const rules: SlaRuleView[] = [
  { rule: { kind: "installation", unit: "business_days", amount: 10, thresholds: [75, 100] }, source: "ANATEL", edited: false },
  { rule: { kind: "repair", unit: "calendar_hours", amount: 48, thresholds: [75, 100] }, source: "SCM", edited: false },
];

describe("the deadline rule editor", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(backend.slaRules).mockResolvedValue(rules);
  });

  it("saves a rule as typed and says the open deadlines were recalculated", async () => {
    vi.mocked(backend.setSlaRule).mockImplementation(async (rule) => [
      { rule, source: "Definida no Campo pela administração", edited: true },
      rules[1],
    ]);
    render(AdminPage, {});
    await waitFor(() => expect(screen.getAllByTestId("sla-rule")).toHaveLength(2));
    const [amount] = screen.getAllByTestId("sla-amount");
    await fireEvent.input(amount, { target: { value: "24" } });
    await fireEvent.change(screen.getAllByTestId("sla-unit")[0], { target: { value: "business_hours" } });
    await fireEvent.input(screen.getAllByTestId("sla-thresholds")[0], { target: { value: "50, 80,100" } });
    await fireEvent.click(screen.getAllByTestId("sla-save")[0]);
    await waitFor(() => expect(backend.setSlaRule).toHaveBeenCalledWith({ kind: "installation", unit: "business_hours", amount: 24, thresholds: [50, 80, 100] }));
    await waitFor(() => expect(screen.getByTestId("sla-notice").textContent).toContain("Regra de Instalação salva"));
    expect(screen.getAllByTestId("sla-rule")[0].textContent).toContain("alterada");
  });

  it("names the problem of an impossible rule and keeps what was typed", async () => {
    vi.mocked(backend.setSlaRule).mockRejectedValue({ code: "invalid_input", message: "O prazo precisa ser maior que zero" });
    render(AdminPage, {});
    await waitFor(() => expect(screen.getAllByTestId("sla-rule")).toHaveLength(2));
    await fireEvent.input(screen.getAllByTestId("sla-amount")[1], { target: { value: "-5" } });
    await fireEvent.click(screen.getAllByTestId("sla-save")[1]);
    await waitFor(() => expect(screen.getByTestId("sla-error").textContent).toBe("O prazo precisa ser maior que zero"));
    expect((screen.getAllByTestId("sla-amount")[1] as HTMLInputElement).value).toBe("-5");
  });

  it("refuses warnings that are not numbers before sending anything", async () => {
    render(AdminPage, {});
    await waitFor(() => expect(screen.getAllByTestId("sla-rule")).toHaveLength(2));
    await fireEvent.input(screen.getAllByTestId("sla-thresholds")[0], { target: { value: "75, muito" } });
    await fireEvent.click(screen.getAllByTestId("sla-save")[0]);
    await waitFor(() => expect(screen.getByTestId("sla-error").textContent).toBe("Os avisos precisam ser números separados por vírgula"));
    expect(backend.setSlaRule).not.toHaveBeenCalled();
  });
});
