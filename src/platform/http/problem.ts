import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  DomainError,
  ERROR_CODES,
  type ErrorCode,
  type ErrorKind,
  type FieldIssue,
} from '../../core/errors/index.ts';
import { isDatabaseUnavailable } from '../db/index.ts';

/** Kind → HTTP status. Typed as a full Record so that a new kind without a status does not compile. */
export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export interface Problem {
  type: string;
  title: string;
  title_vi: string;
  title_en: string;
  status: number;
  detail?: string;
  instance: string;
  code: ErrorCode;
  params: Record<string, unknown>;
  traceId: string;
  errors?: { path: string; code: string; message: string; message_vi: string }[];
}

/** The problem+json schema lives with the contracts (pure, shared with the web app); re-exported here. */
export { ProblemBody } from '../../contracts/problem.ts';

export type Lang = 'vi' | 'en';

/** Vietnamese first: English only when the client prefers it. */
export function preferredLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'vi';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'vi';
}

const ZOD_VI: Record<string, string> = {
  invalid_type: 'Sai kiểu dữ liệu hoặc thiếu giá trị bắt buộc',
  too_small: 'Giá trị quá nhỏ hoặc quá ngắn',
  too_big: 'Giá trị quá lớn hoặc quá dài',
  invalid_format: 'Sai định dạng',
  invalid_value: 'Giá trị không được chấp nhận',
  not_multiple_of: 'Giá trị không đúng bội số',
  unrecognized_keys: 'Có trường không được hỗ trợ',
  invalid_union: 'Giá trị không hợp lệ',
  custom: 'Giá trị không hợp lệ',
};

function issueVi(issue: FieldIssue): string {
  return issue.messageVi ?? ZOD_VI[issue.code] ?? 'Giá trị không hợp lệ';
}

/** Builds the RFC 9457 body for a domain error. */
export function toProblem(err: DomainError, req: FastifyRequest, lang: Lang): Problem {
  const entry = ERROR_CODES[err.code];
  const problem: Problem = {
    type: `urn:motcua:error:${err.code}`,
    title: lang === 'en' ? entry.en : entry.vi,
    title_vi: entry.vi,
    title_en: entry.en,
    status: STATUS_BY_KIND[entry.kind],
    instance: req.originalUrl,
    code: err.code,
    params: { ...err.params },
    traceId: String(req.id),
  };
  if (err.issues.length > 0) {
    problem.errors = err.issues.map((i) => ({
      path: i.path,
      code: i.code,
      message: i.message,
      message_vi: issueVi(i),
    }));
    problem.detail = err.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  }
  return problem;
}

function validationIssues(err: unknown): FieldIssue[] {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const given = (err as { validationContext?: string }).validationContext ?? 'body';
    const context = given === 'querystring' ? 'query' : given;
    return err.validation.map((v) => {
      const params = v.params as { issue?: { code?: string; path?: PropertyKey[] } };
      const path = params.issue?.path?.map(String) ?? v.instancePath.split('/').filter(Boolean);
      return {
        path: [context, ...path].join('.'),
        code: params.issue?.code ?? v.keyword,
        message: v.message ?? 'Invalid value',
      };
    });
  }
  const e = err as { validation?: { instancePath?: string; message?: string; keyword?: string }[] };
  return (e.validation ?? []).map((v) => ({
    path: (v.instancePath ?? '').split('/').filter(Boolean).join('.') || 'body',
    code: v.keyword ?? 'invalid',
    message: v.message ?? 'Invalid value',
  }));
}

/** Turns anything thrown into a DomainError; unknown errors become a generic internal error. */
export function normalizeError(err: unknown): DomainError {
  if (err instanceof DomainError && !(err.code === 'system.internal' && isDatabaseUnavailable(err.cause)))
    return err;
  const e = err as { validation?: unknown; statusCode?: number; code?: string };
  if (isDatabaseUnavailable(err)) return new DomainError('system.database_unavailable', {}, { cause: err });
  if (e?.validation)
    return new DomainError('request.invalid', {}, { cause: err, issues: validationIssues(err) });
  if (e?.statusCode === 429) return new DomainError('request.rate_limited', {}, { cause: err });
  if (e?.statusCode === 413 || e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new DomainError('request.payload_too_large', {}, { cause: err });
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    // Malformed JSON, wrong content type and similar client mistakes.
    return new DomainError(
      'request.invalid',
      {},
      {
        cause: err,
        issues: [{ path: 'body', code: e.code ?? 'invalid', message: (err as Error).message }],
      },
    );
  }
  return new DomainError('system.internal', {}, { cause: err });
}

/** What a 503 answer's Retry-After says: a dropped connection is replaced on the next query. */
export const RETRY_AFTER_SECONDS = 2;

/** Sends `err` as problem+json; the stack and cause go to the log only. */
export function sendProblem(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const domain = normalizeError(err);
  const problem = toProblem(domain, req, preferredLang(req.headers['accept-language']));
  if (problem.status >= 500)
    req.log.error({ err: domain.cause ?? domain, code: domain.code }, 'request failed');
  else req.log.info({ code: domain.code, status: problem.status }, 'request rejected');
  // A client may retry a request that met an unreachable database in a few seconds.
  if (problem.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').send(problem);
}
