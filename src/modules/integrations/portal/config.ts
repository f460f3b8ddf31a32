import type { Config } from '../../../platform/config.ts';

/** The national portal's settings (MOTCUA_PORTAL_* in src/platform/config.ts, docs/INTEGRATIONS.md). */
export interface PortalSettings {
  /** The portal's base URL; undefined: `npm start` runs the fake portal in-process on `fakePort`. */
  readonly url: string | undefined;
  readonly token: string | undefined;
  readonly timeoutMs: number;
  readonly pullIntervalMs: number;
  readonly pullBatch: number;
  readonly reconcileIntervalMs: number;
  readonly fakePort: number;
}

/** The portal section of the configuration. */
export function portalSettings(config: Config): PortalSettings {
  return {
    url: config.MOTCUA_PORTAL_URL,
    token: config.MOTCUA_PORTAL_TOKEN,
    timeoutMs: config.MOTCUA_PORTAL_TIMEOUT_MS,
    pullIntervalMs: config.MOTCUA_PORTAL_PULL_SECONDS * 1000,
    pullBatch: config.MOTCUA_PORTAL_PULL_BATCH,
    reconcileIntervalMs: config.MOTCUA_PORTAL_RECONCILE_HOURS * 3_600_000,
    fakePort: config.MOTCUA_PORTAL_FAKE_PORT,
  };
}
