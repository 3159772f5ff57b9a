// Dev-only demo: runs the real UI in a plain browser against a fake backend with 100 000
// generated orders, by standing in for Tauri's IPC (window.__TAURI_INTERNALS__.invoke).
// Query string: ?fail (startup error), ?empty (no orders), ?slow (800 ms per call).
import type {
  FilterOptions, OrderDetail, OrderFilter, OrderKind, OrderPage, OrderRow, OrderStatus, PageRequest, StartupState,
} from "../src/lib/backend/bindings";

const params = new URLSearchParams(location.search);
const TOTAL = params.has("empty") ? 0 : 100_000;
const LATENCY = params.has("slow") ? 800 : 25;

const FIRST = ["Maria", "José", "Ana", "Severino", "Luana", "Antônio", "Francisca", "Cícero", "Raimunda", "João", "Patrícia", "Edvaldo"];
const LAST = ["da Silva", "Albuquerque", "Lins", "Cavalcanti", "de Souza", "Barbosa", "Ferreira", "Lima", "Araújo", "Nascimento"];
const BAIRROS = ["Boa Viagem", "Casa Amarela", "Várzea", "Afogados", "Espinheiro", "Graças", "Imbiribeira", "Madalena", "Pina", "Torre", "Jardim São Paulo", "Ibura"];
const TECHS = [
  { id: "tec-1", name: "Carlos Henrique", phone: "(81) 99111-2222" },
  { id: "tec-2", name: "Rafael Tavares", phone: "(81) 98222-3333" },
  { id: "tec-3", name: "Jéssica Moura", phone: "(81) 99733-4444" },
  { id: "tec-4", name: "Wellington Rocha", phone: "(81) 98844-5555" },
];
const KINDS: OrderKind[] = ["installation", "installation", "repair", "repair", "removal", "address_change"];
const STATUSES: OrderStatus[] = ["pending_analysis", "approved", "scheduled", "scheduled", "en_route", "in_progress", "done", "done", "not_done", "rejected", "cancelled"];
const PLANS = [
  { id: "p300", name: "Fibra 300 Mega", downloadMbps: 300, priceCents: 9990, hasIptv: false, premium: false },
  { id: "p500", name: "Fibra 500 Mega + TV", downloadMbps: 500, priceCents: 12990, hasIptv: true, premium: false },
  { id: "p1g", name: "Fibra 1 Giga Premium", downloadMbps: 1000, priceCents: 19990, hasIptv: true, premium: true },
];

function rand(i: number, salt: number) {
  let x = (i + 1) * 2654435761 + salt * 40503;
  x ^= x >>> 13; x = Math.imul(x, 0x5bd1e995); x ^= x >>> 15;
  return (x >>> 0) / 4294967296;
}
const pick = <T,>(a: T[], i: number, s: number) => a[Math.floor(rand(i, s) * a.length)];

const rows: OrderRow[] = Array.from({ length: TOTAL }, (_, i) => {
  const status = pick(STATUSES, i, 1);
  const scheduled = !["pending_analysis", "approved", "rejected"].includes(status);
  const tech = scheduled ? pick(TECHS, i, 2) : null;
  const plan = pick(PLANS, i, 3);
  const day = 1 + Math.floor(rand(i, 4) * 28);
  return {
    id: `ord-${i}`, number: 1 + i, kind: pick(KINDS, i, 5), status,
    customerName: `${pick(FIRST, i, 6)} ${pick(LAST, i, 7)}`, neighbourhood: pick(BAIRROS, i, 8), city: "Recife",
    technicianName: tech?.name ?? null,
    scheduledDate: scheduled ? `2026-11-${String(day).padStart(2, "0")}` : null,
    period: scheduled ? (rand(i, 9) < 0.5 ? "morning" : "afternoon") : null,
    planName: plan.name, hasIptv: plan.hasIptv, createdAt: `2026-10-${String(day).padStart(2, "0")}T13:${String(i % 60).padStart(2, "0")}:00Z`,
  };
});
const details = new Map<string, OrderDetail>();

const SORT: Record<OrderFilter["sort"], (r: OrderRow) => string | number> = {
  number: (r) => r.number, scheduled_date: (r) => r.scheduledDate ?? "9999", customer: (r) => r.customerName,
  neighbourhood: (r) => r.neighbourhood, status: (r) => r.status, kind: (r) => r.kind,
  technician: (r) => r.technicianName ?? "~", created_at: (r) => r.createdAt,
};

function listOrders(f: OrderFilter, p: PageRequest): OrderPage {
  const text = f.text?.toLocaleLowerCase("pt-BR");
  const tech = TECHS.find((t) => t.id === f.technicianId)?.name;
  let out = rows.filter((r) =>
    (f.statuses.length === 0 || f.statuses.includes(r.status)) &&
    (f.kinds.length === 0 || f.kinds.includes(r.kind)) &&
    (!f.period || r.period === f.period) &&
    (!f.neighbourhood || r.neighbourhood === f.neighbourhood) &&
    (!tech || r.technicianName === tech) &&
    (!f.dateFrom || (r.scheduledDate ?? "") >= f.dateFrom) &&
    (!f.dateTo || (r.scheduledDate !== null && r.scheduledDate <= f.dateTo)) &&
    (!text || r.customerName.toLocaleLowerCase("pt-BR").includes(text) || String(r.number).includes(text) || r.neighbourhood.toLocaleLowerCase("pt-BR").includes(text)));
  const key = SORT[f.sort];
  const dir = f.dir === "asc" ? 1 : -1;
  out = [...out].sort((a, b) => { const x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : a.number - b.number) * dir; });
  return { rows: out.slice(p.offset, p.offset + p.limit), total: out.length, offset: p.offset };
}

const NEXT: Partial<Record<OrderStatus, OrderStatus[]>> = {
  pending_analysis: ["approved", "rejected", "cancelled"], approved: ["scheduled", "cancelled"],
  scheduled: ["en_route", "cancelled"], en_route: ["in_progress", "scheduled"], in_progress: ["done", "not_done"],
  not_done: ["scheduled", "cancelled"], rejected: ["pending_analysis"],
};

function getOrder(id: string): OrderDetail {
  const cached = details.get(id);
  if (cached) return cached;
  const row = rows.find((r) => r.id === id);
  if (!row) throw { code: "not_found", message: "Ordem de serviço não encontrada." };
  const i = row.number;
  const tech = TECHS.find((t) => t.name === row.technicianName) ?? null;
  const history: OrderDetail["history"] = [
    { id: `${id}-e1`, at: "2026-11-02T12:14:00Z", actorName: "Portal do cliente", from: null, to: "pending_analysis", reason: null },
  ];
  if (row.status !== "pending_analysis") {
    history.push({ id: `${id}-e2`, at: "2026-11-03T01:30:00Z", actorName: "Patrícia Moura", from: "pending_analysis", to: row.status === "rejected" || row.status === "cancelled" ? row.status : "approved", reason: row.status === "rejected" ? "Endereço fora da área de cobertura" : row.status === "cancelled" ? "Cliente desistiu" : null });
  }
  if (row.scheduledDate) history.push({ id: `${id}-e3`, at: "2026-11-04T14:00:00Z", actorName: "Patrícia Moura", from: "approved", to: "scheduled", reason: null });
  const d: OrderDetail = {
    order: row,
    customer: {
      id: `cus-${i}`, name: row.customerName, cpf: i % 5 === 0 ? null : "123.456.789-09", email: i % 3 === 0 ? null : "cliente@example.com.br",
      phones: ["(81) 99876-5432", "(81) 3456-7890"],
      address: { street: "Rua dos Navegantes", number: String(100 + (i % 900)), complement: i % 2 ? "Apto 302" : null, neighbourhood: row.neighbourhood, city: "Recife", uf: "PE", cep: "51020-010" },
      lat: -8.119, lon: -34.901,
    },
    plan: PLANS.find((p) => p.name === row.planName) ?? PLANS[0],
    technician: tech, history, allowedTransitions: NEXT[row.status] ?? [],
  };
  details.set(id, d);
  return d;
}

function transition(id: string, to: OrderStatus, reason: string | null): OrderDetail {
  const d = getOrder(id);
  if (!d.allowedTransitions.includes(to)) throw { code: "illegal_transition", message: "transição inválida" };
  if (["rejected", "not_done", "cancelled"].includes(to) && !reason) throw { code: "reason_required", message: "Informe o motivo." };
  const row = { ...d.order, status: to };
  rows[rows.findIndex((r) => r.id === id)] = row;
  const next: OrderDetail = {
    ...d, order: row, allowedTransitions: NEXT[to] ?? [],
    history: [...d.history, { id: `${id}-e${d.history.length + 1}`, at: new Date().toISOString(), actorName: "Você", from: d.order.status, to, reason }],
  };
  details.set(id, next);
  return next;
}

const handlers: Record<string, (a: Record<string, unknown>) => unknown> = {
  startup_state: (): StartupState => params.has("fail")
    ? { state: "failed", error: { code: "database_newer_schema", message: "Este banco de dados foi criado por uma versão mais nova do Campo. Atualize o Campo para abri-lo." }, path: "C:\\Users\\coordenacao\\AppData\\Roaming\\br.campo.app\\campo.db" }
    : { state: "ready", info: { dbPath: "/home/coord/.local/share/campo/campo.db", deviceId: "demo", schemaVersion: 1, orderCount: TOTAL, lang: "pt-BR" } },
  set_language: () => null,
  filter_options: (): FilterOptions => ({ technicians: TECHS, neighbourhoods: [...BAIRROS].sort((a, b) => a.localeCompare(b, "pt-BR")) }),
  list_orders: (a) => listOrders(a.filter as OrderFilter, a.page as PageRequest),
  get_order: (a) => getOrder(a.id as string),
  transition_order: (a) => transition(a.id as string, a.to as OrderStatus, a.reason as string | null),
};

(window as unknown as { __TAURI_INTERNALS__: unknown }).__TAURI_INTERNALS__ = {
  invoke: (cmd: string, args: Record<string, unknown>) =>
    new Promise((resolve, reject) => setTimeout(() => {
      try { resolve(handlers[cmd]?.(args) ?? Promise.reject(`command ${cmd} not found`)); } catch (e) { reject(e); }
    }, LATENCY)),
  transformCallback: () => 0,
};

await import("../src/main");
