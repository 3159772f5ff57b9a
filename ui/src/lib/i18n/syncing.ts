// The words of joining a server, syncing, the people of this computer and the first start in pt-BR
// and English; `messages.ts` takes them in.
import { count, countEn } from "./count";

export const syncPt = {
  local: "Modo local (demonstração)",
  synced: (ago: string) => `Sincronizado · ${ago}`,
  neverSynced: "Conectado · ainda sem sincronizar",
  pending: (n: number) => (n === 1 ? "1 alteração aguardando envio" : `${count(n)} alterações aguardando envio`),
  offline: (n: number) =>
    n === 0 ? "Offline" : n === 1 ? "Offline · 1 alteração aguardando" : `Offline · ${count(n)} alterações aguardando`,
  running: "Sincronizando…",
  conflicts: (n: number) => (n === 1 ? "1 conflito" : `${count(n)} conflitos`),
  now: "agora",
  minutesAgo: (n: number) => `há ${n} min`,
  hoursAgo: (n: number) => `há ${n} h`,
  daysAgo: (n: number) => (n === 1 ? "há 1 dia" : `há ${n} dias`),
  title: "Sincronização",
  aloneIntro:
    "Este computador está trabalhando sozinho, com os dados de demonstração. Ao entrar no servidor do provedor, o Campo passa a mostrar os dados do provedor; os dados de demonstração continuam guardados neste computador.",
  url: "Endereço do servidor",
  urlPlaceholder: "https://campo.seuprovedor.com.br",
  login: "Login",
  password: "Senha",
  join: "Entrar no servidor",
  joining: "Entrando…",
  required: { url: "Informe o endereço do servidor", login: "Informe o login", password: "Informe a senha" },
  server: "Servidor",
  user: "Usuário",
  state: "Situação",
  online: "Conectado",
  offlineWord: "Sem conexão com o servidor",
  sessionWord: "O servidor responde, mas pede que você entre novamente",
  waiting: "Alterações aguardando envio",
  lastSync: "Última sincronização",
  never: "Ainda não sincronizou",
  conflictsWaiting: "Conflitos aguardando a coordenação",
  conflictsTitle: "Conflitos para decidir",
  noConflicts: "Nenhum conflito aberto",
  keepStatus: "A ordem fica como",
  decisionNote: "Motivo da decisão (vai para o histórico)",
  decide: "Decidir",
  lastError: "Último erro",
  syncNow: "Sincronizar agora",
  firstSync: "Primeira sincronização…",
  receiving: (done: string, total: string, percent: number) =>
    `Recebendo do servidor: ${done} de ${total} alterações (${percent}%)`,
  signOut: "Sair",
  clockTitle: "Relógio do computador",
  clockOff: (minutes: number) => {
    const m = Math.abs(minutes);
    const amount = m >= 90 ? `${Math.round(m / 60)} h` : `${m} min`;
    return `O relógio deste computador está ${amount} ${minutes > 0 ? "adiantado" : "atrasado"} em relação ao servidor.`;
  },
  clockFix: "Acerte a data e a hora do computador: prazos e horários das visitas dependem delas.",
  refused: (n: number) => (n === 1 ? "1 alteração recusada" : `${count(n)} alterações recusadas`),
  refusedHere: "Alterações recusadas pelo servidor",
  refusedTitle: "Alterações recusadas pelo servidor",
  refusedIntro: "Estas alterações feitas neste computador não valeram: o servidor as recusou pelo motivo abaixo e elas não chegaram aos outros dispositivos. Refaça o que ainda for preciso.",
  signInShort: "Sem sessão · entre novamente",
  choosePasswordShort: "Escolha a sua senha",
  choosePassword: {
    title: (name: string) => `${name}, escolha a sua senha`,
    intro: "A senha que você recebeu da administração vale só para este primeiro acesso. Escolha uma sua (pelo menos 8 caracteres) para começar a sincronizar; nada se perde enquanto isso.",
    current: "Senha recebida",
    chosen: "Nova senha",
    again: "Repita a nova senha",
    mismatch: "As duas senhas novas não são iguais",
    save: "Salvar a minha senha",
    saving: "Salvando…",
  },
  disabledShort: "Conta desativada",
  signIn: "Entrar",
  signingIn: "Entrando…",
  sessionAgain: (name: string) => `A sessão de ${name} expirou ou foi encerrada: entre novamente para continuar sincronizando.`,
  signedOut: (name: string) => `${name} saiu deste computador. Entre para voltar a sincronizar.`,
  keptWork: (n: number) =>
    n === 0
      ? "Nada se perdeu."
      : n === 1
        ? "1 alteração está guardada neste computador e será enviada ao entrar."
        : `${count(n)} alterações estão guardadas neste computador e serão enviadas ao entrar.`,
  disabled: "Esta conta foi desativada: este computador não sincroniza mais.",
  disabledKept: (n: number) =>
    n === 0
      ? "Nada ficou sem enviar."
      : n === 1
        ? "1 alteração não foi enviada: exporte-a para o escritório."
        : `${count(n)} alterações não foram enviadas: exporte-as para o escritório.`,
  exportPending: "Exportar o que não foi enviado",
  exported: (path: string) => `Arquivo salvo em ${path}`,
  roles: {
    technician: "Técnico(a)",
    coordinator: "Coordenação",
    sva_manager: "Gerente de SVAs",
    backoffice: "Backoffice/cadastro",
    seller: "Vendedor(a)",
    support: "Atendimento (N1)",
    stock_keeper: "Almoxarifado",
    finance: "Financeiro",
    admin: "Administração",
  } as Record<string, string>,
};

export const peoplePt = {
  title: "Quem está usando este computador?",
  lead: "Cada pessoa tem aqui os seus próprios dados e a sua sessão. Escolha o seu nome e digite a sua senha — funciona também sem internet.",
  password: "Senha",
  enter: "Entrar",
  entering: "Entrando…",
  another: "Outra pessoa",
  anotherText: "Entre com o login e a senha que a administração do provedor lhe deu. Os dados de quem já usa este computador não se misturam com os seus.",
  back: "Voltar à lista",
  required: "Digite a sua senha",
  switchPerson: "Trocar de pessoa",
  switchHint: "Fecha os seus dados neste computador (a sua sessão continua) para outra pessoa entrar",
};

export const welcomePt = {
  lead: "O Campo organiza as vendas, a agenda de instalações, as rotas, o estoque dos técnicos e as ativações do provedor — funcionando sem internet e sincronizando com o servidor do provedor. Como quer começar?",
  connectTitle: "Conectar ao servidor do meu provedor",
  connectText: "Use o endereço, o login e a senha que a administração do provedor lhe deu. Este computador passa a trabalhar com os dados do provedor.",
  demoTitle: "Experimentar com dados de demonstração",
  demoText: "Um provedor fictício em Recife/PE, com técnicos, clientes e um mês de ordens, para conhecer o Campo. Nada disso vai para servidor nenhum; a demonstração fica identificada em todas as telas.",
  tryDemo: "Experimentar a demonstração",
  creatingDemo: "Criando a demonstração…",
  creatingHint: "Gerando o provedor fictício: leva alguns segundos na primeira vez.",
};

export const startupPt = {
  title: "Não foi possível abrir o banco de dados",
  fileLabel: "Arquivo",
  nothingChanged: "Nada foi alterado no arquivo. Feche o Campo e procure o suporte com a mensagem acima.",
};

export const syncEn: typeof syncPt = {
  local: "Local mode (demo)",
  synced: (ago) => `Synced · ${ago}`,
  neverSynced: "Connected · not synced yet",
  pending: (n) => (n === 1 ? "1 change waiting to be sent" : `${countEn(n)} changes waiting to be sent`),
  offline: (n) => (n === 0 ? "Offline" : n === 1 ? "Offline · 1 change waiting" : `Offline · ${countEn(n)} changes waiting`),
  running: "Syncing…",
  conflicts: (n) => (n === 1 ? "1 conflict" : `${countEn(n)} conflicts`),
  now: "just now",
  minutesAgo: (n) => `${n} min ago`,
  hoursAgo: (n) => `${n} h ago`,
  daysAgo: (n) => (n === 1 ? "1 day ago" : `${n} days ago`),
  title: "Sync",
  aloneIntro:
    "This computer works on its own, with demo data. Once it joins your provider's server, Campo shows the provider's data; the demo data stays saved on this computer.",
  url: "Server address",
  urlPlaceholder: "https://campo.yourprovider.com.br",
  login: "Login",
  password: "Password",
  join: "Join the server",
  joining: "Joining…",
  required: { url: "Enter the server address", login: "Enter the login", password: "Enter the password" },
  server: "Server",
  user: "User",
  state: "Status",
  online: "Connected",
  offlineWord: "No connection to the server",
  sessionWord: "The server answers, but asks you to sign in again",
  waiting: "Changes waiting to be sent",
  lastSync: "Last sync",
  never: "Not synced yet",
  conflictsWaiting: "Conflicts waiting for the coordination",
  conflictsTitle: "Conflicts to decide",
  noConflicts: "No open conflicts",
  keepStatus: "The order stays as",
  decisionNote: "Reason for the decision (goes into the history)",
  decide: "Decide",
  lastError: "Last error",
  syncNow: "Sync now",
  firstSync: "First sync…",
  receiving: (done: string, total: string, percent: number) =>
    `Receiving from the server: ${done} of ${total} changes (${percent}%)`,
  signOut: "Sign out",
  clockTitle: "Computer clock",
  clockOff: (minutes: number) => {
    const m = Math.abs(minutes);
    const amount = m >= 90 ? `${Math.round(m / 60)} h` : `${m} min`;
    return `This computer's clock is ${amount} ${minutes > 0 ? "ahead of" : "behind"} the server's.`;
  },
  clockFix: "Set the computer's date and time: deadlines and visit times depend on them.",
  refused: (n) => (n === 1 ? "1 change refused" : `${countEn(n)} changes refused`),
  refusedHere: "Changes the server refused",
  refusedTitle: "Changes the server refused",
  refusedIntro: "These changes made on this computer did not count: the server refused them for the reason below and they did not reach the other devices. Redo whatever is still needed.",
  signInShort: "Signed out · sign in again",
  choosePasswordShort: "Choose your password",
  choosePassword: {
    title: (name) => `${name}, choose your password`,
    intro: "The password the administration gave you is for this first sign-in only. Choose your own (at least 8 characters) to start syncing; nothing is lost meanwhile.",
    current: "Password you were given",
    chosen: "New password",
    again: "Repeat the new password",
    mismatch: "The two new passwords differ",
    save: "Save my password",
    saving: "Saving…",
  },
  disabledShort: "Account disabled",
  signIn: "Sign in",
  signingIn: "Signing in…",
  sessionAgain: (name) => `${name}'s session expired or was ended: sign in again to keep syncing.`,
  signedOut: (name) => `${name} signed out of this computer. Sign in to sync again.`,
  keptWork: (n) =>
    n === 0
      ? "Nothing was lost."
      : n === 1
        ? "1 change is kept on this computer and will be sent when you sign in."
        : `${countEn(n)} changes are kept on this computer and will be sent when you sign in.`,
  disabled: "This account was disabled: this computer no longer syncs.",
  disabledKept: (n) =>
    n === 0
      ? "Nothing was left unsent."
      : n === 1
        ? "1 change was not sent: export it for the office."
        : `${countEn(n)} changes were not sent: export them for the office.`,
  exportPending: "Export what was not sent",
  exported: (path) => `File saved at ${path}`,
  roles: {
    technician: "Technician",
    coordinator: "Coordination",
    sva_manager: "SVA manager",
    backoffice: "Back office",
    seller: "Seller",
    support: "Support (N1)",
    stock_keeper: "Stock keeper",
    finance: "Finance",
    admin: "Administration",
  },
};

export const peopleEn: typeof peoplePt = {
  title: "Who is using this computer?",
  lead: "Each person has their own data and session here. Pick your name and type your password — it works without internet too.",
  password: "Password",
  enter: "Sign in",
  entering: "Signing in…",
  another: "Another person",
  anotherText: "Sign in with the login and password your provider's administration gave you. The data of whoever already uses this computer does not mix with yours.",
  back: "Back to the list",
  required: "Type your password",
  switchPerson: "Switch person",
  switchHint: "Closes your data on this computer (your session goes on) so someone else can sign in",
};

export const welcomeEn: typeof welcomePt = {
  lead: "Campo organises a provider's sales, installation schedule, routes, technicians' stock and activations — working without internet and syncing with the provider's server. How do you want to start?",
  connectTitle: "Connect to my provider's server",
  connectText: "Use the address, login and password your provider's administration gave you. This computer then works with the provider's data.",
  demoTitle: "Try it with demonstration data",
  demoText: "A fictional provider in Recife/PE, with technicians, customers and a month of orders, to get to know Campo. None of it goes to any server; the demo is labelled on every screen.",
  tryDemo: "Try the demo",
  creatingDemo: "Creating the demo…",
  creatingHint: "Generating the fictional provider: it takes a few seconds the first time.",
};

export const startupEn: typeof startupPt = {
  title: "The database could not be opened",
  fileLabel: "File",
  nothingChanged: "Nothing was changed in the file. Close Campo and contact support with the message above.",
};
