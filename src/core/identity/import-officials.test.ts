import { describe, expect, it } from 'vitest';
import {
  absentOfficials,
  type ExistingOfficial,
  type ImportContext,
  parseRoles,
  planOfficialsImport,
} from './import-officials.ts';

const HEADER = [
  'STT',
  'Họ và tên',
  'Tên đăng nhập',
  'Email',
  'Số điện thoại',
  'Mã đơn vị',
  'Tên đơn vị',
  'Chức vụ',
  'Vai trò',
];
const agencies = [
  { id: 'a1', code: 'H13.01', name: 'UBND phường Cái Khế' },
  { id: 'a2', code: 'H13.02', name: 'UBND phường Ninh Kiều' },
  { id: 'a3', code: 'H13.03', name: 'Bộ phận Một cửa' },
  { id: 'a4', code: 'H13.04', name: 'Bộ phận Một cửa' },
  { id: 'a9', code: 'H13.09', name: 'Sở Tư pháp' },
];
const existing = (u: Partial<ExistingOfficial> & { username: string }): ExistingOfficial => ({
  id: `id-${u.username}`,
  displayName: 'Nguyễn Văn An',
  agencyId: 'a1',
  roles: ['specialist'],
  active: true,
  email: null,
  phone: null,
  position: null,
  ...u,
});
function ctx(over: Partial<ImportContext> = {}): ImportContext {
  return {
    agencies,
    scope: new Set(['a1', 'a2', 'a3', 'a4']),
    existing: new Map(),
    canGrantMonitor: false,
    actorUserId: 'admin-id',
    ...over,
  };
}
const row = (...cells: string[]) => cells;

describe('planOfficialsImport', () => {
  it('reads an HR export after a title, matches agencies by code or exact name, normalises phones and roles', () => {
    const out = planOfficialsImport(
      [
        row('DANH SÁCH CÁN BỘ, CÔNG CHỨC'),
        [],
        HEADER,
        row('1', 'Nguyễn Văn An', 'an.nv', '', '0912 345 678', 'h13.01', '', 'Chuyên viên', ''),
        row(
          '2',
          'Trần Thị Bình',
          '',
          'Binh.TT@cantho.gov.vn',
          '',
          '',
          'UBND PHƯỜNG  Ninh Kiều',
          'Phó Chủ tịch',
          'Lãnh đạo, chuyên viên',
        ),
        row('', '', '', '', '', '', '', '', ''),
      ],
      ctx(),
    );
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.plan.create).toEqual([
      {
        rowNo: 4,
        username: 'an.nv',
        displayName: 'Nguyễn Văn An',
        email: null,
        phone: '0912345678',
        agencyId: 'a1',
        position: 'Chuyên viên',
        roles: null,
      },
      {
        rowNo: 5,
        username: 'binh.tt@cantho.gov.vn',
        displayName: 'Trần Thị Bình',
        email: 'binh.tt@cantho.gov.vn',
        phone: null,
        agencyId: 'a2',
        position: 'Phó Chủ tịch',
        roles: ['leader', 'specialist'],
      },
    ]);
    expect([...out.plan.agencyIds]).toEqual(['a1', 'a2']);
  });

  it('reports every bad row by row and column, in Vietnamese and English, and plans nothing', () => {
    const out = planOfficialsImport(
      [
        HEADER,
        row('1', 'Lê Văn Cường', 'cuong.lv', '', '', 'H13.99', '', '', ''),
        row('2', 'Phạm Thị Dung', 'dung.pt', '', '12345', 'H13.01', '', '', 'Thủ quỹ'),
        row('3', 'Phạm Thị Dung', 'DUNG.PT', '', '', 'H13.02', '', '', ''),
        row('4', 'Võ Văn Em', 'em.vv', '', '', '', 'Bộ phận Một cửa', '', ''),
        row('5', 'Hồ Thị Giang', 'giang.ht', '', '', 'H13.09', '', '', ''),
        row('6', '', 'x', '', '', 'H13.01', 'Sở Tư pháp', '', 'Giám sát'),
        row('7', 'Đỗ Văn Hải', 'hai.dv', '', '', 'H13.01', '', '', ''),
      ],
      ctx(),
    );
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.issues.map((i) => [i.path, i.code])).toEqual([
      ['file.rows.2.agencyCode', 'unknown_agency'],
      ['file.rows.3.phone', 'phone.format'],
      ['file.rows.3.roles', 'unknown_role'],
      ['file.rows.4.username', 'duplicate'],
      ['file.rows.5.agencyName', 'ambiguous_agency'],
      ['file.rows.6.agencyCode', 'agency_out_of_scope'],
      ['file.rows.7.displayName', 'required'],
      ['file.rows.7.username', 'invalid'],
      ['file.rows.7.agencyName', 'agency_mismatch'],
      ['file.rows.7.roles', 'role_not_grantable'],
    ]);
    const dup = out.issues.find((i) => i.code === 'duplicate')!;
    expect(dup.messageVi).toBe('Dòng 4, cột “Tên đăng nhập”: “dung.pt” trùng với dòng 3');
    expect(dup.message).toBe('row 4, column "username": "dung.pt" is also on row 3');
  });

  it('refuses a file without the header it needs, and one without officials', () => {
    const noHeader = planOfficialsImport([row('a', 'b'), row('c')], ctx());
    expect(!noHeader.ok && noHeader.issues[0]!.code).toBe('no_header');
    const noUser = planOfficialsImport([row('Họ và tên', 'Mã đơn vị')], ctx());
    expect(!noUser.ok && noUser.issues[0]!.code).toBe('no_username_column');
    const empty = planOfficialsImport([HEADER, []], ctx());
    expect(!empty.ok && empty.issues[0]!.code).toBe('no_rows');
  });

  it('updates what changed on existing accounts (agency, position, roles, reactivation), leaves the rest, and is idempotent', () => {
    const rows = [
      HEADER,
      row('1', 'Nguyễn Văn An', 'an.nv', '', '', 'H13.02', '', 'Trưởng phòng', 'Lãnh đạo'),
      row('2', 'Trần Thị Bình', 'binh.tt', '', '', 'H13.01', '', '', ''),
      row('3', 'Lý Văn Cần', 'can.lv', '', '', 'H13.01', '', '', ''),
    ];
    const before = new Map([
      ['an.nv', existing({ username: 'an.nv', position: 'Chuyên viên' })],
      ['binh.tt', existing({ username: 'binh.tt', displayName: 'Trần Thị Bình', roles: ['reception'] })],
      ['can.lv', existing({ username: 'can.lv', displayName: 'Lý Văn Cần', active: false })],
    ]);
    const out = planOfficialsImport(rows, ctx({ existing: before }));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.plan.create).toEqual([]);
    expect(out.plan.update.map((u) => [u.row.username, u.changes])).toEqual([
      ['an.nv', { position: 'Trưởng phòng', agencyId: 'a2', roles: ['leader'] }],
      ['can.lv', { active: true }],
    ]);
    expect(out.plan.unchanged.map((r) => r.username)).toEqual(['binh.tt']);
    // After the import, the same file changes nothing.
    const after = new Map([
      ['an.nv', existing({ username: 'an.nv', position: 'Trưởng phòng', agencyId: 'a2', roles: ['leader'] })],
      ['binh.tt', before.get('binh.tt')!],
      ['can.lv', existing({ username: 'can.lv', displayName: 'Lý Văn Cần' })],
    ]);
    const again = planOfficialsImport(rows, ctx({ existing: after }));
    expect(again.ok && again.plan.update.length + again.plan.create.length).toBe(0);
  });

  it('refuses taking over an account of an agency outside the scope, and an administrator dropping their own admin role', () => {
    const out = planOfficialsImport(
      [
        HEADER,
        row('1', 'Sở', 'tp.user', '', '', 'H13.01', '', '', ''),
        row('2', 'Me', 'quantri.me', '', '', 'H13.01', '', '', 'Chuyên viên'),
      ],
      ctx({
        existing: new Map([
          ['tp.user', existing({ username: 'tp.user', agencyId: 'a9' })],
          ['quantri.me', existing({ id: 'admin-id', username: 'quantri.me', roles: ['admin'] })],
        ]),
      }),
    );
    expect(!out.ok && out.issues.map((i) => [i.path, i.code])).toEqual([
      ['file.rows.2.username', 'username_taken'],
      ['file.rows.3.roles', 'self_lockout'],
    ]);
  });

  it('lists, for a full re-import, the active officials of the listed agencies the file leaves out, never the administrator', () => {
    const out = planOfficialsImport([HEADER, row('1', 'An', 'an.nv', '', '', 'H13.01', '', '', '')], ctx());
    if (!out.ok) throw new Error('expected a plan');
    const absent = absentOfficials(
      out.plan,
      [
        { id: '1', username: 'an.nv', agencyId: 'a1' },
        { id: '2', username: 'left.agency', agencyId: 'a1' },
        { id: 'admin-id', username: 'admin', agencyId: 'a1' },
        { id: '3', username: 'other.agency', agencyId: 'a2' },
      ],
      'admin-id',
    );
    expect(absent.map((u) => u.username)).toEqual(['left.agency']);
  });
});

describe('parseRoles', () => {
  it('reads Vietnamese role names with or without marks and role codes, once each', () => {
    expect(parseRoles('Tiếp nhận; lanh dao, LEADER / Quản trị')).toEqual({
      roles: ['reception', 'leader', 'admin'],
      unknown: [],
    });
    expect(parseRoles('Kế toán, chuyên viên')).toEqual({ roles: ['specialist'], unknown: ['Kế toán'] });
  });
});
