/**
 * Typecheck-time proof that the web app reads the server's contracts (src/contracts): `tsc -p web` fails
 * when a field the pages read is renamed in a response schema, and the lines below fail when a contract
 * stops matching them. Nothing here runs: it is never imported by the app.
 */
import type { Reply } from './contracts.ts';
import type { ActionForms } from './pages/ActionForm.tsx';
import type { ProcedureDetails } from './pages/admin/catalog/model.ts';

type Agency = Reply<'GET /api/agencies/:id'>;
type Me = Reply<'GET /api/auth/me'>;
type Procedure = Reply<'GET /api/procedures/:code'>;

/** Dates travel as ISO strings, never as Date objects. */
export const dateIsString = (h: Reply<'GET /api/holidays'>['items'][number]): string => h.createdAt;

/** Fields the pages read are there with their types. */
export const agencyFields = (a: Agency): [string, string | null, number | undefined] => [
  a.shortName,
  a.contactPhone,
  a.workingHours?.start,
];
export const meRoles = (m: Me): readonly ('reception' | 'specialist' | 'leader' | 'monitor' | 'admin')[] =>
  m.roles;
export const documentNames = (p: Procedure): string[] => p.details.documents.map((d) => d.name);

/** The workspace reads a record, its worklist and the portal its record by the contract's names. */
export const recordFields = (r: Reply<'GET /api/records/:id'>): [string | null, string, string | null] => [
  r.code,
  r.applicant.fullName,
  r.receivedAt,
];
export const worklistFields = (i: Reply<'GET /api/worklists'>['items'][number]): [string, string | null] => [
  i.applicantName,
  i.currentStepDueAt,
];
export const mineFields = (m: Reply<'GET /api/public/records/:id/mine'>): string | null => m.reference;

/** The action forms the record page hands to ActionForm.tsx are what its own types expect. */
export const actionForms = (a: Reply<'GET /api/records/:id/actions'>): ActionForms => a;

/**
 * The catalogue administration keeps its own view type of a procedure (model.ts, with helpers over it): it
 * must be what the contract delivers, so a field renamed or retyped in the contract fails here.
 */
export const procedureDetails = (p: Reply<'GET /api/procedures/:code'>): ProcedureDetails => p;

/** A field that is not in the contract does not typecheck. */
export const renamed = (a: Agency) =>
  // @ts-expect-error `phone` is `contactPhone` in contracts/units.ts AgencyView
  a.phone;

export const renamedRecordField = (r: Reply<'GET /api/records/:id'>) =>
  // @ts-expect-error `applicantName` is a worklist row's; a record has `applicant.fullName` (contracts/records.ts)
  r.applicantName;

/** A route that is not in the map does not typecheck. */
// @ts-expect-error no such endpoint
export type NoSuchRoute = Reply<'GET /api/agencys'>;
