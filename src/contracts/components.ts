import { z } from 'zod';
import { ProblemBody } from './problem.ts';
import { CommandResponse, RecordEventView, RecordView } from './records.ts';

/**
 * Schemas OpenAPI names once, under `components.schemas`, and refers to with `$ref` wherever a route uses
 * them. A record alone is ~58 KB of JSON Schema: inlined in every command's answer and every problem
 * inlined in every error response, /openapi.json grew to 3 MB, which Swagger UI took tens of seconds to
 * render on a loaded machine.
 */
export const COMPONENTS = {
  Problem: ProblemBody,
  Record: RecordView,
  RecordEvent: RecordEventView,
  CommandResponse,
} as const;

/** Registers {@link COMPONENTS} under their names in zod's global registry (once; idempotent). */
export function registerComponents(): void {
  for (const [id, schema] of Object.entries(COMPONENTS)) {
    if (!z.globalRegistry.has(schema)) z.globalRegistry.add(schema, { id });
  }
}
