import { z } from 'zod';
import { type RunningFake, serveFake } from '../connector-fake-http.ts';
import type { Faults } from '../connector-faults.ts';
import { FakeCivilStatus, type FakeCivilStatusOptions } from './fake.ts';

const Handover = z.object({ maHoSo: z.string().min(1), maTTHC: z.string().min(1) });

export interface RunningFakeCivilStatus extends RunningFake {
  readonly system: FakeCivilStatus;
}

/**
 * The fake civil-status system as an HTTP server (`motcua fake-civil-status`, the tests, and `npm start`
 * without MOTCUA_CIVIL_STATUS_URL): the API of {@link hotichAdapter}, plus `GET /_fake/log` (what it holds,
 * with how many handovers of each record arrived) and `POST /_fake/register {maHoSo}`.
 */
export async function startFakeCivilStatus(
  o: FakeCivilStatusOptions & { port?: number; host?: string; faults?: Faults } = {},
): Promise<RunningFakeCivilStatus> {
  const system = new FakeCivilStatus(o);
  const running = await serveFake({
    name: 'civil status',
    port: o.port,
    host: o.host,
    faults: o.faults,
    route: (req, fault) => {
      if (fault === 'garbled') return { status: 200, body: { ok: true, data: 'unexpected' } };
      if (req.method === 'POST' && req.path === '/api/hoso') {
        const h = Handover.safeParse(req.body);
        if (!h.success) return { status: 400, body: { error: 'maHoSo and maTTHC are required' } };
        const { record, duplicate } = system.receive(h.data);
        return { status: 200, body: { id: record.id, maHoSo: record.maHoSo, trungLap: duplicate } };
      }
      if (req.method === 'GET' && req.path === '/api/ketqua') {
        const since = new Date(req.query.get('tu') ?? 0);
        const limit = Math.min(500, Number(req.query.get('gioiHan') ?? 100) || 100);
        const items = system.resultsSince(Number.isNaN(since.getTime()) ? new Date(0) : since, limit);
        return {
          status: 200,
          body: { ketQua: fault === 'duplicate' ? items.flatMap((i) => [i, i]) : items },
        };
      }
      const one = /^\/api\/hoso\/([^/]+)$/.exec(req.path);
      if (req.method === 'GET' && one) {
        const record = system.records.get(decodeURIComponent(one[1] ?? ''));
        if (!record) return { status: 404, body: { error: 'không tìm thấy hồ sơ' } };
        return {
          status: 200,
          body: {
            maHoSo: record.maHoSo,
            trangThai: record.result ? 'DA_DANG_KY' : 'DA_TIEP_NHAN',
            ketQua: record.result,
          },
        };
      }
      return { status: 404, body: { error: 'not found' } };
    },
    control: (req) => {
      if (req.method === 'GET' && req.path === '/_fake/log') {
        return { status: 200, body: { records: [...system.records.values()] } };
      }
      if (req.method === 'POST' && req.path === '/_fake/register') {
        const code = z.object({ maHoSo: z.string().min(1) }).safeParse(req.body);
        if (!code.success || !system.records.has(code.data.maHoSo)) return { status: 404, body: null };
        return { status: 200, body: system.register(code.data.maHoSo) };
      }
      return { status: 404, body: null };
    },
  });
  return {
    ...running,
    system,
    close: async () => {
      system.stop();
      await running.close();
    },
  };
}
