import type { Config } from '../../../platform/config.ts';
import { startFakeCivilStatus } from './fake-server.ts';
import { hotichAdapter } from './hotich.ts';
import type { CivilStatusPort } from './port.ts';

/** The civil-status section of the configuration (MOTCUA_CIVIL_STATUS_*; src/platform/config.ts). */
export interface CivilStatusSettings {
  readonly url: string | undefined;
  readonly token: string | undefined;
  readonly timeoutMs: number;
  readonly pullMs: number;
  readonly reconcileMs: number;
}

export function civilStatusSettings(config: Config): CivilStatusSettings {
  return {
    url: config.MOTCUA_CIVIL_STATUS_URL,
    token: config.MOTCUA_CIVIL_STATUS_TOKEN,
    timeoutMs: config.MOTCUA_CIVIL_STATUS_TIMEOUT_MS,
    pullMs: config.MOTCUA_CIVIL_STATUS_PULL_SECONDS * 1000,
    reconcileMs: config.MOTCUA_CIVIL_STATUS_RECONCILE_HOURS * 3_600_000,
  };
}

/**
 * The civil-status port of this process: the configured system, or (embedded demo, no URL) a fake one
 * started in-process that registers each record a minute after it arrives.
 */
export async function civilStatusPortFrom(
  config: Config,
): Promise<{ port: CivilStatusPort; fakeUrl?: string; close(): Promise<void> }> {
  const s = civilStatusSettings(config);
  if (s.url)
    return {
      port: hotichAdapter({ baseUrl: s.url, token: s.token, timeoutMs: s.timeoutMs }),
      close: async () => {},
    };
  const fake = await startFakeCivilStatus({ autoRegisterMs: 60_000 });
  return {
    port: hotichAdapter({ baseUrl: fake.url, timeoutMs: s.timeoutMs }),
    fakeUrl: fake.url,
    close: () => fake.close(),
  };
}
