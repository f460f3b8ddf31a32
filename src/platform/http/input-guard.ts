import type { Socket } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { DomainError, ERROR_CODES, type FieldIssue } from '../../core/errors/index.ts';

/**
 * Input no route accepts, refused once for every route before schema validation: PostgreSQL stores no NUL
 * byte and no unpaired UTF-16 surrogate in text (22021, 22P05), and dates outside {@link DATE_YEARS} are
 * not dates of an administrative procedure (a year 9999 end of period overflows the calendar).
 */
export const DATE_YEARS = { min: 1800, max: 2199 } as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A calendar date or a date-time, as the API's schemas take them (`2026-03-02`, `2026-03-02T03:00:00Z`). */
const DATE_LIKE = /^([+-]?\d{4,6})-\d{2}-\d{2}(?:$|[T ])/;
/** Deeper than any request body the API defines; a deeper one is refused before anything walks it. */
export const MAX_DEPTH = 32;

const BAD_TEXT_VI = 'Chuỗi chứa ký tự không hợp lệ (ký tự NUL hoặc mã UTF-16 không ghép cặp)';
const FAR_DATE_VI = `Ngày nằm ngoài khoảng cho phép (năm ${DATE_YEARS.min}–${DATE_YEARS.max})`;
const TOO_DEEP_VI = 'Dữ liệu lồng nhau quá sâu';

function checkString(value: string, path: string, issues: FieldIssue[]): void {
  if (value.includes('\u0000') || LONE_SURROGATE.test(value)) {
    issues.push({
      path,
      code: 'invalid_characters',
      message: 'Text contains a character that is not allowed (NUL or an unpaired UTF-16 surrogate)',
      messageVi: BAD_TEXT_VI,
    });
    return;
  }
  const date = DATE_LIKE.exec(value);
  if (date) {
    const year = Number(date[1]);
    if (year < DATE_YEARS.min || year > DATE_YEARS.max) {
      issues.push({
        path,
        code: 'date_out_of_range',
        message: `Date outside the years ${DATE_YEARS.min}–${DATE_YEARS.max}`,
        messageVi: FAR_DATE_VI,
      });
    }
  }
}

function walk(value: unknown, path: string, depth: number, issues: FieldIssue[]): void {
  if (issues.length >= 20) return;
  if (typeof value === 'string') {
    checkString(value, path, issues);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth > MAX_DEPTH) {
    issues.push({
      path,
      code: 'too_deep',
      message: `Nested deeper than ${MAX_DEPTH} levels`,
      messageVi: TOO_DEEP_VI,
    });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      walk(v, `${path}.${i}`, depth + 1, issues);
    });
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    checkString(k, `${path}.${k}`, issues);
    walk(v, `${path}.${k}`, depth + 1, issues);
  }
}

/**
 * The fields of `req` (path parameters, query, JSON body) that hold text no route accepts, as field issues
 * naming each (`query.to`, `body.applicant.fullName`).
 */
export function hostileInputIssues(req: Pick<FastifyRequest, 'params' | 'query' | 'body'>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  walk(req.params, 'params', 0, issues);
  walk(req.query, 'query', 0, issues);
  // Multipart bodies are read by the handler (uploads check their own file name).
  if (!isMultipart(req.body)) walk(req.body, 'body', 0, issues);
  return issues;
}

function isMultipart(body: unknown): boolean {
  return typeof body === 'object' && body !== null && typeof (body as { file?: unknown }).file === 'function';
}

/** preValidation: refuses hostile text with 422 request.invalid naming the fields. */
export async function guardInput(req: FastifyRequest): Promise<void> {
  const issues = hostileInputIssues(req);
  if (issues.length > 0) throw new DomainError('request.invalid', {}, { issues });
}

/**
 * Errors the HTTP parser meets before Fastify has a request (headers too large, a malformed request line):
 * answered as problem+json with the parser's status, in Vietnamese and English, then the socket is closed.
 */
export function clientErrorAsProblem(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, field] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'headers']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'request']
        : [400, 'Bad Request', 'request'];
  const entry = ERROR_CODES['request.invalid'];
  const body = JSON.stringify({
    type: 'urn:motcua:error:request.invalid',
    title: entry.vi,
    title_vi: entry.vi,
    title_en: entry.en,
    status,
    detail: `${field}: ${reason}`,
    code: 'request.invalid',
    params: {},
    errors: [
      {
        path: field,
        code: err.code ?? 'malformed',
        message: reason,
        message_vi:
          status === 431 ? 'Phần đầu (header) của yêu cầu quá lớn' : 'Yêu cầu HTTP không đúng định dạng',
      },
    ],
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/problem+json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
