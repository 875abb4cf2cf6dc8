import { describe, expect, it } from 'vitest';
import { formatMs } from './format.ts';

describe('formatMs', () => {
  it('shows whole milliseconds without decimals and others to a tenth', () => {
    expect(formatMs(0)).toBe('t = 0 ms');
    expect(formatMs(63)).toBe('t = 63 ms');
    expect(formatMs(12.54)).toBe('t = 12.5 ms');
  });
});
