/**
 * Builds the web app (web/ → web/dist) when it is missing or older than its sources, so `npm start`
 * serves the current portal without a separate step. `node scripts/ensure-web.ts` (run by `prestart`).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const WEB = fileURLToPath(new URL('../web/', import.meta.url));

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** True when web/dist is missing or older than web/src, web/index.html or the Vite config. */
export function webIsStale(): boolean {
  const index = join(WEB, 'dist', 'index.html');
  if (!existsSync(index)) return true;
  const sources = Math.max(
    newest(join(WEB, 'src')),
    statSync(join(WEB, 'index.html')).mtimeMs,
    statSync(join(WEB, 'vite.config.ts')).mtimeMs,
  );
  return statSync(index).mtimeMs < sources;
}

/** Writes .gz and .br beside each script and style, which the server sends to browsers that accept them. */
function precompress(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!/\.(js|css)$/.test(name)) continue;
    const bytes = readFileSync(join(dir, name));
    writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
    writeFileSync(join(dir, `${name}.br`), brotliCompressSync(bytes));
  }
}

/** True when a script or style in the build has no compressed twin (e.g. after a bare `vite build`). */
function missingCompressed(dir: string): boolean {
  const names = new Set(readdirSync(dir));
  return [...names].some((n) => /\.(js|css)$/.test(n) && !(names.has(`${n}.br`) && names.has(`${n}.gz`)));
}

/**
 * Builds web/dist with Vite if it is stale, and compresses what a bare `vite build` left uncompressed;
 * returns whether it built.
 */
export async function ensureWebBuilt(log: (line: string) => void = () => {}): Promise<boolean> {
  if (!webIsStale()) {
    const assets = join(WEB, 'dist', 'assets');
    if (missingCompressed(assets)) precompress(assets);
    return false;
  }
  log('Building the web app (web/ → web/dist)…');
  const { build } = await import('vite');
  // A production build even when called from a test run (vitest sets NODE_ENV=test, which Vite honours).
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = previous;
  }
  precompress(join(WEB, 'dist', 'assets'));
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureWebBuilt((line) => process.stdout.write(`${line}\n`));
}
