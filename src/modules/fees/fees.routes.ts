import { z } from 'zod';
import { fileResponse } from '../../contracts/common.ts';
import { BankAccountView, FeeLinesView, PaymentQrView } from '../../contracts/fees.ts';
import {
  computeFees,
  DEFAULT_FEE_CATEGORIES,
  FeeCategory,
  FeeChannel,
  feeLinesOf,
} from '../../core/fees/index.ts';
import { vnDateOf } from '../../core/records/deadlines.ts';
import { inTransaction } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { type App, problemSchema } from '../../platform/http/index.ts';
import { getProcedure } from '../catalog/index.ts';
import {
  citizenState,
  recordReadProblems,
  TrackingCheck,
  trackingProblems,
  trackRecord,
  visibleState,
} from '../records/index.ts';
import { getManagedAgency } from '../units/index.ts';
import {
  BankAccountInput,
  getBankAccount,
  type PaymentQr,
  paymentQr,
  presentBankAccount,
  renderQr,
  setBankAccount,
} from './fees.service.ts';

const PNG = 'image/png';
const SVG = 'image/svg+xml';
const AgencyId = z.object({ id: z.uuid() });
const RecordId = z.object({ id: z.uuid() });
const PublicCode = z.object({ code: z.string().min(10).max(60) });

const qrProblems = {
  409: problemSchema(['fees.no_payment_due', 'fees.bank_account_missing']),
};

/** Comma-separated categories in a query ("poor_household,child_under_6"). */
const CategoryList = z
  .string()
  .max(1000)
  .transform((s) =>
    s
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
  )
  .pipe(z.array(FeeCategory).max(20));
/** Quantities per line in a query ("1:3,2:10": line 1 three times, line 2 ten times). */
const QuantityList = z
  .string()
  .max(1000)
  .regex(/^\d{1,3}:\d{1,5}(,\d{1,3}:\d{1,5})*$/, 'line:quantity pairs, e.g. 1:3,2:10')
  .transform((s) =>
    Object.fromEntries(
      s
        .split(',')
        .map((p) => p.split(':') as [string, string])
        .map(([k, v]) => [k, Number(v)]),
    ),
  )
  .pipe(z.record(z.string(), z.number().int().min(0).max(10_000)));

/** The JSON answer of a payment QR: the payload and what it says. */
function presentQr(qr: PaymentQr) {
  return { ...qr };
}

/**
 * Fees (docs/FEES.md): a procedure's fee lines and an estimate; agencies' fee accounts; the VietQR code of a
 * record's open payment, for the official and for the citizen (with the tracking check).
 */
export function feesRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;

  app.get(
    '/api/procedures/:code/fees',
    {
      config: { access: 'public' },
      schema: {
        tags: ['fees'],
        summary:
          "A procedure's fee lines in force (the administrator's, else derived from the published text) and, with `channel`, the amount for those facts",
        description:
          '`source` says where the lines come from; `status` why the published text gave none (free, none, foreign_currency, ' +
          'uncertain_amount, cases) or `structured`/`administrator`. `categories` (comma-separated exemption/reduction codes) ' +
          'and `quantities` ("line:quantity" pairs) are the facts of the estimate; `on` is the day (default today in Vietnam).',
        params: z.object({ code: z.string().min(1).max(40) }),
        querystring: z.object({
          channel: FeeChannel.optional(),
          on: z.iso.date().optional(),
          categories: CategoryList.optional(),
          quantities: QuantityList.optional(),
        }),
        response: { 200: FeeLinesView, 404: problemSchema(['procedure.not_found']) },
      },
    },
    async (req) => {
      const p = await getProcedure(db, req.params.code);
      const { lines, source, status } = feeLinesOf(p.details);
      const q = req.query;
      const estimate = q.channel
        ? computeFees(
            lines,
            {
              channel: q.channel,
              on: q.on ?? vnDateOf(deps.clock.now()),
              categories: q.categories ?? [],
              quantities: q.quantities ?? {},
            },
            source,
            { stacking: deps.config.MOTCUA_FEE_STACKING, rounding: deps.config.MOTCUA_FEE_ROUNDING },
          )
        : null;
      const categories = new Set<string>([...DEFAULT_FEE_CATEGORIES, ...deps.config.MOTCUA_FEE_CATEGORIES]);
      for (const l of lines) {
        for (const e of l.exemptions) if (e.category) categories.add(e.category);
        for (const r of l.reductions ?? []) if (r.category) categories.add(r.category);
      }
      return {
        code: p.code,
        versionId: p.versionId,
        source,
        status,
        lines,
        categories: [...categories],
        estimate,
      };
    },
  );

  app.get(
    '/api/agencies/:id/bank-account',
    {
      config: { access: { roles: ['admin', 'reception', 'leader'] } },
      schema: {
        tags: ['fees'],
        summary: "An agency's fee account (the beneficiary of its VietQR codes)",
        params: AgencyId,
        response: {
          200: BankAccountView,
          404: problemSchema(['agency.not_found']),
          409: problemSchema(['fees.bank_account_missing']),
        },
      },
    },
    async (req) => presentBankAccount(await getBankAccount(db, req.params.id)),
  );

  app.put(
    '/api/agencies/:id/bank-account',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['fees'],
        summary:
          "Set an agency's fee account: bank BIN (NAPAS, 6 digits), bank name, account number and holder (audited)",
        description:
          'Only for an agency the administrator manages (their own or one under it); another answers 404 agency.not_found. ' +
          'A malformed field answers 422 naming it (body.bankBin, body.accountNumber…).',
        params: AgencyId,
        body: BankAccountInput,
        response: { 200: BankAccountView, 404: problemSchema(['agency.not_found']) },
      },
    },
    async (req) =>
      inTransaction(db, async (tx) => {
        await getManagedAgency(tx, req.actor!.agencyId, req.params.id);
        const meta = { actorId: req.actor!.userId, requestId: String(req.id), now: deps.clock.now() };
        return presentBankAccount(await setBankAccount(tx, req.params.id, req.body, meta));
      }),
  );

  // The official's view of a record's VietQR code: JSON (payload and what it says), PNG, SVG.
  app.get(
    '/api/records/:id/payment-qr',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['fees'],
        summary:
          "The VietQR transfer of a record's open payment request (status 6): payload, amount, reference (the record code) and account",
        params: RecordId,
        response: { 200: PaymentQrView, ...recordReadProblems, ...qrProblems },
      },
    },
    async (req) => presentQr(await paymentQr(db, await visibleState(db, req.params.id, req))),
  );
  for (const [ext, type] of [
    ['png', PNG],
    ['svg', SVG],
  ] as const) {
    app.get(
      `/api/records/:id/payment-qr.${ext}`,
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['fees'],
          summary: `The VietQR code of a record's open payment request as ${ext.toUpperCase()}`,
          params: RecordId,
          produces: [type],
          response: {
            200: fileResponse([type], `the QR code (${ext})`),
            ...recordReadProblems,
            ...qrProblems,
          },
        },
      },
      async (req, reply) => {
        const qr = await paymentQr(db, await visibleState(db, req.params.id, req));
        return reply
          .header('content-type', type)
          .header('cache-control', 'no-store')
          .send(await renderQr(qr.payload, ext));
      },
    );
  }

  // The citizen's: by record code and the tracking check, as the tracking page.
  const publicProblems = { ...trackingProblems, ...qrProblems };
  app.get(
    '/api/public/records/:code/payment-qr',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['fees'],
        summary:
          'Portal: the VietQR transfer of the tracked record’s open payment request (record code and the tracking check, as GET /api/public/records/{code})',
        params: PublicCode,
        querystring: TrackingCheck,
        response: { 200: PaymentQrView, ...publicProblems },
      },
    },
    async (req) => presentQr(await paymentQr(db, await trackRecord(db, req.params.code, req.query.check))),
  );
  for (const [ext, type] of [
    ['png', PNG],
    ['svg', SVG],
  ] as const) {
    app.get(
      `/api/public/records/:code/payment-qr.${ext}`,
      {
        config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: ['fees'],
          summary: `Portal: the VietQR code of the tracked record's open payment request as ${ext.toUpperCase()}`,
          params: PublicCode,
          querystring: TrackingCheck,
          produces: [type],
          response: { 200: fileResponse([type], `the QR code (${ext})`), ...publicProblems },
        },
      },
      async (req, reply) => {
        const qr = await paymentQr(db, await trackRecord(db, req.params.code, req.query.check));
        return reply
          .header('content-type', type)
          .header('cache-control', 'no-store')
          .send(await renderQr(qr.payload, ext));
      },
    );
  }

  // Hồ sơ của tôi: the e-ID citizen's own record (another's answers 404, as an unknown id).
  app.get(
    '/api/citizen/records/:id/payment-qr.png',
    {
      config: { access: 'citizen', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['citizen', 'fees'],
        summary: 'Hồ sơ của tôi: the VietQR code of my record’s open payment request as PNG (e-ID)',
        description:
          "Another person's record answers 404 record.not_found, exactly as an unknown id; without a citizen session 401.",
        params: RecordId,
        produces: [PNG],
        response: {
          200: fileResponse([PNG], 'the QR code (png)'),
          401: problemSchema(['citizen.unauthenticated']),
          404: problemSchema(['record.not_found']),
          422: problemSchema(['request.invalid']),
          429: problemSchema(['request.rate_limited']),
          ...qrProblems,
        },
      },
    },
    async (req, reply) => {
      const qr = await paymentQr(db, await citizenState(db, req.params.id, req));
      return reply
        .header('content-type', PNG)
        .header('cache-control', 'private, no-store')
        .send(await renderQr(qr.payload, 'png'));
    },
  );
}
