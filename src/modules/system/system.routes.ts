import { sql } from 'kysely';
import { z } from 'zod';
import { DomainError } from '../../core/errors/index.ts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http/index.ts';

const Health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  database: z.object({ kind: z.enum(['pglite', 'postgres']), ok: z.literal(true), latencyMs: z.number() }),
});

export function systemRoutes(app: App, deps: Deps, version: string): void {
  app.get(
    '/api/health',
    {
      config: { access: 'public', rateLimit: false },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database check (503 problem+json when the database does not answer)',
        response: { 200: Health },
      },
    },
    async () => {
      const started = performance.now();
      try {
        await sql`select 1`.execute(deps.database.db);
      } catch (cause) {
        throw new DomainError('system.database_unavailable', {}, { cause });
      }
      return {
        status: 'ok' as const,
        version,
        database: {
          kind: deps.database.kind,
          ok: true as const,
          latencyMs: Math.round((performance.now() - started) * 100) / 100,
        },
      };
    },
  );
}
