/**
 * Official slips as data (Circular 01/2018/TT-VPCP, Circular 03/2025/TT-VPCP; DOMAIN.md §3): which event
 * calls for which form, and what each form says. Pure: no I/O, no PDF.
 */
export { buildRegister, type RegisterRow } from './register.ts';
export { buildResultDocument } from './result-document.ts';
export {
  buildSlip,
  controlRows,
  coProcessingAgencies,
  placeAndDate,
  SLIP_FORMS,
  SLIP_TITLES,
  type SlipBlock,
  type SlipContent,
  type SlipForm,
  type SlipNames,
  slipFormOf,
  slipQr,
  TIMING_WORDS,
  timeLimitText,
  vnDate,
  vnDateTime,
} from './slip-content.ts';
