// Realistic data for tests: Recife neighbourhoods, real-looking plans and people.
import type { Abilities, AgendaSettings, OrderDetail, OrderKind, OrderPage, OrderRow, OrderStatus } from "$lib/backend/bindings";

const CUSTOMERS = ["Maria das Graças Silva", "José Cícero Albuquerque", "Ana Beatriz Lins", "Severino Ramos", "Luana Cavalcanti"];
const NEIGHBOURHOODS = ["Boa Viagem", "Casa Amarela", "Várzea", "Afogados", "Espinheiro"];
const KINDS: OrderKind[] = ["installation", "repair", "removal", "address_change", "plan_change", "sva_activation"];
const STATUSES: OrderStatus[] = ["pending_analysis", "scheduled", "en_route", "done"];

export function makeRow(i: number, over: Partial<OrderRow> = {}): OrderRow {
  return {
    id: `ord-${i}`,
    number: 1000 + i,
    kind: KINDS[i % KINDS.length],
    status: STATUSES[i % STATUSES.length],
    customerName: `${CUSTOMERS[i % CUSTOMERS.length]} ${i}`,
    neighbourhood: NEIGHBOURHOODS[i % NEIGHBOURHOODS.length],
    city: "Recife",
    technicianId: i % 3 === 0 ? null : "tech-carlos",
    technicianName: i % 3 === 0 ? null : "Carlos Henrique",
    scheduledDate: "2026-11-23",
    period: i % 2 === 0 ? "morning" : "afternoon",
    planName: "Fibra 500 Mega",
    hasIptv: i % 2 === 0,
    createdAt: "2026-11-20T12:00:00Z",
    deadline: "2026-11-27T21:00:00Z",
    deadlineState: i % 5 === 0 ? "at_risk" : "on_track",
    availablePeriods: [],
    outsideAvailability: false,
    ...over,
  };
}

/** A listOrders fake over `total` generated rows. */
export function pageOf(total: number, offset: number, limit: number): OrderPage {
  const rows: OrderRow[] = [];
  for (let i = offset; i < Math.min(total, offset + limit); i++) rows.push(makeRow(i));
  return { rows, total, offset };
}

export function makeDetail(over: Partial<OrderDetail> = {}): OrderDetail {
  return {
    order: makeRow(123, { id: "ord-123", number: 123, kind: "installation", status: "pending_analysis", technicianName: null, scheduledDate: null, period: null, availablePeriods: ["afternoon"] }),
    customer: {
      id: "cus-1",
      name: "Maria das Graças Silva",
      cpf: "123.456.789-09",
      email: "gracas.silva@example.com.br",
      phones: ["(81) 99876-5432", "(81) 3456-7890"],
      address: {
        street: "Rua dos Navegantes",
        number: "1450",
        complement: "Apto 302",
        neighbourhood: "Boa Viagem",
        city: "Recife",
        uf: "PE",
        cep: "51020-010",
      },
      lat: -8.119,
      lon: -34.901,
      reference: "Em frente à padaria",
    },
    plan: { id: "plan-500", name: "Fibra 500 Mega", downloadMbps: 500, priceCents: 12990, hasIptv: true, premium: false, svas: [] },
    technician: null,
    history: [
      // Deliberately out of order: the page shows the oldest first.
      { id: "ev-2", at: "2026-11-24T01:30:00Z", actorName: "Patrícia Moura", from: "pending_analysis", to: "rejected", reason: { kind: "given", text: "Endereço fora da área de cobertura" } },
      { id: "ev-1", at: "2026-11-23T17:05:00Z", actorName: "Portal do cliente", from: null, to: "pending_analysis", reason: null },
      { id: "ev-3", at: "2026-11-24T12:00:00Z", actorName: "Patrícia Moura", from: "rejected", to: "pending_analysis", reason: null },
    ],
    allowedTransitions: [
      { to: "approved", needsReason: false },
      { to: "rejected", needsReason: true },
      { to: "cancelled", needsReason: true },
    ],
    deadlineText: "vence em 3 dias úteis",
    pauses: [],
    paused: false,
    canPause: false,
    contactPhone: null,
    notes: null,
    newAddress: null,
    notices: [],
    signature: null,
    signatureRequired: false,
    photosRequired: 0,
    photosTaken: 0,
    ...over,
  };
}

/** The agenda settings a new database starts with (periods, minutes per kind, reasons). */
export const AGENDA_SETTINGS: AgendaSettings = {
  morning: [480, 720],
  afternoon: [780, 1080],
  installationMinutes: 80,
  repairMinutes: 60,
  removalMinutes: 40,
  addressChangeMinutes: 80,
  planChangeMinutes: 40,
  svaActivationMinutes: 40,
  notDoneReasons: ["Cliente ausente", "Chuva / condições climáticas"],
};

/** A person who may configure everything the administration page offers on this device, but not run the server's account (its people and ERP): the input these tests render with, not a copy of any role's policy. */
export const CONFIGURER_ABILITIES: Abilities = {
  createOrders: true,
  setProvider: true,
  administer: false,
  editPlans: true,
  import: true,
  openCustomers: true,
  stepN2Calls: true,
};
