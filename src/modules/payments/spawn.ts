import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../cli.ts', import.meta.url));
const READY = /^fake payment platform listening on (\S+)$/m;

/** The fake payment platform running as its own process (`motcua fake-payment`). */
export interface SpawnedFakePlatform {
  readonly url: string;
  readonly process: ChildProcess;
  close(): Promise<void>;
}

/**
 * Runs `motcua fake-payment` as its own process on a free port and waits until it listens; the secret goes
 * through the environment. It calls back `callbackUrl` (changeable later: POST /_fake/callback-url).
 */
export function spawnFakePaymentPlatform(o: {
  secret: string;
  callbackUrl: string;
  timeoutMs?: number;
}): Promise<SpawnedFakePlatform> {
  const child = spawn(process.execPath, [CLI, 'fake-payment', '--port', '0', '--callback', o.callbackUrl], {
    env: { ...process.env, MOTCUA_PAYMENT_SECRET: o.secret },
    // The IPC channel ties its life to ours: it exits when we do.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`fake payment platform did not start in time: ${err.slice(-500)}`));
    }, o.timeoutMs ?? 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fake payment platform exited (${code}): ${err.slice(-500)}`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(READY);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        url: m[1]!,
        process: child,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
