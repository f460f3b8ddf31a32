import { describe, expect, it } from 'vitest';
import { createDemoCa, identityFromP12, issueP12 } from '../../src/modules/signing/pki.ts';

describe('PKCS#12 identities', () => {
  it('reads a Vietnamese UTF-8 subject name as text (issue 13 #22)', async () => {
    const now = new Date('2026-03-02T03:00:00Z');
    const ca = createDemoCa(now);
    const p12 = issueP12(ca, 'Huỳnh Văn Sang', 'Ủy ban nhân dân phường Ninh Kiều', 'pw', now);
    const identity = await identityFromP12(p12, 'pw');
    expect(identity.name).toBe('Huỳnh Văn Sang');
  });
});
