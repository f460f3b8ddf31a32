import { z } from 'zod';
import { AgencyList, AgencyView, UnitList, UnitResolution, UnitView } from '../../contracts/units.ts';
import { WorkingHours } from '../../core/calendar/index.ts';
import { PhoneNumber } from '../../core/records/index.ts';
import { AgencyKind, AgencySector } from '../../core/units/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { type App, ProblemBody } from '../../platform/http/index.ts';
import {
  getAgency,
  getManagedAgency,
  getUnit,
  presentAgency,
  requireCityAdministration,
  resolveUnit,
  searchAgencies,
  searchUnits,
  setAgencyContactPhone,
  setAgencyServiceArea,
  setAgencyWorkingHours,
} from './units.service.ts';

const Page = {
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
};

const boolParam = z.enum(['true', 'false']).transform((v) => v === 'true');

export function unitsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;

  app.get(
    '/api/units',
    {
      config: { access: 'public' },
      schema: {
        tags: ['units'],
        summary: 'Search administrative units (diacritics-insensitive), current (2025) or pre-2025',
        querystring: z.object({
          q: z.string().trim().max(100).optional(),
          generation: z.enum(['pre2025', '2025']).default('2025'),
          level: z.coerce.number().int().min(1).max(3).optional(),
          parentKey: z.string().max(40).optional(),
          ...Page,
        }),
        response: { 200: UnitList },
      },
    },
    async (req) => ({ items: await searchUnits(db, req.query) }),
  );

  app.get(
    '/api/units/resolve',
    {
      config: { access: 'public' },
      schema: {
        tags: ['units'],
        summary: 'Resolve a pre-2025 commune code to the current unit(s) it became part of',
        querystring: z.object({ code: z.string().regex(/^\d{2,5}$/, 'expected a GSO unit code (digits)') }),
        response: {
          200: UnitResolution,
          404: ProblemBody.describe('unit.not_found'),
        },
      },
    },
    async (req) => resolveUnit(db, req.query.code),
  );

  app.get(
    '/api/units/:key',
    {
      config: { access: 'public' },
      schema: {
        tags: ['units'],
        summary: 'One administrative unit by key (generation:code, e.g. 2025:31117)',
        params: z.object({ key: z.string().regex(/^(pre2025|2025):\d{2,5}$/, 'expected generation:code') }),
        response: { 200: UnitView },
      },
    },
    async (req) => getUnit(db, req.params.key),
  );

  app.get(
    '/api/agencies',
    {
      config: { access: 'public' },
      schema: {
        tags: ['units'],
        summary:
          "Search agencies (People's Committees, departments, service centers, one-stop units, sector bodies such as commune police, tax, social insurance, land registration)",
        querystring: z.object({
          q: z.string().trim().max(100).optional(),
          kind: AgencyKind.optional(),
          sector: AgencySector.optional(),
          level: z.enum(['city', 'commune']).optional(),
          unitKey: z.string().max(40).optional(),
          canReceive: boolParam.optional(),
          ...Page,
        }),
        response: { 200: AgencyList },
      },
    },
    async (req) => ({ items: (await searchAgencies(db, req.query)).map(presentAgency) }),
  );

  app.get(
    '/api/agencies/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['units'],
        summary: 'One agency',
        params: z.object({ id: z.uuid() }),
        response: { 200: AgencyView },
      },
    },
    async (req) => presentAgency(await getAgency(db, req.params.id)),
  );

  app.patch(
    '/api/agencies/:id/working-hours',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['units'],
        summary: "Set an agency's office hours (minutes since local midnight), or null for the default",
        description:
          'Only for an agency the administrator manages (their own or one under it); another answers 404 agency.not_found.',
        params: z.object({ id: z.uuid() }),
        body: z.object({ workingHours: WorkingHours.nullable() }),
        response: { 200: AgencyView },
      },
    },
    async (req) =>
      inTransaction(db, async (tx) => {
        await getManagedAgency(tx, req.actor!.agencyId, req.params.id);
        return presentAgency(await setAgencyWorkingHours(tx, req.params.id, req.body.workingHours));
      }),
  );
  app.patch(
    '/api/agencies/:id',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['units'],
        summary:
          "Edit an agency's details: its contact phone (null clears it) and, for a sector body, its service area (audited)",
        description:
          'The contact phone is the number applicants call for help; slip 02 (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ) ' +
          'prints it. A Vietnamese mobile (10 digits, 03/05/07/08/09) or landline (11 digits, 02…) number, written ' +
          'with or without spaces, dots or a +84 prefix, kept as E.164; another answers 422 naming body.contactPhone. ' +
          'servesUnitCodes sets the 2025 communes a sector body serves (a "Thuế cơ sở", a land registration branch, ' +
          "whose area the catalogue leaves open; routing then sends those communes' records to it); null reopens " +
          'it. Only a sector body has one, and only current communes of the city are accepted: another answers 422 ' +
          'naming body.servesUnitCodes(.i). A service area routes records city-wide, so only an administrator of the ' +
          "city People's Committee or its office sets it; another administrator gets 403 auth.forbidden. " +
          'Only for an agency the administrator manages (their own or one under it); another answers 404 agency.not_found.',
        params: z.object({ id: z.uuid() }),
        body: z
          .object({
            contactPhone: PhoneNumber.nullable().optional(),
            servesUnitCodes: z
              .array(z.string().regex(/^\d{5}$/, 'expected a 5-digit commune code'))
              .max(500)
              .nullable()
              .optional(),
          })
          .refine((b) => b.contactPhone !== undefined || b.servesUnitCodes !== undefined, {
            message: 'expected contactPhone or servesUnitCodes',
          }),
        response: {
          200: AgencyView,
          403: ProblemBody.describe('auth.forbidden: servesUnitCodes by an administrator below the city'),
          404: ProblemBody.describe('agency.not_found'),
          422: ProblemBody.describe(
            'request.invalid: errors[] names body.contactPhone or body.servesUnitCodes',
          ),
        },
      },
    },
    async (req) =>
      inTransaction(db, async (tx) => {
        await getManagedAgency(tx, req.actor!.agencyId, req.params.id);
        const meta = { actorId: req.actor!.userId, requestId: String(req.id), now: deps.clock.now() };
        let agency = await getAgency(tx, req.params.id);
        if (req.body.contactPhone !== undefined)
          agency = await setAgencyContactPhone(tx, req.params.id, req.body.contactPhone, meta);
        if (req.body.servesUnitCodes !== undefined) {
          // A service area routes records city-wide: the city's administration sets it, not the body itself.
          await requireCityAdministration(tx, req.actor!.agencyId);
        }
        if (req.body.servesUnitCodes !== undefined)
          agency = await setAgencyServiceArea(tx, req.params.id, req.body.servesUnitCodes, meta);
        return presentAgency(agency);
      }),
  );
}
