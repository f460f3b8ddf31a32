/**
 * Officials at city scale: a 14,000-row HR export (.xlsx, the columns a city's HR export has) generated over
 * the real Can Tho agencies in the database (synthetic Vietnamese names, seeded), imported through the same
 * use case as the API and the CLI (read + check + write, one transaction; time and rows/s), imported again
 * (idempotent: nothing changes), then the administrators' search (`GET /api/officials` through `app.inject`,
 * the whole HTTP pipeline) p50/p95/p99 at 14,000 accounts, against the same queries over the demo-sized
 * table measured first in the same run.
 *
 * `npm run bench -- officials` (PGlite in memory), or with DATABASE_URL for PostgreSQL. OFFICIALS=<n> changes
 * the size, SEARCHES=<n> the number of searches.
 */
import ExcelJS from 'exceljs';
import { buildApp } from '../src/app.ts';
import { normalizeSearchText } from '../src/core/vn/index.ts';
import { resolveAuditKey, setAuditKey } from '../src/modules/audit/index.ts';
import { createUser, hashPassword } from '../src/modules/identity/index.ts';
import { importOfficials, readOfficialsFile } from '../src/modules/identity/organisation/index.ts';
import { seedReferenceData } from '../src/modules/seed/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { inTransaction, migrate, openPglite, openPostgres } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/log.ts';
import { createProgress } from '../src/platform/progress.ts';
import { percentile, round, writeResult } from './support.ts';

const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Huỳnh',
  'Hoàng',
  'Võ',
  'Phan',
  'Trương',
  'Bùi',
  'Đặng',
  'Đỗ',
  'Ngô',
  'Hồ',
  'Dương',
  'Lý',
  'Châu',
  'Lâm',
  'Tạ',
  'Quách',
];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Thanh', 'Hoàng', 'Quốc', 'Thu', 'Hữu', 'Đức', 'Kim', 'Bảo'];
const GIVEN = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Giang',
  'Hà',
  'Hải',
  'Hạnh',
  'Hiếu',
  'Hòa',
  'Hùng',
  'Hương',
  'Khang',
  'Lan',
  'Linh',
  'Long',
  'Mai',
  'Nam',
  'Nga',
  'Ngân',
  'Nhung',
  'Phúc',
  'Phương',
  'Quân',
  'Sơn',
  'Tâm',
  'Thảo',
  'Thắng',
  'Trang',
  'Trí',
  'Tuấn',
  'Vy',
  'Yến',
  'Đạt',
  'Ánh',
  'Uyên',
];
const POSITIONS = [
  'Chuyên viên',
  'Chuyên viên chính',
  'Công chức',
  'Phó Trưởng phòng',
  'Trưởng phòng',
  'Văn thư',
  'Phó Chủ tịch',
  'Phó Giám đốc',
];
const ROLES = ['Chuyên viên', 'Tiếp nhận', 'Lãnh đạo', 'Chuyên viên, Tiếp nhận'];

/** A small seeded generator (mulberry32), so every run imports the same officials. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function timed(times: number[], fn: () => Promise<unknown>) {
  const t = performance.now();
  await fn();
  times.push(performance.now() - t);
}

function stats(times: number[]) {
  const s = [...times].sort((a, b) => a - b);
  return {
    n: s.length,
    p50Ms: round(percentile(s, 50)),
    p95Ms: round(percentile(s, 95)),
    p99Ms: round(percentile(s, 99)),
  };
}

export async function run(env: Record<string, string | undefined>): Promise<void> {
  const size = Number(env.OFFICIALS ?? 14_000);
  const searches = Number(env.SEARCHES ?? 1000);
  const config = loadConfig({ RATE_LIMIT_PER_MINUTE: '100000000', ...env, LOG_LEVEL: 'silent' });
  setAuditKey(resolveAuditKey(config).key);
  const database = config.DATABASE_URL ? openPostgres(config.DATABASE_URL, 4) : await openPglite(undefined);
  await migrate(database);
  const deps = { database, clock: systemClock, config, logger: createLogger('silent') };
  const db = database.db;
  const seeded = await db
    .selectFrom('agencies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  if (Number(seeded?.n ?? 0) === 0) await seedReferenceData(deps, { progress: createProgress() });
  const already = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('username', 'like', 'bench.cb.%')
    .executeTakeFirst();
  if (Number(already?.n ?? 0) > 0)
    throw new Error('this database holds a previous officials bench: use a fresh one');

  // The administrator of the city People's Committee (manages every agency), and a demo-sized table: one
  // official per seeded demo role in a few agencies (what `npm run seed` makes on PGlite).
  const city = await db
    .selectFrom('agencies')
    .select(['id'])
    .where('parentId', 'is', null)
    .executeTakeFirstOrThrow();
  const agencies = await db
    .selectFrom('agencies')
    .select(['id', 'code', 'name', 'kind'])
    .orderBy('code')
    .execute();
  const hash = await hashPassword('bench officials password');
  const now = systemClock.now();
  const admin = await createUser(
    db,
    {
      username: 'bench.quantri',
      displayName: 'Quản trị Bench',
      password: { hash },
      agencyId: city.id,
      roles: ['admin'],
    },
    now,
  );
  const random = rng(17);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  for (let i = 0; i < 16; i++)
    await createUser(
      db,
      {
        username: `demo.${i}`,
        displayName: `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`,
        password: { hash },
        agencyId: agencies[(i * 7) % agencies.length]!.id,
        roles: ['specialist'],
      },
      now,
    );
  const app = await buildApp(deps);
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'bench.quantri', password: 'bench officials password' },
  });
  const token = login.json().token as string;

  // Queries: names without marks (family + middle, given names), names with marks, username starts, and
  // filtered by agency and role; the same list before and after the import.
  const qrandom = rng(766);
  const qpick = <T>(xs: readonly T[]) => xs[Math.floor(qrandom() * xs.length)]!;
  const queries: string[] = [];
  for (let i = 0; i < searches; i++) {
    const kind = i % 5;
    if (kind === 0)
      queries.push(`q=${encodeURIComponent(normalizeSearchText(`${qpick(FAMILY)} ${qpick(MIDDLE)}`))}`);
    else if (kind === 1) queries.push(`q=${encodeURIComponent(`${qpick(MIDDLE)} ${qpick(GIVEN)}`)}`);
    else if (kind === 2) queries.push(`q=${encodeURIComponent(`bench.cb.${Math.floor(qrandom() * size)}`)}`);
    else if (kind === 3) queries.push(`agencyId=${qpick(agencies).id}&role=leader`);
    else queries.push(`q=${encodeURIComponent(normalizeSearchText(qpick(GIVEN)))}&active=true&limit=50`);
  }
  const runSearches = async () => {
    const times: number[] = [];
    for (const q of queries)
      await timed(times, async () => {
        const res = await app.inject({
          method: 'GET',
          url: `/api/officials?${q}`,
          headers: { authorization: `Bearer ${token}` },
        });
        if (res.statusCode !== 200) throw new Error(`search ${q}: ${res.statusCode} ${res.body}`);
      });
    return times;
  };
  await runSearches(); // warm-up
  const baseline = stats(await runSearches());
  const demoSize = Number(
    (
      await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
    )?.n ?? 0,
  );

  // The HR export: officials spread over the real agencies (communes get more), positions and roles.
  const t0 = performance.now();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Cán bộ');
  ws.addRow(['DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC THÀNH PHỐ CẦN THƠ']);
  ws.addRow([
    'STT',
    'Họ và tên',
    'Tên đăng nhập',
    'Email',
    'Số điện thoại',
    'Mã đơn vị',
    'Tên đơn vị',
    'Chức vụ',
    'Vai trò',
  ]);
  for (let i = 0; i < size; i++) {
    const a = agencies[Math.floor(random() * agencies.length)]!;
    const phone = `09${String(10_000_000 + i).slice(-8)}`;
    ws.addRow([
      i + 1,
      `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`,
      `bench.cb.${i}`,
      `cb${i}@cantho.gov.vn`,
      phone,
      a.code,
      a.name,
      pick(POSITIONS),
      pick(ROLES),
    ]);
  }
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  const generateSeconds = (performance.now() - t0) / 1000;

  const importOnce = async () => {
    const started = performance.now();
    const rows = await readOfficialsFile(bytes, 'can-bo-can-tho.xlsx');
    const readSeconds = (performance.now() - started) / 1000;
    const summary = await inTransaction(db, (tx) =>
      importOfficials(
        tx,
        { userId: admin.id, agencyId: city.id },
        { rows, fileName: 'can-bo-can-tho.xlsx', dryRun: false, deactivateMissing: false },
        { now: systemClock.now(), requestId: 'bench', progress: createProgress() },
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      seconds: round(seconds, 2),
      readSeconds: round(readSeconds, 2),
      rowsPerSecond: Math.round(size / seconds),
      created: summary.created,
      updated: summary.updated,
      unchanged: summary.unchanged,
    };
  };
  const first = await importOnce();
  const again = await importOnce();
  if (first.created !== size || again.created + again.updated !== 0)
    throw new Error(`unexpected import outcome ${JSON.stringify({ first, again })}`);

  await runSearches(); // warm-up at size
  const atSize = stats(await runSearches());
  const total = Number(
    (
      await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
    )?.n ?? 0,
  );
  await app.close();
  await database.close();
  writeResult(`officials-${database.kind}`, {
    database: database.kind,
    officials: size,
    agencies: agencies.length,
    file: { bytes: bytes.length, generateSeconds: round(generateSeconds, 2) },
    import: first,
    reimport: again,
    search: {
      queries: queries.length,
      baseline: { accounts: demoSize, ...baseline },
      atSize: { accounts: total, ...atSize },
      p50Ratio: round(atSize.p50Ms / baseline.p50Ms, 2),
      p99Ratio: round(atSize.p99Ms / baseline.p99Ms, 2),
    },
  });
}
