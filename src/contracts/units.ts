/** Response contract of the units module (administrative units, agencies). Only zod: the web app imports the types. */
import { z } from 'zod';
import { WorkingHours } from '../core/calendar/working-calendar.ts';
import { AgencySector } from '../core/units/agencies.ts';

export const UnitView = z.object({
  key: z.string(),
  code: z.string(),
  generation: z.enum(['pre2025', '2025']),
  name: z.string(),
  fullName: z.string(),
  nameEn: z.string().nullable(),
  kind: z.string(),
  level: z.number(),
  parentKey: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
});

export const AgencyView = z.object({
  id: z.uuid(),
  key: z.string(),
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: z.string(),
  level: z.enum(['city', 'commune']),
  unitKey: z.string(),
  parentId: z.uuid().nullable(),
  canReceive: z.boolean(),
  sector: AgencySector.nullable().describe('Sector of a sector_body (police, tax, …); null for other kinds'),
  servesUnitCodes: z
    .array(z.string())
    .nullable()
    .describe('2025 commune codes the agency serves; null = service area open (an administrator sets it)'),
  atOneStopCentre: z
    .boolean()
    .describe('Has a counter at the one-stop centres (police, tax, social insurance)'),
  source: z
    .string()
    .nullable()
    .describe('What a derived agency comes from: the catalogue phrasing(s) and how many procedures name it'),
  workingHours: WorkingHours.nullable().describe(
    'office hours (minutes since local midnight); null = the default',
  ),
  contactPhone: z
    .string()
    .nullable()
    .describe('Phone applicants call for help (E.164, +84…), printed on slip 02; null when unset'),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
});

/** GET /api/units */
export const UnitList = z.object({ items: z.array(UnitView) });

/** GET /api/units/resolve */
export const UnitResolution = z.object({
  from: UnitView,
  current: z.array(
    z.object({
      unit: UnitView,
      share: z.string(),
      source: z.string(),
      confidence: z.string(),
      note: z.string().nullable().optional(),
    }),
  ),
});

/** GET /api/agencies */
export const AgencyList = z.object({ items: z.array(AgencyView) });
export type AgencyView = z.infer<typeof AgencyView>;
