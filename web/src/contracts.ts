/**
 * The API's answers as the web app reads them, from the server's own zod response schemas (src/contracts):
 * type-only imports, erased from the bundle, so no server code reaches the browser. A field renamed or
 * removed in a contract fails `tsc -p web` wherever a page reads it (see contract-check.ts).
 */
import type { z } from 'zod';
import type { AuditTrail } from '../../src/contracts/audit.ts';
import type { DueDate, HolidayList, HolidayView } from '../../src/contracts/calendar.ts';
import type {
  BulkEditResult,
  CrossBoundaryListImported,
  CrossBoundaryLists,
  ProcedureFields,
  ProcedureSearch,
  ProcedureView,
  ProcessPreview,
  ProcessTemplates,
  ReadinessPage,
  ReadinessSummary,
  VersionCreated,
  VersionDetail,
  VersionList,
} from '../../src/contracts/catalog.ts';
import type {
  CitizenAuthStatus,
  CitizenMe,
  CitizenRecordDetail,
  CitizenRecordList,
  CitizenSignOut,
} from '../../src/contracts/citizen.ts';
import type { RepositoryItem, SlipList } from '../../src/contracts/documents.ts';
import type { FeeLinesView, PaymentQrView } from '../../src/contracts/fees.ts';
import type {
  ActorView,
  AgencyOfficials,
  LoginChallengeResponse,
  LoginResponse,
  PasswordReset,
  RevokedSessions,
  SessionList,
  TotpConfirmed,
  TotpEnrolment,
  TotpStatus,
  UserCreated,
  UserPage,
  UserView,
} from '../../src/contracts/identity.ts';
import type {
  CitizenMessageList,
  NotificationList,
  OutboxPage,
  RecordNotificationList,
} from '../../src/contracts/notify.ts';
import type { DelegationList } from '../../src/contracts/organisation.ts';
import type { MyPayments, PaymentView, RecordPayments } from '../../src/contracts/payments.ts';
import type {
  ActionForms,
  CommandResponse,
  MyRecordView,
  RecordView,
  SubmissionResponse,
  TimelineView,
  TrackingView,
  Worklist,
} from '../../src/contracts/records.ts';
import type {
  CrossBoundaryResponse,
  Index766RecordsResponse,
  Index766Response,
  StatisticsResponse,
  StepPerformanceResponse,
} from '../../src/contracts/reports.ts';
import type { PublicResults } from '../../src/contracts/results.ts';
import type { RoleRule, RoleRuleList, SsoSignOut, SsoStatus } from '../../src/contracts/sso.ts';
import type { Health } from '../../src/contracts/system.ts';
import type {
  AgencyList,
  AgencyView,
  UnitList,
  UnitResolution,
  UnitView,
} from '../../src/contracts/units.ts';

/** What JSON makes of a value: dates travel as ISO strings. */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** The answer of a response schema, as the browser receives it. */
export type Answer<S extends z.ZodType> = Wire<z.output<S>>;

/** Every JSON endpoint the web app calls: "METHOD path" → its success answer. */
export interface Routes {
  'GET /api/health': Answer<typeof Health>;
  // identity
  'POST /api/auth/login': Answer<typeof LoginResponse>;
  'GET /api/auth/me': Answer<typeof ActorView>;
  'GET /api/agencies/:id/officials': Answer<typeof AgencyOfficials>;
  'GET /api/users': Answer<typeof UserPage>;
  'POST /api/users': Answer<typeof UserCreated>;
  'PATCH /api/users/:id': Answer<typeof UserView>;
  'POST /api/users/:id/password-reset': Answer<typeof PasswordReset>;
  'GET /api/auth/sso': Answer<typeof SsoStatus>;
  'POST /api/auth/sso/logout': Answer<typeof SsoSignOut>;
  'GET /api/sso/role-rules': Answer<typeof RoleRuleList>;
  'POST /api/sso/role-rules': Answer<typeof RoleRule>;
  // citizens (e-ID)
  'GET /api/citizen/auth': Answer<typeof CitizenAuthStatus>;
  'GET /api/citizen/me': Answer<typeof CitizenMe>;
  'POST /api/citizen/auth/logout': Answer<typeof CitizenSignOut>;
  'GET /api/citizen/records': Answer<typeof CitizenRecordList>;
  'GET /api/citizen/records/:id': Answer<typeof CitizenRecordDetail>;
  'GET /api/citizen/records/:id/slips': Answer<typeof SlipList>;
  'GET /api/citizen/records/:id/results': Answer<typeof PublicResults>;
  'GET /api/citizen/repository': { items: Answer<typeof RepositoryItem>[] };
  // units
  'GET /api/units': Answer<typeof UnitList>;
  'GET /api/units/resolve': Answer<typeof UnitResolution>;
  'GET /api/units/:key': Answer<typeof UnitView>;
  'GET /api/agencies': Answer<typeof AgencyList>;
  'GET /api/agencies/:id': Answer<typeof AgencyView>;
  'PATCH /api/agencies/:id': Answer<typeof AgencyView>;
  'PATCH /api/agencies/:id/working-hours': Answer<typeof AgencyView>;
  // calendar
  'GET /api/calendar/due-date': Answer<typeof DueDate>;
  'GET /api/holidays': Answer<typeof HolidayList>;
  'POST /api/holidays': Answer<typeof HolidayView>;
  'PATCH /api/holidays/:id': Answer<typeof HolidayView>;
  // catalog
  'GET /api/procedures': Answer<typeof ProcedureSearch>;
  'GET /api/procedures/fields': Answer<typeof ProcedureFields>;
  'GET /api/procedures/:code': Answer<typeof ProcedureView>;
  'POST /api/catalog/procedures/:code/versions': Answer<typeof VersionCreated>;
  'GET /api/catalog/procedures/:code/versions': Answer<typeof VersionList>;
  'GET /api/catalog/procedures/:code/versions/:version': Answer<typeof VersionDetail>;
  'POST /api/catalog/bulk-edits': Answer<typeof BulkEditResult>;
  'POST /api/catalog/cross-boundary-lists': Answer<typeof CrossBoundaryListImported>;
  'GET /api/catalog/cross-boundary-lists': Answer<typeof CrossBoundaryLists>;
  'GET /api/catalog/process-templates': Answer<typeof ProcessTemplates>;
  'POST /api/catalog/procedures/:code/process/preview': Answer<typeof ProcessPreview>;
  'GET /api/catalog/readiness': Answer<typeof ReadinessPage>;
  'GET /api/catalog/readiness/summary': Answer<typeof ReadinessSummary>;
  // records
  'POST /api/records': Answer<typeof CommandResponse>;
  'GET /api/records/:id': Answer<typeof RecordView>;
  'GET /api/records/:id/timeline': Answer<typeof TimelineView>;
  'GET /api/records/:id/actions': Answer<typeof ActionForms>;
  'GET /api/records/:id/slips': Answer<typeof SlipList>;
  'GET /api/records/:id/payments': Answer<typeof RecordPayments>;
  'GET /api/public/records/:id/payments': Answer<typeof MyPayments>;
  'POST /api/public/records/:id/payments': Answer<typeof PaymentView>;
  'GET /api/citizen/records/:id/messages': Answer<typeof CitizenMessageList>;
  'GET /api/worklists': Answer<typeof Worklist>;
  'POST /api/public/records': Answer<typeof SubmissionResponse>;
  'GET /api/public/records/:id/mine': Answer<typeof MyRecordView>;
  'GET /api/public/records/:code': Answer<typeof TrackingView>;
  'POST /api/public/records/:id/submit': Answer<typeof CommandResponse>;
  'GET /api/public/records/:id/mine/results': Answer<typeof PublicResults>;
  'GET /api/public/records/:code/results': Answer<typeof PublicResults>;
  // fees (docs/FEES.md)
  'GET /api/procedures/:code/fees': Answer<typeof FeeLinesView>;
  'GET /api/records/:id/payment-qr': Answer<typeof PaymentQrView>;
  'GET /api/public/records/:code/payment-qr': Answer<typeof PaymentQrView>;
  // reports
  'GET /api/reports/statistics': Answer<typeof StatisticsResponse>;
  'GET /api/reports/step-performance': Answer<typeof StepPerformanceResponse>;
  'GET /api/reports/index766': Answer<typeof Index766Response>;
  'GET /api/reports/index766/records': Answer<typeof Index766RecordsResponse>;
  'GET /api/reports/cross-boundary': Answer<typeof CrossBoundaryResponse>;
  // audit, notify
  'GET /api/audit': Answer<typeof AuditTrail>;
  'GET /api/outbox': Answer<typeof OutboxPage>;
  'GET /api/notifications': Answer<typeof NotificationList>;
  'GET /api/records/:id/notifications': Answer<typeof RecordNotificationList>;
  // sessions and second factor (docs/SESSIONS.md)
  'POST /api/auth/login/totp': Answer<typeof LoginResponse>;
  'GET /api/auth/sessions': Answer<typeof SessionList>;
  'POST /api/auth/sessions/revoke-others': Answer<typeof RevokedSessions>;
  'GET /api/auth/totp': Answer<typeof TotpStatus>;
  'POST /api/auth/totp/enrolment': Answer<typeof TotpEnrolment>;
  'POST /api/auth/totp/enrolment/confirm': Answer<typeof TotpConfirmed>;
  'POST /api/auth/totp/recovery-codes': Answer<typeof TotpConfirmed>;
  // delegation (docs/OFFICIALS.md)
  'GET /api/delegations': Answer<typeof DelegationList>;
}

/** POST /api/auth/login's other answer (202): the password was right, the TOTP code comes next. */
export type LoginChallenge = Answer<typeof LoginChallengeResponse>;

/** The answer of one endpoint, e.g. `Reply<'GET /api/agencies/:id'>`. */
export type Reply<K extends keyof Routes> = Routes[K];
