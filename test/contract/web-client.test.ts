import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Issue 16 item 7: the web app's client is checked against the server's response schemas. Its answer types
 * come from src/contracts (web/src/contracts.ts), so the web typecheck (`tsc -p web`, part of
 * `npm run typecheck`) fails when a field a page reads is renamed in a contract. Shown here on the real
 * program: the web app as it is typechecks; the same web app against a contract with one field renamed
 * does not, and the error is in the page that reads it.
 */

const root = resolve(import.meta.dirname, '../..');
const config = ts.getParsedCommandLineOfConfigFile(
  join(root, 'web/tsconfig.json'),
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => expect.fail(String(d.messageText)) },
)!;

/** The web program's errors, with `edit` applied to one source file's text (in memory). */
function webErrors(edit?: { file: string; from: string; to: string }, old?: ts.Program) {
  const host = ts.createCompilerHost(config.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, onError, fresh) => {
    if (edit && resolve(name) === join(root, edit.file)) {
      const text = readFileSync(name, 'utf8');
      expect(text).toContain(edit.from);
      return ts.createSourceFile(name, text.replace(edit.from, edit.to), language);
    }
    return read(name, language, onError, fresh);
  };
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    host,
    oldProgram: old,
  });
  const errors = ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) =>
        `${relative(root, d.file?.fileName ?? '?')}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    );
  return { program, errors };
}

describe('the web client against the contracts', () => {
  it('typechecks as it is, and fails where a page reads a field renamed in a contract', {
    timeout: 600_000,
  }, () => {
    const asIs = webErrors();
    expect(asIs.errors).toEqual([]);

    // The worklist row's `applicantName` (contracts/records.ts RecordSummary) renamed.
    const renamed = webErrors(
      {
        file: 'src/contracts/records.ts',
        from: '  applicantName: z.string(),',
        to: '  applicantFullName: z.string(),',
      },
      asIs.program,
    );
    expect(
      renamed.errors.some((e) => e.startsWith('web/src/pages/Worklist.tsx') && e.includes('applicantName')),
    ).toBe(true);
  });
});
