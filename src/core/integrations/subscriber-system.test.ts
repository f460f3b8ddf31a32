import { describe, expect, it } from 'vitest';
import { systemOf } from './subscriber-system.ts';

describe('systemOf', () => {
  it('groups a subscriber under the system its name starts with', () => {
    expect(systemOf('portal')).toBe('portal');
    expect(systemOf('portal-status')).toBe('portal');
    expect(systemOf('post-tracking')).toBe('post');
    expect(systemOf('civil-status')).toBe('civil-status');
    expect(systemOf('civil-status-results')).toBe('civil-status');
  });
  it('puts reports, notifications and slips under Motcua itself', () => {
    for (const s of ['reports', 'notifications', 'slips']) expect(systemOf(s)).toBe('motcua');
  });
});
