import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    slaRules: vi.fn(),
    setSlaRules: vi.fn(),
    daysOff: vi.fn(),
    addDayOff: vi.fn(),
    removeDayOff: vi.fn(),
    agendaSettings: vi.fn(),
    weekHours: vi.fn(),
    setWeekHours: vi.fn(),
    setAgendaSettings: vi.fn(),
    providerProfile: vi.fn(async () => null),
    setProviderProfile: vi.fn(),
    findMunicipalities: vi.fn(async () => []),
    municipalityNames: vi.fn(async () => []),
    technicianSkills: vi.fn(async () => []),
    planCatalogue: vi.fn(async () => []),
    savePlan: vi.fn(),
    unlocatedCustomers: vi.fn(async () => ({ total: 0, customers: [] })),
    closingRules: vi.fn(),
    setClosingRules: vi.fn(),
  },
}));

import { backend, type ClosingRule, type DayOffView, type SlaRuleView } from "$lib/backend";
import { AGENDA_SETTINGS as DEFAULTS, CONFIGURER_ABILITIES } from "../../test/fixtures";
import AdminPage from "./AdminPage.svelte";

const rules: SlaRuleView[] = [
  { rule: { kind: "installation", unit: "business_days", amount: 10, thresholds: [75, 100], starts: "approval", pausing: [] }, source: "consumer_rules", edited: false },
  { rule: { kind: "repair", unit: "calendar_hours", amount: 48, thresholds: [75, 100], starts: "opening", pausing: [] }, source: "scm_quality", edited: false },
];

const STANDARD_WEEK = {
  days: [[480, 1080], [480, 1080], [480, 1080], [480, 1080], [480, 1080], [480, 720], null] as ([number, number] | null)[],
};

const christmas: DayOffView = { date: "2026-12-25", name: "Natal", layer: "national", edited: false, visits: 0 };

// Every panel of the page reads its data when it opens.
beforeEach(() => {
  vi.clearAllMocks();
  vi.mocked(backend.slaRules).mockResolvedValue(rules);
  vi.mocked(backend.closingRules).mockResolvedValue(CLOSING);
  vi.mocked(backend.daysOff).mockResolvedValue([christmas]);
  vi.mocked(backend.agendaSettings).mockResolvedValue(DEFAULTS);
  vi.mocked(backend.weekHours).mockResolvedValue(STANDARD_WEEK);
});

const CLOSING: ClosingRule[] = [
  { kind: "installation", equipment: true, signature: false, photos: 0, photoLocation: false },
  { kind: "repair", equipment: false, signature: false, photos: 0, photoLocation: false },
  { kind: "removal", equipment: false, signature: false, photos: 0, photoLocation: false },
  { kind: "address_change", equipment: false, signature: false, photos: 0, photoLocation: false },
];

describe("what closing a visit requires", () => {
  it("shows each kind's rule and saves the signature and two photos for installations", async () => {
    const saved = CLOSING.map((r) => (r.kind === "installation" ? { ...r, signature: true, photos: 2 } : r));
    vi.mocked(backend.setClosingRules).mockResolvedValue(saved);
    render(AdminPage, { may: CONFIGURER_ABILITIES });
    const panel = await screen.findByTestId("closing-rules");
    const equipment = await within(panel).findByLabelText("Instalação: Equipamentos do plano (ou o motivo)");
    expect(equipment).toBeChecked();
    const signature = within(panel).getByLabelText("Instalação: Assinatura do cliente");
    expect(signature).not.toBeChecked();
    expect(within(panel).getByLabelText("Reparo / visita técnica: Equipamentos do plano (ou o motivo)")).not.toBeChecked();
    await fireEvent.click(signature);
    await fireEvent.input(within(panel).getByLabelText("Instalação: Fotos (quantas)"), { target: { value: "2" } });
    await fireEvent.click(within(panel).getByTestId("closing-save"));
    expect(backend.setClosingRules).toHaveBeenCalledWith(saved);
    expect(await within(panel).findByRole("status")).toHaveTextContent("Regras de conclusão salvas.");
    expect(within(panel).getByLabelText("Instalação: Assinatura do cliente")).toBeChecked();
  });

  it("says why when the rules cannot be saved, and keeps what was ticked", async () => {
    vi.mocked(backend.setClosingRules).mockRejectedValue({ code: "not_allowed", message: "Seu papel (Técnico) não permite esta alteração; nada foi salvo", params: {} });
    render(AdminPage, { may: CONFIGURER_ABILITIES });
    const panel = await screen.findByTestId("closing-rules");
    const signature = await within(panel).findByLabelText("Reparo / visita técnica: Assinatura do cliente");
    await fireEvent.click(signature);
    await fireEvent.click(within(panel).getByTestId("closing-save"));
    expect(await within(panel).findByRole("alert")).toHaveTextContent("não permite esta alteração");
    expect(signature).toBeChecked();
  });
});

describe("the deadline rule editor", () => {
  it("saves a rule as typed and says the open deadlines were recalculated", async () => {
    vi.mocked(backend.setSlaRules).mockImplementation(async (sent) => [
      { rule: sent[0], source: "edited", edited: true },
      rules[1],
    ]);
    render(AdminPage, { may: CONFIGURER_ABILITIES });
    await waitFor(() => expect(screen.getAllByTestId("sla-rule")).toHaveLength(2));
    const [amount] = screen.getAllByTestId("sla-amount");
    await fireEvent.input(amount, { target: { value: "24" } });
    await fireEvent.change(screen.getAllByTestId("sla-unit")[0], { target: { value: "business_hours" } });
    await fireEvent.input(screen.getAllByTestId("sla-thresholds")[0], { target: { value: "50, 80,100" } });
    await fireEvent.change(screen.getAllByTestId("sla-starts")[0], { target: { value: "scheduling" } });
    const notDone = screen.getAllByTestId("sla-pausing").find((c) => c.dataset.status === "not_done")!;
    await fireEvent.click(notDone);
    expect(screen.getAllByTestId("sla-pausing-summary")[0].textContent).toContain("Não realizada");
    // One save for the page; only the rule changed is sent.
    expect(screen.getAllByTestId("sla-save")).toHaveLength(1);
    await fireEvent.click(screen.getByTestId("sla-save"));
    await waitFor(() =>
      expect(backend.setSlaRules).toHaveBeenCalledWith([
        {
          kind: "installation",
          unit: "business_hours",
          amount: 24,
          thresholds: [50, 80, 100],
          starts: "scheduling",
          pausing: ["not_done"],
        },
      ]),
    );
    await waitFor(() => expect(screen.getByTestId("sla-notice").textContent).toContain("Regras salvas (Instalação)"));
    expect(screen.getAllByTestId("sla-rule")[0].textContent).toContain("alterada");
  });

  it("shows every problem of every rule at once beside its field and keeps what was typed", async () => {
    vi.mocked(backend.setSlaRules).mockRejectedValue({
      code: "invalid_fields",
      message: "Corrija os campos marcados; nada foi salvo.",
      params: {
        "repair.amount": "O prazo precisa ser maior que zero",
        "repair.thresholds": "Os avisos precisam estar em ordem crescente, sem repetição",
        "installation.thresholds": "Os avisos precisam estar entre 1% e 100% do prazo",
      },
    });
    render(AdminPage, { may: CONFIGURER_ABILITIES });
    await waitFor(() => expect(screen.getAllByTestId("sla-rule")).toHaveLength(2));
    await fireEvent.input(screen.getAllByTestId("sla-amount")[1], { target: { value: "-5" } });
    await fireEvent.input(screen.getAllByTestId("sla-thresholds")[1], { target: { value: "90, 80" } });
    await fireEvent.input(screen.getAllByTestId("sla-thresholds")[0], { target: { value: "75, 150" } });
    await fireEvent.click(screen.getByTestId("sla-save"));
    await waitFor(() => expect(screen.getAllByTestId("sla-error")).toHaveLength(3));
    const beside = (kind: string, field: string) =>
      screen.getAllByTestId("sla-rule").find((r) => r.dataset.kind === kind)!.querySelector(`[data-field="${kind}.${field}"]`)?.textContent;
    expect(beside("repair", "amount")).toBe("O prazo precisa ser maior que zero");
    expect(beside("repair", "thresholds")).toContain("ordem crescente");
    expect(beside("installation", "thresholds")).toContain("entre 1% e 100%");
    expect(screen.getByTestId("sla-form-error").textContent).toContain("nada foi salvo");
    expect((screen.getAllByTestId("sla-amount")[1] as HTMLInputElement).value).toBe("-5");
  });

  it("refuses warnings that are not numbers before sending anything", async () => {
    render(AdminPage, { may: CONFIGURER_ABILITIES });
    await waitFor(() => expect(screen.getAllByTestId("sla-rule")).toHaveLength(2));
    await fireEvent.input(screen.getAllByTestId("sla-thresholds")[0], { target: { value: "75, muito" } });
    await fireEvent.click(screen.getByTestId("sla-save"));
    await waitFor(() => expect(screen.getByTestId("sla-error").textContent).toBe("Os avisos precisam ser números separados por vírgula"));
    expect(backend.setSlaRules).not.toHaveBeenCalled();
  });
});

describe("the provider's bases", () => {
  it("says which base each technician leaves from and saves it with the profile", async () => {
    const profile = {
      name: "Conecta",
      cnpj: "11222333000181",
      municipalities: [3509502],
      bases: [
        { name: "Sede", lat: -22.9, lon: -47.06, technicians: [] },
        { name: "Almoxarifado Norte", lat: -22.8, lon: -47.1, technicians: [] },
      ],
    };
    vi.mocked(backend.providerProfile).mockResolvedValue(profile);
    vi.mocked(backend.municipalityNames).mockResolvedValue([
      { ibge: 3509502, name: "Campinas", uf: "SP", zone: "America/Sao_Paulo" },
    ]);
    vi.mocked(backend.technicianSkills).mockResolvedValue([
      { technicianId: "t-1", name: "Josué Lins", skills: [], configured: false },
      { technicianId: "t-2", name: "Rita Melo", skills: [], configured: false },
    ]);
    vi.mocked(backend.setProviderProfile).mockImplementation(async (p) => p);
    render(AdminPage, { may: CONFIGURER_ABILITIES });
    const selects = await screen.findAllByTestId("technician-base");
    expect(selects.map((s) => (s as HTMLSelectElement).value)).toEqual(["0", "0"]);
    await fireEvent.change(selects[1], { target: { value: "1" } });
    await fireEvent.click(screen.getByTestId("provider-save"));
    await waitFor(() => expect(backend.setProviderProfile).toHaveBeenCalled());
    const sent = vi.mocked(backend.setProviderProfile).mock.calls[0][0];
    expect(sent.bases.map((b) => b.technicians)).toEqual([[], ["t-2"]]);
    vi.mocked(backend.providerProfile).mockResolvedValue(null);
    vi.mocked(backend.municipalityNames).mockResolvedValue([]);
    vi.mocked(backend.technicianSkills).mockResolvedValue([]);
  });
});

describe("the calendar's days off", () => {
  it("adds a company day off, lists it as removable and takes it back", async () => {
    const added: DayOffView = { date: "2026-12-24", name: "Véspera de Natal", layer: "company", edited: true, visits: 3 };
    vi.mocked(backend.addDayOff).mockResolvedValue([added, christmas]);
    vi.mocked(backend.removeDayOff).mockResolvedValue([christmas]);
    const onchanged = vi.fn();
    render(AdminPage, { onchanged, may: CONFIGURER_ABILITIES });
    await waitFor(() => expect(screen.getAllByTestId("day-off")).toHaveLength(1));
    // A computed holiday cannot be removed.
    expect(screen.getByTestId("day-off").textContent).toContain("calculado");
    await fireEvent.input(screen.getByTestId("day-off-date"), { target: { value: "24/12/2026" } });
    await fireEvent.input(screen.getByTestId("day-off-name"), { target: { value: "Véspera de Natal" } });
    await fireEvent.click(screen.getByTestId("day-off-add"));
    await waitFor(() => expect(backend.addDayOff).toHaveBeenCalledWith("2026-12-24", "Véspera de Natal", "company", null));
    await waitFor(() => expect(screen.getByTestId("day-off-notice").textContent).toContain("Véspera de Natal acrescentado"));
    expect(screen.getByTestId("day-off-notice").textContent).toContain("3 visitas já agendadas nesse dia precisam de outro dia");
    expect(screen.getByTestId("day-off-visits").textContent).toContain("3 visitas agendadas");
    expect(screen.getAllByTestId("day-off")[0].textContent).toContain("Folga da empresa");
    expect(onchanged).toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("day-off-remove"));
    await waitFor(() => expect(backend.removeDayOff).toHaveBeenCalledWith("2026-12-24", null));
    await waitFor(() => expect(screen.getAllByTestId("day-off")).toHaveLength(1));
  });

  it("shows and edits the calendar of each municipality the provider serves", async () => {
    vi.mocked(backend.providerProfile).mockResolvedValue({
      name: "Conecta",
      cnpj: "11222333000181",
      municipalities: [3509502, 5103403],
      bases: [],
    });
    vi.mocked(backend.municipalityNames).mockResolvedValue([
      { ibge: 3509502, name: "Campinas", uf: "SP", zone: "America/Sao_Paulo" },
      { ibge: 5103403, name: "Cuiabá", uf: "MT", zone: "America/Cuiaba" },
    ]);
    const decree: DayOffView = { date: "2027-01-27", name: "Ponto facultativo", layer: "municipal", edited: true, visits: 0 };
    vi.mocked(backend.addDayOff).mockResolvedValue([decree]);
    vi.mocked(backend.removeDayOff).mockResolvedValue([]);
    render(AdminPage, { may: CONFIGURER_ABILITIES });
    const select = (await screen.findByTestId("calendar-place")) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(["Campinas/SP", "Cuiabá/MT"]);
    await fireEvent.change(select, { target: { value: "5103403" } });
    await waitFor(() => expect(backend.daysOff).toHaveBeenLastCalledWith(expect.any(Number), 5103403));
    await fireEvent.input(screen.getByTestId("day-off-date"), { target: { value: "27/01/2027" } });
    await fireEvent.input(screen.getByTestId("day-off-name"), { target: { value: "Ponto facultativo" } });
    await fireEvent.change(screen.getByTestId("day-off-layer"), { target: { value: "municipal" } });
    await fireEvent.click(screen.getByTestId("day-off-add"));
    await waitFor(() => expect(backend.addDayOff).toHaveBeenCalledWith("2027-01-27", "Ponto facultativo", "municipal", 5103403));
    await fireEvent.click(await screen.findByTestId("day-off-remove"));
    await waitFor(() => expect(backend.removeDayOff).toHaveBeenCalledWith("2027-01-27", 5103403));
    vi.mocked(backend.providerProfile).mockResolvedValue(null);
    vi.mocked(backend.municipalityNames).mockResolvedValue([]);
  });

  it("names a day that is already off and keeps what was typed", async () => {
    vi.mocked(backend.addDayOff).mockRejectedValue({ code: "invalid_input", message: "25/12/2026 já é feriado: Natal" });
    render(AdminPage, { may: CONFIGURER_ABILITIES });
    await fireEvent.input(screen.getByTestId("day-off-date"), { target: { value: "25/12/2026" } });
    await fireEvent.input(screen.getByTestId("day-off-name"), { target: { value: "Natal da firma" } });
    await fireEvent.click(screen.getByTestId("day-off-add"));
    await waitFor(() => expect(screen.getByTestId("day-off-error").textContent).toBe("25/12/2026 já é feriado: Natal"));
    expect((screen.getByTestId("day-off-name") as HTMLInputElement).value).toBe("Natal da firma");
  });
});

describe("the agenda's periods and service times", () => {
  it("shows the hours and minutes in force and saves them as typed", async () => {
    vi.mocked(backend.setAgendaSettings).mockImplementation(async (s) => s);
    render(AdminPage, { may: CONFIGURER_ABILITIES });
    await waitFor(() => expect((screen.getByTestId("morning-start") as HTMLInputElement).value).toBe("08:00"));
    await fireEvent.input(screen.getByTestId("morning-start"), { target: { value: "07:30" } });
    await fireEvent.input(screen.getByTestId("service-installation"), { target: { value: "120" } });
    await fireEvent.input(screen.getByTestId("not-done-reasons"), { target: { value: "Cliente ausente\n\n  Poste sem acesso  \n" } });
    await fireEvent.click(screen.getByTestId("settings-save"));
    await waitFor(() =>
      expect(backend.setAgendaSettings).toHaveBeenCalledWith({
        ...DEFAULTS,
        morning: [450, 720],
        installationMinutes: 120,
        notDoneReasons: ["customer_absent", "Poste sem acesso"],
      }),
    );
    await waitFor(() => expect(screen.getByTestId("settings-notice").textContent).toContain("salvos"));
  });

  it("names impossible settings", async () => {
    vi.mocked(backend.setAgendaSettings).mockRejectedValue({ code: "invalid_input", message: "A tarde precisa começar depois do fim da manhã" });
    render(AdminPage, { may: CONFIGURER_ABILITIES });
    await waitFor(() => expect(screen.getByTestId("afternoon-start")).toBeTruthy());
    await fireEvent.input(screen.getByTestId("afternoon-start"), { target: { value: "11:00" } });
    await fireEvent.click(screen.getByTestId("settings-save"));
    await waitFor(() => expect(screen.getByTestId("settings-error").textContent).toBe("A tarde precisa começar depois do fim da manhã"));
  });

  it("shows every problem of the settings beside its field at once", async () => {
    vi.mocked(backend.setAgendaSettings).mockRejectedValue({
      code: "invalid_fields",
      message: "Corrija os campos marcados; nada foi salvo.",
      params: {
        morning: "O turno da manhã precisa terminar depois de começar",
        "minutes.repair": "O tempo de serviço de Reparo / visita técnica precisa ser de 5 a 480 minutos",
      },
    });
    render(AdminPage, { may: CONFIGURER_ABILITIES });
    await waitFor(() => expect(screen.getByTestId("settings-save")).toBeTruthy());
    await fireEvent.click(screen.getByTestId("settings-save"));
    await waitFor(() => expect(screen.getAllByTestId("settings-problem")).toHaveLength(2));
    const fields = screen.getAllByTestId("settings-problem").map((p) => p.dataset.field);
    expect(fields).toEqual(["morning", "minutes.repair"]);
    // Each sits in its field's label.
    expect(screen.getByTestId("service-repair").closest("label")!.textContent).toContain("5 a 480 minutos");
  });

  it("reads times as hh:mm, 24 hours, whatever the machine's locale", async () => {
    render(AdminPage, { may: CONFIGURER_ABILITIES });
    const start = (await screen.findByTestId("morning-start")) as HTMLInputElement;
    await fireEvent.input(start, { target: { value: "0730" } });
    expect(start.value).toBe("07:30");
    await fireEvent.input(start, { target: { value: "2575" } });
    await fireEvent.blur(start);
    expect(start.closest(".hanging-field")!.textContent).toContain("Hora inválida");
  });
});

describe("the calendar's working hours", () => {
  it("shows each weekday's hours and saves Saturday as not worked", async () => {
    vi.mocked(backend.setWeekHours).mockImplementation(async (h) => h);
    render(AdminPage, { may: CONFIGURER_ABILITIES });
    await waitFor(() => expect(screen.getAllByTestId("hours-day")).toHaveLength(7));
    expect((screen.getAllByTestId("hours-from")[0] as HTMLInputElement).value).toBe("08:00");
    expect(screen.getAllByTestId("hours-day")[6].textContent).toContain("não trabalhado");
    await fireEvent.click(screen.getAllByTestId("hours-worked")[5]);
    await fireEvent.click(screen.getByTestId("hours-save"));
    await waitFor(() =>
      expect(backend.setWeekHours).toHaveBeenCalledWith({ days: [...STANDARD_WEEK.days.slice(0, 5), null, null] }),
    );
    await waitFor(() => expect(screen.getByTestId("hours-notice").textContent).toContain("Horário de trabalho salvo"));
  });
});
