import { describe, expect, it } from 'vitest';
import { headerHelp } from './header-help.ts';

describe('headerHelp', () => {
  it('explains a header whatever its case, in one sentence', () => {
    for (const name of ['Set-Cookie', 'set-cookie', 'SET-COOKIE']) {
      const help = headerHelp(name);
      expect(help).toMatch(/^[A-Z].*[.)]$/);
      expect(help?.split('. ').length).toBe(1);
    }
  });

  it('covers every header the issue names', () => {
    const named = ['Host', 'User-Agent', 'Accept', 'Content-Type', 'Content-Length', 'Date', 'Server', 'Last-Modified', 'ETag', 'Location', 'Connection', 'Cache-Control', 'Cookie', 'Set-Cookie', 'Vary', 'If-None-Match', 'If-Modified-Since'];
    expect(named.filter((name) => headerHelp(name) === undefined)).toEqual([]);
  });

  it('has nothing to say about a header it does not know', () => {
    expect(headerHelp('X-Made-Up')).toBeUndefined();
  });
});
