/** Response contract of the system module. Only zod: the web app imports the types. */
import { z } from 'zod';

/** GET /api/health */
export const Health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  database: z.object({ kind: z.enum(['pglite', 'postgres']), ok: z.literal(true), latencyMs: z.number() }),
});
