import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `motcua simulate` refuses an unmarked database; `motcua mark-database demo|bench` marks it (the CLI itself). */

function motcua(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['src/cli.ts', ...args],
      { env: { ...process.env, MOTCUA_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('motcua mark-database and simulate', () => {
  it('simulate refuses an unmarked database; mark-database bench marks it; a wrong purpose is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-mark-'));
    const refused = await motcua(['simulate', '--records', '1'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('not marked as a demo or benchmark copy');
    const marked = await motcua(['mark-database', 'bench'], dir);
    expect(marked).toMatchObject({ code: 0, stdout: 'database marked bench\n' });
    const again = await motcua(['mark-database', 'demo'], dir);
    expect(again.stdout).toBe('database marked demo (was bench)\n');
    const wrong = await motcua(['mark-database', 'production'], dir);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('usage: motcua mark-database demo|bench');
  }, 300_000);
});
