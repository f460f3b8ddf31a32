import { join } from 'node:path';
import { inTransaction } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Role } from '../../platform/http/index.ts';
import { DEFAULT_SEED_DATA_DIR } from '../../platform/paths.ts';
import { type Progress, silentProgress } from '../../platform/progress.ts';
import { seedHolidays } from '../calendar/index.ts';
import { type CatalogImportReport, countProcedures, importCatalog } from '../catalog/index.ts';
import { createUser } from '../identity/index.ts';
import { markDatabase } from '../system/index.ts';
import {
  getAgencyByCode,
  importSectorBodies,
  importUnitsAndAgencies,
  searchAgencies,
} from '../units/index.ts';
import {
  seedDemoBankAccounts,
  seedDemoDelegation,
  seedDemoGroups,
  seedDemoLandProcess,
} from './demo-processes.ts';
import { seedFingerprint, storedSeedFingerprint, storeSeedFingerprint } from './seed-fingerprint.ts';

/** The password of every demo account. Demo accounts exist only in the embedded demo seed. */
export const DEMO_PASSWORD = 'motcua-demo-2026';

/** DEMO ONLY: the delegation the demo seed gives (docs/OFFICIALS.md): the police leader to its specialist. */
export const DEMO_DELEGATION = { from: 'lanhdao.congan.ninhkieu', to: 'chuyenvien.congan.ninhkieu' } as const;

/** Demo officials: who they are, what they may do, where they work (found by agency search). */
export const DEMO_ACCOUNTS: readonly {
  username: string;
  displayName: string;
  roles: Role[];
  agency: {
    kind: 'service_center' | 'one_stop' | 'peoples_committee' | 'department' | 'sector_body';
    q: string;
    /** The agency's code when the search words are not enough (sector bodies, docs/AGENCIES.md §Codes). */
    code?: string;
  };
}[] = [
  {
    username: 'tiepnhan.ninhkieu',
    displayName: 'Nguyễn Thị Lan',
    roles: ['reception'],
    agency: { kind: 'one_stop', q: 'ninh kieu' },
  },
  {
    username: 'chuyenvien.ninhkieu',
    displayName: 'Trần Văn Minh',
    roles: ['specialist'],
    agency: { kind: 'one_stop', q: 'ninh kieu' },
  },
  {
    username: 'lanhdao.ninhkieu',
    displayName: 'Lê Hoàng Nam',
    roles: ['leader'],
    agency: { kind: 'one_stop', q: 'ninh kieu' },
  },
  // Appraisal and approval of a commune's procedures belong to its People's Committee (UBND), not to its
  // one-stop unit: these take a Ninh Kiều (or Cái Khế) record past forwarding.
  {
    username: 'chuyenvien.ubnd.ninhkieu',
    displayName: 'Đặng Thị Thu',
    roles: ['specialist'],
    agency: { kind: 'peoples_committee', q: 'phuong ninh kieu' },
  },
  {
    username: 'lanhdao.ubnd.ninhkieu',
    displayName: 'Huỳnh Văn Sang',
    roles: ['leader'],
    agency: { kind: 'peoples_committee', q: 'phuong ninh kieu' },
  },
  {
    username: 'chuyenvien.ubnd.caikhe',
    displayName: 'Ngô Minh Khoa',
    roles: ['specialist'],
    agency: { kind: 'peoples_committee', q: 'phuong cai khe' },
  },
  {
    username: 'lanhdao.ubnd.caikhe',
    displayName: 'Bùi Thị Ngọc',
    roles: ['leader'],
    agency: { kind: 'peoples_committee', q: 'phuong cai khe' },
  },
  // Residence (cư trú) procedures are decided by the commune police (Công an xã/phường), which sits at the
  // commune's one-stop centre: these finish a Ninh Kiều temporary-residence record.
  {
    username: 'chuyenvien.congan.ninhkieu',
    displayName: 'Lý Quốc Bảo',
    roles: ['specialist'],
    agency: { kind: 'sector_body', q: 'cong an phuong ninh kieu' },
  },
  {
    username: 'lanhdao.congan.ninhkieu',
    displayName: 'Trương Thị Mai',
    roles: ['leader'],
    agency: { kind: 'sector_body', q: 'cong an phuong ninh kieu' },
  },
  // Inter-agency land registration (liên thông, issue 15): the land registration branch (Chi nhánh Văn phòng
  // đăng ký đất đai, H13.024.01) and the tax office (Thuế cơ sở, H13.022.01) serving Ninh Kiều take their
  // parallel steps of a first-time land-use certificate (1.013978) received at the Ninh Kiều counter.
  {
    username: 'chuyenvien.vpdkdd',
    displayName: 'Tô Thanh Phong',
    roles: ['specialist'],
    agency: { kind: 'sector_body', q: 'chi nhanh van phong dang ky dat dai', code: 'H13.024.01' },
  },
  {
    username: 'lanhdao.vpdkdd',
    displayName: 'Châu Ngọc Hân',
    roles: ['leader'],
    agency: { kind: 'sector_body', q: 'chi nhanh van phong dang ky dat dai', code: 'H13.024.01' },
  },
  {
    username: 'chuyenvien.thue',
    displayName: 'Lâm Hữu Phước',
    roles: ['specialist'],
    agency: { kind: 'sector_body', q: 'thue co so', code: 'H13.022.01' },
  },
  {
    username: 'lanhdao.thue',
    displayName: 'Mai Thị Kim Loan',
    roles: ['leader'],
    agency: { kind: 'sector_body', q: 'thue co so', code: 'H13.022.01' },
  },
  {
    username: 'tiepnhan.trungtam',
    displayName: 'Phạm Thu Hà',
    roles: ['reception'],
    agency: { kind: 'service_center', q: '' },
  },
  {
    username: 'giamsat.trungtam',
    displayName: 'Võ Minh Tuấn',
    roles: ['monitor'],
    agency: { kind: 'service_center', q: '' },
  },
  {
    username: 'quantri',
    displayName: 'Quản trị hệ thống',
    roles: ['admin'],
    agency: { kind: 'peoples_committee', q: 'thanh pho can tho' },
  },
];

export interface SeedOptions {
  readonly progress?: Progress;
  readonly dataDir?: string;
}

export interface SeedResult {
  readonly lines: string[];
  readonly catalog?: CatalogImportReport;
}

function dataDir(deps: Deps, opts: SeedOptions): string {
  return opts.dataDir ?? deps.config.MOTCUA_SEED_DATA_DIR ?? DEFAULT_SEED_DATA_DIR;
}

const CATALOG_FILE = 'vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl';

function vnToday(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** Seeds the real reference data: units and agencies, the holiday table, the procedure catalog. */
export async function seedReferenceData(deps: Deps, opts: SeedOptions): Promise<SeedResult> {
  const { db } = deps.database;
  const dir = dataDir(deps, opts);
  const progress = opts.progress ?? silentProgress;
  const now = deps.clock.now();
  const lines: string[] = [];
  const units = await inTransaction(db, (tx) => importUnitsAndAgencies(tx, dir, progress));
  const unitLine = units.units.map((u) => `${u.generation} level ${u.level}: ${u.n}`).join(', ');
  lines.push(
    `units: ${unitLine}; ${units.successions} old → new links; ${units.agencies} agencies (${units.sectorBodies} sector bodies from the catalogue)`,
  );
  const holidays = await inTransaction(db, (tx) => seedHolidays(tx, dir, now));
  lines.push(`holidays: ${holidays.inserted} days seeded`, ...holidays.notes.map((n) => `  ${n}`));
  const catalog = await importCatalog(db, {
    file: join(dir, CATALOG_FILE),
    effectiveFrom: vnToday(now),
    now,
    progress,
  });
  await storeSeedFingerprint(db, seedFingerprint(join(dir, CATALOG_FILE)), now);
  lines.push(
    `catalog: ${catalog.totals.procedures} procedures (${catalog.created} new, ${catalog.newVersions} new versions, ${catalog.unchanged} unchanged) in ${catalog.seconds}s`,
  );
  return { lines, catalog };
}

/** Creates the demo accounts (embedded demo only). Returns them with their agency names. */
export async function seedDemoAccounts(deps: Deps) {
  const { db } = deps.database;
  const created: { username: string; password: string; roles: Role[]; agency: string }[] = [];
  let admin: { userId: string; displayName: string; agencyId: string } | undefined;
  const ids = new Map<string, { userId: string; agencyId: string }>();
  await inTransaction(db, async (tx) => {
    for (const a of DEMO_ACCOUNTS) {
      const [agency] = a.agency.code
        ? [await getAgencyByCode(tx, a.agency.code)]
        : await searchAgencies(tx, { kind: a.agency.kind, q: a.agency.q || undefined, limit: 1, offset: 0 });
      if (!agency) throw new Error(`demo seed: no ${a.agency.kind} agency matching "${a.agency.q}"`);
      const user = await createUser(
        tx,
        {
          username: a.username,
          displayName: a.displayName,
          password: DEMO_PASSWORD,
          agencyId: agency.id,
          roles: a.roles,
        },
        deps.clock.now(),
      );
      created.push({ username: a.username, password: DEMO_PASSWORD, roles: a.roles, agency: agency.name });
      ids.set(a.username, { userId: user.id, agencyId: agency.id });
      if (a.roles.includes('admin'))
        admin = { userId: user.id, displayName: a.displayName, agencyId: agency.id };
    }
    // The inter-agency journey of the README (issue 15): the land procedure on the land + tax process.
    if (admin) await seedDemoLandProcess(tx, admin, vnToday(deps.clock.now()), deps.clock.now());
    // The Decree 63/2024 groups of the README (docs/GROUPS.md): 2.000986 online, the BHXH cơ sở area set.
    if (admin) await seedDemoGroups(tx, admin, vnToday(deps.clock.now()), deps.clock.now());
    // DEMO ONLY (README, Demo accounts): a fake fee account for each demo official's agency, so a record
    // awaiting payment shows its VietQR code; and the police leader's delegation to its specialist.
    const officials = [...ids.entries()].filter(([u]) => u !== 'quantri' && u !== 'giamsat.trungtam');
    if (admin)
      await seedDemoBankAccounts(
        tx,
        admin,
        officials.map(([, o]) => o.agencyId),
        deps.clock.now(),
      );
    const leader = ids.get(DEMO_DELEGATION.from);
    const delegate = ids.get(DEMO_DELEGATION.to);
    if (leader && delegate) await seedDemoDelegation(tx, leader, delegate, deps.clock.now());
  });
  // A database with demo accounts is a demo: it may take simulated history (`motcua simulate` refuses others).
  await markDatabase(db, 'demo', deps.clock.now());
  return created;
}

/** First start: seeds everything when the database has no procedures yet; otherwise does nothing. */
export async function seedIfEmpty(
  deps: Deps,
  opts: SeedOptions & { demoAccounts: boolean },
): Promise<{
  lines: string[];
  demoAccounts: { username: string; password: string; roles: Role[]; agency: string }[];
}> {
  const existing = await countProcedures(deps.database.db);
  if (existing.procedures > 0) {
    const lines = [`seed: already seeded (${existing.procedures} procedures)`];
    // Neither the shipped catalogue nor its parser changed since it was last derived: nothing to re-derive
    // (parsing the 12.7 MB file anyway cost every start seconds and ~200 MB of heap the process kept).
    const fingerprint = seedFingerprint(join(dataDir(deps, opts), CATALOG_FILE));
    if ((await storedSeedFingerprint(deps.database.db)) === fingerprint) {
      lines.push('catalog: unchanged since it was last derived (same file, same parser)');
      return { lines, demoAccounts: [] };
    }
    // A database seeded before the sector bodies existed (migration 0024) gets them now; idempotent.
    const added = await inTransaction(deps.database.db, (tx) => importSectorBodies(tx, dataDir(deps, opts)));
    if (added > 0) lines.push(`agencies: ${added} sector bodies added from the catalogue`);
    // A database imported by an earlier parser gets what this one derives from the same text (residence rules
    // decided by the commune police, split checklists): new versions, local edits on top. A procedure whose
    // text differs from the shipped file (a newer one imported by the administrator) is left alone.
    const now = deps.clock.now();
    const catalog = await importCatalog(deps.database.db, {
      file: join(dataDir(deps, opts), CATALOG_FILE),
      effectiveFrom: vnToday(now),
      now,
      progress: opts.progress ?? silentProgress,
      sources: 'rederive-only',
    });
    if (catalog.rederived.length > 0)
      lines.push(
        `catalog: re-derived: ${catalog.rederived.length} procedures (new versions, local edits kept)`,
      );
    await storeSeedFingerprint(deps.database.db, fingerprint, now);
    return { lines, demoAccounts: [] };
  }
  const result = await seedReferenceData(deps, opts);
  const demoAccounts = opts.demoAccounts ? await seedDemoAccounts(deps) : [];
  if (demoAccounts.length)
    result.lines.push(`demo accounts: ${demoAccounts.length} (password ${DEMO_PASSWORD})`);
  return { lines: result.lines, demoAccounts };
}

/** Procedures whose unchanged text this parser derives differently from the stored version. */
function rederivedLines(rederived: CatalogImportReport['rederived']): string[] {
  if (rederived.length === 0) return [];
  return [
    `  re-derived: ${rederived.length} procedures (same text, this parser derives other data; new versions, local edits kept)`,
    ...rederived.slice(0, 30).map((r) => `    ${r.code} v${r.version}: ${r.fields.join(', ')}`),
    ...(rederived.length > 30 ? [`    … and ${rederived.length - 30} more`] : []),
  ];
}

/** The re-import diff, one line per procedure: source fields changed, local edits kept, collisions. */
function sourceChangeLines(changes: CatalogImportReport['sourceChanges']): string[] {
  if (changes.length === 0) return [];
  const edited = changes.filter((c) => c.localEdits.length > 0);
  return [
    `  changed in the source: ${changes.length} procedures (${edited.length} with local edits, kept on top)`,
    ...changes.map(
      (c) =>
        `    ${c.code} v${c.version}: source changed ${c.sourceChanged.join(', ') || '(nothing parsed)'}` +
        (c.localEdits.length ? `; local edits kept: ${c.localEdits.join(', ')}` : '') +
        (c.collisions.length ? `; COLLIDES with local edits: ${c.collisions.join(', ')} (review)` : ''),
    ),
  ];
}

/** `motcua import-catalog [file]`: imports (or re-imports, adding versions) a JSONL catalog file. */
export async function importCatalogCommand(
  deps: Deps,
  opts: { file?: string | undefined; progress: Progress },
) {
  const now = deps.clock.now();
  const report = await importCatalog(deps.database.db, {
    file: opts.file ?? join(dataDir(deps, {}), CATALOG_FILE),
    effectiveFrom: vnToday(now),
    now,
    progress: opts.progress,
  });
  const f = report.fields;
  const text = [
    `Imported ${report.file}`,
    `  lines: ${report.lines} (${report.invalidLines.length} invalid)`,
    `  procedures: ${report.created} new, ${report.newVersions} new versions, ${report.unchanged} unchanged`,
    ...rederivedLines(report.rederived),
    `  totals in database: ${report.totals.procedures} procedures, ${report.totals.versions} versions`,
    '  fields (parsed / kept raw / empty in the source):',
    ...Object.entries(f).map(
      ([name, c]) =>
        `    ${name.padEnd(22)} ${String(c.parsed).padStart(5)} / ${String(c.kept_raw).padStart(4)} / ${c.empty}`,
    ),
    ...sourceChangeLines(report.sourceChanges),
    `  time: ${report.seconds}s`,
  ].join('\n');
  return { ...report, text };
}
