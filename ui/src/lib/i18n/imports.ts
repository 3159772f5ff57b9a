// The words of the import screen (Administração → Importar), in pt-BR and English;
// `messages.ts` takes them in as `imports`.
import type { Format, ImportKind } from "../backend/bindings";

const count = (n: number) => new Intl.NumberFormat("pt-BR").format(n);
const countEn = (n: number) => new Intl.NumberFormat("en-US").format(n);

export const importsPt = {
  title: "Importar dados do ERP",
  intro:
    "Traga planos, clientes, ordens abertas e títulos a receber de um arquivo CSV ou XLSX exportado do seu ERP. Importe nesta ordem: planos, clientes, ordens, títulos. Nada é gravado antes da verificação, e a importação grava tudo ou nada.",
  kind: "O arquivo traz",
  kinds: { plans: "Planos", customers: "Clientes", orders: "Ordens abertas", receivables: "Títulos a receber" } satisfies Record<ImportKind, string>,
  file: "Arquivo (CSV ou XLSX)",
  format: { csv_utf8: "CSV (UTF-8)", csv_utf16: "CSV (UTF-16)", csv_latin1: "CSV (Latin-1)", xlsx: "Planilha XLSX", erp: "Dados do ERP (API)" } satisfies Record<Format, string>,
  read: (name: string, format: string, rows: number) => `${name}: ${format}, ${count(rows)} linha(s) de dados`,
  matching: "Colunas do arquivo e campos do Campo",
  matchingHint: "Confira a correspondência de cada coluna; mude onde o Campo não acertou.",
  leaveOut: "— não importar —",
  required: "obrigatório",
  missing: (fields: string) => `Falta indicar a coluna de: ${fields}`,
  check: "Verificar arquivo",
  checking: "Verificando…",
  checked: (ready: number, problems: number) =>
    problems === 0 ? `Nenhum problema: ${count(ready)} registro(s) prontos para importar.` : `${count(problems)} problema(s) encontrados; nada será importado até corrigi-los.`,
  leftOut: (n: number) => `${count(n)} ordem(ns) já finalizada(s) ou cancelada(s) no ERP ficam de fora.`,
  more: (shown: number, all: number) => `Mostrando ${count(shown)} de ${count(all)} problemas.`,
  line: "Linha",
  column: "Coluna",
  problem: "Problema",
  run: "Importar",
  running: (done: number, total: number) => `Importando… ${count(done)} de ${count(total)}`,
  cancel: "Cancelar importação",
  done: (created: number, updated: number, unchanged: number) =>
    `Importação concluída: ${count(created)} novo(s), ${count(updated)} atualizado(s), ${count(unchanged)} sem mudança.`,
  fixAndCheck: "Corrija o arquivo e escolha-o de novo, ou ajuste as colunas e verifique de novo.",
  erp: {
    title: "Conexão com o ERP",
    intro: "O servidor lê clientes, ordens e títulos do ERP e devolve a ele os agendamentos e fechamentos feitos no campo. Aqui está como cada leitura terminou e quando será a próxima.",
    none: "Nenhum ERP conectado a este servidor. Para ligar o IXC Provedor, peça a quem cuida do servidor do Campo.",
    every: (erp: string, minutes: number) => `${erp}, lido a cada ${minutes} minuto(s).`,
    byHand: (erp: string) => `${erp}, lido quando pedido no servidor (não há leitura automática).`,
    what: "O quê",
    lastOk: "Última leitura boa",
    state: "Situação",
    next: "Próxima (aprox.)",
    never: "nunca",
    ok: "em dia",
    failing: (failures: number, problem: string) => `falhou ${failures} vez(es) seguida(s): ${problem}`,
    notYet: "ainda não lida",
    onDemand: "quando pedida",
    writeBack: (written: number, waiting: number) => `Devolvidos ao ERP: ${count(written)} agendamento(s) e fechamento(s); ${count(waiting)} aguardando.`,
    writeFailure: (id: string, problem: string, attempts: number) => `A OS ${id} não foi devolvida (${attempts} tentativa(s)): ${problem}. O servidor tenta de novo na próxima volta.`,
    refresh: "Atualizar",
  },
};

export type ImportsMessages = typeof importsPt;

export const importsEn: ImportsMessages = {
  title: "Import data from the ERP",
  intro:
    "Bring plans, customers, open orders and receivables from a CSV or XLSX file exported by your ERP. Import in this order: plans, customers, orders, receivables. Nothing is written before the check, and the import writes all or nothing.",
  kind: "The file holds",
  kinds: { plans: "Plans", customers: "Customers", orders: "Open orders", receivables: "Receivables" },
  file: "File (CSV or XLSX)",
  format: { csv_utf8: "CSV (UTF-8)", csv_utf16: "CSV (UTF-16)", csv_latin1: "CSV (Latin-1)", xlsx: "XLSX spreadsheet", erp: "ERP data (API)" },
  read: (name: string, format: string, rows: number) => `${name}: ${format}, ${countEn(rows)} data row(s)`,
  matching: "The file's columns and Campo's fields",
  matchingHint: "Check what each column is matched to; change it where Campo got it wrong.",
  leaveOut: "— leave out —",
  required: "required",
  missing: (fields: string) => `Say which column holds: ${fields}`,
  check: "Check file",
  checking: "Checking…",
  checked: (ready: number, problems: number) =>
    problems === 0 ? `No problems: ${countEn(ready)} record(s) ready to import.` : `${countEn(problems)} problem(s) found; nothing is imported until they are fixed.`,
  leftOut: (n: number) => `${countEn(n)} order(s) already finished or cancelled in the ERP are left out.`,
  more: (shown: number, all: number) => `Showing ${countEn(shown)} of ${countEn(all)} problems.`,
  line: "Line",
  column: "Column",
  problem: "Problem",
  run: "Import",
  running: (done: number, total: number) => `Importing… ${countEn(done)} of ${countEn(total)}`,
  cancel: "Cancel import",
  done: (created: number, updated: number, unchanged: number) =>
    `Import finished: ${countEn(created)} new, ${countEn(updated)} updated, ${countEn(unchanged)} unchanged.`,
  fixAndCheck: "Fix the file and choose it again, or adjust the columns and check again.",
  erp: {
    title: "Connection to the ERP",
    intro: "The server reads customers, orders and receivables from the ERP and writes back to it the schedulings and closings done in the field. Here is how each reading ended and when the next one is.",
    none: "No ERP connected to this server. To connect IXC Provedor, ask whoever runs Campo's server.",
    every: (erp: string, minutes: number) => `${erp}, read every ${minutes} minute(s).`,
    byHand: (erp: string) => `${erp}, read when asked on the server (no automatic reading).`,
    what: "What",
    lastOk: "Last good reading",
    state: "State",
    next: "Next (about)",
    never: "never",
    ok: "up to date",
    failing: (failures: number, problem: string) => `failed ${failures} time(s) in a row: ${problem}`,
    notYet: "not read yet",
    onDemand: "when asked",
    writeBack: (written: number, waiting: number) => `Written back to the ERP: ${countEn(written)} scheduling(s) and closing(s); ${countEn(waiting)} waiting.`,
    writeFailure: (id: string, problem: string, attempts: number) => `Order ${id} was not written back (${attempts} attempt(s)): ${problem}. The server tries again on its next round.`,
    refresh: "Refresh",
  },
};
