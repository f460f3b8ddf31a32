import { type RawBuilder, sql } from 'kysely';
import { UUID } from 'uuidv7';
import { addDays, type IsoDate, toVnDateTime, vnInstant } from '../../core/calendar/index.ts';
import {
  type Actor,
  type DecideAgency,
  type DecideContext,
  decide,
  evolve,
  type ProcedureFacts,
  type RecordCommand,
  type RecordState,
  vnDateOf,
} from '../../core/records/index.ts';
import { COUNTERS, type Counter, counterDeltas } from '../../core/reports/index.ts';
import { type Db, inTransaction, type Tx } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Progress } from '../../platform/progress.ts';
import { type CalendarService, createCalendarService } from '../calendar/index.ts';
import { getProcedureFacts } from '../catalog/index.ts';
import { projection } from '../records/index.ts';

import { requireDemoOrBenchDatabase } from '../system/index.ts';
import { searchAgencies } from '../units/index.ts';
import { reportFact } from './reports.projector.ts';
import { addCounterRows, type CounterRow, MONTHLY_TABLES, type ReportFact } from './reports.store.ts';
import { DEFAULT_PLAN, type SimulationPlan, seededRandom } from './simulate.ts';
import { nextMove, planWork, simulatedOfficials } from './simulate-work.ts';

/** A bulk plan: the simulation plan, and the moment the simulated history stops (work after it is left open). */
export interface BulkPlan extends SimulationPlan {
  readonly until: Date;
  /** Rows per INSERT. */
  readonly batch?: number;
  /** Counter sums held in memory before they are added to the tables (default 400,000). */
  readonly counterRowsInMemory?: number;
}

const GIVEN = [
  'Nguyễn Văn An',
  'Trần Thị Bình',
  'Lê Hoàng Châu',
  'Phạm Minh Đức',
  'Võ Thị Hạnh',
  'Huỳnh Văn Khoa',
];

/** One column of a bulk INSERT … SELECT FROM unnest(…): its name, array type and value per row. */
type Column<T> = readonly [name: string, type: string, value: (row: T) => unknown];

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** `insert into <table> (…) select … from unnest($1::t1[], $2::t2[], …)`: one statement for many rows. */
function unnestInsert<T>(
  table: string,
  columns: readonly Column<T>[],
  rows: readonly T[],
): RawBuilder<unknown> {
  const arrays = columns.map(
    ([, type, value]) =>
      sql`${rows.map(value)}::${sql.raw(type === 'jsonb' || type === 'text[]' ? 'text' : type)}[]`,
  );
  const names = columns.map(([name]) => name).join(', ');
  const select = columns
    .map(([name, type]) =>
      // A text[] column travels as a JSON array per row (unnest cannot take an array of arrays).
      type === 'jsonb'
        ? `u.${name}::jsonb`
        : type === 'text[]'
          ? `array(select jsonb_array_elements_text(u.${name}::jsonb))`
          : `u.${name}`,
    )
    .join(', ');
  return sql`insert into ${sql.raw(table)} (${sql.raw(names)}) select ${sql.raw(select)} from unnest(${sql.join(arrays)}) as u(${sql.raw(names)})`;
}

type Projected = ReturnType<typeof projection> & { id: string; createdAt: Date };

const RECORD_COLUMNS: readonly Column<Projected>[] = [
  ['id', 'uuid', (r) => r.id],
  ['code', 'text', (r) => r.code],
  ['status', 'text', (r) => r.status],
  ['national_status', 'smallint', (r) => r.nationalStatus],
  ['procedure_code', 'text', (r) => r.procedureCode],
  ['procedure_version_id', 'uuid', (r) => r.procedureVersionId],
  ['channel', 'text', (r) => r.channel],
  ['receiving_agency_id', 'uuid', (r) => r.receivingAgencyId],
  ['competent_agency_id', 'uuid', (r) => r.competentAgencyId],
  ['return_point', 'text', (r) => r.returnPoint],
  ['applicant_name', 'text', (r) => r.applicantName],
  ['applicant_search', 'text', (r) => r.applicantSearch],
  ['applicant_personal_id', 'text', (r) => r.applicantPersonalId],
  ['applicant_phone', 'text', (r) => r.applicantPhone],
  ['received_at', 'timestamptz', (r) => iso(r.receivedAt)],
  ['due_at', 'timestamptz', (r) => iso(r.dueAt)],
  ['current_step', 'text', (r) => r.currentStep],
  ['current_assignee_id', 'uuid', (r) => r.currentAssigneeId],
  ['current_step_due_at', 'timestamptz', (r) => iso(r.currentStepDueAt)],
  ['step_deadline_flag', 'text', (r) => r.stepDeadlineFlag],
  ['active_steps', 'jsonb', (r) => r.activeSteps],
  ['active_step_tags', 'text[]', (r) => JSON.stringify(r.activeStepTags)],
  ['transfer_failed_at', 'timestamptz', (r) => iso(r.transferFailedAt)],
  ['version', 'integer', (r) => r.version],
  ['state', 'jsonb', (r) => r.state],
  ['created_at', 'timestamptz', (r) => iso(r.createdAt)],
  ['updated_at', 'timestamptz', (r) => iso(r.updatedAt)],
];

/** Daily and monthly counter rows summed in memory before they are added to the tables. */
const COUNTER_ROWS_IN_MEMORY = 400_000;

type Fact = NonNullable<ReturnType<typeof reportFact>> & { updatedAt: string };

interface Rating {
  recordId: string;
  score: number;
  ratedAt: string;
}

const RATING_COLUMNS: readonly Column<Rating>[] = [
  ['record_id', 'uuid', (r) => r.recordId],
  ['score', 'integer', (r) => r.score],
  ['rated_at', 'timestamptz', (r) => r.ratedAt],
];

const FACT_COLUMNS: readonly Column<Fact>[] = [
  ['record_id', 'uuid', (f) => f.recordId],
  ['code', 'text', (f) => f.code],
  ['competent_agency_id', 'uuid', (f) => f.competentAgencyId],
  ['receiving_agency_id', 'uuid', (f) => f.receivingAgencyId],
  ['procedure_code', 'text', (f) => f.procedureCode],
  ['channel', 'text', (f) => f.channel],
  ['outcome', 'text', (f) => f.outcome],
  ['received_at', 'timestamptz', (f) => iso(f.receivedAt)],
  ['received_day', 'date', (f) => f.receivedDay],
  ['paused_due_at', 'timestamptz', (f) => iso(f.pausedDueAt)],
  ['due_day', 'date', (f) => f.dueDay],
  ['finished_at', 'timestamptz', (f) => iso(f.finishedAt)],
  ['finished_day', 'date', (f) => f.finishedDay],
  ['timing', 'text', (f) => f.timing],
  ['refused_day', 'date', (f) => f.refusedDay],
  ['supplement_requests', 'smallint', (f) => f.supplementRequests],
  ['supplement_day', 'date', (f) => f.supplementDay],
  ['returned_day', 'date', (f) => f.returnedDay],
  ['handler_id', 'uuid', (f) => f.handlerId],
  ['cross_boundary', 'boolean', (f) => f.crossBoundary],
  ['digitised', 'boolean', (f) => f.digitised],
  ['reused', 'boolean', (f) => f.reused],
  ['electronic_result', 'boolean', (f) => f.electronicResult],
  ['paper_result', 'boolean', (f) => f.paperResult],
  ['fee_bearing', 'boolean', (f) => f.feeBearing],
  ['paid_online', 'boolean', (f) => f.paidOnline],
  ['shared', 'boolean', (f) => f.shared],
  ['rating', 'smallint', (f) => f.rating],
  ['awaiting_supplement_since', 'timestamptz', (f) => iso(f.awaitingSupplementSince)],
  ['updated_at', 'timestamptz', (f) => f.updatedAt],
];

/** Adds a record's counter contributions to the in-memory daily and monthly sums. */
function accumulate(daily: Map<string, CounterRow>, monthly: Map<string, CounterRow>, fact: ReportFact) {
  for (const d of counterDeltas(null, fact)) {
    const month = `${d.day.slice(0, 7)}-01`;
    for (const [map, key, period, procedureCode] of [
      [daily, `${d.day}|${d.competentAgencyId}|${d.receivingAgencyId}|${d.channel}`, d.day, null],
      [
        monthly,
        `${month}|${d.competentAgencyId}|${d.receivingAgencyId}|${d.channel}|${d.procedureCode}`,
        month,
        d.procedureCode,
      ],
    ] as const) {
      let row = map.get(key);
      if (!row) {
        row = {
          period,
          competentAgencyId: d.competentAgencyId,
          receivingAgencyId: d.receivingAgencyId,
          channel: d.channel,
          procedureCode,
          counts: Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>,
        };
        map.set(key, row);
      }
      for (const [c, n] of Object.entries(d.counts) as [Counter, number][]) row.counts[c] += n;
    }
  }
}

/**
 * Bulk history for benchmark and demo databases: the same pure decisions as the record commands
 * (`decide` + `evolve`, with the procedure facts, the city's agencies and the working calendar loaded once)
 * run in memory on a simulated clock, and only each record's final state written, in large batches:
 * `records` rows, ratings, their `report_facts` and the counters (summed in memory, added to the tables
 * whenever `counterRowsInMemory` sums are held and at the end), and the record-code sequences. No record
 * events, audit rows or outbox messages are written, so the records have no history to replay: this is for
 * benchmarks and demos, never for a database people work in.
 * Records are made in order of reception, with UUIDv7 ids of their simulated creation time.
 */
export async function simulateBulk(
  db: Db,
  calendars: CalendarService,
  plan: BulkPlan,
  progress?: Progress,
): Promise<{ records: number; skippedProcedures: number }> {
  const random = seededRandom(plan.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const batchSize = plan.batch ?? 2000;
  const receivers = await db
    .selectFrom('agencies')
    .select(['id', 'unitKey'])
    .where('canReceive', '=', true)
    .where('level', '=', 'commune')
    .where('validTo', 'is', null)
    .orderBy('code')
    .execute();
  const versions = await db
    .selectFrom('procedures')
    .innerJoin('procedureVersions', 'procedureVersions.id', 'procedures.currentVersionId')
    .select(['procedures.code', 'procedureVersions.id as versionId'])
    .where('procedureVersions.levels', 'like', '%commune%')
    .orderBy('procedures.code')
    .execute();
  if (receivers.length === 0 || versions.length === 0)
    throw new Error('simulate needs the seeded units and catalog');
  const procedures: ProcedureFacts[] = [];
  for (const v of versions) procedures.push(await getProcedureFacts(db, v.versionId));
  const agencies: DecideAgency[] = (await searchAgencies(db, { limit: 1000, offset: 0 }))
    .filter((a) => a.validTo === null)
    .map((a) => ({
      id: a.id,
      key: a.key,
      code: a.code,
      kind: a.kind,
      level: a.level,
      unitCode: a.unitKey.split(':')[1] ?? a.unitKey,
      name: a.name,
      sector: a.sector,
      servesUnitCodes: a.servesUnitCodes,
    }));
  const unitOf = new Map(
    (await db.selectFrom('agencies').select(['id', 'unitKey']).execute()).map((a) => [a.id, a.unitKey]),
  );
  const calendar = await calendars.calendar(db);

  const officials = await simulatedOfficials(db);

  // Continue the sequences receptions have already used on these days (a second bulk run, or real work).
  const sequences = new Map<string, number>(
    (
      await db
        .selectFrom('recordCodeSequences')
        .select(['agencyId', 'day', 'lastValue'])
        .where('day', '>=', plan.from)
        .where('day', '<=', addDays(plan.to, 1))
        .execute()
    ).map((r) => [`${r.agencyId}|${r.day}`, r.lastValue]),
  );
  const nextSequence = (agencyId: string, now: Date) => {
    const key = `${agencyId}|${vnDateOf(now)}`;
    const n = (sequences.get(key) ?? 0) + 1;
    sequences.set(key, n);
    return n;
  };
  const newId = (at: Date) =>
    UUID.fromFieldsV7(
      at.getTime(),
      Math.floor(random() * 0x1000),
      Math.floor(random() * 0x40000000),
      Math.floor(random() * 0x100000000),
    ).toString();

  /** Decides and applies one command in memory; undefined when the core refuses it. */
  function step(
    state: RecordState | null,
    actor: Actor,
    command: RecordCommand,
    now: Date,
    extra: Partial<DecideContext> = {},
  ): RecordState | undefined {
    const decision = decide(state, command, actor, { now, calendar, ...extra });
    if (!decision.ok) return undefined;
    return decision.events.reduce<RecordState | null>(evolve, state) ?? undefined;
  }

  const days: IsoDate[] = [];
  for (let d = plan.from; d <= plan.to; d = addDays(d, 1)) days.push(d);
  const until = plan.until.getTime();
  const bad = new Set<string>();
  const good = new Set<string>();
  const daily = new Map<string, CounterRow>();
  const monthly = new Map<string, CounterRow>();
  let records: Projected[] = [];
  let facts: Fact[] = [];
  let ratings: Rating[] = [];
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const [r, f, g] = [records, facts, ratings];
    records = [];
    facts = [];
    ratings = [];
    await writing;
    // Written while the next batch is decided: PostgreSQL works on the other core.
    writing = inTransaction(db, async (tx) => {
      await sql`set local synchronous_commit = off`.execute(tx);
      await unnestInsert('records', RECORD_COLUMNS, r).execute(tx);
      await unnestInsert('report_facts', FACT_COLUMNS, f).execute(tx);
      if (g.length) await unnestInsert('record_ratings', RATING_COLUMNS, g).execute(tx);
    }).then(() => progress?.increment(r.length));
  };

  let made = 0;
  let attempts = 0;
  progress?.start(plan.records, 'simulate --bulk');
  while (made < plan.records && attempts < plan.records * 5) {
    attempts++;
    const procedure = pick(procedures);
    if (bad.has(procedure.code)) continue;
    const receiver = pick(receivers);
    const home = random() < plan.crossBoundary ? pick(receivers) : receiver;
    const unit = home.unitKey.split(':')[1] ?? home.unitKey;
    // In order of reception: the n-th record on the n-th share of the days.
    const day = days[Math.min(days.length - 1, Math.floor((made * days.length) / plan.records))]!;
    let now = vnInstant(day, 7 * 60 + 30 + Math.floor(random() * 480));
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
    // The first two documents ticked, as at a counter; each one listed costs the core a normalisation.
    const checklist = procedure.documents.slice(0, 2).map((document) => ({ document, provided: true }));
    const reception = await officials.official(receiver.id, 'reception');
    const opened = { procedure, agencies, newRecordId: newId(now) };
    let state: RecordState | undefined;
    if (random() < plan.refused) {
      state = step(
        null,
        reception,
        { type: 'refuse', reasons: ['Không thuộc thẩm quyền tiếp nhận'], opening },
        now,
        opened,
      );
    } else if (good.has(procedure.code) && procedure.onlineLevel !== 'none' && random() < plan.online) {
      const applicant: Actor = { kind: 'applicant', accountId: `sim:${made}` };
      const draft = step(
        null,
        applicant,
        {
          type: 'create_draft',
          procedureVersionId: procedure.versionId,
          applicant: opening.applicant,
          routing: opening.routing,
          receivingAgencyId: receiver.id,
        },
        now,
        opened,
      );
      const submitted = draft && step(draft, applicant, { type: 'submit' }, now);
      now = new Date(now.getTime() + 3_600_000);
      state =
        submitted &&
        step(submitted, reception, { type: 'receive', checklist }, now, {
          procedure,
          agencies,
          receptionSequence: nextSequence(receiver.id, now),
        });
    } else {
      state = step(null, reception, { type: 'receive', checklist, opening }, now, {
        ...opened,
        receptionSequence: nextSequence(receiver.id, now),
      });
    }
    if (!state) {
      // A procedure whose routing or process the simulation cannot satisfy is left out from then on.
      bad.add(procedure.code);
      continue;
    }
    if (state.status !== 'refused') {
      good.add(procedure.code);
      state = await work(state);
    }
    // Some applicants rate the handling once the result is returned, as in `simulate`.
    let rating: number | null = null;
    if (state.status === 'delivered' && random() < (plan.rated ?? 0)) {
      rating = Math.max(1, Math.min(5, Math.round(5 - random() * random() * 5)));
      ratings.push({ recordId: state.id, score: rating, ratedAt: state.updatedAt });
    }
    made++;
    const fact = reportFact(state, {
      digitised: false,
      reused: false,
      shared: false,
      electronicResult: false,
      rating,
      crossBoundary:
        state.receivingAgencyId !== null &&
        state.competentAgencyId !== null &&
        state.receivingAgencyId !== state.competentAgencyId &&
        unitOf.get(state.receivingAgencyId) !== unitOf.get(state.competentAgencyId),
    });
    records.push({ id: state.id, createdAt: new Date(state.createdAt), ...projection(state) });
    if (fact) {
      facts.push({ ...fact, updatedAt: state.updatedAt });
      accumulate(daily, monthly, fact);
    }
    if (records.length >= batchSize) await flush();
    // The counter sums are additive: written out now and then, they keep the memory of millions of records
    // bounded.
    if (daily.size + monthly.size > (plan.counterRowsInMemory ?? COUNTER_ROWS_IN_MEMORY)) {
      await writing;
      await inTransaction(db, (tx) => writeCounters(tx, daily, monthly));
      daily.clear();
      monthly.clear();
    }
  }
  if (records.length) await flush();
  await writing;
  progress?.stop();
  await inTransaction(db, async (tx) => {
    await writeCounters(tx, daily, monthly);
    await writeSequences(tx, sequences);
  });
  return { records: made, skippedProcedures: bad.size };

  /** The same work as `simulate`: until delivered, or until the simulated history ends. */
  async function work(received: RecordState): Promise<RecordState> {
    let state = received;
    const plan_ = planWork(state, plan, random);
    for (let guard = 0; guard < 40 && state.status !== 'delivered'; guard++) {
      const move = await nextMove(state, plan_, officials);
      if (!move) break;
      // Work planned after the end of the history is still to do: the record stays in progress.
      if (move.at.getTime() > until) break;
      const next = step(state, move.actor, move.command, move.at);
      if (!next) {
        // A supplement asked too late is simply not asked; any other refusal ends this record here.
        if (move.command.type === 'request_supplement') continue;
        break;
      }
      state = next;
    }
    return state;
  }
}

/**
 * Adds the in-memory counter sums to the counter tables: the daily sums to report_daily, the monthly ones
 * (with the procedure) to every monthly table, which sums them to its own key; 2,000 rows per statement.
 */
async function writeCounters(tx: Tx, daily: Map<string, CounterRow>, monthly: Map<string, CounterRow>) {
  for (const [tables, rows] of [
    [['daily'], [...daily.values()]],
    [MONTHLY_TABLES, [...monthly.values()]],
  ] as const) {
    for (const table of tables)
      for (let i = 0; i < rows.length; i += 2000) await addCounterRows(tx, table, rows.slice(i, i + 2000));
  }
}

/** Leaves each agency's daily code sequence where the bulk receptions left it, so receptions continue it. */
async function writeSequences(tx: Tx, sequences: Map<string, number>) {
  const rows = [...sequences.entries()].map(([key, last]) => {
    const [agencyId, day] = key.split('|') as [string, string];
    return { agencyId, day, last };
  });
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    await sql`
      insert into record_code_sequences (agency_id, day, last_value)
      select * from unnest(${chunk.map((r) => r.agencyId)}::uuid[], ${chunk.map((r) => r.day)}::date[], ${chunk.map((r) => r.last)}::integer[])
      on conflict (agency_id, day) do update
        set last_value = greatest(record_code_sequences.last_value, excluded.last_value)`.execute(tx);
  }
}

/** `motcua simulate --bulk`: N records over the last `years` years, decided in memory and written in batches. */
export async function simulateBulkCommand(
  deps: Deps,
  opts: { records: number; years: number; seed: number; progress: Progress },
): Promise<string> {
  await requireDemoOrBenchDatabase(deps.database.db, 'motcua simulate --bulk');
  if (!Number.isInteger(opts.records) || opts.records < 1)
    throw new Error('--records must be a positive integer');
  if (!Number.isFinite(opts.years) || opts.years <= 0) throw new Error('--years must be a positive number');
  const until = deps.clock.now();
  const to = addDays(toVnDateTime(until).date, -1);
  const from = addDays(to, -Math.round(opts.years * 365));
  const calendars = createCalendarService({ cutoffMinutes: deps.config.MOTCUA_CUTOFF });
  const started = Date.now();
  const result = await simulateBulk(
    deps.database.db,
    calendars,
    { ...DEFAULT_PLAN, records: opts.records, from, to, until, seed: opts.seed },
    opts.progress,
  );
  const seconds = (Date.now() - started) / 1000;
  return [
    `simulated ${result.records} records received ${from} … ${to} in ${seconds.toFixed(1)} s (${Math.round(result.records / seconds)}/s; ${result.skippedProcedures} procedures left out)`,
    'bulk mode: final states, report facts and counters only, without record events, audit or outbox rows (benchmark and demo databases only)',
  ].join('\n');
}
