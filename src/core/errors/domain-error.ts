import { ERROR_CODES, type ErrorCode, type ErrorKind } from './error-codes.ts';

/** One problem with one input field, as shown in problem+json `errors[]`. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `query.workingDays` or `body.applicant.personalId`. */
  readonly path: string;
  readonly code: string;
  readonly message: string;
  readonly messageVi?: string;
}

/**
 * The only error type the domain throws. `code` names a row of {@link ERROR_CODES}; `params` carry the
 * values a client needs (never secrets); `issues` name the failing fields of invalid input.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly params: Readonly<Record<string, unknown>>;
  readonly issues: readonly FieldIssue[];

  constructor(
    code: ErrorCode,
    params: Record<string, unknown> = {},
    options: { cause?: unknown; issues?: readonly FieldIssue[] } = {},
  ) {
    super(ERROR_CODES[code].en, { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.params = params;
    this.issues = options.issues ?? [];
  }

  get kind(): ErrorKind {
    return ERROR_CODES[this.code].kind;
  }
}

/** True when `e` is a {@link DomainError}, optionally with the given code. */
export function isDomainError(e: unknown, code?: ErrorCode): e is DomainError {
  return e instanceof DomainError && (code === undefined || e.code === code);
}
