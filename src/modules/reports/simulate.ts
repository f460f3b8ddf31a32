import { addDays, type IsoDate, toVnDateTime, vnInstant } from '../../core/calendar/index.ts';
import { documentsOnly, ProcedureDocument } from '../../core/catalog/index.ts';
import { DomainError } from '../../core/errors/index.ts';
import type { Actor, RecordCommand, RecordState } from '../../core/records/index.ts';
import { type Db, inTransaction } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Progress } from '../../platform/progress.ts';
import { type CalendarService, createCalendarService } from '../calendar/index.ts';
import { createRecordsCache, executeCommand, rateRecord } from '../records/index.ts';
import { requireDemoOrBenchDatabase } from '../system/index.ts';
import { projectRecord } from './reports.projector.ts';
import { nextMove, planWork, simulatedOfficials } from './simulate-work.ts';

/** What `motcua simulate` makes: how many records, over which days, with what mix. */
export interface SimulationPlan {
  readonly records: number;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly seed: number;
  /** Shares (0–1) of the channel and of the outcomes worth counting. */
  readonly online: number;
  readonly supplement: number;
  readonly late: number;
  readonly refused: number;
  readonly crossBoundary: number;
  /** Share of returned records the applicant rates (1–5, mostly well); none when left out. */
  readonly rated?: number;
}

/** The mix the issue asks for: real procedures and units, about a third online, 10% with a supplement. */
export const DEFAULT_PLAN: Omit<SimulationPlan, 'records' | 'from' | 'to'> = {
  seed: 766,
  online: 0.3,
  supplement: 0.1,
  late: 0.12,
  refused: 0.03,
  crossBoundary: 0.15,
  rated: 0.4,
};

/** A seeded pseudo-random generator (mulberry32), so a simulation can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GIVEN = [
  'Nguyễn Văn An',
  'Trần Thị Bình',
  'Lê Hoàng Châu',
  'Phạm Minh Đức',
  'Võ Thị Hạnh',
  'Huỳnh Văn Khoa',
];

/**
 * Generates realistic history: records of real procedures received at real Can Tho one-stop units over a
 * period, each driven through the same commands as the API (receive, assign, forward, supplement, approve,
 * issue, return; some refused, some late, some online, some received across commune boundaries), with the
 * simulated time of each step, then projected into the reports. Returns how many records were made.
 */
export async function simulate(
  db: Db,
  calendars: CalendarService,
  plan: SimulationPlan,
  progress?: Progress,
): Promise<{ records: number; skippedProcedures: number }> {
  const random = seededRandom(plan.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const cache = createRecordsCache();
  const receivers = await db
    .selectFrom('agencies')
    .select(['id', 'unitKey'])
    .where('canReceive', '=', true)
    .where('level', '=', 'commune')
    .where('validTo', 'is', null)
    .orderBy('code')
    .execute();
  const procedures = await db
    .selectFrom('procedures')
    .innerJoin('procedureVersions', 'procedureVersions.id', 'procedures.currentVersionId')
    .select([
      'procedures.code',
      'procedureVersions.id as versionId',
      'procedureVersions.data',
      'procedureVersions.onlineLevel',
    ])
    .where('procedureVersions.levels', 'like', '%commune%')
    .orderBy('procedures.code')
    .execute();
  if (receivers.length === 0 || procedures.length === 0)
    throw new Error('simulate needs the seeded units and catalog');
  const officials = await simulatedOfficials(db);

  const days: IsoDate[] = [];
  for (let d = plan.from; d <= plan.to; d = addDays(d, 1)) days.push(d);
  const bad = new Set<string>();
  const good = new Set<string>();
  let made = 0;
  let attempts = 0;
  progress?.start(plan.records, 'simulate');
  while (made < plan.records && attempts < plan.records * 5) {
    attempts++;
    const procedure = pick(procedures);
    if (bad.has(procedure.code)) continue;
    const receiver = pick(receivers);
    const home = random() < plan.crossBoundary ? pick(receivers) : receiver;
    const unit = home.unitKey.split(':')[1] ?? home.unitKey;
    const day = pick(days);
    let now = vnInstant(day, 7 * 60 + 30 + Math.floor(random() * 480));
    const run = async (actor: Actor, command: RecordCommand, recordId?: string, version?: number) =>
      inTransaction(db, (tx) =>
        executeCommand(
          tx,
          { calendars, cache },
          recordId ? { recordId, expectedVersion: version } : {},
          command,
          { actor, now },
        ),
      );
    const documents = documentsOnly(
      ProcedureDocument.array().parse((procedure.data as { documents?: unknown }).documents ?? []),
    ).map((d) => d.name);
    const opening = {
      procedureVersionId: procedure.versionId,
      channel: 'in_person' as const,
      applicant: {
        kind: 'citizen' as const,
        fullName: pick(GIVEN),
        phone: `09${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
      },
      routing: {
        residenceUnitCode: unit,
        landParcelUnitCode: unit,
        businessUnitCode: unit,
        level: 'commune' as const,
      },
    };
    const reception = await officials.official(receiver.id, 'reception');
    let state: RecordState;
    try {
      if (random() < plan.refused) {
        await run(reception, { type: 'refuse', reasons: ['Không thuộc thẩm quyền tiếp nhận'], opening });
        made++;
        progress?.increment();
        continue;
      }
      // Online only for a procedure already received once (so a submission is never left unreceived).
      if (good.has(procedure.code) && procedure.onlineLevel !== 'none' && random() < plan.online) {
        const applicant: Actor = { kind: 'applicant', accountId: `sim:${made}` };
        const draft = await run(applicant, {
          type: 'create_draft',
          procedureVersionId: procedure.versionId,
          applicant: opening.applicant,
          routing: opening.routing,
          receivingAgencyId: receiver.id,
        });
        const submitted = await run(applicant, { type: 'submit' }, draft.state.id, draft.state.version);
        now = new Date(now.getTime() + 3_600_000);
        state = (
          await run(
            reception,
            { type: 'receive', checklist: documents.map((document) => ({ document, provided: true })) },
            submitted.state.id,
            submitted.state.version,
          )
        ).state;
      } else {
        state = (
          await run(reception, {
            type: 'receive',
            checklist: documents.map((document) => ({ document, provided: true })),
            opening,
          })
        ).state;
      }
      good.add(procedure.code);
    } catch (err) {
      // A procedure whose routing or process the simulation cannot satisfy is left out from then on.
      if (err instanceof DomainError) {
        bad.add(procedure.code);
        continue;
      }
      throw err;
    }
    // Spread the work until the planned finish: before the deadline, or after it for the late share.
    const work = planWork(state, plan, random);
    for (let guard = 0; guard < 40 && state.status !== 'delivered'; guard++) {
      const move = await nextMove(state, work, officials);
      if (!move) break;
      now = move.at;
      try {
        state = (await run(move.actor, move.command, state.id, state.version)).state;
      } catch (err) {
        // A supplement asked too late is simply not asked; any other refusal ends this record here.
        if (err instanceof DomainError && move.command.type === 'request_supplement') continue;
        if (err instanceof DomainError) break;
        throw err;
      }
    }
    // Some applicants rate the handling once the result is returned (Decision 766 index 5.4).
    if (state.status === 'delivered' && random() < (plan.rated ?? 0)) {
      const score = Math.max(1, Math.min(5, Math.round(5 - random() * random() * 5)));
      const delivered = state;
      await inTransaction(db, (tx) =>
        rateRecord(
          tx,
          delivered,
          { score, comment: null },
          { actor: { kind: 'applicant', accountId: `sim:${made}` }, now },
        ),
      );
    }
    made++;
    progress?.increment();
  }
  progress?.stop();
  // Project every record into the reports now (the outbox would do it too, later and one by one).
  const ids = await db.selectFrom('records').select('id').where('status', '!=', 'draft').execute();
  await inTransaction(db, async (tx) => {
    for (const { id } of ids) await projectRecord(tx, id, new Date());
  });
  return { records: made, skippedProcedures: bad.size };
}

/** `motcua simulate`: N records over the last `years` years, seeded, with a progress bar. */
export async function simulateCommand(
  deps: Deps,
  opts: { records: number; years: number; seed: number; progress: Progress },
): Promise<string> {
  await requireDemoOrBenchDatabase(deps.database.db, 'motcua simulate');
  if (!Number.isInteger(opts.records) || opts.records < 1)
    throw new Error('--records must be a positive integer');
  if (!Number.isFinite(opts.years) || opts.years <= 0) throw new Error('--years must be a positive number');
  const today = toVnDateTime(deps.clock.now()).date;
  const to = addDays(today, -1);
  const from = addDays(to, -Math.round(opts.years * 365));
  const calendars = createCalendarService({ cutoffMinutes: deps.config.MOTCUA_CUTOFF });
  const started = Date.now();
  const result = await simulate(
    deps.database.db,
    calendars,
    { ...DEFAULT_PLAN, records: opts.records, from, to, seed: opts.seed },
    opts.progress,
  );
  return `simulated ${result.records} records received ${from} … ${to} in ${((Date.now() - started) / 1000).toFixed(1)} s (${result.skippedProcedures} procedures left out: no competent agency in the city or no time limit for the channel)`;
}
