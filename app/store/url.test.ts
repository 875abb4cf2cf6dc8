import { describe, expect, it } from 'vitest';
import { isExampleName, readUrlView, writeUrlView } from './url.ts';

describe('URL view', () => {
  it('names nothing on a bare address', () => {
    expect(readUrlView('')).toEqual({ topology: undefined, event: undefined, share: undefined });
  });

  it('reads the example, the event and a share payload', () => {
    expect(readUrlView('?topology=default&event=17')).toEqual({ topology: 'default', event: 17, share: undefined });
    expect(readUrlView('?event=3', '#share=N4Ig')).toEqual({ topology: undefined, event: 3, share: 'N4Ig' });
  });

  it('ignores an event that is not a whole number', () => {
    expect(readUrlView('?event=-3').event).toBeUndefined();
    expect(readUrlView('?event=1e9').event).toBeUndefined();
  });

  it('writes the view and keeps parameters it does not own', () => {
    expect(writeUrlView('?lesson=intro', { topology: 'default', event: 5 })).toBe('?lesson=intro&topology=default&event=5');
    expect(writeUrlView('?topology=default&event=5', { topology: 'default', event: undefined })).toBe('?topology=default');
    expect(writeUrlView('?topology=default&event=5', { topology: undefined, event: undefined })).toBe('');
  });

  it('accepts only file-name-like example names', () => {
    expect(isExampleName('default')).toBe(true);
    expect(isExampleName('../secrets')).toBe(false);
    expect(isExampleName('')).toBe(false);
  });
});
