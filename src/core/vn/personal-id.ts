import type { Issue } from './issue.ts';

/**
 * Province and centrally-run-city codes (PPP) of the 12-digit personal identification number, the 63
 * pre-2025 provinces. Code table citing Circular 07/2016/TT-BCA (replaced by Circular 59/2021/TT-BCA)
 * [S], DOMAIN.md §8.1. Numbers issued before the 2025 mergers keep their codes (Cần Thơ 092, Hậu Giang
 * 093, Sóc Trăng 094 are all Cần Thơ now).
 */
export const PERSONAL_ID_PROVINCES: Readonly<Record<string, string>> = {
  '001': 'Hà Nội',
  '002': 'Hà Giang',
  '004': 'Cao Bằng',
  '006': 'Bắc Kạn',
  '008': 'Tuyên Quang',
  '010': 'Lào Cai',
  '011': 'Điện Biên',
  '012': 'Lai Châu',
  '014': 'Sơn La',
  '015': 'Yên Bái',
  '017': 'Hòa Bình',
  '019': 'Thái Nguyên',
  '020': 'Lạng Sơn',
  '022': 'Quảng Ninh',
  '024': 'Bắc Giang',
  '025': 'Phú Thọ',
  '026': 'Vĩnh Phúc',
  '027': 'Bắc Ninh',
  '030': 'Hải Dương',
  '031': 'Hải Phòng',
  '033': 'Hưng Yên',
  '034': 'Thái Bình',
  '035': 'Hà Nam',
  '036': 'Nam Định',
  '037': 'Ninh Bình',
  '038': 'Thanh Hóa',
  '040': 'Nghệ An',
  '042': 'Hà Tĩnh',
  '044': 'Quảng Bình',
  '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế',
  '048': 'Đà Nẵng',
  '049': 'Quảng Nam',
  '051': 'Quảng Ngãi',
  '052': 'Bình Định',
  '054': 'Phú Yên',
  '056': 'Khánh Hòa',
  '058': 'Ninh Thuận',
  '060': 'Bình Thuận',
  '062': 'Kon Tum',
  '064': 'Gia Lai',
  '066': 'Đắk Lắk',
  '067': 'Đắk Nông',
  '068': 'Lâm Đồng',
  '070': 'Bình Phước',
  '072': 'Tây Ninh',
  '074': 'Bình Dương',
  '075': 'Đồng Nai',
  '077': 'Bà Rịa–Vũng Tàu',
  '079': 'TP. Hồ Chí Minh',
  '080': 'Long An',
  '082': 'Tiền Giang',
  '083': 'Bến Tre',
  '084': 'Trà Vinh',
  '086': 'Vĩnh Long',
  '087': 'Đồng Tháp',
  '089': 'An Giang',
  '091': 'Kiên Giang',
  '092': 'Cần Thơ',
  '093': 'Hậu Giang',
  '094': 'Sóc Trăng',
  '095': 'Bạc Liêu',
  '096': 'Cà Mau',
};

/** What the digits of a well-formed personal identification number say. */
export interface PersonalIdParts {
  /** PPP: province of birth registration, or a country code when registered abroad. */
  readonly placeCode: string;
  /** From {@link PERSONAL_ID_PROVINCES}; absent for codes outside the table. */
  readonly placeName?: string;
  readonly sex: 'male' | 'female';
  /** 20 for 1900–1999, 21 for 2000–2099, … 24 for 2300–2399. */
  readonly century: number;
  readonly birthYear: number;
}

/** Result of {@link checkPersonalId}: `valid` is false exactly when `errors` is not empty. */
export interface PersonalIdCheck {
  readonly valid: boolean;
  readonly errors: Issue[];
  readonly warnings: Issue[];
  /** Present whenever the input has 12 digits, even if it contradicts the known data. */
  readonly parsed?: PersonalIdParts;
}

/** Facts about the holder from elsewhere (the form, the population database) to check the number against. */
export interface PersonalIdKnown {
  /** `YYYY-MM-DD`. */
  readonly birthDate?: string;
  readonly sex?: 'male' | 'female';
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function issue(code: string, message_vi: string, message_en: string): Issue {
  return { code, message_vi, message_en };
}

function yearOf(isoDate: string | undefined): number | undefined {
  const m = isoDate === undefined ? null : ISO_DATE.exec(isoDate);
  return m ? Number(m[1]) : undefined;
}

/**
 * Checks a personal identification number (số định danh cá nhân, also the Căn cước number): 12 digits
 * `PPP G YY RRRRRR` (Law on Identification 2023 art. 12 as summarised in DOMAIN.md §8.1 [S]), where G
 * encodes century and sex (0/1 = 20th century male/female, 2/3 = 21st, … 8/9 = 24th) and YY the last two
 * digits of the birth year. There is no check digit, so a well-formed number can only be contradicted by
 * known facts. Spaces are ignored.
 *
 * Errors: `personal_id.format` (not 12 digits), `personal_id.birth_year_mismatch`,
 * `personal_id.sex_mismatch` (against `known`), `personal_id.birth_year_future` (after the year of
 * `today`, a `YYYY-MM-DD` date the caller supplies; skipped when absent). Warnings:
 * `personal_id.unknown_place_code` (not one of the 63 province codes: may be a country code, so not an
 * error), `personal_id.known_birth_date_unreadable` (`known.birthDate` is not `YYYY-MM-DD`).
 */
export function checkPersonalId(input: string, known: PersonalIdKnown = {}, today?: string): PersonalIdCheck {
  const digits = input.replace(/\s+/g, '');
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  if (!/^\d{12}$/.test(digits)) {
    errors.push(
      issue(
        'personal_id.format',
        'Số định danh cá nhân phải gồm đúng 12 chữ số',
        'A personal identification number has exactly 12 digits',
      ),
    );
    return { valid: false, errors, warnings };
  }
  const placeCode = digits.slice(0, 3);
  const g = Number(digits[3]);
  const century = 20 + Math.floor(g / 2);
  const sex = g % 2 === 0 ? 'male' : 'female';
  const birthYear = (century - 1) * 100 + Number(digits.slice(4, 6));
  const placeName = PERSONAL_ID_PROVINCES[placeCode];
  if (placeName === undefined) {
    warnings.push(
      issue(
        'personal_id.unknown_place_code',
        `Mã nơi đăng ký khai sinh ${placeCode} không thuộc 63 tỉnh, thành phố (có thể là mã quốc gia)`,
        `Place code ${placeCode} is not one of the 63 provinces (it may be a country code)`,
      ),
    );
  }
  if (known.birthDate !== undefined) {
    const knownYear = yearOf(known.birthDate);
    if (knownYear === undefined) {
      warnings.push(
        issue(
          'personal_id.known_birth_date_unreadable',
          'Ngày sinh đã biết không đúng định dạng YYYY-MM-DD nên không đối chiếu được',
          'The known birth date is not YYYY-MM-DD, so it was not compared',
        ),
      );
    } else if (knownYear !== birthYear) {
      errors.push(
        issue(
          'personal_id.birth_year_mismatch',
          `Số định danh cho năm sinh ${birthYear}, không khớp với năm sinh ${knownYear}`,
          `The number encodes birth year ${birthYear}, not ${knownYear}`,
        ),
      );
    }
  }
  if (known.sex !== undefined && known.sex !== sex) {
    errors.push(
      issue(
        'personal_id.sex_mismatch',
        `Số định danh cho giới tính ${sex === 'male' ? 'nam' : 'nữ'}, không khớp với giới tính đã khai`,
        `The number encodes sex ${sex}, which differs from the declared sex`,
      ),
    );
  }
  const todayYear = yearOf(today);
  if (todayYear !== undefined && birthYear > todayYear) {
    errors.push(
      issue(
        'personal_id.birth_year_future',
        `Năm sinh ${birthYear} trong số định danh ở tương lai`,
        `The encoded birth year ${birthYear} is in the future`,
      ),
    );
  }
  const parsed: PersonalIdParts = { placeCode, ...(placeName ? { placeName } : {}), sex, century, birthYear };
  return { valid: errors.length === 0, errors, warnings, parsed };
}
