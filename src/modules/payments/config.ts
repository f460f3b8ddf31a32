import { randomBytes } from 'node:crypto';
import { type Config, ConfigError } from '../../platform/config.ts';
import { IntegrationError } from '../integrations/http.ts';
import { type RunningFakePlatform, startFakePaymentPlatform } from './fake-platform.ts';
import { paygovAdapter } from './paygov.ts';
import type { PaymentPlatformPort } from './port.ts';

/** The payment section of the configuration (MOTCUA_PAYMENT_*; src/platform/config.ts). */
export interface PaymentSettings {
  readonly port: PaymentPlatformPort;
  /** The callbacks' shared secret (and the bearer token of Motcua's requests). */
  readonly secret: string;
  readonly expiryMinutes: number;
  readonly returnBase: string | undefined;
  readonly configured: boolean;
}

/** A platform that is not configured: every call is unavailable (the routes answer 503). */
const NOT_CONFIGURED: PaymentPlatformPort = {
  createPayment: () =>
    Promise.reject(new IntegrationError('payment', 'unavailable', 'MOTCUA_PAYMENT_URL is not set')),
  queryPayment: () =>
    Promise.reject(new IntegrationError('payment', 'unavailable', 'MOTCUA_PAYMENT_URL is not set')),
  statement: () =>
    Promise.reject(new IntegrationError('payment', 'unavailable', 'MOTCUA_PAYMENT_URL is not set')),
  transfers: () =>
    Promise.reject(new IntegrationError('payment', 'unavailable', 'MOTCUA_PAYMENT_URL is not set')),
};

/**
 * The platform this process talks to: MOTCUA_PAYMENT_URL with MOTCUA_PAYMENT_SECRET, or none (every call
 * unavailable; `serve` starts the fake platform and sets both for the embedded demo).
 * @throws ConfigError when MOTCUA_PAYMENT_URL is set without MOTCUA_PAYMENT_SECRET
 */
export function paymentSettings(config: Config): PaymentSettings {
  const common = {
    expiryMinutes: config.MOTCUA_PAYMENT_EXPIRY_MINUTES,
    returnBase: config.MOTCUA_PAYMENT_RETURN_URL ?? config.MOTCUA_PUBLIC_URL,
  };
  if (!config.MOTCUA_PAYMENT_URL) {
    return { ...common, port: NOT_CONFIGURED, secret: config.MOTCUA_PAYMENT_SECRET ?? '', configured: false };
  }
  if (!config.MOTCUA_PAYMENT_SECRET) {
    throw new ConfigError(['MOTCUA_PAYMENT_SECRET: required when MOTCUA_PAYMENT_URL is set']);
  }
  return {
    ...common,
    port: paygovAdapter({
      baseUrl: config.MOTCUA_PAYMENT_URL,
      secret: config.MOTCUA_PAYMENT_SECRET,
      timeoutMs: config.MOTCUA_PAYMENT_TIMEOUT_MS,
    }),
    secret: config.MOTCUA_PAYMENT_SECRET,
    configured: true,
  };
}

/**
 * The embedded demo's platform: without MOTCUA_PAYMENT_URL, a fake platform in-process with a secret made
 * now, calling back `callbackBase()`; returns the configuration entries that point Motcua at it.
 */
export async function startDemoPaymentPlatform(
  config: Config,
  callbackBase: () => string,
): Promise<{ env: Partial<Config>; fake?: RunningFakePlatform; close(): Promise<void> }> {
  if (config.MOTCUA_PAYMENT_URL) return { env: {}, close: async () => {} };
  const secret = config.MOTCUA_PAYMENT_SECRET ?? randomBytes(32).toString('hex');
  const fake = await startFakePaymentPlatform({
    secret,
    callbackUrl: () => `${callbackBase()}/api/payments/callbacks`,
  });
  return {
    env: { MOTCUA_PAYMENT_URL: fake.url, MOTCUA_PAYMENT_SECRET: secret },
    fake,
    close: () => fake.close(),
  };
}
