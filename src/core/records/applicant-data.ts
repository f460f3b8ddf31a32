import { z } from 'zod';
import { IsoDate } from '../calendar/index.ts';
import { checkPersonalId, checkTaxCode, normalizePhone } from '../vn/index.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * A Vietnamese phone number, normalised to E.164 (`+84…`) by `normalizePhone`; an unusable number is an
 * issue whose `params.code` is the phone problem (`phone.format`, …).
 */
export const PhoneNumber = z.string().transform((s, ctx) => {
  const r = normalizePhone(s);
  if (r.ok) return r.e164;
  ctx.addIssue({ code: 'custom', message: r.message_en, params: { code: r.code, vi: r.message_vi } });
  return z.NEVER;
});

/** A tax code checked with its mod-11 digit (DOMAIN.md §8.2), kept in its normalised form. */
export const TaxCode = z.string().transform((s, ctx) => {
  const r = checkTaxCode(s);
  if (r.valid && r.normalized) return r.normalized;
  for (const e of r.errors) {
    ctx.addIssue({ code: 'custom', message: e.message_en, params: { code: e.code, vi: e.message_vi } });
  }
  return z.NEVER;
});

/**
 * The person authorised to submit for the applicant (người được ủy quyền), with the authorisation document
 * (văn bản ủy quyền), printed on the receipt (DOMAIN.md §3.2, form 01).
 */
export const Representative = z
  .object({
    fullName: text(200),
    personalId: z
      .string()
      .transform((s) => s.replace(/\s+/g, ''))
      .optional(),
    phone: PhoneNumber.optional(),
    email: z.email().optional(),
    address: text(500).optional(),
    authorization: text(300),
  })
  .superRefine((r, ctx) => {
    if (r.personalId === undefined) return;
    for (const e of checkPersonalId(r.personalId).errors) {
      ctx.addIssue({
        code: 'custom',
        path: ['personalId'],
        message: e.message_en,
        params: { code: e.code, vi: e.message_vi },
      });
    }
  });
/** The person authorised to submit for the applicant. */
export type Representative = z.infer<typeof Representative>;

/**
 * Who applies: a citizen or an organisation. The personal identification number is checked against the
 * declared birth date and sex (Law on Identification 2023 art. 12, DOMAIN.md §8.1); a contradiction is an
 * issue on `personalId` whose `params.code` is the check's code (`personal_id.format`, …).
 */
export const ApplicantData = z
  .object({
    kind: z.enum(['citizen', 'organization']),
    fullName: text(200),
    personalId: z
      .string()
      .transform((s) => s.replace(/\s+/g, ''))
      .optional(),
    birthDate: IsoDate.optional(),
    sex: z.enum(['male', 'female']).optional(),
    taxCode: TaxCode.optional(),
    phone: PhoneNumber.optional(),
    email: z.email().optional(),
    address: text(500).optional(),
    /** Who submitted for the applicant, when someone did under an authorisation. */
    representative: Representative.optional(),
    /**
     * How the applicant wants to hear about the record (issue 18): e-mail, SMS and/or Zalo, each needing its
     * contact (e-mail, phone). Absent: e-mail when an address is given, SMS when a phone is given.
     */
    notifyBy: z
      .array(z.enum(['email', 'sms', 'zalo']))
      .max(3)
      .optional(),
    /** The language of those messages (default Vietnamese). */
    language: z.enum(['vi', 'en']).optional(),
  })
  .superRefine((a, ctx) => {
    for (const channel of a.notifyBy ?? []) {
      const missing = channel === 'email' ? a.email === undefined : a.phone === undefined;
      if (!missing) continue;
      const field = channel === 'email' ? 'email' : 'phone';
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `required to be notified by ${channel}`,
        params: {
          code: 'notify.contact_missing',
          vi:
            channel === 'email'
              ? 'Cần địa chỉ thư điện tử để nhận thông báo qua thư điện tử'
              : `Cần số điện thoại để nhận thông báo qua ${channel === 'sms' ? 'tin nhắn SMS' : 'Zalo'}`,
        },
      });
    }
    if (a.personalId === undefined) return;
    const known = { ...(a.birthDate ? { birthDate: a.birthDate } : {}), ...(a.sex ? { sex: a.sex } : {}) };
    for (const e of checkPersonalId(a.personalId, known).errors) {
      ctx.addIssue({
        code: 'custom',
        path: ['personalId'],
        message: e.message_en,
        params: { code: e.code, vi: e.message_vi },
      });
    }
  });
/** Who applies. */
export type ApplicantData = z.infer<typeof ApplicantData>;

/** A commune or ward by its GSO code (5 digits since the 2025 reform, e.g. 31135 phường Ninh Kiều). */
const UnitCode = z.string().regex(/^\d{5}$/, 'expected a 5-digit commune code');

/**
 * The facts routing reads (Decree 118/2025 art. 14, DOMAIN.md §2.7): where the applicant lives, where the
 * land parcel or the business lies, which commune certified an earlier transaction, and, for procedures
 * decided at city or commune level case by case, the level the reception officer chose.
 */
export const RoutingFacts = z.object({
  residenceUnitCode: UnitCode.optional(),
  landParcelUnitCode: UnitCode.optional(),
  businessUnitCode: UnitCode.optional(),
  originalUnitCode: UnitCode.optional(),
  level: z.enum(['city', 'commune']).optional(),
});
/** The facts routing reads. */
export type RoutingFacts = z.infer<typeof RoutingFacts>;
