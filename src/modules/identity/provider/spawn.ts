import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../cli.ts', import.meta.url));
const READY = /^Identity provider listening on (\S+)$/m;

/** A development identity provider running as a child process (`motcua idp`). */
export interface SpawnedIdentityProvider {
  readonly url: string;
  readonly cityIssuer: string;
  readonly vneidIssuer: string;
  readonly process: ChildProcess;
  close(): Promise<void>;
}

/**
 * Runs `motcua idp` as its own process and waits until it listens. `port` 0 takes a free port; with
 * `anyPortIfTaken` a taken port falls back to a free one (the embedded demo). The client secret goes
 * through the environment, never the command line.
 */
export function spawnIdentityProvider(opts: {
  port: number;
  anyPortIfTaken?: boolean;
  motcuaUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
}): Promise<SpawnedIdentityProvider> {
  const args = [CLI, 'idp', '--port', String(opts.port), '--motcua-url', opts.motcuaUrl];
  if (opts.anyPortIfTaken) args.push('--any-port');
  const child = spawn(process.execPath, args, {
    env: { ...process.env, MOTCUA_IDP_CLIENT_ID: opts.clientId, MOTCUA_IDP_CLIENT_SECRET: opts.clientSecret },
    // The IPC channel ties the provider's life to ours: it exits when we do, even killed (`motcua idp`).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`identity provider did not start in time: ${err.slice(-500)}`));
    }, opts.timeoutMs ?? 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
      if (process.env.MOTCUA_IDP_STDERR) process.stderr.write(d);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`identity provider exited (${code}): ${err.slice(-500)}`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(READY);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const url = m[1]!;
      resolve({
        url,
        cityIssuer: `${url}/city`,
        vneidIssuer: `${url}/vneid`,
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
