// The words of orders: the list and its filters, an order's page, statuses, kinds, periods and
// moves in pt-BR and English; `messages.ts` takes them in.
import type { OrderKind, OrderStatus, Period } from "../backend/bindings";

const count = (n: number) => new Intl.NumberFormat("pt-BR").format(n);
const countEn = (n: number) => new Intl.NumberFormat("en-US").format(n);

export const filtersPt = {
  label: "Filtros",
  search: "Buscar",
  searchPlaceholder: "Buscar por cliente, OS, endereço…",
  searchHint: "Tecla / para buscar",
  status: "Status",
  kind: "Tipo",
  allKinds: "Todos os tipos",
  period: "Período",
  allPeriods: "Todos os períodos",
  dateFrom: "Agendada de",
  dateTo: "até",
  neighbourhood: "Bairro",
  allNeighbourhoods: "Todos os bairros",
  technician: "Técnico",
  allTechnicians: "Todos os técnicos",
  clear: "Limpar filtros",
  today: "Hoje",
  todayHint: "Ordens agendadas para hoje",
  total: (n: number) => (n === 1 ? "1 ordem" : `${count(n)} ordens`),
};

export const listPt = {
  label: "Lista de ordens de serviço",
  columns: {
    number: "OS",
    customer: "Cliente",
    neighbourhood: "Bairro",
    kind: "Tipo",
    status: "Status",
    technician: "Técnico",
    scheduledDate: "Agendada para",
    deadline: "Prazo",
  },
  sortBy: (column: string) => `Ordenar por ${column}`,
  noTechnician: "Sem técnico",
  notScheduled: "Sem data",
  loading: "Carregando ordens…",
  emptyTitle: "Nenhuma ordem encontrada",
  emptyHint: "Confira os filtros ou limpe-os para ver todas as ordens.",
  errorTitle: "Não foi possível carregar as ordens",
  retry: "Tentar novamente",
  keyboardHint: "↑ ↓ para mover, Enter para abrir",
};

export const orderPt = {
  visit: "Visita",
  contactPhone: "Telefone de contato",
  notes: "Observações",
  notesPlaceholder: "Ex.: portão azul, ligar antes de ir",
  editVisit: "Editar visita",
  save: "Salvar",
  cancel: "Cancelar",
  pause: "Pausar prazo",
  resume: "Retomar prazo",
  paused: "Prazo pausado",
  pauses: "Pausas do prazo",
  pausedBy: (who: string, reason: string) => `${who}: ${reason}`,
  resumedAt: (when: string) => `retomado em ${when}`,
  stillPaused: "ainda pausado",
  back: "Voltar",
  backHint: "Esc volta à lista",
  loading: "Carregando ordem…",
  errorTitle: "Não foi possível abrir esta ordem",
  retry: "Tentar novamente",
  customer: "Cliente",
  cpf: "CPF",
  email: "E-mail",
  phones: "Telefones",
  address: "Endereço",
  newAddress: "Novo endereço (a visita é lá)",
  cep: "CEP",
  reference: "Referência",
  available: "Cliente disponível",
  plan: "Plano",
  speed: (mbps: number) => `${count(mbps)} Mbps`,
  price: "Mensalidade",
  iptv: "IPTV",
  premium: "Premium",
  schedule: "Agendamento",
  date: "Data",
  period: "Período",
  technician: "Técnico",
  noTechnician: "Sem técnico",
  notScheduled: "Sem data",
  history: "Histórico",
  historyCreated: "Ordem aberta",
  historyBy: (actor: string) => `por ${actor}`,
  reason: "Motivo",
  actions: "Ações",
  noActions: "Nenhuma ação disponível neste status.",
  working: "Salvando…",
};

export const reasonDialogPt = {
  title: (action: string) => `${action}: informe o motivo`,
  label: "Motivo",
  hint: "Obrigatório. Será registrado no histórico da ordem.",
  required: "Informe o motivo para continuar.",
  confirm: "Confirmar",
  cancel: "Voltar",
};

export const statusPt = {
  pending_analysis: "Em análise",
  approved: "Aprovada",
  rejected: "Reprovada",
  scheduled: "Agendada",
  en_route: "Em deslocamento",
  in_progress: "Em execução",
  done: "Concluída",
  not_done: "Não realizada",
  cancelled: "Cancelada",
} satisfies Record<OrderStatus, string>;

export const kindPt = {
  installation: "Instalação",
  repair: "Reparo / visita técnica",
  removal: "Retirada",
  address_change: "Mudança de endereço",
  plan_change: "Mudança de plano",
  sva_activation: "Ativação de SVA",
} satisfies Record<OrderKind, string>;

export const periodPt = {
  // The hours are the agenda's settings (Administração), shown beside where they matter.
  morning: "Manhã",
  afternoon: "Tarde",
} satisfies Record<Period, string>;

export const transitionPt = {
  pending_analysis: "Reenviar para análise",
  approved: "Aprovar",
  rejected: "Reprovar",
  scheduled: "Agendar",
  en_route: "Iniciar deslocamento",
  in_progress: "Iniciar execução",
  done: "Concluir",
  not_done: "Não realizada",
  cancelled: "Cancelar",
} satisfies Record<OrderStatus, string>;

export const filtersEn: typeof filtersPt = {
  label: "Filters",
  search: "Search",
  searchPlaceholder: "Search by customer, order, address…",
  searchHint: "Press / to search",
  status: "Status",
  kind: "Kind",
  allKinds: "All kinds",
  period: "Period",
  allPeriods: "All periods",
  dateFrom: "Scheduled from",
  dateTo: "to",
  neighbourhood: "Neighbourhood",
  allNeighbourhoods: "All neighbourhoods",
  technician: "Technician",
  allTechnicians: "All technicians",
  clear: "Clear filters",
  today: "Today",
  todayHint: "Orders scheduled for today",
  total: (n) => (n === 1 ? "1 order" : `${countEn(n)} orders`),
};

export const listEn: typeof listPt = {
  label: "Work order list",
  columns: {
    number: "Order",
    customer: "Customer",
    neighbourhood: "Neighbourhood",
    kind: "Kind",
    status: "Status",
    technician: "Technician",
    scheduledDate: "Scheduled for",
    deadline: "Deadline",
  },
  sortBy: (column) => `Sort by ${column}`,
  noTechnician: "No technician",
  notScheduled: "No date",
  loading: "Loading orders…",
  emptyTitle: "No orders found",
  emptyHint: "Check the filters, or clear them to see every order.",
  errorTitle: "The orders could not be loaded",
  retry: "Try again",
  keyboardHint: "↑ ↓ to move, Enter to open",
};

export const orderEn: typeof orderPt = {
  visit: "Visit",
  contactPhone: "Contact phone",
  notes: "Notes",
  notesPlaceholder: "E.g. blue gate, call before going",
  editVisit: "Edit visit",
  save: "Save",
  cancel: "Cancel",
  pause: "Pause deadline",
  resume: "Resume deadline",
  paused: "Deadline paused",
  pauses: "Deadline pauses",
  pausedBy: (who: string, reason: string) => `${who}: ${reason}`,
  resumedAt: (when: string) => `resumed on ${when}`,
  stillPaused: "still paused",
  back: "Back",
  backHint: "Esc returns to the list",
  loading: "Loading order…",
  errorTitle: "This order could not be opened",
  retry: "Try again",
  customer: "Customer",
  cpf: "CPF",
  email: "E-mail",
  phones: "Phones",
  address: "Address",
  newAddress: "New address (the visit is there)",
  cep: "CEP",
  reference: "Reference",
  available: "Customer available",
  plan: "Plan",
  speed: (mbps) => `${countEn(mbps)} Mbps`,
  price: "Monthly fee",
  iptv: "IPTV",
  premium: "Premium",
  schedule: "Schedule",
  date: "Date",
  period: "Period",
  technician: "Technician",
  noTechnician: "No technician",
  notScheduled: "No date",
  history: "History",
  historyCreated: "Order opened",
  historyBy: (actor) => `by ${actor}`,
  reason: "Reason",
  actions: "Actions",
  noActions: "No action is available in this status.",
  working: "Saving…",
};

export const reasonDialogEn: typeof reasonDialogPt = {
  title: (action) => `${action}: give the reason`,
  label: "Reason",
  hint: "Required. It is recorded in the order's history.",
  required: "Give the reason to continue.",
  confirm: "Confirm",
  cancel: "Back",
};

export const statusEn: typeof statusPt = {
  pending_analysis: "Under review",
  approved: "Approved",
  rejected: "Rejected",
  scheduled: "Scheduled",
  en_route: "On the way",
  in_progress: "In progress",
  done: "Done",
  not_done: "Not done",
  cancelled: "Cancelled",
};

export const kindEn: typeof kindPt = {
  installation: "Installation",
  repair: "Repair / technical visit",
  removal: "Removal",
  address_change: "Change of address",
  plan_change: "Plan change",
  sva_activation: "SVA activation",
};

export const periodEn: typeof periodPt = {
  morning: "Morning",
  afternoon: "Afternoon",
};

export const transitionEn: typeof transitionPt = {
  pending_analysis: "Send back for review",
  approved: "Approve",
  rejected: "Reject",
  scheduled: "Schedule",
  en_route: "Start trip",
  in_progress: "Start work",
  done: "Complete",
  not_done: "Not done",
  cancelled: "Cancel order",
};
