import { z } from 'zod';
import { AuditTrail } from '../../contracts/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http/index.ts';
import { listAudit } from './audit.service.ts';

export function auditRoutes(app: App, deps: Deps): void {
  app.get(
    '/api/audit',
    {
      config: { access: { roles: ['admin', 'monitor'] } },
      schema: {
        tags: ['audit'],
        summary: 'The audit trail of one entity (who, role, on behalf of, request, action, change digest)',
        querystring: z.object({
          entityType: z.string().trim().min(1).max(40),
          entityId: z.string().trim().min(1).max(100),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: AuditTrail },
      },
    },
    async (req) => ({ items: await listAudit(deps.database.db, req.query) }),
  );
}
