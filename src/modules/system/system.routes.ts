import { sql } from 'kysely';
import { Health } from '../../contracts/system.ts';
import { DomainError } from '../../core/errors/index.ts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http/index.ts';

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
