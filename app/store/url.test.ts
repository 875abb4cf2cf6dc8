import { describe, expect, it } from 'vitest';
import { isExampleName, readUrlView, writeUrlView } from './url.ts';

describe('URL view', () => {
  it('opens the default topology at the start when the address names nothing', () => {
    expect(readUrlView('')).toEqual({ topology: 'default', event: undefined });
  });

  it('reads the example and the event', () => {
    expect(readUrlView('?topology=default&event=17')).toEqual({ topology: 'default', event: 17 });
  });

  it('ignores an event that is not a whole number', () => {
    expect(readUrlView('?event=-3').event).toBeUndefined();
    expect(readUrlView('?event=1e9').event).toBeUndefined();
  });

  it('writes the view and keeps parameters it does not own', () => {
    expect(writeUrlView('?lesson=intro', { topology: 'default', event: 5 })).toBe('?lesson=intro&topology=default&event=5');
    expect(writeUrlView('?topology=default&event=5', { topology: 'default', event: undefined })).toBe('?topology=default');
  });

  it('accepts only file-name-like example names', () => {
    expect(isExampleName('default')).toBe(true);
    expect(isExampleName('../secrets')).toBe(false);
    expect(isExampleName('')).toBe(false);
  });
});
