// Generated from Rust by ts-rs (campo-app `bindings` test). Do not edit by hand.
export type Lang = "pt-BR" | "en";
export type OrderKind = "installation" | "repair" | "removal" | "address_change" | "plan_change" | "sva_activation";
export type OrderStatus = "pending_analysis" | "approved" | "rejected" | "scheduled" | "en_route" | "in_progress" | "done" | "not_done" | "cancelled";
export type EventReason = { "kind": "given", 
/**
 * Their words.
 */
text: string, } | { "kind": "replanned" } | { "kind": "conflictDecided", 
/**
 * The office's note.
 */
note: string, };
export type Period = "morning" | "afternoon";
export type SortKey = "number" | "scheduled_date" | "customer" | "neighbourhood" | "status" | "kind" | "technician" | "created_at";
export type SortDir = "asc" | "desc";
export type DeadlineState = "on_track" | "at_risk" | "breached" | "met" | "missed";
export type OrderFilter = { 
/**
 * Any of these statuses.
 */
statuses: Array<OrderStatus>, 
/**
 * Any of these kinds.
 */
kinds: Array<OrderKind>, 
/**
 * Morning or afternoon.
 */
period: Period | null, 
/**
 * Scheduled on or after (`YYYY-MM-DD`).
 */
dateFrom: string | null, 
/**
 * Scheduled on or before (`YYYY-MM-DD`).
 */
dateTo: string | null, 
/**
 * Customer's neighbourhood.
 */
neighbourhood: string | null, 
/**
 * Assigned technician.
 */
technicianId: string | null, 
/**
 * Free text: OS number, customer, street, neighbourhood (accents and case ignored).
 */
text: string | null, 
/**
 * Sort column.
 */
sort: SortKey, 
/**
 * Sort direction.
 */
dir: SortDir, };
export type PageRequest = { 
/**
 * Rows to skip.
 */
offset: number, 
/**
 * Rows to return (at most 500).
 */
limit: number, };
export type OrderRow = { 
/**
 * Order id.
 */
id: string, 
/**
 * OS number.
 */
number: number, 
/**
 * Kind.
 */
kind: OrderKind, 
/**
 * Status.
 */
status: OrderStatus, 
/**
 * Customer name.
 */
customerName: string, 
/**
 * Neighbourhood.
 */
neighbourhood: string, 
/**
 * City.
 */
city: string, 
/**
 * Assigned technician's id.
 */
technicianId: string | null, 
/**
 * Assigned technician.
 */
technicianName: string | null, 
/**
 * Scheduled day (`YYYY-MM-DD`, the provider's calendar).
 */
scheduledDate: string | null, 
/**
 * Scheduled period.
 */
period: Period | null, 
/**
 * Plan name.
 */
planName: string, 
/**
 * Plan includes IPTV.
 */
hasIptv: boolean, 
/**
 * Created (RFC 3339, UTC).
 */
createdAt: string, 
/**
 * Deadline (RFC 3339, UTC); none before approval or once cancelled.
 */
deadline: string | null, 
/**
 * Where it stands against the deadline.
 */
deadlineState: DeadlineState | null, 
/**
 * The periods the customer said they are home in (none given: any).
 */
availablePeriods: Array<Period>, 
/**
 * Scheduled in a period the customer said they are not home in
 * ([`campo_domain::agenda::availability_warning`]).
 */
outsideAvailability: boolean, };
export type OrderPage = { 
/**
 * The rows.
 */
rows: Array<OrderRow>, 
/**
 * Matching orders in all.
 */
total: number, 
/**
 * Offset of the first row.
 */
offset: number, };
export type Address = { 
/**
 * Street.
 */
street: string, 
/**
 * Number.
 */
number: string, 
/**
 * Complement.
 */
complement: string | null, 
/**
 * Neighbourhood.
 */
neighbourhood: string, 
/**
 * City.
 */
city: string, 
/**
 * State.
 */
uf: string, 
/**
 * CEP, `00000-000`.
 */
cep: string, };
export type CustomerView = { 
/**
 * Id.
 */
id: string, 
/**
 * Name.
 */
name: string, 
/**
 * CPF, `000.000.000-00`.
 */
cpf: string | null, 
/**
 * E-mail.
 */
email: string | null, 
/**
 * Phones, `(81) 99999-9999`.
 */
phones: Array<string>, 
/**
 * Address.
 */
address: Address, 
/**
 * Latitude (`null` with the longitude: not placed on the map yet).
 */
lat: number | null, 
/**
 * Longitude.
 */
lon: number | null, 
/**
 * Reference point of the address.
 */
reference: string | null, };
export type PlanView = { 
/**
 * Id.
 */
id: string, 
/**
 * Commercial name.
 */
name: string, 
/**
 * Download speed.
 */
downloadMbps: number, 
/**
 * Monthly price, BRL cents.
 */
priceCents: number, 
/**
 * Includes IPTV.
 */
hasIptv: boolean, 
/**
 * Includes premium channels.
 */
premium: boolean, 
/**
 * The other value-added services it includes, as the plan names them.
 */
svas: Array<string>, };
export type TechnicianView = { 
/**
 * Id.
 */
id: string, 
/**
 * Name.
 */
name: string, 
/**
 * Phone, formatted.
 */
phone: string, };
export type OrderEventView = { 
/**
 * Event id.
 */
id: string, 
/**
 * When (RFC 3339, UTC).
 */
at: string, 
/**
 * Who.
 */
actorName: string, 
/**
 * Status before (`null` at creation).
 */
from: OrderStatus | null, 
/**
 * Status after.
 */
to: OrderStatus, 
/**
 * Why.
 */
reason: EventReason | null, };
export type PauseView = { 
/**
 * Id.
 */
id: string, 
/**
 * From (RFC 3339, UTC).
 */
startedAt: string, 
/**
 * Who paused.
 */
startedBy: string | null, 
/**
 * Why.
 */
reason: string, 
/**
 * Until, once resumed.
 */
endedAt: string | null, 
/**
 * Who resumed.
 */
endedBy: string | null, 
/**
 * What was said on resuming.
 */
note: string | null, };
export type NoticeView = { 
/**
 * What happened, in the reader's language.
 */
message: string, 
/**
 * When this device heard of it (RFC 3339, UTC).
 */
createdAt: string, };
export type AllowedTransition = { 
/**
 * The status it moves to.
 */
to: OrderStatus, 
/**
 * The move must say why.
 */
needsReason: boolean, };
export type OrderDetail = { 
/**
 * The order's list line.
 */
order: OrderRow, 
/**
 * Its customer.
 */
customer: CustomerView, 
/**
 * Its plan.
 */
plan: PlanView, 
/**
 * Its technician, once scheduled.
 */
technician: TechnicianView | null, 
/**
 * Status history, oldest first.
 */
history: Array<OrderEventView>, 
/**
 * Moves the order page offers (scheduling itself lives on the agenda), each with whether
 * it must say why (the domain's rule, so the page asks before sending).
 */
allowedTransitions: Array<AllowedTransition>, 
/**
 * The deadline in words ("vence em 3 h úteis"), in the requested language.
 */
deadlineText: string | null, 
/**
 * Pauses of the deadline clock, oldest first.
 */
pauses: Array<PauseView>, 
/**
 * The clock is paused now.
 */
paused: boolean, 
/**
 * The clock runs and can be paused.
 */
canPause: boolean, 
/**
 * Phone to call on the day of the visit, digits.
 */
contactPhone: string | null, 
/**
 * Notes for the technician.
 */
notes: string | null, 
/**
 * Where an address change moves the customer to (the visit is there).
 */
newAddress: NewAddress | null, 
/**
 * "Your change was overridden by …", newest first.
 */
notices: Array<NoticeView>, 
/**
 * The customer's signature, if taken.
 */
signature: OrderSignature | null, 
/**
 * Whether closing an order of this kind requires the signature (the provider's rule).
 */
signatureRequired: boolean, 
/**
 * How many photos closing an order of this kind requires (the provider's rule).
 */
photosRequired: number, 
/**
 * How many photos the order has.
 */
photosTaken: number, };
export type FilterOptions = { 
/**
 * Active technicians, by name.
 */
technicians: Array<TechnicianView>, 
/**
 * Neighbourhoods with customers, alphabetically.
 */
neighbourhoods: Array<string>, };
export type Role = "technician" | "coordinator" | "sva_manager" | "backoffice" | "seller" | "support" | "stock_keeper" | "finance" | "admin";
export type Area = "sales" | "analysis" | "calls" | "orders" | "agenda" | "myDay" | "routes" | "stock" | "activation" | "finance" | "indicators" | "sync" | "admin";
export type DeviceSeen = { 
/**
 * The device's id.
 */
deviceId: string, 
/**
 * The app version it last said it runs.
 */
appVersion: string | null, 
/**
 * When it last synced (RFC 3339, UTC).
 */
lastSeenAt: string, };
export type AddressQuery = { 
/**
 * Street (logradouro).
 */
street: string, 
/**
 * Number.
 */
number: string, 
/**
 * Neighbourhood (bairro).
 */
neighbourhood: string, 
/**
 * Municipality.
 */
city: string, 
/**
 * State, two letters.
 */
uf: string, 
/**
 * CEP, digits.
 */
cep: string, };
export type Place = { 
/**
 * Latitude.
 */
lat: number, 
/**
 * Longitude.
 */
lon: number, 
/**
 * How the geocoder names it (street, neighbourhood, city …).
 */
label: string, };
export type CepPlace = { 
/**
 * CEP, digits.
 */
cep: string, 
/**
 * Street (logradouro); empty for a municipality's general CEP.
 */
street: string, 
/**
 * Neighbourhood (bairro); may be empty.
 */
neighbourhood: string, 
/**
 * Municipality.
 */
city: string, 
/**
 * State, two letters.
 */
uf: string, };
export type SalePayment = { 
/**
 * The sale.
 */
saleId: string, 
/**
 * Where the installation the approval opened stands (`None`: the server does not know
 * it yet).
 */
installation: OrderStatus | null, 
/**
 * Where the customer stands with the receivables due since the approval, once the
 * installation is done (`None` before).
 */
stage: Stage | null, };
export type ErpStandingView = { 
/**
 * The ERP's name; `None` when the server has no connector set up nor ever read one.
 */
erp: string | null, 
/**
 * How often the server reads it, in minutes (`None`: not on a schedule).
 */
everyMinutes: number | null, 
/**
 * Customers, orders and receivables.
 */
readings: Array<ErpReadingView>, 
/**
 * Schedulings, visits to reschedule and closings waiting to be written back.
 */
waiting: number, 
/**
 * Written back so far.
 */
written: number, 
/**
 * The newest write-back that failed.
 */
writeFailure: ErpWriteFailureView | null, 
/**
 * How the server reaches the ERP, as set in the app (the token never shown).
 */
settings: ErpSettings | null, };
export type ErpSettings = { 
/**
 * The ERP's address.
 */
url: string, 
/**
 * The API user's id.
 */
user: string, 
/**
 * Whether a token is kept (sealed on the server).
 */
tokenSet: boolean, 
/**
 * How often the server reads the ERP, in minutes (`None`: only when asked).
 */
everyMinutes: number | null, 
/**
 * The ERP employee Campo's closings are written back as (`None`: not written back).
 */
closer: string | null, 
/**
 * When it was last set (RFC 3339).
 */
setAt: string, };
export type ErpSettingsInput = { 
/**
 * The ERP's address (`https://erp.provedor.com.br`).
 */
url: string, 
/**
 * The API user's id.
 */
user: string, 
/**
 * A new token; empty keeps the one the server holds.
 */
token: string, 
/**
 * How often to read the ERP, in minutes (`None`: only when asked).
 */
everyMinutes: number | null, 
/**
 * The ERP employee closings are written back as (empty: not written back).
 */
closer: string, };
export type ErpReadingView = { 
/**
 * `customers`, `orders` or `receivables`.
 */
kind: string, 
/**
 * When it last ran, well or not (RFC 3339).
 */
lastRunAt: string | null, 
/**
 * When it last ran well.
 */
lastOkAt: string | null, 
/**
 * Runs failed in a row.
 */
failures: number, 
/**
 * Why the last run failed, in words; `None` when it went well.
 */
problem: string | null, 
/**
 * When the server reads again by itself (`None`: only when asked).
 */
nextAt: string | null, };
export type ErpWriteFailureView = { 
/**
 * The order's id in the ERP.
 */
externalId: string, 
/**
 * Why, in words.
 */
problem: string, 
/**
 * Attempts so far.
 */
attempts: number, };
export type KeptReport = { 
/**
 * Its file's name (SHA-256).
 */
hash: string, 
/**
 * Its size in bytes.
 */
size: number, 
/**
 * Who made it (the person whose device closed the visit).
 */
madeBy: string, 
/**
 * When (RFC 3339, UTC).
 */
madeAt: string, 
/**
 * Whether its file is on this device (else it is fetched from the server to export).
 */
here: boolean, };
export type Account = { 
/**
 * The person's id (their id in `people` on every device).
 */
id: string, 
/**
 * Login.
 */
login: string, 
/**
 * Name.
 */
name: string, 
/**
 * Role.
 */
role: Role, 
/**
 * Disabled accounts cannot sign in, and their devices stop syncing.
 */
disabled: boolean, 
/**
 * Devices that signed in as them, the most recent first.
 */
devices: Array<DeviceSeen>, };
export type NewAccount = { 
/**
 * Login (kept in lower case).
 */
login: string, 
/**
 * Full name.
 */
name: string, 
/**
 * Role.
 */
role: Role, 
/**
 * First password (the person may be asked to change it; never logged).
 */
password: string, 
/**
 * Phone (digits with DDD; optional).
 */
phone?: string, 
/**
 * The account's id when the device chose it (a staff list's: the device can tell its
 * accounts were made when the answer is lost); the server chooses one otherwise.
 */
id?: string, };
export type AccountAction = { "action": "disable" } | { "action": "enable" } | { "action": "reset_password", 
/**
 * The new password.
 */
password: string, } | { "action": "sign_out" } | { "action": "set_role", 
/**
 * The new role.
 */
role: Role, };
export type Abilities = { 
/**
 * Register work orders.
 */
createOrders: boolean, 
/**
 * Set the provider's profile.
 */
setProvider: boolean, 
/**
 * Run the provider's account on the server: its people (and their import), the ERP.
 */
administer: boolean, 
/**
 * Add and change plans.
 */
editPlans: boolean, 
/**
 * Import plans, customers, orders and receivables, and place imported customers.
 */
import: boolean, 
/**
 * Open a customer's page.
 */
openCustomers: boolean, 
/**
 * Take a step on a call that is with N2.
 */
stepN2Calls: boolean, };
export type AppInfo = { 
/**
 * Where the database file is.
 */
dbPath: string, 
/**
 * This device's id.
 */
deviceId: string, 
/**
 * Newest migration applied.
 */
schemaVersion: number, 
/**
 * Orders on this device.
 */
orderCount: number, 
/**
 * Current language.
 */
lang: Lang, 
/**
 * The signed-in person's role (`None` when the device works alone with the demo).
 */
role: Role | null, 
/**
 * The areas of their work, in the navigation's order (every area for the demo).
 */
areas: Array<Area>, 
/**
 * What they may do where a screen offers it.
 */
may: Abilities, 
/**
 * The device works alone with the demonstration provider.
 */
demo: boolean, 
/**
 * The provider's time zone (its head office's, IANA name): clocks and "today" are read
 * there.
 */
zone: string, };
export type ErrorCode = "not_found" | "not_allowed" | "invalid_input" | "illegal_transition" | "reason_required" | "missing_equipment" | "proof_missing" | "database" | "database_newer_schema" | "database_foreign" | "database_corrupt" | "pending_changes" | "server_unreachable" | "server_refused" | "bad_credentials" | "unauthorized" | "account_disabled" | "password_change_required" | "locked_out" | "write_failed" | "invalid_fields" | "internal";
export type CommandError = { 
/**
 * The kind of failure.
 */
code: ErrorCode, 
/**
 * What to tell the person, in their language.
 */
message: string, 
/**
 * What the UI needs to offer the way out (e.g. `to` for `reason_required`).
 */
params: { [key in string]?: string }, };
export type PersonHere = { 
/**
 * Their id on the server.
 */
userId: string, 
/**
 * Their name.
 */
name: string, 
/**
 * Their login.
 */
login: string | null, 
/**
 * Their role.
 */
role: Role | null, 
/**
 * The server their data comes from.
 */
serverUrl: string, };
export type StartupState = { "state": "welcome", 
/**
 * The language messages are worded in.
 */
lang: Lang, } | { "state": "people", 
/**
 * The language messages are worded in.
 */
lang: Lang, 
/**
 * Who used this computer.
 */
people: Array<PersonHere>, } | { "state": "ready", 
/**
 * About the database.
 */
info: AppInfo, } | { "state": "failed", 
/**
 * Why.
 */
error: CommandError, 
/**
 * The file.
 */
path: string, };
export type Received = { 
/**
 * Received and applied.
 */
done: number, 
/**
 * In all.
 */
total: number, };
export type SessionState = "active" | "sign_in_again" | "signed_out" | "disabled" | "choose_password";
export type SyncView = { 
/**
 * The device joined a server (otherwise it works alone, e.g. with the demo provider).
 */
joined: boolean, 
/**
 * The server's address.
 */
serverUrl: string | null, 
/**
 * Who is logged in there.
 */
userName: string | null, 
/**
 * The login they signed in with, for the sign-in dialog.
 */
login: string | null, 
/**
 * Whether they can sync now (`None` when working alone).
 */
session: SessionState | null, 
/**
 * Their role.
 */
role: Role | null, 
/**
 * Whether they read and decide the coordination's conflict inbox.
 */
decidesConflicts: boolean, 
/**
 * Changes waiting to be sent.
 */
pending: number, 
/**
 * Last server change applied here.
 */
cursor: number, 
/**
 * When the last pull finished (RFC 3339, UTC).
 */
lastSyncAt: string | null, 
/**
 * The last round reached the server.
 */
online: boolean, 
/**
 * A round is running now.
 */
running: boolean, 
/**
 * Why the last round failed.
 */
lastError: string | null, 
/**
 * Conflicts reported by the server and not yet resolved.
 */
conflicts: number, 
/**
 * Changes made here that the server refused (listed by `refused_changes`).
 */
refused: number, 
/**
 * While a round pulls: changes received of those to receive.
 */
received: Received | null, 
/**
 * This computer's clock is off from the server's by this many minutes (ahead when
 * positive), when by [`CLOCK_TOLERANCE_MINUTES`] or more: deadlines and visit times
 * depend on it, so the person is asked to set it right.
 */
clockOffMinutes: number | null, };
export type ConflictItem = { 
/**
 * The conflict.
 */
id: string, 
/**
 * The order.
 */
orderId: string, 
/**
 * Its number, when the order is on this device.
 */
orderNumber: number | null, 
/**
 * Its customer.
 */
customerName: string | null, 
/**
 * Its status on this device (the server's).
 */
status: OrderStatus | null, 
/**
 * What clashed.
 */
message: string, 
/**
 * Whose change was held back.
 */
actorName: string, 
/**
 * When (RFC 3339, UTC).
 */
createdAt: string, };
export type RefusedChange = { 
/**
 * Its place in this device's sequence.
 */
seq: number, 
/**
 * What the person did ("Mudar a situação de uma ordem").
 */
what: string, 
/**
 * Why the server refused it, in the reader's language.
 */
why: string, 
/**
 * When it was made (RFC 3339, UTC).
 */
madeAt: string, };
export type Tracking = "serialised" | "bulk";
export type Unit = "piece" | "metre";
export type PlaceKind = "warehouse" | "van" | "customer" | "defective" | "supplier" | "loss" | "adjustment";
export type MoveKind = "receipt" | "checkout" | "return" | "use" | "collect" | "defective" | "transfer" | "adjust";
export type StockItemView = { 
/**
 * Id.
 */
id: string, 
/**
 * SKU.
 */
sku: string, 
/**
 * Name.
 */
name: string, 
/**
 * Unit.
 */
unit: Unit, 
/**
 * Serialised or bulk.
 */
tracking: Tracking, };
export type StockPlaceView = { 
/**
 * Id.
 */
id: string, 
/**
 * Kind.
 */
kind: PlaceKind, 
/**
 * Name.
 */
name: string, 
/**
 * The technician, for a van.
 */
technicianId: string | null, 
/**
 * Serialised units there.
 */
units: number, 
/**
 * Items below their minimum there.
 */
lowCount: number, };
export type BalanceLine = { 
/**
 * Item id.
 */
itemId: string, 
/**
 * SKU.
 */
sku: string, 
/**
 * Name.
 */
name: string, 
/**
 * Unit.
 */
unit: Unit, 
/**
 * Serialised or bulk.
 */
tracking: Tracking, 
/**
 * Quantity (units for serialised items).
 */
quantity: number, 
/**
 * Minimum level, when one is set.
 */
minimum: number | null, 
/**
 * Below the minimum.
 */
low: boolean, };
export type UnitRow = { 
/**
 * Serial.
 */
serial: string, 
/**
 * Item id.
 */
itemId: string, 
/**
 * Item name.
 */
itemName: string, 
/**
 * MAC.
 */
mac: string | null, 
/**
 * There since (RFC 3339, UTC).
 */
since: string, };
export type MovementRow = { 
/**
 * Movement id.
 */
id: string, 
/**
 * When (RFC 3339, UTC).
 */
at: string, 
/**
 * Kind.
 */
kind: MoveKind, 
/**
 * Item name.
 */
itemName: string, 
/**
 * Serial.
 */
serial: string | null, 
/**
 * Quantity.
 */
quantity: number, 
/**
 * Unit.
 */
unit: Unit, 
/**
 * From.
 */
fromName: string, 
/**
 * To.
 */
toName: string, 
/**
 * Who.
 */
actorName: string | null, 
/**
 * The order's id.
 */
orderId: string | null, 
/**
 * The order's number.
 */
orderNumber: number | null, 
/**
 * Why.
 */
reason: string | null, };
export type PlaceStock = { 
/**
 * The place.
 */
place: StockPlaceView, 
/**
 * Balances per item.
 */
lines: Array<BalanceLine>, 
/**
 * Serialised units (at most [`UNITS_LISTED`]).
 */
units: Array<UnitRow>, 
/**
 * Serialised units in all.
 */
unitsTotal: number, 
/**
 * Latest movements in or out.
 */
recent: Array<MovementRow>, };
export type SerialView = { 
/**
 * Serial.
 */
serial: string, 
/**
 * Item name.
 */
itemName: string, 
/**
 * SKU.
 */
sku: string, 
/**
 * MAC.
 */
mac: string | null, 
/**
 * Where it is now.
 */
placeId: string, 
/**
 * Its name.
 */
placeName: string, 
/**
 * Its kind.
 */
placeKind: PlaceKind, 
/**
 * There since.
 */
since: string, 
/**
 * Every movement, oldest first.
 */
history: Array<MovementRow>, };
export type RequiredLine = { 
/**
 * Item name.
 */
name: string, 
/**
 * Unit.
 */
unit: Unit, 
/**
 * Required.
 */
required: number, 
/**
 * Used so far on this order.
 */
used: number, };
export type OrderEquipment = { 
/**
 * The technician's van (equipment is used from it).
 */
van: StockPlaceView | null, 
/**
 * Equipment can be recorded now (the order is in the field).
 */
canRecord: boolean, 
/**
 * What the plan requires for an installation.
 */
required: Array<RequiredLine>, 
/**
 * Movements recorded on this order.
 */
movements: Array<MovementRow>, 
/**
 * What the van holds (to pick from).
 */
vanLines: Array<BalanceLine>, 
/**
 * Serialised units in the van.
 */
vanUnits: Array<UnitRow>, 
/**
 * Equipment at the customer now (comodato).
 */
atCustomer: Array<UnitRow>, 
/**
 * Bulk items left at the customer.
 */
atCustomerBulk: Array<BalanceLine>, };
export type DiscrepancyView = { 
/**
 * Id.
 */
id: string, 
/**
 * `serial_elsewhere`, `negative_balance` or `count_difference`.
 */
kind: string, 
/**
 * What happened, in the reader's language.
 */
message: string, 
/**
 * Item.
 */
itemName: string, 
/**
 * Serial.
 */
serial: string | null, 
/**
 * The place concerned.
 */
placeName: string, 
/**
 * Found (RFC 3339, UTC).
 */
createdAt: string, 
/**
 * Resolved.
 */
resolvedAt: string | null, 
/**
 * What was found and done.
 */
resolution: string | null, };
export type LowStockRow = { 
/**
 * Place id.
 */
placeId: string, 
/**
 * Place name.
 */
placeName: string, 
/**
 * Item name.
 */
itemName: string, 
/**
 * Unit.
 */
unit: Unit, 
/**
 * Quantity there.
 */
quantity: number, 
/**
 * Minimum.
 */
minimum: number, };
export type StockOverview = { 
/**
 * Warehouses, vans, defective/RMA.
 */
places: Array<StockPlaceView>, 
/**
 * The catalogue.
 */
items: Array<StockItemView>, 
/**
 * Low-stock alerts.
 */
lowStock: Array<LowStockRow>, 
/**
 * Discrepancies waiting for someone.
 */
openDiscrepancies: number, };
export type DeliveryRow = { 
/**
 * Line number in the file (1-based, counting the header).
 */
line: number, 
/**
 * SKU as in the catalogue.
 */
sku: string, 
/**
 * Normalised serial.
 */
serial: string, 
/**
 * Normalised MAC.
 */
mac: string | null, };
export type RowError = { 
/**
 * Line number in the file (1-based).
 */
line: number, 
/**
 * What is wrong, in the reader's language.
 */
message: string, };
export type BulkInput = { 
/**
 * Item id.
 */
itemId: string, 
/**
 * Quantity as typed ("35", "1.000").
 */
quantity: string, };
export type LinesInput = { 
/**
 * Serials, as scanned.
 */
serials: Array<string>, 
/**
 * Bulk items.
 */
bulk: Array<BulkInput>, };
export type MoveInput = { 
/**
 * Kind.
 */
kind: MoveKind, 
/**
 * From (place id).
 */
from: string, 
/**
 * To (place id).
 */
to: string, 
/**
 * Why.
 */
reason: string | null, 
/**
 * Lines.
 */
lines: LinesInput, };
export type ScanCheck = { 
/**
 * The serial as stored (upper case).
 */
serial: string, 
/**
 * It can be taken from the place asked about.
 */
ok: boolean, 
/**
 * The item, when the serial is known.
 */
itemName: string | null, 
/**
 * Why not, in the user's language.
 */
message: string | null, };
export type DeliveryReport = { 
/**
 * Rows that can be received.
 */
rows: Array<DeliveryRow>, 
/**
 * Rows that cannot, with the reason, by line.
 */
errors: Array<RowError>, 
/**
 * Units received (0 for a preview, or when all-or-nothing met an error).
 */
received: number, };
export type CountReport = { 
/**
 * Serials the ledger had there and nobody found.
 */
serialsMissing: Array<string>, 
/**
 * Serials found there that the ledger had elsewhere.
 */
serialsFound: Array<string>, 
/**
 * Bulk differences, in words.
 */
bulk: Array<string>, };
export type ItemInput = { 
/**
 * SKU.
 */
sku: string, 
/**
 * Name.
 */
name: string, 
/**
 * Unit.
 */
unit: Unit, 
/**
 * Serialised or bulk.
 */
tracking: Tracking, };
export type StockSetup = { "type": "item", 
/**
 * The item.
 */
item: ItemInput, } | { "type": "warehouse", 
/**
 * Its name.
 */
name: string, } | { "type": "minimum", 
/**
 * Place id.
 */
place: string, 
/**
 * Item id.
 */
item: string, 
/**
 * Minimum as typed.
 */
minimum: string, } | { "type": "plan_equipment", 
/**
 * Plan id.
 */
plan: string, 
/**
 * Items and quantities as typed (empty quantities are left out).
 */
items: Array<BulkInput>, };
export type RequiredItem = { 
/**
 * Item id.
 */
itemId: string, 
/**
 * Quantity.
 */
quantity: number, };
export type PlanEquipmentView = { 
/**
 * Plan id.
 */
planId: string, 
/**
 * Plan name.
 */
planName: string, 
/**
 * Required items: (item id, quantity).
 */
items: Array<RequiredItem>, };
export type AgendaSettings = { 
/**
 * Manhã, in minutes of the day: start and end (default 08:00–12:00).
 */
morning: [number, number], 
/**
 * Tarde (default 13:00–18:00).
 */
afternoon: [number, number], 
/**
 * Minutes an installation takes, travel included.
 */
installationMinutes: number, 
/**
 * Minutes a repair takes.
 */
repairMinutes: number, 
/**
 * Minutes a removal takes.
 */
removalMinutes: number, 
/**
 * Minutes an address change takes.
 */
addressChangeMinutes: number, 
/**
 * Minutes a plan change takes.
 */
planChangeMinutes: number, 
/**
 * Minutes an SVA activation takes.
 */
svaActivationMinutes: number, 
/**
 * The reasons a technician picks from when a visit could not be done.
 */
notDoneReasons: Array<string>, };
export type Base = { 
/**
 * What the provider calls it ("Sede", "Almoxarifado Norte").
 */
name: string, 
/**
 * Latitude (degrees).
 */
lat: number, 
/**
 * Longitude (degrees).
 */
lon: number, 
/**
 * The technicians (person ids) who start their day here; the others start from the
 * first base.
 */
technicians?: Array<string>, };
export type ProviderProfile = { 
/**
 * Trade name.
 */
name: string, 
/**
 * CNPJ, as typed (punctuation allowed; numeric or the alphanumeric form of 2026).
 */
cnpj: string, 
/**
 * IBGE codes of the municipalities served; the first is the head office's.
 */
municipalities: Array<number>, 
/**
 * Bases, the first being where technicians start unless told otherwise.
 */
bases: Array<Base>, };
export type MunicipalityView = { 
/**
 * IBGE's code.
 */
ibge: number, 
/**
 * Its name.
 */
name: string, 
/**
 * Its state.
 */
uf: string, 
/**
 * Its time zone (IANA name).
 */
zone: string, };
export type BoardDay = { 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * The holiday's name, when it is one.
 */
holiday: string | null, 
/**
 * Whether orders can be scheduled on it (working day, not past).
 */
open: boolean, };
export type BoardCell = { 
/**
 * Technician.
 */
technicianId: string, 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * Period.
 */
period: Period, 
/**
 * Minutes of service scheduled.
 */
loadMinutes: number, 
/**
 * Minutes the period holds.
 */
capacityMinutes: number, };
export type BoardView = { 
/**
 * The days shown.
 */
days: Array<BoardDay>, 
/**
 * Active technicians.
 */
technicians: Array<TechnicianView>, 
/**
 * Orders scheduled in those days (any status but cancelled).
 */
orders: Array<OrderRow>, 
/**
 * Orders waiting for a slot: failed visits first, then by deadline.
 */
queue: Array<OrderRow>, 
/**
 * Load per technician, day and period (cells with work only).
 */
cells: Array<BoardCell>, 
/**
 * Period hours and service times.
 */
settings: AgendaSettings, 
/**
 * Technicians away on some of those days.
 */
absences: Array<AbsenceView>, 
/**
 * The weekdays each technician works.
 */
workWeeks: Array<WorkWeekView>, };
export type ScheduleInput = { 
/**
 * The order.
 */
order: string, 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * Period.
 */
period: Period, 
/**
 * Technician.
 */
technician: string, 
/**
 * Why (required when the order was already scheduled).
 */
reason: string | null, 
/**
 * First day of the board to return.
 */
boardFrom: string, 
/**
 * Days of the board to return.
 */
boardDays: number, };
export type ScheduleResult = { 
/**
 * Warnings to show, in the user's language.
 */
warnings: Array<string>, 
/**
 * The board, refreshed.
 */
board: BoardView, };
export type Visit = { 
/**
 * The order, as its page shows it.
 */
detail: OrderDetail, 
/**
 * Equipment to bring (the plan's requirement, for installations).
 */
bring: Array<RequiredLine>, };
export type DayView = { 
/**
 * Whose day.
 */
technician: TechnicianView | null, 
/**
 * Technicians to choose from (office users look at someone's day).
 */
technicians: Array<TechnicianView>, 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * Visits in order: the applied route's, else period then order number.
 */
visits: Array<Visit>, 
/**
 * Reasons offered for a visit not done.
 */
notDoneReasons: Array<string>, };
export type DeadlineAlert = { 
/**
 * Order id.
 */
id: string, 
/**
 * Number.
 */
number: number, 
/**
 * Kind.
 */
kind: OrderKind, 
/**
 * Status.
 */
status: OrderStatus, 
/**
 * Customer.
 */
customerName: string, 
/**
 * At risk or breached.
 */
state: DeadlineState, 
/**
 * The deadline (RFC 3339, UTC).
 */
deadline: string, };
export type DeadlineOverview = { 
/**
 * Open orders with a running clock.
 */
open: number, 
/**
 * On track.
 */
onTrack: number, 
/**
 * At risk.
 */
atRisk: number, 
/**
 * Breached.
 */
breached: number, 
/**
 * The most urgent alerts (breached first, then at risk, by deadline), at most 100.
 */
alerts: Array<DeadlineAlert>, };
export type RouteStop = { 
/**
 * Arrival, `HH:MM`.
 */
arrival: string, 
/**
 * Service start, `HH:MM`.
 */
start: string, 
/**
 * Its window, `HH:MM–HH:MM`.
 */
window: string | null, 
/**
 * The order's period before planning (`None` when it came from the queue).
 */
period: Period | null, 
/**
 * The plan moves it to another technician or period.
 */
moved: boolean, 
/**
 * Order id.
 */
orderId: string, 
/**
 * Order number.
 */
number: number, 
/**
 * Customer.
 */
customerName: string, 
/**
 * Neighbourhood.
 */
neighbourhood: string, 
/**
 * Latitude.
 */
lat: number, 
/**
 * Longitude.
 */
lon: number, };
export type TechRoute = { 
/**
 * Technician id.
 */
technicianId: string, 
/**
 * Name.
 */
technicianName: string, 
/**
 * Stops in order.
 */
stops: Array<RouteStop>, 
/**
 * Kilometres.
 */
km: number, 
/**
 * Minutes driving.
 */
drivingMinutes: number, 
/**
 * Minutes waiting for windows.
 */
idleMinutes: number, 
/**
 * What breaks a rule in a manual order (empty for a feasible route).
 */
problems: Array<string>, 
/**
 * Where the technician leaves from and returns to (their base).
 */
home: [number, number], };
export type LeftOut = { 
/**
 * Order id.
 */
orderId: string, 
/**
 * Number.
 */
number: number, 
/**
 * Customer.
 */
customerName: string, 
/**
 * Why, in the reader's language.
 */
reason: string, };
export type RoutePlanView = { 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * Routes, one per technician with stops.
 */
routes: Array<TechRoute>, 
/**
 * Orders left out.
 */
unassigned: Array<LeftOut>, 
/**
 * Where travel times came from, in words.
 */
distances: string, 
/**
 * Milliseconds the planning took.
 */
elapsedMs: number, 
/**
 * The provider's first base (the middle of the day's visits when it declared none;
 * `None` with neither).
 */
base: [number, number] | null, };
export type RouteInput = { 
/**
 * Technician.
 */
technicianId: string, 
/**
 * Orders in visiting order.
 */
orderIds: Array<string>, };
export type PlanRequest = { 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * Also place the orders waiting for a slot.
 */
includeQueue: boolean, 
/**
 * Keep each scheduled order with its technician (only the order of visits is decided).
 */
keepTechnicians: boolean, 
/**
 * Only this period's orders (queue orders then go in this period).
 */
period: Period | null, 
/**
 * Only these technicians (empty: every active technician); orders scheduled for others
 * stay out of the plan.
 */
technicians: Array<string>, 
/**
 * Only these orders (chosen on the map; empty: every order the other choices take).
 */
orders: Array<string>, 
/**
 * Re-plan the rest of the day from this time (`HH:MM`): visits already finished stay
 * out, each technician leaves from where they are (the visit in progress, else the last
 * one finished, else the base) at this time, visits en route stay first.
 */
fromTime: string | null, };
export type RouteCandidate = { 
/**
 * Its period (`None`: waiting in the queue).
 */
period: Period | null, 
/**
 * Its technician, if scheduled.
 */
technicianName: string | null, 
/**
 * Order id.
 */
orderId: string, 
/**
 * Order number.
 */
number: number, 
/**
 * Customer.
 */
customerName: string, 
/**
 * Neighbourhood.
 */
neighbourhood: string, 
/**
 * Latitude.
 */
lat: number, 
/**
 * Longitude.
 */
lon: number, };
export type IndicatorFilter = { 
/**
 * First day, `YYYY-MM-DD`.
 */
from: string, 
/**
 * Last day, `YYYY-MM-DD` (included).
 */
to: string, 
/**
 * Only customers of this municipality (IBGE code).
 */
municipality: number | null, 
/**
 * Only this technician's orders.
 */
technicianId: string | null, };
export type FunnelStep = "entered" | "approved" | "installed" | "activated" | "waiting" | "rejected";
export type FieldIndicators = { 
/**
 * First day, `YYYY-MM-DD`.
 */
from: string, 
/**
 * Last day, `YYYY-MM-DD`.
 */
to: string, 
/**
 * Every order of the range.
 */
total: FieldRow, 
/**
 * Per order kind, in the kinds' order (installations first).
 */
byKind: Array<FieldRow>, 
/**
 * Per technician, by name.
 */
byTechnician: Array<FieldRow>, 
/**
 * Per week (Monday to Sunday), in order.
 */
byWeek: Array<FieldRow>, };
export type FieldRow = { 
/**
 * Which group: `total`, an order kind's code, a technician's id (empty: no technician)
 * or a week's Monday (`YYYY-MM-DD`) — what [`Store::figure_orders`] takes back.
 */
key: string, 
/**
 * What the line counts, in words.
 */
label: string, 
/**
 * Orders with a deadline.
 */
orders: number, 
/**
 * Done within the deadline.
 */
met: number, 
/**
 * Done after it, or still open past it.
 */
late: number, 
/**
 * Still open and within it.
 */
open: number, 
/**
 * Met ÷ (met + late), in percent; `None` when nothing was judged yet.
 */
compliancePct: number | null, 
/**
 * Visits done.
 */
done: number, 
/**
 * Of those, done on the scheduled date.
 */
doneOnDate: number, 
/**
 * Done on the date ÷ done, in percent.
 */
onDatePct: number | null, 
/**
 * Visits done with no failed visit ("não realizada") before.
 */
firstVisit: number, 
/**
 * First visit ÷ done, in percent.
 */
firstVisitPct: number | null, 
/**
 * Visits done followed by a repair for the same customer within 30 days.
 */
repeated: number, 
/**
 * Repeated ÷ done, in percent (lower is better).
 */
repeatPct: number | null, };
export type FieldFigure = "compliance" | "onDate" | "firstVisit" | "repeat";
export type FieldGrouping = "total" | "kind" | "technician" | "week";
export type FigureOrders = { 
/**
 * At most [`FIGURE_ORDERS_SHOWN`] of them.
 */
rows: Array<FigureOrder>, 
/**
 * How many the figure counts.
 */
total: number, 
/**
 * Of those, how many count against it.
 */
against: number, };
export type FigureOrder = { 
/**
 * The order's id (opens its page).
 */
id: string, 
/**
 * OS number.
 */
number: number, 
/**
 * Its kind.
 */
kind: OrderKind, 
/**
 * Customer's name.
 */
customerName: string, 
/**
 * Who it is assigned to.
 */
technicianName: string | null, 
/**
 * Scheduled day, `YYYY-MM-DD`.
 */
scheduledDate: string | null, 
/**
 * The day it was done, `YYYY-MM-DD` (where it happened).
 */
doneOn: string | null, 
/**
 * Where it stands against its deadline.
 */
deadlineState: DeadlineState | null, 
/**
 * Whether it counts against the figure: a deadline missed, done on another day, a
 * failed visit before, a repair after it.
 */
against: boolean, 
/**
 * For a repeat visit, the repair that followed.
 */
repairNumber: number | null, };
export type StockIndicators = { 
/**
 * First day, `YYYY-MM-DD`.
 */
from: string, 
/**
 * Last day, `YYYY-MM-DD`.
 */
to: string, 
/**
 * Installations done (scheduled in the period).
 */
installations: number, 
/**
 * Per item that moved, by name.
 */
items: Array<StockItemFigures>, };
export type StockItemFigures = { 
/**
 * The item's id (opens what is behind its figures).
 */
itemId: string, 
/**
 * Its code.
 */
sku: string, 
/**
 * Its name.
 */
name: string, 
/**
 * `un` or `m`.
 */
unit: string, 
/**
 * Used at the installations done in the period.
 */
usedInInstallations: number, 
/**
 * Used ÷ installations done, two decimals; `None` when none was done.
 */
perInstallation: number | null, 
/**
 * Used at other visits (repairs, address changes).
 */
usedElsewhere: number, 
/**
 * Written off as lost in the period.
 */
lost: number, 
/**
 * Sent to defective in the period.
 */
defective: number, };
export type StockItemDetail = { 
/**
 * The orders that used it, installations first, the latest first.
 */
uses: Array<StockUse>, 
/**
 * Its losses and defective units, the latest first.
 */
losses: Array<StockLoss>, };
export type StockUse = { 
/**
 * The order's id (opens its page).
 */
orderId: string, 
/**
 * OS number.
 */
number: number, 
/**
 * Whether it is an installation.
 */
installation: boolean, 
/**
 * Customer's name.
 */
customerName: string, 
/**
 * Who did it.
 */
technicianName: string | null, 
/**
 * Scheduled day, `YYYY-MM-DD`.
 */
scheduledDate: string | null, 
/**
 * How many (units or metres).
 */
quantity: number, };
export type StockLoss = { 
/**
 * When (RFC 3339).
 */
at: string, 
/**
 * Lost (else defective).
 */
lost: boolean, 
/**
 * How many.
 */
quantity: number, 
/**
 * The unit's serial.
 */
serial: string | null, 
/**
 * Where it was (a van, a warehouse).
 */
fromPlace: string, 
/**
 * The reason given.
 */
reason: string | null, };
export type ActivationMetrics = { 
/**
 * Orders activated in the period.
 */
activated: number, 
/**
 * Share of them activated on the first attempt, 0–100; `None` when none was.
 */
firstPassPct: number | null, 
/**
 * Median hours from the installation done to the activation.
 */
medianHoursToActivation: number | null, 
/**
 * Items that failed most (title, times).
 */
mostFailed: Array<[string, number]>, 
/**
 * Per technician who installed: (name, activated, first-pass %).
 */
byTechnician: Array<[string, number, number]>, 
/**
 * Per manager who activated: (name, activated, first-pass %).
 */
byManager: Array<[string, number, number]>, 
/**
 * The activations that needed more than one attempt (the orders behind the first-pass
 * figure), most attempts first.
 */
retried: Array<RetriedActivation>, };
export type RetriedActivation = { 
/**
 * The order's id (opens its page).
 */
orderId: string, 
/**
 * OS number.
 */
number: number, 
/**
 * Customer's name.
 */
customerName: string, 
/**
 * Who installed.
 */
technicianName: string | null, 
/**
 * The attempt that passed (2 or more).
 */
attempts: number, 
/**
 * When it passed (RFC 3339).
 */
closedAt: string, };
export type IndicatorChoices = { 
/**
 * The pages (tabs) of their role, in order; every page for the demo.
 */
audiences: Array<Audience>, 
/**
 * The municipalities the provider serves, by name.
 */
municipalities: Array<MunicipalityView>, 
/**
 * The technicians, by name.
 */
technicians: Array<TechnicianView>, };
export type Audience = "field" | "activation" | "stock" | "sales";
export type AbsenceView = { 
/**
 * The absence.
 */
id: string, 
/**
 * Technician.
 */
technicianId: string, 
/**
 * Their name.
 */
technicianName: string, 
/**
 * First day away, `YYYY-MM-DD`.
 */
from: string, 
/**
 * Last day away, `YYYY-MM-DD`.
 */
to: string, 
/**
 * Why.
 */
reason: string, };
export type SlaRuleView = { 
/**
 * The rule.
 */
rule: RuleInput, 
/**
 * Where it comes from (the consumer rule behind a default, or the editor).
 */
source: RuleSource, 
/**
 * Changed in the editor (`false`: the default).
 */
edited: boolean, };
export type RuleInput = { 
/**
 * The order kind.
 */
kind: OrderKind, 
/**
 * How the time is counted.
 */
unit: AllowanceUnit, 
/**
 * How much of it (hours or days).
 */
amount: number, 
/**
 * Warnings, in percent of the allowed time used.
 */
thresholds: number[], 
/**
 * The event that starts the clock (the kind's default when absent, as in rules set
 * before it could be chosen).
 */
starts: ClockStart | null, 
/**
 * Statuses during which the clock stops.
 */
pausing: Array<OrderStatus>, };
export type AllowanceUnit = "business_hours" | "business_days" | "calendar_hours" | "calendar_days";
export type ClockStart = "opening" | "approval" | "scheduling";
export type RuleSource = "consumer_rules" | "scm_quality" | "company_policy" | "edited";
export type RuleField = "amount" | "thresholds" | "pausing";
export type DayOffView = { 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * Its name.
 */
name: string, 
/**
 * `national`, `optional`, `state`, `municipal` or `company`.
 */
layer: string, 
/**
 * Added in the editor (can be removed); the others are computed.
 */
edited: boolean, 
/**
 * Visits still scheduled on that day (they need another day).
 */
visits: number, };
export type WorkWeekView = { 
/**
 * Technician id.
 */
technicianId: string, 
/**
 * Name.
 */
technicianName: string, 
/**
 * Seven flags, Monday first.
 */
days: Array<boolean>, };
export type EditableLayer = "state" | "municipal" | "company";
export type WeekHours = { 
/**
 * Seven entries, Monday first.
 */
days: Array<[number, number] | null>, };
export type TechnicianSkills = { 
/**
 * Technician id.
 */
technicianId: string, 
/**
 * Name.
 */
name: string, 
/**
 * What they can do.
 */
skills: Array<Skill>, 
/**
 * `false` when never set (taken as every skill).
 */
configured: boolean, };
export type Skill = "fusao" | "iptv";
export type ItemKind = { "type": "check" } | { "type": "pass_fail" } | { "type": "measured", 
/**
 * Unit (dBm, Mbps …).
 */
unit: string, 
/**
 * Lowest acceptable value.
 */
min: number, 
/**
 * Highest acceptable value.
 */
max: number, } | { "type": "text" } | { "type": "serial" };
export type Feature = "iptv" | "premium";
export type TemplateItem = { 
/**
 * Stable key within the template's versions (answers refer to it).
 */
key: string, 
/**
 * Title.
 */
title: string, 
/**
 * How to do it.
 */
instructions: string, 
/**
 * Completion needs it to pass.
 */
required: boolean, 
/**
 * The answer it takes.
 */
kind: ItemKind, 
/**
 * Only for plans with this feature.
 */
onlyFor: Feature | null, };
export type Answer = { "type": "checked", "value": boolean } | { "type": "passed", "value": boolean } | { "type": "value", "value": number } | { "type": "text", "value": string };
export type Outcome = "pass" | "fail";
export type TemplateView = { 
/**
 * Id.
 */
id: string, 
/**
 * Service.
 */
service: string, 
/**
 * Name.
 */
name: string, 
/**
 * Version.
 */
version: number, 
/**
 * Items.
 */
items: Array<TemplateItem>, 
/**
 * Saved (RFC 3339, UTC).
 */
createdAt: string, };
export type ServiceView = { 
/**
 * Its key ([`campo_domain::activation::service_key`]).
 */
key: string, 
/**
 * Its name as the plans write it.
 */
name: string, 
/**
 * Its checklist's current version ("Nome (v2)"), if it has one.
 */
template: string | null, };
export type ActivationRow = { 
/**
 * The order.
 */
order: OrderRow, 
/**
 * The service to activate (its key).
 */
service: string, 
/**
 * The service's name.
 */
serviceName: string, 
/**
 * When the installation was done (RFC 3339, UTC).
 */
installedAt: string | null, 
/**
 * Attempts so far.
 */
attempts: number, 
/**
 * The last attempt's status (`open`, `failed`), none before the first.
 */
lastStatus: string | null, 
/**
 * Plan includes premium channels.
 */
premium: boolean, };
export type TickView = { 
/**
 * The answer.
 */
answer: Answer, 
/**
 * How it was judged.
 */
outcome: Outcome, 
/**
 * The note.
 */
note: string | null, 
/**
 * Who.
 */
by: string | null, 
/**
 * When (RFC 3339, UTC).
 */
at: string, };
export type ItemView = { 
/**
 * The item as the template version had it.
 */
item: TemplateItem, 
/**
 * Whether it applies to this order's plan.
 */
applies: boolean, 
/**
 * The current answer (latest tick by clock).
 */
current: TickView | null, 
/**
 * Every tick, oldest first.
 */
history: Array<TickView>, };
export type AttemptView = { 
/**
 * Checklist id.
 */
id: string, 
/**
 * Attempt number.
 */
attempt: number, 
/**
 * `open`, `passed` or `failed`.
 */
status: string, 
/**
 * Template name and version.
 */
template: string, 
/**
 * Items.
 */
items: Array<ItemView>, 
/**
 * Started (RFC 3339, UTC) and by whom.
 */
startedAt: string, 
/**
 * Who started it.
 */
startedBy: string | null, 
/**
 * Closed.
 */
closedAt: string | null, 
/**
 * Who closed it.
 */
closedBy: string | null, 
/**
 * Why it failed.
 */
reason: string | null, 
/**
 * `repair` or `reconfigure`.
 */
followUp: string | null, 
/**
 * What is still missing to complete it (in the reader's language), when open.
 */
missing: string | null, };
export type ActivationView = { 
/**
 * The order.
 */
order: OrderRow, 
/**
 * The service (its key).
 */
service: string, 
/**
 * The service's name.
 */
serviceName: string, 
/**
 * Customer address, one line.
 */
address: string, 
/**
 * Plan includes premium channels.
 */
premium: boolean, 
/**
 * Attempts, oldest first.
 */
attempts: Array<AttemptView>, 
/**
 * The service is active (an attempt of it passed).
 */
active: boolean, 
/**
 * Serials of the units the stock has at this customer's (what a serial item may name).
 */
customerSerials: Array<string>, };
export type TickInput = { 
/**
 * The item.
 */
itemKey: string, 
/**
 * The value as typed or chosen.
 */
value: string, 
/**
 * A note (required when the item fails).
 */
note: string | null, };
export type PlanInput = { 
/**
 * Commercial name.
 */
name: string, 
/**
 * Download speed, Mbps.
 */
downloadMbps: number, 
/**
 * Monthly price, BRL cents.
 */
priceCents: number, 
/**
 * Includes IPTV (its activation has a checklist).
 */
hasIptv: boolean, 
/**
 * Includes premium channels.
 */
premium: boolean, 
/**
 * Other SVAs included, as the provider names them.
 */
svas: Array<string>, 
/**
 * Offered to new customers.
 */
sold: boolean, };
export type CataloguePlan = { 
/**
 * The plan.
 */
id: string, 
/**
 * Orders on this device with this plan.
 */
orders: number, 
/**
 * Commercial name.
 */
name: string, 
/**
 * Download speed, Mbps.
 */
downloadMbps: number, 
/**
 * Monthly price, BRL cents.
 */
priceCents: number, 
/**
 * Includes IPTV (its activation has a checklist).
 */
hasIptv: boolean, 
/**
 * Includes premium channels.
 */
premium: boolean, 
/**
 * Other SVAs included, as the provider names them.
 */
svas: Array<string>, 
/**
 * Offered to new customers.
 */
sold: boolean, };
export type SaleForm = { 
/**
 * The holder's full name.
 */
name: string, 
/**
 * CPF, masked or not.
 */
cpf: string, 
/**
 * E-mail.
 */
email: string, 
/**
 * Mother's name.
 */
motherName: string, 
/**
 * Birth date, `YYYY-MM-DD`.
 */
birthDate: string, 
/**
 * First contact phone.
 */
phone1: string, 
/**
 * Second contact phone.
 */
phone2: string, 
/**
 * The operator (operadora) the sale is for.
 */
operator: string, 
/**
 * The plan asked for (its id).
 */
planId: string, 
/**
 * Day of the month the bill falls due (vencimento).
 */
dueDay: number | null, 
/**
 * Periods the customer is available for the installation.
 */
periods: Array<Period>, 
/**
 * The customer agreed to the use of their data for this contract (LGPD).
 */
consent: boolean, 
/**
 * The version of the consent terms they agreed to ([`consent_terms`]); the sale keeps
 * it from the first sending (an older app's form gets the current one).
 */
consentTerms: number | null, 
/**
 * CEP (digits once checked).
 */
cep: string, 
/**
 * Street.
 */
street: string, 
/**
 * Number.
 */
number: string, 
/**
 * Complement (may be blank).
 */
complement: string, 
/**
 * Neighbourhood.
 */
neighbourhood: string, 
/**
 * Municipality.
 */
city: string, 
/**
 * UF.
 */
uf: string, 
/**
 * Reference point (may be blank).
 */
reference: string, 
/**
 * Latitude (`null` with the longitude: not placed on the map).
 */
lat: number | null, 
/**
 * Longitude.
 */
lon: number | null, };
export type SaleStatus = "in_analysis" | "rejected" | "approved";
export type RejectReason = "data_mismatch" | "incomplete_data" | "cpf_restricted" | "no_coverage" | "operator_refused" | "duplicate" | "customer_gave_up" | "other";
export type SaleRow = { 
/**
 * The sale.
 */
id: string, 
/**
 * The holder's name.
 */
name: string, 
/**
 * Municipality and UF.
 */
city: string, 
/**
 * UF.
 */
uf: string, 
/**
 * Operator.
 */
operator: string, 
/**
 * The plan's name (empty if this device does not know it).
 */
planName: string, 
/**
 * Who sold it.
 */
sellerName: string, 
/**
 * Where it stands.
 */
status: SaleStatus, 
/**
 * How many times it was sent to analysis.
 */
round: number, 
/**
 * When it was first sent.
 */
firstSentAt: string, 
/**
 * When it was last sent (the queue's order).
 */
sentAt: string, 
/**
 * When it was decided.
 */
decidedAt: string | null, 
/**
 * Why it was rejected.
 */
reason: RejectReason | null, 
/**
 * The back office's note.
 */
note: string | null, 
/**
 * The operator's protocol number.
 */
protocol: string | null, 
/**
 * The installation its approval opened.
 */
orderId: string | null, };
export type SaleQuery = { 
/**
 * Only sales in this status (`None`: every status).
 */
status: SaleStatus | null, 
/**
 * Text in the name, CPF, municipality, operator or seller.
 */
text: string | null, 
/**
 * Only this seller's sales.
 */
sellerId: string | null, 
/**
 * Rows to skip.
 */
offset: number, 
/**
 * Rows to give (at most 200; 0 means 50).
 */
limit: number, };
export type SalePage = { 
/**
 * The page.
 */
rows: Array<SaleRow>, 
/**
 * How many sales match.
 */
total: number, };
export type SaleEventView = { 
/**
 * Which round of analysis.
 */
round: number, 
/**
 * `sent`, `changed`, `approved` or `rejected`.
 */
kind: string, 
/**
 * Who.
 */
actorName: string, 
/**
 * Why it was rejected.
 */
reason: RejectReason | null, 
/**
 * The note.
 */
note: string | null, 
/**
 * The operator's protocol given then.
 */
protocol: string | null, 
/**
 * When.
 */
at: string, };
export type KnownCustomer = { 
/**
 * The customer.
 */
id: string, 
/**
 * Name.
 */
name: string, 
/**
 * Street, number, neighbourhood, municipality.
 */
address: string, };
export type SaleView = { 
/**
 * The sale as listed.
 */
row: SaleRow, 
/**
 * Its version (a decision is made on it).
 */
version: number, 
/**
 * The seller's id.
 */
sellerId: string, 
/**
 * What the seller collected (personal data empty where this device may not keep it).
 */
form: SaleForm, 
/**
 * Every sending, change and decision, oldest first.
 */
events: Array<SaleEventView>, 
/**
 * The customer who already has this CPF, if any: the approval joins them.
 */
customer: KnownCustomer | null, 
/**
 * Other sales with the same CPF (a duplicate?).
 */
sameCpf: Array<SaleRow>, };
export type CpfCheck = { 
/**
 * The customer with this CPF on this device.
 */
customer: KnownCustomer | null, 
/**
 * Sales with this CPF on this device.
 */
sales: Array<SaleRow>, };
export type DraftRow = { 
/**
 * The draft.
 */
id: string, 
/**
 * The sale it fixes.
 */
saleId: string | null, 
/**
 * The name typed so far.
 */
name: string, 
/**
 * Last kept.
 */
updatedAt: string, };
export type DraftOpen = { 
/**
 * The draft.
 */
id: string, 
/**
 * The form as typed.
 */
form: SaleForm, 
/**
 * The sale it fixes.
 */
saleId: string | null, };
export type FunnelRow = { 
/**
 * The seller's name, the week's first day (`YYYY-MM-DD`), or empty for the total.
 */
label: string, 
/**
 * Sales first sent in the period.
 */
entered: number, 
/**
 * Of those, approved.
 */
approved: number, 
/**
 * Of those, installed (the installation done).
 */
installed: number, 
/**
 * Of those, activated (the SVA activation passed, or a plan without one).
 */
activated: number, 
/**
 * Of those, waiting in analysis now.
 */
waiting: number, 
/**
 * Times any of them was rejected.
 */
rejections: number, 
/**
 * Average hours from a sending to its decision (`None`: nothing decided yet).
 */
analysisHours: number | null, };
export type ReasonCount = { 
/**
 * The reason.
 */
reason: RejectReason, 
/**
 * Rejections with it.
 */
count: number, };
export type SalesFunnel = { 
/**
 * First day, `YYYY-MM-DD`.
 */
from: string, 
/**
 * Last day.
 */
to: string, 
/**
 * Every sale of the period.
 */
total: FunnelRow, 
/**
 * Per seller, most sales first.
 */
bySeller: Array<FunnelRow>, 
/**
 * Per week (Monday first), oldest first.
 */
byWeek: Array<FunnelRow>, 
/**
 * Rejection reasons, most frequent first.
 */
reasons: Array<ReasonCount>, };
export type Problem = "no_connection" | "slow" | "intermittent" | "wifi" | "tv" | "equipment" | "other";
export type CallStatus = "n1" | "n2" | "solved" | "visit";
export type CallStep = "solve" | "escalate" | "visit";
export type ReceivableStatus = "open" | "paid" | "partial" | "cancelled";
export type Stage = { "stage": "onTrack", 
/**
 * Consecutive months paid on time.
 */
paid: number, } | { "stage": "late", 
/**
 * The oldest overdue due date.
 */
since: string, } | { "stage": "backOnTrack", 
/**
 * Consecutive months paid on time since the last late one.
 */
paid: number, } | { "stage": "done" };
export type Channel = "call" | "whatsapp" | "email";
export type ContactOutcome = "promised" | "says_paid" | "no_promise" | "no_answer" | "wrong_contact";
export type NonPaymentStep = "notice" | "partial_suspension" | "suspension" | "termination";
export type StepAfter = { 
/**
 * The step.
 */
step: NonPaymentStep, 
/**
 * Days after the due date.
 */
days: number, };
export type FinanceOverview = { 
/**
 * The last twelve months, oldest first (this month last, judged today).
 */
months: Array<Rate>, 
/**
 * The target: a default rate below this share.
 */
target: number, 
/**
 * Today, where the provider is (`YYYY-MM-DD`).
 */
today: string, 
/**
 * The provider's steps against non-payment, days after the due date (the labelled
 * default until set).
 */
steps: Array<StepAfter>, };
export type ConsentTerms = { 
/**
 * Their version (a sale keeps the one agreed to).
 */
version: number, 
/**
 * Their words, in the person's language.
 */
text: string, };
export type CallInput = { 
/**
 * The customer.
 */
customerId: string, 
/**
 * What about.
 */
problem: Problem | null, 
/**
 * In the customer's words.
 */
description: string, 
/**
 * What was tried on the call.
 */
tried: string, 
/**
 * The day promised, `YYYY-MM-DD`.
 */
promisedDate: string, 
/**
 * The time promised, `HH:MM`, where the provider is.
 */
promisedTime: string, };
export type NewOrderInput = { 
/**
 * The customer.
 */
customerId: string, 
/**
 * What kind of visit.
 */
kind: OrderKind, 
/**
 * The plan (the customer's latest when empty; a plan change names the new one).
 */
planId: string | null, 
/**
 * Notes for the technician.
 */
notes: string | null, 
/**
 * Where an address change moves the customer to (required for one; the visit is there).
 */
newAddress?: NewAddress, };
export type Moment = "scheduled" | "rescheduled" | "en_route" | "done";
export type CustomerMessage = { 
/**
 * Which moment.
 */
moment: Moment, 
/**
 * Which occurrence (the day and period of a scheduling).
 */
key: string, 
/**
 * The text, in pt-BR.
 */
text: string, 
/**
 * The phone it goes to, digits.
 */
phone: string, 
/**
 * A WhatsApp link with the text typed in.
 */
link: string, 
/**
 * When it was sent, and by whom.
 */
sent: [string, string] | null, };
export type SignerRelation = "holder" | "family" | "representative" | "other";
export type ClosingRule = { 
/**
 * The order kind.
 */
kind: OrderKind, 
/**
 * The plan's equipment recorded as used, or a reason why not.
 */
equipment: boolean, 
/**
 * The customer's signature.
 */
signature: boolean, 
/**
 * At least this many photos of the visit (0: none required). Rules set before photos
 * existed read as 0.
 */
photos: number, 
/**
 * Photos keep where they were taken (the camera's GPS position, as data beside the
 * photo; the file never carries it). Off: the position is dropped on the device.
 */
photoLocation: boolean, };
export type OrderSignature = { 
/**
 * The signer's name.
 */
signerName: string, 
/**
 * Their relation to the customer.
 */
relation: SignerRelation, 
/**
 * The strokes, in the signature's box ([`closing::SIGNATURE_WIDTH`] ×
 * [`closing::SIGNATURE_HEIGHT`]).
 */
strokes: Array<Array<[number, number]>>, 
/**
 * Who took it (the technician, or the office).
 */
takenBy: string, 
/**
 * When (RFC 3339, UTC).
 */
signedAt: string, };
export type PhotoSubject = { "what": "equipment", 
/**
 * The unit's serial.
 */
serial: string, } | { "what": "checklist", 
/**
 * The item's key in its template.
 */
item: string, 
/**
 * The item's title, as the template names it.
 */
title: string, };
export type GeoPoint = { 
/**
 * Latitude, −90 to 90.
 */
lat: number, 
/**
 * Longitude, −180 to 180.
 */
lon: number, };
export type OrderPhoto = { 
/**
 * The photo.
 */
id: string, 
/**
 * Its file's name (SHA-256).
 */
hash: string, 
/**
 * Width in pixels.
 */
width: number, 
/**
 * Height in pixels.
 */
height: number, 
/**
 * Size of its file in bytes.
 */
size: number, 
/**
 * What it shows, in the taker's words.
 */
caption: string, 
/**
 * What it proves, if something in particular.
 */
subject: PhotoSubject | null, 
/**
 * Where it was taken, when the provider keeps photos' positions.
 */
location: GeoPoint | null, 
/**
 * Who took it.
 */
takenBy: string, 
/**
 * When (RFC 3339, UTC).
 */
takenAt: string, 
/**
 * Whether its file is on this device (one from another device may not have arrived).
 */
here: boolean, 
/**
 * Whether its file still waits to reach the server.
 */
waiting: boolean, };
export type CustomerEdit = { 
/**
 * Full name.
 */
name: string, 
/**
 * E-mail.
 */
email: string, 
/**
 * First phone.
 */
phone1: string, 
/**
 * Second phone.
 */
phone2: string, 
/**
 * CEP (digits once checked).
 */
cep: string, 
/**
 * Street.
 */
street: string, 
/**
 * Number.
 */
number: string, 
/**
 * Complement (may be blank).
 */
complement: string, 
/**
 * Neighbourhood.
 */
neighbourhood: string, 
/**
 * Municipality.
 */
city: string, 
/**
 * UF.
 */
uf: string, 
/**
 * Reference point (may be blank).
 */
reference: string, 
/**
 * Latitude (`null` with the longitude: not placed on the map).
 */
lat: number | null, 
/**
 * Longitude.
 */
lon: number | null, };
export type NewAddress = { 
/**
 * CEP (digits once checked).
 */
cep: string, 
/**
 * Street.
 */
street: string, 
/**
 * Number.
 */
number: string, 
/**
 * Complement (may be blank).
 */
complement: string, 
/**
 * Neighbourhood.
 */
neighbourhood: string, 
/**
 * Municipality.
 */
city: string, 
/**
 * UF.
 */
uf: string, 
/**
 * Reference point (may be blank).
 */
reference: string, 
/**
 * Latitude (`null` with the longitude: not placed on the map).
 */
lat: number | null, 
/**
 * Longitude.
 */
lon: number | null, };
export type ContractView = { 
/**
 * The sale.
 */
saleId: string, 
/**
 * Plan.
 */
planName: string, 
/**
 * Operator.
 */
operator: string, 
/**
 * Due day, when the device keeps the sale.
 */
dueDay: number | null, 
/**
 * The operator's protocol.
 */
protocol: string | null, 
/**
 * When it was approved.
 */
approvedAt: string | null, 
/**
 * Who sold it.
 */
sellerName: string, };
export type CustomerOrder = { 
/**
 * The order.
 */
id: string, 
/**
 * Its number.
 */
number: number, 
/**
 * Kind.
 */
kind: OrderKind, 
/**
 * Status.
 */
status: OrderStatus, 
/**
 * Plan.
 */
planName: string, 
/**
 * Visit day.
 */
scheduledDate: string | null, 
/**
 * Opened.
 */
createdAt: string, };
export type LentUnit = { 
/**
 * Serial.
 */
serial: string, 
/**
 * MAC.
 */
mac: string | null, 
/**
 * What it is.
 */
item: string, 
/**
 * Since.
 */
since: string, };
export type CustomerActivation = { 
/**
 * The order.
 */
orderId: string, 
/**
 * Its number.
 */
number: number, 
/**
 * Attempt.
 */
attempt: number, 
/**
 * `open`, `passed` or `failed`.
 */
status: string, 
/**
 * Started.
 */
startedAt: string, };
export type CustomerChange = { 
/**
 * When.
 */
at: string, 
/**
 * Who.
 */
actorName: string, 
/**
 * Which fields (`phone1`, `street` …).
 */
fields: Array<string>, };
export type CustomerPage = { 
/**
 * The customer.
 */
id: string, 
/**
 * CPF, `000.000.000-00`, where the device keeps it.
 */
cpf: string | null, 
/**
 * The customer this one repeats (the same person registered on two devices before they
 * synced: the CPF stays with the first), and their name.
 */
duplicateOf: string | null, 
/**
 * That customer's name.
 */
duplicateOfName: string | null, 
/**
 * Their details, as the edit form starts from.
 */
details: CustomerEdit, 
/**
 * The plan they have now: their latest order's, a plan change counting once done.
 */
planName: string | null, 
/**
 * Contracts (approved sales).
 */
contracts: Array<ContractView>, 
/**
 * Orders, newest first.
 */
orders: Array<CustomerOrder>, 
/**
 * Equipment lent.
 */
equipment: Array<LentUnit>, 
/**
 * Activations.
 */
activations: Array<CustomerActivation>, 
/**
 * Calls.
 */
calls: Array<CallRow>, 
/**
 * Changes to the details, newest first.
 */
changes: Array<CustomerChange>, };
export type UnlocatedCustomer = { 
/**
 * The customer.
 */
id: string, 
/**
 * Name.
 */
name: string, 
/**
 * The address, one line: `Rua da Aurora, 500 – Santo Amaro, Recife/PE`.
 */
address: string, 
/**
 * Their orders not finished yet (route planning leaves them out until placed).
 */
openOrders: number, };
export type UnlocatedList = { 
/**
 * How many in all.
 */
total: number, 
/**
 * The first of them.
 */
customers: Array<UnlocatedCustomer>, };
export type CallRow = { 
/**
 * The call.
 */
id: string, 
/**
 * Its number.
 */
number: number, 
/**
 * Who called.
 */
customerId: string, 
/**
 * Their name.
 */
customerName: string, 
/**
 * What about.
 */
problem: Problem, 
/**
 * In the customer's words.
 */
description: string, 
/**
 * What was tried.
 */
tried: string, 
/**
 * The deadline promised.
 */
promisedBy: string, 
/**
 * Where it stands.
 */
status: CallStatus, 
/**
 * When the customer called.
 */
openedAt: string, 
/**
 * Who recorded it.
 */
openedBy: string, 
/**
 * The repair visit it became.
 */
orderId: string | null, 
/**
 * When it was closed.
 */
closedAt: string | null, };
export type CallStepView = { 
/**
 * Where the call was.
 */
from: CallStatus, 
/**
 * What was done.
 */
step: CallStep, 
/**
 * What was done or found.
 */
note: string | null, 
/**
 * Who.
 */
actorName: string, 
/**
 * When.
 */
at: string, };
export type CallView = { 
/**
 * The call.
 */
row: CallRow, 
/**
 * What was done, oldest first.
 */
steps: Array<CallStepView>, };
export type CallQuery = { 
/**
 * Only those still to act on (N1 and N2).
 */
openOnly: boolean, 
/**
 * Text in the number, the customer's name or the description.
 */
text: string | null, };
export type CustomerHit = { 
/**
 * The customer.
 */
id: string, 
/**
 * Name.
 */
name: string, 
/**
 * Street, number, neighbourhood, municipality.
 */
address: string, 
/**
 * First phone, digits.
 */
phone: string, };
export type Rate = { 
/**
 * The month (`YYYY-MM`) or the group's name.
 */
label: string, 
/**
 * Customers with a receivable due in the month (active customers).
 */
customers: number, 
/**
 * Of them, those with one overdue at the month's end (or today, for this month).
 */
customersLate: number, 
/**
 * Amount due in the month, cents.
 */
dueCents: number, 
/**
 * Of it, what was overdue at the month's end (or today), cents.
 */
lateCents: number, 
/**
 * Customers late over customers: `None` when nothing was due (no data, not 0%).
 */
customerRate: number | null, 
/**
 * Amount overdue over amount due.
 */
amountRate: number | null, };
export type RateBy = "city" | "plan" | "seller" | "sva";
export type LateCustomer = { 
/**
 * The customer.
 */
customerId: string, 
/**
 * Name.
 */
name: string, 
/**
 * First phone.
 */
phone1: string, 
/**
 * Second phone.
 */
phone2: string | null, 
/**
 * E-mail.
 */
email: string | null, 
/**
 * Municipality.
 */
city: string, 
/**
 * Overdue receivables.
 */
overdue: number, 
/**
 * What they owe of them, cents.
 */
owedCents: number, 
/**
 * The oldest overdue due date.
 */
oldestDue: string, 
/**
 * Days since then.
 */
daysLate: number, 
/**
 * The latest non-payment step those days allow.
 */
step: NonPaymentStep | null, 
/**
 * The next one.
 */
nextStep: NonPaymentStep | null, 
/**
 * Days until it.
 */
daysToNext: number | null, 
/**
 * The last contact.
 */
lastContact: ContactView | null, 
/**
 * A promise to pay whose date has passed while they are still late.
 */
promiseBroken: boolean, };
export type PassedPromise = { 
/**
 * The customer.
 */
customerId: string, 
/**
 * Name.
 */
name: string, 
/**
 * First phone.
 */
phone1: string, 
/**
 * The day they promised (`YYYY-MM-DD`).
 */
promisedOn: string, 
/**
 * Who recorded the promise.
 */
byName: string, 
/**
 * What they owe today, overdue, in cents.
 */
owedCents: number, };
export type LatePage = { 
/**
 * The first [`LATE_SHOWN`], the most owed first.
 */
rows: Array<LateCustomer>, 
/**
 * How many customers are late in all.
 */
total: number, 
/**
 * What they owe in all, cents.
 */
owedCents: number, };
export type ContactView = { 
/**
 * The contact.
 */
id: string, 
/**
 * How.
 */
channel: Channel, 
/**
 * What came of it.
 */
outcome: ContactOutcome, 
/**
 * The date promised.
 */
promisedOn: string | null, 
/**
 * A note.
 */
note: string, 
/**
 * Who.
 */
byName: string, 
/**
 * When.
 */
at: string, };
export type LateQuery = { 
/**
 * Only those late on a receivable due in this month (`YYYY-MM`), judged at its end.
 */
month: string | null, 
/**
 * Text in the name or the municipality.
 */
text: string | null, 
/**
 * Only the customers of one line of the month's default rate by city, plan, seller or
 * SVA (as [`Store::default_rate_by`] labels it).
 */
group: RateGroup | null, };
export type RateGroup = { 
/**
 * How the month was split.
 */
by: RateBy, 
/**
 * The line's label (empty: not informed).
 */
label: string, };
export type ReceivableView = { 
/**
 * Its id in the ERP.
 */
externalId: string, 
/**
 * The contract's id in the ERP.
 */
contract: string | null, 
/**
 * Due date.
 */
dueOn: string, 
/**
 * Amount, cents.
 */
amountCents: number, 
/**
 * Status in the ERP.
 */
status: ReceivableStatus, 
/**
 * When paid.
 */
paidOn: string | null, 
/**
 * How much was paid, cents.
 */
paidCents: number, 
/**
 * Overdue today.
 */
overdue: boolean, 
/**
 * Paid in full on or before its due date.
 */
onTime: boolean, };
export type CustomerMoney = { 
/**
 * The customer's name.
 */
name: string, 
/**
 * Receivables.
 */
receivables: Array<ReceivableView>, 
/**
 * Contacts.
 */
contacts: Array<ContactView>, 
/**
 * Where they stand in the five-month follow-up, when they are a new customer.
 */
stage: Stage | null, };
export type FollowUpRow = { 
/**
 * The customer.
 */
customerId: string, 
/**
 * Name.
 */
name: string, 
/**
 * Municipality.
 */
city: string, 
/**
 * First phone.
 */
phone1: string, 
/**
 * When the follow-up started: the installation done in Campo, or the first receivable.
 */
since: string, 
/**
 * Where they stand.
 */
stage: Stage, };
export type FollowUp = { 
/**
 * Customers still followed: the late first, then by months paid.
 */
rows: Array<FollowUpRow>, 
/**
 * Customers who paid five months on time in a row.
 */
done: number, };
export type ContactForm = { 
/**
 * The customer.
 */
customerId: string, 
/**
 * How.
 */
channel: Channel, 
/**
 * What came of it.
 */
outcome: ContactOutcome, 
/**
 * The date promised (`YYYY-MM-DD`), for a promise.
 */
promisedOn: string | null, 
/**
 * A note.
 */
note: string, };
export type ImportKind = "customers" | "orders" | "plans" | "receivables" | "people";
export type Field = "external_id" | "name" | "cpf" | "email" | "mother_name" | "birth_date" | "phone1" | "phone2" | "cep" | "street" | "number" | "complement" | "neighbourhood" | "city" | "uf" | "reference" | "lat" | "lon" | "customer" | "kind" | "plan" | "status" | "opened_at" | "periods" | "download" | "price" | "iptv" | "premium" | "contract" | "issued_on" | "due_on" | "amount" | "payment_status" | "paid_on" | "paid_amount" | "login" | "role";
export type Mapping = { 
/**
 * One entry per column of the file, in its order.
 */
columns: Array<Field | null>, };
export type Format = "csv_utf8" | "csv_utf16" | "csv_latin1" | "xlsx" | "erp";
export type FieldChoice = { 
/**
 * The field.
 */
field: Field, 
/**
 * Its name in the person's language.
 */
label: string, 
/**
 * Whether every row needs it.
 */
required: boolean, };
export type ImportPreview = { 
/**
 * What the file holds.
 */
kind: ImportKind, 
/**
 * How it was read.
 */
format: Format, 
/**
 * Its columns' headers.
 */
headers: Array<string>, 
/**
 * Its first rows.
 */
sample: Array<Array<string>>, 
/**
 * How many rows it has.
 */
rows: number, 
/**
 * The matching Campo proposes.
 */
mapping: Mapping, 
/**
 * The fields a column can go to.
 */
fields: Array<FieldChoice>, };
export type ProblemLine = { 
/**
 * The line (1 is the header).
 */
line: number, 
/**
 * The column's letter, when about one cell.
 */
letter: string | null, 
/**
 * The column's header, when about one cell.
 */
column: string | null, 
/**
 * Where and what, in words (`Linha 5, coluna C (CPF): CPF inválido…`).
 */
message: string, 
/**
 * What, in words, without the place (for a table whose columns give the place).
 */
what: string, };
export type ImportCheck = { 
/**
 * Rows that would be written.
 */
ready: number, 
/**
 * Rows left out on purpose (orders already finished in the ERP).
 */
leftOut: number, 
/**
 * How many problems in all.
 */
problemCount: number, 
/**
 * The first [`MAX_LISTED`] problems, in line order.
 */
problems: Array<ProblemLine>, };
export type ImportProgress = { 
/**
 * Whether one is being written.
 */
running: boolean, 
/**
 * Records written.
 */
done: number, 
/**
 * Records in all.
 */
total: number, };
export type ImportSummary = { 
/**
 * Records new to Campo.
 */
created: number, 
/**
 * Records Campo had, changed to match the file.
 */
updated: number, 
/**
 * Records Campo had as the file has them.
 */
unchanged: number, };
export type FirstPassword = { 
/**
 * The person's name.
 */
name: string, 
/**
 * Their login.
 */
login: string, 
/**
 * Their role.
 */
role: Role, 
/**
 * Their first password.
 */
password: string, };
export type ImportResult = { 
/**
 * What was written.
 */
summary: ImportSummary, 
/**
 * Rows left out on purpose.
 */
leftOut: number, 
/**
 * A staff list's new accounts with their first passwords (empty for other files).
 */
firstPasswords: Array<FirstPassword>, };
