import type { FieldIssue } from '../errors/index.ts';
import { normalizePhone } from '../vn/index.ts';
import { normalizeSearchText } from '../vn/text.ts';

/**
 * Reading a city's HR export of officials (danh sách cán bộ, công chức) and planning its import. Pure: the
 * caller reads the .xlsx or CSV file into rows of cell texts and loads the agencies and the accounts the
 * file names; this module decides, row by row, what is wrong or what would change.
 *
 * The shape of an HR export: maybe a title, then a header row with "STT", "Họ và tên", "Tên đăng nhập"
 * and/or "Email", "Số điện thoại", "Mã đơn vị" and/or "Tên đơn vị", "Chức vụ", optionally "Vai trò";
 * then one row per official.
 */

export type OfficialRole = 'reception' | 'specialist' | 'leader' | 'monitor' | 'admin';

/** The columns the reader knows, by the code used in issue paths (`file.rows.<row>.<column>`). */
export type OfficialColumn =
  | 'displayName'
  | 'username'
  | 'email'
  | 'phone'
  | 'agencyCode'
  | 'agencyName'
  | 'position'
  | 'roles';

/** Header texts (normalised: lower case, no marks) recognised for each column. */
const HEADERS: Record<OfficialColumn, readonly string[]> = {
  displayName: ['ho va ten', 'ho ten', 'ten can bo', 'full name', 'name'],
  username: ['ten dang nhap', 'tai khoan', 'username', 'login'],
  email: ['email', 'e mail', 'thu dien tu', 'dia chi email'],
  phone: ['so dien thoai', 'dien thoai', 'sdt', 'so dt', 'phone'],
  agencyCode: ['ma don vi', 'ma co quan', 'ma dinh danh don vi', 'agency code'],
  agencyName: ['ten don vi', 'don vi', 'co quan', 'don vi cong tac', 'agency', 'agency name'],
  position: ['chuc vu', 'position'],
  roles: ['vai tro', 'role', 'roles'],
};

/** The header a user sees for a column in an issue (Vietnamese, English). */
const COLUMN_LABEL: Record<OfficialColumn, readonly [string, string]> = {
  displayName: ['Họ và tên', 'full name'],
  username: ['Tên đăng nhập', 'username'],
  email: ['Email', 'e-mail'],
  phone: ['Số điện thoại', 'phone number'],
  agencyCode: ['Mã đơn vị', 'agency code'],
  agencyName: ['Tên đơn vị', 'agency name'],
  position: ['Chức vụ', 'position'],
  roles: ['Vai trò', 'roles'],
};

/** Role names an HR export or an administrator writes, normalised, to the role codes. */
const ROLE_WORDS: Record<string, OfficialRole> = {
  'tiep nhan': 'reception',
  'mot cua': 'reception',
  reception: 'reception',
  'chuyen vien': 'specialist',
  'xu ly': 'specialist',
  specialist: 'specialist',
  'lanh dao': 'leader',
  leader: 'leader',
  'giam sat': 'monitor',
  monitor: 'monitor',
  'quan tri': 'admin',
  admin: 'admin',
};

const HEADER_SCAN_ROWS = 20;
const USERNAME = /^[a-z0-9._@-]{3,64}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One official as the file says, checked; `agencyId` resolved from the real agencies. */
export interface OfficialRow {
  /** The sheet row, 1-based, as a spreadsheet numbers it. */
  readonly rowNo: number;
  readonly username: string;
  readonly displayName: string;
  readonly email: string | null;
  /** The national form (0…) of the number. */
  readonly phone: string | null;
  readonly agencyId: string;
  readonly position: string | null;
  /** null when the file has no roles for the row (a new account then gets `specialist`, an existing one keeps its roles). */
  readonly roles: readonly OfficialRole[] | null;
}

/** An agency an import may name: its id, its code and its name, as in the database. */
export interface ImportAgency {
  readonly id: string;
  readonly code: string;
  readonly name: string;
}

/** An existing account the file names (by username), as stored. */
export interface ExistingOfficial {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly agencyId: string;
  readonly roles: readonly string[];
  readonly active: boolean;
  readonly email: string | null;
  readonly phone: string | null;
  readonly position: string | null;
}

export interface ImportContext {
  /** Every agency of the city (an agency the file names must be one of them; none is ever invented). */
  readonly agencies: readonly ImportAgency[];
  /** The agencies the administrator manages (their own and those under it). */
  readonly scope: ReadonlySet<string>;
  /** The existing accounts among the file's usernames, by username. */
  readonly existing: ReadonlyMap<string, ExistingOfficial>;
  /** Only a city-level administrator grants the monitor role. */
  readonly canGrantMonitor: boolean;
  /** The administrator importing (they cannot take their own admin role away). */
  readonly actorUserId: string;
}

/** What one row changes on an existing account: the fields and their new values. */
export interface OfficialUpdate {
  readonly row: OfficialRow;
  readonly before: ExistingOfficial;
  readonly changes: Partial<{
    displayName: string;
    email: string | null;
    phone: string | null;
    position: string | null;
    agencyId: string;
    roles: OfficialRole[];
    active: true;
  }>;
}

export interface ImportPlan {
  readonly rows: number;
  readonly create: readonly OfficialRow[];
  readonly update: readonly OfficialUpdate[];
  readonly unchanged: readonly OfficialRow[];
  /** The agencies the file lists officials of (a full re-import of each may deactivate the others). */
  readonly agencyIds: ReadonlySet<string>;
}

export type ImportOutcome =
  | { readonly ok: true; readonly plan: ImportPlan }
  | { readonly ok: false; readonly issues: FieldIssue[] };

const norm = (s: string | undefined) => normalizeSearchText(s ?? '');
/** Exact name, ignoring case, Unicode form and spacing (marks count: "Hòa" and "Hoà" differ only in form). */
const nameKey = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

function rowIssue(
  rowNo: number,
  column: OfficialColumn | null,
  code: string,
  en: string,
  vi: string,
): FieldIssue {
  if (column === null)
    return {
      path: `file.rows.${rowNo}`,
      code,
      message: `row ${rowNo}: ${en}`,
      messageVi: `Dòng ${rowNo}: ${vi}`,
    };
  const [labelVi, labelEn] = COLUMN_LABEL[column];
  return {
    path: `file.rows.${rowNo}.${column}`,
    code,
    message: `row ${rowNo}, column "${labelEn}": ${en}`,
    messageVi: `Dòng ${rowNo}, cột “${labelVi}”: ${vi}`,
  };
}

/** Finds the header row and the column of each known header. */
function findHeader(
  rows: readonly (readonly string[])[],
): { index: number; cols: Partial<Record<OfficialColumn, number>> } | null {
  for (let i = 0; i < Math.min(rows.length, HEADER_SCAN_ROWS); i++) {
    const cells = rows[i]!.map(norm);
    const cols: Partial<Record<OfficialColumn, number>> = {};
    for (const [column, names] of Object.entries(HEADERS) as [OfficialColumn, readonly string[]][]) {
      const at = cells.findIndex((c) => names.includes(c));
      if (at >= 0) cols[column] = at;
    }
    if (cols.displayName !== undefined && (cols.agencyCode !== undefined || cols.agencyName !== undefined))
      return { index: i, cols };
  }
  return null;
}

/**
 * Parses a roles cell ("Chuyên viên, Lãnh đạo", "leader;admin"): the role codes, or the words not
 * understood.
 */
export function parseRoles(cell: string): { roles: OfficialRole[]; unknown: string[] } {
  const roles: OfficialRole[] = [];
  const unknown: string[] = [];
  for (const part of cell.split(/[,;/\n]+/)) {
    const word = part.trim();
    if (!word) continue;
    const role = ROLE_WORDS[norm(word)];
    if (role) {
      if (!roles.includes(role)) roles.push(role);
    } else unknown.push(word);
  }
  return { roles, unknown };
}

/**
 * Checks every row of an HR export against the real agencies and the existing accounts, and plans the import:
 * the accounts to create, those to update (what changes), those unchanged. Nothing is planned when any row
 * is wrong: every problem is reported by row and column (`file.rows.<row>.<column>`, in Vietnamese and
 * English), so the file can be fixed in one go.
 *
 * Rules: a row needs a name, a username (or an e-mail, which is then the username) and an agency by code
 * ("Mã đơn vị") or exact name ("Tên đơn vị"; a name two agencies share must be given by code); the agency
 * must be one the administrator manages; a username or an e-mail twice in the file is a duplicate (the
 * later row is reported, naming the first); an existing username of an agency the administrator does not
 * manage is refused; roles are optional ("Tiếp nhận", "Chuyên viên", "Lãnh đạo", "Giám sát", "Quản trị"
 * or their codes), the monitor role only from a city-level administrator; a listed account that was
 * deactivated is activated again (the export lists who works there now).
 */
export function planOfficialsImport(rows: readonly (readonly string[])[], ctx: ImportContext): ImportOutcome {
  const header = findHeader(rows);
  if (!header)
    return {
      ok: false,
      issues: [
        {
          path: 'file',
          code: 'no_header',
          message: 'no header row with "Họ và tên" and "Mã đơn vị" or "Tên đơn vị" in the first 20 rows',
          messageVi:
            'Không tìm thấy dòng tiêu đề có cột “Họ và tên” và “Mã đơn vị” hoặc “Tên đơn vị” trong 20 dòng đầu',
        },
      ],
    };
  const { cols } = header;
  if (cols.username === undefined && cols.email === undefined)
    return {
      ok: false,
      issues: [
        {
          path: 'file',
          code: 'no_username_column',
          message: 'the header has neither "Tên đăng nhập" nor "Email"',
          messageVi: 'Dòng tiêu đề không có cột “Tên đăng nhập” hoặc “Email”',
        },
      ],
    };
  const byCode = new Map(ctx.agencies.map((a) => [a.code.trim().toUpperCase(), a]));
  const byName = new Map<string, ImportAgency[]>();
  for (const a of ctx.agencies) byName.set(nameKey(a.name), [...(byName.get(nameKey(a.name)) ?? []), a]);

  const issues: FieldIssue[] = [];
  const parsed: OfficialRow[] = [];
  const usernameRow = new Map<string, number>();
  const emailRow = new Map<string, number>();
  let count = 0;
  for (let i = header.index + 1; i < rows.length; i++) {
    const row = rows[i]!;
    const cell = (c: OfficialColumn) => {
      const at = cols[c];
      return at === undefined ? '' : (row[at] ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
    };
    if (row.every((c) => (c ?? '').trim() === '')) continue;
    const rowNo = i + 1;
    count++;
    const before = issues.length;
    const displayName = cell('displayName');
    if (!displayName)
      issues.push(rowIssue(rowNo, 'displayName', 'required', 'the name is missing', 'thiếu họ và tên'));
    else if (displayName.length > 200)
      issues.push(
        rowIssue(rowNo, 'displayName', 'too_long', 'longer than 200 characters', 'dài quá 200 ký tự'),
      );

    const emailCell = cell('email').toLowerCase();
    const email = emailCell === '' ? null : emailCell;
    if (email && !EMAIL.test(email))
      issues.push(
        rowIssue(
          rowNo,
          'email',
          'invalid',
          `"${email}" is not an e-mail address`,
          `“${email}” không phải địa chỉ email`,
        ),
      );
    const username = (cell('username') || (email ?? '')).toLowerCase();
    const usernameColumn: OfficialColumn = cols.username !== undefined ? 'username' : 'email';
    if (!username)
      issues.push(
        rowIssue(
          rowNo,
          usernameColumn,
          'required',
          'the username (or e-mail) is missing',
          'thiếu tên đăng nhập (hoặc email)',
        ),
      );
    else if (!USERNAME.test(username))
      issues.push(
        rowIssue(
          rowNo,
          usernameColumn,
          'invalid',
          `"${username}" is not a valid username (3 to 64 letters, digits, dot, dash, underscore or @)`,
          `“${username}” không phải tên đăng nhập hợp lệ (3–64 chữ cái không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới hoặc @)`,
        ),
      );
    else {
      const first = usernameRow.get(username);
      if (first !== undefined)
        issues.push(
          rowIssue(
            rowNo,
            usernameColumn,
            'duplicate',
            `"${username}" is also on row ${first}`,
            `“${username}” trùng với dòng ${first}`,
          ),
        );
      else usernameRow.set(username, rowNo);
    }
    if (email) {
      const first = emailRow.get(email);
      if (first !== undefined && usernameColumn !== 'email')
        issues.push(
          rowIssue(
            rowNo,
            'email',
            'duplicate',
            `"${email}" is also on row ${first}`,
            `“${email}” trùng với dòng ${first}`,
          ),
        );
      else if (first === undefined) emailRow.set(email, rowNo);
    }

    const phoneCell = cell('phone');
    let phone: string | null = null;
    if (phoneCell) {
      const p = normalizePhone(phoneCell);
      if (p.ok) phone = p.national;
      else issues.push(rowIssue(rowNo, 'phone', p.code, p.message_en, p.message_vi));
    }

    const code = cell('agencyCode');
    const agencyName = cell('agencyName');
    let agency: ImportAgency | undefined;
    if (code) {
      agency = byCode.get(code.toUpperCase());
      if (!agency)
        issues.push(
          rowIssue(
            rowNo,
            'agencyCode',
            'unknown_agency',
            `no agency has the code "${code}"`,
            `không có đơn vị nào mã “${code}”`,
          ),
        );
      else if (agencyName && nameKey(agencyName) !== nameKey(agency.name))
        issues.push(
          rowIssue(
            rowNo,
            'agencyName',
            'agency_mismatch',
            `the code "${code}" is "${agency.name}", not "${agencyName}"`,
            `mã “${code}” là của “${agency.name}”, không phải “${agencyName}”`,
          ),
        );
    } else if (agencyName) {
      const found = byName.get(nameKey(agencyName)) ?? [];
      if (found.length === 1) agency = found[0];
      else if (found.length === 0)
        issues.push(
          rowIssue(
            rowNo,
            'agencyName',
            'unknown_agency',
            `no agency is named "${agencyName}"`,
            `không có đơn vị nào tên “${agencyName}”`,
          ),
        );
      else
        issues.push(
          rowIssue(
            rowNo,
            'agencyName',
            'ambiguous_agency',
            `${found.length} agencies are named "${agencyName}": give the agency code`,
            `có ${found.length} đơn vị cùng tên “${agencyName}”: cần ghi mã đơn vị`,
          ),
        );
    } else
      issues.push(
        rowIssue(
          rowNo,
          cols.agencyCode !== undefined ? 'agencyCode' : 'agencyName',
          'required',
          'the agency is missing',
          'thiếu đơn vị',
        ),
      );
    const agencyColumn: OfficialColumn = code ? 'agencyCode' : 'agencyName';
    if (agency && !ctx.scope.has(agency.id))
      issues.push(
        rowIssue(
          rowNo,
          agencyColumn,
          'agency_out_of_scope',
          `"${agency.name}" is not an agency you manage`,
          `“${agency.name}” không thuộc phạm vi bạn quản trị`,
        ),
      );

    const position = cell('position') || null;
    if (position && position.length > 200)
      issues.push(rowIssue(rowNo, 'position', 'too_long', 'longer than 200 characters', 'dài quá 200 ký tự'));

    let roles: OfficialRole[] | null = null;
    const rolesCell = cell('roles');
    if (rolesCell) {
      const r = parseRoles(rolesCell);
      if (r.unknown.length)
        issues.push(
          rowIssue(
            rowNo,
            'roles',
            'unknown_role',
            `unknown role ${r.unknown.map((w) => `"${w}"`).join(', ')} (Tiếp nhận, Chuyên viên, Lãnh đạo, Giám sát, Quản trị)`,
            `không có vai trò ${r.unknown.map((w) => `“${w}”`).join(', ')} (Tiếp nhận, Chuyên viên, Lãnh đạo, Giám sát, Quản trị)`,
          ),
        );
      else if (r.roles.includes('monitor') && !ctx.canGrantMonitor)
        issues.push(
          rowIssue(
            rowNo,
            'roles',
            'role_not_grantable',
            'only a city-level administrator grants the monitor role',
            'chỉ quản trị cấp thành phố được cấp vai trò Giám sát',
          ),
        );
      roles = r.roles;
    }

    const existing = username ? ctx.existing.get(username) : undefined;
    if (existing && !ctx.scope.has(existing.agencyId))
      issues.push(
        rowIssue(
          rowNo,
          usernameColumn,
          'username_taken',
          `"${username}" belongs to an account of an agency you do not manage`,
          `“${username}” là tài khoản của đơn vị ngoài phạm vi bạn quản trị`,
        ),
      );
    if (existing && existing.id === ctx.actorUserId && roles && !roles.includes('admin'))
      issues.push(
        rowIssue(
          rowNo,
          'roles',
          'self_lockout',
          'you cannot take your own admin role away',
          'không thể tự bỏ vai trò Quản trị của chính mình',
        ),
      );
    if (issues.length === before && agency)
      parsed.push({ rowNo, username, displayName, email, phone, agencyId: agency.id, position, roles });
  }
  if (count === 0)
    issues.push({
      path: 'file',
      code: 'no_rows',
      message: 'the file lists no officials',
      messageVi: 'Tệp không có dòng cán bộ nào',
    });
  if (issues.length) return { ok: false, issues };

  const create: OfficialRow[] = [];
  const update: OfficialUpdate[] = [];
  const unchanged: OfficialRow[] = [];
  for (const row of parsed) {
    const before = ctx.existing.get(row.username);
    if (!before) {
      create.push(row);
      continue;
    }
    const changes: Record<string, unknown> = {};
    if (row.displayName !== before.displayName) changes.displayName = row.displayName;
    if (row.email !== before.email) changes.email = row.email;
    if (row.phone !== before.phone) changes.phone = row.phone;
    if (row.position !== before.position) changes.position = row.position;
    if (row.agencyId !== before.agencyId) changes.agencyId = row.agencyId;
    if (row.roles && [...row.roles].sort().join(',') !== [...before.roles].sort().join(','))
      changes.roles = [...row.roles];
    if (!before.active) changes.active = true;
    if (Object.keys(changes).length)
      update.push({ row, before, changes: changes as OfficialUpdate['changes'] });
    else unchanged.push(row);
  }
  return {
    ok: true,
    plan: {
      rows: parsed.length,
      create,
      update,
      unchanged,
      agencyIds: new Set(parsed.map((r) => r.agencyId)),
    },
  };
}

/** The usernames a file lists (its username cells, or e-mail cells where there is no username), lower case. */
export function listedUsernames(rows: readonly (readonly string[])[]): string[] {
  const header = findHeader(rows);
  if (!header) return [];
  const { username, email } = header.cols;
  const out: string[] = [];
  for (let i = header.index + 1; i < rows.length; i++) {
    const row = rows[i]!;
    const value = (
      (username !== undefined ? row[username] : '') ||
      (email !== undefined ? row[email] : '') ||
      ''
    )
      .trim()
      .toLowerCase();
    if (value) out.push(value);
  }
  return out;
}

/**
 * For a full re-import of agencies (the administrator asked for it): the active accounts of the agencies the
 * file lists that the file does not name (they left), never the administrator themselves.
 */
export function absentOfficials<T extends { id: string; username: string; agencyId: string }>(
  plan: ImportPlan,
  activeOfAgencies: readonly T[],
  actorUserId: string,
): T[] {
  const listed = new Set(
    [...plan.create, ...plan.update.map((u) => u.row), ...plan.unchanged].map((r) => r.username),
  );
  return activeOfAgencies.filter(
    (u) => plan.agencyIds.has(u.agencyId) && !listed.has(u.username) && u.id !== actorUserId,
  );
}
