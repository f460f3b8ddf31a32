import type { SessionPolicy } from '../../core/identity/session-policy.ts';
import type { Config } from '../../platform/config.ts';

/** The session policy of the configuration: MOTCUA_SESSION_IDLE_MINUTES, SESSION_TTL_HOURS and MOTCUA_SESSION_ROLE_LIMITS. */
export function sessionPolicyFrom(config: Config): SessionPolicy {
  return {
    default: { idleMinutes: config.MOTCUA_SESSION_IDLE_MINUTES, absoluteHours: config.SESSION_TTL_HOURS },
    roles: Object.fromEntries(
      config.MOTCUA_SESSION_ROLE_LIMITS.map((l) => [
        l.role,
        { idleMinutes: l.idleMinutes, absoluteHours: l.absoluteHours },
      ]),
    ),
  };
}
