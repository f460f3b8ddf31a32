import type { CompetentAgencyRule, ProcedureLevel } from './procedure-draft.ts';

/** What {@link inferCompetentAgencyRule} looks at. */
export interface CompetenceFacts {
  readonly name: string;
  readonly field: string;
  readonly levels: readonly ProcedureLevel[];
  readonly competentAgencyText: string | null;
  readonly implementingAgencyText: string | null;
}

/**
 * Bodies organised vertically from the centre with offices in the locality (tax, customs, State Bank,
 * police, social insurance, treasury, civil judgment enforcement, courts, port authorities): Decree
 * 118/2025 art. 14 cl. 1 point c, DOMAIN.md §1.4.
 */
const VERTICAL_AGENCY =
  /^(?:Chi cục |Cục )?(?:Hải quan|Thuế|Ngân hàng Nhà nước|NHNN|Kho bạc|Bảo hiểm xã hội|Công an|Cảnh sát|Phòng cảnh sát|Phòng (?:quản lý )?[Xx]uất,? nhập cảnh|Cục quản lý xuất nhập cảnh|Thi hành án|Tòa án|Cảng vụ)/iu;
/** The commune police as the catalogue names it ("Công an cấp Xã"), DOMAIN.md §1.4. */
const COMMUNE_POLICE = /Công an (?:cấp )?xã(?!,? phường)/iu;
/**
 * Local offices of a vertical body whose service area is a group of communes; the record goes to the
 * one serving the commune named by `servedBy` (a tax office by the business or residence, a land
 * registration branch by the parcel, social insurance by the residence).
 */
const AREA_OFFICES: readonly {
  re: RegExp;
  department: string;
  servedBy?: 'landParcelUnitCode';
  tax?: boolean;
}[] = [
  { re: /Thuế cơ sở/iu, department: 'Thuế cơ sở', tax: true },
  { re: /Bảo hiểm xã hội (?:cấp huyện|cơ sở)/iu, department: 'Bảo hiểm xã hội cơ sở' },
  {
    re: /Chi nhánh Văn phòng đăng ký đất đai/iu,
    department: 'Chi nhánh Văn phòng đăng ký đất đai',
    servedBy: 'landParcelUnitCode',
  },
];
const LAND_WORDS = /đất|nhà ở|bất động sản|tài sản gắn liền/iu;
const EARLIER_CERTIFICATION =
  /giao dịch đã được chứng thực|sửa đổi, bổ sung, hủy bỏ giao dịch|sửa lỗi sai sót/iu;

function department(text: string): string {
  // Catalog entries copied from other provinces name them ("Sở Nông nghiệp và Môi trường Thành phố Hà
  // Nội", "Sở Tài chính TP.Đà Nẵng"); the rule keeps the body, which the city maps to its own department.
  return text
    .replace(/(Sở [^,]+?)\s*(?:-\s*)?(?:Thành phố|thành phố|TP\.\s*|tỉnh|Tỉnh)\s*\p{Lu}[^,]*/gu, '$1')
    .trim();
}

/**
 * Infers which body is competent for a dossier of this procedure, as a rule the router evaluates with
 * the applicant's data. The catalog has no such field, so this is a documented default an administrator
 * reviews (`basis` names the rule applied). In order:
 * 0. A commune-level procedure whose agency text names "Công an cấp Xã" (residence, ID card, vehicle
 *    registration…): the police of the applicant's commune of residence (`body: 'police'`); when the city
 *    level and the city police are named too, decided case by case between them.
 * 1. Chứng thực at commune level: the commune that certified the transaction for amending, correcting or
 *    copying it; the commune of the land or house for contracts on them; else any commune (Decree
 *    23/2015/NĐ-CP lets a copy or a signature be certified anywhere [U]).
 * 2. Đất đai / Tài chính đất đai at commune level: the commune where the land parcel lies.
 * 3. Hộ tịch, cư trú at commune level: the applicant's commune of residence (the published text of
 *    1.001193 Đăng ký khai sinh: "tại cơ quan đăng ký hộ tịch nơi cư trú"; the receiving commune forwards
 *    a dossier that belongs elsewhere).
 * 4. Hộ kinh doanh, tổ hợp tác, hợp tác xã at commune level: the commune of the business location.
 * 5. An area office of a vertical body ("Thuế cơ sở", "Bảo hiểm xã hội cấp huyện", "Chi nhánh Văn phòng
 *    đăng ký đất đai") named for a commune-level procedure (or named first): the office whose service area
 *    holds the business (tax on a business), the land parcel (land branch) or the residence (`servedBy`).
 *    Then an implementing (else competent) body that is a vertically organised agency: that agency.
 * 6. City level only: the city department named as implementing (else competent) body; unresolved when
 *    none is named.
 * 7. City and commune level: decided case by case (e.g. organisations at the city, households at the
 *    commune); the city body named is kept.
 * 8. Commune level only: the applicant's commune of residence.
 */
export function inferCompetentAgencyRule(f: CompetenceFacts): CompetentAgencyRule {
  const commune = f.levels.includes('commune');
  const city = f.levels.includes('city');
  const agency = f.implementingAgencyText ?? f.competentAgencyText;
  const field = f.field.toLowerCase();
  const texts = [f.implementingAgencyText, f.competentAgencyText].filter((t): t is string => t !== null);
  if (commune && texts.some((t) => COMMUNE_POLICE.test(t))) {
    // Cư trú, căn cước, xe…: "Công an cấp Xã" decides, before any field rule (Law on Residence 2020 art. 22).
    const cityPolice = texts.find((t) =>
      VERTICAL_AGENCY.test(t.replace(COMMUNE_POLICE, '').replace(/^[,\s]+/u, '')),
    );
    if (city && cityPolice) {
      return {
        kind: 'city_or_commune_by_case',
        body: 'police',
        department: department(cityPolice.replace(COMMUNE_POLICE, '').replace(/^[,\s]+|[,\s]+$/gu, '')),
        basis: 'agency:Công an cấp Xã+city police',
      };
    }
    return { kind: 'residence_commune', body: 'police', basis: 'agency:Công an cấp Xã' };
  }
  if (commune && field === 'chứng thực') {
    if (EARLIER_CERTIFICATION.test(f.name))
      return { kind: 'original_commune', basis: 'field:chứng thực+earlier' };
    return LAND_WORDS.test(f.name)
      ? { kind: 'land_parcel_commune', basis: 'field:chứng thực+land' }
      : { kind: 'any_commune', basis: 'field:chứng thực' };
  }
  if (commune && (field === 'đất đai' || field === 'tài chính đất đai')) {
    return { kind: 'land_parcel_commune', basis: `field:${field}` };
  }
  if (commune && (field === 'hộ tịch' || field.includes('cư trú'))) {
    return { kind: 'residence_commune', basis: `field:${field}` };
  }
  if (commune && /hộ kinh doanh|tổ hợp tác|hợp tác xã/u.test(field)) {
    return { kind: 'business_commune', basis: `field:${field}` };
  }
  const office = AREA_OFFICES.find((o) =>
    texts.some((t) => o.re.test(t) && (commune || t.search(o.re) === 0)),
  );
  if (office) {
    const servedBy =
      office.servedBy ??
      (office.tax && /kinh doanh|doanh nghiệp/iu.test(f.name) ? 'businessUnitCode' : 'residenceUnitCode');
    return { kind: 'vertical_agency', department: office.department, servedBy, basis: 'agency:area office' };
  }
  const vertical = [f.implementingAgencyText, f.competentAgencyText].find(
    (t): t is string => t !== null && VERTICAL_AGENCY.test(t),
  );
  if (vertical)
    return { kind: 'vertical_agency', department: department(vertical), basis: 'agency:vertical' };
  if (city && !commune) {
    return agency
      ? { kind: 'fixed_city_department', department: department(agency), basis: 'level:city' }
      : { kind: 'unresolved', basis: 'level:city, no agency named' };
  }
  if (city && commune) {
    return {
      kind: 'city_or_commune_by_case',
      ...(agency ? { department: department(agency) } : {}),
      basis: 'level:city+commune',
    };
  }
  if (commune) return { kind: 'residence_commune', basis: 'level:commune' };
  return { kind: 'unresolved', basis: 'no level' };
}
