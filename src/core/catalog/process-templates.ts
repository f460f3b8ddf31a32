import { CAN_THO_SECTOR_BODIES, type SectorBodyTemplate } from '../units/sector-bodies.ts';
import { splitQuarterHours } from './default-process.ts';
import type { TimeLimit } from './procedure-draft.ts';
import type { ProcessRole, ProcessStep, StepAgencyRule, StepKind } from './process.ts';
import { limitInWorkingHours } from './process-validate.ts';

/**
 * Process templates for the common shapes (issue 15 item 5; docs/PROCESSES.md "Templates"): a starting
 * point an administrator edits in the process designer. Each takes the legal limit and splits the budgets
 * in quarter hours (as `defaultProcess` does) so that the critical path equals the limit exactly; steps
 * running in parallel get the same budget. Pure.
 */

export const PROCESS_TEMPLATE_KEYS = [
  'commune_one_step',
  'commune_appraisal',
  'city_department',
  'inter_agency_land_tax',
] as const;
export type ProcessTemplateKey = (typeof PROCESS_TEMPLATE_KEYS)[number];

export interface ProcessTemplate {
  readonly key: ProcessTemplateKey;
  readonly name_vi: string;
  readonly name_en: string;
  readonly process: ProcessStep[];
}

export interface ProcessTemplateOptions {
  /** The city whose sector bodies the inter-agency steps name (agency keys `<city>-<slug>`); default Cần Thơ, 92. */
  readonly cityCode?: string;
  readonly sectorBodies?: readonly SectorBodyTemplate[];
}

interface StepSpec {
  readonly key: string;
  readonly name_vi: string;
  readonly name_en: string;
  readonly role: ProcessRole;
  readonly kind: StepKind;
  readonly agency: StepAgencyRule;
  readonly produces?: string[];
}

/** A slot of the critical path: one step, or parallel steps that share its budget; `share` of the limit. */
interface Slot {
  readonly steps: readonly StepSpec[];
  readonly share: number;
}

const RECEIVING: StepAgencyRule = { kind: 'receiving' };
const COMPETENT: StepAgencyRule = { kind: 'competent' };
const RETURN_POINT: StepAgencyRule = { kind: 'return_point' };

const reception = (name_vi: string, name_en: string): StepSpec => ({
  key: 'reception',
  name_vi,
  name_en,
  role: 'reception',
  kind: 'reception',
  agency: RECEIVING,
});
const returnStep = (name_vi: string, name_en: string): StepSpec => ({
  key: 'return',
  name_vi,
  name_en,
  role: 'reception',
  kind: 'return',
  agency: RETURN_POINT,
});
const COMMUNE_RECEPTION = reception(
  'Tiếp nhận hồ sơ tại Trung tâm Phục vụ hành chính công cấp xã',
  'Reception at the commune centre',
);
const COMMUNE_DECISION: StepSpec = {
  key: 'approval',
  name_vi: 'Lãnh đạo Ủy ban nhân dân cấp xã phê duyệt',
  name_en: 'Approval by the commune People’s Committee leader',
  role: 'leader',
  kind: 'decision',
  agency: COMPETENT,
};
const RETURN = returnStep('Trả kết quả', 'Return of the result');

/** The agency key of a sector body with an open service area of `sector` (e.g. `92-thue-co-so`). */
function sectorBodyKey(sector: SectorBodyTemplate['sector'], options: ProcessTemplateOptions): string {
  const bodies = options.sectorBodies ?? CAN_THO_SECTOR_BODIES;
  const body = bodies.find((b) => b.sector === sector && b.scope === 'open');
  if (!body) throw new Error(`no area-office sector body for ${sector}`);
  return `${options.cityCode ?? '92'}-${body.slug}`;
}

function slots(
  key: ProcessTemplateKey,
  options: ProcessTemplateOptions,
): { slots: Slot[]; priority: number[] } {
  switch (key) {
    case 'commune_one_step':
      return {
        slots: [
          { steps: [COMMUNE_RECEPTION], share: 1 },
          { steps: [COMMUNE_DECISION], share: 8 },
          { steps: [RETURN], share: 1 },
        ],
        priority: [1, 0, 2],
      };
    case 'commune_appraisal':
      return {
        slots: [
          { steps: [COMMUNE_RECEPTION], share: 1 },
          {
            steps: [
              {
                key: 'appraisal',
                name_vi: 'Công chức chuyên môn thẩm định hồ sơ',
                name_en: 'Appraisal by a commune civil servant',
                role: 'specialist',
                kind: 'work',
                agency: COMPETENT,
              },
            ],
            share: 7,
          },
          { steps: [COMMUNE_DECISION], share: 1 },
          { steps: [RETURN], share: 1 },
        ],
        priority: [1, 0, 2, 3],
      };
    case 'city_department':
      return {
        slots: [
          {
            steps: [
              reception(
                'Tiếp nhận hồ sơ tại Trung tâm Phục vụ hành chính công',
                'Reception at the public service centre',
              ),
            ],
            share: 1,
          },
          {
            steps: [
              {
                key: 'appraisal',
                name_vi: 'Chuyên viên cơ quan chuyên môn thẩm định hồ sơ',
                name_en: 'Appraisal by a specialist of the department',
                role: 'specialist',
                kind: 'work',
                agency: COMPETENT,
              },
            ],
            share: 7,
          },
          {
            steps: [
              {
                key: 'approval',
                name_vi: 'Lãnh đạo cơ quan chuyên môn phê duyệt',
                name_en: 'Approval by the head of the department',
                role: 'leader',
                kind: 'decision',
                agency: COMPETENT,
              },
            ],
            share: 1,
          },
          { steps: [RETURN], share: 1 },
        ],
        priority: [1, 0, 2, 3],
      };
    case 'inter_agency_land_tax': {
      const land = sectorBodyKey('land_registration', options);
      const tax = sectorBodyKey('tax', options);
      return {
        slots: [
          { steps: [COMMUNE_RECEPTION], share: 1 },
          {
            steps: [
              {
                key: 'commune_check',
                name_vi: 'Công chức chuyên môn cấp xã kiểm tra hồ sơ, chuyển cơ quan liên quan',
                name_en: 'A commune civil servant checks the dossier and sends it to the bodies concerned',
                role: 'specialist',
                kind: 'work',
                agency: COMPETENT,
              },
            ],
            share: 2,
          },
          {
            steps: [
              {
                key: 'land_office',
                name_vi: 'Chi nhánh Văn phòng đăng ký đất đai xử lý, cung cấp thông tin địa chính',
                name_en: 'The land registration branch processes and provides the cadastral information',
                role: 'specialist',
                kind: 'work',
                agency: {
                  kind: 'rule',
                  rule: {
                    kind: 'named_agency',
                    agencyKey: land,
                    basis: 'template inter_agency_land_tax: Chi nhánh Văn phòng đăng ký đất đai',
                  },
                },
                produces: ['Phiếu chuyển thông tin để xác định nghĩa vụ tài chính về đất đai'],
              },
              {
                key: 'tax_office',
                name_vi: 'Thuế cơ sở xác định nghĩa vụ tài chính',
                name_en: 'The local tax office determines the financial obligations',
                role: 'specialist',
                kind: 'work',
                agency: {
                  kind: 'rule',
                  rule: {
                    kind: 'named_agency',
                    agencyKey: tax,
                    basis: 'template inter_agency_land_tax: Thuế cơ sở',
                  },
                },
                produces: ['Thông báo nộp tiền'],
              },
            ],
            share: 4,
          },
          {
            steps: [
              {
                ...COMMUNE_DECISION,
                key: 'decision',
                name_vi: 'Lãnh đạo Ủy ban nhân dân cấp xã quyết định',
                name_en: 'Decision by the commune People’s Committee leader',
              },
            ],
            share: 2,
          },
          {
            steps: [returnStep('Trả kết quả tại Bộ phận Một cửa', 'Return of the result at the counter')],
            share: 1,
          },
        ],
        priority: [2, 1, 3, 0, 4],
      };
    }
  }
}

const NAMES: Record<ProcessTemplateKey, [string, string]> = {
  commune_one_step: ['Cấp xã, một bước (lãnh đạo quyết định)', 'Commune, one step (the leader decides)'],
  commune_appraisal: ['Cấp xã, có thẩm định', 'Commune, with appraisal'],
  city_department: ['Cơ quan chuyên môn cấp thành phố', 'City department'],
  inter_agency_land_tax: [
    'Liên thông đất đai và thuế (Chi nhánh VPĐKĐĐ, Thuế cơ sở song song)',
    'Inter-agency with land and tax (land registration branch and tax office in parallel)',
  ],
};

/**
 * The process of template `key` for the legal limit `limit`: sequential slots, the parallel steps of a slot
 * all after the slot before and the next slot after all of them (a split and its join); budgets from
 * `splitQuarterHours`, so the critical path is the limit in quarter hours exactly.
 */
export function processTemplate(
  key: ProcessTemplateKey,
  limit: TimeLimit,
  options: ProcessTemplateOptions = {},
): ProcessStep[] {
  const spec = slots(key, options);
  const counts = splitQuarterHours(
    Math.round(limitInWorkingHours(limit) * 4),
    spec.slots.map((s) => s.share),
    spec.priority,
  );
  const out: ProcessStep[] = [];
  let previous: string[] = [];
  spec.slots.forEach((slot, i) => {
    for (const s of slot.steps) {
      out.push({
        key: s.key,
        name_vi: s.name_vi,
        name_en: s.name_en,
        role: s.role,
        kind: s.kind,
        agency: s.agency,
        after: previous,
        budgetWorkingHours: (counts[i] as number) / 4,
        ...(s.produces ? { produces: s.produces } : {}),
      });
    }
    previous = slot.steps.map((s) => s.key);
  });
  return out;
}

/** Every template for the legal limit, with its names. */
export function processTemplates(limit: TimeLimit, options: ProcessTemplateOptions = {}): ProcessTemplate[] {
  return PROCESS_TEMPLATE_KEYS.map((key) => ({
    key,
    name_vi: NAMES[key][0],
    name_en: NAMES[key][1],
    process: processTemplate(key, limit, options),
  }));
}
