import { z } from 'zod';

/**
 * Building blocks of the response schemas in src/contracts/ (README.md there says how to declare a route's
 * response). The zod serializer validates every answer against its route's schema before it is sent and
 * strips members the schema does not name: a schema is the answer's contract, not a comment.
 */

export { ProblemBody } from './problem.ts';

/** A UUID as the API shows it (not validated as a UUID on the way out: ids of the seed are fixed strings). */
export const Id = z.string().describe('UUID');

/** A point in time: a Date in the handler, an ISO 8601 string (UTC, `Z`) on the wire. */
export const Instant = z.date();

/** A point in time the handler already holds as an ISO 8601 string (JSON read from the database). */
export const InstantText = z.string().describe('ISO 8601 date-time');

/** A calendar date, `YYYY-MM-DD`. */
export const DateText = z.string().describe('YYYY-MM-DD');

/** A Vietnamese text with its English translation. */
export const Label = z.object({ vi: z.string(), en: z.string() });

/** A keyset page: `next` is the `after` of the following page, null on the last one. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next: z.string().nullable() });
}

/** Bytes on the wire (documented as a binary string; a handler sends a Buffer or, for a page, a string). */
const Bytes = z.string().meta({ format: 'binary' }) as unknown as z.ZodType<string | Uint8Array>;

/**
 * A file download's 200 (a PDF, a spreadsheet): the body is not JSON, so it is described by its media types
 * (the OpenAPI coverage test accepts it instead of a JSON schema). Fastify does not serialize a Buffer or a
 * stream, so nothing validates the bytes.
 */
export function fileResponse(mediaTypes: readonly string[], description: string) {
  return {
    description,
    content: Object.fromEntries(mediaTypes.map((t) => [t, { schema: Bytes }] as const)),
  };
}

/**
 * A compile-time check that a schema describes what a presenter returns: every value it presents is valid
 * (else a 500 at run time) and it presents no top-level member the schema does not name (which the
 * serializer would strip): `const ok: Describes<typeof RecordView, ReturnType<typeof presentRecord>> = true;`
 */
export type Describes<S extends z.ZodType, P> = [P] extends [z.output<S>]
  ? [Exclude<keyof P, keyof z.output<S>>] extends [never]
    ? true
    : false
  : false;
