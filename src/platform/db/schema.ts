import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely's view of the tables (camelCase via CamelCasePlugin). Each block belongs to one module, which
 * alone writes those tables (DESIGN.md §3).
 */
type Timestamp = Date;
type DateColumn = string;
type Json<T = unknown> = ColumnType<T, string, string>;

// --- units module
export interface AdminUnitsTable {
  key: string;
  code: string;
  generation: 'pre2025' | '2025';
  name: string;
  fullName: string;
  nameEn: string | null;
  kind: string;
  level: number;
  parentKey: string | null;
  validFrom: DateColumn | null;
  validTo: DateColumn | null;
  searchText: string;
}
export interface UnitSuccessionsTable {
  fromKey: string;
  toKey: string;
  share: 'full' | 'partial' | 'remainder';
  source: string;
  confidence: 'authoritative' | 'low';
  note: string | null;
}
export interface AgenciesTable {
  id: string;
  key: string;
  code: string;
  name: string;
  shortName: string;
  kind:
    | 'peoples_committee'
    | 'service_center'
    | 'reception_point'
    | 'department'
    | 'one_stop'
    | 'sector_body';
  level: 'city' | 'commune';
  unitKey: string;
  parentId: string | null;
  canReceive: boolean;
  sector:
    | 'police'
    | 'tax'
    | 'social_insurance'
    | 'land_registration'
    | 'customs'
    | 'state_bank'
    | 'treasury'
    | 'judgment_enforcement'
    | 'other'
    | null;
  /** JSON array of commune codes; null = service area open. */
  servesUnitCodes: Json<string[]> | null;
  atOneStopCentre: boolean;
  source: string | null;
  workingHours: Json | null;
  contactPhone: string | null;
  validFrom: DateColumn | null;
  validTo: DateColumn | null;
  searchText: string;
}

// --- calendar module
export interface HolidaysTable {
  id: string;
  day: DateColumn;
  kind: 'day_off' | 'working_day';
  occasion: string;
  sourceNote: string;
  status: string;
  origin: 'seed' | 'admin';
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

// --- catalog module
export interface ProceduresTable {
  id: string;
  code: string;
  currentVersionId: string | null;
  createdAt: Timestamp;
}
export interface ProcedureVersionsTable {
  id: string;
  procedureId: string;
  version: number;
  effectiveFrom: DateColumn;
  sourceHash: string;
  name: string;
  field: string;
  levels: string;
  decisionNo: string | null;
  onlineLevel: 'full' | 'partial' | 'none';
  crossBoundary: boolean;
  timeValue: ColumnType<string | null, number | null, number | null>;
  timeUnit: string | null;
  data: Json;
  raw: Json;
  searchName: string;
  searchText: string;
  importedAt: Timestamp;
  /** Generated from `data` (migration 0017): complete for Decision 766 indicator 1.3. */
  complete766: ColumnType<boolean, never, never>;
  /** Generated from `data` (migration 0017): some fee above zero (Decision 766 3.5). */
  feeBearing: ColumnType<boolean, never, never>;
  /** Migration 0025: where the version came from, its local edit, the local changes in force in it. */
  origin: ColumnType<
    'import' | 'edit' | 'bulk_edit' | 'cross_boundary_list',
    'import' | 'edit' | 'bulk_edit' | 'cross_boundary_list' | undefined,
    never
  >;
  edit: ColumnType<unknown, string | null | undefined, never>;
  localChanges: ColumnType<unknown, string | null | undefined, never>;
}
/** Migration 0025: a city's published list of cross-boundary procedures. */
export interface CrossBoundaryListsTable {
  id: string;
  decisionNo: string;
  effectiveFrom: DateColumn;
  fileName: string;
  uploadedBy: string;
  uploadedAt: Timestamp;
  itemCount: number;
}
export interface CrossBoundaryListItemsTable {
  listId: string;
  rowNo: number;
  code: string;
  name: string | null;
  notes: string | null;
}

// --- identity module
export interface UsersTable {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  agencyId: string;
  roles: string[];
  active: Generated<boolean>;
  createdAt: Timestamp;
  mustChangePassword: Generated<boolean>;
  passwordChangedAt: Timestamp | null;
}
export interface SessionsTable {
  id: string;
  userId: string;
  createdAt: Timestamp;
  expiresAt: Timestamp;
  lastSeenAt: Timestamp;
  clientAddress: string | null;
  userAgent: string | null;
  method: Generated<string>;
  mfaEnrolmentRequired: Generated<boolean>;
}

export interface TotpCredentialsTable {
  userId: string;
  secret: string;
  createdAt: Timestamp;
  confirmedAt: Timestamp | null;
  lastUsedStep: number | null;
}

/** Migration 0038: one-time recovery codes of a TOTP (HMAC only). */
export interface TotpRecoveryCodesTable {
  userId: string;
  codeHash: string;
  createdAt: Timestamp;
  usedAt: Timestamp | null;
}

export interface LoginChallengesTable {
  id: string;
  userId: string;
  createdAt: Timestamp;
  expiresAt: Timestamp;
  attempts: Generated<number>;
  clientAddress: string | null;
  userAgent: string | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  windowStart: Timestamp;
  lastFailureAt: Timestamp;
  lockedUntil: Timestamp | null;
}
export interface DatabaseMarkTable {
  onlyRow: Generated<boolean>;
  purpose: 'demo' | 'bench';
  markedAt: Timestamp;
}
export interface SeedFingerprintTable {
  onlyRow: Generated<boolean>;
  fingerprint: string;
  takenAt: Timestamp;
}

// --- records module
export interface RecordsTable {
  id: string;
  code: string | null;
  status: string;
  nationalStatus: number | null;
  procedureCode: string;
  procedureVersionId: string;
  channel: 'in_person' | 'online' | 'post';
  receivingAgencyId: string | null;
  competentAgencyId: string | null;
  returnPoint: string | null;
  applicantName: string;
  applicantSearch: string;
  applicantPersonalId: string | null;
  applicantPhone: string | null;
  receivedAt: Timestamp | null;
  dueAt: Timestamp | null;
  currentStep: string | null;
  currentAssigneeId: string | null;
  currentStepDueAt: Timestamp | null;
  deadlineFlag: Generated<'none' | 'due_soon' | 'overdue'>;
  stepDeadlineFlag: Generated<'none' | 'due_soon' | 'overdue'>;
  /** The active steps as worklists show them (migration 0026). */
  activeSteps: Json;
  /** Worklist keys of the active and started steps (GIN; migration 0026). */
  activeStepTags: string[];
  transferFailedAt: Timestamp | null;
  version: number;
  state: Json;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}
export interface RecordEventsTable {
  id: string;
  recordId: string;
  seq: number;
  type: string;
  payload: Json;
  actorId: string | null;
  agencyId: string | null;
  /** The leader a delegate acted for (migration 0038). */
  onBehalfOf: string | null;
  requestId: string | null;
  occurredAt: Timestamp;
}
export interface RecordCodeSequencesTable {
  agencyId: string;
  day: DateColumn;
  lastValue: number;
}
export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  requestHash: string;
  statusCode: number;
  response: Json;
  createdAt: Timestamp;
}

// --- audit module
export interface AuditChainsTable {
  shard: number;
  lastSeq: ColumnType<number, number, number>;
  lastHash: string;
  prevHash: Generated<string>;
}
export interface AuditLegacyTable {
  shard: number;
  lastSeq: ColumnType<number, number, number>;
  lastHash: string;
  seal: string | null;
}
export interface AuditLogTable {
  shard: number;
  seq: number;
  at: Timestamp;
  actorId: string | null;
  actorRole: string | null;
  onBehalfOf: string | null;
  requestId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  changeDigest: string;
  prevHash: string;
  hash: string;
}

// --- outbox (platform/jobs)
export interface OutboxTable {
  id: string;
  topic: string;
  key: string;
  payload: Json;
  idempotencyKey: string;
  status: Generated<'pending' | 'done' | 'dead'>;
  attempts: Generated<number>;
  nextAttemptAt: Timestamp;
  lastError: string | null;
  createdAt: Timestamp;
  processedAt: Timestamp | null;
}
/** Who receives which topics (migration 0029; a topic ending in "." is a prefix). */
export interface SubscriptionsTable {
  name: string;
  topics: string[];
  registeredAt: Timestamp;
}
/** A message not yet delivered to one subscriber (delivered rows are deleted). */
export interface OutboxDeliveriesTable {
  seq: Generated<string>;
  messageId: string;
  subscriber: string;
  topic: string;
  key: string;
  status: Generated<'pending' | 'dead' | 'resolved'>;
  attempts: Generated<number>;
  nextAttemptAt: Timestamp;
  createdAt: Timestamp;
  lastError: string | null;
  deadAt: Timestamp | null;
  resolvedAt: Timestamp | null;
  resolvedBy: string | null;
  resolvedNote: string | null;
}
/** The national status last pushed to the national portal and the one it confirmed (migration 0030). */
export interface PortalSyncTable {
  recordId: string;
  pushedSeq: number;
  pushedCode: number;
  pushedKey: string;
  pushedAt: Timestamp;
  portalCode: number | null;
  portalSeq: number | null;
  confirmedAt: Timestamp | null;
}
/** A record pulled from the national portal, accepted or rejected (migration 0030). */
export interface PortalSubmissionsTable {
  portalId: string;
  recordId: string | null;
  status: 'accepted' | 'rejected';
  problem: string | null;
  payload: Json;
  pulledAt: Timestamp;
  acknowledgedAt: Timestamp | null;
}
/** The national portal's pull cursor (one row). */
export interface PortalPullStateTable {
  id: Generated<boolean>;
  cursor: string;
  pulledAt: Timestamp;
}
/** A reconciliation run with the national portal. */
export interface PortalReconciliationRunsTable {
  id: string;
  startedAt: Timestamp;
  finishedAt: Timestamp | null;
  scopeDate: DateColumn | null;
  compared: Generated<number>;
  inSync: Generated<number>;
  repaired: Generated<number>;
  unrepaired: Generated<number>;
  error: string | null;
}
/** A record a reconciliation run found different on the portal. */
export interface PortalReconciliationDifferencesTable {
  runId: string;
  recordId: string;
  motcuaCode: number;
  motcuaSeq: number;
  portalCode: number | null;
  portalSeq: number | null;
  kind: 'missing_on_portal' | 'older_on_portal' | 'portal_ahead';
  repaired: boolean;
}
export interface NotificationLogTable {
  id: string;
  outboxId: string;
  topic: string;
  key: string;
  payload: Json;
  deliveredAt: Timestamp;
}

// --- documents module
export interface FilesTable {
  sha256: string;
  mediaType: 'application/pdf' | 'image/jpeg' | 'image/png';
  sizeBytes: number;
  createdAt: Timestamp;
}
export interface RecordDocumentsTable {
  id: string;
  recordId: string;
  component: string;
  origin: 'online' | 'counter_scan' | 'repository' | 'agency' | 'result';
  digitised: boolean;
  reused: boolean;
  fileSha256: string;
  fileName: string;
  addedBy: string | null;
  addedAt: Timestamp;
}
export interface RecordSlipsTable {
  recordId: string;
  form: string;
  seq: number;
  fileSha256: string;
  createdAt: Timestamp;
}

export interface RepositoryItemsTable {
  id: string;
  ownerId: string;
  kind: 'document' | 'result';
  component: string;
  fileSha256: string;
  fileName: string;
  sourceRecordId: string;
  requestedBy: string;
  savedAt: Timestamp;
}

export interface RecordRatingsTable {
  recordId: string;
  score: number;
  comment: string | null;
  ratedAt: Timestamp;
}

// --- signing module
export interface ResultsTable {
  id: string;
  recordId: string;
  verificationCode: string;
  name: string;
  number: string | null;
  source: 'template' | 'upload';
  unsignedSha256: string;
  fileSha256: string;
  signatures: Json;
  version: Generated<number>;
  createdBy: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

// --- reports module
export interface ReportFactsTable {
  recordId: string;
  code: string | null;
  competentAgencyId: string;
  receivingAgencyId: string;
  procedureCode: string;
  channel: 'in_person' | 'online' | 'post';
  outcome: 'not_received' | 'in_progress' | 'resolved' | 'rejected' | 'withdrawn' | 'stopped';
  receivedAt: Timestamp | null;
  receivedDay: DateColumn | null;
  pausedDueAt: Timestamp | null;
  dueDay: DateColumn | null;
  finishedAt: Timestamp | null;
  finishedDay: DateColumn | null;
  timing: 'early' | 'on_time' | 'late' | null;
  refusedDay: DateColumn | null;
  supplementRequests: number;
  supplementDay: DateColumn | null;
  returnedDay: DateColumn | null;
  handlerId: string | null;
  crossBoundary: boolean;
  digitised: boolean;
  reused: boolean;
  electronicResult: boolean;
  paperResult: boolean;
  feeBearing: boolean;
  paidOnline: boolean;
  shared: boolean;
  rating: number | null;
  awaitingSupplementSince: Timestamp | null;
  updatedAt: Timestamp;
}

/** A visit of a step held for another agency's record (migration 0028). */
export interface ReportStepVisitsTable {
  recordId: string;
  visit: string;
  stepIndex: number;
  stepKey: string;
  agencyId: string;
  competentAgencyId: string;
  startedAt: Timestamp;
  startedDay: DateColumn;
  dueAt: Timestamp;
  finishedAt: Timestamp | null;
  finishedDay: DateColumn | null;
  timing: 'early' | 'on_time' | 'late' | null;
  outcome: 'forwarded' | 'sent_back' | 'decided' | 'returned' | 'closed' | null;
  paused: boolean;
}

/** The counters of report_daily and report_monthly (src/core/reports/counters.ts). */
export interface ReportCounterColumns {
  received: Generated<number>;
  refused: Generated<number>;
  resolvedEarly: Generated<number>;
  resolvedOnTime: Generated<number>;
  resolvedLate: Generated<number>;
  rejected: Generated<number>;
  withdrawn: Generated<number>;
  stopped: Generated<number>;
  finished: Generated<number>;
  due: Generated<number>;
  dueClosed: Generated<number>;
  supplements: Generated<number>;
  returned: Generated<number>;
  digitised: Generated<number>;
  reused: Generated<number>;
  electronicResult: Generated<number>;
  paperResult: Generated<number>;
  feeBearing: Generated<number>;
  paidOnline: Generated<number>;
  shared: Generated<number>;
  rated: Generated<number>;
  disliked: Generated<number>;
  inScope21: Generated<number>;
  lateFinished21: Generated<number>;
  online766: Generated<number>;
  digitised766: Generated<number>;
  eResultExpected: Generated<number>;
  eResultIssued: Generated<number>;
}

export interface ReportDailyTable extends ReportCounterColumns {
  day: DateColumn;
  competentAgencyId: string;
  receivingAgencyId: string;
  channel: string;
}

export interface ReportMonthlyTable extends ReportCounterColumns {
  month: DateColumn;
  competentAgencyId: string;
  receivingAgencyId: string;
  channel: string;
  procedureCode: string;
}

// --- integrations module: civil status (migration 0031) and Vietnam Post (migration 0032)
export interface CivilStatusHandoversTable {
  recordId: string;
  recordCode: string;
  procedureCode: string;
  messageId: string;
  remoteId: string;
  handedOverAt: Timestamp;
  registrationNumber: string | null;
  bookNumber: string | null;
  registeredOn: DateColumn | null;
  signer: string | null;
  remoteUpdatedAt: Timestamp | null;
  resultSyncedAt: Timestamp | null;
  resultSource: 'pull' | 'reconciliation' | null;
}
export interface CivilStatusSyncTable {
  id: number;
  cursor: Timestamp;
  pulledAt: Timestamp;
}
export interface CivilStatusReconciliationsTable {
  id: string;
  startedAt: Timestamp;
  finishedAt: Timestamp;
  trigger: 'job' | 'cli';
  checked: number;
  repaired: number;
  failed: number;
  differences: Json;
}
export interface PostShipmentsTable {
  id: string;
  recordId: string;
  recordCode: string;
  messageId: string;
  trackingNumber: string;
  address: string;
  recipientName: string;
  returnAgencyId: string | null;
  status: 'handed_over' | 'delivered' | 'returned';
  statusAt: Timestamp;
  returnReason: string | null;
  recordReturnedAt: Timestamp | null;
  note: string | null;
  createdAt: Timestamp;
}
export interface PostCallbacksTable {
  id: string;
  receivedAt: Timestamp;
  eventId: string | null;
  trackingNumber: string | null;
  kind: string | null;
  occurredAt: Timestamp | null;
  outcome: 'applied' | 'superseded' | 'duplicate' | 'bad_signature' | 'unknown_tracking';
  detail: string | null;
}

export interface SsoIdentitiesTable {
  issuer: string;
  subject: string;
  userId: string;
  claims: Json;
  createdAt: Timestamp;
  seenAt: Timestamp;
  /** Migration 0038: the claim that linked an existing local account; null for an account made by SSO. */
  linkedBy: 'email' | 'username' | null;
}
export interface SsoLoginStatesTable {
  state: string;
  nonce: string;
  codeVerifier: string;
  createdAt: Timestamp;
  expiresAt: Timestamp;
}
export interface SsoSessionsTable {
  sessionId: string;
  issuer: string;
  subject: string;
  sid: string | null;
  idToken: string;
  createdAt: Timestamp;
}
export interface SsoRoleRulesTable {
  id: string;
  agencyCode: string | null;
  position: string | null;
  roles: string[];
  createdBy: string;
  createdAt: Timestamp;
}
export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  appliedAt: Timestamp;
}

/** The account an agency collects fees into (migration 0039; modules/fees). */
export interface AgencyBankAccountsTable {
  agencyId: string;
  bankBin: string;
  bankName: string;
  accountNumber: string;
  accountName: string;
  updatedAt: Timestamp;
  updatedBy: string;
}

export interface DB {
  agencyBankAccounts: AgencyBankAccountsTable;
  adminUnits: AdminUnitsTable;
  unitSuccessions: UnitSuccessionsTable;
  agencies: AgenciesTable;
  holidays: HolidaysTable;
  procedures: ProceduresTable;
  procedureVersions: ProcedureVersionsTable;
  crossBoundaryLists: CrossBoundaryListsTable;
  crossBoundaryListItems: CrossBoundaryListItemsTable;
  users: UsersTable;
  sessions: SessionsTable;
  loginThrottle: LoginThrottleTable;
  totpCredentials: TotpCredentialsTable;
  totpRecoveryCodes: TotpRecoveryCodesTable;
  loginChallenges: LoginChallengesTable;
  databaseMark: DatabaseMarkTable;
  seedFingerprint: SeedFingerprintTable;
  records: RecordsTable;
  recordEvents: RecordEventsTable;
  recordCodeSequences: RecordCodeSequencesTable;
  idempotencyKeys: IdempotencyKeysTable;
  auditChains: AuditChainsTable;
  auditLog: AuditLogTable;
  auditLegacy: AuditLegacyTable;
  outbox: OutboxTable;
  notificationLog: NotificationLogTable;
  subscriptions: SubscriptionsTable;
  outboxDeliveries: OutboxDeliveriesTable;
  portalSync: PortalSyncTable;
  portalSubmissions: PortalSubmissionsTable;
  portalPullState: PortalPullStateTable;
  portalReconciliationRuns: PortalReconciliationRunsTable;
  portalReconciliationDifferences: PortalReconciliationDifferencesTable;
  files: FilesTable;
  recordDocuments: RecordDocumentsTable;
  recordSlips: RecordSlipsTable;
  results: ResultsTable;
  repositoryItems: RepositoryItemsTable;
  recordRatings: RecordRatingsTable;
  reportFacts: ReportFactsTable;
  reportDaily: ReportDailyTable;
  reportMonthly: ReportMonthlyTable;
  reportStepVisits: ReportStepVisitsTable;
  civilStatusHandovers: CivilStatusHandoversTable;
  civilStatusSync: CivilStatusSyncTable;
  civilStatusReconciliations: CivilStatusReconciliationsTable;
  postShipments: PostShipmentsTable;
  postCallbacks: PostCallbacksTable;
  ssoIdentities: SsoIdentitiesTable;
  ssoLoginStates: SsoLoginStatesTable;
  ssoSessions: SsoSessionsTable;
  ssoRoleRules: SsoRoleRulesTable;
  schemaMigrations: SchemaMigrationsTable;
}

// Migration 0034 (officials at city scale): declared apart from the tables above (interface merging) so
// that the change stays additive.
export interface UsersTable {
  position: string | null;
  phone: string | null;
  email: string | null;
  deactivatedAt: Timestamp | null;
  searchName: Generated<string>;
  searchWords: Generated<string[]>;
}
export interface DelegationsTable {
  id: string;
  fromUserId: string;
  toUserId: string;
  agencyId: string;
  startsAt: Timestamp;
  endsAt: Timestamp;
  reason: string | null;
  createdBy: string;
  createdAt: Timestamp;
  revokedAt: Timestamp | null;
  revokedBy: string | null;
}
export interface DB {
  delegations: DelegationsTable;
}

// Migration 0037 (citizens' e-ID sign-in): declared apart (interface merging) so that the change stays additive.
export interface SsoLoginStatesTable {
  flow: Generated<'official' | 'citizen'>;
  returnTo: string | null;
}
export interface CitizensTable {
  id: string;
  issuer: string;
  subject: string;
  personalId: string;
  fullName: string;
  /** ISO yyyy-MM-dd (the pg date type parser is set to leave dates as text). */
  birthDate: string | null;
  sex: 'male' | 'female' | null;
  address: string | null;
  identityLevel: number;
  claims: ColumnType<unknown, string, string>;
  createdAt: Timestamp;
  seenAt: Timestamp;
}
export interface CitizenSessionsTable {
  id: string;
  tokenHash: string;
  citizenId: string;
  issuer: string;
  sid: string | null;
  idToken: string;
  createdAt: Timestamp;
  expiresAt: Timestamp;
  endedAt: Timestamp | null;
}
export interface DB {
  citizens: CitizensTable;
  citizenSessions: CitizenSessionsTable;
}
// Migration 0040 (notifications, issue 18): declared apart (interface merging) so the change stays additive.
export interface NotificationMessagesTable {
  id: string;
  recordId: string;
  sourceMessageId: string;
  kind: string;
  channel: 'email' | 'sms' | 'zalo';
  recipient: string;
  language: 'vi' | 'en';
  subject: string;
  body: string;
  shortText: string;
  status: 'queued' | 'sent' | 'delivered' | 'failed' | 'dead';
  attempts: Generated<number>;
  providerMessageId: string | null;
  lastError: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}
export interface NotificationEventsTable {
  id: string;
  messageId: string;
  status: 'queued' | 'sent' | 'delivered' | 'failed' | 'retried' | 'throttled' | 'dead' | 'undelivered';
  detail: string | null;
  at: Timestamp;
}
export interface NotificationReceiptsTable {
  id: string;
  provider: string;
  eventId: string | null;
  providerMessageId: string | null;
  status: string | null;
  outcome: 'applied' | 'duplicate' | 'superseded' | 'bad_signature' | 'unknown_message';
  detail: string | null;
  receivedAt: Timestamp;
}
export interface NotificationThrottlesTable {
  channel: 'email' | 'sms' | 'zalo';
  until: Timestamp;
  updatedAt: Timestamp;
}
export interface DB {
  notificationMessages: NotificationMessagesTable;
  notificationEvents: NotificationEventsTable;
  notificationReceipts: NotificationReceiptsTable;
  notificationThrottles: NotificationThrottlesTable;
}
// Migration 0041 (payments, issue 18): declared apart (interface merging) so that the change stays additive.
export interface PaymentsTable {
  id: string;
  recordId: string;
  recordCode: string;
  procedureCode: string;
  agencyId: string;
  channel: 'online' | 'transfer' | 'cash' | 'card';
  amountVnd: number;
  currency: string;
  state: 'pending' | 'paid' | 'failed' | 'expired';
  providerRef: string | null;
  redirectUrl: string | null;
  transferReference: string | null;
  expiresAt: Timestamp | null;
  settledAt: Timestamp | null;
  settledBy: string | null;
  failureReason: string | null;
  receiptNumber: string | null;
  counterReceipt: string | null;
  recordConfirmedAt: Timestamp | null;
  note: string | null;
  refundedAt: Timestamp | null;
  refundedBy: string | null;
  refundReason: string | null;
  createdBy: string;
  createdAt: Timestamp;
}
export interface PaymentCallbacksTable {
  id: string;
  receivedAt: Timestamp;
  eventId: string | null;
  paymentId: string | null;
  providerRef: string | null;
  reference: string | null;
  status: string | null;
  amountVnd: number | null;
  currency: string | null;
  outcome:
    | 'applied'
    | 'duplicate'
    | 'superseded'
    | 'conflict'
    | 'bad_signature'
    | 'unknown_payment'
    | 'wrong_amount'
    | 'wrong_currency'
    | 'invalid';
  detail: string | null;
}
export interface BankTransfersTable {
  id: string;
  bankRef: string;
  bookedAt: Timestamp;
  amountVnd: number;
  reference: string;
  paymentId: string | null;
  outcome: 'matched' | 'no_record' | 'wrong_amount';
  detail: string | null;
  importedAt: Timestamp;
}
export interface PaymentReconciliationsTable {
  id: string;
  day: DateColumn;
  startedAt: Timestamp;
  finishedAt: Timestamp;
  trigger: 'job' | 'cli' | 'api';
  providerRows: number;
  localRows: number;
  matched: number;
  settled: number;
  differences: Json;
}
export interface DB {
  payments: PaymentsTable;
  paymentCallbacks: PaymentCallbacksTable;
  bankTransfers: BankTransfersTable;
  paymentReconciliations: PaymentReconciliationsTable;
}
