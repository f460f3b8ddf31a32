import { z } from 'zod';

/**
 * A problem+json answer (RFC 9457) as route schemas declare it in the OpenAPI document. Every problem answer
 * is validated against it when sent (the zod serializer), so it cannot drift from `toProblem`
 * (src/platform/http/problem.ts, which builds it). Pure (zod only), like every contract: the web app may
 * import it.
 *
 * Loose on purpose: a problem type is an extension point of RFC 9457 (section 3.2), so members a code adds
 * (none today) pass through instead of being stripped; `params` are what each code is about, named per code
 * in docs/errors.md, of any JSON type.
 */
export const ProblemBody = z.looseObject({
  type: z.string().describe('urn:motcua:error:<code>'),
  title: z.string().describe('In the language the client prefers (Accept-Language; Vietnamese by default)'),
  title_vi: z.string(),
  title_en: z.string(),
  status: z.number().int(),
  detail: z.string().optional().describe('The field issues in one line, when there are any'),
  instance: z.string().describe('The request path'),
  code: z.string().describe('The error code: docs/errors.md lists every code'),
  params: z.record(z.string(), z.unknown()).describe('What the code is about (named per code)'),
  traceId: z.string().describe('The request id (the x-request-id header), to find the request in the log'),
  errors: z
    .array(z.object({ path: z.string(), code: z.string(), message: z.string(), message_vi: z.string() }))
    .optional()
    .describe('One entry per input field at fault: path like body.applicant.fullName'),
});
export type ProblemBody = z.output<typeof ProblemBody>;
