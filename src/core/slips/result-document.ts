import type { RecordState } from '../records/index.ts';
import { placeAndDate, type SlipBlock, type SlipContent } from './slip-content.ts';

/**
 * A result document drawn from a template: the competent agency's header, the decision's number and
 * title, its paragraphs, and, as Decree 45/2020 art. 18 cl. 2 asks of anything printed from an electronic
 * result, the system that made it and the code to look it up and verify its signatures.
 */
export function buildResultDocument(input: {
  state: RecordState;
  province: string;
  competentAgencyName: string;
  title: string;
  number: string | null;
  paragraphs: readonly string[];
  verificationCode: string;
  verifyUrl: string;
  at: string;
}): SlipContent {
  const { state } = input;
  const who = state.applicant.personalId ?? state.applicant.taxCode ?? '';
  const blocks: SlipBlock[] = [
    ...input.paragraphs.map((text) => ({ kind: 'paragraph' as const, text })),
    { kind: 'paragraph', text: '' },
    { kind: 'field', label: 'Mã hồ sơ', value: state.code ?? '—' },
    { kind: 'field', label: 'Mã tra cứu kết quả', value: input.verificationCode },
    {
      kind: 'paragraph',
      text: `Văn bản điện tử được lập trên Hệ thống thông tin giải quyết thủ tục hành chính Motcua; kiểm tra chữ ký số tại ${input.verifyUrl}`,
    },
  ];
  return {
    form: 'result',
    pageSize: 'A4',
    issuer: [`UBND ${input.province}`.toUpperCase(), input.competentAgencyName.toUpperCase()],
    number: input.number,
    placeAndDate: placeAndDate(input.province.replace(/^thành phố\s+/i, ''), input.at),
    title: input.title.toUpperCase(),
    qr: state.code
      ? [state.code, state.procedureCode, who, input.title, input.verificationCode].join('|')
      : null,
    blocks,
    signatures: [{ title: 'THỦ TRƯỞNG CƠ QUAN', note: '(Ký số)' }],
    at: input.at,
  };
}
