import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, parseCommand } from './commands.ts';
import { CODES, citizen } from './test-fixtures.ts';

const opening = (applicant: Record<string, unknown>) => ({
  type: 'receive',
  checklist: [],
  opening: { procedureVersionId: `${CODES.landCorrection}@1`, channel: 'in_person', applicant },
});

describe('parseCommand', () => {
  it('normalises the applicant’s personal ID and phone number', () => {
    const r = parseCommand(opening(citizen));
    expect(r.ok).toBe(true);
    if (r.ok && r.value.type === 'receive') {
      expect(r.value.opening?.applicant).toMatchObject({ personalId: '092085001234', phone: '+84912345678' });
      expect(r.value.opening?.routing).toEqual({});
    }
  });

  it('names the field of a personal ID that contradicts the declared birth year', () => {
    const r = parseCommand(opening({ ...citizen, birthDate: '1990-01-01' }));
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'request.invalid',
        issues: [{ path: 'opening.applicant.personalId', code: 'personal_id.birth_year_mismatch' }],
      },
    });
  });

  it('names the field of a personal ID that is not 12 digits, with the Vietnamese message', () => {
    const r = parseCommand(opening({ ...citizen, personalId: '09208500123' }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.issues).toEqual([
        expect.objectContaining({
          path: 'opening.applicant.personalId',
          code: 'personal_id.format',
          messageVi: 'Số định danh cá nhân phải gồm đúng 12 chữ số',
        }),
      ]);
    }
  });

  it('names the field of a phone number that is not Vietnamese', () => {
    const r = parseCommand({
      type: 'create_draft',
      procedureVersionId: 'v1',
      receivingAgencyId: '31135-ttpvhcc',
      applicant: { ...citizen, phone: '+1 415 555 0100' },
    });
    expect(r).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'applicant.phone', code: 'phone.foreign' }] },
    });
  });

  it('checks an organisation’s tax code digit', () => {
    const r = parseCommand(
      opening({ kind: 'organization', fullName: 'Công ty TNHH A', taxCode: '0100109105' }),
    );
    expect(r).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'opening.applicant.taxCode', code: 'tax_code.check_digit' }] },
    });
  });

  it('requires reasons for refusals and rejections', () => {
    expect(parseCommand({ type: 'refuse', reasons: [] })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'reasons' }] },
    });
    expect(parseCommand({ type: 'reject', reasons: ['  '] }).ok).toBe(false);
  });

  it('rejects an unknown action', () => {
    expect(parseCommand({ type: 'approve_everything' })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'type' }] },
    });
  });

  it('lists every action once', () => {
    expect(new Set(ACTION_NAMES).size).toBe(ACTION_NAMES.length);
    expect(ACTION_NAMES).toHaveLength(21);
  });
});
