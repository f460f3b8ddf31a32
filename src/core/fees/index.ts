/** Fees and charges (phí, lệ phí): structured lines, their derivation from the catalogue, the computation (docs/FEES.md). */
export * from './compute-fees.ts';
export * from './derive-fee-lines.ts';
export * from './fee-line.ts';
