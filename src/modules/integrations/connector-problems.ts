import type { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../../core/errors/index.ts';
import { ProblemBody, STATUS_BY_KIND } from '../../platform/http/index.ts';

/** The problem+json responses of a connector route, by the status each code's kind maps to. */
export function connectorProblems(codes: readonly ErrorCode[]): Record<number, z.ZodType> {
  const byStatus = new Map<number, string[]>();
  for (const code of codes) {
    const status = STATUS_BY_KIND[ERROR_CODES[code].kind];
    byStatus.set(status, [...(byStatus.get(status) ?? []), `\`${code}\``]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [status, ProblemBody.describe(list.join(', '))]),
  );
}

/** Answered by every route of a signed-in official. */
export const OFFICIAL_PROBLEMS: ErrorCode[] = [
  'auth.unauthenticated',
  'auth.password_change_required',
  'system.database_unavailable',
];
