import { randomBytes } from 'node:crypto';
import { type Config, ConfigError } from '../../../platform/config.ts';
import { startFakePost } from './fake-server.ts';
import type { PostPort } from './port.ts';
import { vnpostAdapter } from './vnpost.ts';

/** The Vietnam Post section of the configuration (MOTCUA_POST_*; src/platform/config.ts). */
export interface PostSettings {
  readonly url: string | undefined;
  /** The shared secret of the callbacks' HMAC (and the bearer token of Motcua's requests). */
  readonly secret: string;
  readonly timeoutMs: number;
}

let demoSecret: string | undefined;

/**
 * The callbacks' shared secret: MOTCUA_POST_SECRET, or (embedded demo, no MOTCUA_POST_URL) one made once per
 * process and shared with the in-process fake post. @throws ConfigError with a URL and no secret
 */
export function postSecret(config: Config): string {
  if (config.MOTCUA_POST_SECRET) return config.MOTCUA_POST_SECRET;
  if (config.MOTCUA_POST_URL)
    throw new ConfigError(['MOTCUA_POST_SECRET: required when MOTCUA_POST_URL is set']);
  demoSecret ??= randomBytes(32).toString('hex');
  return demoSecret;
}

/**
 * The post's port and secret for this process: the configured post (MOTCUA_POST_SECRET required), or
 * (embedded demo) a fake post started in-process with a secret made now, calling back `callbackBase()`.
 * @throws ConfigError when MOTCUA_POST_URL is set without MOTCUA_POST_SECRET
 */
export async function postPortFrom(
  config: Config,
  callbackBase: () => string,
): Promise<{ port: PostPort; settings: PostSettings; fakeUrl?: string; close(): Promise<void> }> {
  const timeoutMs = config.MOTCUA_POST_TIMEOUT_MS;
  if (config.MOTCUA_POST_URL) {
    const settings = { url: config.MOTCUA_POST_URL, secret: postSecret(config), timeoutMs };
    return {
      port: vnpostAdapter({ baseUrl: settings.url, secret: settings.secret, timeoutMs }),
      settings,
      close: async () => {},
    };
  }
  const secret = postSecret(config);
  const fake = await startFakePost({
    secret,
    callbackUrl: () => `${callbackBase()}/api/integrations/post/callbacks`,
    autoDeliverMs: 60_000,
  });
  return {
    port: vnpostAdapter({ baseUrl: fake.url, secret, timeoutMs }),
    settings: { url: undefined, secret, timeoutMs },
    fakeUrl: fake.url,
    close: () => fake.close(),
  };
}
