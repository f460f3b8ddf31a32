import { z } from 'zod';
import { RoleName } from './identity.ts';

/** Whether officials can sign in by single sign-on, and at which issuer. */
export const SsoStatus = z.object({ enabled: z.boolean(), issuer: z.string().nullable() });

/** After signing out: where to end the provider's session (RP-initiated logout), for an SSO session. */
export const SsoSignOut = z.object({ endSessionUrl: z.string().nullable() });

/** A claim rule: agency code (or prefix*) and position title → roles (docs/IDENTITY.md). */
export const RoleRule = z.object({
  id: z.uuid(),
  agencyCode: z.string().nullable(),
  position: z.string().nullable(),
  roles: z.array(RoleName),
  createdAt: z.date(),
});

export const RoleRuleList = z.object({ items: z.array(RoleRule) });
